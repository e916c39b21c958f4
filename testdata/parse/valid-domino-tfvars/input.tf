deploy_id = "acme-prod"
region    = "us-west-2"

default_node_groups = {
  compute = {
    availability_zone_ids = ["usw2-az1", "usw2-az2"]
    instance_types        = ["m6i.2xlarge"]
    min_per_az            = 0
    max_per_az            = 10
    labels = {
      "dominodatalab.com/node-pool" = "default"
    }
    volume = {
      size = 1000
      type = "gp3"
    }
  }
  platform = { availability_zone_ids = ["usw2-az1"], min_per_az = 1, spot = false }
}

additional_node_groups = {
  gpu = {
    instance_types = ["g5.2xlarge", "g5.4xlarge",]
    taints = [
      { key = "nvidia.com/gpu", value = "true", effect = "NO_SCHEDULE" },
    ]
    gpu = true
  }
}
