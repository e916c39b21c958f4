# terraform-aws-modules/eks v17 node_groups (written for karpgen): disk_size goes to EKS
# without a launch template (a) and into the template the module makes (b);
# beside a template the group names (c) the module drops it: KG240.
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "17.24.0"
  cluster_name    = "v17"
  cluster_version = "1.29"
  subnets = ["subnet-0aaaaaaaaaaaaaaa1"]
  node_groups = {
    a = { instance_types = ["m5.large"], disk_size = 50 }
    b = { instance_types = ["m5.large"], disk_size = 60, create_launch_template = true }
    c = { instance_types = ["m5.large"], disk_size = 70, launch_template_id = "lt-0123456789abcdef0" }
  }
}
