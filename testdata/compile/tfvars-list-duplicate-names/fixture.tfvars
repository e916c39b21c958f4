# Two items of a list of node groups with one name: EKS and the runbook know
# a group by its name, so a kit would keep and migrate the same nodes.
managed_node_groups = [
  {
    name          = "workers"
    instance_type = "t3.medium"
    desired_size  = 1
  },
  {
    name          = "workers"
    capacity_type = "SPOT"
    instance_type = "t3.large"
  }
]
