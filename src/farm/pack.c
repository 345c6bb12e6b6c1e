/* Payload buffers of shard records (include/dwell/shard.h): DWPack appends integers and reals
   little-endian whatever the host (a real as the bit pattern of its IEEE 754 binary64, so
   doubles round-trip exactly, NaN payloads and -0.0 included), bytes and strings as they
   are; DWUnpack reads them back in the same order and errors rather than reading past the
   end. Integers are stored as int64 whatever the size of PetscInt, so a shard written by
   a 32-bit-index PETSc reads back in a 64-bit-index one; a count precedes each array and
   string. */
#include <dwell/shard.h>
#include <string.h>

_Static_assert(sizeof(PetscReal) == sizeof(double), "shard payloads store PetscReal as double");

PetscErrorCode DWPackInit(DWPack *p)
{
  PetscFunctionBegin;
  p->data = NULL;
  p->len = p->cap = 0;
  PetscFunctionReturn(0);
}

PetscErrorCode DWPackFree(DWPack *p)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(p->data));
  p->len = p->cap = 0;
  PetscFunctionReturn(0);
}

static PetscErrorCode Grow(DWPack *p, size_t n)
{
  unsigned char *data;
  size_t cap = PetscMax(p->cap, 256);

  PetscFunctionBegin;
  PetscCheck(n <= SIZE_MAX - p->len, PETSC_COMM_SELF, PETSC_ERR_ARG_SIZ,
             "payload of %zu bytes cannot grow by %zu", p->len, n);
  if (p->len + n <= p->cap) PetscFunctionReturn(0);
  while (cap < p->len + n) cap = cap > SIZE_MAX / 2 ? p->len + n : 2 * cap;
  PetscCall(PetscMalloc1(cap, &data));
  if (p->len) PetscCall(PetscArraycpy(data, p->data, p->len));
  PetscCall(PetscFree(p->data));
  p->data = data;
  p->cap  = cap;
  PetscFunctionReturn(0);
}

PetscErrorCode DWPackBytes(DWPack *p, const void *data, size_t n)
{
  PetscFunctionBegin;
  if (!n) PetscFunctionReturn(0);
  PetscCall(Grow(p, n));
  memcpy(p->data + p->len, data, n);
  p->len += n;
  PetscFunctionReturn(0);
}

static uint64_t RealBits(double v)
{
  uint64_t b;
  memcpy(&b, &v, sizeof(b));
  return b;
}

static double BitsReal(uint64_t b)
{
  double v;
  memcpy(&v, &b, sizeof(v));
  return v;
}

PetscErrorCode DWPackInt(DWPack *p, int64_t v)
{
  PetscFunctionBegin;
  PetscCall(Grow(p, 8));
  DWStoreLE64(p->data + p->len, (uint64_t)v);
  p->len += 8;
  PetscFunctionReturn(0);
}

PetscErrorCode DWPackReal(DWPack *p, double v)
{
  PetscFunctionBegin;
  PetscCall(DWPackInt(p, (int64_t)RealBits(v)));
  PetscFunctionReturn(0);
}

PetscErrorCode DWPackRealData(DWPack *p, PetscInt n, const PetscReal v[])
{
  PetscFunctionBegin;
  PetscCheck(n >= 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "cannot pack %" PetscInt_FMT " reals", n);
  PetscCall(Grow(p, (size_t)n * 8));
  for (PetscInt k = 0; k < n; k++) PetscCall(DWPackReal(p, v[k]));
  PetscFunctionReturn(0);
}

PetscErrorCode DWPackInts(DWPack *p, PetscInt n, const PetscInt v[])
{
  PetscFunctionBegin;
  PetscCheck(n >= 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "cannot pack %" PetscInt_FMT " integers", n);
  PetscCall(Grow(p, (size_t)(n + 1) * sizeof(int64_t)));
  PetscCall(DWPackInt(p, n));
  for (PetscInt k = 0; k < n; k++) PetscCall(DWPackInt(p, v[k]));
  PetscFunctionReturn(0);
}

PetscErrorCode DWPackReals(DWPack *p, PetscInt n, const PetscReal v[])
{
  PetscFunctionBegin;
  PetscCheck(n >= 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "cannot pack %" PetscInt_FMT " reals", n);
  PetscCall(DWPackInt(p, n));
  PetscCall(DWPackRealData(p, n, v));
  PetscFunctionReturn(0);
}

PetscErrorCode DWPackString(DWPack *p, const char s[])
{
  const size_t n = strlen(s);

  PetscFunctionBegin;
  PetscCall(DWPackInt(p, (int64_t)n));
  PetscCall(DWPackBytes(p, s, n + 1));
  PetscFunctionReturn(0);
}

void DWUnpackInit(DWUnpack *u, const void *data, size_t len)
{
  u->data = (const unsigned char *)data;
  u->len  = len;
  u->pos  = 0;
}

PetscErrorCode DWUnpackBytes(DWUnpack *u, void *data, size_t n)
{
  PetscFunctionBegin;
  PetscCheck(n <= u->len - u->pos, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "payload truncated: %zu bytes wanted at offset %zu of a %zu-byte payload", n, u->pos,
             u->len);
  if (n) memcpy(data, u->data + u->pos, n);
  u->pos += n;
  PetscFunctionReturn(0);
}

PetscErrorCode DWUnpackInt(DWUnpack *u, int64_t *v)
{
  unsigned char b[8];

  PetscFunctionBegin;
  PetscCall(DWUnpackBytes(u, b, sizeof(b)));
  *v = (int64_t)DWLoadLE64(b);
  PetscFunctionReturn(0);
}

PetscErrorCode DWUnpackPetscInt(DWUnpack *u, PetscInt *v)
{
  int64_t w = 0;

  PetscFunctionBegin;
  PetscCall(DWUnpackInt(u, &w));
  PetscCheck(w == (int64_t)(PetscInt)w, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "payload integer %lld at offset %zu does not fit in a PetscInt", (long long)w,
             u->pos - sizeof(w));
  *v = (PetscInt)w;
  PetscFunctionReturn(0);
}

PetscErrorCode DWUnpackReal(DWUnpack *u, PetscReal *v)
{
  int64_t b = 0;

  PetscFunctionBegin;
  PetscCall(DWUnpackInt(u, &b));
  *v = BitsReal((uint64_t)b);
  PetscFunctionReturn(0);
}

PetscErrorCode DWUnpackRealData(DWUnpack *u, PetscInt n, PetscReal v[])
{
  PetscFunctionBegin;
  PetscCheck(n >= 0 && (size_t)n <= (u->len - u->pos) / 8, PETSC_COMM_SELF,
             PETSC_ERR_FILE_UNEXPECTED,
             "payload truncated: %" PetscInt_FMT " reals wanted at offset %zu of a %zu-byte "
             "payload",
             n, u->pos, u->len);
  for (PetscInt k = 0; k < n; k++) PetscCall(DWUnpackReal(u, &v[k]));
  PetscFunctionReturn(0);
}

/* The count of an array of items of `size` bytes, checked against the bytes left. */
static PetscErrorCode UnpackCount(DWUnpack *u, size_t size, PetscInt *n)
{
  int64_t w = 0;

  PetscFunctionBegin;
  PetscCall(DWUnpackInt(u, &w));
  PetscCheck(w >= 0 && (uint64_t)w <= (u->len - u->pos) / size, PETSC_COMM_SELF,
             PETSC_ERR_FILE_UNEXPECTED,
             "payload truncated: an array of %lld values of %zu bytes at offset %zu of a "
             "%zu-byte payload",
             (long long)w, size, u->pos, u->len);
  PetscCheck(w == (int64_t)(PetscInt)w, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "payload array of %lld values is too long for a PetscInt count", (long long)w);
  *n = (PetscInt)w;
  PetscFunctionReturn(0);
}

/* The count of an array the caller sized to n. */
static PetscErrorCode UnpackCountExpected(DWUnpack *u, size_t size, PetscInt n)
{
  PetscInt m = 0;

  PetscFunctionBegin;
  PetscCall(UnpackCount(u, size, &m));
  PetscCheck(m == n, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "payload array at offset %zu holds %" PetscInt_FMT " values, %" PetscInt_FMT
             " expected",
             u->pos - sizeof(int64_t), m, n);
  PetscFunctionReturn(0);
}

static PetscErrorCode UnpackIntValues(DWUnpack *u, PetscInt n, PetscInt v[])
{
  PetscFunctionBegin;
  for (PetscInt k = 0; k < n; k++) PetscCall(DWUnpackPetscInt(u, &v[k]));
  PetscFunctionReturn(0);
}

PetscErrorCode DWUnpackIntsInto(DWUnpack *u, PetscInt n, PetscInt v[])
{
  PetscFunctionBegin;
  PetscCall(UnpackCountExpected(u, sizeof(int64_t), n));
  PetscCall(UnpackIntValues(u, n, v));
  PetscFunctionReturn(0);
}

PetscErrorCode DWUnpackRealsInto(DWUnpack *u, PetscInt n, PetscReal v[])
{
  PetscFunctionBegin;
  PetscCall(UnpackCountExpected(u, sizeof(PetscReal), n));
  PetscCall(DWUnpackRealData(u, n, v));
  PetscFunctionReturn(0);
}

PetscErrorCode DWUnpackInts(DWUnpack *u, PetscInt *n, PetscInt **v)
{
  PetscErrorCode ierr;

  PetscFunctionBegin;
  *v = NULL;
  PetscCall(UnpackCount(u, sizeof(int64_t), n));
  PetscCall(PetscMalloc1(*n, v));
  ierr = UnpackIntValues(u, *n, *v);
  if (ierr) PetscCall(PetscFree(*v));
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

PetscErrorCode DWUnpackReals(DWUnpack *u, PetscInt *n, PetscReal **v)
{
  PetscFunctionBegin;
  *v = NULL;
  PetscCall(UnpackCount(u, sizeof(PetscReal), n));
  PetscCall(PetscMalloc1(*n, v));
  PetscCall(DWUnpackRealData(u, *n, *v));
  PetscFunctionReturn(0);
}

PetscErrorCode DWUnpackString(DWUnpack *u, char s[], size_t len)
{
  int64_t n = 0;

  PetscFunctionBegin;
  PetscCall(DWUnpackInt(u, &n));
  PetscCheck(n >= 0 && (uint64_t)n < u->len - u->pos, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "payload truncated: a string of %lld characters at offset %zu of a %zu-byte payload",
             (long long)n, u->pos, u->len);
  PetscCheck((uint64_t)n < len, PETSC_COMM_SELF, PETSC_ERR_ARG_SIZ,
             "payload string of %lld characters does not fit in %zu", (long long)n, len);
  PetscCheck(u->data[u->pos + n] == '\0' && memchr(u->data + u->pos, '\0', (size_t)n) == NULL,
             PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "payload string of %lld characters at offset %zu is not NUL-terminated there",
             (long long)n, u->pos);
  PetscCall(DWUnpackBytes(u, s, (size_t)n + 1));
  PetscFunctionReturn(0);
}
