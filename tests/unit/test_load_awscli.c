/*
 * test_load_awscli.c - AWS CLI JSON into the IR: positions of the values,
 * the shapes (wrapper, bare item, array, concatenation), linking of launch
 * templates and ASGs in either order, conflicts and refusals.
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

/* Read `text` as the AWS CLI output file `name`, as ir_load would, and link what is read so far. */
static Input *
aws(const char *name, const char *text)
{
	SrcFile *f = src_from_mem(A, name, text, strlen(text));
	Input *in = arena_alloc(A, sizeof *in);
	in->file = f;
	in->dialect = D_AWS_JSON;
	int count = 0;
	in->root = json_load(A, f, &count);
	assert_non_null(in->root);
	VEC_PUSH(A, ir->inputs, in);
	load_aws_json(ir, in);
	ir_link(ir);     /* as ir_load() does once the inputs are read */
	return in;
}

static void
assert_at(const Loc *l, const char *file, int line, int col)
{
	assert_non_null(l->file);
	assert_string_equal(l->file->name, file);
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
count_rule(RuleId r)
{
	int n, k = 0;
	Diag *const *d = diag_sorted(&n);
	for (int i = 0; i < n; i++)
		k += d[i]->rule == r;
	return k;
}

static const char nodegroup_json[] =
    "{\n"
    "    \"nodegroup\": {\n"
    "        \"nodegroupName\": \"ng-a\",\n"
    "        \"nodegroupArn\": \"arn:aws:eks:eu-west-1:111122223333:nodegroup/c1/ng-a/x\",\n"
    "        \"clusterName\": \"c1\",\n"
    "        \"scalingConfig\": {\"minSize\": 2, \"maxSize\": 5, \"desiredSize\": 3},\n"
    "        \"instanceTypes\": [\"m5.large\", \"m5a.large\"],\n"
    "        \"taints\": [{\"key\": \"k\", \"value\": \"v\", \"effect\": \"NO_EXECUTE\"}],\n"
    "        \"labels\": {\"team\": \"x\"},\n"
    "        \"launchTemplate\": {\"name\": \"lt-name\", \"version\": \"$Default\", \"id\": \"lt-0abc\"},\n"
    "        \"resources\": {\"autoScalingGroups\": [{\"name\": \"eks-ng-a-x\"}]}\n"
    "    }\n"
    "}\n";

static void
test_nodegroup_positions(void **state)
{
	(void)state;
	Input *in = aws("ng.json", nodegroup_json);
	assert_string_equal(in->what, "describe-nodegroup");
	assert_int_equal(ir->groups.n, 1);
	NodeGroup *g = group("ng-a");
	assert_int_equal(g->source, NGS_AWS_CLI);
	assert_at(&g->loc, "ng.json", 2, 18);
	assert_at(&g->name.loc, "ng.json", 3, 26);
	assert_int_equal(g->min_size.v, 2);
	assert_at(&g->min_size.loc, "ng.json", 6, 38);
	assert_int_equal(g->max_size.v, 5);
	assert_at(&g->max_size.loc, "ng.json", 6, 52);
	assert_int_equal(g->instance_types.n, 2);
	assert_at(&g->instance_types.v[1].loc, "ng.json", 7, 39);
	assert_int_equal(g->taints.n, 1);
	assert_string_equal(g->taints.v[0].effect.s, "NO_EXECUTE");
	assert_at(&g->taints.v[0].effect.loc, "ng.json", 8, 57);
	assert_at(&g->labels.v[0].key.loc, "ng.json", 9, 20);
	assert_string_equal(g->launch_template.s, "lt-0abc");
	assert_string_equal(g->launch_template_name.s, "lt-name");
	assert_string_equal(g->asg_name.s, "eks-ng-a-x");
	/* the cluster from the group's own fields and ARN */
	assert_string_equal(ir->cluster.name.s, "c1");
	assert_string_equal(ir->cluster.region.s, "eu-west-1");
	assert_int_equal(ir->cluster.region.origin, ORIGIN_DERIVED);
	assert_at(&ir->cluster.region.loc, "ng.json", 4, 25);
	assert_string_equal(ir->cluster.account_id.s, "111122223333");
	assert_int_equal(count_rule(KG104) + count_rule(KG106), 0);
}

static const char lt_json[] =
    "{\"LaunchTemplateVersions\": [\n"
    "  {\"LaunchTemplateId\": \"lt-0abc\", \"VersionNumber\": 1, \"DefaultVersion\": false,\n"
    "   \"LaunchTemplateData\": {\"ImageId\": \"ami-11111111\"}},\n"
    "  {\"LaunchTemplateId\": \"lt-0abc\", \"VersionNumber\": 2, \"DefaultVersion\": true,\n"
    "   \"LaunchTemplateData\": {\"ImageId\": \"ami-22222222\",\n"
    "     \"BlockDeviceMappings\": [{\"DeviceName\": \"/dev/xvda\", \"Ebs\": {\"VolumeSize\": 75}}],\n"
    "     \"MetadataOptions\": {\"HttpTokens\": \"required\"}}}\n"
    "]}\n";

/* The default version reaches the group whichever file comes first. */
static void
check_linked(void)
{
	NodeGroup *g = group("ng-a");
	assert_string_equal(g->ami_id.s, "ami-22222222");
	assert_at(&g->ami_id.loc, "lt.json", 5, 38);
	/* the mapping as written; resolve_root_volume() makes the root device's the root volume */
	assert_int_equal(g->volumes.n, 1);
	assert_string_equal(g->volumes.v[0].device.s, "/dev/xvda");
	assert_int_equal(g->volumes.v[0].size.v, 75);
	assert_at(&g->volumes.v[0].size.loc, "lt.json", 6, 80);
	assert_string_equal(g->metadata_http_tokens.s, "required");
	assert_true(aws_input_used(ir, ir->inputs.v[0]->file) || aws_input_used(ir, ir->inputs.v[1]->file));
}

static void
test_launch_template_after(void **state)
{
	(void)state;
	aws("ng.json", nodegroup_json);
	aws("lt.json", lt_json);
	check_linked();
}

static void
test_launch_template_before(void **state)
{
	(void)state;
	aws("lt.json", lt_json);
	aws("ng.json", nodegroup_json);
	check_linked();
}

static const char asg_json[] =
    "[\n"
    "  {\"AutoScalingGroupName\": \"eks-ng-a-x\", \"MinSize\": 2, \"MaxSize\": 5,\n"
    "   \"AvailabilityZones\": [\"eu-west-1a\", \"eu-west-1b\"],\n"
    "   \"Tags\": [{\"Key\": \"eks:nodegroup-name\", \"Value\": \"ng-a\"}]},\n"
    "  {\"AutoScalingGroupName\": \"self-managed\", \"MinSize\": 1, \"MaxSize\": 1,\n"
    "   \"MixedInstancesPolicy\": {\"LaunchTemplate\": {\"Overrides\": [{\"InstanceType\": \"c5.large\"}]},\n"
    "     \"InstancesDistribution\": {\"OnDemandPercentageAboveBaseCapacity\": 0}}}\n"
    "]\n";

/* An EKS group's ASG adds its zones; in either order, no second group is left. */
static void
check_asgs(void)
{
	assert_int_equal(ir->groups.n, 2);
	NodeGroup *g = group("ng-a");
	assert_false(g->self_managed);
	assert_int_equal(g->zones.n, 2);
	assert_at(&g->zones.v[1].loc, "asg.json", 3, 40);
	NodeGroup *s = group("self-managed");
	assert_true(s->self_managed);
	assert_string_equal(s->instance_types.v[0].s, "c5.large");
	assert_string_equal(s->capacity_type.s, "SPOT");
	assert_int_equal(s->capacity_type.origin, ORIGIN_DERIVED);
}

static void
test_asg_after(void **state)
{
	(void)state;
	aws("ng.json", nodegroup_json);
	aws("asg.json", asg_json);
	check_asgs();
}

static void
test_asg_before(void **state)
{
	(void)state;
	aws("asg.json", asg_json);
	assert_int_equal(ir->groups.n, 2);   /* each ASG a group of its own, for now */
	aws("ng.json", nodegroup_json);
	check_asgs();
}

static void
test_concatenation_and_subnets(void **state)
{
	(void)state;
	aws("two.json",
	    "{\"nodegroup\": {\"nodegroupName\": \"a\", \"subnets\": [\"subnet-1\", \"subnet-2\"]}}\n"
	    "{\"nodegroup\": {\"nodegroupName\": \"b\"}}\n"
	    "{\"Subnets\": [{\"SubnetId\": \"subnet-1\", \"AvailabilityZone\": \"eu-west-1a\","
	    " \"AvailabilityZoneId\": \"euw1-az2\", \"Tags\": [{\"Key\": \"karpenter.sh/discovery\", \"Value\": \"c1\"}]},"
	    " {\"SubnetId\": \"subnet-2\", \"AvailabilityZone\": \"eu-west-1b\", \"AvailabilityZoneId\": \"euw1-az1\"}]}\n");
	assert_int_equal(ir->groups.n, 2);
	assert_int_equal(ir->cluster.subnets.n, 2);
	assert_string_equal(ir->cluster.subnets.v[0].tags.v[0].key.s, "karpenter.sh/discovery");
	assert_at(&ir->cluster.subnets.v[0].tags.v[0].value.loc, "two.json", 3, 159);
	assert_int_equal(ir->cluster.zone_map.n, 2);
	assert_string_equal(ir->cluster.zone_map.v[1].id.s, "euw1-az1");
	/* zones from the subnets the group names */
	NodeGroup *a = group("a");
	assert_int_equal(a->zones.n, 2);
	assert_string_equal(a->zones.v[0].s, "eu-west-1a");
	assert_int_equal(a->zones.origin, ORIGIN_DERIVED);
	assert_false(group("b")->zones.set);
}

static void
test_cluster_conflict(void **state)
{
	(void)state;
	aws("c1.json", "{\"cluster\": {\"name\": \"one\", \"arn\": \"arn:aws:eks:us-east-1:111122223333:cluster/one\"}}\n");
	aws("c2.json", "{\"cluster\": {\"name\": \"two\",\n\"arn\": \"arn:aws:eks:us-west-2:111122223333:cluster/two\"}}\n");
	int n;
	Diag *const *d = diag_sorted(&n);
	assert_int_equal(n, 2);
	assert_int_equal(d[0]->rule, KG107);
	assert_at(&d[0]->loc, "c2.json", 1, 22);
	assert_at(&d[0]->notes.v[0].loc, "c1.json", 1, 22);
	assert_int_equal(d[1]->rule, KG107);   /* the region from the two ARNs */
	assert_at(&d[1]->loc, "c2.json", 2, 8);
	assert_string_equal(ir->cluster.name.s, "one");
}

static void
test_refusals(void **state)
{
	(void)state;
	Input *in = aws("list.json", "{\n  \"nodegroups\": [\"a\", \"b\"]\n}\n");
	assert_int_equal(in->dialect, D_UNKNOWN);
	aws("other.json", "[\n  {\"foo\": 1, \"bar\": 2}\n]\n");
	int n;
	Diag *const *d = diag_sorted(&n);
	assert_int_equal(n, 2);
	assert_int_equal(d[0]->rule, KG104);
	assert_at(&d[0]->loc, "list.json", 1, 1);
	assert_string_equal(d[0]->msg, "'aws eks list-nodegroups' output holds no node group definition");
	assert_int_equal(d[1]->rule, KG104);
	assert_at(&d[1]->loc, "other.json", 2, 3);
	assert_string_equal(d[1]->msg,
	    "no AWS CLI output karpgen reads has this shape: an object with keys 'foo', 'bar'");
	assert_int_equal(ir->groups.n, 0);
}

static void
test_cloudformation(void **state)
{
	(void)state;
	aws("stack.json",
	    "{\"Resources\": {\n"
	    "  \"LT\": {\"Type\": \"AWS::EC2::LaunchTemplate\", \"Properties\": {\"LaunchTemplateData\":\n"
	    "    {\"ImageId\": \"ami-33333333\"}}},\n"
	    "  \"NG\": {\"Type\": \"AWS::EKS::Nodegroup\", \"Properties\": {\"NodegroupName\": \"cf\",\n"
	    "    \"ScalingConfig\": {\"MinSize\": 1}, \"NodeRole\": {\"Fn::GetAtt\": [\"Role\", \"Arn\"]},\n"
	    "    \"LaunchTemplate\": {\"Id\": {\"Ref\": \"LT\"}}}}\n"
	    "}}\n");
	NodeGroup *g = group("cf");
	assert_int_equal(g->min_size.v, 1);
	assert_true(g->node_role.unknown);
	assert_string_equal(g->node_role.expr, "{\"Fn::GetAtt\":[\"Role\",\"Arn\"]}");
	assert_string_equal(g->ami_id.s, "ami-33333333");
	assert_at(&g->ami_id.loc, "stack.json", 3, 17);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_nodegroup_positions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_launch_template_after, setup, teardown),
		cmocka_unit_test_setup_teardown(test_launch_template_before, setup, teardown),
		cmocka_unit_test_setup_teardown(test_asg_after, setup, teardown),
		cmocka_unit_test_setup_teardown(test_asg_before, setup, teardown),
		cmocka_unit_test_setup_teardown(test_concatenation_and_subnets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cluster_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cloudformation, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
