// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp-ss: list xtcp sockets as ss(8) lists TCP's, from xtcp_diag
 * (module/xtcp_diag.c) over sock_diag netlink: stock ss cannot ask for
 * another IP protocol than its own.
 *
 *   xtcp-ss [-talnieoKH46] [-P PROTO] [state STATE]... [exclude STATE]...
 *           [sport|dport OP :PORT]...
 *
 * Options as ss's: -4 IPv4 sockets only, -6 IPv6 sockets only (those with
 * v4-mapped addresses too; default: both, IPv4's first, one dump each as
 * ss asks), -t (xtcp sockets, the only kind; accepted), -a all
 * states, -l listeners only (default: connections, as ss: not LISTEN,
 * CLOSE, TIME-WAIT or SYN-RECV), -n numeric (always: accepted), -i the
 * struct tcp_info line, -e uid, inode, cookie and shutdown, -o the timer,
 * -K end each socket listed (SOCK_DESTROY; CAP_NET_ADMIN), -H no header,
 * -P the IP protocol (default: /sys/module/xtcp/parameters/protocol, or
 * 253).
 *
 * The filter, as ss's: "state NAME" (established, syn-sent, syn-recv,
 * fin-wait-1, fin-wait-2, time-wait, closed, close-wait, last-ack,
 * listening, closing, or all, connected, synchronized), "exclude NAME",
 * and port conditions "sport OP :PORT", "dport OP :PORT" with OP one of =
 * == eq != ne >= ge <= le > gt < lt, all of which must hold ("and" may
 * stand between them). States go to the kernel as idiag_states, ports as
 * inet_diag bytecode.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/tcp.h>
#include <sys/socket.h>

/* the TCP_* states, as the kernel numbers them, and ss's names */
static const char *const state_name[] = {
	[1] = "ESTAB", [2] = "SYN-SENT", [3] = "SYN-RECV",
	[4] = "FIN-WAIT-1", [5] = "FIN-WAIT-2", [6] = "TIME-WAIT",
	[7] = "UNCONN", [8] = "CLOSE-WAIT", [9] = "LAST-ACK",
	[10] = "LISTEN", [11] = "CLOSING",
};

static const struct {
	const char *name;
	unsigned int mask;
} state_filter[] = {
	{ "established", 1 << 1 }, { "syn-sent", 1 << 2 },
	{ "syn-recv", 1 << 3 }, { "fin-wait-1", 1 << 4 },
	{ "fin-wait-2", 1 << 5 }, { "time-wait", 1 << 6 },
	{ "closed", 1 << 7 }, { "close-wait", 1 << 8 },
	{ "last-ack", 1 << 9 }, { "listening", 1 << 10 },
	{ "closing", 1 << 11 }, { "all", 0xffe },
	/* ss's groups */
	{ "connected", 0xffe & ~(1 << 10 | 1 << 7) },
	{ "synchronized", 0xffe & ~(1 << 10 | 1 << 7 | 1 << 2) },
};

#define SS_ALL		0xffe
#define SS_LISTEN	(1 << 10)
/* ss's default: not LISTEN, CLOSE, TIME-WAIT, SYN-RECV */
#define SS_CONN		(SS_ALL & ~(SS_LISTEN | 1 << 7 | 1 << 6 | 1 << 3))

static const char *const timer_name[] = {
	"off", "on", "keepalive", "timewait", "persist", "unknown"
};

static struct {
	bool info, ext, timers, kill, no_header, v4, v6;
	unsigned int states;
	int proto;
	/* the inet_diag bytecode of the port conditions */
	struct inet_diag_bc_op bc[64];
	int bc_len;
	int destroyed, destroy_failed;
} opt;

struct cond {
	unsigned char code;
	bool negate;
	unsigned short port;
};

static void usage(void)
{
	fprintf(stderr,
		"usage: xtcp-ss [-talnieoKH46] [-P PROTO] [state STATE]... [exclude STATE]...\n"
		"               [sport|dport OP :PORT]...\n");
	exit(2);
}

static unsigned int state_mask(const char *name)
{
	for (size_t i = 0; i < sizeof(state_filter) / sizeof(state_filter[0]); i++)
		if (!strcmp(name, state_filter[i].name))
			return state_filter[i].mask;
	fprintf(stderr, "xtcp-ss: unknown state \"%s\"\n", name);
	exit(2);
}

static int default_proto(void)
{
	FILE *f = fopen("/sys/module/xtcp/parameters/protocol", "r");
	int p = 253;

	if (f) {
		if (fscanf(f, "%d", &p) != 1)
			p = 253;
		fclose(f);
	}
	return p;
}

/*
 * Compile the conditions, all of which must hold, to inet_diag bytecode
 * as ss does: the program accepts by running off its end and rejects by
 * jumping past it. A condition is two ops (the port in the second's
 * "no"); a negated one is followed by a JMP that rejects, and its own
 * "no" skips that JMP.
 */
static void compile(const struct cond *c, int n)
{
	int len = 0, off = 0;

	for (int i = 0; i < n; i++)
		len += c[i].negate ? 12 : 8;
	if (len > (int)sizeof(opt.bc)) {
		fprintf(stderr, "xtcp-ss: too many port conditions\n");
		exit(2);
	}
	for (int i = 0; i < n; i++) {
		struct inet_diag_bc_op *op = &opt.bc[off / 4];

		op[0].code = c[i].code;
		op[0].yes = 8;
		op[1].code = 0;
		op[1].yes = 0;
		op[1].no = c[i].port;
		if (c[i].negate) {
			op[0].no = 12;
			op[2].code = INET_DIAG_BC_JMP;
			op[2].yes = 4;
			op[2].no = len - (off + 8) + 4;
			off += 12;
		} else {
			op[0].no = len - off + 4;
			off += 8;
		}
	}
	opt.bc_len = len;
}

/* "sport OP :PORT" at argv[0..2]; fills @c */
static void parse_port(char **argv, struct cond *c)
{
	bool src = !strcmp(argv[0], "sport");
	const char *op = argv[1], *p = argv[2];
	char *end;
	long port;

	if (*p == ':')
		p++;
	port = strtol(p, &end, 10);
	if (!*p || *end || port < 0 || port > 65535) {
		fprintf(stderr, "xtcp-ss: bad port \"%s\"\n", argv[2]);
		exit(2);
	}
	c->negate = false;
	if (!strcmp(op, "=") || !strcmp(op, "==") || !strcmp(op, "eq")) {
		c->code = src ? INET_DIAG_BC_S_EQ : INET_DIAG_BC_D_EQ;
	} else if (!strcmp(op, "!=") || !strcmp(op, "ne")) {
		c->code = src ? INET_DIAG_BC_S_EQ : INET_DIAG_BC_D_EQ;
		c->negate = true;
	} else if (!strcmp(op, ">=") || !strcmp(op, "ge")) {
		c->code = src ? INET_DIAG_BC_S_GE : INET_DIAG_BC_D_GE;
	} else if (!strcmp(op, "<=") || !strcmp(op, "le")) {
		c->code = src ? INET_DIAG_BC_S_LE : INET_DIAG_BC_D_LE;
	} else if (!strcmp(op, ">") || !strcmp(op, "gt")) {
		/* not <= */
		c->code = src ? INET_DIAG_BC_S_LE : INET_DIAG_BC_D_LE;
		c->negate = true;
	} else if (!strcmp(op, "<") || !strcmp(op, "lt")) {
		c->code = src ? INET_DIAG_BC_S_GE : INET_DIAG_BC_D_GE;
		c->negate = true;
	} else {
		fprintf(stderr, "xtcp-ss: unknown operator \"%s\"\n", op);
		exit(2);
	}
	c->port = port;
}

/* The filter's words, as separate arguments or in one, as ss takes them. */
static void parse_filter(int nargs, char **args)
{
	unsigned int want = 0, drop = 0;
	char *argv[64], *w;
	struct cond c[16];
	int argc = 0, n = 0;

	for (int i = 0; i < nargs; i++)
		for (w = strtok(args[i], " \t\n"); w; w = strtok(NULL, " \t\n")) {
			if (argc == (int)(sizeof(argv) / sizeof(argv[0]))) {
				fprintf(stderr, "xtcp-ss: filter too long\n");
				exit(2);
			}
			argv[argc++] = w;
		}
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "and"))
			continue;
		if ((!strcmp(argv[i], "state") || !strcmp(argv[i], "exclude")) &&
		    i + 1 < argc) {
			if (argv[i][0] == 's')
				want |= state_mask(argv[i + 1]);
			else
				drop |= state_mask(argv[i + 1]);
			i++;
		} else if ((!strcmp(argv[i], "sport") ||
			    !strcmp(argv[i], "dport")) && i + 2 < argc) {
			if (n == (int)(sizeof(c) / sizeof(c[0]))) {
				fprintf(stderr, "xtcp-ss: too many port conditions\n");
				exit(2);
			}
			parse_port(&argv[i], &c[n++]);
			i += 2;
		} else {
			fprintf(stderr, "xtcp-ss: cannot parse \"%s\"\n", argv[i]);
			usage();
		}
	}
	if (want)
		opt.states = want;
	opt.states &= ~drop;
	compile(c, n);
}

static const char *ms_timer(unsigned int ms)
{
	static char buf[64];
	unsigned int min = ms / 60000, sec = ms / 1000 % 60, msec = ms % 1000;
	size_t l = 0;

	buf[0] = 0;
	if (min) {
		msec = 0;
		l += snprintf(buf, sizeof(buf), "%umin", min);
		if (min > 9)
			sec = 0;
	}
	if (sec) {
		if (sec > 9)
			msec = 0;
		l += snprintf(buf + l, sizeof(buf) - l, "%u%s", sec,
			      msec ? "." : "sec");
	}
	if (msec)
		snprintf(buf + l, sizeof(buf) - l, "%03ums", msec);
	return buf;
}

/* @addr:@port as ss -n prints it: an IPv6 address in brackets */
static void addr_port(char *buf, size_t len, int family, const __be32 *addr,
		      __be16 port)
{
	char a[INET6_ADDRSTRLEN];
	bool v6 = family == AF_INET6;

	inet_ntop(family, addr, a, sizeof(a));
	if (port)
		snprintf(buf, len, "%s%s%s:%u", v6 ? "[" : "", a, v6 ? "]" : "",
			 ntohs(port));
	else
		snprintf(buf, len, "%s%s%s:*", v6 ? "[" : "", a, v6 ? "]" : "");
}

/* A rate in bits a second as ss prints it (sprint_bw()), after @what */
static void print_bw(const char *what, double bps)
{
	if (bps > 1e9)
		printf("%s%.1fGbps", what, bps / 1e9);
	else if (bps > 1e6)
		printf("%s%.1fMbps", what, bps / 1e6);
	else if (bps > 1e3)
		printf("%s%.1fKbps", what, bps / 1e3);
	else
		printf("%s%gbps", what, bps);
}

/* ss -i's line, in tcp_stats_print()'s order and conditions */
static void print_info(const struct tcp_info *i, const char *cong)
{
	if (cong)
		printf(" %s", cong);
	if (i->tcpi_options & TCPI_OPT_WSCALE)
		printf(" wscale:%u,%u", i->tcpi_snd_wscale, i->tcpi_rcv_wscale);
	if (i->tcpi_rto && i->tcpi_rto != 3000000)
		printf(" rto:%g", i->tcpi_rto / 1000.0);
	if (i->tcpi_backoff)
		printf(" backoff:%u", i->tcpi_backoff);
	if (i->tcpi_rtt)
		printf(" rtt:%g/%g", i->tcpi_rtt / 1000.0,
		       i->tcpi_rttvar / 1000.0);
	if (i->tcpi_ato)
		printf(" ato:%g", i->tcpi_ato / 1000.0);
	if (i->tcpi_snd_mss)
		printf(" mss:%u", i->tcpi_snd_mss);
	if (i->tcpi_pmtu)
		printf(" pmtu:%u", i->tcpi_pmtu);
	if (i->tcpi_rcv_mss)
		printf(" rcvmss:%u", i->tcpi_rcv_mss);
	if (i->tcpi_advmss)
		printf(" advmss:%u", i->tcpi_advmss);
	if (i->tcpi_snd_cwnd)
		printf(" cwnd:%u", i->tcpi_snd_cwnd);
	if (i->tcpi_snd_ssthresh && i->tcpi_snd_ssthresh < 0xFFFF)
		printf(" ssthresh:%u", i->tcpi_snd_ssthresh);
	if (i->tcpi_bytes_sent)
		printf(" bytes_sent:%llu", (unsigned long long)i->tcpi_bytes_sent);
	if (i->tcpi_bytes_retrans)
		printf(" bytes_retrans:%llu",
		       (unsigned long long)i->tcpi_bytes_retrans);
	if (i->tcpi_bytes_acked)
		printf(" bytes_acked:%llu", (unsigned long long)i->tcpi_bytes_acked);
	if (i->tcpi_bytes_received)
		printf(" bytes_received:%llu",
		       (unsigned long long)i->tcpi_bytes_received);
	if (i->tcpi_segs_out)
		printf(" segs_out:%u", i->tcpi_segs_out);
	if (i->tcpi_segs_in)
		printf(" segs_in:%u", i->tcpi_segs_in);
	if (i->tcpi_data_segs_out)
		printf(" data_segs_out:%u", i->tcpi_data_segs_out);
	if (i->tcpi_data_segs_in)
		printf(" data_segs_in:%u", i->tcpi_data_segs_in);
	if (i->tcpi_rtt && i->tcpi_snd_mss && i->tcpi_snd_cwnd)
		print_bw(" send ", (double)i->tcpi_snd_cwnd * i->tcpi_snd_mss *
			 8000000.0 / i->tcpi_rtt);
	if (i->tcpi_last_data_sent)
		printf(" lastsnd:%u", i->tcpi_last_data_sent);
	if (i->tcpi_last_data_recv)
		printf(" lastrcv:%u", i->tcpi_last_data_recv);
	if (i->tcpi_last_ack_recv)
		printf(" lastack:%u", i->tcpi_last_ack_recv);
	/* ~0 is no rate at all: ss shows none */
	if (i->tcpi_pacing_rate && i->tcpi_pacing_rate != ~0ULL) {
		print_bw(" pacing_rate ", i->tcpi_pacing_rate * 8.0);
		if (i->tcpi_max_pacing_rate && i->tcpi_max_pacing_rate != ~0ULL)
			print_bw("/", i->tcpi_max_pacing_rate * 8.0);
	}
	if (i->tcpi_delivery_rate)
		print_bw(" delivery_rate ", i->tcpi_delivery_rate * 8.0);
	if (i->tcpi_delivered)
		printf(" delivered:%u", i->tcpi_delivered);
	if (i->tcpi_delivery_rate_app_limited)
		printf(" app_limited");
	if (i->tcpi_busy_time) {
		printf(" busy:%llums",
		       (unsigned long long)i->tcpi_busy_time / 1000);
		if (i->tcpi_rwnd_limited)
			printf(" rwnd_limited:%llums(%.1f%%)",
			       (unsigned long long)i->tcpi_rwnd_limited / 1000,
			       100.0 * i->tcpi_rwnd_limited / i->tcpi_busy_time);
		if (i->tcpi_sndbuf_limited)
			printf(" sndbuf_limited:%llums(%.1f%%)",
			       (unsigned long long)i->tcpi_sndbuf_limited / 1000,
			       100.0 * i->tcpi_sndbuf_limited /
			       i->tcpi_busy_time);
	}
	if (i->tcpi_unacked)
		printf(" unacked:%u", i->tcpi_unacked);
	if (i->tcpi_retrans || i->tcpi_total_retrans)
		printf(" retrans:%u/%u", i->tcpi_retrans, i->tcpi_total_retrans);
	if (i->tcpi_lost)
		printf(" lost:%u", i->tcpi_lost);
	if (i->tcpi_sacked && i->tcpi_state != 10)
		printf(" sacked:%u", i->tcpi_sacked);
	if (i->tcpi_reordering != 3)
		printf(" reordering:%u", i->tcpi_reordering);
	if (i->tcpi_rcv_rtt)
		printf(" rcv_rtt:%g", i->tcpi_rcv_rtt / 1000.0);
	if (i->tcpi_rcv_space)
		printf(" rcv_space:%u", i->tcpi_rcv_space);
	if (i->tcpi_rcv_ssthresh)
		printf(" rcv_ssthresh:%u", i->tcpi_rcv_ssthresh);
	if (i->tcpi_notsent_bytes)
		printf(" notsent:%u", i->tcpi_notsent_bytes);
	if (i->tcpi_min_rtt && i->tcpi_min_rtt != ~0U)
		printf(" minrtt:%g", i->tcpi_min_rtt / 1000.0);
	if (i->tcpi_snd_wnd)
		printf(" snd_wnd:%u", i->tcpi_snd_wnd);
}

static int nl_open(void)
{
	int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);

	if (fd < 0) {
		perror("xtcp-ss: socket(NETLINK_SOCK_DIAG)");
		exit(1);
	}
	return fd;
}

/* SOCK_DESTROY for the entry @r names, as ss -K; its ack read back */
static void destroy(const struct inet_diag_msg *r)
{
	static int fd = -1;
	struct {
		struct nlmsghdr nlh;
		struct inet_diag_req_v2 req;
	} msg = {
		.nlh = {
			.nlmsg_len = sizeof(msg),
			.nlmsg_type = SOCK_DESTROY,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
		},
		.req = {
			.sdiag_family = r->idiag_family,
			.sdiag_protocol = opt.proto,
			.idiag_states = ~0U,
			.id = r->id,
		},
	};
	char buf[256];
	ssize_t n;

	if (fd < 0)
		fd = nl_open();
	n = send(fd, &msg, sizeof(msg), 0);
	if (n >= 0)
		n = recv(fd, buf, sizeof(buf), 0);
	if (n >= (ssize_t)(NLMSG_HDRLEN + sizeof(int)) &&
	    ((struct nlmsghdr *)buf)->nlmsg_type == NLMSG_ERROR) {
		int err = ((struct nlmsgerr *)NLMSG_DATA(buf))->error;

		if (!err) {
			opt.destroyed++;
			return;
		}
		errno = -err;
	}
	fprintf(stderr, "xtcp-ss: SOCK_DESTROY: %s\n", strerror(errno));
	opt.destroy_failed++;
}

static void show(const struct nlmsghdr *nlh)
{
	const struct inet_diag_msg *r = NLMSG_DATA(nlh);
	int len = nlh->nlmsg_len - NLMSG_LENGTH(sizeof(*r));
	const struct rtattr *a = (const void *)(r + 1);
	struct tcp_info info;
	const char *cong = NULL;
	bool has_info = false;
	int shutdown = -1;
	char l[INET6_ADDRSTRLEN + 16], p[INET6_ADDRSTRLEN + 16];

	if (len < 0)
		return;
	for (; RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		size_t alen = RTA_PAYLOAD(a);

		if (a->rta_type == INET_DIAG_INFO) {
			memset(&info, 0, sizeof(info));
			memcpy(&info, RTA_DATA(a),
			       alen < sizeof(info) ? alen : sizeof(info));
			has_info = true;
		} else if (a->rta_type == INET_DIAG_CONG) {
			cong = RTA_DATA(a);
		} else if (a->rta_type == INET_DIAG_SHUTDOWN && alen) {
			shutdown = *(const unsigned char *)RTA_DATA(a);
		}
	}
	addr_port(l, sizeof(l), r->idiag_family, r->id.idiag_src,
		  r->id.idiag_sport);
	addr_port(p, sizeof(p), r->idiag_family, r->id.idiag_dst,
		  r->id.idiag_dport);
	printf("%-11s %-6u %-6u %-21s %-21s",
	       r->idiag_state < 12 && state_name[r->idiag_state] ?
	       state_name[r->idiag_state] : "UNKNOWN",
	       r->idiag_rqueue, r->idiag_wqueue, l, p);
	if (opt.timers && r->idiag_timer)
		printf(" timer:(%s,%s,%u)",
		       timer_name[r->idiag_timer > 4 ? 5 : r->idiag_timer],
		       ms_timer(r->idiag_expires), r->idiag_retrans);
	if (opt.ext) {
		printf(" uid:%u ino:%u", r->idiag_uid, r->idiag_inode);
		if (r->id.idiag_cookie[0] != INET_DIAG_NOCOOKIE ||
		    r->id.idiag_cookie[1] != INET_DIAG_NOCOOKIE)
			printf(" sk:%llx", (unsigned long long)
			       r->id.idiag_cookie[1] << 32 | r->id.idiag_cookie[0]);
		if (shutdown >= 0)
			printf(" %c-%c", shutdown & 1 ? '-' : '<',
			       shutdown & 2 ? '-' : '>');
	}
	printf("\n");
	if (opt.info && has_info) {
		printf("\t");
		print_info(&info, cong);
		printf("\n");
	}
	if (opt.kill)
		destroy(r);
}

/* One dump of @family on @fd; 0, or 1 after printing why it failed. */
static int dump_on(int fd, int family)
{
	struct {
		struct nlmsghdr nlh;
		struct inet_diag_req_v2 req;
		struct rtattr bc;
	} msg = {
		.nlh = {
			.nlmsg_type = SOCK_DIAG_BY_FAMILY,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
		},
		.req = {
			.sdiag_family = family,
			.sdiag_protocol = opt.proto,
			.idiag_states = opt.states,
		},
	};
	struct iovec iov[2] = {
		{ .iov_base = &msg, .iov_len = sizeof(msg) },
		{ .iov_base = opt.bc, .iov_len = opt.bc_len },
	};
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct msghdr mh = {
		.msg_name = &sa, .msg_namelen = sizeof(sa),
		.msg_iov = iov, .msg_iovlen = 2,
	};
	static char buf[32768];

	if (opt.info)
		msg.req.idiag_ext |= 1 << (INET_DIAG_INFO - 1) |
				     1 << (INET_DIAG_CONG - 1);
	if (opt.bc_len) {
		msg.bc.rta_type = INET_DIAG_REQ_BYTECODE;
		msg.bc.rta_len = RTA_LENGTH(opt.bc_len);
		msg.nlh.nlmsg_len = sizeof(msg) + opt.bc_len;
	} else {
		msg.nlh.nlmsg_len = sizeof(msg.nlh) + sizeof(msg.req);
		iov[0].iov_len = msg.nlh.nlmsg_len;
		mh.msg_iovlen = 1;
	}
	if (sendmsg(fd, &mh, 0) < 0) {
		perror("xtcp-ss: send");
		return 1;
	}
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		struct nlmsghdr *h = (void *)buf;

		if (n < 0) {
			perror("xtcp-ss: recv");
			return 1;
		}
		for (; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			/* both begin with the error: NLMSG_DONE's may be 0 */
			if (h->nlmsg_type == NLMSG_DONE ||
			    h->nlmsg_type == NLMSG_ERROR) {
				int err = 0;

				if (h->nlmsg_len >= NLMSG_LENGTH(sizeof(err)))
					memcpy(&err, NLMSG_DATA(h), sizeof(err));
				if (!err)
					return 0;
				fprintf(stderr, "xtcp-ss: protocol %d: %s%s\n",
					opt.proto, strerror(-err),
					err == -ENOENT ?
					" (is xtcp_diag installed, or loaded for this protocol?)" :
					"");
				return 1;
			}
			show(h);
		}
	}
}

static int dump(int family)
{
	int fd = nl_open(), rc;

	rc = dump_on(fd, family);
	close(fd);
	return rc;
}

int main(int argc, char **argv)
{
	int c, rc;

	opt.states = SS_CONN;
	opt.proto = -1;
	while ((c = getopt(argc, argv, "+talnieoKH46P:h")) != -1) {
		switch (c) {
		case 't':
		case 'n':
			break;
		case 'a':
			opt.states = SS_ALL;
			break;
		case 'l':
			opt.states = SS_LISTEN;
			break;
		case 'i':
			opt.info = true;
			break;
		case 'e':
			opt.ext = true;
			break;
		case 'o':
			opt.timers = true;
			break;
		case 'K':
			opt.kill = true;
			break;
		case 'H':
			opt.no_header = true;
			break;
		case 'P':
			opt.proto = atoi(optarg);
			break;
		case '4':
			opt.v4 = true;
			break;
		case '6':
			opt.v6 = true;
			break;
		default:
			usage();
		}
	}
	if (opt.proto < 1 || opt.proto > 255)
		opt.proto = default_proto();
	parse_filter(argc - optind, argv + optind);
	if (!opt.no_header)
		printf("%-11s %-6s %-6s %-21s %-21s\n", "State", "Recv-Q",
		       "Send-Q", "Local Address:Port", "Peer Address:Port");
	/* as ss: neither -4 nor -6 is both */
	if (!opt.v4 && !opt.v6) {
		opt.v4 = true;
		opt.v6 = true;
	}
	rc = 0;
	if (opt.v4)
		rc = dump(AF_INET);
	if (opt.v6 && !rc)
		rc = dump(AF_INET6);
	if (opt.kill && opt.destroy_failed)
		rc = 1;
	return rc;
}
