/*
 * load_yaml.c - YAML into the value tree: libyaml's event API, its marks kept
 * as Locs (marks are 0-based, Locs 1-based; both count characters).
 *
 * The tree is built without recursion, on a stack of open collections
 * bounded by LIMIT_DEPTH.  Scalars are typed as Kubernetes reads YAML
 * (sigs.k8s.io/yaml on go-yaml v2, YAML 1.1 rules), see resolve_plain():
 *   - plain null, Null, NULL, ~ and the empty scalar are null;
 *   - plain true/false in three spellings, and the YAML 1.1 booleans y, yes,
 *     on, n, no, off (also Capitalised and UPPER) are booleans, because
 *     go-yaml v2 reads them so: `enabled: yes` is true in a Kubernetes object;
 *   - integers as Go's strconv.ParseInt(s, 0, 64) reads them after '_' is
 *     removed: decimal, 0x hex, 0o and legacy leading-0 octal, 0b binary;
 *     beyond int64 they are numbers without VF_INTEGER;
 *   - floats: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?, .inf,
 *     -.inf, .nan; a float that overflows (1e400) stays a string, as in
 *     go-yaml v2; timestamps stay strings (go-yaml v2 gives strings for them
 *     when decoding into interface{});
 *   - everything else, and every quoted scalar, is a string (VF_QUOTED when
 *     quoted);
 *   - explicit tags !!str !!int !!float !!bool !!null are honoured (a value
 *     the tag cannot read is KG106 and stays a string); !!binary,
 *     !!timestamp, '!' and unknown tags give strings; tags on collections
 *     are ignored.
 * Scalars keep their source spelling in `s` whatever their kind.  Mapping
 * keys keep their text ('yes:' is the key "yes"; Kubernetes would make it
 * "true").
 *
 * Anchors are per document.  An alias shares the anchored subtree (no copy);
 * the nodes reachable through aliases are counted per file against
 * LIMIT_ALIAS_NODES, and an alias may not nest the tree deeper than
 * LIMIT_DEPTH, so consumers can walk the tree recursively.  A shared node's
 * Loc is that of the anchored node.  Merge keys '<<' take a mapping or a
 * sequence of mappings; keys written in the mapping win over merged ones,
 * and among merged mappings the first wins (the YAML merge spec and go-yaml
 * v3; v2 lets a later '<<' override earlier keys).
 *
 * Lines follow YAML's line breaks, which are also CR alone, NEL, LS and PS:
 * in a file that uses those, lines differ from the SrcFile's.
 */
#include "karpgen.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* ------------------------------------------------------------ resolution */

/* What a scalar resolves to, and the tags that can be written on one. */
enum { T_NONE, T_STR, T_NULL, T_BOOL, T_INT, T_FLOAT, T_MERGE, T_OTHER };

/* go-yaml v2's resolve table: the scalars read as something else than a string. */
static const struct {
	const char *text;
	VKind kind;
	bool b;
	double num;
} special_scalars[] = {
	{ "y", V_BOOL, true, 0 }, { "Y", V_BOOL, true, 0 }, { "yes", V_BOOL, true, 0 },
	{ "Yes", V_BOOL, true, 0 }, { "YES", V_BOOL, true, 0 }, { "true", V_BOOL, true, 0 },
	{ "True", V_BOOL, true, 0 }, { "TRUE", V_BOOL, true, 0 }, { "on", V_BOOL, true, 0 },
	{ "On", V_BOOL, true, 0 }, { "ON", V_BOOL, true, 0 },
	{ "n", V_BOOL, false, 0 }, { "N", V_BOOL, false, 0 }, { "no", V_BOOL, false, 0 },
	{ "No", V_BOOL, false, 0 }, { "NO", V_BOOL, false, 0 }, { "false", V_BOOL, false, 0 },
	{ "False", V_BOOL, false, 0 }, { "FALSE", V_BOOL, false, 0 }, { "off", V_BOOL, false, 0 },
	{ "Off", V_BOOL, false, 0 }, { "OFF", V_BOOL, false, 0 },
	{ "", V_NULL, false, 0 }, { "~", V_NULL, false, 0 }, { "null", V_NULL, false, 0 },
	{ "Null", V_NULL, false, 0 }, { "NULL", V_NULL, false, 0 },
	{ ".nan", V_NUM, false, NAN }, { ".NaN", V_NUM, false, NAN }, { ".NAN", V_NUM, false, NAN },
	{ ".inf", V_NUM, false, INFINITY }, { ".Inf", V_NUM, false, INFINITY },
	{ ".INF", V_NUM, false, INFINITY }, { "+.inf", V_NUM, false, INFINITY },
	{ "+.Inf", V_NUM, false, INFINITY }, { "+.INF", V_NUM, false, INFINITY },
	{ "-.inf", V_NUM, false, -INFINITY }, { "-.Inf", V_NUM, false, -INFINITY },
	{ "-.INF", V_NUM, false, -INFINITY },
};

/* go-yaml v2's hint by first character: only these can resolve to non-strings. */
enum { H_NONE, H_SIGN, H_DIGIT, H_MAP, H_DOT };
static const unsigned char hint_of[128] = {
	['+'] = H_SIGN, ['-'] = H_SIGN, ['.'] = H_DOT,
	['0'] = H_DIGIT, ['1'] = H_DIGIT, ['2'] = H_DIGIT, ['3'] = H_DIGIT, ['4'] = H_DIGIT,
	['5'] = H_DIGIT, ['6'] = H_DIGIT, ['7'] = H_DIGIT, ['8'] = H_DIGIT, ['9'] = H_DIGIT,
	['y'] = H_MAP, ['Y'] = H_MAP, ['n'] = H_MAP, ['N'] = H_MAP, ['t'] = H_MAP, ['T'] = H_MAP,
	['f'] = H_MAP, ['F'] = H_MAP, ['o'] = H_MAP, ['O'] = H_MAP, ['~'] = H_MAP,
};

static int
digit_val(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'z' ? c - 'a' + 10 :
	    c >= 'A' && c <= 'Z' ? c - 'A' + 10 : 99;
}

/*
 * strconv.ParseInt(s, 0, 64) and ParseUint(s, 0, 64) at once: the magnitude,
 * the sign and whether it overflowed uint64.  False when not an integer.
 */
static bool
go_parse_int(const char *s, size_t n, bool *neg, uint64_t *mag, bool *overflow)
{
	size_t i = 0;
	*neg = false;
	*overflow = false;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		*neg = s[i++] == '-';
	int base = 10;
	if (i + 1 < n && s[i] == '0') {
		char c = s[i + 1];
		if (c == 'x' || c == 'X')
			base = 16, i += 2;
		else if (c == 'o' || c == 'O')
			base = 8, i += 2;
		else if (c == 'b' || c == 'B')
			base = 2, i += 2;
		else
			base = 8, i += 1;
	}
	*mag = 0;
	if (i >= n)
		return false;
	uint64_t v = 0;
	for (; i < n; i++) {
		int d = digit_val(s[i]);
		if (d >= base)
			return false;
		if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			*overflow = true;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	*mag = v;
	return true;
}

/* yamlStyleFloat of go-yaml v2, or ParseFloat on a string starting with '.'. */
static bool
float_syntax(const char *s, size_t n)
{
	size_t i = 0, d = 0;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++, d++;
	if (i < n && s[i] == '.') {
		i++;
		size_t f = 0;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++, f++;
		if (d == 0 && f == 0)
			return false;
	} else if (d == 0) {
		return false;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		size_t e = 0;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++, e++;
		if (e == 0)
			return false;
	}
	return i == n;
}

static int resolve_number(const char *s, size_t n, int hint, char *buf, Value *v);

/*
 * How a plain scalar reads: go-yaml v2's resolve() for an untagged scalar.
 * Sets kind (V_NULL, V_BOOL, V_NUM or V_STR) and b, num, i, VF_INTEGER;
 * returns the tag it resolved to (T_STR, T_NULL, T_BOOL, T_INT, T_FLOAT).
 */
static int
resolve_plain(const char *s, size_t n, Value *v)
{
	v->kind = V_STR;
	unsigned char c0 = n ? (unsigned char)s[0] : 0;
	int hint = n == 0 ? H_MAP : c0 < 128 ? hint_of[c0] : H_NONE;
	if (hint == H_NONE)
		return T_STR;
	if (n <= 5)
		for (size_t k = 0; k < sizeof special_scalars / sizeof *special_scalars; k++)
			if (strlen(special_scalars[k].text) == n && memcmp(special_scalars[k].text, s, n) == 0) {
				v->kind = special_scalars[k].kind;
				v->b = special_scalars[k].b;
				v->num = special_scalars[k].num;
				return v->kind == V_BOOL ? T_BOOL : v->kind == V_NULL ? T_NULL : T_FLOAT;
			}
	if (hint == H_MAP)
		return T_STR;
	/* numbers are short; a long digit string costs one malloc */
	char small[128], *buf = n < sizeof small ? small : malloc(n + 1);
	if (!buf)
		fatal_oom();
	int t = resolve_number(s, n, hint, buf, v);
	if (buf != small)
		free(buf);
	return t;
}

/* The number part of resolve_plain(); `buf` has room for n + 1 bytes. */
static int
resolve_number(const char *s, size_t n, int hint, char *buf, Value *v)
{
	size_t m = 0;
	if (hint == H_DOT) {
		memcpy(buf, s, n);
		m = n;
	} else {
		for (size_t k = 0; k < n; k++)
			if (s[k] != '_')
				buf[m++] = s[k];
	}
	buf[m] = '\0';
	bool neg, over;
	uint64_t mag;
	if (hint != H_DOT && go_parse_int(buf, m, &neg, &mag, &over) && !over) {
		if (neg ? mag <= (uint64_t)INT64_MAX + 1 : mag <= (uint64_t)INT64_MAX) {
			v->kind = V_NUM;
			v->flags |= VF_INTEGER;
			v->i = neg ? (int64_t)(0 - mag) : (int64_t)mag;
			v->num = (double)v->i;
			return T_INT;
		}
		if (!neg && buf[0] != '+') {
			v->kind = V_NUM;        /* ParseUint: fits uint64, not int64 */
			v->num = (double)mag;
			return T_INT;
		}
	}
	if (float_syntax(buf, m)) {
		double d = strtod(buf, NULL);
		if (!isinf(d)) {
			v->kind = V_NUM;
			v->num = d;
			return T_FLOAT;
		}
	}
	return T_STR;
}

VKind
yaml_plain_kind(const char *s, size_t n)
{
	Value v = { 0 };
	resolve_plain(s, n, &v);
	return v.kind;
}

/* ---------------------------------------------------------------- loader */

typedef struct Anchor {
	Value *v;
	int64_t nodes;          /* reachable nodes, aliases expanded */
	int height;             /* nesting of collections, aliases expanded */
} Anchor;

typedef struct Frame {
	Value *node;
	const char *anchor;
	int64_t nodes;
	int height;             /* of the children so far */
	bool have_key, key_merge, has_merge;
	const char *key;
	Loc key_loc;
} Frame;

typedef struct YP {
	Arena *a;
	const SrcFile *f;
	yaml_parser_t parser;
	Frame *stack;
	int depth, stack_cap;   /* the stack grows as deep as the file goes (a run may read 10,000 files) */
	SMap anchors;           /* name -> Anchor, per document */
	int64_t alias_nodes;
	int nvalues;            /* in the file, or (per_doc) in the document */
	bool per_doc;
	int dup_budget;         /* KG108 reports left (a flood ends in a summary) */
	int type_budget;        /* KG106 reports left, the same way */
	Value *root;
	int64_t root_nodes;
	bool failed;
	int template_scan;      /* 0 not yet, 1 none, 2 found */
	Loc template_loc;
	const char *template_text;
} YP;

static const char merge_key[] = "<<";

/* Duplicate keys (and tag mismatches) reported per file; a flood of them ends in one summary. */
enum { DUP_REPORTS = 100 };

static Loc
loc_marks(YP *y, yaml_mark_t s, yaml_mark_t e)
{
	return (Loc){ .file = y->f, .line = (int)s.line + 1, .col = (int)s.column + 1,
		.end_line = (int)e.line + 1, .end_col = (int)e.column + 1 };
}

/* ---- templates: a Helm or envsubst file is not YAML until rendered */

/*
 * The first '{{' (anywhere) or '${' (on line `only_line`, when not 0) that is
 * not inside a quoted scalar or a comment of its line.  A heuristic: quotes
 * are followed within one line, in one pass over it.
 */
static bool
find_template(YP *y, int only_line, Loc *at, const char **text)
{
	const SrcFile *f = y->f;
	int first = only_line ? only_line : 1, last = only_line ? only_line : f->nlines;
	for (int ln = first; ln <= last && ln <= f->nlines; ln++) {
		size_t len;
		const char *s = src_line(f, ln, &len);
		if (!memchr(s, '{', len))
			continue;
		bool sq = false, dq = false;
		for (size_t i = 0; i + 1 < len; i++) {
			char c = s[i];
			if (dq && c == '\\') {
				i++;
				continue;
			}
			if (!sq && c == '"')
				dq = !dq;
			else if (!dq && c == '\'')
				sq = !sq;
			else if (!sq && !dq && c == '#' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t'))
				break;
			bool helm = c == '{' && s[i + 1] == '{';
			bool env = only_line && c == '$' && s[i + 1] == '{';
			if ((!helm && !env) || sq || dq)
				continue;
			const char *close = memmem(s + i, len - i, helm ? "}}" : "}", helm ? 2 : 1);
			size_t e = close ? (size_t)(close - s) + (helm ? 2 : 1) : i + 2;
			if (e - i > 60)
				e = i + 2;
			size_t off = src_line_start(f, ln - 1) + i;
			*at = loc_at(f, off, off + (e - i));
			*text = arena_strndup(y->a, s + i, e - i);
			return true;
		}
	}
	return false;
}

/*
 * A syntax error: KG101, or KG111 when the file holds template markers that
 * explain it (the parser's complaint becomes a note).
 */
static void
syntax_error(YP *y, const Loc *at, const char *msg, const Loc *ctx_loc, const char *ctx)
{
	y->failed = true;
	if (!y->template_scan)
		y->template_scan = find_template(y, 0, &y->template_loc, &y->template_text) ? 2 : 1;
	Loc tl = y->template_loc;
	const char *tt = y->template_text;
	bool tmpl = y->template_scan == 2;
	if (!tmpl && at->line > 0)
		tmpl = find_template(y, at->line, &tl, &tt);
	if (tmpl) {
		Diag *d = diag(KG111, &tl, "template placeholder '%s': this file is not YAML "
		    "until its templates are rendered", tt);
		diag_note(d, at, "the YAML parser stopped here: %s", msg);
		diag_note(d, NULL, "render it first (helm template, envsubst) and check the output");
		return;
	}
	Diag *d = diag(KG101, at, "%s", msg);
	if (ctx)
		diag_note(d, ctx_loc, "%s", ctx);
	/* tabs are the most common reason for a scanner error */
	size_t len;
	const char *line = src_line(y->f, at->line, &len);
	size_t k = 0;
	while (k < len && (line[k] == ' ' || line[k] == '\t'))
		k++;
	if (memchr(line, '\t', k))
		diag_note(d, NULL, "indent with spaces: YAML does not allow tabs in indentation");
}

static const char *
lower_first(Arena *a, const char *s)
{
	char *t = arena_strdup(a, s ? s : "invalid YAML");
	if (t[0] >= 'A' && t[0] <= 'Z')
		t[0] = (char)(t[0] - 'A' + 'a');
	return t;
}

static void
libyaml_error(YP *y)
{
	yaml_parser_t *p = &y->parser;
	if (p->error == YAML_MEMORY_ERROR)
		fatal_oom();
	if (p->error == YAML_READER_ERROR) {
		size_t off = p->problem_offset < y->f->len ? p->problem_offset : y->f->len;
		Loc l = loc_at(y->f, off, off + 1);
		if (p->problem_value >= 0 && p->problem && strstr(p->problem, "control characters"))
			diag(KG103, &l, "control character U+%04X is not allowed in YAML", p->problem_value);
		else
			diag(KG103, &l, "%s", lower_first(y->a, p->problem));
		y->failed = true;
		return;
	}
	Loc at = loc_marks(y, p->problem_mark, p->problem_mark);
	at.end_line = 0;
	Loc ctx = loc_marks(y, p->context_mark, p->context_mark);
	ctx.end_line = 0;
	syntax_error(y, &at, lower_first(y->a, p->problem),
	    p->context ? &ctx : NULL, p->context ? lower_first(y->a, p->context) : NULL);
}

/* ---- anchors: name -> Anchor, per document */

static void
anchor_put(YP *y, const char *name, Value *v, int64_t nodes, int height)
{
	Anchor *e = arena_alloc(y->a, sizeof *e);
	*e = (Anchor){ v, nodes, height };
	smap_put(y->a, &y->anchors, name, e);
}

static const Anchor *
anchor_get(YP *y, const char *name)
{
	return smap_get(&y->anchors, name);
}

/* ---- building */

/* Merge keys: explicit keys win, then the first merged mapping. */
static int
cmp_merge_entry(const void *pa, const void *pb, void *ctx)
{
	const Member *m = ctx;
	int a = *(const int *)pa, b = *(const int *)pb;
	int c = strcmp(m[a].key, m[b].key);
	return c ? c : (a > b) - (a < b);
}

static void
merge_finish(YP *y, Value *map)
{
	/* duplicates among the keys written here: KG108, the last one wins */
	Value expl = { .kind = V_MAP };
	for (int i = 0; i < map->n; i++)
		if (map->members[i].key != merge_key)
			v_map_put(y->a, &expl, map->members[i].key, &map->members[i].key_loc,
			    map->members[i].val);
	v_map_dedup(y->a, &expl, &y->dup_budget);
	/* every entry in order: explicit (cls 0) and merged (cls 1) */
	VEC(Member) all = { 0 };
	VEC(char) cls = { 0 };
	for (int i = 0; i < map->n; i++) {
		Member *m = &map->members[i];
		if (m->key != merge_key) {
			VEC_PUSH(y->a, all, *m);
			VEC_PUSH(y->a, cls, 0);
			continue;
		}
		Value *src = m->val;
		int nsrc = src->kind == V_MAP ? 1 : src->n;
		for (int s = 0; s < nsrc; s++) {
			Value *mv = src->kind == V_MAP ? src : src->items[s];
			for (int k = 0; k < mv->n; k++) {
				VEC_PUSH(y->a, all, mv->members[k]);
				VEC_PUSH(y->a, cls, 1);
			}
		}
	}
	int n = all.n;
	int *ix = arena_alloc(y->a, (size_t)(n ? n : 1) * sizeof *ix);
	bool *keep = arena_alloc(y->a, (size_t)(n ? n : 1) * sizeof *keep);
	for (int i = 0; i < n; i++)
		ix[i] = i;
	if (n > 1)
		qsort_r(ix, (size_t)n, sizeof *ix, cmp_merge_entry, all.v);
	for (int g = 0; g < n;) {
		int e = g;
		while (e < n && strcmp(all.v[ix[g]].key, all.v[ix[e]].key) == 0)
			e++;
		int win = -1;
		for (int k = g; k < e; k++)
			if (cls.v[ix[k]] == 0)
				win = ix[k];            /* the last explicit one */
		if (win < 0)
			win = ix[g];                /* the first merged one */
		keep[win] = true;
		g = e;
	}
	int w = 0;
	Member *out = arena_alloc(y->a, (size_t)(n ? n : 1) * sizeof *out);
	for (int i = 0; i < n; i++)
		if (keep[i])
			out[w++] = all.v[i];
	map->members = out;
	map->n = w;
}

/* Whether one more KG106 may be reported (see DUP_REPORTS). */
static bool
type_report(YP *y)
{
	return y->type_budget-- > 0;
}

/* Attach a finished node to the open collection (or make it the document). */
static void
add_node(YP *y, Value *v, int64_t nodes, int height)
{
	if (y->depth == 0) {
		y->root = v;
		y->root_nodes = nodes;
		return;
	}
	Frame *fr = &y->stack[y->depth - 1];
	fr->nodes += nodes;
	if (height + 1 > fr->height)
		fr->height = height + 1;
	if (fr->node->kind == V_LIST) {
		v_list_push(y->a, fr->node, v);
		return;
	}
	if (fr->key_merge) {
		bool ok = v->kind == V_MAP;
		if (v->kind == V_LIST) {
			ok = true;
			for (int i = 0; i < v->n; i++)
				ok = ok && v->items[i]->kind == V_MAP;
		}
		if (ok) {
			v_map_put(y->a, fr->node, merge_key, &fr->key_loc, v);
			fr->has_merge = true;
		} else if (type_report(y)) {
			Diag *d = diag(KG106, &v->loc, "merge key '<<' takes a mapping or a "
			    "sequence of mappings, not a %s", v->kind == V_LIST ? "sequence with other values" :
			    v_kind_name(v->kind));
			diag_note(d, &fr->key_loc, "the merge key is here");
		}
	} else {
		v_map_put(y->a, fr->node, fr->key, &fr->key_loc, v);
	}
	fr->have_key = false;
	fr->key_merge = false;
}

/* A mapping key: the text of a scalar (aliases to scalars too). */
static bool
take_key(YP *y, const char *text, const Loc *l, bool merge)
{
	Frame *fr = &y->stack[y->depth - 1];
	fr->have_key = true;
	fr->key = text;
	fr->key_loc = *l;
	fr->key_merge = merge;
	return true;
}

static bool
expecting_key(YP *y)
{
	return y->depth > 0 && y->stack[y->depth - 1].node->kind == V_MAP &&
	    !y->stack[y->depth - 1].have_key;
}

static bool
non_scalar_key(YP *y, const Loc *l, const char *what)
{
	char *msg = arena_printf(y->a, "a mapping key must be a scalar, not a %s", what);
	syntax_error(y, l, msg, NULL, NULL);
	return false;
}

/* The core tags of YAML 1.1 that go-yaml v2 honours on scalars. */
static const struct {
	const char *tag;
	int t;
	const char *short_name;
} core_tags[] = {
	{ YAML_STR_TAG, T_STR, "!!str" }, { YAML_NULL_TAG, T_NULL, "!!null" },
	{ YAML_BOOL_TAG, T_BOOL, "!!bool" }, { YAML_INT_TAG, T_INT, "!!int" },
	{ YAML_FLOAT_TAG, T_FLOAT, "!!float" }, { "tag:yaml.org,2002:merge", T_MERGE, "!!merge" },
};

static int
tag_kind(const char *tag, const char **short_name)
{
	*short_name = NULL;
	if (!tag)
		return T_NONE;
	for (size_t i = 0; i < sizeof core_tags / sizeof *core_tags; i++)
		if (strcmp(tag, core_tags[i].tag) == 0) {
			*short_name = core_tags[i].short_name;
			return core_tags[i].t;
		}
	return T_OTHER;
}

static Value *
scalar(YP *y, const yaml_event_t *ev, const Loc *l)
{
	const char *text = (const char *)ev->data.scalar.value;
	size_t n = ev->data.scalar.length;
	bool plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	const char *tname;
	int t = tag_kind((const char *)ev->data.scalar.tag, &tname);
	Value *v = v_new(y->a, V_STR, l);
	v->s = arena_strndup(y->a, text, n);
	v->len = n;
	v_nul_refused(v);
	if (!plain)
		v->flags |= VF_QUOTED;
	if (t == T_NONE) {
		if (plain)
			resolve_plain(v->s, n, v);
		return v;
	}
	if (t == T_STR || t == T_OTHER || t == T_MERGE)
		return v;
	Value r = { 0 };
	int rt = resolve_plain(v->s, n, &r);
	/* go-yaml v2: the tag must be what the text resolves to; !!float takes integers */
	if (rt != t && !(t == T_FLOAT && rt == T_INT)) {
		if (!type_report(y))
			return v;
		Diag *d = diag(KG106, l, "'%.*s' is not a valid %s", (int)(n > 60 ? 60 : n), v->s, tname);
		diag_note(d, NULL, "it is read as a string; remove the tag or fix the value");
		return v;
	}
	v->kind = r.kind;
	v->b = r.b;
	v->num = r.num;
	v->i = r.i;
	if (t == T_INT)
		v->flags |= r.flags & VF_INTEGER;
	return v;
}

/* Memory is about 130 bytes a value: LIMIT_VALUES bounds it for any file (any document, when each is dropped after use). */
static bool
count_value(YP *y, const Loc *l)
{
	if (++y->nvalues <= LIMIT_VALUES)
		return true;
	Loc at = *l;
	at.end_line = 0;
	diag(KG102, &at, "more than %d values in one %s", LIMIT_VALUES, y->per_doc ? "document" : "file");
	y->failed = true;
	return false;
}

static Value *
collection_start(YP *y, const yaml_event_t *ev, VKind k, const char *anchor)
{
	Loc l = loc_marks(y, ev->start_mark, ev->end_mark);
	if (expecting_key(y)) {
		non_scalar_key(y, &l, k == V_MAP ? "mapping" : "sequence");
		return NULL;
	}
	if (!count_value(y, &l))
		return NULL;
	if (y->depth >= LIMIT_DEPTH) {
		l.end_line = 0;
		diag(KG102, &l, "nesting deeper than %d levels", LIMIT_DEPTH);
		y->failed = true;
		return NULL;
	}
	if (y->depth == y->stack_cap) {
		int nc = y->stack_cap ? y->stack_cap * 2 : 16;
		y->stack = arena_realloc(y->a, y->stack, (size_t)y->stack_cap * sizeof *y->stack,
		    (size_t)nc * sizeof *y->stack);
		y->stack_cap = nc;
	}
	Frame *fr = &y->stack[y->depth++];
	*fr = (Frame){ .node = v_new(y->a, k, &l), .anchor = anchor, .nodes = 1 };
	return fr->node;
}

static void
collection_end(YP *y, const yaml_event_t *ev)
{
	Frame fr = y->stack[--y->depth];
	Value *v = fr.node;
	v->loc.end_line = (int)ev->end_mark.line + 1;
	v->loc.end_col = (int)ev->end_mark.column + 1;
	if (v->kind == V_MAP) {
		if (fr.has_merge)
			merge_finish(y, v);
		else
			v_map_dedup(y->a, v, &y->dup_budget);
	}
	int h = fr.height ? fr.height : 1;
	if (fr.anchor)
		anchor_put(y, fr.anchor, v, fr.nodes, h);
	add_node(y, v, fr.nodes, h);
}

static void
alias(YP *y, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	Loc l = loc_marks(y, ev->start_mark, ev->end_mark);
	for (int i = y->depth - 1; i >= 0; i--)
		if (y->stack[i].anchor && strcmp(y->stack[i].anchor, name) == 0) {
			char *msg = arena_printf(y->a, "alias '*%s' refers to a node that contains it", name);
			syntax_error(y, &l, msg, NULL, NULL);
			return;
		}
	const Anchor *an = anchor_get(y, name);
	if (!an) {
		char *msg = arena_printf(y->a, "alias '*%s' refers to no anchor '&%s' before it "
		    "in this document", name, name);
		syntax_error(y, &l, msg, NULL, NULL);
		return;
	}
	y->alias_nodes += an->nodes;
	if (y->alias_nodes > LIMIT_ALIAS_NODES) {
		Diag *d = diag(KG102, &l, "aliases expand to more than %d nodes", LIMIT_ALIAS_NODES);
		diag_note(d, &an->v->loc, "'&%s' is here; nested aliases multiply (a 'billion laughs' document)",
		    name);
		y->failed = true;
		return;
	}
	if (y->depth + an->height > LIMIT_DEPTH) {
		diag(KG102, &l, "alias '*%s' nests the document deeper than %d levels", name, LIMIT_DEPTH);
		y->failed = true;
		return;
	}
	if (expecting_key(y)) {
		Value *k = an->v;
		if (k->kind == V_LIST || k->kind == V_MAP) {
			non_scalar_key(y, &l, k->kind == V_MAP ? "mapping" : "sequence");
			return;
		}
		take_key(y, k->s ? k->s : "", &l, false);
		return;
	}
	add_node(y, an->v, an->nodes, an->height);
}

static void
on_scalar(YP *y, const yaml_event_t *ev)
{
	Loc l = loc_marks(y, ev->start_mark, ev->end_mark);
	const char *anchor = (const char *)ev->data.scalar.anchor;
	if (expecting_key(y)) {
		const char *text = arena_strndup(y->a, (const char *)ev->data.scalar.value,
		    ev->data.scalar.length);
		const char *tn;
		int t = tag_kind((const char *)ev->data.scalar.tag, &tn);
		bool merge = strcmp(text, merge_key) == 0 &&
		    ((ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && t == T_NONE) || t == T_MERGE);
		v_key_nul(text, ev->data.scalar.length, &l);
		take_key(y, text, &l, merge);
		if (anchor) {
			Value *v = v_str(y->a, text, ev->data.scalar.length, &l);
			anchor_put(y, arena_strdup(y->a, anchor), v, 1, 0);
		}
		return;
	}
	if (!count_value(y, &l))
		return;
	Value *v = scalar(y, ev, &l);
	if (anchor)
		anchor_put(y, arena_strdup(y->a, anchor), v, 1, 0);
	add_node(y, v, 1, 0);
}

/*
 * One YAML stream read document by document.  The parser, its per-file
 * budgets and limits live here; each document's tree goes to the arena the
 * caller gives for it, so a caller that drops each document after use
 * (validate) holds one document at a time, whatever the file holds.
 */
struct YamlStream {
	YP y;
	int ndocs;
	bool done, per_doc;
};

YamlStream *
yaml_stream_open(Arena *a, const SrcFile *f, bool per_doc)
{
	if (!src_check_text(f))
		return NULL;
	YamlStream *s = arena_alloc(a, sizeof *s);
	s->per_doc = per_doc;
	s->y = (YP){ .a = a, .f = f, .dup_budget = DUP_REPORTS, .type_budget = DUP_REPORTS, .per_doc = per_doc };
	if (!yaml_parser_initialize(&s->y.parser))
		fatal_oom();
	yaml_parser_set_input_string(&s->y.parser, (const unsigned char *)f->text, f->len);
	/*
	 * UTF-8 only (UTF-16 is KG103 in src_check_text()); a UTF-8 byte-order
	 * mark, which kubectl and yamllint accept, is left to libyaml's encoding
	 * detection, which skips it (a forced encoding would read it as text).
	 */
	if (!(f->len >= 3 && memcmp(f->text, "\xef\xbb\xbf", 3) == 0))
		yaml_parser_set_encoding(&s->y.parser, YAML_UTF8_ENCODING);
	return s;
}

int
yaml_stream_next(YamlStream *s, Arena *doc_arena, Value **doc)
{
	YP *y = &s->y;
	*doc = NULL;
	if (doc_arena != y->a || s->per_doc) {
		/* the stack and the anchor table were in the last document's arena (which may be reset) */
		y->a = doc_arena;
		y->stack = NULL;
		y->stack_cap = 0;
		y->anchors = (SMap){ 0 };
	}
	while (!s->done && !y->failed) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&y->parser, &ev)) {
			libyaml_error(y);
			break;
		}
		bool got = false;
		switch (ev.type) {
		case YAML_DOCUMENT_START_EVENT:
			if (s->ndocs >= LIMIT_DOCUMENTS) {
				Loc l = loc_marks(y, ev.start_mark, ev.start_mark);
				l.end_line = 0;
				diag(KG102, &l, "more than %d documents in one file", LIMIT_DOCUMENTS);
				y->failed = true;
				break;
			}
			y->root = NULL;
			if (s->per_doc)
				y->nvalues = 0;
			/* a big table left by one document is dropped, not cleared for each next one */
			if (y->anchors.cap > 4 * y->anchors.n + 64)
				y->anchors = (SMap){ 0 };
			else
				smap_clear(&y->anchors);
			break;
		case YAML_DOCUMENT_END_EVENT:
			s->ndocs++;
			*doc = y->root;
			got = true;
			break;
		case YAML_SCALAR_EVENT:
			on_scalar(y, &ev);
			break;
		case YAML_ALIAS_EVENT:
			alias(y, &ev);
			break;
		case YAML_SEQUENCE_START_EVENT:
			collection_start(y, &ev, V_LIST, ev.data.sequence_start.anchor ?
			    arena_strdup(y->a, (const char *)ev.data.sequence_start.anchor) : NULL);
			break;
		case YAML_MAPPING_START_EVENT:
			collection_start(y, &ev, V_MAP, ev.data.mapping_start.anchor ?
			    arena_strdup(y->a, (const char *)ev.data.mapping_start.anchor) : NULL);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			collection_end(y, &ev);
			break;
		case YAML_STREAM_END_EVENT:
			s->done = true;
			break;
		case YAML_STREAM_START_EVENT:
		case YAML_NO_EVENT:
			break;
		}
		yaml_event_delete(&ev);
		if (got)
			return 1;
	}
	return y->failed ? -1 : 0;
}

int
yaml_stream_close(YamlStream *s)
{
	YP *y = &s->y;
	yaml_parser_delete(&y->parser);
	v_dedup_summary(y->f, y->dup_budget);
	if (y->type_budget < 0) {
		Loc l = { .file = y->f };
		diag(KG106, &l, "%d more values that do not fit their tags in '%s' are not shown",
		    -y->type_budget, y->f->name);
	}
	return y->failed ? -1 : s->ndocs;
}

int
yaml_load(Arena *a, const SrcFile *f, Value ***docs)
{
	*docs = arena_alloc(a, sizeof **docs);
	YamlStream *s = yaml_stream_open(a, f, false);
	if (!s)
		return -1;
	VEC(Value *) out = { 0 };
	Value *doc;
	while (yaml_stream_next(s, a, &doc) > 0)
		VEC_PUSH(a, out, doc);
	int n = yaml_stream_close(s);
	VEC_PUSH(a, out, NULL);
	*docs = out.v;
	return n;
}
