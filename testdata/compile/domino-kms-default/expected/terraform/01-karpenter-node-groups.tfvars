# Step 1 of the migration: the node group that runs Karpenter.
# Add to infra.tfvars AND nodes.tfvars (both stages declare the variable).
# Its availability_zone_ids cover every zone the node groups use: with the old groups gone,
# they alone decide the cluster's subnets (KG201).
karpenter_node_groups = {
  karpenter = {
    availability_zone_ids = ["usw2-az1", "usw2-az2"]
    single_nodegroup      = true
    # two nodes for the controller's two replicas
    min_per_az            = 2
    desired_per_az        = 2
  }
}
