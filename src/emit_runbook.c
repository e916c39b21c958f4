/*
 * emit_runbook.c - runbook.sh: templates/runbook.sh (embedded) with the kit's
 * values written in as bash assignments.
 *
 * All logic lives in the template, which is checked by shellcheck once; what
 * karpgen writes is data only, and every value is one single-quoted word made
 * by sh_quote(), so no input can become code.
 */
#include "karpgen.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

void
sh_quote(Buf *b, const char *s)
{
	buf_add(b, "'", 1);
	for (const char *p = s; *p; p++) {
		if (*p == '\'')
			buf_puts(b, "'\\''");
		else
			buf_add(b, p, 1);
	}
	buf_add(b, "'", 1);
}

static void
assign(Buf *b, const char *name, const char *value)
{
	buf_printf(b, "%s=", name);
	sh_quote(b, value ? value : "");
	buf_puts(b, "\n");
}

static void
assign_list(Buf *b, const char *name, const char *const *v, int n)
{
	buf_printf(b, "%s=(", name);
	for (int i = 0; i < n; i++) {
		buf_puts(b, i ? " " : "");
		sh_quote(b, v[i] ? v[i] : "");
	}
	buf_puts(b, ")\n");
}

typedef VEC(const char *) Strs;

static void
push_unique(Arena *a, Strs *v, const char *s)
{
	for (int i = 0; i < v->n; i++)
		if (strcmp(v->v[i], s) == 0)
			return;
	VEC_PUSH(a, *v, s);
}

/* A Windows node group: its AMI type or AMI family says so (WINDOWS_CORE_2022_x86_64, WindowsServer2022...). */
static bool
is_windows(const NodeGroup *g)
{
	const char *v[] = { g->ami_type.s, g->ami_family.s };
	for (size_t i = 0; i < sizeof v / sizeof *v; i++)
		if (v[i] && strncasecmp(v[i], "windows", 7) == 0)
			return true;
	return false;
}

static void
only_labels(const Lowered *lw, Buf *b)
{
	Arena *a = lw->ir->arena;
	Strs ok = { 0 }, ov = { 0 }, og = { 0 }, oc = { 0 };
	for (int i = 0; i < lw->only_labels.n; i++) {
		const OnlyLabel *o = &lw->only_labels.v[i];
		VEC_PUSH(a, ok, o->key);
		VEC_PUSH(a, ov, o->value);
		VEC_PUSH(a, og, o->group);
		VEC_PUSH(a, oc, o->carried ? "1" : "0");
	}
	assign_list(b, "ONLY_LABEL_KEYS", ok.v, ok.n);
	assign_list(b, "ONLY_LABEL_VALUES", ov.v, ov.n);
	assign_list(b, "ONLY_LABEL_GROUPS", og.v, og.n);
	assign_list(b, "ONLY_LABEL_CARRIED", oc.v, oc.n);
}

/*
 * The releases the running controller must be upgraded through before the
 * controller phase installs the target (versions.def KARPENTER_STOP, the
 * hops REPORT.md lists), as chart tags; and the pinned release when it is
 * newer than every release karpgen knows, which the phase would downgrade.
 * The phase refuses both when a controller is running: one `helm upgrade`
 * across a stop breaks the cluster's Karpenter objects.
 */
static void
upgrade_hops(const Lowered *lw, Buf *b)
{
	const SVal *pin = &lw->ir->cluster.karpenter_version;
	const KarpRelease *near;
	const KarpStop *st[8];
	const char *tags[8] = { 0 };
	int n = 0;
	PinPlace place = pin->set && !pin->unknown && pin->s ? karpenter_pin_place(pin->s, &near) : PIN_INVALID;
	if (place != PIN_INVALID && place != PIN_NEWER)
		n = karpenter_upgrade_stops(pin->s, lw->ir->opt->kv.rel, st, (int)(sizeof st / sizeof *st));
	for (int i = 0; i < n; i++)
		tags[i] = karpenter_releases[karpenter_release_index(st[i]->release)].chart_tag;
	assign_list(b, "UPGRADE_STOPS", tags, n);
	assign(b, "PINNED_NEWER", place == PIN_NEWER ? pin->s : "");
}

static void
values(const Lowered *lw, Buf *b)
{
	Arena *a = lw->ir->arena;
	const Options *o = lw->ir->opt;
	buf_puts(b, "# ---- written by karpgen " KARPGEN_VERSION ": the kit's values, each one single-quoted word.\n"
	    "# ${NAME} inside a value is a placeholder filled at run time (see the top of this file).\n");
	assign(b, "KARPENTER_VERSION", o->kv.rel->chart_tag);  /* the chart tag: "v0.32.10", "1.14.1" */
	assign(b, "API_V1", lw->v1 ? "1" : "0");
	upgrade_hops(lw, b);
	assign(b, "DOMINO", lw->ir->domino ? "1" : "0");
	assign(b, "IDENTITY", o->identity == ID_IRSA ? "irsa" : "pod-identity");
	assign(b, "KARPENTER_NAMESPACE", lw->ir->controller.ns);
	/* the release the kit upgrades (or installs), and the Deployment and ServiceAccount the chart names
	 * after it: preflight refuses any other Karpenter controller, release or CRD owner */
	assign(b, "KARPENTER_RELEASE", lw->ir->controller.release);
	assign(b, "KARPENTER_FULLNAME", lw->ir->controller.fullname);
	assign(b, "KIT_CLUSTER_NAME", lw->cluster.value);
	assign(b, "KIT_REGION", lw->region.value);
	assign(b, "KIT_ACCOUNT_ID", lw->account.value);
	assign(b, "KIT_PARTITION", lw->partition.value);
	assign(b, "KIT_NODE_ROLE", lw->node_role);
	assign(b, "NODE_ROLE_EXISTS", lw->node_role_exists ? "1" : "0");
	assign(b, "NODE_ROLE_BOUNDARY", lw->node_role_boundary ? lw->node_role_boundary : "");
	assign(b, "KIT_CONTROLLER_ROLE", lw->controller_role);
	assign(b, "KIT_QUEUE", lw->queue ? lw->queue : "");
	assign(b, "CA_NAMESPACE", lw->ir->domino ? "domino-platform" : "");

	Strs aliases = { 0 }, classes = { 0 }, pools = { 0 };
	bool spot = false;
	for (int i = 0; i < lw->classes.n; i++) {
		VEC_PUSH(a, classes, lw->classes.v[i]->name);
		if (lw->classes.v[i]->alias)
			push_unique(a, &aliases, lw->classes.v[i]->alias);
	}
	for (int i = 0; i < lw->pools.n; i++) {
		VEC_PUSH(a, pools, lw->pools.v[i]->name);
		spot |= strcmp(lw->pools.v[i]->capacity, "on-demand") != 0;
	}
	assign(b, "SPOT", spot ? "1" : "0");
	assign_list(b, "AMI_ALIASES", aliases.v, aliases.n);

	IamDoc *docs;
	int nd = iam_controller_docs(lw, &docs);
	Strs pn = { 0 }, pf = { 0 };
	for (int i = 0; i < nd; i++) {
		VEC_PUSH(a, pn, docs[i].name);
		VEC_PUSH(a, pf, docs[i].file);
	}
	assign_list(b, "CONTROLLER_POLICY_NAMES", pn.v, pn.n);
	assign_list(b, "CONTROLLER_POLICY_FILES", pf.v, pf.n);
	const char **np;
	int nn = iam_node_policies(lw, &np);
	assign_list(b, "NODE_POLICY_ARNS", np, nn);

	Strs rn = { 0 }, rp = { 0 };
	const IamData *data = iam_data(a, &o->kv);
	const Value *rules = data ? v_get(data->root, "event_rules") : NULL;
	for (int i = 0; rules && i < rules->n; i++) {
		const Value *r = rules->items[i];
		Value *pat = v_new(a, V_MAP, NULL), *src = v_new(a, V_LIST, NULL), *dt = v_new(a, V_LIST, NULL);
		v_list_push(a, src, v_get(r, "source"));
		v_list_push(a, dt, v_get(r, "detail_type"));
		v_map_put(a, pat, "source", NULL, src);
		v_map_put(a, pat, "detail-type", NULL, dt);
		char *j = value_to_json(pat, false);
		VEC_PUSH(a, rn, v_get(r, "name")->s);
		VEC_PUSH(a, rp, arena_strdup(a, j));
		free(j);
	}
	assign_list(b, "EVENT_RULE_NAMES", rn.v, rn.n);
	assign_list(b, "EVENT_RULE_PATTERNS", rp.v, rp.n);

	assign_list(b, "SG_IDS", lw->sg_ids.v, lw->sg_ids.n);
	assign_list(b, "NODECLASSES", classes.v, classes.n);
	assign_list(b, "NODEPOOLS", pools.v, pools.n);

	Strs mn = { 0 }, mp = { 0 }, ms = { 0 }, ma = { 0 }, msub = { 0 }, mid = { 0 }, hn = { 0 };
	bool windows = false;
	for (int i = 0; i < lw->pools.n; i++) {
		const LNodePool *p = lw->pools.v[i];
		for (int k = 0; k < p->groups.n; k++) {
			const NodeGroup *g = p->groups.v[k];
			VEC_PUSH(a, mn, g->name.s);
			VEC_PUSH(a, mp, p->name);
			VEC_PUSH(a, ms, g->self_managed ? "1" : "0");
			VEC_PUSH(a, ma, g->asg_name.set && !g->asg_name.unknown && g->asg_name.s ? g->asg_name.s : "");
			/* the group's own subnets, space-separated (empty: the ASG's, at run time) */
			Buf sb = { 0 };
			for (int j = 0; j < g->subnet_ids.n; j++)
				if (g->subnet_ids.v[j].s && !g->subnet_ids.v[j].unknown)
					buf_printf(&sb, "%s%s", sb.len ? " " : "", g->subnet_ids.v[j].s);
			VEC_PUSH(a, msub, arena_strdup(a, sb.len ? sb.s : ""));
			/* 1: its EC2NodeClass selects those ids, so the tags phase leaves its subnets alone */
			VEC_PUSH(a, mid, p->nc && p->nc->subnets_by_id ? "1" : "0");
			buf_free(&sb);
			windows |= is_windows(g);
		}
	}
	for (int i = 0; i < lw->home.n; i++)
		if (lw->home.v[i]->name.s)
			VEC_PUSH(a, hn, lw->home.v[i]->name.s);
	assign_list(b, "MIGRATE_NAMES", mn.v, mn.n);
	assign_list(b, "MIGRATE_POOL", mp.v, mp.n);
	assign_list(b, "MIGRATE_SELF", ms.v, ms.n);
	assign_list(b, "MIGRATE_ASG", ma.v, ma.n);
	assign_list(b, "MIGRATE_SUBNETS", msub.v, msub.n);
	assign_list(b, "MIGRATE_BY_ID", mid.v, mid.n);
	assign_list(b, "HOME_NAMES", hn.v, hn.n);
	only_labels(lw, b);
	/* the node role's access entry: EC2_WINDOWS when a migrated group runs a Windows AMI */
	assign(b, "NODE_ACCESS_TYPE", windows ? "EC2_WINDOWS" : "EC2_LINUX");
	buf_puts(b, "# ---- end of the kit's values\n");
}

void
emit_runbook(const Lowered *lw, Output *o)
{
	const EmbeddedText *t = embedded_text("templates/runbook.sh");
	if (!t)
		return;
	static const char marker[] = "# @KARPGEN_VALUES@\n";
	const char *at = strstr(t->text, marker);
	Buf b = { 0 };
	if (!at) {
		buf_add(&b, t->text, t->len);
	} else {
		buf_add(&b, t->text, (size_t)(at - t->text));
		values(lw, &b);
		const char *rest = at + sizeof marker - 1;
		buf_add(&b, rest, t->len - (size_t)(rest - t->text));
	}
	out_add_buf(o, "runbook.sh", &b, true);
}
