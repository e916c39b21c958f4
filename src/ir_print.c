/*
 * ir_print.c - the canonical text of `karpgen ir` (docs/ir.md).
 *
 * One value a line, `field = value  @ origin`, in a fixed field order; node
 * groups sorted by name then position, labels and tags by key, taints by
 * key, effect and value.  The same IR always prints the same bytes, so the
 * text serves golden tests as well as users.
 */
#include "karpgen.h"

#include <stdlib.h>
#include <string.h>

/* The dialect as `ir` names it: "hcl-tfvars", "aws-json" ... */
static const char *
dialect_name(Dialect d)
{
	static const char *const names[] = {
		[D_UNKNOWN] = "unknown", [D_HCL_TFVARS] = "hcl-tfvars", [D_HCL_TF] = "hcl-tf",
		[D_AWS_JSON] = "aws-json", [D_EKSCTL] = "eksctl", [D_K8S_YAML] = "k8s",
		[D_IAM_JSON] = "iam-json", [D_HELM_VALUES] = "helm-values",
	};
	return (unsigned)d < sizeof names / sizeof *names && names[d] ? names[d] : "unknown";
}

typedef struct Printer {
	FILE *out;
	const IR *ir;
	const NodeGroup *g;      /* the group being printed: whose defaults */
	const char *from;        /* whose default the field being printed is, over g->defaults_from */
} Printer;

enum { EXPR_MAX = 160 };     /* longer expressions are cut, with "..." */

static void
put_quoted(FILE *out, const char *s, size_t max)
{
	size_t n = 0;
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++, n++) {
		if (n == max) {
			fputs("...", out);
			break;
		}
		switch (*p) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\t': fputs("\\t", out); break;
		case '\r': fputs("\\r", out); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(out, "\\x%02x", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
}

/* Is `f` a variables.tf whose optional() defaults were applied? */
static bool
is_variables_file(const IR *ir, const SrcFile *f)
{
	for (int i = 0; i < ir->inputs.n; i++)
		if (ir->inputs.v[i]->file == f)
			return ir->inputs.v[i]->flavour && strcmp(ir->inputs.v[i]->flavour, "variables") == 0;
	return false;
}

static void
put_loc(FILE *out, const Loc *l)
{
	fprintf(out, "%s:%d:%d", l->file->name, l->line, l->col);
}

static void
put_origin(const Printer *p, Origin o, const Loc *loc)
{
	FILE *out = p->out;
	switch (o) {
	case ORIGIN_NONE:
		break;
	case ORIGIN_INPUT:
		fputs("  @ ", out);
		if (loc->file)
			put_loc(out, loc);
		else
			fputs("input", out);
		break;
	case ORIGIN_DEFAULT:
		fputs("  @ default (", out);
		if (loc->file && is_variables_file(p->ir, loc->file))
			put_loc(out, loc);
		else if (p->from)
			fputs(p->from, out);
		else if (p->g && p->g->defaults_from)
			fputs(p->g->defaults_from, out);
		else
			fputs(p->ir->domino ? "module eks" : "karpgen", out);
		fputc(')', out);
		break;
	case ORIGIN_OPTION:
		fputs("  @ option", out);
		break;
	case ORIGIN_DERIVED:
		fputs("  @ derived", out);
		if (loc->file) {
			fputs(" from ", out);
			put_loc(out, loc);
		}
		break;
	}
}

static void
put_unknown(FILE *out, const char *expr)
{
	fputs("unknown ", out);
	put_quoted(out, expr ? expr : "", EXPR_MAX);
}

static void
sval_text(FILE *out, const SVal *v)
{
	if (v->unknown)
		put_unknown(out, v->expr);
	else
		put_quoted(out, v->s ? v->s : "", (size_t)-1);
}

/* `always`: print "unset" rather than leaving the field out. */
static void
print_sval(const Printer *p, const char *field, const SVal *v, bool always)
{
	if (!v->set && !always)
		return;
	fprintf(p->out, "  %s = ", field);
	if (!v->set)
		fputs("unset", p->out);
	else
		sval_text(p->out, v);
	if (v->set)
		put_origin(p, v->origin, &v->loc);
	fputc('\n', p->out);
}

static void
print_ival(const Printer *p, const char *field, const IVal *v, bool always)
{
	if (!v->set && !always)
		return;
	fprintf(p->out, "  %s = ", field);
	if (!v->set)
		fputs("unset", p->out);
	else if (v->unknown)
		put_unknown(p->out, v->expr);
	else
		fprintf(p->out, "%lld", (long long)v->v);
	if (v->set)
		put_origin(p, v->origin, &v->loc);
	fputc('\n', p->out);
}

static void
print_bval(const Printer *p, const char *field, const BVal *v)
{
	if (!v->set)
		return;
	fprintf(p->out, "  %s = ", field);
	if (v->unknown)
		put_unknown(p->out, v->expr);
	else
		fputs(v->v ? "true" : "false", p->out);
	put_origin(p, v->origin, &v->loc);
	fputc('\n', p->out);
}

static void
print_slist(const Printer *p, const char *field, const SList *v, bool always)
{
	if (!v->set && !always)
		return;
	fprintf(p->out, "  %s = ", field);
	if (!v->set) {
		fputs("unset\n", p->out);
		return;
	}
	if (v->unknown) {
		put_unknown(p->out, v->expr);
	} else {
		fputc('[', p->out);
		for (int i = 0; i < v->n; i++) {
			if (i)
				fputs(", ", p->out);
			sval_text(p->out, &v->v[i]);
		}
		fputc(']', p->out);
	}
	put_origin(p, v->origin, &v->loc);
	fputc('\n', p->out);
	/* elements from elsewhere than the list (a merge, say) say so */
	for (int i = 0; i < v->n; i++)
		if (v->v[i].origin != v->origin || (v->v[i].unknown && v->v[i].loc.file != v->loc.file)) {
			fprintf(p->out, "  %s[%d] = ", field, i);
			sval_text(p->out, &v->v[i]);
			put_origin(p, v->v[i].origin, &v->v[i].loc);
			fputc('\n', p->out);
		}
}

static int
cmp_kv(const void *a, const void *b)
{
	const KV *x = *(const KV *const *)a, *y = *(const KV *const *)b;
	return strcmp(x->key.s ? x->key.s : "", y->key.s ? y->key.s : "");
}

static void
print_kvlist(const Printer *p, const char *field, const KVList *v)
{
	if (!v->set)
		return;
	if (v->unknown) {
		fprintf(p->out, "  %ss = ", field);
		put_unknown(p->out, v->expr);
		put_origin(p, v->origin, &v->loc);
		fputc('\n', p->out);
		return;
	}
	const KV **sorted = malloc((size_t)(v->n ? v->n : 1) * sizeof *sorted);
	if (!sorted)
		fatal_oom();
	for (int i = 0; i < v->n; i++)
		sorted[i] = &v->v[i];
	qsort(sorted, (size_t)v->n, sizeof *sorted, cmp_kv);
	if (v->n == 0) {
		fprintf(p->out, "  %ss = {}", field);
		put_origin(p, v->origin, &v->loc);
		fputc('\n', p->out);
	}
	for (int i = 0; i < v->n; i++) {
		const KV *kv = sorted[i];
		fprintf(p->out, "  %s ", field);
		put_quoted(p->out, kv->key.s ? kv->key.s : "", (size_t)-1);
		fputs(" = ", p->out);
		sval_text(p->out, &kv->value);
		put_origin(p, kv->value.set ? kv->value.origin : kv->key.origin,
		    kv->value.set ? &kv->value.loc : &kv->key.loc);
		fputc('\n', p->out);
	}
	free(sorted);
}

static const char *
str_or_empty(const SVal *v)
{
	return v->set && !v->unknown && v->s ? v->s : v->unknown && v->expr ? v->expr : "";
}

static int
cmp_taint(const void *a, const void *b)
{
	const Taint *x = *(const Taint *const *)a, *y = *(const Taint *const *)b;
	int c = strcmp(str_or_empty(&x->key), str_or_empty(&y->key));
	if (!c)
		c = strcmp(str_or_empty(&x->effect), str_or_empty(&y->effect));
	if (!c)
		c = strcmp(str_or_empty(&x->value), str_or_empty(&y->value));
	return c;
}

static void
print_taints(const Printer *p, const NodeGroup *g)
{
	const Taint **sorted = malloc((size_t)(g->taints.n ? g->taints.n : 1) * sizeof *sorted);
	if (!sorted)
		fatal_oom();
	for (int i = 0; i < g->taints.n; i++)
		sorted[i] = &g->taints.v[i];
	qsort(sorted, (size_t)g->taints.n, sizeof *sorted, cmp_taint);
	for (int i = 0; i < g->taints.n; i++) {
		const Taint *t = sorted[i];
		fputs("  taint ", p->out);
		sval_text(p->out, &t->key);
		fputs(" = ", p->out);
		if (t->value.set)
			sval_text(p->out, &t->value);
		else
			fputs("null", p->out);
		fputs(" : ", p->out);
		if (t->effect.set)
			sval_text(p->out, &t->effect);
		else
			fputs("unset", p->out);
		put_origin(p, t->origin, &t->loc);
		fputc('\n', p->out);
	}
	free(sorted);
}

static const char *
source_name(NGSource s)
{
	static const char *const names[] = {
		[NGS_DOMINO] = "domino", [NGS_TF_EKS_MODULE] = "terraform-aws-modules/eks",
		[NGS_BLUEPRINTS_V4] = "eks-blueprints-v4", [NGS_TF_RESOURCE] = "aws_eks_node_group",
		[NGS_AWS_CLI] = "aws-cli", [NGS_EKSCTL] = "eksctl",
	};
	return (unsigned)s < sizeof names / sizeof *names ? names[s] : "unknown";
}

static const char *
arch_name(Arch a)
{
	static const char *const names[] = { "unknown", "amd64", "arm64", "mixed" };
	return names[a];
}

static const char *
accel_name(Accel a)
{
	static const char *const names[] = { "none", "nvidia", "neuron", "other" };
	return names[a];
}

static void
print_cluster(const Printer *p)
{
	const Cluster *c = &p->ir->cluster;
	fputs("cluster\n", p->out);
	print_sval(p, "name", &c->name, true);
	print_sval(p, "region", &c->region, true);
	print_sval(p, "partition", &c->partition, true);
	print_sval(p, "account_id", &c->account_id, true);
	print_sval(p, "deploy_id", &c->deploy_id, false);
	print_sval(p, "k8s_version", &c->k8s_version, false);
	print_sval(p, "endpoint", &c->endpoint, false);
	print_sval(p, "vpc_id", &c->vpc_id, false);
	print_sval(p, "cluster_sg", &c->cluster_sg, false);
	print_sval(p, "oidc_issuer", &c->oidc_issuer, false);
	print_slist(p, "zones", &c->zones, false);
	for (int i = 0; i < c->zone_map.n; i++) {
		const Zone *z = &c->zone_map.v[i];
		fputs("  zone ", p->out);
		sval_text(p->out, &z->name);
		fputs(" = ", p->out);
		sval_text(p->out, &z->id);
		put_origin(p, z->id.origin, &z->id.loc);
		fputc('\n', p->out);
	}
	for (int i = 0; i < c->subnets.n; i++) {
		const Subnet *s = &c->subnets.v[i];
		fputs("  subnet ", p->out);
		sval_text(p->out, &s->id);
		if (s->zone_name.set) {
			fputs(" zone ", p->out);
			sval_text(p->out, &s->zone_name);
		}
		if (s->zone_id.set) {
			fputs(" zone_id ", p->out);
			sval_text(p->out, &s->zone_id);
		}
		if (s->cluster_subnet)
			fputs(" cluster", p->out);
		put_origin(p, s->id.origin, &s->id.loc);
		fputc('\n', p->out);
		if (s->tags.set && s->tags.n) {
			char *field = malloc(strlen(s->id.s ? s->id.s : "") + 16);
			if (!field)
				fatal_oom();
			sprintf(field, "subnet_tag %s", s->id.s ? s->id.s : "");
			print_kvlist(p, field, &s->tags);
			free(field);
		}
	}
	print_slist(p, "security_groups", &c->security_groups, false);
	print_bval(p, "karpenter_enabled", &c->karpenter_enabled);
	print_sval(p, "karpenter_version", &c->karpenter_version, false);
	print_sval(p, "karpenter_namespace", &c->karpenter_namespace, false);
	print_sval(p, "karpenter_release", &c->karpenter_release, false);
	print_bval(p, "karpenter_service_account", &c->karpenter_service_account);
	print_bval(p, "karpenter_interruption_queue", &c->karpenter_interruption_queue);
	print_sval(p, "karpenter_instance_profile", &c->karpenter_instance_profile, false);
	print_kvlist(p, "tag", &c->tags);
	print_kvlist(p, "node_tag", &c->node_tags);
}

static void
print_group(Printer *p, const NodeGroup *g)
{
	FILE *out = p->out;
	p->g = g;
	fputs("\nnodegroup ", out);
	sval_text(out, &g->name);
	if (g->loc.file) {
		fputs("  @ ", out);
		put_loc(out, &g->loc);
	}
	fputc('\n', out);
	print_sval(p, "key", &g->key, false);
	fprintf(out, "  source = %s %s", source_name(g->source), g->kind ? g->kind : "");
	if (g->scope && *g->scope)
		fprintf(out, " in %s", g->scope);
	fputc('\n', out);
	fprintf(out, "  role = %s", g->role == ROLE_KARPENTER_HOME ? "karpenter-home" : "migrate");
	if (g->role_why)
		fprintf(out, " (%s)", g->role_why);
	fputc('\n', out);
	if (g->self_managed)
		fputs("  self_managed = true\n", out);
	print_bval(p, "single_nodegroup", &g->single_nodegroup);
	if (g->per_az) {
		fputs("  per_az = true", out);
		if (g->zones.set && !g->zones.unknown && g->zones.n > 0)
			fprintf(out, "  (the module creates %d node group%s, one per zone, each with the sizes below)",
			    g->zones.n, g->zones.n == 1 ? "" : "s");
		fputc('\n', out);
	}
	print_slist(p, "zones", &g->zones, true);
	SList ids = ng_zones_as(p->ir, g, true), names = ng_zones_as(p->ir, g, false);
	print_slist(p, "zone_ids", &ids, false);
	print_slist(p, "zone_names", &names, false);
	print_slist(p, "subnet_ids", &g->subnet_ids, false);
	p->from = g->eks_default_type ? "the EKS API: no instance type was written" : NULL;
	print_slist(p, "instance_types", &g->instance_types, true);
	p->from = NULL;
	print_sval(p, "capacity_type", &g->capacity_type, true);
	print_sval(p, "ami_type", &g->ami_type, true);
	print_sval(p, "ami_id", &g->ami_id, false);
	print_sval(p, "ami_family", &g->ami_family, false);
	print_sval(p, "user_data_type", &g->user_data_type, false);
	print_sval(p, "release_version", &g->release_version, false);
	print_ival(p, "min_size", &g->min_size, true);
	print_ival(p, "max_size", &g->max_size, true);
	print_ival(p, "desired_size", &g->desired_size, true);
	print_ival(p, "max_pods", &g->max_pods, false);
	print_ival(p, "max_lifetime", &g->max_lifetime, false);
	print_sval(p, "root_device", &g->root_device, false);
	print_ival(p, "volume_size", &g->volume_size, false);
	print_sval(p, "volume_type", &g->volume_type, false);
	print_ival(p, "volume_iops", &g->volume_iops, false);
	print_ival(p, "volume_throughput", &g->volume_throughput, false);
	print_bval(p, "volume_encrypted", &g->volume_encrypted);
	print_sval(p, "volume_kms_key", &g->volume_kms_key, false);
	print_sval(p, "volume_snapshot", &g->volume_snapshot, false);
	print_bval(p, "volume_delete", &g->volume_delete);
	for (int i = 0; i < g->volumes.n; i++) {
		const Volume *v = &g->volumes.v[i];
		char f[64];
		const char *dev = v->device.s ? v->device.s : "?";
		snprintf(f, sizeof f, "volume[%.40s].size", dev);
		print_ival(p, f, &v->size, false);
		snprintf(f, sizeof f, "volume[%.40s].type", dev);
		print_sval(p, f, &v->type, false);
		snprintf(f, sizeof f, "volume[%.40s].iops", dev);
		print_ival(p, f, &v->iops, false);
		snprintf(f, sizeof f, "volume[%.40s].throughput", dev);
		print_ival(p, f, &v->throughput, false);
		snprintf(f, sizeof f, "volume[%.40s].encrypted", dev);
		print_bval(p, f, &v->encrypted);
		snprintf(f, sizeof f, "volume[%.40s].kms_key", dev);
		print_sval(p, f, &v->kms_key, false);
		snprintf(f, sizeof f, "volume[%.40s].snapshot", dev);
		print_sval(p, f, &v->snapshot, false);
	}
	print_bval(p, "instance_store_raid0", &g->instance_store_raid0);
	print_bval(p, "detailed_monitoring", &g->detailed_monitoring);
	print_bval(p, "public_ip", &g->public_ip);
	print_bval(p, "cluster_primary_sg", &g->cluster_primary_sg);
	print_slist(p, "capacity_reservations", &g->cr_ids, false);
	print_bval(p, "capacity_reservations_only", &g->cr_only);
	print_sval(p, "placement_group_name", &g->pg_name, false);
	print_sval(p, "placement_group_id", &g->pg_id, false);
	print_ival(p, "placement_group_partition", &g->pg_partition, false);
	print_sval(p, "tenancy", &g->tenancy, false);
	print_bval(p, "efa", &g->efa);
	print_bval(p, "efa_only", &g->efa_only);
	print_bval(p, "network_interfaces_custom", &g->netif_custom);
	for (int i = 0; i < g->netifs.n; i++) {
		const NetIf *n = &g->netifs.v[i];
		fprintf(out, "  network_interface card %lld device %lld %s  @ %s:%d:%d\n", (long long)n->card,
		    (long long)n->device, n->type, n->loc.file ? n->loc.file->name : "-", n->loc.line, n->loc.col);
	}
	print_slist(p, "pre_bootstrap", &g->pre_bootstrap, false);
	print_slist(p, "nodeadm", &g->nodeadm, false);
	print_slist(p, "bottlerocket_toml", &g->bottlerocket_toml, false);
	print_slist(p, "node_policies", &g->node_policies, false);
	for (int i = 0; i < g->not_carried.n; i++) {
		const Loc *l = &g->not_carried.v[i].loc;
		fprintf(out, "  not_carried %s  @ %s:%d:%d%s\n", g->not_carried.v[i].setting,
		    l->file ? l->file->name : "-", l->line, l->col,
		    g->not_carried.v[i].origin == ORIGIN_DEFAULT ? " (default)" : "");
	}
	print_bval(p, "gpu", &g->gpu);
	print_bval(p, "neuron", &g->neuron);
	print_kvlist(p, "label", &g->labels);
	print_taints(p, g);
	print_kvlist(p, "tag", &g->tags);
	print_sval(p, "name_tag", &g->name_tag, false);
	print_sval(p, "asg_name", &g->asg_name, false);
	print_sval(p, "nodegroup_arn", &g->nodegroup_arn, false);
	print_sval(p, "launch_template", &g->launch_template, false);
	print_sval(p, "launch_template_name", &g->launch_template_name, false);
	print_sval(p, "launch_template_version", &g->launch_template_version, false);
	print_sval(p, "node_role", &g->node_role, false);
	print_sval(p, "role_boundary", &g->role_boundary, false);
	print_slist(p, "security_groups", &g->security_groups, false);
	print_sval(p, "user_data", &g->user_data, false);
	print_sval(p, "outpost_arn", &g->outpost_arn, false);
	print_sval(p, "metadata_http_tokens", &g->metadata_http_tokens, false);
	print_sval(p, "metadata_http_endpoint", &g->metadata_http_endpoint, false);
	print_sval(p, "metadata_http_ipv6", &g->metadata_http_ipv6, false);
	print_ival(p, "metadata_hop_limit", &g->metadata_hop_limit, false);
	for (int i = 0; i < g->type_weights.n && i < g->instance_types.n; i++) {
		char field[96];
		snprintf(field, sizeof field, "type_weight[%.64s]", g->instance_types.v[i].s ? g->instance_types.v[i].s : "?");
		print_ival(p, field, &g->type_weights.v[i], false);
	}
	print_ival(p, "on_demand_base", &g->on_demand_base, false);
	print_ival(p, "on_demand_percent", &g->on_demand_percent, false);
	print_bval(p, "private_networking", &g->private_networking);
	/* resolved from the catalogue */
	fprintf(out, "  arch = %s\n", arch_name(g->arch));
	fprintf(out, "  accelerator = %s\n", accel_name(g->accel));
	if (g->max_vcpu)
		fprintf(out, "  max_vcpu = %lld\n", (long long)g->max_vcpu);
	if (g->max_memory_mib)
		fprintf(out, "  max_memory_mib = %lld\n", (long long)g->max_memory_mib);
	if (g->min_memory_mib)
		fprintf(out, "  min_memory_mib = %lld\n", (long long)g->min_memory_mib);
	p->g = NULL;
}

static int
cmp_loc(const Loc *a, const Loc *b)
{
	int fa = a->file ? a->file->index : -1, fb = b->file ? b->file->index : -1;
	if (fa != fb)
		return fa < fb ? -1 : 1;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return a->col < b->col ? -1 : a->col > b->col;
}

static int
cmp_group(const void *a, const void *b)
{
	const NodeGroup *x = *(const NodeGroup *const *)a, *y = *(const NodeGroup *const *)b;
	int c = strcmp(str_or_empty(&x->name), str_or_empty(&y->name));
	if (c)
		return c;
	c = strcmp(x->scope ? x->scope : "", y->scope ? y->scope : "");
	return c ? c : cmp_loc(&x->loc, &y->loc);
}

void
ir_print(FILE *out, const IR *ir)
{
	Printer p = { .out = out, .ir = ir };
	fputs("# karpgen ir 1: field = value  @ origin\n", out);
	for (int i = 0; i < ir->inputs.n; i++) {
		const Input *in = ir->inputs.v[i];
		fputs("input ", out);
		put_quoted(out, in->file->name, (size_t)-1);
		fprintf(out, " %s", dialect_name(in->dialect));
		if (in->what)
			fprintf(out, " (%s%s%s)", in->what, in->flavour ? ": " : "", in->flavour ? in->flavour : "");
		fputc('\n', out);
	}
	fputc('\n', out);
	print_cluster(&p);

	const NodeGroup **groups = malloc((size_t)(ir->groups.n ? ir->groups.n : 1) * sizeof *groups);
	if (!groups)
		fatal_oom();
	for (int i = 0; i < ir->groups.n; i++)
		groups[i] = ir->groups.v[i];
	qsort(groups, (size_t)ir->groups.n, sizeof *groups, cmp_group);
	for (int i = 0; i < ir->groups.n; i++)
		print_group(&p, groups[i]);
	free(groups);

	const NodeGroup *home = ir_home(ir);
	if (home) {
		fputs("\nkarpenter_home = ", out);
		sval_text(out, &home->name);
		fputc('\n', out);
	}
	if (ir->objects.n)
		fputc('\n', out);
	for (int i = 0; i < ir->objects.n; i++) {
		const KObject *o = ir->objects.v[i];
		fprintf(out, "object %s/%s ", o->api_version ? o->api_version : "?", o->kind ? o->kind : "?");
		put_quoted(out, o->name ? o->name : "", (size_t)-1);
		if (o->loc.file) {
			fputs("  @ ", out);
			put_loc(out, &o->loc);
		}
		fputc('\n', out);
	}
	for (int i = 0; i < ir->policies.n; i++) {
		fputs("policy  @ ", out);
		fputs(ir->policies.v[i].file->name, out);
		fputc('\n', out);
	}
}
