/*
 * check.c - the rule engine: one check function per rule, keyed by RuleId.
 *
 * The rule's id, name, default severity and summary live in diag.def; this
 * table only says which function checks it.  Rules without an entry are
 * reported by the phase that can see them (front-ends for KG1xx, the
 * validator for KG3xx, through check_manifests() for lint, the IAM checks
 * for KG4xx).  Checks read the IR and
 * the context built here, report through diag(), and never print.
 */
#include "karpgen.h"

#include <stdlib.h>
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

static const char *
class_of(const NodePool *p)
{
	return p->nodeclass ? p->nodeclass : "";
}

static int
cmp_pool_name(const void *a, const void *b)
{
	const NodePool *x = *(NodePool *const *)a, *y = *(NodePool *const *)b;
	int c = strcmp(x->name, y->name);
	return c ? c : x->index - y->index;
}

static int
cmp_pool_class(const void *a, const void *b)
{
	const NodePool *x = *(NodePool *const *)a, *y = *(NodePool *const *)b;
	int c = strcmp(class_of(x), class_of(y));
	return c ? c : x->index - y->index;
}

static const char *
object_name(const KObject *o)
{
	const char *n = v_scalar(v_path(o->doc, "metadata.name"));
	return n ? n : "";
}

static int
cmp_class_name(const void *a, const void *b)
{
	return strcmp(object_name(*(const KObject *const *)a), object_name(*(const KObject *const *)b));
}

static int
cmp_pool_index(const void *a, const void *b)
{
	return (*(NodePool *const *)a)->index - (*(NodePool *const *)b)->index;
}

/* The first position in `v` (sorted by key()) whose key is not below `want`. */
static int
lower_bound(NodePool *const *v, int n, const char *want, const char *(*key)(const NodePool *))
{
	int lo = 0, hi = n;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (strcmp(key(v[mid]), want) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const char *
name_of(const NodePool *p)
{
	return p->name;
}

/* Append to s the pools of `by_name` called `name` that s does not hold yet. */
static void
add_named(NodePool *const *by_name, int n, const char *name, PoolSet *s, NodePool **store)
{
	for (int k = lower_bound(by_name, n, name, name_of); k < n && strcmp(by_name[k]->name, name) == 0; k++) {
		bool have = false;
		for (int j = 0; j < s->n; j++)
			have |= s->v[j] == by_name[k];
		if (!have) {
			s->v = store;
			s->v[s->n++] = by_name[k];
		}
	}
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
		if (p) {
			p->index = c->npools;
			c->pools[c->npools++] = p;
		} else if (o->kind && strcmp(o->kind, "EC2NodeClass") == 0 && karpenter_api(o->api_version)) {
			c->nodeclasses[c->nnodeclasses++] = o;
		}
	}
	size_t psz = (size_t)(c->npools + 1) * sizeof *c->pools;
	NodePool **by_name = arena_alloc(a, psz);
	c->by_class = arena_alloc(a, psz);
	if (c->npools) {
		memcpy(by_name, c->pools, (size_t)c->npools * sizeof *by_name);
		memcpy(c->by_class, c->pools, (size_t)c->npools * sizeof *by_name);
		qsort(by_name, (size_t)c->npools, sizeof *by_name, cmp_pool_name);
		qsort(c->by_class, (size_t)c->npools, sizeof *by_name, cmp_pool_class);
	}
	c->classes_by_name = arena_alloc(a, (size_t)(c->nnodeclasses + 1) * sizeof *c->classes_by_name);
	if (c->nnodeclasses) {
		memcpy(c->classes_by_name, c->nodeclasses, (size_t)c->nnodeclasses * sizeof *c->nodeclasses);
		qsort(c->classes_by_name, (size_t)c->nnodeclasses, sizeof *c->nodeclasses, cmp_class_name);
	}
	NodePool **annotated = arena_alloc(a, psz);
	NodePool **scratch = arena_alloc(a, psz);
	int nann = 0;
	for (int k = 0; k < c->npools; k++)
		if (c->pools[k]->nreplaces > 0)
			annotated[nann++] = c->pools[k];

	c->homes = arena_alloc(a, (size_t)(ng + 1) * sizeof *c->homes);
	c->replacing = arena_alloc(a, (size_t)(ng + 1) * sizeof *c->replacing);
	for (int i = 0; i < ng; i++) {
		NodeGroup *g = ir->groups.v[i];
		if (g->role == ROLE_KARPENTER_HOME) {
			c->homes[c->nhomes++] = g;
			continue;       /* the controller's group is never replaced */
		}
		if (!g->name.s || g->name.unknown || c->npools == 0)
			continue;
		/* found in `scratch`, kept in an arena array of the size found */
		PoolSet found = { 0 };
		/* an annotation outranks names, as in ir_nodepool_for() */
		for (int k = 0; k < nann; k++)
			if (np_replaces(annotated[k], g, NULL) == 2) {
				found.v = scratch;
				found.v[found.n++] = annotated[k];
			}
		if (found.n == 0) {
			add_named(by_name, c->npools, g->name.s, &found, scratch);
			add_named(by_name, c->npools, dns1123_name(a, g->name.s), &found, scratch);
			if (found.n > 1)
				qsort(found.v, (size_t)found.n, sizeof *found.v, cmp_pool_index);
		}
		if (found.n > 0) {
			PoolSet *s = &c->replacing[i];
			s->v = arena_alloc(a, (size_t)found.n * sizeof *s->v);
			memcpy(s->v, found.v, (size_t)found.n * sizeof *s->v);
			s->n = found.n;
		}
	}
	return c;
}

const KObject *
check_nodeclass(const CheckCtx *c, const char *name)
{
	int lo = 0, hi = c->nnodeclasses;
	while (name && lo < hi) {
		int mid = lo + (hi - lo) / 2;
		int cmp = strcmp(object_name(c->classes_by_name[mid]), name);
		if (cmp == 0)
			return c->classes_by_name[mid];
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int
check_pools_of_class(const CheckCtx *c, const char *name, int *first)
{
	int k = lower_bound(c->by_class, c->npools, name, class_of);
	*first = k;
	int n = 0;
	while (k + n < c->npools && strcmp(class_of(c->by_class[k + n]), name) == 0)
		n++;
	return n;
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
	if (!*s || is_placeholder(s))
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
	if (!z)
		return;
	int before = out->n;
	add_use(c, out, z, loc, ng);
	if (out->n > before)
		out->v[before].subnet = sn->id.s;
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
check_manifests(IR *ir)
{
	if (!ir || !ir->opt)
		return;
	validate_objects(ir->arena, &ir->opt->kv, ir->objects.v, ir->objects.n);
	ir->manifests_checked = true;
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
	/* KG401-KG404: the input policy documents against the official policy (check_iam.c) */
	check_iam(ir);
}

/*
 * The kit's manifests as the target's API server would see them
 * (schema_validate() reports KG301...), each NodePool built in a scratch
 * arena and dropped, as emit_manifests() builds it again: 2,000 pools are
 * never all in memory.
 */
int
check_lowered(const Lowered *lw)
{
	const char *kv = lw->ir->opt->kv.name, *ver = lw->v1 ? "v1" : "v1beta1";
	const CrdSchema *pool = schema_find(kv, "karpenter.sh", ver, "NodePool");
	const CrdSchema *nc = schema_find(kv, "karpenter.k8s.aws", ver, "EC2NodeClass");
	if (!pool || !nc) {
		diag(KG320, NULL, "Karpenter %s serves no %s NodePool and EC2NodeClass", kv, ver);
		return 1;
	}
	Arena *a = lw->ir->arena, *scratch = arena_new();
	int errors = 0;
	for (int i = 0; i < lw->classes.n; i++)
		errors += schema_validate(a, nc, lw->classes.v[i]->doc);
	for (int i = 0; i < lw->pools.n; i++) {
		errors += schema_validate(a, pool, lower_pool_doc(lw, lw->pools.v[i], scratch));
		if (arena_used(scratch) > (4u << 20)) {
			arena_free(scratch);
			scratch = arena_new();
		}
	}
	arena_free(scratch);
	return errors;
}
