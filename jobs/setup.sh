#!/usr/bin/env bash
# Installs (Debian, apt-get) what dwell needs and is missing, then configures and
# builds into build/. Sourced by quickstart.sh and test.sh; DWELL_WERROR=ON for CI.
set -euo pipefail
DWELL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DWELL_BUILD="${DWELL_BUILD:-$DWELL_ROOT/build}"
# libopenblas0-serial: an optimised BLAS/LAPACK without threads (MPI ranks must not spawn
# any) that registers itself as the libblas.so.3/liblapack.so.3 alternative (priority 90 over
# the reference 10), so MUMPS, PETSc's LAPACK calls and numpy use it: the MUMPS Cholesky of
# `dwell modes` is 10x faster than on the reference BLAS (README "Benchmarks").
# libxgboost-dev: the gradient-boosted pre-screen of IS pairs (DWScreen, src/screen/), through
# XGBoost's C API.
DWELL_PACKAGES=(build-essential cmake pkg-config petsc-dev slepc-dev libhdf5-openmpi-dev liblapack-dev libblas-dev
  libopenmpi-dev openmpi-bin libyaml-dev python3-numpy python3-h5py python3-matplotlib python3-yaml hdf5-tools
  libopenblas0-serial libxgboost-dev)
# Only the test suite needs these (jobs/test.sh installs them): LAMMPS, the independent code
# the tests and benchmarks compare against; slurm-wlm and munge for the ctest `slurm` (a
# one-node SLURM cluster of its own); clang for the fuzz targets (tests/fuzz/run.sh); scipy
# for the L-BFGS-B peer of bench/minimize.sh.
DWELL_TEST_PACKAGES=(lammps slurm-wlm munge clang-14 libclang-rt-14-dev python3-scipy)

# dwell_install_packages [EXTRA...]: installs what is missing of DWELL_PACKAGES and EXTRA.
dwell_install_packages() {
  local missing=()
  for p in "${DWELL_PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "dwell: installing ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

dwell_build() {
  cmake -S "$DWELL_ROOT" -B "$DWELL_BUILD" -DCMAKE_BUILD_TYPE=Release \
    -DDWELL_WERROR="${DWELL_WERROR:-OFF}" >/dev/null
  cmake --build "$DWELL_BUILD" -j "$(nproc)"
}

# mpiexec flags for tests and scripts: oversubscribe, and allow root.
DWELL_MPIEXEC_FLAGS="--oversubscribe"
[ "$(id -u)" -eq 0 ] && DWELL_MPIEXEC_FLAGS="$DWELL_MPIEXEC_FLAGS --allow-run-as-root"
export DWELL_MPIEXEC_FLAGS
export OMPI_MCA_rmaps_base_oversubscribe=1
