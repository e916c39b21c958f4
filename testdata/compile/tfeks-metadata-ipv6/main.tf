# terraform-aws-modules/eks v20 on an IPv6 cluster (written for karpgen): a
# group's metadata_options.http_protocol_ipv6 is the EC2NodeClass
# metadataOptions.httpProtocolIPv6, as the AWS CLI's HttpProtocolIpv6 is.
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name      = "demo6"
  cluster_version   = "1.31"
  cluster_ip_family = "ipv6"
  subnet_ids        = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]

  eks_managed_node_groups = {
    system = {
      instance_types = ["m5.large"]
      min_size       = 2
      max_size       = 3
      desired_size   = 2
      labels         = { role = "system" }
    }
    app = {
      instance_types = ["m5.xlarge"]
      max_size       = 4
      metadata_options = {
        http_endpoint               = "enabled"
        http_tokens                 = "required"
        http_put_response_hop_limit = 1
        http_protocol_ipv6          = "enabled"
      }
    }
  }
}
