# hand-made: kms disabled.  modules/nodes writes kms_key_id = null (the
# account's default EBS key), as the kit does: nothing to carry, nothing listed
deploy_id = "kmstest04"
region    = "us-west-2"

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

kms = {
  enabled = false
}
