# A Domino deployment in the middle of the migration (examples/karpenter/MIGRATION.md,
# step 1): the karpenter group added beside the default and additional groups.
deploy_id = "mycluster"
region    = "us-west-2"

default_node_groups = {
  compute = {
    availability_zone_ids = ["usw2-az1", "usw2-az2"]
    spot                  = true
    instance_types        = ["m6i.2xlarge", "m6a.2xlarge"]
  }
  gpu = {
    availability_zone_ids = ["usw2-az1", "usw2-az3"]
    single_nodegroup      = true
  }
  platform = {
    availability_zone_ids = ["usw2-az2"]
    min_per_az            = 2
  }
  platform_jobs = null
}

additional_node_groups = {
  trainium = {
    availability_zone_ids = ["usw2-az4"]
    instance_types        = ["trn1.2xlarge"]
    min_per_az            = 0
    max_per_az            = 4
    desired_per_az        = 0
    labels = {
      "dominodatalab.com/node-pool" = "trainium"
    }
    volume = {
      size = "500"
      type = "gp3"
    }
  }
}

karpenter_node_groups = {
  karpenter = {
    availability_zone_ids = ["usw2-az1", "usw2-az2", "usw2-az3", "usw2-az4"]
    single_nodegroup      = true
  }
}
