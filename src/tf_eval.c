/*
 * tf_eval.c - the Terraform evaluator the Terraform front-ends share: the
 * variables, declarations and locals collected from every HCL input
 * (TfState), the blocks of a type (tf_each_block), `var.NAME` and
 * `local.NAME` followed to a value some input writes (tf_follow), values
 * compared as Terraform would see them after conversion (tf_compare, KG107),
 * envsubst placeholders (KG111), and the taints setter of the node-group
 * key tables.
 *
 * Nothing that is not a literal is guessed: an expression stays unknown,
 * with its text and place.
 */
#include "karpgen.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ state */

TfState *
tf_state(IR *ir)
{
	if (!ir->tf)
		ir->tf = arena_alloc(ir->arena, sizeof *ir->tf);
	return ir->tf;
}


/* ----------------------------------------------------------- HCL shapes */


static void
walk_labels(IR *ir, Input *in, const Value *v, int depth, const char *labels, TfBlockFn fn, void *arg)
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

void
tf_each_block(IR *ir, Input *in, const char *type, TfBlockFn fn, void *arg)
{
	const Value *root = in->root;
	for (int i = 0; root && i < root->n; i++)
		if (strcmp(root->members[i].key, type) == 0 && root->members[i].val &&
		    (root->members[i].val->kind == V_LIST || root->members[i].val->kind == V_MAP))
			walk_labels(ir, in, root->members[i].val, 0, "", fn, arg);
}


static bool
is_template_placeholder(const Value *v)
{
	return v && v->kind == V_UNKNOWN && tf_placeholder(v->s);
}

void
tf_check_placeholders(Arena *arena, const Value *v, int depth)
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
		tf_check_placeholders(arena, v->items[i], depth + 1);
	for (int i = 0; v->kind == V_MAP && i < v->n; i++)
		tf_check_placeholders(arena, v->members[i].val, depth + 1);
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
TfDef *
tf_find_var(TfState *st, const char *name)
{
	TfDef *d = find_def(st, name, "");
	return d ? d : find_def(st, name, "inputs");
}

TfDecl *
tf_find_decl(IR *ir, const char *name)
{
	TfState *st = tf_state(ir);
	for (int i = 0; i < st->decls.n; i++)
		if (strcmp(st->decls.v[i].name, name) == 0)
			return &st->decls.v[i];
	return NULL;
}

TfType *
tf_decl_type(IR *ir, TfDecl *d)
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
const Value *
tf_follow(IR *ir, const Value *v)
{
	TfState *st = tf_state(ir);
	char name[128];
	for (int hops = 0; v && v->kind == V_UNKNOWN && !(v->flags & VF_TEMPLATE) && v->s && hops < 16; hops++) {
		if (ref_name(v->s, "var.", name, sizeof name)) {
			TfDef *d = tf_find_var(st, name);
			TfDecl *decl = tf_find_decl(ir, name);
			if (decl && !decl->in->flavour)
				decl->in->flavour = "variables";
			if (d) {
				d->used = true;
				v = d->m->val;
				continue;
			}
			TfDecl *dc = tf_find_decl(ir, name);
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

const Value *
tf_get(IR *ir, const Value *body, const char *key)
{
	return tf_follow(ir, v_get(body, key));
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

bool
tf_is_null(const Value *v)
{
	return !v || v->kind == V_NULL;
}

/*
 * Report where `b` (from a later input) differs from `a` (the value kept),
 * down to the innermost key that differs: "default_node_groups.compute.
 * instance_types", not the whole variable.
 */
void
tf_compare(IR *ir, const char *path, const Value *a, const Loc *aloc, const Value *b, const Loc *bloc,
    const SrcFile *afile, const SrcFile *bfile, int depth)
{
	if (same_value(a, b, 0))
		return;
	if (a && b && a->kind == V_MAP && b->kind == V_MAP && depth < LIMIT_DEPTH) {
		for (int i = 0; i < b->n; i++) {
			const Member *mb = &b->members[i];
			const Member *ma = v_member(a, mb->key);
			const char *sub = arena_join(ir->arena, path, ".", mb->key);
			if (!ma && !tf_is_null(mb->val)) {
				Diag *d = diag(KG107, &mb->key_loc, "'%s' is set in '%s' but not in '%s'", sub,
				    bfile->name, afile->name);
				diag_note(d, aloc, "'%s' is set here without it", path);
				diag_note(d, NULL, "the inputs must agree: set the same value in both");
			} else if (ma) {
				tf_compare(ir, sub, ma->val, &ma->key_loc, mb->val, &mb->key_loc, afile, bfile, depth + 1);
			}
		}
		for (int i = 0; i < a->n; i++) {
			const Member *ma = &a->members[i];
			if (v_member(b, ma->key) || tf_is_null(ma->val))
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


static const char *
what_of(LoadCtx *c, const FieldDef *f)
{
	return arena_join(c->ir->arena, c->path, ".", f->key);
}

/* taints as a list of {key, value, effect} or a map of name -> {key, value, effect} */
static void
add_taint(LoadCtx *c, NodeGroup *g, const Value *t, const char *what)
{
	t = tf_follow(c->ir, t);
	if (!t || t->kind == V_NULL)
		return;
	Taint x = { .loc = t->loc, .origin = (t->flags & VF_DEFAULT) ? ORIGIN_DEFAULT : ORIGIN_INPUT };
	if (t->kind != V_MAP) {
		x.key = sval_of(c->ir, t, what);
		if (t->kind == V_UNKNOWN)
			VEC_PUSH(c->ir->arena, g->taints, x);
		return;
	}
	x.key = sval_of(c->ir, tf_get(c->ir, t, "key"), what);
	x.value = sval_of(c->ir, tf_get(c->ir, t, "value"), what);
	x.effect = sval_of(c->ir, tf_get(c->ir, t, "effect"), what);
	VEC_PUSH(c->ir->arena, g->taints, x);
}

void
tf_set_taints(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	NodeGroup *g = obj;
	const char *what = what_of(c, f);
	g->taints.n = 0;
	if (!v || v->kind == V_NULL)
		return;
	if (v->kind == V_UNKNOWN) {
		Taint x = { .loc = v->loc, .origin = ORIGIN_INPUT };
		x.key = sval_of(c->ir, v, what);
		VEC_PUSH(c->ir->arena, g->taints, x);
		return;
	}
	if (v->kind == V_LIST) {
		for (int i = 0; i < v->n; i++)
			add_taint(c, g, v->items[i], what);
	} else if (v->kind == V_MAP) {
		for (int i = 0; i < v->n; i++)
			add_taint(c, g, v->members[i].val, what);
	} else {
		diag(KG106, &v->loc, "'%s' should be a list or map of taints, not %s", what, v_kind_name(v->kind));
	}
}
