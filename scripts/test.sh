#!/usr/bin/env bash
#===- scripts/test.sh - Build and run the whole test suite ---------------===#
#
# The README's second command, and what .ci/run runs: installs what is
# missing, builds, and runs every lit and unit test (check-carbon).
#
#===------------------------------------------------------------------------===#
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/bootstrap.sh"
"$root/scripts/build.sh" check-carbon
