/*
 * check_overlay.c - NodeOverlay (karpenter.sh/v1alpha1, Karpenter 1.9 on)
 * across the documents of a run (KG310; KG313 for a malformed capacity,
 * which the CRD accepts): an overlay changes the price or
 * capacity Karpenter assumes for the instance types its requirements
 * select, so one that selects nothing any NodePool can launch, or whose
 * adjustment cannot mean what was meant, is silently without effect.  The
 * schema and CEL rules of the CRD are checked per document by the validator
 * (schema.c, cel.c); this file only reads documents that passed them.
 */
#include "karpgen.h"

#include <string.h>

/* A requirement of a NodePool or NodeOverlay: key, operator, values. */
typedef struct Req {
	const char *key, *op;
	const Value *values;   /* a list, or NULL */
} Req;

static bool
has_value(const Value *list, const char *s)
{
	for (int i = 0; list && list->kind == V_LIST && i < list->n; i++)
		if (list->items[i]->kind == V_STR && strcmp(list->items[i]->s, s) == 0)
			return true;
	return false;
}

/* Is every value of `a` in `b`? */
static bool
all_in(const Value *a, const Value *b)
{
	for (int i = 0; a && a->kind == V_LIST && i < a->n; i++)
		if (a->items[i]->kind != V_STR || !has_value(b, a->items[i]->s))
			return false;
	return true;
}

/* Does some value of `a` lie in `b`? */
static bool
any_in(const Value *a, const Value *b)
{
	for (int i = 0; a && a->kind == V_LIST && i < a->n; i++)
		if (a->items[i]->kind == V_STR && has_value(b, a->items[i]->s))
			return true;
	return false;
}

static bool
req_read(const Value *r, Req *out)
{
	const Value *k = cel_field(r, "key"), *op = cel_field(r, "operator");
	if (!k || k->kind != V_STR || !op || op->kind != V_STR)
		return false;
	out->key = k->s;
	out->op = op->s;
	out->values = cel_field(r, "values");
	return true;
}

/*
 * Can a node satisfy both the pool's requirement `p` and the overlay's `o`
 * on the same key?  Set operators are decided exactly; numeric bounds
 * (Gt, Lt, Gte, Lte) are taken as compatible, an overlay is then not
 * reported.
 */
static bool
compatible(const Req *p, const Req *o)
{
	bool p_in = strcmp(p->op, "In") == 0, o_in = strcmp(o->op, "In") == 0;
	bool p_notin = strcmp(p->op, "NotIn") == 0, o_notin = strcmp(o->op, "NotIn") == 0;
	bool p_none = strcmp(p->op, "DoesNotExist") == 0, o_none = strcmp(o->op, "DoesNotExist") == 0;
	if (p_none || o_none)
		return p_none == o_none || p_notin || o_notin;
	if (p_in && o_in)
		return any_in(o->values, p->values);
	if (p_in && o_notin)
		return !all_in(p->values, o->values);
	if (p_notin && o_in)
		return !all_in(o->values, p->values);
	return true;
}

/* Does NodePool `pool` (v1) launch nodes the overlay's requirements select? */
static bool
pool_matches(const Value *pool, const Value *oreqs)
{
	const Value *tmpl = cel_field(cel_field(pool, "spec"), "template");
	const Value *preqs = cel_field(cel_field(tmpl, "spec"), "requirements");
	const Value *labels = cel_field(cel_field(tmpl, "metadata"), "labels");
	for (int i = 0; oreqs && oreqs->kind == V_LIST && i < oreqs->n; i++) {
		Req o;
		if (!req_read(oreqs->items[i], &o))
			continue;
		/* a label of the template is a requirement `key In [value]` */
		const Value *lv = cel_field(labels, o.key);
		if (lv && lv->kind == V_STR) {
			Value one = { .kind = V_LIST, .n = 1, .items = (Value *[]){ (Value *)lv } };
			Req l = { o.key, "In", &one };
			if (!compatible(&l, &o))
				return false;
		}
		for (int k = 0; preqs && preqs->kind == V_LIST && k < preqs->n; k++) {
			Req p;
			if (req_read(preqs->items[k], &p) && strcmp(p.key, o.key) == 0 && !compatible(&p, &o))
				return false;
		}
	}
	return true;
}

static const char *
name_of(const Value *doc)
{
	const Value *n = cel_field(cel_field(doc, "metadata"), "name");
	return n && n->kind == V_STR ? n->s : "(unnamed)";
}

/* The adjustments: at least one, capacity names valid resource names with non-negative amounts. */
static void
check_adjustments(const Value *doc)
{
	const Value *spec = cel_field(doc, "spec");
	const Value *cap = cel_field(spec, "capacity");
	if (!cel_field(spec, "price") && !cel_field(spec, "priceAdjustment") && !cap) {
		Diag *d = diag(KG310, &doc->loc, "NodeOverlay '%s' changes nothing: it sets no "
		    "price, priceAdjustment or capacity", name_of(doc));
		diag_note(d, NULL, "set 'priceAdjustment' (such as '-10%%'), 'price' or 'capacity', or remove the "
		    "overlay");
	}
	for (int i = 0; cap && cap->kind == V_MAP && i < cap->n; i++) {
		const Member *m = &cap->members[i];
		if (!k8s_qualified_name(m->key, strlen(m->key))) {
			Diag *d = diag(KG313, &m->key_loc, "spec.capacity[%s]: '%s' is not a valid "
			    "resource name", m->key, m->key);
			diag_note(d, NULL, "the CRD accepts any key, but a node's extended resource is named like a "
			    "label key: 'example.com/device'");
		}
		if (m->val->kind == V_STR && m->val->s[0] == '-') {
			Diag *d = diag(KG313, &m->val->loc, "spec.capacity[%s]: negative capacity '%s'",
			    m->key, m->val->s);
			diag_note(d, NULL, "the CRD's quantity pattern takes a sign, but a node cannot offer less than "
			    "nothing: give the amount each node has");
		}
	}
}

void
check_overlays(const Value *const *overlays, int no, const Value *const *pools, int np)
{
	for (int i = 0; i < no; i++) {
		const Value *doc = overlays[i];
		check_adjustments(doc);
		if (!np)
			continue;  /* no NodePool among the inputs: nothing to match against */
		const Value *reqs = cel_field(cel_field(doc, "spec"), "requirements");
		bool any = false;
		for (int k = 0; k < np && !any; k++)
			any = pool_matches(pools[k], reqs);
		if (any)
			continue;
		const Value *at = reqs ? reqs : doc;
		Diag *d = diag(KG310, &at->loc, "NodeOverlay '%s' selects no node of the NodePools "
		    "in the inputs", name_of(doc));
		diag_note(d, NULL, "its requirements contradict every NodePool's requirements or labels, so its "
		    "adjustment never applies");
		diag_note(d, NULL, "widen the overlay's requirements, or give the NodePool it is meant for with it");
	}
}
