#!/usr/bin/env python3
"""check.py STATE LOG EXPECT... - judge a simulated cluster after a runbook ran on it.

Always: no violation (no pod killed without eviction, no PDB below its minimum at any step),
the decoy ASG of the other cluster and the Karpenter home group unchanged and never named in a
mutating call, discovery tags only on the moved groups' private subnets and node security groups.
EXPECT words:
  moved       every migrated group at zero, its pods Running on Karpenter's nodes
  restored    every group's min/max/desired as at the start, no node left cordoned, the Cluster
              Autoscaler at its replicas of the start
  unchanged   no mutating call at all
  nocutover   no node cordoned or drained, no group resized, no instance terminated, nothing scaled
  controller=NS/NAME  one Karpenter controller Deployment, NS/NAME, and its Helm release upgraded
  placed      every moved group's NodePool has an EC2NodeClass whose subnetSelectorTerms select some
              subnet, and only subnets the group's own Auto Scaling group used (its zones, public
              or private, a pinned subnet)
Prints one line per failed expectation and exits 1 if there is any.
"""
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sim  # noqa: E402  (nodeclass_subnets: what a class selects, as the simulated Karpenter reads it)


def main():
    state, log, expect = sys.argv[1], sys.argv[2], sys.argv[3:]
    with open(state) as f:
        s = json.load(f)
    calls = []
    with open(log) as f:
        for line in f:
            calls.append(json.loads(line))
    muts = [c for c in calls if c["mutating"]]
    bad = []
    for v in s["violations"]:
        bad.append("violation: " + v)
    asgs = {a["name"]: a for a in s["asgs"]}
    for name in (s["decoy"], s["home_asg"]):
        a = asgs[name]
        if [a["min"], a["max"], a["desired"]] != s["initial"][name]:
            bad.append("%s changed: %s -> %s" % (name, s["initial"][name], [a["min"], a["max"], a["desired"]]))
        for c in muts:
            if any(name in w for w in c["args"]):
                bad.append("a mutating call names %s: %s %s" % (name, c["tool"], " ".join(c["args"])))
    home_ng = next(g["name"] for g in s["nodegroups"] if g["asg"] == s["home_asg"])
    for c in muts:
        if c["tool"] == "aws" and home_ng in c["args"]:
            bad.append("a mutating call names the home node group: " + " ".join(c["args"]))
    moved = [a for a in s["asgs"] if a["name"] not in (s["decoy"], s["home_asg"])]
    private = {sn["id"] for sn in s["subnets"] if not sn["public"]}
    ok_subnets = {x for a in moved for x in a["subnets"]} & private
    ok_sgs = {x for a in moved for x in s["launch_templates"][a["lt"]]["sgs"]}
    if any(not s["launch_templates"][a["lt"]]["sgs"] for a in moved):
        ok_sgs.add(s["cluster"]["sg"])
    for c in muts:
        if c["tool"] == "aws" and "create-tags" in c["args"]:
            i = c["args"].index("--resources") + 1
            while i < len(c["args"]) and not c["args"][i].startswith("--"):
                r = c["args"][i]
                if r not in ok_subnets | ok_sgs:
                    bad.append("discovery tag on %s, which no moved group uses" % r)
                i += 1
    for e in expect:
        if e == "moved":
            for a in moved:
                if a["desired"] != 0 or a["instances"]:
                    bad.append("%s not at zero: desired %d, %d instances" % (a["name"], a["desired"], len(a["instances"])))
            for p in s["pods"]:
                if p.get("owner", {}).get("kind") == "DaemonSet" or p["ns"] != "apps":
                    continue
                if p["phase"] != "Running" or not (p["node"] or "").startswith("karp-"):
                    bad.append("pod %s/%s is %s on %s, not Running on a Karpenter node" % (p["ns"], p["name"], p["phase"], p["node"]))
        elif e == "restored":
            for name, sizes in s["initial"].items():
                a = asgs[name]
                if [a["min"], a["max"], a["desired"]] != sizes:
                    bad.append("%s: sizes %s, not restored to %s" % (name, [a["min"], a["max"], a["desired"]], sizes))
            for n in s["nodes"]:
                if n["unschedulable"]:
                    bad.append("node %s left cordoned" % n["name"])
            for d in s["deployments"]:
                if d["name"] == "cluster-autoscaler" and d["replicas"] != 1:
                    bad.append("the Cluster Autoscaler has %d replicas, not 1" % d["replicas"])
        elif e == "nocutover":
            for c in muts:
                w = " ".join(c["args"])
                if any(x in w for x in ("terminate-instance", "update-nodegroup-config", "update-auto-scaling-group",
                                        "cordon", "drain", "scale ")):
                    bad.append("a cutover call: %s %s" % (c["tool"], w))
        elif e == "unchanged":
            for c in muts:
                bad.append("mutating call: %s %s" % (c["tool"], " ".join(c["args"])))
        elif e == "placed":
            for a in moved:
                pool = s["nodepools"].get(a.get("pool", ""))
                nc = s["nodeclasses"].get(pool["nodeclass"]) if pool else None
                if not nc:
                    bad.append("%s: no NodePool or EC2NodeClass applied for it" % a["name"])
                    continue
                own = {x for b in moved if b.get("pool") == a.get("pool") for x in b["subnets"]}
                sel = sim.nodeclass_subnets(s, nc)
                if not sel:
                    bad.append("EC2NodeClass %s selects no subnet" % nc["name"])
                elif set(sel) - own:
                    bad.append("EC2NodeClass %s of %s selects %s, subnets its group never used (it used %s)" % (
                        nc["name"], a["name"], sorted(set(sel) - own), sorted(own)))
        elif e.startswith("controller="):
            want = e.split("=", 1)[1]
            ctl = ["%s/%s" % (d["ns"], d["name"]) for d in s["deployments"]
                   if d.get("labels", {}).get("app.kubernetes.io/name") == "karpenter"]
            if ctl != [want]:
                bad.append("Karpenter controllers %s, not just %s" % (ctl, want))
            ns = want.split("/")[0]
            if not any(r["namespace"] == ns and re.match(r"karpenter-v?[0-9]", r["chart"]) and r["revision"] > 1
                       for r in s.get("helm_releases", [])):
                bad.append("no Helm release of Karpenter in %s was upgraded: %s" % (ns, s.get("helm_releases")))
        else:
            bad.append("check.py: unknown expectation " + e)
    for b in bad:
        print(b)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
