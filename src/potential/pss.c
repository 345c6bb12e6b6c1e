/* pss: polydisperse soft spheres [PRL20, PRM21; Ninarello, Berthier, Coslovich, PRX 7,
   021039 (2017)], DESIGN.md section 3.1:
     phi_ij = eps (s_ij/r)^12 + eps [c0 + c2 (r/s_ij)^2 + c4 (r/s_ij)^4],  r < xc s_ij,
   xc = 1.25, c0 = -28/xc^12, c2 = 48/xc^14, c4 = -21/xc^16 (phi, phi', phi'' vanish at
   the cutoff), with the nonadditive diameters s_ij = (s_i + s_j)/2 (1 - 0.2 |s_i - s_j|).
   Diameters follow P(s) = A / s^3 on [s_min, s_max], s_min / s_max = 0.449, mean 1,
   A = 2 / (s_min^-2 - s_max^-2); a new system gets the deterministic quantiles
   s_k = (s_min^-2 - 2 u_k / A)^(-1/2), u_k = (k - 1/2) / N, rescaled to mean exactly 1,
   so samples differ only by their positions. rho = 1. */
#include "potential/potentialimpl.h"
#include "potential/radial.h"

static const PetscReal xc = 1.25, s_min = 0.72450, s_max = 1.61359, nonadditivity = 0.2;

typedef struct {
  DWPairConst base; /* the x-dependent constants shared by all pairs */
} PSS;

static inline PetscReal PairDiameter(const DWParticles *p, PetscInt i, PetscInt j)
{
  const PetscReal si = p->diameter[i], sj = p->diameter[j];
  return 0.5 * (si + sj) * (1.0 - nonadditivity * PetscAbsReal(si - sj));
}

static inline __attribute__((always_inline)) PetscBool KernelPSS(const void *ctx,
                                                                 const DWParticles *p, PetscInt i,
                                                                 PetscInt j, PetscReal r2,
                                                                 PetscReal *phi, PetscReal *fpair)
{
  const PetscReal s = PairDiameter(p, i, j);
  DWPairConst     c = ((const PSS *)ctx)->base;

  c.s2     = s * s;
  c.inv_s2 = 1.0 / c.s2;
  c.f2     = c.a2 * 2.0 * c.inv_s2;
  c.f4     = c.a4 * 4.0 * c.inv_s2;
  DWRadialPowerForce(&c, r2, PETSC_FALSE, PETSC_TRUE, phi, fpair);
  return (PetscBool)(r2 < xc * xc * s * s);
}

DW_PAIR_LOOP_CLONES static PetscErrorCode EnergyForces_PSS(DWPotential pot, const DWPairView *v,
                                                           PetscReal *U, PetscReal *f, PetscReal *W,
                                                           PetscReal *e)
{
  PetscFunctionBegin;
  DWPairLoop(v, pot->data, KernelPSS, U, f, W, e);
  PetscFunctionReturn(0);
}

/* Swap MC: the energy of particle i with its neighbours; a swap exchanges diameters. */
static PetscReal ParticleEnergy_PSS(DWPotential pot, const DWParticles *p, PetscInt i, PetscInt n,
                                    const PetscInt j[], const PetscReal r2[])
{
  return DWParticleEnergyLoop(pot->data, p, KernelPSS, i, n, j, r2);
}

static void PairScale_PSS(DWPotential pot, const DWParticles *p, PetscInt i, PetscInt j,
                          PetscReal *s, PetscReal *rc)
{
  *s  = PairDiameter(p, i, j);
  *rc = xc * *s;
}

static void Radial_PSS(DWPotential pot, const DWParticles *p, PetscInt i, PetscInt j, PetscReal r,
                       PetscReal d[4])
{
  DWPairConst c = ((const PSS *)pot->data)->base;
  c.s           = PairDiameter(p, i, j);
  DWRadialPowerDerivatives(&c, r, d);
}

static PetscErrorCode SetUp_PSS(DWPotential pot, DWSystem sys)
{
  PetscReal smax = 0;
  DWParticles p;

  PetscFunctionBegin;
  PetscCall(DWSystemGetParticles(sys, &p));
  PetscCheck(p.diameter, pot->comm, PETSC_ERR_ARG_INCOMP,
             "model pss needs per-particle diameters, but the configuration has none (a "
             "species-based configuration?)");
  for (PetscInt i = 0; i < p.N; i++) {
    PetscCheck(p.diameter[i] > 0 && PetscIsNormalReal(p.diameter[i]), pot->comm,
               PETSC_ERR_ARG_OUTOFRANGE,
               "particle %" PetscInt_FMT " has diameter %g; diameters must be positive", i,
               (double)p.diameter[i]);
    smax = PetscMax(smax, p.diameter[i]);
  }
  /* s_ij <= max(s_i, s_j): the arithmetic mean times a factor <= 1 */
  pot->rcmax = xc * smax;
  PetscFunctionReturn(0);
}

static PetscErrorCode Assign_PSS(DWPotential pot, DWSystem sys)
{
  const PetscReal A = 2.0 / (1.0 / (s_min * s_min) - 1.0 / (s_max * s_max));
  PetscReal      *s, mean = 0;
  PetscInt N;

  PetscFunctionBegin;
  PetscCall(DWSystemGetSize(sys, &N));
  PetscCall(DWSystemUseDiameters(sys, &s));
  for (PetscInt k = 0; k < N; k++) {
    const PetscReal u = (k + 0.5) / N;
    s[k]              = 1.0 / PetscSqrtReal(1.0 / (s_min * s_min) - 2.0 * u / A);
    mean += s[k];
  }
  mean /= N;
  for (PetscInt k = 0; k < N; k++) s[k] /= mean;
  PetscFunctionReturn(0);
}

static PetscErrorCode View_PSS(DWPotential pot, PetscViewer viewer)
{
  PetscFunctionBegin;
  PetscCall(PetscViewerASCIIPrintf(viewer, "  P(s) ~ s^-3 on [%g, %g], nonadditivity %g, cutoff %g s_ij\n", (double)s_min, (double)s_max, (double)nonadditivity, (double)xc));
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy_PSS(DWPotential pot)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(pot->data));
  PetscFunctionReturn(0);
}

PetscErrorCode DWPotentialCreate_PSS(DWPotential pot)
{
  PSS            *p;
  const PetscReal C[3] = {-28.0 / PetscPowReal(xc, 12), 48.0 / PetscPowReal(xc, 14), -21.0 / PetscPowReal(xc, 16)};

  PetscFunctionBegin;
  PetscCall(PetscNew(&p));
  DWPairConstSetPoly(&p->base, 1.0, 0.0, 1.0, xc, C);
  pot->data                = p;
  pot->rho                 = 1.0;
  pot->ops->setup          = SetUp_PSS;
  pot->ops->energyforces   = EnergyForces_PSS;
  pot->ops->pairscale      = PairScale_PSS;
  pot->ops->radial         = Radial_PSS;
  pot->ops->assign         = Assign_PSS;
  pot->ops->view           = View_PSS;
  pot->ops->destroy        = Destroy_PSS;
  pot->ops->particleenergy = ParticleEnergy_PSS;
  PetscCall(PetscStrncpy(pot->description, "polydisperse soft spheres (s/r)^12 smoothed at 1.25 s_ij, nonadditive", sizeof(pot->description)));
  PetscFunctionReturn(0);
}
