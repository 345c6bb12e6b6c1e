/* One row per double well in the library. A path split at an intermediate minimum c gives
   the pieces (a, c) and (c, b); when (a, c) is also a candidate pair, or another candidate's
   path passes through the same minima, the same double well is found more than once. Two
   records of a sample are the same double well when the energies of both their ends agree
   within 10 N tol_e (the IS identity tolerance of the exploration, in total energy): IS are
   minimised to |F| <= 1e-10, so the same IS repeats its energy to far better than that,
   while two different IS of a glass almost never agree to 1e-9 eps per particle on both
   ends. The first record in canonical order (sample, candidate, piece) is kept; the
   others are counted in `found`. */
#include "farm/collect.h"

/* Every rank's (row, E_a, E_b) of the double wells it read, on every rank, by row. */
static PetscErrorCode GatherEnds(const DWCollection *col, PetscReal **ends)
{
  PetscFunctionBegin;
  PetscCall(PetscCalloc1(2 * col->n_dw_total + 1, ends));
  for (PetscInt b = 0; b < col->nneb; b++) {
    const DWCollectNEB *e = &col->neb[b];
    const PetscInt g0     = col->dw_off[e->e.sample][e->e.index];
    for (PetscInt r = 0; r < e->nrows; r++) {
      (*ends)[2 * (g0 + r)]     = e->rows[r].dw.E_a;
      (*ends)[2 * (g0 + r) + 1] = e->rows[r].dw.E_b;
    }
  }
  /* each row is held by exactly one rank: the others contribute zeros */
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, *ends, (PetscMPIInt)(2 * col->n_dw_total), MPIU_REAL,
                             MPI_SUM, col->c->comm));
  PetscFunctionReturn(0);
}

PetscErrorCode DWCollectionDeduplicate(DWCollection *col)
{
  const PetscReal tol = 10 * col->N * col->c->tol_e;
  PetscReal *ends;

  PetscFunctionBegin;
  PetscCall(GatherEnds(col, &ends));
  PetscCall(PetscMalloc1(col->n_dw_total + 1, &col->dw_map));
  PetscCall(PetscCalloc1(col->n_dw_total + 1, &col->dw_found));
  col->n_dw_unique = 0;
  for (PetscInt s = 0; s < col->S; s++) {
    const PetscInt g0 = col->n_cand[s] ? col->dw_off[s][0] : 0, g1 = g0 + col->n_dw[s];
    for (PetscInt g = g0; g < g1; g++) {
      PetscInt same = -1;
      for (PetscInt h = g0; h < g && same < 0; h++)
        if (col->dw_map[h] >= 0 && PetscAbsReal(ends[2 * g] - ends[2 * h]) <= tol &&
            PetscAbsReal(ends[2 * g + 1] - ends[2 * h + 1]) <= tol)
          same = col->dw_map[h];
      col->dw_map[g] = same < 0 ? col->n_dw_unique++ : -1;
      col->dw_found[same < 0 ? col->dw_map[g] : same]++;
    }
    col->n_dw[s] = 0;
    for (PetscInt g = g0; g < g1; g++) col->n_dw[s] += col->dw_map[g] >= 0;
  }
  PetscCall(PetscFree(ends));
  PetscFunctionReturn(0);
}
