/*
 * nodepool.c - Karpenter NodePools as the checks read them, and their
 * requirements evaluated against the instance-type catalogue.
 *
 * Only what a NodePool says is read; nothing is defaulted except where
 * Karpenter itself defaults (no capacity-type requirement launches
 * on-demand).  A requirement karpgen cannot evaluate (a placeholder value, a
 * catalogue key it does not model) admits everything, so admitted sets are
 * supersets: "not admitted" is always a sound claim.
 */
#include "karpgen.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const op_names[] = {
	[OP_IN] = "In", [OP_NOT_IN] = "NotIn", [OP_EXISTS] = "Exists",
	[OP_DOES_NOT_EXIST] = "DoesNotExist", [OP_GT] = "Gt", [OP_LT] = "Lt",
	[OP_GTE] = "Gte", [OP_LTE] = "Lte",
};

/* Deprecated label keys Karpenter normalises to the current ones. */
static const struct { const char *from, *to; } key_alias[] = {
	{ "beta.kubernetes.io/arch", "kubernetes.io/arch" },
	{ "beta.kubernetes.io/os", "kubernetes.io/os" },
	{ "beta.kubernetes.io/instance-type", "node.kubernetes.io/instance-type" },
	{ "failure-domain.beta.kubernetes.io/zone", "topology.kubernetes.io/zone" },
	{ "failure-domain.beta.kubernetes.io/region", "topology.kubernetes.io/region" },
};

const char *
v_scalar(const Value *v)
{
	if (!v)
		return NULL;
	switch (v->kind) {
	case V_STR:
	case V_NUM:
		return v->s;
	case V_BOOL:
		return v->b ? "true" : "false";
	default:
		return NULL;
	}
}

static const char *
normal_key(const char *k)
{
	for (size_t i = 0; i < sizeof key_alias / sizeof *key_alias; i++)
		if (strcmp(k, key_alias[i].from) == 0)
			return key_alias[i].to;
	return k;
}

static ReqOp
op_from(const char *s)
{
	for (int i = 0; i < OP_BAD; i++)
		if (s && strcmp(s, op_names[i]) == 0)
			return (ReqOp)i;
	return OP_BAD;
}

typedef enum TypeField {
	TF_NAME, TF_FAMILY, TF_CATEGORY, TF_GENERATION, TF_SIZE, TF_CPU, TF_MEMORY, TF_ARCH,
	TF_GPU_COUNT, TF_GPU_NAME, TF_GPU_MANUFACTURER, TF_ACCEL_COUNT, TF_ACCEL_NAME,
	TF_ACCEL_MANUFACTURER,
} TypeField;

/* The labels Karpenter puts on a node from its instance type, as catalogue fields. */
static const struct { const char *key; TypeField f; bool numeric; } type_keys[] = {
	{ "node.kubernetes.io/instance-type", TF_NAME, false },
	{ "karpenter.k8s.aws/instance-family", TF_FAMILY, false },
	{ "karpenter.k8s.aws/instance-category", TF_CATEGORY, false },
	{ "karpenter.k8s.aws/instance-generation", TF_GENERATION, true },
	{ "karpenter.k8s.aws/instance-size", TF_SIZE, false },
	{ "karpenter.k8s.aws/instance-cpu", TF_CPU, true },
	{ "karpenter.k8s.aws/instance-memory", TF_MEMORY, true },
	{ "kubernetes.io/arch", TF_ARCH, false },
	{ "karpenter.k8s.aws/instance-gpu-count", TF_GPU_COUNT, true },
	{ "karpenter.k8s.aws/instance-gpu-name", TF_GPU_NAME, false },
	{ "karpenter.k8s.aws/instance-gpu-manufacturer", TF_GPU_MANUFACTURER, false },
	{ "karpenter.k8s.aws/instance-accelerator-count", TF_ACCEL_COUNT, true },
	{ "karpenter.k8s.aws/instance-accelerator-name", TF_ACCEL_NAME, false },
	{ "karpenter.k8s.aws/instance-accelerator-manufacturer", TF_ACCEL_MANUFACTURER, false },
};

static void
read_requirement(Arena *a, const Value *item, Requirement *r)
{
	const char *key = v_scalar(v_get(item, "key"));
	r->node = item;
	r->key = key ? normal_key(key) : "";
	r->op = op_from(v_scalar(v_get(item, "operator")));
	for (size_t k = 0; k < sizeof type_keys / sizeof *type_keys; k++)
		if (strcmp(r->key, type_keys[k].key) == 0)
			r->field = (int)k + 1;
	const Value *vals = v_get(item, "values");
	if (!vals)
		return;
	if (vals->kind != V_LIST) {
		r->unknown = true;      /* `values: ${azs}` and the like */
		return;
	}
	r->values = arena_alloc(a, (size_t)(vals->n + 1) * sizeof *r->values);
	Loc *locs = arena_alloc(a, (size_t)(vals->n + 1) * sizeof *locs);
	for (int i = 0; i < vals->n; i++) {
		const char *s = v_scalar(vals->items[i]);
		if (!s || is_placeholder(s)) {
			r->unknown = true;
			continue;
		}
		locs[r->nvalues] = vals->items[i]->loc;
		r->values[r->nvalues++] = s;
	}
	r->value_locs = locs;
	if (r->field && type_keys[r->field - 1].numeric) {
		/* numeric labels compare as integers: no formatting per instance type */
		int64_t *nums = arena_alloc(a, (size_t)(r->nvalues + 1) * sizeof *nums);
		for (int i = 0; i < r->nvalues; i++) {
			char *end;
			long long v = strtoll(r->values[i], &end, 10);
			nums[i] = (*end || end == r->values[i]) ? INT64_MIN : (int64_t)v;
		}
		r->nums = nums;
	}
}

static void
read_taints(Arena *a, NodePool *p, const Value *list, bool startup)
{
	if (!list || list->kind != V_LIST)
		return;
	PoolTaint *t = arena_realloc(a, p->taints, (size_t)p->ntaints * sizeof *t,
	    (size_t)(p->ntaints + list->n) * sizeof *t);
	for (int i = 0; i < list->n; i++) {
		const Value *it = list->items[i];
		PoolTaint *pt = &t[p->ntaints];
		pt->key = v_scalar(v_get(it, "key"));
		if (!pt->key)
			continue;
		pt->value = v_scalar(v_get(it, "value"));
		pt->effect = v_scalar(v_get(it, "effect"));
		pt->loc = it->loc;
		pt->startup = startup;
		p->ntaints++;
	}
	p->taints = t;
}

static void
read_replaces(Arena *a, NodePool *p)
{
	const Value *v = v_get(v_path(p->obj->doc, "metadata.annotations"), "karpgen.io/replaces");
	const char *s = v_scalar(v);
	if (!s)
		return;
	p->replaces_val = v;
	int cap = 1;
	for (const char *c = s; *c; c++)
		cap += *c == ',';
	p->replaces = arena_alloc(a, (size_t)cap * sizeof *p->replaces);
	for (const char *c = s; *c;) {
		while (*c == ',' || isspace((unsigned char)*c))
			c++;
		const char *e = c;
		while (*e && *e != ',')
			e++;
		const char *t = e;
		while (t > c && isspace((unsigned char)t[-1]))
			t--;
		if (t > c)
			p->replaces[p->nreplaces++] = arena_strndup(a, c, (size_t)(t - c));
		c = e;
	}
}

/* Catalogue keys whose values karpgen does not hold: requirements on them are not evaluated. */
static const char *const unmodelled_keys[] = {
	"karpenter.k8s.aws/instance-hypervisor",
	"karpenter.k8s.aws/instance-cpu-manufacturer",
	"karpenter.k8s.aws/instance-cpu-sustained-clock-speed-mhz",
	"karpenter.k8s.aws/instance-gpu-memory",
	"karpenter.k8s.aws/instance-local-nvme",
	"karpenter.k8s.aws/instance-network-bandwidth",
	"karpenter.k8s.aws/instance-ebs-bandwidth",
	"karpenter.k8s.aws/instance-encryption-in-transit-supported",
	"karpenter.k8s.aws/instance-capability-flex",
};

NodePool *
np_read(Arena *a, const KObject *o)
{
	if (!o || !o->kind || strcmp(o->kind, "NodePool") != 0 ||
	    (o->api != KAPI_V1 && o->api != KAPI_V1BETA1) || !o->doc || o->doc->kind != V_MAP)
		return NULL;
	NodePool *p = arena_alloc(a, sizeof *p);
	p->obj = o;
	const Value *name = v_path(o->doc, "metadata.name");
	p->name = v_scalar(name);
	if (!p->name || !*p->name)
		p->name = o->name && *o->name ? o->name : "(unnamed)";
	p->name_loc = name ? name->loc : o->loc;
	const Value *tspec = v_path(o->doc, "spec.template.spec");
	p->requirements = v_get(tspec, "requirements");
	if (p->requirements && p->requirements->kind == V_LIST) {
		p->reqs = arena_alloc(a, (size_t)(p->requirements->n + 1) * sizeof *p->reqs);
		for (int i = 0; i < p->requirements->n; i++) {
			const Value *it = p->requirements->items[i];
			if (!it || it->kind != V_MAP)
				continue;
			Requirement *r = &p->reqs[p->nreqs++];
			read_requirement(a, it, r);
			for (size_t k = 0; k < sizeof unmodelled_keys / sizeof *unmodelled_keys; k++)
				if (strcmp(r->key, unmodelled_keys[k]) == 0)
					p->approximate = true;
			if (r->unknown || r->op == OP_BAD)
				p->approximate = true;
		}
	}
	p->labels = v_path(o->doc, "spec.template.metadata.labels");
	if (p->labels && p->labels->kind != V_MAP)
		p->labels = NULL;
	read_taints(a, p, v_get(tspec, "taints"), false);
	read_taints(a, p, v_get(tspec, "startupTaints"), true);
	p->limits = v_path(o->doc, "spec.limits");
	if (p->limits && (p->limits->kind != V_MAP || p->limits->n == 0))
		p->limits = NULL;
	p->weight = v_path(o->doc, "spec.weight");
	p->is_static = v_path(o->doc, "spec.replicas") != NULL;
	p->nodeclass_ref = v_get(tspec, "nodeClassRef");
	p->nodeclass = v_scalar(v_get(p->nodeclass_ref, "name"));
	read_replaces(a, p);
	return p;
}

const Requirement *
np_req(const NodePool *p, const char *key)
{
	for (int i = 0; i < p->nreqs; i++)
		if (strcmp(p->reqs[i].key, key) == 0)
			return &p->reqs[i];
	return NULL;
}

const Value *
np_label(const NodePool *p, const char *key)
{
	return v_get(p->labels, key);
}

/* ------------------------------------------------------------ evaluation */

/*
 * One requirement against one label: `has` says whether the node carries
 * the label at all (GPU labels exist only on GPU types), `val` its value.
 */
static bool
req_admits(const Requirement *r, bool has, const char *val)
{
	if (r->unknown)
		return true;
	switch (r->op) {
	case OP_IN:
		if (!has)
			return false;
		for (int i = 0; i < r->nvalues; i++)
			if (strcmp(r->values[i], val) == 0)
				return true;
		return false;
	case OP_NOT_IN:
		if (!has)
			return true;
		for (int i = 0; i < r->nvalues; i++)
			if (strcmp(r->values[i], val) == 0)
				return false;
		return true;
	case OP_EXISTS:
		return has;
	case OP_DOES_NOT_EXIST:
		return !has;
	case OP_GT:
	case OP_LT:
	case OP_GTE:
	case OP_LTE: {
		if (!has || r->nvalues != 1)
			return false;
		char *end;
		long long want = strtoll(r->values[0], &end, 10);
		if (*end || end == r->values[0])
			return true;    /* malformed: KG303's business, not ours */
		long long got = strtoll(val, &end, 10);
		if (*end || end == val)
			return false;
		return r->op == OP_GT ? got > want : r->op == OP_LT ? got < want :
		    r->op == OP_GTE ? got >= want : got <= want;
	}
	case OP_BAD:
		return true;
	}
	return true;
}

/*
 * The value of an instance-type label on a node of type t: text in *str, or
 * for numeric labels an integer in *num.  False when the node has no such
 * label (the GPU and accelerator labels exist only on types that have them).
 */
static bool
type_label(const InstanceType *t, TypeField f, const char **str, int64_t *num)
{
	switch (f) {
	case TF_NAME: *str = t->name; return true;
	case TF_FAMILY: *str = t->family; return true;
	case TF_CATEGORY: *str = t->category; return true;
	case TF_SIZE: *str = t->size; return true;
	case TF_ARCH: *str = t->arch == ARCH_ARM64 ? "arm64" : "amd64"; return true;
	case TF_GENERATION: *num = t->generation; return true;
	case TF_CPU: *num = t->vcpu; return true;
	case TF_MEMORY: *num = t->memory_mib; return true;
	case TF_GPU_COUNT: *num = t->gpu_count; return t->gpu_count > 0;
	case TF_GPU_NAME: *str = t->gpu_name; return t->gpu_count > 0;
	case TF_GPU_MANUFACTURER: *str = t->gpu_manufacturer; return t->gpu_count > 0;
	case TF_ACCEL_COUNT: *num = t->accel_count; return t->accel_count > 0;
	case TF_ACCEL_NAME: *str = t->accel_name; return t->accel_count > 0;
	case TF_ACCEL_MANUFACTURER: *str = t->accel_manufacturer; return t->accel_count > 0;
	}
	return false;
}

/* req_admits() for a numeric label, on the values parsed once by read_requirement(). */
static bool
req_admits_num(const Requirement *r, bool has, int64_t v)
{
	if (r->unknown)
		return true;
	switch (r->op) {
	case OP_IN:
	case OP_NOT_IN: {
		bool in = false;
		for (int i = 0; has && i < r->nvalues && !in; i++)
			in = r->nums[i] == v;
		return r->op == OP_IN ? in : !in;
	}
	case OP_EXISTS:
		return has;
	case OP_DOES_NOT_EXIST:
		return !has;
	case OP_GT:
	case OP_LT:
	case OP_GTE:
	case OP_LTE:
		if (!has || r->nvalues != 1)
			return false;
		if (r->nums[0] == INT64_MIN)
			return true;    /* malformed: KG303's business, not ours */
		return r->op == OP_GT ? v > r->nums[0] : r->op == OP_LT ? v < r->nums[0] :
		    r->op == OP_GTE ? v >= r->nums[0] : v <= r->nums[0];
	case OP_BAD:
		return true;
	}
	return true;
}

bool
np_admits_type(const NodePool *p, const InstanceType *t, const Requirement **why)
{
	for (int i = 0; i < p->nreqs; i++) {
		const Requirement *r = &p->reqs[i];
		if (!r->field)
			continue;
		TypeField f = type_keys[r->field - 1].f;
		const char *str = "";
		int64_t num = 0;
		bool has = type_label(t, f, &str, &num);
		bool ok = r->nums ? req_admits_num(r, has, num) : req_admits(r, has, str ? str : "");
		if (!ok) {
			if (why)
				*why = r;
			return false;
		}
	}
	return true;
}

bool
np_admits_value(const NodePool *p, const char *key, const char *value, const Requirement **why)
{
	for (int i = 0; i < p->nreqs; i++) {
		const Requirement *r = &p->reqs[i];
		if (strcmp(r->key, key) == 0 && !req_admits(r, true, value)) {
			if (why)
				*why = r;
			return false;
		}
	}
	return true;
}

bool
np_capacity(const NodePool *p, const char *type)
{
	/* The AWS provider launches on-demand unless spot (or reserved) is asked for. */
	if (!np_req(p, "karpenter.sh/capacity-type"))
		return strcmp(type, "on-demand") == 0;
	return np_admits_value(p, "karpenter.sh/capacity-type", type, NULL);
}

int
np_admitted_count(const NodePool *p, int64_t *min_mem_mib, const InstanceType **smallest)
{
	int n = 0;
	int64_t min = INT64_MAX;
	for (int i = 0; i < catalog_count(); i++) {
		const InstanceType *t = catalog_at(i);
		if (!np_admits_type(p, t, NULL))
			continue;
		n++;
		if (t->memory_mib < min) {
			min = t->memory_mib;
			if (smallest)
				*smallest = t;
		}
	}
	if (min_mem_mib)
		*min_mem_mib = n ? min : 0;
	return n;
}

/* ------------------------------------------------------------ names */

int
np_replaces(const NodePool *p, const NodeGroup *ng, const char *dns_name)
{
	const char *g = ng->name.s;
	if (!g || ng->name.unknown || !p->name)
		return 0;
	for (int i = 0; i < p->nreplaces; i++)
		if (strcmp(p->replaces[i], g) == 0)
			return 2;
	return strcmp(p->name, g) == 0 || (dns_name && strcmp(p->name, dns_name) == 0);
}

const char *
k8s_taint_effect(const char *effect)
{
	static const struct { const char *eks, *k8s; } map[] = {
		{ "NO_SCHEDULE", "NoSchedule" },
		{ "NO_EXECUTE", "NoExecute" },
		{ "PREFER_NO_SCHEDULE", "PreferNoSchedule" },
	};
	if (!effect)
		return NULL;
	for (size_t i = 0; i < sizeof map / sizeof *map; i++)
		if (strcmp(effect, map[i].eks) == 0)
			return map[i].k8s;
	return effect;
}

bool
k8s_quantity(const char *s, double *out)
{
	static const struct { const char *suffix; double mult; } units[] = {
		{ "Ki", 1024.0 }, { "Mi", 1048576.0 }, { "Gi", 1073741824.0 },
		{ "Ti", 1099511627776.0 }, { "Pi", 1125899906842624.0 },
		{ "Ei", 1152921504606846976.0 },
		{ "n", 1e-9 }, { "u", 1e-6 }, { "m", 1e-3 }, { "k", 1e3 }, { "M", 1e6 },
		{ "G", 1e9 }, { "T", 1e12 }, { "P", 1e15 }, { "E", 1e18 }, { "", 1.0 },
	};
	if (!s || !*s)
		return false;
	const char *p = s;
	if (*p == '+' || *p == '-')
		p++;
	if (!isdigit((unsigned char)*p) && !(*p == '.' && isdigit((unsigned char)p[1])))
		return false;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p); p++)
			;
	char *end;
	double num = strtod(s, &end);
	if (end < p)
		return false;
	if ((*p == 'e' || *p == 'E') && end > p) {
		*out = num;     /* strtod took the exponent */
		return *end == '\0' && isfinite(num);
	}
	for (size_t i = 0; i < sizeof units / sizeof *units; i++)
		if (strcmp(p, units[i].suffix) == 0) {
			*out = num * units[i].mult;
			return isfinite(*out);
		}
	return false;
}

/* ------------------------------------------------ the checks' view of the IR */

/*
 * What check_all() gives every check (CheckCtx): the Karpenter objects read
 * as NodePools and classes, sorted for lookups; the groups that run
 * Karpenter; the pools that replace each group; and the zones in use.
 */
static bool
karpenter_api(const char *api_version)
{
	return api_version && (strncmp(api_version, "karpenter.sh/", 13) == 0 ||
	    strncmp(api_version, "karpenter.k8s.aws/", 18) == 0);
}

static const char *
class_of(const NodePool *p)
{
	return p->nodeclass ? p->nodeclass : "";
}

static int
cmp_pool_name(const void *a, const void *b)
{
	const NodePool *x = *(NodePool *const *)a, *y = *(NodePool *const *)b;
	int c = strcmp(x->name, y->name);
	return c ? c : x->index - y->index;
}

static int
cmp_pool_class(const void *a, const void *b)
{
	const NodePool *x = *(NodePool *const *)a, *y = *(NodePool *const *)b;
	int c = strcmp(class_of(x), class_of(y));
	return c ? c : x->index - y->index;
}

static const char *
object_name(const KObject *o)
{
	const char *n = v_scalar(v_path(o->doc, "metadata.name"));
	return n ? n : "";
}

static int
cmp_class_name(const void *a, const void *b)
{
	return strcmp(object_name(*(const KObject *const *)a), object_name(*(const KObject *const *)b));
}

static int
cmp_pool_index(const void *a, const void *b)
{
	return (*(NodePool *const *)a)->index - (*(NodePool *const *)b)->index;
}

/* The first position in `v` (sorted by key()) whose key is not below `want`. */
static int
lower_bound(NodePool *const *v, int n, const char *want, const char *(*key)(const NodePool *))
{
	int lo = 0, hi = n;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (strcmp(key(v[mid]), want) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const char *
name_of(const NodePool *p)
{
	return p->name;
}

/* Append to s the pools of `by_name` called `name` that s does not hold yet. */
static void
add_named(NodePool *const *by_name, int n, const char *name, PoolSet *s, NodePool **store)
{
	for (int k = lower_bound(by_name, n, name, name_of); k < n && strcmp(by_name[k]->name, name) == 0; k++) {
		bool have = false;
		for (int j = 0; j < s->n; j++)
			have |= s->v[j] == by_name[k];
		if (!have) {
			s->v = store;
			s->v[s->n++] = by_name[k];
		}
	}
}

CheckCtx *
check_ctx(const IR *ir)
{
	Arena *a = ir->arena;
	CheckCtx *c = arena_alloc(a, sizeof *c);
	c->ir = ir;
	c->arena = a;
	int no = ir->objects.n, ng = ir->groups.n;
	c->pools = arena_alloc(a, (size_t)(no + 1) * sizeof *c->pools);
	c->nodeclasses = arena_alloc(a, (size_t)(no + 1) * sizeof *c->nodeclasses);
	for (int i = 0; i < no; i++) {
		const KObject *o = ir->objects.v[i];
		if (karpenter_api(o->api_version))
			c->karpenter_objects = true;
		NodePool *p = np_read(a, o);
		if (p) {
			p->index = c->npools;
			c->pools[c->npools++] = p;
		} else if (o->kind && strcmp(o->kind, "EC2NodeClass") == 0 && karpenter_api(o->api_version)) {
			c->nodeclasses[c->nnodeclasses++] = o;
		}
	}
	size_t psz = (size_t)(c->npools + 1) * sizeof *c->pools;
	NodePool **by_name = arena_alloc(a, psz);
	c->by_class = arena_alloc(a, psz);
	if (c->npools) {
		memcpy(by_name, c->pools, (size_t)c->npools * sizeof *by_name);
		memcpy(c->by_class, c->pools, (size_t)c->npools * sizeof *by_name);
		qsort(by_name, (size_t)c->npools, sizeof *by_name, cmp_pool_name);
		qsort(c->by_class, (size_t)c->npools, sizeof *by_name, cmp_pool_class);
	}
	c->classes_by_name = arena_alloc(a, (size_t)(c->nnodeclasses + 1) * sizeof *c->classes_by_name);
	if (c->nnodeclasses) {
		memcpy(c->classes_by_name, c->nodeclasses, (size_t)c->nnodeclasses * sizeof *c->nodeclasses);
		qsort(c->classes_by_name, (size_t)c->nnodeclasses, sizeof *c->nodeclasses, cmp_class_name);
	}
	NodePool **annotated = arena_alloc(a, psz);
	NodePool **scratch = arena_alloc(a, psz);
	int nann = 0;
	for (int k = 0; k < c->npools; k++)
		if (c->pools[k]->nreplaces > 0)
			annotated[nann++] = c->pools[k];

	c->homes = arena_alloc(a, (size_t)(ng + 1) * sizeof *c->homes);
	c->replacing = arena_alloc(a, (size_t)(ng + 1) * sizeof *c->replacing);
	for (int i = 0; i < ng; i++) {
		NodeGroup *g = ir->groups.v[i];
		if (g->role == ROLE_KARPENTER_HOME) {
			c->homes[c->nhomes++] = g;
			continue;       /* the controller's group is never replaced */
		}
		if (!g->name.s || g->name.unknown || c->npools == 0)
			continue;
		/* found in `scratch`, kept in an arena array of the size found */
		PoolSet found = { 0 };
		/* an annotation outranks names */
		for (int k = 0; k < nann; k++)
			if (np_replaces(annotated[k], g, NULL) == 2) {
				found.v = scratch;
				found.v[found.n++] = annotated[k];
			}
		if (found.n == 0) {
			add_named(by_name, c->npools, g->name.s, &found, scratch);
			add_named(by_name, c->npools, dns1123_name(a, g->name.s), &found, scratch);
			if (found.n > 1)
				qsort(found.v, (size_t)found.n, sizeof *found.v, cmp_pool_index);
		}
		if (found.n > 0) {
			PoolSet *s = &c->replacing[i];
			s->v = arena_alloc(a, (size_t)found.n * sizeof *s->v);
			memcpy(s->v, found.v, (size_t)found.n * sizeof *s->v);
			s->n = found.n;
		}
	}
	return c;
}

const KObject *
check_nodeclass(const CheckCtx *c, const char *name)
{
	int lo = 0, hi = c->nnodeclasses;
	while (name && lo < hi) {
		int mid = lo + (hi - lo) / 2;
		int cmp = strcmp(object_name(c->classes_by_name[mid]), name);
		if (cmp == 0)
			return c->classes_by_name[mid];
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int
check_pools_of_class(const CheckCtx *c, const char *name, int *first)
{
	int k = lower_bound(c->by_class, c->npools, name, class_of);
	*first = k;
	int n = 0;
	while (k + n < c->npools && strcmp(class_of(c->by_class[k + n]), name) == 0)
		n++;
	return n;
}

/* ------------------------------------------------------------ zones */

static void
add_use(const CheckCtx *c, ZoneUses *out, const char *s, const Loc *loc, const NodeGroup *ng)
{
	if (!*s || is_placeholder(s))
		return;         /* "${AZ}": not a zone until rendered (KG111) */
	const Cluster *cl = &c->ir->cluster;
	ZoneUse u = { .text = s, .key = s, .loc = *loc, .ng = ng };
	u.is_id = pat_match(PAT_AZ_ID, s, strlen(s));
	if (u.is_id)
		u.id = s;
	else
		u.name = s;
	const Zone *z = zone_lookup(cl, s, u.is_id);
	if (z && z->id.s && z->name.s) {
		u.mapped = true;
		u.key = u.id = z->id.s;
		u.name = z->name.s;
		u.is_id = true;
	}
	VEC_PUSH(c->arena, *out, u);
}

static const Subnet *
subnet_lookup(const Cluster *cl, const char *id)
{
	for (int i = 0; i < cl->subnets.n; i++)
		if (cl->subnets.v[i].id.s && strcmp(cl->subnets.v[i].id.s, id) == 0)
			return &cl->subnets.v[i];
	return NULL;
}

static void
add_subnet_zone(const CheckCtx *c, ZoneUses *out, const Subnet *sn, const Loc *loc, const NodeGroup *ng)
{
	const char *z = sn->zone_id.s ? sn->zone_id.s : sn->zone_name.s;
	if (!z)
		return;
	int before = out->n;
	add_use(c, out, z, loc, ng);
	if (out->n > before)
		out->v[before].subnet = sn->id.s;
}

/* The zones a node group uses: as written, else through its subnets. */
void
zones_of_group(const CheckCtx *c, const NodeGroup *g, ZoneUses *out)
{
	int before = out->n;
	if (!g->zones.unknown)
		for (int i = 0; i < g->zones.n; i++)
			if (g->zones.v[i].s && !g->zones.v[i].unknown)
				add_use(c, out, g->zones.v[i].s, &g->zones.v[i].loc, g);
	if (out->n > before || g->subnet_ids.unknown)
		return;
	for (int i = 0; i < g->subnet_ids.n; i++) {
		const SVal *s = &g->subnet_ids.v[i];
		const Subnet *sn = s->s ? subnet_lookup(&c->ir->cluster, s->s) : NULL;
		if (sn)
			add_subnet_zone(c, out, sn, &s->loc, g);
	}
}

/* The zones of the cluster itself: eksctl availabilityZones, describe-cluster's subnets. */
void
zones_of_cluster(const CheckCtx *c, ZoneUses *out)
{
	const Cluster *cl = &c->ir->cluster;
	if (!cl->zones.unknown)
		for (int i = 0; i < cl->zones.n; i++)
			if (cl->zones.v[i].s && !cl->zones.v[i].unknown)
				add_use(c, out, cl->zones.v[i].s, &cl->zones.v[i].loc, NULL);
	for (int i = 0; i < cl->subnets.n; i++)
		if (cl->subnets.v[i].cluster_subnet)
			add_subnet_zone(c, out, &cl->subnets.v[i], &cl->subnets.v[i].id.loc, NULL);
}
