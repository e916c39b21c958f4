/*
 * inputs.c - the PATH operands of a command turned into the list of files
 * to read: directories are recursed for YAML files, as a CI gate over a
 * repository of manifests needs (kubeconform does the same).
 */
#include "karpgen.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct Files {
	Arena *arena;
	VEC(const char *) list;
	bool over;               /* LIMIT_INPUTS reached: reported once */
} Files;

static bool
yaml_name(const char *name)
{
	size_t n = strlen(name);
	return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) || (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
add(Files *fs, const char *path)
{
	if (fs->list.n >= LIMIT_INPUTS) {
		if (!fs->over) {
			SrcFile *stub = arena_alloc(fs->arena, sizeof *stub);
			stub->name = arena_strdup(fs->arena, path);
			stub->text = "";
			Loc where = { .file = stub };
			diag(KG102, &where, "more than %d input files: '%s' and the files after it are not read",
			    LIMIT_INPUTS, path);
		}
		fs->over = true;
		return;
	}
	VEC_PUSH(fs->arena, fs->list, path);
}

static void
unreadable(Files *fs, const char *path, int err)
{
	SrcFile *stub = arena_alloc(fs->arena, sizeof *stub);
	stub->name = arena_strdup(fs->arena, path);
	stub->text = "";
	Loc where = { .file = stub };
	diag(KG100, &where, "cannot read '%s': %s", path, strerror(err));
}

/* Directories are read in sorted order, so the output does not depend on the file system. */
static void
expand_dir(Files *fs, const char *dir, int depth)
{
	if (depth > LIMIT_DEPTH || fs->over)
		return;
	DIR *d = opendir(dir);
	if (!d) {
		unreadable(fs, dir, errno);
		return;
	}
	VEC(char *) names = { 0 };
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;  /* ., .. and hidden entries (.git) */
		VEC_PUSH(fs->arena, names, arena_strdup(fs->arena, e->d_name));
	}
	closedir(d);
	if (names.n)
		qsort(names.v, (size_t)names.n, sizeof *names.v, cmp_str);
	size_t dl = strlen(dir);
	bool slash = dl && dir[dl - 1] == '/';
	for (int i = 0; i < names.n && !fs->over; i++) {
		const char *path = arena_printf(fs->arena, "%s%s%s", dir, slash ? "" : "/", names.v[i]);
		struct stat st;
		if (stat(path, &st) != 0)
			continue;  /* a dangling link: nothing to validate */
		if (S_ISDIR(st.st_mode))
			expand_dir(fs, path, depth + 1);
		else if (S_ISREG(st.st_mode) && yaml_name(names.v[i]))
			add(fs, path);
	}
}

int
inputs_expand(Arena *a, const char *const *paths, int n, const char ***files)
{
	Files fs = { .arena = a };
	for (int i = 0; i < n && !fs.over; i++) {
		struct stat st;
		if (strcmp(paths[i], "-") != 0 && stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode))
			expand_dir(&fs, paths[i], 0);
		else
			add(&fs, paths[i]);  /* a file, '-' or a path src_read() will report */
	}
	*files = fs.list.v;
	return fs.list.n;
}
