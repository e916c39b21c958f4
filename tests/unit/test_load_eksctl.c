/*
 * test_load_eksctl.c - eksctl ClusterConfig YAML into the IR: positions of
 * values, both taint spellings, spot and instancesDistribution, the
 * karpenter section, unknown keys with "did you mean", fragments, refusals.
 */
#include "unit.h"
#include "irbuild.h"

#include <string.h>

static Arena *A;
static IR *ir;

static int
setup(void **state)
{
	(void)state;
	A = tb_empty()->a;
	ir = tb_state.ir;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	tb_free(&tb_state);
	return 0;
}

static Input *
eksctl(const char *name, const char *text)
{
	SrcFile *f = src_from_mem(A, name, text, strlen(text));
	Input *in = arena_alloc(A, sizeof *in);
	in->file = f;
	in->dialect = D_EKSCTL;
	in->ndocs = yaml_load(A, f, &in->docs);
	assert_true(in->ndocs >= 0);
	VEC_PUSH(A, ir->inputs, in);
	load_eksctl(ir, in);
	ir_link(ir);     /* as ir_load() does once the inputs are read */
	return in;
}

static void
assert_at(const Loc *l, int line, int col)
{
	assert_non_null(l->file);
	assert_int_equal(l->line, line);
	assert_int_equal(l->col, col);
}

static NodeGroup *
group(const char *name)
{
	for (int i = 0; i < ir->groups.n; i++)
		if (ir->groups.v[i]->name.s && strcmp(ir->groups.v[i]->name.s, name) == 0)
			return ir->groups.v[i];
	fail_msg("no group '%s'", name);
	return NULL;
}

static int
ndiags(void)
{
	int n;
	diag_sorted(&n);
	return n;
}

static const char config[] =
    "apiVersion: eksctl.io/v1alpha5\n"                       /* 1 */
    "kind: ClusterConfig\n"                                  /* 2 */
    "metadata:\n"                                            /* 3 */
    "  name: demo\n"                                         /* 4 */
    "  region: eu-west-2\n"                                  /* 5 */
    "  version: 1.30\n"                                      /* 6 */
    "availabilityZones: [eu-west-2a, eu-west-2b]\n"          /* 7 */
    "karpenter:\n"                                           /* 8 */
    "  version: '1.0.6'\n"                                   /* 9 */
    "  withSpotInterruptionQueue: true\n"                    /* 10 */
    "nodeGroups:\n"                                          /* 11 */
    "  - name: legacy\n"                                     /* 12 */
    "    instanceType: c5.xlarge\n"                          /* 13 */
    "    taints:\n"                                          /* 14 */
    "      dedicated: \"batch:NoSchedule\"\n"                /* 15 */
    "      gpu: \":NoExecute\"\n"                            /* 16 */
    "  - name: mixed\n"                                      /* 17 */
    "    instancesDistribution:\n"                           /* 18 */
    "      instanceTypes: [m5.large, m5a.large]\n"           /* 19 */
    "      onDemandBaseCapacity: 0\n"                        /* 20 */
    "      onDemandPercentageAboveBaseCapacity: 0\n"         /* 21 */
    "managedNodeGroups:\n"                                   /* 22 */
    "  - name: spot\n"                                       /* 23 */
    "    instanceTypes: [\"m6i.large\"]\n"                   /* 24 */
    "    spot: true\n"                                       /* 25 */
    "    minSize: 1\n"                                       /* 26 */
    "    volumeSize: 80\n"                                   /* 27 */
    "    ami: auto\n"                                        /* 28 */
    "    taints:\n"                                          /* 29 */
    "      - key: team\n"                                    /* 30 */
    "        value: ml\n"                                    /* 31 */
    "        effect: NoSchedule\n"                           /* 32 */
    "    labels: {role: worker}\n";                          /* 33 */

static void
test_cluster_and_positions(void **state)
{
	(void)state;
	Input *in = eksctl("c.yaml", config);
	assert_string_equal(in->what, "eksctl ClusterConfig");
	assert_int_equal(ndiags(), 0);
	assert_string_equal(ir->cluster.name.s, "demo");
	assert_at(&ir->cluster.name.loc, 4, 9);
	assert_string_equal(ir->cluster.k8s_version.s, "1.30");   /* the spelling, not 1.3 */
	assert_int_equal(ir->cluster.zones.n, 2);
	assert_at(&ir->cluster.zones.v[1].loc, 7, 33);
	assert_true(ir->cluster.karpenter_enabled.v);
	assert_string_equal(ir->cluster.karpenter_version.s, "1.0.6");
	assert_true(ir->cluster.karpenter_interruption_queue.v);
	assert_at(&ir->cluster.karpenter_interruption_queue.loc, 10, 30);
	assert_int_equal(ir->groups.n, 3);

	NodeGroup *spot = group("spot");
	assert_int_equal(spot->source, NGS_EKSCTL);
	assert_false(spot->self_managed);
	assert_at(&spot->loc, 23, 5);
	assert_string_equal(spot->capacity_type.s, "SPOT");
	assert_at(&spot->capacity_type.loc, 25, 11);
	assert_at(&spot->instance_types.v[0].loc, 24, 21);
	assert_int_equal(spot->volume_size.v, 80);
	assert_at(&spot->volume_size.loc, 27, 17);
	assert_false(spot->ami_id.set);                 /* ami: auto is not a custom AMI */
	assert_int_equal(spot->taints.n, 1);
	assert_at(&spot->taints.v[0].effect.loc, 32, 17);
	assert_at(&spot->labels.v[0].value.loc, 33, 20);
}

static void
test_legacy_taint_map(void **state)
{
	(void)state;
	eksctl("c.yaml", config);
	NodeGroup *g = group("legacy");
	assert_true(g->self_managed);
	assert_int_equal(g->taints.n, 2);
	const Taint *t = &g->taints.v[0];
	assert_string_equal(t->key.s, "dedicated");
	assert_at(&t->key.loc, 15, 7);
	assert_string_equal(t->value.s, "batch");
	assert_string_equal(t->effect.s, "NoSchedule");
	assert_at(&t->effect.loc, 15, 18);
	t = &g->taints.v[1];
	assert_string_equal(t->value.s, "");
	assert_string_equal(t->effect.s, "NoExecute");
}

static void
test_instances_distribution(void **state)
{
	(void)state;
	eksctl("c.yaml", config);
	NodeGroup *g = group("mixed");
	assert_int_equal(g->instance_types.n, 2);
	assert_at(&g->instance_types.v[1].loc, 19, 33);
	assert_int_equal(g->on_demand_percent.v, 0);
	assert_string_equal(g->capacity_type.s, "SPOT");
	assert_int_equal(g->capacity_type.origin, ORIGIN_DERIVED);
	assert_at(&g->capacity_type.loc, 21, 44);
}

/* instanceSelector: the catalogue's types matching its criteria as ec2-instance-selector reads them */
static void
test_instance_selector(void **state)
{
	(void)state;
	eksctl("s.yaml",
	    "apiVersion: eksctl.io/v1alpha5\n"
	    "kind: ClusterConfig\n"
	    "metadata: {name: c, region: us-west-2}\n"
	    "managedNodeGroups:\n"
	    "  - name: x86\n"
	    "    instanceSelector: {vCPUs: 2, memory: \"4\"}\n"
	    "  - name: arm\n"
	    "    instanceSelector: {vCPUs: 2, memory: 4096MiB, cpuArchitecture: arm64, gpus: 0}\n"
	    "  - name: none\n"
	    "    instanceSelector: {vCPUs: 3, memory: 1TiB}\n");
	const NodeGroup *x = group("x86"), *a = group("arm"), *n = group("none");
	assert_false(x->instance_types.unknown);
	bool c5 = false, m5 = false;
	for (int i = 0; i < x->instance_types.n; i++) {
		const InstanceType *t = catalog_find(x->instance_types.v[i].s);
		assert_non_null(t);
		assert_int_equal(t->vcpu, 2);
		assert_int_equal(t->memory_mib, 4096);
		assert_int_equal(t->arch, ARCH_AMD64);
		c5 |= strcmp(t->name, "c5.large") == 0;
		m5 |= strcmp(t->name, "m5.large") == 0;
	}
	assert_true(c5);
	assert_false(m5);    /* 8 GiB */
	assert_at(&x->instance_types.loc, 6, 23);
	assert_true(a->instance_types.n > 0);
	for (int i = 0; i < a->instance_types.n; i++)
		assert_int_equal(catalog_find(a->instance_types.v[i].s)->arch, ARCH_ARM64);
	assert_true(n->instance_types.unknown);    /* no match */
}

static void
test_unknown_keys(void **state)
{
	(void)state;
	eksctl("typo.yaml",
	    "apiVersion: eksctl.io/v1alpha5\n"
	    "kind: ClusterConfig\n"
	    "metadata: {name: t}\n"
	    "managedNodeGroup:\n"
	    "  - name: x\n"
	    "nodeGroups:\n"
	    "  - name: why\n"
	    "    desiredCapasity: 2\n"
	    "    frobnicate: 1\n");
	int n;
	Diag *const *d = diag_sorted(&n);
	assert_int_equal(n, 3);
	assert_int_equal(d[0]->rule, KG110);
	assert_at(&d[0]->loc, 4, 1);
	assert_string_equal(d[0]->msg, "unknown key 'managedNodeGroup' in eksctl ClusterConfig");
	assert_string_equal(d[0]->notes.v[0].msg, "did you mean 'managedNodeGroups'?");
	assert_at(&d[1]->loc, 8, 5);
	assert_string_equal(d[1]->notes.v[0].msg, "did you mean 'desiredCapacity'?");
	assert_int_equal(d[2]->notes.n, 0);
	assert_int_equal(ir->groups.n, 1);
}

static void
test_fragment_and_refusal(void **state)
{
	(void)state;
	eksctl("frag.yaml", "nodeGroups:\n  - name: ng1\n    instanceType: m5.large\n");
	assert_int_equal(ir->groups.n, 1);
	eksctl("other.yaml", "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
	int n;
	Diag *const *d = diag_sorted(&n);
	assert_int_equal(n, 2);
	assert_int_equal(d[0]->rule, KG104);
	assert_int_equal(d[0]->sev, SEV_NOTE);   /* read anyway */
	assert_int_equal(d[1]->rule, KG104);
	assert_int_equal(d[1]->sev, SEV_ERROR);
	assert_at(&d[1]->loc, 2, 1);
}

static void
test_bad_values(void **state)
{
	(void)state;
	eksctl("bad.yaml",
	    "apiVersion: eksctl.io/v1alpha5\n"
	    "kind: ClusterConfig\n"
	    "metadata: {name: b, region: \"${AWS_REGION}\"}\n"
	    "nodeGroups:\n"
	    "  - name: ng\n"
	    "    minSize: 99999999999999999999\n"
	    "    taints: {k: novalue}\n"
	    "    instanceSelector: {vCPUs: 2, burstable: x}\n"
	    "  - instanceType: m5.large\n");
	int n;
	Diag *const *d = diag_sorted(&n);
	assert_int_equal(n, 5);
	assert_int_equal(d[0]->rule, KG111);     /* ${AWS_REGION} */
	assert_int_equal(d[0]->sev, SEV_WARNING);
	assert_at(&d[0]->loc, 3, 29);
	assert_true(ir->cluster.region.unknown);
	assert_int_equal(d[1]->rule, KG112);     /* out of range */
	assert_at(&d[1]->loc, 6, 14);
	assert_int_equal(d[2]->rule, KG112);     /* no effect */
	assert_int_equal(d[3]->rule, KG109);     /* instance selector: a criterion karpgen does not read */
	assert_int_equal(d[4]->rule, KG112);     /* no name */
	assert_at(&d[4]->loc, 9, 5);
	assert_int_equal(ir->groups.n, 1);
	assert_true(group("ng")->instance_types.unknown);
}

/* YAML 1.1 booleans where a string is wanted: what was written, with a warning */
static void
test_yaml_boolean_name(void **state)
{
	(void)state;
	eksctl("bool.yaml",
	    "apiVersion: eksctl.io/v1alpha5\n"
	    "kind: ClusterConfig\n"
	    "metadata: {name: b}\n"
	    "nodeGroups:\n"
	    "  - name: no\n"
	    "    labels: {on-demand: yes, spot: true}\n");
	NodeGroup *g = group("no");
	assert_string_equal(g->labels.v[0].value.s, "yes");
	assert_string_equal(g->labels.v[1].value.s, "true");
	int n;
	Diag *const *d = diag_sorted(&n);
	assert_int_equal(n, 2);
	assert_int_equal(d[0]->rule, KG106);
	assert_int_equal(d[0]->sev, SEV_WARNING);
	assert_at(&d[0]->loc, 5, 11);
	assert_string_equal(d[0]->msg, "'name' is 'no', which YAML reads as a boolean, not a string");
	assert_at(&d[1]->loc, 6, 25);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cluster_and_positions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_legacy_taint_map, setup, teardown),
		cmocka_unit_test_setup_teardown(test_instances_distribution, setup, teardown),
		cmocka_unit_test_setup_teardown(test_instance_selector, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fragment_and_refusal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_yaml_boolean_name, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
