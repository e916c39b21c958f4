# A Domino tfvars and an eksctl config of the same cluster that disagree on the
# region: one KG107, at the later value, with a note at the one karpgen keeps.
deploy_id = "mycluster"
region    = "us-west-2"

default_node_groups = {
  compute  = { availability_zone_ids = ["usw2-az1", "usw2-az2"] }
  platform = { availability_zone_ids = ["usw2-az1", "usw2-az2"] }
  gpu      = null
}

karpenter_node_groups = {
  karpenter = { availability_zone_ids = ["usw2-az1", "usw2-az2"], min_per_az = 2 }
}
