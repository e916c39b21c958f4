/*
 * schema.c - the CRD schema engine: the embedded schemas/ compiled on first
 * use, and a document checked against them as the API server checks a
 * custom resource (structural schema, strict field validation), then the
 * CEL rules of cel.c and the few checks of karpgen's own bound like them
 * (api_checks[], below).  Below the checks in the pipeline: it calls no
 * check_*.c file (the `@latest` alias of a v1 EC2NodeClass, KG230, is a
 * migration rule: its callers add check_alias_latest_doc()).
 *
 * Semantics copied from the API server, on purpose:
 * - a null value of a non-nullable field is pruned (treated as absent), so
 *   it can fail `required` but never a type check;
 * - string constraints (pattern, lengths, enum, format) apply to strings
 *   only, so the pattern CRDs put on an array node binds nothing;
 * - int-or-string accepts an integer or a string, and the pattern then
 *   applies to the string form only;
 * - lengths count characters, not bytes;
 * - `metadata` of the object itself is ObjectMeta: name, labels and
 *   annotations are checked by their Kubernetes syntax, not by the CRD.
 * And one choice of our own: every CRD pattern is anchored at both ends
 * (pattern_get()), so `ami-[0-9a-z]+` does not accept `xami-1` and the top-
 * level alternations of P-CRON and the v1.0 duration pattern bind as a whole.
 */
#include "karpgen.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ extra checks */

/*
 * Checks beyond the CRD: a volume size EC2 refuses, and what Karpenter
 * 0.29's admission webhook refuses of a Provisioner.  What the controller of
 * v1beta1 and v1 rejects after the API server accepted an object is
 * check_controller.c's (KG330); an `@latest` alias is KG230, added by the
 * validation's callers (check_alias_latest_doc()).  Each row binds, like a
 * CEL rule, to a schema node: of one kind, at one API version (NULL: any),
 * at one schema path.
 */
static void
extra_volume_size(CelCtx *c)
{
	const Value *v = c->self;
	if (v->kind != V_STR || (strcmp(v->s, "Ti") != 0 && strcmp(v->s, "T") != 0))
		return;
	c->errors++;
	Diag *d = diag(KG301, &v->loc, "%s: volume size '%s' has no number", path_text(c->arena, c->path, NULL), v->s);
	diag_note(d, NULL, "the CRD pattern lets it through an empty alternative; EC2 rejects it");
	diag_note(d, NULL, "write a size such as '100Gi' or '1Ti'");
}

static void
extra_label_keys(CelCtx *c)
{
	for (int i = 0; i < c->self->n; i++) {
		const Member *m = &c->self->members[i];
		if (k8s_qualified_name(m->key, strlen(m->key)))
			continue;
		c->errors++;
		Diag *d = diag(KG302, &m->key_loc, "%s: '%s' is not a valid label key",
		    path_text(c->arena, c->path, arena_printf(c->arena, "[%s]", m->key)), m->key);
		diag_note(d, NULL, "the CRD accepts it, but Karpenter's admission webhook rejects it");
		diag_note(d, NULL, "a label key is an optional DNS subdomain prefix and '/', then at most 63 "
		    "letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
	}
}

static void
extra_requirement_value(CelCtx *c)
{
	const Value *v = c->self;
	if (v->kind != V_STR || k8s_label_value(v->s, v->len))
		return;
	c->errors++;
	Diag *d = diag(KG303, &v->loc, "%s: '%s' is not a valid label value", path_text(c->arena, c->path, NULL), v->s);
	diag_note(d, NULL, "the CRD does not check requirement values, but Karpenter's admission webhook rejects them");
	diag_note(d, NULL, "a label value is at most 63 letters, digits, '-', '_' or '.', starting and ending "
	    "with a letter or digit");
	cel_placeholder_note(d, v);
}

const ApiCheck api_checks[] = {
	{ "EC2NodeClass", NULL, ".spec.blockDeviceMappings[].ebs.volumeSize", extra_volume_size },
	/*
	 * v1alpha5 only: Karpenter 0.29 validates Provisioners in its admission
	 * webhook, so the API server refuses these.  For v1beta1 and v1 the
	 * controller checks them after the API server accepted the object:
	 * check_controller.c, KG330.
	 */
	{ "Provisioner", NULL, ".spec.labels", extra_label_keys },
	{ "Provisioner", NULL, ".spec.requirements[].values[]", extra_requirement_value },
};
const int api_check_count = sizeof api_checks / sizeof *api_checks;

/* ------------------------------------------------------------ node groups */

/*
 * The node groups a kit is made from, against the target's API before and
 * after lowering (lower.c reports none of these: it only stops): the labels
 * a NodePool template cannot set (KG302) and AMIs the target cannot select
 * (KG305).  Here because they are the validator's rules: the same ids, the
 * same CRD knowledge, one file reporting each.
 */

void
api_group_labels(const NodeGroup *g, const KarpVersion *kv)
{
	for (int i = 0; i < g->labels.n; i++) {
		const KV *kv2 = &g->labels.v[i];
		const char *why;
		/* unknown or invalid keys are lower()'s KG114 and KG112 */
		if (kv2->key.unknown || kv2->value.unknown || !kv2->key.s || !kv2->value.s ||
		    !k8s_qualified_name(kv2->key.s, strlen(kv2->key.s)) || !(why = api_label_restricted(kv, kv2->key.s)))
			continue;
		Diag *d = diag(KG302, &kv2->key.loc, "label '%s' of '%s' cannot be set by a NodePool: %s",
		    kv2->key.s, g->name.s, why);
		diag_note(d, NULL, "rename the label (and the selectors that use it) before migrating");
	}
}

void
api_group_ami(const NodeGroup *g, AmiErr e, const AmiSel *s)
{
	if (e == AMI_BAD_ID) {
		Diag *d = diag(KG305, s->loc, "invalid AMI id '%s'", g->ami_id.s);
		diag_note(d, NULL, "expected 'ami-' and 8 or 17 hexadecimal digits");
	} else if (e == AMI_CUSTOM_FAMILY) {
		const char *fam = s->named;
		Diag *d = diag(KG305, s->loc, "the AMI family of custom AMI '%s' of '%s' is %s%s%s", g->ami_id.s,
		    g->name.s, fam ? "'" : "not known", fam ? fam : "", fam ? "', which Karpenter cannot bootstrap" : "");
		diag_note(d, NULL, "say which bootstrap the AMI runs: '--ami-family %s=FAMILY' (AL2, AL2023, "
		    "Bottlerocket, Windows2019, Windows2022 or Windows2025), or in the input (eksctl 'amiFamily', "
		    "terraform-aws-modules 'platform' or 'ami_type', EKS Blueprints v4 'launch_template_os', Domino "
		    "'user_data_type'; an AWS CLI launch "
		    "template's user data that runs the family's bootstrap)", g->name.s ? g->name.s : "GROUP");
	} else if (e == AMI_NO_FAMILY) {
		Diag *d = diag(KG305, s->loc, "AMI type '%s' of '%s' has no Karpenter AMI family", s->named, g->name.s);
		diag_note(d, NULL, "use an AL2023, AL2, Bottlerocket or Windows AMI type, or a custom AMI id");
	}
}

/* The AMI families only some releases have (the rest every release karpgen supports has). */
static const struct { const char *family; KarpFeature feature; } family_features[] = {
	{ "AL2023", KF_AL2023 }, { "Windows2025", KF_WINDOWS2025 },
};

bool
api_ami_family_served(const NodeGroup *g, const AmiSel *s, const KarpVersion *kv)
{
	for (size_t i = 0; i < sizeof family_features / sizeof *family_features; i++) {
		if (strcmp(s->ami_family, family_features[i].family) != 0 || kv_has(kv, family_features[i].feature))
			continue;
		const Loc *aloc = s->loc && s->loc->file ? s->loc : &g->loc;
		Diag *d = diag(KG305, aloc, "Karpenter %s has no %s AMI family (node group '%s')", kv->name,
		    s->ami_family, g->name.s);
		diag_note(d, NULL, "target Karpenter %s or later ('--karpenter-version')",
		    karpenter_first_with(family_features[i].feature, 0)->name);
		return false;
	}
	return true;
}

/* ------------------------------------------------------------ loading */

static struct {
	Arena *arena;
	CrdSchema **loaded;      /* per embedded file, NULL until compiled */
	bool *failed;
	const char *kind, *version;  /* of the schema being compiled */
} S;

static const Value *
member(const Value *map, const char *key)
{
	return map && map->kind == V_MAP ? v_get(map, key) : NULL;
}

static int64_t
int_or(const Value *v, int64_t dflt)
{
	return v && v->kind == V_NUM ? (v->flags & VF_INTEGER ? v->i : (int64_t)v->num) : dflt;
}

static const char *
str_or(const Value *v, const char *dflt)
{
	return v && v->kind == V_STR ? v->s : dflt;
}

static unsigned
type_bit(const char *t)
{
	static const struct { const char *name; unsigned bit; } types[] = {
		{ "object", ST_OBJECT }, { "array", ST_ARRAY }, { "string", ST_STRING },
		{ "integer", ST_INTEGER }, { "number", ST_NUMBER | ST_INTEGER }, { "boolean", ST_BOOLEAN },
	};
	for (size_t i = 0; i < sizeof types / sizeof *types; i++)
		if (strcmp(t, types[i].name) == 0)
			return types[i].bit;
	return 0;
}

static void
add_pattern(Schema *s, const char *text)
{
	const char *err = NULL;
	Pattern *re = pattern_get(text, &err);
	if (!re)
		return;  /* the unit test compiles every schema pattern; none fails */
	s->patterns = arena_realloc(S.arena, s->patterns, (size_t)s->npatterns * sizeof *s->patterns,
	    (size_t)(s->npatterns + 1) * sizeof *s->patterns);
	s->patterns[s->npatterns++] = (SPattern){ text, re };
}

/* `where` is the schema path of the node (".spec.amiSelectorTerms[]"), for binding CEL rules. */
static Schema *
compile(const Value *v, const char *where)
{
	Schema *s = arena_alloc(S.arena, sizeof *s);
	s->min_len = s->max_len = s->min_items = s->max_items = s->min_props = s->max_props = -1;
	if (!v || v->kind != V_MAP)
		return s;
	const Value *x;
	if ((x = member(v, "type")))
		s->types = type_bit(str_or(x, ""));
	if ((x = member(v, "x-kubernetes-int-or-string")) && x->kind == V_BOOL && x->b) {
		s->int_or_string = true;
		s->types = ST_STRING | ST_INTEGER;
	}
	s->preserve_unknown = (x = member(v, "x-kubernetes-preserve-unknown-fields")) && x->kind == V_BOOL && x->b;
	s->nullable = (x = member(v, "nullable")) && x->kind == V_BOOL && x->b;
	if ((x = member(v, "properties")) && x->kind == V_MAP) {
		s->props = arena_alloc(S.arena, (size_t)x->n * sizeof *s->props + 1);
		for (int i = 0; i < x->n; i++)
			s->props[s->nprops++] = (SProp){ x->members[i].key, compile(x->members[i].val,
			    arena_printf(S.arena, "%s.%s", where, x->members[i].key)) };
	}
	if ((x = member(v, "additionalProperties")) && x->kind == V_MAP)
		s->additional = compile(x, arena_printf(S.arena, "%s{*}", where));
	if ((x = member(v, "items")) && x->kind == V_MAP)
		s->items = compile(x, arena_printf(S.arena, "%s[]", where));
	if ((x = member(v, "required")) && x->kind == V_LIST) {
		s->required = arena_alloc(S.arena, (size_t)x->n * sizeof *s->required + 1);
		for (int i = 0; i < x->n; i++)
			if (x->items[i]->kind == V_STR)
				s->required[s->nrequired++] = x->items[i]->s;
	}
	static const char *const list_types[] = { "atomic", "set", "map" };
	if ((x = member(v, "x-kubernetes-list-type")))
		for (int i = 0; i < 3; i++)
			if (strcmp(str_or(x, ""), list_types[i]) == 0)
				s->list_type = i;
	if ((x = member(v, "x-kubernetes-list-map-keys")) && x->kind == V_LIST) {
		s->map_keys = arena_alloc(S.arena, (size_t)x->n * sizeof *s->map_keys + 1);
		for (int i = 0; i < x->n; i++)
			if (x->items[i]->kind == V_STR)
				s->map_keys[s->nmap_keys++] = x->items[i]->s;
	}
	s->min_len = int_or(member(v, "minLength"), -1);
	s->max_len = int_or(member(v, "maxLength"), -1);
	s->min_items = int_or(member(v, "minItems"), -1);
	s->max_items = int_or(member(v, "maxItems"), -1);
	s->min_props = int_or(member(v, "minProperties"), -1);
	s->max_props = int_or(member(v, "maxProperties"), -1);
	if ((x = member(v, "minimum")) && x->kind == V_NUM) {
		s->has_min = true;
		s->min = x->num;
	}
	if ((x = member(v, "maximum")) && x->kind == V_NUM) {
		s->has_max = true;
		s->max = x->num;
	}
	s->excl_min = (x = member(v, "exclusiveMinimum")) && x->kind == V_BOOL && x->b;
	s->excl_max = (x = member(v, "exclusiveMaximum")) && x->kind == V_BOOL && x->b;
	if ((x = member(v, "pattern")) && x->kind == V_STR)
		add_pattern(s, x->s);
	/* allOf in these CRDs only stacks patterns (v1beta1 volumeSize): each must match */
	if ((x = member(v, "allOf")) && x->kind == V_LIST)
		for (int i = 0; i < x->n; i++) {
			const Value *p = member(x->items[i], "pattern");
			if (p && p->kind == V_STR)
				add_pattern(s, p->s);
		}
	if ((x = member(v, "enum")) && x->kind == V_LIST) {
		s->enums = arena_alloc(S.arena, (size_t)x->n * sizeof *s->enums + 1);
		for (int i = 0; i < x->n; i++)
			s->enums[s->nenums++] = x->items[i];
	}
	s->format = str_or(member(v, "format"), NULL);
	s->dflt = member(v, "default");
	const Value *rules = member(v, "x-kubernetes-validations");
	int nrules = rules && rules->kind == V_LIST ? rules->n : 0;
	int nchecks = 0;
	for (int i = 0; i < api_check_count; i++)
		nchecks += strcmp(api_checks[i].where, where) == 0;
	if (nrules + nchecks)
		s->cel = arena_alloc(S.arena, (size_t)(nrules + nchecks) * sizeof *s->cel);
	for (int i = 0; i < nrules; i++) {
		const CelRule *r = cel_rule_find(str_or(member(rules->items[i], "rule"), ""),
		    str_or(member(rules->items[i], "message"), ""), where);
		if (r)
			s->cel[s->ncel++] = (CelBinding){ r, r->check };
	}
	for (int i = 0; nchecks && i < api_check_count; i++) {
		const ApiCheck *k = &api_checks[i];
		if (strcmp(k->where, where) == 0 && strcmp(k->kind, S.kind) == 0
		    && (!k->version || strcmp(k->version, S.version) == 0))
			s->cel[s->ncel++] = (CelBinding){ NULL, k->check };
	}
	return s;
}

/* "schemas/1.14.1/nodepool.v1.json" -> does it hold karpenter/kind/version? */
static bool
file_is(const char *path, const char *karpenter, const char *version, const char *kind)
{
	const char *p = strchr(path, '/');
	if (!p)
		return false;
	p++;
	size_t kl = strlen(karpenter);
	if (strncmp(p, karpenter, kl) != 0 || p[kl] != '/')
		return false;
	p += kl + 1;
	size_t n = strlen(kind);
	if (strncasecmp(p, kind, n) != 0 || p[n] != '.')
		return false;
	p += n + 1;
	n = strlen(version);
	return strncmp(p, version, n) == 0 && strcmp(p + n, ".json") == 0;
}

static CrdSchema *
load(int i, const char *karpenter)
{
	if (!S.arena) {
		S.arena = arena_new();
		S.loaded = arena_alloc(S.arena, (size_t)embedded_schema_count * sizeof *S.loaded + 1);
		S.failed = arena_alloc(S.arena, (size_t)embedded_schema_count * sizeof *S.failed + 1);
	}
	if (S.loaded[i] || S.failed[i])
		return S.loaded[i];
	const EmbeddedFile *e = &embedded_schemas[i];
	SrcFile *f = src_from_mem(S.arena, e->path, e->text, strlen(e->text));
	int count = 0;
	Value *doc = json_load(S.arena, f, &count);
	if (!doc || count != 1 || doc->kind != V_MAP) {
		S.failed[i] = true;
		return NULL;
	}
	CrdSchema *cs = arena_alloc(S.arena, sizeof *cs);
	cs->karpenter = arena_strdup(S.arena, karpenter);
	cs->group = str_or(member(doc, "group"), "");
	cs->version = str_or(member(doc, "version"), "");
	cs->kind = str_or(member(doc, "kind"), "");
	const Value *st = member(doc, "storage");
	cs->storage = st && st->kind == V_BOOL && st->b;
	S.kind = cs->kind;
	S.version = cs->version;
	Schema *root = compile(member(doc, "schema"), "");
	/* the object's own metadata is ObjectMeta, whatever the CRD says of it */
	for (int k = 0; k < root->nprops; k++)
		if (strcmp(root->props[k].name, "metadata") == 0)
			root->props[k].s->object_meta = true;
	/* status is the controller's (the API server resets it on create): anything goes */
	Schema *any = compile(NULL, ".status");
	any->preserve_unknown = true;
	root->props = arena_realloc(S.arena, root->props, (size_t)root->nprops * sizeof *root->props,
	    (size_t)(root->nprops + 1) * sizeof *root->props);
	root->props[root->nprops++] = (SProp){ "status", any };
	cs->root = root;
	S.loaded[i] = cs;
	return cs;
}

/* the Karpenter kinds of every API generation (karpgen.h) */
const ApiKind api_kinds[API_KIND_COUNT] = {
	{ "karpenter.sh", "v1alpha5", "Provisioner", "NodePool", 0, "0.33" },
	{ "karpenter.sh", "v1beta1", "NodePool", "NodePool", 1, "1.1" },
	{ "karpenter.sh", "v1", "NodePool", "NodePool", 2, NULL },
	{ "karpenter.k8s.aws", "v1alpha1", "AWSNodeTemplate", "EC2NodeClass", 0, "0.33" },
	{ "karpenter.k8s.aws", "v1beta1", "EC2NodeClass", "EC2NodeClass", 1, "1.1" },
	{ "karpenter.k8s.aws", "v1", "EC2NodeClass", "EC2NodeClass", 2, NULL },
	{ "karpenter.sh", "v1alpha5", "Machine", "NodeClaim", 0, "0.33" },
	{ "karpenter.sh", "v1beta1", "NodeClaim", "NodeClaim", 1, "1.1" },
	{ "karpenter.sh", "v1", "NodeClaim", "NodeClaim", 2, NULL },
	{ "karpenter.sh", "v1alpha1", "NodeOverlay", "NodeOverlay", 0, NULL },
};

const CrdSchema *
schema_find(const char *karpenter, const char *group, const char *version, const char *kind)
{
	for (int i = 0; i < embedded_schema_count; i++) {
		if (!file_is(embedded_schemas[i].path, karpenter, version, kind))
			continue;
		const CrdSchema *cs = load(i, karpenter);
		if (cs && strcmp(cs->group, group) == 0 && strcmp(cs->kind, kind) == 0)
			return cs;
	}
	return NULL;
}

int
schema_versions(const char **out, int max)
{
	/* the releases of versions.def, in its order, that have schemas */
	int n = 0;
	for (int r = 0; r < karpenter_release_count && n < max; r++) {
		const char *name = karpenter_releases[r].name;
		size_t len = strlen(name);
		for (int i = 0; i < embedded_schema_count; i++) {
			const char *p = strchr(embedded_schemas[i].path, '/');
			if (p && strncmp(p + 1, name, len) == 0 && p[1 + len] == '/') {
				out[n++] = name;
				break;
			}
		}
	}
	return n;
}

void
schema_free_all(void)
{
	if (S.arena)
		arena_free(S.arena);
	memset(&S, 0, sizeof S);
}

/* ------------------------------------------------------------ field paths */

/*
 * Every field path the schema `s` declares under `prefix`: properties as
 * ".name", list items as "[]", map values as "[*]".  The object's metadata
 * (ObjectMeta, the same in every CRD) and status (the controller's) are left
 * out: only what a manifest author writes.
 */
static void
collect_paths(Arena *a, const Schema *s, const char *prefix, int depth, StrVec *out)
{
	if (!s || depth >= LIMIT_DEPTH)
		return;
	for (int i = 0; i < s->nprops; i++) {
		const SProp *p = &s->props[i];
		if (depth == 0 && (strcmp(p->name, "metadata") == 0 || strcmp(p->name, "status") == 0 ||
		    strcmp(p->name, "apiVersion") == 0 || strcmp(p->name, "kind") == 0))
			continue;
		const char *path = arena_printf(a, "%s%s%s", prefix, *prefix ? "." : "", p->name);
		VEC_PUSH(a, *out, path);
		collect_paths(a, p->s, path, depth + 1, out);
	}
	if (s->items)
		collect_paths(a, s->items, arena_printf(a, "%s[]", prefix), depth + 1, out);
	if (s->additional)
		collect_paths(a, s->additional, arena_printf(a, "%s[*]", prefix), depth + 1, out);
}

static int
cmp_path(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static void
sorted_paths(Arena *a, const CrdSchema *cs, StrVec *out)
{
	collect_paths(a, cs->root, "", 0, out);
	if (out->n)
		qsort(out->v, (size_t)out->n, sizeof *out->v, cmp_path);
}

static bool
in_sorted(const StrVec *v, const char *path)
{
	return v->n && bsearch(&path, v->v, (size_t)v->n, sizeof *v->v, cmp_path) != NULL;
}

/* `path` lies under `top` ("spec.a.b" under "spec.a", "spec.a[].b" under "spec.a") */
static bool
under(const char *path, const char *top)
{
	size_t n = strlen(top);
	return strncmp(path, top, n) == 0 && (path[n] == '.' || path[n] == '[');
}

/* The paths of `a` that `b` lacks, topmost only (a removed object's fields go with it). */
static void
missing_paths(const StrVec *a, const StrVec *b, StrVec *out, Arena *ar)
{
	const char *top = NULL;
	for (int i = 0; i < a->n; i++) {
		if (top && under(a->v[i], top))
			continue;
		if (in_sorted(b, a->v[i]))
			continue;
		top = a->v[i];
		VEC_PUSH(ar, *out, top);
	}
}

void
schema_field_changes(Arena *a, const CrdSchema *from, const CrdSchema *to, StrVec *removed, StrVec *added)
{
	StrVec f = { 0 }, t = { 0 };
	sorted_paths(a, from, &f);
	sorted_paths(a, to, &t);
	missing_paths(&f, &t, removed, a);
	missing_paths(&t, &f, added, a);
}

/* ------------------------------------------------------------ names */

/* ------------------------------------------------------------ checking */

typedef struct Ctx {
	Arena *arena;
	const CrdSchema *cs;
	FieldPath path;
	int errors;
} Ctx;

static void
push_key(Ctx *c, const char *key, bool map_key)
{
	c->path.seg[c->path.n++] = (PathSeg){ .key = key, .map_key = map_key };
}

static void
push_index(Ctx *c, int i)
{
	c->path.seg[c->path.n++] = (PathSeg){ .index = i };
}

PRINTF(3, 4) static Diag *
fail(Ctx *c, const Loc *loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *what = arena_vprintf(c->arena, fmt, ap);
	va_end(ap);
	c->errors++;
	return diag(KG301, loc, "%s: %s", path_text(c->arena, &c->path, NULL), what);
}

static size_t
utf8_chars(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			k++;
	return k;
}

static bool
is_integer(const Value *v)
{
	return v->kind == V_NUM && ((v->flags & VF_INTEGER) || (isfinite(v->num) && v->num == floor(v->num)
	    && fabs(v->num) < 9.2e18));
}

static const char *
kind_name(const Value *v)
{
	switch (v->kind) {
	case V_NULL: return "null";
	case V_BOOL: return "boolean";
	case V_NUM: return is_integer(v) ? "integer" : "number";
	case V_STR: return "string";
	case V_LIST: return "array";
	case V_MAP: return "object";
	case V_UNKNOWN: return "expression";
	}
	return "value";
}

static const char *
types_name(const Schema *s)
{
	if (s->int_or_string)
		return "integer or string";
	static const char *const names[] = { "object", "array", "string", "integer", "number", "boolean" };
	for (int i = 0; i < 6; i++)
		if (s->types & (1u << i))
			return names[i];
	return "value";
}

/* A short quotable rendering of a scalar for messages. */
static const char *
show(Arena *a, const Value *v)
{
	if (v->kind == V_STR) {
		if (v->len > 60)
			return arena_printf(a, "'%.57s...'", v->s);
		return arena_printf(a, "'%s'", v->s);
	}
	if (v->kind == V_NUM || v->kind == V_UNKNOWN)
		return arena_printf(a, "%s", v->s ? v->s : "?");
	if (v->kind == V_BOOL)
		return v->b ? "true" : "false";
	return kind_name(v);
}

static bool
type_ok(const Schema *s, const Value *v)
{
	if (!s->types)
		return true;
	switch (v->kind) {
	case V_MAP: return s->types & ST_OBJECT;
	case V_LIST: return s->types & ST_ARRAY;
	case V_STR: return s->types & ST_STRING;
	case V_BOOL: return s->types & ST_BOOLEAN;
	case V_NUM: return (s->types & ST_NUMBER) || ((s->types & ST_INTEGER) && is_integer(v));
	default: return false;
	}
}

static bool
value_eq(const Value *a, const Value *b)
{
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case V_STR: return a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
	case V_NUM: return a->num == b->num;
	case V_BOOL: return a->b == b->b;
	case V_NULL: return true;
	default: return false;
	}
}

/*
 * KG301 for a document of a Karpenter API group whose apiVersion and kind
 * karpgen has no schema for: located at the version when the kind is known
 * (in another version), else at the kind; `known` lists the group's APIs.
 */
void
schema_unknown_api(const Value *av, const Value *kd, bool kind_known, const char *known)
{
	Diag *d = diag(KG301, kind_known ? &av->loc : &kd->loc, "'%s' %s is not a Karpenter API karpgen knows",
	    av->s, kd->s);
	diag_note(d, NULL, "known in this group: %s", known ? known : "none");
}

/*
 * What the CRD patterns mean, for the note under a pattern violation
 * (KARPENTER-API.md section 2.1 names them).
 */
static const struct { const char *pattern, *meaning; } pattern_help[] = {
	{ "^(([0-9]+(s|m|h))+|Never)$", "a duration in s, m and h such as '30s', '10m' or '720h', or 'Never'" },
	{ "^(([0-9]+(s|m|h))+)|(Never)$", "a duration in s, m and h such as '30s', '10m' or '720h', or 'Never'" },
	{ "^([0-9]+(s|m|h))+$", "a duration in s, m and h such as '30s', '10m' or '48h'" },
	{ "^((100|[0-9]{1,2})%|[0-9]+)$", "a node count such as '5' or a percentage such as '10%' (a quoted string)" },
	{ "^((([0-9]+(h|m))|([0-9]+h[0-9]+m))(0s)?)$", "a duration in hours and minutes such as '10m', '8h' or '1h30m'" },
	{ "^(@(annually|yearly|monthly|weekly|daily|midnight|hourly))|((.+)\\s(.+)\\s(.+)\\s(.+)\\s(.+))$",
	  "a 5-field cron schedule such as '0 9 * * mon-fri' or a macro such as '@daily'" },
	{ "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$",
	  "a Kubernetes quantity such as '1000', '500m' or '64Gi'" },
	{ "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
	  "a label value: at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit" },
	{ "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*(\\/))?([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$",
	  "a qualified name such as 'example.com/name' or 'name'" },
	{ "^[^/]*$", "an API group without a version, such as 'karpenter.k8s.aws'" },
	{ "ami-[0-9a-z]+", "an AMI id such as 'ami-0123456789abcdef0'" },
	{ "subnet-[0-9a-z]+", "a subnet id such as 'subnet-0123456789abcdef0'" },
	{ "sg-[0-9a-z]+", "a security group id such as 'sg-0123456789abcdef0'" },
	{ "^cr-[0-9a-z]+$", "a capacity reservation id such as 'cr-0123456789abcdef0'" },
	{ "^pg-[0-9a-z]+$", "a placement group id such as 'pg-0123456789abcdef0'" },
	{ "^[0-9]{12}$", "a 12-digit AWS account id" },
};

static void
pattern_note(Diag *d, const char *pattern, const Value *v)
{
	for (size_t i = 0; i < sizeof pattern_help / sizeof *pattern_help; i++)
		if (strcmp(pattern_help[i].pattern, pattern) == 0) {
			diag_note(d, NULL, "expected %s", pattern_help[i].meaning);
			break;
		}
	if (v->kind == V_STR && (strstr(v->s, "${") || strstr(v->s, "{{")))
		diag_note(d, NULL, "the value holds a template placeholder: substitute it before validating");
}

/* The node of `root` at field path `p`: properties by key, items by index, map entries. */
static const Schema *
node_at(const Schema *root, const FieldPath *p)
{
	const Schema *s = root;
	for (int i = 0; s && i < p->n; i++) {
		const PathSeg *g = &p->seg[i];
		if (!g->key) {
			s = s->items;
			continue;
		}
		const Schema *next = NULL;
		for (int k = 0; !g->map_key && k < s->nprops && !next; k++)
			if (strcmp(s->props[k].name, g->key) == 0)
				next = s->props[k].s;
		s = next ? next : s->additional;
	}
	return s;
}

static bool
has_prop(const Schema *s, const void *key)
{
	for (int i = 0; i < s->nprops; i++)
		if (strcmp(s->props[i].name, key) == 0)
			return true;
	return false;
}

static bool
has_enum(const Schema *s, const void *v)
{
	for (int i = 0; i < s->nenums; i++)
		if (value_eq(s->enums[i], v))
			return true;
	return false;
}

/*
 * A field or value this Karpenter version does not know may belong to
 * another one: the note says which (the oldest newer release that has it,
 * else the newest older one), so a version mismatch reads as one.
 */
static bool
version_note(Ctx *c, Diag *d, const char *what, bool (*has)(const Schema *, const void *), const void *arg)
{
	const char *versions[16];
	int nv = schema_versions(versions, 16), self = -1;
	for (int i = 0; i < nv; i++)
		if (strcmp(versions[i], c->cs->karpenter) == 0)
			self = i;
	const char *newer = NULL, *older = NULL;
	for (int i = 0; i < nv; i++) {
		if (i == self || (newer && i > self))
			continue;
		const CrdSchema *o = schema_find(versions[i], c->cs->group, c->cs->version, c->cs->kind);
		const Schema *n = o ? node_at(o->root, &c->path) : NULL;
		if (!n || !has(n, arg))
			continue;
		if (i > self)
			newer = versions[i];
		else
			older = versions[i];
	}
	if (newer)
		diag_note(d, NULL, "%s is in the schema of Karpenter %s, not of %s (the target version)", what, newer,
		    c->cs->karpenter);
	else if (older)
		diag_note(d, NULL, "%s is in the schema of Karpenter %s, no longer in %s (the target version)", what,
		    older, c->cs->karpenter);
	return newer || older;
}

static void check(Ctx *c, const Schema *s, const Value *v, const Loc *key_loc);

static void
check_string(Ctx *c, const Schema *s, const Value *v)
{
	if (s->min_len >= 0 || s->max_len >= 0) {
		size_t n = utf8_chars(v->s, v->len);
		if (s->max_len >= 0 && n > (size_t)s->max_len)
			fail(c, &v->loc, "%s is %zu characters long, at most %lld allowed", show(c->arena, v), n,
			    (long long)s->max_len);
		if (s->min_len >= 0 && n < (size_t)s->min_len)
			fail(c, &v->loc, "%s is shorter than %lld character%s", show(c->arena, v),
			    (long long)s->min_len, s->min_len == 1 ? "" : "s");
	}
	for (int i = 0; i < s->npatterns; i++)
		if (!pattern_match(s->patterns[i].re, v->s, v->len)) {
			Diag *d = fail(c, &v->loc, "%s does not match the pattern '%s'", show(c->arena, v),
			    s->patterns[i].text);
			pattern_note(d, s->patterns[i].text, v);
			break;
		}
	if (s->format && strcmp(s->format, "date-time") == 0) {
		const char *err = NULL;
		Pattern *p = pattern_get("[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?"
		    "([Zz]|[+-][0-9]{2}:[0-9]{2})", &err);
		if (p && !pattern_match(p, v->s, v->len))
			fail(c, &v->loc, "%s is not an RFC 3339 date-time", show(c->arena, v));
	}
}

static void
check_number(Ctx *c, const Schema *s, const Value *v)
{
	double x = v->flags & VF_INTEGER ? (double)v->i : v->num;
	if (s->has_min && (x < s->min || (s->excl_min && x == s->min)))
		fail(c, &v->loc, "%s is less than the minimum %s%g", v->s ? v->s : "value",
		    s->excl_min ? "(exclusive) " : "", s->min);
	else if (s->has_max && (x > s->max || (s->excl_max && x == s->max)))
		fail(c, &v->loc, "%s is greater than the maximum %s%g", v->s ? v->s : "value",
		    s->excl_max ? "(exclusive) " : "", s->max);
	else if (s->format && strcmp(s->format, "int32") == 0 && (x < -2147483648.0 || x > 2147483647.0))
		fail(c, &v->loc, "%s does not fit in a 32-bit integer", v->s ? v->s : "value");
}

static void
check_enum(Ctx *c, const Schema *s, const Value *v)
{
	for (int i = 0; i < s->nenums; i++)
		if (value_eq(s->enums[i], v))
			return;
	Diag *d = fail(c, &v->loc, "unsupported value %s", show(c->arena, v));
	version_note(c, d, show(c->arena, v), has_enum, v);
	Buf b = { 0 };
	const char *near = NULL;
	int best = 3;
	for (int i = 0; i < s->nenums; i++) {
		buf_printf(&b, "%s%s", i ? ", " : "", show(c->arena, s->enums[i]));
		if (v->kind == V_STR && s->enums[i]->kind == V_STR) {
			int dist = edit_distance(v->s, s->enums[i]->s, best - 1);
			if (dist < best) {
				best = dist;
				near = s->enums[i]->s;
			}
		}
	}
	if (near)
		diag_note(d, NULL, "did you mean '%s'?", near);
	diag_note(d, NULL, "supported values: %s", b.s ? b.s : "none");
	buf_free(&b);
}

/* The fields an object's own metadata may carry (ObjectMeta). */
static const char *const object_meta_fields[] = {
	"name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation",
	"creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations",
	"ownerReferences", "finalizers", "managedFields",
};

static void
check_string_map(Ctx *c, const Value *map, bool labels)
{
	if (map->kind != V_MAP) {
		fail(c, &map->loc, "expected object, got %s", kind_name(map));
		return;
	}
	size_t total = 0;
	for (int i = 0; i < map->n; i++) {
		const Member *m = &map->members[i];
		push_key(c, m->key, true);
		size_t klen = strlen(m->key);
		if (!k8s_qualified_name(m->key, klen)) {
			Diag *d = fail(c, &m->key_loc, "'%s' is not a valid %s key", m->key,
			    labels ? "label" : "annotation");
			diag_note(d, NULL, "expected a qualified name: an optional DNS subdomain prefix and '/', "
			    "then at most 63 letters, digits, '-', '_' or '.'");
		}
		if (m->val->kind != V_STR && m->val->kind != V_NULL) {
			Diag *d = fail(c, &m->val->loc, "expected string, got %s", kind_name(m->val));
			diag_note(d, NULL, "quote the value: \"%s\"", show(c->arena, m->val));
		} else if (labels && m->val->kind == V_STR && !k8s_label_value(m->val->s, m->val->len)) {
			Diag *d = fail(c, &m->val->loc, "%s is not a valid label value", show(c->arena, m->val));
			diag_note(d, NULL, "expected at most 63 letters, digits, '-', '_' or '.', "
			    "starting and ending with a letter or digit");
		} else if (m->val->kind == V_STR) {
			total += klen + m->val->len;
		}
		c->path.n--;
	}
	if (!labels && total > 256 * 1024)
		fail(c, &map->loc, "annotations total %zu bytes, at most 262144 allowed", total);
}

static void
check_object_meta(Ctx *c, const Value *v, const Loc *key_loc)
{
	if (v->kind != V_MAP) {
		fail(c, &v->loc, "expected object, got %s", kind_name(v));
		return;
	}
	const Value *name = v_get(v, "name"), *gen = v_get(v, "generateName");
	if ((!name || name->kind == V_NULL) && (!gen || gen->kind == V_NULL)) {
		Diag *d = fail(c, key_loc ? key_loc : &v->loc, "missing required field 'name'");
		diag_note(d, NULL, "every object needs 'metadata.name'");
	}
	for (int i = 0; i < v->n; i++) {
		const Member *m = &v->members[i];
		const Value *x = m->val;
		bool known = false;
		for (size_t k = 0; k < sizeof object_meta_fields / sizeof *object_meta_fields; k++)
			known |= strcmp(m->key, object_meta_fields[k]) == 0;
		push_key(c, m->key, false);
		if (!known) {
			fail(c, &m->key_loc, "unknown field");
		} else if (x->kind == V_NULL) {
			/* pruned, as the API server does */
		} else if (strcmp(m->key, "labels") == 0 || strcmp(m->key, "annotations") == 0) {
			check_string_map(c, x, m->key[0] == 'l');
		} else if (strcmp(m->key, "name") == 0 || strcmp(m->key, "generateName") == 0
		    || strcmp(m->key, "namespace") == 0) {
			if (x->kind != V_STR) {
				fail(c, &x->loc, "expected string, got %s", kind_name(x));
			} else if (m->key[0] == 'n' && m->key[1] == 'a' && m->key[2] == 'm'
			    && (x->len > 253 || !pat_match(PAT_DNS1123_SUBDOMAIN, x->s, x->len))) {
				Diag *d = fail(c, &x->loc, "%s is not a valid object name", show(c->arena, x));
				diag_note(d, NULL, "expected a DNS subdomain: at most 253 lower-case letters, "
				    "digits, '-' and '.', starting and ending with a letter or digit");
				if (strstr(x->s, "${") || strstr(x->s, "{{"))
					diag_note(d, NULL, "the value holds a template placeholder: "
					    "substitute it before validating");
			} else if (strcmp(m->key, "namespace") == 0
			    && (x->len > 63 || !pat_match(PAT_DNS1123_LABEL, x->s, x->len))) {
				fail(c, &x->loc, "%s is not a valid namespace name", show(c->arena, x));
			}
		} else if (strcmp(m->key, "finalizers") == 0 && x->kind != V_LIST) {
			fail(c, &x->loc, "expected array, got %s", kind_name(x));
		}
		c->path.n--;
	}
}

/*
 * Where else the schema has a field of this name ("spec.limits"), for the
 * note under an unknown field: misplaced fields are the usual mistake.
 */
static bool
find_field(const Schema *s, const char *name, char *path, size_t len, size_t cap, int depth)
{
	if (!s || depth > 12)
		return false;
	for (int i = 0; i < s->nprops; i++) {
		int n = snprintf(path + len, cap - len, "%s%s", len ? "." : "", s->props[i].name);
		if (n < 0 || (size_t)n >= cap - len)
			continue;
		if (strcmp(s->props[i].name, name) == 0)
			return true;
		if (find_field(s->props[i].s, name, path, len + (size_t)n, cap, depth + 1))
			return true;
	}
	if (s->items) {
		int n = snprintf(path + len, cap - len, "[]");
		if (n > 0 && (size_t)n < cap - len && find_field(s->items, name, path, len + (size_t)n, cap, depth + 1))
			return true;
	}
	path[len] = '\0';
	return false;
}

/* Fields that moved or were renamed between API generations: the note says where they went. */
static const struct { const char *kind, *field, *note; } moved_fields[] = {
	{ "NodePool", "kubelet", "the kubelet settings moved to the EC2NodeClass ('spec.kubelet') in v1" },
	{ "NodePool", "apiVersion", "v1 names the node class by 'group: karpenter.k8s.aws', not 'apiVersion'" },
	{ "NodePool", "ttlSecondsAfterEmpty", "v1beta1 replaced it with 'disruption.consolidationPolicy: WhenEmpty' "
	  "and 'disruption.consolidateAfter'" },
	{ "NodePool", "ttlSecondsUntilExpired", "v1 replaced it with 'template.spec.expireAfter'" },
	{ "NodePool", "providerRef", "v1beta1 replaced it with 'template.spec.nodeClassRef'" },
	{ "EC2NodeClass", "subnetSelector", "v1beta1 replaced it with 'subnetSelectorTerms'" },
	{ "EC2NodeClass", "securityGroupSelector", "v1beta1 replaced it with 'securityGroupSelectorTerms'" },
	{ "EC2NodeClass", "amiSelector", "v1beta1 replaced it with 'amiSelectorTerms'" },
	{ "EC2NodeClass", "launchTemplate", "launch templates are not supported since v1beta1: describe the "
	  "instances in the EC2NodeClass" },
};

static void
unknown_field(Ctx *c, const Schema *s, const Member *m)
{
	push_key(c, m->key, false);
	Diag *d = fail(c, &m->key_loc, "unknown field");
	c->path.n--;
	bool versioned = version_note(c, d, arena_printf(c->arena, "'%s'", m->key), has_prop, m->key);
	const char *near = NULL;
	int best = 3;
	for (int i = 0; i < s->nprops; i++) {
		int dist = edit_distance(m->key, s->props[i].name, best - 1);
		if (dist < best) {
			best = dist;
			near = s->props[i].name;
		}
	}
	char where[512] = "";
	for (size_t i = 0; i < sizeof moved_fields / sizeof *moved_fields; i++)
		if (strcmp(moved_fields[i].kind, c->cs->kind) == 0 && strcmp(moved_fields[i].field, m->key) == 0) {
			diag_note(d, NULL, "%s", moved_fields[i].note);
			return;
		}
	if (near) {
		diag_note(d, NULL, "did you mean '%s'?", near);
	} else if (find_field(c->cs->root, m->key, where, 0, sizeof where, 0) && strchr(where, '.')) {
		diag_note(d, NULL, "'%s' is a field of '%.*s', not of this object", m->key,
		    (int)(strlen(where) - strlen(m->key) - 1), where);
	} else if (s->nprops && !versioned) {
		Buf b = { 0 };
		for (int i = 0; i < s->nprops; i++)
			buf_printf(&b, "%s'%s'", i ? ", " : "", s->props[i].name);
		diag_note(d, NULL, "known fields here: %s", b.s);
		buf_free(&b);
	}
}

static void
check_object(Ctx *c, const Schema *s, const Value *v, const Loc *key_loc)
{
	int present = 0;
	for (int i = 0; i < v->n; i++) {
		const Member *m = &v->members[i];
		const Schema *ps = NULL;
		for (int k = 0; k < s->nprops; k++)
			if (s->props[k].name[0] == m->key[0] && strcmp(s->props[k].name, m->key) == 0) {
				ps = s->props[k].s;
				break;
			}
		bool map_key = false;
		if (!ps && s->additional) {
			ps = s->additional;
			map_key = true;
		}
		if (!ps) {
			if (!s->preserve_unknown)
				unknown_field(c, s, m);
			continue;
		}
		if (m->val->kind == V_NULL && !ps->nullable)
			continue;  /* pruned */
		present++;
		push_key(c, m->key, map_key);
		check(c, ps, m->val, &m->key_loc);
		c->path.n--;
	}
	for (int r = 0; r < s->nrequired; r++) {
		const Value *x = v_get(v, s->required[r]);
		/* the API server defaults before it validates: a default satisfies `required` */
		if ((!x || x->kind == V_NULL) && !schema_field_default(s, s->required[r]))
			fail(c, key_loc ? key_loc : &v->loc, "missing required field '%s'", s->required[r]);
	}
	if (s->max_props >= 0 && present > s->max_props)
		fail(c, key_loc ? key_loc : &v->loc, "%d entries, at most %lld allowed", present,
		    (long long)s->max_props);
	if (s->min_props >= 0 && present < s->min_props)
		fail(c, key_loc ? key_loc : &v->loc, "%d entries, at least %lld required", present,
		    (long long)s->min_props);
}

static void
check_array(Ctx *c, const Schema *s, const Value *v, const Loc *key_loc)
{
	if (s->max_items >= 0 && v->n > s->max_items)
		fail(c, key_loc ? key_loc : &v->loc, "%d items, at most %lld allowed", v->n, (long long)s->max_items);
	if (s->min_items >= 0 && v->n < s->min_items)
		fail(c, key_loc ? key_loc : &v->loc, "%d item%s, at least %lld required", v->n, v->n == 1 ? "" : "s",
		    (long long)s->min_items);
	for (int i = 0; i < v->n; i++) {
		push_index(c, i);
		const Value *it = v->items[i];
		if (s->items) {
			if (it->kind == V_NULL && !s->items->nullable)
				fail(c, &it->loc, "expected %s, got null", types_name(s->items));
			else
				check(c, s->items, it, &it->loc);
		}
		/* x-kubernetes-list-type set: no duplicates (scalars only in these CRDs) */
		if (s->list_type == LIST_SET)
			for (int j = 0; j < i; j++)
				if (value_eq(v->items[j], it)) {
					Diag *d = fail(c, &it->loc, "duplicate value %s", show(c->arena, it));
					diag_note(d, &v->items[j]->loc, "first given here");
					break;
				}
		c->path.n--;
	}
}

static void
run_cel(Ctx *c, const Schema *s, const Value *v, const Loc *key_loc)
{
	for (int i = 0; i < s->ncel; i++) {
		CelCtx cc = { c->arena, s->cel[i].rule, v, key_loc ? key_loc : &v->loc, s, &c->path, 0 };
		s->cel[i].check(&cc);
		c->errors += cc.errors;
	}
}

static void
check(Ctx *c, const Schema *s, const Value *v, const Loc *key_loc)
{
	if (v->kind == V_UNKNOWN)
		return;  /* an expression karpgen cannot evaluate: nothing is guessed */
	/* a template placeholder stands for a value not substituted yet: KG111 says so, the schema cannot */
	size_t pn;
	if (v->kind == V_STR && placeholder_find(v->s, v->len, &pn, false))
		return;
	if (s->object_meta) {
		check_object_meta(c, v, key_loc);
		return;
	}
	if (v->kind == V_NULL && s->nullable)
		return;
	if (!type_ok(s, v)) {
		Diag *d = fail(c, &v->loc, "expected %s, got %s%s%s", types_name(s), kind_name(v),
		    v->kind == V_LIST || v->kind == V_MAP || v->kind == V_NULL ? "" : " ",
		    v->kind == V_LIST || v->kind == V_MAP || v->kind == V_NULL ? "" : show(c->arena, v));
		if ((s->types & ST_STRING) && (v->kind == V_NUM || v->kind == V_BOOL))
			diag_note(d, NULL, "YAML reads %s as a %s: quote it (\"%s\") to make it a string",
			    show(c->arena, v), kind_name(v), show(c->arena, v));
		else if ((s->types & (ST_INTEGER | ST_NUMBER | ST_BOOLEAN)) && v->kind == V_STR)
			diag_note(d, NULL, "remove the quotes to make it a %s", types_name(s));
		return;
	}
	switch (v->kind) {
	case V_MAP:
		if (s->types & ST_OBJECT)
			check_object(c, s, v, key_loc);
		break;
	case V_LIST:
		check_array(c, s, v, key_loc);
		break;
	case V_STR:
		check_string(c, s, v);
		break;
	case V_NUM:
		check_number(c, s, v);
		break;
	default:
		break;
	}
	if (s->nenums && v->kind != V_MAP && v->kind != V_LIST)
		check_enum(c, s, v);
	if (s->ncel)
		run_cel(c, s, v, key_loc);
}

int
schema_validate(Arena *a, const CrdSchema *cs, const Value *doc)
{
	Ctx *c = malloc(sizeof *c);
	if (!c)
		fatal_oom();
	c->arena = a;
	c->cs = cs;
	c->path.n = 0;
	c->errors = 0;
	check(c, cs->root, doc, NULL);
	int n = c->errors;
	free(c);
	return n;
}
