# hand-made: no `kms` at all.  modules/infra's `kms` defaults to {} (enabled,
# no key_id), so the module makes a key (aws_kms_key.domino, alias/<deploy_id>)
# and modules/nodes encrypts every root volume with it; its ARN exists only
# after apply: KG240 on every group (a default), with the alias to look it up
deploy_id = "kmstest03"
region    = "us-west-2"

default_node_groups = {
  compute = {
    availability_zone_ids = ["usw2-az1", "usw2-az2"]
  }
  platform = {
    availability_zone_ids = ["usw2-az1", "usw2-az2"]
  }
  gpu = {
    availability_zone_ids = ["usw2-az1", "usw2-az2"]
  }
}

eks = {
  k8s_version = "1.33"
}
