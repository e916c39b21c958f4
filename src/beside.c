/*
 * beside.c - where a reference the inputs do not resolve is looked for:
 * the files beside the input that holds it.
 *
 * pre-commit passes only the changed files, and `karpgen validate
 * nodepool.yaml` alone is how a user checks one file; the EC2NodeClass a
 * NodePool names is usually in a file of the same directory, or in one a
 * kustomization.yaml there lists.  Those files are read here with the
 * diagnostics muted (they are not the run's inputs: their own findings are
 * not reported, and an unreadable one is simply not a place the class is),
 * and only the node classes they define are kept.  Nothing outside the
 * input's directory and its kustomization's resources is read, so two
 * clusters in two directories never see each other's classes.
 */
#include "karpgen.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { BESIDE_MAX_FILES = 2000 };   /* per run: a directory of a whole fleet is still bounded */

typedef struct Beside {
	Arena *a;
	Validation *vs;
	VEC(const char *) seen;         /* directories and files already read */
	int files;
} Beside;

static bool
seen(Beside *b, const char *path)
{
	for (int i = 0; i < b->seen.n; i++)
		if (strcmp(b->seen.v[i], path) == 0)
			return true;
	VEC_PUSH(b->a, b->seen, arena_strdup(b->a, path));
	return false;
}

static bool
yaml_file(const char *name)
{
	size_t n = strlen(name);
	return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) || (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

/* The node classes a file defines, added to the validation as defined elsewhere. */
static void
read_classes(Beside *b, const char *path)
{
	if (seen(b, path) || b->files++ >= BESIDE_MAX_FILES)
		return;
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > LIMIT_FILE_SIZE)
		return;
	/* one document at a time, as validate reads its inputs: only the class names are kept */
	SrcFile *f = src_map(b->a, path);
	YamlStream *ys = f ? yaml_stream_open(b->a, f, true) : NULL;
	Arena *doc = arena_new();
	Value *d;
	int before = b->vs->beside.n;
	while (ys && yaml_stream_next(ys, doc, &d) > 0 && d) {
		const Value *kind = v_get(d, "kind"), *md = v_get(d, "metadata");
		const Value *name = md ? v_get(md, "name") : NULL;
		if (kind && kind->kind == V_STR && name && name->kind == V_STR && name->len &&
		    (strcmp(kind->s, "EC2NodeClass") == 0 || strcmp(kind->s, "AWSNodeTemplate") == 0)) {
			ClassRef c = { arena_strdup(b->vs->arena, kind->s), arena_strdup(b->vs->arena, name->s), { 0 }, path };
			VEC_PUSH(b->vs->arena, b->vs->beside, c);
		}
		size_t n;
		src_release(f, (size_t)(src_line(f, d->loc.end_line ? d->loc.end_line : d->loc.line, &n) - f->text));
		arena_reset(doc);
	}
	/* a file with a syntax error defines nothing (its classes are uncertain) */
	if (!ys || yaml_stream_close(ys) < 0)
		b->vs->beside.n = before;
	arena_free(doc);
}

static void read_dir(Beside *b, const char *dir);

/* A kustomization's resources: files, and directories (their own kustomization or YAML files). */
static void
read_kustomization(Beside *b, const char *dir, const char *path)
{
	if (seen(b, path))
		return;
	SrcFile *f = src_read(b->a, path);
	Value **docs = NULL;
	if (!f || yaml_load(b->a, f, &docs) < 1)
		return;
	const Value *res = v_get(docs[0], "resources");
	for (int i = 0; res && res->kind == V_LIST && i < res->n; i++) {
		const Value *r = res->items[i];
		if (r->kind != V_STR || strstr(r->s, "://") || r->s[0] == '/')
			continue;   /* remote bases are not read: karpgen is offline */
		const char *p = arena_printf(b->a, "%s/%s", dir, r->s);
		struct stat st;
		if (stat(p, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			read_dir(b, p);
		else if (yaml_file(p))
			read_classes(b, p);
	}
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void
read_dir(Beside *b, const char *dir)
{
	if (seen(b, dir))
		return;
	DIR *d = opendir(dir);
	if (!d)
		return;
	VEC(const char *) names = { 0 };
	for (struct dirent *e; (e = readdir(d));)
		if (e->d_name[0] != '.' && yaml_file(e->d_name))
			VEC_PUSH(b->a, names, arena_strdup(b->a, e->d_name));
	closedir(d);
	if (names.n)
		qsort(names.v, (size_t)names.n, sizeof *names.v, cmp_name);
	for (int i = 0; i < names.n; i++) {
		const char *p = arena_printf(b->a, "%s/%s", dir, names.v[i]);
		if (strcmp(names.v[i], "kustomization.yaml") == 0 || strcmp(names.v[i], "kustomization.yml") == 0)
			read_kustomization(b, dir, p);
		else
			read_classes(b, p);
	}
}

void
beside_find_classes(Validation *vs, Arena *a, const char *const *inputs, int n)
{
	Beside b = { .a = a, .vs = vs };
	vs->beside_searched = true;
	/* the inputs themselves were read: their classes are in vs->nodeclasses already */
	for (int i = 0; i < n; i++)
		seen(&b, inputs[i]);
	/* only beside the files whose references the inputs leave open: a settled run reads nothing more */
	const SrcFile *last = NULL;
	for (int i = 0; i < vs->refs.n; i++) {
		const SrcFile *rf = vs->refs.v[i].at.file;
		if (!rf || rf == last || validation_has_class(vs, &vs->refs.v[i]))
			continue;
		last = rf;
		const char *name = rf->name, *slash = strrchr(name, '/');
		const char *dir = slash ? arena_strndup(a, name, (size_t)(slash - name) + (slash == name)) : ".";
		diag_mute(true);
		read_dir(&b, dir);
		diag_mute(false);
	}
}
