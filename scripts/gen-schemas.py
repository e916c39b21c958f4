#!/usr/bin/env python3
"""gen-schemas.py REFDIR OUTDIR - JSON Schemas for `karpgen validate` from the real CRDs.

REFDIR is ../shared/reference/karpenter (one folder per Karpenter version, v0.29.2 ...).
For every CRD and every served version in it, writes OUTDIR/<version>/<kind>.<apiversion>.json:

    {"group": ..., "version": ..., "kind": ..., "served": ..., "storage": ...,
     "scope": ..., "schema": <openAPIV3Schema, trimmed>}

The schema keeps what a validator needs and nothing else: types, int-or-string, enums,
patterns, bounds, lengths, item and property counts, required, nullable, defaults, formats,
list types, preserve-unknown-fields and the CEL rules (rule + message).  Descriptions,
printer columns and `status` (which the API server resets on create) are dropped.  A
keyword this script does not know stops it: a new CRD must not be read half-understood.
Output is deterministic (sorted keys), so `make schemas` on unchanged CRDs changes nothing.
"""
import json
import os
import sys

import yaml

VERSIONS = ["0.29.2", "0.32.10", "0.36.2", "1.0.14", "1.14.1"]

# keyword -> how to copy it ("value": as is, "schema": a sub-schema, "map": name -> sub-schema)
KEEP = {
    "type": "value", "enum": "value", "pattern": "value", "format": "value",
    "minimum": "value", "maximum": "value", "exclusiveMinimum": "value", "exclusiveMaximum": "value",
    "minLength": "value", "maxLength": "value", "minItems": "value", "maxItems": "value",
    "minProperties": "value", "maxProperties": "value", "required": "value", "nullable": "value",
    "default": "value", "x-kubernetes-int-or-string": "value",
    "x-kubernetes-preserve-unknown-fields": "value", "x-kubernetes-list-type": "value",
    "x-kubernetes-list-map-keys": "value", "x-kubernetes-validations": "cel",
    "properties": "map", "items": "schema", "additionalProperties": "schema", "allOf": "list",
}
DROP = {"description", "x-kubernetes-map-type", "anyOf", "example", "title"}


def die(msg):
    sys.stderr.write("gen-schemas: %s\n" % msg)
    sys.exit(1)


def trim(s, path):
    if not isinstance(s, dict):
        die("%s: schema is not an object" % path)
    out = {}
    for k, v in s.items():
        if k in DROP:
            if k == "anyOf" and not (s.get("x-kubernetes-int-or-string")
                                     and sorted(x.get("type") for x in v) == ["integer", "string"]):
                die("%s: anyOf other than int-or-string" % path)
            continue
        how = KEEP.get(k)
        if how is None:
            die("%s: unknown keyword '%s'" % (path, k))
        if how == "value":
            out[k] = v
        elif how == "schema":
            out[k] = trim(v, path + ("[]" if k == "items" else "{*}")) if isinstance(v, dict) else v
        elif how == "map":
            out[k] = {name: trim(sub, path + "." + name) for name, sub in v.items()}
        elif how == "list":
            out[k] = [trim(sub, path) for sub in v]
        elif how == "cel":
            rules = []
            for r in v:
                extra = set(r) - {"rule", "message"}
                if extra:
                    die("%s: CEL rule with %s" % (path, sorted(extra)))
                rules.append({"rule": r["rule"], "message": r.get("message", "")})
            out[k] = rules
    return out


def main():
    if len(sys.argv) != 3:
        die("usage: gen-schemas.py REFDIR OUTDIR")
    ref, outdir = sys.argv[1], sys.argv[2]
    for ver in VERSIONS:
        vdir = os.path.join(ref, "v" + ver)
        if not os.path.isdir(vdir):
            die("%s: no such directory" % vdir)
        for name in sorted(os.listdir(vdir)):
            if not (name.startswith("karpenter.") and name.endswith(".yaml")):
                continue
            with open(os.path.join(vdir, name)) as f:
                crd = yaml.safe_load(f)
            if crd.get("kind") != "CustomResourceDefinition":
                continue
            spec = crd["spec"]
            for v in spec["versions"]:
                if not v.get("served"):
                    continue
                schema = trim(v["schema"]["openAPIV3Schema"], "")
                schema.get("properties", {}).pop("status", None)
                doc = {
                    "group": spec["group"], "version": v["name"], "kind": spec["names"]["kind"],
                    "scope": spec["scope"], "served": bool(v.get("served")),
                    "storage": bool(v.get("storage")), "schema": schema,
                }
                os.makedirs(os.path.join(outdir, ver), exist_ok=True)
                out = os.path.join(outdir, ver, "%s.%s.json" % (spec["names"]["kind"].lower(), v["name"]))
                text = json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
                with open(out + ".tmp", "w") as f:
                    f.write(text)
                os.replace(out + ".tmp", out)


if __name__ == "__main__":
    main()
