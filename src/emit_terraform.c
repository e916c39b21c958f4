/*
 * emit_terraform.c - terraform/: the tfvars changes of the migration steps.
 *
 * Domino (examples/karpenter/MIGRATION.md): step 1 adds the Karpenter node
 * group to infra.tfvars and nodes.tfvars and enables Karpenter in
 * cluster.tfvars; step 7 sets the old node-group variables to null, applied
 * to the nodes stage first.  Other Terraform inputs get a README that lists
 * the node-group definitions to remove once the runbook has emptied them.
 */
#include "karpgen.h"

#include <string.h>

/* An HCL quoted string: escapes, and "${" / "%{" doubled so no template starts. */
static void
hcl_quote(Buf *b, const char *s)
{
	buf_add(b, "\"", 1);
	for (const char *p = s; *p; p++) {
		switch (*p) {
		case '"': buf_puts(b, "\\\""); break;
		case '\\': buf_puts(b, "\\\\"); break;
		case '\n': buf_puts(b, "\\n"); break;
		case '\r': buf_puts(b, "\\r"); break;
		case '\t': buf_puts(b, "\\t"); break;
		case '$':
		case '%':
			buf_add(b, p, 1);
			if (p[1] == '{')
				buf_add(b, p, 1);
			break;
		default:
			if ((unsigned char)*p < 0x20)
				buf_printf(b, "\\u%04x", (unsigned char)*p);
			else
				buf_add(b, p, 1);
		}
	}
	buf_add(b, "\"", 1);
}

/* FILE:LINE, inside a comment or Markdown code: see comment_text() */
static void
where(Buf *b, const Loc *l)
{
	if (l->file)
		comment_text(b, l->file->name);
	if (l->file && l->line > 0)
		buf_printf(b, ":%d", l->line);
	else if (!l->file)
		buf_puts(b, "(no input)");
}

/* FILE:LINE as a Markdown code span */
static void
md_where(Buf *b, const Loc *l)
{
	Buf w = { 0 };
	where(&w, l);
	md_escape(b, w.s ? w.s : "", true);
	buf_free(&w);
}

static void
domino(const Lowered *lw, Output *o)
{
	const IR *ir = lw->ir;
	/* the group resolve_propose_home() added, if any */
	const NodeGroup *h = ir_home(lw->ir);
	if (h && !h->proposed)
		h = NULL;
	Buf b = { 0 };
	buf_puts(&b, "# Step 1 of the migration: the node group that runs Karpenter.\n"
	    "# Add to infra.tfvars AND nodes.tfvars (both stages declare the variable).\n");
	if (h) {
		buf_puts(&b, "# Its availability_zone_ids cover every zone the node groups use: with the old groups gone,\n"
		    "# they alone decide the cluster's subnets (KG201).\n"
		    "karpenter_node_groups = {\n  karpenter = {\n    availability_zone_ids = [");
		for (int i = 0; i < h->zones.n; i++) {
			buf_puts(&b, i ? ", " : "");
			hcl_quote(&b, h->zones.v[i].s);
		}
		buf_puts(&b, "]\n    single_nodegroup      = true\n    # two nodes for the controller's two replicas\n"
		    "    min_per_az            = 2\n    desired_per_az        = 2\n  }\n}\n");
	} else {
		buf_puts(&b, "# Nothing to add: the inputs already define the group that runs Karpenter:\n");
		for (int i = 0; i < lw->home.n; i++) {
			buf_puts(&b, "#   ");
			comment_text(&b, lw->home.v[i]->name.s ? lw->home.v[i]->name.s : "?");
			buf_puts(&b, " at ");
			where(&b, &lw->home.v[i]->loc);
			buf_puts(&b, "\n");
		}
	}
	out_add_buf(o, "terraform/01-karpenter-node-groups.tfvars", &b, false);

	buf_puts(&b, "# Step 1 of the migration: Karpenter itself (IAM role and policy, pod identity, the Helm release).\n"
	    "# Add to cluster.tfvars.\n");
	const BVal *en = &ir->cluster.karpenter_enabled;
	bool already = en->set && !en->unknown && en->v;
	const char *c = already ? "# " : "";
	if (already) {
		buf_puts(&b, "# Already enabled at ");
		where(&b, &en->loc);
		buf_puts(&b, ". This kit targets the version below; set it if the module installs another.\n");
	}
	buf_printf(&b, "%skarpenter = {\n%s  enabled = true\n%s  version = ", c, c, c);
	hcl_quote(&b, ir->opt->kv.name);
	buf_printf(&b, "\n%s}\n", c);
	out_add_buf(o, "terraform/02-karpenter.tfvars", &b, false);

	buf_puts(&b, "# Step 7 of the migration, once every workload runs on Karpenter nodes and the old node\n"
	    "# groups are empty (runbook.sh phases up to 'cutover').  Set in nodes.tfvars AND infra.tfvars,\n"
	    "# then apply the nodes stage first (terraform/README.md).\n"
	    "default_node_groups    = null\nadditional_node_groups = null\n");
	out_add_buf(o, "terraform/03-cleanup.tfvars", &b, false);

	buf_puts(&b, "# Terraform changes of the migration (Domino EKS module)\n\n"
	    "Apply them in this order; `runbook.sh` runs the Kubernetes and AWS steps in between.\n\n"
	    "1. **Karpenter node group and Karpenter.** Add `01-karpenter-node-groups.tfvars` to `infra.tfvars`\n"
	    "   and `nodes.tfvars`, and `02-karpenter.tfvars` to `cluster.tfvars`. Then `./tf.sh all plan`: no\n"
	    "   resource may be destroyed or replaced (the cluster stage creates the Karpenter IAM role, policy and\n"
	    "   pod identity association; the nodes stage tags the subnets and the node security group with\n"
	    "   `karpenter.sh/discovery`, creates the `karpenter` node group and installs Karpenter). Then\n"
	    "   `./tf.sh all apply` and check `kubectl get pods -n ");
	buf_puts(&b, lw->ir->controller.ns);
	buf_puts(&b, "`.\n"
	    "2. **The runbook.** `./runbook.sh` (try `--dry-run` first): it checks what step 1 made, applies the\n"
	    "   EC2NodeClasses and NodePools and waits until they are Ready, scales the Cluster Autoscaler to 0,\n"
	    "   then scales the old node groups down one at a time, waiting for their pods to move, and verifies.\n"
	    "   It never touches the node groups that run Karpenter:");
	for (int i = 0; i < lw->home.n; i++) {
		buf_puts(&b, " ");
		md_escape(&b, lw->home.v[i]->name.s ? lw->home.v[i]->name.s : "?", true);
	}
	buf_puts(&b, ".\n"
	    "3. **Clean-up.** Add `03-cleanup.tfvars` to `nodes.tfvars` and `infra.tfvars`. Apply the **nodes**\n"
	    "   stage first so the infra and cluster stages keep what the old groups need while they are deleted:\n"
	    "   `./tf.sh nodes plan` (only `aws_eks_node_group`, `aws_launch_template` and\n"
	    "   `aws_autoscaling_group_tag` of the old groups are destroyed), `./tf.sh nodes apply`; then\n"
	    "   `./tf.sh all plan` (no subnet change on `module.eks.aws_eks_cluster.this`) and `./tf.sh all apply`.\n"
	    "4. **Cluster Autoscaler.** Scale it back to 1 (`runbook.sh --phase cleanup` does it): it now manages\n"
	    "   only the Karpenter node group.\n");
	out_add_buf(o, "terraform/README.md", &b, false);
}

static void
generic(const Lowered *lw, Output *o)
{
	Buf b = { 0 };
	buf_puts(&b, "# Terraform changes of the migration\n\n"
	    "Once `runbook.sh` has moved the old node groups to zero (its cutover phase finished), remove their\n"
	    "definitions (a `terraform apply` with them still defined would scale them back up):\n\n");
	for (int i = 0; i < lw->pools.n; i++)
		for (int k = 0; k < lw->pools.v[i]->groups.n; k++) {
			const NodeGroup *g = lw->pools.v[i]->groups.v[k];
			buf_puts(&b, "- ");
			md_escape(&b, g->name.s ? g->name.s : "?", true);
			buf_printf(&b, " (%s) at ", g->kind ? g->kind : "node group");
			md_where(&b, &g->loc);
			buf_printf(&b, ", replaced by NodePool `%s`\n", lw->pools.v[i]->name);
		}
	buf_puts(&b, "\nKeep the node groups that run Karpenter:\n\n");
	for (int i = 0; i < lw->home.n; i++) {
		buf_puts(&b, "- ");
		md_escape(&b, lw->home.v[i]->name.s ? lw->home.v[i]->name.s : "?", true);
		buf_puts(&b, " at ");
		md_where(&b, &lw->home.v[i]->loc);
		buf_puts(&b, "\n");
	}
	buf_puts(&b, "\nThen `terraform plan`: only the removed node groups (and their launch templates) may be\n"
	    "destroyed; `terraform apply`.\n");
	out_add_buf(o, "terraform/README.md", &b, false);
}

void
emit_terraform(const Lowered *lw, Output *o)
{
	if (lw->ir->domino) {
		domino(lw, o);
		return;
	}
	for (int i = 0; i < lw->ir->inputs.n; i++) {
		Dialect d = lw->ir->inputs.v[i]->dialect;
		if (d == D_HCL_TFVARS || d == D_HCL_TF) {
			generic(lw, o);
			return;
		}
	}
}
