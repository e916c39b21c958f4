# A self-managed group on the VPC module's public subnets (as terraform-aws-modules'
# tests/self-managed-node-group does): the kit's class selects private subnets only.
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "pub"
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
  }

  self_managed_node_groups = {
    edge = {
      instance_type = "m5.large"
      min_size      = 1
      max_size      = 4
      subnet_ids    = module.vpc.public_subnets
    }
  }
}
