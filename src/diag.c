/*
 * diag.c - the diagnostics engine and the rule catalogue.
 *
 * Checks and front-ends call diag(); nothing else prints.  Diagnostics are
 * collected for the whole run, and printed once by emit_diag.c, sorted by
 * input file and position.  diag.c calls nothing but the arena: every file
 * may report.
 */
#include "karpgen.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const RuleInfo rule_table[RULE_COUNT] = {
#define RULE(id, name, sev, summary) { #id, name, sev, summary },
#include "diag.def"
#undef RULE
};

static struct {
	Arena *arena;
	VEC(Diag *) all;
	bool disabled[RULE_COUNT];
	bool werror;
	Diag sink;              /* handle returned for disabled rules */
	Diag **sorted;
	/* kept as diagnostics come: callers ask after each document, so counting is O(1) */
	int count[SEV_ERROR + 1];
	bool fatal;
	bool sev_set[RULE_COUNT];           /* a severity override (.karpgen.yaml) */
	Severity sev_override[RULE_COUNT];
	VEC(const SrcFile *) files;         /* every file read, for the unused suppressions */
	int muted;
	int files_done;                     /* diag_unused_suppressions() scanned D.files up to here */
	VEC(char) has_marker;               /* by file index: 0 not looked at, 1 no marker, 2 some */
	VEC(struct SuppUse { const SrcFile *f; int line; RuleId rule; }) used;
	/* the caps (0: none) and what each cut: a flood of one finding must not hold the run's memory */
	int max_run, max_rule, kept[RULE_COUNT], cut[RULE_COUNT], cut_total;
} D;

void
diag_init(Arena *a)
{
	free(D.sorted);
	memset(&D, 0, sizeof D);
	D.arena = a;
	diag_set_max(LIMIT_DIAGNOSTICS);
}

void
diag_set_max(int n)
{
	D.max_run = n;
	D.max_rule = n > 0 ? (n + 4) / 5 : 0;
}

int
diag_cut(RuleId r)
{
	return D.cut[r];
}

int
diag_cut_total(void)
{
	return D.cut_total;
}

/*
 * An input that could not be read, is not well-formed or exceeds a limit
 * leaves nothing to check: turning its rule off would make a missing input
 * pass.  These stay on whatever asks (--disable, a configuration).
 */
bool
diag_can_disable(RuleId r)
{
	return r != KG100 && r != KG101 && r != KG102;
}

void
diag_disable(RuleId r)
{
	if (diag_can_disable(r))
		D.disabled[r] = true;
}

void
diag_set_werror(bool on)
{
	D.werror = on;
}

void
diag_set_severity(RuleId r, Severity sev)
{
	if (!diag_can_disable(r))
		return;     /* an input not read stays an error, as it stays on */
	D.sev_set[r] = true;
	D.sev_override[r] = sev;
}

/* ------------------------------------------------------------ suppressions */

/*
 * Inline suppressions: a comment `# karpgen:ignore KG304[,KG222...] reason`
 * (`//` in HCL too) at the end of the line a diagnostic is reported on, or
 * alone on the line above it.  Rules are ids or names, separated by commas
 * or spaces; the first word that names no rule starts the reason.  Input
 * and I/O rules (KG100-KG102) are never suppressed: they mean the run did
 * not see the input.
 */
static const char marker[] = "karpgen:ignore";

void
diag_mute(bool on)
{
	D.muted += on ? 1 : -1;
}

void
diag_track_file(const SrcFile *f)
{
	if (D.arena && f && !D.muted)
		VEC_PUSH(D.arena, D.files, f);
}

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
		return memmem(f->text, f->len, marker, sizeof marker - 1) != NULL;
	while (D.has_marker.n <= f->index)
		VEC_PUSH(D.arena, D.has_marker, 0);
	char *c = &D.has_marker.v[f->index];
	if (!*c)
		*c = memmem(f->text, f->len, marker, sizeof marker - 1) ? 2 : 1;
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
			VEC_PUSH(D.arena, D.used, u);
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
	if (D.disabled[rule])
		return false;
	for (int i = 0; i < D.used.n; i++)
		if (D.used.v[i].f == c->f && D.used.v[i].line == c->line && (int)D.used.v[i].rule == rule)
			return false;
	Diag *d = diag(KG113, &at, "suppression of '%s' suppresses nothing", rule_table[rule].id);
	diag_note(d, NULL, "remove it, or put it at the end of the reported line or alone on the line above");
	return false;
}

void
diag_unused_suppressions(void)
{
	/* each file once, when lint --hook checks one directory after another */
	for (int i = D.files_done; i < D.files.n; i++) {
		const SrcFile *f = D.files.v[i];
		const char *p = f->text, *end = f->text + f->len;
		while ((p = memmem(p, (size_t)(end - p), marker, sizeof marker - 1))) {
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
	D.files_done = D.files.n;
}

int
rule_lookup(const char *s)
{
	for (int i = 0; i < RULE_COUNT; i++)
		if (strcasecmp(s, rule_table[i].id) == 0 || strcmp(s, rule_table[i].name) == 0)
			return i;
	return -1;
}

Diag *
vdiag(RuleId rule, Severity sev, const Loc *loc, const char *fmt, va_list ap)
{
	if (D.disabled[rule] || !D.arena || D.muted || (loc && suppressed(rule, loc))) {
		D.sink.notes.n = 0;
		return &D.sink;
	}
	if (D.sev_set[rule])
		sev = D.sev_override[rule];
	sev = (D.werror && sev == SEV_WARNING) ? SEV_ERROR : sev;
	if (D.max_run > 0 && (D.all.n >= D.max_run || D.kept[rule] >= D.max_rule)) {
		/* counted (the exit status and the summary stay true), not kept */
		D.count[sev]++;
		D.fatal |= (rule == KG100 || rule == KG102) && sev == SEV_ERROR;
		D.cut[rule]++;
		D.cut_total++;
		D.sink.notes.n = 0;
		return &D.sink;
	}
	D.kept[rule]++;
	Diag *d = arena_alloc(D.arena, sizeof *d);
	d->rule = rule;
	d->sev = sev;
	if (loc)
		d->loc = *loc;
	d->msg = arena_vprintf(D.arena, fmt, ap);
	d->seq = D.all.n;
	VEC_PUSH(D.arena, D.all, d);
	D.count[d->sev]++;
	D.fatal |= (rule == KG100 || rule == KG102) && d->sev == SEV_ERROR;  /* a skipped link is a warning */
	return d;
}

Diag *
diag(RuleId rule, const Loc *loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	Diag *d = vdiag(rule, rule_table[rule].severity, loc, fmt, ap);
	va_end(ap);
	return d;
}

Diag *
diag_sev(RuleId rule, Severity sev, const Loc *loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	Diag *d = vdiag(rule, sev, loc, fmt, ap);
	va_end(ap);
	return d;
}

void
diag_note(Diag *d, const Loc *loc, const char *fmt, ...)
{
	if (d == &D.sink)
		return;
	DiagNote n = { 0 };
	if (loc)
		n.loc = *loc;
	va_list ap;
	va_start(ap, fmt);
	n.msg = arena_vprintf(D.arena, fmt, ap);
	va_end(ap);
	VEC_PUSH(D.arena, d->notes, n);
}

int
diag_count(Severity sev)
{
	return sev >= SEV_NOTE && sev <= SEV_ERROR ? D.count[sev] : 0;
}

bool
diag_fatal(void)
{
	return D.fatal;
}

static int
cmp_diag(const void *pa, const void *pb)
{
	const Diag *a = *(Diag *const *)pa, *b = *(Diag *const *)pb;
	int fa = a->loc.file ? a->loc.file->index : -1;
	int fb = b->loc.file ? b->loc.file->index : -1;
	if (fa != fb)
		return fa < fb ? -1 : 1;
	if (a->loc.line != b->loc.line)
		return a->loc.line < b->loc.line ? -1 : 1;
	if (a->loc.col != b->loc.col)
		return a->loc.col < b->loc.col ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

Diag *const *
diag_sorted(int *n)
{
	free(D.sorted);
	D.sorted = malloc(((size_t)D.all.n + 1) * sizeof *D.sorted);
	if (!D.sorted)
		fatal_oom();
	if (D.all.n)
		memcpy(D.sorted, D.all.v, (size_t)D.all.n * sizeof *D.sorted);
	qsort(D.sorted, (size_t)D.all.n, sizeof *D.sorted, cmp_diag);
	*n = D.all.n;
	return D.sorted;
}

void
diag_set_fatal(void)
{
	D.fatal = true;
}
