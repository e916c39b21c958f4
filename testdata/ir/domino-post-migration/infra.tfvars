# The infra stage, set the same way (the guide sets both files).
deploy_id = "mycluster"
region    = "us-west-2"

default_node_groups    = null
additional_node_groups = null

karpenter_node_groups = {
  karpenter = {
    availability_zone_ids = ["usw2-az1", "usw2-az2", "usw2-az3", "usw2-az4"]
    single_nodegroup      = true
  }
}
