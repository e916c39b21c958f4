/*
 * json_equal A B - exit 0 when the two JSON files hold equal values (key order
 * ignored, numbers compared by value), else print the first difference and exit 1.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static int
same(json_t *a, json_t *b, char *path, size_t cap)
{
	if (json_is_number(a) && json_is_number(b))
		return fabs(json_number_value(a) - json_number_value(b)) <= 1e-9 * fmax(1, fabs(json_number_value(a)));
	if (json_typeof(a) != json_typeof(b))
		return 0;
	size_t len = strlen(path);
	if (json_is_object(a)) {
		if (json_object_size(a) != json_object_size(b)) {
			const char *k;
			json_t *v;
			json_object_foreach(a, k, v) if (!json_object_get(b, k)) {
				snprintf(path + len, cap - len, ".%s (only in first)", k);
				return 0;
			}
			json_object_foreach(b, k, v) if (!json_object_get(a, k)) {
				snprintf(path + len, cap - len, ".%s (only in second)", k);
				return 0;
			}
		}
		const char *k;
		json_t *v;
		json_object_foreach(a, k, v) {
			json_t *w = json_object_get(b, k);
			snprintf(path + len, cap - len, ".%s", k);
			if (!w || !same(v, w, path, cap))
				return 0;
			path[len] = '\0';
		}
		return 1;
	}
	if (json_is_array(a)) {
		if (json_array_size(a) != json_array_size(b)) {
			snprintf(path + len, cap - len, " (array sizes %zu vs %zu)", json_array_size(a), json_array_size(b));
			return 0;
		}
		for (size_t i = 0; i < json_array_size(a); i++) {
			snprintf(path + len, cap - len, "[%zu]", i);
			if (!same(json_array_get(a, i), json_array_get(b, i), path, cap))
				return 0;
			path[len] = '\0';
		}
		return 1;
	}
	return json_equal(a, b);
}

int
main(int argc, char **argv)
{
	if (argc != 3) {
		fputs("usage: json_equal A B\n", stderr);
		return 2;
	}
	json_error_t e;
	json_t *a = json_load_file(argv[1], JSON_DECODE_ANY, &e);
	if (!a) {
		fprintf(stderr, "%s:%d: %s\n", argv[1], e.line, e.text);
		return 2;
	}
	json_t *b = json_load_file(argv[2], JSON_DECODE_ANY, &e);
	if (!b) {
		fprintf(stderr, "%s:%d: %s\n", argv[2], e.line, e.text);
		return 2;
	}
	char path[4096] = "$";
	int ok = same(a, b, path, sizeof path);
	if (!ok)
		printf("differ at %s\n", path);
	json_decref(a);
	json_decref(b);
	return ok ? 0 : 1;
}
