/*
 * inputs.c - the PATH operands of a command turned into the list of files
 * to read (directories recursed, as kubeconform and shellcheck -x users
 * expect of a CI gate), and the one check that must come before any YAML
 * parse: a Helm template is not YAML yet.
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

/*
 * Helm template actions where YAML structure is expected: a line that
 * starts with `{{`, or a plain (unquoted) value that does.  Text inside a
 * block scalar (`key: |` and the lines indented under it) is content, and a
 * quoted `"{{ ... }}"` is a string: neither is reported.
 */
bool
helm_template_check(const SrcFile *f)
{
	int block_indent = -1;   /* indentation of the key that opened a block scalar */
	for (int ln = 1; ln <= f->nlines; ln++) {
		size_t len;
		const char *s = src_line(f, ln, &len);
		size_t i = 0;
		while (i < len && s[i] == ' ')
			i++;
		if (i == len || s[i] == '#')
			continue;
		if (block_indent >= 0) {
			if ((int)i > block_indent)
				continue;
			block_indent = -1;
		}
		size_t at = i;
		if (s[at] == '-' && at + 1 < len && s[at + 1] == ' ')
			at += 2;
		while (at < len && s[at] == ' ')
			at++;
		/* the value after `key: ` */
		const char *colon = NULL;
		if (!(at + 1 < len && s[at] == '{' && s[at + 1] == '{')) {
			for (size_t k = at; k + 1 < len; k++) {
				if (s[k] == '"' || s[k] == '\'' || s[k] == '#')
					break;
				if (s[k] == ':' && s[k + 1] == ' ') {
					colon = s + k + 1;
					break;
				}
			}
			if (colon) {
				at = (size_t)(colon - s);
				while (at < len && s[at] == ' ')
					at++;
			}
		}
		if (at + 1 < len && s[at] == '{' && s[at + 1] == '{') {
			const char *close = memmem(s + at, len - at, "}}", 2);
			size_t end = close ? (size_t)(close - s) + 2 : len;
			size_t off = f->line_off[ln - 1];
			Loc where = loc_at(f, off + at, off + end);
			Diag *d = diag(KG111, &where, "'%.*s' is a Helm template action: the file is not YAML until rendered",
			    (int)(end - at > 60 ? 60 : end - at), s + at);
			diag_note(d, NULL, "render the chart first and validate its output, e.g. "
			    "'helm template CHART | karpgen validate -'");
			return true;
		}
		if (colon) {
			/* `key: |` or `key: >-` opens a block scalar */
			size_t k = at;
			if (k < len && (s[k] == '|' || s[k] == '>')) {
				k++;
				while (k < len && (s[k] == '-' || s[k] == '+' || (s[k] >= '1' && s[k] <= '9')))
					k++;
				while (k < len && s[k] == ' ')
					k++;
				if (k == len || s[k] == '#')
					block_indent = (int)i;
			}
		}
	}
	return false;
}
