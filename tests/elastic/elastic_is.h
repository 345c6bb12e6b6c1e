/* The glass of the elastic tests: an inherent structure of ka2 (a random configuration of N
   particles, seed 3, minimised to |F|_inf <= 1e-11) and its Born-minus-non-affine moduli
   (DWElastic, options read). */
#pragma once
#include "testutil.h"
#include <dwell/elastic.h>

typedef struct {
  DWPotential pot;
  DWSystem sys;
  DWNeighborList nl;
  DWMinimizer min; /* to 1e-11 */
  DWElastic el;
  DWElasticResult r;
} ElasticIS;

static inline PetscErrorCode ElasticISCreate(MPI_Comm comm, PetscInt N, ElasticIS *g)
{
  DWMinimizerResult res;

  PetscFunctionBegin;
  PetscCall(DWTestRandomSystem(comm, "ka2", N, 3, &g->pot, &g->sys));
  PetscCall(DWNeighborListCreate(comm, &g->nl));
  PetscCall(DWMinimizerCreate(comm, &g->min));
  PetscCall(DWMinimizerSetTolerances(g->min, 1e-11, 100000));
  PetscCall(DWMinimizerSolve(g->min, g->sys, g->pot, g->nl, &res));
  DWTestTrue(comm, "the IS minimised (|F|_inf <= 1e-11)", res.reason > 0);
  PetscCall(DWElasticCreate(comm, &g->el));
  PetscCall(DWElasticSetFromOptions(g->el));
  PetscCall(DWElasticSetPotential(g->el, g->pot, g->sys));
  PetscCall(DWElasticSolve(g->el));
  PetscCall(DWElasticGetResult(g->el, &g->r));
  PetscCall(PetscPrintf(comm, "dwell: G %.10g (Born %.10g, non-affine %.10g) K %.10g P %.10g\n",
                        (double)g->r.G, (double)g->r.G_born, (double)g->r.G_na, (double)g->r.K,
                        (double)g->r.P));
  PetscFunctionReturn(0);
}

static inline PetscErrorCode ElasticISDestroy(ElasticIS *g)
{
  PetscFunctionBegin;
  PetscCall(DWElasticDestroy(&g->el));
  PetscCall(DWMinimizerDestroy(&g->min));
  PetscCall(DWNeighborListDestroy(&g->nl));
  PetscCall(DWSystemDestroy(&g->sys));
  PetscCall(DWPotentialDestroy(&g->pot));
  PetscFunctionReturn(0);
}
