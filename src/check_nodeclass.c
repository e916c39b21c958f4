/*
 * check_nodeclass.c - AMIs and root volumes (KG210, KG211).
 *
 * An EC2NodeClass fixes one AMI selection and one set of block devices for
 * every node it launches.  An alias (al2023@...) resolves to the standard,
 * NVIDIA, Neuron and arm64 variants and Karpenter picks one per instance
 * type; a custom AMI id is one image with one set of drivers.  Hence the
 * Domino guide's rule: with custom AMIs, one EC2NodeClass per AMI variant,
 * and with any AMI, one per root volume size.
 */
#include "karpgen.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ KG210 */

static const char *
custom_ami(const NodeGroup *g)
{
	return g->ami_id.set && !g->ami_id.unknown ? g->ami_id.s : NULL;
}

static bool
ival_differs(const IVal *a, const IVal *b)
{
	return a->set && b->set && !a->unknown && !b->unknown && a->v != b->v;
}

static bool
sval_differs(const SVal *a, const SVal *b)
{
	return a->set && b->set && !a->unknown && !b->unknown && a->s && b->s && strcmp(a->s, b->s) != 0;
}

static bool
volume_differs(const NodeGroup *a, const NodeGroup *b)
{
	return ival_differs(&a->volume_size, &b->volume_size) ||
	    sval_differs(&a->volume_type, &b->volume_type) ||
	    ival_differs(&a->volume_iops, &b->volume_iops) ||
	    ival_differs(&a->volume_throughput, &b->volume_throughput);
}

static bool
ami_differs(const NodeGroup *a, const NodeGroup *b)
{
	const char *x = custom_ami(a), *y = custom_ami(b);
	if (!x && !y)
		return false;   /* EKS-optimized AMIs: one alias serves every variant */
	return !x || !y || strcmp(x, y) != 0;
}

static void
describe_volume(Buf *b, const NodeGroup *g)
{
	if (g->volume_size.set && !g->volume_size.unknown)
		buf_printf(b, "%lld GiB", (long long)g->volume_size.v);
	else
		buf_puts(b, "default size");
	if (g->volume_type.set && g->volume_type.s)
		buf_printf(b, " %s", g->volume_type.s);
	if (g->volume_iops.set && !g->volume_iops.unknown)
		buf_printf(b, ", %lld IOPS", (long long)g->volume_iops.v);
	if (g->volume_throughput.set && !g->volume_throughput.unknown)
		buf_printf(b, ", %lld MiB/s", (long long)g->volume_throughput.v);
}

typedef enum SplitWhy { SPLIT_AMI, SPLIT_VOLUME } SplitWhy;

static void
report_split(const char *nc, const Loc *loc, NodeGroup **gs, int n, SplitWhy why)
{
	Buf b = { 0 };
	for (int i = 0; i < n; i++) {
		buf_printf(&b, "%s'%s' (", i ? ", " : "", gs[i]->name.s);
		if (why == SPLIT_AMI)
			buf_printf(&b, "%s", custom_ami(gs[i]) ? custom_ami(gs[i]) : "an EKS-optimized AMI");
		else
			describe_volume(&b, gs[i]);
		buf_puts(&b, ")");
	}
	Diag *d = diag(KG210, loc, "EC2NodeClass '%s' serves node groups that need different %s: %s",
	    nc, why == SPLIT_AMI ? "AMIs" : "root volumes", b.s);
	buf_free(&b);
	for (int i = 0; i < n; i++) {
		const NodeGroup *g = gs[i];
		if (why == SPLIT_AMI) {
			const Loc *l = g->ami_id.loc.file ? &g->ami_id.loc : &g->loc;
			diag_note(d, l, "'%s' %s", g->name.s, custom_ami(g) ? "runs this custom AMI" :
			    "runs an EKS-optimized AMI");
		} else {
			const Loc *l = g->volume_size.loc.file ? &g->volume_size.loc : &g->loc;
			Buf v = { 0 };
			describe_volume(&v, g);
			diag_note(d, l, "'%s' has a %s root volume", g->name.s, v.s);
			buf_free(&v);
		}
	}
	diag_note(d, NULL, "give each of them an EC2NodeClass of its own and point its NodePool's "
	    "nodeClassRef at it: every node of a class gets the same %s",
	    why == SPLIT_AMI ? "AMI" : "block devices");
}

/* A node group and the EC2NodeClass one of its replacing NodePools points at. */
typedef struct ClassUse {
	const char *nc;
	int group;
	const NodePool *pool;
} ClassUse;

static int
cmp_class_use(const void *a, const void *b)
{
	const ClassUse *x = a, *y = b;
	int c = strcmp(x->nc, y->nc);
	if (c)
		return c;
	if (x->group != y->group)
		return x->group - y->group;
	return x->pool->index - y->pool->index;
}

void
check_nodeclass_split(const CheckCtx *c)
{
	const IR *ir = c->ir;
	int n = 0;
	for (int i = 0; i < ir->groups.n; i++)
		n += c->replacing[i].n;
	if (n < 2)
		return;
	ClassUse *u = arena_alloc(c->arena, (size_t)n * sizeof *u);
	n = 0;
	for (int i = 0; i < ir->groups.n; i++)
		for (int k = 0; k < c->replacing[i].n; k++) {
			const NodePool *p = c->replacing[i].v[k];
			if (p->nodeclass && !is_placeholder(p->nodeclass))
				u[n++] = (ClassUse){ p->nodeclass, i, p };
		}
	qsort(u, (size_t)n, sizeof *u, cmp_class_use);
	NodeGroup **gs = arena_alloc(c->arena, (size_t)(ir->groups.n + 1) * sizeof *gs);
	for (int at = 0; at < n;) {
		int end = at;
		while (end < n && strcmp(u[end].nc, u[at].nc) == 0)
			end++;
		/* the groups of this class, once each, in input order; the first pool that names it */
		int ng = 0;
		const NodePool *first = u[at].pool;
		for (int k = at; k < end; k++) {
			if (k == at || u[k].group != u[k - 1].group)
				gs[ng++] = ir->groups.v[u[k].group];
			if (u[k].pool->index < first->index)
				first = u[k].pool;
		}
		const char *nc = u[at].nc;
		at = end;
		if (ng < 2)
			continue;
		const KObject *obj = check_nodeclass(c, nc);
		const Value *name = obj ? v_path(obj->doc, "metadata.name") : NULL;
		const Value *ref = v_get(first->nodeclass_ref, "name");
		const Loc *loc = name ? &name->loc : ref ? &ref->loc : &first->name_loc;
		bool ami = false, vol = false;
		for (int i = 1; i < ng; i++) {
			ami |= ami_differs(gs[0], gs[i]);
			vol |= volume_differs(gs[0], gs[i]);
		}
		if (ami)
			report_split(nc, loc, gs, ng, SPLIT_AMI);
		if (vol)
			report_split(nc, loc, gs, ng, SPLIT_VOLUME);
	}
}

/* ------------------------------------------------------------ KG211 */

/* What each EKS AMI type can run: its architecture and the accelerators it has drivers for. */
typedef enum Can { NO, YES, MAYBE } Can;

static const struct AmiType {
	const char *name;
	Arch arch;
	Can nvidia, neuron;
} ami_types[] = {
	{ "AL2_x86_64", ARCH_AMD64, NO, NO },
	{ "AL2_x86_64_GPU", ARCH_AMD64, YES, YES },   /* the accelerated AMI: NVIDIA and Inferentia */
	{ "AL2_ARM_64", ARCH_ARM64, NO, NO },
	{ "AL2023_x86_64_STANDARD", ARCH_AMD64, NO, NO },
	{ "AL2023_x86_64_NVIDIA", ARCH_AMD64, YES, NO },
	{ "AL2023_x86_64_NEURON", ARCH_AMD64, NO, YES },
	{ "AL2023_ARM_64_STANDARD", ARCH_ARM64, NO, NO },
	{ "AL2023_ARM_64_NVIDIA", ARCH_ARM64, YES, NO },
	{ "BOTTLEROCKET_x86_64", ARCH_AMD64, NO, MAYBE },
	{ "BOTTLEROCKET_ARM_64", ARCH_ARM64, NO, MAYBE },
	{ "BOTTLEROCKET_x86_64_NVIDIA", ARCH_AMD64, YES, MAYBE },
	{ "BOTTLEROCKET_ARM_64_NVIDIA", ARCH_ARM64, YES, MAYBE },
	{ "BOTTLEROCKET_x86_64_FIPS", ARCH_AMD64, NO, MAYBE },
	{ "BOTTLEROCKET_ARM_64_FIPS", ARCH_ARM64, NO, MAYBE },
	{ "WINDOWS_CORE_2019_x86_64", ARCH_AMD64, MAYBE, NO },
	{ "WINDOWS_FULL_2019_x86_64", ARCH_AMD64, MAYBE, NO },
	{ "WINDOWS_CORE_2022_x86_64", ARCH_AMD64, MAYBE, NO },
	{ "WINDOWS_FULL_2022_x86_64", ARCH_AMD64, MAYBE, NO },
	{ "WINDOWS_CORE_2025_x86_64", ARCH_AMD64, MAYBE, NO },
	{ "WINDOWS_FULL_2025_x86_64", ARCH_AMD64, MAYBE, NO },
};

static const struct AmiType *
ami_type_find(const char *s)
{
	for (size_t i = 0; s && i < sizeof ami_types / sizeof *ami_types; i++)
		if (strcmp(s, ami_types[i].name) == 0)
			return &ami_types[i];
	return NULL;
}

typedef enum Miss { MISS_ARCH, MISS_NVIDIA, MISS_NEURON, MISS_COUNT } Miss;

static const char *
arch_name(Arch a)
{
	return a == ARCH_ARM64 ? "arm64" : a == ARCH_AMD64 ? "x86_64" : "unknown";
}

/* Suggested AMI types: the same family and architecture with the right drivers. */
static const char *
suggest_type(const struct AmiType *at, Miss m, const InstanceType *t)
{
	bool al2 = strncmp(at->name, "AL2_", 4) == 0, br = strncmp(at->name, "BOTTLEROCKET", 12) == 0;
	bool arm = (m == MISS_ARCH ? t->arch : at->arch) == ARCH_ARM64;
	if (m == MISS_NEURON)
		return al2 ? "AL2_x86_64_GPU" : "AL2023_x86_64_NEURON";
	if (m == MISS_NVIDIA)
		return al2 ? (arm ? NULL : "AL2_x86_64_GPU") : br ?
		    (arm ? "BOTTLEROCKET_ARM_64_NVIDIA" : "BOTTLEROCKET_x86_64_NVIDIA") :
		    (arm ? "AL2023_ARM_64_NVIDIA" : "AL2023_x86_64_NVIDIA");
	return al2 ? (arm ? "AL2_ARM_64" : "AL2_x86_64") : br ?
	    (arm ? "BOTTLEROCKET_ARM_64" : "BOTTLEROCKET_x86_64") :
	    (arm ? "AL2023_ARM_64_STANDARD" : "AL2023_x86_64_STANDARD");
}

/* Node groups on an EKS AMI type: every instance type must be runnable by it. */
static void
check_group_ami_type(const NodeGroup *g)
{
	const struct AmiType *at = ami_type_find(g->ami_type.s);
	if (!at || g->ami_type.unknown || g->instance_types.unknown)
		return;
	int first[MISS_COUNT];
	int count[MISS_COUNT] = { 0 };
	for (int i = 0; i < g->instance_types.n; i++) {
		const SVal *s = &g->instance_types.v[i];
		const InstanceType *t = s->s && !s->unknown ? catalog_find(s->s) : NULL;
		if (!t)
			continue;
		Miss m = MISS_COUNT;
		if (t->arch != at->arch && t->arch != ARCH_UNKNOWN)
			m = MISS_ARCH;
		else if (type_accel(t) == ACCEL_NVIDIA && at->nvidia == NO)
			m = MISS_NVIDIA;
		else if (type_accel(t) == ACCEL_NEURON && at->neuron == NO)
			m = MISS_NEURON;
		if (m == MISS_COUNT)
			continue;
		if (count[m]++ == 0)
			first[m] = i;
	}
	for (int m = 0; m < MISS_COUNT; m++) {
		if (!count[m])
			continue;
		const SVal *s = &g->instance_types.v[first[m]];
		const InstanceType *t = catalog_find(s->s);
		Buf more = { 0 };
		if (count[m] > 1)
			buf_printf(&more, " (and %d more like it)", count[m] - 1);
		Diag *d;
		if (m == MISS_ARCH)
			d = diag(KG211, &s->loc, "instance type '%s'%s is %s but node group '%s' uses the %s "
			    "AMI type '%s'", s->s, more.s ? more.s : "", arch_name(t->arch), g->name.s,
			    arch_name(at->arch), at->name);
		else
			d = diag(KG211, &s->loc, "instance type '%s'%s has %s but node group '%s' uses AMI "
			    "type '%s', which has no driver for them", s->s, more.s ? more.s : "",
			    m == MISS_NVIDIA ? "NVIDIA GPUs" : "AWS Neuron accelerators", g->name.s, at->name);
		buf_free(&more);
		if (g->ami_type.loc.file)
			diag_note(d, &g->ami_type.loc, "the AMI type of '%s' is set here", g->name.s);
		const char *sug = suggest_type(at, (Miss)m, t);
		if (sug)
			diag_note(d, NULL, "use AMI type '%s', or move these instance types to a node group "
			    "of their own", sug);
		else
			diag_note(d, NULL, "move these instance types to a node group whose AMI can run them");
	}
}

typedef enum Need { NEED_NONE, NEED_NVIDIA, NEED_NEURON, NEED_MIXED, NEED_UNKNOWN } Need;

static const char *const need_name[] = {
	"the standard variant", "the NVIDIA variant", "the Neuron variant", "several variants", "?",
};

/* The AMI variant a node group needs, from its flags and instance types. */
static Need
group_need(const NodeGroup *g, const InstanceType **plain, const InstanceType **accel)
{
	bool nv = g->gpu.set && g->gpu.v, ne = g->neuron.set && g->neuron.v, none = false, any = false;
	for (int i = 0; i < g->instance_types.n; i++) {
		const InstanceType *t = g->instance_types.v[i].s ? catalog_find(g->instance_types.v[i].s) : NULL;
		if (!t)
			continue;
		any = true;
		if (type_accel(t) == ACCEL_NVIDIA) {
			nv = true;
			if (accel && !*accel)
				*accel = t;
		} else if (type_accel(t) == ACCEL_NEURON) {
			ne = true;
			if (accel && !*accel)
				*accel = t;
		} else if (type_accel(t) == ACCEL_NONE) {
			none = true;
			if (plain && !*plain)
				*plain = t;
		}
	}
	if (!any && !nv && !ne)
		return NEED_UNKNOWN;
	if ((nv && ne) || ((nv || ne) && none))
		return NEED_MIXED;
	return nv ? NEED_NVIDIA : ne ? NEED_NEURON : NEED_NONE;
}

/* Custom AMIs: one image cannot serve two variants, inside a group or across groups. */
static void
check_custom_amis(const CheckCtx *c)
{
	const IR *ir = c->ir;
	for (int i = 0; i < ir->groups.n; i++) {
		const NodeGroup *g = ir->groups.v[i];
		const char *ami = custom_ami(g);
		if (!ami)
			continue;
		const InstanceType *plain = NULL, *accel = NULL;
		Need need = group_need(g, &plain, &accel);
		if (need == NEED_MIXED && plain && accel) {
			Diag *d = diag(KG211, &g->ami_id.loc, "node group '%s' runs custom AMI '%s' on "
			    "accelerated instance types such as '%s' and on plain ones such as '%s': one image "
			    "cannot be both variants", g->name.s, ami, accel->name, plain->name);
			diag_note(d, NULL, "split the group: the accelerated types with the %s AMI, the "
			    "others with the standard one", type_accel(accel) == ACCEL_NVIDIA ? "NVIDIA" : "Neuron");
			continue;
		}
		if (need == NEED_MIXED || need == NEED_UNKNOWN)
			continue;
		for (int k = 0; k < i; k++) {
			const NodeGroup *o = ir->groups.v[k];
			const char *oami = custom_ami(o);
			if (!oami || strcmp(oami, ami) != 0)
				continue;
			Need on = group_need(o, NULL, NULL);
			if (on == NEED_MIXED || on == NEED_UNKNOWN || on == need)
				continue;
			Diag *d = diag(KG211, &g->ami_id.loc, "custom AMI '%s' serves node group '%s', which "
			    "needs %s, and node group '%s', which needs %s: one of them has the wrong AMI",
			    ami, g->name.s, need_name[need], o->name.s, need_name[on]);
			diag_note(d, &o->ami_id.loc, "'%s' uses the same AMI here", o->name.s);
			diag_note(d, NULL, "give each group the AMI variant its instance types need (for "
			    "AL2023: the standard, nvidia or neuron image of the same release)");
			break;
		}
	}
}

static bool
better_example(const InstanceType *a, const InstanceType *b)
{
	return a->generation != b->generation ? a->generation > b->generation : a->vcpu < b->vcpu;
}

/*
 * An EC2NodeClass that selects fixed images (ids, names, tags: anything but
 * an alias) cannot give GPU nodes one AMI and plain nodes another: the
 * images are not told apart by their drivers.
 */
static void
check_nodeclass_amis(const CheckCtx *c)
{
	for (int n = 0; n < c->nnodeclasses; n++) {
		const KObject *o = c->nodeclasses[n];
		const Value *terms = v_path(o->doc, "spec.amiSelectorTerms");
		const char *name = v_scalar(v_path(o->doc, "metadata.name"));
		if (!terms || terms->kind != V_LIST || terms->n == 0 || !name)
			continue;
		bool alias = false;
		for (int i = 0; i < terms->n; i++)
			alias |= v_get(terms->items[i], "alias") != NULL;
		if (alias)
			continue;
		const InstanceType *gpu = NULL, *plain = NULL;
		const NodePool *gpu_pool = NULL, *plain_pool = NULL;
		int first;
		int npool = check_pools_of_class(c, name, &first);
		for (int p = first; p < first + npool; p++) {
			const NodePool *np = c->by_class[p];
			/* the examples named: the newest generation, then the smallest size */
			for (int i = 0; i < catalog_count(); i++) {
				const InstanceType *t = catalog_at(i);
				bool acc = type_accel(t) == ACCEL_NVIDIA || type_accel(t) == ACCEL_NEURON;
				const InstanceType **slot = acc ? &gpu : type_accel(t) == ACCEL_NONE ? &plain : NULL;
				if (!slot || (*slot && !better_example(t, *slot)) || !np_admits_type(np, t, NULL))
					continue;
				*slot = t;
				if (acc)
					gpu_pool = np;
				else
					plain_pool = np;
			}
		}
		if (!gpu || !plain)
			continue;
		Diag *d = diag(KG211, &terms->loc, "EC2NodeClass '%s' selects fixed AMIs, but its NodePools "
		    "admit accelerated instance types such as '%s' and plain ones such as '%s': one of them "
		    "gets an image without the right drivers", name, gpu->name, plain->name);
		diag_note(d, &gpu_pool->name_loc, "NodePool '%s' admits '%s'", gpu_pool->name, gpu->name);
		if (plain_pool != gpu_pool)
			diag_note(d, &plain_pool->name_loc, "NodePool '%s' admits '%s'", plain_pool->name, plain->name);
		diag_note(d, NULL, "put accelerated and plain instance types in separate NodePools, each "
		    "with an EC2NodeClass that selects the matching AMI variant, or use an alias such as "
		    "'al2023@v20250317', which picks the variant per instance type");
	}
}

void
check_ami_variant(const CheckCtx *c)
{
	for (int i = 0; i < c->ir->groups.n; i++)
		check_group_ami_type(c->ir->groups.v[i]);
	check_custom_amis(c);
	check_nodeclass_amis(c);
}

/* ------------------------------------------------------------ KG251 */

/*
 * An alias pinned to an AMI release that has no AMI for the cluster's
 * Kubernetes version: Karpenter resolves `al2023@v20250317` through the SSM
 * parameter of that release for the cluster's version, which does not exist,
 * so the EC2NodeClass never becomes Ready and nothing launches.  Known only
 * for the families of data/ami-releases.tsv (al2023, al2, bottlerocket):
 * another family (windows) is not judged.  Three cases:
 * - a release in the data without the cluster's version;
 * - `@latest` of a family whose AMIs ended before the cluster's version (the
 *   data's `# ended:` line, AL2 at 1.32): a cluster newer than a family's
 *   data that goes on is not judged, the data is then too old;
 * - a release the data does not have, whatever the Kubernetes version: no
 *   such release (a typo, a date with no build), named with the nearest ones;
 *   a release newer than the data is only noted, the data may be stale.
 * In the kit (`kit`), a family with no release at all for the cluster is an
 * error: karpgen would write a kit whose nodes never launch.
 */

/*
 * Where karpgen's data on a family comes from, for a message: the EKS AMIs'
 * release log is dated (its newest release), Bottlerocket's tags are named by
 * their newest release, which is older than the log's date.
 */
static const char *
data_of(Arena *a, const char *family)
{
	const char *date = ami_data_date(), *newest = ami_release_newest(a, family, -1);
	char d[16] = "";
	for (size_t i = 0, n = 0; date && date[i] && n + 1 < sizeof d; i++)
		if (date[i] != '-')
			d[n++] = date[i];
	if (newest && newest[0] == 'v' && strcmp(newest + 1, d) != 0)
		return arena_printf(a, "karpgen's %s data (its release tags, to %s)", family, newest);
	return arena_printf(a, "karpgen's AMI data of %s", date ? date : "unknown date");
}

/* The note that proposes another pin for the cluster's minor, or says why none can be named. */
static void
propose_pin(Arena *a, Diag *d, const char *family, const SVal *k8s, int minor, bool kit)
{
	const char *newest = ami_release_newest(a, family, minor);
	int ended = ami_family_ended(family);
	const char *other = newest || ended < 0 ? NULL : ami_release_newest(a, "al2023", minor);
	if (newest)
		diag_note(d, NULL, "pin a release built for %s, such as '%s@%s' (the newest in %s)", k8s->s, family,
		    newest, data_of(a, family));
	else if (other && kit)
		diag_note(d, NULL, "no %s release has AMIs for Kubernetes %s: move the nodes to AL2023 with "
		    "'--ami-alias al2023@%s' (the newest in karpgen's AMI data of %s), after checking what the "
		    "groups' nodes depend on: AL2023 boots with nodeadm (no bootstrap.sh user data) and uses "
		    "cgroup v2; karpgen does not change the nodes' operating system on its own", family,
		    k8s->s, other, ami_data_date());
	else if (other)
		diag_note(d, NULL, "no %s release has AMIs for Kubernetes %s: move the nodes to AL2023, such as "
		    "'al2023@%s' (the newest in karpgen's AMI data of %s)", family, k8s->s, other, ami_data_date());
	else if (ended < 0 && minor > ami_family_max_minor(family))
		diag_note(d, NULL, "karpgen's %s data (its newest release is '%s@%s') has no release for Kubernetes "
		    "%s yet: pin a newer release built for it", family, family, ami_release_newest(a, family, -1),
		    k8s->s);
	else
		diag_note(d, NULL, "no %s release in karpgen's AMI data of %s has AMIs for Kubernetes %s", family,
		    ami_data_date(), k8s->s);
}

/* `@latest` of a family whose AMIs ended before the cluster's version (AL2 from 1.33 on). */
static void
latest_stale(Arena *a, const Value *alias, const SVal *k8s, int minor, const char *family, const char *path,
    bool kit)
{
	int hi = ami_family_ended(family);
	if (minor < 0 || hi < 0 || minor <= hi)
		return;
	Diag *d = diag_sev(KG251, kit ? SEV_ERROR : SEV_WARNING, &alias->loc, "%s: '%s' has no AMI for Kubernetes "
	    "%s: %s AMIs end with Kubernetes 1.%d (the last release is %s)", path, alias->s, k8s->s, family, hi,
	    ami_release_newest(a, family, -1));
	if (k8s->loc.file)
		diag_note(d, &k8s->loc, "the cluster's Kubernetes version is here");
	diag_note(d, NULL, "the controller finds no AMI for it: the EC2NodeClass never becomes Ready and no "
	    "node launches");
	propose_pin(a, d, family, k8s, minor, kit);
}

/* A release the data does not have. */
static void
unknown_release(Arena *a, const Value *alias, const char *family, const char *release, const char *path)
{
	const char *older, *newer;
	ami_release_neighbours(a, family, strlen(family), release, strlen(release), &older, &newer);
	if (!newer) {
		Diag *d = diag_sev(KG251, SEV_NOTE, &alias->loc, "%s: AMI release '%s' is newer than %s: whether it "
		    "exists and which Kubernetes versions it has AMIs for is not checked", path, alias->s,
		    data_of(a, family));
		diag_note(d, NULL, "a newer karpgen (or scripts/gen-ami-releases.py) knows more releases; a kit's "
		    "runbook checks through SSM, in its preflight, that the release has an AMI for the cluster");
		return;
	}
	Diag *d = diag(KG251, &alias->loc, "%s: '%s' is not a release in %s", path, alias->s, data_of(a, family));
	diag_note(d, NULL, "a release the data does not list may have no AMI at all (a typo, a date with no "
	    "build): the controller then finds none, the EC2NodeClass never becomes Ready and no node launches");
	if (older)
		diag_note(d, NULL, "the nearest %s releases it lists are '%s@%s' and '%s@%s'", family, family, older, family,
		    newer);
	else
		diag_note(d, NULL, "it is older than every %s release in karpgen's AMI data; the oldest is '%s@%s'", family, family, newer);
}

void
ami_pin_stale(Arena *a, const Value *alias, const SVal *k8s, const char *path, bool kit)
{
	int minor = k8s && k8s->set && !k8s->unknown ? kube_minor(k8s->s) : -1;
	const char *s = alias && alias->kind == V_STR ? alias->s : NULL;
	const char *at = s ? strchr(s, '@') : NULL;
	uint64_t minors;
	if (!at || !ami_family_known(s, (size_t)(at - s)))
		return;
	const char *family = arena_strndup(a, s, (size_t)(at - s));
	if (strcmp(at + 1, "latest") == 0) {
		latest_stale(a, alias, k8s, minor, family, path, kit);
		return;
	}
	/* the data names releases with a 'v'; a Bottlerocket alias may leave it out (`bottlerocket@1.20.4`) */
	const char *rel = at[1] == 'v' ? at + 1 : arena_printf(a, "v%s", at + 1);
	if (!ami_release_minors(family, strlen(family), rel, strlen(rel), &minors)) {
		/* a release of the data's forms (vYYYYMMDD, vX.Y.Z) that it lacks; another form is KG305's */
		int n = 0;
		size_t len = strlen(rel);
		if ((len == 9 && strspn(rel + 1, "0123456789") == 8) ||
		    (sscanf(rel, "v%*u.%*u.%*u%n", &n) == 0 && n > 0 && (size_t)n == len))
			unknown_release(a, alias, family, rel, path);
		return;
	}
	if (minor < 0 || (minors >> minor & 1))
		return;
	int lo = -1, hi = -1;
	for (int i = 0; i < 64; i++)
		if (minors >> i & 1) {
			lo = lo < 0 ? i : lo;
			hi = i;
		}
	/*
	 * The kit's own pin of a family whose AMIs ended before the cluster's
	 * version (AL2 from 1.33 on): karpgen must not write it.  A cluster older
	 * than a family's releases is a warning, as before.
	 */
	int ended = ami_family_ended(family);
	bool dead = kit && ended >= 0 && minor > ended;
	Diag *d = diag_sev(KG251, dead ? SEV_ERROR : SEV_WARNING, &alias->loc, "%s: AMI release '%s' has no AMI "
	    "for Kubernetes %s (it was built for 1.%d to 1.%d)", path, s, k8s->s, lo, hi);
	if (k8s->loc.file)
		diag_note(d, &k8s->loc, "the cluster's Kubernetes version is here");
	diag_note(d, NULL, "the controller finds no AMI for it: the EC2NodeClass never becomes Ready and no "
	    "node launches");
	propose_pin(a, d, family, k8s, minor, kit);
}

void
check_ami_pins(Arena *a, const Value *doc, const SVal *k8s, bool kit)
{
	const Value *terms = v_path(doc, "spec.amiSelectorTerms");
	if (!terms || terms->kind != V_LIST)
		return;
	for (int i = 0; i < terms->n; i++)
		ami_pin_stale(a, v_get(terms->items[i], "alias"), k8s,
		    arena_printf(a, "spec.amiSelectorTerms[%d].alias", i), kit);
}

void
check_stale_pins(const CheckCtx *c)
{
	/* after check_manifests(), the validation has judged the objects' aliases */
	for (int i = 0; i < c->ir->objects.n && !c->ir->manifests_checked; i++) {
		const KObject *o = c->ir->objects.v[i];
		if (o->kind && strcmp(o->kind, "EC2NodeClass") == 0 && o->api == KAPI_V1)
			check_ami_pins(c->ir->arena, o->doc, &c->ir->cluster.k8s_version, false);
	}
}
