/*
 * test_ng_fill.c - a launch template's or an ASG's settings reach the node
 * groups that use them (issue 14, review 2 #4/#5: public_ip, max_pods and
 * the kubelet flags were missing from ng_fill()'s lists, so a template's
 * values of them vanished).  ng_fill_fields must have a row for every field
 * of NodeGroup: the rows, by offset, must cover the struct but for the
 * padding their alignment explains, so a field added to NodeGroup without a
 * row fails here.  Then a template with every filled field set fills a bare
 * group with each, and a group's own values win.
 */
#include "unit.h"

static int
by_off(const void *a, const void *b)
{
	const NgFillField *x = a, *y = b;
	return x->off < y->off ? -1 : x->off > y->off;
}

static void
test_rows_cover_the_struct(void **state)
{
	(void)state;
	NgFillField rows[256];
	assert_true(ng_fill_nfields <= sizeof rows / sizeof *rows);
	memcpy(rows, ng_fill_fields, ng_fill_nfields * sizeof *rows);
	qsort(rows, ng_fill_nfields, sizeof *rows, by_off);
	size_t end = 0, align_max = 1;
	for (size_t i = 0; i < ng_fill_nfields; i++) {
		if (rows[i].size != rows[i].field_size)
			fail_msg("row '%s': its type has %zu bytes, the field %zu", rows[i].name, rows[i].size,
			    rows[i].field_size);
		size_t aligned = (end + rows[i].align - 1) / rows[i].align * rows[i].align;
		if (rows[i].off != aligned)
			fail_msg("bytes %zu..%zu of NodeGroup (before '%s') have no row in ng_fill_fields: a field "
			    "added to NodeGroup needs one (src/resolve.c)", end, rows[i].off, rows[i].name);
		end = rows[i].off + rows[i].size;
		if (rows[i].align > align_max)
			align_max = rows[i].align;
	}
	size_t total = (end + align_max - 1) / align_max * align_max;
	if (total != sizeof(NodeGroup))
		fail_msg("bytes %zu..%zu of NodeGroup (at its end) have no row in ng_fill_fields", end,
		    sizeof(NodeGroup));
}

/* one value of each kind, set, at `loc` */
static void
set_field(Arena *a, NodeGroup *g, const NgFillField *r, const Loc *loc)
{
	void *p = (char *)g + r->off;
	static SVal sv[1], key[1];
	sv[0] = (SVal){ .s = "x", .loc = *loc, .set = true };
	key[0] = (SVal){ .s = "k", .loc = *loc, .set = true };
	switch (r->how) {
	case FILL_NONE:
		break;
	case FILL_SVAL:
		*(SVal *)p = (SVal){ .s = "from-template", .loc = *loc, .set = true };
		break;
	case FILL_IVAL:
		*(IVal *)p = (IVal){ .v = 7, .loc = *loc, .set = true };
		break;
	case FILL_BVAL:
		*(BVal *)p = (BVal){ .v = true, .loc = *loc, .set = true };
		break;
	case FILL_SLIST:
		*(SList *)p = (SList){ .v = sv, .n = 1, .loc = *loc, .set = true };
		break;
	case FILL_LABELS:
	case FILL_TAGS: {
		KV *kv = arena_alloc(a, sizeof *kv);
		kv->key = key[0], kv->value = sv[0];
		*(KVList *)p = (KVList){ .v = kv, .n = 1, .loc = *loc, .set = true };
		break;
	}
	case FILL_WEIGHTS:
		VEC_PUSH(a, g->type_weights, ((IVal){ .v = 2, .set = true }));
		break;
	case FILL_VOLUMES:
		VEC_PUSH(a, g->volumes, ((Volume){ .device = sv[0] }));
		break;
	case FILL_NETIFS:
		VEC_PUSH(a, g->netifs, ((NetIf){ 0 }));
		break;
	case FILL_TAINTS:
		VEC_PUSH(a, g->taints, ((Taint){ .key = key[0], .value = sv[0] }));
		break;
	case FILL_NOT_CARRIED:
		VEC_PUSH(a, g->not_carried, ((NotCarried){ .setting = "KeyName", .loc = *loc, .why = "w" }));
		break;
	case FILL_KUBELET:
		g->kubelet = v_new(a, V_MAP, loc);
		v_map_put(a, g->kubelet, "maxPods", loc, v_new(a, V_NUM, loc));
		break;
	}
}

/* Is the field of row r in g set? */
static bool
field_set(const NodeGroup *g, const NgFillField *r)
{
	const void *p = (const char *)g + r->off;
	switch (r->how) {
	case FILL_NONE:
		return true;
	case FILL_SVAL:
		return ((const SVal *)p)->set;
	case FILL_IVAL:
		return ((const IVal *)p)->set;
	case FILL_BVAL:
		return ((const BVal *)p)->set;
	case FILL_SLIST:
		return ((const SList *)p)->set && ((const SList *)p)->n == 1;
	case FILL_LABELS:
	case FILL_TAGS:
		return ((const KVList *)p)->n == 1;
	case FILL_WEIGHTS:
		return g->type_weights.n == 1;
	case FILL_VOLUMES:
		return g->volumes.n == 1;
	case FILL_NETIFS:
		return g->netifs.n == 1;
	case FILL_TAINTS:
		return g->taints.n == 1;
	case FILL_NOT_CARRIED:
		return g->not_carried.n == 1;
	case FILL_KUBELET:
		return g->kubelet && v_get(g->kubelet, "maxPods");
	}
	return false;
}

static void
test_template_fills_every_field(void **state)
{
	(void)state;
	Arena *a = arena_new();
	Loc loc = { 0 };
	NodeGroup *lt = arena_alloc(a, sizeof *lt), *g = arena_alloc(a, sizeof *g);
	for (size_t i = 0; i < ng_fill_nfields; i++)
		set_field(a, lt, &ng_fill_fields[i], &loc);
	ng_fill(a, g, lt);
	for (size_t i = 0; i < ng_fill_nfields; i++)
		if (!field_set(g, &ng_fill_fields[i]))
			fail_msg("a launch template's '%s' does not reach the group (ng_fill)", ng_fill_fields[i].name);
	/* twice: idempotent (ir_link() runs again) */
	ng_fill(a, g, lt);
	for (size_t i = 0; i < ng_fill_nfields; i++)
		if (!field_set(g, &ng_fill_fields[i]))
			fail_msg("'%s' changed when the template filled the group again", ng_fill_fields[i].name);
	arena_free(a);
}

static KVList
kvs(Arena *a, const char *k1, const char *v1, const char *k2, const char *v2)
{
	KVList l = { .set = true };
	l.v = arena_alloc(a, 2 * sizeof *l.v);
	l.v[l.n].key = (SVal){ .s = k1, .set = true }, l.v[l.n++].value = (SVal){ .s = v1, .set = true };
	if (k2)
		l.v[l.n].key = (SVal){ .s = k2, .set = true }, l.v[l.n++].value = (SVal){ .s = v2, .set = true };
	return l;
}

static const char *
kv_get(const KVList *l, const char *k)
{
	for (int i = 0; i < l->n; i++)
		if (strcmp(l->v[i].key.s, k) == 0)
			return l->v[i].value.s;
	return NULL;
}

/* labels and tags merge; the group's labels win, the template's tags win on a managed group */
static void
test_merge(void **state)
{
	(void)state;
	Arena *a = arena_new();
	NodeGroup lt = { 0 }, g = { 0 }, asg = { 0 };
	lt.tags = kvs(a, "cost-center", "42", "team", "lt");
	lt.labels = kvs(a, "x", "y", "app", "lt");
	lt.max_pods = (IVal){ .v = 20, .set = true };
	lt.public_ip = (BVal){ .v = true, .set = true };
	g.tags = kvs(a, "team", "a", NULL, NULL);
	g.labels = kvs(a, "app", "web", NULL, NULL);
	g.max_pods = (IVal){ .v = 30, .set = true };
	Loc loc = { 0 };
	lt.kubelet = v_new(a, V_MAP, &loc);
	v_map_put(a, lt.kubelet, "evictionHard", &loc, v_new(a, V_MAP, &loc));
	v_map_put(a, lt.kubelet, "podsPerCore", &loc, v_new(a, V_NUM, &loc));
	g.kubelet = v_new(a, V_MAP, &loc);
	Value *mine = v_new(a, V_BOOL, &loc);
	v_map_put(a, g.kubelet, "podsPerCore", &loc, mine);
	asg = g;
	asg.self_managed = true;
	ng_fill(a, &g, &lt);
	ng_fill(a, &asg, &lt);
	assert_int_equal(g.tags.n, 2);
	assert_string_equal(kv_get(&g.tags, "cost-center"), "42");
	assert_string_equal(kv_get(&g.tags, "team"), "lt");       /* EKS: the group's tags stay on the group */
	assert_string_equal(kv_get(&asg.tags, "team"), "a");      /* ASG: PropagateAtLaunch overrides */
	assert_int_equal(g.labels.n, 2);
	assert_string_equal(kv_get(&g.labels, "x"), "y");
	assert_string_equal(kv_get(&g.labels, "app"), "web");
	assert_int_equal(g.max_pods.v, 30);
	/* kubelet fields of both; the group's on a clash */
	assert_int_equal(g.kubelet->n, 2);
	assert_ptr_equal(v_get(g.kubelet, "podsPerCore"), mine);
	assert_non_null(v_get(g.kubelet, "evictionHard"));
	assert_true(g.public_ip.set && g.public_ip.v);
	/* the template's lists are not written */
	assert_int_equal(lt.tags.n, 2);
	assert_string_equal(kv_get(&lt.tags, "team"), "lt");
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_cover_the_struct),
		cmocka_unit_test(test_template_fills_every_field),
		cmocka_unit_test(test_merge),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
