# hand-made after examples/tfvars/oidc-byo.tfvars: KMS enabled without a
# key, so the module makes one whose ARN exists only after apply; the kit
# cannot name it, so it lists it (KG240) rather than drop it
deploy_id = "kmstest02"
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

kms = {
  enabled = true
}

eks = {
  k8s_version = "1.33"
}
