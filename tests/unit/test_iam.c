/*
 * test_iam.c - the kit's IAM documents (emit_iam.c) against the official
 * CloudFormation, the quota split, and KG401-KG404 (check_iam.c) on the
 * testdata/rules/KG40x-* fail and pass cases.
 */
#include "unit.h"
#include "irbuild.h"

#include <dirent.h>
#include <stdlib.h>


static Lowered *
kit(TB *t, const char *version, const char *cluster)
{
	tb_init(t, version);
	t->opt.cluster_name = cluster;
	t->opt.region = "us-west-2";
	t->opt.account_id = "111122223333";
	tb_node_group(t, "system", "m5.large", ROLE_KARPENTER_HOME);
	NodeGroup *g = tb_node_group(t, "a", "m5.large", ROLE_MIGRATE);
	g->ami_type = tb_s(t, "AL2_x86_64");   /* every version has AL2 */
	Lowered *lw = tb_lower_ir(t->ir);
	if (!lw)
		fail();    /* lowering stopped; fail() ends the test */
	return lw;
}

/* The official documents of the reference, filled in as the kit's are (NULL without ../shared). */
static Value *
reference_policies(TB *t, const Lowered *lw)
{
	SrcFile *f = src_read(t->a, "../shared/reference/karpenter/v1.14.1/controller-policies.json");
	if (!f)
		return NULL;
	int n;
	Value *root = json_load(t->a, f, &n);
	assert_non_null(root);
	return iam_subst(t->a, v_get(root, "policies"), iam_kit_subst(lw));
}

static void
v1_14_policy_is_the_official_one(void **state)
{
	(void)state;
	TB t;
	Lowered *lw = kit(&t, "1.14.1", "prod");
	IamDoc *docs;
	int n = iam_controller_docs(lw, &docs);
	assert_int_equal(n, 6);
	Value *ref = reference_policies(&t, lw);
	if (!ref) {
		tb_free(&t);
		shared_absent("../shared/reference/karpenter/v1.14.1/controller-policies.json");
	}
	assert_int_equal(ref->n, 6);
	for (int i = 0; i < n; i++) {
		/* same names, same documents statement for statement, in the same order */
		assert_string_equal(docs[i].name, ref->members[i].key);
		if (!value_equal(docs[i].doc, ref->members[i].val)) {
			char *a = value_to_json(docs[i].doc, true), *b = value_to_json(ref->members[i].val, true);
			fprintf(stderr, "%s\n---\n%s\n", a, b);
			free(a);
			free(b);
			fail_msg("%s differs from the official document", docs[i].name);
		}
		assert_true(docs[i].size <= IAM_MANAGED_POLICY_QUOTA);
		/* filled in: no CloudFormation substitution is left */
		char *j = value_to_json(docs[i].doc, false);
		assert_null(strstr(j, "${"));
		assert_non_null(strstr(j, "111122223333") ? j : strstr(j, "prod"));
		free(j);
	}
	/* the PassRole resource is the node role, nothing broader */
	char *j = value_to_json(docs[1].doc, false);
	assert_non_null(strstr(j, "\"Resource\":\"arn:aws:iam::111122223333:role/KarpenterNodeRole-prod\""));
	free(j);
	tb_free(&t);
}

/* Statements of every document, in order. */
static int
statements(IamDoc *docs, int n, const Value **out, int max)
{
	int k = 0;
	for (int i = 0; i < n; i++) {
		const Value *st = v_get(docs[i].doc, "Statement");
		for (int s = 0; st && s < st->n && k < max; s++)
			out[k++] = st->items[s];
	}
	return k;
}

static void
long_cluster_names_split_under_the_quota(void **state)
{
	(void)state;
	char name[41];   /* the longest cluster name whose KarpenterControllerRole-NAME is a role name */
	memset(name, 'c', 40);
	name[40] = '\0';
	static const char *const versions[] = { "1.14.1", "1.0.14", "0.36.2", "0.32.10" };
	for (size_t v = 0; v < sizeof versions / sizeof *versions; v++) {
		TB t, u;
		Lowered *lw = kit(&t, versions[v], name);
		IamDoc *docs;
		int n = iam_controller_docs(lw, &docs);
		assert_true(n >= 1);
		for (int i = 0; i < n; i++)
			assert_true(docs[i].size <= IAM_MANAGED_POLICY_QUOTA);
		/* nothing lost, nothing added: the same statements as with a short name */
		Lowered *short_lw = kit(&u, versions[v], "p");
		IamDoc *sdocs;
		int sn = iam_controller_docs(short_lw, &sdocs);
		const Value *a[64], *b[64];
		int na = statements(docs, n, a, 64), nb = statements(sdocs, sn, b, 64);
		assert_int_equal(na, nb);
		for (int i = 0; i < na; i++)
			assert_true(value_equal(v_get(a[i], "Sid"), v_get(b[i], "Sid")));
		if (strcmp(versions[v], "1.0.14") == 0) {
			/* v1.0's one policy fits with the longest cluster name compile accepts (issue 16: a longer one
			 * makes KarpenterControllerRole-NAME longer than IAM's 64 characters) */
			assert_int_equal(n, 1);
			assert_int_equal(sn, 1);
		}
		tb_free(&u);
		tb_free(&t);
	}
}

/* ------------------------------------------------------------- KG401-404 */

static void
load_policies(TB *t, const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	char *names[32];
	int n = 0;
	while ((e = readdir(d)) && n < 32)
		if (strstr(e->d_name, ".json"))
			names[n++] = arena_printf(t->a, "%s/%s", dir, e->d_name);
	closedir(d);
	/* a fixed order, whatever readdir's */
	for (int i = 1; i < n; i++)
		for (int k = i; k > 0 && strcmp(names[k - 1], names[k]) > 0; k--) {
			char *x = names[k];
			names[k] = names[k - 1];
			names[k - 1] = x;
		}
	for (int i = 0; i < n; i++) {
		SrcFile *f = src_read(t->a, names[i]);
		assert_non_null(f);
		int count;
		Value *doc = json_load(t->a, f, &count);
		assert_non_null(doc);
		PolicyDoc p = { .file = f, .doc = doc };
		VEC_PUSH(t->a, t->ir->policies, p);
	}
}

/* Diagnostics of `rule` in the run, their messages joined. */
static int
messages(RuleId rule, Buf *b)
{
	int n, k = 0;
	Diag *const *d = diag_sorted(&n);
	for (int i = 0; i < n; i++)
		if (d[i]->rule == rule) {
			buf_printf(b, "%d: %s\n", d[i]->loc.line, d[i]->msg);
			k++;
		}
	buf_add(b, "", 1);
	return k;
}

static int
run_case(const char *rule_dir, const char *which, RuleId rule, Buf *msgs)
{
	TB t;
	tb_init(&t, "1.14.1");
	char dir[256];
	snprintf(dir, sizeof dir, "testdata/rules/%s/%s", rule_dir, which);
	load_policies(&t, dir);
	check_iam(t.ir);
	int n = messages(rule, msgs);
	tb_free(&t);
	return n;
}

static void
kg401_missing_action(void **state)
{
	(void)state;
	Buf m = { 0 };
	assert_int_equal(run_case("KG401-iam-missing-action", "fires", KG401, &m), 1);
	assert_non_null(strstr(m.s, "'arc-zonal-shift:GetManagedResource'"));
	assert_non_null(strstr(m.s, "'ec2:DescribeCapacityReservations'"));
	assert_null(strstr(m.s, "'ec2:RunInstances'"));
	buf_free(&m);
	assert_int_equal(run_case("KG401-iam-missing-action", "passes", KG401, &m), 0);
	buf_free(&m);
}

static void
kg402_too_broad(void **state)
{
	(void)state;
	Buf m = { 0 };
	assert_true(run_case("KG402-iam-too-broad", "fires", KG402, &m) >= 4);
	assert_non_null(strstr(m.s, "'AllowScopedDeletion' allows 'ec2:TerminateInstances', 'ec2:DeleteLaunchTemplate' "
	    "with less scoping"));
	assert_non_null(strstr(m.s, "'AllowPassingInstanceRole' allows 'iam:PassRole' with less scoping"));
	assert_non_null(strstr(m.s, "'Everything' allows 'ec2:*'"));
	assert_non_null(strstr(m.s, "'Extra' allows 'ec2:DeleteVolume', which the official"));
	buf_free(&m);
	assert_int_equal(run_case("KG402-iam-too-broad", "passes", KG402, &m), 0);
	buf_free(&m);
}

static void
kg403_legacy_tag(void **state)
{
	(void)state;
	Buf m = { 0 };
	assert_int_equal(run_case("KG403-iam-legacy-tag", "fires", KG403, &m), 1);
	assert_non_null(strstr(m.s, "karpenter.sh/provisioner-name"));
	buf_free(&m);
	assert_int_equal(run_case("KG403-iam-legacy-tag", "passes", KG403, &m), 0);
	buf_free(&m);
	/* Karpenter 0.32 still serves v1alpha5: no warning there */
	TB t;
	tb_init(&t, "0.32.10");
	load_policies(&t, "testdata/rules/KG403-iam-legacy-tag/fires");
	check_iam(t.ir);
	assert_false(tb_reported(KG403));
	tb_free(&t);
}

static void
kg404_size(void **state)
{
	(void)state;
	Buf m = { 0 };
	assert_int_equal(run_case("KG404-iam-size", "fires", KG404, &m), 1);
	assert_non_null(strstr(m.s, "over the 6144 of a managed policy"));
	buf_free(&m);
	assert_int_equal(run_case("KG404-iam-size", "passes", KG404, &m), 0);
	buf_free(&m);
}

static void
glob_and_non_controller_policies(void **state)
{
	(void)state;
	/* a trust policy or an unrelated policy is not the controller's: no KG401 */
	TB t;
	tb_init(&t, "1.14.1");
	static const char text[] = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
	    "\"Principal\":{\"Service\":\"pods.eks.amazonaws.com\"},\"Action\":[\"sts:AssumeRole\",\"sts:TagSession\"]}]}";
	SrcFile *f = src_from_mem(t.a, "trust.json", text, sizeof text - 1);
	int n;
	PolicyDoc p = { .file = f, .doc = json_load(t.a, f, &n) };
	VEC_PUSH(t.a, t.ir->policies, p);
	check_iam(t.ir);
	assert_int_equal(diag_count(SEV_ERROR) + diag_count(SEV_WARNING), 0);
	tb_free(&t);
	/* '*' grants every action (no KG401) and is broader than every scoped statement (KG402) */
	tb_init(&t, "1.14.1");
	static const char all[] = "{\"Statement\":[{\"Sid\":\"All\",\"Effect\":\"Allow\",\"Action\":\"*\","
	    "\"Resource\":\"*\"}]}";
	f = src_from_mem(t.a, "all.json", all, sizeof all - 1);
	p = (PolicyDoc){ .file = f, .doc = json_load(t.a, f, &n) };
	VEC_PUSH(t.a, t.ir->policies, p);
	check_iam(t.ir);
	assert_false(tb_reported(KG401));
	Buf m = { 0 };
	assert_int_equal(messages(KG402, &m), 1);
	assert_non_null(strstr(m.s, "'All' allows '*'"));
	buf_free(&m);
	tb_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(v1_14_policy_is_the_official_one),
		cmocka_unit_test(long_cluster_names_split_under_the_quota),
		cmocka_unit_test(kg401_missing_action),
		cmocka_unit_test(kg402_too_broad),
		cmocka_unit_test(kg403_legacy_tag),
		cmocka_unit_test(kg404_size),
		cmocka_unit_test(glob_and_non_controller_policies),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
