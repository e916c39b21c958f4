# Blueprints v4 subnet_type = "public": the group runs on the public subnets
module "eks_blueprints" {
  source = "github.com/aws-ia/terraform-aws-eks-blueprints?ref=v4.20.0"
  cluster_name    = "demo"
  cluster_version = "1.27"
  managed_node_groups = {
    mg_5 = {
      node_group_name = "managed-ondemand"
      instance_types  = ["m5.large"]
      subnet_type     = "private"
      min_size        = 2
      max_size        = 3
    }
    mg_6 = {
      node_group_name = "pub"
      instance_types  = ["m5.large"]
      subnet_type     = "public"
      min_size        = 1
      max_size        = 3
    }
  }
}
