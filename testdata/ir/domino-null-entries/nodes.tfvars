# Entries of default_node_groups set to null are filtered out by modules/nodes
# ({ for k, v in coalesce(var.default_node_groups, {}) : k => v if v != null });
# karpenter_node_groups = null adds no group (merge() skips a null map).
deploy_id = "mycluster"
region    = "us-west-2"

default_node_groups = {
  compute = {
    availability_zone_ids = ["usw2-az1", "usw2-az2"]
  }
  platform = {
    availability_zone_ids = ["usw2-az1"]
  }
  gpu = null
}

additional_node_groups = null
karpenter_node_groups  = null
