# hand-made: a call of modules/nodes at v3.44.0 (the user data defaults exist
# from v3.43.0): the custom-AMI group lists the kubelet default; its key is
# the given kms_info's ARN (carried), its key pair an expression (listed)
module "nodes" {
  source = "github.com/dominodatalab/terraform-aws-eks.git//modules/nodes?ref=v3.44.0"

  ssh_key = local.infra.ssh_key
  kms_info = {
    enabled = true
    key_id  = "1234abcd-12ab-34cd-56ef-1234567890ab"
    key_arn = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  }
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
