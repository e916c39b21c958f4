/*
 * hold.c - an LD_PRELOAD shim for t-careless.sh: chmod() of karpgen's
 * temporary kit directory ('.karpgen-*') first waits until a line can be
 * read from the FIFO named by KARPGEN_HOLD, so that a test can send a signal
 * while that directory certainly exists, then let the run go on.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int
chmod(const char *path, mode_t mode)
{
	int (*real)(const char *, mode_t) = (int (*)(const char *, mode_t))dlsym(RTLD_NEXT, "chmod");
	const char *fifo = getenv("KARPGEN_HOLD");
	if (fifo && strstr(path, ".karpgen-")) {
		int fd = open(fifo, O_RDONLY);
		char c;
		if (fd >= 0) {
			while (read(fd, &c, 1) == 1 && c != '\n')
				;
			close(fd);
		}
	}
	return real(path, mode);
}
