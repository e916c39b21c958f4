package v1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	karpv1 "sigs.k8s.io/karpenter/pkg/apis/v1"
)

const LabelInstanceFamily = "karpenter.k8s.aws/instance-family"

var AMIFamilyAL2023 = "AL2023"

func init() {
	karpv1.WellKnownLabels = karpv1.WellKnownLabels.Insert(LabelInstanceFamily)
}

type EC2NodeClass struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              EC2NodeClassSpec `json:"spec,omitempty"`
}

type EC2NodeClassSpec struct {
	SubnetSelectorTerms []SubnetSelectorTerm `json:"subnetSelectorTerms" hash:"ignore"`
	AMIFamily           *string              `json:"amiFamily,omitempty"`
	Role                string               `json:"role,omitempty"`
	Tags                map[string]string    `json:"tags,omitempty"`
}

type SubnetSelectorTerm struct {
	Tags map[string]string `json:"tags,omitempty"`
	ID   string            `json:"id,omitempty"`
}
