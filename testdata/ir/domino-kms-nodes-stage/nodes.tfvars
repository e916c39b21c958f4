# hand-made: the nodes stage alone.  Its root volumes use the infra stage's key
# (examples/deploy/terraform/nodes: kms_info = local.infra.kms), which no input
# says: KG240 on every group, asking for the infra stage's tfvars or the key
default_node_groups = {
  compute = {
    availability_zone_ids = ["usw2-az1"]
  }
  platform = {
    availability_zone_ids = ["usw2-az1"]
  }
  gpu = {
    availability_zone_ids = ["usw2-az1"]
  }
}
