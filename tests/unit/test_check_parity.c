/*
 * test_check_parity.c - KG220-KG224: node groups against the NodePools that replace them.
 */
#include "unit.h"
#include "irbuild.h"

/* A v1 NodePool: `extra_spec` goes into spec, `tspec` into spec.template.spec after requirements. */
static KObject *
pool(TB *t, const char *name, const char *reqs, const char *template_extra, const char *spec_extra)
{
	char buf[4096];
	snprintf(buf, sizeof buf,
	    "{'apiVersion':'karpenter.sh/v1','kind':'NodePool','metadata':{'name':'%s'},\n"
	    " 'spec':{%s%s'template':{%s\n"
	    "  'spec':{'nodeClassRef':{'group':'karpenter.k8s.aws','kind':'EC2NodeClass','name':'default'},\n"
	    "   'requirements':[%s]}}}}",
	    name, spec_extra ? spec_extra : "", spec_extra ? "," : "", template_extra ? template_extra : "",
	    reqs);
	return tb_object(t, "pool.yaml", buf);
}

static const char it_req[] = "{'key':'node.kubernetes.io/instance-type','operator':'In','values':['m6i.2xlarge','m6i.4xlarge']}";

static NodeGroup *
compute(TB *t, const char *types)
{
	NodeGroup *g = tb_group(t, "compute", ROLE_MIGRATE);
	tb_csv(t, &g->instance_types, types);
	tb_csv(t, &g->zones, "usw2-az1,usw2-az2");
	return g;
}

static void
types(void **state)
{
	(void)state;
	TB *t = tb_new();
	NodeGroup *g = compute(t, "m6i.2xlarge,m7i-flex.2xlarge");
	pool(t, "compute", it_req, NULL, NULL);
	check_all(t->ir);
	const Diag *d = tb_expect(KG220, 0, "NodePool 'compute' does not admit instance type 'm7i-flex.2xlarge' "
	    "that node group 'compute' runs");
	assert_int_equal(d->loc.line, 4);          /* the instance-type requirement */
	assert_int_equal(d->notes.v[0].loc.col, g->instance_types.v[1].loc.col);
	assert_int_equal(tb_count(KG220), 1);
	tb_free(t);

	/* families and sizes that admit the types are as good as names */
	t = tb_new();
	compute(t, "m6i.2xlarge,m7i-flex.2xlarge");
	pool(t, "compute", "{'key':'karpenter.k8s.aws/instance-family','operator':'In','values':['m6i','m7i-flex']},"
	    "{'key':'karpenter.k8s.aws/instance-cpu','operator':'Gt','values':['4']}", NULL, NULL);
	check_all(t->ir);
	assert_int_equal(tb_count(KG220), 0);
	tb_free(t);

	/* the DNS-1123 name makes a pool the replacement; an annotation outranks names */
	t = tb_new();
	NodeGroup *pj = tb_group(t, "platform_jobs", ROLE_MIGRATE);
	tb_csv(t, &pj->instance_types, "m6a.large");
	NodeGroup *gpu = tb_group(t, "gpu", ROLE_MIGRATE);
	tb_csv(t, &gpu->instance_types, "g5.xlarge");
	pool(t, "platform-jobs", it_req, NULL, NULL);
	pool(t, "gpu", it_req, NULL, NULL);
	tb_object(t, "other.yaml", "{'apiVersion':'karpenter.sh/v1beta1','kind':'NodePool','metadata':{'name':'x',"
	    "'annotations':{'karpgen.io/replaces':'compute, gpu'}},'spec':{'template':{'spec':"
	    "{'requirements':[{'key':'karpenter.k8s.aws/instance-category','operator':'In','values':['g']}]}}}}");
	check_all(t->ir);
	assert_int_equal(tb_count(KG220), 1);
	tb_expect(KG220, 0, "NodePool 'platform-jobs' does not admit instance type 'm6a.large'");
	tb_free(t);
}

static void
capacity_and_zones(void **state)
{
	(void)state;
	TB *t = tb_new();
	NodeGroup *g = compute(t, "m6i.2xlarge");
	tb_sval(t, &g->capacity_type, "SPOT");
	pool(t, "compute", "{'key':'topology.k8s.aws/zone-id','operator':'In','values':['usw2-az1']}", NULL, NULL);
	check_all(t->ir);
	const Diag *d = tb_expect(KG220, 0, "launches no spot capacity, which node group 'compute' ran");
	assert_true(tb_has_note(d, "on-demand only"));
	tb_expect(KG220, 1, "does not admit availability zone 'usw2-az2', where node group 'compute' ran");
	tb_free(t);

	t = tb_new();
	g = compute(t, "m6i.2xlarge");
	tb_sval(t, &g->capacity_type, "SPOT");
	pool(t, "compute", "{'key':'karpenter.sh/capacity-type','operator':'In','values':['spot','on-demand']},"
	    "{'key':'topology.k8s.aws/zone-id','operator':'In','values':['usw2-az1','usw2-az2']}", NULL, NULL);
	check_all(t->ir);
	assert_int_equal(tb_count(KG220), 0);
	tb_free(t);
}

static void
unknown_types(void **state)
{
	(void)state;
	TB *t = tb_new();
	compute(t, "c6i.2xlarg");
	pool(t, "compute", "{'key':'node.kubernetes.io/instance-type','operator':'In','values':['m5.larg']}", NULL, NULL);
	check_all(t->ir);
	const Diag *d = tb_expect(KG221, 0, "instance type 'c6i.2xlarg' of node group 'compute' is not in the catalogue");
	assert_true(tb_has_note(d, "did you mean 'c6i.2xlarge'"));
	d = tb_expect(KG221, 1, "'m5.larg' of NodePool 'compute'");
	assert_true(tb_has_note(d, "did you mean 'm5.large'"));
	assert_int_equal(d->loc.line, 4);
	tb_free(t);
}

static void
missing_pool(void **state)
{
	(void)state;
	TB *t = tb_new();
	compute(t, "m6i.2xlarge");
	NodeGroup *g = tb_group(t, "gpu", ROLE_MIGRATE);
	tb_group(t, "karpenter", ROLE_KARPENTER_HOME);
	pool(t, "compute", it_req, NULL, NULL);
	check_all(t->ir);
	assert_int_equal(tb_count(KG222), 1);
	const Diag *d = tb_expect(KG222, 0, "no NodePool replaces node group 'gpu'");
	assert_int_equal(d->loc.line, g->name.loc.line);
	assert_true(tb_has_note(d, "karpgen.io/replaces: gpu"));
	tb_free(t);

	/* no NodePools among the inputs: nothing to compare */
	t = tb_new();
	compute(t, "m6i.2xlarge");
	check_all(t->ir);
	assert_int_equal(tb_count(KG222), 0);
	tb_free(t);
}

static void
labels_taints(void **state)
{
	(void)state;
	TB *t = tb_new();
	NodeGroup *g = compute(t, "m6i.2xlarge");
	tb_label(t, g, "dominodatalab.com/node-pool", "default");
	tb_label(t, g, "team", "ml");
	tb_taint(t, g, "ebs.csi.aws.com/agent-not-ready", "true", "NO_EXECUTE");
	tb_taint(t, g, "nvidia.com/gpu", "true", "NO_SCHEDULE");
	pool(t, "compute", it_req, "'metadata':{'labels':{'dominodatalab.com/node-pool':'default'}},",
	    NULL);
	check_all(t->ir);
	assert_int_equal(tb_count(KG223), 3);
	const Diag *d = tb_find(KG223, "NodePool 'compute' lacks label 'team=ml' of node group 'compute'");
	assert_int_equal(d->loc.line, 2);          /* the template's labels */
	assert_true(tb_has_note(d, "'compute' labels its nodes 'team=ml'"));
	tb_find(KG223, "lacks taint 'ebs.csi.aws.com/agent-not-ready=true:NoExecute'");
	tb_find(KG223, "lacks taint 'nvidia.com/gpu=true:NoSchedule'");
	tb_free(t);

	/* labels through requirements, startup taints by key, and an extra taint */
	t = tb_new();
	g = compute(t, "m6i.2xlarge");
	tb_label(t, g, "team", "ml");
	tb_taint(t, g, "ebs.csi.aws.com/agent-not-ready", "true", "NO_EXECUTE");
	KObject *o = tb_object(t, "pool.yaml",
	    "{'apiVersion':'karpenter.sh/v1','kind':'NodePool','metadata':{'name':'compute'},'spec':{'template':{'spec':{\n"
	    "'requirements':[{'key':'team','operator':'In','values':['ml']}],\n"
	    "'startupTaints':[{'key':'ebs.csi.aws.com/agent-not-ready','effect':'NoExecute'}],\n"
	    "'taints':[{'key':'dedicated','value':'ml','effect':'NoSchedule'}]}}}}");
	(void)o;
	check_all(t->ir);
	assert_int_equal(tb_count(KG223), 1);
	d = tb_expect(KG223, 0, "adds taint 'dedicated=ml:NoSchedule' that node group 'compute' did not have");
	assert_int_equal(d->loc.line, 4);
	tb_free(t);
}

static void
capacity(void **state)
{
	(void)state;
	TB *t = tb_new();
	NodeGroup *g = compute(t, "m6i.2xlarge");
	tb_ival(t, &g->max_size, 10);
	g->per_az = true;
	pool(t, "compute", it_req, NULL, "'limits':{'cpu':'100','memory':'1000Gi'}");
	check_all(t->ir);
	assert_int_equal(tb_count(KG224), 1);
	const Diag *d = tb_expect(KG224, 0, "NodePool 'compute' limits cpu to 100 but 'compute' could reach 160 vCPU");
	assert_true(tb_has_note(d, "'compute' can grow to 20 nodes of up to m6i.2xlarge"));
	assert_true(tb_has_note(d, "at least 160"));
	tb_free(t);

	t = tb_new();
	g = compute(t, "m6i.2xlarge");
	tb_ival(t, &g->max_size, 10);
	g->per_az = true;
	pool(t, "compute", it_req, NULL, "'limits':{'cpu':'1k','memory':'500Gi'}");
	check_all(t->ir);
	tb_expect(KG224, 0, "limits memory to 500Gi but 'compute' could reach 640Gi");
	assert_int_equal(tb_count(KG224), 1);
	tb_free(t);

	t = tb_new();
	g = compute(t, "m6i.2xlarge");
	tb_ival(t, &g->max_size, 10);
	pool(t, "compute", it_req, NULL, "'limits':{'cpu':80,'memory':'320Gi'}");
	check_all(t->ir);
	assert_int_equal(tb_count(KG224), 0);
	tb_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(types),
		cmocka_unit_test(capacity_and_zones),
		cmocka_unit_test(unknown_types),
		cmocka_unit_test(missing_pool),
		cmocka_unit_test(labels_taints),
		cmocka_unit_test(capacity),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
