/*
 * test_check_practice.c - KG501-KG506, Karpenter best practice.
 */
#include "unit.h"
#include "irbuild.h"

static KObject *
pool(TB *t, const char *name, const char *reqs, const char *spec_extra, const char *tspec_extra)
{
	char buf[4096];
	snprintf(buf, sizeof buf,
	    "{'apiVersion':'karpenter.sh/v1','kind':'NodePool','metadata':{'name':'%s'},\n"
	    " 'spec':{%s%s'template':{'spec':{%s%s\n"
	    "   'requirements':[%s]}}}}",
	    name, spec_extra ? spec_extra : "", spec_extra ? "," : "",
	    tspec_extra ? tspec_extra : "", tspec_extra ? "," : "", reqs);
	return tb_object(t, "pool.yaml", buf);
}

static const char spot[] = "{'key':'karpenter.sh/capacity-type','operator':'In','values':['spot']}";
static const char od[] = "{'key':'karpenter.sh/capacity-type','operator':'In','values':['on-demand']}";
static const char limits[] = "'limits':{'cpu':'100'}";

static void
spot_diversity(void **state)
{
	(void)state;
	TB *t = tb_new();
	pool(t, "few", "{'key':'karpenter.sh/capacity-type','operator':'In','values':['spot']},\n"
	    "{'key':'node.kubernetes.io/instance-type','operator':'In','values':['m5.large','m5a.large','m6i.large']}",
	    limits, NULL);
	pool(t, "wide", "{'key':'karpenter.sh/capacity-type','operator':'In','values':['spot']},"
	    "{'key':'karpenter.k8s.aws/instance-category','operator':'In','values':['c','m','r']}", limits, NULL);
	pool(t, "ondemand", "{'key':'node.kubernetes.io/instance-type','operator':'In','values':['m5.large']}",
	    limits, NULL);
	check_all(t->ir);
	assert_int_equal(tb_count(KG501), 1);
	const Diag *d = tb_expect(KG501, 0, "spot NodePool 'few' admits only 3 instance types");
	assert_int_equal(d->loc.line, 4);
	assert_true(tb_has_note(d, "'m5.large', 'm5a.large', 'm6i.large'"));
	tb_free(t);
}

static void
spot_weight(void **state)
{
	(void)state;
	TB *t = tb_new();
	pool(t, "spot", spot, limits, NULL);
	pool(t, "on-demand", od, limits, NULL);
	check_all(t->ir);
	assert_int_equal(tb_count(KG502), 1);
	tb_expect(KG502, 0, "spot NodePool 'spot' and on-demand NodePool 'on-demand' take the same pods "
	    "with the same weight (0)");
	tb_free(t);

	t = tb_new();
	pool(t, "spot", spot, "'weight':50,'limits':{'cpu':'100'}", NULL);
	pool(t, "on-demand", od, "'weight':10,'limits':{'cpu':'100'}", NULL);
	check_all(t->ir);
	assert_int_equal(tb_count(KG502), 0);
	tb_free(t);

	/* the capacity-spread pattern: a key pinned to values that do not meet */
	t = tb_new();
	pool(t, "spot", "{'key':'karpenter.sh/capacity-type','operator':'In','values':['spot']},"
	    "{'key':'capacity-spread','operator':'In','values':['2','3','4','5']}", limits, NULL);
	pool(t, "on-demand", "{'key':'karpenter.sh/capacity-type','operator':'In','values':['on-demand']},"
	    "{'key':'capacity-spread','operator':'In','values':['1']}", limits, NULL);
	check_all(t->ir);
	assert_int_equal(tb_count(KG502), 0);
	tb_free(t);

	/* different taints: different pods */
	t = tb_new();
	pool(t, "spot", spot, limits, "'taints':[{'key':'spot','value':'true','effect':'NoSchedule'}]");
	pool(t, "on-demand", od, limits, NULL);
	check_all(t->ir);
	assert_int_equal(tb_count(KG502), 0);
	tb_free(t);
}

static void
nodeclass(TB *t, const char *terms)
{
	char buf[1024];
	snprintf(buf, sizeof buf, "{'apiVersion':'karpenter.k8s.aws/v1','kind':'EC2NodeClass',\n"
	    "'metadata':{'name':'default'},'spec':{\n'securityGroupSelectorTerms':[%s]}}", terms);
	tb_object(t, "nc.yaml", buf);
}

static void
security_groups(void **state)
{
	(void)state;
	static const struct { const char *terms, *msg; } cases[] = {
		{ "{'id':'sg-0123456789abcdef0'},{'tags':{'karpenter.sh/discovery':'demo'}}", "2 terms" },
		{ "{'tags':{'kubernetes.io/cluster/demo':'owned'}}", "the tag 'kubernetes.io/cluster/demo'" },
		{ "{'tags':{'karpenter.sh/discovery':'*'}}", "any value of tag 'karpenter.sh/discovery'" },
		{ "{'tags':{'karpenter.sh/discovery':'demo'}}", NULL },
		{ "{'id':'sg-0123456789abcdef0'}", NULL },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		TB *t = tb_new();
		nodeclass(t, cases[i].terms);
		check_all(t->ir);
		assert_int_equal(tb_count(KG503), cases[i].msg ? 1 : 0);
		if (cases[i].msg) {
			const Diag *d = tb_expect(KG503, 0, cases[i].msg);
			assert_int_equal(d->loc.line, 3);
			assert_true(tb_has_note(d, "AWS Load Balancer Controller"));
		}
		tb_free(t);
	}
}

static NodeGroup *
home(TB *t)
{
	NodeGroup *h = tb_group(t, "karpenter", ROLE_KARPENTER_HOME);
	tb_label(t, h, "dominodatalab.com/node-pool", "karpenter");
	return h;
}

static void
controller_affinity(void **state)
{
	(void)state;
	/* the chart's default affinity stays: fine */
	TB *t = tb_new();
	home(t);
	tb_input(t, D_HELM_VALUES, "values.yaml", "{'replicas':2,'settings':{'clusterName':'demo'}}");
	check_all(t->ir);
	assert_int_equal(tb_count(KG504), 0);
	tb_free(t);

	/* an affinity that replaces the default and keeps nothing off */
	t = tb_new();
	home(t);
	tb_input(t, D_HELM_VALUES, "values.yaml", "{'affinity':{'nodeAffinity':\n"
	    "{'requiredDuringSchedulingIgnoredDuringExecution':{'nodeSelectorTerms':[{'matchExpressions':\n"
	    "[{'key':'kubernetes.io/os','operator':'In','values':['linux']}]}]}}}}");
	check_all(t->ir);
	const Diag *d = tb_expect(KG504, 0, "does not keep it off the nodes Karpenter launches");
	assert_true(tb_has_note(d, "DoesNotExist"));
	tb_free(t);

	/* a nodeSelector on the home group's own label keeps it off; one on a label no node has does not */
	t = tb_new();
	home(t);
	tb_input(t, D_HELM_VALUES, "values.yaml", "{'nodeSelector':{'dominodatalab.com/node-pool':'karpenter'},\n"
	    "'affinity':null}");
	check_all(t->ir);
	assert_int_equal(tb_count(KG504), 0);
	tb_free(t);

	t = tb_new();
	home(t);
	tb_input(t, D_HELM_VALUES, "values.yaml", "{'nodeSelector':{'role':'system'}}");
	check_all(t->ir);
	assert_int_equal(tb_count(KG504), 1);
	d = tb_expect(KG504, 0, "nodeSelector 'role=system' matches no node of the node group that runs Karpenter");
	assert_int_equal(d->loc.line, 1);
	tb_free(t);

	/* the home group's taint must be tolerated */
	t = tb_new();
	NodeGroup *h = home(t);
	tb_taint(t, h, "dedicated", "karpenter", "NO_SCHEDULE");
	tb_input(t, D_HELM_VALUES, "values.yaml", "{'tolerations':[{'key':'CriticalAddonsOnly','operator':'Exists'}]}");
	check_all(t->ir);
	tb_expect(KG504, 0, "does not tolerate taint 'dedicated=karpenter:NoSchedule' of node group 'karpenter'");
	tb_free(t);

	t = tb_new();
	h = home(t);
	tb_taint(t, h, "dedicated", "karpenter", "NO_SCHEDULE");
	tb_input(t, D_HELM_VALUES, "values.yaml", "{'tolerations':[{'key':'dedicated','operator':'Equal',"
	    "'value':'karpenter','effect':'NoSchedule'}]}");
	check_all(t->ir);
	assert_int_equal(tb_count(KG504), 0);
	tb_free(t);
}

static void
memory_floor(void **state)
{
	(void)state;
	TB *t = tb_new();
	NodeGroup *g = tb_group(t, "compute", ROLE_MIGRATE);
	tb_csv(t, &g->instance_types, "m6i.2xlarge,m6i.4xlarge");
	pool(t, "compute", "{'key':'karpenter.k8s.aws/instance-family','operator':'In','values':['m6i']}", limits, NULL);
	check_all(t->ir);
	const Diag *d = tb_expect(KG505, 0, "NodePool 'compute' admits instances with as little as 8 GiB of "
	    "memory ('m6i.large'); node group 'compute' ran nothing smaller than 32 GiB ('m6i.2xlarge')");
	assert_true(tb_has_note(d, "'Gt' and value '32767'"));
	tb_free(t);

	t = tb_new();
	g = tb_group(t, "compute", ROLE_MIGRATE);
	tb_csv(t, &g->instance_types, "m6i.2xlarge,m6i.4xlarge");
	pool(t, "compute", "{'key':'karpenter.k8s.aws/instance-family','operator':'In','values':['m6i']},"
	    "{'key':'karpenter.k8s.aws/instance-memory','operator':'Gt','values':['32767']}", limits, NULL);
	check_all(t->ir);
	assert_int_equal(tb_count(KG505), 0);
	tb_free(t);
}

static void
no_limits(void **state)
{
	(void)state;
	TB *t = tb_new();
	pool(t, "a", od, NULL, "'limits':{'cpu':240}");
	pool(t, "b", od, limits, NULL);
	check_all(t->ir);
	assert_int_equal(tb_count(KG506), 1);
	const Diag *d = tb_expect(KG506, 0, "NodePool 'a' has no limits");
	assert_true(tb_has_note(d, "it belongs in spec.limits"));
	tb_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spot_diversity),
		cmocka_unit_test(spot_weight),
		cmocka_unit_test(security_groups),
		cmocka_unit_test(controller_affinity),
		cmocka_unit_test(memory_floor),
		cmocka_unit_test(no_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
