package v1_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/samber/lo"
	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"

	. "sigs.k8s.io/karpenter/pkg/apis/v1"
	"sigs.k8s.io/karpenter/pkg/test"
)

var _ = Describe("CEL/Validation", func() {
	var nodePool *NodePool

	BeforeEach(func() {
		nodePool = &NodePool{
			ObjectMeta: metav1.ObjectMeta{Name: test.RandomName()},
			Spec: NodePoolSpec{
				Template: NodeClaimTemplate{
					Spec: NodeClaimTemplateSpec{
						NodeClassRef: &NodeClassReference{Group: "karpenter.test.sh", Kind: "TestNodeClass", Name: "default"},
						Requirements: []NodeSelectorRequirementWithMinValues{
							{NodeSelectorRequirement: v1.NodeSelectorRequirement{Key: CapacityTypeLabelKey, Operator: v1.NodeSelectorOpExists}},
						},
					},
				},
			},
		}
	})
	It("should succeed with a weight and a budget", func() {
		nodePool.Spec.Weight = lo.ToPtr(int32(0))
		nodePool.Spec.Disruption.ConsolidationPolicy = ConsolidationPolicyWhenEmpty
		nodePool.Spec.Disruption.ConsolidateAfter = MustParseNillableDuration("30s")
		nodePool.Spec.Disruption.Budgets = []Budget{{
			Nodes:    "10",
			Schedule: new("@daily"),
			Duration: &metav1.Duration{Duration: lo.Must(time.ParseDuration("2h20m"))},
		}}
		Expect(env.Client.Create(ctx, nodePool)).To(Succeed())
		Expect(nodePool.RuntimeValidate(ctx)).To(Succeed())
	})
	Context("Taints", func() {
		It("should fail for invalid taint keys", func() {
			for _, key := range []string{"test.com.com}", "/test"} {
				nodePool.Spec.Template.Spec.Taints = []v1.Taint{{Key: key, Effect: v1.TaintEffectNoSchedule}}
				Expect(env.Client.Create(ctx, nodePool)).ToNot(Succeed())
			}
		})
		It("should fail for a missing key", func() {
			nodePool.Spec.Template.Spec.Taints = []v1.Taint{{Effect: v1.TaintEffectNoSchedule}}
			Expect(env.Client.Create(ctx, nodePool)).To(Not(Succeed()))
		})
	})
	Context("Labels", func() {
		BeforeEach(func() {
			nodePool.Spec.Template.Labels = map[string]string{"team": "a"}
		})
		It("should allow well known labels", func() {
			oldNodePool := nodePool.DeepCopy()
			for label := range WellKnownLabels {
				nodePool.Spec.Template.Spec.Requirements = []NodeSelectorRequirementWithMinValues{
					{NodeSelectorRequirement: v1.NodeSelectorRequirement{Key: label, Operator: v1.NodeSelectorOpIn, Values: []string{"x"}}, MinValues: lo.ToPtr(1)},
				}
				Expect(env.Client.Create(ctx, nodePool)).To(Succeed())
				Expect(env.Client.Delete(ctx, nodePool)).To(Succeed())
				nodePool = oldNodePool.DeepCopy()
			}
		})
	})
	DescribeTable("should fail on an invalid consolidateAfter", func(value string) {
		u := lo.Must(runtime.DefaultUnstructuredConverter.ToUnstructured(nodePool))
		lo.Must0(unstructured.SetNestedField(u, value, "spec", "disruption", "consolidateAfter"))
		obj := &unstructured.Unstructured{}
		lo.Must0(runtime.DefaultUnstructuredConverter.FromUnstructured(u, obj))
		Expect(env.Client.Create(ctx, obj)).To(Not(Succeed()))
	},
		Entry("negative", "-1s"),
		Entry("partial match", "FooNever"),
	)
	It("should not change the group", func() {
		Expect(env.Client.Create(ctx, nodePool)).To(Succeed())
		nodePool.Spec.Template.Spec.NodeClassRef.Group = "other"
		Expect(env.Client.Update(ctx, nodePool)).ToNot(Succeed())
	})
	It("should refuse a second create", func() {
		Expect(env.Client.Create(ctx, nodePool)).To(Succeed())
		Expect(env.Client.Create(ctx, nodePool)).ToNot(Succeed())
	})
	It("uses a helper the converter does not know", func() {
		nodePool = test.StaticNodePool()
		Expect(env.Client.Create(ctx, nodePool)).To(Succeed())
	})
})
