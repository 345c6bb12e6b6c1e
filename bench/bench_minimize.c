/* bench_minimize: one minimisation of one configuration file with dwell's forces, for
   bench/minimize.sh. Every method below calls the same DWPotentialComputeEnergyForces(), so
   the comparison is between the algorithms only:
     -bench_method dwell    dwell's DWMinimizer (-min_type and the other -min_* options);
     -bench_method tao      PETSc TAO (-tao_type blmvm, bncg, ...; -tao_* options) on U(x) with
                            gradient -F, stopped by a convergence test |F|_inf <= -bench_ftol
                            (TAO's own tests are switched off: gatol = grtol = gttol = 0), or
                            after -bench_maxevals evaluations, or when -bench_stall evaluations
                            brought no 10% smaller |F|_inf (TAO's energy line searches stall
                            once the energy change drops below rounding); prints the first
                            evaluation with |F|_inf <= 1e-4, 1e-6, 1e-8, 1e-10;
     -bench_method server   an evaluation server for bench/minimize_scipy.py: reads 3N doubles
                            (positions) from stdin, writes U (eps) and the gradient -F (3N
                            doubles) to stdout, until end of input; then prints its CPU time;
     -bench_method convert  writes the configuration to -out (e.g. .data for LAMMPS);
     -bench_method agree    exploration-like starts: MD at -bench_T (Nose-Hoover, dt 0.005) from
                            the configuration, a start every -bench_tau tau (-bench_nstart of
                            them); each is minimised by L-BFGS (preconditioners none, hessian,
                            newton), CG and FIRE, and the IS are compared pairwise: the same IS
                            when no coordinate differs by more than 1e-4 sigma (the displacement
                            tolerance of the IS library); prints the fraction of starts on which
                            each pair of methods agrees and the mean force evaluations.
   Prints YAML: force_evaluations, iterations, energy_per_particle, max_force_component,
   converged, cpu_time (CPU seconds of the minimisation, CLOCK_PROCESS_CPUTIME_ID, not
   disturbed by other jobs on a shared machine) and wall_time. Serial. */
#include <dwell/dwell.h>
#include <petsctao.h>
#include <petsctime.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#define NTOL 4
static const PetscReal Tol[NTOL] = {1e-4, 1e-6, 1e-8, 1e-10};

typedef struct {
  DWSystem sys;
  DWPotential pot;
  DWNeighborList nl;
  PetscInt N, nevals, maxevals, stall, improved;
  PetscReal ftol, fmax, U, fbest;
  PetscInt first[NTOL]; /* the first evaluation with |F|_inf <= Tol[k] (0: none yet) */
} Ctx;

static PetscLogDouble CPUSeconds(void)
{
  struct timespec t;
  if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)) return 0;
  return (PetscLogDouble)t.tv_sec + 1e-9 * (PetscLogDouble)t.tv_nsec;
}

static PetscReal NormInf(PetscInt n, const PetscReal a[])
{
  PetscReal m = 0;
  for (PetscInt k = 0; k < n; k++) m = PetscMax(m, PetscAbsReal(a[k]));
  return m;
}

/* U and gradient g = -F at positions xin (3N). */
static PetscErrorCode Evaluate(Ctx *c, const PetscReal xin[], PetscReal *U, PetscReal g[])
{
  PetscReal *x;

  PetscFunctionBegin;
  PetscCall(DWSystemGetPositions(c->sys, &x));
  PetscCall(PetscArraycpy(x, xin, 3 * c->N));
  PetscCall(DWPotentialComputeEnergyForces(c->pot, c->sys, c->nl, U, g, NULL, NULL));
  for (PetscInt k = 0; k < 3 * c->N; k++) g[k] = -g[k];
  c->nevals++;
  c->fmax = NormInf(3 * c->N, g);
  c->U    = *U;
  for (int k = 0; k < NTOL; k++)
    if (!c->first[k] && c->fmax <= Tol[k]) c->first[k] = c->nevals;
  if (!(c->fmax >= 0.9 * c->fbest)) { /* a 10% improvement of the best |F|_inf */
    c->fbest    = c->fmax;
    c->improved = c->nevals;
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode TaoObjGrad(Tao tao, Vec X, PetscReal *U, Vec G, void *ctx)
{
  const PetscScalar *x;
  PetscScalar *g;

  PetscFunctionBegin;
  PetscCall(VecGetArrayRead(X, &x));
  PetscCall(VecGetArray(G, &g));
  PetscCall(Evaluate((Ctx *)ctx, x, U, g));
  PetscCall(VecRestoreArray(G, &g));
  PetscCall(VecRestoreArrayRead(X, &x));
  PetscFunctionReturn(0);
}

/* Converged when the last evaluated gradient has |F|_inf <= ftol (TAO evaluates at the
   accepted point last). */
static PetscErrorCode TaoConverged(Tao tao, void *ctx)
{
  Ctx *c = (Ctx *)ctx;
  PetscInt its, maxit;

  PetscFunctionBegin;
  PetscCall(TaoGetIterationNumber(tao, &its));
  PetscCall(TaoGetMaximumIterations(tao, &maxit));
  if (c->fmax <= c->ftol)
    PetscCall(TaoSetConvergedReason(tao, TAO_CONVERGED_USER));
  else if (its >= maxit || c->nevals >= c->maxevals || c->nevals - c->improved > c->stall)
    PetscCall(TaoSetConvergedReason(tao, TAO_DIVERGED_MAXITS));
  else
    PetscCall(TaoSetConvergedReason(tao, TAO_CONTINUE_ITERATING));
  PetscFunctionReturn(0);
}

static PetscErrorCode RunTao(Ctx *c, PetscInt *its, PetscBool *converged)
{
  Tao tao;
  Vec X;
  PetscReal *x;
  PetscScalar *xv;
  TaoConvergedReason reason;

  PetscFunctionBegin;
  PetscCall(DWSystemGetPositions(c->sys, &x));
  PetscCall(VecCreateSeq(PETSC_COMM_SELF, 3 * c->N, &X));
  PetscCall(VecGetArray(X, &xv));
  PetscCall(PetscArraycpy(xv, x, 3 * c->N));
  PetscCall(VecRestoreArray(X, &xv));
  PetscCall(TaoCreate(PETSC_COMM_SELF, &tao));
  PetscCall(TaoSetType(tao, TAOBLMVM));
  PetscCall(TaoSetSolution(tao, X));
  PetscCall(TaoSetObjectiveAndGradient(tao, NULL, TaoObjGrad, c));
  PetscCall(TaoSetTolerances(tao, 0, 0, 0));
  PetscCall(TaoSetMaximumIterations(tao, 100000));
  PetscCall(TaoSetMaximumFunctionEvaluations(tao, 1000000));
  PetscCall(TaoSetConvergenceTest(tao, TaoConverged, c));
  PetscCall(TaoSetFromOptions(tao));
  PetscCall(TaoSolve(tao));
  PetscCall(TaoGetIterationNumber(tao, its));
  PetscCall(TaoGetConvergedReason(tao, &reason));
  *converged = (PetscBool)(reason == TAO_CONVERGED_USER && c->fmax <= c->ftol);
  PetscCall(TaoDestroy(&tao));
  PetscCall(VecDestroy(&X));
  PetscFunctionReturn(0);
}

static PetscErrorCode RunDwell(Ctx *c, PetscInt *its, PetscBool *converged)
{
  DWMinimizer min;
  DWMinimizerResult res;

  PetscFunctionBegin;
  PetscCall(DWMinimizerCreate(PETSC_COMM_SELF, &min));
  PetscCall(DWMinimizerSetFromOptions(min));
  PetscCall(DWMinimizerSolve(min, c->sys, c->pot, c->nl, &res));
  PetscCall(DWMinimizerDestroy(&min));
  *its       = res.iterations;
  *converged = (PetscBool)(res.reason == DW_MIN_CONVERGED);
  c->nevals  = res.force_evaluations;
  c->fmax    = res.fmax;
  c->U       = res.energy * c->N;
  PetscFunctionReturn(0);
}

#define NAGREE 5
static const char *const AgreeName[NAGREE] = {"lbfgs", "lbfgs-hessian", "lbfgs-newton", "cg",
                                              "fire"};

/* The starts of -bench_method agree and the pairwise agreement of their IS. */
static PetscErrorCode Agree(Ctx *c, PetscReal T, PetscReal tau, PetscInt nstart)
{
  DWMD md;
  DWRng rng;
  DWMinimizer min[NAGREE];
  DWSystem copy[NAGREE];
  PetscInt same[NAGREE][NAGREE] = {{0}}, fe[NAGREE] = {0};
  PetscReal *x[NAGREE];

  PetscFunctionBegin;
  PetscCall(DWMDCreate(PETSC_COMM_SELF, &md));
  PetscCall(DWMDSetSystem(md, c->sys, c->pot, c->nl));
  PetscCall(DWMDSetThermostat(md, DWMD_NOSEHOOVER));
  PetscCall(DWMDSetTemperature(md, T));
  DWRngInit(&rng, 7, DW_STAGE_TEST, 0, 0);
  PetscCall(DWMDSetRng(md, &rng));
  PetscCall(DWMDSetUp(md));
  PetscCall(DWMDDrawVelocities(md, T, PETSC_TRUE));
  for (int a = 0; a < NAGREE; a++) {
    PetscCall(DWMinimizerCreate(PETSC_COMM_SELF, &min[a]));
    PetscCall(DWMinimizerSetFromOptions(min[a]));
    PetscCall(DWMinimizerSetType(min[a], a < 3    ? DWMINIMIZER_LBFGS
                                         : a == 3 ? DWMINIMIZER_CG
                                                  : DWMINIMIZER_FIRE));
    PetscCall(DWMinimizerLBFGSSetPreconditioner(min[a], a == 1   ? "hessian"
                                                        : a == 2 ? "newton"
                                                                 : "none"));
  }
  for (PetscInt k = 0; k < nstart; k++) {
    PetscReal dt;
    PetscCall(DWMDGetTimeStep(md, &dt));
    PetscCall(DWMDStep(md, (PetscInt)(tau / dt + 0.5)));
    for (int a = 0; a < NAGREE; a++) {
      DWMinimizerResult res;
      DWNeighborList nl;
      PetscCall(DWSystemDuplicate(c->sys, &copy[a]));
      PetscCall(DWNeighborListCreate(PETSC_COMM_SELF, &nl));
      PetscCall(DWMinimizerSolve(min[a], copy[a], c->pot, nl, &res));
      PetscCall(DWNeighborListDestroy(&nl));
      PetscCheck(res.reason == DW_MIN_CONVERGED, PETSC_COMM_SELF, PETSC_ERR_NOT_CONVERGED,
                 "agree: %s did not converge", AgreeName[a]);
      fe[a] += res.force_evaluations;
      PetscCall(DWSystemGetPositions(copy[a], &x[a]));
    }
    for (int a = 0; a < NAGREE; a++)
      for (int b = 0; b < NAGREE; b++) {
        PetscReal dmax = 0;
        for (PetscInt q = 0; q < 3 * c->N; q++)
          dmax = PetscMax(dmax, PetscAbsReal(x[a][q] - x[b][q]));
        same[a][b] += dmax <= 1e-4;
      }
    for (int a = 0; a < NAGREE; a++) PetscCall(DWSystemDestroy(&copy[a]));
  }
  PetscCall(PetscPrintf(
      PETSC_COMM_SELF,
      "starts: %" PetscInt_FMT "\nagreement: # fraction of starts with the same IS\n", nstart));
  for (int a = 0; a < NAGREE; a++)
    for (int b = a + 1; b < NAGREE; b++)
      PetscCall(PetscPrintf(PETSC_COMM_SELF, "  %s/%s: %.3f\n", AgreeName[a], AgreeName[b],
                            (double)same[a][b] / nstart));
  PetscCall(PetscPrintf(PETSC_COMM_SELF, "mean_force_evaluations:\n"));
  for (int a = 0; a < NAGREE; a++)
    PetscCall(PetscPrintf(PETSC_COMM_SELF, "  %s: %.1f\n", AgreeName[a], (double)fe[a] / nstart));
  for (int a = 0; a < NAGREE; a++) PetscCall(DWMinimizerDestroy(&min[a]));
  PetscCall(DWMDDestroy(&md));
  PetscFunctionReturn(0);
}

/* Binary protocol of the scipy driver: first N (int64) and the 3N start positions out; then
   repeatedly 3N doubles in, U and 3N gradient doubles out. */
static PetscErrorCode Serve(Ctx *c)
{
  const size_t n  = (size_t)(3 * c->N);
  const int64_t N = c->N;
  PetscReal *x, *g, *x0, U;

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(n, &x, n, &g));
  PetscCall(DWSystemGetPositions(c->sys, &x0));
  PetscCheck(fwrite(&N, sizeof(N), 1, stdout) == 1 &&
                 fwrite(x0, sizeof(PetscReal), n, stdout) == n && fflush(stdout) == 0,
             PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "bench_minimize: cannot write to stdout");
  while (fread(x, sizeof(PetscReal), n, stdin) == n) {
    PetscCall(Evaluate(c, x, &U, g));
    PetscCheck(fwrite(&U, sizeof(U), 1, stdout) == 1 &&
                   fwrite(g, sizeof(PetscReal), n, stdout) == n && fflush(stdout) == 0,
               PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "bench_minimize: cannot write to stdout");
  }
  PetscCall(PetscFree2(x, g));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  char in[PETSC_MAX_PATH_LEN] = "", out[PETSC_MAX_PATH_LEN] = "", method[16] = "dwell";
  Ctx c        = {.ftol = 1e-10, .maxevals = 20000, .stall = 1000, .fbest = PETSC_MAX_REAL};
  PetscInt its = 0;
  PetscBool set, converged = PETSC_FALSE, isdwell, istao, isserver, isconvert, isagree;
  PetscReal T = 0.04, tau = 1;
  PetscInt nstart = 10;
  PetscLogDouble c0, c1, t0, t1;

  PetscCall(PetscInitialize(
      &argc, &argv, NULL,
      "bench_minimize -model NAME -in FILE -bench_method dwell|tao|server|convert"));
  PetscOptionsBegin(PETSC_COMM_WORLD, NULL, "bench_minimize: one minimisation", NULL);
  PetscCall(PetscOptionsString("-in", "configuration (.data, .xyz, .h5)", NULL, in, in, sizeof(in),
                               &set));
  PetscCall(PetscOptionsString("-out", "convert: output file", NULL, out, out, sizeof(out), NULL));
  PetscCall(PetscOptionsString("-bench_method", "dwell, tao, server, convert", NULL, method, method,
                               sizeof(method), NULL));
  PetscCall(PetscOptionsReal("-bench_ftol", "tao: |F|_inf tolerance (eps/sigma)", NULL, c.ftol,
                             &c.ftol, NULL));
  PetscCall(PetscOptionsInt("-bench_maxevals", "tao: force evaluation cap", NULL, c.maxevals,
                            &c.maxevals, NULL));
  PetscCall(PetscOptionsInt("-bench_stall",
                            "tao: stop after this many evaluations without a 10% smaller |F|_inf",
                            NULL, c.stall, &c.stall, NULL));
  PetscCall(PetscOptionsReal("-bench_T", "agree: MD temperature", NULL, T, &T, NULL));
  PetscCall(
      PetscOptionsReal("-bench_tau", "agree: time between starts (tau)", NULL, tau, &tau, NULL));
  PetscCall(
      PetscOptionsInt("-bench_nstart", "agree: number of starts", NULL, nstart, &nstart, NULL));
  PetscOptionsEnd();
  PetscCheck(set, PETSC_COMM_WORLD, PETSC_ERR_ARG_NULL, "missing required option -in");
  PetscCall(PetscStrcmp(method, "dwell", &isdwell));
  PetscCall(PetscStrcmp(method, "tao", &istao));
  PetscCall(PetscStrcmp(method, "server", &isserver));
  PetscCall(PetscStrcmp(method, "convert", &isconvert));
  PetscCall(PetscStrcmp(method, "agree", &isagree));
  PetscCheck(isdwell || istao || isserver || isconvert || isagree, PETSC_COMM_WORLD,
             PETSC_ERR_ARG_OUTOFRANGE,
             "-bench_method %s: not one of dwell, tao, server, convert, agree", method);

  PetscCall(DWSystemLoad(PETSC_COMM_WORLD, in, &c.sys));
  PetscCall(DWSystemGetSize(c.sys, &c.N));
  if (isconvert) {
    PetscCall(DWSystemSave(c.sys, out));
    PetscCall(DWSystemDestroy(&c.sys));
    PetscCall(PetscFinalize());
    return 0;
  }
  PetscCall(DWPotentialCreate(PETSC_COMM_WORLD, &c.pot));
  PetscCall(DWPotentialSetFromOptions(c.pot));
  PetscCall(DWPotentialSetUp(c.pot, c.sys));
  PetscCall(DWNeighborListCreate(PETSC_COMM_WORLD, &c.nl));
  PetscCall(DWNeighborListSetFromOptions(c.nl));

  c0 = CPUSeconds();
  PetscCall(PetscTime(&t0));
  if (isagree) {
    PetscCall(Agree(&c, T, tau, nstart));
    PetscCall(DWNeighborListDestroy(&c.nl));
    PetscCall(DWPotentialDestroy(&c.pot));
    PetscCall(DWSystemDestroy(&c.sys));
    PetscCall(PetscFinalize());
    return 0;
  }
  if (isserver)
    PetscCall(Serve(&c));
  else if (istao)
    PetscCall(RunTao(&c, &its, &converged));
  else
    PetscCall(RunDwell(&c, &its, &converged));
  PetscCall(PetscTime(&t1));
  c1 = CPUSeconds();
  if (isserver) {
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, stderr,
                           "server_cpu_time: %.6f\nserver_evaluations: %" PetscInt_FMT "\n",
                           c1 - c0, c.nevals));
  } else {
    PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                          "method: %s\nforce_evaluations: %" PetscInt_FMT
                          "\niterations: %" PetscInt_FMT
                          "\nenergy_per_particle: %.15f\nmax_force_component: %.3e\nconverged: %d\n"
                          "cpu_time: %.4f\nwall_time: %.4f\n",
                          method, c.nevals, its, (double)(c.U / c.N), (double)c.fmax,
                          (int)converged, c1 - c0, t1 - t0));
    if (istao)
      PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                            "evaluations_to_1e-4_1e-6_1e-8_1e-10: [%" PetscInt_FMT
                            ", %" PetscInt_FMT ", %" PetscInt_FMT ", %" PetscInt_FMT "]\n",
                            c.first[0], c.first[1], c.first[2], c.first[3]));
    if (out[0]) PetscCall(DWSystemSave(c.sys, out));
  }
  PetscCall(DWNeighborListDestroy(&c.nl));
  PetscCall(DWPotentialDestroy(&c.pot));
  PetscCall(DWSystemDestroy(&c.sys));
  PetscCall(PetscFinalize());
  return 0;
}
