# dpagen.bash - bash completion for dpagen(1): commands, options per
# command, their values (formats, languages, folders, files), configs
# (*.yaml, *.yml) and clause ids.  Installed as
# share/bash-completion/completions/dpagen; works without bash-completion.
#
# Everything is read from the dpagen being completed, at completion time:
# commands from `dpagen --help`, a command's options and arguments from the
# synopsis of `dpagen help COMMAND`, clause ids from `dpagen clauses`, rule
# ids for `check --explain` from `dpagen check --list`.  So the completion
# knows exactly the commands and formats that binary has.

# The synopsis of one command as one line: "render CONFIG [-f md|html] ...".
_dpagen_synopsis()
{
	"$1" help "$2" 2>/dev/null | sed -n '1,/^$/p' | tr '\n' ' ' |
	    sed 's/^usage: dpagen //'
}

# The value an option takes in a synopsis ("md|html", "DIR", "FILE|-"), or
# nothing for a flag.  Long options also take their short alias's value
# ("-f, --format" in the help text).
_dpagen_optvalue()
{
	local bin=$1 cmd=$2 syn=$3 opt=$4 alias=""
	local v
	v=$(printf '%s\n' "$syn" | tr ' ' '\n' | tr -d '[]' |
	    awk -v o="$opt" 'prev == o && $0 !~ /^-/ && $0 != "|" { print; exit } { prev = $0 }')
	if [ -z "$v" ]; then
		alias=$("$bin" help "$cmd" 2>/dev/null |
		    sed -n "s/^ *\(-[a-zA-Z]\), $opt .*/\1/p; s/^ *$opt, \(--[a-z-]*\) .*/\1/p" | head -n 1)
		[ -n "$alias" ] && v=$(printf '%s\n' "$syn" | tr ' ' '\n' | tr -d '[]' |
		    awk -v o="$alias" 'prev == o && $0 !~ /^-/ && $0 != "|" { print; exit } { prev = $0 }')
	fi
	printf '%s\n' "$v"
}

# The positional placeholders of a synopsis, in order: "CONFIG CLAUSE...".
_dpagen_placeholders()
{
	printf '%s\n' "$1" | tr ' ' '\n' | tr -d '[]' |
	    awk 'NR > 1 && prev !~ /^-/ && /^[A-Z][A-Z]*(\.\.\.)?$/ { printf "%s ", $0 } { prev = $0 }'
}

_dpagen_files()		# configs: *.yaml and *.yml files, and folders to descend into
{
	local IFS=$'\n'
	COMPREPLY=($(compgen -d -- "$1") $(compgen -f -X '!*.yaml' -- "$1")
	    $(compgen -f -X '!*.yml' -- "$1"))
	compopt -o filenames 2>/dev/null
}

_dpagen()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev="" bin=${COMP_WORDS[0]}
	[ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD - 1]}
	# --opt=value: bash splits at "=".
	if [ "$cur" = "=" ]; then
		cur=""
	elif [ "$prev" = "=" ] && [ "$COMP_CWORD" -gt 1 ]; then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	fi
	command -v "$bin" >/dev/null 2>&1 || bin=dpagen
	COMPREPLY=()

	local cmds
	cmds=$("$bin" --help 2>/dev/null | awk '$1 == "dpagen" && !seen[$2]++ { print $2 }')
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "$cmds --help --version" -- "$cur"))
		return
	fi
	local cmd=${COMP_WORDS[1]}
	if [ "$cmd" = help ]; then
		[ "$COMP_CWORD" -eq 2 ] && COMPREPLY=($(compgen -W "$cmds" -- "$cur"))
		return
	fi

	local syn
	syn=$(_dpagen_synopsis "$bin" "$cmd")
	[ -n "$syn" ] || return

	# The value of an option.
	case $prev in
	-*)
		local v
		v=$(_dpagen_optvalue "$bin" "$cmd" "$syn" "$prev")
		case $v in
		"") ;;
		DIR)
			COMPREPLY=($(compgen -d -- "$cur"))
			compopt -o filenames 2>/dev/null
			return ;;
		RULE)			# check --explain: the rule ids of check --list
			COMPREPLY=($(compgen -W "$("$bin" check --list 2>/dev/null |
			    awk '{ print $1 }')" -- "$cur"))
			return ;;
		FILE*)
			COMPREPLY=($(compgen -f -- "$cur"))
			compopt -o filenames 2>/dev/null
			return ;;
		*\|*)
			COMPREPLY=($(compgen -W "${v//|/ }" -- "$cur"))
			return ;;
		*,*)			# a comma-separated list: md,html,pdf
			local done=""
			[[ $cur == *,* ]] && done=${cur%,*},
			COMPREPLY=($(compgen -P "$done" -W "${v//,/ }" -- "${cur##*,}"))
			return ;;
		*)
			return ;;		# KEY=VALUE and the like: nothing to offer
		esac ;;
	esac

	if [[ $cur == -* ]]; then
		local opts
		opts=$("$bin" help "$cmd" 2>/dev/null | grep -oE -- '--[a-z][a-z-]*' | sort -u)
		COMPREPLY=($(compgen -W "$opts --help" -- "$cur"))
		return
	fi

	# Which positional argument is this?  Skip options and their values.
	local i n=0 w args=() lang="" templates=""
	for ((i = 2; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		=) continue ;;
		-*)
			if [ -n "$(_dpagen_optvalue "$bin" "$cmd" "$syn" "$w")" ] &&
			    [ "${COMP_WORDS[i + 1]}" != "=" ]; then
				case $w in
				--lang) lang=${COMP_WORDS[i + 1]} ;;
				--templates) templates=${COMP_WORDS[i + 1]} ;;
				esac
				i=$((i + 1))
			elif [ "${COMP_WORDS[i + 1]}" = "=" ]; then
				i=$((i + 2))
			fi ;;
		*) n=$((n + 1)) ;;
		esac
	done
	local place=() p=""
	read -r -a place <<<"$(_dpagen_placeholders "$syn")"
	if [ "$n" -lt "${#place[@]}" ]; then
		p=${place[n]}
	elif [ "${#place[@]}" -gt 0 ] && [[ ${place[-1]} == *... ]]; then
		p=${place[-1]}
	fi
	case ${p%...} in
	"") ;;
	CONFIG | BASE)
		_dpagen_files "$cur" ;;
	CUSTOMERS)			# a YAML list of overlays or a CSV file
		_dpagen_files "$cur"
		COMPREPLY+=($(compgen -f -X '!*.csv' -- "$cur")) ;;
	CLAUSE)
		local ids
		ids=$("$bin" clauses ${lang:+--lang "$lang"} ${templates:+--templates "$templates"} \
		    2>/dev/null | awk '{ print $2 }')
		COMPREPLY=($(compgen -W "$ids" -- "$cur")) ;;
	COMMAND)
		COMPREPLY=($(compgen -W "$cmds" -- "$cur")) ;;
	*)
		COMPREPLY=($(compgen -f -- "$cur"))
		compopt -o filenames 2>/dev/null ;;
	esac
}

complete -F _dpagen dpagen
