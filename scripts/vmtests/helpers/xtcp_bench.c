// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp_bench: the client and server of make bench, the same program for
 * xtcp and for the kernel's TCP: only PROTO differs.
 *
 *   xtcp_bench server -p PROTO -l ADDR:PORT
 *   xtcp_bench client -p PROTO -c ADDR:PORT -m stream|rr|crr
 *                     [-t SECONDS] [-w SECONDS]
 *
 * Both open socket(AF_INET, SOCK_STREAM, PROTO): 253 for xtcp, 6 for TCP.
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
 * Any error ends either program with status 1 and one line on stderr; so
 * does the client's time limit, -w SECONDS (default: -t plus 10 s).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <endian.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
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
};

static struct sockaddr_in addr;
static int proto = 253;
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

static void parse_addr(const char *arg)
{
	char host[64];
	const char *colon = strrchr(arg, ':');
	char *end;
	long port;

	if (!colon || colon == arg || (size_t)(colon - arg) >= sizeof(host))
		die("'%s' is not ADDR:PORT", arg);
	memcpy(host, arg, colon - arg);
	host[colon - arg] = '\0';
	port = strtol(colon + 1, &end, 10);
	addr.sin_family = AF_INET;
	addr.sin_port = htons(port);
	if (inet_pton(AF_INET, host, &addr.sin_addr) != 1 || *end ||
	    port < 1 || port > 65535)
		die("'%s' is not ADDR:PORT", arg);
}

/*
 * Every socket has SO_REUSEADDR, the client's too: the TIME-WAIT entries
 * thousands of crr connections leave keep their socket's setting, and a
 * server's later bind() to a port one of them holds (the ephemeral range
 * covers the servers' ports) succeeds only if both sides had it.
 */
static int new_socket(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, proto), one = 1;

	if (fd < 0)
		die("socket(AF_INET, SOCK_STREAM, %d): %s", proto,
		    strerror(errno));
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)))
		die("setsockopt(SO_REUSEADDR): %s", strerror(errno));
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
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)))
		die("bind(%s:%d): %s", inet_ntoa(addr.sin_addr),
		    ntohs(addr.sin_port), strerror(errno));
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

/* Connect to the server, waiting out a signal that interrupts connect(). */
static int connect_server(void)
{
	struct pollfd pfd = { .events = POLLOUT };
	int fd = new_socket(), err;
	socklen_t len = sizeof(err);

	if (!connect(fd, (struct sockaddr *)&addr, sizeof(addr)))
		return fd;
	failed("connect");
	/* interrupted: the connection goes on; wait for its outcome */
	pfd.fd = fd;
	while (poll(&pfd, 1, -1) < 0)
		failed("connect (poll)");
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len))
		die("getsockopt(SO_ERROR): %s", strerror(errno));
	if (err)
		die("connect: %s", strerror(err));
	return fd;
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

static void bad_usage(void)
{
	fprintf(stderr, "usage: xtcp_bench server -p PROTO -l ADDR:PORT\n"
		"       xtcp_bench client -p PROTO -c ADDR:PORT -m stream|rr|crr [-t SECONDS] [-w SECONDS]\n");
	exit(1);
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_alarm };	/* no SA_RESTART */
	const char *where = NULL, *run = NULL;
	bool is_server;
	char *end;
	int opt;

	if (argc < 2 || (strcmp(argv[1], "server") && strcmp(argv[1], "client")))
		bad_usage();
	is_server = !strcmp(argv[1], "server");
	mode = argv[1];
	while ((opt = getopt(argc - 1, argv + 1, "p:l:c:m:t:w:")) != -1) {
		switch (opt) {
		case 'p':
			proto = strtol(optarg, &end, 10);
			if (*end || proto < 0 || proto > 255)
				die("bad protocol '%s'", optarg);
			break;
		case 'l':
		case 'c':
			if ((opt == 'l') != is_server)
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
		default:
			bad_usage();
		}
	}
	if (!where || optind != argc - 1 || is_server == !!run)
		bad_usage();
	parse_addr(where);
	signal(SIGPIPE, SIG_IGN);
	if (is_server)
		return server();

	if (strcmp(run, "stream") && strcmp(run, "rr") && strcmp(run, "crr"))
		bad_usage();
	mode = run;
	if (!limit_s)
		limit_s = (unsigned int)seconds + 11;
	if (sigaction(SIGALRM, &sa, NULL))
		die("sigaction: %s", strerror(errno));
	alarm(limit_s);
	if (!strcmp(run, "stream"))
		client_stream();
	else
		client_rr(!strcmp(run, "crr"));
	return 0;
}
