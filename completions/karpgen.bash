# bash completion for karpgen.  The commands and each command's options are
# read from karpgen itself ('karpgen --help', 'karpgen help CMD'), so the
# completion never falls behind the program.
_karpgen_reply()
{
	mapfile -t COMPREPLY < <(compgen "$@" -- "$cur")
}

_karpgen()
{
	local cur prev cmd
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	if [ "$COMP_CWORD" -eq 1 ]; then
		_karpgen_reply -W "$(karpgen --help 2>/dev/null | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p') help"
		return
	fi
	cmd=${COMP_WORDS[1]}
	case $cmd in
	help)
		_karpgen_reply -W "$(karpgen --help 2>/dev/null | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p')"
		return ;;
	explain)
		_karpgen_reply -W "$(karpgen rules 2>/dev/null | cut -d' ' -f1)"
		return ;;
	esac
	case $prev in
	--format) _karpgen_reply -W "text json sarif github"; return ;;
	--fail-on) _karpgen_reply -W "error warning note"; return ;;
	--color) _karpgen_reply -W "auto always never"; return ;;
	--to) _karpgen_reply -W "v1 v1beta1"; return ;;
	--identity) _karpgen_reply -W "pod-identity irsa"; return ;;
	--disable) _karpgen_reply -W "$(karpgen rules 2>/dev/null | cut -d' ' -f1)"; return ;;
	-o|--output) _karpgen_reply -d; return ;;
	--config) _karpgen_reply -f; return ;;
	esac
	if [[ $cur == -* ]]; then
		_karpgen_reply -W "$(karpgen help "$cmd" 2>/dev/null | grep -o -- '--[a-z][a-z-]*')"
		return
	fi
	_karpgen_reply -f
}
complete -o filenames -F _karpgen karpgen
