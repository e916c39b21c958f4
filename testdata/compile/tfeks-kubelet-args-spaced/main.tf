# Hand-made: the same kubelet flags written `--flag=value` (group 'equals') and
# `--flag value` (group 'spaced'): one reading, so both groups get the same
# NodePool (but for its name) and share one EC2NodeClass.  A bare boolean flag
# is true; '--register-with-taints' becomes the NodePool's taint in both forms.  Group
# 'novalue' writes '--max-pods' with the next flag after it: no value, listed.
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 19.21"

  cluster_name    = "kspaced"
  cluster_version = "1.29"

  eks_managed_node_groups = {
    system = {
      instance_types = ["m6i.large"]
      min_size       = 2
      max_size       = 3
      desired_size   = 2
      labels         = { role = "system" }
    }
    equals = {
      ami_type       = "AL2_x86_64"
      instance_types = ["c6i.2xlarge"]
      min_size       = 0
      max_size       = 20
      desired_size   = 0
      ami_id                     = "ami-0123456789abcdef0"
      enable_bootstrap_user_data = true  # a custom AMI: the module runs bootstrap.sh with the arguments

      bootstrap_extra_args = "--kubelet-extra-args '--max-pods=110 --node-labels=workload=batch,tier=b --system-reserved=cpu=100m,memory=200Mi --eviction-hard=memory.available<100Mi,nodefs.available<10% --cpu-cfs-quota=true --image-gc-high-threshold=80 --register-with-taints=batch=true:NoSchedule'"
    }
    spaced = {
      ami_type       = "AL2_x86_64"
      instance_types = ["c6i.2xlarge"]
      min_size       = 0
      max_size       = 20
      desired_size   = 0
      ami_id                     = "ami-0123456789abcdef0"
      enable_bootstrap_user_data = true  # a custom AMI: the module runs bootstrap.sh with the arguments

      bootstrap_extra_args = "--kubelet-extra-args '--max-pods 110 --node-labels workload=batch,tier=b --system-reserved cpu=100m,memory=200Mi --eviction-hard memory.available<100Mi,nodefs.available<10% --cpu-cfs-quota --image-gc-high-threshold 80 --register-with-taints batch=true:NoSchedule'"
    }
    novalue = {
      ami_type       = "AL2_x86_64"
      instance_types = ["c6i.xlarge"]
      min_size       = 0
      max_size       = 4
      desired_size   = 0
      ami_id                     = "ami-0123456789abcdef0"
      enable_bootstrap_user_data = true  # a custom AMI: the module runs bootstrap.sh with the arguments

      bootstrap_extra_args = "--kubelet-extra-args '--max-pods --node-labels=workload=small'"
    }
  }
}
