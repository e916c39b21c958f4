# A Domino EKS deployment about to move to Karpenter (step 1 of the module's MIGRATION.md):
# the default and additional node groups still run, and karpenter_node_groups adds the group
# that will run the Karpenter controller in every zone the other groups use.
# Adapted from dominodatalab/terraform-aws-eks examples/tfvars/custom-node-pool.tfvars (Apache-2.0).
deploy_id = "plantest002"
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

additional_node_groups = {
  custom-0 = {
    instance_types        = ["m6i.2xlarge"]
    min_per_az            = 0
    max_per_az            = 10
    desired_per_az        = 0
    availability_zone_ids = ["usw2-az1", "usw2-az2"]
    labels = {
      "dominodatalab.com/node-pool" = "custom-group-0"
    }
    volume = {
      size = 100
      type = "gp3"
    }
  }
}

karpenter_node_groups = {
  karpenter = {
    availability_zone_ids = ["usw2-az1", "usw2-az2"]
    # karpgen:ignore single-nodegroup: one group across both zones is what we want
    single_nodegroup      = true
    min_per_az            = 2
    desired_per_az        = 2
  }
}
