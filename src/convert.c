/*
 * convert.c - old Karpenter objects to the target API (docs/convert.md).
 *
 *   v1alpha5 Provisioner     --> v1beta1 NodePool     --> v1 NodePool
 *   v1alpha1 AWSNodeTemplate --> v1beta1 EC2NodeClass --> v1 EC2NodeClass
 *
 * Each arrow is one function over the value tree.  An old object takes every
 * step up to the target, so v1alpha5 -> v1 is the composition and each rule is
 * written once.  The first arrow follows the retired upstream converter
 * (karpenter-convert, v0.32.10), the second the v1 upgrade guide, except
 * where the old API's behaviour and the new API's default differ: there the
 * old behaviour is written out (with a KG323 note) instead of being changed
 * silently.  What has no faithful equivalent is a KG322 error; what converts
 * but needs the user's eye is a KG321 warning.
 *
 * Output members that continue an input key keep its key_loc, whatever their
 * new name, so that comments can follow them; members convert creates get an
 * empty key_loc.  Every value convert creates has the Loc of the input value
 * it comes from, so later diagnostics point into the input.
 */
#include "karpgen.h"

#include <string.h>

enum { MAX_TERMS = 30 };        /* maxItems of every *SelectorTerms list */

#define GROUP_AWS "karpenter.k8s.aws"

static const Loc noloc;

/* ------------------------------------------------------------ the run */

typedef struct NodeClass NodeClass;

/* A NodePool on its way to v1: its kubelet settings move to its EC2NodeClass. */
typedef struct Pool {
	Value *doc;
	const char *name;
	Value *ref_name;          /* nodeClassRef.name, rewritten when the class is split */
	const char *class_name;
	Value *kubelet;           /* NULL: none (the kubelet defaults) */
	Loc kubelet_key;          /* the input key `kubelet` / `kubeletConfiguration` */
	Loc where;                /* for diagnostics: the kubelet, else the nodeClassRef */
	const SrcFile *file;
} Pool;

struct NodeClass {
	Value *doc;
	const char *name;
	const SrcFile *file;
	int out_index;            /* in Conv.out; copies follow it */
	bool assigned;            /* its kubelet settings are decided ... */
	Value *kubelet;           /* ... and are these (NULL: none) */
	const Pool *first;        /* the NodePool that decided them */
	VEC(NodeClass *) copies;
};

typedef struct Conv {
	Arena *a;
	const ConvertOptions *o;
	const Value *from;        /* the input document being converted */
	int errors;               /* error diagnostics before it: a failed step ends its way */
	VEC(Converted) out;
	VEC(Pool) pools;
	VEC(NodeClass *) classes;
} Conv;

/* ------------------------------------------------------------ building values */

static Value *
mk_str(Conv *c, const char *s, const Loc *loc)
{
	return v_str(c->a, s, strlen(s), loc);
}

static Value *
mk_int(Conv *c, int64_t i, const Loc *loc)
{
	Value *v = v_new(c->a, V_NUM, loc);
	v->flags = VF_INTEGER;
	v->i = i;
	v->num = (double)i;
	v->s = arena_printf(c->a, "%lld", (long long)i);
	v->len = strlen(v->s);
	return v;
}

static Value *
mk_map(Conv *c, const Loc *loc)
{
	return v_new(c->a, V_MAP, loc);
}

/* A member convert creates: no key_loc, so no input comment follows it. */
static void
put(Conv *c, Value *map, const char *key, Value *val)
{
	v_map_put(c->a, map, key, &noloc, val);
}

/* A member that continues input member `m`, perhaps under a new name. */
static void
put_as(Conv *c, Value *map, const char *key, const Member *m, Value *val)
{
	v_map_put(c->a, map, key, m ? &m->key_loc : &noloc, val);
}

static int
map_index(const Value *map, const char *key)
{
	if (!map || map->kind != V_MAP)
		return -1;
	for (int i = 0; i < map->n; i++)
		if (strcmp(map->members[i].key, key) == 0)
			return i;
	return -1;
}

static void
map_del(Value *map, const char *key)
{
	int i = map_index(map, key);
	if (i < 0)
		return;
	memmove(&map->members[i], &map->members[i + 1], (size_t)(map->n - i - 1) * sizeof *map->members);
	map->n--;
}

static void
map_insert(Conv *c, Value *map, int pos, const char *key, const Loc *key_loc, Value *val)
{
	v_map_put(c->a, map, key, key_loc ? key_loc : &noloc, val);
	Member m = map->members[map->n - 1];
	memmove(&map->members[pos + 1], &map->members[pos], (size_t)(map->n - 1 - pos) * sizeof m);
	map->members[pos] = m;
}

/* Replace the value of `key` where it is (keeping its key_loc), or append it. */
static void
map_set(Conv *c, Value *map, const char *key, Value *val)
{
	int i = map_index(map, key);
	if (i >= 0)
		map->members[i].val = val;
	else
		put(c, map, key, val);
}

/* The map under `key`, appended when absent. */
static Value *
child_map(Conv *c, Value *map, const char *key, const Loc *loc)
{
	Value *v = v_get(map, key);
	if (v && v->kind == V_MAP)
		return v;
	v = mk_map(c, loc);
	map_set(c, map, key, v);
	return v;
}

Value *
convert_clone(Arena *a, const Value *v)
{
	if (!v)
		return NULL;
	Value *c = arena_alloc(a, sizeof *c);
	*c = *v;
	c->n = 0;
	c->items = NULL;
	c->members = NULL;
	if (v->kind == V_LIST)
		for (int i = 0; i < v->n; i++)
			v_list_push(a, c, convert_clone(a, v->items[i]));
	else if (v->kind == V_MAP)
		for (int i = 0; i < v->n; i++)
			v_map_put(a, c, v->members[i].key, &v->members[i].key_loc,
			    convert_clone(a, v->members[i].val));
	return c;
}

char *
convert_duration(Arena *a, int64_t s)
{
	char buf[80];
	int n = 0;
	long long h = (long long)(s / 3600), m = (long long)(s % 3600 / 60), sec = (long long)(s % 60);
	if (h)
		n += snprintf(buf + n, sizeof buf - (size_t)n, "%lldh", h);
	if (m)
		n += snprintf(buf + n, sizeof buf - (size_t)n, "%lldm", m);
	if (sec || n == 0)
		snprintf(buf + n, sizeof buf - (size_t)n, "%llds", sec);
	return arena_strdup(a, buf);
}

/* ------------------------------------------------------------ checking input */

static const char *
kind_phrase(VKind k)
{
	static const char *const p[] = {
		"null", "a boolean", "a number", "a string", "a list", "an object", "an expression",
	};
	return p[k];
}

/* The member's value is of kind `k`; otherwise a KG106 and false. */
static bool
want(const Member *m, VKind k, const char *path)
{
	if (m->val->kind == k)
		return true;
	diag(KG106, &m->val->loc, "'%s' should be %s, not %s", path, kind_phrase(k),
	    kind_phrase(m->val->kind));
	return false;
}

static bool
get_seconds(const Member *m, const char *path, int64_t *out)
{
	const Value *v = m->val;
	if (v->kind != V_NUM || !(v->flags & VF_INTEGER)) {
		diag(KG106, &v->loc, "'%s' should be a whole number of seconds, not %s", path,
		    kind_phrase(v->kind));
		return false;
	}
	if (v->i < 0) {
		diag(KG112, &v->loc, "'%s' is negative", path);
		return false;
	}
	*out = v->i;
	return true;
}

static const char *
str_of(const Value *v)
{
	return v && v->kind == V_STR ? v->s : NULL;
}

static const char *
doc_name(const Value *doc)
{
	const char *s = str_of(v_path(doc, "metadata.name"));
	return s ? s : "";
}

/* The set of dotted paths convert writes into messages: "spec" of the object,
 * or "spec.provider" for a node template inlined in a Provisioner. */
static const char *
path(Conv *c, const char *prefix, const char *key)
{
	return arena_printf(c->a, "%s.%s", prefix, key);
}

/* ------------------------------------------------------------ every object */

/* Fields the API server writes; a manifest read back from a cluster has them. */
static const char *const server_fields[] = {
	"creationTimestamp", "resourceVersion", "uid", "generation", "managedFields", "selfLink",
};
#define LAST_APPLIED "kubectl.kubernetes.io/last-applied-configuration"

/* Drop what the API server wrote (it describes the old object), with a note. */
static void
drop_server_fields(Conv *c, Value *doc)
{
	const char *dropped = NULL;
	Value *md = v_get(doc, "metadata");
	for (size_t i = 0; i < sizeof server_fields / sizeof *server_fields; i++)
		if (map_index(md, server_fields[i]) >= 0) {
			map_del(md, server_fields[i]);
			dropped = arena_printf(c->a, "%s%s'metadata.%s'", dropped ? dropped : "",
			    dropped ? ", " : "", server_fields[i]);
		}
	Value *ann = v_get(md, "annotations");
	if (map_index(ann, LAST_APPLIED) >= 0) {
		map_del(ann, LAST_APPLIED);
		dropped = arena_printf(c->a, "%s%s'%s'", dropped ? dropped : "", dropped ? ", " : "",
		    LAST_APPLIED);
		if (ann->n == 0)
			map_del(md, "annotations");
	}
	if (map_index(doc, "status") >= 0) {
		map_del(doc, "status");
		dropped = arena_printf(c->a, "%s%s'status'", dropped ? dropped : "", dropped ? ", " : "");
	}
	if (dropped)
		diag(KG323, &doc->loc, "dropped what the API server wrote about the old object: %s", dropped);
}

static void
set_type(Conv *c, Value *doc, const char *api, const char *kind)
{
	const Value *a = v_get(doc, "apiVersion"), *k = v_get(doc, "kind");
	map_set(c, doc, "apiVersion", mk_str(c, api, a ? &a->loc : &doc->loc));
	map_set(c, doc, "kind", mk_str(c, kind, k ? &k->loc : &doc->loc));
}

static void
emit(Conv *c, Value *doc, bool changed)
{
	Converted o = { .doc = doc, .from = c->from, .changed = changed };
	VEC_PUSH(c->a, c->out, o);
}

/* ------------------------------------------------------------ selectors */

/*
 * v1alpha1 selectors are maps; the target has lists of ORed terms whose
 * fields are ANDed.  `aws-ids` / `aws::ids` hold comma-separated ids, each
 * its own term; for AMIs `aws::name` and `aws::owners` become `name` and
 * `owner`; every other key is a tag whose comma-separated values each give a
 * term.  Terms are the product of names, owners and tag values, keys in
 * input order.  `id` may not be combined with other fields in the target:
 * with ids, the other filters are dropped with a KG321.
 */
typedef enum SelKind { SEL_SUBNET, SEL_SG, SEL_AMI } SelKind;

typedef struct Part {
	const char *s;
	Loc loc;
} Part;

typedef struct Parts {
	VEC(Part) v;
	const Member *m;
} Parts;

/* Split a comma-separated selector value; false (after a KG322) on an empty part. */
static bool
split_list(Conv *c, const Member *m, const char *where, Parts *out, bool allow_empty)
{
	out->m = m;
	if (m->val->kind != V_STR) {
		diag(KG106, &m->val->loc, "'%s.%s' should be a string, not %s", where, m->key,
		    kind_phrase(m->val->kind));
		return false;
	}
	const char *s = m->val->s, *end = s + m->val->len;
	while (s <= end) {
		const char *comma = memchr(s, ',', (size_t)(end - s));
		const char *e = comma ? comma : end;
		const char *b = s;
		while (b < e && (*b == ' ' || *b == '\t'))
			b++;
		while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (b == e) {
			if (!allow_empty) {
				Diag *d = diag(KG322, &m->val->loc, "'%s.%s' has an empty value, which the "
				    "target's selector terms do not accept", where, m->key);
				diag_note(d, NULL, "write '*' to match any value of the tag");
				return false;
			}
		} else {
			Part p = { arena_strndup(c->a, b, (size_t)(e - b)), m->val->loc };
			VEC_PUSH(c->a, out->v, p);
		}
		if (!comma)
			break;
		s = comma + 1;
	}
	return true;
}

static const struct {
	const char *field, *terms;
} selectors[] = {
	[SEL_SUBNET] = { "subnetSelector", "subnetSelectorTerms" },
	[SEL_SG] = { "securityGroupSelector", "securityGroupSelectorTerms" },
	[SEL_AMI] = { "amiSelector", "amiSelectorTerms" },
};

/* The terms for selector member `m`, or NULL after an error. */
static Value *
selector_terms(Conv *c, const Member *m, SelKind k, const char *where)
{
	const char *field = path(c, where, m->key);
	if (!want(m, V_MAP, field))
		return NULL;
	const Value *sel = m->val;
	Parts ids = { 0 }, names = { 0 }, owners = { 0 };
	VEC(Parts) tags = { 0 };
	bool ok = true;
	for (int i = 0; i < sel->n; i++) {
		const Member *e = &sel->members[i];
		Parts *into = NULL;
		bool id_list = false;
		if (strcmp(e->key, "aws-ids") == 0 || strcmp(e->key, "aws::ids") == 0) {
			into = &ids;
			id_list = true;
		} else if (k == SEL_AMI && strcmp(e->key, "aws::name") == 0) {
			into = &names;
		} else if (k == SEL_AMI && strcmp(e->key, "aws::owners") == 0) {
			into = &owners;
		} else if (strncmp(e->key, "aws:", 4) == 0) {
			Diag *d = diag(KG322, &e->key_loc, "'%s' is not a key v1alpha1 '%s' understands",
			    e->key, selectors[k].field);
			diag_note(d, NULL, "the special keys are 'aws-ids'%s; tag keys cannot start with 'aws:'",
			    k == SEL_AMI ? ", 'aws::name' and 'aws::owners'" : "");
			ok = false;
			continue;
		} else {
			Parts p = { 0 };
			VEC_PUSH(c->a, tags, p);
			into = &tags.v[tags.n - 1];
		}
		if (into->m) {
			/* aws-ids and aws::ids together: one list */
			Parts more = { 0 };
			ok &= split_list(c, e, field, &more, true);
			for (int j = 0; j < more.v.n; j++)
				VEC_PUSH(c->a, into->v, more.v.v[j]);
			continue;
		}
		ok &= split_list(c, e, field, into, id_list);
	}
	if (!ok)
		return NULL;

	Value *terms = v_new(c->a, V_LIST, &sel->loc);
	if (ids.v.n) {
		if (names.m || owners.m || tags.n) {
			const Member *other = names.m ? names.m : owners.m ? owners.m : tags.v[0].m;
			Diag *d = diag(KG321, &other->key_loc, "'%s' lists ids, and the target cannot combine "
			    "'id' with other fields in a term: '%s' and the other filters are dropped",
			    field, other->key);
			diag_note(d, &ids.m->key_loc, "v1alpha1 selected only the listed ids that also "
			    "matched the other filters; check that each id listed here should be used");
		}
		for (int i = 0; i < ids.v.n; i++) {
			Value *t = mk_map(c, &ids.v.v[i].loc);
			put_as(c, t, "id", ids.m, mk_str(c, ids.v.v[i].s, &ids.v.v[i].loc));
			v_list_push(c->a, terms, t);
		}
		return terms;
	}
	if (!names.m && !tags.n) {
		Diag *d = diag(KG322, owners.m ? &owners.m->key_loc : &m->key_loc,
		    "'%s' %s, which selects nothing in the target API", field,
		    owners.m ? "has only 'aws::owners'" : "is empty");
		diag_note(d, NULL, "a term needs %s", k == SEL_AMI ? "an id, a name or tags" :
		    k == SEL_SUBNET ? "an id or tags" : "an id, a name or tags");
		return NULL;
	}

	/* the product, counted first: a hostile selector must not build millions of terms */
	long long count;
	int nn = names.v.n ? names.v.n : 1, no = owners.v.n ? owners.v.n : 1;
	count = (long long)nn * no;
	for (int i = 0; i < tags.n && count <= MAX_TERMS; i++)
		count *= tags.v[i].v.n;
	if (count > MAX_TERMS) {
		Diag *d = diag(KG322, &m->key_loc, "'%s' expands to more than %d selector terms, the most "
		    "the target accepts", field, MAX_TERMS);
		diag_note(d, NULL, "each comma-separated value gives its own term; select by fewer values "
		    "or by a tag that the wanted resources share");
		return NULL;
	}
	int *pick = arena_alloc(c->a, (size_t)(tags.n + 1) * sizeof *pick);
	for (long long t = 0; t < count; t++) {
		long long r = t;
		/* the last key varies fastest, as a nested loop in input order would */
		for (int i = tags.n - 1; i >= 0; i--) {
			pick[i] = (int)(r % tags.v[i].v.n);
			r /= tags.v[i].v.n;
		}
		int io = (int)(r % no), in = (int)(r / no);
		Value *term = mk_map(c, &sel->loc);
		if (names.v.n)
			put_as(c, term, "name", names.m, mk_str(c, names.v.v[in].s, &names.v.v[in].loc));
		if (owners.v.n)
			put_as(c, term, "owner", owners.m, mk_str(c, owners.v.v[io].s, &owners.v.v[io].loc));
		if (tags.n) {
			Value *tv = mk_map(c, &sel->loc);
			for (int i = 0; i < tags.n; i++) {
				const Part *p = &tags.v[i].v.v[pick[i]];
				put_as(c, tv, tags.v[i].m->key, tags.v[i].m, mk_str(c, p->s, &p->loc));
			}
			put(c, term, "tags", tv);
		}
		v_list_push(c->a, terms, term);
	}
	return terms;
}

/* ------------------------------------------------------------ AWSNodeTemplate -> EC2NodeClass (v1beta1) */

typedef struct Tmpl {
	Conv *c;
	Value *out;                 /* the EC2NodeClass spec being built */
	const char *where;          /* "spec" or "spec.provider", for messages */
	const char *what;           /* "AWSNodeTemplate 'x'", for messages */
	const Member *family, *launch_template, *profile;
	bool subnets, sgs;
} Tmpl;

typedef void (*TmplField)(Tmpl *t, const Member *m);

static void
tmpl_copy(Tmpl *t, const Member *m)
{
	put_as(t->c, t->out, m->key, m, convert_clone(t->c->a, m->val));
}

static void
tmpl_family(Tmpl *t, const Member *m)
{
	t->family = m;
	tmpl_copy(t, m);
}

static void
tmpl_profile(Tmpl *t, const Member *m)
{
	/* v0.32.10 and every later API take `instanceProfile` beside `role`: kept as it is */
	t->profile = m;
	tmpl_copy(t, m);
}

static void
tmpl_selector(Tmpl *t, const Member *m)
{
	SelKind k = strcmp(m->key, "subnetSelector") == 0 ? SEL_SUBNET :
	    strcmp(m->key, "securityGroupSelector") == 0 ? SEL_SG : SEL_AMI;
	if (k == SEL_SUBNET)
		t->subnets = true;
	if (k == SEL_SG)
		t->sgs = true;
	Value *terms = selector_terms(t->c, m, k, t->where);
	if (terms)
		put_as(t->c, t->out, selectors[k].terms, m, terms);
}

static void
tmpl_launch_template(Tmpl *t, const Member *m)
{
	t->launch_template = m;
}

static void
tmpl_skip(Tmpl *t, const Member *m)
{
	(void)t;
	(void)m;
}

static const struct {
	const char *key;
	TmplField f;
} tmpl_fields[] = {
	{ "amiFamily", tmpl_family },
	{ "subnetSelector", tmpl_selector },
	{ "securityGroupSelector", tmpl_selector },
	{ "amiSelector", tmpl_selector },
	{ "instanceProfile", tmpl_profile },
	{ "launchTemplate", tmpl_launch_template },
	{ "userData", tmpl_copy },
	{ "tags", tmpl_copy },
	{ "blockDeviceMappings", tmpl_copy },
	{ "detailedMonitoring", tmpl_copy },
	{ "metadataOptions", tmpl_copy },
	{ "context", tmpl_copy },
	/* an inline `provider` carries its own type; the EC2NodeClass has one */
	{ "apiVersion", tmpl_skip },
	{ "kind", tmpl_skip },
};

/*
 * A v1alpha1 AWSNodeTemplate spec (or inline provider) as a v1beta1
 * EC2NodeClass spec; `at` is its key, where diagnostics about what it lacks
 * point.
 */
static Value *
template_spec_to_b1(Conv *c, const Value *in, const Loc *at, const char *where, const char *what)
{
	Tmpl t = { .c = c, .out = mk_map(c, in ? &in->loc : at), .where = where, .what = what };
	for (int i = 0; in && i < in->n; i++) {
		const Member *m = &in->members[i];
		size_t k = 0;
		while (k < sizeof tmpl_fields / sizeof *tmpl_fields && strcmp(tmpl_fields[k].key, m->key) != 0)
			k++;
		if (k == sizeof tmpl_fields / sizeof *tmpl_fields) {
			Diag *d = diag(KG110, &m->key_loc, "'%s' is not a v1alpha1 AWSNodeTemplate field: "
			    "not converted", path(c, where, m->key));
			diag_note(d, NULL, "the v1alpha1 fields are amiFamily, amiSelector, subnetSelector, "
			    "securityGroupSelector, instanceProfile, userData, tags, blockDeviceMappings, "
			    "detailedMonitoring, metadataOptions and context");
			continue;
		}
		tmpl_fields[k].f(&t, m);
	}
	Loc loc = *at;
	if (t.launch_template) {
		Diag *d = diag(KG322, &t.launch_template->key_loc, "'%s' has no equivalent in v1beta1 "
		    "or v1: Karpenter no longer uses launch templates it does not manage",
		    path(c, where, "launchTemplate"));
		diag_note(d, NULL, "move the launch template's AMI, user data, block devices and security "
		    "groups into amiSelector, userData, blockDeviceMappings and securityGroupSelector, "
		    "then convert again");
		return t.out;
	}
	if (!t.subnets)
		diag(KG322, &loc, "%s has no 'subnetSelector'; an EC2NodeClass needs "
		    "'subnetSelectorTerms'", what);
	if (!t.sgs)
		diag(KG322, &loc, "%s has no 'securityGroupSelector'; an EC2NodeClass needs "
		    "'securityGroupSelectorTerms'", what);
	int after = 0;
	if (!t.family) {
		map_insert(c, t.out, 0, "amiFamily", NULL, mk_str(c, "AL2", &loc));
		diag(KG323, &loc, "%s has no 'amiFamily': wrote 'amiFamily: AL2', the v1alpha1 default",
		    what);
		after = 1;
	} else {
		after = map_index(t.out, "amiFamily") + 1;
	}
	if (!t.profile) {
		map_insert(c, t.out, after, "role", NULL, mk_str(c, "${KARPENTER_NODE_ROLE}", &loc));
		Diag *d = diag(KG321, &loc, "%s has no 'instanceProfile': its nodes used the "
		    "controller's default instance profile, which v1beta1 and v1 no longer have", what);
		diag_note(d, NULL, "wrote 'role: ${KARPENTER_NODE_ROLE}': replace it with the name of "
		    "the node IAM role, or write 'instanceProfile' with the profile that "
		    "'settings.aws.defaultInstanceProfile' named");
	}
	return t.out;
}

static Value *
nodeclass_doc_b1(Conv *c, const Value *in_doc)
{
	Value *doc = convert_clone(c->a, in_doc);
	drop_server_fields(c, doc);
	set_type(c, doc, GROUP_AWS "/v1beta1", "EC2NodeClass");
	const Member *sm = v_member(in_doc, "spec");
	const Value *spec = sm && want(sm, V_MAP, "spec") ? sm->val : NULL;
	map_set(c, doc, "spec", template_spec_to_b1(c, spec, sm ? &sm->key_loc : &in_doc->loc, "spec",
	    arena_printf(c->a, "AWSNodeTemplate '%s'", doc_name(in_doc))));
	return doc;
}

/* ------------------------------------------------------------ Provisioner -> NodePool (v1beta1) */

typedef struct Prov {
	Conv *c;
	const Value *in;            /* the Provisioner spec */
	Value *spec;                /* the NodePool spec being built */
	Value *tmpl, *ref, *disruption;
	const Member *consolidation, *ttl_empty, *ttl_expire, *provider, *provider_ref, *requirements;
	const char *name;
	Loc at;
} Prov;

typedef void (*ProvField)(Prov *p, const Member *m);

/* template.metadata or template.spec, created on first use; metadata first */
static Value *
tmpl_part(Prov *p, const char *part)
{
	if (!p->tmpl)
		p->tmpl = child_map(p->c, p->spec, "template", &p->at);
	Value *v = v_get(p->tmpl, part);
	if (v)
		return v;
	v = mk_map(p->c, &p->at);
	if (strcmp(part, "metadata") == 0)
		map_insert(p->c, p->tmpl, 0, part, NULL, v);
	else
		put(p->c, p->tmpl, part, v);
	return v;
}

static void
prov_labels(Prov *p, const Member *m)
{
	put_as(p->c, tmpl_part(p, "metadata"), m->key, m, convert_clone(p->c->a, m->val));
}

/* v1alpha5 node annotations that v1beta1 replaced by karpenter.sh/do-not-disrupt */
static const char *const old_do_not[] = { "karpenter.sh/do-not-consolidate", "karpenter.sh/do-not-evict" };

static void
prov_annotations(Prov *p, const Member *m)
{
	Conv *c = p->c;
	Value *ann = convert_clone(c->a, m->val);
	put_as(c, tmpl_part(p, "metadata"), m->key, m, ann);
	if (ann->kind != V_MAP)
		return;
	for (size_t k = 0; k < sizeof old_do_not / sizeof *old_do_not; k++) {
		int i = map_index(ann, old_do_not[k]);
		if (i < 0)
			continue;
		Member old = ann->members[i];
		Diag *d = diag(KG321, &old.key_loc, "node annotation '%s' was removed in v1beta1: "
		    "renamed 'karpenter.sh/do-not-disrupt'", old.key);
		diag_note(d, NULL, "'karpenter.sh/do-not-disrupt' also keeps the nodes from expiring and "
		    "from drift replacement, not only from %s",
		    k == 0 ? "consolidation" : "eviction");
		if (map_index(ann, "karpenter.sh/do-not-disrupt") >= 0) {
			map_del(ann, old.key);
		} else {
			ann->members[i].key = "karpenter.sh/do-not-disrupt";
		}
	}
}

static void
prov_tspec(Prov *p, const Member *m)
{
	if (strcmp(m->key, "requirements") == 0)
		p->requirements = m;
	put_as(p->c, tmpl_part(p, "spec"), m->key, m, convert_clone(p->c->a, m->val));
}

static void
prov_kubelet(Prov *p, const Member *m)
{
	Conv *c = p->c;
	Value *k = convert_clone(c->a, m->val);
	int i = map_index(k, "containerRuntime");
	if (i >= 0) {
		const Value *rt = k->members[i].val;
		if (v_is_str(rt, "containerd")) {
			diag(KG323, &k->members[i].key_loc, "dropped 'containerRuntime: containerd': "
			    "containerd is the only runtime from v1beta1 on");
		} else {
			Diag *d = diag(KG321, &rt->loc, "'containerRuntime' is gone from v1beta1: nodes will "
			    "run containerd");
			diag_note(d, NULL, "dockerd is not available on the EKS-optimized AMIs that v1beta1 "
			    "and later launch");
		}
		map_del(k, "containerRuntime");
		if (k->n == 0)
			return;     /* nothing else: the kubelet defaults */
	}
	put_as(c, tmpl_part(p, "spec"), "kubelet", m, k);
}

static void
prov_node_class(Prov *p, const Member *m)
{
	if (strcmp(m->key, "provider") == 0)
		p->provider = m;
	else
		p->provider_ref = m;
	if (!p->ref) {
		p->ref = mk_map(p->c, &m->val->loc);
		put_as(p->c, tmpl_part(p, "spec"), "nodeClassRef", m, p->ref);
	}
}

static void
prov_limits(Prov *p, const Member *m)
{
	if (!want(m, V_MAP, "spec.limits"))
		return;
	for (int i = 0; i < m->val->n; i++) {
		const Member *e = &m->val->members[i];
		if (strcmp(e->key, "resources") == 0) {
			put_as(p->c, p->spec, "limits", m, convert_clone(p->c->a, e->val));
			continue;
		}
		diag(KG110, &e->key_loc, "'spec.limits.%s' is not a v1alpha5 field: not converted", e->key);
	}
}

static void
prov_copy(Prov *p, const Member *m)
{
	put_as(p->c, p->spec, m->key, m, convert_clone(p->c->a, m->val));
}

static void
prov_disruption(Prov *p, const Member *m)
{
	if (strcmp(m->key, "consolidation") == 0)
		p->consolidation = m;
	else if (strcmp(m->key, "ttlSecondsAfterEmpty") == 0)
		p->ttl_empty = m;
	else
		p->ttl_expire = m;
	if (!p->disruption)
		p->disruption = child_map(p->c, p->spec, "disruption", &m->val->loc);
}

static const struct {
	const char *key;
	ProvField f;
} prov_fields[] = {
	{ "labels", prov_labels },
	{ "annotations", prov_annotations },
	{ "taints", prov_tspec },
	{ "startupTaints", prov_tspec },
	{ "requirements", prov_tspec },
	{ "kubeletConfiguration", prov_kubelet },
	{ "providerRef", prov_node_class },
	{ "provider", prov_node_class },
	{ "limits", prov_limits },
	{ "weight", prov_copy },
	{ "consolidation", prov_disruption },
	{ "ttlSecondsAfterEmpty", prov_disruption },
	{ "ttlSecondsUntilExpired", prov_disruption },
};

/* The requirements v1alpha5's webhook added when a Provisioner had none on the key. */
static const struct {
	const char *key, *op, *values[3];
} a5_defaults[] = {
	{ "kubernetes.io/os", "In", { "linux" } },
	{ "kubernetes.io/arch", "In", { "amd64" } },
	{ "karpenter.sh/capacity-type", "In", { "on-demand" } },
	{ "karpenter.k8s.aws/instance-category", "In", { "c", "m", "r" } },
	{ "karpenter.k8s.aws/instance-generation", "Gt", { "2" } },
};
/* any of these keys keeps the instance category/generation defaults away */
static const char *const a5_instance_keys[] = {
	"node.kubernetes.io/instance-type", "karpenter.k8s.aws/instance-family",
	"karpenter.k8s.aws/instance-category", "karpenter.k8s.aws/instance-generation",
};

static bool
has_requirement(const Value *reqs, const char *key)
{
	for (int i = 0; reqs && reqs->kind == V_LIST && i < reqs->n; i++)
		if (v_is_str(v_get(reqs->items[i], "key"), key))
			return true;
	return false;
}

static void
prov_default_requirements(Prov *p)
{
	Conv *c = p->c;
	Value *tspec = tmpl_part(p, "spec");
	Value *reqs = v_get(tspec, "requirements");
	if (reqs && reqs->kind != V_LIST)
		return;     /* a KG301 for the validator; nothing to add to */
	Loc at = p->requirements ? p->requirements->key_loc : p->at;
	if (!reqs) {
		reqs = v_new(c->a, V_LIST, &at);
		put(c, tspec, "requirements", reqs);
	}
	bool instance = false;
	for (size_t i = 0; i < sizeof a5_instance_keys / sizeof *a5_instance_keys; i++)
		instance |= has_requirement(reqs, a5_instance_keys[i]);
	const char *added = NULL;
	for (size_t i = 0; i < sizeof a5_defaults / sizeof *a5_defaults; i++) {
		bool inst = i >= 3;
		if (inst ? instance : has_requirement(reqs, a5_defaults[i].key))
			continue;
		Value *r = mk_map(c, &at);
		put(c, r, "key", mk_str(c, a5_defaults[i].key, &at));
		put(c, r, "operator", mk_str(c, a5_defaults[i].op, &at));
		Value *vals = v_new(c->a, V_LIST, &at);
		const char *list = "";
		for (int k = 0; k < 3 && a5_defaults[i].values[k]; k++) {
			v_list_push(c->a, vals, mk_str(c, a5_defaults[i].values[k], &at));
			list = arena_printf(c->a, "%s%s%s", list, k ? "," : "", a5_defaults[i].values[k]);
		}
		added = arena_printf(c->a, "%s%s'%s %s [%s]'", added ? added : "", added ? ", " : "",
		    a5_defaults[i].key, a5_defaults[i].op, list);
		put(c, r, "values", vals);
		v_list_push(c->a, reqs, r);
	}
	if (added)
		diag(KG323, &at, "wrote the requirements v1alpha5 added by default and v1beta1 does not: %s",
		    added);
}

static void
prov_node_class_ref(Prov *p, Value **nodeclass)
{
	Conv *c = p->c;
	if (p->provider && p->provider_ref) {
		Diag *d = diag(KG322, &p->provider->key_loc, "'spec.provider' and 'spec.providerRef' are "
		    "both set");
		diag_note(d, &p->provider_ref->key_loc, "v1alpha5 accepts only one of them; keep the one "
		    "the nodes should use");
		return;
	}
	if (!p->provider && !p->provider_ref) {
		Diag *d = diag(KG322, &p->at, "Provisioner '%s' has no 'spec.providerRef' or "
		    "'spec.provider': a NodePool needs a 'nodeClassRef'", p->name);
		diag_note(d, NULL, "add 'providerRef: {name: ...}' naming its AWSNodeTemplate");
		return;
	}
	if (p->provider_ref) {
		const Member *m = p->provider_ref;
		if (!want(m, V_MAP, "spec.providerRef"))
			return;
		const Member *name = v_member(m->val, "name");
		const Value *kind = v_get(m->val, "kind"), *api = v_get(m->val, "apiVersion");
		if (!name || name->val->kind != V_STR) {
			diag(KG322, &m->val->loc, "'spec.providerRef' has no 'name'");
			return;
		}
		if ((kind && !v_is_str(kind, "AWSNodeTemplate")) ||
		    (api && !v_is_str(api, GROUP_AWS "/v1alpha1"))) {
			const Value *bad = kind && !v_is_str(kind, "AWSNodeTemplate") ? kind : api;
			Diag *d = diag(KG322, &bad->loc, "'spec.providerRef' names '%s', not an "
			    "AWSNodeTemplate of " GROUP_AWS "/v1alpha1", str_of(bad) ? str_of(bad) : "?");
			diag_note(d, NULL, "only AWS node templates convert to an EC2NodeClass");
			return;
		}
		const Member *km = v_member(m->val, "kind"), *am = v_member(m->val, "apiVersion");
		put_as(c, p->ref, "apiVersion", am, mk_str(c, GROUP_AWS "/v1beta1", &m->val->loc));
		put_as(c, p->ref, "kind", km, mk_str(c, "EC2NodeClass", &m->val->loc));
		put_as(c, p->ref, "name", name, convert_clone(c->a, name->val));
		return;
	}
	const Member *m = p->provider;
	if (!want(m, V_MAP, "spec.provider"))
		return;
	Value *doc = mk_map(c, &m->val->loc);
	put(c, doc, "apiVersion", mk_str(c, GROUP_AWS "/v1beta1", &m->val->loc));
	put(c, doc, "kind", mk_str(c, "EC2NodeClass", &m->val->loc));
	Value *md = mk_map(c, &m->val->loc);
	put(c, md, "name", mk_str(c, p->name, &m->val->loc));
	put(c, doc, "metadata", md);
	put(c, doc, "spec", template_spec_to_b1(c, m->val, &m->key_loc, "spec.provider",
	    arena_printf(c->a, "the 'spec.provider' of Provisioner '%s'", p->name)));
	*nodeclass = doc;
	diag(KG323, &m->key_loc, "the inline 'spec.provider' becomes EC2NodeClass '%s'", p->name);
	put(c, p->ref, "apiVersion", mk_str(c, GROUP_AWS "/v1beta1", &m->val->loc));
	put(c, p->ref, "kind", mk_str(c, "EC2NodeClass", &m->val->loc));
	put(c, p->ref, "name", mk_str(c, p->name, &m->val->loc));
}

static void
prov_fill_disruption(Prov *p)
{
	Conv *c = p->c;
	Value *d = p->disruption ? p->disruption : child_map(c, p->spec, "disruption", &p->at);
	bool consolidate = false;
	const Member *cm = p->consolidation;
	if (cm && want(cm, V_MAP, "spec.consolidation")) {
		const Value *en = v_get(cm->val, "enabled");
		if (en && en->kind != V_BOOL)
			diag(KG106, &en->loc, "'spec.consolidation.enabled' should be a boolean, not %s",
			    kind_phrase(en->kind));
		consolidate = en && en->kind == V_BOOL && en->b;
	}
	int64_t secs;
	if (consolidate) {
		put_as(c, d, "consolidationPolicy", cm, mk_str(c, "WhenUnderutilized", &cm->val->loc));
		if (p->ttl_empty) {
			Diag *g = diag(KG321, &p->ttl_empty->key_loc, "'spec.ttlSecondsAfterEmpty' is "
			    "dropped: 'spec.consolidation.enabled' takes precedence");
			diag_note(g, &cm->key_loc, "v1alpha5 rejects the two together; the NodePool "
			    "consolidates empty and underutilized nodes");
		}
	} else if (p->ttl_empty && get_seconds(p->ttl_empty, "spec.ttlSecondsAfterEmpty", &secs)) {
		const Loc *l = &p->ttl_empty->val->loc;
		put(c, d, "consolidationPolicy", mk_str(c, "WhenEmpty", l));
		put_as(c, d, "consolidateAfter", p->ttl_empty, mk_str(c, convert_duration(c->a, secs), l));
	} else if (!p->ttl_empty) {
		const Loc *l = cm ? &cm->key_loc : &p->at;
		put(c, d, "consolidationPolicy", mk_str(c, "WhenEmpty", l));
		put(c, d, "consolidateAfter", mk_str(c, "Never", l));
		Diag *g = diag(KG323, l, "Provisioner '%s' %s: its nodes were never removed for being "
		    "empty or underutilized", p->name, cm ? "has consolidation disabled and no "
		    "'ttlSecondsAfterEmpty'" : "has no 'consolidation' or 'ttlSecondsAfterEmpty'");
		diag_note(g, NULL, "wrote 'consolidationPolicy: WhenEmpty' and 'consolidateAfter: Never' "
		    "to keep that; without them the NodePool would consolidate");
	}
	if (p->ttl_expire) {
		if (get_seconds(p->ttl_expire, "spec.ttlSecondsUntilExpired", &secs))
			put_as(c, d, "expireAfter", p->ttl_expire,
			    mk_str(c, convert_duration(c->a, secs), &p->ttl_expire->val->loc));
	} else {
		put(c, d, "expireAfter", mk_str(c, "Never", &p->at));
		Diag *g = diag(KG323, &p->at, "Provisioner '%s' has no 'ttlSecondsUntilExpired': its "
		    "nodes never expired", p->name);
		diag_note(g, NULL, "wrote 'expireAfter: Never' to keep that; without it nodes would be "
		    "replaced after 720h");
	}
}

/* A v1alpha5 Provisioner as a v1beta1 NodePool, and the EC2NodeClass of an inline provider. */
static Value *
provisioner_to_b1(Conv *c, const Value *in_doc, Value **nodeclass)
{
	Value *doc = convert_clone(c->a, in_doc);
	drop_server_fields(c, doc);
	set_type(c, doc, "karpenter.sh/v1beta1", "NodePool");
	const Member *sm = v_member(in_doc, "spec");
	Prov p = { .c = c, .name = doc_name(in_doc), .at = sm ? sm->key_loc : in_doc->loc };
	p.in = sm && want(sm, V_MAP, "spec") ? sm->val : NULL;
	p.spec = mk_map(c, p.in ? &p.in->loc : &in_doc->loc);
	for (int i = 0; p.in && i < p.in->n; i++) {
		const Member *m = &p.in->members[i];
		size_t k = 0;
		while (k < sizeof prov_fields / sizeof *prov_fields && strcmp(prov_fields[k].key, m->key) != 0)
			k++;
		if (k < sizeof prov_fields / sizeof *prov_fields)
			prov_fields[k].f(&p, m);
		else
			diag(KG110, &m->key_loc, "'spec.%s' is not a v1alpha5 Provisioner field: not converted",
			    m->key);
	}
	prov_node_class_ref(&p, nodeclass);
	prov_default_requirements(&p);
	prov_fill_disruption(&p);
	map_set(c, doc, "spec", p.spec);
	return doc;
}

/* ------------------------------------------------------------ v1beta1 -> v1 */

static const struct {
	const char *family, *alias;
} alias_families[] = {
	{ "AL2", "al2" }, { "AL2023", "al2023" }, { "Bottlerocket", "bottlerocket" },
	{ "Windows2019", "windows2019" }, { "Windows2022", "windows2022" },
	{ "Windows2025", "windows2025" },
};

/* The alias for an EC2NodeClass that selected no AMIs: its family's latest AMI. */
static void
nodeclass_alias(Conv *c, Value *spec, const char *name)
{
	const Member *fm = v_member(spec, "amiFamily");
	const char *family = fm ? str_of(fm->val) : NULL;
	const Loc *at = fm ? &fm->val->loc : &spec->loc;
	const char *alias = NULL;
	for (size_t i = 0; family && i < sizeof alias_families / sizeof *alias_families; i++)
		if (strcmp(family, alias_families[i].family) == 0)
			alias = alias_families[i].alias;
	if (!alias) {
		Diag *d;
		if (family && strcmp(family, "Ubuntu") == 0) {
			d = diag(KG322, at, "v1 has no 'Ubuntu' AMI family (EC2NodeClass '%s')", name);
			diag_note(d, NULL, "select the Ubuntu AMIs with 'amiSelectorTerms' and "
			    "'amiFamily: AL2' (its user data format), or move to 'AL2023' or 'Bottlerocket'");
		} else if (family && strcmp(family, "Custom") == 0) {
			d = diag(KG322, at, "EC2NodeClass '%s' has 'amiFamily: Custom' and no "
			    "'amiSelectorTerms'", name);
			diag_note(d, NULL, "v1 needs 'amiSelectorTerms' naming the custom AMIs");
		} else {
			d = diag(KG322, at, "EC2NodeClass '%s' has no 'amiSelectorTerms' and %s", name,
			    family ? "an unknown 'amiFamily'" : "no 'amiFamily'");
			diag_note(d, NULL, "v1 needs 'amiSelectorTerms': an alias such as 'al2023@latest' "
			    "or terms that select AMIs");
		}
		return;
	}
	bool windows = strncmp(alias, "windows", 7) == 0;
	const char *version = "latest";
	const char *opt = c->o->ami_alias;
	size_t fl = strlen(alias);
	if (!windows && opt && strncmp(opt, alias, fl) == 0 && opt[fl] == '@')
		version = opt + fl + 1;
	const char *text = arena_printf(c->a, "%s@%s", alias, version);
	Value *terms = v_new(c->a, V_LIST, at);
	Value *term = mk_map(c, at);
	put(c, term, "alias", mk_str(c, text, at));
	v_list_push(c->a, terms, term);
	int ti = map_index(spec, "amiSelectorTerms");
	if (ti >= 0)
		spec->members[ti].val = terms;
	else
		map_insert(c, spec, fm ? map_index(spec, "amiFamily") + 1 : 0, "amiSelectorTerms", NULL, terms);
	/* an @latest alias gets its KG230 (and how to pin it) from the validation of the output */
	diag(KG323, at, "wrote 'amiSelectorTerms: [{alias: %s}]' for 'amiFamily: %s', which selected "
	    "no AMIs: %s", text, family, strcmp(version, "latest") != 0 ? "the version '--ami-alias' "
	    "pins" : windows ? "the latest AMIs (Windows aliases take only @latest)" :
	    "the same AMIs, the latest release ('--ami-alias' pins a version)");
}

/* v1 forbids any other field in a term that has `id` (v1beta1 only forbade it in all terms). */
static void
nodeclass_id_terms(Conv *c, Value *terms)
{
	static const char *const others[] = { "tags", "name", "owner" };
	(void)c;
	for (int i = 0; i < terms->n; i++) {
		Value *t = terms->items[i];
		if (t->kind != V_MAP || map_index(t, "id") < 0)
			continue;
		for (size_t k = 0; k < sizeof others / sizeof *others; k++) {
			int j = map_index(t, others[k]);
			if (j < 0)
				continue;
			Diag *d = diag(KG321, &t->members[j].key_loc, "'%s' dropped from an AMI selector term "
			    "that has an 'id': v1 does not combine them", others[k]);
			diag_note(d, NULL, "the id already names one AMI; check it is the one wanted");
			map_del(t, others[k]);
		}
	}
}

static void
nodeclass_hop_limit(Conv *c, Value *spec)
{
	const Member *mm = v_member(spec, "metadataOptions");
	if (mm && mm->val->kind != V_MAP)
		return;
	if (mm && v_get(mm->val, "httpPutResponseHopLimit"))
		return;
	Value *md = mm ? mm->val : NULL;
	const Loc *at = md ? &md->loc : &spec->loc;
	if (!md) {
		md = mk_map(c, at);
		put(c, spec, "metadataOptions", md);
	}
	put(c, md, "httpPutResponseHopLimit", mk_int(c, 2, at));
	Diag *d = diag(KG323, mm ? &mm->key_loc : at, "wrote 'metadataOptions.httpPutResponseHopLimit: "
	    "2', the v1beta1 default, which v1 lowered to 1");
	diag_note(d, NULL, "remove it to take the v1 default if no pod outside the host network "
	    "calls the instance metadata service");
}

static NodeClass *
add_class(Conv *c, Value *doc)
{
	NodeClass *cl = arena_alloc(c->a, sizeof *cl);
	cl->doc = doc;
	cl->name = doc_name(doc);
	cl->file = doc->loc.file;
	cl->out_index = c->out.n;
	VEC_PUSH(c->a, c->classes, cl);
	return cl;
}

static void
nodeclass_b1_to_v1(Conv *c, Value *doc)
{
	set_type(c, doc, GROUP_AWS "/v1", "EC2NodeClass");
	Value *spec = v_get(doc, "spec");
	if (!spec || spec->kind != V_MAP) {
		diag(KG322, &doc->loc, "EC2NodeClass '%s' has no 'spec'", doc_name(doc));
		return;
	}
	const Member *fm = v_member(spec, "amiFamily");
	const Value *ud = v_get(spec, "userData");
	if (fm && v_is_str(fm->val, "Custom") &&
	    !(ud && ud->kind == V_STR && strstr(ud->s, "karpenter.sh/unregistered"))) {
		/* Karpenter adds the taint to the user data of every family but Custom */
		Diag *d = diag(KG321, &fm->val->loc, "EC2NodeClass '%s' has 'amiFamily: Custom': in v1 "
		    "its nodes must register with the taint 'karpenter.sh/unregistered:NoExecute'",
		    doc_name(doc));
		diag_note(d, NULL, "add '--register-with-taints=karpenter.sh/unregistered:NoExecute' to "
		    "the kubelet arguments of its 'userData' (or the node config that starts kubelet)");
	}
	const Member *tm = v_member(spec, "amiSelectorTerms");
	if (!tm || (tm->val->kind == V_LIST && tm->val->n == 0))
		nodeclass_alias(c, spec, doc_name(doc));
	else if (tm->val->kind == V_LIST)
		nodeclass_id_terms(c, tm->val);
	nodeclass_hop_limit(c, spec);
}

/* nodeClassRef {apiVersion, kind, name} -> {group, kind, name}; the name's value, or NULL */
static Value *
ref_to_v1(Conv *c, Value *tspec, const char *pool)
{
	int ri = map_index(tspec, "nodeClassRef");
	if (ri < 0 || tspec->members[ri].val->kind != V_MAP) {
		diag(KG322, &tspec->loc, "NodePool '%s' has no 'spec.template.spec.nodeClassRef'", pool);
		return NULL;
	}
	Value *ref = tspec->members[ri].val;
	const Member *name = v_member(ref, "name"), *api = v_member(ref, "apiVersion"),
	    *kind = v_member(ref, "kind");
	if (!name || name->val->kind != V_STR) {
		diag(KG322, &ref->loc, "the 'nodeClassRef' of NodePool '%s' has no 'name'", pool);
		return NULL;
	}
	const char *a = api ? str_of(api->val) : GROUP_AWS "/v1beta1";
	size_t gl = strlen(GROUP_AWS);
	if (!a || strncmp(a, GROUP_AWS, gl) != 0 || a[gl] != '/') {
		Diag *d = diag(KG322, &api->val->loc, "the 'nodeClassRef' of NodePool '%s' names a class "
		    "outside '" GROUP_AWS "'", pool);
		diag_note(d, NULL, "karpgen converts the AWS provider's EC2NodeClass only");
		return NULL;
	}
	if (kind && !v_is_str(kind->val, "EC2NodeClass")) {
		diag(KG322, &kind->val->loc, "the 'nodeClassRef' of NodePool '%s' names '%s', not an "
		    "EC2NodeClass", pool, str_of(kind->val) ? str_of(kind->val) : "?");
		return NULL;
	}
	Value *nr = mk_map(c, &ref->loc);
	put_as(c, nr, "group", api, mk_str(c, GROUP_AWS, api ? &api->val->loc : &ref->loc));
	put_as(c, nr, "kind", kind, mk_str(c, "EC2NodeClass", kind ? &kind->val->loc : &ref->loc));
	Value *nv = convert_clone(c->a, name->val);
	put_as(c, nr, "name", name, nv);
	tspec->members[ri].val = nr;
	return nv;
}

static void
disruption_to_v1(Conv *c, Value *spec, Value *tspec)
{
	Value *d = v_get(spec, "disruption");
	if (!d || d->kind != V_MAP)
		return;
	int ei = map_index(d, "expireAfter");
	if (ei >= 0) {
		Member e = d->members[ei];
		map_del(d, "expireAfter");
		put_as(c, tspec, "expireAfter", &e, e.val);
	}
	int pi = map_index(d, "consolidationPolicy");
	Value *policy = pi >= 0 ? d->members[pi].val : NULL;
	if (v_is_str(policy, "WhenUnderutilized"))
		d->members[pi].val = mk_str(c, "WhenEmptyOrUnderutilized", &policy->loc);
	if (map_index(d, "consolidateAfter") < 0) {
		/* v1 requires it; 0s is what WhenUnderutilized did in v1beta1 */
		if (v_is_str(policy, "WhenEmpty")) {
			Diag *g = diag(KG321, &policy->loc, "'consolidationPolicy: WhenEmpty' without "
			    "'consolidateAfter', which v1beta1 requires: wrote 'consolidateAfter: 0s'");
			diag_note(g, NULL, "set how long a node must be empty before it is removed");
		}
		Value *zero = mk_str(c, "0s", policy ? &policy->loc : &d->loc);
		if (pi >= 0)
			map_insert(c, d, pi + 1, "consolidateAfter", NULL, zero);
		else
			put(c, d, "consolidateAfter", zero);
	}
}

static void
nodepool_b1_to_v1(Conv *c, Value *doc)
{
	set_type(c, doc, "karpenter.sh/v1", "NodePool");
	const char *name = doc_name(doc);
	Value *spec = v_get(doc, "spec");
	Value *tspec = v_path(spec, "template.spec");
	if (!tspec || tspec->kind != V_MAP) {
		diag(KG322, &doc->loc, "NodePool '%s' has no 'spec.template.spec'", name);
		return;
	}
	Pool pool = { .doc = doc, .name = name, .file = doc->loc.file };
	pool.ref_name = ref_to_v1(c, tspec, name);
	pool.class_name = str_of(pool.ref_name);
	int ki = map_index(tspec, "kubelet");
	Value *kubelet = ki >= 0 ? tspec->members[ki].val : NULL;
	if (kubelet && !(kubelet->kind == V_MAP && kubelet->n == 0) && kubelet->kind != V_NULL) {
		pool.kubelet = kubelet;
		pool.kubelet_key = tspec->members[ki].key_loc;
		pool.where = kubelet->loc;
	} else {
		pool.where = pool.ref_name ? pool.ref_name->loc : doc->loc;
	}
	if (ki >= 0)
		map_del(tspec, "kubelet");     /* an empty one is the kubelet defaults: nothing to move */
	int ri = map_index(tspec, "resources");
	if (ri >= 0) {
		Diag *d = diag(KG321, &tspec->members[ri].key_loc, "'spec.template.spec.resources' is "
		    "gone from v1: dropped");
		diag_note(d, NULL, "Karpenter computes node resources from the instance types");
		map_del(tspec, "resources");
	}
	disruption_to_v1(c, spec, tspec);
	if (pool.class_name)
		VEC_PUSH(c->a, c->pools, pool);
}

/* ------------------------------------------------------------ kubelet: NodePool -> EC2NodeClass */

static NodeClass *
find_class(Conv *c, const char *name, const SrcFile *file, int *count)
{
	NodeClass *found = NULL;
	*count = 0;
	for (int i = 0; i < c->classes.n; i++) {
		NodeClass *cl = c->classes.v[i];
		if (strcmp(cl->name, name) != 0)
			continue;
		if (cl->file == file)
			return *count = 1, cl;
		found = cl;
		++*count;
	}
	return *count == 1 ? found : NULL;
}

static bool
name_taken(Conv *c, const char *name)
{
	for (int i = 0; i < c->classes.n; i++) {
		NodeClass *cl = c->classes.v[i];
		if (strcmp(cl->name, name) == 0)
			return true;
		for (int k = 0; k < cl->copies.n; k++)
			if (strcmp(cl->copies.v[k]->name, name) == 0)
				return true;
	}
	return false;
}

static void
set_kubelet(Conv *c, Value *classdoc, const Pool *p)
{
	Value *spec = v_get(classdoc, "spec");
	if (!spec || spec->kind != V_MAP)
		return;
	map_del(spec, "kubelet");
	if (p->kubelet)
		v_map_put(c->a, spec, "kubelet", &p->kubelet_key, p->kubelet);
}

/* A copy of `cl` with the kubelet settings of pool `p`. */
static NodeClass *
copy_class(Conv *c, NodeClass *cl, const Pool *p)
{
	const char *base = arena_printf(c->a, "%s-%s", cl->name, p->name);
	const char *name = base;
	for (int k = 2; name_taken(c, name); k++)
		name = arena_printf(c->a, "%s-%d", base, k);
	NodeClass *cp = arena_alloc(c->a, sizeof *cp);
	cp->doc = convert_clone(c->a, cl->doc);
	cp->name = name;
	cp->file = cl->file;
	cp->out_index = cl->out_index;
	cp->assigned = true;
	cp->kubelet = p->kubelet;
	cp->first = p;
	Value *md = v_get(cp->doc, "metadata");
	if (md && md->kind == V_MAP) {
		Value *old = v_get(md, "name");
		map_set(c, md, "name", mk_str(c, name, old ? &old->loc : &md->loc));
	}
	set_kubelet(c, cp->doc, p);
	VEC_PUSH(c->a, cl->copies, cp);
	if (strlen(name) > 253 || !pat_match(PAT_DNS1123_SUBDOMAIN, name, strlen(name)))
		diag(KG322, &p->where, "'%s' is not a valid EC2NodeClass name", name);
	return cp;
}

static void
move_kubelets(Conv *c)
{
	for (int i = 0; i < c->pools.n; i++) {
		Pool *p = &c->pools.v[i];
		int count;
		NodeClass *cl = find_class(c, p->class_name, p->file, &count);
		if (!cl) {
			if (!p->kubelet)
				continue;
			Diag *d = diag(KG322, &p->where, "the kubelet settings of NodePool '%s' move to "
			    "EC2NodeClass '%s' in v1, and %s", p->name, p->class_name,
			    count ? "more than one input defines it" : "it is not among the inputs");
			diag_note(d, NULL, "convert the EC2NodeClass in the same run, or add these settings "
			    "as its 'spec.kubelet'");
			continue;
		}
		if (!cl->assigned) {
			cl->assigned = true;
			cl->kubelet = p->kubelet;
			cl->first = p;
			if (p->kubelet) {
				set_kubelet(c, cl->doc, p);
				c->out.v[cl->out_index].changed = true;
			}
			continue;
		}
		if (value_equal(cl->kubelet, p->kubelet))
			continue;
		NodeClass *cp = NULL;
		for (int k = 0; k < cl->copies.n && !cp; k++)
			if (value_equal(cl->copies.v[k]->kubelet, p->kubelet))
				cp = cl->copies.v[k];
		if (!cp)
			cp = copy_class(c, cl, p);
		p->ref_name->s = cp->name;
		p->ref_name->len = strlen(cp->name);
		const char *other = cl->first ? arena_printf(c->a, "NodePool '%s', which shares",
		    cl->first->name) : "the settings of";
		Diag *d = diag(KG321, &p->where, "NodePool '%s' has %s kubelet settings%s %s "
		    "EC2NodeClass '%s'; v1 keeps them on the EC2NodeClass", p->name,
		    !p->kubelet ? "no" : cl->kubelet ? "other" : "its own",
		    p->kubelet && cl->kubelet ? " than" : ", unlike", other, cl->name);
		diag_note(d, NULL, "wrote EC2NodeClass '%s', a copy of '%s' with %s, and pointed "
		    "NodePool '%s' at it", cp->name, cl->name, p->kubelet ? "its kubelet settings" :
		    "no kubelet settings", p->name);
	}
}

/* ------------------------------------------------------------ the documents */

typedef enum Obj {
	OBJ_OTHER,
	OBJ_PROVISIONER, OBJ_AWSNODETEMPLATE,
	OBJ_NODEPOOL, OBJ_NODECLASS,
	OBJ_CONTROLLER,             /* Machine, NodeClaim: the controller writes them */
} Obj;

static const struct {
	const char *api, *kind;
	Obj obj;
	int level;                  /* 0 v1alpha5/v1alpha1, 1 v1beta1, 2 v1 */
} objects[] = {
	{ "karpenter.sh/v1alpha5", "Provisioner", OBJ_PROVISIONER, 0 },
	{ GROUP_AWS "/v1alpha1", "AWSNodeTemplate", OBJ_AWSNODETEMPLATE, 0 },
	{ "karpenter.sh/v1alpha5", "Machine", OBJ_CONTROLLER, 0 },
	{ "karpenter.sh/v1beta1", "NodePool", OBJ_NODEPOOL, 1 },
	{ GROUP_AWS "/v1beta1", "EC2NodeClass", OBJ_NODECLASS, 1 },
	{ "karpenter.sh/v1beta1", "NodeClaim", OBJ_CONTROLLER, 1 },
	{ "karpenter.sh/v1", "NodePool", OBJ_NODEPOOL, 2 },
	{ GROUP_AWS "/v1", "EC2NodeClass", OBJ_NODECLASS, 2 },
	{ "karpenter.sh/v1", "NodeClaim", OBJ_CONTROLLER, 2 },
};

static void
passthrough(Conv *c, const Value *in, const Loc *at, const char *why)
{
	diag(KG323, at, "%s: passed through unchanged", why);
	emit(c, convert_clone(c->a, in), false);
}

/* Bring a v1beta1 (or newer) object to the target, and emit it. */
static void
finish_object(Conv *c, Value *doc, Obj obj, int level, bool changed)
{
	if (diag_count(SEV_ERROR) > c->errors)
		return;     /* the step before failed: nothing to write, no follow-on errors */
	if (c->o->to == CONV_V1 && level < 2) {
		if (obj == OBJ_NODEPOOL)
			nodepool_b1_to_v1(c, doc);
		else
			nodeclass_b1_to_v1(c, doc);
		changed = true;
	}
	if (obj == OBJ_NODECLASS && c->o->to == CONV_V1) {
		NodeClass *cl = add_class(c, doc);
		Value *k = v_path(doc, "spec.kubelet");
		if (k) {
			/* a v1 class already has its own kubelet settings */
			cl->assigned = true;
			cl->kubelet = k;
		}
	}
	emit(c, doc, changed);
}

static void
convert_one(Conv *c, const Value *in)
{
	if (!in || in->kind == V_NULL)
		return;     /* an empty document: nothing to write */
	c->from = in;
	c->errors = diag_count(SEV_ERROR);
	const Value *api = v_get(in, "apiVersion"), *kind = v_get(in, "kind");
	if (in->kind != V_MAP || !str_of(api) || !str_of(kind)) {
		Diag *d = diag(KG104, &in->loc, "this document is not a Kubernetes object: it has no "
		    "'apiVersion' and 'kind'");
		diag_note(d, NULL, "karpgen convert reads Kubernetes manifests (Helm values and other "
		    "YAML are not)");
		return;
	}
	size_t i = 0;
	while (i < sizeof objects / sizeof *objects &&
	    (!v_is_str(api, objects[i].api) || !v_is_str(kind, objects[i].kind)))
		i++;
	if (i == sizeof objects / sizeof *objects) {
		/* an unknown Karpenter API is then rejected by the validation of the output */
		passthrough(c, in, &kind->loc, arena_printf(c->a, "'%s %s' is not an object karpgen "
		    "converts", api->s, kind->s));
		return;
	}
	Obj obj = objects[i].obj;
	int level = objects[i].level;
	const char *target = c->o->to == CONV_V1 ? "v1" : "v1beta1";
	if (level > (int)c->o->to) {
		Diag *d = diag(KG322, &api->loc, "'%s' is newer than the target '%s'", api->s, target);
		diag_note(d, NULL, "karpgen converts to newer APIs only");
		return;
	}
	if (obj == OBJ_CONTROLLER) {
		if (level == (int)c->o->to) {
			passthrough(c, in, &kind->loc, arena_printf(c->a, "'%s' is already '%s'", kind->s,
			    api->s));
			return;
		}
		Diag *d = diag(KG321, &kind->loc, "'%s' '%s' is written by the Karpenter controller: "
		    "not converted, left out", kind->s, doc_name(in));
		diag_note(d, NULL, "the controller creates NodeClaims for the converted NodePools");
		return;
	}
	if (level == (int)c->o->to) {
		diag(KG323, &api->loc, "'%s' is already '%s': passed through unchanged", kind->s, api->s);
		finish_object(c, convert_clone(c->a, in), obj, level, false);
		return;
	}
	Value *doc;
	if (obj == OBJ_PROVISIONER) {
		Value *nodeclass = NULL;
		doc = provisioner_to_b1(c, in, &nodeclass);
		finish_object(c, doc, OBJ_NODEPOOL, 1, true);
		if (nodeclass)
			finish_object(c, nodeclass, OBJ_NODECLASS, 1, true);
		return;
	}
	if (obj == OBJ_AWSNODETEMPLATE) {
		finish_object(c, nodeclass_doc_b1(c, in), OBJ_NODECLASS, 1, true);
		return;
	}
	doc = convert_clone(c->a, in);
	drop_server_fields(c, doc);
	finish_object(c, doc, obj, level, true);
}

int
convert_documents(Arena *a, const ConvertOptions *o, Value *const *docs, int ndocs, Converted **out)
{
	Conv c = { .a = a, .o = o };
	for (int i = 0; i < ndocs; i++)
		convert_one(&c, docs[i]);
	if (o->to == CONV_V1)
		move_kubelets(&c);
	/*
	 * copies of a split EC2NodeClass follow the original; the classes are
	 * chained by the output they follow (in class order), so that this is
	 * linear in the documents, not documents x classes
	 */
	int *first = arena_alloc(a, ((size_t)c.out.n + 1) * sizeof *first);
	int *next = arena_alloc(a, ((size_t)c.classes.n + 1) * sizeof *next);
	for (int i = 0; i < c.out.n; i++)
		first[i] = -1;
	for (int k = c.classes.n - 1; k >= 0; k--) {
		int at = c.classes.v[k]->out_index;
		next[k] = -1;
		if (at >= 0 && at < c.out.n) {
			next[k] = first[at];
			first[at] = k;
		}
	}
	VEC(Converted) all = { 0 };
	for (int i = 0; i < c.out.n; i++) {
		VEC_PUSH(a, all, c.out.v[i]);
		for (int k = first[i]; k >= 0; k = next[k]) {
			NodeClass *cl = c.classes.v[k];
			for (int j = 0; j < cl->copies.n; j++) {
				Converted cp = { cl->copies.v[j]->doc, c.out.v[i].from, true };
				VEC_PUSH(a, all, cp);
			}
		}
	}
	*out = all.v;
	return all.n;
}

/* A KG323 note per input file for the comment lines no emitted key took (comments.c counts them). */
void
comments_report_lost(Comments *c)
{
	Loc at;
	int n;
	for (int i = 0; (n = comments_lost(c, i, &at)) >= 0; i++) {
		if (!n)
			continue;
		Diag *d = diag(KG323, &at, "%d comment line%s of '%s' could not be kept in the output",
		    n, n == 1 ? "" : "s", at.file->name);
		diag_note(d, NULL, "a comment is kept when it stands just above a key, at the indentation "
		    "of the key's line, or at the end of the key's line");
	}
}
