/*
 * emit_files.c - karpenter/: the EC2NodeClass and NodePool manifests of a
 * lowered IR as YAML, and their kustomization.yaml.  Bytes only: the
 * manifests were checked against the target's CRDs before (check_lowered()),
 * and out.c writes the kit.
 */
#include "karpgen.h"

#include <stdlib.h>
#include <string.h>

/* --------------------------------------------------------- the manifests */

static bool
manifest_name_ok(const char *name)
{
	return strlen(name) <= 63 && pat_match(PAT_DNS1123_LABEL, name, strlen(name));
}

/*
 * The kit's manifests as YAML, written directly: the shape value_to_yaml()
 * gives (block style, 2-space indent, sequences in mappings not indented)
 * without libyaml's per-event cost, which was a third of compiling 2,000
 * groups.  A scalar is plain only when it is made of characters that are
 * plain anywhere in YAML and reads back as the same string (yaml_plain_kind,
 * no YAML 1.1 date or sexagesimal, no ${VAR}); otherwise it is double-quoted
 * with JSON's escapes, which YAML reads the same.  Every manifest is checked
 * to read back equal in the tests.
 */
static bool
plain_ok(const char *s, size_t n)
{
	if (n == 0 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') ||
	    (s[0] >= '0' && s[0] <= '9') || s[0] == '/'))
		return false;
	bool numeric = true;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    strchr("._/@=+-%~", c)))
			return false;
		numeric &= (c >= '0' && c <= '9') || c == '_' || c == '.';
	}
	/* YAML 1.1 dates (2001-12-14) read as timestamps in other readers */
	if (n >= 8 && s[4] == '-' && strspn(s, "0123456789") == 4)
		return false;
	return !numeric && yaml_plain_kind(s, n) == V_STR;
}

static void
fast_scalar(Buf *b, const char *s, size_t n)
{
	if (plain_ok(s, n)) {
		buf_add(b, s, n);
		return;
	}
	buf_add(b, "\"", 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': buf_add(b, "\\\"", 2); break;
		case '\\': buf_add(b, "\\\\", 2); break;
		case '\n': buf_add(b, "\\n", 2); break;
		case '\t': buf_add(b, "\\t", 2); break;
		case '\r': buf_add(b, "\\r", 2); break;
		default:
			if (c < 0x20 || c == 0x7f) {
				buf_printf(b, "\\x%02x", c);
			} else if (c >= 0xC2 && i + 1 < n) {
				/*
				 * YAML reads U+2028 and U+2029 (and NEL) as line breaks, which end an
				 * implicit key, and rejects the C1 controls and U+FFFE/U+FFFF: escaped
				 */
				uint32_t cp;
				size_t k = utf8_decode((const char *)s + i, n - i, &cp);
				if (k && ((cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
				    cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF)) {
					buf_printf(b, "\\u%04x", (unsigned)cp);
					i += k - 1;
				} else {
					buf_add(b, (const char *)&c, 1);
				}
			} else {
				buf_add(b, (const char *)&c, 1);
			}
		}
	}
	buf_add(b, "\"", 1);
}

/* A scalar or an empty collection, and the end of its line. */
static void
fast_leaf(Buf *b, const Value *v)
{
	if (!v || v->kind == V_NULL)
		buf_puts(b, "null");
	else if (v->kind == V_MAP)
		buf_puts(b, "{}");
	else if (v->kind == V_LIST)
		buf_puts(b, "[]");
	else if (v->kind == V_BOOL)
		buf_puts(b, v->b ? "true" : "false");
	else if (v->kind == V_NUM && v->s && yaml_plain_kind(v->s, v->len) == V_NUM)
		buf_add(b, v->s, v->len);
	else if (v->kind == V_NUM)
		buf_printf(b, "%lld", (long long)v->i);
	else
		fast_scalar(b, v->s ? v->s : "", v->s ? v->len : 0);
	buf_add(b, "\n", 1);
}

static void
fast_indent(Buf *b, int n)
{
	static const char spaces[] = "                                                                ";
	for (; n > 0; n -= 64)
		buf_add(b, spaces, (size_t)(n < 64 ? n : 64));
}

/*
 * A multi-line string (user data) as a literal block, which reads back as
 * the same string when: it ends with exactly one line break, its first line
 * does not start with a space (no indentation indicator needed), every
 * character is printable ASCII, a tab or a line break, and no line ends in
 * a blank; else false.  A ${VAR} the runbook fills keeps it a string.
 */
static bool
fast_literal(Buf *b, const Value *v, int indent)
{
	if (!v || v->kind != V_STR || !v->s || v->len < 2 || v->s[v->len - 1] != '\n' || v->s[v->len - 2] == '\n' ||
	    v->s[0] == ' ' || v->s[0] == '\n')
		return false;
	for (size_t i = 0; i < v->len; i++) {
		unsigned char c = (unsigned char)v->s[i];
		if (!(c == '\n' || c == '\t' || (c >= 0x20 && c < 0x7f)))
			return false;
		/* a trailing space or tab before a break is kept by a literal block, but not by every reader */
		if (c == '\n' && i && (v->s[i - 1] == ' ' || v->s[i - 1] == '\t'))
			return false;
	}
	buf_add(b, "|\n", 2);
	for (const char *p = v->s; *p;) {
		const char *e = strchr(p, '\n');
		if (e > p) {
			fast_indent(b, indent);
			buf_add(b, p, (size_t)(e - p));
		}
		buf_add(b, "\n", 1);
		p = e + 1;
	}
	return true;
}

static void fast_list(Buf *b, const Value *l, int indent, bool inline_first);

static void
fast_map(Buf *b, const Value *m, int indent, bool inline_first)
{
	for (int i = 0; i < m->n; i++) {
		if (i || !inline_first)
			fast_indent(b, indent);
		fast_scalar(b, m->members[i].key, strlen(m->members[i].key));
		const Value *v = m->members[i].val;
		if (v && v->kind == V_MAP && v->n) {
			buf_add(b, ":\n", 2);
			fast_map(b, v, indent + 2, false);
		} else if (v && v->kind == V_LIST && v->n) {
			buf_add(b, ":\n", 2);
			fast_list(b, v, indent, false);
		} else {
			buf_add(b, ": ", 2);
			if (!fast_literal(b, v, indent + 2))
				fast_leaf(b, v);
		}
	}
}

static void
fast_list(Buf *b, const Value *l, int indent, bool inline_first)
{
	for (int i = 0; i < l->n; i++) {
		if (i || !inline_first)
			fast_indent(b, indent);
		buf_add(b, "- ", 2);
		const Value *v = l->items[i];
		if (v && v->kind == V_MAP && v->n)
			fast_map(b, v, indent + 2, true);
		else if (v && v->kind == V_LIST && v->n)
			fast_list(b, v, indent + 2, true);
		else
			fast_leaf(b, v);
	}
}

char *
manifest_yaml(const Value *doc)
{
	Buf b = { 0 };
	if (doc->kind == V_MAP && doc->n)
		fast_map(&b, doc, 0, false);
	else if (doc->kind == V_LIST && doc->n)
		fast_list(&b, doc, 0, false);
	else
		fast_leaf(&b, doc);
	buf_add(&b, "", 0);
	return b.s;
}

static void
add_yaml(Output *o, const char *path, const Value *doc)
{
	char *y = manifest_yaml(doc);
	out_add(o, path, y, strlen(y), false);
	free(y);
}

/*
 * karpenter/: each manifest written (in memory), pools built one at a time in
 * a scratch arena, so 2,000 of them are never all in memory.
 */
void
emit_manifests(const Lowered *lw, Output *o)
{
	Arena *run = lw->ir->arena, *scratch = arena_new();
	Buf k = { 0 };
	buf_puts(&k, "# The Karpenter objects of the migration: 'kubectl apply -k' after the runbook has\n"
	    "# filled the ${...} placeholders, if any (runbook.sh does both).\n"
	    "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n");
	for (int i = 0; i < lw->classes.n; i++) {
		const LNodeClass *c = lw->classes.v[i];
		if (!manifest_name_ok(c->name))
			continue;
		add_yaml(o, arena_printf(run, "karpenter/ec2nodeclasses/%s.yaml", c->name), c->doc);
		buf_printf(&k, "- ec2nodeclasses/%s.yaml\n", c->name);
	}
	for (int i = 0; i < lw->pools.n; i++) {
		const LNodePool *p = lw->pools.v[i];
		if (!manifest_name_ok(p->name))
			continue;
		add_yaml(o, arena_printf(run, "karpenter/nodepools/%s.yaml", p->name), lower_pool_doc(lw, p, scratch));
		buf_printf(&k, "- nodepools/%s.yaml\n", p->name);
		if (arena_used(scratch) > (4u << 20))
			arena_reset(scratch);
	}
	arena_free(scratch);
	out_add_buf(o, "karpenter/kustomization.yaml", &k, false);
}

void
comment_text(Buf *b, const char *s)
{
	for (size_t i = 0, n = s ? strlen(s) : 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (k == 1 && c >= 0x20 && c != 0x7f) {
			buf_add(b, s + i, 1);
		} else if (k > 1) {
			buf_add(b, s + i, k);
		} else {
			buf_add(b, "?", 1);
			k = 1;
		}
		i += k;
	}
}
