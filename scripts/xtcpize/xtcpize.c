// SPDX-License-Identifier: GPL-2.0
/*
 * xtcpize: run an unmodified program on xtcp instead of the kernel's TCP.
 *
 *   xtcpize run [-d] [-p PROTO] [-i] CMD [ARGS...]
 *   xtcpize enable [-p PROTO] [-i] [--root DIR] UNIT
 *   xtcpize disable [--root DIR] UNIT
 *
 * run starts CMD with libxtcpize.so preloaded (LD_PRELOAD, after any
 * library already there), which turns its TCP sockets into xtcp sockets
 * (libxtcpize.c says how). The library is looked for next to this program
 * (the build tree), in ../lib/xtcpize/ from it, and in XTCPIZE_LIBDIR (the
 * path make install put it in). Before it starts CMD, run opens an xtcp
 * socket itself, so that a module neither loaded nor installed is an
 * error here rather than in the middle of CMD. -d says on stderr what the
 * library changes; -p PROTO is xtcp's protocol number (default: the
 * loaded module's protocol= parameter, else 253); -i, interop mode: the
 * sockets speak TCP on the wire (XTCP_INTEROP), so CMD talks to peers on
 * any TCP (XTCPIZE_INTEROP in its environment).
 *
 * enable writes a systemd drop-in, /etc/systemd/system/UNIT.d/xtcpize.conf,
 * that sets LD_PRELOAD for the unit's processes (and XTCPIZE_PROTO with
 * -p, XTCPIZE_INTEROP with -i), and disable removes it; both reload
 * systemd's configuration when systemd runs (then restart the unit).
 * --root DIR writes under DIR instead and reloads nothing. Sockets that
 * systemd itself opens and passes to the unit (socket activation) stay
 * the kernel's TCP: the library changes only the sockets the unit's
 * programs open.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <unistd.h>

#include "proto.h"

#ifndef XTCPIZE_LIBDIR
#define XTCPIZE_LIBDIR "/usr/local/lib/xtcpize"
#endif

#define LIBNAME		"libxtcpize.so"
#define UNIT_DIR	"/etc/systemd/system"
#define DROPIN		"xtcpize.conf"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define __noreturn	__attribute__((noreturn))
#define __printf(a, b)	__attribute__((format(printf, a, b)))

static const char usage[] =
	"usage: xtcpize run [-d] [-p PROTO] [-i] CMD [ARGS...]\n"
	"       xtcpize enable [-p PROTO] [-i] [--root DIR] UNIT\n"
	"       xtcpize disable [--root DIR] UNIT\n"
	"\n"
	"run      run CMD with its TCP sockets made xtcp sockets\n"
	"         -d  say on stderr what is changed\n"
	"         -p  xtcp's IP protocol number (default: the module's, 253)\n"
	"         -i  interop mode: speak TCP on the wire, to any TCP peer\n"
	"enable   make a systemd unit's TCP sockets xtcp sockets (a drop-in;\n"
	"         -p and -i as for run)\n"
	"disable  remove that drop-in\n";

static void __noreturn __printf(2, 3) die(int status, const char *fmt, ...)
{
	va_list ap;

	fputs("xtcpize: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}

static void __noreturn bad_usage(void)
{
	fputs(usage, stderr);
	exit(2);
}

/*
 * probe() - open and close an xtcp socket of protocol @p (0: the module's
 * or 253). The first one loads the module, perhaps with another protocol=
 * from modprobe.d: then that one. Returns the protocol, or exits.
 */
static int probe(int p)
{
	int given = p, fd, q, err;

	if (!p)
		p = param_proto();
	if (!p)
		p = 253;
	fd = socket(AF_INET, SOCK_STREAM, p);
	if (fd < 0 && errno == EPROTONOSUPPORT && !given) {
		q = param_proto();
		if (q && q != p) {
			p = q;
			fd = socket(AF_INET, SOCK_STREAM, p);
		}
	}
	if (fd < 0) {
		err = errno;
		die(1, "cannot open an xtcp socket, socket(AF_INET, SOCK_STREAM, %d): %s%s",
		    p, strerror(err), err != EPROTONOSUPPORT ? "" :
		    " (is the xtcp module installed, or loaded with that protocol=?)");
	}
	close(fd);
	return p;
}

/* find_lib() - the absolute path of libxtcpize.so, or exits. */
static char *find_lib(void)
{
	static const char *const rel[] = { "/" LIBNAME, "/../lib/xtcpize/" LIBNAME };
	char exe[PATH_MAX], try[PATH_MAX + 64], *dir, *lib;
	ssize_t n;
	size_t i;

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		dir = dirname(exe);
		for (i = 0; i < ARRAY_SIZE(rel); i++) {
			snprintf(try, sizeof(try), "%s%s", dir, rel[i]);
			lib = realpath(try, NULL);
			if (lib)
				return lib;
		}
	}
	lib = realpath(XTCPIZE_LIBDIR "/" LIBNAME, NULL);
	if (!lib)
		die(1, "cannot find %s next to xtcpize nor in %s", LIBNAME,
		    XTCPIZE_LIBDIR);
	return lib;
}

static int run(int argc, char **argv)
{
	int opt, p = 0, dbg = 0, interop = 0;
	char *lib, *pre, *env;

	while ((opt = getopt(argc, argv, "+dip:")) != -1) {
		switch (opt) {
		case 'd':
			dbg = 1;
			break;
		case 'i':
			interop = 1;
			break;
		case 'p':
			p = parse_proto(optarg);
			if (!p)
				die(2, "-p %s: not a protocol number (1-255)", optarg);
			break;
		default:
			bad_usage();
		}
	}
	if (optind >= argc)
		bad_usage();
	lib = find_lib();
	p = probe(p);

	pre = getenv("LD_PRELOAD");
	if (pre && *pre) {
		if (asprintf(&env, "%s:%s", pre, lib) < 0)
			die(1, "out of memory");
	} else {
		env = lib;
	}
	if (setenv("LD_PRELOAD", env, 1) ||
	    asprintf(&env, "%d", p) < 0 || setenv("XTCPIZE_PROTO", env, 1) ||
	    (dbg && setenv("XTCPIZE_DEBUG", "1", 1)) ||
	    (interop && setenv("XTCPIZE_INTEROP", "1", 1)))
		die(1, "cannot set the environment: %s", strerror(errno));
	execvp(argv[optind], argv + optind);
	die(127, "%s: %s", argv[optind], strerror(errno));
}

/* mkdir_one() - mkdir @path, which may exist. */
static void mkdir_one(const char *path)
{
	if (mkdir(path, 0755) && errno != EEXIST)
		die(1, "mkdir %s: %s", path, strerror(errno));
}

/* mkdirs() - mkdir -p @path. */
static void mkdirs(char *path)
{
	char *s = path;

	while ((s = strchr(s + 1, '/'))) {
		*s = '\0';
		mkdir_one(path);
		*s = '/';
	}
	mkdir_one(path);
}

static void daemon_reload(const char *root)
{
	int status;
	pid_t pid;

	if (root || access("/run/systemd/system", F_OK))
		return;
	pid = fork();
	if (pid == 0) {
		execlp("systemctl", "systemctl", "daemon-reload", (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		die(1, "systemctl daemon-reload failed: run it yourself");
}

static int unit_cmd(int argc, char **argv, int enable)
{
	static const struct option longopts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	char dir[PATH_MAX], conf[PATH_MAX + 16], *name, *root = NULL;
	int opt, p = 0, interop = 0;
	FILE *f;

	while ((opt = getopt_long(argc, argv, enable ? "+ip:" : "+",
				  longopts, NULL)) != -1) {
		switch (opt) {
		case 'p':
			p = parse_proto(optarg);
			if (!p)
				die(2, "-p %s: not a protocol number (1-255)", optarg);
			break;
		case 'i':
			interop = 1;
			break;
		case 'r':
			root = optarg;
			break;
		default:
			bad_usage();
		}
	}
	if (optind != argc - 1)
		bad_usage();
	name = argv[optind];
	if (!*name || strchr(name, '/'))
		die(2, "%s: not a unit name", name);
	snprintf(dir, sizeof(dir), "%s%s/%s%s.d", root ? root : "", UNIT_DIR,
		 name, strchr(name, '.') ? "" : ".service");
	snprintf(conf, sizeof(conf), "%s/" DROPIN, dir);

	if (enable) {
		mkdirs(dir);
		f = fopen(conf, "we");
		if (!f)
			die(1, "%s: %s", conf, strerror(errno));
		fprintf(f, "# Written by xtcpize enable: the unit's TCP sockets are xtcp sockets.\n"
			"# xtcpize disable removes this file.\n"
			"[Service]\nEnvironment=LD_PRELOAD=%s\n", find_lib());
		if (p)
			fprintf(f, "Environment=XTCPIZE_PROTO=%d\n", p);
		if (interop)
			fprintf(f, "Environment=XTCPIZE_INTEROP=1\n");
		if (fclose(f))
			die(1, "%s: %s", conf, strerror(errno));
	} else {
		if (unlink(conf) && errno != ENOENT)
			die(1, "%s: %s", conf, strerror(errno));
		rmdir(dir); /* only if nothing else is in it */
	}
	daemon_reload(root);
	printf("xtcpize: %s %s; restart the unit for it to take effect\n",
	       enable ? "wrote" : "removed", conf);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		bad_usage();
	if (!strcmp(argv[1], "run"))
		return run(argc - 1, argv + 1);
	if (!strcmp(argv[1], "enable"))
		return unit_cmd(argc - 1, argv + 1, 1);
	if (!strcmp(argv[1], "disable"))
		return unit_cmd(argc - 1, argv + 1, 0);
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		fputs(usage, stdout);
		return 0;
	}
	bad_usage();
}
