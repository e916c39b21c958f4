module github.com/aws/karpenter-provider-aws

go 1.25

require (
	sigs.k8s.io/karpenter v9.9.9
)
