/*
 * comments.c - YAML comments by a side channel.
 *
 * libyaml drops comments, so they are read from the input text beside the
 * documents loaded from it, and put back into the text value_to_yaml()
 * writes for a tree whose members keep the key_loc of the input key they
 * continue (convert.c keeps them, even across a rename).  To learn where each
 * member landed, the emitted text is read back with yaml_load() and walked
 * beside the tree; the text with comments is read once more and must give
 * the same values, or it is not used (the comments are then lost, never the
 * data).
 *
 * Which comment goes with which key (docs/convert.md):
 *   - full-line comments on the lines just above a key, at the indentation
 *     of the key's line ("- key:" counts from the dash); blank lines and
 *     document markers in between are allowed, so a file's header comment
 *     goes with the first document's first key;
 *   - a comment at the end of the key's line, after its value.
 * Lines inside a multi-line scalar (a block scalar's '#!/bin/bash') are
 * never comments.  Other comment lines (after the last key of a block,
 * indented differently from the key below them) cannot be placed, and a
 * KG323 note per file counts them (convert.c reports it).
 */
#include "karpgen.h"

#include <stdlib.h>
#include <string.h>

enum { L_OTHER, L_CONTENT, L_COMMENT, L_CLAIMED };

typedef struct CFile {
	const SrcFile *f;
	unsigned char *state;     /* per line, 1-based */
} CFile;

struct Comments {
	Arena *a;
	VEC(CFile) files;
};

Comments *
comments_new(Arena *a)
{
	Comments *c = arena_alloc(a, sizeof *c);
	c->a = a;
	return c;
}

static void
mark_content(unsigned char *state, int nlines, const Value *v, int depth)
{
	if (!v || depth > LIMIT_DEPTH)
		return;
	if (v->kind == V_STR && v->loc.end_line > v->loc.line) {
		/* a block scalar ends at the start of the next token's line */
		int last = v->loc.end_col == 1 ? v->loc.end_line - 1 : v->loc.end_line;
		for (int l = v->loc.line + 1; l <= last && l <= nlines; l++)
			state[l] = L_CONTENT;
	}
	if (v->kind == V_LIST)
		for (int i = 0; i < v->n; i++)
			mark_content(state, nlines, v->items[i], depth + 1);
	if (v->kind == V_MAP)
		for (int i = 0; i < v->n; i++)
			mark_content(state, nlines, v->members[i].val, depth + 1);
}

static size_t
indent_of(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len && s[i] == ' ')
		i++;
	return i;
}

void
comments_add_file(Comments *c, const SrcFile *f, Value *const *docs, int ndocs)
{
	CFile cf = { f, arena_alloc(c->a, (size_t)f->nlines + 2) };
	for (int i = 0; i < ndocs; i++)
		if (docs[i] && docs[i]->loc.file == f)
			mark_content(cf.state, f->nlines, docs[i], 0);
	for (int l = 1; l <= f->nlines; l++) {
		if (cf.state[l] == L_CONTENT)
			continue;
		size_t len;
		const char *s = src_line(f, l, &len);
		size_t i = indent_of(s, len);
		while (i < len && s[i] == '\t')
			i++;
		/* convert's own header and origin lines are written again, not kept */
		if (i < len && s[i] == '#' && !(len - i >= sizeof CONVERT_MARK - 1 &&
		    memcmp(s + i, CONVERT_MARK, sizeof CONVERT_MARK - 1) == 0))
			cf.state[l] = L_COMMENT;
	}
	VEC_PUSH(c->a, c->files, cf);
}

static CFile *
file_of(Comments *c, const SrcFile *f)
{
	for (int i = 0; f && i < c->files.n; i++)
		if (c->files.v[i].f == f)
			return &c->files.v[i];
	return NULL;
}

/*
 * Where a comment ends for libyaml: at a lone CR, NEL, LS or PS as at LF.
 * src_line() ends lines at LF only, so the rest of such a line is content
 * (libyaml read it as a key); kept in the comment, it would be written back
 * and read as content twice.
 */
static size_t
comment_end(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < len; i++)
		if (u[i] == '\r' || (u[i] == 0xC2 && i + 1 < len && u[i + 1] == 0x85) ||
		    (u[i] == 0xE2 && i + 2 < len && u[i + 1] == 0x80 && (u[i + 2] == 0xA8 || u[i + 2] == 0xA9)))
			return i;
	return len;
}

static const char *
trimmed(Arena *a, const char *s, size_t len)
{
	len = comment_end(s, len);
	size_t b = 0;
	while (b < len && (s[b] == ' ' || s[b] == '\t'))
		b++;
	while (len > b && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
		len--;
	return arena_strndup(a, s + b, len - b);
}

typedef struct Found {
	VEC(const char *) above;
	const char *trailing;
} Found;

/* The comments of the input key at `m` (see the top of the file), allocated in `a`. */
static void
find(Comments *c, Arena *a, const Member *m, Found *out)
{
	CFile *cf = file_of(c, m->key_loc.file);
	if (!cf || m->key_loc.line < 1 || m->key_loc.line > cf->f->nlines)
		return;
	const SrcFile *f = cf->f;
	int line = m->key_loc.line;
	size_t len;
	const char *s = src_line(f, line, &len);
	size_t ind = indent_of(s, len), key_off = src_col_offset(s, len, m->key_loc.col);

	/* comments above: only for a key that starts its line (after "- " indicators) */
	bool first = true;
	for (size_t i = ind; i < key_off; i++)
		if (!(s[i] == ' ' || (s[i] == '-' && i + 1 < len && s[i + 1] == ' ')))
			first = false;
	int top = line;
	for (int l = line - 1; first && l >= 1 && cf->state[l] != L_CONTENT; l--) {
		size_t n;
		const char *t = src_line(f, l, &n);
		size_t ti = indent_of(t, n);
		if (ti == n || (n >= 3 && (memcmp(t, "---", 3) == 0 || memcmp(t, "...", 3) == 0)))
			continue;
		if (cf->state[l] == L_OTHER || ti != ind)
			break;
		top = l;
	}
	for (int l = top; l < line; l++)
		if (cf->state[l] != L_OTHER && cf->state[l] != L_CONTENT) {
			size_t n;
			const char *t = src_line(f, l, &n);
			if (indent_of(t, n) == n)
				continue;
			cf->state[l] = L_CLAIMED;
			VEC_PUSH(a, out->above, trimmed(a, t, n));
		}

	/* a comment after the value on the key's line */
	const Value *v = m->val;
	size_t from;
	bool after_key = false;
	if (v->loc.file != f || v->loc.line > line) {
		from = src_col_offset(s, len, m->key_loc.end_line == line ? m->key_loc.end_col : m->key_loc.col);
		after_key = true;
	} else if (v->loc.line != line) {
		return;
	} else if (v->loc.end_line == line) {
		from = src_col_offset(s, len, v->loc.end_col);
	} else if (v->kind == V_STR) {
		from = src_col_offset(s, len, v->loc.col);
		if (from >= len || (s[from] != '|' && s[from] != '>'))
			return;
		from++;
		while (from < len && (s[from] == '-' || s[from] == '+' || (s[from] >= '0' && s[from] <= '9')))
			from++;
	} else {
		return;
	}
	size_t i = from;
	if (after_key) {
		while (i < len && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i < len && s[i] == ':')
			i++;
	}
	size_t ws = i;
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i < len && s[i] == '#' && i > ws)
		out->trailing = trimmed(a, s + i, len - i);
}

typedef struct Insert {
	VEC(const char *) above;
	const char *trailing;
} Insert;

/* Walk the tree beside its own re-read text; false when they do not match. */
static bool
walk(Comments *c, Arena *a, const Value *t, const Value *r, Insert *ins, int nlines, int depth)
{
	if (!t || !r || t->kind != r->kind || depth > LIMIT_DEPTH)
		return false;
	if (t->kind == V_LIST) {
		if (t->n != r->n)
			return false;
		for (int i = 0; i < t->n; i++)
			if (!walk(c, a, t->items[i], r->items[i], ins, nlines, depth + 1))
				return false;
	}
	if (t->kind != V_MAP)
		return true;
	if (t->n != r->n)
		return false;
	for (int i = 0; i < t->n; i++) {
		const Member *mt = &t->members[i], *mr = &r->members[i];
		if (strcmp(mt->key, mr->key) != 0)
			return false;
		int l = mr->key_loc.line;
		if (mt->key_loc.file && l >= 1 && l <= nlines) {
			Found fd = { 0 };
			find(c, a, mt, &fd);
			for (int k = 0; k < fd.above.n; k++)
				VEC_PUSH(a, ins[l].above, fd.above.v[k]);
			if (fd.trailing && !ins[l].trailing)
				ins[l].trailing = fd.trailing;
		}
		if (!walk(c, a, mt->val, mr->val, ins, nlines, depth + 1))
			return false;
	}
	return true;
}

char *
comments_yaml(Comments *c, const Value *doc)
{
	char *text = value_to_yaml(doc);
	if (!c || !c->files.n)
		return text;
	/*
	 * The read-backs live in a scratch arena freed per document: the trees
	 * are large and needed only here.  The SrcFiles stay in the run's arena,
	 * so a diagnostic about them (there should be none) keeps its file.
	 */
	Arena *run = c->a, *t = arena_new();
	size_t tl = strlen(text);
	const SrcFile *ef = src_from_mem(run, "<converted>", text, tl);
	Value **rd = NULL;
	Buf b = { 0 };
	bool any = false, ok = yaml_load(t, ef, &rd) == 1;
	Insert *ins = ok ? arena_alloc(t, ((size_t)ef->nlines + 2) * sizeof *ins) : NULL;
	ok = ok && walk(c, t, doc, rd[0], ins, ef->nlines, 0);
	for (int l = 1; ok && l <= ef->nlines; l++) {
		size_t n;
		const char *s = src_line(ef, l, &n);
		if (l == ef->nlines && n == 0)
			break;
		size_t ind = indent_of(s, n);
		for (int k = 0; k < ins[l].above.n; k++) {
			buf_printf(&b, "%*s%s\n", (int)ind, "", ins[l].above.v[k]);
			any = true;
		}
		buf_add(&b, s, n);
		if (ins[l].trailing) {
			buf_printf(&b, " %s", ins[l].trailing);
			any = true;
		}
		buf_add(&b, "\n", 1);
	}
	if (any) {
		/* the comments must not change what the text says */
		const SrcFile *cf = src_from_mem(run, "<converted>", b.s, b.len);
		Value **cd = NULL;
		any = yaml_load(t, cf, &cd) == 1 && value_equal(rd[0], cd[0]);
	}
	arena_free(t);
	if (!any) {
		buf_free(&b);
		return text;
	}
	free(text);
	return b.s;
}

/*
 * The comment lines of input file `i` no emitted key took: their count, and
 * in *at where the first one starts; 0 when every comment was kept, -1 past
 * the last file.  convert.c reports them (KG323, the rule's one place).
 */
int
comments_lost(Comments *c, int i, Loc *at)
{
	if (i < 0 || i >= c->files.n)
		return -1;
	CFile *cf = &c->files.v[i];
	int n = 0, first = 0;
	for (int l = 1; l <= cf->f->nlines; l++)
		if (cf->state[l] == L_COMMENT && !n++)
			first = l;
	if (!n)
		return 0;
	size_t len;
	const char *s = src_line(cf->f, first, &len);
	*at = (Loc){ .file = cf->f, .line = first, .col = (int)indent_of(s, len) + 1 };
	return n;
}
