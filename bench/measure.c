/*
 * measure RUNS CMD [ARG...] - run a command RUNS times (output discarded) and
 * print "median_ms peak_kib cpu_ms": the median wall time, the largest peak RSS
 * of the runs and the median CPU time (user + system, getrusage of the child).
 * On a loaded machine the CPU time is the figure to compare: wall time also
 * counts the time the run waited for a core.  MEASURE_BEFORE, when set, is a
 * shell command run before each run and not timed (compile's bench removes the
 * previous kit with it, which would otherwise count as compile's time).  Exit status 1 counts as a run (lint
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
	double *cpu = calloc((size_t)runs, sizeof *cpu);
	long peak = 0;
	int failed = 0;
	const char *before = getenv("MEASURE_BEFORE");
	for (int i = 0; i < runs; i++) {
		struct timespec t0, t1;
		if (before && *before && system(before) != 0) {
			fprintf(stderr, "measure: '%s' failed\n", before);
			failed = 1;
			break;
		}
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
		cpu[i] = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
		    (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
		if (ru.ru_maxrss > peak)
			peak = ru.ru_maxrss;
		if (!WIFEXITED(status) || WEXITSTATUS(status) >= 2)
			failed = 1, fprintf(stderr, "measure: '%s' exited with status %d\n", argv[2],
			    WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	}
	if (failed) {
		puts("- - -");
		free(ms);
		free(cpu);
		return 1;
	}
	qsort(ms, (size_t)runs, sizeof *ms, cmp);
	qsort(cpu, (size_t)runs, sizeof *cpu, cmp);
	printf("%.2f %ld %.2f\n", ms[runs / 2], peak, cpu[runs / 2]);
	free(ms);
	free(cpu);
	return 0;
}
