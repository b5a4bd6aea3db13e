/* abtime.c - time two programs in alternating runs, so both meet the same
 * load on a shared machine (hyperfine runs one command's runs together).
 *
 *   cc -O2 -o build/abtime tools/abtime.c
 *   build/abtime 400 OLD/dpagen build/dpagen render examples/screenpublisher.yaml -f html -o /dev/null
 *
 * Runs A and B one after the other N times (after 5 warm-up pairs), with
 * stdout and stderr to /dev/null, and prints per program the minimum,
 * 25th percentile and median wall time and the median CPU time (user +
 * system, from wait4) in milliseconds.  Not part of the build or the suite. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { WARMUP = 5, MAX_ARGS = 64 };

static double
now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* One run of argv; its wall time and CPU time in ms, or -1 on failure. */
static int
run_once(char **argv, double *wall, double *cpu)
{
	double t0 = now_ms();
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);
		if (fd >= 0) {
			dup2(fd, STDOUT_FILENO);
			dup2(fd, STDERR_FILENO);
		}
		execv(argv[0], argv);
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0)
		return -1;
	*wall = now_ms() - t0;
	*cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
	    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
	return WIFEXITED(status) && WEXITSTATUS(status) != 127 ? 0 : -1;
}

int
main(int argc, char **argv)
{
	if (argc < 4 || argc - 4 > MAX_ARGS - 2) {
		fprintf(stderr, "usage: abtime N PROGRAM_A PROGRAM_B [ARG...]\n");
		return 2;
	}
	int n = atoi(argv[1]);
	if (n < 1)
		n = 1;
	double *wall[2], *cpu[2];
	for (int k = 0; k < 2; k++) {
		wall[k] = calloc((size_t)n, sizeof(double));
		cpu[k] = calloc((size_t)n, sizeof(double));
		if (!wall[k] || !cpu[k])
			return 2;
	}
	for (int i = 0; i < n + WARMUP; i++)
		for (int k = 0; k < 2; k++) {
			char *av[MAX_ARGS];
			av[0] = argv[2 + k];
			for (int j = 4; j < argc; j++)
				av[j - 3] = argv[j];
			av[argc - 3] = NULL;
			double w, c;
			if (run_once(av, &w, &c) != 0) {
				fprintf(stderr, "abtime: %s failed\n", av[0]);
				return 1;
			}
			if (i >= WARMUP) {
				wall[k][i - WARMUP] = w;
				cpu[k][i - WARMUP] = c;
			}
		}
	for (int k = 0; k < 2; k++) {
		qsort(wall[k], (size_t)n, sizeof(double), cmp_double);
		qsort(cpu[k], (size_t)n, sizeof(double), cmp_double);
		printf("%-32s wall min %.3f  p25 %.3f  median %.3f   cpu median %.3f ms\n", argv[2 + k],
		    wall[k][0], wall[k][n / 4], wall[k][n / 2], cpu[k][n / 2]);
		free(wall[k]);
		free(cpu[k]);
	}
	return 0;
}
