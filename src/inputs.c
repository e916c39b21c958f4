/*
 * inputs.c - the PATH operands of a command turned into the list of files
 * to read: directories are recursed for the files the command reads (YAML
 * for validate, every input lint recognises for lint), as a CI gate over a
 * repository needs (kubeconform does the same).
 *
 * A file is read once however many paths reach it (its identity is its
 * device and inode).  The walk stays inside the tree it was given: a
 * symbolic link to a place outside it is not followed, a directory reached
 * a second time (a link loop, 'x -> .') is not read again, and each entry
 * skipped so is a warning naming it; a directory deeper than LIMIT_DEPTH is
 * KG102.
 */
#include "karpgen.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct Ident {
	dev_t dev;
	ino_t ino;
} Ident;
typedef VEC(Ident) IdentVec;

typedef struct Files {
	Arena *arena;
	VEC(const char *) list;
	IdentVec files, dirs;  /* what was read, by identity (a linear scan: LIMIT_INPUTS bounds it) */
	const char *root;        /* the real path of the directory operand being walked */
	bool (*want)(const char *name);  /* the file names a directory walk takes */
	bool over;               /* LIMIT_INPUTS reached: reported once */
} Files;

/* true the first time `st`'s file is seen in `set` */
static bool
first_time(Arena *a, IdentVec *v, const struct stat *st)
{
	for (int i = 0; i < v->n; i++)
		if (v->v[i].dev == st->st_dev && v->v[i].ino == st->st_ino)
			return false;
	Ident id = { st->st_dev, st->st_ino };
	VEC_PUSH(a, *v, id);
	return true;
}

static Loc
at_path(Arena *a, const char *path)
{
	SrcFile *stub = arena_alloc(a, sizeof *stub);
	stub->name = arena_strdup(a, path);
	stub->text = "";
	return (Loc){ .file = stub };
}

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
	struct stat st;
	if (strcmp(path, "-") != 0 && stat(path, &st) == 0 && !first_time(fs->arena, &fs->files, &st))
		return;  /* the same file by another path (or given twice): read once */
	if (fs->list.n >= LIMIT_INPUTS) {
		if (!fs->over) {
			Loc where = at_path(fs->arena, path);
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
	Loc where = at_path(fs->arena, path);
	diag(KG100, &where, "cannot read '%s': %s", path, strerror(err));
}

static void
skipped(Files *fs, const char *path, const char *why, const char *note)
{
	Loc where = at_path(fs->arena, path);
	Diag *d = diag_sev(KG100, SEV_WARNING, &where, "'%s' is not read: %s", path, why);
	diag_note(d, NULL, "%s", note);
}

/* Whether the symbolic link `path` leads inside the tree being walked. */
static bool
inside_root(Files *fs, const char *path)
{
	char *real = realpath(path, NULL);
	if (!real)
		return true;  /* dangling: stat() below fails and skips it */
	size_t n = strlen(fs->root);
	bool in = strncmp(real, fs->root, n) == 0 && (real[n] == '/' || real[n] == '\0' || n == 1);
	free(real);
	return in;
}

/* Directories are read in sorted order, so the output does not depend on the file system. */
static void
expand_dir(Files *fs, const char *dir, int depth)
{
	if (fs->over)
		return;
	if (depth > LIMIT_DEPTH) {
		Loc where = at_path(fs->arena, dir);
		Diag *g = diag(KG102, &where, "directory '%s' is more than %d levels deep: not read", dir, LIMIT_DEPTH);
		diag_note(g, NULL, "give the deeper directory as an operand of its own");
		return;
	}
	struct stat ds;
	if (stat(dir, &ds) == 0 && !first_time(fs->arena, &fs->dirs, &ds)) {
		skipped(fs, dir, "the directory was read already (a link loop)",
		    "remove the link, or give the directory once");
		return;
	}
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
		if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && !inside_root(fs, path)) {
			skipped(fs, path, "it is a symbolic link out of the directory given",
			    "karpgen reads only the tree it is given: name the link's target as an operand to read it");
			continue;
		}
		if (stat(path, &st) != 0)
			continue;  /* a dangling link: nothing to validate */
		if (S_ISDIR(st.st_mode))
			expand_dir(fs, path, depth + 1);
		else if (S_ISREG(st.st_mode) && fs->want(names.v[i]))
			add(fs, path);
	}
}

int
inputs_expand(Arena *a, const char *const *paths, int n, const char ***files)
{
	return inputs_walk(a, paths, n, yaml_name, files);
}

int
inputs_walk(Arena *a, const char *const *paths, int n, bool (*want)(const char *name), const char ***files)
{
	Files fs = { .arena = a, .want = want };
	for (int i = 0; i < n && !fs.over; i++) {
		struct stat st;
		if (strcmp(paths[i], "-") != 0 && stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			char *real = realpath(paths[i], NULL);
			fs.root = arena_strdup(a, real ? real : paths[i]);
			free(real);
			expand_dir(&fs, paths[i], 0);
		} else
			add(&fs, paths[i]);  /* a file, '-' or a path src_read() will report */
	}
	*files = fs.list.v;
	return fs.list.n;
}

int
inputs_unique(Arena *a, const char **paths, int n)
{
	Files fs = { .arena = a };
	int k = 0;
	for (int i = 0; i < n; i++) {
		struct stat st;
		if (strcmp(paths[i], "-") != 0 && stat(paths[i], &st) == 0 && S_ISREG(st.st_mode) &&
		    !first_time(a, &fs.files, &st))
			continue;
		paths[k++] = paths[i];
	}
	return k;
}
