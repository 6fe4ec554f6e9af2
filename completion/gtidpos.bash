# bash completion for gtidpos(1)                          -*- shell-script -*-
# SPDX-License-Identifier: BSD-2-Clause
#
# Commands and options are read from gtidpos's own help texts (`gtidpos
# --help`, `gtidpos CMD --help`), so that a command or option added later is
# completed without touching this file; they are cached for the session.
# Installed by `make install` as $(PREFIX)/share/bash-completion/completions/gtidpos.

_gtidpos_commands()
{
    local prog=$1
    if [[ -z ${_gtidpos_cmd_cache-} ]]; then
        _gtidpos_cmd_cache=$("$prog" --help 2>/dev/null |
            awk '/^  [a-z][a-z-]* / && $1 != "gtidpos" { print $1 }' | sort -u | tr '\n' ' ')
        _gtidpos_cmd_cache+=" help"
    fi
    printf '%s\n' "$_gtidpos_cmd_cache"
}

_gtidpos_options()
{
    local prog=$1 cmd=$2 var
    var=_gtidpos_opt_cache_${cmd//-/_}
    if [[ -z ${!var-} ]]; then
        printf -v "$var" '%s' "$("$prog" "$cmd" --help 2>/dev/null |
            grep -oE -- '(^|[^a-z-])--[a-z][a-z0-9-]*' | grep -oE -- '--[a-z][a-z0-9-]*' |
            sort -u | tr '\n' ' ')"
    fi
    printf '%s\n' "${!var}"
}

_gtidpos()
{
    local cur prev prog cmd i
    COMPREPLY=()
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD - 1]}
    prog=${COMP_WORDS[0]}

    # the command: the first word after the program that is not an option
    cmd=
    for ((i = 1; i < COMP_CWORD; i++)); do
        if [[ ${COMP_WORDS[i]} != -* ]]; then
            cmd=${COMP_WORDS[i]}
            break
        fi
    done
    if [[ -z $cmd ]]; then
        if [[ $cur == -* ]]; then
            mapfile -t COMPREPLY < <(compgen -W '--help --version' -- "$cur")
        else
            mapfile -t COMPREPLY < <(compgen -W "$(_gtidpos_commands "$prog")" -- "$cur")
        fi
        return 0
    fi
    if [[ $cmd == help ]]; then
        [[ $COMP_CWORD -eq $((i + 1)) ]] &&
            mapfile -t COMPREPLY < <(compgen -W "$(_gtidpos_commands "$prog")" -- "$cur")
        return 0
    fi

    # the value of the option before
    case $prev in
    --flavor) mapfile -t COMPREPLY < <(compgen -W 'mysql mariadb' -- "$cur"); return 0 ;;
    --verify) mapfile -t COMPREPLY < <(compgen -W 'all gtid none' -- "$cur"); return 0 ;;
    --format) mapfile -t COMPREPLY < <(compgen -W 'tsv csv jsonl' -- "$cur"); return 0 ;;
    --io) mapfile -t COMPREPLY < <(compgen -W 'split read mmap' -- "$cur"); return 0 ;;
    --relay-dir | --binlog-dir | --output-dir | -d)
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -d -- "$cur")
        return 0 ;;
    --label | --before | --name | --start-position | --stop-position | --source-pos | \
        --start-datetime | --stop-datetime | --include-gtids | --exclude-gtids | -j | --jobs)
        return 0 ;;
    esac
    if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$(_gtidpos_options "$prog" "$cmd")" -- "$cur")
        return 0
    fi
    # PATHs, FILE[:POS], option files (--files-from, --task, ...)
    compopt -o filenames 2>/dev/null
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    return 0
}

complete -F _gtidpos gtidpos
