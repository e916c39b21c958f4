# A group pinned to one subnet by an expression (as the Blueprints targeted-odcr pattern pins its
# GPU group to the capacity reservation's zone): the kit cannot evaluate it, so it does not pin it.
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "odcr"
  cluster_version = "1.30"
  vpc_id          = "vpc-0123456789abcdef0"
  subnet_ids      = module.vpc.private_subnets

  eks_managed_node_groups = {
    system = {
      instance_types = ["m5.large"]
      min_size       = 2
      max_size       = 3
      desired_size   = 2
    }
    gpu = {
      instance_types = ["p4d.24xlarge"]
      min_size       = 0
      max_size       = 2
      subnet_ids     = [element(module.vpc.private_subnets, 0)]
    }
  }
}
