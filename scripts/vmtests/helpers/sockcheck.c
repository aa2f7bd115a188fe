// SPDX-License-Identifier: GPL-2.0
/*
 * sockcheck: open a socket the way an xtcp user does and report the result.
 *
 *   sockcheck [-p PROTO] [-t stream|dgram] [-H]
 *
 * Prints "ok" and the socket's SO_DOMAIN/SO_TYPE/SO_PROTOCOL, or the errno
 * name (EPROTONOSUPPORT, ...) on failure. With -H the socket is held open
 * until SIGTERM or SIGINT. Exit status: 0 when the socket opened, 1 if not.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int getint(int fd, int opt)
{
	socklen_t len = sizeof(int);
	int val = -1;

	if (getsockopt(fd, SOL_SOCKET, opt, &val, &len) < 0)
		return -errno;
	return val;
}

int main(int argc, char **argv)
{
	int proto = 253, type = SOCK_STREAM, hold = 0, opt, fd;

	while ((opt = getopt(argc, argv, "p:t:H")) != -1) {
		switch (opt) {
		case 'p':
			proto = atoi(optarg);
			break;
		case 't':
			type = strcmp(optarg, "dgram") ? SOCK_STREAM : SOCK_DGRAM;
			break;
		case 'H':
			hold = 1;
			break;
		default:
			fprintf(stderr, "usage: sockcheck [-p PROTO] [-t stream|dgram] [-H]\n");
			return 2;
		}
	}
	fd = socket(AF_INET, type, proto);
	if (fd < 0) {
		printf("%s\n", strerrorname_np(errno));
		return 1;
	}
	printf("ok domain=%d type=%d protocol=%d\n", getint(fd, SO_DOMAIN),
	       getint(fd, SO_TYPE), getint(fd, SO_PROTOCOL));
	fflush(stdout);
	if (hold) {
		sigset_t set;
		int sig;

		sigemptyset(&set);
		sigaddset(&set, SIGTERM);
		sigaddset(&set, SIGINT);
		sigprocmask(SIG_BLOCK, &set, NULL);
		sigwait(&set, &sig);
	}
	close(fd);
	return 0;
}
