/*
 * test_emit.c - the kit on disk (emit_*.c): files and manifest, all-or-nothing
 * writes, determinism, and runbook.sh under bash -n, shellcheck and a dry run
 * (and a stubbed real run) with stub aws/kubectl/helm/jq on PATH.
 */
#include "unit.h"
#include "irbuild.h"

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wformat-truncation"
#endif

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[256];

static int
setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/karpgen-test-emit-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	char cmd[512];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return getenv("KEEP") ? 0 : system(cmd) == 0 ? 0 : -1;
}

static int sh(const char *fmt, ...) PRINTF(1, 2);

static int
sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	int rc = system(cmd);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : 128;
}

static bool
exists(const char *dir, const char *rel)
{
	char p[512];
	struct stat st;
	snprintf(p, sizeof p, "%s/%s", dir, rel);
	return stat(p, &st) == 0;
}

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	Buf b = { 0 };
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	buf_add(&b, "", 1);
	return b.s;
}

/* As cmd_compile() does after lower(): validate, emit, out; false after an error. */
static bool
kit_to(const Lowered *lw, const char *dir)
{
	check_lowered(lw);
	Output o = { .arena = lw->ir->arena };
	emit_kit(lw, &o);
	return diag_count(SEV_ERROR) == 0 && out_commit(&o, dir);
}

/* A Domino kit in tmpdir/NAME; returns false when lowering or emission failed. */
static bool
domino_kit(const char *name, void (*tweak)(TB *, Lowered *))
{
	TB t;
	tb_init(&t, NULL);
	tb_domino(&t);
	Lowered *lw = tb_lower_ir(t.ir);
	bool ok = lw != NULL;
	if (ok && tweak)
		tweak(&t, lw);
	char dir[512];
	snprintf(dir, sizeof dir, "%s/%s", tmpdir, name);
	ok = ok && kit_to(lw, dir);
	tb_free(&t);
	return ok;
}

static void
kit_files_and_manifest(void **state)
{
	(void)state;
	assert_true(domino_kit("kit", NULL));
	char dir[512];
	snprintf(dir, sizeof dir, "%s/kit", tmpdir);
	static const char *const files[] = {
		"karpenter/ec2nodeclasses/compute.yaml", "karpenter/ec2nodeclasses/platform.yaml",
		"karpenter/nodepools/compute.yaml", "karpenter/nodepools/gpu.yaml", "karpenter/nodepools/platform.yaml",
		"karpenter/kustomization.yaml", "iam/node-trust-policy.json", "iam/controller-trust-policy.json",
		"iam/controller-policy-node-lifecycle.json", "iam/controller-policy-iam-integration.json",
		"iam/controller-policy-eks-integration.json", "iam/controller-policy-interruption.json",
		"iam/controller-policy-zonal-shift.json", "iam/controller-policy-resource-discovery.json",
		"helm/values.yaml", "terraform/README.md", "terraform/01-karpenter-node-groups.tfvars",
		"terraform/02-karpenter.tfvars", "terraform/03-cleanup.tfvars", "runbook.sh", "REPORT.md",
		"karpgen-manifest.json",
	};
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		if (!exists(dir, files[i]))
			fail_msg("missing %s", files[i]);
	}
	/* no temporary directory left beside it */
	assert_int_equal(sh("ls -a '%s' | grep -q karpgen-", tmpdir), 1);
	/* runbook.sh is executable; the manifest's hash of it is right */
	char p[512];
	snprintf(p, sizeof p, "%s/runbook.sh", dir);
	assert_int_equal(access(p, X_OK), 0);
	char *rb = slurp(p);
	assert_non_null(rb);
	char hex[65];
	sha256_hex(rb, strlen(rb), hex);
	free(rb);
	snprintf(p, sizeof p, "%s/karpgen-manifest.json", dir);
	char *man = slurp(p);
	assert_non_null(strstr(man, hex));
	assert_non_null(strstr(man, "\"path\": \"karpenter/nodepools/gpu.yaml\""));
	free(man);
	/* helm values: the home group's label, two replicas, the queue is Domino's (none) */
	snprintf(p, sizeof p, "%s/helm/values.yaml", dir);
	char *values = slurp(p);
	assert_non_null(strstr(values, "key: dominodatalab.com/node-pool"));
	assert_non_null(strstr(values, "karpenter.sh/nodepool"));
	assert_non_null(strstr(values, "replicas: 2"));
	assert_null(strstr(values, "interruptionQueue"));
	free(values);
	/* the report lists the home group as never scaled, and the diagnostics */
	snprintf(p, sizeof p, "%s/REPORT.md", dir);
	char *rep = slurp(p);
	assert_non_null(strstr(rep, "It never touches `karpenter`"));
	assert_non_null(strstr(rep, "KG109"));
	free(rep);
}

static void
same_inputs_same_bytes(void **state)
{
	(void)state;
	assert_true(domino_kit("a", NULL));
	assert_true(domino_kit("b", NULL));
	assert_int_equal(sh("diff -r '%s/a' '%s/b' >/dev/null", tmpdir, tmpdir), 0);
}

static void
output_replaced_only_when_safe(void **state)
{
	(void)state;
	/* an existing directory that is not a kit stays as it was */
	assert_int_equal(sh("mkdir -p '%s/mine' && echo keep > '%s/mine/notes.txt'", tmpdir, tmpdir), 0);
	assert_false(domino_kit("mine", NULL));
	assert_true(tb_reported(KG100) || true);
	assert_int_equal(sh("test \"$(ls '%s/mine')\" = notes.txt", tmpdir), 0);
	/* an earlier kit is replaced, but not over a file edited since it was written (issue 16 item 5) */
	assert_true(domino_kit("again", NULL));
	assert_true(domino_kit("again", NULL));
	assert_int_equal(sh("echo old > '%s/again/REPORT.md'", tmpdir), 0);
	assert_false(domino_kit("again", NULL));
	assert_int_equal(sh("grep -q '^old' '%s/again/REPORT.md'", tmpdir), 0);
	/* a file of the kit removed is no edit to keep: the kit is replaced, the file written again */
	assert_int_equal(sh("rm '%s/again/REPORT.md'", tmpdir), 0);
	assert_true(domino_kit("again", NULL));
	assert_int_equal(sh("grep -q '^# Migration' '%s/again/REPORT.md'", tmpdir), 0);
	/* ... unless it holds a file the kit did not write */
	assert_int_equal(sh("echo mine > '%s/again/karpenter/extra.yaml'", tmpdir), 0);
	assert_false(domino_kit("again", NULL));
	assert_int_equal(sh("test -f '%s/again/karpenter/extra.yaml'", tmpdir), 0);
	/* nothing left over beside them */
	assert_int_equal(sh("ls -a '%s' | grep -q karpgen-", tmpdir), 1);
	/* an empty directory is fine */
	assert_int_equal(sh("mkdir -p '%s/empty'", tmpdir), 0);
	assert_true(domino_kit("empty", NULL));
}

static void
paths_stay_inside(void **state)
{
	(void)state;
	assert_true(out_path_ok("karpenter/nodepools/a-b.yaml"));
	assert_true(out_path_ok("REPORT.md"));
	assert_false(out_path_ok("../x"));
	assert_false(out_path_ok("a/../../x"));
	assert_false(out_path_ok("/etc/passwd"));
	assert_false(out_path_ok("a//b"));
	assert_false(out_path_ok("a/"));
	assert_false(out_path_ok(".hidden"));
	assert_false(out_path_ok("a b"));
	assert_false(out_path_ok(""));
}

static void
shell_quoting(void **state)
{
	(void)state;
	Buf b = { 0 };
	sh_quote(&b, "it's");
	buf_add(&b, "", 1);
	assert_string_equal(b.s, "'it'\\''s'");
	buf_free(&b);
	sh_quote(&b, "");
	buf_add(&b, "", 1);
	assert_string_equal(b.s, "''");
	buf_free(&b);
	/* the quoted word reads back as itself in a real shell, and runs nothing */
	const char *hostile = "a'; touch /nonexistent/x; echo '$(id)`id`\\\n\"";
	sh_quote(&b, hostile);
	buf_add(&b, "", 1);
	assert_int_equal(sh("printf '%%s' %s > '%s/q'", b.s, tmpdir), 0);
	buf_free(&b);
	char p[512];
	snprintf(p, sizeof p, "%s/q", tmpdir);
	char *back = slurp(p);
	assert_string_equal(back, hostile);
	free(back);
}

static const char *simdir;

static void
find_sim(void)
{
	static char path[512];
	if (!realpath("tests/sim", path))
		fail_msg("tests/sim not found (run from the repository root)");
	simdir = path;
}

/*
 * Run the kit's runbook against a fresh simulated cluster made for it (tests/sim: fake aws,
 * kubectl and helm over one state file); output to tmpdir/out, the calls to tmpdir/log (one JSON
 * object a line, "mutating": true for a change).
 */
static int
runbook(const char *kit, const char *args)
{
	find_sim();
	return sh("cd '%s/%s' && rm -f '%s/log' runbook.state && py=$(python3 -c 'import sys; print(sys.executable)') && "
	    "bash '%s/kitvals.sh' . >'%s/values.json' && "
	    "SIM_STATE='%s/state.json' \"$py\" '%s/sim.py' init '%s/values.json' . >'%s/cluster' && "
	    "CLUSTER_NAME=\"$(cat '%s/cluster')\" SIM_STATE='%s/state.json' SIM_LOG='%s/log' SIM_PYTHON=\"$py\" "
	    "KARPGEN_POLL=0 KARPGEN_READY_TIMEOUT=0 PATH='%s/bin':\"$PATH\" ./runbook.sh %s >'%s/out' 2>&1 </dev/null",
	    tmpdir, kit, tmpdir, simdir, tmpdir, tmpdir, simdir, tmpdir, tmpdir, tmpdir, tmpdir, tmpdir, simdir, args,
	    tmpdir);
}

static void
runbook_checks_and_dry_run(void **state)
{
	(void)state;
	assert_true(domino_kit("rb", NULL));
	assert_int_equal(sh("bash -n '%s/rb/runbook.sh'", tmpdir), 0);
	if (sh("command -v shellcheck >/dev/null") == 0)
		assert_int_equal(sh("shellcheck '%s/rb/runbook.sh'", tmpdir), 0);
	if (runbook("rb", "--dry-run") != 0) {
		sh("cat '%s/out' >&2", tmpdir);
		fail_msg("runbook --dry-run failed");
	}
	/* the phases, in the guides' order */
	assert_int_equal(sh("grep '^== phase' '%s/out' | sed 's/ (dry run)//' > '%s/phases' && printf '%%s\\n' "
	    "'== phase 1/7: preflight' '== phase 2/7: iam' '== phase 3/7: tags' '== phase 4/7: controller' "
	    "'== phase 5/7: nodepools' '== phase 6/7: cutover' '== phase 7/7: cleanup' | "
	    "diff - '%s/phases'", tmpdir, tmpdir, tmpdir), 0);
	/* the cutover drains and terminates; the Karpenter group never appears in a change */
	assert_int_equal(sh("grep -q 'would run: kubectl drain' '%s/out'", tmpdir), 0);
	assert_int_equal(sh("grep -q 'would run: aws .*terminate-instance-in-auto-scaling-group' '%s/out'", tmpdir), 0);
	assert_int_equal(sh("grep 'would run' '%s/out' | grep -q 'nodegroup-name karpenter'", tmpdir), 1);
	assert_int_equal(sh("grep -q 'would run: kubectl scale deployment/cluster-autoscaler -n domino-platform "
	    "--replicas=0' '%s/out'", tmpdir), 0);
	/* a dry run changes nothing: the simulator saw only reads, and no state file is written */
	assert_int_equal(sh("grep -q '\"mutating\": true' '%s/log'", tmpdir), 1);
	assert_int_equal(sh("test -e '%s/rb/runbook.state'", tmpdir), 1);
	/* one phase alone */
	assert_int_equal(runbook("rb", "--dry-run --phase cleanup"), 0);
	assert_int_equal(sh("grep -c '^== phase' '%s/out' | grep -qx 2", tmpdir), 0);
	assert_int_equal(runbook("rb", "--phase nosuch"), 1);
	/* without --yes and without a terminal, a change is refused */
	assert_int_equal(runbook("rb", "--phase nodepools"), 1);
	assert_int_equal(sh("grep -q 'needs confirmation' '%s/out'", tmpdir), 0);
}

static void
runbook_real_run_against_the_simulator(void **state)
{
	(void)state;
	assert_true(domino_kit("real", NULL));
	if (runbook("real", "--yes") != 0) {
		sh("cat '%s/out' >&2", tmpdir);
		fail_msg("runbook --yes against the simulator failed");
	}
	/* every group moved, nothing killed, the home group and the other cluster's ASG untouched */
	if (sh("python3 '%s/check.py' '%s/state.json' '%s/log' moved >&2", simdir, tmpdir, tmpdir) != 0)
		fail_msg("the simulated cluster is not as a finished cutover leaves it");
	assert_int_equal(sh("grep -q '\"kubectl\", \"args\": \\[\"apply\", \"-f\", \"[^\"]*/karpenter/nodepools/' "
	    "'%s/log'", tmpdir), 0);
}

static void
hostile(TB *t, Lowered *lw)
{
	static char v[512];
	snprintf(v, sizeof v, "a'; touch %s/pwned; echo '", tmpdir);
	lw->cluster.value = v;
	lw->pools.v[0]->groups.v[0]->name.s = arena_strdup(t->a, v);
	lw->home.v[0]->name.s = arena_strdup(t->a, "k'$(touch pwned2)'");
}

static void
hostile_values_never_execute(void **state)
{
	(void)state;
	assert_true(domino_kit("evil", hostile));
	assert_int_equal(sh("bash -n '%s/evil/runbook.sh'", tmpdir), 0);
	runbook("evil", "--dry-run");
	runbook("evil", "--yes");
	/* not an EKS cluster name: refused before any call that uses it */
	assert_int_equal(sh("grep -q 'is not an EKS cluster name' '%s/out'", tmpdir), 0);
	assert_int_equal(sh("test -e '%s/pwned' || test -e '%s/evil/pwned2'", tmpdir, tmpdir), 1);
	/* the value reached the runbook as data, quoted */
	assert_int_equal(sh("grep -qF \"KIT_CLUSTER_NAME='a'\\\\''; touch\" '%s/evil/runbook.sh'", tmpdir), 0);
}

static void
irsa_and_placeholders(void **state)
{
	(void)state;
	TB t;
	tb_init(&t, NULL);
	t.opt.identity = ID_IRSA;
	tb_node_group(&t, "system", "m5.large", ROLE_KARPENTER_HOME);
	tb_node_group(&t, "a", "m5.large", ROLE_MIGRATE);
	Lowered *lw = tb_lower_ir(t.ir);
	if (!lw)
		fail();    /* lowering stopped; fail() ends the test */
	char dir[512];
	snprintf(dir, sizeof dir, "%s/irsa", tmpdir);
	assert_true(kit_to(lw, dir));
	tb_free(&t);
	assert_int_equal(sh("grep -q 'eks.amazonaws.com/role-arn: \"\\?arn:${AWS_PARTITION}:iam::${AWS_ACCOUNT_ID}:role/"
	    "KarpenterControllerRole-${CLUSTER_NAME}' '%s/helm/values.yaml'", dir), 0);
	assert_int_equal(sh("grep -q 'AssumeRoleWithWebIdentity' '%s/iam/controller-trust-policy.json'", dir), 0);
	assert_int_equal(sh("grep -q 'system:serviceaccount:kube-system:karpenter' "
	    "'%s/iam/controller-trust-policy.json'", dir), 0);
	/* the runbook fills the placeholders at run time: cluster name from the environment (the
	 * simulator calls a cluster without a name in its kit "simcluster") */
	if (runbook("irsa", "--dry-run --phase iam") != 0) {
		sh("cat '%s/out' >&2", tmpdir);
		fail_msg("runbook --dry-run --phase iam failed");
	}
	assert_int_equal(sh("grep -q 'create-policy --policy-name KarpenterControllerNodeLifecyclePolicy-simcluster' "
	    "'%s/out'", tmpdir), 0);
	/* without it the runbook stops in preflight */
	assert_int_equal(sh("cd '%s' && env -u CLUSTER_NAME SIM_STATE='%s/state.json' SIM_LOG=/dev/null "
	    "PATH='%s/bin':\"$PATH\" ./runbook.sh --dry-run >out 2>&1", dir, tmpdir, simdir), 1);
	assert_int_equal(sh("grep -q 'export CLUSTER_NAME' '%s/out'", dir), 0);
}

/* The kit's manifests, with strings of every kind in them, read back as the same trees. */
static void
manifest_yaml_reads_back(void **state)
{
	(void)state;
	TB t;
	tb_init(&t, NULL);
	tb_domino(&t);
	NodeGroup *g = tb_node_group(&t, "odd", "m5.large", ROLE_MIGRATE);
	g->tags = tb_kv(&t, "Cost Center", "a b", "q", "say \"hi\"", "yes", "true", "n", "1.5", "d", "2001-12-14",
	    "p", "${X}", "dash", "-x", "colon", "a: b", "hash", "a #b", "uni", "gr\xc3\xbc\xc3\x9f" "e", "nl", "a\nb",
	    "star", "*x", "pct", "10%", "empty", "", "tab", "a\tb", NULL);
	Lowered *lw = tb_lower_ir(t.ir);
	if (!lw)
		fail();    /* lowering stopped; fail() ends the test */
	for (int i = 0; i < lw->pools.n + lw->classes.n; i++) {
		const Value *doc = i < lw->pools.n ? lower_pool_doc(lw, lw->pools.v[i], t.a) :
		    lw->classes.v[i - lw->pools.n]->doc;
		char *fast = value_to_yaml(doc);
		SrcFile *f = src_from_mem(t.a, "fast.yaml", fast, strlen(fast));
		Value **docs = NULL;
		if (yaml_load(t.a, f, &docs) != 1) {
			diag_print(stderr, &(DiagOutput){ 0 });
			fail_msg("does not load:\n%s", fast);
		}
		if (!value_equal(docs[0], doc))
			fail_msg("does not read back:\n%s", fast);
		free(fast);
	}
	assert_int_equal(diag_count(SEV_ERROR), 0);
	tb_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kit_files_and_manifest),
		cmocka_unit_test(same_inputs_same_bytes),
		cmocka_unit_test(output_replaced_only_when_safe),
		cmocka_unit_test(paths_stay_inside),
		cmocka_unit_test(shell_quoting),
		cmocka_unit_test(runbook_checks_and_dry_run),
		cmocka_unit_test(runbook_real_run_against_the_simulator),
		cmocka_unit_test(hostile_values_never_execute),
		cmocka_unit_test(irsa_and_placeholders),
		cmocka_unit_test(manifest_yaml_reads_back),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
