/* bench_md: molecular-dynamics throughput of dwell (atom-steps per second), for
   bench/md.sh. Loads a configuration (-in: .h5 such as a `dwell glass` file, .data, .xyz),
   draws Maxwell-Boltzmann velocities at -T (zero total momentum, exactly T), and times
   DWMDStep() for -steps velocity-Verlet steps with the thermostat of -md_thermostat
   (default none: NVE) after -warmup untimed steps. The DWMD is set up by DWMDSetFromOptions,
   so -md_dt, -md_tau_T and -nl_skin apply. Neighbour lists are rebuilt on a displacement
   > skin/2, checked every step, as LAMMPS's neigh_modify every 1 delay 0 check yes.
   Optionally writes the configuration as a LAMMPS data file (-write_data) for the same
   run in LAMMPS. Prints YAML: atom-steps per second = N steps / wall time of the steps,
   and per CPU second (the process's CPU time, clock_gettime(CLOCK_PROCESS_CPUTIME_ID)),
   which is what the throughput would be on an idle machine when other processes share
   the cores. */
#include <dwell/dwell.h>
#include <petsctime.h>
#include <time.h>

static double CPUSeconds(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
  char in[PETSC_MAX_PATH_LEN] = "", data[PETSC_MAX_PATH_LEN] = "";
  DWSystem sys;
  DWPotential pot;
  DWNeighborList nl;
  DWMD md;
  DWRng rng;
  DWMDObservables o0, o1;
  PetscInt N, steps = 5000, warmup = 100, seed = 1, nbuilds0, nbuilds, npairs;
  PetscReal T = 0.4, skin, dt;
  PetscLogDouble t0, t1;
  double c0, c1;
  PetscBool set;

  PetscCall(PetscInitialize(&argc, &argv, NULL,
                            "bench_md -in FILE -model NAME [-steps n] [-T T] [-md_thermostat "
                            "none|nosehoover|...] [-write_data FILE]"));
  PetscOptionsBegin(PETSC_COMM_WORLD, NULL, "bench_md: dwell MD atom-steps per second", NULL);
  PetscCall(PetscOptionsString("-in", "configuration (.h5, .data, .xyz)", NULL, in, in, sizeof(in),
                               &set));
  PetscCall(PetscOptionsInt("-steps", "timed MD steps", NULL, steps, &steps, NULL));
  PetscCall(PetscOptionsInt("-warmup", "untimed MD steps first", NULL, warmup, &warmup, NULL));
  PetscCall(
      PetscOptionsReal("-T", "temperature of the initial velocities (eps/k_B)", NULL, T, &T, NULL));
  PetscCall(PetscOptionsInt("-seed", "random seed of the velocities", NULL, seed, &seed, NULL));
  PetscCall(PetscOptionsString("-write_data", "also write the configuration as a LAMMPS data file",
                               NULL, data, data, sizeof(data), NULL));
  PetscOptionsEnd();
  PetscCheck(set, PETSC_COMM_WORLD, PETSC_ERR_ARG_NULL, "missing required option -in");
  PetscCheck(steps > 0 && warmup >= 0, PETSC_COMM_WORLD, PETSC_ERR_ARG_OUTOFRANGE,
             "-steps %" PetscInt_FMT " must be positive and -warmup %" PetscInt_FMT " non-negative",
             steps, warmup);

  PetscCall(DWSystemLoad(PETSC_COMM_WORLD, in, &sys));
  if (data[0]) PetscCall(DWSystemSave(sys, data));
  PetscCall(DWSystemGetSize(sys, &N));
  PetscCall(DWPotentialCreate(PETSC_COMM_WORLD, &pot));
  PetscCall(DWPotentialSetFromOptions(pot));
  PetscCall(DWPotentialSetUp(pot, sys));
  PetscCall(DWNeighborListCreate(PETSC_COMM_WORLD, &nl));
  PetscCall(DWNeighborListSetFromOptions(nl));
  PetscCall(DWNeighborListGetSkin(nl, &skin));
  PetscCall(DWMDCreate(PETSC_COMM_WORLD, &md));
  PetscCall(DWMDSetTemperature(md, T));
  PetscCall(DWMDSetFromOptions(md));
  PetscCall(DWMDGetTimeStep(md, &dt));
  PetscCall(DWMDSetSystem(md, sys, pot, nl));
  DWRngInit(&rng, (uint64_t)seed, DW_STAGE_TEST, 0, 0);
  PetscCall(DWMDSetRng(md, &rng));
  PetscCall(DWMDSetUp(md));
  PetscCall(DWMDDrawVelocities(md, T, PETSC_TRUE));
  PetscCall(DWMDStep(md, warmup));
  PetscCall(DWMDGetObservables(md, &o0));
  PetscCall(DWNeighborListGetStats(nl, &nbuilds0, NULL));

  c0 = CPUSeconds();
  PetscCall(PetscTime(&t0));
  PetscCall(DWMDStep(md, steps));
  PetscCall(PetscTime(&t1));
  c1 = CPUSeconds();

  PetscCall(DWMDGetObservables(md, &o1));
  PetscCall(DWNeighborListGetStats(nl, &nbuilds, &npairs));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "file: %s\nN: %" PetscInt_FMT "\nsteps: %" PetscInt_FMT
                        "\ndt: %g\nskin: %g\nneighbor_builds: %" PetscInt_FMT
                        "\npairs_in_list: %" PetscInt_FMT "\n",
                        in, N, steps, (double)dt, (double)skin, nbuilds - nbuilds0, npairs));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "time: %.6f\ncpu_time: %.6f\natom_steps_per_second: %.6e\n"
                        "atom_steps_per_cpu_second: %.6e\n",
                        (double)(t1 - t0), c1 - c0, (double)(N * (double)steps / (t1 - t0)),
                        N * (double)steps / (c1 - c0)));
  PetscCall(
      PetscPrintf(PETSC_COMM_WORLD,
                  "temperature_start: %.6g\ntemperature_end: %.6g\nconserved_per_particle_start: "
                  "%.10g\nconserved_per_particle_end: %.10g\n",
                  (double)o0.T, (double)o1.T, (double)o0.H, (double)o1.H));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "units: {time: s (wall clock), cpu_time: s (process CPU), dt: tau, skin: "
                        "sigma, temperature: eps/k_B, conserved: eps}\n"));

  PetscCall(DWMDDestroy(&md));
  PetscCall(DWNeighborListDestroy(&nl));
  PetscCall(DWPotentialDestroy(&pot));
  PetscCall(DWSystemDestroy(&sys));
  PetscCall(PetscFinalize());
  return 0;
}
