/* Shards: the append-only journals in which a campaign's workers commit finished tasks
   (DESIGN.md section 5), and the byte buffers their payloads are packed into.

   A shard is a file of records, one after the other, each
       magic   4 bytes  "DWR1"
       length  uint32   payload bytes
       task    uint64   task id (a hash of the task's inputs, src/farm/task.c)
       kind    uint32   what the payload is (the caller's enumeration)
       status  uint32   DW_SHARD_DONE or DW_SHARD_FAILED
       payload length bytes
       crc     uint32   CRC-32 (IEEE 802.3, the polynomial of zlib) of everything above
   Every integer is little-endian and every real an IEEE 754 binary64 in little-endian byte
   order, in the header and in the payloads (DWPack), whatever the host: a campaign directory
   moves between machines. (The values are stored byte by byte with shifts, DWStoreLE64 and
   DWLoadLE64 below, so the same code is right on any host.)
   A writer appends a whole record with one write() and then fsync()s the file, so after a
   kill at any moment the file ends with whole records and at most one torn record.
   A reader checks every record: a bad magic, a length running past the end of the file or
   a CRC mismatch marks it torn or corrupt. A corrupt record whose length is intact is
   skipped; otherwise the reader resynchronises at the next "DWR1" whose record checks, so
   one flipped bit costs one record, never the rest of the shard.
   Records are located by (shard number, offset, length of the whole record), which a
   reader can pread() and check again without scanning the file.

   Not collective: a shard belongs to one process (a worker rank), and readers open the
   files read-only. */
#pragma once
#include <petscsys.h>
#include <stdint.h>

#define DW_SHARD_MAGIC   "DWR1"
#define DW_SHARD_HEADER  24 /* magic, length, task, kind, status */
#define DW_SHARD_TRAILER 4  /* crc */

typedef enum { DW_SHARD_DONE = 1, DW_SHARD_FAILED = 2 } DWShardStatus;

/* Little-endian stores and loads of the shard format (not collective, no errors). */
static inline void DWStoreLE32(unsigned char *p, uint32_t v)
{
  for (int k = 0; k < 4; k++) p[k] = (unsigned char)(v >> (8 * k));
}
static inline void DWStoreLE64(unsigned char *p, uint64_t v)
{
  for (int k = 0; k < 8; k++) p[k] = (unsigned char)(v >> (8 * k));
}
static inline uint32_t DWLoadLE32(const unsigned char *p)
{
  uint32_t v = 0;
  for (int k = 0; k < 4; k++) v |= (uint32_t)p[k] << (8 * k);
  return v;
}
static inline uint64_t DWLoadLE64(const unsigned char *p)
{
  uint64_t v = 0;
  for (int k = 0; k < 8; k++) v |= (uint64_t)p[k] << (8 * k);
  return v;
}

/* Where a record is: shard number (the NNNN of shard-NNNN.dwj), byte offset of its magic,
   and its total size (header + payload + crc). */
typedef struct {
  int32_t shard;
  int64_t offset;
  int64_t size;
} DWShardLocation;

/* A record as read: header fields, location, and the payload (owned by the reader's caller
   when returned by DWShardReadRecord, else only valid during the scan callback). */
typedef struct {
  uint64_t task;
  uint32_t kind;
  DWShardStatus status;
  uint32_t length;
  const unsigned char *payload;
  DWShardLocation where;
} DWShardRecord;

/* What a scan found: records that checked, records skipped as corrupt (length intact) and
   torn regions (resynchronised or at the end), and where the last good record ends. */
typedef struct {
  PetscInt good, corrupt, torn;
  int64_t valid_end; /* offset just after the last good record (truncate a torn tail here) */
  int64_t file_size;
} DWShardScanInfo;

/* CRC-32 of n bytes continuing from crc (start with 0). */
uint32_t DWCRC32(uint32_t crc, const void *data, size_t n);

/* The file name of shard number k in directory dir: dir/shard-%04d.dwj. */
PetscErrorCode DWShardPath(const char dir[], int shard, char path[], size_t len);

typedef struct _p_DWShard *DWShard;
/* Opens (creating if needed) shard number k of dir for appending. A torn tail left by a
   killed writer (whatever follows the last good record) is truncated first (to
   DWShardScanInfo.valid_end), so new records follow the last good one; records before it
   are never touched. */
PetscErrorCode DWShardOpen(const char dir[], int shard, DWShard *s);
/* Appends one record (one write(), then fsync) and returns where it went (may be NULL).
   Errors (disk full, I/O) name the file. */
PetscErrorCode DWShardAppend(DWShard s, uint64_t task, uint32_t kind, DWShardStatus status,
                             const void *payload, uint32_t length, DWShardLocation *where);
PetscErrorCode DWShardClose(DWShard *s);

/* Reads every good record of one shard file in order, calling fn(ctx, rec) for each (the
   payload is valid only during the call; a nonzero error from fn stops the scan). A missing
   file is an error naming it. info may be NULL. */
PetscErrorCode DWShardScan(const char path[], int shard,
                           PetscErrorCode (*fn)(void *ctx, const DWShardRecord *rec), void *ctx,
                           DWShardScanInfo *info);
/* The shard numbers present in dir (sorted; *shards allocated with PetscMalloc1, may be
   empty). Only names exactly as DWShardPath makes them count (shard-0003.dwj, not
   shard-3.dwj or shard-0003.dwj.tmp). */
PetscErrorCode DWShardList(const char dir[], PetscInt *n, int **shards);
/* Reads the record at `where` (pread) and checks it; the payload is returned in a buffer the
   caller frees with PetscFree. *ok is PETSC_FALSE (and no error) when it no longer checks. */
PetscErrorCode DWShardReadRecord(const char dir[], DWShardLocation where, DWShardRecord *rec,
                                 unsigned char **payload, PetscBool *ok);

/* A growing byte buffer for payloads, and a reader over one. Integers and reals are stored
   little-endian (their bit patterns, so packing is exact for doubles, NaN included); bytes
   and strings as they are. PetscInt values are stored as int64 (DWUnpackPetscInt errors if
   one does not fit), so payloads do not depend on the PETSc build's index size. */
typedef struct {
  unsigned char *data;
  size_t len, cap;
} DWPack;
PetscErrorCode DWPackInit(DWPack *p);
PetscErrorCode DWPackFree(DWPack *p);
PetscErrorCode DWPackBytes(DWPack *p, const void *data, size_t n);
PetscErrorCode DWPackInt(DWPack *p, int64_t v);
PetscErrorCode DWPackReal(DWPack *p, double v);
/* n values, preceded by n (int64). */
PetscErrorCode DWPackInts(DWPack *p, PetscInt n, const PetscInt v[]);
PetscErrorCode DWPackReals(DWPack *p, PetscInt n, const PetscReal v[]);
/* n reals without the count (the reader knows n: DWUnpackRealData). */
PetscErrorCode DWPackRealData(DWPack *p, PetscInt n, const PetscReal v[]);
/* A NUL-terminated string, preceded by its length. */
PetscErrorCode DWPackString(DWPack *p, const char s[]);

typedef struct {
  const unsigned char *data;
  size_t len, pos;
} DWUnpack;
void DWUnpackInit(DWUnpack *u, const void *data, size_t len);
/* Each errors (PETSC_ERR_FILE_UNEXPECTED, "payload truncated ...") rather than reading past
   the end. The array forms allocate with PetscMalloc1 (the caller frees), and check the
   count against the bytes left before allocating. */
PetscErrorCode DWUnpackBytes(DWUnpack *u, void *data, size_t n);
PetscErrorCode DWUnpackInt(DWUnpack *u, int64_t *v);
PetscErrorCode DWUnpackPetscInt(DWUnpack *u, PetscInt *v);
PetscErrorCode DWUnpackReal(DWUnpack *u, PetscReal *v);
PetscErrorCode DWUnpackInts(DWUnpack *u, PetscInt *n, PetscInt **v);
PetscErrorCode DWUnpackReals(DWUnpack *u, PetscInt *n, PetscReal **v);
/* Into a caller's array of exactly n values (errors if the stored count differs). */
PetscErrorCode DWUnpackRealsInto(DWUnpack *u, PetscInt n, PetscReal v[]);
PetscErrorCode DWUnpackIntsInto(DWUnpack *u, PetscInt n, PetscInt v[]);
/* n reals written by DWPackRealData. */
PetscErrorCode DWUnpackRealData(DWUnpack *u, PetscInt n, PetscReal v[]);
PetscErrorCode DWUnpackString(DWUnpack *u, char s[], size_t len);
