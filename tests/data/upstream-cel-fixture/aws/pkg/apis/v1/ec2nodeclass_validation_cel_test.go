package v1_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/sets"
	karpv1 "sigs.k8s.io/karpenter/pkg/apis/v1"
	"sigs.k8s.io/karpenter/pkg/test"

	v1 "github.com/aws/karpenter-provider-aws/pkg/apis/v1"
)

var _ = Describe("CEL/Validation", func() {
	var nc *v1.EC2NodeClass

	BeforeEach(func() {
		nc = &v1.EC2NodeClass{
			ObjectMeta: test.ObjectMeta(metav1.ObjectMeta{}),
			Spec: v1.EC2NodeClassSpec{
				AMIFamily:           &v1.AMIFamilyAL2023,
				Role:                "role-1",
				SubnetSelectorTerms: []v1.SubnetSelectorTerm{{Tags: map[string]string{"*": "*"}}},
			},
		}
	})
	It("should fail when subnet selector terms are empty", func() {
		nc.Spec.SubnetSelectorTerms = []v1.SubnetSelectorTerm{}
		Expect(env.Client.Create(ctx, nc)).ToNot(Succeed())
		nc.Spec.SubnetSelectorTerms = nil
		Expect(env.Client.Create(ctx, nc)).ToNot(Succeed())
	})
	It("should succeed without a role's empty string", func() {
		nc.Spec.Role = ""
		nc.Spec.Tags = map[string]string{}
		Expect(env.Client.Create(ctx, nc)).To(Succeed())
	})
	It("sees the label sets the provider's init extends", func() {
		for label := range karpv1.WellKnownLabels.Difference(sets.New(karpv1.NodePoolLabelKey, corev1.LabelTopologyZone)) {
			nc.Spec.Tags = map[string]string{label: "x"}
			Expect(env.Client.Create(ctx, nc)).To(Succeed())
			Expect(env.Client.Delete(ctx, nc)).To(Succeed())
		}
	})
})
