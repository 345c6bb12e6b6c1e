/* dwell tunnel: the quantum levels of one double-well profile ([PRL20] eq. 2, [JCP23]
   eqs. 9-15). Reads a two-column text profile "xi V" (xi from 0 to 1 along the path, V in
   eps; '#' starts a comment), the path length -d (sigma) and the dimensionless mass
   mt = m sigma^2 eps / hbar^2 (-mass, or a unit set: -units NAME or -units_sigma,
   -units_eps_K, -units_mass_u), and prints YAML: levels, E, Delta, Delta_0, Gamma, with units.
   -bench N times N further solves (with and without the error estimate). */
#include <dwell/quantum.h>
#include <time.h>
#include "app/commands.h"

/* Reads the profile on every rank (a few hundred numbers at most). */
static PetscErrorCode ReadProfile(MPI_Comm comm, const char path[], PetscInt *n, PetscReal **xi,
                                  PetscReal **V)
{
  FILE *fp;
  char line[4096];
  PetscInt cap = 64, lineno = 0;

  PetscFunctionBegin;
  fp = fopen(path, "r");
  PetscCheck(fp, comm, PETSC_ERR_FILE_OPEN, "cannot open profile file %s", path);
  *n = 0;
  PetscCall(PetscMalloc2(cap, xi, cap, V));
  while (fgets(line, sizeof(line), fp)) {
    char *p = line, *end;
    double a, b;
    lineno++;
    line[strcspn(line, "#\r\n")] = 0;
    while (*p == ' ' || *p == '\t') p++;
    if (!*p) continue;
    a = strtod(p, &end);
    PetscCheck(end != p, comm, PETSC_ERR_FILE_UNEXPECTED,
               "profile %s line %" PetscInt_FMT ": expected two numbers 'xi V', got '%s'", path,
               lineno, p);
    p = end;
    b = strtod(p, &end);
    PetscCheck(end != p, comm, PETSC_ERR_FILE_UNEXPECTED,
               "profile %s line %" PetscInt_FMT ": expected two numbers 'xi V', got '%s'", path,
               lineno, line);
    while (*end == ' ' || *end == '\t') end++;
    PetscCheck(!*end, comm, PETSC_ERR_FILE_UNEXPECTED,
               "profile %s line %" PetscInt_FMT ": unexpected text '%s' after 'xi V'", path, lineno,
               end);
    if (*n == cap) {
      PetscReal *x2, *v2;
      PetscCall(PetscMalloc2(2 * cap, &x2, 2 * cap, &v2));
      PetscCall(PetscArraycpy(x2, *xi, cap));
      PetscCall(PetscArraycpy(v2, *V, cap));
      PetscCall(PetscFree2(*xi, *V));
      *xi = x2;
      *V  = v2;
      cap *= 2;
    }
    (*xi)[*n] = a;
    (*V)[*n]  = b;
    (*n)++;
  }
  fclose(fp);
  PetscCheck(*n > 0, comm, PETSC_ERR_FILE_UNEXPECTED, "profile %s holds no 'xi V' lines", path);
  PetscFunctionReturn(0);
}

/* CPU time of the process (s), so that the rate is per core even on a busy machine. */
static double CPUTime(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static PetscErrorCode Bench(MPI_Comm comm, DWTunnel t, PetscInt nrep)
{
  double t0, t1, t2;
  PetscReal rtol = 1e-3;

  PetscFunctionBegin;
  t0 = CPUTime();
  PetscCall(DWTunnelSetCheck(t, PETSC_FALSE, rtol));
  for (PetscInt k = 0; k < nrep; k++) PetscCall(DWTunnelSolve(t));
  t1 = CPUTime();
  PetscCall(DWTunnelSetCheck(t, PETSC_TRUE, rtol));
  for (PetscInt k = 0; k < nrep; k++) PetscCall(DWTunnelSolve(t));
  t2 = CPUTime();
  PetscCall(PetscPrintf(comm,
                        "bench: {solves: %" PetscInt_FMT
                        ", splittings_per_second: %.1f, with_error_estimate_per_second: %.1f, "
                        "units: per second of CPU time of one core}\n",
                        nrep, nrep / (t1 - t0), nrep / (t2 - t1)));
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadOptions(MPI_Comm comm, PetscBool helponly, char profile[], size_t len,
                                  PetscReal *d, PetscReal *mt, PetscInt *nbench, DWUnits *u,
                                  PetscBool *hasunits)
{
  PetscBool setd, setmt;

  PetscFunctionBegin;
  PetscOptionsBegin(comm, NULL, "dwell tunnel: quantum levels of a double-well profile", NULL);
  PetscCall(DWAppRequireString(comm, PetscOptionsObject, "-profile",
                               "two-column text file 'xi V' (xi from 0 to 1, V in eps)", profile,
                               len, helponly));
  PetscCall(PetscOptionsReal("-d", "path length d of the double well (sigma)", NULL, *d, d, &setd));
  PetscCall(PetscOptionsReal("-mass", "dimensionless mass mt = m sigma^2 eps / hbar^2 (or -units)",
                             NULL, *mt, mt, &setmt));
  PetscCall(PetscOptionsInt("-bench",
                            "time this many further solves and print splittings per second", NULL,
                            *nbench, nbench, NULL));
  PetscOptionsEnd();
  PetscCall(DWUnitsSetFromOptions(comm, u, hasunits));
  if (helponly) PetscFunctionReturn(0);
  PetscCheck(setd, comm, PETSC_ERR_ARG_NULL,
             "missing required option -d (path length of the double well, sigma)");
  PetscCheck(!(setmt && *hasunits), comm, PETSC_ERR_ARG_INCOMP,
             "give either -mass %g or a unit set (-units ...), not both", (double)*mt);
  PetscCheck(setmt || *hasunits, comm, PETSC_ERR_ARG_NULL,
             "missing required option -mass (dimensionless mass mt) or -units NAME");
  PetscCheck(*mt > 0 || !setmt, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-mass %g: the dimensionless mass must be positive", (double)*mt);
  PetscCheck(*nbench >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "-bench %" PetscInt_FMT ": must be >= 0",
             *nbench);
  if (*hasunits) *mt = u->mt;
  PetscFunctionReturn(0);
}

PetscErrorCode DWCommandTunnel(MPI_Comm comm, PetscBool helponly)
{
  char profile[PETSC_MAX_PATH_LEN] = "";
  PetscReal d = 0, mt = 0, *xi = NULL, *V = NULL;
  PetscInt n, nbench = 0;
  PetscBool hasunits = PETSC_FALSE;
  DWUnits units;
  DWTunnel t;
  DWTunnelResult r;
  PetscViewer out;

  PetscFunctionBegin;
  PetscCall(DWTunnelCreate(comm, &t));
  PetscCall(
      ReadOptions(comm, helponly, profile, sizeof(profile), &d, &mt, &nbench, &units, &hasunits));
  PetscCall(DWTunnelSetFromOptions(t));
  if (!helponly) {
    PetscCall(DWAppCheckUnusedOptions(comm));
    PetscCall(ReadProfile(comm, profile, &n, &xi, &V));
    PetscCall(DWTunnelSetMass(t, mt));
    PetscCall(DWTunnelSetProfile(t, n, xi, V, d));
    PetscCall(DWTunnelSolve(t));
    PetscCall(DWTunnelGetResult(t, &r));
    PetscCall(PetscViewerASCIIGetStdout(comm, &out));
    PetscCall(PetscPrintf(comm, "profile: %s\npoints: %" PetscInt_FMT "\n", profile, n));
    if (hasunits) PetscCall(DWUnitsView(&units, out));
    PetscCall(DWTunnelView(t, out));
    if (r.checked && !r.converged)
      PetscCall(PetscFPrintf(comm, PETSC_STDERR,
                             "dwell: warning: E = %g is not converged: estimated error %.3g (grid "
                             "%.3g, continuation %.3g); raise -tunnel_n_xi or -tunnel_extension\n",
                             (double)r.E, (double)r.E_tol, (double)r.E_err_grid,
                             (double)r.E_err_domain));
    if (nbench) PetscCall(Bench(comm, t, nbench));
    PetscCall(PetscFree2(xi, V));
  }
  PetscCall(DWTunnelDestroy(&t));
  PetscFunctionReturn(0);
}
