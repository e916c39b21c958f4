# v17 worker groups: the Auto Scaling group propagates Name = "<cluster>-<name>-eks_asg" at launch.
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "17.24.0"

  cluster_name = "old"
  tags         = { Name = "never-on-workers", env = "prod" }

  worker_groups = [
    {
      name          = "named"
      instance_type = "m5.large"
    },
    {
      # no name: the module uses the list index
      instance_type = "m5.large"
    },
    {
      name          = "own"
      instance_type = "m5.large"
      tags = [
        { key = "Name", value = "own-name", propagate_at_launch = true },
      ]
    },
  ]

  # v17 node_groups: only the template made with create_launch_template = true tags the instances
  node_groups = {
    explicit = {
      name                   = "explicit-name"
      create_launch_template = true
      instance_types         = ["m5.large"]
    }
    keyed = {
      create_launch_template = true
      instance_types         = ["m5.large"]
    }
    tagged = {
      create_launch_template = true
      instance_types         = ["m5.large"]
      additional_tags        = { Name = "mine" }
    }
    eks_template = {
      instance_types = ["m5.large"]
    }
  }
}
