# Hand-made: terraform-aws-modules v17 node_groups (EKS managed) put
# kubelet_extra_args into the user data of the launch template the module
# makes only with create_launch_template = true (modules/node_groups), and
# never read bootstrap_extra_args (the worker groups' key): group 'plain'
# never had its --node-labels / --max-pods (KG240, nothing carried), nor
# group 'lt' its bootstrap_extra_args; 'lt''s kubelet_extra_args are carried.
# A worker group runs bootstrap.sh with both: carried.
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "17.24.0"

  cluster_name    = "v17args"
  cluster_version = "1.29"

  node_groups = {
    system = {
      instance_types = ["m5.large"]
      min_capacity   = 2
      max_capacity   = 3
      k8s_labels     = { role = "system" }
    }
    plain = {
      instance_types     = ["m5.xlarge"]
      max_capacity       = 4
      kubelet_extra_args = "--node-labels=tier=plain --max-pods=50"
    }
    lt = {
      create_launch_template = true
      instance_types         = ["m5.xlarge"]
      max_capacity           = 4
      kubelet_extra_args     = "--node-labels=tier=lt --max-pods=60"
      bootstrap_extra_args   = "--use-max-pods false"
    }
  }

  worker_groups = [
    {
      name                 = "workers"
      instance_type        = "m5.large"
      asg_max_size         = 3
      kubelet_extra_args   = "--node-labels=tier=w --max-pods=70"
    },
  ]
}
