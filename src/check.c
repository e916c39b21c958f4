/*
 * check.c - the rule engine: one check function per rule, keyed by RuleId.
 *
 * The rule's id, name, default severity and summary live in diag.def; this
 * table only says which function checks it.  Rules without an entry are
 * reported by the phase that can see them (front-ends for KG1xx, the
 * validator for KG3xx, the IAM checks for KG4xx).  Checks read the IR and
 * the context built here, report through diag(), and never print.
 */
#include "karpgen.h"

#include <string.h>

static const CheckFn check_fn[RULE_COUNT] = {
	[KG201] = check_az_coverage,
	[KG202] = check_az_mix,
	[KG203] = check_home_missing,
	[KG204] = check_home_capacity,
	[KG205] = check_single_nodegroup,
	[KG210] = check_nodeclass_split,
	[KG211] = check_ami_variant,
	[KG220] = check_type_parity,
	[KG221] = check_unknown_types,
	[KG222] = check_nodepool_missing,
	[KG223] = check_label_taint_parity,
	[KG224] = check_capacity_parity,
	[KG230] = check_alias_latest,
	[KG501] = check_spot_diversity,
	[KG502] = check_spot_weight,
	[KG503] = check_security_groups,
	[KG504] = check_controller_affinity,
	[KG505] = check_memory_floor,
	[KG506] = check_no_limits,
};

static bool
karpenter_api(const char *api_version)
{
	return api_version && (strncmp(api_version, "karpenter.sh/", 13) == 0 ||
	    strncmp(api_version, "karpenter.k8s.aws/", 18) == 0);
}

CheckCtx *
check_ctx(const IR *ir)
{
	Arena *a = ir->arena;
	CheckCtx *c = arena_alloc(a, sizeof *c);
	c->ir = ir;
	c->arena = a;
	int no = ir->objects.n, ng = ir->groups.n;
	c->pools = arena_alloc(a, (size_t)(no + 1) * sizeof *c->pools);
	c->nodeclasses = arena_alloc(a, (size_t)(no + 1) * sizeof *c->nodeclasses);
	for (int i = 0; i < no; i++) {
		const KObject *o = ir->objects.v[i];
		if (karpenter_api(o->api_version))
			c->karpenter_objects = true;
		NodePool *p = np_read(a, o);
		if (p)
			c->pools[c->npools++] = p;
		else if (o->kind && strcmp(o->kind, "EC2NodeClass") == 0 && karpenter_api(o->api_version))
			c->nodeclasses[c->nnodeclasses++] = o;
	}
	c->homes = arena_alloc(a, (size_t)(ng + 1) * sizeof *c->homes);
	c->replacing = arena_alloc(a, (size_t)(ng + 1) * sizeof *c->replacing);
	for (int i = 0; i < ng; i++) {
		NodeGroup *g = ir->groups.v[i];
		if (g->role == ROLE_KARPENTER_HOME) {
			c->homes[c->nhomes++] = g;
			continue;       /* the controller's group is never replaced */
		}
		PoolSet *s = &c->replacing[i];
		int best = 0;
		for (int k = 0; k < c->npools; k++) {
			int how = np_replaces(a, c->pools[k], g);
			if (how == 0 || how < best)
				continue;
			if (how > best) {
				best = how;
				s->n = 0;       /* an annotation outranks names */
			}
			if (!s->v)
				s->v = arena_alloc(a, (size_t)c->npools * sizeof *s->v);
			s->v[s->n++] = c->pools[k];
		}
	}
	return c;
}

const KObject *
check_nodeclass(const CheckCtx *c, const char *name)
{
	if (!name)
		return NULL;
	for (int i = 0; i < c->nnodeclasses; i++) {
		const KObject *o = c->nodeclasses[i];
		const char *n = v_scalar(v_path(o->doc, "metadata.name"));
		if (n && strcmp(n, name) == 0)
			return o;
	}
	return NULL;
}

/* ------------------------------------------------------------ zones */

static const Zone *
zone_lookup(const Cluster *cl, const char *s, bool by_id)
{
	for (int i = 0; i < cl->zone_map.n; i++) {
		const SVal *v = by_id ? &cl->zone_map.v[i].id : &cl->zone_map.v[i].name;
		if (v->s && strcmp(v->s, s) == 0)
			return &cl->zone_map.v[i];
	}
	return NULL;
}

static void
add_use(const CheckCtx *c, ZoneUses *out, const char *s, const Loc *loc, const NodeGroup *ng)
{
	if (is_placeholder(s))
		return;         /* "${AZ}": not a zone until rendered (KG111) */
	const Cluster *cl = &c->ir->cluster;
	ZoneUse u = { .text = s, .key = s, .loc = *loc, .ng = ng };
	u.is_id = pat_match(PAT_AZ_ID, s, strlen(s));
	if (u.is_id)
		u.id = s;
	else
		u.name = s;
	const Zone *z = zone_lookup(cl, s, u.is_id);
	if (z && z->id.s && z->name.s) {
		u.mapped = true;
		u.key = u.id = z->id.s;
		u.name = z->name.s;
		u.is_id = true;
	}
	VEC_PUSH(c->arena, *out, u);
}

static const Subnet *
subnet_lookup(const Cluster *cl, const char *id)
{
	for (int i = 0; i < cl->subnets.n; i++)
		if (cl->subnets.v[i].id.s && strcmp(cl->subnets.v[i].id.s, id) == 0)
			return &cl->subnets.v[i];
	return NULL;
}

static void
add_subnet_zone(const CheckCtx *c, ZoneUses *out, const Subnet *sn, const Loc *loc, const NodeGroup *ng)
{
	const char *z = sn->zone_id.s ? sn->zone_id.s : sn->zone_name.s;
	if (z)
		add_use(c, out, z, loc, ng);
}

/* The zones a node group uses: as written, else through its subnets. */
void
zones_of_group(const CheckCtx *c, const NodeGroup *g, ZoneUses *out)
{
	int before = out->n;
	if (!g->zones.unknown)
		for (int i = 0; i < g->zones.n; i++)
			if (g->zones.v[i].s && !g->zones.v[i].unknown)
				add_use(c, out, g->zones.v[i].s, &g->zones.v[i].loc, g);
	if (out->n > before || g->subnet_ids.unknown)
		return;
	for (int i = 0; i < g->subnet_ids.n; i++) {
		const SVal *s = &g->subnet_ids.v[i];
		const Subnet *sn = s->s ? subnet_lookup(&c->ir->cluster, s->s) : NULL;
		if (sn)
			add_subnet_zone(c, out, sn, &s->loc, g);
	}
}

/* The zones of the cluster itself: eksctl availabilityZones, describe-cluster's subnets. */
void
zones_of_cluster(const CheckCtx *c, ZoneUses *out)
{
	const Cluster *cl = &c->ir->cluster;
	if (!cl->zones.unknown)
		for (int i = 0; i < cl->zones.n; i++)
			if (cl->zones.v[i].s && !cl->zones.v[i].unknown)
				add_use(c, out, cl->zones.v[i].s, &cl->zones.v[i].loc, NULL);
	for (int i = 0; i < cl->subnets.n; i++)
		if (cl->subnets.v[i].cluster_subnet)
			add_subnet_zone(c, out, &cl->subnets.v[i], &cl->subnets.v[i].id.loc, NULL);
}

void
check_all(const IR *ir)
{
	if (!ir)
		return;
	const CheckCtx *c = check_ctx(ir);
	for (int r = 0; r < RULE_COUNT; r++)
		if (check_fn[r])
			check_fn[r](c);
}
