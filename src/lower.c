/*
 * lower.c - node groups -> EC2NodeClasses + NodePools (DESIGN.md section 5).
 *
 * Safe by default: each migrated node group becomes one NodePool that admits
 * exactly what the group ran (instance types, capacity type, architecture,
 * zones) and carries its labels and taints; node classes are shared only by
 * groups whose whole node-class content is equal.  The group that runs
 * Karpenter is never lowered.  A value that cannot be reproduced is an error
 * at the input's location, never a guess.  The manifests are value trees
 * whose nodes keep the location of the input value they came from, so the
 * validator's diagnostics on them point at the inputs.
 *
 * Lowering reports only the inputs' own errors it meets (KG112 bad values,
 * KG114 values it must reproduce but cannot evaluate, KG109 notes on values
 * it leaves out): the rules of the checks and of the validator are reported
 * by them, before lower() (check_migrating(), check_groups_api()) or after
 * it (check_kit_alias_pins(), check_kit_amis(), check_lowered()), from the
 * same pure functions (lower_migrates(), ami_select(), alias_pin(),
 * api_label_restricted()); lower() only stops where they said no.  It knows
 * no command: whoever writes the kit reports its placeholders
 * (note_placeholders()).
 */
#include "karpgen.h"

#include <stdlib.h>
#include <string.h>

typedef struct L {
	IR *ir;
	Arena *a;                /* where values are built: the run's arena, or scratch */
	Arena *main;             /* the run's arena */
	const Options *o;
	Lowered *lw;
	bool failed;
	bool quiet;              /* rebuilding what was already checked: no diagnostics */
	SMap *shared;            /* constant subtrees, shared by every manifest */
} L;

/* ------------------------------------------------------------ small sets */

/* A list of distinct strings in first-seen order. */
typedef struct StrSet {
	VEC(const char *) list;
	SMap seen;
} StrSet;

static bool
strset_add(Arena *a, StrSet *s, const char *v)
{
	if (smap_get(&s->seen, v))
		return false;
	smap_put(a, &s->seen, v, (void *)v);
	VEC_PUSH(a, s->list, v);
	return true;
}

/* ------------------------------------------------------- value builders */

static Value *
mk_map(L *l, const Loc *loc)
{
	return v_new(l->a, V_MAP, loc);
}

static Value *
mk_list(L *l, const Loc *loc)
{
	return v_new(l->a, V_LIST, loc);
}

/* `s` outlives the run (a literal, or a string in the run's arena): no copy. */
static Value *
mk_str(L *l, const char *s, const Loc *loc)
{
	Value *v = v_new(l->a, V_STR, loc);
	v->s = s;
	v->len = strlen(s);
	return v;
}

static Value *
mk_qstr(L *l, const char *s, const Loc *loc)
{
	/* a string YAML must keep a string ("true", "10%", "500") */
	Value *v = mk_str(l, s, loc);
	v->flags |= VF_QUOTED;
	return v;
}

static Value *
mk_int(L *l, int64_t n, const Loc *loc)
{
	Value *v = v_new(l->a, V_NUM, loc);
	v->flags = VF_INTEGER;
	v->i = n;
	v->num = (double)n;
	v->s = arena_printf(l->a, "%lld", (long long)n);
	v->len = strlen(v->s);
	return v;
}

static Value *
mk_bool(L *l, bool b, const Loc *loc)
{
	Value *v = v_new(l->a, V_BOOL, loc);
	v->b = b;
	v->s = b ? "true" : "false";
	v->len = strlen(v->s);
	return v;
}

/*
 * A constant subtree every manifest may share (the emitter writes it out at
 * each use): built once in the run's arena by `make`, looked up by `key`.
 */
static Value *
shared(L *l, const char *key, Value *(*make)(L *l, const void *arg), const void *arg)
{
	Value *v = smap_get(l->shared, key);
	if (!v) {
		Arena *a = l->a;
		l->a = l->main;
		v = make(l, arg);
		smap_put(l->main, l->shared, arena_strdup(l->main, key), v);
		l->a = a;
	}
	return v;
}

static void
put(L *l, Value *m, const char *k, Value *v)
{
	v_map_put(l->a, m, k, &v->loc, v);
}

static void
put_str(L *l, Value *m, const char *k, const char *s, const Loc *loc)
{
	put(l, m, k, mk_str(l, s, loc));
}

/* Decimal digits without printf: canon() runs over every group's node class. */
static void
buf_num(Buf *b, long long n)
{
	char d[24];
	int k = sizeof d;
	unsigned long long u = n < 0 ? 0 - (unsigned long long)n : (unsigned long long)n;
	do
		d[--k] = (char)('0' + u % 10);
	while ((u /= 10));
	if (n < 0)
		d[--k] = '-';
	buf_add(b, d + k, sizeof d - (size_t)k);
}

/* Canonical, unambiguous text of a value (lengths before bytes): the node-class dedup key. */
static void
canon(Buf *b, const Value *v)
{
	switch (v->kind) {
	case V_NULL: buf_add(b, "n", 1); break;
	case V_BOOL: buf_add(b, v->b ? "t" : "f", 1); break;
	case V_NUM:
		buf_add(b, "#", 1);
		buf_num(b, (long long)v->i);
		buf_add(b, ";", 1);
		break;
	case V_STR:
	case V_UNKNOWN:
		buf_add(b, "s", 1);
		buf_num(b, (long long)v->len);
		buf_add(b, ":", 1);
		buf_add(b, v->s, v->len);
		break;
	case V_LIST:
		buf_add(b, "[", 1);
		for (int i = 0; i < v->n; i++)
			canon(b, v->items[i]);
		buf_add(b, "]", 1);
		break;
	case V_MAP:
		buf_add(b, "{", 1);
		for (int i = 0; i < v->n; i++) {
			size_t kl = strlen(v->members[i].key);
			buf_add(b, "k", 1);
			buf_num(b, (long long)kl);
			buf_add(b, ":", 1);
			buf_add(b, v->members[i].key, kl);
			canon(b, v->members[i].val);
		}
		buf_add(b, "}", 1);
		break;
	}
}

/* ------------------------------------------------------------- names */

static const char *
unique_name(L *l, SMap *used, const char *base)
{
	const char *name = base;
	for (int i = 2; smap_get(used, name); i++) {
		char suffix[16];
		int sl = snprintf(suffix, sizeof suffix, "-%d", i);
		size_t bl = strlen(base);
		if (bl + (size_t)sl > 63)
			bl = 63 - (size_t)sl;
		while (bl > 0 && base[bl - 1] == '-')
			bl--;
		name = arena_printf(l->a, "%.*s%s", (int)bl, base, suffix);
	}
	smap_put(l->a, used, name, (void *)name);
	return name;
}

/* -------------------------------------------------------------- settings */

/* The partition of a region (the region prefixes of the non-commercial partitions). */
static const char *
partition_of(const char *region)
{
	static const struct { const char *prefix, *partition; } t[] = {
		{ "cn-", "aws-cn" }, { "us-gov-", "aws-us-gov" }, { "us-isob-", "aws-iso-b" },
		{ "us-iso-", "aws-iso" }, { "eu-isoe-", "aws-iso-e" }, { "us-isof-", "aws-iso-f" },
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++)
		if (strncmp(region, t[i].prefix, strlen(t[i].prefix)) == 0)
			return t[i].partition;
	return "aws";
}

typedef struct SettingDef {
	const char *what;        /* "cluster name" */
	const char *placeholder; /* "CLUSTER_NAME" */
	const char *option;      /* "--cluster-name" */
	PatId pat;
	const char *expect;
} SettingDef;

static const SettingDef set_cluster = { "cluster name", "CLUSTER_NAME", "--cluster-name", PAT_CLUSTER_NAME,
	"an EKS cluster name (letters, digits, '-' and '_', at most 100)" };
static const SettingDef set_region = { "region", "AWS_REGION", "--region", PAT_REGION,
	"an AWS region such as 'us-west-2'" };
static const SettingDef set_account = { "account id", "AWS_ACCOUNT_ID", "--account-id", PAT_ACCOUNT_ID,
	"12 digits" };
static const SettingDef set_partition = { "partition", "AWS_PARTITION", "--partition", PAT_PARTITION,
	"aws, aws-cn or aws-us-gov" };

static void
use_placeholder(L *l, Setting *s, const SettingDef *d, bool noted)
{
	s->value = arena_printf(l->a, "${%s}", d->placeholder);
	s->placeholder = d->placeholder;
	s->origin = ORIGIN_NONE;
	s->what = d->what;
	s->option = d->option;
	/* the caller that writes the kit says so: note_placeholders(), unless the value
	 * is an expression already noted (one note per setting, not two) */
	s->noted = noted;
	VEC_PUSH(l->a, l->lw->placeholders, s);
}

void
note_placeholders(const Lowered *lw)
{
	for (int i = 0; i < lw->placeholders.n; i++) {
		const Setting *s = lw->placeholders.v[i];
		if (s->noted)
			continue;
		Diag *g = diag(KG109, NULL, "the %s is given by no input; the kit writes '${%s}', which the runbook "
		    "fills at run time", s->what, s->placeholder);
		diag_note(g, NULL, "give '%s' to write the value itself", s->option);
	}
}

static void
setting(L *l, Setting *s, const SettingDef *d, const char *opt, const SVal *in)
{
	if (opt) {
		s->value = opt;
		s->origin = ORIGIN_OPTION;
		return;
	}
	if (in && sval_ok(in)) {
		if (!pat_match(d->pat, in->s, strlen(in->s))) {
			Diag *g = diag(KG112, &in->loc, "invalid %s '%s'", d->what, in->s);
			diag_note(g, NULL, "expected %s; or give '%s'", d->expect, d->option);
			l->failed = true;
		}
		s->value = in->s;
		s->loc = in->loc;
		s->origin = ORIGIN_INPUT;
		return;
	}
	bool noted = in && in->unknown;
	/* one KG109 note per value: resolve's note_unknowns() has one on the cluster's
	 * name and region (not on a KG111 placeholder), which names the placeholder and option */
	const Cluster *c = &l->ir->cluster;
	bool resolve_noted = noted && in->set && !tf_placeholder(in->expr) && (in == &c->name || in == &c->region);
	if (noted && !resolve_noted) {
		Diag *g = diag(KG109, &in->loc, "the %s is an expression karpgen cannot evaluate offline", d->what);
		diag_note(g, NULL, "the kit writes '${%s}' instead; give '%s' to write the value itself",
		    d->placeholder, d->option);
	}
	use_placeholder(l, s, d, noted);
}

static void
lower_settings(L *l)
{
	Lowered *lw = l->lw;
	const Cluster *c = &l->ir->cluster;
	const SVal *cname = sval_ok(&c->name) || c->name.unknown ? &c->name : &c->deploy_id;
	setting(l, &lw->cluster, &set_cluster, l->o->cluster_name, cname);
	setting(l, &lw->region, &set_region, l->o->region, &c->region);
	setting(l, &lw->account, &set_account, l->o->account_id, &c->account_id);
	if (l->o->partition || sval_ok(&c->partition) || lw->region.placeholder) {
		setting(l, &lw->partition, &set_partition, l->o->partition, &c->partition);
	} else {
		lw->partition.value = partition_of(lw->region.value);
		lw->partition.loc = lw->region.loc;
		lw->partition.origin = ORIGIN_DERIVED;
	}
	if (l->o->identity == ID_IRSA) {
		const char *iss = sval_ok(&c->oidc_issuer) ? c->oidc_issuer.s : NULL;
		if (iss && strncmp(iss, "https://", 8) == 0)
			iss += 8;
		if (iss && *iss) {
			lw->oidc.value = iss;
			lw->oidc.loc = c->oidc_issuer.loc;
			lw->oidc.origin = ORIGIN_INPUT;
		} else {
			static const SettingDef d = { "cluster's OIDC issuer (for IRSA)", "OIDC_PROVIDER",
				"an input with describe-cluster output", PAT_ARN, "" };
			use_placeholder(l, &lw->oidc, &d, false);
		}
	}
}

/* ------------------------------------------------------------- AMIs */

/*
 * The fourth column, a Windows Full AMI's name up to its Kubernetes version:
 * Karpenter's windows20NN aliases (and, before v1, its Windows families)
 * select the Core AMI, so a Full group's class selects the Full AMI by its
 * name (nodeclass_spec()), as EKS publishes it
 * ("Windows_Server-2022-English-Full-EKS_Optimized-1.29-2024.05.14").
 */
#define WIN_FULL(y) "Windows_Server-" y "-English-Full-EKS_Optimized"
static const struct { const char *prefix, *alias, *family, *full; } ami_types[] = {
	{ "AL2023_", "al2023", "AL2023", NULL },
	{ "AL2_", "al2", "AL2", NULL },
	{ "BOTTLEROCKET_", "bottlerocket", "Bottlerocket", NULL },
	{ "WINDOWS_CORE_2019", "windows2019", "Windows2019", NULL },
	{ "WINDOWS_FULL_2019", "windows2019", "Windows2019", WIN_FULL("2019") },
	{ "WINDOWS_CORE_2022", "windows2022", "Windows2022", NULL },
	{ "WINDOWS_FULL_2022", "windows2022", "Windows2022", WIN_FULL("2022") },
	{ "WINDOWS_CORE_2025", "windows2025", "Windows2025", NULL },
	{ "WINDOWS_FULL_2025", "windows2025", "Windows2025", WIN_FULL("2025") },
};

/* eksctl amiFamily, Domino user_data_type, Karpenter amiFamily spellings (the fourth column: ami_types). */
static const struct { const char *name, *alias, *family, *full; } ami_families[] = {
	{ "AmazonLinux2023", "al2023", "AL2023", NULL }, { "AL2023", "al2023", "AL2023", NULL },
	{ "AmazonLinux2", "al2", "AL2", NULL }, { "AL2", "al2", "AL2", NULL },
	{ "Bottlerocket", "bottlerocket", "Bottlerocket", NULL }, { "BOTTLEROCKET", "bottlerocket", "Bottlerocket", NULL },
	{ "WindowsServer2019CoreContainer", "windows2019", "Windows2019", NULL },
	{ "WindowsServer2019FullContainer", "windows2019", "Windows2019", WIN_FULL("2019") },
	{ "Windows2019", "windows2019", "Windows2019", NULL },
	{ "WindowsServer2022CoreContainer", "windows2022", "Windows2022", NULL },
	{ "WindowsServer2022FullContainer", "windows2022", "Windows2022", WIN_FULL("2022") },
	{ "Windows2022", "windows2022", "Windows2022", NULL },
	{ "WindowsServer2025CoreContainer", "windows2025", "Windows2025", NULL },
	{ "WindowsServer2025FullContainer", "windows2025", "Windows2025", WIN_FULL("2025") },
	{ "Windows2025", "windows2025", "Windows2025", NULL },
};

/*
 * The pinned default versions (docs/compile.md): for the families of the
 * AMI release data (al2023, al2, bottlerocket), the newest release with AMIs
 * for the cluster's Kubernetes version (the newest of all when the version is
 * not known; @latest when the cluster is newer than all of a family's data
 * and the family goes on), so a refresh of data/ami-releases.tsv moves them;
 * for the others, the release named here.  A pin with no AMI for the cluster's version
 * is KG251 from the check of the kit's classes.  The runbook's preflight
 * checks through SSM that the pinned AMI exists.
 */
static const struct { const char *family, *version; } alias_defaults[] = {
	{ "windows2019", "latest" }, { "windows2022", "latest" }, { "windows2025", "latest" },
};

/* Karpenter's default block devices per family (its docs, "blockDeviceMappings"). */
static const struct { const char *family; AmiDisks d; } family_disks[] = {
	{ "AL2023", { "/dev/xvda", 20, NULL, 0 } },
	{ "AL2", { "/dev/xvda", 20, NULL, 0 } },
	{ "Bottlerocket", { "/dev/xvda", 4, "/dev/xvdb", 20 } },
	{ "Windows2019", { "/dev/sda1", 50, NULL, 0 } },
	{ "Windows2022", { "/dev/sda1", 50, NULL, 0 } },
	{ "Windows2025", { "/dev/sda1", 50, NULL, 0 } },
};

const AmiDisks *
ami_disks(const AmiSel *s)
{
	for (size_t i = 0; s->ami_family && i < sizeof family_disks / sizeof *family_disks; i++)
		if (strcmp(s->ami_family, family_disks[i].family) == 0)
			return &family_disks[i].d;
	return &family_disks[0].d;
}

AmiErr
ami_select(const NodeGroup *g, AmiSel *s)
{
	memset(s, 0, sizeof *s);
	const char *t = sval_ok(&g->ami_type) ? g->ami_type.s : NULL;
	bool custom = (t && strcmp(t, "CUSTOM") == 0) || g->ami_id.set;
	if (custom) {
		if (g->ami_id.unknown || !sval_ok(&g->ami_id)) {
			s->loc = g->ami_id.set ? &g->ami_id.loc : &g->ami_type.loc;
			return AMI_UNKNOWN;
		}
		s->loc = &g->ami_id.loc;
		if (!pat_match(PAT_AMI_ID, g->ami_id.s, strlen(g->ami_id.s)))
			return AMI_BAD_ID;
		s->ami_id = g->ami_id.s;
		const SVal *fv = sval_ok(&g->ami_family) ? &g->ami_family : &g->user_data_type;
		const char *fam = sval_ok(fv) ? fv->s : NULL;
		for (size_t i = 0; fam && i < sizeof ami_families / sizeof *ami_families; i++)
			if (strcmp(fam, ami_families[i].name) == 0)
				s->ami_family = ami_families[i].family;
		/*
		 * else the AMI type that decides the custom AMI's user data
		 * (terraform-aws-modules v20+: load_tfeks.c module_defaults)
		 */
		for (size_t i = 0; !fam && t && i < sizeof ami_types / sizeof *ami_types; i++)
			if (strncmp(t, ami_types[i].prefix, strlen(ami_types[i].prefix)) == 0) {
				s->ami_family = ami_types[i].family;
				fam = t;
				fv = &g->ami_type;
			}
		if (s->ami_family && fv == &g->ami_type)
			s->loc = &g->ami_type.loc;
		if (s->ami_family)
			s->family_from = fv;
		if (!s->ami_family) {
			s->named = fam;
			s->loc = fam ? &fv->loc : &g->ami_id.loc;
			return AMI_CUSTOM_FAMILY;
		}
		s->windows = strncmp(s->ami_family, "Windows", 7) == 0;
		return AMI_OK;
	}
	s->loc = &g->ami_type.loc;
	for (size_t i = 0; t && i < sizeof ami_types / sizeof *ami_types; i++)
		if (strncmp(t, ami_types[i].prefix, strlen(ami_types[i].prefix)) == 0) {
			s->alias_family = ami_types[i].alias;
			s->ami_family = ami_types[i].family;
			s->full_name = ami_types[i].full;
		}
	const char *fam = sval_ok(&g->ami_family) ? g->ami_family.s : NULL;
	for (size_t i = 0; !s->alias_family && fam && i < sizeof ami_families / sizeof *ami_families; i++)
		if (strcmp(fam, ami_families[i].name) == 0) {
			s->alias_family = ami_families[i].alias;
			s->ami_family = ami_families[i].family;
			s->full_name = ami_families[i].full;
			s->loc = &g->ami_family.loc;
		}
	if (!s->alias_family) {
		if (t || fam) {
			s->named = t ? t : fam;
			s->loc = t ? &g->ami_type.loc : &g->ami_family.loc;
			return AMI_NO_FAMILY;
		}
		/* no AMI type given anywhere: EKS and every front-end's module default to AL2023 today */
		s->alias_family = "al2023";
		s->ami_family = "AL2023";
	}
	s->windows = strncmp(s->alias_family, "windows", 7) == 0;
	return AMI_OK;
}

/* The Kubernetes minor a Windows Full AMI is selected for (its name has it); -1: not known. */
static int
full_minor(const IR *ir)
{
	const SVal *k8s = &ir->cluster.k8s_version;
	return sval_ok(k8s) ? kube_minor(k8s->s) : -1;
}

const char *
alias_pin(Arena *a, const char *family, int k8s_minor)
{
	if (ami_family_known(family, strlen(family))) {
		const char *rel = ami_release_newest(a, family, k8s_minor);
		if (rel)
			return rel;
		/*
		 * A cluster newer than the family's data while the family goes on
		 * (the data is older than the cluster): every release karpgen knows
		 * lacks it, so the kit follows the newest (KG230 asks for a pin).
		 */
		if (k8s_minor >= 0 && ami_family_ended(family) < 0 && k8s_minor > ami_family_max_minor(family))
			return "latest";
		return ami_release_newest(a, family, -1);
	}
	for (size_t i = 0; i < sizeof alias_defaults / sizeof *alias_defaults; i++)
		if (strcmp(alias_defaults[i].family, family) == 0)
			return alias_defaults[i].version;
	return NULL;
}

const char *
alias_option_for(const Options *o, const char *family)
{
	const char *opt = o->ami_alias;
	size_t fl = strlen(family);
	return opt && strncmp(opt, family, fl) == 0 && opt[fl] == '@' ? opt : NULL;
}

/*
 * The alias the kit writes for a group's family: '--ami-alias' for it, else
 * the release the group runs (resolve_ami_release()), else the pinned
 * default (KG230 and KG251 check them all).
 */
static const char *
alias_for(L *l, const NodeGroup *g, const char *family)
{
	const char *opt = alias_option_for(l->o, family);
	if (opt)
		return opt;
	if (sval_ok(&g->ami_release))
		return arena_printf(l->a, "%s@%s", family, g->ami_release.s);
	const SVal *k8s = &l->ir->cluster.k8s_version;
	const char *pin = alias_pin(l->a, family, sval_ok(k8s) ? kube_minor(k8s->s) : -1);
	return arena_printf(l->a, "%s@%s", family, pin ? pin : "latest");
}

/* ------------------------------------------------------------ per group */

/* Taints that a DaemonSet removes once the node is ready: startupTaints for Karpenter. */
static const char *const startup_taint_keys[] = {
	"ebs.csi.aws.com/agent-not-ready", "efs.csi.aws.com/agent-not-ready",
	"node.cilium.io/agent-not-ready", "node.cloudprovider.kubernetes.io/uninitialized",
};

static const struct { const char *eks, *k8s; } effects[] = {
	{ "NO_SCHEDULE", "NoSchedule" }, { "NO_EXECUTE", "NoExecute" },
	{ "PREFER_NO_SCHEDULE", "PreferNoSchedule" }, { "NoSchedule", "NoSchedule" },
	{ "NoExecute", "NoExecute" }, { "PreferNoSchedule", "PreferNoSchedule" },
};

static const char *
k8s_effect(const char *e)
{
	for (size_t i = 0; i < sizeof effects / sizeof *effects; i++)
		if (strcmp(e, effects[i].eks) == 0)
			return effects[i].k8s;
	return NULL;
}

static bool
in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

/* What one group contributes, checked; NULL members when unknown. */
typedef struct GInfo {
	NodeGroup *g;
	AmiSel ami;              /* ami_select() */
	const char *capacity;            /* on-demand | spot | reserved */
	const char *zone_key;            /* topology.k8s.aws/zone-id | topology.kubernetes.io/zone */
	const SList *zones;
	VEC(const InstanceType *) types; /* the known ones */
	const char *fold_key;
	LNodePool *pool;
} GInfo;

typedef VEC(GInfo) GInfoVec;

static const struct { const char *eks, *karpenter; } capacities[] = {
	{ "ON_DEMAND", "on-demand" }, { "SPOT", "spot" }, { "CAPACITY_BLOCK", "reserved" },
	{ "on-demand", "on-demand" }, { "spot", "spot" },
};

static bool
list_known(const NodeGroup *g, const SList *s, const char *what, bool required)
{
	/* required: the kit cannot be made without them (KG114); else the kit is less exact (KG109) */
	RuleId rule = required ? KG114 : KG109;
	if (s->unknown) {
		Diag *d = diag(rule, &s->loc, "the %s of '%s' are an expression karpgen cannot evaluate offline", what, g->name.s);
		diag_note(d, NULL, required ? "give them as a literal list so the NodePool can reproduce the group" :
		    "the NodePool is not pinned to them");
		return false;
	}
	for (int i = 0; i < s->n; i++)
		if (s->v[i].unknown || !s->v[i].s) {
			Diag *d = diag(rule, &s->v[i].loc,
			    "one of the %s of '%s' is an expression karpgen cannot evaluate offline", what, g->name.s);
			diag_note(d, NULL, required ? "give it as a literal so the NodePool can reproduce the group" :
			    "the NodePool is not pinned to them");
			return false;
		}
	return true;
}

static bool
check_group(L *l, GInfo *gi)
{
	NodeGroup *g = gi->g;
	bool ok = true;

	/* instance types: reproduced exactly, so they must be known */
	if (!g->instance_types.set || (g->instance_types.n == 0 && !g->instance_types.unknown)) {
		ok = false;     /* check_type_parity() reported KG220, an error: lower() does not run */
	} else if (!list_known(g, &g->instance_types, "instance types", true)) {
		ok = false;
	} else {
		for (int i = 0; i < g->instance_types.n; i++) {
			const SVal *t = &g->instance_types.v[i];
			if (!pat_match(PAT_INSTANCE_TYPE, t->s, strlen(t->s)) || strlen(t->s) > 63) {
				Diag *d = diag(KG112, &t->loc, "invalid instance type '%s'", t->s);
				diag_note(d, NULL, "expected an EC2 instance type such as 'm6i.2xlarge'");
				ok = false;
				continue;
			}
			const InstanceType *it = catalog_find(t->s);
			if (it)
				VEC_PUSH(l->a, gi->types, it);
		}
	}

	/* capacity type; a mixed-instances group with spot in it admits both */
	gi->capacity = "on-demand";
	const IVal *odp = &g->on_demand_percent;
	if (odp->set && !odp->unknown && odp->v < 100) {
		bool base = g->on_demand_base.set && !g->on_demand_base.unknown && g->on_demand_base.v > 0;
		gi->capacity = odp->v <= 0 && !base ? "spot" : "mixed";
	} else if (g->capacity_type.unknown) {
		Diag *d = diag(KG114, &g->capacity_type.loc,
		    "the capacity type of '%s' is an expression karpgen cannot evaluate offline", g->name.s);
		diag_note(d, NULL, "give ON_DEMAND or SPOT as a literal");
		ok = false;
	} else if (sval_ok(&g->capacity_type)) {
		gi->capacity = NULL;
		for (size_t i = 0; i < sizeof capacities / sizeof *capacities; i++)
			if (strcmp(g->capacity_type.s, capacities[i].eks) == 0)
				gi->capacity = capacities[i].karpenter;
		if (!gi->capacity || (strcmp(gi->capacity, "reserved") == 0 && !l->lw->v1)) {
			Diag *d = diag(KG112, &g->capacity_type.loc, "capacity type '%s' of '%s' has no Karpenter "
			    "equivalent%s", g->capacity_type.s, g->name.s, gi->capacity ? " before v1" : "");
			diag_note(d, NULL, "expected ON_DEMAND or SPOT");
			ok = false;
			gi->capacity = "on-demand";
		}
	}

	/* an AMI the target cannot select: check_groups_api() reported KG305 */
	AmiErr ae = ami_select(g, &gi->ami);
	if (ae == AMI_UNKNOWN) {
		Diag *d = diag(KG114, gi->ami.loc, "the custom AMI of '%s' is %s", g->name.s,
		    g->ami_id.unknown ? "an expression karpgen cannot evaluate offline" : "not given");
		diag_note(d, NULL, "give the AMI id as a literal ('ami-...') so the EC2NodeClass can select it");
	}
	if (ae != AMI_OK)
		ok = false;

	/* zones: ids where known (topology.k8s.aws/zone-id), else names; v1beta1 prefers names */
	/* gi->zones outlives this call: the derived spellings live in the arena */
	SList *zone_ids = arena_alloc(l->a, 2 * sizeof *zone_ids), *zone_names = zone_ids + 1;
	*zone_ids = ng_zones_as(l->ir, g, true);
	*zone_names = ng_zones_as(l->ir, g, false);
	const SList *ids = zone_ids->n ? zone_ids : NULL, *names = zone_names->n ? zone_names : NULL;
	if (!ids && !names && g->zones.n && !g->zones.unknown && list_known(g, &g->zones, "zones", false)) {
		int nid = 0, nname = 0;
		for (int i = 0; i < g->zones.n; i++) {
			const char *z = g->zones.v[i].s;
			nid += pat_match(PAT_AZ_ID, z, strlen(z));
			nname += pat_match(PAT_AZ_NAME, z, strlen(z));
		}
		if (nid == g->zones.n)
			ids = &g->zones;
		else if (nname == g->zones.n)
			names = &g->zones;
		/* else mixed: not pinned to zones; check_az_mix() said so (KG202) */
	} else if (g->zones.unknown) {
		list_known(g, &g->zones, "zones", false);
	}
	/* resolve() copies a list with an expression among its zones as it is: not pinned either */
	if ((ids && !list_known(g, ids, "zones", false)) || (names && !list_known(g, names, "zones", false)))
		ids = names = NULL;
	if (ids && ids->n && (l->lw->v1 || !names)) {
		gi->zone_key = "topology.k8s.aws/zone-id";
		gi->zones = ids;    /* a target without the label: check_az_mix() warned (KG202) */
	} else if (names && names->n) {
		gi->zone_key = "topology.kubernetes.io/zone";
		gi->zones = names;
	}

	/* labels and taints must be valid as they are carried over verbatim */
	if (g->labels.unknown) {
		Diag *d = diag(KG114, &g->labels.loc,
		    "the labels of '%s' are an expression karpgen cannot evaluate offline", g->name.s);
		diag_note(d, NULL, "give them as a literal map so the NodePool carries them (KG223)");
		ok = false;
	}
	for (int i = 0; i < g->labels.n; i++) {
		const KV *kv = &g->labels.v[i];
		if (kv->key.unknown || kv->value.unknown || !kv->key.s || !kv->value.s) {
			Diag *d = diag(KG114, kv->value.unknown ? &kv->value.loc : &kv->key.loc,
			    "a label of '%s' is an expression karpgen cannot evaluate offline", g->name.s);
			diag_note(d, NULL, "give it as a literal so the NodePool carries it (KG223)");
			ok = false;
			continue;
		}
		if (!k8s_qualified_name(kv->key.s, strlen(kv->key.s))) {
			Diag *d = diag(KG112, &kv->key.loc, "invalid label key '%s'", kv->key.s);
			diag_note(d, NULL, "a label key is an optional DNS prefix and '/', then at most 63 "
			    "letters, digits, '-', '_' or '.'");
			ok = false;
		} else if (api_label_restricted(&l->o->kv, kv->key.s)) {
			ok = false;     /* check_groups_api() reported KG302 */
		}
		if (!k8s_label_value(kv->value.s, strlen(kv->value.s))) {
			Diag *d = diag(KG112, &kv->value.loc, "invalid value '%s' of label '%s'", kv->value.s,
			    kv->key.s);
			diag_note(d, NULL, "a label value is at most 63 letters, digits, '-', '_' or '.', "
			    "starting and ending alphanumeric");
			ok = false;
		}
	}
	for (int i = 0; i < g->taints.n; i++) {
		const Taint *t = &g->taints.v[i];
		if (t->key.unknown || t->value.unknown || t->effect.unknown) {
			Diag *d = diag(KG114, &t->loc,
			    "a taint of '%s' is not a literal karpgen can evaluate offline", g->name.s);
			diag_note(d, NULL, "give key, value and effect as literals so the NodePool carries it (KG223)");
			ok = false;
			continue;
		}
		/* a taint with no key or no effect: EKS and Kubernetes refuse it, so the group never had it */
		if (!t->key.s || !*t->key.s || !t->effect.s || !*t->effect.s) {
			Diag *d = diag(KG112, &t->loc, "a taint of '%s' has no %s", g->name.s,
			    !t->key.s || !*t->key.s ? "key" : "effect");
			diag_note(d, NULL, "give it a key and an effect: NoSchedule, PreferNoSchedule or NoExecute "
			    "(NO_SCHEDULE, PREFER_NO_SCHEDULE, NO_EXECUTE in EKS's spelling)");
			ok = false;
			continue;
		}
		if (!k8s_qualified_name(t->key.s, strlen(t->key.s))) {
			diag(KG112, &t->key.loc, "invalid taint key '%s'", t->key.s);
			ok = false;
		}
		if (t->value.s && *t->value.s && !k8s_qualified_name(t->value.s, strlen(t->value.s))) {
			Diag *d = diag(KG112, &t->value.loc, "taint value '%s' is not valid in a NodePool", t->value.s);
			diag_note(d, NULL, "Karpenter requires taint values to be qualified names");
			ok = false;
		}
		if (!k8s_effect(t->effect.s)) {
			Diag *d = diag(KG112, &t->effect.loc, "unknown taint effect '%s'", t->effect.s);
			diag_note(d, NULL, "expected NO_SCHEDULE, NO_EXECUTE or PREFER_NO_SCHEDULE (or NoSchedule, "
			    "NoExecute, PreferNoSchedule)");
			ok = false;
			continue;
		}
		/* Kubernetes (and the EKS API) refuse two taints with one key and effect: the kit
		 * cannot carry both, and keeping one would drop the other without a word */
		for (int j = 0; j < i; j++) {
			const Taint *u = &g->taints.v[j];
			if (u->key.unknown || u->effect.unknown || !u->key.s || !u->effect.s ||
			    strcmp(u->key.s, t->key.s) != 0 || !k8s_effect(u->effect.s) ||
			    strcmp(k8s_effect(u->effect.s), k8s_effect(t->effect.s)) != 0)
				continue;
			Diag *d = diag(KG112, &t->loc, "node group '%s' has a second taint with key '%s' and effect '%s'",
			    g->name.s, t->key.s, k8s_effect(t->effect.s));
			diag_note(d, &u->loc, "the first taint with this key and effect is here");
			diag_note(d, NULL, "Kubernetes refuses two taints with one key and effect: keep one of them");
			ok = false;
			break;
		}
	}
	/* one mapping per device: EC2 refuses a second, and no mapping is "first" (a map's keys sort) */
	for (int i = 0; i < g->volumes.n; i++) {
		const Volume *v = &g->volumes.v[i];
		if (!sval_ok(&v->device))
			continue;
		const Loc *first = g->root_mapped && sval_ok(&g->root_device) && strcmp(v->device.s, g->root_device.s) == 0 ?
		    &g->root_device.loc : NULL;
		for (int j = 0; !first && j < i; j++)
			if (sval_ok(&g->volumes.v[j].device) && strcmp(g->volumes.v[j].device.s, v->device.s) == 0)
				first = &g->volumes.v[j].device.loc;
		if (!first)
			continue;
		Diag *d = diag(KG112, &v->device.loc, "device '%s' of node group '%s' is mapped twice", v->device.s,
		    g->name.s);
		diag_note(d, first, "the first mapping of the device is here");
		diag_note(d, NULL, "EC2 refuses two block-device mappings of one device: keep one of them");
		ok = false;
	}
	if (g->volume_size.unknown || g->volume_type.unknown || g->volume_iops.unknown ||
	    g->volume_throughput.unknown) {
		Diag *d = diag(KG114, g->volume_size.unknown ? &g->volume_size.loc : &g->loc,
		    "the root volume of '%s' is an expression karpgen cannot evaluate offline", g->name.s);
		diag_note(d, NULL, "give size and type as literals so the EC2NodeClass reproduces the disk (KG210)");
		ok = false;
	} else if (g->volume_size.set && (g->volume_size.v < 1 || g->volume_size.v > 64000)) {
		diag(KG112, &g->volume_size.loc, "volume size %lld GiB of '%s' is outside 1..64000",
		    (long long)g->volume_size.v, g->name.s);
		ok = false;
	}
	return ok;
}

/* ------------------------------------------------------------- folding */

/* The group's name with its own zone removed: "compute-us-west-2a" -> "compute". */
static const char *
base_name(L *l, const NodeGroup *g)
{
	const char *name = g->name.s;
	SList ids = ng_zones_as(l->ir, g, true), names = ng_zones_as(l->ir, g, false);
	const SList *zl[] = { &g->zones, &ids, &names };
	for (size_t k = 0; k < 3; k++) {
		if (zl[k]->n != 1 || !zl[k]->v[0].s || !*zl[k]->v[0].s)
			continue;
		const char *z = zl[k]->v[0].s, *at = strstr(name, z);
		if (!at)
			continue;
		size_t pre = (size_t)(at - name), zlen = strlen(z);
		const char *post = at + zlen;
		while (pre > 0 && (name[pre - 1] == '-' || name[pre - 1] == '_'))
			pre--;
		if (pre == 0)
			while (*post == '-' || *post == '_')
				post++;
		if (pre == 0 && !*post)
			continue;
		return arena_printf(l->a, "%.*s%s", (int)pre, name, post);
	}
	return NULL;
}

static void
sig_list(Buf *b, const SList *s)
{
	for (int i = 0; i < s->n; i++)
		buf_printf(b, "%s,", s->v[i].s ? s->v[i].s : "?");
	buf_puts(b, ";");
}

/* Everything but the name, zones, subnets and sizes: equal for per-AZ copies of one group. */
static const char *
fold_key(L *l, const NodeGroup *g, const char *base)
{
	Buf b = { 0 };
	buf_printf(&b, "%s|%d|%s|%d|", base, (int)g->source, g->kind ? g->kind : "", g->self_managed);
	sig_list(&b, &g->instance_types);
	const SVal *sv[] = { &g->capacity_type, &g->ami_type, &g->ami_id, &g->ami_family, &g->user_data_type,
		&g->volume_type, &g->root_device, &g->node_role, &g->metadata_http_tokens, &g->metadata_http_endpoint };
	for (size_t i = 0; i < sizeof sv / sizeof *sv; i++)
		buf_printf(&b, "%s|", sv[i]->s ? sv[i]->s : "");
	const IVal *iv[] = { &g->volume_size, &g->volume_iops, &g->volume_throughput, &g->max_pods,
		&g->metadata_hop_limit, &g->on_demand_base, &g->on_demand_percent };
	for (size_t i = 0; i < sizeof iv / sizeof *iv; i++)
		buf_printf(&b, "%d:%lld|", iv[i]->set, (long long)iv[i]->v);
	if (g->kubelet)
		canon(&b, g->kubelet);      /* groups whose kubelets differ are not one pool */
	buf_puts(&b, "|");
	const KVList *kl[] = { &g->labels, &g->tags };
	for (size_t k = 0; k < 2; k++) {
		for (int i = 0; i < kl[k]->n; i++)
			buf_printf(&b, "%s=%s,", kl[k]->v[i].key.s ? kl[k]->v[i].key.s : "",
			    kl[k]->v[i].value.s ? kl[k]->v[i].value.s : "");
		buf_puts(&b, ";");
	}
	for (int i = 0; i < g->taints.n; i++)
		buf_printf(&b, "%s=%s:%s,", g->taints.v[i].key.s ? g->taints.v[i].key.s : "",
		    g->taints.v[i].value.s ? g->taints.v[i].value.s : "",
		    g->taints.v[i].effect.s ? g->taints.v[i].effect.s : "");
	const char *key = arena_strdup(l->a, b.s ? b.s : "");
	buf_free(&b);
	return key;
}

/* ------------------------------------------------------------ node classes */

/*
 * The group's kubelet block (EC2NodeClass.spec.kubelet on v1, the NodePool
 * template's on v1beta1): maxPods, then the fields the loaders carried in
 * ng->kubelet (already in the CRDs' shapes and order); NULL when none.
 */
static Value *
kubelet_block(L *l, const NodeGroup *g)
{
	bool pods = g->max_pods.set && !g->max_pods.unknown;
	if (!pods && !g->kubelet)
		return NULL;
	Value *k = mk_map(l, pods ? &g->max_pods.loc : &g->kubelet->loc);
	if (pods)
		put(l, k, "maxPods", mk_int(l, g->max_pods.v, &g->max_pods.loc));
	for (int i = 0; g->kubelet && i < g->kubelet->n; i++)
		put(l, k, g->kubelet->members[i].key, g->kubelet->members[i].val);
	return k;
}


/* Tags Karpenter sets itself (or AWS reserves); the CAS discovery tags mean nothing on Karpenter nodes. */
static bool
tag_dropped(const char *k)
{
	static const char *const exact[] = {
		"eks:eks-cluster-name", "karpenter.sh/nodepool", "karpenter.sh/nodeclaim",
		"karpenter.k8s.aws/ec2nodeclass", "karpenter.sh/managed-by", "karpenter.sh/discovery",
	};
	static const char *const prefix[] = { "kubernetes.io/cluster", "k8s.io/cluster-autoscaler/", "aws:" };
	if (!*k || in_list(k, exact, sizeof exact / sizeof *exact))
		return true;
	for (size_t i = 0; i < sizeof prefix / sizeof *prefix; i++)
		if (strncmp(k, prefix[i], strlen(prefix[i])) == 0)
			return true;
	return false;
}

static Value *
ebs_volume(L *l, const NodeGroup *g, int64_t gib, bool data_volume)
{
	const Loc *loc = &g->volume_size.loc;
	Value *ebs = mk_map(l, loc);
	/* a snapshot with no size: EC2 sizes the volume by the snapshot (a default could be too small) */
	if (g->volume_size.set || !sval_ok(&g->volume_snapshot))
		put(l, ebs, "volumeSize", mk_str(l, arena_printf(l->a, "%lldGi", (long long)gib), loc));
	const char *type = sval_ok(&g->volume_type) ? g->volume_type.s : "gp3";
	put_str(l, ebs, "volumeType", type, sval_ok(&g->volume_type) ? &g->volume_type.loc : loc);
	bool provisioned = strcmp(type, "gp3") == 0 || strcmp(type, "io1") == 0 || strcmp(type, "io2") == 0;
	if (data_volume && provisioned && g->volume_iops.set && g->volume_iops.v > 0)
		put(l, ebs, "iops", mk_int(l, g->volume_iops.v, &g->volume_iops.loc));
	if (data_volume && strcmp(type, "gp3") == 0 && g->volume_throughput.set && g->volume_throughput.v > 0)
		put(l, ebs, "throughput", mk_int(l, g->volume_throughput.v, &g->volume_throughput.loc));
	/* encrypted unless the input says otherwise: the launch templates the modules make are */
	bool enc = !g->volume_encrypted.set || g->volume_encrypted.unknown || g->volume_encrypted.v;
	put(l, ebs, "encrypted", mk_bool(l, enc, g->volume_encrypted.set ? &g->volume_encrypted.loc : loc));
	if (data_volume && enc && sval_ok(&g->volume_kms_key))
		put_str(l, ebs, "kmsKeyID", g->volume_kms_key.s, &g->volume_kms_key.loc);
	if (data_volume && sval_ok(&g->volume_snapshot))
		put_str(l, ebs, "snapshotID", g->volume_snapshot.s, &g->volume_snapshot.loc);
	if (data_volume && g->volume_delete.set && !g->volume_delete.unknown)
		put(l, ebs, "deleteOnTermination", mk_bool(l, g->volume_delete.v, &g->volume_delete.loc));
	return ebs;
}

/*
 * A data volume as the input gives it: only the fields it sets (EC2's
 * defaults for the rest).  A mapping with neither size nor snapshot changes
 * the AMI's own mapping of that device, which keeps the AMI's size: on the
 * family's data device (Bottlerocket's /dev/xvdb) that is `ami_gib`, which
 * the EC2NodeClass must write (it replaces the AMI's mappings); 0: none.
 */
static Value *
data_volume(L *l, const Volume *v, int64_t ami_gib)
{
	Value *m = mk_map(l, &v->loc), *ebs = mk_map(l, &v->loc);
	put_str(l, m, "deviceName", v->device.s, &v->device.loc);
	if (v->size.set && !v->size.unknown && v->size.v > 0)
		put(l, ebs, "volumeSize", mk_str(l, arena_printf(l->a, "%lldGi", (long long)v->size.v), &v->size.loc));
	else if (!v->size.set && !v->snapshot.set && ami_gib > 0)
		put(l, ebs, "volumeSize", mk_str(l, arena_printf(l->a, "%lldGi", (long long)ami_gib), &v->loc));
	if (sval_ok(&v->type))
		put_str(l, ebs, "volumeType", v->type.s, &v->type.loc);
	if (v->iops.set && !v->iops.unknown && v->iops.v > 0)
		put(l, ebs, "iops", mk_int(l, v->iops.v, &v->iops.loc));
	if (v->throughput.set && !v->throughput.unknown && v->throughput.v > 0)
		put(l, ebs, "throughput", mk_int(l, v->throughput.v, &v->throughput.loc));
	bool enc = (v->encrypted.set && !v->encrypted.unknown && v->encrypted.v) || sval_ok(&v->kms_key);
	if (v->encrypted.set && !v->encrypted.unknown)
		put(l, ebs, "encrypted", mk_bool(l, enc, &v->encrypted.loc));
	else if (enc)
		put(l, ebs, "encrypted", mk_bool(l, true, &v->kms_key.loc));
	if (enc && sval_ok(&v->kms_key))
		put_str(l, ebs, "kmsKeyID", v->kms_key.s, &v->kms_key.loc);
	if (sval_ok(&v->snapshot))
		put_str(l, ebs, "snapshotID", v->snapshot.s, &v->snapshot.loc);
	if (v->delete_on_termination.set && !v->delete_on_termination.unknown)
		put(l, ebs, "deleteOnTermination", mk_bool(l, v->delete_on_termination.v, &v->delete_on_termination.loc));
	put(l, m, "ebs", ebs);
	return m;
}

static bool
has_device(const NodeGroup *g, const char *dev)
{
	for (int i = 0; i < g->volumes.n; i++)
		if (sval_ok(&g->volumes.v[i].device) && strcmp(g->volumes.v[i].device.s, dev) == 0)
			return true;
	return false;
}

/* A volume of the family's default size on `dev`: gp3, encrypted (Karpenter's own default mappings). */
static Value *
default_volume(L *l, const char *dev, int64_t gib, const Loc *loc)
{
	Value *m = mk_map(l, loc), *ebs = mk_map(l, loc);
	put_str(l, m, "deviceName", dev, loc);
	put(l, ebs, "volumeSize", mk_str(l, arena_printf(l->a, "%lldGi", (long long)gib), loc));
	put_str(l, ebs, "volumeType", "gp3", loc);
	put(l, ebs, "encrypted", mk_bool(l, true, loc));
	put(l, m, "ebs", ebs);
	return m;
}

const char *
root_device_of(const NodeGroup *g, const AmiSel *s)
{
	const AmiDisks *fd = ami_disks(s);
	/* Bottlerocket's devices are the family's: its root settings name the data volume's size */
	return !fd->data && sval_ok(&g->root_device) ? g->root_device.s : fd->root;
}

/*
 * The root device comes from the AMI family (ami_disks()): /dev/xvda on AL2
 * and AL2023, /dev/sda1 on Windows, or the input's own root device name
 * (eksctl volumeName, a custom AMI's).  Bottlerocket boots from a small OS
 * volume on /dev/xvda and keeps images and pods on its data volume
 * /dev/xvdb: the group's root volume settings size the data volume, as EKS's
 * disk size does, unless they come from a mapping of /dev/xvda itself
 * (root_mapped); then the data volume is the group's /dev/xvdb mapping or
 * the family's default.  Data volumes follow, each on its own device.  A
 * group with data volumes but no root size keeps the family's default root
 * (Karpenter replaces all mappings when any is given).
 */
static Value *
block_devices(L *l, const GInfo *gi, int64_t *root_gib, int64_t *data_gib, bool *data_default)
{
	const NodeGroup *g = gi->g;
	const AmiDisks *fd = ami_disks(&gi->ami);
	const Loc *loc = &g->volume_size.loc;
	Value *list = mk_list(l, loc);
	const char *root = root_device_of(g, &gi->ami);
	int64_t gib = 0;
	Value *bd = mk_map(l, loc);
	if (fd->data && !g->root_mapped) {
		v_list_push(l->a, list, default_volume(l, fd->root, fd->root_gib, loc));
		if (!has_device(g, fd->data)) {
			gib = g->volume_size.set ? g->volume_size.v : fd->data_gib;
			put_str(l, bd, "deviceName", fd->data, loc);
			put(l, bd, "ebs", ebs_volume(l, g, gib, true));
			v_list_push(l->a, list, bd);
			*data_gib = g->volume_size.set ? gib : 0;
		}
	} else {
		gib = g->volume_size.set ? g->volume_size.v : fd->root_gib;
		put_str(l, bd, "deviceName", root, g->root_mapped || sval_ok(&g->root_device) ? &g->root_device.loc : loc);
		put(l, bd, "ebs", ebs_volume(l, g, gib, true));
		v_list_push(l->a, list, bd);
		*root_gib = g->volume_size.set ? gib : 0;
		if (fd->data && !has_device(g, fd->data))
			v_list_push(l->a, list, default_volume(l, fd->data, fd->data_gib, loc));
	}
	for (int i = 0; i < g->volumes.n; i++) {
		const Volume *v = &g->volumes.v[i];
		if (!sval_ok(&v->device) || strcmp(v->device.s, root) == 0)
			continue;
		bool fam_data = fd->data && strcmp(v->device.s, fd->data) == 0;
		v_list_push(l->a, list, data_volume(l, v, fam_data ? fd->data_gib : 0));
		if (fam_data && v->size.set && !v->size.unknown)
			*data_gib = v->size.v;
		else if (fam_data && !v->size.set && !v->snapshot.set) {
			*data_gib = fd->data_gib;
			*data_default = true;
		}
	}
	return list;
}

/* Parts of the user data joined with newlines. */
static void
join_parts(Buf *b, const SList *s)
{
	for (int i = 0; i < s->n; i++) {
		if (!sval_ok(&s->v[i]))
			continue;
		buf_puts(b, s->v[i].s);
		if (!*s->v[i].s || s->v[i].s[strlen(s->v[i].s) - 1] != '\n')
			buf_puts(b, "\n");
	}
}

/*
 * The EC2NodeClass userData, in the form Karpenter merges with its own
 * bootstrap for the family: AL2 and AL2023 a MIME multipart document
 * (NodeConfig parts on AL2023, then one shell script of the commands that
 * ran before bootstrap), Bottlerocket its TOML settings, Windows the
 * PowerShell commands.  NULL: nothing to carry.
 */
static const char *
user_data(L *l, const GInfo *gi)
{
	const NodeGroup *g = gi->g;
	const char *fam = gi->ami.ami_family ? gi->ami.ami_family : "";
	Buf b = { 0 };
	if (strcmp(fam, "Bottlerocket") == 0) {
		join_parts(&b, &g->bottlerocket_toml);
	} else if (gi->ami.windows) {
		join_parts(&b, &g->pre_bootstrap);
	} else if (strcmp(fam, "AL2") == 0 || strcmp(fam, "AL2023") == 0) {
		bool al2023 = strcmp(fam, "AL2023") == 0;
		int nodeadm = al2023 ? g->nodeadm.n : 0;
		if (nodeadm || g->pre_bootstrap.n) {
			buf_puts(&b, "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"//\"\n\n");
			for (int i = 0; i < nodeadm; i++) {
				if (!sval_ok(&g->nodeadm.v[i]))
					continue;
				buf_puts(&b, "--//\nContent-Type: application/node.eks.aws\n\n");
				SList one = { .v = &g->nodeadm.v[i], .n = 1 };
				join_parts(&b, &one);
			}
			if (g->pre_bootstrap.n) {
				buf_puts(&b, "--//\nContent-Type: text/x-shellscript; charset=\"us-ascii\"\n\n");
				if (!sval_ok(&g->pre_bootstrap.v[0]) || strncmp(g->pre_bootstrap.v[0].s, "#!", 2) != 0)
					buf_puts(&b, "#!/bin/bash\n");
				join_parts(&b, &g->pre_bootstrap);
			}
			buf_puts(&b, "--//--\n");
		}
	}
	const char *r = b.len ? arena_strndup(l->a, b.s, b.len) : NULL;
	buf_free(&b);
	return r;
}

typedef VEC(const char *) Ids;

/* Selector terms: one per id the inputs give, else the discovery tag the runbook applies. */
static Value *
selector_terms(L *l, const void *arg)
{
	const Ids *ids = arg;
	const Loc none = { 0 };
	Value *list = mk_list(l, &none);
	for (int i = 0; i < ids->n; i++) {
		Value *t = mk_map(l, &none);
		put_str(l, t, "id", ids->v[i], &none);
		v_list_push(l->a, list, t);
	}
	if (list->n == 0) {
		Value *t = mk_map(l, &none), *tags = mk_map(l, &none);
		put(l, tags, "karpenter.sh/discovery", mk_qstr(l, l->lw->cluster.value, &l->lw->cluster.loc));
		put(l, t, "tags", tags);
		v_list_push(l->a, list, t);
	}
	return list;
}

/*
 * The group's own subnets as selector ids, when every one is a literal id
 * (at most a selector's 30 terms): its nodes then land where the group's
 * did (its zones, public or private, a pinned subnet), and a class is
 * shared only by groups of the same subnets.  Any other group's class
 * selects by the discovery tag, which the runbook's tags phase applies to
 * the subnets of exactly such groups.  Domino's classes select by the tag
 * its Terraform applies (the module's per-AZ contract).
 */
static bool
group_subnet_ids(L *l, const NodeGroup *g, Ids *out)
{
	const SList *s = &g->subnet_ids;
	memset(out, 0, sizeof *out);
	if (l->ir->domino || !s->set || s->unknown || s->n == 0)
		return false;
	StrSet seen = { 0 };
	for (int k = 0; k < s->n; k++) {
		const SVal *id = &s->v[k];
		if (!id->s || id->unknown || !pat_match(PAT_SUBNET_ID, id->s, strlen(id->s)))
			return false;
		if (strset_add(l->a, &seen, id->s))
			VEC_PUSH(l->a, *out, id->s);
	}
	return out->n <= 30;
}

/* The group's extra security groups (literal ids), after the terms every class has. */
static Value *
group_security_groups(L *l, const NodeGroup *g)
{
	Lowered *lw = l->lw;
	Value *base = shared(l, "security-groups", selector_terms, &lw->sg_ids);
	const SList *s = &g->security_groups;
	Value *list = NULL;
	/* the cluster's primary security group: EKS tags it with the cluster's name */
	const BVal *psg = &g->cluster_primary_sg;
	if (psg->set && !psg->unknown && psg->v && !sval_ok(&l->ir->cluster.cluster_sg)) {
		list = mk_list(l, &psg->loc);
		for (int k = 0; k < base->n; k++)
			v_list_push(l->a, list, base->items[k]);
		Value *t = mk_map(l, &psg->loc), *tags = mk_map(l, &psg->loc);
		put(l, tags, "aws:eks:cluster-name", mk_qstr(l, lw->cluster.value, &lw->cluster.loc));
		put(l, t, "tags", tags);
		v_list_push(l->a, list, t);
	}
	for (int i = 0; i < s->n; i++) {
		if (!sval_ok(&s->v[i]) || !pat_match(PAT_SG_ID, s->v[i].s, strlen(s->v[i].s)))
			continue;
		bool have = false;
		for (int k = 0; k < lw->sg_ids.n; k++)
			have |= strcmp(lw->sg_ids.v[k], s->v[i].s) == 0;
		for (int k = 0; list && k < list->n; k++)
			have |= v_is_str(v_get(list->items[k], "id"), s->v[i].s);
		if (have)
			continue;
		if (!list) {
			list = mk_list(l, &s->loc);
			for (int k = 0; k < base->n; k++)
				v_list_push(l->a, list, base->items[k]);
		}
		Value *t = mk_map(l, &s->v[i].loc);
		put_str(l, t, "id", s->v[i].s, &s->v[i].loc);
		v_list_push(l->a, list, t);
	}
	return list ? list : base;
}

static Value *
default_metadata(L *l, const void *arg)
{
	(void)arg;
	const Loc none = { 0 };
	Value *md = mk_map(l, &none);
	put_str(l, md, "httpEndpoint", "enabled", &none);
	put_str(l, md, "httpProtocolIPv6", "disabled", &none);
	put(l, md, "httpPutResponseHopLimit", mk_int(l, 2, &none));
	put_str(l, md, "httpTokens", "required", &none);
	return md;
}

/*
 * The group's interfaces as EC2NodeClass networkInterfaces (resolve_efa()
 * says when): `interface` and `efa-only` as they are; an `efa` interface
 * (ENA and EFA on one interface), which the field has no type for, is an
 * `interface` and an `efa-only` at the next free device of its card, so
 * the card keeps its EFA device and vpc.amazonaws.com/efa (Karpenter counts
 * the efa-only interfaces) its count.  Sorted by card, then device.
 */
static Value *
network_interfaces(L *l, const NodeGroup *g)
{
	typedef struct { int64_t card, device; const char *type; const Loc *loc; } Ni;
	Ni *v = arena_alloc(l->a, (size_t)(2 * g->netifs.n + 1) * sizeof *v);
	int n = 0;
	for (int i = 0; i < g->netifs.n; i++) {
		const NetIf *x = &g->netifs.v[i];
		bool efa = strcmp(x->type, "efa") == 0;
		v[n++] = (Ni){ x->card, x->device, efa ? "interface" : x->type, &x->loc };
	}
	for (int i = 0; i < g->netifs.n; i++) {
		const NetIf *x = &g->netifs.v[i];
		if (strcmp(x->type, "efa") != 0)
			continue;
		int64_t d = x->device + 1;
		for (int k = 0; k < n; k++)
			if (v[k].card == x->card && v[k].device == d)
				d++, k = -1;    /* taken: the next one, checked from the start */
		v[n++] = (Ni){ x->card, d, "efa-only", &x->loc };
	}
	for (int i = 1; i < n; i++)     /* insertion sort: a few dozen at most */
		for (int k = i; k > 0 && (v[k - 1].card > v[k].card ||
		    (v[k - 1].card == v[k].card && v[k - 1].device > v[k].device)); k--) {
			Ni t = v[k];
			v[k] = v[k - 1];
			v[k - 1] = t;
		}
	Value *list = mk_list(l, &g->netif_custom.loc);
	for (int i = 0; i < n; i++) {
		Value *m = mk_map(l, v[i].loc);
		put(l, m, "networkCardIndex", mk_int(l, v[i].card, v[i].loc));
		put(l, m, "deviceIndex", mk_int(l, v[i].device, v[i].loc));
		put_str(l, m, "interfaceType", v[i].type, v[i].loc);
		v_list_push(l->a, list, m);
	}
	return list;
}

/* s with each "${CLUSTER_NAME}" the cluster's name (itself that placeholder when no input or option gives it) */
static const char *
with_cluster(L *l, const char *s)
{
	static const char ph[] = "${CLUSTER_NAME}";
	Buf b = { 0 };
	for (const char *p; (p = strstr(s, ph)); s = p + sizeof ph - 1) {
		buf_printf(&b, "%.*s", (int)(p - s), s);
		buf_puts(&b, l->lw->cluster.value);
	}
	buf_puts(&b, s);
	const char *out = arena_strdup(l->a, b.s ? b.s : "");
	buf_free(&b);
	return out;
}

/* A node's tags from `from` into the EC2NodeClass's map, a key already there kept; an expression KG109. */
static void
add_tags(L *l, Value *tags, const NodeGroup *g, const KVList *from, bool report)
{
	if (from->set && from->unknown && report && !l->quiet) {
		Diag *d = diag(KG109, &from->loc, "the tags of '%s' are the expression '%s', which karpgen cannot evaluate offline",
		    g->name.s, from->expr ? expr_brief(l->a, from->expr) : "?");
		diag_note(d, NULL, "the EC2NodeClass leaves them out; add them by hand if the nodes need them");
	}
	for (int i = 0; i < from->n; i++) {
		const KV *kv = &from->v[i];
		if (!kv->key.s || kv->key.unknown || !kv->value.s || kv->value.unknown) {
			if (l->quiet || !report)
				continue;
			Diag *d = diag(KG109, kv->key.unknown || !kv->key.s ? &kv->key.loc : &kv->value.loc,
			    "a tag of '%s' is an expression karpgen cannot evaluate offline", g->name.s);
			diag_note(d, NULL, "the EC2NodeClass leaves it out; add it by hand if the nodes need it");
			continue;
		}
		if (tag_dropped(kv->key.s) || v_get(tags, kv->key.s))
			continue;
		put(l, tags, kv->key.s, mk_qstr(l, kv->value.s, &kv->value.loc));
	}
}

/*
 * Where a custom AMI's family came from when no input named it, for
 * REPORT.md: the bootstrap found in the user data (its location), the
 * front-end's default, the AMI type, or --ami-family.
 */
static const char *
family_why(L *l, const SVal *f, const NodeGroup *g)
{
	if (!f)
		return "";
	if (f == &g->ami_type)
		return arena_printf(l->a, ", by its AMI type %s", f->s);
	if (f->origin == ORIGIN_OPTION)
		return ", by --ami-family";
	if (f->origin == ORIGIN_DEFAULT)
		return arena_printf(l->a, ", the default of %s", g->defaults_from ? g->defaults_from : "the module");
	if (f->origin == ORIGIN_DERIVED && f->loc.file)
		return arena_printf(l->a, ", by the bootstrap in the user data at %s:%d:%d", f->loc.file->name,
		    f->loc.line, f->loc.col);
	return "";
}

static Value *
nodeclass_spec(L *l, GInfo *gi, const char **ami_desc, const char **alias_out, int64_t *root_gib, int64_t *data_gib,
    bool *data_default)
{
	NodeGroup *g = gi->g;
	Lowered *lw = l->lw;
	Value *spec = mk_map(l, &g->loc);
	const Loc *aloc = gi->ami.loc && gi->ami.loc->file ? gi->ami.loc : &g->loc;
	if (gi->ami.ami_id) {
		put_str(l, spec, "amiFamily", gi->ami.ami_family, aloc);
		Value *terms = mk_list(l, aloc), *t = mk_map(l, aloc);
		put_str(l, t, "id", gi->ami.ami_id, aloc);
		v_list_push(l->a, terms, t);
		put(l, spec, "amiSelectorTerms", terms);
		*ami_desc = arena_printf(l->a, "id %s (%s%s)", gi->ami.ami_id, gi->ami.ami_family,
		    family_why(l, gi->ami.family_from, g));
	} else if (gi->ami.full_name && full_minor(l->ir) >= 0) {
		/*
		 * Windows Full: no alias serves it; its EKS-optimized AMI by name for
		 * the cluster's Kubernetes version (Karpenter takes the newest match),
		 * the family for the user data.  Without a version,
		 * resolve_target_gates() lists the Core AMI as not carried.
		 */
		put_str(l, spec, "amiFamily", gi->ami.ami_family, aloc);
		const char *name = arena_printf(l->a, "%s-1.%d-*", gi->ami.full_name, full_minor(l->ir));
		Value *terms = mk_list(l, aloc), *t = mk_map(l, aloc);
		put_str(l, t, "name", name, aloc);
		put_str(l, t, "owner", "amazon", aloc);
		v_list_push(l->a, terms, t);
		put(l, spec, "amiSelectorTerms", terms);
		*ami_desc = arena_printf(l->a, "name %s (Windows Full, newest; %s)", name, gi->ami.ami_family);
	} else if (lw->v1) {
		/* an @latest alias is KG230 from the schema check of the emitted manifest */
		const char *alias = alias_for(l, g, gi->ami.alias_family);
		Value *terms = mk_list(l, aloc), *t = mk_map(l, aloc);
		put_str(l, t, "alias", alias, aloc);
		v_list_push(l->a, terms, t);
		put(l, spec, "amiSelectorTerms", terms);
		*ami_desc = arena_printf(l->a, "alias %s", alias);
		*alias_out = alias;
	} else {
		/*
		 * v1beta1 has no alias: the family alone selects the newest EKS-optimized
		 * AMI (check_kit_amis(): KG305 for a family the target lacks;
		 * check_kit_alias_pins(): KG230)
		 */
		put_str(l, spec, "amiFamily", gi->ami.ami_family, aloc);
		*ami_desc = arena_printf(l->a, "family %s (newest)", gi->ami.ami_family);
	}
	put_str(l, spec, "role", lw->node_role, &g->loc);

	/* subnets and security groups: ids where the inputs have them, else the discovery tag */
	Ids own;
	if (group_subnet_ids(l, g, &own))
		put(l, spec, "subnetSelectorTerms", selector_terms(l, &own));
	else
		put(l, spec, "subnetSelectorTerms", shared(l, "subnets", selector_terms, &(Ids){ 0 }));
	put(l, spec, "securityGroupSelectorTerms", group_security_groups(l, g));
	if (g->public_ip.set && !g->public_ip.unknown && kv_has(&l->o->kv, KF_PUBLIC_IP))
		put(l, spec, "associatePublicIPAddress", mk_bool(l, g->public_ip.v, &g->public_ip.loc));

	if (g->volume_size.set || sval_ok(&g->volume_snapshot) || g->volumes.n)
		put(l, spec, "blockDeviceMappings", block_devices(l, gi, root_gib, data_gib, data_default));
	if (g->instance_store_raid0.set && !g->instance_store_raid0.unknown && g->instance_store_raid0.v &&
	    kv_has(&l->o->kv, KF_INSTANCE_STORE))
		put_str(l, spec, "instanceStorePolicy", "RAID0", &g->instance_store_raid0.loc);
	if (g->cr_ids.n && kv_has(&l->o->kv, KF_CAPACITY_RESERVATION)) {
		/* the group's targeted reservations, by id (an id term takes no other field) */
		Value *terms = mk_list(l, &g->cr_ids.loc);
		for (int i = 0; i < g->cr_ids.n; i++) {
			Value *t = mk_map(l, &g->cr_ids.v[i].loc);
			put_str(l, t, "id", g->cr_ids.v[i].s, &g->cr_ids.v[i].loc);
			v_list_push(l->a, terms, t);
		}
		put(l, spec, "capacityReservationSelectorTerms", terms);
	}
	if ((sval_ok(&g->pg_id) || sval_ok(&g->pg_name)) && kv_has(&l->o->kv, KF_PLACEMENT_GROUP)) {
		/* one group per class, by id where the input has one (ld_placement()); groups in
		 * different placement groups get different classes (nodeclass_for() compares content) */
		const SVal *pg = sval_ok(&g->pg_id) ? &g->pg_id : &g->pg_name;
		Value *sel = mk_map(l, &pg->loc);
		put_str(l, sel, pg == &g->pg_id ? "id" : "name", pg->s, &pg->loc);
		put(l, spec, "placementGroupSelector", sel);
	}
	if (g->netif_custom.set && g->netif_custom.v && kv_has(&l->o->kv, KF_NETWORK_INTERFACES))
		put(l, spec, "networkInterfaces", network_interfaces(l, g));
	const char *ud = user_data(l, gi);
	if (ud)
		put(l, spec, "userData", mk_str(l, ud, &g->loc));
	if (g->detailed_monitoring.set && !g->detailed_monitoring.unknown && g->detailed_monitoring.v)
		put(l, spec, "detailedMonitoring", mk_bool(l, true, &g->detailed_monitoring.loc));

	/*
	 * IMDS as the group's launch template has it; else IMDSv2 with hop limit 2,
	 * what the modules' launch templates and EKS set (docs/compile.md)
	 */
	const SVal *ep = &g->metadata_http_endpoint, *tok = &g->metadata_http_tokens;
	bool ep_ok = sval_ok(ep) && (strcmp(ep->s, "enabled") == 0 || strcmp(ep->s, "disabled") == 0);
	bool tok_ok = sval_ok(tok) && (strcmp(tok->s, "required") == 0 || strcmp(tok->s, "optional") == 0);
	bool hop_ok = g->metadata_hop_limit.set && !g->metadata_hop_limit.unknown &&
	    g->metadata_hop_limit.v >= 1 && g->metadata_hop_limit.v <= 64;
	const SVal *v6 = &g->metadata_http_ipv6;
	bool v6_ok = sval_ok(v6) && (strcmp(v6->s, "enabled") == 0 || strcmp(v6->s, "disabled") == 0);
	if (!ep_ok && !tok_ok && !hop_ok && !v6_ok) {
		put(l, spec, "metadataOptions", shared(l, "metadata", default_metadata, NULL));
	} else {
		Value *md = mk_map(l, &g->loc);
		put_str(l, md, "httpEndpoint", ep_ok ? ep->s : "enabled", ep_ok ? &ep->loc : &g->loc);
		put_str(l, md, "httpProtocolIPv6", v6_ok ? v6->s : "disabled", v6_ok ? &v6->loc : &g->loc);
		put(l, md, "httpPutResponseHopLimit", mk_int(l, hop_ok ? g->metadata_hop_limit.v : 2,
		    hop_ok ? &g->metadata_hop_limit.loc : &g->loc));
		put_str(l, md, "httpTokens", tok_ok ? tok->s : "required", tok_ok ? &tok->loc : &g->loc);
		put(l, spec, "metadataOptions", md);
	}

	Value *kubelet = lw->v1 ? kubelet_block(l, g) : NULL;
	if (kubelet)
		put(l, spec, "kubelet", kubelet);

	/* the group's own tags, then those the tool that made the cluster put on every node under them
	 * (the first of a key wins: the module's merge(var.tags, each.value.tags), eksctl's) */
	Value *tags = mk_map(l, &g->tags.loc);
	/* the Name a module gave the instances with the cluster's name in it, over the group's own
	 * tags as the module's merge puts it; the cluster's placeholder is the runbook's to fill */
	if (sval_ok(&g->name_tag))
		put(l, tags, "Name", mk_qstr(l, with_cluster(l, g->name_tag.s), &g->name_tag.loc));
	add_tags(l, tags, g, &g->tags, true);
	add_tags(l, tags, g, &l->ir->cluster.node_tags, false);  /* its expressions: the loader's KG109, once */
	if (tags->n)
		put(l, spec, "tags", tags);
	return spec;
}

/*
 * The group's node class, shared with every group whose content is equal.
 * The candidate is built in a scratch arena and compared by its canonical
 * text; only a new class is built again in the run's arena (quietly: its
 * diagnostics were reported the first time), so that 2,000 groups with a
 * few hundred classes do not keep 2,000 specs.
 */
static LNodeClass *
nodeclass_for(L *l, GInfo *gi, LNodePool *p, SMap *by_content, Arena **scratch)
{
	const char *desc = NULL, *alias = NULL;
	l->a = *scratch;
	int64_t root_gib = 0, data_gib = 0;
	bool data_default = false;
	Value *spec = nodeclass_spec(l, gi, &desc, &alias, &root_gib, &data_gib, &data_default);
	l->a = l->main;
	Buf b = { 0 };
	canon(&b, spec);
	buf_add(&b, "", 1);
	LNodeClass *nc = smap_get(by_content, b.s);
	if (!nc) {
		bool q = l->quiet;
		l->quiet = true;
		spec = nodeclass_spec(l, gi, &desc, &alias, &root_gib, &data_gib, &data_default);
		l->quiet = q;
		nc = arena_alloc(l->a, sizeof *nc);
		nc->name = p->name;
		nc->first = gi->g;
		Ids own;
		nc->subnets_by_id = group_subnet_ids(l, gi->g, &own);
		nc->ami = desc;
		nc->alias = alias;
		nc->volume_gib = root_gib;
		nc->volume_snapshot = sval_ok(&gi->g->volume_snapshot) ? gi->g->volume_snapshot.s : NULL;
		nc->data_gib = data_gib;
		nc->data_default = data_default;
		Value *doc = mk_map(l, &gi->g->loc);
		put_str(l, doc, "apiVersion", l->lw->v1 ? "karpenter.k8s.aws/v1" : "karpenter.k8s.aws/v1beta1",
		    &gi->g->loc);
		put_str(l, doc, "kind", "EC2NodeClass", &gi->g->loc);
		Value *md = mk_map(l, &gi->g->loc);
		put_str(l, md, "name", nc->name, &gi->g->name.loc);
		put(l, doc, "metadata", md);
		put(l, doc, "spec", spec);
		nc->doc = doc;
		smap_put(l->a, by_content, arena_strndup(l->a, b.s, b.len - 1), nc);
		VEC_PUSH(l->a, l->lw->classes, nc);
	}
	buf_free(&b);
	VEC_PUSH(l->a, nc->pools, p);
	/* the scratch values are garbage now; start afresh now and then to bound them */
	if (arena_used(*scratch) > (4u << 20))
		arena_reset(*scratch);
	return nc;
}

/* ------------------------------------------------------------- node pools */

static void
req(L *l, Value *list, const char *key, const char *op, const char *const *vals, int n, const Loc *loc)
{
	Value *r = mk_map(l, loc);
	put_str(l, r, "key", key, loc);
	put_str(l, r, "operator", op, loc);
	Value *vl = mk_list(l, loc);
	for (int i = 0; i < n; i++)
		v_list_push(l->a, vl, mk_qstr(l, vals[i], loc));
	put(l, r, "values", vl);
	v_list_push(l->a, list, r);
}

typedef struct ReqArg {
	const char *key, *op;
	const char *const *vals;
	int n;
} ReqArg;

static Value *
make_req(L *l, const void *arg)
{
	const ReqArg *r = arg;
	const Loc none = { 0 };
	Value *list = mk_list(l, &none);
	req(l, list, r->key, r->op, r->vals, r->n, &none);
	return list->items[0];
}

/* A requirement of constant values (arch, os, capacity type): shared by every NodePool. */
static void
req_const(L *l, Value *list, const char *key, const char *const *vals, int n)
{
	Buf b = { 0 };
	buf_puts(&b, "req|");
	buf_puts(&b, key);
	for (int i = 0; i < n; i++) {
		buf_puts(&b, "|");
		buf_puts(&b, vals[i]);
	}
	ReqArg r = { key, "In", vals, n };
	v_list_push(l->a, list, shared(l, b.s, make_req, &r));
	buf_free(&b);
}

static void
req_list(L *l, Value *list, const char *key, const SList *s)
{
	Value *r = mk_map(l, &s->loc);
	put_str(l, r, "key", key, &s->loc);
	put_str(l, r, "operator", "In", &s->loc);
	Value *vl = mk_list(l, &s->loc);
	StrSet seen = { 0 };
	for (int i = 0; i < s->n; i++)
		if (strset_add(l->a, &seen, s->v[i].s))
			v_list_push(l->a, vl, mk_qstr(l, s->v[i].s, &s->v[i].loc));
	put(l, r, "values", vl);
	v_list_push(l->a, list, r);
}

static void
req_int(L *l, Value *list, const char *key, const char *op, int64_t v, const Loc *loc)
{
	const char *s = arena_printf(l->a, "%lld", (long long)v);
	req(l, list, key, op, &s, 1, loc);
}

/*
 * --widen-spot: the group's categories at their generation or newer (families,
 * for accelerators), from its smallest size up to twice its largest, never
 * below its smallest memory: more spot pools, the same workloads fit.
 */
static void
widen(L *l, Value *list, const GInfo *gi)
{
	const SList *types = &gi->g->instance_types;
	StrSet cats = { 0 }, fams = { 0 };
	int mincpu = 0, maxcpu = 0, mingen = 0;
	int64_t minmem = 0;
	/* resolve.c derived it once from the same catalogue entries (the group's types the catalogue knows) */
	bool accel = gi->g->accel != ACCEL_NONE;
	for (int i = 0; i < gi->types.n; i++) {
		const InstanceType *t = gi->types.v[i];
		strset_add(l->a, &cats, t->category);
		strset_add(l->a, &fams, t->family);
		if (!i || t->vcpu < mincpu)
			mincpu = t->vcpu;
		if (!i || t->vcpu > maxcpu)
			maxcpu = t->vcpu;
		if (!i || t->generation < mingen)
			mingen = t->generation;
		if (!i || t->memory_mib < minmem)
			minmem = t->memory_mib;
	}
	if (accel) {
		req(l, list, "karpenter.k8s.aws/instance-family", "In", fams.list.v, fams.list.n, &types->loc);
	} else {
		req(l, list, "karpenter.k8s.aws/instance-category", "In", cats.list.v, cats.list.n, &types->loc);
		req_int(l, list, "karpenter.k8s.aws/instance-generation", "Gt", mingen - 1, &types->loc);
	}
	req_int(l, list, "karpenter.k8s.aws/instance-cpu", "Gt", mincpu - 1, &types->loc);
	req_int(l, list, "karpenter.k8s.aws/instance-cpu", "Lt", 2 * maxcpu + 1, &types->loc);
	/* the memory floor keeps pods that fit the group's smallest type schedulable (KG505) */
	req_int(l, list, "karpenter.k8s.aws/instance-memory", "Gt", minmem - 1, &types->loc);
}

static const char *
quantity_mib(L *l, int64_t mib)
{
	return mib % 1024 == 0 ? arena_printf(l->a, "%lldGi", (long long)(mib / 1024)) :
	    arena_printf(l->a, "%lldMi", (long long)mib);
}

static bool
is_startup_taint(const char *key)
{
	return in_list(key, startup_taint_keys, sizeof startup_taint_keys / sizeof *startup_taint_keys);
}

static Value *
taint_list(L *l, const NodeGroup *g, bool startup, StrSet *seen)
{
	Value *list = mk_list(l, &g->loc);
	for (int i = 0; i < g->taints.n; i++) {
		const Taint *t = &g->taints.v[i];
		if (is_startup_taint(t->key.s) != startup)
			continue;
		const char *eff = k8s_effect(t->effect.s);
		/* Karpenter refuses two taints with one key and effect */
		if (!strset_add(l->a, seen, arena_printf(l->a, "%s:%s", t->key.s, eff)))
			continue;
		Value *m = mk_map(l, &t->loc);
		put_str(l, m, "key", t->key.s, &t->key.loc);
		if (t->value.s && *t->value.s)
			put(l, m, "value", mk_qstr(l, t->value.s, &t->value.loc));
		put_str(l, m, "effect", eff, &t->effect.loc);
		v_list_push(l->a, list, m);
	}
	return list;
}

/*
 * The NodePool's limits: what its groups' maximum sizes allowed.  A group
 * whose types count for capacity units (type_weights: WeightedCapacity) has
 * its sizes in units, and EC2 Auto Scaling goes above MaxSize by less than
 * one instance's weight: ceil(MaxSize / weight) instances of a type at most,
 * so the group allowed the most of the type whose instances, so many, are
 * the largest (each of cpu, memory, nodes on its own: an upper bound).  Any
 * other group: MaxSize instances of the pool's largest type.  A weighted
 * type the catalogue lacks makes that group count MaxSize instances.
 */
static void
pool_limits(LNodePool *p, const GInfo *gi)
{
	p->max_nodes = 0;
	p->units = false;
	int64_t cpu = 0, mem = 0;      /* the pool's largest type */
	for (int i = 0; i < gi->types.n; i++) {
		if (gi->types.v[i]->vcpu > cpu)
			cpu = gi->types.v[i]->vcpu;
		if (gi->types.v[i]->memory_mib > mem)
			mem = gi->types.v[i]->memory_mib;
	}
	int64_t tcpu = 0, tmem = 0;
	for (int i = 0; i < p->groups.n; i++) {
		const NodeGroup *g = p->groups.v[i];
		if (!g->max_size.set || g->max_size.unknown) {
			p->max_nodes = -1;
			break;
		}
		int64_t per = g->per_az && g->zones.n > 0 ? g->zones.n : 1;
		int64_t nodes = 0, gcpu = 0, gmem = 0;
		bool weighted = g->type_weights.n > 0 && g->type_weights.n == g->instance_types.n;
		for (int k = 0; weighted && k < g->type_weights.n; k++) {
			const InstanceType *it = sval_ok(&g->instance_types.v[k]) ? catalog_find(g->instance_types.v[k].s) : NULL;
			int64_t w = g->type_weights.v[k].v;
			if (!it || w < 1) {
				weighted = false;
				break;
			}
			int64_t n = g->max_size.v <= 0 ? 0 : (g->max_size.v + w - 1) / w;
			if (n > nodes)
				nodes = n;
			if (n * it->vcpu > gcpu)
				gcpu = n * it->vcpu;
			if (n * it->memory_mib > gmem)
				gmem = n * it->memory_mib;
		}
		if (!weighted) {
			nodes = g->max_size.v;
			gcpu = nodes * cpu;
			gmem = nodes * mem;
		}
		p->units |= weighted;
		p->max_nodes += nodes * per;
		tcpu += gcpu * per;
		tmem += gmem * per;
	}
	p->cpu = p->memory_mib = -1;
	if (p->max_nodes < 0 || gi->types.n == 0)
		return;
	p->cpu = tcpu;
	p->memory_mib = tmem;
}

/* A Domino group that runs workloads (compute, GPU, custom pools): any but the platform pool. */
static bool
domino_workload(const L *l, const NodeGroup *g)
{
	if (!l->lw->ir->domino)
		return false;
	for (int i = 0; i < g->labels.n; i++)
		if (g->labels.v[i].key.s && strcmp(g->labels.v[i].key.s, "dominodatalab.com/node-pool") == 0)
			return !g->labels.v[i].value.s || strcmp(g->labels.v[i].value.s, "platform") != 0;
	return true;
}

/*
 * Consolidation as the Cluster Autoscaler did it: empty or underutilized nodes after 10m.
 * `arg` non-NULL: empty nodes only, for Domino's workload pools, whose workspaces and jobs an
 * underutilized-node consolidation would evict (Domino's own Karpenter templates use WhenEmpty).
 */
typedef struct DisruptionOf {
	bool when_empty;
	const char *expire;     /* v1beta1's disruption.expireAfter: pool_expire() */
} DisruptionOf;

static Value *
disruption(L *l, const void *arg)
{
	const DisruptionOf *o = arg;
	const Loc none = { 0 };
	Value *dis = mk_map(l, &none);
	if (o->when_empty) {
		put_str(l, dis, "consolidationPolicy", "WhenEmpty", &none);
		put_str(l, dis, "consolidateAfter", "10m", &none);
		if (!l->lw->v1)
			put_str(l, dis, "expireAfter", o->expire, &none);
	} else if (l->lw->v1) {
		put_str(l, dis, "consolidationPolicy", "WhenEmptyOrUnderutilized", &none);
		put_str(l, dis, "consolidateAfter", "10m", &none);
	} else {
		put_str(l, dis, "consolidationPolicy", "WhenUnderutilized", &none);
		put_str(l, dis, "expireAfter", o->expire, &none);
	}
	if (kv_has(&l->o->kv, KF_BUDGETS)) {
		Value *budgets = mk_list(l, &none), *b = mk_map(l, &none);
		put(l, b, "nodes", mk_qstr(l, "10%", &none));
		v_list_push(l->a, budgets, b);
		put(l, dis, "budgets", budgets);
	}
	return dis;
}

/*
 * The NodePool's expireAfter: the shortest maximum instance lifetime of its
 * groups (eksctl maxInstanceLifetime, the ASG's max_instance_lifetime, in
 * seconds; 0 is none), so no node lives longer on Karpenter than it did in
 * its group; else Never: node groups never expired their nodes, and no
 * forced rotation should start during the migration.  `*at`: its location.
 */
static const char *
pool_expire(L *l, const LNodePool *p, const Loc **at)
{
	const IVal *best = NULL;
	for (int i = 0; i < p->groups.n; i++) {
		const IVal *v = &p->groups.v[i]->max_lifetime;
		if (v->set && !v->unknown && v->v > 0 && (!best || v->v < best->v))
			best = v;
	}
	if (!best)
		return "Never";
	*at = &best->loc;
	long long s = (long long)best->v;
	/* in the run's arena: the shared v1beta1 disruption outlives this document's */
	return s % 3600 == 0 ? arena_printf(l->main, "%lldh", s / 3600) : arena_printf(l->main, "%llds", s);
}

static Value *
pool_doc(L *l, const LNodePool *p, const GInfo *gi)
{
	NodeGroup *g = gi->g;
	Lowered *lw = l->lw;
	const Loc *gl = &g->loc;
	Value *doc = mk_map(l, gl);
	put_str(l, doc, "apiVersion", lw->v1 ? "karpenter.sh/v1" : "karpenter.sh/v1beta1", gl);
	put_str(l, doc, "kind", "NodePool", gl);
	Value *md = mk_map(l, gl);
	put_str(l, md, "name", p->name, &g->name.loc);
	put(l, doc, "metadata", md);
	Value *spec = mk_map(l, gl), *tmpl = mk_map(l, gl), *ts = mk_map(l, gl);
	put(l, doc, "spec", spec);
	put(l, spec, "template", tmpl);

	Value *labels = mk_map(l, &g->labels.loc);
	for (int i = 0; i < g->labels.n; i++) {
		const KV *kv = &g->labels.v[i];
		/* the EKS capacity label becomes the capacity-type requirement */
		if (strcmp(kv->key.s, "eks.amazonaws.com/capacityType") == 0 || v_get(labels, kv->key.s))
			continue;
		put(l, labels, kv->key.s, mk_qstr(l, kv->value.s, &kv->value.loc));
	}
	if (labels->n) {
		Value *tm = mk_map(l, &g->labels.loc);
		put(l, tm, "labels", labels);
		put(l, tmpl, "metadata", tm);
	}
	put(l, tmpl, "spec", ts);

	Value *ref = mk_map(l, gl);
	if (lw->v1) {
		put_str(l, ref, "group", "karpenter.k8s.aws", gl);
		put_str(l, ref, "kind", "EC2NodeClass", gl);
	} else {
		put_str(l, ref, "apiVersion", "karpenter.k8s.aws/v1beta1", gl);
		put_str(l, ref, "kind", "EC2NodeClass", gl);
	}
	put_str(l, ref, "name", p->nc->name, gl);
	put(l, ts, "nodeClassRef", ref);

	Value *reqs = mk_list(l, &g->instance_types.loc);
	StrSet arch = { 0 };
	for (int i = 0; i < gi->types.n; i++)
		strset_add(l->a, &arch, gi->types.v[i]->arch == ARCH_ARM64 ? "arm64" : "amd64");
	if (gi->types.n < g->instance_types.n) {
		/* types the catalogue does not know: the AMI type still tells the architecture */
		const char *t = sval_ok(&g->ami_type) ? g->ami_type.s : "";
		if (strstr(t, "ARM"))
			strset_add(l->a, &arch, "arm64");
		else if (strstr(t, "x86_64"))
			strset_add(l->a, &arch, "amd64");
		else
			arch.list.n = 0;
	}
	if (arch.list.n)
		req_const(l, reqs, "kubernetes.io/arch", arch.list.v, arch.list.n);
	const char *os = gi->ami.windows ? "windows" : "linux";
	req_const(l, reqs, "kubernetes.io/os", &os, 1);
	if (g->cr_ids.n && kv_has(&l->o->kv, KF_CAPACITY_RESERVATION)) {
		/*
		 * a targeted reservation: Karpenter launches into it first (reserved)
		 * and, as the ASG did when the reservation was full, on demand, unless
		 * the preference was capacity-reservations-only
		 */
		static const char *const caps[] = { "reserved", "on-demand", "spot" };
		int n = g->cr_only.v ? 1 : strcmp(gi->capacity, "mixed") == 0 ? 3 : 2;
		req_const(l, reqs, "karpenter.sh/capacity-type", caps, n);
	} else if (strcmp(gi->capacity, "mixed") == 0) {
		static const char *const both[] = { "on-demand", "spot" };
		req_const(l, reqs, "karpenter.sh/capacity-type", both, 2);
	} else {
		req_const(l, reqs, "karpenter.sh/capacity-type", &gi->capacity, 1);
	}
	if (sval_ok(&g->tenancy) && kv_has(&l->o->kv, KF_TENANCY)) {
		/* the only tenancy ld_placement() keeps is dedicated; Karpenter launches dedicated
		 * instances when the NodePool requires it (default otherwise) */
		const char *ten = g->tenancy.s;
		req(l, reqs, "karpenter.k8s.aws/instance-tenancy", "In", &ten, 1, &g->tenancy.loc);
	}
	if (g->pg_partition.set && !g->pg_partition.unknown && kv_has(&l->o->kv, KF_PLACEMENT_GROUP)) {
		/* the partition the launch template pinned; else EC2 picks one per launch */
		const char *part = arena_printf(l->a, "%lld", (long long)g->pg_partition.v);
		req(l, reqs, "karpenter.k8s.aws/placement-group-partition", "In", &part, 1, &g->pg_partition.loc);
	}
	if (p->widened) {
		widen(l, reqs, gi);
	} else {
		req_list(l, reqs, "node.kubernetes.io/instance-type", &g->instance_types);
	}
	if (gi->zone_key) {
		/* folded per-AZ copies: the union of their zones */
		SList all = *gi->zones;
		if (p->groups.n > 1) {
			VEC(SVal) z = { 0 };
			for (int i = 0; i < p->groups.n; i++) {
				const NodeGroup *c = p->groups.v[i];
				SList spelled = ng_zones_as(l->ir, c, strcmp(gi->zone_key, "topology.k8s.aws/zone-id") == 0);
				const SList *cz = spelled.n ? &spelled : &c->zones;
				for (int k = 0; k < cz->n; k++)
					VEC_PUSH(l->a, z, cz->v[k]);
			}
			all.v = z.v;
			all.n = z.n;
		}
		req_list(l, reqs, gi->zone_key, &all);
	}
	put(l, ts, "requirements", reqs);

	StrSet seen = { 0 };
	Value *taints = taint_list(l, g, false, &seen), *startup = taint_list(l, g, true, &seen);
	if (taints->n)
		put(l, ts, "taints", taints);
	if (startup->n)
		put(l, ts, "startupTaints", startup);
	const Loc *el = gl;
	const char *expire = pool_expire(l, p, &el);
	if (lw->v1) {
		put_str(l, ts, "expireAfter", expire, el);
	} else {
		Value *kubelet = kubelet_block(l, g);
		if (kubelet)
			put(l, ts, "kubelet", kubelet);
	}

	DisruptionOf dof = { .when_empty = domino_workload(l, g), .expire = expire };
	put(l, spec, "disruption", shared(l, arena_printf(l->a, "disruption%s-%s", dof.when_empty ? "-when-empty" : "",
	    expire), disruption, &dof));

	const Loc *ml = g->max_size.set ? &g->max_size.loc : gl;
	if (p->cpu >= 0) {
		Value *lim = mk_map(l, ml);
		put(l, lim, "cpu", mk_qstr(l, arena_printf(l->a, "%lld", (long long)p->cpu), ml));
		put(l, lim, "memory", mk_qstr(l, quantity_mib(l, p->memory_mib), ml));
		int gpus = 0;
		for (int i = 0; i < gi->types.n; i++)
			if (type_accel(gi->types.v[i]) == ACCEL_NVIDIA && gi->types.v[i]->gpu_count > gpus)
				gpus = gi->types.v[i]->gpu_count;
		if (gpus)
			put(l, lim, "nvidia.com/gpu", mk_qstr(l, arena_printf(l->a, "%lld",
			    (long long)gpus * p->max_nodes), ml));
		put(l, spec, "limits", lim);
	}
	return doc;
}

/* What the report and the runbook need of a pool: capacity, widening, limits (check_pool_limits()). */
static void
pool_facts(L *l, LNodePool *p, const GInfo *gi)
{
	const NodeGroup *g = gi->g;
	p->capacity = gi->capacity;
	p->reserved = g->cr_ids.n && kv_has(&l->o->kv, KF_CAPACITY_RESERVATION) ? 1 + (g->cr_only.v ? 1 : 0) : 0;
	p->widened = l->o->widen_spot && strcmp(gi->capacity, "on-demand") != 0 &&
	    gi->types.n == g->instance_types.n && gi->types.n > 0;
	pool_limits(p, gi);
}

Value *
lower_pool_doc(const Lowered *lw, const LNodePool *p, Arena *a)
{
	L l = { .ir = lw->ir, .a = a, .main = lw->ir->arena, .o = lw->ir->opt, .lw = (Lowered *)lw,
		.quiet = true, .shared = lw->shared };
	return pool_doc(&l, p, p->src);
}

/* ------------------------------------------------------------- the pass */

/*
 * What helm/values.yaml's affinity selects the controller's nodes by: a label
 * every home group carries (its key, the values), else the node-group name
 * label where exact.  False when there is none (check_home_selector(): KG504).
 */
static bool
home_selector(Lowered *lw, const char **key, StrVec *vals)
{
	Arena *a = lw->ir->arena;
	const NodeGroup *first = lw->home.v[0];
	for (int i = 0; i < first->labels.n; i++) {
		const KV *kv = &first->labels.v[i];
		if (!kv->key.s || kv->key.unknown)
			continue;
		bool all = true;
		vals->n = 0;
		for (int h = 0; h < lw->home.n && all; h++) {
			const NodeGroup *g = lw->home.v[h];
			const char *v = NULL;
			for (int k = 0; k < g->labels.n; k++)
				if (g->labels.v[k].key.s && strcmp(g->labels.v[k].key.s, kv->key.s) == 0 &&
				    !g->labels.v[k].value.unknown)
					v = g->labels.v[k].value.s;
			if (!v) {
				all = false;
				break;
			}
			bool seen = false;
			for (int k = 0; k < vals->n; k++)
				seen |= strcmp(vals->v[k], v) == 0;
			if (!seen)
				VEC_PUSH(a, *vals, v);
		}
		if (all) {
			*key = kv->key.s;
			return true;
		}
	}
	/* sources whose group name is the node's label value exactly (no generated prefix or suffix) */
	vals->n = 0;
	const char *k = NULL;
	for (int h = 0; h < lw->home.n; h++) {
		const NodeGroup *g = lw->home.v[h];
		const char *gk = NULL;
		if (g->source == NGS_EKSCTL)
			gk = g->self_managed ? "alpha.eksctl.io/nodegroup-name" : "eks.amazonaws.com/nodegroup";
		else if ((g->source == NGS_AWS_CLI || g->source == NGS_TF_RESOURCE) && !g->self_managed)
			gk = "eks.amazonaws.com/nodegroup";
		if (!gk || (k && strcmp(k, gk) != 0) || !g->name.s || g->name.unknown)
			return false;
		k = gk;
		VEC_PUSH(a, *vals, g->name.s);
	}
	*key = k;
	return k != NULL;
}

static const char *
role_name_of(const char *arn)
{
	const char *slash = strrchr(arn, '/');
	return slash ? slash + 1 : arn;
}

static void
choose_roles(L *l, GInfoVec *gs)
{
	Lowered *lw = l->lw;
	const char *c = lw->cluster.value;
	if (l->ir->domino) {
		/* the module's node role, which its Karpenter policy may pass (modules/eks) */
		lw->node_role = arena_printf(l->a, "%s-eks-nodes", c);
		lw->node_role_exists = true;
		lw->controller_role = arena_printf(l->a, "%s-karpenter", c);
		lw->queue = NULL;
		return;
	}
	const char *shared = NULL;
	bool same = gs->n > 0;
	for (int i = 0; i < gs->n && same; i++) {
		const SVal *r = &gs->v[i].g->node_role;
		if (!sval_ok(r))
			same = false;
		else if (!shared)
			shared = role_name_of(r->s);
		else if (strcmp(shared, role_name_of(r->s)) != 0)
			same = false;
	}
	if (same && shared) {
		/* the groups' own role: already trusted by the cluster, nothing to map */
		lw->node_role = shared;
		lw->node_role_exists = true;
	} else {
		lw->node_role = arena_printf(l->a, "KarpenterNodeRole-%s", c);
	}
	lw->controller_role = arena_printf(l->a, "KarpenterControllerRole-%s", c);
	lw->queue = c;
	/* the migrated groups' extra managed policies: the kit's node role gets them all (emit_iam.c) */
	StrSet pol = { 0 };
	for (int i = 0; i < gs->n; i++) {
		const SList *p = &gs->v[i].g->node_policies;
		for (int k = 0; k < p->n; k++)
			if (sval_ok(&p->v[k]) && strset_add(l->a, &pol, p->v[k].s))
				VEC_PUSH(l->a, lw->node_policies, p->v[k].s);
	}
	/* the migrated groups' permissions boundary on the role the runbook makes (an existing role has its
	 * own); a role holds one boundary: the first group's (the groups of one cluster share their
	 * organisation's) */
	for (int i = 0; i < gs->n && !lw->node_role_exists && !lw->node_role_boundary; i++)
		if (sval_ok(&gs->v[i].g->role_boundary))
			lw->node_role_boundary = gs->v[i].g->role_boundary.s;
	/* names made from the cluster's must still be names AWS accepts (a 100-character cluster name is not a queue) */
	if (!lw->cluster.placeholder) {
		const Loc *at = lw->cluster.origin == ORIGIN_INPUT ? &lw->cluster.loc : NULL;
		if (!aws_name_ok(AWS_IAM_ROLE, lw->controller_role, at) || !aws_name_ok(AWS_IAM_ROLE, lw->node_role, at) ||
		    !aws_name_ok(AWS_SQS_QUEUE, lw->queue, at))
			l->failed = true;
	}
}

static void
choose_network(L *l)
{
	Lowered *lw = l->lw;
	const SVal *csg = &l->ir->cluster.cluster_sg;
	if (!l->ir->domino && sval_ok(csg) && pat_match(PAT_SG_ID, csg->s, strlen(csg->s)))
		VEC_PUSH(l->a, lw->sg_ids, csg->s);
}

/* A label whose key and value are both known strings. */
static bool
label_known(const KV *kv)
{
	return kv->key.s && !kv->key.unknown && kv->value.set && !kv->value.unknown && kv->value.s;
}

/* KEY=VALUE as one map key, length-prefixed so that no two pairs spell the same key. */
static const char *
label_pair(Arena *a, const char *key, const char *value)
{
	return arena_printf(a, "%zu:%s=%s", strlen(key), key, value);
}

/*
 * Each label KEY=VALUE of the node groups -> the one group that has it, or
 * `many` when several do: one pass over the groups, where asking each label
 * of each group about every other group was quadratic (2,000 groups: 0.3 s).
 */
static SMap
label_owners(Arena *a, const IR *ir, const NodeGroup *many)
{
	SMap m = { 0 };
	for (int i = 0; i < ir->groups.n; i++) {
		const NodeGroup *g = ir->groups.v[i];
		for (int k = 0; k < g->labels.n; k++) {
			const KV *kv = &g->labels.v[k];
			if (!label_known(kv))
				continue;
			const char *pair = label_pair(a, kv->key.s, kv->value.s);
			const NodeGroup *o = smap_get(&m, pair);
			smap_put(a, &m, pair, (void *)(o && o != g ? many : g));
		}
	}
	return m;
}

/* Whether the NodePool manifest DOC puts KEY=VALUE on its nodes: as a template label, or as a
 * requirement "KEY In [... VALUE ...]" (Karpenter labels its nodes with the value it chose). */
static bool
pool_carries(const Value *doc, const char *key, const char *value)
{
	const Value *l = v_path(doc, "spec.template.metadata.labels");
	const Value *v = l ? v_get(l, key) : NULL;
	if (v && v->kind == V_STR && v->s && strcmp(v->s, value) == 0)
		return true;
	const Value *req = v_path(doc, "spec.template.spec.requirements");
	for (int i = 0; req && req->kind == V_LIST && i < req->n; i++) {
		const Value *k = v_get(req->items[i], "key"), *op = v_get(req->items[i], "operator");
		const Value *vals = v_get(req->items[i], "values");
		if (!k || k->kind != V_STR || strcmp(k->s, key) != 0 || !op || op->kind != V_STR ||
		    strcmp(op->s, "In") != 0 || !vals || vals->kind != V_LIST)
			continue;
		for (int j = 0; j < vals->n; j++)
			if (vals->items[j]->kind == V_STR && strcmp(vals->items[j]->s, value) == 0)
				return true;
	}
	return false;
}

/*
 * ONLY_LABEL_*: the labels only one migrated group has (KG241's "a label only that group has"),
 * with that group and whether its NodePool carries the label.  Preflight refuses a pod that
 * selects such a label when the NodePool does not carry it: no node would have it once the
 * group is gone (docs/cutover.md, "pinned workloads").
 */
/*
 * The labels only one migrated group has (KG241's "a label only that group
 * has"), with the group and whether its NodePool carries the label: the
 * runbook's preflight refuses a pod that selects one its NodePool drops
 * (docs/cutover.md, "pinned workloads").  Lowering decides what a NodePool
 * carries, so it is found here; the runbook only writes the list.
 */
static void
find_only_labels(Lowered *lw)
{
	Arena *a = lw->ir->arena, *scratch = arena_new();
	static const NodeGroup many;
	SMap owners = label_owners(a, lw->ir, &many);
	for (int i = 0; i < lw->pools.n; i++) {
		const LNodePool *p = lw->pools.v[i];
		const Value *doc = NULL;
		for (int k = 0; k < p->groups.n; k++) {
			const NodeGroup *g = p->groups.v[k];
			for (int j = 0; j < g->labels.n; j++) {
				const KV *kv = &g->labels.v[j];
				/* exactly one group of two or more has the label: g */
				if (lw->ir->groups.n < 2 || !label_known(kv) ||
				    smap_get(&owners, label_pair(scratch, kv->key.s, kv->value.s)) != g)
					continue;
				if (!doc)
					doc = lower_pool_doc(lw, p, scratch);
				OnlyLabel o = { kv->key.s, kv->value.s, g->name.s ? g->name.s : "",
				    pool_carries(doc, kv->key.s, kv->value.s) };
				VEC_PUSH(a, lw->only_labels, o);
			}
		}
		if (arena_used(scratch) > (4u << 20))
			arena_reset(scratch);
	}
	arena_free(scratch);
}

bool
lower_migrates(const NodeGroup *g)
{
	/* a per-zone group over no zone creates no node group (the front-end said so) */
	return g->role != ROLE_KARPENTER_HOME && !(g->per_az && g->zones.set && !g->zones.unknown && g->zones.n == 0);
}

Lowered *
lower(IR *ir)
{
	L l = { .ir = ir, .a = ir->arena, .main = ir->arena, .o = ir->opt };
	l.shared = arena_alloc(l.a, sizeof *l.shared);
	Lowered *lw = arena_alloc(l.a, sizeof *lw);
	lw->shared = l.shared;
	l.lw = lw;
	lw->ir = ir;
	lw->v1 = kv_serves(&l.o->kv, API_V1);
	if (!lw->v1 && !kv_serves(&l.o->kv, API_BETA))
		return NULL;    /* check_compile_target() reported KG320 */
	lower_settings(&l);

	GInfoVec gs = { 0 };
	for (int i = 0; i < ir->groups.n; i++) {
		NodeGroup *g = ir->groups.v[i];
		if (g->role == ROLE_KARPENTER_HOME)
			VEC_PUSH(l.a, lw->home, g);
		if (!lower_migrates(g))
			continue;
		GInfo gi = { .g = g };
		if (!check_group(&l, &gi))
			l.failed = true;
		VEC_PUSH(l.a, gs, gi);
	}
	/* nothing to migrate: check_migrating() reported KG207; no home: check_home_missing() KG203 */
	lw->failed = true;
	if (gs.n == 0 || lw->home.n == 0 || l.failed)
		return lw;

	choose_roles(&l, &gs);
	choose_network(&l);
	if (!home_selector(lw, &lw->home_key, &lw->home_values))
		lw->home_key = NULL;

	/* fold per-AZ copies (same content, names that differ only by their zone) */
	SMap folds = { 0 }, pool_names = { 0 }, by_content = { 0 };
	for (int i = 0; i < gs.n; i++) {
		GInfo *gi = &gs.v[i];
		const char *base = base_name(&l, gi->g);
		LNodePool *p = NULL;
		if (base) {
			gi->fold_key = fold_key(&l, gi->g, base);
			p = smap_get(&folds, gi->fold_key);
		}
		if (p) {
			VEC_PUSH(l.a, p->groups, gi->g);
			gi->pool = p;
			continue;
		}
		p = arena_alloc(l.a, sizeof *p);
		p->name = unique_name(&l, &pool_names, dns1123_name(l.a, base ? base : gi->g->name.s));
		VEC_PUSH(l.a, p->groups, gi->g);
		gi->pool = p;
		if (gi->fold_key)
			smap_put(l.a, &folds, gi->fold_key, p);
		VEC_PUSH(l.a, lw->pools, p);
	}
	/* pools are built once all their copies are known; the first copy's GInfo describes them */
	Arena *scratch = arena_new();
	for (int i = 0; i < gs.n; i++) {
		GInfo *gi = &gs.v[i];
		LNodePool *p = gi->pool;
		if (p->groups.v[0] != gi->g)
			continue;
		p->nc = nodeclass_for(&l, gi, p, &by_content, &scratch);
		p->src = gi;
		pool_facts(&l, p, gi);
	}
	arena_free(scratch);
	if (l.failed)
		return lw;
	find_only_labels(lw);
	lw->failed = false;
	return lw;
}
