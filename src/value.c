/*
 * value.c - the generic value tree (HCL, JSON and YAML all read into it).
 */
#include "karpgen.h"

#include <stdlib.h>
#include <string.h>

Value *
v_new(Arena *a, VKind k, const Loc *loc)
{
	Value *v = arena_alloc(a, sizeof *v);
	v->kind = k;
	if (loc)
		v->loc = *loc;
	return v;
}

Value *
v_str(Arena *a, const char *s, size_t len, const Loc *loc)
{
	Value *v = v_new(a, V_STR, loc);
	v->s = arena_strndup(a, s, len);
	v->len = len;
	return v;
}

Value *
v_clone(Arena *a, const Value *v)
{
	if (!v)
		return NULL;
	Value *c = arena_alloc(a, sizeof *c);
	*c = *v;
	c->s = v->s ? arena_strndup(a, v->s, v->len) : NULL;
	c->n = 0;
	c->items = NULL;
	c->members = NULL;
	if (v->kind == V_LIST)
		for (int i = 0; i < v->n; i++)
			v_list_push(a, c, v_clone(a, v->items[i]));
	else if (v->kind == V_MAP)
		for (int i = 0; i < v->n; i++)
			v_map_put(a, c, arena_strdup(a, v->members[i].key), &v->members[i].key_loc,
			    v_clone(a, v->members[i].val));
	return c;
}

bool
v_nul_refused(const Value *v)
{
	if (!v || !v->s || !memchr(v->s, '\0', v->len))
		return false;
	Diag *d = diag(KG103, &v->loc, "string holds a NUL byte (an escape such as '\\u0000' or '\\0')");
	diag_note(d, NULL, "no name, label or value can hold one: remove the escape");
	return true;
}

/* Lists and maps grow by doubling; capacity is the next power of two >= n. */
static int
cap_for(int n)
{
	int c = 4;
	while (c < n)
		c *= 2;
	return c;
}

void
v_list_push(Arena *a, Value *list, Value *item)
{
	if (list->n == 0 || (list->n >= 4 && (list->n & (list->n - 1)) == 0)) {
		int oc = list->n ? cap_for(list->n) : 0;
		list->items = arena_realloc(a, list->items, (size_t)oc * sizeof *list->items,
		    (size_t)cap_for(list->n + 1) * sizeof *list->items);
	}
	list->items[list->n++] = item;
}

void
v_map_put(Arena *a, Value *map, const char *key, const Loc *key_loc, Value *val)
{
	if (map->n == 0 || (map->n >= 4 && (map->n & (map->n - 1)) == 0)) {
		int oc = map->n ? cap_for(map->n) : 0;
		map->members = arena_realloc(a, map->members, (size_t)oc * sizeof *map->members,
		    (size_t)cap_for(map->n + 1) * sizeof *map->members);
	}
	Member *m = &map->members[map->n++];
	m->key = key;
	if (key_loc)
		m->key_loc = *key_loc;
	m->val = val;
}

bool
v_key_nul(const char *key, size_t len, const Loc *key_loc)
{
	const char *nul = memchr(key, '\0', len);
	if (!nul)
		return false;
	size_t rest = len - (size_t)(nul - key) - 1;
	Diag *d = diag_sev(KG103, SEV_WARNING, key_loc, "key holds a NUL character (\\u0000): karpgen reads "
	    "it as '%s', the text before the NUL", key);
	diag_note(d, NULL, "the %zu byte%s after the NUL %s dropped from the key: remove the NUL", rest,
	    rest == 1 ? "" : "s", rest == 1 ? "is" : "are");
	return true;
}

const Member *
v_member(const Value *map, const char *key)
{
	if (!map || map->kind != V_MAP)
		return NULL;
	for (int i = 0; i < map->n; i++)
		if (strcmp(map->members[i].key, key) == 0)
			return &map->members[i];
	return NULL;
}

Value *
v_get(const Value *map, const char *key)
{
	const Member *m = v_member(map, key);
	return m ? m->val : NULL;
}

Value *
v_path(const Value *root, const char *path)
{
	const Value *v = root;
	while (v && *path) {
		const char *dot = strchr(path, '.');
		size_t n = dot ? (size_t)(dot - path) : strlen(path);
		const Value *next = NULL;
		if (v->kind == V_MAP)
			for (int i = 0; i < v->n; i++)
				if (strlen(v->members[i].key) == n && memcmp(v->members[i].key, path, n) == 0) {
					next = v->members[i].val;
					break;
				}
		v = next;
		path += n + (dot != NULL);
	}
	return (Value *)v;
}

const char *
v_kind_name(VKind k)
{
	static const char *const names[] = {
		"null", "bool", "number", "string", "list", "object", "expression",
	};
	return names[k];
}

bool
v_is_str(const Value *v, const char *s)
{
	return v && v->kind == V_STR && strlen(s) == v->len && memcmp(v->s, s, v->len) == 0;
}

/*
 * Numbers are equal when they denote the same number, whatever their
 * spelling ("0x1F" and "31", "1.0" and "1"); integers are compared exactly
 * beyond 2^53.  Two NaNs are equal so that a tree equals itself.
 */
static bool
num_equal(const Value *a, const Value *b)
{
	if ((a->flags & VF_INTEGER) && (b->flags & VF_INTEGER))
		return a->i == b->i;
	if (a->num != a->num && b->num != b->num)
		return true;
	return a->num == b->num;
}

bool
value_equal(const Value *a, const Value *b)
{
	if (a == b)
		return true;
	if (!a || !b || a->kind != b->kind)
		return false;
	switch (a->kind) {
	case V_NULL:
		return true;
	case V_BOOL:
		return a->b == b->b;
	case V_NUM:
		return num_equal(a, b);
	case V_STR:
	case V_UNKNOWN:
		return a->len == b->len && (a->len == 0 || memcmp(a->s, b->s, a->len) == 0);
	case V_LIST:
		if (a->n != b->n)
			return false;
		for (int i = 0; i < a->n; i++)
			if (!value_equal(a->items[i], b->items[i]))
				return false;
		return true;
	case V_MAP:
		if (a->n != b->n)
			return false;
		for (int i = 0; i < a->n; i++)
			if (strcmp(a->members[i].key, b->members[i].key) != 0 ||
			    !value_equal(a->members[i].val, b->members[i].val))
				return false;
		return true;
	}
	return false;
}

/* Sort keys for duplicate detection; equal keys stay in source order. */
static int
cmp_member_index(const void *pa, const void *pb, void *ctx)
{
	const Member *m = ctx;
	int a = *(const int *)pa, b = *(const int *)pb;
	int c = strcmp(m[a].key, m[b].key);
	return c ? c : (a > b) - (a < b);
}

static void
report_dup(const Member *first, const Member *later, int *budget)
{
	if (budget && (*budget)-- <= 0)
		return;
	Diag *d = diag(KG108, &later->key_loc, "duplicate key '%s'", later->key);
	diag_note(d, &first->key_loc, "'%s' was given here before; the last value is used",
	    first->key);
}

int
v_map_dedup(Arena *a, Value *map, int *budget)
{
	int n = map->n, ndup = 0;
	Member *m = map->members;
	if (n < 2)
		return 0;
	bool *drop = NULL;
	/* small maps (nearly all of them) by pairs; big ones by sorting an index */
	if (n <= 16) {
		for (int j = 1; j < n; j++)
			for (int i = j - 1; i >= 0; i--)
				if (strcmp(m[i].key, m[j].key) == 0) {
					if (!drop)
						drop = arena_alloc(a, (size_t)n * sizeof *drop);
					if (!drop[i]) {
						report_dup(&m[i], &m[j], budget);
						drop[i] = true;
						ndup++;
					}
					break;
				}
	} else {
		int *ix = arena_alloc(a, (size_t)n * sizeof *ix);
		for (int i = 0; i < n; i++)
			ix[i] = i;
		qsort_r(ix, (size_t)n, sizeof *ix, cmp_member_index, m);
		for (int k = 1; k < n; k++)
			if (strcmp(m[ix[k - 1]].key, m[ix[k]].key) == 0) {
				if (!drop)
					drop = arena_alloc(a, (size_t)n * sizeof *drop);
				report_dup(&m[ix[k - 1]], &m[ix[k]], budget);
				drop[ix[k - 1]] = true;
				ndup++;
			}
	}
	if (!ndup)
		return 0;
	int w = 0;
	for (int i = 0; i < n; i++)
		if (!drop[i])
			m[w++] = m[i];
	map->n = w;
	return ndup;
}

void
v_dedup_summary(const SrcFile *f, int budget)
{
	if (budget >= 0)
		return;
	Loc l = { .file = f };
	diag(KG108, &l, "%d more duplicate keys in '%s' are not shown", -budget, f->name);
}
