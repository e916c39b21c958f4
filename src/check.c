/*
 * check.c - the rule engine: one check function per rule, keyed by RuleId.
 *
 * The rule's id, name, default severity and summary live in diag.def; this
 * table only says which function checks it.  Rules without an entry are
 * reported by the phase that can see them (front-ends for KG1xx, the
 * validator for KG3xx, through check_manifests() for lint, the IAM checks
 * for KG4xx).  Checks read the IR and the context nodepool.c builds
 * (check_ctx()), report through diag(), and never print.
 */
#include "karpgen.h"

#include <stdlib.h>
#include <string.h>

static const CheckFn check_fn[RULE_COUNT] = {
	[KG112] = check_group_sizes,
	[KG201] = check_az_coverage,
	[KG202] = check_az_mix,
	[KG203] = check_home_missing,
	[KG204] = check_home_capacity,
	[KG205] = check_single_nodegroup,
	[KG208] = check_zones_left_out,
	[KG210] = check_nodeclass_split,
	[KG211] = check_ami_variant,
	[KG220] = check_type_parity,
	[KG221] = check_unknown_types,
	[KG222] = check_nodepool_missing,
	[KG223] = check_label_taint_parity,
	[KG224] = check_capacity_parity,
	[KG230] = check_alias_latest,
	[KG240] = check_not_carried,
	[KG241] = check_pinned_workloads,
	[KG242] = check_zone_region,
	[KG243] = check_pinned_kept,
	[KG244] = check_zone_unsupported,
	[KG246] = check_public_subnets,
	[KG247] = check_subnets_expression,
	[KG250] = check_version_compat,
	[KG251] = check_stale_pins,
	[KG501] = check_spot_diversity,
	[KG502] = check_spot_weight,
	[KG503] = check_security_groups,
	[KG504] = check_controller_affinity,
	[KG505] = check_memory_floor,
	[KG506] = check_no_limits,
};

void
check_manifests(IR *ir)
{
	if (!ir || !ir->opt)
		return;
	validate_objects(ir->arena, &ir->opt->kv, &ir->cluster.k8s_version, ir->objects.v, ir->objects.n);
	ir->manifests_checked = true;
}

void
check_all(const IR *ir)
{
	if (!ir)
		return;
	const CheckCtx *c = check_ctx(ir);
	for (int r = 0; r < RULE_COUNT; r++)
		if (check_fn[r])
			check_fn[r](c);
	/* KG401-KG404: the input policy documents against the official policy (check_iam.c) */
	check_iam(ir);
}

/*
 * The kit's manifests as the target's API server would see them
 * (schema_validate() reports KG301...) and its controller would (KG330), the controller's affinity (KG504)
 * and the kit's IAM policies (KG404).  Each NodePool is built in a scratch
 * arena and dropped, as emit_manifests() builds it again: 2,000 pools are
 * never all in memory.
 */
int
check_lowered(const Lowered *lw)
{
	const CrdSchema *pool, *nc;
	int errors = 0;
	check_pool_limits(lw);
	if (!kit_schemas(&lw->ir->opt->kv, lw->v1, &pool, &nc)) {
		pool = nc = NULL;
		errors++;
	}
	Arena *a = lw->ir->arena, *scratch = arena_new();
	/* the controller's own checks (KG330) of what the API server accepts */
	int gen = lw->v1 ? 2 : 1;
	for (int i = 0; nc && pool && i < lw->classes.n; i++) {
		const Value *doc = lw->classes.v[i]->doc;
		int e = schema_validate(a, nc, doc);
		errors += e ? e : check_controller(a, &lw->ir->opt->kv, "EC2NodeClass", gen, doc);
		/* the kit's pins, its defaults among them (KG251); an @latest alias (KG230) */
		if (lw->v1) {
			check_ami_pins(a, doc, &lw->ir->cluster.k8s_version, true);
			check_alias_latest_doc(a, doc, &lw->ir->cluster.k8s_version);
		}
	}
	for (int i = 0; nc && pool && i < lw->pools.n; i++) {
		const Value *doc = lower_pool_doc(lw, lw->pools.v[i], scratch);
		int e = schema_validate(a, pool, doc);
		errors += e ? e : check_controller(a, &lw->ir->opt->kv, "NodePool", gen, doc);
		if (arena_used(scratch) > (4u << 20))
			arena_reset(scratch);
	}
	arena_free(scratch);
	/* what the kit's other outputs need of the lowered IR */
	check_home_selector(lw);
	check_iam_kit(lw);
	return errors;
}
