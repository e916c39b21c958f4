/*
 * test_load_tfvars.c - the Terraform front-ends: every value read from HCL
 * into the IR keeps the file:line:col it was written at (and defaults and
 * derived values say where they come from), Domino groups get what
 * modules/nodes adds, var./local. references are followed, and a conflict
 * between two tfvars points at both.
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
	pattern_free_all();
	return 0;
}

/* Read one HCL text as an input of the given dialect, as ir_load() would. */
static void
add(const char *name, const char *text, Dialect d)
{
	SrcFile *f = src_from_mem(A, name, text, strlen(text));
	Input *in = arena_alloc(A, sizeof *in);
	in->file = f;
	in->dialect = d;
	in->root = hcl_parse(A, f);
	assert_non_null(in->root);
	VEC_PUSH(A, ir->inputs, in);
	load_hcl_input(ir, in);
}

static NodeGroup *
group(const char *name)
{
	for (int i = 0; i < ir->groups.n; i++)
		if (strcmp(ir->groups.v[i]->name.s, name) == 0)
			return ir->groups.v[i];
	fail_msg("no node group '%s'", name);
	static NodeGroup none;  /* not reached: fail_msg() ends the test */
	return &none;
}

static void
at(const Loc *l, const char *file, int line, int col)
{
	assert_non_null(l->file);
	assert_string_equal(l->file->name, file);
	assert_int_equal(l->line, line);
	assert_int_equal(l->col, col);
}

static const KV *
label(const NodeGroup *g, const char *key)
{
	for (int i = 0; i < g->labels.n; i++)
		if (strcmp(g->labels.v[i].key.s, key) == 0)
			return &g->labels.v[i];
	fail_msg("no label '%s'", key);
	static KV none;         /* not reached: fail_msg() ends the test */
	return &none;
}

static int
count_rule(RuleId r)
{
	int n, k = 0;
	Diag *const *d = diag_sorted(&n);
	for (int i = 0; i < n; i++)
		k += d[i]->rule == r;
	return k;
}

static const char domino[] =
    "deploy_id = \"mycluster\"\n"                                  /* 1 */
    "region    = \"us-west-2\"\n"                                  /* 2 */
    "additional_node_groups = {\n"                                 /* 3 */
    "  gpu-big = {\n"                                              /* 4 */
    "    instance_types        = [\"g5.12xlarge\", \"g5.24xlarge\"]\n" /* 5 */
    "    min_per_az            = 0\n"                              /* 6 */
    "    max_per_az            = 4\n"                              /* 7 */
    "    desired_per_az        = 0\n"                              /* 8 */
    "    availability_zone_ids = [\"usw2-az1\", \"usw2-az2\"]\n"   /* 9 */
    "    labels = {\n"                                             /* 10 */
    "      \"dominodatalab.com/node-pool\" = \"gpu-big\"\n"        /* 11 */
    "    }\n"                                                      /* 12 */
    "    volume = { size = 200, type = \"gp3\" }\n"                /* 13 */
    "  }\n"                                                        /* 14 */
    "}\n"                                                          /* 15 */
    "default_node_groups = {\n"                                    /* 16 */
    "  compute  = { availability_zone_ids = [\"usw2-az1\"] }\n"    /* 17 */
    "  platform = { availability_zone_ids = [\"usw2-az1\"], spot = true }\n" /* 18 */
    "  gpu      = null\n"                                          /* 19 */
    "}\n";

static void
domino_values_keep_their_positions(void **state)
{
	(void)state;
	add("nodes.tfvars", domino, D_HCL_TFVARS);
	load_hcl_finish(ir);
	assert_true(ir->domino);
	/* gpu = null is filtered out, as the module does */
	assert_int_equal(ir->groups.n, 3);

	at(&ir->cluster.deploy_id.loc, "nodes.tfvars", 1, 13);
	at(&ir->cluster.region.loc, "nodes.tfvars", 2, 13);
	assert_int_equal(ir->cluster.name.origin, ORIGIN_DERIVED);

	NodeGroup *g = group("gpu-big");
	at(&g->loc, "nodes.tfvars", 4, 3);
	at(&g->instance_types.loc, "nodes.tfvars", 5, 29);
	at(&g->instance_types.v[1].loc, "nodes.tfvars", 5, 45);
	at(&g->max_size.loc, "nodes.tfvars", 7, 29);
	assert_int_equal(g->max_size.v, 4);
	assert_int_equal(g->max_size.origin, ORIGIN_INPUT);
	at(&g->zones.v[1].loc, "nodes.tfvars", 9, 42);
	const KV *pool = label(g, "dominodatalab.com/node-pool");
	at(&pool->key.loc, "nodes.tfvars", 11, 7);
	at(&pool->value.loc, "nodes.tfvars", 11, 39);
	/* 200 written as a number where the module declares a string: converted, still located */
	assert_int_equal(g->volume_size.v, 200);
	at(&g->volume_size.loc, "nodes.tfvars", 13, 23);
	/* what modules/nodes adds to a GPU group: derived from the instance types that make it one */
	const KV *gl = label(g, "nvidia.com/gpu");
	assert_int_equal(gl->value.origin, ORIGIN_DERIVED);
	at(&gl->value.loc, "nodes.tfvars", 5, 29);
	assert_string_equal(g->ami_type.s, "AL2023_x86_64_NVIDIA");
	bool gpu_taint = false, ebs_taint = false;
	for (int i = 0; i < g->taints.n; i++) {
		gpu_taint |= strcmp(g->taints.v[i].key.s, "nvidia.com/gpu") == 0 &&
		    strcmp(g->taints.v[i].effect.s, "NO_SCHEDULE") == 0;
		ebs_taint |= strcmp(g->taints.v[i].key.s, "ebs.csi.aws.com/agent-not-ready") == 0 &&
		    g->taints.v[i].origin == ORIGIN_DEFAULT;
	}
	assert_true(gpu_taint);
	assert_true(ebs_taint);
	assert_true(g->per_az);
	assert_string_equal(label(g, "dominodatalab.com/domino-node")->value.s, "true");

	/* a default: placed at the group's key, named after the module copy it comes from */
	NodeGroup *c = group("compute");
	assert_int_equal(c->instance_types.origin, ORIGIN_DEFAULT);
	at(&c->instance_types.loc, "nodes.tfvars", 17, 3);
	assert_string_equal(c->defaults_from, "module nodes");
	assert_int_equal(c->volume_size.v, 1000);
	NodeGroup *p = group("platform");
	assert_string_equal(p->capacity_type.s, "SPOT");
	assert_int_equal(p->capacity_type.origin, ORIGIN_DERIVED);
	at(&p->capacity_type.loc, "nodes.tfvars", 18, 61);
	assert_int_equal(p->volume_size.v, 100);
}

static const char variables_tf[] =
    "variable \"additional_node_groups\" {\n"                      /* 1 */
    "  type = map(object({\n"                                      /* 2 */
    "    instance_types = optional(list(string), [\"m5.large\"])\n" /* 3 */
    "    min_per_az     = optional(number, 1)\n"                   /* 4 */
    "    max_per_az     = number\n"                                /* 5 */
    "    desired_per_az = optional(number, 1)\n"                   /* 6 */
    "    availability_zone_ids = list(string)\n"                   /* 7 */
    "    labels = optional(map(string), {})\n"                     /* 8 */
    "    volume = optional(object({ size = optional(number, 40), type = optional(string, \"gp2\") }), {})\n" /* 9 */
    "  }))\n"                                                      /* 10 */
    "  default = {}\n"                                             /* 11 */
    "}\n";

static void
variables_tf_defaults_point_at_the_declaration(void **state)
{
	(void)state;
	/* the declaration may come after the values on the command line */
	add("x.tfvars", "deploy_id = \"d\"\nadditional_node_groups = {\n  small = {\n"
	    "    max_per_az = 2\n    availability_zone_ids = [\"usw2-az1\"]\n  }\n}\n", D_HCL_TFVARS);
	add("variables.tf", variables_tf, D_HCL_TF);
	load_hcl_finish(ir);
	NodeGroup *g = group("small");
	assert_int_equal(g->instance_types.origin, ORIGIN_DEFAULT);
	at(&g->instance_types.loc, "variables.tf", 3, 45);
	assert_int_equal(g->min_size.v, 1);
	at(&g->min_size.loc, "variables.tf", 4, 39);
	assert_int_equal(g->volume_size.v, 40);
	at(&g->volume_size.loc, "variables.tf", 9, 56);
	assert_string_equal(g->volume_type.s, "gp2");
	at(&g->max_size.loc, "x.tfvars", 4, 18);
	assert_string_equal(g->defaults_from, "variables.tf");
}

static const char eks_tf[] =
    "locals {\n"                                                   /* 1 */
    "  name = \"demo\"\n"                                          /* 2 */
    "  types = [\"m6i.large\", \"m6a.large\"]\n"                   /* 3 */
    "}\n"                                                          /* 4 */
    "module \"eks\" {\n"                                           /* 5 */
    "  source  = \"terraform-aws-modules/eks/aws\"\n"              /* 6 */
    "  version = \"~> 21.0\"\n"                                    /* 7 */
    "  name    = local.name\n"                                     /* 8 */
    "  eks_managed_node_group_defaults = { capacity_type = \"SPOT\" }\n" /* 9 */
    "  eks_managed_node_groups = {\n"                              /* 10 */
    "    web = {\n"                                                /* 11 */
    "      instance_types = local.types\n"                         /* 12 */
    "      max_size       = var.web_max\n"                         /* 13 */
    "      subnet_ids     = module.vpc.private_subnets\n"          /* 14 */
    "      taints = { a = { key = \"k\", value = \"v\", effect = \"NO_SCHEDULE\" } }\n" /* 15 */
    "    }\n"                                                      /* 16 */
    "  }\n"                                                        /* 17 */
    "}\n";

static void
eks_module_references_and_unknowns(void **state)
{
	(void)state;
	add("eks.tf", eks_tf, D_HCL_TF);
	add("prod.tfvars", "web_max = 7\n", D_HCL_TFVARS);
	load_hcl_finish(ir);
	NodeGroup *g = group("web");
	assert_string_equal(g->scope, "module.eks");
	/* local.types followed to where the list is written */
	assert_int_equal(g->instance_types.n, 2);
	at(&g->instance_types.loc, "eks.tf", 3, 11);
	/* var.web_max answered by the tfvars */
	assert_int_equal(g->max_size.v, 7);
	at(&g->max_size.loc, "prod.tfvars", 1, 11);
	/* from the module's defaults block, where it is written */
	assert_string_equal(g->capacity_type.s, "SPOT");
	at(&g->capacity_type.loc, "eks.tf", 9, 55);
	/* never guessed: unknown, with its text and place */
	assert_true(g->subnet_ids.unknown);
	assert_string_equal(g->subnet_ids.expr, "module.vpc.private_subnets");
	at(&g->subnet_ids.loc, "eks.tf", 14, 24);
	/* v21's own default, placed at the group */
	assert_int_equal(g->min_size.origin, ORIGIN_DEFAULT);
	at(&g->min_size.loc, "eks.tf", 11, 5);
	assert_int_equal(g->taints.n, 1);
	at(&g->taints.v[0].effect.loc, "eks.tf", 15, 57);
	at(&ir->cluster.name.loc, "eks.tf", 2, 10);
	assert_int_equal(count_rule(KG104), 0);
}

static void
conflict_points_at_both_files(void **state)
{
	(void)state;
	add("infra.tfvars", "deploy_id = \"a\"\nadditional_node_groups = {\n  x = {\n"
	    "    instance_types = [\"m5.large\"]\n    min_per_az = 0\n    max_per_az = 1\n    desired_per_az = 0\n"
	    "    availability_zone_ids = [\"usw2-az1\"]\n    labels = {}\n    volume = { size = 50, type = \"gp3\" }\n"
	    "  }\n}\n", D_HCL_TFVARS);
	add("nodes.tfvars", "deploy_id = \"a\"\nadditional_node_groups = {\n  x = {\n"
	    "    instance_types = [\"m5.xlarge\"]\n    min_per_az = 0\n    max_per_az = 1\n    desired_per_az = 0\n"
	    "    availability_zone_ids = [\"usw2-az1\"]\n    labels = {}\n    volume = { size = \"50\", type = \"gp3\" }\n"
	    "  }\n}\n", D_HCL_TFVARS);
	load_hcl_finish(ir);
	int n;
	Diag *const *d = diag_sorted(&n);
	int k = 0;
	for (int i = 0; i < n; i++) {
		if (d[i]->rule != KG107)
			continue;
		k++;
		/* the later file's value, with a note at the one kept */
		at(&d[i]->loc, "nodes.tfvars", 4, 22);
		assert_true(strstr(d[i]->msg, "additional_node_groups.x.instance_types") != NULL);
		assert_true(d[i]->notes.n >= 1);
		at(&d[i]->notes.v[0].loc, "infra.tfvars", 4, 22);
	}
	/* size 50 and "50" are the same value to Terraform: one conflict only */
	assert_int_equal(k, 1);
	assert_string_equal(group("x")->instance_types.v[0].s, "m5.large");
}

static void
placeholders_in_tfvars_are_kg111(void **state)
{
	(void)state;
	add("ci.tfvars", "deploy_id = \"ci-${BUILD}\"\nregion = \"${REGION}\"\n", D_HCL_TFVARS);
	load_hcl_finish(ir);
	assert_int_equal(count_rule(KG111), 2);
}

static void
system_node_group_is_the_karpenter_home(void **state)
{
	(void)state;
	/* the older docs' name, as one group or as a map of groups */
	add("a.tfvars", "deploy_id = \"x\"\nsystem_node_group = {\n  availability_zone_ids = [\"usw2-az1\"]\n}\n",
	    D_HCL_TFVARS);
	load_hcl_finish(ir);
	NodeGroup *g = group("system");
	assert_int_equal(g->role, ROLE_KARPENTER_HOME);
	assert_string_equal(g->role_why, "system_node_group");
	at(&g->loc, "a.tfvars", 2, 1);
	/* karpenter defaults: no domino-node label, max 3 per zone */
	assert_int_equal(g->max_size.v, 3);
	for (int i = 0; i < g->labels.n; i++)
		assert_string_not_equal(g->labels.v[i].key.s, "dominodatalab.com/domino-node");
}

static void
system_node_group_map(void **state)
{
	(void)state;
	add("a.tfvars", "deploy_id = \"x\"\nsystem_node_group = {\n  sys = { availability_zone_ids = [\"usw2-az1\"] }\n}\n",
	    D_HCL_TFVARS);
	load_hcl_finish(ir);
	NodeGroup *g = group("sys");
	assert_int_equal(g->role, ROLE_KARPENTER_HOME);
	at(&g->loc, "a.tfvars", 3, 3);
}

/*
 * A node-group variable set to null stays null, as in Terraform (>= 1.1),
 * and modules/nodes reads a null map as no groups: the last step of the
 * migration guide, which must leave only the karpenter groups.
 */
static void
null_node_group_variables_are_no_groups(void **state)
{
	(void)state;
	add("nodes.tfvars",
	    "deploy_id = \"x\"\n"
	    "default_node_groups    = null\n"
	    "additional_node_groups = null\n"
	    "karpenter_node_groups  = { karpenter = { availability_zone_ids = [\"usw2-az1\"] } }\n", D_HCL_TFVARS);
	/* the infra stage says {} where nodes says null: the same groups, no KG107 */
	add("infra.tfvars", "default_node_groups = null\nadditional_node_groups = {}\n", D_HCL_TFVARS);
	load_hcl_finish(ir);
	assert_int_equal(ir->groups.n, 1);
	assert_int_equal(group("karpenter")->role, ROLE_KARPENTER_HOME);
	assert_int_equal(count_rule(KG107), 0);
	assert_int_equal(count_rule(KG105), 0);
}

static void
all_null_is_kg105(void **state)
{
	(void)state;
	add("nodes.tfvars", "default_node_groups = null\nadditional_node_groups = null\nkarpenter_node_groups = null\n",
	    D_HCL_TFVARS);
	load_hcl_finish(ir);
	assert_int_equal(ir->groups.n, 0);
	assert_int_equal(count_rule(KG105), 1);
	int n;
	Diag *const *d = diag_sorted(&n);
	assert_int_equal(n, 1);
	at(&d[0]->loc, "nodes.tfvars", 1, 1);
	/* a note at each null value, and the fix */
	assert_int_equal(d[0]->notes.n, 4);
	at(&d[0]->notes.v[1].loc, "nodes.tfvars", 2, 26);
}

static void
absent_or_not_nullable_takes_the_default(void **state)
{
	(void)state;
	/* left out: the module's default groups (compute, platform, gpu) */
	add("a.tfvars", "deploy_id = \"x\"\n", D_HCL_TFVARS);
	load_hcl_finish(ir);
	assert_int_equal(ir->groups.n, 3);
	assert_int_equal(group("gpu")->name.origin, ORIGIN_DEFAULT);
}

static void
nullable_false_declaration(void **state)
{
	(void)state;
	add("variables.tf",
	    "variable \"default_node_groups\" {\n"
	    "  type = map(object({ availability_zone_ids = list(string) }))\n"
	    "  nullable = false\n"
	    "  default = { only = { availability_zone_ids = [\"usw2-az2\"] } }\n"
	    "}\n"
	    "variable \"additional_node_groups\" {\n"
	    "  type = map(object({ availability_zone_ids = list(string) }))\n"
	    "  default = { extra = { availability_zone_ids = [\"usw2-az3\"] } }\n"
	    "}\n", D_HCL_TF);
	add("a.tfvars", "default_node_groups = null\nadditional_node_groups = null\n", D_HCL_TFVARS);
	load_hcl_finish(ir);
	/* default_node_groups takes its default; additional, nullable, stays null */
	assert_int_equal(ir->groups.n, 1);
	NodeGroup *g = group("only");
	assert_int_equal(g->name.origin, ORIGIN_DEFAULT);
	assert_string_equal(g->zones.v[0].s, "usw2-az2");
}

/* A region two inputs disagree on is one KG107, however many front-ends read it. */
static void
region_conflict_reported_once(void **state)
{
	(void)state;
	add("infra.tfvars", "deploy_id = \"x\"\nregion = \"us-west-2\"\n", D_HCL_TFVARS);
	add("nodes.tfvars", "deploy_id = \"x\"\nregion = \"eu-west-1\"\n", D_HCL_TFVARS);
	load_hcl_finish(ir);
	assert_int_equal(count_rule(KG107), 1);
	assert_string_equal(ir->cluster.region.s, "us-west-2");
	int n;
	Diag *const *d = diag_sorted(&n);
	for (int i = 0; i < n; i++)
		if (d[i]->rule == KG107)
			at(&d[i]->loc, "nodes.tfvars", 2, 10);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(domino_values_keep_their_positions, setup, teardown),
		cmocka_unit_test_setup_teardown(variables_tf_defaults_point_at_the_declaration, setup, teardown),
		cmocka_unit_test_setup_teardown(eks_module_references_and_unknowns, setup, teardown),
		cmocka_unit_test_setup_teardown(conflict_points_at_both_files, setup, teardown),
		cmocka_unit_test_setup_teardown(placeholders_in_tfvars_are_kg111, setup, teardown),
		cmocka_unit_test_setup_teardown(system_node_group_is_the_karpenter_home, setup, teardown),
		cmocka_unit_test_setup_teardown(system_node_group_map, setup, teardown),
		cmocka_unit_test_setup_teardown(null_node_group_variables_are_no_groups, setup, teardown),
		cmocka_unit_test_setup_teardown(all_null_is_kg105, setup, teardown),
		cmocka_unit_test_setup_teardown(absent_or_not_nullable_takes_the_default, setup, teardown),
		cmocka_unit_test_setup_teardown(nullable_false_declaration, setup, teardown),
		cmocka_unit_test_setup_teardown(region_conflict_reported_once, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
