/*
 * check_controller.c - the Karpenter controller's own checks, offline (KG330).
 *
 * The API server checks a Karpenter object against its CRD (schema and CEL:
 * KG301-KG309, schema.c and cel.c).  The controller then validates what the
 * CRD cannot express; an object that fails is accepted by `kubectl apply`
 * and sits NotReady (NodePool Ready=False, EC2NodeClass
 * ValidationSucceeded=False), launching nothing.  These are those checks,
 * one row of ctl_rules[] each, with the upstream file and function that
 * applies it, the API generations it binds to and the releases that apply
 * it: a KF_* feature of versions.def the target must have (`needs`), so a
 * release that changes a check is a change of its row in versions.def.
 *
 * Contract: check_controller() runs on a document the API server accepts
 * (the caller ran schema_validate() on it without an error).  The
 * controller never sees anything else, and every diagnostic here says "the
 * API server accepts this; the controller will reject it", which is then
 * true.  v1alpha5 Provisioners are not checked here: Karpenter 0.29 runs
 * their validation in the admission webhook, which rejects them at apply
 * (schema.c's api_checks report those as the API server's).
 */
#include "karpgen.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct Ctl {
	Arena *a;
	const KarpVersion *kv;
	const Value *doc;
	int errors;
} Ctl;

/* The one wording of a KG330 diagnostic: the finding, where the controller checks it, the fix. */
static Diag *
ctl_fail(Ctl *c, const Loc *at, const char *upstream, const char *fix, const char *fmt, ...) PRINTF(5, 6);

static Diag *
ctl_fail(Ctl *c, const Loc *at, const char *upstream, const char *fix, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	c->errors++;
	Diag *d = diag(KG330, at, "%s", msg);
	diag_note(d, NULL, "the API server accepts this; the controller will reject it (%s) and the object "
	    "never becomes ready", upstream);
	if (fix)
		diag_note(d, NULL, "%s", fix);
	return d;
}

/*
 * A string that holds a template placeholder stands for a value not
 * substituted yet: the schema check skips it (KG111 says so) and so does
 * every check here.  NULL for it, as for a value that is not a string.
 */
static const char *
str_of(const Value *v)
{
	size_t n;
	return v && v->kind == V_STR && !placeholder_find(v->s, v->len, &n, false) ? v->s : NULL;
}

/* ------------------------------------------------------------ label keys */

/*
 * The label keys Karpenter knows in the domains it reserves
 * (karpenter.sh, karpenter.k8s.aws): kubernetes-sigs/karpenter
 * pkg/apis/v1/labels.go WellKnownLabels, with what
 * aws/karpenter-provider-aws pkg/apis/v1/labels.go init() adds, at v1.14.1.
 * Older releases know a subset; the keys they lack are refused by their
 * CRDs' CEL rules first (KG302), so this one list serves every release.
 * The CEL allow-lists of 1.9 and 1.14 admit karpenter.k8s.aws/ec2nodeclass,
 * which is not here: the controller refuses it.
 */
static const char *const known_reserved_keys[] = {
	"karpenter.sh/capacity-type", "karpenter.sh/nodepool",
	"karpenter.k8s.aws/capacity-reservation-id", "karpenter.k8s.aws/capacity-reservation-type",
	"karpenter.k8s.aws/capacity-reservation-interruptible", "karpenter.k8s.aws/instance-hypervisor",
	"karpenter.k8s.aws/instance-encryption-in-transit-supported", "karpenter.k8s.aws/instance-category",
	"karpenter.k8s.aws/instance-capability-flex", "karpenter.k8s.aws/instance-family",
	"karpenter.k8s.aws/instance-generation", "karpenter.k8s.aws/instance-size",
	"karpenter.k8s.aws/instance-local-nvme", "karpenter.k8s.aws/instance-cpu",
	"karpenter.k8s.aws/instance-cpu-manufacturer", "karpenter.k8s.aws/instance-cpu-sustained-clock-speed-mhz",
	"karpenter.k8s.aws/instance-memory", "karpenter.k8s.aws/instance-ebs-bandwidth",
	"karpenter.k8s.aws/instance-network-bandwidth", "karpenter.k8s.aws/instance-gpu-name",
	"karpenter.k8s.aws/instance-gpu-manufacturer", "karpenter.k8s.aws/instance-gpu-count",
	"karpenter.k8s.aws/instance-gpu-memory", "karpenter.k8s.aws/instance-accelerator-name",
	"karpenter.k8s.aws/instance-accelerator-manufacturer", "karpenter.k8s.aws/instance-accelerator-count",
	"karpenter.k8s.aws/instance-tenancy", "karpenter.k8s.aws/placement-group-id",
	"karpenter.k8s.aws/placement-group-partition",
};

static bool
in_strs(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

/* The domain test of IsRestrictedLabel (labels.go): the prefix is the domain or a subdomain of it. */
static bool
in_domain(const char *key, const char *domain)
{
	const char *slash = strchr(key, '/');
	if (!slash)
		return false;
	size_t n = (size_t)(slash - key), k = strlen(domain);
	return (n == k && memcmp(key, domain, k) == 0) || (n > k && key[n - k - 1] == '.' && memcmp(key + n - k, domain, k) == 0);
}

/*
 * kubernetes-sigs/karpenter pkg/apis/v1/labels.go IsRestrictedLabel: a key
 * in a reserved domain must be one Karpenter knows.  What the CRD's CEL
 * rules let through and this refuses is karpenter.k8s.aws/ec2nodeclass
 * (1.9, 1.14); for the rest the CEL rule fires first.
 */
static void
check_restricted_key(Ctl *c, const char *key, const Loc *at, const char *path, const char *what)
{
	if (!in_domain(key, "karpenter.sh") && !in_domain(key, "karpenter.k8s.aws"))
		return;
	if (in_strs(key, known_reserved_keys, sizeof known_reserved_keys / sizeof *known_reserved_keys))
		return;
	ctl_fail(c, at, "kubernetes-sigs/karpenter pkg/apis/v1/labels.go: IsRestrictedLabel",
	    "use a well-known key, or a key of your own outside the karpenter.sh and karpenter.k8s.aws domains",
	    "%s: %s '%s' is in a domain Karpenter reserves and is not a label it knows", path, what, key);
}

/* apimachinery IsQualifiedName, as the controller applies it to label keys, taint keys and values. */
static void
check_qualified(Ctl *c, const Value *v, const Loc *at, const char *path, const char *what, const char *upstream)
{
	if (!str_of(v) || k8s_qualified_name(v->s, v->len))
		return;
	const char *slash = memchr(v->s, '/', v->len);
	size_t name = slash ? v->len - (size_t)(slash - v->s) - 1 : v->len;
	Diag *d = ctl_fail(c, at, upstream, "write an optional DNS subdomain prefix (at most 253 characters) and '/', "
	    "then a name of at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit",
	    "%s: %s '%s' is not a qualified name", path, what, v->s);
	if (name > 63)
		diag_note(d, NULL, "its name part has %zu characters, more than 63", name);
}

/* ------------------------------------------------------------ NodePool */

static const Value *
template_of(const Value *doc)
{
	return v_get(v_get(doc, "spec"), "template");
}

/*
 * kubernetes-sigs/karpenter pkg/apis/v1/nodepool_validation.go
 * validateLabels (v1beta1: pkg/apis/v1beta1/nodepool_validation.go): every
 * template label key a qualified name, not in a reserved domain unless
 * well known.  (Label values: the CRD's own pattern checks them first.)
 */
static void
np_labels(Ctl *c, const Value *doc)
{
	const Value *labels = v_get(v_get(template_of(doc), "metadata"), "labels");
	if (!labels || labels->kind != V_MAP)
		return;
	for (int i = 0; i < labels->n; i++) {
		const Member *m = &labels->members[i];
		const char *path = arena_printf(c->a, "spec.template.metadata.labels[%s]", m->key);
		Value key = { .kind = V_STR, .s = m->key, .len = strlen(m->key), .loc = m->key_loc };
		if (!str_of(&key))
			continue;
		check_qualified(c, &key, &m->key_loc, path, "label key",
		    "kubernetes-sigs/karpenter pkg/apis/v1/nodepool_validation.go: validateLabels");
		check_restricted_key(c, m->key, &m->key_loc, path, "label key");
	}
}

/*
 * kubernetes-sigs/karpenter pkg/apis/v1/nodeclaim_validation.go
 * validateTaintsField: key and value (when given) qualified names, and no
 * key/effect pair twice across taints and startupTaints together.
 */
static void
np_taints(Ctl *c, const Value *doc)
{
	static const char *const fields[] = { "taints", "startupTaints" };
	const char *upstream = "kubernetes-sigs/karpenter pkg/apis/v1/nodeclaim_validation.go: validateTaintsField";
	const Value *spec = v_get(template_of(doc), "spec");
	const Value *lists[2] = { v_get(spec, fields[0]), v_get(spec, fields[1]) };
	int total = 0, nseen = 0;
	for (int f = 0; f < 2; f++)
		total += lists[f] && lists[f]->kind == V_LIST ? lists[f]->n : 0;
	const Value **seen = total ? arena_alloc(c->a, (size_t)total * sizeof *seen) : NULL;
	for (int f = 0; f < 2; f++) {
		const Value *list = lists[f];
		if (!list || list->kind != V_LIST)
			continue;
		for (int i = 0; i < list->n; i++) {
			const Value *t = list->items[i], *key = v_get(t, "key"), *value = v_get(t, "value");
			const char *path = arena_printf(c->a, "spec.template.spec.%s[%d]", fields[f], i);
			if (key)
				check_qualified(c, key, &key->loc, arena_printf(c->a, "%s.key", path), "taint key", upstream);
			if (value && value->kind == V_STR && value->len)
				check_qualified(c, value, &value->loc, arena_printf(c->a, "%s.value", path), "taint value",
				    upstream);
			const char *ks = str_of(key), *es = str_of(v_get(t, "effect"));
			if (!ks)
				continue;
			bool dup = false;
			for (int k = 0; k < nseen && !dup; k++) {
				const char *ok = str_of(v_get(seen[k], "key")), *oe = str_of(v_get(seen[k], "effect"));
				dup = ok && strcmp(ok, ks) == 0 && strcmp(oe ? oe : "", es ? es : "") == 0;
				if (dup) {
					Diag *d = ctl_fail(c, &t->loc, upstream, "keep one of the two; a taint that is also a "
					    "startup taint is a taint", "%s: taint '%s:%s' is given twice", path, ks,
					    es ? es : "");
					diag_note(d, &seen[k]->loc, "given here first");
				}
			}
			if (!dup)
				seen[nseen++] = t;
		}
	}
}

/*
 * The values Karpenter knows for a well-known key, where it knows all of
 * them: kubernetes-sigs/karpenter pkg/apis/v1/labels.go
 * WellKnownValuesForRequirements, and aws/karpenter-provider-aws
 * pkg/apis/v1/labels.go init() for instance-tenancy.
 */
static const struct {
	const char *key;
	const char *values[4];
} known_values[] = {
	{ "karpenter.sh/capacity-type", { "on-demand", "spot", "reserved" } },
	{ "karpenter.k8s.aws/instance-tenancy", { "default", "dedicated" } },
};

/*
 * kubernetes-sigs/karpenter pkg/apis/v1/nodeclaim_validation.go
 * validateWellKnownValues (core 1.5 on: KF_WELL_KNOWN_VALUES): an `In`
 * requirement on such a key needs one value Karpenter knows, and at least
 * minValues of them.
 */
static void
np_known_values(Ctl *c, const Value *req, const char *key, const char *path)
{
	const char *op = str_of(v_get(req, "operator"));
	const Value *values = v_get(req, "values"), *minv = v_get(req, "minValues");
	if (!op || strcmp(op, "In") != 0 || !values || values->kind != V_LIST)
		return;
	for (size_t k = 0; k < sizeof known_values / sizeof *known_values; k++) {
		if (strcmp(key, known_values[k].key) != 0)
			continue;
		int good = 0;
		Buf list = { 0 };
		for (int j = 0; j < 4 && known_values[k].values[j]; j++)
			buf_printf(&list, "%s'%s'", j ? ", " : "", known_values[k].values[j]);
		bool pending = false;
		for (int i = 0; i < values->n; i++) {
			const char *s = str_of(values->items[i]);
			pending |= !s;
			for (int j = 0; s && j < 4 && known_values[k].values[j]; j++)
				good += strcmp(s, known_values[k].values[j]) == 0;
		}
		if (pending) {
			buf_free(&list);
			return;    /* a value not substituted yet, or not a string: the schema said so */
		}
		const char *upstream = "kubernetes-sigs/karpenter pkg/apis/v1/nodeclaim_validation.go: validateWellKnownValues";
		const char *fix = arena_printf(c->a, "'%s' takes %s", key, list.s);
		if (good == 0)
			ctl_fail(c, &values->loc, upstream, fix, "%s.values: no value of '%s' is one Karpenter knows", path, key);
		else if (minv && minv->kind == V_NUM && (minv->flags & VF_INTEGER) && good < minv->i)
			ctl_fail(c, &minv->loc, upstream, fix, "%s.minValues: %lld values of '%s' needed, only %d known "
			    "to Karpenter", path, (long long)minv->i, key, good);
		buf_free(&list);
	}
}

/*
 * kubernetes-sigs/karpenter pkg/apis/v1/nodeclaim_validation.go
 * ValidateRequirement, of the requirements `reqs` at `at`: the key a
 * qualified name and not reserved, each value a label value (the CRD puts
 * the value pattern on the array, where the API server ignores it), the
 * known values of a well-known key.
 */
static void
check_requirements(Ctl *c, const Value *reqs, const char *at)
{
	const char *upstream = "kubernetes-sigs/karpenter pkg/apis/v1/nodeclaim_validation.go: ValidateRequirement";
	if (!reqs || reqs->kind != V_LIST)
		return;
	for (int i = 0; i < reqs->n; i++) {
		const Value *r = reqs->items[i], *key = v_get(r, "key"), *values = v_get(r, "values");
		const char *path = arena_printf(c->a, "%s[%d]", at, i);
		if (!str_of(key))
			continue;
		check_qualified(c, key, &key->loc, arena_printf(c->a, "%s.key", path), "requirement key", upstream);
		check_restricted_key(c, key->s, &key->loc, arena_printf(c->a, "%s.key", path), "requirement key");
		for (int k = 0; values && values->kind == V_LIST && k < values->n; k++) {
			const Value *v = values->items[k];
			if (!str_of(v) || k8s_label_value(v->s, v->len))
				continue;
			Diag *d = ctl_fail(c, &v->loc, upstream, "a value is at most 63 letters, digits, '-', '_' or '.', "
			    "starting and ending with a letter or digit",
			    "%s.values[%d]: '%s' is not a valid label value", path, k, v->s);
			cel_placeholder_note(d, v);
		}
		if (kv_has(c->kv, KF_WELL_KNOWN_VALUES))
			np_known_values(c, r, key->s, path);
	}
}

static void
np_requirements(Ctl *c, const Value *doc)
{
	check_requirements(c, v_get(v_get(template_of(doc), "spec"), "requirements"),
	    "spec.template.spec.requirements");
}

/* ------------------------------------------------------------ NodeOverlay */

/*
 * kubernetes-sigs/karpenter pkg/apis/v1alpha1/nodeoverlay_validation.go
 * RuntimeValidate (1.9, 1.14): its requirements as a NodePool's
 * (validateRequirements calls ValidateRequirement), and no capacity for a
 * resource Karpenter computes itself (validateCapacity: WellKnownResources
 * of pkg/apis/v1/labels.go, with what aws/karpenter-provider-aws
 * pkg/apis/v1/labels.go init() adds).
 */
static void
overlay_requirements(Ctl *c, const Value *doc)
{
	check_requirements(c, v_get(v_get(doc, "spec"), "requirements"), "spec.requirements");
}

static const char *const computed_resources[] = {
	"cpu", "memory", "ephemeral-storage", "pods",
	"vpc.amazonaws.com/pod-eni", "aws.amazon.com/neuron", "aws.amazon.com/neuroncore", "habana.ai/gaudi",
	"vpc.amazonaws.com/efa",
};

static void
overlay_capacity(Ctl *c, const Value *doc)
{
	const Value *cap = v_get(v_get(doc, "spec"), "capacity");
	for (int i = 0; cap && cap->kind == V_MAP && i < cap->n; i++) {
		const Member *m = &cap->members[i];
		if (in_strs(m->key, computed_resources, sizeof computed_resources / sizeof *computed_resources))
			ctl_fail(c, &m->key_loc, "kubernetes-sigs/karpenter pkg/apis/v1alpha1/nodeoverlay_validation.go: "
			    "validateCapacity", "an overlay adds extended resources only, such as 'example.com/device'; "
			    "Karpenter computes this one from the instance type",
			    "spec.capacity[%s]: '%s' is a resource Karpenter computes itself", m->key, m->key);
	}
}

/* ------------------------------------------------------------ kubelet (EC2NodeClass) */

/*
 * From 1.15 (KF_KUBELET_OPEN_MAP) EC2NodeClass.spec.kubelet is an open map
 * in the CRD: no schema or CEL rule checks it, the controller does
 * (aws/karpenter-provider-aws pkg/apis/v1/kubeletconfiguration_validation.go
 * ValidateKubeletConfig, PR #9461, and pkg/controllers/nodeclass/validation.go
 * validateKubeletFieldsSupported).  Before 1.15 the same rules are CEL rules
 * of the CRD (KG301).  The controller decodes the map into the upstream
 * KubeletConfiguration (k8s.io/kubelet/config/v1beta1) and refuses a key
 * that is not one of its fields: kubelet_fields[] is that type's field list,
 * generated into kubelet_fields.def by scripts/gen-kubelet-fields.py from the
 * upstream types.go (the header names the commit), with the JSON shape of
 * each field's Go type: a value of another shape fails the decode too.
 */
#define KUBELET_FILE "aws/karpenter-provider-aws pkg/apis/v1/kubeletconfiguration_validation.go"

/* The JSON names of the top-level fields of the upstream KubeletConfiguration. */
static const char *const kubelet_fields[] = {
#define KUBELET_FIELD(name, type) name,
#include "kubelet_fields.def"
#undef KUBELET_FIELD
};
#define N_KUBELET_FIELDS (sizeof kubelet_fields / sizeof *kubelet_fields)

/*
 * The JSON shape each field's Go type decodes from (the .def's second
 * column, generated with the names): encoding/json refuses a value of another
 * shape ("cannot unmarshal string into Go struct field ... of type bool"), so
 * the controller's decode fails the same way as for an unknown key.
 */
typedef enum KubeletType {
	KT_BOOL, KT_INT32, KT_INT64, KT_NUMBER, KT_STRING, KT_DURATION, KT_STRING_MAP, KT_STRINGS, KT_MAP,
	KT_LIST, KT_OBJECT,
} KubeletType;

static const KubeletType kubelet_types[] = {
#define KUBELET_FIELD(name, type) type,
#include "kubelet_fields.def"
#undef KUBELET_FIELD
};

/* What each shape is called in a message, and the fix. */
static const struct { const char *what, *fix; } kubelet_type_text[] = {
	[KT_BOOL] = { "a bool", "write true or false, without quotes" },
	[KT_INT32] = { "a 32-bit integer", "write a whole number without quotes" },
	[KT_INT64] = { "an integer", "write a whole number without quotes" },
	[KT_NUMBER] = { "a number", "write a number without quotes" },
	[KT_STRING] = { "a string", "quote the value" },
	[KT_DURATION] = { "a duration", "write a duration string such as '30s' or '5m'" },
	[KT_STRING_MAP] = { "a map of strings", "write a map whose values are quoted strings" },
	[KT_STRINGS] = { "a list of strings", "write a list of quoted strings" },
	[KT_MAP] = { "a map", "write a map" },
	[KT_LIST] = { "a list", "write a list" },
	[KT_OBJECT] = { "an object", "write an object (a map of its fields)" },
};

static const char *const eviction_signals[] = {
	"memory.available", "nodefs.available", "nodefs.inodesFree", "imagefs.available", "imagefs.inodesFree",
	"pid.available",
};
static const char *const reservable[] = { "cpu", "memory", "ephemeral-storage", "pid" };

/* The fields Karpenter itself applies on every family (kubeletconfiguration.go ParsedKubeletConfig). */
static const char *const managed_fields[] = {
	"clusterDNS", "maxPods", "podsPerCore", "systemReserved", "kubeReserved", "evictionHard", "evictionSoft",
	"evictionSoftGracePeriod", "evictionMaxPodGracePeriod", "imageGCHighThresholdPercent",
	"imageGCLowThresholdPercent", "cpuCFSQuota",
};

/* The fields Karpenter sets itself, with why (karpenterOwnedFields). */
static const struct { const char *field, *why; } owned_fields[] = {
	{ "registerWithTaints", "Karpenter sets it from the NodeClaim's taints" },
};

/*
 * What each AMI family renders of spec.kubelet (pkg/providers/amifamily
 * FeatureFlags): every field (SupportsArbitraryKubeletConfig), podsPerCore,
 * more than one clusterDNS entry.  Custom is exempt (its user data is its own).
 */
static const struct {
	const char *family;
	bool any_field, pods_per_core, multi_dns;
} family_kubelet[] = {
	{ "AL2023", true, true, true },
	{ "AL2", false, true, false },
	{ "Bottlerocket", false, false, false },
	{ "Windows2019", false, true, false },
	{ "Windows2022", false, true, false },
	{ "Windows2025", false, true, false },
};

/* A Go time.ParseDuration string; *neg when it is below zero. */
static bool
go_duration(const char *s, bool *neg)
{
	static const char *const units[] = { "ns", "us", "\xc2\xb5s", "ms", "s", "m", "h" };
	*neg = false;
	if (*s == '-' || *s == '+')
		*neg = *s++ == '-';
	if (strcmp(s, "0") == 0) {
		*neg = false;
		return true;
	}
	if (!*s)
		return false;
	bool nonzero = false;
	while (*s) {
		const char *start = s;
		for (; isdigit((unsigned char)*s) || *s == '.'; s++)
			nonzero |= *s >= '1' && *s <= '9';
		if (s == start || (s - start == 1 && *start == '.'))
			return false;
		size_t best = 0;
		for (size_t u = 0; u < sizeof units / sizeof *units; u++) {
			size_t n = strlen(units[u]);
			if (n > best && strncmp(s, units[u], n) == 0)
				best = n;
		}
		if (!best)
			return false;
		s += best;
	}
	*neg &= nonzero;
	return true;
}

/* validateEvictionThreshold: a percentage in [0,100] or a non-negative quantity. */
static bool
eviction_threshold(const char *s, bool *neg)
{
	size_t n = strlen(s);
	*neg = false;
	if (n && s[n - 1] == '%') {
		/* strconv.ParseFloat, then refused only when below 0 or above 100 (as upstream: NaN passes) */
		char *end;
		double v = strtod(s, &end);
		return n > 1 && !isspace((unsigned char)*s) && end == s + n - 1 && !(v < 0 || v > 100);
	}
	double q;
	if (!k8s_quantity(s, &q))
		return false;
	*neg = q < 0;
	return true;
}

static void
kubelet_maps(Ctl *c, const Value *kl)
{
	static const char *const eviction_maps[] = { "evictionHard", "evictionSoft", "evictionSoftGracePeriod",
		"evictionMinimumReclaim" };
	for (size_t f = 0; f < sizeof eviction_maps / sizeof *eviction_maps; f++) {
		const Value *m = v_get(kl, eviction_maps[f]);
		bool is_grace = f == 2;
		for (int i = 0; m && m->kind == V_MAP && i < m->n; i++) {
			const Member *e = &m->members[i];
			const char *path = arena_printf(c->a, "spec.kubelet.%s[%s]", eviction_maps[f], e->key);
			if (!in_strs(e->key, eviction_signals, sizeof eviction_signals / sizeof *eviction_signals))
				ctl_fail(c, &e->key_loc, KUBELET_FILE ": validateKubeletSemantics",
				    "use memory.available, nodefs.available, nodefs.inodesFree, imagefs.available, "
				    "imagefs.inodesFree or pid.available", "%s: '%s' is not an eviction signal", path, e->key);
			const char *s = str_of(e->val);
			bool neg;
			if (!s)
				continue;
			if (is_grace ? !go_duration(s, &neg) : !eviction_threshold(s, &neg))
				ctl_fail(c, &e->val->loc, is_grace ? KUBELET_FILE ": validateEvictionGracePeriod"
				    : KUBELET_FILE ": validateEvictionThreshold",
				    is_grace ? "write a duration such as '30s' or '2m'" : "write a percentage such as '5%' or a "
				    "quantity such as '500Mi'", "%s: '%s' is not a %s", path, s,
				    is_grace ? "duration" : "percentage (0-100) or a resource quantity");
			else if (neg)
				ctl_fail(c, &e->val->loc, is_grace ? KUBELET_FILE ": validateEvictionGracePeriod"
				    : KUBELET_FILE ": validateEvictionThreshold", NULL, "%s: '%s' is negative", path, s);
		}
	}
	/* soft thresholds and their grace periods pair up both ways; an absent map counts as empty */
	const Value *soft = v_get(kl, "evictionSoft"), *grace = v_get(kl, "evictionSoftGracePeriod");
	for (int w = 0; w < 2; w++) {
		const Value *a = w ? grace : soft, *b = w ? soft : grace;
		for (int i = 0; a && a->kind == V_MAP && i < a->n; i++)
			if (!v_get(b, a->members[i].key))
				ctl_fail(c, &a->members[i].key_loc, KUBELET_FILE ": validateKubeletSemantics",
				    arena_printf(c->a, "add '%s' to %s", a->members[i].key,
				    w ? "evictionSoft" : "evictionSoftGracePeriod"),
				    "spec.kubelet.%s[%s]: has no matching %s", w ? "evictionSoftGracePeriod" : "evictionSoft",
				    a->members[i].key, w ? "evictionSoft" : "evictionSoftGracePeriod");
	}
	static const char *const reserved_maps[] = { "kubeReserved", "systemReserved" };
	for (int f = 0; f < 2; f++) {
		const Value *m = v_get(kl, reserved_maps[f]);
		for (int i = 0; m && m->kind == V_MAP && i < m->n; i++) {
			const Member *e = &m->members[i];
			const char *path = arena_printf(c->a, "spec.kubelet.%s[%s]", reserved_maps[f], e->key);
			if (!in_strs(e->key, reservable, sizeof reservable / sizeof *reservable))
				ctl_fail(c, &e->key_loc, KUBELET_FILE ": validateKubeletSemantics",
				    "reserve cpu, memory, ephemeral-storage or pid", "%s: '%s' is not a resource the kubelet "
				    "reserves", path, e->key);
			const char *s = str_of(e->val);
			if (s && *s == '-')
				ctl_fail(c, &e->val->loc, KUBELET_FILE ": validateKubeletSemantics", NULL,
				    "%s: '%s' is a negative reservation", path, s);
		}
	}
}

static bool
int_of(const Value *v, long long *out)
{
	if (!v || v->kind != V_NUM || !(v->flags & VF_INTEGER))
		return false;
	*out = (long long)v->i;
	return true;
}

/* What a value is, for a message. */
static const char *
value_shape(const Value *v)
{
	static const char *const names[] = {
		[V_NULL] = "null", [V_BOOL] = "a bool", [V_NUM] = "a number", [V_STR] = "a string",
		[V_LIST] = "a list", [V_MAP] = "a map", [V_UNKNOWN] = "an expression",
	};
	if (v->kind == V_NUM && (v->flags & VF_INTEGER))
		return "an integer";
	return names[v->kind];
}

/* Whether value v decodes into a field of shape t; *why: the detail when the shape is right but the value is not. */
static bool
shape_ok(const Value *v, KubeletType t, const char **why)
{
	bool neg;
	*why = NULL;
	switch (t) {
	case KT_BOOL:
		return v->kind == V_BOOL;
	case KT_INT32:
		if (v->kind == V_NUM && (v->flags & VF_INTEGER) && (v->i < INT32_MIN || v->i > INT32_MAX))
			*why = "out of the 32-bit range";
		return v->kind == V_NUM && (v->flags & VF_INTEGER) && !*why;
	case KT_INT64:
		return v->kind == V_NUM && (v->flags & VF_INTEGER);
	case KT_NUMBER:
		return v->kind == V_NUM;
	case KT_STRING:
		return v->kind == V_STR;
	case KT_DURATION:
		if (v->kind == V_STR && !go_duration(v->s, &neg))
			*why = "not a Go duration";
		return v->kind == V_STR && !*why;
	case KT_STRING_MAP:   /* its values: kubelet_value_types() names the first that is no string */
		return v->kind == V_MAP;
	case KT_STRINGS:
		for (int i = 0; v->kind == V_LIST && i < v->n; i++)
			if (v->items[i]->kind != V_STR && v->items[i]->kind != V_UNKNOWN) {
				*why = "an item that is not a string";
				return false;
			}
		return v->kind == V_LIST;
	case KT_MAP:
	case KT_OBJECT:
		return v->kind == V_MAP;
	case KT_LIST:
		return v->kind == V_LIST;
	}
	return true;
}

/*
 * A value of spec.kubelet whose shape its KubeletConfiguration field's Go
 * type does not decode from (a quoted "true" for a bool, a number for a
 * string, "30" for a duration): the controller's decode fails.  null decodes
 * into anything; an expression or a ${placeholder} is not judged.
 */
static void
kubelet_value_types(Ctl *c, const Value *kl)
{
	for (int i = 0; i < kl->n; i++) {
		const Member *m = &kl->members[i];
		const Value *v = m->val;
		size_t n;
		if (v->kind == V_NULL || v->kind == V_UNKNOWN ||
		    (v->kind == V_STR && placeholder_find(v->s, v->len, &n, false)))
			continue;
		for (size_t f = 0; f < N_KUBELET_FIELDS; f++) {
			if (strcmp(kubelet_fields[f], m->key) != 0)
				continue;
			KubeletType t = kubelet_types[f];
			const char *why;
			if (t == KT_STRING_MAP && v->kind == V_MAP) {
				/* the first value that is not a string, named in the message */
				for (int k = 0; k < v->n; k++) {
					const Value *e = v->members[k].val;
					if (e->kind == V_STR || e->kind == V_NULL || e->kind == V_UNKNOWN)
						continue;
					ctl_fail(c, &e->loc, KUBELET_FILE ": ValidateKubeletConfig, the decode into "
					    "k8s.io/kubelet/config/v1beta1 KubeletConfiguration", "quote the value",
					    "spec.kubelet.%s[%s]: %s where KubeletConfiguration has a string", m->key,
					    v->members[k].key, value_shape(e));
					break;
				}
				break;
			}
			if (shape_ok(v, t, &why))
				break;
			if (why && v->s)
				ctl_fail(c, &v->loc, KUBELET_FILE ": ValidateKubeletConfig, the decode into "
				    "k8s.io/kubelet/config/v1beta1 KubeletConfiguration", kubelet_type_text[t].fix,
				    "spec.kubelet.%s: '%s' is %s", m->key, v->s, why);
			else if (why)
				ctl_fail(c, &v->loc, KUBELET_FILE ": ValidateKubeletConfig, the decode into "
				    "k8s.io/kubelet/config/v1beta1 KubeletConfiguration", kubelet_type_text[t].fix,
				    "spec.kubelet.%s: has %s", m->key, why);
			else
				ctl_fail(c, &v->loc, KUBELET_FILE ": ValidateKubeletConfig, the decode into "
				    "k8s.io/kubelet/config/v1beta1 KubeletConfiguration", kubelet_type_text[t].fix,
				    "spec.kubelet.%s: %s where KubeletConfiguration has %s", m->key, value_shape(v),
				    kubelet_type_text[t].what);
			break;
		}
	}
}

/*
 * A key of spec.kubelet that is no KubeletConfiguration field: the decode
 * fails and the EC2NodeClass is not ready.  The note names the nearest field
 * (by names.c's edit distance, at most a third of the key's length, ties to
 * the first in upstream order) when one is close.
 */
static void
kubelet_unknown(Ctl *c, const Value *kl)
{
	for (int i = 0; i < kl->n; i++) {
		const Member *m = &kl->members[i];
		if (in_strs(m->key, kubelet_fields, N_KUBELET_FIELDS))
			continue;
		Diag *d = ctl_fail(c, &m->key_loc, KUBELET_FILE ": ValidateKubeletConfig, the decode into "
		    "k8s.io/kubelet/config/v1beta1 KubeletConfiguration", NULL,
		    "spec.kubelet.%s: is not a field of KubeletConfiguration", m->key);
		int max = (int)strlen(m->key) / 3, best = max + 1;
		const char *near = NULL;
		for (size_t f = 0; f < N_KUBELET_FIELDS && max > 0; f++) {
			int dist = edit_distance(m->key, kubelet_fields[f], best - 1);
			if (dist < best) {
				best = dist;
				near = kubelet_fields[f];
			}
		}
		if (near)
			diag_note(d, NULL, "did you mean '%s'?", near);
		else
			diag_note(d, NULL, "use a field of KubeletConfiguration (k8s.io/kubelet/config/v1beta1), "
			    "spelt as in its JSON form");
	}
}

static void
kubelet_numbers(Ctl *c, const Value *kl)
{
	static const struct { const char *field; long long min, max; } bounds[] = {
		{ "imageGCHighThresholdPercent", 0, 100 }, { "imageGCLowThresholdPercent", 0, 100 },
		{ "podsPerCore", 0, -1 }, { "evictionMaxPodGracePeriod", 0, -1 }, { "maxPods", 0, -1 },
	};
	for (size_t b = 0; b < sizeof bounds / sizeof *bounds; b++) {
		const Value *v = v_get(kl, bounds[b].field);
		long long n;
		if (!int_of(v, &n) || (n >= bounds[b].min && (bounds[b].max < 0 || n <= bounds[b].max)))
			continue;
		if (bounds[b].max < 0)
			ctl_fail(c, &v->loc, KUBELET_FILE ": validateKubeletSemantics", NULL,
			    "spec.kubelet.%s: %lld is negative", bounds[b].field, n);
		else
			ctl_fail(c, &v->loc, KUBELET_FILE ": validateKubeletSemantics", NULL,
			    "spec.kubelet.%s: %lld is not between %lld and %lld", bounds[b].field, n, bounds[b].min,
			    bounds[b].max);
	}
	long long hi, lo;
	const Value *hv = v_get(kl, "imageGCHighThresholdPercent");
	if (int_of(hv, &hi) && int_of(v_get(kl, "imageGCLowThresholdPercent"), &lo) && hi <= lo)
		ctl_fail(c, &hv->loc, KUBELET_FILE ": validateKubeletSemantics",
		    "the kubelet collects images above the high threshold down to the low one: make high the larger",
		    "spec.kubelet.imageGCHighThresholdPercent: %lld is not above imageGCLowThresholdPercent (%lld)", hi, lo);
}

/* The family an EC2NodeClass launches: amiFamily, else its alias's (ec2nodeclass.go AMIFamily()). */
static const char *
nodeclass_family(const Value *spec)
{
	const char *fam = str_of(v_get(spec, "amiFamily"));
	if (fam)
		return fam;
	const Value *terms = v_get(spec, "amiSelectorTerms");
	const char *alias = terms && terms->kind == V_LIST && terms->n ? str_of(v_get(terms->items[0], "alias")) : NULL;
	if (!alias)
		return NULL;
	for (size_t k = 0; k < sizeof family_kubelet / sizeof *family_kubelet; k++) {
		size_t n = strlen(family_kubelet[k].family);
		if (strncasecmp(alias, family_kubelet[k].family, n) == 0 && alias[n] == '@')
			return family_kubelet[k].family;
	}
	return NULL;
}

static void
kubelet_family(Ctl *c, const Value *spec, const Value *kl)
{
	const char *fam = nodeclass_family(spec);
	const char *upstream = "aws/karpenter-provider-aws pkg/controllers/nodeclass/validation.go: "
	    "validateKubeletFieldsSupported";
	for (size_t k = 0; fam && k < sizeof family_kubelet / sizeof *family_kubelet; k++) {
		if (strcmp(fam, family_kubelet[k].family) != 0)
			continue;
		for (int i = 0; i < kl->n; i++) {
			const Member *m = &kl->members[i];
			bool managed = in_strs(m->key, managed_fields, sizeof managed_fields / sizeof *managed_fields);
			if (!in_strs(m->key, kubelet_fields, N_KUBELET_FIELDS))
				continue;   /* kubelet_unknown() reports it */
			if ((!managed && !family_kubelet[k].any_field)
			    || (strcmp(m->key, "podsPerCore") == 0 && !family_kubelet[k].pods_per_core))
				ctl_fail(c, &m->key_loc, upstream, "use the AL2023 family, which passes every kubelet field "
				    "through, or drop the field", "spec.kubelet.%s: the %s AMI family does not apply this "
				    "field", m->key, fam);
		}
		const Value *dns = v_get(kl, "clusterDNS");
		if (dns && dns->kind == V_LIST && dns->n > 1 && !family_kubelet[k].multi_dns)
			ctl_fail(c, &dns->loc, upstream, "give one address", "spec.kubelet.clusterDNS: the %s AMI family "
			    "takes one entry, %d given", fam, dns->n);
	}
}

static void
nc_kubelet(Ctl *c, const Value *doc)
{
	const Value *spec = v_get(doc, "spec"), *kl = v_get(spec, "kubelet");
	if (!kl || kl->kind != V_MAP || kl->n == 0)
		return;
	for (size_t k = 0; k < sizeof owned_fields / sizeof *owned_fields; k++) {
		const Member *m = v_member(kl, owned_fields[k].field);
		if (m)
			ctl_fail(c, &m->key_loc, KUBELET_FILE ": validateKubeletSemantics (karpenterOwnedFields)",
			    "remove it: Karpenter would overwrite it at bootstrap", "spec.kubelet.%s: cannot be set: %s",
			    m->key, owned_fields[k].why);
	}
	kubelet_unknown(c, kl);
	kubelet_value_types(c, kl);
	kubelet_maps(c, kl);
	kubelet_numbers(c, kl);
	kubelet_family(c, spec, kl);
}

/* ------------------------------------------------------------ AMI alias (EC2NodeClass) */

/*
 * aws/karpenter-provider-aws pkg/apis/v1/ec2nodeclass.go amiFamilyFromAlias
 * and amiVersionFromAlias (every v1 release): the alias split on '@' must
 * give two parts, or the controller stops (log.Fatalf).  The CRD's pattern
 * `^[a-zA-Z0-9]+@.+$` lets a second '@' through.
 */
static void
nc_alias(Ctl *c, const Value *doc)
{
	const Value *terms = v_get(v_get(doc, "spec"), "amiSelectorTerms");
	for (int i = 0; terms && terms->kind == V_LIST && i < terms->n; i++) {
		const Value *v = v_get(terms->items[i], "alias");
		const char *s = str_of(v), *at = s ? strchr(s, '@') : NULL;
		if (!at || !strchr(at + 1, '@'))
			continue;
		Diag *d = ctl_fail(c, &v->loc, "aws/karpenter-provider-aws pkg/apis/v1/ec2nodeclass.go: amiFamilyFromAlias",
		    "write the alias as FAMILY@VERSION", "spec.amiSelectorTerms[%d].alias: alias '%s' has more than one '@'",
		    i, s);
		diag_note(d, NULL, "the controller stops with a fatal error when it parses it, for every node class");
	}
}

/* ------------------------------------------------------------ the table */

enum { GEN_ALPHA = 1 << 0, GEN_BETA = 1 << 1, GEN_V1 = 1 << 2 };

static const struct {
	const char *kind;
	unsigned gens;          /* API generations it binds to (1 << ApiKind gen) */
	unsigned needs;         /* KF_* features the target release must have */
	void (*check)(Ctl *c, const Value *doc);
} ctl_rules[] = {
	/* the NodePool readiness controller (RuntimeValidate; 0.32-0.37: the provisioner) */
	{ "NodePool", GEN_BETA | GEN_V1, 0, np_labels },
	{ "NodePool", GEN_BETA | GEN_V1, 0, np_taints },
	{ "NodePool", GEN_BETA | GEN_V1, 0, np_requirements },
	/* the NodeOverlay controller (karpenter.sh/v1alpha1: only the releases that serve it) */
	{ "NodeOverlay", GEN_ALPHA, 0, overlay_requirements },
	{ "NodeOverlay", GEN_ALPHA, 0, overlay_capacity },
	/* the EC2NodeClass controllers */
	{ "EC2NodeClass", GEN_V1, 0, nc_alias },
	/* the EC2NodeClass validation controller, once spec.kubelet is an open map (1.15) */
	{ "EC2NodeClass", GEN_V1, KF_KUBELET_OPEN_MAP, nc_kubelet },
};

int
check_controller(Arena *a, const KarpVersion *kv, const char *kind, int gen, const Value *doc)
{
	if (!doc || doc->kind != V_MAP || !kv || !kv->rel)
		return 0;
	Ctl c = { a, kv, doc, 0 };
	for (size_t i = 0; i < sizeof ctl_rules / sizeof *ctl_rules; i++)
		if (strcmp(ctl_rules[i].kind, kind) == 0 && (ctl_rules[i].gens & (1u << gen))
		    && kv_has(kv, ctl_rules[i].needs))
			ctl_rules[i].check(&c, doc);
	return c.errors;
}
