# shellcheck shell=bash
# SPDX-License-Identifier: BSD-2-Clause
# mariadb_prelude.sh - sourced by the live-server tests (tests/mariadb/*.sh)
# after mariadb_server.sh and tally.sh: GTIDPOS made absolute; on exit every
# server started is stopped and TMP (set by the test; kept with GP_KEEP=1)
# removed; die MESSAGE (a failed check, the summary, exit 1); and the
# gtidpos binary and mariadbd checked to be there.
# shellcheck disable=SC2034 # TMP is the test's

GTIDPOS=${GTIDPOS:-build/gtidpos}
case $GTIDPOS in /*) ;; *) GTIDPOS=$PWD/$GTIDPOS ;; esac
# python3: Debian's (tools/deps.sh installs it), not a version manager's
# shim found first in PATH: pyenv's runs a bash pipeline per call, a
# second or more on a busy machine, and the tests call python3 often.
if [ -x /usr/bin/python3 ]; then python3() { /usr/bin/python3 "$@"; }; fi
TMP=""
mdb_test_cleanup() {
    mdb_cleanup
    if [ -n "$TMP" ] && [ -d "$TMP" ]; then
        if [ "${GP_KEEP:-0}" = 1 ]; then echo "kept $TMP" >&2; else rm -rf "$TMP"; fi
    fi
}
trap mdb_test_cleanup EXIT
trap 'exit 130' INT TERM
die() { fail "$*"; tally_summary; exit 1; }

[ -x "$GTIDPOS" ] || die "gtidpos binary not found: $GTIDPOS (run make)"
[ -x "$MDB_MARIADBD" ] || die "$MDB_MARIADBD not found (apt-get install mariadb-server)"
