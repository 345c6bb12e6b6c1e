/* Shared by the neighbour-list tests: compares the pairs of two builds. */
#pragma once
#include "testutil.h"
#include "core/neighborimpl.h"

/* Same unordered pairs {i, j} with the same periodic image (code c seen from i is code
   26 - c seen from j) in both lists. */
static PetscErrorCode PairsOfBothBuilds(DWNeighborList a, DWNeighborList b, PetscInt N,
                                        PetscBool *same)
{
  PetscInt *ka, *kb, na = a->npairs, nb = b->npairs;

  PetscFunctionBegin;
  if (na != nb) {
    *same = PETSC_FALSE;
    PetscFunctionReturn(0);
  }
  PetscCall(PetscMalloc2(na, &ka, nb, &kb));
  for (int which = 0; which < 2; which++) {
    DWNeighborList l = which ? b : a;
    PetscInt *key = which ? kb : ka, m = 0;
    for (PetscInt i = 0; i < N; i++)
      for (PetscInt k = l->start[i]; k < l->start[i + 1]; k++) {
        const PetscInt j = l->j[k], c = l->image[k];
        key[m++] = i < j ? (i * N + j) * 27 + c : (j * N + i) * 27 + (26 - c);
      }
    PetscCall(PetscSortInt(m, key));
  }
  PetscCall(PetscArraycmp(ka, kb, na, same));
  PetscCall(PetscFree2(ka, kb));
  PetscFunctionReturn(0);
}
