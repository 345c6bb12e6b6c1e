/* The lowest DW_TUNNEL_NLEVELS levels of the 1D Schroedinger problem on a grid (see
   tunnelimpl.h for the three steps). The coarse grid covers the same domain with
   ~8 points per oscillator length (3-point eigenvalues then agree with the fine ones to
   ~1e-3, enough to separate levels spaced by ~omega); the final Sturm count of the fine
   matrix between the last computed level and the next coarse one must equal the number of
   levels found, otherwise the coarse grid is refined (twice as many points) and the solve
   repeated, up to the fine grid itself. */
#include "quantum/tunnelimpl.h"

static PetscErrorCode CoarseGrid(DWTunnel t, const DWGrid *g, PetscInt nc)
{
  DWCoarse *cs = &t->coarse;
  PetscInt k   = 0;

  PetscFunctionBegin;
  if (cs->nalloc < nc) {
    if (cs->nalloc) PetscCall(DWCoarseDestroy(cs));
    PetscCall(PetscMalloc3(nc, &cs->g.V, (1 + DW_BLOCK_MAX) * nc, &cs->work, DW_LEVELS_WANTED * nc,
                           &cs->X));
    cs->nalloc = nc;
  }
  cs->g.n     = nc;
  cs->g.xl    = g->xl;
  cs->g.h     = (g->n + 1) * g->h / (nc + 1);
  cs->g.kappa = g->kappa;
  cs->g.c     = 0;
  for (PetscInt i = 0; i < nc; i++)
    cs->g.V[i] = DWTunnelPotential(t, cs->g.xl + (i + 1) * cs->g.h, &k);
  PetscFunctionReturn(0);
}

/* Points of the first coarse grid: 8 per shortest oscillator length, at least 64. */
static PetscInt CoarseSize(DWTunnel t, const DWGrid *g)
{
  const PetscReal l =
      PetscPowReal(t->mt * t->d * t->d * PetscMax(t->d2Vend[0], t->d2Vend[1]), -0.25);
  const PetscReal L = (g->n + 1) * g->h;

  return PetscMin(g->n, PetscMax(64, (PetscInt)PetscCeilReal(8 * L / l)));
}

/* Number of clusters that hold the first `need` levels. */
static PetscInt ClustersFor(const DWCoarse *cs, PetscInt need)
{
  PetscInt ncl = 0;
  while (ncl < cs->nclusters && cs->first[ncl] < need) ncl++;
  return ncl;
}

/* Sturm count of the fine matrix halfway between level m-1 and the next coarse level. */
static PetscErrorCode Verify(DWTunnel t, const DWGrid *g, PetscInt ncl, const PetscReal levels[],
                             PetscInt m, PetscBool *ok)
{
  const DWCoarse *cs  = &t->coarse;
  const PetscInt next = cs->first[ncl];
  PetscReal above;
  PetscInt nneg;

  PetscFunctionBegin;
  above =
      next < DW_LEVELS_WANTED ? cs->e[next] : levels[m - 1] + (levels[m - 1] - levels[0]) / (m - 1);
  PetscCall(DWPentaFactor(g, 0.5 * (levels[m - 1] + above), &t->fine.f, &nneg));
  *ok = (PetscBool)(nneg == m && above > levels[m - 1]);
  PetscFunctionReturn(0);
}

PetscErrorCode DWTunnelComputeLevels(DWTunnel t, const DWGrid *g, PetscReal levels[], PetscReal *E)
{
  const PetscReal omega = PetscSqrtReal(PetscMax(t->d2Vend[0], t->d2Vend[1]) * 2 * g->kappa);
  PetscReal lv[DW_LEVELS_WANTED];
  PetscInt nc = CoarseSize(t, g), m = 0, ncl = 0;
  PetscBool ok = PETSC_FALSE;

  PetscFunctionBegin;
  for (int attempt = 0; !ok; attempt++) {
    PetscCheck(attempt < 8, t->comm, PETSC_ERR_CONV_FAILED,
               "level solver: the levels of the %" PetscInt_FMT
               "-point grid could not be verified by a Sturm count",
               g->n);
    PetscCall(CoarseGrid(t, g, nc));
    PetscCall(DWCoarseCompute(&t->coarse, omega, DW_TUNNEL_NLEVELS));
    ncl = ClustersFor(&t->coarse, DW_TUNNEL_NLEVELS);
    PetscCall(DWFineSolve(&t->fine, g, &t->coarse, ncl, lv, &m, E));
    PetscCall(Verify(t, g, ncl, lv, m, &ok));
    if (!ok) {
      PetscCall(PetscInfo(NULL,
                          "level solver: Sturm count disagrees with the %" PetscInt_FMT
                          " levels from a %" PetscInt_FMT "-point coarse grid; refining\n",
                          m, nc));
      nc = PetscMin(2 * nc, g->n);
    }
  }
  for (PetscInt k = 0; k < DW_TUNNEL_NLEVELS; k++) levels[k] = lv[k];
  PetscFunctionReturn(0);
}

PetscErrorCode DWTunnelComputeSplitting(DWTunnel t, const DWGrid *g, PetscReal *E)
{
  PetscReal lv[DW_LEVELS_WANTED];
  PetscInt m;

  PetscFunctionBegin;
  PetscCall(DWFineSolve(&t->fine, g, &t->coarse, ClustersFor(&t->coarse, 2), lv, &m, E));
  PetscFunctionReturn(0);
}
