/* Checking macro for HDF5 calls: a negative return becomes a PETSc error naming the call. */
#pragma once
#include <petscsys.h>
#include <hdf5.h>
#include <dwell/system.h>

#define DWCallHDF5(call)                                                                           \
  do {                                                                                             \
    if ((call) < 0) SETERRQ(PETSC_COMM_SELF, PETSC_ERR_LIB, "HDF5 call failed: %s", #call);        \
  } while (0)

/* Creates (or returns) an hid_t and checks it. */
#define DWCallHDF5Id(id, call)                                                                     \
  do {                                                                                             \
    (id) = (call);                                                                                 \
    if ((id) < 0) SETERRQ(PETSC_COMM_SELF, PETSC_ERR_LIB, "HDF5 call failed: %s", #call);          \
  } while (0)

/* A dataset of `rank` dims (rank 0: scalar) with units and description attributes; rank-3
   datasets (e.g. IS positions) are chunked one leading index per chunk and compressed. */
PetscErrorCode DWH5WriteDataset(hid_t group, const char name[], hid_t type, int rank,
                                const hsize_t dims[], const void *data, const char units[],
                                const char description[]);
/* The group /config of a configuration (positions, species, diameters, box, model), read
   back by DWSystemReadHDF5; `description` says what the configuration is. */
PetscErrorCode DWH5WriteConfig(hid_t file, DWSystem sys, const char description[]);
/* Not collective (comm is where errors are reported). Opens path read-only with HDF5's own error
   printing off, calls read(path, file, ctx), closes the file and restores the printing; a file that
   cannot be opened is an error naming it and saying why (missing, not HDF5, truncated), and the
   read's error is returned (its messages name datasets, not HDF5). */
PetscErrorCode DWH5ReadFile(MPI_Comm comm, const char path[],
                            PetscErrorCode (*read)(const char[], hid_t, void *), void *ctx);
/* A group without time stamps. */
PetscErrorCode DWH5CreateGroup(hid_t parent, const char name[], hid_t *group);
/* Attribute helpers (io/ only). */
PetscErrorCode DWH5WriteAttrString(hid_t obj, const char name[], const char value[]);
PetscErrorCode DWH5WriteAttrDouble(hid_t obj, const char name[], double value);
PetscErrorCode DWH5WriteAttrInt(hid_t obj, const char name[], long long value);
PetscErrorCode DWH5ReadAttrString(hid_t obj, const char name[], char value[], size_t len,
                                  PetscBool *found);
PetscErrorCode DWH5ReadAttrDouble(hid_t obj, const char name[], double *value, PetscBool *found);
