/* Configurations in HDF5: group /config with datasets positions (N x 3), species (N) and,
   for pss, diameters (N); attributes box, model, N, and units/description on every
   dataset (see include/dwell/io.h). Every rank reads; rank 0 writes. */
#include "io/ioimpl.h"
#include "io/h5check.h"

PetscErrorCode DWH5WriteConfig(hid_t file, DWSystem sys, const char description[])
{
  hid_t group;
  int *species;
  DWConfigView v;

  PetscFunctionBegin;
  PetscCall(DWConfigViewGet(sys, &v));
  const DWParticles p = v.p;
  hsize_t dims[2]     = {(hsize_t)p.N, 3};
  PetscCall(DWH5CreateGroup(file, "config", &group));
  PetscCall(DWH5WriteAttrDouble(group, "box", (double)v.L));
  PetscCall(DWH5WriteAttrString(group, "box_units", "sigma"));
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
  PetscCall(
      DWH5WriteConfig(file, (DWSystem)sys,
                      "one configuration in a cubic periodic box [0, box)^3; positions unwrapped"));
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

/* Reads a dataset of `n` elements of `type`, checking its shape against N (and 3). */
static PetscErrorCode ReadDataset(MPI_Comm comm, const char path[], hid_t group, const char name[],
                                  hid_t type, PetscInt N, int cols, void *data)
{
  hid_t dset, space;
  hsize_t dims[2] = {0, 0};
  int rank;

  PetscFunctionBegin;
  PetscCheck(H5Lexists(group, name, H5P_DEFAULT) > 0, comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: /config/%s is missing", path, name);
  DWCallHDF5Id(dset, H5Dopen2(group, name, H5P_DEFAULT));
  DWCallHDF5Id(space, H5Dget_space(dset));
  rank = H5Sget_simple_extent_ndims(space);
  PetscCheck(rank == (cols > 1 ? 2 : 1), comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: /config/%s has rank %d, expected %d", path, name, rank, cols > 1 ? 2 : 1);
  DWCallHDF5(H5Sget_simple_extent_dims(space, dims, NULL));
  PetscCheck(dims[0] == (hsize_t)N && (cols == 1 || dims[1] == (hsize_t)cols), comm,
             PETSC_ERR_FILE_UNEXPECTED,
             "%s: /config/%s has shape %llu x %llu, expected %" PetscInt_FMT " x %d", path, name,
             (unsigned long long)dims[0], (unsigned long long)dims[1], N, cols);
  PetscCheck(H5Dread(dset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) >= 0, comm,
             PETSC_ERR_FILE_READ, "%s: cannot read /config/%s (truncated or corrupt file?)", path,
             name);
  DWCallHDF5(H5Sclose(space));
  DWCallHDF5(H5Dclose(dset));
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadConfig(MPI_Comm comm, const char path[], hid_t file, DWSystem *sys)
{
  hid_t group;
  double box, nattr;
  long long n;
  char model[DW_MODEL_NAME_LEN];
  PetscBool found;
  int *species;
  DWParticles p;

  PetscFunctionBegin;
  PetscCheck(H5Lexists(file, "config", H5P_DEFAULT) > 0, comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: no /config group (not a dwell configuration file)", path);
  DWCallHDF5Id(group, H5Gopen2(file, "config", H5P_DEFAULT));
  PetscCall(DWH5ReadAttrDouble(group, "box", &box, &found));
  PetscCheck(found && box > 0, comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: /config has no positive 'box' attribute", path);
  PetscCall(DWH5ReadAttrInt(group, "N", &n, &found));
  PetscCheck(found, comm, PETSC_ERR_FILE_UNEXPECTED, "%s: /config has no 'N' attribute", path);
  nattr = (double)n;
  PetscCheck(nattr > 0, comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: /config has N = %g; it must be positive", path, nattr);
  PetscCall(DWH5ReadAttrString(group, "model", model, sizeof(model), &found));
  PetscCall(DWSystemCreate(comm, sys));
  PetscCall(DWSystemSetSize(*sys, (PetscInt)nattr));
  PetscCall(DWSystemSetBox(*sys, box));
  PetscCall(DWSystemSetModelName(*sys, model));
  PetscCall(DWSystemGetParticles(*sys, &p));
  PetscCall(ReadDataset(comm, path, group, "positions", H5T_NATIVE_DOUBLE, p.N, 3, p.x));
  PetscCall(PetscMalloc1(p.N, &species));
  PetscCall(ReadDataset(comm, path, group, "species", H5T_NATIVE_INT, p.N, 1, species));
  PetscInt maxs = 0;
  for (PetscInt i = 0; i < p.N; i++) {
    PetscCheck(species[i] >= 0 && species[i] < DW_MAX_SPECIES, comm, PETSC_ERR_FILE_UNEXPECTED,
               "%s: particle %" PetscInt_FMT " has species %d, not in 0..%d", path, i, species[i],
               DW_MAX_SPECIES - 1);
    p.species[i] = species[i];
    maxs         = PetscMax(maxs, species[i]);
  }
  PetscCall(PetscFree(species));
  PetscCall(DWH5ReadAttrInt(group, "nspecies", &n, &found));
  PetscCall(DWSystemSetNumSpecies(*sys, (PetscInt)(found ? n : maxs + 1)));
  if (H5Lexists(group, "diameters", H5P_DEFAULT) > 0) {
    PetscReal *d;
    PetscCall(DWSystemUseDiameters(*sys, &d));
    PetscCall(ReadDataset(comm, path, group, "diameters", H5T_NATIVE_DOUBLE, p.N, 1, d));
  }
  for (PetscInt k = 0; k < 3 * p.N; k++)
    PetscCheck(PetscIsNormalReal(p.x[k]) || p.x[k] == 0, comm, PETSC_ERR_FILE_UNEXPECTED,
               "%s: position %" PetscInt_FMT " is not finite", path, k / 3);
  DWCallHDF5(H5Gclose(group));
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
