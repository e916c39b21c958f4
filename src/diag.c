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
	if (D.disabled[rule] || !D.arena) {
		D.sink.notes.n = 0;
		return &D.sink;
	}
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
