eks = {
  service_ipv4_cidr  = null
  cluster_addons     = null
  creation_role_name = null
  custom_role_maps   = null
  identity_providers = null
  k8s_version        = "1.27"
  kubeconfig = {
    extra_args = null
    path       = null
  }
  master_role_names = null
  public_access = {
    cidrs   = null
    enabled = null
  }
  ssm_log_group_name = null
  vpc_cni            = null
}
kms_info = null

use_fips_endpoint = false
