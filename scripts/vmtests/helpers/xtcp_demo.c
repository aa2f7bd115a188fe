// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp_demo: a client and a server talking over socket(AF_INET,
 * SOCK_STREAM, PROTO), each printing every call it makes and its result.
 *
 *   xtcp_demo [-p PROTO] [-P PORT]
 *
 * The server (a child process) binds 127.0.0.1:PORT, listens, accepts one
 * connection, reads a line and answers it in upper case. The client
 * connects, sends a line and reads the answer. A side whose call fails
 * says so and stops. When /proc/net/xtcp exists, its lines for PORT are
 * shown after every step. Exit status 0 only if the whole exchange worked.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static int proto = 253, port = 5001;

static void say(const char *who, const char *fmt, ...)
{
	va_list ap;

	printf("%-6s ", who);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

/* Report a call's result; returns 0 if it succeeded. */
static int step(const char *who, const char *call, long ret)
{
	if (ret < 0) {
		say(who, "%s = -1 %s (%s)", call, strerrorname_np(errno),
		    strerror(errno));
		return -1;
	}
	say(who, "%s = %ld", call, ret);
	return 0;
}

static void show_states(const char *who)
{
	char line[512], hexport[8];
	FILE *f = fopen("/proc/net/xtcp", "r");

	if (!f)
		return;
	snprintf(hexport, sizeof(hexport), ":%04X", port);
	while (fgets(line, sizeof(line), f))
		if (strstr(line, hexport))
			printf("%-6s   /proc/net/xtcp: %s", who, line);
	fclose(f);
}

static struct sockaddr_in addr(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };

	sin.sin_port = htons(port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return sin;
}

static int server(int ready)
{
	struct sockaddr_in sin = addr();
	char buf[256];
	int fd, cfd, one = 1;
	ssize_t n;

	fd = socket(AF_INET, SOCK_STREAM, proto);
	if (step("server", "socket(AF_INET, SOCK_STREAM, proto)", fd) ||
	    step("server", "setsockopt(SO_REUSEADDR)",
		 setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one))) ||
	    step("server", "bind(127.0.0.1)",
		 bind(fd, (struct sockaddr *)&sin, sizeof(sin))) ||
	    step("server", "listen(8)", listen(fd, 8))) {
		close(ready);
		return 1;
	}
	show_states("server");
	if (write(ready, "L", 1) != 1)
		return 1;
	close(ready);
	cfd = accept(fd, NULL, NULL);
	if (step("server", "accept()", cfd))
		return 1;
	show_states("server");
	n = read(cfd, buf, sizeof(buf) - 1);
	if (step("server", "read()", n))
		return 1;
	buf[n] = '\0';
	say("server", "got \"%.*s\"", (int)strcspn(buf, "\n"), buf);
	for (ssize_t i = 0; i < n; i++)
		buf[i] = toupper((unsigned char)buf[i]);
	if (step("server", "write(reply)", write(cfd, buf, n)) ||
	    step("server", "close(connection)", close(cfd)) ||
	    step("server", "close(listener)", close(fd)))
		return 1;
	return 0;
}

static int client(void)
{
	struct sockaddr_in sin = addr();
	const char msg[] = "hello over xtcp\n";
	char buf[256];
	ssize_t n;
	int fd;

	fd = socket(AF_INET, SOCK_STREAM, proto);
	if (step("client", "socket(AF_INET, SOCK_STREAM, proto)", fd) ||
	    step("client", "connect(127.0.0.1)",
		 connect(fd, (struct sockaddr *)&sin, sizeof(sin))))
		return 1;
	show_states("client");
	if (step("client", "write(\"hello over xtcp\")",
		 write(fd, msg, strlen(msg))))
		return 1;
	n = read(fd, buf, sizeof(buf) - 1);
	if (step("client", "read()", n))
		return 1;
	buf[n] = '\0';
	say("client", "got \"%.*s\"", (int)strcspn(buf, "\n"), buf);
	if (step("client", "close()", close(fd)))
		return 1;
	show_states("client");
	return strncmp(buf, "HELLO OVER XTCP", 15) != 0;
}

int main(int argc, char **argv)
{
	int pipefd[2], opt, status, crc = 1;
	char c;
	pid_t pid;

	while ((opt = getopt(argc, argv, "p:P:")) != -1) {
		if (opt == 'p')
			proto = atoi(optarg);
		else if (opt == 'P')
			port = atoi(optarg);
		else
			return 2;
	}
	if (pipe(pipefd) < 0)
		return 2;
	pid = fork();
	if (pid == 0) {
		close(pipefd[0]);
		_exit(server(pipefd[1]));
	}
	close(pipefd[1]);
	if (read(pipefd[0], &c, 1) == 1)
		crc = client();
	else
		say("client", "not started: the server is not listening");
	waitpid(pid, &status, 0);
	if (crc == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		say("demo", "exchange complete");
		return 0;
	}
	say("demo", "exchange did not complete");
	return 1;
}
