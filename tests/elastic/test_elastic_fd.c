/* The Born-minus-non-affine elastic constants of a small glass against finite differences of
   the minimised energy (issue 15; include/dwell/elastic.h). An inherent structure of ka2 (a
   random configuration minimised, N = 256) and three deformations, each differentiated twice
   by central differences of step h in the strain, with E minimised at every strain:
   - hydrostatic: the cubic box and all positions scaled by s = 1 +- h, minimised by dwell's
     own minimiser and neighbour list. With E(s), V = s^3 V0: K = V d^2E/dV^2 =
     (E_ss - 2 E_s) / (9 V0) at s = 1 ([JCP23] eq. 17, K = -V dP/dV); also E_s = -3 P V0.
   - simple shear F = 1 + gamma e_a e_b^T, (a, b) = (x, y) and (y, z), without a triclinic box:
     the energy sum_pairs phi(|F (x_i - x_j - s_ij)|) over the pairs of the IS within
     rc + 0.14 (ka2's phi, phi', phi'' vanish at rc, so pairs entering the cutoff contribute
     O(h^3); none can come from beyond), s_ij their fixed image shifts (Lees-Edwards
     boundaries for small gamma: the image of a pair is sheared with it), minimised over the
     reference positions by a generic DWSurface (FIRE to |grad|_inf <= 1e-11). Then
     d^2(E/V)/dgamma^2 = C_abab + sigma_bb relaxed, and C^Born_abab + sigma_bb for the affine
     (unrelaxed) energy, whose non-affine part is the difference.
   Tolerances: the central difference's truncation (h^2/12) E'''' / E'' and rounding of E
   (~1e-11 eps over ~1e4 pair terms, / (h^2 E'') ~ 1e-6 at h = 1e-4); 1e-4 relative is
   ample for both yet three orders below the non-affine part (~60% of G_Born). E_s = -3 P V
   (the virial pressure) to 1e-5: its central difference errs by (h^2/6) E_sss / E_s, with
   E_sss / E_s ~ 1e3 for LJ-like pair energies (r^-12: 12 13 14 / 12). */
#include "elastic/elastic_is.h"
#include <dwell/surface.h>

typedef struct {
  DWPotential pot;
  DWSystem sys;
  PetscInt npairs, *ij; /* pair k: particles ij[2k], ij[2k+1] */
  PetscReal *shift;     /* 3 per pair: x_i - x_j - d_ij at the IS (multiples of L) */
  PetscReal F[9];       /* deformation gradient, row-major */
} ShearCtx;

static void Apply(const PetscReal F[9], const PetscReal d[3], PetscReal Fd[3])
{
  for (int a = 0; a < 3; a++) Fd[a] = F[3 * a] * d[0] + F[3 * a + 1] * d[1] + F[3 * a + 2] * d[2];
}

static PetscErrorCode ShearEnergy(void *ctx, PetscInt slot, const PetscReal x[], PetscReal *V,
                                  PetscReal g[])
{
  ShearCtx *c = (ShearCtx *)ctx;
  PetscInt N;
  PetscReal U = 0;

  PetscFunctionBegin;
  PetscCall(DWSystemGetSize(c->sys, &N));
  if (g) PetscCall(PetscArrayzero(g, 3 * N));
  for (PetscInt k = 0; k < c->npairs; k++) {
    const PetscInt i = c->ij[2 * k], j = c->ij[2 * k + 1];
    PetscReal d[3], Fd[3], der[4], r;
    for (int a = 0; a < 3; a++) d[a] = x[3 * i + a] - x[3 * j + a] - c->shift[3 * k + a];
    Apply(c->F, d, Fd);
    r = PetscSqrtReal(Fd[0] * Fd[0] + Fd[1] * Fd[1] + Fd[2] * Fd[2]);
    PetscCall(DWPotentialPairDerivatives(c->pot, c->sys, i, j, r, der));
    U += der[0];
    if (!g) continue;
    for (int b = 0; b < 3; b++) { /* d phi / d x_i,b = phi'/r (F^T F d)_b */
      PetscReal t = 0;
      for (int a = 0; a < 3; a++) t += c->F[3 * a + b] * Fd[a];
      g[3 * i + b] += der[1] / r * t;
      g[3 * j + b] -= der[1] / r * t;
    }
  }
  *V = U;
  PetscFunctionReturn(0);
}

/* The pairs of the IS within rc_ij + 0.14 (minimum image; L/2 > rc + 0.14 makes it unique). */
static PetscErrorCode MakePairs(ShearCtx *c)
{
  PetscInt N, n = 0;
  PetscReal *x;

  PetscFunctionBegin;
  PetscCall(DWSystemGetSize(c->sys, &N));
  PetscCall(DWSystemGetPositions(c->sys, &x));
  PetscCall(PetscMalloc2(N * (N - 1), &c->ij, 3 * N * (N - 1) / 2, &c->shift));
  for (PetscInt i = 0; i < N; i++)
    for (PetscInt j = i + 1; j < N; j++) {
      PetscReal d[3], s, rc;
      PetscCall(DWSystemMinimumImage(c->sys, i, j, d));
      PetscCall(DWPotentialGetPairScale(c->pot, c->sys, i, j, &s, &rc));
      if (d[0] * d[0] + d[1] * d[1] + d[2] * d[2] >= (rc + 0.14) * (rc + 0.14)) continue;
      c->ij[2 * n]     = i;
      c->ij[2 * n + 1] = j;
      for (int a = 0; a < 3; a++) c->shift[3 * n + a] = x[3 * i + a] - x[3 * j + a] - d[a];
      n++;
    }
  c->npairs = n;
  PetscFunctionReturn(0);
}

/* E(gamma) with F = 1 + gamma e_a e_b^T, minimised over the positions (relax) or not. */
static PetscErrorCode ShearedEnergy(DWSurface s, ShearCtx *c, int a, int b, PetscReal gamma,
                                    PetscBool relax, PetscReal *E)
{
  PetscInt N, nevals;
  PetscReal *x, *x0;
  PetscBool conv;

  PetscFunctionBegin;
  PetscCall(DWSystemGetSize(c->sys, &N));
  PetscCall(DWSystemGetPositions(c->sys, &x0));
  PetscCall(PetscMalloc1(3 * N, &x));
  PetscCall(PetscArraycpy(x, x0, 3 * N));
  for (int k = 0; k < 9; k++) c->F[k] = k % 4 == 0;
  c->F[3 * a + b] = gamma;
  if (relax) {
    PetscCall(DWSurfaceMinimize(s, x, E, &nevals, &conv));
    DWTestTrue(PETSC_COMM_WORLD, "sheared energy minimised (FIRE, |grad|_inf <= 1e-11)", conv);
  } else
    PetscCall(ShearEnergy(c, DW_SURFACE_SLOT_SCRATCH, x, E, NULL));
  PetscCall(PetscFree(x));
  PetscFunctionReturn(0);
}

/* d^2(E/V)/dgamma^2 by central differences of step h. */
static PetscErrorCode ShearModulus(DWSurface s, ShearCtx *c, int a, int b, PetscReal h,
                                   PetscBool relax, PetscReal V, PetscReal *G)
{
  PetscReal Ep, E0, Em;

  PetscFunctionBegin;
  PetscCall(ShearedEnergy(s, c, a, b, h, relax, &Ep));
  PetscCall(ShearedEnergy(s, c, a, b, 0, relax, &E0));
  PetscCall(ShearedEnergy(s, c, a, b, -h, relax, &Em));
  *G = (Ep - 2 * E0 + Em) / (h * h * V);
  PetscFunctionReturn(0);
}

/* U of sys scaled by s (box and positions), minimised by dwell. */
static PetscErrorCode ScaledEnergy(DWSystem sys, DWPotential pot, PetscReal s, PetscReal *U)
{
  DWSystem copy;
  DWNeighborList nl;
  DWMinimizer min;
  DWMinimizerResult res;
  PetscReal *x, L;
  PetscInt N;
  MPI_Comm comm;

  PetscFunctionBegin;
  PetscCall(DWSystemGetComm(sys, &comm));
  PetscCall(DWSystemDuplicate(sys, &copy));
  PetscCall(DWSystemGetSize(copy, &N));
  PetscCall(DWSystemGetBox(copy, &L));
  PetscCall(DWSystemSetBox(copy, L * s));
  PetscCall(DWSystemGetPositions(copy, &x));
  for (PetscInt k = 0; k < 3 * N; k++) x[k] *= s;
  PetscCall(DWNeighborListCreate(comm, &nl));
  PetscCall(DWMinimizerCreate(comm, &min));
  PetscCall(DWMinimizerSetTolerances(min, 1e-11, 100000));
  PetscCall(DWMinimizerSolve(min, copy, pot, nl, &res));
  DWTestTrue(comm, "scaled configuration minimised (|F|_inf <= 1e-11)", res.reason > 0);
  *U = res.energy * N;
  PetscCall(DWMinimizerDestroy(&min));
  PetscCall(DWNeighborListDestroy(&nl));
  PetscCall(DWSystemDestroy(&copy));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckBulk(MPI_Comm comm, DWSystem sys, DWPotential pot,
                                const DWElasticResult *r, PetscReal h)
{
  PetscReal Ep, E0, Em, Es, Ess, K;

  PetscFunctionBegin;
  PetscCall(ScaledEnergy(sys, pot, 1 + h, &Ep));
  PetscCall(ScaledEnergy(sys, pot, 1, &E0));
  PetscCall(ScaledEnergy(sys, pot, 1 - h, &Em));
  Es  = (Ep - Em) / (2 * h);
  Ess = (Ep - 2 * E0 + Em) / (h * h);
  K   = (Ess - 2 * Es) / (9 * r->V);
  PetscCall(PetscPrintf(comm, "bulk: finite differences K %.10g, dwell K %.10g (K_born %.10g)\n",
                        (double)K, (double)r->K, (double)r->K_born));
  DWTestLE(comm, "K vs V d^2E_min/dV^2 (relative)", PetscAbsReal(r->K - K) / r->K, 1e-4);
  DWTestLE(comm, "dE/ds = -3 P V (relative)",
           PetscAbsReal(Es + 3 * r->P * r->V) / (3 * r->P * r->V), 1e-5);
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckShear(MPI_Comm comm, ShearCtx *c, const DWElasticResult *r, PetscReal h)
{
  const int planes[2][3] = {{0, 1, 5}, {1, 2, 3}}; /* a, b and the Voigt index of ab */
  const char *names[2]   = {"xy", "yz"};
  DWSurface s;
  PetscInt N;
  char what[96];

  PetscFunctionBegin;
  PetscCall(DWSystemGetSize(c->sys, &N));
  PetscCall(DWSurfaceCreate(comm, 3 * N, &s));
  PetscCall(DWSurfaceSetEnergy(s, ShearEnergy, c));
  PetscCall(DWSurfaceSetBlockSize(s, 3));
  PetscCall(DWSurfaceSetMinimizeTolerances(s, 1e-11, 1000000));
  for (int p = 0; p < 2; p++) {
    const int a = planes[p][0], b = planes[p][1], v = planes[p][2];
    const PetscReal want = r->C[7 * v] + r->sigma[b], want_born = r->C_born[7 * v] + r->sigma[b];
    PetscReal G, Gaff;
    PetscCall(ShearModulus(s, c, a, b, h, PETSC_TRUE, r->V, &G));
    PetscCall(ShearModulus(s, c, a, b, h, PETSC_FALSE, r->V, &Gaff));
    PetscCall(PetscPrintf(comm,
                          "shear %s: finite differences relaxed %.10g affine %.10g; dwell C + "
                          "sigma_bb %.10g, Born %.10g\n",
                          names[p], (double)G, (double)Gaff, (double)want, (double)want_born));
    PetscCall(PetscSNPrintf(what, sizeof(what), "C_%s%s + sigma_bb vs relaxed d2(E/V)/dgamma2",
                            names[p], names[p]));
    DWTestLE(comm, what, PetscAbsReal(want - G) / PetscAbsReal(want), 1e-4);
    PetscCall(PetscSNPrintf(what, sizeof(what), "C^Born_%s%s + sigma_bb vs affine d2(E/V)/dgamma2",
                            names[p], names[p]));
    DWTestLE(comm, what, PetscAbsReal(want_born - Gaff) / PetscAbsReal(want_born), 1e-4);
  }
  PetscCall(DWSurfaceDestroy(&s));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  MPI_Comm comm;
  PetscInt N        = 256;
  const PetscReal h = 1e-4;
  ElasticIS g;
  ShearCtx c;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_WORLD;
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-N", &N, NULL));
  PetscCall(ElasticISCreate(comm, N, &g));
  PetscCall(CheckBulk(comm, g.sys, g.pot, &g.r, h));
  c.pot = g.pot;
  c.sys = g.sys;
  PetscCall(MakePairs(&c));
  PetscCall(CheckShear(comm, &c, &g.r, h));
  PetscCall(PetscFree2(c.ij, c.shift));
  PetscCall(ElasticISDestroy(&g));
  int failed = DWTestFinish(comm);
  PetscCall(PetscFinalize());
  return failed;
}
