/*
 * fuzz.h - shared by the libFuzzer targets: one arena and one diagnostics
 * run per input, freed at the end, so leaks and use-after-free show up.
 */
#ifndef FUZZ_H
#define FUZZ_H
#include "karpgen.h"

#include <stdint.h>
#include <dirent.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline SrcFile *
fuzz_begin(Arena **a, const uint8_t *data, size_t size, const char *name)
{
	*a = arena_new();
	diag_init(*a);
	return src_from_mem(*a, name, (const char *)data, size);
}

/*
 * Options of a run without taking bytes from the seeds: an optional first
 * line "#fuzz: WORD..." (a comment to HCL and YAML) names them, e.g.
 * "#fuzz: 0.36.2 v1beta1".  fuzz_opts() moves *data past that line and
 * returns its words (a NUL-terminated copy in `a`; "" when there is none);
 * fuzz_opt() tells whether WORD is among them.
 */
static inline const char *
fuzz_opts(Arena *a, const uint8_t **data, size_t *size)
{
	const char *p = (const char *)*data;
	if (*size < 6 || memcmp(p, "#fuzz:", 6) != 0)
		return "";
	const char *nl = memchr(p, '\n', *size);
	size_t n = nl ? (size_t)(nl - p) + 1 : *size;
	char *words = arena_strndup(a, p + 6, n - 6);
	*data += n;
	*size -= n;
	return words;
}

static inline bool
fuzz_opt(const char *words, const char *word)
{
	size_t n = strlen(word);
	for (const char *w = words; (w = strstr(w, word)); w += n)
		if ((w == words || w[-1] == ' ') && (w[n] == ' ' || w[n] == '\n' || w[n] == '\0'))
			return true;
	return false;
}

/* The Karpenter version the words name, else the newest (as karpgen defaults). */
static inline KarpVersion
fuzz_version(const char *words)
{
	KarpVersion kv;
	for (int i = 0; i < karpenter_release_count; i++)
		if (fuzz_opt(words, karpenter_releases[i].name) &&
		    karpenter_version_pick(karpenter_releases[i].name, &kv))
			return kv;
	karpenter_version_pick(karpenter_releases[karpenter_release_count - 1].name, &kv);
	return kv;
}

/*
 * Several input files in one fuzz input, in the shape `head` prints them:
 * each file begins with a line "==> NAME <==" (NAME picks the extension the
 * loader sniffs by); text before the first such line, or all of it when
 * there is none, is a file named `dflt`.  At most FUZZ_MAX_FILES files.
 * fuzz/run.sh bundles the testdata cases of several inputs this way.
 */
enum { FUZZ_MAX_FILES = 8 };

/* The next line "==> NAME <==" at or after p: its start, the name, and the text after it. */
static inline const char *
fuzz_header(const char *p, const char *end, const char *start, const char **name, size_t *len,
    const char **after)
{
	for (const char *h = p; (h = memmem(h, (size_t)(end - h), "==> ", 4)); h += 4) {
		if (h != start && h[-1] != '\n')
			continue;
		const char *nl = memchr(h, '\n', (size_t)(end - h));
		const char *eol = nl ? nl : end;
		if (eol - h < 8 || memcmp(eol - 4, " <==", 4) != 0)
			continue;
		*name = h + 4;
		*len = (size_t)(eol - 4 - *name);
		*after = nl ? nl + 1 : end;
		return h;
	}
	return NULL;
}

static inline int
fuzz_files(Arena *a, const uint8_t *data, size_t size, const char *dflt, SrcFile **out)
{
	const char *start = (const char *)data, *p = start, *end = start + size;
	const char *name = dflt;
	size_t len = strlen(dflt);
	bool named = false;
	int n = 0;
	while (n < FUZZ_MAX_FILES) {
		const char *hn, *after;
		size_t hl;
		const char *h = fuzz_header(p, end, start, &hn, &hl, &after);
		const char *stop = h ? h : end;
		/* text before the first header is a file only when there is some */
		if (named || stop > p || !h)
			out[n++] = src_from_mem(a, arena_strndup(a, name, len), p, (size_t)(stop - p));
		if (!h)
			break;
		name = hn;
		len = hl;
		named = true;
		p = after;
	}
	return n;
}

/*
 * A scratch directory for the targets that write (convert -o, compile -o):
 * fuzz_outdir() is DIR/out inside a directory made once per process;
 * fuzz_outdir_check() aborts when anything but "out" appeared beside it
 * (a name from the input became a path outside the output directory),
 * then removes "out", so the disk never fills.
 */
static char fuzz_base[64];

static inline void
fuzz_rmtree_base(void)
{
	if (fuzz_base[0])
		rmdir(fuzz_base);
}

static inline const char *
fuzz_outdir(void)
{
	static char out[80];
	if (!fuzz_base[0]) {
		/* tmpfs when there is one: a kit is written and removed for every input */
		const char *t = getenv("TMPDIR");
		if (!t || !*t || strlen(t) >= 32)
			t = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
		snprintf(fuzz_base, sizeof fuzz_base, "%s/karpgen-fuzz-XXXXXX", t);
		if (!mkdtemp(fuzz_base))
			abort();
		snprintf(out, sizeof out, "%s/out", fuzz_base);
		atexit(fuzz_rmtree_base);
	}
	return out;
}

static inline int
fuzz_rm(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

static inline void
fuzz_outdir_check(void)
{
	DIR *d = opendir(fuzz_base);
	if (!d)
		abort();
	struct dirent *e;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
		    strcmp(e->d_name, "out") != 0) {
			fprintf(stderr, "fuzz: '%s' written beside the output directory\n", e->d_name);
			abort();
		}
	closedir(d);
	nftw(fuzz_outdir(), fuzz_rm, 16, FTW_DEPTH | FTW_PHYS);
}

static inline void
fuzz_end(Arena *a)
{
	/* render every diagnostic too: the printers see hostile text and locations */
	if (getenv("FUZZ_DEBUG")) {
		/* reproducing an input by hand: FUZZ_DEBUG=1 build/fuzz/fuzz_x FILE shows them */
		DiagOutput o = { .format = FMT_TEXT, .color = COLOR_NEVER };
		diag_print(stderr, &o);
	}
	FILE *null = fopen("/dev/null", "w");
	if (null) {
		DiagOutput o = { .format = FMT_TEXT, .color = COLOR_NEVER };
		diag_print(null, &o);
		o.format = FMT_SARIF;
		diag_print(null, &o);
		fclose(null);
	}
	diag_init(NULL);
	arena_free(a);
}
#endif
