/*
 * emit_json.c - the jansson adapter: values as JSON (the shape of
 * `karpgen parse --json`), and the json and sarif diagnostic formats.
 */
#include "karpgen.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * Numbers no double holds: 1e400 from HCL or JSON (strtod gives +-inf), and
 * YAML's .inf and .nan.  jansson refuses them (json_real() returns NULL) and
 * would drop the member; karpgen writes the number's spelling instead
 * (docs/json-yaml.md).  The pretty writer puts a spelling that is JSON number
 * syntax as a number, the value hcl2json prints (it writes cty's decimal,
 * a 1 and 400 zeros); jansson can only write it as a string.
 */
static bool
json_finite(const Value *v)
{
	return v->kind != V_NUM || (v->flags & VF_INTEGER) || (v->num == v->num && v->num - v->num == 0);
}

/*
 * The spelling of a non-finite number, malloc'd: HCL's "- 1e400" without
 * its blank and "007e400" without its leading zeros, so that a spelling
 * that is a number is one in JSON's syntax too.
 */
static char *
nonfinite_text(const Value *v, size_t *n)
{
	char tmp[32];
	const char *s = v->s;
	size_t len = v->len;
	if (!s || !len) {
		len = (size_t)snprintf(tmp, sizeof tmp, "%g", v->num);
		s = tmp;
	}
	char *t = malloc(len + 1);
	if (!t)
		fatal_oom();
	size_t i = 0, j = 0;
	if (s[0] == '-') {
		t[j++] = s[i++];
		while (i < len && (s[i] == ' ' || s[i] == '\t'))
			i++;
	}
	while (i + 1 < len && s[i] == '0' && s[i + 1] >= '0' && s[i + 1] <= '9')
		i++;
	memcpy(t + j, s + i, len - i);
	j += len - i;
	t[j] = '\0';
	*n = j;
	return t;
}

/* JSON's number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static bool
json_number_syntax(const char *s, size_t n)
{
	size_t i = 0, d;
	if (i < n && s[i] == '-')
		i++;
	if (i < n && s[i] == '0')
		i++;
	else if (i < n && s[i] >= '1' && s[i] <= '9')
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	else
		return false;
	if (i < n && s[i] == '.') {
		for (d = ++i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == d)
			return false;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		for (d = i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == d)
			return false;
	}
	return i == n;
}

static json_t *
to_json(const Value *v, int depth)
{
	if (!v || depth > LIMIT_DEPTH + 8)
		return json_null();
	switch (v->kind) {
	case V_NULL:
		return json_null();
	case V_BOOL:
		return json_boolean(v->b);
	case V_NUM:
		if (v->flags & VF_INTEGER)
			return json_integer((json_int_t)v->i);
		if (!json_finite(v)) {
			size_t n;
			char *t = nonfinite_text(v, &n);
			json_t *j = json_stringn_nocheck(t, n);
			free(t);
			return j;
		}
		return json_real(v->num);
	case V_STR:
		return json_stringn_nocheck(v->s, v->len);
	case V_UNKNOWN:
		if (v->flags & VF_TEMPLATE)
			return json_stringn_nocheck(v->s, v->len);
		{
			/* hcl2json's spelling of an expression: "${<exact source text>}" */
			char *s = malloc(v->len + 4);
			if (!s)
				fatal_oom();
			memcpy(s, "${", 2);
			memcpy(s + 2, v->s, v->len);
			memcpy(s + 2 + v->len, "}", 2);
			json_t *j = json_stringn_nocheck(s, v->len + 3);
			free(s);
			return j;
		}
	case V_LIST: {
		json_t *a = json_array();
		for (int i = 0; i < v->n; i++)
			json_array_append_new(a, to_json(v->items[i], depth + 1));
		return a;
	}
	case V_MAP: {
		json_t *o = json_object();
		for (int i = 0; i < v->n; i++)
			json_object_set_new_nocheck(o, v->members[i].key,
			    to_json(v->members[i].val, depth + 1));
		return o;
	}
	}
	return json_null();
}

/*
 * The pretty form, written directly: building a jansson tree and dumping it
 * cost more than parsing the input did (`parse --json` on a 1 MB tfvars).
 * Measured again with jansson at its fastest (a bump allocator, keys inserted
 * sorted, nocheck strings, a dump callback): 25 ms and 23 MiB against 15 ms
 * and 15 MiB; jansson's dump alone takes 2.5 times this writer's whole job
 * (docs/performance.md, "This round").
 * The bytes are exactly what json_dumps() prints with JSON_INDENT(2),
 * JSON_SORT_KEYS, JSON_ENSURE_ASCII and JSON_REAL_PRECISION(17), which the
 * unit tests check against jansson itself.
 */
/* Append bytes; the common case (room left) stays out of buf_add(). */
static inline void
out(Buf *b, const char *s, size_t n)
{
	if (b->cap - b->len <= n) {
		buf_add(b, s, n);
		return;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
}

static void
put_indent(Buf *b, int depth)
{
	static const char nl_spaces[] = "\n                                                                ";
	size_t n = (size_t)depth * 2 + 1;
	if (n < sizeof nl_spaces) {
		out(b, nl_spaces, n);
		return;
	}
	out(b, nl_spaces, 1);
	for (n--; n > 0; n -= n < 64 ? n : 64)
		out(b, nl_spaces + 1, n < 64 ? n : 64);
}

/* Bytes a JSON string cannot hold as they are (with JSON_ENSURE_ASCII). */
static const unsigned char json_escape[256] = {
	[0x00] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0x10] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	['"'] = 1, ['\\'] = 1,
	[0x80] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0x90] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0xA0] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0xB0] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0xC0] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0xD0] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0xE0] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0xF0] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

/* A JSON string; `expr` wraps it as "${...}" (the wrapper needs no escape). */
static void
put_string(Buf *b, const char *s, size_t len, bool expr)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s, *end = p + len, *run = p;
	out(b, expr ? "\"${" : "\"", expr ? 3 : 1);
	while (p < end) {
		while (p < end && !json_escape[*p])
			p++;
		if (p == end)
			break;
		unsigned c = *p;
		out(b, (const char *)run, (size_t)(p - run));
		char esc[13] = { '\\', 0 };
		size_t n = 2;
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default: {
			/* a code point as \uXXXX, or a surrogate pair; bad UTF-8 as U+FFFD */
			uint32_t cp;
			size_t k = utf8_decode((const char *)p, (size_t)(end - p), &cp);
			if (!k)
				k = 1;      /* U+FFFD for the byte */
			p += k - 1;
			uint32_t units[2] = { cp, 0 };
			int nu = 1;
			if (cp >= 0x10000) {
				units[0] = 0xD800 | ((cp - 0x10000) >> 10);
				units[1] = 0xDC00 | ((cp - 0x10000) & 0x3FF);
				nu = 2;
			}
			n = 0;
			for (int u = 0; u < nu; u++) {
				esc[n++] = '\\';
				esc[n++] = 'u';
				for (int sh = 12; sh >= 0; sh -= 4)
					esc[n++] = hex[units[u] >> sh & 0xF];
			}
		}
		}
		out(b, esc, n);
		run = ++p;
	}
	out(b, (const char *)run, (size_t)(p - run));
	out(b, expr ? "}\"" : "\"", expr ? 2 : 1);
}

/* jansson's real: "%.17g", with ".0" when it would read as an integer and a bare exponent. */
static void
put_real(Buf *b, double d)
{
	char s[64];
	int n = snprintf(s, sizeof s, "%.17g", d);
	if (!strchr(s, '.') && !strchr(s, 'e')) {
		memcpy(s + n, ".0", 3);
		n += 2;
	}
	char *e = strchr(s, 'e');
	if (e) {
		char *from = e + 1, *to = e + 1;
		if (*from == '-')
			to = ++from;
		else if (*from == '+')
			from++;
		while (*from == '0' && from[1])
			from++;
		memmove(to, from, strlen(from) + 1);
		n = (int)strlen(s);
	}
	out(b, s, (size_t)n);
}

static void
put_integer(Buf *b, int64_t i)
{
	char s[24], *p = s + sizeof s;
	uint64_t u = i < 0 ? 0 - (uint64_t)i : (uint64_t)i;
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (i < 0)
		*--p = '-';
	out(b, p, (size_t)(s + sizeof s - p));
}

static int
cmp_member(const void *pa, const void *pb)
{
	const Member *a = *(const Member *const *)pa, *b = *(const Member *const *)pb;
	int c = strcmp(a->key, b->key);
	return c ? c : a < b ? -1 : a > b;
}

static void put_value(Buf *b, const Value *v, int depth);

static void
put_map(Buf *b, const Value *v, int depth)
{
	/* sorted by key; of members with one key the last wins, as json_object_set() does */
	const Member **m = malloc(((size_t)v->n + 1) * sizeof *m);
	if (!m)
		fatal_oom();
	int n = 0;
	for (int i = 0; i < v->n; i++)
		m[n++] = &v->members[i];
	if (n <= 16) {
		/* most maps are small: an insertion sort beats qsort's calls */
		for (int i = 1; i < n; i++) {
			const Member *x = m[i];
			int j = i;
			for (; j > 0 && strcmp(m[j - 1]->key, x->key) > 0; j--)
				m[j] = m[j - 1];
			m[j] = x;
		}
	} else {
		qsort(m, (size_t)n, sizeof *m, cmp_member);
	}
	int k = 0;
	for (int i = 0; i < n; i++) {
		if (i + 1 < n && strcmp(m[i]->key, m[i + 1]->key) == 0)
			continue;
		m[k++] = m[i];
	}
	out(b, "{", 1);
	for (int i = 0; i < k; i++) {
		put_indent(b, depth + 1);
		put_string(b, m[i]->key, strlen(m[i]->key), false);
		out(b, ": ", 2);
		put_value(b, m[i]->val, depth + 1);
		if (i + 1 < k)
			out(b, ",", 1);
	}
	if (k)
		put_indent(b, depth);
	out(b, "}", 1);
	free(m);
}

static void
put_value(Buf *b, const Value *v, int depth)
{
	if (!v || depth > LIMIT_DEPTH + 8) {
		out(b, "null", 4);
		return;
	}
	switch (v->kind) {
	case V_NULL:
		out(b, "null", 4);
		return;
	case V_BOOL:
		out(b, v->b ? "true" : "false", v->b ? 4 : 5);
		return;
	case V_NUM:
		if (v->flags & VF_INTEGER) {
			put_integer(b, v->i);
		} else if (!json_finite(v)) {
			size_t n;
			char *t = nonfinite_text(v, &n);
			if (json_number_syntax(t, n))
				out(b, t, n);
			else
				put_string(b, t, n, false);
			free(t);
		} else {
			put_real(b, v->num);
		}
		return;
	case V_STR:
		put_string(b, v->s, v->len, false);
		return;
	case V_UNKNOWN:
		/* hcl2json's spelling of an expression: "${<exact source text>}" */
		put_string(b, v->s, v->len, !(v->flags & VF_TEMPLATE));
		return;
	case V_LIST: {
		out(b, "[", 1);
		bool any = false;
		for (int i = 0; i < v->n; i++) {
			if (any)
				out(b, ",", 1);
			put_indent(b, depth + 1);
			put_value(b, v->items[i], depth + 1);
			any = true;
		}
		if (any)
			put_indent(b, depth);
		out(b, "]", 1);
		return;
	}
	case V_MAP:
		put_map(b, v, depth);
		return;
	}
}

char *
value_to_json(const Value *v, bool pretty)
{
	if (pretty) {
		Buf b = { 0 };
		put_value(&b, v, 0);
		buf_add(&b, "", 0);     /* the NUL that out() does not write */
		return b.s;
	}
	json_t *j = to_json(v, 0);
	size_t flags = JSON_ENSURE_ASCII | JSON_REAL_PRECISION(17) |
	    (pretty ? JSON_INDENT(2) | JSON_SORT_KEYS : JSON_COMPACT);
	char *s = json_dumps(j, flags | JSON_ENCODE_ANY);
	json_decref(j);
	if (!s)
		fatal_oom();
	return s;
}

char *
value_to_json_ordered(const Value *v)
{
	json_t *j = to_json(v, 0);
	char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17) | JSON_ENCODE_ANY);
	json_decref(j);
	if (!s)
		fatal_oom();
	size_t n = strlen(s);
	char *t = realloc(s, n + 2);
	if (!t)
		fatal_oom();
	t[n] = '\n';
	t[n + 1] = '\0';
	return t;
}

static const char *const level[] = { "note", "warning", "error" };

static json_t *
note_json(const DiagNote *n)
{
	json_t *o = json_object();
	json_object_set_new(o, "file", n->loc.file ? json_string(n->loc.file->name) : json_null());
	json_object_set_new(o, "line", json_integer(n->loc.line));
	json_object_set_new(o, "column", json_integer(n->loc.col));
	json_object_set_new(o, "message", json_string(n->msg));
	return o;
}

static void
dump(FILE *out, json_t *j)
{
	json_dumpf(j, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
	json_decref(j);
}

void
diag_print_json(FILE *out, Diag *const *d, int n)
{
	json_t *list = json_array();
	for (int i = 0; i < n; i++) {
		const Diag *g = d[i];
		json_t *o = json_object();
		const Loc *l = &g->loc;
		json_object_set_new(o, "file", l->file ? json_string(l->file->name) : json_null());
		json_object_set_new(o, "line", json_integer(l->line));
		json_object_set_new(o, "column", json_integer(l->col));
		json_object_set_new(o, "end_line", json_integer(l->end_line ? l->end_line : l->line));
		json_object_set_new(o, "end_column",
		    json_integer(l->end_line ? l->end_col : (l->line ? l->col + 1 : 0)));
		json_object_set_new(o, "severity", json_string(level[g->sev]));
		json_object_set_new(o, "rule", json_string(rule_table[g->rule].id));
		json_object_set_new(o, "name", json_string(rule_table[g->rule].name));
		json_object_set_new(o, "message", json_string(g->msg));
		json_t *notes = json_array();
		for (int k = 0; k < g->notes.n; k++)
			json_array_append_new(notes, note_json(&g->notes.v[k]));
		json_object_set_new(o, "notes", notes);
		json_array_append_new(list, o);
	}
	json_t *top = json_object();
	json_object_set_new(top, "diagnostics", list);
	json_object_set_new(top, "errors", json_integer(diag_count(SEV_ERROR)));
	json_object_set_new(top, "warnings", json_integer(diag_count(SEV_WARNING)));
	dump(out, top);
}

/*
 * SARIF artifact locations: a path under the working directory as a
 * relative URI reference with uriBaseId %SRCROOT% (run.originalUriBaseIds
 * says where that is), which is what code scanning resolves against the
 * repository; any other path as an absolute file: URI.  RFC 3986 escapes.
 */
static const char *sarif_cwd;   /* the working directory, '/'-terminated, or NULL */

static void
uri_escape(Buf *b, const char *path)
{
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~/", *p))
			buf_add(b, (const char *)p, 1);
		else
			buf_printf(b, "%%%02X", *p);
	}
}

static json_t *
artifact_location(const char *path)
{
	Buf b = { 0 };
	bool rel = true;
	if (path[0] == '/') {
		size_t n = sarif_cwd ? strlen(sarif_cwd) : 0;
		if (n && strncmp(path, sarif_cwd, n) == 0)
			path += n;
		else
			rel = false;
	}
	while (rel && path[0] == '.' && path[1] == '/')
		path += 2;
	if (!rel)
		buf_puts(&b, "file://");
	uri_escape(&b, path);
	json_t *art = json_object();
	json_object_set_new(art, "uri", json_string(b.s ? b.s : ""));
	if (rel)
		json_object_set_new(art, "uriBaseId", json_string("%SRCROOT%"));
	buf_free(&b);
	return art;
}

static json_t *
sarif_location(const Loc *l, const char *message)
{
	json_t *loc = json_object();
	if (l->file) {
		json_t *phys = json_object();
		json_object_set_new(phys, "artifactLocation", artifact_location(l->file->name));
		if (l->line > 0) {
			json_t *r = json_object();
			json_object_set_new(r, "startLine", json_integer(l->line));
			json_object_set_new(r, "startColumn", json_integer(l->col));
			if (l->end_line > 0) {
				json_object_set_new(r, "endLine", json_integer(l->end_line));
				json_object_set_new(r, "endColumn", json_integer(l->end_col));
			}
			json_object_set_new(phys, "region", r);
		}
		json_object_set_new(loc, "physicalLocation", phys);
	}
	if (message) {
		json_t *m = json_object();
		json_object_set_new(m, "text", json_string(message));
		json_object_set_new(loc, "message", m);
	}
	return loc;
}

/* The first paragraph of the rule page's "What it catches" (docs/rules/<ID>.md), or NULL. */
static json_t *
rule_full_description(const char *doc)
{
	static const char head[] = "## What it catches\n";
	const char *p = doc ? strstr(doc, head) : NULL;
	if (!p)
		return NULL;
	p += sizeof head - 1;
	while (*p == '\n')
		p++;
	const char *e = strstr(p, "\n\n");
	size_t n = e ? (size_t)(e - p) : strlen(p);
	while (n && p[n - 1] == '\n')
		n--;
	if (!n)
		return NULL;
	/* one line: the paragraph's line breaks are the Markdown source's */
	char *t = strndup(p, n);
	if (!t)
		fatal_oom();
	for (char *c = t; *c; c++)
		if (*c == '\n')
			*c = ' ';
	json_t *fd = json_object();
	json_object_set_new(fd, "text", json_string(t));
	free(t);
	return fd;
}

/*
 * partialFingerprints: what stays the same when lines move above a finding:
 * the rule, the file and the message (which names the field and value, not
 * the line), plus the ordinal among identical ones in the run.
 */
static json_t *
fingerprints(Diag *const *d, int n, int i)
{
	const Diag *g = d[i];
	const char *file = g->loc.file ? g->loc.file->name : "";
	int ord = 0;
	for (int k = 0; k < i; k++)
		if (d[k]->rule == g->rule && strcmp(d[k]->msg, g->msg) == 0 &&
		    strcmp(d[k]->loc.file ? d[k]->loc.file->name : "", file) == 0)
			ord++;
	(void)n;
	Buf b = { 0 };
	buf_printf(&b, "%s\n%s\n%s\n%d", rule_table[g->rule].id, file, g->msg, ord);
	char hex[65];
	sha256_hex(b.s, b.len, hex);
	buf_free(&b);
	json_t *fp = json_object();
	json_object_set_new(fp, "karpgenFinding/v1", json_string(hex));
	return fp;
}

void
diag_print_sarif(FILE *out, Diag *const *d, int n, const DiagOutput *o)
{
	char *cwd = getcwd(NULL, 0), *cwd_slash = NULL;
	if (cwd && asprintf(&cwd_slash, "%s%s", cwd, strcmp(cwd, "/") == 0 ? "" : "/") < 0)
		fatal_oom();
	free(cwd);
	sarif_cwd = cwd_slash;
	json_t *rules = json_array();
	for (int i = 0; i < RULE_COUNT; i++) {
		const RuleInfo *r = &rule_table[i];
		json_t *rj = json_object();
		json_object_set_new(rj, "id", json_string(r->id));
		json_object_set_new(rj, "name", json_string(r->name));
		json_t *sd = json_object();
		json_object_set_new(sd, "text", json_string(r->summary));
		json_object_set_new(rj, "shortDescription", sd);
		json_t *cfg = json_object();
		json_object_set_new(cfg, "level", json_string(level[r->severity]));
		json_object_set_new(rj, "defaultConfiguration", cfg);
		char *uri = NULL;
		if (asprintf(&uri, "https://github.com/example-org/karpgen/blob/v%s/docs/rules/%s.md",
		    KARPGEN_VERSION, r->id) < 0)
			fatal_oom();
		json_object_set_new(rj, "helpUri", json_string(uri));
		free(uri);
		json_t *help = json_object();
		char *text = NULL;
		if (asprintf(&text, "karpgen explain %s", r->id) < 0)
			fatal_oom();
		json_object_set_new(help, "text", json_string(text));
		free(text);
		/* the rule's page (docs/rules/<ID>.md), which code scanning shows as the rule's help */
		for (const RuleDoc *doc = rule_docs; doc->id; doc++)
			if (strcmp(doc->id, r->id) == 0) {
				json_object_set_new(help, "markdown", json_string(doc->text));
				json_t *fd = rule_full_description(doc->text);
				if (fd)
					json_object_set_new(rj, "fullDescription", fd);
			}
		json_object_set_new(rj, "help", help);
		json_array_append_new(rules, rj);
	}
	json_t *driver = json_object();
	json_object_set_new(driver, "name", json_string("karpgen"));
	json_object_set_new(driver, "version", json_string(KARPGEN_VERSION));
	json_object_set_new(driver, "semanticVersion", json_string(KARPGEN_VERSION));
	json_object_set_new(driver, "rules", rules);
	json_t *tool = json_object();
	json_object_set_new(tool, "driver", driver);

	json_t *results = json_array();
	for (int i = 0; i < n; i++) {
		const Diag *g = d[i];
		json_t *r = json_object();
		json_object_set_new(r, "ruleId", json_string(rule_table[g->rule].id));
		json_object_set_new(r, "ruleIndex", json_integer(g->rule));
		json_object_set_new(r, "level", json_string(level[g->sev]));
		json_t *m = json_object();
		json_object_set_new(m, "text", json_string(g->msg));
		json_object_set_new(r, "message", m);
		json_t *locs = json_array();
		if (g->loc.file) {
			json_array_append_new(locs, sarif_location(&g->loc, NULL));
		} else if (o->anchor) {
			/* code scanning drops a result without a location: attach it to the input */
			SrcFile anchor = { .name = o->anchor };
			json_array_append_new(locs, sarif_location(&(Loc){ .file = &anchor }, NULL));
		}
		json_object_set_new(r, "locations", locs);
		json_object_set_new(r, "partialFingerprints", fingerprints(d, n, i));
		if (g->notes.n) {
			json_t *rel = json_array();
			for (int k = 0; k < g->notes.n; k++) {
				/* a note without a place of its own is about the result's place */
				const Loc *nl = g->notes.v[k].loc.file ? &g->notes.v[k].loc : &g->loc;
				json_t *lj = sarif_location(nl, g->notes.v[k].msg);
				json_object_set_new(lj, "id", json_integer(k));
				json_array_append_new(rel, lj);
			}
			json_object_set_new(r, "relatedLocations", rel);
		}
		json_array_append_new(results, r);
	}
	json_t *inv = json_object();
	json_object_set_new(inv, "executionSuccessful", json_boolean(!diag_fatal()));
	if (o->tool_command) {
		json_t *args = json_array();
		json_array_append_new(args, json_string(o->tool_command));
		json_object_set_new(inv, "arguments", args);
	}
	json_t *invs = json_array();
	json_array_append_new(invs, inv);

	json_t *run = json_object();
	json_object_set_new(run, "tool", tool);
	if (sarif_cwd) {
		json_t *root = json_object(), *base = json_object();
		Buf b = { 0 };
		buf_puts(&b, "file://");
		uri_escape(&b, sarif_cwd);
		json_object_set_new(root, "uri", json_string(b.s));
		buf_free(&b);
		json_object_set_new(base, "%SRCROOT%", root);
		json_object_set_new(run, "originalUriBaseIds", base);
	}
	json_object_set_new(run, "invocations", invs);
	json_object_set_new(run, "results", results);
	json_t *runs = json_array();
	json_array_append_new(runs, run);
	json_t *top = json_object();
	json_object_set_new(top, "$schema", json_string("https://json.schemastore.org/sarif-2.1.0.json"));
	json_object_set_new(top, "version", json_string("2.1.0"));
	json_object_set_new(top, "runs", runs);
	dump(out, top);
	sarif_cwd = NULL;
	free(cwd_slash);
}
