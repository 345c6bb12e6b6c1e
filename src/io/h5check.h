/* The HDF5 helpers of src/io (private): the checking macro for HDF5 calls, the atomic
   creation of every file dwell writes and the opening of every file it reads (h5file.c),
   datasets and attributes (h5attr.c), the /config group (hdf5.c). */
#pragma once
#include <petscsys.h>
#include <hdf5.h>
#include <dwell/system.h>

/* A negative return of an HDF5 call becomes a PETSc error naming the call. */
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

/* An HDF5 file written under a temporary name and renamed over `path` when complete, so path
   holds the previous file or the complete new one, never a partial one. From create to
   commit or abort HDF5's own error printing is off: every failure is one PETSc error. */
typedef struct {
  hid_t file;         /* the temporary file: the writer writes here */
  MPI_Comm comm;      /* errors are collective on it */
  PetscBool parallel; /* MPI-IO: every rank of comm writes the file */
  char path[PETSC_MAX_PATH_LEN], tmp[PETSC_MAX_PATH_LEN + 32];
  H5E_auto2_t print; /* HDF5's error printing, restored at commit or abort */
  void *print_data;
} DWH5OutFile;

/* Creates the temporary file of `path` with the file access property list fapl.
   - H5P_DEFAULT: one process writes (comm PETSC_COMM_SELF); the temporary name is
     path.tmp.<pid>, so processes writing files of the same name never share one;
   - an MPI-IO fapl on comm: collective, every rank of comm writes; the temporary name is
     path.tmp (the same on every rank), a stale one (of a killed run) is removed first.
   An error names path. */
PetscErrorCode DWH5CreateAtomic(MPI_Comm comm, const char path[], hid_t fapl, DWH5OutFile *out);
/* Collective on out->comm. Flushes (MPI-IO: every rank syncs its writes) and closes the file
   and renames it over path; a failure (disk full) removes it and is an error on every rank. */
PetscErrorCode DWH5Commit(DWH5OutFile *out);
/* DWH5Commit that survives a crash of the machine: the file is flushed to disk (fsync) before
   the rename and the directory after it. previous (may be NULL): the file path holds now is
   kept under this name, so that a kill at any moment leaves path or previous complete. */
PetscErrorCode DWH5CommitDurable(DWH5OutFile *out, const char previous[]);
/* Collective on out->comm. Closes the file (and every object left open in it) and removes it,
   after an error. */
PetscErrorCode DWH5Abort(DWH5OutFile *out);
/* Collective on comm. Rank 0 writes `path` atomically: write(file, ctx) into the temporary
   file, then commit, or abort when write fails; its failure is every rank's error. The
   durable variant commits with DWH5CommitDurable(previous). */
PetscErrorCode DWH5WriteOnRankZero(MPI_Comm comm, const char path[],
                                   PetscErrorCode (*write)(hid_t, void *), void *ctx);
PetscErrorCode DWH5WriteOnRankZeroDurable(MPI_Comm comm, const char path[], const char previous[],
                                          PetscErrorCode (*write)(hid_t, void *), void *ctx);
/* Not collective (comm is where errors are reported). Opens path read-only with HDF5's own error
   printing off, calls read(path, file, ctx), closes the file and restores the printing; a file that
   cannot be opened is an error naming it and saying why (missing, not HDF5, truncated), and the
   read's error is returned (its messages name datasets, not HDF5). */
PetscErrorCode DWH5ReadFile(MPI_Comm comm, const char path[],
                            PetscErrorCode (*read)(const char[], hid_t, void *), void *ctx);

/* The HDF5 memory type of PetscInt. */
hid_t DWH5NativeInt(void);
/* A dataset of `rank` dims (rank 0: scalar) with units and description attributes; rank-3
   datasets (e.g. IS positions) are chunked one leading index per chunk and compressed. */
PetscErrorCode DWH5WriteDataset(hid_t group, const char name[], hid_t type, int rank,
                                const hsize_t dims[], const void *data, const char units[],
                                const char description[]);
/* The group /config of a configuration (positions, species, diameters, box, model), read
   back by DWSystemReadHDF5; `description` says what the configuration is. */
PetscErrorCode DWH5WriteConfig(hid_t file, DWSystem sys, const char description[]);
/* A group without time stamps. */
PetscErrorCode DWH5CreateGroup(hid_t parent, const char name[], hid_t *group);
/* "FILE: /object" of an HDF5 object, for messages. */
PetscErrorCode DWH5Where(hid_t obj, char where[], size_t len);
/* Errors unless `type` (of a dataset or attribute of obj, `what` for the message) can be read
   as `mem` without losing anything: the same class, or integers read as floating point. */
PetscErrorCode DWH5CheckType(hid_t obj, hid_t type, hid_t mem, const char what[]);
/* Opens parent/name, which must be a hard link to an object of the kind given (a group or a
   dataset; close it with H5Oclose); the errors name the file and the object. */
PetscErrorCode DWH5Open(hid_t parent, const char name[], H5O_type_t kind, hid_t *id);
/* Scalar attributes; a reader says in *found whether the attribute exists. An attribute that
   does not hold exactly one value of the expected class (integer, floating point or integer,
   fixed-length string) is an error naming the file, the object and the attribute. */
PetscErrorCode DWH5WriteAttrString(hid_t obj, const char name[], const char value[]);
PetscErrorCode DWH5WriteAttrDouble(hid_t obj, const char name[], double value);
PetscErrorCode DWH5WriteAttrInt(hid_t obj, const char name[], long long value);
PetscErrorCode DWH5ReadAttrString(hid_t obj, const char name[], char value[], size_t len,
                                  PetscBool *found);
PetscErrorCode DWH5ReadAttrDouble(hid_t obj, const char name[], double *value, PetscBool *found);
PetscErrorCode DWH5ReadAttrInt(hid_t obj, const char name[], long long *value, PetscBool *found);
