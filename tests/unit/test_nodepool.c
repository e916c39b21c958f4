/*
 * test_nodepool.c - NodePool views, requirement evaluation, quantities, names.
 */
#include "unit.h"
#include "irbuild.h"

static NodePool *
read_pool(TB *t, const char *reqs)
{
	char buf[2048];
	snprintf(buf, sizeof buf, "{'apiVersion':'karpenter.sh/v1','kind':'NodePool','metadata':{'name':'p'},"
	    "'spec':{'template':{'spec':{'requirements':[%s]}}}}", reqs);
	return np_read(t->a, tb_object(t, "p.yaml", buf));
}

static bool
admits(const NodePool *p, const char *type)
{
	const InstanceType *it = catalog_find(type);
	assert_non_null(it);
	return np_admits_type(p, it, NULL);
}

static void
evaluation(void **state)
{
	(void)state;
	TB *t = tb_new();
	NodePool *p = read_pool(t,
	    "{'key':'karpenter.k8s.aws/instance-category','operator':'In','values':['c','m']},"
	    "{'key':'karpenter.k8s.aws/instance-generation','operator':'Gt','values':['5']},"
	    "{'key':'karpenter.k8s.aws/instance-cpu','operator':'Lte','values':['8']},"
	    "{'key':'beta.kubernetes.io/arch','operator':'In','values':['amd64']},"
	    "{'key':'karpenter.k8s.aws/instance-gpu-count','operator':'DoesNotExist'}");
	assert_non_null(np_req(p, "kubernetes.io/arch"));      /* alias normalised */
	assert_true(admits(p, "m6i.2xlarge"));
	assert_true(admits(p, "c7i.large"));
	assert_false(admits(p, "m5.large"));       /* generation 5 */
	assert_false(admits(p, "m6i.4xlarge"));    /* 16 vCPU */
	assert_false(admits(p, "m7g.large"));      /* arm64 */
	assert_false(admits(p, "r6i.large"));      /* category */
	const Requirement *why = NULL;
	np_admits_type(p, catalog_find("m7g.large"), &why);
	assert_string_equal(why->key, "kubernetes.io/arch");
	assert_false(p->approximate);
	tb_free(t);

	t = tb_new();
	p = read_pool(t, "{'key':'karpenter.k8s.aws/instance-gpu-count','operator':'Exists'},"
	    "{'key':'node.kubernetes.io/instance-type','operator':'NotIn','values':['g5.xlarge']}");
	assert_false(admits(p, "m6i.large"));
	assert_false(admits(p, "g5.xlarge"));
	assert_true(admits(p, "g5.2xlarge"));
	tb_free(t);

	/* placeholders and unmodelled keys are not evaluated: the pool is approximate */
	t = tb_new();
	p = read_pool(t, "{'key':'topology.kubernetes.io/zone','operator':'In','values':['${azs}']},"
	    "{'key':'karpenter.k8s.aws/instance-hypervisor','operator':'In','values':['nitro']}");
	assert_true(p->approximate);
	assert_true(np_admits_value(p, "topology.kubernetes.io/zone", "us-west-2a", NULL));
	assert_true(admits(p, "m4.large"));
	tb_free(t);
}

static void
capacity_default(void **state)
{
	(void)state;
	TB *t = tb_new();
	NodePool *p = read_pool(t, "");
	assert_true(np_capacity(p, "on-demand"));
	assert_false(np_capacity(p, "spot"));
	p = read_pool(t, "{'key':'karpenter.sh/capacity-type','operator':'In','values':['spot']}");
	assert_true(np_capacity(p, "spot"));
	assert_false(np_capacity(p, "on-demand"));
	p = read_pool(t, "{'key':'karpenter.sh/capacity-type','operator':'NotIn','values':['spot']}");
	assert_true(np_capacity(p, "on-demand"));
	assert_false(np_capacity(p, "spot"));
	tb_free(t);
}

static void
views(void **state)
{
	(void)state;
	TB *t = tb_new();
	KObject *o = tb_object(t, "p.yaml", "{'apiVersion':'karpenter.sh/v1beta1','kind':'NodePool',\n"
	    "'metadata':{'name':'gpu','annotations':{'karpgen.io/replaces':' gpu , gpu_big,'}},\n"
	    "'spec':{'weight':10,'limits':{'cpu':'1k'},'template':{'metadata':{'labels':{'a':'b'}},\n"
	    "'spec':{'nodeClassRef':{'name':'nc'},'taints':[{'key':'k','effect':'NoSchedule'}],\n"
	    "'startupTaints':[{'key':'s','value':'v','effect':'NoExecute'}]}}}}");
	NodePool *p = np_read(t->a, o);
	assert_non_null(p);
	assert_string_equal(p->name, "gpu");
	assert_int_equal(p->name_loc.line, 2);
	assert_int_equal(p->nreplaces, 2);
	assert_string_equal(p->replaces[1], "gpu_big");
	assert_string_equal(p->nodeclass, "nc");
	assert_int_equal(p->ntaints, 2);
	assert_true(p->taints[1].startup);
	assert_null(p->taints[0].value);
	assert_string_equal(v_scalar(np_label(p, "a")), "b");
	assert_int_equal(p->weight->i, 10);
	assert_non_null(p->limits);

	NodeGroup *g = tb_group(t, "gpu_big", ROLE_MIGRATE);
	assert_int_equal(np_replaces(p, g, NULL), 2);
	NodeGroup *h = tb_group(t, "other", ROLE_MIGRATE);
	assert_int_equal(np_replaces(p, h, NULL), 0);
	NodeGroup *named = tb_group(t, "GPU", ROLE_MIGRATE);
	assert_int_equal(np_replaces(p, named, "gpu"), 1);

	/* not NodePools */
	assert_null(np_read(t->a, tb_object(t, "x.yaml", "{'apiVersion':'karpenter.sh/v1alpha5','kind':'Provisioner'}")));
	assert_null(np_read(t->a, tb_object(t, "x.yaml", "{'apiVersion':'v1','kind':'ConfigMap'}")));
	tb_free(t);
}

static void
names(void **state)
{
	(void)state;
	TB *t = tb_new();
	assert_string_equal(k8s_taint_effect("NO_SCHEDULE"), "NoSchedule");
	assert_string_equal(k8s_taint_effect("PREFER_NO_SCHEDULE"), "PreferNoSchedule");
	assert_string_equal(k8s_taint_effect("NoExecute"), "NoExecute");
	assert_true(is_placeholder("${X}"));
	assert_true(is_placeholder("<<CLUSTER_NAME>>"));
	assert_false(is_placeholder("al2023@latest"));
	tb_free(t);
}

static void
quantities(void **state)
{
	(void)state;
	static const struct { const char *s; double v; bool ok; } cases[] = {
		{ "1000", 1000, true }, { "1k", 1000, true }, { "500m", 0.5, true },
		{ "960Gi", 960.0 * 1073741824.0, true }, { "1Ti", 1099511627776.0, true },
		{ "1e3", 1000, true }, { "1.5", 1.5, true }, { "2E", 2e18, true },
		{ "", 0, false }, { "Gi", 0, false }, { "10 Gi", 0, false }, { "1x", 0, false },
		{ "1e", 0, false },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		double v = 0;
		bool ok = k8s_quantity(cases[i].s, &v);
		if (ok != cases[i].ok)
			fail_msg("'%s': %d", cases[i].s, ok);
		if (ok)
			assert_true(v == cases[i].v);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(evaluation),
		cmocka_unit_test(capacity_default),
		cmocka_unit_test(views),
		cmocka_unit_test(names),
		cmocka_unit_test(quantities),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
