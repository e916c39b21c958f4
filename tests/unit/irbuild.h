/*
 * irbuild.h - the one way unit tests build an IR by hand: node groups field
 * by field, each value on a line of its own in a fake input so diagnostics
 * have a place (tb_group, tb_sval, tb_csv ... for the check tests;
 * tb_node_group, tb_s, tb_strs ... with a typical group's defaults for the
 * lowering and emitter tests), Karpenter objects or Helm values from a small
 * JSON reader that accepts single-quoted strings (so fixtures read well
 * inside C strings), inputs for the loader tests, and the diagnostics a run
 * reported.
 */
#ifndef IRBUILD_H
#define IRBUILD_H

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

typedef struct TB {
	Arena *a;
	IR *ir;
	Options opt;
	SrcFile *nodes;         /* where node-group fields "are written" */
	int line;               /* the next free line of `nodes` */
} TB;

static TB tb_state;

/* An empty IR as ir_load() starts one (no options): what the loader tests fill. */
static inline TB *
tb_empty(void)
{
	TB *t = &tb_state;
	memset(t, 0, sizeof *t);
	t->a = arena_new();
	diag_init(t->a);
	t->ir = arena_alloc(t->a, sizeof *t->ir);
	t->ir->arena = t->a;
	return t;
}

/* An IR for the check tests: `lint`, node-group fields placed in "nodes.tfvars". */
static inline TB *
tb_new(void)
{
	TB *t = tb_empty();
	t->opt.command = "lint";
	t->ir->opt = &t->opt;
	static char blank[4096];
	memset(blank, '\n', sizeof blank - 1);
	t->nodes = src_from_mem(t->a, "nodes.tfvars", blank, sizeof blank - 1);
	t->line = 1;
	return t;
}

static inline void
tb_free(TB *t)
{
	diag_init(NULL);
	arena_free(t->a);       /* compiled patterns stay for the next test, as in a run */
}

static inline Loc
tb_loc(TB *t)
{
	Loc l = { .file = t->nodes, .line = t->line++, .col = 3 };
	return l;
}

static inline NodeGroup *
tb_group(TB *t, const char *name, NGRole role)
{
	NodeGroup *g = arena_alloc(t->a, sizeof *g);
	g->loc = tb_loc(t);
	g->name = (SVal){ .s = arena_strdup(t->a, name), .loc = g->loc, .set = true, .origin = ORIGIN_INPUT };
	g->role = role;
	g->source = NGS_DOMINO;
	g->kind = role == ROLE_KARPENTER_HOME ? "karpenter_node_groups" : "additional_node_groups";
	if (role == ROLE_KARPENTER_HOME)
		g->role_why = "karpenter_node_groups";
	VEC_PUSH(t->a, t->ir->groups, g);
	return g;
}

static inline void
tb_sval(TB *t, SVal *v, const char *s)
{
	*v = (SVal){ .s = arena_strdup(t->a, s), .loc = tb_loc(t), .set = true, .origin = ORIGIN_INPUT };
}

static inline void
tb_ival(TB *t, IVal *v, int64_t n)
{
	*v = (IVal){ .v = n, .loc = tb_loc(t), .set = true, .origin = ORIGIN_INPUT };
}

static inline void
tb_bval(TB *t, BVal *v, bool b)
{
	*v = (BVal){ .v = b, .loc = tb_loc(t), .set = true, .origin = ORIGIN_INPUT };
}

/* A comma-separated list, all on one line, each item at its own column. */
static inline void
tb_csv(TB *t, SList *l, const char *csv)
{
	Loc at = tb_loc(t);
	memset(l, 0, sizeof *l);
	l->loc = at;
	l->set = true;
	l->origin = ORIGIN_INPUT;
	int n = 1;
	for (const char *c = csv; *c; c++)
		n += *c == ',';
	l->v = arena_alloc(t->a, (size_t)n * sizeof *l->v);
	int col = at.col + 1;
	for (const char *c = csv; *c;) {
		const char *e = strchr(c, ',');
		size_t len = e ? (size_t)(e - c) : strlen(c);
		SVal *v = &l->v[l->n++];
		v->s = arena_strndup(t->a, c, len);
		v->loc = (Loc){ .file = t->nodes, .line = at.line, .col = col };
		v->set = true;
		v->origin = ORIGIN_INPUT;
		col += (int)len + 4;
		c += len + (e ? 1 : 0);
	}
}

static inline void
tb_label(TB *t, NodeGroup *g, const char *k, const char *v)
{
	KV kv;
	tb_sval(t, &kv.key, k);
	kv.value = kv.key;
	kv.value.s = arena_strdup(t->a, v);
	KV *arr = arena_realloc(t->a, g->labels.v, (size_t)g->labels.n * sizeof kv,
	    (size_t)(g->labels.n + 1) * sizeof kv);
	arr[g->labels.n++] = kv;
	g->labels.v = arr;
	g->labels.set = true;
	g->labels.loc = kv.key.loc;
}

static inline void
tb_taint(TB *t, NodeGroup *g, const char *k, const char *v, const char *effect)
{
	Taint tt = { 0 };
	tb_sval(t, &tt.key, k);
	tt.loc = tt.key.loc;
	if (v) {
		tt.value = tt.key;
		tt.value.s = arena_strdup(t->a, v);
	}
	tt.effect = tt.key;
	tt.effect.s = arena_strdup(t->a, effect);
	VEC_PUSH(t->a, g->taints, tt);
}

/* ------------------------------------------------------------ JSON-ish reader */

typedef struct TJ {
	Arena *a;
	const SrcFile *f;
	size_t p;
} TJ;

static inline Value *tj_value(TJ *j);

static inline void
tj_ws(TJ *j)
{
	while (j->p < j->f->len && strchr(" \t\r\n", j->f->text[j->p]))
		j->p++;
}

static inline Value *
tj_string(TJ *j)
{
	size_t start = j->p;
	char q = j->f->text[j->p++];
	size_t s = j->p;
	while (j->p < j->f->len && j->f->text[j->p] != q)
		j->p++;
	Loc l = loc_at(j->f, start, j->p + 1);
	Value *v = v_str(j->a, j->f->text + s, j->p - s, &l);
	v->flags |= VF_QUOTED;
	j->p++;
	return v;
}

static inline Value *
tj_value(TJ *j)
{
	tj_ws(j);
	const char *s = j->f->text;
	size_t start = j->p;
	char ch = s[j->p];
	if (ch == '"' || ch == '\'')
		return tj_string(j);
	if (ch == '{' || ch == '[') {
		Value *v = v_new(j->a, ch == '{' ? V_MAP : V_LIST, NULL);
		j->p++;
		for (;;) {
			tj_ws(j);
			if (s[j->p] == '}' || s[j->p] == ']') {
				j->p++;
				break;
			}
			if (s[j->p] == ',') {
				j->p++;
				continue;
			}
			if (v->kind == V_MAP) {
				Value *k = tj_string(j);
				tj_ws(j);
				j->p++;         /* ':' */
				v_map_put(j->a, v, k->s, &k->loc, tj_value(j));
			} else {
				v_list_push(j->a, v, tj_value(j));
			}
		}
		v->loc = loc_at(j->f, start, j->p);
		return v;
	}
	while (j->p < j->f->len && !strchr(",]} \t\r\n", s[j->p]))
		j->p++;
	Loc l = loc_at(j->f, start, j->p);
	size_t n = j->p - start;
	if (n == 4 && strncmp(s + start, "null", 4) == 0)
		return v_new(j->a, V_NULL, &l);
	if ((n == 4 && strncmp(s + start, "true", 4) == 0) || (n == 5 && strncmp(s + start, "false", 5) == 0)) {
		Value *v = v_new(j->a, V_BOOL, &l);
		v->b = s[start] == 't';
		return v;
	}
	Value *v = v_new(j->a, V_NUM, &l);
	v->s = arena_strndup(j->a, s + start, n);
	v->len = n;
	v->num = strtod(v->s, NULL);
	v->i = (int64_t)v->num;
	v->flags |= VF_INTEGER;
	return v;
}

static inline Value *
tb_json(TB *t, const char *name, const char *text, SrcFile **out)
{
	SrcFile *f = src_from_mem(t->a, name, text, strlen(text));
	if (out)
		*out = f;
	TJ j = { .a = t->a, .f = f };
	return tj_value(&j);
}

/* A Kubernetes object, as the manifest front-end would leave it in ir->objects. */
static inline KObject *
tb_object(TB *t, const char *name, const char *text)
{
	SrcFile *f;
	KObject *o = arena_alloc(t->a, sizeof *o);
	o->doc = tb_json(t, name, text, &f);
	o->file = f;
	o->loc = o->doc->loc;
	o->api_version = v_scalar(v_get(o->doc, "apiVersion"));
	o->kind = v_scalar(v_get(o->doc, "kind"));
	o->name = v_scalar(v_path(o->doc, "metadata.name"));
	const char *av = o->api_version ? o->api_version : "";
	size_t n = strlen(av);
	o->api = n >= 3 && strcmp(av + n - 3, "/v1") == 0 ? KAPI_V1 :
	    strstr(av, "v1beta1") ? KAPI_V1BETA1 : strstr(av, "v1alpha5") ? KAPI_V1ALPHA5 :
	    strstr(av, "v1alpha1") ? KAPI_V1ALPHA1 : KAPI_OTHER;
	VEC_PUSH(t->a, t->ir->objects, o);
	return o;
}

static inline Input *
tb_input(TB *t, Dialect d, const char *name, const char *text)
{
	Input *in = arena_alloc(t->a, sizeof *in);
	SrcFile *f;
	in->root = tb_json(t, name, text, &f);
	in->file = f;
	in->dialect = d;
	VEC_PUSH(t->a, t->ir->inputs, in);
	return in;
}

/* ------------------------------------------------------------ diagnostics */

static inline int
tb_count(RuleId r)
{
	int n, k = 0;
	Diag *const *d = diag_sorted(&n);
	for (int i = 0; i < n; i++)
		k += d[i]->rule == r;
	return k;
}

static inline const Diag *
tb_diag(RuleId r, int nth)
{
	int n;
	Diag *const *d = diag_sorted(&n);
	for (int i = 0; i < n; i++)
		if (d[i]->rule == r && nth-- == 0)
			return d[i];
	return NULL;
}

/* The n-th diagnostic of rule r, which must exist and whose message must hold `part`. */
static inline const Diag *
tb_expect(RuleId r, int nth, const char *part)
{
	const Diag *d = tb_diag(r, nth);
	if (!d || !strstr(d->msg, part)) {
		int n;
		Diag *const *all = diag_sorted(&n);
		fprintf(stderr, "expected %s #%d with '%s'; have:\n", rule_table[r].id, nth, part);
		for (int i = 0; i < n; i++)
			fprintf(stderr, "  %s %s\n", rule_table[all[i]->rule].id, all[i]->msg);
		fail();
	}
	return d;
}

/* Any diagnostic of rule r whose message holds `part`; it must exist. */
static inline const Diag *
tb_find(RuleId r, const char *part)
{
	int n;
	Diag *const *d = diag_sorted(&n);
	for (int i = 0; i < n; i++)
		if (d[i]->rule == r && strstr(d[i]->msg, part))
			return d[i];
	return tb_expect(r, 0, part);
}

static inline bool
tb_has_note(const Diag *d, const char *part)
{
	for (int i = 0; i < d->notes.n; i++)
		if (strstr(d->notes.v[i].msg, part))
			return true;
	return false;
}

/* ------------------------------------------------ lowering and emitter tests */

static inline SVal
tb_s(TB *t, const char *s)
{
	SVal v = { .s = s ? arena_strdup(t->a, s) : NULL, .loc = tb_loc(t), .origin = ORIGIN_INPUT, .set = true };
	return v;
}

static inline IVal
tb_i(TB *t, int64_t n)
{
	IVal v = { .v = n, .loc = tb_loc(t), .origin = ORIGIN_INPUT, .set = true };
	return v;
}

/* A NULL-terminated list of strings. */
static inline SList
tb_strs(TB *t, const char *first, ...)
{
	SList l = { .loc = tb_loc(t), .origin = ORIGIN_INPUT, .set = true };
	va_list ap;
	va_start(ap, first);
	int n = 0;
	for (const char *s = first; s; s = va_arg(ap, const char *))
		n++;
	va_end(ap);
	l.v = arena_alloc(t->a, (size_t)(n ? n : 1) * sizeof *l.v);
	va_start(ap, first);
	for (const char *s = first; s; s = va_arg(ap, const char *))
		l.v[l.n++] = tb_s(t, s);
	va_end(ap);
	return l;
}

/* key, value pairs, NULL-terminated. */
static inline KVList
tb_kv(TB *t, const char *first, ...)
{
	KVList l = { .loc = tb_loc(t), .origin = ORIGIN_INPUT, .set = true };
	va_list ap;
	va_start(ap, first);
	int n = 0;
	for (const char *s = first; s; s = va_arg(ap, const char *))
		n++;
	va_end(ap);
	l.v = arena_alloc(t->a, (size_t)(n / 2 + 1) * sizeof *l.v);
	va_start(ap, first);
	for (const char *k = first; k; k = va_arg(ap, const char *)) {
		const char *v = va_arg(ap, const char *);
		l.v[l.n].key = tb_s(t, k);
		l.v[l.n].value = tb_s(t, v);
		l.n++;
	}
	va_end(ap);
	return l;
}

static inline NodeGroup *
tb_node_group(TB *t, const char *name, const char *type, NGRole role)
{
	NodeGroup *g = arena_alloc(t->a, sizeof *g);
	g->name = tb_s(t, name);
	g->loc = tb_loc(t);
	g->source = NGS_DOMINO;
	g->kind = "additional_node_groups";
	g->role = role;
	if (type)
		g->instance_types = tb_strs(t, type, NULL);
	g->capacity_type = tb_s(t, "ON_DEMAND");
	g->ami_type = tb_s(t, "AL2023_x86_64_STANDARD");
	g->min_size = tb_i(t, 0);
	g->max_size = tb_i(t, 10);
	g->desired_size = tb_i(t, 0);
	VEC_PUSH(t->a, t->ir->groups, g);
	return g;
}

static inline void
tb_init(TB *t, const char *version)
{
	memset(t, 0, sizeof *t);
	t->a = arena_new();
	diag_init(t->a);
	static const char text[] = "# fake input\n";
	t->nodes = src_from_mem(t->a, "fake.tfvars", text, sizeof text - 1);
	karpenter_version_pick(version ? version : karpenter_releases[karpenter_release_count - 1].name,
	    &t->opt.kv);
	t->opt.command = "compile";
	t->ir = arena_alloc(t->a, sizeof *t->ir);
	t->ir->arena = t->a;
	t->ir->opt = &t->opt;
}

/* Has the run reported rule `r`? */
static inline bool
tb_reported(RuleId r)
{
	int n;
	Diag *const *d = diag_sorted(&n);
	for (int i = 0; i < n; i++)
		if (d[i]->rule == r)
			return true;
	return false;
}

/*
 * Lowered as main.c's lower_and_check() lowers for a kit (without making
 * it): where the controller goes (resolve_controller()), the checks before lower() (KG207, KG302, KG305), lower(), the
 * placeholder notes (KG109), the checks of its AMIs (KG230, KG305); NULL
 * when it stopped.
 */
static inline Lowered *
tb_lower_ir(IR *ir)
{
	resolve_controller(ir);     /* the part of ir_resolve() the emitters read */
	check_migrating(ir);
	check_groups_api(ir);
	Lowered *lw = lower(ir);
	if (!lw)
		return NULL;
	note_placeholders(lw);
	if (lw->failed)
		return NULL;
	check_kit_alias_pins(lw);
	return check_kit_amis(lw) ? lw : NULL;
}

/* The string at a dotted path, or NULL. */
static inline const char *
tb_str(const Value *root, const char *path)
{
	const Value *v = v_path(root, path);
	return v && v->kind == V_STR ? v->s : NULL;
}

/* Requirement `key` of a NodePool doc, or NULL. */
static inline const Value *
tb_req(const Value *pool, const char *key)
{
	const Value *r = v_path(pool, "spec.template.spec.requirements");
	for (int i = 0; r && i < r->n; i++)
		if (v_is_str(v_get(r->items[i], "key"), key))
			return r->items[i];
	return NULL;
}

/* The Domino example: a karpenter home and compute, gpu, platform groups over two AZ ids. */
static inline void
tb_domino(TB *t)
{
	t->ir->domino = true;
	t->ir->cluster.name = tb_s(t, "mycluster");
	t->ir->cluster.region = tb_s(t, "us-west-2");
	NodeGroup *k = tb_node_group(t, "karpenter", "m6a.large", ROLE_KARPENTER_HOME);
	k->kind = "karpenter_node_groups";
	k->zones = tb_strs(t, "usw2-az1", "usw2-az2", NULL);
	k->labels = tb_kv(t, "dominodatalab.com/node-pool", "karpenter", NULL);
	NodeGroup *c = tb_node_group(t, "compute", "m6i.2xlarge", ROLE_MIGRATE);
	c->zones = tb_strs(t, "usw2-az1", "usw2-az2", NULL);
	c->per_az = true;
	c->volume_size = tb_i(t, 1000);
	c->volume_type = tb_s(t, "gp3");
	c->volume_throughput = tb_i(t, 500);
	c->labels = tb_kv(t, "dominodatalab.com/node-pool", "default", "dominodatalab.com/domino-node", "true", NULL);
	tb_taint(t, c, "ebs.csi.aws.com/agent-not-ready", "true", "NO_EXECUTE");
	NodeGroup *g = tb_node_group(t, "gpu", "g5.2xlarge", ROLE_MIGRATE);
	g->ami_type = tb_s(t, "AL2023_x86_64_NVIDIA");
	g->zones = tb_strs(t, "usw2-az1", NULL);
	g->per_az = true;
	g->volume_size = tb_i(t, 1000);
	g->volume_type = tb_s(t, "gp3");
	g->volume_throughput = tb_i(t, 500);
	g->labels = tb_kv(t, "dominodatalab.com/node-pool", "default-gpu", "nvidia.com/gpu", "true", NULL);
	tb_taint(t, g, "nvidia.com/gpu", "true", "NO_SCHEDULE");
	NodeGroup *p = tb_node_group(t, "platform", "m7i-flex.2xlarge", ROLE_MIGRATE);
	p->zones = tb_strs(t, "usw2-az2", NULL);
	p->per_az = true;
	p->volume_size = tb_i(t, 100);
	p->volume_type = tb_s(t, "gp3");
	p->min_size = tb_i(t, 1);
	p->labels = tb_kv(t, "dominodatalab.com/node-pool", "platform", NULL);
}
#endif
