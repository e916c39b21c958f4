# EKS Blueprints v4: the Name its common_tags give managed (with its own template) and self-managed groups.
module "eks_blueprints" {
  source = "github.com/aws-ia/terraform-aws-eks-blueprints?ref=v4.20.0"
  cluster_name    = local.name
  cluster_version = "1.29"
  vpc_id = "vpc-1"
  private_subnet_ids = ["subnet-1", "subnet-2"]
  managed_node_groups = {
    mg_lt = { node_group_name = "mg-lt", instance_types = ["m5.large"], create_launch_template = true, additional_tags = { Name = "ignored" } }
    mg_nolt = { node_group_name = "mg-nolt", instance_types = ["m5.large"] }
    mg_expr = { node_group_name = "${local.env}-mg", instance_types = ["m5.large"], create_launch_template = true }
    mg_lttags = { node_group_name = "mg-lttags", instance_types = ["m5.large"], create_launch_template = true, launch_template_tags = { Name = "lt-wins" } }
  }
  self_managed_node_groups = {
    sm = { node_group_name = "sm", instance_type = "m5.large", launch_template_os = "amazonlinux2eks", max_size = 2 }
  }
}
locals {
  name = "bp"
  env = terraform.workspace
}
