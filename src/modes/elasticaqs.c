/* Elastic moduli by athermal quasistatic (AQS) deformation, [JCP23] section IV.C, eq. 17:
   G = sigma_xy / gamma_xy from simple shear under Lees-Edwards boundaries (the sheared
   periodic images of the triclinic box, include/dwell/box.h) and K = -V dp/dV from
   hydrostatic compression, each the slope of the elastic regime of the stress-strain curve.
   Conventions in include/dwell/elastic.h. */
#include <dwell/elastic.h>
#include <math.h>

/* One kind of deformation: the affine step and the measured stress. */
typedef struct {
  const char *name, *step_name; /* the deformation and its step, for messages */
  /* applies one affine step of size s to the positions and the box */
  PetscErrorCode (*apply)(DWSystem, PetscReal s);
  /* the strain after k steps of size s */
  PetscReal (*strain)(PetscInt k, PetscReal s);
  /* the stress (eps/sigma^3) from the virial tensor W (eps) and the volume V */
  PetscReal (*stress)(const PetscReal W[6], PetscReal V);
} DWAQSDeformation;

/* The affine deformation x -> F x of every position and h -> F h of the box, F upper
   triangular with equal diagonal entries f (so that the new box is again ours: edges f L). */
static PetscErrorCode ApplyAffine(DWSystem sys, const PetscReal F[3][3])
{
  PetscReal *x, t[3], L;
  PetscInt N;

  PetscFunctionBegin;
  PetscCall(DWSystemGetSize(sys, &N));
  PetscCall(DWSystemGetPositions(sys, &x));
  PetscCall(DWSystemGetBox(sys, &L));
  PetscCall(DWSystemGetBoxTilt(sys, t));
  for (PetscInt i = 0; i < N; i++) {
    PetscReal *r = &x[3 * i];
    r[0]         = F[0][0] * r[0] + F[0][1] * r[1] + F[0][2] * r[2];
    r[1]         = F[1][1] * r[1] + F[1][2] * r[2];
    r[2]         = F[2][2] * r[2];
  }
  const PetscReal tilt[3] = {F[0][0] * t[0] + F[0][1] * L,
                             F[0][0] * t[1] + F[0][1] * t[2] + F[0][2] * L,
                             F[1][1] * t[2] + F[1][2] * L};
  PetscCall(DWSystemSetBox(sys, F[0][0] * L));
  PetscCall(DWSystemSetBoxTilt(sys, tilt));
  PetscFunctionReturn(0);
}

/* Simple shear, F = 1 + dgamma e_x e_y^T: x += dgamma y, tilts xy += dgamma L, xz += dgamma yz. */
static PetscErrorCode ApplyShear(DWSystem sys, PetscReal dgamma)
{
  const PetscReal F[3][3] = {{1, dgamma, 0}, {0, 1, 0}, {0, 0, 1}};

  PetscFunctionBegin;
  PetscCall(ApplyAffine(sys, F));
  PetscFunctionReturn(0);
}

static PetscReal ShearStrain(PetscInt k, PetscReal dgamma)
{
  return k * dgamma;
}

static PetscReal ShearStress(const PetscReal W[6], PetscReal V)
{
  return -W[3] / V;
}

/* Isotropic compression, F = (1 - deps) 1. */
static PetscErrorCode ApplyCompression(DWSystem sys, PetscReal deps)
{
  const PetscReal F[3][3] = {{1 - deps, 0, 0}, {0, 1 - deps, 0}, {0, 0, 1 - deps}};

  PetscFunctionBegin;
  PetscCall(ApplyAffine(sys, F));
  PetscFunctionReturn(0);
}

static PetscReal VolumetricStrain(PetscInt k, PetscReal deps)
{
  return -3.0 * k * log1p((double)-deps);
}

static PetscReal Pressure(const PetscReal W[6], PetscReal V)
{
  return (W[0] + W[1] + W[2]) / (3 * V);
}

/* Least-squares slope of y(x) over the n points and its standard error (0 when n = 2). */
static void FitSlope(PetscInt n, const PetscReal x[], const PetscReal y[], PetscReal *slope,
                     PetscReal *err)
{
  PetscReal mx = 0, my = 0, sxx = 0, sxy = 0, ssr = 0;

  for (PetscInt k = 0; k < n; k++) {
    mx += x[k] / n;
    my += y[k] / n;
  }
  for (PetscInt k = 0; k < n; k++) {
    sxx += (x[k] - mx) * (x[k] - mx);
    sxy += (x[k] - mx) * (y[k] - my);
  }
  *slope = sxy / sxx;
  for (PetscInt k = 0; k < n; k++) ssr += PetscSqr(y[k] - my - *slope * (x[k] - mx));
  *err = n > 2 ? PetscSqrtReal(ssr / (n - 2) / sxx) : 0;
}

/* The stress of the current configuration; errors, naming step k, unless it is a minimum
   (|F|_inf <= fmax_allowed). */
static PetscErrorCode MeasureStress(const DWAQSDeformation *def, DWPotential pot, DWSystem sys,
                                    DWNeighborList nl, PetscReal fmax_allowed, PetscInt k,
                                    PetscReal *stress)
{
  PetscReal W[6], V, U, *f, fmax = 0;
  PetscInt N;
  MPI_Comm comm;

  PetscFunctionBegin;
  PetscCall(DWSystemGetComm(sys, &comm));
  PetscCall(DWSystemGetSize(sys, &N));
  PetscCall(PetscMalloc1(3 * N, &f));
  PetscCall(DWPotentialComputeEnergyForces(pot, sys, nl, &U, f, NULL, NULL));
  for (PetscInt i = 0; i < 3 * N; i++) fmax = PetscMax(fmax, PetscAbsReal(f[i]));
  PetscCall(PetscFree(f));
  PetscCheck(fmax <= fmax_allowed, comm, PETSC_ERR_ARG_WRONG,
             "AQS %s, step %" PetscInt_FMT
             ": not a minimum, |F|_inf = %g eps/sigma > %g (100 x the minimiser's -min_ftol); "
             "start from an inherent structure",
             def->name, k, (double)fmax, (double)fmax_allowed);
  PetscCall(DWPotentialComputeVirialTensor(pot, sys, nl, W));
  PetscCall(DWSystemGetVolume(sys, &V));
  *stress = def->stress(W, V);
  PetscFunctionReturn(0);
}

/* The AQS protocol of include/dwell/elastic.h on a copy of sys. */
static PetscErrorCode RunAQS(const DWAQSDeformation *def, DWPotential pot, DWSystem sys,
                             DWMinimizer min, PetscReal step, PetscInt nsteps, PetscReal out[],
                             PetscReal *modulus, PetscReal *modulus_err)
{
  DWSystem s;
  DWNeighborList nl;
  DWMinimizerResult res;
  PetscReal ftol, *strain, *stress;
  PetscInt maxit, nelastic = 1;
  MPI_Comm comm;

  PetscFunctionBegin;
  PetscCall(DWSystemGetComm(sys, &comm));
  PetscCheck(step > 0 && PetscIsNormalReal(step), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "AQS %s: strain step %s = %g must be positive", def->name, def->step_name,
             (double)step);
  PetscCheck(nsteps >= 2, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "AQS %s: %" PetscInt_FMT " strain steps: at least 2 are needed for a slope", def->name,
             nsteps);
  PetscCall(DWMinimizerGetTolerances(min, &ftol, &maxit));
  PetscCall(DWSystemDuplicate(sys, &s));
  PetscCall(DWNeighborListCreate(comm, &nl));
  PetscCall(DWPotentialSetUp(pot, s));
  PetscCall(PetscMalloc2(nsteps + 1, &strain, nsteps + 1, &stress));
  PetscCall(MeasureStress(def, pot, s, nl, 100 * ftol, 0, &stress[0]));
  strain[0] = 0;
  for (PetscInt k = 1; k <= nsteps; k++) {
    PetscCall(def->apply(s, step));
    PetscCall(DWMinimizerSolve(min, s, pot, nl, &res));
    PetscCheck(res.reason > 0, comm, PETSC_ERR_NOT_CONVERGED,
               "AQS %s, step %" PetscInt_FMT
               ": minimisation did not converge (%s, |F|_inf = %g eps/sigma)",
               def->name, k, DWMinimizerReasonName(res.reason), (double)res.fmax);
    PetscCall(MeasureStress(def, pot, s, nl, 100 * ftol, k, &stress[k]));
    strain[k] = def->strain(k, step);
    if (nelastic == k && stress[k] >= stress[k - 1]) nelastic = k + 1; /* before the first drop */
  }
  PetscCheck(
      nelastic >= 2, comm, PETSC_ERR_NOT_CONVERGED,
      "AQS %s: the stress drops at the first step %s = %g: no elastic regime; use a smaller step",
      def->name, def->step_name, (double)step);
  FitSlope(nelastic, strain, stress, modulus, modulus_err);
  if (out) PetscCall(PetscArraycpy(out, stress, nsteps + 1));
  PetscCall(PetscFree2(strain, stress));
  PetscCall(DWNeighborListDestroy(&nl));
  PetscCall(DWSystemDestroy(&s));
  PetscCall(DWPotentialSetUp(pot, sys));
  PetscFunctionReturn(0);
}

PetscErrorCode DWElasticAQSShear(DWPotential pot, DWSystem sys, DWMinimizer min, PetscReal dgamma,
                                 PetscInt nsteps, PetscReal sigma_xy[], PetscReal *G,
                                 PetscReal *G_err)
{
  static const DWAQSDeformation shear = {"shear", "dgamma", ApplyShear, ShearStrain, ShearStress};
  PetscReal L, t[3];
  MPI_Comm comm;

  PetscFunctionBegin;
  PetscCall(DWSystemGetComm(sys, &comm));
  PetscCall(DWSystemGetBox(sys, &L));
  PetscCall(DWSystemGetBoxTilt(sys, t));
  PetscCheck(
      !(dgamma > 0) || nsteps * dgamma + PetscAbsReal(t[0]) / L <= 0.5, comm,
      PETSC_ERR_ARG_OUTOFRANGE,
      "AQS shear: %" PetscInt_FMT
      " steps dgamma = %g from tilt xy = %g L reach a tilt beyond L/2; use fewer or smaller steps",
      nsteps, (double)dgamma, (double)(t[0] / L));
  PetscCall(RunAQS(&shear, pot, sys, min, dgamma, nsteps, sigma_xy, G, G_err));
  PetscFunctionReturn(0);
}

PetscErrorCode DWElasticAQSBulk(DWPotential pot, DWSystem sys, DWMinimizer min, PetscReal deps,
                                PetscInt nsteps, PetscReal p[], PetscReal *K, PetscReal *K_err)
{
  static const DWAQSDeformation bulk = {"compression", "deps", ApplyCompression, VolumetricStrain,
                                        Pressure};
  MPI_Comm comm;

  PetscFunctionBegin;
  PetscCall(DWSystemGetComm(sys, &comm));
  PetscCheck(!(deps >= 1), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "AQS compression: strain step deps = %g must be below 1", (double)deps);
  PetscCall(RunAQS(&bulk, pot, sys, min, deps, nsteps, p, K, K_err));
  PetscFunctionReturn(0);
}
