#!/usr/bin/env python3
"""sim.py - a small EKS cluster simulator for the runbook tests.

Fake `aws`, `kubectl` and `helm` (tests/sim/bin/*) call this with the tool's
name first; `sim.py init` builds a cluster.  The whole cluster is one JSON
state file ($SIM_STATE): node groups, Auto Scaling groups with tags, subnets
with route tables, security groups, launch templates, nodes, pods, PDBs,
Deployments and a Karpenter that launches nodes for Pending pods once its
controller runs and NodePools are applied.  Karpenter may be there before the
runbook: its controller Deployment (with Helm's owner annotations), its Helm
releases (`helm list`) and its CRDs (with or without an owner); `helm upgrade
--install` refuses, as Helm does, objects another release owns, and a second
controller beside the first is a violation.

Every call is appended to $SIM_LOG as one JSON line {"tool", "args", "mutating"}.
What a careless runbook would do to a real cluster is recorded in
state["violations"]: a pod deleted without the eviction API, a node terminated
while pods still run on it, a PodDisruptionBudget left with fewer healthy pods
than it allows.  $SIM_FAIL_AT=N makes the N-th mutating call fail (a dropped
connection) so that tests can interrupt a run half way; with $SIM_FAIL_ON set, only
mutating calls whose words contain it are counted.

Time does not pass on its own: each call first lets the controllers act once
(tick): ASGs launch or remove instances to meet their desired capacity,
Deployments replace missing pods, the scheduler binds Pending pods and
Karpenter launches nodes for the rest.
"""
import fcntl
import json
import os
import sys


PODS_PER_NODE = 6
STATE = os.environ.get("SIM_STATE", "")
LOG = os.environ.get("SIM_LOG", "")


def die(msg, rc=1):
    sys.stderr.write(msg + "\n")
    sys.exit(rc)


# ------------------------------------------------------------------ state

def load():
    with open(STATE) as f:
        return json.load(f)


def save(s):
    tmp = STATE + ".tmp"
    with open(tmp, "w") as f:
        json.dump(s, f, separators=(',', ':'))
    os.replace(tmp, STATE)


def violation(s, what):
    s["violations"].append(what)


def new_id(s, prefix):
    s["seq"] += 1
    return "%s-%05d" % (prefix, s["seq"])


# ------------------------------------------------------------ controllers

def node_pods(s, node):
    return [p for p in s["pods"] if p.get("node") == node]


def is_daemon(p):
    return p.get("owner", {}).get("kind") == "DaemonSet"


def pdb_pods(s, b):
    sel = b["selector"]
    return [p for p in s["pods"] if p["ns"] == b["ns"] and
            all(p["labels"].get(k) == v for k, v in sel.items())]


def pdb_expected(s, b):
    pods = pdb_pods(s, b)
    owners = {(p["ns"], p.get("owner", {}).get("name")) for p in pods if p.get("owner")}
    n = 0
    for d in s["deployments"]:
        if (d["ns"], d["name"]) in owners:
            n += d["replicas"]
    return max(n, len(pods))


def pdb_status(s, b):
    healthy = sum(1 for p in pdb_pods(s, b) if p["phase"] == "Running")
    expected = pdb_expected(s, b)
    if "minAvailable" in b:
        desired = b["minAvailable"]
    else:
        desired = expected - b["maxUnavailable"]
    return healthy, desired, expected


def check_pdbs(s, when):
    """A PDB that held before and not after `when` is a violation."""
    for b in s["pdbs"]:
        healthy, desired, _ = pdb_status(s, b)
        was = b.get("_ok", True)
        now = healthy >= desired
        if was and not now:
            violation(s, "PodDisruptionBudget %s/%s violated by %s (%d healthy, %d required)"
                      % (b["ns"], b["name"], when, healthy, desired))
        b["_ok"] = now


def node_by_instance(s, iid):
    for n in s["nodes"]:
        if n["instance"] == iid:
            return n
    return None


def remove_node(s, node, why):
    """The instance under `node` is gone: its pods die with it."""
    for p in node_pods(s, node["name"]):
        if not is_daemon(p) and p["phase"] == "Running":
            violation(s, "pod %s/%s killed without eviction: %s" % (p["ns"], p["name"], why))
    s["pods"] = [p for p in s["pods"] if p.get("node") != node["name"]]
    s["nodes"].remove(node)


def launch(s, asg):
    iid = new_id(s, "i")
    asg["instances"].append(iid)
    labels = dict(asg.get("node_labels", {}))
    subnet = asg["subnets"][len(asg["instances"]) % len(asg["subnets"])] if asg.get("subnets") else ""
    s["nodes"].append({"name": "node-" + iid, "instance": iid, "labels": labels, "taints": asg.get("taints", []),
                       "unschedulable": False, "asg": asg["name"], "subnet": subnet})
    add_daemons(s, "node-" + iid)


def add_daemons(s, node):
    for ds in s.get("daemonsets", []):
        s["pods"].append({"name": new_id(s, ds["name"]), "ns": ds["ns"], "labels": {},
                          "owner": {"kind": "DaemonSet", "name": ds["name"]}, "node": node,
                          "phase": "Running", "nodeSelector": {}})


def terminate(s, asg, iid, why):
    asg["instances"].remove(iid)
    n = node_by_instance(s, iid)
    if n:
        remove_node(s, n, why)


def fits(s, node, p):
    if node["unschedulable"]:
        return False
    if any(t not in p.get("tolerations", []) for t in node.get("taints", [])):
        return False
    if any(node["labels"].get(k) != v for k, v in p.get("nodeSelector", {}).items()):
        return False
    for key, vals in p.get("affinity", {}).items():
        if node["labels"].get(key) not in vals:
            return False
    used = sum(1 for q in node_pods(s, node["name"]) if not is_daemon(q))
    return used < PODS_PER_NODE


def karpenter_ready(s):
    k = s.get("karpenter")
    if not k:
        return False
    return any(p["phase"] == "Running" for p in s["pods"]
               if p["ns"] == k["ns"] and p.get("owner", {}).get("name") == k.get("name", "karpenter"))


KARPENTER_CRDS = ("nodepools.karpenter.sh", "nodeclaims.karpenter.sh", "ec2nodeclasses.karpenter.k8s.aws")


def helm_owned(release, ns):
    return {"meta.helm.sh/release-name": release, "meta.helm.sh/release-namespace": ns}


def add_controller(s, ns, name, release, version):
    """A Karpenter controller installed by Helm release `release` of namespace `ns`."""
    s["deployments"].append({"ns": ns, "name": name, "replicas": 2,
                             "labels": {"app": "karpenter", "app.kubernetes.io/name": "karpenter"},
                             "annotations": helm_owned(release, ns) if release else {},
                             "image": "public.ecr.aws/karpenter/controller:%s" % version,
                             "nodeSelector": s.get("home_selector", {}), "tolerations": ["CriticalAddonsOnly"]})
    if not s.get("karpenter"):
        s["karpenter"] = {"ns": ns, "name": name}


def nodeclass_subnets(s, nc):
    """The subnets an EC2NodeClass's subnetSelectorTerms select: an id term its subnet, a tags term
    every subnet carrying all its tags ("*": any value); the terms are ORed, as Karpenter does."""
    terms = nc["doc"].get("spec", {}).get("subnetSelectorTerms", []) or []
    out = []
    for sn in s["subnets"]:
        for t in terms:
            if ("id" in t and t["id"] == sn["id"]) or ("tags" in t and t["tags"] and all(
                    k in sn["tags"] and (v == "*" or sn["tags"][k] == v) for k, v in t["tags"].items())):
                out.append(sn["id"])
                break
    return out


def karpenter_launch(s, p):
    for pool in sorted(s["nodepools"].values(), key=lambda x: x["name"]):
        if pool["nodeclass"] not in s["nodeclasses"]:
            continue
        # a class that selects no subnet launches nothing (Karpenter: the class is not ready)
        subnets = nodeclass_subnets(s, s["nodeclasses"][pool["nodeclass"]])
        if not subnets:
            continue
        labels = dict(pool["labels"])
        labels["karpenter.sh/nodepool"] = pool["name"]
        if any(labels.get(k) != v for k, v in p.get("nodeSelector", {}).items()):
            continue
        if any(labels.get(k) not in v for k, v in p.get("affinity", {}).items()):
            continue
        iid = new_id(s, "i")
        subnet = subnets[sum(1 for n in s["nodes"] if n["name"].startswith("karp-")) % len(subnets)]
        s["nodes"].append({"name": "karp-" + iid, "instance": iid, "labels": labels,
                           "unschedulable": False, "asg": "", "subnet": subnet})
        add_daemons(s, "karp-" + iid)
        return "karp-" + iid
    return None


def tick(s):
    for asg in s["asgs"]:
        while len(asg["instances"]) < asg["desired"]:
            launch(s, asg)
        while len(asg["instances"]) > asg["desired"]:
            terminate(s, asg, asg["instances"][0], "Auto Scaling group %s scaled in" % asg["name"])
    for d in s["deployments"]:
        mine = [p for p in s["pods"] if p["ns"] == d["ns"] and p.get("owner", {}).get("name") == d["name"]]
        for p in mine[d["replicas"]:]:
            s["pods"].remove(p)  # the controller's own scale-in, not a disruption
        for _ in range(d["replicas"] - len(mine)):
            s["pods"].append({"name": new_id(s, d["name"]), "ns": d["ns"], "labels": dict(d["labels"]),
                              "owner": {"kind": "ReplicaSet", "name": d["name"]}, "node": None,
                              "phase": "Pending", "nodeSelector": dict(d.get("nodeSelector", {})),
                              "affinity": dict(d.get("affinity", {})), "tolerations": d.get("tolerations", [])})
    for p in s["pods"]:
        if p["phase"] != "Pending":
            continue
        for n in sorted(s["nodes"], key=lambda n: n["name"]):
            if fits(s, n, p):
                p["node"], p["phase"] = n["name"], "Running"
                break
    if karpenter_ready(s) and s["nodepools"]:
        for p in s["pods"]:
            if p["phase"] == "Pending":
                node = None
                for n in s["nodes"]:
                    if n["name"].startswith("karp-") and fits(s, n, p):
                        node = n["name"]
                        break
                node = node or karpenter_launch(s, p)
                if node:
                    p["node"], p["phase"] = node, "Running"
    check_pdbs(s, "the cluster's controllers")


# ------------------------------------------------------------------- args

def opt(args, name, default=None):
    if name in args:
        i = args.index(name)
        return args[i + 1] if i + 1 < len(args) else default
    for a in args:
        if a.startswith(name + "="):
            return a[len(name) + 1:]
    return default


def opts(args, name):
    """Every word after `name` up to the next option (aws list arguments)."""
    if name not in args:
        return []
    i = args.index(name) + 1
    out = []
    while i < len(args) and not args[i].startswith("--"):
        out.append(args[i])
        i += 1
    return out


def out(obj):
    print(json.dumps(obj, indent=1))


def shorthand(s):
    """aws shorthand 'a=1,b=2' -> dict (values without commas)."""
    d = {}
    for part in s.split(","):
        if "=" in part:
            k, v = part.split("=", 1)
            d[k] = v
    return d


def filters(args):
    """--filters Name=x,Values=a,b ... -> {x: [a, b]}"""
    f = {}
    for w in opts(args, "--filters"):
        if not w.startswith("Name="):
            continue
        name, _, rest = w[5:].partition(",Values=")
        f[name] = rest.split(",") if rest else []
    return f


# -------------------------------------------------------------------- aws

def asg_json(a):
    return {"AutoScalingGroupName": a["name"], "MinSize": a["min"], "MaxSize": a["max"],
            "DesiredCapacity": a["desired"],
            "Instances": [{"InstanceId": i, "LifecycleState": "InService"} for i in a["instances"]],
            "Tags": [{"Key": k, "Value": v, "ResourceId": a["name"]} for k, v in a["tags"].items()],
            "VPCZoneIdentifier": ",".join(a.get("subnets", [])),
            "LaunchTemplate": {"LaunchTemplateId": a["lt"], "Version": "1"} if a.get("lt") else None}


def find_asg(s, name):
    for a in s["asgs"]:
        if a["name"] == name:
            return a
    die("An error occurred (ValidationError): AutoScalingGroup name not found - %s" % name, 254)


def find_ng(s, cluster, name):
    for g in s["nodegroups"]:
        if g["cluster"] == cluster and g["name"] == name:
            return g
    die("An error occurred (ResourceNotFoundException): No node group found for name: %s." % name, 254)


def aws(s, args):
    words = [a for a in args if not a.startswith("-")]
    # drop option values: aws SERVICE VERB are the first two bare words after global options
    i = 0
    while i < len(args) and args[i].startswith("--"):
        i += 2
    svc, verb = args[i], args[i + 1]
    rest = args[i + 2:]
    del words
    c = s["cluster"]
    key = svc + " " + verb
    if key == "sts get-caller-identity":
        return out({"Account": s["account"], "Arn": "arn:aws:iam::%s:user/sim" % s["account"], "UserId": "SIM"})
    if key == "configure get":
        return print(s["region"])
    if key == "eks describe-cluster":
        if opt(rest, "--name") != c["name"]:
            die("An error occurred (ResourceNotFoundException): No cluster found for name: %s." % opt(rest, "--name"), 254)
        return out({"cluster": {"name": c["name"], "endpoint": c["endpoint"], "version": c["version"],
                                "identity": {"oidc": {"issuer": "https://" + c["oidc"]}},
                                "accessConfig": {"authenticationMode": c["auth_mode"]},
                                "resourcesVpcConfig": {"subnetIds": c["subnets"], "vpcId": c["vpc"],
                                                       "clusterSecurityGroupId": c["sg"]}}})
    if key == "eks list-nodegroups":
        return out({"nodegroups": [g["name"] for g in s["nodegroups"] if g["cluster"] == opt(rest, "--cluster-name")]})
    if key == "eks describe-nodegroup":
        g = find_ng(s, opt(rest, "--cluster-name"), opt(rest, "--nodegroup-name"))
        a = find_asg(s, g["asg"])
        ng = {"nodegroupName": g["name"], "clusterName": g["cluster"], "amiType": g.get("ami_type", "AL2023_x86_64_STANDARD"),
              "scalingConfig": {"minSize": a["min"], "maxSize": a["max"], "desiredSize": a["desired"]},
              "subnets": a.get("subnets", []), "nodeRole": g.get("role", ""),
              "resources": {"autoScalingGroups": [{"name": a["name"]}]}}
        if a.get("lt"):
            ng["launchTemplate"] = {"id": a["lt"], "version": "1"}
        return out({"nodegroup": ng})
    if key == "eks update-nodegroup-config":
        g = find_ng(s, opt(rest, "--cluster-name"), opt(rest, "--nodegroup-name"))
        a = find_asg(s, g["asg"])
        sc = shorthand(opt(rest, "--scaling-config", ""))
        mn, mx, de = int(sc.get("minSize", a["min"])), int(sc.get("maxSize", a["max"])), int(sc.get("desiredSize", a["desired"]))
        if mx < 1 or not (mn <= de <= mx):
            die("An error occurred (InvalidParameterException): invalid scaling config %s" % sc, 254)
        a["min"], a["max"], a["desired"] = mn, mx, de
        return out({"update": {"id": new_id(s, "upd"), "status": "InProgress"}})
    if key == "autoscaling describe-auto-scaling-groups":
        names = opts(rest, "--auto-scaling-group-names")
        f = filters(rest)
        res = []
        for a in s["asgs"]:
            if names and a["name"] not in names:
                continue
            if "tag-key" in f and not any(k in a["tags"] for k in f["tag-key"]):
                continue
            ok = True
            for fk, fv in f.items():
                if fk.startswith("tag:") and a["tags"].get(fk[4:]) not in fv:
                    ok = False
            if ok:
                res.append(asg_json(a))
        return out({"AutoScalingGroups": res})
    if key == "autoscaling update-auto-scaling-group":
        a = find_asg(s, opt(rest, "--auto-scaling-group-name"))
        mn = int(opt(rest, "--min-size", a["min"]))
        mx = int(opt(rest, "--max-size", a["max"]))
        de = int(opt(rest, "--desired-capacity", a["desired"]))
        if not (mn <= de <= mx):
            die("An error occurred (ValidationError): Desired capacity:%d must be between the specified min size:%d and max size:%d" % (de, mn, mx), 254)
        a["min"], a["max"], a["desired"] = mn, mx, de
        return
    if key == "autoscaling terminate-instance-in-auto-scaling-group":
        iid = opt(rest, "--instance-id")
        for a in s["asgs"]:
            if iid in a["instances"]:
                if "--should-decrement-desired-capacity" in rest:
                    if a["desired"] - 1 < a["min"]:
                        die("An error occurred (ValidationError): Currently, desiredSize equals minSize (%d). Terminating instance without replacement will violate group's min size constraint." % a["min"], 254)
                    a["desired"] -= 1
                terminate(s, a, iid, "instance %s terminated" % iid)
                return out({"Activity": {"StatusCode": "InProgress"}})
        die("An error occurred (ValidationError): Instance Id not found - %s" % iid, 254)
    if key == "ec2 describe-subnets":
        ids = opts(rest, "--subnet-ids")
        f = filters(rest)
        res = []
        for sn in s["subnets"]:
            if ids and sn["id"] not in ids:
                continue
            if any(sn["tags"].get(k[4:]) not in v for k, v in f.items() if k.startswith("tag:")):
                continue
            res.append({"SubnetId": sn["id"], "VpcId": sn["vpc"], "AvailabilityZone": sn["az"],
                        "AvailabilityZoneId": sn["azid"], "MapPublicIpOnLaunch": sn["public"],
                        "Tags": [{"Key": k, "Value": v} for k, v in sn["tags"].items()]})
        return out({"Subnets": res})
    if key == "ec2 describe-route-tables":
        f = filters(rest)
        res = []
        for rt in s["route_tables"]:
            if "association.subnet-id" in f and not set(f["association.subnet-id"]) & set(rt["subnets"]):
                continue
            if "association.main" in f and not rt["main"]:
                continue
            if "vpc-id" in f and rt["vpc"] not in f["vpc-id"]:
                continue
            res.append({"RouteTableId": rt["id"], "VpcId": rt["vpc"],
                        "Associations": [{"SubnetId": x} for x in rt["subnets"]] + ([{"Main": True}] if rt["main"] else []),
                        "Routes": [{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": g} for g in rt["gateways"]]})
        return out({"RouteTables": res})
    if key == "ec2 describe-launch-template-versions":
        lt = s["launch_templates"].get(opt(rest, "--launch-template-id"))
        if lt is None:
            die("An error occurred (InvalidLaunchTemplateId.NotFound)", 254)
        return out({"LaunchTemplateVersions": [{"VersionNumber": 1, "LaunchTemplateData": {"SecurityGroupIds": lt["sgs"]}}]})
    if key == "ec2 describe-security-groups":
        ids = opts(rest, "--group-ids")
        return out({"SecurityGroups": [{"GroupId": g, "Tags": [{"Key": k, "Value": v} for k, v in s["sgs"][g].items()]}
                                       for g in s["sgs"] if not ids or g in ids]})
    if key == "ec2 create-tags":
        res = opts(rest, "--resources")
        tags = [shorthand(t) for t in opts(rest, "--tags")]
        for r in res:
            target = next((sn["tags"] for sn in s["subnets"] if sn["id"] == r), None)
            if target is None:
                target = s["sgs"].get(r)
            if target is None:
                die("An error occurred (InvalidID): The ID '%s' is not valid" % r, 254)
            for t in tags:
                target[t["Key"]] = t.get("Value", "")
        return
    if key in ("iam get-role", "iam get-policy", "sqs get-queue-url", "eks describe-addon", "eks describe-access-entry"):
        ident = {"iam get-role": opt(rest, "--role-name"), "iam get-policy": opt(rest, "--policy-arn"),
                 "sqs get-queue-url": opt(rest, "--queue-name"), "eks describe-addon": opt(rest, "--addon-name"),
                 "eks describe-access-entry": opt(rest, "--principal-arn")}[key]
        if ident in s["aws_objects"].get(svc + ":" + verb.split("-", 1)[1], {}):
            return out(s["aws_objects"][svc + ":" + verb.split("-", 1)[1]][ident])
        die("An error occurred (NoSuchEntity) when calling the %s operation: %s not found" % (verb, ident), 254)
    if key == "iam list-open-id-connect-providers":
        return out({"OpenIDConnectProviderList": [{"Arn": "arn:aws:iam::%s:oidc-provider/%s" % (s["account"], c["oidc"])}]})
    if key == "eks list-pod-identity-associations":
        return out({"associations": s["aws_objects"].get("pod-identity", [])})
    if key == "ssm get-parameter":
        return out({"Parameter": {"Name": opt(rest, "--name"), "Value": "ami-0123456789"}})
    # creations the runbook makes: remembered so that a second run finds them
    made = {"iam create-role": ("iam:role", "--role-name", {"Role": {"Arn": "arn"}}),
            "iam create-policy": ("iam:policy", None, {"Policy": {"Arn": "arn"}}),
            "sqs create-queue": ("sqs:queue-url", "--queue-name", {"QueueUrl": "https://sqs"}),
            "eks create-addon": ("eks:addon", "--addon-name", {"addon": {"status": "ACTIVE"}}),
            "eks create-access-entry": ("eks:access-entry", "--principal-arn", {"accessEntry": {"type": "EC2_LINUX"}})}
    if key in made:
        bucket, o, val = made[key]
        if key == "iam create-policy":
            ident = "arn:aws:iam::%s:policy/%s" % (s["account"], opt(rest, "--policy-name"))
        else:
            ident = opt(rest, o)
        if key == "eks create-access-entry":
            val = {"accessEntry": {"type": opt(rest, "--type", "STANDARD")}}
        if ident in s["aws_objects"].setdefault(bucket, {}):
            die("An error occurred (EntityAlreadyExists): %s exists" % ident, 254)
        s["aws_objects"][bucket][ident] = val
        return out(val)
    if key == "eks create-pod-identity-association":
        s["aws_objects"].setdefault("pod-identity", []).append({"associationId": new_id(s, "a")})
        return
    if verb.startswith(("get", "describe", "list")):
        return out({})
    return  # other changes (attach-role-policy, put-rule ...) are only logged


# ---------------------------------------------------------------- kubectl

def node_json(s, n):
    return {"metadata": {"name": n["name"], "labels": n["labels"]},
            "spec": {"providerID": "aws:///%s/%s" % (s["region"] + "a", n["instance"]),
                     "unschedulable": n["unschedulable"]},
            "status": {"conditions": [{"type": "Ready", "status": "True"}]}}


def pod_json(p):
    meta = {"name": p["name"], "namespace": p["ns"], "labels": p["labels"]}
    if p.get("owner"):
        meta["ownerReferences"] = [{"kind": p["owner"]["kind"], "name": p["owner"]["name"], "controller": True}]
    spec = {"nodeName": p.get("node") or None, "nodeSelector": p.get("nodeSelector") or None}
    if p.get("affinity"):
        spec["affinity"] = {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
            {"matchExpressions": [{"key": k, "operator": "In", "values": v} for k, v in p["affinity"].items()]}]}}}
    if p.get("volumes"):
        spec["volumes"] = p["volumes"]
    if p.get("requests"):
        spec["containers"] = [{"name": "main", "resources": {"requests": p["requests"]}}]
    spec = {k: v for k, v in spec.items() if v is not None}
    cond = [{"type": "Ready", "status": "True" if p["phase"] == "Running" else "False"}]
    return {"metadata": meta, "spec": spec, "status": {"phase": p["phase"], "conditions": cond}}


def pdb_json(s, b):
    healthy, desired, expected = pdb_status(s, b)
    spec = {"selector": {"matchLabels": b["selector"]}}
    for k in ("minAvailable", "maxUnavailable"):
        if k in b:
            spec[k] = b[k]
    return {"metadata": {"name": b["name"], "namespace": b["ns"]}, "spec": spec,
            "status": {"currentHealthy": healthy, "desiredHealthy": desired, "expectedPods": expected,
                       "disruptionsAllowed": max(0, healthy - desired)}}


def deploy_json(s, d):
    ready = sum(1 for p in s["pods"] if p["ns"] == d["ns"] and p.get("owner", {}).get("name") == d["name"]
                and p["phase"] == "Running")
    spec = {"replicas": d["replicas"]}
    if d.get("image"):
        spec["template"] = {"spec": {"containers": [{"name": "controller", "image": d["image"]}]}}
    return {"metadata": {"name": d["name"], "namespace": d["ns"], "labels": dict(d["labels"]),
                         "annotations": dict(d.get("annotations", {}))}, "spec": spec,
            "status": {"replicas": d["replicas"], "readyReplicas": ready}}


def ready_obj(obj):
    """An applied object as the API server shows it once its controller made it Ready."""
    doc = dict(obj.get("doc") or {"metadata": {"name": obj["name"]}})
    doc["status"] = {"conditions": [{"type": "Ready", "status": "True"}]}
    return doc


def lst(items):
    return out({"apiVersion": "v1", "kind": "List", "items": items})


def find_deploy(s, ns, name):
    for d in s["deployments"]:
        if d["ns"] == ns and d["name"] == name:
            return d
    return None


def evict(s, p):
    """The eviction API: 429 while a PDB of the pod allows no disruption."""
    for b in s["pdbs"]:
        if p in pdb_pods(s, b):
            healthy, desired, _ = pdb_status(s, b)
            if healthy - desired <= 0:
                return False
    s["pods"].remove(p)
    return True


def drain(s, args, node):
    n = next((x for x in s["nodes"] if x["name"] == node), None)
    if n is None:
        die('Error from server (NotFound): nodes "%s" not found' % node)
    if "--disable-eviction" in args:
        violation(s, "kubectl drain --disable-eviction on %s" % node)
    n["unschedulable"] = True
    pods = [p for p in node_pods(s, node) if not is_daemon(p)]
    bare = [p for p in pods if not p.get("owner")]
    if bare and "--force" not in args:
        die("error: cannot delete Pods that declare no controller (use --force to override): %s"
            % ", ".join(p["ns"] + "/" + p["name"] for p in bare))
    timeout = opt(args, "--timeout", "0s").rstrip("s") or "0"
    tries = max(1, int(timeout) // 5) if int(timeout) > 0 else 10 ** 6
    tries = min(tries, 200)
    for _ in range(tries):
        left = [p for p in node_pods(s, node) if not is_daemon(p)]
        if not left:
            print("node/%s drained" % node)
            return
        for p in left:
            if not p.get("owner"):
                violation(s, "pod %s/%s deleted without eviction (drain --force)" % (p["ns"], p["name"]))
                s["pods"].remove(p)
            elif evict(s, p):
                print("pod/%s evicted" % p["name"])
            else:
                print("error when evicting pods/%s -n %s (will retry after 5s): Cannot evict pod as it would "
                      "violate the pod's disruption budget." % (p["name"], p["ns"]), file=sys.stderr)
        check_pdbs(s, "kubectl drain " + node)
        tick(s)  # five seconds pass
    save(s)
    die("error: unable to drain node %s: global timeout reached: %s" % (node, timeout + "s"))


def kubectl(s, args):
    ns = opt(args, "-n") or opt(args, "--namespace") or "default"
    allns = "-A" in args or "--all-namespaces" in args
    sel = opt(args, "-l") or opt(args, "--selector")
    bare = [a for a in args if not a.startswith("-")]
    # drop the values of options that take one
    vals = set()
    for o in ("-n", "--namespace", "-l", "--selector", "-o", "--output", "-f", "--filename", "-p", "--type",
              "--timeout", "--replicas", "--field-selector", "--context"):
        v = opt(args, o)
        if v is not None and o in args:
            vals.add(args.index(o) + 1)
    bare = [a for i, a in enumerate(args) if not a.startswith("-") and i not in vals]
    verb = bare[0] if bare else ""
    if verb == "config":
        if bare[1] == "view":
            return out({"clusters": [{"cluster": {"server": s["cluster"]["endpoint"]}}]})
        return print("sim")
    if verb == "get":
        kind = bare[1].split("/")[0].lower()
        name = bare[2] if len(bare) > 2 else (bare[1].split("/")[1] if "/" in bare[1] else None)
        if kind in ("nodes", "node"):
            items = [node_json(s, n) for n in s["nodes"]]
            if name:
                items = [i for i in items if i["metadata"]["name"] == name]
                if not items:
                    die('Error from server (NotFound): nodes "%s" not found' % name)
                return out(items[0])
            if sel:
                for term in sel.split(","):
                    k, _, v = term.partition("=")
                    items = [i for i in items if (k in i["metadata"]["labels"]) and (not _ or i["metadata"]["labels"][k] == v)]
            return lst(items)
        if kind in ("pods", "pod"):
            return lst([pod_json(p) for p in s["pods"] if allns or p["ns"] == ns])
        if kind in ("pdb", "poddisruptionbudgets"):
            return lst([pdb_json(s, b) for b in s["pdbs"] if allns or b["ns"] == ns])
        if kind in ("deployments", "deployment", "deploy"):
            ds = [d for d in s["deployments"] if (allns or d["ns"] == ns) and (not name or d["name"] == name)]
            if name:
                if not ds:
                    die('Error from server (NotFound): deployments.apps "%s" not found' % name)
                return out(deploy_json(s, ds[0]))
            return lst([deploy_json(s, d) for d in ds])
        if kind in ("ec2nodeclass", "ec2nodeclasses", "nodepool", "nodepools"):
            store = s["nodeclasses"] if kind.startswith("ec2") else s["nodepools"]
            if name:
                if name not in store:
                    die('Error from server (NotFound): %s "%s" not found' % (kind, name))
                return out(ready_obj(store[name]))
            return lst([ready_obj(store[n]) for n in sorted(store)])
        if kind == "nodeclaims":
            return lst([])
        if kind in ("pvc", "persistentvolumeclaim", "persistentvolumeclaims"):
            return lst([{"metadata": {"name": c["name"], "namespace": c["ns"]}, "spec": {"volumeName": c["volume"]}}
                        for c in s.get("pvcs", []) if allns or c["ns"] == ns])
        if kind in ("pv", "persistentvolume", "persistentvolumes"):
            return lst([{"metadata": {"name": n}, "spec": spec} for n, spec in sorted(s.get("pvs", {}).items())])
        if kind in ("crd", "crds", "customresourcedefinition", "customresourcedefinitions"):
            return lst([{"metadata": {"name": n, "labels": dict(c.get("labels", {})),
                                      "annotations": dict(c.get("annotations", {}))}}
                        for n, c in sorted(s.get("crds", {}).items())])
        if kind in ("configmap", "cm"):
            return out({"data": {"mapRoles": s.get("aws_auth", "")}})
        return lst([])
    if verb == "rollout":
        d = find_deploy(s, ns, bare[2].split("/")[-1])
        if d and deploy_json(s, d)["status"]["readyReplicas"] >= 1:
            return print('deployment "%s" successfully rolled out' % d["name"])
        die("error: timed out waiting for the condition")
    if verb == "scale":
        d = find_deploy(s, ns, bare[1].split("/")[-1])
        if not d:
            die("Error from server (NotFound): deployment not found")
        d["replicas"] = int(opt(args, "--replicas"))
        return print("deployment.apps/%s scaled" % d["name"])
    if verb in ("cordon", "uncordon"):
        n = next((x for x in s["nodes"] if x["name"] == bare[1]), None)
        if n is None:
            die('Error from server (NotFound): nodes "%s" not found' % bare[1])
        n["unschedulable"] = verb == "cordon"
        return print("node/%s %sed" % (n["name"], verb))
    if verb == "drain":
        return drain(s, args, bare[1])
    if verb == "delete":
        kind = bare[1].split("/")[0]
        if kind in ("pod", "pods"):
            for name in bare[2:] or [bare[1].split("/")[1]]:
                for p in list(s["pods"]):
                    if p["name"] == name and p["ns"] == ns:
                        violation(s, "pod %s/%s deleted without eviction (kubectl delete)" % (ns, name))
                        s["pods"].remove(p)
        return
    if verb == "apply":
        path = opt(args, "-f") or opt(args, "--filename")
        import yaml  # only here: its import costs more than a whole call
        files = [os.path.join(path, f) for f in sorted(os.listdir(path))] if os.path.isdir(path) else [path]
        for fn in files:
            if not fn.endswith((".yaml", ".yml")):
                continue
            with open(fn) as f:
                for doc in yaml.safe_load_all(f):
                    if not doc:
                        continue
                    name = doc["metadata"]["name"]
                    if doc["kind"] == "EC2NodeClass":
                        s["nodeclasses"][name] = {"name": name, "doc": doc}
                    elif doc["kind"] == "NodePool":
                        t = doc["spec"]["template"]
                        s["nodepools"][name] = {"name": name, "labels": t.get("metadata", {}).get("labels", {}),
                                                "nodeclass": t["spec"]["nodeClassRef"]["name"], "doc": doc}
                    print("%s/%s configured" % (doc["kind"].lower(), name))
        return
    if verb in ("label", "annotate") and bare[1] in ("crd", "crds", "customresourcedefinition"):
        c = s.get("crds", {}).get(bare[2])
        if c is None:
            die('Error from server (NotFound): customresourcedefinitions "%s" not found' % bare[2])
        for kv in bare[3:]:
            k, _, v = kv.partition("=")
            c.setdefault("labels" if verb == "label" else "annotations", {})[k] = v
        return print("customresourcedefinition.apiextensions.k8s.io/%s %sed" % (bare[2], verb[:-1] if verb.endswith("e") else verb))
    if verb == "patch":
        if bare[1] in ("configmap", "cm"):
            s["aws_auth"] = json.loads(opt(args, "-p"))["data"]["mapRoles"]
        return
    die("sim kubectl: unsupported: %s" % " ".join(args))


KUBECTL_READS = ("get", "config", "rollout", "describe", "version", "wait", "auth")


# ------------------------------------------------------------------- helm

def helm(s, args):
    vals = set()
    for o in ("--namespace", "-n", "--version", "--values", "-f", "--output", "-o", "--timeout"):
        if o in args:
            vals.add(args.index(o) + 1)
    bare = [a for i, a in enumerate(args) if not a.startswith("-") and i not in vals]
    rels = s.setdefault("helm_releases", [])
    if bare[:1] == ["list"]:
        ns = opt(args, "--namespace") or opt(args, "-n") or "default"
        allns = "-A" in args or "--all-namespaces" in args
        return out([r for r in rels if allns or r["namespace"] == ns])
    if bare[:1] != ["upgrade"] or len(bare) < 3:
        die("sim helm: unsupported: %s" % " ".join(args))
    release, chart = bare[1], bare[2].rstrip("/").split("/")[-1]
    ns = opt(args, "--namespace") or opt(args, "-n") or "default"
    version = (opt(args, "--version") or "0.0.0").lstrip("v")
    owner = helm_owned(release, ns)

    def refuse(kind, name, obj_ns):
        die("Error: UPGRADE FAILED: Unable to continue with update: %s \"%s\"%s exists and cannot be imported "
            "into the current release: invalid ownership metadata; annotation validation error: key "
            "\"meta.helm.sh/release-name\" must equal \"%s\"" % (kind, name, obj_ns, release))
    crds = s.setdefault("crds", {})
    if chart == "karpenter-crd":
        for n in KARPENTER_CRDS:
            c = crds.get(n)
            if c is not None and {k: c.get("annotations", {}).get(k) for k in owner} != owner:
                refuse("CustomResourceDefinition", n, "")
        for n in KARPENTER_CRDS:
            crds[n] = {"labels": {"app.kubernetes.io/managed-by": "Helm"}, "annotations": dict(owner)}
    elif chart == "karpenter":
        name = release if "karpenter" in release else release + "-karpenter"
        d = find_deploy(s, ns, name)
        if d and {k: d.get("annotations", {}).get(k) for k in owner} != owner:
            refuse("Deployment", name, " in namespace \"%s\"" % ns)
        for o in s["deployments"]:
            if o is not d and o.get("labels", {}).get("app.kubernetes.io/name") == "karpenter":
                violation(s, "a second Karpenter controller: %s/%s beside %s/%s, both acting on the same nodes"
                          % (ns, name, o["ns"], o["name"]))
        if d:
            d["image"] = "public.ecr.aws/karpenter/controller:%s" % version
        else:
            add_controller(s, ns, name, release, version)
            s["karpenter"] = {"ns": ns, "name": name}
        for n in KARPENTER_CRDS:
            crds.setdefault(n, {})  # the chart's crds/ directory: installed once, owned by no release
        tick(s)
    else:
        die("sim helm: unknown chart %s" % bare[2])
    r = next((x for x in rels if x["name"] == release and x["namespace"] == ns), None)
    if r is None:
        r = {"name": release, "namespace": ns, "revision": 0, "status": "deployed"}
        rels.append(r)
    r["revision"] += 1
    r["chart"] = "%s-%s" % (chart, version)
    r["app_version"] = version
    print("Release \"%s\" has been upgraded. Happy Helming!" % release)


# ------------------------------------------------------------------- main

def mutating(tool, args):
    bare = [a for a in args if not a.startswith("-")]
    if tool == "aws":
        i = 0
        while i < len(args) and args[i].startswith("--"):
            i += 2
        verb = args[i + 1] if len(args) > i + 1 else ""
        return not (verb.startswith(("get", "describe", "list")) or args[i] in ("sts", "configure"))
    if tool == "kubectl":
        return bool(bare) and bare[0] not in KUBECTL_READS
    if tool == "helm":
        return bool(bare) and bare[0] in ("upgrade", "install", "uninstall", "rollback")
    # (kubectl label/annotate: not reads, so mutating)
    return False


def main():
    tool, args = sys.argv[1], sys.argv[2:]
    if tool == "init":
        import scenario
        return scenario.main(args)
    with open(STATE + ".lock", "w") as lk:
        fcntl.flock(lk, fcntl.LOCK_EX)
        s = load()
        mut = mutating(tool, args)
        with open(LOG, "a") as f:
            f.write(json.dumps({"tool": tool, "args": args, "mutating": mut}) + "\n")
        if mut and os.environ.get("SIM_FAIL_ON", "") in " ".join(args):
            s["mutations"] += 1
            if str(s["mutations"]) == os.environ.get("SIM_FAIL_AT", ""):
                save(s)
                die("%s: error: connection reset by peer (the simulator's interruption)" % tool, 255)
        tick(s)
        try:
            {"aws": aws, "kubectl": kubectl, "helm": helm}[tool](s, args)
            if mut:
                check_pdbs(s, "'%s %s'" % (tool, " ".join(args)))
                tick(s)
        finally:
            save(s)


if __name__ == "__main__":
    main()
