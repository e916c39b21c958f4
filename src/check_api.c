/*
 * check_api.c - the validate driver: one Karpenter document after another
 * against the schema and CEL rules (schema.c, cel.c) of the API version the
 * target serves (KG320), then, when the API server would accept it, the
 * controller's own checks (check_controller.c, KG330), and the
 * cross-document nodeClassRef check (KG304); and the kit's node groups
 * against the target's API around lower() (labels KG302 and AMIs KG305,
 * reported by the validator, schema.c).
 * The checks bound to schema nodes (CEL rules, karpgen's own runtime
 * checks, the `@latest` alias) are the validator's: cel.c and schema.c.
 */
#include "karpgen.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ API versions */

static bool
karpenter_group(const char *g, size_t n)
{
	return (n == 12 && memcmp(g, "karpenter.sh", 12) == 0) || (n == 17 && memcmp(g, "karpenter.k8s.aws", 17) == 0);
}

/* The newest generation of `family` the target serves, and its API version; -1 when none. */
static int
newest_served(const char *karpenter, const char *family, const ApiKind **which)
{
	int best = -1;
	for (int i = 0; i < API_KIND_COUNT; i++) {
		const ApiKind *k = &api_kinds[i];
		if (strcmp(k->family, family) == 0 && k->gen > best
		    && schema_find(karpenter, k->group, k->version, k->kind)) {
			best = k->gen;
			*which = k;
		}
	}
	return best;
}

static void
convert_note(Diag *d, const ApiKind *to, const Value *doc)
{
	if (strcmp(to->family, "NodeClaim") == 0) {
		diag_note(d, NULL, "%ss are created by Karpenter itself: remove this one from the manifests", to->kind);
		return;
	}
	diag_note(d, NULL, "convert it offline: karpgen convert --to %s %s", to->version,
	    doc->loc.file ? doc->loc.file->name : "FILE");
}

/* Per run: the schema the target serves for each API kind, and the newest generation of its family. */
struct ApiServed {
	bool known;
	const CrdSchema *cs;
	const ApiKind *newest;
	int gen;
};

/*
 * KG320 for compile: the kit writes NodePools and EC2NodeClasses of the
 * newest API the target serves (v1, else v1beta1).  check_compile_target()
 * runs before lower(): false (after the error) when the target serves
 * neither.  kit_schemas() finds the two CRD schemas the kit's manifests are
 * validated against; false (after the error) when the schema data lacks one.
 */
bool
check_compile_target(const KarpVersion *kv)
{
	if (kv_serves(kv, API_V1) || kv_serves(kv, API_BETA))
		return true;
	diag(KG320, NULL, "Karpenter %s serves only v1alpha5 Provisioners; 'compile' writes NodePools "
	    "(0.32 or later)", kv->name);
	return false;
}

bool
kit_schemas(const KarpVersion *kv, bool v1, const CrdSchema **pool, const CrdSchema **nc)
{
	const char *ver = v1 ? "v1" : "v1beta1";
	*pool = schema_find(kv->name, "karpenter.sh", ver, "NodePool");
	*nc = schema_find(kv->name, "karpenter.k8s.aws", ver, "EC2NodeClass");
	if (*pool && *nc)
		return true;
	diag(KG320, NULL, "Karpenter %s serves no %s NodePool and EC2NodeClass", kv->name, ver);
	return false;
}

/*
 * KG320: an API version the target does not serve; KG324 (a warning): one
 * it serves only until the next release.  Returns the schema to validate
 * against, NULL when the document cannot be checked further.
 */
static const CrdSchema *
served_schema(Validation *vs, const ApiKind *ak, const Value *doc, const Value *av)
{
	const char *target = vs->kv->name;
	struct ApiServed *sv = &vs->served[ak - api_kinds];
	if (!sv->known) {
		sv->known = true;
		sv->cs = schema_find(target, ak->group, ak->version, ak->kind);
		sv->gen = newest_served(target, ak->family, &sv->newest);
	}
	const CrdSchema *cs = sv->cs;
	const ApiKind *newest = sv->newest;
	int gen = sv->gen;
	if (cs) {
		if (gen > ak->gen) {
			Diag *d = diag(KG324, &av->loc, "'%s/%s' %s is deprecated in Karpenter %s "
			    "and no longer served from %s", ak->group, ak->version, ak->kind, target, ak->removed);
			convert_note(d, newest, doc);
		}
		return cs;
	}
	/* which supported releases serve it at all? */
	const char *first = NULL, *last = NULL, *versions[16];
	int nv = schema_versions(versions, 16);
	for (int i = 0; i < nv; i++)
		if (schema_find(versions[i], ak->group, ak->version, ak->kind)) {
			if (!first)
				first = versions[i];
			last = versions[i];
		}
	if (gen > ak->gen || (gen < 0 && last && karpenter_release_index(target) > karpenter_release_index(last))) {
		Diag *d = diag(KG320, &av->loc, "'%s/%s' %s is not served by Karpenter %s (removed in %s)",
		    ak->group, ak->version, ak->kind, target, ak->removed);
		if (newest)
			convert_note(d, newest, doc);
		diag_note(d, NULL, "to check it as it is, validate with '--karpenter-version %s'", last);
	} else {
		Diag *d = diag(KG320, &av->loc, "'%s/%s' %s is not served by Karpenter %s yet", ak->group,
		    ak->version, ak->kind, target);
		if (first)
			diag_note(d, NULL, "it needs Karpenter %s or later: validate with '--karpenter-version %s'",
			    first, first);
		if (newest)
			diag_note(d, NULL, "Karpenter %s serves '%s/%s' %s", target, newest->group, newest->version,
			    newest->kind);
	}
	return NULL;
}

/* ------------------------------------------------------------ nodeClassRef */

/*
 * KG304, within one document: the reference names the AWS node class by its
 * group (v1) or apiVersion (v1beta1, v1alpha5 providerRef) and kind.  A
 * group the schema already rejects (empty, or with a '/') is not reported
 * twice.
 */
static bool
check_ref_shape(const ApiKind *ak, const Value *ref, const char *path)
{
	bool ok = true;
	const char *want_kind = ak->gen == 0 ? "AWSNodeTemplate" : "EC2NodeClass";
	const Value *kind = cel_field(ref, "kind");
	if (ak->gen == 2) {
		const Value *g = cel_field(ref, "group");
		if (g && g->kind == V_STR && g->len && !memchr(g->s, '/', g->len) && strcmp(g->s, "karpenter.k8s.aws") != 0) {
			Diag *d = diag(KG304, &g->loc, "%s.group: '%s' is not the group of the AWS node classes", path, g->s);
			if (strcmp(g->s, "eks.amazonaws.com") == 0)
				diag_note(d, NULL, "'eks.amazonaws.com' NodeClass is EKS Auto Mode's: it exists only on an "
				    "Auto Mode cluster, not with a Karpenter you install");
			diag_note(d, NULL, "write 'group: karpenter.k8s.aws'");
			ok = false;
		}
	} else {
		const Value *av = cel_field(ref, "apiVersion");
		if (av && av->kind == V_STR && (strncmp(av->s, "karpenter.k8s.aws/", 18) != 0)) {
			Diag *d = diag(KG304, &av->loc, "%s.apiVersion: '%s' is not an AWS node class API version",
			    path, av->s);
			diag_note(d, NULL, "write 'apiVersion: karpenter.k8s.aws/%s'", ak->gen == 0 ? "v1alpha1" : "v1beta1");
			ok = false;
		}
	}
	if (kind && kind->kind == V_STR && kind->len && strcmp(kind->s, want_kind) != 0) {
		Diag *d = diag(KG304, &kind->loc, "%s.kind: '%s' is not '%s'", path, kind->s, want_kind);
		diag_note(d, NULL, "write 'kind: %s'", want_kind);
		ok = false;
	}
	return ok;
}

static const char *
ref_path(const ApiKind *ak)
{
	return ak->gen == 0 ? "spec.providerRef" : "spec.template.spec.nodeClassRef";
}

static const Value *
ref_of(const ApiKind *ak, const Value *doc)
{
	const Value *spec = cel_field(doc, "spec");
	if (ak->gen == 0)
		return cel_field(spec, "providerRef");
	return cel_field(cel_field(cel_field(spec, "template"), "spec"), "nodeClassRef");
}

/* ------------------------------------------------------------ documents */

static const char *
doc_name(const Value *doc)
{
	const Value *n = cel_field(cel_field(doc, "metadata"), "name");
	return n && n->kind == V_STR ? n->s : NULL;
}

void
validation_init(Validation *vs, Arena *a, const KarpVersion *kv)
{
	memset(vs, 0, sizeof *vs);
	vs->arena = a;
	vs->kv = kv;
	vs->served = arena_alloc(a, API_KIND_COUNT * sizeof *vs->served);
}

/*
 * References are settled as they come when the class they name is among
 * the last few defined (or the class comes among the next few), so that a
 * run over many documents keeps the names of the classes, not one entry
 * per NodePool as well: the usual layouts put a NodePool and its class
 * side by side.  The rest are looked up at the end, as before.
 */
enum { NEAR_REFS = 8 };

static bool
same_class(const ClassName *c, const char *kind, const char *name)
{
	return strcmp(c->kind, kind) == 0 && strcmp(c->name, name) == 0;
}

/*
 * What check_overlays() reads of a v1 NodePool: spec.template's
 * spec.requirements and metadata.labels, copied into `a`.
 */
static const Value *
pool_summary(Arena *a, const Value *pool)
{
	const Value *tmpl = cel_field(cel_field(pool, "spec"), "template");
	const Value *reqs = cel_field(cel_field(tmpl, "spec"), "requirements");
	const Value *labels = cel_field(cel_field(tmpl, "metadata"), "labels");
	Value *t = v_new(a, V_MAP, &pool->loc), *spec = v_new(a, V_MAP, &pool->loc);
	Value *out = v_new(a, V_MAP, &pool->loc), *ts = v_new(a, V_MAP, &pool->loc), *md = v_new(a, V_MAP, &pool->loc);
	if (reqs)
		v_map_put(a, ts, "requirements", &reqs->loc, v_clone(a, reqs));
	if (labels)
		v_map_put(a, md, "labels", &labels->loc, v_clone(a, labels));
	v_map_put(a, t, "spec", &pool->loc, ts);
	v_map_put(a, t, "metadata", &pool->loc, md);
	v_map_put(a, spec, "template", &pool->loc, t);
	v_map_put(a, out, "spec", &pool->loc, spec);
	return out;
}

static void
count_kind(Validation *vs, const char *kind)
{
	vs->validated++;
	for (int i = 0; i < vs->kinds.n; i++)
		if (strcmp(vs->kinds.v[i].kind, kind) == 0) {
			vs->kinds.v[i].n++;
			return;
		}
	KindCount k = { arena_strdup(vs->arena, kind), 1 };
	VEC_PUSH(vs->arena, vs->kinds, k);
}

bool
validate_document(Validation *vs, const Value *doc)
{
	if (!doc || doc->kind == V_NULL)
		return false;  /* an empty document ("---" with nothing after it) */
	const Value *av = v_get(doc, "apiVersion"), *kd = v_get(doc, "kind");
	if (doc->kind != V_MAP || !av || av->kind != V_STR || !kd || kd->kind != V_STR) {
		vs->skipped++;
		return false;
	}
	const char *slash = strchr(av->s, '/');
	if (!slash || !karpenter_group(av->s, (size_t)(slash - av->s))) {
		vs->skipped++;
		return false;
	}
	count_kind(vs, kd->s);
	const ApiKind *ak = NULL;
	bool kind_known = false;
	size_t gl = (size_t)(slash - av->s);
	for (int i = 0; i < API_KIND_COUNT; i++) {
		const ApiKind *k = &api_kinds[i];
		if (strlen(k->group) != gl || strncmp(k->group, av->s, gl) != 0 || strcmp(k->kind, kd->s) != 0)
			continue;
		kind_known = true;
		if (strcmp(k->version, slash + 1) == 0)
			ak = k;
	}
	if (!ak) {
		Buf b = { 0 };
		for (int i = 0; i < API_KIND_COUNT; i++)
			if (strlen(api_kinds[i].group) == gl && strncmp(api_kinds[i].group, av->s, gl) == 0)
				buf_printf(&b, "%s%s/%s %s", b.len ? ", " : "", api_kinds[i].group, api_kinds[i].version,
				    api_kinds[i].kind);
		schema_unknown_api(av, kd, kind_known, b.s);
		buf_free(&b);
		return true;
	}
	if (strcmp(ak->family, "EC2NodeClass") == 0 && doc_name(doc)) {
		ClassName def = { ak->kind, arena_strdup(vs->arena, doc_name(doc)) };
		VEC_PUSH(vs->arena, vs->nodeclasses, def);
		/* a reference just before it that it resolves is settled (NodePool, then its class) */
		for (int i = vs->refs.n - 1; i >= 0 && i >= vs->refs.n - NEAR_REFS; i--)
			if (same_class(&def, vs->refs.v[i].kind, vs->refs.v[i].name)) {
				memmove(&vs->refs.v[i], &vs->refs.v[i + 1], (size_t)(vs->refs.n - i - 1) * sizeof *vs->refs.v);
				vs->refs.n--;
				break;
			}
	}
	const CrdSchema *cs = served_schema(vs, ak, doc, av);
	if (!cs)
		return true;
	int before = diag_count(SEV_ERROR);
	Arena *scratch = vs->scratch ? vs->scratch : vs->arena;
	schema_validate(scratch, cs, doc);
	/* what the controller checks of an object the API server accepts (KG330) */
	if (diag_count(SEV_ERROR) == before)
		check_controller(scratch, vs->kv, ak->kind, ak->gen, doc);
	if (strcmp(ak->family, "EC2NodeClass") == 0 && ak->gen == 2) {
		check_ami_pins(scratch, doc, vs->k8s, false);      /* KG251 */
		check_alias_latest_doc(scratch, doc, vs->k8s);       /* KG230 */
	}
	/*
	 * NodeOverlays and the v1 NodePools they select, cross-checked at the
	 * end (KG310): only an overlay both the API server and the controller
	 * take.  What is kept outlives the document (validate drops each after
	 * this): an overlay whole, of a NodePool only what an overlay is matched
	 * against.
	 */
	if (strcmp(ak->kind, "NodeOverlay") == 0 && diag_count(SEV_ERROR) == before)
		VEC_PUSH(vs->arena, vs->overlays, v_clone(vs->arena, doc));
	else if (strcmp(ak->family, "NodePool") == 0 && ak->gen == 2 && !vs->no_overlays)
		VEC_PUSH(vs->arena, vs->nodepools, pool_summary(vs->arena, doc));
	if (strcmp(ak->family, "NodePool") == 0) {
		const Value *ref = ref_of(ak, doc);
		/* the name is looked up at the end, when it names the right kind */
		const Value *name = cel_field(ref, "name");
		if (ref && ref->kind == V_MAP && check_ref_shape(ak, ref, ref_path(ak)) && name
		    && name->kind == V_STR && name->len && !is_placeholder(name->s)) {
			/* copied: validate drops the document after this */
			ClassRef use = { ak->gen == 0 ? "AWSNodeTemplate" : "EC2NodeClass", name->s, name->loc, ref_path(ak) };
			/* settled by a class just before it (the class, then its NodePool): nothing to keep */
			bool settled = false;
			for (int i = vs->nodeclasses.n - 1; i >= 0 && i >= vs->nodeclasses.n - NEAR_REFS && !settled; i--)
				settled = same_class(&vs->nodeclasses.v[i], use.kind, use.name);
			if (!settled) {
				use.name = arena_strdup(vs->arena, name->s);
				VEC_PUSH(vs->arena, vs->refs, use);
			}
		}
	}
	return true;
}

static int
cmp_class(const void *pa, const void *pb)
{
	const ClassName *a = pa, *b = pb;
	int c = strcmp(a->kind, b->kind);
	return c ? c : strcmp(a->name, b->name);
}

/* A name a typo away: within a third of its length (one edit at least). */
static bool
near_name(const char *a, const char *b)
{
	int n = (int)strlen(b), max = n / 3 > 1 ? n / 3 : 1;
	return edit_distance(a, b, max) <= max;
}

bool
validation_has_class(Validation *vs, const ClassRef *r)
{
	if (vs->classes_sorted != vs->nodeclasses.n) {
		qsort(vs->nodeclasses.v, (size_t)vs->nodeclasses.n, sizeof *vs->nodeclasses.v, cmp_class);
		vs->classes_sorted = vs->nodeclasses.n;
	}
	ClassName key = { r->kind, r->name };
	return vs->nodeclasses.n && bsearch(&key, vs->nodeclasses.v, (size_t)vs->nodeclasses.n,
	    sizeof *vs->nodeclasses.v, cmp_class);
}

void
validation_finish(Validation *vs)
{
	if (vs->incomplete)
		return;
	check_overlays(vs->overlays.v, vs->overlays.n, vs->nodepools.v, vs->nodepools.n);
	for (int i = 0; i < vs->refs.n; i++) {
		const ClassRef *r = &vs->refs.v[i];
		if (validation_has_class(vs, r))
			continue;
		/*
		 * Not in the inputs: in a file beside them (beside.c) is as good.
		 * Found nowhere, it may be applied from elsewhere: a KG311 warning
		 * that says so, unless a class of a near name or of another kind by
		 * that name exists (a typo, KG304), or --strict-refs makes the
		 * repository a closed set.
		 */
		bool typo = false, found = false;
		for (int k = 0; k < vs->beside.n && !found; k++) {
			const ClassRef *c = &vs->beside.v[k];
			found = strcmp(c->name, r->name) == 0 && strcmp(c->kind, r->kind) == 0;
			typo |= strcmp(c->name, r->name) == 0 || near_name(c->name, r->name);
		}
		if (found)
			continue;
		for (int k = 0; k < vs->nodeclasses.n && !typo; k++)
			typo = strcmp(vs->nodeclasses.v[k].name, r->name) == 0 ||
			    near_name(vs->nodeclasses.v[k].name, r->name);
		Diag *d;
		if (typo || vs->strict_refs) {
			d = diag(KG304, &r->at, "%s.name: no %s named '%s' in the inputs", r->path, r->kind, r->name);
		} else {
			d = diag(KG311, &r->at, "%s.name: no %s named '%s' in the inputs%s: the "
			    "reference is not checked", r->path, r->kind, r->name,
			    vs->beside_searched ? " or the files beside them" : "");
			diag_note(d, NULL, "give the file that defines it along with this one, or use '--strict-refs' "
			    "to make a class found nowhere an error");
			continue;
		}
		Buf names = { 0 };
		const char *near = NULL;
		int best = 4, count = 0;
		for (int k = 0; k < vs->beside.n; k++) {
			const ClassRef *c = &vs->beside.v[k];
			if (strcmp(c->name, r->name) == 0 && strcmp(c->kind, r->kind) != 0)
				diag_note(d, NULL, "'%s' beside it defines %s '%s', not %s", c->path, c->kind, c->name, r->kind);
			else if (strcmp(c->kind, r->kind) == 0 && edit_distance(c->name, r->name, best) < best) {
				best = edit_distance(c->name, r->name, best);
				near = c->name;
			}
		}
		for (int k = 0; k < vs->nodeclasses.n; k++) {
			const ClassName *c = &vs->nodeclasses.v[k];
			if (strcmp(c->kind, r->kind) != 0)
				continue;
			if (count++ < 8)
				buf_printf(&names, "%s'%s'", names.len ? ", " : "", c->name);
			int dist = edit_distance(c->name, r->name, best - 1);
			if (dist < best) {
				best = dist;
				near = c->name;
			}
		}
		if (near)
			diag_note(d, NULL, "did you mean '%s'?", near);
		if (names.len)
			diag_note(d, NULL, "the inputs define %s %s%s", r->kind, names.s, count > 8 ? ", ..." : "");
		diag_note(d, NULL, "give the file that defines it along with this one: a NodePool cannot "
		    "launch nodes without its node class");
		buf_free(&names);
	}
}

void
validate_objects(Arena *a, const KarpVersion *kv, const SVal *k8s, KObject *const *objs, int n)
{
	Validation vs;
	validation_init(&vs, a, kv);
	vs.k8s = k8s;
	for (int i = 0; i < n; i++)
		validate_document(&vs, objs[i]->doc);
	validation_finish(&vs);
}

/* ------------------------------------------------------------ the kit's groups */

void
check_groups_api(const IR *ir)
{
	const KarpVersion *kv = &ir->opt->kv;
	for (int i = 0; i < ir->groups.n; i++) {
		const NodeGroup *g = ir->groups.v[i];
		if (!lower_migrates(g))
			continue;
		AmiSel s;
		api_group_ami(g, ami_select(g, &s), &s);
		api_group_labels(g, kv);
	}
}

bool
check_kit_amis(const Lowered *lw)
{
	/* the family (v1beta1's amiFamily, v1's alias) must be one the target has: Windows2025 only from 1.9 */
	bool ok = true;
	for (int i = 0; i < lw->pools.n; i++) {
		const NodeGroup *g = lw->pools.v[i]->groups.v[0];
		AmiSel s;
		if (ami_select(g, &s) == AMI_OK && !s.ami_id && !api_ami_family_served(g, &s, &lw->ir->opt->kv))
			ok = false;
	}
	return ok;
}
