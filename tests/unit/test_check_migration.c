/*
 * test_check_migration.c - KG201-KG205 and KG230 on IRs built by hand.
 */
#include "unit.h"
#include "irbuild.h"

/* The example of the Domino MIGRATION.md, step 1. */
static TB *
seed(const char *karpenter_zones)
{
	TB *t = tb_new();
	NodeGroup *k = tb_group(t, "karpenter", ROLE_KARPENTER_HOME);
	tb_csv(t, &k->zones, karpenter_zones);
	tb_ival(t, &k->min_size, 1);
	tb_ival(t, &k->max_size, 3);
	tb_bval(t, &k->single_nodegroup, true);
	static const char *const groups[][2] = {
		{ "compute", "usw2-az1,usw2-az2" }, { "gpu", "usw2-az1,usw2-az3" },
		{ "platform", "usw2-az2" }, { "other_az", "usw2-az4" },
	};
	for (size_t i = 0; i < sizeof groups / sizeof *groups; i++) {
		NodeGroup *g = tb_group(t, groups[i][0], ROLE_MIGRATE);
		tb_csv(t, &g->zones, groups[i][1]);
	}
	return t;
}

static void
az_coverage_seed(void **state)
{
	(void)state;
	TB *t = seed("usw2-az1,usw2-az2");
	check_all(t->ir);
	assert_int_equal(tb_count(KG201), 1);
	const Diag *d = tb_expect(KG201, 0, "'usw2-az3' (used by 'gpu') and 'usw2-az4' (used by 'other_az')");
	/* at the Karpenter group's zones, with a note at each group that uses a missing zone */
	assert_int_equal(d->loc.line, t->ir->groups.v[0]->zones.loc.line);
	assert_true(tb_has_note(d, "'usw2-az3' is used by node group 'gpu'"));
	assert_true(tb_has_note(d, "'usw2-az4' is used by node group 'other_az'"));
	assert_true(tb_has_note(d, "availability_zone_ids"));
	tb_free(t);

	t = seed("usw2-az1,usw2-az2,usw2-az3,usw2-az4");
	check_all(t->ir);
	assert_int_equal(tb_count(KG201), 0);
	tb_free(t);
}

static void
az_coverage_cluster_subnets(void **state)
{
	(void)state;
	TB *t = seed("usw2-az1,usw2-az2,usw2-az3,usw2-az4");
	Subnet sn = { 0 };
	tb_sval(t, &sn.id, "subnet-0123456789abcdef0");
	tb_sval(t, &sn.zone_id, "usw2-az5");
	sn.cluster_subnet = true;
	VEC_PUSH(t->a, t->ir->cluster.subnets, sn);
	check_all(t->ir);
	const Diag *d = tb_expect(KG201, 0, "'usw2-az5' (used by the cluster)");
	assert_true(tb_has_note(d, "the cluster's subnet 'subnet-0123456789abcdef0' is in 'usw2-az5'"));
	tb_free(t);
}

static void
az_coverage_many(void **state)
{
	(void)state;
	TB *t = seed("usw2-az1,usw2-az2,usw2-az3,usw2-az4");
	char name[32];
	for (int i = 0; i < 12; i++) {
		snprintf(name, sizeof name, "g%02d", i);
		NodeGroup *g = tb_group(t, name, ROLE_MIGRATE);
		tb_csv(t, &g->zones, "usw2-az9,usw2-az1");
	}
	check_all(t->ir);
	assert_int_equal(tb_count(KG201), 1);
	tb_expect(KG201, 0, "'usw2-az9' (used by 'g00', 'g01', 'g02', 'g03', 'g04', 'g05', 'g06', 'g07' and 4 more)");
	tb_free(t);
}

static void
az_mix(void **state)
{
	(void)state;
	TB *t = seed("usw2-az1,usw2-az2,usw2-az3,usw2-az4");
	NodeGroup *g = tb_group(t, "named", ROLE_MIGRATE);
	tb_csv(t, &g->zones, "us-west-2a");
	check_all(t->ir);
	tb_expect(KG202, 0, "availability zone name 'us-west-2a' of node group 'named'");
	/* a name cannot be compared with ids: KG201 stays silent about it */
	assert_int_equal(tb_count(KG201), 0);
	tb_free(t);

	/* with the mapping known, the name is the zone it maps to */
	t = seed("usw2-az1,usw2-az2,usw2-az3,usw2-az4");
	g = tb_group(t, "named", ROLE_MIGRATE);
	tb_csv(t, &g->zones, "us-west-2a");
	Zone z;
	tb_sval(t, &z.name, "us-west-2a");
	tb_sval(t, &z.id, "usw2-az7");
	VEC_PUSH(t->a, t->ir->cluster.zone_map, z);
	check_all(t->ir);
	assert_int_equal(tb_count(KG202), 0);
	tb_expect(KG201, 0, "'usw2-az7' (used by 'named')");
	tb_free(t);
}

static void
home_missing(void **state)
{
	(void)state;
	TB *t = tb_new();
	NodeGroup *g = tb_group(t, "workers", ROLE_MIGRATE);
	tb_csv(t, &g->zones, "usw2-az1");
	check_all(t->ir);
	assert_int_equal(tb_count(KG203), 0);      /* nothing says Karpenter is coming */
	tb_free(t);

	t = tb_new();
	tb_group(t, "workers", ROLE_MIGRATE);
	tb_bval(t, &t->ir->cluster.karpenter_enabled, true);
	t->ir->domino = true;
	check_all(t->ir);
	const Diag *d = tb_expect(KG203, 0, "Karpenter is enabled but no node group is left");
	assert_int_equal(d->loc.line, t->ir->cluster.karpenter_enabled.loc.line);
	assert_true(tb_has_note(d, "--karpenter-nodegroup NAME"));
	assert_true(tb_has_note(d, "karpenter_node_groups"));
	tb_free(t);

	t = tb_new();
	tb_group(t, "workers", ROLE_MIGRATE);
	t->opt.karpenter_nodegroup = "system";       /* resolve's KG112 says it */
	tb_bval(t, &t->ir->cluster.karpenter_enabled, true);
	check_all(t->ir);
	assert_int_equal(tb_count(KG203), 0);
	tb_free(t);

	t = tb_new();
	tb_group(t, "workers", ROLE_MIGRATE);
	tb_object(t, "np.yaml", "{'apiVersion':'karpenter.sh/v1','kind':'NodePool','metadata':{'name':'workers'}}");
	check_all(t->ir);
	tb_expect(KG203, 0, "being introduced");
	tb_free(t);

	/* describe-nodegroup exports need not list every group: the home may be elsewhere */
	t = tb_new();
	tb_group(t, "workers", ROLE_MIGRATE)->source = NGS_AWS_CLI;
	tb_object(t, "np.yaml", "{'apiVersion':'karpenter.sh/v1','kind':'NodePool','metadata':{'name':'workers'}}");
	check_all(t->ir);
	assert_int_equal(tb_count(KG203), 0);
	tb_free(t);
}

static void
home_capacity(void **state)
{
	(void)state;
	/* single_nodegroup: min_per_az is the whole group's minimum */
	TB *t = seed("usw2-az1,usw2-az2");
	check_all(t->ir);
	const Diag *d = tb_expect(KG204, 0, "('karpenter') keeps at least 1 node");
	assert_true(tb_has_note(d, "min_per_az = 2"));
	tb_free(t);

	/* one group per zone: 1 per zone over two zones is two nodes */
	t = seed("usw2-az1,usw2-az2");
	t->ir->groups.v[0]->single_nodegroup.v = false;
	t->ir->groups.v[0]->per_az = true;
	check_all(t->ir);
	assert_int_equal(tb_count(KG204), 0);
	tb_free(t);

	t = seed("usw2-az1,usw2-az2");
	t->ir->groups.v[0]->min_size.v = 0;
	t->ir->groups.v[0]->max_size.v = 1;
	check_all(t->ir);
	tb_expect(KG204, 0, "can never grow to two");
	tb_free(t);
}

static void
single_nodegroup(void **state)
{
	(void)state;
	TB *t = seed("usw2-az1,usw2-az2");
	check_all(t->ir);
	const Diag *d = tb_expect(KG205, 0, "over 2 zones that keeps one node, in one zone");
	assert_int_equal(d->sev, SEV_WARNING);
	tb_free(t);

	t = seed("usw2-az1,usw2-az2");
	t->ir->groups.v[0]->min_size.v = 2;
	check_all(t->ir);
	d = tb_expect(KG205, 0, "one node group that spans 2 zones");
	assert_int_equal(d->sev, SEV_NOTE);
	tb_free(t);

	t = seed("usw2-az1,usw2-az2");
	t->ir->groups.v[0]->single_nodegroup.v = false;
	check_all(t->ir);
	assert_int_equal(tb_count(KG205), 0);
	tb_free(t);
}

static const char nodeclass_fmt[] =
	"{'apiVersion':'karpenter.k8s.aws/v1','kind':'EC2NodeClass','metadata':{'name':'default'},\n"
	" 'spec':{'amiSelectorTerms':[{'alias':'%s'}]}}";

static void
alias_latest(void **state)
{
	(void)state;
	static const struct { const char *alias; int want; } cases[] = {
		{ "al2023@latest", 1 }, { "bottlerocket@latest", 1 }, { "al2023@v20250317", 0 },
		{ "windows2022@latest", 0 }, { "${AL2023_AMI_ALIAS}", 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		TB *t = tb_new();
		char buf[512];
		snprintf(buf, sizeof buf, nodeclass_fmt, cases[i].alias);
		KObject *o = tb_object(t, "nc.yaml", buf);
		check_ami_alias_latest(t->a, o, NULL);      /* what lint calls */
		assert_int_equal(tb_count(KG230), cases[i].want);
		const char *msg = NULL, *note = NULL;
		if (cases[i].want) {
			const Diag *d = tb_expect(KG230, 0, "follows every new AMI release");
			assert_int_equal(d->loc.line, 2);
			assert_true(tb_has_note(d, "pin a tested version"));
			msg = strdup(d->msg);
			note = strdup(d->notes.v[0].msg);
		}
		tb_free(t);

		/* the validation of the same object (validate, convert) says exactly the same */
		t = tb_new();
		o = tb_object(t, "nc.yaml", buf);
		KarpVersion kv;
		karpenter_version_pick("1.14.1", &kv);
		Validation vs;
		validation_init(&vs, t->a, &kv);
		assert_true(validate_document(&vs, o->doc));
		validation_finish(&vs);
		assert_int_equal(tb_count(KG230), cases[i].want);
		if (cases[i].want) {
			const Diag *d = tb_expect(KG230, 0, "follows every new AMI release");
			assert_string_equal(d->msg, msg);
			assert_int_equal(d->notes.n, 1);
			assert_string_equal(d->notes.v[0].msg, note);
		}
		free((char *)msg);
		free((char *)note);
		tb_free(t);
	}
	TB *t = tb_new();
	t->opt.ami_alias = "al2023@latest";
	check_all(t->ir);
	tb_expect(KG230, 0, "'--ami-alias al2023@latest'");
	tb_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(az_coverage_seed),
		cmocka_unit_test(az_coverage_cluster_subnets),
		cmocka_unit_test(az_coverage_many),
		cmocka_unit_test(az_mix),
		cmocka_unit_test(home_missing),
		cmocka_unit_test(home_capacity),
		cmocka_unit_test(single_nodegroup),
		cmocka_unit_test(alias_latest),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
