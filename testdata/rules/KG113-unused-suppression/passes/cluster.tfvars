# Step 1 of the migration, cluster stage: turn Karpenter on.
karpenter = {
  enabled = true
}
