# A standalone terraform-aws-modules self-managed-node-group submodule call
# (written for karpgen): its `version` is the module's, which picks the
# module's defaults (v20: min 0, max 3, m6i.large when no type), not a key
# of the group (no KG110).
module "apps" {
  source       = "terraform-aws-modules/eks/aws//modules/self-managed-node-group"
  version      = "~> 20.0"
  name         = "apps"
  cluster_name = "demo"
  subnet_ids   = ["subnet-0aaaaaaaaaaaaaaa1"]
  tags         = { team = "apps" }
}
