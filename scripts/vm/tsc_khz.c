// SPDX-License-Identifier: GPL-2.0
/*
 * tsc_khz - print the host's TSC frequency in kHz, measured against
 * CLOCK_MONOTONIC_RAW over 200 ms; exit 1 (print nothing) if the TSC is
 * not invariant (constant_tsc and nonstop_tsc in /proc/cpuinfo).
 *
 * Under TCG a guest's RDTSC reads the host's TSC, but a guest kernel
 * cannot calibrate it without an HPET or ACPI PM timer (the PIT is too
 * slow to emulate for it). vm-run.sh passes the figure as tsc_early_khz=
 * to the debug kernel, which has no ACPI, so that it keeps time with the
 * TSC instead of jiffies, which lose the ticks a busy host delays.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <x86intrin.h>

static int invariant_tsc(void)
{
	char line[4096];
	FILE *f = fopen("/proc/cpuinfo", "r");
	int ok = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "flags", 5))
			continue;
		ok = strstr(line, " constant_tsc") && strstr(line, " nonstop_tsc");
		break;
	}
	fclose(f);
	return ok;
}

static uint64_t ns_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

int main(void)
{
	struct timespec nap = { 0, 200 * 1000 * 1000 };
	uint64_t t0, t1, c0, c1;

	if (!invariant_tsc())
		return 1;
	t0 = ns_now();
	c0 = __rdtsc();
	nanosleep(&nap, NULL);
	t1 = ns_now();
	c1 = __rdtsc();
	if (t1 <= t0 || c1 <= c0)
		return 1;
	printf("%llu\n", (unsigned long long)((c1 - c0) * 1000000ull / (t1 - t0)));
	return 0;
}
