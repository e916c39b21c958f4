/*
 * out.c - the kit on disk: the files of one run, kept in memory until every
 * one is made, then written all or nothing with karpgen-manifest.json (each
 * file's path, SHA-256 and size).
 *
 * The files are written to a fresh directory beside -o and that directory is
 * renamed into place, so an error at any point leaves -o exactly as it was.
 * An existing -o is replaced only when it is an earlier kit that holds
 * nothing but the files its own karpgen-manifest.json lists: karpgen never
 * deletes a file it did not write.  Nothing above out.c touches the disk.
 */
#include "karpgen.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

/* ----------------------------------------------------------- the file set */

void
out_add(Output *o, const char *path, const char *data, size_t len, bool exec)
{
	OutFile f = {
		.path = arena_strdup(o->arena, path),
		.data = arena_strndup(o->arena, data ? data : "", data ? len : 0),
		.len = data ? len : 0,
		.exec = exec,
	};
	VEC_PUSH(o->arena, o->files, f);
}

void
out_add_buf(Output *o, const char *path, Buf *b, bool exec)
{
	out_add(o, path, b->s, b->len, exec);
	buf_free(b);
}

bool
out_path_ok(const char *path)
{
	/* relative; components of [A-Za-z0-9._-] that start alphanumeric (so never "." or "..") */
	if (!*path || *path == '/' || strlen(path) > 1024)
		return false;
	for (const char *p = path; *p;) {
		const char *end = strchr(p, '/');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n == 0 || n > 255)
			return false;
		unsigned char c0 = (unsigned char)p[0];
		if (!((c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z') || (c0 >= '0' && c0 <= '9')))
			return false;
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)p[i];
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			    c == '.' || c == '_' || c == '-'))
				return false;
		}
		if (strstr(p, "..") && (size_t)(strstr(p, "..") - p) < n)
			return false;
		p += n + (end != NULL);
		if (end && !*p)
			return false;
	}
	return true;
}

/* ------------------------------------------------------- writing to disk */

static int
cmp_path(const void *a, const void *b)
{
	return strcmp(((const OutFile *)a)->path, ((const OutFile *)b)->path);
}

static void
add_manifest(Output *o)
{
	/* no files (convert -o of a stream without objects): files.v is NULL, which qsort may not take */
	if (o->files.n > 1)
		qsort(o->files.v, (size_t)o->files.n, sizeof *o->files.v, cmp_path);
	Arena *a = o->arena;
	Loc none = { 0 };
	Value *root = v_new(a, V_MAP, &none), *list = v_new(a, V_LIST, &none);
	v_map_put(a, root, "generator", &none, v_str(a, "karpgen " KARPGEN_VERSION, strlen("karpgen " KARPGEN_VERSION),
	    &none));
	for (int i = 0; i < o->files.n; i++) {
		const OutFile *f = &o->files.v[i];
		char hex[65];
		sha256_hex(f->data, f->len, hex);
		Value *e = v_new(a, V_MAP, &none), *n = v_new(a, V_NUM, &none);
		v_map_put(a, e, "path", &none, v_str(a, f->path, strlen(f->path), &none));
		v_map_put(a, e, "sha256", &none, v_str(a, hex, 64, &none));
		n->flags = VF_INTEGER;
		n->i = (int64_t)f->len;
		n->num = (double)f->len;
		v_map_put(a, e, "bytes", &none, n);
		v_list_push(a, list, e);
	}
	v_map_put(a, root, "files", &none, list);
	char *j = value_to_json_ordered(root);
	out_add(o, "karpgen-manifest.json", j, strlen(j), false);
	free(j);
}

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return (flag == FTW_DP ? rmdir(path) : unlink(path)) ? -1 : 0;
}

static void
rm_tree(const char *dir)
{
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static bool
io_error(const char *what, const char *path)
{
	Loc none = { 0 };
	Diag *d = diag(KG100, &none, "cannot %s '%s': %s", what, path, strerror(errno));
	(void)d;
	return false;
}

static bool
mkdirs(const char *root, const char *rel)
{
	char *p = NULL;
	if (asprintf(&p, "%s/%s", root, rel) < 0)
		fatal_oom();
	bool ok = true;
	for (char *s = p + strlen(root) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		if (mkdir(p, 0777) && errno != EEXIST)
			ok = io_error("create directory", p);
		*s = '/';
		if (!ok)
			break;
	}
	free(p);
	return ok;
}

static bool
write_file(const char *root, const OutFile *f, const OutFile *prev)
{
	/* files are written in path order: a directory is made once, for its first file */
	const char *slash = strrchr(f->path, '/'), *pslash = prev ? strrchr(prev->path, '/') : NULL;
	bool same_dir = slash && pslash && slash - f->path == pslash - prev->path &&
	    strncmp(f->path, prev->path, (size_t)(slash - f->path)) == 0;
	if (!same_dir && !mkdirs(root, f->path))
		return false;
	char *p = NULL;
	if (asprintf(&p, "%s/%s", root, f->path) < 0)
		fatal_oom();
	bool ok = true;
	int fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, f->exec ? 0777 : 0666);
	if (fd < 0) {
		ok = io_error("create", p);
	} else {
		size_t off = 0;
		while (ok && off < f->len) {
			ssize_t w = write(fd, f->data + off, f->len - off);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				ok = io_error("write", p);
			else
				off += (size_t)w;
		}
		if (close(fd) && ok)
			ok = io_error("write", p);
	}
	free(p);
	return ok;
}

/* A file an earlier kit's karpgen-manifest.json lists, as karpgen wrote it. */
typedef struct KitFile {
	char *path;
	char sha[65];
	long long bytes;
} KitFile;

/* The files an earlier kit's karpgen-manifest.json lists (NULL when it has none). */
static KitFile *
old_kit_files(const char *dir, int *n)
{
	*n = 0;
	char *p = NULL;
	if (asprintf(&p, "%s/karpgen-manifest.json", dir) < 0)
		fatal_oom();
	/* a FIFO or a device named like the manifest is no kit: never wait on it */
	int fd = open(p, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	free(p);
	struct stat st;
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return NULL;
	}
	FILE *fp = fdopen(fd, "rb");
	if (!fp) {
		close(fd);
		return NULL;
	}
	Buf b = { 0 };
	char chunk[8192];
	size_t r;
	while ((r = fread(chunk, 1, sizeof chunk, fp)) > 0 && b.len < (64u << 20))
		buf_add(&b, chunk, r);
	fclose(fp);
	Arena *a = arena_new();
	/* the old kit's own file: whatever it holds, it is not the user's input to diagnose */
	int count;
	diag_mute(true);
	Value *root = b.s ? json_load(a, src_from_mem(a, "karpgen-manifest.json", b.s, b.len), &count) : NULL;
	diag_mute(false);
	buf_free(&b);
	Value *files = root ? v_get(root, "files") : NULL;
	KitFile *list = NULL;
	if (files && files->kind == V_LIST) {
		list = calloc((size_t)files->n + 1, sizeof *list);
		if (!list)
			fatal_oom();
		for (int i = 0; i < files->n; i++) {
			Value *path = v_get(files->items[i], "path"), *sha = v_get(files->items[i], "sha256");
			Value *bytes = v_get(files->items[i], "bytes");
			if (!path || path->kind != V_STR)
				continue;
			KitFile *f = &list[(*n)++];
			if (!(f->path = strdup(path->s)))
				fatal_oom();
			/* no hash or size: nothing can match it, so the file counts as edited */
			if (sha && sha->kind == V_STR && strlen(sha->s) == 64)
				memcpy(f->sha, sha->s, 65);
			f->bytes = bytes && bytes->kind == V_NUM ? (long long)bytes->num : -1;
		}
	}
	arena_free(a);
	return list;
}

/* Does the file at `path` hold what karpgen wrote there (`f`)?  Links, FIFOs and devices never do. */
static bool
as_written(const char *path, const KitFile *f)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return false;
	struct stat st;
	bool same = false;
	/* a size that differs settles it without reading (the file may be large) */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == f->bytes && f->sha[0]) {
		size_t len = (size_t)st.st_size, off = 0;
		char *data = malloc(len + 1);
		if (!data)
			fatal_oom();
		while (off < len) {
			ssize_t r = read(fd, data + off, len - off);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			off += (size_t)r;
		}
		char hex[65];
		if (off == len) {
			sha256_hex(data, len, hex);
			same = strcmp(hex, f->sha) == 0;
		}
		free(data);
	}
	close(fd);
	return same;
}

/* nftw() has no user pointer: the check of one old kit at a time. */
static struct {
	const KitFile *files;
	int n;
	size_t root_len;
	bool kit;                /* the directory has a karpgen-manifest.json */
	Diag *d;                 /* the refusal, once a file differs */
	int differ;
	const char *dir;
	Arena *arena;
} check;

/* Notes past this many say how many more: a directory that is no kit may hold anything. */
enum { MAX_NAMED = 20 };

/* The refusal of check.dir, made at the first file that differs; a note locates each. */
static void
differs(const char *path, const char *why)
{
	if (!check.d) {
		Loc none = { 0 };
		check.d = diag(KG100, &none, "refusing to replace '%s': %s", check.dir, check.kit ?
		    "files in it differ from what karpgen wrote there" : "it is not empty and is not a karpgen kit");
	}
	if (++check.differ > MAX_NAMED)
		return;
	SrcFile *f = src_from_mem(check.arena, path, "", 0);
	Loc at = { .file = f };
	diag_note(check.d, &at, "%s", why);
}

/*
 * The runbook's own records in a kit: runbook.state (each finished phase,
 * each group's sizes before the runbook scaled it: what `rollback` restores)
 * and the runbook.state.rolled-back.* it leaves.  Never karpgen's to drop.
 */
static bool
runbook_record(const char *rel)
{
	return strcmp(rel, "runbook.state") == 0 || strncmp(rel, "runbook.state.", 14) == 0;
}

static int
check_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_D || flag == FTW_DP)
		return 0;
	if (flag == FTW_DNR || flag == FTW_NS) {
		differs(path, "it cannot be read, so karpgen cannot tell what it holds");
		return 0;
	}
	const char *rel = path + check.root_len + 1;
	if (strcmp(rel, "karpgen-manifest.json") == 0 && check.kit)
		return 0;
	if (check.kit && runbook_record(rel)) {
		differs(path, "the runbook's record of a migration under way (its finished phases and each "
		    "group's sizes before it scaled them, what 'runbook.sh rollback' restores)");
		return 0;
	}
	for (int i = 0; i < check.n; i++)
		if (strcmp(check.files[i].path, rel) == 0) {
			if (!as_written(path, &check.files[i]))
				differs(path, "edited since karpgen wrote it (its SHA-256 is not the one in "
				    "karpgen-manifest.json)");
			return 0;
		}
	differs(path, check.kit ? "not written by karpgen (karpgen-manifest.json does not list it)" :
	    "not written by karpgen");
	/* in a directory that is no kit the first files settle it: the rest need not be walked */
	return !check.kit && check.differ > MAX_NAMED;
}

/*
 * May `dir` (which exists) be replaced?  An empty directory, or an earlier
 * kit whose files all hold what its karpgen-manifest.json says karpgen wrote
 * (or, with --force, any earlier kit).  Every file that differs is named.
 */
static bool
replaceable(Arena *a, const char *dir, bool force)
{
	struct stat st;
	if (lstat(dir, &st) || !S_ISDIR(st.st_mode)) {
		Loc none = { 0 };
		Diag *d = diag(KG100, &none, "output '%s' exists and is not a directory", dir);
		diag_note(d, NULL, "choose another '-o DIR'");
		return false;
	}
	int n;
	KitFile *files = old_kit_files(dir, &n);
	check.files = files;
	check.n = n;
	check.root_len = strlen(dir);
	check.kit = files != NULL;
	check.d = NULL;
	check.differ = 0;
	check.dir = dir;
	check.arena = a;
	/* --force replaces an earlier kit as it is; a directory that is no kit is never replaced */
	int rc = force && files ? 0 : nftw(dir, check_entry, 16, FTW_PHYS), err = errno;
	for (int i = 0; files && i < n; i++)
		free(files[i].path);
	free(files);
	if (rc < 0) {
		Loc none = { 0 };
		diag(KG100, &none, "refusing to replace '%s': it cannot be read: %s", dir, strerror(err));
		return false;
	}
	if (check.d) {
		if (check.differ > MAX_NAMED)
			diag_note(check.d, NULL, "and %s%d more", check.kit ? "" : "at least ", check.differ - MAX_NAMED);
		if (check.kit)
			diag_note(check.d, NULL, "move the edits out of '%s' (they would be lost), or give '--force' "
			    "to replace the kit with them (the runbook's records are kept in the new kit)", dir);
		else
			diag_note(check.d, NULL, "move the files away or choose another '-o DIR': karpgen never "
			    "deletes a file it did not write");
		return false;
	}
	return true;
}

/*
 * Copy the runbook's records (runbook_record()) of the old kit `from` into
 * the new one `to`: a recompiled kit goes on with, or rolls back, the
 * migration the old one started.  False after KG100.
 */
static bool
keep_runbook_records(const char *from, const char *to)
{
	DIR *dir = opendir(from);
	if (!dir)
		return true;   /* replaceable() read it: nothing there to keep */
	bool ok = true;
	for (struct dirent *e; ok && (e = readdir(dir));) {
		if (!runbook_record(e->d_name))
			continue;
		char *src = NULL, *dst = NULL;
		if (asprintf(&src, "%s/%s", from, e->d_name) < 0 || asprintf(&dst, "%s/%s", to, e->d_name) < 0)
			fatal_oom();
		struct stat st;
		if (lstat(src, &st) || !S_ISREG(st.st_mode)) {
			/* a link or a device by that name is no record the runbook wrote: never followed */
			free(src);
			free(dst);
			continue;
		}
		FILE *in = fopen(src, "rb");
		FILE *out = in ? fopen(dst, "wb") : NULL;
		if (!in)
			ok = io_error("keep the runbook's record", src);
		else if (!out)
			ok = io_error("keep the runbook's record in", dst);
		char buf[8192];
		for (size_t n; ok && (n = fread(buf, 1, sizeof buf, in)) > 0;)
			if (fwrite(buf, 1, n, out) != n)
				ok = io_error("keep the runbook's record in", dst);
		if (ok && ferror(in))
			ok = io_error("keep the runbook's record", src);
		if (in)
			fclose(in);
		if (out && fclose(out) && ok)
			ok = io_error("keep the runbook's record in", dst);
		free(src);
		free(dst);
	}
	closedir(dir);
	return ok;
}

/*
 * The -o directory as renamed into place: trailing slashes dropped, and one
 * that ends in "." or ".." by its real path (its temporary sibling must be
 * beside it, not inside it).  NULL after KG100 when it is the current
 * directory or holds it: replacing it would leave the shell that ran
 * karpgen in a deleted directory.  malloc'd.
 */
static char *
output_path(const char *dir)
{
	char *d = strdup(dir);
	if (!d)
		fatal_oom();
	size_t dl = strlen(d);
	while (dl > 1 && d[dl - 1] == '/')
		d[--dl] = '\0';
	const char *last = strrchr(d, '/');
	last = last ? last + 1 : d;
	char *real = realpath(d, NULL), *cwd = getcwd(NULL, 0);
	if (strcmp(last, ".") == 0 || strcmp(last, "..") == 0) {
		if (!real) {
			io_error("find the directory", d);
			free(d);
			free(cwd);
			return NULL;
		}
		free(d);
		d = strdup(real);
		if (!d)
			fatal_oom();
	}
	size_t rl = real ? strlen(real) : 0;
	if (real && cwd && strncmp(cwd, real, rl) == 0 && (cwd[rl] == '/' || cwd[rl] == '\0' || rl == 1)) {
		Loc none = { 0 };
		Diag *dg = diag(KG100, &none, "refusing to replace '%s': it is the current directory%s", dir,
		    cwd[rl] ? " or holds it" : "");
		diag_note(dg, NULL, "karpgen replaces the whole '-o' directory; run it from outside, e.g. "
		    "'cd ..' and '-o %s'", strcmp(real, "/") ? strrchr(real, '/') + 1 : "DIR");
		free(d);
		d = NULL;
	}
	free(real);
	free(cwd);
	return d;
}

bool
out_commit(Output *o, const char *dir)
{
	for (int i = 0; i < o->files.n; i++)
		if (!out_path_ok(o->files.v[i].path)) {
			Loc none = { 0 };
			diag(KG100, &none, "refusing to write '%s' outside the kit", o->files.v[i].path);
			return false;
		}
	add_manifest(o);

	char *d = output_path(dir);
	if (!d)
		return false;
	struct stat st;
	bool exists = lstat(d, &st) == 0;
	/* refused before anything is written: an edited or foreign file is named, nothing is made */
	if (exists && !replaceable(o->arena, d, o->force)) {
		free(d);
		return false;
	}
	/* the temporary directory is a sibling, so the final rename stays on one file system */
	const char *slash = strrchr(d, '/');
	char *tmp = NULL;
	if (asprintf(&tmp, "%.*s.karpgen-XXXXXX", slash ? (int)(slash - d + 1) : 0, d) < 0)
		fatal_oom();
	bool ok = true;
	/*
	 * SIGINT, SIGTERM and SIGHUP wait while the temporary directory exists:
	 * one that came meanwhile is delivered once it is removed (and ends the
	 * run as it would have), so no '.karpgen-*' directory is left behind;
	 * one that came before the rename stops it, so `dir` stays as it was.
	 */
	sigset_t stop, before;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGHUP);
	/*
	 * A signal the caller ignores (nohup's SIGHUP, SIGINT of a background
	 * job) interrupts nothing: Linux keeps it pending while blocked, so it
	 * must not be read below as a request to stop.
	 */
	sigset_t ignored;
	sigemptyset(&ignored);
	for (int sig = 1; sig < NSIG; sig++) {
		struct sigaction sa;
		if (sigismember(&stop, sig) == 1 && sigaction(sig, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN)
			sigaddset(&ignored, sig);
	}
	sigprocmask(SIG_BLOCK, &stop, &before);
	if (!mkdtemp(tmp)) {
		ok = io_error("create a directory beside", d);
		free(tmp);
		free(d);
		sigprocmask(SIG_SETMASK, &before, NULL);
		return false;
	}
	/* mkdtemp() makes it 0700; the kit's top directory follows the umask, as its files do */
	mode_t mask = umask(0);
	umask(mask);
	if (chmod(tmp, 0777 & ~mask))
		ok = io_error("set the permissions of", tmp);
	for (int i = 0; ok && i < o->files.n; i++)
		ok = write_file(tmp, &o->files.v[i], i ? &o->files.v[i - 1] : NULL);
	if (ok && exists)
		ok = keep_runbook_records(d, tmp);
	/* an interrupted run replaces nothing: the old kit stays as it was, the signal ends the run below */
	sigset_t pending;
	bool stopped = false;
	if (ok && sigpending(&pending) == 0)
		for (int sig = 1; sig < NSIG; sig++)
			stopped |= sigismember(&stop, sig) == 1 && sigismember(&pending, sig) == 1 &&
			    sigismember(&ignored, sig) != 1;
	if (stopped) {
		/* unblocked below, the signal ends the run; this is seen only if it is caught */
		Loc none = { 0 };
		diag(KG100, &none, "interrupted: nothing written to '%s'", d);
		ok = false;
	}

	if (ok) {
		if (!exists) {
			if (rename(tmp, d))
				ok = io_error("rename the new kit to", d);
		} else if (renameat2(AT_FDCWD, tmp, AT_FDCWD, d, RENAME_EXCHANGE) == 0) {
			/* the old kit is now at tmp, removed below */
		} else {
			char *old = NULL;
			if (asprintf(&old, "%s.old", tmp) < 0)
				fatal_oom();
			if (rename(d, old)) {
				ok = io_error("move the old kit away from", d);
			} else if (rename(tmp, d)) {
				ok = io_error("rename the new kit to", d);
				rename(old, d);
			} else {
				rm_tree(old);
			}
			free(old);
		}
	}
	rm_tree(tmp);
	free(tmp);
	free(d);
	sigprocmask(SIG_SETMASK, &before, NULL);
	return ok;
}
