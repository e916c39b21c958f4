/*
 * value.c - the generic value tree (HCL, JSON and YAML all read into it).
 */
#include "karpgen.h"

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
