#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""xtcp_pyd.py SOCKET - a fork server for the VM tests' Python helpers.
xtcp_pyd.py --prepare FILE - compile them on the host, for it.

Starting python3 in an emulated VM costs 1.5 to 3 s, and importing what
the helpers import as much again (scapy: 15 to 27 s); a test starts it
up to a dozen times. This server imports all of it once, at the start of
a run (scripts/vmtests/run.sh), and the client, xpy (xpy.c), has it fork
a worker that runs

    xpy SCRIPT ARGS...     as   python3 SCRIPT ARGS...
    xpy - ARGS...          as   python3 - ARGS...   (the program on stdin)

The server listens on the Unix socket SOCKET (a path, not an abstract
name, so that a client in any network namespace reaches it), and a second
server process on SOCKET.scapy, which imports scapy as well: forked from
the first once the common modules are in, it imports scapy in the
background while the first serves. Both sockets exist (bound, listening)
before SOCKET appears, so a client of either never waits for more than
the imports a script needs. What is imported: every module a helper in
this directory imports at its top level (modules of scapy go to the
second server; helpers that others import, as xtcp_poll, imported from
here as python3 would find them, once per run), and the helpers
themselves compiled, cached by path, size and modification time. What
--prepare wrote on the host ($XTCP_HELPERS/pyd-code: each helper's
imports and code, by size and modification time; the helpers' Makefile
makes it) saves parsing and compiling them in the guest, where that was
most of the start: a helper changed since is compiled here as before.

One request per connection: the client sends its argv, environment,
umask, nice value, signal mask and ignored signals, and with SCM_RIGHTS
its open file descriptors (their numbers with them), its working
directory and its network and mount namespaces. The server forks a
monitor, which reads the request and forks the worker; the worker puts
itself in those namespaces and that directory, takes the descriptors at
their numbers (closing every other), takes the environment and the
signal state (SIGPIPE and SIGXFSZ ignored and SIGINT raising
KeyboardInterrupt as python3 sets them, every other signal ignored if it
was in the client, default if not), makes sys.stdin, sys.stdout and
sys.stderr as python3 makes them and runs the code as __main__. It ends
as python3 does (SystemExit, a traceback and status 1, KeyboardInterrupt
as a SIGINT death; non-daemon threads joined, atexit, streams flushed)
and then _exit()s. The monitor sends the worker's pid, then its wait
status, to the client. If the client goes away first (killed, even by
SIGKILL), the monitor kills the worker's process group.

Replies are two int32 (kind, value): PID then STATUS, or FALLBACK alone
when the server will not run it (the script is not a regular file,
say): the client then runs python3 itself.
"""
import ast
import builtins
import ctypes
import fcntl
import gc
import importlib.machinery
import io
import marshal
import os
import py_compile
import select
import signal
import socket
import stat
import struct
import sys
import time
import traceback
import types

REQ_MAGIC = 0x79707831         # "1xpy"
REQ_HDR = struct.Struct("=IIIIIiIIQQ")
REQ_MAX = 1 << 20               # argv and environment
MAX_FDS = 253                   # SCM_MAX_FD
REPLY = struct.Struct("=ii")
REPLY_PID, REPLY_STATUS, REPLY_FALLBACK = 0, 1, 2
CLONE_NEWNS = 0x00020000
CLONE_NEWNET = 0x40000000
SCAPY = "scapy"

LIBC = ctypes.CDLL(None, use_errno=True)
# as run.sh and the tests name it (the cache is by the path a client gives)
HERE = os.path.dirname(os.path.abspath(__file__))
# how python3 made our own streams: the workers' are made alike
STDIO_CODEC = {
    fd: (getattr(f, "encoding", None) or "utf-8",
         getattr(f, "errors", None) or "strict")
    for fd, f in ((0, sys.stdin), (1, sys.stdout), (2, sys.stderr))
}
STDIO_CODEC[2] = (STDIO_CODEC[2][0], "backslashreplace")

# path -> (stat key, code object) of the scripts compiled ahead
CODE = {}
# how many of them prepare() had compiled on the host
PREPARED = 0


def log(msg):
    print(f"xtcp_pyd[{os.getpid()}]: {msg}", file=sys.stderr, flush=True)


# --- start-up ---------------------------------------------------------

def tree_imports(tree):
    """The absolute modules a parse tree's top level imports."""
    names = []
    for node in tree.body:
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.append(node.module)
    return names


def helper_imports(imports):
    """The absolute modules the helpers' top levels import (imports: a
    list of them by path): (common, scapy, own) lists, own the helpers
    here that others import."""
    local = {os.path.basename(p)[:-3] for p in imports}
    common, slow, own = set(), set(), set()
    for names in imports.values():
        for name in names:
            top = name.split(".")[0]
            if top in local:
                own.add(name)
                continue
            (slow if top == SCAPY else common).add(name)
    return sorted(common), sorted(slow), sorted(own)


def import_all(names):
    for name in names:
        try:
            __import__(name)
        except Exception as e:          # the worker will fail as python3 would
            log(f"cannot import {name}: {e!r}")


def stat_key(st):
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def helper_paths():
    return [os.path.join(HERE, name) for name in sorted(os.listdir(HERE))
            if name.endswith(".py") and name != os.path.basename(__file__)]


def compile_helper(path, src):
    """(imports, code) of a helper's source; raises SyntaxError."""
    tree = ast.parse(src, path)
    return tree_imports(tree), compile(tree, path, "exec", dont_inherit=True)


def prepare(out):
    """On the host (--prepare FILE): every helper's imports and code,
    compiled as load_helpers() would, into FILE (marshal; written whole
    or not at all), keyed by size and modification time, and each into
    __pycache__ for its imports as a module. Parsing and
    compiling them cost an emulated guest most of the server's start
    (on the host, 0.3 s of 0.45)."""
    entries = {}
    for path in helper_paths():
        with open(path, "rb") as f:
            st = os.fstat(f.fileno())
            src = f.read()
        entries[path] = (st.st_size, st.st_mtime_ns) + compile_helper(path, src)
        # and as a module (xtcp_poll, xtcp_api...): __pycache__, as
        # python3 would write it, but the guest sees the tree read-only
        py_compile.compile(path)
    tmp = f"{out}.{os.getpid()}"
    with open(tmp, "wb") as f:
        marshal.dump((sys.version, entries), f)
    os.rename(tmp, out)


def load_prepared():
    """What prepare() wrote to $XTCP_HELPERS/pyd-code, if this Python
    wrote it: {path: (size, mtime_ns, imports, code)}."""
    path = os.path.join(os.environ.get("XTCP_HELPERS", ""), "pyd-code")
    try:
        with open(path, "rb") as f:
            version, entries = marshal.load(f)
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return entries if version == sys.version else {}


def load_helpers():
    """Compile every helper here but this one (or take what prepare()
    compiled, if the source is unchanged); returns their imports by path
    and fills CODE."""
    global PREPARED
    prepared = load_prepared()
    imports = {}
    for path in helper_paths():
        try:
            with open(path, "rb") as f:
                st = os.fstat(f.fileno())
                got = prepared.get(path)
                if got and got[:2] == (st.st_size, st.st_mtime_ns):
                    names, code = got[2:]
                    PREPARED += 1
                else:
                    names, code = compile_helper(path, f.read())
            imports[path] = names
            CODE[path] = (stat_key(st), code)
        except (OSError, SyntaxError, ValueError) as e:
            log(f"cannot compile {path}: {e!r}")
    return imports


def listener(path):
    """A socket listening on path, which appears only once it listens."""
    tmp = f"{path}.{os.getpid()}"
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    for p in (tmp, path):
        try:
            os.unlink(p)
        except FileNotFoundError:
            pass
    s.bind(tmp)
    os.chmod(tmp, 0o600)
    s.listen(128)
    os.rename(tmp, path)
    return s


def serve(lst):
    """Accept requests on lst forever, a monitor process for each."""
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)      # no zombies
    while True:
        try:
            conn, _ = lst.accept()
        except OSError as e:
            log(f"accept: {e!r}")
            time.sleep(0.1)
            continue
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            pid = os.fork()
        except OSError as e:
            log(f"fork: {e!r}")
            conn.close()
            continue
        if pid == 0:
            rc = 0
            try:
                monitor(conn, lst)
            except BaseException:
                traceback.print_exc()
                rc = 1
            finally:
                sys.stderr.flush()
                os._exit(rc)
        conn.close()


SO_TIMESTAMPNS = 35


def hold_timestamps():
    """Keep the kernel's receive timestamps on while the server lives.

    Tests that capture (xtcp_play.py) turn SO_TIMESTAMPNS on and off, and
    the kernel patches its code each time the first turns it on or the
    last off (netstamp_needed_key). Under the emulator that patching
    once crashed a guest (6.12, 2026-12-04: "Oops: int3" in
    netif_rx_internal, a CPU running the breakpoint the patch had put
    there after it was gone). With one socket holding it from the start,
    it is patched once, before any test."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
    return s


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--prepare":
        prepare(sys.argv[2])
        return
    if len(sys.argv) != 2:
        sys.exit(__doc__.split("\n")[0])
    path = sys.argv[1]
    tstamp_holder = hold_timestamps()   # noqa: F841 (held, not used)
    try:
        os.setsid()
    except OSError:
        pass
    os.chdir("/")
    default_signals()
    t0 = time.monotonic()
    common, slow, own = helper_imports(load_helpers())
    import_all(common)
    # python3 SCRIPT finds them in the script's directory, this one
    sys.path.insert(0, HERE)
    import_all(own)
    del sys.path[0]
    slow_lst = listener(path + "." + SCAPY)
    lst = listener(path)
    log(f"serving {path} ({len(CODE)} scripts, {PREPARED} compiled on the "
        f"host, {len(common) + len(own)} modules in "
        f"{time.monotonic() - t0:.1f} s)")
    sys.stdout.flush()
    sys.stderr.flush()
    if os.fork() == 0:
        lst.close()
        t0 = time.monotonic()
        nice = os.getpriority(os.PRIO_PROCESS, 0)
        os.setpriority(os.PRIO_PROCESS, 0, nice + 10)   # behind the tests
        import_all(slow)
        os.setpriority(os.PRIO_PROCESS, 0, nice)
        gc.collect()
        gc.freeze()
        log(f"serving {path}.{SCAPY} ({len(slow)} more modules in "
            f"{time.monotonic() - t0:.1f} s)")
        serve(slow_lst)
    slow_lst.close()
    gc.collect()
    gc.freeze()         # the workers' collections skip what is imported
    serve(lst)


# --- a request: the monitor -------------------------------------------

class Request:
    """What the client sent: argv, env (bytes), fds {number: our fd},
    netns, mntns, cwd (our fds), nice, umask, sigmask, sigign (sets)."""


def sigset(bits):
    return {n for n in range(1, 65) if bits >> (n - 1) & 1}


def recv_request(conn):
    conn.settimeout(30)
    data, anc, flags, _ = conn.recvmsg(
        65536, socket.CMSG_SPACE((MAX_FDS + 3) * 4))
    fds = []
    for level, kind, cdata in anc:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            n = len(cdata) // 4
            fds += struct.unpack(f"={n}i", cdata[:n * 4])
    if flags & socket.MSG_CTRUNC:
        raise ValueError("descriptors cut off")
    if len(data) < REQ_HDR.size:
        data += recv_exact(conn, REQ_HDR.size - len(data))
    (magic, size, argc, envc, nfds, nice, umask, _,
     mask, ign) = REQ_HDR.unpack_from(data)
    if magic != REQ_MAGIC or size > REQ_MAX or len(fds) != nfds + 3:
        raise ValueError(f"bad request (magic {magic:#x}, {len(fds)} fds)")
    body = data[REQ_HDR.size:]
    body += recv_exact(conn, size - len(body))
    conn.settimeout(None)
    req = Request()
    req.netns, req.mntns, req.cwd = fds[:3]
    nums = struct.unpack_from(f"={nfds}i", body)
    req.fds = dict(zip(nums, fds[3:]))
    strs = body[nfds * 4:].split(b"\0")[:argc + envc]
    req.argv = [os.fsdecode(a) for a in strs[:argc]]
    req.env = [e.partition(b"=")[::2] for e in strs[argc:]]
    req.nice, req.umask = nice, umask
    req.sigmask, req.sigign = sigset(mask), sigset(ign)
    if not req.argv:
        raise ValueError("no script")
    return req


def recv_exact(conn, n):
    buf = b""
    while len(buf) < n:
        d = conn.recv(n - len(buf))
        if not d:
            raise EOFError("request cut short")
        buf += d
    return buf


def enter_ns(fd, kind, name):
    """setns() to the namespace fd unless we are in it already."""
    a, b = os.fstat(fd), os.stat(f"/proc/self/ns/{name}")
    if (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino):
        return
    if LIBC.setns(fd, kind) != 0:
        e = ctypes.get_errno()
        raise OSError(e, f"setns {name}: {os.strerror(e)}")


def monitor(conn, lst):
    """Serve the request on conn: start the worker, tell the client its
    pid and then its wait status; kill it if the client goes first."""
    lst.close()
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_BLOCK, signal.valid_signals())
    req = recv_request(conn)
    try:
        enter_ns(req.netns, CLONE_NEWNET, "net")
        enter_ns(req.mntns, CLONE_NEWNS, "mnt")
        os.fchdir(req.cwd)
        script = None
        if req.argv[0] != "-":
            script = os.path.abspath(req.argv[0])
            if not stat.S_ISREG(os.stat(script).st_mode):
                raise OSError(f"{script} is not a regular file")
    except OSError as e:
        log(f"{req.argv[0]}: {e}; the client runs python3")
        conn.sendall(REPLY.pack(REPLY_FALLBACK, 0))
        return
    pid = os.fork()
    if pid == 0:
        worker(req, script, conn)       # never returns
    try:
        os.setpgid(pid, pid)
    except OSError:
        pass                            # it did it itself, or it is gone
    try:
        conn.sendall(REPLY.pack(REPLY_PID, pid))
        for fd in [req.netns, req.mntns, req.cwd] + list(req.fds.values()):
            os.close(fd)
        pidfd = os.pidfd_open(pid)
        while True:
            r, _, _ = select.select([conn, pidfd], [], [])
            if pidfd in r:
                break
            if not conn.recv(64):
                raise EOFError("client gone")
    except (OSError, EOFError):
        kill_worker(pid)
        os.waitpid(pid, 0)
        return
    _, status = os.waitpid(pid, 0)
    try:
        conn.sendall(REPLY.pack(REPLY_STATUS, status))
    except OSError:
        pass


def kill_worker(pid):
    for kill in (os.killpg, os.kill):
        try:
            kill(pid, signal.SIGKILL)
        except OSError:
            pass


# --- the worker -------------------------------------------------------

def take_fds(fds, conn):
    """Make the client's descriptors ours at their numbers; close every
    other descriptor we have (the monitor's socket too)."""
    conn.detach()               # a closed socket object closes nothing
    top = max(list(fds) + list(fds.values()) + [2]) + 1
    moved = {num: fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, top)
             for num, fd in fds.items()}
    keep = set(moved.values())
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        if fd not in keep:
            try:
                os.close(fd)
            except OSError:
                pass
    for num, fd in moved.items():
        os.dup2(fd, num, inheritable=True)
        os.close(fd)


def default_signals():
    """Every disposition at its default but SIGPIPE's and SIGXFSZ's
    (ignored, as python3 has them), whatever we inherited: the state a
    worker starts from (the serving loops ignore SIGCHLD, monitors not)."""
    for sig in signal.valid_signals():
        if sig in (signal.SIGKILL, signal.SIGSTOP):
            continue
        try:
            signal.signal(sig, signal.SIG_DFL)
        except (OSError, ValueError):
            pass
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def take_signals(req):
    """The signal dispositions a fresh python3 in the client would have:
    those ignored there ignored, SIGPIPE and SIGXFSZ ignored, SIGINT
    raising KeyboardInterrupt unless ignored, the rest default (as
    default_signals() left them)."""
    for sig in req.sigign:
        if sig not in (signal.SIGKILL, signal.SIGSTOP):
            try:
                signal.signal(sig, signal.SIG_IGN)
            except (OSError, ValueError):
                pass
    if signal.SIGINT not in req.sigign:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def std_stream(fd, buffered):
    """sys.stdin (fd 0), sys.stdout or sys.stderr as python3 makes it:
    None if fd is closed."""
    try:
        os.fstat(fd)
    except OSError:
        return None
    write = fd != 0
    buf = io.open(fd, "wb" if write else "rb",
                  -1 if buffered or not write else 0, closefd=False)
    raw = buf.raw if hasattr(buf, "raw") else buf
    raw.name = ("<stdin>", "<stdout>", "<stderr>")[fd]
    enc, errors = STDIO_CODEC[fd]
    text = io.TextIOWrapper(
        buf, enc, errors, "\n",
        line_buffering=buffered and (raw.isatty() or fd == 2),
        write_through=not buffered)
    text.mode = "w" if write else "r"
    return text


def take_process(req, script):
    """Environment, umask, nice, sys.argv, sys.path and the streams."""
    new = dict(req.env)
    new.pop(b"", None)
    if os.path.basename(new.get(b"_", b"")) == b"xpy":
        new[b"_"] = os.fsencode(sys.executable)     # as bash sets it
    if (not new.get(b"LC_ALL") and new.get(b"PYTHONCOERCECLOCALE") != b"0"
            and (new.get(b"LC_CTYPE") or new.get(b"LANG") or b"C")
            in (b"C", b"POSIX")):
        new[b"LC_CTYPE"] = b"C.UTF-8"   # PEP 538, as python3 does
    os.environb.clear()
    os.environb.update(new)
    time.tzset()
    os.umask(req.umask)
    try:
        os.setpriority(os.PRIO_PROCESS, 0, req.nice)
    except OSError:
        pass
    sys.argv = list(req.argv)
    sys.orig_argv = ["python3"] + req.argv
    sys.path[0] = os.path.dirname(os.path.realpath(script)) if script else ""
    buffered = not os.environ.get("PYTHONUNBUFFERED")
    sys.stdin, sys.stdout, sys.stderr = (std_stream(fd, buffered)
                                         for fd in (0, 1, 2))
    sys.__stdin__, sys.__stdout__, sys.__stderr__ = (
        sys.stdin, sys.stdout, sys.stderr)


def load_code(script):
    """The code of script (cached if unchanged), or of the program on
    stdin (script None). Raises SyntaxError or OSError as python3 would
    fail."""
    if script is None:
        src = sys.stdin.buffer.read() if sys.stdin else b""
        return compile(src, "<stdin>", "exec", dont_inherit=True)
    with open(script, "rb") as f:
        key = stat_key(os.fstat(f.fileno()))
        cached = CODE.get(script)
        if cached and cached[0] == key:
            return cached[1]
        src = f.read()
    return compile(src, script, "exec", dont_inherit=True)


def main_module(script):
    m = types.ModuleType("__main__")
    m.__dict__.update(__builtins__=builtins, __cached__=None,
                      __annotations__={})
    if script is None:
        m.__file__ = "<stdin>"
        m.__loader__ = importlib.machinery.BuiltinImporter
    else:
        m.__file__ = script
        m.__loader__ = importlib.machinery.SourceFileLoader("__main__",
                                                            script)
    sys.modules["__main__"] = m
    return m


def write_stderr(text):
    try:
        if sys.stderr is not None:
            sys.stderr.write(text)
        else:
            os.write(2, text.encode(errors="backslashreplace"))
    except (OSError, ValueError):
        pass


def exit_code(e):
    """The status python3 exits with for SystemExit e."""
    code = e.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xff if -(1 << 63) <= code < 1 << 63 else 255
    write_stderr(f"{code}\n")
    return 1


def report(exc, skip):
    """Print exc as python3 does with an uncaught exception (the traceback
    without our skip frames); returns the exit status."""
    tb = exc.__traceback__
    for _ in range(skip):
        tb = tb.tb_next if tb else None
    if isinstance(exc, SystemExit):
        return exit_code(exc)
    exc = exc.with_traceback(tb)
    sys.last_type, sys.last_value, sys.last_traceback = type(exc), exc, tb
    try:
        sys.excepthook(type(exc), exc, tb)
    except BaseException as e:
        write_stderr(f"Error in sys.excepthook:\n{e!r}\n")
    return 1


def flush_io():
    """python3 flushes the streams once __main__ is done, before it prints
    what ended it; errors are not reported then."""
    for f in (sys.stderr, sys.stdout):
        try:
            if f is not None:
                f.flush()
        except Exception:
            pass


def flush_std():
    ok = True
    for f in (sys.stdout, sys.stderr):
        if f is None or getattr(f, "closed", True):
            continue
        try:
            f.flush()
        except Exception:
            if f is sys.stdout:
                sys.unraisablehook(sys.UnraisableHookArgs(
                    *sys.exc_info(), None, f))
            ok = False
    return ok


def flush_files():
    """Flush the files the program left open, which python3 closes as it
    drops the modules' globals (the workers' objects only: the server's
    are frozen out of gc's sight)."""
    objs = gc.get_objects()
    for kind in (io.TextIOWrapper, (io.BufferedWriter, io.BufferedRandom)):
        for o in objs:
            if isinstance(o, kind):
                try:
                    if not o.closed:
                        o.flush()
                except Exception:
                    pass


def finish(status, interrupted):
    """What python3 does after __main__: join the non-daemon threads, run
    the atexit functions, flush the streams and the files left open; exits
    with status, or by SIGINT if a KeyboardInterrupt ended __main__."""
    import atexit
    import threading
    try:
        threading._shutdown()
    except BaseException:           # python3 reports it and goes on
        sys.unraisablehook(sys.UnraisableHookArgs(
            *sys.exc_info(), None, threading))
    atexit._run_exitfuncs()
    if not flush_std():
        status = 120
    flush_files()
    if interrupted:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
        status = 130
    os._exit(status)


def worker(req, script, conn):
    """Become python3 SCRIPT ARGS (or python3 - ARGS) for the client."""
    try:
        os.setpgid(0, 0)
        take_signals(req)
        take_fds(req.fds, conn)
        take_process(req, script)
        main = main_module(script)
    except BaseException:
        os.write(2, f"xtcp_pyd: worker set-up failed:\n"
                    f"{traceback.format_exc()}".encode())
        os._exit(1)
    status, interrupted = 0, False
    signal.pthread_sigmask(signal.SIG_SETMASK, req.sigmask)
    try:
        try:
            code = load_code(script)
        except OSError as e:
            write_stderr(f"python3: can't open file {script!r}: "
                         f"[Errno {e.errno}] {e.strerror}\n")
            finish(2, False)
        except SyntaxError as e:
            flush_io()
            status = report(e.with_traceback(None), 0)
        else:
            try:
                exec(code, main.__dict__)
                flush_io()
            except BaseException as e:
                interrupted = isinstance(e, KeyboardInterrupt)
                flush_io()
                status = report(e, 1)
    except BaseException as e:          # KeyboardInterrupt in between
        interrupted = isinstance(e, KeyboardInterrupt)
        status = report(e, 0)
    finish(status, interrupted)


if __name__ == "__main__":
    main()
