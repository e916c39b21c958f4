#!/usr/bin/env python3
"""mutants.py - (re)write the golden cases of testdata/validate/ from the valid bases here.

Each case is a base manifest changed in one place (text replacements, so every other line
stays where it was) that breaks one rule: a CEL rule of the CRDs, a schema constraint, or
one of karpgen's own checks.  The case directory gets the manifest and a `cmd`; the
expected `stderr` and `status` come from `UPDATE=1 sh tests/t-golden.sh` and are then read
by hand.  The rule each case is meant to break is the prefix of its name, and
tests/t-validate-mutants.sh holds every case to it: exactly that rule and no other (a name
ending in -warning expects that rule as a warning, exit status 0).

Run from the repository root: python3 testdata/validate/_src/mutants.py
"""
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)

BASES = {
    "v1": ("base-v1.yaml", "1.14.1"),
    "v1beta1": ("base-v1beta1.yaml", "0.36.2"),
    "v1-1.0": ("base-v1-1.0.yaml", "1.0.14"),
    "v1-1.9": ("base-v1-1.9.yaml", "1.9.2"),
    "v1alpha1-nodeoverlay": ("base-v1alpha1-nodeoverlay.yaml", "1.14.1"),
    "v1alpha5": ("base-v1alpha5.yaml", "0.29.2"),
    "v1beta1-0.32": ("base-v1beta1-0.32.yaml", "0.32.10"),
}

AMI_TERM = "    - alias: al2023@v20250505\n"
SG_TERMS = ("    - tags:\n        karpenter.sh/discovery: demo\n    - name: eks-cluster-sg-demo\n")
SUBNET_TERMS = ("    - tags:\n        karpenter.sh/discovery: demo\n    - id: subnet-0123456789abcdef0\n")
SG_ID_TAGS = "    - id: sg-0123456789abcdef0\n      tags:\n        karpenter.sh/discovery: demo\n"
CR_TERMS = "    - id: cr-0123456789abcdef0\n    - tags:\n        team: platform\n"
REQ0 = ("        - key: karpenter.sh/capacity-type\n          operator: In\n"
        "          values: [\"on-demand\", \"spot\"]\n")
EVICTION = ("    evictionSoft:\n      memory.available: 10%\n"
            "    evictionSoftGracePeriod:\n      memory.available: 1m\n")

# (case name, base, [(old, new), ...]); the name starts with the rule id it breaks.
CASES = [
    # ---------------------------------------------------------------- valid
    ("valid-v1", "v1", []),
    ("valid-v1beta1", "v1beta1", []),
    ("valid-v1-1.0.14", "v1-1.0", []),
    ("valid-v1alpha5", "v1alpha5", []),
    ("valid-v1beta1-0.32.10", "v1beta1-0.32", []),

    # ------------------------------------------------ NodePool v1 CEL rules (1.14.1)
    ("KG301-v1-static-nodepool-limits", "v1", [("  weight: 10\n", "  replicas: 3\n")]),
    ("KG301-v1-static-nodepool-weight", "v1", [("  limits:\n    cpu: \"1000\"\n    memory: 1000Gi\n",
                                                "  replicas: 3\n  limits:\n    nodes: \"3\"\n")]),
    ("KG308-v1-budget-schedule-without-duration", "v1", [("        duration: 8h\n", "")]),
    ("KG302-v1-label-domain-karpenter-sh", "v1", [("      labels:\n        team: platform\n", "      labels:\n        karpenter.sh/team: platform\n")]),
    ("KG302-v1-label-karpenter-sh-nodepool", "v1", [("      labels:\n        team: platform\n", "      labels:\n        karpenter.sh/nodepool: general\n")]),
    ("KG302-v1-label-kubernetes-io-hostname", "v1", [("      labels:\n        team: platform\n", "      labels:\n        kubernetes.io/hostname: node-1\n")]),
    ("KG302-v1-label-domain-karpenter-k8s-aws", "v1", [("      labels:\n        team: platform\n",
                                                         "      labels:\n        karpenter.k8s.aws/instance-pods: \"110\"\n")]),
    ("KG304-v1-nodeclassref-group-empty", "v1", [("        group: karpenter.k8s.aws\n", "        group: \"\"\n")]),
    ("KG304-v1-nodeclassref-kind-empty", "v1", [("        kind: EC2NodeClass\n        name: general\n",
                                                 "        kind: \"\"\n        name: general\n")]),
    ("KG304-v1-nodeclassref-name-empty", "v1", [("        kind: EC2NodeClass\n        name: general\n",
                                                 "        kind: EC2NodeClass\n        name: \"\"\n")]),
    ("KG303-v1-requirement-in-without-values", "v1", [("          values: [\"amd64\"]\n", "          values: []\n")]),
    ("KG303-v1-requirement-gt-not-integer", "v1", [("          values: [\"5\"]\n", "          values: [\"five\"]\n")]),
    ("KG303-v1-requirement-min-values", "v1", [("          minValues: 2\n", "          minValues: 4\n")]),
    ("KG302-v1-requirement-key-domain-karpenter-sh", "v1", [("        - key: kubernetes.io/arch\n",
                                                             "        - key: karpenter.sh/arch\n")]),
    ("KG302-v1-requirement-key-karpenter-sh-nodepool", "v1", [("        - key: kubernetes.io/arch\n          operator: In\n          values: [\"amd64\"]\n",
                                                               "        - key: karpenter.sh/nodepool\n          operator: In\n          values: [\"general\"]\n")]),
    ("KG302-v1-requirement-key-kubernetes-io-hostname", "v1", [("        - key: kubernetes.io/arch\n          operator: In\n          values: [\"amd64\"]\n",
                                                                "        - key: kubernetes.io/hostname\n          operator: In\n          values: [\"node-1\"]\n")]),
    ("KG302-v1-requirement-key-domain-karpenter-k8s-aws", "v1", [("        - key: kubernetes.io/arch\n",
                                                                  "        - key: karpenter.k8s.aws/arch\n")]),

    # -------------------------------------------- EC2NodeClass v1 CEL rules (1.14.1)
    ("KG309-v1-role-and-instance-profile", "v1", [("  role: KarpenterNodeRole-demo\n",
                                                   "  role: KarpenterNodeRole-demo\n  instanceProfile: KarpenterNodeInstanceProfile-demo\n")]),
    ("KG309-v1-no-role-nor-instance-profile", "v1", [("  role: KarpenterNodeRole-demo\n", "")]),
    ("KG305-v1-ami-family-al2-alias", "v1", [(AMI_TERM, "    - alias: al2@v20250505\n")]),
    ("KG305-v1-ami-family-al2023-alias", "v1", [("  amiFamily: AL2023\n", "  amiFamily: Bottlerocket\n")]),
    ("KG305-v1-ami-family-bottlerocket-alias", "v1", [(AMI_TERM, "    - alias: bottlerocket@v1.39.1\n")]),
    ("KG305-v1-ami-family-windows2019-alias", "v1", [(AMI_TERM, "    - alias: windows2019@latest\n")]),
    ("KG305-v1-ami-family-windows2022-alias", "v1", [(AMI_TERM, "    - alias: windows2022@latest\n")]),
    ("KG305-v1-ami-family-windows2025-alias", "v1", [(AMI_TERM, "    - alias: windows2025@latest\n")]),
    ("KG305-v1-ami-family-required-without-alias", "v1", [("  amiFamily: AL2023\n", ""),
                                                           (AMI_TERM, "    - id: ami-0123456789abcdef0\n")]),
    ("KG305-v1-ami-term-without-selector", "v1", [(AMI_TERM, "    - owner: amazon\n")]),
    ("KG305-v1-ami-id-with-other-fields", "v1", [(AMI_TERM, "    - id: ami-0123456789abcdef0\n      owner: amazon\n")]),
    ("KG305-v1-ami-alias-with-other-fields", "v1", [(AMI_TERM, "    - alias: al2023@v20250505\n      owner: amazon\n")]),
    ("KG305-v1-ami-alias-with-other-terms", "v1", [(AMI_TERM, AMI_TERM + "    - id: ami-0123456789abcdef0\n")]),
    ("KG305-v1-ami-alias-format", "v1", [(AMI_TERM, "    - alias: al2023\n")]),
    ("KG305-v1-ami-alias-family", "v1", [("  amiFamily: AL2023\n", ""), (AMI_TERM, "    - alias: ubuntu@v20250505\n")]),
    ("KG305-v1-ami-alias-windows-version", "v1", [("  amiFamily: AL2023\n", "  amiFamily: Windows2022\n"),
                                                  (AMI_TERM, "    - alias: windows2022@v20250505\n")]),
    ("KG305-v1-ami-tags-empty-value", "v1", [(AMI_TERM, "    - tags:\n        Name: \"\"\n")]),
    ("KG301-v1-one-root-volume", "v1", [("    - deviceName: /dev/xvdb\n", "    - deviceName: /dev/xvdb\n      rootVolume: true\n")]),
    ("KG301-v1-ebs-without-size-or-snapshot", "v1", [("        volumeSize: 100Gi\n", "")]),
    ("KG301-v1-ebs-initialization-rate-without-snapshot", "v1", [("        volumeType: gp3\n",
                                                                 "        volumeType: gp3\n        volumeInitializationRate: 200\n")]),
    ("KG306-v1-capacity-reservation-term-without-selector", "v1", [(CR_TERMS, "    - ownerID: \"123456789012\"\n")]),
    ("KG306-v1-capacity-reservation-id-with-other-fields", "v1", [(CR_TERMS, "    - id: cr-0123456789abcdef0\n      instanceMatchCriteria: targeted\n")]),
    ("KG306-v1-capacity-reservation-tags-empty-key", "v1", [("    - tags:\n        team: platform\n  blockDeviceMappings",
                                                            "    - tags:\n        \"\": platform\n  blockDeviceMappings")]),
    ("KG301-v1-connection-tracking-empty", "v1", [("    tcpEstablishedTimeout: 432000\n", "    {}\n")]),
    ("KG309-v1-instance-profile-empty", "v1", [("  role: KarpenterNodeRole-demo\n", "  instanceProfile: \"\"\n")]),
    ("KG309-v1-role-empty", "v1", [("  role: KarpenterNodeRole-demo\n", "  role: \"\"\n")]),
    ("KG301-v1-kubelet-image-gc-thresholds", "v1", [("    imageGCLowThresholdPercent: 80\n", "    imageGCLowThresholdPercent: 90\n")]),
    ("KG301-v1-kubelet-eviction-soft-without-grace-period", "v1", [(EVICTION, "    evictionSoft:\n      memory.available: 10%\n")]),
    ("KG301-v1-kubelet-grace-period-without-eviction-soft", "v1", [(EVICTION, "    evictionSoftGracePeriod:\n      memory.available: 1m\n")]),
    ("KG301-v1-kubelet-eviction-hard-key", "v1", [("      memory.available: 5%\n", "      memory.free: 5%\n")]),
    # the soft and grace-period keys must match each other, so a bad key breaks both key rules
    ("KG301-v1-kubelet-eviction-soft-key", "v1", [(EVICTION, "    evictionSoft:\n      memory.free: 10%\n"
                                                   "    evictionSoftGracePeriod:\n      memory.free: 1m\n")]),
    ("KG301-v1-kubelet-kube-reserved-key", "v1", [("      cpu: 100m\n", "      gpu: \"1\"\n")]),
    ("KG301-v1-kubelet-kube-reserved-negative", "v1", [("      cpu: 100m\n", "      cpu: -100m\n")]),
    ("KG301-v1-kubelet-system-reserved-key", "v1", [("      memory: 100Mi\n", "      storage: 1Gi\n")]),
    ("KG301-v1-kubelet-system-reserved-negative", "v1", [("      memory: 100Mi\n", "      memory: -100Mi\n")]),
    ("KG301-v1-network-interfaces-primary", "v1", [("      interfaceType: interface\n", "      interfaceType: efa-only\n")]),
    ("KG301-v1-network-interfaces-duplicate", "v1", [("      interfaceType: interface\n  placementGroupSelector",
                                                      "      interfaceType: interface\n    - networkCardIndex: 0\n"
                                                      "      deviceIndex: 0\n      interfaceType: efa-only\n  placementGroupSelector")]),
    ("KG306-v1-placement-group-without-selector", "v1", [("  placementGroupSelector:\n    name: analytics\n", "  placementGroupSelector: {}\n")]),
    ("KG306-v1-placement-group-name-and-id", "v1", [("    name: analytics\n", "    name: analytics\n    id: pg-0123456789abcdef0\n")]),
    ("KG306-v1-security-group-terms-empty", "v1", [("  securityGroupSelectorTerms:\n" + SG_TERMS, "  securityGroupSelectorTerms: []\n")]),
    ("KG306-v1-security-group-term-without-selector", "v1", [("    - name: eks-cluster-sg-demo\n", "    - {}\n")]),
    ("KG306-v1-security-group-id-with-other-fields", "v1", [(SG_TERMS, SG_ID_TAGS)]),
    ("KG306-v1-security-group-name-with-other-fields", "v1", [(SG_TERMS, "    - name: eks-cluster-sg-demo\n      tags:\n        karpenter.sh/discovery: demo\n")]),
    ("KG306-v1-security-group-id-with-other-fields-in-one-term-warning", "v1", [(SG_TERMS, SG_ID_TAGS + "    - name: eks-cluster-sg-demo\n")]),
    ("KG306-v1-security-group-tags-empty-value", "v1", [(SG_TERMS, "    - tags:\n        karpenter.sh/discovery: \"\"\n    - name: eks-cluster-sg-demo\n")]),
    ("KG306-v1-subnet-terms-empty", "v1", [("  subnetSelectorTerms:\n" + SUBNET_TERMS, "  subnetSelectorTerms: []\n")]),
    ("KG306-v1-subnet-term-without-selector", "v1", [("    - id: subnet-0123456789abcdef0\n", "    - {}\n")]),
    ("KG306-v1-subnet-id-with-tags", "v1", [(SUBNET_TERMS, "    - id: subnet-0123456789abcdef0\n      tags:\n        karpenter.sh/discovery: demo\n")]),
    ("KG306-v1-subnet-tags-empty-value", "v1", [(SUBNET_TERMS, "    - tags:\n        karpenter.sh/discovery: \"\"\n    - id: subnet-0123456789abcdef0\n")]),
    ("KG307-v1-tag-empty-key", "v1", [("  tags:\n    team: platform\n", "  tags:\n    \"\": platform\n")]),
    ("KG307-v1-tag-eks-cluster-name", "v1", [("  tags:\n    team: platform\n", "  tags:\n    eks:eks-cluster-name: demo\n")]),
    ("KG307-v1-tag-kubernetes-io-cluster", "v1", [("  tags:\n    team: platform\n", "  tags:\n    kubernetes.io/cluster/demo: owned\n")]),
    ("KG307-v1-tag-karpenter-sh-nodepool", "v1", [("  tags:\n    team: platform\n", "  tags:\n    karpenter.sh/nodepool: general\n")]),
    ("KG307-v1-tag-karpenter-sh-nodeclaim", "v1", [("  tags:\n    team: platform\n", "  tags:\n    karpenter.sh/nodeclaim: general-x7k2p\n")]),
    ("KG307-v1-tag-karpenter-k8s-aws-ec2nodeclass", "v1", [("  tags:\n    team: platform\n", "  tags:\n    karpenter.k8s.aws/ec2nodeclass: general\n")]),

    # ------------------------------------------------ schema constraints (1.14.1)
    ("KG301-v1-enum", "v1", [("          operator: Gt\n", "          operator: Greater\n")]),
    ("KG301-v1-pattern", "v1", [("    consolidateAfter: 1m\n", "    consolidateAfter: 1 minute\n")]),
    ("KG301-v1-pattern-unanchored-upstream", "v1", [("    - id: subnet-0123456789abcdef0\n", "    - id: my-subnet-0123456789abcdef0\n")]),
    ("KG301-v1-minimum", "v1", [("  weight: 10\n", "  weight: 0\n")]),
    ("KG301-v1-maximum", "v1", [("    httpPutResponseHopLimit: 1\n", "    httpPutResponseHopLimit: 65\n")]),
    ("KG301-v1-max-length", "v1", [(AMI_TERM, "    - alias: al2023@v20250505-with-a-long-suffix\n")]),
    ("KG301-v1-min-items", "v1", [("  amiSelectorTerms:\n" + AMI_TERM, "  amiSelectorTerms: []\n")]),
    ("KG301-v1-required", "v1", [("        kind: EC2NodeClass\n        name: general\n", "        name: general\n")]),
    ("KG301-v1-unknown-field", "v1", [("      expireAfter: 720h\n", "      expireAfter: 720h\n      kubelet:\n        maxPods: 110\n")]),
    ("KG301-v1-unknown-field-misplaced", "v1", [("      expireAfter: 720h\n", "      expireAfter: 720h\n      weight: 10\n"),
                                                ("  weight: 10\n---", "---")]),
    ("KG301-v1-int-or-string", "v1", [("    cpu: \"1000\"\n", "    cpu: [1000]\n")]),
    ("KG301-v1-type-quoted-number", "v1", [("  weight: 10\n", "  weight: \"10\"\n")]),
    ("KG301-v1-type-unquoted-boolean", "v1", [("      labels:\n        team: platform\n", "      labels:\n        spot: yes\n")]),
    ("KG301-v1-set-duplicate", "v1", [("        reasons: [Drifted, Underutilized]\n", "        reasons: [Drifted, Drifted]\n")]),
    ("KG301-v1-metadata-name", "v1", [("  name: general\n  labels", "  name: General_Pool\n  labels")]),
    ("KG301-v1-volume-size-without-number", "v1", [("        volumeSize: 100Gi\n", "        volumeSize: Ti\n")]),

    # ---------------------------------------------------- karpgen's own checks
    ("KG230-v1-ami-alias-latest-warning", "v1", [(AMI_TERM, "    - alias: al2023@latest\n")]),

    # ------------------------------- the controller's own checks (KG330, check_controller.c)
    ("KG330-v1-label-key-syntax", "v1", [("      labels:\n        team: platform\n", "      labels:\n        team/owner/name: platform\n")]),
    ("KG330-v1-label-key-ec2nodeclass", "v1", [("      labels:\n        team: platform\n", "      labels:\n        karpenter.k8s.aws/ec2nodeclass: general\n")]),
    ("KG330-v1-requirement-value-syntax", "v1", [("          values: [\"amd64\"]\n", "          values: [\"amd64 arm64\"]\n")]),
    ("KG330-v1-requirement-key-long-name", "v1", [("        - key: kubernetes.io/arch\n", "        - key: example.com/" + "a" * 64 + "\n")]),
    ("KG330-v1-requirement-key-ec2nodeclass", "v1", [("        - key: kubernetes.io/arch\n          operator: In\n          values: [\"amd64\"]\n",
                                                      "        - key: karpenter.k8s.aws/ec2nodeclass\n          operator: In\n          values: [\"general\"]\n")]),
    ("KG330-v1-requirement-capacity-type-made-up", "v1", [("          values: [\"on-demand\", \"spot\"]\n", "          values: [\"ondemand\", \"spots\"]\n")]),
    ("KG330-v1-requirement-capacity-type-min-values", "v1", [("          values: [\"on-demand\", \"spot\"]\n", "          values: [\"on-demand\", \"spots\"]\n          minValues: 2\n")]),
    ("KG330-v1-requirement-tenancy-made-up", "v1", [("        - key: kubernetes.io/arch\n          operator: In\n          values: [\"amd64\"]\n",
                                                     "        - key: karpenter.k8s.aws/instance-tenancy\n          operator: In\n          values: [\"shared\"]\n")]),
    ("KG330-v1-taint-key-long-name", "v1", [("        - key: example.com/dedicated\n", "        - key: example.com/" + "d" * 64 + "\n")]),
    ("KG330-v1-taint-value-long-name", "v1", [("          value: platform\n", "          value: " + "p" * 64 + "\n")]),
    ("KG330-v1-startup-taint-key-long-name", "v1", [("        - key: example.com/initialising\n", "        - key: example.com/" + "i" * 64 + "\n")]),
    ("KG330-v1-taint-duplicate", "v1", [("        - key: example.com/initialising\n          effect: NoExecute\n",
                                         "        - key: example.com/dedicated\n          effect: NoSchedule\n")]),
    ("valid-v1-taint-same-key-other-effect", "v1", [("        - key: example.com/initialising\n          effect: NoExecute\n",
                                                     "        - key: example.com/dedicated\n          effect: NoExecute\n")]),
    ("KG330-v1-1.9-requirement-tenancy-made-up", "v1-1.9", [("        - key: kubernetes.io/arch\n          operator: In\n          values: [\"amd64\"]\n",
                                                             "        - key: karpenter.k8s.aws/instance-tenancy\n          operator: In\n          values: [\"shared\"]\n")]),
    ("KG330-v1-ami-alias-two-versions", "v1", [(AMI_TERM, "    - alias: al2023@v2025@v0505\n")]),
    ("KG330-v1-1.0-requirement-key-long-name", "v1-1.0", [("        - key: node.kubernetes.io/instance-type\n", "        - key: example.com/" + "a" * 64 + "\n")]),
    # Karpenter 1.0 (core 1.0) does not check the values of well-known keys (core 1.5 does)
    ("valid-v1-1.0-requirement-capacity-type-made-up", "v1-1.0", [("          values: [\"on-demand\"]\n", "          values: [\"ondemand\"]\n")]),
    ("KG330-v1beta1-taint-key-long-name", "v1beta1", [("          values: [\"amd64\"]\n", "          values: [\"amd64\"]\n      taints:\n        - key: example.com/" + "t" * 64 + "\n          effect: NoSchedule\n")]),
    ("KG330-v1beta1-requirement-value-syntax", "v1beta1", [("          values: [\"amd64\"]\n", "          values: [\"amd64 arm64\"]\n")]),
    ("KG304-v1-nodeclass-missing", "v1", [("        kind: EC2NodeClass\n        name: general\n",
                                           "        kind: EC2NodeClass\n        name: generla\n")]),
    ("KG304-v1-nodeclassref-group", "v1", [("        group: karpenter.k8s.aws\n", "        group: karpenter.sh\n")]),
    ("KG320-v1beta1-at-1.14.1", "v1beta1", []),
    ("KG320-v1-at-0.36.2", "v1", []),

    # --------------------------------------------- NodePool v1beta1 CEL rules (0.36.2)
    ("KG308-v1beta1-consolidate-after-when-underutilized", "v1beta1", [("    consolidationPolicy: WhenEmpty\n", "")]),
    ("KG308-v1beta1-when-empty-without-consolidate-after", "v1beta1", [("    consolidateAfter: 30s\n", "")]),
    ("KG308-v1beta1-budget-schedule-without-duration", "v1beta1", [("        duration: 8h\n", "")]),
    ("KG302-v1beta1-label-domain-kubernetes-io", "v1beta1", [("      labels:\n        team: platform\n", "      labels:\n        kubernetes.io/team: platform\n")]),
    ("KG302-v1beta1-label-domain-k8s-io", "v1beta1", [("      labels:\n        team: platform\n", "      labels:\n        example.k8s.io/team: platform\n")]),
    ("KG302-v1beta1-label-domain-karpenter-sh", "v1beta1", [("      labels:\n        team: platform\n", "      labels:\n        karpenter.sh/team: platform\n")]),
    ("KG302-v1beta1-label-karpenter-sh-nodepool", "v1beta1", [("      labels:\n        team: platform\n", "      labels:\n        karpenter.sh/nodepool: general\n")]),
    ("KG302-v1beta1-label-kubernetes-io-hostname", "v1beta1", [("      labels:\n        team: platform\n", "      labels:\n        kubernetes.io/hostname: node-1\n")]),
    ("KG302-v1beta1-label-domain-karpenter-k8s-aws", "v1beta1", [("      labels:\n        team: platform\n", "      labels:\n        karpenter.k8s.aws/team: platform\n")]),
    ("KG301-v1beta1-kubelet-image-gc-thresholds", "v1beta1", [("        imageGCLowThresholdPercent: 80\n", "        imageGCLowThresholdPercent: 85\n")]),
    ("KG301-v1beta1-kubelet-eviction-soft-without-grace-period", "v1beta1", [("        evictionSoftGracePeriod:\n          memory.available: 1m\n", "")]),
    ("KG301-v1beta1-kubelet-grace-period-without-eviction-soft", "v1beta1", [("        evictionSoft:\n          memory.available: 10%\n", "")]),
    ("KG301-v1beta1-kubelet-eviction-hard-key", "v1beta1", [("          memory.available: 5%\n", "          memory.free: 5%\n")]),
    ("KG301-v1beta1-kubelet-eviction-soft-key", "v1beta1", [("          memory.available: 10%\n", "          memory.free: 10%\n"),
                                                            ("          memory.available: 1m\n", "          memory.free: 1m\n")]),
    ("KG301-v1beta1-kubelet-kube-reserved-key", "v1beta1", [("          cpu: 100m\n", "          gpu: \"1\"\n")]),
    ("KG301-v1beta1-kubelet-kube-reserved-negative", "v1beta1", [("          cpu: 100m\n", "          cpu: -100m\n")]),
    ("KG301-v1beta1-kubelet-system-reserved-key", "v1beta1", [("          memory: 100Mi\n", "          storage: 1Gi\n")]),
    ("KG301-v1beta1-kubelet-system-reserved-negative", "v1beta1", [("          memory: 100Mi\n", "          memory: -100Mi\n")]),
    ("KG303-v1beta1-requirement-in-without-values", "v1beta1", [("          values: [\"amd64\"]\n", "          values: []\n")]),
    ("KG303-v1beta1-requirement-gt-two-values", "v1beta1", [("          values: [\"5\"]\n", "          values: [\"5\", \"6\"]\n")]),
    ("KG303-v1beta1-requirement-min-values", "v1beta1", [("          minValues: 2\n", "          minValues: 5\n")]),
    ("KG302-v1beta1-requirement-key-domain-kubernetes-io", "v1beta1", [("        - key: kubernetes.io/arch\n", "        - key: kubernetes.io/cpu-arch\n")]),
    ("KG302-v1beta1-requirement-key-domain-k8s-io", "v1beta1", [("        - key: kubernetes.io/arch\n", "        - key: example.k8s.io/arch\n")]),
    ("KG302-v1beta1-requirement-key-domain-karpenter-sh", "v1beta1", [("        - key: kubernetes.io/arch\n", "        - key: karpenter.sh/arch\n")]),
    ("KG302-v1beta1-requirement-key-karpenter-sh-nodepool", "v1beta1", [("        - key: kubernetes.io/arch\n          operator: In\n          values: [\"amd64\"]\n",
                                                                         "        - key: karpenter.sh/nodepool\n          operator: In\n          values: [\"general\"]\n")]),
    ("KG302-v1beta1-requirement-key-kubernetes-io-hostname", "v1beta1", [("        - key: kubernetes.io/arch\n          operator: In\n          values: [\"amd64\"]\n",
                                                                          "        - key: kubernetes.io/hostname\n          operator: In\n          values: [\"node-1\"]\n")]),
    ("KG302-v1beta1-requirement-key-domain-karpenter-k8s-aws", "v1beta1", [("        - key: kubernetes.io/arch\n", "        - key: karpenter.k8s.aws/arch\n")]),

    # ------------------------------------------ EC2NodeClass v1beta1 CEL rules (0.36.2)
    ("KG305-v1beta1-custom-family-without-ami-terms", "v1beta1", [("  amiFamily: AL2023\n", "  amiFamily: Custom\n"),
                                                                  ("  amiSelectorTerms:\n    - name: amazon-eks-node-al2023-x86_64-standard-1.29-*\n      owner: amazon\n", "")]),
    ("KG309-v1beta1-role-and-instance-profile", "v1beta1", [("  role: KarpenterNodeRole-demo\n",
                                                             "  role: KarpenterNodeRole-demo\n  instanceProfile: KarpenterNodeInstanceProfile-demo\n")]),
    ("KG305-v1beta1-ami-term-without-selector", "v1beta1", [("    - name: amazon-eks-node-al2023-x86_64-standard-1.29-*\n      owner: amazon\n",
                                                             "    - owner: amazon\n")]),
    ("KG305-v1beta1-ami-id-with-other-fields", "v1beta1", [("    - name: amazon-eks-node-al2023-x86_64-standard-1.29-*\n      owner: amazon\n",
                                                            "    - id: ami-0123456789abcdef0\n      owner: amazon\n")]),
    ("KG305-v1beta1-ami-tags-empty-value", "v1beta1", [("    - name: amazon-eks-node-al2023-x86_64-standard-1.29-*\n      owner: amazon\n",
                                                        "    - tags:\n        Name: \"\"\n")]),
    ("KG301-v1beta1-one-root-volume", "v1beta1", [("        encrypted: true\n", "        encrypted: true\n    - deviceName: /dev/xvdb\n"
                                                   "      rootVolume: true\n      ebs:\n        volumeSize: 20Gi\n")]),
    ("KG301-v1beta1-ebs-without-size-or-snapshot", "v1beta1", [("        volumeSize: 100Gi\n", "")]),
    ("KG309-v1beta1-instance-profile-empty", "v1beta1", [("  role: KarpenterNodeRole-demo\n", "  instanceProfile: \"\"\n")]),
    ("KG309-v1beta1-role-empty", "v1beta1", [("  role: KarpenterNodeRole-demo\n", "  role: \"\"\n")]),
    ("KG306-v1beta1-security-group-terms-empty", "v1beta1", [("  securityGroupSelectorTerms:\n" + SG_TERMS, "  securityGroupSelectorTerms: []\n")]),
    ("KG306-v1beta1-security-group-term-without-selector", "v1beta1", [("    - name: eks-cluster-sg-demo\n", "    - {}\n")]),
    ("KG306-v1beta1-security-group-id-with-other-fields", "v1beta1", [(SG_TERMS, SG_ID_TAGS)]),
    ("KG306-v1beta1-security-group-name-with-other-fields", "v1beta1", [(SG_TERMS, "    - name: eks-cluster-sg-demo\n      tags:\n        karpenter.sh/discovery: demo\n")]),
    ("KG306-v1beta1-security-group-tags-empty-value", "v1beta1", [(SG_TERMS, "    - tags:\n        karpenter.sh/discovery: \"\"\n    - name: eks-cluster-sg-demo\n")]),
    ("KG306-v1beta1-subnet-terms-empty", "v1beta1", [("  subnetSelectorTerms:\n" + SUBNET_TERMS, "  subnetSelectorTerms: []\n")]),
    ("KG306-v1beta1-subnet-term-without-selector", "v1beta1", [("    - id: subnet-0123456789abcdef0\n", "    - {}\n")]),
    ("KG306-v1beta1-subnet-id-with-tags", "v1beta1", [(SUBNET_TERMS, "    - id: subnet-0123456789abcdef0\n      tags:\n        karpenter.sh/discovery: demo\n")]),
    ("KG306-v1beta1-subnet-tags-empty-value", "v1beta1", [(SUBNET_TERMS, "    - tags:\n        karpenter.sh/discovery: \"\"\n    - id: subnet-0123456789abcdef0\n")]),
    ("KG307-v1beta1-tag-empty-key", "v1beta1", [("  tags:\n    team: platform\n", "  tags:\n    \"\": platform\n")]),
    ("KG307-v1beta1-tag-kubernetes-io-cluster", "v1beta1", [("  tags:\n    team: platform\n", "  tags:\n    kubernetes.io/cluster/demo: owned\n")]),
    ("KG307-v1beta1-tag-karpenter-sh-nodepool", "v1beta1", [("  tags:\n    team: platform\n", "  tags:\n    karpenter.sh/nodepool: general\n")]),
    ("KG307-v1beta1-tag-karpenter-sh-managed-by", "v1beta1", [("  tags:\n    team: platform\n", "  tags:\n    karpenter.sh/managed-by: demo\n")]),
    ("KG307-v1beta1-tag-karpenter-sh-nodeclaim", "v1beta1", [("  tags:\n    team: platform\n", "  tags:\n    karpenter.sh/nodeclaim: general-x7k2p\n")]),
    ("KG307-v1beta1-tag-karpenter-k8s-aws-ec2nodeclass", "v1beta1", [("  tags:\n    team: platform\n", "  tags:\n    karpenter.k8s.aws/ec2nodeclass: general\n")]),
    ("KG301-v1beta1-field-of-a-newer-version", "v1beta1", [("    consolidateAfter: 30s\n", "    consolidateAfter: 30s\n    consolidationPolicy: WhenEmptyOrUnderutilized\n"),
                                                           ("    consolidationPolicy: WhenEmpty\n", "")]),
]

CASES += [
    # ------------------------------------ rules of 1.0.14 that 1.14.1 dropped or changed
    ("KG302-v1-1.0-label-domain-kubernetes-io", "v1-1.0", [("      labels:\n        team: platform\n", "      labels:\n        kubernetes.io/team: platform\n")]),
    ("KG302-v1-1.0-label-domain-k8s-io", "v1-1.0", [("      labels:\n        team: platform\n", "      labels:\n        example.k8s.io/team: platform\n")]),
    ("KG302-v1-1.0-label-domain-karpenter-k8s-aws", "v1-1.0", [("      labels:\n        team: platform\n",
                                                                 "      labels:\n        karpenter.k8s.aws/instance-tenancy: default\n")]),
    ("KG302-v1-1.0-requirement-key-domain-kubernetes-io", "v1-1.0", [("        - key: node.kubernetes.io/instance-type\n",
                                                                       "        - key: kubernetes.io/instance-type\n")]),
    ("KG302-v1-1.0-requirement-key-domain-k8s-io", "v1-1.0", [("        - key: node.kubernetes.io/instance-type\n",
                                                               "        - key: example.k8s.io/instance-type\n")]),
    ("KG302-v1-1.0-requirement-key-domain-karpenter-k8s-aws", "v1-1.0", [("        - key: node.kubernetes.io/instance-type\n",
                                                                           "        - key: karpenter.k8s.aws/instance-tenancy\n")]),
    ("KG302-v1-1.0-nodeclaim-requirement-key-domain-karpenter-k8s-aws", "v1-1.0", [("    - key: karpenter.k8s.aws/instance-family\n",
                                                                                     "    - key: karpenter.k8s.aws/instance-tenancy\n")]),
    ("KG301-v1-1.0-operator-gte-unknown", "v1-1.0", [("          operator: In\n          values: [\"m6i.xlarge\", \"m6i.2xlarge\"]\n",
                                                         "          operator: Gte\n          values: [\"m6i.xlarge\", \"m6i.2xlarge\"]\n")]),
    ("KG303-v1-1.0-requirement-lt-two-values", "v1-1.0", [("        - key: node.kubernetes.io/instance-type\n          operator: In\n",
                                                           "        - key: karpenter.k8s.aws/instance-cpu\n          operator: Lt\n")]),
    ("KG305-v1-1.0-ami-term-without-selector", "v1-1.0", [("  amiSelectorTerms:\n    - alias: al2023@v20240817\n",
                                                           "  amiFamily: AL2023\n  amiSelectorTerms:\n    - owner: amazon\n")]),
    ("KG305-v1-1.0-ami-alias-family", "v1-1.0", [("    - alias: al2023@v20240817\n", "    - alias: windows2025@latest\n")]),
    ("KG305-v1-1.0-ami-alias-windows-version", "v1-1.0", [("    - alias: al2023@v20240817\n", "    - alias: windows2019@v20240807\n")]),
    ("KG306-v1-1.0-security-group-id-with-other-fields", "v1-1.0", [("  securityGroupSelectorTerms:\n    - tags:\n",
                                                                     "  securityGroupSelectorTerms:\n    - id: sg-0123456789abcdef0\n      tags:\n")]),
    ("KG306-v1-1.0-subnet-id-with-tags", "v1-1.0", [("  subnetSelectorTerms:\n    - tags:\n",
                                                     "  subnetSelectorTerms:\n    - id: subnet-0123456789abcdef0\n      tags:\n")]),
    ("KG320-v1beta1-at-1.0.14-warning", "v1beta1", []),

    # ------------------------------------------- rules of 1.9.2 that 1.14.1 changed
    ("valid-v1-1.9.2", "v1-1.9", []),
    ("valid-v1-1.9.2-label-domain-kubernetes-io", "v1-1.9", [("      labels:\n        team: platform\n",
                                                             "      labels:\n        kubernetes.io/team: platform\n")]),
    ("KG302-v1-1.9-label-domain-karpenter-k8s-aws", "v1-1.9", [("      labels:\n        team: platform\n",
                                                                "      labels:\n        karpenter.k8s.aws/capacity-reservation-interruptible: \"true\"\n")]),
    ("KG302-v1-1.9-requirement-key-domain-karpenter-k8s-aws", "v1-1.9", [(REQ0, REQ0 + "        - key: karpenter.k8s.aws/capacity-reservation-interruptible\n"
                                                                          "          operator: In\n          values: [\"true\"]\n")]),

    # ------------------------------------------ NodeOverlay (1.9.2 and 1.14.1)
    ("valid-v1alpha1-nodeoverlay", "v1alpha1-nodeoverlay", []),
    ("valid-v1alpha1-nodeoverlay-1.9.2", "v1alpha1-nodeoverlay", []),
    ("KG301-v1alpha1-nodeoverlay-price-and-adjustment", "v1alpha1-nodeoverlay",
     [("  priceAdjustment: \"-10%\"\n", "  priceAdjustment: \"-10%\"\n  price: \"0.25\"\n")]),
    ("KG301-v1alpha1-nodeoverlay-capacity-restricted", "v1alpha1-nodeoverlay",
     [("    example.com/device: \"2\"\n", "    example.com/device: \"2\"\n    pods: \"110\"\n")]),
    ("KG301-v1alpha1-nodeoverlay-price-adjustment-pattern", "v1alpha1-nodeoverlay",
     [("  priceAdjustment: \"-10%\"\n", "  priceAdjustment: \"-150%\"\n")]),
    ("KG303-v1alpha1-nodeoverlay-notin-without-values", "v1alpha1-nodeoverlay",
     [("      operator: In\n      values: [\"r\", \"x\"]\n", "      operator: NotIn\n      values: []\n")]),
    ("KG303-v1alpha1-nodeoverlay-in-without-values", "v1alpha1-nodeoverlay",
     [("      values: [\"r\", \"x\"]\n", "      values: []\n")]),
    ("KG303-v1alpha1-nodeoverlay-gte-not-an-integer", "v1alpha1-nodeoverlay",
     [("    - key: karpenter.k8s.aws/instance-family\n      operator: In\n",
       "    - key: karpenter.k8s.aws/instance-generation\n      operator: Gte\n")]),
    ("KG302-v1alpha1-nodeoverlay-requirement-key-hostname", "v1alpha1-nodeoverlay",
     [("    - key: karpenter.k8s.aws/instance-family\n", "    - key: kubernetes.io/hostname\n")]),
    ("KG330-v1alpha1-nodeoverlay-capacity-neuron", "v1alpha1-nodeoverlay",
     [("    example.com/device: \"2\"\n", "    example.com/device: \"2\"\n    aws.amazon.com/neuron: \"1\"\n")]),
    ("KG330-v1alpha1-nodeoverlay-requirement-key-long-name", "v1alpha1-nodeoverlay",
     [("    - key: karpenter.k8s.aws/instance-family\n", "    - key: example.com/" + "f" * 64 + "\n")]),
    ("KG330-v1alpha1-nodeoverlay-requirement-capacity-type-made-up", "v1alpha1-nodeoverlay",
     [("    - key: karpenter.k8s.aws/instance-family\n      operator: In\n      values: [\"m7i\"]\n",
       "    - key: karpenter.sh/capacity-type\n      operator: In\n      values: [\"spotty\"]\n")]),
    ("KG320-v1alpha1-nodeoverlay-at-1.0.14", "v1alpha1-nodeoverlay", []),
    ("KG310-v1alpha1-nodeoverlay-selects-nothing-warning", "v1alpha1-nodeoverlay",
     [("      values: [\"r\", \"x\"]\n", "      values: [\"x\"]\n")]),

    # --------------------------------------------------- rules only 0.32.10 has
    ("KG307-v1beta1-0.32-tag-karpenter-sh-provisioner-name", "v1beta1-0.32", [("  tags:\n    team: platform\n",
                                                                              "  tags:\n    karpenter.sh/provisioner-name: default\n")]),
    ("KG302-v1beta1-0.32-label-domain-karpenter-k8s-aws", "v1beta1-0.32", [("      labels:\n        team: platform\n",
                                                                            "      labels:\n        karpenter.k8s.aws/instance-cpu-manufacturer: intel\n")]),
    ("KG302-v1beta1-0.32-requirement-key-domain-karpenter-k8s-aws", "v1beta1-0.32", [("        - key: karpenter.k8s.aws/instance-category\n",
                                                                                      "        - key: karpenter.k8s.aws/instance-cpu-manufacturer\n")]),
    ("KG301-v1beta1-0.32-field-of-a-newer-version", "v1beta1-0.32", [("  amiFamily: AL2\n", "  amiFamily: AL2023\n")]),

    # ------------------------------------------------------ v1alpha5 (0.29.2)
    ("KG301-v1alpha5-unknown-field", "v1alpha5", [("  ttlSecondsUntilExpired: 2592000\n", "  ttlSecondsUntilExpired: 2592000\n  expireAfter: 720h\n")]),
    ("KG301-v1alpha5-weight", "v1alpha5", [("  weight: 10\n", "  weight: 200\n")]),
    ("KG301-v1alpha5-quantity", "v1alpha5", [("      cpu: 1000\n", "      cpu: 1000 cores\n")]),
    ("KG303-v1alpha5-requirement-value-syntax", "v1alpha5", [("      values: [\"spot\", \"on-demand\"]\n", "      values: [\"spot\", \"on demand\"]\n")]),
    ("KG304-v1alpha5-provider-ref-missing", "v1alpha5", [("  providerRef:\n    name: default\n", "  providerRef:\n    name: defualt\n")]),
    ("KG320-v1alpha5-at-0.32.10-warning", "v1alpha5", []),
    ("KG320-v1alpha5-at-1.14.1", "v1alpha5", []),
]

# Cases at another version than their base's, and the v1beta1 rules only 0.32.10 has.
VERSION = {
    "KG320-v1beta1-at-1.14.1": "1.14.1",
    "KG320-v1-at-0.36.2": "0.36.2",
    "KG320-v1beta1-at-1.0.14-warning": "1.0.14",
    "KG320-v1alpha5-at-0.32.10-warning": "0.32.10",
    "KG320-v1alpha5-at-1.14.1": "1.14.1",
    "valid-v1alpha1-nodeoverlay-1.9.2": "1.9.2",
    "KG320-v1alpha1-nodeoverlay-at-1.0.14": "1.0.14",
}


def main():
    for name, base, edits in CASES:
        path, version = BASES[base]
        with open(os.path.join(HERE, path)) as f:
            text = f.read()
        for old, new in edits:
            if text.count(old) != 1:
                raise SystemExit("%s: %r is in the base %d times" % (name, old, text.count(old)))
            text = text.replace(old, new)
        d = os.path.join(OUT, name)
        if os.path.isdir(d):
            shutil.rmtree(d)
        os.makedirs(d)
        with open(os.path.join(d, "manifest.yaml"), "w") as f:
            f.write(text)
        with open(os.path.join(d, "cmd"), "w") as f:
            f.write("validate --karpenter-version %s manifest.yaml\n" % VERSION.get(name, version))


if __name__ == "__main__":
    main()
