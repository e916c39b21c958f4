# Step 1 of the migration: the node group that runs Karpenter.
# Add to infra.tfvars AND nodes.tfvars (both stages declare the variable).
# Nothing to add: the inputs already define the group that runs Karpenter:
#   karpenter at infra.tfvars:19
