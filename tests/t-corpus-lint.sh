#!/bin/sh
# t-corpus-lint.sh - `karpgen lint` over every Domino, terraform-aws-modules,
# eksctl and AWS CLI input of the shared corpus, one file at a time, and over
# the sets that belong together.
#
# Nothing may crash (exit >= 3), and every diagnostic must point at a real
# place: a file, a line and a column.  The migration and best-practice rules
# (KG2xx, KG5xx) that fire are compared with the list below, whose every
# entry is explained in docs/corpus-lint.md: a rule that starts or stops
# firing on a corpus file is a failure, so a change of behaviour is always
# reviewed.  Skips without ../shared, fails so under CI (tests/corpus.sh).
set -u
: "${KARPGEN:?}"
corpus=../shared/corpus
# shellcheck source=/dev/null # tests/corpus.sh, checked on its own
. "$(dirname "$0")/corpus.sh"
need_shared corpus-lint "$corpus"

# "run: rule" for each KG2xx/KG5xx diagnostic, where run is the file (or the
# first file of a set) relative to the corpus.  Kept sorted.
expected='
aws-cli-examples/autoscaling__describe-auto-scaling-groups__output1.json: KG220
aws-cli-examples/autoscaling__describe-auto-scaling-groups__output1.json: KG240
aws-cli-examples/autoscaling__describe-auto-scaling-groups__output2.json: KG220
domino-terraform-aws-eks/examples__karpenter__templates__nodepools__compute.yaml: KG506
domino-terraform-aws-eks/examples__karpenter__templates__nodepools__platform-jobs.yaml: KG506
domino-terraform-aws-eks/examples__karpenter__templates__nodepools__platform.yaml: KG506
domino-terraform-aws-eks/examples__tfvars__bring-your-vpc.tfvars: KG205
domino-terraform-aws-eks/examples__tfvars__bring-your-vpc.tfvars: KG206
domino-terraform-aws-eks/examples__tfvars__bring-your-vpc.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__bring-your-vpc.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__bring-your-vpc.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__bring-your-vpc.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__bring-your-vpc.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__bring-your-vpc.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__cost-usage-report.tfvars: KG205
domino-terraform-aws-eks/examples__tfvars__cost-usage-report.tfvars: KG206
domino-terraform-aws-eks/examples__tfvars__cost-usage-report.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__cost-usage-report.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__cost-usage-report.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__cost-usage-report.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__cost-usage-report.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__cost-usage-report.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__custom-node-pool.tfvars: KG205
domino-terraform-aws-eks/examples__tfvars__custom-node-pool.tfvars: KG206
domino-terraform-aws-eks/examples__tfvars__custom-node-pool.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__custom-node-pool.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__custom-node-pool.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__custom-node-pool.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__custom-node-pool.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__custom-node-pool.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__custom-node-pool.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__custom-node-pool.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__custom-node-pool.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__custom-node-pool.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__custom-node-pool.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__custom-node-pool.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__custom-node-pool.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__custom-node-pool.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__disable-oidc-creation.tfvars: KG205
domino-terraform-aws-eks/examples__tfvars__disable-oidc-creation.tfvars: KG206
domino-terraform-aws-eks/examples__tfvars__disable-oidc-creation.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__disable-oidc-creation.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__disable-oidc-creation.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__disable-oidc-creation.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__disable-oidc-creation.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__disable-oidc-creation.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__elastic-efs.tfvars: KG205
domino-terraform-aws-eks/examples__tfvars__elastic-efs.tfvars: KG206
domino-terraform-aws-eks/examples__tfvars__elastic-efs.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__elastic-efs.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__elastic-efs.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__elastic-efs.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__elastic-efs.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__elastic-efs.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__external-deployments.tfvars: KG205
domino-terraform-aws-eks/examples__tfvars__external-deployments.tfvars: KG206
domino-terraform-aws-eks/examples__tfvars__external-deployments.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__external-deployments.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__external-deployments.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__external-deployments.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__external-deployments.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__external-deployments.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__external-dns.tfvars: KG205
domino-terraform-aws-eks/examples__tfvars__external-dns.tfvars: KG206
domino-terraform-aws-eks/examples__tfvars__external-dns.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__external-dns.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__external-dns.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__external-dns.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__external-dns.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__external-dns.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__fips-on.tfvars: KG205
domino-terraform-aws-eks/examples__tfvars__fips-on.tfvars: KG206
domino-terraform-aws-eks/examples__tfvars__fips-on.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__fips-on.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__fips-on.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__fips-on.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__fips-on.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__fips-on.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__identity-providers.tfvars: KG205
domino-terraform-aws-eks/examples__tfvars__identity-providers.tfvars: KG206
domino-terraform-aws-eks/examples__tfvars__identity-providers.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__identity-providers.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__identity-providers.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__identity-providers.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__identity-providers.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__identity-providers.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__kms-add-policies.tfvars: KG205
domino-terraform-aws-eks/examples__tfvars__kms-add-policies.tfvars: KG206
domino-terraform-aws-eks/examples__tfvars__kms-add-policies.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__kms-add-policies.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__kms-add-policies.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__kms-add-policies.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__kms-add-policies.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__kms-add-policies.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__kms-byok.tfvars: KG205
domino-terraform-aws-eks/examples__tfvars__kms-byok.tfvars: KG206
domino-terraform-aws-eks/examples__tfvars__kms-byok.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__kms-byok.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__kms-byok.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__minimal-with-bastion.tfvars: KG205
domino-terraform-aws-eks/examples__tfvars__minimal-with-bastion.tfvars: KG206
domino-terraform-aws-eks/examples__tfvars__minimal-with-bastion.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__minimal-with-bastion.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__minimal-with-bastion.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__minimal-with-bastion.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__minimal-with-bastion.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__minimal-with-bastion.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__minimal-wo-bastion.tfvars: KG205
domino-terraform-aws-eks/examples__tfvars__minimal-wo-bastion.tfvars: KG206
domino-terraform-aws-eks/examples__tfvars__minimal-wo-bastion.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__minimal-wo-bastion.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__minimal-wo-bastion.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__minimal-wo-bastion.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__minimal-wo-bastion.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__minimal-wo-bastion.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__netapp.tfvars: KG205
domino-terraform-aws-eks/examples__tfvars__netapp.tfvars: KG206
domino-terraform-aws-eks/examples__tfvars__netapp.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__netapp.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__netapp.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__netapp.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__netapp.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__netapp.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__nodes-custom-ami.tfvars: KG205
domino-terraform-aws-eks/examples__tfvars__nodes-custom-ami.tfvars: KG206
domino-terraform-aws-eks/examples__tfvars__nodes-custom-ami.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__nodes-custom-ami.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__nodes-custom-ami.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__nodes-custom-ami.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__nodes-custom-ami.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__nodes-custom-ami.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__nodes-custom-ami.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__nodes-custom-ami.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__nodes-custom-ami.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__oidc-byo.tfvars: KG205
domino-terraform-aws-eks/examples__tfvars__oidc-byo.tfvars: KG206
domino-terraform-aws-eks/examples__tfvars__oidc-byo.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__oidc-byo.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__oidc-byo.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__oidc-byo.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__oidc-byo.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__oidc-byo.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__private-link.tfvars: KG205
domino-terraform-aws-eks/examples__tfvars__private-link.tfvars: KG206
domino-terraform-aws-eks/examples__tfvars__private-link.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__private-link.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__private-link.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__private-link.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__private-link.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__private-link.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__specify-vpc-cidr.tfvars: KG205
domino-terraform-aws-eks/examples__tfvars__specify-vpc-cidr.tfvars: KG206
domino-terraform-aws-eks/examples__tfvars__specify-vpc-cidr.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__specify-vpc-cidr.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__specify-vpc-cidr.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__specify-vpc-cidr.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__specify-vpc-cidr.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__specify-vpc-cidr.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__workspace-audit.tfvars: KG205
domino-terraform-aws-eks/examples__tfvars__workspace-audit.tfvars: KG206
domino-terraform-aws-eks/examples__tfvars__workspace-audit.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__workspace-audit.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__workspace-audit.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__workspace-audit.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__workspace-audit.tfvars: KG240
domino-terraform-aws-eks/examples__tfvars__workspace-audit.tfvars: KG240
domino-terraform-aws-eks/tests__deploy__infra-ci.tfvars.tftpl: KG201
domino-terraform-aws-eks/tests__deploy__infra-ci.tfvars.tftpl: KG204
domino-terraform-aws-eks/tests__deploy__infra-ci.tfvars.tftpl: KG205
domino-terraform-aws-eks/tests__deploy__infra-ci.tfvars.tftpl: KG240
domino-terraform-aws-eks/tests__deploy__infra-ci.tfvars.tftpl: KG240
domino-terraform-aws-eks/tests__deploy__infra-ci.tfvars.tftpl: KG240
domino-terraform-aws-eks/tests__deploy__infra-ci.tfvars.tftpl: KG240
domino-terraform-aws-eks/tests__deploy__infra-ci.tfvars.tftpl: KG240
domino-terraform-aws-eks/tests__deploy__infra-ci.tfvars.tftpl: KG240
domino-terraform-aws-eks/tests__deploy__infra-ci.tfvars.tftpl: KG240
domino-terraform-aws-eks/tests__deploy__infra-ci.tfvars.tftpl: KG240
domino-terraform-aws-eks/tests__deploy__infra-ci.tfvars.tftpl: KG240
domino-terraform-aws-eks/tests__deploy__infra-ci.tfvars.tftpl: KG240
domino-terraform-aws-eks/v2.0.0__examples__bring-your-vpc__main.tf: KG205
domino-terraform-aws-eks/v2.0.0__examples__bring-your-vpc__main.tf: KG206
domino-terraform-aws-eks/v2.0.0__examples__bring-your-vpc__main.tf: KG240
domino-terraform-aws-eks/v2.0.0__examples__bring-your-vpc__main.tf: KG240
domino-terraform-aws-eks/v2.0.0__examples__bring-your-vpc__main.tf: KG240
domino-terraform-aws-eks/v2.0.0__examples__bring-your-vpc__main.tf: KG240
domino-terraform-aws-eks/v2.0.0__examples__bring-your-vpc__main.tf: KG240
domino-terraform-aws-eks/v2.0.0__examples__bring-your-vpc__main.tf: KG240
domino-terraform-aws-eks/v2.0.0__examples__custom-node-pool__main.tf: KG205
domino-terraform-aws-eks/v2.0.0__examples__custom-node-pool__main.tf: KG206
domino-terraform-aws-eks/v2.0.0__examples__custom-node-pool__main.tf: KG240
domino-terraform-aws-eks/v2.0.0__examples__custom-node-pool__main.tf: KG240
domino-terraform-aws-eks/v2.0.0__examples__custom-node-pool__main.tf: KG240
domino-terraform-aws-eks/v2.0.0__examples__custom-node-pool__main.tf: KG240
domino-terraform-aws-eks/v2.0.0__examples__custom-node-pool__main.tf: KG240
domino-terraform-aws-eks/v2.0.0__examples__custom-node-pool__main.tf: KG240
domino-terraform-aws-eks/v2.0.0__examples__custom-node-pool__main.tf: KG240
domino-terraform-aws-eks/v2.0.0__examples__custom-node-pool__main.tf: KG240
domino-terraform-aws-eks/v2.0.0__tests__ci.tfvars.tftpl: KG240
domino-terraform-aws-eks/v2.0.0__tests__ci.tfvars.tftpl: KG240
domino-terraform-aws-eks/v2.0.0__tests__ci.tfvars.tftpl: KG240
eksctl/0.50.0__05-advanced-nodegroups.yaml: KG206
eksctl/0.50.0__05-advanced-nodegroups.yaml: KG240
eksctl/0.50.0__05-advanced-nodegroups.yaml: KG240
eksctl/0.50.0__05-advanced-nodegroups.yaml: KG246
eksctl/01-simple-cluster.yaml: KG206
eksctl/01-simple-cluster.yaml: KG246
eksctl/03-two-nodegroups.yaml: KG206
eksctl/03-two-nodegroups.yaml: KG246
eksctl/04-existing-vpc.yaml: KG206
eksctl/05-advanced-nodegroups.yaml: KG206
eksctl/05-advanced-nodegroups.yaml: KG240
eksctl/05-advanced-nodegroups.yaml: KG240
eksctl/05-advanced-nodegroups.yaml: KG246
eksctl/08-spot-instances.yaml: KG206
eksctl/08-spot-instances.yaml: KG240
eksctl/08-spot-instances.yaml: KG240
eksctl/08-spot-instances.yaml: KG240
eksctl/08-spot-instances.yaml: KG246
eksctl/15-managed-nodes.yaml: KG206
eksctl/15-managed-nodes.yaml: KG220
eksctl/15-managed-nodes.yaml: KG240
eksctl/15-managed-nodes.yaml: KG240
eksctl/15-managed-nodes.yaml: KG240
eksctl/15-managed-nodes.yaml: KG240
eksctl/15-managed-nodes.yaml: KG246
eksctl/15-managed-nodes.yaml: KG246
eksctl/15-managed-nodes.yaml: KG246
eksctl/18-node-to-pod-label-matching.yaml: KG206
eksctl/18-node-to-pod-label-matching.yaml: KG246
eksctl/19-kms-cluster.yaml: KG206
eksctl/19-kms-cluster.yaml: KG246
eksctl/22-managed-nodes-launch-template.yaml: KG206
eksctl/22-managed-nodes-launch-template.yaml: KG220
eksctl/22-managed-nodes-launch-template.yaml: KG240
eksctl/22-managed-nodes-launch-template.yaml: KG240
eksctl/22-managed-nodes-launch-template.yaml: KG246
eksctl/23-kubeflow-spot-instance.yaml: KG204
eksctl/23-kubeflow-spot-instance.yaml: KG206
eksctl/23-kubeflow-spot-instance.yaml: KG208
eksctl/23-kubeflow-spot-instance.yaml: KG221
eksctl/23-kubeflow-spot-instance.yaml: KG221
eksctl/23-kubeflow-spot-instance.yaml: KG240
eksctl/23-kubeflow-spot-instance.yaml: KG240
eksctl/23-kubeflow-spot-instance.yaml: KG240
eksctl/23-kubeflow-spot-instance.yaml: KG240
eksctl/23-kubeflow-spot-instance.yaml: KG240
eksctl/23-kubeflow-spot-instance.yaml: KG240
eksctl/23-kubeflow-spot-instance.yaml: KG240
eksctl/23-kubeflow-spot-instance.yaml: KG240
eksctl/23-kubeflow-spot-instance.yaml: KG240
eksctl/23-kubeflow-spot-instance.yaml: KG240
eksctl/23-kubeflow-spot-instance.yaml: KG240
eksctl/23-kubeflow-spot-instance.yaml: KG240
eksctl/23-kubeflow-spot-instance.yaml: KG246
eksctl/23-kubeflow-spot-instance.yaml: KG246
eksctl/23-kubeflow-spot-instance.yaml: KG246
eksctl/23-kubeflow-spot-instance.yaml: KG246
eksctl/23-kubeflow-spot-instance.yaml: KG246
eksctl/23-kubeflow-spot-instance.yaml: KG250
eksctl/28-instance-selector.yaml: KG206
eksctl/28-instance-selector.yaml: KG246
eksctl/29-cluster-with-karpenter.yaml: KG206
eksctl/29-cluster-with-karpenter.yaml: KG246
eksctl/29-cluster-with-karpenter.yaml: KG250
eksctl/30-vpc-with-ip-family.yaml: KG206
eksctl/30-vpc-with-ip-family.yaml: KG246
eksctl/30-vpc-with-ip-family.yaml: KG250
eksctl/31-override-bootstrap-command-unmanaged-nodegroup.yaml: KG206
eksctl/31-override-bootstrap-command-unmanaged-nodegroup.yaml: KG246
eksctl/31-override-bootstrap-command-unmanaged-nodegroup.yaml: KG250
eksctl/33-local-zones.yaml: KG206
eksctl/33-local-zones.yaml: KG244
eksctl/33-local-zones.yaml: KG244
eksctl/33-local-zones.yaml: KG244
eksctl/33-local-zones.yaml: KG244
eksctl/33-local-zones.yaml: KG246
eksctl/34-taints.yaml: KG206
eksctl/34-taints.yaml: KG246
eksctl/34-taints.yaml: KG246
eksctl/38-cluster-subnets-sgs.yaml: KG206
eksctl/38-cluster-subnets-sgs.yaml: KG246
eksctl/44-node-repair.yaml: KG206
eksctl/44-node-repair.yaml: KG240
eksctl/44-node-repair.yaml: KG240
eksctl/44-node-repair.yaml: KG240
eksctl/44-node-repair.yaml: KG240
eksctl/44-node-repair.yaml: KG246
eksctl/44-node-repair.yaml: KG246
eksctl/44-node-repair.yaml: KG246
eksctl/44-node-repair.yaml: KG246
eksctl/45-upgrade-policy-example.yaml: KG206
eksctl/45-upgrade-policy-example.yaml: KG246
eksctl/49-control-plane-on-private-subnets.yaml: KG206
eksctl/cfn__launch_template_custom_ami.json: KG220
eksctl/cfn__launch_template_custom_ami.json: KG240
eksctl/cfn__lt_instance_types.json: KG240
eksctl/integration__tests__crud__testdata__scale-nodegroups.yaml: KG246
eksctl/integration__tests__crud__testdata__scale-nodegroups.yaml: KG246
eksctl/integration__tests__labels__testdata__managed-nodegroup-with-labels.yaml: KG246
eksctl/userdocs__arm-support__block1.yaml: KG206
eksctl/userdocs__arm-support__block1.yaml: KG246
eksctl/userdocs__arm-support__block2.yaml: KG206
eksctl/userdocs__arm-support__block2.yaml: KG246
eksctl/userdocs__custom-ami-support__yamlblock2.yaml: KG206
eksctl/userdocs__custom-ami-support__yamlblock2.yaml: KG246
eksctl/userdocs__custom-ami-support__yamlblock4.yaml: KG206
eksctl/userdocs__custom-ami-support__yamlblock4.yaml: KG240
eksctl/userdocs__custom-ami-support__yamlblock4.yaml: KG246
eksctl/userdocs__instance-selector__block1.yaml: KG206
eksctl/userdocs__instance-selector__block1.yaml: KG246
eksctl/userdocs__instance-selector__block3.yaml: KG206
eksctl/userdocs__instance-selector__block3.yaml: KG246
eksctl/userdocs__launch-template-support__block1.yaml: KG206
eksctl/userdocs__launch-template-support__block1.yaml: KG220
eksctl/userdocs__launch-template-support__block1.yaml: KG220
eksctl/userdocs__launch-template-support__block1.yaml: KG240
eksctl/userdocs__launch-template-support__block1.yaml: KG240
eksctl/userdocs__launch-template-support__block1.yaml: KG246
set:blueprints-karpenter-mng: KG230
set:domino-custom-pool: KG205
set:domino-custom-pool: KG206
set:domino-custom-pool: KG220
set:domino-custom-pool: KG222
set:domino-custom-pool: KG222
set:domino-custom-pool: KG222
set:domino-custom-pool: KG222
set:domino-custom-pool: KG222
set:domino-custom-pool: KG223
set:domino-custom-pool: KG240
set:domino-custom-pool: KG240
set:domino-custom-pool: KG240
set:domino-custom-pool: KG240
set:domino-custom-pool: KG240
set:domino-custom-pool: KG240
set:domino-custom-pool: KG240
set:domino-custom-pool: KG240
set:domino-custom-pool: KG240
set:domino-custom-pool: KG240
set:domino-custom-pool: KG240
set:domino-custom-pool: KG240
set:domino-custom-pool: KG240
set:domino-custom-pool: KG240
set:domino-custom-pool: KG506
set:domino-custom-pool: KG506
set:domino-custom-pool: KG506
set:domino-templates: KG506
set:domino-templates: KG506
set:domino-templates: KG506
terraform-aws-modules-eks/examples__eks-managed-node-group__eks-al2023.tf: KG206
terraform-aws-modules-eks/examples__eks-managed-node-group__eks-al2023.tf: KG240
terraform-aws-modules-eks/examples__eks-managed-node-group__eks-bottlerocket.tf: KG206
terraform-aws-modules-eks/examples__eks-managed-node-group__eks-bottlerocket.tf: KG230
terraform-aws-modules-eks/examples__eks-managed-node-group__eks-bottlerocket.tf: KG240
terraform-aws-modules-eks/examples__karpenter__karpenter.yaml: KG230
terraform-aws-modules-eks/examples__self-managed-node-group__eks-bottlerocket.tf: KG206
terraform-aws-modules-eks/examples__self-managed-node-group__eks-bottlerocket.tf: KG230
terraform-aws-modules-eks/examples__self-managed-node-group__eks-bottlerocket.tf: KG240
terraform-aws-modules-eks/tests__self-managed-node-group__main.tf: KG204
terraform-aws-modules-eks/tests__self-managed-node-group__main.tf: KG206
terraform-aws-modules-eks/tests__self-managed-node-group__main.tf: KG240
terraform-aws-modules-eks/tests__self-managed-node-group__main.tf: KG240
terraform-aws-modules-eks/tests__self-managed-node-group__main.tf: KG240
terraform-aws-modules-eks/tests__self-managed-node-group__main.tf: KG240
terraform-aws-modules-eks/tests__self-managed-node-group__main.tf: KG240
terraform-aws-modules-eks/tests__self-managed-node-group__main.tf: KG240
terraform-aws-modules-eks/tests__self-managed-node-group__main.tf: KG240
terraform-aws-modules-eks/tests__self-managed-node-group__main.tf: KG240
terraform-aws-modules-eks/tests__self-managed-node-group__main.tf: KG240
terraform-aws-modules-eks/tests__self-managed-node-group__main.tf: KG240
terraform-aws-modules-eks/tests__self-managed-node-group__main.tf: KG240
terraform-aws-modules-eks/tests__self-managed-node-group__main.tf: KG240
terraform-aws-modules-eks/tests__self-managed-node-group__main.tf: KG240
terraform-aws-modules-eks/tests__self-managed-node-group__main.tf: KG240
terraform-aws-modules-eks/tests__self-managed-node-group__main.tf: KG240
terraform-aws-modules-eks/tests__self-managed-node-group__main.tf: KG240
terraform-aws-modules-eks/tests__self-managed-node-group__main.tf: KG240
terraform-aws-modules-eks/tests__self-managed-node-group__main.tf: KG246
terraform-aws-modules-eks/v17.24.0__examples__complete__main.tf: KG204
terraform-aws-modules-eks/v17.24.0__examples__complete__main.tf: KG206
terraform-aws-modules-eks/v17.24.0__examples__complete__main.tf: KG240
terraform-aws-modules-eks/v17.24.0__examples__complete__main.tf: KG240
terraform-aws-modules-eks/v17.24.0__examples__complete__main.tf: KG240
terraform-aws-modules-eks/v17.24.0__examples__complete__main.tf: KG240
terraform-aws-modules-eks/v17.24.0__examples__complete__main.tf: KG240
terraform-aws-modules-eks/v17.24.0__examples__complete__main.tf: KG240
terraform-aws-modules-eks/v17.24.0__examples__complete__main.tf: KG250
terraform-aws-modules-eks/v17.24.0__examples__launch_templates_with_managed_node_groups__main.tf: KG204
terraform-aws-modules-eks/v17.24.0__examples__launch_templates_with_managed_node_groups__main.tf: KG206
terraform-aws-modules-eks/v17.24.0__examples__launch_templates_with_managed_node_groups__main.tf: KG240
terraform-aws-modules-eks/v17.24.0__examples__launch_templates_with_managed_node_groups__main.tf: KG240
terraform-aws-modules-eks/v17.24.0__examples__launch_templates_with_managed_node_groups__main.tf: KG250
terraform-aws-modules-eks/v17.24.0__examples__managed_node_groups__main.tf: KG204
terraform-aws-modules-eks/v17.24.0__examples__managed_node_groups__main.tf: KG206
terraform-aws-modules-eks/v17.24.0__examples__managed_node_groups__main.tf: KG240
terraform-aws-modules-eks/v17.24.0__examples__managed_node_groups__main.tf: KG250
terraform-aws-modules-eks/v18.31.2__examples__complete__main.tf: KG204
terraform-aws-modules-eks/v18.31.2__examples__complete__main.tf: KG206
terraform-aws-modules-eks/v18.31.2__examples__complete__main.tf: KG240
terraform-aws-modules-eks/v18.31.2__examples__complete__main.tf: KG240
terraform-aws-modules-eks/v18.31.2__examples__complete__main.tf: KG240
terraform-aws-modules-eks/v18.31.2__examples__complete__main.tf: KG240
terraform-aws-modules-eks/v18.31.2__examples__complete__main.tf: KG240
terraform-aws-modules-eks/v18.31.2__examples__complete__main.tf: KG240
terraform-aws-modules-eks/v18.31.2__examples__complete__main.tf: KG240
terraform-aws-modules-eks/v18.31.2__examples__complete__main.tf: KG240
terraform-aws-modules-eks/v18.31.2__examples__complete__main.tf: KG240
terraform-aws-modules-eks/v18.31.2__examples__complete__main.tf: KG247
terraform-aws-modules-eks/v18.31.2__examples__eks_managed_node_group__main.tf: KG204
terraform-aws-modules-eks/v18.31.2__examples__eks_managed_node_group__main.tf: KG206
terraform-aws-modules-eks/v18.31.2__examples__eks_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v18.31.2__examples__eks_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v18.31.2__examples__eks_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v18.31.2__examples__eks_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v18.31.2__examples__eks_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v18.31.2__examples__eks_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v18.31.2__examples__eks_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v18.31.2__examples__eks_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v18.31.2__examples__eks_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v18.31.2__examples__eks_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v18.31.2__examples__eks_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v18.31.2__examples__eks_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v18.31.2__examples__eks_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v18.31.2__examples__eks_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v18.31.2__examples__eks_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v18.31.2__examples__eks_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v18.31.2__examples__eks_managed_node_group__main.tf: KG247
terraform-aws-modules-eks/v18.31.2__examples__eks_managed_node_group__main.tf: KG250
terraform-aws-modules-eks/v18.31.2__examples__self_managed_node_group__main.tf: KG204
terraform-aws-modules-eks/v18.31.2__examples__self_managed_node_group__main.tf: KG206
terraform-aws-modules-eks/v18.31.2__examples__self_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v18.31.2__examples__self_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v18.31.2__examples__self_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v18.31.2__examples__self_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v18.31.2__examples__self_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v18.31.2__examples__self_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v18.31.2__examples__self_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v18.31.2__examples__self_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v18.31.2__examples__self_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v18.31.2__examples__self_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v18.31.2__examples__self_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v18.31.2__examples__self_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v18.31.2__examples__self_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v18.31.2__examples__self_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v18.31.2__examples__self_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v18.31.2__examples__self_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v18.31.2__examples__self_managed_node_group__main.tf: KG246
terraform-aws-modules-eks/v18.31.2__examples__self_managed_node_group__main.tf: KG250
terraform-aws-modules-eks/v19.21.0__examples__eks_managed_node_group__main.tf: KG204
terraform-aws-modules-eks/v19.21.0__examples__eks_managed_node_group__main.tf: KG206
terraform-aws-modules-eks/v19.21.0__examples__eks_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v19.21.0__examples__eks_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v19.21.0__examples__eks_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v19.21.0__examples__eks_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v19.21.0__examples__eks_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v19.21.0__examples__eks_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v19.21.0__examples__eks_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v19.21.0__examples__eks_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v19.21.0__examples__eks_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v19.21.0__examples__eks_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v19.21.0__examples__eks_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v19.21.0__examples__eks_managed_node_group__main.tf: KG247
terraform-aws-modules-eks/v20.8.5__examples__eks_managed_node_group__main.tf: KG204
terraform-aws-modules-eks/v20.8.5__examples__eks_managed_node_group__main.tf: KG206
terraform-aws-modules-eks/v20.8.5__examples__eks_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v20.8.5__examples__eks_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v20.8.5__examples__eks_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v20.8.5__examples__eks_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v20.8.5__examples__eks_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v20.8.5__examples__eks_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v20.8.5__examples__eks_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v20.8.5__examples__eks_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v20.8.5__examples__eks_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v20.8.5__examples__eks_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v20.8.5__examples__eks_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v20.8.5__examples__eks_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v20.8.5__examples__eks_managed_node_group__main.tf: KG240
terraform-aws-modules-eks/v20.8.5__examples__eks_managed_node_group__main.tf: KG247
terraform-aws-modules-eks/v20.8.5__examples__eks_managed_node_group__main.tf: KG247
'

# Sets of files that describe one cluster: name, then the files.
sets='
domino-templates domino-terraform-aws-eks/examples__karpenter__templates__nodepools__compute.yaml domino-terraform-aws-eks/examples__karpenter__templates__nodepools__platform.yaml domino-terraform-aws-eks/examples__karpenter__templates__nodepools__platform-jobs.yaml domino-terraform-aws-eks/examples__karpenter__templates__ec2nodeclasses__domino-eks-compute.yaml domino-terraform-aws-eks/examples__karpenter__templates__ec2nodeclasses__domino-eks-platform.yaml
domino-custom-pool domino-terraform-aws-eks/examples__tfvars__custom-node-pool.tfvars domino-terraform-aws-eks/examples__karpenter__templates__nodepools__compute.yaml domino-terraform-aws-eks/examples__karpenter__templates__nodepools__platform.yaml domino-terraform-aws-eks/examples__karpenter__templates__nodepools__platform-jobs.yaml domino-terraform-aws-eks/examples__karpenter__templates__ec2nodeclasses__domino-eks-compute.yaml domino-terraform-aws-eks/examples__karpenter__templates__ec2nodeclasses__domino-eks-platform.yaml
domino-deploy domino-terraform-aws-eks/examples__deploy__terraform__infra.tfvars domino-terraform-aws-eks/examples__deploy__terraform__nodes.tfvars
blueprints-karpenter-mng eks-blueprints/patterns__karpenter-mng__eks.tf eks-blueprints/patterns__karpenter-mng__karpenter.tf eks-blueprints/patterns__karpenter-mng__karpenter.yaml
'

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
: >"$tmp/got"

# lint NAME FILE...: run from inside the corpus, check exit status and locations
lint() {
	name=$1
	shift
	(cd "$corpus" && exec "$KARPGEN" lint --format github "$@") >"$tmp/out" 2>"$tmp/err"
	rc=$?
	ok=1
	if [ "$rc" -gt 2 ]; then
		echo "FAIL $name: exit status $rc"
		head -n 5 "$tmp/err"
		ok=0
	fi
	# every annotation has file=, line= and col= (GitHub's own syntax)
	if grep -v '^::[a-z]* file=[^,]*,line=[1-9][0-9]*,col=[1-9][0-9]*,' "$tmp/out" >"$tmp/bad"; then
		echo "FAIL $name: diagnostics without a location:"
		head -n 5 "$tmp/bad"
		ok=0
	fi
	sed -n 's/.*,title=\(KG[25][0-9][0-9]\) .*/\1/p' "$tmp/out" | sed "s|^|$name: |" >>"$tmp/got"
	if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
}

find "$corpus/domino-terraform-aws-eks" "$corpus/terraform-aws-modules-eks" "$corpus/eksctl" \
    "$corpus/aws-cli-examples" -type f \( -name '*.tf' -o -name '*.tfvars' -o -name '*.json' \
    -o -name '*.yaml' -o -name '*.yml' -o -name '*.tftpl' -o -name '*.hcl' \) ! -path '*/hcl-json/*' |
    sed "s|^$corpus/||" | sort >"$tmp/files"
while read -r f; do
	lint "$f" "$f"
done <"$tmp/files"

echo "$sets" | while read -r name files; do
	[ -n "$name" ] && echo "$name $files"
done >"$tmp/sets"
while read -r name files; do
	# shellcheck disable=SC2086 # the file list is split on purpose
	lint "set:$name" $files
done <"$tmp/sets"

echo "$expected" | sed '/^$/d' | sort >"$tmp/want"
sort "$tmp/got" >"$tmp/got.sorted"
if diff -u "$tmp/want" "$tmp/got.sorted" >"$tmp/diff"; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	echo "FAIL the KG2xx/KG5xx rules that fire on the corpus changed (review, then update the list and docs/corpus-lint.md):"
	cat "$tmp/diff"
fi
echo "corpus-lint: $pass passed, $fail failed"
[ "$fail" = 0 ]
