eks = {
  k8s_version = "1.33"
}
kms_info = null
