/* Preconditioners of L-BFGS built from the pair Hessian (-min_lbfgs_precond hessian|blocks|newton;
   minprecond.c). The Hessian block of a central pair potential phi(r) between particles i and
   j at separation d = r_i - r_j, r = |d|, n = d / r, is
       H_ij = phi''(r) n n^T + (phi'(r) / r) (I - n n^T)
   (each pair adds H_ij to the diagonal blocks ii, jj and -H_ij to ij, ji). It is indefinite
   wherever phi'' < 0 (beyond the inflection point) or phi' < 0 (compressed pairs), so the
   preconditioner keeps its positive part,
       K_ij = |phi''(r)| n n^T + max(phi'(r) / r, 0) (I - n n^T),
   in the spirit of the force-field ("FF") preconditioner of Packwood et al., J. Chem. Phys.
   144, 164109 (2016), which builds P from the positive parts of a force field's terms. Only pairs
   with r < -min_precond_rcut s_ij enter (default 1.5: the first shell of neighbours, which carries
   nearly all of phi''), and the shift mu_c = -min_precond_shift (eps/sigma^2, default 1) is small
   next to the stiffness of a bond (phi'' ~ 10^2 to 10^3). Near a minimum P differs from the Hessian
   only by the dropped negative parts, the far pairs and mu_c, so preconditioned L-BFGS behaves
   almost like Newton's method there. "hessian" assembles every block (applied by ICC(0)); "blocks"
   only the 3x3 diagonal blocks (applied exactly by point-block Jacobi): cheaper, weaker.
   "newton" (issue 17) is "hessian" while |F|_inf > -min_precond_exact (default 1e-2 eps/sigma)
   and the exact blocks H_ij (signs kept, same pairs) once below, where the configuration is
   close enough to its minimum for that Hessian to be positive semi-definite; with mu_c = 0.01
   (only to lift the translations) and P^-1 applied by 3 iterations of CG preconditioned by
   ICC(0) instead of ICC(0) alone, and P rebuilt whenever |F|_inf fell by -min_precond_refresh
   (default 1e-2) since its last build, L-BFGS takes near-Newton steps: measured on the ka and
   ka2 starts of bench/minimize.sh, 65 force evaluations from |F|_inf = 0.1 to 1e-10 against 142
   with "hessian" (15 with an exact P^-1, CG to 1e-8 on every pair within the cutoff, whose
   solves cost ~10 force evaluations each). Far from the minimum the exact blocks make P
   indefinite (its CG steps then go uphill and the line search fails, seen on pss from
   |F|_inf = 0.3), hence the positive parts there. The price: a build costs 11-19 force
   evaluations of time (ICC(0) included), an application of P^-1 0.7-1.6 (0.15-0.5 for
   "hessian"), so in time, with these cheap pair forces, "newton" and "hessian" cost the same
   (measured 405-451 against 414-431 force evaluations' worth per IS, 8 starts). */
#include "landscape/minimizerimpl.h"

/* K = a n n^T + b (I - n n^T), n = d / r. */
static void PairBlock(const PetscReal d[3], PetscReal r, PetscReal a, PetscReal b, PetscReal K[9])
{
  for (int u = 0; u < 3; u++)
    for (int v = 0; v < 3; v++) {
      const PetscReal nn = d[u] * d[v] / (r * r);
      K[3 * u + v]       = a * nn + b * ((u == v) - nn);
    }
}

static PetscErrorCode PairBlock_Hessian(DWMinPrecond pc, DWPotential pot, DWSystem sys, PetscInt i,
                                        PetscInt j, const PetscReal d[3], PetscReal r,
                                        PetscReal K[9])
{
  PetscReal dphi[4];

  PetscFunctionBegin;
  PetscCall(DWPotentialPairDerivatives(pot, sys, i, j, r, dphi));
  PairBlock(d, r, PetscAbsReal(dphi[2]), PetscMax(dphi[1] / r, 0), K);
  PetscFunctionReturn(0);
}

static PetscErrorCode PairBlock_Exact(DWMinPrecond pc, DWPotential pot, DWSystem sys, PetscInt i,
                                      PetscInt j, const PetscReal d[3], PetscReal r, PetscReal K[9])
{
  PetscReal dphi[4];

  PetscFunctionBegin;
  PetscCall(DWPotentialPairDerivatives(pot, sys, i, j, r, dphi));
  PairBlock(d, r, dphi[2], dphi[1] / r, K);
  PetscFunctionReturn(0);
}

PetscErrorCode DWMinPrecondCreate_Newton(DWMinPrecond pc)
{
  PetscFunctionBegin;
  pc->pairblock      = PairBlock_Hessian;
  pc->pairblock_near = PairBlock_Exact;
  if (pc->par.rcut < 0) pc->par.rcut = 1.5;
  if (pc->par.shift < 0) pc->par.shift = 0.01;
  if (pc->par.refresh < 0) pc->par.refresh = 1e-2;
  pc->pctype = PCICC;
  pc->cg_its = 3;
  PetscFunctionReturn(0);
}

static void SetDefaults(DWMinPrecond pc)
{
  pc->pairblock = PairBlock_Hessian;
  if (pc->par.rcut < 0) pc->par.rcut = 1.5;
  if (pc->par.shift < 0) pc->par.shift = 1;
}

PetscErrorCode DWMinPrecondCreate_Hessian(DWMinPrecond pc)
{
  PetscFunctionBegin;
  SetDefaults(pc);
  pc->pctype = PCICC;
  PetscFunctionReturn(0);
}

PetscErrorCode DWMinPrecondCreate_Blocks(DWMinPrecond pc)
{
  PetscFunctionBegin;
  SetDefaults(pc);
  pc->diagonal = PETSC_TRUE;
  pc->pctype   = PCPBJACOBI;
  PetscFunctionReturn(0);
}
