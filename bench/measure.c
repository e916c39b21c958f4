/*
 * measure RUNS CMD [ARG...] - run a command RUNS times (output discarded) and
 * print "median_ms peak_kib": the median wall time and the largest peak RSS
 * of the runs (getrusage of the child).  Exit status 1 counts as a run (lint
 * exits 1 on findings); 2 or more, or a signal, means the command failed: the
 * figures are printed as "- -" so that nothing reads a failure as speed.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	if (argc < 3) {
		fputs("usage: measure RUNS CMD [ARG...]\n", stderr);
		return 2;
	}
	int runs = atoi(argv[1]);
	if (runs < 1 || runs > 1000)
		runs = 5;
	double *ms = calloc((size_t)runs, sizeof *ms);
	long peak = 0;
	int failed = 0;
	for (int i = 0; i < runs; i++) {
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		pid_t pid = fork();
		if (pid == 0) {
			int fd = open("/dev/null", O_WRONLY);
			dup2(fd, 1);
			dup2(fd, 2);
			execvp(argv[2], argv + 2);
			_exit(127);
		}
		int status;
		struct rusage ru;
		wait4(pid, &status, 0, &ru);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ms[i] = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
		if (ru.ru_maxrss > peak)
			peak = ru.ru_maxrss;
		if (!WIFEXITED(status) || WEXITSTATUS(status) >= 2)
			failed = 1, fprintf(stderr, "measure: '%s' exited with status %d\n", argv[2],
			    WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	}
	if (failed) {
		puts("- -");
		free(ms);
		return 1;
	}
	qsort(ms, (size_t)runs, sizeof *ms, cmp);
	printf("%.2f %ld\n", ms[runs / 2], peak);
	free(ms);
	return 0;
}
