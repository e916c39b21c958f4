package apis

const (
	Group              = "karpenter.sh"
	CompatibilityGroup = "compatibility." + Group
)
