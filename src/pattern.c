/*
 * pattern.c - the PCRE2 adapter: fixed patterns from pattern.def and the
 * CRD patterns used by the schema engine, each compiled once per run.
 */
#include "karpgen.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

static const char *const pat_text[PAT_COUNT] = {
#define PAT(id, re) re,
#include "pattern.def"
#undef PAT
};

struct Pattern {
	char *text;
	pcre2_code *code;
	struct Pattern *next;
};

static pcre2_code *fixed[PAT_COUNT];
static pcre2_match_data *md;
static struct Pattern *cache;

static pcre2_code *
compile(const char *re, const char **err)
{
	int code;
	PCRE2_SIZE off;
	/* anchored at both ends: \A(?:re)\z */
	size_t n = strlen(re);
	char *full = malloc(n + 16);
	if (!full)
		fatal_oom();
	memcpy(full, "\\A(?:", 5);
	memcpy(full + 5, re, n);
	memcpy(full + 5 + n, ")\\z", 4);
	pcre2_code *c = pcre2_compile((PCRE2_SPTR)full, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &code, &off, NULL);
	free(full);
	if (!c && err) {
		static char msg[256];
		pcre2_get_error_message(code, (PCRE2_UCHAR *)msg, sizeof msg);
		*err = msg;
	}
	if (c)
		pcre2_jit_compile(c, PCRE2_JIT_COMPLETE);
	return c;
}

static bool
run(pcre2_code *c, const char *s, size_t len)
{
	if (!md && !(md = pcre2_match_data_create(1, NULL)))
		fatal_oom();
	return pcre2_match(c, (PCRE2_SPTR)s, len, 0, 0, md, NULL) >= 0;
}

bool
pat_match(PatId p, const char *s, size_t len)
{
	if (!fixed[p] && !(fixed[p] = compile(pat_text[p], NULL)))
		return false;
	return run(fixed[p], s, len);
}

Pattern *
pattern_get(const char *re, const char **err)
{
	for (struct Pattern *p = cache; p; p = p->next)
		if (strcmp(p->text, re) == 0)
			return p->code ? p : NULL;
	struct Pattern *p = calloc(1, sizeof *p);
	if (!p || !(p->text = strdup(re)))
		fatal_oom();
	p->code = compile(re, err);
	p->next = cache;
	cache = p;
	return p->code ? p : NULL;
}

bool
pattern_match(const Pattern *p, const char *s, size_t len)
{
	return run(p->code, s, len);
}

void
pattern_free_all(void)
{
	for (int i = 0; i < PAT_COUNT; i++) {
		pcre2_code_free(fixed[i]);
		fixed[i] = NULL;
	}
	while (cache) {
		struct Pattern *n = cache->next;
		pcre2_code_free(cache->code);
		free(cache->text);
		free(cache);
		cache = n;
	}
	pcre2_match_data_free(md);
	md = NULL;
}
