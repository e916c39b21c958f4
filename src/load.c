/*
 * load.c - every input read, its dialect recognised by content, its
 * front-end run.  The front-ends never call back here: what they share is
 * in load_value.c.
 *
 * Recognition is two steps.  The syntax is sniffed from the first
 * significant bytes (JSON opens with '{' or '[', HCL with `name =` or
 * `type "label" {`, YAML with `key:`, `- ` or `---`), the file's extension
 * only breaking ties for empty files.  The parsed tree is then offered to the
 * dialect table below in order; the first recogniser that accepts it names
 * the dialect and its front-end.  A front-end for another family is one row.
 */
#include "karpgen.h"

#include <stdlib.h>
#include <string.h>

typedef enum Syntax { SYN_NONE = 0, SYN_HCL = 1, SYN_JSON = 2, SYN_YAML = 4 } Syntax;

/* ------------------------------------------------------------ recognisers */

/* The first document that is a mapping (YAML) or the JSON value itself. */
static const Value *
first_map(const Input *in)
{
	for (int i = 0; i < in->ndocs; i++)
		if (in->docs[i] && in->docs[i]->kind == V_MAP)
			return in->docs[i];
	return NULL;
}

/*
 * Blocks are V_LISTs marked VF_BLOCK, reached from the body through one
 * V_MAP per label; an attribute's object value never leads to one.
 */
static bool
leads_to_block(const Value *v, int depth)
{
	if (!v || depth > 8)
		return false;
	if (v->kind == V_LIST)
		return (v->flags & VF_BLOCK) != 0;
	if (v->kind != V_MAP || (v->flags & VF_BLOCK))
		return false;
	for (int i = 0; i < v->n; i++)
		if (leads_to_block(v->members[i].val, depth + 1))
			return true;
	return false;
}

static bool
has_blocks(const Value *body)
{
	for (int i = 0; body && i < body->n; i++)
		if (leads_to_block(body->members[i].val, 0))
			return true;
	return false;
}

/* A Terraform configuration (.tf, terragrunt .hcl): it has blocks. */
static bool
is_hcl_config(const Input *in)
{
	return in->root && in->root->kind == V_MAP && has_blocks(in->root);
}

/* Variable values (.tfvars): attributes only. */
static bool
is_hcl_vars(const Input *in)
{
	return in->root && in->root->kind == V_MAP;
}

static bool
is_iam_policy(const Input *in)
{
	const Value *r = in->root;
	return r && r->kind == V_MAP && v_get(r, "Statement") && v_get(r, "Version");
}

/*
 * AWS CLI output: the top-level key each describe-* command prints, or an
 * array of such objects (what `--query 'AutoScalingGroups[]'` prints).
 */
static bool
is_aws_cli(const Input *in)
{
	static const char *const top[] = {
		"nodegroup", "cluster", "nodegroups", "AutoScalingGroups", "LaunchTemplateVersions",
		"Subnets", "AvailabilityZones", "InstanceTypes", "update", "LaunchTemplates",
		"PolicyVersion", "PolicyDocument",
	};
	static const char *const item[] = {
		"AutoScalingGroupName", "nodegroupName", "SubnetId", "LaunchTemplateId", "ZoneId",
		"InstanceType",
	};
	const Value *r = in->root;
	if (!r)
		return false;
	/* a concatenation (`aws ... >> file`) or a --query array: judged by its first value */
	const Value *it = r->kind == V_LIST && r->n > 0 ? r->items[0] : r;
	if (!it || it->kind != V_MAP)
		return false;
	for (size_t i = 0; i < sizeof top / sizeof *top; i++)
		if (v_get(it, top[i]))
			return true;
	for (size_t i = 0; i < sizeof item / sizeof *item; i++)
		if (v_get(it, item[i]))
			return true;
	return false;
}

/* A CloudFormation template (eksctl's stacks) whose resources include an EKS node group. */
static bool
is_cfn_template(const Input *in)
{
	const Value *r = in->root, *res = v_get(r, "Resources");
	if (!res)
		res = r;
	for (int i = 0; res && res->kind == V_MAP && i < res->n; i++) {
		const Value *t = v_get(res->members[i].val, "Type");
		if (t && t->kind == V_STR && strncmp(t->s, "AWS::", 5) == 0 &&
		    v_get(res->members[i].val, "Properties"))
			return true;
	}
	return false;
}

static bool
str_prefix(const Value *v, const char *prefix)
{
	return v && v->kind == V_STR && strncmp(v->s, prefix, strlen(prefix)) == 0;
}

/* eksctl ClusterConfig, or a fragment of one (the userdocs' nodeGroups: lists). */
static bool
is_eksctl(const Input *in)
{
	const Value *m = first_map(in);
	if (!m)
		return false;
	if (str_prefix(v_get(m, "apiVersion"), "eksctl.io/"))
		return true;
	return !v_get(m, "apiVersion") && !v_get(m, "kind") &&
	    (v_get(m, "nodeGroups") || v_get(m, "managedNodeGroups"));
}

static bool
is_k8s(const Input *in)
{
	for (int i = 0; i < in->ndocs; i++) {
		const Value *d = in->docs[i];
		if (d && d->kind == V_MAP && v_get(d, "apiVersion") && v_get(d, "kind"))
			return true;
	}
	return false;
}

/* Values for the Karpenter chart (or a chart templating Karpenter objects). */
static bool
is_helm_values(const Input *in)
{
	static const char *const keys[] = {
		"settings", "serviceAccount", "controller", "replicas", "webhook", "podDisruptionBudget",
		"nodepool", "nodePool", "ec2nodeclass", "nodeClass", "priorityClassName", "dnsPolicy",
	};
	const Value *m = first_map(in);
	if (!m || v_get(m, "apiVersion") || v_get(m, "kind"))
		return false;
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		if (v_get(m, keys[i]))
			return true;
	return false;
}

/* ------------------------------------------------------ small front-ends */

static void
load_iam_policy(IR *ir, Input *in)
{
	PolicyDoc p = { .file = in->file, .doc = in->root };
	VEC_PUSH(ir->arena, ir->policies, p);
}

/*
 * Helm values: the cluster identity (settings.clusterName, v0.x
 * settings.aws.clusterName) and the release the cluster runs, from the
 * controller image tag (controller.image.tag in every release's values.yaml
 * of the reference; the chart's own default is the chart's version, so only
 * a tag written here pins anything).
 */
static void
load_helm_values(IR *ir, Input *in)
{
	const Value *m = first_map(in);
	SVal ver = sval_karpenter_tag(ir, v_path(m, "controller.image.tag"), 0, "controller.image.tag");
	ir_set_sval(ir, &ir->cluster.karpenter_version, &ver, "the Karpenter version");
	const Value *name = v_path(m, "settings.clusterName");
	if (!name)
		name = v_path(m, "settings.aws.clusterName");
	if (name && name->kind == V_STR && name->len == 0)
		return;
	SVal s = sval_of(ir, name, "settings.clusterName");
	ir_set_sval(ir, &ir->cluster.name, &s, "cluster name");
}

typedef struct DialectDef {
	Dialect dialect;
	unsigned syntax;                  /* SYN_* bits it can be written in */
	const char *what;                 /* for `ir`, REPORT.md and KG104 */
	bool (*match)(const Input *in);
	void (*load)(IR *ir, Input *in);
} DialectDef;

/* Order matters: the first recogniser that accepts an input wins. */
static const DialectDef dialects[] = {
	{ D_HCL_TF, SYN_HCL, "Terraform configuration", is_hcl_config, load_hcl_input },
	{ D_HCL_TFVARS, SYN_HCL, "Terraform variable values", is_hcl_vars, load_hcl_input },
	{ D_IAM_JSON, SYN_JSON, "IAM policy document", is_iam_policy, load_iam_policy },
	{ D_AWS_JSON, SYN_JSON, "AWS CLI output", is_aws_cli, load_aws_json },
	{ D_AWS_JSON, SYN_JSON, "CloudFormation template", is_cfn_template, load_aws_json },
	{ D_EKSCTL, SYN_YAML | SYN_JSON, "eksctl ClusterConfig", is_eksctl, load_eksctl },
	{ D_K8S_YAML, SYN_YAML | SYN_JSON, "Kubernetes manifests", is_k8s, load_k8s_docs },
	{ D_HELM_VALUES, SYN_YAML, "Helm values", is_helm_values, load_helm_values },
};
enum { NDIALECTS = sizeof dialects / sizeof *dialects };

static const char expected_inputs[] =
    "expected Terraform (.tf, .tfvars: Domino EKS module, terraform-aws-modules/eks, EKS Blueprints), "
    "AWS CLI JSON (describe-nodegroup, describe-cluster, describe-auto-scaling-groups, "
    "describe-launch-template-versions, describe-subnets), an IAM policy, an eksctl ClusterConfig, "
    "Kubernetes manifests or Helm values";

/* --------------------------------------------------------------- sniffing */

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

static Syntax
syntax_by_name(const char *name)
{
	static const struct { const char *ext; Syntax syn; } exts[] = {
		{ ".tf", SYN_HCL }, { ".tfvars", SYN_HCL }, { ".hcl", SYN_HCL }, { ".tftpl", SYN_HCL },
		{ ".tfvars.example", SYN_HCL }, { ".json", SYN_JSON }, { ".yaml", SYN_YAML },
		{ ".yml", SYN_YAML },
	};
	for (size_t i = 0; i < sizeof exts / sizeof *exts; i++)
		if (ends_with(name, exts[i].ext))
			return exts[i].syn;
	return SYN_NONE;
}

/*
 * A directory walk (lint DIR) takes the files whose extension names a syntax
 * karpgen reads; their content then decides, as for a file given by name.
 */
bool
load_input_name(const char *name)
{
	return syntax_by_name(name) != SYN_NONE;
}

static bool
ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '_' || c == '-' || c == '.';
}

/*
 * The syntax from the first significant bytes.  `*at` is set to their offset
 * so that a refusal points at what was seen.
 */
static Syntax
sniff(const SrcFile *f, size_t *at)
{
	const char *s = f->text, *end = f->text + f->len, *p = s;
	if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	for (;;) {
		while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
			p++;
		if (p < end && (*p == '#' || (*p == '/' && p + 1 < end && p[1] == '/'))) {
			while (p < end && *p != '\n')
				p++;
		} else if (p + 1 < end && p[0] == '/' && p[1] == '*') {
			const char *e = memmem(p + 2, (size_t)(end - p - 2), "*/", 2);
			p = e ? e + 2 : end;
		} else {
			break;
		}
	}
	*at = (size_t)(p - s);
	if (p == end)
		return syntax_by_name(f->name);
	if (*p == '{' || *p == '[')
		return SYN_JSON;
	if ((end - p >= 3 && memcmp(p, "---", 3) == 0) || (end - p >= 5 && memcmp(p, "%YAML", 5) == 0))
		return SYN_YAML;
	if (*p == '-' && (p + 1 == end || p[1] == ' ' || p[1] == '\n' || p[1] == '\r'))
		return SYN_YAML;
	const char *q = p;
	if (*q == '"') {
		for (q++; q < end && *q != '"' && *q != '\n'; q++)
			if (*q == '\\')
				q++;
		q++;
	} else {
		while (q < end && ident_char(*q))
			q++;
		if (q == p)
			return SYN_NONE;
	}
	while (q < end && (*q == ' ' || *q == '\t'))
		q++;
	if (q >= end)
		return SYN_NONE;
	if ((*q == '=' && (q + 1 == end || q[1] != '=')) || *q == '{' || (*q == '"' && *p != '"'))
		return SYN_HCL;
	if (*q == ':')
		return SYN_YAML;
	/* `terraform {` after a label, `locals{` ... */
	if (ident_char(*q) && syntax_by_name(f->name) == SYN_HCL)
		return SYN_HCL;
	return SYN_NONE;
}

/* --------------------------------------------------------------- loading */

static bool
check_encoding(const SrcFile *f)
{
	const char *nul = memchr(f->text, '\0', f->len);
	size_t bad;
	if (nul) {
		Loc l = loc_at(f, (size_t)(nul - f->text), (size_t)(nul - f->text) + 1);
		diag(KG103, &l, "'%s' holds a NUL byte", f->name);
		return false;
	}
	if (!utf8_valid(f->text, f->len, &bad)) {
		Loc l = loc_at(f, bad, bad + 1);
		diag(KG103, &l, "'%s' is not valid UTF-8", f->name);
		return false;
	}
	return true;
}

static void
refuse(const Loc *loc, const char *name, const char *why)
{
	Diag *d = diag(KG104, loc, "'%s' is not an input karpgen recognises%s%s", name,
	    why ? ": " : "", why ? why : "");
	diag_note(d, NULL, "%s", expected_inputs);
}

bool
load_unrelated_template(const SrcFile *f)
{
	if (!memmem(f->text, f->len, "{{", 2) || memmem(f->text, f->len, "karpenter", 9))
		return false;
	Loc at = { .file = f };
	Diag *d = diag_sev(KG104, SEV_NOTE, &at, "'%s' is a template ({{ }}) without Karpenter objects: skipped",
	    f->name);
	diag_note(d, NULL, "render it (helm template) and check the output to have it checked");
	return true;
}

static bool
parse_input(IR *ir, Input *in, Syntax syn)
{
	Arena *a = ir->arena;
	const SrcFile *f = in->file;
	switch (syn) {
	case SYN_HCL:
		in->syntax = "hcl";
		in->root = hcl_parse(a, f);
		return in->root != NULL;
	case SYN_JSON: {
		in->syntax = "json";
		int count = 1;
		in->root = json_load(a, f, &count);
		if (!in->root)
			return false;
		/* every JSON value is also a "document", so that manifest front-ends read JSON and YAML alike */
		if (count > 1 && in->root->kind == V_LIST) {
			in->docs = in->root->items;
			in->ndocs = in->root->n;
		} else {
			in->docs = arena_alloc(a, sizeof *in->docs);
			in->docs[0] = in->root;
			in->ndocs = 1;
		}
		return true;
	}
	case SYN_YAML:
		in->syntax = "yaml";
		in->ndocs = yaml_load(a, f, &in->docs);
		if (in->ndocs < 0) {
			in->ndocs = 0;
			return false;
		}
		in->root = in->ndocs > 0 ? in->docs[0] : NULL;
		return true;
	case SYN_NONE:
		break;
	}
	return false;
}

static void
load_one(IR *ir, SrcFile *f)
{
	Input *in = arena_alloc(ir->arena, sizeof *in);
	in->file = f;
	VEC_PUSH(ir->arena, ir->inputs, in);
	if (!check_encoding(f))
		return;
	size_t at = 0;
	Syntax syn = sniff(f, &at);
	Loc where = loc_at(f, at, at < f->len ? at + 1 : at);
	if (syn == SYN_NONE) {
		refuse(&where, f->name, "it is not HCL, JSON or YAML");
		return;
	}
	if (ir->opt->hook && syn == SYN_YAML && load_unrelated_template(f)) {
		in->skipped = true;
		return;
	}
	int errors = diag_count(SEV_ERROR);
	if (!parse_input(ir, in, syn)) {
		if (diag_count(SEV_ERROR) == errors)
			refuse(&where, f->name, "no parser for this syntax in this build");
		return;
	}
	/* what parsed is still read, but an input with syntax errors gets no KG104/KG105 on top */
	in->refused = diag_count(SEV_ERROR) > errors;
	for (int i = 0; i < NDIALECTS; i++) {
		const DialectDef *d = &dialects[i];
		if (!(d->syntax & syn) || !d->match(in))
			continue;
		in->dialect = d->dialect;
		in->what = d->what;
		if (!d->load) {
			Diag *g = diag(KG104, &where, "'%s' is %s, which this build cannot read yet",
			    f->name, d->what);
			diag_note(g, NULL, "%s", expected_inputs);
			in->refused = true;
			return;
		}
		d->load(ir, in);
		return;
	}
	Loc at_root = in->root ? in->root->loc : where;
	if (!at_root.file)
		at_root = where;
	in->skipped = true;
	refuse(&at_root, f->name, syn == SYN_JSON ? "JSON of an unknown shape" :
	    syn == SYN_YAML ? "YAML of an unknown shape" : "HCL of an unknown shape");
}

/* ----------------------------------------------- what an input contributed */

static bool
loc_in(const Loc *l, const SrcFile *f)
{
	return l->file == f;
}

static bool
cluster_from(const Cluster *c, const SrcFile *f)
{
	const SVal *s[] = {
		&c->name, &c->region, &c->partition, &c->account_id, &c->k8s_version, &c->deploy_id,
		&c->endpoint, &c->vpc_id, &c->cluster_sg, &c->oidc_issuer,
	};
	/* not karpenter_version, _namespace, _release: a file with only the chart's helm_release (or its
	 * manifests) still holds nothing to migrate (KG105) */
	for (size_t i = 0; i < sizeof s / sizeof *s; i++)
		if (s[i]->set && loc_in(&s[i]->loc, f))
			return true;
	if ((c->zones.set && loc_in(&c->zones.loc, f)) ||
	    (c->karpenter_enabled.set && loc_in(&c->karpenter_enabled.loc, f)) ||
	    (c->security_groups.set && loc_in(&c->security_groups.loc, f)))
		return true;
	for (int i = 0; i < c->zone_map.n; i++)
		if (loc_in(&c->zone_map.v[i].name.loc, f) || loc_in(&c->zone_map.v[i].id.loc, f))
			return true;
	for (int i = 0; i < c->subnets.n; i++)
		if (loc_in(&c->subnets.v[i].id.loc, f))
			return true;
	return false;
}

static bool
contributed(const IR *ir, const Input *in)
{
	/* the front-end names what it understood only when it took something from the input */
	if (in->flavour)
		return true;
	/* Helm values feed KG504 (the controller's placement) and the pinned release even when they add nothing else */
	if (in->dialect == D_HELM_VALUES) {
		const Value *m = first_map(in);
		if (v_get(m, "affinity") || v_get(m, "nodeSelector") || v_get(m, "tolerations") ||
		    v_path(m, "settings.clusterName") || v_path(m, "controller.image.tag"))
			return true;
	}
	for (int i = 0; i < ir->groups.n; i++)
		if (ir->groups.v[i]->loc.file == in->file || ir->groups.v[i]->name.loc.file == in->file)
			return true;
	for (int i = 0; i < ir->merged_from.n; i++)
		if (ir->merged_from.v[i] == in->file)
			return true;
	for (int i = 0; i < ir->objects.n; i++)
		if (ir->objects.v[i]->file == in->file)
			return true;
	for (int i = 0; i < ir->policies.n; i++)
		if (ir->policies.v[i].file == in->file)
			return true;
	if (in->dialect == D_AWS_JSON && aws_input_used(ir, in->file))
		return true;
	return cluster_from(&ir->cluster, in->file);
}

/* Commands that compile node groups need each input to say something. */
static bool
needs_groups(const Options *o)
{
	static const char *const cmds[] = { "compile", "lint", "ir" };
	for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++)
		if (o->command && strcmp(o->command, cmds[i]) == 0)
			return true;
	return false;
}

static void
apply_option(SVal *slot, const char *value)
{
	if (value)
		*slot = sval_lit(value, NULL, ORIGIN_OPTION);
}

/* o->inputs are read from disk unless `files` (n of them) are given already read. */
static IR *
load_all(Arena *a, const Options *o, SrcFile *const *files, int n)
{
	IR *ir = arena_alloc(a, sizeof *ir);
	ir->arena = a;
	ir->opt = o;
	for (int i = 0; i < (files ? n : o->ninputs); i++) {
		SrcFile *f = files ? files[i] : src_read(a, o->inputs[i]);
		if (f)
			load_one(ir, f);
	}
	load_hcl_finish(ir);
	ir_link(ir);    /* launch templates, ASGs and subnets to the node groups of any input */

	if (needs_groups(o))
		for (int i = 0; i < ir->inputs.n; i++) {
			const Input *in = ir->inputs.v[i];
			if (in->dialect == D_UNKNOWN || in->refused || contributed(ir, in))
				continue;
			Loc l = { .file = in->file, .line = 1, .col = 1 };
			Diag *d = diag(KG105, &l, "'%s' holds no node groups or Karpenter objects",
			    in->file->name);
			diag_note(d, NULL, "it was read as %s%s%s%s", in->what,
			    in->flavour ? " (" : "", in->flavour ? in->flavour : "", in->flavour ? ")" : "");
		}

	/* values given on the command line win over every input */
	apply_option(&ir->cluster.name, o->cluster_name);
	apply_option(&ir->cluster.region, o->region);
	apply_option(&ir->cluster.account_id, o->account_id);
	apply_option(&ir->cluster.partition, o->partition);
	apply_option(&ir->cluster.k8s_version, o->kubernetes_version);
	return ir;
}

IR *
ir_load(Arena *a, const Options *o)
{
	return load_all(a, o, NULL, 0);
}

IR *
ir_load_files(Arena *a, const Options *o, SrcFile *const *files, int n)
{
	return load_all(a, o, files, n);
}
