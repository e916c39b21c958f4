#!/usr/bin/env python3
"""gen-iam-data.py REFERENCE_DIR OUT_DIR - the official Karpenter IAM of each version as data.

Reads reference/karpenter/v<version>/cloudformation.yaml of every release of src/versions.def (the getting-started template) and writes
data/iam/<version>.json: the node role (trust, managed policies), each controller managed policy
(name, document, in template order), the interruption queue, its policy and the EventBridge rules.
CloudFormation substitutions (${ClusterName}, ${AWS::Partition} ...) are kept as written; karpgen
fills them.  Run by hand when the reference changes; the output is committed (the build never reads
outside the repository).
"""
import json
import os
import re
import sys

import yaml


class Tagged(str):
    pass


def tag(name):
    def construct(loader, node):
        if isinstance(node, yaml.ScalarNode):
            value = loader.construct_scalar(node)
        else:
            value = loader.construct_sequence(node)
        if name == "GetAtt":
            return "${%s}" % value
        if name == "Ref":
            return "${%s}" % value
        return value
    return construct


class Loader(yaml.SafeLoader):
    pass


for t in ("Sub", "GetAtt", "Ref"):
    Loader.add_constructor("!" + t, tag(t))


def main():
    ref, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    # the supported releases are the rows of src/versions.def
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "versions.def")
    with open(here) as f:
        names = re.findall(r'^KARPENTER\("([^"]+)"', f.read(), re.M)
    for version in ["v" + n for n in names]:
        path = os.path.join(ref, version, "cloudformation.yaml")
        if not os.path.exists(path):
            sys.exit("gen-iam-data: %s: no such file" % path)
        with open(path) as f:
            cfn = yaml.load(f, Loader=Loader)
        res = cfn["Resources"]
        data = {"version": version.lstrip("v"),
                "source": "aws/karpenter-provider-aws getting-started cloudformation.yaml (Apache-2.0), "
                          "see reference/karpenter/README.md",
                "controller_policies": [], "event_rules": []}
        for name, r in res.items():
            t, p = r["Type"], r.get("Properties", {})
            if t == "AWS::IAM::Role":
                data["node_role"] = {
                    "name": p["RoleName"],
                    "trust": p["AssumeRolePolicyDocument"],
                    "managed_policies": p["ManagedPolicyArns"],
                }
            elif t == "AWS::IAM::InstanceProfile":
                data["instance_profile"] = p["InstanceProfileName"]
            elif t == "AWS::IAM::ManagedPolicy":
                data["controller_policies"].append({
                    "name": p["ManagedPolicyName"],
                    "document": json.loads(p["PolicyDocument"]),
                })
            elif t == "AWS::SQS::Queue":
                data["queue"] = {"name": p["QueueName"],
                                 "message_retention_period": p["MessageRetentionPeriod"],
                                 "sqs_managed_sse": p.get("SqsManagedSseEnabled", False)}
            elif t == "AWS::SQS::QueuePolicy":
                data["queue_policy"] = p["PolicyDocument"]
            elif t == "AWS::Events::Rule":
                pat = p["EventPattern"]
                data["event_rules"].append({"name": name, "source": pat["source"][0],
                                            "detail_type": pat["detail-type"][0]})
        with open(os.path.join(out, version.lstrip("v") + ".json"), "w") as f:
            json.dump(data, f, indent=2)
            f.write("\n")


main()
