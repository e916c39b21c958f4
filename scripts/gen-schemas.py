#!/usr/bin/env python3
"""gen-schemas.py REFDIR OUTDIR [CELDEF] - JSON Schemas and the CEL rule table from the real CRDs.

The versions are the rows of src/versions.def (--versions FILE to read another).

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

With CELDEF it also writes the CEL rule table of src/cel.c (src/cel_rules.def): one row per
distinct rule (text, message, where) of every version but the transition rules (oldSelf), with the
versions whose CRDs carry it, the check of src/cel.c that implements its shape (shape_of() below; a
rule of no known shape stops the script: it needs a check first) and the rule id and fix note of
data/cel-bindings.tsv (--bindings FILE; a rule without a line, or a line no rule uses, stops it).
"""
import re
import json
import os
import sys

import yaml


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


# ------------------------------------------------------------------ CEL shapes

def ws(rule):
    """The rule with runs of blanks made one, and none before ')' (upstream spacing varies)."""
    return re.sub(r"\s+\)", ")", re.sub(r"\s+", " ", rule.strip()))


ID = r"([A-Za-z][A-Za-z0-9]*)"


def names(parts, pat):
    """The names that `pat` (one group) captures in each of `parts`, or None when one does not match."""
    out = []
    for p in parts:
        m = re.fullmatch(pat, p.strip())
        if not m:
            return None
        out.append(m.group(1))
    return out


def quoted_list(text, q):
    """The strings of a CEL list literal's inside, quoted with `q`; None when it is not one."""
    items = [x.strip() for x in text.split(",")]
    if not all(len(x) > 1 and x[0] == q and x[-1] == q for x in items):
        return None
    return [x[1:-1] for x in items]


def shape_label(rule):
    """The label-key rules cel_label parses at run time: a disjunction of `self != "K"`,
    `self in [...]`, `[!]self.find("^([^/]+)").endsWith("D")`, possibly inside self.all(x, ...)."""
    body = rule
    m = re.fullmatch(r"self\.all\(x, (.*)\)", rule)
    if m:
        body = m.group(1).replace("x.", "self.").replace("x ", "self ").replace("x!", "self!")
    for term in body.split(" || "):
        term = term.strip()
        if re.fullmatch(r'self != "[^"]+"', term):
            continue
        m = re.fullmatch(r"self in \[(.*)\]", term)
        if m and quoted_list(m.group(1), '"'):
            continue
        if re.fullmatch(r'!?self\.find\("\^\(\[\^/\]\+\)"\)\.endsWith\("[^"]+"\)', term):
            continue
        return None
    return ("cel_label", None)


def has_list(text, var):
    """'has(v.a) || has(v.b)' -> ['a', 'b']"""
    return names(text.split(" || "), r"has\(%s\.%s\)" % (re.escape(var), ID))


def shape_of(rule):
    """(check, arg) of the check in src/cel.c that implements `rule`; None when none does."""
    r = ws(rule)
    fixed = {
        "self != ''": "cel_not_empty",
        "self.size() != 0": "cel_list_not_empty",
        "self.all(k, k != '' && self[k] != '')": "cel_tags_nonempty",
        "self.all(k, k != '')": "cel_tag_keys_nonempty",
        "self.all(x, x.operator == 'In' ? x.values.size() != 0 : true)": "cel_req_in",
        "self.all(x, (x.operator == 'In' && has(x.minValues)) ? x.values.size() >= x.minValues : true)":
            "cel_req_min_values",
        "has(self.consolidateAfter) ? self.consolidationPolicy != 'WhenUnderutilized' || "
        "self.consolidateAfter == 'Never' : true": "cel_underutilized_after",
        "self.consolidationPolicy == 'WhenEmpty' ? has(self.consolidateAfter) : true": "cel_when_empty_after",
        "self.all(x, has(x.schedule) == has(x.duration))": "cel_budget_window",
        "!has(self.replicas) || (!has(self.limits) || size(self.limits) == 0 || "
        "(size(self.limits) == 1 && 'nodes' in self.limits))": "cel_static_limits",
        "!has(self.replicas) || !has(self.weight)": "cel_static_weight",
        "self.amiFamily == 'Custom' ? self.amiSelectorTerms.size() != 0 : true": "cel_custom_ami_terms",
        "self.amiSelectorTerms.exists(x, has(x.alias)) ? true : has(self.amiFamily)": "cel_family_or_alias",
        "!(self.exists(x, has(x.alias)) && self.size() != 1)": "cel_alias_alone",
        "self.matches('^[a-zA-Z0-9]+@.+$')": "cel_alias_format",
        "self.filter(x, has(x.rootVolume)?x.rootVolume==true:false).size() <= 1": "cel_one_root_volume",
        "!has(self.volumeInitializationRate) || (has(self.snapshotID) && self.snapshotID != '')": "cel_init_rate",
        "has(self.imageGCHighThresholdPercent) && has(self.imageGCLowThresholdPercent) ? "
        "self.imageGCHighThresholdPercent > self.imageGCLowThresholdPercent : true": "cel_image_gc",
        "self.size() == 0 || self.exists(x, x.deviceIndex == 0 && x.networkCardIndex == 0 && "
        "x.interfaceType == 'interface')": "cel_nic_primary",
        "self.all(x, self.filter(y, x.networkCardIndex == y.networkCardIndex && x.deviceIndex == "
        "y.deviceIndex).size() == 1 && (x.interfaceType != 'efa-only' || self.filter(y, x.networkCardIndex "
        "== y.networkCardIndex && y.interfaceType == 'efa-only').size() == 1))": "cel_nic_unique",
        "self.all(x, !self[x].startsWith('-'))": "cel_not_negative",
    }
    if r in fixed:
        return (fixed[r], None)
    m = re.fullmatch(r"self\.all\(x, (has\(x\.\w+\)(?: \|\| has\(x\.\w+\))+)\)", r)
    if m:
        return ("cel_each_has_any", ",".join(has_list(m.group(1), "x")))
    n = has_list(r, "self")
    if n and len(n) > 1:
        return ("cel_has_any", ",".join(n))
    m = re.fullmatch(r"\(has\(self\.%s\) && !has\(self\.%s\)\) \|\| \(!has\(self\.%s\) && has\(self\.%s\)\)"
                     % (ID, ID, ID, ID), r)
    if m and m.group(1) == m.group(3) and m.group(2) == m.group(4):
        return ("cel_exactly_one", m.group(1) + "," + m.group(2))
    m = re.fullmatch(r"!\(has\(self\.%s\) && has\(self\.%s\)\)" % (ID, ID), r)
    if m:
        return ("cel_not_both", m.group(1) + "," + m.group(2))
    m = re.fullmatch(r"!self\.(all|exists)\(x, has\(x\.%s\) && \(?(has\(x\.\w+\)(?: \|\| has\(x\.\w+\))*)\)?\)" % ID, r)
    if m:
        rest = has_list(m.group(3), "x")
        if rest:
            return ("cel_not_all_mix" if m.group(1) == "all" else "cel_none_mix",
                    m.group(2) + ":" + ",".join(rest))
    m = re.fullmatch(r"self\.all\(k, k ?!= ?'([^']+)'\)", r)
    if m:
        return ("cel_tag_forbidden", m.group(1))
    m = re.fullmatch(r"self\.all\(k, !k\.startsWith\('([^']+)'\)\)", r)
    if m:
        return ("cel_tag_prefix", m.group(1))
    m = re.fullmatch(r"self\.all\(x, \(((?:x\.operator == '\w+'(?: \|\| )?)+)\) \? \(x\.values\.size\(\) == 1 && "
                     r"int\(x\.values\[0\]\) >= 0\) : true\)", r)
    if m:
        return ("cel_req_int", ",".join(re.findall(r"x\.operator == '(\w+)'", m.group(1))))
    m = re.fullmatch(r"self\.split\('@'\)\[0\] in \[(.*)\]", r)
    if m and quoted_list(m.group(1), "'"):
        return ("cel_alias_family", ",".join(quoted_list(m.group(1), "'")))
    m = re.fullmatch(r"self\.split\('@'\)\[0\] in \[(.*)\] \? self\.split\('@'\)\[1\] == 'latest' : true", r)
    if m and quoted_list(m.group(1), "'"):
        return ("cel_alias_windows", "@," + ",".join(quoted_list(m.group(1), "'")))
    m = re.fullmatch(r"!has\(self\.amiFamily\) \|\| \(self\.amiSelectorTerms\.exists\(x, has\(x\.alias\) && "
                     r"x\.alias\.find\('\^\[\^@\]\+'\) == '(\w+)'\) \? \(self\.amiFamily == 'Custom' \|\| "
                     r"self\.amiFamily == '(\w+)'\) : true\)", r)
    if m:
        return ("cel_alias_family_match", m.group(1) + ":" + m.group(2))
    m = re.fullmatch(r"self\.all\(x, x in \[(.*)\]\)", r)
    if m and quoted_list(m.group(1), "'"):
        return ("cel_keys_in", ",".join(quoted_list(m.group(1), "'")))
    m = re.fullmatch(r"self\.all\(x, ((?:x ?== ?'[^']+'(?: \|\| )?)+)\)", r)
    if m:
        return ("cel_keys_in", ",".join(re.findall(r"x ?== ?'([^']+)'", m.group(1))))
    m = re.fullmatch(r"has\(self\.%s\) \? self\.%s\.all\(e, \(e in self\.%s\)\) ?: ?true" % (ID, ID, ID), r)
    if m and m.group(1) == m.group(2):
        return ("cel_keys_matched", m.group(1) + ":" + m.group(3))
    return shape_label(r)


# ------------------------------------------------------------------ the CEL table

def read_bindings(path):
    """message -> [(where or None, rule id, fix or None)]"""
    out = {}
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 4 or not re.fullmatch(r"KG\d{3}", cols[2]):
                die("%s:%d: expected message, where, rule id, fix" % (path, n))
            out.setdefault(cols[0], []).append([None if cols[1] == "-" else cols[1], cols[2],
                                                None if cols[3] == "-" else cols[3], False])
    return out


def collect_cel(s, path, where, out):
    """Every CEL rule of trimmed schema `s` at schema path `path` into out[(rule, message, path)]."""
    for r in s.get("x-kubernetes-validations", []):
        if "oldSelf" not in r["rule"]:
            out.append((r["rule"], r["message"], path))
    for name, sub in s.get("properties", {}).items():
        collect_cel(sub, path + "." + name, where, out)
    if isinstance(s.get("items"), dict):
        collect_cel(s["items"], path + "[]", where, out)
    if isinstance(s.get("additionalProperties"), dict):
        collect_cel(s["additionalProperties"], path + "{*}", where, out)
    for sub in s.get("allOf", []):
        collect_cel(sub, path, where, out)


def c_str(text, indent):
    """`text` as C string literals of at most ~96 columns, split after blanks."""
    if any(ord(ch) < 32 or ord(ch) > 126 for ch in text):
        die("non-ASCII or control character in %r" % text)
    esc = text.replace("\\", "\\\\").replace('"', '\\"')
    parts, cur = [], ""
    for word in re.split(r"(?<= )", esc):
        if cur and len(cur) + len(word) > 88:
            parts.append(cur)
            cur = ""
        cur += word
    parts.append(cur)
    return ("\n" + indent).join('"%s"' % p for p in parts)


def write_cel(rows_by_version, versions, bindings, out):
    rows = {}   # (rule, message, where) -> {"versions": [...], "places": set()}
    for ver in versions:
        for kind, rule, message, path in rows_by_version[ver]:
            cands = bindings.get(message)
            if not cands:
                die("%s %s%s: no line in cel-bindings.tsv for the message %r" % (ver, kind, path, message))
            b = next((c for c in cands if c[0] and c[0] in path), None) or \
                next((c for c in cands if not c[0]), None)
            if not b:
                die("%s %s%s: no line of cel-bindings.tsv for %r applies here" % (ver, kind, path, message))
            b[3] = True
            row = rows.setdefault((rule, message, b[0]), {"versions": [], "places": set(), "b": b})
            if ver not in row["versions"]:
                row["versions"].append(ver)
            row["places"].add("%s %s" % (kind, path))
    for message, cands in bindings.items():
        for c in cands:
            if not c[3]:
                die("cel-bindings.tsv: no rule of any version uses the line for %r" % message)
    text = ["/* generated by scripts/gen-schemas.py from the reference CRDs and data/cel-bindings.tsv; "
            "do not edit */",
            "/* CEL_RULE(id, versions, where, rule, message, check, arg, fix) */"]
    order = sorted(rows.items(), key=lambda kv: (versions.index(kv[1]["versions"][0]),
                                                 sorted(kv[1]["places"]), kv[0][0], kv[0][1]))
    for (rule, message, where), row in order:
        shape = shape_of(rule)
        if not shape:
            die("%s: rule %r: no check of src/cel.c has this shape" % ("; ".join(sorted(row["places"])), rule))
        check, arg = shape
        b = row["b"]
        ind = "\t  "
        text.append("/* %s */" % "; ".join(sorted(row["places"])))
        text.append("CEL_RULE(%s, \"%s\", %s,\n%s%s,\n%s%s,\n%s%s, %s,\n%s%s)" % (
            b[1], " ".join(row["versions"]), '"%s"' % where if where else "NULL",
            ind, c_str(rule, ind), ind, c_str(message, ind), ind, check,
            c_str(arg, ind) if arg is not None else "NULL", ind, c_str(b[2], ind) if b[2] else "NULL"))
    with open(out + ".tmp", "w") as f:
        f.write("\n".join(text) + "\n")
    os.replace(out + ".tmp", out)


def read_versions(path):
    with open(path) as f:
        found = re.findall(r'^KARPENTER\("([^"]+)"', f.read(), re.M)
    if not found:
        die("%s: no KARPENTER(...) rows" % path)
    return found


def main():
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    args, opts = [], {"--versions": os.path.join(here, "src", "versions.def"),
                      "--bindings": os.path.join(here, "data", "cel-bindings.tsv")}
    argv = sys.argv[1:]
    while argv:
        a = argv.pop(0)
        if a in opts and argv:
            opts[a] = argv.pop(0)
        elif a.startswith("-"):
            die("unknown option %s" % a)
        else:
            args.append(a)
    if len(args) not in (2, 3):
        die("usage: gen-schemas.py [--versions FILE] [--bindings FILE] REFDIR OUTDIR [CELDEF]")
    ref, outdir = args[0], args[1]
    versions = read_versions(opts["--versions"])
    cel = {}
    for ver in versions:
        cel[ver] = []
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
                found = []
                collect_cel(schema, "", None, found)
                cel[ver] += [(spec["names"]["kind"], r, m, p) for r, m, p in found]
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
    if len(args) == 3:
        write_cel(cel, versions, read_bindings(opts["--bindings"]), args[2])


if __name__ == "__main__":
    main()
