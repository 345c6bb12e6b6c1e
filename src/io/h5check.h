/* Checking macro for HDF5 calls: a negative return becomes a PETSc error naming the call. */
#pragma once
#include <petscsys.h>
#include <hdf5.h>

#define DWCallHDF5(call) \
  do { \
    if ((call) < 0) SETERRQ(PETSC_COMM_SELF, PETSC_ERR_LIB, "HDF5 call failed: %s", #call); \
  } while (0)

/* Creates (or returns) an hid_t and checks it. */
#define DWCallHDF5Id(id, call) \
  do { \
    (id) = (call); \
    if ((id) < 0) SETERRQ(PETSC_COMM_SELF, PETSC_ERR_LIB, "HDF5 call failed: %s", #call); \
  } while (0)

/* Attribute helpers (io/ only). */
PetscErrorCode DWH5WriteAttrString(hid_t obj, const char name[], const char value[]);
PetscErrorCode DWH5WriteAttrDouble(hid_t obj, const char name[], double value);
PetscErrorCode DWH5WriteAttrInt(hid_t obj, const char name[], long long value);
PetscErrorCode DWH5ReadAttrString(hid_t obj, const char name[], char value[], size_t len, PetscBool *found);
PetscErrorCode DWH5ReadAttrDouble(hid_t obj, const char name[], double *value, PetscBool *found);
