/*
 * irbuild.h - hand-built IRs for the compile tests (lowering, emitters):
 * every value gets a location in a small fake input so diagnostics have one.
 */
#ifndef IRBUILD_H
#define IRBUILD_H
#include <string.h>

typedef struct TB {
	Arena *a;
	IR *ir;
	Options opt;
	SrcFile *f;
	int line;
} TB;

static inline Loc
tb_loc(TB *t)
{
	Loc l = { .file = t->f, .line = ++t->line, .col = 3 };
	return l;
}

static inline SVal
tb_s(TB *t, const char *s)
{
	SVal v = { .s = s ? arena_strdup(t->a, s) : NULL, .loc = tb_loc(t), .origin = ORIGIN_INPUT, .set = true };
	return v;
}

static inline IVal
tb_i(TB *t, int64_t n)
{
	IVal v = { .v = n, .loc = tb_loc(t), .origin = ORIGIN_INPUT, .set = true };
	return v;
}

/* A NULL-terminated list of strings. */
static inline SList
tb_list(TB *t, const char *first, ...)
{
	SList l = { .loc = tb_loc(t), .origin = ORIGIN_INPUT, .set = true };
	va_list ap;
	va_start(ap, first);
	int n = 0;
	for (const char *s = first; s; s = va_arg(ap, const char *))
		n++;
	va_end(ap);
	l.v = arena_alloc(t->a, (size_t)(n ? n : 1) * sizeof *l.v);
	va_start(ap, first);
	for (const char *s = first; s; s = va_arg(ap, const char *))
		l.v[l.n++] = tb_s(t, s);
	va_end(ap);
	return l;
}

/* key, value pairs, NULL-terminated. */
static inline KVList
tb_kv(TB *t, const char *first, ...)
{
	KVList l = { .loc = tb_loc(t), .origin = ORIGIN_INPUT, .set = true };
	va_list ap;
	va_start(ap, first);
	int n = 0;
	for (const char *s = first; s; s = va_arg(ap, const char *))
		n++;
	va_end(ap);
	l.v = arena_alloc(t->a, (size_t)(n / 2 + 1) * sizeof *l.v);
	va_start(ap, first);
	for (const char *k = first; k; k = va_arg(ap, const char *)) {
		const char *v = va_arg(ap, const char *);
		l.v[l.n].key = tb_s(t, k);
		l.v[l.n].value = tb_s(t, v);
		l.n++;
	}
	va_end(ap);
	return l;
}

static inline void
tb_taint(TB *t, NodeGroup *g, const char *key, const char *value, const char *effect)
{
	Taint x = { .key = tb_s(t, key), .value = tb_s(t, value), .effect = tb_s(t, effect), .loc = tb_loc(t) };
	VEC_PUSH(t->a, g->taints, x);
}

static inline NodeGroup *
tb_group(TB *t, const char *name, const char *type, NGRole role)
{
	NodeGroup *g = arena_alloc(t->a, sizeof *g);
	g->name = tb_s(t, name);
	g->loc = tb_loc(t);
	g->source = NGS_DOMINO;
	g->kind = "additional_node_groups";
	g->role = role;
	if (type)
		g->instance_types = tb_list(t, type, NULL);
	g->capacity_type = tb_s(t, "ON_DEMAND");
	g->ami_type = tb_s(t, "AL2023_x86_64_STANDARD");
	g->min_size = tb_i(t, 0);
	g->max_size = tb_i(t, 10);
	g->desired_size = tb_i(t, 0);
	VEC_PUSH(t->a, t->ir->groups, g);
	if (role == ROLE_KARPENTER_HOME && !t->ir->home)
		t->ir->home = g;
	return g;
}

static inline void
tb_init(TB *t, const char *version)
{
	memset(t, 0, sizeof *t);
	t->a = arena_new();
	diag_init(t->a);
	static const char text[] = "# fake input\n";
	t->f = src_from_mem(t->a, "fake.tfvars", text, sizeof text - 1);
	karpenter_version_pick(version ? version : karpenter_releases[karpenter_release_count - 1].name,
	    &t->opt.kv);
	t->opt.command = "compile";
	t->ir = arena_alloc(t->a, sizeof *t->ir);
	t->ir->arena = t->a;
	t->ir->opt = &t->opt;
}

static inline void
tb_free(TB *t)
{
	diag_init(NULL);
	arena_free(t->a);
}

/* Has the run reported rule `r`? */
static inline bool
tb_reported(RuleId r)
{
	int n;
	Diag *const *d = diag_sorted(&n);
	for (int i = 0; i < n; i++)
		if (d[i]->rule == r)
			return true;
	return false;
}

/* The string at a dotted path, or NULL. */
static inline const char *
tb_str(const Value *root, const char *path)
{
	const Value *v = v_path(root, path);
	return v && v->kind == V_STR ? v->s : NULL;
}

/* Requirement `key` of a NodePool doc, or NULL. */
static inline const Value *
tb_req(const Value *pool, const char *key)
{
	const Value *r = v_path(pool, "spec.template.spec.requirements");
	for (int i = 0; r && i < r->n; i++)
		if (v_is_str(v_get(r->items[i], "key"), key))
			return r->items[i];
	return NULL;
}

/* The Domino example: a karpenter home and compute, gpu, platform groups over two AZ ids. */
static inline void
tb_domino(TB *t)
{
	t->ir->domino = true;
	t->ir->cluster.name = tb_s(t, "mycluster");
	t->ir->cluster.region = tb_s(t, "us-west-2");
	NodeGroup *k = tb_group(t, "karpenter", "m6a.large", ROLE_KARPENTER_HOME);
	k->kind = "karpenter_node_groups";
	k->zones = tb_list(t, "usw2-az1", "usw2-az2", NULL);
	k->labels = tb_kv(t, "dominodatalab.com/node-pool", "karpenter", NULL);
	NodeGroup *c = tb_group(t, "compute", "m6i.2xlarge", ROLE_MIGRATE);
	c->zones = tb_list(t, "usw2-az1", "usw2-az2", NULL);
	c->per_az = true;
	c->volume_size = tb_i(t, 1000);
	c->volume_type = tb_s(t, "gp3");
	c->volume_throughput = tb_i(t, 500);
	c->labels = tb_kv(t, "dominodatalab.com/node-pool", "default", "dominodatalab.com/domino-node", "true", NULL);
	tb_taint(t, c, "ebs.csi.aws.com/agent-not-ready", "true", "NO_EXECUTE");
	NodeGroup *g = tb_group(t, "gpu", "g5.2xlarge", ROLE_MIGRATE);
	g->ami_type = tb_s(t, "AL2023_x86_64_NVIDIA");
	g->zones = tb_list(t, "usw2-az1", NULL);
	g->per_az = true;
	g->volume_size = tb_i(t, 1000);
	g->volume_type = tb_s(t, "gp3");
	g->volume_throughput = tb_i(t, 500);
	g->labels = tb_kv(t, "dominodatalab.com/node-pool", "default-gpu", "nvidia.com/gpu", "true", NULL);
	tb_taint(t, g, "nvidia.com/gpu", "true", "NO_SCHEDULE");
	NodeGroup *p = tb_group(t, "platform", "m7i-flex.2xlarge", ROLE_MIGRATE);
	p->zones = tb_list(t, "usw2-az2", NULL);
	p->per_az = true;
	p->volume_size = tb_i(t, 100);
	p->volume_type = tb_s(t, "gp3");
	p->min_size = tb_i(t, 1);
	p->labels = tb_kv(t, "dominodatalab.com/node-pool", "platform", NULL);
}
#endif
