# EKS Blueprints v4, hand-made: two managed groups that name no
# node_group_name both get the module's "m5_on_demand" (the random suffix
# of enable_node_group_prefix is all that tells them apart in AWS), which the
# runbook cannot tell apart: an error naming both.
module "eks_blueprints" {
  source = "github.com/aws-ia/terraform-aws-eks-blueprints?ref=v4.20.0"

  cluster_name    = "twice"
  cluster_version = "1.27"

  managed_node_groups = {
    general = {
      instance_types = ["m5.large"]
    }
    batch = {
      instance_types = ["c5.large"]
      capacity_type  = "SPOT"
    }
  }
}
