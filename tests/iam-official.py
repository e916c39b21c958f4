#!/usr/bin/env python3
"""iam-official.py CLOUDFORMATION KIT - the kit's controller policy against the official one.

CLOUDFORMATION is the release's getting-started template (reference/karpenter/v<V>/
cloudformation.yaml), read here on its own, not through data/iam/ (which the kit is made
from: comparing the kit with it would compare karpgen with itself).  KIT is a compiled kit.

Each controller managed policy of the template (KarpenterController<Name>Policy-${ClusterName})
must be the kit's iam/controller-policy-<name>.json (KarpenterControllerPolicy: controller-
policy.json), statement by statement in the template's order, after the template's
substitutions are given the kit's values: cluster, region, account and partition from the
table of the kit's REPORT.md, ${KarpenterNodeRole.Arn} the kit's node role,
${KarpenterInterruptionQueue.Arn} its queue (REPORT.md's, else the template's default: the
cluster name).  The kit may have no other controller policy.  Prints each difference; exit 1
when there is one, 2 when an input cannot be read.
"""
import glob
import json
import os
import re
import sys

import yaml


class Loader(yaml.SafeLoader):
    pass


def keep(loader, node):
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    return loader.construct_sequence(node)


for t in ("!Sub", "!GetAtt", "!Ref"):
    Loader.add_constructor(t, keep)


def report_values(kit):
    """The setting table of REPORT.md: | name | `value` | from |."""
    values = {}
    with open(os.path.join(kit, "REPORT.md")) as f:
        for line in f:
            m = re.match(r"^\| ([a-z ]+) \| `([^`]*)` \|", line)
            if m and m.group(1) not in values:
                values[m.group(1)] = m.group(2)
    return values


def kebab(name):
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "-", name).lower()


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: iam-official.py CLOUDFORMATION KIT")
    cfn_path, kit = sys.argv[1], sys.argv[2]
    try:
        with open(cfn_path) as f:
            cfn = yaml.load(f, Loader=Loader)
        v = report_values(kit)
    except (OSError, yaml.YAMLError) as e:
        sys.stderr.write("iam-official: %s\n" % e)
        sys.exit(2)
    part, region, account, cluster = v["partition"], v["region"], v["account"], v["cluster"]
    role = v["node role"]
    queue = v.get("interruption queue", cluster)
    subst = {
        "AWS::Partition": part, "AWS::Region": region, "AWS::AccountId": account,
        "AWS::URLSuffix": "amazonaws.com", "ClusterName": cluster,
        "KarpenterNodeRole.Arn": "arn:%s:iam::%s:role/%s" % (part, account, role),
        "KarpenterInterruptionQueue.Arn": "arn:%s:sqs:%s:%s:%s" % (part, region, account, queue),
    }

    def sub(text):
        def one(m):
            if m.group(1) not in subst:
                sys.stderr.write("iam-official: no value for ${%s}\n" % m.group(1))
                sys.exit(2)
            return subst[m.group(1)]
        return re.sub(r"\$\{([^}]+)\}", one, text)

    diffs = []
    seen = set()
    for name, r in cfn["Resources"].items():
        if r["Type"] != "AWS::IAM::ManagedPolicy":
            continue
        p = r["Properties"]
        m = re.match(r"KarpenterController(\w*)Policy-", p["ManagedPolicyName"])
        if not m:
            diffs.append("%s: not a controller policy name: %s" % (name, p["ManagedPolicyName"]))
            continue
        fname = "controller-policy%s.json" % ("-" + kebab(m.group(1)) if m.group(1) else "")
        seen.add(fname)
        official = json.loads(sub(p["PolicyDocument"]))
        path = os.path.join(kit, "iam", fname)
        if not os.path.exists(path):
            diffs.append("%s: missing (the official %s)" % (fname, p["ManagedPolicyName"]))
            continue
        with open(path) as f:
            mine = json.load(f)
        if mine.get("Version") != official.get("Version"):
            diffs.append("%s: Version %r, official %r" % (fname, mine.get("Version"), official.get("Version")))
        want, got = official["Statement"], mine.get("Statement", [])
        for i in range(max(len(want), len(got))):
            w = want[i] if i < len(want) else None
            g = got[i] if i < len(got) else None
            if w != g:
                sid = (w or g).get("Sid", "#%d" % i)
                diffs.append("%s: statement %d (%s):\n  official %s\n  kit      %s" % (
                    fname, i, sid, json.dumps(w, sort_keys=True), json.dumps(g, sort_keys=True)))
    for path in sorted(glob.glob(os.path.join(kit, "iam", "controller-policy*.json"))):
        if os.path.basename(path) not in seen:
            diffs.append("%s: the official template has no such policy" % os.path.basename(path))
    for d in diffs:
        print(d)
    sys.exit(1 if diffs else 0)


main()
