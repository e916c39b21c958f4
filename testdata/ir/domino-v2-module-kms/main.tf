# hand-made from v2.0.0's examples/custom-node-pool: the root module's `kms`
# as a module argument, read as the tfvars' is: its key_id is carried to
# each root volume (v2.0.0 node-group.tf: kms_key_id = local.kms_key_arn)
module "domino_eks" {
  source    = "./../.."
  region    = "us-west-2"
  deploy_id = "dominoeks003"
  bastion   = {}
  kms = {
    enabled = true
    key_id  = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  }
  default_node_groups = {
    compute = {
      availability_zone_ids = ["usw2-az1"]
    }
    platform = {
      availability_zone_ids = ["usw2-az1"]
    }
    gpu = {
      availability_zone_ids = ["usw2-az1"]
    }
  }
}
