/* bench_forces: force evaluations per second of dwell on one configuration file, for
   bench/forces.sh. Loads the file, then calls DWPotentialComputeEnergyForces() steps + 1
   times while the particles move, so that the Verlet list is checked at every call and
   rebuilt when needed, as in MD:
     -mode md      velocity Verlet (NVE, masses 1) from Maxwell velocities at -T, time
                   step -dt: the same motion as LAMMPS's run (the default);
     -mode random  random displacements with no forces: particle i rattles as
                   x_i(t) = x_i(0) + a_i [sin(t / tau + p_i) - sin(p_i)], with random
                   amplitudes a_i = v_i tau (v_i Maxwell at -T), random phases p_i and
                   tau = -cage_time: ballistic at speed ~ sqrt(T) for t << tau and bounded
                   by |a_i| (a particle rattling in its cage), t = k dt after k calls.
   Times (CPU time of the thread, clock_gettime(CLOCK_THREAD_CPUTIME_ID), so that other
   processes on a shared machine do not inflate them; the wall clock too): "pair" is
   DWPotentialComputeEnergyForces() after the list is up to date, "neighbor" is
   DWNeighborListUpdate() (displacement check and rebuilds); their sum is the total. Prints YAML,
   with the peak resident memory (getrusage). Serial. */
#include <dwell/dwell.h>
#include <petsctime.h>
#include <sys/resource.h>
#include <time.h>

static double CPUSeconds(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

typedef enum { MODE_MD, MODE_RANDOM } BenchMode;
static const char *const BenchModes[] = {"md", "random", "BenchMode", "MODE_", NULL};

/* Maxwell velocities at temperature T (masses 1), zero total momentum. */
static PetscErrorCode MaxwellVelocities(PetscInt N, PetscReal T, PetscInt seed, PetscReal v[])
{
  DWRng rng;
  PetscReal mean[3] = {0, 0, 0};

  PetscFunctionBegin;
  DWRngInit(&rng, (uint64_t)seed, DW_STAGE_TEST, 0, 0);
  for (PetscInt k = 0; k < 3 * N; k++) {
    v[k] = PetscSqrtReal(T) * DWRngNormal(&rng);
    mean[k % 3] += v[k] / N;
  }
  for (PetscInt k = 0; k < 3 * N; k++) v[k] -= mean[k % 3];
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  char in[PETSC_MAX_PATH_LEN] = "";
  DWSystem sys;
  DWPotential pot;
  DWNeighborList nl;
  PetscInt N, steps = 5000, seed = 1, nbuilds, npairs;
  PetscReal T = 0.4, dt = 0.005, tau = 0.1, rc, skin, U = 0, U0 = 0, K0 = 0, K = 0;
  PetscReal *x, *x0, *v, *f, *a, *p;
  PetscLogDouble w0, w1, wall = 0;
  double t0, t1, t2, tpair = 0, tnl = 0;
  BenchMode mode = MODE_MD;
  PetscBool set;
  struct rusage ru;

  PetscCall(PetscInitialize(&argc, &argv, NULL,
                            "bench_forces -in FILE -model NAME [-steps n] [-mode md|random]"));
  PetscOptionsBegin(PETSC_COMM_WORLD, NULL, "bench_forces: dwell force evaluations per second",
                    NULL);
  PetscCall(PetscOptionsString("-in", "configuration (.data, .xyz, .h5)", NULL, in, in, sizeof(in),
                               &set));
  PetscCall(
      PetscOptionsInt("-steps", "steps (steps + 1 force evaluations)", NULL, steps, &steps, NULL));
  PetscCall(PetscOptionsEnum("-mode", "motion between evaluations", NULL, BenchModes,
                             (PetscEnum)mode, (PetscEnum *)&mode, NULL));
  PetscCall(PetscOptionsReal("-T", "temperature of the initial velocities", NULL, T, &T, NULL));
  PetscCall(PetscOptionsReal("-dt", "time step", NULL, dt, &dt, NULL));
  PetscCall(
      PetscOptionsReal("-cage_time", "random mode: rattling time tau", NULL, tau, &tau, NULL));
  PetscCall(
      PetscOptionsInt("-seed", "random seed of velocities and phases", NULL, seed, &seed, NULL));
  PetscOptionsEnd();
  PetscCheck(set, PETSC_COMM_WORLD, PETSC_ERR_ARG_NULL, "missing required option -in");
  PetscCheck(steps >= 0, PETSC_COMM_WORLD, PETSC_ERR_ARG_OUTOFRANGE, "-steps must be >= 0");

  PetscCall(DWSystemLoad(PETSC_COMM_WORLD, in, &sys));
  PetscCall(DWPotentialCreate(PETSC_COMM_WORLD, &pot));
  PetscCall(DWPotentialSetFromOptions(pot));
  PetscCall(DWPotentialSetUp(pot, sys));
  PetscCall(DWNeighborListCreate(PETSC_COMM_WORLD, &nl));
  PetscCall(DWNeighborListSetFromOptions(nl));
  PetscCall(DWPotentialGetMaxCutoff(pot, &rc));
  PetscCall(DWNeighborListSetCutoff(nl, rc));
  PetscCall(DWNeighborListGetSkin(nl, &skin));
  PetscCall(DWSystemGetSize(sys, &N));
  PetscCall(DWSystemGetPositions(sys, &x));
  PetscCall(PetscMalloc5(3 * N, &x0, 3 * N, &v, 3 * N, &f, 3 * N, &a, 3 * N, &p));
  PetscCall(PetscArraycpy(x0, x, 3 * N));
  PetscCall(MaxwellVelocities(N, T, seed, v));
  if (mode == MODE_RANDOM) {
    DWRng rng;
    DWRngInit(&rng, (uint64_t)seed, DW_STAGE_TEST, 1, 0);
    for (PetscInt k = 0; k < 3 * N; k++) {
      a[k] = v[k] * tau;
      p[k] = 2 * PETSC_PI * DWRngUniform(&rng);
    }
  }

  for (PetscInt step = 0; step <= steps; step++) {
    if (step > 0) {
      if (mode == MODE_MD) {
        for (PetscInt k = 0; k < 3 * N; k++) {
          v[k] += 0.5 * dt * f[k];
          x[k] += dt * v[k];
        }
      } else {
        const PetscReal t = step * dt;
        for (PetscInt k = 0; k < 3 * N; k++)
          x[k] = x0[k] + a[k] * (PetscSinReal(t / tau + p[k]) - PetscSinReal(p[k]));
      }
    }
    PetscCall(PetscTime(&w0));
    t0 = CPUSeconds();
    PetscCall(DWNeighborListUpdate(nl, sys, NULL));
    t1 = CPUSeconds();
    PetscCall(DWPotentialComputeEnergyForces(pot, sys, nl, NULL, f, NULL, NULL));
    t2 = CPUSeconds();
    PetscCall(PetscTime(&w1));
    wall += w1 - w0;
    tnl += t1 - t0;
    tpair += t2 - t1;
    if (mode == MODE_MD) {
      if (step > 0)
        for (PetscInt k = 0; k < 3 * N; k++) v[k] += 0.5 * dt * f[k];
      K = 0;
      for (PetscInt k = 0; k < 3 * N; k++) K += 0.5 * v[k] * v[k];
      if (step == 0) {
        PetscCall(DWPotentialComputeEnergyForces(pot, sys, nl, &U0, NULL, NULL, NULL));
        K0 = K;
      }
    }
  }

  PetscCall(DWPotentialComputeEnergyForces(pot, sys, nl, &U, NULL, NULL, NULL));
  PetscCall(DWNeighborListGetStats(nl, &nbuilds, &npairs));
  PetscCheck(!getrusage(RUSAGE_SELF, &ru), PETSC_COMM_SELF, PETSC_ERR_SYS, "getrusage failed");
  const PetscReal nevals = steps + 1;
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "file: %s\nN: %" PetscInt_FMT "\nmode: %s\nsteps: %" PetscInt_FMT
                        "\nevaluations: %.0f\ncutoff: %g\nskin: %g\n",
                        in, N, BenchModes[mode], steps, (double)nevals, (double)rc, (double)skin));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "neighbor_builds: %" PetscInt_FMT "\npairs_in_list: %" PetscInt_FMT "\n",
                        nbuilds, npairs));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "time_pair: %.6f\ntime_neighbor: %.6f\ntime_total: %.6f\ntime_wall: %.6f\n"
                        "evals_per_second_pair: %.2f\nevals_per_second_total: %.2f\n",
                        tpair, tnl, tpair + tnl, (double)wall, nevals / tpair,
                        nevals / (tpair + tnl)));
  if (mode == MODE_MD)
    PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                          "energy_per_particle_start: %.10g\nenergy_per_particle_end: %.10g\n"
                          "temperature_end: %.6g\n",
                          (double)((U0 + K0) / N), (double)((U + K) / N),
                          (double)(2 * K / (3 * N - 3))));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "max_rss_kib: %ld\n", ru.ru_maxrss));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "units: {time: s (CPU time of the thread; time_wall: "
                                          "wall clock), cutoff: sigma, energy: eps, memory: KiB "
                                          "(peak resident set of the process)}\n"));

  PetscCall(PetscFree5(x0, v, f, a, p));
  PetscCall(DWNeighborListDestroy(&nl));
  PetscCall(DWPotentialDestroy(&pot));
  PetscCall(DWSystemDestroy(&sys));
  PetscCall(PetscFinalize());
  return 0;
}
