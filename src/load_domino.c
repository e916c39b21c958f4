/*
 * load_domino.c - the Domino EKS module front-end: the node groups of
 * default_node_groups, additional_node_groups and karpenter_node_groups as
 * modules/nodes creates them (its variables' types and defaults built in or
 * read from a variables.tf, what the module adds to each group), from the
 * tfvars or a module call; conflicts between tfvars (KG107).  Values are
 * read through tf_eval.c.
 */
#include "karpgen.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ Domino */

/*
 * The Domino module's variables, written from DOMINO-MODULE.md with the
 * defaults of modules/nodes (the copy that creates the node groups; see
 * docs/domino.md).  Read with the same type reader as a variables.tf, so a
 * given variables.tf and the built-in copy behave alike.
 */
static const char ng_fmt[] =
    "object({\n"
    "  single_nodegroup = optional(bool, false)\n"
    "  ami = optional(string, null)\n"
    "  user_data_type = optional(string, \"AL2\")\n"
    "  bootstrap_extra_args = optional(string, \"\")\n"
    "  instance_types = %s\n"
    "  spot = optional(bool, false)\n"
    "  min_per_az = %s\n"
    "  max_per_az = %s\n"
    "  desired_per_az = %s\n"
    "  max_unavailable_percentage = optional(number, %s)\n"
    "  max_unavailable = optional(number, %s)\n"
    "  update_strategy = optional(string, \"%s\")\n"
    "  availability_zone_ids = list(string)\n"
    "  labels = %s\n"
    "  taints = optional(list(object({ key = string, value = optional(string), effect = string })), %s)\n"
    "  tags = optional(map(string), {})\n"
    "  gpu = optional(bool, null)\n"
    "%s"
    "  volume = %s\n"
    "})";

#define EBS_TAINT "{ key = \"ebs.csi.aws.com/agent-not-ready\", value = \"true\", effect = \"NO_EXECUTE\" }"
#define GPU_TAINT "{ key = \"nvidia.com/gpu\", value = \"true\", effect = \"NO_SCHEDULE\" }"
#define VOL_BIG "optional(object({ size = optional(number, 1000), type = optional(string, \"gp3\"), " \
	"iops = optional(number), throughput = optional(number, 500) }), " \
	"{ size = 1000, type = \"gp3\", iops = null, throughput = 500 })"
#define VOL_SMALL "optional(object({ size = optional(number, 100), type = optional(string, \"gp3\"), " \
	"iops = optional(number), throughput = optional(number) }), " \
	"{ size = 100, type = \"gp3\", iops = null, throughput = null })"

static const struct NgDefaults {
	const char *name;
	const char *types, *min, *max, *desired, *unavail_pct, *unavail, *strategy, *labels, *taints;
	const char *neuron, *volume;
} ng_defaults[] = {
	{ "compute", "optional(list(string), [\"m6i.2xlarge\"])", "optional(number, 0)", "optional(number, 10)",
	  "optional(number, 0)", "50", "null", "DEFAULT",
	  "optional(map(string), { \"dominodatalab.com/node-pool\" = \"default\" })", "[" EBS_TAINT "]", "",
	  VOL_BIG },
	{ "platform", "optional(list(string), [\"m7i-flex.2xlarge\"])", "optional(number, 1)",
	  "optional(number, 10)", "optional(number, 1)", "null", "1", "DEFAULT",
	  "optional(map(string), { \"dominodatalab.com/node-pool\" = \"platform\", "
	  "\"dominodatalab.com/calico-controlplane\" = \"true\" })", "[]", "", VOL_SMALL },
	{ "platform_jobs", "optional(list(string), [\"m6a.large\", \"m6i.large\", \"m7i-flex.large\", "
	  "\"m6a.xlarge\", \"m6i.xlarge\", \"m7i-flex.xlarge\"])", "optional(number, 0)", "optional(number, 10)",
	  "optional(number, 0)", "50", "null", "MINIMAL",
	  "optional(map(string), { \"dominodatalab.com/node-pool\" = \"platform-jobs\" })", "[]", "", VOL_SMALL },
	{ "gpu", "optional(list(string), [\"g5.2xlarge\"])", "optional(number, 0)", "optional(number, 10)",
	  "optional(number, 0)", "50", "null", "DEFAULT",
	  "optional(map(string), { \"dominodatalab.com/node-pool\" = \"default-gpu\", \"nvidia.com/gpu\" = true })",
	  "[" GPU_TAINT ", " EBS_TAINT "]", "", VOL_BIG },
	{ "*additional", "list(string)", "number", "number", "number", "50", "null", "DEFAULT", "map(string)",
	  "[" EBS_TAINT "]", "  neuron = optional(bool, null)\n",
	  "object({ size = string, type = string, iops = optional(number), throughput = optional(number, 500) })" },
	{ "*karpenter", "optional(list(string), [\"m6a.large\"])", "optional(number, 1)", "optional(number, 3)",
	  "optional(number, 1)", "null", "1", "MINIMAL",
	  "optional(map(string), { \"dominodatalab.com/node-pool\" = \"karpenter\", "
	  "\"dominodatalab.com/calico-controlplane\" = \"true\" })", "[]", "",
	  "optional(object({ size = optional(string, \"50\"), type = optional(string, \"gp3\"), "
	  "iops = optional(number), throughput = optional(number, 500) }), {})" },
};

static char *
ng_type_text(Arena *a, const char *name)
{
	for (size_t i = 0; i < sizeof ng_defaults / sizeof *ng_defaults; i++) {
		const struct NgDefaults *d = &ng_defaults[i];
		if (strcmp(d->name, name) == 0)
			return arena_printf(a, ng_fmt, d->types, d->min, d->max, d->desired, d->unavail_pct,
			    d->unavail, d->strategy, d->labels, d->taints, d->neuron, d->volume);
	}
	return NULL;
}

/* A Domino variable: its type and default, from a variables.tf or built in. */
typedef struct DomVar {
	const char *name;
	TfType *type;
	const Value *dflt;          /* NULL: default null */
	bool nullable;              /* Terraform's default: a null value stays null */
	bool groups;                /* a map of node groups: null is no groups, as {} */
	bool builtin;               /* the type is the built-in copy */
	bool builtin_default;       /* the default value is (a variables.tf without one) */
	const char *from;           /* "module nodes" or the variables.tf name */
} DomVar;

static DomVar
builtin_var(IR *ir, const char *name)
{
	/* modules/nodes declares none of these `nullable = false` */
	DomVar v = { .name = name, .nullable = true, .groups = true, .builtin = true, .from = "module nodes" };
	Arena *a = ir->arena;
	char *type = NULL, *dflt = NULL;
	if (strcmp(name, "default_node_groups") == 0) {
		type = arena_printf(a, "object({ compute = %s, platform = %s, platform_jobs = optional(%s), gpu = %s })",
		    ng_type_text(a, "compute"), ng_type_text(a, "platform"), ng_type_text(a, "platform_jobs"),
		    ng_type_text(a, "gpu"));
		dflt = "{ platform = { availability_zone_ids = [] }, compute = { availability_zone_ids = [] }, "
		    "gpu = { availability_zone_ids = [] } }";
	} else if (strcmp(name, "additional_node_groups") == 0) {
		type = arena_printf(a, "map(%s)", ng_type_text(a, "*additional"));
		dflt = "{}";
	} else if (strcmp(name, "karpenter_node_groups") == 0) {
		type = arena_printf(a, "map(%s)", ng_type_text(a, "*karpenter"));
	} else if (strcmp(name, "karpenter") == 0) {
		v.groups = false;
		/* the cluster stage's variable (modules/eks) */
		type = "object({ enabled = optional(bool, false), delete_instances_on_destroy = optional(bool, false), "
		    "namespace = optional(string, \"karpenter\"), version = optional(string, \"1.9.0\"), "
		    "vm_memory_overhead_percent = optional(string, \"0.075\") })";
		dflt = "{}";
		v.from = "module eks";
	}
	if (!type)
		return v;
	SrcFile *f = src_from_mem(a, v.from, type, strlen(type));
	v.type = tftype_parse(a, f, 0, f->len);
	if (dflt) {
		SrcFile *df = src_from_mem(a, v.from, dflt, strlen(dflt));
		v.dflt = tf_literal_parse(a, df, 0, df->len);
	}
	return v;
}

static DomVar
dom_var(IR *ir, const char *name)
{
	TfDecl *d = tf_find_decl(ir, name);
	if (d && tf_decl_type(ir, d)) {
		d->in->flavour = "variables";
		DomVar v = { .name = name, .type = d->type, .groups = strcmp(name, "karpenter") != 0,
			     .from = d->in->file->name };
		const Value *nullable = v_get(d->body, "nullable");
		v.nullable = !(nullable && nullable->kind == V_BOOL && !nullable->b);
		const Member *dflt = v_member(d->body, "default");
		v.dflt = dflt && !tf_is_null(dflt->val) ? dflt->val : NULL;
		/*
		 * No default at all makes the variable required: Terraform would
		 * stop, karpgen takes the module's own default, placed at the
		 * variable in the tfvars like any built-in default.  `default =
		 * null` is a default like any other: no groups.
		 */
		if (!dflt) {
			DomVar b = builtin_var(ir, name);
			v.dflt = b.dflt;
			v.builtin_default = b.dflt != NULL;
		}
		return v;
	}
	return builtin_var(ir, name);
}

static const char *
dom_defaults_from(const DomVar *dv)
{
	return dv->from;
}

/*
 * Whether a node-group variable takes its default: when the inputs leave it
 * out, or set it to null and it is declared `nullable = false`.  A null
 * value of a nullable variable (Terraform's default since 1.1) stays null.
 * (The cluster stage's `karpenter` object, which the module cannot read as
 * null, keeps its default.)
 */
static bool
dom_takes_default(const DomVar *dv, const Value *v)
{
	return !v || (v->kind == V_NULL && (!dv->nullable || !dv->groups));
}

/* The value of a Domino variable as the module sees it: converted, defaults applied, null groups empty. */
static const Value *
dom_value(TfConv *c, const DomVar *dv, const Value *v)
{
	if (dom_takes_default(dv, v) && dv->dflt)
		return tftype_default(c, dv->type, dv->dflt, dv->name);
	if (tf_is_null(v) && dv->groups)
		return v_new(c->a, V_MAP, v ? &v->loc : NULL);
	return tftype_convert(c, dv->type, v, dv->name);
}

/*
 * The stages of a Domino deployment (examples/deploy/terraform): infra,
 * cluster and nodes, each a module with its own variables and its own
 * tfvars.  Some variable names are declared by more than one stage's module
 * (the infra module's `eks` and node-group variables): each is that module's
 * own, so a value is compared only with values of the same stage, and the
 * one that counts is the owning stage's: the node groups are the nodes
 * stage's, `eks` and `karpenter` the cluster stage's.  A file's stage is
 * read from the variables only that stage has, whatever the file is called
 * and in any order; a file of all stages at once (examples/tfvars) is infra.
 */
typedef enum DomStage { STAGE_NONE, STAGE_INFRA, STAGE_CLUSTER, STAGE_NODES } DomStage;

static const struct {
	const char *name;
	DomStage stage;
} stage_markers[] = {
	{ "deploy_id", STAGE_INFRA }, { "network", STAGE_INFRA }, { "storage", STAGE_INFRA },
	{ "bastion", STAGE_INFRA }, { "domino_cur", STAGE_INFRA }, { "ssh_pvt_key_path", STAGE_INFRA },
	{ "route53_hosted_zone_name", STAGE_INFRA },
	{ "eks", STAGE_CLUSTER }, { "kms_info", STAGE_CLUSTER }, { "karpenter", STAGE_CLUSTER },
	{ "default_node_groups", STAGE_NODES }, { "additional_node_groups", STAGE_NODES },
	{ "karpenter_node_groups", STAGE_NODES }, { "system_node_group", STAGE_NODES },
};

/* The stage whose module owns `name` where several declare it; STAGE_NONE for any other. */
static DomStage
owner_stage(const char *name)
{
	for (size_t i = 0; i < sizeof stage_markers / sizeof *stage_markers; i++)
		if (strcmp(stage_markers[i].name, name) == 0 && stage_markers[i].stage != STAGE_INFRA)
			return stage_markers[i].stage;
	return STAGE_NONE;
}

/* The stage of an input: the earliest (infra, cluster, nodes) whose own variables it sets. */
static DomStage
input_stage(const TfState *st, const Input *in)
{
	DomStage s = STAGE_NONE;
	for (int i = 0; i < st->defs.n; i++) {
		const TfDef *d = &st->defs.v[i];
		if (d->in != in || *d->scope)
			continue;
		for (size_t k = 0; k < sizeof stage_markers / sizeof *stage_markers; k++)
			if (strcmp(stage_markers[k].name, d->name) == 0 &&
			    (s == STAGE_NONE || stage_markers[k].stage < s))
				s = stage_markers[k].stage;
	}
	return s;
}

/*
 * The value a Domino variable has: the first input's of the stage that owns
 * it (any input's when no input of that stage sets it), KG107 for every
 * later one of the same stage that differs.
 */
static const TfDef *
dom_def(IR *ir, const char *name, const DomVar *dv)
{
	TfState *st = tf_state(ir);
	const TfDef *first = NULL;
	DomStage owner = owner_stage(name);
	bool owned = false;
	for (int i = 0; owner && i < st->defs.n && !owned; i++) {
		const TfDef *d = &st->defs.v[i];
		owned = strcmp(d->name, name) == 0 && strncmp(d->scope, "module.", 7) != 0 &&
		    input_stage(st, d->in) == owner;
	}
	for (int i = 0; i < st->defs.n; i++) {
		TfDef *d = &st->defs.v[i];
		if (strcmp(d->name, name) != 0 || strncmp(d->scope, "module.", 7) == 0)
			continue;
		d->used = true;
		if (owned && input_stage(st, d->in) != owner)
			continue;           /* another stage's module's own variable of that name */
		if (!first) {
			first = d;
			continue;
		}
		if (d->in == first->in)
			continue;           /* a key twice in one file is the parser's KG108 */
		/* compare as Terraform would see them: converted, defaults applied */
		TfConv c = { .a = ir->arena };
		const Value *a = first->m->val, *b = d->m->val;
		if (dv && dv->type) {
			bool at_key = dv->builtin || dv->builtin_default;
			/* the kept value is converted (and diagnosed) again when its groups are built */
			c.quiet = true;
			c.default_at = at_key ? &first->m->key_loc : NULL;
			a = dom_value(&c, dv, a);
			c.quiet = false;
			c.default_at = at_key ? &d->m->key_loc : NULL;
			b = dom_value(&c, dv, b);
		}
		tf_compare(ir, name, a, &first->m->key_loc, b, &d->m->key_loc, first->in->file, d->in->file, 0);
	}
	return first;
}

/* The nodes module passes bootstrap_extra_args to bootstrap.sh (AL2) */
static void
set_bootstrap_args(LoadCtx *c, void *obj, const Value *v, const FieldDef *f)
{
	NodeGroup *g = obj;
	SVal s = sval_of(c->ir, v, arena_join(c->ir->arena, c->path, ".", f->key));
	if (s.set && !(s.s && !*s.s) && ld_bootstrap_args(c, g, &s))
		ld_not_carried(c, g, f->key, v);
}

const FieldDef domino_group_fields[] = {
	TF_FIELD("instance_types", fs_list, instance_types),
	TF_FIELD("availability_zone_ids", fs_list, zones),
	TF_FIELD("min_per_az", fs_int, min_size),
	TF_FIELD("max_per_az", fs_int, max_size),
	TF_FIELD("desired_per_az", fs_int, desired_size),
	TF_FIELD("ami", fs_str, ami_id),
	TF_FIELD("user_data_type", fs_str, user_data_type),
	TF_FIELD("labels", fs_kv, labels),
	TF_SETTER("taints", tf_set_taints),
	TF_FIELD("tags", fs_kv, tags),
	TF_FIELD("gpu", fs_bool, gpu),
	TF_FIELD("neuron", fs_bool, neuron),
	TF_FIELD("single_nodegroup", fs_bool, single_nodegroup),
	TF_IGNORE("volume"),           /* below: its fields are the root volume */
	TF_IGNORE("spot"),             /* below: the capacity type */
	TF_SETTER("bootstrap_extra_args", set_bootstrap_args),  /* --node-labels: labels; the rest KG240 */
	TF_IGNORE("max_unavailable"),
	TF_IGNORE("max_unavailable_percentage"),
	TF_IGNORE("update_strategy"),
	{ NULL, NULL, 0, NULL },
};

static void
set_domino_volume(LoadCtx *c, NodeGroup *g, const Value *vol)
{
	if (!vol || vol->kind != V_MAP)
		return;
	const char *what = arena_printf(c->ir->arena, "%s.volume", c->path);
	g->volume_size = ival_of(c->ir, v_get(vol, "size"), what);
	g->volume_type = sval_of(c->ir, v_get(vol, "type"), what);
	g->volume_iops = ival_of(c->ir, v_get(vol, "iops"), what);
	g->volume_throughput = ival_of(c->ir, v_get(vol, "throughput"), what);
}

/* What modules/nodes adds: the GPU label and taint, the domino-node label, the AMI type, the capacity type. */
static void
domino_module_logic(LoadCtx *c, NodeGroup *g, const Value *body, bool karpenter)
{
	Arena *a = c->ir->arena;
	const Loc *at = &g->loc;
	bool gpu_types = false, neuron_types = false;
	for (int i = 0; i < g->instance_types.n; i++) {
		const SVal *t = &g->instance_types.v[i];
		const InstanceType *it = t->unknown ? NULL : catalog_find(t->s);
		/* the catalogue's one accelerator test (type_accel()): NVIDIA GPUs get the GPU label and taint */
		gpu_types |= it && type_accel(it) == ACCEL_NVIDIA;
		neuron_types |= it && type_accel(it) == ACCEL_NEURON;
	}
	bool is_gpu = (g->gpu.set && !g->gpu.unknown && g->gpu.v) || gpu_types;
	bool is_neuron = (g->neuron.set && !g->neuron.unknown && g->neuron.v) || neuron_types;
	const Loc *gpu_why = g->gpu.set && g->gpu.v ? &g->gpu.loc : &g->instance_types.loc;
	const Loc *neuron_why = g->neuron.set && g->neuron.v ? &g->neuron.loc : &g->instance_types.loc;

	/* capacity_type = spot ? "SPOT" : "ON_DEMAND" */
	const Value *spot = v_get(body, "spot");
	BVal sp = bval_of(c->ir, spot, arena_printf(a, "%s.spot", c->path));
	if (sp.unknown)
		g->capacity_type = (SVal){ .loc = sp.loc, .origin = ORIGIN_INPUT, .set = true, .unknown = true, .expr = sp.expr };
	else if (sp.set)
		g->capacity_type = sval_lit(sp.v ? "SPOT" : "ON_DEMAND", &sp.loc, ORIGIN_DERIVED);

	/* ami_type: CUSTOM with an AMI, else the AL2023 variant for the instance types */
	if (g->ami_id.set)
		g->ami_type = sval_lit("CUSTOM", &g->ami_id.loc, ORIGIN_DERIVED);
	else
		g->ami_type = sval_lit(is_neuron ? "AL2023_x86_64_NEURON" : is_gpu ? "AL2023_x86_64_NVIDIA" :
		    "AL2023_x86_64_STANDARD", is_neuron ? neuron_why : is_gpu ? gpu_why : at, ORIGIN_DERIVED);
	if (!g->ami_id.set)
		g->user_data_type = (SVal){ 0 };     /* only used with a custom AMI */

	/* labels = merge(gpu ? {"nvidia.com/gpu" = true} : {}, ng.labels, karpenter ? {} : {domino-node = true}) */
	KVList in = g->labels;
	KVList out = { .loc = in.set ? in.loc : *at, .origin = in.set ? in.origin : ORIGIN_DERIVED, .set = true };
	out.v = arena_alloc(a, (size_t)(in.n + 2) * sizeof *out.v);
	if (is_gpu) {
		KV kv = { sval_lit("nvidia.com/gpu", gpu_why, ORIGIN_DERIVED), sval_lit("true", gpu_why, ORIGIN_DERIVED) };
		out.v[out.n++] = kv;
	}
	for (int i = 0; i < in.n; i++) {
		int k = 0;
		while (k < out.n && strcmp(out.v[k].key.s, in.v[i].key.s) != 0)
			k++;
		out.v[k] = in.v[i];
		if (k == out.n)
			out.n++;
	}
	if (!karpenter) {
		KV kv = { sval_lit("dominodatalab.com/domino-node", at, ORIGIN_DERIVED),
			  sval_lit("true", at, ORIGIN_DERIVED) };
		int k = 0;
		while (k < out.n && strcmp(out.v[k].key.s, kv.key.s) != 0)
			k++;
		out.v[k] = kv;
		if (k == out.n)
			out.n++;
	}
	if (in.unknown)
		out = in;
	g->labels = out;

	/* taints = gpu ? distinct(concat(gpu_taints, ng.taints)) : ng.taints */
	if (is_gpu) {
		Taint gt = { .loc = *gpu_why, .origin = ORIGIN_DERIVED };
		gt.key = sval_lit("nvidia.com/gpu", gpu_why, ORIGIN_DERIVED);
		gt.value = sval_lit("true", gpu_why, ORIGIN_DERIVED);
		gt.effect = sval_lit("NO_SCHEDULE", gpu_why, ORIGIN_DERIVED);
		Taint *v = arena_alloc(a, (size_t)(g->taints.n + 1) * sizeof *v);
		int n = 0;
		v[n++] = gt;
		for (int i = 0; i < g->taints.n; i++) {
			const Taint *t = &g->taints.v[i];
			bool dup = false;
			for (int k = 0; k < n; k++)
				dup |= sval_eq(&v[k].key, &t->key) && sval_eq(&v[k].value, &t->value) &&
				    sval_eq(&v[k].effect, &t->effect);
			if (!dup)
				v[n++] = *t;
		}
		g->taints.v = v;
		g->taints.n = g->taints.cap = n;
	}

	/* the launch template: an encrypted root volume on /dev/xvda, or the custom AMI's root device */
	g->volume_encrypted = (BVal){ .v = true, .loc = *at, .origin = ORIGIN_DERIVED, .set = true };
	if (g->ami_id.set)
		g->root_device = (SVal){ .loc = g->ami_id.loc, .origin = ORIGIN_DERIVED, .set = true, .unknown = true,
			.expr = "data.aws_ami.custom[ami].root_device_name" };
	else
		g->root_device = sval_lit("/dev/xvda", at, ORIGIN_DERIVED);

	g->per_az = !(g->single_nodegroup.set && !g->single_nodegroup.unknown && g->single_nodegroup.v);
	if (g->zones.set && !g->zones.unknown && g->zones.n == 0) {
		Diag *d = diag(KG109, &g->zones.loc, "node group '%s' lists no availability_zone_ids", c->path);
		diag_note(d, NULL, "modules/nodes creates its node groups only in the zones listed; "
		    "list the AZ ids (such as 'usw2-az1') the group should run in");
	}
}

static void
domino_group(IR *ir, const char *var, const DomVar *dv, const Member *m, const TfType *t, const char *scope,
    bool karpenter)
{
	Arena *a = ir->arena;
	const char *path = arena_join(a, var, ".", m->key);
	const Value *raw = tf_follow(ir, m->val);
	if (tf_is_null(raw))
		return;                 /* default_node_groups entries equal to null are filtered out */
	if (raw->kind == V_UNKNOWN) {
		Diag *d = diag(KG109, &raw->loc, "node group '%s' is the expression '%s', which karpgen cannot evaluate offline",
		    path, expr_brief(ir->arena, raw->s));
		diag_note(d, NULL, "write the group as an object literal in the .tfvars");
		return;
	}
	TfConv c = { .a = a, .default_at = dv->builtin ? &m->key_loc : NULL,
		     .schema_name = "the Domino module's node-group object" };
	const Value *eff = t ? ((raw->flags & VF_DEFAULT) ? raw : tftype_convert(&c, t, raw, path)) : raw;
	if (!eff || eff->kind != V_MAP) {
		if (eff && eff->kind != V_MAP)
			diag(KG106, &eff->loc, "'%s' should be an object, not %s", path, v_kind_name(eff->kind));
		return;
	}
	NodeGroup *g = ir_new_group(ir, NGS_DOMINO, var, &m->key_loc);
	g->name = sval_lit(m->key, &m->key_loc, (raw->flags & VF_DEFAULT) ? ORIGIN_DEFAULT : ORIGIN_INPUT);
	g->scope = scope;
	g->defaults_from = dom_defaults_from(dv);
	if (karpenter) {
		g->role = ROLE_KARPENTER_HOME;
		g->role_why = strcmp(var, "system_node_group") == 0 ? "system_node_group" : "karpenter_node_groups";
	}
	/* with no type to convert by, a key the module does not have is worth a warning */
	LoadCtx cx = { .ir = ir, .dialect = "node group", .path = path, .follow = tf_follow, .null_resets = true,
	    .warn_unknown = t == NULL };
	ld_apply(&cx, domino_group_fields, g, eff, path);
	set_domino_volume(&cx, g, v_get(eff, "volume"));
	domino_module_logic(&cx, g, eff, karpenter);
	/* the group's launch template tags the instances Name = "<cluster>-<group>" over its tags
	 * (nodes.tf of modules/nodes v3.x, submodules/eks/node-group.tf v2.0.0) */
	g->name_tag = sval_lit(arena_printf(a, "${CLUSTER_NAME}-%s", m->key), &m->key_loc, ORIGIN_DEFAULT);
}

/*
 * The groups of one Domino variable: its value, or its default when absent
 * (or null where declared `nullable = false`).  A null value is no groups:
 * modules/nodes reads the maps through coalesce(var.X, {}) and merge(),
 * which skips null arguments.
 */
static void
domino_var_groups(IR *ir, const char *var, const Value *val, const Loc *where, const char *scope)
{
	const char *decl_name = strcmp(var, "system_node_group") == 0 ? "karpenter_node_groups" : var;
	DomVar dv = dom_var(ir, decl_name);
	bool karpenter = strcmp(decl_name, "karpenter_node_groups") == 0;
	const Value *v = tf_follow(ir, val);
	if (v && v->kind == V_UNKNOWN) {
		Diag *d = diag(KG109, &v->loc, "'%s' is the expression '%s', which karpgen cannot evaluate offline", var,
		    expr_brief(ir->arena, v->s));
		diag_note(d, NULL, "its node groups are not in the IR: write them as an object literal");
		return;
	}
	if (tf_is_null(v)) {
		if (!dom_takes_default(&dv, v) || !dv.dflt)
			return;
		TfConv c = { .a = ir->arena, .default_at = dv.builtin || dv.builtin_default ? where : NULL };
		v = tftype_default(&c, dv.type, dv.dflt, var);
		if (!v)
			return;
	}
	/* older docs: system_node_group = { availability_zone_ids = [...] } is one group */
	if (strcmp(var, "system_node_group") == 0 && v->kind == V_MAP && v_get(v, "availability_zone_ids")) {
		Member m = { .key = "system", .key_loc = *where, .val = (Value *)v };
		Member *mm = arena_alloc(ir->arena, sizeof *mm);
		*mm = m;
		domino_group(ir, var, &dv, mm, dv.type ? dv.type->elem : NULL, scope, true);
		return;
	}
	if (v->kind != V_MAP) {
		diag(KG106, &v->loc, "'%s' should be a map of node groups, not %s", var, v_kind_name(v->kind));
		return;
	}
	const TfType *t = dv.type;
	for (int i = 0; i < v->n; i++) {
		const Member *m = &v->members[i];
		const TfType *et = NULL;
		if (t && t->kind == TY_OBJECT) {
			const TyAttr *at = tftype_attr(t, m->key);
			if (!at) {
				Diag *d = diag(KG110, &m->key_loc, "'%s' is not a group of '%s'", m->key, var);
				diag_note(d, NULL, "the groups of default_node_groups are compute, platform, platform_jobs and gpu; "
				    "put others in additional_node_groups");
				continue;
			}
			et = at->type;
		} else if (t) {
			et = t->elem;
		}
		domino_group(ir, var, &dv, m, et, scope, karpenter);
	}
	/* default_node_groups: a required group missing from the value */
	for (int k = 0; t && t->kind == TY_OBJECT && k < t->nattrs; k++)
		if (!t->attrs[k].optional && !v_member(v, t->attrs[k].name) && !(v->flags & VF_DEFAULT))
			diag(KG106, &v->loc, "'%s' lacks the required group '%s'", var, t->attrs[k].name);
}

/* The module's merge(karpenter, additional, default): a later map's group of the same name wins. */
static int
cmp_group_name(const void *x, const void *y)
{
	const NodeGroup *a = *(NodeGroup *const *)x, *b = *(NodeGroup *const *)y;
	int c = strcmp(a->scope, b->scope);
	if (!c)
		c = strcmp(a->name.s, b->name.s);
	return c;
}

static void
domino_name_clashes(IR *ir, int first)
{
	int n = ir->groups.n - first;
	if (n < 2)
		return;
	/* sorted by name (stable by creation order through the index), so clashes are neighbours */
	NodeGroup **v = arena_alloc(ir->arena, (size_t)n * sizeof *v);
	memcpy(v, ir->groups.v + first, (size_t)n * sizeof *v);
	qsort(v, (size_t)n, sizeof *v, cmp_group_name);
	bool any = false;
	for (int i = 0; i + 1 < n; i++) {
		NodeGroup *a = v[i], *b = v[i + 1];
		if (cmp_group_name(&v[i], &v[i + 1]) != 0)
			continue;
		/* the one created later is the one the module keeps */
		int ia = 0, ib = 0;
		for (int k = first; k < ir->groups.n; k++) {
			if (ir->groups.v[k] == a)
				ia = k;
			if (ir->groups.v[k] == b)
				ib = k;
		}
		NodeGroup *lose = ia < ib ? a : b, *keep = ia < ib ? b : a;
		Diag *d = diag(KG107, &lose->loc, "node group '%s' is in both '%s' and '%s'", lose->name.s,
		    lose->kind, keep->kind);
		diag_note(d, &keep->loc, "the module merges the maps and keeps only the one in '%s'", keep->kind);
		diag_note(d, NULL, "rename one of them");
		lose->kind = NULL;      /* marked for removal */
		v[i + 1] = keep;
		any = true;
	}
	if (!any)
		return;
	int k = first;
	for (int i = first; i < ir->groups.n; i++)
		if (ir->groups.v[i]->kind)
			ir->groups.v[k++] = ir->groups.v[i];
	ir->groups.n = k;
}

static bool
domino_key(const char *k)
{
	static const char *const keys[] = {
		"default_node_groups", "additional_node_groups", "karpenter_node_groups", "system_node_group",
	};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		if (strcmp(k, keys[i]) == 0)
			return true;
	return false;
}

/* Keys only a Domino deployment's tfvars have (with deploy_id, they name the flavour). */
static bool
domino_marker(const char *k)
{
	static const char *const keys[] = {
		"deploy_id", "ssh_pvt_key_path", "bastion", "domino_cur", "storage", "route53_hosted_zone_name",
		"irsa_external_dns", "external_deployments_operator", "enable_private_link",
	};
	if (domino_key(k))
		return true;
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		if (strcmp(k, keys[i]) == 0)
			return true;
	return false;
}

/* The cluster stage's tfvars alone: `eks = { k8s_version = ... }` (modules/eks). */
static bool
cluster_stage(IR *ir, const TfDef *d)
{
	return strcmp(d->name, "eks") == 0 && v_get(tf_follow(ir, d->m->val), "k8s_version") != NULL;
}

static void
domino_cluster(IR *ir)
{
	TfState *st = tf_state(ir);
	const TfDef *d;
	if ((d = dom_def(ir, "deploy_id", NULL)) != NULL) {
		SVal s = sval_of(ir, tf_follow(ir, d->m->val), "deploy_id");
		ir_set_sval(ir, &ir->cluster.deploy_id, &s, "deploy_id");
		if (s.set) {
			/* the module names the EKS cluster after the deployment */
			SVal n = s;
			n.origin = ORIGIN_DERIVED;
			ir_set_sval(ir, &ir->cluster.name, &n, "cluster name");
		}
	}
	/* region: vars_cluster() reads it from every tfvars, Domino's too (reading it here as well
	 * reported each conflict twice) */
	if ((d = dom_def(ir, "eks", NULL)) != NULL) {
		SVal s = sval_of(ir, tf_get(ir, d->m->val, "k8s_version"), "eks.k8s_version");
		ir_set_sval(ir, &ir->cluster.k8s_version, &s, "eks.k8s_version");
	}
	DomVar kv = dom_var(ir, "karpenter");
	if ((d = dom_def(ir, "karpenter", &kv)) != NULL) {
		TfConv c = { .a = ir->arena, .default_at = kv.builtin || kv.builtin_default ? &d->m->key_loc : NULL };
		const Value *v = tf_follow(ir, d->m->val);
		v = tf_is_null(v) ? tftype_default(&c, kv.type, kv.dflt, "karpenter") :
		    tftype_convert(&c, kv.type, v, "karpenter");
		if (v && v->kind == V_MAP) {
			ir->cluster.karpenter_enabled = bval_of(ir, v_get(v, "enabled"), "karpenter.enabled");
			SVal ver = sval_of(ir, v_get(v, "version"), "karpenter.version");
			ir_set_sval(ir, &ir->cluster.karpenter_version, &ver, "karpenter.version");
			SVal ns = sval_of(ir, v_get(v, "namespace"), "karpenter.namespace");
			ir_set_sval(ir, &ir->cluster.karpenter_namespace, &ns, "karpenter.namespace");
		}
	}
	(void)st;
}

/*
 * Every node-group variable null or empty (the last step of the Karpenter
 * migration guide sets default and additional to null, and a deployment
 * without karpenter_node_groups has none): say so once, at the first of
 * them, rather than read nothing silently.
 */
static void
domino_no_groups(IR *ir)
{
	TfState *st = tf_state(ir);
	Diag *d = NULL;
	for (int i = 0; i < st->defs.n; i++) {
		const TfDef *def = &st->defs.v[i];
		if (*def->scope || !domino_key(def->name))
			continue;
		const Value *v = tf_follow(ir, def->m->val);
		if (!d)
			d = diag(KG105, &def->m->key_loc, "the Domino node-group variables define no node group");
		diag_note(d, v && v->loc.file ? &v->loc : &def->m->key_loc, "'%s' is %s here", def->name,
		    tf_is_null(v) ? "null" : "empty");
	}
	if (d)
		diag_note(d, NULL, "a null node-group variable is no groups of that kind: modules/nodes reads "
		    "coalesce(var.default_node_groups, {}), and merge() skips a null map");
}

/*
 * Domino's cluster-wide KMS key: modules/nodes encrypts every group's root
 * volume (encrypted = true) with `kms_info.key_arn` when `kms_info.enabled`.
 * Every version agrees: v2.x's root module and v3.x's modules/infra make a
 * key (aws_kms_key.domino, alias/<deploy_id>) when `kms.key_id` is null,
 * and `kms` defaults to `{}`, enabled; v3.x's nodes stage reads the infra
 * stage's key (examples/deploy: local.infra.kms; tests/plan:
 * module.infra.kms), v2.x's node groups the root module's.
 *
 * The inputs give it as `kms_info` (the cluster stage's override, key_arn
 * or key_id, and modules/nodes' own argument), else `kms` (the infra
 * stage's, or the v2 root module's); `kms_info` is read first, so that a
 * user can hand karpgen the ARN of a key the module made.  A key written
 * as a literal goes to each group's root volume (ebs.kmsKeyID, encrypted).
 * A key the module makes (its ARN exists only after apply) or an
 * expression is listed as not carried (KG240), never dropped: the kit's
 * volumes would otherwise use the account's default EBS key, a different
 * key from the old nodes'.  So is `kms` left out: the module's default
 * makes a key (ORIGIN_DEFAULT, at `at`); when no input of the infra stage
 * is given (`infra` false), whichever key that stage has is unknown.
 * Disabled, or null (which v3's modules/infra cannot read: Terraform stops
 * at plan): nothing to carry, the kit's volumes use the default EBS key.
 */
static void
domino_kms(IR *ir, int first, const Value *kms_info, const Value *kms, const Loc *at, bool infra)
{
	const char *var = "kms_info";
	const Value *v = kms_info;
	if (tf_is_null(v)) {        /* cluster.tfvars' kms_info = null: the infra stage's key */
		var = "kms";
		v = kms;
	}
	LoadCtx cx = { .ir = ir, .dialect = "node group", .follow = tf_follow, .null_resets = true };
	const SVal *dep = &ir->cluster.deploy_id;
	const char *made = ld_why_not("kms");
	if (dep->set && !dep->unknown && dep->s && *dep->s)
		made = arena_printf(ir->arena, "%s (here alias/%s)", made, dep->s);
	if (!v) {
		const char *why = infra ? made :
		    "the infra stage's KMS key (one the module makes unless its kms.key_id is given; the nodes "
		    "stage reads it from the infra stage's state) encrypts each root volume, and no input says "
		    "which: give the infra stage's tfvars as an input too, or the key in an input as kms_info = { "
		    "enabled = true, key_id = \"<KeyId>\", key_arn = \"<Arn>\" } and compile again";
		for (int i = first; at && i < ir->groups.n; i++)
			ld_not_carried_at(&cx, ir->groups.v[i], "kms", why, at, ORIGIN_DEFAULT);
		return;
	}
	if (tf_is_null(v) || (v->kind != V_MAP && v->kind != V_UNKNOWN))
		return;
	SVal key = { 0 };
	if (v->kind == V_MAP) {
		BVal en = bval_of(ir, tf_get(ir, v, "enabled"), arena_join(ir->arena, var, ".", "enabled"));
		if (en.set && !en.unknown && !en.v)
			return;
		const char *field = "key_arn";
		const Value *k = tf_get(ir, v, field);
		if (tf_is_null(k)) {
			field = "key_id";
			k = tf_get(ir, v, field);
		}
		if (!tf_is_null(k))
			key = sval_of(ir, k, arena_join(ir->arena, var, ".", field));
	}
	for (int i = first; i < ir->groups.n; i++) {
		NodeGroup *g = ir->groups.v[i];
		if (!key.set || key.unknown || !key.s || !*key.s) {
			/* `kms = {}` makes a key as `{ enabled = true }` does */
			if (strcmp(var, "kms") == 0 && v->kind == V_MAP)
				ld_not_carried_at(&cx, g, var, made, &v->loc, v->n ? ORIGIN_INPUT : ORIGIN_DEFAULT);
			else
				ld_not_carried(&cx, g, var, v);
			continue;
		}
		g->volume_kms_key = key;
		g->volume_encrypted = (BVal){ .v = true, .loc = key.loc, .origin = key.origin, .set = true };
	}
}

/*
 * What modules/nodes' launch template (nodes.tf) sets besides the group's
 * own variables.  key_name: the SSH key pair the infra stage makes from
 * `ssh_pvt_key_path` (modules/nodes' `ssh_key.key_pair_name`; v2.x's root
 * module the same), on every group.
 *
 * The user data: the module writes it only for a group with a custom AMI
 * (user_data_type is null otherwise), from the template user_data_type
 * names (modules/nodes' default "AL2").  Its inputs come from the cluster
 * stage's `eks` (modules/eks): kubelet.registry_pull_qps / registry_burst
 * (both templates: the AL2 one edits kubelet-config.json, the AL2023 one
 * writes a NodeConfig), soci_snapshotter and feature_gates (the AL2023
 * template only).  Since v3.43.0 (`ud_defaults`) modules/eks gives them
 * defaults: registry_pull_qps 12, registry_burst 40, soci_snapshotter
 * enabled; v2.x and earlier v3.x have no such user data.  An EC2NodeClass
 * can express none of them (its kubelet block has no registryPullQPS,
 * registryBurst or feature gates): each is listed as not carried (KG240)
 * on the groups whose nodes have it, the defaults as defaults
 * (ORIGIN_DEFAULT, at the group's `ami`), never dropped.
 */
static const char ud_kubelet_default[] =
    "modules/nodes' user data for a custom AMI (module v3.43.0 and later) sets the kubelet's registryPullQPS to 12 "
    "and registryBurst to 40, the module's defaults, when the cluster stage's eks.kubelet does not set them: the "
    "EC2NodeClass kubelet has no registryPullQPS or registryBurst, so Karpenter's nodes keep the kubelet's own (5 "
    "and 10); on AL2023 set them in a NodeConfig part of its userData (spec.kubelet.config)";
static const char ud_soci_default[] =
    "modules/nodes' AL2023 user data for a custom AMI (module v3.43.0 and later) turns the SOCI snapshotter on, the "
    "module's default, when the cluster stage's eks.soci_snapshotter does not turn it off (the FastImagePull "
    "feature gate, 10 concurrent downloads and unpacks per image): no EC2NodeClass field; set featureGates "
    "FastImagePull in a NodeConfig part of its userData and configure the snapshotter there (spec.containerd)";

/* modules/nodes' `ssh_key.key_pair_name`; an expression for the whole object (local.infra.ssh_key) may hold one */
static const Value *
key_pair(IR *ir, const Value *ssh_key)
{
	return ssh_key && ssh_key->kind == V_MAP ? tf_get(ir, ssh_key, "key_pair_name") : ssh_key;
}

static void
domino_launch_template(IR *ir, int first, const Value *key, const Value *eks, bool ud_defaults)
{
	LoadCtx cx = { .ir = ir, .dialect = "node group", .follow = tf_follow };
	if (key && tf_is_null(key))
		key = NULL;
	enum { UD_KUBELET, UD_SOCI, UD_GATES, UD_N };
	static const struct {
		const char *key;
		bool al2;               /* the AL2 template reads it too */
		const char *dflt;       /* the reason for the module's default, when eks leaves it out */
	} ud[UD_N] = {
		[UD_KUBELET] = { "kubelet", true, ud_kubelet_default },
		[UD_SOCI] = { "soci_snapshotter", false, ud_soci_default },
		[UD_GATES] = { "feature_gates", false, NULL },
	};
	const Value *uv[UD_N] = { 0 };
	bool off[UD_N] = { 0 };
	for (int k = 0; eks && eks->kind == V_MAP && k < UD_N; k++) {
		const Value *v = tf_get(ir, eks, ud[k].key);
		const Value *en = v && v->kind == V_MAP ? tf_get(ir, v, "enabled") : NULL;
		off[k] = en && en->kind == V_BOOL && !en->b;    /* soci_snapshotter = { enabled = false }: nothing */
		if (!off[k])
			uv[k] = tf_is_null(v) ? NULL : v;
	}
	for (int i = first; i < ir->groups.n; i++) {
		NodeGroup *g = ir->groups.v[i];
		if (key)
			ld_not_carried(&cx, g, "key_name", key);
		if (!g->ami_id.set)
			continue;
		const SVal *t = &g->user_data_type;
		bool al2 = !t->set || (!t->unknown && t->s && strcmp(t->s, "AL2023") != 0);
		for (int k = 0; k < UD_N; k++) {
			if (al2 && !ud[k].al2)
				continue;
			const char *setting = arena_join(ir->arena, "eks", ".", ud[k].key);
			if (uv[k])
				ld_not_carried(&cx, g, setting, uv[k]);
			else if (ud_defaults && ud[k].dflt && !off[k])
				ld_not_carried_at(&cx, g, setting, ud[k].dflt, &g->ami_id.loc, ORIGIN_DEFAULT);
		}
	}
}

/*
 * Whether a module call's Domino version has the custom-AMI user data's
 * defaults (v3.43.0 and later): its source's `?ref=` or its `version`; with
 * neither, a call of modules/nodes is the current module (as the built-in
 * copy), any other (v2.x's root module) has none.
 */
static bool
domino_call_ud_defaults(IR *ir, const Value *body)
{
	SVal src = sval_of(ir, tf_get(ir, body, "source"), "source");
	SVal ver = sval_of(ir, tf_get(ir, body, "version"), "version");
	bool src_known = src.set && !src.unknown && src.s;
	const char *at = src_known ? strstr(src.s, "ref=") : NULL;
	const char *v = at ? at + 4 : ver.set && !ver.unknown ? ver.s : NULL;
	int n[3];
	if (v)
		return version_numbers(v, n) && (n[0] > 3 || (n[0] == 3 && n[1] >= 43));
	return src_known && strstr(src.s, "modules/nodes") != NULL;
}

/* The node groups a Domino deployment creates, from its tfvars (and variables.tf). */
void
domino_from_vars(IR *ir)
{
	TfState *st = tf_state(ir);
	bool domino = false;
	const Input *first = NULL;
	for (int i = 0; i < st->defs.n; i++)
		if (!*st->defs.v[i].scope && (domino_marker(st->defs.v[i].name) || cluster_stage(ir, &st->defs.v[i]))) {
			domino = true;
			if (!first)
				first = st->defs.v[i].in;
		}
	if (!domino)
		return;
	ir->domino = true;
	for (int i = 0; i < st->defs.n; i++)
		if (!*st->defs.v[i].scope && st->defs.v[i].in->dialect == D_HCL_TFVARS)
			st->defs.v[i].in->flavour = "domino";
	domino_cluster(ir);
	/* the cluster stage's tfvars alone (a hook's subset): the node groups are another stage's */
	bool group_stage = false;
	for (int i = 0; i < st->defs.n && !group_stage; i++)
		group_stage = !*st->defs.v[i].scope && input_stage(st, st->defs.v[i].in) != STAGE_CLUSTER;
	if (!group_stage)
		return;
	/* merge(karpenter, additional, default): the same order, so that clashes resolve as the module does */
	static const char *const order[] = {
		"karpenter_node_groups", "system_node_group", "additional_node_groups", "default_node_groups",
	};
	int start = ir->groups.n;
	for (size_t k = 0; k < sizeof order / sizeof *order; k++) {
		const char *decl = strcmp(order[k], "system_node_group") == 0 ? "karpenter_node_groups" : order[k];
		DomVar dv = dom_var(ir, decl);
		const TfDef *d = dom_def(ir, order[k], &dv);
		if (!d && strcmp(order[k], "system_node_group") == 0)
			continue;
		if (!d && strcmp(order[k], "karpenter_node_groups") == 0 && tf_find_var(st, "system_node_group"))
			continue;
		Loc where = { .file = first->file, .line = 1, .col = 1 };
		domino_var_groups(ir, order[k], d ? d->m->val : NULL, d ? &d->m->key_loc : &where, "");
	}
	domino_name_clashes(ir, start);
	if (ir->groups.n == start)
		domino_no_groups(ir);
	/* the key's stage: an input of the infra stage (or of all stages at once), else the groups' first */
	const Input *kin = NULL;
	for (int i = 0; i < st->defs.n && !kin; i++)
		if (!*st->defs.v[i].scope && input_stage(st, st->defs.v[i].in) == STAGE_INFRA)
			kin = st->defs.v[i].in;
	Loc kat = { .file = (kin ? kin : first)->file, .line = 1, .col = 1 };
	const TfDef *ki = dom_def(ir, "kms_info", NULL), *km = dom_def(ir, "kms", NULL);
	domino_kms(ir, start, ki ? tf_follow(ir, ki->m->val) : NULL, km ? tf_follow(ir, km->m->val) : NULL, &kat,
	    kin != NULL);
	const TfDef *kd = dom_def(ir, "ssh_pvt_key_path", NULL);
	const Value *key = kd ? tf_follow(ir, kd->m->val) : NULL;
	if (!kd && (kd = dom_def(ir, "ssh_key", NULL)) != NULL)
		key = key_pair(ir, tf_follow(ir, kd->m->val));
	const TfDef *ed = dom_def(ir, "eks", NULL);
	/* tfvars say no module version: the current one's, as every built-in default of this loader */
	domino_launch_template(ir, start, key, ed ? tf_follow(ir, ed->m->val) : NULL, true);
}

/* module "domino_eks" { default_node_groups = {...} } (v2.0.0 examples pass the variables as arguments) */
bool
domino_module_call(IR *ir, Input *in, const char *label, const Value *body)
{
	bool any = false;
	for (int i = 0; i < body->n; i++)
		any |= domino_key(body->members[i].key);
	if (!any)
		return false;
	ir->domino = true;
	in->flavour = "domino";
	const char *scope = arena_printf(ir->arena, "module.%s", label);
	int start = ir->groups.n;
	static const char *const order[] = {
		"karpenter_node_groups", "system_node_group", "additional_node_groups", "default_node_groups",
	};
	for (size_t k = 0; k < sizeof order / sizeof *order; k++) {
		const Member *m = v_member(body, order[k]);
		if (m)
			domino_var_groups(ir, order[k], m->val, &m->key_loc, scope);
	}
	domino_name_clashes(ir, start);
	const Value *dep = tf_get(ir, body, "deploy_id");
	if (dep) {
		SVal s = sval_of(ir, dep, "deploy_id");
		ir_set_sval(ir, &ir->cluster.deploy_id, &s, "deploy_id");
	}
	const Value *reg = tf_get(ir, body, "region");
	if (reg) {
		SVal s = sval_of(ir, reg, "region");
		ir_set_sval(ir, &ir->cluster.region, &s, "region");
	}
	/* v2.x's root module takes `kms` (a key of its own when left out), modules/nodes `kms_info` */
	domino_kms(ir, start, tf_get(ir, body, "kms_info"), tf_get(ir, body, "kms"), &body->loc, true);
	/* v2.x's root module takes ssh_pvt_key_path, modules/nodes ssh_key; its `eks` is eks_info's, not ours */
	const Value *key = tf_get(ir, body, "ssh_pvt_key_path");
	if (!key)
		key = key_pair(ir, tf_get(ir, body, "ssh_key"));
	domino_launch_template(ir, start, key, NULL, domino_call_ud_defaults(ir, body));
	return true;
}
