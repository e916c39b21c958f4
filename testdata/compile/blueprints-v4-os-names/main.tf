# EKS Blueprints v4: groups are known by node_group_name (the map key is an
# alias), and launch_template_os names the OS (amazonlinux2eks, bottlerocket).
module "eks_blueprints" {
  source = "github.com/aws-ia/terraform-aws-eks-blueprints?ref=v4.32.1"

  cluster_name    = "demo"
  cluster_version = "1.27"

  managed_node_groups = {
    mg_core = {
      node_group_name        = "core-ondemand"
      instance_types         = ["m5.large"]
      min_size               = 2
      max_size               = 3
      desired_size           = 2
      create_launch_template = true
      launch_template_os     = "amazonlinux2eks"
    }
    mg_apps = {
      node_group_name        = "apps-bottlerocket"
      instance_types         = ["m5.xlarge", "m5a.xlarge"]
      min_size               = 1
      max_size               = 10
      desired_size           = 2
      create_launch_template = true
      launch_template_os     = "bottlerocket"
    }
  }
}
