/* bench_elastic: the AQS moduli of one configuration (include/dwell/elastic.h; [JCP23] IV.C,
   eq. 17) for bench/elastic.sh. Minimises -in with -min_* first (an inherent structure), then
   runs DWElasticAQSShear (-bench_dgamma, -bench_nsteps) and DWElasticAQSBulk (-bench_deps,
   same number of steps) and prints YAML: G and K with their fit errors (eps/sigma^3), the
   stress-strain curves, and the CPU and wall times of each (CLOCK_PROCESS_CPUTIME_ID: not
   disturbed by other jobs on a shared machine). Serial. */
#include <dwell/dwell.h>
#include <petsctime.h>
#include <time.h>

static double CPUTime(void)
{
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

typedef PetscErrorCode (*AQSFn)(DWPotential, DWSystem, DWMinimizer, PetscReal, PetscInt,
                                PetscReal[], PetscReal *, PetscReal *);

static PetscErrorCode RunOne(const char name[], const char curve[], AQSFn fn, DWPotential pot,
                             DWSystem sys, DWMinimizer min, PetscReal step, PetscInt nsteps)
{
  PetscReal M, M_err, *s;
  PetscLogDouble w0, w1;
  double c0;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(nsteps + 1, &s));
  PetscCall(PetscTime(&w0));
  c0 = CPUTime();
  PetscCall(fn(pot, sys, min, step, nsteps, s, &M, &M_err));
  const double cpu = CPUTime() - c0;
  PetscCall(PetscTime(&w1));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "%s: %.10g\n%s_err: %.3g\n%s_step: %g\n%s: [", name,
                        (double)M, name, (double)M_err, name, (double)step, curve));
  for (PetscInt k = 0; k <= nsteps; k++)
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "%.10g%s", (double)s[k], k < nsteps ? ", " : "]\n"));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "%s_cpu_time: %.3f\n%s_wall_time: %.3f\n", name, cpu,
                        name, (double)(w1 - w0)));
  PetscCall(PetscFree(s));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  char in[PETSC_MAX_PATH_LEN] = "";
  DWPotential pot;
  DWSystem sys;
  DWNeighborList nl;
  DWMinimizer min;
  DWMinimizerResult res;
  PetscReal dgamma = 1e-4, deps = 1e-4;
  PetscInt nsteps = 10, N;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-in", in, sizeof(in), NULL));
  PetscCall(PetscOptionsGetReal(NULL, NULL, "-bench_dgamma", &dgamma, NULL));
  PetscCall(PetscOptionsGetReal(NULL, NULL, "-bench_deps", &deps, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-bench_nsteps", &nsteps, NULL));
  PetscCall(DWSystemLoad(PETSC_COMM_WORLD, in, &sys));
  PetscCall(DWPotentialCreate(PETSC_COMM_WORLD, &pot));
  PetscCall(DWPotentialSetFromOptions(pot));
  PetscCall(DWPotentialSetUp(pot, sys));
  PetscCall(DWNeighborListCreate(PETSC_COMM_WORLD, &nl));
  PetscCall(DWMinimizerCreate(PETSC_COMM_WORLD, &min));
  PetscCall(DWMinimizerSetFromOptions(min));
  PetscCall(DWMinimizerSolve(min, sys, pot, nl, &res));
  PetscCall(DWSystemGetSize(sys, &N));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "N: %" PetscInt_FMT
                        "\nis_energy_per_particle: %.12g\nis_max_force_component: %.3g\n",
                        N, (double)res.energy, (double)res.fmax));
  PetscCall(RunOne("G", "sigma_xy", DWElasticAQSShear, pot, sys, min, dgamma, nsteps));
  PetscCall(RunOne("K", "pressure", DWElasticAQSBulk, pot, sys, min, deps, nsteps));
  PetscCall(DWMinimizerDestroy(&min));
  PetscCall(DWNeighborListDestroy(&nl));
  PetscCall(DWSystemDestroy(&sys));
  PetscCall(DWPotentialDestroy(&pot));
  PetscCall(PetscFinalize());
  return 0;
}
