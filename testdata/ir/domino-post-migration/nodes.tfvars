# A Domino deployment after the migration (examples/karpenter/MIGRATION.md,
# step 7): default and additional node groups set to null, which Terraform
# and modules/nodes read as no groups; only the group that runs Karpenter is left.
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
