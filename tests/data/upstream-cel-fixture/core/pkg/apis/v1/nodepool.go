package v1

import (
	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/sets"

	"sigs.k8s.io/karpenter/pkg/apis"
)

const (
	NodePoolLabelKey     = apis.Group + "/nodepool"
	CapacityTypeLabelKey = apis.Group + "/capacity-type"
)

var (
	// in a var block over several lines, as upstream writes them
	WellKnownLabels = sets.New(
		NodePoolLabelKey,
		v1.LabelTopologyZone,
	)
)

type NodePool struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              NodePoolSpec   `json:"spec"`
	Status            NodePoolStatus `json:"status,omitempty"`
}

type NodePoolStatus struct {
	Resources v1.ResourceList `json:"resources,omitempty"`
}

type NodePoolSpec struct {
	Template   NodeClaimTemplate `json:"template"`
	Disruption Disruption        `json:"disruption"`
	Weight     *int32            `json:"weight,omitempty"`
	Limits     Limits            `json:"limits,omitempty"`
}

type Limits v1.ResourceList

type Disruption struct {
	ConsolidateAfter    NillableDuration `json:"consolidateAfter"`
	ConsolidationPolicy ConsolidationPolicy `json:"consolidationPolicy,omitempty"`
	Budgets             []Budget         `json:"budgets,omitempty"`
}

type ConsolidationPolicy string

const ConsolidationPolicyWhenEmpty ConsolidationPolicy = "WhenEmpty"

type Budget struct {
	Nodes    string           `json:"nodes"`
	Schedule *string          `json:"schedule,omitempty"`
	Duration *metav1.Duration `json:"duration,omitempty"`
}

type NodeClaimTemplate struct {
	ObjectMeta `json:"metadata,omitempty"`
	Spec       NodeClaimTemplateSpec `json:"spec"`
}

type ObjectMeta struct {
	Labels map[string]string `json:"labels,omitempty"`
}

type NodeClaimTemplateSpec struct {
	Taints       []v1.Taint                           `json:"taints,omitempty"`
	Requirements []NodeSelectorRequirementWithMinValues `json:"requirements"`
	NodeClassRef *NodeClassReference                  `json:"nodeClassRef"`
}

type NodeSelectorRequirementWithMinValues struct {
	v1.NodeSelectorRequirement `json:",inline"`
	MinValues                  *int `json:"minValues,omitempty"`
}

type NodeClassReference struct {
	Kind  string `json:"kind"`
	Name  string `json:"name"`
	Group string `json:"group"`
}

func (in *NodePool) RuntimeValidate() error { return nil }
