/*
 * load_tfvars.c - the Terraform front-ends (first cut: cluster identity).
 */
#include "karpgen.h"

#include <string.h>

void
load_hcl_input(IR *ir, Input *in)
{
	const Value *r = in->root;
	SVal s = sval_of(ir, v_get(r, "deploy_id"), "deploy_id");
	if (s.set) {
		in->flavour = "domino";
		ir_set_sval(ir, &ir->cluster.deploy_id, &s, "deploy_id");
	}
	s = sval_of(ir, v_get(r, "region"), "region");
	ir_set_sval(ir, &ir->cluster.region, &s, "region");
}

void
load_hcl_finish(IR *ir)
{
	(void)ir;
}
