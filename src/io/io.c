/* Configuration files: the format from the file name's extension, and the reader or writer
   of that format (xyz.c, lammps.c, hdf5.c; see include/dwell/io.h). */
#include "io/ioimpl.h"
#include <unistd.h>

PetscErrorCode DWFileFormatFromName(MPI_Comm comm, const char path[], DWFileFormat *format)
{
  const char *dot = strrchr(path, '.');

  PetscFunctionBegin;
  if (dot && (!strcmp(dot, ".xyz") || !strcmp(dot, ".extxyz")))
    *format = DW_FORMAT_XYZ;
  else if (dot && (!strcmp(dot, ".data") || !strcmp(dot, ".lmp")))
    *format = DW_FORMAT_LAMMPS;
  else if (dot && (!strcmp(dot, ".h5") || !strcmp(dot, ".hdf5")))
    *format = DW_FORMAT_HDF5;
  else
    SETERRQ(comm, PETSC_ERR_ARG_WRONG,
            "%s: unknown configuration format; use .xyz or .extxyz (extended XYZ), .data or .lmp "
            "(LAMMPS data), .h5 (HDF5)",
            path);
  PetscFunctionReturn(0);
}

PetscErrorCode DWSystemLoad(MPI_Comm comm, const char path[], DWSystem *sys)
{
  DWFileFormat format;

  PetscFunctionBegin;
  PetscCall(DWFileFormatFromName(comm, path, &format));
  PetscCheck(!access(path, R_OK), comm, PETSC_ERR_FILE_OPEN, "%s: no such file or not readable",
             path);
  PetscCall(DWCheckRegularFile(comm, path));
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
  MPI_Comm comm;

  PetscFunctionBegin;
  PetscCall(DWSystemGetComm(sys, &comm));
  PetscCall(DWFileFormatFromName(comm, path, &format));
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
