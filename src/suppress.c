/*
 * suppress.c - inline suppressions: `# karpgen:ignore KGnnn reason`.
 *
 * main registers suppressed() as the diagnostics engine's filter
 * (suppress_init); after the checks, suppress_report_unused() reports each
 * suppression that suppressed nothing (KG113).  Kept out of diag.c so that
 * the engine calls nothing above the arena (srcfile.c reports through it).
 */
#include "karpgen.h"

#include <string.h>

static struct {
	Arena *arena;
	int files_done;                     /* suppress_report_unused() scanned the files up to here */
	VEC(char) has_marker;               /* by file index: 0 not looked at, 1 no marker, 2 some */
	VEC(struct SuppUse { const SrcFile *f; int line; RuleId rule; }) used;
} S;

/*
 * Inline suppressions: a comment `# karpgen:ignore KG304[,KG222...] reason`
 * (`//` in HCL too) at the end of the line a diagnostic is reported on, or
 * alone on the line above it.  Rules are ids or names, separated by commas
 * or spaces; the first word that names no rule starts the reason.  Input
 * and I/O rules (KG100-KG102) are never suppressed: they mean the run did
 * not see the input.
 */
static const char marker[] = "karpgen:ignore";

/* Where a comment starts on the line (the byte of '#' or "//"), or len: none before `upto`. */
static size_t
comment_start(const char *s, size_t len, size_t upto)
{
	for (size_t i = 0; i < upto && i < len; i++)
		if (s[i] == '#' || (s[i] == '/' && i + 1 < len && s[i + 1] == '/'))
			return i;
	return len;
}

/* Calls fn(rule, offset of the word in the line, word length) for each rule the marker names; -1 rule: unknown word that looks like a rule id. */
typedef bool (*SuppFn)(int rule, size_t off, size_t wlen, void *ctx);

static bool
supp_words(const char *s, size_t len, size_t from, SuppFn fn, void *ctx)
{
	size_t i = from;
	for (;;) {
		while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == ','))
			i++;
		size_t w = i;
		while (i < len && s[i] != ' ' && s[i] != '\t' && s[i] != ',')
			i++;
		if (i == w || i - w >= 64)
			return false;
		char word[64];
		memcpy(word, s + w, i - w);
		word[i - w] = '\0';
		if (i - w > 1 && word[i - w - 1] == ':')
			word[i - w - 1] = '\0';    /* "KG304: reason" */
		int r = rule_lookup(word);
		bool idlike = (word[0] == 'K' || word[0] == 'k') && (word[1] == 'G' || word[1] == 'g') &&
		    word[2] >= '0' && word[2] <= '9';
		if (r < 0 && !idlike)
			return false;
		if (fn(r, w, i - w, ctx))
			return true;
	}
}

/* The marker on line `line` of f, if it is in a comment: the offset just past it in the line. */
static const char *
marker_on(const SrcFile *f, int line, size_t *len, size_t *after, bool alone)
{
	if (line < 1 || line > f->nlines)
		return NULL;
	const char *s = src_line(f, line, len);
	if (*len > 1 << 16)
		return NULL;    /* no comment line is that long; a flood on it stays linear */
	const char *m = memmem(s, *len, marker, sizeof marker - 1);
	if (!m)
		return NULL;
	size_t at = (size_t)(m - s), c = comment_start(s, *len, at);
	if (c == *len)
		return NULL;
	if (alone) {
		/* above the line: a comment line of its own, so a trailing one covers only its line */
		for (size_t i = 0; i < c; i++)
			if (s[i] != ' ' && s[i] != '\t')
				return NULL;
	}
	*after = at + sizeof marker - 1;
	return s;
}

typedef struct SuppMatch { int rule; bool hit; } SuppMatch;

static bool
supp_match(int rule, size_t off, size_t wlen, void *ctx)
{
	(void)off, (void)wlen;
	SuppMatch *m = ctx;
	if (rule == m->rule)
		m->hit = true;
	return m->hit;
}

/*
 * Whether the file holds a marker at all, looked at once per file: a flood
 * of diagnostics on one long line (a 60 MB one-line JSON) must not search
 * that line once per diagnostic.
 */
static bool
file_has_marker(const SrcFile *f)
{
	if (f->index < 0 || f->index > LIMIT_INPUTS * 4)
		return src_find(f, 0, marker, sizeof marker - 1) != NULL;
	while (S.has_marker.n <= f->index)
		VEC_PUSH(S.arena, S.has_marker, 0);
	char *c = &S.has_marker.v[f->index];
	if (!*c)
		*c = src_find(f, 0, marker, sizeof marker - 1) ? 2 : 1;
	return *c == 2;
}

static bool
suppressed(RuleId rule, const Loc *loc)
{
	if (rule <= KG102 || !loc->file || loc->line < 1 || !loc->file->line_off || !file_has_marker(loc->file))
		return false;
	for (int k = 0; k < 2; k++) {
		int line = loc->line - k;
		size_t len, after;
		const char *s = marker_on(loc->file, line, &len, &after, k == 1);
		SuppMatch m = { (int)rule, false };
		if (s && (supp_words(s, len, after, supp_match, &m), m.hit)) {
			struct SuppUse u = { loc->file, line, rule };
			VEC_PUSH(S.arena, S.used, u);
			return true;
		}
	}
	return false;
}

typedef struct SuppCheck { const SrcFile *f; int line; const char *s; bool named; } SuppCheck;

static bool
supp_check(int rule, size_t off, size_t wlen, void *ctx)
{
	SuppCheck *c = ctx;
	c->named = true;
	size_t base = (size_t)(c->s - c->f->text);
	Loc at = loc_at(c->f, base + off, base + off + wlen);
	if (rule < 0) {
		Diag *d = diag(KG113, &at, "unknown rule '%.*s' in a suppression", (int)wlen, c->s + off);
		diag_note(d, NULL, "'karpgen rules' lists the rules");
		return false;
	}
	if (diag_disabled((RuleId)rule))
		return false;
	for (int i = 0; i < S.used.n; i++)
		if (S.used.v[i].f == c->f && S.used.v[i].line == c->line && (int)S.used.v[i].rule == rule)
			return false;
	Diag *d = diag(KG113, &at, "suppression of '%s' suppresses nothing", rule_table[rule].id);
	diag_note(d, NULL, "remove it, or put it at the end of the reported line or alone on the line above");
	return false;
}

void
suppress_report_unused(void)
{
	/* each file once, when lint --hook checks one directory after another */
	int nfiles;
	const SrcFile *const *files = diag_files(&nfiles);
	for (int i = S.files_done; i < nfiles; i++) {
		const SrcFile *f = files[i];
		const char *p = f->text;
		while ((p = src_find(f, (size_t)(p - f->text), marker, sizeof marker - 1))) {
			int line, col;
			src_linecol(f, (size_t)(p - f->text), &line, &col);
			size_t len, after;
			const char *s = marker_on(f, line, &len, &after, false);
			SuppCheck c = { f, line, s, false };
			if (s && !supp_words(s, len, after, supp_check, &c) && !c.named) {
				Loc at = loc_at(f, (size_t)(p - f->text), (size_t)(p - f->text) + sizeof marker - 1);
				Diag *d = diag(KG113, &at, "suppression names no rule");
				diag_note(d, NULL, "name the rules it is for: '# karpgen:ignore KG304 reason'");
			}
			p += sizeof marker - 1;
		}
	}
	S.files_done = nfiles;
}

void
suppress_init(Arena *a)
{
	memset(&S, 0, sizeof S);
	S.arena = a;
	diag_set_filter(a ? suppressed : NULL);
}
