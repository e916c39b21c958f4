# Found by fuzz_compile: one zone is an expression ("usw2-az1" - "usw2-az2"); lower()
# hashed its NULL text (UBSan).  The NodePool is not pinned to zones, with a note.
deploy_id = "plantest020"
region    = "us-west-2"

default_node_groups = {
  compute = {
    availability_zone_ids = ["usw2-az1"- "usw2-az2"]
  }
  gpu = {
    availability_zone_ids = ["usw2-az1", "usw2-az2"]
  }
  platform = {
    availability_zone_ids = ["usw2-az1", "usw2-az2"]
  }
}

karpenter_node_groups = {
  karpenter = {
    availability_zone_ids = ["usw2-az1", "usw2-az2"]
  }
}
