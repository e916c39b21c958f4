/*
 * emit_json.c - the jansson adapter: values as JSON (the shape of
 * `karpgen parse --json`), and the json and sarif diagnostic formats.
 */
#include "karpgen.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

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

char *
value_to_json(const Value *v, bool pretty)
{
	json_t *j = to_json(v, 0);
	size_t flags = JSON_ENSURE_ASCII | JSON_REAL_PRECISION(17) |
	    (pretty ? JSON_INDENT(2) | JSON_SORT_KEYS : JSON_COMPACT);
	char *s = json_dumps(j, flags | JSON_ENCODE_ANY);
	json_decref(j);
	if (!s)
		fatal_oom();
	return s;
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

/* A relative or absolute path as a SARIF URI reference (RFC 3986 escapes). */
static json_t *
uri_of(const char *path)
{
	Buf b = { 0 };
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~/", *p))
			buf_add(&b, (const char *)p, 1);
		else
			buf_printf(&b, "%%%02X", *p);
	}
	json_t *j = json_string(b.s ? b.s : "");
	buf_free(&b);
	return j;
}

static json_t *
sarif_location(const Loc *l, const char *message)
{
	json_t *loc = json_object();
	if (l->file) {
		json_t *phys = json_object();
		json_t *art = json_object();
		json_object_set_new(art, "uri", uri_of(l->file->name));
		json_object_set_new(phys, "artifactLocation", art);
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

void
diag_print_sarif(FILE *out, Diag *const *d, int n, const DiagOutput *o)
{
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
		json_t *help = json_object();
		char *text = NULL;
		if (asprintf(&text, "karpgen explain %s", r->id) < 0)
			fatal_oom();
		json_object_set_new(help, "text", json_string(text));
		free(text);
		/* the rule's page (docs/rules/<ID>.md), which code scanning shows as the rule's help */
		for (const RuleDoc *doc = rule_docs; doc->id; doc++)
			if (strcmp(doc->id, r->id) == 0)
				json_object_set_new(help, "markdown", json_string(doc->text));
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
		if (g->loc.file)
			json_array_append_new(locs, sarif_location(&g->loc, NULL));
		json_object_set_new(r, "locations", locs);
		if (g->notes.n) {
			json_t *rel = json_array();
			for (int k = 0; k < g->notes.n; k++) {
				json_t *lj = sarif_location(&g->notes.v[k].loc, g->notes.v[k].msg);
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
	json_object_set_new(run, "invocations", invs);
	json_object_set_new(run, "results", results);
	json_t *runs = json_array();
	json_array_append_new(runs, run);
	json_t *top = json_object();
	json_object_set_new(top, "$schema", json_string("https://json.schemastore.org/sarif-2.1.0.json"));
	json_object_set_new(top, "version", json_string("2.1.0"));
	json_object_set_new(top, "runs", runs);
	dump(out, top);
}
