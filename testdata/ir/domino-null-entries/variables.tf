# A wrapper that declares one variable `nullable = false`: null takes its default.
variable "additional_node_groups" {
  type = map(object({
    instance_types        = list(string)
    min_per_az            = number
    max_per_az            = number
    desired_per_az        = number
    availability_zone_ids = list(string)
    labels                = map(string)
    volume = object({
      size = string
      type = string
    })
  }))
  nullable = false
  default = {
    batch = {
      instance_types        = ["c6i.4xlarge"]
      min_per_az            = 0
      max_per_az            = 5
      desired_per_az        = 0
      availability_zone_ids = ["usw2-az2"]
      labels                = { "dominodatalab.com/node-pool" = "batch" }
      volume                = { size = "200", type = "gp3" }
    }
  }
}
