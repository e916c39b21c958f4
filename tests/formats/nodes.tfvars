# The nodes stage's copy of infra.tfvars, edited so that it disagrees:
# another deploy_id, compute's instance types, custom-0's max_per_az and
# a group the infra stage does not have.  The rest says the same thing in
# other words (default values written out, numbers as strings), which is no
# conflict.
deploy_id        = "plantest003"
region           = "us-west-2"
ssh_pvt_key_path = "domino.pem"

default_node_groups = {
  compute = {
    availability_zone_ids = ["usw2-az1", "usw2-az2"]
    instance_types        = ["m6i.4xlarge"]
  }
  platform = {
    availability_zone_ids = ["usw2-az1", "usw2-az2"]
    min_per_az            = 1
  }
  gpu = {
    availability_zone_ids = ["usw2-az1", "usw2-az2"]
  }
}

additional_node_groups = {
  custom-0 = {
    instance_types        = ["m6i.2xlarge"]
    min_per_az            = 0
    max_per_az            = 20
    desired_per_az        = 0
    availability_zone_ids = ["usw2-az1", "usw2-az2"]
    labels = {
      "dominodatalab.com/node-pool" = "custom-group-0"
    }
    volume = {
      size = "100"
      type = "gp3"
    }
  }
  custom-gpu-1 = {
    gpu            = true
    instance_types = ["m6i.2xlarge"]
    min_per_az     = 0
    max_per_az     = 10
    desired_per_az = 0
    availability_zone_ids = ["usw2-az1", "usw2-az2"]
    labels = {
      "dominodatalab.com/node-pool" = "custom-gpu-1 "
    }
    volume = {
      size = 100
      type = "gp3"
    }
  }
  custom-gpu-2 = {
    instance_types        = ["g5.xlarge"]
    min_per_az            = 0
    max_per_az            = 10
    desired_per_az        = 0
    availability_zone_ids = ["usw2-az1", "usw2-az2"]
    labels = {
      "dominodatalab.com/node-pool" = "custom-gpu-2 "
    }
    volume = {
      size = 100
      type = "gp3"
    }
  }
  custom-gpu-3 = {
    instance_types        = ["g5.xlarge"]
    min_per_az            = 0
    max_per_az            = 10
    desired_per_az        = 0
    availability_zone_ids = ["usw2-az1", "usw2-az2"]
    labels = {
      "dominodatalab.com/node-pool" = "custom-gpu-3 "
    }
    volume = {
      size = 100
      type = "gp3"
    }
    taints = [{
      key    = "nvidia.com/gpu"
      value  = "true"
      effect = "NO_SCHEDULE"
    }]
  }
  extra = {
    instance_types        = ["r6i.xlarge"]
    min_per_az            = 0
    max_per_az            = 2
    desired_per_az        = 0
    availability_zone_ids = ["usw2-az1"]
    labels = {
      "dominodatalab.com/node-pool" = "extra"
    }
    volume = {
      size = 100
      type = "gp3"
    }
  }
}
