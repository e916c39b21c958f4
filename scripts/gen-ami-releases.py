#!/usr/bin/env python3
"""gen-ami-releases.py [SOURCE] OUT [--bottlerocket GITDIR] - the AMI releases and their Kubernetes versions.

SOURCE is the release log of the EKS-optimized AMIs, CHANGELOG.md of awslabs/amazon-eks-ami
(a path, or a URL; the default is the file on the repository's main branch, which needs the
network).  Every release section lists the AMIs it built, by name:

    amazon-eks-node-1.29-v20240625                       AL2
    amazon-eks-arm64-node-1.29-v20240625                 AL2 (arm64, gpu ...)
    amazon-eks-node-al2023-x86_64-standard-1.33-v20250317  AL2023 (any variant)

so a release `vYYYYMMDD` of a family supports the Kubernetes minors it has an AMI name for.
That is what a Karpenter alias `al2023@vYYYYMMDD` / `al2@vYYYYMMDD` resolves against (the SSM
parameter of that release for the cluster's Kubernetes version).  OUT (data/ami-releases.tsv)
gets one line per family and release, newest first:

    al2023<TAB>v20250317<TAB>29,30,31,32

and a `# date:` line, the newest release in the data: the date `karpgen --version` shows.
A family of the log whose newest release is more than ENDED_DAYS older than the log's newest
has ended (AL2: no AMIs for Kubernetes 1.33 and later); an `# ended: FAMILY MINOR` line gives
the last Kubernetes minor it has AMIs for, so that `al2@latest` on a newer cluster is judged
while a cluster newer than all the data (the data is old) is not.

Bottlerocket releases are not in that log, and its own CHANGELOG.md does not list the
variants of each release reliably.  The variants a release builds are the directories
`variants/aws-k8s-1.NN[-nvidia]` of its tag in bottlerocket-os/bottlerocket: with
`--bottlerocket GITDIR` (a clone or mirror of that repository, with its tags) every tag
`vX.Y.Z` (X >= 1) becomes a row `bottlerocket<TAB>vX.Y.Z<TAB>minors`, newest first.  Without
it, the bottlerocket rows of the existing OUT are kept, so refreshing the AMI log alone does
not drop them.  Windows releases are in neither (Windows aliases take only @latest).
Run by hand to refresh; the output is committed (the build never reads the network).
"""
import datetime
import os
import re
import subprocess
import sys
import urllib.request

DEFAULT = "https://raw.githubusercontent.com/awslabs/amazon-eks-ami/main/CHANGELOG.md"
AMI = re.compile(r"\bamazon-eks-(?:[a-z0-9]+-)?node-(al2023-[a-z0-9_]+(?:-[a-z0-9]+)*?-)?"
                 r"1\.(\d+)-v?(20\d{6})\b")
ENDED_DAYS = 90
TAG = re.compile(r"^v([1-9]\d*)\.(\d+)\.(\d+)$")
VARIANT = re.compile(r"^variants/aws-k8s-1\.(\d+)(?:-[a-z0-9-]+)?$")


def read(source):
    if re.match(r"https?://", source):
        with urllib.request.urlopen(source, timeout=60) as r:
            return r.read().decode("utf-8")
    with open(source, encoding="utf-8") as f:
        return f.read()


def git(gitdir, *args):
    r = subprocess.run(["git", "-C", gitdir] + list(args), capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("gen-ami-releases: git %s: %s" % (" ".join(args), r.stderr.strip()))
    return r.stdout


def bottlerocket(gitdir):
    """{release: minors} from the tags of a bottlerocket-os/bottlerocket clone"""
    out = {}
    for tag in git(gitdir, "tag", "--list", "v*").split():
        if not TAG.match(tag):
            continue
        names = git(gitdir, "ls-tree", "--name-only", tag, "variants/").split("\n")
        minors = {int(m.group(1)) for m in (VARIANT.match(n) for n in names) if m}
        if minors:
            out[tag] = minors
    if not out:
        sys.exit("gen-ami-releases: %s: no tag with an aws-k8s variant" % gitdir)
    return out


def kept_rows(out, family):
    """the rows of `family` in the existing OUT, {release: minors}"""
    rows = {}
    if os.path.exists(out):
        with open(out, encoding="utf-8") as f:
            for line in f:
                cols = line.rstrip("\n").split("\t")
                if len(cols) == 3 and cols[0] == family:
                    rows[cols[1]] = {int(n) for n in cols[2].split(",")}
    return rows


def version_key(release):
    return tuple(int(n) for n in re.findall(r"\d+", release))


def day(release):
    return datetime.date(int(release[1:5]), int(release[5:7]), int(release[7:9]))


def main():
    args = sys.argv[1:]
    gitdir = None
    if "--bottlerocket" in args:
        i = args.index("--bottlerocket")
        if i + 1 >= len(args):
            sys.exit("usage: gen-ami-releases.py [SOURCE] OUT [--bottlerocket GITDIR]")
        gitdir = args[i + 1]
        del args[i:i + 2]
    if len(args) == 1:
        args.insert(0, DEFAULT)
    if len(args) != 2:
        sys.exit("usage: gen-ami-releases.py [SOURCE] OUT [--bottlerocket GITDIR]")
    source, out = args
    text = read(source)
    releases = {}   # (family, release) -> set of minors
    for m in AMI.finditer(text):
        family = "al2023" if m.group(1) else "al2"
        releases.setdefault((family, "v" + m.group(3)), set()).add(int(m.group(2)))
    if not releases:
        sys.exit("gen-ami-releases: %s: no AMI names found" % source)
    newest = max(r for _, r in releases)
    date = "%s-%s-%s" % (newest[1:5], newest[5:7], newest[7:9])
    ended = []
    for family in sorted({f for f, _ in releases}):
        last = max(r for f, r in releases if f == family)
        if (day(newest) - day(last)).days > ENDED_DAYS:
            ended.append((family, max(n for (f, _), ms in releases.items() if f == family for n in ms)))
    br = bottlerocket(gitdir) if gitdir else kept_rows(out, "bottlerocket")
    for release, minors in br.items():
        releases[("bottlerocket", release)] = minors
    rows = sorted(releases.items(), key=lambda kv: (kv[0][0], version_key(kv[0][1])), reverse=True)
    with open(out, "w") as f:
        f.write("# ami-releases.tsv - generated by scripts/gen-ami-releases.py from awslabs/amazon-eks-ami "
                "CHANGELOG.md and the tags of bottlerocket-os/bottlerocket; do not edit\n")
        f.write("# the AMI releases of each alias family and the Kubernetes 1.x minors "
                "each has AMIs for\n")
        f.write("# date: %s\n" % date)
        for family, minor in ended:
            f.write("# ended: %s %d\n" % (family, minor))
        if br:
            f.write("# bottlerocket: %s\n" % max(br, key=version_key))
        f.write("# family\trelease\tminors\n")
        for (family, release), minors in rows:
            f.write("%s\t%s\t%s\n" % (family, release, ",".join(str(n) for n in sorted(minors))))


main()
