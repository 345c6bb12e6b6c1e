/* LAMMPS data files written by LAMMPS itself (Debian lammps, fixture lammps_write.sh) read
   by dwell (issue 2: configurations importable from LAMMPS data files).

   1. native.data, from lammps_native.in: the atoms below, created with create_atoms single
      at known positions in the box [-2, 8)^3, two types, image flags set with `set atom`.
      dwell keeps the box as [0, L) with unwrapped positions, so it must hold N = 6,
      L = 10, 2 species, type t -> species t - 1, no model name, and
      x = (x_lammps - lo) + image L. LAMMPS prints positions with at least 15 significant
      digits and |x| < 60 here, so the tolerance is 1e-12 sigma (observed: exact).
   2. ka_lmp.data / pss_lmp.data: dwell's own LAMMPS files (ka atomic, pss sphere, with atoms
      moved several box lengths out of the box) read by LAMMPS, which wraps them into the box
      with image flags, and written back. dwell must read the same system: N, box and
      species identical, diameters to 1e-14 relative (printing), positions to 1e-12 sigma
      (LAMMPS's wrap x - n L and dwell's unwrap + n L each round once, |x| < 100: ~1e-14). */
#include <dwell/dwell.h>
#include "testutil.h"

/* Keep in sync with lammps_native.in. */
static const PetscReal native_lo = -2, native_L = 10;
static const struct {
  PetscInt type;
  PetscReal x[3];
  PetscInt image[3];
} native[] = {
    {1, {0.5, 0.25, 1.0}, {0, 0, 0}},
    {2, {7.75, -1.5, 3.125}, {1, 0, -2}},
    {1, {3.0, 4.0, -0.5}, {-1, 3, 0}},
    {2, {-1.0, 7.9375, 6.5}, {0, 0, 0}},
    {1, {1.234567890123456789, 5.5555555555555555, 2.7182818284590452}, {2, -1, 5}},
    {2, {6.1, 0.1, 7.3}, {0, 0, 1}},
};

static PetscErrorCode CheckNative(MPI_Comm comm, const char dir[])
{
  char path[PETSC_MAX_PATH_LEN], msg[256];
  DWSystem sys;
  DWPotential pot;
  PetscInt N, nspecies, *species;
  PetscReal L, *x, err = 0;
  const char *model;
  const PetscInt n = sizeof(native) / sizeof(native[0]);
  PetscBool types  = PETSC_TRUE;

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/native.data", dir));
  PetscCall(DWSystemLoad(comm, path, &sys));
  PetscCall(DWSystemGetSize(sys, &N));
  PetscCall(DWSystemGetBox(sys, &L));
  PetscCall(DWSystemGetNumSpecies(sys, &nspecies));
  PetscCall(DWSystemGetModelName(sys, &model));
  PetscCall(PetscSNPrintf(msg, sizeof(msg),
                          "native.data: N = %" PetscInt_FMT " (6), L = %g (10), %" PetscInt_FMT
                          " species (2), model '%s' ('')",
                          N, (double)L, nspecies, model));
  DWTestTrue(comm, msg, N == n && L == native_L && nspecies == 2 && !model[0]);
  if (N == n) {
    PetscCall(DWSystemGetPositions(sys, &x));
    PetscCall(DWSystemGetSpecies(sys, &species));
    for (PetscInt i = 0; i < n; i++) {
      types = (PetscBool)(types && species[i] == native[i].type - 1);
      for (int k = 0; k < 3; k++) {
        const PetscReal expect = (native[i].x[k] - native_lo) + native[i].image[k] * native_L;
        err                    = PetscMax(err, PetscAbsReal(x[3 * i + k] - expect));
      }
    }
    DWTestTrue(comm, "native.data: LAMMPS type t is species t - 1 for every atom", types);
    DWTestLE(comm, "native.data: max |x - ((x_lammps - lo) + image L)| (sigma)", err, 1e-12);
  }
  /* A file without a model name is accepted by any species model. */
  PetscCall(DWPotentialCreate(comm, &pot));
  PetscCall(DWPotentialSetType(pot, DWPOTENTIAL_KA));
  PetscCall(DWPotentialSetUp(pot, sys));
  PetscCall(DWPotentialDestroy(&pot));
  PetscCall(DWSystemDestroy(&sys));
  PetscFunctionReturn(0);
}

/* dwell's file `mine` against LAMMPS's rewrite `theirs`. */
static PetscErrorCode CheckRewrite(MPI_Comm comm, const char dir[], const char mine[],
                                   const char theirs[])
{
  char path[PETSC_MAX_PATH_LEN], msg[256];
  DWSystem a, b;
  PetscInt Na, Nb, nsa, nsb, *sa, *sb;
  PetscReal La, Lb, *xa, *xb, *da, *db, err = 0, outside = 0;
  PetscBool same;

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/%s", dir, mine));
  PetscCall(DWSystemLoad(comm, path, &a));
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/%s", dir, theirs));
  PetscCall(DWSystemLoad(comm, path, &b));
  PetscCall(DWSystemGetSize(a, &Na));
  PetscCall(DWSystemGetSize(b, &Nb));
  PetscCall(DWSystemGetBox(a, &La));
  PetscCall(DWSystemGetBox(b, &Lb));
  PetscCall(DWSystemGetNumSpecies(a, &nsa));
  PetscCall(DWSystemGetNumSpecies(b, &nsb));
  PetscCall(
      PetscSNPrintf(msg, sizeof(msg), "%s: N, box and number of species as in %s", theirs, mine));
  DWTestTrue(comm, msg, Na == Nb && La == Lb && nsa == nsb);
  if (Na == Nb) {
    PetscCall(DWSystemGetSpecies(a, &sa));
    PetscCall(DWSystemGetSpecies(b, &sb));
    PetscCall(PetscArraycmp(sa, sb, Na, &same));
    PetscCall(PetscSNPrintf(msg, sizeof(msg), "%s: species as in %s", theirs, mine));
    DWTestTrue(comm, msg, same);
    PetscCall(DWSystemGetPositions(a, &xa));
    PetscCall(DWSystemGetPositions(b, &xb));
    for (PetscInt k = 0; k < 3 * Na; k++) {
      err     = PetscMax(err, PetscAbsReal(xa[k] - xb[k]));
      outside = PetscMax(outside, PetscAbsReal(xa[k]) / La);
    }
    PetscCall(PetscSNPrintf(msg, sizeof(msg), "%s: max |x_dwell - x_lammps| (sigma)", theirs));
    DWTestLE(comm, msg, err, 1e-12);
    PetscCall(PetscSNPrintf(msg, sizeof(msg),
                            "%s: some atoms lie several boxes away (max |x|/L = %.2f)", mine,
                            (double)outside));
    DWTestTrue(comm, msg, outside > 10);
    PetscCall(DWSystemGetDiameters(a, &da));
    PetscCall(DWSystemGetDiameters(b, &db));
    PetscCall(PetscSNPrintf(msg, sizeof(msg), "%s: diameters present in both or neither", theirs));
    DWTestTrue(comm, msg, !da == !db);
    if (da && db) {
      PetscCall(PetscSNPrintf(msg, sizeof(msg), "%s: diameters, max relative difference", theirs));
      DWTestLE(comm, msg, DWTestRelDiff(Na, db, da), 1e-14);
    }
  }
  PetscCall(DWSystemDestroy(&a));
  PetscCall(DWSystemDestroy(&b));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  char dir[PETSC_MAX_PATH_LEN] = ".";
  MPI_Comm comm;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_WORLD;
  PetscCall(PetscOptionsGetString(NULL, NULL, "-dir", dir, sizeof(dir), NULL));
  PetscCall(CheckNative(comm, dir));
  PetscCall(CheckRewrite(comm, dir, "ka_out.data", "ka_lmp.data"));
  PetscCall(CheckRewrite(comm, dir, "pss_out.data", "pss_lmp.data"));
  {
    int failed = DWTestFinish(comm);
    PetscCall(PetscFinalize());
    return failed;
  }
}
