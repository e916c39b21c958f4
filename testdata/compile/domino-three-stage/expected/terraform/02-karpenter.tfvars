# Step 1 of the migration: Karpenter itself (IAM role and policy, pod identity, the Helm release).
# Add to cluster.tfvars.
# Already enabled at cluster.tfvars:3. This kit targets the version below; set it if the module installs another.
# karpenter = {
#   enabled = true
#   version = "1.9.2"
# }
