/* Shards (include/dwell/shard.h): the append-only journals of finished tasks. The CRC-32 of
   the records (IEEE 802.3 / zlib: reflected polynomial 0xEDB88320, initial and final
   complement), the writer (one write() of a whole record, then fsync()), and the reader,
   which checks every record and resynchronises after a torn or corrupt region at the next
   "DWR1" whose record checks. Header fields are little-endian (DWStoreLE32/64). All file
   access is POSIX (open, pread, write, fsync, ftruncate, opendir). */
#include <dwell/shard.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DW_SHARD_OVERHEAD (DW_SHARD_HEADER + DW_SHARD_TRAILER)
#define DW_SHARD_CHUNK    65536 /* bytes read at a time while resynchronising */

struct _p_DWShard {
  int fd, shard;
  char path[PETSC_MAX_PATH_LEN];
  int64_t end; /* the file size: where the next record goes */
  unsigned char *buf;
  size_t cap;
};

/* ---- CRC-32 ---- */

static uint32_t crc_table[256];
static int crc_ready = 0;

static void CRCTableInit(void)
{
  for (uint32_t n = 0; n < 256; n++) {
    uint32_t c = n;
    for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    crc_table[n] = c;
  }
  crc_ready = 1;
}

uint32_t DWCRC32(uint32_t crc, const void *data, size_t n)
{
  const unsigned char *p = (const unsigned char *)data;

  if (!crc_ready) CRCTableInit();
  crc = ~crc;
  for (size_t k = 0; k < n; k++) crc = crc_table[(crc ^ p[k]) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

/* ---- names ---- */

PetscErrorCode DWShardPath(const char dir[], int shard, char path[], size_t len)
{
  int n;

  PetscFunctionBegin;
  PetscCheck(shard >= 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "shard number %d in %s must be >= 0", shard, dir);
  n = snprintf(path, len, "%s/shard-%04d.dwj", dir, shard);
  PetscCheck(n >= 0 && (size_t)n < len, PETSC_COMM_SELF, PETSC_ERR_ARG_SIZ,
             "path of shard %d in %s does not fit in %zu characters", shard, dir, len);
  PetscFunctionReturn(0);
}

/* The shard number of a directory entry named exactly as DWShardPath names it, else -1. */
static int ShardNumber(const char name[])
{
  char *end, again[64];
  long k;

  if (strncmp(name, "shard-", 6) || name[6] < '0' || name[6] > '9') return -1;
  errno = 0;
  k     = strtol(name + 6, &end, 10);
  if (errno || k > INT_MAX || strcmp(end, ".dwj")) return -1;
  snprintf(again, sizeof(again), "shard-%04d.dwj", (int)k);
  return strcmp(again, name) ? -1 : (int)k;
}

static int CompareInt(const void *a, const void *b)
{
  const int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

static PetscErrorCode PushInt(int v, PetscInt *n, PetscInt *cap, int **a)
{
  int *b;

  PetscFunctionBegin;
  if (*n == *cap) {
    *cap *= 2;
    PetscCall(PetscMalloc1(*cap, &b));
    PetscCall(PetscArraycpy(b, *a, *n));
    PetscCall(PetscFree(*a));
    *a = b;
  }
  (*a)[(*n)++] = v;
  PetscFunctionReturn(0);
}

static PetscErrorCode ListEntries(DIR *d, const char dir[], PetscInt *n, int **shards)
{
  PetscInt cap = 16;
  struct dirent *e;
  int k;

  PetscFunctionBegin;
  *n = 0;
  PetscCall(PetscMalloc1(cap, shards));
  for (errno = 0; (e = readdir(d)); errno = 0)
    if ((k = ShardNumber(e->d_name)) >= 0) PetscCall(PushInt(k, n, &cap, shards));
  PetscCheck(!errno, PETSC_COMM_SELF, PETSC_ERR_FILE_READ, "shard dir %s: readdir failed: %s", dir,
             strerror(errno));
  qsort(*shards, (size_t)*n, sizeof(int), CompareInt);
  PetscFunctionReturn(0);
}

PetscErrorCode DWShardList(const char dir[], PetscInt *n, int **shards)
{
  DIR *d = opendir(dir);
  PetscErrorCode ierr;
  int err;

  PetscFunctionBegin;
  *n      = 0;
  *shards = NULL;
  PetscCheck(d, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "shard dir %s: cannot open: %s", dir,
             strerror(errno));
  ierr = ListEntries(d, dir, n, shards);
  err  = closedir(d) ? errno : 0;
  if (ierr) PetscCall(PetscFree(*shards));
  PetscCall(ierr);
  PetscCheck(!err, PETSC_COMM_SELF, PETSC_ERR_FILE_READ, "shard dir %s: closedir failed: %s", dir,
             strerror(err));
  PetscFunctionReturn(0);
}

/* ---- reading ---- */

typedef struct {
  int fd, shard;
  const char *path;
  int64_t size;       /* the file size when the reader opened it */
  unsigned char *buf; /* the record last checked */
  size_t cap;
} Reader;

typedef enum { REC_GOOD, REC_BAD_CRC, REC_BAD_HEADER } RecState;

static PetscErrorCode Reserve(unsigned char **buf, size_t *cap, size_t n)
{
  PetscFunctionBegin;
  if (n <= *cap) PetscFunctionReturn(0);
  PetscCall(PetscFree(*buf));
  *cap = PetscMax(n, 2 * *cap);
  PetscCall(PetscMalloc1(*cap, buf));
  PetscFunctionReturn(0);
}

/* n bytes at offset off, all of which lie before the end the reader saw. */
static PetscErrorCode ReadAt(const Reader *r, int64_t off, size_t n, unsigned char *dst)
{
  size_t done = 0;
  ssize_t got;

  PetscFunctionBegin;
  while (done < n) {
    got = pread(r->fd, dst + done, n - done, (off_t)(off + (int64_t)done));
    if (got < 0 && errno == EINTR) continue;
    PetscCheck(got >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_READ,
               "shard %s: read of %zu bytes at offset %lld failed: %s", r->path, n, (long long)off,
               strerror(errno));
    PetscCheck(got > 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
               "shard %s: ends at %lld, before %lld bytes seen when opened (truncated meanwhile?)",
               r->path, (long long)(off + (int64_t)done), (long long)r->size);
    done += (size_t)got;
  }
  PetscFunctionReturn(0);
}

/* Checks the record at off, leaving it in r->buf; *size is its total size when the magic
   is there and its length stays inside the file. */
static PetscErrorCode CheckAt(Reader *r, int64_t off, RecState *state, int64_t *size)
{
  unsigned char h[DW_SHARD_HEADER];
  uint32_t length, status, crc;

  PetscFunctionBegin;
  *state = REC_BAD_HEADER;
  *size  = 0;
  if (r->size - off < DW_SHARD_OVERHEAD) PetscFunctionReturn(0);
  PetscCall(ReadAt(r, off, DW_SHARD_HEADER, h));
  length = DWLoadLE32(h + 4);
  if (memcmp(h, DW_SHARD_MAGIC, 4) || (int64_t)length > r->size - off - DW_SHARD_OVERHEAD)
    PetscFunctionReturn(0);
  *size = DW_SHARD_OVERHEAD + (int64_t)length;
  PetscCall(Reserve(&r->buf, &r->cap, (size_t)*size));
  memcpy(r->buf, h, DW_SHARD_HEADER);
  PetscCall(
      ReadAt(r, off + DW_SHARD_HEADER, (size_t)*size - DW_SHARD_HEADER, r->buf + DW_SHARD_HEADER));
  crc    = DWLoadLE32(r->buf + *size - DW_SHARD_TRAILER);
  status = DWLoadLE32(h + 20);
  *state = REC_BAD_CRC;
  if (crc == DWCRC32(0, r->buf, (size_t)*size - DW_SHARD_TRAILER) &&
      (status == DW_SHARD_DONE || status == DW_SHARD_FAILED))
    *state = REC_GOOD;
  PetscFunctionReturn(0);
}

/* The record last checked (in r->buf, at off) as a DWShardRecord. */
static void Unpack(const Reader *r, int64_t off, int64_t size, DWShardRecord *rec)
{
  rec->task         = DWLoadLE64(r->buf + 8);
  rec->length       = DWLoadLE32(r->buf + 4);
  rec->kind         = DWLoadLE32(r->buf + 16);
  rec->status       = (DWShardStatus)DWLoadLE32(r->buf + 20);
  rec->payload      = r->buf + DW_SHARD_HEADER;
  rec->where.shard  = r->shard;
  rec->where.offset = off;
  rec->where.size   = size;
}

/* The first offset >= from at which a record checks, or -1. */
static PetscErrorCode Resync(Reader *r, int64_t from, int64_t *next)
{
  unsigned char chunk[DW_SHARD_CHUNK];
  RecState state;
  int64_t size, off, n;

  PetscFunctionBegin;
  *next = -1;
  for (off = from; r->size - off >= DW_SHARD_OVERHEAD; off += n - 3) {
    n = PetscMin((int64_t)DW_SHARD_CHUNK, r->size - off);
    PetscCall(ReadAt(r, off, (size_t)n, chunk));
    for (int64_t k = 0; k + 4 <= n; k++) {
      if (memcmp(chunk + k, DW_SHARD_MAGIC, 4)) continue;
      PetscCall(CheckAt(r, off + k, &state, &size));
      if (state == REC_GOOD) {
        *next = off + k;
        PetscFunctionReturn(0);
      }
    }
  }
  PetscFunctionReturn(0);
}

/* Whether a record whose CRC fails has its length intact: the file ends right after it, or
   the next record starts there and checks. */
static PetscErrorCode LengthIntact(Reader *r, int64_t end, PetscBool *intact)
{
  RecState state;
  int64_t size;

  PetscFunctionBegin;
  *intact = PETSC_TRUE;
  if (end == r->size) PetscFunctionReturn(0);
  PetscCall(CheckAt(r, end, &state, &size));
  *intact = state == REC_GOOD ? PETSC_TRUE : PETSC_FALSE;
  PetscFunctionReturn(0);
}

static PetscErrorCode ScanRecords(Reader *r, PetscErrorCode (*fn)(void *, const DWShardRecord *),
                                  void *ctx, DWShardScanInfo *info)
{
  DWShardRecord rec;
  RecState state;
  PetscBool intact;
  int64_t pos = 0, size;

  PetscFunctionBegin;
  while (pos < r->size) {
    PetscCall(CheckAt(r, pos, &state, &size));
    if (state == REC_GOOD) {
      Unpack(r, pos, size, &rec);
      if (fn) PetscCall(fn(ctx, &rec));
      info->good++;
      pos = info->valid_end = pos + size;
      continue;
    }
    if (state == REC_BAD_CRC) {
      PetscCall(LengthIntact(r, pos + size, &intact));
      if (intact) {
        info->corrupt++;
        pos += size;
        continue;
      }
    }
    info->torn++;
    PetscCall(Resync(r, pos + 1, &pos));
    if (pos < 0) break;
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode ReaderOpen(const char path[], int shard, Reader *r)
{
  struct stat st;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(r, sizeof(*r)));
  r->path  = path;
  r->shard = shard;
  r->fd    = open(path, O_RDONLY);
  PetscCheck(r->fd >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "shard %s: cannot open: %s", path,
             strerror(errno));
  if (fstat(r->fd, &st)) {
    const int err = errno;
    close(r->fd); /* already failing: the fstat error is the one reported */
    SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_READ, "shard %s: fstat failed: %s", path,
            strerror(err));
  }
  r->size = (int64_t)st.st_size;
  PetscFunctionReturn(0);
}

/* Closes the reader, passing on the error of what it was used for (ierr) first. */
static PetscErrorCode ReaderClose(Reader *r, PetscErrorCode ierr)
{
  const int err = close(r->fd) ? errno : 0;

  PetscFunctionBegin;
  PetscCall(PetscFree(r->buf));
  PetscCall(ierr);
  PetscCheck(!err, PETSC_COMM_SELF, PETSC_ERR_FILE_READ, "shard %s: close failed: %s", r->path,
             strerror(err));
  PetscFunctionReturn(0);
}

PetscErrorCode DWShardScan(const char path[], int shard,
                           PetscErrorCode (*fn)(void *ctx, const DWShardRecord *rec), void *ctx,
                           DWShardScanInfo *info)
{
  DWShardScanInfo mine;
  Reader r;

  PetscFunctionBegin;
  if (!info) info = &mine;
  PetscCall(PetscMemzero(info, sizeof(*info)));
  PetscCall(ReaderOpen(path, shard, &r));
  info->file_size = r.size;
  PetscCall(ReaderClose(&r, ScanRecords(&r, fn, ctx, info)));
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadChecked(Reader *r, DWShardLocation where, DWShardRecord *rec,
                                  unsigned char **payload, PetscBool *ok)
{
  RecState state;
  int64_t size;

  PetscFunctionBegin;
  *ok = PETSC_FALSE;
  if (where.offset < 0 || where.offset > r->size) PetscFunctionReturn(0);
  PetscCall(CheckAt(r, where.offset, &state, &size));
  if (state != REC_GOOD || size != where.size) PetscFunctionReturn(0);
  Unpack(r, where.offset, size, rec);
  PetscCall(PetscMalloc1(PetscMax(rec->length, 1), payload));
  PetscCall(PetscArraycpy(*payload, rec->payload, rec->length));
  rec->payload = *payload;
  *ok          = PETSC_TRUE;
  PetscFunctionReturn(0);
}

PetscErrorCode DWShardReadRecord(const char dir[], DWShardLocation where, DWShardRecord *rec,
                                 unsigned char **payload, PetscBool *ok)
{
  char path[PETSC_MAX_PATH_LEN];
  Reader r;

  PetscFunctionBegin;
  *payload = NULL;
  PetscCall(PetscMemzero(rec, sizeof(*rec)));
  PetscCall(DWShardPath(dir, where.shard, path, sizeof(path)));
  PetscCall(ReaderOpen(path, where.shard, &r));
  PetscCall(ReaderClose(&r, ReadChecked(&r, where, rec, payload, ok)));
  PetscFunctionReturn(0);
}

/* ---- writing ---- */

/* Makes the creation of a file in dir durable. */
static PetscErrorCode SyncDir(const char dir[])
{
  int fd = open(dir, O_RDONLY), err;

  PetscFunctionBegin;
  PetscCheck(fd >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "shard dir %s: cannot open: %s", dir,
             strerror(errno));
  err = fsync(fd) ? errno : 0;
  if (close(fd) && !err) err = errno;
  PetscCheck(!err, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "shard dir %s: fsync failed: %s", dir,
             strerror(err));
  PetscFunctionReturn(0);
}

/* Cuts whatever follows the last good record (a torn tail), so new records follow it. */
static PetscErrorCode TruncateTail(DWShard s)
{
  DWShardScanInfo info;

  PetscFunctionBegin;
  PetscCall(DWShardScan(s->path, s->shard, NULL, NULL, &info));
  s->end = info.valid_end;
  if (info.valid_end == info.file_size) PetscFunctionReturn(0);
  PetscCheck(!ftruncate(s->fd, (off_t)info.valid_end), PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE,
             "shard %s: cannot truncate the torn tail at %lld (size %lld): %s", s->path,
             (long long)info.valid_end, (long long)info.file_size, strerror(errno));
  PetscCheck(!fsync(s->fd), PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "shard %s: fsync failed: %s",
             s->path, strerror(errno));
  PetscFunctionReturn(0);
}

PetscErrorCode DWShardOpen(const char dir[], int shard, DWShard *s)
{
  PetscBool created = PETSC_FALSE;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(PetscNew(s));
  (*s)->shard = shard;
  PetscCall(DWShardPath(dir, shard, (*s)->path, sizeof((*s)->path)));
  (*s)->fd = open((*s)->path, O_WRONLY | O_APPEND);
  if ((*s)->fd < 0 && errno == ENOENT) {
    (*s)->fd = open((*s)->path, O_WRONLY | O_APPEND | O_CREAT, 0644);
    created  = PETSC_TRUE;
  }
  if ((*s)->fd < 0) {
    const int err = errno;
    PetscCall(PetscFree(*s));
    SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "shard %s/shard-%04d.dwj: cannot open: %s", dir,
            shard, strerror(err));
  }
  ierr = created ? SyncDir(dir) : TruncateTail(*s);
  if (ierr) PetscCall(DWShardClose(s));
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

/* One write() of n bytes, repeated on a partial write; a failed append is cut off again. */
static PetscErrorCode WriteAll(DWShard s, const unsigned char *b, size_t n)
{
  size_t done = 0;
  ssize_t put;
  int err;

  PetscFunctionBegin;
  while (done < n) {
    put = write(s->fd, b + done, n - done);
    if (put < 0 && errno == EINTR) continue;
    if (put <= 0) {
      err = put < 0 ? errno : EIO;
      if (done && ftruncate(s->fd, (off_t)s->end))
        SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE,
                "shard %s: write failed: %s (and a torn record is left at offset %lld)", s->path,
                strerror(err), (long long)s->end);
      SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "shard %s: write failed: %s", s->path,
              strerror(err));
    }
    done += (size_t)put;
  }
  PetscFunctionReturn(0);
}

/* A shard has one writer: a file that grew since this writer's last append (another process
   appends to it, e.g. a second `dwell run` on the directory despite its lock) is an error, not
   a record at the wrong offset. */
static PetscErrorCode CheckSole(DWShard s)
{
  struct stat st;

  PetscFunctionBegin;
  PetscCheck(!fstat(s->fd, &st), PETSC_COMM_SELF, PETSC_ERR_FILE_READ, "shard %s: fstat failed: %s",
             s->path, strerror(errno));
  PetscCheck(!S_ISREG(st.st_mode) || (int64_t)st.st_size == s->end, PETSC_COMM_SELF,
             PETSC_ERR_FILE_UNEXPECTED,
             "shard %s holds %lld bytes where its writer left %lld: another process writes it "
             "(a second dwell run on this campaign directory?)",
             s->path, (long long)st.st_size, (long long)s->end);
  PetscFunctionReturn(0);
}

PetscErrorCode DWShardAppend(DWShard s, uint64_t task, uint32_t kind, DWShardStatus status,
                             const void *payload, uint32_t length, DWShardLocation *where)
{
  const size_t size = DW_SHARD_OVERHEAD + (size_t)length;
  const uint32_t st = (uint32_t)status;
  uint32_t crc;

  PetscFunctionBegin;
  PetscCheck(status == DW_SHARD_DONE || status == DW_SHARD_FAILED, PETSC_COMM_SELF,
             PETSC_ERR_ARG_OUTOFRANGE, "shard %s: record status %d is neither done nor failed",
             s->path, (int)status);
  PetscCheck(payload || !length, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL,
             "shard %s: NULL payload of %u bytes", s->path, length);
  PetscCall(CheckSole(s));
  PetscCall(Reserve(&s->buf, &s->cap, size));
  memcpy(s->buf, DW_SHARD_MAGIC, 4);
  DWStoreLE32(s->buf + 4, length);
  DWStoreLE64(s->buf + 8, task);
  DWStoreLE32(s->buf + 16, kind);
  DWStoreLE32(s->buf + 20, st);
  if (length) memcpy(s->buf + DW_SHARD_HEADER, payload, length);
  crc = DWCRC32(0, s->buf, size - DW_SHARD_TRAILER);
  DWStoreLE32(s->buf + size - DW_SHARD_TRAILER, crc);
  PetscCall(WriteAll(s, s->buf, size));
  PetscCheck(!fsync(s->fd), PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "shard %s: fsync failed: %s",
             s->path, strerror(errno));
  if (where) {
    where->shard  = s->shard;
    where->offset = s->end;
    where->size   = (int64_t)size;
  }
  s->end += (int64_t)size;
  PetscFunctionReturn(0);
}

PetscErrorCode DWShardClose(DWShard *s)
{
  char path[PETSC_MAX_PATH_LEN];
  int err;

  PetscFunctionBegin;
  if (!*s) PetscFunctionReturn(0);
  err = close((*s)->fd) ? errno : 0;
  PetscCall(PetscStrncpy(path, (*s)->path, sizeof(path)));
  PetscCall(PetscFree((*s)->buf));
  PetscCall(PetscFree(*s));
  PetscCheck(!err, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "shard %s: close failed: %s", path,
             strerror(err));
  PetscFunctionReturn(0);
}
