# A module-style file: blocks, labels, one-line blocks, heredocs, expressions.
terraform {
  required_version = ">= 1.3"
}

resource "aws_eks_node_group" "this" {
  for_each        = var.node_groups
  node_group_name = "${var.cluster_name}-${each.key}"
  subnet_ids      = [for s in data.aws_subnet.all : s.id if s.map_public_ip_on_launch == false]
  capacity_type   = each.value.spot ? "SPOT" : "ON_DEMAND"
  labels          = merge(local.labels, { "team" = each.key }, each.value.labels...)
  depends_on      = [aws_iam_role_policy_attachment.node]

  scaling_config {
    min_size     = try(each.value.min, 1)
    max_size     = each.value.max * 2 + 1
    desired_size = -1
  }

  lifecycle { ignore_changes = [scaling_config[0].desired_size] }
}

resource "aws_eks_node_group" "this" {
  ami_type = local.ami_types.*.name[0]
  tags     = { for k, v in var.tags : lower(k) => v... if v != null }
}

locals {
  user_data = <<-EOT
    #!/bin/bash
    /etc/eks/bootstrap.sh ${var.cluster_name} \
      --kubelet-extra-args '--max-pods=${local.max_pods}'
  EOT
  policy = <<EOF
{"Version": "2012-10-17"}
EOF
  ids    = aws_subnet.private[*].id
  legacy = var.list.0
  ok     = !var.disabled && (var.count > 0 || var.force)
}
