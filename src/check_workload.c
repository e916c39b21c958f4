/*
 * check_workload.c - the workloads given with the inputs (KG241, KG243: a check function each).
 *
 * A Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob or Pod
 * whose pods select one node group: by the group's name label
 * (eks.amazonaws.com/nodegroup on managed groups, alpha.eksctl.io/
 * nodegroup-name on eksctl's) or by a label that only that group has.  The
 * name labels are not on the nodes Karpenter launches, so such pods stay
 * pending once the group is scaled down (KG241, unless the group runs
 * Karpenter and is kept: KG243); a label only one group has ties the pods
 * to the NodePool that replaces it, which carries the label (KG243).  Selection is read from the pod
 * template's nodeSelector and its required node affinity (one term, "In"
 * with one value); preferred affinity does not pin anything.
 */
#include "karpgen.h"

#include <string.h>

static const struct {
	const char *kind, *pod_spec;
} workloads[] = {
	{ "Deployment", "spec.template.spec" }, { "StatefulSet", "spec.template.spec" },
	{ "DaemonSet", "spec.template.spec" }, { "ReplicaSet", "spec.template.spec" },
	{ "Job", "spec.template.spec" }, { "CronJob", "spec.jobTemplate.spec.template.spec" },
	{ "Pod", "spec" },
};

static const char *const name_labels[] = { "eks.amazonaws.com/nodegroup", "alpha.eksctl.io/nodegroup-name" };

typedef struct Sel {
	const char *key, *value;
	const Loc *loc;
} Sel;

typedef VEC(Sel) Sels;

static const char *
str_of(const Value *v)
{
	return v && v->kind == V_STR ? v->s : NULL;
}

/* The label selections of a pod spec: nodeSelector and the one required affinity term's "In x". */
static void
selections(Arena *a, const Value *spec, Sels *out)
{
	const Value *ns = v_get(spec, "nodeSelector");
	for (int i = 0; ns && ns->kind == V_MAP && i < ns->n; i++)
		if (str_of(ns->members[i].val))
			VEC_PUSH(a, *out, ((Sel){ ns->members[i].key, ns->members[i].val->s, &ns->members[i].val->loc }));
	const Value *terms = v_path(spec, "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
	    "nodeSelectorTerms");
	if (!terms || terms->kind != V_LIST || terms->n != 1)
		return;     /* terms are ORed: two of them pin nothing */
	const Value *exprs = v_get(terms->items[0], "matchExpressions");
	for (int i = 0; exprs && exprs->kind == V_LIST && i < exprs->n; i++) {
		const Value *e = exprs->items[i];
		const Value *vals = v_get(e, "values");
		const char *key = str_of(v_get(e, "key")), *op = str_of(v_get(e, "operator"));
		if (key && op && strcmp(op, "In") == 0 && vals && vals->kind == V_LIST && vals->n == 1 &&
		    str_of(vals->items[0]))
			VEC_PUSH(a, *out, ((Sel){ key, vals->items[0]->s, &vals->items[0]->loc }));
	}
}

/* The group a node-group name label's value names: its name, its name plus a module's suffix, its key. */
static const NodeGroup *
group_named(const IR *ir, const char *value)
{
	const NodeGroup *best = NULL;
	size_t best_len = 0;
	for (int i = 0; i < ir->groups.n; i++) {
		const NodeGroup *g = ir->groups.v[i];
		const char *n = g->name.set && !g->name.unknown ? g->name.s : NULL;
		if ((n && strcmp(n, value) == 0) || (g->key.set && g->key.s && strcmp(g->key.s, value) == 0))
			return g;
		size_t l = n ? strlen(n) : 0;
		if (l && strncmp(value, n, l) == 0 && value[l] == '-' && l > best_len) {
			best = g;
			best_len = l;
		}
	}
	return best;
}

/* The selection is by a node-group name label (eks.amazonaws.com/nodegroup, alpha.eksctl.io/nodegroup-name). */
static bool
by_name_label(const Sel *s)
{
	for (size_t k = 0; k < sizeof name_labels / sizeof *name_labels; k++)
		if (strcmp(s->key, name_labels[k]) == 0)
			return true;
	return false;
}

static bool
has_label(const NodeGroup *g, const char *key, const char *value)
{
	for (int i = 0; i < g->labels.n; i++) {
		const KV *kv = &g->labels.v[i];
		if (kv->key.s && kv->value.set && !kv->value.unknown && kv->value.s && strcmp(kv->key.s, key) == 0 &&
		    strcmp(kv->value.s, value) == 0)
			return true;
	}
	return false;
}

/*
 * KG241: a selection by a node group's name label, which no node Karpenter
 * launches has: the pods stay pending once the group is scaled down, unless
 * the group runs Karpenter and is kept (KG243, pinned_kept()).
 */
static void
pinned_lost(const CheckCtx *c, const KObject *o, const Sel *s)
{
	if (!by_name_label(s))
		return;
	const NodeGroup *g = group_named(c->ir, s->value);
	if (g && g->role == ROLE_KARPENTER_HOME)
		return;
	const char *what = arena_printf(c->arena, "%s '%s'", o->kind, o->name ? o->name : "?");
	if (!g) {
		Diag *d = diag(KG241, s->loc, "%s selects node group '%s' by its name label '%s', and no input "
		    "defines that group", what, s->value, s->key);
		diag_note(d, NULL, "give the node group's definition as an input too, or select a label its "
		    "replacement NodePool carries");
		return;
	}
	Diag *d = diag(KG241, s->loc, "%s selects node group '%s' by its name label '%s', which no node "
	    "Karpenter launches has: its pods stay pending once the group is scaled down", what, g->name.s, s->key);
	diag_note(d, &g->loc, "node group '%s' is defined here; workload %s pins to it", g->name.s, what);
	diag_note(d, NULL, "select a label the replacing NodePool carries instead (the group's own labels "
	    "are on it), or 'karpenter.sh/nodepool'");
}

/*
 * KG243: a selection that keeps working after the migration: the name label
 * of the group that runs Karpenter and is kept, or a label only one group has
 * (its NodePool carries it).
 */
static void
pinned_kept(const CheckCtx *c, const KObject *o, const Sel *s)
{
	if (by_name_label(s)) {
		const NodeGroup *g = group_named(c->ir, s->value);
		if (!g || g->role != ROLE_KARPENTER_HOME)
			return;
		Diag *d = diag(KG243, s->loc, "%s '%s' selects node group '%s' by its name label '%s'; the group "
		    "runs Karpenter and is kept, so its pods stay there", o->kind, o->name ? o->name : "?", g->name.s,
		    s->key);
		diag_note(d, &g->loc, "node group '%s' is defined here", g->name.s);
		return;
	}
	const NodeGroup *only = NULL;
	int n = 0;
	for (int i = 0; i < c->ir->groups.n; i++)
		if (has_label(c->ir->groups.v[i], s->key, s->value)) {
			only = c->ir->groups.v[i];
			n++;
		}
	if (n != 1 || c->ir->groups.n < 2)
		return;
	const char *what = arena_printf(c->arena, "%s '%s'", o->kind, o->name ? o->name : "?");
	Diag *d = diag(KG243, s->loc, "%s selects '%s=%s', a label only node group '%s' has: its "
	    "pods run only where that group's %s", what, s->key, s->value, only->name.s,
	    only->role == ROLE_KARPENTER_HOME ? "nodes stay (it runs Karpenter)" : "NodePool launches nodes");
	diag_note(d, &only->loc, "node group '%s' is defined here; workload %s pins to it", only->name.s, what);
}

/* Calls fn on each label selection of the pods of each workload given with the inputs. */
static void
each_selection(const CheckCtx *c, void (*fn)(const CheckCtx *c, const KObject *o, const Sel *s))
{
	for (int i = 0; i < c->ir->objects.n; i++) {
		const KObject *o = c->ir->objects.v[i];
		const char *path = NULL;
		for (size_t k = 0; o->kind && k < sizeof workloads / sizeof *workloads && !path; k++)
			if (strcmp(o->kind, workloads[k].kind) == 0)
				path = workloads[k].pod_spec;
		const Value *spec = path ? v_path(o->doc, path) : NULL;
		if (!spec || spec->kind != V_MAP)
			continue;
		Sels sels = { 0 };
		selections(c->arena, spec, &sels);
		for (int s = 0; s < sels.n; s++)
			fn(c, o, &sels.v[s]);
	}
}

/* KG241: workloads pinned to a node group by a label its replacement's nodes do not have. */
void
check_pinned_workloads(const CheckCtx *c)
{
	each_selection(c, pinned_lost);
}

/* KG243: workloads pinned to one node group in a way the migration keeps. */
void
check_pinned_kept(const CheckCtx *c)
{
	each_selection(c, pinned_kept);
}
