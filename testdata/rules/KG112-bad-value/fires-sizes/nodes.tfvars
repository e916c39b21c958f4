# hand-made: a minimum above the maximum, and a negative count written as
# HCL's unary minus (which the loaders read as an expression's value)
deploy_id = "sizes01"
region    = "us-west-2"
default_node_groups = {
  compute = {
    availability_zone_ids = ["usw2-az1", "usw2-az2"]
    min_per_az            = 5
    max_per_az            = 2
  }
  gpu = {
    availability_zone_ids = ["usw2-az1", "usw2-az2"]
    min_per_az            = -1
  }
  platform = {
    availability_zone_ids = ["usw2-az1", "usw2-az2"]
  }
}
