# the value of the namespace: the kit targets the release where it runs
karpenter_namespace = "karpenter"
