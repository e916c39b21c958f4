/*
 * load_tf.c - the Terraform front-ends' driver: Domino EKS module tfvars,
 * terraform-aws-modules/eks and EKS Blueprints (.tf and .tfvars),
 * `resource "aws_eks_node_group"`, and `variable` blocks whose
 * optional(T, default) defaults apply to the tfvars values; the Karpenter
 * manifests of `kubectl_manifest` heredocs in a .tf (tf_manifests).
 *
 * Inputs are only collected while they are read (load_hcl_input): variable
 * values from .tfvars (and terragrunt `inputs`), variable declarations and
 * locals from .tf, and the .tf files themselves.  Node groups are built once
 * every input is in (load_hcl_finish), because a variables.tf given after a
 * tfvars still supplies its defaults and a `var.x` in a module call is
 * answered by any tfvars on the command line.
 *
 * The front-ends themselves are load_domino.c and load_tfeks.c, over the
 * evaluator of tf_eval.c; this file collects the inputs, sends each module
 * call to its front-end and reads the Kubernetes manifests of
 * `kubectl_manifest` heredocs.
 *
 * Keys a front-end understands are tables of (key, kind, field or setter).
 * Nothing that is not a literal is guessed: an expression stays unknown,
 * with its text and place; `var.NAME` and `local.NAME` are followed only to
 * a value some input writes.
 */
#include "karpgen.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- collecting */

static void
add_def(IR *ir, Input *in, const Member *m, const char *scope)
{
	TfDef d = { .name = m->key, .m = m, .in = in, .scope = scope };
	VEC_PUSH(ir->arena, tf_state(ir)->defs, d);
}

static void
collect_variable(IR *ir, Input *in, const char *labels, const Value *body, void *arg)
{
	(void)arg;
	TfDecl d = { .name = labels, .body = body, .in = in };
	VEC_PUSH(ir->arena, tf_state(ir)->decls, d);
}

static void
collect_locals(IR *ir, Input *in, const char *labels, const Value *body, void *arg)
{
	(void)labels;
	(void)arg;
	for (int i = 0; i < body->n; i++) {
		TfLocal l = { .m = &body->members[i], .in = in };
		VEC_PUSH(ir->arena, tf_state(ir)->locals, l);
	}
}

void
load_hcl_input(IR *ir, Input *in)
{
	TfState *st = tf_state(ir);
	const Value *root = in->root;
	if (in->dialect == D_HCL_TFVARS) {
		VEC_PUSH(ir->arena, st->varfiles, in);
		for (int i = 0; i < root->n; i++) {
			tf_check_placeholders(ir->arena, root->members[i].val, 0);
			add_def(ir, in, &root->members[i], "");
		}
		return;
	}
	VEC_PUSH(ir->arena, st->configs, in);
	tf_each_block(ir, in, "variable", collect_variable, NULL);
	tf_each_block(ir, in, "locals", collect_locals, NULL);
	/* terragrunt: `inputs = {...}` are the module's variable values */
	const Value *inputs = v_get(root, "inputs");
	if (inputs && inputs->kind == V_MAP && !(inputs->flags & VF_BLOCK)) {
		for (int i = 0; i < inputs->n; i++)
			add_def(ir, in, &inputs->members[i], "inputs");
	}
}


/* ------------------------------------------------------------ .tf inputs */

static void
module_call(IR *ir, Input *in, const char *label, const Value *body, void *arg)
{
	(void)arg;
	if (domino_module_call(ir, in, label, body))
		return;
	if (tfeks_submodule_call(ir, in, label, body))
		return;
	tfeks_module_call(ir, in, label, body);
}


/* ------------------------------------------- manifests in kubectl_manifest */

/*
 * resource "kubectl_manifest" "x" { yaml_body = <<-YAML ... YAML }: the
 * Kubernetes objects a configuration applies (the Karpenter examples of
 * terraform-aws-modules/eks and the Karpenter blueprints do it so).  The
 * heredocs' lines are read as YAML where they stand: every other line of the
 * .tf is blanked and the line that closes each heredoc becomes "---", so
 * every value keeps its line and column in the .tf, and one copy of the file
 * serves all of its heredocs.  Each ${...} is first replaced by "${___}" of
 * as many characters (an interpolation may hold ": " or quotes, which would
 * break the YAML), and a scalar that held one becomes V_UNKNOWN with the
 * .tf's text: Terraform renders it, karpgen cannot, and nothing is checked
 * against it.
 */
typedef struct Heredoc {
	int first, last;          /* the content's lines, 1-based */
} Heredoc;

typedef struct Manifests {
	VEC(Heredoc) docs;
} Manifests;

/* Names that say a manifest karpgen cannot read is probably Karpenter's: worth a note. */
static bool
karpenter_like(const char *s)
{
	static const char *const words[] = { "karpenter", "nodepool", "node_pool", "provisioner", "nodeclass",
		"node_class", "node_template", "nodetemplate" };
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (strcasestr(s, words[i]))
			return true;
	return false;
}

/*
 * Where ${ at t[i] ends (just past its '}'), braces nesting and quoted
 * strings skipped; 0 when it does not end before `to`.
 */
static size_t
interpolation_end(const char *t, size_t i, size_t to)
{
	int depth = 1;
	bool quoted = false;
	for (size_t j = i + 2; j < to; j++) {
		if (quoted && t[j] == '\\')
			j++;
		else if (t[j] == '"')
			quoted = !quoted;
		else if (!quoted && t[j] == '{')
			depth++;
		else if (!quoted && t[j] == '}' && --depth == 0)
			return j + 1;
	}
	return 0;
}

/* A %{ } directive (not %%{) or an unclosed ${ in t[from, to): not YAML karpgen can know. */
static bool
heredoc_unknowable(const char *t, size_t from, size_t to)
{
	for (size_t i = from; i + 1 < to; i++) {
		if ((t[i] == '$' || t[i] == '%') && t[i + 1] == t[i]) {
			i++;
			continue;
		}
		if (t[i] == '%' && t[i + 1] == '{')
			return true;
		if (t[i] == '$' && t[i + 1] == '{') {
			size_t e = interpolation_end(t, i, to);
			if (!e)
				return true;
			i = e - 1;
		}
	}
	return false;
}

static void
manifest_resource(IR *ir, Input *in, const char *labels, const Value *body, void *arg)
{
	Manifests *acc = arg;
	const SrcFile *f = in->file;
	if (strncmp(labels, "kubectl_manifest.", 17) != 0)
		return;
	const Value *y = v_get(body, "yaml_body");
	if (!y)
		return;
	const Value *fe = v_get(body, "for_each") ? v_get(body, "for_each") : v_get(body, "count");
	/* a heredoc by its source: the Value of a template holds its rendering */
	size_t n;
	const char *line = src_line(f, y->loc.line, &n);
	bool heredoc = line && y->loc.col >= 1 && (size_t)y->loc.col + 1 <= n &&
	    strncmp(line + y->loc.col - 1, "<<", 2) == 0 && y->loc.end_line > y->loc.line + 1 &&
	    y->loc.end_line <= f->nlines;
	const char *why = fe ? "one per for_each or count item" : !heredoc ? "an expression" : NULL;
	if (!why) {
		size_t from = src_line_start(f, y->loc.line), to = src_line_start(f, y->loc.end_line - 1);
		if (heredoc_unknowable(f->text, from, to))
			why = "a template with directives";
	}
	if (why) {
		if (y->kind != V_STR && (karpenter_like(labels) || (y->s && karpenter_like(y->s)))) {
			Diag *d = diag(KG109, fe ? &fe->loc : &y->loc, "the manifest of '%s' is %s, which karpgen "
			    "cannot read offline", labels, why);
			diag_note(d, NULL, "give the rendered manifests as inputs");
		}
		return;
	}
	Heredoc h = { y->loc.line + 1, y->loc.end_line - 1 };
	VEC_PUSH(ir->arena, acc->docs, h);
}

static int
cmp_heredoc(const void *pa, const void *pb)
{
	const Heredoc *a = pa, *b = pb;
	return (a->first > b->first) - (a->first < b->first);
}

/*
 * The .tf text with only the heredocs' lines kept, their interpolations
 * hidden, and "---" on the line after each: one YAML stream, positions as in
 * the .tf.
 */
static char *
heredoc_stream(IR *ir, const SrcFile *f, const Heredoc *h, int nh, size_t *len)
{
	char *out = arena_alloc(ir->arena, f->len + 1);
	const char *t = f->text;
	size_t n = 0, i = 0;
	for (int k = 0; k < nh; k++) {
		size_t from = src_line_start(f, h[k].first - 1);
		size_t to = h[k].last < f->nlines ? src_line_start(f, h[k].last) : f->len;
		if (from < i)
			continue;   /* overlapping: not two heredocs */
		for (; i < from; i++)
			out[n++] = t[i] == '\n' ? '\n' : ' ';
		while (i < to) {
			if (t[i] == '$' && i + 1 < to && t[i + 1] == '$') {
				out[n++] = t[i++];
				out[n++] = t[i++];
				continue;
			}
			if (t[i] != '$' || i + 1 >= to || t[i + 1] != '{') {
				out[n++] = t[i++];
				continue;
			}
			size_t e = interpolation_end(t, i, to);
			out[n++] = '$';
			out[n++] = '{';
			for (size_t j = i + 2; j + 1 < e; j++)
				if (t[j] == '\n')
					out[n++] = '\n';
				else if (((unsigned char)t[j] & 0xC0) != 0x80)  /* one per character: columns stay */
					out[n++] = '_';
			out[n++] = '}';
			i = e;
		}
		/* the closing marker's line separates this document from the next */
		if (i < f->len) {
			out[n++] = '-';
			out[n++] = '-';
			out[n++] = '-';
			while (i < f->len && t[i] != '\n')
				i++;
		}
	}
	for (; i < f->len; i++)
		out[n++] = t[i] == '\n' ? '\n' : ' ';
	out[n] = '\0';
	*len = n;
	return out;
}

/* Locations into the .tf itself; scalars that held an interpolation are unknown. */
static void
heredoc_values(IR *ir, const SrcFile *f, Value *v, int depth)
{
	if (!v || depth > LIMIT_DEPTH)
		return;
	v->loc.file = f;
	if (v->kind == V_STR && v->s && memmem(v->s, v->len, "${_", 3)) {
		v->kind = V_UNKNOWN;
		v->flags |= VF_TEMPLATE;
		/* the .tf's text, when the scalar is on one line */
		size_t n;
		const char *line = src_line(f, v->loc.line, &n);
		if (v->loc.end_line == v->loc.line) {
			size_t b = src_col_offset(line, n, v->loc.col), e = src_col_offset(line, n, v->loc.end_col);
			if (e > b) {
				v->s = arena_strndup(ir->arena, line + b, e - b);
				v->len = e - b;
			}
		}
		return;
	}
	if (v->kind == V_LIST)
		for (int i = 0; i < v->n; i++)
			heredoc_values(ir, f, v->items[i], depth + 1);
	if (v->kind == V_MAP)
		for (int i = 0; i < v->n; i++) {
			v->members[i].key_loc.file = f;
			heredoc_values(ir, f, v->members[i].val, depth + 1);
		}
}

/* The objects of every kubectl_manifest heredoc of a .tf, as one file of manifests (load_k8s_docs). */
static void
tf_manifests(IR *ir, Input *in)
{
	Manifests acc = { 0 };
	tf_each_block(ir, in, "resource", manifest_resource, &acc);
	if (!acc.docs.n)
		return;
	qsort(acc.docs.v, (size_t)acc.docs.n, sizeof *acc.docs.v, cmp_heredoc);
	size_t len;
	char *text = heredoc_stream(ir, in->file, acc.docs.v, acc.docs.n, &len);
	SrcFile *yf = src_from_mem(ir->arena, in->file->name, text, len);
	Value **docs = NULL;
	yaml_load(ir->arena, yf, &docs);
	Input objs = { .file = in->file, .dialect = D_K8S_YAML, .syntax = "yaml", .docs = docs };
	for (int k = 0; docs && docs[k]; k++) {
		heredoc_values(ir, in->file, docs[k], 0);
		objs.ndocs++;
	}
	load_k8s_docs(ir, &objs);
}


/* Cluster identity any tfvars may give under the common names. */

/* Cluster identity any tfvars may give under the common names. */
static void
vars_cluster(IR *ir)
{
	static const struct { const char *key; size_t off; const char *what; } keys[] = {
		{ "region", offsetof(Cluster, region), "region" },
		{ "aws_region", offsetof(Cluster, region), "region" },
		{ "cluster_name", offsetof(Cluster, name), "cluster name" },
		{ "cluster_version", offsetof(Cluster, k8s_version), "Kubernetes version" },
		{ "kubernetes_version", offsetof(Cluster, k8s_version), "Kubernetes version" },
		{ "eks_cluster_version", offsetof(Cluster, k8s_version), "Kubernetes version" },
	};
	TfState *st = tf_state(ir);
	for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
		for (int i = 0; i < st->defs.n; i++) {
			const TfDef *d = &st->defs.v[i];
			if (strcmp(d->name, keys[k].key) != 0 || strncmp(d->scope, "module.", 7) == 0 || d->in->flavour == NULL)
				continue;
			SVal s = sval_of(ir, tf_follow(ir, d->m->val), keys[k].key);
			ir_set_sval(ir, (SVal *)(void *)((char *)&ir->cluster + keys[k].off), &s, keys[k].what);
		}
}

static const char tfvars_expected[] =
    "expected the variables of the Domino EKS module (deploy_id, default_node_groups, additional_node_groups, "
    "karpenter_node_groups), of terraform-aws-modules/eks (eks_managed_node_groups, self_managed_node_groups, "
    "node_groups) or of EKS Blueprints v4 (managed_node_groups)";

/*
 * `resource "helm_release"` of the Karpenter chart (`chart = "karpenter"`, or
 * its OCI address): its `version` is the Karpenter release the cluster runs,
 * as Domino's karpenter.version and eksctl's karpenter.version are.
 */
static void
helm_karpenter(IR *ir, Input *in, const char *labels, const Value *body, void *arg)
{
	(void)in;
	(void)arg;
	if (strncmp(labels, "helm_release.", 13) != 0)
		return;
	const Value *chart = tf_get(ir, body, "chart");
	size_t n = chart && chart->kind == V_STR ? strlen(chart->s) : 0;
	if (n < 9 || strcmp(chart->s + n - 9, "karpenter") != 0 || (n > 9 && chart->s[n - 10] != '/'))
		return;
	SVal ver = sval_of(ir, tf_get(ir, body, "version"), "helm_release.version");
	ir_set_sval(ir, &ir->cluster.karpenter_version, &ver, "the Karpenter chart's version");
	/* where it runs: the kit upgrades this release rather than install a second controller */
	SVal name = sval_of(ir, tf_get(ir, body, "name"), "helm_release.name");
	ir_set_sval(ir, &ir->cluster.karpenter_release, &name, "the Karpenter Helm release");
	const Value *nsv = tf_get(ir, body, "namespace");
	SVal ns = sval_of(ir, nsv, "helm_release.namespace");
	if (!nsv && name.set)   /* the helm provider's default namespace */
		ns = (SVal){ .s = "default", .loc = name.loc, .origin = ORIGIN_DEFAULT, .set = true };
	ir_set_sval(ir, &ir->cluster.karpenter_namespace, &ns, "the Karpenter namespace");
}

void
load_hcl_finish(IR *ir)
{
	if (!ir->tf)
		return;
	TfState *st = tf_state(ir);
	for (int i = 0; i < st->configs.n; i++) {
		Input *in = st->configs.v[i];
		tf_each_block(ir, in, "module", module_call, NULL);
		tf_each_block(ir, in, "resource", tfeks_resource, NULL);
		tf_each_block(ir, in, "resource", helm_karpenter, NULL);
		tf_manifests(ir, in);
	}
	tfeks_terragrunt(ir);
	tfeks_locals_groups(ir);
	domino_from_vars(ir);
	tfeks_vars_groups(ir);
	for (int i = 0; i < st->varfiles.n; i++)
		if (!st->varfiles.v[i]->flavour)
			tfeks_cloudposse_group(ir, st->varfiles.v[i]);
	vars_cluster(ir);

	/* a tfvars none of whose variables karpgen knows, and that no .tf input uses */
	for (int i = 0; i < st->varfiles.n; i++) {
		Input *in = st->varfiles.v[i];
		bool used = in->flavour != NULL || in->refused;
		for (int k = 0; k < st->defs.n && !used; k++)
			used = st->defs.v[k].in == in && st->defs.v[k].used;
		if (used) {
			if (!in->flavour)
				in->flavour = "variables of a module in the inputs";
			continue;
		}
		Loc l = in->root && in->root->n ? in->root->members[0].key_loc : (Loc){ .file = in->file, .line = 1, .col = 1 };
		Diag *d = diag(KG104, &l, "'%s' sets no variable of a module karpgen knows", in->file->name);
		diag_note(d, NULL, "%s, or a .tf input that uses its variables", tfvars_expected);
		in->dialect = D_UNKNOWN;
		in->skipped = true;
	}
}
