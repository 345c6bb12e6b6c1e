/* Configuration files: format dispatch and atomic writes (see include/dwell/io.h). */
#include "io/ioimpl.h"
#include <errno.h>
#include <unistd.h>

PetscErrorCode DWFileFormatFromName(MPI_Comm comm, const char path[], DWFileFormat *format)
{
  const char *dot = strrchr(path, '.');

  PetscFunctionBegin;
  if (dot && (!strcmp(dot, ".xyz") || !strcmp(dot, ".extxyz"))) *format = DW_FORMAT_XYZ;
  else if (dot && (!strcmp(dot, ".data") || !strcmp(dot, ".lmp"))) *format = DW_FORMAT_LAMMPS;
  else if (dot && (!strcmp(dot, ".h5") || !strcmp(dot, ".hdf5"))) *format = DW_FORMAT_HDF5;
  else SETERRQ(comm, PETSC_ERR_ARG_WRONG, "%s: unknown configuration format; use .xyz or .extxyz (extended XYZ), .data or .lmp (LAMMPS data), .h5 (HDF5)", path);
  PetscFunctionReturn(0);
}

PetscErrorCode DWSystemLoad(MPI_Comm comm, const char path[], DWSystem *sys)
{
  DWFileFormat format;

  PetscFunctionBegin;
  PetscCall(DWFileFormatFromName(comm, path, &format));
  PetscCheck(!access(path, R_OK), comm, PETSC_ERR_FILE_OPEN, "%s: no such file or not readable", path);
  switch (format) {
  case DW_FORMAT_XYZ:
    PetscCall(DWSystemReadXYZ(comm, path, sys));
    break;
  case DW_FORMAT_LAMMPS:
    PetscCall(DWSystemReadLAMMPS(comm, path, sys));
    break;
  case DW_FORMAT_HDF5:
    PetscCall(DWSystemReadHDF5(comm, path, sys));
    break;
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DWSystemSave(DWSystem sys, const char path[])
{
  DWFileFormat format;

  PetscFunctionBegin;
  PetscCall(DWFileFormatFromName(sys->comm, path, &format));
  switch (format) {
  case DW_FORMAT_XYZ:
    PetscCall(DWSystemWriteXYZ(sys, path));
    break;
  case DW_FORMAT_LAMMPS:
    PetscCall(DWSystemWriteLAMMPS(sys, path));
    break;
  case DW_FORMAT_HDF5:
    PetscCall(DWSystemWriteHDF5(sys, path));
    break;
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DWFileTempName(const char path[], char tmp[], size_t len)
{
  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(tmp, len, "%s.tmp.%d", path, (int)getpid()));
  PetscFunctionReturn(0);
}

PetscErrorCode DWFileOpenTemp(const char path[], DWOutFile *out)
{
  PetscFunctionBegin;
  PetscCall(PetscStrncpy(out->path, path, sizeof(out->path)));
  PetscCall(DWFileTempName(path, out->tmp, sizeof(out->tmp)));
  out->fp = fopen(out->tmp, "w");
  PetscCheck(out->fp, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "%s: cannot create file (%s)", out->path, strerror(errno));
  PetscFunctionReturn(0);
}

PetscErrorCode DWFileCommit(DWOutFile *out)
{
  PetscBool ok = (PetscBool)(!ferror(out->fp));

  PetscFunctionBegin;
  ok = (PetscBool)(!fclose(out->fp) && ok);
  out->fp = NULL;
  if (!ok) remove(out->tmp);
  PetscCheck(ok, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "%s: write failed (disk full?)", out->path);
  PetscCall(DWFileRename(out->tmp, out->path));
  PetscFunctionReturn(0);
}

PetscErrorCode DWFileRename(const char tmp[], const char path[])
{
  PetscFunctionBegin;
  if (rename(tmp, path)) {
    const int err = errno;
    remove(tmp);
    SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "%s: cannot create file (%s)", path, strerror(err));
  }
  PetscFunctionReturn(0);
}

void DWFileAbandon(DWOutFile *out)
{
  if (out->fp) fclose(out->fp);
  out->fp = NULL;
  remove(out->tmp);
}

PetscInt DWSpeciesFromName(const char *name)
{
  if (name[0] >= 'A' && name[0] < 'A' + DW_MAX_SPECIES && name[1] == 0) return name[0] - 'A';
  return -1;
}

PetscErrorCode DWWriteOnRankZero(DWSystem sys, const char path[], PetscErrorCode (*write)(DWSystem, const char[]))
{
  PetscMPIInt    rank;
  PetscErrorCode ierr = 0;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(sys->comm, &rank));
  if (!rank) ierr = write(sys, path);
  PetscCallMPI(MPI_Bcast(&ierr, 1, MPI_INT, 0, sys->comm));
  /* Rank 0 has reported the cause; the other ranks fail without a second message. */
  if (!rank) PetscCall(ierr);
  PetscCheck(!ierr, sys->comm, PETSC_ERR_FILE_WRITE, "%s: not written (see the error on rank 0)", path);
  PetscFunctionReturn(0);
}

PetscErrorCode DWReadTextFile(MPI_Comm comm, const char path[], PetscErrorCode (*body)(MPI_Comm, const char[], FILE *, DWSystem *), DWSystem *sys)
{
  FILE          *fp = fopen(path, "r");
  PetscErrorCode ierr;

  PetscFunctionBegin;
  *sys = NULL;
  PetscCheck(fp, comm, PETSC_ERR_FILE_OPEN, "%s: cannot open", path);
  ierr = body(comm, path, fp, sys);
  fclose(fp);
  if (ierr) PetscCall(DWSystemDestroy(sys));
  PetscCall(ierr);
  PetscFunctionReturn(0);
}
