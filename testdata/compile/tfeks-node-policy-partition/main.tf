# The module's extra policy AmazonSSMManagedInstanceCore spelled with 'aws':
# the kit's node role already has it from the template (arn:${AWS_PARTITION}:...),
# so NODE_POLICY_ARNS lists it once, whatever partition an ARN spells.
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "20.8.5"

  cluster_name    = "pp"
  cluster_version = "1.30"

  eks_managed_node_groups = {
    sys = {
      instance_types = ["m5.large"]
      min_size       = 2
      max_size       = 3
      desired_size   = 2
    }
    w = {
      instance_types = ["m5.xlarge"]
      min_size       = 1
      max_size       = 5
      desired_size   = 1
      iam_role_additional_policies = {
        ssm  = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
      }
    }
  }
}
