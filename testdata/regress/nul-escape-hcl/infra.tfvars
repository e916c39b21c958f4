deploy_id = "prod"
additional_node_groups = {
  x = {
    instance_types        = ["m5.large"]
    min_per_az            = 0
    max_per_az            = 1
    desired_per_az        = 0
    availability_zone_ids = ["usw2-az1"]
    labels                = { team = "a\u0000b" }
    volume                = { size = 100, type = "gp3" }
  }
}
