# hand-made: the user data modules/nodes writes for a custom AMI, with the
# cluster stage's `eks` leaving kubelet and soci_snapshotter out.  Since module
# v3.43.0 modules/eks defaults them: registry_pull_qps 12, registry_burst 40
# (both templates), SOCI snapshotter on (the AL2023 template only).  So:
# 'compute' (AL2023) lists eks.kubelet and eks.soci_snapshotter, 'platform'
# (custom AMI, the AL2 template by default) eks.kubelet only, 'gpu' (the EKS
# AMI: no user data of the module's) nothing.  The key is given: carried.
deploy_id = "udtest01"
region    = "us-west-2"

default_node_groups = {
  compute = {
    ami                   = "ami-002495de7d30f195d"
    user_data_type        = "AL2023"
    availability_zone_ids = ["usw2-az1", "usw2-az2"]
  }
  platform = {
    ami                   = "ami-0a1b2c3d4e5f60718"
    availability_zone_ids = ["usw2-az1", "usw2-az2"]
  }
  gpu = {
    availability_zone_ids = ["usw2-az1", "usw2-az2"]
  }
}

kms = {
  key_id = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

eks = {
  k8s_version = "1.33"
}
