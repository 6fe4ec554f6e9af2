# shellcheck shell=bash
# SPDX-License-Identifier: BSD-2-Clause
# cli_prelude.sh - sourced first by the CLI tests (tests/cli/*.sh): strict
# variables, the C locale, GTIDPOS made absolute (a relative one names a
# file relative to where the test was started), then the working directory
# becomes the repository root.
set -u
LC_ALL=C
export LC_ALL

GTIDPOS=${GTIDPOS:-build/gtidpos}
case $GTIDPOS in /*) ;; *) [ -e "$GTIDPOS" ] && GTIDPOS=$PWD/$GTIDPOS ;; esac
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 2
# python3: Debian's (tools/deps.sh installs it), not a version manager's
# shim found first in PATH: pyenv's runs a bash pipeline per call, a
# second or more on a busy machine, and the tests call python3 often.
if [ -x /usr/bin/python3 ]; then python3() { /usr/bin/python3 "$@"; }; fi

# cli_need_gtidpos: stop with status 2 (nothing to test: not built) when
# GTIDPOS is not an executable.
cli_need_gtidpos() {
    [ -x "$GTIDPOS" ] && return 0
    echo "${0##*/}: no gtidpos binary at $GTIDPOS (run make first)" >&2
    exit 2
}

# cli_need_tool COMMAND MESSAGE: when COMMAND is not installed, one failed
# check saying MESSAGE, the summary line, and exit 1 (needs tally.sh).
cli_need_tool() {
    command -v "$1" >/dev/null && return 0
    fail "$2"
    tally_summary
    exit 1
}

# cli_tmpdir: a new private directory in CLI_TMP, removed on exit.
cli_tmpdir() {
    CLI_TMP=$(mktemp -d) || exit 2
    trap 'rm -rf "$CLI_TMP"' EXIT
}
