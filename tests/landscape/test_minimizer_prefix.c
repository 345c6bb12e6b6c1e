/* Options prefixes of DWMinimizer the PETSc way (issue 14): three minimisers read their
   options under their own prefixes from one command line (the ctest sets -min_type cg
   -min_ftol 1e-8, -is_type fire -is_ftol 1e-6 -is_maxit 777, -pull_lbfgs_m 3 -pull_ftol 1e-9
   -pull_lbfgs_precond exp -pull_precond_ksp_type cg): the default "min_" one, "is_" and
   "pull_" made by Set "pu" then Append "ll_". Each must report its own type and tolerances
   (exact: they are parsed from the same decimal strings), and minimising one random pss
   configuration with each must stop by its own settings: converged to its own |F|_inf
   tolerance in fewer than its maxit iterations, or stopped at exactly its maxit (is_: FIRE
   needs more than 777 iterations here, which shows -is_maxit applied). An option under a
   prefix nobody has (-none_type) is left unused. */
#include "testutil.h"

static PetscErrorCode Make(MPI_Comm comm, const char set[], const char append[], DWMinimizer *min)
{
  PetscFunctionBegin;
  PetscCall(DWMinimizerCreate(comm, min));
  if (set) PetscCall(DWMinimizerSetOptionsPrefix(*min, set));
  if (append) PetscCall(DWMinimizerAppendOptionsPrefix(*min, append));
  PetscCall(DWMinimizerSetFromOptions(*min));
  PetscFunctionReturn(0);
}

static PetscErrorCode Expect(MPI_Comm comm, DWMinimizer min, const char prefix[],
                             DWMinimizerType type, PetscReal ftol, PetscInt maxit)
{
  const char *p;
  DWMinimizerType t;
  PetscReal f;
  PetscInt m;
  PetscBool same_p, same_t;
  char what[160];

  PetscFunctionBegin;
  PetscCall(DWMinimizerGetOptionsPrefix(min, &p));
  PetscCall(DWMinimizerGetType(min, &t));
  PetscCall(DWMinimizerGetTolerances(min, &f, &m));
  PetscCall(PetscStrcmp(p, prefix, &same_p));
  PetscCall(PetscStrcmp(t, type, &same_t));
  PetscCall(PetscSNPrintf(what, sizeof(what),
                          "prefix %s: type %s, ftol %g, maxit %" PetscInt_FMT
                          " (expected %s, %g, %" PetscInt_FMT ")",
                          p, t, (double)f, m, type, (double)ftol, maxit));
  DWTestTrue(comm, what, same_p && same_t && f == ftol && m == maxit);
  PetscFunctionReturn(0);
}

static PetscErrorCode Minimise(MPI_Comm comm, DWMinimizer min, const char name[], PetscReal ftol,
                               PetscInt maxit)
{
  DWPotential pot;
  DWSystem sys;
  DWNeighborList nl;
  DWMinimizerResult res;
  char what[128];

  PetscFunctionBegin;
  PetscCall(DWTestRandomSystem(comm, "pss", 200, 3, &pot, &sys));
  PetscCall(DWNeighborListCreate(comm, &nl));
  PetscCall(DWMinimizerSolve(min, sys, pot, nl, &res));
  PetscCall(PetscSNPrintf(what, sizeof(what),
                          "%s: |F|_inf %.3e (ftol %g) after %" PetscInt_FMT
                          " iterations (maxit %" PetscInt_FMT "): %s",
                          name, (double)res.fmax, (double)ftol, res.iterations, maxit,
                          DWMinimizerReasonName(res.reason)));
  DWTestTrue(comm, what,
             (res.reason == DW_MIN_CONVERGED && res.fmax <= ftol && res.iterations < maxit) ||
                 (res.reason == DW_MIN_DIVERGED_MAXIT && res.iterations == maxit));
  PetscCall(DWNeighborListDestroy(&nl));
  PetscCall(DWSystemDestroy(&sys));
  PetscCall(DWPotentialDestroy(&pot));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  MPI_Comm comm;
  DWMinimizer def, is, pull;
  PetscBool used;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_WORLD;
  PetscCall(Make(comm, NULL, NULL, &def));
  PetscCall(Make(comm, "is_", NULL, &is));
  PetscCall(Make(comm, "pu", "ll_", &pull));
  PetscCall(Expect(comm, def, "min_", DWMINIMIZER_CG, 1e-8, 100000));
  PetscCall(Expect(comm, is, "is_", DWMINIMIZER_FIRE, 1e-6, 777));
  PetscCall(Expect(comm, pull, "pull_", DWMINIMIZER_LBFGS, 1e-9, 100000));
  PetscCall(Minimise(comm, def, "min_ (cg)", 1e-8, 100000));
  PetscCall(Minimise(comm, is, "is_ (fire)", 1e-6, 777));
  PetscCall(Minimise(comm, pull, "pull_ (lbfgs, exp preconditioner)", 1e-9, 100000));
  PetscCall(PetscOptionsUsed(NULL, "pull_precond_ksp_type", &used));
  DWTestTrue(comm, "the preconditioner's KSP read -pull_precond_ksp_type", used);
  PetscCall(PetscOptionsUsed(NULL, "none_type", &used));
  DWTestTrue(comm, "-none_type is read by no minimiser", !used);
  PetscCall(DWMinimizerDestroy(&pull));
  PetscCall(DWMinimizerDestroy(&is));
  PetscCall(DWMinimizerDestroy(&def));
  int rc = DWTestFinish(comm);
  PetscCall(PetscFinalize());
  return rc;
}
