/* Minimum energy paths on the Mueller-Brown surface (neb_surfaces.h), whose stationary
   points are known.

   1. The stationary points refined by Newton's method on the exact gradient agree with the
      quoted values (Mueller and Brown 1979, as tabulated e.g. in the benchmark notes of
      H. Heidenreich, "Mueller-Brown potential"): positions to 6e-4 (quoted to 3 decimals,
      rounding 5e-4) and energies to 6e-3 (quoted to 2 decimals). These refined points are
      the references below.
   2. For each method (-neb_type ci and string, both with the climbing image), the pairs
      MA-MC and MC-MB give one double well each whose saddle image is the saddle S1 (S2) to
      1e-6 in position and whose V_a + E_a is its energy to 1e-8: the climbing image
      converges to |F_c|_inf <= ftol = 1e-9, and near a saddle with curvatures |lambda| ~ 1e2-1e3
      the distance is ~ ftol / |lambda| and the energy error ~ ftol^2 / |lambda|; the end
      points are the minima to 1e-8 (FIRE to |grad V|_inf <= 1e-10).
   3. MA-MB passes through MC: the path is split once into the two double wells of 2, with
      the right energies (same tolerances).
   4. The string method and CI-NEB agree on V_a of every double well to 1e-8.
   5. Saddle check (SLEPc on the finite-difference Hessian): S1 has exactly one negative
      eigenvalue; the lowest equals the exact one to 1e-4 relative (central differences,
      h = 1e-5). omega_TS^2 = |V''(s)| of the path spline at the saddle equals |lambda_1|
      (the MEP leaves a saddle along the unstable mode) to 3%, and omega_1^2 at MA the
      softest curvature there to 10%: the cubic spline's second derivative is O(h^2)
      accurate inside and O(h) at a clamped end, with h = d / (M - 1) ~ 0.03.
   Run with -neb_optimizer lbfgs (tests/neb.cmake) the same checks hold for the L-BFGS band
   optimiser: its saddles are those of FIRE to 2e-6 in position and 2e-8 in energy. */
#include "testutil.h"
#include "neb_surfaces.h"

typedef struct {
  const char *name;
  PetscReal x[2], E;
} Point;

enum { MA, MC, MB, S1, S2 };

static Point lit[5] = {{"MA", {-0.558, 1.442}, -146.70},
                       {"MC", {-0.050, 0.467}, -80.77},
                       {"MB", {0.623, 0.028}, -108.17},
                       {"S1", {-0.822, 0.624}, -40.66},
                       {"S2", {0.212, 0.293}, -72.25}};

static Point ref[5];

/* Sets an option unless the command line gave it. */
static PetscErrorCode TestOptionDefault(const char name[], const char value[])
{
  PetscBool set;

  PetscFunctionBegin;
  PetscCall(PetscOptionsHasName(NULL, NULL, name, &set));
  if (!set) PetscCall(PetscOptionsSetValue(NULL, name, value));
  PetscFunctionReturn(0);
}

static void CheckReferences(MPI_Comm comm)
{
  char what[128];
  for (int k = 0; k < 5; k++) {
    ref[k] = lit[k];
    TestNewton(MuellerBrown, ref[k].x, &ref[k].E);
    snprintf(what, sizeof(what), "%s: Newton point vs quoted position", lit[k].name);
    DWTestLE(
        comm, what,
        PetscMax(PetscAbsReal(ref[k].x[0] - lit[k].x[0]), PetscAbsReal(ref[k].x[1] - lit[k].x[1])),
        6e-4);
    snprintf(what, sizeof(what), "%s: Newton energy vs quoted energy", lit[k].name);
    DWTestLE(comm, what, PetscAbsReal(ref[k].E - lit[k].E), 6e-3);
  }
}

/* Checks one record against minima ia (the deeper), ib and saddle is. */
static void CheckRecord(MPI_Comm comm, const char *label, const DWDoubleWell *dw, int ia, int ib,
                        int is)
{
  char what[160];
  snprintf(what, sizeof(what), "%s %s-%s: E_a - E(%s)", label, ref[ia].name, ref[ib].name,
           ref[ia].name);
  DWTestLE(comm, what, PetscAbsReal(dw->E_a - ref[ia].E), 1e-8);
  snprintf(what, sizeof(what), "%s %s-%s: E_b - E(%s)", label, ref[ia].name, ref[ib].name,
           ref[ib].name);
  DWTestLE(comm, what, PetscAbsReal(dw->E_b - ref[ib].E), 1e-8);
  snprintf(what, sizeof(what), "%s %s-%s: E_a + V_a - E(%s)", label, ref[ia].name, ref[ib].name,
           ref[is].name);
  DWTestLE(comm, what, PetscAbsReal(dw->E_a + dw->V_a - ref[is].E), 1e-8);
  snprintf(what, sizeof(what), "%s %s-%s: |x_TS - %s|_inf", label, ref[ia].name, ref[ib].name,
           ref[is].name);
  DWTestLE(
      comm, what,
      PetscMax(PetscAbsReal(dw->x_TS[0] - ref[is].x[0]), PetscAbsReal(dw->x_TS[1] - ref[is].x[1])),
      1e-6);
  snprintf(what, sizeof(what), "%s %s-%s: converged, climbed, V_b = V_a - dV/2", label,
           ref[ia].name, ref[ib].name);
  DWTestTrue(comm, what,
             dw->converged && dw->climbed &&
                 PetscAbsReal(dw->V_b - (dw->V_a - dw->dV / 2)) < 1e-12);
}

static PetscErrorCode Solve(DWNEB neb, int a, int b, DWNEBResult *res, DWDoubleWell **rec)
{
  PetscInt n;

  PetscFunctionBegin;
  PetscCall(DWNEBSolve(neb, lit[a].x, lit[b].x, res));
  PetscCall(DWNEBGetRecords(neb, &n, rec));
  PetscFunctionReturn(0);
}

/* Runs the three pairs with one method; V_a of MA-MC, MC-MB returned for the comparison. */
static PetscErrorCode RunMethod(MPI_Comm comm, DWSurface s, DWNEBType type, PetscReal Va[2],
                                DWDoubleWell *saddle)
{
  DWNEB neb;
  DWNEBResult res;
  DWDoubleWell *rec;
  char label[32];

  PetscFunctionBegin;
  PetscCall(DWNEBCreate(comm, &neb));
  PetscCall(DWNEBSetType(neb, type));
  PetscCall(DWNEBSetTolerances(neb, 1e-9, 1e-2, 100000));
  PetscCall(DWNEBSetFromOptions(neb));
  PetscCall(DWNEBSetSurface(neb, s));
  snprintf(label, sizeof(label), "%s", type);

  PetscCall(Solve(neb, MA, MC, &res, &rec));
  PetscCall(PetscPrintf(comm,
                        "     %s MA-MC: %s, %" PetscInt_FMT " record(s), %" PetscInt_FMT
                        " iterations, %" PetscInt_FMT " evaluations\n",
                        type, DWNEBReasonName(res.reason), res.nrecords, res.iterations,
                        res.force_evaluations));
  DWTestTrue(comm, "MA-MC: one double well, no split",
             res.reason == DW_NEB_CONVERGED && res.nrecords == 1 && res.nsplits == 0);
  if (res.nrecords == 1) {
    CheckRecord(comm, label, &rec[0], MA, MC, S1);
    Va[0] = rec[0].V_a;
    if (saddle) PetscCall(DWDoubleWellCopy(&rec[0], saddle));
  }

  PetscCall(Solve(neb, MC, MB, &res, &rec));
  PetscCall(PetscPrintf(
      comm, "     %s MC-MB: %s, %" PetscInt_FMT " record(s), %" PetscInt_FMT " iterations\n", type,
      DWNEBReasonName(res.reason), res.nrecords, res.iterations));
  DWTestTrue(comm, "MC-MB: one double well, no split",
             res.reason == DW_NEB_CONVERGED && res.nrecords == 1 && res.nsplits == 0);
  if (res.nrecords == 1) {
    CheckRecord(comm, label, &rec[0], MB, MC, S2);
    Va[1] = rec[0].V_a;
  }

  PetscCall(Solve(neb, MA, MB, &res, &rec));
  PetscCall(PetscPrintf(comm,
                        "     %s MA-MB: %s, %" PetscInt_FMT " record(s), %" PetscInt_FMT
                        " split(s), %" PetscInt_FMT " IS\n",
                        type, DWNEBReasonName(res.reason), res.nrecords, res.nsplits, res.nis));
  DWTestTrue(comm, "MA-MB: split once at MC into two double wells",
             res.reason == DW_NEB_CONVERGED && res.nrecords == 2 && res.nsplits == 1 &&
                 res.nis == 3);
  if (res.nrecords == 2) {
    const int first = rec[0].E_a < rec[1].E_a ? 0 : 1;
    CheckRecord(comm, label, &rec[first], MA, MC, S1);
    CheckRecord(comm, label, &rec[1 - first], MB, MC, S2);
  }
  PetscCall(DWNEBDestroy(&neb));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckSaddle(MPI_Comm comm, DWSurface s, DWDoubleWell *dw)
{
  const PetscReal l1   = TestLowestEigenvalue(MuellerBrown, ref[S1].x),
                  lmin = TestLowestEigenvalue(MuellerBrown, ref[MA].x);

  PetscFunctionBegin;
  PetscCall(DWDoubleWellCheckSaddle(s, dw, 1e-6, 1e-8));
  PetscCall(PetscPrintf(comm,
                        "     S1: lambda = %.6f, %.6f (exact lowest %.6f); omega_TS %.5f (spline) "
                        "vs %.5f (Hessian); omega_1 %.5f vs sqrt(lambda_min(MA)) %.5f\n",
                        (double)dw->saddle_lambda[0], (double)dw->saddle_lambda[1], (double)l1,
                        (double)dw->omega_TS, (double)PetscSqrtReal(-l1), (double)dw->omega_1,
                        (double)PetscSqrtReal(lmin)));
  DWTestTrue(comm, "S1: one negative Hessian eigenvalue, |grad V| <= 1e-6 (first order)",
             dw->saddle_first_order && dw->saddle_nneg == 1);
  DWTestLE(comm, "S1: lowest eigenvalue (SLEPc, FD Hessian) vs exact, relative",
           PetscAbsReal(dw->saddle_lambda[0] - l1) / PetscAbsReal(l1), 1e-4);
  DWTestLE(comm, "S1: omega_TS^2 (path spline) vs |lambda_1|, relative",
           PetscAbsReal(dw->omega_TS * dw->omega_TS + l1) / PetscAbsReal(l1), 3e-2);
  DWTestLE(comm, "MA: omega_1^2 (path spline) vs lambda_min(MA), relative",
           PetscAbsReal(dw->omega_1 * dw->omega_1 - lmin) / lmin, 1e-1);
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  MPI_Comm comm;
  DWSurface s;
  DWDoubleWell saddle;
  PetscReal Va_ci[2] = {0, 0}, Va_string[2] = {0, 0};

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_SELF;
  PetscCall(TestOptionDefault("-neb_fire_dt", "1e-3"));
  PetscCall(TestOptionDefault("-neb_maxstep", "0.01"));
  PetscCall(TestOptionDefault("-neb_spring", "100"));
  CheckReferences(comm);
  PetscCall(TestSurfaceCreate(comm, MuellerBrown, &s));
  PetscCall(RunMethod(comm, s, DWNEB_CI, Va_ci, &saddle));
  PetscCall(RunMethod(comm, s, DWNEB_STRING, Va_string, NULL));
  DWTestLE(comm, "MA-MC: |V_a(ci) - V_a(string)|", PetscAbsReal(Va_ci[0] - Va_string[0]), 1e-8);
  DWTestLE(comm, "MC-MB: |V_a(ci) - V_a(string)|", PetscAbsReal(Va_ci[1] - Va_string[1]), 1e-8);
  PetscCall(CheckSaddle(comm, s, &saddle));
  PetscCall(DWDoubleWellReset(&saddle));
  PetscCall(DWSurfaceDestroy(&s));
  int status = DWTestFinish(comm);
  PetscCall(PetscFinalize());
  return status;
}
