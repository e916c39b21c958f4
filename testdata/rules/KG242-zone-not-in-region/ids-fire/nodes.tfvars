# Domino nodes stage: a zone id of us-east-1 (use1-az1) in a us-west-2 deployment.
region = "us-west-2"
default_node_groups = {
  compute = {
    availability_zone_ids = ["usw2-az1", "use1-az1"]
  }
  platform = {
    availability_zone_ids = ["usw2-az1", "usw2-az2"]
  }
  gpu = {
    availability_zone_ids = ["usw2-az1"]
  }
}
