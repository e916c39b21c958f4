/*
 * load_k8s.c - Kubernetes YAML (one or more documents) -> KObjects.
 *
 * Every object is kept whole (its Value tree, with positions) for validate,
 * convert and the parity rules; what is read here is only what identifies
 * it: apiVersion and its Karpenter API generation, kind and name.  Objects
 * of other APIs are kept too, as KAPI_OTHER, so that validate can count
 * them as skipped.
 *
 * Template placeholders (${VAR}, <<VAR>>, {{ .Values.x }}) usually still
 * parse as YAML strings.  Where one sits in a value of a Karpenter object it
 * is a KG111 warning, once per placeholder per file with the other places as
 * notes; user data is skipped, since shell scripts use ${VAR} themselves,
 * and so are the placeholders the project says are its own (the project
 * file's `placeholders:`, --allow-placeholder).
 * Files where a placeholder breaks the YAML (`values: [${azs}]`) end in the
 * YAML loader's KG101.
 */
#include "karpgen.h"

#include <string.h>

static const struct {
	const char *api_version;
	KApi api;
} apis[] = {
	{ "karpenter.sh/v1alpha5", KAPI_V1ALPHA5 },
	{ "karpenter.k8s.aws/v1alpha1", KAPI_V1ALPHA1 },
	{ "karpenter.sh/v1beta1", KAPI_V1BETA1 },
	{ "karpenter.k8s.aws/v1beta1", KAPI_V1BETA1 },
	{ "karpenter.sh/v1", KAPI_V1 },
	{ "karpenter.k8s.aws/v1", KAPI_V1 },
};

KApi
k8s_api_of(const char *api_version)
{
	for (size_t i = 0; api_version && i < sizeof apis / sizeof *apis; i++)
		if (strcmp(apis[i].api_version, api_version) == 0)
			return apis[i].api;
	return KAPI_OTHER;
}

/* ---------------------------------------------------- placeholders */

enum { MAX_NOTES = 4 };

typedef struct Seen {
	const char *text;
	Diag *d;
	int more;
} Seen;

typedef struct Walk {
	Arena *arena;
	const Placeholders *allow;
	VEC(Seen) seen;
} Walk;

/* Keys whose values are free text that legitimately holds ${...}. */
static const char *const free_text_keys[] = { "userData", "annotations" };

static void
placeholder_at(Walk *w, const char *s, size_t len, const Loc *loc, const char *where)
{
	size_t n;
	/* the first placeholder the project does not call its own: "${A}-{{ b }}" may allow one, not both */
	const char *p = placeholder_find(s, len, &n, false);
	while (p && placeholder_allowed(w->allow, p, n)) {
		size_t off = (size_t)(p - s) + n;
		p = placeholder_find(s + off, len - off, &n, false);
	}
	if (!p)
		return;
	const char *text = arena_strndup(w->arena, p, n);
	for (int i = 0; i < w->seen.n; i++) {
		Seen *seen = &w->seen.v[i];
		if (strcmp(seen->text, text) != 0)
			continue;
		if (seen->more++ < MAX_NOTES)
			diag_note(seen->d, loc, "'%s' also here", text);
		return;
	}
	Diag *d = diag_sev(KG111, SEV_WARNING, loc, "template placeholder '%s' in '%s' is not substituted",
	    text, where);
	diag_note(d, NULL, "fill in the template (envsubst, the pipeline's substitution) before applying it; "
	    "the value is not checked against the schema until then");
	Seen seen = { .text = text, .d = d };
	VEC_PUSH(w->arena, w->seen, seen);
}

static void
walk(Walk *w, const Value *v, const char *key, int depth)
{
	if (!v || depth > LIMIT_DEPTH)
		return;
	switch (v->kind) {
	case V_STR:
		placeholder_at(w, v->s, v->len, &v->loc, key);
		break;
	case V_LIST:
		for (int i = 0; i < v->n; i++)
			walk(w, v->items[i], key, depth + 1);
		break;
	case V_MAP:
		for (int i = 0; i < v->n; i++) {
			const Member *m = &v->members[i];
			bool skip = false;
			for (size_t k = 0; k < sizeof free_text_keys / sizeof *free_text_keys; k++)
				skip |= strcmp(m->key, free_text_keys[k]) == 0;
			if (skip)
				continue;
			placeholder_at(w, m->key, strlen(m->key), &m->key_loc, m->key);
			walk(w, m->val, m->key, depth + 1);
		}
		break;
	default:
		break;
	}
}

/* ---------------------------------------------------- documents */

static const char *
str_of(Arena *a, const Value *v)
{
	return v && v->kind == V_STR ? arena_strndup(a, v->s, v->len) : NULL;
}

typedef struct Counts {
	int karpenter, other;
	SVal pin;                /* the first release pin of the file (pin_release()) */
} Counts;

void
k8s_placeholders(Arena *a, Value *const *docs, int n, const Placeholders *allow)
{
	Walk w = { .arena = a, .allow = allow };
	for (int i = 0; i < n; i++) {
		const Value *av = docs[i] && docs[i]->kind == V_MAP ? v_get(docs[i], "apiVersion") : NULL;
		if (av && av->kind == V_STR && k8s_api_of(av->s) != KAPI_OTHER)
			walk(&w, docs[i], "", 0);
	}
}

/*
 * The release of the Karpenter chart an object was installed from: the
 * chart's labels on every object it renders (helm.sh/chart: karpenter-X.Y.Z,
 * of the CRD chart karpenter-crd-X.Y.Z; app.kubernetes.io/version with
 * app.kubernetes.io/name: karpenter) and the controller Deployment's image
 * tag (.../karpenter/controller:X.Y.Z@sha256:...).  Each is a pin, like
 * eksctl's karpenter.version: two that disagree are KG107 (ir_set_sval()),
 * within the file first, so that the file's pin meets another input's once.
 */
static const char *const chart_prefixes[] = { "karpenter-crd-", "karpenter-" };

static void
pin(IR *ir, Counts *n, const SVal *v)
{
	if (!v->set)
		return;
	if (!n->pin.set)
		n->pin = *v;
	else
		ir_set_sval(ir, &n->pin, v, "the Karpenter version");
}

static void
pin_release(IR *ir, Counts *c, const Value *doc, const char *kind)
{
	const Value *labels = v_path(doc, "metadata.labels");
	const Value *chart = v_get(labels, "helm.sh/chart");
	for (size_t i = 0; chart && chart->kind == V_STR && i < sizeof chart_prefixes / sizeof *chart_prefixes; i++) {
		size_t n = strlen(chart_prefixes[i]);
		if (strncmp(chart->s, chart_prefixes[i], n) != 0)
			continue;
		SVal v = sval_karpenter_tag(ir, chart, n, "helm.sh/chart");
		pin(ir, c, &v);
		break;
	}
	if (v_is_str(v_get(labels, "app.kubernetes.io/name"), "karpenter")) {
		SVal v = sval_karpenter_tag(ir, v_get(labels, "app.kubernetes.io/version"), 0, "app.kubernetes.io/version");
		pin(ir, c, &v);
	}
	if (strcmp(kind, "Deployment") != 0)
		return;
	/* the controller's Deployment: where the cluster runs Karpenter (its namespace and the Helm release
	 * that owns it), which the kit upgrades rather than install a second controller beside it */
	if (v_is_str(v_get(labels, "app.kubernetes.io/name"), "karpenter")) {
		const Value *rel = v_get(v_path(doc, "metadata.annotations"), "meta.helm.sh/release-name");
		if (!rel)
			rel = v_get(labels, "app.kubernetes.io/instance");
		const Value *ns = v_path(doc, "metadata.namespace");
		if (rel && rel->kind == V_STR) {
			SVal r = sval_of(ir, rel, "meta.helm.sh/release-name");
			ir_set_sval(ir, &ir->cluster.karpenter_release, &r, "the Karpenter Helm release");
		}
		if (ns && ns->kind == V_STR) {
			SVal n = sval_of(ir, ns, "metadata.namespace");
			ir_set_sval(ir, &ir->cluster.karpenter_namespace, &n, "the Karpenter namespace");
		}
	}
	const Value *cs = v_path(doc, "spec.template.spec.containers");
	for (int i = 0; cs && cs->kind == V_LIST && i < cs->n; i++) {
		const Value *img = v_get(cs->items[i], "image");
		if (!img || img->kind != V_STR)
			continue;
		/* repository[:tag][@digest]: the tag follows the last ':' after the last '/' */
		const char *slash = strrchr(img->s, '/');
		const char *colon = strchr(slash ? slash : img->s, ':');
		static const char repo[] = "karpenter/controller";
		size_t rl = sizeof repo - 1, end = colon ? (size_t)(colon - img->s) : 0;
		if (!colon || end < rl || strncmp(colon - rl, repo, rl) != 0 || (end > rl && colon[-(long)rl - 1] != '/'))
			continue;
		SVal v = sval_karpenter_tag(ir, img, end + 1, "image");
		pin(ir, c, &v);
	}
}

/* One object: document `index` of the file, or an item of the List that document is. */
static void
read_object(IR *ir, Input *in, Walk *w, Counts *n, Value *doc, int index, const char *what)
{
	if (doc->kind != V_MAP) {
		Diag *d = diag(KG104, &doc->loc, "%s is %s, not a Kubernetes object", what,
		    ld_a_kind(doc->kind));
		diag_note(d, NULL, "a manifest document is an object with 'apiVersion', 'kind' and 'metadata'");
		return;
	}
	const Value *api = v_get(doc, "apiVersion"), *kind = v_get(doc, "kind");
	if (!api || api->kind != V_STR || !kind || kind->kind != V_STR) {
		const Value *bad = !api || api->kind != V_STR ? api : kind;
		Diag *d = diag(KG104, bad ? &bad->loc : &doc->loc, "%s has no %s'%s'", what,
		    bad ? "string " : "", !api || api->kind != V_STR ? "apiVersion" : "kind");
		diag_note(d, NULL, "a manifest document is an object with 'apiVersion', 'kind' and 'metadata'");
		return;
	}
	/* `kubectl get ... -o yaml` prints a v1 List: its items are the objects */
	const Value *items = v_get(doc, "items");
	if (v_is_str(kind, "List") && v_is_str(api, "v1") && items && items->kind == V_LIST) {
		for (int i = 0; i < items->n; i++)
			read_object(ir, in, w, n, items->items[i], index,
			    arena_printf(ir->arena, "item %d of document %d", i + 1, index + 1));
		return;
	}
	KObject *o = arena_alloc(ir->arena, sizeof *o);
	o->api_version = str_of(ir->arena, api);
	o->kind = str_of(ir->arena, kind);
	o->name = str_of(ir->arena, v_path(doc, "metadata.name"));
	o->api = k8s_api_of(o->api_version);
	o->loc = doc->loc;
	o->doc = doc;
	o->doc_index = index;
	o->file = in->file;
	VEC_PUSH(ir->arena, ir->objects, o);
	pin_release(ir, n, doc, o->kind);
	if (o->api == KAPI_OTHER) {
		n->other++;
		return;
	}
	n->karpenter++;
	walk(w, doc, o->kind, 0);
}

void
load_k8s_docs(IR *ir, Input *in)
{
	Walk w = { .arena = ir->arena, .allow = ir->opt ? &ir->opt->placeholders : NULL };
	Counts n = { 0 };
	for (int i = 0; i < in->ndocs; i++) {
		Value *doc = in->docs[i];
		if (!doc || doc->kind == V_NULL)
			continue;       /* an empty document: `---` with comments only */
		read_object(ir, in, &w, &n, doc, i, arena_printf(ir->arena, "document %d", i + 1));
	}
	ir_set_sval(ir, &ir->cluster.karpenter_version, &n.pin, "the Karpenter version");
	if (n.karpenter)
		in->what = "Karpenter manifests";
	else if (n.other)
		in->what = "Kubernetes manifests";
}

