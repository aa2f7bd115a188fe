// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp_bench: the client and server of make bench, the same program for
 * xtcp and for the kernel's TCP: only PROTO differs.
 *
 *   xtcp_bench server -p PROTO [-i] -l ADDR:PORT
 *   xtcp_bench client -p PROTO [-i] -c ADDR:PORT -m stream|rr|crr
 *                     [-t SECONDS] [-w SECONDS]
 *   xtcp_bench scale -p PROTO -l ADDR:PORT -m est|tw -n N [-s SRCADDR]
 *                    [-t SECONDS] [-w SECONDS]
 *
 * Both open socket(FAMILY, SOCK_STREAM, PROTO): 253 for xtcp, 6 for TCP;
 * FAMILY is ADDR's: AF_INET, or AF_INET6 for [IPV6ADDR]:PORT (not for
 * scale, which is IPv4's).
 * -i makes the xtcp sockets interop sockets (XTCP_INTEROP at xtcp's level:
 * TCP on the wire), to measure xtcp against a peer on the kernel's TCP.
 *
 * The server listens on ADDR:PORT (SO_REUSEADDR), then prints its pid and
 * goes to the background, so that when it returns it is listening. It
 * serves one connection at a time until it is killed. The first octet a
 * client sends says what it wants:
 *
 *   'S'  followed by a duration in milliseconds (4 octets, big endian): the
 *        server counts the octets it reads for that long from the header's
 *        arrival, answers the count and the time it took in nanoseconds
 *        (8 octets each, big endian), and reads on to the end.
 *   'R'  echo: every octet read, this one included, is sent back.
 *
 * The client measures for -t SECONDS (default 5; fractions allowed) and
 * prints one line: the figure, its unit, and what it was computed from.
 *
 *   stream  one connection; sends as fast as it can until the server's
 *           count arrives, then aborts the connection (RST). Megabytes
 *           (10^6 octets) per second read by the server's application.
 *   rr      one connection (its setup is not timed); a 1-octet request,
 *           a 1-octet answer, again. Transactions per second.
 *   crr     connect, 1-octet request and answer, close; again.
 *           Connections per second.
 *
 * scale holds both ends of N connections on loopback in one process (the
 * listener at ADDR:PORT, and PORT + 1 for tw; clients bound to SRCADDR,
 * 127.0.0.2 by default, and the addresses after it, 50,000 ports each)
 * and prints a line "KEY VALUE UNIT (what)" per figure:
 *
 *   est     open (conn/s opening connections 1 .. N - 1: connect() and
 *           accept()), memory (B/conn: slab objects in use, after a
 *           1-octet exchange on each, minus before, over N - 1; both
 *           ends), alone (rr trans/s of connection 0 alone: the mean of
 *           before the others were opened and after they were closed),
 *           one (the same with the N - 1 others idle), all (rr over all
 *           N in turn), two (the same from two processes, one per CPU,
 *           if there are two). Every connection is closed with a reset.
 *   tw      none (connect+close rate before, conn/s: an ephemeral port,
 *           the client closes first), made (N connections opened and
 *           closed the same way, from explicit ports, by up to two
 *           processes), memory (B/entry: slab objects in use after minus
 *           before, over the TIME-WAIT entries counted after minus
 *           before: /proc/net/sockstat for TCP, /proc/net/xtcp for
 *           xtcp), entries, with (the connect+close rate again, beside
 *           them).
 *
 * Any error ends either program with status 1 and one line on stderr; so
 * does the client's time limit, -w SECONDS (default: -t plus 10 s; an
 * hour for scale).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <endian.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum {
	HEADER_LEN	= 5,		/* 'S' and the duration */
	REPORT_LEN	= 16,		/* octet count and nanoseconds */
	STREAM_CHUNK	= 128 * 1024,	/* one send() of the stream */
	READ_CHUNK	= 256 * 1024,	/* one read() of the stream */
	BACKLOG		= 128,
	POLL_MS		= 100,		/* how often a waiting server looks at the clock */
	DRAIN_S		= 60,		/* how long it reads on after its count */
	XTCP_INTEROP	= 1000,		/* module/xtcp.h: speak TCP on the wire */
};

static union {
	struct sockaddr		sa;
	struct sockaddr_in	v4;
	struct sockaddr_in6	v6;
} addr;				/* -l or -c */
static socklen_t addr_len;
static const char *addr_arg;	/* as given, for messages */
static int proto = 253;
static int interop;			/* -i: XTCP_INTEROP on every socket */
static double seconds = 5;
static unsigned int limit_s;
static const char *mode;		/* for messages: server, stream, rr, crr */
static unsigned long count;		/* transactions or connections done */
static volatile sig_atomic_t expired;

static void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "xtcp_bench: %s%s", mode ?: "", mode ? ": " : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (count)
		fprintf(stderr, ", after %lu %s", count,
			strcmp(mode, "crr") ? "transactions" : "connections");
	fputc('\n', stderr);
	exit(1);
}

/*
 * A call failed: return to retry it if a signal other than the time limit
 * interrupted it, else end the program saying why.
 */
static void failed(const char *call)
{
	if (errno == EINTR && !expired)
		return;
	if (errno == EINTR)
		die("%s: time limit (-w %u s) reached", call, limit_s);
	die("%s: %s", call, strerror(errno));
}

static void on_alarm(int sig)
{
	(void)sig;
	expired = 1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* IPV4ADDR:PORT or [IPV6ADDR]:PORT */
static void parse_addr(const char *arg)
{
	char host[64];
	const char *colon = strrchr(arg, ':');
	size_t len = colon ? (size_t)(colon - arg) : 0;
	char *end;
	long port;
	int ok;

	if (!colon || !len || len >= sizeof(host))
		die("'%s' is not ADDR:PORT", arg);
	memcpy(host, arg, len);
	host[len] = '\0';
	port = strtol(colon + 1, &end, 10);
	if (host[0] == '[' && host[len - 1] == ']') {
		host[len - 1] = '\0';
		addr.v6.sin6_family = AF_INET6;
		addr.v6.sin6_port = htons(port);
		ok = inet_pton(AF_INET6, host + 1, &addr.v6.sin6_addr) == 1;
		addr_len = sizeof(addr.v6);
	} else {
		addr.v4.sin_family = AF_INET;
		addr.v4.sin_port = htons(port);
		ok = inet_pton(AF_INET, host, &addr.v4.sin_addr) == 1;
		addr_len = sizeof(addr.v4);
	}
	if (!ok || *end || port < 1 || port > 65535)
		die("'%s' is not ADDR:PORT", arg);
	addr_arg = arg;
}

/*
 * Every socket has SO_REUSEADDR, the client's too: the TIME-WAIT entries
 * thousands of crr connections leave keep their socket's setting, and a
 * server's later bind() to a port one of them holds (the ephemeral range
 * covers the servers' ports) succeeds only if both sides had it.
 */
static int new_socket(void)
{
	int fd = socket(addr.sa.sa_family, SOCK_STREAM, proto), one = 1;

	if (fd < 0)
		die("socket(%s, SOCK_STREAM, %d): %s",
		    addr.sa.sa_family == AF_INET6 ? "AF_INET6" : "AF_INET",
		    proto, strerror(errno));
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)))
		die("setsockopt(SO_REUSEADDR): %s", strerror(errno));
	if (interop && setsockopt(fd, proto, XTCP_INTEROP, &one, sizeof(one)))
		die("setsockopt(XTCP_INTEROP): %s", strerror(errno));
	return fd;
}

/* Read up to @len octets; 0 at the end of the stream. */
static size_t read_some(int fd, void *buf, size_t len, const char *call)
{
	ssize_t n;

	while ((n = read(fd, buf, len)) < 0)
		failed(call);
	return n;
}

static void read_full(int fd, void *buf, size_t len, const char *call)
{
	size_t done = 0, n;

	while (done < len) {
		n = read_some(fd, (char *)buf + done, len - done, call);
		if (!n)
			die("%s: connection closed by the peer", call);
		done += n;
	}
}

static void write_full(int fd, const void *buf, size_t len, const char *call)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = send(fd, (const char *)buf + done, len - done, MSG_NOSIGNAL);
		if (n < 0)
			failed(call);
		else
			done += n;
	}
}

static void close_or_die(int fd)
{
	/* Linux closes the descriptor even when close() says EINTR */
	if (close(fd) && errno != EINTR)
		die("close: %s", strerror(errno));
}

/* The 'S' request: count for the client's duration, answer, read on. */
static void serve_stream(int fd)
{
	static char buf[READ_CHUNK];
	struct timeval tv = { .tv_usec = POLL_MS * 1000 };
	unsigned char hdr[HEADER_LEN - 1], report[REPORT_LEN];
	double start, end, t;
	uint64_t octets = 0, v;
	uint32_t ms;
	ssize_t n;

	read_full(fd, hdr, sizeof(hdr), "stream header");
	memcpy(&ms, hdr, sizeof(ms));
	start = now();
	end = start + be32toh(ms) / 1e3;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)))
		die("setsockopt(SO_RCVTIMEO): %s", strerror(errno));
	for (t = start; t < end; t = now()) {
		n = read(fd, buf, sizeof(buf));
		if (!n)
			die("stream: the client ended it before the count");
		if (n > 0)
			octets += n;
		else if (errno != EAGAIN)
			failed("stream read");
	}
	v = htobe64(octets);
	memcpy(report, &v, 8);
	v = htobe64((uint64_t)((t - start) * 1e9));
	memcpy(report + 8, &v, 8);
	write_full(fd, report, sizeof(report), "stream count");
	/* the client aborts the connection: a reset is the normal end here */
	for (end = now() + DRAIN_S; now() < end; ) {
		n = read(fd, buf, sizeof(buf));
		if (!n || (n < 0 && errno != EAGAIN && errno != EINTR))
			break;
	}
}

/* The 'R' request: send back everything, starting with @first. */
static void serve_echo(int fd, char first)
{
	char buf[4096];
	size_t n;

	write_full(fd, &first, 1, "echo");
	while ((n = read_some(fd, buf, sizeof(buf), "echo read")))
		write_full(fd, buf, n, "echo");
}

static int server(void)
{
	int fd = new_socket(), conn, one = 1;
	char op;
	pid_t pid;

	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)))
		die("setsockopt(SO_REUSEADDR): %s", strerror(errno));
	if (bind(fd, &addr.sa, addr_len))
		die("bind(%s): %s", addr_arg, strerror(errno));
	if (listen(fd, BACKLOG))
		die("listen: %s", strerror(errno));
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid) {
		printf("%d\n", pid);
		return 0;
	}
	/* the caller reads our pid up to end of file: let go of stdout */
	if (!freopen("/dev/null", "r", stdin) ||
	    !freopen("/dev/null", "w", stdout))
		die("/dev/null: %s", strerror(errno));
	for (;;) {
		conn = accept(fd, NULL, NULL);
		if (conn < 0) {
			if (errno == ECONNABORTED)
				continue;
			failed("accept");
			continue;
		}
		if (read_some(conn, &op, 1, "request")) {
			if (op == 'S')
				serve_stream(conn);
			else if (op == 'R')
				serve_echo(conn, op);
			else
				die("unknown request 0x%02x", (unsigned char)op);
		}
		close_or_die(conn);
	}
}

/*
 * Connect @fd to the server, waiting out a signal that interrupts
 * connect(); return @fd.
 */
static int connect_fd(int fd)
{
	struct pollfd pfd = { .events = POLLOUT };
	socklen_t len;
	int err;

	if (!connect(fd, &addr.sa, addr_len))
		return fd;
	failed("connect");
	/* interrupted: the connection goes on; wait for its outcome */
	pfd.fd = fd;
	while (poll(&pfd, 1, -1) < 0)
		failed("connect (poll)");
	len = sizeof(err);
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len))
		die("getsockopt(SO_ERROR): %s", strerror(errno));
	if (err)
		die("connect: %s", strerror(err));
	return fd;
}

static int connect_server(void)
{
	return connect_fd(new_socket());
}

/* Close with a reset: nothing left in the send queue outlives the figure. */
static void abort_close(int fd)
{
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };

	if (setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)))
		die("setsockopt(SO_LINGER): %s", strerror(errno));
	close_or_die(fd);
}

static void client_stream(void)
{
	static char buf[STREAM_CHUNK];
	unsigned char hdr[HEADER_LEN] = { 'S' }, report[REPORT_LEN];
	uint32_t ms = htobe32((uint32_t)(seconds * 1e3 + 0.5));
	struct pollfd pfd = { .events = POLLIN | POLLOUT };
	uint64_t octets, ns;
	ssize_t n;

	pfd.fd = connect_server();
	memcpy(hdr + 1, &ms, sizeof(ms));
	write_full(pfd.fd, hdr, sizeof(hdr), "stream header");
	for (;;) {
		while (poll(&pfd, 1, -1) < 0)
			failed("poll");
		if (pfd.revents & ~POLLOUT)
			break;		/* the count, or an error to read */
		n = send(pfd.fd, buf, sizeof(buf), MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n < 0 && errno != EAGAIN)
			failed("send");
	}
	read_full(pfd.fd, report, sizeof(report), "reading the server's count");
	memcpy(&octets, report, 8);
	memcpy(&ns, report + 8, 8);
	octets = be64toh(octets);
	ns = be64toh(ns);
	if (!octets)
		die("stalled: the server read no data in %.3f s", ns / 1e9);
	abort_close(pfd.fd);
	printf("%.2f MB/s (%llu octets read by the server in %.3f s)\n",
	       octets * 1e3 / ns, (unsigned long long)octets, ns / 1e9);
}

/* One request and its answer on @fd. */
static void transact(int fd)
{
	char c = 'R';

	write_full(fd, &c, 1, "request");
	read_full(fd, &c, 1, "answer");
	if (c != 'R')
		die("answer 0x%02x, expected 'R'", (unsigned char)c);
	count++;
}

static void client_rr(bool reconnect)
{
	int fd = reconnect ? -1 : connect_server();	/* rr: not timed */
	double start = now(), end = start + seconds, t;

	do {
		if (fd < 0)
			fd = connect_server();
		transact(fd);
		if (reconnect) {
			close_or_die(fd);
			fd = -1;
		}
		t = now();
	} while (t < end);
	if (fd >= 0)
		close_or_die(fd);
	printf("%.1f %s (%lu in %.3f s)\n", count / (t - start),
	       reconnect ? "conn/s" : "trans/s", count, t - start);
}

/*
 * scale: many connections on loopback, in one process that holds both
 * ends (make bench's scale-est and scale-tw figures). Connection i of the
 * N binds to source port 10000 + i % 50000 of address SRC + i / 50000
 * (127.0.0.2, 127.0.0.3, ... by default), so that neither protocol's
 * choice of an ephemeral port is what is measured, and connects to the
 * listener at ADDR:PORT. Memory is measured as /proc/slabinfo's active
 * objects times their size (every slab cache: sockets, files, inodes,
 * dentries, skbs), before and after. Not MemFree: the objects a figure
 * before freed stay in their slab pages, and the next one takes them
 * without a page moving (so MemFree would charge the first protocol
 * measured for what the second then gets free).
 */
enum {
	SRC_PORT_LOW	= 10000,	/* first source port of an address */
	SRC_PORTS	= 50000,	/* source ports used of each address */
	SCALE_BACKLOG	= 4096,
	CLOCK_EVERY	= 16,		/* transactions between clock reads */
};

static struct in_addr src_base;	/* -s: first source address */
static unsigned long n_conns;		/* -n */

/**
 * struct mem - what the kernel holds, at one moment
 * @slab: bytes in slab objects in use (/proc/slabinfo)
 */
struct mem {
	double slab;
};

static void mem_read(struct mem *m)
{
	unsigned long active, objs, size;
	char line[512], key[64];
	FILE *f;

	m->slab = 0;
	f = fopen("/proc/slabinfo", "r");
	if (!f)
		die("/proc/slabinfo: %s", strerror(errno));
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %lu %lu %lu", key, &active, &objs,
			   &size) == 4)
			m->slab += (double)active * size;
	fclose(f);
}

/*
 * TIME-WAIT entries of the protocol in this namespace: TCP's "tw" of
 * /proc/net/sockstat, the lines in state 06 of /proc/net/xtcp.
 */
static unsigned long tw_count(void)
{
	unsigned long n = 0;
	char line[512], st[8];
	FILE *f;

	f = fopen(proto == IPPROTO_TCP ? "/proc/net/sockstat" : "/proc/net/xtcp",
		  "r");
	if (!f)
		die("counting TIME-WAIT entries: %s", strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		if (proto == IPPROTO_TCP) {
			char *tw = strstr(line, " tw ");

			if (!strncmp(line, "TCP:", 4) && tw)
				n = strtoul(tw + 4, NULL, 10);
		} else if (sscanf(line, "%*s %*s %*s %7s", st) == 1 &&
			   !strcmp(st, "06")) {
			n++;
		}
	}
	fclose(f);
	return n;
}

static int scale_listen(int port_offset)
{
	struct sockaddr_in sa = addr.v4;
	int fd = new_socket();

	sa.sin_port = htons(ntohs(addr.v4.sin_port) + port_offset);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)))
		die("bind(%s:%d): %s", inet_ntoa(sa.sin_addr),
		    ntohs(sa.sin_port), strerror(errno));
	if (listen(fd, SCALE_BACKLOG))
		die("listen: %s", strerror(errno));
	return fd;
}

static int accept_one(int lfd)
{
	int fd;

	while ((fd = accept(lfd, NULL, NULL)) < 0)
		failed("accept");
	return fd;
}

/*
 * Open connection @i to the listener at @port_offset: the client's end in
 * *@c, the server's in *@s.
 */
static void open_one(unsigned long i, int lfd, int port_offset, int *c,
		     int *s)
{
	struct sockaddr_in src = { .sin_family = AF_INET };
	struct sockaddr_in saved = addr.v4;
	int fd = new_socket();

	src.sin_addr.s_addr = htonl(ntohl(src_base.s_addr) + i / SRC_PORTS);
	src.sin_port = htons(SRC_PORT_LOW + i % SRC_PORTS);
	if (bind(fd, (struct sockaddr *)&src, sizeof(src)))
		die("bind(%s:%d), connection %lu: %s", inet_ntoa(src.sin_addr),
		    ntohs(src.sin_port), i, strerror(errno));
	addr.v4.sin_port = htons(ntohs(addr.v4.sin_port) + port_offset);
	*c = connect_fd(fd);
	addr.v4 = saved;
	*s = accept_one(lfd);
}

/* One 1-octet request from @c, answered by @s. */
static void transact_pair(int c, int s)
{
	char ch = 'R';

	write_full(c, &ch, 1, "request");
	read_full(s, &ch, 1, "request (server)");
	write_full(s, &ch, 1, "answer (server)");
	read_full(c, &ch, 1, "answer");
	if (ch != 'R')
		die("answer 0x%02x, expected 'R'", (unsigned char)ch);
	count++;
}

/*
 * Transactions for @secs seconds on connections @from, @from + @step, ...
 * below @n, in turn; returns the rate (per second).
 */
static double rr_loop(const int *c, const int *s, unsigned long from,
		      unsigned long step, unsigned long n, double secs)
{
	double start = now(), end = start + secs, t = start;
	unsigned long i = from, done = 0;

	while (t < end) {
		transact_pair(c[i], s[i]);
		i += step;
		if (i >= n)
			i = from;
		if (++done % CLOCK_EVERY == 0)
			t = now();
	}
	return done / (now() - start);
}

static void pin_to_cpu(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		die("sched_setaffinity(CPU %d): %s", cpu, strerror(errno));
}

static void unpin(void)
{
	cpu_set_t set;
	int cpu;

	CPU_ZERO(&set);
	for (cpu = 0; cpu < CPU_SETSIZE; cpu++)
		CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

/*
 * rr_loop() over all @n connections in two processes at once, one on each
 * of the first two CPUs (even connections and odd ones): the total rate,
 * or 0 with fewer than two CPUs online.
 */
static double rr_two_cpus(const int *c, const int *s, unsigned long n,
			  double secs)
{
	double mine, theirs;
	int pipefd[2], status;
	pid_t pid;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2 || n < 2)
		return 0;
	if (pipe(pipefd))
		die("pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (!pid) {
		pin_to_cpu(1);
		mine = rr_loop(c, s, 1, 2, n, secs);
		/* a pipe takes up to PIPE_BUF octets at once */
		_exit(write(pipefd[1], &mine, sizeof(mine)) != sizeof(mine));
	}
	close(pipefd[1]);
	pin_to_cpu(0);
	mine = rr_loop(c, s, 0, 2, n, secs);
	unpin();
	read_full(pipefd[0], &theirs, sizeof(theirs), "pipe");
	close(pipefd[0]);
	while (waitpid(pid, &status, 0) < 0)
		failed("waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		die("the second rr process failed");
	return mine + theirs;
}

/* Close both ends of a connection, the client's with a reset. */
static void reset_pair(int c, int s)
{
	abort_close(c);
	close_or_die(s);
}

static void raise_fd_limit(unsigned long fds)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl))
		die("getrlimit: %s", strerror(errno));
	if (rl.rlim_cur >= fds)
		return;
	rl.rlim_cur = fds;
	if (rl.rlim_max < fds)
		rl.rlim_max = fds;
	if (setrlimit(RLIMIT_NOFILE, &rl))
		die("setrlimit(RLIMIT_NOFILE, %lu): %s (fs.nr_open?)", fds,
		    strerror(errno));
}

/*
 * est: connection 0, its rr rate alone; then connections 1 .. N - 1
 * (timed), one transaction on each, the memory they took; rr on
 * connection 0 again with the others idle, over all N in turn, and over
 * all N from two CPUs; then the others are closed and connection 0
 * measured alone again (the rate alone is the mean of the two, so that
 * a host getting busier or quieter meanwhile weighs less). Every close
 * is a reset, so none leaves a TIME-WAIT.
 */
static void scale_est(void)
{
	double alone, alone2, one, all, two, t_open;
	struct mem before, after;
	unsigned long i, n = n_conns;
	int lfd, *c, *s;

	c = calloc(n, sizeof(*c));
	s = calloc(n, sizeof(*s));
	if (!c || !s)
		die("out of memory for %lu connections", n);
	raise_fd_limit(2 * n + 64);
	lfd = scale_listen(0);
	open_one(0, lfd, 0, &c[0], &s[0]);
	transact_pair(c[0], s[0]);
	alone = rr_loop(c, s, 0, 1, 1, seconds);
	sleep(1);
	mem_read(&before);
	t_open = now();
	for (i = 1; i < n; i++)
		open_one(i, lfd, 0, &c[i], &s[i]);
	t_open = now() - t_open;
	for (i = 1; i < n; i++)
		transact_pair(c[i], s[i]);
	sleep(2);	/* delayed ACKs out, RCU callbacks run */
	mem_read(&after);
	one = rr_loop(c, s, 0, 1, 1, seconds);
	all = rr_loop(c, s, 0, 1, n, seconds);
	two = rr_two_cpus(c, s, n, seconds);
	for (i = 1; i < n; i++)
		reset_pair(c[i], s[i]);
	sleep(1);
	alone2 = rr_loop(c, s, 0, 1, 1, seconds);
	reset_pair(c[0], s[0]);
	close_or_die(lfd);
	free(c);
	free(s);
	printf("open %.1f conn/s (%lu connections opened in %.2f s)\n",
	       (n - 1) / t_open, n - 1, t_open);
	printf("memory %.0f B/conn (slab objects %+.1f MB for %lu connections, both ends)\n",
	       (after.slab - before.slab) / (n - 1),
	       (after.slab - before.slab) / 1e6, n - 1);
	printf("alone %.1f trans/s (1 connection: %.1f before the others were opened, %.1f after they were closed)\n",
	       (alone + alone2) / 2, alone, alone2);
	printf("one %.1f trans/s (1 connection, %lu others idle)\n", one, n - 1);
	printf("all %.1f trans/s (%lu connections in turn)\n", all, n);
	if (two > 0)
		printf("two %.1f trans/s (%lu connections in turn, two processes, one per CPU)\n",
		       two, n);
}

/*
 * connect (an ephemeral port), accept, close the client's end, then the
 * server's (the client holds the TIME-WAIT), for @secs: the rate.
 */
static double crr_loop(int lfd, double secs)
{
	double start = now(), end = start + secs, t;
	unsigned long done = 0;
	int c, s;

	do {
		c = connect_server();
		s = accept_one(lfd);
		close_or_die(c);
		close_or_die(s);
		done++;
		t = now();
	} while (t < end);
	return done / (t - start);
}

/*
 * Connections @w, @w + @step, ... below N to the listener @lfd at
 * @port_offset, each closed at once by the client: TIME-WAIT entries.
 */
static void make_tw(int lfd, int port_offset, unsigned long w,
		    unsigned long step)
{
	unsigned long i;
	int c, s;

	for (i = w; i < n_conns; i += step) {
		open_one(i, lfd, port_offset, &c, &s);
		close_or_die(c);
		close_or_die(s);
	}
}

/*
 * tw: the connect+close rate first; then N connections opened and closed
 * by the client (one process per CPU, up to two), each leaving its
 * TIME-WAIT; their memory (divided by the entries counted, which the
 * 60-s lifetime may have thinned if making them took longer); the
 * connect+close rate again, with the entries there.
 */
static void scale_tw(void)
{
	unsigned long w, workers, tw_before, tw_after;
	double none, with, t_make;
	struct mem before, after;
	int lfd[2], status;
	pid_t pid[2];

	workers = sysconf(_SC_NPROCESSORS_ONLN) >= 2 ? 2 : 1;
	for (w = 0; w < workers; w++)
		lfd[w] = scale_listen(w);
	none = crr_loop(lfd[0], seconds);
	sleep(1);
	tw_before = tw_count();
	mem_read(&before);
	t_make = now();
	for (w = 0; w < workers; w++) {
		pid[w] = fork();
		if (pid[w] < 0)
			die("fork: %s", strerror(errno));
		if (!pid[w]) {
			pin_to_cpu(w);
			make_tw(lfd[w], w, w, workers);
			_exit(0);
		}
	}
	for (w = 0; w < workers; w++) {
		while (waitpid(pid[w], &status, 0) < 0)
			failed("waitpid");
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			die("a process making TIME-WAIT entries failed");
	}
	t_make = now() - t_make;
	sleep(2);	/* the sockets and their files freed (RCU) */
	tw_after = tw_count();
	mem_read(&after);
	with = crr_loop(lfd[0], seconds);
	printf("made %.1f conn/s (%lu connections opened and closed in %.2f s, %lu processes)\n",
	       n_conns / t_make, n_conns, t_make, workers);
	if (tw_after <= tw_before)
		die("no TIME-WAIT entries counted (%lu before, %lu after)",
		    tw_before, tw_after);
	printf("memory %.0f B/entry (slab objects %+.1f MB for %lu entries: %lu before, %lu after)\n",
	       (after.slab - before.slab) / (tw_after - tw_before),
	       (after.slab - before.slab) / 1e6,
	       tw_after - tw_before, tw_before, tw_after);
	printf("entries %lu TIME-WAIT (counted after the %lu were made)\n",
	       tw_after, n_conns);
	printf("none %.1f conn/s (connect and close, before)\n", none);
	printf("with %.1f conn/s (connect and close, with %lu TIME-WAIT entries)\n",
	       with, tw_after);
	for (w = 0; w < workers; w++)
		close_or_die(lfd[w]);
}

static void bad_usage(void)
{
	fprintf(stderr, "usage: xtcp_bench server -p PROTO [-i] -l ADDR:PORT\n"
		"       xtcp_bench client -p PROTO [-i] -c ADDR:PORT -m stream|rr|crr [-t SECONDS] [-w SECONDS]\n"
		"       xtcp_bench scale -p PROTO -l ADDR:PORT -m est|tw -n N [-s SRCADDR] [-t SECONDS] [-w SECONDS]\n");
	exit(1);
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_alarm };	/* no SA_RESTART */
	const char *where = NULL, *run = NULL, *src = "127.0.0.2";
	bool is_server, is_scale;
	char *end;
	int opt;

	if (argc < 2 || (strcmp(argv[1], "server") && strcmp(argv[1], "client") &&
			 strcmp(argv[1], "scale")))
		bad_usage();
	is_server = !strcmp(argv[1], "server");
	is_scale = !strcmp(argv[1], "scale");
	mode = argv[1];
	while ((opt = getopt(argc - 1, argv + 1, "p:il:c:m:t:w:n:s:")) != -1) {
		switch (opt) {
		case 'p':
			proto = strtol(optarg, &end, 10);
			if (*end || proto < 0 || proto > 255)
				die("bad protocol '%s'", optarg);
			break;
		case 'i':
			interop = 1;
			break;
		case 'l':
		case 'c':
			/* -l for a server and scale, -c for a client */
			if ((opt == 'l') == (!is_server && !is_scale))
				bad_usage();
			where = optarg;
			break;
		case 'm':
			run = optarg;
			break;
		case 't':
			seconds = strtod(optarg, &end);
			if (*end || !(seconds > 0 && seconds < 3600))
				die("bad duration '%s'", optarg);
			break;
		case 'w':
			limit_s = strtoul(optarg, &end, 10);
			if (*end || !limit_s)
				die("bad time limit '%s'", optarg);
			break;
		case 'n':
			n_conns = strtoul(optarg, &end, 10);
			if (*end || n_conns < 2 || n_conns > 1000000)
				die("bad number of connections '%s'", optarg);
			break;
		case 's':
			src = optarg;
			break;
		default:
			bad_usage();
		}
	}
	if (!where || optind != argc - 1 || is_server == !!run ||
	    is_scale != !!n_conns)
		bad_usage();
	parse_addr(where);
	if (is_scale && addr.sa.sa_family != AF_INET)
		die("scale is IPv4's: '%s'", where);
	if (inet_pton(AF_INET, src, &src_base) != 1)
		die("'%s' is not an IPv4 address", src);
	signal(SIGPIPE, SIG_IGN);
	if (is_server)
		return server();

	if (is_scale ? strcmp(run, "est") && strcmp(run, "tw") :
	    strcmp(run, "stream") && strcmp(run, "rr") && strcmp(run, "crr"))
		bad_usage();
	mode = run;
	if (!limit_s)
		limit_s = is_scale ? 3600 : (unsigned int)seconds + 11;
	if (sigaction(SIGALRM, &sa, NULL))
		die("sigaction: %s", strerror(errno));
	alarm(limit_s);
	if (!strcmp(run, "stream"))
		client_stream();
	else if (!strcmp(run, "est"))
		scale_est();
	else if (!strcmp(run, "tw"))
		scale_tw();
	else
		client_rr(!strcmp(run, "crr"));
	return 0;
}
