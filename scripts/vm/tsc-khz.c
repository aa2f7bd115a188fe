// SPDX-License-Identifier: GPL-2.0
/*
 * tsc-khz: print the host's TSC frequency in kHz, measured against
 * CLOCK_MONOTONIC_RAW over 200 ms (the median of five), for the debug
 * kernel's tsc_early_khz= (scripts/vm-run.sh): under TCG the guest's TSC
 * is the host's, and the guest, which has no HPET nor ACPI PM timer to
 * calibrate it against, cannot measure it itself. Exit status 1 if the
 * CPU has no invariant TSC (constant rate whatever the CPU's frequency).
 */
#include <cpuid.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <x86intrin.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(void)
{
	unsigned int eax, ebx, ecx, edx;
	struct timespec nap = { 0, 200 * 1000 * 1000 };
	double khz[5], t0, t1;
	uint64_t c0, c1;
	int i;

	/* CPUID 0x80000007 EDX bit 8: invariant TSC */
	if (!__get_cpuid(0x80000007, &eax, &ebx, &ecx, &edx) ||
	    !(edx & (1u << 8))) {
		fprintf(stderr, "tsc-khz: no invariant TSC\n");
		return 1;
	}
	for (i = 0; i < 5; i++) {
		t0 = now();
		c0 = __rdtsc();
		nanosleep(&nap, NULL);
		c1 = __rdtsc();
		t1 = now();
		khz[i] = (c1 - c0) / (t1 - t0) / 1000;
	}
	qsort(khz, 5, sizeof(khz[0]), cmp);
	printf("%.0f\n", khz[2]);
	return 0;
}
