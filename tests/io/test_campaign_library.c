/* The parallel writer of the double-well library (DWCampaignLibrary, include/dwell/library.h),
   checked value by value.

   All ranks write one file. Rows are dealt to ranks in interleaved runs of uneven length
   (owner(r) = (r/3 + r/5) mod (size - 1)), each rank lists its rows in a scrambled order
   (r = 7 j + 3 mod 23), and the last rank holds no rows (with one rank, it holds them all).
   Every value is a known function of the global row, so rank 0 can reopen the committed
   file sequentially (H5Fopen, H5P_DEFAULT) and compare every element exactly (==: the
   writer copies doubles and widens integers, nothing is computed):
   - a 1-D real column, a 1-D int column (values up to INT_MAX, stored as 64-bit), a
     (rows x 5 x 3) real column and a (rows x 2) int column: file type (IEEE double or
     int64 little endian), shape, every value, and the units and description attributes;
   - a column of 0 rows (and a 0-row 3-D one): present, with its shape and attributes;
   - a string attribute of the root, an int attribute of an existing group, a real one of
     a group the call creates, a real attribute of a dataset; small arrays by WriteArray
     (one of 2 values: fewer rows than ranks, so a rank writes an empty block);
   - after Commit: PATH exists, PATH.tmp does not (a stale PATH.tmp made beforehand was
     replaced).
   Then a second file: bad columns (a row outside [0, nrows) on rank 0; rank 0's rows
   missing; on 3 ranks or more, a row given by two ranks) must fail on every rank (none
   hangs), and after Abort neither PATH2 nor PATH2.tmp may exist. Files go to a directory from
   mkdtemp (rank 0 creates it), removed at the end. */
#include "testutil.h"
#include <dwell/library.h>
#include <hdf5.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#define NROWS 23

static PetscInt Owner(PetscInt r, PetscMPIInt size)
{
  return size == 1 ? 0 : (r / 3 + r / 5) % (size - 1);
}

static double RealValue(PetscInt r, PetscInt j)
{
  return (double)r + PetscSinReal(0.1 * (double)j + (double)r) / 3.0;
}

static int64_t IntValue(PetscInt r, PetscInt j)
{
  return j < 0 ? (int64_t)(INT_MAX - 1000 * r) : (int64_t)(10 * r - 7 * j - 50);
}

/* This rank's rows in scrambled order and, for each column, its data in that order. */
typedef struct {
  PetscInt n, rows[NROWS], ints[NROWS], pairs[2 * NROWS];
  PetscReal reals[NROWS], blocks[15 * NROWS];
} LocalRows;

static void DealRows(PetscMPIInt rank, PetscMPIInt size, LocalRows *L)
{
  L->n = 0;
  for (PetscInt j = 0; j < NROWS; j++) {
    const PetscInt r = (7 * j + 3) % NROWS, k = L->n;
    if (Owner(r, size) != rank) continue;
    L->rows[k]  = r;
    L->reals[k] = RealValue(r, 0);
    L->ints[k]  = (PetscInt)IntValue(r, -1);
    for (PetscInt q = 0; q < 15; q++) L->blocks[15 * k + q] = RealValue(r, q);
    for (PetscInt q = 0; q < 2; q++) L->pairs[2 * k + q] = (PetscInt)IntValue(r, q);
    L->n++;
  }
}

/* Rank 0 only. Reads string attribute `name` of `obj` into value ("" when missing). */
static void ReadStringAttr(hid_t obj, const char name[], char value[], size_t len)
{
  hid_t attr, type, mem;

  value[0] = 0;
  if (H5Aexists(obj, name) <= 0) return;
  attr = H5Aopen(obj, name, H5P_DEFAULT);
  type = H5Aget_type(attr);
  mem  = H5Tcopy(H5T_C_S1);
  if (H5Tget_class(type) == H5T_STRING && H5Tget_size(type) < len) {
    H5Tset_size(mem, len);
    H5Aread(attr, mem, value);
  }
  H5Tclose(mem);
  H5Tclose(type);
  H5Aclose(attr);
}

/* Rank 0 only. Dataset `name`: its file type is `ftype`, its shape nrows x rowdims and its
   values expected[] (read as double, or as int64 when isint), units and description. */
static void CheckDataset(hid_t file, const char name[], PetscBool isint, PetscInt nrows,
                         const PetscInt rowdims[2], const void *expected, const char units[],
                         const char description[])
{
  const MPI_Comm comm = PETSC_COMM_SELF;
  const int ndims     = 1 + (rowdims[0] > 0) + (rowdims[1] > 0);
  hsize_t dims[3] = {0, 0, 0}, n = 1;
  char msg[256], text[256];
  hid_t dset, space, type;
  int ok;

  if (H5Lexists(file, name, H5P_DEFAULT) <= 0) {
    PetscSNPrintf(msg, sizeof(msg), "%s exists", name);
    DWTestTrue(comm, msg, 0);
    return;
  }
  dset  = H5Dopen2(file, name, H5P_DEFAULT);
  space = H5Dget_space(dset);
  type  = H5Dget_type(dset);
  ok    = H5Sget_simple_extent_ndims(space) == ndims;
  H5Sget_simple_extent_dims(space, dims, NULL);
  ok = ok && dims[0] == (hsize_t)nrows;
  for (int d = 1; d < ndims; d++) ok = ok && dims[d] == (hsize_t)rowdims[d - 1];
  PetscSNPrintf(msg, sizeof(msg),
                "%-24s shape %" PetscInt_FMT " x {%" PetscInt_FMT ", %" PetscInt_FMT "}", name,
                nrows, rowdims[0], rowdims[1]);
  DWTestTrue(comm, msg, ok);
  PetscSNPrintf(msg, sizeof(msg), "%-24s stored as %s", name,
                isint ? "64-bit little-endian int" : "IEEE double");
  DWTestTrue(comm, msg, H5Tequal(type, isint ? H5T_STD_I64LE : H5T_IEEE_F64LE) > 0);
  if (ok) {
    void *got;
    for (int d = 0; d < ndims; d++) n *= dims[d];
    got = malloc(8 * (n ? n : 1));
    ok  = H5Dread(dset, isint ? H5T_NATIVE_INT64 : H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                  got) >= 0;
    ok  = ok && (!n || !memcmp(got, expected, 8 * n));
    free(got);
    PetscSNPrintf(msg, sizeof(msg), "%-24s all %llu values exact", name, (unsigned long long)n);
    DWTestTrue(comm, msg, ok);
  }
  ReadStringAttr(dset, "units", text, sizeof(text));
  PetscSNPrintf(msg, sizeof(msg), "%-24s units '%s'", name, text);
  DWTestTrue(comm, msg, !strcmp(text, units));
  ReadStringAttr(dset, "description", text, sizeof(text));
  PetscSNPrintf(msg, sizeof(msg), "%-24s description '%s'", name, text);
  DWTestTrue(comm, msg, !strcmp(text, description));
  H5Tclose(type);
  H5Sclose(space);
  H5Dclose(dset);
}

/* Rank 0 only. A scalar numeric attribute of `object` read as double (or int64). */
static void CheckNumberAttr(hid_t file, const char object[], const char name[], PetscBool isint,
                            double expected)
{
  char msg[256];
  double x  = -1;
  int64_t i = -1;
  int ok;
  hid_t obj = H5Oopen(file, object, H5P_DEFAULT), attr, type;

  ok = obj >= 0 && H5Aexists(obj, name) > 0;
  if (ok) {
    attr = H5Aopen(obj, name, H5P_DEFAULT);
    type = H5Aget_type(attr);
    ok   = H5Tget_class(type) == (isint ? H5T_INTEGER : H5T_FLOAT) && H5Tget_size(type) == 8;
    ok   = ok && H5Aread(attr, isint ? H5T_NATIVE_INT64 : H5T_NATIVE_DOUBLE,
                       isint ? (void *)&i : (void *)&x) >= 0;
    ok   = ok && (isint ? i == (int64_t)expected : x == expected);
    H5Tclose(type);
    H5Aclose(attr);
  }
  if (obj >= 0) H5Oclose(obj);
  PetscSNPrintf(msg, sizeof(msg), "attribute %s of %s = %g (%s)", name, object, expected,
                isint ? "int64" : "double");
  DWTestTrue(PETSC_COMM_SELF, msg, ok);
}

static PetscErrorCode WriteLibrary(MPI_Comm comm, const char path[], const LocalRows *L)
{
  const PetscInt col[2] = {0, 0}, block[2] = {5, 3}, pair[2] = {2, 0};
  const PetscReal T_f[4] = {0.092, 0.07, 0.062, 1.0 / 3.0}, scale = 2.5;
  const PetscInt N = 1500, mt[2] = {4000, -30000};
  DWCampaignLibrary f;

  PetscFunctionBegin;
  PetscCall(DWCampaignLibraryCreate(comm, path, &f));
  PetscCall(DWCampaignLibraryWriteColumn(f, "dw/E", DW_FIELD_REAL, NROWS, col, L->n, L->rows,
                                         L->reals, "eps", "a real column"));
  PetscCall(DWCampaignLibraryWriteColumn(f, "/dw/sample", DW_FIELD_INT, NROWS, col, L->n, L->rows,
                                         L->ints, "1", "an int column"));
  PetscCall(DWCampaignLibraryWriteColumn(f, "samples/positions", DW_FIELD_REAL, NROWS, block, L->n,
                                         L->rows, L->blocks, "sigma", "rows of 5 x 3"));
  PetscCall(DWCampaignLibraryWriteColumn(f, "dw/quantum/argon/pair", DW_FIELD_INT, NROWS, pair,
                                         L->n, L->rows, L->pairs, "1", "rows of 2"));
  PetscCall(DWCampaignLibraryWriteColumn(f, "is/energy", DW_FIELD_REAL, 0, col, 0, NULL, NULL,
                                         "eps", "an empty column"));
  PetscCall(DWCampaignLibraryWriteColumn(f, "is/positions", DW_FIELD_INT, 0, block, 0, NULL, NULL,
                                         "sigma", "an empty 3-D column"));
  PetscCall(DWCampaignLibraryWriteAttribute(f, "/", "campaign", DW_FIELD_STRING, "library test"));
  PetscCall(DWCampaignLibraryWriteAttribute(f, "samples", "N", DW_FIELD_INT, &N));
  PetscCall(DWCampaignLibraryWriteAttribute(f, "meta/info", "scale", DW_FIELD_REAL, &scale));
  PetscCall(DWCampaignLibraryWriteAttribute(f, "dw/E", "scale", DW_FIELD_REAL, &scale));
  PetscCall(DWCampaignLibraryWriteArray(f, "campaign/T_f", DW_FIELD_REAL, 4, T_f, "eps/k_B",
                                        "fictive temperatures"));
  PetscCall(DWCampaignLibraryWriteArray(f, "campaign/mt", DW_FIELD_INT, 2, mt, "1",
                                        "fewer rows than ranks"));
  PetscCall(DWCampaignLibraryCommit(&f));
  DWTestTrue(comm, "Commit sets the handle to NULL", f == NULL);
  PetscFunctionReturn(0);
}

/* Rank 0 only: everything WriteLibrary wrote, read back sequentially. */
static PetscErrorCode CheckLibrary(const char path[])
{
  const PetscInt col[2] = {0, 0}, block[2] = {5, 3}, pair[2] = {2, 0};
  const double T_f[4] = {0.092, 0.07, 0.062, 1.0 / 3.0};
  const int64_t mt[2] = {4000, -30000};
  double reals[NROWS], blocks[15 * NROWS];
  int64_t ints[NROWS], pairs[2 * NROWS];
  char text[256], tmp[PETSC_MAX_PATH_LEN];
  hid_t file;

  PetscFunctionBegin;
  for (PetscInt r = 0; r < NROWS; r++) {
    reals[r] = RealValue(r, 0);
    ints[r]  = IntValue(r, -1);
    for (PetscInt q = 0; q < 15; q++) blocks[15 * r + q] = RealValue(r, q);
    for (PetscInt q = 0; q < 2; q++) pairs[2 * r + q] = IntValue(r, q);
  }
  PetscCall(PetscSNPrintf(tmp, sizeof(tmp), "%s.tmp", path));
  DWTestTrue(PETSC_COMM_SELF, "after Commit, PATH.tmp is gone", access(tmp, F_OK) != 0);
  file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
  DWTestTrue(PETSC_COMM_SELF, "after Commit, PATH opens sequentially", file >= 0);
  if (file < 0) PetscFunctionReturn(0);
  CheckDataset(file, "dw/E", PETSC_FALSE, NROWS, col, reals, "eps", "a real column");
  CheckDataset(file, "dw/sample", PETSC_TRUE, NROWS, col, ints, "1", "an int column");
  CheckDataset(file, "samples/positions", PETSC_FALSE, NROWS, block, blocks, "sigma",
               "rows of 5 x 3");
  CheckDataset(file, "dw/quantum/argon/pair", PETSC_TRUE, NROWS, pair, pairs, "1", "rows of 2");
  CheckDataset(file, "is/energy", PETSC_FALSE, 0, col, NULL, "eps", "an empty column");
  CheckDataset(file, "is/positions", PETSC_TRUE, 0, block, NULL, "sigma", "an empty 3-D column");
  CheckDataset(file, "campaign/T_f", PETSC_FALSE, 4, col, T_f, "eps/k_B", "fictive temperatures");
  CheckDataset(file, "campaign/mt", PETSC_TRUE, 2, col, mt, "1", "fewer rows than ranks");
  ReadStringAttr(file, "campaign", text, sizeof(text));
  DWTestTrue(PETSC_COMM_SELF, "root attribute campaign = 'library test'",
             !strcmp(text, "library test"));
  ReadStringAttr(file, "dwell_version", text, sizeof(text));
  DWTestTrue(PETSC_COMM_SELF, "root attribute dwell_version", !strcmp(text, DWELL_VERSION));
  CheckNumberAttr(file, "samples", "N", PETSC_TRUE, 1500);
  CheckNumberAttr(file, "meta/info", "scale", PETSC_FALSE, 2.5);
  CheckNumberAttr(file, "dw/E", "scale", PETSC_FALSE, 2.5);
  H5Fclose(file);
  PetscFunctionReturn(0);
}

/* Collective. A real column of NROWS rows from this rank's rows[] must fail on every rank. */
static PetscErrorCode ExpectFailure(MPI_Comm comm, DWCampaignLibrary f, const char name[],
                                    PetscInt nlocal, const PetscInt rows[], const LocalRows *L,
                                    const char what[])
{
  const PetscInt col[2] = {0, 0};
  PetscErrorCode ierr;
  int failed;

  PetscFunctionBegin;
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  ierr = DWCampaignLibraryWriteColumn(f, name, DW_FIELD_REAL, NROWS, col, nlocal, rows, L->reals,
                                      "eps", what);
  PetscCall(PetscPopErrorHandler());
  failed = ierr != 0;
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &failed, 1, MPI_INT, MPI_LAND, comm));
  DWTestTrue(comm, what, failed);
  PetscFunctionReturn(0);
}

/* A file with bad columns: each must fail on every rank; then Abort leaves nothing. */
static PetscErrorCode AbortLibrary(MPI_Comm comm, const char path[], const LocalRows *L)
{
  const PetscInt col[2] = {0, 0};
  PetscMPIInt rank, size;
  PetscInt rows[NROWS];
  DWCampaignLibrary f;
  char tmp[PETSC_MAX_PATH_LEN];
  int gone;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(DWCampaignLibraryCreate(comm, path, &f));
  PetscCall(DWCampaignLibraryWriteColumn(f, "dw/E", DW_FIELD_REAL, NROWS, col, L->n, L->rows,
                                         L->reals, "eps", "a real column"));
  PetscCall(PetscArraycpy(rows, L->rows, L->n));
  if (!rank && L->n) rows[0] = NROWS;
  PetscCall(ExpectFailure(comm, f, "dw/bad", L->n, rows, L,
                          "a row outside [0, nrows) on rank 0 fails on every rank"));
  PetscCall(ExpectFailure(comm, f, "dw/short", rank ? L->n : 0, L->rows, L,
                          "rank 0's rows missing (fewer than nrows) fails on every rank"));
  if (size > 2) { /* rank 0 gives a row of rank 1 instead of one of its own */
    PetscCall(PetscArraycpy(rows, L->rows, L->n));
    for (PetscInt r = NROWS - 1; r >= 0; r--)
      if (!rank && Owner(r, size) == 1) rows[0] = r;
    PetscCall(ExpectFailure(comm, f, "dw/twice", L->n, rows, L,
                            "a row given by two ranks fails on every rank"));
  }
  PetscCall(DWCampaignLibraryAbort(&f));
  DWTestTrue(comm, "Abort sets the handle to NULL", f == NULL);
  PetscCall(PetscSNPrintf(tmp, sizeof(tmp), "%s.tmp", path));
  gone = access(path, F_OK) != 0 && access(tmp, F_OK) != 0;
  PetscCallMPI(MPI_Bcast(&gone, 1, MPI_INT, 0, comm));
  DWTestTrue(comm, "after Abort, neither PATH nor PATH.tmp exists", gone);
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  MPI_Comm comm;
  PetscMPIInt rank, size;
  LocalRows L;
  char dir[PETSC_MAX_PATH_LEN] = "", path[PETSC_MAX_PATH_LEN], path2[PETSC_MAX_PATH_LEN];
  char stale[PETSC_MAX_PATH_LEN + 8];
  PetscInt n, empty;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_WORLD;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  if (!rank) {
    PetscCall(PetscStrncpy(dir, "/tmp/dwell-library-XXXXXX", sizeof(dir)));
    PetscCheck(mkdtemp(dir), PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "mkdtemp failed");
  }
  PetscCallMPI(MPI_Bcast(dir, sizeof(dir), MPI_CHAR, 0, comm));
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/library.h5", dir));
  PetscCall(PetscSNPrintf(path2, sizeof(path2), "%s/aborted.h5", dir));

  DealRows(rank, size, &L);
  PetscCallMPI(MPI_Allreduce(&L.n, &n, 1, MPIU_INT, MPI_SUM, comm));
  empty = L.n == 0;
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &empty, 1, MPIU_INT, MPI_SUM, comm));
  PetscCall(PetscPrintf(comm, "%d rank(s), %d rows, files in %s\n", size, NROWS, dir));
  PetscCall(PetscSynchronizedPrintf(comm, "  rank %d writes rows", rank));
  for (PetscInt k = 0; k < L.n; k++)
    PetscCall(PetscSynchronizedPrintf(comm, " %" PetscInt_FMT, L.rows[k]));
  PetscCall(PetscSynchronizedPrintf(comm, "\n"));
  PetscCall(PetscSynchronizedFlush(comm, PETSC_STDOUT));
  DWTestTrue(comm, "the ranks' rows cover every row once", n == NROWS);
  if (size > 1) DWTestTrue(comm, "exactly one rank writes no rows", empty == 1);

  if (!rank) { /* a stale PATH.tmp of a killed run, to be replaced */
    PetscCall(PetscSNPrintf(stale, sizeof(stale), "%s.tmp", path));
    FILE *fp = fopen(stale, "w");
    PetscCheck(fp, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot create %s", stale);
    fputs("not an HDF5 file", fp);
    fclose(fp);
  }
  PetscCall(WriteLibrary(comm, path, &L));
  if (!rank) PetscCall(CheckLibrary(path));
  PetscCall(AbortLibrary(comm, path2, &L));

  PetscCallMPI(MPI_Barrier(comm));
  if (!rank) PetscCall(PetscRMTree(dir));
  {
    int failed = DWTestFinish(comm);
    PetscCall(PetscFinalize());
    return failed;
  }
}
