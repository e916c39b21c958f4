/*
 * emit_yaml.c - values as YAML text, with libyaml's emitter.
 *
 * Block style, 2-space indent (libyaml writes a sequence inside a mapping
 * without extra indent, as kubectl does), key order kept, no line folding.
 * A string is written plain unless load_yaml.c would read the plain text as
 * something else (true, 1, null, "", ~, <<, 0x1F ...) or another YAML 1.1
 * reader would (dates, 1:20), or it holds a ${VAR} placeholder (envsubst
 * may put 'true' or '1' there); then it is double-quoted.  Strings with line
 * breaks are literal blocks ('|').  libyaml itself falls back to single or
 * double quotes when plain or literal text cannot hold the string (':'
 * inside, a leading '*', '-', '&', trailing spaces, control characters ...),
 * so the choice is deterministic and always reads back as the same string.
 * Numbers keep their source spelling when it reads back as the same number.
 */
#include "karpgen.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

typedef struct Emitter {
	yaml_emitter_t e;
	Buf out;
	bool failed;
} Emitter;

static int
write_out(void *data, unsigned char *buffer, size_t size)
{
	buf_add(data, (const char *)buffer, size);
	return 1;
}

static void
emit(Emitter *em, yaml_event_t *ev)
{
	/* libyaml frees the event whether or not it succeeds */
	if (!em->failed && !yaml_emitter_emit(&em->e, ev))
		em->failed = true;
	else if (em->failed)
		yaml_event_delete(ev);
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* YAML 1.1 timestamps (2001-12-14...) and sexagesimal numbers (1:20). */
static bool
other_readers_type(const char *s, size_t n)
{
	if (n >= 8 && is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) && is_digit(s[3]) &&
	    s[4] == '-' && is_digit(s[5]))
		return true;
	size_t i = 0;
	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	if (i >= n || !is_digit(s[i]))
		return false;
	bool colon = false;
	for (; i < n; i++) {
		if (s[i] == ':')
			colon = true;
		else if (!is_digit(s[i]) && s[i] != '_' && s[i] != '.')
			return false;
	}
	return colon;
}

/* Invalid UTF-8 (never from the loaders, which check it) becomes U+FFFD. */
static char *
valid_utf8(const char *s, size_t n, size_t *out_n)
{
	Buf b = { 0 };
	size_t bad;
	while (!utf8_valid(s, n, &bad)) {
		buf_add(&b, s, bad);
		buf_add(&b, "\xEF\xBF\xBD", 3);
		s += bad + 1;
		n -= bad + 1;
	}
	buf_add(&b, s, n);
	*out_n = b.len;
	return b.s;
}

static void
emit_scalar(Emitter *em, const char *s, size_t n, yaml_scalar_style_t style)
{
	yaml_event_t ev;
	char *fixed = NULL;
	if (!utf8_valid(s, n, NULL)) {
		fixed = valid_utf8(s, n, &n);
		s = fixed;
	}
	if (!yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)(s ? s : ""),
	    (int)n, 1, 1, style))
		em->failed = true;
	else
		emit(em, &ev);
	free(fixed);
}

static void
emit_string(Emitter *em, const char *s, size_t n, bool is_key)
{
	yaml_scalar_style_t style = YAML_PLAIN_SCALAR_STYLE;
	if (yaml_plain_kind(s, n) != V_STR || (is_key && n == 2 && memcmp(s, "<<", 2) == 0) ||
	    other_readers_type(s, n) || memmem(s, n, "${", 2))
		style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	else if (!is_key && memchr(s, '\n', n))
		style = YAML_LITERAL_SCALAR_STYLE;
	emit_scalar(em, s, n, style);
}

static void
emit_number(Emitter *em, const Value *v)
{
	if (v->s && v->len && yaml_plain_kind(v->s, v->len) == V_NUM) {
		emit_scalar(em, v->s, v->len, YAML_PLAIN_SCALAR_STYLE);
		return;
	}
	char buf[64];
	if (v->flags & VF_INTEGER)
		snprintf(buf, sizeof buf, "%lld", (long long)v->i);
	else if (isnan(v->num))
		snprintf(buf, sizeof buf, ".nan");
	else if (isinf(v->num))
		snprintf(buf, sizeof buf, "%s", v->num < 0 ? "-.inf" : ".inf");
	else
		/* the shortest %g that reads back as the same double */
		for (int prec = 15; prec <= 17; prec++) {
			snprintf(buf, sizeof buf, "%.*g", prec, v->num);
			if (strtod(buf, NULL) == v->num)
				break;
		}
	emit_scalar(em, buf, strlen(buf), YAML_PLAIN_SCALAR_STYLE);
}

static void
emit_value(Emitter *em, const Value *v, int depth)
{
	yaml_event_t ev;
	if (!v || depth > LIMIT_DEPTH + 8) {
		emit_scalar(em, "null", 4, YAML_PLAIN_SCALAR_STYLE);
		return;
	}
	switch (v->kind) {
	case V_NULL:
		emit_scalar(em, "null", 4, YAML_PLAIN_SCALAR_STYLE);
		return;
	case V_BOOL:
		emit_scalar(em, v->b ? "true" : "false", v->b ? 4 : 5, YAML_PLAIN_SCALAR_STYLE);
		return;
	case V_NUM:
		emit_number(em, v);
		return;
	case V_STR:
	case V_UNKNOWN:
		emit_string(em, v->s ? v->s : "", v->s ? v->len : 0, false);
		return;
	case V_LIST:
		yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE);
		emit(em, &ev);
		for (int i = 0; i < v->n; i++)
			emit_value(em, v->items[i], depth + 1);
		yaml_sequence_end_event_initialize(&ev);
		emit(em, &ev);
		return;
	case V_MAP:
		yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
		emit(em, &ev);
		for (int i = 0; i < v->n; i++) {
			const char *k = v->members[i].key ? v->members[i].key : "";
			emit_string(em, k, strlen(k), true);
			emit_value(em, v->members[i].val, depth + 1);
		}
		yaml_mapping_end_event_initialize(&ev);
		emit(em, &ev);
		return;
	}
}

char *
values_to_yaml(Value *const *docs, int n)
{
	Emitter em = { 0 };
	yaml_event_t ev;
	if (!yaml_emitter_initialize(&em.e))
		fatal_oom();
	yaml_emitter_set_output(&em.e, write_out, &em.out);
	yaml_emitter_set_unicode(&em.e, 1);
	yaml_emitter_set_indent(&em.e, 2);
	yaml_emitter_set_width(&em.e, -1);
	yaml_emitter_set_break(&em.e, YAML_LN_BREAK);
	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	emit(&em, &ev);
	for (int i = 0; i < n; i++) {
		yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, i == 0);
		emit(&em, &ev);
		emit_value(&em, docs[i], 0);
		yaml_document_end_event_initialize(&ev, 1);
		emit(&em, &ev);
	}
	yaml_stream_end_event_initialize(&ev);
	emit(&em, &ev);
	if (!em.failed)
		yaml_emitter_flush(&em.e);
	bool failed = em.failed;
	yaml_emitter_delete(&em.e);
	if (failed) {
		/* only out of memory can make libyaml's emitter fail on a well-formed event stream */
		free(em.out.s);
		fatal_oom();
	}
	if (!em.out.s)
		buf_add(&em.out, "", 0);
	return em.out.s;
}

char *
value_to_yaml(const Value *v)
{
	Value *one = (Value *)v;
	return values_to_yaml(&one, 1);
}
