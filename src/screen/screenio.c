/* The model of a DWScreen as one byte buffer (include/dwell/screen.h), to be stored with the
   shards of a campaign. Layout, every integer little-endian (DWStoreLE64, dwell/shard.h):
       magic    8 bytes  "DWSCREEN"
       version  uint32   1
       nf       uint64   features per row
       n_cls    uint64   rows the classifier was trained on
       n_reg    uint64   rows the regressor was trained on (0: no regressor)
       len_cls  uint64   bytes of the classifier
       len_reg  uint64   bytes of the regressor
       the classifier, then the regressor, each as XGBoosterSaveModelToBuffer writes it in
       UBJSON (exact float bits, and no training state: the same model gives the same bytes)
       crc      uint32   CRC-32 (DWCRC32) of everything above
   A reader checks the size, the magic, the version, the checksum and the feature count before
   XGBoost parses anything, so a damaged buffer is named as such rather than loaded. */
#include "screen/screenimpl.h"
#include <dwell/shard.h>
#include <string.h>

#define DW_SCREEN_MAGIC   "DWSCREEN"
#define DW_SCREEN_VERSION 1
#define DW_SCREEN_HEADER  52 /* magic 8, version 4, five uint64 */
#define DW_SCREEN_TRAILER 4  /* crc */

/* The UBJSON bytes of booster b (NULL: none), borrowed from XGBoost until its next call. */
static PetscErrorCode BoosterBytes(DWScreen s, BoosterHandle b, bst_ulong *len, const char **bytes)
{
  PetscFunctionBegin;
  *len   = 0;
  *bytes = NULL;
  if (b)
    DWXGBCall(s->comm, "saving the model",
              XGBoosterSaveModelToBuffer(b, "{\"format\": \"ubj\"}", len, bytes));
  PetscFunctionReturn(0);
}

PetscErrorCode DWScreenSave(DWScreen s, size_t *len, unsigned char **buf)
{
  bst_ulong lc, lr;
  const char *bytes;
  unsigned char *p;

  PetscFunctionBegin;
  PetscCheck(s->cls, s->comm, PETSC_ERR_ORDER,
             "saving the screen: it has no model (train or load one first)");
  PetscCall(BoosterBytes(s, s->cls, &lc, &bytes));
  PetscCall(BoosterBytes(s, s->reg, &lr, &bytes));
  *len = DW_SCREEN_HEADER + lc + lr + DW_SCREEN_TRAILER;
  PetscCall(PetscMalloc1(*len, buf));
  p = *buf;
  PetscCall(PetscArraycpy(p, (const unsigned char *)DW_SCREEN_MAGIC, 8));
  DWStoreLE32(p + 8, DW_SCREEN_VERSION);
  DWStoreLE64(p + 12, (uint64_t)s->nf);
  DWStoreLE64(p + 20, (uint64_t)s->n_cls);
  DWStoreLE64(p + 28, (uint64_t)s->n_reg);
  DWStoreLE64(p + 36, lc);
  DWStoreLE64(p + 44, lr);
  /* XGBoost's buffer is valid until its next call on the booster: fetch each just before */
  PetscCall(BoosterBytes(s, s->cls, &lc, &bytes));
  PetscCall(PetscArraycpy(p + DW_SCREEN_HEADER, (const unsigned char *)bytes, lc));
  PetscCall(BoosterBytes(s, s->reg, &lr, &bytes));
  if (lr) PetscCall(PetscArraycpy(p + DW_SCREEN_HEADER + lc, (const unsigned char *)bytes, lr));
  DWStoreLE32(p + *len - DW_SCREEN_TRAILER, DWCRC32(0, p, *len - DW_SCREEN_TRAILER));
  PetscFunctionReturn(0);
}

/* A booster parsed from len bytes, with nf features; freed again if XGBoost refuses it. */
static PetscErrorCode LoadBooster(DWScreen s, const unsigned char bytes[], uint64_t len,
                                  const char what[], BoosterHandle *b)
{
  bst_ulong nf = 0;
  char line[512];
  int rc;

  PetscFunctionBegin;
  DWXGBCall(s->comm, what, XGBoosterCreate(NULL, 0, b));
  rc = XGBoosterLoadModelFromBuffer(*b, bytes, (bst_ulong)len);
  if (!rc) rc = XGBoosterGetNumFeature(*b, &nf);
  if (!rc) rc = XGBoosterSetParam(*b, "nthread", "1"); /* not part of the saved model */
  if (rc) {
    DWScreenXGBLastError(line, sizeof(line));
    (void)XGBoosterFree(*b);
    *b = NULL;
    SETERRQ(s->comm, PETSC_ERR_FILE_UNEXPECTED, "%s: XGBoost: %s", what, line);
  }
  if (nf != (bst_ulong)s->nf) {
    (void)XGBoosterFree(*b);
    *b = NULL;
    SETERRQ(s->comm, PETSC_ERR_FILE_UNEXPECTED, "%s: %llu features, the screen has %" PetscInt_FMT,
            what, (unsigned long long)nf, s->nf);
  }
  PetscFunctionReturn(0);
}

/* The header of a model buffer, checked (sizes, magic, version, checksum, features). */
static PetscErrorCode CheckHeader(DWScreen s, size_t len, const unsigned char buf[], uint64_t *lc,
                                  uint64_t *lr)
{
  uint64_t nf;

  PetscFunctionBegin;
  PetscCheck(len >= DW_SCREEN_HEADER + DW_SCREEN_TRAILER, s->comm, PETSC_ERR_FILE_UNEXPECTED,
             "loading the screen: truncated model (%zu bytes, at least %d expected)", len,
             DW_SCREEN_HEADER + DW_SCREEN_TRAILER);
  PetscCheck(!memcmp(buf, DW_SCREEN_MAGIC, 8), s->comm, PETSC_ERR_FILE_UNEXPECTED,
             "loading the screen: not a DWScreen model (no \"%s\" at its start)", DW_SCREEN_MAGIC);
  PetscCheck(DWLoadLE32(buf + 8) == DW_SCREEN_VERSION, s->comm, PETSC_ERR_FILE_UNEXPECTED,
             "loading the screen: model format version %u, this dwell reads %d",
             (unsigned)DWLoadLE32(buf + 8), DW_SCREEN_VERSION);
  *lc = DWLoadLE64(buf + 36);
  *lr = DWLoadLE64(buf + 44);
  PetscCheck(*lc > 0 && *lc <= len && *lr <= len &&
                 DW_SCREEN_HEADER + *lc + *lr + DW_SCREEN_TRAILER == len,
             s->comm, PETSC_ERR_FILE_UNEXPECTED,
             "loading the screen: %zu bytes, but the header announces %llu + %llu bytes of model "
             "(truncated or damaged)",
             len, (unsigned long long)*lc, (unsigned long long)*lr);
  PetscCheck(DWCRC32(0, buf, len - DW_SCREEN_TRAILER) == DWLoadLE32(buf + len - DW_SCREEN_TRAILER),
             s->comm, PETSC_ERR_FILE_UNEXPECTED,
             "loading the screen: checksum mismatch (the model buffer is damaged)");
  nf = DWLoadLE64(buf + 12);
  PetscCheck(nf == (uint64_t)s->nf, s->comm, PETSC_ERR_ARG_SIZ,
             "loading the screen: the model has %llu features per row, the screen %" PetscInt_FMT,
             (unsigned long long)nf, s->nf);
  PetscFunctionReturn(0);
}

PetscErrorCode DWScreenLoad(DWScreen s, size_t len, const unsigned char buf[])
{
  uint64_t lc, lr;

  PetscFunctionBegin;
  PetscCall(CheckHeader(s, len, buf, &lc, &lr));
  PetscCall(DWScreenClearModel(s));
  PetscCall(LoadBooster(s, buf + DW_SCREEN_HEADER, lc, "loading the classifier", &s->cls));
  s->n_cls = (PetscInt)DWLoadLE64(buf + 20);
  if (lr) {
    PetscCall(LoadBooster(s, buf + DW_SCREEN_HEADER + lc, lr, "loading the regressor", &s->reg));
    s->n_reg = (PetscInt)DWLoadLE64(buf + 28);
  }
  PetscFunctionReturn(0);
}
