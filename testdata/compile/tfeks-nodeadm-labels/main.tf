# Hand-made: node labels and taints in an AL2023 NodeConfig (cloudinit_pre_nodeadm,
# kubelet.flags).  Group 'arm': --node-labels and --register-with-taints become the
# NodePool's labels and taints and leave the userData (Karpenter's own NodeConfig
# sets both; a --register-with-taints flag would override its registerWithTaints);
# its own label 'role' keeps the group's value.  Group 'flow': flags in flow style
# and kubelet.config.registerWithTaints are not read: they stay, KG240.
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "nodeadm"
  cluster_version = "1.30"

  eks_managed_node_groups = {
    system = {
      instance_types = ["m6i.large"]
      min_size       = 2
      max_size       = 3
      desired_size   = 2
      labels         = { role = "system" }
    }
    arm = {
      ami_type       = "AL2023_ARM_64_STANDARD"
      instance_types = ["m7g.large"]
      min_size       = 0
      max_size       = 4
      labels         = { role = "arm" }
      cloudinit_pre_nodeadm = [{
        content_type = "application/node.eks.aws"
        content      = <<-EOT
          apiVersion: node.eks.aws/v1alpha1
          kind: NodeConfig
          spec:
            kubelet:
              config:
                maxPods: 17
              flags:
                - --node-labels=from=nodeadm,role=other
                - "--register-with-taints=gpu=true:NoSchedule,spot:PreferNoSchedule"
                - --v=2
        EOT
      }]
    }
    flow = {
      ami_type       = "AL2023_x86_64_STANDARD"
      instance_types = ["m6i.xlarge"]
      min_size       = 0
      max_size       = 2
      labels         = { role = "flow" }
      cloudinit_pre_nodeadm = [{
        content_type = "application/node.eks.aws"
        content      = <<-EOT
          apiVersion: node.eks.aws/v1alpha1
          kind: NodeConfig
          spec:
            kubelet:
              config:
                registerWithTaints:
                  - key: batch
                    effect: NoSchedule
              flags: ["--node-labels=tier=flow"]
        EOT
      }]
    }
  }
}
