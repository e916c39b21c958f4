#!/bin/sh
# gen-manifests.sh N - N Karpenter v1 documents (NodePool and EC2NodeClass, alternating), ~500 bytes each.
set -eu
awk -v n="$1" 'BEGIN {
	for (i = 1; i <= n; i++) {
		print "---"
		if (i % 2) {
			print "apiVersion: karpenter.sh/v1"
			print "kind: NodePool"
			printf "metadata:\n  name: pool-%d\n", i
			print "spec:"
			print "  template:"
			printf "    metadata:\n      labels:\n        team: team-%d\n", i % 50
			print "    spec:"
			print "      nodeClassRef:"
			print "        group: karpenter.k8s.aws"
			print "        kind: EC2NodeClass"
			printf "        name: class-%d\n", i + 1
			print "      requirements:"
			print "        - key: karpenter.sh/capacity-type"
			print "          operator: In"
			print "          values: [\"on-demand\"]"
			print "        - key: node.kubernetes.io/instance-type"
			print "          operator: In"
			print "          values: [\"m6i.2xlarge\", \"m6a.2xlarge\"]"
			print "      expireAfter: 720h"
			print "  limits:"
			print "    cpu: \"1000\""
			print "  disruption:"
			print "    consolidationPolicy: WhenEmptyOrUnderutilized"
			print "    consolidateAfter: 1m"
		} else {
			print "apiVersion: karpenter.k8s.aws/v1"
			print "kind: EC2NodeClass"
			printf "metadata:\n  name: class-%d\n", i
			print "spec:"
			print "  role: KarpenterNodeRole-bench"
			print "  amiSelectorTerms:"
			print "    - alias: al2023@v20251120"
			print "  subnetSelectorTerms:"
			print "    - tags:"
			print "        karpenter.sh/discovery: bench"
			print "  securityGroupSelectorTerms:"
			print "    - tags:"
			print "        karpenter.sh/discovery: bench"
			print "  blockDeviceMappings:"
			print "    - deviceName: /dev/xvda"
			print "      ebs:"
			printf "        volumeSize: %dGi\n", 100 + i % 900
			print "        volumeType: gp3"
			print "        encrypted: true"
		}
	}
}'
