"""scenario.py - `sim.py init VALUES.json KITDIR [--refuse pdb0|pinned|bare|hostpath|emptydir|localpv|lostlabel|capacity]
[--controller NAMESPACE/RELEASE/CRDS] [--public] [--public-group GROUP]...`: a cluster shaped like the one a
kit was compiled for.

--public: the moved groups that have no subnet ids in the kit run on the public subnets (eksctl's
default, privateNetworking false).  --public-group GROUP (repeatable): only moved group GROUP (its
name in the kit) does, the others on the private subnets.

--controller: Karpenter runs already, installed by Helm release RELEASE in NAMESPACE (as eksctl's
karpenter: block or a Terraform helm_release installs it); CRDS is `bare` (the chart's crds/
directory: no owner) or `owned` (a karpenter-crd release in the same namespace).

VALUES.json holds the runbook's own data (tests/sim/kitvals.sh prints it), so the simulated
cluster has the kit's node groups under the names AWS gives them: managed groups with a suffix
where Terraform's name_prefix adds one, self-managed ASGs named as eksctl names them.  Around
them: the group that runs Karpenter, an ASG of ANOTHER cluster with the same name prefix and the
same node-group tags (the decoy), public, private and intra subnets, a Cluster Autoscaler, a
DaemonSet, and per migrated group a Deployment of three pods under a PDB (maxUnavailable 1).
"""
import json
import os
import sys

import sim
import yaml


def pool_labels(kit):
    out = {}
    d = os.path.join(kit, "karpenter", "nodepools")
    for fn in sorted(os.listdir(d)) if os.path.isdir(d) else []:
        with open(os.path.join(d, fn)) as f:
            for doc in yaml.safe_load_all(f):
                if doc and doc.get("kind") == "NodePool":
                    out[doc["metadata"]["name"]] = doc["spec"]["template"].get("metadata", {}).get("labels", {})
    return out


def placeholder(v):
    return not v or "${" in v


def main(args):
    with open(args[0]) as f:
        v = json.load(f)
    kit = args[1]
    refuse = args[args.index("--refuse") + 1] if "--refuse" in args else ""
    # --public: the moved groups without subnet ids of their own run on the public subnets;
    # --public-group GROUP: only those named
    public = "--public" in args
    public_groups = {args[i + 1] for i, a in enumerate(args[:-1]) if a == "--public-group"}
    unknown = public_groups - set(v["MIGRATE_NAMES"])
    if unknown:
        raise SystemExit("scenario: --public-group %s names no moved group of the kit" % " ".join(sorted(unknown)))
    controller = args[args.index("--controller") + 1].split("/") if "--controller" in args else None
    labels = pool_labels(kit)
    name = "simcluster" if placeholder(v["KIT_CLUSTER_NAME"]) else v["KIT_CLUSTER_NAME"]
    region = "us-west-2" if placeholder(v["KIT_REGION"]) else v["KIT_REGION"]
    account = "111122223333" if placeholder(v["KIT_ACCOUNT_ID"]) else v["KIT_ACCOUNT_ID"]
    s = {"seq": 0, "mutations": 0, "violations": [], "region": region, "account": account,
         "cluster": {"name": name, "endpoint": "https://SIM.%s.eks.amazonaws.com" % region, "version": "1.31",
                     "oidc": "oidc.eks.%s.amazonaws.com/id/SIM" % region, "auth_mode": "API_AND_CONFIG_MAP",
                     "vpc": "vpc-sim", "sg": "sg-cluster", "subnets": []},
         "subnets": [], "route_tables": [], "sgs": {"sg-cluster": {}, "sg-foreign": {}}, "launch_templates": {},
         "asgs": [], "nodegroups": [], "nodes": [], "pods": [], "pdbs": [], "deployments": [],
         "daemonsets": [{"ns": "kube-system", "name": "aws-node"}],
         "nodeclasses": {}, "nodepools": {}, "aws_objects": {}, "karpenter": None}
    zones = [("a", "usw2-az1"), ("b", "usw2-az2"), ("c", "usw2-az3")]

    def subnet(sid, az, kind):
        s["subnets"].append({"id": sid, "vpc": "vpc-sim", "az": region + az[0], "azid": az[1],
                             "public": kind == "public", "tags": {}})
        s["cluster"]["subnets"].append(sid)
        if kind == "public":
            s["route_tables"][0]["subnets"].append(sid)
        elif kind == "private":
            s["route_tables"][1]["subnets"].append(sid)
        else:
            s["route_tables"][2]["subnets"].append(sid)

    s["route_tables"] = [{"id": "rtb-public", "vpc": "vpc-sim", "main": False, "subnets": [], "gateways": ["igw-sim"]},
                         {"id": "rtb-private", "vpc": "vpc-sim", "main": False, "subnets": [], "gateways": ["nat-sim"]},
                         {"id": "rtb-intra", "vpc": "vpc-sim", "main": True, "subnets": [], "gateways": ["local"]}]
    for az in zones:
        subnet("subnet-public-" + az[0], az, "public")
        subnet("subnet-private-" + az[0], az, "private")
        subnet("subnet-intra-" + az[0], az, "intra")
    known = {x["id"] for x in s["subnets"]}

    def asg(nm, tags, subnets, lt, node_labels, mn, mx, de):
        a = {"name": nm, "min": mn, "max": mx, "desired": de, "instances": [], "tags": tags,
             "subnets": subnets, "lt": lt, "node_labels": node_labels}
        s["asgs"].append(a)
        return a

    cluster_tags = {"kubernetes.io/cluster/" + name: "owned"}
    groups = []
    for i, g in enumerate(v["MIGRATE_NAMES"]):
        subnets = v["MIGRATE_SUBNETS"][i].split() if v.get("MIGRATE_SUBNETS") else []
        for k, sid in enumerate(subnets):
            if sid not in known and not placeholder(sid):
                subnet(sid, zones[k % 3], "private")
                known.add(sid)
        subnets = [x for x in subnets if not placeholder(x)] or (
            ["subnet-public-a", "subnet-public-b"] if public or g in public_groups
            else ["subnet-private-a", "subnet-private-b"])
        sgs = [x for x in (v["MIGRATE_SGS"][i].split() if v.get("MIGRATE_SGS") else []) if not placeholder(x)]
        nl = dict(labels.get(v["MIGRATE_POOL"][i], {}))
        lt = "lt-%d" % i
        if v["MIGRATE_SELF"][i] == "1":
            own_sg = sgs or ["sg-node-%d" % i]
            for x in own_sg:
                s["sgs"].setdefault(x, {})
            s["launch_templates"][lt] = {"sgs": own_sg}
            real = v["MIGRATE_ASG"][i] or "eksctl-%s-nodegroup-%s-NodeGroup-SIM%d" % (name, g, i)
            nl["alpha.eksctl.io/nodegroup-name"] = g
            tags = dict(cluster_tags, **{"alpha.eksctl.io/cluster-name": name, "alpha.eksctl.io/nodegroup-name": g})
            a = asg(real, tags, subnets, lt, nl, 1, 4 + i, 2)
            groups.append((g, a, "alpha.eksctl.io/nodegroup-name", g))
        else:
            # EKS's own launch template: no security group, the nodes get the cluster's
            s["launch_templates"][lt] = {"sgs": sgs}
            real = g if i % 2 == 0 else g + "-20250101000000000000000001"
            nl["eks.amazonaws.com/nodegroup"] = real
            tags = dict(cluster_tags, **{"eks:cluster-name": name, "eks:nodegroup-name": real})
            a = asg(v["MIGRATE_ASG"][i] or "eks-%s-0000-%d" % (real, i), tags, subnets, lt, nl, 1, 4 + i, 2)
            s["nodegroups"].append({"cluster": name, "name": real, "asg": a["name"],
                                    "ami_type": "WINDOWS_CORE_2022_x86_64" if v.get("MIGRATE_OS", [""] * 99)[i] == "windows" else "AL2023_x86_64_STANDARD"})
            groups.append((g, a, "eks.amazonaws.com/nodegroup", real))
        a["pool"] = v["MIGRATE_POOL"][i]
    home = v["HOME_NAMES"][0] if v["HOME_NAMES"] else "karpenter-home"
    s["launch_templates"]["lt-home"] = {"sgs": []}
    ha = asg("eks-%s-home" % home, dict(cluster_tags, **{"eks:cluster-name": name, "eks:nodegroup-name": home}),
             ["subnet-private-a"], "lt-home", {"eks.amazonaws.com/nodegroup": home}, 2, 3, 2)
    ha["taints"] = ["CriticalAddonsOnly"]  # the home group runs controllers only
    s["nodegroups"].append({"cluster": name, "name": home, "asg": ha["name"]})
    s["home_selector"] = {"eks.amazonaws.com/nodegroup": home}
    # another cluster's group: same name prefix, same node-group tags, another cluster
    g0, a0, _, _ = groups[0]
    other = name + "-2"
    decoy_tags = {"kubernetes.io/cluster/" + other: "owned", "eks:cluster-name": other,
                  "alpha.eksctl.io/cluster-name": other, "eks:nodegroup-name": a0["tags"].get("eks:nodegroup-name", g0),
                  "alpha.eksctl.io/nodegroup-name": g0}
    s["launch_templates"]["lt-foreign"] = {"sgs": ["sg-foreign"]}
    asg(a0["name"] + "-decoy", decoy_tags, ["subnet-private-c"], "lt-foreign", {}, 1, 3, 1)
    s["decoy"] = a0["name"] + "-decoy"
    s["home_asg"] = ha["name"]
    for a in s["asgs"]:
        while len(a["instances"]) < a["desired"]:
            sim.launch(s, a)
    # the decoy's instances are nodes of the other cluster, not of this one
    s["nodes"] = [n for n in s["nodes"] if n["asg"] != s["decoy"]]
    s["pods"] = [p for p in s["pods"] if p["node"] in {n["name"] for n in s["nodes"]}]

    ca_ns = v["CA_NAMESPACE"] or "kube-system"
    s["deployments"].append({"ns": ca_ns, "name": "cluster-autoscaler", "replicas": 1,
                             "labels": {"app": "cluster-autoscaler"}, "nodeSelector": s["home_selector"],
                             "tolerations": ["CriticalAddonsOnly"]})
    if v["DOMINO"] == "1":
        # Terraform step 1 ran: Karpenter, its role and the discovery tags exist
        kns = v["KARPENTER_NAMESPACE"]
        sim.add_controller(s, kns, "karpenter", "karpenter", v["KARPENTER_VERSION"].lstrip("v"))
        s["helm_releases"] = [{"name": "karpenter", "namespace": kns, "revision": 1, "status": "deployed",
                               "chart": "karpenter-" + v["KARPENTER_VERSION"].lstrip("v")}]
        s["aws_objects"]["iam:role"] = {v["KIT_CONTROLLER_ROLE"]: {"Role": {"Arn": "arn"}}}
        for _, a, _, _ in groups:
            for sid in a["subnets"]:
                for sn in s["subnets"]:
                    if sn["id"] == sid:
                        sn["tags"]["karpenter.sh/discovery"] = name
    if controller:
        cns, rel, crds = controller
        old = "1.0.6"
        s["helm_releases"] = []
        if rel != "-":  # "-": uninstalled, its CRDs left behind
            sim.add_controller(s, cns, rel if "karpenter" in rel else rel + "-karpenter", rel, old)
            s["helm_releases"].append({"name": rel, "namespace": cns, "revision": 1, "status": "deployed",
                                       "chart": "karpenter-" + old, "app_version": old})
        s["crds"] = {n: {} for n in sim.KARPENTER_CRDS}
        if crds == "owned":
            s["helm_releases"].append({"name": "karpenter-crd", "namespace": cns, "revision": 1,
                                       "status": "deployed", "chart": "karpenter-crd-" + old})
            for c in s["crds"].values():
                c.update({"labels": {"app.kubernetes.io/managed-by": "Helm"},
                          "annotations": sim.helm_owned("karpenter-crd", cns)})
    if v["NODE_ROLE_EXISTS"] == "1":
        s["aws_objects"].setdefault("iam:role", {})[v["KIT_NODE_ROLE"]] = {"Role": {"Arn": "arn"}}
    for i, (g, a, key, real) in enumerate(groups):
        nodes = [n["name"] for n in s["nodes"] if n["asg"] == a["name"]]
        dname = "app-%d" % i
        sel = dict(labels.get(v["MIGRATE_POOL"][i], {}))
        s["deployments"].append({"ns": "apps", "name": dname, "replicas": 3, "labels": {"app": dname},
                                 "nodeSelector": sel})
        for k in range(3):
            s["pods"].append({"name": "%s-%d" % (dname, k), "ns": "apps", "labels": {"app": dname},
                              "owner": {"kind": "ReplicaSet", "name": dname}, "node": nodes[k % len(nodes)],
                              "phase": "Running", "nodeSelector": dict(sel)})
        s["pdbs"].append({"ns": "apps", "name": dname, "selector": {"app": dname}, "maxUnavailable": 1})
        if i == 0 and refuse == "pdb0":
            s["pdbs"][-1] = {"ns": "apps", "name": dname, "selector": {"app": dname}, "maxUnavailable": 0}
        if i == 0 and refuse == "pinned":
            s["deployments"].append({"ns": "apps", "name": "pinned", "replicas": 1, "labels": {"app": "pinned"},
                                     "nodeSelector": {key: real}})
            s["pods"].append({"name": "pinned-0", "ns": "apps", "labels": {"app": "pinned"},
                              "owner": {"kind": "ReplicaSet", "name": "pinned"}, "node": nodes[0],
                              "phase": "Running", "nodeSelector": {key: real}})
        if i == 0 and refuse == "bare":
            s["pods"].append({"name": "bare", "ns": "apps", "labels": {}, "node": nodes[0], "phase": "Running"})
        if i == 0 and refuse == "capacity":
            for p in s["pods"][-3:]:
                p["requests"] = {"cpu": "400", "memory": "1Gi"}
        if i == 0 and refuse == "hostpath":
            s["pods"][-1]["volumes"] = [{"name": "data", "hostPath": {"path": "/data"}}]
        if i == 0 and refuse == "emptydir":
            s["pods"][-1]["volumes"] = [{"name": "scratch", "emptyDir": {}}]
        if i == 0 and refuse == "localpv":
            # a claim bound to a local volume on the pod's node; beside it one on EBS (zonal, movable)
            node = s["pods"][-1]["node"]
            s["pvcs"] = [{"ns": "apps", "name": "data-0", "volume": "pv-local-0"},
                         {"ns": "apps", "name": "data-1", "volume": "pv-ebs-1"}]
            s["pvs"] = {"pv-local-0": {"local": {"path": "/mnt/disks/ssd0"}, "nodeAffinity": {"required": {
                "nodeSelectorTerms": [{"matchExpressions": [
                    {"key": "kubernetes.io/hostname", "operator": "In", "values": [node]}]}]}}},
                        "pv-ebs-1": {"csi": {"driver": "ebs.csi.aws.com", "volumeHandle": "vol-1"}, "nodeAffinity": {
                            "required": {"nodeSelectorTerms": [{"matchExpressions": [
                                {"key": "topology.kubernetes.io/zone", "operator": "In", "values": [region + "a"]}]}]}}}}
            s["pods"][-1]["volumes"] = [{"name": "data", "persistentVolumeClaim": {"claimName": "data-0"}}]
            s["pods"][-2]["volumes"] = [{"name": "data", "persistentVolumeClaim": {"claimName": "data-1"}}]
        if i == 0 and refuse == "lostlabel":
            # a pod that selects a label only this group has, which its NodePool does not carry
            lost = [(k, val) for k, val, grp, c in zip(v["ONLY_LABEL_KEYS"], v["ONLY_LABEL_VALUES"],
                                                       v["ONLY_LABEL_GROUPS"], v["ONLY_LABEL_CARRIED"]) if grp == g and c == "0"]
            if not lost:
                raise SystemExit("scenario: group %s has no label its NodePool drops" % g)
            s["deployments"].append({"ns": "apps", "name": "lostlabel", "replicas": 1, "labels": {"app": "lostlabel"},
                                     "nodeSelector": {lost[0][0]: lost[0][1]}})
            s["pods"].append({"name": "lostlabel-0", "ns": "apps", "labels": {"app": "lostlabel"},
                              "owner": {"kind": "ReplicaSet", "name": "lostlabel"}, "node": nodes[0],
                              "phase": "Running", "nodeSelector": {lost[0][0]: lost[0][1]}})
    sim.tick(s)
    s["violations"] = []
    s["initial"] = {a["name"]: [a["min"], a["max"], a["desired"]] for a in s["asgs"]}
    sim.STATE = os.environ["SIM_STATE"]
    sim.save(s)
    print(name)
    sys.stdout.flush()
