// A made-up cut of k8s.io/kubelet/config/v1beta1/types.go for
// tests/t-gen-kubelet-fields.sh: the inline TypeMeta, a "-" tag, a field
// tagged without omitempty, comments with braces, an anonymous struct whose
// fields are not top-level, and a struct after it that must not be read; a
// field of each JSON shape (a named string type, a struct of the file and of
// another package, pointers, slices and maps).
package v1beta1

// HairpinMode is a named string type: its fields decode from a JSON string.
type HairpinMode string

// KubeletAuthentication is not the type the script reads.
type KubeletAuthentication struct {
	Anonymous bool `json:"anonymous"`
}

// KubeletConfiguration contains the configuration for the Kubelet
type KubeletConfiguration struct {
	metav1.TypeMeta `json:",inline"`

	// enableServer enables Kubelet's secured server. { not a brace that counts
	// Default: true
	EnableServer *bool `json:"enableServer,omitempty"`
	// a comment } with a closing brace
	StaticPodPath string `json:"staticPodPath,omitempty"`
	Nested struct {
		Inner string `json:"inner,omitempty"`
	} `json:"nested,omitempty"`
	Internal string `json:"-"`
	EvictionHard map[string]string `json:"evictionHard,omitempty"`
	MaxPods int32 `json:"maxPods"`
	PodPidsLimit *int64 `json:"podPidsLimit,omitempty"`
	HairpinMode HairpinMode `json:"hairpinMode,omitempty"`
	SyncFrequency metav1.Duration `json:"syncFrequency,omitempty"`
	Authentication KubeletAuthentication `json:"authentication"`
	Logging logsapi.LoggingConfiguration `json:"logging,omitempty"`
	RegisterWithTaints []v1.Taint `json:"registerWithTaints,omitempty"`
	AllowedUnsafeSysctls []string `json:"allowedUnsafeSysctls,omitempty"`
	FeatureGates map[string]bool `json:"featureGates,omitempty"`
	MemoryThrottlingFactor *float64 `json:"memoryThrottlingFactor,omitempty"`
}

type SerializedNodeConfigSource struct {
	Source string `json:"source,omitempty"`
}
