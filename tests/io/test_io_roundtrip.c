/* Configuration round trips (issue 2, "Round trips"): a random system of one model is
   written as extended XYZ, LAMMPS data and HDF5 (every extension each format accepts) and
   read back, and the result must be bitwise identical (DWSystemEqual: N, box, number of
   species, species, diameters, model name and positions compared with memcmp).

   Why bitwise identity is the right assertion: the text writers print doubles with 17
   significant digits, which identify every IEEE binary64 value uniquely, and glibc's
   strtod rounds correctly, so text -> double recovers the very bits written; HDF5 stores
   the doubles themselves. The LAMMPS writer puts the box at [0, L) and positions are
   unchanged (x - 0 + 0 L = x), and the model name travels in the header comment.
   Positions are unwrapped, so some particles are first moved several box lengths out of
   the box (x += 2.7 L, y -= 3.3 L, z += 11.9 L): they must come back unchanged, not
   wrapped. A loaded system must also be accepted by the model (DWPotentialSetUp).

   With -tilted the box is triclinic (tilts xy, xz, yz = 0.3137 L, -0.2291 L, 0.4419 L, not
   round numbers, one close to the L/2 limit): every format must give the tilts and positions
   back bit for bit (DWSystemEqual compares the tilts too). Files written before the tilts
   were stored must still read as a cube: a text file of a cube is unchanged (zero tilts are
   printed "0" in the extxyz Lattice, and LAMMPS has no "xy xz yz" line), and an HDF5 file of
   a cube whose tilt attributes are deleted (the old layout) must read back equal.

   Under MPI (RANKS 2) rank 0 writes and every rank reads: each rank must hold the same
   system as rank 0, bit for bit, checked by broadcasting rank 0's copy. After the writes
   the directory must hold no temporary (*.tmp.*) file. */
#include <dirent.h>
#include <dwell/dwell.h>
#include "testutil.h"
#include <hdf5.h>

static const char *extensions[] = {"xyz", "extxyz", "data", "lmp", "h5", "hdf5"};

/* Moves every 5th particle 2.7 L along x, every 7th -3.3 L along y, every 11th 11.9 L
   along z: unwrapped positions far outside the box. */
static PetscErrorCode Unwrap(DWSystem sys)
{
  PetscInt N;
  PetscReal L, *x;
  const PetscReal shift[3] = {2.7, -3.3, 11.9};
  const PetscInt every[3]  = {5, 7, 11};

  PetscFunctionBegin;
  PetscCall(DWSystemGetSize(sys, &N));
  PetscCall(DWSystemGetBox(sys, &L));
  PetscCall(DWSystemGetPositions(sys, &x));
  for (PetscInt i = 0; i < N; i++)
    for (int k = 0; k < 3; k++)
      if (i % every[k] == 0) x[3 * i + k] += shift[k] * L;
  PetscFunctionReturn(0);
}

/* Collective. *same = PETSC_TRUE on every rank when every rank's system is bitwise equal to
   rank 0's (N, box, species count, model, positions, species, diameters). */
static PetscErrorCode SameOnAllRanks(DWSystem sys, PetscBool *same)
{
  MPI_Comm comm;
  DWSystem ref;
  PetscInt N, Nmax, Nmin, nspecies, *species;
  PetscReal L, tilt[3], *x, *d;
  const char *model;
  char name[DW_MODEL_NAME_LEN];
  int hasd, eq;
  PetscBool equal;

  PetscFunctionBegin;
  PetscCall(DWSystemGetComm(sys, &comm));
  PetscCall(DWSystemGetSize(sys, &N));
  PetscCallMPI(MPI_Allreduce(&N, &Nmax, 1, MPIU_INT, MPI_MAX, comm));
  PetscCallMPI(MPI_Allreduce(&N, &Nmin, 1, MPIU_INT, MPI_MIN, comm));
  if (Nmax != Nmin) {
    *same = PETSC_FALSE;
    PetscFunctionReturn(0);
  }
  /* ref: this rank's copy, overwritten with rank 0's data */
  PetscCall(DWSystemDuplicate(sys, &ref));
  PetscCall(DWSystemGetBox(ref, &L));
  PetscCall(DWSystemGetBoxTilt(ref, tilt));
  PetscCall(DWSystemGetNumSpecies(ref, &nspecies));
  PetscCall(DWSystemGetModelName(ref, &model));
  PetscCall(PetscStrncpy(name, model, sizeof(name)));
  PetscCall(DWSystemGetPositions(ref, &x));
  PetscCall(DWSystemGetSpecies(ref, &species));
  PetscCall(DWSystemGetDiameters(ref, &d));
  hasd = d != NULL;
  PetscCallMPI(MPI_Bcast(&L, 1, MPIU_REAL, 0, comm));
  PetscCallMPI(MPI_Bcast(tilt, 3, MPIU_REAL, 0, comm));
  PetscCallMPI(MPI_Bcast(&nspecies, 1, MPIU_INT, 0, comm));
  PetscCallMPI(MPI_Bcast(name, sizeof(name), MPI_CHAR, 0, comm));
  PetscCallMPI(MPI_Bcast(x, 3 * N, MPIU_REAL, 0, comm));
  PetscCallMPI(MPI_Bcast(species, N, MPIU_INT, 0, comm));
  PetscCallMPI(MPI_Bcast(&hasd, 1, MPI_INT, 0, comm));
  PetscCall(DWSystemSetBox(ref, L));
  PetscCall(DWSystemSetBoxTilt(ref, tilt));
  PetscCall(DWSystemSetNumSpecies(ref, nspecies));
  PetscCall(DWSystemSetModelName(ref, name));
  if (hasd) {
    PetscCall(DWSystemUseDiameters(ref, &d));
    PetscCallMPI(MPI_Bcast(d, N, MPIU_REAL, 0, comm));
  }
  PetscCall(DWSystemEqual(sys, ref, &equal));
  eq = equal;
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &eq, 1, MPI_INT, MPI_LAND, comm));
  *same = (PetscBool)eq;
  PetscCall(DWSystemDestroy(&ref));
  PetscFunctionReturn(0);
}

/* The box tilted by the fractions of L of the header. */
static PetscErrorCode Tilt(DWSystem sys)
{
  PetscReal L, tilt[3];
  const PetscReal frac[3] = {0.3137, -0.2291, 0.4419};

  PetscFunctionBegin;
  PetscCall(DWSystemGetBox(sys, &L));
  for (int k = 0; k < 3; k++) tilt[k] = frac[k] * L;
  PetscCall(DWSystemSetBoxTilt(sys, tilt));
  PetscFunctionReturn(0);
}

/* Collective. Writes the untilted copy of sys to path (HDF5) and deletes the tilt attributes
   of /config on rank 0, giving the layout of a file written before the tilts were stored;
   *cube is that copy. */
static PetscErrorCode WriteOldHDF5(DWSystem sys, const char path[], DWSystem *cube)
{
  MPI_Comm comm;
  PetscMPIInt rank;
  PetscReal L;
  const char *names[3] = {"box_xy", "box_xz", "box_yz"};

  PetscFunctionBegin;
  PetscCall(DWSystemGetComm(sys, &comm));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCall(DWSystemDuplicate(sys, cube));
  PetscCall(DWSystemGetBox(*cube, &L));
  PetscCall(DWSystemSetBox(*cube, L));
  PetscCall(DWSystemSave(*cube, path));
  if (!rank) {
    hid_t file = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT), group;
    PetscCheck(file >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot open %s", path);
    group = H5Gopen2(file, "config", H5P_DEFAULT);
    PetscCheck(group >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_READ, "%s: no /config", path);
    for (int k = 0; k < 3; k++)
      PetscCheck(H5Adelete(group, names[k]) >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE,
                 "%s: cannot delete /config attribute %s", path, names[k]);
    PetscCheck(H5Gclose(group) >= 0 && H5Fclose(file) >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE,
               "cannot close %s", path);
  }
  PetscCallMPI(MPI_Barrier(comm));
  PetscFunctionReturn(0);
}

/* Collective. Number of files in dir whose name contains ".tmp" (counted on rank 0). */
static PetscErrorCode CountTempFiles(MPI_Comm comm, const char dir[], PetscInt *n)
{
  PetscMPIInt rank;

  PetscFunctionBegin;
  *n = 0;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (!rank) {
    DIR *d = opendir(dir);
    struct dirent *e;
    PetscCheck(d, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot list %s", dir);
    while ((e = readdir(d)))
      if (strstr(e->d_name, ".tmp")) (*n)++;
    closedir(d);
  }
  PetscCallMPI(MPI_Bcast(n, 1, MPIU_INT, 0, comm));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  MPI_Comm comm;
  DWPotential pot;
  DWSystem sys;
  char model[DW_MODEL_NAME_LEN] = "ka", dir[PETSC_MAX_PATH_LEN] = "io_roundtrip";
  char path[PETSC_MAX_PATH_LEN], msg[256];
  PetscInt N = 500, seed = 7, ntmp;
  PetscMPIInt rank, size;
  PetscBool same, tilted = PETSC_FALSE;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_WORLD;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-model", model, sizeof(model), NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-dir", dir, sizeof(dir), NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-N", &N, NULL));
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-tilted", &tilted, NULL));
  if (!rank) {
    PetscCall(PetscRMTree(dir));
    PetscCall(PetscMkdir(dir));
  }
  PetscCallMPI(MPI_Barrier(comm));

  PetscCall(DWTestRandomSystem(comm, model, N, seed, &pot, &sys));
  PetscCall(Unwrap(sys));
  if (tilted) PetscCall(Tilt(sys));
  PetscCall(PetscPrintf(comm, "model %s, N = %" PetscInt_FMT ", %s box, %d rank(s), files in %s\n",
                        model, N, tilted ? "tilted" : "cubic", size, dir));
  if (size > 1) {
    PetscCall(SameOnAllRanks(sys, &same));
    DWTestTrue(comm, "the original system is the same on every rank", same);
  }

  for (size_t e = 0; e < sizeof(extensions) / sizeof(extensions[0]); e++) {
    DWSystem back;
    PetscBool equal;
    const char *name;
    int eq;

    PetscCall(PetscSNPrintf(path, sizeof(path), "%s/%s.%s", dir, model, extensions[e]));
    PetscCall(DWSystemSave(sys, path));
    PetscCall(DWSystemLoad(comm, path, &back));
    PetscCall(DWSystemEqual(sys, back, &equal));
    eq = equal;
    PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &eq, 1, MPI_INT, MPI_LAND, comm));
    PetscCall(PetscSNPrintf(
        msg, sizeof(msg),
        ".%-6s write-read gives a bitwise identical system (unwrapped positions kept)",
        extensions[e]));
    DWTestTrue(comm, msg, eq);
    PetscCall(DWSystemGetModelName(back, &name));
    PetscCall(
        PetscSNPrintf(msg, sizeof(msg), ".%-6s model name read back: '%s'", extensions[e], name));
    DWTestTrue(comm, msg, !strcmp(name, model));
    PetscCall(DWPotentialSetUp(pot, back));
    if (size > 1) {
      PetscCall(SameOnAllRanks(back, &same));
      PetscCall(PetscSNPrintf(msg, sizeof(msg), ".%-6s every rank read the same system as rank 0",
                              extensions[e]));
      DWTestTrue(comm, msg, same);
    }
    PetscCall(DWSystemDestroy(&back));
  }
  if (tilted) {
    DWSystem cube, back;
    PetscBool equal;
    PetscReal tilt[3];

    PetscCall(PetscSNPrintf(path, sizeof(path), "%s/%s_old.h5", dir, model));
    PetscCall(WriteOldHDF5(sys, path, &cube));
    PetscCall(DWSystemLoad(comm, path, &back));
    PetscCall(DWSystemEqual(cube, back, &equal));
    PetscCall(DWSystemGetBoxTilt(back, tilt));
    DWTestTrue(comm, ".h5 without tilt attributes (old layout) reads as the cube, bitwise",
               equal && tilt[0] == 0 && tilt[1] == 0 && tilt[2] == 0);
    PetscCall(DWSystemDestroy(&back));
    PetscCall(DWSystemDestroy(&cube));
  }
  PetscCall(CountTempFiles(comm, dir, &ntmp));
  DWTestTrue(comm, "no temporary file left after the writes", ntmp == 0);

  PetscCall(DWSystemDestroy(&sys));
  PetscCall(DWPotentialDestroy(&pot));
  {
    int failed = DWTestFinish(comm);
    PetscCall(PetscFinalize());
    return failed;
  }
}
