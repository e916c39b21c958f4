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
