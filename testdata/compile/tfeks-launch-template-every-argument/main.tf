# An aws_eks_node_group on an aws_launch_template that writes every argument
# of the resource (written for karpgen, after the AWS provider's docs): the
# ones the kit carries (the IMDS IPv6 endpoint among them), KG240 with the
# AWS CLI's reason for each one it cannot carry, nothing for the options at
# EC2's default or for the template's own facts, and KG110 for a key the
# resource does not have.
resource "aws_eks_cluster" "this" {
  name     = "ltall"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  version  = "1.30"
  vpc_config { subnet_ids = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"] }
}

resource "aws_eks_node_group" "system" {
  cluster_name    = aws_eks_cluster.this.name
  node_group_name = "system"
  node_role_arn   = "arn:aws:iam::111122223333:role/nodes"
  subnet_ids      = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]
  instance_types  = ["m5.large"]
  labels          = { role = "system" }
  scaling_config {
    desired_size = 2
    max_size     = 3
    min_size     = 2
  }
}

resource "aws_eks_node_group" "app" {
  cluster_name    = aws_eks_cluster.this.name
  node_group_name = "app"
  node_role_arn   = "arn:aws:iam::111122223333:role/nodes"
  subnet_ids      = ["subnet-0aaaaaaaaaaaaaaa1"]
  ami_type        = "AL2023_x86_64_STANDARD"
  scaling_config {
    desired_size = 1
    max_size     = 8
    min_size     = 0
  }
  launch_template {
    id      = aws_launch_template.app.id
    version = aws_launch_template.app.latest_version
  }
  lifecycle {
    ignore_changes = [scaling_config[0].desired_size]
  }
}

resource "aws_eks_node_group" "quiet" {
  cluster_name    = aws_eks_cluster.this.name
  node_group_name = "quiet"
  node_role_arn   = "arn:aws:iam::111122223333:role/nodes"
  subnet_ids      = ["subnet-0aaaaaaaaaaaaaaa2"]
  ami_type        = "AL2023_x86_64_STANDARD"
  scaling_config {
    desired_size = 1
    max_size     = 4
    min_size     = 0
  }
  launch_template {
    name    = aws_launch_template.quiet.name
    version = "$Latest"
  }
}

resource "aws_launch_template" "app" {
  name                                 = "app"
  description                          = "app nodes"
  update_default_version               = true
  region                               = "eu-west-1"
  key_name                             = "mykey"
  ebs_optimized                        = true
  instance_initiated_shutdown_behavior = "terminate"
  disable_api_termination              = true
  disable_api_stop                     = true
  iam_instance_profile { name = "myprofile" }
  credit_specification { cpu_credits = "unlimited" }
  cpu_options {
    core_count       = 2
    threads_per_core = 1
  }
  maintenance_options { auto_recovery = "disabled" }
  hibernation_options { configured = true }
  enclave_options { enabled = true }
  kernel_id   = "aki-12345678"
  ram_disk_id = "ari-12345678"
  license_specification { license_configuration_arn = "arn:aws:license-manager:eu-west-1:111122223333:license-configuration:lic-1" }
  security_group_names = ["legacy-sg"]
  instance_type        = "c5.xlarge"
  private_dns_name_options {
    hostname_type                     = "resource-name"
    enable_resource_name_dns_a_record = true
  }
  network_performance_options { bandwidth_weighting = "vpc-1" }
  secondary_interfaces {
    device_index        = 1
    secondary_subnet_id = "subnet-0bbbbbbbbbbbbbbb1"
  }
  instance_market_options {
    market_type = "spot"
    spot_options { max_price = "0.05" }
  }
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
    http_protocol_ipv6          = "enabled"
    instance_metadata_tags      = "enabled"
  }
  monitoring { enabled = true }
  tags = { lt-own-tag = "x" }
  elastic_gpu_specifications { type = "eg1.medium" }
  elastic_inference_accelerator { type = "eia1.medium" }
  lifecycle { create_before_destroy = true }
  no_such_argument = true
}

# every option at EC2's default (or false): nothing to report
resource "aws_launch_template" "quiet" {
  name                                 = "quiet"
  instance_initiated_shutdown_behavior = "stop"
  disable_api_termination              = false
  disable_api_stop                     = false
  maintenance_options { auto_recovery = "default" }
  hibernation_options { configured = false }
  enclave_options { enabled = false }
  private_dns_name_options { hostname_type = "ip-name" }
  network_performance_options { bandwidth_weighting = "default" }
  instance_market_options {
    market_type = "spot"
    spot_options {
      instance_interruption_behavior = "terminate"
      spot_instance_type             = "one-time"
    }
  }
  metadata_options {
    http_tokens            = "required"
    instance_metadata_tags = "disabled"
  }
}
