# Step 7 of the migration, once every workload runs on Karpenter nodes and the old node
# groups are empty (runbook.sh phases up to 'cutover').  Set in nodes.tfvars AND infra.tfvars,
# then apply the nodes stage first (terraform/README.md).
default_node_groups    = null
additional_node_groups = null
