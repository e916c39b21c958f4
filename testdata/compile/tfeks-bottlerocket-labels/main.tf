# Hand-made: node labels and taints in Bottlerocket settings (bootstrap_extra_args).
# Group 'br': the [settings.kubernetes.node-labels] and node-taints tables become
# the NodePool's labels and taints (a taint in the string form "value:Effect" and
# in the list form of newer Bottlerocket) and leave the userData: Karpenter
# replaces node-taints with the NodePool's and writes its labels into node-labels.
# Its own label 'a' keeps the group's value.  Group 'odd': a label whose value is
# no string, a taint without an effect and a dotted node-labels key are not read:
# they stay in the userData, KG240.
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "brl"
  cluster_version = "1.30"

  eks_managed_node_groups = {
    system = {
      instance_types = ["m6i.large"]
      min_size       = 2
      max_size       = 3
      desired_size   = 2
      labels         = { role = "system" }
    }
    br = {
      ami_type       = "BOTTLEROCKET_x86_64"
      platform       = "bottlerocket"
      instance_types = ["m5.large"]
      min_size       = 0
      max_size       = 4
      labels         = { a = "b" }
      bootstrap_extra_args = <<-EOT
        [settings.host-containers.admin]
        enabled = false
        [settings.kubernetes]
        max-pods = 33
        [settings.kubernetes.node-labels]
        "label1" = "foo"
        a = 'other'   # the group's label wins
        [settings.kubernetes.node-taints]
        "dedicated" = "experimental:PreferNoSchedule"
        gpu = ["true:NoSchedule", "true:NoExecute"]
      EOT
    }
    odd = {
      ami_type       = "BOTTLEROCKET_x86_64"
      platform       = "bottlerocket"
      instance_types = ["m5.xlarge"]
      min_size       = 0
      max_size       = 2
      labels         = { role = "odd" }
      bootstrap_extra_args = <<-EOT
        [settings.kubernetes]
        node-labels.dotted = "x"
        [settings.kubernetes.node-labels]
        "count" = 3
        "ok" = "yes"
        [settings.kubernetes.node-taints]
        "noeffect" = "true"
      EOT
    }
  }
}
