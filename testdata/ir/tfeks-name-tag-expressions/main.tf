# The instances' Name tag where a name or the module's tags are expressions karpgen cannot evaluate (KG240, never the map key instead).
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"
  name    = "prod"
  kubernetes_version = "1.31"
  self_managed_node_groups = {
    sm3 = { name = "${local.env}-sm3", instance_type = "m5.large", subnet_ids = ["subnet-1"] }
    sm5 = { instance_type = "m5.large", subnet_ids = ["subnet-1"], tags = { Name = "${local.env}-x" } }
  }
  eks_managed_node_groups = {
    home = { instance_types = ["m5.large"], subnet_ids = ["subnet-1"], min_size = 2 }
    mg4 = { name = "${local.env}-mg", instance_types = ["m5.large"], subnet_ids = ["subnet-1"] }
  }
}
locals { env = terraform.workspace }
