# terraform-aws-modules/eks v17 worker groups (written for karpgen):
# spot_price, a maximum price, makes the group spot; the price itself is not
# carried (KG240 with eksctl maxPrice's reason).  A v18+ self-managed group's
# instance_market_options.spot_options with a max_price likewise.
module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  version         = "17.24.0"
  cluster_name    = "v17w"
  cluster_version = "1.29"
  subnets         = ["subnet-0aaaaaaaaaaaaaaa1"]
  worker_groups = [
    {
      name                 = "ondemand"
      instance_type        = "m5.large"
      asg_desired_capacity = 2
      asg_min_size         = 2
    },
    {
      name                 = "spot"
      spot_price           = "0.199"
      instance_type        = "m5.xlarge"
      asg_desired_capacity = 1
    },
  ]
}

module "apps" {
  source        = "terraform-aws-modules/eks/aws//modules/self-managed-node-group"
  version       = "20.37.2"
  name          = "apps"
  cluster_name  = "v17w"
  instance_type = "m5.xlarge"
  subnet_ids    = ["subnet-0aaaaaaaaaaaaaaa1"]
  instance_market_options = {
    market_type = "spot"
    spot_options = {
      max_price = "0.10"
    }
  }
}
