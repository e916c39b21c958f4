/*
 * names.c - names made, compared and recognised: the DNS-1123 name of a
 * node group (the NodePool that replaces it), the edit distance behind every
 * "did you mean" note (field keys, schema fields and enums, node classes,
 * instance types), and template placeholders (${X}, <<X>>, {{ X }}) that
 * stand for a name or value until rendered; a zone's name from its id and
 * back.  One implementation each, so every front-end and check names,
 * suggests and recognises alike.
 */
#include "karpgen.h"

#include <string.h>

char *
dns1123_name(Arena *a, const char *name)
{
	/* lower case; anything but [a-z0-9] becomes one '-'; no '-' at either
	 * end; at most 63 characters (a label, so it is also a valid label value);
	 * "nodegroup" when nothing is left */
	size_t n = strlen(name);
	char *out = arena_alloc(a, (n < 63 ? n : 63) + 1 + 9);
	size_t k = 0;
	for (size_t i = 0; i < n && k < 63; i++) {
		unsigned char ch = (unsigned char)name[i];
		if (ch >= 'A' && ch <= 'Z')
			ch = (unsigned char)(ch - 'A' + 'a');
		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
			out[k++] = (char)ch;
		else if (k > 0 && out[k - 1] != '-')
			out[k++] = '-';
	}
	while (k > 0 && out[k - 1] == '-')
		k--;
	if (k == 0)
		memcpy(out, "nodegroup", (k = 9));
	out[k] = '\0';
	return out;
}

static int
ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/*
 * Optimal string alignment distance (Damerau-Levenshtein with adjacent
 * swaps): an insertion, deletion, substitution or swap of two neighbours is
 * one step, a change of ASCII case only half a step (rounded up at the end),
 * so "minsize" is 1 from "minSize" and "nodepool" 1 from "NodePool".
 * Bounded: max + 1 when the distance is larger, or either string is longer
 * than 64 bytes.  Computed in half steps over three rows.
 */
int
edit_distance(const char *a, const char *b, int max)
{
	enum { N = 64 };
	size_t na = strlen(a), nb = strlen(b);
	if (max < 0)
		return max + 1;
	if (na > N || nb > N || (na > nb ? na - nb : nb - na) > (size_t)max)
		return max + 1;
	int r0[N + 1], r1[N + 1], r2[N + 1];
	int *pp = r0, *prev = r1, *row = r2;
	int prev_best = 0;
	for (size_t j = 0; j <= nb; j++)
		prev[j] = (int)j * 2;
	for (size_t i = 1; i <= na; i++) {
		row[0] = (int)i * 2;
		int best = row[0];
		for (size_t j = 1; j <= nb; j++) {
			int ca = (unsigned char)a[i - 1], cb = (unsigned char)b[j - 1];
			int cost = ca == cb ? 0 : ascii_lower(ca) == ascii_lower(cb) ? 1 : 2;
			int d = prev[j - 1] + cost;
			if (prev[j] + 2 < d)
				d = prev[j] + 2;
			if (row[j - 1] + 2 < d)
				d = row[j - 1] + 2;
			if (i > 1 && j > 1 && ca == (unsigned char)b[j - 2] && (unsigned char)a[i - 2] == cb &&
			    pp[j - 2] + 2 < d)
				d = pp[j - 2] + 2;
			row[j] = d;
			if (d < best)
				best = d;
		}
		/* a later cell comes from this row, or from the one before by a swap (+2) */
		if (best > 2 * max && prev_best + 2 > 2 * max)
			return max + 1;
		prev_best = best;
		int *t = pp;
		pp = prev;
		prev = row;
		row = t;
	}
	int d = (prev[nb] + 1) / 2;
	return d > max ? max + 1 : d;
}

static bool
ident_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/*
 * The first template placeholder in s[0, len): ${X} (not Terraform's escape
 * $${X}), <<X>> and {{ X }}; *n its length.  With `envsubst`, only ${NAME}
 * with a bare name counts: in Terraform, ${var.x} is a reference and <<X
 * opens a heredoc.
 */
const char *
placeholder_find(const char *s, size_t len, size_t *n, bool envsubst)
{
	for (size_t i = 0; i + 1 < len; i++) {
		size_t j;
		if (s[i] == '$' && s[i + 1] == '{') {
			if (i > 0 && s[i - 1] == '$')
				continue;
			bool bare = true;
			for (j = i + 2; j < len && j < i + 130 && s[j] != '}' && s[j] != '\n' && s[j] != '{'; j++)
				bare &= ident_char(s[j]);
			if (j < len && s[j] == '}' && j > i + 2 && (bare || !envsubst)) {
				*n = j + 1 - i;
				return s + i;
			}
		} else if (envsubst) {
			continue;
		} else if (s[i] == '<' && s[i + 1] == '<') {
			for (j = i + 2; j < len && (ident_char(s[j]) || s[j] == '-'); j++)
				;
			if (j > i + 2 && j + 1 < len && s[j] == '>' && s[j + 1] == '>') {
				*n = j + 2 - i;
				return s + i;
			}
		} else if (s[i] == '{' && s[i + 1] == '{') {
			for (j = i + 2; j + 1 < len && j < i + 200 && !(s[j] == '}' && s[j + 1] == '}') && s[j] != '\n'; j++)
				;
			if (j + 1 < len && s[j] == '}' && s[j + 1] == '}') {
				*n = j + 2 - i;
				return s + i;
			}
		}
	}
	return NULL;
}

bool
is_placeholder(const char *s)
{
	size_t n;
	return s && placeholder_find(s, strlen(s), &n, false) != NULL;
}

static bool
bare_name(const char *s)
{
	if (!s || !ident_char(*s) || (*s >= '0' && *s <= '9'))
		return false;
	for (; *s; s++)
		if (!ident_char(*s))
			return false;
	return true;
}

/*
 * "${NAME}" with a bare name: an envsubst placeholder, never a Terraform
 * reference in a tfvars (which admits no references at all).  A string that
 * is only "${NAME}" comes from the parser as the expression NAME.
 */
bool
tf_placeholder(const char *s)
{
	size_t n;
	return s && (bare_name(s) || placeholder_find(s, strlen(s), &n, true));
}

/*
 * Kubernetes names as apimachinery checks them, and the label keys a
 * NodePool template may not set: what the validator (schema.c) checks in
 * manifests and lowering (lower.c) checks in node groups, one test each.
 */

bool
k8s_qualified_name(const char *s, size_t len)
{
	const char *slash = memchr(s, '/', len);
	const char *name = s;
	size_t n = len;
	if (slash) {
		size_t plen = (size_t)(slash - s);
		if (plen == 0 || plen > 253 || !pat_match(PAT_DNS1123_SUBDOMAIN, s, plen))
			return false;
		name = slash + 1;
		n = len - plen - 1;
	}
	return n >= 1 && n <= 63 && pat_match(PAT_LABEL_NAME, name, n);
}

bool
k8s_label_value(const char *s, size_t len)
{
	return len <= 63 && pat_match(PAT_LABEL_VALUE, s, len);
}

/* karpenter.k8s.aws labels a NodePool template may set (the CRDs' allow-list). */
static const char *const k8s_aws_allowed[] = {
	"karpenter.k8s.aws/instance-tenancy", "karpenter.k8s.aws/capacity-reservation-type",
	"karpenter.k8s.aws/capacity-reservation-id", "karpenter.k8s.aws/capacity-reservation-interruptible",
	"karpenter.k8s.aws/ec2nodeclass", "karpenter.k8s.aws/instance-encryption-in-transit-supported",
	"karpenter.k8s.aws/instance-category", "karpenter.k8s.aws/instance-hypervisor",
	"karpenter.k8s.aws/instance-family", "karpenter.k8s.aws/instance-generation",
	"karpenter.k8s.aws/instance-local-nvme", "karpenter.k8s.aws/instance-size",
	"karpenter.k8s.aws/instance-cpu", "karpenter.k8s.aws/instance-cpu-manufacturer",
	"karpenter.k8s.aws/instance-cpu-sustained-clock-speed-mhz", "karpenter.k8s.aws/instance-memory",
	"karpenter.k8s.aws/instance-ebs-bandwidth", "karpenter.k8s.aws/instance-network-bandwidth",
	"karpenter.k8s.aws/instance-gpu-name", "karpenter.k8s.aws/instance-gpu-manufacturer",
	"karpenter.k8s.aws/instance-gpu-count", "karpenter.k8s.aws/instance-gpu-memory",
	"karpenter.k8s.aws/instance-accelerator-name", "karpenter.k8s.aws/instance-accelerator-manufacturer",
	"karpenter.k8s.aws/instance-accelerator-count", "karpenter.k8s.aws/instance-capability-flex",
	"karpenter.k8s.aws/placement-group-id", "karpenter.k8s.aws/placement-group-partition",
};

/* kubernetes.io labels the v1.0-v1.8 and v1beta1 CRDs let a NodePool template set. */
static const char *const k8s_io_allowed[] = {
	"beta.kubernetes.io/instance-type", "failure-domain.beta.kubernetes.io/region", "beta.kubernetes.io/os",
	"beta.kubernetes.io/arch", "failure-domain.beta.kubernetes.io/zone", "topology.kubernetes.io/zone",
	"topology.kubernetes.io/region", "kubernetes.io/arch", "kubernetes.io/os", "node.kubernetes.io/windows-build",
};

static bool
str_listed(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

static bool
domain_ends(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);
	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

const char *
api_label_restricted(const KarpVersion *kv, const char *key)
{
	const char *slash = strchr(key, '/');
	size_t dl = slash ? (size_t)(slash - key) : strlen(key);
	if (strcmp(key, "karpenter.sh/nodepool") == 0 || strcmp(key, "kubernetes.io/hostname") == 0)
		return "it is set by Kubernetes or Karpenter";
	if (domain_ends(key, dl, "karpenter.sh") && strcmp(key, "karpenter.sh/capacity-type") != 0)
		return "the 'karpenter.sh' domain is reserved";
	if (domain_ends(key, dl, "karpenter.k8s.aws") &&
	    !str_listed(key, k8s_aws_allowed, sizeof k8s_aws_allowed / sizeof *k8s_aws_allowed))
		return "the 'karpenter.k8s.aws' domain is reserved";
	/* the kubernetes.io / k8s.io restrictions were dropped in v1.9 */
	bool old = kv_has(kv, KF_K8S_IO_RESERVED);
	if (old && domain_ends(key, dl, "kubernetes.io") &&
	    !str_listed(key, k8s_io_allowed, sizeof k8s_io_allowed / sizeof *k8s_io_allowed) &&
	    !domain_ends(key, dl, "node.kubernetes.io") && !domain_ends(key, dl, "node-restriction.kubernetes.io"))
		return "the target version reserves the 'kubernetes.io' domain";
	if (old && domain_ends(key, dl, "k8s.io") && !domain_ends(key, dl, "kops.k8s.io"))
		return "the target version reserves the 'k8s.io' domain";
	return NULL;
}

/*
 * AZ names (us-west-2a) and ids (usw2-az1): a group stores its zones once, as
 * written; the other spelling is looked up in the cluster's zone map when
 * it is needed (resolve, the checks, lowering, the report, `karpgen ir`).
 */

/* The cluster's zone map entry whose id (by_id) or name is s, or NULL; entries an expression
 * stands for match nothing.  The one lookup: ng_zones_as() below and the checks' zones in use. */
const Zone *
zone_lookup(const Cluster *cl, const char *s, bool by_id)
{
	for (int i = 0; i < cl->zone_map.n; i++) {
		const SVal *k = by_id ? &cl->zone_map.v[i].id : &cl->zone_map.v[i].name;
		if (k->set && !k->unknown && k->s && strcmp(k->s, s) == 0)
			return &cl->zone_map.v[i];
	}
	return NULL;
}

SList
ng_zones_as(const IR *ir, const NodeGroup *g, bool ids)
{
	const SList *z = &g->zones;
	if (!z->set || z->unknown || z->n == 0)
		return (SList){ 0 };
	int nid = 0;
	for (int i = 0; i < z->n; i++)
		nid += !z->v[i].unknown && z->v[i].s && pat_match(PAT_AZ_ID, z->v[i].s, strlen(z->v[i].s));
	bool are_ids = nid == z->n;
	if (nid != 0 && !are_ids)
		return (SList){ 0 };    /* mixed: KG202's business, neither spelling */
	if (are_ids == ids)
		return *z;
	SVal *v = arena_alloc(ir->arena, (size_t)z->n * sizeof *v);
	for (int i = 0; i < z->n; i++) {
		if (z->v[i].unknown)
			return (SList){ 0 };
		const Zone *m = zone_lookup(&ir->cluster, z->v[i].s, are_ids);
		const SVal *to = m ? (are_ids ? &m->name : &m->id) : NULL;
		if (!to || !to->set || to->unknown)
			return (SList){ 0 };
		v[i] = sval_lit(to->s, &to->loc, ORIGIN_DERIVED);
	}
	return (SList){ .v = v, .n = z->n, .set = true, .origin = ORIGIN_DERIVED, .loc = z->loc };
}
