// SPDX-License-Identifier: GPL-2.0
/*
 * xpy: python3 for the VM tests' helpers, forked from a warm interpreter.
 *
 *   xpy [--scapy] SCRIPT ARGS...	as python3 SCRIPT ARGS...
 *   xpy [--scapy] - ARGS...		as python3 - ARGS... (program on stdin)
 *
 * Starting python3 in an emulated VM takes seconds; the fork server
 * xtcp_pyd.py, started once per run by scripts/vmtests/run.sh, has the
 * helpers' modules imported already. xpy sends it the request on the Unix
 * socket $XTCP_PYD: argv, environment, umask, nice value, signal mask and
 * ignored signals, and with SCM_RIGHTS every open file descriptor (with its
 * number), the working directory and the network and mount namespaces, so
 * that "ip netns exec NS xpy ..." runs there. A script whose source says
 * "scapy" (or --scapy) goes to the second server, $XTCP_PYD.scapy, which
 * has scapy imported too.
 *
 * The server answers with the pid of the worker running the script, then
 * its wait status. Meanwhile xpy passes SIGTERM, SIGINT, SIGHUP, SIGQUIT,
 * SIGUSR1, SIGUSR2 and SIGALRM on to the worker (those it does not ignore:
 * the worker ignores them too); if xpy dies, the server kills the worker's
 * process group. xpy exits with the worker's status, or dies of the
 * signal that killed it.
 *
 * With $XTCP_PYD unset or empty, the server unreachable, or any option but
 * --scapy, xpy runs python3 with the same arguments instead, and so it
 * does when the server declines (a script that is not a regular file).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define __noreturn	__attribute__((noreturn))

enum {
	REQ_MAGIC	= 0x79707831,	/* "1xpy" */
	MAX_FDS		= 250,		/* SCM_MAX_FD less cwd and namespaces */
	SCAN_MAX	= 1 << 20,	/* how much of a script is searched */
	MAX_SIG		= 64,
};

enum reply_kind {
	REPLY_PID,			/* value: the worker's pid */
	REPLY_STATUS,			/* value: its wait status */
	REPLY_FALLBACK,			/* run python3 yourself */
};

/**
 * struct xpy_req - the request's fixed part, as xtcp_pyd.py reads it
 * @magic: REQ_MAGIC
 * @size: octets after this header: @nfds int32 descriptor numbers, then
 *	@argc and @envc NUL-terminated strings
 * @argc: sys.argv's length (the script, or "-", and its arguments)
 * @envc: environment strings
 * @nfds: descriptors passed after the namespaces and cwd
 * @nice: the client's nice value
 * @umask: the client's umask
 * @pad: zero
 * @sigmask: blocked signals, bit N-1 for signal N
 * @sigign: ignored signals, likewise
 */
struct xpy_req {
	uint32_t magic;
	uint32_t size;
	uint32_t argc;
	uint32_t envc;
	uint32_t nfds;
	int32_t nice;
	uint32_t umask;
	uint32_t pad;
	uint64_t sigmask;
	uint64_t sigign;
};

/**
 * struct xpy_reply - one answer of the server
 * @kind: enum reply_kind
 * @value: what it says
 */
struct xpy_reply {
	int32_t kind;
	int32_t value;
};

static const int fwd_signals[] = {
	SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM,
};

/* The worker's pid; 0 before the server has told it, -1 once it is dead. */
static volatile sig_atomic_t worker;

/* Our descriptors as exec() left them: what python3 would inherit. */
static int fds[MAX_FDS];
static int nfds;

/**
 * python() - become python3 with our arguments (less xpy's own options)
 * @argv: the script (or "-") and its arguments
 */
static __noreturn void python(char **argv)
{
	argv[-1] = "python3";
	execvp("python3", argv - 1);
	fprintf(stderr, "xpy: python3: %s\n", strerror(errno));
	exit(127);
}

/* Pass a signal to the worker; before there is one, die of it. */
static void forward(int sig)
{
	int saved = errno;

	if (worker > 0) {
		kill(worker, sig);
	} else if (!worker) {
		signal(sig, SIG_DFL);
		raise(sig);
	}
	errno = saved;
}

/**
 * take_signals() - forward what fwd_signals lists, unless ignored
 * @ign: set to the ignored signals, as bits
 */
static void take_signals(uint64_t *ign)
{
	struct sigaction sa = { .sa_handler = forward, .sa_flags = SA_RESTART };
	unsigned int i;
	int sig;

	*ign = 0;
	for (sig = 1; sig <= MAX_SIG; sig++) {
		struct sigaction old;

		if (!sigaction(sig, NULL, &old) && old.sa_handler == SIG_IGN)
			*ign |= 1ULL << (sig - 1);
	}
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < ARRAY_SIZE(fwd_signals); i++) {
		sig = fwd_signals[i];
		if (!(*ign & 1ULL << (sig - 1)))
			sigaction(sig, &sa, NULL);
	}
}

static uint64_t blocked_signals(void)
{
	uint64_t bits = 0;
	sigset_t set;
	int sig;

	sigprocmask(SIG_SETMASK, NULL, &set);
	for (sig = 1; sig <= MAX_SIG; sig++)
		if (sigismember(&set, sig) == 1)
			bits |= 1ULL << (sig - 1);
	return bits;
}

/**
 * scan_fds() - note every descriptor open at start in fds[]
 *
 * Return: 0, or -1 if /proc is not there or there are too many.
 */
static int scan_fds(void)
{
	struct dirent *de;
	DIR *d;
	int fd;

	d = opendir("/proc/self/fd");
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		fd = atoi(de->d_name);
		if (fd == dirfd(d) || fcntl(fd, F_GETFD) != 0)
			continue;
		if (nfds == MAX_FDS) {
			closedir(d);
			return -1;
		}
		fds[nfds++] = fd;
	}
	closedir(d);
	return 0;
}

/* Does the script at path mention scapy? */
static int wants_scapy(const char *path)
{
	ssize_t n, len = 0;
	char *buf;
	int fd, hit;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	buf = malloc(SCAN_MAX);
	if (!buf) {
		close(fd);
		return 0;
	}
	while (len < SCAN_MAX && (n = read(fd, buf + len, SCAN_MAX - len)) > 0)
		len += n;
	hit = !!memmem(buf, len, "scapy", 5);
	free(buf);
	close(fd);
	return hit;
}

/**
 * server() - connect to the server's socket
 * @base: $XTCP_PYD
 * @scapy: to $XTCP_PYD.scapy instead
 *
 * Return: the connected socket, or -1.
 */
static int server(const char *base, int scapy)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int s, n;

	n = snprintf(sun.sun_path, sizeof(sun.sun_path), "%s%s", base,
		     scapy ? ".scapy" : "");
	if (n < 0 || (size_t)n >= sizeof(sun.sun_path))
		return -1;
	s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return -1;
	if (connect(s, (struct sockaddr *)&sun, sizeof(sun))) {
		close(s);
		return -1;
	}
	return s;
}

/* Append the NUL-terminated strings of v to buf at *off. */
static void put_strings(char *buf, size_t *off, char **v, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		size_t len = strlen(v[i]) + 1;

		memcpy(buf + *off, v[i], len);
		*off += len;
	}
}

/**
 * send_request() - send the request and the descriptors
 * @s: the connected socket
 * @argv: the script (or "-") and its arguments, NULL-terminated
 * @ign: the ignored signals
 *
 * Return: 0, or -1 (nothing has run yet).
 */
static int send_request(int s, char **argv, uint64_t ign)
{
	int passed[MAX_FDS + 3], argc = 0, envc = 0, i;
	char cbuf[CMSG_SPACE(sizeof(passed))];
	struct msghdr mh = { 0 };
	struct xpy_req *req;
	struct cmsghdr *cm;
	size_t size, off;
	struct iovec iov;
	ssize_t n;
	char *buf;
	mode_t um;

	passed[0] = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	passed[1] = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC);
	passed[2] = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (passed[0] < 0 || passed[1] < 0 || passed[2] < 0)
		return -1;
	memcpy(passed + 3, fds, nfds * sizeof(int));

	size = nfds * sizeof(int32_t);
	for (; argv[argc]; argc++)
		size += strlen(argv[argc]) + 1;
	for (; environ[envc]; envc++)
		size += strlen(environ[envc]) + 1;
	buf = calloc(1, sizeof(*req) + size);
	if (!buf)
		return -1;
	req = (struct xpy_req *)buf;
	req->magic = REQ_MAGIC;
	req->size = size;
	req->argc = argc;
	req->envc = envc;
	req->nfds = nfds;
	errno = 0;
	req->nice = getpriority(PRIO_PROCESS, 0);
	um = umask(0);
	umask(um);
	req->umask = um;
	req->sigmask = blocked_signals();
	req->sigign = ign;
	off = sizeof(*req);
	for (i = 0; i < nfds; i++, off += sizeof(int32_t))
		memcpy(buf + off, &fds[i], sizeof(int32_t));
	put_strings(buf, &off, argv, argc);
	put_strings(buf, &off, environ, envc);

	iov.iov_base = buf;
	iov.iov_len = off;
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = cbuf;
	mh.msg_controllen = CMSG_SPACE((nfds + 3) * sizeof(int));
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN((nfds + 3) * sizeof(int));
	memcpy(CMSG_DATA(cm), passed, (nfds + 3) * sizeof(int));

	n = sendmsg(s, &mh, MSG_NOSIGNAL);
	while (n >= 0 && (size_t)n < off) {
		ssize_t more = send(s, buf + n, off - n, MSG_NOSIGNAL);

		if (more < 0 && errno == EINTR)
			continue;
		n = more < 0 ? more : n + more;
	}
	free(buf);
	for (i = 0; i < 3; i++)
		close(passed[i]);
	return n < 0 ? -1 : 0;
}

/**
 * get_reply() - read one answer of the server
 * @s: the socket
 * @r: the answer
 *
 * Return: 0, or -1 if the server closed the connection first.
 */
static int get_reply(int s, struct xpy_reply *r)
{
	size_t got = 0;
	ssize_t n;

	while (got < sizeof(*r)) {
		n = read(s, (char *)r + got, sizeof(*r) - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		got += n;
	}
	return 0;
}

/* Exit as the worker did: with its status, or of its signal. */
static __noreturn void exit_as(int status)
{
	struct rlimit no_core = { 0, 0 };
	sigset_t set;
	int sig;

	if (WIFEXITED(status))
		exit(WEXITSTATUS(status));
	sig = WTERMSIG(status);
	setrlimit(RLIMIT_CORE, &no_core);	/* the worker dumped, if any */
	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
	exit(128 + sig);
}

int main(int argc, char **argv)
{
	const char *path = getenv("XTCP_PYD");
	struct xpy_reply r;
	int scapy = 0, s;
	uint64_t ign;

	argv++;
	argc--;
	if (argc && !strcmp(argv[0], "--scapy")) {
		scapy = 1;
		argv++;
		argc--;
	}
	if (!argc || (argv[0][0] == '-' && argv[0][1]) || !path || !*path)
		python(argv);
	if (scan_fds())
		python(argv);
	take_signals(&ign);
	if (!scapy && strcmp(argv[0], "-"))
		scapy = wants_scapy(argv[0]);
	s = server(path, scapy);
	if (s < 0 || send_request(s, argv, ign) || get_reply(s, &r) ||
	    r.kind != REPLY_PID) {
		if (s >= 0)
			close(s);
		python(argv);
	}
	worker = r.value;
	if (get_reply(s, &r) || r.kind != REPLY_STATUS) {
		fprintf(stderr, "xpy: lost the server; the status of worker %d is unknown\n",
			(int)worker);
		exit(125);
	}
	worker = -1;
	exit_as(r.value);
}
