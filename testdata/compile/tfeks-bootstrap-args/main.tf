# Hand-made: bootstrap arguments, extra security groups, launch-template tags and
# node-role policies of terraform-aws-modules/eks (v19 list form) and EKS Blueprints v4.
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 19.21"

  cluster_name    = "args"
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
      instance_types = ["c6id.2xlarge", "c6id.4xlarge"]
      min_size       = 0
      max_size       = 20
      desired_size   = 0
      ami_id                     = "ami-0123456789abcdef0"
      enable_bootstrap_user_data = true  # a custom AMI: the module runs bootstrap.sh with the arguments

      bootstrap_extra_args = "--local-disks raid0 --kubelet-extra-args '--node-labels=workload=batch,tier=compute --max-pods=58'"

      vpc_security_group_ids       = ["sg-0c1b2c3d4e5f60718"]
      iam_role_additional_policies = ["arn:aws:iam::111122223333:policy/batch-s3"]
      launch_template_tags = {
        "cost-center"                     = "42"
        "k8s.io/cluster-autoscaler/args"  = "owned"
      }
      metadata_options = {
        http_endpoint               = "enabled"
        http_tokens                 = "required"
        http_put_response_hop_limit = 1
      }
    }
  }
}

module "eks_blueprints" {
  source = "github.com/aws-ia/terraform-aws-eks-blueprints?ref=v4.32.1"

  cluster_name = "args"

  managed_node_groups = {
    mg_etl = {
      node_group_name    = "etl"
      instance_types     = ["r6i.xlarge"]
      min_size           = 0
      max_size           = 5
      launch_template_os = "amazonlinux2eks"
      create_launch_template = true
      custom_ami_id      = "ami-0123456789abcdef1"  # the module bootstraps only a custom AMI with the arguments
      pre_userdata       = <<-EOT
        yum install -y amazon-ssm-agent
      EOT
      kubelet_extra_args = "--node-labels=workload=etl"
      additional_iam_policies = ["arn:aws:iam::111122223333:policy/etl-glue"]
    }
  }
}
