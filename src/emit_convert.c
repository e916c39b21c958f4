/*
 * emit_convert.c - what `karpgen convert` writes: the converted documents as
 * one YAML stream (stdout), or one file per object under -o DIR.
 *
 * Each document is preceded by a comment naming where it came from, and the
 * input's comments are put back where comments.c can place them.
 */
#include "karpgen.h"

#include <stdlib.h>
#include <string.h>

static const char *
text_of(const Value *v)
{
	return v && v->kind == V_STR ? v->s : NULL;
}

static void
header(Buf *b, ConvTarget to)
{
	buf_printf(b, CONVERT_MARK " --to %s: input comments are kept above a key or at the end of "
	    "its line (docs/convert.md)\n", to == CONV_V1 ? "v1" : "v1beta1");
}

/* "# karpgen convert: from FILE:LINE (API KIND 'NAME')"; the input's text through comment_text() */
static void
origin(Buf *b, const Converted *c)
{
	const Value *f = c->from;
	buf_printf(b, CONVERT_MARK ": %s ", c->changed ? "from" : "unchanged from");
	comment_text(b, f->loc.file ? f->loc.file->name : "-");
	buf_printf(b, ":%d", f->loc.line);
	const char *api = text_of(v_get(f, "apiVersion")), *kind = text_of(v_get(f, "kind"));
	const char *name = text_of(v_path(f, "metadata.name"));
	if (c->changed && api && kind) {
		buf_puts(b, " (");
		comment_text(b, api);
		buf_puts(b, " ");
		comment_text(b, kind);
		if (name) {
			buf_puts(b, " '");
			comment_text(b, name);
			buf_puts(b, "'");
		}
		buf_puts(b, ")");
	}
	buf_puts(b, "\n");
}

static void
document(Buf *b, const Converted *c, Comments *cm)
{
	origin(b, c);
	char *y = comments_yaml(cm, c->doc);
	buf_puts(b, y);
	free(y);
}

char *
convert_stream(const Converted *docs, int n, Comments *cm, ConvTarget to)
{
	Buf b = { 0 };
	header(&b, to);
	for (int i = 0; i < n; i++) {
		buf_puts(&b, "---\n");
		document(&b, &docs[i], cm);
	}
	if (!b.s)
		buf_puts(&b, "");
	return b.s;
}

/* The lower-case plural Kubernetes uses for a kind: NodePool -> nodepools, EC2NodeClass -> ec2nodeclasses. */
static const char *
plural(Arena *a, const char *kind)
{
	size_t n = strlen(kind);
	char *s = arena_alloc(a, n + 4);
	for (size_t i = 0; i < n; i++)
		s[i] = (char)(kind[i] >= 'A' && kind[i] <= 'Z' ? kind[i] - 'A' + 'a' : kind[i]);
	if (n && (s[n - 1] == 's' || s[n - 1] == 'x' || (n > 1 && s[n - 1] == 'h' &&
	    (s[n - 2] == 'c' || s[n - 2] == 's'))))
		strcpy(s + n, "es");
	else if (n > 1 && s[n - 1] == 'y' && !strchr("aeiou", s[n - 2]))
		strcpy(s + n - 1, "ies");
	else
		strcpy(s + n, "s");
	return s;
}

static bool
kind_ok(const char *k)
{
	if (!((*k >= 'A' && *k <= 'Z') || (*k >= 'a' && *k <= 'z')))
		return false;
	for (; *k; k++)
		if (!((*k >= 'A' && *k <= 'Z') || (*k >= 'a' && *k <= 'z') || (*k >= '0' && *k <= '9')))
			return false;
	return true;
}

/*
 * One file per object under `dir`: <kind plural>/<name>.yaml, through the
 * all-or-nothing writer.  The file name comes from the object, so it must be
 * a DNS-1123 name (no '/', no '..') and no two objects may share one;
 * otherwise nothing is written.
 */
bool
convert_files(Arena *a, const Converted *docs, int n, Comments *cm, ConvTarget to, const char *dir,
    bool force)
{
	Output o = { .arena = a };
	const Value **owner = arena_alloc(a, ((size_t)n + 1) * sizeof *owner);
	bool ok = true;
	for (int i = 0; i < n; i++) {
		const Value *doc = docs[i].doc;
		const Value *kv = v_get(doc, "kind"), *nv = v_path(doc, "metadata.name");
		const char *kind = text_of(kv), *name = text_of(nv);
		if (!kind || !kind_ok(kind) || !name || nv->len > 253 ||
		    !pat_match(PAT_DNS1123_SUBDOMAIN, name, nv->len)) {
			Diag *d = diag(KG112, nv ? &nv->loc : &doc->loc, "cannot write this object to a "
			    "file of its own: %s", !kind || !kind_ok(kind) ? "its 'kind' is not a name" :
			    !name ? "it has no 'metadata.name'" : "'metadata.name' is not a DNS-1123 name");
			diag_note(d, NULL, "give it a valid name, or convert without '-o' to write one stream");
			ok = false;
			continue;
		}
		const char *path = arena_printf(a, "%s/%s.yaml", plural(a, kind), name);
		int k = 0;
		while (k < o.files.n && strcmp(o.files.v[k].path, path) != 0)
			k++;
		if (k < o.files.n) {
			Diag *d = diag(KG107, &nv->loc, "two objects would be written to '%s'", path);
			diag_note(d, &v_path(owner[k], "metadata.name")->loc, "the other one");
			ok = false;
			continue;
		}
		Buf b = { 0 };
		header(&b, to);
		document(&b, &docs[i], cm);
		owner[o.files.n] = doc;
		out_add_buf(&o, path, &b, false);
	}
	o.force = force;
	return ok && out_commit(&o, dir);
}
