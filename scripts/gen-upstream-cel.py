#!/usr/bin/env python3
"""Convert Karpenter's own CEL test suite into manifests with expected outcomes.

The upstream Ginkgo suites (kubernetes-sigs/karpenter pkg/apis/v1/*_validation_cel_test.go,
pkg/apis/v1alpha1/nodeoverlay_validation_test.go and aws/karpenter-provider-aws
pkg/apis/v1/*_validation_cel_test.go) build objects in Go and send them to a real API server
(envtest).  This script runs those specs in a small interpreter for the subset of Go they are
written in: a base object from BeforeEach, fields set on it, and
Expect(env.Client.Create(ctx, obj)).To(Succeed()) / ToNot(Succeed()).  At every such Create the
object is serialised the way encoding/json would send it (field names and omitempty from the
upstream struct tags, parsed from the same commit) and written as one manifest with the outcome
the spec expects.  Anything outside the subset (Update, Patch, loops over Go sets defined by
init code, helpers the interpreter does not know) is not guessed at: the spec, or the rest of
it, is listed in skipped.tsv with the reason.

usage: gen-upstream-cel.py --core-git DIR --aws-git DIR --aws-ref TAG [--core-ref REF] --out DIR

The git directories are bare mirrors (or clones) of kubernetes-sigs/karpenter and
aws/karpenter-provider-aws; the files are read with `git show REF:path`.  Without --core-ref the
core commit is the one the AWS provider's go.mod requires at TAG (a tag, or the commit of a
pseudo-version), so that the two suites are those of one release.
"""

import argparse
import copy
import json
import os
import re
import subprocess
import sys

# ---------------------------------------------------------------- errors


class Unsupported(Exception):
    """A construct the interpreter does not model: the spec is skipped with this reason."""


class Return(Exception):
    def __init__(self, value):
        self.value = value


class Continue(Exception):
    pass


class Break(Exception):
    pass


# ---------------------------------------------------------------- lexer

TOKEN_RE = re.compile(r'''
    (?P<ws>[ \t\r]+) |
    (?P<nl>\n) |
    (?P<lcomment>//[^\n]*) |
    (?P<bcomment>/\*.*?\*/) |
    (?P<raw>`[^`]*`) |
    (?P<str>"(?:[^"\\\n]|\\.)*") |
    (?P<char>'(?:[^'\\\n]|\\.)+') |
    (?P<num>0[xX][0-9a-fA-F_]+|[0-9][0-9_]*(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?) |
    (?P<ident>[A-Za-z_][A-Za-z0-9_]*) |
    (?P<op>\.\.\.|:=|==|!=|<=|>=|&&|\|\||\+\+|--|\+=|-=|<-|[-+*/%&|!<>=(){}\[\],;.:^])
''', re.S | re.X)

KEYWORDS = {"func", "return", "if", "else", "for", "range", "var", "const", "type", "map",
            "struct", "interface", "continue", "break", "go", "defer", "package", "import",
            "switch", "case", "default", "chan", "select", "goto", "fallthrough"}


class Tok:
    __slots__ = ("kind", "val", "line")

    def __init__(self, kind, val, line):
        self.kind, self.val, self.line = kind, val, line

    def __repr__(self):
        return "%s:%r@%d" % (self.kind, self.val, self.line)


def lex(src):
    """Tokens with Go's automatic semicolon insertion at line ends."""
    toks, pos, line = [], 0, 1
    while pos < len(src):
        m = TOKEN_RE.match(src, pos)
        if not m:
            raise Unsupported("lexer: unexpected %r at line %d" % (src[pos], line))
        kind = m.lastgroup
        text = m.group(kind)
        pos = m.end()
        if kind == "nl" or (kind == "bcomment" and "\n" in text):
            if toks and (toks[-1].kind in ("ident", "str", "raw", "num", "char") and toks[-1].val not in
                         ("func", "if", "else", "for", "range", "var", "const", "type", "map", "struct",
                          "interface", "switch", "case", "default", "package", "import", "go", "defer")
                         or toks[-1].kind == "ident" and toks[-1].val in ("return", "continue", "break")
                         or toks[-1].kind == "op" and toks[-1].val in (")", "]", "}", "++", "--")):
                toks.append(Tok("op", ";", line))
            line += text.count("\n")
            continue
        if kind in ("ws", "lcomment", "bcomment"):
            continue
        if kind == "ident" and text in KEYWORDS:
            toks.append(Tok("kw", text, line))
        else:
            toks.append(Tok(kind, text, line))
    toks.append(Tok("op", ";", line))
    toks.append(Tok("eof", "", line))
    return toks


def unquote(tok):
    if tok.kind == "raw":
        return tok.val[1:-1]
    return json.loads(tok.val.replace("\\'", "'")) if "\\x" not in tok.val else bytes(
        tok.val[1:-1], "utf-8").decode("unicode_escape")


# ---------------------------------------------------------------- parser (AST as tuples)

class Parser:
    def __init__(self, toks):
        self.t, self.i = toks, 0
        self.nocomp = 0  # >0 inside if/for headers: `T{` is not a composite literal there

    def peek(self, k=0):
        return self.t[self.i + k]

    def at(self, val, kind=None):
        tok = self.t[self.i]
        return tok.val == val and (kind is None or tok.kind == kind) and tok.kind in ("op", "kw")

    def next(self):
        tok = self.t[self.i]
        self.i += 1
        return tok

    def expect(self, val):
        tok = self.next()
        if tok.val != val or tok.kind not in ("op", "kw"):
            raise Unsupported("parse: expected %r, got %r at line %d" % (val, tok.val, tok.line))
        return tok

    def skip_semis(self):
        while self.at(";"):
            self.i += 1

    # -- types: returned as a string like "[]NodeSelectorRequirement", "*int32", "map[string]string"
    def parse_type(self):
        tok = self.peek()
        if self.at("*"):
            self.next()
            return "*" + self.parse_type()
        if self.at("["):
            self.next()
            if self.at("]"):
                self.next()
                return "[]" + self.parse_type()
            self.parse_expr()
            self.expect("]")
            return "[]" + self.parse_type()
        if self.at("map"):
            self.next()
            self.expect("[")
            k = self.parse_type()
            self.expect("]")
            return "map[%s]%s" % (k, self.parse_type())
        if self.at("func"):
            self.next()
            self.parse_params()
            self.parse_results()
            return "func"
        if self.at("interface") or self.at("struct"):
            self.next()
            self.expect("{")
            depth = 1
            while depth:
                tk = self.next()
                if tk.val == "{":
                    depth += 1
                elif tk.val == "}":
                    depth -= 1
            return "any"
        if tok.kind == "ident":
            self.next()
            name = tok.val
            if self.at(".") and self.peek(1).kind == "ident":
                self.next()
                name = name + "." + self.next().val
            if self.at("["):  # generic instantiation
                self.next()
                self.parse_type()
                while self.at(","):
                    self.next()
                    self.parse_type()
                self.expect("]")
            return name
        raise Unsupported("parse: type expected at line %d, got %r" % (tok.line, tok.val))

    def parse_params(self):
        """(a, b string, c int) -> list of names; types are dropped (values carry their own)."""
        self.expect("(")
        names = []
        group = []
        variadic = False
        while not self.at(")"):
            if self.peek().kind == "ident" and (self.peek(1).val in (",", ")")):
                group.append(self.next().val)
            elif self.peek().kind == "ident" and not (self.peek(1).val == "."):
                group.append(self.next().val)
                if self.at("..."):
                    self.next()
                    variadic = True
                self.parse_type()
                names.extend(group)
                group = []
            else:
                if self.at("..."):
                    self.next()
                self.parse_type()
                names.extend("_" for _ in group)
                group = []
                names.append("_")
            if self.at(","):
                self.next()
        self.expect(")")
        names.extend(group)  # func(a, b) with types only would have been anonymous: rare
        return names, variadic

    def parse_results(self):
        if self.at("("):
            self.parse_params()
        elif not self.at("{") and not self.at(";") and not self.at(",") and not self.at(")"):
            self.parse_type()

    def parse_block(self):
        self.expect("{")
        stmts = []
        self.skip_semis()
        while not self.at("}"):
            stmts.append(self.parse_stmt())
            self.skip_semis()
        self.expect("}")
        return ("block", stmts)

    def parse_simple(self):
        line = self.peek().line
        lhs = [self.parse_expr()]
        while self.at(","):
            self.next()
            lhs.append(self.parse_expr())
        if self.at(":=") or self.at("="):
            op = self.next().val
            if self.at("range"):
                self.next()
                return ("range", lhs, op, self.parse_expr(), line)
            rhs = [self.parse_expr()]
            while self.at(","):
                self.next()
                rhs.append(self.parse_expr())
            return ("assign", lhs, op, rhs, line)
        if self.at("+=") or self.at("-="):
            op = self.next().val
            return ("opassign", lhs[0], op[0], self.parse_expr(), line)
        if self.at("++") or self.at("--"):
            op = self.next().val
            return ("opassign", lhs[0], op[0], ("lit", 1), line)
        if len(lhs) != 1:
            raise Unsupported("parse: expression list at line %d" % line)
        return ("expr", lhs[0], line)

    def parse_stmt(self):
        tok = self.peek()
        line = tok.line
        if self.at("return"):
            self.next()
            if self.at(";") or self.at("}"):
                return ("return", None, line)
            vals = [self.parse_expr()]
            while self.at(","):
                self.next()
                vals.append(self.parse_expr())
            return ("return", vals, line)
        if self.at("continue"):
            self.next()
            return ("continue", line)
        if self.at("break"):
            self.next()
            return ("break", line)
        if self.at("var"):
            self.next()
            names = [self.next().val]
            while self.at(","):
                self.next()
                names.append(self.next().val)
            typ = None
            if not self.at("="):
                typ = self.parse_type()
            val = None
            if self.at("="):
                self.next()
                val = self.parse_expr()
            return ("var", names, typ, val, line)
        if self.at("if"):
            self.next()
            self.nocomp += 1
            init = None
            cond = self.parse_simple()
            if self.at(";"):
                self.next()
                init = cond
                cond = self.parse_simple()
            self.nocomp -= 1
            body = self.parse_block()
            els = None
            if self.at("else"):
                self.next()
                els = self.parse_stmt() if self.at("if") else self.parse_block()
            return ("if", init, cond[1], body, els, line)
        if self.at("for"):
            self.next()
            self.nocomp += 1
            if self.at("range"):
                self.next()
                rng = ("range", [], "=", self.parse_expr(), line)
            elif self.at("{"):
                rng = None
            else:
                rng = self.parse_simple()
                if self.at(";"):  # for init; cond; post
                    self.next()
                    cond = self.parse_expr()
                    self.expect(";")
                    post = self.parse_simple()
                    self.nocomp -= 1
                    body = self.parse_block()
                    return ("for3", rng, cond, post, body, line)
            self.nocomp -= 1
            body = self.parse_block()
            if rng is None:
                raise Unsupported("parse: bare for loop at line %d" % line)
            if rng[0] != "range":
                raise Unsupported("parse: condition for loop at line %d" % line)
            return ("for", rng, body, line)
        if self.at("{"):
            return self.parse_block()
        if self.at("switch") or self.at("go") or self.at("defer") or self.at("select"):
            raise Unsupported("parse: %s statement at line %d" % (tok.val, line))
        return self.parse_simple()

    BINPREC = {"||": 1, "&&": 2, "==": 3, "!=": 3, "<": 3, "<=": 3, ">": 3, ">=": 3,
               "+": 4, "-": 4, "|": 4, "^": 4, "*": 5, "/": 5, "%": 5, "&": 5}

    def parse_expr(self, prec=1):
        left = self.parse_unary()
        while True:
            tok = self.peek()
            p = self.BINPREC.get(tok.val) if tok.kind == "op" else None
            if p is None or p < prec:
                return left
            self.next()
            right = self.parse_expr(p + 1)
            left = ("bin", tok.val, left, right, tok.line)

    def parse_unary(self):
        tok = self.peek()
        if tok.kind == "op" and tok.val in ("&", "-", "!", "*", "+"):
            self.next()
            return ("unary", tok.val, self.parse_unary(), tok.line)
        return self.parse_postfix(self.parse_operand())

    def parse_complit_body(self, typ):
        line = self.expect("{").line
        elems = []
        self.skip_semis()
        while not self.at("}"):
            if self.at("{"):
                k = ("complit", None, self.parse_complit_body(None)[2], line)
            else:
                k = self.parse_expr()
            if self.at(":"):
                self.next()
                self.skip_semis()
                if self.at("{"):
                    v = ("complit", None, self.parse_complit_body(None)[2], line)
                else:
                    v = self.parse_expr()
                elems.append((k, v))
            else:
                elems.append((None, k))
            self.skip_semis()
            if self.at(","):
                self.next()
            self.skip_semis()
        self.expect("}")
        return ("complit", typ, elems, line)

    def parse_operand(self):
        tok = self.peek()
        line = tok.line
        if tok.kind in ("str", "raw"):
            self.next()
            return ("lit", unquote(tok))
        if tok.kind == "char":
            self.next()
            return ("lit", ord(unquote(Tok("str", '"' + tok.val[1:-1] + '"', line))))
        if tok.kind == "num":
            self.next()
            v = tok.val.replace("_", "")
            return ("lit", float(v) if ("." in v or "e" in v.lower()) and not v.lower().startswith("0x")
                    else int(v, 0))
        if self.at("func"):
            self.next()
            params, variadic = self.parse_params()
            self.parse_results()
            body = self.parse_block()
            return ("func", params, variadic, body, line)
        if self.at("("):
            self.next()
            saved = self.nocomp
            self.nocomp = 0
            e = self.parse_expr()
            self.nocomp = saved
            self.expect(")")
            return ("paren", e)
        if self.at("[") or self.at("map") or self.at("struct"):
            typ = self.parse_type()
            if self.at("{"):
                return self.parse_complit_body(typ)
            return ("type", typ)
        if self.at("*"):
            self.next()
            return ("unary", "*", self.parse_unary(), line)
        if tok.kind == "ident":
            self.next()
            return ("name", tok.val, line)
        raise Unsupported("parse: unexpected %r at line %d" % (tok.val, line))

    def parse_postfix(self, e):
        while True:
            tok = self.peek()
            if self.at("."):
                self.next()
                if self.at("("):
                    self.next()
                    self.parse_type()
                    self.expect(")")
                    e = ("assert", e)
                    continue
                name = self.next().val
                e = ("sel", e, name, tok.line)
            elif self.at("("):
                self.next()
                args = []
                spread = False
                saved = self.nocomp
                self.nocomp = 0
                self.skip_semis()
                while not self.at(")"):
                    if self.at("[") or self.at("map"):
                        args.append(self.parse_type_or_expr())
                    else:
                        args.append(self.parse_expr())
                    if self.at("..."):
                        self.next()
                        spread = True
                    self.skip_semis()
                    if self.at(","):
                        self.next()
                    self.skip_semis()
                self.nocomp = saved
                self.expect(")")
                e = ("call", e, args, spread, tok.line)
            elif self.at("["):
                self.next()
                saved = self.nocomp
                self.nocomp = 0
                if self.at(":"):
                    lo_ = None
                else:
                    lo_ = self.parse_expr()
                if self.at(":"):
                    self.next()
                    hi = None if self.at("]") else self.parse_expr()
                    self.expect("]")
                    e = ("slice", e, lo_, hi)
                else:
                    # could be a generic instantiation lo.Ptr[T]: keep as index, the evaluator ignores it
                    while self.at(","):
                        self.next()
                        self.parse_expr()
                    self.expect("]")
                    e = ("index", e, lo_, tok.line)
                self.nocomp = saved
            elif self.at("{") and self.nocomp == 0 and self._is_type_expr(e):
                e = self.parse_complit_body(self._type_name(e))
            else:
                return e

    def parse_type_or_expr(self):
        typ = self.parse_type()
        if self.at("{"):
            return self.parse_complit_body(typ)
        return ("type", typ)

    def _is_type_expr(self, e):
        if e[0] == "name":
            return e[1][0].isupper() or e[1] in ("any",)
        if e[0] == "sel" and e[1][0] == "name":
            return e[2][0].isupper()
        if e[0] == "type":
            return True
        return False

    def _type_name(self, e):
        if e[0] == "name":
            return e[1]
        if e[0] == "sel":
            return e[1][1] + "." + e[2]
        return e[1]


# ---------------------------------------------------------------- Go source of the API types

class Field:
    __slots__ = ("go", "json", "typ", "omitempty", "inline", "embedded")

    def __init__(self, go, json_, typ, omitempty, inline, embedded=False):
        self.go, self.json, self.typ, self.omitempty, self.inline = go, json_, typ, omitempty, inline
        # an embedded struct: its fields are promoted (Go), whatever its json tag says
        self.embedded = embedded or (inline and json_ is None)


STRUCT_RE = re.compile(r'^type\s+(\w+)\s+struct\s*\{(.*?)^\}', re.M | re.S)
ALIAS_RE = re.compile(r'^type\s+(\w+)\s+([\w.\[\]*]+)\s*$', re.M)
FIELD_RE = re.compile(r'^\s*(?:(\w+)\s+)?([\w.\[\]*]+)\s*(?:`([^`]*)`)?\s*(?://.*)?$')


class Types:
    """Struct definitions (json names, omitempty, inline) by bare type name."""

    def __init__(self):
        self.structs = {}
        self.aliases = {}
        # k8s.io types the suites use, written out from their json tags
        self.add_struct("Taint", [("Key", "key", "string", False), ("Value", "value", "string", True),
                                  ("Effect", "effect", "string", False),
                                  ("TimeAdded", "timeAdded", "*Time", True)])
        self.add_struct("NodeSelectorRequirement", [("Key", "key", "string", False),
                                                    ("Operator", "operator", "string", False),
                                                    ("Values", "values", "[]string", True)])
        self.add_struct("ObjectMeta", [("Name", "name", "string", True),
                                       ("Namespace", "namespace", "string", True),
                                       ("Labels", "labels", "map[string]string", True),
                                       ("Annotations", "annotations", "map[string]string", True)])
        self.add_struct("TypeMeta", [])
        for scalar in ("NodeSelectorOperator", "TaintEffect", "ResourceName"):
            self.aliases[scalar] = "string"
        self.aliases["ResourceList"] = "map[string]Quantity"

    def add_struct(self, name, fields):
        self.structs[name] = [Field(g, j, t, o, False) for g, j, t, o in fields]

    def load_go(self, src):
        for m in STRUCT_RE.finditer(src):
            name, body = m.group(1), m.group(2)
            fields = []
            for raw in body.split("\n"):
                raw = raw.strip()
                if not raw or raw.startswith("//"):
                    continue
                fm = FIELD_RE.match(raw)
                if not fm:
                    continue
                gname, typ, tag = fm.group(1), fm.group(2), fm.group(3) or ""
                jm = re.search(r'json:"([^"]*)"', tag)
                jtag = jm.group(1) if jm else None
                base = typ.lstrip("*").split(".")[-1]
                if gname is None and (not jtag or jtag.startswith(",")):  # embedded, inline
                    fields.append(Field(base, None, typ, False, True))
                    continue
                if gname is None:  # embedded with a json name of its own (ObjectMeta)
                    parts = jtag.split(",")
                    fields.append(Field(base, parts[0], typ, "omitempty" in parts, False, True))
                    continue
                if jtag == "-":
                    continue
                parts = (jtag or "").split(",")
                jname = parts[0] or gname
                inline = "inline" in parts
                fields.append(Field(gname, jname, typ, "omitempty" in parts, inline))
            if name not in self.structs:
                self.structs[name] = fields
        for m in ALIAS_RE.finditer(src):
            if m.group(1) not in self.aliases and m.group(2) != "struct":
                self.aliases[m.group(1)] = m.group(2)

    def field(self, struct, goname):
        for f in self.structs.get(struct, []):
            if f.go == goname:
                return f
        return None

    def resolve(self, typ):
        """A field type with its package qualifier dropped and scalar aliases followed."""
        typ = re.sub(r'\b\w+\.', '', typ)
        seen = 0
        while typ in self.aliases and seen < 10:
            typ = re.sub(r'\b\w+\.', '', self.aliases[typ])
            seen += 1
        return typ


# ---------------------------------------------------------------- values

class Struct:
    """A Go struct value.  Pointers to structs are the Struct itself (reference semantics)."""

    def __init__(self, typ, fields=None):
        self.typ = typ
        self.f = fields if fields is not None else {}
        self.created = False  # resourceVersion set by a successful Create

    def __repr__(self):
        return "Struct(%s, %r)" % (self.typ, self.f)


class Ptr:
    """A pointer to a scalar (lo.ToPtr, new, &x): emitted even when it points at a zero value."""

    def __init__(self, v):
        self.v = v


class Quantity:
    def __init__(self, s):
        self.s = s


class Duration:
    """metav1.Duration / time.Duration in nanoseconds."""

    def __init__(self, ns):
        self.ns = ns


class Nillable:
    """karpv1.NillableDuration: the string it was parsed from."""

    def __init__(self, s):
        self.s = s


class Unstructured:
    def __init__(self, obj=None):
        self.obj = obj if obj is not None else {}
        self.created = False


class EntryV:
    def __init__(self, desc, args):
        self.desc, self.args = desc, args


class Decorator:
    pass


class Builtin:
    def __init__(self, name, fn):
        self.name, self.fn = name, fn

    def __repr__(self):
        return "<builtin %s>" % self.name


class Closure:
    def __init__(self, params, variadic, body, env, interp):
        self.params, self.variadic, self.body, self.env, self.interp = params, variadic, body, env, interp


class CreateResult:
    def __init__(self, obj, manifest, reason=None):
        self.obj, self.manifest, self.reason = obj, manifest, reason


class Opaque:
    """The result of something the converter does not model (RuntimeValidate, Update, ...)."""

    def __init__(self, what, obj=None):
        self.what, self.obj = what, obj


class Namespace:
    def __init__(self, name, members):
        self.name, self.members = name, members


class GoSet:
    def __init__(self, items):
        self.items = list(dict.fromkeys(items))


UNITS = [("h", 3600 * 10**9), ("m", 60 * 10**9), ("s", 10**9), ("ms", 10**6), ("us", 10**3),
         ("µs", 10**3), ("ns", 1)]


def parse_duration(s):
    """time.ParseDuration for the forms the suites use."""
    orig = s
    neg = s.startswith("-")
    s = s.lstrip("+-")
    if s == "0":
        return 0
    total = 0
    if not s:
        raise Unsupported("time.ParseDuration(%r)" % orig)
    while s:
        m = re.match(r'([0-9]*(?:\.[0-9]*)?)(ns|us|µs|ms|s|m|h)', s)
        if not m or m.group(1) in ("", "."):
            raise Unsupported("time.ParseDuration(%r) fails in Go" % orig)
        total += float(m.group(1)) * dict(UNITS)[m.group(2)]
        s = s[m.end():]
    return -int(round(total)) if neg else int(round(total))


def format_duration(ns):
    """time.Duration.String()."""
    if ns == 0:
        return "0s"
    neg = ns < 0
    u = abs(ns)
    if u < 10**9:
        for unit, size in (("ms", 10**6), ("µs", 10**3), ("ns", 1)):
            if u >= size:
                out = fmt_frac(u, size) + unit
                break
    else:
        h, rem = divmod(u, 3600 * 10**9)
        m, rem = divmod(rem, 60 * 10**9)
        out = ""
        if h:
            out += "%dh" % h
        if h or m:
            out += "%dm" % m
        out += fmt_frac(rem, 10**9) + "s"
    return ("-" if neg else "") + out


def fmt_frac(v, size):
    whole, frac = divmod(v, size)
    if not frac:
        return str(whole)
    digits = len(str(size)) - 1
    return ("%d.%0*d" % (whole, digits, frac)).rstrip("0")


def go_sprintf(fmt, args):
    out, ai, i = [], 0, 0
    while i < len(fmt):
        c = fmt[i]
        if c != "%":
            out.append(c)
            i += 1
            continue
        m = re.match(r'%([-+# 0]*)(\d*)(?:\.(\d+))?([vsdqfT%])', fmt[i:])
        if not m:
            raise Unsupported("fmt verb in %r" % fmt)
        verb = m.group(4)
        i += m.end()
        if verb == "%":
            out.append("%")
            continue
        a = args[ai]
        ai += 1
        a = scalar(a)
        if verb == "q":
            out.append(json.dumps(a))
        elif verb == "d":
            out.append(str(int(a)))
        elif verb == "f":
            out.append(("%." + (m.group(3) or "6") + "f") % a)
        else:
            out.append(go_str(a))
    return "".join(out)


def scalar(v):
    if isinstance(v, Ptr):
        return v.v
    if isinstance(v, Quantity):
        return v.s
    if isinstance(v, Nillable):
        return v.s
    return v


def go_str(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, Duration):
        return format_duration(v.ns)
    return str(v)


# ---------------------------------------------------------------- environment

class Env:
    def __init__(self, parent=None):
        self.vars, self.parent = {}, parent

    def lookup(self, name):
        e = self
        while e is not None:
            if name in e.vars:
                return e
            e = e.parent
        return None

    def get(self, name):
        e = self.lookup(name)
        if e is None:
            raise KeyError(name)
        return e.vars[name]

    def set(self, name, v):
        e = self.lookup(name)
        if e is None:
            raise Unsupported("assignment to undeclared %s" % name)
        e.vars[name] = v

    def define(self, name, v):
        if name != "_":
            self.vars[name] = v


# ---------------------------------------------------------------- Ginkgo tree

class Node:
    def __init__(self, kind, name, parent, line):
        self.kind, self.name, self.parent, self.line = kind, name, parent, line
        self.children = []   # Node
        self.before = []     # Closure (BeforeEach)
        self.body = None     # Closure for It
        self.entry_args = None

    def path(self):
        names = []
        n = self
        while n is not None and n.kind != "root":
            names.append(n.name)
            n = n.parent
        return " / ".join(reversed(names))


KINDS = {  # type name -> (apiVersion, kind, short name prefix)
    "NodePool": ("karpenter.sh/v1", "NodePool"),
    "NodeClaim": ("karpenter.sh/v1", "NodeClaim"),
    "EC2NodeClass": ("karpenter.k8s.aws/v1", "EC2NodeClass"),
    "NodeOverlay": ("karpenter.sh/v1alpha1", "NodeOverlay"),
}

K8S_CORE = {
    "LabelTopologyZone": "topology.kubernetes.io/zone",
    "LabelTopologyRegion": "topology.kubernetes.io/region",
    "LabelInstanceTypeStable": "node.kubernetes.io/instance-type",
    "LabelArchStable": "kubernetes.io/arch",
    "LabelOSStable": "kubernetes.io/os",
    "LabelHostname": "kubernetes.io/hostname",
    "LabelWindowsBuild": "node.kubernetes.io/windows-build",
    "LabelFailureDomainBetaZone": "failure-domain.beta.kubernetes.io/zone",
    "LabelFailureDomainBetaRegion": "failure-domain.beta.kubernetes.io/region",
    "LabelInstanceType": "beta.kubernetes.io/instance-type",
    "NodeSelectorOpIn": "In", "NodeSelectorOpNotIn": "NotIn", "NodeSelectorOpExists": "Exists",
    "NodeSelectorOpDoesNotExist": "DoesNotExist", "NodeSelectorOpGt": "Gt", "NodeSelectorOpLt": "Lt",
    "TaintEffectNoSchedule": "NoSchedule", "TaintEffectPreferNoSchedule": "PreferNoSchedule",
    "TaintEffectNoExecute": "NoExecute",
    "ResourceCPU": "cpu", "ResourceMemory": "memory", "ResourcePods": "pods",
    "ResourceEphemeralStorage": "ephemeral-storage", "ResourceStorage": "storage",
    "NamespaceDefault": "default",
}


class Interp:
    def __init__(self, types, packages):
        self.types = types
        self.packages = packages  # import path -> Namespace (consts, types)
        self.cases = []
        self.skips = []
        self.current = None       # the spec being run: (file, path)
        self.existing = set()     # names created and not deleted in this spec

    # ---- building the tree from a test file

    def load_file(self, fname, src, root_env, root):
        p = Parser(lex(src))
        p.expect("package")
        p.next()
        p.skip_semis()
        imports, dots = parse_imports(p)
        fenv = Env(root_env)
        for name, path in imports.items():
            fenv.define(name, self.package(path))
        fenv.dots = [self.package(path) for path in dots]
        self.file = fname
        # top-level declarations: only `var _ = Describe(...)` and simple vars matter
        while not p.at("eof", None) and p.peek().kind != "eof":
            p.skip_semis()
            if p.peek().kind == "eof":
                break
            if p.at("var"):
                st = p.parse_stmt()
                if st[3] is not None:
                    try:
                        self.tree_stack = [root]
                        v = self.eval(st[3], fenv)
                        for n in st[1]:
                            fenv.define(n, v)
                    except Unsupported as e:
                        self.skips.append((fname, "top-level var at line %d" % st[4], str(e)))
                else:
                    for n in st[1]:
                        fenv.define(n, None)
            elif p.at("func"):
                p.next()
                if p.at("("):
                    raise Unsupported("method declarations in test files")
                fname_ = p.next().val
                params, variadic = p.parse_params()
                p.parse_results()
                body = p.parse_block()
                fenv.define(fname_, Closure(params, variadic, body, fenv, self))
            elif p.at("type") or p.at("const"):
                # skip to the end of the declaration
                p.next()
                depth = 0
                while True:
                    tk = p.next()
                    if tk.val in ("(", "{"):
                        depth += 1
                    elif tk.val in (")", "}"):
                        depth -= 1
                    elif tk.val == ";" and depth == 0:
                        break
            else:
                raise Unsupported("top level: %r at line %d" % (p.peek().val, p.peek().line))

    # ---- packages

    def package(self, path):
        if path in self.packages:
            return self.packages[path]
        return Namespace(path, {})

    # ---- evaluation

    def lookup_name(self, name, env, line):
        e = env.lookup(name)
        if e is not None:
            return e.vars[name]
        fe = env
        while fe is not None and not hasattr(fe, "dots"):
            fe = fe.parent
        if fe is not None:
            for ns in fe.dots:
                if name in ns.members:
                    return ns.members[name]
        if name in BUILTINS:
            return BUILTINS[name]
        if name in self.types.structs or name in self.types.aliases:
            return ("typename", name)
        raise Unsupported("unknown name %s at line %d" % (name, line))

    def eval(self, e, env):
        k = e[0]
        if k == "lit":
            return e[1]
        if k == "name":
            if e[1] == "nil":
                return None
            if e[1] in ("true", "false"):
                return e[1] == "true"
            return self.lookup_name(e[1], env, e[2])
        if k == "paren":
            return self.eval(e[1], env)
        if k == "sel":
            base = self.eval(e[1], env)
            return self.select(base, e[2], e[3])
        if k == "call":
            return self.call(e, env)
        if k == "complit":
            return self.complit(e[1], e[2], env, e[3])
        if k == "unary":
            v = self.eval(e[2], env)
            if e[1] == "&":
                if isinstance(v, (Struct, Unstructured)):
                    return v
                return Ptr(v)
            if e[1] == "*":
                return v.v if isinstance(v, Ptr) else v
            if e[1] == "-":
                v = scalar(v)
                return -v
            if e[1] == "!":
                return not truthy(v)
            return v
        if k == "bin":
            op = e[1]
            if op == "&&":
                return truthy(self.eval(e[2], env)) and truthy(self.eval(e[3], env))
            if op == "||":
                return truthy(self.eval(e[2], env)) or truthy(self.eval(e[3], env))
            a, b = scalar(self.eval(e[2], env)), scalar(self.eval(e[3], env))
            if op == "+":
                return a + b
            if op == "-":
                return a - b
            if op == "*":
                if isinstance(a, Duration) or isinstance(b, Duration):
                    return Duration((a.ns if isinstance(a, Duration) else a) *
                                    (b.ns if isinstance(b, Duration) else b))
                return a * b
            if op == "/":
                return a // b if isinstance(a, int) and isinstance(b, int) else a / b
            if op == "%":
                return a % b
            if op == "==":
                return a == b
            if op == "!=":
                return a != b
            if op == "<":
                return a < b
            if op == ">":
                return a > b
            if op == "<=":
                return a <= b
            if op == ">=":
                return a >= b
            raise Unsupported("operator %s" % op)
        if k == "func":
            return Closure(e[1], e[2], e[3], env, self)
        if k == "index":
            base = self.eval(e[1], env)
            if isinstance(base, Builtin):  # generic instantiation such as lo.ToPtr[int32]
                return base
            if isinstance(base, tuple) and base[0] == "typename":
                return base
            idx = scalar(self.eval(e[2], env))
            if isinstance(base, Ptr):
                base = base.v
            try:
                return base[idx]
            except (KeyError, IndexError, TypeError):
                raise Unsupported("index %r of %r" % (idx, type(base).__name__))
        if k == "slice":
            base = self.eval(e[1], env)
            lo_ = scalar(self.eval(e[2], env)) if e[2] else None
            hi = scalar(self.eval(e[3], env)) if e[3] else None
            return base[lo_:hi]
        if k == "type":
            return ("typename", e[1])
        if k == "assert":
            return self.eval(e[1], env)
        raise Unsupported("expression %s" % k)

    def select(self, base, name, line):
        if isinstance(base, Expectation):  # Expect(x).To(...)
            if name in ("To", "Should", "ToNot", "NotTo", "ShouldNot"):
                return base.builtin(name)
            raise Unsupported("Expect(...).%s" % name)
        if isinstance(base, Namespace):
            if name == "DefaultUnstructuredConverter":
                return Namespace("runtime.DefaultUnstructuredConverter", {
                    "ToUnstructured": Builtin("ToUnstructured", lambda o: (to_unstructured(self, o), None)),
                    "FromUnstructured": Builtin("FromUnstructured", from_unstructured)})
            if name in base.members:
                return base.members[name]
            if base.name in NAMESPACE_BUILTINS and name in NAMESPACE_BUILTINS[base.name]:
                return NAMESPACE_BUILTINS[base.name][name]
            raise Unsupported("%s.%s is not modelled" % (base.name.split("/")[-1], name))
        if isinstance(base, Ptr):
            base = base.v
        if isinstance(base, Struct):
            if name in base.f:
                return base.f[name]
            fd = self.find_field(base.typ, name)
            if fd is not None:
                owner, f = fd
                # a field read before it is written: its zero value, kept so that writes through
                # it (nc.Spec.Kubelet.MaxPods = ...) land in the object
                holder = self.field_holder(base, name)
                z = self.zero(f.typ)
                holder.f[name] = z
                return z
            meth = METHODS.get(name)
            if meth:
                return Builtin(name, lambda *a, _b=base, _m=meth: _m(self, _b, *a))
            raise Unsupported("field %s.%s at line %d" % (base.typ, name, line))
        if isinstance(base, Unstructured):
            meth = METHODS.get(name)
            if meth:
                return Builtin(name, lambda *a, _b=base, _m=meth: _m(self, _b, *a))
        if isinstance(base, GoSet) and name in SET_METHODS:
            return Builtin(name, lambda *a, _b=base: SET_METHODS[name](_b, *a))
        if isinstance(base, Duration) and name == "Duration":
            return base
        if isinstance(base, tuple) and base[0] == "gvk":
            return base[1][name]
        if isinstance(base, Quantity) and name == "String":
            return Builtin("String", lambda: base.s)
        if isinstance(base, str) and name == "String":
            return Builtin("String", lambda: base)
        if base is None:
            raise Unsupported("nil dereference (.%s) at line %d" % (name, line))
        raise Unsupported("selector .%s on %s at line %d" % (name, type(base).__name__, line))

    def find_field(self, typ, name):
        for f in self.types.structs.get(typ, []):
            if f.go == name:
                return (typ, f)
        for f in self.types.structs.get(typ, []):
            if f.embedded:
                r = self.find_field(self.types.resolve(f.typ).lstrip("*"), name)
                if r:
                    return r
        return None

    def field_holder(self, st, name):
        """The struct that holds field name: st itself or a promoted embedded struct."""
        for f in self.types.structs.get(st.typ, []):
            if f.go == name:
                return st
        for f in self.types.structs.get(st.typ, []):
            if f.embedded:
                inner_t = self.types.resolve(f.typ).lstrip("*")
                if self.find_field(inner_t, name):
                    inner = st.f.get(f.go)
                    if not isinstance(inner, Struct):
                        inner = Struct(inner_t)
                        st.f[f.go] = inner
                    return self.field_holder(inner, name)
        return st

    def zero(self, typ):
        t = self.types.resolve(typ)
        if t.startswith("*") or t.startswith("[]") or t.startswith("map["):
            return None
        if t in ("string",):
            return ""
        if t in ("int", "int32", "int64", "float64", "uint8", "uint16", "uint32", "uint64"):
            return 0
        if t == "bool":
            return False
        if t == "NillableDuration":
            return Nillable(None)
        if t == "Duration":
            return Duration(0)
        if t == "Quantity":
            return Quantity("0")
        if t in self.types.structs:
            return Struct(t)
        return None

    def assign_field(self, st, name, v, line):
        if isinstance(st, Ptr):
            st = st.v
        if not isinstance(st, Struct):
            raise Unsupported("assignment to .%s of %s at line %d" % (name, type(st).__name__, line))
        if self.find_field(st.typ, name) is None:
            raise Unsupported("no field %s.%s at line %d" % (st.typ, name, line))
        self.field_holder(st, name).f[name] = v

    def complit(self, typ, elems, env, line):
        if typ is None:
            raise Unsupported("untyped composite literal at line %d" % line)
        if isinstance(typ, tuple):
            typ = typ[1]
        t = self.types.resolve(typ)
        if t.startswith("[]"):
            et = t[2:]
            out = []
            for k, v in elems:
                out.append(self.elem(et, v, env, line))
            return out
        if t.startswith("map["):
            vt = t[t.index("]") + 1:]
            kt = t[4:t.index("]")]
            out = {}
            for k, v in elems:
                out[scalar(self.elem(kt, k, env, line))] = self.elem(vt, v, env, line)
            return out
        if t.startswith("*"):
            return self.complit(t[1:], elems, env, line)
        if t in ("Duration",):
            for k, v in elems:
                if k and k[0] == "name" and k[1] == "Duration":
                    d = self.eval(v, env)
                    return d if isinstance(d, Duration) else Duration(d)
            return Duration(0)
        if t in ("Unstructured",):
            return Unstructured()
        if t == "Quantity" and not elems:
            return Quantity("0")
        if t in self.types.structs:
            st = Struct(t)
            for k, v in elems:
                if k is None:
                    raise Unsupported("positional struct literal %s at line %d" % (t, line))
                fname = k[1]
                fd = self.find_field(t, fname)
                if fd is None:
                    raise Unsupported("no field %s.%s at line %d" % (t, fname, line))
                val = self.elem(fd[1].typ, v, env, line)
                self.field_holder(st, fname).f[fname] = val
            return st
        if t in ("any", "interface{}"):
            raise Unsupported("[]any literal at line %d" % line)
        raise Unsupported("composite literal of type %s at line %d" % (typ, line))

    def elem(self, typ, e, env, line):
        if e[0] == "complit" and e[1] is None:
            t = self.types.resolve(typ)
            return self.complit(t.lstrip("*") if t.startswith("*") and not t.startswith("*[]") else t,
                                e[2], env, line)
        v = self.eval(e, env)
        return convert_to(self.types.resolve(typ), v)

    def call(self, e, env):
        _, fe, args, spread, line = e
        # conversions T(x)
        f = self.eval(fe, env)
        if isinstance(f, tuple) and f[0] == "typename":
            v = self.eval(args[0], env)
            return convert_to(self.types.resolve(f[1]), v)
        vals = []
        for i, a in enumerate(args):
            v = self.eval(a, env)
            if spread and i == len(args) - 1:
                vals.extend(v.items if isinstance(v, GoSet) else (v or []))
            else:
                vals.append(v)
        if isinstance(f, Builtin):
            return f.fn(*vals)
        if isinstance(f, Closure):
            return self.invoke(f, vals)
        if isinstance(f, GinkgoFn):
            return f.fn(self, env, vals, args, line)
        raise Unsupported("call of %s at line %d" % (type(f).__name__, line))

    def invoke(self, clo, vals):
        fenv = Env(clo.env)
        params = clo.params
        if clo.variadic:
            fixed = params[:-1]
            for n, v in zip(fixed, vals):
                fenv.define(n, v)
            fenv.define(params[-1], vals[len(fixed):])
        else:
            if len(vals) != len(params):
                raise Unsupported("call with %d args to a func of %d params" % (len(vals), len(params)))
            for n, v in zip(params, vals):
                fenv.define(n, v)
        try:
            self.exec_block(clo.body, fenv)
        except Return as r:
            return r.value
        return None

    def exec_block(self, block, env):
        benv = Env(env)
        for st in block[1]:
            self.exec(st, benv)

    def exec(self, st, env):
        k = st[0]
        if k == "expr":
            self.eval(st[1], env)
        elif k == "assign":
            _, lhs, op, rhs, line = st
            if len(rhs) == 1 and len(lhs) > 1:
                v = self.eval(rhs[0], env)
                if not isinstance(v, tuple):
                    raise Unsupported("multi-value assignment at line %d" % line)
                vals = list(v)
            else:
                vals = [self.eval(r, env) for r in rhs]
            for l, v in zip(lhs, vals):
                if op == ":=":
                    if l[0] != "name":
                        raise Unsupported(":= to non-name at line %d" % line)
                    env.define(l[1], v)
                else:
                    self.store(l, v, env, line)
        elif k == "opassign":
            _, l, op, r, line = st
            cur = scalar(self.eval(l, env))
            rv = scalar(self.eval(r, env))
            self.store(l, cur + rv if op == "+" else cur - rv, env, line)
        elif k == "var":
            _, names, typ, val, line = st
            v = self.eval(val, env) if val is not None else (self.zero(typ) if typ else None)
            for n in names:
                env.define(n, v)
        elif k == "if":
            _, init, cond, body, els, line = st
            ienv = Env(env)
            if init:
                self.exec(init, ienv)
            if truthy(self.eval(cond, ienv)):
                self.exec_block(body, ienv)
            elif els is not None:
                if els[0] == "block":
                    self.exec_block(els, ienv)
                else:
                    self.exec(els, ienv)
        elif k == "for":
            _, rng, body, line = st
            _, lhs, op, coll, _ = rng
            c = self.eval(coll, env)
            if isinstance(c, Ptr):
                c = c.v
            if isinstance(c, GoSet):
                # a Go map ranges in random order: sorted here, each round is its own case
                c = {x: None for x in sorted(c.items)}
            if isinstance(c, int):
                pairs = [(i, i) for i in range(c)]
            elif isinstance(c, dict):
                pairs = list(c.items())
            elif isinstance(c, (list, str)):
                pairs = list(enumerate(c))
            elif c is None:
                pairs = []
            else:
                raise Unsupported("range over %s at line %d" % (type(c).__name__, line))
            for a, b in pairs:
                lenv = Env(env)
                if lhs:
                    if op == ":=":
                        lenv.define(lhs[0][1], a)
                        if len(lhs) > 1:
                            lenv.define(lhs[1][1], b)
                    else:
                        self.store(lhs[0], a, env, line)
                        if len(lhs) > 1:
                            self.store(lhs[1], b, env, line)
                try:
                    self.exec_block(body, lenv)
                except Continue:
                    continue
                except Break:
                    break
        elif k == "for3":
            _, init, cond, post, body, line = st
            lenv = Env(env)
            self.exec(init, lenv)
            n = 0
            while truthy(self.eval(cond, lenv)):
                n += 1
                if n > 10000:
                    raise Unsupported("loop of more than 10000 rounds at line %d" % line)
                try:
                    self.exec_block(body, lenv)
                except Continue:
                    pass
                except Break:
                    break
                self.exec(post, lenv)
        elif k == "return":
            if st[1] is None:
                raise Return(None)
            vals = [self.eval(v, env) for v in st[1]]
            raise Return(vals[0] if len(vals) == 1 else tuple(vals))
        elif k == "continue":
            raise Continue()
        elif k == "break":
            raise Break()
        elif k == "block":
            self.exec_block(st, env)
        elif k == "range":
            raise Unsupported("range outside for")
        else:
            raise Unsupported("statement %s" % k)

    def store(self, l, v, env, line):
        if l[0] == "name":
            if l[1] == "_":
                return
            env.set(l[1], v)
        elif l[0] == "sel":
            base = self.eval(l[1], env)
            if isinstance(base, Namespace):  # a package variable (init code)
                base.members[l[2]] = v
                return
            self.assign_field(base, l[2], v, line)
        elif l[0] == "index":
            base = self.eval(l[1], env)
            if isinstance(base, Ptr):
                base = base.v
            idx = scalar(self.eval(l[2], env))
            if base is None:
                raise Unsupported("assignment to entry in nil map at line %d" % line)
            base[idx] = v
        elif l[0] == "unary" and l[1] == "*":
            p = self.eval(l[2], env)
            if isinstance(p, Ptr):
                p.v = v
            else:
                raise Unsupported("store through %s at line %d" % (type(p).__name__, line))
        else:
            raise Unsupported("assignment target %s at line %d" % (l[0], line))

    # ---- the cases

    def record(self, res, accept, line):
        """One case from a checked Create, or a skip when the Create was not convertible."""
        fname, path, _ = self.current
        if res.manifest is None or res.reason:
            self.skips.append((fname, path, "Create at line %d: %s" % (line, res.reason)))
            return
        self.spec_cases += 1
        self.cases.append({"file": fname, "spec": path, "line": line, "expect": "accepted" if accept else "rejected",
                           "manifest": copy.deepcopy(res.manifest), "obj": res.obj, "spec_id": id(self.current)})

    def note_runtime(self, obj, accept):
        """RuntimeValidate's expected verdict, onto the case of this spec that sent obj as it is now."""
        if not self.cases or self.cases[-1]["spec_id"] != id(self.current) or self.cases[-1]["obj"] is not obj:
            return False
        c = self.cases[-1]
        try:
            if self.manifest(obj) != c["manifest"] or "controller" in c:
                return False
        except Unsupported:
            return False
        c["controller"] = "accepted" if accept else "rejected"
        return True

    # ---- serialisation, the way encoding/json marshals the typed object

    def to_json(self, v, typ):
        t = self.types.resolve(typ) if typ else None
        if isinstance(v, Ptr):
            return self.to_json(v.v, t.lstrip("*") if t else None)
        if isinstance(v, Struct):
            return self.struct_json(v)
        if isinstance(v, Duration):
            return format_duration(v.ns)
        if isinstance(v, Nillable):
            return v.s if v.s is not None else "Never"
        if isinstance(v, Quantity):
            return v.s
        if isinstance(v, list):
            et = t[2:] if t and t.startswith("[]") else None
            return [self.to_json(x, et) for x in v]
        if isinstance(v, dict):
            vt = t[t.index("]") + 1:] if t and t.startswith("map[") else None
            return {str(scalar(k)): self.to_json(x, vt) for k, x in v.items()}
        if isinstance(v, (str, int, float, bool)) or v is None:
            return v
        raise Unsupported("cannot serialise %s" % type(v).__name__)

    def struct_json(self, st):
        out = {}
        for f in self.types.structs.get(st.typ, []):
            if f.inline and f.json is None:
                inner = st.f.get(f.go)
                if isinstance(inner, Struct):
                    out.update(self.struct_json(inner))
                continue
            if f.go in ("TypeMeta", "Status"):
                continue
            if f.go in st.f:
                v = st.f[f.go]
            else:
                v = self.zero(f.typ)
            if f.omitempty and is_empty(v):
                continue
            j = self.to_json(v, f.typ)
            if j is None:
                continue  # null: the API server drops it for these schemas
            if f.inline:
                out.update(j)
            else:
                out[f.json] = j
        return out

    def manifest(self, obj):
        if isinstance(obj, Unstructured):
            m = copy.deepcopy(obj.obj)
            m.pop("status", None)
            return m
        if not isinstance(obj, Struct) or obj.typ not in KINDS:
            raise Unsupported("Create of %s" % getattr(obj, "typ", type(obj).__name__))
        api, kind = KINDS[obj.typ]
        body = self.struct_json(obj)
        m = {"apiVersion": api, "kind": kind}
        m.update(body)
        m.pop("status", None)
        return m


def truthy(v):
    v = scalar(v)
    return bool(v)


def is_empty(v):
    """encoding/json's omitempty: false, 0, "", nil pointer/slice/map, empty slice/map/string."""
    if v is None:
        return True
    if isinstance(v, Ptr):
        return False
    if isinstance(v, (Struct, Duration, Quantity, Nillable)):
        # structs are never empty; Quantity and Duration are structs too.  metav1.Duration
        # marshals through its own method: still not omitted
        return False
    if isinstance(v, bool):
        return v is False
    if isinstance(v, (int, float)):
        return v == 0
    if isinstance(v, (str, list, dict)):
        return len(v) == 0
    return False


def convert_to(t, v):
    """The value v as Go type t: quantities, durations and pointers keep their own form."""
    if t is None:
        return v
    if t.startswith("*") and not isinstance(v, (Ptr, Struct)) and v is not None:
        return Ptr(v)
    if t in ("Quantity",) and isinstance(v, str):
        return Quantity(v)
    if t in ("int32", "int64", "int", "float64") and isinstance(v, (int, float)):
        return int(v) if t != "float64" else float(v)
    return v


# ---------------------------------------------------------------- builtins

def lo_must(*a):
    # lo.Must(f()) gets f's (value, error) pair
    return a[0][0] if len(a) == 1 and isinstance(a[0], tuple) else a[0]


def lo_map(coll, fn):
    return [fn.interp.invoke(fn, [x, i]) for i, x in enumerate(coll)]


def lo_filtermap(coll, fn):
    out = []
    for i, x in enumerate(coll):
        r = fn.interp.invoke(fn, [x, i])
        if r[1]:
            out.append(r[0])
    return out


def lo_filter(coll, fn, keep=True):
    return [x for i, x in enumerate(coll) if truthy(fn.interp.invoke(fn, [x, i])) == keep]


def lo_keys(m):
    return list(m.keys())


def new_value(v):
    return v if isinstance(v, Struct) else Ptr(v)


def must_parse_nillable(s):
    if s != "Never":
        parse_duration(s)
    return Nillable(s)


def randomdata_alnum(n):
    base = "q7x2k9m4p1z8w3r6"
    return (base * (n // len(base) + 1))[:n]


class NameGen:
    def __init__(self):
        self.n = 0

    def __call__(self, *a):
        self.n += 1
        return "upstream-cel-%d" % self.n


NAMEGEN = NameGen()


def object_meta(meta=None):
    st = meta if isinstance(meta, Struct) else Struct("ObjectMeta")
    if not st.f.get("Name"):
        st.f["Name"] = NAMEGEN()
    return st


def gvk_of(obj):
    if isinstance(obj, Struct) and obj.typ in KINDS:
        api, kind = KINDS[obj.typ]
        return ("gvk", {"Kind": kind, "Group": api.split("/")[0], "Version": api.split("/")[1]})
    if isinstance(obj, Struct) and obj.typ == "TestNodeClass":
        return ("gvk", {"Kind": "TestNodeClass", "Group": "karpenter.test.sh", "Version": "v1alpha1"})
    raise Unsupported("GVK of %s" % getattr(obj, "typ", type(obj).__name__))


def set_nested(u, value, *path):
    cur = u
    for p in path[:-1]:
        cur = cur.setdefault(p, {})
    cur[path[-1]] = value
    return None


def to_unstructured(interp, obj):
    return interp.manifest(obj)


def from_unstructured(u, obj):
    if isinstance(obj, Unstructured):
        obj.obj = copy.deepcopy(u)
        return None
    raise Unsupported("FromUnstructured into a typed object")


BUILTINS = {
    "new": Builtin("new", new_value),
    "len": Builtin("len", lambda v: len(v or [])),
    "append": Builtin("append", lambda s, *v: (s or []) + list(v)),
    "string": ("typename", "string"),
    "int": ("typename", "int"), "int32": ("typename", "int32"), "int64": ("typename", "int64"),
    "float64": ("typename", "float64"), "any": ("typename", "any"),
    "Entry": Builtin("Entry", lambda desc, *args: EntryV(desc, [a for a in args if not isinstance(a, Decorator)])),
    "Label": Builtin("Label", lambda *a: Decorator()),
    "Succeed": Builtin("Succeed", lambda: ("matcher", True)),
    "HaveOccurred": Builtin("HaveOccurred", lambda: ("matcher", "err")),
    "Not": Builtin("Not", lambda m: ("not", m)),
    "MatchError": Builtin("MatchError", lambda *a: ("matcher", False)),
    "ContainSubstring": Builtin("ContainSubstring", lambda *a: None),
    "BeNil": Builtin("BeNil", lambda: ("matcher", "nil")),
    "Skip": Builtin("Skip", lambda *a: None),
    "MustParseNillableDuration": Builtin("MustParseNillableDuration", must_parse_nillable),
}

NAMESPACE_BUILTINS = {
    "github.com/samber/lo": {
        "Must": Builtin("lo.Must", lo_must), "Must0": Builtin("lo.Must0", lambda *a: None),
        "ToPtr": Builtin("lo.ToPtr", new_value), "Map": Builtin("lo.Map", lo_map),
        "FilterMap": Builtin("lo.FilterMap", lo_filtermap),
        "Filter": Builtin("lo.Filter", lo_filter),
        "Reject": Builtin("lo.Reject", lambda c, f: lo_filter(c, f, False)),
        "Keys": Builtin("lo.Keys", lo_keys),
    },
    "fmt": {"Sprintf": Builtin("fmt.Sprintf", lambda f, *a: go_sprintf(f, a))},
    "strings": {"ToLower": Builtin("strings.ToLower", lambda s: s.lower()),
                "ToUpper": Builtin("strings.ToUpper", lambda s: s.upper()),
                "Repeat": Builtin("strings.Repeat", lambda s, n: s * n),
                "Join": Builtin("strings.Join", lambda l, sep: sep.join(l))},
    "strconv": {"Itoa": Builtin("strconv.Itoa", lambda n: str(n))},
    "time": {"ParseDuration": Builtin("time.ParseDuration", lambda s: (Duration(parse_duration(s)), None)),
             "Second": Duration(10**9), "Minute": Duration(60 * 10**9), "Hour": Duration(3600 * 10**9),
             "Duration": ("typename", "Duration")},
    "k8s.io/apimachinery/pkg/api/resource": {
        "MustParse": Builtin("resource.MustParse", lambda s: Quantity(s)),
        "NewScaledQuantity": Builtin("resource.NewScaledQuantity", lambda v, sc: Quantity(scaled(v, sc))),
        "Quantity": ("typename", "Quantity"),
        "Milli": -3, "Kilo": 3, "Mega": 6, "Giga": 9, "Tera": 12, "Peta": 15},
    "k8s.io/apimachinery/pkg/apis/meta/v1": {
        "ObjectMeta": ("typename", "ObjectMeta"), "Duration": ("typename", "Duration")},
    "sigs.k8s.io/karpenter/pkg/test": {
        "RandomName": Builtin("test.RandomName", NAMEGEN),
        "ReplaceRequirements": Builtin("test.ReplaceRequirements", lambda np, *reqs: replace_requirements(np, reqs)),
        "ObjectMeta": Builtin("test.ObjectMeta", object_meta)},
    "github.com/Pallinder/go-randomdata": {
        "SillyName": Builtin("randomdata.SillyName", lambda: "Sillyname"),
        "Alphanumeric": Builtin("randomdata.Alphanumeric", randomdata_alnum)},
    "github.com/aws/aws-sdk-go-v2/aws": {
        "String": Builtin("aws.String", new_value), "Int32": Builtin("aws.Int32", new_value),
        "Int64": Builtin("aws.Int64", new_value), "Bool": Builtin("aws.Bool", new_value)},
    "github.com/awslabs/operatorpkg/object": {"GVK": Builtin("object.GVK", gvk_of)},
    "k8s.io/apimachinery/pkg/apis/meta/v1/unstructured": {
        "SetNestedField": Builtin("unstructured.SetNestedField", set_nested),
        "Unstructured": ("typename", "Unstructured")},
    "k8s.io/apimachinery/pkg/runtime": {"DefaultUnstructuredConverter": None},
    "github.com/imdario/mergo": {"Merge": Builtin("mergo.Merge", lambda d, s_, *o: mergo_merge(d, s_))},
    "github.com/aws/aws-sdk-go-v2/service/ec2/types": {
        "NetworkInterfaceTypeInterface": "interface", "NetworkInterfaceTypeEfaOnly": "efa-only",
        "NetworkInterfaceTypeEfa": "efa", "TenancyDedicated": "dedicated", "TenancyDefault": "default"},
    "k8s.io/apimachinery/pkg/util/sets": {
        "New": Builtin("sets.New", lambda *a: GoSet(a)),
        "NewString": Builtin("sets.NewString", lambda *a: GoSet(a))},
}

def scaled(v, scale):
    """resource.NewScaledQuantity's canonical string for the decimal SI scales."""
    suffix = {-3: "m", 0: "", 3: "k", 6: "M", 9: "G", 12: "T", 15: "P", 18: "E"}.get(scale)
    if suffix is None:
        raise Unsupported("resource scale %r" % scale)
    return "%d%s" % (v, suffix)


def mergo_merge(dst, src):
    """mergo.Merge without options: src's fields fill dst's zero fields."""
    if not isinstance(dst, Struct) or not isinstance(src, Struct):
        raise Unsupported("mergo.Merge of non-structs")
    for k, v in src.f.items():
        if is_empty(dst.f.get(k)):
            dst.f[k] = copy.deepcopy(v)
    return None


def replace_requirements(np, reqs):
    """sigs.k8s.io/karpenter/pkg/test.ReplaceRequirements: drop the requirements on the keys
    given, then append the new ones."""
    spec = np.f["Spec"].f["Template"].f["Spec"]
    keys = {r.f.get("Key") or r.f.get("NodeSelectorRequirement", Struct("")).f.get("Key") for r in reqs}
    cur = spec.f.get("Requirements") or []
    spec.f["Requirements"] = [r for r in cur if (r.f.get("Key") or r.f.get(
        "NodeSelectorRequirement", Struct("")).f.get("Key")) not in keys] + list(reqs)
    return np


def set_insert(s, items):
    """sets.Set.Insert adds in place and returns the set."""
    for x in items:
        if x not in s.items:
            s.items.append(x)
    return s


SET_METHODS = {
    "Difference": lambda s, o: GoSet([x for x in s.items if x not in o.items]),
    "UnsortedList": lambda s: list(s.items),
    "Has": lambda s, x: x in s.items,
    "Insert": lambda s, *x: set_insert(s, x),
}


def m_deepcopy(interp, obj):
    c = copy.deepcopy(obj)
    return c


def m_setgvk(interp, obj, *a):
    return None


def m_gvk(interp, obj):
    return gvk_of(obj) if isinstance(obj, Struct) else None


METHODS = {
    "DeepCopy": m_deepcopy,
    "SetGroupVersionKind": m_setgvk,
    "GroupVersionKind": m_gvk,
    "RuntimeValidate": lambda interp, obj, *a: Opaque("RuntimeValidate", obj),
}


class GinkgoFn:
    def __init__(self, fn):
        self.fn = fn


# ---------------------------------------------------------------- ginkgo: building and running

def g_container(kind):
    def fn(interp, env, vals, args, line):
        name = vals[0] if vals and isinstance(vals[0], str) else kind
        body = next((v for v in vals if isinstance(v, Closure)), None)
        parent = interp.tree_stack[-1]
        node = Node(kind, name, parent, line)
        parent.children.append(node)
        if kind == "It":
            node.body = body
            return None
        interp.tree_stack.append(node)
        try:
            if body is not None:
                interp.invoke(body, [])
        except Unsupported as e:
            interp.skips.append((interp.file, node.path(), "container: " + str(e)))
        finally:
            interp.tree_stack.pop()
        return None
    return GinkgoFn(fn)


def g_before(interp, env, vals, args, line):
    interp.tree_stack[-1].before.append(vals[0])


def g_ignore(interp, env, vals, args, line):
    return None


def g_table(interp, env, vals, args, line):
    name = vals[0]
    rest = vals[1:]
    fn = next((v for v in rest if isinstance(v, Closure)), None)
    parent = interp.tree_stack[-1]
    entries = [v for v in rest if isinstance(v, EntryV)]
    if fn is None:
        interp.skips.append((interp.file, name, "DescribeTable without a function"))
        return None
    for ent in entries:
        node = Node("It", "%s [%s]" % (name, ent.desc), parent, line)
        node.body = fn
        node.entry_args = ent.args
        parent.children.append(node)


def g_expect(interp, env, vals, args, line):
    return Expectation(interp, vals[0] if vals else None, line)


class Expectation:
    def __init__(self, interp, actual, line):
        self.interp, self.actual, self.line = interp, actual, line

    def _matcher(self, m, negate):
        while isinstance(m, tuple) and m[0] == "not":
            negate = not negate
            m = m[1]
        return m, negate

    def check(self, m, negate):
        m, negate = self._matcher(m, negate)
        a = self.actual
        if isinstance(a, CreateResult):
            if m != ("matcher", True) and m != ("matcher", False):
                raise Unsupported("Create checked with an unmodelled matcher at line %d" % self.line)
            accept = (m == ("matcher", True)) != negate
            self.interp.record(a, accept, self.line)
            if accept:
                a.obj.created = True
                self.interp.existing.add(name_of(a.manifest))
            return None
        if isinstance(a, Opaque) and a.what == "RuntimeValidate":
            # the controller's own verdict on the object the spec just sent: kept on that case
            # (`# controller:`) when the object has not changed since its Create
            accept = (m == ("matcher", True)) != negate
            if not self.interp.note_runtime(a.obj, accept):
                self.interp.opaque.append((self.interp.current, a.what))
            return None
        if isinstance(a, Opaque):
            self.interp.opaque.append((self.interp.current, a.what))
            if a.what.startswith("Update"):
                raise Unsupported("%s (needs the old object: transition rules) at line %d" % (a.what, self.line))
            return None
        if isinstance(a, DeleteResult):
            self.interp.existing.discard(a.name)
            return None
        return None  # expectations on plain values (mergo.Merge, len, ...) are not API-server checks

    def builtin(self, name):
        negate = name in ("ToNot", "NotTo", "ShouldNot")
        return Builtin(name, lambda m, *desc: self.check(m, negate))


class DeleteResult:
    def __init__(self, name):
        self.name = name


def name_of(m):
    return (m.get("kind"), (m.get("metadata") or {}).get("name"))


def make_env_client(interp):
    def create(ctx, obj):
        try:
            m = interp.manifest(obj)
        except Unsupported as e:
            return CreateResult(obj, None, str(e))
        reason = None
        if getattr(obj, "created", False):
            reason = "Create of an object that an earlier Create in the spec stored (resourceVersion set)"
        elif name_of(m) in interp.existing:
            reason = "Create of a name an earlier Create in the spec stored and did not delete"
        return CreateResult(obj, m, reason)

    def delete(ctx, obj):
        try:
            m = interp.manifest(obj)
        except Unsupported:
            return DeleteResult(None)
        if hasattr(obj, "created"):
            obj.created = False
        return DeleteResult(name_of(m))

    client = Namespace("env.Client", {
        "Create": Builtin("Create", create),
        "Delete": Builtin("Delete", delete),
        "Update": Builtin("Update", lambda *a: Opaque("Update")),
        "Patch": Builtin("Patch", lambda *a: Opaque("Update (Patch)")),
        "Get": Builtin("Get", lambda *a: Opaque("Get")),
        "Status": Builtin("Status", lambda *a: Opaque("Update (status)")),
    })
    return Namespace("env", {"Client": client,
                             "Version": Namespace("env.Version", {
                                 "Minor": Builtin("Minor", lambda: 99)})})


GINKGO = {
    "Describe": g_container("Describe"), "Context": g_container("Context"),
    "When": g_container("When"), "It": g_container("It"), "Specify": g_container("It"),
    "BeforeEach": GinkgoFn(g_before), "JustBeforeEach": GinkgoFn(g_before),
    "AfterEach": GinkgoFn(g_ignore), "BeforeSuite": GinkgoFn(g_ignore),
    "AfterSuite": GinkgoFn(g_ignore), "DescribeTable": GinkgoFn(g_table),
    "Expect": GinkgoFn(g_expect), "Eventually": GinkgoFn(g_expect),
}


def run_specs(interp, node, befores, out_order):
    for child in node.children:
        if child.kind == "It":
            out_order.append((child, befores + node.before))
        else:
            run_specs(interp, child, befores + node.before, out_order)


def run_one(interp, spec, befores, fname):
    interp.current = (fname, spec.path(), spec.line)
    interp.existing = set()
    interp.spec_cases = 0
    try:
        for b in befores:
            interp.invoke(b, [])
        if spec.body is None:
            raise Unsupported("It without a body")
        interp.invoke(spec.body, list(spec.entry_args or []))
    except Unsupported as e:
        interp.skips.append((fname, spec.path(), str(e) + (" (after %d converted cases)" % interp.spec_cases
                                                           if interp.spec_cases else "")))
    except (RecursionError, TypeError, KeyError, IndexError, AttributeError, ValueError) as e:
        # a gap in the interpreter, not a property of the spec: listed so that it is seen
        interp.skips.append((fname, spec.path(), "converter: %s: %s" % (type(e).__name__, e)))






# ---------------------------------------------------------------- packages from upstream source

def git_show(gitdir, ref, path):
    return subprocess.run(["git", "--git-dir", gitdir, "show", "%s:%s" % (ref, path)], check=True,
                          capture_output=True, text=True).stdout


def git_ls(gitdir, ref, path):
    out = subprocess.run(["git", "--git-dir", gitdir, "ls-tree", "--name-only", ref, path + "/"],
                         check=True, capture_output=True, text=True).stdout
    return [l for l in out.split("\n") if l.endswith(".go") and not l.endswith("_test.go")
            and "zz_generated" not in l]


def skip_decl(p):
    """Skip tokens up to the ';' that ends the current top-level declaration."""
    depth = 0
    while p.peek().kind != "eof":
        tk = p.next()
        if tk.kind == "op" and tk.val in ("(", "{", "["):
            depth += 1
        elif tk.kind == "op" and tk.val in (")", "}", "]"):
            depth -= 1
        elif tk.kind == "op" and tk.val == ";" and depth <= 0:
            return


def parse_imports(p):
    """The import declarations at p: {local name: import path} ('.' for dot imports, listed)."""
    imports, dots = {}, []
    while p.at("import"):
        p.next()
        specs = []
        if p.at("("):
            p.next()
            p.skip_semis()
            while not p.at(")"):
                alias = None
                if p.peek().kind == "ident" or p.at("."):
                    alias = p.next().val
                specs.append((alias, unquote(p.next())))
                p.skip_semis()
            p.expect(")")
        else:
            alias = None
            if p.peek().kind == "ident" or p.at("."):
                alias = p.next().val
            specs.append((alias, unquote(p.next())))
        p.skip_semis()
        for alias, path in specs:
            if alias == ".":
                dots.append(path)
                continue
            if alias == "_":
                continue
            parts = path.rstrip("/").split("/")
            name = alias or parts[-1]
            if alias is None and re.fullmatch(r'v[2-9][0-9]*', name) and len(parts) > 1:
                name = parts[-2]  # a major-version suffix: github.com/x/y/v2 is package y
            if alias is None and name.startswith("go-"):
                name = name[3:]  # github.com/Pallinder/go-randomdata is package randomdata
            imports[name] = path
    return imports, dots


def load_package(interp, ns, srcs):
    """Package-level constants and vars (evaluated with the same interpreter, in rounds until no
    more resolve: declaration order does not matter in Go) and the bodies of its init()
    functions, returned for the caller to run when the package would be linked in."""
    pending, inits = [], []
    for src in srcs:
        p = Parser(lex(src))
        p.expect("package")
        p.next()
        p.skip_semis()
        imports, dots = parse_imports(p)
        env = Env()
        env.dots = [ns] + [interp.package(d) for d in dots]
        for name, path in imports.items():
            env.define(name, interp.package(path))
        while p.peek().kind != "eof":
            p.skip_semis()
            if p.peek().kind == "eof":
                break
            if p.at("const") or p.at("var"):
                p.next()
                group = p.at("(")
                if group:
                    p.next()
                while True:
                    p.skip_semis()
                    if group and p.at(")"):
                        p.next()
                        break
                    save = p.i
                    try:
                        names = [p.next().val]
                        while p.at(","):
                            p.next()
                            names.append(p.next().val)
                        if not p.at("=") and not p.at(";"):
                            p.parse_type()
                        if p.at("="):
                            p.next()
                            vals = [p.parse_expr()]
                            while p.at(","):
                                p.next()
                                vals.append(p.parse_expr())
                            for n, e in zip(names, vals):
                                pending.append((n, e, env))
                        if not p.at(";") and not (group and p.at(")")):
                            raise Unsupported("declaration")
                    except Unsupported:
                        p.i = save
                        skip_decl(p)
                    if not group:
                        break
            elif p.at("func"):
                p.next()
                if p.at("("):
                    p.parse_params()
                name = p.next().val
                if name == "init" and p.at("("):
                    p.parse_params()
                    inits.append((p.parse_block(), env))
                else:
                    # skip the signature and the body: the first '{' outside parentheses
                    # that does not open an interface{} or struct{} type
                    depth = 0
                    while True:
                        tk = p.next()
                        if tk.val in ("(", "["):
                            depth += 1
                        elif tk.val in (")", "]"):
                            depth -= 1
                        elif tk.val in ("interface", "struct") and tk.kind == "kw":
                            p.expect("{")
                            d2 = 1
                            while d2:
                                t2 = p.next()
                                d2 += {"{": 1, "}": -1}.get(t2.val, 0) if t2.kind == "op" else 0
                        elif tk.val == "{" and depth == 0:
                            p.i -= 1
                            skip_braces(p)
                            break
                        elif tk.val == ";" and depth == 0:
                            break
            else:
                p.next()
                skip_decl(p)
    for _ in range(8):
        left = []
        for name, expr, env in pending:
            if name in ns.members:
                continue
            try:
                v = interp.eval(expr, env)
                if isinstance(v, (str, int, float, list, dict, GoSet, Duration)):
                    ns.members[name] = v
            except (Unsupported, KeyError, TypeError, IndexError, AttributeError, ValueError):
                left.append((name, expr, env))
        pending = left
    return inits


def skip_braces(p):
    p.expect("{")
    depth = 1
    while depth:
        tk = p.next()
        if tk.kind == "op" and tk.val == "{":
            depth += 1
        elif tk.kind == "op" and tk.val == "}":
            depth -= 1


def run_inits(interp, inits):
    """Run package init() bodies statement by statement; a statement the interpreter does not
    model is counted and left out (the suites only need the label sets they extend)."""
    failed = 0
    for body, env in inits:
        for st in body[1]:
            try:
                interp.exec(st, Env(env))
            except (Unsupported, KeyError, TypeError, IndexError, AttributeError, ValueError) as e:
                interp.init_skips.append("line %s: %s" % (st[-1], e))
                failed += 1
    return failed


def build(core_git, core_ref, aws_git, aws_ref):
    types = Types()
    packages = {}
    interp = Interp(types, packages)
    interp.opaque = []
    interp.tree_stack = []
    interp.core_inits, interp.aws_inits = [], []
    interp.init_skips = []
    core = Namespace("k8s.io/api/core/v1", dict(K8S_CORE))
    for t in ("Taint", "ResourceName", "ResourceList", "NodeSelectorOperator", "TaintEffect"):
        core.members[t] = ("typename", t)
    core.members["NodeSelectorRequirement"] = ("typename", "NodeSelectorRequirement")
    packages["k8s.io/api/core/v1"] = core
    specs = [
        ("sigs.k8s.io/karpenter/pkg/apis", core_git, core_ref, "pkg/apis"),
        ("sigs.k8s.io/karpenter/pkg/apis/v1", core_git, core_ref, "pkg/apis/v1"),
        ("sigs.k8s.io/karpenter/pkg/apis/v1alpha1", core_git, core_ref, "pkg/apis/v1alpha1"),
        ("github.com/aws/karpenter-provider-aws/pkg/apis", aws_git, aws_ref, "pkg/apis"),
        ("github.com/aws/karpenter-provider-aws/pkg/apis/v1", aws_git, aws_ref, "pkg/apis/v1"),
    ]
    for path, git, ref, d in specs:
        srcs = [git_show(git, ref, f) for f in git_ls(git, ref, d)]
        for s in srcs:
            types.load_go(s)
        ns = Namespace(path, {})
        packages[path] = ns
        inits = load_package(interp, ns, srcs)
        (interp.aws_inits if git == aws_git else interp.core_inits).extend(inits)
        for s in srcs:
            for m in STRUCT_RE.finditer(s):
                ns.members.setdefault(m.group(1), ("typename", m.group(1)))
            for m in ALIAS_RE.finditer(s):
                ns.members.setdefault(m.group(1), ("typename", m.group(1)))
    # test helper types the suites build
    types.structs.setdefault("TestNodeClass", [])
    packages["sigs.k8s.io/karpenter/pkg/test/v1alpha1"] = Namespace(
        "sigs.k8s.io/karpenter/pkg/test/v1alpha1", {"TestNodeClass": ("typename", "TestNodeClass")})
    return interp


SUITES = [  # (repo, path); files absent at a ref are skipped
    ("core", "pkg/apis/v1/nodepool_validation_cel_test.go"),
    ("core", "pkg/apis/v1/nodeclaim_validation_cel_test.go"),
    ("core", "pkg/apis/v1alpha1/nodeoverlay_validation_test.go"),
    ("aws", "pkg/apis/v1/ec2nodeclass_validation_cel_test.go"),
    ("aws", "pkg/apis/v1/nodepool_validation_cel_test.go"),
]


def slug(s, n=60):
    s = re.sub(r'[^a-z0-9]+', '-', s.lower()).strip("-")
    return s[:n].rstrip("-")


def to_yaml(v, indent=0):
    """Block YAML for JSON-like data; strings are JSON-quoted (valid YAML) unless plain-safe."""
    pad = "  " * indent
    if isinstance(v, dict):
        if not v:
            return "{}"
        lines = []
        for k, x in v.items():
            key = yaml_scalar(k)
            if isinstance(x, (dict, list)) and x:
                lines.append("%s%s:\n%s" % (pad, key, to_yaml(x, indent + 1)))
            else:
                lines.append("%s%s: %s" % (pad, key, to_yaml(x, indent + 1)))
        return "\n".join(lines)
    if isinstance(v, list):
        if not v:
            return "[]"
        lines = []
        for x in v:
            if isinstance(x, dict) and x:
                inner = to_yaml(x, indent + 1)
                lines.append("%s- %s" % (pad, inner.lstrip()))
            elif isinstance(x, list) and x:
                lines.append("%s-\n%s" % (pad, to_yaml(x, indent + 1)))
            else:
                lines.append("%s- %s" % (pad, to_yaml(x, indent + 1)))
        return "\n".join(lines)
    return yaml_scalar(v)


def yaml_scalar(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return json.dumps(v)
    s = str(v)
    if re.fullmatch(r'[A-Za-z][A-Za-z0-9_./-]*', s) and s.lower() not in (
            "true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"):
        return s
    return json.dumps(s, ensure_ascii=False)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--core-git", required=True)
    ap.add_argument("--core-ref")
    ap.add_argument("--aws-git", required=True)
    ap.add_argument("--aws-ref", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    if not a.core_ref:
        a.core_ref = core_ref_from_gomod(git_show(a.aws_git, a.aws_ref, "go.mod"))
    sys.setrecursionlimit(5000)
    interp = build(a.core_git, a.core_ref, a.aws_git, a.aws_ref)
    root_env = Env()
    for k, v in GINKGO.items():
        root_env.define(k, v)
    root_env.define("env", make_env_client(interp))
    root_env.define("ctx", None)
    found = {}
    init_failed = run_inits(interp, interp.core_inits)
    aws_linked = False
    for repo, path in SUITES:
        git, ref = (a.core_git, a.core_ref) if repo == "core" else (a.aws_git, a.aws_ref)
        try:
            src = git_show(git, ref, path)
        except subprocess.CalledProcessError:
            continue
        if repo == "aws" and not aws_linked:
            # the AWS provider's init() extends the core label sets (WellKnownLabels,
            # RestrictedLabelDomains): its suites see them extended, the core suites do not
            init_failed += run_inits(interp, interp.aws_inits)
            aws_linked = True
        fname = "%s:%s" % ("kubernetes-sigs/karpenter" if repo == "core" else "aws/karpenter-provider-aws", path)
        root = Node("root", "", None, 0)
        interp.tree_stack = [root]
        interp.load_file(fname, src, root_env, root)
        specs = []
        run_specs(interp, root, [], specs)
        found[fname] = [len(specs), src.count("env.Client.Create(")]
        for spec, befores in specs:
            run_one(interp, spec, befores, fname)

    out = a.out
    os.makedirs(os.path.join(out, "cases"), exist_ok=True)
    for f in os.listdir(os.path.join(out, "cases")):
        os.unlink(os.path.join(out, "cases", f))
    index = []
    for n, c in enumerate(interp.cases, 1):
        short = "np" if c["manifest"]["kind"] == "NodePool" else {
            "NodeClaim": "nc", "EC2NodeClass": "ec2nc", "NodeOverlay": "no"}[c["manifest"]["kind"]]
        fn = "%04d-%s-%s.yaml" % (n, short, slug(c["spec"].split(" / ", 1)[-1]))
        c["manifest"].setdefault("metadata", {})["name"] = "upstream-cel-%04d" % n
        with open(os.path.join(out, "cases", fn), "w") as fh:
            fh.write("# upstream: %s:%d\n" % (c["file"].split(":", 1)[1], c["line"]))
            fh.write("# spec: %s\n" % c["spec"].replace("\n", " "))
            fh.write("# expect: %s\n" % c["expect"])
            if "controller" in c:
                fh.write("# controller: %s\n" % c["controller"])
            fh.write(to_yaml(c["manifest"]) + "\n")
        index.append((fn, c["expect"], c["file"], c["line"], c["spec"]))
    with open(os.path.join(out, "cases.tsv"), "w") as fh:
        fh.write("case\texpect\tsource\tline\tspec\n")
        for r in index:
            fh.write("%s\t%s\t%s\t%d\t%s\n" % r)
    with open(os.path.join(out, "skipped.tsv"), "w") as fh:
        fh.write("source\tspec\treason\n")
        for s in interp.skips:
            fh.write("%s\t%s\t%s\n" % (s[0], s[1], s[2].replace("\t", " ").replace("\n", " ")))
    ncreate = sum(v[1] for v in found.values())
    nspecs = sum(v[0] for v in found.values())
    rv = sum(1 for o in interp.opaque if o[1] == "RuntimeValidate")
    with open(os.path.join(out, "SOURCE"), "w") as fh:
        fh.write("kubernetes-sigs/karpenter %s\naws/karpenter-provider-aws %s\n" % (
            rev(a.core_git, a.core_ref), rev(a.aws_git, a.aws_ref)))
        for f, (s, c) in found.items():
            fh.write("file %s specs %d create-calls %d\n" % (f, s, c))
        fh.write("specs %d converted-cases %d skipped-specs %d runtime-validate-expectations %d "
                 "runtime-validate-expectations-not-kept %d\n" % (
                     nspecs, len(interp.cases), len(interp.skips),
                     rv + sum(1 for c in interp.cases if "controller" in c), rv))
    if init_failed:
        print("%d statements of package init() functions not modelled:\n  %s" % (
            init_failed, "\n  ".join(interp.init_skips)), file=sys.stderr)
    print("%s: %d specs, %d cases converted (%d accepted, %d rejected), %d skipped" % (
        out, nspecs, len(interp.cases), sum(1 for c in interp.cases if c["expect"] == "accepted"),
        sum(1 for c in interp.cases if c["expect"] == "rejected"), len(interp.skips)))


def core_ref_from_gomod(gomod):
    """The sigs.k8s.io/karpenter version the AWS provider requires: a tag, or the commit of a
    pseudo-version (v1.14.1-0.20260819221709-6e7eab7a0f48)."""
    m = re.search(r'^\s*sigs\.k8s\.io/karpenter\s+(\S+)', gomod, re.M)
    if not m:
        raise SystemExit("go.mod requires no sigs.k8s.io/karpenter")
    v = m.group(1)
    pm = re.match(r'v[0-9.]+-(?:0\.)?[0-9]{14}-([0-9a-f]{12})$', v)
    return pm.group(1) if pm else v


def rev(git, ref):
    sha = subprocess.run(["git", "--git-dir", git, "rev-parse", ref + "^{commit}"], check=True,
                         capture_output=True, text=True).stdout.strip()
    tags = subprocess.run(["git", "--git-dir", git, "tag", "--points-at", sha], check=True,
                          capture_output=True, text=True).stdout.split()
    return "%s %s%s" % (ref, sha, " (tag %s)" % ", ".join(tags) if tags else "")


if __name__ == "__main__":
    main()
