/*
 * checkbuild.h - IRs built by hand for the check tests: node groups field by
 * field (each value on a line of its own in a fake "nodes.tfvars"), and
 * Karpenter objects or Helm values from a small JSON reader that accepts
 * single-quoted strings, so that fixtures read well inside C strings.
 */
#ifndef CHECKBUILD_H
#define CHECKBUILD_H

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

static inline TB *
tb_new(void)
{
	TB *t = &tb_state;
	memset(t, 0, sizeof *t);
	t->a = arena_new();
	diag_init(t->a);
	t->ir = arena_alloc(t->a, sizeof *t->ir);
	t->ir->arena = t->a;
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
	pattern_free_all();
	arena_free(t->a);
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
	if (role == ROLE_KARPENTER_HOME && !t->ir->home)
		t->ir->home = g;
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
tb_list(TB *t, SList *l, const char *csv)
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

#endif
