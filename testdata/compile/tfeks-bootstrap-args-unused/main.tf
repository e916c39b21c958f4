# Hand-made: bootstrap_extra_args / kubelet_extra_args where the module never
# runs a bootstrap with them, and labels / taints of self-managed groups, which
# the modules have no input for (review3 #1, #4).  terraform-aws-modules v20:
# an EKS managed group on EKS's own AMI (AL2, Windows) gets its bootstrap from
# EKS; the arguments reach bootstrap.sh only with enable_bootstrap_user_data
# (a custom AMI), and only through the module's own launch template ('ekslt'
# is on EKS's).  Bottlerocket's are TOML settings the module always appends:
# carried.  A self-managed group always runs bootstrap.sh with them: its
# --node-labels are carried, its labels / taints keys are not.  EKS Blueprints
# v4: a managed group's arguments reach bootstrap.sh only with custom_ami_id;
# its Bottlerocket template uses neither; self-managed groups have no
# k8s_labels / k8s_taints input.  Every one not carried is KG240, with no
# label, taint or kubelet value the nodes never had.
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "unused"
  cluster_version = "1.30"

  eks_managed_node_groups = {
    system = {
      instance_types = ["m5.large"]
      min_size       = 2
      max_size       = 3
      labels         = { role = "system" }
    }
    app = {
      ami_type             = "AL2_x86_64"
      instance_types       = ["m5.xlarge"]
      max_size             = 3
      bootstrap_extra_args = "--kubelet-extra-args '--max-pods=110 --node-labels=tier=gold'"
    }
    win = {
      ami_type             = "WINDOWS_CORE_2022_x86_64"
      instance_types       = ["m5.xlarge"]
      max_size             = 3
      bootstrap_extra_args = "-KubeletExtraArgs '--node-labels=wl=1 --max-pods=30'"
    }
    ekslt = {
      ami_type                   = "AL2_x86_64"
      instance_types             = ["m5.large"]
      max_size                   = 3
      use_custom_launch_template = false
      enable_bootstrap_user_data = true
      bootstrap_extra_args       = "--kubelet-extra-args '--node-labels=tier=ekslt'"
    }
    br = {
      ami_type             = "BOTTLEROCKET_x86_64"
      instance_types       = ["m5.large"]
      max_size             = 3
      bootstrap_extra_args = <<-EOT
        [settings.kernel]
        lockdown = "integrity"
      EOT
    }
  }

  self_managed_node_groups = {
    workers = {
      instance_type        = "m5.large"
      max_size             = 6
      bootstrap_extra_args = "--kubelet-extra-args '--node-labels=role=w --max-pods=40'"
      labels               = { x = "y" }
      taints               = { a = { key = "k", value = "v", effect = "NO_SCHEDULE" } }
    }
  }
}

module "eks_blueprints" {
  source = "github.com/aws-ia/terraform-aws-eks-blueprints?ref=v4.32.1"

  cluster_name = "unused"

  managed_node_groups = {
    mg_x = {
      node_group_name        = "mgx"
      instance_types         = ["m5.xlarge"]
      max_size               = 4
      create_launch_template = true
      launch_template_os     = "amazonlinux2eks"
      kubelet_extra_args     = "--node-labels=kx=1 --max-pods=25"
      bootstrap_extra_args   = "--use-max-pods false"
    }
  }

  self_managed_node_groups = {
    sm = {
      node_group_name    = "smg"
      instance_type      = "c5.large"
      max_size           = 3
      launch_template_os = "bottlerocket"
      k8s_labels         = { b = "2" }
      k8s_taints         = [{ key = "s", value = "w", effect = "NO_EXECUTE" }]
      kubelet_extra_args = "--node-labels=ignored=1 --max-pods=20"
    }
  }
}
