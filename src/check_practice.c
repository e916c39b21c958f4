/*
 * check_practice.c - Karpenter best practice (KG501-KG506), from the
 * Karpenter documentation and FAQ: spot pools need many instance types,
 * separate spot and on-demand pools need weights, one security group per
 * node when the AWS Load Balancer Controller runs, the controller stays off
 * the nodes it manages, pools do not shrink nodes far below what the
 * workloads had, and every pool has limits.
 */
#include "karpgen.h"

#include <string.h>

/* Karpenter's single-node spot-to-spot consolidation needs this many candidate types. */
enum { SPOT_MIN_TYPES = 15 };

/* The requirement that narrows the instance types most visibly: where to point. */
static const Loc *
type_req_loc(const NodePool *p)
{
	static const char *const keys[] = {
		"node.kubernetes.io/instance-type", "karpenter.k8s.aws/instance-family",
		"karpenter.k8s.aws/instance-category", "karpenter.k8s.aws/instance-size",
		"karpenter.k8s.aws/instance-cpu", "karpenter.k8s.aws/instance-memory",
		"karpenter.k8s.aws/instance-generation", "kubernetes.io/arch",
	};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		const Requirement *r = np_req(p, keys[i]);
		if (r)
			return &r->node->loc;
	}
	return &p->name_loc;
}

/* ------------------------------------------------------------ KG501 */

void
check_spot_diversity(const CheckCtx *c)
{
	for (int i = 0; i < c->npools; i++) {
		const NodePool *p = c->pools[i];
		if (!np_capacity(p, "spot") || p->is_static)
			continue;
		int n = np_admitted_count(p, NULL, NULL);
		if (n == 0 || n >= SPOT_MIN_TYPES)
			continue;   /* none at all is KG220/KG221's business */
		Diag *d = diag(KG501, type_req_loc(p), "spot NodePool '%s' admits only %d instance "
		    "type%s: spot-to-spot consolidation needs at least %d, and each type fewer is one spot "
		    "capacity pool less to fall back on", p->name, n, n == 1 ? "" : "s", SPOT_MIN_TYPES);
		if (n <= 6) {
			Buf b = { 0 };
			int k = 0;
			for (int t = 0; t < catalog_count(); t++)
				if (np_admits_type(p, catalog_at(t), NULL))
					buf_printf(&b, "%s'%s'", k++ ? ", " : "", catalog_at(t)->name);
			diag_note(d, NULL, "it admits %s", b.s);
			buf_free(&b);
		}
		diag_note(d, NULL, "select by 'karpenter.k8s.aws/instance-family' (or -category) with "
		    "'karpenter.k8s.aws/instance-cpu' or -size instead of naming types ('karpgen compile "
		    "--widen-spot' does this for spot node groups)");
	}
}

/* ------------------------------------------------------------ KG502 */

static long long
weight_of(const NodePool *p)
{
	return p->weight && p->weight->kind == V_NUM ? (long long)p->weight->i : 0;
}

static bool
same_taints(const NodePool *a, const NodePool *b)
{
	int na = 0, nb = 0;
	for (int i = 0; i < a->ntaints; i++)
		na += !a->taints[i].startup;
	for (int i = 0; i < b->ntaints; i++)
		nb += !b->taints[i].startup;
	if (na != nb)
		return false;
	for (int i = 0; i < a->ntaints; i++) {
		const PoolTaint *x = &a->taints[i];
		if (x->startup)
			continue;
		bool found = false;
		for (int k = 0; k < b->ntaints && !found; k++) {
			const PoolTaint *y = &b->taints[k];
			found = !y->startup && strcmp(x->key, y->key) == 0 &&
			    strcmp(x->value ? x->value : "", y->value ? y->value : "") == 0 &&
			    strcmp(x->effect ? x->effect : "", y->effect ? y->effect : "") == 0;
		}
		if (!found)
			return false;
	}
	return true;
}

/*
 * The values a pool allows for `key` by an In requirement or a template
 * label (`one` holds a label's value); 0: the key is not pinned.
 */
static int
pinned_values(const NodePool *p, const char *key, const char **one, const char *const **out)
{
	const Requirement *r = np_req(p, key);
	if (r && r->op == OP_IN && !r->unknown) {
		*out = r->values;
		return r->nvalues;
	}
	*one = v_scalar(np_label(p, key));
	*out = one;
	return *one ? 1 : 0;
}

/*
 * Two pools compete for the same pods unless something tells them apart: a
 * different set of taints, or a key both pin to values that do not meet
 * (the capacity-spread pattern, a workload label).
 */
static bool
compete(const NodePool *a, const NodePool *b)
{
	if (!same_taints(a, b))
		return false;
	int nlabels = a->labels ? a->labels->n : 0;
	for (int i = 0; i < a->nreqs + nlabels; i++) {
		const char *key = i < a->nreqs ? a->reqs[i].key : a->labels->members[i - a->nreqs].key;
		if (strcmp(key, "karpenter.sh/capacity-type") == 0)
			continue;
		const char *one_a, *one_b;
		const char *const *va, *const *vb;
		int na = pinned_values(a, key, &one_a, &va);
		int nb = pinned_values(b, key, &one_b, &vb);
		if (na == 0 || nb == 0)
			continue;
		bool meet = false;
		for (int x = 0; x < na && !meet; x++)
			for (int y = 0; y < nb && !meet; y++)
				meet = strcmp(va[x], vb[y]) == 0;
		if (!meet)
			return false;
	}
	return true;
}

void
check_spot_weight(const CheckCtx *c)
{
	for (int i = 0; i < c->npools; i++) {
		const NodePool *s = c->pools[i];
		if (!np_capacity(s, "spot") || np_capacity(s, "on-demand") || s->is_static)
			continue;
		for (int k = 0; k < c->npools; k++) {
			const NodePool *o = c->pools[k];
			if (k == i || !np_capacity(o, "on-demand") || np_capacity(o, "spot") || o->is_static)
				continue;
			if (weight_of(s) != weight_of(o) || !compete(s, o))
				continue;
			const Loc *loc = s->weight ? &s->weight->loc : &s->name_loc;
			Diag *d = diag(KG502, loc, "spot NodePool '%s' and on-demand NodePool '%s' take the "
			    "same pods with the same weight (%lld): Karpenter tries them in name order, so "
			    "which capacity type is used depends on the names", s->name, o->name, weight_of(s));
			diag_note(d, o->weight ? &o->weight->loc : &o->name_loc, "NodePool '%s' is on-demand only",
			    o->name);
			diag_note(d, NULL, "give the pool to prefer the higher spec.weight (usually spot, "
			    "with on-demand as the fallback), or tell them apart with a taint or a requirement");
		}
	}
}

/* ------------------------------------------------------------ KG503 */

void
check_security_groups(const CheckCtx *c)
{
	for (int n = 0; n < c->nnodeclasses; n++) {
		const KObject *o = c->nodeclasses[n];
		const Value *terms = v_path(o->doc, "spec.securityGroupSelectorTerms");
		const char *name = v_scalar(v_path(o->doc, "metadata.name"));
		if (!terms || terms->kind != V_LIST || terms->n == 0)
			continue;
		const Value *at = NULL;
		const char *why = NULL;
		if (terms->n > 1) {
			at = terms;
			why = arena_printf(c->arena, "%d terms, and a node gets every group each term selects",
			    terms->n);
		}
		for (int i = 0; i < terms->n && !at; i++) {
			const Value *tags = v_get(terms->items[i], "tags");
			for (int k = 0; tags && tags->kind == V_MAP && k < tags->n && !at; k++) {
				const Member *m = &tags->members[k];
				if (strncmp(m->key, "kubernetes.io/cluster/", 22) == 0) {
					at = terms->items[i];
					why = arena_printf(c->arena, "the tag '%s', which EKS puts on more than one "
					    "group of the cluster", m->key);
				} else if (v_is_str(m->val, "*")) {
					at = m->val;
					why = arena_printf(c->arena, "any value of tag '%s'", m->key);
				}
			}
		}
		if (!at)
			continue;
		Diag *d = diag(KG503, &at->loc, "EC2NodeClass '%s' can attach several security groups to "
		    "each node: it selects by %s", name ? name : o->name, why);
		diag_note(d, NULL, "the AWS Load Balancer Controller needs exactly one security group of a "
		    "node to carry the tag 'kubernetes.io/cluster/<cluster>'; select one group (by id, or "
		    "by a tag only it carries), or make sure only one of them has that tag");
	}
}

/* ------------------------------------------------------------ KG504 */

/* Labels every node has, or that only nodes outside Karpenter's have. */
static bool
well_known_key(const char *k)
{
	static const char *const keys[] = {
		"kubernetes.io/os", "kubernetes.io/arch", "kubernetes.io/hostname",
		"node.kubernetes.io/instance-type", "topology.kubernetes.io/zone",
		"topology.kubernetes.io/region", "topology.k8s.aws/zone-id",
		"beta.kubernetes.io/os", "beta.kubernetes.io/arch", "beta.kubernetes.io/instance-type",
		"failure-domain.beta.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/region",
	};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		if (strcmp(k, keys[i]) == 0)
			return true;
	return strncmp(k, "eks.amazonaws.com/", 18) == 0 || strncmp(k, "karpenter.sh/", 13) == 0 ||
	    strncmp(k, "karpenter.k8s.aws/", 18) == 0;
}

static bool
group_has_label(const NodeGroup *g, const char *key, const char *value)
{
	for (int i = 0; i < g->labels.n; i++) {
		const KV *kv = &g->labels.v[i];
		if (kv->key.s && strcmp(kv->key.s, key) == 0)
			return !value || (kv->value.s && strcmp(kv->value.s, value) == 0);
	}
	return false;
}

static bool
homes_have_label(const CheckCtx *c, const char *key, const char *value)
{
	for (int i = 0; i < c->nhomes; i++)
		if (group_has_label(c->homes[i], key, value))
			return true;
	return false;
}

static bool
pools_have_label(const CheckCtx *c, const char *key, const char *value)
{
	for (int i = 0; i < c->npools; i++) {
		const char *v = v_scalar(np_label(c->pools[i], key));
		if (v && (!value || strcmp(v, value) == 0))
			return true;
		if (!v && np_req(c->pools[i], key) && (!value || np_admits_value(c->pools[i], key, value, NULL)))
			return true;
	}
	/* the pools karpgen makes carry the labels of the groups they replace */
	for (int i = 0; i < c->ir->groups.n; i++)
		if (c->ir->groups.v[i]->role != ROLE_KARPENTER_HOME &&
		    group_has_label(c->ir->groups.v[i], key, value))
			return true;
	return false;
}

/* A selection (key, operator, values) that only nodes outside Karpenter's satisfy. */
static bool
excludes_karpenter(const CheckCtx *c, const char *key, const char *op, const char *value)
{
	if (strcmp(key, "karpenter.sh/nodepool") == 0 || strcmp(key, "karpenter.sh/provisioner-name") == 0)
		return op && strcmp(op, "DoesNotExist") == 0;
	if (op && strcmp(op, "In") != 0 && strcmp(op, "Exists") != 0)
		return false;
	if (strcmp(key, "eks.amazonaws.com/nodegroup") == 0)
		return true;    /* managed node groups label their nodes; Karpenter's nodes have no such label */
	if (strcmp(key, "eks.amazonaws.com/compute-type") == 0)
		return value && strcmp(value, "fargate") == 0;
	return c->nhomes > 0 && homes_have_label(c, key, value) && !pools_have_label(c, key, value);
}

static const Value *
helm_root(const Input *in)
{
	if (in->root)
		return in->root;
	return in->ndocs > 0 ? in->docs[0] : NULL;
}

/* The required node-selector terms after Helm merges the values over the chart's. */
typedef enum TermsState { TERMS_DEFAULT, TERMS_NONE, TERMS_GIVEN } TermsState;

static TermsState
node_terms(const Value *root, const Value **terms, const Value **at)
{
	static const char *const path[] = {
		"affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms",
	};
	const Value *v = root;
	for (size_t i = 0; i < sizeof path / sizeof *path; i++) {
		const Member *m = v_member(v, path[i]);
		if (!m)
			return TERMS_DEFAULT;   /* Helm keeps the chart's value below this point */
		*at = m->val;
		if (m->val->kind == V_NULL)
			return TERMS_NONE;      /* null deletes the chart's value */
		v = m->val;
	}
	if (v->kind != V_LIST)
		return TERMS_NONE;
	*terms = v;
	return TERMS_GIVEN;
}

static bool
term_excludes(const CheckCtx *c, const Value *term)
{
	const Value *exprs = v_get(term, "matchExpressions");
	for (int i = 0; exprs && exprs->kind == V_LIST && i < exprs->n; i++) {
		const Value *e = exprs->items[i];
		const char *key = v_scalar(v_get(e, "key")), *op = v_scalar(v_get(e, "operator"));
		const Value *vals = v_get(e, "values");
		const char *first = vals && vals->kind == V_LIST && vals->n > 0 ? v_scalar(vals->items[0]) : NULL;
		if (key && excludes_karpenter(c, key, op, vals && vals->kind == V_LIST && vals->n == 1 ? first : NULL))
			return true;
	}
	return false;
}

/* Does a toleration list tolerate taint (key, value, effect)? */
static bool
tolerated(const Value *tols, const char *key, const char *value, const char *effect)
{
	for (int i = 0; tols && tols->kind == V_LIST && i < tols->n; i++) {
		const Value *t = tols->items[i];
		const char *k = v_scalar(v_get(t, "key")), *op = v_scalar(v_get(t, "operator"));
		const char *v = v_scalar(v_get(t, "value")), *e = v_scalar(v_get(t, "effect"));
		if (e && *e && (!effect || strcmp(e, effect) != 0))
			continue;
		bool exists = op && strcmp(op, "Exists") == 0;
		if (exists && (!k || !*k || strcmp(k, key) == 0))
			return true;
		if (!exists && k && strcmp(k, key) == 0 && strcmp(v ? v : "", value ? value : "") == 0)
			return true;
	}
	return false;
}

static void
check_selector_keys(const CheckCtx *c, const char *what, const char *key, const char *value, const Loc *loc)
{
	if (c->nhomes == 0 || well_known_key(key) || homes_have_label(c, key, value))
		return;
	const NodeGroup *h = c->homes[0];
	Diag *d = diag(KG504, loc, "the controller's %s '%s%s%s' matches no node of the node group "
	    "that runs Karpenter ('%s'): its pods stay Pending or land on nodes Karpenter manages",
	    what, key, value ? "=" : "", value ? value : "", h->name.s);
	diag_note(d, h->labels.loc.file ? &h->labels.loc : &h->loc, "'%s' is the node group meant "
	    "for the controller", h->name.s);
	diag_note(d, NULL, "select a label the group carries (its labels, or "
	    "'eks.amazonaws.com/nodegroup'), or add the label to the group");
}

static void
check_values_input(const CheckCtx *c, const Value *root)
{
	const Member *ns = v_member(root, "nodeSelector");
	const Value *terms = NULL, *at = NULL;
	TermsState st = node_terms(root, &terms, &at);

	bool kept_off = st == TERMS_DEFAULT;
	if (st == TERMS_GIVEN) {
		kept_off = terms->n > 0;
		for (int i = 0; i < terms->n; i++)
			kept_off &= term_excludes(c, terms->items[i]);
	}
	for (int i = 0; ns && ns->val->kind == V_MAP && i < ns->val->n && !kept_off; i++) {
		const Member *m = &ns->val->members[i];
		kept_off = excludes_karpenter(c, m->key, "In", v_scalar(m->val));
	}
	if (!kept_off) {
		const Loc *loc = at ? &at->loc : ns ? &ns->key_loc : &root->loc;
		Diag *d = diag(KG504, loc, "the Karpenter controller's node affinity does not keep it off "
		    "the nodes Karpenter launches: it could run on a node it then disrupts");
		diag_note(d, NULL, "keep the chart's default, a required node affinity on "
		    "'karpenter.sh/nodepool' with operator 'DoesNotExist', or select the node group that "
		    "runs Karpenter with 'eks.amazonaws.com/nodegroup'");
	}

	/* selector keys no node of the controller's group carries */
	for (int i = 0; ns && ns->val->kind == V_MAP && i < ns->val->n; i++) {
		const Member *m = &ns->val->members[i];
		check_selector_keys(c, "nodeSelector", m->key, v_scalar(m->val), &m->key_loc);
	}
	for (int t = 0; st == TERMS_GIVEN && t < terms->n; t++) {
		const Value *exprs = v_get(terms->items[t], "matchExpressions");
		for (int i = 0; exprs && exprs->kind == V_LIST && i < exprs->n; i++) {
			const Value *e = exprs->items[i];
			const char *key = v_scalar(v_get(e, "key")), *op = v_scalar(v_get(e, "operator"));
			const Value *vals = v_get(e, "values");
			if (!key || !op || (strcmp(op, "In") != 0 && strcmp(op, "Exists") != 0))
				continue;
			const char *one = vals && vals->kind == V_LIST && vals->n == 1 ? v_scalar(vals->items[0]) : NULL;
			check_selector_keys(c, "node affinity on", key, one, &e->loc);
		}
	}

	/* the controller must tolerate its own group's taints */
	const Member *tm = v_member(root, "tolerations");
	for (int h = 0; h < c->nhomes; h++) {
		const NodeGroup *g = c->homes[h];
		for (int i = 0; i < g->taints.n; i++) {
			const Taint *t = &g->taints.v[i];
			const char *eff = k8s_taint_effect(t->effect.s);
			if (!t->key.s || t->key.unknown || (eff && strcmp(eff, "PreferNoSchedule") == 0))
				continue;
			bool ok;
			if (tm)
				ok = tolerated(tm->val, t->key.s, t->value.s, eff);
			else    /* the chart tolerates CriticalAddonsOnly */
				ok = strcmp(t->key.s, "CriticalAddonsOnly") == 0;
			if (ok)
				continue;
			Diag *d = diag(KG504, tm ? &tm->key_loc : &root->loc, "the Karpenter controller does "
			    "not tolerate taint '%s%s%s:%s' of node group '%s', which runs it", t->key.s,
			    t->value.s ? "=" : "", t->value.s ? t->value.s : "", eff ? eff : "", g->name.s);
			diag_note(d, t->loc.file ? &t->loc : &g->loc, "the taint is set here");
			diag_note(d, NULL, "add a toleration for it to the chart's 'tolerations'");
		}
	}
}

void
check_controller_affinity(const CheckCtx *c)
{
	for (int i = 0; i < c->ir->inputs.n; i++) {
		const Input *in = c->ir->inputs.v[i];
		if (in->dialect != D_HELM_VALUES)
			continue;
		const Value *root = helm_root(in);
		if (root && root->kind == V_MAP)
			check_values_input(c, root);
	}
}

/* ------------------------------------------------------------ KG505 */

/* Below this share of the node group's smallest memory, a pool's smallest type is "much smaller". */
enum { FLOOR_DIVISOR = 2 };

static int64_t
group_min_memory(const NodeGroup *g, const InstanceType **smallest)
{
	int64_t min = 0;
	for (int i = 0; i < g->instance_types.n; i++) {
		const SVal *s = &g->instance_types.v[i];
		const InstanceType *t = s->s && !s->unknown ? catalog_find(s->s) : NULL;
		if (!t)
			return 0;   /* a type karpgen cannot size: say nothing */
		if (!min || t->memory_mib < min) {
			min = t->memory_mib;
			*smallest = t;
		}
	}
	return min;
}

static void
print_mib(Buf *b, int64_t mib)
{
	if (mib % 1024 == 0)
		buf_printf(b, "%lld GiB", (long long)(mib / 1024));
	else
		buf_printf(b, "%.1f GiB", (double)mib / 1024.0);
}

void
check_memory_floor(const CheckCtx *c)
{
	for (int i = 0; i < c->ir->groups.n; i++) {
		const NodeGroup *g = c->ir->groups.v[i];
		const PoolSet *s = &c->replacing[i];
		if (s->n == 0 || g->instance_types.unknown)
			continue;
		const InstanceType *gsmall = NULL;
		int64_t gmin = group_min_memory(g, &gsmall);
		if (gmin <= 0)
			continue;
		for (int k = 0; k < s->n; k++) {
			const NodePool *p = s->v[k];
			if (p->approximate)
				continue;   /* an unevaluated requirement may well set the floor */
			const InstanceType *psmall = NULL;
			int64_t pmin;
			if (np_admitted_count(p, &pmin, &psmall) == 0 || pmin * FLOOR_DIVISOR > gmin)
				continue;
			Buf a = { 0 }, b = { 0 };
			print_mib(&a, pmin);
			print_mib(&b, gmin);
			Diag *d = diag(KG505, type_req_loc(p), "NodePool '%s' admits instances with as little "
			    "as %s of memory ('%s'); node group '%s' ran nothing smaller than %s ('%s')",
			    p->name, a.s, psmall->name, g->name.s, b.s, gsmall->name);
			buf_free(&a);
			buf_free(&b);
			diag_note(d, NULL, "pods that relied on the group's node size (no memory requests, or "
			    "requests far below their use) get packed onto much smaller nodes; add a "
			    "'karpenter.k8s.aws/instance-memory' requirement with operator 'Gt' and value '%lld'",
			    (long long)gmin - 1);
		}
	}
}

/* ------------------------------------------------------------ KG506 */

void
check_no_limits(const CheckCtx *c)
{
	for (int i = 0; i < c->npools; i++) {
		const NodePool *p = c->pools[i];
		if (p->limits || p->is_static)
			continue;   /* static pools are sized by replicas */
		Diag *d = diag(KG506, &p->name_loc, "NodePool '%s' has no limits: a burst of pending pods "
		    "can launch nodes without bound", p->name);
		const Member *misplaced = v_member(v_path(p->obj->doc, "spec.template.spec"), "limits");
		if (misplaced)
			diag_note(d, &misplaced->key_loc, "'limits' under spec.template.spec is not read by "
			    "Karpenter: it belongs in spec.limits");
		diag_note(d, NULL, "set spec.limits.cpu and spec.limits.memory ('karpgen compile' derives "
		    "them from the node group's maximum size)");
	}
}

/* The kit's helm/values.yaml cannot keep the controller on its own nodes (lower.c found no label). */
void
check_home_selector(const Lowered *lw)
{
	if (lw->home_key)
		return;
	Loc none = { 0 };
	const Loc *at = lw->home.n ? &lw->home.v[0]->loc : &none;
	Diag *d = diag(KG504, at, "the controller's affinity cannot name the node group that runs it");
	diag_note(d, NULL, "the group has no label karpgen can select on exactly; add a label to it and "
	    "to 'affinity' in helm/values.yaml");
}

/* A NodePool of the kit without limits: the group's maximum size or its types were not known. */
void
check_pool_limits(const Lowered *lw)
{
	for (int i = 0; i < lw->pools.n; i++) {
		const LNodePool *p = lw->pools.v[i];
		const NodeGroup *g = p->groups.v[0];
		if (p->cpu >= 0)
			continue;
		Diag *d = diag(KG506, g->max_size.set ? &g->max_size.loc : &g->loc, "NodePool '%s' gets no limits: "
		    "the %s of '%s' %s", p->name, p->max_nodes < 0 ? "maximum size" : "instance types", g->name.s,
		    p->max_nodes < 0 ? "is not known" : "are not in the catalogue");
		diag_note(d, NULL, "add 'spec.limits' by hand so Karpenter cannot grow the pool without bound");
	}
}
