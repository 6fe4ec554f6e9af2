# shellcheck shell=bash
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
