// SPDX-License-Identifier: GPL-2.0
/*
 * libxtcpize.so: make an unmodified program's TCP sockets xtcp sockets.
 *
 * xtcpize(1) preloads it (LD_PRELOAD). It wraps three calls of the C
 * library:
 *
 *   socket()      socket(AF_INET or AF_INET6, SOCK_STREAM, 0 or
 *                 IPPROTO_TCP) opens an xtcp socket of that family instead
 *                 (protocol 253, or the module's protocol= parameter),
 *                 in interop mode if asked (either family).
 *   getsockopt()  SO_PROTOCOL of an xtcp stream socket answers IPPROTO_TCP:
 *                 the program asked for TCP, and code that checks it, or
 *                 hands it on to getaddrinfo() (Python's
 *                 socket(fileno=FD) reads it), keeps working.
 *   getaddrinfo() glibc refuses hints of (SOCK_STREAM, 253) with
 *                 EAI_SOCKTYPE, even for a numeric address, and programs
 *                 resolve with their socket's protocol (Python asyncio's
 *                 sock_connect()). Such hints resolve as TCP; the results
 *                 carry the xtcp protocol, as asked.
 *
 * Programs that make system calls without the C library (Go, static
 * binaries) are not affected. The environment: XTCPIZE_PROTO (the
 * protocol number; else /sys/module/xtcp/parameters/protocol, else 253),
 * XTCPIZE_DEBUG (non-empty: say on stderr what is changed),
 * XTCPIZE_INTEROP (non-empty: the sockets are interop sockets, which speak
 * TCP on the wire: XTCP_INTEROP at xtcp's level).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "proto.h"

#define XTCP_DEFAULT_PROTO	253

#define EXPORT __attribute__((visibility("default")))
#define __printf(a, b) __attribute__((format(printf, a, b)))

typedef int (*socket_fn)(int, int, int);
typedef int (*getsockopt_fn)(int, int, int, void *, socklen_t *);
typedef int (*getaddrinfo_fn)(const char *, const char *,
			      const struct addrinfo *, struct addrinfo **);

/*
 * The protocol number once known (0: not yet), and whether it is only the
 * default, guessed while the module was not loaded: then a socket() that
 * the module refuses looks at its parameter again (the first xtcp socket
 * loads it, with the protocol modprobe.d may give it).
 */
static int xtcp_proto;
static int proto_guessed;

static void *next_sym(const char *name)
{
	void *fn = dlsym(RTLD_NEXT, name);

	if (!fn) {
		fprintf(stderr, "xtcpize: no %s() after libxtcpize.so\n", name);
		abort();
	}
	return fn;
}

/* say() - with XTCPIZE_DEBUG set, a line on stderr; errno is kept. */
static void __printf(1, 2) say(const char *fmt, ...)
{
	const char *d = getenv("XTCPIZE_DEBUG");
	int err = errno;
	va_list ap;

	if (!d || !*d)
		return;
	fputs("xtcpize: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	errno = err;
}

/* proto() - xtcp's protocol number: XTCPIZE_PROTO, the module's, or 253. */
static int proto(void)
{
	int p = __atomic_load_n(&xtcp_proto, __ATOMIC_RELAXED);

	if (p)
		return p;
	p = parse_proto(getenv("XTCPIZE_PROTO"));
	if (!p)
		p = param_proto();
	if (!p) {
		p = XTCP_DEFAULT_PROTO;
		__atomic_store_n(&proto_guessed, 1, __ATOMIC_RELAXED);
	}
	__atomic_store_n(&xtcp_proto, p, __ATOMIC_RELAXED);
	return p;
}

/* interop_mode() - is XTCPIZE_INTEROP set? */
static int interop_mode(void)
{
	const char *e = getenv("XTCPIZE_INTEROP");

	return e && *e;
}

/*
 * interop() - with XTCPIZE_INTEROP set, make xtcp socket @fd (protocol @p)
 * speak TCP on the wire. A module without interop mode refuses the option
 * (ENOPROTOOPT): then @fd stays native, and says so.
 */
static void interop(int fd, int p)
{
	int one = 1, saved = errno;

	if (!interop_mode())
		return;
	if (setsockopt(fd, p, XTCP_INTEROP, &one, sizeof(one)))
		say("setsockopt(%d, XTCP_INTEROP): %s", fd, strerror(errno));
	errno = saved;
}

static int is_tcp(int type, int protocol)
{
	type &= ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
	return type == SOCK_STREAM && (protocol == 0 || protocol == IPPROTO_TCP);
}

EXPORT int socket(int family, int type, int protocol)
{
	static socket_fn next;
	int fd, p, q;

	if (!next)
		next = (socket_fn)next_sym(__func__);
	if ((family != AF_INET && family != AF_INET6) ||
	    !is_tcp(type, protocol))
		return next(family, type, protocol);
	p = proto();
	fd = next(family, type, p);
	if (fd < 0 && errno == EPROTONOSUPPORT &&
	    __atomic_exchange_n(&proto_guessed, 0, __ATOMIC_RELAXED)) {
		/* Loaded just now, perhaps with another protocol=. */
		q = param_proto();
		if (q && q != p) {
			p = q;
			__atomic_store_n(&xtcp_proto, p, __ATOMIC_RELAXED);
			fd = next(family, type, p);
		}
	}
	if (fd >= 0)
		interop(fd, p);
	say("%s(%s, %d, %d) -> protocol %d: fd %d%s%s", __func__,
	    family == AF_INET ? "AF_INET" : "AF_INET6", type, protocol,
	    p, fd, fd < 0 ? ", " : "", fd < 0 ? strerror(errno) : "");
	return fd;
}

EXPORT int getsockopt(int fd, int level, int optname, void *optval,
		      socklen_t *optlen)
{
	static getsockopt_fn next;
	socklen_t len = sizeof(int);
	int ret, type;

	if (!next)
		next = (getsockopt_fn)next_sym(__func__);
	ret = next(fd, level, optname, optval, optlen);
	if (ret || level != SOL_SOCKET || optname != SO_PROTOCOL ||
	    !optval || !optlen || *optlen < sizeof(int) ||
	    *(int *)optval != proto())
		return ret;
	/* A raw socket of protocol 253 keeps its answer. */
	if (next(fd, SOL_SOCKET, SO_TYPE, &type, &len) == 0 &&
	    type == SOCK_STREAM)
		*(int *)optval = IPPROTO_TCP;
	return 0;
}

/* Set each result's protocol to xtcp's. */
static void mark_xtcp(struct addrinfo *res, int p)
{
	for (; res; res = res->ai_next)
		if (res->ai_socktype == SOCK_STREAM &&
		    res->ai_protocol == IPPROTO_TCP)
			res->ai_protocol = p;
}

EXPORT int getaddrinfo(const char *node, const char *service,
		       const struct addrinfo *hints, struct addrinfo **res)
{
	static getaddrinfo_fn next;
	struct addrinfo tcp;
	int ret;

	if (!next)
		next = (getaddrinfo_fn)next_sym(__func__);
	if (!hints || hints->ai_protocol != proto() ||
	    (hints->ai_socktype != 0 && hints->ai_socktype != SOCK_STREAM))
		return next(node, service, hints, res);
	tcp = *hints;
	tcp.ai_socktype = SOCK_STREAM;
	tcp.ai_protocol = IPPROTO_TCP;
	ret = next(node, service, &tcp, res);
	if (ret == 0)
		mark_xtcp(*res, hints->ai_protocol);
	say("%s(%s, %s, protocol %d) as TCP: %s", __func__,
	    node ? node : "NULL", service ? service : "NULL",
	    hints->ai_protocol, ret ? gai_strerror(ret) : "ok");
	return ret;
}
