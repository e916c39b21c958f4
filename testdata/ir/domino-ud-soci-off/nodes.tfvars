# hand-made: an AL2023 custom-AMI group whose cluster stage turns the SOCI
# snapshotter off and sets the kubelet's pull limits: the written kubelet is
# listed (the input's value, not the default), SOCI is nothing to carry
deploy_id = "udtest02"
region    = "us-west-2"

default_node_groups = {
  compute = {
    ami                   = "ami-002495de7d30f195d"
    user_data_type        = "AL2023"
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

eks = {
  k8s_version = "1.35"
  kubelet = {
    registry_pull_qps = 20
  }
  soci_snapshotter = {
    enabled = false
  }
}
