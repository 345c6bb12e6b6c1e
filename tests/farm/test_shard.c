/* Shards and payload packing (include/dwell/shard.h).
   1. CRC-32: the check value CRC("123456789") = 0xCBF43926 of IEEE 802.3 / zlib, and a
      CRC continued over two pieces equals the CRC of the whole.
   2. Packing: int64 extremes, doubles (NaN payloads, -0.0, a denormal, infinities), strings
      and arrays unpack bit for bit; every truncation of the buffer makes the unpacking fail
      with PETSC_ERR_FILE_UNEXPECTED; a wrong count, an absurd count, an integer too large
      for PetscInt and a string longer than the caller's buffer are errors.
   3. A journal of 50 records of random sizes (0..5000 bytes) in a temporary directory:
      - the scan returns all 50 in order with their locations, and nothing torn or corrupt;
      - the file cut at every record boundary +- 3 bytes and at 200 random points: the scan
        returns exactly the records wholly before the cut, torn = 1 when the cut is inside a
        record (else 0), valid_end at the end of the last whole record;
      - one bit flipped in the payload, task, kind, status or CRC of record k: exactly k is
        missing, corrupt = 1, torn = 0; in the magic or length of record k: exactly k is
        missing (resynchronised), the rest recovered;
      - zeros after the last record and garbage between two records: all 50, torn = 1;
      - DWShardOpen after a torn tail truncates it, and the next record follows the last
        good one; appending after a reopen continues the file;
      - DWShardReadRecord at each location gives the same record, ok = FALSE once it is
        corrupted (and TRUE again once repaired), or at a wrong location;
      - DWShardList finds shards 0, 3, 12 and ignores look-alike names;
      - a write to a full disk (/dev/full) fails with an error naming the shard and why;
      - a callback's error stops the scan; a missing shard is an error;
      - a second writer appending to the same shard is detected at the next append.
   4. Byte order: a record of task 0x0102030405060708, kind 3, done, with the payload int
      -2, real 1.5 and the array {7}, is exactly the 60 bytes of the stated little-endian
      format (the CRC as Python's zlib.crc32 computes it), whatever the host. */
#include "testutil.h"
#include <dwell/shard.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NREC 50

/* The error code of a call expected to fail, with PETSc's error printing off. */
#define CATCH(ierr, call)                                                                          \
  do {                                                                                             \
    PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));                               \
    ierr = (call);                                                                                 \
    PetscCall(PetscPopErrorHandler());                                                             \
  } while (0)

/* What was written: the records of shard 0 and where they went. */
typedef struct {
  uint64_t task[NREC];
  uint32_t kind[NREC], length[NREC];
  DWShardStatus status[NREC];
  unsigned char *payload[NREC];
  DWShardLocation where[NREC];
  int64_t end[NREC]; /* offset just after record k */
} Journal;

/* What a scan returned: the journal index of each record, in order (-1: not in the journal
   or different from what was written, at offsets moved by moved_by from moved_at on). */
typedef struct {
  const Journal *j;
  int shard;
  int64_t moved_at, moved_by;
  PetscInt n, stop_after;
  int index[2 * NREC];
} Seen;

/* ---- files ---- */

static PetscErrorCode WriteFile(const char path[], const unsigned char *data, size_t n)
{
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ssize_t put;

  PetscFunctionBegin;
  PetscCheck(fd >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "%s: %s", path, strerror(errno));
  for (size_t done = 0; done < n; done += (size_t)put) {
    put = write(fd, data + done, n - done);
    PetscCheck(put > 0, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "%s: %s", path, strerror(errno));
  }
  PetscCheck(!close(fd), PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "%s: %s", path, strerror(errno));
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadFile(const char path[], unsigned char **data, size_t *n)
{
  struct stat st;
  int fd = open(path, O_RDONLY);

  PetscFunctionBegin;
  PetscCheck(fd >= 0 && !fstat(fd, &st), PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "%s: %s", path,
             strerror(errno));
  *n = (size_t)st.st_size;
  PetscCall(PetscMalloc1(*n, data));
  PetscCheck(read(fd, *data, *n) == (ssize_t)*n, PETSC_COMM_SELF, PETSC_ERR_FILE_READ, "%s: %s",
             path, strerror(errno));
  PetscCheck(!close(fd), PETSC_COMM_SELF, PETSC_ERR_FILE_READ, "%s: %s", path, strerror(errno));
  PetscFunctionReturn(0);
}

static int64_t FileSize(const char path[])
{
  struct stat st;
  return stat(path, &st) ? -1 : (int64_t)st.st_size;
}

static PetscErrorCode Join(const char dir[], const char name[], char path[])
{
  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(path, PETSC_MAX_PATH_LEN, "%s/%s", dir, name));
  PetscFunctionReturn(0);
}

/* Removes the temporary directory dir and everything in it (files and empty directories). */
static PetscErrorCode RemoveTree(const char dir[])
{
  char path[PETSC_MAX_PATH_LEN];
  struct dirent *e;
  DIR *d = opendir(dir);

  PetscFunctionBegin;
  PetscCheck(d, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "%s: %s", dir, strerror(errno));
  while ((e = readdir(d))) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    PetscCall(Join(dir, e->d_name, path));
    PetscCheck(!unlink(path) || !rmdir(path), PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE,
               "cannot remove %s: %s", path, strerror(errno));
  }
  PetscCheck(!closedir(d) && !rmdir(dir), PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE,
             "cannot remove %s: %s", dir, strerror(errno));
  PetscFunctionReturn(0);
}

/* ---- 1. CRC ---- */

static void TestCRC(MPI_Comm comm)
{
  const char *s = "123456789";

  DWTestTrue(comm, "CRC-32 check value: CRC(\"123456789\") = 0xCBF43926",
             DWCRC32(0, s, 9) == 0xCBF43926u);
  DWTestTrue(comm, "CRC-32 continued over \"1234\" + \"56789\" = CRC of the whole",
             DWCRC32(DWCRC32(0, s, 4), s + 4, 5) == 0xCBF43926u);
  DWTestTrue(comm, "CRC-32 of nothing is 0, of \"a\" is 0xE8B7BE43",
             DWCRC32(0, s, 0) == 0 && DWCRC32(0, "a", 1) == 0xE8B7BE43u);
}

/* ---- 2. packing ---- */

static const int64_t pack_ints[]  = {0, -1, 1, INT64_MIN, INT64_MAX, 1234567890123};
static const uint64_t pack_bits[] = {
    0x7ff8dead0000beefull, /* quiet NaN with a payload */
    0xfff8000000000001ull, /* negative NaN */
    0x8000000000000000ull, /* -0.0 */
    0x0000000000000001ull, /* the smallest denormal */
    0x7ff0000000000000ull, /* +inf */
    0xfff0000000000000ull, /* -inf */
    0x3fd5555555555555ull, /* 1/3 */
};
#define NBITS   (sizeof(pack_bits) / sizeof(pack_bits[0]))
#define NINTS   (sizeof(pack_ints) / sizeof(pack_ints[0]))
#define LONGSTR "a longer string, with punctuation; and \xc3\xbc\xc3\x9f in UTF-8"

/* What UnpackAll read (arrays allocated by it, freed by FreeOut). */
typedef struct {
  int64_t ints[NINTS];
  double reals[NBITS];
  PetscInt n_arr, *arr, n_empty, *empty, into[5], big;
  PetscInt n_rarr;
  PetscReal *rarr, rinto[NBITS];
  char s0[4], s1[128];
  unsigned char raw[3];
} Out;

static void FillArrays(PetscInt arr[5], PetscReal rarr[NBITS])
{
  arr[0] = 3;
  arr[1] = -7;
  arr[2] = 0;
  arr[3] = PETSC_MAX_INT;
  arr[4] = PETSC_MIN_INT;
  memcpy(rarr, pack_bits, sizeof(pack_bits));
}

static PetscErrorCode PackAll(DWPack *p)
{
  PetscInt arr[5];
  PetscReal rarr[NBITS];
  double x;

  PetscFunctionBegin;
  FillArrays(arr, rarr);
  for (size_t k = 0; k < NINTS; k++) PetscCall(DWPackInt(p, pack_ints[k]));
  for (size_t k = 0; k < NBITS; k++) {
    memcpy(&x, &pack_bits[k], sizeof(x));
    PetscCall(DWPackReal(p, x));
  }
  PetscCall(DWPackInts(p, 5, arr));
  PetscCall(DWPackInts(p, 0, NULL));
  PetscCall(DWPackReals(p, (PetscInt)NBITS, rarr));
  PetscCall(DWPackString(p, ""));
  PetscCall(DWPackString(p, LONGSTR));
  PetscCall(DWPackBytes(p, "xyz", 3));
  PetscCall(DWPackInts(p, 5, arr));
  PetscCall(DWPackReals(p, (PetscInt)NBITS, rarr));
  PetscCall(DWPackInt(p, -42));
  PetscFunctionReturn(0);
}

static PetscErrorCode UnpackAll(const void *data, size_t len, Out *o, size_t *pos)
{
  DWUnpack u;

  PetscFunctionBegin;
  DWUnpackInit(&u, data, len);
  for (size_t k = 0; k < NINTS; k++) PetscCall(DWUnpackInt(&u, &o->ints[k]));
  for (size_t k = 0; k < NBITS; k++) PetscCall(DWUnpackReal(&u, &o->reals[k]));
  PetscCall(DWUnpackInts(&u, &o->n_arr, &o->arr));
  PetscCall(DWUnpackInts(&u, &o->n_empty, &o->empty));
  PetscCall(DWUnpackReals(&u, &o->n_rarr, &o->rarr));
  PetscCall(DWUnpackString(&u, o->s0, sizeof(o->s0)));
  PetscCall(DWUnpackString(&u, o->s1, sizeof(o->s1)));
  PetscCall(DWUnpackBytes(&u, o->raw, 3));
  PetscCall(DWUnpackIntsInto(&u, 5, o->into));
  PetscCall(DWUnpackRealsInto(&u, (PetscInt)NBITS, o->rinto));
  PetscCall(DWUnpackPetscInt(&u, &o->big));
  *pos = u.pos;
  PetscFunctionReturn(0);
}

static PetscErrorCode FreeOut(Out *o)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(o->arr));
  PetscCall(PetscFree(o->empty));
  PetscCall(PetscFree(o->rarr));
  PetscFunctionReturn(0);
}

static PetscErrorCode TestPackRoundTrip(MPI_Comm comm)
{
  DWPack p;
  Out o;
  PetscInt arr[5];
  PetscReal rarr[NBITS];
  size_t pos = 0;
  PetscErrorCode ierr;
  PetscInt bad = 0;

  PetscFunctionBegin;
  FillArrays(arr, rarr);
  PetscCall(DWPackInit(&p));
  PetscCall(PackAll(&p));
  PetscCall(PetscMemzero(&o, sizeof(o)));
  PetscCall(UnpackAll(p.data, p.len, &o, &pos));
  DWTestTrue(comm, "unpack reads the whole buffer", pos == p.len);
  DWTestTrue(comm, "int64 values (0, +-1, INT64_MIN, INT64_MAX, ...) round-trip",
             !memcmp(o.ints, pack_ints, sizeof(pack_ints)));
  DWTestTrue(comm, "doubles round-trip bit for bit: NaN payloads, -0.0, denormal, +-inf",
             !memcmp(o.reals, pack_bits, sizeof(pack_bits)));
  DWTestTrue(comm, "PetscInt arrays round-trip (PETSC_MAX_INT, PETSC_MIN_INT; empty, into)",
             o.n_arr == 5 && !memcmp(o.arr, arr, sizeof(arr)) && o.n_empty == 0 &&
                 !memcmp(o.into, arr, sizeof(arr)));
  DWTestTrue(comm, "PetscReal arrays round-trip bit for bit (allocated and into)",
             o.n_rarr == (PetscInt)NBITS && !memcmp(o.rarr, rarr, sizeof(rarr)) &&
                 !memcmp(o.rinto, rarr, sizeof(rarr)));
  DWTestTrue(comm, "strings and raw bytes round-trip",
             !strcmp(o.s0, "") && !strcmp(o.s1, LONGSTR) && !memcmp(o.raw, "xyz", 3) &&
                 o.big == -42);
  PetscCall(FreeOut(&o));
  for (size_t cut = 0; cut < p.len; cut++) {
    PetscCall(PetscMemzero(&o, sizeof(o)));
    CATCH(ierr, UnpackAll(p.data, cut, &o, &pos));
    if (ierr != PETSC_ERR_FILE_UNEXPECTED) bad++;
    PetscCall(FreeOut(&o));
  }
  DWTestTrue(comm, "every truncation of the buffer fails with PETSC_ERR_FILE_UNEXPECTED", !bad);
  PetscCall(DWPackFree(&p));
  DWTestTrue(comm, "DWPackFree empties the buffer", !p.data && !p.len && !p.cap);
  PetscFunctionReturn(0);
}

static PetscErrorCode TestPackErrors(MPI_Comm comm)
{
  DWPack p;
  DWUnpack u;
  PetscInt n = 0, *v = NULL, w[3];
  PetscReal *r = NULL, x[3] = {1, 2, 0};
  char small[4];
  PetscErrorCode e[6];

  PetscFunctionBegin;
  PetscCall(DWPackInit(&p));
  PetscCall(DWPackReals(&p, 2, x));
  DWUnpackInit(&u, p.data, p.len);
  CATCH(e[0], DWUnpackRealsInto(&u, 3, x));
  PetscCall(DWPackFree(&p));
  PetscCall(DWPackInt(&p, (int64_t)1 << 50)); /* a count far beyond the bytes left */
  DWUnpackInit(&u, p.data, p.len);
  CATCH(e[1], DWUnpackReals(&u, &n, &r));
  DWUnpackInit(&u, p.data, p.len);
  CATCH(e[2], DWUnpackInts(&u, &n, &v));
  PetscCall(DWPackFree(&p));
  PetscCall(DWPackInt(&p, -1)); /* a negative count */
  PetscCall(DWPackInt(&p, 0));
  DWUnpackInit(&u, p.data, p.len);
  CATCH(e[3], DWUnpackIntsInto(&u, 3, w));
  PetscCall(DWPackFree(&p));
  PetscCall(DWPackString(&p, "four"));
  DWUnpackInit(&u, p.data, p.len);
  CATCH(e[4], DWUnpackString(&u, small, sizeof(small)));
  PetscCall(DWPackFree(&p));
  PetscCall(DWPackInt(&p, (int64_t)1 << 40));
  DWUnpackInit(&u, p.data, p.len);
  CATCH(e[5], DWUnpackPetscInt(&u, &n));
  PetscCall(DWPackFree(&p));
  DWTestTrue(comm, "unpacking 3 reals where 2 are stored is an error", e[0] != 0);
  DWTestTrue(comm, "a count of 2^50 values is an error before allocating (reals, ints)",
             e[1] == PETSC_ERR_FILE_UNEXPECTED && e[2] == PETSC_ERR_FILE_UNEXPECTED && !r && !v);
  DWTestTrue(comm, "a negative count is an error", e[3] == PETSC_ERR_FILE_UNEXPECTED);
  DWTestTrue(comm, "a string longer than the caller's buffer is an error", e[4] != 0);
  DWTestTrue(comm, "2^40 into a PetscInt: an error iff PetscInt has 32 bits",
             sizeof(PetscInt) == 4 ? e[5] != 0 : e[5] == 0);
  PetscFunctionReturn(0);
}

/* ---- 3. shards ---- */

static PetscErrorCode Collect(void *ctx, const DWShardRecord *rec)
{
  Seen *s          = (Seen *)ctx;
  const Journal *j = s->j;
  int64_t offset;
  int k;

  PetscFunctionBegin;
  PetscCheck(s->stop_after < 0 || s->n < s->stop_after, PETSC_COMM_SELF, PETSC_ERR_USER,
             "stop here");
  for (k = 0; k < NREC && j->task[k] != rec->task; k++) {
  }
  offset = k < NREC ? j->where[k].offset : 0;
  if (s->moved_by && offset >= s->moved_at) offset += s->moved_by;
  if (k < NREC &&
      (rec->kind != j->kind[k] || rec->status != j->status[k] || rec->length != j->length[k] ||
       memcmp(rec->payload, j->payload[k], rec->length) || rec->where.shard != s->shard ||
       rec->where.offset != offset || rec->where.size != j->where[k].size))
    k = -1;
  if (k == NREC) k = -1;
  if (s->n < 2 * NREC) s->index[s->n] = k;
  s->n++;
  PetscFunctionReturn(0);
}

static PetscErrorCode ScanSeen(const char path[], int shard, const Journal *j, Seen *s,
                               DWShardScanInfo *info)
{
  PetscFunctionBegin;
  PetscCall(PetscMemzero(s, sizeof(*s)));
  s->j          = j;
  s->shard      = shard;
  s->stop_after = -1;
  PetscCall(DWShardScan(path, shard, Collect, s, info));
  PetscFunctionReturn(0);
}

/* Whether the scan returned records 0..n-1 of the journal in order, except record skip. */
static PetscBool SeenExactly(const Seen *s, int n, int skip)
{
  PetscInt m = 0;

  for (int k = 0; k < n; k++) {
    if (k == skip) continue;
    if (m >= s->n || s->index[m] != k) return PETSC_FALSE;
    m++;
  }
  return m == s->n ? PETSC_TRUE : PETSC_FALSE;
}

static PetscErrorCode WriteJournal(const char dir[], DWRng *rng, Journal *j)
{
  DWShard s;

  PetscFunctionBegin;
  PetscCall(DWShardOpen(dir, 0, &s));
  for (int k = 0; k < NREC; k++) {
    j->task[k]   = DWRngNext64(rng);
    j->kind[k]   = (uint32_t)k;
    j->status[k] = k % 3 ? DW_SHARD_DONE : DW_SHARD_FAILED;
    j->length[k] = k == 7 ? 0 : (k == 8 ? 5000 : (uint32_t)(DWRngNext64(rng) % 5001));
    PetscCall(PetscMalloc1(j->length[k] + 1, &j->payload[k]));
    for (uint32_t b = 0; b < j->length[k]; b++) j->payload[k][b] = (unsigned char)DWRngNext64(rng);
    PetscCall(DWShardAppend(s, j->task[k], j->kind[k], j->status[k], j->payload[k], j->length[k],
                            &j->where[k]));
    j->end[k] = j->where[k].offset + j->where[k].size;
  }
  PetscCall(DWShardClose(&s));
  PetscFunctionReturn(0);
}

static PetscErrorCode TestClean(MPI_Comm comm, const char dir[], const Journal *j)
{
  char path[PETSC_MAX_PATH_LEN];
  DWShardScanInfo info;
  Seen s;
  PetscBool ok = PETSC_TRUE;

  PetscFunctionBegin;
  PetscCall(DWShardPath(dir, 0, path, sizeof(path)));
  for (int k = 0; k < NREC; k++)
    ok = ok && j->where[k].shard == 0 && j->where[k].offset == (k ? j->end[k - 1] : 0) &&
         j->where[k].size == (int64_t)j->length[k] + DW_SHARD_HEADER + DW_SHARD_TRAILER;
  DWTestTrue(comm, "append: records are located one after the other, 28 + length bytes", ok);
  PetscCall(ScanSeen(path, 0, j, &s, &info));
  DWTestTrue(comm, "clean shard: 50 records, in order, same fields, payloads and locations",
             SeenExactly(&s, NREC, -1));
  DWTestTrue(comm, "clean shard: good 50, corrupt 0, torn 0, valid_end = file size",
             info.good == NREC && !info.corrupt && !info.torn &&
                 info.valid_end == j->end[NREC - 1] && info.file_size == j->end[NREC - 1] &&
                 FileSize(path) == j->end[NREC - 1]);
  PetscCall(DWShardScan(path, 0, NULL, NULL, NULL));
  s.n          = 0;
  s.stop_after = 5;
  PetscErrorCode ierr;
  CATCH(ierr, DWShardScan(path, 0, Collect, &s, NULL));
  DWTestTrue(comm, "an error of the callback stops the scan and is returned",
             ierr == PETSC_ERR_USER && s.n == 5);
  PetscFunctionReturn(0);
}

static PetscErrorCode TestEmptyMissing(MPI_Comm comm, const char dir[])
{
  char path[PETSC_MAX_PATH_LEN];
  DWShardScanInfo info;
  DWShard s;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(DWShardOpen(dir, 1, &s));
  PetscCall(DWShardClose(&s));
  DWTestTrue(comm, "DWShardClose NULLs the handle", s == NULL);
  PetscCall(DWShardPath(dir, 1, path, sizeof(path)));
  PetscCall(DWShardScan(path, 1, NULL, NULL, &info));
  DWTestTrue(comm, "a new shard exists and is empty: good 0, torn 0, valid_end 0",
             FileSize(path) == 0 && !info.good && !info.torn && !info.corrupt && !info.valid_end &&
                 !info.file_size);
  PetscCheck(!unlink(path), PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "%s: %s", path, strerror(errno));
  CATCH(ierr, DWShardScan(path, 1, NULL, NULL, &info));
  DWTestTrue(comm, "scanning a missing shard is an error (PETSC_ERR_FILE_OPEN)",
             ierr == PETSC_ERR_FILE_OPEN);
  PetscFunctionReturn(0);
}

/* The scan of the journal's image cut at `cut` bytes, against what it must return. */
static PetscErrorCode CheckCut(const char path[], const Journal *j, const unsigned char *img,
                               int64_t cut, PetscBool *ok)
{
  DWShardScanInfo info;
  Seen s;
  int m = 0;

  PetscFunctionBegin;
  while (m < NREC && j->end[m] <= cut) m++;
  const int64_t last = m ? j->end[m - 1] : 0;
  PetscCall(WriteFile(path, img, (size_t)cut));
  PetscCall(ScanSeen(path, 0, j, &s, &info));
  *ok = SeenExactly(&s, m, -1) && info.good == m && !info.corrupt &&
        info.torn == (cut != last ? 1 : 0) && info.valid_end == last && info.file_size == cut;
  if (!*ok)
    PetscCall(PetscPrintf(PETSC_COMM_SELF,
                          "  cut at %lld: %" PetscInt_FMT " good (%d expected), torn %" PetscInt_FMT
                          ", corrupt %" PetscInt_FMT ", valid_end %lld (%lld expected)\n",
                          (long long)cut, info.good, m, info.torn, info.corrupt,
                          (long long)info.valid_end, (long long)last));
  PetscFunctionReturn(0);
}

static PetscErrorCode TestCuts(MPI_Comm comm, const char dir[], const Journal *j,
                               const unsigned char *img, DWRng *rng)
{
  char path[PETSC_MAX_PATH_LEN];
  const int64_t size = j->end[NREC - 1];
  PetscInt ncut = 0, nbad = 0;
  PetscBool ok;
  int64_t cut;

  PetscFunctionBegin;
  PetscCall(Join(dir, "cut.dwj", path));
  for (int k = -1; k < NREC; k++)
    for (int d = -3; d <= 3; d++) {
      cut = (k < 0 ? 0 : j->end[k]) + d;
      if (cut < 0 || cut > size) continue;
      PetscCall(CheckCut(path, j, img, cut, &ok));
      ncut++;
      nbad += !ok;
    }
  for (int r = 0; r < 200; r++) {
    PetscCall(CheckCut(path, j, img, (int64_t)(DWRngNext64(rng) % (uint64_t)size), &ok));
    ncut++;
    nbad += !ok;
  }
  PetscCall(PetscPrintf(comm, "     (%" PetscInt_FMT " cut points, %" PetscInt_FMT " wrong)\n",
                        ncut, nbad));
  DWTestTrue(comm,
             "cut anywhere: exactly the whole records before the cut, torn = 1 iff inside a "
             "record, valid_end at the last whole record",
             ncut > 500 && !nbad);
  PetscFunctionReturn(0);
}

/* Flips bit `bit` of byte `at` in a copy of the image and scans it: *ok when exactly record
   k is missing, and (if corrupt) the scan counts it corrupt and nothing torn. */
static PetscErrorCode CheckFlip(const char path[], const Journal *j, unsigned char *img, int64_t at,
                                int bit, int k, PetscBool corrupt, PetscBool *ok)
{
  DWShardScanInfo info;
  Seen s;

  PetscFunctionBegin;
  img[at] ^= (unsigned char)(1u << bit);
  PetscCall(WriteFile(path, img, (size_t)j->end[NREC - 1]));
  img[at] ^= (unsigned char)(1u << bit);
  PetscCall(ScanSeen(path, 0, j, &s, &info));
  *ok = SeenExactly(&s, NREC, k) && info.good == NREC - 1 &&
        info.valid_end == j->end[k == NREC - 1 ? NREC - 2 : NREC - 1];
  if (corrupt)
    *ok = *ok && info.corrupt == 1 && info.torn == 0;
  else
    *ok = *ok && info.corrupt + info.torn >= 1;
  if (!*ok)
    PetscCall(PetscPrintf(PETSC_COMM_SELF,
                          "  bit %d of byte %lld (record %d): %" PetscInt_FMT
                          " good, corrupt %" PetscInt_FMT ", torn %" PetscInt_FMT "\n",
                          bit, (long long)at, k, info.good, info.corrupt, info.torn));
  PetscFunctionReturn(0);
}

static PetscErrorCode TestFlips(MPI_Comm comm, const char dir[], const Journal *j,
                                unsigned char *img, DWRng *rng)
{
  char path[PETSC_MAX_PATH_LEN];
  PetscInt nbad[3] = {0, 0, 0}, n[3] = {0, 0, 0};
  const int fields[] = {8, 15, 16, 20}; /* bytes in task, kind, status */
  PetscBool ok;
  int64_t at;

  PetscFunctionBegin;
  PetscCall(Join(dir, "flip.dwj", path));
  for (int k = 0; k < NREC; k++) {
    const int64_t o = j->where[k].offset;
    if (j->length[k]) { /* the payload */
      at = o + DW_SHARD_HEADER + (int64_t)(DWRngNext64(rng) % j->length[k]);
      PetscCall(CheckFlip(path, j, img, at, (int)(DWRngNext64(rng) % 8), k, PETSC_TRUE, &ok));
      n[0]++;
      nbad[0] += !ok;
    }
    /* the other fields the CRC covers, and the CRC itself */
    at = k % 5 < 4 ? o + fields[k % 5] : j->end[k] - 1 - (int64_t)(DWRngNext64(rng) % 4);
    PetscCall(CheckFlip(path, j, img, at, (int)(DWRngNext64(rng) % 8), k, PETSC_TRUE, &ok));
    n[1]++;
    nbad[1] += !ok;
    /* the magic or the length */
    at = o + (int64_t)(DWRngNext64(rng) % 8);
    PetscCall(CheckFlip(path, j, img, at, (int)(DWRngNext64(rng) % 8), k, PETSC_FALSE, &ok));
    n[2]++;
    nbad[2] += !ok;
  }
  DWTestTrue(comm, "a flipped bit in record k's payload: exactly k skipped, corrupt = 1, torn 0",
             n[0] >= NREC - 1 && !nbad[0]);
  DWTestTrue(comm, "a flipped bit in record k's task, kind, status or CRC: the same",
             n[1] == NREC && !nbad[1]);
  DWTestTrue(comm,
             "a flipped bit in record k's magic or length: exactly k lost, the rest resynchronised",
             n[2] == NREC && !nbad[2]);
  PetscFunctionReturn(0);
}

/* Zeros after the last record; garbage between records 10 and 11. */
static PetscErrorCode TestGarbage(MPI_Comm comm, const char dir[], const Journal *j,
                                  const unsigned char *img, DWRng *rng)
{
  char path[PETSC_MAX_PATH_LEN];
  const size_t size = (size_t)j->end[NREC - 1], at = (size_t)j->end[10];
  unsigned char *buf;
  DWShardScanInfo info;
  Seen s;

  PetscFunctionBegin;
  PetscCall(Join(dir, "garbage.dwj", path));
  PetscCall(PetscCalloc1(size + 4096, &buf));
  PetscCall(PetscArraycpy(buf, img, size));
  PetscCall(WriteFile(path, buf, size + 4096));
  PetscCall(ScanSeen(path, 0, j, &s, &info));
  DWTestTrue(comm, "4096 zero bytes after the last record: all 50, torn 1, valid_end at the end",
             SeenExactly(&s, NREC, -1) && info.torn == 1 && !info.corrupt &&
                 info.valid_end == (int64_t)size && info.file_size == (int64_t)size + 4096);
  PetscCall(PetscArraycpy(buf, img, at));
  for (size_t b = 0; b < 100; b++) buf[at + b] = (unsigned char)DWRngNext64(rng);
  memcpy(buf + at + 37, DW_SHARD_MAGIC, 4); /* a false start inside the garbage */
  PetscCall(PetscArraycpy(buf + at + 100, img + at, size - at));
  PetscCall(WriteFile(path, buf, size + 100));
  PetscCall(PetscMemzero(&s, sizeof(s)));
  s.j          = j;
  s.stop_after = -1;
  s.moved_at   = (int64_t)at; /* the records after the garbage moved by 100 bytes */
  s.moved_by   = 100;
  PetscCall(DWShardScan(path, 0, Collect, &s, &info));
  DWTestTrue(comm,
             "100 bytes of garbage (with a false \"DWR1\") between records 10 and 11: all 50 "
             "found at their new offsets, torn 1",
             SeenExactly(&s, NREC, -1) && info.good == NREC && info.torn == 1 && !info.corrupt &&
                 info.valid_end == (int64_t)size + 100);
  PetscCall(PetscFree(buf));
  PetscFunctionReturn(0);
}

static PetscErrorCode TestReopen(MPI_Comm comm, const char dir[], const Journal *j,
                                 const unsigned char *img)
{
  char path[PETSC_MAX_PATH_LEN];
  const unsigned char extra[100] = {1, 2, 3};
  DWShardLocation where, w[3];
  DWShardScanInfo info;
  DWShard s;
  Seen seen;
  Journal *copy;

  PetscFunctionBegin;
  PetscCall(DWShardPath(dir, 3, path, sizeof(path)));
  PetscCall(WriteFile(path, img, (size_t)(j->end[29] + 1 + j->length[30] / 2)));
  PetscCall(DWShardOpen(dir, 3, &s));
  DWTestTrue(comm, "DWShardOpen truncates a torn tail to the end of the last good record",
             FileSize(path) == j->end[29]);
  PetscCall(DWShardAppend(s, 0xfeedULL, 7, DW_SHARD_DONE, extra, sizeof(extra), &where));
  PetscCall(DWShardClose(&s));
  DWTestTrue(comm, "the record appended after the torn tail follows the last good one",
             where.shard == 3 && where.offset == j->end[29] &&
                 where.size == (int64_t)sizeof(extra) + 28);
  PetscCall(PetscNew(&copy));
  *copy                   = *j;
  copy->task[NREC - 1]    = 0xfeedULL; /* record 30 of the scan stands in slot 49 */
  copy->kind[NREC - 1]    = 7;
  copy->status[NREC - 1]  = DW_SHARD_DONE;
  copy->length[NREC - 1]  = sizeof(extra);
  copy->payload[NREC - 1] = (unsigned char *)extra;
  copy->where[NREC - 1]   = where;
  PetscCall(ScanSeen(path, 3, copy, &seen, &info));
  PetscBool ok = seen.n == 31 && seen.index[30] == NREC - 1;
  for (int k = 0; k < 30 && ok; k++) ok = seen.index[k] == k;
  DWTestTrue(comm, "after the reopen: the 30 good records and the new one, nothing torn",
             ok && info.good == 31 && !info.torn && !info.corrupt &&
                 info.valid_end == info.file_size && info.file_size == where.offset + where.size);
  PetscCall(PetscFree(copy));
  /* a clean shard reopened: appends continue it */
  PetscCall(DWShardOpen(dir, 12, &s));
  PetscCall(DWShardAppend(s, 1, 1, DW_SHARD_DONE, extra, 10, &w[0]));
  PetscCall(DWShardAppend(s, 2, 1, DW_SHARD_FAILED, NULL, 0, &w[1]));
  PetscCall(DWShardClose(&s));
  PetscCall(DWShardOpen(dir, 12, &s));
  PetscCall(DWShardAppend(s, 3, 1, DW_SHARD_DONE, extra, 20, &w[2]));
  PetscCall(DWShardClose(&s));
  PetscCall(DWShardPath(dir, 12, path, sizeof(path)));
  PetscCall(DWShardScan(path, 12, NULL, NULL, &info));
  DWTestTrue(comm, "a clean shard reopened: the next record follows, 3 good records",
             w[0].offset == 0 && w[1].offset == 38 && w[2].offset == 66 && info.good == 3 &&
                 !info.torn && info.file_size == 66 + 48);
  PetscFunctionReturn(0);
}

/* Flips a bit of the byte at `at` of the file in place. */
static PetscErrorCode FlipInFile(const char path[], int64_t at)
{
  unsigned char b;
  int fd = open(path, O_RDWR);

  PetscFunctionBegin;
  PetscCheck(fd >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "%s: %s", path, strerror(errno));
  PetscCheck(pread(fd, &b, 1, (off_t)at) == 1, PETSC_COMM_SELF, PETSC_ERR_FILE_READ, "%s", path);
  b ^= 0x10;
  PetscCheck(pwrite(fd, &b, 1, (off_t)at) == 1, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "%s", path);
  PetscCheck(!close(fd), PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "%s", path);
  PetscFunctionReturn(0);
}

/* Reads the record at `where`: *ok when it reads and is record k of the journal (k >= 0), or
   when it reads at all (k < 0); a record that does not read must come with no payload. */
static PetscErrorCode ReadOne(const char dir[], DWShardLocation where, const Journal *j, int k,
                              PetscBool *ok)
{
  DWShardRecord rec;
  unsigned char *payload;

  PetscFunctionBegin;
  PetscCall(DWShardReadRecord(dir, where, &rec, &payload, ok));
  if (!*ok && payload)
    *ok = PETSC_TRUE; /* shows as a wrong answer in the tests */
  else if (*ok && k >= 0)
    *ok = rec.task == j->task[k] && rec.kind == j->kind[k] && rec.status == j->status[k] &&
          rec.length == j->length[k] && rec.payload == payload &&
          !memcmp(payload, j->payload[k], j->length[k]) && rec.where.offset == where.offset &&
          rec.where.size == where.size && rec.where.shard == where.shard;
  PetscCall(PetscFree(payload));
  PetscFunctionReturn(0);
}

static PetscErrorCode TestReadRecord(MPI_Comm comm, const char dir[], const Journal *j)
{
  char path[PETSC_MAX_PATH_LEN];
  DWShardLocation w;
  PetscBool ok, all = PETSC_TRUE, bad[5];
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(DWShardPath(dir, 0, path, sizeof(path)));
  for (int k = 0; k < NREC; k++) {
    PetscCall(ReadOne(dir, j->where[k], j, k, &ok));
    all = all && ok;
  }
  DWTestTrue(comm, "DWShardReadRecord at each location: the same record and payload", all);
  PetscCall(FlipInFile(path, j->where[10].offset + DW_SHARD_HEADER + j->length[10] / 2));
  PetscCall(ReadOne(dir, j->where[10], j, 10, &bad[0]));
  PetscCall(ReadOne(dir, j->where[11], j, 11, &ok));
  DWTestTrue(comm, "a corrupted record reads ok = FALSE (no payload); its neighbour still reads",
             !bad[0] && ok);
  PetscCall(FlipInFile(path, j->where[10].offset + DW_SHARD_HEADER + j->length[10] / 2));
  PetscCall(ReadOne(dir, j->where[10], j, 10, &ok));
  DWTestTrue(comm, "the same record repaired reads ok again", ok);
  w = j->where[20];
  w.size--;
  PetscCall(ReadOne(dir, w, j, -1, &bad[1]));
  w = j->where[20];
  w.offset += 4;
  PetscCall(ReadOne(dir, w, j, -1, &bad[2]));
  w.offset = j->end[NREC - 1];
  PetscCall(ReadOne(dir, w, j, -1, &bad[3]));
  w.offset = -5;
  PetscCall(ReadOne(dir, w, j, -1, &bad[4]));
  DWTestTrue(comm, "a wrong size, a mid-record, past-the-end or negative offset: ok = FALSE",
             !bad[1] && !bad[2] && !bad[3] && !bad[4]);
  w.shard = 99;
  CATCH(ierr, ReadOne(dir, w, j, -1, &ok));
  DWTestTrue(comm, "reading from a missing shard is an error", ierr == PETSC_ERR_FILE_OPEN);
  PetscFunctionReturn(0);
}

static PetscErrorCode TestList(MPI_Comm comm, const char dir[])
{
  const char *decoys[] = {"shard-7.dwj",    "shard-0005.dwj.tmp", "shard-abcd.dwj",
                          "notes.txt",      "xshard-0001.dwj",    "shard-0003.dwjx",
                          "shard--001.dwj", "shard-00004.dwj"};
  char path[PETSC_MAX_PATH_LEN];
  PetscInt n;
  int *shards;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  for (size_t k = 0; k < sizeof(decoys) / sizeof(decoys[0]); k++) {
    PetscCall(Join(dir, decoys[k], path));
    PetscCall(WriteFile(path, (const unsigned char *)"x", 1));
  }
  PetscCall(DWShardList(dir, &n, &shards));
  DWTestTrue(comm, "DWShardList finds shards 0, 3, 12 in order and ignores look-alike names",
             n == 3 && shards[0] == 0 && shards[1] == 3 && shards[2] == 12);
  PetscCall(PetscFree(shards));
  PetscCall(Join(dir, "empty", path));
  PetscCheck(!mkdir(path, 0700), PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "%s: %s", path,
             strerror(errno));
  PetscCall(DWShardList(path, &n, &shards));
  DWTestTrue(comm, "DWShardList of an empty directory: none", n == 0);
  PetscCall(PetscFree(shards));
  PetscCall(Join(dir, "missing", path));
  CATCH(ierr, DWShardList(path, &n, &shards));
  DWTestTrue(comm, "DWShardList of a missing directory is an error", ierr == PETSC_ERR_FILE_OPEN);
  PetscFunctionReturn(0);
}

/* A shard that is a link to /dev/full: the append fails and says where and why. */
static PetscErrorCode TestDiskFull(MPI_Comm comm, const char dir[])
{
  char path[PETSC_MAX_PATH_LEN];
  const char *text;
  char *msg = NULL;
  DWShard s;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  if (access("/dev/full", W_OK)) {
    PetscCall(PetscPrintf(comm, "skip /dev/full is not writable here\n"));
    PetscFunctionReturn(0);
  }
  PetscCall(DWShardPath(dir, 20, path, sizeof(path)));
  PetscCheck(!symlink("/dev/full", path), PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "%s: %s", path,
             strerror(errno));
  PetscCall(DWShardOpen(dir, 20, &s));
  CATCH(ierr, DWShardAppend(s, 1, 1, DW_SHARD_DONE, "abc", 3, NULL));
  PetscCall(PetscErrorMessage(ierr, &text, &msg));
  PetscCall(PetscPrintf(comm, "     (the error: %s)\n", msg ? msg : "(none)"));
  DWTestTrue(comm, "an append to a full disk: PETSC_ERR_FILE_WRITE naming the shard and ENOSPC",
             ierr == PETSC_ERR_FILE_WRITE && msg && strstr(msg, "shard-0020.dwj: write failed") &&
                 strstr(msg, strerror(ENOSPC)));
  PetscCall(DWShardClose(&s));
  PetscCheck(!unlink(path), PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "%s: %s", path, strerror(errno));
  PetscFunctionReturn(0);
}

/* A second DWShard on the same file appends behind the first one's back: the first one's next
   append fails instead of reporting a wrong offset. */
static PetscErrorCode TestSecondWriter(MPI_Comm comm, const char dir[])
{
  DWShard a, b;
  DWShardLocation where;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(DWShardOpen(dir, 21, &a));
  PetscCall(DWShardOpen(dir, 21, &b));
  PetscCall(DWShardAppend(a, 1, 1, DW_SHARD_DONE, "abc", 3, &where));
  CATCH(ierr, DWShardAppend(b, 2, 1, DW_SHARD_DONE, "def", 3, &where));
  DWTestTrue(comm,
             "a second writer of one shard: its append is refused (PETSC_ERR_FILE_UNEXPECTED)",
             ierr == PETSC_ERR_FILE_UNEXPECTED);
  PetscCall(DWShardClose(&a));
  PetscCall(DWShardClose(&b));
  PetscFunctionReturn(0);
}

/* ---- 4. byte order ---- */

static PetscErrorCode TestByteOrder(MPI_Comm comm, const char dir[])
{
  static const unsigned char expected[] = {
      0x44, 0x57, 0x52, 0x31, 0x20, 0x00, 0x00, 0x00, 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02,
      0x01, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff,
      0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf8, 0x3f, 0x01, 0x00, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xaf, 0x36, 0x82, 0x66};
  const PetscInt seven = 7;
  char path[PETSC_MAX_PATH_LEN];
  unsigned char *img;
  size_t len;
  DWShard s;
  DWPack p;

  PetscFunctionBegin;
  PetscCall(DWPackInit(&p));
  PetscCall(DWPackInt(&p, -2));
  PetscCall(DWPackReal(&p, 1.5));
  PetscCall(DWPackInts(&p, 1, &seven));
  PetscCall(DWShardOpen(dir, 22, &s));
  PetscCall(
      DWShardAppend(s, 0x0102030405060708ull, 3, DW_SHARD_DONE, p.data, (uint32_t)p.len, NULL));
  PetscCall(DWShardClose(&s));
  PetscCall(DWPackFree(&p));
  PetscCall(DWShardPath(dir, 22, path, sizeof(path)));
  PetscCall(ReadFile(path, &img, &len));
  DWTestTrue(comm,
             "a known record's 60 bytes are the stated little-endian format (CRC as zlib.crc32)",
             len == sizeof(expected) && !memcmp(img, expected, len));
  PetscCall(PetscFree(img));
  PetscFunctionReturn(0);
}

static PetscErrorCode TestPath(MPI_Comm comm)
{
  char path[32], tiny[8];
  PetscErrorCode ierr[2];

  PetscFunctionBegin;
  PetscCall(DWShardPath("a/b", 3, path, sizeof(path)));
  CATCH(ierr[0], DWShardPath("a/b", 3, tiny, sizeof(tiny)));
  CATCH(ierr[1], DWShardPath("a/b", -1, path, sizeof(path)));
  DWTestTrue(comm, "DWShardPath: a/b/shard-0003.dwj; a short buffer, a negative number: errors",
             !strcmp(path, "a/b/shard-0003.dwj") && ierr[0] && ierr[1]);
  PetscFunctionReturn(0);
}

static PetscErrorCode TestShards(MPI_Comm comm)
{
  char dir[] = "/tmp/dwell-shard-XXXXXX", path[PETSC_MAX_PATH_LEN];
  unsigned char *img;
  size_t len;
  Journal *j;
  DWRng rng;

  PetscFunctionBegin;
  PetscCheck(mkdtemp(dir), PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "mkdtemp: %s", strerror(errno));
  DWRngInit(&rng, 2024, DW_STAGE_TEST, 5, 0);
  PetscCall(PetscNew(&j));
  PetscCall(WriteJournal(dir, &rng, j));
  PetscCall(TestClean(comm, dir, j));
  PetscCall(TestEmptyMissing(comm, dir));
  PetscCall(DWShardPath(dir, 0, path, sizeof(path)));
  PetscCall(ReadFile(path, &img, &len));
  PetscCall(TestCuts(comm, dir, j, img, &rng));
  PetscCall(TestFlips(comm, dir, j, img, &rng));
  PetscCall(TestGarbage(comm, dir, j, img, &rng));
  PetscCall(TestReopen(comm, dir, j, img));
  PetscCall(TestReadRecord(comm, dir, j));
  PetscCall(TestDiskFull(comm, dir));
  PetscCall(TestList(comm, dir));
  PetscCall(TestSecondWriter(comm, dir));
  PetscCall(TestByteOrder(comm, dir));
  PetscCall(RemoveTree(dir));
  DWTestTrue(comm, "the temporary directory is removed", access(dir, F_OK) != 0);
  for (int k = 0; k < NREC; k++) PetscCall(PetscFree(j->payload[k]));
  PetscCall(PetscFree(j));
  PetscCall(PetscFree(img));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  MPI_Comm comm;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_SELF;
  TestCRC(comm);
  PetscCall(TestPackRoundTrip(comm));
  PetscCall(TestPackErrors(comm));
  PetscCall(TestPath(comm));
  PetscCall(TestShards(comm));
  int status = DWTestFinish(comm);
  PetscCall(PetscFinalize());
  return status;
}
