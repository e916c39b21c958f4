/*
 * test_convert.c - the conversion transforms (convert.c) on value trees
 * built by hand.
 *
 * Trees are written in a small flow notation so that a test reads like the
 * manifest it stands for: {k: v, ...}, [a, b], "quoted", bare scalars typed
 * as YAML would type them (null, true, false, integers), everything else a
 * string.  Keys with ':' in them are quoted.  Every node gets the Loc of its
 * text, so diagnostics have somewhere to point.
 */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

static Arena *A;
static const SrcFile *F;
static const char *P;

static Value *parse_value(void);

static void
skip_ws(void)
{
	while (*P == ' ' || *P == '\n' || *P == '\t')
		P++;
}

static Loc
here(const char *from)
{
	return loc_at(F, (size_t)(from - F->text), (size_t)(P - F->text));
}

static Value *
parse_scalar(bool *quoted)
{
	skip_ws();
	const char *b = P;
	Value *v;
	*quoted = false;
	if (*P == '"') {
		const char *e = strchr(P + 1, '"');
		assert_non_null(e);
		P = e + 1;
		Loc l = here(b);
		v = v_str(A, b + 1, (size_t)(e - b - 1), &l);
		v->flags |= VF_QUOTED;
		*quoted = true;
		return v;
	}
	while (*P && !strchr(",:{}[]", *P))
		P++;
	const char *e = P;
	while (e > b && e[-1] == ' ')
		e--;
	size_t n = (size_t)(e - b);
	Loc l = loc_at(F, (size_t)(b - F->text), (size_t)(e - F->text));
	if (n == 4 && memcmp(b, "null", 4) == 0)
		return v_new(A, V_NULL, &l);
	if ((n == 4 && memcmp(b, "true", 4) == 0) || (n == 5 && memcmp(b, "false", 5) == 0)) {
		v = v_new(A, V_BOOL, &l);
		v->b = *b == 't';
		return v;
	}
	char *end;
	char *text = arena_strndup(A, b, n);
	long long i = strtoll(text, &end, 10);
	if (n && *end == '\0') {
		v = v_new(A, V_NUM, &l);
		v->flags = VF_INTEGER;
		v->i = i;
		v->num = (double)i;
		v->s = text;
		v->len = n;
		return v;
	}
	return v_str(A, b, n, &l);
}

static Value *
parse_value(void)
{
	skip_ws();
	const char *b = P;
	if (*P == '{' || *P == '[') {
		bool map = *P == '{';
		Value *v = v_new(A, map ? V_MAP : V_LIST, NULL);
		P++;
		skip_ws();
		while (*P != (map ? '}' : ']')) {
			if (map) {
				bool q;
				Value *k = parse_scalar(&q);
				skip_ws();
				assert_int_equal(*P, ':');
				P++;
				v_map_put(A, v, k->s ? k->s : "null", &k->loc, parse_value());
			} else {
				v_list_push(A, v, parse_value());
			}
			skip_ws();
			if (*P == ',')
				P++;
			skip_ws();
		}
		P++;
		v->loc = here(b);
		return v;
	}
	bool q;
	return parse_scalar(&q);
}

/* A document from flow text; each call is its own "file". */
static Value *
doc(const char *text)
{
	F = src_from_mem(A, "test.yaml", text, strlen(text));
	P = F->text;
	return parse_value();
}

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

static Converted *OUT;

static int
run(ConvTarget to, const char *alias, int n, Value **docs)
{
	ConvertOptions o = { .to = to, .ami_alias = alias };
	return convert_documents(A, &o, docs, n, &OUT);
}

static int
run1(ConvTarget to, const char *text)
{
	Value *d = doc(text);
	return run(to, NULL, 1, &d);
}

/* How many diagnostics of rule r were reported. */
static int
count(RuleId r)
{
	int n, k = 0;
	Diag *const *d = diag_sorted(&n);
	for (int i = 0; i < n; i++)
		k += d[i]->rule == r;
	return k;
}

/* How many diagnostics of rule r have `text` in their message. */
static int
count_msg(RuleId r, const char *text)
{
	int n, k = 0;
	Diag *const *d = diag_sorted(&n);
	for (int i = 0; i < n; i++)
		k += d[i]->rule == r && strstr(d[i]->msg, text) != NULL;
	return k;
}

static const char *
str(const Value *root, const char *path)
{
	const Value *v = v_path(root, path);
	return v && v->kind == V_STR ? v->s : NULL;
}

static void
assert_keys(const Value *map, const char *keys)
{
	char buf[512] = "";
	for (int i = 0; map && i < map->n; i++) {
		strcat(buf, i ? " " : "");
		strcat(buf, map->members[i].key);
	}
	assert_string_equal(buf, keys);
}

static const Value *
req(const Value *np, const char *key)
{
	const Value *reqs = v_path(np, "spec.template.spec.requirements");
	for (int i = 0; reqs && i < reqs->n; i++)
		if (v_is_str(v_get(reqs->items[i], "key"), key))
			return reqs->items[i];
	return NULL;
}

/* ------------------------------------------------------------ tests */

static void
test_duration(void **state)
{
	(void)state;
	assert_string_equal(convert_duration(A, 604800), "168h");
	assert_string_equal(convert_duration(A, 2592000), "720h");
	assert_string_equal(convert_duration(A, 90), "1m30s");
	assert_string_equal(convert_duration(A, 3661), "1h1m1s");
	assert_string_equal(convert_duration(A, 60), "1m");
	assert_string_equal(convert_duration(A, 0), "0s");
	assert_string_equal(convert_duration(A, 30), "30s");
}

#define MINIMAL_PROV "{apiVersion: karpenter.sh/v1alpha5, kind: Provisioner, metadata: {name: default}, " \
	"spec: {providerRef: {name: my-provider}}}"

static void
test_provisioner_defaults_b1(void **state)
{
	(void)state;
	assert_int_equal(run1(CONV_V1BETA1, MINIMAL_PROV), 1);
	const Value *np = OUT[0].doc;
	assert_true(OUT[0].changed);
	assert_string_equal(str(np, "apiVersion"), "karpenter.sh/v1beta1");
	assert_string_equal(str(np, "kind"), "NodePool");
	assert_string_equal(str(np, "metadata.name"), "default");
	assert_string_equal(str(np, "spec.template.spec.nodeClassRef.apiVersion"), "karpenter.k8s.aws/v1beta1");
	assert_string_equal(str(np, "spec.template.spec.nodeClassRef.kind"), "EC2NodeClass");
	assert_string_equal(str(np, "spec.template.spec.nodeClassRef.name"), "my-provider");
	/* the five v1alpha5 webhook defaults, in the order the webhook listed them */
	const Value *reqs = v_path(np, "spec.template.spec.requirements");
	assert_int_equal(reqs->n, 5);
	assert_string_equal(str(reqs->items[0], "key"), "kubernetes.io/os");
	assert_true(v_is_str(v_get(reqs->items[0], "values")->items[0], "linux"));
	assert_string_equal(str(reqs->items[3], "key"), "karpenter.k8s.aws/instance-category");
	assert_int_equal(v_get(reqs->items[3], "values")->n, 3);
	assert_string_equal(str(reqs->items[4], "operator"), "Gt");
	/* v1alpha5 without consolidation or TTLs never removed or expired nodes */
	assert_string_equal(str(np, "spec.disruption.consolidationPolicy"), "WhenEmpty");
	assert_string_equal(str(np, "spec.disruption.consolidateAfter"), "Never");
	assert_string_equal(str(np, "spec.disruption.expireAfter"), "Never");
	assert_int_equal(count(KG323), 3);
	assert_int_equal(diag_count(SEV_ERROR), 0);
	assert_int_equal(diag_count(SEV_WARNING), 0);
}

static void
test_provisioner_to_v1(void **state)
{
	(void)state;
	run1(CONV_V1, "{apiVersion: karpenter.sh/v1alpha5, kind: Provisioner, metadata: {name: default}, "
	    "spec: {consolidation: {enabled: true}, ttlSecondsUntilExpired: 604800, weight: 10, "
	    "limits: {resources: {cpu: 100, memory: 500Gi}}, providerRef: {name: al2}}}");
	const Value *np = OUT[0].doc;
	assert_string_equal(str(np, "apiVersion"), "karpenter.sh/v1");
	assert_keys(v_path(np, "spec.template.spec.nodeClassRef"), "group kind name");
	assert_string_equal(str(np, "spec.template.spec.nodeClassRef.group"), "karpenter.k8s.aws");
	assert_string_equal(str(np, "spec.template.spec.nodeClassRef.name"), "al2");
	assert_string_equal(str(np, "spec.disruption.consolidationPolicy"), "WhenEmptyOrUnderutilized");
	assert_string_equal(str(np, "spec.disruption.consolidateAfter"), "0s");
	assert_null(v_path(np, "spec.disruption.expireAfter"));
	assert_string_equal(str(np, "spec.template.spec.expireAfter"), "168h");
	assert_int_equal(v_path(np, "spec.limits.cpu")->i, 100);
	assert_string_equal(str(np, "spec.limits.memory"), "500Gi");
	/* input order: disruption where consolidation was, then weight, limits, template */
	assert_keys(v_get(np, "spec"), "disruption weight limits template");
	assert_int_equal(diag_count(SEV_ERROR), 0);
}

static void
test_ttl_after_empty(void **state)
{
	(void)state;
	run1(CONV_V1, "{apiVersion: karpenter.sh/v1alpha5, kind: Provisioner, metadata: {name: p}, "
	    "spec: {ttlSecondsAfterEmpty: 60, providerRef: {name: x}}}");
	const Value *d = v_path(OUT[0].doc, "spec.disruption");
	assert_keys(d, "consolidationPolicy consolidateAfter");
	assert_string_equal(str(d, "consolidationPolicy"), "WhenEmpty");
	assert_string_equal(str(d, "consolidateAfter"), "1m");
	/* the member continues the input key: its comments can follow it */
	const Member *m = v_member(d, "consolidateAfter");
	assert_non_null(m->key_loc.file);
	assert_int_equal(m->key_loc.col, strstr(F->text, "ttlSecondsAfterEmpty") - F->text + 1);
	/* and the policy is convert's own */
	assert_null(v_member(d, "consolidationPolicy")->key_loc.file);
	assert_string_equal(str(OUT[0].doc, "spec.template.spec.expireAfter"), "Never");
}

static void
test_consolidation_and_ttl(void **state)
{
	(void)state;
	run1(CONV_V1BETA1, "{apiVersion: karpenter.sh/v1alpha5, kind: Provisioner, metadata: {name: p}, "
	    "spec: {ttlSecondsAfterEmpty: 30, consolidation: {enabled: true}, providerRef: {name: x}}}");
	assert_string_equal(str(OUT[0].doc, "spec.disruption.consolidationPolicy"), "WhenUnderutilized");
	assert_null(v_path(OUT[0].doc, "spec.disruption.consolidateAfter"));
	assert_int_equal(count(KG321), 1);
}

static void
test_bad_ttl(void **state)
{
	(void)state;
	run1(CONV_V1BETA1, "{apiVersion: karpenter.sh/v1alpha5, kind: Provisioner, metadata: {name: p}, "
	    "spec: {ttlSecondsAfterEmpty: \"30\", ttlSecondsUntilExpired: -5, providerRef: {name: x}}}");
	assert_int_equal(count(KG106), 1);
	assert_int_equal(count(KG112), 1);
}

static void
test_requirement_defaults_partial(void **state)
{
	(void)state;
	run1(CONV_V1BETA1, "{apiVersion: karpenter.sh/v1alpha5, kind: Provisioner, metadata: {name: w}, "
	    "spec: {requirements: [{key: kubernetes.io/os, operator: In, values: [windows]}, "
	    "{key: node.kubernetes.io/instance-type, operator: In, values: [m5.large]}], "
	    "providerRef: {name: x}}}");
	const Value *np = OUT[0].doc;
	assert_int_equal(v_path(np, "spec.template.spec.requirements")->n, 4);
	assert_string_equal(str(req(np, "kubernetes.io/os"), "operator"), "In");
	assert_true(v_is_str(v_get(req(np, "kubernetes.io/os"), "values")->items[0], "windows"));
	assert_non_null(req(np, "kubernetes.io/arch"));
	assert_non_null(req(np, "karpenter.sh/capacity-type"));
	assert_null(req(np, "karpenter.k8s.aws/instance-category"));
	assert_null(req(np, "karpenter.k8s.aws/instance-generation"));
}

static void
test_template_fields(void **state)
{
	(void)state;
	run1(CONV_V1BETA1, "{apiVersion: karpenter.sh/v1alpha5, kind: Provisioner, metadata: {name: p}, "
	    "spec: {taints: [{key: a, effect: NoSchedule}], labels: {intent: apps}, "
	    "annotations: {karpenter.sh/do-not-consolidate: \"true\"}, "
	    "startupTaints: [{key: b, effect: NoExecute}], providerRef: {name: x}, "
	    "kubeletConfiguration: {containerRuntime: containerd, maxPods: 20}}}");
	const Value *np = OUT[0].doc;
	/* metadata before spec in the template, whatever the input order */
	assert_keys(v_path(np, "spec.template"), "metadata spec");
	assert_keys(v_path(np, "spec.template.metadata"), "labels annotations");
	assert_string_equal(str(np, "spec.template.metadata.labels.intent"), "apps");
	assert_keys(v_path(np, "spec.template.metadata.annotations"), "karpenter.sh/do-not-disrupt");
	assert_keys(v_path(np, "spec.template.spec"), "taints startupTaints nodeClassRef kubelet requirements");
	assert_keys(v_path(np, "spec.template.spec.kubelet"), "maxPods");
	assert_int_equal(count(KG321), 1);     /* do-not-consolidate */
	assert_int_equal(count(KG323), 4);     /* containerRuntime, requirements, consolidation, expiry */
}

static void
test_docker_runtime(void **state)
{
	(void)state;
	run1(CONV_V1BETA1, "{apiVersion: karpenter.sh/v1alpha5, kind: Provisioner, metadata: {name: p}, "
	    "spec: {kubeletConfiguration: {containerRuntime: dockerd}, providerRef: {name: x}}}");
	assert_int_equal(count(KG321), 1);
	/* containerRuntime was all it had: no kubelet block is left */
	assert_null(v_path(OUT[0].doc, "spec.template.spec.kubelet"));
}


static void
test_unknown_and_missing(void **state)
{
	(void)state;
	run1(CONV_V1BETA1, "{apiVersion: karpenter.sh/v1alpha5, kind: Provisioner, metadata: {name: p}, "
	    "spec: {bogus: 1, limits: {resources: {cpu: 1}, other: 2}}}");
	assert_int_equal(count(KG110), 2);
	assert_int_equal(count(KG322), 1);     /* no providerRef */
	run1(CONV_V1BETA1, "{apiVersion: karpenter.sh/v1alpha5, kind: Provisioner, metadata: {name: q}, "
	    "spec: {provider: {subnetSelector: {a: b}, securityGroupSelector: {a: b}}, providerRef: {name: x}}}");
	assert_int_equal(count(KG322), 2);
	run1(CONV_V1BETA1, "{apiVersion: karpenter.sh/v1alpha5, kind: Provisioner, metadata: {name: r}, "
	    "spec: {providerRef: {name: x, kind: SomethingElse}}}");
	assert_int_equal(count(KG322), 3);
}

static void
test_inline_provider(void **state)
{
	(void)state;
	int n = run1(CONV_V1, "{apiVersion: karpenter.sh/v1alpha5, kind: Provisioner, metadata: {name: gpu}, "
	    "spec: {kubeletConfiguration: {maxPods: 110}, provider: {apiVersion: extensions.karpenter.sh/v1alpha1, "
	    "kind: AWS, instanceProfile: MyProfile, subnetSelector: {karpenter.sh/discovery: c1}, "
	    "securityGroupSelector: {karpenter.sh/discovery: c1}}}}");
	assert_int_equal(n, 2);
	const Value *np = OUT[0].doc, *nc = OUT[1].doc;
	assert_string_equal(str(np, "spec.template.spec.nodeClassRef.name"), "gpu");
	assert_string_equal(str(nc, "apiVersion"), "karpenter.k8s.aws/v1");
	assert_string_equal(str(nc, "kind"), "EC2NodeClass");
	assert_string_equal(str(nc, "metadata.name"), "gpu");
	assert_keys(v_get(nc, "spec"), "amiFamily amiSelectorTerms instanceProfile subnetSelectorTerms "
	    "securityGroupSelectorTerms metadataOptions kubelet");
	assert_string_equal(str(nc, "spec.instanceProfile"), "MyProfile");
	assert_int_equal(v_path(nc, "spec.kubelet.maxPods")->i, 110);
	assert_null(v_path(np, "spec.template.spec.kubelet"));
	assert_string_equal(str(v_path(nc, "spec.amiSelectorTerms")->items[0], "alias"), "al2@latest");
	assert_int_equal(count_msg(KG323, "the latest release"), 1);
	assert_int_equal(diag_count(SEV_ERROR), 0);
	assert_ptr_equal(OUT[1].from, OUT[0].from);
}

#define NODE_TEMPLATE(extra) "{apiVersion: karpenter.k8s.aws/v1alpha1, kind: AWSNodeTemplate, " \
	"metadata: {name: t}, spec: {" extra "}}"

static void
test_template_selectors(void **state)
{
	(void)state;
	run1(CONV_V1BETA1, NODE_TEMPLATE("subnetSelector: {aws-ids: \"subnet-1, subnet-2,\"}, "
	    "securityGroupSelector: {k1: \"a,b,c\", k2: \"d,e\"}, amiFamily: Bottlerocket, "
	    "\"instanceProfile\": p"));
	const Value *nc = OUT[0].doc;
	assert_string_equal(str(nc, "apiVersion"), "karpenter.k8s.aws/v1beta1");
	const Value *sub = v_path(nc, "spec.subnetSelectorTerms");
	assert_int_equal(sub->n, 2);
	assert_keys(sub->items[0], "id");
	assert_string_equal(str(sub->items[1], "id"), "subnet-2");
	const Value *sg = v_path(nc, "spec.securityGroupSelectorTerms");
	assert_int_equal(sg->n, 6);
	assert_string_equal(str(sg->items[0], "tags.k1"), "a");
	assert_string_equal(str(sg->items[0], "tags.k2"), "d");
	assert_string_equal(str(sg->items[1], "tags.k2"), "e");
	assert_string_equal(str(sg->items[5], "tags.k1"), "c");
	assert_string_equal(str(nc, "spec.amiFamily"), "Bottlerocket");
	assert_null(v_path(nc, "spec.role"));
	assert_int_equal(diag_count(SEV_ERROR) + diag_count(SEV_WARNING), 0);
}

static void
test_ami_selector(void **state)
{
	(void)state;
	run1(CONV_V1BETA1, NODE_TEMPLATE("subnetSelector: {a: b}, securityGroupSelector: {a: b}, "
	    "amiSelector: {\"aws::name\": \"x,y\", \"aws::owners\": \"self,amazon\", MyTag: \"*\"}"));
	const Value *nc = OUT[0].doc;
	const Value *ami = v_path(nc, "spec.amiSelectorTerms");
	assert_int_equal(ami->n, 4);
	assert_keys(ami->items[0], "name owner tags");
	assert_string_equal(str(ami->items[0], "name"), "x");
	assert_string_equal(str(ami->items[1], "owner"), "amazon");
	assert_string_equal(str(ami->items[3], "name"), "y");
	assert_string_equal(str(ami->items[3], "tags.MyTag"), "*");
	/* no amiFamily: the v1alpha1 default; no instanceProfile: a role to fill in */
	assert_keys(v_get(nc, "spec"), "amiFamily role subnetSelectorTerms securityGroupSelectorTerms amiSelectorTerms");
	assert_string_equal(str(nc, "spec.amiFamily"), "AL2");
	assert_string_equal(str(nc, "spec.role"), "${KARPENTER_NODE_ROLE}");
	assert_int_equal(count(KG321), 1);
	assert_int_equal(count(KG323), 1);
}

static void
test_ami_ids_with_filters(void **state)
{
	(void)state;
	run1(CONV_V1BETA1, NODE_TEMPLATE("instanceProfile: p, subnetSelector: {a: b}, securityGroupSelector: {a: b}, "
	    "amiSelector: {\"aws::ids\": \"ami-1,ami-2\", Team: x}"));
	const Value *ami = v_path(OUT[0].doc, "spec.amiSelectorTerms");
	assert_int_equal(ami->n, 2);
	assert_keys(ami->items[0], "id");
	assert_keys(ami->items[1], "id");
	assert_int_equal(count(KG321), 1);
}

static void
test_selector_errors(void **state)
{
	(void)state;
	/* 10 x 10 x 10 values: counted, never built; an object with an error is not written */
	assert_int_equal(0, run1(CONV_V1BETA1, NODE_TEMPLATE("instanceProfile: p, "
	    "subnetSelector: {a: \"1,2,3,4,5,6,7,8,9,10\", b: \"1,2,3,4,5,6,7,8,9,10\", c: \"1,2,3,4,5,6,7,8,9,10\"}, "
	    "securityGroupSelector: {a: \"\"}, amiSelector: {\"aws::owners\": self}")));
	assert_int_equal(count(KG322), 3);
	run1(CONV_V1BETA1, NODE_TEMPLATE("instanceProfile: p, subnetSelector: {\"aws::name\": x}, "
	    "securityGroupSelector: {a: 1}"));
	assert_int_equal(count(KG322), 4);
	assert_int_equal(count(KG106), 1);
	run1(CONV_V1BETA1, NODE_TEMPLATE("instanceProfile: p, subnetSelector: {a: \"x,,y\"}, "
	    "securityGroupSelector: {a: b}"));
	assert_int_equal(count(KG322), 5);
}

static void
test_launch_template(void **state)
{
	(void)state;
	run1(CONV_V1, NODE_TEMPLATE("launchTemplate: my-lt, subnetSelector: {a: b}, bogus: 1"));
	/* one error for the launch template: none for the missing security groups, and the
	 * failed object does not go on to v1 (which would find no AMI selection) */
	assert_int_equal(count(KG322), 1);
	assert_int_equal(count(KG110), 1);
	assert_int_equal(count(KG323), 0);
}

#define NODECLASS_B1(extra) "{apiVersion: karpenter.k8s.aws/v1beta1, kind: EC2NodeClass, " \
	"metadata: {name: c}, spec: {" extra " role: r, subnetSelectorTerms: [{tags: {a: b}}], " \
	"securityGroupSelectorTerms: [{tags: {a: b}}]}}"

static void
test_nodeclass_alias(void **state)
{
	(void)state;
	run1(CONV_V1, NODECLASS_B1("amiFamily: AL2023,"));
	const Value *nc = OUT[0].doc;
	assert_string_equal(str(nc, "apiVersion"), "karpenter.k8s.aws/v1");
	assert_keys(v_get(nc, "spec"), "amiFamily amiSelectorTerms role subnetSelectorTerms "
	    "securityGroupSelectorTerms metadataOptions");
	assert_string_equal(str(v_path(nc, "spec.amiSelectorTerms")->items[0], "alias"), "al2023@latest");
	assert_int_equal(v_path(nc, "spec.metadataOptions.httpPutResponseHopLimit")->i, 2);
	assert_int_equal(count_msg(KG323, "the latest release"), 1);

	Value *d = doc(NODECLASS_B1("amiFamily: AL2023, metadataOptions: {httpPutResponseHopLimit: 1},"));
	run(CONV_V1, "al2023@v20250317", 1, &d);
	assert_string_equal(str(v_path(OUT[0].doc, "spec.amiSelectorTerms")->items[0], "alias"),
	    "al2023@v20250317");
	assert_int_equal(v_path(OUT[0].doc, "spec.metadataOptions.httpPutResponseHopLimit")->i, 1);
	assert_int_equal(count_msg(KG323, "the version '--ami-alias' pins"), 1);

	/* an alias option for another family leaves this one at latest */
	d = doc(NODECLASS_B1("amiFamily: Bottlerocket,"));
	run(CONV_V1, "al2023@v20250317", 1, &d);
	assert_string_equal(str(v_path(OUT[0].doc, "spec.amiSelectorTerms")->items[0], "alias"),
	    "bottlerocket@latest");
	assert_int_equal(count_msg(KG323, "the latest release"), 2);

	run1(CONV_V1, NODECLASS_B1("amiFamily: Windows2022,"));
	assert_string_equal(str(v_path(OUT[0].doc, "spec.amiSelectorTerms")->items[0], "alias"),
	    "windows2022@latest");
	assert_int_equal(count_msg(KG323, "the latest release"), 2);
	assert_int_equal(count_msg(KG323, "Windows aliases take only @latest"), 1);
	assert_int_equal(diag_count(SEV_ERROR), 0);
}

static void
test_nodeclass_no_alias(void **state)
{
	(void)state;
	run1(CONV_V1, NODECLASS_B1("amiFamily: Ubuntu,"));
	assert_int_equal(count(KG322), 1);
	run1(CONV_V1, NODECLASS_B1("amiFamily: Custom,"));
	assert_int_equal(count(KG322), 2);
	run1(CONV_V1, NODECLASS_B1("amiFamily: Custom, amiSelectorTerms: [{id: ami-1, tags: {a: b}}, {name: n}],"));
	assert_int_equal(count(KG322), 2);
	assert_int_equal(count(KG321), 3);      /* the id term, and the unregistered taint twice */
	assert_int_equal(count_msg(KG321, "karpenter.sh/unregistered"), 2);
	assert_keys(v_path(OUT[0].doc, "spec.amiSelectorTerms")->items[0], "id");
	assert_keys(v_path(OUT[0].doc, "spec.amiSelectorTerms")->items[1], "name");
	run1(CONV_V1, NODECLASS_B1("amiFamily: Custom, amiSelectorTerms: [{id: ami-1}], "
	    "userData: \"--register-with-taints=karpenter.sh/unregistered:NoExecute\","));
	assert_int_equal(count_msg(KG321, "karpenter.sh/unregistered"), 2);
	/* v1beta1 as the target: nothing to do for either */
	run1(CONV_V1BETA1, NODECLASS_B1("amiFamily: Ubuntu,"));
	assert_int_equal(count(KG322), 2);
	assert_false(OUT[0].changed);
}

#define NODEPOOL_B1(name, cls, extra, tspec) "{apiVersion: karpenter.sh/v1beta1, kind: NodePool, " \
	"metadata: {name: " name "}, spec: {template: {spec: {nodeClassRef: {name: " cls "}, " \
	"requirements: [{key: a, operator: Exists}]" tspec "}}" extra "}}"

static void
test_nodepool_v1(void **state)
{
	(void)state;
	run1(CONV_V1, NODEPOOL_B1("p", "c", ", disruption: {consolidationPolicy: WhenUnderutilized, "
	    "expireAfter: 720h, budgets: [{nodes: \"10%\"}]}", ", resources: {requests: {cpu: 1}}"));
	const Value *np = OUT[0].doc;
	assert_keys(v_path(np, "spec.disruption"), "consolidationPolicy consolidateAfter budgets");
	assert_string_equal(str(np, "spec.disruption.consolidationPolicy"), "WhenEmptyOrUnderutilized");
	assert_string_equal(str(np, "spec.disruption.consolidateAfter"), "0s");
	assert_keys(v_path(np, "spec.template.spec"), "nodeClassRef requirements expireAfter");
	assert_string_equal(str(np, "spec.template.spec.expireAfter"), "720h");
	assert_int_equal(count(KG321), 1);      /* resources */
	/* a kubelet with no EC2NodeClass to go to */
	run1(CONV_V1, NODEPOOL_B1("p", "missing", "", ", kubelet: {maxPods: 3}"));
	assert_int_equal(count(KG322), 1);
	run1(CONV_V1, NODEPOOL_B1("p", "c", ", disruption: {consolidationPolicy: WhenEmpty}", ""));
	assert_int_equal(count(KG321), 2);
	assert_string_equal(str(OUT[0].doc, "spec.disruption.consolidateAfter"), "0s");
}

static void
test_kubelet_split(void **state)
{
	(void)state;
	Value *d[5];
	d[0] = doc(NODEPOOL_B1("a", "c", "", ", kubelet: {maxPods: 10}"));
	d[1] = doc(NODECLASS_B1("amiFamily: AL2,"));
	d[2] = doc(NODEPOOL_B1("b", "c", "", ", kubelet: {maxPods: 20}"));
	d[3] = doc(NODEPOOL_B1("same", "c", "", ", kubelet: {maxPods: 10}"));
	d[4] = doc(NODEPOOL_B1("d", "c", "", ", kubelet: {maxPods: 20}"));
	/* each doc() is its own file: the class is found across files */
	assert_int_equal(run(CONV_V1, NULL, 5, d), 6);
	assert_string_equal(str(OUT[1].doc, "metadata.name"), "c");
	assert_int_equal(v_path(OUT[1].doc, "spec.kubelet.maxPods")->i, 10);
	assert_string_equal(str(OUT[2].doc, "metadata.name"), "c-b");
	assert_int_equal(v_path(OUT[2].doc, "spec.kubelet.maxPods")->i, 20);
	assert_string_equal(str(OUT[0].doc, "spec.template.spec.nodeClassRef.name"), "c");
	assert_string_equal(str(OUT[3].doc, "spec.template.spec.nodeClassRef.name"), "c-b");
	assert_string_equal(str(OUT[4].doc, "spec.template.spec.nodeClassRef.name"), "c");
	assert_string_equal(str(OUT[5].doc, "spec.template.spec.nodeClassRef.name"), "c-b");
	assert_int_equal(count(KG321), 2);
	assert_int_equal(diag_count(SEV_ERROR), 0);
}

static void
test_kubelet_v1_class(void **state)
{
	(void)state;
	Value *d[3];
	d[0] = doc("{apiVersion: karpenter.k8s.aws/v1, kind: EC2NodeClass, metadata: {name: c}, "
	    "spec: {kubelet: {maxPods: 5}, amiSelectorTerms: [{alias: al2023@latest}]}}");
	d[1] = doc(NODEPOOL_B1("a", "c", "", ", kubelet: {maxPods: 5}"));
	d[2] = doc(NODEPOOL_B1("b", "c", "", ""));
	assert_int_equal(run(CONV_V1, NULL, 3, d), 4);
	assert_false(OUT[0].changed);
	assert_string_equal(str(OUT[1].doc, "metadata.name"), "c-b");
	assert_null(v_path(OUT[1].doc, "spec.kubelet"));
	assert_string_equal(str(OUT[3].doc, "spec.template.spec.nodeClassRef.name"), "c-b");
}

static void
test_empty_kubelet(void **state)
{
	(void)state;
	Value *d[3];
	d[0] = doc(NODEPOOL_B1("a", "c", "", ", kubelet: {}"));
	d[1] = doc(NODECLASS_B1("amiFamily: AL2,"));
	d[2] = doc(NODEPOOL_B1("b", "c", "", ""));
	assert_int_equal(run(CONV_V1, NULL, 3, d), 3);
	assert_null(v_path(OUT[0].doc, "spec.template.spec.kubelet"));
	assert_null(v_path(OUT[1].doc, "spec.kubelet"));
	assert_int_equal(count(KG321), 0);
}

static void
test_passthrough(void **state)
{
	(void)state;
	Value *d[7];
	d[0] = doc("{apiVersion: v1, kind: ConfigMap, metadata: {name: x}}");
	d[1] = doc("null");
	d[2] = doc("[1, 2]");
	d[3] = doc("{apiVersion: karpenter.sh/v1alpha5, kind: Machine, metadata: {name: m}}");
	d[4] = doc("{apiVersion: karpenter.sh/v1alpha6, kind: Thing, metadata: {name: t}}");
	d[5] = doc("{apiVersion: karpenter.sh/v1, kind: NodePool, metadata: {name: n}, spec: {}}");
	d[6] = doc("{apiVersion: karpenter.sh/v1, kind: NodeClaim, metadata: {name: n}}");
	assert_int_equal(run(CONV_V1, NULL, 7, d), 4);
	for (int i = 0; i < 4; i++)
		assert_false(OUT[i].changed);
	assert_string_equal(str(OUT[0].doc, "kind"), "ConfigMap");
	assert_string_equal(str(OUT[1].doc, "kind"), "Thing");
	assert_int_equal(count(KG104), 1);   /* the list is not a manifest */
	assert_int_equal(count(KG321), 1);   /* Machine left out */
	assert_int_equal(count(KG323), 4);
	/* no downgrades */
	run(CONV_V1BETA1, NULL, 1, &d[5]);
	assert_int_equal(count(KG322), 1);
}

static void
test_server_fields(void **state)
{
	(void)state;
	run1(CONV_V1, "{apiVersion: karpenter.sh/v1beta1, kind: NodePool, metadata: {name: p, uid: u1, "
	    "resourceVersion: \"5\", annotations: {kubectl.kubernetes.io/last-applied-configuration: x}, "
	    "labels: {a: b}}, spec: {template: {spec: {nodeClassRef: {name: c}, requirements: []}}}, "
	    "status: {resources: {cpu: 1}}}");
	assert_keys(v_get(OUT[0].doc, "metadata"), "name labels");
	assert_keys(OUT[0].doc, "apiVersion kind metadata spec");
	assert_int_equal(count(KG323), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_duration, setup, teardown),
		cmocka_unit_test_setup_teardown(test_provisioner_defaults_b1, setup, teardown),
		cmocka_unit_test_setup_teardown(test_provisioner_to_v1, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ttl_after_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_consolidation_and_ttl, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_ttl, setup, teardown),
		cmocka_unit_test_setup_teardown(test_requirement_defaults_partial, setup, teardown),
		cmocka_unit_test_setup_teardown(test_template_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_docker_runtime, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_and_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inline_provider, setup, teardown),
		cmocka_unit_test_setup_teardown(test_template_selectors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ami_selector, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ami_ids_with_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_selector_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_launch_template, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nodeclass_alias, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nodeclass_no_alias, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nodepool_v1, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kubelet_split, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kubelet_v1_class, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_kubelet, setup, teardown),
		cmocka_unit_test_setup_teardown(test_passthrough, setup, teardown),
		cmocka_unit_test_setup_teardown(test_server_fields, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
