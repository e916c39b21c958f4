# Hand-made: a self-managed group whose ASG replaces instances after two weeks (max_instance_lifetime, seconds).
module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  version         = "~> 20.0"
  cluster_name    = "lt"
  cluster_version = "1.31"
  eks_managed_node_groups = {
    system = { instance_types = ["m6i.large"], min_size = 2, max_size = 3 }
  }
  self_managed_node_groups = {
    workers = {
      instance_type         = "m6i.xlarge"
      min_size              = 1
      max_size              = 5
      max_instance_lifetime = 1209600
    }
  }
}
