# Node groups written as resources, one each (no module).
resource "aws_eks_node_group" "workers" {
  cluster_name    = aws_eks_cluster.this.name
  node_group_name = "workers"
  node_role_arn   = aws_iam_role.node.arn
  subnet_ids      = ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"]
  instance_types  = ["m7g.large", "m7g.xlarge"]
  ami_type        = "AL2023_ARM_64_STANDARD"
  capacity_type   = "SPOT"
  disk_size       = 50

  scaling_config {
    desired_size = 2
    max_size     = 6
    min_size     = 1
  }

  labels = {
    role = "workers"
  }

  taint {
    key    = "dedicated"
    value  = "workers"
    effect = "NO_SCHEDULE"
  }
  taint {
    key    = "spot"
    effect = "PREFER_NO_SCHEDULE"
  }
}

resource "aws_eks_node_group" "system" {
  cluster_name  = aws_eks_cluster.this.name
  node_role_arn = aws_iam_role.node.arn
  subnet_ids    = var.private_subnet_ids

  scaling_config {
    desired_size = 2
    max_size     = 3
    min_size     = 2
  }
}
