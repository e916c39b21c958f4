/*
 * cel.c - the CEL rules of the Karpenter CRDs, evaluated: one check per
 * shape of rule (KG302-KG309, KG301 for the rest), bound by the schema
 * engine (schema.c) wherever a schema carries the rule, so a rule applies in
 * exactly the versions and places the real CRD has it.
 *
 * The rules are one generated table, cel_rules[] (cel_rules.def): the rule
 * text verbatim, the upstream message, the versions whose CRDs carry it, the
 * check that implements it and the fix.  Semantics are CEL's, quirks
 * included (KARPENTER-API.md section 3.6): `find("^([^/]+)")` is the text
 * before the first '/', `endsWith` has no dot boundary, fields read through
 * a default the schema gives them, and a null field is absent.
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

const Value *
cel_field(const Value *obj, const char *key)
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
void
cel_placeholder_note(Diag *d, const Value *v)
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

/* ------------------------------------------------ schema defaults, paths */

const Value *
schema_field_default(const Schema *s, const char *field)
{
	for (int i = 0; s && i < s->nprops; i++)
		if (strcmp(s->props[i].name, field) == 0)
			return s->props[i].s->dflt;
	return NULL;
}

/* ------------------------------------------------------------ paths */

static bool
plain_key(const char *k)
{
	for (const char *p = k; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')
		    || *p == '_' || *p == '-'))
			return false;
	return *k != '\0';
}

const char *
path_text(Arena *a, const FieldPath *p, const char *extra)
{
	Buf b = { 0 };
	for (int i = 0; i < p->n; i++) {
		const PathSeg *s = &p->seg[i];
		if (!s->key)
			buf_printf(&b, "[%d]", s->index);
		else if (s->map_key || !plain_key(s->key))
			buf_printf(&b, "[%s]", s->key);
		else
			buf_printf(&b, "%s%s", b.len ? "." : "", s->key);
	}
	if (extra)
		buf_puts(&b, extra);
	if (!b.len)
		buf_puts(&b, "(document)");
	const char *r = arena_strndup(a, b.s, b.len);
	buf_free(&b);
	return r;
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
 * exclusive), so it gets a KG312 warning (one rule for every such row).
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
		Diag *d = diag(KG312, at, "%s: %s", path_text(c->arena, c->path, idx(c, i)),
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
	const Value *op = cel_field(x, "operator");
	return op ? &op->loc : &x->loc;
}

/* self.all(x, x.operator == 'In' ? x.values.size() != 0 : true) */
static void
cel_req_in(CelCtx *c)
{
	/* arg: the operator that needs values ("In", "NotIn") */
	for (int i = 0; i < c->self->n; i++) {
		const Value *x = c->self->items[i];
		if (!str_is(cel_field(x, "operator"), c->rule->arg))
			continue;
		const Value *vals = cel_field(x, "values");
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
		const Value *x = c->self->items[i], *op = cel_field(x, "operator");
		if (!op || op->kind != V_STR || !in_list(c->rule->arg, op->s, op->len))
			continue;
		const Value *vals = cel_field(x, "values");
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
		const Value *mv = cel_field(x, "minValues"), *vals = cel_field(x, "values");
		if (!str_is(cel_field(x, "operator"), "In") || !mv || mv->kind != V_NUM)
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
	const Value *v = cel_field(c->self, key);
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
	const Value *fam = cel_field(c->self, "amiFamily"), *terms = cel_field(c->self, "amiSelectorTerms");
	if (str_is(fam, "Custom") && (!terms || (terms->kind == V_LIST && terms->n == 0)))
		cel_fail(c, &fam->loc, NULL);
}

/* self.amiSelectorTerms.exists(x, has(x.alias)) ? true : has(self.amiFamily) */
static void
cel_family_or_alias(CelCtx *c)
{
	const Value *terms = cel_field(c->self, "amiSelectorTerms");
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
	const Value *fam = cel_field(c->self, "amiFamily"), *terms = cel_field(c->self, "amiSelectorTerms");
	if (!fam || fam->kind != V_STR || !terms || terms->kind != V_LIST)
		return;
	const char *colon = strchr(c->rule->arg, ':');
	size_t an = (size_t)(colon - c->rule->arg);
	for (int i = 0; i < terms->n; i++) {
		const Value *a = cel_field(terms->items[i], "alias");
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
		cel_placeholder_note(cel_fail(c, &c->self->loc, NULL), c->self);
}

/* self.split('@')[0] in [families] */
static void
cel_alias_family(CelCtx *c)
{
	size_t n = alias_family(c->self);
	if (!in_list(c->rule->arg, c->self->s, n)) {
		Diag *d = cel_fail(c, &c->self->loc, NULL);
		cel_placeholder_note(d, c->self);
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
	const Value *snap = cel_field(c->self, "snapshotID");
	if (rate && !(snap && snap->kind == V_STR && snap->len > 0))
		cel_fail(c, &rate->key_loc, NULL);
}

/* ------------------------------------------------------------ kubelet */

/* has(high) && has(low) ? high > low : true */
static void
cel_image_gc(CelCtx *c)
{
	const Value *hi = cel_field(c->self, "imageGCHighThresholdPercent"), *lo = cel_field(c->self, "imageGCLowThresholdPercent");
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
	const Value *b = cel_field(c->self, colon + 1);
	if (!ma || ma->val->kind != V_MAP)
		return;
	for (int i = 0; i < ma->val->n; i++) {
		const Member *e = &ma->val->members[i];
		if (!b || b->kind != V_MAP || !field(b, e->key))
			cel_fail(c, &e->key_loc, arena_printf(c->arena, ".%s[%s]", a, e->key));
	}
}

/* self.all(x, !(x in [keys])): keys that must not be used */
static void
cel_keys_not_in(CelCtx *c)
{
	for (int i = 0; i < c->self->n; i++) {
		const Member *m = &c->self->members[i];
		if (in_list(c->rule->arg, m->key, strlen(m->key)))
			cel_fail(c, &m->key_loc, key_sub(c, m->key));
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
		if (num_is(cel_field(x, "deviceIndex"), 0) && num_is(cel_field(x, "networkCardIndex"), 0)
		    && str_is(cel_field(x, "interfaceType"), "interface"))
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
		const Value *card = cel_field(x, "networkCardIndex"), *dev = cel_field(x, "deviceIndex");
		bool efa = str_is(cel_field(x, "interfaceType"), "efa-only");
		int same = 0, efas = 0;
		for (int j = 0; j < c->self->n; j++) {
			const Value *y = c->self->items[j], *ycard = cel_field(y, "networkCardIndex");
			same += same_num(card, ycard) && same_num(dev, cel_field(y, "deviceIndex"));
			efas += same_num(card, ycard) && str_is(cel_field(y, "interfaceType"), "efa-only");
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
 * cel_rules.def is generated by scripts/gen-schemas.py from the reference
 * CRDs (rule, message, versions), the shape of each rule (which check below
 * implements it, and its arguments) and data/cel-bindings.tsv (id, fix).
 */
const CelRule cel_rules[] = {
#define CEL_RULE(id, versions, where, rule, message, check, arg, fix) \
	{ id, versions, where, rule, message, check, arg, fix },
#include "cel_rules.def"
#undef CEL_RULE
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

