/* DWElastic: the object of the zero-temperature elastic moduli of an inherent structure
   (include/dwell/elastic.h; [JCP23] sec. IV.C, eqs. 17-19, Fig. 10): settings, input checks,
   the derived quantities (G, K, sound speeds, omega_t eq. 18, omega_D eq. 19), the A_4 fit of
   the modes below omega_t, and the YAML view. The Born and non-affine terms are computed in
   elasticsolve.c. */
#include "modes/elasticimpl.h"
#include "modes/modesimpl.h"
#include <dwell/options.h>
#include <stddef.h>

/* The scalar results in file and library order (elastic.h). */
/* clang-format off */
#define FIELD(f, u, d) {#f, u, d, offsetof(DWElasticResult, f)}
const DWElasticField DWElasticFields[] = {
    FIELD(V, "sigma^3", "volume"),
    FIELD(rho, "sigma^-3", "number density N / V (mass density with m = 1)"),
    FIELD(P, "eps/sigma^3", "configurational pressure -tr(sigma) / 3 of the IS"),
    FIELD(G, "eps/sigma^3", "shear modulus (C_yzyz + C_xzxz + C_xyxy)/3 - P"),
    FIELD(G_born, "eps/sigma^3", "Born part of G (with -P)"),
    FIELD(G_na, "eps/sigma^3", "non-affine part of G: G = G_born - G_na"),
    FIELD(K, "eps/sigma^3", "bulk modulus -V dP/dV = (1/9) sum C_aabb + P/3, JCP23 eq. 17"),
    FIELD(K_born, "eps/sigma^3", "Born part of K (with P/3)"),
    FIELD(K_na, "eps/sigma^3", "non-affine part of K: K = K_born - K_na"),
    FIELD(c_t, "sigma/tau", "transverse sound speed sqrt(G / (m rho)), JCP23 IV.C"),
    FIELD(c_l, "sigma/tau", "longitudinal sound speed sqrt((K + 4G/3) / (m rho))"),
    FIELD(omega_t, "1/tau", "first transverse phonon 2 pi c_t / L, JCP23 eq. 18"),
    FIELD(omega_D, "1/tau",
          "Debye frequency (18 pi^2 rho / (2 c_t^-3 + c_l^-3))^(1/3), JCP23 eq. 19"),
    FIELD(omega_c, "1/tau", "upper edge of the A_4 window (omega_t; NaN without modes)"),
    FIELD(A4, "tau^5", "D(omega) = A_4 omega^4 below omega_c, D per particle (NaN without modes)"),
    FIELD(A4_err, "tau^5", "standard error of A_4 (Poisson)"),
    FIELD(A4_omegaD5, "1", "A_4 omega_D^5, JCP23 Fig. 10b"),
    FIELD(G_xy, "eps/sigma^3", "C_xyxy + sigma_yy: the slope of sigma_xy in simple shear x += gamma y"),
    FIELD(G_aqs, "eps/sigma^3", "AQS shear slope d sigma_xy / d gamma, JCP23 eq. 17 (NaN: no AQS)"),
    FIELD(G_aqs_err, "eps/sigma^3", "standard error of the AQS shear fit"),
    FIELD(K_aqs, "eps/sigma^3", "AQS compression slope -V dP/dV, JCP23 eq. 17 (NaN: no AQS)"),
    FIELD(K_aqs_err, "eps/sigma^3", "standard error of the AQS compression fit"),
};
#undef FIELD
/* clang-format on */
const PetscInt DWElasticNumFields =
    (PetscInt)(sizeof(DWElasticFields) / sizeof(DWElasticFields[0]));

PetscErrorCode DWElasticCreate(MPI_Comm comm, DWElastic *el)
{
  DWElastic e;

  PetscFunctionBegin;
  PetscCall(DWModesInitializePackage());
  PetscCall(PetscNew(&e));
  e->comm = comm;
  e->gtol = 1e-6;
  e->fmax = -1;
  PetscCall(KSPCreate(comm, &e->ksp));
  PetscCall(DWHessianKSPSetDefaults(e->ksp));
  PetscCall(DWModesCreate(comm, &e->modes));
  PetscCall(DWMinimizerCreate(comm, &e->aqs_min));
  e->aqs_dgamma = e->aqs_deps = 1e-5;
  PetscCall(DWElasticSetOptionsPrefix(e, "elastic_"));
  *el = e;
  PetscFunctionReturn(0);
}

PetscErrorCode DWElasticDestroy(DWElastic *el)
{
  PetscFunctionBegin;
  if (!*el) PetscFunctionReturn(0);
  PetscCall(KSPDestroy(&(*el)->ksp));
  PetscCall(DWModesDestroy(&(*el)->modes));
  PetscCall(DWMinimizerDestroy(&(*el)->aqs_min));
  PetscCall(DWNeighborListDestroy(&(*el)->nl));
  PetscCall(PetscFree((*el)->prefix));
  PetscCall(PetscFree(*el));
  PetscFunctionReturn(0);
}

PetscErrorCode DWElasticSetOptionsPrefix(DWElastic e, const char prefix[])
{
  PetscFunctionBegin;
  PetscCall(DWOptionsPrefixSet(e->comm, &e->prefix, prefix));
  PetscCall(KSPSetOptionsPrefix(e->ksp, e->prefix));
  PetscCall(DWModesSetOptionsPrefix(e->modes, e->prefix));
  PetscCall(DWModesAppendOptionsPrefix(e->modes, "modes_"));
  PetscCall(DWMinimizerSetOptionsPrefix(e->aqs_min, e->prefix));
  PetscCall(DWMinimizerAppendOptionsPrefix(e->aqs_min, "aqs_min_"));
  PetscFunctionReturn(0);
}

PetscErrorCode DWElasticSetNumModes(DWElastic e, PetscInt k)
{
  PetscFunctionBegin;
  PetscCheck(k >= 0, e->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-%smodes %" PetscInt_FMT " must be >= 0 (0: no modes, no A_4)", e->prefix, k);
  e->k     = k;
  e->setup = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode DWElasticSetFromOptions(DWElastic e)
{
  PetscInt k     = e->k;
  PetscReal gtol = e->gtol;

  PetscFunctionBegin;
  PetscOptionsBegin(e->comm, e->prefix, "Elastic moduli of an inherent structure, JCP23 IV.C",
                    "DWElastic");
  PetscCall(PetscOptionsInt("-modes", "lowest modes for A_4 below omega_t (0: none)",
                            "DWElasticSetNumModes", k, &k, NULL));
  PetscCall(PetscOptionsReal("-gtol", "a minimum: |F|_inf <= gtol (eps/sigma)", "DWElasticSetUp",
                             gtol, &gtol, NULL));
  PetscCall(PetscOptionsInt("-aqs_steps", "AQS strain steps (0: no AQS, else >= 2)",
                            "DWElasticAQSShear", e->aqs_steps, &e->aqs_steps, NULL));
  PetscCall(PetscOptionsReal("-aqs_dgamma", "AQS shear strain step", "DWElasticAQSShear",
                             e->aqs_dgamma, &e->aqs_dgamma, NULL));
  PetscCall(PetscOptionsReal("-aqs_deps", "AQS compression strain step", "DWElasticAQSBulk",
                             e->aqs_deps, &e->aqs_deps, NULL));
  PetscOptionsEnd();
  PetscCheck(e->aqs_steps == 0 || e->aqs_steps >= 2, e->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-%saqs_steps %" PetscInt_FMT " must be 0 (no AQS) or at least 2", e->prefix,
             e->aqs_steps);
  PetscCheck(e->aqs_dgamma > 0 && e->aqs_deps > 0, e->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-%saqs_dgamma %g and -%saqs_deps %g must be positive strain steps", e->prefix,
             (double)e->aqs_dgamma, e->prefix, (double)e->aqs_deps);
  PetscCall(DWElasticSetNumModes(e, k));
  PetscCheck(gtol > 0, e->comm, PETSC_ERR_ARG_OUTOFRANGE, "-%sgtol %g must be positive", e->prefix,
             (double)gtol);
  e->gtol = gtol;
  PetscCall(KSPSetFromOptions(e->ksp));
  PetscCall(DWModesSetFromOptions(e->modes));
  PetscCall(DWMinimizerSetFromOptions(e->aqs_min));
  PetscFunctionReturn(0);
}

PetscErrorCode DWElasticSetPotential(DWElastic e, DWPotential pot, DWSystem sys)
{
  PetscReal U, *f, fmax = 0;
  PetscInt N;

  PetscFunctionBegin;
  PetscCall(DWNeighborListDestroy(&e->nl));
  PetscCall(DWNeighborListCreate(e->comm, &e->nl));
  PetscCall(DWNeighborListSetFromOptions(e->nl));
  PetscCall(DWSystemGetSize(sys, &N));
  PetscCall(PetscMalloc1(3 * N, &f));
  PetscCall(DWPotentialComputeEnergyForces(pot, sys, e->nl, &U, f, NULL, NULL));
  for (PetscInt i = 0; i < 3 * N; i++) fmax = PetscMax(fmax, PetscAbsReal(f[i]));
  PetscCall(PetscFree(f));
  e->pot    = pot;
  e->sys    = sys;
  e->fmax   = fmax;
  e->setup  = PETSC_FALSE;
  e->solved = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode DWElasticSetUp(DWElastic e)
{
  PetscInt N;

  PetscFunctionBegin;
  if (e->setup) PetscFunctionReturn(0);
  PetscCheck(e->sys, e->comm, PETSC_ERR_ORDER, "elastic: no configuration (DWElasticSetPotential)");
  PetscCheck(e->fmax <= e->gtol, e->comm, PETSC_ERR_ARG_WRONG,
             "elastic: the configuration is not a minimum: |F|_inf = %g eps/sigma > -%sgtol %g "
             "(minimise it first: dwell minimize)",
             (double)e->fmax, e->prefix, (double)e->gtol);
  PetscCall(DWSystemGetSize(e->sys, &N));
  PetscCheck(e->k < 3 * N - 3, e->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-%smodes %" PetscInt_FMT " exceeds the 3N - 3 = %" PetscInt_FMT
             " vibrational modes (N = %" PetscInt_FMT ")",
             e->prefix, e->k, 3 * N - 3, N);
  e->setup = PETSC_TRUE;
  PetscFunctionReturn(0);
}

void DWElasticDerive(DWElasticResult *r)
{
  const PetscReal third = 1.0 / 3.0, L = PetscCbrtReal(r->V);
  PetscReal Cs = 0, Cbs = 0, Ck = 0, Cbk = 0;

  r->P   = -(r->sigma[0] + r->sigma[1] + r->sigma[2]) * third;
  r->rho = (PetscReal)r->N / r->V;
  for (int a = 3; a < 6; a++) Cs += r->C[7 * a] * third, Cbs += r->C_born[7 * a] * third;
  for (int a = 0; a < 3; a++)
    for (int b = 0; b < 3; b++) Ck += r->C[6 * a + b] / 9, Cbk += r->C_born[6 * a + b] / 9;
  r->G_xy   = r->C[35] + r->sigma[1];
  r->G_born = Cbs - r->P;
  r->G      = Cs - r->P;
  r->G_na   = r->G_born - r->G;
  r->K_born = Cbk + r->P * third;
  r->K      = Ck + r->P * third;
  r->K_na   = r->K_born - r->K;
  r->c_t    = r->G > 0 ? PetscSqrtReal(r->G / r->rho) : NAN;
  r->c_l    = r->K + 4 * r->G * third > 0 ? PetscSqrtReal((r->K + 4 * r->G * third) / r->rho) : NAN;
  r->omega_t = 2 * PETSC_PI * r->c_t / L;
  r->omega_D = PetscCbrtReal(18 * PETSC_PI * PETSC_PI * r->rho /
                             (2 / PetscPowReal(r->c_t, 3) + 1 / PetscPowReal(r->c_l, 3)));
}

/* The k lowest modes and A_4 below omega_t = 2 pi c_t / L (DWModesFitA4 with c_t). */
static PetscErrorCode FitA4(DWElastic e)
{
  DWElasticResult *r = &e->res;
  DWMinimizer min;
  DWSurface s;
  DWModesA4Fit fit;
  PetscReal *x, L;

  PetscFunctionBegin;
  r->nmodes  = e->k;
  r->omega_c = r->A4 = r->A4_err = r->A4_omegaD5 = NAN;
  r->n_fit                                       = 0;
  if (!e->k) PetscFunctionReturn(0);
  PetscCheck(r->c_t > 0, e->comm, PETSC_ERR_ARG_WRONG,
             "elastic: G = %g eps/sigma^3 is not positive: no omega_t for the A_4 fit",
             (double)r->G);
  PetscCall(DWSystemGetPositions(e->sys, &x));
  PetscCall(DWSystemGetBox(e->sys, &L));
  PetscCall(DWMinimizerCreate(e->comm, &min));
  PetscCall(DWSurfaceCreateParticles(e->sys, e->pot, min, &s));
  PetscCall(DWModesSetNumModes(e->modes, e->k));
  PetscCall(DWModesSetSurface(e->modes, s, x));
  PetscCall(DWModesSetPositions(e->modes, L, x));
  PetscCall(DWModesSetSystemBoxTilt(e->modes, e->sys));
  PetscCall(DWModesSetDOS(e->modes, 0, r->c_t, e->modes->dos_O_phonon, e->modes->dos_bins));
  PetscCall(DWModesSolve(e->modes));
  PetscCall(DWModesFitA4(e->modes, &fit));
  r->omega_c    = fit.omega_c;
  r->A4         = fit.A4;
  r->A4_err     = fit.A4_err;
  r->n_fit      = fit.n;
  r->A4_omegaD5 = fit.A4 * PetscPowReal(r->omega_D, 5);
  PetscCall(DWSurfaceDestroy(&s));
  PetscCall(DWMinimizerDestroy(&min));
  PetscFunctionReturn(0);
}

/* The strain-driven slopes of the AQS block (elasticaqs.c) on the same IS, when asked for. */
static PetscErrorCode AQS(DWElastic e)
{
  DWElasticResult *r = &e->res;

  PetscFunctionBegin;
  r->G_aqs = r->G_aqs_err = r->K_aqs = r->K_aqs_err = NAN;
  if (!e->aqs_steps) PetscFunctionReturn(0);
  PetscCall(DWElasticAQSShear(e->pot, e->sys, e->aqs_min, e->aqs_dgamma, e->aqs_steps, NULL,
                              &r->G_aqs, &r->G_aqs_err));
  PetscCall(DWElasticAQSBulk(e->pot, e->sys, e->aqs_min, e->aqs_deps, e->aqs_steps, NULL, &r->K_aqs,
                             &r->K_aqs_err));
  PetscFunctionReturn(0);
}

PetscErrorCode DWElasticSolve(DWElastic e)
{
  PetscFunctionBegin;
  PetscCall(DWElasticSetUp(e));
  PetscCall(DWElasticSolveMatrix(e));
  DWElasticDerive(&e->res);
  PetscCall(FitA4(e));
  PetscCall(AQS(e));
  e->solved = PETSC_TRUE;
  PetscFunctionReturn(0);
}

PetscErrorCode DWElasticGetResult(DWElastic e, DWElasticResult *res)
{
  PetscFunctionBegin;
  PetscCheck(e->solved, PETSC_COMM_SELF, PETSC_ERR_ORDER, "elastic: no solve yet (DWElasticSolve)");
  *res = e->res;
  PetscFunctionReturn(0);
}

PetscErrorCode DWElasticGetModes(DWElastic e, DWModes *modes)
{
  PetscFunctionBegin;
  *modes = e->modes;
  PetscFunctionReturn(0);
}

PetscErrorCode DWElasticView(DWElastic e, PetscViewer viewer)
{
  const DWElasticResult *r = &e->res;

  PetscFunctionBegin;
  if (!viewer) PetscCall(PetscViewerASCIIGetStdout(e->comm, &viewer));
  PetscCall(PetscViewerASCIIPrintf(viewer, "%smodes: %" PetscInt_FMT "\n", e->prefix, e->k));
  if (!e->solved) PetscFunctionReturn(0);
  PetscCall(PetscViewerASCIIPrintf(
      viewer,
      "elastic:  # JCP23 IV.C; C = C_Born - Xi H^+ Xi / V (Lutsko 1989, Lemaitre-Maloney 2006)\n"
      "  V: %.10g\n  rho: %.10g\n  P: %.10g\n"
      "  sigma: [%.8g, %.8g, %.8g, %.8g, %.8g, %.8g]  # xx yy zz yz xz xy\n"
      "  G: %.10g\n  G_born: %.10g\n  G_na: %.10g\n  K: %.10g\n  K_born: %.10g\n  K_na: %.10g\n"
      "  c_t: %.10g\n  c_l: %.10g\n  omega_t: %.10g\n  omega_D: %.10g\n  ksp_its: %" PetscInt_FMT
      "\n",
      (double)r->V, (double)r->rho, (double)r->P, (double)r->sigma[0], (double)r->sigma[1],
      (double)r->sigma[2], (double)r->sigma[3], (double)r->sigma[4], (double)r->sigma[5],
      (double)r->G, (double)r->G_born, (double)r->G_na, (double)r->K, (double)r->K_born,
      (double)r->K_na, (double)r->c_t, (double)r->c_l, (double)r->omega_t, (double)r->omega_D,
      r->ksp_its));
  PetscCall(PetscViewerASCIIPrintf(viewer, "  C_xyxy: %.10g\n  C_xxxx: %.10g\n  C_xxyy: %.10g\n",
                                   (double)r->C[35], (double)r->C[0], (double)r->C[1]));
  PetscCall(PetscViewerASCIIPrintf(viewer, "  G_xy: %.10g\n", (double)r->G_xy));
  if (e->aqs_steps)
    PetscCall(PetscViewerASCIIPrintf(
        viewer,
        "  aqs_steps: %" PetscInt_FMT
        "\n  G_aqs: %.10g\n  G_aqs_err: %.3e\n  K_aqs: %.10g\n  K_aqs_err: %.3e\n",
        e->aqs_steps, (double)r->G_aqs, (double)r->G_aqs_err, (double)r->K_aqs,
        (double)r->K_aqs_err));
  if (r->nmodes)
    PetscCall(PetscViewerASCIIPrintf(viewer,
                                     "  modes: %" PetscInt_FMT
                                     "\n  omega_c: %.10g\n  n_fit: %" PetscInt_FMT
                                     "\n  A_4: %.6e\n  A_4_err: %.6e\n  A_4_omega_D5: %.6e\n",
                                     r->nmodes, (double)r->omega_c, r->n_fit, (double)r->A4,
                                     (double)r->A4_err, (double)r->A4_omegaD5));
  PetscCall(PetscViewerASCIIPrintf(
      viewer, "  units: {V: sigma^3, rho: sigma^-3, P: eps/sigma^3, sigma: eps/sigma^3, G: "
              "eps/sigma^3, K: eps/sigma^3, C: eps/sigma^3, c: sigma/tau, omega: 1/tau, A_4: "
              "tau^5, A_4_omega_D5: 1}\n"));
  PetscFunctionReturn(0);
}
