# review 2 #3/#4: an aws_launch_template's instance and volume tags and its public IP reach the
# aws_eks_node_group that uses it, merged with the group's own tags
resource "aws_eks_cluster" "this" {
  name     = "demo"
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
  instance_types  = ["c5.xlarge"]
  ami_type        = "AL2023_x86_64_STANDARD"
  scaling_config {
    desired_size = 1
    max_size     = 8
    min_size     = 0
  }
  labels = { workload = "app" }
  launch_template {
    id      = aws_launch_template.app.id
    version = aws_launch_template.app.latest_version
  }
  tags = { team = "app", owner = "the-group" }
}
resource "aws_launch_template" "app" {
  name = "app"
  tag_specifications {
    resource_type = "volume"
    tags          = { backup = "daily" }
  }
  tag_specifications {
    resource_type = "instance"
    tags          = { cost-center = "42", owner = "the-template" }
  }
  network_interfaces {
    associate_public_ip_address = true
    security_groups             = ["sg-0123456789abcdef1"]
  }
}
