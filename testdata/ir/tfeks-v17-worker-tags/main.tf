# v17 worker groups' own tag format: the Auto Scaling group's list of
# { key, value, propagate_at_launch }.  The instances get the propagated ones
# (true or v17's own "true"); the others tag the ASG alone; a propagate_at_launch
# given by an expression is not carried (KG240).
variable "propagate" {
  type = bool
}

module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  version         = "17.24.0"
  cluster_name    = "v17t"
  cluster_version = "1.27"
  worker_groups = [
    {
      name          = "w"
      instance_type = "m5.xlarge"
      asg_max_size  = 5
      tags = [
        { key = "team", value = "w", propagate_at_launch = true },
        { key = "cost", value = "7", propagate_at_launch = "true" },
        { key = "asg-only", value = "x", propagate_at_launch = false },
        { key = "maybe", value = "y", propagate_at_launch = var.propagate },
      ]
    }
  ]
  worker_groups_launch_template = [
    {
      name          = "lt"
      instance_type = "m5.large"
      tags = [
        { key = "team", value = "lt", propagate_at_launch = "true" },
        { key = "asg-only", value = "x", propagate_at_launch = "false" },
      ]
    }
  ]
}
