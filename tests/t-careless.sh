#!/bin/sh
# t-careless.sh - hostile and careless use (issue 16): output errors, the same
# input twice, flags that must not silence input errors, directory walking,
# signals, the kit's directory.  Each case failed before its fix.
# Env: KARPGEN.
set -u
: "${KARPGEN:?}"
root=$(pwd)
pass=0 fail=0
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
ng=testdata/compile/aws-cli-nodegroups

# ---- item 6: a write error on stdout is exit 2, in every command that prints there
if [ -w /dev/full ]; then
	for args in "validate --format json examples" "ir $ng/workers.json" \
		"parse --json examples/domino/infra.tfvars" "rules" "explain KG100" "lint --format json $ng/workers.json"; do
		# shellcheck disable=SC2086
		"$KARPGEN" $args >/dev/full 2>"$tmp/err"
		got=$?
		if [ "$got" = 2 ] && grep -q 'cannot write' "$tmp/err"; then ok; else bad "'$args' >/dev/full: exit $got"; cat "$tmp/err"; fi
	done
fi

# ---- item 12: input and I/O rules cannot be disabled: a missing input never exits 0
for r in KG100 KG101 KG102 input-unreadable; do
	"$KARPGEN" lint --disable "$r" "$tmp/no-such-file.tfvars" >/dev/null 2>"$tmp/err"
	got=$?
	if [ "$got" != 0 ] && grep -q 'cannot be disabled' "$tmp/err"; then ok; else bad "--disable $r: exit $got"; cat "$tmp/err"; fi
done

# ---- item 8: the same input twice (or by a second path) is read once
"$KARPGEN" compile -q $ng/workers.json $ng/system.json $ng/subnets.json -o "$tmp/once" 2>/dev/null
ln -s "$root/$ng/workers.json" "$tmp/again.json"
"$KARPGEN" compile -q $ng/workers.json $ng/system.json $ng/subnets.json ./$ng/workers.json "$tmp/again.json" \
	-o "$tmp/twice" 2>"$tmp/err"
if diff -r "$tmp/once" "$tmp/twice" >/dev/null; then ok; else bad "compile of an input given twice differs"; cat "$tmp/err"; fi
"$KARPGEN" ir $ng/workers.json $ng/workers.json 2>/dev/null | grep -c '^nodegroup ' >"$tmp/n2"
"$KARPGEN" ir $ng/workers.json 2>/dev/null | grep -c '^nodegroup ' >"$tmp/n1"
if cmp -s "$tmp/n1" "$tmp/n2"; then ok; else bad "ir of an input given twice: $(cat "$tmp/n2") groups, not $(cat "$tmp/n1")"; fi
mkdir -p "$tmp/d1/sub"
cp testdata/validate/KG301-v1-enum/*.yaml "$tmp/d1/"
"$KARPGEN" validate "$tmp/d1" >/dev/null 2>"$tmp/e1"
"$KARPGEN" validate "$tmp/d1" "$tmp/d1" "$tmp/d1/"*.yaml >/dev/null 2>"$tmp/e2"
if [ "$(tail -n 1 "$tmp/e1")" = "$(tail -n 1 "$tmp/e2")" ]; then ok; else bad "validate of a directory given twice: $(tail -n 1 "$tmp/e2")"; fi

# ---- item 4: the directory walk stays in its tree, detects loops, reports what it skips
mkdir -p "$tmp/tree/a" "$tmp/outside"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: secret\n' >"$tmp/outside/leak.yaml"
ln -s "$tmp/outside" "$tmp/tree/a/out"
ln -s . "$tmp/tree/x"
ln -s . "$tmp/tree/a/y"
for cmd in validate convert lint; do
	timeout 20 "$KARPGEN" $cmd "$tmp/tree" >/dev/null 2>"$tmp/err"
	got=$?
	if [ "$got" = 124 ]; then bad "$cmd over link loops hangs"; continue; fi
	if grep -q "outside/leak.yaml\|tree/a/out' is not read" "$tmp/err" && ! grep -q "leak.yaml'.*secret" "$tmp/err" &&
		grep -q "tree/a/out' is not read: it is a symbolic link out of" "$tmp/err" &&
		grep -q "link loop" "$tmp/err"; then ok; else bad "$cmd over links: exit $got"; cat "$tmp/err"; fi
done
deep=$tmp/deep
i=0
while [ $i -lt 260 ]; do deep=$deep/d; i=$((i + 1)); done
mkdir -p "$deep" 2>/dev/null && cp "$tmp/outside/leak.yaml" "$deep/" &&
	{ "$KARPGEN" validate "$tmp/deep" >/dev/null 2>"$tmp/err"
	if grep -q 'KG102' "$tmp/err" && grep -q 'levels deep' "$tmp/err"; then ok; else bad "a too deep directory is not reported"; cat "$tmp/err"; fi; }

# ---- item 9: diagnostics are capped per rule and per run, memory stays bounded
case $KARPGEN in */san/*) ;; *)
	for shape in eksctl asg; do
		if [ $shape = eksctl ]; then
			printf '{"apiVersion":"eksctl.io/v1alpha5","kind":"ClusterConfig","metadata":{"name":"c","region":"us-west-2"},"managedNodeGroups":[{}' >"$tmp/flood.json"
		else
			printf '{"AutoScalingGroups":[{}' >"$tmp/flood.json"
		fi
		awk 'BEGIN { for (i = 1; i < 1000000; i++) printf ",{}"; print "]}" }' >>"$tmp/flood.json"
		# shellcheck disable=SC3045 # dash and bash have ulimit -v
		(ulimit -v 524288; "$KARPGEN" lint "$tmp/flood.json" >/dev/null 2>"$tmp/err")
		got=$?
		lines=$(wc -l <"$tmp/err")
		if [ "$got" = 1 ] && [ "$lines" -lt 5000 ] && grep -q '999800 more diagnostics not shown (KG112: 999800)' "$tmp/err" &&
			grep -q '^1000000 errors' "$tmp/err"; then ok; else bad "1,000,000 empty $shape groups under 512 MiB: exit $got, $lines lines"; tail -n 3 "$tmp/err"; fi
	done ;;
esac
printf '{"AutoScalingGroups":[{},{},{},{},{},{},{},{},{},{}]}\n' >"$tmp/ten.json"
"$KARPGEN" lint --max-diagnostics 5 "$tmp/ten.json" 2>"$tmp/err" >/dev/null
n5=$(grep -c 'error:' "$tmp/err")
"$KARPGEN" lint --max-diagnostics 0 "$tmp/ten.json" 2>"$tmp/err" >/dev/null
n0=$(grep -c 'error:' "$tmp/err")
if [ "$n5" = 1 ] && [ "$n0" = 10 ]; then ok; else bad "--max-diagnostics 5 kept $n5 of one rule (1 expected), 0 kept $n0 (10)"; fi

# ---- item 13: the kit's top directory follows the umask; a signal during compile leaves no temporary directory
mkdir -p "$tmp/um"
(umask 022; "$KARPGEN" compile -q $ng/workers.json $ng/system.json $ng/subnets.json -o "$tmp/um/kit" 2>/dev/null)
(umask 022; "$KARPGEN" convert -q --ami-alias al2023@v20250317 testdata/convert/ami-alias-pinned/ec2nodeclasses.yaml -o "$tmp/um/conv" 2>/dev/null)
for d in kit conv; do
	m=$(stat -c %a "$tmp/um/$d" 2>/dev/null)
	if [ "$m" = 755 ]; then ok; else bad "$d: top directory mode $m under umask 022, not 755"; fi
done
for m in 077 002; do
	rm -rf "$tmp/um/kit"
	(umask $m; "$KARPGEN" compile -q $ng/workers.json $ng/system.json $ng/subnets.json -o "$tmp/um/kit" 2>/dev/null)
	got=$(stat -c %a "$tmp/um/kit" 2>/dev/null) want=$(printf '%o' $((0777 & ~0$m)))
	if [ "$got" = "$want" ]; then ok; else bad "top directory mode $got under umask $m, not $want"; fi
done
# a signal while the temporary directory certainly exists (tests/hold.c holds the run there):
# nothing is left beside -o, the old kit is untouched, the run ends by the signal
case $KARPGEN in */san/*) ;; *)
	if cc -shared -fPIC -o "$tmp/hold.so" tests/hold.c -ldl 2>"$tmp/err"; then
		# each run starts with the three signals at their default action, whatever this shell
		# inherited (sh ignores SIGINT in background jobs; nohup or a CI runner may ignore SIGHUP);
		# 'IGN-HUP' is a run under nohup: a SIGHUP it ignores must not stop it
		for s in INT TERM HUP IGN-HUP; do
			case $s in
			IGN-*) sig=${s#IGN-} disp=--ignore-signal=$sig ;;
			*) sig=$s disp=--default-signal=INT,TERM,HUP ;;
			esac
			rm -rf "$tmp/sig" && mkdir -p "$tmp/sig" && mkfifo "$tmp/sig/fifo"
			# held open read-write here, so that neither side's open blocks, whatever the run does
			exec 3<>"$tmp/sig/fifo"
			"$KARPGEN" compile -q $ng/workers.json $ng/system.json -o "$tmp/sig/kit" 2>/dev/null
			cp -R "$tmp/sig/kit" "$tmp/sig/before"
			KARPGEN_HOLD=$tmp/sig/fifo LD_PRELOAD=$tmp/hold.so env "$disp" "$KARPGEN" compile -q \
				$ng/workers.json $ng/system.json $ng/subnets.json -o "$tmp/sig/kit" 2>"$tmp/err" &
			pid=$!
			i=0
			while [ $i -lt 500 ] && [ -z "$(find "$tmp/sig" -maxdepth 1 -name '.karpgen-*')" ]; do
				sleep 0.02
				i=$((i + 1))
			done
			held=$(find "$tmp/sig" -maxdepth 1 -name '.karpgen-*' | wc -l)
			kill -"$sig" "$pid"
			sleep 0.2
			echo go >&3
			{ wait "$pid"; } 2>/dev/null
			got=$?
			exec 3>&-
			left=$(find "$tmp/sig" -maxdepth 1 -name '.karpgen-*' | wc -l)
			case $s in
			IGN-*)
				# the run goes on and replaces the kit, as it would have without the signal
				if [ "$held" = 1 ] && [ "$left" = 0 ] && [ "$got" = 0 ] && [ -f "$tmp/sig/kit/REPORT.md" ] &&
					! diff -r "$tmp/sig/before" "$tmp/sig/kit" >/dev/null
				then ok; else bad "ignored SIG$sig during compile: $left temporary directories left, exit $got, kit not replaced?"; cat "$tmp/err"; fi ;;
			*)
				if [ "$held" = 1 ] && [ "$left" = 0 ] && [ "$got" -gt 128 ] && diff -r "$tmp/sig/before" "$tmp/sig/kit" >/dev/null
				then ok; else bad "SIG$s during compile: $left temporary directories left, exit $got, old kit changed?"; cat "$tmp/err"; fi ;;
			esac
		done
	else
		bad "cannot build tests/hold.c"; cat "$tmp/err"
	fi ;;
esac

# ---- item 13: '-o .' names the current directory: refused, and karpgen never names its own temporary file
mkdir -p "$tmp/dot/empty" "$tmp/dot/sub/inner"
for d in "$tmp/dot/empty:." "$tmp/dot/empty:./" "$tmp/dot/sub/inner:.." ; do
	cd "${d%%:*}" || exit 1
	"$KARPGEN" compile -q "$root/$ng/workers.json" "$root/$ng/system.json" "$root/$ng/subnets.json" -o "${d#*:}" 2>"$tmp/err"
	got=$?
	cd "$root" || exit 1
	if [ "$got" = 2 ] && grep -q 'is the current directory' "$tmp/err" && ! grep -q 'karpgen-' "$tmp/err" &&
		[ -z "$(ls -A "$tmp/dot/empty")" ] && [ -z "$(find "$tmp/dot" -name '.karpgen-*')" ]; then ok
	else bad "-o ${d#*:} in ${d%%:*}: exit $got"; cat "$tmp/err"; fi
done
# an empty directory named by a path that ends in '.' (from elsewhere) is replaced, as the README says
"$KARPGEN" compile -q $ng/workers.json $ng/system.json $ng/subnets.json -o "$tmp/dot/empty/." 2>"$tmp/err"
if [ -f "$tmp/dot/empty/karpgen-manifest.json" ] && [ -z "$(find "$tmp/dot" -name '.karpgen-*')" ]; then ok
else bad "-o EMPTY/. not replaced"; cat "$tmp/err"; fi

# ---- item 5: a recompile never overwrites what the user edited or added, unless --force
k5=$tmp/k5
mkdir -p "$k5"
"$KARPGEN" compile -q $ng/workers.json $ng/system.json $ng/subnets.json -o "$k5/kit" 2>/dev/null
if "$KARPGEN" compile -q $ng/workers.json $ng/system.json -o "$k5/kit" 2>"$tmp/err" && [ ! -s "$tmp/err" ]; then ok; else bad "recompile over an unedited kit refused"; cat "$tmp/err"; fi
"$KARPGEN" compile -q $ng/workers.json $ng/system.json $ng/subnets.json -o "$k5/kit" 2>/dev/null
echo '# my change' >>"$k5/kit/runbook.sh"
pool=my-eks-nodegroup.yaml
sed 's/t3.medium/t3.large/' "$k5/kit/karpenter/nodepools/$pool" >"$tmp/p"
cat "$tmp/p" >"$k5/kit/karpenter/nodepools/$pool"
echo 'mine' >"$k5/kit/NOTES.md"
cp -R "$k5/kit" "$k5/before"
"$KARPGEN" compile $ng/workers.json $ng/system.json $ng/subnets.json -o "$k5/kit" 2>"$tmp/err"
got=$?
if [ "$got" = 2 ] && diff -r "$k5/before" "$k5/kit" >/dev/null &&
	grep -q "^$k5/kit/runbook.sh: note: edited since karpgen wrote it" "$tmp/err" &&
	grep -q "^$k5/kit/karpenter/nodepools/$pool: note: edited since karpgen wrote it" "$tmp/err" &&
	grep -q "^$k5/kit/NOTES.md: note: not written by karpgen" "$tmp/err" &&
	grep -q "error: refusing to replace '$k5/kit': files in it differ" "$tmp/err" && grep -q -- "--force" "$tmp/err" &&
	[ -z "$(find "$k5" -name '.karpgen-*')" ]; then ok; else bad "recompile over edits: exit $got"; cat "$tmp/err"; fi
"$KARPGEN" convert -q --ami-alias al2023@v20250317 testdata/convert/ami-alias-pinned/ec2nodeclasses.yaml -o "$k5/conv" 2>/dev/null
for f in "$k5"/conv/*/*.yaml; do echo '# edited' >>"$f"; break; done
"$KARPGEN" convert -q --ami-alias al2023@v20250317 testdata/convert/ami-alias-pinned/ec2nodeclasses.yaml -o "$k5/conv" 2>"$tmp/err"
got=$?
if [ "$got" = 2 ] && grep -q 'edited since karpgen wrote it' "$tmp/err" && grep -q '# edited' "$f"; then ok
else bad "convert -o over an edited file: exit $got"; cat "$tmp/err"; fi
"$KARPGEN" compile -q --force $ng/workers.json $ng/system.json $ng/subnets.json -o "$k5/kit" 2>"$tmp/err"
got=$?
if [ "$got" = 0 ] && [ ! -e "$k5/kit/NOTES.md" ] && ! grep -q 'my change' "$k5/kit/runbook.sh"; then ok
else bad "--force did not replace the edited kit: exit $got"; cat "$tmp/err"; fi
# the runbook's record of a migration under way: a recompile names it; --force keeps it in the new kit
printf 'phase\tpreflight\n' >"$k5/kit/runbook.state"
printf 'old\n' >"$k5/kit/runbook.state.rolled-back.20261207T000000"
"$KARPGEN" compile $ng/workers.json $ng/system.json $ng/subnets.json -o "$k5/kit" 2>"$tmp/err"
got=$?
if [ "$got" = 2 ] && grep -q "^$k5/kit/runbook.state: note: the runbook's record of a migration under way" "$tmp/err"
then ok; else bad "recompile over a runbook.state: exit $got"; cat "$tmp/err"; fi
"$KARPGEN" compile -q --force $ng/workers.json $ng/system.json $ng/subnets.json -o "$k5/kit" 2>"$tmp/err"
got=$?
if [ "$got" = 0 ] && [ "$(cat "$k5/kit/runbook.state")" = "$(printf 'phase\tpreflight')" ] &&
	[ -f "$k5/kit/runbook.state.rolled-back.20261207T000000" ]; then ok
else bad "--force lost the runbook's records: exit $got"; cat "$tmp/err"; ls "$k5/kit"; fi
mkdir -p "$k5/mine" && echo 'x' >"$k5/mine/file"
"$KARPGEN" compile -q --force $ng/workers.json $ng/system.json $ng/subnets.json -o "$k5/mine" 2>"$tmp/err"
got=$?
if [ "$got" = 2 ] && [ -f "$k5/mine/file" ] && grep -q 'is not a karpgen kit' "$tmp/err"; then ok
else bad "--force replaced a directory that is no kit: exit $got"; cat "$tmp/err"; fi

cd "$root" || exit 1
echo "careless: $pass passed, $fail failed"
[ "$fail" = 0 ]
