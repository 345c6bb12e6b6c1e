/* Configurations in HDF5: group /config with datasets positions (N x 3), species (N) and,
   for pss, diameters (N); attributes box, the tilts box_xy, box_xz, box_yz of the triclinic
   cell of include/dwell/box.h (files written before them hold a cube: absent = 0), model, N,
   and units/description on every dataset (see include/dwell/io.h). Every rank reads; rank 0
   writes. */
#include "io/ioimpl.h"
#include "io/h5check.h"

/* The /config attributes of the tilts (xy, xz, yz), sigma. */
static const char *const TiltName[3] = {"box_xy", "box_xz", "box_yz"};

PetscErrorCode DWH5WriteConfig(hid_t file, DWSystem sys, const char description[])
{
  hid_t group;
  int *species;
  DWConfigView v;

  PetscFunctionBegin;
  PetscCall(DWConfigViewGet(sys, &v));
  const DWParticles p  = v.p;
  hsize_t dims[2]      = {(hsize_t)p.N, 3};
  const double tilt[3] = {(double)p.box.xy, (double)p.box.xz, (double)p.box.yz};
  PetscCall(DWH5CreateGroup(file, "config", &group));
  PetscCall(DWH5WriteAttrDouble(group, "box", (double)v.L));
  PetscCall(DWH5WriteAttrString(group, "box_units", "sigma"));
  for (int k = 0; k < 3; k++) PetscCall(DWH5WriteAttrDouble(group, TiltName[k], tilt[k]));
  PetscCall(DWH5WriteAttrString(group, "model", v.model));
  PetscCall(DWH5WriteAttrInt(group, "N", p.N));
  PetscCall(DWH5WriteAttrInt(group, "nspecies", v.nspecies));
  PetscCall(DWH5WriteAttrString(group, "description", description));
  PetscCall(DWH5WriteDataset(group, "positions", H5T_NATIVE_DOUBLE, 2, dims, p.x, "sigma",
                             "particle positions x, y, z (unwrapped)"));
  PetscCall(PetscMalloc1(p.N, &species));
  for (PetscInt i = 0; i < p.N; i++) species[i] = (int)p.species[i];
  PetscCall(DWH5WriteDataset(group, "species", H5T_NATIVE_INT, 1, dims, species, "1",
                             "species index, 0 = A, 1 = B, 2 = C"));
  PetscCall(PetscFree(species));
  if (p.diameter)
    PetscCall(DWH5WriteDataset(group, "diameters", H5T_NATIVE_DOUBLE, 1, dims, p.diameter, "sigma",
                               "particle diameters s_i (pss)"));
  DWCallHDF5(H5Gclose(group));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteContents(hid_t file, void *sys)
{
  PetscFunctionBegin;
  PetscCall(DWH5WriteAttrString(file, "dwell_version", DWELL_VERSION));
  PetscCall(DWH5WriteConfig(
      file, (DWSystem)sys,
      "one configuration in a periodic box of edge box and tilts box_xy, box_xz, box_yz "
      "(LAMMPS convention); positions unwrapped"));
  PetscFunctionReturn(0);
}

PetscErrorCode DWSystemWriteHDF5(DWSystem sys, const char path[])
{
  MPI_Comm comm;

  PetscFunctionBegin;
  PetscCall(DWSystemGetComm(sys, &comm));
  PetscCall(DWH5WriteOnRankZero(comm, path, WriteContents, sys));
  PetscFunctionReturn(0);
}

/* Opens /config/name and checks its shape (N, or N x cols) and that its values can be read as
   `mem` (integer species, floating-point positions and diameters) before anything is
   allocated for it. */
static PetscErrorCode OpenDataset(MPI_Comm comm, const char path[], hid_t group, const char name[],
                                  hid_t mem, PetscInt N, int cols, hid_t *dset)
{
  hid_t space, type;
  hsize_t dims[2] = {0, 0};
  int rank;

  PetscFunctionBegin;
  PetscCall(DWH5Open(group, name, H5O_TYPE_DATASET, dset));
  DWCallHDF5Id(type, H5Dget_type(*dset));
  PetscCall(DWH5CheckType(*dset, type, mem, ""));
  DWCallHDF5(H5Tclose(type));
  DWCallHDF5Id(space, H5Dget_space(*dset));
  rank = H5Sget_simple_extent_ndims(space);
  PetscCheck(rank == (cols > 1 ? 2 : 1), comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: /config/%s has rank %d, expected %d", path, name, rank, cols > 1 ? 2 : 1);
  DWCallHDF5(H5Sget_simple_extent_dims(space, dims, NULL));
  PetscCheck(dims[0] == (hsize_t)N && (cols == 1 || dims[1] == (hsize_t)cols), comm,
             PETSC_ERR_FILE_UNEXPECTED,
             "%s: /config/%s has shape %llu x %llu, expected %" PetscInt_FMT " x %d", path, name,
             (unsigned long long)dims[0], (unsigned long long)dims[1], N, cols);
  DWCallHDF5(H5Sclose(space));
  PetscFunctionReturn(0);
}

/* Reads the dataset opened by OpenDataset into data and closes it. */
static PetscErrorCode ReadDataset(MPI_Comm comm, const char path[], const char name[], hid_t dset,
                                  hid_t mem, void *data)
{
  PetscFunctionBegin;
  PetscCheck(H5Dread(dset, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) >= 0, comm,
             PETSC_ERR_FILE_READ, "%s: cannot read /config/%s (truncated or corrupt file?)", path,
             name);
  DWCallHDF5(H5Dclose(dset));
  PetscFunctionReturn(0);
}

/* The tilts of /config, each finite and within +-box/2; an absent one (a file written before
   the tilts were stored) is 0. */
static PetscErrorCode ReadTilts(MPI_Comm comm, const char path[], hid_t group, double box,
                                PetscReal tilt[3])
{
  PetscBool found;
  double t;

  PetscFunctionBegin;
  for (int k = 0; k < 3; k++) {
    PetscCall(DWH5ReadAttrDouble(group, TiltName[k], &t, &found));
    tilt[k] = found ? t : 0;
    PetscCheck(!found || !PetscIsInfOrNanReal(t), comm, PETSC_ERR_FILE_UNEXPECTED,
               "%s: /config attribute %s is not finite", path, TiltName[k]);
  }
  PetscCheck(DWBoxTiltValid(box, tilt), comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: /config tilts (box_xy, box_xz, box_yz) = (%g, %g, %g) must each be within "
             "+-box/2 = %g",
             path, (double)tilt[0], (double)tilt[1], (double)tilt[2], 0.5 * box);
  PetscFunctionReturn(0);
}

/* The attributes box, N and model of /config. */
static PetscErrorCode ReadConfigAttributes(MPI_Comm comm, const char path[], hid_t group,
                                           double *box, PetscInt *N, char model[])
{
  long long n;
  PetscBool found;

  PetscFunctionBegin;
  PetscCall(DWH5ReadAttrDouble(group, "box", box, &found));
  PetscCheck(found && *box > 0 && PetscIsNormalReal(*box), comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: /config has no finite positive 'box' attribute", path);
  PetscCall(DWH5ReadAttrInt(group, "N", &n, &found));
  PetscCheck(found, comm, PETSC_ERR_FILE_UNEXPECTED, "%s: /config has no 'N' attribute", path);
  PetscCheck(n >= 1 && n <= DW_IO_MAX_PARTICLES, comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: /config has N = %lld, not in 1..%d (dwell's limit)", path, n,
             DW_IO_MAX_PARTICLES);
  *N = (PetscInt)n;
  PetscCall(DWH5ReadAttrString(group, "model", model, DW_MODEL_NAME_LEN, &found));
  PetscFunctionReturn(0);
}

/* Species in 0..DW_MAX_SPECIES-1 and the number of species (attribute nspecies, else the
   largest species + 1). */
static PetscErrorCode CheckSpecies(MPI_Comm comm, const char path[], hid_t group, DWSystem sys,
                                   const DWParticles *p)
{
  PetscInt maxs = 0;
  long long n;
  PetscBool found;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < p->N; i++) {
    PetscCheck(p->species[i] >= 0 && p->species[i] < DW_MAX_SPECIES, comm,
               PETSC_ERR_FILE_UNEXPECTED,
               "%s: /config/species: particle %" PetscInt_FMT " has species %" PetscInt_FMT
               ", not in 0..%d",
               path, i, p->species[i], DW_MAX_SPECIES - 1);
    maxs = PetscMax(maxs, p->species[i]);
  }
  PetscCall(DWH5ReadAttrInt(group, "nspecies", &n, &found));
  PetscCheck(!found || (n > maxs && n <= DW_MAX_SPECIES), comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: /config has nspecies = %lld, not in %" PetscInt_FMT "..%d", path, n, maxs + 1,
             DW_MAX_SPECIES);
  PetscCall(DWSystemSetNumSpecies(sys, (PetscInt)(found ? n : maxs + 1)));
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadConfig(MPI_Comm comm, const char path[], hid_t file, DWSystem *sys)
{
  hid_t group, dset;
  double box;
  PetscReal tilt[3];
  PetscInt N = 0;
  char model[DW_MODEL_NAME_LEN];
  DWParticles p;

  PetscFunctionBegin;
  PetscCheck(H5Lexists(file, "config", H5P_DEFAULT) > 0, comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: no /config group (not a dwell configuration file)", path);
  PetscCall(DWH5Open(file, "config", H5O_TYPE_GROUP, &group));
  PetscCall(ReadConfigAttributes(comm, path, group, &box, &N, model));
  PetscCall(ReadTilts(comm, path, group, box, tilt));
  PetscCall(OpenDataset(comm, path, group, "positions", H5T_NATIVE_DOUBLE, N, 3, &dset));
  PetscCall(DWSystemCreate(comm, sys));
  PetscCall(DWSystemSetSize(*sys, N));
  PetscCall(DWSystemSetBox(*sys, box));
  PetscCall(DWSystemSetBoxTilt(*sys, tilt));
  PetscCall(DWSystemSetModelName(*sys, model));
  PetscCall(DWSystemGetParticles(*sys, &p));
  PetscCall(ReadDataset(comm, path, "positions", dset, H5T_NATIVE_DOUBLE, p.x));
  for (PetscInt k = 0; k < 3 * p.N; k++)
    PetscCheck(!PetscIsInfOrNanReal(p.x[k]), comm, PETSC_ERR_FILE_UNEXPECTED,
               "%s: /config/positions: particle %" PetscInt_FMT
               " has a position that is not finite",
               path, k / 3);
  PetscCall(OpenDataset(comm, path, group, "species", DWH5NativeInt(), N, 1, &dset));
  PetscCall(ReadDataset(comm, path, "species", dset, DWH5NativeInt(), p.species));
  PetscCall(CheckSpecies(comm, path, group, *sys, &p));
  if (H5Lexists(group, "diameters", H5P_DEFAULT) > 0) {
    PetscReal *d;
    PetscCall(OpenDataset(comm, path, group, "diameters", H5T_NATIVE_DOUBLE, N, 1, &dset));
    PetscCall(DWSystemUseDiameters(*sys, &d));
    PetscCall(ReadDataset(comm, path, "diameters", dset, H5T_NATIVE_DOUBLE, d));
    for (PetscInt i = 0; i < N; i++)
      PetscCheck(d[i] > 0 && !PetscIsInfOrNanReal(d[i]), comm, PETSC_ERR_FILE_UNEXPECTED,
                 "%s: /config/diameters: particle %" PetscInt_FMT " has diameter %g", path, i,
                 (double)d[i]);
  }
  DWCallHDF5(H5Oclose(group));
  PetscFunctionReturn(0);
}

typedef struct {
  MPI_Comm comm;
  DWSystem *sys;
} ReadContext;

static PetscErrorCode ReadConfigContext(const char path[], hid_t file, void *ctx)
{
  ReadContext *rc = (ReadContext *)ctx;

  PetscFunctionBegin;
  PetscCall(ReadConfig(rc->comm, path, file, rc->sys));
  PetscFunctionReturn(0);
}

PetscErrorCode DWSystemReadHDF5(MPI_Comm comm, const char path[], DWSystem *sys)
{
  ReadContext rc = {comm, sys};
  PetscErrorCode ierr;

  PetscFunctionBegin;
  *sys = NULL;
  ierr = DWH5ReadFile(comm, path, ReadConfigContext, &rc);
  if (ierr) PetscCall(DWSystemDestroy(sys));
  PetscCall(ierr);
  PetscFunctionReturn(0);
}
