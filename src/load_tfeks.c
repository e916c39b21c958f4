/*
 * load_tfeks.c - the terraform-aws-modules/eks front-end: the module's node
 * groups (v17 node_groups and worker_groups, v18-v21 eks_managed_node_groups
 * and self_managed_node_groups, the submodules), EKS Blueprints v4
 * managed_node_groups, `resource "aws_eks_node_group"` and
 * cloudposse/eks-node-group tfvars; whether in a module call, terragrunt
 * inputs, locals or tfvars.  Values are read through tf_eval.c.
 */
#include "karpgen.h"

#include <stddef.h>
#include <string.h>

/* ------------------------------------------------------- field tables */

static void
set_one_type(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	NodeGroup *g = obj;
	SVal s = sval_of(c->ir, v, arena_join(c->ir->arena, c->path, ".", f->key));
	if (!s.set)
		return;
	SList *l = &g->instance_types;
	l->v = arena_alloc(c->ir->arena, sizeof *l->v);
	l->v[0] = s;
	l->n = 1;
	l->set = true;
	l->unknown = false;
	l->loc = s.loc;
	l->origin = s.origin;
}

/* v17 worker groups: spot_price (a maximum price) makes the group spot; the price is not carried (maxPrice) */
static void
set_spot_price(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	NodeGroup *g = obj;
	if (v && v->kind != V_NULL && !(v->kind == V_STR && v->len == 0)) {
		g->capacity_type = sval_lit("SPOT", &v->loc, ORIGIN_DERIVED);
		ld_not_carried(c, g, f->key, v);
	}
}

/*
 * self-managed groups and aws_launch_template: instance_market_options =
 * { market_type = "spot", spot_options = { max_price, instance_interruption_behavior,
 * spot_instance_type, block_duration_minutes, valid_until } }: spot; the
 * request's options are not carried unless they are what Karpenter's
 * launches get (no price, one-time, terminate on interruption)
 */
static void
set_market(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	NodeGroup *g = obj;
	const Value *t = tf_get(c->ir, v, "market_type");
	if (v_is_str(t, "spot"))
		g->capacity_type = sval_lit("SPOT", &t->loc, ORIGIN_DERIVED);
	static const char *const names[SO_N] = { [SO_MAX_PRICE] = "max_price",
		[SO_INTERRUPTION] = "instance_interruption_behavior", [SO_REQUEST_TYPE] = "spot_instance_type",
		[SO_DURATION] = "block_duration_minutes", [SO_VALID_UNTIL] = "valid_until" };
	const Value *so = tf_follow(c->ir, tf_get(c->ir, v, "spot_options"));
	if (so && so->kind == V_LIST && so->n == 1)
		so = tf_follow(c->ir, so->items[0]);
	const Value *parts[SO_N];
	for (int k = 0; k < SO_N; k++)
		parts[k] = so ? tf_follow(c->ir, tf_get(c->ir, so, names[k])) : NULL;
	ld_spot_options(c, g, arena_join(c->ir->arena, f->key, ".", "spot_options"), so, parts);
}

/* v17 worker groups: market_type = "spot" */
static void
set_market_type(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	(void)c;
	(void)f;
	NodeGroup *g = obj;
	if (v_is_str(v, "spot"))
		g->capacity_type = sval_lit("SPOT", &v->loc, ORIGIN_DERIVED);
}

/*
 * self-managed: mixed_instances_policy { instances_distribution { ... },
 * override = [{ instance_type, weighted_capacity }] } (v18's map; the
 * launch_template block of the resource's own shape): the types, the units
 * each counts for in the sizes (type_weights, when every type has one, as
 * EC2 Auto Scaling requires), and the on-demand/spot split, read as the
 * other front-ends read theirs (ld_capacity_from_distribution(): spot, on-demand,
 * or both with KG240).  The spot settings are not carried when there is spot.
 */
static void
set_mixed(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	static const char *const spot_keys[] = { "spot_allocation_strategy", "spot_instance_pools", "spot_max_price" };
	NodeGroup *g = obj;
	Arena *a = c->ir->arena;
	const char *what = arena_join(a, c->path, ".", f->key);
	const Value *dist = tf_follow(c->ir, v_path(v, "instances_distribution"));
	if (dist && dist->kind == V_MAP) {
		IVal base = ival_of(c->ir, tf_get(c->ir, dist, "on_demand_base_capacity"), what);
		IVal pct = ival_of(c->ir, tf_get(c->ir, dist, "on_demand_percentage_above_base_capacity"), what);
		if (base.set)
			g->on_demand_base = base;
		if (pct.set)
			g->on_demand_percent = pct;
		if (pct.set && (pct.unknown || pct.v < 100))
			for (size_t i = 0; i < sizeof spot_keys / sizeof *spot_keys; i++) {
				const Value *sv = tf_get(c->ir, dist, spot_keys[i]);
				if (!v_is_str(sv, "price-capacity-optimized"))     /* Karpenter's own */
					ld_not_carried(c, g, spot_keys[i], sv);
			}
		ld_capacity_from_distribution(c, g, "mixed_instances_policy.instances_distribution");
	}
	const Value *ov = tf_follow(c->ir, v_path(v, "override"));
	if (!ov)
		ov = tf_follow(c->ir, v_path(v, "launch_template.override"));
	if (!ov || ov->kind != V_LIST)
		return;
	SList l = { .loc = ov->loc, .origin = ORIGIN_INPUT, .set = true };
	l.v = arena_alloc(a, (size_t)(ov->n ? ov->n : 1) * sizeof *l.v);
	bool weighted = true;
	g->type_weights.n = 0;
	for (int i = 0; i < ov->n; i++) {
		SVal s = sval_of(c->ir, tf_get(c->ir, ov->items[i], "instance_type"), what);
		if (!s.set) {
			ld_not_carried(c, g, "instance_requirements", tf_get(c->ir, ov->items[i], "instance_requirements"));
			continue;
		}
		l.v[l.n++] = s;
		IVal w = ival_of(c->ir, tf_get(c->ir, ov->items[i], "weighted_capacity"), what);
		weighted &= w.set && !w.unknown && w.v >= 1;
		if (weighted)
			VEC_PUSH(a, g->type_weights, w);
	}
	if (!weighted || g->type_weights.n != l.n)
		g->type_weights.n = 0;
	if (l.n)
		g->instance_types = l;
}

/* The ebs block of a mapping (Blueprints v4 writes its fields flat) into a Volume. */
static void
read_ebs(LoadCtx *c, NodeGroup *g, const Value *m, const char *what, Volume *vol)
{
	const Value *ebs = tf_get(c->ir, m, "ebs");
	if (!ebs)
		ebs = m;
	vol->loc = m->loc;
	vol->device = sval_of(c->ir, tf_get(c->ir, m, "device_name"), what);
	vol->size = ival_of(c->ir, tf_get(c->ir, ebs, "volume_size"), what);
	vol->type = sval_of(c->ir, tf_get(c->ir, ebs, "volume_type"), what);
	vol->iops = ival_of(c->ir, tf_get(c->ir, ebs, "iops"), what);
	vol->throughput = ival_of(c->ir, tf_get(c->ir, ebs, "throughput"), what);
	vol->encrypted = bval_of(c->ir, tf_get(c->ir, ebs, "encrypted"), what);
	vol->delete_on_termination = bval_of(c->ir, tf_get(c->ir, ebs, "delete_on_termination"), what);
	vol->snapshot = sval_of(c->ir, tf_get(c->ir, ebs, "snapshot_id"), what);
	const Value *kms = tf_get(c->ir, ebs, "kms_key_id");
	vol->kms_key = sval_of(c->ir, kms, what);
	if (vol->kms_key.set && vol->kms_key.unknown) {
		ld_not_carried(c, g, "kms_key_id", kms);
		vol->kms_key.set = false;
	}
}

/*
 * block_device_mappings (map or list of {device_name, ebs = {...}}): every
 * mapping on its own device; resolve_root_volume() takes the one on the AMI
 * family's root device as the root volume (never the first: a map's keys
 * sort, `data` before `root`).  A mapping whose device is not a literal
 * cannot be placed: not carried.
 */
static void
set_bdm(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	(void)f;
	NodeGroup *g = obj;
	int n = v && (v->kind == V_MAP || v->kind == V_LIST) ? v->n : 0;
	const char *what = arena_printf(c->ir->arena, "%s.block_device_mappings", c->path);
	g->volumes.n = 0;       /* the group's mappings replace the defaults' */
	for (int i = 0; i < n; i++) {
		const Value *m = tf_follow(c->ir, v->kind == V_MAP ? v->members[i].val : v->items[i]);
		if (!m || m->kind != V_MAP)
			continue;
		Volume vol;
		read_ebs(c, g, m, what, &vol);
		if (vol.device.set && !vol.device.unknown && vol.device.s)
			VEC_PUSH(c->ir->arena, g->volumes, vol);
		else
			ld_not_carried(c, g, "block_device_mappings.device_name", vol.device.set ? tf_get(c->ir, m, "device_name") : m);
	}
}

/*
 * metadata_options { http_endpoint, http_tokens, http_put_response_hop_limit,
 * http_protocol_ipv6, instance_metadata_tags } (the module's object and
 * aws_launch_template's block): the EC2NodeClass metadataOptions, as the
 * AWS CLI's MetadataOptions; instance tags in IMDS have no field (KG240
 * unless "disabled", EC2's default)
 */
static void
set_metadata(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	NodeGroup *g = obj;
	const char *what = arena_join(c->ir->arena, c->path, ".", f->key);
	SVal ep = sval_of(c->ir, tf_get(c->ir, v, "http_endpoint"), what);
	SVal tok = sval_of(c->ir, tf_get(c->ir, v, "http_tokens"), what);
	IVal hop = ival_of(c->ir, tf_get(c->ir, v, "http_put_response_hop_limit"), what);
	SVal v6 = sval_of(c->ir, tf_get(c->ir, v, "http_protocol_ipv6"), what);
	if (ep.set)
		g->metadata_http_endpoint = ep;
	if (tok.set)
		g->metadata_http_tokens = tok;
	if (hop.set)
		g->metadata_hop_limit = hop;
	if (v6.set)
		g->metadata_http_ipv6 = v6;
	const Value *tags = tf_get(c->ir, v, "instance_metadata_tags");
	if (tags && !v_is_str(tags, "disabled"))
		ld_not_carried(c, g, "instance_metadata_tags", tags);
}

/* capacity_reservation_specification { capacity_reservation_preference, capacity_reservation_target { ... } } */
static void
set_odcr(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	static const char *const names[3] = { "capacity_reservation_preference",
		"capacity_reservation_target.capacity_reservation_id",
		"capacity_reservation_target.capacity_reservation_resource_group_arn" };
	const Value *t = tf_follow(c->ir, tf_get(c->ir, v, "capacity_reservation_target"));
	ld_capacity_reservation(c, obj, f->key, v, tf_get(c->ir, v, "capacity_reservation_preference"),
	    t ? tf_get(c->ir, t, "capacity_reservation_id") : NULL,
	    t ? tf_get(c->ir, t, "capacity_reservation_resource_group_arn") : NULL, names);
}

/*
 * placement { group_name, group_id, partition_number, tenancy, ... }: the
 * module's `placement` object and aws_launch_template's block, which spell
 * the keys alike (ld_placement())
 */
static const char *const tf_placement_keys[PL_N] = {
	[PL_GROUP_NAME] = "group_name", [PL_GROUP_ID] = "group_id", [PL_PARTITION] = "partition_number",
	[PL_TENANCY] = "tenancy", [PL_HOST_ID] = "host_id", [PL_HOST_RG] = "host_resource_group_arn",
	[PL_AFFINITY] = "affinity", [PL_ZONE] = "availability_zone", [PL_SPREAD] = "spread_domain",
};

static void
set_placement(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	const Value *parts[PL_N];
	for (int k = 0; k < PL_N; k++)
		parts[k] = tf_follow(c->ir, tf_get(c->ir, v, tf_placement_keys[k]));
	ld_placement(c, obj, f->key, v, parts, tf_placement_keys);
}

/*
 * One part of a placement as a key of its own: the self-managed module's
 * (and v17 worker groups') placement_group, the Auto Scaling group's, and
 * v17's launch_template_placement_group: a placement group name; v17's
 * launch_template_placement_tenancy and placement_tenancy (the launch
 * configuration's): a tenancy
 */
static void
set_placement_part(LoadCtx *c, void *obj, const Value *v, const FieldDef *f, int part)
{
	const char *names[PL_N] = { 0 };
	const Value *parts[PL_N] = { 0 };
	names[part] = "";
	parts[part] = tf_follow(c->ir, v);
	ld_placement(c, obj, f->key, v, parts, names);
}

static void
set_placement_group(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	set_placement_part(c, obj, v, f, PL_GROUP_NAME);
}

static void
set_tenancy(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	set_placement_part(c, obj, v, f, PL_TENANCY);
}

/*
 * A shell script run before bootstrap (pre_bootstrap_user_data, Blueprints
 * pre_userdata): carried into the EC2NodeClass userData; a
 * `setup-local-disks raid0` line is the EC2NodeClass instanceStorePolicy
 * RAID0 instead (Karpenter's bootstrap does it: run twice, it would fail).
 */
static void
add_script(LoadCtx *c, NodeGroup *g, const Value *v, const char *key)
{
	/* shell text: its ${VAR} (written $${VAR} in HCL) are the shell's, not template placeholders */
	SVal s = sval_verbatim(c->ir, v, arena_join(c->ir->arena, c->path, ".", key));
	if (!s.set)
		return;
	if (s.unknown || !s.s) {
		ld_not_carried(c, g, key, v);
		return;
	}
	Buf b = { 0 };
	bool content = false;
	for (const char *p = s.s; *p;) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) + 1 : strlen(p);
		const char *t = p;
		while (*t == ' ' || *t == '\t')
			t++;
		if (strncmp(t, "setup-local-disks raid0", 23) == 0) {
			g->instance_store_raid0 = (BVal){ .v = true, .loc = s.loc, .origin = ORIGIN_DERIVED, .set = true };
		} else {
			buf_add(&b, p, len);
			if (*t && *t != '\n' && *t != '#')
				content = true;
		}
		p += len;
	}
	if (content) {
		buf_add(&b, "", 1);
		s.s = arena_strdup(c->ir->arena, b.s);
		if (!g->pre_bootstrap.set)
			g->pre_bootstrap = (SList){ .loc = s.loc, .origin = ORIGIN_INPUT, .set = true };
		ld_list_add(c->ir->arena, &g->pre_bootstrap, &s);
	}
	buf_free(&b);
}

static void
set_pre_script(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	NodeGroup *g = obj;
	g->pre_bootstrap = (SList){ 0 };   /* the group's script replaces the defaults' */
	add_script(c, g, v, f->key);
}

/* cloudinit_pre_nodeadm: [{content_type, content}]: NodeConfig documents and shell scripts */
static void
set_pre_nodeadm(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	NodeGroup *g = obj;
	if (!v || v->kind == V_NULL)
		return;
	if (v->kind != V_LIST) {
		ld_not_carried(c, g, f->key, v);
		return;
	}
	g->nodeadm = (SList){ 0 };
	g->pre_bootstrap = (SList){ 0 };
	const char *what = arena_join(c->ir->arena, c->path, ".", f->key);
	for (int i = 0; i < v->n; i++) {
		const Value *part = tf_follow(c->ir, v->items[i]);
		SVal ct = sval_of(c->ir, tf_get(c->ir, part, "content_type"), what);
		const Value *content = tf_get(c->ir, part, "content");
		if (ct.set && !ct.unknown && ct.s && strcmp(ct.s, "text/x-shellscript") == 0) {
			add_script(c, g, content, f->key);
			continue;
		}
		SVal doc = sval_of(c->ir, content, what);
		if (!ct.set || ct.unknown || !ct.s || strcmp(ct.s, "application/node.eks.aws") != 0 || !doc.set ||
		    doc.unknown || !doc.s) {
			ld_not_carried(c, g, f->key, part ? part : v);
			continue;
		}
		if (strstr(doc.s, "strategy: RAID0"))
			g->instance_store_raid0 = (BVal){ .v = true, .loc = doc.loc, .origin = ORIGIN_DERIVED, .set = true };
		if (!g->nodeadm.set)
			g->nodeadm = (SList){ .loc = v->loc, .origin = ORIGIN_INPUT, .set = true };
		ld_list_add(c->ir->arena, &g->nodeadm, &doc);
	}
}

static bool
is_arn(const char *s)
{
	return strncmp(s, "arn:", 4) == 0;
}

static bool
is_sg_id(const char *s)
{
	return pat_match(PAT_SG_ID, s, strlen(s));
}

/*
 * A list (or a map's values) of ids the kit carries as written: each
 * literal that `ok` accepts goes to *out (the group's value replaces the
 * defaults'); an expression, or a literal `ok` refuses (a name where an id
 * belongs), is listed as not carried, never guessed.
 */
static void
set_literals(LoadCtx *c, NodeGroup *g, const Value *v, const FieldDef *f, SList *out, bool (*ok)(const char *))
{
	if (!v || v->kind == V_NULL)
		return;
	if (v->kind != V_MAP && v->kind != V_LIST) {
		ld_not_carried(c, g, f->key, v);
		return;
	}
	*out = (SList){ 0 };
	const char *what = arena_join(c->ir->arena, c->path, ".", f->key);
	for (int i = 0; i < v->n; i++) {
		const Value *item = tf_follow(c->ir, v->kind == V_MAP ? v->members[i].val : v->items[i]);
		SVal id = sval_of(c->ir, item, what);
		if (!id.set)
			continue;
		if (id.unknown || !id.s || !ok(id.s)) {
			ld_not_carried(c, g, f->key, item);
			continue;
		}
		if (!out->set)
			*out = (SList){ .loc = v->loc, .origin = ORIGIN_INPUT, .set = true };
		ld_list_add(c->ir->arena, out, &id);
	}
}

/* Extra node-role policies: a map name -> ARN (v20+) or a list (v19, Blueprints) */
static void
set_policies(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	NodeGroup *g = obj;
	set_literals(c, g, v, f, &g->node_policies, is_arn);
}

/* Extra security groups, by id */
static void
set_sgs(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	NodeGroup *g = obj;
	set_literals(c, g, v, f, &g->security_groups, is_sg_id);
}

/* "true" (v17 writes the module's own propagate_at_launch as a string) or true: 1; false: 0; else -1 */
static int
tf_truth(const Value *v)
{
	if (v && v->kind == V_BOOL)
		return v->b;
	if (v_is_str(v, "true"))
		return 1;
	if (v_is_str(v, "false"))
		return 0;
	return -1;
}

/*
 * `tags` of a group: a map, except on v17 worker_groups and
 * worker_groups_launch_template, whose own format is the Auto Scaling
 * group's: a list of { key, value, propagate_at_launch } (workers.tf,
 * workers_launch_template.tf of v17.24.0 put it in the ASG's tag blocks, and
 * the propagated ones in the template's volume and network-interface tags).
 * The instances get the tags the ASG propagates at launch; the others tag the
 * ASG alone, on no node: nothing to carry.  An item karpgen cannot read
 * offline (an expression, a propagate_at_launch that is one): KG240.
 */
static void
set_tags(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	NodeGroup *g = obj;
	const char *what = arena_join(c->ir->arena, c->path, ".", f->key);
	if (!v || v->kind != V_LIST || !g->kind || strncmp(g->kind, "worker_groups", 13) != 0) {
		KVList m = kvlist_of(c->ir, v, what);     /* fs_kv's conversion, KG106 for a list */
		if (m.set || c->null_resets)
			g->tags = m;
		return;
	}
	static const char why[] = "a tag of the Auto Scaling group karpgen cannot read offline (an expression, or "
	    "not a { key, value, propagate_at_launch } object): add it to the EC2NodeClass tags by hand if the "
	    "group propagates it at launch";
	g->tags = (KVList){ .loc = v->loc, .origin = ORIGIN_INPUT, .set = true };
	for (int i = 0; i < v->n; i++) {
		const Value *item = tf_follow(c->ir, v->items[i]);
		if (!item || item->kind == V_NULL)
			continue;
		SVal key = sval_of(c->ir, item->kind == V_MAP ? tf_get(c->ir, item, "key") : NULL, what);
		SVal val = sval_of(c->ir, item->kind == V_MAP ? tf_get(c->ir, item, "value") : NULL, what);
		int prop = item->kind == V_MAP ? tf_truth(tf_get(c->ir, item, "propagate_at_launch")) : -1;
		if (!key.set || key.unknown || !key.s || !val.set || prop < 0) {
			ld_not_carried_at(c, g, f->key, why, &item->loc, ORIGIN_INPUT);
			continue;
		}
		if (prop)
			ld_kv_add(c->ir->arena, &g->tags, &key, &val);
	}
}

/*
 * Blueprints v4 subnet_type: a group with no subnet_ids of its own runs in the
 * module's public_subnet_ids when "public", else in its private_subnet_ids
 * (the managed and self-managed submodules' main.tf): private_networking,
 * as eksctl's privateNetworking says it
 */
static void
set_subnet_type(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	NodeGroup *g = obj;
	SVal t = sval_of(c->ir, v, arena_join(c->ir->arena, c->path, ".", f->key));
	if (!t.set)
		return;
	if (t.unknown || !t.s) {
		ld_not_carried(c, g, f->key, v);
		return;
	}
	g->private_networking = (BVal){ .v = strcmp(t.s, "public") != 0, .loc = t.loc, .origin = ORIGIN_INPUT,
		.set = true };
}

/* v17 node_groups' ami_is_eks_optimized: true (the module's default) is what the kit does too */
static void
set_eks_optimized(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	if (v && v->kind == V_BOOL && v->b)
		return;
	ld_not_carried(c, obj, f->key, v);
}

/*
 * launch_template_tags (the group's, else the defaults', as the module's
 * try() reads it), after every other key so that the order of `tags` and
 * `launch_template_tags` in the group does not matter: the instances' tags
 * with `tags`.  The module's template tags the instances with
 * merge(var.tags, { Name = var.name }, var.launch_template_tags) (v18-v21):
 * on a key both set, launch_template_tags win on a managed group; a
 * self-managed group's Auto Scaling group propagates `tags` at launch, which
 * override the template's.  An expression: KG240.
 */
static void
lt_tags(LoadCtx *c, NodeGroup *g, const Value *body, const Value *defaults)
{
	const Value *v = tf_get(c->ir, body, "launch_template_tags");
	if (!v && defaults && defaults->kind == V_MAP)
		v = tf_get(c->ir, defaults, "launch_template_tags");
	KVList l = kvlist_of(c->ir, v, arena_join(c->ir->arena, c->path, ".", "launch_template_tags"));
	if (!l.set)
		return;
	if (l.unknown)
		ld_not_carried_at(c, g, "launch_template_tags", "the instances' tags given by an expression karpgen "
		    "cannot evaluate offline: add them to the EC2NodeClass tags by hand, or give the value in an input",
		    &l.loc, ORIGIN_INPUT);
	KVList out = g->tags.set ? g->tags : l;
	out.v = NULL, out.n = 0, out.cap = 0, out.set = true;
	out.unknown = g->tags.set && g->tags.unknown;   /* the template's expression is listed above */
	out.expr = out.unknown ? g->tags.expr : NULL;
	const KVList *first = g->self_managed ? &g->tags : &l, *second = g->self_managed ? &l : &g->tags;
	ld_kv_merge(c->ir->arena, &out, first);
	ld_kv_merge(c->ir->arena, &out, second);
	g->tags = out;
}

/*
 * The OS names of terraform-aws-modules `platform` (v18-v20) and EKS
 * Blueprints v4 `launch_template_os` (its userdata-<os>.tpl templates and
 * predefined AMI names), as the AMI family names lower.c reads.  Blueprints
 * v4 picks the Windows AMI by `windows_server_version` (default "2019").
 */
static const struct { const char *os, *family; } os_families[] = {
	{ "linux", "AmazonLinux2" },              /* tfeks: AL2 */
	{ "amazonlinux2eks", "AmazonLinux2" },    /* Blueprints v4 */
	{ "al2023", "AmazonLinux2023" },          /* tfeks v20 */
	{ "bottlerocket", "Bottlerocket" },
	{ "windows", NULL },                      /* by windows_server_version */
};

static const struct { const char *version, *family; } windows_versions[] = {
	{ "2019", "WindowsServer2019CoreContainer" },
	{ "2022", "WindowsServer2022CoreContainer" },
	{ "2025", "WindowsServer2025CoreContainer" },
};

/* g->ami_family as read from `platform` / `launch_template_os`, in the family's own name. */
static void
os_family(LoadCtx *c, NodeGroup *g, const Value *body, const Value *defaults)
{
	SVal *f = &g->ami_family;
	if (!f->set || f->unknown || !f->s)
		return;
	for (size_t i = 0; i < sizeof os_families / sizeof *os_families; i++) {
		if (strcmp(f->s, os_families[i].os) != 0)
			continue;
		const char *fam = os_families[i].family;
		if (!fam) {
			const Value *wv = tf_get(c->ir, body, "windows_server_version");
			if (!wv && defaults)
				wv = tf_get(c->ir, defaults, "windows_server_version");
			SVal ver = sval_of(c->ir, wv, arena_join(c->ir->arena, c->path, ".", "windows_server_version"));
			if (ver.set && (ver.unknown || !ver.s))
				return;         /* not guessed: lower.c reports the family it cannot map */
			const char *v = ver.set ? ver.s : "2019";
			for (size_t k = 0; k < sizeof windows_versions / sizeof *windows_versions; k++)
				if (strcmp(v, windows_versions[k].version) == 0)
					fam = windows_versions[k].family;
			/* another version keeps its own name: lower.c reports the family it cannot map (KG305) */
			if (!fam)
				fam = arena_printf(c->ir->arena, "WindowsServer%sCoreContainer", v);
		}
		f->s = fam;
		return;
	}
}

/* scaling_config { min_size, max_size, desired_size } of aws_eks_node_group */
static void
set_scaling(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	(void)f;
	NodeGroup *g = obj;
	if (v && v->kind == V_LIST && v->n > 0)
		v = v->items[0];
	const char *what = arena_printf(c->ir->arena, "%s.scaling_config", c->path);
	g->min_size = ival_of(c->ir, tf_get(c->ir, v, "min_size"), what);
	g->max_size = ival_of(c->ir, tf_get(c->ir, v, "max_size"), what);
	g->desired_size = ival_of(c->ir, tf_get(c->ir, v, "desired_size"), what);
}

/* launch_template { id | name, version } of aws_eks_node_group */
static void
set_lt_block(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	NodeGroup *g = obj;
	if (v && v->kind == V_LIST && v->n > 0)
		v = v->items[0];
	const Value *id = tf_get(c->ir, v, "id");
	if (!id)
		id = tf_get(c->ir, v, "name");
	g->launch_template = sval_of(c->ir, id, arena_join(c->ir->arena, c->path, ".", f->key));
}

/*
 * terraform-aws-modules/eks (v17 node_groups and worker_groups, v18-v21
 * eks_managed_node_groups and self_managed_node_groups), EKS Blueprints v4
 * managed_node_groups and the aws_eks_node_group resource: one table, as
 * their key names do not clash.  Keys missing here are left out of the IR.
 */

/* network_interfaces (a group's, or an aws_launch_template's blocks): ld_netifs() */
static void
set_netifs(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	ld_netifs(c, (NodeGroup *)obj, f->key, v);
}

const FieldDef tfeks_group_fields[] = {
	TF_FIELD("instance_types", fs_list, instance_types),
	TF_SETTER("instance_type", set_one_type),
	TF_FIELD("min_size", fs_int, min_size),
	TF_FIELD("min_capacity", fs_int, min_size),
	TF_FIELD("asg_min_size", fs_int, min_size),
	TF_FIELD("max_size", fs_int, max_size),
	TF_FIELD("max_capacity", fs_int, max_size),
	TF_FIELD("asg_max_size", fs_int, max_size),
	TF_FIELD("desired_size", fs_int, desired_size),
	TF_FIELD("desired_capacity", fs_int, desired_size),
	TF_FIELD("asg_desired_capacity", fs_int, desired_size),
	TF_SETTER("scaling_config", set_scaling),
	TF_FIELD("capacity_type", fs_str, capacity_type),
	TF_SETTER("spot_price", set_spot_price),
	TF_SETTER("instance_market_options", set_market),
	TF_SETTER("mixed_instances_policy", set_mixed),
	TF_FIELD("ami_type", fs_str, ami_type),
	TF_FIELD("ami_id", fs_str, ami_id),
	TF_FIELD("custom_ami_id", fs_str, ami_id),
	TF_FIELD("ami_release_version", fs_str, release_version),
	TF_FIELD("release_version", fs_str, release_version),
	TF_FIELD("platform", fs_str, ami_family),
	TF_FIELD("launch_template_os", fs_str, ami_family),
	TF_FIELD("labels", fs_kv, labels),
	TF_FIELD("k8s_labels", fs_kv, labels),
	TF_SETTER("taints", tf_set_taints),
	TF_SETTER("k8s_taints", tf_set_taints),
	TF_SETTER("taint", tf_set_taints),
	TF_SETTER("tags", set_tags),                                /* v17 worker groups: a list too */
	TF_FIELD("additional_tags", fs_kv, tags),
	TF_FIELD("subnet_ids", fs_list, subnet_ids),
	TF_FIELD("subnets", fs_list, subnet_ids),
	TF_FIELD("availability_zones", fs_list, zones),
	TF_FIELD("disk_size", fs_int, volume_size),
	TF_FIELD("root_volume_size", fs_int, volume_size),
	TF_FIELD("root_volume_type", fs_str, volume_type),
	TF_FIELD("disk_type", fs_str, volume_type),
	TF_SETTER("block_device_mappings", set_bdm),
	TF_FIELD("launch_template_name", fs_str, launch_template),
	TF_FIELD("launch_template_id", fs_str, launch_template),
	TF_SETTER("launch_template", set_lt_block),
	TF_FIELD("iam_role_arn", fs_str, node_role),
	TF_FIELD("iam_role_permissions_boundary", fs_str, role_boundary),  /* the kit's node role (runbook) */
	TF_SETTER("iam_instance_profile_arn", fs_not_carried),
	TF_SETTER("iam_role_path", fs_not_carried),
	TF_SETTER("iam_role_tags", fs_not_carried),
	TF_FIELD("node_role_arn", fs_str, node_role),
	TF_FIELD("max_pods", fs_int, max_pods),
	/* carried into the EC2NodeClass (lower.c) and the node role (emit_iam.c) */
	TF_SETTER("metadata_options", set_metadata),
	TF_SETTER("pre_bootstrap_user_data", set_pre_script),
	TF_SETTER("pre_userdata", set_pre_script),                 /* Blueprints v4 */
	TF_SETTER("cloudinit_pre_nodeadm", set_pre_nodeadm),
	TF_IGNORE("bootstrap_extra_args"),                         /* tfeks_bootstrap_args(): by family */
	TF_IGNORE("kubelet_extra_args"),                           /* Blueprints v4: tfeks_bootstrap_args() */
	TF_SETTER("iam_role_additional_policies", set_policies),
	TF_SETTER("additional_iam_policies", set_policies),        /* Blueprints v4 */
	TF_SETTER("vpc_security_group_ids", set_sgs),
	TF_SETTER("additional_security_group_ids", set_sgs),       /* v17 worker groups */
	TF_IGNORE("launch_template_tags"),                        /* lt_tags(): after `tags` */
	TF_FIELD("enable_monitoring", fs_bool, detailed_monitoring),
	TF_FIELD("disk_iops", fs_int, volume_iops),                 /* Blueprints v4 */
	TF_FIELD("disk_throughput", fs_int, volume_throughput),     /* Blueprints v4 */
	TF_IGNORE("override_instance_types"),      /* v17: the types of the module's mixed policy only (v17_mixed_policy()) */
	/* read apart from the table: the group's name (real_name()), create, the OS (os_family()) */
	TF_IGNORE("name"),
	TF_IGNORE("node_group_name"),
	TF_IGNORE("use_name_prefix"),
	TF_IGNORE("name_prefix"),
	TF_IGNORE("create"),
	TF_IGNORE("windows_server_version"),
	/* a module call's own version (eks_defaults_for(): the module's defaults); v17 node_groups'
	 * and aws_eks_node_group's Kubernetes version of the group, as kubernetes_version below: the
	 * kit's nodes run the AMI of the cluster's version */
	TF_IGNORE("version"),
	TF_SETTER("subnet_type", set_subnet_type),                /* Blueprints v4 */
	/* no node setting: how the module names and makes the group's role, template and security
	 * group, rolls it, and the cluster facts a standalone submodule is passed (docs/settings.md) */
	TF_IGNORE("description"),
	TF_IGNORE("create_iam_role"),
	TF_IGNORE("create_iam_instance_profile"),
	TF_IGNORE("iam_role_name"),
	TF_IGNORE("iam_role_use_name_prefix"),
	TF_IGNORE("iam_role_description"),
	TF_IGNORE("iam_role_attach_cni_policy"),
	TF_IGNORE("create_launch_template"),
	TF_IGNORE("use_custom_launch_template"),
	TF_IGNORE("launch_template_version"),
	TF_IGNORE("launch_template_use_name_prefix"),
	TF_IGNORE("launch_template_description"),
	TF_IGNORE("create_security_group"),
	TF_IGNORE("security_group_name"),
	TF_IGNORE("security_group_use_name_prefix"),
	TF_IGNORE("security_group_description"),
	TF_IGNORE("security_group_tags"),
	TF_IGNORE("enable_bootstrap_user_data"),
	TF_IGNORE("ebs_optimized"),
	TF_IGNORE("update_config"),
	TF_IGNORE("force_update_version"),
	TF_IGNORE("max_unavailable"),
	TF_IGNORE("use_latest_ami_release_version"),
	TF_IGNORE("timeouts"),
	TF_IGNORE("autoscaling_group_tags"),
	TF_IGNORE("source"),
	/* Terraform's meta-arguments of a resource or a module call (count and for_each: KG109) */
	TF_IGNORE("lifecycle"),
	TF_IGNORE("depends_on"),
	TF_IGNORE("provider"),
	TF_IGNORE("providers"),
	TF_IGNORE("cluster_name"),
	TF_IGNORE("cluster_version"),
	TF_IGNORE("cluster_endpoint"),
	TF_IGNORE("cluster_auth_base64"),
	TF_IGNORE("cluster_service_cidr"),
	TF_IGNORE("cluster_ip_family"),
	TF_IGNORE("cluster_primary_security_group_id"),
	TF_IGNORE("vpc_id"),
	TF_FIELD("public_ip", fs_bool, public_ip),
	TF_FIELD("attach_cluster_primary_security_group", fs_bool, cluster_primary_sg),
	/* not carried: KG240 */
	TF_SETTER("security_group_rules", fs_not_carried),
	TF_SETTER("disable_api_termination", fs_not_carried),
	TF_SETTER("node_repair_config", fs_not_carried),
	TF_SETTER("instances_distribution", fs_not_carried),
	TF_SETTER("use_mixed_instances_policy", fs_not_carried),
	TF_SETTER("instances_override", fs_not_carried),
	TF_SETTER("spot_instance_pools", fs_not_carried),
	TF_SETTER("instance_requirements", fs_not_carried),
	TF_SETTER("additional_userdata", fs_not_carried),
	TF_SETTER("bootstrap_env", fs_not_carried),
	TF_SETTER("schedules", fs_not_carried),
	TF_SETTER("post_bootstrap_user_data", fs_not_carried),
	TF_SETTER("post_userdata", fs_not_carried),
	TF_SETTER("cloudinit_post_nodeadm", fs_not_carried),
	TF_SETTER("user_data_template_path", fs_not_carried),
	/* EFA: the NodePool keeps the types, pods request vpc.amazonaws.com/efa, and the
	 * interfaces the module lays out are the EC2NodeClass networkInterfaces (resolve_efa()) */
	TF_FIELD("enable_efa_support", fs_bool, efa),
	TF_FIELD("enable_efa_only", fs_bool, efa_only),
	TF_FIELD("efa_indices", fs_list, efa_indices),
	TF_SETTER("network_interfaces", set_netifs),
	TF_SETTER("placement", set_placement),
	TF_SETTER("placement_group", set_placement_group),
	TF_SETTER("launch_template_placement_group", set_placement_group),     /* v17 */
	TF_SETTER("launch_template_placement_tenancy", set_tenancy),           /* v17 */
	TF_SETTER("placement_tenancy", set_tenancy),                           /* v17 launch configuration */
	TF_IGNORE("create_placement_group"),                                   /* module_placement_group() */
	TF_IGNORE("placement_group_strategy"),                                 /* v20: the made group's, name alike */
	TF_SETTER("capacity_reservation_specification", set_odcr),
	TF_SETTER("warm_pool", fs_not_carried),
	TF_SETTER("initial_lifecycle_hooks", fs_not_carried),
	TF_SETTER("suspended_processes", fs_not_carried),
	TF_SETTER("target_group_arns", fs_not_carried),
	TF_SETTER("credit_specification", fs_not_carried),
	TF_SETTER("cpu_options", fs_not_carried),
	TF_SETTER("remote_access", fs_not_carried),
	TF_SETTER("key_name", fs_not_carried),
	TF_FIELD("max_instance_lifetime", fs_int, max_lifetime),
	TF_SETTER("iam_role_policy_statements", fs_not_carried),
	/*
	 * The rest of the module's per-group variables (data/tfeks-module-keys.tsv, made from its
	 * variables.tf by scripts/gen-tfeks-keys.sh; tests/t-tfeks-keys.sh holds this table to it).
	 * v17 worker groups: the root volume and IMDS written flat, the mixed-instances distribution.
	 */
	TF_FIELD("root_encrypted", fs_bool, volume_encrypted),
	TF_FIELD("root_iops", fs_int, volume_iops),
	TF_FIELD("root_volume_throughput", fs_int, volume_throughput),
	TF_FIELD("root_kms_key_id", fs_str, volume_kms_key),
	/* v17 node_groups: the root volume of the template made with create_launch_template = true */
	TF_FIELD("disk_encrypted", fs_bool, volume_encrypted),
	TF_FIELD("disk_kms_key_id", fs_str, volume_kms_key),
	TF_IGNORE("set_instance_types_on_lt"),    /* the same types, on the template rather than the group */
	TF_SETTER("source_security_group_ids", fs_not_carried),
	TF_SETTER("ami_is_eks_optimized", set_eks_optimized),
	TF_FIELD("snapshot_id", fs_str, volume_snapshot),
	TF_FIELD("metadata_http_endpoint", fs_str, metadata_http_endpoint),
	TF_FIELD("metadata_http_tokens", fs_str, metadata_http_tokens),
	TF_FIELD("metadata_http_put_response_hop_limit", fs_int, metadata_hop_limit),
	TF_FIELD("on_demand_base_capacity", fs_int, on_demand_base),
	TF_FIELD("on_demand_percentage_above_base_capacity", fs_int, on_demand_percent),
	TF_SETTER("market_type", set_market_type),
	/* no node setting: how the module makes, names, rolls and deletes the group, its template and
	 * its access entry, and the cluster facts a standalone submodule is passed */
	TF_IGNORE("account_id"),
	TF_IGNORE("partition"),
	TF_IGNORE("region"),
	TF_IGNORE("context"),
	TF_IGNORE("kubernetes_version"),
	TF_IGNORE("cluster_security_group_id"),
	TF_IGNORE("cluster_service_ipv4_cidr"),
	TF_IGNORE("create_access_entry"),
	TF_IGNORE("create_autoscaling_group"),
	TF_IGNORE("create_iam_role_policy"),
	TF_IGNORE("create_schedule"),
	TF_IGNORE("delete_timeout"),
	TF_IGNORE("desired_size_type"),
	TF_IGNORE("launch_template_default_version"),
	TF_IGNORE("update_launch_template_default_version"),
	TF_IGNORE("update_default_version"),
	TF_IGNORE("force_delete"),
	TF_IGNORE("force_delete_warm_pool"),
	TF_IGNORE("asg_force_delete"),
	TF_IGNORE("wait_for_capacity_timeout"),
	TF_IGNORE("wait_for_elb_capacity"),
	TF_IGNORE("min_elb_capacity"),
	TF_IGNORE("service_linked_role_arn"),
	TF_IGNORE("use_default_tags"),
	TF_IGNORE("tag_specifications"),            /* which resources get the tags: the nodes' are carried */
	TF_IGNORE("instance_refresh"),
	TF_IGNORE("instance_refresh_enabled"),
	TF_IGNORE("instance_refresh_strategy"),
	TF_IGNORE("instance_refresh_min_healthy_percentage"),
	TF_IGNORE("instance_refresh_instance_warmup"),
	TF_IGNORE("instance_refresh_triggers"),
	TF_IGNORE("default_cooldown"),
	TF_IGNORE("default_instance_warmup"),
	TF_IGNORE("enabled_metrics"),
	TF_IGNORE("metrics_granularity"),
	TF_IGNORE("health_check_grace_period"),
	TF_IGNORE("ignore_failed_scaling_activities"),
	TF_IGNORE("eni_delete"),
	TF_IGNORE("root_block_device_name"),        /* the AMI's root device: the AMI family's (resolve.c) */
	TF_IGNORE("root_block_device_name_windows"),
	TF_IGNORE("instance_store_virtual_name"),   /* with additional_instance_store_volumes */
	TF_IGNORE("iam_role_id"),                   /* v17: the role its instance profile is made for */
	/* not carried: KG240 */
	TF_SETTER("health_check_type", fs_not_carried),
	TF_SETTER("protect_from_scale_in", fs_not_carried),
	TF_SETTER("capacity_rebalance", fs_not_carried),
	TF_SETTER("termination_policies", fs_not_carried),
	TF_SETTER("instance_maintenance_policy", fs_not_carried),
	TF_SETTER("load_balancers", fs_not_carried),
	TF_SETTER("asg_initial_lifecycle_hooks", fs_not_carried),
	TF_SETTER("security_group_ingress_rules", fs_not_carried),
	TF_SETTER("security_group_egress_rules", fs_not_carried),
	TF_SETTER("additional_cluster_dns_ips", fs_not_carried),
	TF_SETTER("elastic_gpu_specifications", fs_not_carried),
	TF_SETTER("elastic_inference_accelerator", fs_not_carried),
	TF_SETTER("enclave_options", fs_not_carried_unless_default),
	TF_SETTER("enclave_support", fs_not_carried),
	TF_SETTER("hibernation_options", fs_not_carried_unless_default),
	TF_SETTER("license_specifications", fs_not_carried),
	TF_SETTER("kernel_id", fs_not_carried),
	TF_SETTER("ram_disk_id", fs_not_carried),
	TF_SETTER("instance_initiated_shutdown_behavior", fs_not_carried_unless_default),
	TF_SETTER("maintenance_options", fs_not_carried_unless_default),
	TF_SETTER("private_dns_name_options", fs_not_carried_unless_default),
	TF_SETTER("cpu_credits", fs_not_carried),
	TF_SETTER("iam_instance_profile_name", fs_not_carried),
	TF_SETTER("ami_id_windows", fs_not_carried),
	TF_SETTER("additional_ebs_volumes", fs_not_carried),
	TF_SETTER("additional_instance_store_volumes", fs_not_carried),
	TF_SETTER("interface_type", fs_not_carried),
	TF_SETTER("spot_allocation_strategy", fs_not_carried),
	TF_SETTER("on_demand_allocation_strategy", fs_not_carried),
	TF_SETTER("spot_max_price", fs_not_carried),
	TF_SETTER("userdata_template_file", fs_not_carried),
	TF_SETTER("userdata_template_extra_args", fs_not_carried),
	TF_SETTER("create_placement_group", fs_not_carried),
	TF_SETTER("placement_group_az", fs_not_carried),
	TF_SETTER("placement_group_strategy", fs_not_carried),
	TF_SETTER("placement_tenancy", fs_not_carried),
	TF_SETTER("launch_template_placement_group", fs_not_carried),
	TF_SETTER("launch_template_placement_tenancy", fs_not_carried),
	{ NULL, NULL, 0, NULL },
};

/* ------------------------------------------------- terraform-aws-modules/eks */

typedef struct Collection {     /* a module argument that holds node groups */
	const char *key;
	NGSource source;
	bool self_managed;
	const char *defaults_key;   /* the per-module defaults merged into each group */
	bool listed;                /* a Blueprints key whose groups are a list: not Blueprints' (eks_collection()) */
} Collection;

static const Collection collections[] = {
	{ "eks_managed_node_groups", NGS_TF_EKS_MODULE, false, "eks_managed_node_group_defaults", false },
	{ "self_managed_node_groups", NGS_TF_EKS_MODULE, true, "self_managed_node_group_defaults", false },
	{ "node_groups", NGS_TF_EKS_MODULE, false, "node_groups_defaults", false },
	{ "worker_groups", NGS_TF_EKS_MODULE, true, "workers_group_defaults", false },
	{ "worker_groups_launch_template", NGS_TF_EKS_MODULE, true, "workers_group_defaults", false },
	{ "managed_node_groups", NGS_BLUEPRINTS_V4, false, NULL, false },
	{ "self_managed_node_groups_v4", NGS_BLUEPRINTS_V4, true, NULL, false },
};
enum { NCOLLECTIONS = sizeof collections / sizeof *collections };

/* Where the module's own defaults come from and which apply (the v21 variables in the corpus). */
typedef struct EksDefaults {
	const char *from;
	bool v21;                   /* recognised as v21 by its arguments */
	bool submodule;             /* a standalone submodule call: its variables.tf's defaults */
	int lo, hi;                 /* the module's major version is within [lo, hi]; 0: not known */
} EksDefaults;

/*
 * The defaults a group gets from the module, per major version, as the
 * module's root node_groups.tf / locals.tf apply them (each checked against
 * the tagged sources: v17.24.0 workers_group_defaults, v18.31.2, v19.21.0,
 * v20.37.2 node_groups.tf; v21 from the variables in the corpus).  The
 * EKS API's own defaults fill what the module leaves null: AMI type
 * AL2_x86_64 (v20 managed groups leave it to EKS, whose default depends on
 * the Kubernetes version: left unset); the instance type t3.medium of
 * managed groups is resolve.c's eks_default_type(), which knows whether a
 * launch template the inputs hold names one.  Capacity is
 * ON_DEMAND everywhere (the EKS API's and EC2's own default).  Blueprints v4
 * and unknown versions get only that.
 *
 * A custom AMI (`ami_id`) is bootstrapped by the user data the module
 * renders for it: through v19 by `platform` alone (default "linux", AL2;
 * the ami_type is not sent to EKS with an ami_id), in v20 by `ami_type`
 * when the group or the defaults give one (_user_data's
 * ami_type_to_user_data_type, "try ami_type, else platform"), else by
 * `platform` (default "linux"; the self-managed module's ami_type default
 * AL2_x86_64 is AL2 too), from v21 by `ami_type` alone (default
 * AL2023_x86_64_STANDARD).  custom_family is that family when the group
 * names none, as os_families spells it.
 */
enum { AT_ROOT = 1, AT_SUB = 2, AT_BOTH = 3 };   /* a row for the root module's collection, a submodule's */

typedef struct ModuleDefaults {
	int from, to;               /* major versions (Blueprints: 4) */
	const char *collection;     /* its key */
	int at;                     /* AT_ROOT, AT_SUB or both */
	int64_t min, max, desired;  /* -1: none; desired -2: the minimum (an ASG given no desired capacity) */
	const char *instance_type;  /* NULL: none */
	const char *ami_type;       /* NULL: none */
	int64_t volume_size;        /* 0: none (a launch template's or the AMI's) */
	const char *volume_type;
	/* what the module's own launch template sets (not when the group brings its own, or sets
	 * create_launch_template / use_custom_launch_template = false): detailed monitoring
	 * (enable_monitoring: true in v17 and v18-v20, false in v21) and the IMDS hop limit (v18-v20
	 * local.metadata_options: 2, the kit's own default; v21 variables.tf: 1; v17: null, EC2's 1)
	 * and IMDS tokens (v17 workers_group_defaults: "optional", IMDSv1 allowed) */
	bool monitoring;
	int64_t hop_limit;          /* 0: none */
	const char *http_tokens;    /* NULL: none */
	const char *custom_family;  /* a custom AMI's family when neither platform nor ami_type says */
	/* the module makes its launch template only when told to (create_launch_template = true:
	 * v17 node_groups, Blueprints v4 managed groups) */
	bool lt_opt_in;
	/* its template's block_device_mappings when the group gives none (Blueprints v4): one encrypted
	 * volume on /dev/xvda, whatever the AMI's root device (on Bottlerocket the OS volume, on
	 * Windows, whose root is /dev/sda1, a second volume); volume_size then does not hold */
	int64_t lt_volume_size;     /* 0: none */
	const char *lt_volume_type;
	bool os_decides;            /* the family is custom_family's even for the module's own AMI, which it
	                             * looks up by OS (Blueprints v4 self-managed: launch_template_os) */
} ModuleDefaults;

/*
 * v17: workers_group_defaults_defaults (locals.tf) and modules/node_groups (locals.tf, whose
 * launch template, made with create_launch_template = true, takes enable_monitoring and the
 * metadata_* of the workers' defaults).  v18-v20 submodules: their variables.tf (min 0, no
 * instance type), where the root's node_groups.tf passes min 1 to managed groups and m6i.large
 * to self-managed ones; v21's root and submodules agree.  Blueprints v4: default_managed_ng and
 * default_self_managed_ng of its modules' locals.tf (v4.20.0), whose launch templates set
 * IMDS tokens required, hop limit 2 (the kit's own defaults); a self-managed ASG is given no
 * desired capacity (EC2 Auto Scaling's default: the minimum).
 */
static const ModuleDefaults module_defaults[] = {
	{ 17, 17, "node_groups", AT_ROOT, 1, 3, 1, "m4.large", "AL2_x86_64", 100, "gp2", true, 1, "optional",
	  "AmazonLinux2", true, 0, NULL, false },
	{ 17, 17, "worker_groups", AT_ROOT, 1, 3, 1, "m4.large", "AL2_x86_64", 100, "gp2", true, 1, "optional",
	  "AmazonLinux2", false, 0, NULL, false },
	{ 17, 17, "worker_groups_launch_template", AT_ROOT, 1, 3, 1, "m4.large", "AL2_x86_64", 100, "gp2", true, 1,
	  "optional", "AmazonLinux2", false, 0, NULL, false },
	{ 18, 20, "eks_managed_node_groups", AT_ROOT, 1, 3, 1, NULL, NULL, 0, NULL, true, 2, NULL, "AmazonLinux2",
	  false, 0, NULL, false },
	{ 18, 20, "eks_managed_node_groups", AT_SUB, 0, 3, 1, NULL, NULL, 0, NULL, true, 2, NULL, "AmazonLinux2",
	  false, 0, NULL, false },
	{ 18, 19, "eks_managed_node_groups", AT_BOTH, -1, -1, -1, NULL, "AL2_x86_64", 0, NULL, false, 0, NULL, NULL,
	  false, 0, NULL, false },
	{ 18, 20, "self_managed_node_groups", AT_ROOT, 0, 3, 1, "m6i.large", "AL2_x86_64", 0, NULL, true, 2, NULL,
	  "AmazonLinux2", false, 0, NULL, false },
	{ 18, 20, "self_managed_node_groups", AT_SUB, 0, 3, 1, NULL, "AL2_x86_64", 0, NULL, true, 2, NULL,
	  "AmazonLinux2", false, 0, NULL, false },
	{ 21, 21, "eks_managed_node_groups", AT_BOTH, 1, 3, 1, NULL, "AL2023_x86_64_STANDARD", 0, NULL, false, 1, NULL,
	  "AmazonLinux2023", false, 0, NULL, false },
	{ 21, 21, "self_managed_node_groups", AT_BOTH, 1, 3, 1, "m6i.large", "AL2023_x86_64_STANDARD", 0, NULL, false,
	  1, NULL, "AmazonLinux2023", false, 0, NULL, false },
	{ 4, 4, "managed_node_groups", AT_ROOT, 1, 3, 3, NULL, "AL2_x86_64", 50, "gp2", true, 2, "required",
	  "AmazonLinux2", true, 100, "gp3", false },
	{ 4, 4, "self_managed_node_groups_v4", AT_ROOT, 1, 3, -2, "m4.large", NULL, 0, NULL, false, 2, "required",
	  "AmazonLinux2", false, 50, "gp3", true },
};

static void
default_ival(IVal *f, int64_t v, const Loc *at)
{
	if (!f->set)
		*f = (IVal){ .v = v, .loc = *at, .origin = ORIGIN_DEFAULT, .set = true };
}

/* The one instance type a default gives a group (the list is the module's or the EKS API's default). */
static void
default_type(LoadCtx *c, NodeGroup *g, const char *type, const Loc *at)
{
	SVal t = sval_lit(type, at, ORIGIN_DEFAULT);
	g->instance_types = (SList){ .loc = *at, .origin = ORIGIN_DEFAULT, .set = true };
	ld_list_add(c->ir->arena, &g->instance_types, &t);
}

static void apply_module_defaults(LoadCtx *c, NodeGroup *g, const ModuleDefaults *m, const Loc *at, bool own_lt,
    bool type_decides);
static bool str_contains(const Value *v, const char *needle);

/* the value written in the group or, else, in the defaults */
static const Value *
group_or_defaults(IR *ir, const Value *body, const Value *defaults, const char *key)
{
	const Value *v = tf_follow(ir, tf_get(ir, body, key));
	if (!v && defaults && defaults->kind == V_MAP)
		v = tf_follow(ir, tf_get(ir, defaults, key));
	return v;
}

/* false (or, with want, true) written in the group or, else, in the defaults */
static bool
said_bool(IR *ir, const Value *body, const Value *defaults, const char *key, bool want)
{
	const Value *v = group_or_defaults(ir, body, defaults, key);
	return v && v->kind == V_BOOL && v->b == want;
}

/*
 * v17 worker_groups_launch_template: the module gives the ASG a mixed
 * instances policy when the group names override_instance_types (its own:
 * the defaults' list does not count) or an on_demand_allocation_strategy is
 * given (group or defaults), with the distribution's keys read from the
 * group, else workers_group_defaults, else the module's: base "0",
 * percentage "0", so the whole group is spot (workers_launch_template.tf,
 * locals.tf of v17.24.0).  The overrides are then the types, whatever
 * instance_type says: the group's, else the defaults', else the module's
 * four m5 types.
 */
static void
v17_mixed_policy(LoadCtx *c, NodeGroup *g, const Value *body, const Value *defaults, const Loc *at)
{
	static const char *const module_types[] = { "m5.large", "m5a.large", "m5d.large", "m5ad.large" };
	const Value *strategy = group_or_defaults(c->ir, body, defaults, "on_demand_allocation_strategy");
	const Value *own = tf_follow(c->ir, tf_get(c->ir, body, "override_instance_types"));
	if ((!own || own->kind == V_NULL) && (!strategy || strategy->kind == V_NULL))
		return;
	const Value *ov = group_or_defaults(c->ir, body, defaults, "override_instance_types");
	SList types = slist_of(c->ir, ov, arena_join(c->ir->arena, c->path, ".", "override_instance_types"));
	if (types.set) {
		g->instance_types = types;
	} else if (!ov) {
		g->instance_types = (SList){ .loc = *at, .origin = ORIGIN_DEFAULT, .set = true };
		for (size_t i = 0; i < sizeof module_types / sizeof *module_types; i++) {
			SVal t = sval_lit(module_types[i], at, ORIGIN_DEFAULT);
			ld_list_add(c->ir->arena, &g->instance_types, &t);
		}
	}
	default_ival(&g->on_demand_base, 0, at);
	default_ival(&g->on_demand_percent, 0, at);
	ld_capacity_from_distribution(c, g, "on_demand_base_capacity");
}

/*
 * v17 node_groups: the template the module makes with create_launch_template
 * = true tags the instances merge(var.tags, { Name = <the group's name> },
 * node_groups_defaults.additional_tags, the group's additional_tags)
 * (modules/node_groups/launch_template.tf of v17.24.0), the name its `name`,
 * else its `name_prefix`, else "<cluster>-<key>" (locals.tf).
 */
static void
v17_node_group_name_tag(LoadCtx *c, NodeGroup *g, bool opt_in_lt, const Value *body, const Value *defaults)
{
	if (!opt_in_lt)
		return;
	const Value *maps[] = { tf_follow(c->ir, tf_get(c->ir, body, "additional_tags")),
	    defaults && defaults->kind == V_MAP ? tf_follow(c->ir, tf_get(c->ir, defaults, "additional_tags")) : NULL };
	for (size_t i = 0; i < sizeof maps / sizeof *maps; i++)
		if (maps[i] && (maps[i]->kind == V_UNKNOWN || (maps[i]->kind == V_MAP && tf_get(c->ir, maps[i], "Name"))))
			return;
	static const char *const names[] = { "name", "name_prefix" };
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		const Value *n = group_or_defaults(c->ir, body, defaults, names[i]);
		if (!n)
			continue;
		if (n->kind == V_STR && n->len)
			g->name_tag = sval_lit(n->s, &n->loc, ORIGIN_DEFAULT);
		else
			ld_not_carried_at(c, g, "Name tag (the module's)", "the module tags the instances with the group's "
			    "name, which is an expression karpgen cannot evaluate offline: add the Name to the EC2NodeClass "
			    "tags by hand", &n->loc, ORIGIN_INPUT);
		return;
	}
	g->name_tag = sval_lit(arena_printf(c->ir->arena, "${CLUSTER_NAME}-%s", g->name.s), &g->name.loc, ORIGIN_DEFAULT);
}

/*
 * The name the module tags the instances with, where the group gives it by an
 * expression karpgen cannot evaluate (the group is then known by its key):
 * KG240, never the key in its place.  True when the name is the group's.
 */
static bool
tag_name_known(LoadCtx *c, NodeGroup *g, const Value *body, const char *field)
{
	const Value *v = tf_follow(c->ir, tf_get(c->ir, body, field));
	if (!v || v->kind == V_NULL || (v->kind == V_STR && v->len))
		return true;
	ld_not_carried_at(c, g, "Name tag (the module's)", "the module tags the instances with the group's name, "
	    "which is an expression karpgen cannot evaluate offline: add the Name to the EC2NodeClass tags by hand",
	    &v->loc, ORIGIN_INPUT);
	return false;
}

/*
 * The instances' Name tag the module gives a group.  terraform-aws-modules
 * v18-v21 (main.tf of v18.31.2-v21): a managed group's own launch template
 * tags them merge(var.tags, { Name = var.name }, var.launch_template_tags);
 * a self-managed group's Auto Scaling group propagates
 * merge({ Name = var.name, ... }, var.tags) at launch, over the template's.
 * var.name is the group's name without the random suffix.  EKS Blueprints
 * v4 (v4.20.0's modules/aws-eks-*-node-groups): common_tags puts
 * Name = "<cluster>-<node_group_name>" (managed, on the template it makes
 * with create_launch_template = true, under launch_template_tags) or
 * "<node_group_name>-<cluster>" (self-managed, propagated by its Auto
 * Scaling group) over additional_tags: lower.c fills in the cluster.
 * Karpenter's default Name is the node's name; an EC2NodeClass tag
 * overrides it, so the kit keeps what the console, cost reports and SSM
 * targets know the nodes by.
 */
static void
module_name_tag(LoadCtx *c, NodeGroup *g, const Collection *col, bool own_lt, bool opt_in_lt, const Value *body,
    const Value *defaults)
{
	if (col->listed || !g->name.set || g->name.unknown || !g->name.s || !*g->name.s)
		return;
	if (col->source == NGS_BLUEPRINTS_V4) {
		const Value *lt = tf_follow(c->ir, tf_get(c->ir, body, "launch_template_tags"));
		if (!col->self_managed && (!opt_in_lt || (lt && (lt->kind == V_UNKNOWN ||
		    (lt->kind == V_MAP && tf_get(c->ir, lt, "Name"))))))
			return;
		if (!tag_name_known(c, g, body, "node_group_name"))
			return;
		g->name_tag = sval_lit(arena_printf(c->ir->arena, col->self_managed ? "%s-${CLUSTER_NAME}" :
		    "${CLUSTER_NAME}-%s", g->name.s), &g->name.loc, ORIGIN_DEFAULT);
		return;
	}
	if (col->source != NGS_TF_EKS_MODULE)
		return;
	if (strcmp(col->key, "node_groups") == 0) {
		v17_node_group_name_tag(c, g, opt_in_lt, body, defaults);
		return;
	}
	if ((!col->self_managed && !own_lt) ||
	    (strcmp(col->key, "eks_managed_node_groups") != 0 && strcmp(col->key, "self_managed_node_groups") != 0))
		return;
	/* v19+ tag_specifications: the resources the managed group's template tags; without "instance", not the nodes */
	const Value *specs = col->self_managed ? NULL : group_or_defaults(c->ir, body, defaults, "tag_specifications");
	if (specs && specs->kind == V_LIST) {
		bool instance = false;
		for (int i = 0; i < specs->n; i++) {
			const Value *it = tf_follow(c->ir, specs->items[i]);
			instance |= !it || it->kind != V_STR || strcmp(it->s, "instance") == 0;
		}
		if (!instance)
			return;
	}
	/* the map that wins over { Name = var.name }: a Name there (or an expression) decides */
	const Value *win = group_or_defaults(c->ir, body, defaults, col->self_managed ? "tags" : "launch_template_tags");
	if (win && (win->kind == V_UNKNOWN || (win->kind == V_MAP && tf_get(c->ir, win, "Name"))))
		return;
	if (tag_name_known(c, g, body, "name"))
		g->name_tag = sval_lit(g->name.s, &g->name.loc, ORIGIN_DEFAULT);
}

static void
eks_module_defaults(LoadCtx *c, NodeGroup *g, const Collection *col, const EksDefaults *d, const Loc *at,
    const Value *body, const Value *defaults)
{
	/* the module makes the group's launch template: it is not given one, nor told not to make it
	 * (own_lt), or told to where it makes none unless told (opt_in_lt) */
	bool own_lt = !g->launch_template.set && !said_bool(c->ir, body, defaults, "create_launch_template", false) &&
	    !said_bool(c->ir, body, defaults, "use_custom_launch_template", false);
	bool opt_in_lt = !g->launch_template.set && said_bool(c->ir, body, defaults, "create_launch_template", true);
	int lo = d->lo, hi = d->hi;
	if (col->source == NGS_BLUEPRINTS_V4)
		lo = hi = 4;
	else if (!lo && (strcmp(col->key, "node_groups") == 0 || strncmp(col->key, "worker_groups", 13) == 0))
		lo = hi = 17;           /* collections only v17 has */
	if (lo == 17 && strcmp(col->key, "worker_groups_launch_template") == 0)
		v17_mixed_policy(c, g, body, defaults, at);
	if (!g->capacity_type.set)
		g->capacity_type = sval_lit("ON_DEMAND", at, ORIGIN_DEFAULT);
	/* Blueprints v4 merges its default_managed_ng (instance_types ["m5.large"], the
	 * "m5_on_demand" of real_name()) under each managed group, launch template or not;
	 * the EKS API's t3.medium is resolve.c's (eks_default_type()), once launch templates are linked */
	module_name_tag(c, g, col, own_lt, opt_in_lt, body, defaults);
	if (col->listed)
		return;
	if (col->source == NGS_BLUEPRINTS_V4 && !col->self_managed && !g->instance_types.set)
		default_type(c, g, "m5.large", at);
	if (col->source != NGS_TF_EKS_MODULE && col->source != NGS_BLUEPRINTS_V4)
		return;
	/* enable_efa_only: false on v20 (the variable is v20.28's), true on v21 (the module's variables.tf) */
	if (col->source == NGS_TF_EKS_MODULE && lo && (hi < 21 || lo >= 21) && g->efa.set && g->efa.v && !g->efa_only.set)
		g->efa_only = (BVal){ .v = lo >= 21, .loc = *at, .origin = ORIGIN_DEFAULT, .set = true };
	/*
	 * v20+: a custom AMI's user data follows the ami_type the group or the
	 * defaults give ("CUSTOM" is not among the module's user data types: the
	 * platform then decides), so the platform read by os_family() yields and
	 * ami_select() takes the family from the ami_type.  A version that may be
	 * v19 or v20 gets no default family where an ami_type is given: the
	 * ami_type then says it too.
	 */
	const SVal *t = &g->ami_type;
	bool typed = g->ami_id.set && t->set && !t->unknown && t->s && strcmp(t->s, "CUSTOM") != 0;
	if (typed && lo >= 20)
		g->ami_family = (SVal){ 0 };
	bool type_decides = typed && hi >= 20;
	/* every entry that holds for the whole range the version is known to be in */
	int at_mask = d->submodule ? AT_SUB : AT_ROOT;
	for (size_t i = 0; lo && i < sizeof module_defaults / sizeof *module_defaults; i++) {
		const ModuleDefaults *m = &module_defaults[i];
		if (lo >= m->from && hi <= m->to && (m->at & at_mask) && strcmp(col->key, m->collection) == 0)
			apply_module_defaults(c, g, m, at, m->lt_opt_in ? opt_in_lt : own_lt, type_decides);
	}
}

static void
apply_module_defaults(LoadCtx *c, NodeGroup *g, const ModuleDefaults *m, const Loc *at, bool own_lt,
    bool type_decides)
{
	if (own_lt && m->monitoring && !g->detailed_monitoring.set)
		g->detailed_monitoring = (BVal){ .v = true, .loc = *at, .origin = ORIGIN_DEFAULT, .set = true };
	/* v21's default is an object whose fields have their own defaults: its hop limit holds whenever
	 * the group leaves it out; v18-v20's is replaced whole by the group's metadata_options */
	if (own_lt && m->hop_limit && !g->metadata_hop_limit.set && (m->hop_limit == 1 ||
	    (!g->metadata_http_endpoint.set && !g->metadata_http_tokens.set)))
		default_ival(&g->metadata_hop_limit, m->hop_limit, at);
	if (own_lt && m->http_tokens && !g->metadata_http_tokens.set)
		g->metadata_http_tokens = sval_lit(m->http_tokens, at, ORIGIN_DEFAULT);
	if (m->min >= 0) {
		default_ival(&g->min_size, m->min, at);
		default_ival(&g->max_size, m->max, at);
		if (m->desired >= 0)
			default_ival(&g->desired_size, m->desired, at);
		else if (!g->desired_size.set && g->min_size.set && !g->min_size.unknown)
			default_ival(&g->desired_size, g->min_size.v, at);
	}
	if (m->ami_type && !g->ami_type.set && !g->ami_id.set && !g->ami_family.set)
		g->ami_type = sval_lit(m->ami_type, at, ORIGIN_DEFAULT);
	/* a custom AMI's family by the module's default (the comment above module_defaults) */
	if (m->custom_family && (g->ami_id.set || m->os_decides) && !g->ami_family.set && !type_decides &&
	    (g->ami_id.set || !g->ami_type.set))
		g->ami_family = sval_lit(m->custom_family, at, ORIGIN_DEFAULT);
	if (m->instance_type && !g->instance_types.set && !g->launch_template.set) {
		default_type(c, g, m->instance_type, at);
	}
	if (own_lt && m->lt_volume_size && !g->launch_template.set) {
		if (!g->volumes.n && !g->volume_size.set) {
			Volume v = { .device = sval_lit("/dev/xvda", at, ORIGIN_DEFAULT),
			    .type = sval_lit(m->lt_volume_type, at, ORIGIN_DEFAULT), .loc = *at };
			default_ival(&v.size, m->lt_volume_size, at);
			v.encrypted = (BVal){ .v = true, .loc = *at, .origin = ORIGIN_DEFAULT, .set = true };
			v.delete_on_termination = (BVal){ .v = true, .loc = *at, .origin = ORIGIN_DEFAULT, .set = true };
			VEC_PUSH(c->ir->arena, g->volumes, v);
		}
	} else if (m->volume_size && !g->launch_template.set) {
		default_ival(&g->volume_size, m->volume_size, at);
		if (!g->volume_type.set)
			g->volume_type = sval_lit(m->volume_type, at, ORIGIN_DEFAULT);
	}
}

/*
 * The name EKS and the ASG know a map group by: terraform-aws-modules v18+
 * `name = try(each.value.name, each.key)`; EKS Blueprints v4 its
 * `node_group_name`, whose default is the module's ("m5_on_demand"
 * managed, "m4_on_demand" self-managed), never the map key.  Both modules
 * add a random suffix by default (use_name_prefix, enable_node_group_prefix),
 * which the runbook matches as "NAME-".  The map key stays an alias
 * (g->key) for --karpenter-nodegroup.
 */
static void
real_name(LoadCtx *c, NodeGroup *g, const Collection *col, const Value *body, const Loc *key_loc)
{
	const char *field = col->source == NGS_BLUEPRINTS_V4 ? "node_group_name" :
	    col->source == NGS_TF_EKS_MODULE && (strcmp(col->key, "eks_managed_node_groups") == 0 ||
	    strcmp(col->key, "self_managed_node_groups") == 0) ? "name" : NULL;
	if (!field || col->listed)
		return;
	SVal real = sval_of(c->ir, tf_get(c->ir, body, field), arena_join(c->ir->arena, c->path, ".", field));
	if (!real.set && col->source == NGS_BLUEPRINTS_V4)
		real = sval_lit(col->self_managed ? "m4_on_demand" : "m5_on_demand", key_loc, ORIGIN_DEFAULT);
	if (!real.set || real.unknown || !real.s || (g->name.s && strcmp(real.s, g->name.s) == 0))
		return;
	g->key = g->name;
	g->name = real;
}

/*
 * The placement group terraform-aws-modules v20+ makes for a group with
 * create_placement_group or enable_efa_support: aws_placement_group.this,
 * named "${var.cluster_name}-${var.name}" (the group's real name), strategy
 * cluster (v21; v20's var.placement_group_strategy defaults to it), and the
 * launch template's group_name whatever `placement` says.  Its name needs the
 * cluster's, known once every input and option is read (resolve.c's
 * resolve_module_placement_group()); until then pg_name holds the group's.
 */
static void
module_placement_group(LoadCtx *c, NodeGroup *g, const Collection *col, const Value *body, const Value *defaults,
    const EksDefaults *d)
{
	static const char *const keys[] = { "create_placement_group", "enable_efa_support" };
	if (col->source != NGS_TF_EKS_MODULE || (d->hi && d->hi < 20))
		return;
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		const Value *v = tf_follow(c->ir, tf_get(c->ir, body, keys[i]));
		if (!v && defaults && defaults->kind == V_MAP)
			v = tf_follow(c->ir, tf_get(c->ir, defaults, keys[i]));
		BVal b = bval_of(c->ir, v, keys[i]);
		if (b.set && !b.unknown && b.v) {
			g->pg_name = (SVal){ .s = g->name.s, .loc = b.loc, .origin = ORIGIN_DEFAULT, .set = true };
			g->pg_id = (SVal){ 0 };
			g->pg_module = keys[i];
			return;
		}
	}
}

/*
 * The launch template a terraform-aws-modules group's nodes run on, as the
 * module picks it (main.tf of the node-group submodules of v18.31.2,
 * v19.21.0, v20.37.2, v21.x; v17.24.0's workers.tf, workers_launch_template.tf):
 *
 *   v18, both kinds: create_launch_template (default true): the module's own
 *     (launch_template_name is its name); else the existing template named by
 *     launch_template_name (a managed group's "" is EKS's own).  No
 *     launch_template_id input.
 *   v19-v21 managed: use_custom_launch_template = false: EKS's own, none
 *     attached; else create_launch_template (default true): the module's own;
 *     else launch_template_id.  launch_template_name names only its own.
 *   v19-v21 self-managed: create_launch_template: its own; else launch_template_id.
 *   v17 worker groups: the module's own launch configuration or template;
 *     launch_template_id is a node_groups key (which attach a given id before
 *     making their own: read as written).
 *
 * The nodes' template stays in g->launch_template (resolve.c links it); one
 * the module does not attach is cleared, so its settings are neither merged
 * nor in the kit (the module's own template is made from the group's
 * settings, read here), and a launch_template_id written for it is KG240
 * with the reason.  A version known only as a range: dropped when no version
 * in it attaches the given template; a switch given by an expression, or a
 * range whose versions attach different given ones: as written.
 */
enum { LT_AS_WRITTEN, LT_OWN, LT_EKS, LT_NOT_GIVEN, LT_BY_ID, LT_BY_NAME };

/* create_launch_template / use_custom_launch_template: 1 or 0, the module's default (true) when
 * absent or null; -1 for an expression */
static int
lt_switch(IR *ir, const Value *body, const Value *defaults, const char *key)
{
	const Value *v = group_or_defaults(ir, body, defaults, key);
	if (!v || v->kind == V_NULL)
		return 1;
	return v->kind == V_BOOL ? v->b : -1;
}

static int
module_lt_way(int major, bool self_managed, int create, int custom)
{
	if (major == 17)
		return LT_OWN;
	if (major >= 19 && !self_managed && custom <= 0)
		return custom ? LT_AS_WRITTEN : LT_EKS;
	if (create < 0)
		return LT_AS_WRITTEN;
	return create ? LT_OWN : major == 18 ? LT_BY_NAME : LT_BY_ID;
}

static void
module_launch_template(LoadCtx *c, NodeGroup *g, const Collection *col, const EksDefaults *d, const Value *body,
    const Value *defaults)
{
	static const char *const why[] = {
		[LT_OWN] = "a template the module does not attach: with create_launch_template = true (its default) "
		    "it makes the group's own launch template from the group's settings and attaches that one, so "
		    "this template's settings are not the nodes' (nor the kit's); set create_launch_template = false "
		    "to attach it",
		[LT_EKS] = "a template the module does not attach: with use_custom_launch_template = false the group "
		    "runs on EKS's own launch template, so this template's settings are not the nodes' (nor the kit's)",
		[LT_NOT_GIVEN] = "a template the module does not attach: v18 makes the group's own launch template "
		    "(create_launch_template = true, its default), v19 and later leave the group on EKS's own "
		    "(use_custom_launch_template = false), so this template's settings are not the nodes' (nor the kit's)",
		[LT_BY_NAME] = "not an input of the v18 module, which attaches an existing template by "
		    "launch_template_name (with create_launch_template = false): this template's settings are not the "
		    "nodes' (nor the kit's)",
	};
	static const char why_v17[] = "not an input of v17 worker groups (the module reads it for node_groups): the "
	    "group runs on the module's own launch configuration or template, so this template's settings are not "
	    "the nodes' (nor the kit's)";
	bool v17 = strncmp(col->key, "worker_groups", 13) == 0;
	if (col->source != NGS_TF_EKS_MODULE || col->listed || (!v17 && strcmp(col->key, "eks_managed_node_groups") != 0 &&
	    strcmp(col->key, "self_managed_node_groups") != 0))
		return;
	/* the aws_eks_node_group resource's launch_template block is no input of the module's groups
	 * (they take launch_template_id / launch_template_name): the module never attached it */
	const Value *blk = group_or_defaults(c->ir, body, defaults, "launch_template");
	if (blk && blk->kind != V_NULL) {
		if (g->launch_template.set && g->launch_template.loc.file == blk->loc.file &&
		    g->launch_template.loc.line >= blk->loc.line)
			g->launch_template = (SVal){ 0 };
		ld_not_carried_at(c, g, "launch_template", "not an input of the module's node groups, which take "
		    "launch_template_id or launch_template_name: the module never attached this template, so its "
		    "settings are not the nodes' (nor the kit's)", &blk->loc, ORIGIN_INPUT);
	}
	int lo = v17 ? 17 : d->lo ? d->lo : 18, hi = v17 ? 17 : d->hi ? d->hi : 21;
	int create = lt_switch(c->ir, body, defaults, "create_launch_template");
	int custom = lt_switch(c->ir, body, defaults, "use_custom_launch_template");
	int way = module_lt_way(lo, col->self_managed, create, custom);
	/* a range whose versions disagree: as written, unless none of them attaches the given one */
	for (int m = lo + 1; m <= hi; m++) {
		int w = module_lt_way(m, col->self_managed, create, custom);
		bool none = (w == LT_OWN || w == LT_EKS) && (way == LT_OWN || way == LT_EKS || way == LT_NOT_GIVEN);
		if (w != way)
			way = none ? LT_NOT_GIVEN : LT_AS_WRITTEN;
	}
	if (way == LT_AS_WRITTEN)
		return;
	const char *key = way == LT_BY_NAME ? "launch_template_name" : way == LT_BY_ID ? "launch_template_id" : NULL;
	g->launch_template = key ? sval_of(c->ir, group_or_defaults(c->ir, body, defaults, key),
	    arena_join(c->ir->arena, c->path, ".", key)) : (SVal){ 0 };
	if (way == LT_BY_NAME && !g->launch_template.set && !d->submodule) {
		/* v18's root module names it after the map key (the submodules' default: "", null) */
		const SVal *k = g->key.set ? &g->key : &g->name;
		if (k->set && !k->unknown && k->s)
			g->launch_template = sval_lit(k->s, &g->loc, ORIGIN_DEFAULT);
	}
	/* v18's is an existing template, by name: resolve.c says so when the inputs do not hold it */
	if (way == LT_BY_NAME && g->launch_template.set && !g->launch_template.unknown && g->launch_template.s &&
	    *g->launch_template.s)
		g->launch_template_name = g->launch_template;
	if (way == LT_BY_ID)
		return;
	/* v17: only the group's own (workers_group_defaults' is node_groups' default) */
	const Value *id = v17 ? tf_get(c->ir, body, "launch_template_id") :
	    group_or_defaults(c->ir, body, defaults, "launch_template_id");
	SVal s = sval_of(c->ir, id, arena_join(c->ir->arena, c->path, ".", "launch_template_id"));
	if (s.set && (s.unknown || (s.s && *s.s)))
		ld_not_carried_at(c, g, "launch_template_id", v17 ? why_v17 : why[way], &s.loc, ORIGIN_INPUT);
}

/*
 * disk_size of a terraform-aws-modules managed group (v18-v21; the
 * eks-managed-node-group module's main.tf): the module gives it to EKS only
 * for a group on EKS's own launch template: v19-v21 with
 * use_custom_launch_template = false; v18 with create_launch_template = false
 * and no launch_template_name (which the root module sets to the map key
 * unless the group writes "").  With the module's template, or one the group
 * names, EKS never sees it: the nodes' root volume is the AMI's (or
 * block_device_mappings'), and so is the kit's; the value is not carried
 * (KG240 with the reason).  A version range (18-20) or an unknown one: the
 * group is on EKS's template when either version's way says so.  v17
 * node_groups pass it to EKS, or write it in the template the module makes:
 * lost only beside a template the group names (launch_template_id).
 */
static void
module_disk_size(LoadCtx *c, NodeGroup *g, const Collection *col, const EksDefaults *d, const Value *body,
    const Value *defaults)
{
	bool v17 = strcmp(col->key, "node_groups") == 0;
	if (col->source != NGS_TF_EKS_MODULE || (!v17 && strcmp(col->key, "eks_managed_node_groups") != 0) ||
	    !g->volume_size.set)
		return;
	const Value *ds = tf_get(c->ir, body, "disk_size");
	if (!ds && defaults)
		ds = tf_get(c->ir, defaults, "disk_size");
	ds = tf_follow(c->ir, ds);
	if (!ds || ds->loc.file != g->volume_size.loc.file || ds->loc.line != g->volume_size.loc.line ||
	    ds->loc.col != g->volume_size.loc.col)
		return;         /* the size is another key's (block_device_mappings ...) */
	const SVal *lt = &g->launch_template;
	bool named = lt->set && (lt->unknown || !lt->s || *lt->s);
	/* v18's launch_template_name: the map key in the root module, "" in the submodule */
	bool name_empty = lt->set ? !named : str_contains(tf_get(c->ir, body, "source"), "modules/eks-managed-node-group");
	bool eks_lt19 = said_bool(c->ir, body, defaults, "use_custom_launch_template", false);
	bool eks_lt18 = said_bool(c->ir, body, defaults, "create_launch_template", false) && name_empty;
	bool eks_lt = v17 || (d->lo >= 19 ? eks_lt19 : d->hi == 18 ? eks_lt18 : eks_lt19 || eks_lt18);
	if (eks_lt && !named)
		return;
	g->volume_size = (IVal){ 0 };
	ld_not_carried(c, g, "disk_size", ds);
}

/*
 * Why the module never hands a group's bootstrap_extra_args (i 0) or
 * kubelet_extra_args (i 1) to a bootstrap; NULL: it does.  Its user data
 * templates, per version:
 * - terraform-aws-modules v18-v21 (templates/linux_user_data.tpl,
 *   al2_user_data.tpl, windows_user_data.tpl): bootstrap.sh (or
 *   Start-EKSBootstrap.ps1) with them only inside `if
 *   enable_bootstrap_user_data`, which the self-managed submodule always
 *   sets and the EKS managed one leaves false unless the group (or the
 *   defaults) says true, as it should with a custom AMI: on EKS's own AMI
 *   EKS bootstraps the group and the arguments go nowhere.  Bottlerocket's
 *   are appended as TOML settings whatever that says (EKS merges them); the
 *   AL2023 template has no place for them (nodeadm).  The user data is the
 *   module's launch template's: a group on EKS's template or one of its own
 *   (create_launch_template / use_custom_launch_template = false) gets none.
 * - v17: node_groups (modules/node_groups) put kubelet_extra_args in the
 *   user data of the launch template they make only with
 *   create_launch_template = true, and never read bootstrap_extra_args; the
 *   worker groups' templates/userdata.sh.tpl runs bootstrap.sh with both.
 * - EKS Blueprints v4 (v4.0.3 on): the managed groups' launch template
 *   (made only with create_launch_template = true) runs bootstrap.sh with
 *   them only with a custom_ami_id; the self-managed groups' always (AL2,
 *   Windows); neither's Bottlerocket template names them.
 */
static const char *
bootstrap_args_unused(IR *ir, const Collection *col, const Value *body, const Value *defaults, size_t i, bool br,
    bool al2023)
{
	if (col->source == NGS_BLUEPRINTS_V4) {
		const Value *ami = tf_follow(ir, tf_get(ir, body, "custom_ami_id"));
		bool custom = ami && ami->kind != V_NULL && !(ami->kind == V_STR && !*ami->s);
		if (br)
			return "the module's Bottlerocket user data does not use kubelet_extra_args or bootstrap_extra_args: "
			    "the nodes never had these arguments";
		if (!col->self_managed && (!custom || !said_bool(ir, body, NULL, "create_launch_template", true)))
			return "the module passes kubelet_extra_args and bootstrap_extra_args only to a custom AMI's bootstrap "
			    "(custom_ami_id, with create_launch_template = true); EKS bootstraps this group, so its nodes "
			    "never had these arguments";
		return NULL;
	}
	if (col->source != NGS_TF_EKS_MODULE)
		return NULL;
	if (strcmp(col->key, "node_groups") == 0) {
		if (i == 0)
			return "v17 node_groups do not use bootstrap_extra_args (the worker groups' key): the nodes never "
			    "had these arguments";
		if (!said_bool(ir, body, defaults, "create_launch_template", true))
			return "v17 node_groups pass kubelet_extra_args only through the launch template the module makes "
			    "with create_launch_template = true; EKS bootstraps this group without them";
		return NULL;
	}
	if (i != 0)
		return NULL;
	if (said_bool(ir, body, defaults, "create_launch_template", false) ||
	    said_bool(ir, body, defaults, "use_custom_launch_template", false))
		return "the module makes no launch template for this group (create_launch_template or "
		    "use_custom_launch_template = false), so none of its user data, bootstrap_extra_args included, "
		    "reaches the nodes";
	if (al2023)
		return "the module's AL2023 user data (nodeadm) does not use bootstrap_extra_args: the nodes never had "
		    "these arguments; kubelet flags go in a NodeConfig (cloudinit_pre_nodeadm)";
	if (strcmp(col->key, "eks_managed_node_groups") == 0 && !br &&
	    !said_bool(ir, body, defaults, "enable_bootstrap_user_data", true))
		return "the module passes bootstrap_extra_args only to a custom AMI's bootstrap (enable_bootstrap_user_data "
		    "= true); EKS bootstraps this group, so its nodes never had these arguments";
	return NULL;
}

/*
 * bootstrap_extra_args by the group's OS: Bottlerocket's are TOML settings
 * (the EC2NodeClass userData, which Karpenter merges; their node labels and
 * taints go to the NodePool, ld_bottlerocket_settings()); AL2's are bootstrap.sh
 * arguments, whose --node-labels become the NodePool's labels and
 * `--local-disks raid0` its instanceStorePolicy; the rest is listed.
 * Blueprints' kubelet_extra_args are kubelet flags.  Where the module never
 * passes them to a bootstrap (bootstrap_args_unused()) nothing of them is
 * carried: listed with the reason (KG240).  Runs after the module's
 * defaults, which may give the group its AMI type (v21: AL2023).
 */
static void
tfeks_bootstrap_args(LoadCtx *c, NodeGroup *g, const Collection *col, const Value *body, const Value *defaults)
{
	static const char *const keys[] = { "bootstrap_extra_args", "kubelet_extra_args" };
	const SVal *fam = &g->ami_family, *at = &g->ami_type;
	bool br = (fam->set && fam->s && strcmp(fam->s, "Bottlerocket") == 0) ||
	    (at->set && at->s && strncmp(at->s, "BOTTLEROCKET", 12) == 0);
	bool al2023 = (fam->set && fam->s && strcmp(fam->s, "AmazonLinux2023") == 0) ||
	    (at->set && at->s && strncmp(at->s, "AL2023", 6) == 0);
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		const Value *v = tf_get(c->ir, body, keys[i]);
		if (!v && defaults)
			v = tf_get(c->ir, defaults, keys[i]);
		SVal s = sval_of(c->ir, v, arena_join(c->ir->arena, c->path, ".", keys[i]));
		if (!s.set || (s.s && !*s.s))
			continue;
		const char *unused = bootstrap_args_unused(c->ir, col, body, defaults, i, br, al2023);
		if (unused) {
			ng_not_carried_add(c->ir->arena, g, &(NotCarried){ .setting = keys[i], .why = unused, .loc = s.loc });
		} else if (br && i == 0 && !s.unknown) {
			/* node-labels and node-taints to the NodePool, the rest to the userData */
			s.s = ld_bottlerocket_settings(c, g, &s, keys[i]);
			g->bottlerocket_toml = (SList){ .loc = s.loc, .origin = ORIGIN_INPUT, .set = true };
			if (s.s[strspn(s.s, " \t\r\n")])
				ld_list_add(c->ir->arena, &g->bottlerocket_toml, &s);
		} else if (ld_bootstrap_args(c, g, &s)) {
			ld_not_carried(c, g, keys[i], v);
		}
	}
	/* the NodeConfigs' --node-labels and --register-with-taints: the NodePool's (after the group's
	 * own labels and taints are read, which win) */
	for (int i = 0; i < g->nodeadm.n; i++)
		g->nodeadm.v[i].s = ld_nodeadm_flags(c, g, &g->nodeadm.v[i], "cloudinit_pre_nodeadm");
}

/*
 * labels and taints of a self-managed group: neither terraform-aws-modules'
 * self-managed-node-group (v18-v21 variables.tf; v17's worker groups read
 * no such key) nor EKS Blueprints v4's self-managed module has such an
 * input, so the nodes never had them: listed (KG240), not put on the
 * NodePool.  The bootstrap's --node-labels (bootstrap_extra_args,
 * kubelet_extra_args) is how such groups label their nodes, and is read
 * after this.
 */
static void
self_managed_labels(LoadCtx *c, NodeGroup *g, const Collection *col, const Value *body, const Value *defaults)
{
	static const char *const keys[] = { "labels", "k8s_labels", "taints", "k8s_taints" };
	if (!col->self_managed || (col->source != NGS_TF_EKS_MODULE && col->source != NGS_BLUEPRINTS_V4))
		return;
	/* the key their bootstrap arguments are written in: Blueprints' and v17 worker groups' kubelet_extra_args */
	const char *why = col->source == NGS_BLUEPRINTS_V4 || strncmp(col->key, "worker_groups", 13) == 0 ?
	    "the module's self-managed groups have no labels or taints input: the nodes never had them; a "
	    "self-managed group sets them with --node-labels / --register-with-taints in kubelet_extra_args" :
	    "the module's self-managed groups have no labels or taints input: the nodes never had them; a "
	    "self-managed group sets them with --node-labels / --register-with-taints in bootstrap_extra_args";
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		const Value *v = group_or_defaults(c->ir, body, defaults, keys[i]);
		if (!v || v->kind == V_NULL)
			continue;
		ng_not_carried_add(c->ir->arena, g, &(NotCarried){ .setting = keys[i], .why = why, .loc = v->loc });
		if (i < 2)
			g->labels = (KVList){ 0 };
		else
			g->taints.n = 0;
	}
}

static bool
disabled(IR *ir, const Value *body)
{
	const Value *cr = tf_get(ir, body, "create");
	return cr && cr->kind == V_BOOL && !cr->b;
}

/*
 * v17 node_groups: the module makes the group's launch template only with
 * create_launch_template = true, and attaches it only when no
 * launch_template_id is given (modules/node_groups/main.tf, launch_template.tf
 * of v17.24.0).  The keys only that template reads do nothing otherwise:
 * they are left out of the group and of the defaults it is read with
 * (workers_group_defaults' among them), so that the kit does not give the
 * nodes a KMS key, user data or security groups they never had; the group's
 * own are listed (KG240), as kubelet_extra_args is (tfeks_bootstrap_args()).
 */
static bool
v17_module_template(IR *ir, const Value *body, const Value *defaults)
{
	const Value *id = group_or_defaults(ir, body, defaults, "launch_template_id");
	return said_bool(ir, body, defaults, "create_launch_template", true) && (!id || id->kind == V_NULL);
}

static const Value *
v17_template_keys_out(LoadCtx *c, NodeGroup *g, const Value *m, bool list)
{
	IR *ir = c->ir;
	static const char *const keys[] = {
		"disk_type", "disk_iops", "disk_throughput", "disk_encrypted", "disk_kms_key_id", "enable_monitoring",
		"eni_delete", "public_ip", "pre_userdata", "additional_security_group_ids", "metadata_http_endpoint",
		"metadata_http_tokens", "metadata_http_put_response_hop_limit", "bootstrap_env", "ami_is_eks_optimized",
		"ami_id", "ebs_optimized",
	};
	m = tf_follow(ir, m);
	if (!m || m->kind != V_MAP)
		return m;
	Value *out = v_new(ir->arena, V_MAP, &m->loc);
	out->flags = m->flags;
	for (int i = 0; i < m->n; i++) {
		bool drop = false;
		for (size_t k = 0; k < sizeof keys / sizeof *keys && !drop; k++)
			drop = strcmp(m->members[i].key, keys[k]) == 0;
		const Value *v = tf_follow(ir, m->members[i].val);
		if (!drop)
			v_map_put(ir->arena, out, m->members[i].key, &m->members[i].key_loc, m->members[i].val);
		else if (list && v && v->kind != V_NULL)
			ld_not_carried_at(c, g, m->members[i].key, arena_printf(ir->arena, "v17 node_groups pass %s only "
			    "through the launch template the module makes with create_launch_template = true (and no "
			    "launch_template_id): the nodes never had it", m->members[i].key), &m->members[i].key_loc,
			    ORIGIN_INPUT);
	}
	return out;
}

/*
 * v17 node_groups after the table: the instance tags merge
 * node_groups_defaults' additional_tags under the group's (the module's
 * template, launch_template.tf); set_instance_types_on_lt = true gives the
 * node group no types (main.tf) and the module's template the first one
 * (launch_template.tf): one type, or, without that template, the launch
 * template's or the EKS API's (resolve.c).
 */
static void
v17_node_group(LoadCtx *c, NodeGroup *g, const Value *body, const Value *defaults)
{
	const Value *da = defaults && defaults->kind == V_MAP ? tf_get(c->ir, defaults, "additional_tags") : NULL;
	if (da && tf_get(c->ir, body, "additional_tags")) {
		KVList d = kvlist_of(c->ir, da, "additional_tags");
		if (d.set && !d.unknown)
			ld_kv_merge(c->ir->arena, &g->tags, &d);
	}
	if (!said_bool(c->ir, body, defaults, "set_instance_types_on_lt", true))
		return;
	const Value *at = group_or_defaults(c->ir, body, defaults, "set_instance_types_on_lt");
	if (v17_module_template(c->ir, body, defaults)) {
		if (g->instance_types.set && !g->instance_types.unknown && g->instance_types.n > 1)
			g->instance_types.n = 1;
	} else {
		g->instance_types = (SList){ .loc = at->loc, .origin = ORIGIN_DEFAULT, .set = true };
	}
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
	/* a key no row names is KG110, as eksctl's are: a setting the table does not know would
	 * otherwise vanish from the kit without a word (issue 14); the module's keys that are no
	 * node setting have their own TF_IGNORE rows, with the reason */
	LoadCtx c = { .ir = ir, .dialect = "node group", .path = name, .follow = tf_follow, .null_resets = true,
	    .warn_unknown = true };
	/* the module reads each key from the group, else from the defaults, else its own default */
	bool v17_ng = strcmp(col->key, "node_groups") == 0;
	if (v17_ng && !v17_module_template(ir, body, defaults)) {
		body = v17_template_keys_out(&c, g, body, true);
		defaults = v17_template_keys_out(&c, g, defaults, false);
	}
	if (defaults && defaults->kind == V_MAP)
		ld_apply(&c, tfeks_group_fields, g, defaults, name);
	ld_apply(&c, tfeks_group_fields, g, body, name);
	if (v17_ng)
		v17_node_group(&c, g, body, defaults);
	self_managed_labels(&c, g, col, body, defaults);
	os_family(&c, g, body, defaults);
	lt_tags(&c, g, body, defaults);
	real_name(&c, g, col, body, name_loc);
	module_launch_template(&c, g, col, d, body, defaults);
	eks_module_defaults(&c, g, col, d, name_loc, body, defaults);
	tfeks_bootstrap_args(&c, g, col, body, defaults);
	module_disk_size(&c, g, col, d, body, defaults);
	module_placement_group(&c, g, col, body, defaults, d);
}

/*
 * Two groups of one collection known by the same name (two list items with
 * one `name`, two Blueprints groups left with its default node_group_name):
 * the runbook finds groups by name (NAME- with the modules' random
 * suffixes), so it would keep and migrate the same nodes.  An error naming
 * both, never a kit.
 */
static void
unique_names(IR *ir, int from, const char *key, const char *field)
{
	for (int i = from; i < ir->groups.n; i++) {
		const NodeGroup *g = ir->groups.v[i];
		if (!g->name.set || g->name.unknown || !g->name.s)
			continue;
		for (int k = from; k < i; k++) {
			const NodeGroup *o = ir->groups.v[k];
			if (!o->name.set || o->name.unknown || !o->name.s || strcmp(o->name.s, g->name.s) != 0)
				continue;
			Diag *d = diag(KG107, &g->name.loc, "node group name '%s' in '%s' is given to two groups", g->name.s,
			    key);
			diag_note(d, &o->name.loc, "the first group named '%s'%s", o->name.s,
			    o->name.origin == ORIGIN_DEFAULT ? " (the module's default name)" : "");
			diag_note(d, NULL, "give each group a '%s' of its own: EKS and the runbook know a group by its name", field);
			break;
		}
	}
}

/*
 * v17 worker groups: their Auto Scaling group propagates the Name tag
 * "<cluster>-<name>-eks_asg" at launch (workers.tf, workers_launch_template.tf
 * of v17.24.0; <name> the item's name, else its index), the module's `tags`
 * never a Name; a Name among the group's own tags is the instances'.
 */
static void
v17_asg_name(IR *ir, NodeGroup *g, const Value *nm, int index, const Loc *at)
{
	for (int i = 0; i < g->tags.n; i++)
		if (g->tags.v[i].key.s && strcmp(g->tags.v[i].key.s, "Name") == 0)
			return;
	if (nm && nm->kind != V_STR && nm->kind != V_NULL) {
		NotCarried n = { .setting = "Name tag (the module's)", .loc = nm->loc,
		    .why = "the module's Auto Scaling group tags the instances Name = '<cluster>-<name>-eks_asg', and the "
		    "name is an expression karpgen cannot evaluate offline: add the Name to the EC2NodeClass tags by hand" };
		ng_not_carried_add(ir->arena, g, &n);
		return;
	}
	const char *name = nm && nm->kind == V_STR ? nm->s : arena_printf(ir->arena, "%d", index);
	g->name_tag = sval_lit(arena_printf(ir->arena, "${CLUSTER_NAME}-%s-eks_asg", name), at, ORIGIN_DEFAULT);
}

/*
 * v17 node_groups: the module's node_groups_expanded merges
 * workers_group_defaults, under node-group names, beneath
 * node_groups_defaults and the group (modules/node_groups/locals.tf of
 * v17.24.0); the module's own values of those keys are module_defaults'
 * node_groups row.  The defaults the groups are read with: node_groups_defaults,
 * then what workers_group_defaults gives that it does not.
 */
static const struct { const char *worker, *group; } v17_from_workers[] = {
	{ "asg_desired_capacity", "desired_capacity" }, { "asg_max_size", "max_capacity" },
	{ "asg_min_size", "min_capacity" }, { "instance_type", "instance_types" },  /* [instance_type] */
	{ "key_name", "key_name" }, { "launch_template_id", "launch_template_id" },
	{ "launch_template_version", "launch_template_version" }, { "subnets", "subnets" },
	{ "kubelet_extra_args", "kubelet_extra_args" }, { "root_volume_size", "disk_size" },
	{ "root_volume_type", "disk_type" }, { "root_iops", "disk_iops" },
	{ "root_volume_throughput", "disk_throughput" }, { "root_encrypted", "disk_encrypted" },
	{ "root_kms_key_id", "disk_kms_key_id" }, { "enable_monitoring", "enable_monitoring" },
	{ "eni_delete", "eni_delete" }, { "public_ip", "public_ip" }, { "pre_userdata", "pre_userdata" },
	{ "additional_security_group_ids", "additional_security_group_ids" },
	{ "metadata_http_endpoint", "metadata_http_endpoint" }, { "metadata_http_tokens", "metadata_http_tokens" },
	{ "metadata_http_put_response_hop_limit", "metadata_http_put_response_hop_limit" },
};

static const Value *
v17_node_group_defaults(IR *ir, const Value *workers, const Value *ng_defaults)
{
	workers = tf_follow(ir, workers);
	ng_defaults = tf_follow(ir, ng_defaults);
	if (!workers || workers->kind != V_MAP || (ng_defaults && ng_defaults->kind != V_MAP))
		return ng_defaults;
	Value *m = v_new(ir->arena, V_MAP, ng_defaults ? &ng_defaults->loc : &workers->loc);
	for (int i = 0; ng_defaults && i < ng_defaults->n; i++)
		v_map_put(ir->arena, m, ng_defaults->members[i].key, &ng_defaults->members[i].key_loc,
		    ng_defaults->members[i].val);
	for (size_t i = 0; i < sizeof v17_from_workers / sizeof *v17_from_workers; i++) {
		const Member *w = v_member(workers, v17_from_workers[i].worker);
		if (!w || v_get(m, v17_from_workers[i].group))
			continue;
		Value *val = w->val;
		if (strcmp(v17_from_workers[i].group, "instance_types") == 0) {
			val = v_new(ir->arena, V_LIST, &w->val->loc);
			v_list_push(ir->arena, val, w->val);
		}
		v_map_put(ir->arena, m, v17_from_workers[i].group, &w->key_loc, val);
	}
	return m->n ? m : ng_defaults;
}

static void
eks_collection(IR *ir, const Collection *col, const Member *m, const Value *defaults, const char *scope,
    const EksDefaults *d)
{
	const Value *v = tf_follow(ir, m->val);
	if (!v || v->kind == V_NULL)
		return;
	if (v->kind == V_UNKNOWN) {
		Diag *dg = diag(KG109, &v->loc, "'%s'%s%s is the expression '%s', which karpgen cannot evaluate offline",
		    m->key, *scope ? " of " : "", scope, expr_brief(ir->arena, v->s));
		diag_note(dg, NULL, "its node groups are not in the IR: give them as an object literal or in a .tfvars input");
		return;
	}
	int before_map = ir->groups.n;
	if (v->kind == V_MAP) {
		for (int i = 0; i < v->n; i++)
			eks_group(ir, col, v->members[i].key, &v->members[i].key_loc, tf_follow(ir, v->members[i].val),
			    defaults, scope, d);
	} else if (v->kind == V_LIST) {
		/*
		 * v17 worker_groups and other list forms: each item names itself.
		 * Blueprints v4 iterates its groups with for_each, which takes no
		 * list: a list under its key is another module's (young-ook's
		 * terraform-aws-eks), whose items are named by `name` and get none of
		 * Blueprints' defaults.
		 */
		Collection lc = *col;
		EksDefaults ld = *d;
		if (col->source == NGS_BLUEPRINTS_V4) {
			lc.listed = true;
			ld.from = arena_printf(ir->arena, "a list of node groups in '%s' (not EKS Blueprints v4, whose groups "
			    "are a map): no module default", m->key);
		}
		int before = ir->groups.n;
		for (int i = 0; i < v->n; i++) {
			const Value *item = tf_follow(ir, v->items[i]);
			const Value *nm = tf_get(ir, item, "name");
			if (!nm)
				nm = tf_get(ir, item, "node_group_name");
			/* an item without a name is known as KEY-INDEX: a name AWS accepts
			 * (the node-group name rules), where "KEY[INDEX]" is refused */
			const char *name = nm && nm->kind == V_STR ? nm->s :
			    arena_printf(ir->arena, "%s-%d", m->key, i);
			const Loc *at = nm && nm->kind == V_STR ? &nm->loc : item ? &item->loc : &v->loc;
			int had = ir->groups.n;
			eks_group(ir, &lc, name, at, item, defaults, scope, &ld);
			if (ir->groups.n > had && strncmp(col->key, "worker_groups", 13) == 0)
				v17_asg_name(ir, ir->groups.v[had], nm, i, at);
		}
		unique_names(ir, before, m->key, "name");
		return;
	} else {
		diag(KG106, &v->loc, "'%s' should be a map of node groups, not %s", m->key, v_kind_name(v->kind));
	}
	unique_names(ir, before_map, m->key, col->source == NGS_BLUEPRINTS_V4 ? "node_group_name" : "name");
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
/*
 * The major version a module call pins: the first number of its `version`
 * constraint ("~> 19.0", "19.21.0") or of a "?ref=v17.24.0" in its source;
 * 0 when neither says.
 */
static int
module_major(IR *ir, const Value *body)
{
	const Value *v = tf_get(ir, body, "version");
	const char *s = v && v->kind == V_STR ? v->s : NULL;
	const Value *src = tf_get(ir, body, "source");
	if (!s && src && src->kind == V_STR) {
		const char *ref = strstr(src->s, "ref=v");
		s = ref ? ref + 5 : NULL;
	}
	while (s && *s && (*s < '0' || *s > '9'))
		s++;
	int n = 0;
	for (; s && *s >= '0' && *s <= '9' && n < 1000; s++)
		n = n * 10 + (*s - '0');
	return n;
}

static EksDefaults
eks_defaults_for(IR *ir, const Value *body, bool submodule)
{
	EksDefaults d = { .from = "terraform-aws-modules/eks", .submodule = submodule };
	const Value *ver = tf_get(ir, body, "version");
	if (str_contains(ver, "21.") || v_get(body, "kubernetes_version") ||
	    (!submodule && v_get(body, "name") && !v_get(body, "cluster_name")))
		d.v21 = true;
	int major = module_major(ir, body);
	if (d.v21) {
		d.from = "terraform-aws-modules/eks v21";
		d.lo = d.hi = 21;
	} else if (major >= 17 && major <= 21) {
		d.from = arena_printf(ir->arena, "terraform-aws-modules/eks v%d", major);
		d.lo = d.hi = major;
	} else if (!submodule && v_get(body, "cluster_name") && !v_get(body, "node_groups") &&
	    !v_get(body, "worker_groups") && !v_get(body, "worker_groups_launch_template") &&
	    (v_get(body, "eks_managed_node_groups") || v_get(body, "self_managed_node_groups"))) {
		/* cluster_name with v18's collections: v18-v20, whose root defaults agree on sizes */
		d.from = "terraform-aws-modules/eks v18-v20";
		d.lo = 18;
		d.hi = 20;
	} else if (submodule && v_get(body, "cluster_version")) {
		/* a submodule passed cluster_version, which v21 renamed kubernetes_version: v18-v20 */
		d.from = "terraform-aws-modules/eks v18-v20";
		d.lo = 18;
		d.hi = 20;
	}
	if (str_contains(tf_get(ir, body, "source"), "eks-blueprints"))
		d.from = "eks-blueprints v4";
	return d;
}

/*
 * A v18+ self-managed group's Auto Scaling group propagates
 * merge({ Name = var.name }, var.tags), var.tags holding the module call's
 * own: a Name there wins over the name_tag module_name_tag() gave the group,
 * and so may one karpgen cannot read (may_name), which leaves the Name to the
 * listing of the module's tags (KG240).
 */
static void
module_name_yields(NodeGroup *g, const KVList *module_tags, bool may_name)
{
	bool named = may_name;
	for (int i = 0; i < module_tags->n; i++)
		named |= module_tags->v[i].key.s && strcmp(module_tags->v[i].key.s, "Name") == 0;
	if (named)
		g->name_tag = (SVal){ 0 };
}

/*
 * Cluster identity written as literals in an EKS module call, and the
 * module's `tags`, which terraform-aws-modules/eks puts on every node group
 * it declares under the group's own (node_groups.tf: tags = merge(var.tags,
 * each.value.tags), v17-v21): the nodes' tags of the groups of this module
 * call (`scope`) alone, not of another module's (a standalone
 * self-managed-node-group call has its own `tags`).  A tag given by an
 * expression is said once here (KG109) and listed on each of the groups as
 * not carried (KG240, REPORT.md).  EKS Blueprints v4 is another module: its
 * tags are not read as the nodes'.
 */
static void
eks_cluster(IR *ir, const Value *body, bool module_tags, const char *scope)
{
	static const char left_out[] = "the module puts its tags on the group's nodes; this one is an expression "
	    "karpgen cannot evaluate offline, so the EC2NodeClass leaves it out: add it to the EC2NodeClass tags by "
	    "hand, or give the value in a .tfvars input";
	static const char left_out_all[] = "the module puts its tags on the group's nodes; they are an expression "
	    "karpgen cannot evaluate offline, so the EC2NodeClass leaves them out: add them to the EC2NodeClass tags "
	    "by hand, or give the value in a .tfvars input";
	const Value *tv = module_tags ? tf_get(ir, body, "tags") : NULL;
	KVList tags = kvlist_of(ir, tv, "tags");
	KVList known = { .loc = tags.loc, .origin = tags.origin, .set = tags.set && !tags.unknown };
	VEC(NotCarried) out = { 0 };
	/* an expression is said once here, not once per group's EC2NodeClass */
	if (tags.set && tags.unknown) {
		Diag *d = diag(KG109, &tags.loc, "the module's tags are the expression '%s', which karpgen cannot "
		    "evaluate offline", expr_brief(ir->arena, tags.expr ? tags.expr : "?"));
		diag_note(d, NULL, "the module puts them on every node group's nodes; the EC2NodeClasses leave them out: "
		    "add them by hand if the nodes need them, or give the value in a .tfvars input");
		VEC_PUSH(ir->arena, out, ((NotCarried){ .setting = arena_printf(ir->arena, "%s.tags", scope),
		    .why = left_out_all, .loc = tags.loc }));
	}
	for (int i = 0; i < tags.n; i++) {
		const KV *kv = &tags.v[i];
		if (kv->key.s && !kv->key.unknown && kv->value.s && !kv->value.unknown) {
			ld_kv_add(ir->arena, &known, &kv->key, &kv->value);
			continue;
		}
		const Loc *at = kv->key.unknown || !kv->key.s ? &kv->key.loc : &kv->value.loc;
		Diag *d = diag(KG109, at, "a tag of the module is an expression karpgen cannot evaluate offline");
		diag_note(d, NULL, "the module puts it on every node group's nodes; the EC2NodeClasses leave it out: "
		    "add it by hand if the nodes need it");
		VEC_PUSH(ir->arena, out, ((NotCarried){ .setting = kv->key.s && !kv->key.unknown ?
		    arena_printf(ir->arena, "%s.tags.%s", scope, kv->key.s) : arena_printf(ir->arena, "%s.tags", scope),
		    .why = left_out, .loc = *at }));
	}
	/* a tag karpgen cannot read may be a Name (the whole map an expression, a key one, Name's value one) */
	bool module_may_name = tags.set && tags.unknown;
	for (int i = 0; i < tags.n; i++)
		module_may_name |= tags.v[i].key.unknown || !tags.v[i].key.s ||
		    (strcmp(tags.v[i].key.s, "Name") == 0 && (tags.v[i].value.unknown || !tags.v[i].value.s));
	for (int i = 0; i < ir->groups.n; i++) {
		NodeGroup *g = ir->groups.v[i];
		if (!g->scope || strcmp(g->scope, scope) != 0)
			continue;
		/* v17 worker groups' ASG takes the module's tags `if tag_key != "Name"` (workers.tf) */
		bool v17_workers = g->kind && strncmp(g->kind, "worker_groups", 13) == 0;
		if (g->self_managed && !v17_workers)
			module_name_yields(g, &known, module_may_name);
		if (known.n) {
			if (!g->tags.set)
				g->tags = (KVList){ .loc = known.loc, .origin = known.origin, .set = true };
			for (int k = 0; k < known.n; k++)
				if (!(v17_workers && known.v[k].key.s && strcmp(known.v[k].key.s, "Name") == 0))
					ld_kv_merge(ir->arena, &g->tags, &(KVList){ .v = &known.v[k], .n = 1, .set = true });
		}
		for (int k = 0; k < out.n; k++)
			ng_not_carried_add(ir->arena, g, &out.v[k]);
	}
	static const struct { const char *key; size_t off; } keys[] = {
		{ "cluster_name", offsetof(Cluster, name) }, { "name", offsetof(Cluster, name) },
		{ "cluster_version", offsetof(Cluster, k8s_version) },
		{ "kubernetes_version", offsetof(Cluster, k8s_version) },
	};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		const Value *v = tf_get(ir, body, keys[i].key);
		if (!v)
			continue;
		SVal s = sval_of(ir, v, keys[i].key);
		ir_set_sval(ir, (SVal *)(void *)((char *)&ir->cluster + keys[i].off), &s, keys[i].key);
	}
}

/* A module call that holds node groups (whatever its source: examples use "../.."). */
bool
tfeks_module_call(IR *ir, Input *in, const char *label, const Value *body)
{
	bool any = false;
	const char *scope = arena_printf(ir->arena, "module.%s", label);
	if (disabled(ir, body))
		return false;
	EksDefaults d = eks_defaults_for(ir, body, false);
	const char *from = d.from;
	/* EKS Blueprints v4 is a module of its own: managed_node_groups, private_subnet_ids */
	bool blueprints = str_contains(tf_get(ir, body, "source"), "blueprints") || v_get(body, "managed_node_groups") ||
	    v_get(body, "private_subnet_ids");
	for (int i = 0; i < body->n; i++) {
		const Collection *col = collection_for(body->members[i].key);
		if (!col)
			continue;
		if (col->source == NGS_BLUEPRINTS_V4 && !blueprints)
			continue;
		if (blueprints && strcmp(col->key, "self_managed_node_groups") == 0)
			col = &collections[NCOLLECTIONS - 1];   /* self_managed_node_groups_v4 */
		const Value *defaults = col->defaults_key ? tf_get(ir, body, col->defaults_key) : NULL;
		if (strcmp(col->key, "node_groups") == 0)
			defaults = v17_node_group_defaults(ir, tf_get(ir, body, "workers_group_defaults"), defaults);
		EksDefaults dc = d;
		if (col->source == NGS_BLUEPRINTS_V4)
			dc.from = "eks-blueprints v4";
		eks_collection(ir, col, &body->members[i], defaults, scope, &dc);
		from = dc.from;
		any = true;
	}
	if (any) {
		in->flavour = from;
		eks_cluster(ir, body, !blueprints, scope);
	}
	return any;
}

/*
 * A submodule call that pins no version (a local source such as
 * "../../modules/self-managed-node-group" is the version of the repository
 * it sits in, which no input says): the defaults karpgen applies are said,
 * those of v18-v20 when it is passed cluster_version (v21 renamed it), else
 * none of the module's, never v21's in silence.
 */
static void
submodule_version_note(IR *ir, const Value *body, const char *scope, const EksDefaults *d, bool self_managed)
{
	if (module_major(ir, body) || d->v21 || disabled(ir, body))
		return;
	const Value *src = tf_get(ir, body, "source");
	const Loc *at = src ? &src->loc : &body->loc;
	Diag *dg = diag(KG109, at, "the version of '%s' is given by no input; karpgen applies %s%s", scope, d->lo ?
	    "the defaults of the v18-v20 submodule (it is passed 'cluster_version', which v21 renamed "
	    "'kubernetes_version'): sizes 0/3/1, detailed monitoring, IMDS hop limit 2" :
	    "none of the module's defaults (sizes, AMI type, monitoring): the EKS API's and Karpenter's apply",
	    d->lo && self_managed ? ", an AL2 AMI" : "");
	if (d->lo && !self_managed)
		diag_note(dg, NULL, "with no AMI type an AL2 one (v18-v19; v20 leaves it to the EKS API, whose default "
		    "depends on the Kubernetes version): the kit takes the EKS API's");
	diag_note(dg, NULL, "pin the module with 'version' (or '?ref=vN' in its source) if another version's defaults apply");
}

/* module "x" { source = ".../modules/eks-managed-node-group" name = ... }: one group. */
bool
tfeks_submodule_call(IR *ir, Input *in, const char *label, const Value *body)
{
	static const struct { const char *suffix; const Collection *col; } subs[] = {
		{ "modules/eks-managed-node-group", &collections[0] },
		{ "modules/self-managed-node-group", &collections[1] },
	};
	const Value *src = tf_get(ir, body, "source");
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
		const Value *nm = tf_get(ir, body, "name");
		const char *name = nm && nm->kind == V_STR ? nm->s : label;
		EksDefaults d = eks_defaults_for(ir, body, true);
		submodule_version_note(ir, body, scope, &d, subs[i].col->self_managed);
		eks_group(ir, subs[i].col, name, nm && nm->kind == V_STR ? &nm->loc : &body->loc, body, NULL, scope, &d);
		in->flavour = d.from;
		return true;
	}
	return false;
}

/* ----------------------------------------- resource "aws_launch_template" */

/* monitoring { enabled } */
static void
set_lt_monitoring(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	fs_bool(c, obj, tf_get(c->ir, v, "enabled"), f);
}

/* tag_specifications { resource_type = "instance", tags = {...} }: the nodes' tags, then the
 * other resources' (ld_tag_spec()) */
static void
set_tag_specs(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; v && v->kind == V_LIST && i < v->n; i++) {
			const Value *rt = tf_get(c->ir, v->items[i], "resource_type");
			if (v_is_str(rt, "instance") != (pass == 0))
				continue;
			const Value *tv = tf_get(c->ir, v->items[i], "tags");
			KVList l = tv ? kvlist_of(c->ir, tv, arena_join(c->ir->arena, c->path, ".", f->key)) : (KVList){ 0 };
			SVal rts = rt ? sval_of(c->ir, rt, "resource_type") : (SVal){ 0 };
			ld_tag_spec(c, obj, f->key, rts.set && !rts.unknown ? rts.s : NULL, &l, &v->items[i]->loc);
		}
}

/*
 * What an aws_launch_template gives the node groups that use it, into the
 * LtVersion's NodeGroup (resolve.c's ir_link() fills the groups from it, as
 * for describe-launch-template-versions): every argument of the resource
 * (the AWS provider's aws_launch_template, and the retired Elastic GPU and
 * Inference ones) has a row, as the AWS CLI's LaunchTemplateData has: the
 * group's own settings' setters where the keys mean the same, KG240 for what
 * the kit cannot carry (options EC2 has at their default, only when not the
 * default: fs_not_carried_unless_default()), facts of the template itself
 * ignored; any other key is KG110.
 */
const FieldDef tfeks_lt_fields[] = {
	TF_FIELD("image_id", fs_str, ami_id),
	TF_SETTER("instance_type", set_one_type),
	TF_SETTER("block_device_mappings", set_bdm),
	TF_SETTER("instance_market_options", set_market),
	TF_SETTER("metadata_options", set_metadata),
	TF_SETTER("vpc_security_group_ids", set_sgs),
	TF_SETTER("tag_specifications", set_tag_specs),
	{ "monitoring", set_lt_monitoring, offsetof(NodeGroup, detailed_monitoring), NULL },
	TF_SETTER("user_data", fs_not_carried),
	TF_SETTER("network_interfaces", set_netifs),
	TF_SETTER("placement", set_placement),
	TF_SETTER("capacity_reservation_specification", set_odcr),
	TF_SETTER("credit_specification", fs_not_carried),
	TF_SETTER("cpu_options", fs_not_carried),
	TF_SETTER("key_name", fs_not_carried),
	TF_SETTER("instance_requirements", fs_not_carried),
	TF_SETTER("license_specification", fs_not_carried),
	TF_SETTER("hibernation_options", fs_not_carried_unless_default),
	TF_SETTER("enclave_options", fs_not_carried_unless_default),
	TF_SETTER("iam_instance_profile", fs_not_carried),
	TF_SETTER("disable_api_termination", fs_not_carried),
	TF_SETTER("disable_api_stop", fs_not_carried),
	TF_SETTER("instance_initiated_shutdown_behavior", fs_not_carried_unless_default),
	TF_SETTER("maintenance_options", fs_not_carried_unless_default),
	TF_SETTER("private_dns_name_options", fs_not_carried_unless_default),
	TF_SETTER("network_performance_options", fs_not_carried_unless_default),
	TF_SETTER("kernel_id", fs_not_carried),
	TF_SETTER("ram_disk_id", fs_not_carried),
	TF_SETTER("security_group_names", fs_not_carried),
	TF_SETTER("secondary_interfaces", fs_not_carried),
	TF_SETTER("elastic_gpu_specifications", fs_not_carried),
	TF_SETTER("elastic_inference_accelerator", fs_not_carried),
	/*
	 * EBS optimization: on by default on every current instance type, and
	 * what Karpenter's launches get (as the AWS CLI's EbsOptimized)
	 */
	TF_IGNORE("ebs_optimized"),
	/* the template itself, not the instances: its name, versions, tags and region */
	TF_IGNORE("name"),
	TF_IGNORE("name_prefix"),
	TF_IGNORE("description"),
	TF_IGNORE("default_version"),
	TF_IGNORE("update_default_version"),
	TF_IGNORE("tags"),
	TF_IGNORE("region"),
	/* Terraform's meta-arguments (count and for_each: tfeks_launch_template() reads none) */
	TF_IGNORE("lifecycle"),
	TF_IGNORE("depends_on"),
	TF_IGNORE("provider"),
	{ NULL, NULL, 0, NULL },
};

/* The nested settings of a resource are blocks (lists of one object); the repeated ones stay lists. */
static bool
repeated_block(const char *key)
{
	static const char *const keys[] = { "block_device_mappings", "tag_specifications", "network_interfaces",
		"license_specification", "elastic_gpu_specifications", "elastic_inference_accelerator",
		"secondary_interfaces" };
	for (size_t i = 0; key && i < sizeof keys / sizeof *keys; i++)
		if (strcmp(key, keys[i]) == 0)
			return true;
	return false;
}

/* A copy of v where each single block is its object, so the group setters read it as they read HCL objects. */
static Value *
unblock(Arena *a, Value *v, bool repeated, int depth)
{
	if (!v || depth > 8)
		return v;
	if (v->kind == V_LIST && (v->flags & VF_BLOCK)) {
		if (!repeated && v->n == 1)
			return unblock(a, v->items[0], false, depth + 1);
		Value *l = arena_alloc(a, sizeof *l);
		*l = *v;
		l->items = arena_alloc(a, (size_t)(v->n ? v->n : 1) * sizeof *l->items);
		for (int i = 0; i < v->n; i++)
			l->items[i] = unblock(a, v->items[i], false, depth + 1);
		return l;
	}
	if (v->kind != V_MAP)
		return v;
	Value *m = arena_alloc(a, sizeof *m);
	*m = *v;
	m->members = arena_alloc(a, (size_t)(v->n ? v->n : 1) * sizeof *m->members);
	for (int i = 0; i < v->n; i++) {
		m->members[i] = v->members[i];
		m->members[i].val = unblock(a, v->members[i].val, repeated_block(v->members[i].key), depth + 1);
	}
	return m;
}

/*
 * resource "aws_launch_template" "NAME": one version (the configuration),
 * known to the groups that name it by the reference
 * `aws_launch_template.NAME` (its .id, .name, .arn), or by its literal name.
 */
static void
tfeks_launch_template(IR *ir, const char *labels, const Value *body)
{
	if (!body || body->kind != V_MAP || v_get(body, "for_each") || v_get(body, "count"))
		return;   /* many templates from one block: no group can name one of them offline */
	if (!ir->aws)
		ir->aws = arena_alloc(ir->arena, sizeof *ir->aws);
	LtVersion *lt = arena_alloc(ir->arena, sizeof *lt);
	lt->loc = body->loc;
	lt->id = sval_lit(labels, &body->loc, ORIGIN_INPUT);
	const Value *name = tf_get(ir, body, "name");
	if (name && name->kind == V_STR)
		lt->name = sval_lit(name->s, &name->loc, ORIGIN_INPUT);
	LoadCtx c = { .ir = ir, .dialect = "launch template", .path = labels, .follow = tf_follow, .null_resets = true,
	    .warn_unknown = true };
	ld_apply(&c, tfeks_lt_fields, &lt->data, unblock(ir->arena, (Value *)body, false, 0), labels);
	VEC_PUSH(ir->arena, ir->aws->lts, lt);
}

void
tfeks_resource(IR *ir, Input *in, const char *labels, const Value *body, void *arg)
{
	(void)arg;
	if (strncmp(labels, "aws_launch_template.", 20) == 0) {
		tfeks_launch_template(ir, labels, body);
		return;
	}
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
	static const Collection res = { "resource", NGS_TF_RESOURCE, false, NULL, false };
	EksDefaults d = { .from = "the EKS API" };
	const Value *nm = tf_get(ir, body, "node_group_name");
	const char *name = nm && nm->kind == V_STR ? nm->s : label;
	eks_group(ir, &res, name, nm && nm->kind == V_STR ? &nm->loc : &body->loc, body, NULL, scope, &d);
	in->flavour = "aws_eks_node_group";
}


/* terragrunt: the `inputs` of a .tf are the EKS module's arguments */
void
tfeks_terragrunt(IR *ir)
{
	TfState *st = tf_state(ir);
	for (int i = 0; i < st->configs.n; i++) {
		Input *in = st->configs.v[i];
		const Value *inputs = v_get(in->root, "inputs");
		if (inputs && inputs->kind == V_MAP && !(inputs->flags & VF_BLOCK))
			tfeks_module_call(ir, in, "inputs", inputs);
	}
	for (int i = 0; i < st->defs.n; i++)
		if (strcmp(st->defs.v[i].scope, "inputs") == 0 && collection_for(st->defs.v[i].name))
			st->defs.v[i].used = true;
}

/* locals { eks_managed_node_groups = {...} } not passed to any module in the inputs */
void
tfeks_locals_groups(IR *ir)
{
	TfState *st = tf_state(ir);
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
void
tfeks_vars_groups(IR *ir)
{
	TfState *st = tf_state(ir);
	for (int i = 0; i < st->defs.n; i++) {
		TfDef *d = &st->defs.v[i];
		const Collection *col = collection_for(d->name);
		if (d->used || !col || strncmp(d->scope, "module.", 7) == 0)
			continue;
		d->used = true;
		EksDefaults ed = { .from = col->source == NGS_BLUEPRINTS_V4 ? "eks-blueprints v4" : "terraform-aws-modules/eks" };
		const TfDef *dflt = col->defaults_key ? tf_find_var(st, col->defaults_key) : NULL;
		const Value *defaults = dflt ? tf_follow(ir, dflt->m->val) : NULL;
		if (strcmp(col->key, "node_groups") == 0) {
			const TfDef *w = tf_find_var(st, "workers_group_defaults");
			defaults = v17_node_group_defaults(ir, w ? w->m->val : NULL, defaults);
		}
		eks_collection(ir, col, d->m, defaults, *d->scope ? d->scope : "", &ed);
		if (!d->in->flavour)
			d->in->flavour = ed.from;
	}
}

/*
 * cloudposse/eks-node-group: the module is one node group, its variables
 * flat in the tfvars (instance_types, kubernetes_labels, desired_size ...).
 */
void
tfeks_cloudposse_group(IR *ir, Input *in)
{
	const Value *r = in->root;
	if (!v_get(r, "instance_types") || !(v_get(r, "desired_size") || v_get(r, "min_size")) ||
	    !(v_get(r, "kubernetes_labels") || v_get(r, "kubernetes_taints") || v_get(r, "ami_release_version")))
		return;
	static const FieldDef cp_fields[] = {
		TF_FIELD("instance_types", fs_list, instance_types),
		TF_FIELD("desired_size", fs_int, desired_size),
		TF_FIELD("min_size", fs_int, min_size),
		TF_FIELD("max_size", fs_int, max_size),
		TF_FIELD("ami_type", fs_str, ami_type),
		TF_FIELD("capacity_type", fs_str, capacity_type),
		TF_FIELD("kubernetes_labels", fs_kv, labels),
		TF_SETTER("kubernetes_taints", tf_set_taints),
		TF_FIELD("availability_zones", fs_list, zones),
		TF_FIELD("subnet_ids", fs_list, subnet_ids),
		TF_FIELD("disk_size", fs_int, volume_size),
		TF_SETTER("block_device_mappings", set_bdm),
		{ NULL, NULL, 0, NULL },
	};
	const Value *nm = v_get(r, "name");
	const char *name = nm && nm->kind == V_STR ? nm->s : "node-group";
	NodeGroup *g = ir_new_group(ir, NGS_TF_EKS_MODULE, "cloudposse/eks-node-group", nm ? &nm->loc : &r->loc);
	g->name = sval_lit(name, nm ? &nm->loc : &r->loc, ORIGIN_INPUT);
	g->defaults_from = "cloudposse/eks-node-group";
	LoadCtx c = { .ir = ir, .in = in, .dialect = "node group", .path = name, .follow = tf_follow, .null_resets = true };
	ld_apply(&c, cp_fields, g, r, name);
	in->flavour = "cloudposse/eks-node-group";
	for (int i = 0; i < tf_state(ir)->defs.n; i++)
		if (tf_state(ir)->defs.v[i].in == in)
			tf_state(ir)->defs.v[i].used = true;
}
