# The instances' Name tag terraform-aws-modules gives a v18+ group, and what wins over it.
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name = "names"
  # the module's tags: under the group's own and a managed group's Name, over a self-managed group's
  tags = { Name = "module-wide" }

  eks_managed_node_groups = {
    # the module's own launch template: Name = the group's name (not the map key)
    plain = {
      name           = "plain-workers"
      instance_types = ["m5.large"]
      tags           = { Name = "overridden", team = "a" }
    }
    # launch_template_tags win over { Name = var.name }
    lt_named = {
      instance_types       = ["m5.large"]
      launch_template_tags = { Name = "from-template" }
    }
    # the module's template tags no instance (v19+ tag_specifications): no Name from the module
    no_instance_spec = {
      instance_types     = ["m5.large"]
      tag_specifications = ["volume"]
    }
    # EKS's own launch template: no Name tag from the module
    eks_lt = {
      instance_types             = ["m5.large"]
      use_custom_launch_template = false
    }
  }

  self_managed_node_groups = {
    # the Auto Scaling group propagates { Name = var.name } over the template's tags
    asg = {
      instance_type        = "m5.large"
      launch_template_tags = { Name = "lost" }
    }
    # the group's tags win over the ASG's Name
    asg_named = {
      instance_type = "m5.large"
      tags          = { Name = "kept" }
    }
  }
}
