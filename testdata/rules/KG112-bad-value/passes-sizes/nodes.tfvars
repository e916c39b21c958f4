# hand-made: the same groups with sizes in order

deploy_id = "sizes01"
region    = "us-west-2"
default_node_groups = {
  compute = {
    availability_zone_ids = ["usw2-az1", "usw2-az2"]
    min_per_az            = 1
    max_per_az            = 2
  }
  gpu = {
    availability_zone_ids = ["usw2-az1", "usw2-az2"]
    min_per_az            = 0
  }
  platform = {
    availability_zone_ids = ["usw2-az1", "usw2-az2"]
  }
}
