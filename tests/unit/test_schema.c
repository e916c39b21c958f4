/*
 * test_schema.c - schema.c and check_api.c: every embedded schema compiles
 * and every CEL rule in it binds to exactly the table row that claims its
 * versions; then the engine's semantics one by one (types, int-or-string,
 * enums, anchored patterns, bounds, lengths in characters, item counts,
 * sets, required, pruned nulls, unknown fields, ObjectMeta), the CEL quirks
 * (defaults, label domains by version), and the document-level rules
 * (KG320, KG304, skipped documents).
 */
#include "unit.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

static Arena *A;

static int
setup(void **state)
{
	(void)state;
	A = arena_new();
	diag_init(A);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	diag_init(NULL);
	schema_free_all();
	pattern_free_all();
	arena_free(A);
	return 0;
}

static KarpVersion TARGET;
static Validation VS;

/* Validate the YAML documents of `text` at Karpenter `version`; the number of diagnostics. */
static int
run(const char *version, const char *text)
{
	diag_init(A);
	TARGET = (KarpVersion){ .name = version, .requested = version };
	const SrcFile *f = src_from_mem(A, "t.yaml", text, strlen(text));
	Value **docs = NULL;
	yaml_load(A, f, &docs);
	validation_init(&VS, A, &TARGET);
	for (int i = 0; docs && docs[i]; i++)
		validate_document(&VS, docs[i]);
	validation_finish(&VS);
	int n;
	diag_sorted(&n);
	return n;
}

/* A diagnostic of `rule` at `line` whose message holds `text` (NULL: any). */
static const Diag *
find(RuleId rule, int line, const char *text)
{
	int n;
	Diag *const *d = diag_sorted(&n);
	for (int i = 0; i < n; i++)
		if (d[i]->rule == rule && d[i]->loc.line == line && (!text || strstr(d[i]->msg, text)))
			return d[i];
	return NULL;
}

static void
dump(void)
{
	int n;
	Diag *const *d = diag_sorted(&n);
	for (int i = 0; i < n; i++)
		print_message("  %d:%d %s %s\n", d[i]->loc.line, d[i]->loc.col, rule_table[d[i]->rule].id, d[i]->msg);
}

#define EXPECT(rule, line, text) do { \
		if (!find(rule, line, text)) { \
			dump(); \
			fail_msg("no %s at line %d with '%s'", rule_table[rule].id, line, text ? text : ""); \
		} \
	} while (0)

#define EXPECT_N(n, version, text) do { \
		int got_ = run(version, text); \
		if (got_ != (n)) { \
			dump(); \
			fail_msg("%d diagnostics, expected %d", got_, (n)); \
		} \
	} while (0)

static bool
has_note(const Diag *d, const char *text)
{
	for (int i = 0; d && i < d->notes.n; i++)
		if (strstr(d->notes.v[i].msg, text))
			return true;
	return false;
}

/* A valid v1 pair; tests replace one line ("@@LINE@@" markers are not used: plain strings). */
static const char *const POOL_V1 =
	"apiVersion: karpenter.sh/v1\n"                     /* 1 */
	"kind: NodePool\n"                                  /* 2 */
	"metadata:\n"                                       /* 3 */
	"  name: default\n"                                 /* 4 */
	"spec:\n"                                           /* 5 */
	"  template:\n"                                     /* 6 */
	"    metadata:\n"                                   /* 7 */
	"      labels:\n"                                   /* 8 */
	"        team: web\n"                               /* 9 */
	"    spec:\n"                                       /* 10 */
	"      nodeClassRef:\n"                             /* 11 */
	"        group: karpenter.k8s.aws\n"                /* 12 */
	"        kind: EC2NodeClass\n"                      /* 13 */
	"        name: default\n"                           /* 14 */
	"      requirements:\n"                             /* 15 */
	"        - key: karpenter.sh/capacity-type\n"       /* 16 */
	"          operator: In\n"                          /* 17 */
	"          values: [\"on-demand\"]\n"               /* 18 */
	"  limits:\n"                                       /* 19 */
	"    cpu: 100\n"                                    /* 20 */
	"  weight: 10\n"                                    /* 21 */
	"---\n"
	"apiVersion: karpenter.k8s.aws/v1\n"                /* 23 */
	"kind: EC2NodeClass\n"                              /* 24 */
	"metadata:\n"                                       /* 25 */
	"  name: default\n"                                 /* 26 */
	"spec:\n"                                           /* 27 */
	"  role: KarpenterNodeRole-demo\n"                  /* 28 */
	"  amiSelectorTerms:\n"                             /* 29 */
	"    - alias: al2023@v20250505\n"                   /* 30 */
	"  subnetSelectorTerms:\n"                          /* 31 */
	"    - tags: {karpenter.sh/discovery: demo}\n"      /* 32 */
	"  securityGroupSelectorTerms:\n"                   /* 33 */
	"    - id: sg-0123456789abcdef0\n";                 /* 34 */

/* POOL_V1 with the text `from` replaced by `to` (once; `from` must be there). */
static const char *
edit(const char *from, const char *to)
{
	const char *at = strstr(POOL_V1, from);
	if (!at)
		fail_msg("'%s' not in the base manifest", from);
	return arena_printf(A, "%.*s%s%s", (int)(at - POOL_V1), POOL_V1, to, at + strlen(from));
}

/* ------------------------------------------------------------ the tables */

static void
test_schemas_compile(void **state)
{
	(void)state;
	const char *versions[16];
	int nv = schema_versions(versions, 16);
	/* every release of versions.def has schemas, in the table's order */
	assert_int_equal(nv, karpenter_release_count);
	for (int i = 0; i < nv; i++)
		assert_string_equal(versions[i], karpenter_releases[i].name);
	for (int i = 0; i < embedded_schema_count; i++) {
		char ver[16], kind[32], api[16];
		if (sscanf(embedded_schemas[i].path, "schemas/%15[^/]/%31[^.].%15[^.].json", ver, kind, api) != 3)
			fail_msg("odd schema path %s", embedded_schemas[i].path);
		/* the kind in the file name is lower case: look it up by the CRD's own spelling */
		static const char *const kinds[] = { "NodePool", "EC2NodeClass", "NodeClaim", "Provisioner",
			"AWSNodeTemplate", "Machine", "NodeOverlay" };
		const CrdSchema *cs = NULL;
		for (size_t k = 0; k < sizeof kinds / sizeof *kinds && !cs; k++)
			if (strcasecmp(kinds[k], kind) == 0)
				cs = schema_find(ver, strcmp(kinds[k], "EC2NodeClass") == 0
				    || strcmp(kinds[k], "AWSNodeTemplate") == 0 ? "karpenter.k8s.aws" : "karpenter.sh",
				    api, kinds[k]);
		if (!cs)
			fail_msg("%s does not load", embedded_schemas[i].path);
		assert_string_equal(cs->version, api);
	}
	/* not served: nothing */
	assert_null(schema_find("1.14.1", "karpenter.sh", "v1beta1", "NodePool"));
	assert_null(schema_find("0.36.2", "karpenter.sh", "v1", "NodePool"));
	assert_non_null(schema_find("1.0.14", "karpenter.sh", "v1beta1", "NodePool"));
}

/* Walk a schema (JSON Value) for every pattern and every CEL rule, with the schema path. */
typedef struct Walk {
	const char *version;
	bool *used;                 /* per cel_rules row */
	char (*seen)[256];          /* per row: the versions that carry it, space-separated */
	int patterns, rules, transition;
} Walk;

static void
walk_schema(Walk *w, const Value *s, const char *path)
{
	if (!s || s->kind != V_MAP)
		return;
	const Value *p = v_get(s, "pattern");
	if (p) {
		const char *err = NULL;
		if (!pattern_get(p->s, &err))
			fail_msg("%s %s: pattern '%s' does not compile: %s", w->version, path, p->s, err);
		w->patterns++;
	}
	const Value *rules = v_get(s, "x-kubernetes-validations");
	for (int i = 0; rules && i < rules->n; i++) {
		const char *cel = v_get(rules->items[i], "rule")->s, *msg = v_get(rules->items[i], "message")->s;
		const CelRule *r = cel_rule_find(cel, msg, path);
		if (strstr(cel, "oldSelf")) {
			assert_null(r);
			w->transition++;
			continue;
		}
		if (!r)
			fail_msg("%s %s: no row for rule '%s' ('%s')", w->version, path, cel, msg);
		assert_string_equal(r->message, msg);
		int k = (int)(r - cel_rules);
		w->used[k] = true;
		if (!strstr(w->seen[k], w->version)) {
			size_t len = strlen(w->seen[k]);
			snprintf(w->seen[k] + len, 256 - len, "%s%s", len ? " " : "", w->version);
		}
		w->rules++;
	}
	const Value *props = v_get(s, "properties");
	for (int i = 0; props && i < props->n; i++)
		walk_schema(w, props->members[i].val, arena_printf(A, "%s.%s", path, props->members[i].key));
	walk_schema(w, v_get(s, "items"), arena_printf(A, "%s[]", path));
	walk_schema(w, v_get(s, "additionalProperties"), arena_printf(A, "%s{*}", path));
}

static void
test_cel_rows_match_schemas(void **state)
{
	(void)state;
	Walk w = { 0 };
	w.used = calloc((size_t)cel_rule_count, sizeof *w.used);
	w.seen = calloc((size_t)cel_rule_count, sizeof *w.seen);
	const char *versions[16];
	int nv = schema_versions(versions, 16);
	/* versions in order, so the `seen` strings come out oldest first */
	for (int v = 0; v < nv; v++)
		for (int i = 0; i < embedded_schema_count; i++) {
			char ver[16];
			sscanf(embedded_schemas[i].path, "schemas/%15[^/]/", ver);
			if (strcmp(ver, versions[v]) != 0)
				continue;
			w.version = versions[v];
			const SrcFile *f = src_from_mem(A, embedded_schemas[i].path, embedded_schemas[i].text,
			    strlen(embedded_schemas[i].text));
			int count;
			Value *doc = json_load(A, f, &count);
			assert_non_null(doc);
			walk_schema(&w, v_get(doc, "schema"), "");
		}
	for (int k = 0; k < cel_rule_count; k++) {
		if (!w.used[k])
			fail_msg("row %d ('%s') matches no rule of schemas/", k, cel_rules[k].message);
		if (strcmp(w.seen[k], cel_rules[k].versions) != 0)
			fail_msg("row %d ('%s') claims versions '%s'; schemas/ has it in '%s'", k,
			    cel_rules[k].message, cel_rules[k].versions, w.seen[k]);
		assert_non_null(cel_rules[k].check);
	}
	assert_true(w.rules > 300);
	assert_true(w.transition > 0);
	assert_true(w.patterns > 100);
	/* every one of karpgen's own checks binds somewhere */
	for (int k = 0; k < api_check_count; k++)
		assert_true(api_checks[k].where[0] == '.');
	free(w.used);
	free(w.seen);
}

/* The fields a row's check reads from its `arg` are the ones its CEL text names. */
static void
test_cel_row_args(void **state)
{
	(void)state;
	for (int k = 0; k < cel_rule_count; k++) {
		const CelRule *r = &cel_rules[k];
		if (!r->arg)
			continue;
		const char *colon = strchr(r->arg, ':');
		if (colon && (colon == r->arg || !colon[1]))
			fail_msg("row %d ('%s'): arg '%s' has an empty side", k, r->message, r->arg);
		char *copy = arena_strdup(A, r->arg), *save = NULL;
		for (char *t = strtok_r(copy, ",:", &save); t; t = strtok_r(NULL, ",:", &save))
			if (!strstr(r->cel, t))
				fail_msg("row %d ('%s'): '%s' of arg '%s' is not in its rule", k, r->message, t, r->arg);
	}
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
	char *r = arena_strndup(A, b.s ? b.s : "", b.len);
	buf_free(&b);
	return r;
}

/*
 * Every row has a golden case in testdata/validate/ that breaks it: a case
 * at one of the row's versions whose expected stderr carries the row's
 * upstream message.
 */
static void
test_cel_rows_have_cases(void **state)
{
	(void)state;
	DIR *d = opendir("testdata/validate");
	if (!d)
		fail_msg("testdata/validate: run the unit tests from the repository root");
	bool *covered = calloc((size_t)cel_rule_count, sizeof *covered);
	struct dirent *e;
	int cases = 0;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || e->d_name[0] == '_')
			continue;
		char *cmd = slurp(arena_printf(A, "testdata/validate/%s/cmd", e->d_name));
		char *err = slurp(arena_printf(A, "testdata/validate/%s/stderr", e->d_name));
		if (!cmd)
			continue;
		cases++;
		const char *v = strstr(cmd, "--karpenter-version ");
		char version[16] = "1.14.1";
		if (v)
			sscanf(v + 20, "%15s", version);
		for (int k = 0; err && k < cel_rule_count; k++) {
			const CelRule *r = &cel_rules[k];
			const char *at = strstr(r->versions, version);
			size_t vl = strlen(version);
			if (at && (at[vl] == ' ' || at[vl] == '\0') && strstr(err, r->message))
				covered[k] = true;
		}
	}
	closedir(d);
	assert_true(cases > 100);
	for (int k = 0; k < cel_rule_count; k++)
		if (!covered[k])
			fail_msg("row %d ('%s', %s) has no case in testdata/validate/", k, cel_rules[k].message,
			    cel_rules[k].versions);
	free(covered);
}

/* ------------------------------------------------------------ the engine */

static void
test_valid(void **state)
{
	(void)state;
	EXPECT_N(0, "1.14.1", POOL_V1);
	assert_int_equal(VS.validated, 2);
	assert_int_equal(VS.skipped, 0);
	assert_int_equal(VS.kinds.n, 2);
	assert_string_equal(VS.kinds.v[0].kind, "NodePool");
}

static void
test_types(void **state)
{
	(void)state;
	EXPECT_N(1, "1.14.1", edit("weight: 10", "weight: \"10\""));
	EXPECT(KG301, 21, "spec.weight: expected integer, got string '10'");
	assert_true(has_note(find(KG301, 21, NULL), "remove the quotes"));
	/* an integral float is an integer, as the API server reads JSON numbers */
	EXPECT_N(0, "1.14.1", edit("weight: 10", "weight: 10.0"));
	EXPECT_N(1, "1.14.1", edit("weight: 10", "weight: 10.5"));
	EXPECT(KG301, 21, "expected integer, got number");
	/* YAML 1.1 booleans are booleans: a string field wants quotes */
	EXPECT_N(1, "1.14.1", edit("team: web", "team: yes"));
	EXPECT(KG301, 9, "labels[team]: expected string, got boolean");
	assert_true(has_note(find(KG301, 9, NULL), "quote it"));
	EXPECT_N(1, "1.14.1", edit("values: [\"on-demand\"]", "values: on-demand"));
	EXPECT(KG301, 18, "requirements[0].values: expected array, got string");
}

static void
test_int_or_string(void **state)
{
	(void)state;
	EXPECT_N(0, "1.14.1", edit("cpu: 100", "cpu: \"100\""));
	EXPECT_N(0, "1.14.1", edit("cpu: 100", "cpu: 500m"));
	EXPECT_N(1, "1.14.1", edit("cpu: 100", "cpu: lots"));
	EXPECT(KG301, 20, "spec.limits[cpu]: 'lots' does not match the pattern");
	assert_true(has_note(find(KG301, 20, NULL), "Kubernetes quantity"));
	EXPECT_N(1, "1.14.1", edit("cpu: 100", "cpu: true"));
	EXPECT(KG301, 20, "expected integer or string, got boolean");
}

static void
test_enum(void **state)
{
	(void)state;
	EXPECT_N(1, "1.14.1", edit("operator: In", "operator: Inn"));
	const Diag *d = find(KG301, 17, "spec.template.spec.requirements[0].operator: unsupported value 'Inn'");
	assert_non_null(d);
	assert_true(has_note(d, "did you mean 'In'?"));
	assert_true(has_note(d, "supported values: 'Gte', 'Lte', 'In', 'NotIn'"));
	/* Gte/Lte are v1.9+: 1.0.14 does not know them */
	EXPECT_N(0, "1.14.1", edit("operator: In\n          values: [\"on-demand\"]",
	    "operator: Gte\n          values: [\"2\"]"));
	EXPECT_N(1, "1.0.14", edit("operator: In\n          values: [\"on-demand\"]",
	    "operator: Gte\n          values: [\"2\"]"));
	EXPECT(KG301, 17, "unsupported value 'Gte'");
}

static void
test_patterns_anchored(void **state)
{
	(void)state;
	EXPECT_N(0, "1.14.1", edit("- id: sg-0123456789abcdef0", "- id: sg-1"));
	/* the CRD's `sg-[0-9a-z]+` is unanchored: the API server takes "xsg-1"; karpgen does not */
	EXPECT_N(1, "1.14.1", edit("- id: sg-0123456789abcdef0", "- id: xsg-1"));
	EXPECT(KG301, 34, "securityGroupSelectorTerms[0].id: 'xsg-1' does not match the pattern 'sg-[0-9a-z]+'");
	EXPECT_N(1, "1.14.1", edit("- id: sg-0123456789abcdef0", "- id: \"sg-1 \""));
	/* P-CRON's top-level alternation binds as a whole */
	const char *cron = edit("  weight: 10\n", "  weight: 10\n  disruption:\n    consolidateAfter: 1m\n"
	    "    budgets:\n      - nodes: \"1\"\n        schedule: \"@dailyx\"\n        duration: 1h\n");
	EXPECT_N(1, "1.14.1", cron);
	EXPECT(KG301, 26, "budgets[0].schedule: '@dailyx' does not match");
	/* the group pattern, the reason the upstream Windows example is invalid */
	EXPECT_N(1, "1.14.1", edit("group: karpenter.k8s.aws", "group: karpenter.k8s.aws/v1"));
	assert_true(has_note(find(KG301, 12, "nodeClassRef.group"), "an API group without a version"));
}

static void
test_bounds_and_lengths(void **state)
{
	(void)state;
	EXPECT_N(1, "1.14.1", edit("weight: 10", "weight: 0"));
	EXPECT(KG301, 21, "spec.weight: 0 is less than the minimum 1");
	EXPECT_N(1, "1.14.1", edit("weight: 10", "weight: 101"));
	EXPECT(KG301, 21, "greater than the maximum 100");
	/* maxLength counts characters: 30 two-byte characters fit, 31 do not */
	char alias[128] = "al2023@";
	for (int i = 0; i < 23; i++)
		strcat(alias, "\xc3\xa9");
	EXPECT_N(0, "1.14.1", edit("alias: al2023@v20250505", arena_printf(A, "alias: %s", alias)));
	strcat(alias, "\xc3\xa9");
	EXPECT_N(1, "1.14.1", edit("alias: al2023@v20250505", arena_printf(A, "alias: %s", alias)));
	EXPECT(KG301, 30, "is 31 characters long, at most 30 allowed");
	/* minItems / maxItems */
	EXPECT_N(1, "1.14.1", edit("  amiSelectorTerms:\n    - alias: al2023@v20250505\n", "  amiFamily: AL2023\n  amiSelectorTerms: []\n"));
	EXPECT(KG301, 30, "amiSelectorTerms: 0 items, at least 1 required");
	Buf b = { 0 };
	for (int i = 0; i < 31; i++)
		buf_printf(&b, "    - id: subnet-%d\n", i);
	EXPECT_N(1, "1.14.1", edit("    - tags: {karpenter.sh/discovery: demo}\n", b.s));
	EXPECT(KG301, 31, "subnetSelectorTerms: 31 items, at most 30 allowed");
	buf_free(&b);
	/* int32 */
	EXPECT_N(1, "1.14.1", edit("  role: KarpenterNodeRole-demo\n", "  role: KarpenterNodeRole-demo\n  kubelet:\n    maxPods: 3000000000\n"));
	EXPECT(KG301, 30, "does not fit in a 32-bit integer");
}

static void
test_required_null_unknown(void **state)
{
	(void)state;
	/* a pruned null fails `required`, never a type check */
	EXPECT_N(1, "1.14.1", edit("        name: default\n      requirements", "        name:\n      requirements"));
	EXPECT(KG301, 11, "spec.template.spec.nodeClassRef: missing required field 'name'");
	EXPECT_N(0, "1.14.1", edit("  weight: 10", "  weight: ~"));
	EXPECT_N(1, "1.14.1", edit("  weight: 10", "  wieght: 10"));
	const Diag *d = find(KG301, 21, "spec.wieght: unknown field");
	assert_non_null(d);
	assert_true(has_note(d, "did you mean 'weight'?"));
	/* a misplaced field: where it belongs */
	EXPECT_N(1, "1.14.1", edit("      requirements:", "      limits: {cpu: 1}\n      requirements:"));
	assert_true(has_note(find(KG301, 15, "spec.template.spec.limits: unknown field"), "a field of 'spec'"));
	/* a moved field */
	EXPECT_N(1, "1.14.1", edit("      requirements:", "      kubelet: {maxPods: 10}\n      requirements:"));
	assert_true(has_note(find(KG301, 15, "unknown field"), "moved to the EC2NodeClass"));
	/* status is the controller's */
	EXPECT_N(0, "1.14.1", edit("  weight: 10\n", "  weight: 10\nstatus:\n  anything: [1, 2]\n"));
	/* a default satisfies `required`: a budget's nodes default to 10% */
	const char *budget = edit("  weight: 10\n", "  weight: 10\n  disruption:\n    consolidateAfter: 1m\n"
	    "    budgets:\n      - schedule: \"@daily\"\n        duration: 1h\n");
	EXPECT_N(0, "1.14.1", budget);
	/* but the parent's default does not fill a block that is written: consolidateAfter */
	EXPECT_N(1, "1.14.1", edit("  weight: 10\n", "  weight: 10\n  disruption:\n    consolidationPolicy: WhenEmpty\n"));
	EXPECT(KG301, 22, "spec.disruption: missing required field 'consolidateAfter'");
	/* the whole spec missing */
	EXPECT_N(1, "1.14.1", "apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata:\n  name: x\n");
	EXPECT(KG301, 1, "(document): missing required field 'spec'");
}

static void
test_sets_and_formats(void **state)
{
	(void)state;
	const char *dup = edit("  weight: 10\n", "  weight: 10\n  disruption:\n    consolidateAfter: 1m\n"
	    "    budgets:\n      - nodes: \"1\"\n        reasons: [Empty, Drifted, Empty]\n");
	EXPECT_N(1, "1.14.1", dup);
	EXPECT(KG301, 26, "budgets[0].reasons[2]: duplicate value 'Empty'");
	const char *taint = edit("      requirements:", "      taints:\n        - key: a\n          effect: NoSchedule\n"
	    "          timeAdded: yesterday\n      requirements:");
	EXPECT_N(1, "1.14.1", taint);
	EXPECT(KG301, 18, "'yesterday' is not an RFC 3339 date-time");
}

static void
test_object_meta(void **state)
{
	(void)state;
	EXPECT_N(1, "1.14.1", edit("  name: default\nspec:\n  template", "  name: my_pool\nspec:\n  template"));
	EXPECT(KG301, 4, "metadata.name: 'my_pool' is not a valid object name");
	EXPECT_N(2, "1.14.1", edit("  name: default\nspec:\n  template", "  nmae: default\nspec:\n  template"));
	EXPECT(KG301, 3, "metadata: missing required field 'name'");
	EXPECT(KG301, 4, "metadata.nmae: unknown field");
	EXPECT_N(0, "1.14.1", edit("  name: default\nspec:\n  template",
	    "  name: default\n  labels: {app.kubernetes.io/name: x}\n  annotations: {note: \"any text at all\"}\nspec:\n  template"));
	EXPECT_N(1, "1.14.1", edit("  name: default\nspec:\n  template",
	    "  name: default\n  labels: {\"bad key!\": x}\nspec:\n  template"));
	EXPECT(KG301, 5, "metadata.labels[bad key!]: 'bad key!' is not a valid label key");
}

static void
test_path_text(void **state)
{
	(void)state;
	FieldPath p = { .n = 0 };
	p.seg[p.n++] = (PathSeg){ .key = "spec" };
	p.seg[p.n++] = (PathSeg){ .key = "labels" };
	p.seg[p.n++] = (PathSeg){ .key = "karpenter.sh/x", .map_key = true };
	assert_string_equal(path_text(A, &p, NULL), "spec.labels[karpenter.sh/x]");
	p.n = 1;
	p.seg[p.n++] = (PathSeg){ .key = "requirements" };
	p.seg[p.n++] = (PathSeg){ .index = 3 };
	assert_string_equal(path_text(A, &p, ".key"), "spec.requirements[3].key");
	p.n = 0;
	assert_string_equal(path_text(A, &p, NULL), "(document)");
	assert_true(k8s_qualified_name("a.b/c", 5));
	assert_true(k8s_qualified_name("c", 1));
	assert_false(k8s_qualified_name("/c", 2));
	assert_false(k8s_qualified_name("A.b/c", 5));
	assert_false(k8s_qualified_name("a/-c", 4));
	assert_true(k8s_label_value("", 0));
	assert_false(k8s_label_value("-a", 2));
}

/* ------------------------------------------------------------ CEL rules */

static void
test_label_domains_by_version(void **state)
{
	(void)state;
	static const struct { const char *key, *version; int errors; } cases[] = {
		{ "karpenter.k8s.aws/instance-family", "1.14.1", 0 },
		{ "karpenter.k8s.aws/instance-tenancy", "1.14.1", 0 },
		{ "karpenter.k8s.aws/instance-tenancy", "1.0.14", 1 },   /* the v1.0 allow-list is shorter */
		{ "karpenter.k8s.aws/made-up", "1.14.1", 1 },
		{ "karpenter.sh/capacity-type", "1.14.1", 0 },
		{ "karpenter.sh/nodepool", "1.14.1", 1 },                /* its own rule */
		{ "mykarpenter.sh/x", "1.14.1", 1 },                     /* endsWith has no dot boundary */
		{ "sub.karpenter.sh/x", "1.14.1", 1 },
		{ "karpenter.shx/x", "1.14.1", 0 },
		{ "kubernetes.io/hostname", "1.14.1", 1 },
		{ "kubernetes.io/made-up", "1.14.1", 0 },                /* v1.9 dropped the kubernetes.io rule */
		{ "kubernetes.io/made-up", "1.0.14", 1 },
		{ "node.kubernetes.io/anything", "1.0.14", 0 },
		{ "example.k8s.io/x", "1.0.14", 1 },
		{ "kops.k8s.io/x", "1.0.14", 0 },
		{ "example.com/team", "1.0.14", 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *doc = edit("        team: web", arena_printf(A, "        %s: web", cases[i].key));
		int n = run(cases[i].version, doc);
		if (n != cases[i].errors) {
			dump();
			fail_msg("label '%s' at %s: %d diagnostics, expected %d", cases[i].key, cases[i].version, n,
			    cases[i].errors);
		}
		if (n)
			assert_non_null(find(KG302, 9, "restricted"));
	}
	/* requirement keys too, where 1.0.14 also allows node.kubernetes.io/instance-type */
	EXPECT_N(0, "1.0.14", edit("key: karpenter.sh/capacity-type\n          operator: In\n          values: [\"on-demand\"]",
	    "key: node.kubernetes.io/instance-type\n          operator: In\n          values: [\"m5.large\"]"));
	EXPECT_N(1, "1.14.1", edit("key: karpenter.sh/capacity-type", "key: karpenter.k8s.aws/instance-familly"));
	assert_true(has_note(find(KG302, 16, "label domain \"karpenter.k8s.aws\" is restricted"),
	    "did you mean 'karpenter.k8s.aws/instance-family'?"));
}

static void
test_requirement_rules(void **state)
{
	(void)state;
	EXPECT_N(1, "1.14.1", edit("values: [\"on-demand\"]", "values: []"));
	EXPECT(KG303, 17, "requirements[0]: requirements with operator 'In' must have a value defined");
	const char *gt = edit("key: karpenter.sh/capacity-type\n          operator: In\n          values: [\"on-demand\"]",
	    "key: karpenter.k8s.aws/instance-generation\n          operator: Gt\n          values: [\"x2\"]");
	EXPECT_N(1, "1.14.1", gt);
	assert_true(has_note(find(KG303, 18, "single positive integer value"), "'x2' is not an integer"));
	EXPECT_N(0, "1.14.1", edit("values: [\"on-demand\"]", "values: [\"on-demand\"]\n          minValues: 1"));
	EXPECT_N(1, "1.14.1", edit("values: [\"on-demand\"]", "values: [\"on-demand\"]\n          minValues: 2"));
	EXPECT(KG303, 19, "must have at least that many values");
}

static void
test_defaults_in_cel(void **state)
{
	(void)state;
	static const char *const beta =
		"apiVersion: karpenter.sh/v1beta1\n"
		"kind: NodePool\n"
		"metadata:\n"
		"  name: default\n"
		"spec:\n"
		"  template:\n"
		"    spec:\n"
		"      nodeClassRef:\n"
		"        name: default\n"
		"      requirements: []\n"
		"  disruption:\n"
		"    consolidateAfter: 30s\n";
	/* consolidationPolicy defaults to WhenUnderutilized, and CEL reads the default */
	EXPECT_N(2, "0.36.2", beta);  /* + KG311: no EC2NodeClass 'default', not checked */
	const Diag *d = find(KG308, 12, "consolidateAfter cannot be combined with consolidationPolicy=WhenUnderutilized");
	assert_non_null(d);
	assert_true(has_note(d, "defaults to 'WhenUnderutilized'"));
	assert_non_null(find(KG311, 9, "no EC2NodeClass named 'default'"));
}

static void
test_selector_terms(void **state)
{
	(void)state;
	/* one term mixing id and tags: the API server rejects it (every term mixes) */
	EXPECT_N(1, "1.14.1", edit("    - id: sg-0123456789abcdef0", "    - id: sg-0123456789abcdef0\n      tags: {a: b}"));
	EXPECT(KG306, 34, "'id' is mutually exclusive");
	/* another term does not mix: the server accepts, karpgen warns (KG312) */
	EXPECT_N(1, "1.14.1", edit("    - id: sg-0123456789abcdef0", "    - id: sg-0123456789abcdef0\n      tags: {a: b}\n"
	    "    - tags: {c: d}"));
	{
		const Diag *d = find(KG312, 34, "'id' is mutually exclusive");
		assert_non_null(d);
		assert_int_equal(d->sev, SEV_WARNING);
	}
	EXPECT_N(1, "1.14.1", edit("    - tags: {karpenter.sh/discovery: demo}", "    - tags: {karpenter.sh/discovery: \"\"}"));
	EXPECT(KG306, 32, "empty tag keys or values aren't supported");
	/* AMI terms: the alias stands alone */
	EXPECT_N(1, "1.14.1", edit("    - alias: al2023@v20250505", "    - alias: al2023@v20250505\n    - id: ami-123"));
	EXPECT(KG305, 30, "'alias' is mutually exclusive, cannot be set with a combination of other amiSelectorTerms");
	EXPECT_N(1, "1.14.1", edit("alias: al2023@v20250505", "alias: AL2023@v20250505"));
	assert_true(has_note(find(KG305, 30, "family is not supported"), "write 'al2023'"));
	EXPECT_N(1, "1.14.1", edit("alias: al2023@v20250505", "alias: al2023@latest"));
	EXPECT(KG230, 30, "AMI alias 'al2023@latest' follows every new AMI release");
	EXPECT_N(0, "1.14.1", edit("alias: al2023@v20250505", "alias: windows2022@latest"));
	/* the CRD's pattern lets a second '@' through: the controller's check (KG330, test_check_controller.c) */
	EXPECT_N(0, "1.14.1", edit("alias: al2023@v20250505", "alias: al2023@v1@v2"));
	EXPECT_N(1, "1.14.1", edit("  role: KarpenterNodeRole-demo\n", "  role: KarpenterNodeRole-demo\n  instanceProfile: x\n"));
	EXPECT(KG309, 29, "must specify exactly one of ['role', 'instanceProfile']");
}

/* ------------------------------------------------------------ documents */

static void
test_api_versions(void **state)
{
	(void)state;
	static const char *const beta =
		"apiVersion: karpenter.k8s.aws/v1beta1\n"
		"kind: EC2NodeClass\n"
		"metadata:\n"
		"  name: default\n"
		"spec:\n"
		"  amiFamily: AL2023\n"
		"  role: r\n"
		"  subnetSelectorTerms: [{tags: {a: b}}]\n"
		"  securityGroupSelectorTerms: [{tags: {a: b}}]\n";
	EXPECT_N(1, "1.14.1", beta);
	const Diag *d = find(KG320, 1, "'karpenter.k8s.aws/v1beta1' EC2NodeClass is not served by Karpenter 1.14.1");
	assert_non_null(d);
	assert_int_equal(d->sev, SEV_ERROR);
	assert_true(has_note(d, "karpgen convert --to v1 t.yaml"));
	EXPECT_N(1, "1.0.14", beta);
	d = find(KG324, 1, "deprecated in Karpenter 1.0.14");
	assert_non_null(d);
	assert_int_equal(d->sev, SEV_WARNING);
	EXPECT_N(0, "0.36.2", beta);
	EXPECT_N(2, "0.36.2", POOL_V1);
	EXPECT(KG320, 1, "'karpenter.sh/v1' NodePool is not served by Karpenter 0.36.2 yet");
	assert_true(has_note(find(KG320, 1, NULL), "needs Karpenter 1.0.14 or later"));
	EXPECT_N(1, "1.14.1", "apiVersion: karpenter.sh/v1\nkind: NodeGroup\nmetadata: {name: x}\n");
	EXPECT(KG301, 2, "'karpenter.sh/v1' NodeGroup is not a Karpenter API karpgen knows");
}

static void
test_skipped_and_refs(void **state)
{
	(void)state;
	const char *text = arena_printf(A, "%s---\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n"
	    "---\n- just\n- a list\n", POOL_V1);
	EXPECT_N(0, "1.14.1", text);
	assert_int_equal(VS.validated, 2);
	assert_int_equal(VS.skipped, 2);
	EXPECT_N(1, "1.14.1", edit("        name: default\n      requirements", "        name: defualt\n      requirements"));
	const Diag *d = find(KG304, 14, "spec.template.spec.nodeClassRef.name: no EC2NodeClass named 'defualt' in the inputs");
	assert_non_null(d);
	assert_true(has_note(d, "did you mean 'default'?"));
	EXPECT_N(1, "1.14.1", edit("kind: EC2NodeClass\n        name", "kind: NodeClass\n        name"));
	EXPECT(KG304, 13, "'NodeClass' is not 'EC2NodeClass'");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_schemas_compile, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cel_rows_match_schemas, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cel_row_args, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cel_rows_have_cases, setup, teardown),
		cmocka_unit_test_setup_teardown(test_valid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_types, setup, teardown),
		cmocka_unit_test_setup_teardown(test_int_or_string, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enum, setup, teardown),
		cmocka_unit_test_setup_teardown(test_patterns_anchored, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bounds_and_lengths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_required_null_unknown, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sets_and_formats, setup, teardown),
		cmocka_unit_test_setup_teardown(test_object_meta, setup, teardown),
		cmocka_unit_test_setup_teardown(test_path_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_label_domains_by_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_requirement_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_defaults_in_cel, setup, teardown),
		cmocka_unit_test_setup_teardown(test_selector_terms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_api_versions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_skipped_and_refs, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
