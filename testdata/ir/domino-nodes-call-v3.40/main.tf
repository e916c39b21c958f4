# hand-made: a call of modules/nodes at v3.40.0, before the user data had defaults
# (they exist from v3.43.0): nothing of them is listed; the key and the
# key pair are expressions (listed)
module "nodes" {
  source = "github.com/dominodatalab/terraform-aws-eks.git//modules/nodes?ref=v3.40.0"

  ssh_key = local.infra.ssh_key
  kms_info = local.infra.kms
  additional_node_groups = {
    custom = {
      ami                   = "ami-002495de7d30f195d"
      instance_types        = ["m6i.xlarge"]
      min_per_az            = 0
      max_per_az            = 4
      desired_per_az        = 0
      availability_zone_ids = ["usw2-az1"]
      labels                = { "dominodatalab.com/node-pool" = "custom" }
      volume                = { size = 100, type = "gp3" }
    }
  }
  default_node_groups = null
}
