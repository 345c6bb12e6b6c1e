/* AQS moduli ([JCP23] IV.C, eq. 17; include/dwell/elastic.h) of a perfect fcc crystal of the lj
   model (4 x 4 x 4 cells, N = 256, rho = 0.997, where fcc LJ is a stable solid), against the
   lattice sum of the pair potential written here independently (LJ 12-6 with potential and
   force shifted at 2.5, LAMMPS lj/smooth/linear) over the infinite fcc lattice (the same sum as
   the periodic box: r_c + skin is below its half width). Every atom is a centre of inversion,
   so a homogeneous strain leaves all forces zero: the non-affine correction vanishes and
   the response is the affine one, C44 = (1/V) d^2U/dgamma^2 (the Born term) and
   K = -V dp/dV = (1 / 9V) sum (r^2 phi'' - 2 r phi').
   Checks:
   - the AQS stress at each step equals the affine lattice-sum stress, 1e-9 relative to the
     largest (rounding of sums of O(10) eps/sigma terms over 256 atoms, ~1e-13 absolute);
   - G and K from AQS equal the Born C44 and K within the finite-strain error of the fit: for
     y = y0 + y' x + y'' x^2 / 2 + y''' x^3 / 6 sampled at x_k = k h, k = 0..n, the least-squares
     slope is y' + (y''/2) b2 + (y'''/6) b3, b2 = n h and b3 ~ n^2 h^2 the slopes of the fits of
     x^2 and x^3; the tolerance is twice that bias (for the higher orders), y'' and y''' by
     central differences of the lattice sum. Shear: sigma_xy is odd in gamma (cubic symmetry),
     y'' = 0 and the bias is O(h^2), ~3e-6 relative at h = 1e-4, n = 5; compression: O(h), ~7e-3
     relative (LJ crystals are strongly anharmonic);
   - bad input: a strain step <= 0, nsteps < 2 and a start that is not a minimum are errors. */
#include "testutil.h"
#include <dwell/elastic.h>

static const PetscReal rc = 2.5;

/* phi'(r) and phi''(r) of lj/smooth/linear (r < rc). */
static void LJDerivatives(PetscReal r, PetscReal *d1, PetscReal *d2)
{
  const PetscReal d1c = 4 * (-12 * PetscPowReal(rc, -13) + 6 * PetscPowReal(rc, -7));

  *d1 = 4 * (-12 * PetscPowReal(r, -13) + 6 * PetscPowReal(r, -7)) - d1c;
  *d2 = 4 * (156 * PetscPowReal(r, -14) - 42 * PetscPowReal(r, -8));
}

typedef enum { SHEAR_STRESS, PRESSURE, BORN_C44, BORN_K } LatticeSum;

/* Per atom sums over the fcc lattice of cubic constant a, every lattice vector R (of one atom's
   neighbours) deformed by F = lam (1 + gamma e_x e_y^T): the shear stress sigma_xy =
   (1/2v) sum phi'(R) X Y / R, the pressure p = -(1/6v) sum phi'(R) R, or (undeformed) the Born
   C44 = (1/2v) sum [(phi'' - phi'/R) X^2 Y^2 / R^2 + phi' Y^2 / R] and
   K = (1/18v) sum (R^2 phi'' - 2 R phi'), v = lam^3 a^3 / 4 the volume per atom. */
static PetscReal FCCSum(PetscReal a, PetscReal gamma, PetscReal lam, LatticeSum what)
{
  const PetscInt m  = (PetscInt)(2 * rc / (lam * a)) + 2;
  const PetscReal v = lam * lam * lam * a * a * a / 4;
  PetscReal sum     = 0;

  for (PetscInt i = -m; i <= m; i++)
    for (PetscInt j = -m; j <= m; j++)
      for (PetscInt k = -m; k <= m; k++) {
        if ((i + j + k) % 2 || (!i && !j && !k)) continue;
        const PetscReal X = lam * a / 2 * (i + gamma * j), Y = lam * a / 2 * j, Z = lam * a / 2 * k;
        const PetscReal R = PetscSqrtReal(X * X + Y * Y + Z * Z);
        PetscReal d1, d2;
        if (R >= rc) continue;
        LJDerivatives(R, &d1, &d2);
        switch (what) {
        case SHEAR_STRESS:
          sum += d1 * X * Y / R / (2 * v);
          break;
        case PRESSURE:
          sum -= d1 * R / (6 * v);
          break;
        case BORN_C44:
          sum += ((d2 - d1 / R) * X * X * Y * Y / (R * R) + d1 * Y * Y / R) / (2 * v);
          break;
        case BORN_K:
          sum += (R * R * d2 - 2 * R * d1) / (18 * v);
          break;
        }
      }
  return sum;
}

/* The affine stress at strain x: shear gamma = x, or compression to e = -ln(V/V0) = x. */
static PetscReal StrainStress(PetscReal a, PetscBool shear, PetscReal x)
{
  return shear ? FCCSum(a, x, 1, SHEAR_STRESS) : FCCSum(a, 0, PetscExpReal(-x / 3), PRESSURE);
}

/* The affine stress after k steps of size h of the deformation (shear or compression). */
static PetscReal AffineStress(PetscReal a, PetscBool shear, PetscInt k, PetscReal h)
{
  return shear ? FCCSum(a, k * h, 1, SHEAR_STRESS)
               : FCCSum(a, 0, PetscPowReal(1 - h, (PetscReal)k), PRESSURE);
}

static PetscErrorCode CheckModulus(MPI_Comm comm, DWPotential pot, DWSystem sys, DWMinimizer min,
                                   PetscBool shear)
{
  const PetscInt n  = 5;
  const PetscReal h = 1e-4, dx = 5e-3;
  PetscReal stress[6], M, M_err, L, err = 0, smax = 0;
  PetscInt N;
  char what[128];

  PetscFunctionBegin;
  PetscCall(DWSystemGetSize(sys, &N));
  PetscCall(DWSystemGetBox(sys, &L));
  const PetscReal a = L / 4;
  if (shear)
    PetscCall(DWElasticAQSShear(pot, sys, min, h, n, stress, &M, &M_err));
  else
    PetscCall(DWElasticAQSBulk(pot, sys, min, h, n, stress, &M, &M_err));
  for (PetscInt k = 0; k <= n; k++) {
    const PetscReal s = AffineStress(a, shear, k, h);
    err               = PetscMax(err, PetscAbsReal(stress[k] - s));
    smax              = PetscMax(smax, PetscAbsReal(s));
  }
  PetscCall(PetscSNPrintf(what, sizeof(what), "%s: AQS stress = affine lattice sum (rel.)",
                          shear ? "shear" : "compression"));
  DWTestLE(comm, what, err / smax, 1e-9);
  /* the strain variable x (gamma, or e = -ln(V/V0) = -3 ln lam): y'' and y''' at 0 by central
     differences of the lattice sum, and the slopes b2, b3 of the fits of x^2 and x^3 */
  const PetscReal born = shear ? FCCSum(a, 0, 1, BORN_C44) : FCCSum(a, 0, 1, BORN_K);
  const PetscReal hx   = shear ? h : -3 * log1p(-h);
  const PetscReal y1 = StrainStress(a, shear, dx), y0 = StrainStress(a, shear, 0),
                  ym1 = StrainStress(a, shear, -dx);
  const PetscReal y2 = StrainStress(a, shear, 2 * dx), ym2 = StrainStress(a, shear, -2 * dx);
  const PetscReal ypp  = (y1 - 2 * y0 + ym1) / (dx * dx),
                  yppp = (y2 - 2 * y1 + 2 * ym1 - ym2) / (2 * dx * dx * dx);
  PetscReal sxx = 0, sx2 = 0, sx3 = 0;
  for (PetscInt k = 0; k <= n; k++) {
    const PetscReal x = k * hx, c = x - n * hx / 2;
    sxx += c * c;
    sx2 += c * x * x;
    sx3 += c * x * x * x;
  }
  const PetscReal bias = ypp / 2 * sx2 / sxx + yppp / 6 * sx3 / sxx;
  PetscCall(PetscPrintf(comm,
                        "%s: AQS %.10g +- %.2g, Born %.10g eps/sigma^3; finite-strain bias of the "
                        "fit y''/2 b2 + y'''/6 b3 = %.3g\n",
                        shear ? "G" : "K", (double)M, (double)M_err, (double)born, (double)bias));
  PetscCall(PetscSNPrintf(what, sizeof(what), "%s from AQS = Born %s (rel.)", shear ? "G" : "K",
                          shear ? "C44" : "K"));
  DWTestLE(comm, what, PetscAbsReal(M - born) / born, 2 * PetscAbsReal(bias) / born);
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckBadInput(MPI_Comm comm, DWPotential pot, DWSystem sys, DWMinimizer min)
{
  PetscErrorCode ierr;
  PetscReal M, M_err, *x;

  PetscFunctionBegin;
  DWTestCatch(ierr, DWElasticAQSShear(pot, sys, min, 0, 5, NULL, &M, &M_err));
  DWTestTrue(comm, "shear step dgamma = 0 is an error", ierr == PETSC_ERR_ARG_OUTOFRANGE);
  DWTestCatch(ierr, DWElasticAQSShear(pot, sys, min, -1e-4, 5, NULL, &M, &M_err));
  DWTestTrue(comm, "shear step dgamma = -1e-4 is an error", ierr == PETSC_ERR_ARG_OUTOFRANGE);
  DWTestCatch(ierr, DWElasticAQSBulk(pot, sys, min, -1e-4, 5, NULL, &M, &M_err));
  DWTestTrue(comm, "compression step deps = -1e-4 is an error", ierr == PETSC_ERR_ARG_OUTOFRANGE);
  DWTestCatch(ierr, DWElasticAQSShear(pot, sys, min, 1e-4, 1, NULL, &M, &M_err));
  DWTestTrue(comm, "nsteps = 1 is an error", ierr == PETSC_ERR_ARG_OUTOFRANGE);
  PetscCall(DWSystemGetPositions(sys, &x));
  x[0] += 0.05;
  DWTestCatch(ierr, DWElasticAQSShear(pot, sys, min, 1e-4, 5, NULL, &M, &M_err));
  DWTestTrue(comm, "a start that is not a minimum is an error", ierr == PETSC_ERR_ARG_WRONG);
  x[0] -= 0.05;
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  MPI_Comm comm;
  DWPotential pot;
  DWSystem sys;
  DWMinimizer min;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_WORLD;
  PetscCall(DWTestRandomSystem(comm, "lj", 256, 1, &pot, &sys));
  PetscCall(DWTestPlaceFCC(sys, 4));
  PetscCall(DWPotentialSetUp(pot, sys));
  PetscCall(DWMinimizerCreate(comm, &min));
  PetscCall(DWMinimizerSetFromOptions(min));
  PetscCall(CheckModulus(comm, pot, sys, min, PETSC_TRUE));
  PetscCall(CheckModulus(comm, pot, sys, min, PETSC_FALSE));
  PetscCall(CheckBadInput(comm, pot, sys, min));
  PetscCall(DWMinimizerDestroy(&min));
  PetscCall(DWSystemDestroy(&sys));
  PetscCall(DWPotentialDestroy(&pot));
  int status = DWTestFinish(comm);
  PetscCall(PetscFinalize());
  return status;
}
