# Hand-made: kubelet flags in the bootstrap arguments of terraform-aws-modules/eks
# (bootstrap_extra_args) and EKS Blueprints v4 (kubelet_extra_args): the fields
# Karpenter's kubelet block has are carried; --register-with-taints becomes the NodePool's taint.
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 19.21"

  cluster_name    = "kargs"
  cluster_version = "1.29"

  eks_managed_node_groups = {
    system = {
      instance_types = ["m6i.large"]
      min_size       = 2
      max_size       = 3
      desired_size   = 2
      labels         = { role = "system" }
    }
    batch = {
      ami_type       = "AL2_x86_64"
      instance_types = ["c6i.2xlarge"]
      min_size       = 0
      max_size       = 20
      desired_size   = 0
      labels         = { role = "batch" }
      ami_id                     = "ami-0123456789abcdef0"
      enable_bootstrap_user_data = true  # a custom AMI: the module runs bootstrap.sh with the arguments

      bootstrap_extra_args = "--kubelet-extra-args '--max-pods=30 --pods-per-core=5 --system-reserved=cpu=100m,memory=200Mi --kube-reserved=cpu=200m --eviction-hard=memory.available<100Mi,nodefs.available<10% --eviction-soft=memory.available<300Mi --eviction-soft-grace-period=memory.available=2m --eviction-max-pod-grace-period=30 --image-gc-high-threshold=80 --image-gc-low-threshold=60 --cpu-cfs-quota=false --register-with-taints=batch=true:NoSchedule'"
    }
  }
}

module "eks_blueprints" {
  source = "github.com/aws-ia/terraform-aws-eks-blueprints?ref=v4.32.1"

  cluster_name = "kargs"

  managed_node_groups = {
    mg_etl = {
      node_group_name    = "etl"
      instance_types     = ["r6i.xlarge"]
      min_size           = 0
      max_size           = 5
      launch_template_os = "amazonlinux2eks"
      create_launch_template = true
      custom_ami_id      = "ami-0123456789abcdef1"  # the module bootstraps only a custom AMI with the arguments
      kubelet_extra_args = "--node-labels=workload=etl --kube-reserved=cpu=250m,memory=1Gi --cluster-dns=169.254.20.10"
    }
  }
}
