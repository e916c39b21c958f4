/*
 * resolve.c - what the inputs imply but do not write: the links between
 * inputs (launch templates and Auto Scaling groups to node groups, zones from
 * subnets), AZ ids vs names and the
 * mapping between them, arch and accelerators and the largest instance type
 * from the catalogue, the node group that runs Karpenter, and a KG109 note
 * for every value the migration needs that is an expression karpgen cannot
 * evaluate offline.
 */
#include "karpgen.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NG(f) offsetof(NodeGroup, f)

/* ------------------------------------------- links between inputs */

/*
 * Every field of a NodeGroup, once, with what a launch template's or an
 * ASG's value of it does to a group that uses it (ng_fill()).  One row per
 * field, in the struct's order: tests/unit/test_resolve.c fails when a field
 * has no row (the rows must cover the struct, but for padding), so a field
 * added to NodeGroup is either filled from the template or said not to be.
 */
#define FILL(f, T, how) { offsetof(NodeGroup, f), sizeof(T), _Alignof(T), sizeof(((NodeGroup *)0)->f), how, #f }
const NgFillField ng_fill_fields[] = {
	/* the group's own identity: never a template's */
	FILL(name, SVal, FILL_NONE), FILL(key, SVal, FILL_NONE), FILL(loc, Loc, FILL_NONE),
	FILL(source, NGSource, FILL_NONE), FILL(kind, const char *, FILL_NONE), FILL(role, NGRole, FILL_NONE),
	FILL(role_why, const char *, FILL_NONE), FILL(proposed, bool, FILL_NONE), FILL(self_managed, bool, FILL_NONE),
	FILL(zones, SList, FILL_SLIST), FILL(subnet_ids, SList, FILL_SLIST), FILL(instance_types, SList, FILL_SLIST),
	FILL(type_weights, VEC(IVal), FILL_WEIGHTS),
	FILL(capacity_type, SVal, FILL_SVAL), FILL(ami_type, SVal, FILL_SVAL), FILL(ami_id, SVal, FILL_SVAL),
	FILL(ami_family, SVal, FILL_SVAL), FILL(release_version, SVal, FILL_SVAL), FILL(ami_release, SVal, FILL_SVAL),
	FILL(volume_size, IVal, FILL_IVAL), FILL(volume_type, SVal, FILL_SVAL), FILL(volume_iops, IVal, FILL_IVAL),
	FILL(volume_throughput, IVal, FILL_IVAL), FILL(root_device, SVal, FILL_SVAL),
	FILL(root_mapped, bool, FILL_NONE),             /* resolve's, from the merged settings */
	FILL(volume_encrypted, BVal, FILL_BVAL), FILL(volume_kms_key, SVal, FILL_SVAL),
	FILL(volume_snapshot, SVal, FILL_SVAL), FILL(volume_delete, BVal, FILL_BVAL),
	FILL(volumes, VEC(Volume), FILL_VOLUMES), FILL(instance_store_raid0, BVal, FILL_BVAL),
	FILL(detailed_monitoring, BVal, FILL_BVAL), FILL(public_ip, BVal, FILL_BVAL),
	FILL(cluster_primary_sg, BVal, FILL_BVAL), FILL(cr_ids, SList, FILL_SLIST), FILL(cr_only, BVal, FILL_BVAL),
	FILL(pg_name, SVal, FILL_SVAL), FILL(pg_id, SVal, FILL_SVAL), FILL(pg_partition, IVal, FILL_IVAL),
	FILL(tenancy, SVal, FILL_SVAL), FILL(pg_module, const char *, FILL_NONE),  /* the module's, not a template's */
	FILL(name_tag, SVal, FILL_NONE),                /* the module's (lower.c's EC2NodeClass tags) */
	FILL(efa, BVal, FILL_BVAL), FILL(efa_only, BVal, FILL_BVAL), FILL(netif_custom, BVal, FILL_BVAL),
	FILL(efa_indices, SList, FILL_SLIST), FILL(netifs, VEC(NetIf), FILL_NETIFS),
	FILL(labels, KVList, FILL_LABELS), FILL(taints, VEC(Taint), FILL_TAINTS),
	FILL(not_carried, VEC(NotCarried), FILL_NOT_CARRIED), FILL(tags, KVList, FILL_TAGS),
	FILL(min_size, IVal, FILL_IVAL), FILL(max_size, IVal, FILL_IVAL), FILL(desired_size, IVal, FILL_IVAL),
	FILL(per_az, bool, FILL_NONE),                  /* the Domino module's, of the group itself */
	FILL(single_nodegroup, BVal, FILL_BVAL), FILL(gpu, BVal, FILL_BVAL), FILL(neuron, BVal, FILL_BVAL),
	FILL(max_pods, IVal, FILL_IVAL), FILL(kubelet, Value *, FILL_KUBELET), FILL(max_lifetime, IVal, FILL_IVAL),
	FILL(asg_name, SVal, FILL_SVAL), FILL(nodegroup_arn, SVal, FILL_SVAL), FILL(launch_template, SVal, FILL_SVAL),
	FILL(node_role, SVal, FILL_SVAL), FILL(role_boundary, SVal, FILL_SVAL),
	FILL(launch_template_name, SVal, FILL_SVAL), FILL(launch_template_version, SVal, FILL_SVAL),
	FILL(security_groups, SList, FILL_SLIST), FILL(user_data, SVal, FILL_SVAL),
	FILL(pre_bootstrap, SList, FILL_SLIST), FILL(nodeadm, SList, FILL_SLIST),
	FILL(bottlerocket_toml, SList, FILL_SLIST), FILL(node_policies, SList, FILL_SLIST),
	FILL(outpost_arn, SVal, FILL_SVAL), FILL(metadata_http_tokens, SVal, FILL_SVAL),
	FILL(metadata_http_endpoint, SVal, FILL_SVAL), FILL(metadata_http_ipv6, SVal, FILL_SVAL),
	FILL(metadata_hop_limit, IVal, FILL_IVAL), FILL(on_demand_base, IVal, FILL_IVAL),
	FILL(on_demand_percent, IVal, FILL_IVAL), FILL(private_networking, BVal, FILL_BVAL),
	/* resolved from the catalogue and the front-ends after the link */
	FILL(arch, Arch, FILL_NONE), FILL(accel, Accel, FILL_NONE), FILL(max_vcpu, int64_t, FILL_NONE),
	FILL(max_memory_mib, int64_t, FILL_NONE), FILL(min_memory_mib, int64_t, FILL_NONE),
	FILL(scope, const char *, FILL_NONE), FILL(defaults_from, const char *, FILL_NONE),
	FILL(eks_default_type, bool, FILL_NONE), FILL(user_data_type, SVal, FILL_SVAL),
};
#undef FILL
const size_t ng_fill_nfields = sizeof ng_fill_fields / sizeof *ng_fill_fields;

/*
 * Key/value lists merge: the keys of both, and on a key both have, `first`'s
 * value.  A copy: neither list's array is written.
 */
static KVList
kv_merged(Arena *ar, const KVList *first, const KVList *second)
{
	KVList out = first->set ? *first : *second;
	out.v = arena_alloc(ar, (size_t)(first->n + second->n) * sizeof *out.v);
	out.n = 0, out.cap = first->n + second->n;
	for (int i = 0; i < first->n; i++)
		out.v[out.n++] = first->v[i];
	for (int i = 0; i < second->n; i++) {
		bool have = false;
		for (int j = 0; j < first->n && !have; j++)
			have = strcmp(first->v[j].key.s ? first->v[j].key.s : "",
			    second->v[i].key.s ? second->v[i].key.s : "") == 0;
		if (!have)
			out.v[out.n++] = second->v[i];
	}
	return out;
}

/* The kubelet fields of both; on a field both set, the group's. */
static Value *
kubelet_merged(Arena *ar, Value *to, const Value *from)
{
	if (!to || !from || to == from)
		return to ? to : (Value *)from;
	Value *out = v_new(ar, V_MAP, &to->loc);
	for (int i = 0; i < to->n; i++)
		v_map_put(ar, out, to->members[i].key, &to->members[i].key_loc, to->members[i].val);
	for (int i = 0; i < from->n; i++)
		if (!v_get(to, from->members[i].key))
			v_map_put(ar, out, from->members[i].key, &from->members[i].key_loc, from->members[i].val);
	return out;
}

/*
 * Copy what `from` gives and `to` lacks: a launch template's or an ASG's
 * values reach the node group, the group's own values win.  Labels and tags
 * merge key by key: the nodes get both the group's and the template's.  On
 * a tag both set, the value the instances get wins: an Auto Scaling group's
 * own (self-managed: its tags with PropagateAtLaunch override the template's
 * instance tags), else the template's (an EKS managed group's tags stay on
 * the node group; EC2 tags the instances from the template).  Idempotent.
 */
void
ng_fill(Arena *ar, NodeGroup *to, const NodeGroup *from)
{
#define AT(T, p, off) ((T *)(void *)((char *)(p) + (off)))
	for (size_t i = 0; i < ng_fill_nfields; i++) {
		size_t off = ng_fill_fields[i].off;
		switch (ng_fill_fields[i].how) {
		case FILL_NONE:
			break;
		case FILL_SVAL:
			if (!AT(SVal, to, off)->set)
				*AT(SVal, to, off) = *AT(const SVal, from, off);
			break;
		case FILL_IVAL:
			if (!AT(IVal, to, off)->set)
				*AT(IVal, to, off) = *AT(const IVal, from, off);
			break;
		case FILL_BVAL:
			if (!AT(BVal, to, off)->set)
				*AT(BVal, to, off) = *AT(const BVal, from, off);
			break;
		case FILL_SLIST:
			if (!AT(SList, to, off)->set || AT(SList, to, off)->n == 0)
				if (AT(const SList, from, off)->set)
					*AT(SList, to, off) = *AT(const SList, from, off), AT(SList, to, off)->cap = 0;
			break;
		case FILL_LABELS:
		case FILL_TAGS: {
			KVList *t = AT(KVList, to, off);
			const KVList *f = AT(const KVList, from, off);
			if (!f->set || f->n == 0) {
				if (!t->set && f->set)
					*t = *f, t->cap = 0;
			} else if (!t->set || t->n == 0) {
				*t = *f, t->cap = 0;
			} else {
				bool template_wins = ng_fill_fields[i].how == FILL_TAGS && !to->self_managed;
				*t = template_wins ? kv_merged(ar, f, t) : kv_merged(ar, t, f);
			}
			break;
		}
		case FILL_WEIGHTS:
			/* the units of each type count for the types they were given with: the
			 * template's when the group's types are the template's (instance_types,
			 * the row before, shares its array) */
			if (to->type_weights.n == 0 && from->instance_types.set && from->instance_types.n &&
			    to->instance_types.v == from->instance_types.v)
				for (int k = 0; k < from->type_weights.n; k++)
					VEC_PUSH(ar, to->type_weights, from->type_weights.v[k]);
			break;
		case FILL_VOLUMES:
			if (to->volumes.n == 0)
				for (int k = 0; k < from->volumes.n; k++)
					VEC_PUSH(ar, to->volumes, from->volumes.v[k]);
			break;
		case FILL_NETIFS:
			if (to->netifs.n == 0)
				for (int k = 0; k < from->netifs.n; k++)
					VEC_PUSH(ar, to->netifs, from->netifs.v[k]);
			break;
		case FILL_TAINTS:
			if (to->taints.n == 0)
				for (int k = 0; k < from->taints.n; k++)
					VEC_PUSH(ar, to->taints, from->taints.v[k]);
			break;
		case FILL_NOT_CARRIED:
			/* what the template sets and the kit does not carry is the group's to list (once) */
			for (int k = 0; k < from->not_carried.n; k++)
				ng_not_carried_add(ar, to, &from->not_carried.v[k]);
			break;
		case FILL_KUBELET:
			to->kubelet = kubelet_merged(ar, to->kubelet, from->kubelet);
			break;
		}
	}
#undef AT
}

static bool
sval_is(const SVal *s, const char *text)
{
	return s->set && !s->unknown && s->s && text && strcmp(s->s, text) == 0;
}

static bool
version_is(const char *text, int64_t n)
{
	char *end;
	long long v = strtoll(text, &end, 10);
	return end != text && *end == '\0' && v == n;
}

/*
 * A Terraform reference to a launch template in the inputs
 * (`aws_launch_template.NAME.id`, `.name`, `.arn`, `.latest_version`,
 * `.default_version`): `aws_launch_template.NAME`, the id load_tfeks.c gives
 * the resource's LtVersion, in buf; NULL for anything else.
 */
static const char *
tf_lt_ref(const SVal *v, char *buf, size_t size)
{
	static const char prefix[] = "aws_launch_template.";
	if (!v->set || !v->unknown || !v->expr || strncmp(v->expr, prefix, sizeof prefix - 1) != 0)
		return NULL;
	const char *name = v->expr + sizeof prefix - 1, *dot = strchr(name, '.');
	if (!dot || dot == name || (size_t)(dot - v->expr) >= size)
		return NULL;
	static const char *const attrs[] = { "id", "name", "arn", "latest_version", "default_version" };
	bool known = false;
	for (size_t i = 0; i < sizeof attrs / sizeof *attrs; i++)
		known |= strcmp(dot + 1, attrs[i]) == 0;
	if (!known)
		return NULL;
	memcpy(buf, v->expr, (size_t)(dot - v->expr));
	buf[dot - v->expr] = '\0';
	return buf;
}

/* The launch-template version a group names (id or name, and version:
 * a number, $Default, $Latest; none means the default).  A Terraform
 * reference names the aws_launch_template resource of that name, whose one
 * version is the configuration, whichever version attribute it names. */
static LtVersion *
lt_for(const struct AwsLinks *l, const NodeGroup *ng)
{
	const SVal *ref = &ng->launch_template, *ver = &ng->launch_template_version;
	char tf_ref[256];
	const char *key = ref->set && !ref->unknown ? ref->s : tf_lt_ref(ref, tf_ref, sizeof tf_ref);
	if (!key)
		return NULL;
	LtVersion *best = NULL;
	bool latest = sval_is(ver, "$Latest");
	bool dflt = !ver->set || sval_is(ver, "$Default") || (ver->unknown && tf_lt_ref(ver, (char[256]){ 0 }, 256));
	int candidates = 0;
	LtVersion *only = NULL;
	for (int i = 0; i < l->lts.n; i++) {
		LtVersion *lt = l->lts.v[i];
		if (!(sval_is(&lt->id, key) || sval_is(&lt->name, key) ||
		    sval_is(&lt->name, ng->launch_template_name.s)))
			continue;
		candidates++;
		only = lt;
		if (latest) {
			if (!best || lt->number.v > best->number.v)
				best = lt;
		} else if (dflt) {
			if (lt->is_default.set && lt->is_default.v)
				best = lt;
		} else if (lt->number.set && !ver->unknown && version_is(ver->s, lt->number.v)) {
			best = lt;
		}
	}
	/* one version of the template given, and no version asked for: that one */
	if (!best && dflt && candidates == 1)
		best = only;
	return best;
}

/*
 * A group that names its subnets but not its zones (describe-nodegroup,
 * eksctl `subnets`) is in the zones of those subnets, where describe-subnets
 * (or eksctl's vpc.subnets) says which they are.
 */
static void
zones_from_subnets(IR *ir, NodeGroup *g)
{
	if (g->zones.set || !g->subnet_ids.set || g->subnet_ids.unknown || g->subnet_ids.n == 0)
		return;
	SList z = { .loc = g->subnet_ids.loc, .origin = ORIGIN_DERIVED, .set = true };
	z.v = arena_alloc(ir->arena, (size_t)g->subnet_ids.n * sizeof *z.v);   /* a zone per subnet at most */
	for (int i = 0; i < g->subnet_ids.n; i++) {
		const SVal *id = &g->subnet_ids.v[i];
		const Subnet *s = NULL;
		for (int j = 0; j < ir->cluster.subnets.n && !s; j++)
			if (!id->unknown && sval_is(&ir->cluster.subnets.v[j].id, id->s))
				s = &ir->cluster.subnets.v[j];
		if (!s || !s->zone_name.set || s->zone_name.unknown)
			return;     /* all or nothing: a partial list would understate the zones */
		bool have = false;
		for (int k = 0; k < z.n; k++)
			have |= strcmp(z.v[k].s, s->zone_name.s) == 0;
		if (have)
			continue;
		z.v[z.n] = s->zone_name;
		z.v[z.n++].origin = ORIGIN_DERIVED;
	}
	g->zones = z;
}

static bool
is_standalone(const struct AwsLinks *l, const NodeGroup *ng)
{
	for (int i = 0; i < l->asgs.n; i++)
		if (l->asgs.v[i]->ng == ng && !l->asgs.v[i]->owned)
			return true;
	return false;
}

static void
drop_group(IR *ir, const NodeGroup *ng)
{
	int k = 0;
	for (int i = 0; i < ir->groups.n; i++)
		if (ir->groups.v[i] != ng)
			ir->groups.v[k++] = ir->groups.v[i];
	ir->groups.n = k;
}

/*
 * Link what the inputs read so far hold: each ASG to the EKS node group that
 * owns it (named by the group's resources.autoScalingGroups or by the ASG's
 * eks:nodegroup-name tag) or else to a node group of its own; then each group
 * and ASG to its launch-template version.  Run once every input is read
 * (by ir_load(), before it says which inputs gave nothing); filling only
 * what is unset makes it idempotent.
 */
/*
 * A group that uses a launch template the inputs do not hold: its AMI,
 * volumes, metadata options, security groups and user data are unknown, so
 * the kit cannot carry them (KG240, REPORT.md "Not carried").  A template id
 * (lt-...) or a Terraform reference is another object; a literal name is
 * too, except for terraform-aws-modules, whose launch_template_name names
 * the template the module makes from the group's own settings, unless the
 * loader says it names an existing one (v18 with create_launch_template =
 * false: launch_template_name set).
 */
static bool
lt_elsewhere(const NodeGroup *g, char *buf, size_t size)
{
	const SVal *ref = &g->launch_template;
	bool tf = tf_lt_ref(ref, buf, size) != NULL;
	bool literal = ref->set && !ref->unknown && ref->s && *ref->s;
	return tf || (literal && (strncmp(ref->s, "lt-", 3) == 0 || g->source != NGS_TF_EKS_MODULE ||
	    g->launch_template_name.set));
}

static void
lt_missing(IR *ir, NodeGroup *g)
{
	const SVal *ref = &g->launch_template;
	char buf[256] = "";
	if (!lt_elsewhere(g, buf, sizeof buf))
		return;
	bool tf = *buf != '\0';
	NotCarried n = { .setting = arena_printf(ir->arena, "launch template %s", tf ? buf : ref->s), .loc = ref->loc,
		.why = "it is not among the inputs, so its AMI, volumes, metadata options, security groups and user "
		    "data are unknown: give its 'aws ec2 describe-launch-template-versions' output (or its "
		    "aws_launch_template resource) as an input" };
	ng_not_carried_add(ir->arena, g, &n);     /* once: ir_link() runs again */
}

/*
 * The EKS API's own instance type: CreateNodegroup launches t3.medium when
 * neither instanceTypes nor the launch template names one.  Managed groups
 * only (an Auto Scaling group of its own has no such default), and only when
 * no launch template can name a type: none, the one terraform-aws-modules
 * makes (it never sets instance_type: "set on node group instead"), or one
 * the inputs hold (`lt_found`), filled above, that names none.  A template
 * the inputs do not hold may name one: KG220 asks for it.  The module
 * defaults (eksctl's m5.large, v17's, Blueprints v4's) were applied by the
 * loaders, so a group still without a type here is left to EKS.
 */
static void
eks_default_type(IR *ir, NodeGroup *g, bool lt_found)
{
	char buf[256];
	const SList *t = &g->instance_types;
	if (g->self_managed || g->source == NGS_DOMINO || (t->set && (t->n > 0 || t->unknown)) ||
	    (!lt_found && lt_elsewhere(g, buf, sizeof buf)))
		return;
	SVal *types = arena_alloc(ir->arena, sizeof *types);
	types[0] = (SVal){ .s = "t3.medium", .loc = g->loc, .origin = ORIGIN_DEFAULT, .set = true };
	g->instance_types = (SList){ .v = types, .n = 1, .loc = g->loc, .origin = ORIGIN_DEFAULT, .set = true };
	g->eks_default_type = true;
}

/*
 * ------------------------------------------- one group given by two inputs
 *
 * Node group names are unique in an EKS cluster (and eksctl refuses two
 * alike across managedNodeGroups and nodeGroups), so two groups of one name
 * from two inputs (a copy of a file, an eksctl file and the group's
 * describe-nodegroup) are one group: never two NodePools.  A value both
 * inputs write (not a default karpgen applied for a front-end) must agree,
 * else KG107 at both places; otherwise the first input's group keeps its
 * values and takes the other's where it has none or only a front-end's
 * default (the other input said what the group is), then ng_fill() merges
 * the rest (labels, tags, volumes ...).  Groups of one input with one name
 * are that front-end's to judge (load_tfeks.c, load_domino.c).
 */
static bool
said(bool set, bool unknown, Origin o)
{
	return set && !unknown && o != ORIGIN_DEFAULT;
}

static bool
slist_same(const SList *a, const SList *b)
{
	if (a->n != b->n)
		return false;
	for (int i = 0; i < a->n; i++) {
		bool have = false;
		for (int j = 0; j < b->n && !have; j++)
			have = a->v[i].s && b->v[j].s && strcmp(a->v[i].s, b->v[j].s) == 0;
		if (!have)
			return false;
	}
	return true;
}

static const char *
slist_text(Arena *ar, const SList *l)
{
	Buf b = { 0 };
	buf_puts(&b, "[");
	for (int i = 0; i < l->n; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", l->v[i].s ? l->v[i].s : "");
	buf_puts(&b, "]");
	char *out = arena_strdup(ar, b.s);
	buf_free(&b);
	return out;
}

/* KG107 when `keep` and `dup` both say a field differently; true when one did */
static bool
same_group_conflict(const NodeGroup *dup, const char *field, const Loc *kloc, const char *ktext,
    const Loc *dloc, const char *dtext)
{
	Diag *d = diag(KG107, dloc, "node group '%s' has %s %s here but %s in '%s'", dup->name.s, field, dtext,
	    ktext, kloc->file ? kloc->file->name : "another input");
	diag_note(d, kloc, "the group is given here too: one name is one node group of the cluster");
	diag_note(d, NULL, "make the inputs agree, or give only the one that describes the group as it runs");
	return true;
}

static bool
same_group_merge(IR *ir, NodeGroup *keep, const NodeGroup *dup)
{
#define AT(T, p, off) ((T *)(void *)((char *)(p) + (off)))
	bool bad = false;
	if (keep->self_managed != dup->self_managed)
		bad |= same_group_conflict(dup, "kind", &keep->loc,
		    keep->self_managed ? "self-managed" : "managed", &dup->loc,
		    dup->self_managed ? "self-managed" : "managed");
	for (size_t i = 0; i < ng_fill_nfields; i++) {
		size_t off = ng_fill_fields[i].off;
		const char *name = ng_fill_fields[i].name;
		switch (ng_fill_fields[i].how) {
		case FILL_SVAL: {
			SVal *k = AT(SVal, keep, off);
			const SVal *d = AT(const SVal, dup, off);
			if (said(k->set, k->unknown, k->origin) && said(d->set, d->unknown, d->origin)) {
				if (strcmp(k->s ? k->s : "", d->s ? d->s : "") != 0)
					bad |= same_group_conflict(dup, name, &k->loc,
					    arena_printf(ir->arena, "'%s'", k->s ? k->s : ""), &d->loc,
					    arena_printf(ir->arena, "'%s'", d->s ? d->s : ""));
			} else if (said(d->set, d->unknown, d->origin) && (!k->set || k->origin == ORIGIN_DEFAULT)) {
				*k = *d;
			}
			break;
		}
		case FILL_IVAL: {
			IVal *k = AT(IVal, keep, off);
			const IVal *d = AT(const IVal, dup, off);
			if (said(k->set, k->unknown, k->origin) && said(d->set, d->unknown, d->origin)) {
				if (k->v != d->v)
					bad |= same_group_conflict(dup, name, &k->loc,
					    arena_printf(ir->arena, "%lld", (long long)k->v), &d->loc,
					    arena_printf(ir->arena, "%lld", (long long)d->v));
			} else if (said(d->set, d->unknown, d->origin) && (!k->set || k->origin == ORIGIN_DEFAULT)) {
				*k = *d;
			}
			break;
		}
		case FILL_BVAL: {
			BVal *k = AT(BVal, keep, off);
			const BVal *d = AT(const BVal, dup, off);
			if (said(k->set, k->unknown, k->origin) && said(d->set, d->unknown, d->origin)) {
				if (k->v != d->v)
					bad |= same_group_conflict(dup, name, &k->loc, k->v ? "true" : "false",
					    &d->loc, d->v ? "true" : "false");
			} else if (said(d->set, d->unknown, d->origin) && (!k->set || k->origin == ORIGIN_DEFAULT)) {
				*k = *d;
			}
			break;
		}
		case FILL_SLIST: {
			SList *k = AT(SList, keep, off);
			const SList *d = AT(const SList, dup, off);
			bool ks = said(k->set, k->unknown, k->origin) && k->n, ds = said(d->set, d->unknown, d->origin) && d->n;
			if (ks && ds) {
				if (!slist_same(k, d))
					bad |= same_group_conflict(dup, name, &k->loc, slist_text(ir->arena, k),
					    &d->loc, slist_text(ir->arena, d));
			} else if (ds && (!k->set || k->n == 0 || k->origin == ORIGIN_DEFAULT)) {
				*k = *d;
				k->cap = 0;
			}
			break;
		}
		default:
			break;
		}
	}
#undef AT
	if (!bad)
		ng_fill(ir->arena, keep, dup);
	return !bad;
}

typedef struct NamedGroup {
	NodeGroup *g;
	int at;           /* its place in ir->groups: the first input's group comes first */
} NamedGroup;

static int
named_group_cmp(const void *a, const void *b)
{
	const NamedGroup *x = a, *y = b;
	int c = strcmp(x->g->name.s, y->g->name.s);
	return c ? c : (x->at > y->at) - (x->at < y->at);
}

/* sorted by name, so many groups cost n log n (a file of 20,000 groups stays fast) */
static void
merge_same_groups(IR *ir)
{
	int n = 0;
	NamedGroup *v = arena_alloc(ir->arena, (size_t)(ir->groups.n + 1) * sizeof *v);
	for (int i = 0; i < ir->groups.n; i++) {
		NodeGroup *g = ir->groups.v[i];
		if (g->name.set && !g->name.unknown && g->name.s)
			v[n++] = (NamedGroup){ g, i };
	}
	qsort(v, (size_t)n, sizeof *v, named_group_cmp);
	bool *gone = arena_alloc(ir->arena, (size_t)(ir->groups.n + 1) * sizeof *gone);
	bool any = false;
	for (int i = 0; i < n;) {
		int e = i + 1;
		while (e < n && strcmp(v[e].g->name.s, v[i].g->name.s) == 0)
			e++;
		for (int j = i + 1; j < e; j++) {
			if (v[j].g->loc.file == v[i].g->loc.file)
				continue;       /* one input's two groups of one name: its front-end's to judge */
			same_group_merge(ir, v[i].g, v[j].g);
			VEC_PUSH(ir->arena, ir->merged_from, v[j].g->loc.file);
			/* agreed or not, one group: a KG107 error stops the kit, a second pool would be wrong */
			gone[v[j].at] = any = true;
		}
		i = e;
	}
	if (!any)
		return;
	int k = 0;
	for (int i = 0; i < ir->groups.n; i++)
		if (!gone[i])
			ir->groups.v[k++] = ir->groups.v[i];
	ir->groups.n = k;
}

void
ir_link(IR *ir)
{
	static const struct AwsLinks none;
	const struct AwsLinks *l = ir->aws ? ir->aws : &none;
	merge_same_groups(ir);
	for (int i = 0; i < l->asgs.n; i++) {
		AsgRec *r = l->asgs.v[i];
		LtVersion *lt = lt_for(l, &r->data);
		if (lt) {
			ng_fill(ir->arena, &r->data, &lt->data);
			lt->used = true;
		}
		NodeGroup *owner = NULL;
		for (int j = 0; j < ir->groups.n && !owner; j++) {
			NodeGroup *g = ir->groups.v[j];
			if (g == r->ng || g->self_managed || is_standalone(l, g))
				continue;
			if (sval_is(&g->asg_name, r->name.s) ||
			    (r->ng_name.set && sval_is(&g->name, r->ng_name.s)))
				owner = g;
		}
		if (owner && !r->owned) {
			if (r->ng)
				drop_group(ir, r->ng);
			r->ng = owner;
			r->owned = true;
		}
		if (r->owned) {
			/* the EKS group's own config wins; the ASG adds zones, subnets, types */
			NodeGroup z = { 0 };
			z.zones = r->data.zones;
			z.subnet_ids = r->data.subnet_ids;
			z.instance_types = r->data.instance_types;
			z.asg_name = r->name;
			ng_fill(ir->arena, owner ? owner : r->ng, &z);
		} else if (!r->ng) {
			r->ng = arena_alloc(ir->arena, sizeof *r->ng);
			*r->ng = r->data;
			VEC_PUSH(ir->arena, ir->groups, r->ng);
		} else {
			ng_fill(ir->arena, r->ng, &r->data);
		}
	}
	for (int i = 0; i < ir->groups.n; i++) {
		LtVersion *lt = lt_for(l, ir->groups.v[i]);
		if (lt) {
			ng_fill(ir->arena, ir->groups.v[i], &lt->data);
			lt->used = true;
		} else {
			lt_missing(ir, ir->groups.v[i]);
		}
		eks_default_type(ir, ir->groups.v[i], lt != NULL);
		zones_from_subnets(ir, ir->groups.v[i]);
	}
}

bool
aws_input_used(const IR *ir, const SrcFile *f)
{
	const struct AwsLinks *l = ir->aws;
	for (int i = 0; l && i < l->lts.n; i++)
		if (l->lts.v[i]->loc.file == f && l->lts.v[i]->used)
			return true;
	for (int i = 0; l && i < l->asgs.n; i++)
		if (l->asgs.v[i]->loc.file == f && l->asgs.v[i]->ng)
			return true;
	return false;
}

/* ------------------------------------------------------------------ zones */

/* a group's zones in the other spelling: nodepool.c's ng_zones_as(), below resolve in the pipeline */

/* -------------------------------------------------------- instance types */

static void
resolve_types(NodeGroup *g)
{
	const SList *t = &g->instance_types;
	bool amd = false, arm = false, nvidia = false, neuron = false, other = false;
	if (!t->set || t->unknown)
		return;
	for (int i = 0; i < t->n; i++) {
		if (t->v[i].unknown)
			continue;
		const InstanceType *it = catalog_find(t->v[i].s);
		if (!it)
			continue;           /* KG221's business */
		amd |= it->arch == ARCH_AMD64;
		arm |= it->arch == ARCH_ARM64;
		nvidia |= type_accel(it) == ACCEL_NVIDIA;
		neuron |= type_accel(it) == ACCEL_NEURON;
		other |= type_accel(it) == ACCEL_OTHER;
		if (it->vcpu > g->max_vcpu)
			g->max_vcpu = it->vcpu;
		if (it->memory_mib > g->max_memory_mib)
			g->max_memory_mib = it->memory_mib;
		if (!g->min_memory_mib || it->memory_mib < g->min_memory_mib)
			g->min_memory_mib = it->memory_mib;
	}
	g->arch = amd && arm ? ARCH_MIXED : amd ? ARCH_AMD64 : arm ? ARCH_ARM64 : ARCH_UNKNOWN;
	g->accel = nvidia ? ACCEL_NVIDIA : neuron ? ACCEL_NEURON : other ? ACCEL_OTHER : ACCEL_NONE;
}

/* ------------------------------------------------------ the Karpenter home */

static bool
named(const NodeGroup *g, const char *name)
{
	return (g->name.set && !g->name.unknown && g->name.s && strcmp(g->name.s, name) == 0) ||
	    (g->key.set && g->key.s && strcmp(g->key.s, name) == 0);
}

static void
make_home(NodeGroup *g, const char *why)
{
	g->role = ROLE_KARPENTER_HOME;
	if (!g->role_why)
		g->role_why = why;
}

/*
 * Labels that say "the Karpenter controller runs here": the EKS Blueprints
 * karpenter-mng pattern labels (and taints) its group karpenter.sh/controller.
 */
static bool
labelled_home(const NodeGroup *g)
{
	for (int i = 0; i < g->labels.n; i++) {
		const KV *kv = &g->labels.v[i];
		if (kv->key.s && strcmp(kv->key.s, "karpenter.sh/controller") == 0 &&
		    kv->value.set && !kv->value.unknown && strcmp(kv->value.s, "true") == 0)
			return true;
	}
	return false;
}

/*
 * --ami-family GROUP=FAMILY: the user says which bootstrap a group's custom
 * AMI runs, where no input does (an AWS CLI launch template's ImageId whose
 * user data names none).  It wins over the inputs' (the user knows the AMI);
 * lower.c ami_select() reads it with a custom AMI only and reports a FAMILY
 * Karpenter has not (KG305).
 */
static void
resolve_ami_families(IR *ir)
{
	for (int k = 0; ir->opt && k < ir->opt->n_ami_families; k++) {
		const char *spec = ir->opt->ami_families[k], *eq = strchr(spec, '=');
		const char *want = arena_strndup(ir->arena, spec, (size_t)(eq - spec));
		bool found = false;
		for (int i = 0; i < ir->groups.n; i++) {
			NodeGroup *g = ir->groups.v[i];
			if (!named(g, want))
				continue;
			g->ami_family = sval_lit(eq + 1, &(Loc){ 0 }, ORIGIN_OPTION);
			found = true;
		}
		if (!found) {
			Diag *d = diag(KG112, NULL, "'--ami-family %s' names no node group in the inputs", spec);
			diag_note(d, NULL, "give the name of a node group whose custom AMI's family is not known");
		}
	}
}

static void
resolve_home(IR *ir)
{
	const char *want = ir->opt ? ir->opt->karpenter_nodegroup : NULL;
	bool any = false;
	for (int i = 0; i < ir->groups.n; i++)
		any |= ir->groups.v[i]->role == ROLE_KARPENTER_HOME;
	if (want) {
		bool found = false;
		for (int i = 0; i < ir->groups.n; i++)
			if (named(ir->groups.v[i], want)) {
				make_home(ir->groups.v[i], "--karpenter-nodegroup");
				found = true;
			}
		if (!found) {
			Diag *d = diag(KG112, NULL, "'--karpenter-nodegroup %s' names no node group in the inputs",
			    want);
			Buf b = { 0 };
			for (int i = 0; i < ir->groups.n; i++)
				if (ir->groups.v[i]->name.set && !ir->groups.v[i]->name.unknown)
					buf_printf(&b, "%s'%s'", b.len ? ", " : "", ir->groups.v[i]->name.s);
			if (b.len)
				diag_note(d, NULL, "the node groups are %s", b.s);
			else
				diag_note(d, NULL, "the inputs hold no node groups");
			buf_free(&b);
		}
		any |= found;
	}
	if (!any)
		for (int i = 0; i < ir->groups.n; i++) {
			NodeGroup *g = ir->groups.v[i];
			if (named(g, "karpenter"))
				make_home(g, "named 'karpenter'");
			else if (named(g, "system"))
				make_home(g, "named 'system'");
			else if (labelled_home(g))
				make_home(g, "labelled 'karpenter.sh/controller=true'");
		}
}

/*
 * A node group's name names the NodePool that replaces it, so compile needs
 * it known: a placeholder ("${NG}", KG111's warning at load) or an expression
 * is an error here, located at the name, and no NULL name reaches lower().
 */
static void
names_known(const IR *ir)
{
	for (int i = 0; i < ir->groups.n; i++) {
		const NodeGroup *g = ir->groups.v[i];
		if (g->name.s && !g->name.unknown)
			continue;
		const Loc *at = g->name.set ? &g->name.loc : &g->loc;
		Diag *d = g->name.expr
		    ? diag(tf_placeholder(g->name.expr) ? KG111 : KG112, at,
			"node group name '%s' is not known, and compile names the NodePool after it",
			expr_brief(ir->arena, g->name.expr))
		    : diag(KG111, at, "node group has no name, and compile names the NodePool after it");
		diag_note(d, NULL, "fill in the template (envsubst, the pipeline's substitution) before compiling");
	}
}

/*
 * The zones the node groups use, each once, first spelling first: resolved
 * ids where every group with zones has them, else names where every one has
 * them, else as written.  Empty when no group names a zone.
 */
static SList
zones_in_use(const IR *ir)
{
	Arena *a = ir->arena;
	bool ids = true, names = true, any = false;
	for (int i = 0; i < ir->groups.n; i++) {
		const NodeGroup *g = ir->groups.v[i];
		if (g->zones.n == 0)
			continue;
		any = true;
		ids &= ng_zones_as(ir, g, true).n == g->zones.n;
		names &= ng_zones_as(ir, g, false).n == g->zones.n;
	}
	VEC(SVal) zones = { 0 };
	for (int i = 0; any && i < ir->groups.n; i++) {
		const NodeGroup *g = ir->groups.v[i];
		SList spelled = ids || names ? ng_zones_as(ir, g, ids) : g->zones;
		const SList *z = &spelled;
		for (int k = 0; k < z->n; k++) {
			/* a handful of distinct zones: a linear search keeps the first of each */
			bool seen = !z->v[k].s || z->v[k].unknown;
			for (int j = 0; j < zones.n && !seen; j++)
				seen = strcmp(zones.v[j].s, z->v[k].s) == 0;
			if (!seen)
				VEC_PUSH(a, zones, z->v[k]);
		}
	}
	return (SList){ .v = zones.v, .n = zones.n, .origin = ORIGIN_DERIVED, .set = zones.n > 0 };
}

static void
zone_text(Buf *b, const SList *z)
{
	for (int i = 0; i < z->n; i++)
		buf_printf(b, "%s%s", i ? ", " : "", z->v[i].s);
}

/*
 * A Domino deployment before step 1 of the migration guide has no
 * karpenter_node_groups: compile proposes the module's Karpenter group over
 * every zone in use, with two nodes for the controller's two replicas
 * (terraform/01-karpenter-node-groups.tfvars), as the guide recommends, and
 * the checks and the lowering treat it as the group that runs Karpenter.
 */
static void
propose_domino(IR *ir)
{
	Arena *a = ir->arena;
	const NodeGroup *first = ir->groups.n ? ir->groups.v[0] : NULL;
	SList zones = zones_in_use(ir);
	if (!first || zones.n == 0)
		return;
	NodeGroup *h = arena_alloc(a, sizeof *h);
	const Loc at = first->loc;
	h->loc = at;
	h->name = (SVal){ .s = "karpenter", .loc = at, .origin = ORIGIN_DERIVED, .set = true };
	h->source = NGS_DOMINO;
	h->kind = "karpenter_node_groups";
	h->role = ROLE_KARPENTER_HOME;
	h->role_why = "proposed by karpgen (terraform/01-karpenter-node-groups.tfvars)";
	h->proposed = true;
	zones.loc = at;
	h->zones = zones;
	h->single_nodegroup = (BVal){ .v = true, .loc = at, .origin = ORIGIN_DERIVED, .set = true };
	/* the module's defaults for karpenter_node_groups (modules/nodes/variables.tf), two nodes */
	SVal *types = arena_alloc(a, sizeof *types);
	*types = (SVal){ .s = "m6a.large", .loc = at, .origin = ORIGIN_DEFAULT, .set = true };
	h->instance_types = (SList){ .v = types, .n = 1, .loc = at, .origin = ORIGIN_DEFAULT, .set = true };
	h->capacity_type = (SVal){ .s = "ON_DEMAND", .loc = at, .origin = ORIGIN_DEFAULT, .set = true };
	h->ami_type = (SVal){ .s = "AL2023_x86_64_STANDARD", .loc = at, .origin = ORIGIN_DEFAULT, .set = true };
	KV *kv = arena_alloc(a, 2 * sizeof *kv);
	kv[0].key = (SVal){ .s = "dominodatalab.com/node-pool", .loc = at, .set = true };
	kv[0].value = (SVal){ .s = "karpenter", .loc = at, .set = true };
	kv[1].key = (SVal){ .s = "dominodatalab.com/calico-controlplane", .loc = at, .set = true };
	kv[1].value = (SVal){ .s = "true", .loc = at, .set = true };
	h->labels = (KVList){ .v = kv, .n = 2, .loc = at, .origin = ORIGIN_DEFAULT, .set = true };
	h->min_size = (IVal){ .v = 2, .loc = at, .origin = ORIGIN_DERIVED, .set = true };
	h->desired_size = h->min_size;
	h->max_size = (IVal){ .v = 3, .loc = at, .origin = ORIGIN_DEFAULT, .set = true };
	VEC_PUSH(a, ir->groups, h);
	Diag *d = diag(KG206, &at, "no 'karpenter_node_groups': the kit adds one (step 1 of the migration)");
	diag_note(d, NULL, "terraform/01-karpenter-node-groups.tfvars covers every zone in use with two "
	    "nodes; add it to infra.tfvars and nodes.tfvars before running the runbook");
}

/*
 * Taints that keep a group for accelerator workloads even when karpgen does
 * not know its instance types: the device plugins' resource names, and any
 * key or value naming a GPU (`dedicated=gpu`, `gpu-workloads`).
 */
static const char *const accel_taint_keys[] = {
	"nvidia.com/gpu", "amd.com/gpu", "aws.amazon.com/neuron", "aws.amazon.com/neuroncore",
	"aws.amazon.com/neurondevice", "habana.ai/gaudi", "vpc.amazonaws.com/efa",
};

static bool
accel_tainted(const NodeGroup *g)
{
	for (int i = 0; i < g->taints.n; i++) {
		const Taint *t = &g->taints.v[i];
		const char *k = t->key.s && !t->key.unknown ? t->key.s : "";
		const char *v = t->value.s && !t->value.unknown ? t->value.s : "";
		for (size_t j = 0; j < sizeof accel_taint_keys / sizeof *accel_taint_keys; j++)
			if (strcmp(k, accel_taint_keys[j]) == 0)
				return true;
		if (strcasestr(k, "gpu") || strcasestr(v, "gpu"))
			return true;
	}
	return false;
}

/* A size the input gives as 0 (or its front-end's default makes 0): the group has no node today. */
static bool
size_zero(const IVal *v)
{
	return v->set && !v->unknown && v->v == 0;
}

/* What rules a group out as the controller's home as it is: each with the reason KG206 gives. */
static const char *
home_unfit(const NodeGroup *g)
{
	if (!g->name.set || g->name.unknown || !g->name.s)
		return "its name is not known";
	if (g->capacity_type.unknown || (g->capacity_type.s && strcasecmp(g->capacity_type.s, "ON_DEMAND") != 0))
		return "not on-demand";
	if (g->on_demand_percent.set && (g->on_demand_percent.unknown || g->on_demand_percent.v < 100))
		return "partly spot";
	const char *os[] = { g->ami_type.s, g->ami_family.s };
	for (size_t i = 0; i < sizeof os / sizeof *os; i++)
		if (os[i] && strcasestr(os[i], "windows"))
			return "Windows";
	if (g->accel != ACCEL_NONE || (g->gpu.set && g->gpu.v) || (g->neuron.set && g->neuron.v))
		return "accelerated instances";
	if (accel_tainted(g))
		return "tainted for accelerator workloads";
	/* an empty group would leave the controller's replicas nowhere to run (eksctl desiredCapacity 0) */
	if (size_zero(&g->max_size) || size_zero(&g->desired_size))
		return "scaled to zero";
	if (g->instance_types.unknown || g->instance_types.n == 0 || g->max_vcpu == 0)
		return "instance types not known";
	if (g->per_az && g->zones.set && !g->zones.unknown && g->zones.n == 0)
		return "no zone";
	return NULL;
}

/* Smaller first: the largest type's vCPU, then its memory, then the maximum size; ties keep input order. */
static bool
home_smaller(const NodeGroup *x, const NodeGroup *y)
{
	if (x->max_vcpu != y->max_vcpu)
		return x->max_vcpu < y->max_vcpu;
	if (x->max_memory_mib != y->max_memory_mib)
		return x->max_memory_mib < y->max_memory_mib;
	int64_t mx = x->max_size.set && !x->max_size.unknown ? x->max_size.v : INT64_MAX;
	int64_t my = y->max_size.set && !y->max_size.unknown ? y->max_size.v : INT64_MAX;
	return mx < my;
}

/* The group keeps two nodes, one for each of the controller's replicas (KG204). */
static bool
home_keeps_two(const NodeGroup *g)
{
	return g->min_size.set && !g->min_size.unknown && g->min_size.v >= 2;
}

/*
 * The better home of two that can run the controller: one that keeps two
 * nodes (a group of minimum 0 or 1 may hold one node, and the replicas
 * must run on separate nodes), then an untainted one (a tainted one is kept
 * for the workloads that tolerate it), then the smaller.
 */
static bool
home_better(const NodeGroup *x, const NodeGroup *y)
{
	if (home_keeps_two(x) != home_keeps_two(y))
		return home_keeps_two(x);
	if ((x->taints.n > 0) != (y->taints.n > 0))
		return x->taints.n == 0;
	return home_smaller(x, y);
}

/* Zones and subnets for a new group: the groups', else the cluster's zones; none known: REPORT.md asks. */
static void
home_placement(const IR *ir, SList *zones, SList *subnets)
{
	Arena *a = ir->arena;
	*zones = zones_in_use(ir);
	if (zones->n == 0 && ir->cluster.zones.n > 0 && !ir->cluster.zones.unknown)
		*zones = ir->cluster.zones;
	VEC(SVal) sn = { 0 };
	for (int i = 0; i < ir->groups.n; i++) {
		const SList *s = &ir->groups.v[i]->subnet_ids;
		for (int k = 0; k < s->n && !s->unknown; k++) {
			bool seen = !s->v[k].s || s->v[k].unknown;
			for (int j = 0; j < sn.n && !seen; j++)
				seen = strcmp(sn.v[j].s, s->v[k].s) == 0;
			if (!seen)
				VEC_PUSH(a, sn, s->v[k]);
		}
	}
	*subnets = (SList){ .v = sn.v, .n = sn.n, .origin = ORIGIN_DERIVED, .set = sn.n > 0 };
}

/*
 * The Karpenter migration guide's answer for a cluster with no group to
 * keep: a small new managed group for the controller alone.  Two on-demand
 * nodes (its two replicas on separate nodes) over the zones in use, labelled
 * and tainted karpenter.sh/controller=true as the EKS Blueprints
 * karpenter-mng pattern does, so that helm/values.yaml pins the controller
 * there (affinity on the label, a toleration for the taint) and nothing else
 * lands on it.  REPORT.md describes how to create it.
 */
static NodeGroup *
new_home(IR *ir, const NodeGroup *model, const SList *zones, const SList *subnets)
{
	Arena *a = ir->arena;
	const Loc at = model->loc;
	NodeGroup *h = arena_alloc(a, sizeof *h);
	h->loc = at;
	h->name = (SVal){ .s = "karpenter", .loc = at, .origin = ORIGIN_DERIVED, .set = true };
	h->source = model->source;
	h->kind = "new managed node group";
	h->role = ROLE_KARPENTER_HOME;
	h->role_why = "proposed by karpgen, a new group for the controller alone";
	h->proposed = true;
	h->zones = *zones;
	h->zones.loc = at;
	h->subnet_ids = *subnets;
	h->node_role = model->node_role;
	SVal *types = arena_alloc(a, sizeof *types);
	*types = (SVal){ .s = "m5.large", .loc = at, .origin = ORIGIN_DERIVED, .set = true };
	h->instance_types = (SList){ .v = types, .n = 1, .loc = at, .origin = ORIGIN_DERIVED, .set = true };
	h->capacity_type = (SVal){ .s = "ON_DEMAND", .loc = at, .origin = ORIGIN_DERIVED, .set = true };
	/* the model's AMI type when it is a standard x86 Linux one (the cluster's version runs it), else AL2023 */
	static const char *const x86[] = { "AL2023_x86_64_STANDARD", "AL2_x86_64", "BOTTLEROCKET_x86_64" };
	const char *ami = "AL2023_x86_64_STANDARD";
	for (size_t i = 0; i < sizeof x86 / sizeof *x86; i++)
		if (model->ami_type.s && !model->ami_type.unknown && strcmp(model->ami_type.s, x86[i]) == 0)
			ami = x86[i];
	h->ami_type = (SVal){ .s = ami, .loc = at, .origin = ORIGIN_DERIVED, .set = true };
	h->arch = ARCH_AMD64;
	h->accel = ACCEL_NONE;
	h->max_vcpu = 2;
	h->max_memory_mib = h->min_memory_mib = 8192;
	KV *kv = arena_alloc(a, sizeof *kv);
	kv->key = (SVal){ .s = "karpenter.sh/controller", .loc = at, .origin = ORIGIN_DERIVED, .set = true };
	kv->value = (SVal){ .s = "true", .loc = at, .origin = ORIGIN_DERIVED, .set = true };
	h->labels = (KVList){ .v = kv, .n = 1, .loc = at, .origin = ORIGIN_DERIVED, .set = true };
	Taint t = { .key = kv->key, .value = kv->value, .loc = at, .origin = ORIGIN_DERIVED };
	t.effect = (SVal){ .s = "NO_SCHEDULE", .loc = at, .origin = ORIGIN_DERIVED, .set = true };
	VEC_PUSH(a, h->taints, t);
	h->min_size = (IVal){ .v = 2, .loc = at, .origin = ORIGIN_DERIVED, .set = true };
	h->desired_size = h->min_size;
	h->max_size = (IVal){ .v = 3, .loc = at, .origin = ORIGIN_DERIVED, .set = true };
	VEC_PUSH(a, ir->groups, h);
	return h;
}

/*
 * No group is named to run the controller (resolve_home() found none): the
 * kit proposes one (KG206, DESIGN.md section 5).  Domino: the module's
 * karpenter_node_groups entry.  Elsewhere the smallest group that can run
 * it as it is (on-demand, Linux, no accelerator); with one group only, or
 * none fit, a small new group that REPORT.md describes, as the Karpenter
 * migration guide does.  From per-group AWS CLI exports alone nothing is
 * proposed (see below) and check_home_missing() reports KG203.
 */
void
resolve_propose_home(IR *ir)
{
	if (!ir)
		return;
	names_known(ir);
	if (ir_home(ir) || ir->groups.n == 0)
		return;
	if (ir->domino) {
		propose_domino(ir);
		return;
	}
	/*
	 * Per-group exports (describe-nodegroup, describe-auto-scaling-groups)
	 * do not claim to list every group: the group that runs Karpenter today
	 * may just not be among them, and a new one would only duplicate it.
	 * No safe choice: KG203 asks for it.
	 */
	bool whole = false;
	for (int i = 0; i < ir->groups.n; i++)
		whole |= ir->groups.v[i]->source != NGS_AWS_CLI;
	if (!whole)
		return;
	NodeGroup *best = NULL;
	if (ir->groups.n > 1)
		for (int i = 0; i < ir->groups.n; i++) {
			NodeGroup *g = ir->groups.v[i];
			if (!home_unfit(g) && (!best || home_better(g, best)))
				best = g;
		}
	if (best) {
		make_home(best, home_keeps_two(best) ? "proposed by karpgen, the smallest on-demand Linux group that "
		    "keeps two nodes" : "proposed by karpgen, the smallest on-demand Linux group");
		Diag *d = diag(KG206, &best->loc, "no node group is named to run the Karpenter controller: the kit "
		    "keeps '%s' for it and migrates the others", best->name.s);
		diag_note(d, NULL, "'%s' is the smallest on-demand Linux group without accelerators%s (largest type "
		    "%lld vCPU); it is never migrated and never scaled down", best->name.s,
		    home_keeps_two(best) ? " that keeps two nodes" : "", (long long)best->max_vcpu);
		if (!home_keeps_two(best))
			diag_note(d, best->min_size.set && best->min_size.loc.file ? &best->min_size.loc : NULL,
			    "no group that can run it keeps two nodes: raise the minimum size of '%s' to 2 before the "
			    "runbook, so the controller's two replicas run on separate nodes", best->name.s);
		diag_note(d, NULL, "to keep another, name it with '--karpenter-nodegroup NAME'");
		return;
	}
	const NodeGroup *model = ir->groups.v[0];
	SList zones, subnets;
	home_placement(ir, &zones, &subnets);
	new_home(ir, model, &zones, &subnets);   /* appended to ir->groups: ir_home() now */
	Buf why = { 0 };
	if (ir->groups.n == 2)  /* the input's one group and the new one */
		buf_printf(&why, "'%s' is the cluster's only node group", model->name.s ? model->name.s : "?");
	else
		buf_puts(&why, "no node group can run the controller as it is (on-demand, Linux, no accelerator, "
		    "not scaled to zero)");
	Diag *d = diag(KG206, &model->loc, "%s: the kit adds a small node group 'karpenter' for the Karpenter "
	    "controller and migrates the rest", why.s);
	buf_free(&why);
	Buf z = { 0 };
	if (zones.n || subnets.n) {
		buf_puts(&z, zones.n ? " in zones " : " in subnets ");
		zone_text(&z, zones.n ? &zones : &subnets);
	}
	diag_note(d, NULL, "two on-demand m5.large nodes (minimum 2, maximum 3)%s, labelled and tainted "
	    "'karpenter.sh/controller=true'; helm/values.yaml pins the controller there", z.s ? z.s : "");
	buf_free(&z);
	diag_note(d, NULL, "create it before running the runbook (REPORT.md, 'The group that runs Karpenter'), "
	    "or name a group to keep with '--karpenter-nodegroup NAME'");
}

/* ----------------------------------------------------------- KG109 notes */

static void
unknown_note(Arena *a, const char *group, const char *field, const Loc *loc, const char *expr)
{
	Diag *d;
	expr = expr_brief(a, expr);
	if (group)
		d = diag(KG109, loc, "'%s' of node group '%s' is the expression '%s', which karpgen cannot evaluate offline",
		    field, group, expr);
	else
		d = diag(KG109, loc, "the cluster's '%s' is the expression '%s', which karpgen cannot evaluate offline",
		    field, expr);
	if (group)
		diag_note(d, NULL, "karpgen leaves it unknown: give the value in a .tfvars input or on the command line");
	else    /* the one note on it: lowering (lower.c setting()) writes the placeholder without another */
		diag_note(d, NULL, "a kit writes '${%s}' for it, which the runbook fills at run time; give the value "
		    "in a .tfvars input or with '%s'", strcmp(field, "name") == 0 ? "CLUSTER_NAME" : "AWS_REGION",
		    strcmp(field, "name") == 0 ? "--cluster-name" : "--region");
}

/* placeholders (${NAME}) have their KG111 already */
#define NOTE_IF_UNKNOWN(grp, field, v) do { \
		if ((v).set && (v).unknown && !tf_placeholder((v).expr)) \
			unknown_note(ir->arena, (grp), (field), &(v).loc, (v).expr); \
	} while (0)

static void
note_unknowns(const IR *ir)
{
	const Cluster *c = &ir->cluster;
	NOTE_IF_UNKNOWN(NULL, "name", c->name);
	NOTE_IF_UNKNOWN(NULL, "region", c->region);
	for (int i = 0; i < ir->groups.n; i++) {
		const NodeGroup *g = ir->groups.v[i];
		/* eksctl has no expressions: its one unknown, instanceSelector, has the loader's own note */
		if (g->source == NGS_EKSCTL)
			continue;
		const char *n = g->name.set && !g->name.unknown ? g->name.s : "?";
		NOTE_IF_UNKNOWN(n, "name", g->name);
		NOTE_IF_UNKNOWN(n, "instance_types", g->instance_types);
		NOTE_IF_UNKNOWN(n, "zones", g->zones);
		NOTE_IF_UNKNOWN(n, "capacity_type", g->capacity_type);
		NOTE_IF_UNKNOWN(n, "ami_type", g->ami_type);
		NOTE_IF_UNKNOWN(n, "ami_id", g->ami_id);
		NOTE_IF_UNKNOWN(n, "min_size", g->min_size);
		NOTE_IF_UNKNOWN(n, "max_size", g->max_size);
		NOTE_IF_UNKNOWN(n, "volume_size", g->volume_size);
		NOTE_IF_UNKNOWN(n, "labels", g->labels);
		for (int k = 0; k < g->instance_types.n; k++)
			NOTE_IF_UNKNOWN(n, "instance_types", g->instance_types.v[k]);
		for (int k = 0; k < g->labels.n; k++)
			NOTE_IF_UNKNOWN(n, "labels", g->labels.v[k].value);
		for (int k = 0; k < g->taints.n; k++) {
			NOTE_IF_UNKNOWN(n, "taints", g->taints.v[k].key);
			NOTE_IF_UNKNOWN(n, "taints", g->taints.v[k].effect);
		}
	}
}

static void
check_names(const IR *ir)
{
	const Cluster *c = &ir->cluster;
	if (c->name.set && !c->name.unknown && c->name.s)
		aws_name_ok(AWS_CLUSTER, c->name.s, &c->name.loc);
	/* read from the inputs (eksctl, helm_release, the controller's manifests, Domino), they name the
	 * IRSA subject and every helm command of the runbook: a name Helm refuses fails mid-migration */
	const SVal *where[] = { &c->karpenter_namespace, &c->karpenter_release };
	const AwsName kinds[] = { AWS_K8S_NAMESPACE, AWS_HELM_RELEASE };
	for (size_t i = 0; i < sizeof where / sizeof *where; i++)
		if (where[i]->set && !where[i]->unknown && where[i]->s)
			aws_name_ok(kinds[i], where[i]->s, &where[i]->loc);
	for (int i = 0; i < ir->groups.n; i++) {
		const NodeGroup *g = ir->groups.v[i];
		if (g->name.set && !g->name.unknown && g->name.s)
			aws_name_ok(g->self_managed ? AWS_ASG : AWS_NODEGROUP, g->name.s, &g->name.loc);
		if (g->node_role.set && !g->node_role.unknown && g->node_role.s)
			aws_name_ok(AWS_IAM_ROLE, g->node_role.s, &g->node_role.loc);
	}
}

/* ------------------------------------------------ where the controller goes */

void
resolve_controller(IR *ir)
{
	const Cluster *c = &ir->cluster;
	KarpTarget *t = &ir->controller;
	t->ns = sval_ok(&c->karpenter_namespace) ? c->karpenter_namespace.s : ir->domino ? "karpenter" : "kube-system";
	t->release = sval_ok(&c->karpenter_release) ? c->karpenter_release.s : "karpenter";
	t->fullname = strstr(t->release, "karpenter") ? t->release : arena_printf(ir->arena, "%s-karpenter", t->release);
	const struct { const SVal *in; const SVal **unknown; const char *what, *kit; } v[] = {
		{ &c->karpenter_namespace, &t->ns_unknown, "namespace", t->ns },
		{ &c->karpenter_release, &t->release_unknown, "Helm release", t->release },
	};
	t->from = NULL;
	for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
		const SVal *in = v[i].in;
		if (!t->from && in->set && !in->unknown && in->loc.file)
			t->from = in;
		*v[i].unknown = in->set && in->unknown ? in : NULL;
		/*
		 * No option gives it: the kit goes on with the default, which the
		 * runbook's preflight refuses at run time if Karpenter runs
		 * elsewhere; said now (a placeholder has its KG111 already).
		 */
		if (!*v[i].unknown || tf_placeholder(in->expr))
			continue;
		Diag *d = diag(KG109, &in->loc, "the Karpenter %s is the expression '%s', which karpgen cannot evaluate "
		    "offline", v[i].what, expr_brief(ir->arena, in->expr));
		diag_note(d, NULL, "the kit assumes '%s' (REPORT.md says so): the controller's identity and the "
		    "runbook's helm and kubectl commands use it, and the runbook's preflight stops if Karpenter runs "
		    "elsewhere", v[i].kit);
		diag_note(d, NULL, "no option of karpgen sets it: write the %s as a literal or, when it is made of "
		    "variables, give karpgen the .tfvars input that sets them", v[i].what);
	}
}

/*
 * The root volume of a group whose input maps block devices (a launch
 * template's, tfeks block_device_mappings, eksctl additionalVolumes): the
 * mapping of the root device of the group's AMI family (root_device_of()),
 * never the first in source order, since a map's keys sort as they will
 * (`data` before `root`).  Its settings are the group's root volume settings
 * (over the group's own: a launch template's mappings are what EC2
 * launches); every other mapping stays a data volume on its own device.  A
 * second mapping of the device stays in the list: check_group() reports it.
 */
static void
resolve_root_volume(IR *ir, NodeGroup *g)
{
	AmiSel s;
	(void)ami_select(g, &s);    /* no family: AL2023's devices; check_group() reports the AMI */
	const char *root = root_device_of(g, &s);
	int k = 0;
	while (k < g->volumes.n && !(g->volumes.v[k].device.s && !g->volumes.v[k].device.unknown &&
	    strcmp(g->volumes.v[k].device.s, root) == 0))
		k++;
	if (k == g->volumes.n)
		return;
	const Volume v = g->volumes.v[k];
	/* a new list: per-zone copies of a group share the array */
	Volume *rest = arena_alloc(ir->arena, (size_t)g->volumes.n * sizeof *rest);
	int n = 0;
	for (int i = 0; i < g->volumes.n; i++)
		if (i != k)
			rest[n++] = g->volumes.v[i];
	g->volumes.v = rest;
	g->volumes.n = g->volumes.cap = n;
	g->root_device = v.device;
	g->root_mapped = true;
	if (v.size.set)
		g->volume_size = v.size;
	if (v.type.set)
		g->volume_type = v.type;
	if (v.iops.set)
		g->volume_iops = v.iops;
	if (v.throughput.set)
		g->volume_throughput = v.throughput;
	if (v.encrypted.set)
		g->volume_encrypted = v.encrypted;
	if (v.kms_key.set)
		g->volume_kms_key = v.kms_key;
	if (v.snapshot.set)
		g->volume_snapshot = v.snapshot;
	if (v.delete_on_termination.set)
		g->volume_delete = v.delete_on_termination;
}

/* One more NotCarried (KG240) on g: a new list, as per-zone copies of a group share the array. */
static void
add_not_carried(IR *ir, NodeGroup *g, NotCarried n)
{
	NotCarried *v = arena_alloc(ir->arena, (size_t)(g->not_carried.n + 1) * sizeof *v);
	if (g->not_carried.n)
		memcpy(v, g->not_carried.v, (size_t)g->not_carried.n * sizeof *v);
	v[g->not_carried.n] = n;
	g->not_carried.v = v;
	g->not_carried.cap = ++g->not_carried.n;
}

/*
 * A group's tags given by an expression karpgen cannot evaluate offline
 * (the list, or a key or value in it): the EC2NodeClass leaves them out
 * (lower.c says KG109), so they are listed as not carried (KG240, REPORT.md)
 * like every other setting the kit does not reproduce.
 */
static void
resolve_tag_expressions(IR *ir, NodeGroup *g)
{
	static const char why[] = "tags given by an expression karpgen cannot evaluate offline: the EC2NodeClass "
	    "leaves them out; add them to its tags by hand, or give the value in an input";
	if (g->tags.set && g->tags.unknown)
		add_not_carried(ir, g, (NotCarried){ .setting = "tags", .loc = g->tags.loc, .why = why });
	for (int i = 0; i < g->tags.n; i++) {
		const KV *kv = &g->tags.v[i];
		if (kv->key.s && !kv->key.unknown && kv->value.s && !kv->value.unknown)
			continue;
		bool key_known = kv->key.s && !kv->key.unknown;
		add_not_carried(ir, g, (NotCarried){
		    .setting = key_known ? arena_printf(ir->arena, "tags.%s", kv->key.s) : "tags",
		    .loc = key_known ? kv->value.loc : kv->key.loc, .why = why });
	}
}

/*
 * The placement group terraform-aws-modules makes for a group
 * (load_tfeks.c's module_placement_group()): "<cluster name>-<group name>",
 * now that the cluster's name is final (inputs, then --cluster-name).  A
 * name karpgen cannot know is listed.
 */
static void
resolve_module_placement_group(IR *ir, NodeGroup *g)
{
	if (!g->pg_module || !sval_ok(&g->pg_name))
		return;
	const SVal *cl = &ir->cluster.name;
	if (sval_ok(cl) && sval_ok(&g->name)) {
		g->pg_name.s = arena_printf(ir->arena, "%s-%s", cl->s, g->name.s);
	} else {
		add_not_carried(ir, g, (NotCarried){ .setting = arena_printf(ir->arena, "%s (its placement group)",
			g->pg_module), .loc = g->pg_name.loc,
			.why = "the placement group the module makes is named '<cluster name>-<group name>', and karpgen "
			    "does not know the cluster's name: give '--cluster-name', or set the EC2NodeClass "
			    "placementGroupSelector {name: ...} by hand (Karpenter 1.14+)" });
		g->pg_name = (SVal){ 0 };
	}
	g->pg_module = NULL;
}

/*
 * The AMI release a managed group runs (releaseVersion, ami_release_version)
 * as the alias version the kit pins, so that Karpenter's nodes boot the
 * release the group's nodes run and not the newest karpgen knows: EKS's
 * "1.29.3-20240531" (AL2, AL2023) is "v20240531", Bottlerocket's "1.20.4" or
 * "1.20.4-3b9de4b0" is "v1.20.4" (the forms terraform-aws-modules' variable
 * validation names).  What an alias cannot pin is KG240: an expression,
 * another form, Windows (its aliases take only @latest).  A custom AMI has
 * no release: EKS ignores the setting there, and so does the kit.
 */
static void
resolve_ami_release(IR *ir, NodeGroup *g)
{
	const SVal *r = &g->release_version;
	AmiSel s;
	if (!r->set || ami_select(g, &s) != AMI_OK || s.ami_id)
		return;
	const char *why = NULL;
	bool dated = strncmp(s.alias_family, "al2", 3) == 0;
	bool br = strcmp(s.alias_family, "bottlerocket") == 0;
	if (r->unknown || !r->s)
		why = "an expression karpgen cannot evaluate: the kit pins its default release of the family; "
		    "give the release with '--ami-alias FAMILY@VERSION'";
	else if (dated && pat_match(PAT_EKS_RELEASE_DATED, r->s, strlen(r->s)))
		g->ami_release = (SVal){ .s = arena_printf(ir->arena, "v%s", strrchr(r->s, '-') + 1), .loc = r->loc,
			.origin = r->origin, .set = true };
	else if (br && pat_match(PAT_EKS_RELEASE_BOTTLEROCKET, r->s, strlen(r->s)))
		g->ami_release = (SVal){ .s = arena_printf(ir->arena, "v%.*s", (int)strcspn(r->s, "-"), r->s),
			.loc = r->loc, .origin = r->origin, .set = true };
	else if (s.windows)
		why = "Karpenter's Windows AMI aliases take only @latest: the kit's nodes boot the newest Windows AMI";
	else
		why = arena_printf(ir->arena, "not a release of the %s AMIs karpgen can read (%s): the kit pins its "
		    "default release of the family; give the release with '--ami-alias %s@VERSION' (it pins every "
		    "group of the family)", s.alias_family, dated ? "1.29.3-20240531" : "1.20.4 or 1.20.4-3b9de4b0",
		    s.alias_family);
	if (why)
		add_not_carried(ir, g, (NotCarried){ .setting = "release_version", .loc = r->loc, .why = why });
}

/*
 * Settings the target Karpenter release cannot express though later
 * releases can (a column of versions.def): recorded as NotCarried, the
 * records the loaders make, so that KG240 (check_not_carried()) and
 * REPORT.md's "Not carried" read one list and cannot drift.  Run once the
 * target is final (main.c's target_pinned()); `only_true`: a false value
 * asks for nothing the target lacks.
 */
void
resolve_target_gates(IR *ir)
{
	/* the slot's type: a BVal (true or false both ask for the field), or an SVal / IVal (set: asks) */
	enum { G_BOOL, G_STR, G_INT };
	static const struct {
		size_t off;
		int type;
		bool only_true;
		unsigned feature;
		const char *setting, *lacks;
	} gates[] = {
		{ NG(public_ip), G_BOOL, false, KF_PUBLIC_IP, "public_ip",
		  "associatePublicIPAddress (the subnet's setting applies)" },
		{ NG(instance_store_raid0), G_BOOL, true, KF_INSTANCE_STORE, "RAID0 of the instance store",
		  "instanceStorePolicy" },
		/* cr_only is set with every reservation id the loaders keep (ld_capacity_reservation()) */
		{ NG(cr_only), G_BOOL, false, KF_CAPACITY_RESERVATION, "capacity reservation by id",
		  "capacityReservationSelectorTerms (needs Karpenter >= 1.3)" },
		/* ld_placement() keeps a name or an id, never both */
		{ NG(pg_name), G_STR, false, KF_PLACEMENT_GROUP, "placement group",
		  "placementGroupSelector: nodes launch outside the group" },
		{ NG(pg_id), G_STR, false, KF_PLACEMENT_GROUP, "placement group",
		  "placementGroupSelector: nodes launch outside the group" },
		{ NG(pg_partition), G_INT, false, KF_PLACEMENT_GROUP, "placement group partition",
		  "placement-group-partition requirement" },
		{ NG(tenancy), G_STR, false, KF_TENANCY, "tenancy dedicated",
		  "instance-tenancy requirement: nodes launch on shared hardware" },
		/* resolve_efa(): EFA for pods that request it (0.33+), the interfaces beyond that (1.11+) */
		{ NG(efa), G_BOOL, true, KF_EFA, "EFA", "EFA interfaces (pods' vpc.amazonaws.com/efa requests, 0.33+)" },
		{ NG(netif_custom), G_BOOL, true, KF_NETWORK_INTERFACES, "network interfaces",
		  "EC2NodeClass networkInterfaces (efa-only and extra interfaces, 1.11+)" },
	};
	const KarpVersion *kv = ir->opt ? &ir->opt->kv : NULL;
	if (!kv || !kv->rel)
		return;
	for (int i = 0; i < ir->groups.n; i++) {
		NodeGroup *g = ir->groups.v[i];
		for (size_t k = 0; k < sizeof gates / sizeof *gates; k++) {
			const void *slot = (const char *)g + gates[k].off;
			bool asks;
			Loc loc;
			if (gates[k].type == G_BOOL) {
				const BVal *b = slot;
				asks = b->set && !b->unknown && (!gates[k].only_true || b->v);
				loc = b->loc;
			} else if (gates[k].type == G_STR) {
				const SVal *s = slot;
				asks = sval_ok(s);
				loc = s->loc;
			} else {
				const IVal *n = slot;
				asks = n->set && !n->unknown;
				loc = n->loc;
			}
			if (!asks || kv_has(kv, gates[k].feature))
				continue;
			add_not_carried(ir, g, (NotCarried){ .setting = gates[k].setting, .loc = loc,
				.why = arena_printf(ir->arena, "Karpenter %s has no %s; target %s or later ('--karpenter-version')",
				    kv->name, gates[k].lacks, karpenter_first_with(gates[k].feature, 0)->name) });
		}
		/*
		 * Windows Full: lower.c selects its AMI by a name that has the
		 * cluster's Kubernetes version; without one the class falls back to
		 * the family's alias or default, the Core AMI
		 */
		AmiSel as;
		if (ami_select(g, &as) == AMI_OK && as.full_name && !sval_ok(&ir->cluster.k8s_version))
			add_not_carried(ir, g, (NotCarried){ .setting = as.loc == &g->ami_type.loc ? g->ami_type.s :
				g->ami_family.s, .loc = *as.loc,
				.why = arena_printf(ir->arena, "the Windows Server Core AMI (%s): Karpenter has no alias for "
				    "the Full AMI, which the kit selects by its name with the cluster's Kubernetes version; "
				    "give it ('--kubernetes-version')", as.ami_family) });
		/* before v1 an EC2NodeClass has no alias: its amiFamily boots the newest AMI */
		if (sval_ok(&g->ami_release) && !kv_serves(kv, API_V1))
			add_not_carried(ir, g, (NotCarried){ .setting = "release_version", .loc = g->ami_release.loc,
				.why = arena_printf(ir->arena, "Karpenter %s has no AMI aliases, so no release pin: its "
				    "nodes boot the newest AMI of the family; target %s or later ('--karpenter-version')",
				    kv->name, karpenter_first_with(0, API_V1)->name) });
	}
}

/*
 * EFA and network interfaces as Karpenter can have them (docs/settings.md).
 * terraform-aws-modules' enable_efa_support (v20.4+) lays out one interface
 * per network card of the group's first instance type (its
 * aws_ec2_instance_type data source) and then ignores network_interfaces:
 * `efa` on card 0 (device 0) and on the efa_indices cards, `efa-only` on the
 * others when enable_efa_only (v20.28+; default false on v20, true on v21),
 * device 1 off card 0.  The catalogue's EFA count stands for the cards: it is
 * what Karpenter allots (MaximumEfaInterfaces), one per card.
 *
 * Without networkInterfaces Karpenter attaches one primary interface, or an
 * `efa` interface on every card for a NodeClaim whose pods request
 * vpc.amazonaws.com/efa (v0.33+).  netif_custom marks the layouts that are
 * more: an efa-only interface, or a second interface; lower.c writes them
 * as networkInterfaces (1.11+), resolve_target_gates() lists them before.
 */
static void
resolve_efa(IR *ir, NodeGroup *g)
{
	if (g->source == NGS_TF_EKS_MODULE && g->efa.set && g->efa.v && g->efa.origin != ORIGIN_DERIVED) {
		g->netifs.n = 0;
		if (!g->efa_only.set || !g->efa_only.v)
			return;
		const char *first = g->instance_types.n && sval_ok(&g->instance_types.v[0]) ?
		    g->instance_types.v[0].s : NULL;
		const InstanceType *t = first ? catalog_find(first) : NULL;
		if (!t || t->efa < 1) {
			const Loc *at = g->efa_only.loc.file ? &g->efa_only.loc : &g->efa.loc;
			for (int i = 0; i < g->not_carried.n; i++)
				if (strcmp(g->not_carried.v[i].setting, "enable_efa_only") == 0)
					return;
			NotCarried n = { .setting = "enable_efa_only", .loc = *at,
				.why = arena_printf(ir->arena, "the efa-only interfaces the module lays out on the network "
				    "cards of %s, %s: write the EC2NodeClass networkInterfaces by hand (card 0 device 0 "
				    "`interface`, then `efa-only` at device 1 of each other card)", first ? first : "the group's "
				    "first instance type", t ? "which has no EFA" : "which karpgen's catalogue does not know") };
			VEC_PUSH(ir->arena, g->not_carried, n);
			return;
		}
		const Loc *at = g->efa_only.loc.file ? &g->efa_only.loc : &g->efa.loc;
		for (int card = 0; card < t->efa; card++) {
			bool efa = card == 0;
			for (int k = 0; k < g->efa_indices.n && !efa; k++)
				efa = sval_ok(&g->efa_indices.v[k]) && strtoll(g->efa_indices.v[k].s, NULL, 10) == card;
			NetIf n = { .card = card, .device = card ? 1 : 0, .type = efa ? "efa" : "efa-only", .loc = *at };
			VEC_PUSH(ir->arena, g->netifs, n);
		}
	}
	for (int i = 0; i < g->netifs.n && !g->netif_custom.set; i++) {
		const NetIf *n = &g->netifs.v[i];
		if (strcmp(n->type, "efa-only") == 0 || (strcmp(n->type, "interface") == 0 && (n->card || n->device)))
			g->netif_custom = (BVal){ .v = true, .loc = n->loc, .origin = ORIGIN_DERIVED, .set = true };
	}
}

void
ir_resolve(IR *ir)
{
	check_names(ir);
	for (int i = 0; i < ir->groups.n; i++) {
		NodeGroup *g = ir->groups.v[i];
		resolve_types(g);
		resolve_root_volume(ir, g);
		resolve_ami_release(ir, g);
		resolve_module_placement_group(ir, g);
		resolve_efa(ir, g);
		resolve_tag_expressions(ir, g);
	}
	resolve_ami_families(ir);
	resolve_home(ir);
	resolve_controller(ir);
	note_unknowns(ir);
}
