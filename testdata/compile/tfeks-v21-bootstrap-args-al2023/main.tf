# Hand-made: terraform-aws-modules v21 self-managed groups run AL2023 unless
# ami_type says otherwise (the module's default AL2023_x86_64_STANDARD), whose
# user data (nodeadm) has no place for bootstrap_extra_args: group 'std' never
# had the --node-labels / --max-pods it names (KG240, nothing carried); group
# 'al2' names an AL2 AMI type, so bootstrap.sh runs with them: carried.
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"

  name               = "v21args"
  kubernetes_version = "1.32"

  eks_managed_node_groups = {
    system = {
      instance_types = ["m5.large"]
      min_size       = 2
      max_size       = 3
      labels         = { role = "system" }
    }
  }

  self_managed_node_groups = {
    std = {
      instance_type        = "m5.large"
      max_size             = 4
      bootstrap_extra_args = "--kubelet-extra-args '--node-labels=tier=std --max-pods=50'"
    }
    al2 = {
      ami_type             = "AL2_x86_64"
      instance_type        = "m5.large"
      max_size             = 4
      bootstrap_extra_args = "--kubelet-extra-args '--node-labels=tier=al2 --max-pods=60'"
    }
  }
}
