/*
 * test_load_value.c - the front-ends' shared helpers on hand-built values:
 * conversions and their diagnostics, the key table walk with "did you mean",
 * placeholders, DNS-1123 names and the NodePool a node group maps to.
 */
#include "unit.h"
#include "irbuild.h"

#include <stddef.h>
#include <string.h>

static Arena *A;
static SrcFile *F;
static IR *ir;
static LoadCtx C;

static int
setup(void **state)
{
	(void)state;
	A = tb_empty()->a;
	ir = tb_state.ir;
	const char *text = "line one\nline two\nline three\n";
	F = src_from_mem(A, "in.yaml", text, strlen(text));
	C = (LoadCtx){ .ir = ir, .dialect = "test", .warn_unknown = true };
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	tb_free(&tb_state);
	return 0;
}

static Loc
at(int line, int col)
{
	return (Loc){ .file = F, .line = line, .col = col };
}

static Value *
str(const char *s, int line, int col)
{
	Loc l = at(line, col);
	return v_str(A, s, strlen(s), &l);
}

static Value *
num(const char *spelling, int64_t i, bool integer, int line, int col)
{
	Loc l = at(line, col);
	Value *v = v_new(A, V_NUM, &l);
	v->s = spelling;
	v->len = strlen(spelling);
	v->i = i;
	v->num = (double)i;
	if (integer)
		v->flags |= VF_INTEGER;
	return v;
}

static Value *
map(int line, int col)
{
	Loc l = at(line, col);
	return v_new(A, V_MAP, &l);
}

static void
put(Value *m, const char *key, int line, int col, Value *v)
{
	Loc l = at(line, col);
	v_map_put(A, m, key, &l, v);
}

/* The only diagnostic of the run so far (fails unless there is exactly one). */
static const Diag *
only_diag(void)
{
	int n;
	Diag *const *d = diag_sorted(&n);
	assert_int_equal(n, 1);
	return d[0];
}

static int
ndiags(void)
{
	int n;
	diag_sorted(&n);
	return n;
}

static void
test_str_keeps_loc_and_spelling(void **state)
{
	(void)state;
	SVal s = sval_of(ir, str("ng-1", 2, 9), "name");
	assert_true(s.set);
	assert_string_equal(s.s, "ng-1");
	assert_int_equal(s.loc.line, 2);
	assert_int_equal(s.loc.col, 9);
	assert_int_equal(s.origin, ORIGIN_INPUT);
	/* an unquoted YAML 1.30 keeps its spelling, not 1.3 */
	s = sval_of(ir, num("1.30", 1, false, 3, 4), "version");
	assert_string_equal(s.s, "1.30");
	assert_int_equal(ndiags(), 0);
}

static void
test_str_of_list_is_type_mismatch(void **state)
{
	(void)state;
	Loc l = at(1, 3);
	SVal s = sval_of(ir, v_new(A, V_LIST, &l), "name");
	assert_false(s.set);
	const Diag *d = only_diag();
	assert_int_equal(d->rule, KG106);
	assert_int_equal(d->loc.line, 1);
	assert_int_equal(d->loc.col, 3);
	assert_string_equal(d->msg, "'name' should be a string, not a list");
}

static void
test_int_bounds(void **state)
{
	(void)state;
	IVal v = ival_of(ir, num("3", 3, true, 1, 1), "minSize");
	assert_true(v.set);
	assert_int_equal(v.v, 3);
	assert_false(ival_of(ir, num("-1", -1, true, 2, 5), "maxSize").set);
	assert_false(ival_of(ir, num("99999999999999999999999", 0, false, 3, 7), "volumeSize").set);
	Value *real = num("2.5", 2, false, 3, 9);
	real->num = 2.5;
	assert_false(ival_of(ir, real, "desiredCapacity").set);
	assert_false(ival_of(ir, str("two", 1, 5), "minSize").set);
	v = ival_of(ir, str("2", 4, 5), "minSize");   /* "2": a whole number, as Terraform converts it */
	assert_true(v.set);
	assert_int_equal(v.v, 2);
	int n;
	Diag *const *d = diag_sorted(&n);
	assert_int_equal(n, 4);
	assert_int_equal(d[0]->rule, KG106);   /* "two": a string (1:5) */
	assert_string_equal(d[0]->msg, "'minSize' should be an integer, not 'two'");
	assert_int_equal(d[1]->rule, KG112);   /* negative (2:5) */
	assert_string_equal(d[1]->msg, "'maxSize' must not be negative: '-1'");
	assert_int_equal(d[2]->rule, KG112);   /* out of range (3:7) */
	assert_int_equal(d[3]->rule, KG106);   /* 2.5 (3:9) */
}

static void
test_placeholder_is_unknown_warning(void **state)
{
	(void)state;
	SVal s = sval_of(ir, str("KarpenterNodeRole-${CLUSTER_NAME}", 2, 9), "role");
	assert_true(s.unknown);
	assert_null(s.s);
	assert_string_equal(s.expr, "KarpenterNodeRole-${CLUSTER_NAME}");
	const Diag *d = only_diag();
	assert_int_equal(d->rule, KG111);
	assert_int_equal(d->sev, SEV_WARNING);
	assert_int_equal(d->loc.line, 2);
	assert_string_equal(d->msg, "template placeholder '${CLUSTER_NAME}' in 'role' is not substituted");
}

static void
test_placeholder_scanner(void **state)
{
	(void)state;
	size_t n;
	const char *s = "a <<CLUSTER_NAME>> b";
	const char *p = placeholder_find(s, strlen(s), &n, false);
	assert_non_null(p);
	assert_int_equal(p - s, 2);
	assert_int_equal(n, 16);
	s = "{{ .Values.clusterName }}";
	assert_non_null(placeholder_find(s, strlen(s), &n, false));
	assert_int_equal(n, strlen(s));
	/* Terraform's escape, shell text and lone braces are not placeholders */
	s = "DISK=$${DEV}";
	assert_null(placeholder_find(s, strlen(s), &n, false));
	s = "${}";
	assert_null(placeholder_find(s, strlen(s), &n, false));
	s = "a << b >> c";
	assert_null(placeholder_find(s, strlen(s), &n, false));
	s = "${unterminated";
	assert_null(placeholder_find(s, strlen(s), &n, false));
	/* envsubst only: ${NAME} of a bare name, never a Terraform reference, <<X>> or {{ X }} */
	s = "x-${CLUSTER_NAME}";
	assert_non_null(placeholder_find(s, strlen(s), &n, true));
	assert_int_equal(n, 15);
	s = "${var.cluster} <<X>> {{ .Y }}";
	assert_null(placeholder_find(s, strlen(s), &n, true));
}

static void
test_kv_and_list(void **state)
{
	(void)state;
	Value *m = map(1, 1);
	put(m, "role", 1, 3, str("worker", 1, 9));
	Loc nl = at(2, 8);
	put(m, "empty", 2, 3, v_new(A, V_NULL, &nl));
	KVList kv = kvlist_of(ir, m, "labels");
	assert_true(kv.set);
	assert_int_equal(kv.n, 1);             /* a null element is not written */
	assert_string_equal(kv.v[0].key.s, "role");
	assert_int_equal(kv.v[0].key.loc.col, 3);
	assert_string_equal(kv.v[0].value.s, "worker");
	assert_int_equal(kv.v[0].value.loc.col, 9);

	Loc ll = at(3, 2);
	Value *l = v_new(A, V_LIST, &ll);
	for (int i = 0; i < 9; i++) {
		char name[16];
		snprintf(name, sizeof name, "m5.%dxlarge", i + 1);
		v_list_push(A, l, str(arena_strdup(A, name), 3, 3 + i * 12));
	}
	SList sl = slist_of(ir, l, "instanceTypes");
	assert_true(sl.set);
	assert_int_equal(sl.n, 9);
	assert_string_equal(sl.v[8].s, "m5.9xlarge");
	assert_int_equal(sl.v[8].loc.col, 3 + 8 * 12);
	assert_int_equal(ndiags(), 0);
}

typedef struct Obj {
	SVal name;
	IVal size;
	BVal spot;
} Obj;

static const FieldDef obj_fields[] = {
	{ "name", fs_str, offsetof(Obj, name), NULL },
	{ "volumeSize", fs_int, offsetof(Obj, size), NULL },
	{ "spot", fs_bool, offsetof(Obj, spot), NULL },
	{ "ssh", fs_ignore, 0, NULL },
	{ NULL, NULL, 0, NULL },
};

static void
test_apply_table_and_did_you_mean(void **state)
{
	(void)state;
	Value *m = map(1, 1);
	put(m, "name", 1, 1, str("a", 1, 7));
	put(m, "volumSize", 2, 1, num("20", 20, true, 2, 12));
	put(m, "ssh", 3, 1, map(3, 6));
	put(m, "zzzzzz", 4, 1, str("x", 4, 9));
	Obj o = { 0 };
	ld_apply(&C, obj_fields, &o, m, "node group 'a'");
	assert_string_equal(o.name.s, "a");
	assert_false(o.size.set);
	int n;
	Diag *const *d = diag_sorted(&n);
	assert_int_equal(n, 2);
	assert_int_equal(d[0]->rule, KG110);
	assert_int_equal(d[0]->loc.line, 2);
	assert_string_equal(d[0]->msg, "unknown key 'volumSize' in test node group 'a'");
	assert_int_equal(d[0]->notes.n, 1);
	assert_string_equal(d[0]->notes.v[0].msg, "did you mean 'volumeSize'?");
	assert_int_equal(d[1]->notes.n, 0);   /* nothing near 'zzzzzz' */

	/* a closed dialect only: AWS outputs gain keys, they are not warned about */
	diag_init(A);
	LoadCtx open = C;
	open.warn_unknown = false;
	ld_apply(&open, obj_fields, &o, m, "x");
	assert_int_equal(ndiags(), 0);

	/* CloudFormation's capitalised spelling of the same keys */
	Value *cf = map(1, 1);
	put(cf, "VolumeSize", 1, 1, num("7", 7, true, 1, 13));
	LoadCtx pascal = open;
	pascal.pascal = true;
	ld_apply(&pascal, obj_fields, &o, cf, "x");
	assert_int_equal(o.size.v, 7);
}

static void
test_distance(void **state)
{
	(void)state;
	assert_int_equal(edit_distance("instanceType", "instanceType", 3), 0);
	assert_int_equal(edit_distance("instanceTyp", "instanceType", 3), 1);
	assert_int_equal(edit_distance("minsize", "minSize", 3), 1);   /* a case change is half a step */
	assert_int_equal(edit_distance("abc", "xyz123", 2), 3);        /* beyond max: max + 1 */
	assert_int_equal(edit_distance("instnace", "instance", 2), 1);  /* a swap of neighbours is one step */
	assert_int_equal(edit_distance("nodepool", "NodePool", 2), 1);  /* two case changes: two half steps */
	assert_int_equal(edit_distance("m5.larg", "m5.large", 0), 1);   /* max 0: anything but equal is over */
	assert_string_equal(ld_nearest(obj_fields, "Spot"), "spot");
	assert_null(ld_nearest(obj_fields, "q"));
}

static void
test_dns1123(void **state)
{
	(void)state;
	assert_string_equal(dns1123_name(A, "compute"), "compute");
	assert_string_equal(dns1123_name(A, "GPU_Nodes.v2"), "gpu-nodes-v2");
	assert_string_equal(dns1123_name(A, "__x__"), "x");
	assert_string_equal(dns1123_name(A, "___"), "nodegroup");
	char longname[100];
	memset(longname, 'a', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	longname[62] = '-';
	assert_int_equal(strlen(dns1123_name(A, longname)), 62);   /* cut at 63, trailing '-' dropped */
}

static KObject *
nodepool(const char *api, const char *name, const char *replaces)
{
	KObject *o = arena_alloc(A, sizeof *o);
	o->api_version = api;
	o->api = k8s_api_of(api);
	o->kind = "NodePool";
	o->name = name;
	o->doc = map(1, 1);
	Value *md = map(2, 1);
	put(o->doc, "metadata", 2, 1, md);
	if (replaces) {
		Value *ann = map(3, 3);
		put(ann, "karpgen.io/replaces", 4, 5, str(replaces, 4, 26));
		put(md, "annotations", 3, 3, ann);
	}
	VEC_PUSH(A, ir->objects, o);
	return o;
}

/* The one NodePool that replaces group k of the IR (check_ctx(), as the parity rules see it), else NULL. */
static const KObject *
replacing(int k)
{
	const CheckCtx *c = check_ctx(ir);
	const PoolSet *s = &c->replacing[k];
	assert_true(s->n <= 1);
	return s->n ? s->v[0]->obj : NULL;
}

static void
test_nodepool_for(void **state)
{
	(void)state;
	NodeGroup g = { .name = { .s = "GPU_Nodes", .set = true } };
	NodeGroup h = { .name = { .s = "system", .set = true } };
	NodeGroup u = { .name = { .expr = "var.x", .set = true, .unknown = true } };
	VEC_PUSH(A, ir->groups, &g);
	VEC_PUSH(A, ir->groups, &h);
	VEC_PUSH(A, ir->groups, &u);
	assert_null(replacing(0));
	KObject *old = nodepool("karpenter.sh/v1alpha5", "gpu-nodes", NULL);
	old->kind = "Provisioner";
	assert_null(replacing(0));
	KObject *by_name = nodepool("karpenter.sh/v1", "gpu-nodes", NULL);
	assert_ptr_equal(replacing(0), by_name);
	KObject *annotated = nodepool("karpenter.sh/v1beta1", "general", "system, GPU_Nodes");
	assert_ptr_equal(replacing(0), annotated);   /* the annotation wins */
	assert_ptr_equal(replacing(1), annotated);
	assert_null(replacing(2));
	assert_int_equal(k8s_api_of("karpenter.k8s.aws/v1alpha1"), KAPI_V1ALPHA1);
	assert_int_equal(k8s_api_of("eks.amazonaws.com/v1"), KAPI_OTHER);
}

/* Bootstrap arguments read into a fresh group: whether anything was left. */
static bool
boot(NodeGroup *g, const char *args)
{
	SVal a = { .s = args, .loc = at(1, 1), .origin = ORIGIN_INPUT, .set = true };
	*g = (NodeGroup){ 0 };
	return ld_bootstrap_args(&C, g, &a);
}

static const char *
label(const NodeGroup *g, const char *key)
{
	for (int i = 0; i < g->labels.n; i++)
		if (strcmp(g->labels.v[i].key.s, key) == 0)
			return g->labels.v[i].value.s;
	return NULL;
}

/* `--flag=value` and `--flag value` are one reading; a boolean flag takes no separate value. */
static void
test_bootstrap_args_both_forms(void **state)
{
	(void)state;
	static const char *const forms[] = {
		"--kubelet-extra-args '--max-pods=110 --node-labels=a=b,c=d --system-reserved=cpu=100m --cpu-cfs-quota=true'",
		"--kubelet-extra-args '--max-pods 110 --node-labels a=b,c=d --system-reserved cpu=100m --cpu-cfs-quota'",
	};
	for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
		NodeGroup g;
		assert_false(boot(&g, forms[i]));
		assert_true(g.max_pods.set);
		assert_int_equal(g.max_pods.v, 110);
		assert_string_equal(label(&g, "a"), "b");
		assert_string_equal(label(&g, "c"), "d");
		const Value *sr = v_get(g.kubelet, "systemReserved");
		assert_non_null(sr);
		assert_string_equal(v_get(sr, "cpu")->s, "100m");
		const Value *q = v_get(g.kubelet, "cpuCFSQuota");
		assert_true(q && q->kind == V_BOOL && q->b);
	}
	NodeGroup g;
	/* the kubelet's parser: a bare boolean flag is true, and "false" after it is a stray word */
	assert_true(boot(&g, "--cpu-cfs-quota false"));
	assert_true(v_get(g.kubelet, "cpuCFSQuota")->b);
	/* the next flag is no value: --max-pods is left, the labels are read */
	assert_true(boot(&g, "--max-pods --node-labels=a=b"));
	assert_false(g.max_pods.set);
	assert_string_equal(label(&g, "a"), "b");
	assert_true(boot(&g, "--node-labels --max-pods=20"));
	assert_int_equal(g.max_pods.v, 20);
	assert_int_equal(g.labels.n, 0);
	/* a flag at the end with no value, and a value that does not parse, are left */
	assert_true(boot(&g, "--max-pods"));
	assert_true(boot(&g, "--max-pods lots"));
	assert_false(g.max_pods.set);
}

static const Taint *
taint(const NodeGroup *g, const char *key, const char *effect)
{
	for (int i = 0; i < g->taints.n; i++)
		if (strcmp(g->taints.v[i].key.s, key) == 0 && strcmp(g->taints.v[i].effect.s, effect) == 0)
			return &g->taints.v[i];
	return NULL;
}

/* Labels and taints in bootstrap arguments, Bottlerocket settings and NodeConfig flags: the NodePool's. */
static void
test_user_data_labels_taints(void **state)
{
	(void)state;
	NodeGroup g;
	/* --register-with-taints in both forms; key[=value]:Effect */
	assert_false(boot(&g, "--kubelet-extra-args '--register-with-taints=a=b:NoSchedule,c:NoExecute'"));
	assert_string_equal(taint(&g, "a", "NoSchedule")->value.s, "b");
	assert_false(taint(&g, "c", "NoExecute")->value.set);
	assert_false(boot(&g, "--register-with-taints a=b:NoSchedule"));
	assert_int_equal(g.taints.n, 1);
	/* no effect, no key: left */
	assert_true(boot(&g, "--register-with-taints=a=b"));
	assert_true(boot(&g, "--register-with-taints==b:NoSchedule"));
	assert_int_equal(g.taints.n, 0);

	/* Bottlerocket: the tables leave the text, the group's own label wins, list form of taints */
	g = (NodeGroup){ 0 };
	SVal k = sval_lit("a", &(Loc){ 0 }, ORIGIN_INPUT), v = sval_lit("mine", &(Loc){ 0 }, ORIGIN_INPUT);
	g.labels = (KVList){ .set = true };
	ld_kv_add(A, &g.labels, &k, &v);
	SVal toml = { .s = "[settings.kernel]\nlockdown = \"integrity\"\n\n[settings.kubernetes.node-labels]\n"
	    "\"x.io/y\" = \"1\"\na = 'other' # comment\n\n[ settings.kubernetes.node-taints ]\n"
	    "\"t\" = \"v:NoSchedule\"\nu = [\"1:NoExecute\", \":PreferNoSchedule\"]\n", .loc = at(2, 1),
	    .origin = ORIGIN_INPUT, .set = true };
	const char *left = ld_bottlerocket_settings(&C, &g, &toml, "bootstrap_extra_args");
	assert_string_equal(left, "[settings.kernel]\nlockdown = \"integrity\"\n");
	assert_string_equal(label(&g, "a"), "mine");
	assert_string_equal(label(&g, "x.io/y"), "1");
	assert_string_equal(taint(&g, "t", "NoSchedule")->value.s, "v");
	assert_string_equal(taint(&g, "u", "NoExecute")->value.s, "1");
	assert_false(taint(&g, "u", "PreferNoSchedule")->value.set);
	assert_int_equal(g.not_carried.n, 0);
	/* what it cannot read stays, KG240 */
	g = (NodeGroup){ 0 };
	toml.s = "[settings.kubernetes.node-labels]\nn = 3\nok = \"y\"\n[settings.kubernetes.node-taints]\nt = \"v\"\n"
	    "[settings.kubernetes]\nnode-taints.z = [\"1:NoSchedule\"]\n";
	left = ld_bottlerocket_settings(&C, &g, &toml, "bootstrap_extra_args");
	assert_string_equal(left, "[settings.kubernetes.node-labels]\nn = 3\n[settings.kubernetes.node-taints]\nt = \"v\"\n"
	    "[settings.kubernetes]\nnode-taints.z = [\"1:NoSchedule\"]\n");
	assert_string_equal(label(&g, "ok"), "y");
	assert_int_equal(g.taints.n, 0);
	assert_int_equal(g.not_carried.n, 1);

	/* NodeConfig: `- --node-labels=...` and `- "--register-with-taints=..."` items leave the document */
	g = (NodeGroup){ 0 };
	SVal doc = { .s = "spec:\n  kubelet:\n    flags:\n      - --node-labels=from=nodeadm\n"
	    "      - \"--register-with-taints=k=v:NoSchedule\"\n      - --v=2\n", .loc = at(3, 1),
	    .origin = ORIGIN_INPUT, .set = true };
	left = ld_nodeadm_flags(&C, &g, &doc, "cloudinit_pre_nodeadm");
	assert_string_equal(left, "spec:\n  kubelet:\n    flags:\n      - --v=2\n");
	assert_string_equal(label(&g, "from"), "nodeadm");
	assert_string_equal(taint(&g, "k", "NoSchedule")->value.s, "v");
	assert_int_equal(g.not_carried.n, 0);
	g = (NodeGroup){ 0 };
	doc.s = "spec:\n  kubelet:\n    flags: [\"--node-labels=a=b\"]\n";
	assert_string_equal(ld_nodeadm_flags(&C, &g, &doc, "cloudinit_pre_nodeadm"), doc.s);
	assert_int_equal(g.labels.n, 0);
	assert_int_equal(g.not_carried.n, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_str_keeps_loc_and_spelling, setup, teardown),
		cmocka_unit_test_setup_teardown(test_str_of_list_is_type_mismatch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_int_bounds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_placeholder_is_unknown_warning, setup, teardown),
		cmocka_unit_test_setup_teardown(test_placeholder_scanner, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kv_and_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_apply_table_and_did_you_mean, setup, teardown),
		cmocka_unit_test_setup_teardown(test_distance, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dns1123, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nodepool_for, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bootstrap_args_both_forms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_user_data_labels_taints, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
