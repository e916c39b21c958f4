/*
 * check_api.c - Karpenter API validity beyond the structural schema: the
 * CEL rules of the CRDs re-implemented (KG302-KG309, KG301 for the rest),
 * the API versions a target serves (KG320), the cross-document
 * nodeClassRef check (KG304), where the `@latest` alias check binds (KG230,
 * implemented once in check_migration.c), and the few runtime checks the
 * controller makes that the CRDs leave out.
 *
 * The CEL rules are one table, cel_rules[]: the rule text verbatim, the
 * upstream message, the check that implements it and the fix.  The schema
 * engine binds a row wherever a schema carries that rule, so a rule applies
 * in exactly the versions and places the real CRD has it (the `versions`
 * column says which; the unit test holds it to schemas/).  Semantics are
 * CEL's, quirks included (KARPENTER-API.md section 3.6): `find("^([^/]+)")`
 * is the text before the first '/', `endsWith` has no dot boundary, fields
 * read through a default the schema gives them, and a null field is absent.
 */
#include "karpgen.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ helpers */

/* A field of an object; a null field is pruned, as the API server does. */
static const Member *
field(const Value *obj, const char *key)
{
	if (!obj || obj->kind != V_MAP)
		return NULL;
	for (int i = 0; i < obj->n; i++)
		if (strcmp(obj->members[i].key, key) == 0)
			return obj->members[i].val->kind == V_NULL ? NULL : &obj->members[i];
	return NULL;
}

static const Value *
fval(const Value *obj, const char *key)
{
	const Member *m = field(obj, key);
	return m ? m->val : NULL;
}

static bool
str_is(const Value *v, const char *s)
{
	return v && v->kind == V_STR && strcmp(v->s, s) == 0;
}

/* Is `name` one of the comma-separated `list`? */
static bool
in_list(const char *list, const char *name, size_t n)
{
	for (const char *p = list; p && *p;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == n && memcmp(p, name, n) == 0)
			return true;
		p = e ? e + 1 : NULL;
	}
	return false;
}

/* The fields of comma-separated `list` that `obj` has; returns how many. */
static int
has_count(const Value *obj, const char *list)
{
	int n = 0;
	char name[64];
	for (const char *p = list; p && *p;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len < sizeof name) {
			memcpy(name, p, len);
			name[len] = '\0';
			n += field(obj, name) != NULL;
		}
		p = e ? e + 1 : NULL;
	}
	return n;
}

/* A value that still holds a template placeholder explains many failures. */
static void
placeholder_note(Diag *d, const Value *v)
{
	if (v && v->kind == V_STR && (strstr(v->s, "${") || strstr(v->s, "{{") || strstr(v->s, "<<")))
		diag_note(d, NULL, "the value holds a template placeholder: substitute it before validating");
}

/* Report the rule's upstream message at `loc`, for the value at path + sub. */
static Diag *
cel_fail(CelCtx *c, const Loc *loc, const char *sub)
{
	c->errors++;
	Diag *d = diag(c->rule->id, loc, "%s: %s", path_text(c->arena, c->path, sub), c->rule->message);
	if (c->rule->fix)
		diag_note(d, NULL, "%s", c->rule->fix);
	return d;
}

static const char *
idx(CelCtx *c, int i)
{
	return arena_printf(c->arena, "[%d]", i);
}

static const char *
key_sub(CelCtx *c, const char *key)
{
	return arena_printf(c->arena, "[%s]", key);
}

/* ------------------------------------------------------ generic shapes */

/* self != '' */
static void
cel_not_empty(CelCtx *c)
{
	if (c->self->kind == V_STR && c->self->len == 0)
		cel_fail(c, &c->self->loc, NULL);
}

/* self.size() != 0 */
static void
cel_list_not_empty(CelCtx *c)
{
	if (c->self->kind == V_LIST && c->self->n == 0)
		cel_fail(c, c->key_loc, NULL);
}

/* has(self.a) || has(self.b) ... */
static void
cel_has_any(CelCtx *c)
{
	if (has_count(c->self, c->rule->arg) == 0)
		cel_fail(c, c->key_loc, NULL);
}

/* self.all(x, has(x.a) || has(x.b) ...) */
static void
cel_each_has_any(CelCtx *c)
{
	for (int i = 0; i < c->self->n; i++) {
		const Value *x = c->self->items[i];
		if (x->kind == V_MAP && has_count(x, c->rule->arg) == 0)
			cel_fail(c, &x->loc, idx(c, i));
	}
}

/* (has(self.a) && !has(self.b)) || (!has(self.a) && has(self.b)) */
static void
cel_exactly_one(CelCtx *c)
{
	int n = has_count(c->self, c->rule->arg);
	if (n == 1)
		return;
	const Loc *at = c->key_loc;
	if (n > 1) {
		/* point at the second of them: the one to remove, most likely */
		const char *second = strchr(c->rule->arg, ',') + 1;
		at = &field(c->self, second)->key_loc;
	}
	cel_fail(c, at, NULL);
}

/* !(has(self.a) && has(self.b)) */
static void
cel_not_both(CelCtx *c)
{
	if (has_count(c->self, c->rule->arg) > 1)
		cel_fail(c, c->key_loc, NULL);
}

/* Does term `x` have field `first` and any of `others` ("first:o1,o2")? */
static bool
term_mixes(const Value *x, const char *arg, const Loc **at)
{
	char first[32];
	const char *colon = strchr(arg, ':');
	size_t fl = (size_t)(colon - arg);
	if (fl >= sizeof first)
		return false;
	memcpy(first, arg, fl);
	first[fl] = '\0';
	const Member *m = field(x, first);
	if (at && m)
		*at = &m->key_loc;
	return m && has_count(x, colon + 1) > 0;
}

/*
 * !self.all(x, has(x.f) && (has(x.o1) || ...)): the API server rejects the
 * list only when every term mixes.  A term that mixes while another does not
 * passes the server but breaks the documented contract (the fields are
 * exclusive), so it gets a warning of the same rule.
 */
static void
cel_not_all_mix(CelCtx *c)
{
	int mixing = 0;
	for (int i = 0; i < c->self->n; i++)
		mixing += term_mixes(c->self->items[i], c->rule->arg, NULL);
	if (mixing == 0)
		return;
	for (int i = 0; i < c->self->n; i++) {
		const Loc *at = &c->self->items[i]->loc;
		if (!term_mixes(c->self->items[i], c->rule->arg, &at))
			continue;
		if (mixing == c->self->n) {
			cel_fail(c, at, idx(c, i));
			return;
		}
		Diag *d = diag_sev(c->rule->id, SEV_WARNING, at, "%s: %s", path_text(c->arena, c->path, idx(c, i)),
		    c->rule->message);
		diag_note(d, NULL, "the API server accepts it only because another term does not mix them; "
		    "Karpenter documents the fields as exclusive");
		if (c->rule->fix)
			diag_note(d, NULL, "%s", c->rule->fix);
	}
}

/* !self.exists(x, has(x.f) && (has(x.o1) || ...)): any mixing term fails */
static void
cel_none_mix(CelCtx *c)
{
	for (int i = 0; i < c->self->n; i++) {
		const Loc *at = &c->self->items[i]->loc;
		if (term_mixes(c->self->items[i], c->rule->arg, &at))
			cel_fail(c, at, idx(c, i));
	}
}

/* ------------------------------------------------------------ tags */

/* self.all(k, k != '' && self[k] != '') */
static void
cel_tags_nonempty(CelCtx *c)
{
	for (int i = 0; i < c->self->n; i++) {
		const Member *m = &c->self->members[i];
		if (m->key[0] == '\0')
			cel_fail(c, &m->key_loc, key_sub(c, m->key));
		else if (m->val->kind == V_STR && m->val->len == 0)
			cel_fail(c, &m->val->loc, key_sub(c, m->key));
	}
}

/* self.all(k, k != '') */
static void
cel_tag_keys_nonempty(CelCtx *c)
{
	for (int i = 0; i < c->self->n; i++)
		if (c->self->members[i].key[0] == '\0')
			cel_fail(c, &c->self->members[i].key_loc, key_sub(c, ""));
}

/* self.all(k, k != 'K') */
static void
cel_tag_forbidden(CelCtx *c)
{
	for (int i = 0; i < c->self->n; i++)
		if (strcmp(c->self->members[i].key, c->rule->arg) == 0)
			cel_fail(c, &c->self->members[i].key_loc, key_sub(c, c->self->members[i].key));
}

/* self.all(k, !k.startsWith('P')) */
static void
cel_tag_prefix(CelCtx *c)
{
	size_t n = strlen(c->rule->arg);
	for (int i = 0; i < c->self->n; i++)
		if (strncmp(c->self->members[i].key, c->rule->arg, n) == 0)
			cel_fail(c, &c->self->members[i].key_loc, key_sub(c, c->self->members[i].key));
}

/* ------------------------------------------------------------ labels */

/*
 * The label-domain rules, read from their own text (one shape, several
 * allow-lists that differ by version): `X != "K"`, or terms joined by `||`:
 * `X in [list]`, `X.find("^([^/]+)").endsWith("S")` (allowed suffix) and
 * `!X.find("^([^/]+)").endsWith("D")` (the restricted domain).  X is `self`
 * (a requirement key) or `x` inside `self.all(x, ...)` (the keys of a label
 * map).  Spans point into the rule text: nothing is allocated.
 */
typedef struct Span {
	const char *s;
	size_t n;
} Span;

typedef struct LabelRule {
	const CelRule *rule;
	bool ok, each_key;
	Span forbid, domain;
	Span list[48];
	int nlist;
	Span allow[4];
	int nallow;
} LabelRule;

static LabelRule label_rules[32];
static int nlabel_rules;

static const char *
quoted(const char *p, const char *end, Span *out)
{
	const char *q = memchr(p, '"', (size_t)(end - p));
	if (!q)
		return NULL;
	const char *e = memchr(q + 1, '"', (size_t)(end - q - 1));
	if (!e)
		return NULL;
	*out = (Span){ q + 1, (size_t)(e - q - 1) };
	return e + 1;
}

static bool
parse_label_rule(LabelRule *lr, const char *cel)
{
	const char *p = cel, *end = cel + strlen(cel);
	if (strncmp(p, "self.all(x, ", 12) == 0 && end[-1] == ')') {
		lr->each_key = true;
		p += 12;
		end--;
	}
	while (p < end) {
		const char *bar = strstr(p, " || ");
		const char *te = bar && bar < end ? bar : end;
		const char *in = strstr(p, " in [");
		const char *ew = strstr(p, ".endsWith(");
		const char *ne = strstr(p, " != ");
		if (ne && ne < te) {
			if (!quoted(ne, te, &lr->forbid))
				return false;
		} else if (in && in < te) {
			const char *close = memchr(in, ']', (size_t)(end - in));
			if (!close)
				return false;
			const char *q = in + 5;
			while (lr->nlist < 48 && (q = quoted(q, close, &lr->list[lr->nlist])))
				lr->nlist++;
			te = close + 1;
			if (te < end && strncmp(te, " || ", 4) != 0)
				return false;
		} else if (ew && ew < te) {
			Span sp;
			if (!quoted(ew, te, &sp))
				return false;
			if (*p == '!')
				lr->domain = sp;
			else if (lr->nallow < 4)
				lr->allow[lr->nallow++] = sp;
			else
				return false;
		} else {
			return false;
		}
		p = te < end ? te + 4 : end;
	}
	return lr->forbid.s || lr->domain.s;
}

static LabelRule *
label_rule(const CelRule *r)
{
	for (int i = 0; i < nlabel_rules; i++)
		if (label_rules[i].rule == r)
			return &label_rules[i];
	if (nlabel_rules == (int)(sizeof label_rules / sizeof *label_rules))
		return NULL;
	LabelRule *lr = &label_rules[nlabel_rules++];
	memset(lr, 0, sizeof *lr);
	lr->rule = r;
	lr->ok = parse_label_rule(lr, r->cel);
	return lr;
}

static bool
span_eq(Span a, const char *s, size_t n)
{
	return a.n == n && memcmp(a.s, s, n) == 0;
}

static bool
ends_with(const char *s, size_t n, Span suffix)
{
	return n >= suffix.n && memcmp(s + n - suffix.n, suffix.s, suffix.n) == 0;
}

/* false when the rule rejects key k */
static bool
label_allowed(const LabelRule *lr, const char *k, size_t n)
{
	if (lr->forbid.s)
		return !span_eq(lr->forbid, k, n);
	for (int i = 0; i < lr->nlist; i++)
		if (span_eq(lr->list[i], k, n))
			return true;
	/* find("^([^/]+)"): the text before the first '/', "" when k starts with '/' */
	const char *slash = memchr(k, '/', n);
	size_t dn = slash ? (size_t)(slash - k) : n;
	for (int i = 0; i < lr->nallow; i++)
		if (ends_with(k, dn, lr->allow[i]))
			return true;
	return !ends_with(k, dn, lr->domain);
}

static void
label_fail(CelCtx *c, const LabelRule *lr, const Loc *at, const char *sub, const char *k)
{
	Diag *d = cel_fail(c, at, sub);
	if (lr->forbid.s) {
		diag_note(d, NULL, "Karpenter sets '%.*s' on the nodes it creates: remove it", (int)lr->forbid.n,
		    lr->forbid.s);
		return;
	}
	for (int i = 0; i < lr->nlist; i++) {
		char cand[256];
		if (lr->list[i].n >= sizeof cand)
			continue;
		memcpy(cand, lr->list[i].s, lr->list[i].n);
		cand[lr->list[i].n] = '\0';
		size_t kl = strlen(k), cl = strlen(cand);
		size_t common = 0;
		while (common < kl && common < cl && k[common] == cand[common])
			common++;
		if (kl > 0 && cl > 0 && common + 3 >= (kl > cl ? kl : cl)) {
			diag_note(d, NULL, "did you mean '%s'?", cand);
			break;
		}
	}
	diag_note(d, NULL, "keys in the '%.*s' domain are reserved%s: use a domain of your own for your labels",
	    (int)lr->domain.n, lr->domain.s, lr->nlist ? " (but for the well-known ones the rule lists)" : "");
}

static void
cel_label(CelCtx *c)
{
	const LabelRule *lr = label_rule(c->rule);
	if (!lr || !lr->ok)
		return;
	if (lr->each_key && c->self->kind == V_MAP) {
		for (int i = 0; i < c->self->n; i++) {
			const Member *m = &c->self->members[i];
			if (!label_allowed(lr, m->key, strlen(m->key)))
				label_fail(c, lr, &m->key_loc, key_sub(c, m->key), m->key);
		}
	} else if (!lr->each_key && c->self->kind == V_STR) {
		if (!label_allowed(lr, c->self->s, c->self->len))
			label_fail(c, lr, &c->self->loc, NULL, c->self->s);
	}
}

/* ------------------------------------------------------ requirements */

static const Loc *
op_loc(const Value *x)
{
	const Value *op = fval(x, "operator");
	return op ? &op->loc : &x->loc;
}

/* self.all(x, x.operator == 'In' ? x.values.size() != 0 : true) */
static void
cel_req_in(CelCtx *c)
{
	for (int i = 0; i < c->self->n; i++) {
		const Value *x = c->self->items[i];
		if (!str_is(fval(x, "operator"), "In"))
			continue;
		const Value *vals = fval(x, "values");
		if (!vals || (vals->kind == V_LIST && vals->n == 0))
			cel_fail(c, op_loc(x), idx(c, i));
	}
}

/* CEL int(): a base-10 int64, optional sign, nothing else. */
static bool
cel_int(const char *s, size_t n, int64_t *out)
{
	size_t i = 0;
	bool neg = false;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		neg = s[i++] == '-';
	if (i == n)
		return false;
	uint64_t v = 0;
	for (; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		if (v > (UINT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > (uint64_t)INT64_MAX + neg)
		return false;
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return true;
}

/* self.all(x, (x.operator == 'Gt' || ...) ? (x.values.size() == 1 && int(x.values[0]) >= 0) : true) */
static void
cel_req_int(CelCtx *c)
{
	for (int i = 0; i < c->self->n; i++) {
		const Value *x = c->self->items[i], *op = fval(x, "operator");
		if (!op || op->kind != V_STR || !in_list(c->rule->arg, op->s, op->len))
			continue;
		const Value *vals = fval(x, "values");
		int64_t n;
		if (!vals || vals->kind != V_LIST) {
			cel_fail(c, &op->loc, idx(c, i));
		} else if (vals->n != 1) {
			Diag *d = cel_fail(c, &vals->loc, idx(c, i));
			diag_note(d, NULL, "'%s' takes exactly one value; %d given", op->s, vals->n);
		} else if (vals->items[0]->kind == V_STR && !cel_int(vals->items[0]->s, vals->items[0]->len, &n)) {
			Diag *d = cel_fail(c, &vals->items[0]->loc, idx(c, i));
			diag_note(d, NULL, "'%s' is not an integer", vals->items[0]->s);
		} else if (vals->items[0]->kind == V_STR && n < 0) {
			cel_fail(c, &vals->items[0]->loc, idx(c, i));
		}
	}
}

/* self.all(x, (x.operator == 'In' && has(x.minValues)) ? x.values.size() >= x.minValues : true) */
static void
cel_req_min_values(CelCtx *c)
{
	for (int i = 0; i < c->self->n; i++) {
		const Value *x = c->self->items[i];
		const Value *mv = fval(x, "minValues"), *vals = fval(x, "values");
		if (!str_is(fval(x, "operator"), "In") || !mv || mv->kind != V_NUM)
			continue;
		int have = vals && vals->kind == V_LIST ? vals->n : 0;
		if (have < mv->num) {
			Diag *d = cel_fail(c, &mv->loc, idx(c, i));
			diag_note(d, NULL, "minValues is %s; %d value%s given", mv->s ? mv->s : "?", have,
			    have == 1 ? "" : "s");
		}
	}
}

/* ------------------------------------------------------------ disruption */

/* A field, or the default the schema gives it (CEL reads the defaulted object). */
static const Value *
fval_or_default(CelCtx *c, const char *key)
{
	const Value *v = fval(c->self, key);
	return v ? v : schema_field_default(c->schema, key);
}

/* has(self.consolidateAfter) ? self.consolidationPolicy != 'WhenUnderutilized' || self.consolidateAfter == 'Never' : true */
static void
cel_underutilized_after(CelCtx *c)
{
	const Member *after = field(c->self, "consolidateAfter");
	const Value *policy = fval_or_default(c, "consolidationPolicy");
	if (!after || !str_is(policy, "WhenUnderutilized") || str_is(after->val, "Never"))
		return;
	Diag *d = cel_fail(c, &after->key_loc, NULL);
	if (!field(c->self, "consolidationPolicy"))
		diag_note(d, NULL, "consolidationPolicy defaults to 'WhenUnderutilized'");
}

/* self.consolidationPolicy == 'WhenEmpty' ? has(self.consolidateAfter) : true */
static void
cel_when_empty_after(CelCtx *c)
{
	const Value *policy = fval_or_default(c, "consolidationPolicy");
	if (str_is(policy, "WhenEmpty") && !field(c->self, "consolidateAfter"))
		cel_fail(c, &policy->loc, NULL);
}

/* self.all(x, has(x.schedule) == has(x.duration)) */
static void
cel_budget_window(CelCtx *c)
{
	for (int i = 0; i < c->self->n; i++) {
		const Value *x = c->self->items[i];
		if ((field(x, "schedule") != NULL) != (field(x, "duration") != NULL))
			cel_fail(c, &x->loc, idx(c, i));
	}
}

/* ------------------------------------------------------------ static NodePools */

/* !has(self.replicas) || (!has(self.limits) || size(self.limits) == 0 || (size(self.limits) == 1 && 'nodes' in self.limits)) */
static void
cel_static_limits(CelCtx *c)
{
	const Member *limits = field(c->self, "limits");
	if (!field(c->self, "replicas") || !limits || limits->val->kind != V_MAP || limits->val->n == 0)
		return;
	if (limits->val->n == 1 && field(limits->val, "nodes"))
		return;
	cel_fail(c, &limits->key_loc, NULL);
}

/* !has(self.replicas) || !has(self.weight) */
static void
cel_static_weight(CelCtx *c)
{
	const Member *w = field(c->self, "weight");
	if (field(c->self, "replicas") && w)
		cel_fail(c, &w->key_loc, NULL);
}

/* ------------------------------------------------------------ AMIs */

/* the alias family: x.alias.find('^[^@]+'), "" when the alias starts with '@' */
static size_t
alias_family(const Value *alias)
{
	const char *at = memchr(alias->s, '@', alias->len);
	return at ? (size_t)(at - alias->s) : alias->len;
}

/* self.amiFamily == 'Custom' ? self.amiSelectorTerms.size() != 0 : true (v1beta1) */
static void
cel_custom_ami_terms(CelCtx *c)
{
	const Value *fam = fval(c->self, "amiFamily"), *terms = fval(c->self, "amiSelectorTerms");
	if (str_is(fam, "Custom") && (!terms || (terms->kind == V_LIST && terms->n == 0)))
		cel_fail(c, &fam->loc, NULL);
}

/* self.amiSelectorTerms.exists(x, has(x.alias)) ? true : has(self.amiFamily) */
static void
cel_family_or_alias(CelCtx *c)
{
	const Value *terms = fval(c->self, "amiSelectorTerms");
	if (!terms || terms->kind != V_LIST)
		return;  /* required: the schema reports it */
	for (int i = 0; i < terms->n; i++)
		if (field(terms->items[i], "alias"))
			return;
	if (!field(c->self, "amiFamily"))
		cel_fail(c, c->key_loc, NULL);
}

/*
 * !has(self.amiFamily) || (self.amiSelectorTerms.exists(x, has(x.alias) &&
 * x.alias.find('^[^@]+') == 'fam') ? (self.amiFamily == 'Custom' || self.amiFamily == 'Fam') : true)
 * arg "fam:Fam"
 */
static void
cel_alias_family_match(CelCtx *c)
{
	const Value *fam = fval(c->self, "amiFamily"), *terms = fval(c->self, "amiSelectorTerms");
	if (!fam || fam->kind != V_STR || !terms || terms->kind != V_LIST)
		return;
	const char *colon = strchr(c->rule->arg, ':');
	size_t an = (size_t)(colon - c->rule->arg);
	for (int i = 0; i < terms->n; i++) {
		const Value *a = fval(terms->items[i], "alias");
		if (!a || a->kind != V_STR || alias_family(a) != an || memcmp(a->s, c->rule->arg, an) != 0)
			continue;
		if (!str_is(fam, "Custom") && !str_is(fam, colon + 1)) {
			Diag *d = cel_fail(c, &fam->loc, NULL);
			diag_note(d, &a->loc, "the alias is here");
		}
		return;
	}
}

/* !(self.exists(x, has(x.alias)) && self.size() != 1) */
static void
cel_alias_alone(CelCtx *c)
{
	if (c->self->n == 1)
		return;
	for (int i = 0; i < c->self->n; i++) {
		const Member *a = field(c->self->items[i], "alias");
		if (a) {
			cel_fail(c, &a->key_loc, idx(c, i));
			return;
		}
	}
}

/* self.matches('^[a-zA-Z0-9]+@.+$') */
static void
cel_alias_format(CelCtx *c)
{
	const char *err = NULL;
	Pattern *p = pattern_get("^[a-zA-Z0-9]+@.+$", &err);
	if (p && !pattern_match(p, c->self->s, c->self->len))
		placeholder_note(cel_fail(c, &c->self->loc, NULL), c->self);
}

/* self.split('@')[0] in [families] */
static void
cel_alias_family(CelCtx *c)
{
	size_t n = alias_family(c->self);
	if (!in_list(c->rule->arg, c->self->s, n)) {
		Diag *d = cel_fail(c, &c->self->loc, NULL);
		placeholder_note(d, c->self);
		if (n == 0)
			return;
		char fam[32];
		if (n < sizeof fam) {
			for (size_t i = 0; i < n; i++)
				fam[i] = (char)(c->self->s[i] >= 'A' && c->self->s[i] <= 'Z' ? c->self->s[i] + 32 : c->self->s[i]);
			fam[n] = '\0';
			if (in_list(c->rule->arg, fam, n))
				diag_note(d, NULL, "the family is case-sensitive: write '%s'", fam);
		}
	}
}

/* self.split('@')[0] in [windows families] ? self.split('@')[1] == 'latest' : true */
static void
cel_alias_windows(CelCtx *c)
{
	size_t n = alias_family(c->self);
	if (!in_list(c->rule->arg, c->self->s, n))
		return;
	const char *ver = n < c->self->len ? c->self->s + n + 1 : NULL;
	/* split('@')[1] is the text up to the next '@' */
	if (!ver || strncmp(ver, "latest", 6) != 0 || (ver[6] != '\0' && ver[6] != '@'))
		cel_fail(c, &c->self->loc, NULL);
}

/* ------------------------------------------------------------ block devices */

/* self.filter(x, has(x.rootVolume)?x.rootVolume==true:false).size() <= 1 */
static void
cel_one_root_volume(CelCtx *c)
{
	int seen = 0;
	for (int i = 0; i < c->self->n; i++) {
		const Member *rv = field(c->self->items[i], "rootVolume");
		if (rv && rv->val->kind == V_BOOL && rv->val->b && ++seen == 2) {
			cel_fail(c, &rv->key_loc, idx(c, i));
			return;
		}
	}
}

/* !has(self.volumeInitializationRate) || (has(self.snapshotID) && self.snapshotID != '') */
static void
cel_init_rate(CelCtx *c)
{
	const Member *rate = field(c->self, "volumeInitializationRate");
	const Value *snap = fval(c->self, "snapshotID");
	if (rate && !(snap && snap->kind == V_STR && snap->len > 0))
		cel_fail(c, &rate->key_loc, NULL);
}

/* ------------------------------------------------------------ kubelet */

/* has(high) && has(low) ? high > low : true */
static void
cel_image_gc(CelCtx *c)
{
	const Value *hi = fval(c->self, "imageGCHighThresholdPercent"), *lo = fval(c->self, "imageGCLowThresholdPercent");
	if (hi && lo && hi->kind == V_NUM && lo->kind == V_NUM && !(hi->num > lo->num))
		cel_fail(c, &hi->loc, NULL);
}

/* has(self.A) ? self.A.all(e, e in self.B) : true   (arg "A:B") */
static void
cel_keys_matched(CelCtx *c)
{
	const char *colon = strchr(c->rule->arg, ':');
	char a[64];
	size_t an = (size_t)(colon - c->rule->arg);
	if (an >= sizeof a)
		return;
	memcpy(a, c->rule->arg, an);
	a[an] = '\0';
	const Member *ma = field(c->self, a);
	const Value *b = fval(c->self, colon + 1);
	if (!ma || ma->val->kind != V_MAP)
		return;
	for (int i = 0; i < ma->val->n; i++) {
		const Member *e = &ma->val->members[i];
		if (!b || b->kind != V_MAP || !field(b, e->key))
			cel_fail(c, &e->key_loc, arena_printf(c->arena, ".%s[%s]", a, e->key));
	}
}

/* self.all(x, x in [keys]) */
static void
cel_keys_in(CelCtx *c)
{
	for (int i = 0; i < c->self->n; i++) {
		const Member *m = &c->self->members[i];
		if (!in_list(c->rule->arg, m->key, strlen(m->key)))
			cel_fail(c, &m->key_loc, key_sub(c, m->key));
	}
}

/*
 * self.all(x, !self[x].startsWith('-')).  On an int-or-string value (the
 * v0.32 kubelet maps) an integer has no startsWith: CEL fails on it too.
 */
static void
cel_not_negative(CelCtx *c)
{
	for (int i = 0; i < c->self->n; i++) {
		const Member *m = &c->self->members[i];
		if (m->val->kind == V_STR && m->val->len > 0 && m->val->s[0] == '-') {
			cel_fail(c, &m->val->loc, key_sub(c, m->key));
		} else if (m->val->kind == V_NUM) {
			Diag *d = cel_fail(c, &m->val->loc, key_sub(c, m->key));
			diag_note(d, NULL, "the rule calls startsWith(), which an integer does not have: "
			    "quote the quantity (\"%s\")", m->val->s ? m->val->s : "");
		}
	}
}

/* ------------------------------------------------------------ network interfaces */

static bool
num_is(const Value *v, double x)
{
	return v && v->kind == V_NUM && v->num == x;
}

/* self.size() == 0 || self.exists(x, x.deviceIndex == 0 && x.networkCardIndex == 0 && x.interfaceType == 'interface') */
static void
cel_nic_primary(CelCtx *c)
{
	for (int i = 0; i < c->self->n; i++) {
		const Value *x = c->self->items[i];
		if (num_is(fval(x, "deviceIndex"), 0) && num_is(fval(x, "networkCardIndex"), 0)
		    && str_is(fval(x, "interfaceType"), "interface"))
			return;
	}
	if (c->self->n)
		cel_fail(c, c->key_loc, NULL);
}

static bool
same_num(const Value *a, const Value *b)
{
	return a && b && a->kind == V_NUM && b->kind == V_NUM && a->num == b->num;
}

/*
 * self.all(x, self.filter(y, same card && same device).size() == 1 &&
 * (x.interfaceType != 'efa-only' || self.filter(y, same card && y.interfaceType == 'efa-only').size() == 1))
 */
static void
cel_nic_unique(CelCtx *c)
{
	for (int i = 0; i < c->self->n; i++) {
		const Value *x = c->self->items[i];
		const Value *card = fval(x, "networkCardIndex"), *dev = fval(x, "deviceIndex");
		bool efa = str_is(fval(x, "interfaceType"), "efa-only");
		int same = 0, efas = 0;
		for (int j = 0; j < c->self->n; j++) {
			const Value *y = c->self->items[j], *ycard = fval(y, "networkCardIndex");
			same += same_num(card, ycard) && same_num(dev, fval(y, "deviceIndex"));
			efas += same_num(card, ycard) && str_is(fval(y, "interfaceType"), "efa-only");
		}
		if (same != 1 || (efa && efas != 1)) {
			cel_fail(c, &x->loc, idx(c, i));
			return;
		}
	}
}

/* ------------------------------------------------------------ the table */

/*
 * Every CEL rule of schemas/ but the transition rules (oldSelf), one row per
 * distinct (rule, message) pair; `where` splits a pair that means different
 * things in different places (AMI terms are KG305, other terms KG306).
 */
const CelRule cel_rules[] = {
	/* EC2NodeClass .spec */
	{ KG305, "0.32.10 0.36.2 1.0.14", NULL,
	  "self.amiFamily == 'Custom' ? self.amiSelectorTerms.size() != 0 : true",
	  "amiSelectorTerms is required when amiFamily == 'Custom'",
	  cel_custom_ami_terms, NULL,
	  "with amiFamily 'Custom' add an amiSelectorTerms entry that selects your AMI (an 'id', "
	  "or 'name' and 'owner')" },
	/* EC2NodeClass .spec */
	{ KG309, "0.32.10 0.36.2 1.0.14 1.14.1", NULL,
	  "(has(self.role) && !has(self.instanceProfile)) || (!has(self.role) && "
	  "has(self.instanceProfile))",
	  "must specify exactly one of ['role', 'instanceProfile']",
	  cel_exactly_one, "role,instanceProfile",
	  "set 'role' (Karpenter then manages the instance profile) or 'instanceProfile' (one you "
	  "created), not both" },
	/* EC2NodeClass .spec.amiSelectorTerms */
	{ KG305, "0.32.10 0.36.2 1.0.14", "amiSelectorTerms",
	  "self.all(x, has(x.tags) || has(x.id) || has(x.name))",
	  "expected at least one, got none, ['tags', 'id', 'name']",
	  cel_each_has_any, "tags,id,name",
	  "give each term at least one of the listed fields" },
	/* EC2NodeClass .spec.amiSelectorTerms */
	{ KG305, "0.32.10 0.36.2 1.0.14", NULL,
	  "!self.all(x, has(x.id) && (has(x.tags) || has(x.name) || has(x.owner)))",
	  "'id' is mutually exclusive, cannot be set with a combination of other fields in "
	  "amiSelectorTerms",
	  cel_not_all_mix, "id:tags,name,owner",
	  "use 'id' alone in its term; put other criteria in a separate term" },
	/* EC2NodeClass .spec.amiSelectorTerms[].tags */
	{ KG305, "0.32.10 0.36.2 1.0.14 1.14.1", "amiSelectorTerms",
	  "self.all(k, k != '' && self[k] != '')",
	  "empty tag keys or values aren't supported",
	  cel_tags_nonempty, NULL,
	  "give every tag a non-empty key and value ('*' matches any value)" },
	/* EC2NodeClass .spec.blockDeviceMappings */
	{ KG301, "0.32.10 0.36.2 1.0.14 1.14.1", NULL,
	  "self.filter(x, has(x.rootVolume)?x.rootVolume==true:false).size() <= 1",
	  "must have only one blockDeviceMappings with rootVolume",
	  cel_one_root_volume, NULL,
	  "mark only the volume the kubelet uses as 'rootVolume: true'" },
	/* EC2NodeClass .spec.blockDeviceMappings[].ebs */
	{ KG301, "0.32.10 0.36.2 1.0.14 1.14.1", NULL,
	  "has(self.snapshotID) || has(self.volumeSize)",
	  "snapshotID or volumeSize must be defined",
	  cel_has_any, "snapshotID,volumeSize",
	  "set 'volumeSize' (such as '20Gi') or 'snapshotID'" },
	/* EC2NodeClass .spec.instanceProfile */
	{ KG309, "0.32.10 0.36.2 1.0.14 1.14.1", NULL,
	  "self != ''",
	  "instanceProfile cannot be empty",
	  cel_not_empty, NULL,
	  "name the IAM role (or instance profile), or remove the field" },
	/* EC2NodeClass .spec.role */
	{ KG309, "0.32.10 0.36.2 1.0.14 1.14.1", NULL,
	  "self != ''",
	  "role cannot be empty",
	  cel_not_empty, NULL,
	  "name the IAM role (or instance profile), or remove the field" },
	/* EC2NodeClass .spec.securityGroupSelectorTerms */
	{ KG306, "0.32.10 0.36.2 1.0.14 1.14.1", NULL,
	  "self.size() != 0",
	  "securityGroupSelectorTerms cannot be empty",
	  cel_list_not_empty, NULL,
	  "add a term, e.g. '- tags: {karpenter.sh/discovery: CLUSTER_NAME}'" },
	/* EC2NodeClass .spec.securityGroupSelectorTerms */
	{ KG306, "0.32.10 0.36.2 1.0.14 1.14.1", NULL,
	  "self.all(x, has(x.tags) || has(x.id) || has(x.name))",
	  "expected at least one, got none, ['tags', 'id', 'name']",
	  cel_each_has_any, "tags,id,name",
	  "give each term at least one of the listed fields" },
	/* EC2NodeClass .spec.securityGroupSelectorTerms */
	{ KG306, "0.32.10 0.36.2 1.0.14", NULL,
	  "!self.all(x, has(x.id) && (has(x.tags) || has(x.name)))",
	  "'id' is mutually exclusive, cannot be set with a combination of other fields in "
	  "securityGroupSelectorTerms",
	  cel_not_all_mix, "id:tags,name",
	  "use 'id' alone in its term; put other criteria in a separate term" },
	/* EC2NodeClass .spec.securityGroupSelectorTerms */
	{ KG306, "0.32.10 0.36.2 1.0.14", NULL,
	  "!self.all(x, has(x.name) && (has(x.tags) || has(x.id)))",
	  "'name' is mutually exclusive, cannot be set with a combination of other fields in "
	  "securityGroupSelectorTerms",
	  cel_not_all_mix, "name:tags,id",
	  "use 'name' alone in its term; put other criteria in a separate term" },
	/* EC2NodeClass .spec.capacityReservationSelectorTerms[].tags; EC2NodeClass .spec.securityGroupSelectorTerms[].tags; EC2NodeClass .spec.subnetSelectorTerms[].tags */
	{ KG306, "0.32.10 0.36.2 1.0.14 1.14.1", NULL,
	  "self.all(k, k != '' && self[k] != '')",
	  "empty tag keys or values aren't supported",
	  cel_tags_nonempty, NULL,
	  "give every tag a non-empty key and value ('*' matches any value)" },
	/* EC2NodeClass .spec.subnetSelectorTerms */
	{ KG306, "0.32.10 0.36.2 1.0.14 1.14.1", NULL,
	  "self.size() != 0",
	  "subnetSelectorTerms cannot be empty",
	  cel_list_not_empty, NULL,
	  "add a term, e.g. '- tags: {karpenter.sh/discovery: CLUSTER_NAME}'" },
	/* EC2NodeClass .spec.subnetSelectorTerms */
	{ KG306, "0.32.10 0.36.2 1.0.14 1.14.1", NULL,
	  "self.all(x, has(x.tags) || has(x.id))",
	  "expected at least one, got none, ['tags', 'id']",
	  cel_each_has_any, "tags,id",
	  "give each term at least one of the listed fields" },
	/* EC2NodeClass .spec.subnetSelectorTerms */
	{ KG306, "0.32.10 0.36.2 1.0.14", NULL,
	  "!self.all(x, has(x.id) && has(x.tags))",
	  "'id' is mutually exclusive, cannot be set with a combination of other fields in "
	  "subnetSelectorTerms",
	  cel_not_all_mix, "id:tags",
	  "use 'id' alone in its term; put other criteria in a separate term" },
	/* EC2NodeClass .spec.tags */
	{ KG307, "0.32.10 0.36.2 1.0.14 1.14.1", NULL,
	  "self.all(k, k != '')",
	  "empty tag keys aren't supported",
	  cel_tag_keys_nonempty, NULL,
	  "give every tag a non-empty key" },
	/* EC2NodeClass .spec.tags */
	{ KG307, "0.32.10 0.36.2 1.0.14 1.14.1", NULL,
	  "self.all(k, !k.startsWith('kubernetes.io/cluster') )",
	  "tag contains a restricted tag matching kubernetes.io/cluster/",
	  cel_tag_prefix, "kubernetes.io/cluster",
	  "remove the tag: Karpenter sets 'kubernetes.io/cluster/<cluster>: owned' itself" },
	/* EC2NodeClass .spec.tags */
	{ KG307, "0.32.10", NULL,
	  "self.all(k, k != 'karpenter.sh/provisioner-name')",
	  "tag contains a restricted tag matching karpenter.sh/provisioner-name",
	  cel_tag_forbidden, "karpenter.sh/provisioner-name",
	  "remove the tag: Karpenter sets it on the instances it launches" },
	/* EC2NodeClass .spec.tags */
	{ KG307, "0.32.10 0.36.2 1.0.14 1.14.1", NULL,
	  "self.all(k, k != 'karpenter.sh/nodepool')",
	  "tag contains a restricted tag matching karpenter.sh/nodepool",
	  cel_tag_forbidden, "karpenter.sh/nodepool",
	  "remove the tag: Karpenter sets it on the instances it launches" },
	/* EC2NodeClass .spec.tags */
	{ KG307, "0.32.10 0.36.2 1.0.14", NULL,
	  "self.all(k, k !='karpenter.sh/managed-by')",
	  "tag contains a restricted tag matching karpenter.sh/managed-by",
	  cel_tag_forbidden, "karpenter.sh/managed-by",
	  "remove the tag: Karpenter sets it on the instances it launches" },
	/* EC2NodeClass .spec.kubelet; NodeClaim .spec.kubelet; NodePool .spec.template.spec.kubelet */
	{ KG301, "0.32.10 0.36.2 1.0.14 1.14.1", NULL,
	  "has(self.imageGCHighThresholdPercent) && has(self.imageGCLowThresholdPercent) ?  "
	  "self.imageGCHighThresholdPercent > self.imageGCLowThresholdPercent  : true",
	  "imageGCHighThresholdPercent must be greater than imageGCLowThresholdPercent",
	  cel_image_gc, NULL,
	  "make imageGCHighThresholdPercent greater than imageGCLowThresholdPercent" },
	/* EC2NodeClass .spec.kubelet; NodeClaim .spec.kubelet; NodePool .spec.template.spec.kubelet */
	{ KG301, "0.32.10 0.36.2 1.0.14 1.14.1", NULL,
	  "has(self.evictionSoft) ? self.evictionSoft.all(e, (e in "
	  "self.evictionSoftGracePeriod)):true",
	  "evictionSoft OwnerKey does not have a matching evictionSoftGracePeriod",
	  cel_keys_matched, "evictionSoft:evictionSoftGracePeriod",
	  "give each evictionSoft signal a grace period in evictionSoftGracePeriod" },
	/* EC2NodeClass .spec.kubelet; NodeClaim .spec.kubelet; NodePool .spec.template.spec.kubelet */
	{ KG301, "0.32.10 0.36.2 1.0.14 1.14.1", NULL,
	  "has(self.evictionSoftGracePeriod) ? self.evictionSoftGracePeriod.all(e, (e in "
	  "self.evictionSoft)):true",
	  "evictionSoftGracePeriod OwnerKey does not have a matching evictionSoft",
	  cel_keys_matched, "evictionSoftGracePeriod:evictionSoft",
	  "give each evictionSoftGracePeriod signal a threshold in evictionSoft" },
	/* EC2NodeClass .spec.kubelet.evictionHard; NodeClaim .spec.kubelet.evictionHard; NodePool .spec.template.spec.kubelet.evictionHard */
	{ KG301, "0.32.10 0.36.2 1.0.14 1.14.1", NULL,
	  "self.all(x, x in "
	  "['memory.available','nodefs.available','nodefs.inodesFree','imagefs.available','imagefs.i"
	  "nodesFree','pid.available'])",
	  "valid keys for evictionHard are "
	  "['memory.available','nodefs.available','nodefs.inodesFree','imagefs.available','imagefs.i"
	  "nodesFree','pid.available']",
	  cel_keys_in, "memory.available,nodefs.available,nodefs.inodesFree,imagefs.available,imagefs.inodesFree,pid.available",
	  "use one of the listed keys" },
	/* EC2NodeClass .spec.kubelet.evictionSoft; NodeClaim .spec.kubelet.evictionSoft; NodePool .spec.template.spec.kubelet.evictionSoft */
	{ KG301, "0.32.10 0.36.2 1.0.14 1.14.1", NULL,
	  "self.all(x, x in "
	  "['memory.available','nodefs.available','nodefs.inodesFree','imagefs.available','imagefs.i"
	  "nodesFree','pid.available'])",
	  "valid keys for evictionSoft are "
	  "['memory.available','nodefs.available','nodefs.inodesFree','imagefs.available','imagefs.i"
	  "nodesFree','pid.available']",
	  cel_keys_in, "memory.available,nodefs.available,nodefs.inodesFree,imagefs.available,imagefs.inodesFree,pid.available",
	  "use one of the listed keys" },
	/* EC2NodeClass .spec.kubelet.evictionSoftGracePeriod; NodeClaim .spec.kubelet.evictionSoftGracePeriod; NodePool .spec.template.spec.kubelet.evictionSoftGracePeriod */
	{ KG301, "0.32.10 0.36.2 1.0.14 1.14.1", NULL,
	  "self.all(x, x in "
	  "['memory.available','nodefs.available','nodefs.inodesFree','imagefs.available','imagefs.i"
	  "nodesFree','pid.available'])",
	  "valid keys for evictionSoftGracePeriod are "
	  "['memory.available','nodefs.available','nodefs.inodesFree','imagefs.available','imagefs.i"
	  "nodesFree','pid.available']",
	  cel_keys_in, "memory.available,nodefs.available,nodefs.inodesFree,imagefs.available,imagefs.inodesFree,pid.available",
	  "use one of the listed keys" },
	/* EC2NodeClass .spec.kubelet.kubeReserved; NodeClaim .spec.kubelet.kubeReserved; NodePool .spec.template.spec.kubelet.kubeReserved */
	{ KG301, "0.32.10 0.36.2 1.0.14 1.14.1", NULL,
	  "self.all(x, x=='cpu' || x=='memory' || x=='ephemeral-storage' || x=='pid')",
	  "valid keys for kubeReserved are ['cpu','memory','ephemeral-storage','pid']",
	  cel_keys_in, "cpu,memory,ephemeral-storage,pid",
	  "use one of the listed keys" },
	/* EC2NodeClass .spec.kubelet.kubeReserved; NodeClaim .spec.kubelet.kubeReserved; NodePool .spec.template.spec.kubelet.kubeReserved */
	{ KG301, "0.32.10 0.36.2 1.0.14 1.14.1", NULL,
	  "self.all(x, !self[x].startsWith('-'))",
	  "kubeReserved value cannot be a negative resource quantity",
	  cel_not_negative, NULL,
	  "reserve a positive quantity (a string such as '100m' or '1Gi')" },
	/* EC2NodeClass .spec.kubelet.systemReserved; NodeClaim .spec.kubelet.systemReserved; NodePool .spec.template.spec.kubelet.systemReserved */
	{ KG301, "0.32.10 0.36.2 1.0.14 1.14.1", NULL,
	  "self.all(x, x=='cpu' || x=='memory' || x=='ephemeral-storage' || x=='pid')",
	  "valid keys for systemReserved are ['cpu','memory','ephemeral-storage','pid']",
	  cel_keys_in, "cpu,memory,ephemeral-storage,pid",
	  "use one of the listed keys" },
	/* EC2NodeClass .spec.kubelet.systemReserved; NodeClaim .spec.kubelet.systemReserved; NodePool .spec.template.spec.kubelet.systemReserved */
	{ KG301, "0.32.10 0.36.2 1.0.14 1.14.1", NULL,
	  "self.all(x, !self[x].startsWith('-'))",
	  "systemReserved value cannot be a negative resource quantity",
	  cel_not_negative, NULL,
	  "reserve a positive quantity (a string such as '100m' or '1Gi')" },
	/* NodeClaim .spec.requirements; NodePool .spec.template.spec.requirements */
	{ KG303, "0.32.10 0.36.2 1.0.14 1.14.1", NULL,
	  "self.all(x, x.operator == 'In' ? x.values.size() != 0 : true)",
	  "requirements with operator 'In' must have a value defined",
	  cel_req_in, NULL,
	  "list at least one value, or use 'Exists' to match any value" },
	/* NodeClaim .spec.requirements; NodePool .spec.template.spec.requirements */
	{ KG303, "0.32.10 0.36.2 1.0.14", NULL,
	  "self.all(x, (x.operator == 'Gt' || x.operator == 'Lt') ? (x.values.size() == 1 && "
	  "int(x.values[0]) >= 0) : true)",
	  "requirements operator 'Gt' or 'Lt' must have a single positive integer value",
	  cel_req_int, "Gt,Lt",
	  "give exactly one value, a non-negative integer as a string: values: [\"2\"]" },
	/* NodeClaim .spec.requirements[].key; NodePool .spec.template.spec.requirements[].key */
	{ KG302, "0.32.10 0.36.2 1.0.14", NULL,
	  "self in [\"beta.kubernetes.io/instance-type\", "
	  "\"failure-domain.beta.kubernetes.io/region\", \"beta.kubernetes.io/os\", "
	  "\"beta.kubernetes.io/arch\", \"failure-domain.beta.kubernetes.io/zone\", "
	  "\"topology.kubernetes.io/zone\", \"topology.kubernetes.io/region\", "
	  "\"node.kubernetes.io/instance-type\", \"kubernetes.io/arch\", \"kubernetes.io/os\", "
	  "\"node.kubernetes.io/windows-build\"] || "
	  "self.find(\"^([^/]+)\").endsWith(\"node.kubernetes.io\") || "
	  "self.find(\"^([^/]+)\").endsWith(\"node-restriction.kubernetes.io\") || "
	  "!self.find(\"^([^/]+)\").endsWith(\"kubernetes.io\")",
	  "label domain \"kubernetes.io\" is restricted",
	  cel_label, NULL,
	  NULL },
	/* NodeClaim .spec.requirements[].key; NodePool .spec.template.spec.requirements[].key */
	{ KG302, "0.32.10 0.36.2 1.0.14", NULL,
	  "self.find(\"^([^/]+)\").endsWith(\"kops.k8s.io\") || "
	  "!self.find(\"^([^/]+)\").endsWith(\"k8s.io\")",
	  "label domain \"k8s.io\" is restricted",
	  cel_label, NULL,
	  NULL },
	/* NodeClaim .spec.requirements[].key; NodePool .spec.template.spec.requirements[].key */
	{ KG302, "0.32.10 0.36.2 1.0.14 1.14.1", NULL,
	  "self in [\"karpenter.sh/capacity-type\", \"karpenter.sh/nodepool\"] || "
	  "!self.find(\"^([^/]+)\").endsWith(\"karpenter.sh\")",
	  "label domain \"karpenter.sh\" is restricted",
	  cel_label, NULL,
	  NULL },
	/* NodeClaim .spec.requirements[].key; NodePool .spec.template.spec.requirements[].key */
	{ KG302, "0.32.10 0.36.2 1.0.14 1.14.1", NULL,
	  "self != \"kubernetes.io/hostname\"",
	  "label \"kubernetes.io/hostname\" is restricted",
	  cel_label, NULL,
	  NULL },
	/* NodeClaim .spec.requirements[].key; NodePool .spec.template.spec.requirements[].key */
	{ KG302, "0.32.10", NULL,
	  "self in [\"karpenter.k8s.aws/instance-encryption-in-transit-supported\", "
	  "\"karpenter.k8s.aws/instance-category\", \"karpenter.k8s.aws/instance-hypervisor\", "
	  "\"karpenter.k8s.aws/instance-family\", \"karpenter.k8s.aws/instance-generation\", "
	  "\"karpenter.k8s.aws/instance-local-nvme\", \"karpenter.k8s.aws/instance-size\", "
	  "\"karpenter.k8s.aws/instance-cpu\",\"karpenter.k8s.aws/instance-memory\", "
	  "\"karpenter.k8s.aws/instance-network-bandwidth\", "
	  "\"karpenter.k8s.aws/instance-gpu-name\", "
	  "\"karpenter.k8s.aws/instance-gpu-manufacturer\", "
	  "\"karpenter.k8s.aws/instance-gpu-count\", \"karpenter.k8s.aws/instance-gpu-memory\", "
	  "\"karpenter.k8s.aws/instance-accelerator-name\", "
	  "\"karpenter.k8s.aws/instance-accelerator-manufacturer\", "
	  "\"karpenter.k8s.aws/instance-accelerator-count\"] || "
	  "!self.find(\"^([^/]+)\").endsWith(\"karpenter.k8s.aws\")",
	  "label domain \"karpenter.k8s.aws\" is restricted",
	  cel_label, NULL,
	  NULL },
	/* NodePool .spec.disruption */
	{ KG308, "0.32.10 0.36.2 1.0.14", NULL,
	  "has(self.consolidateAfter) ? self.consolidationPolicy != 'WhenUnderutilized' || "
	  "self.consolidateAfter == 'Never' : true",
	  "consolidateAfter cannot be combined with consolidationPolicy=WhenUnderutilized",
	  cel_underutilized_after, NULL,
	  "remove 'consolidateAfter' (v1beta1 consolidates underutilized nodes at once) or set "
	  "'consolidationPolicy: WhenEmpty'" },
	/* NodePool .spec.disruption */
	{ KG308, "0.32.10 0.36.2 1.0.14", NULL,
	  "self.consolidationPolicy == 'WhenEmpty' ? has(self.consolidateAfter) : true",
	  "consolidateAfter must be specified with consolidationPolicy=WhenEmpty",
	  cel_when_empty_after, NULL,
	  "add 'consolidateAfter', such as '30s'" },
	/* NodePool .spec.template.metadata.labels */
	{ KG302, "0.32.10 0.36.2 1.0.14", NULL,
	  "self.all(x, x in [\"beta.kubernetes.io/instance-type\", "
	  "\"failure-domain.beta.kubernetes.io/region\",  \"beta.kubernetes.io/os\", "
	  "\"beta.kubernetes.io/arch\", \"failure-domain.beta.kubernetes.io/zone\", "
	  "\"topology.kubernetes.io/zone\", \"topology.kubernetes.io/region\", "
	  "\"kubernetes.io/arch\", \"kubernetes.io/os\", \"node.kubernetes.io/windows-build\"] || "
	  "x.find(\"^([^/]+)\").endsWith(\"node.kubernetes.io\") || "
	  "x.find(\"^([^/]+)\").endsWith(\"node-restriction.kubernetes.io\") || "
	  "!x.find(\"^([^/]+)\").endsWith(\"kubernetes.io\"))",
	  "label domain \"kubernetes.io\" is restricted",
	  cel_label, NULL,
	  NULL },
	/* NodePool .spec.template.metadata.labels */
	{ KG302, "0.32.10 0.36.2 1.0.14", NULL,
	  "self.all(x, x.find(\"^([^/]+)\").endsWith(\"kops.k8s.io\") || "
	  "!x.find(\"^([^/]+)\").endsWith(\"k8s.io\"))",
	  "label domain \"k8s.io\" is restricted",
	  cel_label, NULL,
	  NULL },
	/* NodePool .spec.template.metadata.labels */
	{ KG302, "0.32.10 0.36.2 1.0.14 1.14.1", NULL,
	  "self.all(x, x in [\"karpenter.sh/capacity-type\", \"karpenter.sh/nodepool\"] || "
	  "!x.find(\"^([^/]+)\").endsWith(\"karpenter.sh\"))",
	  "label domain \"karpenter.sh\" is restricted",
	  cel_label, NULL,
	  NULL },
	/* NodePool .spec.template.metadata.labels */
	{ KG302, "0.32.10 0.36.2 1.0.14 1.14.1", NULL,
	  "self.all(x, x != \"karpenter.sh/nodepool\")",
	  "label \"karpenter.sh/nodepool\" is restricted",
	  cel_label, NULL,
	  NULL },
	/* NodePool .spec.template.metadata.labels */
	{ KG302, "0.32.10 0.36.2 1.0.14 1.14.1", NULL,
	  "self.all(x, x != \"kubernetes.io/hostname\")",
	  "label \"kubernetes.io/hostname\" is restricted",
	  cel_label, NULL,
	  NULL },
	/* NodePool .spec.template.metadata.labels */
	{ KG302, "0.32.10", NULL,
	  "self.all(x, x in [\"karpenter.k8s.aws/instance-encryption-in-transit-supported\", "
	  "\"karpenter.k8s.aws/instance-category\", \"karpenter.k8s.aws/instance-hypervisor\", "
	  "\"karpenter.k8s.aws/instance-family\", \"karpenter.k8s.aws/instance-generation\", "
	  "\"karpenter.k8s.aws/instance-local-nvme\", \"karpenter.k8s.aws/instance-size\", "
	  "\"karpenter.k8s.aws/instance-cpu\",\"karpenter.k8s.aws/instance-memory\", "
	  "\"karpenter.k8s.aws/instance-network-bandwidth\", "
	  "\"karpenter.k8s.aws/instance-gpu-name\", "
	  "\"karpenter.k8s.aws/instance-gpu-manufacturer\", "
	  "\"karpenter.k8s.aws/instance-gpu-count\", \"karpenter.k8s.aws/instance-gpu-memory\", "
	  "\"karpenter.k8s.aws/instance-accelerator-name\", "
	  "\"karpenter.k8s.aws/instance-accelerator-manufacturer\", "
	  "\"karpenter.k8s.aws/instance-accelerator-count\"] || "
	  "!x.find(\"^([^/]+)\").endsWith(\"karpenter.k8s.aws\"))",
	  "label domain \"karpenter.k8s.aws\" is restricted",
	  cel_label, NULL,
	  NULL },
	/* NodePool .spec.template.spec.requirements[].key */
	{ KG302, "0.32.10 0.36.2 1.0.14 1.14.1", NULL,
	  "self != \"karpenter.sh/nodepool\"",
	  "label \"karpenter.sh/nodepool\" is restricted",
	  cel_label, NULL,
	  NULL },
	/* EC2NodeClass .spec.tags */
	{ KG307, "0.36.2 1.0.14 1.14.1", NULL,
	  "self.all(k, k !='karpenter.sh/nodeclaim')",
	  "tag contains a restricted tag matching karpenter.sh/nodeclaim",
	  cel_tag_forbidden, "karpenter.sh/nodeclaim",
	  "remove the tag: Karpenter sets it on the instances it launches" },
	/* EC2NodeClass .spec.tags */
	{ KG307, "0.36.2 1.0.14 1.14.1", NULL,
	  "self.all(k, k !='karpenter.k8s.aws/ec2nodeclass')",
	  "tag contains a restricted tag matching karpenter.k8s.aws/ec2nodeclass",
	  cel_tag_forbidden, "karpenter.k8s.aws/ec2nodeclass",
	  "remove the tag: Karpenter sets it on the instances it launches" },
	/* NodeClaim .spec.requirements; NodePool .spec.template.spec.requirements */
	{ KG303, "0.36.2 1.0.14 1.14.1", NULL,
	  "self.all(x, (x.operator == 'In' && has(x.minValues)) ? x.values.size() >= x.minValues : "
	  "true)",
	  "requirements with 'minValues' must have at least that many values specified in the "
	  "'values' field",
	  cel_req_min_values, NULL,
	  "list at least 'minValues' values, or lower 'minValues'" },
	/* NodeClaim .spec.requirements[].key; NodePool .spec.template.spec.requirements[].key */
	{ KG302, "0.36.2", NULL,
	  "self in [\"karpenter.k8s.aws/instance-encryption-in-transit-supported\", "
	  "\"karpenter.k8s.aws/instance-category\", \"karpenter.k8s.aws/instance-hypervisor\", "
	  "\"karpenter.k8s.aws/instance-family\", \"karpenter.k8s.aws/instance-generation\", "
	  "\"karpenter.k8s.aws/instance-local-nvme\", \"karpenter.k8s.aws/instance-size\", "
	  "\"karpenter.k8s.aws/instance-cpu\",\"karpenter.k8s.aws/instance-cpu-manufacturer\",\"karp"
	  "enter.k8s.aws/instance-memory\", \"karpenter.k8s.aws/instance-network-bandwidth\", "
	  "\"karpenter.k8s.aws/instance-gpu-name\", "
	  "\"karpenter.k8s.aws/instance-gpu-manufacturer\", "
	  "\"karpenter.k8s.aws/instance-gpu-count\", \"karpenter.k8s.aws/instance-gpu-memory\", "
	  "\"karpenter.k8s.aws/instance-accelerator-name\", "
	  "\"karpenter.k8s.aws/instance-accelerator-manufacturer\", "
	  "\"karpenter.k8s.aws/instance-accelerator-count\"] || "
	  "!self.find(\"^([^/]+)\").endsWith(\"karpenter.k8s.aws\")",
	  "label domain \"karpenter.k8s.aws\" is restricted",
	  cel_label, NULL,
	  NULL },
	/* NodePool .spec.disruption.budgets */
	{ KG308, "0.36.2 1.0.14 1.14.1", NULL,
	  "self.all(x, has(x.schedule) == has(x.duration))",
	  "'schedule' must be set with 'duration'",
	  cel_budget_window, NULL,
	  "give the budget both 'schedule' and 'duration', or neither" },
	/* NodePool .spec.template.metadata.labels */
	{ KG302, "0.36.2", NULL,
	  "self.all(x, x in [\"karpenter.k8s.aws/instance-encryption-in-transit-supported\", "
	  "\"karpenter.k8s.aws/instance-category\", \"karpenter.k8s.aws/instance-hypervisor\", "
	  "\"karpenter.k8s.aws/instance-family\", \"karpenter.k8s.aws/instance-generation\", "
	  "\"karpenter.k8s.aws/instance-local-nvme\", \"karpenter.k8s.aws/instance-size\", "
	  "\"karpenter.k8s.aws/instance-cpu\",\"karpenter.k8s.aws/instance-cpu-manufacturer\",\"karp"
	  "enter.k8s.aws/instance-memory\", \"karpenter.k8s.aws/instance-network-bandwidth\", "
	  "\"karpenter.k8s.aws/instance-gpu-name\", "
	  "\"karpenter.k8s.aws/instance-gpu-manufacturer\", "
	  "\"karpenter.k8s.aws/instance-gpu-count\", \"karpenter.k8s.aws/instance-gpu-memory\", "
	  "\"karpenter.k8s.aws/instance-accelerator-name\", "
	  "\"karpenter.k8s.aws/instance-accelerator-manufacturer\", "
	  "\"karpenter.k8s.aws/instance-accelerator-count\"] || "
	  "!x.find(\"^([^/]+)\").endsWith(\"karpenter.k8s.aws\"))",
	  "label domain \"karpenter.k8s.aws\" is restricted",
	  cel_label, NULL,
	  NULL },
	/* EC2NodeClass .spec */
	{ KG305, "1.0.14 1.14.1", NULL,
	  "!has(self.amiFamily) || (self.amiSelectorTerms.exists(x, has(x.alias) && "
	  "x.alias.find('^[^@]+') == 'al2') ? (self.amiFamily == 'Custom' || self.amiFamily == "
	  "'AL2') : true)",
	  "if set, amiFamily must be 'AL2' or 'Custom' when using an AL2 alias",
	  cel_alias_family_match, "al2:AL2",
	  "remove 'amiFamily' (the alias implies it) or set it to 'AL2' or 'Custom'" },
	/* EC2NodeClass .spec */
	{ KG305, "1.0.14 1.14.1", NULL,
	  "!has(self.amiFamily) || (self.amiSelectorTerms.exists(x, has(x.alias) && "
	  "x.alias.find('^[^@]+') == 'al2023') ? (self.amiFamily == 'Custom' || self.amiFamily == "
	  "'AL2023') : true)",
	  "if set, amiFamily must be 'AL2023' or 'Custom' when using an AL2023 alias",
	  cel_alias_family_match, "al2023:AL2023",
	  "remove 'amiFamily' (the alias implies it) or set it to 'AL2023' or 'Custom'" },
	/* EC2NodeClass .spec */
	{ KG305, "1.0.14 1.14.1", NULL,
	  "!has(self.amiFamily) || (self.amiSelectorTerms.exists(x, has(x.alias) && "
	  "x.alias.find('^[^@]+') == 'bottlerocket') ? (self.amiFamily == 'Custom' || "
	  "self.amiFamily == 'Bottlerocket') : true)",
	  "if set, amiFamily must be 'Bottlerocket' or 'Custom' when using a Bottlerocket alias",
	  cel_alias_family_match, "bottlerocket:Bottlerocket",
	  "remove 'amiFamily' (the alias implies it) or set it to 'Bottlerocket' or 'Custom'" },
	/* EC2NodeClass .spec */
	{ KG305, "1.0.14 1.14.1", NULL,
	  "!has(self.amiFamily) || (self.amiSelectorTerms.exists(x, has(x.alias) && "
	  "x.alias.find('^[^@]+') == 'windows2019') ? (self.amiFamily == 'Custom' || "
	  "self.amiFamily == 'Windows2019') : true)",
	  "if set, amiFamily must be 'Windows2019' or 'Custom' when using a Windows2019 alias",
	  cel_alias_family_match, "windows2019:Windows2019",
	  "remove 'amiFamily' (the alias implies it) or set it to 'Windows2019' or 'Custom'" },
	/* EC2NodeClass .spec */
	{ KG305, "1.0.14 1.14.1", NULL,
	  "!has(self.amiFamily) || (self.amiSelectorTerms.exists(x, has(x.alias) && "
	  "x.alias.find('^[^@]+') == 'windows2022') ? (self.amiFamily == 'Custom' || "
	  "self.amiFamily == 'Windows2022') : true)",
	  "if set, amiFamily must be 'Windows2022' or 'Custom' when using a Windows2022 alias",
	  cel_alias_family_match, "windows2022:Windows2022",
	  "remove 'amiFamily' (the alias implies it) or set it to 'Windows2022' or 'Custom'" },
	/* EC2NodeClass .spec */
	{ KG305, "1.0.14 1.14.1", NULL,
	  "self.amiSelectorTerms.exists(x, has(x.alias)) ? true : has(self.amiFamily)",
	  "must specify amiFamily if amiSelectorTerms does not contain an alias",
	  cel_family_or_alias, NULL,
	  "set 'amiFamily' (AL2023, Bottlerocket, Custom ...) or select the AMI by an alias such "
	  "as 'al2023@v20250505'" },
	/* EC2NodeClass .spec.amiSelectorTerms */
	{ KG305, "1.0.14", "amiSelectorTerms",
	  "self.all(x, has(x.tags) || has(x.id) || has(x.name) || has(x.alias))",
	  "expected at least one, got none, ['tags', 'id', 'name', 'alias']",
	  cel_each_has_any, "tags,id,name,alias",
	  "give each term at least one of the listed fields" },
	/* EC2NodeClass .spec.amiSelectorTerms */
	{ KG305, "1.0.14 1.14.1", NULL,
	  "!self.exists(x, has(x.id) && (has(x.alias) || has(x.tags) || has(x.name) || "
	  "has(x.owner)))",
	  "'id' is mutually exclusive, cannot be set with a combination of other fields in "
	  "amiSelectorTerms",
	  cel_none_mix, "id:alias,tags,name,owner",
	  "use 'id' alone in its term; put other criteria in a separate term" },
	/* EC2NodeClass .spec.amiSelectorTerms */
	{ KG305, "1.0.14 1.14.1", NULL,
	  "!self.exists(x, has(x.alias) && (has(x.id) || has(x.tags) || has(x.name) || "
	  "has(x.owner)))",
	  "'alias' is mutually exclusive, cannot be set with a combination of other fields in "
	  "amiSelectorTerms",
	  cel_none_mix, "alias:id,tags,name,owner",
	  "use 'alias' alone in its term; put other criteria in a separate term" },
	/* EC2NodeClass .spec.amiSelectorTerms */
	{ KG305, "1.0.14 1.14.1", NULL,
	  "!(self.exists(x, has(x.alias)) && self.size() != 1)",
	  "'alias' is mutually exclusive, cannot be set with a combination of other "
	  "amiSelectorTerms",
	  cel_alias_alone, NULL,
	  "an alias term must be the only amiSelectorTerms entry: remove the other terms or select "
	  "by id/name/tags without the alias" },
	/* EC2NodeClass .spec.amiSelectorTerms[].alias */
	{ KG305, "1.0.14 1.14.1", NULL,
	  "self.matches('^[a-zA-Z0-9]+@.+$')",
	  "'alias' is improperly formatted, must match the format 'family@version'",
	  cel_alias_format, NULL,
	  "write the alias as FAMILY@VERSION, such as 'al2023@v20250505' or 'bottlerocket@v1.39.1'" },
	/* EC2NodeClass .spec.amiSelectorTerms[].alias */
	{ KG305, "1.0.14", NULL,
	  "self.split('@')[0] in ['al2','al2023','bottlerocket','windows2019','windows2022']",
	  "family is not supported, must be one of the following: 'al2', 'al2023', 'bottlerocket', "
	  "'windows2019', 'windows2022'",
	  cel_alias_family, "al2,al2023,bottlerocket,windows2019,windows2022",
	  "use one of the listed families (lower case)" },
	/* EC2NodeClass .spec.amiSelectorTerms[].alias */
	{ KG305, "1.0.14", NULL,
	  "self.split('@')[0] in ['windows2019','windows2022'] ? self.split('@')[1] == 'latest' : "
	  "true",
	  "windows families may only specify version 'latest'",
	  cel_alias_windows, "@,windows2019,windows2022",
	  "use '@latest' for Windows aliases" },
	/* EC2NodeClass .spec.tags */
	{ KG307, "1.0.14 1.14.1", NULL,
	  "self.all(k, k !='eks:eks-cluster-name')",
	  "tag contains a restricted tag matching eks:eks-cluster-name",
	  cel_tag_forbidden, "eks:eks-cluster-name",
	  "remove the tag: Karpenter sets it on the instances it launches" },
	/* NodeClaim .spec.requirements[].key */
	{ KG302, "1.0.14", NULL,
	  "self in [\"karpenter.k8s.aws/ec2nodeclass\", "
	  "\"karpenter.k8s.aws/instance-cpu-sustained-clock-speed-mhz\", "
	  "\"karpenter.k8s.aws/instance-encryption-in-transit-supported\", "
	  "\"karpenter.k8s.aws/instance-category\", \"karpenter.k8s.aws/instance-hypervisor\", "
	  "\"karpenter.k8s.aws/instance-family\", \"karpenter.k8s.aws/instance-generation\", "
	  "\"karpenter.k8s.aws/instance-local-nvme\", \"karpenter.k8s.aws/instance-size\", "
	  "\"karpenter.k8s.aws/instance-cpu\",\"karpenter.k8s.aws/instance-cpu-manufacturer\",\"karp"
	  "enter.k8s.aws/instance-memory\", \"karpenter.k8s.aws/instance-ebs-bandwidth\", "
	  "\"karpenter.k8s.aws/instance-network-bandwidth\", "
	  "\"karpenter.k8s.aws/instance-gpu-name\", "
	  "\"karpenter.k8s.aws/instance-gpu-manufacturer\", "
	  "\"karpenter.k8s.aws/instance-gpu-count\", \"karpenter.k8s.aws/instance-gpu-memory\", "
	  "\"karpenter.k8s.aws/instance-accelerator-name\", "
	  "\"karpenter.k8s.aws/instance-accelerator-manufacturer\", "
	  "\"karpenter.k8s.aws/instance-accelerator-count\"] || "
	  "!self.find(\"^([^/]+)\").endsWith(\"karpenter.k8s.aws\")",
	  "label domain \"karpenter.k8s.aws\" is restricted",
	  cel_label, NULL,
	  NULL },
	/* NodePool .spec.template.metadata.labels */
	{ KG302, "1.0.14", NULL,
	  "self.all(x, x in [\"karpenter.k8s.aws/instance-encryption-in-transit-supported\", "
	  "\"karpenter.k8s.aws/instance-category\", \"karpenter.k8s.aws/instance-hypervisor\", "
	  "\"karpenter.k8s.aws/instance-family\", \"karpenter.k8s.aws/instance-generation\", "
	  "\"karpenter.k8s.aws/instance-local-nvme\", \"karpenter.k8s.aws/instance-size\", "
	  "\"karpenter.k8s.aws/instance-cpu\",\"karpenter.k8s.aws/instance-cpu-manufacturer\",\"karp"
	  "enter.k8s.aws/instance-memory\", \"karpenter.k8s.aws/instance-ebs-bandwidth\", "
	  "\"karpenter.k8s.aws/instance-network-bandwidth\", "
	  "\"karpenter.k8s.aws/instance-gpu-name\", "
	  "\"karpenter.k8s.aws/instance-gpu-manufacturer\", "
	  "\"karpenter.k8s.aws/instance-gpu-count\", \"karpenter.k8s.aws/instance-gpu-memory\", "
	  "\"karpenter.k8s.aws/instance-accelerator-name\", "
	  "\"karpenter.k8s.aws/instance-accelerator-manufacturer\", "
	  "\"karpenter.k8s.aws/instance-accelerator-count\"] || "
	  "!x.find(\"^([^/]+)\").endsWith(\"karpenter.k8s.aws\"))",
	  "label domain \"karpenter.k8s.aws\" is restricted",
	  cel_label, NULL,
	  NULL },
	/* NodePool .spec.template.spec.requirements[].key */
	{ KG302, "1.0.14", NULL,
	  "self in [\"karpenter.k8s.aws/instance-encryption-in-transit-supported\", "
	  "\"karpenter.k8s.aws/instance-category\", \"karpenter.k8s.aws/instance-hypervisor\", "
	  "\"karpenter.k8s.aws/instance-family\", \"karpenter.k8s.aws/instance-generation\", "
	  "\"karpenter.k8s.aws/instance-local-nvme\", \"karpenter.k8s.aws/instance-size\", "
	  "\"karpenter.k8s.aws/instance-cpu\",\"karpenter.k8s.aws/instance-cpu-manufacturer\",\"karp"
	  "enter.k8s.aws/instance-memory\", \"karpenter.k8s.aws/instance-ebs-bandwidth\", "
	  "\"karpenter.k8s.aws/instance-network-bandwidth\", "
	  "\"karpenter.k8s.aws/instance-gpu-name\", "
	  "\"karpenter.k8s.aws/instance-gpu-manufacturer\", "
	  "\"karpenter.k8s.aws/instance-gpu-count\", \"karpenter.k8s.aws/instance-gpu-memory\", "
	  "\"karpenter.k8s.aws/instance-accelerator-name\", "
	  "\"karpenter.k8s.aws/instance-accelerator-manufacturer\", "
	  "\"karpenter.k8s.aws/instance-accelerator-count\"] || "
	  "!self.find(\"^([^/]+)\").endsWith(\"karpenter.k8s.aws\")",
	  "label domain \"karpenter.k8s.aws\" is restricted",
	  cel_label, NULL,
	  NULL },
	/* EC2NodeClass .spec */
	{ KG305, "1.14.1", NULL,
	  "!has(self.amiFamily) || (self.amiSelectorTerms.exists(x, has(x.alias) && "
	  "x.alias.find('^[^@]+') == 'windows2025') ? (self.amiFamily == 'Custom' || "
	  "self.amiFamily == 'Windows2025') : true)",
	  "if set, amiFamily must be 'Windows2025' or 'Custom' when using a Windows2025 alias",
	  cel_alias_family_match, "windows2025:Windows2025",
	  "remove 'amiFamily' (the alias implies it) or set it to 'Windows2025' or 'Custom'" },
	/* EC2NodeClass .spec.amiSelectorTerms */
	{ KG305, "1.14.1", "amiSelectorTerms",
	  "self.all(x, has(x.tags) || has(x.id) || has(x.name) || has(x.alias) || "
	  "has(x.ssmParameter))",
	  "expected at least one, got none, ['tags', 'id', 'name', 'alias', 'ssmParameter']",
	  cel_each_has_any, "tags,id,name,alias,ssmParameter",
	  "give each term at least one of the listed fields" },
	/* EC2NodeClass .spec.amiSelectorTerms[].alias */
	{ KG305, "1.14.1", NULL,
	  "self.split('@')[0] in "
	  "['al2','al2023','bottlerocket','windows2019','windows2022','windows2025']",
	  "family is not supported, must be one of the following: 'al2', 'al2023', 'bottlerocket', "
	  "'windows2019', 'windows2022', 'windows2025'",
	  cel_alias_family, "al2,al2023,bottlerocket,windows2019,windows2022,windows2025",
	  "use one of the listed families (lower case)" },
	/* EC2NodeClass .spec.amiSelectorTerms[].alias */
	{ KG305, "1.14.1", NULL,
	  "self.split('@')[0] in ['windows2019','windows2022','windows2025'] ? self.split('@')[1] "
	  "== 'latest' : true",
	  "windows families may only specify version 'latest'",
	  cel_alias_windows, "@,windows2019,windows2022,windows2025",
	  "use '@latest' for Windows aliases" },
	/* EC2NodeClass .spec.blockDeviceMappings[].ebs */
	{ KG301, "1.14.1", NULL,
	  "!has(self.volumeInitializationRate) || (has(self.snapshotID) && self.snapshotID != '')",
	  "snapshotID must be set when volumeInitializationRate is set",
	  cel_init_rate, NULL,
	  "set 'snapshotID', or remove 'volumeInitializationRate' (it only applies to volumes "
	  "restored from a snapshot)" },
	/* EC2NodeClass .spec.capacityReservationSelectorTerms */
	{ KG306, "1.14.1", NULL,
	  "self.all(x, has(x.tags) || has(x.id) || has(x.instanceMatchCriteria))",
	  "expected at least one, got none, ['tags', 'id', 'instanceMatchCriteria']",
	  cel_each_has_any, "tags,id,instanceMatchCriteria",
	  "give each term at least one of the listed fields" },
	/* EC2NodeClass .spec.capacityReservationSelectorTerms */
	{ KG306, "1.14.1", NULL,
	  "!self.all(x, has(x.id) && (has(x.tags) || has(x.ownerID) || "
	  "has(x.instanceMatchCriteria)))",
	  "'id' is mutually exclusive, cannot be set along with other fields in a capacity "
	  "reservation selector term",
	  cel_not_all_mix, "id:tags,ownerID,instanceMatchCriteria",
	  "use 'id' alone in its term; put other criteria in a separate term" },
	/* EC2NodeClass .spec.connectionTracking */
	{ KG301, "1.14.1", NULL,
	  "has(self.tcpEstablishedTimeout) || has(self.udpStreamTimeout) || has(self.udpTimeout)",
	  "at least one of tcpEstablishedTimeout, udpStreamTimeout, or udpTimeout must be set",
	  cel_has_any, "tcpEstablishedTimeout,udpStreamTimeout,udpTimeout",
	  "set one of the timeouts, or remove 'connectionTracking'" },
	/* EC2NodeClass .spec.networkInterfaces */
	{ KG301, "1.14.1", NULL,
	  "self.size() == 0 || self.exists(x, x.deviceIndex == 0 && x.networkCardIndex == 0 && "
	  "x.interfaceType == 'interface')",
	  "networkInterfaces must include a primary interface with interfaceType='interface'",
	  cel_nic_primary, NULL,
	  "add the primary interface: '{networkCardIndex: 0, deviceIndex: 0, interfaceType: "
	  "interface}'" },
	/* EC2NodeClass .spec.networkInterfaces */
	{ KG301, "1.14.1", NULL,
	  "self.all(x, self.filter(y, x.networkCardIndex == y.networkCardIndex && x.deviceIndex == "
	  "y.deviceIndex).size() == 1 && (x.interfaceType != 'efa-only' || self.filter(y, "
	  "x.networkCardIndex == y.networkCardIndex && y.interfaceType == 'efa-only').size() == 1))",
	  "networkInterfaces must not have duplicate networkCardIndex and deviceIndex pairs, and "
	  "can have at most one efa device per network card",
	  cel_nic_unique, NULL,
	  "give each interface its own (networkCardIndex, deviceIndex) and at most one 'efa-only' "
	  "per card" },
	/* EC2NodeClass .spec.placementGroupSelector */
	{ KG306, "1.14.1", NULL,
	  "has(self.name) || has(self.id)",
	  "expected at least one, got none, ['name', 'id']",
	  cel_has_any, "name,id",
	  "set 'name' or 'id' of the placement group" },
	/* EC2NodeClass .spec.placementGroupSelector */
	{ KG306, "1.14.1", NULL,
	  "!(has(self.name) && has(self.id))",
	  "'name' and 'id' are mutually exclusive",
	  cel_not_both, "name,id",
	  "select the placement group by 'name' or by 'id', not both" },
	/* EC2NodeClass .spec.securityGroupSelectorTerms */
	{ KG306, "1.14.1", NULL,
	  "!self.all(x, has(x.id) && (has(x.tags) || has(x.name)))",
	  "'id' is mutually exclusive, cannot be set with a combination of other fields in a "
	  "security group selector term",
	  cel_not_all_mix, "id:tags,name",
	  "use 'id' alone in its term; put other criteria in a separate term" },
	/* EC2NodeClass .spec.securityGroupSelectorTerms */
	{ KG306, "1.14.1", NULL,
	  "!self.all(x, has(x.name) && (has(x.tags) || has(x.id)))",
	  "'name' is mutually exclusive, cannot be set with a combination of other fields in a "
	  "security group selector term",
	  cel_not_all_mix, "name:tags,id",
	  "use 'name' alone in its term; put other criteria in a separate term" },
	/* EC2NodeClass .spec.subnetSelectorTerms */
	{ KG306, "1.14.1", NULL,
	  "!self.all(x, has(x.id) && has(x.tags))",
	  "'id' is mutually exclusive, cannot be set with a combination of other fields in a "
	  "subnet selector term",
	  cel_not_all_mix, "id:tags",
	  "use 'id' alone in its term; put other criteria in a separate term" },
	/* NodeClaim .spec.nodeClassRef.group; NodePool .spec.template.spec.nodeClassRef.group */
	{ KG304, "1.14.1", NULL,
	  "self != ''",
	  "group may not be empty",
	  cel_not_empty, NULL,
	  "nodeClassRef needs group 'karpenter.k8s.aws', kind 'EC2NodeClass' and the EC2NodeClass "
	  "name" },
	/* NodeClaim .spec.nodeClassRef.kind; NodePool .spec.template.spec.nodeClassRef.kind */
	{ KG304, "1.14.1", NULL,
	  "self != ''",
	  "kind may not be empty",
	  cel_not_empty, NULL,
	  "nodeClassRef needs group 'karpenter.k8s.aws', kind 'EC2NodeClass' and the EC2NodeClass "
	  "name" },
	/* NodeClaim .spec.nodeClassRef.name; NodePool .spec.template.spec.nodeClassRef.name */
	{ KG304, "1.14.1", NULL,
	  "self != ''",
	  "name may not be empty",
	  cel_not_empty, NULL,
	  "nodeClassRef needs group 'karpenter.k8s.aws', kind 'EC2NodeClass' and the EC2NodeClass "
	  "name" },
	/* NodeClaim .spec.requirements; NodePool .spec.template.spec.requirements */
	{ KG303, "1.14.1", NULL,
	  "self.all(x, (x.operator == 'Gt' || x.operator == 'Lt' || x.operator == 'Gte' || "
	  "x.operator == 'Lte') ? (x.values.size() == 1 && int(x.values[0]) >= 0) : true)",
	  "requirements operator 'Gt', 'Lt', 'Gte', or 'Lte' must have a single positive integer "
	  "value",
	  cel_req_int, "Gt,Lt,Gte,Lte",
	  "give exactly one value, a non-negative integer as a string: values: [\"2\"]" },
	/* NodeClaim .spec.requirements[].key; NodePool .spec.template.spec.requirements[].key */
	{ KG302, "1.14.1", NULL,
	  "self in [\"karpenter.k8s.aws/instance-tenancy\", "
	  "\"karpenter.k8s.aws/capacity-reservation-type\", "
	  "\"karpenter.k8s.aws/capacity-reservation-id\", "
	  "\"karpenter.k8s.aws/capacity-reservation-interruptible\", "
	  "\"karpenter.k8s.aws/ec2nodeclass\", "
	  "\"karpenter.k8s.aws/instance-encryption-in-transit-supported\", "
	  "\"karpenter.k8s.aws/instance-category\", \"karpenter.k8s.aws/instance-hypervisor\", "
	  "\"karpenter.k8s.aws/instance-family\", \"karpenter.k8s.aws/instance-generation\", "
	  "\"karpenter.k8s.aws/instance-local-nvme\", \"karpenter.k8s.aws/instance-size\", "
	  "\"karpenter.k8s.aws/instance-cpu\", \"karpenter.k8s.aws/instance-cpu-manufacturer\", "
	  "\"karpenter.k8s.aws/instance-cpu-sustained-clock-speed-mhz\", "
	  "\"karpenter.k8s.aws/instance-memory\", \"karpenter.k8s.aws/instance-ebs-bandwidth\", "
	  "\"karpenter.k8s.aws/instance-network-bandwidth\", "
	  "\"karpenter.k8s.aws/instance-gpu-name\", "
	  "\"karpenter.k8s.aws/instance-gpu-manufacturer\", "
	  "\"karpenter.k8s.aws/instance-gpu-count\", \"karpenter.k8s.aws/instance-gpu-memory\", "
	  "\"karpenter.k8s.aws/instance-accelerator-name\", "
	  "\"karpenter.k8s.aws/instance-accelerator-manufacturer\", "
	  "\"karpenter.k8s.aws/instance-accelerator-count\", "
	  "\"karpenter.k8s.aws/instance-capability-flex\", "
	  "\"karpenter.k8s.aws/placement-group-id\", "
	  "\"karpenter.k8s.aws/placement-group-partition\"] || "
	  "!self.find(\"^([^/]+)\").endsWith(\"karpenter.k8s.aws\")",
	  "label domain \"karpenter.k8s.aws\" is restricted",
	  cel_label, NULL,
	  NULL },
	/* NodePool .spec */
	{ KG301, "1.14.1", NULL,
	  "!has(self.replicas) || (!has(self.limits) || size(self.limits) == 0 || "
	  "(size(self.limits) == 1 && 'nodes' in self.limits))",
	  "only 'limits.nodes' is supported on static NodePools",
	  cel_static_limits, NULL,
	  "a static NodePool (with 'replicas') takes only 'limits.nodes'" },
	/* NodePool .spec */
	{ KG301, "1.14.1", NULL,
	  "!has(self.replicas) || !has(self.weight)",
	  "'weight' is not supported on static NodePools",
	  cel_static_weight, NULL,
	  "remove 'weight' or 'replicas'" },
	/* NodePool .spec.template.metadata.labels */
	{ KG302, "1.14.1", NULL,
	  "self.all(x, x in [\"karpenter.k8s.aws/instance-tenancy\", "
	  "\"karpenter.k8s.aws/capacity-reservation-type\", "
	  "\"karpenter.k8s.aws/capacity-reservation-id\", "
	  "\"karpenter.k8s.aws/capacity-reservation-interruptible\", "
	  "\"karpenter.k8s.aws/capacity-reservation-interruptible\", "
	  "\"karpenter.k8s.aws/ec2nodeclass\", "
	  "\"karpenter.k8s.aws/instance-encryption-in-transit-supported\", "
	  "\"karpenter.k8s.aws/instance-category\", \"karpenter.k8s.aws/instance-hypervisor\", "
	  "\"karpenter.k8s.aws/instance-family\", \"karpenter.k8s.aws/instance-generation\", "
	  "\"karpenter.k8s.aws/instance-local-nvme\", \"karpenter.k8s.aws/instance-size\", "
	  "\"karpenter.k8s.aws/instance-cpu\", \"karpenter.k8s.aws/instance-cpu-manufacturer\", "
	  "\"karpenter.k8s.aws/instance-cpu-sustained-clock-speed-mhz\", "
	  "\"karpenter.k8s.aws/instance-memory\", \"karpenter.k8s.aws/instance-ebs-bandwidth\", "
	  "\"karpenter.k8s.aws/instance-network-bandwidth\", "
	  "\"karpenter.k8s.aws/instance-gpu-name\", "
	  "\"karpenter.k8s.aws/instance-gpu-manufacturer\", "
	  "\"karpenter.k8s.aws/instance-gpu-count\", \"karpenter.k8s.aws/instance-gpu-memory\", "
	  "\"karpenter.k8s.aws/instance-accelerator-name\", "
	  "\"karpenter.k8s.aws/instance-accelerator-manufacturer\", "
	  "\"karpenter.k8s.aws/instance-accelerator-count\", "
	  "\"karpenter.k8s.aws/instance-capability-flex\", "
	  "\"karpenter.k8s.aws/placement-group-id\", "
	  "\"karpenter.k8s.aws/placement-group-partition\"] || "
	  "!x.find(\"^([^/]+)\").endsWith(\"karpenter.k8s.aws\"))",
	  "label domain \"karpenter.k8s.aws\" is restricted",
	  cel_label, NULL,
	  NULL },
};
const int cel_rule_count = sizeof cel_rules / sizeof *cel_rules;

const CelRule *
cel_rule_find(const char *cel, const char *message, const char *schema_path)
{
	const CelRule *any = NULL;
	for (int i = 0; i < cel_rule_count; i++) {
		const CelRule *r = &cel_rules[i];
		if (strcmp(r->cel, cel) != 0 || strcmp(r->message, message) != 0)
			continue;
		if (!r->where)
			any = r;
		else if (schema_path && strstr(schema_path, r->where))
			return r;
	}
	return any;
}

/* ------------------------------------------------------------ API versions */

/*
 * The Karpenter kinds across the three API generations.  `family` names
 * the kind's role, so a v1alpha5 Provisioner and a v1 NodePool are the same
 * thing at different generations (0 alpha, 1 beta, 2 v1).
 */
typedef struct ApiKind {
	const char *group, *version, *kind;
	const char *family;
	int gen;
	const char *removed;     /* the first Karpenter release that stopped serving it */
} ApiKind;

static const ApiKind api_kinds[] = {
	{ "karpenter.sh", "v1alpha5", "Provisioner", "NodePool", 0, "0.33" },
	{ "karpenter.sh", "v1beta1", "NodePool", "NodePool", 1, "1.1" },
	{ "karpenter.sh", "v1", "NodePool", "NodePool", 2, NULL },
	{ "karpenter.k8s.aws", "v1alpha1", "AWSNodeTemplate", "EC2NodeClass", 0, "0.33" },
	{ "karpenter.k8s.aws", "v1beta1", "EC2NodeClass", "EC2NodeClass", 1, "1.1" },
	{ "karpenter.k8s.aws", "v1", "EC2NodeClass", "EC2NodeClass", 2, NULL },
	{ "karpenter.sh", "v1alpha5", "Machine", "NodeClaim", 0, "0.33" },
	{ "karpenter.sh", "v1beta1", "NodeClaim", "NodeClaim", 1, "1.1" },
	{ "karpenter.sh", "v1", "NodeClaim", "NodeClaim", 2, NULL },
};
enum { NAPI = sizeof api_kinds / sizeof *api_kinds };

static bool
karpenter_group(const char *g, size_t n)
{
	return (n == 12 && memcmp(g, "karpenter.sh", 12) == 0) || (n == 17 && memcmp(g, "karpenter.k8s.aws", 17) == 0);
}

/* The newest generation of `family` the target serves, and its API version; -1 when none. */
static int
newest_served(const char *karpenter, const char *family, const ApiKind **which)
{
	int best = -1;
	for (int i = 0; i < NAPI; i++) {
		const ApiKind *k = &api_kinds[i];
		if (strcmp(k->family, family) == 0 && k->gen > best
		    && schema_find(karpenter, k->group, k->version, k->kind)) {
			best = k->gen;
			*which = k;
		}
	}
	return best;
}

static void
convert_note(Diag *d, const ApiKind *to, const Value *doc)
{
	if (strcmp(to->family, "NodeClaim") == 0) {
		diag_note(d, NULL, "%ss are created by Karpenter itself: remove this one from the manifests", to->kind);
		return;
	}
	diag_note(d, NULL, "convert it offline: karpgen convert --to %s %s", to->version,
	    doc->loc.file ? doc->loc.file->name : "FILE");
}

/* Per run: the schema the target serves for each API kind, and the newest generation of its family. */
struct ApiServed {
	bool known;
	const CrdSchema *cs;
	const ApiKind *newest;
	int gen;
};

/*
 * KG320: an API version the target does not serve (or serves only until
 * the next release).  Returns the schema to validate against, NULL when the
 * document cannot be checked further.
 */
static const CrdSchema *
served_schema(Validation *vs, const ApiKind *ak, const Value *doc, const Value *av)
{
	const char *target = vs->kv->name;
	struct ApiServed *sv = &vs->served[ak - api_kinds];
	if (!sv->known) {
		sv->known = true;
		sv->cs = schema_find(target, ak->group, ak->version, ak->kind);
		sv->gen = newest_served(target, ak->family, &sv->newest);
	}
	const CrdSchema *cs = sv->cs;
	const ApiKind *newest = sv->newest;
	int gen = sv->gen;
	if (cs) {
		if (gen > ak->gen) {
			Diag *d = diag_sev(KG320, SEV_WARNING, &av->loc, "'%s/%s' %s is deprecated in Karpenter %s "
			    "and no longer served from %s", ak->group, ak->version, ak->kind, target, ak->removed);
			convert_note(d, newest, doc);
		}
		return cs;
	}
	/* which supported releases serve it at all? */
	const char *first = NULL, *last = NULL, *versions[16];
	int nv = schema_versions(versions, 16);
	for (int i = 0; i < nv; i++)
		if (schema_find(versions[i], ak->group, ak->version, ak->kind)) {
			if (!first)
				first = versions[i];
			last = versions[i];
		}
	if (gen > ak->gen || (gen < 0 && last)) {
		Diag *d = diag(KG320, &av->loc, "'%s/%s' %s is not served by Karpenter %s (removed in %s)",
		    ak->group, ak->version, ak->kind, target, ak->removed);
		if (newest)
			convert_note(d, newest, doc);
		diag_note(d, NULL, "to check it as it is, validate with '--karpenter-version %s'", last);
	} else {
		Diag *d = diag(KG320, &av->loc, "'%s/%s' %s is not served by Karpenter %s yet", ak->group,
		    ak->version, ak->kind, target);
		if (first)
			diag_note(d, NULL, "it needs Karpenter %s or later: validate with '--karpenter-version %s'",
			    first, first);
		if (newest)
			diag_note(d, NULL, "Karpenter %s serves '%s/%s' %s", target, newest->group, newest->version,
			    newest->kind);
	}
	return NULL;
}

/* ------------------------------------------------------------ extra checks */

/*
 * Checks beyond the CRD: the `@latest` alias (KG230), and what Karpenter's
 * runtime validation rejects although the CRD lets it through (the NodePool
 * or EC2NodeClass then never becomes Ready).  Each row binds, like a CEL
 * rule, to a schema node: of one kind, at one API version (NULL: any), at
 * one schema path.
 */
static void
extra_alias_latest(CelCtx *c)
{
	ami_alias_latest(c->self, path_text(c->arena, c->path, NULL));
}

static void
extra_alias_parts(CelCtx *c)
{
	const Value *v = c->self;
	const char *at = v->kind == V_STR ? memchr(v->s, '@', v->len) : NULL;
	if (!at || !memchr(at + 1, '@', v->len - (size_t)(at - v->s) - 1))
		return;
	c->errors++;
	Diag *d = diag(KG305, &v->loc, "%s: alias '%s' has more than one '@'", path_text(c->arena, c->path, NULL), v->s);
	diag_note(d, NULL, "the CRD accepts it, but Karpenter splits the alias on '@' and rejects it at run time");
	diag_note(d, NULL, "write the alias as FAMILY@VERSION");
}

static void
extra_volume_size(CelCtx *c)
{
	const Value *v = c->self;
	if (v->kind != V_STR || (strcmp(v->s, "Ti") != 0 && strcmp(v->s, "T") != 0))
		return;
	c->errors++;
	Diag *d = diag(KG301, &v->loc, "%s: volume size '%s' has no number", path_text(c->arena, c->path, NULL), v->s);
	diag_note(d, NULL, "the CRD pattern lets it through an empty alternative; EC2 rejects it");
	diag_note(d, NULL, "write a size such as '100Gi' or '1Ti'");
}

static void
extra_label_keys(CelCtx *c)
{
	for (int i = 0; i < c->self->n; i++) {
		const Member *m = &c->self->members[i];
		if (k8s_qualified_name(m->key, strlen(m->key)))
			continue;
		c->errors++;
		Diag *d = diag(KG302, &m->key_loc, "%s: '%s' is not a valid label key",
		    path_text(c->arena, c->path, key_sub(c, m->key)), m->key);
		diag_note(d, NULL, "the CRD accepts it, but Karpenter rejects the NodePool at run time");
		diag_note(d, NULL, "a label key is an optional DNS subdomain prefix and '/', then at most 63 "
		    "letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
	}
}

static void
extra_requirement_value(CelCtx *c)
{
	const Value *v = c->self;
	if (v->kind != V_STR || k8s_label_value(v->s, v->len))
		return;
	c->errors++;
	Diag *d = diag(KG303, &v->loc, "%s: '%s' is not a valid label value", path_text(c->arena, c->path, NULL), v->s);
	diag_note(d, NULL, "the CRD does not check requirement values, but Karpenter rejects the NodePool at run time");
	diag_note(d, NULL, "a label value is at most 63 letters, digits, '-', '_' or '.', starting and ending "
	    "with a letter or digit");
	placeholder_note(d, v);
}

const ApiCheck api_checks[] = {
	{ "EC2NodeClass", "v1", ".spec.amiSelectorTerms[].alias", extra_alias_latest },
	{ "EC2NodeClass", "v1", ".spec.amiSelectorTerms[].alias", extra_alias_parts },
	{ "EC2NodeClass", NULL, ".spec.blockDeviceMappings[].ebs.volumeSize", extra_volume_size },
	{ "NodePool", NULL, ".spec.template.metadata.labels", extra_label_keys },
	{ "NodePool", NULL, ".spec.template.spec.requirements[].values[]", extra_requirement_value },
	{ "Provisioner", NULL, ".spec.labels", extra_label_keys },
	{ "Provisioner", NULL, ".spec.requirements[].values[]", extra_requirement_value },
};
const int api_check_count = sizeof api_checks / sizeof *api_checks;

/* ------------------------------------------------------------ nodeClassRef */

/*
 * KG304, within one document: the reference names the AWS node class by its
 * group (v1) or apiVersion (v1beta1, v1alpha5 providerRef) and kind.  A
 * group the schema already rejects (empty, or with a '/') is not reported
 * twice.
 */
static bool
check_ref_shape(const ApiKind *ak, const Value *ref, const char *path)
{
	bool ok = true;
	const char *want_kind = ak->gen == 0 ? "AWSNodeTemplate" : "EC2NodeClass";
	const Value *kind = fval(ref, "kind");
	if (ak->gen == 2) {
		const Value *g = fval(ref, "group");
		if (g && g->kind == V_STR && g->len && !memchr(g->s, '/', g->len) && strcmp(g->s, "karpenter.k8s.aws") != 0) {
			Diag *d = diag(KG304, &g->loc, "%s.group: '%s' is not the group of the AWS node classes", path, g->s);
			if (strcmp(g->s, "eks.amazonaws.com") == 0)
				diag_note(d, NULL, "'eks.amazonaws.com' NodeClass is EKS Auto Mode's: it exists only on an "
				    "Auto Mode cluster, not with a Karpenter you install");
			diag_note(d, NULL, "write 'group: karpenter.k8s.aws'");
			ok = false;
		}
	} else {
		const Value *av = fval(ref, "apiVersion");
		if (av && av->kind == V_STR && (strncmp(av->s, "karpenter.k8s.aws/", 18) != 0)) {
			Diag *d = diag(KG304, &av->loc, "%s.apiVersion: '%s' is not an AWS node class API version",
			    path, av->s);
			diag_note(d, NULL, "write 'apiVersion: karpenter.k8s.aws/%s'", ak->gen == 0 ? "v1alpha1" : "v1beta1");
			ok = false;
		}
	}
	if (kind && kind->kind == V_STR && kind->len && strcmp(kind->s, want_kind) != 0) {
		Diag *d = diag(KG304, &kind->loc, "%s.kind: '%s' is not '%s'", path, kind->s, want_kind);
		diag_note(d, NULL, "write 'kind: %s'", want_kind);
		ok = false;
	}
	return ok;
}

static const char *
ref_path(const ApiKind *ak)
{
	return ak->gen == 0 ? "spec.providerRef" : "spec.template.spec.nodeClassRef";
}

static const Value *
ref_of(const ApiKind *ak, const Value *doc)
{
	const Value *spec = fval(doc, "spec");
	if (ak->gen == 0)
		return fval(spec, "providerRef");
	return fval(fval(fval(spec, "template"), "spec"), "nodeClassRef");
}

/* ------------------------------------------------------------ documents */

static const char *
doc_name(const Value *doc)
{
	const Value *n = fval(fval(doc, "metadata"), "name");
	return n && n->kind == V_STR ? n->s : NULL;
}

void
validation_init(Validation *vs, Arena *a, const KarpVersion *kv)
{
	memset(vs, 0, sizeof *vs);
	vs->arena = a;
	vs->kv = kv;
	vs->served = arena_alloc(a, NAPI * sizeof *vs->served);
}

static void
count_kind(Validation *vs, const char *kind)
{
	vs->validated++;
	for (int i = 0; i < vs->kinds.n; i++)
		if (strcmp(vs->kinds.v[i].kind, kind) == 0) {
			vs->kinds.v[i].n++;
			return;
		}
	KindCount k = { arena_strdup(vs->arena, kind), 1 };
	VEC_PUSH(vs->arena, vs->kinds, k);
}

bool
validate_document(Validation *vs, const Value *doc)
{
	if (!doc || doc->kind == V_NULL)
		return false;  /* an empty document ("---" with nothing after it) */
	const Value *av = v_get(doc, "apiVersion"), *kd = v_get(doc, "kind");
	if (doc->kind != V_MAP || !av || av->kind != V_STR || !kd || kd->kind != V_STR) {
		vs->skipped++;
		return false;
	}
	const char *slash = strchr(av->s, '/');
	if (!slash || !karpenter_group(av->s, (size_t)(slash - av->s))) {
		vs->skipped++;
		return false;
	}
	count_kind(vs, kd->s);
	const ApiKind *ak = NULL;
	bool kind_known = false;
	size_t gl = (size_t)(slash - av->s);
	for (int i = 0; i < NAPI; i++) {
		const ApiKind *k = &api_kinds[i];
		if (strlen(k->group) != gl || strncmp(k->group, av->s, gl) != 0 || strcmp(k->kind, kd->s) != 0)
			continue;
		kind_known = true;
		if (strcmp(k->version, slash + 1) == 0)
			ak = k;
	}
	if (!ak) {
		Diag *d = diag(KG301, kind_known ? &av->loc : &kd->loc, "'%s' %s is not a Karpenter API karpgen knows",
		    av->s, kd->s);
		Buf b = { 0 };
		for (int i = 0; i < NAPI; i++)
			if (strlen(api_kinds[i].group) == gl && strncmp(api_kinds[i].group, av->s, gl) == 0)
				buf_printf(&b, "%s%s/%s %s", b.len ? ", " : "", api_kinds[i].group, api_kinds[i].version,
				    api_kinds[i].kind);
		diag_note(d, NULL, "known in this group: %s", b.s ? b.s : "none");
		buf_free(&b);
		return true;
	}
	if (strcmp(ak->family, "EC2NodeClass") == 0 && doc_name(doc)) {
		ClassRef def = { ak->kind, doc_name(doc), NULL, NULL };
		VEC_PUSH(vs->arena, vs->nodeclasses, def);
	}
	const CrdSchema *cs = served_schema(vs, ak, doc, av);
	if (!cs)
		return true;
	schema_validate(vs->arena, cs, doc);
	if (strcmp(ak->family, "NodePool") == 0) {
		const Value *ref = ref_of(ak, doc);
		/* the name is looked up at the end, when it names the right kind */
		const Value *name = fval(ref, "name");
		if (ref && ref->kind == V_MAP && check_ref_shape(ak, ref, ref_path(ak)) && name
		    && name->kind == V_STR && name->len) {
			ClassRef use = { ak->gen == 0 ? "AWSNodeTemplate" : "EC2NodeClass", name->s, name, ref_path(ak) };
			VEC_PUSH(vs->arena, vs->refs, use);
		}
	}
	return true;
}

static int
cmp_class(const void *pa, const void *pb)
{
	const ClassRef *a = pa, *b = pb;
	int c = strcmp(a->kind, b->kind);
	return c ? c : strcmp(a->name, b->name);
}

/* A name a typo away: within a third of its length (one edit at least). */
static bool
near_name(const char *a, const char *b)
{
	int d = edit_distance(a, b), n = (int)strlen(b);
	return d <= (n / 3 > 1 ? n / 3 : 1);
}

void
validation_finish(Validation *vs)
{
	if (vs->incomplete)
		return;
	if (vs->nodeclasses.n)
		qsort(vs->nodeclasses.v, (size_t)vs->nodeclasses.n, sizeof *vs->nodeclasses.v, cmp_class);
	for (int i = 0; i < vs->refs.n; i++) {
		const ClassRef *r = &vs->refs.v[i];
		if (vs->nodeclasses.n && bsearch(r, vs->nodeclasses.v, (size_t)vs->nodeclasses.n,
		    sizeof *vs->nodeclasses.v, cmp_class))
			continue;
		/*
		 * Not in the inputs: in a file beside them (beside.c) is as good.
		 * Found nowhere, it may be applied from elsewhere: a warning that
		 * says so, unless a class of a near name or of another kind by that
		 * name exists (a typo), or --strict-refs makes the repository a
		 * closed set.
		 */
		bool typo = false, found = false;
		for (int k = 0; k < vs->beside.n && !found; k++) {
			const ClassRef *c = &vs->beside.v[k];
			found = strcmp(c->name, r->name) == 0 && strcmp(c->kind, r->kind) == 0;
			typo |= strcmp(c->name, r->name) == 0 || near_name(c->name, r->name);
		}
		if (found)
			continue;
		for (int k = 0; k < vs->nodeclasses.n && !typo; k++)
			typo = strcmp(vs->nodeclasses.v[k].name, r->name) == 0 ||
			    near_name(vs->nodeclasses.v[k].name, r->name);
		Diag *d;
		if (typo || vs->strict_refs) {
			d = diag(KG304, &r->at->loc, "%s.name: no %s named '%s' in the inputs", r->path, r->kind, r->name);
		} else {
			d = diag_sev(KG304, SEV_WARNING, &r->at->loc, "%s.name: no %s named '%s' in the inputs%s: the "
			    "reference is not checked", r->path, r->kind, r->name,
			    vs->beside_searched ? " or the files beside them" : "");
			diag_note(d, NULL, "give the file that defines it along with this one, or use '--strict-refs' "
			    "to make a class found nowhere an error");
			continue;
		}
		Buf names = { 0 };
		const char *near = NULL;
		int best = 4, count = 0;
		for (int k = 0; k < vs->beside.n; k++) {
			const ClassRef *c = &vs->beside.v[k];
			if (strcmp(c->name, r->name) == 0 && strcmp(c->kind, r->kind) != 0)
				diag_note(d, NULL, "'%s' beside it defines %s '%s', not %s", c->path, c->kind, c->name, r->kind);
			else if (strcmp(c->kind, r->kind) == 0 && edit_distance(c->name, r->name) < best) {
				best = edit_distance(c->name, r->name);
				near = c->name;
			}
		}
		for (int k = 0; k < vs->nodeclasses.n; k++) {
			const ClassRef *c = &vs->nodeclasses.v[k];
			if (strcmp(c->kind, r->kind) != 0)
				continue;
			if (count++ < 8)
				buf_printf(&names, "%s'%s'", names.len ? ", " : "", c->name);
			int dist = edit_distance(c->name, r->name);
			if (dist < best) {
				best = dist;
				near = c->name;
			}
		}
		if (near)
			diag_note(d, NULL, "did you mean '%s'?", near);
		if (names.len)
			diag_note(d, NULL, "the inputs define %s %s%s", r->kind, names.s, count > 8 ? ", ..." : "");
		diag_note(d, NULL, "give the file that defines it along with this one: a NodePool cannot "
		    "launch nodes without its node class");
		buf_free(&names);
	}
}

void
validate_objects(Arena *a, const KarpVersion *kv, KObject *const *objs, int n)
{
	Validation vs;
	validation_init(&vs, a, kv);
	for (int i = 0; i < n; i++)
		validate_document(&vs, objs[i]->doc);
	validation_finish(&vs);
}
