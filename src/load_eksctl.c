/*
 * load_eksctl.c - eksctl ClusterConfig YAML -> IR.
 *
 * Each level of the ClusterConfig is a key table.  The dialect is closed, so
 * a key no row names is a KG110 warning with a "did you mean" note (eksctl
 * itself rejects unknown keys); keys karpgen does not need are rows that
 * ignore their value.  Both taint spellings are read: the list of {key,
 * value, effect} and the map `key: "value:Effect"` of eksctl before 0.51.
 *
 * Fragments: a document with `nodeGroups` / `managedNodeGroups` but no
 * `apiVersion` and `kind` (a snippet from eksctl's docs) is read as a
 * ClusterConfig, with a KG104 note saying so; any other document that is not
 * a ClusterConfig is a KG104 error.
 */
#include "karpgen.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NG(f) offsetof(NodeGroup, f)
#define CL(f) offsetof(Cluster, f)

/* ---------------------------------------------------------- node groups */

static void
set_instance_type(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	NodeGroup *ng = obj;
	SVal s = sval_of(c->ir, v, f->key);
	if (!s.set)
		return;
	/* "mixed": the types are in instancesDistribution */
	if (!s.unknown && strcmp(s.s, "mixed") == 0)
		return;
	SList l = { .loc = v->loc, .origin = ORIGIN_INPUT, .set = true };
	ld_list_add(c->ir->arena, &l, &s);
	if (!ng->instance_types.set || ng->instance_types.n == 0)
		ng->instance_types = l;
}

static void
set_instance_types(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	NodeGroup *ng = obj;
	SList l = slist_of(c->ir, v, f->key);
	/* an empty list is no list: eksctl's defaults test len(InstanceTypes) == 0, so
	 * `instanceTypes: []` runs DefaultNodeType like a group that names none */
	if (l.set && (l.unknown || l.n > 0))
		ng->instance_types = l;
}

/*
 * A memory size of instanceSelector in MiB, as ec2-instance-selector reads
 * it: a number with an optional unit (M/MB/MiB, G/GB/GiB, T/TB/TiB, any
 * case; GiB by default); -1 when it is none.
 */
static int64_t
selector_mib(const Value *v)
{
	if (v->kind == V_NUM)
		return v->num >= 0 && v->num < 1e9 ? (int64_t)(v->num * 1024 + 0.5) : -1;
	if (v->kind != V_STR)
		return -1;
	char *end;
	double n = strtod(v->s, &end);
	if (end == v->s || !(n >= 0 && n < 1e9))
		return -1;
	static const struct { const char *unit; double mib; } units[] = {
		{ "", 1024 }, { "g", 1024 }, { "gb", 1024 }, { "gib", 1024 }, { "m", 1 }, { "mb", 1 }, { "mib", 1 },
		{ "t", 1024 * 1024 }, { "tb", 1024 * 1024 }, { "tib", 1024 * 1024 },
	};
	for (size_t i = 0; i < sizeof units / sizeof *units; i++)
		if (strcasecmp(end, units[i].unit) == 0)
			return (int64_t)(n * units[i].mib + 0.5);
	return -1;
}

/*
 * instanceSelector: when eksctl created the group it gave it the types
 * ec2-instance-selector matched: exactly the vCPUs and the memory, the GPU
 * count when given (0: none), the CPU architecture (x86_64 by default).
 * The kit admits the catalogue's types that match the same criteria (the
 * same shapes, where the region offers them) and a KG109 note lists them,
 * as eksctl's list may be older.  A criterion karpgen does not know, or a
 * value it cannot read, leaves the types unknown (KG114 when lowering).
 */
static void
set_instance_selector(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	NodeGroup *ng = obj;
	if (v->kind == V_NULL || ng->instance_types.set)
		return;
	int64_t vcpus = -1, mib = -1, gpus = -1;
	Arch arch = ARCH_AMD64;
	const char *bad = v->kind == V_MAP ? NULL : f->key;
	for (int i = 0; v->kind == V_MAP && i < v->n && !bad; i++) {
		const Member *m = &v->members[i];
		const Value *x = m->val;
		bool whole = x->kind == V_NUM && (x->flags & VF_INTEGER) && x->i >= 0;
		if (strcmp(m->key, "vCPUs") == 0 && whole)
			vcpus = x->i;
		else if (strcmp(m->key, "gpus") == 0 && whole)
			gpus = x->i;
		else if (strcmp(m->key, "memory") == 0 && (mib = selector_mib(x)) >= 0)
			;
		else if (strcmp(m->key, "cpuArchitecture") == 0 && x->kind == V_STR &&
		    (strcmp(x->s, "x86_64") == 0 || strcmp(x->s, "amd64") == 0 || strcmp(x->s, "arm64") == 0))
			arch = strcmp(x->s, "arm64") == 0 ? ARCH_ARM64 : ARCH_AMD64;
		else
			bad = m->key;
	}
	SList l = { .loc = v->loc, .origin = ORIGIN_INPUT, .set = true };
	VEC(SVal) names = { 0 };
	Buf list = { 0 };
	for (int i = 0; !bad && (vcpus >= 0 || mib >= 0) && i < catalog_count(); i++) {
		const InstanceType *t = catalog_at(i);
		if ((vcpus >= 0 && t->vcpu != vcpus) || (mib >= 0 && t->memory_mib != mib) || t->arch != arch ||
		    (gpus >= 0 && t->gpu_count != gpus) || strcmp(t->os, "linux") != 0)
			continue;
		VEC_PUSH(c->ir->arena, names, ((SVal){ .s = t->name, .loc = v->loc, .origin = ORIGIN_INPUT, .set = true }));
		buf_printf(&list, "%s%s", names.n > 1 ? ", " : "", t->name);
	}
	if (names.n) {
		l.v = names.v;
		l.n = names.n;
		ng->instance_types = l;
		Diag *d = diag(KG109, &v->loc, "instance types chosen by '%s' are not known offline: the kit admits "
		    "the %d types of karpgen's catalogue that match it", f->key, names.n);
		diag_note(d, NULL, "%s", list.s);
		diag_note(d, NULL, "eksctl chose from the same criteria when it created the group; its list may be "
		    "older: compare with 'aws eks describe-nodegroup', or list them with 'instanceTypes'");
		buf_free(&list);
		return;
	}
	buf_free(&list);
	char *j = value_to_json(v, false);
	ng->instance_types = (SList){ .loc = v->loc, .origin = ORIGIN_INPUT, .set = true, .unknown = true,
		.expr = arena_printf(c->ir->arena, "instanceSelector %s", j ? j : "") };
	free(j);
	Diag *d = diag(KG109, &v->loc, "instance types chosen by '%s' are not known offline", f->key);
	if (bad)
		diag_note(d, NULL, "karpgen reads its 'vCPUs', 'memory', 'gpus' and 'cpuArchitecture', not '%s' as "
		    "written", bad);
	else
		diag_note(d, NULL, "no type of karpgen's catalogue matches it");
	diag_note(d, NULL, "list them with 'instanceTypes', or give 'aws eks describe-nodegroup' output "
	    "for the group eksctl created");
}

static void
set_spot(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	NodeGroup *ng = obj;
	BVal b = bval_of(c->ir, v, f->key);
	if (!b.set || b.unknown)
		return;
	ng->capacity_type = (SVal){ .s = b.v ? "SPOT" : "ON_DEMAND", .loc = v->loc,
		.origin = ORIGIN_INPUT, .set = true };
}

static void
set_ami(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	NodeGroup *ng = obj;
	SVal s = sval_of(c->ir, v, f->key);
	if (!s.set)
		return;
	/* auto, auto-ssm, static: an EKS-optimised AMI eksctl looks up, not a custom one */
	if (!s.unknown && (strcmp(s.s, "auto") == 0 || strcmp(s.s, "auto-ssm") == 0 || strcmp(s.s, "static") == 0))
		return;
	ng->ami_id = s;
}

static void
set_disable_imdsv1(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	NodeGroup *ng = obj;
	BVal b = bval_of(c->ir, v, f->key);
	if (!b.set || b.unknown)
		return;
	/* eksctl's makeMetadataOptions: tokens are required when disableIMDSv1 or disablePodIMDS
	 * is true, so a false here never undoes the disablePodIMDS row, whichever comes first */
	if (!b.v && ng->metadata_http_tokens.set && ng->metadata_http_tokens.origin == ORIGIN_DERIVED &&
	    strcmp(ng->metadata_http_tokens.s, "required") == 0)
		return;
	ng->metadata_http_tokens = (SVal){ .s = b.v ? "required" : "optional", .loc = v->loc,
		.origin = ORIGIN_DERIVED, .set = true };
}

static void
set_taint_map(LoadCtx *c, NodeGroup *ng, const Value *v)
{
	/* legacy map form: key: "value:Effect" (value may be empty) */
	Arena *a = c->ir->arena;
	for (int i = 0; i < v->n; i++) {
		const Member *m = &v->members[i];
		Taint t = { .loc = m->key_loc, .origin = ORIGIN_INPUT };
		t.key = (SVal){ .s = m->key, .loc = m->key_loc, .origin = ORIGIN_INPUT, .set = true };
		SVal s = sval_of(c->ir, m->val, m->key);
		if (!s.set)
			continue;
		if (s.unknown) {
			t.value = s;
		} else {
			const char *colon = strrchr(s.s, ':');
			if (!colon) {
				Diag *d = diag(KG112, &m->val->loc, "taint '%s' has no effect: '%s'", m->key, s.s);
				diag_note(d, NULL, "write 'value:NoSchedule' (or PreferNoSchedule, NoExecute), "
				    "or use the list form with 'key', 'value' and 'effect'");
				continue;
			}
			t.value = s;
			t.value.s = arena_strndup(a, s.s, (size_t)(colon - s.s));
			t.effect = s;
			t.effect.s = colon + 1;
		}
		VEC_PUSH(a, ng->taints, t);
	}
}

static void
set_taints(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	static const FieldDef taint_fields[] = {
		{ "key", fs_str, offsetof(Taint, key), NULL },
		{ "value", fs_str, offsetof(Taint, value), NULL },
		{ "effect", fs_str, offsetof(Taint, effect), NULL },
		{ NULL, NULL, 0, NULL },
	};
	NodeGroup *ng = obj;
	if (v->kind == V_NULL)
		return;
	if (v->kind == V_MAP) {
		set_taint_map(c, ng, v);
		return;
	}
	if (v->kind != V_LIST) {
		diag(KG106, &v->loc, "'%s' should be a list of taints, not %s", f->key, ld_a_kind(v->kind));
		return;
	}
	for (int i = 0; i < v->n; i++) {
		Taint t = { .loc = v->items[i]->loc, .origin = ORIGIN_INPUT };
		ld_apply(c, taint_fields, &t, v->items[i], "taint");
		if (!t.key.set) {
			diag(KG112, &v->items[i]->loc, "taint without 'key'");
			continue;
		}
		VEC_PUSH(c->ir->arena, ng->taints, t);
	}
}

static void
set_local_zones(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	NodeGroup *ng = obj;
	SList l = slist_of(c->ir, v, f->key);
	if (l.set && !ng->zones.set)
		ng->zones = l;
}

static const FieldDef distribution_fields[] = {
	{ "instanceTypes", set_instance_types, 0, NULL },
	{ "onDemandBaseCapacity", fs_int, NG(on_demand_base), NULL },
	{ "onDemandPercentageAboveBaseCapacity", fs_int, NG(on_demand_percent), NULL },
	{ "maxPrice", fs_not_carried, 0, NULL },
	{ "spotInstancePools", fs_not_carried, 0, NULL },
	{ "spotAllocationStrategy", fs_not_carried_unless_default, 0, NULL },
	{ "capacityRebalance", fs_not_carried, 0, NULL },
	{ NULL, NULL, 0, NULL },
};

static const FieldDef launch_template_fields[] = {
	{ "id", fs_str, NG(launch_template), NULL },
	{ "version", fs_str, NG(launch_template_version), NULL },
	{ NULL, NULL, 0, NULL },
};

/* iam.attachPolicyARNs: the kit's node role gets them (lower.c, emit_iam.c); an expression is listed */
static void
set_policies(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	NodeGroup *ng = obj;
	SList l = slist_of(c->ir, v, f->key);
	if (!l.set)
		return;
	for (int i = 0; i < l.n; i++) {
		if (l.v[i].unknown || !l.v[i].s || strncmp(l.v[i].s, "arn:", 4) != 0) {
			ld_not_carried(c, ng, f->key, v);
			continue;
		}
		if (!ng->node_policies.set)
			ng->node_policies = (SList){ .loc = v->loc, .origin = ORIGIN_INPUT, .set = true };
		ld_list_add(c->ir->arena, &ng->node_policies, &l.v[i]);
	}
}

/*
 * disablePodIMDS: pods cannot reach IMDS.  eksctl's makeMetadataOptions gives a hop limit of 1
 * (the node's own processes can) and IMDSv2 tokens required, whatever disableIMDSv1 says.
 */
static void
set_disable_pod_imds(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	NodeGroup *ng = obj;
	BVal b = bval_of(c->ir, v, f->key);
	if (!b.set || b.unknown || !b.v)
		return;
	ng->metadata_hop_limit = (IVal){ .v = 1, .loc = v->loc, .origin = ORIGIN_DERIVED, .set = true };
	ng->metadata_http_tokens = (SVal){ .s = "required", .loc = v->loc, .origin = ORIGIN_DERIVED, .set = true };
}

/*
 * capacityReservation { capacityReservationPreference: open | none,
 * capacityReservationTarget { capacityReservationID | capacityReservationResourceGroupARN } }:
 * eksctl writes it into the group's launch template as EC2's
 * CapacityReservationSpecification (managed_launch_template.go), so it means
 * what the launch templates of the other front-ends mean: one reading
 * (ld_capacity_reservation()).  eksctl allows a preference or a target, not
 * both, and one of id and resource group.
 */
static void
set_capacity_reservation(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	static const char *const names[3] = { "capacityReservationPreference",
		"capacityReservationTarget.capacityReservationID",
		"capacityReservationTarget.capacityReservationResourceGroupARN" };
	if (!v || v->kind == V_NULL)
		return;
	const Value *t = v_get(v, "capacityReservationTarget");
	ld_capacity_reservation(c, obj, f->key, v, v_get(v, "capacityReservationPreference"),
	    t ? v_get(t, "capacityReservationID") : NULL, t ? v_get(t, "capacityReservationResourceGroupARN") : NULL,
	    names);
}

/* preBootstrapCommands: shell lines run before the node joins (the EC2NodeClass userData) */
static void
set_pre_bootstrap(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	NodeGroup *ng = obj;
	if (v->kind == V_NULL)
		return;
	if (v->kind != V_LIST) {
		diag(KG106, &v->loc, "'%s' should be a list of commands, not %s", f->key, ld_a_kind(v->kind));
		return;
	}
	/* shell text as written: its ${VAR} are the shell's, not template placeholders (sval_verbatim, but per item) */
	SList l = { .loc = v->loc, .origin = ORIGIN_INPUT, .set = true };
	for (int i = 0; i < v->n; i++) {
		const Value *it = v->items[i];
		if (it->kind != V_STR) {
			diag(KG106, &it->loc, "'%s' entry should be a string, not %s", f->key, ld_a_kind(it->kind));
			continue;
		}
		SVal s = sval_lit(it->s, &it->loc, ORIGIN_INPUT);
		ld_list_add(c->ir->arena, &l, &s);
	}
	/* they run before overrideBootstrapCommand's own commands (set_override, either key first) */
	for (int i = 0; i < ng->pre_bootstrap.n; i++)
		if (ng->pre_bootstrap.v[i].origin == ORIGIN_DERIVED)
			ld_list_add(c->ir->arena, &l, &ng->pre_bootstrap.v[i]);
	if (l.n)
		ng->pre_bootstrap = l;
}

/*
 * overrideBootstrapCommand: a script that runs /etc/eks/bootstrap.sh itself.
 * Its commands before bootstrap join preBootstrapCommands; the bootstrap
 * arguments --node-labels, --local-disks and the kubelet flags are carried
 * (ld_bootstrap_script()); anything else (a bootstrap of its own, commands
 * after it, other arguments) is not carried (KG240).
 */
static void
set_override(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	NodeGroup *ng = obj;
	if (v->kind == V_NULL)
		return;
	if (v->kind != V_STR) {
		diag(KG106, &v->loc, "'%s' should be a string, not %s", f->key, ld_a_kind(v->kind));
		return;
	}
	SVal script = sval_lit(v->s, &v->loc, ORIGIN_INPUT);
	const char *pre = NULL;
	if (ld_bootstrap_script(c, ng, &script, &pre))
		ld_not_carried(c, ng, f->key, v);
	if (pre) {
		SVal s = sval_lit(pre, &v->loc, ORIGIN_DERIVED);
		if (!ng->pre_bootstrap.set)
			ng->pre_bootstrap = (SList){ .loc = v->loc, .origin = ORIGIN_INPUT, .set = true };
		ld_list_add(c->ir->arena, &ng->pre_bootstrap, &s);
	}
}

/* additionalVolumes: data volumes, each on its own device */
static void
set_volumes(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	static const FieldDef vol_fields[] = {
		{ "volumeName", fs_str, offsetof(Volume, device), NULL },
		{ "volumeSize", fs_int, offsetof(Volume, size), NULL },
		{ "volumeType", fs_str, offsetof(Volume, type), NULL },
		{ "volumeIOPS", fs_int, offsetof(Volume, iops), NULL },
		{ "volumeThroughput", fs_int, offsetof(Volume, throughput), NULL },
		{ "volumeEncrypted", fs_bool, offsetof(Volume, encrypted), NULL },
		{ "volumeKmsKeyID", fs_str, offsetof(Volume, kms_key), NULL },
		{ "snapshotID", fs_str, offsetof(Volume, snapshot), NULL },
		{ NULL, NULL, 0, NULL },
	};
	NodeGroup *ng = obj;
	if (v->kind == V_NULL)
		return;
	if (v->kind != V_LIST) {
		diag(KG106, &v->loc, "'%s' should be a list of volumes, not %s", f->key, ld_a_kind(v->kind));
		return;
	}
	for (int i = 0; i < v->n; i++) {
		Volume vol = { .loc = v->items[i]->loc };
		ld_apply(c, vol_fields, &vol, v->items[i], "additional volume");
		if (!vol.device.set || vol.device.unknown) {
			diag(KG112, &v->items[i]->loc, "additional volume without 'volumeName' (its device)");
			continue;
		}
		VEC_PUSH(c->ir->arena, ng->volumes, vol);
	}
}

/* securityGroups: { attachIDs: [...], withShared, withLocal }: the attached ones go to the EC2NodeClass */
static void
set_attach_ids(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	NodeGroup *ng = obj;
	SList l = slist_of(c->ir, v, f->key);
	if (!l.set || !l.n)
		return;
	ng->security_groups = l;
	for (int i = 0; i < l.n; i++)
		if (l.v[i].unknown || !l.v[i].s || !pat_match(PAT_SG_ID, l.v[i].s, strlen(l.v[i].s)))
			ld_not_carried(c, ng, f->key, v->kind == V_LIST && i < v->n ? v->items[i] : v);
}

static const FieldDef sg_fields[] = {
	{ "attachIDs", set_attach_ids, 0, NULL },
	{ "withShared", fs_ignore, 0, NULL },   /* the cluster's shared SG: the EC2NodeClass selects the cluster's */
	{ "withLocal", fs_ignore, 0, NULL },    /* eksctl's per-group SG for SSH and ports: Karpenter nodes have none */
	{ NULL, NULL, 0, NULL },
};

/* placement: { groupName } (eksctl v1alpha5 Placement): the placement group (ld_placement()) */
static void
set_placement(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	static const char *const names[PL_N] = { [PL_GROUP_NAME] = "groupName" };
	const Value *parts[PL_N] = { [PL_GROUP_NAME] = v && v->kind == V_MAP ? v_get(v, "groupName") : NULL };
	ld_placement(c, obj, f->key, v, parts, names);
}

/* ssh: a key pair or SSM access; only an allowed key is a setting Karpenter lacks */
static void
set_ssh(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	const Value *allow = v_get(v, "allow");
	if (v->kind == V_MAP && !(allow && allow->kind == V_BOOL && allow->b) && !v_get(v, "publicKeyName") &&
	    !v_get(v, "publicKeyPath") && !v_get(v, "publicKey"))
		return;
	ld_not_carried(c, obj, f->key, v);
}

/* KMS key of the root volume: an ARN or id literal is carried, an expression listed */
static void
set_kms(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	NodeGroup *ng = obj;
	SVal s = sval_of(c->ir, v, f->key);
	if (!s.set)
		return;
	if (s.unknown)
		ld_not_carried(c, ng, f->key, v);
	else if (*s.s)
		ng->volume_kms_key = s;
}

static const FieldDef iam_fields[] = {
	{ "instanceRoleARN", fs_str, NG(node_role), NULL },
	{ "instanceProfileARN", fs_not_carried, 0, NULL },
	{ "instanceRoleName", fs_ignore, 0, NULL },     /* the role's name: the kit names its own */
	{ "instanceRolePermissionsBoundary", fs_str, NG(role_boundary), NULL },
	{ "attachPolicyARNs", set_policies, 0, NULL },
	{ "attachPolicy", fs_not_carried, 0, NULL },
	{ "withAddonPolicies", fs_not_carried, 0, NULL },
	{ NULL, NULL, 0, NULL },
};

/* nodeGroups and managedNodeGroups entries (eksctl's NodeGroup and ManagedNodeGroup, merged). */
const FieldDef eksctl_group_fields[] = {
	{ "name", fs_str, NG(name), NULL },
	{ "instanceType", set_instance_type, 0, NULL },
	{ "instanceTypes", set_instance_types, 0, NULL },
	{ "instancesDistribution", fs_sub, 0, distribution_fields },
	{ "instanceSelector", set_instance_selector, 0, NULL },
	{ "spot", set_spot, 0, NULL },
	{ "minSize", fs_int, NG(min_size), NULL },
	{ "maxSize", fs_int, NG(max_size), NULL },
	{ "desiredCapacity", fs_int, NG(desired_size), NULL },
	{ "availabilityZones", fs_list, NG(zones), NULL },
	{ "localZones", set_local_zones, 0, NULL },
	{ "subnets", fs_list, NG(subnet_ids), NULL },
	{ "volumeSize", fs_int, NG(volume_size), NULL },
	{ "volumeType", fs_str, NG(volume_type), NULL },
	{ "volumeIOPS", fs_int, NG(volume_iops), NULL },
	{ "volumeThroughput", fs_int, NG(volume_throughput), NULL },
	{ "volumeEncrypted", fs_bool, NG(volume_encrypted), NULL },
	{ "volumeName", fs_str, NG(root_device), NULL },
	{ "labels", fs_kv, NG(labels), NULL },
	{ "taints", set_taints, 0, NULL },
	{ "amiFamily", fs_str, NG(ami_family), NULL },
	{ "ami", set_ami, 0, NULL },
	{ "tags", fs_kv, NG(tags), NULL },
	{ "privateNetworking", fs_bool, NG(private_networking), NULL },
	{ "launchTemplate", fs_sub, 0, launch_template_fields },
	{ "releaseVersion", fs_str, NG(release_version), NULL },
	{ "maxPodsPerNode", fs_int, NG(max_pods), NULL },
	{ "disableIMDSv1", set_disable_imdsv1, 0, NULL },
	{ "iam", fs_sub, 0, iam_fields },
	/* known to eksctl, not needed by the migration */
	{ "instancePrefix", fs_ignore, 0, NULL },   /* name_tag() */
	{ "instanceName", fs_ignore, 0, NULL },     /* name_tag(): after `tags` */
	{ "ssh", set_ssh, 0, NULL },
	{ "securityGroups", fs_sub, 0, sg_fields },
	{ "asgSuspendProcesses", fs_not_carried, 0, NULL },
	{ "ebsOptimized", fs_ignore, 0, NULL },
	{ "volumeKmsKeyID", set_kms, 0, NULL },
	{ "additionalVolumes", set_volumes, 0, NULL },
	{ "additionalEncryptedVolume", fs_not_carried, 0, NULL },
	{ "preBootstrapCommands", set_pre_bootstrap, 0, NULL },
	{ "overrideBootstrapCommand", set_override, 0, NULL },
	{ "propagateASGTags", fs_ignore, 0, NULL },
	{ "disablePodIMDS", set_disable_pod_imds, 0, NULL },
	{ "placement", set_placement, 0, NULL },
	{ "efaEnabled", fs_bool, NG(efa), NULL },      /* EFA on every card: pods request it (lower.c) */
	{ "bottlerocket", fs_not_carried, 0, NULL },
	{ "enableDetailedMonitoring", fs_bool, NG(detailed_monitoring), NULL },
	{ "capacityReservation", set_capacity_reservation, 0, NULL },
	{ "instanceMarketOptions", fs_not_carried, 0, NULL },
	{ "outpostARN", fs_str, NG(outpost_arn), NULL },
	{ "asgMetricsCollection", fs_ignore, 0, NULL },
	{ "cpuCredits", fs_not_carried, 0, NULL },
	{ "classicLoadBalancerNames", fs_not_carried, 0, NULL },
	{ "targetGroupARNs", fs_not_carried, 0, NULL },
	{ "updateConfig", fs_ignore, 0, NULL },
	{ "clusterDNS", fs_cluster_dns, 0, NULL },
	{ "kubeletExtraConfig", fs_kubelet_config, 0, NULL },
	{ "containerRuntime", fs_ignore, 0, NULL },
	{ "maxInstanceLifetime", fs_int, NG(max_lifetime), NULL },
	{ "warmPool", fs_not_carried, 0, NULL },
	{ "nodeRepairConfig", fs_not_carried, 0, NULL },
	{ "securityGroupIDs", set_attach_ids, 0, NULL },
	{ NULL, NULL, 0, NULL },
};

/*
 * The instances' Name tag eksctl gives them (generateNodeName() of
 * pkg/cfn/builder/nodegroup.go): "<instancePrefix>-" when given, then
 * instanceName, else "<cluster>-<group>-Node"; on the launch template eksctl
 * makes for a managed group (none when the group brings its own) and on an
 * unmanaged group's Auto Scaling group, which propagates it.  Karpenter's
 * default Name is the node's name; the EC2NodeClass tag keeps eksctl's.  A
 * Name in `tags` wins (eksctl writes both: one key, so the group's).
 */
static void
name_tag(LoadCtx *c, NodeGroup *ng, const Value *item)
{
	for (int i = 0; i < ng->tags.n; i++)
		if (ng->tags.v[i].key.s && strcmp(ng->tags.v[i].key.s, "Name") == 0)
			return;
	if (!ng->self_managed && ng->launch_template.set)
		return;
	const char *keys[] = { "instancePrefix", "instanceName" };
	SVal part[2] = { 0 };
	for (int i = 0; i < 2; i++) {
		const Value *v = v_get(item, keys[i]);
		if (!v || v->kind == V_NULL)
			continue;
		part[i] = sval_of(c->ir, v, keys[i]);
		if (part[i].set && (part[i].unknown || !part[i].s)) {
			ld_not_carried(c, ng, keys[i], v);
			return;
		}
	}
	bool prefix = part[0].set && *part[0].s, named = part[1].set && *part[1].s;
	const Loc *at = named ? &part[1].loc : prefix ? &part[0].loc : &ng->name.loc;
	const char *rest = named ? part[1].s : arena_printf(c->ir->arena, "${CLUSTER_NAME}-%s-Node", ng->name.s);
	const char *name = prefix ? arena_printf(c->ir->arena, "%s-%s", part[0].s, rest) : rest;
	ng->name_tag = sval_lit(name, at, named || prefix ? ORIGIN_INPUT : ORIGIN_DEFAULT);
}

/*
 * A group that names no instance type runs eksctl's DefaultNodeType, m5.large
 * (SetNodeGroupDefaults, SetManagedNodeGroupDefaults), unless its types come
 * from instancesDistribution (a "mixed" group) or instanceSelector, or its
 * launch template gives the type (eksctl then sets none).
 */
static void
default_instance_type(LoadCtx *c, NodeGroup *ng, const Value *item)
{
	if (ng->instance_types.set || v_get(item, "instancesDistribution") || v_get(item, "instanceSelector")
	    || v_get(item, "launchTemplate"))
		return;
	SVal s = { .s = "m5.large", .loc = ng->name.loc, .origin = ORIGIN_DEFAULT, .set = true };
	SList l = { .loc = ng->name.loc, .origin = ORIGIN_DEFAULT, .set = true };
	ld_list_add(c->ir->arena, &l, &s);
	ng->instance_types = l;
	ng->defaults_from = "eksctl";
}

/*
 * eksctl's defaults for what a group leaves out, as eksctl applies them when
 * it creates the group (v1alpha5 defaults.go setVolumeDefaults and the
 * scaling defaults of validation.go / the nodegroup builder): root volume
 * gp3 of 80 GiB (a managed group with a launch template keeps the
 * template's size), gp3 at 3000 IOPS and 125 MiB/s, io1 at 100 IOPS;
 * minSize = desiredCapacity, else 2 (DefaultNodeCount); maxSize =
 * desiredCapacity, else minSize (a managed group's 0 becomes 1,
 * DefaultMaxSize); desiredCapacity = minSize.  Each marked ORIGIN_DEFAULT.
 */
static void
default_int(IVal *f, int64_t v, const Loc *at)
{
	if (!f->set)
		*f = (IVal){ .v = v, .loc = *at, .origin = ORIGIN_DEFAULT, .set = true };
}

static void
eksctl_defaults(NodeGroup *ng, const Value *item, bool managed)
{
	const Loc *at = &ng->name.loc;
	bool any = false;
	/* a managed group's launch template has the volumes (eksctl refuses volume fields with one) */
	bool lt_volumes = managed && v_get(item, "launchTemplate");
	if (!ng->volume_type.set && !lt_volumes) {
		ng->volume_type = sval_lit("gp3", at, ORIGIN_DEFAULT);
		any = true;
	}
	if (!ng->volume_size.set && !lt_volumes) {
		default_int(&ng->volume_size, 80, at);
		any = true;
	}
	const char *vt = ng->volume_type.set && !ng->volume_type.unknown && !lt_volumes ? ng->volume_type.s : "";
	if (strcmp(vt, "gp3") == 0) {
		any |= !ng->volume_iops.set || !ng->volume_throughput.set;
		default_int(&ng->volume_iops, 3000, at);
		default_int(&ng->volume_throughput, 125, at);
	} else if (strcmp(vt, "io1") == 0 && !ng->volume_iops.set) {
		default_int(&ng->volume_iops, 100, at);
		any = true;
	}
	/* sizes: only from literal values; an unknown one leaves the others unset, not guessed */
	bool unknown = (ng->min_size.set && ng->min_size.unknown) || (ng->max_size.set && ng->max_size.unknown) ||
	    (ng->desired_size.set && ng->desired_size.unknown);
	if (!unknown && (!ng->min_size.set || !ng->max_size.set || !ng->desired_size.set)) {
		const IVal *des = ng->desired_size.set ? &ng->desired_size : NULL;
		if (!ng->min_size.set)
			default_int(&ng->min_size, des ? des->v : 2, des ? &des->loc : at);
		if (!ng->max_size.set) {
			int64_t mx = des ? des->v : ng->min_size.v;
			default_int(&ng->max_size, managed && mx == 0 ? 1 : mx, des ? &des->loc : &ng->min_size.loc);
		}
		default_int(&ng->desired_size, ng->min_size.v, &ng->min_size.loc);
		any = true;
	}
	if (any)
		ng->defaults_from = "eksctl";
}

static void
read_groups(LoadCtx *c, const Value *v, const FieldDef *f, bool managed)
{
	if (v->kind == V_NULL)
		return;
	if (v->kind != V_LIST) {
		diag(KG106, &v->loc, "'%s' should be a list of node groups, not %s", f->key, ld_a_kind(v->kind));
		return;
	}
	NodeGroup *spare = NULL;  /* a refused entry's group, reused: the IR grows with the groups kept only */
	for (int i = 0; i < v->n; i++) {
		const Value *item = v->items[i];
		if (item->kind != V_MAP) {
			diag(KG106, &item->loc, "'%s' entry should be an object, not %s", f->key, ld_a_kind(item->kind));
			continue;
		}
		NodeGroup *ng = spare ? memset(spare, 0, sizeof *spare) : arena_alloc(c->ir->arena, sizeof *ng);
		spare = NULL;
		ng->loc = item->loc;
		ng->source = NGS_EKSCTL;
		ng->kind = managed ? "managedNodeGroups" : "nodeGroups";
		ng->self_managed = !managed;
		const Value *name = v_get(item, "name");
		char *where = name && name->kind == V_STR ?
		    arena_printf(c->ir->arena, "node group '%.*s'", (int)name->len, name->s) :
		    arena_printf(c->ir->arena, "%s entry", f->key);
		ld_apply(c, eksctl_group_fields, ng, item, where);
		if (!ng->name.set) {
			Diag *d = diag(KG112, &item->loc, "%s entry without 'name'", f->key);
			diag_note(d, NULL, "eksctl requires a name; karpgen needs it to match the group with its NodePool");
			spare = ng;
			continue;
		}
		ld_capacity_from_distribution(c, ng, "instancesDistribution");
		name_tag(c, ng, item);
		default_instance_type(c, ng, item);
		eksctl_defaults(ng, item, managed);
		VEC_PUSH(c->ir->arena, c->ir->groups, ng);
	}
}

static void
set_managed(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	(void)obj;
	read_groups(c, v, f, true);
}

static void
set_unmanaged(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	(void)obj;
	read_groups(c, v, f, false);
}

/* ---------------------------------------------------------- the cluster */

static void
set_cluster_tags(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	Cluster *cl = obj;
	KVList l = kvlist_of(c->ir, v, f->key);
	if (!l.set)
		return;
	/* eksctl copies metadata.tags into every nodegroup's tags the group does not set (node tags);
	 * a copy of its own, so the two lists never share an array */
	KVList nt = { .loc = l.loc, .origin = l.origin, .set = true };
	ld_kv_merge(c->ir->arena, &nt, &l);
	ld_kv_merge(c->ir->arena, &cl->tags, &l);
	ld_kv_merge(c->ir->arena, &cl->node_tags, &nt);
}

static void
set_cluster_zones(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	Cluster *cl = obj;
	SList l = slist_of(c->ir, v, f->key);
	if (!l.set)
		return;
	if (!cl->zones.set) {
		cl->zones = l;
		return;
	}
	for (int i = 0; i < l.n; i++) {
		bool have = false;
		for (int j = 0; j < cl->zones.n && !l.v[i].unknown; j++)
			have |= cl->zones.v[j].s && strcmp(cl->zones.v[j].s, l.v[i].s) == 0;
		if (!have)
			ld_list_add(c->ir->arena, &cl->zones, &l.v[i]);
	}
}

static const FieldDef karpenter_fields[] = {
	{ "version", fs_cluster, CL(karpenter_version), NULL },
	{ "createServiceAccount", fs_bool, CL(karpenter_service_account), NULL },
	{ "withSpotInterruptionQueue", fs_bool, CL(karpenter_interruption_queue), NULL },
	{ "defaultInstanceProfile", fs_str, CL(karpenter_instance_profile), NULL },
	{ NULL, NULL, 0, NULL },
};

static void
set_karpenter(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	Cluster *cl = obj;
	if (v->kind == V_NULL)
		return;
	/* the section's presence is what installs Karpenter */
	cl->karpenter_enabled = (BVal){ .v = true, .loc = v->loc, .origin = ORIGIN_INPUT, .set = true };
	/* eksctl's installer: Helm release "karpenter" in namespace "karpenter" (pkg/karpenter), not
	 * the guide's kube-system; a kit that installed elsewhere would run a second controller */
	SVal ns = { .s = "karpenter", .loc = v->loc, .origin = ORIGIN_DEFAULT, .set = true };
	ir_set_sval(c->ir, &cl->karpenter_namespace, &ns, "the Karpenter namespace");
	ir_set_sval(c->ir, &cl->karpenter_release, &ns, "the Karpenter Helm release");
	ld_apply(c, karpenter_fields, cl, v, f->key);
}

/* vpc.subnets.{private,public}.<name or AZ>: {id, az, cidr} */
static void
set_vpc_subnets(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	(void)obj;
	if (v->kind == V_NULL)
		return;
	if (v->kind != V_MAP) {
		diag(KG106, &v->loc, "'%s' should be an object with 'private' and 'public', not %s", f->key,
		    ld_a_kind(v->kind));
		return;
	}
	for (int i = 0; i < v->n; i++) {
		const Value *set = v->members[i].val;
		if (set->kind != V_MAP)
			continue;
		for (int j = 0; j < set->n; j++) {
			const Member *m = &set->members[j];
			const Value *id = v_get(m->val, "id"), *az = v_get(m->val, "az");
			SVal ids, zone = { .s = m->key, .loc = m->key_loc, .origin = ORIGIN_INPUT, .set = true };
			if (!id || !(ids = sval_of(c->ir, id, "id")).set || ids.unknown)
				continue;
			Subnet *s = ld_subnet(c->ir, &ids);
			SVal given = sval_of(c->ir, az, "az");
			if (given.set)
				zone = given;
			if (!s->zone_name.set && !zone.unknown && pat_match(PAT_AZ_NAME, zone.s, strlen(zone.s)))
				s->zone_name = zone;
		}
	}
}

static void
set_cp_subnets(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	(void)obj;
	SList l = slist_of(c->ir, v, f->key);
	if (!l.set)
		return;
	for (int i = 0; i < l.n; i++)
		if (!l.v[i].unknown)
			ld_subnet(c->ir, &l.v[i])->cluster_subnet = true;
}

static void
set_cp_sgs(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	Cluster *cl = obj;
	SList l = slist_of(c->ir, v, f->key);
	if (l.set && !cl->security_groups.set)
		cl->security_groups = l;
}

static const FieldDef vpc_fields[] = {
	{ "id", fs_cluster, CL(vpc_id), NULL },
	{ "subnets", set_vpc_subnets, 0, NULL },
	{ "controlPlaneSubnetIDs", set_cp_subnets, 0, NULL },
	{ "controlPlaneSecurityGroupIDs", set_cp_sgs, 0, NULL },
	{ "securityGroup", fs_ignore, 0, NULL },
	{ "sharedNodeSecurityGroup", fs_ignore, 0, NULL },
	{ "manageSharedNodeSecurityGroupRules", fs_ignore, 0, NULL },
	{ "cidr", fs_ignore, 0, NULL },
	{ "ipv6Cidr", fs_ignore, 0, NULL },
	{ "ipv6Pool", fs_ignore, 0, NULL },
	{ "extraCIDRs", fs_ignore, 0, NULL },
	{ "extraIPv6CIDRs", fs_ignore, 0, NULL },
	{ "nat", fs_ignore, 0, NULL },
	{ "clusterEndpoints", fs_ignore, 0, NULL },
	{ "publicAccessCIDRs", fs_ignore, 0, NULL },
	{ "controlPlaneOnPrivateSubnets", fs_ignore, 0, NULL },
	{ "autoAllocateIPv6", fs_ignore, 0, NULL },
	{ "hostnameType", fs_ignore, 0, NULL },
	{ NULL, NULL, 0, NULL },
};

static const FieldDef metadata_fields[] = {
	{ "name", fs_cluster, CL(name), NULL },
	{ "region", fs_cluster, CL(region), NULL },
	{ "version", fs_cluster, CL(k8s_version), NULL },
	{ "accountID", fs_cluster, CL(account_id), NULL },
	{ "tags", set_cluster_tags, 0, NULL },
	{ "annotations", fs_ignore, 0, NULL },
	{ NULL, NULL, 0, NULL },
};

static const FieldDef cluster_config_fields[] = {
	{ "apiVersion", fs_ignore, 0, NULL },
	{ "kind", fs_ignore, 0, NULL },
	{ "metadata", fs_sub, 0, metadata_fields },
	{ "availabilityZones", set_cluster_zones, 0, NULL },
	{ "managedNodeGroups", set_managed, 0, NULL },
	{ "nodeGroups", set_unmanaged, 0, NULL },
	{ "karpenter", set_karpenter, 0, NULL },
	{ "vpc", fs_sub, 0, vpc_fields },
	{ "localZones", fs_ignore, 0, NULL },
	{ "kubernetesNetworkConfig", fs_ignore, 0, NULL },
	{ "autoModeConfig", fs_ignore, 0, NULL },
	{ "remoteNetworkConfig", fs_ignore, 0, NULL },
	{ "iam", fs_ignore, 0, NULL },
	{ "iamIdentityMappings", fs_ignore, 0, NULL },
	{ "identityProviders", fs_ignore, 0, NULL },
	{ "accessConfig", fs_ignore, 0, NULL },
	{ "addons", fs_ignore, 0, NULL },
	{ "addonsConfig", fs_ignore, 0, NULL },
	{ "privateCluster", fs_ignore, 0, NULL },
	{ "fargateProfiles", fs_ignore, 0, NULL },
	{ "cloudWatch", fs_ignore, 0, NULL },
	{ "secretsEncryption", fs_ignore, 0, NULL },
	{ "status", fs_ignore, 0, NULL },
	{ "gitops", fs_ignore, 0, NULL },
	{ "outpost", fs_ignore, 0, NULL },
	{ "zonalShiftConfig", fs_ignore, 0, NULL },
	{ "upgradePolicy", fs_ignore, 0, NULL },
	{ NULL, NULL, 0, NULL },
};

/* ---------------------------------------------------------- documents */

static bool
is_fragment(const Value *doc)
{
	return doc->kind == V_MAP && !v_get(doc, "kind") && !v_get(doc, "apiVersion") &&
	    (v_get(doc, "nodeGroups") || v_get(doc, "managedNodeGroups"));
}

void
load_eksctl(IR *ir, Input *in)
{
	LoadCtx c = { .ir = ir, .in = in, .dialect = "eksctl", .warn_unknown = true };
	int read = 0;
	for (int i = 0; i < in->ndocs; i++) {
		const Value *doc = in->docs[i];
		if (!doc || doc->kind == V_NULL)
			continue;
		const Value *kind = v_get(doc, "kind"), *api = v_get(doc, "apiVersion");
		if (is_fragment(doc)) {
			Diag *d = diag_sev(KG104, SEV_NOTE, &doc->loc, "eksctl fragment without 'apiVersion' and "
			    "'kind': read as a ClusterConfig");
			diag_note(d, NULL, "a full ClusterConfig also gives the cluster name and region");
		} else if (!v_is_str(kind, "ClusterConfig") || !api || api->kind != V_STR ||
		    strncmp(api->s, "eksctl.io/", 10) != 0) {
			Diag *d = diag(KG104, &doc->loc, "document %d is not an eksctl ClusterConfig", i + 1);
			diag_note(d, NULL, "expected 'apiVersion: eksctl.io/v1alpha5' and 'kind: ClusterConfig'");
			continue;
		}
		ld_apply(&c, cluster_config_fields, &ir->cluster, doc, "ClusterConfig");
		read++;
	}
	if (read)
		in->what = "eksctl ClusterConfig";
}
