karpenter = {
  enabled = true
}
eks = {
  k8s_version = "1.33"
}
