# aws_eks_node_group resources (written for karpgen): 'workers' uses a launch
# template of the same configuration, whose volumes, metadata options,
# security groups, instance type, tags and user data reach the group; user
# data is listed as not carried (KG240), since Karpenter bootstraps the node.
# The AMI (image_id) reaches the group as its custom AMI; "legacy" names a
# template no input holds (KG240).
resource "aws_launch_template" "workers" {
  name                   = "workers-lt"
  instance_type          = "m6i.xlarge"
  image_id               = "ami-0123456789abcdef0"
  vpc_security_group_ids = ["sg-0a1b2c3d4e5f60718", "sg-0b1b2c3d4e5f60718"]
  user_data              = base64encode(local.workers_user_data)

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size = 120
      volume_type = "gp3"
      encrypted   = true
    }
  }

  block_device_mappings {
    device_name = "/dev/xvdb"
    ebs {
      volume_size = 500
      volume_type = "gp3"
      throughput  = 250
    }
  }

  tag_specifications {
    resource_type = "instance"
    tags = {
      team = "data"
    }
  }
}

resource "aws_eks_node_group" "system" {
  cluster_name    = "demo"
  node_group_name = "system"
  node_role_arn   = "arn:aws:iam::123456789012:role/demo-nodes"
  subnet_ids      = ["subnet-0a1b2c3d4e5f60718", "subnet-0b1b2c3d4e5f60718"]
  ami_type        = "AL2023_x86_64_STANDARD"
  instance_types  = ["t3.large"]

  scaling_config {
    min_size     = 2
    max_size     = 3
    desired_size = 2
  }
}

resource "aws_eks_node_group" "workers" {
  cluster_name    = "demo"
  node_group_name = "workers"
  node_role_arn   = "arn:aws:iam::123456789012:role/demo-nodes"
  subnet_ids      = ["subnet-0a1b2c3d4e5f60718", "subnet-0b1b2c3d4e5f60718"]
  ami_type        = "AL2023_x86_64_STANDARD"

  scaling_config {
    min_size     = 1
    max_size     = 6
    desired_size = 2
  }

  launch_template {
    id      = aws_launch_template.workers.id
    version = aws_launch_template.workers.latest_version
  }
}

resource "aws_eks_node_group" "legacy" {
  cluster_name    = "demo"
  node_group_name = "legacy"
  node_role_arn   = "arn:aws:iam::123456789012:role/demo-nodes"
  subnet_ids      = ["subnet-0a1b2c3d4e5f60718"]
  instance_types  = ["m5.large"]

  scaling_config {
    min_size     = 0
    max_size     = 2
    desired_size = 1
  }

  launch_template {
    name    = aws_launch_template.legacy.name
    version = "$Latest"
  }
}
