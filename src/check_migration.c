/*
 * check_migration.c - the migration rules on zones and on the group that
 * runs the Karpenter controller (KG201-KG205), and pinned AMIs (KG230).
 *
 * They come from the migration guides: the Domino module's MIGRATION.md
 * (step 1: the Karpenter node group and its availability_zone_ids) and
 * Karpenter's own "migrating from Cluster Autoscaler" (the controller runs
 * on a node group it does not manage, with two replicas).
 */
#include "karpgen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------ zones */

static int
cmp_zone_key(const void *a, const void *b)
{
	return strcmp(((const ZoneUse *)a)->key, ((const ZoneUse *)b)->key);
}

static bool
has_key(const ZoneUses *u, const char *key)
{
	for (int i = 0; i < u->n; i++)
		if (strcmp(u->v[i].key, key) == 0)
			return true;
	return false;
}

static const char *
user_name(const ZoneUse *u)
{
	return u->ng ? u->ng->name.s : NULL;
}

static bool
is_domino(const NodeGroup *g)
{
	return g->source == NGS_DOMINO;
}

static const Loc *
zones_loc(const NodeGroup *g)
{
	return g->zones.loc.file ? &g->zones.loc : &g->loc;
}

/* The Domino module's per-AZ contract applies (its subnets follow karpenter_node_groups). */
static bool
per_az_contract(const CheckCtx *c)
{
	bool domino = c->ir->domino;
	for (int i = 0; i < c->nhomes; i++)
		domino |= is_domino(c->homes[i]);
	return domino;
}

/*
 * KG208, not Domino: the NodePools allow the zones their groups used (the
 * lowering reproduces each group's zones), so a zone of the cluster that no
 * migrated group used gets no Karpenter node.  That was true of the node
 * groups too: a note, not KG201's error.  A group without zones of its own
 * spans the cluster's.
 */
void
check_zones_left_out(const CheckCtx *c)
{
	if (per_az_contract(c))
		return;
	ZoneUses cluster = { 0 }, used = { 0 };
	zones_of_cluster(c, &cluster);
	if (cluster.n == 0)
		return;
	bool any = false;
	for (int i = 0; i < c->ir->groups.n; i++) {
		const NodeGroup *g = c->ir->groups.v[i];
		if (g->role == ROLE_KARPENTER_HOME)
			continue;
		int before = used.n;
		zones_of_group(c, g, &used);
		if (used.n == before)
			return;     /* its NodePool allows every zone */
		any = true;
	}
	if (!any)
		return;
	ZoneUses missing = { 0 };
	for (int i = 0; i < cluster.n; i++)
		if (!has_key(&used, cluster.v[i].key) && !has_key(&missing, cluster.v[i].key))
			VEC_PUSH(c->arena, missing, cluster.v[i]);
	if (missing.n == 0)
		return;
	Buf b = { 0 };
	for (int m = 0; m < missing.n; m++)
		buf_printf(&b, "%s'%s'", m == 0 ? "" : m == missing.n - 1 ? " and " : ", ", missing.v[m].key);
	Diag *d = diag(KG208, &missing.v[0].loc, "no migrated node group uses the cluster's "
	    "zone%s %s: the NodePools leave %s out, as the node groups did", missing.n == 1 ? "" : "s", b.s,
	    missing.n == 1 ? "it" : "them");
	buf_free(&b);
	diag_note(d, NULL, "to let Karpenter use %s, add %s to the 'topology.kubernetes.io/zone' (or "
	    "'topology.k8s.aws/zone-id') requirement of the NodePools", missing.n == 1 ? "it" : "them",
	    missing.n == 1 ? "it" : "them");
}

void
check_az_coverage(const CheckCtx *c)
{
	/* only the Domino module's per-AZ contract; other clusters get KG208 notes */
	if (!per_az_contract(c) || c->nhomes == 0)
		return;
	ZoneUses home = { 0 }, used = { 0 };
	for (int i = 0; i < c->nhomes; i++) {
		int before = home.n;
		zones_of_group(c, c->homes[i], &home);
		if (home.n == before) {
			/* a group without zones of its own spans the cluster's (eksctl) */
			ZoneUses cz = { 0 };
			zones_of_cluster(c, &cz);
			for (int k = 0; k < cz.n; k++)
				VEC_PUSH(c->arena, home, cz.v[k]);
		}
	}
	if (home.n == 0)
		return;
	bool all_ids = true, all_names = true;
	for (int i = 0; i < home.n; i++) {
		all_ids &= home.v[i].is_id;
		all_names &= !home.v[i].is_id;
	}
	for (int i = 0; i < c->ir->groups.n; i++)
		if (c->ir->groups.v[i]->role != ROLE_KARPENTER_HOME)
			zones_of_group(c, c->ir->groups.v[i], &used);
	zones_of_cluster(c, &used);

	/* the missing zones, each once, in order of first use; zones that cannot be
	 * compared (a name against ids with no mapping) are KG202's business */
	ZoneUses missing = { 0 };
	for (int i = 0; i < used.n; i++) {
		const ZoneUse *u = &used.v[i];
		if (has_key(&home, u->key) || has_key(&missing, u->key))
			continue;
		if (u->is_id ? !all_ids : !all_names)
			continue;
		VEC_PUSH(c->arena, missing, *u);
	}
	if (missing.n == 0)
		return;
	qsort(missing.v, (size_t)missing.n, sizeof *missing.v, cmp_zone_key);

	const NodeGroup *h = c->homes[0];
	/* each missing zone with the groups that use it, each once, at most MAX_USERS of them */
	enum { MAX_USERS = 8 };
	Buf b = { 0 };
	for (int m = 0; m < missing.n; m++) {
		buf_printf(&b, "%s'%s' (used by ", m == 0 ? "" : m == missing.n - 1 ? " and " : ", ",
		    missing.v[m].key);
		const NodeGroup *listed[MAX_USERS];
		int nu = 0, more = 0;
		bool cluster = false;
		for (int i = 0; i < used.n; i++) {
			const ZoneUse *u = &used.v[i];
			if (strcmp(u->key, missing.v[m].key) != 0)
				continue;
			bool seen = !u->ng && cluster;
			for (int k = 0; k < nu && u->ng && !seen; k++)
				seen = listed[k] == u->ng;
			if (seen)
				continue;
			if (nu == MAX_USERS) {
				more++;
				continue;
			}
			if (u->ng)
				buf_printf(&b, "%s'%s'", nu ? ", " : "", user_name(u));
			else
				buf_printf(&b, "%sthe cluster", nu ? ", " : "");
			cluster |= !u->ng;
			listed[nu++] = u->ng;
		}
		if (more)
			buf_printf(&b, " and %d more", more);
		buf_puts(&b, ")");
	}
	Diag *d = diag(KG201, zones_loc(h),
	    "node group '%s' runs Karpenter but does not cover availability zone%s %s",
	    h->name.s, missing.n == 1 ? "" : "s", b.s);
	buf_free(&b);
	enum { MAX_NOTES = 24 };
	int notes = 0;
	for (int m = 0; m < missing.n; m++)
		for (int i = 0; i < used.n && notes < MAX_NOTES; i++) {
			const ZoneUse *u = &used.v[i];
			if (strcmp(u->key, missing.v[m].key) != 0)
				continue;
			if (u->subnet && u->ng)
				diag_note(d, &u->loc, "node group '%s' uses subnet '%s', in '%s'", u->ng->name.s,
				    u->subnet, u->text);
			else if (u->subnet)
				diag_note(d, &u->loc, "the cluster's subnet '%s' is in '%s'", u->subnet, u->text);
			else if (u->ng)
				diag_note(d, &u->loc, "'%s' is used by node group '%s' here", u->text, u->ng->name.s);
			else
				diag_note(d, &u->loc, "'%s' is one of the cluster's zones here", u->text);
			notes++;
		}
	if (is_domino(h))
		diag_note(d, NULL, "add %s to 'availability_zone_ids' of '%s': once the other node groups "
		    "are gone, the module builds subnets, and tags them for Karpenter, only in the zones "
		    "this group lists (MIGRATION.md, step 1)", missing.n == 1 ? "it" : "them", h->name.s);
	else
		diag_note(d, NULL, "add %s to the zones of '%s': it is the node group left after the "
		    "migration, and Karpenter must find tagged subnets in every zone the workloads use",
		    missing.n == 1 ? "it" : "them", h->name.s);
}

static const char *
source_name(const ZoneUse *u)
{
	return u->ng ? u->ng->name.s : "the cluster";
}

/* The zones a group writes mix names and ids, and resolve() found no mapping for them. */
static bool
zones_mixed(const IR *ir, const NodeGroup *g)
{
	if (g->zones.unknown || ng_zones_as(ir, g, true).n || ng_zones_as(ir, g, false).n)
		return false;
	int ids = 0, names = 0;
	for (int i = 0; i < g->zones.n; i++) {
		const SVal *z = &g->zones.v[i];
		if (z->unknown || !z->s)
			return false;
		ids += pat_match(PAT_AZ_ID, z->s, strlen(z->s));
		names += pat_match(PAT_AZ_NAME, z->s, strlen(z->s));
	}
	return ids != g->zones.n && names != g->zones.n;
}

static bool
all_known(const SList *s)
{
	for (int i = 0; i < s->n; i++)
		if (s->v[i].unknown || !s->v[i].s)
			return false;
	return true;
}

/*
 * A migrated group known only by zone ids gets a NodePool pinned
 * by 'topology.k8s.aws/zone-id' (lower.c, where names are not known), a
 * label Karpenter serves from 0.34 on.
 */
static void
zone_id_label(const CheckCtx *c)
{
	const KarpVersion *kv = c->ir->opt ? &c->ir->opt->kv : NULL;
	if (!kv || !kv->rel || kv_has(kv, KF_ZONE_ID_LABEL))
		return;     /* no target (a unit test's IR), or one with the label */
	for (int i = 0; i < c->ir->groups.n; i++) {
		const NodeGroup *g = c->ir->groups.v[i];
		if (g->role == ROLE_KARPENTER_HOME)
			continue;
		SList ids = ng_zones_as(c->ir, g, true);
		if (ids.n == 0 || ng_zones_as(c->ir, g, false).n || !all_known(&ids))
			continue;
		Diag *d = diag(KG202, &ids.loc, "Karpenter %s has no 'topology.k8s.aws/zone-id' label: the "
		    "zones of '%s' are known only by id", kv->name, g->name.s);
		diag_note(d, NULL, "add describe-subnets output so the ids map to zone names, or target %s "
		    "or later", karpenter_first_with(KF_ZONE_ID_LABEL, 0)->name);
	}
}

void
check_az_mix(const CheckCtx *c)
{
	ZoneUses all = { 0 };
	/* the reference spelling: the home group's, else the first one written */
	for (int i = 0; i < c->nhomes; i++)
		zones_of_group(c, c->homes[i], &all);
	for (int i = 0; i < c->ir->groups.n; i++)
		if (c->ir->groups.v[i]->role != ROLE_KARPENTER_HOME)
			zones_of_group(c, c->ir->groups.v[i], &all);
	zones_of_cluster(c, &all);
	if (all.n == 0)
		return;
	const ZoneUse *ref = NULL;
	for (int i = 0; i < all.n && !ref; i++)
		if (!all.v[i].mapped)
			ref = &all.v[i];
	if (!ref)
		return;
	bool ref_id = ref->is_id;
	const NodeGroup *reported = NULL;
	bool any_reported = false;
	/* one diagnostic per node group (or the cluster) that spells zones the other way */
	for (int i = 0; i < all.n; i++) {
		const ZoneUse *u = &all.v[i];
		if (u->mapped || u->is_id == ref_id)
			continue;
		/* a group's zones are contiguous in `all`: one diagnostic for the first odd one */
		if (i > 0 && all.v[i - 1].ng == u->ng && reported == u->ng && any_reported)
			continue;
		reported = u->ng;
		any_reported = true;
		Diag *d = diag(KG202, &u->loc,
		    "availability zone %s '%s' of %s%s%s is mixed with zone %s such as '%s' and no "
		    "mapping between them is known",
		    u->is_id ? "id" : "name", u->text, u->ng ? "node group '" : "", source_name(u),
		    u->ng ? "'" : "", ref_id ? "ids" : "names", ref->text);
		diag_note(d, &ref->loc, "zone %s '%s' is used by %s%s%s here", ref_id ? "id" : "name",
		    ref->text, ref->ng ? "node group '" : "", source_name(ref), ref->ng ? "'" : "");
		diag_note(d, NULL, "an AZ name means a different zone in every account while an id does "
		    "not: give 'aws ec2 describe-subnets' or 'aws ec2 describe-availability-zones' output "
		    "as another input, or write every zone as an id");
		/* lower() pins a NodePool to zones of one spelling only */
		if (u->ng && u->ng->role != ROLE_KARPENTER_HOME && zones_mixed(c->ir, u->ng))
			diag_note(d, NULL, "the NodePool of '%s' is not pinned to zones; give all as ids (or add "
			    "describe-subnets output that maps them)", u->ng->name.s);
	}
	zone_id_label(c);
}

/* ------------------------------------------------- zones and the region */

/*
 * AWS names a region COUNTRY-[gov-]DIRECTION-N (us-east-1, us-gov-west-1,
 * ap-southeast-2) and writes its zone ids with the region's code: COUNTRY,
 * "g" for gov, the direction's letters, N (use1-az1, usgw1-az2, apse2-az3).
 * A zone name is the region and a letter (us-east-1a).  Local Zones and
 * Wavelength Zones add a location (us-west-2-lax-1a / usw2-lax1-az1,
 * us-east-1-wl1-bos-wlz-1 / use1-wl1-bos-wlz1).
 */
static const struct { const char *word, *code; } directions[] = {
	{ "east", "e" }, { "west", "w" }, { "north", "n" }, { "south", "s" }, { "central", "c" },
	{ "northeast", "ne" }, { "northwest", "nw" }, { "southeast", "se" }, { "southwest", "sw" },
};

/* The zone-id code of `region` ("use1"); NULL when the region is not of that form (iso). */
static const char *
region_code(Arena *a, const char *region)
{
	char country[8], word[16];
	int n, used = 0;
	const char *gov = "";
	if (sscanf(region, "%7[a-z]-gov-%15[a-z]-%d%n", country, word, &n, &used) == 3 && region[used] == '\0')
		gov = "g";
	else if (!(sscanf(region, "%7[a-z]-%15[a-z]-%d%n", country, word, &n, &used) == 3 && region[used] == '\0'))
		return NULL;
	for (size_t i = 0; i < sizeof directions / sizeof *directions; i++)
		if (strcmp(word, directions[i].word) == 0)
			return arena_printf(a, "%s%s%s%d", country, gov, directions[i].code, n);
	return NULL;
}

typedef enum ZoneKind { ZK_JUNK, ZK_NAME, ZK_ID, ZK_LOCAL, ZK_WAVELENGTH } ZoneKind;

static const struct { PatId name, id; ZoneKind kind; } zone_forms[] = {
	{ PAT_AZ_NAME, PAT_AZ_ID, ZK_NAME },
	{ PAT_LOCAL_ZONE_NAME, PAT_LOCAL_ZONE_ID, ZK_LOCAL },
	{ PAT_WAVELENGTH_NAME, PAT_WAVELENGTH_ID, ZK_WAVELENGTH },
};

/*
 * What zone `z` is; *is_id says whether it is written as an id, and *region
 * gets the part that names its region: the region of a name ("us-east-1" of
 * "us-west-2-lax-1a": the fields up to the first number), the code of an
 * id (up to the first '-').
 */
static ZoneKind
zone_kind(Arena *a, const char *z, bool *is_id, const char **region)
{
	size_t n = strlen(z);
	for (size_t i = 0; i < sizeof zone_forms / sizeof *zone_forms; i++) {
		bool name = pat_match(zone_forms[i].name, z, n);
		if (!name && !pat_match(zone_forms[i].id, z, n))
			continue;
		*is_id = !name;
		size_t len = strcspn(z, "-");
		if (name) {
			/* COUNTRY[-gov]-DIRECTION-N: up to the end of the first all-digit field */
			const char *p = z;
			while ((p = strchr(p, '-')) != NULL) {
				p++;
				size_t d = strspn(p, "0123456789");
				if (d > 0) {
					len = (size_t)(p - z) + d;
					break;
				}
			}
		}
		*region = arena_strndup(a, z, len);
		return zone_forms[i].kind;
	}
	return ZK_JUNK;
}

/* A zone as a node group or the cluster writes it, judged against the cluster's region. */
typedef struct ZoneSeen {
	const ZoneUse *u;
	const char *who;            /* "node group 'x'", "the cluster" */
	ZoneKind kind;
	bool is_id;
	bool other;                 /* of another region than the cluster's */
	const char *region, *code;  /* the cluster's region and its zone-id code; NULL: not known */
} ZoneSeen;

/*
 * Calls fn on each zone a node group or the cluster writes, once per spelling
 * and user; a subnet's zone comes from AWS itself and is left out.  When the
 * inputs disagree on the region (KG107), no zone is of another region.
 */
static void
each_zone(const CheckCtx *c, void (*fn)(const CheckCtx *c, const ZoneSeen *z))
{
	ZoneUses all = { 0 };
	for (int i = 0; i < c->ir->groups.n; i++)
		zones_of_group(c, c->ir->groups.v[i], &all);
	zones_of_cluster(c, &all);
	const SVal *r = &c->ir->cluster.region;
	ZoneSeen z = { .region = r->set && !r->unknown && r->s && !c->ir->cluster.region_conflict ? r->s : NULL };
	z.code = z.region ? region_code(c->arena, z.region) : NULL;
	for (int i = 0; i < all.n; i++) {
		const ZoneUse *u = &all.v[i];
		if (!u->text || u->subnet)
			continue;
		bool seen = false;
		for (int k = 0; k < i && !seen; k++)
			seen = all.v[k].ng == u->ng && all.v[k].text && strcmp(all.v[k].text, u->text) == 0;
		if (seen)
			continue;
		const char *part = NULL;
		z.u = u;
		z.who = u->ng ? arena_printf(c->arena, "node group '%s'", u->ng->name.s) : "the cluster";
		z.is_id = false;
		z.kind = zone_kind(c->arena, u->text, &z.is_id, &part);
		z.other = z.kind != ZK_JUNK && z.region &&
		    (z.is_id ? z.code && strcmp(part, z.code) != 0 : strcmp(part, z.region) != 0);
		fn(c, &z);
	}
}

static void
zone_region(const CheckCtx *c, const ZoneSeen *z)
{
	const ZoneUse *u = z->u;
	const SVal *r = &c->ir->cluster.region;
	if (z->kind == ZK_JUNK) {
		Diag *d = diag(KG242, &u->loc, "'%s' of %s is not an availability zone name or id", u->text, z->who);
		diag_note(d, NULL, "write a zone name such as '%sa' or a zone id such as '%s-az1' "
		    "('aws ec2 describe-availability-zones' lists them)", z->region ? z->region : "us-east-1",
		    z->code ? z->code : "use1");
		return;
	}
	if (!z->other)
		return;
	Diag *d = diag(KG242, &u->loc, "availability zone %s '%s' of %s is not in region '%s'",
	    z->is_id ? "id" : "name", u->text, z->who, z->region);
	diag_note(d, r->loc.file ? &r->loc : NULL, "the region is '%s'%s", z->region, r->loc.file ? " here" : "");
	if (z->is_id)
		diag_note(d, NULL, "the zone ids of '%s' are '%s-az1', '%s-az2', ...", z->region, z->code, z->code);
	else
		diag_note(d, NULL, "the zone names of '%s' are '%sa', '%sb', ...", z->region, z->region, z->region);
}

/* KG242: each zone a node group or the cluster names, against the cluster's region. */
void
check_zone_region(const CheckCtx *c)
{
	each_zone(c, zone_region);
}

static const char unsupported_fix[] = "keep this node group as it is (leave it out of the migration) or run "
    "its workloads in the region's own availability zones";

static void
zone_unsupported(const CheckCtx *c, const ZoneSeen *z)
{
	(void)c;
	if (z->other || (z->kind != ZK_LOCAL && z->kind != ZK_WAVELENGTH))
		return;     /* a zone of another region is KG242's */
	Diag *d = diag(KG244, &z->u->loc, "'%s' of %s is a %s, which Karpenter does not support", z->u->text, z->who,
	    z->kind == ZK_LOCAL ? "Local Zone" : "Wavelength Zone");
	diag_note(d, NULL, "%s", unsupported_fix);
}

/* KG244: node groups on an AWS Outpost, in a Local Zone or a Wavelength Zone of the region. */
void
check_zone_unsupported(const CheckCtx *c)
{
	for (int i = 0; i < c->ir->groups.n; i++) {
		const NodeGroup *g = c->ir->groups.v[i];
		if (!g->outpost_arn.set || (g->outpost_arn.s && !g->outpost_arn.unknown && !*g->outpost_arn.s))
			continue;
		Diag *d = diag(KG244, &g->outpost_arn.loc, "node group '%s' runs on an AWS Outpost, which Karpenter "
		    "does not support", g->name.s);
		diag_note(d, NULL, "%s", unsupported_fix);
	}
	each_zone(c, zone_unsupported);
}

/* ------------------------------------------------------------ KG246, KG247 */

/*
 * The text of a group's own subnets when they are an expression (the list's,
 * or its first element's that is one); NULL when every one is a literal.
 */
static const char *
subnets_expr(const NodeGroup *g)
{
	const SList *s = &g->subnet_ids;
	if (!s->set)
		return NULL;
	if (s->unknown)
		return s->expr ? s->expr : "";
	for (int k = 0; k < s->n; k++)
		if (s->v[k].unknown)
			return s->v[k].expr ? s->v[k].expr : "";
	return NULL;
}

static bool
mentions_public(const char *s)
{
	for (; s && *s; s++)
		if (strncasecmp(s, "public", 6) == 0)
			return true;
	return false;
}

/*
 * A migrated group on public subnets: eksctl's (privateNetworking absent or
 * false, no subnets of its own: eksctl puts it on the VPC's public subnets),
 * any other whose input says it is on public subnets without naming them
 * (private_networking false, not a default: Blueprints v4 subnet_type =
 * "public"), or one whose subnets are an expression that names public subnets
 * (`module.vpc.public_subnets`).  Its class selects the subnets the runbook
 * tags karpenter.sh/discovery, private ones only, and the runbook's
 * preflight stops on such a group (templates/runbook.sh tag_subnets()):
 * said at compile, with the ways out.  A group whose own subnets are
 * literal ids is not one: its class selects those ids, public or not.
 * Domino's groups are on the subnets its Terraform tags.
 */
void
check_public_subnets(const CheckCtx *c)
{
	if (c->ir->domino)
		return;
	for (int i = 0; i < c->ir->groups.n; i++) {
		const NodeGroup *g = c->ir->groups.v[i];
		if (!lower_migrates(g))
			continue;
		const BVal *pn = &g->private_networking;
		const char *expr = subnets_expr(g);
		Diag *d;
		if (g->source == NGS_EKSCTL && !g->subnet_ids.set && !(pn->set && (pn->unknown || pn->v))) {
			d = diag(KG246, pn->set ? &pn->loc : &g->loc, "node group '%s' runs on the VPC's public subnets "
			    "(eksctl's privateNetworking %s)", g->name.s, pn->set ? "is false" : "defaults to false");
		} else if (!g->subnet_ids.set && pn->set && !pn->unknown && !pn->v && pn->origin != ORIGIN_DEFAULT) {
			/* any front-end whose input puts the group on public subnets (Blueprints v4
			 * subnet_type = "public"), as eksctl's privateNetworking: false above */
			d = diag(KG246, &pn->loc, "node group '%s' runs on the VPC's public subnets (its input says so "
			    "here)", g->name.s);
		} else if (expr && mentions_public(expr)) {
			d = diag(KG246, &g->subnet_ids.loc, "node group '%s' runs on public subnets ('%s')", g->name.s,
			    expr);
		} else {
			continue;
		}
		diag_note(d, NULL, "its EC2NodeClass selects the private subnets the runbook tags "
		    "karpenter.sh/discovery (the same class as a private group's when the rest is equal), so "
		    "the runbook's preflight stops on this group before it changes anything");
		diag_note(d, NULL, "%s, or give its public subnets by id (its class then selects them as they "
		    "are), or leave the group out of the inputs and keep it",
		    g->source == NGS_EKSCTL ? "give it 'privateNetworking: true' (eksctl makes the group anew)" :
		    "give it private subnets");
	}
}

/*
 * A migrated group's own subnets as an expression (not one that names
 * public subnets: KG246): its class selects by the discovery tag, which
 * the runbook puts on its Auto Scaling group's private subnets at run time,
 * and its NodePool allows the group's zones only when the input gives them.
 */
void
check_subnets_expression(const CheckCtx *c)
{
	if (c->ir->domino)
		return;
	for (int i = 0; i < c->ir->groups.n; i++) {
		const NodeGroup *g = c->ir->groups.v[i];
		const char *expr = subnets_expr(g);
		if (!lower_migrates(g) || !expr || mentions_public(expr))
			continue;
		bool zones = g->zones.set && !g->zones.unknown && g->zones.n > 0;
		Diag *d = diag(KG247, &g->subnet_ids.loc, "the subnets of node group '%s' are an expression "
		    "karpgen cannot evaluate offline ('%s')", g->name.s, expr);
		diag_note(d, NULL, "its EC2NodeClass selects the subnets the runbook tags karpenter.sh/discovery "
		    "(its Auto Scaling group's private subnets, read at run time, and the other groups' that "
		    "select by the tag)%s", zones ? "" : ", and its NodePool pins no zone");
		diag_note(d, NULL, "to pin them, write the subnet ids in the input: its class then selects "
		    "exactly those");
	}
}

/* ------------------------------------------------------------ KG207 */

bool
check_migrating(const IR *ir)
{
	for (int i = 0; i < ir->groups.n; i++)
		if (lower_migrates(ir->groups.v[i]))
			return true;
	/* at the first input's first value: the start of what was read */
	Loc at = { .file = ir->inputs.n ? ir->inputs.v[0]->file : NULL };
	const Input *in = ir->inputs.n ? ir->inputs.v[0] : NULL;
	const Value *v = in ? (in->root ? in->root : in->ndocs ? in->docs[0] : NULL) : NULL;
	if (v && v->loc.file && v->loc.line > 0)
		at = v->loc;
	else if (at.file)
		at.line = at.col = 1;
	Diag *d = diag(KG207, &at, "no node group to migrate");
	diag_note(d, NULL, "give the inputs that define the cluster's node groups");
	return false;
}

/* ------------------------------------------------------------ the home */

void
check_home_missing(const CheckCtx *c)
{
	const IR *ir = c->ir;
	if (ir->groups.n == 0 || c->nhomes > 0)
		return;
	const Options *o = ir->opt;
	bool enabled = ir->cluster.karpenter_enabled.set && ir->cluster.karpenter_enabled.v;
	bool compile = o && o->command && strcmp(o->command, "compile") == 0;
	/* a --karpenter-nodegroup that names no group is resolve's KG112 already */
	if (o && o->karpenter_nodegroup)
		return;
	/*
	 * Karpenter manifests say Karpenter is coming; but per-group exports
	 * (describe-nodegroup) do not claim to list every group, so the home
	 * may just not be among them.  Whole-cluster configs (tfvars, eksctl) do.
	 */
	bool whole = false;
	for (int i = 0; i < ir->groups.n; i++)
		whole |= ir->groups.v[i]->source != NGS_AWS_CLI;
	if (!enabled && !(c->karpenter_objects && whole) && !compile)
		return;
	/* groups that only a module default made (a cluster-stage tfvars) say nothing about the cluster */
	bool written = false;
	for (int i = 0; i < ir->groups.n; i++)
		written |= ir->groups.v[i]->name.origin != ORIGIN_DEFAULT;
	if (!written && !compile)
		return;
	const Loc *loc = &ir->groups.v[0]->loc;
	if (enabled && ir->cluster.karpenter_enabled.loc.file)
		loc = &ir->cluster.karpenter_enabled.loc;
	else if (c->karpenter_objects)
		for (int i = 0; i < ir->objects.n; i++)
			if (ir->objects.v[i]->api_version && strstr(ir->objects.v[i]->api_version, "karpenter")) {
				loc = &ir->objects.v[i]->loc;
				break;
			}
	Diag *d = diag(KG203, loc, "Karpenter is %s but no node group is left to run its controller",
	    enabled ? "enabled" : "being introduced");
	Buf b = { 0 };
	for (int i = 0; i < ir->groups.n && i < 12; i++)
		buf_printf(&b, "%s'%s'", i ? ", " : "", ir->groups.v[i]->name.s ? ir->groups.v[i]->name.s : "?");
	if (ir->groups.n > 12)
		buf_puts(&b, ", ...");
	diag_note(d, NULL, "the node groups of the inputs are %s", b.s);
	buf_free(&b);
	diag_note(d, NULL, "the controller must not run on nodes it manages: name the node group that "
	    "keeps running it with '--karpenter-nodegroup NAME'%s",
	    ir->domino ? ", or add a 'karpenter_node_groups' entry (MIGRATION.md, step 1)" : "");
	if (!whole)
		diag_note(d, NULL, "AWS CLI exports of single node groups do not say which group runs it today: "
		    "give that group's 'aws eks describe-nodegroup' output as another input, or a config of the "
		    "whole cluster, so that karpgen can keep it or propose one (KG206)");
}

static int64_t
zone_count(const NodeGroup *g)
{
	return g->zones.n > 0 ? g->zones.n : 1;
}

/*
 * KG112 on a node group's sizes, whichever front-end read them: a minimum
 * above the maximum is a group no tool would create.  A negative count or
 * size never reaches here: the one value converter (ival_of) refuses it
 * for every front-end and leaves it unset.
 */
void
check_group_sizes(const CheckCtx *c)
{
	for (int i = 0; i < c->ir->groups.n; i++) {
		const NodeGroup *g = c->ir->groups.v[i];
		const IVal *lo = &g->min_size, *hi = &g->max_size;
		if (!lo->set || lo->unknown || !hi->set || hi->unknown || lo->v <= hi->v)
			continue;
		Diag *d = diag(KG112, lo->loc.file ? &lo->loc : &g->loc, "the minimum size of node group '%s' (%lld) "
		    "is greater than its maximum size (%lld)", g->name.s, (long long)lo->v, (long long)hi->v);
		diag_note(d, hi->loc.file ? &hi->loc : NULL, "the maximum size is set here%s",
		    hi->origin == ORIGIN_DEFAULT ? " (a default)" : "");
	}
}

void
check_home_capacity(const CheckCtx *c)
{
	if (c->nhomes == 0)
		return;
	int64_t min = 0, max = 0;
	bool max_known = true;
	const NodeGroup *at = NULL;
	for (int i = 0; i < c->nhomes; i++) {
		const NodeGroup *g = c->homes[i];
		if (!g->min_size.set || g->min_size.unknown)
			return;     /* not known: nothing to say */
		int64_t k = g->per_az ? zone_count(g) : 1;
		min += g->min_size.v * k;
		if (g->max_size.set && !g->max_size.unknown)
			max += g->max_size.v * k;
		else
			max_known = false;
		if (!at)
			at = g;
	}
	if (min >= 2)
		return;
	Buf who = { 0 };
	for (int i = 0; i < c->nhomes; i++)
		buf_printf(&who, "%s'%s'", i ? ", " : "", c->homes[i]->name.s);
	Diag *d = diag(KG204, at->min_size.loc.file ? &at->min_size.loc : &at->loc,
	    "%s that run%s Karpenter (%s) keep%s at least %lld node%s, but the controller's two "
	    "replicas must run on separate nodes%s",
	    c->nhomes == 1 ? "the node group" : "the node groups", c->nhomes == 1 ? "s" : "", who.s,
	    c->nhomes == 1 ? "s" : "", (long long)min, min == 1 ? "" : "s",
	    max_known && max < 2 ? " and can never grow to two" : "");
	buf_free(&who);
	diag_note(d, &at->loc, "'%s' runs Karpenter (%s)", at->name.s, at->role_why ? at->role_why : "its home");
	if (is_domino(at) && at->single_nodegroup.set && at->single_nodegroup.v)
		diag_note(d, NULL, "with single_nodegroup = true, min_per_az is the minimum of the whole "
		    "group: set min_per_az = 2 (and max_per_az to at least 2)");
	else if (is_domino(at))
		diag_note(d, NULL, "raise min_per_az, or list more availability_zone_ids, so the group "
		    "keeps two nodes");
	else
		diag_note(d, NULL, "raise the group's minimum size to 2 (and its maximum to at least 2)");
}

void
check_single_nodegroup(const CheckCtx *c)
{
	for (int i = 0; i < c->ir->groups.n; i++) {
		const NodeGroup *g = c->ir->groups.v[i];
		if (!g->single_nodegroup.set || g->single_nodegroup.unknown || !g->single_nodegroup.v)
			continue;
		const Loc *loc = g->single_nodegroup.loc.file ? &g->single_nodegroup.loc : &g->loc;
		int nz = g->zones.n;
		bool min_known = g->min_size.set && !g->min_size.unknown;
		/* one node is one zone; per zone, the same min_per_az would have been one node in each */
		if (min_known && g->min_size.v == 1 && nz >= 2) {
			Diag *d = diag_sev(KG205, SEV_WARNING, loc,
			    "single_nodegroup makes '%s' one node group over %d zones that keeps one node, "
			    "in one zone: an outage of that zone stops %s until a node comes up elsewhere",
			    g->name.s, nz, g->role == ROLE_KARPENTER_HOME ? "the Karpenter controller" :
			    "its workloads");
			diag_note(d, NULL, "set min_per_az to 2 or more, or drop single_nodegroup to get one "
			    "node group per zone, each keeping min_per_az nodes");
			continue;
		}
		Diag *d = diag(KG205, loc, "single_nodegroup makes '%s' one node group that spans %d "
		    "zone%s, not one group per zone", g->name.s, nz, nz == 1 ? "" : "s");
		if (min_known)
			diag_note(d, NULL, "min_per_az, max_per_az and desired_per_az count for the whole "
			    "group: it keeps %lld node%s at least, in whichever zones the Auto Scaling group "
			    "picks", (long long)g->min_size.v, g->min_size.v == 1 ? "" : "s");
	}
}

/* ------------------------------------------------------------ KG230 */

/*
 * The release to suggest for an alias's family, for the cluster's Kubernetes
 * minor (-1: not known): the kit's own pin (alias_pin()); NULL for families
 * that take only @latest (windows*) and unknown ones.  "latest" for a family
 * of the AMI data with no release for that minor (the data is older than the
 * cluster): no release karpgen knows can be suggested.  *fl: the family's
 * length in `alias`.
 */
static const char *
pin_for_alias(Arena *a, const char *alias, int *fl, int minor)
{
	const char *at = strchr(alias, '@');
	char family[32];
	*fl = (int)(at ? (size_t)(at - alias) : strlen(alias));
	if (*fl >= (int)sizeof family)
		return NULL;
	snprintf(family, sizeof family, "%.*s", *fl, alias);
	const char *pin = alias_pin(a, family, minor);
	return pin && (strcmp(pin, "latest") != 0 || ami_family_known(family, strlen(family))) ? pin : NULL;
}

static bool
is_latest(const char *alias)
{
	const char *at = strchr(alias, '@');
	return at && strcmp(at + 1, "latest") == 0;
}

static int
minor_of(const SVal *k8s)
{
	return k8s && k8s->set && !k8s->unknown ? kube_minor(k8s->s) : -1;
}

/* The note of KG230: the pin to use, or why karpgen names none. */
static void
suggest_pin(Diag *d, int fl, const char *alias, const char *pin, const SVal *k8s)
{
	if (strcmp(pin, "latest") == 0)
		diag_note(d, NULL, "karpgen's AMI data has no %.*s release for Kubernetes %s yet: pin a tested "
		    "release built for it", fl, alias, k8s->s);
	else
		diag_note(d, NULL, "pin a tested version such as '%.*s@%s' for production, and move it "
		    "forward after trying the new AMI elsewhere", fl, alias, pin);
}

static void
ami_alias_latest(Arena *a, const Value *alias, const char *path, const SVal *k8s)
{
	const char *s = alias && alias->kind == V_STR ? alias->s : NULL;
	int fl = 0;
	const char *pin = s && is_latest(s) ? pin_for_alias(a, s, &fl, minor_of(k8s)) : NULL;
	if (!pin)
		return;   /* pinned; or windows*, which take only @latest; unknown families are KG305's */
	Diag *d = diag(KG230, &alias->loc, "%s: AMI alias '%s' follows every new AMI release, replacing "
	    "every node of the class each time", path, s);
	suggest_pin(d, fl, s, pin, k8s);
}

void
check_ami_alias_latest(Arena *a, const KObject *o, const SVal *k8s)
{
	if (o && o->kind && strcmp(o->kind, "EC2NodeClass") == 0 && o->api == KAPI_V1)
		check_alias_latest_doc(a, o->doc, k8s);
}

void
check_alias_latest_doc(Arena *a, const Value *doc, const SVal *k8s)
{
	const Value *terms = v_path(doc, "spec.amiSelectorTerms");
	if (!terms || terms->kind != V_LIST)
		return;
	for (int i = 0; i < terms->n; i++) {
		char path[64];
		snprintf(path, sizeof path, "spec.amiSelectorTerms[%d].alias", i);
		ami_alias_latest(a, v_get(terms->items[i], "alias"), path, k8s);
	}
}

/*
 * The kit's own aliases: v1 pins each family's alias to a release (whether
 * it serves the cluster's Kubernetes is KG251's, check_ami_pins()); v1beta1
 * has no alias, so the family selects the newest AMI.  Once per run: the fix
 * is one option.
 */
void
check_kit_alias_pins(const Lowered *lw)
{
	const Options *o = lw->ir->opt;
	for (int i = 0; i < lw->pools.n; i++) {
		AmiSel s;
		if (ami_select(lw->pools.v[i]->groups.v[0], &s) != AMI_OK || s.ami_id)
			continue;
		if (!lw->v1 && !s.windows) {
			Diag *d = diag(KG230, NULL, "Karpenter %s selects the newest %s AMI: v1beta1 has no alias to "
			    "pin a release", o->kv.name, s.ami_family);
			diag_note(d, NULL, "pin AMIs by id in amiSelectorTerms by hand, or target Karpenter 1.x, whose "
			    "kit pins an alias ('--ami-alias')");
			return;
		}
	}
}

void
check_alias_latest(const CheckCtx *c)
{
	/* after check_manifests(), the validation has reported the objects' aliases */
	for (int i = 0; i < c->ir->objects.n && !c->ir->manifests_checked; i++)
		check_ami_alias_latest(c->ir->arena, c->ir->objects.v[i], &c->ir->cluster.k8s_version);
	const Options *o = c->ir->opt;
	int fl = 0;
	const SVal *k8s = &c->ir->cluster.k8s_version;
	const char *pin = o && o->ami_alias && is_latest(o->ami_alias) ?
	    pin_for_alias(c->ir->arena, o->ami_alias, &fl, minor_of(k8s)) : NULL;
	if (pin) {
		Diag *d = diag(KG230, NULL, "'--ami-alias %s' follows every new AMI release: each one "
		    "drifts and replaces every node", o->ami_alias);
		if (strcmp(pin, "latest") == 0)
			suggest_pin(d, fl, o->ami_alias, pin, k8s);
		else
			diag_note(d, NULL, "pin a tested version such as '%.*s@%s' for production", fl, o->ami_alias, pin);
	}
}
