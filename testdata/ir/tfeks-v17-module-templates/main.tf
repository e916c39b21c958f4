# terraform-aws-modules/eks v17, hand-made: what the module's own launch
# templates and mixed instances policies make of groups that leave them to it.
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "17.24.0"

  cluster_name    = "v17lt"
  cluster_version = "1.21"

  workers_group_defaults = {
    on_demand_allocation_strategy = "prioritized"
  }

  # worker_groups_launch_template: an on_demand_allocation_strategy (here the
  # defaults') or the group's own override_instance_types makes a mixed
  # instances policy whose distribution defaults to 0 + 0 % on-demand: spot
  worker_groups_launch_template = [
    {
      name         = "lt-module-types"
      instance_type = "c5.large"
    },
    {
      name                    = "lt-base"
      override_instance_types = ["m5.large", "m5a.large"]
      on_demand_base_capacity = 2
    },
    {
      # null is the module's lookup() default: no mixed policy, the template's type
      name                          = "lt-plain"
      instance_type                 = "c5.large"
      override_instance_types       = null
      on_demand_allocation_strategy = null
    },
    {
      name                                     = "lt-on-demand"
      override_instance_types                  = ["m5.large"]
      on_demand_percentage_above_base_capacity = 100
    },
  ]

  # node_groups: the module makes a launch template only with
  # create_launch_template = true, taking enable_monitoring (true) and the
  # workers' metadata defaults (tokens optional, hop limit null: EC2's 1)
  node_groups = {
    own-template = {
      create_launch_template = true
      instance_types         = ["t3.large"]
    }
    eks-template = {
      instance_types = ["t3.large"]
    }
  }
}
