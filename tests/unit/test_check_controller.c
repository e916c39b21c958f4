/*
 * test_check_controller.c - check_controller.c (KG330).  The NodePool rules
 * run through validate at every supported version (testdata/validate/KG330-*,
 * testdata/rules/KG330-controller-runtime/); the kubelet rules apply from
 * Karpenter 1.15 (KF_KUBELET_OPEN_MAP), which versions.def does not have yet,
 * so they are held here to a release row that has the feature: one failing
 * and one passing EC2NodeClass per rule.  And no release in versions.def
 * applies them yet (1.14.1 checks the same through its CRD's CEL rules).  And
 * the alias rule through the validate driver, which runs KG330 after the schema.
 */
#include "unit.h"

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
	pattern_free_all();
	arena_free(A);
	return 0;
}

/* The newest row with the 1.15 feature: what the 1.15 row of versions.def will say. */
static const KarpRelease *
release_1_15(void)
{
	static KarpRelease r;
	r = karpenter_releases[karpenter_release_count - 1];
	r.name = "1.15.0";
	r.features |= KF_KUBELET_OPEN_MAP;
	return &r;
}

/* Run the controller's checks on an EC2NodeClass of family `family` with kubelet `kubelet`; the KG330 errors. */
static int
run(const KarpRelease *rel, const char *family, const char *kubelet)
{
	diag_init(A);
	KarpVersion kv = { .name = rel->name, .requested = rel->name, .rel = rel };
	char *text = arena_printf(A,
	    "apiVersion: karpenter.k8s.aws/v1\n"
	    "kind: EC2NodeClass\n"
	    "metadata:\n"
	    "  name: default\n"
	    "spec:\n"
	    "  %s\n"
	    "  role: KarpenterNodeRole-demo\n"
	    "  kubelet:\n"
	    "%s", family, kubelet);
	const SrcFile *f = src_from_mem(A, "t.yaml", text, strlen(text));
	Value **docs = NULL;
	yaml_load(A, f, &docs);
	assert_non_null(docs);
	assert_non_null(docs[0]);
	int errors = check_controller(A, &kv, "EC2NodeClass", 2, docs[0]);
	int n, kg330 = 0;
	Diag *const *d = diag_sorted(&n);
	for (int i = 0; i < n; i++) {
		kg330 += d[i]->rule == KG330;
		if (d[i]->rule != KG330)
			fail_msg("a diagnostic of another rule: %s", d[i]->msg);
	}
	assert_int_equal(errors, kg330);
	return kg330;
}

static bool
said(const char *text)
{
	int n;
	Diag *const *d = diag_sorted(&n);
	for (int i = 0; i < n; i++) {
		if (strstr(d[i]->msg, text))
			return true;
		for (int k = 0; k < d[i]->notes.n; k++)   /* a "did you mean" is a note */
			if (strstr(d[i]->notes.v[k].msg, text))
				return true;
	}
	for (int i = 0; i < n; i++)
		print_message("  %d:%d %s\n", d[i]->loc.line, d[i]->loc.col, d[i]->msg);
	return false;
}

/* One kubelet rule: the kubelet block that breaks it, the message, one that keeps it. */
static const struct {
	const char *rule, *family, *fails, *says, *passes;
} cases[] = {
	{ "registerWithTaints is Karpenter's", "amiFamily: AL2023",
	  "    registerWithTaints:\n      - {key: a, effect: NoSchedule}\n", "registerWithTaints: cannot be set",
	  "    maxPods: 110\n" },
	{ "eviction keys are signals", "amiFamily: AL2023",
	  "    evictionHard:\n      memory.free: 5%\n", "'memory.free' is not an eviction signal",
	  "    evictionHard:\n      memory.available: 5%\n" },
	{ "evictionMinimumReclaim keys are signals", "amiFamily: AL2023",
	  "    evictionMinimumReclaim:\n      disk.available: 1Gi\n", "'disk.available' is not an eviction signal",
	  "    evictionMinimumReclaim:\n      nodefs.available: 1Gi\n" },
	{ "thresholds are percentages in 0-100", "amiFamily: AL2023",
	  "    evictionHard:\n      memory.available: 105%\n", "is not a percentage (0-100) or a resource quantity",
	  "    evictionHard:\n      memory.available: 100%\n" },
	{ "thresholds are quantities", "amiFamily: AL2023",
	  "    evictionHard:\n      memory.available: 500 megs\n", "is not a percentage (0-100) or a resource quantity",
	  "    evictionHard:\n      memory.available: 500Mi\n" },
	{ "thresholds are not negative", "amiFamily: AL2023",
	  "    evictionHard:\n      memory.available: -500Mi\n", "'-500Mi' is negative",
	  "    evictionHard:\n      memory.available: \"0\"\n" },
	{ "grace periods are durations", "amiFamily: AL2023",
	  "    evictionSoft:\n      memory.available: 10%\n    evictionSoftGracePeriod:\n      memory.available: 1 minute\n",
	  "'1 minute' is not a duration",
	  "    evictionSoft:\n      memory.available: 10%\n    evictionSoftGracePeriod:\n      memory.available: 1m30s\n" },
	{ "grace periods are not negative", "amiFamily: AL2023",
	  "    evictionSoft:\n      memory.available: 10%\n    evictionSoftGracePeriod:\n      memory.available: -1m\n",
	  "'-1m' is negative",
	  "    evictionSoft:\n      memory.available: 10%\n    evictionSoftGracePeriod:\n      memory.available: 0s\n" },
	{ "a soft threshold has a grace period", "amiFamily: AL2023",
	  "    evictionSoft:\n      memory.available: 10%\n", "evictionSoft[memory.available]: has no matching evictionSoftGracePeriod",
	  "    evictionSoft:\n      memory.available: 10%\n    evictionSoftGracePeriod:\n      memory.available: 1m\n" },
	{ "a grace period has a soft threshold", "amiFamily: AL2023",
	  "    evictionSoftGracePeriod:\n      memory.available: 1m\n",
	  "evictionSoftGracePeriod[memory.available]: has no matching evictionSoft",
	  "    evictionSoftGracePeriod:\n      memory.available: 1m\n    evictionSoft:\n      memory.available: 10%\n" },
	{ "reserved resources", "amiFamily: AL2023",
	  "    kubeReserved:\n      gpu: 1\n", "'gpu' is not a resource the kubelet reserves",
	  "    kubeReserved:\n      ephemeral-storage: 1Gi\n" },
	{ "reservations are not negative", "amiFamily: AL2023",
	  "    systemReserved:\n      memory: -100Mi\n", "'-100Mi' is a negative reservation",
	  "    systemReserved:\n      memory: 100Mi\n" },
	{ "image GC percentages", "amiFamily: AL2023",
	  "    imageGCHighThresholdPercent: 101\n", "101 is not between 0 and 100",
	  "    imageGCHighThresholdPercent: 100\n" },
	{ "image GC high above low", "amiFamily: AL2023",
	  "    imageGCHighThresholdPercent: 80\n    imageGCLowThresholdPercent: 80\n",
	  "is not above imageGCLowThresholdPercent",
	  "    imageGCHighThresholdPercent: 81\n    imageGCLowThresholdPercent: 80\n" },
	{ "counts are not negative", "amiFamily: AL2023",
	  "    podsPerCore: -1\n", "podsPerCore: -1 is negative", "    podsPerCore: 0\n" },
	{ "maxPods is not negative", "amiFamily: AL2023",
	  "    maxPods: -1\n", "maxPods: -1 is negative", "    maxPods: 0\n" },
	{ "evictionMaxPodGracePeriod is not negative", "amiFamily: AL2023",
	  "    evictionMaxPodGracePeriod: -30\n", "evictionMaxPodGracePeriod: -30 is negative",
	  "    evictionMaxPodGracePeriod: 30\n" },
	{ "AL2 applies only the fields Karpenter maps", "amiFamily: AL2",
	  "    serializeImagePulls: false\n", "the AL2 AMI family does not apply this field",
	  "    cpuCFSQuota: false\n" },
	{ "AL2023 applies every field", "amiFamily: Bottlerocket",
	  "    containerLogMaxSize: 50Mi\n", "the Bottlerocket AMI family does not apply this field",
	  "    maxPods: 50\n" },
	{ "a family from the alias", "amiSelectorTerms: [{alias: windows2022@latest}]",
	  "    shutdownGracePeriod: 30s\n", "the Windows2022 AMI family does not apply this field",
	  "    clusterDNS: [10.100.0.10]\n" },
	{ "Bottlerocket has no podsPerCore", "amiFamily: Bottlerocket",
	  "    podsPerCore: 4\n", "podsPerCore: the Bottlerocket AMI family does not apply this field",
	  "    maxPods: 40\n" },
	{ "one clusterDNS entry but on AL2023", "amiFamily: AL2",
	  "    clusterDNS: [10.100.0.10, 169.254.20.10]\n", "the AL2 AMI family takes one entry, 2 given",
	  "    clusterDNS: [10.100.0.10]\n" },
	{ "AL2023 takes several clusterDNS entries and any field", "amiFamily: AL2023",
	  "    registerWithTaints: []\n", "registerWithTaints: cannot be set",
	  "    clusterDNS: [10.100.0.10, 169.254.20.10]\n    serializeImagePulls: false\n" },
	{ "keys are KubeletConfiguration fields", "amiFamily: AL2023",
	  "    maxPod: 110\n", "spec.kubelet.maxPod: is not a field of KubeletConfiguration",
	  "    maxPods: 110\n    containerLogMaxFiles: 5\n" },
	{ "an unknown key names the nearest field", "amiFamily: AL2023",
	  "    evictionhard:\n      memory.available: 5%\n", "did you mean 'evictionHard'?",
	  "    evictionHard:\n      memory.available: 5%\n" },
	{ "an unknown key is one finding on any family", "amiFamily: AL2",
	  "    nonsenseSetting: true\n", "nonsenseSetting: is not a field of KubeletConfiguration",
	  "    cpuCFSQuota: true\n" },
	/* the JSON shape of each field's Go type (kubelet_fields.def's second column) */
	{ "a bool is not quoted", "amiFamily: AL2023",
	  "    serializeImagePulls: \"false\"\n", "serializeImagePulls: a string where KubeletConfiguration has a bool",
	  "    serializeImagePulls: false\n" },
	{ "an int32 is a whole number", "amiFamily: AL2023",
	  "    maxPods: 110.5\n", "maxPods: a number where KubeletConfiguration has a 32-bit integer",
	  "    maxPods: 110\n" },
	{ "an int32 is not quoted", "amiFamily: AL2023",
	  "    maxPods: \"110\"\n", "maxPods: a string where KubeletConfiguration has a 32-bit integer",
	  "    maxPods: 110\n" },
	{ "an int32 fits 32 bits", "amiFamily: AL2023",
	  "    maxPods: 3000000000\n", "'3000000000' is out of the 32-bit range",
	  "    maxPods: 2147483647\n" },
	{ "an int64 is a whole number", "amiFamily: AL2023",
	  "    podPidsLimit: true\n", "podPidsLimit: a bool where KubeletConfiguration has an integer",
	  "    podPidsLimit: 4096\n" },
	{ "a duration is a string", "amiFamily: AL2023",
	  "    shutdownGracePeriod: 30\n", "shutdownGracePeriod: an integer where KubeletConfiguration has a duration",
	  "    shutdownGracePeriod: 30s\n" },
	{ "a duration parses", "amiFamily: AL2023",
	  "    shutdownGracePeriod: 30 seconds\n", "'30 seconds' is not a Go duration",
	  "    shutdownGracePeriod: 1m30s\n" },
	{ "a string is not a number", "amiFamily: AL2023",
	  "    containerLogMaxSize: 50\n", "containerLogMaxSize: an integer where KubeletConfiguration has a string",
	  "    containerLogMaxSize: 50Mi\n" },
	{ "a string map holds strings", "amiFamily: AL2023",
	  "    evictionHard:\n      memory.available: 5\n",
	  "evictionHard[memory.available]: an integer where KubeletConfiguration has a string",
	  "    evictionHard:\n      memory.available: \"5\"\n" },
	{ "a list of strings is a list", "amiFamily: AL2023",
	  "    clusterDNS: 10.100.0.10\n", "clusterDNS: a string where KubeletConfiguration has a list of strings",
	  "    clusterDNS: [10.100.0.10]\n" },
	{ "a list of strings holds strings", "amiFamily: AL2023",
	  "    allowedUnsafeSysctls: [1]\n", "allowedUnsafeSysctls: has an item that is not a string",
	  "    allowedUnsafeSysctls: [net.core.somaxconn]\n" },
	{ "a struct is an object", "amiFamily: AL2023",
	  "    authentication: true\n", "authentication: a bool where KubeletConfiguration has an object",
	  "    authentication:\n      anonymous:\n        enabled: false\n" },
	{ "a number field takes an integer", "amiFamily: AL2023",
	  "    memoryThrottlingFactor: \"0.9\"\n", "a string where KubeletConfiguration has a number",
	  "    memoryThrottlingFactor: 1\n" },
	{ "null decodes into anything", "amiFamily: AL2023",
	  "    maxPods: yes please\n", "maxPods: a string where KubeletConfiguration has a 32-bit integer",
	  "    maxPods: null\n    clusterDNS: null\n" },
	{ "Custom is exempt from the family rule", "amiFamily: Custom",
	  "    evictionHard:\n      memory.free: 5%\n", "'memory.free' is not an eviction signal",
	  "    serializeImagePulls: false\n    podsPerCore: 2\n" },
};

static void
test_kubelet_rules(void **state)
{
	(void)state;
	const KarpRelease *rel = release_1_15();
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		print_message("  %s\n", cases[i].rule);
		if (run(rel, cases[i].family, cases[i].fails) == 0 || !said(cases[i].says))
			fail_msg("%s: no KG330 saying '%s'", cases[i].rule, cases[i].says);
		if (run(rel, cases[i].family, cases[i].passes) != 0)
			fail_msg("%s: KG330 on the passing case", cases[i].rule);
	}
	/* an unknown key is reported once, not again as a field the family does not apply */
	assert_int_equal(run(rel, "amiFamily: AL2", "    nonsenseSetting: true\n"), 1);
}

/* Every release of versions.def checks the kubelet through its CRD, not the controller: no KG330 yet. */
static void
test_kubelet_rules_wait_for_1_15(void **state)
{
	(void)state;
	for (int i = 0; i < karpenter_release_count; i++) {
		if (karpenter_releases[i].features & KF_KUBELET_OPEN_MAP)
			continue;   /* the row of a release that has it (1.15 on): test_kubelet_rules */
		assert_int_equal(run(&karpenter_releases[i], "amiFamily: AL2", "    registerWithTaints: []\n"), 0);
	}
}

/* Through the validate driver at 1.14.1: the alias the CRD's pattern lets through, the controller refuses. */
static void
test_alias_two_ats(void **state)
{
	(void)state;
	static const char *const fmt =
	    "apiVersion: karpenter.k8s.aws/v1\n"
	    "kind: EC2NodeClass\n"
	    "metadata:\n"
	    "  name: default\n"
	    "spec:\n"
	    "  amiSelectorTerms:\n"
	    "    - alias: %s\n"
	    "  role: KarpenterNodeRole-demo\n"
	    "  subnetSelectorTerms:\n"
	    "    - tags: {karpenter.sh/discovery: demo}\n"
	    "  securityGroupSelectorTerms:\n"
	    "    - tags: {karpenter.sh/discovery: demo}\n";
	static const struct { const char *alias; int kg330; } aliases[] = {
		{ "al2023@v1@v2", 1 }, { "al2023@v20250505", 0 },
	};
	for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++) {
		diag_init(A);
		KarpVersion kv;
		assert_true(karpenter_version_pick("1.14.1", &kv));
		char *text = arena_printf(A, fmt, aliases[i].alias);
		const SrcFile *f = src_from_mem(A, "t.yaml", text, strlen(text));
		Value **docs = NULL;
		yaml_load(A, f, &docs);
		Validation vs;
		validation_init(&vs, A, &kv);
		assert_true(validate_document(&vs, docs[0]));
		int n, kg330 = 0;
		Diag *const *d = diag_sorted(&n);
		for (int k = 0; k < n; k++)
			kg330 += d[k]->rule == KG330 && strstr(d[k]->msg, "more than one '@'") != NULL;
		assert_int_equal(n, aliases[i].kg330);
		assert_int_equal(kg330, aliases[i].kg330);
	}
	schema_free_all();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_kubelet_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kubelet_rules_wait_for_1_15, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alias_two_ats, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
