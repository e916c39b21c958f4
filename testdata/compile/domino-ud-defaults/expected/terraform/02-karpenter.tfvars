# Step 1 of the migration: Karpenter itself (IAM role and policy, pod identity, the Helm release).
# Add to cluster.tfvars.
karpenter = {
  enabled = true
  version = "1.14.1"
}
