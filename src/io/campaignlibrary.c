/* The writer of the double-well library, DIR/library.h5 (DESIGN.md sections 5-6; the schema
   is in include/dwell/library.h). All ranks of the communicator write one file together with
   parallel HDF5: MPI-IO file access, collective metadata reads and writes, and one
   collective H5Dwrite per column in which each rank writes the rows it holds.

   Collectivity: every function here is collective on the file's communicator, and every
   rank must make the same calls in the same order with the same names, types and shapes
   (HDF5 requires it of object creation and attributes). Arguments are checked on every rank
   and the verdict is agreed through MPI_Allreduce before any HDF5 call, so a bad row
   index on one rank becomes an error on all ranks rather than a hang.

   Rows: a rank may hold any rows, in any order. Selecting them in the file as one
   hyperslab per run of consecutive rows costs HDF5 1.10 time quadratic in the number of
   runs (56 s for 33,000 one-row runs), so the rows travel first: each rank sorts its rows,
   packs its data in that order (PetscInt widened to int64, so the memory and file types
   match and no conversion breaks collective I/O) and one MPI_Alltoallv gives rank k the
   k-th contiguous block of rows (nrows / size, the first nrows % size ranks one more). Each
   rank then writes its block as one hyperslab: one contiguous piece of the file per rank,
   the best case of collective MPI-IO. The block also shows a row that two ranks gave.

   Durability: the file is written as PATH.tmp; DWCampaignLibraryCommit flushes it (MPI_File_sync
   through H5Fflush, then fsync on rank 0), renames it to PATH and fsyncs the directory
   (DWH5CommitDurable, src/io/h5file.c), so PATH is either the previous library or the
   complete new one. No time stamps are stored,
   so the same content gives the same bytes. */
#define _GNU_SOURCE /* fallocate */
#include "io/h5check.h"
#include <dwell/library.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#if !defined(PETSC_USE_REAL_DOUBLE)
#error "the library file stores PetscReal as double: configure PETSc with double precision"
#endif

struct _p_DWCampaignLibrary {
  MPI_Comm comm;
  PetscMPIInt rank;
  DWH5OutFile out; /* the file, written as PATH.tmp */
  hid_t dxpl;      /* the collective data transfer property list */
  off_t reserved;  /* bytes reserved beyond the end of the file (DWCampaignLibraryReserve) */
};

static PetscLogEvent DW_LIBRARY_WRITE;

PetscErrorCode DWCampaignLibraryLogRegister(void)
{
  PetscFunctionBegin;
  if (!DW_LIBRARY_WRITE)
    PetscCall(PetscLogEventRegister("DWCampaignLibraryWrite", 0, &DW_LIBRARY_WRITE));
  PetscCall(DWCampaignLibraryReadLogRegister());
  PetscFunctionReturn(0);
}

static PetscErrorCode Free(DWCampaignLibrary *f)
{
  PetscFunctionBegin;
  if ((*f)->dxpl >= 0) DWCallHDF5(H5Pclose((*f)->dxpl));
  PetscCall(PetscCommDestroy(&(*f)->comm));
  PetscCall(PetscFree(*f));
  PetscFunctionReturn(0);
}

PetscErrorCode DWCampaignLibraryCreate(MPI_Comm comm, const char path[], DWCampaignLibrary *f)
{
  DWCampaignLibrary lf;
  hid_t fapl;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  *f = NULL;
  PetscCall(DWCampaignLibraryLogRegister());
  PetscCall(PetscNew(&lf));
  PetscCall(PetscCommDuplicate(comm, &lf->comm, NULL));
  PetscCallMPI(MPI_Comm_rank(lf->comm, &lf->rank));
  lf->dxpl = H5I_INVALID_HID;
  DWCallHDF5Id(fapl, H5Pcreate(H5P_FILE_ACCESS));
  DWCallHDF5(H5Pset_fapl_mpio(fapl, comm, MPI_INFO_NULL));
  DWCallHDF5(H5Pset_all_coll_metadata_ops(fapl, 1));
  DWCallHDF5(H5Pset_coll_metadata_write(fapl, 1));
  ierr = DWH5CreateAtomic(lf->comm, path, fapl, &lf->out);
  DWCallHDF5(H5Pclose(fapl));
  if (ierr) PetscCall(Free(&lf));
  PetscCall(ierr);
  DWCallHDF5Id(lf->dxpl, H5Pcreate(H5P_DATASET_XFER));
  DWCallHDF5(H5Pset_dxpl_mpio(lf->dxpl, H5FD_MPIO_COLLECTIVE));
  *f = lf;
  PetscCall(DWH5WriteAttrString(lf->out.file, "dwell_version", DWELL_VERSION));
  PetscFunctionReturn(0);
}

/* Collective. Checks an object name "a/b/c" (a leading '/' allowed, no empty component). */
static PetscErrorCode CheckName(DWCampaignLibrary f, const char name[])
{
  const char *p;

  PetscFunctionBegin;
  p = name[0] == '/' ? name + 1 : name;
  PetscCheck(p[0] && p[0] != '/' && p[strlen(p) - 1] != '/' && !strstr(p, "//"), f->comm,
             PETSC_ERR_ARG_WRONG, "%s: bad object name '%s' (want \"group/sub/name\")", f->out.path,
             name);
  PetscCheck(strlen(p) < PETSC_MAX_PATH_LEN, f->comm, PETSC_ERR_ARG_WRONG,
             "%s: object name '%s' is too long", f->out.path, name);
  PetscFunctionReturn(0);
}

/* Collective. Opens the group holding the last component of `name` (checked by CheckName),
   creating the missing groups on the way; *leaf points at that last component. */
static PetscErrorCode OpenParent(DWCampaignLibrary f, const char name[], hid_t *parent,
                                 const char **leaf)
{
  char buf[PETSC_MAX_PATH_LEN], *part, *save, *next;
  hid_t g, sub;
  htri_t exists;

  PetscFunctionBegin;
  PetscCall(PetscStrncpy(buf, name[0] == '/' ? name + 1 : name, sizeof(buf)));
  *leaf = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
  DWCallHDF5Id(g, H5Gopen2(f->out.file, "/", H5P_DEFAULT));
  part = strtok_r(buf, "/", &save);
  for (next = strtok_r(NULL, "/", &save); next; part = next, next = strtok_r(NULL, "/", &save)) {
    DWCallHDF5Id(exists, H5Lexists(g, part, H5P_DEFAULT));
    if (exists) {
      H5O_info_t info;
      DWCallHDF5(H5Oget_info_by_name2(g, part, &info, H5O_INFO_BASIC, H5P_DEFAULT));
      PetscCheck(info.type == H5O_TYPE_GROUP, f->comm, PETSC_ERR_ARG_WRONG,
                 "%s: '%s' of '%s' exists and is not a group", f->out.path, part, name);
      DWCallHDF5Id(sub, H5Gopen2(g, part, H5P_DEFAULT));
    } else
      PetscCall(DWH5CreateGroup(g, part, &sub));
    DWCallHDF5(H5Gclose(g));
    g = sub;
  }
  *parent = g;
  PetscFunctionReturn(0);
}

/* Collective. Checks the arguments of a column on every rank and agrees on the verdict:
   the same type, nrows and row shape everywhere, local rows in [0, nrows) and distinct
   (sorted[] holds them in increasing order), and nrows rows in all. */
static PetscErrorCode CheckColumn(DWCampaignLibrary f, const char name[], DWFieldType type,
                                  PetscInt nrows, const PetscInt rowdims[2], PetscInt nlocal,
                                  const PetscInt sorted[], const void *data)
{
  enum { GOOD, NO_DATA, OUTSIDE, TWICE } bad = GOOD;
  PetscInt local[9], global[9], row = 0;
  PetscInt64 n = PetscMax(nlocal, 0), total;

  PetscFunctionBegin;
  PetscCall(CheckName(f, name));
  PetscCheck(type == DW_FIELD_REAL || type == DW_FIELD_INT, f->comm, PETSC_ERR_ARG_WRONG,
             "%s: column %s: type %d is not DW_FIELD_REAL or DW_FIELD_INT", f->out.path, name,
             (int)type);
  PetscCheck(nrows >= 0 && rowdims[0] >= 0 && rowdims[1] >= 0 && (rowdims[0] || !rowdims[1]),
             f->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "%s: column %s: bad shape %" PetscInt_FMT " x {%" PetscInt_FMT ", %" PetscInt_FMT "}",
             f->out.path, name, nrows, rowdims[0], rowdims[1]);
  if (nlocal < 0 || (nlocal > 0 && (!sorted || !data)))
    bad = NO_DATA;
  else if (nlocal > 0 && (sorted[0] < 0 || sorted[nlocal - 1] >= nrows)) {
    bad = OUTSIDE;
    row = sorted[0] < 0 ? sorted[0] : sorted[nlocal - 1];
  } else
    for (PetscInt k = 1; k < nlocal && bad == GOOD; k++)
      if (sorted[k] == sorted[k - 1]) {
        bad = TWICE;
        row = sorted[k];
      }
  local[0] = type;
  local[1] = nrows;
  local[2] = rowdims[0];
  local[3] = rowdims[1];
  for (int k = 0; k < 4; k++) local[4 + k] = -local[k];
  local[8] = bad != GOOD;
  PetscCallMPI(MPI_Allreduce(local, global, 9, MPIU_INT, MPI_MAX, f->comm));
  PetscCallMPI(MPI_Allreduce(&n, &total, 1, MPIU_INT64, MPI_SUM, f->comm));
  PetscCheck(bad != NO_DATA, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "%s: column %s: nlocal = %" PetscInt_FMT " on rank %d, or rows or data NULL",
             f->out.path, name, nlocal, f->rank);
  PetscCheck(bad != OUTSIDE, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "%s: column %s: row %" PetscInt_FMT " on rank %d is outside [0, %" PetscInt_FMT ")",
             f->out.path, name, row, f->rank, nrows);
  PetscCheck(bad != TWICE, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "%s: column %s: row %" PetscInt_FMT " given twice on rank %d", f->out.path, name, row,
             f->rank);
  PetscCheck(!global[8], f->comm, PETSC_ERR_ARG_WRONG,
             "%s: column %s: bad rows on another rank (see its error)", f->out.path, name);
  for (int k = 0; k < 4; k++)
    PetscCheck(global[k] == -global[4 + k], f->comm, PETSC_ERR_ARG_INCOMP,
               "%s: column %s: the ranks disagree on the %s", f->out.path, name,
               k ? "shape" : "type");
  PetscCheck(total == nrows, f->comm, PETSC_ERR_ARG_INCOMP,
             "%s: column %s: the ranks give %" PetscInt64_FMT " rows in all, not %" PetscInt_FMT,
             f->out.path, name, total, nrows);
  PetscFunctionReturn(0);
}

/* Not collective. The rows of data (nlocal rows of `width` values, in the order of rows[])
   copied in the order perm[] as double or int64, ready for H5Dwrite. */
static PetscErrorCode PackRows(DWFieldType type, PetscInt nlocal, PetscInt width,
                               const PetscInt perm[], const void *data, void **buf)
{
  PetscFunctionBegin;
  PetscCall(PetscMalloc(sizeof(double) * (size_t)PetscMax(nlocal * width, 1), buf));
  for (PetscInt k = 0; k < nlocal; k++) {
    const size_t from = (size_t)perm[k] * (size_t)width, to = (size_t)k * (size_t)width;
    if (type == DW_FIELD_REAL) {
      PetscCall(PetscArraycpy((double *)*buf + to, (const PetscReal *)data + from, width));
    } else {
      for (PetscInt j = 0; j < width; j++)
        ((int64_t *)*buf)[to + j] = (int64_t)((const PetscInt *)data)[from + j];
    }
  }
  PetscFunctionReturn(0);
}

/* The first row of rank k's block when nrows rows are cut into `size` blocks. */
static PetscInt BlockStart(PetscInt nrows, PetscMPIInt size, PetscMPIInt k)
{
  return k * (nrows / size) + PetscMin(k, nrows % size);
}

/* The rank whose block holds row r. */
static PetscMPIInt BlockOwner(PetscInt nrows, PetscMPIInt size, PetscInt r)
{
  const PetscInt base = nrows / size, extra = nrows % size;
  return (PetscMPIInt)(r < extra * (base + 1) ? r / (base + 1)
                                              : extra + (r - extra * (base + 1)) / base);
}

/* Collective. Sends each row of `packed` (nlocal rows of `width` values, double or int64,
   the rows sorted[] in increasing order) to the rank whose block holds it, and returns this
   rank's block: *count rows from row *start, in order. A row received twice (given by two
   ranks) is an error on every rank; with nrows rows in all, every row then arrives once. */
static PetscErrorCode Redistribute(DWCampaignLibrary f, const char name[], DWFieldType type,
                                   PetscInt nrows, PetscInt width, PetscInt nlocal,
                                   const PetscInt sorted[], const void *packed, PetscInt *start,
                                   PetscInt *count, void **block)
{
  PetscMPIInt size, *scount, *sdispl, *rcount, *rdispl;
  PetscInt *rrows, nrecv = 0;
  MPI_Datatype rowtype;
  void *rbuf;
  char *seen;
  int twice = 0;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_size(f->comm, &size));
  *start = BlockStart(nrows, size, f->rank);
  *count = BlockStart(nrows, size, f->rank + 1) - *start;
  PetscCall(PetscCalloc4(size, &scount, size + 1, &sdispl, size, &rcount, size + 1, &rdispl));
  for (PetscInt k = 0; k < nlocal; k++) scount[BlockOwner(nrows, size, sorted[k])]++;
  PetscCallMPI(MPI_Alltoall(scount, 1, MPI_INT, rcount, 1, MPI_INT, f->comm));
  for (PetscMPIInt k = 0; k < size; k++) {
    sdispl[k + 1] = sdispl[k] + scount[k];
    rdispl[k + 1] = rdispl[k] + rcount[k];
  }
  nrecv = rdispl[size];
  PetscCall(PetscMalloc1(PetscMax(nrecv, 1), &rrows));
  PetscCall(PetscMalloc(sizeof(double) * (size_t)PetscMax(nrecv * width, 1), &rbuf));
  PetscCallMPI(MPI_Type_contiguous((PetscMPIInt)width,
                                   type == DW_FIELD_REAL ? MPI_DOUBLE : MPI_INT64_T, &rowtype));
  PetscCallMPI(MPI_Type_commit(&rowtype));
  PetscCallMPI(
      MPI_Alltoallv(sorted, scount, sdispl, MPIU_INT, rrows, rcount, rdispl, MPIU_INT, f->comm));
  PetscCallMPI(
      MPI_Alltoallv(packed, scount, sdispl, rowtype, rbuf, rcount, rdispl, rowtype, f->comm));
  PetscCallMPI(MPI_Type_free(&rowtype));

  PetscCall(PetscMalloc(sizeof(double) * (size_t)PetscMax(*count * width, 1), block));
  PetscCall(PetscCalloc1(*count + 1, &seen));
  for (PetscInt k = 0; k < nrecv && !twice; k++) {
    const PetscInt slot = rrows[k] - *start;
    twice               = seen[slot];
    seen[slot]          = 1;
    PetscCall(PetscMemcpy((double *)*block + (size_t)slot * (size_t)width,
                          (double *)rbuf + (size_t)k * (size_t)width,
                          sizeof(double) * (size_t)width));
  }
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &twice, 1, MPI_INT, MPI_LOR, f->comm));
  PetscCall(PetscFree(seen));
  PetscCall(PetscFree(rbuf));
  PetscCall(PetscFree(rrows));
  PetscCall(PetscFree4(scount, sdispl, rcount, rdispl));
  if (twice) PetscCall(PetscFree(*block));
  PetscCheck(!twice, f->comm, PETSC_ERR_ARG_WRONG, "%s: column %s: a row is given by two ranks",
             f->out.path, name);
  PetscFunctionReturn(0);
}

/* Collective. Creates the dataset `leaf` of `parent`, writes this rank's block of `count`
   rows from row `start` (one hyperslab, one collective H5Dwrite) and the attributes. */
static PetscErrorCode WriteRows(DWCampaignLibrary f, hid_t parent, const char name[],
                                const char leaf[], DWFieldType type, PetscInt nrows,
                                const PetscInt rowdims[2], PetscInt start, PetscInt count,
                                const void *block, const char units[], const char description[])
{
  const hid_t ftype = type == DW_FIELD_REAL ? H5T_NATIVE_DOUBLE : H5T_STD_I64LE;
  const hid_t mtype = type == DW_FIELD_REAL ? H5T_NATIVE_DOUBLE : H5T_NATIVE_INT64;
  hsize_t dims[3]   = {(hsize_t)nrows, (hsize_t)rowdims[0], (hsize_t)rowdims[1]}, mdims[3];
  hsize_t offset[3] = {(hsize_t)start, 0, 0};
  const int ndims   = 1 + (rowdims[0] > 0) + (rowdims[1] > 0);
  hid_t fspace, mspace, dcpl, dset;
  htri_t exists;
  int wrote;

  PetscFunctionBegin;
  DWCallHDF5Id(exists, H5Lexists(parent, leaf, H5P_DEFAULT));
  PetscCheck(!exists, f->comm, PETSC_ERR_ARG_WRONG, "%s: %s exists already", f->out.path, name);
  DWCallHDF5Id(fspace, H5Screate_simple(ndims, dims, NULL));
  DWCallHDF5Id(dcpl, H5Pcreate(H5P_DATASET_CREATE));
  DWCallHDF5(H5Pset_obj_track_times(dcpl, 0));
  DWCallHDF5Id(dset, H5Dcreate2(parent, leaf, ftype, fspace, H5P_DEFAULT, dcpl, H5P_DEFAULT));
  if (nrows > 0) {
    PetscCall(PetscArraycpy(mdims, dims, 3));
    mdims[0] = (hsize_t)count;
    DWCallHDF5Id(mspace, H5Screate_simple(ndims, mdims, NULL));
    if (count) {
      DWCallHDF5(H5Sselect_hyperslab(fspace, H5S_SELECT_SET, offset, NULL, mdims, NULL));
    } else {
      DWCallHDF5(H5Sselect_none(mspace));
      DWCallHDF5(H5Sselect_none(fspace));
    }
    /* a failed write (a full disk) may hit some ranks only: all leave here together */
    wrote = H5Dwrite(dset, mtype, mspace, fspace, f->dxpl, block) >= 0;
    PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &wrote, 1, MPI_INT, MPI_LAND, f->comm));
    if (!wrote) {
      H5Sclose(mspace);
      H5Dclose(dset);
      H5Pclose(dcpl);
      H5Sclose(fspace);
    }
    PetscCheck(wrote, f->comm, PETSC_ERR_FILE_WRITE, "%s: cannot write %s (disk full?)",
               f->out.path, name);
    if (PetscDefined(USE_INFO)) {
      uint32_t local, global;
      DWCallHDF5(H5Pget_mpio_no_collective_cause(f->dxpl, &local, &global));
      if (global)
        PetscCall(PetscInfo(NULL, "%s: %s: not collective (cause 0x%x)\n", f->out.path, name,
                            (unsigned)global));
    }
    DWCallHDF5(H5Sclose(mspace));
  }
  PetscCall(DWH5WriteAttrString(dset, "units", units));
  PetscCall(DWH5WriteAttrString(dset, "description", description));
  DWCallHDF5(H5Dclose(dset));
  DWCallHDF5(H5Pclose(dcpl));
  DWCallHDF5(H5Sclose(fspace));
  PetscFunctionReturn(0);
}

PetscErrorCode DWCampaignLibraryWriteColumn(DWCampaignLibrary f, const char name[],
                                            DWFieldType type, PetscInt nrows,
                                            const PetscInt rowdims[2], PetscInt nlocal,
                                            const PetscInt rows[], const void *data,
                                            const char units[], const char description[])
{
  PetscInt *perm = NULL, *sorted = NULL, width, start = 0, count = 0;
  void *packed = NULL, *block = NULL;
  PetscErrorCode ierr;
  hid_t parent;
  const char *leaf;

  PetscFunctionBegin;
  PetscCall(PetscLogEventBegin(DW_LIBRARY_WRITE, 0, 0, 0, 0));
  if (nlocal > 0 && rows) {
    PetscCall(PetscMalloc2(nlocal, &perm, nlocal, &sorted));
    for (PetscInt k = 0; k < nlocal; k++) perm[k] = k;
    PetscCall(PetscSortIntWithPermutation(nlocal, rows, perm));
    for (PetscInt k = 0; k < nlocal; k++) sorted[k] = rows[perm[k]];
  }
  /* On a bad argument every rank errors here, so the scratch is freed first (a caller may
     go on, e.g. to DWCampaignLibraryAbort). */
  ierr  = CheckColumn(f, name, type, nrows, rowdims, nlocal, sorted, data);
  width = PetscMax(rowdims[0], 1) * PetscMax(rowdims[1], 1);
  if (!ierr && nrows > 0) {
    ierr = PackRows(type, nlocal, width, perm, data, &packed);
    if (!ierr)
      ierr =
          Redistribute(f, name, type, nrows, width, nlocal, sorted, packed, &start, &count, &block);
    PetscCall(PetscFree(packed));
  }
  PetscCall(PetscFree2(perm, sorted));
  if (ierr) PetscCall(PetscLogEventEnd(DW_LIBRARY_WRITE, 0, 0, 0, 0));
  PetscCall(ierr);
  PetscCall(OpenParent(f, name, &parent, &leaf));
  PetscCall(WriteRows(f, parent, name, leaf, type, nrows, rowdims, start, count, block, units,
                      description));
  DWCallHDF5(H5Gclose(parent));
  PetscCall(PetscFree(block));
  PetscCall(PetscLogEventEnd(DW_LIBRARY_WRITE, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

PetscErrorCode DWCampaignLibraryWriteAttribute(DWCampaignLibrary f, const char object[],
                                               const char name[], DWFieldType type,
                                               const void *value)
{
  hid_t obj, parent;
  htri_t exists;
  const char *leaf;

  PetscFunctionBegin;
  PetscCheck(name[0] && !strchr(name, '/'), f->comm, PETSC_ERR_ARG_WRONG,
             "%s: bad attribute name '%s'", f->out.path, name);
  PetscCheck(type == DW_FIELD_REAL || type == DW_FIELD_INT || type == DW_FIELD_STRING, f->comm,
             PETSC_ERR_ARG_WRONG, "%s: attribute %s of %s: type %d is not real, int or string",
             f->out.path, name, object, (int)type);
  if (!strcmp(object, "/"))
    DWCallHDF5Id(obj, H5Oopen(f->out.file, "/", H5P_DEFAULT));
  else {
    PetscCall(CheckName(f, object));
    PetscCall(OpenParent(f, object, &parent, &leaf));
    DWCallHDF5Id(exists, H5Lexists(parent, leaf, H5P_DEFAULT));
    if (exists)
      DWCallHDF5Id(obj, H5Oopen(parent, leaf, H5P_DEFAULT));
    else
      PetscCall(DWH5CreateGroup(parent, leaf, &obj));
    DWCallHDF5(H5Gclose(parent));
  }
  if (type == DW_FIELD_REAL)
    PetscCall(DWH5WriteAttrDouble(obj, name, *(const PetscReal *)value));
  else if (type == DW_FIELD_INT)
    PetscCall(DWH5WriteAttrInt(obj, name, *(const PetscInt *)value));
  else
    PetscCall(DWH5WriteAttrString(obj, name, (const char *)value));
  DWCallHDF5(H5Oclose(obj));
  PetscFunctionReturn(0);
}

PetscErrorCode DWCampaignLibraryWriteArray(DWCampaignLibrary f, const char name[], DWFieldType type,
                                           PetscInt n, const void *data, const char units[],
                                           const char description[])
{
  const PetscInt rowdims[2] = {0, 0};
  PetscInt *rows            = NULL, nlocal;

  PetscFunctionBegin;
  nlocal = f->rank ? 0 : PetscMax(n, 0);
  PetscCall(PetscMalloc1(PetscMax(nlocal, 1), &rows));
  for (PetscInt k = 0; k < nlocal; k++) rows[k] = k;
  PetscCall(DWCampaignLibraryWriteColumn(f, name, type, n, rowdims, nlocal, rows, data, units,
                                         description));
  PetscCall(PetscFree(rows));
  PetscFunctionReturn(0);
}

PetscErrorCode DWCampaignLibraryReserve(DWCampaignLibrary f, double bytes)
{
  int fd, err = 0;

  PetscFunctionBegin;
  if (!f->rank) {
    fd = open(f->out.tmp, O_WRONLY);
    if (fd < 0 || fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, (off_t)bytes)) err = errno;
    if (fd >= 0) close(fd);
    if (err == EOPNOTSUPP || err == ENOSYS) err = 0; /* the file system cannot: carry on */
    if (!err) f->reserved = (off_t)bytes;
  }
  PetscCallMPI(MPI_Bcast(&err, 1, MPI_INT, 0, f->comm));
  PetscCheck(!err, f->comm, PETSC_ERR_FILE_WRITE, "%s: cannot reserve %.3g MB for it: %s",
             f->out.path, bytes / 1e6, strerror(err));
  PetscFunctionReturn(0);
}

/* Rank 0: gives back what the reservation left beyond the end of the committed file. */
static void Unreserve(const char path[], off_t reserved)
{
  struct stat st;
  int fd;

  if (!reserved || stat(path, &st) || st.st_size >= reserved) return;
  fd = open(path, O_WRONLY);
  if (fd < 0) return;
  if (fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, st.st_size, reserved - st.st_size))
    (void)PetscInfo(NULL, "%s: the space reserved beyond its end stays allocated\n", path);
  close(fd);
}

PetscErrorCode DWCampaignLibraryCommit(DWCampaignLibrary *f)
{
  DWCampaignLibrary lf = *f;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  if (!lf) PetscFunctionReturn(0);
  *f   = NULL;
  ierr = DWH5CommitDurable(&lf->out, NULL);
  if (!ierr && !lf->rank) Unreserve(lf->out.path, lf->reserved);
  PetscCall(Free(&lf));
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

PetscErrorCode DWCampaignLibraryAbort(DWCampaignLibrary *f)
{
  DWCampaignLibrary lf = *f;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  if (!lf) PetscFunctionReturn(0);
  *f = NULL;
  /* After a full disk, HDF5 must still write its metadata to close the file, and a file it
     cannot close crashes HDF5's own clean-up in MPI_Finalize: its content is void anyway, so
     rank 0 gives its space back first. */
  if (!lf->rank && truncate(lf->out.tmp, 0))
    PetscCall(PetscInfo(NULL, "%s: cannot truncate before removal\n", lf->out.tmp));
  PetscCallMPI(MPI_Barrier(lf->comm));
  ierr = DWH5Abort(&lf->out);
  PetscCall(Free(&lf));
  PetscCall(ierr);
  PetscFunctionReturn(0);
}
