/* The fuzz targets of tests/fuzz/fuzz.h. */
#include "fuzz.h"
#include <dwell/dwell.h>
#include <dwell/campaign.h>
#include "app/commands.h"
#include "io/ioimpl.h"
#include "farm/farmimpl.h"
#include <hdf5.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Leak checking off around a call (the sanitized build only, see CheckCampaign). */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#include <sanitizer/lsan_interface.h>
#define DW_LEAK_CHECKS_OFF() __lsan_disable()
#define DW_LEAK_CHECKS_ON()  __lsan_enable()
#endif
#endif
#if !defined(DW_LEAK_CHECKS_OFF)
#define DW_LEAK_CHECKS_OFF()
#define DW_LEAK_CHECKS_ON()
#endif

const char *const DWFuzzTargetNames[] = {"xyz", "lammps", "h5config", "yaml", "shard", NULL};

static char tmpdir[PETSC_MAX_PATH_LEN];
static char first_error[1024];

/* Keeps the first message of an error (the one raised where it happened) and returns it. */
static PetscErrorCode KeepMessage(MPI_Comm comm, int line, const char *func, const char *file,
                                  PetscErrorCode n, PetscErrorType p, const char *mess, void *ctx)
{
  if (p == PETSC_ERROR_INITIAL && !first_error[0] && mess)
    snprintf(first_error, sizeof(first_error), "%s", mess);
  return n;
}

PetscErrorCode DWFuzzSetUp(void)
{
  const char *base = access("/dev/shm", W_OK) ? "/tmp" : "/dev/shm";

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(tmpdir, sizeof(tmpdir), "%s/dwell-fuzz.XXXXXX", base));
  PetscCheck(mkdtemp(tmpdir), PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot create %s", tmpdir);
  PetscCall(PetscPushErrorHandler(KeepMessage, NULL));
  H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
  PetscFunctionReturn(0);
}

void DWFuzzTearDown(void)
{
  char cmd[PETSC_MAX_PATH_LEN + 16];

  if (!tmpdir[0]) return;
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
  if (system(cmd)) fprintf(stderr, "fuzz: could not remove %s\n", tmpdir);
}

/* An invariant broken: a fuzzer finding. */
#define DW_FUZZ_ASSERT(cond, ...)                                                                  \
  do {                                                                                             \
    if (!(cond)) {                                                                                 \
      fprintf(stderr, "fuzz: invariant broken: " __VA_ARGS__);                                     \
      fputc('\n', stderr);                                                                         \
      abort();                                                                                     \
    }                                                                                              \
  } while (0)

static void WriteFile(const char path[], const uint8_t *data, size_t size)
{
  FILE *fp = fopen(path, "wb");

  DW_FUZZ_ASSERT(fp && fwrite(data, 1, size, fp) == size && !fclose(fp), "cannot write %s", path);
}

/* ---- configurations ---- */

/* What a reader that accepted a file must return. */
static PetscErrorCode CheckSystem(DWSystem sys)
{
  DWConfigView v;

  PetscFunctionBegin;
  PetscCall(DWConfigViewGet(sys, &v));
  const DWParticles p = v.p;
  DW_FUZZ_ASSERT(p.N >= 1 && p.N <= DW_IO_MAX_PARTICLES, "N = %d", (int)p.N);
  DW_FUZZ_ASSERT(v.L > 0 && !PetscIsInfOrNanReal(v.L), "box %g", (double)v.L);
  DW_FUZZ_ASSERT(v.nspecies >= 1 && v.nspecies <= DW_MAX_SPECIES, "nspecies %d", (int)v.nspecies);
  for (PetscInt i = 0; i < p.N; i++) {
    DW_FUZZ_ASSERT(p.species[i] >= 0 && p.species[i] < v.nspecies, "species %d of particle %d",
                   (int)p.species[i], (int)i);
    DW_FUZZ_ASSERT(!p.diameter || (p.diameter[i] > 0 && !PetscIsInfOrNanReal(p.diameter[i])),
                   "diameter of particle %d", (int)i);
    for (int k = 0; k < 3; k++)
      DW_FUZZ_ASSERT(!PetscIsInfOrNanReal(p.x[3 * i + k]), "position of particle %d", (int)i);
  }
  PetscFunctionReturn(0);
}

/* Loads path and, when accepted, checks it and builds a neighbour list of cutoff 1 for it (the
   cell list meets hostile boxes and positions; a box too small for the cutoff is an error). */
static PetscErrorCode LoadConfig(const char path[])
{
  DWSystem sys = NULL;
  DWNeighborList nl;
  PetscReal L;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(DWSystemLoad(PETSC_COMM_SELF, path, &sys));
  PetscCall(CheckSystem(sys));
  PetscCall(DWSystemGetBox(sys, &L));
  PetscCall(DWNeighborListCreate(PETSC_COMM_SELF, &nl));
  PetscCall(DWNeighborListSetCutoff(nl, 1.0));
  ierr = L > 3 ? DWNeighborListBuild(nl, sys) : 0;
  PetscCall(DWNeighborListDestroy(&nl));
  PetscCall(DWSystemDestroy(&sys));
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

static PetscErrorCode RunText(const char ext[], const uint8_t *data, size_t size)
{
  char path[PETSC_MAX_PATH_LEN];

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/input.%s", tmpdir, ext));
  WriteFile(path, data, size);
  PetscCall(LoadConfig(path));
  PetscFunctionReturn(0);
}

/* ---- HDF5 configurations from bytes ---- */

typedef struct {
  const uint8_t *d;
  size_t n, k;
} Bytes;

/* The next byte; 0 when the input is used up, and 0 always picks the ordinary choice. */
static unsigned Byte(Bytes *b)
{
  return b->k < b->n ? b->d[b->k++] : 0;
}

static uint64_t Word(Bytes *b)
{
  uint64_t v = 0;
  for (int k = 0; k < 8; k++) v = v << 8 | Byte(b);
  return v;
}

static double Real(Bytes *b, double usual)
{
  static const double special[] = {
      0, 1, -1, 0.5, 2, 3, 7.5, 100, 1e300, -1e300, NAN, INFINITY, -INFINITY, 4294967396.0, 1e-300};
  const unsigned s = Byte(b);
  double v;

  if (!s) return usual;
  if (s <= sizeof(special) / sizeof(special[0])) return special[s - 1];
  if (s < 128) return usual + (s - 64) / 16.0;
  const uint64_t w = Word(b);
  memcpy(&v, &w, sizeof(v));
  return v;
}

static long long Int(Bytes *b, long long usual)
{
  static const long long special[] = {0,
                                      1,
                                      2,
                                      3,
                                      -1,
                                      4,
                                      100,
                                      2147483647,
                                      2147483648LL,
                                      4294967300LL,
                                      -2147483648LL,
                                      LLONG_MAX,
                                      LLONG_MIN,
                                      10000000,
                                      10000001};
  const unsigned s                 = Byte(b);

  if (!s) return usual;
  if (s <= sizeof(special) / sizeof(special[0])) return special[s - 1];
  if (s < 128) return usual + (s % 8) - 4;
  return (long long)Word(b);
}

/* An attribute of obj: normally one value of the expected class (`integer` or not), or else
   any class, shape or value. */
static void PutAttr(hid_t obj, const char name[], PetscBool integer, double usual, Bytes *b)
{
  const unsigned kind = Byte(b) % 10;
  hsize_t m           = 1 + Byte(b) % 4;
  hid_t space, type = integer ? H5T_NATIVE_LLONG : H5T_NATIVE_DOUBLE, attr, str = -1;
  double dv[4];
  long long iv[4];
  char text[48];

  if (kind == 1) return; /* absent */
  for (hsize_t k = 0; k < 4; k++) {
    dv[k] = Real(b, usual);
    iv[k] = Int(b, (long long)usual);
  }
  if (kind == 0 || kind >= 5) m = 1;
  space = kind == 4
              ? H5Screate(H5S_NULL)
              : (kind == 0 || kind >= 5 ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &m, NULL));
  if (kind == 2 || kind == 5) type = H5T_NATIVE_DOUBLE;
  if (kind == 3 || kind == 6) type = H5T_NATIVE_LLONG;
  if (kind == 7) type = H5T_NATIVE_UINT64;
  if (kind == 8) type = H5T_NATIVE_FLOAT;
  if (kind == 9) {
    const size_t len = Byte(b) % (sizeof(text) - 1);
    for (size_t k = 0; k < len; k++) text[k] = (char)(Byte(b) | 1);
    text[len] = 0;
    str       = H5Tcopy(H5T_C_S1);
    H5Tset_size(str, len + 1);
    type = str;
  }
  attr = H5Acreate2(obj, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
  if (kind == 9)
    H5Awrite(attr, str, text);
  else if (kind == 8) {
    float fv[4] = {(float)dv[0], (float)dv[1], (float)dv[2], (float)dv[3]};
    H5Awrite(attr, H5T_NATIVE_FLOAT, fv);
  } else if (kind != 4)
    H5Awrite(attr, type, H5Tequal(type, H5T_NATIVE_DOUBLE) > 0 ? (void *)dv : (void *)iv);
  H5Aclose(attr);
  H5Sclose(space);
  if (str >= 0) H5Tclose(str);
}

/* A dataset of `rows` x `cols` values (cols 1: rank 1) of the expected class, or else a group,
   another class, rank or size. */
static void PutDataset(hid_t group, const char name[], hsize_t rows, hsize_t cols,
                       PetscBool integer, double usual, Bytes *b)
{
  const unsigned kind = Byte(b) % 8;
  hsize_t dims[3]     = {rows, cols, 2};
  int rank            = cols > 1 ? 2 : 1;
  hid_t type          = integer ? H5T_NATIVE_LLONG : H5T_NATIVE_DOUBLE, space, dset;
  double *dv;
  long long *iv;

  if (kind == 1) return; /* absent */
  if (kind == 2) {
    H5Gclose(H5Gcreate2(group, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    return;
  }
  if (kind == 3) type = integer ? H5T_NATIVE_DOUBLE : H5T_NATIVE_INT;
  if (kind == 4) dims[0] = rows + Byte(b) % 3 - 1;
  if (kind == 5) rank = 1 + Byte(b) % 3;
  if (kind == 6) type = H5T_NATIVE_INT8;
  const size_t n = (size_t)dims[0] * (rank > 1 ? dims[1] : 1) * (rank > 2 ? dims[2] : 1);
  dv             = calloc(n + 1, sizeof(double));
  iv             = calloc(n + 1, sizeof(long long));
  for (size_t k = 0; k < n; k++) {
    dv[k] = Real(b, usual + (double)k);
    iv[k] = Int(b, (long long)(k % 2));
  }
  space = kind == 7 ? H5Screate(H5S_SCALAR) : H5Screate_simple(rank, dims, NULL);
  dset  = H5Dcreate2(group, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (H5Tequal(type, H5T_NATIVE_DOUBLE) > 0)
    H5Dwrite(dset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, dv);
  else
    H5Dwrite(dset, H5T_NATIVE_LLONG, H5S_ALL, H5S_ALL, H5P_DEFAULT, iv);
  H5Dclose(dset);
  H5Sclose(space);
  free(dv);
  free(iv);
}

/* /config as dwell writes it (box 10, N rows, nspecies 2, model ka, positions, species,
   diameters) when every byte is 0; any structure, class, shape and value otherwise. */
static void WriteConfig(const char path[], Bytes *b)
{
  hid_t file           = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), g;
  const unsigned where = Byte(b) % 4;
  const hsize_t rows   = 1 + Byte(b) % 16;

  DW_FUZZ_ASSERT(file >= 0, "cannot create %s", path);
  if (where == 1) { /* /config a dataset */
    PutDataset(file, "config", rows, 3, PETSC_FALSE, 0, b);
    H5Fclose(file);
    return;
  }
  if (where == 2) { /* /config a soft link (dangling, or to /data) */
    if (Byte(b) % 2) H5Gclose(H5Gcreate2(file, "data", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    H5Lcreate_soft("/data", file, "config", H5P_DEFAULT, H5P_DEFAULT);
    H5Fclose(file);
    return;
  }
  g = H5Gcreate2(file, where == 3 ? "data" : "config", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (where == 3) H5Lcreate_hard(file, "data", file, "config", H5P_DEFAULT, H5P_DEFAULT);
  PutAttr(g, "box", PETSC_FALSE, 10, b);
  PutAttr(g, "N", PETSC_TRUE, (double)rows, b);
  PutAttr(g, "nspecies", PETSC_TRUE, 2, b);
  PutDataset(g, "positions", rows, 3, PETSC_FALSE, 0.5, b);
  PutDataset(g, "species", rows, 1, PETSC_TRUE, 0, b);
  if (Byte(b) % 2) PutDataset(g, "diameters", rows, 1, PETSC_FALSE, 1, b);
  if (Byte(b) % 2 == 0) {
    hid_t str = H5Tcopy(H5T_C_S1), space = H5Screate(H5S_SCALAR), attr;
    H5Tset_size(str, 3);
    attr = H5Acreate2(g, "model", str, space, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(attr, str, "ka");
    H5Aclose(attr);
    H5Sclose(space);
    H5Tclose(str);
  } else
    PutAttr(g, "model", PETSC_FALSE, 0, b);
  H5Gclose(g);
  H5Fclose(file);
}

static PetscErrorCode RunHDF5(const uint8_t *data, size_t size)
{
  char path[PETSC_MAX_PATH_LEN];
  Bytes b = {data, size, 0};

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/input.h5", tmpdir));
  WriteConfig(path, &b);
  PetscCall(LoadConfig(path));
  PetscFunctionReturn(0);
}

/* ---- campaign files ---- */

/* PETSc's YAML reader, then the checks of `dwell run -dry_run`. An error in those (a bad key)
   leaves behind what was allocated before it (PETSc options objects, the stage objects of
   src/farm/campaign.c CheckStages, the lists of src/farm/campaignkeys.c Split): the command
   ends there, so AddressSanitizer and UBSan check this step but the leak checker does not. */
static PetscErrorCode CheckCampaign(const char path[])
{
  DWCampaign c;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(PetscOptionsInsertFileYAML(PETSC_COMM_SELF, NULL, path, PETSC_TRUE));
  PetscCall(DWCampaignCreate(PETSC_COMM_SELF, &c));
  PetscCall(DWCampaignSetDirectory(c, path));
  DW_LEAK_CHECKS_OFF();
  ierr = DWCampaignSetFromOptions(c);
  DW_LEAK_CHECKS_ON();
  PetscCall(DWCampaignDestroy(&c));
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

static PetscErrorCode RunYAML(const uint8_t *data, size_t size)
{
  char path[PETSC_MAX_PATH_LEN], msg[1024];
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/campaign.yaml", tmpdir));
  WriteFile(path, data, size);
  /* main.c: a file that fails the check never reaches PETSc */
  PetscCheck(!DWAppCheckOptionsFileYAML(path, "campaign file", msg, sizeof(msg)), PETSC_COMM_SELF,
             PETSC_ERR_FILE_UNEXPECTED, "%s", msg);
  ierr = CheckCampaign(path);
  PetscCall(PetscOptionsClear(NULL));
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

/* ---- shards ---- */

typedef struct {
  PetscInt nunits, n;
  DWShardLocation where[64];
} ShardScan;

/* One record as the farm reads it: the task key, then the payload of its kind. */
static PetscErrorCode DecodeRecord(void *ctx, const DWShardRecord *rec)
{
  ShardScan *s = (ShardScan *)ctx;
  DWUnpack u;
  DWTaskKey key;

  PetscFunctionBegin;
  if (s->n < 64) s->where[s->n++] = rec->where;
  DWUnpackInit(&u, rec->payload, rec->length);
  PetscCall(DWTaskUnpackKey(&u, &key));
  if (rec->status != DW_SHARD_DONE) PetscFunctionReturn(0);
  if (key.kind == DW_TASK_GLASS) {
    DWSystem sys = NULL;
    DWGlassSummary g;
    PetscCall(DWPayloadUnpackGlass(&u, &sys, &g));
    PetscCall(CheckSystem(sys));
    PetscCall(DWSystemDestroy(&sys));
  } else if (key.kind == DW_TASK_EXPLORE) {
    DWISRun run;
    PetscCall(PetscMemzero(&run, sizeof(run)));
    PetscCall(DWPayloadUnpackRun(&u, &run));
    PetscCall(DWISRunDestroy(&run));
  } else if (key.kind == DW_TASK_MERGE) {
    DWMergeData m;
    PetscCall(DWPayloadUnpackMerge(&u, &m));
    PetscCall(DWMergeDataFree(&m));
  } else if (key.kind == DW_TASK_NEB) { /* the pair, the number of rows, the rows */
    PetscInt ab[2];
    int64_t n;
    DWNEBRow row;
    PetscCall(DWUnpackIntsInto(&u, 2, ab));
    PetscCall(DWUnpackInt(&u, &n));
    for (int64_t r = 0; r < n; r++) {
      PetscErrorCode ierr = DWPayloadUnpackNEBRow(&u, &row, s->nunits);
      PetscCall(DWDoubleWellReset(&row.dw));
      PetscCall(ierr);
    }
  }
  PetscFunctionReturn(0);
}

/* Makes the CRC of every record whose length fits in the file valid, walking record by record
   from the start (a bad magic or length stops the walk). */
static void FixCRCs(uint8_t *d, size_t n)
{
  size_t off = 0;
  uint32_t len, crc;

  while (n - off >= DW_SHARD_HEADER + DW_SHARD_TRAILER && !memcmp(d + off, DW_SHARD_MAGIC, 4)) {
    memcpy(&len, d + off + 4, 4);
    if (len > n - off - DW_SHARD_HEADER - DW_SHARD_TRAILER) break;
    crc = DWCRC32(0, d + off, DW_SHARD_HEADER + (size_t)len);
    memcpy(d + off + DW_SHARD_HEADER + len, &crc, 4);
    off += DW_SHARD_HEADER + DW_SHARD_TRAILER + (size_t)len;
  }
}

static PetscErrorCode RunShard(const uint8_t *data, size_t size)
{
  char path[PETSC_MAX_PATH_LEN];
  uint8_t *copy;
  ShardScan s = {0, 0, {{0}}};
  DWShardScanInfo info, again;
  DWShard shard;
  DWShardLocation where;
  DWShardRecord rec;
  unsigned char *payload;
  PetscBool ok;
  const char tail[] = "appended";

  PetscFunctionBegin;
  if (!size) PetscFunctionReturn(0);
  s.nunits = data[0] % (DW_CAMPAIGN_MAX_UNITS + 1);
  copy     = malloc(size);
  memcpy(copy, data, size);
  if (data[0] & 0x80) FixCRCs(copy + 1, size - 1);
  PetscCall(DWShardPath(tmpdir, 7, path, sizeof(path)));
  WriteFile(path, copy + 1, size - 1);
  free(copy);
  PetscCall(DWShardScan(path, 7, DecodeRecord, &s, &info));
  DW_FUZZ_ASSERT(info.valid_end <= info.file_size, "valid end %lld beyond %lld",
                 (long long)info.valid_end, (long long)info.file_size);
  for (PetscInt k = 0; k < s.n; k++) {
    PetscCall(DWShardReadRecord(tmpdir, s.where[k], &rec, &payload, &ok));
    PetscCall(PetscFree(payload));
    DW_FUZZ_ASSERT(ok, "record %d found by the scan does not read back", (int)k);
  }
  /* a writer opening the shard keeps its good records and appends after them */
  PetscCall(DWShardOpen(tmpdir, 7, &shard));
  PetscCall(DWShardAppend(shard, 42, 9, DW_SHARD_DONE, tail, sizeof(tail), &where));
  PetscCall(DWShardClose(&shard));
  PetscCall(DWShardScan(path, 7, NULL, NULL, &again));
  DW_FUZZ_ASSERT(again.good == info.good + 1 && again.valid_end == again.file_size,
                 "after open and append: %d good records (before: %d), valid end %lld of %lld",
                 (int)again.good, (int)info.good, (long long)again.valid_end,
                 (long long)again.file_size);
  PetscCall(DWShardReadRecord(tmpdir, where, &rec, &payload, &ok));
  DW_FUZZ_ASSERT(ok && rec.task == 42 && rec.length == sizeof(tail) &&
                     !memcmp(payload, tail, sizeof(tail)),
                 "the appended record does not read back");
  PetscCall(PetscFree(payload));
  PetscFunctionReturn(0);
}

int DWFuzzRun(const char name[], const uint8_t *data, size_t size, char msg[], size_t len)
{
  PetscErrorCode ierr = PETSC_ERR_ARG_UNKNOWN_TYPE;

  first_error[0] = 0;
  if (!strcmp(name, "xyz"))
    ierr = RunText("xyz", data, size);
  else if (!strcmp(name, "lammps"))
    ierr = RunText("data", data, size);
  else if (!strcmp(name, "h5config"))
    ierr = RunHDF5(data, size);
  else if (!strcmp(name, "yaml"))
    ierr = RunYAML(data, size);
  else if (!strcmp(name, "shard"))
    ierr = RunShard(data, size);
  else
    snprintf(first_error, sizeof(first_error), "unknown fuzz target %s", name);
  if (msg) snprintf(msg, len, "%s", ierr ? first_error : "");
  return ierr ? 1 : 0;
}
