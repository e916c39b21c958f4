# aws_eks_node_group resources (written for karpgen) whose launch templates
# have a placement block: group_id, partition_number and tenancy "dedicated"
# reach the group ('mpi': EC2NodeClass placementGroupSelector {id}, NodePool
# requirements placement-group-partition and instance-tenancy); a group_name
# ('hpc': placementGroupSelector {name}) in a class of its own; host
# affinity is listed (KG240).
resource "aws_launch_template" "mpi" {
  name          = "mpi-lt"
  instance_type = "c5n.18xlarge"

  placement {
    group_id         = "pg-0a1b2c3d4e5f60718"
    partition_number = 3
    tenancy          = "dedicated"
  }
}

resource "aws_launch_template" "hpc" {
  name          = "hpc-lt"
  instance_type = "hpc6a.48xlarge"

  placement {
    group_name = "hpc-cluster"
    affinity   = "host"
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

resource "aws_eks_node_group" "mpi" {
  cluster_name    = "demo"
  node_group_name = "mpi"
  node_role_arn   = "arn:aws:iam::123456789012:role/demo-nodes"
  subnet_ids      = ["subnet-0a1b2c3d4e5f60718"]
  ami_type        = "AL2023_x86_64_STANDARD"

  scaling_config {
    min_size     = 0
    max_size     = 8
    desired_size = 2
  }

  launch_template {
    id      = aws_launch_template.mpi.id
    version = aws_launch_template.mpi.latest_version
  }
}

resource "aws_eks_node_group" "hpc" {
  cluster_name    = "demo"
  node_group_name = "hpc"
  node_role_arn   = "arn:aws:iam::123456789012:role/demo-nodes"
  subnet_ids      = ["subnet-0a1b2c3d4e5f60718"]
  ami_type        = "AL2023_x86_64_STANDARD"

  scaling_config {
    min_size     = 0
    max_size     = 4
    desired_size = 1
  }

  launch_template {
    name    = aws_launch_template.hpc.name
    version = aws_launch_template.hpc.latest_version
  }
}
