# Karpenter objects applied with the kubectl provider, as the Karpenter
# examples of terraform-aws-modules/eks and the Karpenter blueprints do.
# Values holding an interpolation are unknown to karpgen, even one whose
# expression holds ": " or quotes.
resource "kubectl_manifest" "karpenter_node_class" {
  yaml_body = <<-YAML
    apiVersion: karpenter.k8s.aws/v1
    kind: EC2NodeClass
    metadata:
      name: default
    spec:
      role: ${module.karpenter.node_iam_role_name}
      amiSelectorTerms:
        - alias: al2023@v20250317
      subnetSelectorTerms:
        - tags:
            karpenter.sh/discovery: ${module.eks.cluster_name}
      securityGroupSelectorTerms:
        - tags:
            karpenter.sh/discovery: "${module.eks.cluster_name}"
      tags:
        team: ${var.spot ? "batch: spot" : "{web}"}
  YAML

  depends_on = [helm_release.karpenter]
}

resource "kubectl_manifest" "karpenter_node_pool" {
  yaml_body = <<-YAML
    apiVersion: karpenter.sh/v1
    kind: NodePool
    metadata:
      name: default
    spec:
      template:
        spec:
          nodeClassRef:
            group: karpenter.k8s.aws
            kind: EC2NodeClass
            name: default
          requirements:
            - key: karpenter.sh/capacity-type
              operator: In
              values: ["${var.capacity_type}"]
      limits:
        cpu: 1000
  YAML
}

resource "kubectl_manifest" "karpenter_node_pools" {
  for_each  = toset(data.kubectl_path_documents.node_pools.documents)
  yaml_body = each.value
}

resource "kubectl_manifest" "argocd_repo" {
  yaml_body = templatefile("${path.module}/repo.yaml", {})
}
