/*
 * rss FILE CMD [ARG...] - run CMD (stdin, stdout and stderr passed through)
 * and write its peak resident set size in KiB to FILE.  Exits with CMD's
 * status, or 128 + the signal that ended it, as a shell does; 127 when CMD
 * cannot be run.  For the resource-limit suite (tests/t-limits.sh) and
 * bench/rss.sh: the figure is the child's own (wait4), not the shell's.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	if (argc < 3) {
		fputs("usage: rss FILE CMD [ARG...]\n", stderr);
		return 127;
	}
	pid_t pid = fork();
	if (pid < 0) {
		perror("rss: fork");
		return 127;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		perror("rss: exec");
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("rss: wait4");
		return 127;
	}
	FILE *out = fopen(argv[1], "w");
	if (!out) {
		perror("rss: output");
		return 127;
	}
	fprintf(out, "%ld\n", ru.ru_maxrss);
	fclose(out);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
