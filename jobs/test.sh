#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors, runs the whole ctest suite.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
dwell_install_packages "${DWELL_TEST_PACKAGES[@]}"
DWELL_WERROR=ON dwell_build
cd "$DWELL_BUILD"
ctest --output-on-failure -j 2 "$@"
