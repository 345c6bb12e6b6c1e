/* Minimum energy paths for every candidate pair of an IS library (DESIGN.md section 4,
   "Candidates" and "NEB"; include/dwell/islib.h): for each candidate {a, b} (T[a->b] and
   T[b->a] above the threshold), in the library's order, DWNEBSolve finds the elementary
   paths between IS a and b. The IS of each solve are mapped to the library: its ends are a
   and b, an intermediate minimum is the library IS it is the same as (DWISSame with the
   library's tolerances) or a new IS appended after the library's. A candidate whose pair
   was already solved (as a piece of an earlier split) is skipped, and so is a double well
   already recorded. Replicated on the NEB's communicator (the campaign farm distributes
   pairs over ranks; here every rank solves them all). */
#include "landscape/nebimpl.h"
#include <dwell/islib.h>

PetscErrorCode DWNEBBatchReset(DWNEBBatch *batch)
{
  PetscFunctionBegin;
  for (PetscInt k = 0; k < batch->nrec; k++) PetscCall(DWDoubleWellReset(&batch->rec[k]));
  PetscCall(PetscFree(batch->rec));
  PetscCall(PetscFree(batch->rec_pair));
  PetscCall(PetscFree2(batch->E, batch->X));
  PetscCall(PetscMemzero(batch, sizeof(*batch)));
  PetscFunctionReturn(0);
}

/* Batch id of IS (E, x): a library or appended IS that is the same, else a new one. */
static PetscErrorCode MapIS(DWNEBBatch *b, const DWISLibraryData *lib, PetscInt n, PetscReal E,
                            const PetscReal x[], PetscInt *id)
{
  PetscFunctionBegin;
  for (PetscInt k = 0; k < b->nis; k++)
    if (DWISSame(lib->N, lib->L, E / lib->N, x, b->E[k] / lib->N, b->X + k * n, lib->tol_e,
                 lib->tol_x)) {
      *id = k;
      PetscFunctionReturn(0);
    }
  if (b->nis == b->mis) {
    PetscReal *E2, *X2;
    b->mis = 2 * b->mis + 8;
    PetscCall(PetscMalloc2(b->mis, &E2, b->mis * n, &X2));
    PetscCall(PetscArraycpy(E2, b->E, b->nis));
    PetscCall(PetscArraycpy(X2, b->X, b->nis * n));
    PetscCall(PetscFree2(b->E, b->X));
    b->E = E2;
    b->X = X2;
  }
  b->E[b->nis] = E;
  PetscCall(PetscArraycpy(b->X + b->nis * n, x, n));
  *id = b->nis++;
  PetscFunctionReturn(0);
}

static PetscBool Recorded(const DWNEBBatch *b, PetscInt i, PetscInt j)
{
  for (PetscInt k = 0; k < b->nrec; k++)
    if ((b->rec[k].is_a == i && b->rec[k].is_b == j) ||
        (b->rec[k].is_a == j && b->rec[k].is_b == i))
      return PETSC_TRUE;
  return PETSC_FALSE;
}

/* Copies the records of the last solve of candidate c into the batch with batch IS ids. */
static PetscErrorCode Collect(DWNEB neb, DWNEBBatch *b, const DWISLibraryData *lib, PetscInt c,
                              const DWNEBResult *res)
{
  const PetscInt n = 3 * lib->N;
  PetscInt *map, nrec;
  DWDoubleWell *rec;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(res->nis, &map));
  map[0] = lib->cand_a[c];
  map[1] = lib->cand_b[c];
  for (PetscInt k = 2; k < res->nis; k++) {
    PetscReal E;
    const PetscReal *x;
    PetscCall(DWNEBGetInherentStructure(neb, k, &E, &x));
    PetscCall(MapIS(b, lib, n, E, x, &map[k]));
  }
  PetscCall(DWNEBGetRecords(neb, &nrec, &rec));
  PetscCall(PetscRealloc(sizeof(DWDoubleWell) * (b->nrec + nrec), &b->rec));
  PetscCall(PetscRealloc(sizeof(PetscInt) * (b->nrec + nrec), &b->rec_pair));
  for (PetscInt k = 0; k < nrec; k++) {
    const PetscInt i = map[rec[k].is_a], j = map[rec[k].is_b];
    if (Recorded(b, i, j)) continue;
    PetscCall(DWDoubleWellCopy(&rec[k], &b->rec[b->nrec]));
    b->rec[b->nrec].is_a   = i;
    b->rec[b->nrec].is_b   = j;
    b->rec_pair[b->nrec++] = c;
  }
  PetscCall(PetscFree(map));
  PetscFunctionReturn(0);
}

/* The library IS as the first batch IS (total energies). */
static PetscErrorCode StartIS(DWNEBBatch *b, const DWISLibraryData *lib)
{
  const PetscInt n = 3 * lib->N;

  PetscFunctionBegin;
  b->mis = lib->n_is + 8;
  PetscCall(PetscMalloc2(b->mis, &b->E, b->mis * n, &b->X));
  for (PetscInt k = 0; k < lib->n_is; k++) b->E[k] = lib->energy[k] * lib->N;
  PetscCall(PetscArraycpy(b->X, lib->x, lib->n_is * n));
  b->nis = lib->n_is;
  PetscFunctionReturn(0);
}

PetscErrorCode DWNEBSolveLibrary(DWNEB neb, DWISLibrary library, DWNEBBatch *b)
{
  DWISLibraryData lib;
  DWSurface s;
  PetscInt n;

  PetscFunctionBegin;
  PetscCall(DWNEBGetSurface(neb, &s));
  PetscCheck(s, neb->comm, PETSC_ERR_ORDER, "call DWNEBSetSurface() before DWNEBSolveLibrary()");
  PetscCall(DWISLibraryGetData(library, &lib));
  PetscCall(DWSurfaceGetSize(s, &n, NULL));
  PetscCheck(n == 3 * lib.N, neb->comm, PETSC_ERR_ARG_INCOMP,
             "the library has N = %" PetscInt_FMT " particles, the surface %" PetscInt_FMT
             " coordinates",
             lib.N, n);
  PetscCall(PetscMemzero(b, sizeof(*b)));
  b->reason = DW_NEB_CONVERGED;
  PetscCall(StartIS(b, &lib));
  for (PetscInt c = 0; c < lib.n_candidates; c++) {
    const PetscInt ia = lib.cand_a[c], ib = lib.cand_b[c];
    DWNEBResult res;
    if (Recorded(b, ia, ib)) {
      b->nskipped++;
      continue;
    }
    PetscCall(DWNEBSolve(neb, lib.x + ia * n, lib.x + ib * n, &res));
    b->npairs++;
    b->nsplits += res.nsplits;
    b->iterations += res.iterations;
    b->force_evaluations += res.force_evaluations;
    if (res.reason != DW_NEB_CONVERGED) {
      b->nfailed++;
      if (b->reason == DW_NEB_CONVERGED) b->reason = res.reason;
      PetscCall(PetscInfo(
          NULL, "candidate %" PetscInt_FMT " (IS %" PetscInt_FMT ", %" PetscInt_FMT "): %s\n", c,
          ia, ib, DWNEBReasonName(res.reason)));
    }
    if (res.reason != DW_NEB_DIVERGED_SAME_IS && res.reason != DW_NEB_DIVERGED_ENDPOINT)
      PetscCall(Collect(neb, b, &lib, c, &res));
  }
  PetscFunctionReturn(0);
}
