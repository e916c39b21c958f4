# MIGRATION.md, step 1: the groups in use, and the group that will run Karpenter
default_node_groups = {
  compute = {
    availability_zone_ids = ["usw2-az1", "usw2-az2"]
  }
  gpu = {
    availability_zone_ids = ["usw2-az1", "usw2-az3"]
  }
  platform = {
    availability_zone_ids = ["usw2-az2"]
  }
}

additional_node_groups = {
  other_az = {
    instance_types        = ["m6i.2xlarge"]
    min_per_az            = 0
    max_per_az            = 4
    desired_per_az        = 0
    availability_zone_ids = ["usw2-az4"]
    labels = {
      "dominodatalab.com/node-pool" = "other-az"
    }
    volume = {
      size = 100
      type = "gp3"
    }
  }
}

karpenter_node_groups = {
  karpenter = {
    availability_zone_ids = ["usw2-az1", "usw2-az2", "usw2-az3", "usw2-az4"]
    single_nodegroup      = true
    min_per_az            = 4
    max_per_az            = 6
    desired_per_az        = 4
  }
}
