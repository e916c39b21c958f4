/*
 * test_load_k8s.c - Kubernetes manifests into KObjects: API generations,
 * names, document positions and indexes, other kinds kept, placeholders
 * reported once per file, and the NodePool that replaces a node group.
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
k8s(const char *name, const char *text)
{
	SrcFile *f = src_from_mem(A, name, text, strlen(text));
	Input *in = arena_alloc(A, sizeof *in);
	in->file = f;
	in->dialect = D_K8S_YAML;
	in->ndocs = yaml_load(A, f, &in->docs);
	assert_true(in->ndocs >= 0);
	VEC_PUSH(A, ir->inputs, in);
	load_k8s_docs(ir, in);
	return in;
}

static const char manifests[] =
    "# three generations and a stranger\n"             /* 1 */
    "---\n"                                             /* 2 */
    "apiVersion: karpenter.sh/v1alpha5\n"               /* 3 */
    "kind: Provisioner\n"                               /* 4 */
    "metadata: {name: old}\n"                           /* 5 */
    "---\n"                                             /* 6 */
    "apiVersion: karpenter.k8s.aws/v1alpha1\n"          /* 7 */
    "kind: AWSNodeTemplate\n"                           /* 8 */
    "metadata: {name: old}\n"                           /* 9 */
    "spec:\n"                                           /* 10 */
    "  subnetSelector: {karpenter.sh/discovery: \"${CLUSTER_NAME}\"}\n"  /* 11 */
    "  userData: |\n"                                   /* 12 */
    "    echo ${HOME}\n"                                /* 13 */
    "---\n"                                             /* 14 */
    "---\n"                                             /* 15: empty document */
    "apiVersion: karpenter.sh/v1beta1\n"                /* 16 */
    "kind: NodePool\n"                                  /* 17 */
    "metadata:\n"                                       /* 18 */
    "  name: general\n"                                 /* 19 */
    "  annotations:\n"                                  /* 20 */
    "    karpgen.io/replaces: \"ng_1, ng-2\"\n"         /* 21 */
    "---\n"                                             /* 22 */
    "apiVersion: karpenter.k8s.aws/v1\n"                /* 23 */
    "kind: EC2NodeClass\n"                              /* 24 */
    "metadata: {name: default}\n"                       /* 25 */
    "spec:\n"                                           /* 26 */
    "  role: \"KarpenterNodeRole-${CLUSTER_NAME}\"\n"   /* 27 */
    "---\n"                                             /* 28 */
    "apiVersion: karpenter.sh/v1\n"                     /* 29 */
    "kind: NodePool\n"                                  /* 30 */
    "metadata: {name: gpu-nodes}\n"                     /* 31 */
    "---\n"                                             /* 32 */
    "apiVersion: v1\n"                                  /* 33 */
    "kind: ConfigMap\n"                                 /* 34 */
    "metadata: {name: \"${NOT_CHECKED}\"}\n";           /* 35 */

static void
test_objects(void **state)
{
	(void)state;
	Input *in = k8s("m.yaml", manifests);
	assert_string_equal(in->what, "Karpenter manifests");
	assert_int_equal(ir->objects.n, 6);
	static const struct {
		KApi api;
		const char *kind, *name;
		int line, index;
	} want[] = {
		{ KAPI_V1ALPHA5, "Provisioner", "old", 3, 0 },
		{ KAPI_V1ALPHA1, "AWSNodeTemplate", "old", 7, 1 },
		{ KAPI_V1BETA1, "NodePool", "general", 16, 3 },
		{ KAPI_V1, "EC2NodeClass", "default", 23, 4 },
		{ KAPI_V1, "NodePool", "gpu-nodes", 29, 5 },
		{ KAPI_OTHER, "ConfigMap", "${NOT_CHECKED}", 33, 6 },
	};
	for (int i = 0; i < 6; i++) {
		const KObject *o = ir->objects.v[i];
		assert_int_equal(o->api, want[i].api);
		assert_string_equal(o->kind, want[i].kind);
		assert_string_equal(o->name, want[i].name);
		assert_int_equal(o->loc.line, want[i].line);
		assert_int_equal(o->loc.col, 1);
		assert_ptr_equal(o->loc.file, in->file);
		assert_int_equal(o->doc_index, want[i].index);
		assert_ptr_equal(o->file, in->file);
	}
	/* the document tree keeps its positions for the checks */
	const Value *role = v_path(ir->objects.v[3]->doc, "spec.role");
	assert_int_equal(role->loc.line, 27);
	assert_int_equal(role->loc.col, 9);
}

static void
test_placeholders_once_per_file(void **state)
{
	(void)state;
	k8s("m.yaml", manifests);
	int n;
	Diag *const *d = diag_sorted(&n);
	/* ${CLUSTER_NAME} twice (one warning, one note); userData and the ConfigMap are not checked */
	assert_int_equal(n, 1);
	assert_int_equal(d[0]->rule, KG111);
	assert_int_equal(d[0]->sev, SEV_WARNING);
	assert_int_equal(d[0]->loc.line, 11);
	assert_int_equal(d[0]->loc.col, 44);
	assert_int_equal(d[0]->notes.n, 2);
	assert_int_equal(d[0]->notes.v[1].loc.line, 27);
	assert_int_equal(d[0]->notes.v[1].loc.col, 9);
}

static void
test_not_objects(void **state)
{
	(void)state;
	Input *in = k8s("bad.yaml", "- a\n- b\n---\nkind: NodePool\nmetadata: {name: x}\n---\napiVersion: [1]\nkind: X\n");
	assert_null(in->what);
	assert_int_equal(ir->objects.n, 0);
	int n;
	Diag *const *d = diag_sorted(&n);
	assert_int_equal(n, 3);
	for (int i = 0; i < n; i++)
		assert_int_equal(d[i]->rule, KG104);
	assert_string_equal(d[0]->msg, "document 1 is a list, not a Kubernetes object");
	assert_int_equal(d[0]->loc.line, 1);
	assert_string_equal(d[1]->msg, "document 2 has no 'apiVersion'");
	assert_int_equal(d[1]->loc.line, 4);
	assert_string_equal(d[2]->msg, "document 3 has no string 'apiVersion'");
	assert_int_equal(d[2]->loc.line, 7);
	assert_int_equal(d[2]->loc.col, 13);
}

/* `kubectl get nodepools,ec2nodeclasses -o yaml` prints one v1 List */
static void
test_kubectl_list(void **state)
{
	(void)state;
	k8s("list.yaml",
	    "apiVersion: v1\n"
	    "kind: List\n"
	    "items:\n"
	    "- apiVersion: karpenter.sh/v1\n"
	    "  kind: NodePool\n"
	    "  metadata: {name: a}\n"
	    "- 42\n"
	    "- apiVersion: karpenter.k8s.aws/v1\n"
	    "  kind: EC2NodeClass\n"
	    "  metadata: {name: b}\n");
	assert_int_equal(ir->objects.n, 2);
	assert_string_equal(ir->objects.v[1]->kind, "EC2NodeClass");
	assert_int_equal(ir->objects.v[1]->loc.line, 8);
	assert_int_equal(ir->objects.v[1]->loc.col, 3);
	assert_int_equal(ir->objects.v[1]->doc_index, 0);
	int n;
	Diag *const *d = diag_sorted(&n);
	assert_int_equal(n, 1);
	assert_string_equal(d[0]->msg, "item 2 of document 1 is a number, not a Kubernetes object");
	assert_int_equal(d[0]->loc.line, 7);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_objects, setup, teardown),
		cmocka_unit_test_setup_teardown(test_placeholders_once_per_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_objects, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kubectl_list, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
