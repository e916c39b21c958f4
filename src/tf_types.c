/*
 * tf_types.c - Terraform type constraints: read them, and convert a value to
 * one the way Terraform converts a variable's value to its declared type.
 *
 * The HCL parser leaves `type = object({...})` as an expression (V_UNKNOWN
 * whose Loc is where the expression starts), so this file reads the type
 * expression itself from the source text, with the literal default values
 * of `optional(T, default)` as value trees that keep their positions.
 *
 *   type     = primitive | collection "(" type ")" | "object" "(" "{" attrs "}" ")"
 *            | "tuple" "(" "[" type { "," type } "]" ")" ;
 *   primitive = "string" | "number" | "bool" | "any" ;
 *   collection = "list" | "set" | "map" ;
 *   attrs    = { name ("=" | ":") (type | "optional" "(" type [ "," literal ] ")") [","] } ;
 *   literal  = string | number | "true" | "false" | "null" | "[" ... "]" | "{" ... "}" ;
 *
 * Anything else in a default (a function call, a reference) becomes an
 * unknown value holding its source text.
 */
#include "karpgen.h"

#include <stdlib.h>
#include <string.h>

typedef struct Reader {
	Arena *a;
	const SrcFile *f;
	const char *s;           /* f->text */
	size_t pos, end;
	int depth;
	bool failed;
	Loc err;                 /* where reading failed */
} Reader;

/* ---------------------------------------------------------------- lexing */

static void
skip_space(Reader *r)
{
	while (r->pos < r->end) {
		char c = r->s[r->pos];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			r->pos++;
		} else if (c == '#' || (c == '/' && r->pos + 1 < r->end && r->s[r->pos + 1] == '/')) {
			while (r->pos < r->end && r->s[r->pos] != '\n')
				r->pos++;
		} else if (c == '/' && r->pos + 1 < r->end && r->s[r->pos + 1] == '*') {
			const char *e = memmem(r->s + r->pos + 2, r->end - r->pos - 2, "*/", 2);
			r->pos = e ? (size_t)(e - r->s) + 2 : r->end;
		} else {
			break;
		}
	}
}

static char
peek(Reader *r)
{
	skip_space(r);
	return r->pos < r->end ? r->s[r->pos] : '\0';
}

static void
fail(Reader *r)
{
	if (!r->failed) {
		r->failed = true;
		r->err = loc_at(r->f, r->pos, r->pos < r->end ? r->pos + 1 : r->pos);
	}
}

static bool
accept(Reader *r, char c)
{
	if (peek(r) != c)
		return false;
	r->pos++;
	return true;
}

static bool
expect(Reader *r, char c)
{
	if (accept(r, c))
		return true;
	fail(r);
	return false;
}

static bool
is_ident_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool
is_ident(char c)
{
	return is_ident_start(c) || (c >= '0' && c <= '9') || c == '-';
}

/* An identifier at the cursor, or NULL (the cursor does not move). */
static const char *
ident(Reader *r, size_t *start)
{
	if (!is_ident_start(peek(r)))
		return NULL;
	size_t b = r->pos;
	while (r->pos < r->end && is_ident(r->s[r->pos]))
		r->pos++;
	if (start)
		*start = b;
	return arena_strndup(r->a, r->s + b, r->pos - b);
}

/*
 * A quoted string without interpolation, escapes decoded; *plain is false
 * when it holds `${` or `%{` (a template: the caller keeps it unknown).
 */
static char *
quoted(Reader *r, bool *plain)
{
	Buf b = { 0 };
	*plain = true;
	r->pos++;               /* the opening quote */
	while (r->pos < r->end && r->s[r->pos] != '"') {
		char c = r->s[r->pos];
		if (c == '\n') {
			fail(r);
			break;
		}
		if ((c == '$' || c == '%') && r->pos + 1 < r->end && r->s[r->pos + 1] == '{')
			*plain = false;
		if (c == '\\' && r->pos + 1 < r->end) {
			char e = r->s[++r->pos];
			static const char from[] = "nrt\"\\", to[] = "\n\r\t\"\\";
			const char *k = strchr(from, e);
			if (k && e) {
				buf_add(&b, &to[k - from], 1);
			} else {
				/* \uNNNN and friends: kept as written; defaults never use them */
				buf_add(&b, r->s + r->pos - 1, 2);
			}
			r->pos++;
			continue;
		}
		buf_add(&b, &c, 1);
		r->pos++;
	}
	if (r->pos >= r->end)
		fail(r);
	else
		r->pos++;
	char *out = arena_strndup(r->a, b.s ? b.s : "", b.len);
	buf_free(&b);
	return out;
}

/* Skip a balanced expression up to (not including) `,` `)` `}` `]` at depth 0. */
static void
skip_expr(Reader *r)
{
	int depth = 0;
	while (r->pos < r->end) {
		char c = r->s[r->pos];
		if (c == '"') {
			bool plain;
			quoted(r, &plain);
			continue;
		}
		if (c == '(' || c == '{' || c == '[') {
			depth++;
		} else if (c == ')' || c == '}' || c == ']') {
			if (depth == 0)
				return;
			depth--;
		} else if (c == ',' && depth == 0) {
			return;
		} else if (c == '\n' && depth == 0) {
			return;
		}
		r->pos++;
	}
}

/* ------------------------------------------------------------- literals */

static Value *literal(Reader *r);

static Value *
unknown_from(Reader *r, size_t b)
{
	size_t e = r->pos;
	while (e > b && (r->s[e - 1] == ' ' || r->s[e - 1] == '\t' || r->s[e - 1] == '\n' || r->s[e - 1] == '\r'))
		e--;
	Loc l = loc_at(r->f, b, e);
	Value *v = v_new(r->a, V_UNKNOWN, &l);
	v->s = arena_strndup(r->a, r->s + b, e - b);
	v->len = e - b;
	return v;
}

static Value *
literal_number(Reader *r, size_t b)
{
	size_t p = r->pos;
	if (p < r->end && r->s[p] == '-')
		p++;
	while (p < r->end && ((r->s[p] >= '0' && r->s[p] <= '9') || r->s[p] == '.' || r->s[p] == 'e' ||
	    r->s[p] == 'E' || ((r->s[p] == '+' || r->s[p] == '-') && (r->s[p - 1] == 'e' || r->s[p - 1] == 'E'))))
		p++;
	char *text = arena_strndup(r->a, r->s + b, p - b);
	char *end;
	double d = strtod(text, &end);
	if (*end) {
		skip_expr(r);
		return unknown_from(r, b);
	}
	r->pos = p;
	Loc l = loc_at(r->f, b, p);
	Value *v = v_new(r->a, V_NUM, &l);
	v->s = text;
	v->len = p - b;
	v->num = d;
	if (!strpbrk(text, ".eE")) {
		long long n = strtoll(text, &end, 10);
		if (!*end) {
			v->i = n;
			v->flags |= VF_INTEGER;
		}
	}
	return v;
}

/* `{ key = value, ... }` (HCL object constructor: `=` or `:`, commas or newlines). */
static Value *
literal_object(Reader *r, size_t b)
{
	Loc l = loc_at(r->f, b, b + 1);
	Value *m = v_new(r->a, V_MAP, &l);
	r->pos++;
	while (!r->failed && peek(r) != '}' && r->pos < r->end) {
		size_t kb = r->pos;
		const char *key;
		if (peek(r) == '"') {
			bool plain;
			key = quoted(r, &plain);
		} else {
			key = ident(r, NULL);
		}
		if (!key) {
			fail(r);
			break;
		}
		Loc kl = loc_at(r->f, kb, r->pos);
		if (!accept(r, '=') && !expect(r, ':'))
			break;
		Value *v = literal(r);
		v_map_put(r->a, m, key, &kl, v);
		accept(r, ',');
	}
	expect(r, '}');
	m->loc = loc_at(r->f, b, r->pos);
	return m;
}

static Value *
literal_list(Reader *r, size_t b)
{
	Loc l = loc_at(r->f, b, b + 1);
	Value *list = v_new(r->a, V_LIST, &l);
	r->pos++;
	while (!r->failed && peek(r) != ']' && r->pos < r->end) {
		v_list_push(r->a, list, literal(r));
		if (!accept(r, ','))
			break;
	}
	expect(r, ']');
	list->loc = loc_at(r->f, b, r->pos);
	return list;
}

static Value *
literal(Reader *r)
{
	char c = peek(r);
	size_t b = r->pos;
	if (++r->depth > LIMIT_DEPTH) {
		fail(r);
		r->depth--;
		return unknown_from(r, b);
	}
	Value *v;
	if (c == '"') {
		bool plain;
		char *s = quoted(r, &plain);
		Loc l = loc_at(r->f, b, r->pos);
		if (plain) {
			v = v_str(r->a, s, strlen(s), &l);
			v->flags |= VF_QUOTED;
		} else {
			v = unknown_from(r, b);
			v->flags |= VF_TEMPLATE;
		}
	} else if (c == '{') {
		v = literal_object(r, b);
	} else if (c == '[') {
		v = literal_list(r, b);
	} else if ((c >= '0' && c <= '9') || c == '-') {
		v = literal_number(r, b);
	} else if (is_ident_start(c)) {
		const char *id = ident(r, NULL);
		Loc l = loc_at(r->f, b, r->pos);
		char next = peek(r);
		if (next == '(' || next == '.' || next == '[') {
			skip_expr(r);
			v = unknown_from(r, b);
		} else if (strcmp(id, "true") == 0 || strcmp(id, "false") == 0) {
			v = v_new(r->a, V_BOOL, &l);
			v->b = id[0] == 't';
		} else if (strcmp(id, "null") == 0) {
			v = v_new(r->a, V_NULL, &l);
		} else {
			v = unknown_from(r, b);
		}
	} else {
		skip_expr(r);
		v = unknown_from(r, b);
		if (r->pos == b)
			fail(r);
	}
	r->depth--;
	return v;
}

/* ----------------------------------------------------------------- types */

static TfType *type_expr(Reader *r);

static TfType *
new_type(Reader *r, TyKind k, size_t b)
{
	TfType *t = arena_alloc(r->a, sizeof *t);
	t->kind = k;
	t->loc = loc_at(r->f, b, r->pos);
	return t;
}

static void
object_attrs(Reader *r, TfType *t)
{
	VEC(TyAttr) attrs = { 0 };
	while (!r->failed && peek(r) != '}' && r->pos < r->end) {
		TyAttr at = { 0 };
		size_t kb = r->pos;
		if (peek(r) == '"') {
			bool plain;
			at.name = quoted(r, &plain);
		} else {
			at.name = ident(r, NULL);
		}
		if (!at.name) {
			fail(r);
			break;
		}
		at.loc = loc_at(r->f, kb, r->pos);
		if (!accept(r, '=') && !expect(r, ':'))
			break;
		size_t tb = r->pos;
		const char *id = (peek(r), ident(r, &tb));
		if (id && strcmp(id, "optional") == 0) {
			at.optional = true;
			if (!expect(r, '('))
				break;
			at.type = type_expr(r);
			if (accept(r, ',')) {
				at.dflt = literal(r);
				at.dflt_loc = at.dflt->loc;
			}
			expect(r, ')');
		} else {
			r->pos = tb;
			at.type = type_expr(r);
		}
		VEC_PUSH(r->a, attrs, at);
		accept(r, ',');
	}
	t->attrs = attrs.v;
	t->nattrs = attrs.n;
}

static TfType *
type_expr(Reader *r)
{
	static const struct { const char *name; TyKind kind; } prims[] = {
		{ "string", TY_STRING }, { "number", TY_NUMBER }, { "bool", TY_BOOL }, { "any", TY_ANY },
		{ "list", TY_LIST }, { "set", TY_SET }, { "map", TY_MAP }, { "object", TY_OBJECT },
		{ "tuple", TY_TUPLE },
	};
	size_t b;
	if (++r->depth > LIMIT_DEPTH) {
		fail(r);
		return NULL;
	}
	const char *id = ident(r, &b);
	TfType *t = NULL;
	if (!id) {
		fail(r);
		r->depth--;
		return NULL;
	}
	for (size_t i = 0; i < sizeof prims / sizeof *prims; i++)
		if (strcmp(id, prims[i].name) == 0)
			t = new_type(r, prims[i].kind, b);
	if (!t) {
		fail(r);
		r->depth--;
		return NULL;
	}
	switch (t->kind) {
	case TY_LIST: case TY_SET: case TY_MAP:
		/* `map` alone is the legacy spelling of map(any) */
		if (accept(r, '(')) {
			t->elem = type_expr(r);
			expect(r, ')');
		}
		break;
	case TY_OBJECT:
		if (expect(r, '(') && expect(r, '{')) {
			object_attrs(r, t);
			expect(r, '}');
			expect(r, ')');
		}
		break;
	case TY_TUPLE:
		if (expect(r, '(') && expect(r, '[')) {
			VEC(TfType *) el = { 0 };
			while (!r->failed && peek(r) != ']' && r->pos < r->end) {
				VEC_PUSH(r->a, el, type_expr(r));
				if (!accept(r, ','))
					break;
			}
			expect(r, ']');
			expect(r, ')');
			t->elems = el.v;
			t->nelems = el.n;
		}
		break;
	default:
		break;
	}
	t->loc = loc_at(r->f, b, r->pos);
	r->depth--;
	return t;
}

/* Byte offset of a Loc (columns count characters). */
static size_t
loc_offset(const Loc *l)
{
	const SrcFile *f = l->file;
	if (!f || l->line < 1 || l->line > f->nlines)
		return 0;
	size_t off = src_line_start(f, l->line - 1);
	for (int c = 1; c < l->col && off < f->len && f->text[off] != '\n'; c++) {
		off++;
		while (off < f->len && ((unsigned char)f->text[off] & 0xC0) == 0x80)
			off++;
	}
	return off;
}

TfType *
tftype_parse(Arena *a, const SrcFile *f, size_t off, size_t end)
{
	Reader r = { .a = a, .f = f, .s = f->text, .pos = off, .end = end <= f->len ? end : f->len };
	TfType *t = type_expr(&r);
	if (r.failed || !t) {
		diag(KG106, &r.err, "cannot read this type constraint");
		return NULL;
	}
	return t;
}

TfType *
tftype_read(Arena *a, const Value *v)
{
	if (!v || !v->loc.file)
		return NULL;
	if (v->kind == V_STR) {
		/* Terraform 0.11 quoted types: "map", "list", "string" */
		SrcFile *f = src_from_mem(a, v->loc.file->name, v->s, v->len);
		return tftype_parse(a, f, 0, f->len);
	}
	if (v->kind != V_UNKNOWN)
		return NULL;
	size_t off = loc_offset(&v->loc);
	size_t end = v->loc.end_line ? loc_offset(&(Loc){ .file = v->loc.file, .line = v->loc.end_line,
	    .col = v->loc.end_col }) : v->loc.file->len;
	if (end <= off)
		end = v->loc.file->len;
	return tftype_parse(a, v->loc.file, off, end);
}

Value *
tf_literal_parse(Arena *a, const SrcFile *f, size_t off, size_t end)
{
	Reader r = { .a = a, .f = f, .s = f->text, .pos = off, .end = end <= f->len ? end : f->len };
	Value *v = literal(&r);
	if (r.failed) {
		diag(KG101, &r.err, "cannot read this value");
		return NULL;
	}
	return v;
}

/* ------------------------------------------------------------ conversion */

/* A deep copy marked as a default, moved to `at` when given (an embedded schema has no file of its own). */
static Value *
copy_default(Arena *a, const Value *v, const Loc *at)
{
	Value *c = v_new(a, v->kind, at ? at : &v->loc);
	c->flags = v->flags | VF_DEFAULT;
	c->s = v->s;
	c->len = v->len;
	c->num = v->num;
	c->i = v->i;
	c->b = v->b;
	for (int i = 0; v->kind == V_LIST && i < v->n; i++)
		v_list_push(a, c, copy_default(a, v->items[i], at));
	for (int i = 0; v->kind == V_MAP && i < v->n; i++)
		v_map_put(a, c, v->members[i].key, at ? at : &v->members[i].key_loc,
		    copy_default(a, v->members[i].val, at));
	return c;
}

static const char *
type_name(const TfType *t)
{
	static const char *const names[] = {
		"any", "string", "number", "bool", "list", "set", "map", "object", "tuple",
	};
	return names[t->kind];
}

static Value *
scalar(TfConv *c, const Value *v, VKind k)
{
	Value *n = v_new(c->a, k, &v->loc);
	n->flags = v->flags & (VF_DEFAULT | VF_QUOTED);
	return n;
}

static void
mismatch(const TfConv *c, const Value *v, const char *path, const TfType *t)
{
	if (c->quiet)
		return;
	diag(KG106, &v->loc, "'%s' should be %s %s, not %s", path,
	    t->kind == TY_OBJECT || t->kind == TY_ANY ? "an" : "a", type_name(t), v_kind_name(v->kind));
}

static Value *convert(TfConv *c, const TfType *t, const Value *v, const char *path, int depth);

static Value *
convert_object(TfConv *c, const TfType *t, const Value *v, const char *path, int depth)
{
	if (v->kind != V_MAP) {
		mismatch(c, v, path, t);
		return (Value *)v;
	}
	Value *out = v_new(c->a, V_MAP, &v->loc);
	out->flags = v->flags;
	for (int i = 0; i < v->n; i++) {
		const Member *m = &v->members[i];
		const TyAttr *at = NULL;
		for (int k = 0; k < t->nattrs; k++)
			if (strcmp(t->attrs[k].name, m->key) == 0)
				at = &t->attrs[k];
		char *sub = arena_join(c->a, path, ".", m->key);
		if (!at && c->quiet)
			continue;
		if (!at) {
			Diag *d = diag(KG110, &m->key_loc, "'%s' is not an attribute of '%s'", m->key, path);
			if (c->schema_name)
				diag_note(d, NULL, "the attributes are those of %s", c->schema_name);
			continue;
		}
		if (m->val && m->val->kind == V_NULL && at->optional && at->dflt)
			continue;       /* null takes the default, below */
		v_map_put(c->a, out, m->key, &m->key_loc, convert(c, at->type, m->val, sub, depth + 1));
	}
	for (int k = 0; k < t->nattrs; k++) {
		const TyAttr *at = &t->attrs[k];
		const Member *m = v_member(out, at->name);
		if (m)
			continue;
		const Member *given = v_member(v, at->name);
		if (at->optional && at->dflt) {
			const Loc *where = c->default_at ? c->default_at : NULL;
			Value *d = copy_default(c->a, at->dflt, where);
			char *sub = arena_join(c->a, path, ".", at->name);
			d = convert(c, at->type, d, sub, depth + 1);
			v_map_put(c->a, out, at->name, where ? where : &at->loc, d);
		} else if (!at->optional && !given && !c->quiet) {
			Diag *dg = diag(KG106, &v->loc, "'%s' lacks the required attribute '%s'", path, at->name);
			if (!c->default_at && at->loc.file)
				diag_note(dg, &at->loc, "'%s' is declared here without optional()", at->name);
		}
	}
	return out;
}

static Value *
convert(TfConv *c, const TfType *t, const Value *v, const char *path, int depth)
{
	if (!v || !t || v->kind == V_UNKNOWN || v->kind == V_NULL || depth > LIMIT_DEPTH)
		return (Value *)v;
	Value *n;
	switch (t->kind) {
	case TY_ANY:
		return (Value *)v;
	case TY_STRING:
		if (v->kind == V_STR)
			return (Value *)v;
		if (v->kind == V_NUM || v->kind == V_BOOL) {
			n = scalar(c, v, V_STR);
			n->s = v->kind == V_BOOL ? (v->b ? "true" : "false") : v->s;
			n->len = strlen(n->s);
			return n;
		}
		break;
	case TY_NUMBER:
		if (v->kind == V_NUM)
			return (Value *)v;
		if (v->kind == V_STR) {
			char *end;
			double d = strtod(v->s, &end);
			if (v->len && !*end) {
				n = scalar(c, v, V_NUM);
				n->s = v->s;
				n->len = v->len;
				n->num = d;
				long long i = strtoll(v->s, &end, 10);
				if (!*end) {
					n->i = i;
					n->flags |= VF_INTEGER;
				}
				return n;
			}
		}
		break;
	case TY_BOOL:
		if (v->kind == V_BOOL)
			return (Value *)v;
		if (v_is_str(v, "true") || v_is_str(v, "false")) {
			n = scalar(c, v, V_BOOL);
			n->b = v_is_str(v, "true");
			return n;
		}
		break;
	case TY_LIST: case TY_SET: case TY_TUPLE:
		if (v->kind != V_LIST)
			break;
		n = v_new(c->a, V_LIST, &v->loc);
		n->flags = v->flags;
		for (int i = 0; i < v->n; i++) {
			const TfType *et = t->kind == TY_TUPLE ? (i < t->nelems ? t->elems[i] : NULL) : t->elem;
			char *sub = arena_printf(c->a, "%s[%d]", path, i);
			v_list_push(c->a, n, convert(c, et, v->items[i], sub, depth + 1));
		}
		return n;
	case TY_MAP:
		if (v->kind != V_MAP)
			break;
		n = v_new(c->a, V_MAP, &v->loc);
		n->flags = v->flags;
		for (int i = 0; i < v->n; i++) {
			const Member *m = &v->members[i];
			char *sub = arena_join(c->a, path, ".", m->key);
			v_map_put(c->a, n, m->key, &m->key_loc, convert(c, t->elem, m->val, sub, depth + 1));
		}
		return n;
	case TY_OBJECT:
		return convert_object(c, t, v, path, depth);
	}
	mismatch(c, v, path, t);
	/* dropped once diagnosed, so that no later reader reports it again */
	n = v_new(c->a, V_NULL, &v->loc);
	n->flags = v->flags & VF_DEFAULT;
	return n;
}

Value *
tftype_convert(TfConv *c, const TfType *t, const Value *v, const char *path)
{
	return convert(c, t, v, path, 0);
}

Value *
tftype_default(TfConv *c, const TfType *t, const Value *dflt, const char *path)
{
	if (!dflt)
		return NULL;
	return convert(c, t, copy_default(c->a, dflt, c->default_at), path, 0);
}

const TyAttr *
tftype_attr(const TfType *t, const char *name)
{
	for (int i = 0; t && t->kind == TY_OBJECT && i < t->nattrs; i++)
		if (strcmp(t->attrs[i].name, name) == 0)
			return &t->attrs[i];
	return NULL;
}
