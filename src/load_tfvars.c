/*
 * load_tfvars.c - the Terraform front-ends: Domino EKS module tfvars,
 * terraform-aws-modules/eks and EKS Blueprints (.tf and .tfvars),
 * `resource "aws_eks_node_group"`, and `variable` blocks whose
 * optional(T, default) defaults apply to the tfvars values; the Karpenter
 * manifests of `kubectl_manifest` heredocs in a .tf (tf_manifests).
 *
 * Inputs are only collected while they are read (load_hcl_input): variable
 * values from .tfvars (and terragrunt `inputs`), variable declarations and
 * locals from .tf, and the .tf files themselves.  Node groups are built once
 * every input is in (load_hcl_finish), because a variables.tf given after a
 * tfvars still supplies its defaults and a `var.x` in a module call is
 * answered by any tfvars on the command line.
 *
 * Keys a front-end understands are tables of (key, kind, field or setter).
 * Nothing that is not a literal is guessed: an expression stays unknown,
 * with its text and place; `var.NAME` and `local.NAME` are followed only to
 * a value some input writes.
 */
#include "karpgen.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ state */

typedef struct TfDef {          /* a value given to a variable */
	const char *name;
	const Member *m;
	Input *in;
	const char *scope;          /* "" (tfvars), "inputs" (terragrunt), "module.x" (module argument) */
	bool used;                  /* consumed by a var.NAME reference or a front-end */
} TfDef;

typedef struct TfDecl {         /* a `variable "NAME" {}` block */
	const char *name;
	const Value *body;
	Input *in;
	TfType *type;
	bool read;                  /* type read (or tried) */
} TfDecl;

typedef struct TfLocal {
	const Member *m;
	Input *in;
	bool used;
} TfLocal;

struct TfState {
	VEC(TfDef) defs;
	VEC(TfDecl) decls;
	VEC(TfLocal) locals;
	VEC(Input *) configs;       /* .tf inputs, scanned at the end */
	VEC(Input *) varfiles;      /* .tfvars inputs */
};

typedef struct TfState TfState;

static TfState *
state(IR *ir)
{
	if (!ir->tf)
		ir->tf = arena_alloc(ir->arena, sizeof *ir->tf);
	return ir->tf;
}

/* ----------------------------------------------------------- HCL shapes */

/*
 * The bodies of the blocks of one type: root[type] is a list of bodies
 * (no label) or maps keyed by each label ending in lists of bodies.  `fn`
 * gets the labels joined with '.' ("aws_eks_node_group.this").
 */
typedef void (*BlockFn)(IR *ir, Input *in, const char *labels, const Value *body, void *arg);

static void
walk_labels(IR *ir, Input *in, const Value *v, int depth, const char *labels, BlockFn fn, void *arg)
{
	if (!v || depth > 4)
		return;
	if (v->kind == V_LIST) {
		for (int i = 0; i < v->n; i++)
			if (v->items[i] && v->items[i]->kind == V_MAP)
				fn(ir, in, labels, v->items[i], arg);
		return;
	}
	if (v->kind != V_MAP)
		return;
	for (int i = 0; i < v->n; i++) {
		const char *l = labels[0] ? arena_printf(ir->arena, "%s.%s", labels, v->members[i].key) :
		    v->members[i].key;
		walk_labels(ir, in, v->members[i].val, depth + 1, l, fn, arg);
	}
}

static void
each_block(IR *ir, Input *in, const char *type, BlockFn fn, void *arg)
{
	const Value *root = in->root;
	for (int i = 0; root && i < root->n; i++)
		if (strcmp(root->members[i].key, type) == 0 && root->members[i].val &&
		    (root->members[i].val->kind == V_LIST || root->members[i].val->kind == V_MAP))
			walk_labels(ir, in, root->members[i].val, 0, "", fn, arg);
}

static bool
bare_name(const char *s)
{
	if (!s || !((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_'))
		return false;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

/*
 * "${NAME}" with a bare name: an envsubst placeholder, never a Terraform
 * reference in a tfvars (which admits no references at all).  A string that
 * is only "${NAME}" comes from the parser as the expression NAME.
 */
bool
tf_placeholder(const char *s)
{
	if (!s)
		return false;
	if (bare_name(s))
		return true;
	for (const char *p = strstr(s, "${"); p; p = strstr(p + 2, "${")) {
		const char *e = strchr(p, '}');
		if (!e)
			return false;
		bool bare = e > p + 2;
		for (const char *q = p + 2; q < e; q++)
			if (!((*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') || *q == '_'))
				bare = false;
		if (bare)
			return true;
	}
	return false;
}

static bool
is_template_placeholder(const Value *v)
{
	return v && v->kind == V_UNKNOWN && tf_placeholder(v->s);
}

static void
check_placeholders(Arena *arena, const Value *v, int depth)
{
	if (!v || depth > LIMIT_DEPTH)
		return;
	if (is_template_placeholder(v)) {
		Diag *d = diag(KG111, &v->loc, "'%s%s%s' holds a placeholder that is not valid until substituted",
		    v->flags & VF_TEMPLATE ? "" : "${", expr_brief(arena, v->s), v->flags & VF_TEMPLATE ? "" : "}");
		diag_note(d, NULL, "substitute it (for example with envsubst) before running karpgen");
		return;
	}
	for (int i = 0; v->kind == V_LIST && i < v->n; i++)
		check_placeholders(arena, v->items[i], depth + 1);
	for (int i = 0; v->kind == V_MAP && i < v->n; i++)
		check_placeholders(arena, v->members[i].val, depth + 1);
}

/* ------------------------------------------------------------- collecting */

static void
add_def(IR *ir, Input *in, const Member *m, const char *scope)
{
	TfDef d = { .name = m->key, .m = m, .in = in, .scope = scope };
	VEC_PUSH(ir->arena, state(ir)->defs, d);
}

static void
collect_variable(IR *ir, Input *in, const char *labels, const Value *body, void *arg)
{
	(void)arg;
	TfDecl d = { .name = labels, .body = body, .in = in };
	VEC_PUSH(ir->arena, state(ir)->decls, d);
}

static void
collect_locals(IR *ir, Input *in, const char *labels, const Value *body, void *arg)
{
	(void)labels;
	(void)arg;
	for (int i = 0; i < body->n; i++) {
		TfLocal l = { .m = &body->members[i], .in = in };
		VEC_PUSH(ir->arena, state(ir)->locals, l);
	}
}

void
load_hcl_input(IR *ir, Input *in)
{
	TfState *st = state(ir);
	const Value *root = in->root;
	if (in->dialect == D_HCL_TFVARS) {
		VEC_PUSH(ir->arena, st->varfiles, in);
		for (int i = 0; i < root->n; i++) {
			check_placeholders(ir->arena, root->members[i].val, 0);
			add_def(ir, in, &root->members[i], "");
		}
		return;
	}
	VEC_PUSH(ir->arena, st->configs, in);
	each_block(ir, in, "variable", collect_variable, NULL);
	each_block(ir, in, "locals", collect_locals, NULL);
	/* terragrunt: `inputs = {...}` are the module's variable values */
	const Value *inputs = v_get(root, "inputs");
	if (inputs && inputs->kind == V_MAP && !(inputs->flags & VF_BLOCK)) {
		for (int i = 0; i < inputs->n; i++)
			add_def(ir, in, &inputs->members[i], "inputs");
	}
}

/* ------------------------------------------------------------ references */

static TfDef *
find_def(TfState *st, const char *name, const char *scope)
{
	for (int i = 0; i < st->defs.n; i++)
		if (strcmp(st->defs.v[i].name, name) == 0 && (!scope || strcmp(st->defs.v[i].scope, scope) == 0))
			return &st->defs.v[i];
	return NULL;
}

/* A variable value from the inputs: tfvars or terragrunt inputs (never another module's argument). */
static TfDef *
find_var(TfState *st, const char *name)
{
	TfDef *d = find_def(st, name, "");
	return d ? d : find_def(st, name, "inputs");
}

static TfDecl *
find_decl(IR *ir, const char *name)
{
	TfState *st = state(ir);
	for (int i = 0; i < st->decls.n; i++)
		if (strcmp(st->decls.v[i].name, name) == 0)
			return &st->decls.v[i];
	return NULL;
}

static TfType *
decl_type(IR *ir, TfDecl *d)
{
	if (!d->read) {
		d->read = true;
		d->type = tftype_read(ir->arena, v_get(d->body, "type"));
	}
	return d->type;
}

static bool
ref_name(const char *s, const char *prefix, char *out, size_t outsz)
{
	size_t n = strlen(prefix);
	while (*s == ' ')
		s++;
	if (strncmp(s, prefix, n) != 0)
		return false;
	s += n;
	size_t k = 0;
	while (s[k] && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') ||
	    (s[k] >= '0' && s[k] <= '9') || s[k] == '_' || s[k] == '-'))
		k++;
	if (k == 0 || k >= outsz)
		return false;
	for (size_t j = k; s[j]; j++)
		if (s[j] != ' ' && s[j] != '\n' && s[j] != '\r' && s[j] != '\t')
			return false;
	memcpy(out, s, k);
	out[k] = '\0';
	return true;
}

/*
 * Follow `var.NAME` to a tfvars value (or the variable's default) and
 * `local.NAME` to a locals entry, as long as they lead to something written
 * in an input.  Anything else comes back as it was.
 */
static const Value *
follow(IR *ir, const Value *v)
{
	TfState *st = state(ir);
	char name[128];
	for (int hops = 0; v && v->kind == V_UNKNOWN && !(v->flags & VF_TEMPLATE) && v->s && hops < 16; hops++) {
		if (ref_name(v->s, "var.", name, sizeof name)) {
			TfDef *d = find_var(st, name);
			TfDecl *decl = find_decl(ir, name);
			if (decl && !decl->in->flavour)
				decl->in->flavour = "variables";
			if (d) {
				d->used = true;
				v = d->m->val;
				continue;
			}
			TfDecl *dc = find_decl(ir, name);
			const Value *dflt = dc ? v_get(dc->body, "default") : NULL;
			if (!dflt)
				break;
			v = dflt;
		} else if (ref_name(v->s, "local.", name, sizeof name)) {
			const Value *next = NULL;
			for (int i = 0; i < st->locals.n && !next; i++)
				if (strcmp(st->locals.v[i].m->key, name) == 0) {
					st->locals.v[i].used = true;
					next = st->locals.v[i].m->val;
				}
			if (!next)
				break;
			v = next;
		} else {
			break;
		}
	}
	return v;
}

static const Value *
get(IR *ir, const Value *body, const char *key)
{
	return follow(ir, v_get(body, key));
}

/* ----------------------------------------------------- conflicts (KG107) */

static void
value_text(Buf *b, const Value *v, int depth)
{
	if (!v) {
		buf_puts(b, "nothing");
		return;
	}
	switch (v->kind) {
	case V_NULL: buf_puts(b, "null"); break;
	case V_BOOL: buf_puts(b, v->b ? "true" : "false"); break;
	case V_NUM: buf_puts(b, v->s ? v->s : "?"); break;
	case V_STR: buf_printf(b, "\"%.60s\"", v->s); break;
	case V_UNKNOWN: buf_printf(b, "%.60s", v->s ? v->s : "?"); break;
	case V_MAP: buf_puts(b, "{...}"); break;
	case V_LIST:
		if (depth > 0) {
			buf_puts(b, "[...]");
			break;
		}
		buf_puts(b, "[");
		for (int i = 0; i < v->n && i < 8; i++) {
			if (i)
				buf_puts(b, ", ");
			value_text(b, v->items[i], depth + 1);
		}
		buf_puts(b, v->n > 8 ? ", ...]" : "]");
		break;
	}
}

static bool
scalar_text(const Value *v, const char **s)
{
	switch (v->kind) {
	case V_STR: *s = v->s; return true;
	case V_NUM: *s = v->s ? v->s : ""; return true;
	case V_BOOL: *s = v->b ? "true" : "false"; return true;
	default: return false;
	}
}

/* Equal as Terraform would see them after conversion ("100" and 100 are equal). */
static bool
same_value(const Value *a, const Value *b, int depth)
{
	if (!a || !b || depth > LIMIT_DEPTH)
		return a == b;
	const char *x, *y;
	if (scalar_text(a, &x) && scalar_text(b, &y))
		return strcmp(x, y) == 0 && (a->kind == b->kind || a->kind == V_STR || b->kind == V_STR);
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case V_NULL:
		return true;
	case V_UNKNOWN:
		return strcmp(a->s ? a->s : "", b->s ? b->s : "") == 0;
	case V_LIST:
		if (a->n != b->n)
			return false;
		for (int i = 0; i < a->n; i++)
			if (!same_value(a->items[i], b->items[i], depth + 1))
				return false;
		return true;
	case V_MAP:
		if (a->n != b->n)
			return false;
		for (int i = 0; i < a->n; i++)
			if (!same_value(a->members[i].val, v_get(b, a->members[i].key), depth + 1))
				return false;
		return true;
	default:
		return false;
	}
}

static bool
is_null(const Value *v)
{
	return !v || v->kind == V_NULL;
}

/*
 * Report where `b` (from a later input) differs from `a` (the value kept),
 * down to the innermost key that differs: "default_node_groups.compute.
 * instance_types", not the whole variable.
 */
static void
compare(IR *ir, const char *path, const Value *a, const Loc *aloc, const Value *b, const Loc *bloc,
    const SrcFile *afile, const SrcFile *bfile, int depth)
{
	if (same_value(a, b, 0))
		return;
	if (a && b && a->kind == V_MAP && b->kind == V_MAP && depth < LIMIT_DEPTH) {
		for (int i = 0; i < b->n; i++) {
			const Member *mb = &b->members[i];
			const Member *ma = v_member(a, mb->key);
			const char *sub = arena_join(ir->arena, path, ".", mb->key);
			if (!ma && !is_null(mb->val)) {
				Diag *d = diag(KG107, &mb->key_loc, "'%s' is set in '%s' but not in '%s'", sub,
				    bfile->name, afile->name);
				diag_note(d, aloc, "'%s' is set here without it", path);
				diag_note(d, NULL, "the inputs must agree: set the same value in both");
			} else if (ma) {
				compare(ir, sub, ma->val, &ma->key_loc, mb->val, &mb->key_loc, afile, bfile, depth + 1);
			}
		}
		for (int i = 0; i < a->n; i++) {
			const Member *ma = &a->members[i];
			if (v_member(b, ma->key) || is_null(ma->val))
				continue;
			const char *sub = arena_join(ir->arena, path, ".", ma->key);
			Diag *d = diag(KG107, bloc, "'%s' is set in '%s' but not in '%s'", sub, afile->name, bfile->name);
			diag_note(d, &ma->key_loc, "'%s' is set here", sub);
			diag_note(d, NULL, "the inputs must agree: set the same value in both");
		}
		return;
	}
	Buf ta = { 0 }, tb = { 0 };
	value_text(&ta, a, 0);
	value_text(&tb, b, 0);
	const Loc *at = b && b->loc.file ? &b->loc : bloc;
	bool a_default = a && (a->flags & VF_DEFAULT);
	Diag *d = diag(KG107, at, "'%s' is %s here but %s in '%s'%s", path, tb.s, ta.s, afile->name,
	    a_default ? " (the default)" : "");
	if (a_default)
		diag_note(d, aloc, "'%s' leaves it to the default %s; karpgen keeps that value", afile->name, ta.s);
	else
		diag_note(d, a && a->loc.file ? &a->loc : aloc, "'%s' sets it to %s; karpgen keeps that value",
		    afile->name, ta.s);
	diag_note(d, NULL, "the inputs must agree: set the same value in both");
	buf_free(&ta);
	buf_free(&tb);
}

/* ------------------------------------------------------- field tables */

typedef struct Ctx {
	IR *ir;
	NodeGroup *g;
	const char *path;           /* "default_node_groups.compute" for messages */
} Ctx;

typedef enum TfFieldKind { F_IGNORE, F_STR, F_INT, F_BOOL, F_LIST, F_KV, F_FN } TfFieldKind;
typedef void (*TfFieldFn)(Ctx *c, const Value *v, const char *key);

typedef struct TfField {
	const char *key;
	TfFieldKind kind;
	size_t off;                 /* of the NodeGroup field, for the plain kinds */
	TfFieldFn fn;                 /* F_FN */
} TfField;

#define FIELD(k, kind, member) { k, kind, offsetof(NodeGroup, member), NULL }
#define SETTER(k, fn) { k, F_FN, 0, fn }
#define IGNORE(k) { k, F_IGNORE, 0, NULL }

static void
set_field(Ctx *c, const TfField *f, const Value *v)
{
	char *base = (char *)c->g;
	const char *what = arena_join(c->ir->arena, c->path, ".", f->key);
	switch (f->kind) {
	case F_IGNORE:
		break;
	case F_STR:
		*(SVal *)(void *)(base + f->off) = sval_of(c->ir, v, what);
		break;
	case F_INT:
		*(IVal *)(void *)(base + f->off) = ival_of(c->ir, v, what);
		break;
	case F_BOOL:
		*(BVal *)(void *)(base + f->off) = bval_of(c->ir, v, what);
		break;
	case F_LIST:
		*(SList *)(void *)(base + f->off) = slist_of(c->ir, v, what);
		break;
	case F_KV:
		*(KVList *)(void *)(base + f->off) = kvlist_of(c->ir, v, what);
		break;
	case F_FN:
		f->fn(c, v, f->key);
		break;
	}
}

/* Apply `body`'s keys through the table; keys found nowhere are left to the caller. */
static void
apply_fields(Ctx *c, const TfField *tab, size_t n, const Value *body, bool warn_unknown)
{
	for (int i = 0; body && body->kind == V_MAP && i < body->n; i++) {
		const Member *m = &body->members[i];
		const TfField *f = NULL;
		for (size_t k = 0; k < n && !f; k++)
			if (strcmp(tab[k].key, m->key) == 0)
				f = &tab[k];
		if (f)
			set_field(c, f, follow(c->ir, m->val));
		else if (warn_unknown)
			diag(KG110, &m->key_loc, "'%s' is not a node-group key karpgen knows for %s", m->key, c->path);
	}
}

/* taints as a list of {key, value, effect} or a map of name -> {key, value, effect} */
static void
add_taint(Ctx *c, const Value *t, const char *what)
{
	t = follow(c->ir, t);
	if (!t || t->kind == V_NULL)
		return;
	Taint x = { .loc = t->loc, .origin = (t->flags & VF_DEFAULT) ? ORIGIN_DEFAULT : ORIGIN_INPUT };
	if (t->kind != V_MAP) {
		x.key = sval_of(c->ir, t, what);
		if (t->kind == V_UNKNOWN)
			VEC_PUSH(c->ir->arena, c->g->taints, x);
		return;
	}
	x.key = sval_of(c->ir, get(c->ir, t, "key"), what);
	x.value = sval_of(c->ir, get(c->ir, t, "value"), what);
	x.effect = sval_of(c->ir, get(c->ir, t, "effect"), what);
	VEC_PUSH(c->ir->arena, c->g->taints, x);
}

static void
set_taints(Ctx *c, const Value *v, const char *key)
{
	const char *what = arena_join(c->ir->arena, c->path, ".", key);
	c->g->taints.n = 0;
	if (!v || v->kind == V_NULL)
		return;
	if (v->kind == V_UNKNOWN) {
		Taint x = { .loc = v->loc, .origin = ORIGIN_INPUT };
		x.key = sval_of(c->ir, v, what);
		VEC_PUSH(c->ir->arena, c->g->taints, x);
		return;
	}
	if (v->kind == V_LIST) {
		for (int i = 0; i < v->n; i++)
			add_taint(c, v->items[i], what);
	} else if (v->kind == V_MAP) {
		for (int i = 0; i < v->n; i++)
			add_taint(c, v->members[i].val, what);
	} else {
		diag(KG106, &v->loc, "'%s' should be a list or map of taints, not %s", what, v_kind_name(v->kind));
	}
}

static void
set_one_type(Ctx *c, const Value *v, const char *key)
{
	SVal s = sval_of(c->ir, v, arena_join(c->ir->arena, c->path, ".", key));
	if (!s.set)
		return;
	SList *l = &c->g->instance_types;
	l->v = arena_alloc(c->ir->arena, sizeof *l->v);
	l->v[0] = s;
	l->n = 1;
	l->set = true;
	l->unknown = false;
	l->loc = s.loc;
	l->origin = s.origin;
}

static void
set_spot_price(Ctx *c, const Value *v, const char *key)
{
	(void)key;
	if (v && v->kind != V_NULL && !(v->kind == V_STR && v->len == 0))
		c->g->capacity_type = sval_lit("SPOT", &v->loc, ORIGIN_DERIVED);
}

/* self-managed: instance_market_options = { market_type = "spot" } */
static void
set_market(Ctx *c, const Value *v, const char *key)
{
	(void)key;
	const Value *t = get(c->ir, v, "market_type");
	if (v_is_str(t, "spot"))
		c->g->capacity_type = sval_lit("SPOT", &t->loc, ORIGIN_DERIVED);
}

/* self-managed: mixed_instances_policy.override[*].instance_type */
static void
set_mixed(Ctx *c, const Value *v, const char *key)
{
	const Value *ov = follow(c->ir, v_path(v, "override"));
	if (!ov)
		ov = follow(c->ir, v_path(v, "launch_template.override"));
	if (!ov || ov->kind != V_LIST)
		return;
	SList l = { .loc = ov->loc, .origin = ORIGIN_INPUT, .set = true };
	l.v = arena_alloc(c->ir->arena, (size_t)(ov->n ? ov->n : 1) * sizeof *l.v);
	for (int i = 0; i < ov->n; i++) {
		SVal s = sval_of(c->ir, get(c->ir, ov->items[i], "instance_type"),
		    arena_join(c->ir->arena, c->path, ".", key));
		if (s.set)
			l.v[l.n++] = s;
	}
	if (l.n)
		c->g->instance_types = l;
}

/* The root volume from block_device_mappings (map or list of {device_name, ebs = {...}}). */
static void
set_bdm(Ctx *c, const Value *v, const char *key)
{
	(void)key;
	const Value *first = NULL;
	if (v && v->kind == V_MAP && v->n > 0)
		first = follow(c->ir, v->members[0].val);
	else if (v && v->kind == V_LIST && v->n > 0)
		first = follow(c->ir, v->items[0]);
	if (!first || first->kind != V_MAP)
		return;
	const Value *ebs = get(c->ir, first, "ebs");
	if (!ebs)
		ebs = first;            /* Blueprints v4 writes the ebs fields flat */
	const char *what = arena_printf(c->ir->arena, "%s.block_device_mappings", c->path);
	SVal dev = sval_of(c->ir, get(c->ir, first, "device_name"), what);
	if (dev.set)
		c->g->root_device = dev;
	IVal sz = ival_of(c->ir, get(c->ir, ebs, "volume_size"), what);
	if (sz.set)
		c->g->volume_size = sz;
	SVal ty = sval_of(c->ir, get(c->ir, ebs, "volume_type"), what);
	if (ty.set)
		c->g->volume_type = ty;
	IVal io = ival_of(c->ir, get(c->ir, ebs, "iops"), what);
	if (io.set)
		c->g->volume_iops = io;
	IVal tp = ival_of(c->ir, get(c->ir, ebs, "throughput"), what);
	if (tp.set)
		c->g->volume_throughput = tp;
	BVal en = bval_of(c->ir, get(c->ir, ebs, "encrypted"), what);
	if (en.set)
		c->g->volume_encrypted = en;
}

/* scaling_config { min_size, max_size, desired_size } of aws_eks_node_group */
static void
set_scaling(Ctx *c, const Value *v, const char *key)
{
	(void)key;
	if (v && v->kind == V_LIST && v->n > 0)
		v = v->items[0];
	const char *what = arena_printf(c->ir->arena, "%s.scaling_config", c->path);
	c->g->min_size = ival_of(c->ir, get(c->ir, v, "min_size"), what);
	c->g->max_size = ival_of(c->ir, get(c->ir, v, "max_size"), what);
	c->g->desired_size = ival_of(c->ir, get(c->ir, v, "desired_size"), what);
}

/* launch_template { id | name, version } of aws_eks_node_group */
static void
set_lt_block(Ctx *c, const Value *v, const char *key)
{
	if (v && v->kind == V_LIST && v->n > 0)
		v = v->items[0];
	const Value *id = get(c->ir, v, "id");
	if (!id)
		id = get(c->ir, v, "name");
	c->g->launch_template = sval_of(c->ir, id, arena_join(c->ir->arena, c->path, ".", key));
}

/*
 * terraform-aws-modules/eks (v17 node_groups and worker_groups, v18-v21
 * eks_managed_node_groups and self_managed_node_groups), EKS Blueprints v4
 * managed_node_groups and the aws_eks_node_group resource: one table, as
 * their key names do not clash.  Keys missing here are left out of the IR.
 */
static const TfField eks_fields[] = {
	FIELD("instance_types", F_LIST, instance_types),
	SETTER("instance_type", set_one_type),
	FIELD("min_size", F_INT, min_size),
	FIELD("min_capacity", F_INT, min_size),
	FIELD("asg_min_size", F_INT, min_size),
	FIELD("max_size", F_INT, max_size),
	FIELD("max_capacity", F_INT, max_size),
	FIELD("asg_max_size", F_INT, max_size),
	FIELD("desired_size", F_INT, desired_size),
	FIELD("desired_capacity", F_INT, desired_size),
	FIELD("asg_desired_capacity", F_INT, desired_size),
	SETTER("scaling_config", set_scaling),
	FIELD("capacity_type", F_STR, capacity_type),
	SETTER("spot_price", set_spot_price),
	SETTER("instance_market_options", set_market),
	SETTER("mixed_instances_policy", set_mixed),
	FIELD("ami_type", F_STR, ami_type),
	FIELD("ami_id", F_STR, ami_id),
	FIELD("custom_ami_id", F_STR, ami_id),
	FIELD("ami_release_version", F_STR, release_version),
	FIELD("release_version", F_STR, release_version),
	FIELD("platform", F_STR, ami_family),
	FIELD("launch_template_os", F_STR, ami_family),
	FIELD("labels", F_KV, labels),
	FIELD("k8s_labels", F_KV, labels),
	SETTER("taints", set_taints),
	SETTER("k8s_taints", set_taints),
	SETTER("taint", set_taints),
	FIELD("tags", F_KV, tags),
	FIELD("additional_tags", F_KV, tags),
	FIELD("subnet_ids", F_LIST, subnet_ids),
	FIELD("subnets", F_LIST, subnet_ids),
	FIELD("availability_zones", F_LIST, zones),
	FIELD("disk_size", F_INT, volume_size),
	FIELD("root_volume_size", F_INT, volume_size),
	FIELD("root_volume_type", F_STR, volume_type),
	FIELD("disk_type", F_STR, volume_type),
	SETTER("block_device_mappings", set_bdm),
	FIELD("launch_template_name", F_STR, launch_template),
	FIELD("launch_template_id", F_STR, launch_template),
	SETTER("launch_template", set_lt_block),
	FIELD("iam_role_arn", F_STR, node_role),
	FIELD("node_role_arn", F_STR, node_role),
	FIELD("max_pods", F_INT, max_pods),
};
enum { NEKS_FIELDS = sizeof eks_fields / sizeof *eks_fields };

/* ------------------------------------------------- terraform-aws-modules/eks */

typedef struct Collection {     /* a module argument that holds node groups */
	const char *key;
	NGSource source;
	bool self_managed;
	const char *defaults_key;   /* the per-module defaults merged into each group */
} Collection;

static const Collection collections[] = {
	{ "eks_managed_node_groups", NGS_TF_EKS_MODULE, false, "eks_managed_node_group_defaults" },
	{ "self_managed_node_groups", NGS_TF_EKS_MODULE, true, "self_managed_node_group_defaults" },
	{ "node_groups", NGS_TF_EKS_MODULE, false, "node_groups_defaults" },
	{ "worker_groups", NGS_TF_EKS_MODULE, true, "workers_group_defaults" },
	{ "worker_groups_launch_template", NGS_TF_EKS_MODULE, true, "workers_group_defaults" },
	{ "managed_node_groups", NGS_BLUEPRINTS_V4, false, NULL },
	{ "self_managed_node_groups_v4", NGS_BLUEPRINTS_V4, true, NULL },
};
enum { NCOLLECTIONS = sizeof collections / sizeof *collections };

/* Where the module's own defaults come from and which apply (the v21 variables in the corpus). */
typedef struct EksDefaults {
	const char *from;
	bool v21;                   /* AL2023 default AMI type, m6i.large self-managed type */
} EksDefaults;

/*
 * The defaults a group gets from the module: capacity ON_DEMAND (the EKS
 * API's and EC2's own default), and for v21 - the version whose variables
 * are in the corpus - the sizes 1/3/1, the AL2023 AMI type and the
 * self-managed m6i.large.  Other versions' defaults are left unset rather
 * than guessed.
 */
static void
eks_module_defaults(Ctx *c, const Collection *col, const EksDefaults *d, const Loc *at)
{
	NodeGroup *g = c->g;
	if (!g->capacity_type.set)
		g->capacity_type = sval_lit("ON_DEMAND", at, ORIGIN_DEFAULT);
	/* the EKS API's instance type when neither the group nor a launch template names one */
	if (col->source == NGS_TF_RESOURCE && !g->instance_types.set && !g->launch_template.set) {
		g->instance_types.v = arena_alloc(c->ir->arena, sizeof *g->instance_types.v);
		g->instance_types.v[0] = sval_lit("t3.medium", at, ORIGIN_DEFAULT);
		g->instance_types.n = 1;
		g->instance_types.set = true;
		g->instance_types.loc = *at;
		g->instance_types.origin = ORIGIN_DEFAULT;
	}
	if (!d->v21 || col->source != NGS_TF_EKS_MODULE || strcmp(col->key, "node_groups") == 0 ||
	    strncmp(col->key, "worker_groups", 13) == 0)
		return;
	IVal one = { .v = 1, .loc = *at, .origin = ORIGIN_DEFAULT, .set = true };
	IVal three = one;
	three.v = 3;
	if (!g->min_size.set)
		g->min_size = one;
	if (!g->max_size.set)
		g->max_size = three;
	if (!g->desired_size.set)
		g->desired_size = one;
	if (!g->ami_type.set && !g->ami_id.set)
		g->ami_type = sval_lit("AL2023_x86_64_STANDARD", at, ORIGIN_DEFAULT);
	if (col->self_managed && !g->instance_types.set) {
		g->instance_types.v = arena_alloc(c->ir->arena, sizeof *g->instance_types.v);
		g->instance_types.v[0] = sval_lit("m6i.large", at, ORIGIN_DEFAULT);
		g->instance_types.n = 1;
		g->instance_types.set = true;
		g->instance_types.loc = *at;
		g->instance_types.origin = ORIGIN_DEFAULT;
	}
}

static bool
disabled(IR *ir, const Value *body)
{
	const Value *cr = get(ir, body, "create");
	return cr && cr->kind == V_BOOL && !cr->b;
}

static void
eks_group(IR *ir, const Collection *col, const char *name, const Loc *name_loc, const Value *body,
    const Value *defaults, const char *scope, const EksDefaults *d)
{
	if (!body || body->kind == V_NULL || disabled(ir, body))
		return;
	if (body->kind != V_MAP) {
		if (body->kind == V_UNKNOWN) {
			Diag *dg = diag(KG109, &body->loc, "node group '%s' is the expression '%s', which karpgen cannot evaluate offline",
			    name, expr_brief(ir->arena, body->s));
			diag_note(dg, NULL, "write the group as an object literal, or give its value in a .tfvars input");
		} else {
			diag(KG106, &body->loc, "node group '%s' should be an object, not %s", name, v_kind_name(body->kind));
		}
		return;
	}
	const char *kind = col->key;
	if (strcmp(kind, "self_managed_node_groups_v4") == 0)
		kind = "self_managed_node_groups";
	NodeGroup *g = ir_new_group(ir, col->source, kind, name_loc);
	g->name = sval_lit(name, name_loc, ORIGIN_INPUT);
	g->scope = scope;
	g->self_managed = col->self_managed;
	g->defaults_from = d->from;
	Ctx c = { .ir = ir, .g = g, .path = name };
	/* the module reads each key from the group, else from the defaults, else its own default */
	if (defaults && defaults->kind == V_MAP)
		apply_fields(&c, eks_fields, NEKS_FIELDS, defaults, false);
	apply_fields(&c, eks_fields, NEKS_FIELDS, body, false);
	eks_module_defaults(&c, col, d, name_loc);
}

static void
eks_collection(IR *ir, const Collection *col, const Member *m, const Value *defaults, const char *scope,
    const EksDefaults *d)
{
	const Value *v = follow(ir, m->val);
	if (!v || v->kind == V_NULL)
		return;
	if (v->kind == V_UNKNOWN) {
		Diag *dg = diag(KG109, &v->loc, "'%s'%s%s is the expression '%s', which karpgen cannot evaluate offline",
		    m->key, *scope ? " of " : "", scope, expr_brief(ir->arena, v->s));
		diag_note(dg, NULL, "its node groups are not in the IR: give them as an object literal or in a .tfvars input");
		return;
	}
	if (v->kind == V_MAP) {
		for (int i = 0; i < v->n; i++)
			eks_group(ir, col, v->members[i].key, &v->members[i].key_loc, follow(ir, v->members[i].val),
			    defaults, scope, d);
	} else if (v->kind == V_LIST) {
		/* v17 worker_groups and other list forms: each item names itself */
		for (int i = 0; i < v->n; i++) {
			const Value *item = follow(ir, v->items[i]);
			const Value *nm = get(ir, item, "name");
			if (!nm)
				nm = get(ir, item, "node_group_name");
			const char *name = nm && nm->kind == V_STR ? nm->s :
			    arena_printf(ir->arena, "%s[%d]", m->key, i);
			const Loc *at = nm && nm->kind == V_STR ? &nm->loc : item ? &item->loc : &v->loc;
			eks_group(ir, col, name, at, item, defaults, scope, d);
		}
	} else {
		diag(KG106, &v->loc, "'%s' should be a map of node groups, not %s", m->key, v_kind_name(v->kind));
	}
}

static const Collection *
collection_for(const char *key)
{
	for (int i = 0; i < NCOLLECTIONS; i++)
		if (strcmp(collections[i].key, key) == 0)
			return &collections[i];
	return NULL;
}

static bool
str_contains(const Value *v, const char *needle)
{
	return v && v->kind == V_STR && strstr(v->s, needle);
}

/*
 * Which module version a call is for: v21 renamed cluster_name and
 * cluster_version to name and kubernetes_version (the submodules always
 * had `name`), so those tell when the version constraint does not.
 */
static EksDefaults
eks_defaults_for(IR *ir, const Value *body, bool submodule)
{
	EksDefaults d = { .from = "terraform-aws-modules/eks" };
	const Value *ver = get(ir, body, "version");
	if (str_contains(ver, "21.") || v_get(body, "kubernetes_version") ||
	    (!submodule && v_get(body, "name") && !v_get(body, "cluster_name")))
		d.v21 = true;
	if (d.v21)
		d.from = "terraform-aws-modules/eks v21";
	if (str_contains(get(ir, body, "source"), "eks-blueprints"))
		d.from = "eks-blueprints v4";
	return d;
}

/* Cluster identity written as literals in an EKS module call. */
static void
eks_cluster(IR *ir, const Value *body)
{
	static const struct { const char *key; size_t off; } keys[] = {
		{ "cluster_name", offsetof(Cluster, name) }, { "name", offsetof(Cluster, name) },
		{ "cluster_version", offsetof(Cluster, k8s_version) },
		{ "kubernetes_version", offsetof(Cluster, k8s_version) },
	};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		const Value *v = get(ir, body, keys[i].key);
		if (!v)
			continue;
		SVal s = sval_of(ir, v, keys[i].key);
		ir_set_sval(ir, (SVal *)(void *)((char *)&ir->cluster + keys[i].off), &s, keys[i].key);
	}
}

/* A module call that holds node groups (whatever its source: examples use "../.."). */
static bool
eks_module_call(IR *ir, Input *in, const char *label, const Value *body)
{
	bool any = false;
	const char *scope = arena_printf(ir->arena, "module.%s", label);
	if (disabled(ir, body))
		return false;
	EksDefaults d = eks_defaults_for(ir, body, false);
	const char *from = d.from;
	/* EKS Blueprints v4 is a module of its own: managed_node_groups, private_subnet_ids */
	bool blueprints = str_contains(get(ir, body, "source"), "blueprints") || v_get(body, "managed_node_groups") ||
	    v_get(body, "private_subnet_ids");
	for (int i = 0; i < body->n; i++) {
		const Collection *col = collection_for(body->members[i].key);
		if (!col)
			continue;
		if (col->source == NGS_BLUEPRINTS_V4 && !blueprints)
			continue;
		if (blueprints && strcmp(col->key, "self_managed_node_groups") == 0)
			col = &collections[NCOLLECTIONS - 1];   /* self_managed_node_groups_v4 */
		const Value *defaults = col->defaults_key ? get(ir, body, col->defaults_key) : NULL;
		EksDefaults dc = d;
		if (col->source == NGS_BLUEPRINTS_V4)
			dc.from = "eks-blueprints v4";
		eks_collection(ir, col, &body->members[i], defaults, scope, &dc);
		from = dc.from;
		any = true;
	}
	if (any) {
		in->flavour = from;
		eks_cluster(ir, body);
	}
	return any;
}

/* module "x" { source = ".../modules/eks-managed-node-group" name = ... }: one group. */
static bool
eks_submodule_call(IR *ir, Input *in, const char *label, const Value *body)
{
	static const struct { const char *suffix; const Collection *col; } subs[] = {
		{ "modules/eks-managed-node-group", &collections[0] },
		{ "modules/self-managed-node-group", &collections[1] },
	};
	const Value *src = get(ir, body, "source");
	for (size_t i = 0; i < sizeof subs / sizeof *subs; i++) {
		if (!str_contains(src, subs[i].suffix))
			continue;
		const char *scope = arena_printf(ir->arena, "module.%s", label);
		if (v_get(body, "for_each") || v_get(body, "count")) {
			const Value *fe = v_get(body, "for_each") ? v_get(body, "for_each") : v_get(body, "count");
			Diag *d = diag(KG109, &fe->loc, "the node groups of '%s' come from '%s', which karpgen cannot enumerate offline",
			    scope, fe->kind == V_UNKNOWN ? expr_brief(ir->arena, fe->s) : "for_each");
			diag_note(d, NULL, "this is the module's own implementation: give karpgen the configuration that calls it");
			return true;
		}
		const Value *nm = get(ir, body, "name");
		const char *name = nm && nm->kind == V_STR ? nm->s : label;
		EksDefaults d = eks_defaults_for(ir, body, true);
		eks_group(ir, subs[i].col, name, nm && nm->kind == V_STR ? &nm->loc : &body->loc, body, NULL, scope, &d);
		in->flavour = d.from;
		return true;
	}
	return false;
}

static void
eks_resource(IR *ir, Input *in, const char *labels, const Value *body, void *arg)
{
	(void)arg;
	if (strncmp(labels, "aws_eks_node_group.", 19) != 0)
		return;
	const char *label = labels + 19;
	const char *scope = labels;
	const Value *fe = v_get(body, "for_each") ? v_get(body, "for_each") : v_get(body, "count");
	if (fe) {
		Diag *d = diag(KG109, &fe->loc, "the node groups of '%s' come from '%s', which karpgen cannot enumerate offline",
		    scope, fe->kind == V_UNKNOWN ? expr_brief(ir->arena, fe->s) : "for_each");
		diag_note(d, NULL, "karpgen reads node groups written one resource each; this looks like a module's implementation");
		return;
	}
	static const Collection res = { "resource", NGS_TF_RESOURCE, false, NULL };
	EksDefaults d = { .from = "the EKS API" };
	const Value *nm = get(ir, body, "node_group_name");
	const char *name = nm && nm->kind == V_STR ? nm->s : label;
	eks_group(ir, &res, name, nm && nm->kind == V_STR ? &nm->loc : &body->loc, body, NULL, scope, &d);
	in->flavour = "aws_eks_node_group";
}

/* ------------------------------------------------------------------ Domino */

/*
 * The Domino module's variables, written from DOMINO-MODULE.md with the
 * defaults of modules/nodes (the copy that creates the node groups; see
 * docs/domino.md).  Read with the same type reader as a variables.tf, so a
 * given variables.tf and the built-in copy behave alike.
 */
static const char ng_fmt[] =
    "object({\n"
    "  single_nodegroup = optional(bool, false)\n"
    "  ami = optional(string, null)\n"
    "  user_data_type = optional(string, \"AL2\")\n"
    "  bootstrap_extra_args = optional(string, \"\")\n"
    "  instance_types = %s\n"
    "  spot = optional(bool, false)\n"
    "  min_per_az = %s\n"
    "  max_per_az = %s\n"
    "  desired_per_az = %s\n"
    "  max_unavailable_percentage = optional(number, %s)\n"
    "  max_unavailable = optional(number, %s)\n"
    "  update_strategy = optional(string, \"%s\")\n"
    "  availability_zone_ids = list(string)\n"
    "  labels = %s\n"
    "  taints = optional(list(object({ key = string, value = optional(string), effect = string })), %s)\n"
    "  tags = optional(map(string), {})\n"
    "  gpu = optional(bool, null)\n"
    "%s"
    "  volume = %s\n"
    "})";

#define EBS_TAINT "{ key = \"ebs.csi.aws.com/agent-not-ready\", value = \"true\", effect = \"NO_EXECUTE\" }"
#define GPU_TAINT "{ key = \"nvidia.com/gpu\", value = \"true\", effect = \"NO_SCHEDULE\" }"
#define VOL_BIG "optional(object({ size = optional(number, 1000), type = optional(string, \"gp3\"), " \
	"iops = optional(number), throughput = optional(number, 500) }), " \
	"{ size = 1000, type = \"gp3\", iops = null, throughput = 500 })"
#define VOL_SMALL "optional(object({ size = optional(number, 100), type = optional(string, \"gp3\"), " \
	"iops = optional(number), throughput = optional(number) }), " \
	"{ size = 100, type = \"gp3\", iops = null, throughput = null })"

static const struct NgDefaults {
	const char *name;
	const char *types, *min, *max, *desired, *unavail_pct, *unavail, *strategy, *labels, *taints;
	const char *neuron, *volume;
} ng_defaults[] = {
	{ "compute", "optional(list(string), [\"m6i.2xlarge\"])", "optional(number, 0)", "optional(number, 10)",
	  "optional(number, 0)", "50", "null", "DEFAULT",
	  "optional(map(string), { \"dominodatalab.com/node-pool\" = \"default\" })", "[" EBS_TAINT "]", "",
	  VOL_BIG },
	{ "platform", "optional(list(string), [\"m7i-flex.2xlarge\"])", "optional(number, 1)",
	  "optional(number, 10)", "optional(number, 1)", "null", "1", "DEFAULT",
	  "optional(map(string), { \"dominodatalab.com/node-pool\" = \"platform\", "
	  "\"dominodatalab.com/calico-controlplane\" = \"true\" })", "[]", "", VOL_SMALL },
	{ "platform_jobs", "optional(list(string), [\"m6a.large\", \"m6i.large\", \"m7i-flex.large\", "
	  "\"m6a.xlarge\", \"m6i.xlarge\", \"m7i-flex.xlarge\"])", "optional(number, 0)", "optional(number, 10)",
	  "optional(number, 0)", "50", "null", "MINIMAL",
	  "optional(map(string), { \"dominodatalab.com/node-pool\" = \"platform-jobs\" })", "[]", "", VOL_SMALL },
	{ "gpu", "optional(list(string), [\"g5.2xlarge\"])", "optional(number, 0)", "optional(number, 10)",
	  "optional(number, 0)", "50", "null", "DEFAULT",
	  "optional(map(string), { \"dominodatalab.com/node-pool\" = \"default-gpu\", \"nvidia.com/gpu\" = true })",
	  "[" GPU_TAINT ", " EBS_TAINT "]", "", VOL_BIG },
	{ "*additional", "list(string)", "number", "number", "number", "50", "null", "DEFAULT", "map(string)",
	  "[" EBS_TAINT "]", "  neuron = optional(bool, null)\n",
	  "object({ size = string, type = string, iops = optional(number), throughput = optional(number, 500) })" },
	{ "*karpenter", "optional(list(string), [\"m6a.large\"])", "optional(number, 1)", "optional(number, 3)",
	  "optional(number, 1)", "null", "1", "MINIMAL",
	  "optional(map(string), { \"dominodatalab.com/node-pool\" = \"karpenter\", "
	  "\"dominodatalab.com/calico-controlplane\" = \"true\" })", "[]", "",
	  "optional(object({ size = optional(string, \"50\"), type = optional(string, \"gp3\"), "
	  "iops = optional(number), throughput = optional(number, 500) }), {})" },
};

static char *
ng_type_text(Arena *a, const char *name)
{
	for (size_t i = 0; i < sizeof ng_defaults / sizeof *ng_defaults; i++) {
		const struct NgDefaults *d = &ng_defaults[i];
		if (strcmp(d->name, name) == 0)
			return arena_printf(a, ng_fmt, d->types, d->min, d->max, d->desired, d->unavail_pct,
			    d->unavail, d->strategy, d->labels, d->taints, d->neuron, d->volume);
	}
	return NULL;
}

/* A Domino variable: its type and default, from a variables.tf or built in. */
typedef struct DomVar {
	const char *name;
	TfType *type;
	const Value *dflt;          /* NULL: default null */
	bool nullable;              /* Terraform's default: a null value stays null */
	bool groups;                /* a map of node groups: null is no groups, as {} */
	bool builtin;               /* the type is the built-in copy */
	bool builtin_default;       /* the default value is (a variables.tf without one) */
	const char *from;           /* "module nodes" or the variables.tf name */
} DomVar;

static DomVar
builtin_var(IR *ir, const char *name)
{
	/* modules/nodes declares none of these `nullable = false` */
	DomVar v = { .name = name, .nullable = true, .groups = true, .builtin = true, .from = "module nodes" };
	Arena *a = ir->arena;
	char *type = NULL, *dflt = NULL;
	if (strcmp(name, "default_node_groups") == 0) {
		type = arena_printf(a, "object({ compute = %s, platform = %s, platform_jobs = optional(%s), gpu = %s })",
		    ng_type_text(a, "compute"), ng_type_text(a, "platform"), ng_type_text(a, "platform_jobs"),
		    ng_type_text(a, "gpu"));
		dflt = "{ platform = { availability_zone_ids = [] }, compute = { availability_zone_ids = [] }, "
		    "gpu = { availability_zone_ids = [] } }";
	} else if (strcmp(name, "additional_node_groups") == 0) {
		type = arena_printf(a, "map(%s)", ng_type_text(a, "*additional"));
		dflt = "{}";
	} else if (strcmp(name, "karpenter_node_groups") == 0) {
		type = arena_printf(a, "map(%s)", ng_type_text(a, "*karpenter"));
	} else if (strcmp(name, "karpenter") == 0) {
		v.groups = false;
		/* the cluster stage's variable (modules/eks) */
		type = "object({ enabled = optional(bool, false), delete_instances_on_destroy = optional(bool, false), "
		    "namespace = optional(string, \"karpenter\"), version = optional(string, \"1.9.0\"), "
		    "vm_memory_overhead_percent = optional(string, \"0.075\") })";
		dflt = "{}";
		v.from = "module eks";
	}
	if (!type)
		return v;
	SrcFile *f = src_from_mem(a, v.from, type, strlen(type));
	v.type = tftype_parse(a, f, 0, f->len);
	if (dflt) {
		SrcFile *df = src_from_mem(a, v.from, dflt, strlen(dflt));
		v.dflt = tf_literal_parse(a, df, 0, df->len);
	}
	return v;
}

static DomVar
dom_var(IR *ir, const char *name)
{
	TfDecl *d = find_decl(ir, name);
	if (d && decl_type(ir, d)) {
		d->in->flavour = "variables";
		DomVar v = { .name = name, .type = d->type, .groups = strcmp(name, "karpenter") != 0,
			     .from = d->in->file->name };
		const Value *nullable = v_get(d->body, "nullable");
		v.nullable = !(nullable && nullable->kind == V_BOOL && !nullable->b);
		const Member *dflt = v_member(d->body, "default");
		v.dflt = dflt && !is_null(dflt->val) ? dflt->val : NULL;
		/*
		 * No default at all makes the variable required: Terraform would
		 * stop, karpgen takes the module's own default, placed at the
		 * variable in the tfvars like any built-in default.  `default =
		 * null` is a default like any other: no groups.
		 */
		if (!dflt) {
			DomVar b = builtin_var(ir, name);
			v.dflt = b.dflt;
			v.builtin_default = b.dflt != NULL;
		}
		return v;
	}
	return builtin_var(ir, name);
}

static const char *
dom_defaults_from(const DomVar *dv)
{
	return dv->from;
}

/*
 * Whether a node-group variable takes its default: when the inputs leave it
 * out, or set it to null and it is declared `nullable = false`.  A null
 * value of a nullable variable (Terraform's default since 1.1) stays null.
 * (The cluster stage's `karpenter` object, which the module cannot read as
 * null, keeps its default.)
 */
static bool
dom_takes_default(const DomVar *dv, const Value *v)
{
	return !v || (v->kind == V_NULL && (!dv->nullable || !dv->groups));
}

/* The value of a Domino variable as the module sees it: converted, defaults applied, null groups empty. */
static const Value *
dom_value(TfConv *c, const DomVar *dv, const Value *v)
{
	if (dom_takes_default(dv, v) && dv->dflt)
		return tftype_default(c, dv->type, dv->dflt, dv->name);
	if (is_null(v) && dv->groups)
		return v_new(c->a, V_MAP, v ? &v->loc : NULL);
	return tftype_convert(c, dv->type, v, dv->name);
}

/* The value a Domino variable has: the first input's, KG107 for every later one that differs. */
static const TfDef *
dom_def(IR *ir, const char *name, const DomVar *dv)
{
	TfState *st = state(ir);
	const TfDef *first = NULL;
	for (int i = 0; i < st->defs.n; i++) {
		TfDef *d = &st->defs.v[i];
		if (strcmp(d->name, name) != 0 || strncmp(d->scope, "module.", 7) == 0)
			continue;
		d->used = true;
		if (!first) {
			first = d;
			continue;
		}
		if (d->in == first->in)
			continue;           /* a key twice in one file is the parser's KG108 */
		/* compare as Terraform would see them: converted, defaults applied */
		TfConv c = { .a = ir->arena };
		const Value *a = first->m->val, *b = d->m->val;
		if (dv && dv->type) {
			bool at_key = dv->builtin || dv->builtin_default;
			/* the kept value is converted (and diagnosed) again when its groups are built */
			c.quiet = true;
			c.default_at = at_key ? &first->m->key_loc : NULL;
			a = dom_value(&c, dv, a);
			c.quiet = false;
			c.default_at = at_key ? &d->m->key_loc : NULL;
			b = dom_value(&c, dv, b);
		}
		compare(ir, name, a, &first->m->key_loc, b, &d->m->key_loc, first->in->file, d->in->file, 0);
	}
	return first;
}

static const TfField domino_fields[] = {
	FIELD("instance_types", F_LIST, instance_types),
	FIELD("availability_zone_ids", F_LIST, zones),
	FIELD("min_per_az", F_INT, min_size),
	FIELD("max_per_az", F_INT, max_size),
	FIELD("desired_per_az", F_INT, desired_size),
	FIELD("ami", F_STR, ami_id),
	FIELD("user_data_type", F_STR, user_data_type),
	FIELD("labels", F_KV, labels),
	SETTER("taints", set_taints),
	FIELD("tags", F_KV, tags),
	FIELD("gpu", F_BOOL, gpu),
	FIELD("neuron", F_BOOL, neuron),
	FIELD("single_nodegroup", F_BOOL, single_nodegroup),
	IGNORE("volume"),           /* below: its fields are the root volume */
	IGNORE("spot"),             /* below: the capacity type */
	IGNORE("bootstrap_extra_args"),
	IGNORE("max_unavailable"),
	IGNORE("max_unavailable_percentage"),
	IGNORE("update_strategy"),
};

static void
set_domino_volume(Ctx *c, const Value *vol)
{
	NodeGroup *g = c->g;
	if (!vol || vol->kind != V_MAP)
		return;
	const char *what = arena_printf(c->ir->arena, "%s.volume", c->path);
	g->volume_size = ival_of(c->ir, v_get(vol, "size"), what);
	g->volume_type = sval_of(c->ir, v_get(vol, "type"), what);
	g->volume_iops = ival_of(c->ir, v_get(vol, "iops"), what);
	g->volume_throughput = ival_of(c->ir, v_get(vol, "throughput"), what);
}

/* What modules/nodes adds: the GPU label and taint, the domino-node label, the AMI type, the capacity type. */
static void
domino_module_logic(Ctx *c, const Value *body, bool karpenter)
{
	NodeGroup *g = c->g;
	Arena *a = c->ir->arena;
	const Loc *at = &g->loc;
	bool gpu_types = false, neuron_types = false;
	for (int i = 0; i < g->instance_types.n; i++) {
		const SVal *t = &g->instance_types.v[i];
		const InstanceType *it = t->unknown ? NULL : catalog_find(t->s);
		if (it && (it->gpu_count > 0 || it->accel == ACCEL_NVIDIA))
			gpu_types = true;
		if (it && it->accel == ACCEL_NEURON)
			neuron_types = true;
	}
	g->is_gpu = (g->gpu.set && !g->gpu.unknown && g->gpu.v) || gpu_types;
	g->is_neuron = (g->neuron.set && !g->neuron.unknown && g->neuron.v) || neuron_types;
	const Loc *gpu_why = g->gpu.set && g->gpu.v ? &g->gpu.loc : &g->instance_types.loc;
	const Loc *neuron_why = g->neuron.set && g->neuron.v ? &g->neuron.loc : &g->instance_types.loc;

	/* capacity_type = spot ? "SPOT" : "ON_DEMAND" */
	const Value *spot = v_get(body, "spot");
	BVal sp = bval_of(c->ir, spot, arena_printf(a, "%s.spot", c->path));
	if (sp.unknown)
		g->capacity_type = (SVal){ .loc = sp.loc, .origin = ORIGIN_INPUT, .set = true, .unknown = true, .expr = sp.expr };
	else if (sp.set)
		g->capacity_type = sval_lit(sp.v ? "SPOT" : "ON_DEMAND", &sp.loc, ORIGIN_DERIVED);

	/* ami_type: CUSTOM with an AMI, else the AL2023 variant for the instance types */
	if (g->ami_id.set)
		g->ami_type = sval_lit("CUSTOM", &g->ami_id.loc, ORIGIN_DERIVED);
	else
		g->ami_type = sval_lit(g->is_neuron ? "AL2023_x86_64_NEURON" : g->is_gpu ? "AL2023_x86_64_NVIDIA" :
		    "AL2023_x86_64_STANDARD", g->is_neuron ? neuron_why : g->is_gpu ? gpu_why : at, ORIGIN_DERIVED);
	if (!g->ami_id.set)
		g->user_data_type = (SVal){ 0 };     /* only used with a custom AMI */

	/* labels = merge(gpu ? {"nvidia.com/gpu" = true} : {}, ng.labels, karpenter ? {} : {domino-node = true}) */
	KVList in = g->labels;
	KVList out = { .loc = in.set ? in.loc : *at, .origin = in.set ? in.origin : ORIGIN_DERIVED, .set = true };
	out.v = arena_alloc(a, (size_t)(in.n + 2) * sizeof *out.v);
	if (g->is_gpu) {
		KV kv = { sval_lit("nvidia.com/gpu", gpu_why, ORIGIN_DERIVED), sval_lit("true", gpu_why, ORIGIN_DERIVED) };
		out.v[out.n++] = kv;
	}
	for (int i = 0; i < in.n; i++) {
		int k = 0;
		while (k < out.n && strcmp(out.v[k].key.s, in.v[i].key.s) != 0)
			k++;
		out.v[k] = in.v[i];
		if (k == out.n)
			out.n++;
	}
	if (!karpenter) {
		KV kv = { sval_lit("dominodatalab.com/domino-node", at, ORIGIN_DERIVED),
			  sval_lit("true", at, ORIGIN_DERIVED) };
		int k = 0;
		while (k < out.n && strcmp(out.v[k].key.s, kv.key.s) != 0)
			k++;
		out.v[k] = kv;
		if (k == out.n)
			out.n++;
	}
	if (in.unknown)
		out = in;
	g->labels = out;

	/* taints = gpu ? distinct(concat(gpu_taints, ng.taints)) : ng.taints */
	if (g->is_gpu) {
		Taint gt = { .loc = *gpu_why, .origin = ORIGIN_DERIVED };
		gt.key = sval_lit("nvidia.com/gpu", gpu_why, ORIGIN_DERIVED);
		gt.value = sval_lit("true", gpu_why, ORIGIN_DERIVED);
		gt.effect = sval_lit("NO_SCHEDULE", gpu_why, ORIGIN_DERIVED);
		Taint *v = arena_alloc(a, (size_t)(g->taints.n + 1) * sizeof *v);
		int n = 0;
		v[n++] = gt;
		for (int i = 0; i < g->taints.n; i++) {
			const Taint *t = &g->taints.v[i];
			bool dup = false;
			for (int k = 0; k < n; k++)
				dup |= sval_eq(&v[k].key, &t->key) && sval_eq(&v[k].value, &t->value) &&
				    sval_eq(&v[k].effect, &t->effect);
			if (!dup)
				v[n++] = *t;
		}
		g->taints.v = v;
		g->taints.n = g->taints.cap = n;
	}

	/* the launch template: an encrypted root volume on /dev/xvda, or the custom AMI's root device */
	g->volume_encrypted = (BVal){ .v = true, .loc = *at, .origin = ORIGIN_DERIVED, .set = true };
	if (g->ami_id.set)
		g->root_device = (SVal){ .loc = g->ami_id.loc, .origin = ORIGIN_DERIVED, .set = true, .unknown = true,
			.expr = "data.aws_ami.custom[ami].root_device_name" };
	else
		g->root_device = sval_lit("/dev/xvda", at, ORIGIN_DERIVED);

	g->per_az = !(g->single_nodegroup.set && !g->single_nodegroup.unknown && g->single_nodegroup.v);
	if (g->zones.set && !g->zones.unknown && g->zones.n == 0) {
		Diag *d = diag(KG109, &g->zones.loc, "node group '%s' lists no availability_zone_ids", c->path);
		diag_note(d, NULL, "modules/nodes creates its node groups only in the zones listed; "
		    "list the AZ ids (such as 'usw2-az1') the group should run in");
	}
}

static void
domino_group(IR *ir, const char *var, const DomVar *dv, const Member *m, const TfType *t, const char *scope,
    bool karpenter)
{
	Arena *a = ir->arena;
	const char *path = arena_join(a, var, ".", m->key);
	const Value *raw = follow(ir, m->val);
	if (is_null(raw))
		return;                 /* default_node_groups entries equal to null are filtered out */
	if (raw->kind == V_UNKNOWN) {
		Diag *d = diag(KG109, &raw->loc, "node group '%s' is the expression '%s', which karpgen cannot evaluate offline",
		    path, expr_brief(ir->arena, raw->s));
		diag_note(d, NULL, "write the group as an object literal in the .tfvars");
		return;
	}
	TfConv c = { .a = a, .default_at = dv->builtin ? &m->key_loc : NULL,
		     .schema_name = "the Domino module's node-group object" };
	const Value *eff = t ? ((raw->flags & VF_DEFAULT) ? raw : tftype_convert(&c, t, raw, path)) : raw;
	if (!eff || eff->kind != V_MAP) {
		if (eff && eff->kind != V_MAP)
			diag(KG106, &eff->loc, "'%s' should be an object, not %s", path, v_kind_name(eff->kind));
		return;
	}
	NodeGroup *g = ir_new_group(ir, NGS_DOMINO, var, &m->key_loc);
	g->name = sval_lit(m->key, &m->key_loc, (raw->flags & VF_DEFAULT) ? ORIGIN_DEFAULT : ORIGIN_INPUT);
	g->scope = scope;
	g->defaults_from = dom_defaults_from(dv);
	if (karpenter) {
		g->role = ROLE_KARPENTER_HOME;
		g->role_why = strcmp(var, "system_node_group") == 0 ? "system_node_group" : "karpenter_node_groups";
	}
	Ctx cx = { .ir = ir, .g = g, .path = path };
	apply_fields(&cx, domino_fields, sizeof domino_fields / sizeof *domino_fields, eff, t == NULL);
	set_domino_volume(&cx, v_get(eff, "volume"));
	domino_module_logic(&cx, eff, karpenter);
}

/*
 * The groups of one Domino variable: its value, or its default when absent
 * (or null where declared `nullable = false`).  A null value is no groups:
 * modules/nodes reads the maps through coalesce(var.X, {}) and merge(),
 * which skips null arguments.
 */
static void
domino_var_groups(IR *ir, const char *var, const Value *val, const Loc *where, const char *scope)
{
	const char *decl_name = strcmp(var, "system_node_group") == 0 ? "karpenter_node_groups" : var;
	DomVar dv = dom_var(ir, decl_name);
	bool karpenter = strcmp(decl_name, "karpenter_node_groups") == 0;
	const Value *v = follow(ir, val);
	if (v && v->kind == V_UNKNOWN) {
		Diag *d = diag(KG109, &v->loc, "'%s' is the expression '%s', which karpgen cannot evaluate offline", var,
		    expr_brief(ir->arena, v->s));
		diag_note(d, NULL, "its node groups are not in the IR: write them as an object literal");
		return;
	}
	if (is_null(v)) {
		if (!dom_takes_default(&dv, v) || !dv.dflt)
			return;
		TfConv c = { .a = ir->arena, .default_at = dv.builtin || dv.builtin_default ? where : NULL };
		v = tftype_default(&c, dv.type, dv.dflt, var);
		if (!v)
			return;
	}
	/* older docs: system_node_group = { availability_zone_ids = [...] } is one group */
	if (strcmp(var, "system_node_group") == 0 && v->kind == V_MAP && v_get(v, "availability_zone_ids")) {
		Member m = { .key = "system", .key_loc = *where, .val = (Value *)v };
		Member *mm = arena_alloc(ir->arena, sizeof *mm);
		*mm = m;
		domino_group(ir, var, &dv, mm, dv.type ? dv.type->elem : NULL, scope, true);
		return;
	}
	if (v->kind != V_MAP) {
		diag(KG106, &v->loc, "'%s' should be a map of node groups, not %s", var, v_kind_name(v->kind));
		return;
	}
	const TfType *t = dv.type;
	for (int i = 0; i < v->n; i++) {
		const Member *m = &v->members[i];
		const TfType *et = NULL;
		if (t && t->kind == TY_OBJECT) {
			const TyAttr *at = tftype_attr(t, m->key);
			if (!at) {
				Diag *d = diag(KG110, &m->key_loc, "'%s' is not a group of '%s'", m->key, var);
				diag_note(d, NULL, "the groups of default_node_groups are compute, platform, platform_jobs and gpu; "
				    "put others in additional_node_groups");
				continue;
			}
			et = at->type;
		} else if (t) {
			et = t->elem;
		}
		domino_group(ir, var, &dv, m, et, scope, karpenter);
	}
	/* default_node_groups: a required group missing from the value */
	for (int k = 0; t && t->kind == TY_OBJECT && k < t->nattrs; k++)
		if (!t->attrs[k].optional && !v_member(v, t->attrs[k].name) && !(v->flags & VF_DEFAULT))
			diag(KG106, &v->loc, "'%s' lacks the required group '%s'", var, t->attrs[k].name);
}

/* The module's merge(karpenter, additional, default): a later map's group of the same name wins. */
static int
cmp_group_name(const void *x, const void *y)
{
	const NodeGroup *a = *(NodeGroup *const *)x, *b = *(NodeGroup *const *)y;
	int c = strcmp(a->scope, b->scope);
	if (!c)
		c = strcmp(a->name.s, b->name.s);
	return c;
}

static void
domino_name_clashes(IR *ir, int first)
{
	int n = ir->groups.n - first;
	if (n < 2)
		return;
	/* sorted by name (stable by creation order through the index), so clashes are neighbours */
	NodeGroup **v = arena_alloc(ir->arena, (size_t)n * sizeof *v);
	memcpy(v, ir->groups.v + first, (size_t)n * sizeof *v);
	qsort(v, (size_t)n, sizeof *v, cmp_group_name);
	bool any = false;
	for (int i = 0; i + 1 < n; i++) {
		NodeGroup *a = v[i], *b = v[i + 1];
		if (cmp_group_name(&v[i], &v[i + 1]) != 0)
			continue;
		/* the one created later is the one the module keeps */
		int ia = 0, ib = 0;
		for (int k = first; k < ir->groups.n; k++) {
			if (ir->groups.v[k] == a)
				ia = k;
			if (ir->groups.v[k] == b)
				ib = k;
		}
		NodeGroup *lose = ia < ib ? a : b, *keep = ia < ib ? b : a;
		Diag *d = diag(KG107, &lose->loc, "node group '%s' is in both '%s' and '%s'", lose->name.s,
		    lose->kind, keep->kind);
		diag_note(d, &keep->loc, "the module merges the maps and keeps only the one in '%s'", keep->kind);
		diag_note(d, NULL, "rename one of them");
		lose->kind = NULL;      /* marked for removal */
		v[i + 1] = keep;
		any = true;
	}
	if (!any)
		return;
	int k = first;
	for (int i = first; i < ir->groups.n; i++)
		if (ir->groups.v[i]->kind)
			ir->groups.v[k++] = ir->groups.v[i];
	ir->groups.n = k;
}

static bool
domino_key(const char *k)
{
	static const char *const keys[] = {
		"default_node_groups", "additional_node_groups", "karpenter_node_groups", "system_node_group",
	};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		if (strcmp(k, keys[i]) == 0)
			return true;
	return false;
}

/* Keys only a Domino deployment's tfvars have (with deploy_id, they name the flavour). */
static bool
domino_marker(const char *k)
{
	static const char *const keys[] = {
		"deploy_id", "ssh_pvt_key_path", "bastion", "domino_cur", "storage", "route53_hosted_zone_name",
		"irsa_external_dns", "external_deployments_operator", "enable_private_link",
	};
	if (domino_key(k))
		return true;
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		if (strcmp(k, keys[i]) == 0)
			return true;
	return false;
}

static void
domino_cluster(IR *ir)
{
	TfState *st = state(ir);
	const TfDef *d;
	if ((d = dom_def(ir, "deploy_id", NULL)) != NULL) {
		SVal s = sval_of(ir, follow(ir, d->m->val), "deploy_id");
		ir_set_sval(ir, &ir->cluster.deploy_id, &s, "deploy_id");
		if (s.set) {
			/* the module names the EKS cluster after the deployment */
			SVal n = s;
			n.origin = ORIGIN_DERIVED;
			ir_set_sval(ir, &ir->cluster.name, &n, "cluster name");
		}
	}
	/* region: vars_cluster() reads it from every tfvars, Domino's too (reading it here as well
	 * reported each conflict twice) */
	if ((d = dom_def(ir, "eks", NULL)) != NULL) {
		SVal s = sval_of(ir, get(ir, d->m->val, "k8s_version"), "eks.k8s_version");
		ir_set_sval(ir, &ir->cluster.k8s_version, &s, "eks.k8s_version");
	}
	DomVar kv = dom_var(ir, "karpenter");
	if ((d = dom_def(ir, "karpenter", &kv)) != NULL) {
		TfConv c = { .a = ir->arena, .default_at = kv.builtin || kv.builtin_default ? &d->m->key_loc : NULL };
		const Value *v = follow(ir, d->m->val);
		v = is_null(v) ? tftype_default(&c, kv.type, kv.dflt, "karpenter") :
		    tftype_convert(&c, kv.type, v, "karpenter");
		if (v && v->kind == V_MAP) {
			ir->cluster.karpenter_enabled = bval_of(ir, v_get(v, "enabled"), "karpenter.enabled");
			SVal ver = sval_of(ir, v_get(v, "version"), "karpenter.version");
			ir_set_sval(ir, &ir->cluster.karpenter_version, &ver, "karpenter.version");
			SVal ns = sval_of(ir, v_get(v, "namespace"), "karpenter.namespace");
			ir_set_sval(ir, &ir->cluster.karpenter_namespace, &ns, "karpenter.namespace");
		}
	}
	(void)st;
}

/*
 * Every node-group variable null or empty (the last step of the Karpenter
 * migration guide sets default and additional to null, and a deployment
 * without karpenter_node_groups has none): say so once, at the first of
 * them, rather than read nothing silently.
 */
static void
domino_no_groups(IR *ir)
{
	TfState *st = state(ir);
	Diag *d = NULL;
	for (int i = 0; i < st->defs.n; i++) {
		const TfDef *def = &st->defs.v[i];
		if (*def->scope || !domino_key(def->name))
			continue;
		const Value *v = follow(ir, def->m->val);
		if (!d)
			d = diag(KG105, &def->m->key_loc, "the Domino node-group variables define no node group");
		diag_note(d, v && v->loc.file ? &v->loc : &def->m->key_loc, "'%s' is %s here", def->name,
		    is_null(v) ? "null" : "empty");
	}
	if (d)
		diag_note(d, NULL, "a null node-group variable is no groups of that kind: modules/nodes reads "
		    "coalesce(var.default_node_groups, {}), and merge() skips a null map");
}

/* The node groups a Domino deployment creates, from its tfvars (and variables.tf). */
static void
domino_from_vars(IR *ir)
{
	TfState *st = state(ir);
	bool domino = false;
	const Input *first = NULL;
	for (int i = 0; i < st->defs.n; i++)
		if (!*st->defs.v[i].scope && domino_marker(st->defs.v[i].name)) {
			domino = true;
			if (!first)
				first = st->defs.v[i].in;
		}
	if (!domino)
		return;
	ir->domino = true;
	for (int i = 0; i < st->defs.n; i++)
		if (!*st->defs.v[i].scope && st->defs.v[i].in->dialect == D_HCL_TFVARS)
			st->defs.v[i].in->flavour = "domino";
	domino_cluster(ir);
	/* merge(karpenter, additional, default): the same order, so that clashes resolve as the module does */
	static const char *const order[] = {
		"karpenter_node_groups", "system_node_group", "additional_node_groups", "default_node_groups",
	};
	int start = ir->groups.n;
	for (size_t k = 0; k < sizeof order / sizeof *order; k++) {
		const char *decl = strcmp(order[k], "system_node_group") == 0 ? "karpenter_node_groups" : order[k];
		DomVar dv = dom_var(ir, decl);
		const TfDef *d = dom_def(ir, order[k], &dv);
		if (!d && strcmp(order[k], "system_node_group") == 0)
			continue;
		if (!d && strcmp(order[k], "karpenter_node_groups") == 0 && find_var(st, "system_node_group"))
			continue;
		Loc where = { .file = first->file, .line = 1, .col = 1 };
		domino_var_groups(ir, order[k], d ? d->m->val : NULL, d ? &d->m->key_loc : &where, "");
	}
	domino_name_clashes(ir, start);
	if (ir->groups.n == start)
		domino_no_groups(ir);
}

/* module "domino_eks" { default_node_groups = {...} } (v2.0.0 examples pass the variables as arguments) */
static bool
domino_module_call(IR *ir, Input *in, const char *label, const Value *body)
{
	bool any = false;
	for (int i = 0; i < body->n; i++)
		any |= domino_key(body->members[i].key);
	if (!any)
		return false;
	ir->domino = true;
	in->flavour = "domino";
	const char *scope = arena_printf(ir->arena, "module.%s", label);
	int start = ir->groups.n;
	static const char *const order[] = {
		"karpenter_node_groups", "system_node_group", "additional_node_groups", "default_node_groups",
	};
	for (size_t k = 0; k < sizeof order / sizeof *order; k++) {
		const Member *m = v_member(body, order[k]);
		if (m)
			domino_var_groups(ir, order[k], m->val, &m->key_loc, scope);
	}
	domino_name_clashes(ir, start);
	const Value *dep = get(ir, body, "deploy_id");
	if (dep) {
		SVal s = sval_of(ir, dep, "deploy_id");
		ir_set_sval(ir, &ir->cluster.deploy_id, &s, "deploy_id");
	}
	const Value *reg = get(ir, body, "region");
	if (reg) {
		SVal s = sval_of(ir, reg, "region");
		ir_set_sval(ir, &ir->cluster.region, &s, "region");
	}
	return true;
}

/* ------------------------------------------------------------ .tf inputs */

static void
module_call(IR *ir, Input *in, const char *label, const Value *body, void *arg)
{
	(void)arg;
	if (domino_module_call(ir, in, label, body))
		return;
	if (eks_submodule_call(ir, in, label, body))
		return;
	eks_module_call(ir, in, label, body);
}

/* ------------------------------------------- manifests in kubectl_manifest */

/*
 * resource "kubectl_manifest" "x" { yaml_body = <<-YAML ... YAML }: the
 * Kubernetes objects a configuration applies (the Karpenter examples of
 * terraform-aws-modules/eks and the Karpenter blueprints do it so).  The
 * heredocs' lines are read as YAML where they stand: every other line of the
 * .tf is blanked and the line that closes each heredoc becomes "---", so
 * every value keeps its line and column in the .tf, and one copy of the file
 * serves all of its heredocs.  Each ${...} is first replaced by "${___}" of
 * as many characters (an interpolation may hold ": " or quotes, which would
 * break the YAML), and a scalar that held one becomes V_UNKNOWN with the
 * .tf's text: Terraform renders it, karpgen cannot, and nothing is checked
 * against it.
 */
typedef struct Heredoc {
	int first, last;          /* the content's lines, 1-based */
} Heredoc;

typedef struct Manifests {
	VEC(Heredoc) docs;
} Manifests;

/* Names that say a manifest karpgen cannot read is probably Karpenter's: worth a note. */
static bool
karpenter_like(const char *s)
{
	static const char *const words[] = { "karpenter", "nodepool", "node_pool", "provisioner", "nodeclass",
		"node_class", "node_template", "nodetemplate" };
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (strcasestr(s, words[i]))
			return true;
	return false;
}

/*
 * Where ${ at t[i] ends (just past its '}'), braces nesting and quoted
 * strings skipped; 0 when it does not end before `to`.
 */
static size_t
interpolation_end(const char *t, size_t i, size_t to)
{
	int depth = 1;
	bool quoted = false;
	for (size_t j = i + 2; j < to; j++) {
		if (quoted && t[j] == '\\')
			j++;
		else if (t[j] == '"')
			quoted = !quoted;
		else if (!quoted && t[j] == '{')
			depth++;
		else if (!quoted && t[j] == '}' && --depth == 0)
			return j + 1;
	}
	return 0;
}

/* A %{ } directive (not %%{) or an unclosed ${ in t[from, to): not YAML karpgen can know. */
static bool
heredoc_unknowable(const char *t, size_t from, size_t to)
{
	for (size_t i = from; i + 1 < to; i++) {
		if ((t[i] == '$' || t[i] == '%') && t[i + 1] == t[i]) {
			i++;
			continue;
		}
		if (t[i] == '%' && t[i + 1] == '{')
			return true;
		if (t[i] == '$' && t[i + 1] == '{') {
			size_t e = interpolation_end(t, i, to);
			if (!e)
				return true;
			i = e - 1;
		}
	}
	return false;
}

static void
manifest_resource(IR *ir, Input *in, const char *labels, const Value *body, void *arg)
{
	Manifests *acc = arg;
	const SrcFile *f = in->file;
	if (strncmp(labels, "kubectl_manifest.", 17) != 0)
		return;
	const Value *y = v_get(body, "yaml_body");
	if (!y)
		return;
	const Value *fe = v_get(body, "for_each") ? v_get(body, "for_each") : v_get(body, "count");
	/* a heredoc by its source: the Value of a template holds its rendering */
	size_t n;
	const char *line = src_line(f, y->loc.line, &n);
	bool heredoc = line && y->loc.col >= 1 && (size_t)y->loc.col + 1 <= n &&
	    strncmp(line + y->loc.col - 1, "<<", 2) == 0 && y->loc.end_line > y->loc.line + 1 &&
	    y->loc.end_line <= f->nlines;
	const char *why = fe ? "one per for_each or count item" : !heredoc ? "an expression" : NULL;
	if (!why) {
		size_t from = f->line_off[y->loc.line], to = f->line_off[y->loc.end_line - 1];
		if (heredoc_unknowable(f->text, from, to))
			why = "a template with directives";
	}
	if (why) {
		if (y->kind != V_STR && (karpenter_like(labels) || (y->s && karpenter_like(y->s)))) {
			Diag *d = diag(KG109, fe ? &fe->loc : &y->loc, "the manifest of '%s' is %s, which karpgen "
			    "cannot read offline", labels, why);
			diag_note(d, NULL, "give the rendered manifests as inputs");
		}
		return;
	}
	Heredoc h = { y->loc.line + 1, y->loc.end_line - 1 };
	VEC_PUSH(ir->arena, acc->docs, h);
}

static int
cmp_heredoc(const void *pa, const void *pb)
{
	const Heredoc *a = pa, *b = pb;
	return (a->first > b->first) - (a->first < b->first);
}

/*
 * The .tf text with only the heredocs' lines kept, their interpolations
 * hidden, and "---" on the line after each: one YAML stream, positions as in
 * the .tf.
 */
static char *
heredoc_stream(IR *ir, const SrcFile *f, const Heredoc *h, int nh, size_t *len)
{
	char *out = arena_alloc(ir->arena, f->len + 1);
	const char *t = f->text;
	size_t n = 0, i = 0;
	for (int k = 0; k < nh; k++) {
		size_t from = f->line_off[h[k].first - 1];
		size_t to = h[k].last < f->nlines ? f->line_off[h[k].last] : f->len;
		if (from < i)
			continue;   /* overlapping: not two heredocs */
		for (; i < from; i++)
			out[n++] = t[i] == '\n' ? '\n' : ' ';
		while (i < to) {
			if (t[i] == '$' && i + 1 < to && t[i + 1] == '$') {
				out[n++] = t[i++];
				out[n++] = t[i++];
				continue;
			}
			if (t[i] != '$' || i + 1 >= to || t[i + 1] != '{') {
				out[n++] = t[i++];
				continue;
			}
			size_t e = interpolation_end(t, i, to);
			out[n++] = '$';
			out[n++] = '{';
			for (size_t j = i + 2; j + 1 < e; j++)
				if (t[j] == '\n')
					out[n++] = '\n';
				else if (((unsigned char)t[j] & 0xC0) != 0x80)  /* one per character: columns stay */
					out[n++] = '_';
			out[n++] = '}';
			i = e;
		}
		/* the closing marker's line separates this document from the next */
		if (i < f->len) {
			out[n++] = '-';
			out[n++] = '-';
			out[n++] = '-';
			while (i < f->len && t[i] != '\n')
				i++;
		}
	}
	for (; i < f->len; i++)
		out[n++] = t[i] == '\n' ? '\n' : ' ';
	out[n] = '\0';
	*len = n;
	return out;
}

/* Locations into the .tf itself; scalars that held an interpolation are unknown. */
static void
heredoc_values(IR *ir, const SrcFile *f, Value *v, int depth)
{
	if (!v || depth > LIMIT_DEPTH)
		return;
	v->loc.file = f;
	if (v->kind == V_STR && v->s && memmem(v->s, v->len, "${_", 3)) {
		v->kind = V_UNKNOWN;
		v->flags |= VF_TEMPLATE;
		/* the .tf's text, when the scalar is on one line */
		size_t n;
		const char *line = src_line(f, v->loc.line, &n);
		if (v->loc.end_line == v->loc.line) {
			size_t b = src_col_offset(line, n, v->loc.col), e = src_col_offset(line, n, v->loc.end_col);
			if (e > b) {
				v->s = arena_strndup(ir->arena, line + b, e - b);
				v->len = e - b;
			}
		}
		return;
	}
	if (v->kind == V_LIST)
		for (int i = 0; i < v->n; i++)
			heredoc_values(ir, f, v->items[i], depth + 1);
	if (v->kind == V_MAP)
		for (int i = 0; i < v->n; i++) {
			v->members[i].key_loc.file = f;
			heredoc_values(ir, f, v->members[i].val, depth + 1);
		}
}

/* The objects of every kubectl_manifest heredoc of a .tf, as one file of manifests (load_k8s_docs). */
static void
tf_manifests(IR *ir, Input *in)
{
	Manifests acc = { 0 };
	each_block(ir, in, "resource", manifest_resource, &acc);
	if (!acc.docs.n)
		return;
	qsort(acc.docs.v, (size_t)acc.docs.n, sizeof *acc.docs.v, cmp_heredoc);
	size_t len;
	char *text = heredoc_stream(ir, in->file, acc.docs.v, acc.docs.n, &len);
	SrcFile *yf = src_from_mem(ir->arena, in->file->name, text, len);
	Value **docs = NULL;
	yaml_load(ir->arena, yf, &docs);
	Input objs = { .file = in->file, .dialect = D_K8S_YAML, .syntax = "yaml", .docs = docs };
	for (int k = 0; docs && docs[k]; k++) {
		heredoc_values(ir, in->file, docs[k], 0);
		objs.ndocs++;
	}
	load_k8s_docs(ir, &objs);
}

/* locals { eks_managed_node_groups = {...} } not passed to any module in the inputs */
static void
locals_groups(IR *ir)
{
	TfState *st = state(ir);
	for (int i = 0; i < st->locals.n; i++) {
		TfLocal *l = &st->locals.v[i];
		const Collection *col = collection_for(l->m->key);
		if (l->used || !col)
			continue;
		EksDefaults d = { .from = "terraform-aws-modules/eks" };
		int before = ir->groups.n;
		eks_collection(ir, col, l->m, NULL, "locals", &d);
		if (ir->groups.n > before)
			l->in->flavour = "locals";
	}
}

/* tfvars whose node-group variables no module in the inputs consumed: the groups themselves */
static void
vars_groups(IR *ir)
{
	TfState *st = state(ir);
	for (int i = 0; i < st->defs.n; i++) {
		TfDef *d = &st->defs.v[i];
		const Collection *col = collection_for(d->name);
		if (d->used || !col || strncmp(d->scope, "module.", 7) == 0)
			continue;
		d->used = true;
		EksDefaults ed = { .from = col->source == NGS_BLUEPRINTS_V4 ? "eks-blueprints v4" : "terraform-aws-modules/eks" };
		const TfDef *dflt = col->defaults_key ? find_var(st, col->defaults_key) : NULL;
		eks_collection(ir, col, d->m, dflt ? follow(ir, dflt->m->val) : NULL, *d->scope ? d->scope : "", &ed);
		if (!d->in->flavour)
			d->in->flavour = ed.from;
	}
}

/*
 * cloudposse/eks-node-group: the module is one node group, its variables
 * flat in the tfvars (instance_types, kubernetes_labels, desired_size ...).
 */
static void
cloudposse_group(IR *ir, Input *in)
{
	const Value *r = in->root;
	if (!v_get(r, "instance_types") || !(v_get(r, "desired_size") || v_get(r, "min_size")) ||
	    !(v_get(r, "kubernetes_labels") || v_get(r, "kubernetes_taints") || v_get(r, "ami_release_version")))
		return;
	static const TfField cp_fields[] = {
		FIELD("instance_types", F_LIST, instance_types),
		FIELD("desired_size", F_INT, desired_size),
		FIELD("min_size", F_INT, min_size),
		FIELD("max_size", F_INT, max_size),
		FIELD("ami_type", F_STR, ami_type),
		FIELD("capacity_type", F_STR, capacity_type),
		FIELD("kubernetes_labels", F_KV, labels),
		SETTER("kubernetes_taints", set_taints),
		FIELD("availability_zones", F_LIST, zones),
		FIELD("subnet_ids", F_LIST, subnet_ids),
		FIELD("disk_size", F_INT, volume_size),
		SETTER("block_device_mappings", set_bdm),
	};
	const Value *nm = v_get(r, "name");
	const char *name = nm && nm->kind == V_STR ? nm->s : "node-group";
	NodeGroup *g = ir_new_group(ir, NGS_TF_EKS_MODULE, "cloudposse/eks-node-group", nm ? &nm->loc : &r->loc);
	g->name = sval_lit(name, nm ? &nm->loc : &r->loc, ORIGIN_INPUT);
	g->defaults_from = "cloudposse/eks-node-group";
	Ctx c = { .ir = ir, .g = g, .path = name };
	apply_fields(&c, cp_fields, sizeof cp_fields / sizeof *cp_fields, r, false);
	in->flavour = "cloudposse/eks-node-group";
	for (int i = 0; i < state(ir)->defs.n; i++)
		if (state(ir)->defs.v[i].in == in)
			state(ir)->defs.v[i].used = true;
}

/* Cluster identity any tfvars may give under the common names. */
static void
vars_cluster(IR *ir)
{
	static const struct { const char *key; size_t off; const char *what; } keys[] = {
		{ "region", offsetof(Cluster, region), "region" },
		{ "aws_region", offsetof(Cluster, region), "region" },
		{ "cluster_name", offsetof(Cluster, name), "cluster name" },
		{ "cluster_version", offsetof(Cluster, k8s_version), "Kubernetes version" },
		{ "kubernetes_version", offsetof(Cluster, k8s_version), "Kubernetes version" },
		{ "eks_cluster_version", offsetof(Cluster, k8s_version), "Kubernetes version" },
	};
	TfState *st = state(ir);
	for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
		for (int i = 0; i < st->defs.n; i++) {
			const TfDef *d = &st->defs.v[i];
			if (strcmp(d->name, keys[k].key) != 0 || strncmp(d->scope, "module.", 7) == 0 || d->in->flavour == NULL)
				continue;
			SVal s = sval_of(ir, follow(ir, d->m->val), keys[k].key);
			ir_set_sval(ir, (SVal *)(void *)((char *)&ir->cluster + keys[k].off), &s, keys[k].what);
		}
}

static const char tfvars_expected[] =
    "expected the variables of the Domino EKS module (deploy_id, default_node_groups, additional_node_groups, "
    "karpenter_node_groups), of terraform-aws-modules/eks (eks_managed_node_groups, self_managed_node_groups, "
    "node_groups) or of EKS Blueprints v4 (managed_node_groups)";

void
load_hcl_finish(IR *ir)
{
	if (!ir->tf)
		return;
	TfState *st = state(ir);
	for (int i = 0; i < st->configs.n; i++) {
		Input *in = st->configs.v[i];
		each_block(ir, in, "module", module_call, NULL);
		each_block(ir, in, "resource", eks_resource, NULL);
		tf_manifests(ir, in);
	}
	/* terragrunt inputs hold the EKS module's arguments */
	for (int i = 0; i < st->configs.n; i++) {
		Input *in = st->configs.v[i];
		const Value *inputs = v_get(in->root, "inputs");
		if (inputs && inputs->kind == V_MAP && !(inputs->flags & VF_BLOCK))
			eks_module_call(ir, in, "inputs", inputs);
	}
	for (int i = 0; i < st->defs.n; i++)
		if (strcmp(st->defs.v[i].scope, "inputs") == 0 && collection_for(st->defs.v[i].name))
			st->defs.v[i].used = true;
	locals_groups(ir);
	domino_from_vars(ir);
	vars_groups(ir);
	for (int i = 0; i < st->varfiles.n; i++)
		if (!st->varfiles.v[i]->flavour)
			cloudposse_group(ir, st->varfiles.v[i]);
	vars_cluster(ir);

	/* a tfvars none of whose variables karpgen knows, and that no .tf input uses */
	for (int i = 0; i < st->varfiles.n; i++) {
		Input *in = st->varfiles.v[i];
		bool used = in->flavour != NULL || in->refused;
		for (int k = 0; k < st->defs.n && !used; k++)
			used = st->defs.v[k].in == in && st->defs.v[k].used;
		if (used) {
			if (!in->flavour)
				in->flavour = "variables of a module in the inputs";
			continue;
		}
		Loc l = in->root && in->root->n ? in->root->members[0].key_loc : (Loc){ .file = in->file, .line = 1, .col = 1 };
		Diag *d = diag(KG104, &l, "'%s' sets no variable of a module karpgen knows", in->file->name);
		diag_note(d, NULL, "%s, or a .tf input that uses its variables", tfvars_expected);
		in->dialect = D_UNKNOWN;
	}
}
