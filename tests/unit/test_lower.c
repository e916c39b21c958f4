/* test_lower.c - node groups -> NodePools and EC2NodeClasses (lower.c). */
#include "unit.h"
#include "irbuild.h"

/* The NodePool called `name`; the test fails when there is none. */
static LNodePool *
pool(Lowered *lw, const char *name)
{
	for (int i = 0; i < lw->pools.n; i++)
		if (strcmp(lw->pools.v[i]->name, name) == 0)
			return lw->pools.v[i];
	fail_msg("no NodePool '%s'", name);
}

/* The pool's manifest, as the kit builds it. */
static Value *
pdoc(TB *t, Lowered *lw, LNodePool *p)
{
	return lower_pool_doc(lw, p, t->a);
}

static int
count_values(const Value *req)
{
	const Value *v = req ? v_get(req, "values") : NULL;
	return v ? v->n : -1;
}

static void
domino_three_pools_two_classes(void **state)
{
	(void)state;
	TB t;
	tb_init(&t, NULL);
	tb_domino(&t);
	Lowered *lw = lower(t.ir);
	assert_non_null(lw);
	assert_int_equal(lw->pools.n, 3);
	assert_int_equal(lw->home.n, 1);
	assert_string_equal(lw->home.v[0]->name.s, "karpenter");
	/* compute and gpu share the AL2023 alias and a 1000 GiB disk; platform's 100 GiB splits */
	assert_int_equal(lw->classes.n, 2);
	LNodePool *c = pool(lw, "compute"), *g = pool(lw, "gpu"), *p = pool(lw, "platform");
	assert_non_null(c);
	assert_non_null(g);
	assert_non_null(p);
	assert_ptr_equal(c->nc, g->nc);
	assert_ptr_not_equal(c->nc, p->nc);
	assert_string_equal(tb_str(pdoc(&t, lw, c), "apiVersion"), "karpenter.sh/v1");
	assert_string_equal(tb_str(pdoc(&t, lw, c), "spec.template.spec.nodeClassRef.name"), "compute");
	assert_string_equal(tb_str(pdoc(&t, lw, c), "spec.template.spec.nodeClassRef.group"), "karpenter.k8s.aws");
	/* requirements reproduce the group */
	const Value *it = tb_req(pdoc(&t, lw, c), "node.kubernetes.io/instance-type");
	assert_int_equal(count_values(it), 1);
	assert_true(v_is_str(v_get(it, "values")->items[0], "m6i.2xlarge"));
	const Value *z = tb_req(pdoc(&t, lw, c), "topology.k8s.aws/zone-id");
	assert_int_equal(count_values(z), 2);
	assert_true(v_is_str(v_get(tb_req(pdoc(&t, lw, c), "karpenter.sh/capacity-type"), "values")->items[0], "on-demand"));
	assert_true(v_is_str(v_get(tb_req(pdoc(&t, lw, c), "kubernetes.io/arch"), "values")->items[0], "amd64"));
	/* limits: 10 per AZ x 2 AZs x (8 vCPU, 32 GiB) */
	assert_int_equal(c->max_nodes, 20);
	assert_string_equal(tb_str(pdoc(&t, lw, c), "spec.limits.cpu"), "160");
	assert_string_equal(tb_str(pdoc(&t, lw, c), "spec.limits.memory"), "640Gi");
	/* the EBS CSI taint is a startup taint; the GPU taint stays a taint, Kubernetes spelling */
	const Value *st = v_path(pdoc(&t, lw, c), "spec.template.spec.startupTaints");
	assert_non_null(st);
	assert_string_equal(tb_str(st->items[0], "effect"), "NoExecute");
	assert_null(v_path(pdoc(&t, lw, c), "spec.template.spec.taints"));
	const Value *gt = v_path(pdoc(&t, lw, g), "spec.template.spec.taints");
	assert_non_null(gt);
	assert_string_equal(tb_str(gt->items[0], "key"), "nvidia.com/gpu");
	assert_string_equal(tb_str(gt->items[0], "effect"), "NoSchedule");
	assert_true(v_is_str(v_get(v_path(pdoc(&t, lw, g), "spec.limits"), "nvidia.com/gpu"), "10"));
	/* labels carried over */
	assert_true(v_is_str(v_get(v_path(pdoc(&t, lw, g), "spec.template.metadata.labels"), "nvidia.com/gpu"), "true"));
	/* the node class: alias pinned, Domino's node role, discovery tags, disk */
	const Value *nc = c->nc->doc;
	assert_string_equal(tb_str(nc, "kind"), "EC2NodeClass");
	const Value *terms = v_path(nc, "spec.amiSelectorTerms");
	/* no Kubernetes version given: the newest al2023 release of data/ami-releases.tsv */
	char pin[64];
	snprintf(pin, sizeof pin, "al2023@%s", ami_release_newest(lw->ir->arena, "al2023", -1));
	assert_string_equal(tb_str(terms->items[0], "alias"), pin);
	assert_null(v_path(nc, "spec.amiFamily"));
	assert_string_equal(tb_str(nc, "spec.role"), "mycluster-eks-nodes");
	const Value *sub = v_path(nc, "spec.subnetSelectorTerms");
	assert_string_equal(v_get(v_get(sub->items[0], "tags"), "karpenter.sh/discovery")->s, "mycluster");
	const Value *bdm = v_path(nc, "spec.blockDeviceMappings");
	assert_string_equal(tb_str(bdm->items[0], "ebs.volumeSize"), "1000Gi");
	assert_int_equal(v_path(bdm->items[0], "ebs.throughput")->i, 500);
	assert_string_equal(tb_str(v_path(p->nc->doc, "spec.blockDeviceMappings")->items[0], "ebs.volumeSize"),
	    "100Gi");
	/* Karpenter AZs: the union of the migrated groups' zones, as ids */
	assert_int_equal(lw->zones.n, 2);
	assert_true(lw->zones_are_ids);
	/* cluster name and region came from the input: only the account id is a placeholder */
	assert_null(lw->cluster.placeholder);
	assert_string_equal(lw->account.placeholder, "AWS_ACCOUNT_ID");
	assert_string_equal(lw->partition.value, "aws");
	assert_int_equal(diag_count(SEV_ERROR), 0);
	tb_free(&t);
}

static void
custom_ami_variants_split(void **state)
{
	(void)state;
	TB t;
	tb_init(&t, NULL);
	tb_node_group(&t, "system", "m5.large", ROLE_KARPENTER_HOME);
	const char *amis[] = { "ami-0123456789abcdef0", "ami-0123456789abcdef1", "ami-0123456789abcdef0" };
	for (int i = 0; i < 3; i++) {
		NodeGroup *g = tb_node_group(&t, i == 0 ? "std" : i == 1 ? "gpu" : "std2", "m5.large", ROLE_MIGRATE);
		g->ami_type = tb_s(&t, "CUSTOM");
		g->ami_id = tb_s(&t, amis[i]);
		g->ami_family = tb_s(&t, "AL2023");
		g->volume_size = tb_i(&t, 100);
	}
	Lowered *lw = lower(t.ir);
	assert_non_null(lw);
	/* std and std2 have equal content; the other AMI splits */
	assert_int_equal(lw->classes.n, 2);
	const Value *nc = lw->classes.v[0]->doc;
	assert_string_equal(tb_str(nc, "spec.amiFamily"), "AL2023");
	assert_string_equal(tb_str(v_path(nc, "spec.amiSelectorTerms")->items[0], "id"), "ami-0123456789abcdef0");
	assert_ptr_equal(pool(lw, "std")->nc, pool(lw, "std2")->nc);
	tb_free(&t);
}

static void
custom_ami_without_family_is_an_error(void **state)
{
	(void)state;
	TB t;
	tb_init(&t, NULL);
	tb_node_group(&t, "system", "m5.large", ROLE_KARPENTER_HOME);
	NodeGroup *g = tb_node_group(&t, "x", "m5.large", ROLE_MIGRATE);
	g->ami_type = tb_s(&t, "CUSTOM");
	g->ami_id = tb_s(&t, "ami-0123456789abcdef0");
	assert_null(lower(t.ir));
	assert_true(tb_reported(KG305));
	tb_free(&t);
}

static void
per_az_copies_fold(void **state)
{
	(void)state;
	TB t;
	tb_init(&t, NULL);
	tb_node_group(&t, "system", "m5.large", ROLE_KARPENTER_HOME);
	const char *zones[] = { "us-west-2a", "us-west-2b", "us-west-2c" };
	for (int i = 0; i < 3; i++) {
		char name[64];
		snprintf(name, sizeof name, "compute-%s", zones[i]);
		NodeGroup *g = tb_node_group(&t, name, "m5.xlarge", ROLE_MIGRATE);
		g->source = NGS_AWS_CLI;
		g->zones = tb_strs(&t, zones[i], NULL);
		g->max_size = tb_i(&t, 4);
	}
	NodeGroup *other = tb_node_group(&t, "other-us-west-2a", "m5.2xlarge", ROLE_MIGRATE);
	other->zones = tb_strs(&t, "us-west-2a", NULL);
	Lowered *lw = lower(t.ir);
	assert_non_null(lw);
	assert_int_equal(lw->pools.n, 2);
	LNodePool *p = pool(lw, "compute");
	assert_non_null(p);
	assert_int_equal(p->groups.n, 3);
	assert_int_equal(p->max_nodes, 12);
	assert_int_equal(count_values(tb_req(pdoc(&t, lw, p), "topology.kubernetes.io/zone")), 3);
	assert_null(tb_req(pdoc(&t, lw, p), "topology.k8s.aws/zone-id"));
	assert_non_null(pool(lw, "other"));
	assert_false(lw->zones_are_ids);
	tb_free(&t);
}

static void
no_home_is_kg203(void **state)
{
	(void)state;
	TB t;
	tb_init(&t, NULL);
	tb_node_group(&t, "a", "m5.large", ROLE_MIGRATE);
	/* the check reports it, as compile runs it before lowering; lower() reports nothing more */
	check_all(t.ir);
	assert_true(tb_reported(KG203));
	int n = diag_count(SEV_ERROR);
	assert_null(lower(t.ir));
	assert_int_equal(diag_count(SEV_ERROR), n);
	tb_free(&t);
}

static void
placeholders_when_no_input_gives_them(void **state)
{
	(void)state;
	TB t;
	tb_init(&t, NULL);
	tb_node_group(&t, "system", "m5.large", ROLE_KARPENTER_HOME);
	tb_node_group(&t, "a", "m5.large", ROLE_MIGRATE);
	Lowered *lw = lower(t.ir);
	assert_non_null(lw);
	assert_string_equal(lw->cluster.value, "${CLUSTER_NAME}");
	assert_string_equal(lw->region.value, "${AWS_REGION}");
	assert_string_equal(lw->partition.value, "${AWS_PARTITION}");
	assert_int_equal(lw->placeholders.n, 4);
	assert_string_equal(lw->node_role, "KarpenterNodeRole-${CLUSTER_NAME}");
	assert_false(lw->node_role_exists);
	assert_true(tb_reported(KG109));
	tb_free(&t);

	tb_init(&t, NULL);
	t.opt.cluster_name = "prod";
	t.opt.region = "cn-north-1";
	t.opt.account_id = "123456789012";
	tb_node_group(&t, "system", "m5.large", ROLE_KARPENTER_HOME);
	tb_node_group(&t, "a", "m5.large", ROLE_MIGRATE);
	lw = lower(t.ir);
	assert_non_null(lw);
	assert_int_equal(lw->placeholders.n, 0);
	assert_string_equal(lw->partition.value, "aws-cn");
	assert_false(tb_reported(KG109));
	tb_free(&t);
}

static void
names_are_dns1123_and_unique(void **state)
{
	(void)state;
	TB t;
	tb_init(&t, NULL);
	assert_string_equal(dns1123_name(t.a, "Platform_Jobs"), "platform-jobs");
	assert_string_equal(dns1123_name(t.a, "../../etc"), "etc");
	assert_string_equal(dns1123_name(t.a, "__"), "nodegroup");
	assert_int_equal(strlen(dns1123_name(t.a, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")), 63);
	tb_node_group(&t, "system", "m5.large", ROLE_KARPENTER_HOME);
	tb_node_group(&t, "a_b", "m5.large", ROLE_MIGRATE);
	tb_node_group(&t, "a-b", "m5.xlarge", ROLE_MIGRATE);
	Lowered *lw = lower(t.ir);
	assert_non_null(lw);
	assert_string_equal(lw->pools.v[0]->name, "a-b");
	assert_string_equal(lw->pools.v[1]->name, "a-b-2");
	tb_free(&t);
}

static void
unknown_instance_types_refuse(void **state)
{
	(void)state;
	TB t;
	tb_init(&t, NULL);
	tb_node_group(&t, "system", "m5.large", ROLE_KARPENTER_HOME);
	NodeGroup *g = tb_node_group(&t, "a", NULL, ROLE_MIGRATE);
	g->instance_types.set = true;
	g->instance_types.unknown = true;
	g->instance_types.expr = "var.types";
	assert_null(lower(t.ir));
	int n;
	Diag *const *d = diag_sorted(&n);
	bool found = false;
	for (int i = 0; i < n; i++)
		found |= d[i]->rule == KG109 && d[i]->sev == SEV_ERROR;
	assert_true(found);
	tb_free(&t);
}

static void
v1beta1_target(void **state)
{
	(void)state;
	TB t;
	tb_init(&t, "0.36.2");
	tb_domino(&t);
	Lowered *lw = lower(t.ir);
	assert_non_null(lw);
	const Value *doc = pdoc(&t, lw, lw->pools.v[0]);
	assert_string_equal(tb_str(doc, "apiVersion"), "karpenter.sh/v1beta1");
	/* a Domino workload pool: only empty nodes are consolidated (v1beta1 needs consolidateAfter then) */
	assert_string_equal(tb_str(doc, "spec.disruption.consolidationPolicy"), "WhenEmpty");
	assert_string_equal(tb_str(doc, "spec.disruption.expireAfter"), "Never");
	assert_string_equal(tb_str(doc, "spec.disruption.consolidateAfter"), "10m");
	assert_string_equal(tb_str(doc, "spec.template.spec.nodeClassRef.apiVersion"), "karpenter.k8s.aws/v1beta1");
	const Value *nc = lw->classes.v[0]->doc;
	assert_string_equal(tb_str(nc, "apiVersion"), "karpenter.k8s.aws/v1beta1");
	assert_string_equal(tb_str(nc, "spec.amiFamily"), "AL2023");
	assert_null(v_path(nc, "spec.amiSelectorTerms"));
	assert_true(tb_reported(KG230));
	tb_free(&t);

	/* 0.32 has no AL2023 family; 0.29 has no NodePools */
	tb_init(&t, "0.32.10");
	tb_domino(&t);
	assert_null(lower(t.ir));
	assert_true(tb_reported(KG305));
	tb_free(&t);
	tb_init(&t, "0.29.2");
	tb_domino(&t);
	assert_null(lower(t.ir));
	tb_free(&t);
}

static void
widen_spot(void **state)
{
	(void)state;
	TB t;
	tb_init(&t, NULL);
	t.opt.widen_spot = true;
	tb_node_group(&t, "system", "m5.large", ROLE_KARPENTER_HOME);
	NodeGroup *g = tb_node_group(&t, "spot", NULL, ROLE_MIGRATE);
	g->instance_types = tb_strs(&t, "m5.xlarge", "c5.2xlarge", NULL);
	g->capacity_type = tb_s(&t, "SPOT");
	tb_node_group(&t, "od", "m5.xlarge", ROLE_MIGRATE);
	Lowered *lw = lower(t.ir);
	assert_non_null(lw);
	LNodePool *p = pool(lw, "spot");
	assert_true(p->widened);
	assert_null(tb_req(pdoc(&t, lw, p), "node.kubernetes.io/instance-type"));
	assert_int_equal(count_values(tb_req(pdoc(&t, lw, p), "karpenter.k8s.aws/instance-category")), 2);
	assert_non_null(tb_req(pdoc(&t, lw, p), "karpenter.k8s.aws/instance-memory"));
	assert_false(pool(lw, "od")->widened);
	assert_non_null(tb_req(pdoc(&t, lw, pool(lw, "od")), "node.kubernetes.io/instance-type"));
	tb_free(&t);
}

static void
restricted_labels_by_version(void **state)
{
	(void)state;
	TB t;
	tb_init(&t, "1.0.14");
	tb_node_group(&t, "system", "m5.large", ROLE_KARPENTER_HOME);
	NodeGroup *g = tb_node_group(&t, "a", "m5.large", ROLE_MIGRATE);
	g->labels = tb_kv(&t, "team.kubernetes.io/owner", "x", NULL);
	assert_null(lower(t.ir));
	assert_true(tb_reported(KG302));
	tb_free(&t);

	tb_init(&t, "1.14.1");
	tb_node_group(&t, "system", "m5.large", ROLE_KARPENTER_HOME);
	g = tb_node_group(&t, "a", "m5.large", ROLE_MIGRATE);
	g->labels = tb_kv(&t, "team.kubernetes.io/owner", "x", "karpenter.sh/capacity-type", "on-demand", NULL);
	assert_non_null(lower(t.ir));
	tb_free(&t);

	tb_init(&t, "1.14.1");
	tb_node_group(&t, "system", "m5.large", ROLE_KARPENTER_HOME);
	g = tb_node_group(&t, "a", "m5.large", ROLE_MIGRATE);
	g->labels = tb_kv(&t, "karpenter.sh/foo", "x", NULL);
	assert_null(lower(t.ir));
	assert_true(tb_reported(KG302));
	tb_free(&t);

	tb_init(&t, "1.14.1");
	tb_node_group(&t, "system", "m5.large", ROLE_KARPENTER_HOME);
	g = tb_node_group(&t, "a", "m5.large", ROLE_MIGRATE);
	g->labels = tb_kv(&t, "ok", "a'; touch /tmp/x; echo '", NULL);
	assert_null(lower(t.ir));
	assert_true(tb_reported(KG112));
	tb_free(&t);
}

static void
existing_role_and_subnet_ids(void **state)
{
	(void)state;
	TB t;
	tb_init(&t, NULL);
	tb_node_group(&t, "system", "m5.large", ROLE_KARPENTER_HOME);
	NodeGroup *g = tb_node_group(&t, "a", "m5.large", ROLE_MIGRATE);
	g->node_role = tb_s(&t, "arn:aws:iam::111122223333:role/path/eks-nodes");
	g->subnet_ids = tb_strs(&t, "subnet-0e2907431c9988b72", "subnet-04ad87f71c6e5ab4d", NULL);
	t.ir->cluster.cluster_sg = tb_s(&t, "sg-0123456789abcdef0");
	Lowered *lw = lower(t.ir);
	assert_non_null(lw);
	assert_string_equal(lw->node_role, "eks-nodes");
	assert_true(lw->node_role_exists);
	const Value *nc = lw->classes.v[0]->doc;
	const Value *sub = v_path(nc, "spec.subnetSelectorTerms");
	assert_int_equal(sub->n, 2);
	assert_string_equal(tb_str(sub->items[1], "id"), "subnet-04ad87f71c6e5ab4d");
	assert_string_equal(tb_str(v_path(nc, "spec.securityGroupSelectorTerms")->items[0], "id"),
	    "sg-0123456789abcdef0");
	tb_free(&t);
}

static void
bottlerocket_two_volumes(void **state)
{
	(void)state;
	TB t;
	tb_init(&t, NULL);
	t.opt.ami_alias = "bottlerocket@latest";
	tb_node_group(&t, "system", "m5.large", ROLE_KARPENTER_HOME);
	NodeGroup *g = tb_node_group(&t, "br", "m6g.large", ROLE_MIGRATE);
	g->ami_type = tb_s(&t, "BOTTLEROCKET_ARM_64");
	g->volume_size = tb_i(&t, 80);
	Lowered *lw = lower(t.ir);
	assert_non_null(lw);
	const Value *nc = lw->classes.v[0]->doc;
	assert_string_equal(tb_str(v_path(nc, "spec.amiSelectorTerms")->items[0], "alias"), "bottlerocket@latest");
	/* the schema check of the emitted manifest warns about @latest */
	assert_false(tb_reported(KG230));
	assert_int_equal(check_lowered(lw), 0);
	assert_true(tb_reported(KG230));
	const Value *bdm = v_path(nc, "spec.blockDeviceMappings");
	assert_int_equal(bdm->n, 2);
	assert_string_equal(tb_str(bdm->items[1], "deviceName"), "/dev/xvdb");
	assert_string_equal(tb_str(bdm->items[1], "ebs.volumeSize"), "80Gi");
	assert_true(v_is_str(v_get(tb_req(pdoc(&t, lw, lw->pools.v[0]), "kubernetes.io/arch"), "values")->items[0], "arm64"));
	tb_free(&t);
}

/* Every manifest lowering writes is valid for the target's CRDs (schema and CEL). */
static void
manifests_validate_for_each_version(void **state)
{
	(void)state;
	static const char *const versions[] = { "1.14.1", "1.0.14", "0.36.2" };
	for (size_t v = 0; v < sizeof versions / sizeof *versions; v++) {
		TB t;
		tb_init(&t, versions[v]);
		tb_domino(&t);
		t.opt.widen_spot = true;
		NodeGroup *s = tb_node_group(&t, "spot", NULL, ROLE_MIGRATE);
		s->instance_types = tb_strs(&t, "m5.xlarge", "c5.2xlarge", NULL);
		s->capacity_type = tb_s(&t, "SPOT");
		s->max_pods = tb_i(&t, 58);
		s->tags = tb_kv(&t, "Owner", "team-a", "kubernetes.io/cluster/x", "owned", NULL);
		NodeGroup *c = tb_node_group(&t, "custom", "m5.large", ROLE_MIGRATE);
		c->ami_type = tb_s(&t, "CUSTOM");
		c->ami_id = tb_s(&t, "ami-0123456789abcdef0");
		c->ami_family = tb_s(&t, "AL2");
		Lowered *lw = lower(t.ir);
		assert_non_null(lw);
		if (check_lowered(lw) != 0) {
			diag_print(stderr, &(DiagOutput){ 0 });
			fail_msg("Karpenter %s rejects a manifest", versions[v]);
		}
		/* the restricted cluster tag is left out */
		assert_null(v_get(v_path(pool(lw, "spot")->nc->doc, "spec.tags"), "kubernetes.io/cluster/x"));
		tb_free(&t);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(domino_three_pools_two_classes),
		cmocka_unit_test(custom_ami_variants_split),
		cmocka_unit_test(custom_ami_without_family_is_an_error),
		cmocka_unit_test(per_az_copies_fold),
		cmocka_unit_test(no_home_is_kg203),
		cmocka_unit_test(placeholders_when_no_input_gives_them),
		cmocka_unit_test(names_are_dns1123_and_unique),
		cmocka_unit_test(unknown_instance_types_refuse),
		cmocka_unit_test(v1beta1_target),
		cmocka_unit_test(widen_spot),
		cmocka_unit_test(restricted_labels_by_version),
		cmocka_unit_test(existing_role_and_subnet_ids),
		cmocka_unit_test(bottlerocket_two_volumes),
		cmocka_unit_test(manifests_validate_for_each_version),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
