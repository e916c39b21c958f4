/*
 * test_check_nodeclass.c - KG210 nodeclass-split and KG211 ami-variant-mismatch.
 */
#include "unit.h"
#include "irbuild.h"

static void
pool(TB *t, const char *name, const char *nodeclass, const char *types)
{
	char buf[1024];
	snprintf(buf, sizeof buf,
	    "{'apiVersion':'karpenter.sh/v1','kind':'NodePool','metadata':{'name':'%s'},\n"
	    " 'spec':{'template':{'spec':{'nodeClassRef':{'group':'karpenter.k8s.aws','kind':'EC2NodeClass','name':'%s'},\n"
	    "  'requirements':[{'key':'node.kubernetes.io/instance-type','operator':'In','values':[%s]}]}}}}",
	    name, nodeclass, types);
	tb_object(t, "pools.yaml", buf);
}

static NodeGroup *
group(TB *t, const char *name, const char *types, int volume)
{
	NodeGroup *g = tb_group(t, name, ROLE_MIGRATE);
	tb_csv(t, &g->instance_types, types);
	tb_ival(t, &g->volume_size, volume);
	tb_sval(t, &g->volume_type, "gp3");
	return g;
}

static void
split_volume(void **state)
{
	(void)state;
	TB *t = tb_new();
	group(t, "compute", "m6i.2xlarge", 1000);
	group(t, "platform", "m6i.2xlarge", 100);
	tb_object(t, "nc.yaml", "{'apiVersion':'karpenter.k8s.aws/v1','kind':'EC2NodeClass',\n"
	    "'metadata':{'name':'shared'},'spec':{'amiSelectorTerms':[{'alias':'al2023@v20250317'}]}}");
	pool(t, "compute", "shared", "'m6i.2xlarge'");
	pool(t, "platform", "shared", "'m6i.2xlarge'");
	check_all(t->ir);
	const Diag *d = tb_expect(KG210, 0, "EC2NodeClass 'shared' serves node groups that need different "
	    "root volumes: 'compute' (1000 GiB gp3), 'platform' (100 GiB gp3)");
	assert_string_equal(d->loc.file->name, "nc.yaml");
	assert_int_equal(d->loc.line, 2);
	assert_true(tb_has_note(d, "'compute' has a 1000 GiB gp3 root volume"));
	assert_int_equal(tb_count(KG210), 1);
	tb_free(t);

	/* one class each: nothing to say */
	t = tb_new();
	group(t, "compute", "m6i.2xlarge", 1000);
	group(t, "platform", "m6i.2xlarge", 100);
	pool(t, "compute", "big", "'m6i.2xlarge'");
	pool(t, "platform", "small", "'m6i.2xlarge'");
	check_all(t->ir);
	assert_int_equal(tb_count(KG210), 0);
	tb_free(t);
}

static void
split_ami(void **state)
{
	(void)state;
	TB *t = tb_new();
	NodeGroup *a = group(t, "compute", "m6i.2xlarge", 100);
	NodeGroup *b = group(t, "gpu", "g5.2xlarge", 100);
	tb_sval(t, &a->ami_id, "ami-002495de7d30f195d");
	tb_sval(t, &b->ami_id, "ami-096d0f8a5842c603c");
	pool(t, "compute", "custom", "'m6i.2xlarge'");
	pool(t, "gpu", "custom", "'g5.2xlarge'");
	check_all(t->ir);
	const Diag *d = tb_expect(KG210, 0, "need different AMIs: 'compute' (ami-002495de7d30f195d), "
	    "'gpu' (ami-096d0f8a5842c603c)");
	/* no class in the inputs: the diagnostic points at the first pool's reference */
	assert_string_equal(d->loc.file->name, "pools.yaml");
	tb_free(t);

	/* EKS-optimized AMIs share one alias: no split needed */
	t = tb_new();
	group(t, "compute", "m6i.2xlarge", 100);
	group(t, "gpu", "g5.2xlarge", 100);
	pool(t, "compute", "al2023", "'m6i.2xlarge'");
	pool(t, "gpu", "al2023", "'g5.2xlarge'");
	check_all(t->ir);
	assert_int_equal(tb_count(KG210), 0);
	tb_free(t);
}

static void
variant_ami_type(void **state)
{
	(void)state;
	TB *t = tb_new();
	NodeGroup *g = group(t, "mixed", "m6i.large,g5.xlarge,m7g.large,inf2.xlarge,g6.xlarge", 100);
	tb_sval(t, &g->ami_type, "AL2023_x86_64_STANDARD");
	check_all(t->ir);
	assert_int_equal(tb_count(KG211), 3);
	const Diag *d = tb_expect(KG211, 0, "instance type 'g5.xlarge' (and 1 more like it) has NVIDIA GPUs");
	assert_int_equal(d->loc.col, g->instance_types.v[1].loc.col);
	assert_true(tb_has_note(d, "'AL2023_x86_64_NVIDIA'"));
	tb_expect(KG211, 1, "instance type 'm7g.large' is arm64 but node group 'mixed' uses the x86_64 AMI type");
	d = tb_expect(KG211, 2, "'inf2.xlarge' has AWS Neuron accelerators");
	assert_true(tb_has_note(d, "'AL2023_x86_64_NEURON'"));
	tb_free(t);

	t = tb_new();
	g = group(t, "gpu", "g5.xlarge,p3.2xlarge", 100);
	tb_sval(t, &g->ami_type, "AL2023_x86_64_NVIDIA");
	g = group(t, "arm", "m7g.large", 100);
	tb_sval(t, &g->ami_type, "BOTTLEROCKET_ARM_64");
	check_all(t->ir);
	assert_int_equal(tb_count(KG211), 0);
	tb_free(t);
}

static void
variant_custom(void **state)
{
	(void)state;
	TB *t = tb_new();
	NodeGroup *a = group(t, "compute", "m6i.2xlarge", 100);
	NodeGroup *b = group(t, "gpu", "g5.2xlarge", 100);
	tb_sval(t, &a->ami_id, "ami-002495de7d30f195d");
	tb_sval(t, &b->ami_id, "ami-002495de7d30f195d");
	check_all(t->ir);
	const Diag *d = tb_expect(KG211, 0, "custom AMI 'ami-002495de7d30f195d' serves node group 'gpu', "
	    "which needs the NVIDIA variant, and node group 'compute', which needs the standard variant");
	assert_int_equal(d->loc.line, b->ami_id.loc.line);
	tb_free(t);

	t = tb_new();
	a = group(t, "both", "m6i.2xlarge,g5.2xlarge", 100);
	tb_sval(t, &a->ami_id, "ami-002495de7d30f195d");
	check_all(t->ir);
	tb_expect(KG211, 0, "on accelerated instance types such as 'g5.2xlarge' and on plain ones such as 'm6i.2xlarge'");
	tb_free(t);
}

static void
variant_nodeclass(void **state)
{
	(void)state;
	TB *t = tb_new();
	tb_object(t, "nc.yaml", "{'apiVersion':'karpenter.k8s.aws/v1','kind':'EC2NodeClass',\n"
	    "'metadata':{'name':'custom'},'spec':{'amiFamily':'AL2023',\n"
	    "'amiSelectorTerms':[{'id':'ami-002495de7d30f195d'}]}}");
	pool(t, "general", "custom", "'m6i.large','m6i.xlarge'");
	pool(t, "gpu", "custom", "'g5.xlarge'");
	check_all(t->ir);
	const Diag *d = tb_expect(KG211, 0, "EC2NodeClass 'custom' selects fixed AMIs");
	assert_int_equal(d->loc.line, 3);
	tb_free(t);

	t = tb_new();
	tb_object(t, "nc.yaml", "{'apiVersion':'karpenter.k8s.aws/v1','kind':'EC2NodeClass',\n"
	    "'metadata':{'name':'aliased'},'spec':{'amiSelectorTerms':[{'alias':'al2023@v20250317'}]}}");
	pool(t, "general", "aliased", "'m6i.large'");
	pool(t, "gpu", "aliased", "'g5.xlarge'");
	check_all(t->ir);
	assert_int_equal(tb_count(KG211), 0);
	tb_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(split_volume),
		cmocka_unit_test(split_ami),
		cmocka_unit_test(variant_ami_type),
		cmocka_unit_test(variant_custom),
		cmocka_unit_test(variant_nodeclass),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
