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

/* "# karpgen convert: from FILE:LINE (API KIND 'NAME')" */
static void
origin(Buf *b, const Converted *c)
{
	const Value *f = c->from;
	const char *file = f->loc.file ? f->loc.file->name : "-";
	buf_printf(b, CONVERT_MARK ": %s %s:%d", c->changed ? "from" : "unchanged from", file,
	    f->loc.line);
	const char *api = text_of(v_get(f, "apiVersion")), *kind = text_of(v_get(f, "kind"));
	const char *name = text_of(v_path(f, "metadata.name"));
	if (c->changed && api && kind)
		buf_printf(b, " (%s %s%s%s%s)", api, kind, name ? " '" : "", name ? name : "", name ? "'" : "");
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
