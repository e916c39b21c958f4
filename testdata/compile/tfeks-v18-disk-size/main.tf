# terraform-aws-modules/eks v18 (written for karpgen, after the v18.31.2
# eks_managed_node_group example): v18 uses EKS's own launch template only
# with create_launch_template = false and launch_template_name = "" (the root
# module names the template after the map key otherwise), so disk_size is
# the nodes' in "eksdefault" and not in "named" (KG240).
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "18.31.2"

  cluster_name    = "ds18"
  cluster_version = "1.29"
  subnet_ids      = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]

  eks_managed_node_groups = {
    system = {
      instance_types = ["m5.large"]
      min_size       = 2
      max_size       = 3
      desired_size   = 2
      labels         = { role = "system" }
    }
    eksdefault = {
      instance_types         = ["c5.xlarge"]
      create_launch_template = false
      launch_template_name   = ""
      disk_size              = 50
    }
    named = {
      instance_types         = ["m5.xlarge"]
      create_launch_template = false
      disk_size              = 70
    }
  }
}
