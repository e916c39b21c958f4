# terraform-aws-modules v18 self-managed groups as its self_managed_node_group example writes them:
# a mixed group with weighted overrides and 20 % on-demand, and an all-spot one
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 18.0"

  cluster_name    = "mixed"
  cluster_version = "1.30"

  vpc_id     = "vpc-0123456789abcdef0"
  subnet_ids = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb1"]

  self_managed_node_groups = {
    system = {
      name          = "system"
      instance_type = "m5.large"
      min_size      = 2
      max_size      = 2
      desired_size  = 2
    }

    mixed = {
      name = "mixed"

      min_size     = 1
      max_size     = 5
      desired_size = 2

      bootstrap_extra_args = "--kubelet-extra-args '--node-labels=node.kubernetes.io/lifecycle=spot'"

      use_mixed_instances_policy = true
      mixed_instances_policy = {
        instances_distribution = {
          on_demand_base_capacity                  = 0
          on_demand_percentage_above_base_capacity = 20
          spot_allocation_strategy                 = "capacity-optimized"
        }

        override = [
          {
            instance_type     = "m5.large"
            weighted_capacity = "1"
          },
          {
            instance_type     = "m6i.2xlarge"
            weighted_capacity = "4"
          },
        ]
      }
    }

    spot = {
      name     = "spot"
      min_size = 0
      max_size = 4

      use_mixed_instances_policy = true
      mixed_instances_policy = {
        instances_distribution = {
          on_demand_base_capacity                  = 0
          on_demand_percentage_above_base_capacity = 0
          spot_allocation_strategy                 = "price-capacity-optimized"
        }
        override = [
          { instance_type = "c5.xlarge" },
          { instance_type = "c5a.xlarge" },
        ]
      }
    }
  }
}
