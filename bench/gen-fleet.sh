#!/bin/sh
# gen-fleet.sh N - a Domino infra.tfvars with N additional node groups (about 500 bytes each)
# spread over four zones (x86 types, so the default AL2023 x86 AMI fits; every eighth group a
# GPU group), and a Karpenter group covering them all.
set -eu
awk -v n="$1" 'BEGIN {
	split("m6i.2xlarge m6a.2xlarge c6i.4xlarge r6i.2xlarge m7i.xlarge g5.2xlarge m5.2xlarge c5.4xlarge", t, " ")
	print "deploy_id = \"bench-fleet\""
	print "region    = \"us-west-2\""
	print "karpenter_node_groups = {"
	print "  karpenter = {"
	print "    availability_zone_ids = [\"usw2-az1\", \"usw2-az2\", \"usw2-az3\", \"usw2-az4\"]"
	print "    single_nodegroup      = true"
	print "    min_per_az            = 2"
	print "  }"
	print "}"
	print "additional_node_groups = {"
	for (i = 1; i <= n; i++) {
		a = t[(i % 8) + 1]; b = t[((i + 3) % 8) + 1]
		if ((i % 8) >= 5 && (i % 8) <= 7) b = a
		printf "  ng-%05d = {\n", i
		printf "    instance_types        = [\"%s\", \"%s\"]\n", a, b
		printf "    spot                  = %s\n", (i % 3 == 0) ? "true" : "false"
		printf "    min_per_az            = %d\n", i % 2
		printf "    max_per_az            = %d\n", 5 + i % 20
		printf "    desired_per_az        = %d\n", i % 2
		printf "    availability_zone_ids = [\"usw2-az%d\", \"usw2-az%d\"]\n", 1 + i % 4, 1 + (i + 1) % 4
		printf "    labels = {\n      \"dominodatalab.com/node-pool\" = \"pool-%d\"\n      team = \"t%d\"\n    }\n", i, i % 40
		if (i % 5 == 0)
			printf "    taints = [{ key = \"dedicated\", value = \"team-%d\", effect = \"NO_SCHEDULE\" }]\n", i % 40
		printf "    tags = {\n      CostCenter = \"cc-%04d\"\n      Owner      = \"team-%d@example.com\"\n    }\n", i % 300, i % 40
		printf "    volume = {\n      size = %d\n      type = \"gp3\"\n    }\n", (i % 4 == 0) ? 1000 : 100
		print "  }"
	}
	print "}"
}'
