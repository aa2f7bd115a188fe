// SPDX-License-Identifier: GPL-2.0
/*
 * xinject: send crafted segments fast, for the stress scenarios
 * (tests/stress_*.sh). Python packs a few thousand segments a second in
 * the emulated VM; this sends them in batches (sendmmsg(2)) through one
 * raw socket (IPPROTO_RAW: the IP header is ours, the kernel fills in
 * the ID, length and header checksum). Every segment has a valid
 * checksum, over the pseudo-header with protocol -P (253 or 6).
 *
 *   xinject syn   -d ADDR:PORT -s NET/LEN -n COUNT [-r PPS] [-S SEED]
 *	SYNs to ADDR:PORT from random addresses of NET/LEN (a range that
 *	does not answer), random ports and ISNs, an MSS and a window
 *	scale option.
 *   xinject fuzz  -t TARGET... -n COUNT [-l ADDR:PORT -s NET/LEN] ...
 *	mutated segments at each TARGET, "SADDR:SPORT,DADDR:DPORT" (we
 *	are SADDR:SPORT; "syn:" before it: send a SYN first, so that a
 *	listener at DADDR:DPORT makes a child in SYN-RECEIVED). The seed
 *	of each is an ACK at the sequence numbers the socket at DADDR:DPORT
 *	uses: a packet socket watches its segments (each target is first
 *	sent an ACK out of the window, which it answers with one), random
 *	ones until then. Each segment changes the seed's flags, options
 *	(valid and malformed), sequence and acknowledgment numbers, window,
 *	data offset and length at random; with -l some go to the listener
 *	ADDR:PORT from random sources of NET/LEN.
 *   xinject blind -t TARGET... -n COUNT
 *	what a blind attacker who knows the 4-tuples sends: RSTs, SYNs
 *	and ACKs with 64 octets of data ("XINJECT..."), in turn, their
 *	sequence numbers stepping through the whole space from a random
 *	start, acknowledgment numbers at random.
 *
 * -P PROTO (default $XTCP_PROTO or 253), -r PPS paces to PPS segments a
 * second (default: as fast as it can), -S SEED seeds the choices (default
 * from the time). SIGTERM or SIGINT ends the sending early, after the
 * batch in flight (COUNT is then the most it sends). At the end it prints
 * "xinject: MODE sent N segments in T s, R/s" and for fuzz how many
 * targets' sequence numbers it learned.
 * Exit status: 0, 1 if a send failed, 2 for bad arguments.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH		64
#define SEGMAX		2048	/* IP header, TCP header, options, data */
#define MAXTARGETS	64
#define TH_FIN		0x01
#define TH_SYN		0x02
#define TH_RST		0x04
#define TH_PSH		0x08
#define TH_ACK		0x10
#define TH_URG		0x20
#define OUR_TTL		255	/* ours; the kernel's are 64: the sniffer skips ours */

struct target {
	struct in_addr saddr, daddr;
	uint16_t sport, dport;
	int syn;		/* send a SYN first */
	int known;		/* seq and ack learned from the socket */
	uint32_t seq, ack;	/* ours: the next we send, the next we expect */
};

static struct target targets[MAXTARGETS];
static int ntargets;
static int proto = 253;
static uint64_t rng;

static uint32_t rnd(void)
{
	/* xorshift64* */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (rng * 0x2545F4914F6CDD1DULL) >> 32;
}

static uint32_t below(uint32_t n)
{
	return n ? rnd() % n : 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int usage(void)
{
	fprintf(stderr, "usage: xinject syn|fuzz|blind [-P PROTO] [-n COUNT] [-r PPS] [-S SEED]\n"
		"       [-d ADDR:PORT] [-s NET/LEN] [-l ADDR:PORT] [-t [syn:]SADDR:SPORT,DADDR:DPORT]...\n");
	return 2;
}

static int parse_ap(const char *s, struct in_addr *a, uint16_t *port)
{
	char buf[64], *c;

	snprintf(buf, sizeof(buf), "%s", s);
	c = strchr(buf, ':');
	if (!c)
		return -1;
	*c = '\0';
	*port = htons(atoi(c + 1));
	return inet_pton(AF_INET, buf, a) == 1 ? 0 : -1;
}

static int parse_net(const char *s, uint32_t *base, uint32_t *size)
{
	char buf[64], *c;
	struct in_addr a;
	int len;

	snprintf(buf, sizeof(buf), "%s", s);
	c = strchr(buf, '/');
	if (!c)
		return -1;
	*c = '\0';
	len = atoi(c + 1);
	if (len < 8 || len > 32 || inet_pton(AF_INET, buf, &a) != 1)
		return -1;
	*size = 1U << (32 - len);
	*base = ntohl(a.s_addr) & ~(*size - 1);
	return 0;
}

static int parse_target(const char *s)
{
	struct target *t = &targets[ntargets];
	const char *c;

	if (ntargets == MAXTARGETS)
		return -1;
	memset(t, 0, sizeof(*t));
	if (!strncmp(s, "syn:", 4)) {
		t->syn = 1;
		s += 4;
	}
	c = strchr(s, ',');
	if (!c || parse_ap(s, &t->saddr, &t->sport) ||
	    parse_ap(c + 1, &t->daddr, &t->dport))
		return -1;
	t->seq = rnd();
	t->ack = rnd();
	ntargets++;
	return 0;
}

static uint16_t fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

static uint32_t add16(uint32_t sum, const void *p, size_t len)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += b[i] << 8 | b[i + 1];
	if (len & 1)
		sum += b[len - 1] << 8;
	return sum;
}

/* A segment: the IP header in front of the transport header and data. */
struct seg {
	uint8_t buf[SEGMAX];
	size_t len;		/* of IP header and segment */
};

static struct seg segs[BATCH];

/* ip_and_csum - fill in the IP header, and the checksum at offset 16 of
 * the segment unless it is too short to have one. */
static void ip_and_csum(struct seg *g, struct in_addr src, struct in_addr dst)
{
	struct iphdr *ip = (struct iphdr *)g->buf;
	uint8_t *th = g->buf + sizeof(*ip);
	size_t tlen = g->len - sizeof(*ip);
	uint8_t pseudo[12];
	uint32_t sum;

	memset(ip, 0, sizeof(*ip));
	ip->version = 4;
	ip->ihl = 5;
	ip->ttl = OUR_TTL;
	ip->protocol = proto;
	ip->saddr = src.s_addr;
	ip->daddr = dst.s_addr;
	ip->tot_len = htons(g->len);
	if (tlen < 18)
		return;
	memcpy(pseudo, &src, 4);
	memcpy(pseudo + 4, &dst, 4);
	pseudo[8] = 0;
	pseudo[9] = proto;
	pseudo[10] = tlen >> 8;
	pseudo[11] = tlen & 0xff;
	th[16] = th[17] = 0;
	sum = add16(add16(0, pseudo, sizeof(pseudo)), th, tlen);
	sum = fold(sum);
	th[16] = sum >> 8;
	th[17] = sum & 0xff;
}

/* tcp_header - a header with no options at the start of the segment. */
static uint8_t *tcp_header(struct seg *g, uint16_t sport, uint16_t dport,
			   uint32_t seq, uint32_t ack, uint8_t flags,
			   uint16_t win)
{
	uint8_t *th = g->buf + sizeof(struct iphdr);
	uint32_t nseq = htonl(seq), nack = htonl(ack);
	uint16_t nwin = htons(win);

	memset(th, 0, 20);
	memcpy(th, &sport, 2);
	memcpy(th + 2, &dport, 2);
	memcpy(th + 4, &nseq, 4);
	memcpy(th + 8, &nack, 4);
	th[12] = 5 << 4;
	th[13] = flags;
	memcpy(th + 14, &nwin, 2);
	g->len = sizeof(struct iphdr) + 20;
	return th;
}

static void build_syn(struct seg *g, struct in_addr src, uint16_t sport,
		      struct in_addr dst, uint16_t dport, uint32_t isn)
{
	/* MSS 1460, NOP, window scale 7 */
	static const uint8_t opts[] = { 2, 4, 0x05, 0xb4, 1, 3, 3, 7 };
	uint8_t *th = tcp_header(g, sport, dport, isn, 0, TH_SYN, 65535);

	memcpy(th + 20, opts, sizeof(opts));
	th[12] = 7 << 4;
	g->len += sizeof(opts);
	ip_and_csum(g, src, dst);
}

/* options - 1 to 4 options at p, some malformed; returns their length
 * rounded up to 4 octets (padded with EOL), at most 40. */
static size_t options(uint8_t *p)
{
	size_t len = 0;
	int i, n = 1 + below(4);

	for (i = 0; i < n && len < 30; i++) {
		uint8_t *o = p + len;

		switch (below(12)) {
		case 0:	/* NOP */
			o[0] = 1;
			len += 1;
			break;
		case 1:	/* EOL, and what follows it */
			o[0] = 0;
			len += 1;
			break;
		case 2: case 3:	/* MSS, any value (0, 1, huge) */
			o[0] = 2;
			o[1] = 4;
			o[2] = below(3) ? rnd() : 0;
			o[3] = rnd();
			len += 4;
			break;
		case 4:	/* window scale, any shift */
			o[0] = 3;
			o[1] = 3;
			o[2] = below(20);
			len += 3;
			break;
		case 5:	/* SACK permitted */
			o[0] = 4;
			o[1] = 2;
			len += 2;
			break;
		case 6:	/* timestamps */
			o[0] = 8;
			o[1] = 10;
			memset(o + 2, 0, 8);
			o[2] = rnd();
			o[6] = rnd();
			len += 10;
			break;
		case 7:	/* SACK blocks */
			o[0] = 5;
			o[1] = 2 + 8 * (1 + below(2));
			memset(o + 2, 0x5a, o[1] - 2);
			len += o[1];
			break;
		case 8:	/* unknown kind */
			o[0] = 30 + below(200);
			o[1] = 2 + below(4);
			memset(o + 2, 0, o[1] - 2);
			len += o[1];
			break;
		case 9:	/* malformed: length 0 or 1 */
			o[0] = 2 + below(30);
			o[1] = below(2);
			len += 2;
			break;
		case 10: /* malformed: past the end of the options */
			o[0] = 2 + below(30);
			o[1] = 40;
			len += 2;
			break;
		default: /* MSS with a wrong length */
			o[0] = 2;
			o[1] = 3 + below(2) * 2;
			o[2] = 5;
			o[3] = 0xb4;
			o[4] = 0;
			len += 5;
			break;
		}
	}
	while (len % 4)
		p[len++] = 0;
	return len > 40 ? 40 : len;
}

/* near - v moved by up to span either way */
static uint32_t near(uint32_t v, uint32_t span)
{
	return v + below(2 * span + 1) - span;
}

static void build_fuzz(struct seg *g, const struct target *t,
		       struct in_addr src, uint16_t sport)
{
	uint32_t seq, ack, r = below(100);
	uint8_t flags, *th;
	size_t optlen = 0, dlen = 0, tlen;
	uint16_t win;
	int doff;

	if (r < 40)
		seq = t->seq;
	else if (r < 75)
		seq = near(t->seq, 65536);
	else if (r < 85)
		seq = t->seq - 1 - below(1 << 20);
	else
		seq = rnd();
	r = below(100);
	if (r < 40)
		ack = t->ack;
	else if (r < 75)
		ack = near(t->ack, 65536);
	else
		ack = rnd();
	r = below(100);
	if (r < 40)
		flags = TH_ACK;
	else if (r < 55)
		flags = TH_ACK | TH_PSH;
	else if (r < 60)
		flags = TH_ACK | TH_FIN;
	else if (r < 65)
		flags = TH_RST | (below(2) ? TH_ACK : 0);
	else if (r < 70)
		flags = TH_SYN | (below(2) ? TH_ACK : 0);
	else
		flags = rnd();
	win = below(10) ? rnd() : 0;
	th = tcp_header(g, sport, t->dport, seq, ack, flags, win);
	if (below(2))
		optlen = options(th + 20);
	r = below(100);
	if (r >= 50 && r < 90)
		dlen = 1 + below(1400);
	else if (r >= 90)
		dlen = 1 + below(SEGMAX - sizeof(struct iphdr) - 60 - 1);
	tlen = 20 + optlen + dlen;
	for (size_t i = 20 + optlen; i < tlen; i++)
		th[i] = rnd();
	doff = (20 + optlen) / 4;
	if (!below(10))
		doff = below(16);	/* below 5, past the end, anything */
	th[12] = doff << 4 | (below(20) ? 0 : below(16));
	if (!below(8)) {		/* urgent pointer */
		th[18] = rnd();
		th[19] = rnd();
	}
	if (!below(20))			/* cut short, even inside the header */
		tlen = below(tlen);
	g->len = sizeof(struct iphdr) + tlen;
	ip_and_csum(g, src, t->daddr);
}

static void build_blind(struct seg *g, const struct target *t, uint32_t seq,
			int kind)
{
	static const uint8_t flags[] = { TH_RST, TH_SYN, TH_ACK | TH_PSH };
	uint8_t *th = tcp_header(g, t->sport, t->dport, seq, rnd(),
				 flags[kind], 65535);

	if (kind == 2) {
		for (int i = 0; i < 64; i++)
			th[20 + i] = "XINJECT"[i % 7];
		g->len += 64;
	}
	ip_and_csum(g, t->saddr, t->daddr);
}

static int raw_fd;

/* send_batch - send segs[0..n), each to its IP destination; the count
 * sent. */
static int send_batch(int n)
{
	struct sockaddr_in to[BATCH];
	struct mmsghdr m[BATCH];
	struct iovec iov[BATCH];
	int i, sent = 0, r;

	memset(m, 0, sizeof(m));
	for (i = 0; i < n; i++) {
		struct iphdr *ip = (struct iphdr *)segs[i].buf;

		memset(&to[i], 0, sizeof(to[i]));
		to[i].sin_family = AF_INET;
		to[i].sin_addr.s_addr = ip->daddr;
		iov[i].iov_base = segs[i].buf;
		iov[i].iov_len = segs[i].len;
		m[i].msg_hdr.msg_name = &to[i];
		m[i].msg_hdr.msg_namelen = sizeof(to[i]);
		m[i].msg_hdr.msg_iov = &iov[i];
		m[i].msg_hdr.msg_iovlen = 1;
	}
	while (sent < n) {
		r = sendmmsg(raw_fd, m + sent, n - sent, 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			/* a full socket buffer or device queue: wait a bit */
			if (errno == ENOBUFS || errno == EAGAIN) {
				usleep(1000);
				continue;
			}
			perror("xinject: sendmmsg");
			return -1;
		}
		sent += r;
	}
	return sent;
}

static int sniff_fd = -1;

/* sniff - learn each target's numbers from the segments its socket sent
 * (seen on any interface; on lo, only the outgoing copy). */
static void sniff(void)
{
	uint8_t buf[128];
	struct sockaddr_ll sll;
	socklen_t sl;
	ssize_t n;

	for (int k = 0; k < 4096; k++) {
		const struct iphdr *ip = (const struct iphdr *)buf;
		uint32_t seq, ack, dlen;
		uint16_t sport, dport;
		const uint8_t *th;
		size_t ihl;

		sl = sizeof(sll);
		n = recvfrom(sniff_fd, buf, sizeof(buf), MSG_TRUNC,
			     (struct sockaddr *)&sll, &sl);
		if (n < 0)
			return;
		/* n is the whole packet's length (MSG_TRUNC) */
		if (sll.sll_pkttype != PACKET_OUTGOING ||
		    sll.sll_protocol != htons(ETH_P_IP) || n < 20 ||
		    ip->protocol != proto)
			continue;
		ihl = ip->ihl * 4;
		if ((size_t)n < ihl + 20 || ihl + 20 > sizeof(buf))
			continue;
		th = buf + ihl;
		memcpy(&sport, th, 2);
		memcpy(&dport, th + 2, 2);
		memcpy(&seq, th + 4, 4);
		memcpy(&ack, th + 8, 4);
		dlen = ntohs(ip->tot_len) - ihl - (th[12] >> 4) * 4;
		if (th[13] & (TH_SYN | TH_FIN))
			dlen++;
		for (int i = 0; i < ntargets; i++) {
			struct target *t = &targets[i];

			if (t->daddr.s_addr != ip->saddr ||
			    t->saddr.s_addr != ip->daddr ||
			    t->dport != sport || t->sport != dport ||
			    (th[13] & TH_RST) || !(th[13] & TH_ACK))
				continue;
			t->seq = ntohl(ack);
			t->ack = ntohl(seq) + dlen;
			t->known = 1;
		}
	}
}

static void sniff_open(void)
{
	/* Only what the kernel sends on protocol proto reaches the socket:
	 * outgoing, IP protocol proto, TTL not ours (the offsets are the IP
	 * header's: a SOCK_DGRAM packet socket's filter starts there). The
	 * copies of our own segments on lo would cost as much again. */
	struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, SKF_AD_OFF + SKF_AD_PKTTYPE),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PACKET_OUTGOING, 0, 5),
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 9),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, proto, 0, 3),
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 8),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, OUR_TTL, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, 128),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct sock_fprog prog = {
		.len = sizeof(code) / sizeof(code[0]), .filter = code,
	};
	int size = 1 << 20;

	/* ETH_P_ALL: a socket of one protocol sees no outgoing packet */
	sniff_fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK, htons(ETH_P_ALL));
	if (sniff_fd < 0) {
		perror("xinject: packet socket (learning nothing)");
		return;
	}
	setsockopt(sniff_fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	if (setsockopt(sniff_fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog,
		       sizeof(prog)) < 0)
		perror("xinject: SO_ATTACH_FILTER (sniffing everything)");
}

/* pace - sleep so that sent segments took at least sent / pps seconds */
/* set by SIGTERM and SIGINT: send no more batches */
static volatile sig_atomic_t stopping;

static void on_stop(int sig)
{
	(void)sig;
	stopping = 1;
}

static void pace(long sent, double t0, long pps)
{
	double ahead;

	if (pps <= 0)
		return;
	ahead = t0 + (double)sent / pps - now();
	if (ahead > 0)
		usleep(ahead * 1e6);
}

/* start - the SYNs of the "syn:" targets, then an ACK out of the window
 * to each target, which its socket answers with an ACK: its numbers. */
static int start(void)
{
	int n = 0, i;

	for (i = 0; i < ntargets; i++) {
		struct target *t = &targets[i];

		if (!t->syn)
			continue;
		build_syn(&segs[n++], t->saddr, t->sport, t->daddr, t->dport,
			  t->seq);
		t->seq++;
	}
	if (n && send_batch(n) < 0)
		return -1;
	usleep(100000);
	sniff();
	for (n = 0, i = 0; i < ntargets; i++) {
		struct target *t = &targets[i];

		if (t->known)
			continue;
		tcp_header(&segs[n], t->sport, t->dport, t->seq + (1U << 31),
			   t->ack, TH_ACK, 65535);
		ip_and_csum(&segs[n++], t->saddr, t->daddr);
	}
	if (n && send_batch(n) < 0)
		return -1;
	usleep(200000);
	sniff();
	return 0;
}

int main(int argc, char **argv)
{
	uint32_t net = 0, netsize = 0;
	struct in_addr daddr = {0}, laddr = {0};
	uint16_t dport = 0, lport = 0;
	long count = 1, pps = 0, sent = 0;
	const char *mode, *env;
	int opt, one = 1, have_listen = 0;
	/* SA_RESTART: a batch in flight completes; a pacing sleep ends */
	struct sigaction sa = { .sa_handler = on_stop, .sa_flags = SA_RESTART };
	uint32_t base;
	double t0;

	if (argc < 2)
		return usage();
	mode = argv[1];
	env = getenv("XTCP_PROTO");
	if (env)
		proto = atoi(env);
	rng = (uint64_t)time(NULL) * 2654435761u ^ getpid();
	optind = 2;
	while ((opt = getopt(argc, argv, "P:n:r:S:d:s:l:t:")) != -1) {
		switch (opt) {
		case 'P':
			proto = atoi(optarg);
			break;
		case 'n':
			count = atol(optarg);
			break;
		case 'r':
			pps = atol(optarg);
			break;
		case 'S':
			rng = strtoull(optarg, NULL, 0) * 2654435761u + 1;
			break;
		case 'd':
			if (parse_ap(optarg, &daddr, &dport))
				return usage();
			break;
		case 's':
			if (parse_net(optarg, &net, &netsize))
				return usage();
			break;
		case 'l':
			if (parse_ap(optarg, &laddr, &lport))
				return usage();
			have_listen = 1;
			break;
		case 't':
			if (parse_target(optarg))
				return usage();
			break;
		default:
			return usage();
		}
	}
	if (!rng)
		rng = 1;
	if (strcmp(mode, "syn") && strcmp(mode, "fuzz") && strcmp(mode, "blind"))
		return usage();
	if (!strcmp(mode, "syn") && (!dport || !netsize))
		return usage();
	if (strcmp(mode, "syn") && !ntargets && !have_listen)
		return usage();
	if (have_listen && !netsize)
		return usage();

	raw_fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	if (raw_fd < 0) {
		perror("xinject: raw socket");
		return 1;
	}
	setsockopt(raw_fd, IPPROTO_IP, IP_HDRINCL, &one, sizeof(one));
	if (!strcmp(mode, "fuzz")) {
		sniff_open();
		if (start() < 0)
			return 1;
	}

	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	base = rnd();
	t0 = now();
	while (sent < count && !stopping) {
		int n = count - sent < BATCH ? count - sent : BATCH;

		for (int i = 0; i < n; i++) {
			struct seg *g = &segs[i];
			struct in_addr src;
			long k = sent + i;

			if (!strcmp(mode, "syn")) {
				src.s_addr = htonl(net + below(netsize));
				build_syn(g, src, htons(1024 + below(64512)),
					  daddr, dport, rnd());
			} else if (!strcmp(mode, "blind")) {
				/* step through the space: count / 3 of each kind */
				uint32_t step = 0xffffffffU / (count / 3 + 1);

				build_blind(g, &targets[k % ntargets],
					    base + (k / 3) * step,
					    k % 3);
			} else if (have_listen && (!ntargets || !below(ntargets + 1))) {
				struct target l = {
					.daddr = laddr, .dport = lport,
					.seq = rnd(), .ack = rnd(),
				};

				src.s_addr = htonl(net + below(netsize));
				build_fuzz(g, &l, src, htons(1024 + below(64512)));
			} else {
				const struct target *t = &targets[below(ntargets)];

				build_fuzz(g, t, t->saddr, t->sport);
			}
		}
		if (send_batch(n) < 0)
			return 1;
		sent += n;
		if (sniff_fd >= 0)
			sniff();
		pace(sent, t0, pps);
	}
	t0 = now() - t0;
	printf("xinject: %s sent %ld segments in %.2f s, %.0f/s\n", mode, sent,
	       t0, sent / (t0 > 0 ? t0 : 1e-6));
	if (!strcmp(mode, "fuzz")) {
		int known = 0;

		for (int i = 0; i < ntargets; i++)
			known += targets[i].known;
		printf("xinject: learned the numbers of %d of %d targets\n",
		       known, ntargets);
	}
	return 0;
}
