/*
 * check_parity.c - node groups against the NodePools that replace them
 * (KG220-KG224), and instance types the catalogue does not know (KG221).
 *
 * When both are inputs (`karpgen lint nodegroups.json karpenter.yaml`), a
 * NodePool replaces a node group when it is named after it (DNS-1123) or
 * says so in the annotation karpgen.io/replaces.  The migration guides'
 * step "match the instance types with your current node groups" is what is
 * checked: every pod that ran on the group must still find a node, on the
 * same terms, once the group is scaled to zero.
 */
#include "karpgen.h"

#include <math.h>
#include <string.h>

enum { MAX_LISTED = 6 };

static const char *
pool_names(const CheckCtx *c, const PoolSet *s)
{
	Buf b = { 0 };
	for (int i = 0; i < s->n; i++)
		buf_printf(&b, "%s'%s'", i ? (i == s->n - 1 ? " and " : ", ") : "", s->v[i]->name);
	char *r = arena_strdup(c->arena, b.s ? b.s : "");
	buf_free(&b);
	return r;
}

/* The location a parity diagnostic points at: the requirement that excludes, else the pool's name. */
static const Loc *
req_loc(const NodePool *p, const Requirement *r)
{
	return r ? &r->node->loc : &p->name_loc;
}

/* " (a default of module nodes)" when the value was not written but defaulted, else "". */
static const char *
default_hint(const CheckCtx *c, const NodeGroup *g, Origin o)
{
	if (o != ORIGIN_DEFAULT)
		return "";
	return arena_printf(c->arena, " (a default of %s)", g->defaults_from ? g->defaults_from : "the module");
}

/* ------------------------------------------------------------ KG220 */

static void
type_parity(const CheckCtx *c, const NodeGroup *g, const PoolSet *s)
{
	if (g->instance_types.unknown)
		return;
	int nmiss = 0;
	const SVal **miss = arena_alloc(c->arena, (size_t)(g->instance_types.n + 1) * sizeof *miss);
	const Requirement *why = NULL;
	for (int i = 0; i < g->instance_types.n; i++) {
		const SVal *it = &g->instance_types.v[i];
		if (!sval_ok(it))
			continue;
		const InstanceType *t = catalog_find(it->s);
		bool ok = false;
		const Requirement *w = NULL;
		for (int k = 0; k < s->n && !ok; k++) {
			const Requirement *wk = NULL;
			/* a type the catalogue does not know can still be listed by name */
			ok = t ? np_admits_type(s->v[k], t, &wk) :
			    np_admits_value(s->v[k], "node.kubernetes.io/instance-type", it->s, &wk);
			if (!w)
				w = wk;
		}
		if (ok)
			continue;
		if (!why)
			why = w;
		miss[nmiss++] = it;
	}
	if (nmiss == 0)
		return;
	Buf b = { 0 };
	for (int i = 0; i < nmiss && i < MAX_LISTED; i++)
		buf_printf(&b, "%s'%s'", i ? ", " : "", miss[i]->s);
	if (nmiss > MAX_LISTED)
		buf_printf(&b, " and %d more", nmiss - MAX_LISTED);
	Diag *d = diag(KG220, req_loc(s->v[0], why), "%s %s %s not admit instance type%s %s that node "
	    "group '%s' runs", s->n == 1 ? "NodePool" : "NodePools", pool_names(c, s),
	    s->n == 1 ? "does" : "do", nmiss == 1 ? "" : "s", b.s, g->name.s);
	buf_free(&b);
	for (int i = 0; i < nmiss && i < MAX_LISTED; i++)
		diag_note(d, &miss[i]->loc, "'%s' runs '%s' here%s", g->name.s, miss[i]->s,
		    g->eks_default_type ? " (the EKS default: no instance type was written)" :
		    default_hint(c, g, miss[i]->origin == ORIGIN_NONE ? g->instance_types.origin : miss[i]->origin));
	diag_note(d, NULL, "list %s in the NodePool's 'node.kubernetes.io/instance-type' requirement, "
	    "or widen the requirement that excludes %s: pods sized for %s may stay Pending",
	    nmiss == 1 ? "it" : "them", nmiss == 1 ? "it" : "them", nmiss == 1 ? "it" : "them");
}

static const char *
capacity_k8s(const char *eks)
{
	if (!eks || strcmp(eks, "ON_DEMAND") == 0)
		return "on-demand";
	if (strcmp(eks, "SPOT") == 0)
		return "spot";
	return NULL;    /* CAPACITY_BLOCK and the like: not compared */
}

static void
capacity_parity(const CheckCtx *c, const NodeGroup *g, const PoolSet *s)
{
	if (g->capacity_type.unknown)
		return;
	const char *want = capacity_k8s(g->capacity_type.set ? g->capacity_type.s : NULL);
	if (!want)
		return;
	for (int k = 0; k < s->n; k++)
		if (np_capacity(s->v[k], want))
			return;
	const NodePool *p = s->v[0];
	const Requirement *r = np_req(p, "karpenter.sh/capacity-type");
	Diag *d = diag(KG220, req_loc(p, r), "%s %s launch%s no %s capacity, which node group '%s' ran",
	    s->n == 1 ? "NodePool" : "NodePools", pool_names(c, s), s->n == 1 ? "es" : "", want, g->name.s);
	if (g->capacity_type.loc.file)
		diag_note(d, &g->capacity_type.loc, "'%s' runs %s capacity", g->name.s, want);
	if (!r)
		diag_note(d, NULL, "without a 'karpenter.sh/capacity-type' requirement Karpenter launches "
		    "on-demand only: add one with '%s'", want);
	else
		diag_note(d, NULL, "add '%s' to the 'karpenter.sh/capacity-type' requirement", want);
}

/* Whether any of the group's instance types is in the catalogue (then they carry the arch). */
static bool
has_known_type(const NodeGroup *g)
{
	for (int i = 0; i < g->instance_types.n; i++)
		if (sval_ok(&g->instance_types.v[i]) && catalog_find(g->instance_types.v[i].s))
			return true;
	return false;
}

static void
arch_parity(const CheckCtx *c, const NodeGroup *g, const PoolSet *s)
{
	Arch a = g->arch;
	if (has_known_type(g) || a == ARCH_UNKNOWN)
		return;     /* the instance types said it all */
	static const char *const names[] = { "amd64", "arm64" };
	for (int n = 0; n < 2; n++) {
		if (!(a == ARCH_MIXED || (n == 0 ? a == ARCH_AMD64 : a == ARCH_ARM64)))
			continue;
		const Requirement *why = NULL;
		bool ok = false;
		for (int k = 0; k < s->n && !ok; k++)
			ok = np_admits_value(s->v[k], "kubernetes.io/arch", names[n], why ? NULL : &why);
		if (ok)
			continue;
		Diag *d = diag(KG220, req_loc(s->v[0], why), "%s %s %s not admit architecture '%s', which "
		    "node group '%s' ran", s->n == 1 ? "NodePool" : "NodePools", pool_names(c, s),
		    s->n == 1 ? "does" : "do", names[n], g->name.s);
		diag_note(d, g->ami_type.loc.file ? &g->ami_type.loc : &g->loc,
		    "'%s' runs %s nodes", g->name.s, names[n]);
	}
}

/*
 * A zone is admitted when every zone requirement that can be evaluated
 * admits it: topology.k8s.aws/zone-id needs the id, topology.kubernetes.io/zone
 * the name; a requirement on the spelling that is not known is not evaluated.
 */
static bool
zone_admitted(const NodePool *p, const ZoneUse *z, const Requirement **why)
{
	if (z->id && !np_admits_value(p, "topology.k8s.aws/zone-id", z->id, why))
		return false;
	if (z->name && !np_admits_value(p, "topology.kubernetes.io/zone", z->name, why))
		return false;
	return true;
}

static void
zone_parity(const CheckCtx *c, const NodeGroup *g, const PoolSet *s)
{
	ZoneUses zs = { 0 };
	zones_of_group(c, g, &zs);
	int nmiss = 0;
	const ZoneUse **miss = arena_alloc(c->arena, (size_t)(zs.n + 1) * sizeof *miss);
	const Requirement *why = NULL;
	for (int i = 0; i < zs.n; i++) {
		bool ok = false;
		const Requirement *w = NULL;
		for (int k = 0; k < s->n && !ok; k++)
			ok = zone_admitted(s->v[k], &zs.v[i], w ? NULL : &w);
		if (ok)
			continue;
		if (!why)
			why = w;
		miss[nmiss++] = &zs.v[i];
	}
	if (nmiss == 0)
		return;
	Buf b = { 0 };
	for (int i = 0; i < nmiss && i < MAX_LISTED; i++)
		buf_printf(&b, "%s'%s'", i ? ", " : "", miss[i]->text);
	Diag *d = diag(KG220, req_loc(s->v[0], why), "%s %s %s not admit availability zone%s %s, where "
	    "node group '%s' ran", s->n == 1 ? "NodePool" : "NodePools", pool_names(c, s),
	    s->n == 1 ? "does" : "do", nmiss == 1 ? "" : "s", b.s, g->name.s);
	buf_free(&b);
	diag_note(d, &miss[0]->loc, "'%s' runs in '%s'", g->name.s, miss[0]->text);
	diag_note(d, NULL, "pods bound to volumes in %s can only run there: add %s to the zone "
	    "requirement", nmiss == 1 ? "that zone" : "those zones", nmiss == 1 ? "it" : "them");
}

/*
 * The NodePool of a migrated group admits exactly its instance
 * types, so a group that names none cannot be lowered (a launch template's
 * types not given as input, say).  Groups lower() skips are skipped here.
 */
static void
types_named(const CheckCtx *c)
{
	for (int i = 0; i < c->ir->groups.n; i++) {
		const NodeGroup *g = c->ir->groups.v[i];
		if (g->role == ROLE_KARPENTER_HOME || (g->per_az && g->zones.set && !g->zones.unknown && g->zones.n == 0))
			continue;
		if (g->instance_types.set && (g->instance_types.n > 0 || g->instance_types.unknown))
			continue;
		Diag *d = diag(KG220, &g->loc, "node group '%s' names no instance types", g->name.s);
		diag_note(d, NULL, "list the group's instance types so its NodePool admits exactly them");
		/* the type may be the launch template's, which no input holds (resolve.c linked none) */
		if (g->launch_template.set)
			diag_note(d, &g->launch_template.loc, "or give the launch template it uses as an input (its "
			    "'aws ec2 describe-launch-template-versions' output, or its aws_launch_template resource): "
			    "the type may be there");
	}
}

void
check_type_parity(const CheckCtx *c)
{
	types_named(c);
	for (int i = 0; i < c->ir->groups.n; i++) {
		const PoolSet *s = &c->replacing[i];
		if (s->n == 0)
			continue;
		const NodeGroup *g = c->ir->groups.v[i];
		type_parity(c, g, s);
		capacity_parity(c, g, s);
		arch_parity(c, g, s);
		zone_parity(c, g, s);
	}
}

/* ------------------------------------------------------------ KG221 */

static bool
family_known(const char *family, size_t n)
{
	for (int i = 0; i < catalog_count(); i++) {
		const char *f = catalog_at(i)->family;
		if (strlen(f) == n && strncmp(f, family, n) == 0)
			return true;
	}
	return false;
}

static void
report_unknown_type(const char *name, const Loc *loc, const char *where)
{
	if (strchr(name, '*'))
		return;     /* a wildcard pattern, not a type */
	const InstanceType *near[8];
	int n = catalog_nearest(name, near, 8);
	const char *dot = strchr(name, '.');
	size_t fl = dot ? (size_t)(dot - name) : strlen(name);
	bool family = dot && family_known(name, fl);
	Diag *d = diag(KG221, loc, "instance type '%s' of %s is not in the catalogue of Karpenter's "
	    "instance types", name, where);
	/* a known family with an unknown size is a typo: suggest sizes of that family */
	const InstanceType *pick[3];
	int k = 0;
	for (int i = 0; i < n && k < 3; i++)
		if (!family || (strncmp(near[i]->name, name, fl) == 0 && near[i]->name[fl] == '.'))
			pick[k++] = near[i];
	if (family && k > 0)
		diag_note(d, NULL, "did you mean '%s'%s%s%s%s%s?", pick[0]->name, k > 1 ? " (or '" : "",
		    k > 1 ? pick[1]->name : "", k > 2 ? "', '" : "", k > 2 ? pick[2]->name : "", k > 1 ? "')" : "");
	else if (k > 0)
		diag_note(d, NULL, "the catalogue has no family '%.*s': unless this is a typo for '%s', the "
		    "type is older or newer than the catalogue, and its architecture and accelerators go "
		    "unchecked", (int)fl, name, pick[0]->name);
	else
		diag_note(d, NULL, "check the name against 'aws ec2 describe-instance-types'; a type the "
		    "catalogue does not know goes unchecked for architecture and accelerators");
}

void
check_unknown_types(const CheckCtx *c)
{
	for (int i = 0; i < c->ir->groups.n; i++) {
		const NodeGroup *g = c->ir->groups.v[i];
		if (g->instance_types.unknown)
			continue;
		char *where = arena_printf(c->arena, "node group '%s'", g->name.s);
		for (int k = 0; k < g->instance_types.n; k++) {
			const SVal *it = &g->instance_types.v[k];
			if (sval_ok(it) && !catalog_find(it->s))
				report_unknown_type(it->s, &it->loc, where);
		}
	}
	for (int p = 0; p < c->npools; p++) {
		const NodePool *np = c->pools[p];
		char *where = arena_printf(c->arena, "NodePool '%s'", np->name);
		for (int k = 0; k < np->nreqs; k++) {
			const Requirement *r = &np->reqs[k];
			if (strcmp(r->key, "node.kubernetes.io/instance-type") != 0 ||
			    (r->op != OP_IN && r->op != OP_NOT_IN))
				continue;
			for (int v = 0; v < r->nvalues; v++)
				if (!catalog_find(r->values[v]))
					report_unknown_type(r->values[v], &r->value_locs[v], where);
		}
	}
}

/* ------------------------------------------------------------ KG222 */

void
check_nodepool_missing(const CheckCtx *c)
{
	if (c->npools == 0)
		return;     /* no NodePools given: nothing to compare with */
	for (int i = 0; i < c->ir->groups.n; i++) {
		const NodeGroup *g = c->ir->groups.v[i];
		if (g->role == ROLE_KARPENTER_HOME || c->replacing[i].n > 0 || !g->name.s)
			continue;
		const Loc *loc = g->name.loc.file ? &g->name.loc : &g->loc;
		Diag *d = diag(KG222, loc, "no NodePool replaces node group '%s'", g->name.s);
		diag_note(d, NULL, "name a NodePool '%s', or annotate the one that takes its workloads "
		    "with 'karpgen.io/replaces: %s'; scaled down without one, its pods stay Pending",
		    dns1123_name(c->arena, g->name.s), g->name.s);
	}
}

/* ------------------------------------------------------------ KG223 */

/* Keys Karpenter will not put on a node from a NodePool: nothing to compare. */
static bool
karpenter_restricted(const char *key)
{
	return strncmp(key, "karpenter.sh/", 13) == 0 || strcmp(key, "kubernetes.io/hostname") == 0 ||
	    strncmp(key, "eks.amazonaws.com/", 18) == 0;
}

static bool
pool_has_label(const NodePool *p, const char *key, const char *value)
{
	const char *v = v_scalar(np_label(p, key));
	if (v)
		return strcmp(v, value) == 0;
	/* a requirement on the key labels the node with a value the pod can select */
	return np_req(p, key) && np_admits_value(p, key, value, NULL);
}

static void
label_parity(const CheckCtx *c, const NodeGroup *g, const NodePool *p)
{
	if (g->labels.unknown)
		return;
	int nmiss = 0;
	const KV **miss = arena_alloc(c->arena, (size_t)(g->labels.n + 1) * sizeof *miss);
	for (int i = 0; i < g->labels.n; i++) {
		const KV *kv = &g->labels.v[i];
		if (!sval_ok(&kv->key) || !sval_ok(&kv->value) || karpenter_restricted(kv->key.s))
			continue;
		if (!pool_has_label(p, kv->key.s, kv->value.s))
			miss[nmiss++] = kv;
	}
	if (nmiss == 0)
		return;
	Buf b = { 0 };
	for (int i = 0; i < nmiss && i < MAX_LISTED; i++)
		buf_printf(&b, "%s'%s=%s'", i ? ", " : "", miss[i]->key.s, miss[i]->value.s);
	if (nmiss > MAX_LISTED)
		buf_printf(&b, " and %d more", nmiss - MAX_LISTED);
	const Loc *loc = p->labels ? &p->labels->loc : &p->name_loc;
	Diag *d = diag(KG223, loc, "NodePool '%s' lacks label%s %s of node group '%s': pods that "
	    "select %s stay Pending", p->name, nmiss == 1 ? "" : "s", b.s, g->name.s,
	    nmiss == 1 ? "it" : "them");
	buf_free(&b);
	for (int i = 0; i < nmiss && i < MAX_LISTED; i++)
		diag_note(d, &miss[i]->key.loc, "'%s' labels its nodes '%s=%s'%s", g->name.s,
		    miss[i]->key.s, miss[i]->value.s, default_hint(c, g, miss[i]->key.origin));
	diag_note(d, NULL, "add %s to spec.template.metadata.labels", nmiss == 1 ? "it" : "them");
}

static bool
same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static void
describe_taint(Buf *b, const char *key, const char *value, const char *effect)
{
	buf_printf(b, "'%s%s%s:%s'", key, value && *value ? "=" : "", value && *value ? value : "",
	    effect ? effect : "");
}

static void
taint_parity(const CheckCtx *c, const NodeGroup *g, const NodePool *p)
{
	/* the group's taints must be on the pool's nodes: as taints, or as startup taints */
	for (int i = 0; i < g->taints.n; i++) {
		const Taint *t = &g->taints.v[i];
		if (!sval_ok(&t->key) || t->key.unknown || t->value.unknown || t->effect.unknown)
			continue;
		const char *eff = k8s_taint_effect(t->effect.s);
		bool found = false;
		for (int k = 0; k < p->ntaints && !found; k++) {
			const PoolTaint *pt = &p->taints[k];
			if (strcmp(pt->key, t->key.s) != 0 || !same(pt->effect, eff))
				continue;
			/* a startup taint is removed by its owner (the EBS CSI driver, say), by key */
			found = pt->startup || same(pt->value, t->value.s);
		}
		if (found)
			continue;
		Buf b = { 0 };
		describe_taint(&b, t->key.s, t->value.s, eff);
		const Value *tl = v_path(p->obj->doc, "spec.template.spec.taints");
		Diag *d = diag(KG223, tl ? &tl->loc : &p->name_loc, "NodePool '%s' lacks taint %s of node "
		    "group '%s': pods that do not tolerate it can land on its nodes", p->name, b.s, g->name.s);
		buf_free(&b);
		diag_note(d, t->loc.file ? &t->loc : &g->loc, "'%s' taints its nodes here%s", g->name.s,
		    default_hint(c, g, t->origin));
		diag_note(d, NULL, "add it to spec.template.spec.taints (or to startupTaints when "
		    "something removes it once the node is ready)");
	}
	/* and the pool must not add taints the group's pods never had to tolerate */
	for (int k = 0; k < p->ntaints; k++) {
		const PoolTaint *pt = &p->taints[k];
		if (pt->startup || strncmp(pt->key, "karpenter.sh/", 13) == 0)
			continue;
		bool found = false;
		for (int i = 0; i < g->taints.n && !found; i++) {
			const Taint *t = &g->taints.v[i];
			if (t->key.unknown || t->value.unknown || t->effect.unknown) {
				found = true;   /* cannot tell: say nothing */
				continue;
			}
			found = t->key.s && strcmp(t->key.s, pt->key) == 0 &&
			    same(k8s_taint_effect(t->effect.s), pt->effect) && same(t->value.s, pt->value);
		}
		if (found)
			continue;
		Buf b = { 0 };
		describe_taint(&b, pt->key, pt->value, pt->effect);
		Diag *d = diag(KG223, &pt->loc, "NodePool '%s' adds taint %s that node group '%s' did not "
		    "have: its pods do not tolerate it and would stay Pending", p->name, b.s, g->name.s);
		buf_free(&b);
		diag_note(d, NULL, "remove the taint, or add the toleration to the workloads before the "
		    "node group is scaled down");
	}
}

void
check_label_taint_parity(const CheckCtx *c)
{
	for (int i = 0; i < c->ir->groups.n; i++) {
		const PoolSet *s = &c->replacing[i];
		for (int k = 0; k < s->n; k++) {
			label_parity(c, c->ir->groups.v[i], s->v[k]);
			taint_parity(c, c->ir->groups.v[i], s->v[k]);
		}
	}
}

/* ------------------------------------------------------------ KG224 */

/* What a node group can reach at its maximum size. */
typedef struct Reach {
	double nodes, vcpu, mem_mib;
	const InstanceType *largest;
	bool known;
} Reach;

static Reach
group_reach(const NodeGroup *g)
{
	Reach r = { 0 };
	if (!g->max_size.set || g->max_size.unknown)
		return r;
	int64_t vcpu = g->max_vcpu, mem = g->max_memory_mib;
	for (int i = 0; i < g->instance_types.n; i++) {
		const InstanceType *t = sval_ok(&g->instance_types.v[i]) ? catalog_find(g->instance_types.v[i].s) : NULL;
		if (!t)
			continue;
		if (!r.largest || t->vcpu > r.largest->vcpu)
			r.largest = t;
		if (t->vcpu > vcpu)
			vcpu = t->vcpu;
		if (t->memory_mib > mem)
			mem = t->memory_mib;
	}
	if (vcpu <= 0 || mem <= 0)
		return r;
	r.nodes = (double)g->max_size.v * (double)(g->per_az && g->zones.n > 0 ? g->zones.n : 1);
	r.vcpu = r.nodes * (double)vcpu;
	r.mem_mib = r.nodes * (double)mem;
	r.known = true;
	return r;
}

/* A limit of the pool in base units; false when the pool does not limit `key`. */
static bool
pool_limit(const NodePool *p, const char *key, double *out, const Value **at)
{
	const Value *v = v_get(p->limits, key);
	const char *s = v_scalar(v);
	if (!s || !k8s_quantity(s, out))
		return false;
	*at = v;
	return true;
}

static void
report_capacity(const CheckCtx *c, const NodePool *p, const Reach *need, NodeGroup **gs, int ng)
{
	static const struct { const char *key, *what; } res[] = {
		{ "cpu", "vCPU" }, { "memory", "memory" }, { "nodes", "nodes" },
	};
	for (size_t r = 0; r < sizeof res / sizeof *res; r++) {
		double lim;
		const Value *at;
		if (!pool_limit(p, res[r].key, &lim, &at))
			continue;
		double want = r == 0 ? need->vcpu : r == 1 ? need->mem_mib * 1048576.0 : need->nodes;
		if (lim + 1e-9 >= want)
			continue;
		Buf who = { 0 };
		for (int i = 0; i < ng; i++)
			buf_printf(&who, "%s'%s'", i ? ", " : "", gs[i]->name.s);
		Diag *d;
		if (r == 1)
			d = diag(KG224, &at->loc, "NodePool '%s' limits memory to %s but %s could reach "
			    "%.0fGi at %s maximum size", p->name, v_scalar(at), who.s, ceil(want / 1073741824.0),
			    ng == 1 ? "its" : "their");
		else
			d = diag(KG224, &at->loc, "NodePool '%s' limits %s to %s but %s could reach %.0f %s at "
			    "%s maximum size", p->name, res[r].key, v_scalar(at), who.s, ceil(want), res[r].what,
			    ng == 1 ? "its" : "their");
		buf_free(&who);
		for (int i = 0; i < ng; i++) {
			Reach g = group_reach(gs[i]);
			const Loc *l = gs[i]->max_size.loc.file ? &gs[i]->max_size.loc : &gs[i]->loc;
			diag_note(d, l, "'%s' can grow to %.0f node%s of up to %s%s", gs[i]->name.s, g.nodes,
			    g.nodes == 1 ? "" : "s", g.largest ? g.largest->name : "its largest type",
			    default_hint(c, gs[i], gs[i]->max_size.origin));
		}
		diag_note(d, NULL, "once the limit is reached Karpenter launches nothing more and pods "
		    "stay Pending: raise spec.limits.%s to at least %s", res[r].key,
		    r == 1 ? arena_printf(c->arena, "%.0fGi", ceil(want / 1073741824.0)) :
		    arena_printf(c->arena, "%.0f", ceil(want)));
	}
}

void
check_capacity_parity(const CheckCtx *c)
{
	const IR *ir = c->ir;
	if (c->npools == 0)
		return;
	/* what the groups each pool alone replaces could reach, added up; one pass over the groups */
	Reach *need = arena_alloc(c->arena, (size_t)c->npools * sizeof *need);
	int *count = arena_alloc(c->arena, (size_t)(c->npools + 1) * sizeof *count);
	bool *unknown = arena_alloc(c->arena, (size_t)c->npools * sizeof *unknown);
	for (int i = 0; i < ir->groups.n; i++) {
		const PoolSet *s = &c->replacing[i];
		if (s->n != 1 || !s->v[0]->limits)
			continue;
		int p = s->v[0]->index;
		Reach r = group_reach(ir->groups.v[i]);
		if (!r.known) {
			unknown[p] = true;
			continue;
		}
		need[p].nodes += r.nodes;
		need[p].vcpu += r.vcpu;
		need[p].mem_mib += r.mem_mib;
		count[p]++;
	}
	/* the groups of each pool, in input order (a counting sort by pool) */
	int *start = arena_alloc(c->arena, (size_t)(c->npools + 1) * sizeof *start);
	for (int p = 0; p < c->npools; p++)
		start[p + 1] = start[p] + count[p];
	NodeGroup **gs = arena_alloc(c->arena, (size_t)(start[c->npools] + 1) * sizeof *gs);
	int *fill = arena_alloc(c->arena, (size_t)(c->npools + 1) * sizeof *fill);
	for (int i = 0; i < ir->groups.n; i++) {
		const PoolSet *s = &c->replacing[i];
		if (s->n != 1 || !s->v[0]->limits || unknown[s->v[0]->index] || !group_reach(ir->groups.v[i]).known)
			continue;
		int p = s->v[0]->index;
		gs[start[p] + fill[p]++] = ir->groups.v[i];
	}
	for (int p = 0; p < c->npools; p++)
		if (count[p] > 0 && !unknown[p])
			report_capacity(c, c->pools[p], &need[p], gs + start[p], count[p]);
}

/*
 * KG240: each setting a loader recorded as not carried, on a group the kit
 * migrates (the groups that run Karpenter stay as they are), and what the
 * target release lacks (resolve_target_gates()).  REPORT.md's "Not
 * carried" lists the same records.
 */
void
check_not_carried(const CheckCtx *c)
{
	for (int i = 0; i < c->ir->groups.n; i++) {
		const NodeGroup *g = c->ir->groups.v[i];
		if (g->role == ROLE_KARPENTER_HOME)
			continue;
		for (int k = 0; k < g->not_carried.n; k++) {
			const NotCarried *n = &g->not_carried.v[k];
			Diag *d = diag(KG240, &n->loc, "'%s' of node group '%s' is not carried into the kit", n->setting,
			    g->name.s ? g->name.s : "?");
			if (n->origin == ORIGIN_DEFAULT)
				diag_note(d, NULL, "the inputs do not set '%s': this is the default of the tool that made "
				    "the group", n->setting);
			diag_note(d, NULL, "%s", n->why);
		}
	}
}
