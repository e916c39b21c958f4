# hand-made: the infra stage's own key (kms.key_id, examples/tfvars/kms-byok.tfvars
# with a real id): modules/nodes encrypts each root volume with it, so it is
# carried (volume_kms_key, encrypted); cluster.tfvars' kms_info = null means
# "the infra stage's key"
deploy_id = "kmstest05"
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
  enabled = true
  key_id  = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}
