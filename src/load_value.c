/*
 * load_value.c - what every front-end shares: the one family of value -> IR
 * scalar conversions (sval_of ...), which keep every Loc and mean the same
 * for a key whichever input writes it; new node groups, cluster values set
 * from an input, the (key, setter, slot) table walker and its setters, the
 * "did you mean" search (names.c's edit distance), template placeholders,
 * and cluster-wide values that two inputs may disagree on.
 */
#include "karpgen.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SLOT(T, obj, f) ((T *)(void *)((char *)(obj) + (f)->off))

/*
 * ------------------------------------------- value -> IR scalar: the one family
 *
 * Every front-end converts with these (the Terraform ones, eksctl, the AWS
 * CLI, Helm values), so a key means the same from every input; the table of
 * what each makes of each kind of input is tests/unit/test_value_conv.c.
 *
 *   null (anywhere: a key, a list item, a map element)   unset: not written
 *   an HCL expression, a CloudFormation {"Ref": ...}     unknown, with its text
 *   a template placeholder in a string ("${X}", "{{ x }}", "<<X>>"; the one
 *     recogniser, placeholder_find())                    unknown, KG111 warning
 *   a number where a string is wanted                    its spelling ("1.30");
 *     one computed has none: the shortest text that reads back as the same number
 *   a whole number: 100, 1.0, "100" (Terraform converts a string where a
 *     number is wanted; so does karpgen for every input)  the integer
 *   a negative or out-of-range count or size             KG112
 *   anything else of the wrong kind                      KG106 naming the key
 */

/* Where v is, and whether it was written or filled in from a type's optional() default. */
static void
start(const Value *v, Loc *loc, Origin *origin)
{
	*loc = v->loc;
	*origin = (v->flags & VF_DEFAULT) ? ORIGIN_DEFAULT : ORIGIN_INPUT;
}

/*
 * A CloudFormation intrinsic function ({"Ref": ...}, {"Fn::GetAtt": ...}) in
 * place of a value: it has no value offline, like an HCL expression.
 */
static bool
is_intrinsic(const Value *v)
{
	return v->kind == V_MAP && v->n == 1 &&
	    (strcmp(v->members[0].key, "Ref") == 0 || strncmp(v->members[0].key, "Fn::", 4) == 0 ||
	    strcmp(v->members[0].key, "Condition") == 0);
}

/* The source text of a value that cannot be evaluated, for SVal.expr. */
static const char *
expr_text(Arena *a, const Value *v)
{
	if (v->kind == V_UNKNOWN || v->kind == V_STR)
		return arena_strndup(a, v->s ? v->s : "", v->len);
	char *j = value_to_json(v, false);
	const char *s = arena_strdup(a, j ? j : "?");
	free(j);
	return s;
}

/* Not evaluable offline: an expression or an intrinsic function. */
static bool
is_unknown(const Value *v)
{
	return v->kind == V_UNKNOWN || is_intrinsic(v);
}

/*
 * A placeholder where karpgen needs the value: the value is unknown until the
 * template is filled in.  A warning, not an error: the rest of the input is
 * still worth reading, and checks treat the value as unknown.
 */
static bool
placeholder_check(const char *what, const Value *v)
{
	size_t n;
	const char *p = placeholder_find(v->s, v->len, &n, false);
	if (!p)
		return false;
	Diag *d = diag_sev(KG111, SEV_WARNING, &v->loc, "template placeholder '%.*s' in '%s' is not substituted",
	    (int)n, p, what);
	diag_note(d, NULL, "fill in the template (envsubst, the pipeline's substitution) before karpgen reads it; "
	    "karpgen treats the value as unknown");
	return true;
}

/* A number's text when it has no spelling: the shortest that reads back as the same double. */
static const char *
num_text(Arena *a, double d)
{
	char buf[40];
	snprintf(buf, sizeof buf, "%.15g", d);
	if (strtod(buf, NULL) != d)
		snprintf(buf, sizeof buf, "%.17g", d);
	return arena_strdup(a, buf);
}

static SVal
str_of(IR *ir, const Value *v, const char *what, bool placeholders)
{
	Arena *a = ir->arena;
	SVal r = { 0 };
	if (!v || v->kind == V_NULL)
		return r;
	start(v, &r.loc, &r.origin);
	r.set = true;
	if (is_unknown(v)) {
		r.unknown = true;
		r.expr = expr_text(a, v);
		return r;
	}
	switch (v->kind) {
	case V_STR:
		if (placeholders && placeholder_check(what, v)) {
			r.unknown = true;
			r.expr = expr_text(a, v);
		} else {
			r.s = v->s;
		}
		return r;
	case V_NUM:
		/* the source spelling: an unquoted YAML `version: 1.30` stays "1.30" */
		r.s = v->s ? arena_strndup(a, v->s, v->len) : num_text(a, v->num);
		return r;
	case V_BOOL:
		r.s = v->b ? "true" : "false";
		if (v->s && v->len && !(v->len == strlen(r.s) && memcmp(v->s, r.s, v->len) == 0)) {
			/* YAML 1.1 reads `n`, `yes`, `off` ... as booleans: keep what was written,
			 * which is what the author meant, and say so (Go's YAML readers refuse it) */
			r.s = arena_strndup(a, v->s, v->len);
			Diag *d = diag_sev(KG106, SEV_WARNING, &v->loc, "'%s' is '%s', which YAML reads as a "
			    "boolean, not a string", what, r.s);
			diag_note(d, NULL, "quote it: \"%s\"", r.s);
		}
		return r;
	default:
		diag(KG106, &v->loc, "'%s' should be a string, not %s", what, ld_a_kind(v->kind));
		return (SVal){ 0 };
	}
}

SVal
sval_of(IR *ir, const Value *v, const char *what)
{
	return str_of(ir, v, what, true);
}

SVal
sval_verbatim(IR *ir, const Value *v, const char *what)
{
	return str_of(ir, v, what, false);
}

static bool
all_digits(const char *s, size_t n)
{
	size_t i = (n && (*s == '-' || *s == '+'));
	if (i == n)
		return false;
	for (; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

IVal
ival_of(IR *ir, const Value *v, const char *what)
{
	IVal r = { 0 };
	if (!v || v->kind == V_NULL)
		return r;
	start(v, &r.loc, &r.origin);
	r.set = true;
	if (is_unknown(v) || (v->kind == V_STR && placeholder_check(what, v))) {
		r.unknown = true;
		r.expr = expr_text(ir->arena, v);
		return r;
	}
	const char *text = v->s ? v->s : "";
	int len = v->len > 64 ? 64 : (int)v->len;
	bool digits = v->s && all_digits(v->s, v->len);
	if (v->kind == V_NUM && (v->flags & VF_INTEGER)) {
		r.v = v->i;
	} else if (v->kind == V_NUM && digits) {
		/* written as an integer, and the parser found it does not fit */
		diag(KG112, &v->loc, "'%s' is out of range: '%.*s'", what, len, text);
		return (IVal){ 0 };
	} else if (v->kind == V_NUM && v->num == floor(v->num) && fabs(v->num) < 9.2e18) {
		r.v = (int64_t)v->num;          /* 1.0, 1e3: a whole number, whatever its spelling */
	} else if (v->kind == V_STR && digits) {
		/* "100": Terraform converts a string where a number is wanted */
		errno = 0;
		long long n = strtoll(v->s, NULL, 10);
		if (errno == ERANGE) {
			diag(KG112, &v->loc, "'%s' is out of range: '%.*s'", what, len, text);
			return (IVal){ 0 };
		}
		r.v = n;
	} else if (v->kind == V_NUM || (v->kind == V_STR && v->len > 0 && v->len <= 64 && !memchr(text, '\n', v->len))) {
		diag(KG106, &v->loc, "'%s' should be an integer, not '%.*s'", what, len,
		    v->s ? text : num_text(ir->arena, v->num));
		return (IVal){ 0 };
	} else {
		diag(KG106, &v->loc, "'%s' should be an integer, not %s", what, ld_a_kind(v->kind));
		return (IVal){ 0 };
	}
	/* every integer key of every input is a count or a size */
	if (r.v < 0) {
		Diag *d = diag(KG112, &v->loc, "'%s' must not be negative: '%lld'", what, (long long)r.v);
		diag_note(d, NULL, "give a number of zero or more");
		return (IVal){ 0 };
	}
	return r;
}

BVal
bval_of(IR *ir, const Value *v, const char *what)
{
	BVal r = { 0 };
	if (!v || v->kind == V_NULL)
		return r;
	start(v, &r.loc, &r.origin);
	r.set = true;
	if (v->kind == V_BOOL) {
		r.v = v->b;
	} else if (v_is_str(v, "true") || v_is_str(v, "false")) {
		r.v = v->s[0] == 't';
	} else if (is_unknown(v) || (v->kind == V_STR && placeholder_check(what, v))) {
		r.unknown = true;
		r.expr = expr_text(ir->arena, v);
	} else {
		diag(KG106, &v->loc, "'%s' should be true or false, not %s", what, ld_a_kind(v->kind));
		return (BVal){ 0 };
	}
	return r;
}

/*
 * What slist_of() and kvlist_of() share: *hd says whether v is set, where,
 * and if unknown its expression; the collection to read is returned, NULL
 * when v is absent, unknown or not a `kind` (KG106).
 */
static const Value *
collection_of(IR *ir, const Value *v, VKind kind, const char *what, const char *want, SVal *hd)
{
	*hd = (SVal){ 0 };
	if (!v || v->kind == V_NULL)
		return NULL;
	start(v, &hd->loc, &hd->origin);
	if (is_unknown(v)) {
		hd->set = hd->unknown = true;
		hd->expr = expr_text(ir->arena, v);
		return NULL;
	}
	if (v->kind != kind) {
		diag(KG106, &v->loc, "'%s' should be %s, not %s", what, want, ld_a_kind(v->kind));
		hd->origin = ORIGIN_NONE;
		return NULL;
	}
	hd->set = true;
	return v;
}

SList
slist_of(IR *ir, const Value *v, const char *what)
{
	SVal hd;
	const Value *c = collection_of(ir, v, V_LIST, what, "a list of strings", &hd);
	SList r = { .loc = hd.loc, .origin = hd.origin, .set = hd.set, .unknown = hd.unknown, .expr = hd.expr };
	if (!c)
		return r;
	r.v = arena_alloc(ir->arena, (size_t)(v->n ? v->n : 1) * sizeof *r.v);
	for (int i = 0; i < v->n; i++) {
		SVal s = sval_of(ir, v->items[i], what);
		if (s.set)
			r.v[r.n++] = s;
	}
	return r;
}

KVList
kvlist_of(IR *ir, const Value *v, const char *what)
{
	SVal hd;
	const Value *c = collection_of(ir, v, V_MAP, what, "a map of strings", &hd);
	KVList r = { .loc = hd.loc, .origin = hd.origin, .set = hd.set, .unknown = hd.unknown, .expr = hd.expr };
	if (!c)
		return r;
	r.v = arena_alloc(ir->arena, (size_t)(v->n ? v->n : 1) * sizeof *r.v);
	for (int i = 0; i < v->n; i++) {
		const Member *m = &v->members[i];
		/* a null element is not written, as a null list item or key is not */
		KV kv = { .value = sval_of(ir, m->val, m->key) };
		if (!kv.value.set)
			continue;
		/* a key is a name, taken as written (an HCL key "a/${local.x}" is an expression
		 * karpgen does not evaluate, not a template placeholder) */
		kv.key = sval_lit(m->key, &m->key_loc, ((m->val->flags | v->flags) & VF_DEFAULT) ? ORIGIN_DEFAULT :
		    ORIGIN_INPUT);
		r.v[r.n++] = kv;
	}
	return r;
}

bool
sval_eq(const SVal *a, const SVal *b)
{
	if (a->set != b->set || a->unknown != b->unknown)
		return false;
	if (!a->set)
		return true;
	if (a->unknown)
		return strcmp(a->expr, b->expr) == 0;
	return strcmp(a->s, b->s) == 0;
}

SVal
sval_karpenter_tag(IR *ir, const Value *v, size_t skip, const char *what)
{
	SVal none = { 0 };
	if (!v || v->kind != V_STR || v->len <= skip)
		return none;
	SVal r = sval_of(ir, v, what);
	const char *t = r.s + skip;
	size_t n = strcspn(t, "@");
	if (!pat_match(PAT_KARPENTER_VERSION, t, n))
		return none;
	r.s = arena_strndup(ir->arena, t, n);
	return r;
}

void
ir_set_sval(IR *ir, SVal *slot, const SVal *v, const char *what)
{
	if (!v->set || slot->origin == ORIGIN_OPTION)
		return;
	/* a written value beats a default or a derived one; a literal beats an expression */
	if (!slot->set || slot->origin == ORIGIN_DEFAULT || slot->origin == ORIGIN_DERIVED ||
	    (v->origin == ORIGIN_INPUT && slot->origin != ORIGIN_INPUT) || (slot->unknown && !v->unknown)) {
		*slot = *v;
		return;
	}
	/* an expression may well evaluate to the value already known: nothing to say */
	if (v->origin != ORIGIN_INPUT || v->unknown || sval_eq(slot, v))
		return;
	if (slot == &ir->cluster.region)
		ir->cluster.region_conflict = true;     /* KG242 checks zones against no region */
	Diag *d = diag(KG107, &v->loc, "%s '%s' conflicts with '%s' given in '%s'", what,
	    v->unknown ? v->expr : v->s, slot->unknown ? slot->expr : slot->s,
	    slot->loc.file ? slot->loc.file->name : "another input");
	diag_note(d, &slot->loc, "%s given here; karpgen keeps this value", what);
	/* the version the cluster runs has no option: --karpenter-version is the target, not the pin */
	diag_note(d, NULL, slot == &ir->cluster.karpenter_version ? "make the inputs agree: the cluster runs one "
	    "Karpenter release" : "make the inputs agree, or give the value on the command line");
}

NodeGroup *
ir_new_group(IR *ir, NGSource src, const char *kind, const Loc *loc)
{
	NodeGroup *g = arena_alloc(ir->arena, sizeof *g);
	g->source = src;
	g->kind = kind;
	g->scope = "";
	if (loc)
		g->loc = *loc;
	VEC_PUSH(ir->arena, ir->groups, g);
	return g;
}

/* ------------------------------------------------------------ lists */

void
ld_list_add(Arena *a, SList *l, const SVal *item)
{
	if (l->n >= l->cap) {
		l->cap = l->n < 4 ? 4 : l->n * 2;
		l->v = arena_realloc(a, l->v, (size_t)l->n * sizeof *l->v, (size_t)l->cap * sizeof *l->v);
	}
	l->v[l->n++] = *item;
}

void
ld_kv_add(Arena *a, KVList *l, const SVal *key, const SVal *value)
{
	if (l->n >= l->cap) {
		l->cap = l->n < 4 ? 4 : l->n * 2;
		l->v = arena_realloc(a, l->v, (size_t)l->n * sizeof *l->v, (size_t)l->cap * sizeof *l->v);
	}
	l->v[l->n].key = *key;
	l->v[l->n].value = *value;
	l->n++;
}


const char *
ld_a_kind(VKind k)
{
	static const char *const names[] = {
		[V_NULL] = "null", [V_BOOL] = "a bool", [V_NUM] = "a number", [V_STR] = "a string",
		[V_LIST] = "a list", [V_MAP] = "an object", [V_UNKNOWN] = "an expression",
	};
	return names[k];
}

/* ------------------------------------------------------- slot setters */

/* A value's name in messages: the key, under the Terraform group's path when there is one. */
static const char *
what_of(LoadCtx *c, const FieldDef *f)
{
	return c->path ? arena_join(c->ir->arena, c->path, ".", f->key) : f->key;
}

/*
 * A converted value into its slot: a value that is not set (null, or KG106)
 * leaves an earlier one (a defaults block's) in place, but in Terraform,
 * where a null argument means the module's own default (c->null_resets).
 */
#define SET_SLOT(T, conv) do { \
		T r_ = conv(c->ir, v, what_of(c, f)); \
		if (r_.set || c->null_resets) \
			*SLOT(T, obj, f) = r_; \
	} while (0)

void
fs_str(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	SET_SLOT(SVal, sval_of);
}

void
fs_int(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	SET_SLOT(IVal, ival_of);
}

void
fs_bool(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	SET_SLOT(BVal, bval_of);
}

void
fs_list(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	SET_SLOT(SList, slist_of);
}

void
fs_kv(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	SET_SLOT(KVList, kvlist_of);
}

void
fs_cluster(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	SVal s = sval_of(c->ir, v, f->key);
	if (s.set)
		ld_cluster(c, SLOT(SVal, obj, f), &s, f->key);
}

void
fs_sub(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	ld_apply(c, f->sub, obj, v, f->key);
}

void
fs_ignore(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	(void)c, (void)obj, (void)v, (void)f;
}

/* ------------------------------------------------------- table walking */

static bool
key_eq(const char *def, const char *key, bool pascal)
{
	if (!pascal || !*def || !*key)
		return strcmp(def, key) == 0;
	return tolower((unsigned char)*def) == tolower((unsigned char)*key) && strcmp(def + 1, key + 1) == 0;
}

const FieldDef *
ld_find(const LoadCtx *c, const FieldDef *t, const char *key)
{
	for (; t->key; t++)
		if (key_eq(t->key, key, c->pascal))
			return t;
	return NULL;
}

const char *
ld_nearest(const FieldDef *t, const char *key)
{
	size_t n = strlen(key);
	int max = n < 4 ? 1 : n < 9 ? 2 : 3;
	const char *best = NULL;
	int bd = max + 1;
	for (; t->key; t++) {
		int d = edit_distance(key, t->key, max);
		if (d < bd) {
			bd = d;
			best = t->key;
		}
	}
	return best;
}

void
ld_apply(LoadCtx *c, const FieldDef *t, void *obj, const Value *map, const char *where)
{
	if (!map || map->kind == V_NULL)
		return;
	if (map->kind != V_MAP || is_intrinsic(map)) {
		diag(KG106, &map->loc, "'%s' should be an object, not %s", where, ld_a_kind(map->kind));
		return;
	}
	for (int i = 0; i < map->n; i++) {
		const Member *m = &map->members[i];
		const FieldDef *f = ld_find(c, t, m->key);
		if (f) {
			f->set(c, obj, c->follow ? c->follow(c->ir, m->val) : m->val, f);
			continue;
		}
		if (!c->warn_unknown)
			continue;
		Diag *d = diag(KG110, &m->key_loc, "unknown key '%s' in %s %s", m->key, c->dialect, where);
		/* once per key in the bytes (a defaults object is read for every group) */
		bool seen = false;
		for (int k = 0; k < c->ir->unknown_keys.n && !seen; k++)
			seen = c->ir->unknown_keys.v[k].loc.file == m->key_loc.file &&
			    c->ir->unknown_keys.v[k].loc.line == m->key_loc.line &&
			    c->ir->unknown_keys.v[k].loc.col == m->key_loc.col;
		if (!seen && c->ir->unknown_keys.n >= UNKNOWN_KEYS_LISTED)
			c->ir->unknown_keys_more++;
		else if (!seen) {
			UnknownKey u = { m->key, arena_printf(c->ir->arena, "%s %s", c->dialect, where), m->key_loc };
			VEC_PUSH(c->ir->arena, c->ir->unknown_keys, u);
		}
		const char *near = ld_nearest(t, m->key);
		if (near)
			diag_note(d, NULL, "did you mean '%s'?", near);
	}
}

/* ----------------------------------------------------- cluster values */

void
ld_cluster(LoadCtx *c, SVal *slot, const SVal *val, const char *what)
{
	/* load.c's rule for cluster-wide values: options win, the first input's value is kept,
	 * a different one is KG107 pointing at both.  ir_set_sval lets any value replace a
	 * derived one; two derived values (two ARNs) must agree as well. */
	if (slot->set && slot->origin == ORIGIN_DERIVED && val->origin == ORIGIN_DERIVED &&
	    !slot->unknown && !val->unknown && val->set) {
		if (strcmp(slot->s, val->s) != 0) {
			Diag *d = diag(KG107, &val->loc, "cluster %s '%s' conflicts with '%s' given in '%s'", what,
			    val->s, slot->s, slot->loc.file ? slot->loc.file->name : "another input");
			diag_note(d, &slot->loc, "cluster %s first given here; karpgen keeps this value", what);
			diag_note(d, NULL, "make the inputs agree, or give the value on the command line");
		}
		return;
	}
	ir_set_sval(c->ir, slot, val, arena_printf(c->ir->arena, "cluster %s", what));
}

void
ld_cluster_from_arn(LoadCtx *c, const SVal *arn)
{
	if (!arn->set || arn->unknown || strncmp(arn->s, "arn:", 4) != 0)
		return;
	/* arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE */
	const char *f[6];
	size_t len[6];
	const char *p = arn->s;
	for (int i = 0; i < 6; i++) {
		const char *e = i < 5 ? strchr(p, ':') : p + strlen(p);
		if (!e)
			return;
		f[i] = p;
		len[i] = (size_t)(e - p);
		p = e + 1;
	}
	Arena *a = c->ir->arena;
	Cluster *cl = &c->ir->cluster;
	SVal v = { .loc = arn->loc, .origin = ORIGIN_DERIVED, .set = true };
	if (pat_match(PAT_PARTITION, f[1], len[1])) {
		v.s = arena_strndup(a, f[1], len[1]);
		ld_cluster(c, &cl->partition, &v, "partition");
	}
	if (pat_match(PAT_REGION, f[3], len[3])) {
		v.s = arena_strndup(a, f[3], len[3]);
		ld_cluster(c, &cl->region, &v, "region");
	}
	if (pat_match(PAT_ACCOUNT_ID, f[4], len[4])) {
		v.s = arena_strndup(a, f[4], len[4]);
		ld_cluster(c, &cl->account_id, &v, "account id");
	}
}

/* A subnet of the cluster by id, added when no input named it before. */
Subnet *
ld_subnet(IR *ir, const SVal *id)
{
	for (int i = 0; i < ir->cluster.subnets.n; i++)
		if (!id->unknown && ir->cluster.subnets.v[i].id.s && strcmp(ir->cluster.subnets.v[i].id.s, id->s) == 0)
			return &ir->cluster.subnets.v[i];
	Subnet s = { .id = *id };
	VEC_PUSH(ir->arena, ir->cluster.subnets, s);
	return &ir->cluster.subnets.v[ir->cluster.subnets.n - 1];
}

/* Tags: a later input adds the keys an earlier one did not give. */
void
ld_kv_merge(Arena *a, KVList *into, const KVList *from)
{
	if (!into->set) {
		*into = *from;
		return;
	}
	for (int i = 0; i < from->n; i++) {
		bool have = false;
		for (int j = 0; j < into->n; j++)
			have |= strcmp(into->v[j].key.s ? into->v[j].key.s : "", from->v[i].key.s ? from->v[i].key.s : "") == 0;
		if (!have)
			ld_kv_add(a, into, &from->v[i].key, &from->v[i].value);
	}
}

/* ------------------------------------------------- settings not carried */

/*
 * Why each node-group setting that no loader carries is left out, by the
 * name the inputs spell it with (the same name across front-ends means the
 * same setting).  One table for every front-end: a FieldDef row whose setter
 * is fs_not_carried must have its key here (tests/unit/test_settings.c walks
 * the loaders' tables and fails on a row without one).
 */
/* reasons several spellings share (eksctl camelCase, Terraform snake_case, the AWS API's PascalCase) */
#define WHY_TARGET_GROUPS "target group registration: Karpenter nodes are never registered, so after the cutover " \
	"an instance-type target group gets no targets and its traffic stops; before the cutover switch the " \
	"Service or Ingress to the AWS Load Balancer Controller's IP targets (or a TargetGroupBinding)"
#define WHY_CLASSIC_LB "Classic Load Balancer registration: Karpenter nodes are never registered, so after the " \
	"cutover the load balancer has no instances and its traffic stops; move the Service to an NLB or ALB of " \
	"the AWS Load Balancer Controller with IP targets before the cutover"
#define WHY_API_TERMINATION "termination protection: Karpenter must terminate the instances it launches"
#define WHY_IMDS_TAGS "instance tags in IMDS: the EC2NodeClass metadataOptions has no such field"
#define WHY_SUSPENDED "suspended ASG processes: Karpenter nodes have no Auto Scaling group"
#define WHY_WARM_POOL "an ASG warm pool: Karpenter has none; nodes start cold"
#define WHY_SCALE_IN_PROTECTION "scale-in protection of new instances: Karpenter nodes have no Auto Scaling group; " \
	"keep pods from consolidation with the karpenter.sh/do-not-disrupt annotation, or the NodePool's " \
	"disruption budgets"
#define WHY_MAX_PRICE "a maximum spot price: Karpenter bids no price; it picks spot pools price-capacity-optimized"
#define WHY_ELASTIC_INFERENCE "Elastic Inference (retired): Karpenter attaches none"
#define WHY_SPOT_STRATEGY "a spot allocation strategy: Karpenter always uses price-capacity-optimized"
#define WHY_SPOT_POOLS "the number of spot pools: Karpenter chooses among every type the NodePool allows"
#define WHY_INSTANCE_PROFILE "an instance profile of its own: the EC2NodeClass names the kit's node role (spec.role), " \
	"for which Karpenter makes the profile; spec.instanceProfile could name this one, but the role inside it is " \
	"not known offline and the controller policy lets Karpenter pass only the kit's node role: set " \
	"spec.instanceProfile by hand and allow iam:PassRole on its role"
static const struct { const char *key, *why; } why_not[] = {
	{ "health_check_type", "the Auto Scaling group's health checks (ELB): Karpenter replaces no node on a load "
	    "balancer's health check; its NodeRepair feature gate acts on node conditions" },
	{ "protect_from_scale_in", "scale-in protection: Karpenter has no Auto Scaling group; annotate the pods (or "
	    "nodes) karpenter.sh/do-not-disrupt, or set the NodePool's disruption budgets" },
	{ "capacity_rebalance", "capacity rebalancing: Karpenter acts on rebalance and interruption events from its "
	    "SQS queue instead" },
	{ "termination_policies", "the Auto Scaling group's termination order: Karpenter's consolidation chooses the "
	    "nodes it removes" },
	{ "instance_maintenance_policy", "the Auto Scaling group's instance maintenance policy: the NodePool's "
	    "disruption budgets bound how many nodes Karpenter replaces at once" },
	{ "load_balancers", "Classic Load Balancer registration: Karpenter nodes are not registered" },
	{ "asg_initial_lifecycle_hooks", "Auto Scaling lifecycle hooks: Karpenter has no Auto Scaling group; run the "
	    "hook's work in userData or a DaemonSet" },
	{ "security_group_ingress_rules", "rules of the security group the module makes for the group: the kit "
	    "selects existing security groups; add the rules to one of them by hand" },
	{ "security_group_egress_rules", "rules of the security group the module makes for the group: the kit "
	    "selects existing security groups; add the rules to one of them by hand" },
	{ "additional_cluster_dns_ips", "extra cluster DNS addresses of the kubelet: set spec.kubelet.clusterDNS of the "
	    "EC2NodeClass by hand" },
	{ "elastic_inference_accelerator", WHY_ELASTIC_INFERENCE },
	{ "enclave_support", "Nitro Enclaves: Karpenter launches without them" },
	{ "license_specifications", "a license configuration: Karpenter launches without one" },
	{ "cpu_credits", "T-instance CPU credits: Karpenter launches with the account default" },
	{ "ami_id_windows", "a Windows AMI of its own: give the EC2NodeClass amiSelectorTerms by hand" },
	{ "source_security_group_ids", "the security groups allowed SSH to a v17 managed group (its remote_access): "
	    "Karpenter sets no key pair; use SSM Session Manager" },
	{ "ami_is_eks_optimized", "whether the module's user data runs bootstrap.sh (false: the AMI bootstraps "
	    "itself): Karpenter writes its AMI family's bootstrap; for such an AMI set the EC2NodeClass amiFamily "
	    "Custom and its userData by hand" },
	{ "additional_ebs_volumes", "extra EBS volumes of a v17 worker group: add them to the EC2NodeClass "
	    "blockDeviceMappings by hand" },
	{ "additional_instance_store_volumes", "instance store mappings of a v17 worker group: Karpenter maps the "
	    "instance store by instanceStorePolicy" },
	{ "interface_type", "the network interface type (efa): see the EFA section of docs/settings.md" },
	{ "on_demand_allocation_strategy", "an on-demand allocation strategy: Karpenter picks the cheapest type the "
	    "NodePool allows" },
	{ "userdata_template_file", "a user-data template of its own: write the EC2NodeClass userData by hand" },
	{ "userdata_template_extra_args", "a user-data template of its own: write the EC2NodeClass userData by hand" },
	{ "create_placement_group", "a placement group the module makes: Karpenter places nodes by its "
	    "placementGroupSelector only in a group that exists" },
	{ "placement_group_az", "a placement group the module makes: Karpenter places nodes by its "
	    "placementGroupSelector only in a group that exists" },
	{ "placement_group_strategy", "a placement group the module makes: Karpenter places nodes by its "
	    "placementGroupSelector only in a group that exists" },
	{ "placement_tenancy", "dedicated tenancy: Karpenter launches default-tenancy instances" },
	{ "launch_template_placement_group", "a placement group: see the placement section of docs/settings.md" },
	{ "launch_template_placement_tenancy", "dedicated tenancy: Karpenter launches default-tenancy instances" },
	{ "iam_instance_profile_name", WHY_INSTANCE_PROFILE },
	{ "instanceProfileARN", WHY_INSTANCE_PROFILE },
	{ "iam_instance_profile_arn", WHY_INSTANCE_PROFILE },
	{ "iam_role_path", "the node role's IAM path: the runbook makes the kit's node role at the root path, whose "
	    "ARN the controller policy's iam:PassRole names; make the role under this path by hand and change that ARN" },
	{ "iam_role_tags", "tags of the node role itself (not of the nodes): the runbook makes the kit's node role "
	    "untagged; tag it by hand (aws iam tag-role)" },
	/* Karpenter has no equivalent */
	{ "key_name", "the launch template's SSH key pair: an EC2NodeClass cannot name one; reach the nodes with SSM "
	    "Session Manager, or add the public key to authorized_keys from the EC2NodeClass userData" },
	{ "eks.kubelet", "registry_pull_qps / registry_burst of the custom AMI's user data: the EC2NodeClass kubelet has "
	    "no registryPullQPS or registryBurst; on AL2023 set them in a NodeConfig part of its userData "
	    "(spec.kubelet.config)" },
	{ "kubeletExtraConfig", "a kubelet setting Karpenter's kubelet block does not have (it has clusterDNS, cpuCFSQuota, "
	    "evictionHard, evictionMaxPodGracePeriod, evictionSoft, evictionSoftGracePeriod, imageGCHigh/LowThresholdPercent, "
	    "kubeReserved, maxPods, podsPerCore, systemReserved), or a value of another shape: on AL2023 set it in a "
	    "NodeConfig part of the EC2NodeClass userData (spec.kubelet.config)" },
	{ "kubelet", "a kubelet setting Karpenter's kubelet block does not have, or a value of another shape: on AL2023 "
	    "set it in a NodeConfig part of the EC2NodeClass userData (spec.kubelet.config)" },
	{ "eks.soci_snapshotter", "the SOCI snapshotter the custom AMI's user data configures: no EC2NodeClass field; "
	    "configure containerd from its userData (AL2023 NodeConfig spec.containerd)" },
	{ "eks.feature_gates", "the kubelet feature gates of the custom AMI's user data: the EC2NodeClass kubelet has "
	    "none; on AL2023 set spec.kubelet.config.featureGates in a NodeConfig part of its userData" },
	{ "block_device_mappings.device_name", "a mapping whose device is not a literal: give `device_name` so it can be "
	    "told from the root volume" },
	{ "capacityReservation", "a capacity reservation karpgen cannot read (neither a preference nor a target): "
	    "Karpenter 1.3+ selects reservations by id or tags (capacityReservationSelectorTerms)" },
	{ "capacity_reservation_specification", "a capacity reservation specification karpgen cannot read: "
	    "Karpenter 1.3+ selects reservations by id or tags (capacityReservationSelectorTerms)" },
	{ "CapacityReservationSpecification", "a capacity reservation specification karpgen cannot read: "
	    "Karpenter 1.3+ selects reservations by id or tags (capacityReservationSelectorTerms)" },
	{ "instanceMarketOptions", "instance market options: the NodePool's capacity type is all Karpenter has" },
	{ "warmPool", WHY_WARM_POOL },
	{ "warm_pool", WHY_WARM_POOL },
	{ "initial_lifecycle_hooks", "ASG lifecycle hooks: Karpenter nodes have no Auto Scaling group" },
	{ "asgSuspendProcesses", WHY_SUSPENDED },
	{ "suspended_processes", WHY_SUSPENDED },
	{ "targetGroupARNs", WHY_TARGET_GROUPS },
	{ "target_group_arns", WHY_TARGET_GROUPS },
	{ "classicLoadBalancerNames", WHY_CLASSIC_LB },
	{ "cpuCredits", "T-instance CPU credits: Karpenter launches with the account default" },
	{ "credit_specification", "T-instance CPU credits: Karpenter launches with the account default" },
	{ "CreditSpecification", "T-instance CPU credits: Karpenter launches with the account default" },
	{ "cpu_options", "CPU options (cores, threads): Karpenter launches with the instance type's defaults" },
	{ "CpuOptions", "CPU options (cores, threads): Karpenter launches with the instance type's defaults" },
	{ "ssh", "SSH access with a key pair: Karpenter sets no key pair; use SSM Session Manager" },
	{ "remote_access", "SSH access with a key pair: Karpenter sets no key pair; use SSM Session Manager" },
	{ "KeyName", "an EC2 key pair: Karpenter sets none; use SSM Session Manager" },
	{ "post_bootstrap_user_data", "commands after bootstrap: Karpenter runs the userData before its own bootstrap; "
	    "move them before it or into a DaemonSet" },
	{ "post_userdata", "commands after bootstrap: Karpenter runs the userData before its own bootstrap; "
	    "move them before it or into a DaemonSet" },
	{ "user_data_template_path", "a user-data template of its own: write the EC2NodeClass userData by hand" },
	{ "overrideBootstrapCommand", "a custom bootstrap the kit cannot reproduce (no /etc/eks/bootstrap.sh call, commands "
	    "after it, or arguments other than --node-labels, --register-with-taints, --local-disks raid0 and the "
	    "kubelet flags of Karpenter's kubelet block): the EC2NodeClass userData (with a custom AMI) must do it" },
	{ "UserData.part", "a part of a launch template's MIME user data of another type (cloud-config, a boothook, "
	    "an encoded part): copy it into the EC2NodeClass userData by hand" },
	{ "UserData", "a launch template's user data: it may bootstrap the node itself, which Karpenter also does; "
	    "copy what runs before the bootstrap into the EC2NodeClass userData by hand" },
	{ "user_data", "a launch template's user data: it may bootstrap the node itself, which Karpenter also does; "
	    "copy what runs before the bootstrap into the EC2NodeClass userData by hand" },
	{ "instance_requirements", "attribute-based instance selection: write it as the NodePool's requirements "
	    "by hand" },
	{ "license_specification", "a license configuration: Karpenter launches without one" },
	{ "hibernation_options", "hibernation: Karpenter launches without it" },
	{ "enclave_options", "Nitro Enclaves: Karpenter launches without them" },
	{ "bootstrap_extra_args", "bootstrap or kubelet arguments other than --node-labels, --register-with-taints, "
	    "--local-disks raid0 and the flags of Karpenter's kubelet block (--max-pods, --pods-per-core, "
	    "--system-reserved, --kube-reserved, --eviction-*, --image-gc-*-threshold, --cpu-cfs-quota, --cluster-dns): "
	    "on AL2023 set them in a NodeConfig part of the EC2NodeClass userData (spec.kubelet.flags), on AL2 in its "
	    "userData by hand" },
	{ "kubelet_extra_args", "kubelet arguments other than --node-labels, --register-with-taints and the flags of "
	    "Karpenter's kubelet block (--max-pods, --pods-per-core, --system-reserved, --kube-reserved, --eviction-*, "
	    "--image-gc-*-threshold, --cpu-cfs-quota, --cluster-dns): set them in the EC2NodeClass userData by hand" },
	{ "maxPrice", WHY_MAX_PRICE },
	{ "spotAllocationStrategy", WHY_SPOT_STRATEGY },
	{ "spotInstancePools", WHY_SPOT_POOLS },
	{ "capacityRebalance", "capacity rebalancing: Karpenter acts on rebalance and interruption events from its "
	    "SQS queue instead" },
	{ "bottlerocket", "eksctl's Bottlerocket settings: write them as TOML in the EC2NodeClass userData by hand" },
	{ "instancePrefix", "the instances' Name prefix: Karpenter names them after the node" },
	{ "nodeRepairConfig", "node auto repair of EKS: Karpenter repairs nodes with its NodeRepair feature gate "
	    "(settings.featureGates.nodeRepair in helm/values.yaml)" },
	{ "remoteAccess", "SSH access with a key pair: Karpenter sets no key pair; use SSM Session Manager" },
	{ "vpc_security_group_ids", "an extra security group given by an expression: add its id to the EC2NodeClass "
	    "securityGroupSelectorTerms by hand" },
	{ "attachIDs", "an extra security group that is not an id (sg-...): add it to the EC2NodeClass "
	    "securityGroupSelectorTerms by hand" },
	{ "securityGroupIDs", "an extra security group that is not an id (sg-...): add it to the EC2NodeClass "
	    "securityGroupSelectorTerms by hand" },
	{ "additional_security_group_ids", "an extra security group given by an expression: add its id to the "
	    "EC2NodeClass securityGroupSelectorTerms by hand" },
	{ "additional_iam_policies", "an extra policy of the node role given by an expression: attach it to the "
	    "kit's node role by hand" },
	{ "pre_bootstrap_user_data", "commands before bootstrap given by an expression: put them in the EC2NodeClass "
	    "userData by hand" },
	{ "pre_userdata", "commands before bootstrap given by an expression: put them in the EC2NodeClass userData "
	    "by hand" },
	/* the AWS API's spellings (describe-auto-scaling-groups, describe-launch-template-versions,
	 * describe-nodegroup); a key that differs from another row only in case finds that row's reason */
	{ "TargetGroupARNs", WHY_TARGET_GROUPS },
	{ "TrafficSources", WHY_TARGET_GROUPS },
	{ "LoadBalancerNames", WHY_CLASSIC_LB },
	{ "SuspendedProcesses", WHY_SUSPENDED },
	{ "WarmPoolConfiguration", WHY_WARM_POOL },
	{ "NewInstancesProtectedFromScaleIn", WHY_SCALE_IN_PROTECTION },
	{ "SpotMaxPrice", WHY_MAX_PRICE },
	{ "IamInstanceProfile", WHY_INSTANCE_PROFILE },
	{ "InstanceMetadataTags", WHY_IMDS_TAGS },
	{ "DisableApiTermination", WHY_API_TERMINATION },
	{ "DisableApiStop", "stop protection: Karpenter launches without it" },
	{ "PrivateDnsNameOptions", "the instances' hostname type and DNS records: Karpenter launches with the subnet's "
	    "own (PrivateDnsNameOptionsOnLaunch); set them on the subnets the EC2NodeClass selects" },
	{ "InstanceInitiatedShutdownBehavior", "terminate on shutdown: Karpenter sets no shutdown behaviour (EC2 stops the instance); "
	    "Karpenter replaces a node that stays NotReady only with its NodeRepair feature gate" },
	{ "LicenseSpecifications", "a license configuration: Karpenter launches without one" },
	{ "HibernationOptions", "hibernation: Karpenter launches without it" },
	{ "EnclaveOptions", "Nitro Enclaves: Karpenter launches without them" },
	{ "MaintenanceOptions", "the instances' auto-recovery setting: Karpenter launches with the default" },
	{ "InstanceRequirements", "attribute-based instance selection: write it as the NodePool's requirements "
	    "by hand" },
	{ "KernelId", "a kernel of its own: Karpenter launches the AMI's" },
	{ "RamDiskId", "a RAM disk of its own: Karpenter launches the AMI's" },
	{ "ElasticGpuSpecifications", "Elastic GPUs (retired): Karpenter attaches none" },
	{ "ElasticInferenceAccelerators", WHY_ELASTIC_INFERENCE },
	{ "NetworkPerformanceOptions", "a network bandwidth weighting (vpc-1, ebs-1): the EC2NodeClass has no such "
	    "field; Karpenter launches with the instance type's default" },
	{ "SecondaryInterfaces", "secondary interfaces in a secondary subnet: Karpenter attaches only the interfaces "
	    "of the EC2NodeClass networkInterfaces, in the subnets it selects" },
	{ "security_group_names", "security groups by name (EC2-Classic or the default VPC): add them to the "
	    "EC2NodeClass securityGroupSelectorTerms as `name:` terms by hand" },
	{ "InstanceMarketOptions.SpotOptions", "spot request options (a maximum price, an interruption behaviour "
	    "other than terminate, a persistent request, a duration or an end date): Karpenter bids no price and "
	    "launches one-time spot instances that terminate on interruption" },
	{ "SpotPrice", WHY_MAX_PRICE },
	{ "disk_size", "a size the module does not pass: it gives disk_size to EKS only on EKS's own launch template "
	    "(v19-v21: use_custom_launch_template = false; v18: create_launch_template = false and "
	    "launch_template_name = \"\"; v17 writes it in its own template too, never in one the group names), so the "
	    "nodes' root volume is the AMI's (or block_device_mappings'), and so is the kit's; give the size in "
	    "block_device_mappings to change it" },
	{ "TerminationPolicies", "the order the ASG scales in: Karpenter's consolidation picks the nodes to remove" },
	{ "LifecycleHookSpecificationList", "ASG lifecycle hooks: Karpenter nodes have no Auto Scaling group" },
	{ "HealthCheckType", "health checks of the load balancer: Karpenter replaces unhealthy nodes only with its "
	    "NodeRepair feature gate, on the node's conditions, not the load balancer's" },
	{ "InstanceMaintenancePolicy", "the ASG's replacement policy (min/max healthy percentage): the NodePool's "
	    "disruption budgets replace it" },
	{ "updateConfig", "rolling updates of the managed group (maxUnavailable): the NodePool's disruption budgets "
	    "replace them" },
	{ "Overrides.LaunchTemplateSpecification", "a launch template of its own for some instance types (another "
	    "architecture's AMI, say): the NodePool's EC2NodeClass is the group's template's; write a NodePool and an "
	    "EC2NodeClass for those types by hand" },
	{ "DesiredCapacityType", "sizes in vCPUs or MiB instead of instances: the NodePool's limits are computed as if "
	    "MaxSize counted instances; set limits.cpu or limits.memory to MaxSize by hand" },
	/* Karpenter has it; karpgen does not write it yet */
	{ "clusterDNS", "the kubelet's cluster DNS: set kubelet.clusterDNS in the EC2NodeClass by hand" },
	{ "attachPolicy", "an inline policy of the node role: add it to the kit's node role" },
	{ "withAddonPolicies", "add-on policies of the node role: attach them to the kit's node role" },
	{ "iam_role_policy_statements", "inline policy statements of the node role: add them to the kit's node role" },
	{ "iam_role_additional_policies", "an extra policy of the node role given by an expression: attach it to the "
	    "kit's node role by hand" },
	{ "attachPolicyARNs", "an extra policy of the node role given by an expression: attach it to the kit's node "
	    "role by hand" },
	{ "security_groups", "an extra security group given by an expression: add its id to the EC2NodeClass "
	    "securityGroupSelectorTerms by hand" },
	{ "kms_key_id", "a KMS key given by an expression: set blockDeviceMappings[].ebs.kmsKeyID in the "
	    "EC2NodeClass by hand" },
	{ "volumeKmsKeyID", "a KMS key given by an expression: set blockDeviceMappings[].ebs.kmsKeyID in the "
	    "EC2NodeClass by hand" },
	{ "security_group_rules", "rules of a security group the module makes for the group (its id exists only "
	    "after apply): add the group to the EC2NodeClass securityGroupSelectorTerms by hand" },
	{ "node_repair_config", "node auto repair of EKS: Karpenter repairs nodes with its NodeRepair feature gate "
	    "(settings.featureGates.nodeRepair in helm/values.yaml)" },
	{ "instances_distribution", "the Auto Scaling group's on-demand/spot split: the NodePool's capacity-type "
	    "requirement replaces it; check it by hand" },
	{ "use_mixed_instances_policy", "the Auto Scaling group's mixed-instances policy: the NodePool's requirements "
	    "replace it; check them by hand" },
	{ "instances_override", "the Auto Scaling group's instance overrides: put the types in the NodePool's "
	    "requirements by hand" },
	{ "spot_allocation_strategy", WHY_SPOT_STRATEGY },
	{ "spot_instance_pools", "the Auto Scaling group's spot pools: Karpenter picks spot capacity itself "
	    "(price-capacity-optimized)" },
	{ "additional_userdata", "user data after bootstrap: Karpenter runs the userData before its own bootstrap; "
	    "move it before, or into a DaemonSet" },
	{ "bootstrap_env", "environment of bootstrap.sh: set the matching kubelet settings in the EC2NodeClass by hand" },
	{ "schedules", "scheduled scaling of the Auto Scaling group: Karpenter has none; scale the workloads instead" },
	{ "kms_info", "Domino's KMS key of the volumes, given by an expression or with neither key_arn nor key_id: "
	    "write its literal key_arn (or set spec.blockDeviceMappings[0].ebs.kmsKeyID to the key's ARN in each "
	    "EC2NodeClass by hand)" },
	{ "kms", "the KMS key the Domino module makes when kms.key_id is not given (aws_kms_key.domino, named "
	    "alias/<deploy_id>), or a key given by an expression: modules/nodes encrypts each root volume with it, "
	    "and its ARN exists only after apply, so the kit's volumes would use the account's default EBS key; "
	    "after apply, 'aws kms describe-key --key-id alias/<deploy_id>' prints its KeyId and Arn: give them to "
	    "karpgen in an input as kms_info = { enabled = true, key_id = \"<KeyId>\", key_arn = \"<Arn>\" } and "
	    "compile again, or set spec.blockDeviceMappings[0].ebs.kmsKeyID to the ARN in each EC2NodeClass" },
	{ "additionalEncryptedVolume", "an extra encrypted volume eksctl formats and mounts itself: add it to the "
	    "EC2NodeClass blockDeviceMappings and mount it in userData by hand" },
	{ "cloudinit_pre_nodeadm", "a cloud-init part that is not a NodeConfig or a shell script: add it to the "
	    "EC2NodeClass userData by hand" },
	{ "cloudinit_post_nodeadm", "cloud-init parts after nodeadm: Karpenter runs the userData before its own "
	    "NodeConfig; move them before it or into a DaemonSet" },
};

/* a and b alike but for case and '_' (kernel_id, KernelId, kernelId): one setting's spellings */
static bool
same_setting(const char *a, const char *b)
{
	for (;; a++, b++) {
		while (*a == '_')
			a++;
		while (*b == '_')
			b++;
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
		if (!*a)
			return true;
	}
}

const char *
ld_why_not(const char *setting)
{
	for (size_t i = 0; i < sizeof why_not / sizeof *why_not; i++)
		if (strcmp(why_not[i].key, setting) == 0)
			return why_not[i].why;
	/* the AWS API's PascalCase of an eksctl camelCase key (CapacityRebalance, capacityRebalance) and of
	 * a Terraform snake_case one (DisableApiStop, disable_api_stop): one reason */
	for (size_t i = 0; i < sizeof why_not / sizeof *why_not; i++)
		if (same_setting(why_not[i].key, setting))
			return why_not[i].why;
	/* a field of a map setting (kubeletExtraConfig.featureGates): the map's reason */
	const char *dot = strchr(setting, '.');
	for (size_t i = 0; dot && i < sizeof why_not / sizeof *why_not; i++)
		if (strlen(why_not[i].key) == (size_t)(dot - setting) && strncmp(why_not[i].key, setting,
		    (size_t)(dot - setting)) == 0 && strchr(why_not[i].key, '.') == NULL)
			return why_not[i].why;
	return NULL;
}

/* Written: not null, not false, not empty (an expression counts: it may hold anything). */
static bool
written(const Value *v)
{
	if (!v)
		return false;
	switch (v->kind) {
	case V_NULL: return false;
	case V_BOOL: return v->b;
	case V_LIST: case V_MAP: return v->n > 0;
	case V_STR: return v->len > 0;
	default: return true;
	}
}

/* a not-carried setting whose reason depends on the value, not on the key alone */
static void
not_carried_why(LoadCtx *c, NodeGroup *ng, const char *setting, const char *why, const Loc *loc)
{
	NotCarried n = { .setting = setting, .why = why, .loc = *loc };
	ng_not_carried_add(c->ir->arena, ng, &n);
}

void
ld_not_carried(LoadCtx *c, NodeGroup *ng, const char *setting, const Value *v)
{
	if (!written(v))
		return;
	const char *why = ld_why_not(setting);
	not_carried_why(c, ng, setting, why ? why : "karpgen has no equivalent for it", &v->loc);
}

void
fs_not_carried(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	ld_not_carried(c, (NodeGroup *)(void *)((char *)obj + f->off), f->key, v);
}

/*
 * Options whose value EC2 prints even when they are off (AWS CLI outputs,
 * eksctl's spot strategy): not carried (KG240)
 * only when one of their fields is true or a string other than EC2's default,
 * or than what Karpenter does too (a key not in `defaults` has none: any
 * string counts).
 */
void
fs_not_carried_unless_default(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	static const struct { const char *key, *dflt; } defaults[] = {
		{ "HostnameType", "ip-name" },          /* PrivateDnsNameOptions */
		{ "AutoRecovery", "default" },          /* MaintenanceOptions */
		{ "InstanceMetadataTags", "disabled" },
		{ "InstanceInitiatedShutdownBehavior", "stop" },
		{ "BandwidthWeighting", "default" },    /* NetworkPerformanceOptions */
		{ "HealthCheckType", "EC2" },
		{ "TerminationPolicies", "Default" },
		{ "SpotAllocationStrategy", "price-capacity-optimized" },   /* not EC2's default: Karpenter's */
		{ "spotAllocationStrategy", "price-capacity-optimized" },   /* eksctl's spelling */
	};
	if (!v)
		return;
	const Value *one[1] = { v };
	const Value *const *items = one;
	int n = 1;
	if (v->kind == V_MAP || v->kind == V_LIST) {
		items = v->kind == V_MAP ? NULL : (const Value *const *)v->items;
		n = v->n;
	}
	bool set = false;
	for (int i = 0; i < n && !set; i++) {
		const Value *m = items ? items[i] : v->members[i].val;
		const char *key = v->kind == V_MAP ? v->members[i].key : f->key;
		if (!m)
			continue;
		if (m->kind == V_BOOL) {
			set = m->b;
		} else if (m->kind == V_STR) {
			set = true;
			for (size_t k = 0; k < sizeof defaults / sizeof *defaults; k++)
				if (same_setting(defaults[k].key, key))
					set = !v_is_str(m, defaults[k].dflt);
		} else if (m->kind == V_UNKNOWN) {
			set = true;     /* a Terraform expression: it may hold anything */
		}
	}
	if (set)
		ld_not_carried(c, (NodeGroup *)(void *)((char *)obj + f->off), f->key, v);
}

/* ----------------------------------------------------- network interfaces */

/*
 * The fields of one launch-template network interface, as Terraform and the
 * EC2 API spell them, and what becomes of each.  The EC2NodeClass
 * networkInterfaces (1.11+) has networkCardIndex, deviceIndex and
 * interfaceType (interface | efa-only) only; every interface Karpenter makes
 * gets the EC2NodeClass security groups and subnet.
 */
enum { NI_CARD, NI_DEVICE, NI_TYPE, NI_GROUPS, NI_DELETE, NI_PUBLIC, NI_LOST };
static const struct { const char *tf, *api; int role; const char *why; } ni_fields[] = {
	{ "network_card_index", "NetworkCardIndex", NI_CARD, NULL },
	{ "device_index", "DeviceIndex", NI_DEVICE, NULL },
	{ "interface_type", "InterfaceType", NI_TYPE, NULL },
	{ "security_groups", "Groups", NI_GROUPS, NULL },
	{ "delete_on_termination", "DeleteOnTermination", NI_DELETE, NULL },
	{ "associate_public_ip_address", "AssociatePublicIpAddress", NI_PUBLIC, NULL },
	{ "subnet_id", "SubnetId", NI_LOST, "an interface's own subnet: Karpenter puts every interface in the subnet "
	    "it picks from the EC2NodeClass subnetSelectorTerms" },
	{ "description", "Description", NI_LOST, "an interface's description: Karpenter sets none" },
	{ "private_ip_address", "PrivateIpAddress", NI_LOST, "a fixed address of an interface: each node needs its "
	    "own; Karpenter assigns none" },
	{ "private_ip_addresses", "PrivateIpAddresses", NI_LOST, "fixed addresses of an interface: each node needs "
	    "its own; Karpenter assigns none" },
	{ "ipv4_addresses", "Ipv4Addresses", NI_LOST, "fixed addresses of an interface: each node needs its own; "
	    "Karpenter assigns none" },
	{ "ipv6_addresses", "Ipv6Addresses", NI_LOST, "fixed addresses of an interface: each node needs its own; "
	    "Karpenter assigns none" },
	{ "ipv4_address_count", "SecondaryPrivateIpAddressCount", NI_LOST, "secondary addresses of an interface: the "
	    "EC2NodeClass networkInterfaces has no count; the VPC CNI assigns the pods' addresses" },
	{ "ipv4_prefix_count", "Ipv4PrefixCount", NI_LOST, "prefixes of an interface: the EC2NodeClass "
	    "networkInterfaces has none; the VPC CNI assigns prefixes (ENABLE_PREFIX_DELEGATION)" },
	{ "ipv4_prefixes", "Ipv4Prefixes", NI_LOST, "prefixes of an interface: the EC2NodeClass networkInterfaces "
	    "has none; the VPC CNI assigns prefixes (ENABLE_PREFIX_DELEGATION)" },
	{ "ipv6_address_count", "Ipv6AddressCount", NI_LOST, "IPv6 addresses of an interface: Karpenter gives the "
	    "primary interface one on an IPv6 cluster, nothing else" },
	{ "ipv6_prefix_count", "Ipv6PrefixCount", NI_LOST, "IPv6 prefixes of an interface: the EC2NodeClass "
	    "networkInterfaces has none" },
	{ "ipv6_prefixes", "Ipv6Prefixes", NI_LOST, "IPv6 prefixes of an interface: the EC2NodeClass "
	    "networkInterfaces has none" },
	{ "primary_ipv6", "PrimaryIpv6", NI_LOST, "a primary IPv6 address: Karpenter sets it on IPv6 clusters only" },
	{ "network_interface_id", "NetworkInterfaceId", NI_LOST, "an existing interface: each Karpenter node gets "
	    "new ones" },
	{ "associate_carrier_ip_address", "AssociateCarrierIpAddress", NI_LOST, "a carrier IP (Wavelength): "
	    "Karpenter has no such field" },
	{ "connection_tracking_specification", "ConnectionTrackingSpecification", NI_LOST, "connection tracking "
	    "timeouts of one interface: the EC2NodeClass networkInterfaces has none" },
	{ "ena_srd_specification", "EnaSrdSpecification", NI_LOST, "ENA Express of an interface: the EC2NodeClass "
	    "has no such field" },
};

/* the same security groups as the primary's (the group's): nothing to list */
static bool
same_groups(const SList *a, const SList *b)
{
	if (!a->set || a->unknown || !b->set || b->unknown || a->n != b->n)
		return false;
	for (int i = 0; i < a->n; i++) {
		bool found = false;
		for (int k = 0; k < b->n && !found; k++)
			found = sval_ok(&a->v[i]) && sval_ok(&b->v[k]) && strcmp(a->v[i].s, b->v[k].s) == 0;
		if (!found)
			return false;
	}
	return true;
}

static const Value *
ni_follow(LoadCtx *c, const Value *v)
{
	return v && c->follow ? c->follow(c->ir, v) : v;
}

/* an index EC2 accepts: a literal integer from 0; -1 for anything else */
static int64_t
ni_index(const Value *v)
{
	if (!v || v->kind == V_NULL)
		return 0;       /* EC2's default: card 0; the one interface is the primary */
	if (v->kind != V_NUM || v->num < 0 || v->num > 1023 || v->num != (double)(int64_t)v->num)
		return -1;
	return (int64_t)v->num;
}

void
ld_netifs(LoadCtx *c, NodeGroup *ng, const char *setting, const Value *list)
{
	list = ni_follow(c, list);
	if (!list || list->kind == V_NULL || (list->kind == V_LIST && list->n == 0))
		return;
	const char *why = NULL;
	if (list->kind != V_LIST)
		why = "network interfaces given by an expression karpgen cannot evaluate offline: write the "
		    "EC2NodeClass networkInterfaces by hand";
	else if (list->n > 150)     /* the CRD's maxItems; also bounds the pairwise checks below */
		why = "more network interfaces than the EC2NodeClass networkInterfaces takes (150)";
	VEC(NetIf) out = { 0 };
	for (int i = 0; !why && i < list->n; i++) {
		const Value *ni = ni_follow(c, list->items[i]);
		if (!ni || ni->kind != V_MAP) {
			why = "a network interface given by an expression karpgen cannot evaluate offline: write the "
			    "EC2NodeClass networkInterfaces by hand";
			break;
		}
		NetIf n = { .type = "interface", .loc = ni->loc };
		const Value *gv = NULL;
		const char *gkey = NULL;
		for (int k = 0; k < ni->n; k++) {
			const char *key = ni->members[k].key;
			const Value *v = ni_follow(c, ni->members[k].val);
			size_t f = 0;
			while (f < sizeof ni_fields / sizeof *ni_fields &&
			    strcmp(key, ni_fields[f].api) != 0 && strcmp(key, ni_fields[f].tf) != 0)
				f++;
			int role = f < sizeof ni_fields / sizeof *ni_fields ? ni_fields[f].role : NI_LOST;
			switch (role) {
			case NI_CARD:
			case NI_DEVICE:
				if ((role == NI_CARD ? (n.card = ni_index(v)) : (n.device = ni_index(v))) < 0)
					why = "an interface index karpgen cannot evaluate offline: write the EC2NodeClass "
					    "networkInterfaces by hand";
				break;
			case NI_TYPE:
				if (!v || v->kind == V_NULL)
					break;
				if (v->kind == V_UNKNOWN)
					why = "an interface type karpgen cannot evaluate offline: write the EC2NodeClass "
					    "networkInterfaces by hand";
				else if (v_is_str(v, "interface") || v_is_str(v, "efa") || v_is_str(v, "efa-only"))
					n.type = v->s;
				else
					why = "an interface type other than interface, efa or efa-only: Karpenter makes "
					    "only those";
				break;
			case NI_GROUPS:
				if (written(v))
					gv = v, gkey = key;
				break;
			case NI_DELETE:
				/* interfaces made at launch go with the instance: false is the one that differs */
				if (v && v->kind == V_BOOL && !v->b)
					not_carried_why(c, ng, arena_printf(c->ir->arena, "%s.%s", setting, key),
					    "an interface kept after termination: Karpenter's interfaces go with the "
					    "instance", &v->loc);
				break;
			case NI_PUBLIC: {
				BVal b = v && v->kind != V_NULL ? bval_of(c->ir, v, key) : (BVal){ 0 };
				if (b.set && !ng->public_ip.set)
					ng->public_ip = b;
				break;
			}
			default:
				if (written(v))
					not_carried_why(c, ng, arena_printf(c->ir->arena, "%s.%s", setting, key),
					    f < sizeof ni_fields / sizeof *ni_fields ? ni_fields[f].why :
					    "a field of a network interface the EC2NodeClass networkInterfaces does not have",
					    &v->loc);
			}
		}
		if (why)
			break;
		/* the primary's security groups are the group's; another's are listed */
		SList l = gv ? slist_of(c->ir, gv, gkey) : (SList){ 0 };
		if (gv && n.card == 0 && n.device == 0 && l.set && !l.unknown && !ng->security_groups.set)
			ng->security_groups = l;
		else if (gv && !(n.card == 0 && n.device == 0 && l.set && !l.unknown) && !same_groups(&l, &ng->security_groups))
			not_carried_why(c, ng, arena_printf(c->ir->arena, "%s.%s", setting, gkey),
			    "security groups of an interface other than the primary: Karpenter gives every interface "
			    "the EC2NodeClass's; add them to its securityGroupSelectorTerms by hand", &gv->loc);
		VEC_PUSH(c->ir->arena, out, n);
	}
	if (why) {
		not_carried_why(c, ng, setting, why, &list->loc);
		return;
	}
	/* what EC2 refuses: no primary, a place given twice, two EFA devices on one card */
	bool primary = false;
	for (int i = 0; i < out.n; i++) {
		const NetIf *a = &out.v[i];
		primary |= a->card == 0 && a->device == 0;
		for (int k = 0; k < i; k++) {
			const NetIf *b = &out.v[k];
			bool same = a->card == b->card && a->device == b->device;
			bool two_efa = a->card == b->card && strcmp(a->type, "interface") != 0 &&
			    strcmp(b->type, "interface") != 0;
			if (same || two_efa) {
				Diag *d = same ? diag(KG112, &a->loc, "two network interfaces at network card %lld, device %lld",
				    (long long)a->card, (long long)a->device) :
				    diag(KG112, &a->loc, "two EFA interfaces on network card %lld", (long long)a->card);
				diag_note(d, &b->loc, "the other one is here");
				diag_note(d, NULL, "EC2 takes one interface per place and one EFA per network card; fix "
				    "the launch template");
				return;
			}
		}
	}
	if (!primary) {
		Diag *d = diag(KG112, &list->loc, "'%s' has no primary interface", setting);
		diag_note(d, NULL, "the primary is network card 0, device 0; EC2 launches no instance without it");
		return;
	}
	ng->netifs.v = out.v;
	ng->netifs.n = ng->netifs.cap = out.n;
	for (int i = 0; i < out.n; i++)
		if (strcmp(out.v[i].type, "interface") != 0 && (!ng->efa.set || !ng->efa.v))
			ng->efa = (BVal){ .v = true, .loc = out.v[i].loc, .origin = ORIGIN_DERIVED, .set = true };
}

/*
 * A launch template's tag specification: the tags EC2 puts on one kind of
 * resource it launches.  Karpenter puts the EC2NodeClass `tags` on the
 * instance, its volumes and network interfaces (CreateFleet's and its launch
 * template's tag specifications, and the spot request's): the `instance`
 * tags are the nodes' tags; another of those resources' tags join them (the
 * instances get them too, which they did not), but for a key the instances
 * have with another value: one tag set cannot give both, KG240.  Tags of
 * any other resource (elastic-gpu ...): KG240.  Call the `instance` specs
 * first (pass 0), then the rest, so that the instances' values are known.
 */
void
ld_tag_spec(LoadCtx *c, NodeGroup *g, const char *setting, const char *rtype, const KVList *tags, const Loc *at)
{
	static const char *const karpenter_tags[] = { "volume", "network-interface", "spot-instances-request" };
	Arena *a = c->ir->arena;
	if (!tags->set || (tags->n == 0 && !tags->unknown))
		return;
	if (rtype && strcmp(rtype, "instance") == 0) {
		if (!g->tags.set)
			g->tags = (KVList){ .loc = tags->loc, .origin = tags->origin, .set = true };
		ld_kv_merge(a, &g->tags, tags);
		return;
	}
	bool karpenter = false;
	for (size_t i = 0; rtype && i < sizeof karpenter_tags / sizeof *karpenter_tags; i++)
		karpenter |= strcmp(rtype, karpenter_tags[i]) == 0;
	if (!karpenter || tags->unknown) {
		not_carried_why(c, g, arena_printf(a, "%s (%s)", setting, rtype ? rtype : "?"), karpenter ?
		    "tags given by an expression karpgen cannot evaluate offline: set them in the EC2NodeClass tags by hand" :
		    "tags of a resource Karpenter does not tag (it tags the instance, its volumes and network "
		    "interfaces with the EC2NodeClass tags)", at);
		return;
	}
	for (int i = 0; i < tags->n; i++) {
		const KV *kv = &tags->v[i];
		const KV *have = NULL;
		for (int j = 0; j < g->tags.n && !have; j++)
			if (g->tags.v[j].key.s && kv->key.s && strcmp(g->tags.v[j].key.s, kv->key.s) == 0)
				have = &g->tags.v[j];
		if (!have) {
			if (!g->tags.set)
				g->tags = (KVList){ .loc = tags->loc, .origin = tags->origin, .set = true };
			ld_kv_add(a, &g->tags, &kv->key, &kv->value);
		} else if (!(have->value.s && kv->value.s && strcmp(have->value.s, kv->value.s) == 0)) {
			not_carried_why(c, g, arena_printf(a, "%s (%s) %s", setting, rtype, kv->key.s),
			    arena_printf(a, "the %s tag '%s' = '%s' differs from the instances' '%s': Karpenter puts one set "
			    "of tags (the EC2NodeClass tags) on the instance, its volumes and network interfaces",
			    rtype, kv->key.s, kv->value.s ? kv->value.s : "", have->value.s ? have->value.s : ""),
			    &kv->key.loc);
		}
	}
}

void
ld_spot_options(LoadCtx *c, NodeGroup *ng, const char *setting, const Value *spec, const Value *const parts[SO_N])
{
	if (!spec || spec->kind == V_NULL)
		return;
	bool other = spec->kind != V_MAP;      /* an expression: it may hold anything */
	for (int k = 0; k < SO_N && !other; k++) {
		const Value *p = parts[k];
		if (!p || p->kind == V_NULL || (p->kind == V_STR && p->len == 0))
			continue;
		other = k == SO_INTERRUPTION ? !v_is_str(p, "terminate") : k == SO_REQUEST_TYPE ? !v_is_str(p, "one-time") :
		    true;
	}
	if (other)
		ld_not_carried(c, ng, setting, spec);
}

void
ld_not_carried_at(LoadCtx *c, NodeGroup *ng, const char *setting, const char *why, const Loc *at, Origin o)
{
	int n = ng->not_carried.n;
	not_carried_why(c, ng, setting, why, at);
	if (ng->not_carried.n > n)
		ng->not_carried.v[n].origin = o;
}

/*
 * Spot or on-demand from a mixed-instances distribution (ASG, eksctl,
 * terraform-aws-modules), when it says so plainly.  A split of both (an
 * on-demand base with spot above it, or a percentage between 0 and 100)
 * becomes a NodePool that allows both capacity types (lower.c), where
 * Karpenter launches spot whenever it can: the on-demand share is not kept,
 * which KG240 says with the split's numbers and what would keep it.
 */
void
ld_capacity_from_distribution(LoadCtx *c, NodeGroup *ng, const char *setting)
{
	if (ng->capacity_type.set || !ng->on_demand_percent.set || ng->on_demand_percent.unknown)
		return;
	if (ng->on_demand_base.unknown)
		return;
	int64_t base = ng->on_demand_base.set ? ng->on_demand_base.v : 0;
	SVal s = { .loc = ng->on_demand_percent.loc, .origin = ORIGIN_DERIVED, .set = true };
	if (ng->on_demand_percent.v <= 0 && base <= 0) {
		s.s = "SPOT";
	} else if (ng->on_demand_percent.v >= 100) {
		s.s = "ON_DEMAND";
	} else {
		const char *split = base > 0 && ng->on_demand_percent.v == 0 ?
		    arena_printf(c->ir->arena, "an on-demand base of %lld instances with spot above it: the NodePool "
		    "allows both capacity types and Karpenter launches spot whenever it can, so the base is not kept; "
		    "to keep it, give the base an on-demand NodePool of its own (a higher weight, limits of %lld "
		    "instances) beside a spot one", (long long)base, (long long)base) :
		    arena_printf(c->ir->arena, "%lld %% on-demand above a base of %lld: the NodePool allows both "
		    "capacity types and Karpenter launches spot whenever it can, so the share is not kept; to keep a "
		    "ratio, make an on-demand and a spot NodePool that share a label such as capacity-spread and "
		    "spread the workloads over it (topologySpreadConstraints)", (long long)ng->on_demand_percent.v,
		    (long long)base);
		not_carried_why(c, ng, setting, arena_printf(c->ir->arena, "%s; a label of the group that names a "
		    "capacity type (node.kubernetes.io/lifecycle) stays on every node, as on the group's: "
		    "karpenter.sh/capacity-type tells each node's own", split), &ng->on_demand_percent.loc);
		return;
	}
	ng->capacity_type = s;
}

/*
 * EC2's capacity reservation preference and target, as the ASG's launch
 * template has them.  A target reservation id is what Karpenter can select
 * (capacityReservationSelectorTerms by id, 1.3+); "open" with a target keeps
 * the on-demand launches the ASG falls back to when the reservation is full,
 * "capacity-reservations-only" does not (lower.c writes the capacity types).
 * Karpenter has no term for a resource group, and prefers and counts only
 * the reservations it selects (an untargeted preference names none), so
 * those are listed.
 */
void
ld_capacity_reservation(LoadCtx *c, NodeGroup *ng, const char *setting, const Value *spec,
    const Value *pref, const Value *id, const Value *rg_arn, const char *const names[3])
{
	Arena *a = c->ir->arena;
	SVal p = sval_of(c->ir, pref, setting);
	SVal i = sval_of(c->ir, id, setting);
	bool only = sval_ok(&p) && strcmp(p.s, "capacity-reservations-only") == 0;
	if (sval_ok(&i)) {
		SList l = { .loc = i.loc, .origin = i.origin, .set = true };
		l.v = arena_alloc(a, sizeof *l.v);
		l.v[0] = i;
		l.n = 1;
		ng->cr_ids = l;
		ng->cr_only = (BVal){ .v = only, .loc = i.loc, .origin = i.origin, .set = true };
		return;
	}
	if (i.set && i.unknown) {
		not_carried_why(c, ng, arena_printf(a, "%s.%s", setting, names[1]),
		    "a capacity reservation id karpgen cannot evaluate offline: add "
		    "capacityReservationSelectorTerms [{id: cr-...}] and the capacity type 'reserved' to the kit by hand",
		    &i.loc);
		return;
	}
	if (rg_arn && written(rg_arn)) {
		not_carried_why(c, ng, arena_printf(a, "%s.%s", setting, names[2]),
		    "a capacity reservation resource group: Karpenter cannot select reservations by resource group; "
		    "select them by id or tags in capacityReservationSelectorTerms (Karpenter 1.3+) and allow the "
		    "capacity type 'reserved'", &rg_arn->loc);
		return;
	}
	if (sval_ok(&p) && strcmp(p.s, "none") == 0)
		return;     /* no reservation is used: nothing to carry */
	if (sval_ok(&p) || (p.set && p.unknown))
		not_carried_why(c, ng, arena_printf(a, "%s.%s", setting, names[0]),
		    "open reservations without a target: Karpenter prefers (and counts) only the reservations its "
		    "capacityReservationSelectorTerms select (Karpenter 1.3+); select them by id or tags",
		    &p.loc);
	else if (spec && written(spec) && !pref && !id && !rg_arn)
		ld_not_carried(c, ng, setting, spec);
}

/*
 * An EC2 placement, as the group's launch template (or eksctl, or the ASG's
 * placement_group) has it.  Karpenter 1.14 launches into one placement group
 * per EC2NodeClass, selected by name or by id (placementGroupSelector: one of
 * the two; the id wins, as it is what a shared group needs), and lets EC2
 * choose the partition unless a requirement on
 * karpenter.k8s.aws/placement-group-partition pins it; tenancy `dedicated` is
 * the requirement karpenter.k8s.aws/instance-tenancy.  lower.c writes them
 * where the target has them, resolve_target_gates() lists them where it does
 * not.  An empty name is no group (EC2 and the Terraform provider read it so);
 * an id that is not pg-... is KG112, as EC2 refuses it.  The rest of the block
 * has no Karpenter field: each is listed with its own reason.
 */
void
ld_placement(LoadCtx *c, NodeGroup *ng, const char *setting, const Value *spec, const Value *const parts[PL_N],
    const char *const names[PL_N])
{
	static const char *const why[PL_N] = {
		[PL_HOST_ID] = "a dedicated host: Karpenter launches default or dedicated tenancy only "
		    "(karpenter.k8s.aws/instance-tenancy), never onto a chosen host",
		[PL_HOST_RG] = "a host resource group: Karpenter launches default or dedicated tenancy only "
		    "(karpenter.k8s.aws/instance-tenancy), never onto dedicated hosts",
		[PL_AFFINITY] = "host affinity: Karpenter never launches onto dedicated hosts",
		[PL_ZONE] = "the launch template's zone: an Auto Scaling group places instances by its subnets, and the "
		    "kit's NodePool allows the zones of the group's subnets",
		[PL_SPREAD] = "a spread domain: no EC2NodeClass field",
	};
	Arena *a = c->ir->arena;
#define PART_NAME(k) (names[k] && names[k][0] ? arena_printf(a, "%s.%s", setting, names[k]) : setting)
	bool any = false;
	for (int k = 0; k < PL_N; k++)
		any |= parts[k] != NULL;
	if (!any) {
		if (spec && written(spec))
			not_carried_why(c, ng, setting, "a placement karpgen cannot read (an expression, or no key it "
			    "knows): set the EC2NodeClass placementGroupSelector by hand (Karpenter 1.14+)", &spec->loc);
		return;
	}
	SVal id = sval_of(c->ir, parts[PL_GROUP_ID], setting), name = sval_of(c->ir, parts[PL_GROUP_NAME], setting);
	if (sval_ok(&id) && id.s[0]) {
		if (pat_match(PAT_PLACEMENT_GROUP_ID, id.s, strlen(id.s))) {
			ng->pg_id = id;
			ng->pg_name = (SVal){ 0 };
		} else {
			Diag *d = diag(KG112, &id.loc, "'%s' is not a placement group id", PART_NAME(PL_GROUP_ID));
			diag_note(d, NULL, "a placement group id is 'pg-' and lower-case letters and digits, such as "
			    "'pg-0123456789abcdef0'; give the group's name instead if that is what this is");
		}
	} else if (id.set && id.unknown) {
		not_carried_why(c, ng, PART_NAME(PL_GROUP_ID), "a placement group id karpgen cannot evaluate offline: "
		    "set the EC2NodeClass placementGroupSelector {id: pg-...} by hand (Karpenter 1.14+)", &id.loc);
	}
	bool id_given = (sval_ok(&id) && id.s[0]) || (id.set && id.unknown);
	if (sval_ok(&name) && name.s[0]) {
		if (id_given)
			not_carried_why(c, ng, PART_NAME(PL_GROUP_NAME), "the placement group's name beside its id: "
			    "placementGroupSelector takes one of the two, and the kit selects the group by id", &name.loc);
		else
			ng->pg_name = name;
	} else if (name.set && name.unknown && !id_given) {
		not_carried_why(c, ng, PART_NAME(PL_GROUP_NAME), "a placement group name karpgen cannot evaluate "
		    "offline: set the EC2NodeClass placementGroupSelector {name: ...} by hand (Karpenter 1.14+)",
		    &name.loc);
	}
	IVal part = ival_of(c->ir, parts[PL_PARTITION], setting);
	if (part.set && !part.unknown && part.v > 0 && (sval_ok(&ng->pg_name) || sval_ok(&ng->pg_id)))
		ng->pg_partition = part;
	else if (part.set && (part.unknown || part.v > 0))
		not_carried_why(c, ng, PART_NAME(PL_PARTITION), part.unknown ? "a partition number karpgen cannot "
		    "evaluate offline: require karpenter.k8s.aws/placement-group-partition in the NodePool by hand" :
		    "a partition number without a placement group the kit selects", &part.loc);
	SVal ten = sval_of(c->ir, parts[PL_TENANCY], setting);
	if (sval_ok(&ten) && strcmp(ten.s, "dedicated") == 0)
		ng->tenancy = ten;
	else if (sval_ok(&ten) && strcmp(ten.s, "host") == 0)
		not_carried_why(c, ng, PART_NAME(PL_TENANCY), "tenancy host (dedicated hosts): Karpenter launches "
		    "default or dedicated tenancy only (karpenter.k8s.aws/instance-tenancy)", &ten.loc);
	else if ((sval_ok(&ten) && ten.s[0] && strcmp(ten.s, "default") != 0) || (ten.set && ten.unknown))
		not_carried_why(c, ng, PART_NAME(PL_TENANCY), "a tenancy karpgen does not know or cannot evaluate "
		    "offline: require karpenter.k8s.aws/instance-tenancy (default or dedicated) in the NodePool by hand",
		    &ten.loc);
	for (int k = PL_HOST_ID; k < PL_N; k++)
		if (parts[k] && written(parts[k]) && names[k])
			not_carried_why(c, ng, PART_NAME(k), why[k], &parts[k]->loc);
#undef PART_NAME
}

/* ------------------------------------------------- kubelet settings */

/*
 * Karpenter's kubelet block: EC2NodeClass.spec.kubelet (v1), the NodePool
 * template's kubelet (v1beta1).  The reference CRDs v0.32.10 .. v1.14.1 all
 * have these twelve fields with these shapes, so what is carried does not
 * depend on the target version; the rows are in the CRDs' (alphabetical)
 * order, which is the order ng->kubelet keeps.  `flag` is the kubelet's
 * command-line flag for the field and `sep` the separator of a map flag's
 * pairs (--eviction-hard=memory.available<100Mi,nodefs.available<10%).
 */
typedef enum KubeletShape { KS_LIST, KS_BOOL, KS_MAP, KS_INT } KubeletShape;
static const struct { const char *field, *flag; KubeletShape shape; char sep; } kubelet_block[] = {
	{ "clusterDNS", "--cluster-dns", KS_LIST, 0 },
	{ "cpuCFSQuota", "--cpu-cfs-quota", KS_BOOL, 0 },
	{ "evictionHard", "--eviction-hard", KS_MAP, '<' },
	{ "evictionMaxPodGracePeriod", "--eviction-max-pod-grace-period", KS_INT, 0 },
	{ "evictionSoft", "--eviction-soft", KS_MAP, '<' },
	{ "evictionSoftGracePeriod", "--eviction-soft-grace-period", KS_MAP, '=' },
	{ "imageGCHighThresholdPercent", "--image-gc-high-threshold", KS_INT, 0 },
	{ "imageGCLowThresholdPercent", "--image-gc-low-threshold", KS_INT, 0 },
	{ "kubeReserved", "--kube-reserved", KS_MAP, '=' },
	{ "maxPods", "--max-pods", KS_INT, 0 },
	{ "podsPerCore", "--pods-per-core", KS_INT, 0 },
	{ "systemReserved", "--system-reserved", KS_MAP, '=' },
};
#define N_KUBELET_BLOCK (sizeof kubelet_block / sizeof *kubelet_block)

static int
kubelet_row(const char *field)
{
	for (size_t i = 0; i < N_KUBELET_BLOCK; i++)
		if (strcmp(kubelet_block[i].field, field) == 0)
			return (int)i;
	return -1;
}

/* `v` in the shape of row `r` (a new value in `a`), or NULL when it has another shape. */
static Value *
kubelet_value(Arena *a, int r, const Value *v)
{
	switch (kubelet_block[r].shape) {
	case KS_INT:
		return v->kind == V_NUM && (v->flags & VF_INTEGER) && v->i >= 0 ? (Value *)v : NULL;
	case KS_BOOL:
		return v->kind == V_BOOL ? (Value *)v : NULL;
	case KS_LIST: {
		/* eksctl's clusterDNS is one address: a list of one */
		Value *l = v_new(a, V_LIST, &v->loc);
		if (v->kind == V_STR && v->len) {
			v_list_push(a, l, (Value *)v);
			return l;
		}
		if (v->kind != V_LIST || !v->n)
			return NULL;
		for (int i = 0; i < v->n; i++) {
			if (v->items[i]->kind != V_STR)
				return NULL;
			v_list_push(a, l, v->items[i]);
		}
		return l;
	}
	case KS_MAP: {
		/* quantities and thresholds are strings; a YAML number (cpu: 1) keeps its spelling */
		if (v->kind != V_MAP || !v->n)
			return NULL;
		Value *m = v_new(a, V_MAP, &v->loc);
		for (int i = 0; i < v->n; i++) {
			const Value *e = v->members[i].val;
			if (e->kind == V_STR)
				v_map_put(a, m, v->members[i].key, &v->members[i].key_loc, (Value *)e);
			else if (e->kind == V_NUM && e->s)
				v_map_put(a, m, v->members[i].key, &v->members[i].key_loc, v_str(a, e->s, strlen(e->s),
				    &e->loc));
			else
				return NULL;
		}
		return m;
	}
	}
	return NULL;
}

void
ld_kubelet_field(LoadCtx *c, NodeGroup *ng, const char *what, const char *field, const Value *v)
{
	Arena *a = c->ir->arena;
	int r = kubelet_row(field);
	Value *kv = r >= 0 && v->kind != V_UNKNOWN ? kubelet_value(a, r, v) : NULL;
	if (!kv) {
		if (v->kind != V_NULL)
			ld_not_carried(c, ng, arena_printf(a, "%s.%s", what, field), v);
		return;
	}
	kv = v_clone(a, kv);
	if (strcmp(field, "maxPods") == 0) {
		if (!ng->max_pods.set)
			ng->max_pods = (IVal){ .v = kv->i, .loc = v->loc, .origin = ORIGIN_INPUT, .set = true };
		return;
	}
	if (!ng->kubelet)
		ng->kubelet = v_new(a, V_MAP, &v->loc);
	if (v_get(ng->kubelet, field))
		return;     /* the group's own setting wins over its bootstrap arguments' */
	v_map_put(a, ng->kubelet, kubelet_block[r].field, &v->loc, kv);
	/* keep the rows' order: groups with the same settings have the same kubelet block */
	Member *m = ng->kubelet->members;
	for (int i = ng->kubelet->n - 1; i > 0 && kubelet_row(m[i - 1].key) > kubelet_row(m[i].key); i--) {
		Member t = m[i];
		m[i] = m[i - 1];
		m[i - 1] = t;
	}
}

void
fs_kubelet_config(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	NodeGroup *ng = (NodeGroup *)(void *)((char *)obj + f->off);
	if (v->kind != V_MAP) {
		ld_not_carried(c, ng, f->key, v);
		return;
	}
	for (int i = 0; i < v->n; i++)
		ld_kubelet_field(c, ng, f->key, v->members[i].key, v->members[i].val);
}

void
fs_cluster_dns(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	ld_kubelet_field(c, (NodeGroup *)(void *)((char *)obj + f->off), "kubelet", "clusterDNS", v);
}

/*
 * A kubelet flag of Karpenter's kubelet block written `--flag=value`
 * ("--eviction-hard=memory.available<100Mi"): into ng, true.  False when
 * `tok` is no such flag or its value does not parse (the caller lists it).
 */
static bool
kubelet_flag(LoadCtx *c, NodeGroup *ng, const char *tok, const Loc *loc)
{
	Arena *a = c->ir->arena;
	for (size_t r = 0; r < N_KUBELET_BLOCK; r++) {
		size_t fl = strlen(kubelet_block[r].flag);
		if (strncmp(tok, kubelet_block[r].flag, fl) != 0 || (tok[fl] != '=' && tok[fl] != '\0'))
			continue;
		const char *val = tok[fl] == '=' ? tok + fl + 1 : NULL;
		Value *v = NULL;
		switch (kubelet_block[r].shape) {
		case KS_BOOL:
			/* a bare boolean flag is true */
			if (!val || strcmp(val, "true") == 0 || strcmp(val, "false") == 0) {
				v = v_new(a, V_BOOL, loc);
				v->b = !val || strcmp(val, "true") == 0;
			}
			break;
		case KS_INT: {
			char *end;
			long long n = val ? strtoll(val, &end, 10) : -1;
			if (val && *val && *end == '\0' && n >= 0 && n <= 1000000) {
				v = v_new(a, V_NUM, loc);
				v->flags |= VF_INTEGER;
				v->i = n;
				v->num = (double)n;
				v->s = arena_printf(a, "%lld", n);
				v->len = strlen(v->s);
			}
			break;
		}
		case KS_LIST:
		case KS_MAP:
			if (!val || !*val)
				break;
			v = v_new(a, kubelet_block[r].shape == KS_LIST ? V_LIST : V_MAP, loc);
			for (const char *s = val; *s;) {
				const char *e = strchr(s, ',');
				size_t len = e ? (size_t)(e - s) : strlen(s);
				if (kubelet_block[r].shape == KS_LIST) {
					if (!len)
						return false;
					v_list_push(a, v, v_str(a, s, len, loc));
				} else {
					const char *sep = memchr(s, kubelet_block[r].sep, len);
					if (!sep || sep == s || sep + 1 == s + len)
						return false;
					v_map_put(a, v, arena_strndup(a, s, (size_t)(sep - s)), loc,
					    v_str(a, sep + 1, len - (size_t)(sep - s) - 1, loc));
				}
				s += len;
				if (*s == ',')
					s++;
			}
			break;
		}
		if (!v)
			return false;
		if (strcmp(kubelet_block[r].field, "maxPods") == 0 && (v->i == 0 || v->i > 1000))
			return false;
		ld_kubelet_field(c, ng, "kubelet", kubelet_block[r].field, v);
		return true;
	}
	return false;
}

/*
 * The next word of bootstrap or kubelet arguments into `out` (as long as
 * the text): quotes and backslashes separate words, as the shell's
 * quoting of `--kubelet-extra-args '...'` leaves them; *pp moves past it.
 * False at the end.
 */
static bool
arg_word(const char **pp, char *out)
{
	const char *p = *pp;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\'' || *p == '"' || *p == '\\')
		p++;
	size_t n = 0;
	while (*p && !(*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\'' || *p == '"'))
		out[n++] = *p++;
	out[n] = '\0';
	*pp = p;
	return n > 0;
}

/*
 * The value of a flag written `--flag value` (a space, not `=`): the next
 * word into `out`, moving *pp past it; false, moving nothing, when there is
 * none or it is the next flag (`--max-pods --node-labels=a=b`: no value).
 */
static bool
arg_value(const char **pp, char *out)
{
	const char *q = *pp;
	if (!arg_word(&q, out) || strncmp(out, "--", 2) == 0)
		return false;
	*pp = q;
	return true;
}

/* Whether `tok` is, with nothing after it, a flag of Karpenter's kubelet block that takes a value. */
static bool
kubelet_flag_wants_value(const char *tok)
{
	for (size_t r = 0; r < N_KUBELET_BLOCK; r++)
		if (kubelet_block[r].shape != KS_BOOL && strcmp(tok, kubelet_block[r].flag) == 0)
			return true;
	return false;
}

/* Whether `needle` occurs in p[0..len). */
static const char *
line_find(const char *p, size_t len, const char *needle)
{
	size_t nl = strlen(needle);
	for (size_t i = 0; i + nl <= len; i++)
		if (memcmp(p + i, needle, nl) == 0)
			return p + i;
	return NULL;
}

/*
 * A node label lifted from bootstrap arguments or user data into the
 * group's labels (the NodePool's template labels): a label the group sets
 * itself keeps the group's value.
 */
static void
lift_label(LoadCtx *c, NodeGroup *ng, const char *k, size_t kl, const char *v, size_t vl, const Loc *at)
{
	Arena *a = c->ir->arena;
	const char *key = arena_strndup(a, k, kl);
	for (int i = 0; i < ng->labels.n; i++)
		if (ng->labels.v[i].key.s && strcmp(ng->labels.v[i].key.s, key) == 0)
			return;
	SVal ks = sval_lit(key, at, ORIGIN_DERIVED);
	SVal vs = sval_lit(arena_strndup(a, v, vl), at, ORIGIN_DERIVED);
	if (!ng->labels.set)
		ng->labels = (KVList){ .loc = *at, .origin = ORIGIN_DERIVED, .set = true };
	ld_kv_add(a, &ng->labels, &ks, &vs);
}

/*
 * A taint `key[=value]:Effect` (the kubelet's --register-with-taints) or,
 * with `key` given apart, `value:Effect` (Bottlerocket's node-taints) lifted
 * into the group's taints (a taint of the same key and effect the group sets
 * itself wins); false when it is not of that form.  lower.c checks the effect.
 */
static bool
lift_taint(LoadCtx *c, NodeGroup *ng, const char *key, const char *s, size_t len, const Loc *at)
{
	Arena *a = c->ir->arena;
	const char *colon = NULL;
	for (size_t i = 0; i < len; i++)
		if (s[i] == ':')
			colon = s + i;
	if (!colon || colon + 1 == s + len)
		return false;
	const char *k = key, *v = s;
	size_t vl = (size_t)(colon - s);
	if (!k) {
		const char *eq = memchr(s, '=', vl);
		size_t kl = eq ? (size_t)(eq - s) : vl;
		if (!kl)
			return false;
		k = arena_strndup(a, s, kl);
		v = eq ? eq + 1 : colon;
		vl = (size_t)(colon - v);
	}
	if (!*k)
		return false;
	const char *eff = arena_strndup(a, colon + 1, (size_t)(s + len - colon - 1));
	for (int i = 0; i < ng->taints.n; i++)
		if (ng->taints.v[i].key.s && ng->taints.v[i].effect.s && strcmp(ng->taints.v[i].key.s, k) == 0 &&
		    strcmp(ng->taints.v[i].effect.s, eff) == 0)
			return true;
	Taint t = { .loc = *at, .origin = ORIGIN_DERIVED };
	t.key = sval_lit(k, at, ORIGIN_DERIVED);
	if (vl)
		t.value = sval_lit(arena_strndup(a, v, vl), at, ORIGIN_DERIVED);
	t.effect = sval_lit(eff, at, ORIGIN_DERIVED);
	VEC_PUSH(a, ng->taints, t);
	return true;
}

/*
 * Bootstrap and kubelet arguments as written in a group's settings
 * ("--kubelet-extra-args '--node-labels=a=b,c=d --max-pods=20'",
 * "--local-disks raid0"): the node labels go to ng->labels and the taints of
 * --register-with-taints to ng->taints (lift_label(), lift_taint(): the
 * group's own win), `--local-disks raid0` to instance_store_raid0, the
 * flags of Karpenter's kubelet block (`--max-pods=N`, `--system-reserved=
 * cpu=100m` ...) to max_pods and ng->kubelet (unless the group sets them,
 * kubelet_flag()); each flag with a value may be written `--flag value` as
 * well (a boolean flag takes none: `--cpu-cfs-quota false` is true and a
 * stray word, as the kubelet's own parser reads it).  The result says
 * whether anything else is left, which the caller lists as not carried.
 */
bool
ld_bootstrap_args(LoadCtx *c, NodeGroup *ng, const SVal *args)
{
	if (!args->set || args->unknown || !args->s)
		return args->set && args->unknown;
	Arena *a = c->ir->arena;
	bool rest = false;
	const char *p = args->s;
	char *tok = arena_alloc(a, strlen(p) + 1), *word = arena_alloc(a, strlen(p) + 1);
	while (arg_word(&p, tok)) {
		if (strcmp(tok, "--kubelet-extra-args") == 0)
			continue;
		const char *val = NULL, *flag = tok;
		bool labels = false, disks = false, taints = false;
		if (strncmp(tok, "--node-labels=", 14) == 0)
			val = tok + 14, labels = true;
		else if (strncmp(tok, "--local-disks=", 14) == 0)
			val = tok + 14, disks = true;
		else if (strncmp(tok, "--register-with-taints=", 23) == 0)
			val = tok + 23, taints = true;
		else if (strcmp(tok, "--node-labels") == 0 || strcmp(tok, "--local-disks") == 0 ||
		    strcmp(tok, "--register-with-taints") == 0) {
			labels = tok[2] == 'n';
			taints = tok[2] == 'r';
			disks = !labels && !taints;
			val = arg_value(&p, word) ? word : "";
		} else if (kubelet_flag_wants_value(tok) && arg_value(&p, word)) {
			/* `--max-pods 110` is `--max-pods=110`: one reading of both */
			flag = arena_printf(a, "%s=%s", tok, word);
		}
		if (disks) {
			if (strcmp(val, "raid0") == 0)
				ng->instance_store_raid0 = (BVal){ .v = true, .loc = args->loc, .origin = ORIGIN_DERIVED,
				    .set = true };
			else
				rest = true;
			continue;
		}
		if (!labels && !taints && kubelet_flag(c, ng, flag, &args->loc))
			continue;   /* the kubelet's own settings: Karpenter's kubelet block */
		if (!labels && !taints) {
			rest = true;
			continue;
		}
		/* k=v,k2=v2 (taints k=v:Effect,k2:Effect); none at all is left */
		const char *s = val;
		rest |= !*s;
		while (*s) {
			const char *e = strchr(s, ',');
			size_t len = e ? (size_t)(e - s) : strlen(s);
			const char *eq = memchr(s, '=', len);
			if (taints)
				rest |= len && !lift_taint(c, ng, NULL, s, len, &args->loc);
			else if (eq && eq > s)
				lift_label(c, ng, s, (size_t)(eq - s), eq + 1, len - (size_t)(eq - s) - 1, &args->loc);
			else if (len)
				rest = true;
			s += len;
			if (*s == ',')
				s++;
		}
	}
	return rest;
}

/* p[0..len) less the blanks at both ends; *len is updated */
static const char *
trim(const char *p, size_t *len)
{
	while (*len && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++, (*len)--;
	while (*len && (p[*len - 1] == ' ' || p[*len - 1] == '\t' || p[*len - 1] == '\r'))
		(*len)--;
	return p;
}

/*
 * A TOML string at *pp ("..." without escapes, or '...'): its text into
 * *s, *sl and *pp past it; false when there is none.
 */
static bool
toml_string(const char **pp, const char *end, const char **s, size_t *sl)
{
	const char *p = *pp;
	if (p >= end || (*p != '"' && *p != '\''))
		return false;
	const char *q = memchr(p + 1, *p, (size_t)(end - p - 1));
	if (!q || (*p == '"' && memchr(p + 1, '\\', (size_t)(q - p - 1))))
		return false;
	*s = p + 1;
	*sl = (size_t)(q - p - 1);
	*pp = q + 1;
	return true;
}

static const char *
skip_blanks(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/*
 * One line `key = "value"` of [settings.kubernetes.node-labels], or
 * `key = "value:Effect"` / `key = ["value:Effect", ...]` of node-taints,
 * lifted; false, lifting nothing, when the line is not of that form.
 */
static bool
toml_lift_line(LoadCtx *c, NodeGroup *ng, bool taints, const char *p, size_t len, const Loc *at)
{
	const char *end = p + len, *k, *v;
	size_t kl, vl;
	if (!toml_string(&p, end, &k, &kl)) {
		k = p;
		while (p < end && (isalnum((unsigned char)*p) || *p == '-' || *p == '_'))
			p++;
		kl = (size_t)(p - k);
	}
	p = skip_blanks(p, end);
	if (!kl || p >= end || *p != '=')
		return false;
	p = skip_blanks(p + 1, end);
	/* read all first: a line is lifted whole or not at all */
	const char *vals[16];
	size_t lens[16];
	int n = 0;
	bool list = taints && p < end && *p == '[';
	if (list) {
		p = skip_blanks(p + 1, end);
		while (p < end && *p != ']') {
			if (n == 16 || !toml_string(&p, end, &v, &vl))
				return false;
			vals[n] = v, lens[n++] = vl;
			p = skip_blanks(p, end);
			if (p < end && *p == ',')
				p = skip_blanks(p + 1, end);
		}
		if (p >= end)
			return false;
		p++;
	} else {
		if (!toml_string(&p, end, &v, &vl))
			return false;
		vals[n] = v, lens[n++] = vl;
	}
	p = skip_blanks(p, end);
	if (p < end && *p != '#')
		return false;
	const char *key = arena_strndup(c->ir->arena, k, kl);
	if (!taints) {
		lift_label(c, ng, k, kl, vals[0], lens[0], at);
		return true;
	}
	for (int i = 0; i < n; i++) {
		const char *colon = memchr(vals[i], ':', lens[i]);
		if (!colon || colon + 1 == vals[i] + lens[i])
			return false;
	}
	for (int i = 0; i < n; i++)
		lift_taint(c, ng, key, vals[i], lens[i], at);
	return true;
}

const char *
ld_bottlerocket_settings(LoadCtx *c, NodeGroup *ng, const SVal *toml, const char *setting)
{
	if (!sval_ok(toml))
		return toml->s;
	Buf b = { 0 }, sec = { 0 };
	int table = 0;          /* 1: node-labels, 2: node-taints */
	bool kept = false, left = false;
	for (const char *p = toml->s; *p;) {
		const char *nl = strchr(p, '\n');
		size_t full = nl ? (size_t)(nl - p + 1) : strlen(p), len = nl ? (size_t)(nl - p) : full;
		const char *t = trim(p, &len);
		if (len && *t == '[') {
			if (table && kept)
				buf_add(&b, sec.s, sec.len);
			sec.len = 0;
			kept = false;
			char name[64];
			size_t n = 0;
			for (size_t i = 0; i < len && n + 1 < sizeof name; i++)
				if (t[i] != ' ' && t[i] != '\t')
					name[n++] = t[i];
			name[n] = '\0';
			table = strcmp(name, "[settings.kubernetes.node-labels]") == 0 ? 1 :
			    strcmp(name, "[settings.kubernetes.node-taints]") == 0 ? 2 : 0;
			buf_add(table ? &sec : &b, p, full);
		} else if (table && len && *t != '#') {
			if (!toml_lift_line(c, ng, table == 2, t, len, &toml->loc)) {
				buf_add(&sec, p, full);
				kept = left = true;
			}
		} else {
			/* a dotted key or inline table elsewhere: not read */
			left |= len && *t != '#' && (line_find(t, len, "node-labels") || line_find(t, len, "node-taints"));
			buf_add(table ? &sec : &b, p, full);
		}
		p += full;
	}
	if (table && kept)
		buf_add(&b, sec.s, sec.len);
	if (left)
		ld_not_carried_at(c, ng, setting, "a node label or taint in Bottlerocket settings karpgen cannot read "
		    "(a key that is not a quoted or bare name, a value that is not a string, a taint not 'value:Effect', "
		    "a dotted key or inline table): Karpenter replaces the node-taints with the NodePool's and adds its "
		    "labels to the node-labels; write it in the NodePool's template labels or taints by hand",
		    &toml->loc, toml->origin);
	/* the blank lines that separated a dropped table end the text: one line break ends it */
	while (b.len > 1 && (b.s[b.len - 1] == '\n' || b.s[b.len - 1] == ' ' || b.s[b.len - 1] == '\r') &&
	    (b.s[b.len - 2] == '\n' || b.s[b.len - 2] == ' ' || b.s[b.len - 2] == '\r'))
		b.len--;
	const char *r = arena_strndup(c->ir->arena, b.s ? b.s : "", b.len);
	buf_free(&b);
	buf_free(&sec);
	return r;
}

const char *
ld_nodeadm_flags(LoadCtx *c, NodeGroup *ng, const SVal *doc, const char *setting)
{
	if (!sval_ok(doc))
		return doc->s;
	Buf b = { 0 };
	bool left = false;
	for (const char *p = doc->s; *p;) {
		const char *nl = strchr(p, '\n');
		size_t full = nl ? (size_t)(nl - p + 1) : strlen(p), len = nl ? (size_t)(nl - p) : full;
		const char *t = trim(p, &len);
		bool lab = line_find(t, len, "--node-labels"), taint = line_find(t, len, "--register-with-taints");
		bool lifted = false;
		if ((lab || taint) && len > 2 && t[0] == '-' && t[1] == ' ') {
			/* `- --flag=...` or `- "--flag=..."`: one item of a block list */
			size_t il = len - 2;
			const char *it = trim(t + 2, &il), *s;
			size_t sl;
			const char *q = it;
			if (toml_string(&q, it + il, &s, &sl) && skip_blanks(q, it + il) == it + il)
				it = s, il = sl;
			if (il > 2 && it[0] == '-' && it[1] == '-' && !memchr(it, ' ', il) && !memchr(it, '#', il)) {
				SVal one = sval_lit(arena_strndup(c->ir->arena, it, il), &doc->loc, ORIGIN_DERIVED);
				lifted = !ld_bootstrap_args(c, ng, &one);
			}
		}
		left |= (lab || taint || line_find(t, len, "registerWithTaints")) && !lifted;
		if (!lifted)
			buf_add(&b, p, full);
		p += full;
	}
	if (left)
		ld_not_carried_at(c, ng, setting, "a node label or taint in a NodeConfig karpgen cannot read (not one "
		    "'- --node-labels=k=v,...' or '- --register-with-taints=k=v:Effect,...' item of kubelet.flags, or "
		    "kubelet.config.registerWithTaints): Karpenter's own NodeConfig sets the NodePool's labels and "
		    "registerWithTaints, and a --register-with-taints flag would override its taints; write them in the "
		    "NodePool's template labels or taints by hand", &doc->loc, doc->origin);
	const char *r = arena_strndup(c->ir->arena, b.s ? b.s : "", b.len);
	buf_free(&b);
	return r;
}

/* Whether a line of shell has a command (not blank, not a comment). */
static bool
sh_command(const char *p, size_t len)
{
	while (len && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++, len--;
	return len && *p != '#';
}

/*
 * The bootstrap line's words after `bootstrap.sh`, quotes kept, less the
 * cluster name (the first word that is not an option) and the options
 * whose values Karpenter sets itself when it bootstraps the node.
 */
static const char *
bootstrap_line_args(Arena *a, const char *p, size_t len)
{
	static const char *const own[] = {
		"--b64-cluster-ca", "--apiserver-endpoint", "--dns-cluster-ip", "--container-runtime",
		"--ip-family", "--service-ipv6-cidr", "--use-max-pods", "--enable-docker-bridge",
	};
	Buf b = { 0 };
	bool cluster = false, skip = false;
	const char *e = p + len;
	while (p < e) {
		while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\\'))
			p++;
		const char *w = p;
		char q = 0;
		while (p < e && (q || !(*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))) {
			if (q && *p == q)
				q = 0;
			else if (!q && (*p == '\'' || *p == '"'))
				q = *p;
			p++;
		}
		size_t wl = (size_t)(p - w);
		if (!wl)
			continue;
		if (skip) {
			skip = false;
			continue;
		}
		bool drop = false;
		for (size_t i = 0; i < sizeof own / sizeof *own; i++) {
			size_t ol = strlen(own[i]);
			if (wl >= ol && strncmp(w, own[i], ol) == 0 && (wl == ol || w[ol] == '=')) {
				drop = true;
				skip = wl == ol;
			}
		}
		if (!drop && !cluster && *w != '-') {
			cluster = true;
			continue;
		}
		if (!drop) {
			buf_add(&b, w, wl);
			buf_add(&b, " ", 1);
		}
	}
	const char *r = arena_strndup(a, b.s ? b.s : "", b.len);
	buf_free(&b);
	return r;
}

bool
ld_bootstrap_script(LoadCtx *c, NodeGroup *ng, const SVal *script, const char **pre)
{
	*pre = NULL;
	if (!script->set || script->unknown || !script->s)
		return script->set;
	Arena *a = c->ir->arena;
	const char *s = script->s;
	/* eksctl's helper sets NODE_LABELS from the group's own labels, which the kit carries */
	bool helper = strstr(s, "bootstrap.helper.sh") != NULL;
	Buf before = { 0 };
	bool found = false, rest = false, any = false;
	for (const char *p = s; *p;) {
		/* one logical line: a trailing backslash continues it */
		const char *q = p;
		for (;;) {
			const char *nl = strchr(q, '\n');
			if (!nl) {
				q += strlen(q);
				break;
			}
			q = nl + 1;
			if (!(nl > p && nl[-1] == '\\') && !(nl > p + 1 && nl[-1] == '\r' && nl[-2] == '\\'))
				break;
		}
		size_t len = (size_t)(q - p);
		const char *bs = line_find(p, len, "bootstrap.sh");
		if (bs && sh_command(p, len) && !found) {
			found = true;
			const char *args = bootstrap_line_args(a, bs + 12, (size_t)(q - bs - 12));
			if (helper) {
				/* --node-labels=${NODE_LABELS}: the group's labels; drop it, keep the rest */
				static const char lab[] = "--node-labels=${NODE_LABELS}";
				char *m = strstr((char *)args, lab);
				if (m)
					memset(m, ' ', sizeof lab - 1);
			}
			SVal av = sval_lit(args, &script->loc, ORIGIN_DERIVED);
			rest |= ld_bootstrap_args(c, ng, &av);
		} else if (found) {
			rest |= sh_command(p, len);
		} else if (strncmp(p, "#!", 2) != 0 && !line_find(p, len, "bootstrap.helper.sh")) {
			buf_add(&before, p, len);
			any |= sh_command(p, len);
		}
		p = q;
	}
	if (found && any)
		*pre = arena_strndup(a, before.s, before.len);
	buf_free(&before);
	return rest || !found;
}
