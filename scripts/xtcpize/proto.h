/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcpize: xtcp's protocol number, shared by the launcher (xtcpize.c) and
 * the preload library (libxtcpize.c). open() and read(), not stdio, so
 * the library allocates nothing inside the program it runs in.
 */
#ifndef XTCPIZE_PROTO_H
#define XTCPIZE_PROTO_H

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#define XTCP_PARAM	"/sys/module/xtcp/parameters/protocol"
/* module/interop.h: interop mode, at xtcp's level (its protocol number) */
#define XTCP_INTEROP	1000

/* parse_proto() - @s as a protocol number 1-255, or 0. */
static inline int parse_proto(const char *s)
{
	char *end;
	long v;

	if (!s || !*s)
		return 0;
	v = strtol(s, &end, 10);
	if ((*end && *end != '\n') || v < 1 || v > 255)
		return 0;
	return v;
}

/* param_proto() - the loaded module's protocol= parameter, or 0. */
static inline int param_proto(void)
{
	char buf[16];
	ssize_t n;
	int fd;

	fd = open(XTCP_PARAM, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return parse_proto(buf);
}

#endif /* XTCPIZE_PROTO_H */
