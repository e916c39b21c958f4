# a Karpenter release whose name and namespace Helm and Kubernetes refuse:
# the kit would write them into the IRSA subject and every helm command
resource "helm_release" "karpenter" {
  name       = "Karpenter_Main"
  namespace  = "Kube System"
  repository = "oci://public.ecr.aws/karpenter"
  chart      = "karpenter"
  version    = "1.14.1"
}

resource "helm_release" "other" {
  name  = "metrics"
  chart = "metrics-server"
}
