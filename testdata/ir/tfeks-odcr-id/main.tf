# capacity_reservation_specification: a targeted reservation id becomes the
# EC2NodeClass capacityReservationSelectorTerms [{id}] and the capacity type
# `reserved` (on-demand kept as the fallback unless capacity-reservations-only);
# a resource group cannot be selected by Karpenter (KG240); preference "none"
# uses no reservation (nothing to carry); an untargeted "open" preference and
# an id karpgen cannot evaluate are listed (KG240)
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"
  cluster_name    = "odcr"
  cluster_version = "1.27"
  eks_managed_node_groups = {
    sys = {
      instance_types = ["m5.large"]
      min_size = 2
      max_size = 3
      desired_size = 2
      capacity_reservation_specification = {
        capacity_reservation_preference = "none"
      }
    }
    gpu = {
      instance_types = ["p4d.24xlarge"]
      ami_type = "AL2_x86_64_GPU"
      min_size = 0
      max_size = 2
      desired_size = 1
      capacity_reservation_specification = {
        capacity_reservation_target = {
          capacity_reservation_id = "cr-0123456789abcdef0"
        }
      }
    }
    only = {
      instance_types = ["c5.4xlarge"]
      min_size = 0
      max_size = 4
      desired_size = 1
      capacity_reservation_specification = {
        capacity_reservation_preference = "capacity-reservations-only"
        capacity_reservation_target = {
          capacity_reservation_id = "cr-0fedcba9876543210"
        }
      }
    }
    rg = {
      instance_types = ["m5.xlarge"]
      min_size = 0
      max_size = 4
      desired_size = 1
      capacity_reservation_specification = {
        capacity_reservation_target = {
          capacity_reservation_resource_group_arn = "arn:aws:resource-groups:us-east-1:111122223333:group/odcr"
        }
      }
    }
    open = {
      instance_types = ["m5.large"]
      min_size = 0
      max_size = 2
      desired_size = 1
      capacity_reservation_specification = {
        capacity_reservation_preference = "open"
      }
    }
    byvar = {
      instance_types = ["m5.large"]
      min_size = 0
      max_size = 2
      desired_size = 1
      capacity_reservation_specification = {
        capacity_reservation_target = {
          capacity_reservation_id = var.reservation_id
        }
      }
    }
  }
}
