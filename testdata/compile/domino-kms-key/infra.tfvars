# hand-made with the cluster stage's kms_info (examples/deploy): the cluster-wide KMS key
# of the volumes (modules/nodes: kms_key_id = var.kms_info.key_arn) is
# carried to each EC2NodeClass root volume (ebs.kmsKeyID, encrypted)
deploy_id = "kmstest01"
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

kms_info = {
  enabled = true
  key_id  = "1234abcd-12ab-34cd-56ef-1234567890ab"
  key_arn = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

eks = {
  k8s_version = "1.33"
}
