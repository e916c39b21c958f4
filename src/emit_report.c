/*
 * emit_report.c - REPORT.md: what maps to what, capacity before and after,
 * every diagnostic of the run, and what each runbook phase will do.
 */
#include "karpgen.h"

#include <stdlib.h>
#include <string.h>

/* An input's text as a Markdown code span, safe in a table cell (md_escape()). */
static void
cell(Buf *b, const char *s)
{
	md_escape(b, s, true);
}

static void
slist(Buf *b, const SList *l)
{
	if (l->unknown) {
		buf_puts(b, "(expression)");
		return;
	}
	for (int i = 0; i < l->n; i++) {
		buf_puts(b, i ? ", " : "");
		cell(b, l->v[i].s);
	}
	if (!l->n)
		buf_puts(b, "-");
}

static const char *
mem(Arena *a, int64_t mib)
{
	return mib % 1024 == 0 ? arena_printf(a, "%lld GiB", (long long)(mib / 1024)) :
	    arena_printf(a, "%lld MiB", (long long)mib);
}

static const char *const source_names[] = {
	"Domino", "terraform-aws-modules/eks", "EKS Blueprints v4", "aws_eks_node_group", "AWS CLI", "eksctl",
};

/* shell words in a Markdown code block: single-quoted unless plain */
static void
word(Buf *b, const char *s)
{
	if (s && *s && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.,=/:${}") == strlen(s)) {
		buf_puts(b, s);
		return;
	}
	buf_puts(b, "'");
	for (const char *p = s ? s : ""; *p; p++)
		if (*p == '\'')
			buf_puts(b, "'\\''");
		else if (*p != '\n' && *p != '\r')
			buf_add(b, p, 1);
	buf_puts(b, "'");
}

/*
 * The new group KG206 proposed (not Domino's: terraform/ has that one): what
 * it is, and an AWS CLI command that creates it.  The runbook never creates
 * or touches it: it must run the controller before the runbook starts.
 */
static void
home_proposed(const Lowered *lw, Buf *b)
{
	const NodeGroup *h = NULL;
	for (int i = 0; i < lw->home.n && !h; i++)
		if (lw->home.v[i]->proposed && lw->home.v[i]->source != NGS_DOMINO)
			h = lw->home.v[i];
	if (!h)
		return;
	buf_puts(b, "\n### The group that runs Karpenter\n\n"
	    "No node group was named to run the Karpenter controller, and none of the inputs' groups can\n"
	    "keep running it alone, so the kit proposes a small new managed node group, as the Karpenter\n"
	    "migration guide does (KG206): two on-demand `m5.large` nodes (minimum 2, maximum 3) for the\n"
	    "controller's two replicas on separate nodes, labelled and tainted `karpenter.sh/controller=true`\n"
	    "so that the controller (helm/values.yaml: affinity and toleration) and nothing else runs there.\n"
	    "**Create it before running the runbook**; the runbook never migrates or scales it. For example:\n\n"
	    "```sh\naws eks create-nodegroup --cluster-name ");
	word(b, lw->cluster.value);
	buf_puts(b, " --nodegroup-name karpenter \\\n  --capacity-type ON_DEMAND --instance-types m5.large --ami-type ");
	word(b, h->ami_type.s);
	buf_puts(b, " \\\n  --scaling-config minSize=2,maxSize=3,desiredSize=2 \\\n"
	    "  --labels karpenter.sh/controller=true \\\n"
	    "  --taints key=karpenter.sh/controller,value=true,effect=NO_SCHEDULE \\\n  --node-role ");
	if (h->node_role.s && !h->node_role.unknown)
		word(b, h->node_role.s);
	else
		buf_puts(b, "\"arn:aws:iam::${AWS_ACCOUNT_ID}:role/NODE_ROLE\"");
	buf_puts(b, " \\\n  --subnets");
	if (h->subnet_ids.n)
		for (int i = 0; i < h->subnet_ids.n; i++) {
			buf_puts(b, " ");
			word(b, h->subnet_ids.v[i].s);
		}
	else
		buf_puts(b, " SUBNET_IDS");
	buf_puts(b, "\n```\n\n");
	if (!h->subnet_ids.n) {
		buf_puts(b, "`SUBNET_IDS`: the cluster's private subnets, one in each zone the node groups use");
		if (h->zones.n) {
			buf_puts(b, " (");
			slist(b, &h->zones);
			buf_puts(b, ")");
		}
		buf_puts(b, ".\n");
	}
	if (!h->node_role.s || h->node_role.unknown)
		buf_puts(b, "`NODE_ROLE`: the role of the existing node groups.\n");
}

static void
mapping(const Lowered *lw, Buf *b)
{
	buf_puts(b, "## Node groups, NodePools, EC2NodeClasses\n\n"
	    "| node group | from | instance types | capacity | zones | max nodes | NodePool | EC2NodeClass |\n"
	    "|---|---|---|---|---|---|---|---|\n");
	for (int i = 0; i < lw->pools.n; i++) {
		const LNodePool *p = lw->pools.v[i];
		for (int k = 0; k < p->groups.n; k++) {
			const NodeGroup *g = p->groups.v[k];
			buf_puts(b, "| ");
			cell(b, g->name.s);
			buf_puts(b, " | ");
			cell(b, g->kind ? g->kind : source_names[g->source]);
			if (g->loc.file && g->loc.line) {
				buf_puts(b, " at ");
				cell(b, arena_printf(lw->ir->arena, "%s:%d", g->loc.file->name, g->loc.line));
			}
			buf_puts(b, " | ");
			slist(b, &g->instance_types);
			if (g->eks_default_type)
				buf_puts(b, ", the EKS default: no instance type was written");
			if (p->reserved == 2)
				buf_puts(b, " | reserved | ");
			else
				buf_printf(b, " | %s%s | ", p->reserved ? "reserved, then " : "", p->capacity);
			SList ids = ng_zones_as(lw->ir, g, true), names = ng_zones_as(lw->ir, g, false);
			slist(b, ids.n ? &ids : names.n ? &names : &g->zones);
			if (g->max_size.set && !g->max_size.unknown)
				buf_printf(b, " | %lld%s", (long long)g->max_size.v, g->per_az && g->zones.n > 1 ?
				    " per zone" : "");
			else
				buf_puts(b, " | -");
			buf_printf(b, " | `%s`%s | `%s` |\n", p->name, p->widened ? " (widened)" : "", p->nc->name);
			/* NodePool and EC2NodeClass names are DNS-1123 labels: nothing to escape */
		}
	}
	buf_puts(b, "\nKept, never migrated and never scaled (they run the Karpenter controller):\n\n");
	for (int i = 0; i < lw->home.n; i++) {
		const NodeGroup *h = lw->home.v[i];
		buf_puts(b, "- ");
		cell(b, h->name.s);
		if (h->role_why)
			buf_printf(b, " (%s)", h->role_why);
		if (h->eks_default_type)
			buf_puts(b, ", instance type `t3.medium`, the EKS default: no instance type was written");
		buf_puts(b, ", zones ");
		SList ids = ng_zones_as(lw->ir, h, true);
		slist(b, ids.n ? &ids : &h->zones);
		buf_puts(b, "\n");
	}
	home_proposed(lw, b);
	buf_puts(b, "\n| EC2NodeClass | AMI | root volume | node role | NodePools |\n|---|---|---|---|---|\n");
	for (int i = 0; i < lw->classes.n; i++) {
		const LNodeClass *c = lw->classes.v[i];
		buf_printf(b, "| `%s` | ", c->name);
		buf_puts(b, c->ami);
		if (c->volume_gib)
			buf_printf(b, " | %lld GiB", (long long)c->volume_gib);
		else if (c->volume_snapshot)
			buf_printf(b, " | the size of snapshot `%s`", c->volume_snapshot);
		else
			buf_puts(b, " | family default");
		if (c->data_gib)
			buf_printf(b, " (data volume %lld GiB%s)", (long long)c->data_gib,
			    c->data_default ? ", the AMI's size: the input maps it with none" : "");
		buf_puts(b, " | ");
		cell(b, lw->node_role);
		buf_puts(b, " |");
		for (int k = 0; k < c->pools.n; k++)
			buf_printf(b, "%s`%s`", k ? ", " : " ", c->pools.v[k]->name);
		buf_puts(b, " |\n");
	}
	buf_puts(b, "\nNode classes are shared only by groups whose AMI selection, disks, role, metadata options,\n"
	    "kubelet settings and tags are all equal; any difference (a custom AMI variant, another volume size)\n"
	    "makes its own EC2NodeClass (KG210).\n\n");
}

static void
capacity(const Lowered *lw, Buf *b)
{
	Arena *a = lw->ir->arena;
	buf_puts(b, "## Capacity before and after\n\n"
	    "Before: the node groups' maximum size times their largest instance type. After: the NodePool's\n"
	    "`limits`, made equal to it, so Karpenter can never run more than the groups could.\n\n"
	    "| NodePool | max nodes (before) | vCPU | memory | limits.cpu | limits.memory |\n"
	    "|---|---|---|---|---|---|\n");
	for (int i = 0; i < lw->pools.n; i++) {
		const LNodePool *p = lw->pools.v[i];
		buf_printf(b, "| `%s` | ", p->name);
		if (p->max_nodes >= 0)
			buf_printf(b, "%lld", (long long)p->max_nodes);
		else
			buf_puts(b, "unknown");
		if (p->cpu >= 0)
			buf_printf(b, " | %lld | %s | %lld | %s |\n", (long long)p->cpu, mem(a, p->memory_mib),
			    (long long)p->cpu, mem(a, p->memory_mib));
		else
			buf_puts(b, " | - | - | none (KG506) | none |\n");
	}
	buf_puts(b, "\n");
	for (int i = 0; i < lw->pools.n; i++)
		if (lw->pools.v[i]->units) {
			buf_puts(b, "A group whose instance types count for capacity units (`WeightedCapacity`,\n"
			    "`weighted_capacity`) had its maximum size in units: at most ceil(max size / weight)\n"
			    "instances of a type, as EC2 Auto Scaling goes above the maximum by less than one\n"
			    "instance's weight. Its max nodes, vCPU and memory above are of the type that gives the most.\n\n");
			break;
		}
}

/* The version the inputs pin: the target (main.c's target_pinned()), or why not. */
static void
target_why(const Lowered *lw, Buf *b)
{
	const SVal *pin = &lw->ir->cluster.karpenter_version;
	const Options *o = lw->ir->opt;
	if (!pin->set || pin->unknown || !pin->s)
		return;
	KarpVersion k = o->kv;
	bool known = karpenter_version_pick(pin->s, &k);
	const KarpRelease *near;
	PinPlace place = karpenter_pin_place(pin->s, &near);
	/* a pin before NodePools: its release (or the oldest karpgen knows) serves only v1alpha5 */
	bool alpha = near && !(near->apis & (API_BETA | API_V1)) && place != PIN_NEWER;
	buf_puts(b, "The inputs pin Karpenter ");
	cell(b, pin->s);
	if (pin->loc.file && pin->loc.line > 0)
		buf_printf(b, " (`%s:%d`)", pin->loc.file->name, pin->loc.line);
	else if (pin->origin == ORIGIN_DEFAULT)
		buf_puts(b, " (a default of the module)");
	if (known && strcmp(k.name, o->kv.name) == 0)
		buf_printf(b, ": the kit targets it%s.\n\n", strcmp(k.name, pin->s + (*pin->s == 'v')) == 0 ? "" :
		    arena_printf(lw->ir->arena, ", as %s (the release of that minor version karpgen has schemas for)",
		    k.name));
	else if (o->kv.requested != karpenter_releases[karpenter_release_count - 1].name)
		buf_printf(b, "; `--karpenter-version` chose %s instead.\n\n", o->kv.name);
	else if (place == PIN_NEWER)
		buf_printf(b, ", newer than every release karpgen knows (the newest is %s): the kit targets %s, "
		    "an older release (see the Downgrade section below).\n\n", near->name, o->kv.name);
	else if (!alpha)
		buf_printf(b, ", a release karpgen has no schemas for (it knows %s): the kit targets %s. "
		    "Upgrade Karpenter to it as part of the migration (the Upgrade section below), or give "
		    "`--karpenter-version`.\n\n", karpenter_version_list(), o->kv.name);
	else
		buf_printf(b, ", which serves only v1alpha5 Provisioners and AWSNodeTemplates, and the kit writes "
		    "NodePools and EC2NodeClasses (0.32 or later): it targets %s. The Provisioners and "
		    "AWSNodeTemplates must be converted on the way: the Upgrade section below gives the "
		    "steps.\n\n", o->kv.name);
}

/* ------------------------------------------------------------ upgrade */

typedef VEC(const Value *) Stmts;

/* Every statement of a release's official controller policies, in order, with the kit's values. */
static void
official_statements(const Lowered *lw, const IamData *d, Stmts *out)
{
	Arena *a = lw->ir->arena;
	for (int i = 0; d && d->policies && d->policies->kind == V_LIST && i < d->policies->n; i++) {
		const Value *st = v_path(d->policies->items[i], "document.Statement");
		for (int k = 0; st && st->kind == V_LIST && k < st->n; k++)
			VEC_PUSH(a, *out, iam_subst(a, st->items[k], iam_kit_subst(lw)));
	}
}

static const char *
sid(const Value *st)
{
	const Value *s = v_get(st, "Sid");
	return s && s->kind == V_STR ? s->s : "";
}

static const Value *
by_sid(const Stmts *sts, const char *name)
{
	for (int i = 0; i < sts->n; i++)
		if (strcmp(sid(sts->v[i]), name) == 0)
			return sts->v[i];
	return NULL;
}

/* Whether list-or-string v holds string s. */
static bool
holds(const Value *v, const char *s)
{
	if (v && v->kind == V_STR)
		return strcmp(v->s, s) == 0;
	for (int i = 0; v && v->kind == V_LIST && i < v->n; i++)
		if (v->items[i]->kind == V_STR && strcmp(v->items[i]->s, s) == 0)
			return true;
	return false;
}

/* The strings of list-or-string `v` that `other` lacks, as code spans; false when none. */
static bool
missing_from(Buf *b, const Value *v, const Value *other)
{
	int n = 0;
	const Value *one[1] = { v };
	const Value *const *items = v && v->kind == V_LIST ? (const Value *const *)v->items : one;
	int count = v && v->kind == V_LIST ? v->n : v && v->kind == V_STR ? 1 : 0;
	for (int i = 0; i < count; i++)
		if (items[i]->kind == V_STR && !holds(other, items[i]->s)) {
			buf_puts(b, n++ ? ", " : "");
			cell(b, items[i]->s);
		}
	return n > 0;
}

static void
stmt_actions(Buf *b, const Value *st)
{
	missing_from(b, v_get(st, "Action"), NULL);
}

/* IAM: the statements of `to` that `from` lacks, the reverse, and those whose content changed. */
static void
iam_changes(const Lowered *lw, const IamData *from, const IamData *to, Buf *b)
{
	Stmts f = { 0 }, t = { 0 };
	official_statements(lw, from, &f);
	official_statements(lw, to, &t);
	for (int i = 0; i < t.n; i++) {
		const Value *old = by_sid(&f, sid(t.v[i]));
		if (!old) {
			buf_printf(b, "- IAM: statement `%s` added, allowing ", sid(t.v[i]));
			stmt_actions(b, t.v[i]);
			buf_puts(b, ".\n");
			continue;
		}
		if (value_equal(old, t.v[i]))
			continue;
		buf_printf(b, "- IAM: statement `%s` changed:", sid(t.v[i]));
		const char *sep = " ";
		static const char *const parts[] = { "Action", "Resource" };
		for (size_t k = 0; k < sizeof parts / sizeof *parts; k++) {
			const Value *nv = v_get(t.v[i], parts[k]), *ov = v_get(old, parts[k]);
			Buf add = { 0 }, del = { 0 };
			if (missing_from(&add, nv, ov)) {
				buf_printf(b, "%s%s added %s", sep, k ? "resources" : "actions", add.s);
				sep = "; ";
			}
			if (missing_from(&del, ov, nv)) {
				buf_printf(b, "%s%s removed %s", sep, k ? "resources" : "actions", del.s);
				sep = "; ";
			}
			buf_free(&add);
			buf_free(&del);
		}
		static const char *const whole[] = { "Effect", "Condition" };
		for (size_t k = 0; k < sizeof whole / sizeof *whole; k++) {
			const Value *nv = v_get(t.v[i], whole[k]), *ov = v_get(old, whole[k]);
			if (!(nv && ov ? value_equal(nv, ov) : nv == ov)) {
				buf_printf(b, "%s`%s` changed", sep, whole[k]);
				sep = "; ";
			}
		}
		buf_puts(b, ".\n");
	}
	for (int i = 0; i < f.n; i++)
		if (!by_sid(&t, sid(f.v[i]))) {
			buf_printf(b, "- IAM: statement `%s` removed (it allowed ", sid(f.v[i]));
			stmt_actions(b, f.v[i]);
			buf_puts(b, ").\n");
		}
	int nf = from && from->policies ? from->policies->n : 0, nt = to && to->policies ? to->policies->n : 0;
	if (nf != nt)
		buf_printf(b, "- IAM: the official controller policy is %d managed polic%s, not %d.\n", nt,
		    nt == 1 ? "y" : "ies", nf);
}

/* The kit's two kinds, by their family in schema.c's api_kinds[]: 0 NodePool, 1 EC2NodeClass. */
static const char *const kit_families[2] = { "NodePool", "EC2NodeClass" };

static void
path_list(Buf *b, const char *what, const StrVec *v)
{
	bool first = true;
	for (int i = 0; i < v->n; i++) {
		if (!v->v[i])
			continue;       /* reported as moved */
		buf_printf(b, "%s `%s`", first ? what : ",", v->v[i]);
		first = false;
	}
}

/* The last field name of a path: "spec.a[].b" -> "b" */
static const char *
leaf(const char *path)
{
	const char *d = strrchr(path, '.');
	return d ? d + 1 : path;
}

/* How many entries of the two kinds' lists end in field `name`; *at: the last. */
static int
leaf_count(StrVec v[2], const char *name, int *fam, int *at)
{
	int n = 0;
	for (int f = 0; f < 2; f++)
		for (int i = 0; i < v[f].n; i++)
			if (v[f].v[i] && strcmp(leaf(v[f].v[i]), name) == 0) {
				n++;
				*fam = f;
				*at = i;
			}
	return n;
}

/*
 * Fields: the paths the source release's CRDs declare and the target's
 * lack, and the reverse, from the embedded schemas (schema.c).  A field
 * name removed at one path and added at another, once each in the two kinds,
 * is reported as moved (v1beta1 -> v1: expireAfter, kubelet).
 */
static void
field_changes(const Lowered *lw, const KarpVersion *from, Buf *b)
{
	const KarpVersion *to = &lw->ir->opt->kv;
	const char *kit_api = lw->v1 ? "v1" : "v1beta1";
	const CrdSchema *src[2] = { NULL, NULL }, *dst[2] = { NULL, NULL };
	StrVec removed[2] = { { 0 }, { 0 } }, added[2] = { { 0 }, { 0 } };
	/* the source release's objects are the newest generation of each kind it serves (a 0.29
	 * cluster runs Provisioners); the kit's are the target's at the kit's API version */
	int src_gen[2] = { -1, -1 };
	for (int i = 0; i < API_KIND_COUNT; i++) {
		const ApiKind *k = &api_kinds[i];
		for (int f = 0; f < 2; f++) {
			if (strcmp(k->family, kit_families[f]) != 0)
				continue;
			const CrdSchema *cs = k->gen > src_gen[f] ? schema_find(from->name, k->group, k->version, k->kind) :
			    NULL;
			if (cs) {
				src[f] = cs;
				src_gen[f] = k->gen;
			}
			if (!dst[f] && strcmp(k->version, kit_api) == 0)
				dst[f] = schema_find(to->name, k->group, k->version, k->kind);
		}
	}
	for (int f = 0; f < 2; f++)
		if (src[f] && dst[f])
			schema_field_changes(lw->ir->arena, src[f], dst[f], &removed[f], &added[f]);
	for (int f = 0; f < 2; f++)
		for (int i = 0; i < removed[f].n; i++) {
			const char *name = leaf(removed[f].v[i]);
			int rf, ri, af, ai;
			if (leaf_count(removed, name, &rf, &ri) != 1 || leaf_count(added, name, &af, &ai) != 1)
				continue;
			buf_printf(b, "- Fields: moved %s `%s` -> %s `%s`.\n", src[f]->kind, removed[f].v[i],
			    dst[af]->kind, added[af].v[ai]);
			removed[f].v[i] = NULL;
			added[af].v[ai] = NULL;
		}
	for (int f = 0; f < 2; f++) {
		if (!src[f] || !dst[f])
			continue;
		Buf l = { 0 };
		path_list(&l, ": removed", &removed[f]);
		path_list(&l, l.len ? "; added" : ": added", &added[f]);
		if (l.len) {
			buf_printf(b, "- Fields: %s `%s/%s`", src[f]->kind, src[f]->group, src[f]->version);
			if (strcmp(src[f]->kind, dst[f]->kind) != 0 || strcmp(src[f]->version, dst[f]->version) != 0)
				buf_printf(b, " -> %s `%s/%s`", dst[f]->kind, dst[f]->group, dst[f]->version);
			buf_printf(b, "%s.\n", l.s);
		}
		buf_free(&l);
	}
}

/*
 * The hops of an upgrade from `from` (the pinned text) to the target: the
 * stops of versions.def (KARPENTER_STOP), each its own `helm upgrade`, then
 * the target.  The runbook's controller phase makes only the last hop.
 */
static void
upgrade_steps(const Lowered *lw, const char *from, Buf *b)
{
	const KarpRelease *to = lw->ir->opt->kv.rel;
	const KarpStop *st[8];
	int n = karpenter_upgrade_stops(from, to, st, (int)(sizeof st / sizeof *st));
	if (n == 0) {
		buf_printf(b, "Karpenter's upgrade guides require no stop on the way: one `helm upgrade` of the "
		    "`karpenter-crd` and `karpenter` charts to `%s` (the runbook's `controller` phase).\n\n",
		    to->chart_tag);
		return;
	}
	buf_printf(b, "Karpenter cannot go from %s to %s in one `helm upgrade`: its upgrade guides require %d "
	    "stop%s on the way. Each step is a `helm upgrade` of the `karpenter-crd` and `karpenter` charts to "
	    "the release named, in this order:\n\n", from, to->name, n, n == 1 ? "" : "s");
	int fv[3], sv[3];
	version_numbers(from, fv);
	const SVal *k8s = &lw->ir->cluster.k8s_version;
	int minor = k8s->set && !k8s->unknown ? kube_minor(k8s->s) : -1;
	for (int i = 0; i < n; i++) {
		const KarpRelease *r = &karpenter_releases[karpenter_release_index(st[i]->release)];
		version_numbers(r->name, sv);
		bool here = fv[0] == sv[0] && fv[1] == sv[1];
		buf_printf(b, "%d. %s (chart `%s`%s): %s. Before leaving it: %s.", i + 1, r->name, r->chart_tag,
		    here ? ", the release line the cluster runs" : "", st[i]->what, st[i]->before_leaving);
		/* a stop the cluster's Kubernetes version rules out: the upgrade must come before the cluster's */
		if (minor >= 0 && (minor < r->k8s_min || minor > r->k8s_max))
			buf_printf(b, " **%s supports Kubernetes 1.%d to 1.%d, not the cluster's %s**: this hop must "
			    "be made on a Kubernetes version it supports.", r->name, r->k8s_min, r->k8s_max, k8s->s);
		buf_puts(b, "\n");
	}
	buf_printf(b, "%d. %s (chart `%s`): the kit's target, installed by the runbook's `controller` phase "
	    "once the steps above are done.\n\n", n + 1, to->name, to->chart_tag);
}

/*
 * The upgrade the kit makes when it targets another release than the one
 * the inputs pin: the hops it takes, what changes between the two rows of
 * versions.def, the changes of meaning it crosses and the two official
 * policies, derived from that data (no text per pair).  A pin karpgen has no
 * row for stands on the nearest row (said so); a pin newer than every row has
 * no data at all, and the statement says what karpgen cannot know.
 */
static void
upgrade(const Lowered *lw, Buf *b)
{
	const SVal *pin = &lw->ir->cluster.karpenter_version;
	const Options *o = lw->ir->opt;
	const KarpRelease *near;
	if (!pin->set || pin->unknown || !pin->s)
		return;
	PinPlace place = karpenter_pin_place(pin->s, &near);
	if (place == PIN_INVALID || (place == PIN_KNOWN && near == o->kv.rel))
		return;
	Arena *a = lw->ir->arena;
	const char *from = pin->s + (*pin->s == 'v');
	if (place == PIN_NEWER) {
		buf_printf(b, "## Downgrade: Karpenter %s -> %s\n\n", from, o->kv.name);
		buf_puts(b, "The inputs pin Karpenter ");
		cell(b, pin->s);
		buf_printf(b, ", newer than every release karpgen knows (%s; the newest is %s). karpgen cannot "
		    "know that release's CRDs, CEL rules, official IAM policy, Helm values or the Kubernetes "
		    "versions it supports, so it cannot say what changes between it and %s, nor whether its "
		    "controller accepts the kit's manifests.\n\n"
		    "Do not run the runbook's `controller` phase: it installs %s, a downgrade of a running "
		    "controller that Karpenter's guides support only to a release the cluster ran before. Keep "
		    "the controller at %s, check the kit's manifests and IAM documents against that release's "
		    "CRDs and CloudFormation, then run the other phases; or update karpgen, whose newer "
		    "releases may know %s.\n\n",
		    karpenter_version_list(), near->name, from, o->kv.name, from, from);
		return;
	}
	KarpVersion fromv = o->kv;
	fromv.name = near->name;
	fromv.rel = near;
	int pv[3], tv[3];
	version_numbers(from, pv);
	version_numbers(o->kv.name, tv);
	bool up = pv[0] != tv[0] ? pv[0] < tv[0] : pv[1] < tv[1];
	buf_printf(b, "## %s: Karpenter %s -> %s\n\n", up ? "Upgrade" : "Downgrade", from, o->kv.name);
	buf_puts(b, "The inputs pin Karpenter ");
	cell(b, pin->s);
	static const char *const standing[] = {
		[PIN_KNOWN] = "", [PIN_BETWEEN] = ", the nearest older release it knows",
		[PIN_OLDER] = ", the oldest release it knows: what changed before it is not listed",
	};
	buf_printf(b, " (karpgen's data: %s%s) and the kit targets %s, so the migration %s Karpenter.\n\n",
	    near->name, standing[place], o->kv.name, up ? "upgrades" : "downgrades");
	if (up)
		upgrade_steps(lw, from, b);
	buf_printf(b, "What changes, from the two releases' rows of karpgen's version table, their CRDs and "
	    "their official CloudFormation:\n\n");
	Buf c = { 0 };
	karpenter_changes(near, o->kv.rel, &c);
	karpenter_semantic_changes(from, o->kv.rel, &c);
	if (near != o->kv.rel) {
		field_changes(lw, &fromv, &c);
		iam_changes(lw, iam_data(a, &fromv), iam_data(a, &o->kv), &c);
	}
	buf_puts(b, c.len ? c.s : "Nothing that karpgen's data records.\n");
	buf_free(&c);
	buf_printf(b, "\nThe kit's manifests, Helm values and IAM documents are %s's: the runbook's `iam` and "
	    "`controller` phases make this change, so read the lines above before running them.\n\n", o->kv.name);
}

static void
settings(const Lowered *lw, Buf *b)
{
	const Options *o = lw->ir->opt;
	buf_printf(b, "Target: Karpenter %s (`%s`), controller identity %s, namespace ",
	    o->kv.name, lw->v1 ? "karpenter.sh/v1, karpenter.k8s.aws/v1" : "karpenter.sh/v1beta1, karpenter.k8s.aws/v1beta1",
	    o->identity == ID_IRSA ? "IRSA" : "EKS Pod Identity");
	cell(b, lw->ir->controller.ns);
	buf_puts(b, ", Helm release ");
	cell(b, lw->ir->controller.release);
	const SVal *from = lw->ir->controller.from;
	if (from)
		buf_printf(b, ": where the inputs install Karpenter (%s:%d), so the kit upgrades that release "
		    "rather than run a second controller beside it", from->loc.file->name, from->loc.line);
	else
		buf_printf(b, ": no input says where Karpenter runs, so the kit installs it %s",
		    lw->ir->domino ? "where the Domino module does" : "where the getting-started guide does");
	/* the inputs' value is an expression karpgen cannot evaluate: the default above is assumed (KG109) */
	const KarpTarget *t = &lw->ir->controller;
	const struct { const SVal *v; const char *what; } assumed[] = {
		{ t->ns_unknown, "namespace" }, { t->release_unknown, "Helm release" },
	};
	for (size_t i = 0; i < sizeof assumed / sizeof *assumed; i++) {
		const SVal *v = assumed[i].v;
		if (!v)
			continue;
		buf_printf(b, ". The %s is assumed: the inputs give it as the expression ", assumed[i].what);
		cell(b, expr_brief(lw->ir->arena, v->expr ? v->expr : "?"));
		if (v->loc.file && v->loc.line > 0)
			buf_printf(b, " (%s:%d)", v->loc.file->name, v->loc.line);
		buf_puts(b, ", which karpgen cannot evaluate offline (KG109); if the cluster's is another, write it "
		    "as a literal or give karpgen the .tfvars input that sets its variables, and compile again");
	}
	buf_puts(b, ". The runbook's preflight refuses to go on if another Karpenter controller, Helm release "
	    "or CRD owner is found in the cluster.\n\n");
	target_why(lw, b);
	buf_puts(b, "| setting | value | from |\n|---|---|---|\n");
	const struct { const char *name; const Setting *s; } rows[] = {
		{ "cluster", &lw->cluster }, { "region", &lw->region }, { "account", &lw->account },
		{ "partition", &lw->partition },
	};
	static const char *const origin[] = { "run time (placeholder)", "input", "default", "option", "derived" };
	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
		const Setting *s = rows[i].s;
		buf_printf(b, "| %s | ", rows[i].name);
		cell(b, s->value);
		buf_printf(b, " | %s", origin[s->placeholder ? 0 : s->origin]);
		if (s->origin == ORIGIN_INPUT && s->loc.file)
			cell(b, arena_printf(lw->ir->arena, "%s:%d", s->loc.file->name, s->loc.line));
		buf_puts(b, " |\n");
	}
	buf_puts(b, "| node role | ");
	cell(b, lw->node_role);
	buf_printf(b, " | %s |\n", lw->node_role_exists ? "the node groups' own role" : "created by the runbook");
	if (lw->node_role_boundary) {
		buf_puts(b, "| node role's permissions boundary | ");
		cell(b, lw->node_role_boundary);
		buf_puts(b, " | the node groups' (the controller role is made without one: if your organisation "
		    "requires one on every role, add `--permissions-boundary` to its `aws iam create-role` in runbook.sh) |\n");
	}
	const char **np;
	int nn = iam_node_policies(lw, &np);
	if (!lw->node_role_exists && nn) {
		buf_puts(b, "| node role's managed policies |");
		for (int i = 0; i < nn; i++) {
			buf_puts(b, i ? ", " : " ");
			cell(b, np[i]);
		}
		buf_puts(b, lw->node_policies.n ? " | attached by the runbook (the official template's, and the node "
		    "groups' extra policies) |\n" : " | attached by the runbook (the official template's) |\n");
	}
	buf_puts(b, "| controller role | ");
	cell(b, lw->controller_role);
	buf_printf(b, " | %s |\n", lw->ir->domino ? "created by Terraform" : "created by the runbook");
	if (lw->queue) {
		buf_puts(b, "| interruption queue | ");
		cell(b, lw->queue);
		buf_puts(b, " | created by the runbook |\n");
	}
	if (lw->placeholders.n) {
		buf_puts(b, "\nThe inputs did not give");
		for (int i = 0; i < lw->placeholders.n; i++)
			buf_printf(b, "%s `${%s}`", i ? "," : "", lw->placeholders.v[i]->placeholder);
		buf_puts(b, ": the kit's files hold these placeholders and `runbook.sh` fills them at run time\n"
		    "(account and partition from `aws sts get-caller-identity`, region from the AWS CLI, the cluster\n"
		    "name from `CLUSTER_NAME`). Give the options (`--account-id` ...) to write the values instead.\n");
	}
	buf_puts(b, "\n");
}

static void
phases(const Lowered *lw, Buf *b)
{
	bool dom = lw->ir->domino;
	buf_puts(b, "## What runbook.sh will do\n\n"
	    "Run `./runbook.sh --dry-run` first: it runs every read-only call and prints every change instead\n"
	    "of making it. `--phase NAME` runs one phase; `--yes` skips the confirmations; `--help` lists the\n"
	    "rest (timeouts, `--max-unavailable`). docs/cutover.md in karpgen's documentation explains it all.\n\n");
	buf_puts(b, "1. **preflight** (always first): aws, kubectl, helm and jq installed; the AWS identity (account\n"
	    "   and partition); the cluster exists and the kube context points at it; each pinned AMI alias has\n"
	    "   an AMI for the cluster's Kubernetes version; the node groups to move, found by identity (EKS\n"
	    "   node groups of this cluster; self-managed ASGs by the cluster's tags and then the group's tag).\n"
	    "   It refuses to start when moving their pods would be an outage: a PodDisruptionBudget that allows\n"
	    "   no disruption, a pod pinned to a node group or to a label no NodePool gives, a bare pod, a pod\n"
	    "   with a hostPath volume, a local PersistentVolume or (unless `--accept-emptydir`) an emptyDir\n"
	    "   volume, pods requesting more than the NodePools' limits leave.\n");
	if (dom)
		buf_puts(b, "2. **iam**: checks that Terraform made the controller role (step 1 of terraform/README.md)");
	else
		buf_printf(b, "2. **iam**: %screates the controller policies (iam/controller-policy*.json), the controller role "
		    "(%s) and its %s, the interruption queue and its EventBridge rules",
		    lw->node_role_exists ? "" : "creates the node role and attaches its managed policies; ",
		    lw->ir->opt->identity == ID_IRSA ? "IRSA trust" : "EKS Pod Identity trust",
		    lw->ir->opt->identity == ID_IRSA ? "service account annotation (helm/values.yaml)" :
		    "pod identity association");
	buf_puts(b, "; gives the node role its own access entry (EC2_LINUX, or EC2_WINDOWS for Windows groups) or\n"
	    "   aws-auth mapping, which does not go away with the last managed node group.\n");
	if (dom)
		buf_puts(b, "3. **tags**: checks the `karpenter.sh/discovery` tags Terraform put on the subnets.\n");
	else
		buf_puts(b, "3. **tags**: tags with `karpenter.sh/discovery` the moved groups' own private subnets (no route\n"
		    "   to an internet gateway) and their nodes' security groups (from their launch templates, else the\n"
		    "   cluster security group), unless the EC2NodeClasses select them by id.\n");
	buf_printf(b, "4. **controller**: %s\n", dom ? "checks that Terraform installed Karpenter and that it is ready." :
	    "installs the karpenter-crd and karpenter charts with helm/values.yaml and waits for the controller.");
	buf_printf(b, "5. **nodepools**: applies %d EC2NodeClasses and %d NodePools and waits until each is Ready.\n",
	    lw->classes.n, lw->pools.n);
	buf_puts(b, "6. **cutover**: scales the Cluster Autoscaler to 0, cordons the nodes of the groups to move, then\n"
	    "   group by group, one node at a time: drains it through the eviction API (PodDisruptionBudgets\n"
	    "   respected), waits until its pods run on other nodes, terminates its instance and lowers the\n"
	    "   group's desired size by one. Groups: ");
	for (int i = 0; i < lw->pools.n; i++)
		for (int k = 0; k < lw->pools.v[i]->groups.n; k++) {
			buf_puts(b, i || k ? ", " : "");
			cell(b, lw->pools.v[i]->groups.v[k]->name.s);
		}
	buf_puts(b, ". It never touches");
	for (int i = 0; i < lw->home.n; i++) {
		buf_puts(b, i ? ", " : " ");
		cell(b, lw->home.v[i]->name.s);
	}
	buf_puts(b, lw->home.n ? " or a group that runs the Karpenter controller.\n" :
	    " a group that runs the Karpenter controller.\n");
	buf_printf(b, "7. **cleanup**: %s\n\n", dom ? "prints step 3 of terraform/README.md and, once Terraform deleted "
	    "the old groups, scales the Cluster Autoscaler back for the Karpenter node group." :
	    "checks the node role's access entry again and prints which node-group definitions to remove.");
	buf_puts(b, "### Resume and rollback\n\n"
	    "`runbook.state` beside the runbook records each finished phase, each group's min/max/desired\n"
	    "before the runbook changed it, and the Cluster Autoscaler's replicas. After an interruption,\n"
	    "`./runbook.sh resume` goes on where it stopped. `./runbook.sh rollback` restores, newest first, every\n"
	    "recorded group's exact min/max/desired (their Auto Scaling groups launch the nodes again), uncordons\n"
	    "their nodes and scales the Cluster Autoscaler back; the NodePools stay.\n\n");
	if (dom)
		buf_puts(b, "### Long jobs and workspaces\n\n"
		    "The workload NodePools consolidate only empty nodes (`WhenEmpty`), so Karpenter does not evict\n"
		    "running workspaces and jobs to pack nodes. Drift and interruptions still can: annotate the pods of\n"
		    "long jobs `karpenter.sh/do-not-disrupt: \"true\"` to keep their node until they finish.\n\n");
}

/*
 * Groups in a placement group (lower.c's placementGroupSelector, Karpenter
 * 1.14+): what Karpenter does differently from the ASG, after the design of
 * aws/karpenter-provider-aws PR #9030.  A cluster group lies in one zone and
 * Karpenter leaves the zone to EC2 (launches aimed at another zone fail and
 * are retried), so a pool that allows more zones is named.
 */
static void
placement_groups(const Lowered *lw, Buf *b)
{
	const KarpVersion *kv = lw->ir->opt ? &lw->ir->opt->kv : NULL;
	if (!kv || !kv_has(kv, KF_PLACEMENT_GROUP))
		return;
	int n = 0;
	for (int i = 0; i < lw->pools.n; i++) {
		const LNodePool *p = lw->pools.v[i];
		const NodeGroup *g = p->groups.n ? p->groups.v[0] : NULL;
		if (!g || !(sval_ok(&g->pg_id) || sval_ok(&g->pg_name)))
			continue;
		if (n++ == 0)
			buf_puts(b, "- **Placement groups.** A group's placement group is its EC2NodeClass's\n"
			    "  `placementGroupSelector`, one class per placement group. Karpenter does not create the group:\n"
			    "  the class is not Ready, and launches nothing, until it exists. Nodes carry\n"
			    "  `karpenter.k8s.aws/placement-group-id` (and `karpenter.k8s.aws/placement-group-partition` in a\n"
			    "  partition group, where EC2 picks the partition unless the NodePool requires one: the kit does\n"
			    "  where the launch template pinned it). A cluster placement group lies in one zone, and Karpenter\n"
			    "  leaves the zone to EC2: launches aimed at another zone fail and are retried, so keep such a\n"
			    "  NodePool to the group's zone. A spread group holds at most seven instances per zone, and\n"
			    "  Karpenter launches a replacement (drift, consolidation) before it removes the old node, so\n"
			    "  a full group blocks replacements.");
		int zones = 0;
		for (int k = 0; k < p->groups.n; k++)
			for (int z = 0; z < p->groups.v[k]->zones.n; z++) {
				const SVal *s = &p->groups.v[k]->zones.v[z];
				bool seen = false;
				for (int k2 = 0; k2 <= k && !seen; k2++)
					for (int z2 = 0; z2 < p->groups.v[k2]->zones.n && !seen; z2++) {
						const SVal *t = &p->groups.v[k2]->zones.v[z2];
						if (t == s)
							break;
						seen = sval_ok(s) && sval_ok(t) && strcmp(s->s, t->s) == 0;
					}
				zones += !seen;
			}
		if (zones != 1) {
			buf_printf(b, "\n  - NodePool `%s` (placement group ", p->name);
			cell(b, sval_ok(&g->pg_id) ? g->pg_id.s : g->pg_name.s);
			if (zones)
				buf_printf(b, ") allows %d zones", zones);
			else
				buf_puts(b, ") allows every zone of its subnets");
			buf_puts(b, ": if that is a cluster placement group,\n"
			    "    require its zone (`topology.kubernetes.io/zone`).");
		}
	}
	if (n)
		buf_puts(b, "\n");
}

/* What works differently once Karpenter runs the nodes (DESIGN.md section 6). */
static void
behaviour(const Lowered *lw, Buf *b)
{
	bool spot = false, reserved = false;
	for (int i = 0; i < lw->pools.n; i++) {
		spot |= strcmp(lw->pools.v[i]->capacity, "on-demand") != 0;
		reserved |= lw->pools.v[i]->reserved != 0;
	}
	buf_puts(b, "## Behaviour changes\n\n"
	    "- **Consolidation.** Karpenter replaces and removes under-used nodes on its own (the NodePools'\n"
	    "  `disruption` block); pods are evicted more often than under the Cluster Autoscaler. Protect\n"
	    "  workloads with PodDisruptionBudgets, or `karpenter.sh/do-not-disrupt: \"true\"` on a pod.\n"
	    "- **No Auto Scaling groups.** Karpenter launches instances directly: no ASG warm pools, lifecycle\n"
	    "  hooks, suspended processes, scheduled actions or load-balancer target registration by the ASG.\n"
	    "- **Instance choice.** Within a NodePool's requirements Karpenter picks the instance type per\n"
	    "  launch, by price and fit, not by the order of the group's list.\n");
	if (reserved)
		buf_puts(b, "- **Capacity reservations.** A group's targeted reservation is the EC2NodeClass's\n"
		    "  `capacityReservationSelectorTerms` (by id) and the capacity type `reserved` in its NodePool.\n"
		    "  Karpenter launches into the reservation while it has room and, where the group's preference\n"
		    "  was `open` (the default), on demand once it is full, as the ASG did; with\n"
		    "  `capacity-reservations-only` it launches nothing more. Open reservations that the ASG used\n"
		    "  without naming them are not selected: add them by id or tags for Karpenter to prefer them.\n");
	placement_groups(lw, b);
	/* EFA (resolve_efa()): what the workloads and the cluster must do for Karpenter to attach it */
	int efa = 0;
	for (int i = 0; i < lw->pools.n; i++)
		for (int k = 0; k < lw->pools.v[i]->groups.n; k++) {
			const NodeGroup *g = lw->pools.v[i]->groups.v[k];
			if (!g->efa.set || !g->efa.v)
				continue;
			buf_puts(b, efa++ ? ", " : "- **EFA.** The nodes of ");
			cell(b, g->name.s);
		}
	if (efa)
		buf_puts(b, " had EFA interfaces. Karpenter attaches\n"
		    "  them to the nodes it launches for pods that request `vpc.amazonaws.com/efa` (an EFA interface on\n"
		    "  each network card of the type; an EC2NodeClass with `networkInterfaces` gets exactly those), and\n"
		    "  it picks EFA types only for such pods: each workload that uses EFA must request\n"
		    "  `vpc.amazonaws.com/efa` in its resources, and the EFA device plugin (aws-efa-k8s-device-plugin)\n"
		    "  must run on the nodes to advertise it. The security group that lets EFA traffic through (all\n"
		    "  traffic to and from itself) must be among the EC2NodeClass's `securityGroupSelectorTerms`.\n");
	buf_printf(b, "- **Spot interruptions.** %s\n\n", spot ?
	    "Karpenter handles interruption notices, rebalance recommendations and health events from its SQS\n"
	    "  queue (`settings.interruptionQueue` in helm/values.yaml): it cordons and drains the node before\n"
	    "  the instance goes. Remove any node-termination-handler once the migration is done." :
	    "No pool is spot; Karpenter still drains nodes on scheduled maintenance and health events from its\n"
	    "  SQS queue (`settings.interruptionQueue` in helm/values.yaml).");
}

/* Every setting KG240 reported, from the IR (the same list, even with the rule turned off). */
static void
not_carried(const Lowered *lw, Buf *b)
{
	buf_puts(b, "## Not carried\n\n");
	int n = 0;
	for (int i = 0; i < lw->pools.n; i++)
		for (int k = 0; k < lw->pools.v[i]->groups.n; k++) {
			const NodeGroup *g = lw->pools.v[i]->groups.v[k];
			for (int j = 0; j < g->not_carried.n; j++) {
				const NotCarried *nc = &g->not_carried.v[j];
				if (n++ == 0)
					buf_puts(b, "Settings of the migrated node groups that the kit does not reproduce "
					    "(KG240):\n\n| node group | setting | at | instead |\n|---|---|---|---|\n");
				buf_puts(b, "| ");
				cell(b, g->name.s);
				buf_puts(b, " | ");
				cell(b, nc->setting);
				buf_puts(b, " | ");
				cell(b, nc->loc.file ? arena_printf(lw->ir->arena, "%s:%d", nc->loc.file->name,
				    nc->loc.line) : "-");
				buf_puts(b, " | ");
				if (nc->origin == ORIGIN_DEFAULT)
					buf_puts(b, "(not set in the inputs: a default of the tool that made the group) ");
				buf_puts(b, nc->why);
				buf_puts(b, " |\n");
			}
		}
	const IR *ir = lw->ir;
	if (n)
		buf_puts(b, "\n");
	else
		buf_puts(b, ir->unknown_keys.n ? "No setting karpgen reads was left out.\n\n" :
		    "Nothing karpgen reads was left out.\n\n");
	/* keys no table names (KG110): whatever they set is in no manifest of the kit */
	for (int i = 0; i < ir->unknown_keys.n; i++) {
		const UnknownKey *u = &ir->unknown_keys.v[i];
		if (i == 0)
			buf_puts(b, "Keys of the inputs karpgen does not recognise (KG110): whatever they set is not "
			    "in the kit; check each by hand.\n\n| key | in | at |\n|---|---|---|\n");
		buf_puts(b, "| ");
		cell(b, u->key);
		buf_puts(b, " | ");
		cell(b, u->where);
		buf_puts(b, " | ");
		cell(b, u->loc.file ? arena_printf(ir->arena, "%s:%d", u->loc.file->name, u->loc.line) : "-");
		buf_puts(b, " |\n");
	}
	if (ir->unknown_keys_more)
		buf_printf(b, "\nand %d more (see the KG110 diagnostics)\n", ir->unknown_keys_more);
	if (ir->unknown_keys.n)
		buf_puts(b, "\n");
}

/* How to go back: the groups' sizes before the migration, as the inputs give them. */
static void
rollback(const Lowered *lw, Buf *b)
{
	buf_puts(b, "## Rollback\n\n"
	    "Until the clean-up step removes the old node groups, the migration can be undone: scale each\n"
	    "group back to its size below, wait for its nodes to be Ready, scale the Cluster Autoscaler back\n"
	    "up, then delete the NodePools (`kubectl delete -k karpenter/`): Karpenter drains and terminates\n"
	    "its nodes, and the pods go back to the groups.\n\n"
	    "| node group | min | max | desired |\n|---|---|---|---|\n");
	for (int i = 0; i < lw->pools.n; i++)
		for (int k = 0; k < lw->pools.v[i]->groups.n; k++) {
			const NodeGroup *g = lw->pools.v[i]->groups.v[k];
			const IVal *v[] = { &g->min_size, &g->max_size, &g->desired_size };
			buf_puts(b, "| ");
			cell(b, g->name.s);
			for (size_t j = 0; j < sizeof v / sizeof *v; j++)
				if (v[j]->set && !v[j]->unknown)
					buf_printf(b, " | %lld", (long long)v[j]->v);
				else
					buf_puts(b, " | -");
			buf_puts(b, " |\n");
		}
	buf_puts(b, "\n");
}

void
emit_report(const Lowered *lw, const Output *o, Output *into)
{
	Buf b = { 0 };
	buf_puts(&b, "# Migration to Karpenter\n\nWritten by karpgen " KARPGEN_VERSION " from");
	for (int i = 0; i < lw->ir->inputs.n; i++) {
		const Input *in = lw->ir->inputs.v[i];
		buf_puts(&b, i ? ", " : " ");
		cell(&b, in->file->name);
		if (in->what)
			buf_printf(&b, " (%s)", in->what);
	}
	buf_puts(&b, ".\n\n");
	settings(lw, &b);
	upgrade(lw, &b);
	mapping(lw, &b);
	capacity(lw, &b);
	behaviour(lw, &b);
	not_carried(lw, &b);
	rollback(lw, &b);
	buf_puts(&b, "## Diagnostics\n\n");
	char *d = diag_markdown();
	buf_puts(&b, d ? d : "No diagnostics.\n");
	free(d);
	buf_puts(&b, "\n");
	phases(lw, &b);
	buf_puts(&b, "## Files\n\n");
	for (int i = 0; i < o->files.n; i++)
		buf_printf(&b, "- `%s`\n", o->files.v[i].path);
	buf_puts(&b, "- `REPORT.md`\n- `karpgen-manifest.json` (every file with its SHA-256)\n");
	out_add_buf(into, "REPORT.md", &b, false);
}

/*
 * Every output of the kit, in memory, in this order: the report last, so
 * that it lists every diagnostic (the emitters' too) and every file.
 */
void
emit_kit(const Lowered *lw, Output *o)
{
	emit_manifests(lw, o);
	emit_iam(lw, o);
	emit_helm(lw, o);
	emit_terraform(lw, o);
	emit_runbook(lw, o);
	emit_report(lw, o, o);
}
