/*
 * emit_helm.c - helm/values.yaml for the Karpenter chart of the target version.
 *
 * The chart's defaults keep the controller off the nodes Karpenter manages
 * (karpenter.sh/nodepool DoesNotExist); the values add the node group that
 * runs it, so the controller lands there and nowhere else, tolerate that
 * group's taints, and run two replicas on separate nodes.
 */
#include "karpgen.h"

#include <stdlib.h>
#include <string.h>

static Value *
s(Arena *a, const char *str)
{
	return v_str(a, str, strlen(str), NULL);
}

static void
put(Arena *a, Value *m, const char *k, Value *v)
{
	v_map_put(a, m, k, NULL, v);
}

static Value *
map(Arena *a)
{
	return v_new(a, V_MAP, NULL);
}

/* Put `v` at dotted `path` ("settings.aws.clusterName"), making the maps on the way. */
static void
put_path(Arena *a, Value *root, const char *path, Value *v)
{
	const char *dot;
	while ((dot = strchr(path, '.'))) {
		const char *key = arena_strndup(a, path, (size_t)(dot - path));
		Value *next = v_get(root, key);
		if (!next || next->kind != V_MAP) {
			next = map(a);
			put(a, root, key, next);
		}
		root = next;
		path = dot + 1;
	}
	put(a, root, path, v);
}

static Value *
list(Arena *a)
{
	return v_new(a, V_LIST, NULL);
}

static Value *
match(Arena *a, const char *key, const char *op, const char *const *vals, int n)
{
	Value *m = map(a);
	put(a, m, "key", s(a, key));
	put(a, m, "operator", s(a, op));
	if (n) {
		Value *vl = list(a);
		for (int i = 0; i < n; i++) {
			Value *v = s(a, vals[i]);
			v->flags |= VF_QUOTED;
			v_list_push(a, vl, v);
		}
		put(a, m, "values", vl);
	}
	return m;
}


void
emit_helm(const Lowered *lw, Output *o)
{
	Arena *a = lw->ir->arena;
	const Options *opt = lw->ir->opt;
	Value *root = map(a);

	/* the value names differ between releases: versions.def has them */
	put_path(a, root, opt->kv.rel->helm_cluster_name, s(a, lw->cluster.value));
	if (lw->queue)
		put_path(a, root, opt->kv.rel->helm_queue, s(a, lw->queue));

	if (opt->identity == ID_IRSA) {
		Value *sa = map(a), *ann = map(a);
		put(a, ann, "eks.amazonaws.com/role-arn", s(a, arena_printf(a, "arn:%s:iam::%s:role/%s",
		    lw->partition.value, lw->account.value, lw->controller_role)));
		put(a, sa, "annotations", ann);
		put(a, root, "serviceAccount", sa);
	}

	Value *replicas = v_new(a, V_NUM, NULL);
	replicas->flags = VF_INTEGER;
	replicas->i = 2;
	replicas->num = 2;
	replicas->s = "2";
	replicas->len = 1;
	put(a, root, "replicas", replicas);

	Value *exprs = list(a);
	if (kv_has(&opt->kv, KF_PROVISIONER_NAME))
		v_list_push(a, exprs, match(a, "karpenter.sh/provisioner-name", "DoesNotExist", NULL, 0));
	v_list_push(a, exprs, match(a, "karpenter.sh/nodepool", "DoesNotExist", NULL, 0));
	/* none: check_home_selector() reported KG504 */
	if (lw->home_key)
		v_list_push(a, exprs, match(a, lw->home_key, "In", lw->home_values.v, lw->home_values.n));
	Value *term = map(a), *terms = list(a), *req = map(a), *na = map(a), *aff = map(a);
	put(a, term, "matchExpressions", exprs);
	v_list_push(a, terms, term);
	put(a, req, "nodeSelectorTerms", terms);
	put(a, na, "requiredDuringSchedulingIgnoredDuringExecution", req);
	put(a, aff, "nodeAffinity", na);
	Value *paa = map(a), *pl = list(a), *pt = map(a);
	put(a, pt, "topologyKey", s(a, "kubernetes.io/hostname"));
	v_list_push(a, pl, pt);
	put(a, paa, "requiredDuringSchedulingIgnoredDuringExecution", pl);
	put(a, aff, "podAntiAffinity", paa);
	put(a, root, "affinity", aff);

	Value *tol = list(a), *crit = map(a);
	put(a, crit, "key", s(a, "CriticalAddonsOnly"));
	put(a, crit, "operator", s(a, "Exists"));
	v_list_push(a, tol, crit);
	static const struct { const char *eks, *k8s; } eff[] = {
		{ "NO_SCHEDULE", "NoSchedule" }, { "NO_EXECUTE", "NoExecute" },
		{ "PREFER_NO_SCHEDULE", "PreferNoSchedule" },
	};
	for (int h = 0; h < lw->home.n; h++) {
		const NodeGroup *g = lw->home.v[h];
		for (int i = 0; i < g->taints.n; i++) {
			const Taint *t = &g->taints.v[i];
			if (!t->key.s || !t->effect.s || t->key.unknown || t->effect.unknown)
				continue;
			const char *e = t->effect.s;
			for (size_t k = 0; k < sizeof eff / sizeof *eff; k++)
				if (strcmp(e, eff[k].eks) == 0)
					e = eff[k].k8s;
			bool dup = false;
			for (int k = 0; k < tol->n; k++)
				dup |= v_is_str(v_get(tol->items[k], "key"), t->key.s) &&
				    v_is_str(v_get(tol->items[k], "effect"), e);
			if (dup)
				continue;
			Value *m = map(a);
			put(a, m, "key", s(a, t->key.s));
			if (t->value.s && *t->value.s) {
				put(a, m, "operator", s(a, "Equal"));
				Value *v = s(a, t->value.s);
				v->flags |= VF_QUOTED;
				put(a, m, "value", v);
			} else {
				put(a, m, "operator", s(a, "Exists"));
			}
			put(a, m, "effect", s(a, e));
			v_list_push(a, tol, m);
		}
	}
	put(a, root, "tolerations", tol);

	Buf b = { 0 };
	buf_printf(&b, "# Values for the Karpenter %s chart (oci://public.ecr.aws/karpenter/karpenter), written by\n"
	    "# karpgen.  runbook.sh fills the ${...} placeholders, if any, before 'helm upgrade --install'.\n",
	    opt->kv.name);
	char *y = value_to_yaml(root);
	buf_puts(&b, y);
	free(y);
	out_add_buf(o, "helm/values.yaml", &b, false);
}
