# EKS Blueprints v4 (written for karpgen): subnet_type puts a group with no
# subnet_ids of its own in the module's public_subnet_ids ("public") or its
# private_subnet_ids (anything else, "private" by default): the IR's
# private_networking, as eksctl's privateNetworking; an expression: KG240.
module "eks_blueprints" {
  source             = "github.com/aws-ia/terraform-aws-eks-blueprints?ref=v4.32.1"
  cluster_name       = "bp4"
  cluster_version    = "1.27"
  private_subnet_ids = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]
  public_subnet_ids  = ["subnet-0ccccccccccccccc1"]
  managed_node_groups = {
    sys = {
      node_group_name = "sys"
      instance_types  = ["m5.large"]
      subnet_type     = "private"
    }
    web = {
      node_group_name = "web"
      instance_types  = ["m5.xlarge"]
      subnet_type     = "public"
    }
    other = {
      node_group_name = "other"
      instance_types  = ["m5.xlarge"]
      subnet_type     = var.where
    }
  }
}
