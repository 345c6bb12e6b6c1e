/* DWSelfScattering: the self-intermediate scattering function F_s(k, t) with log-spaced lags and
   thinned time origins (see include/dwell/selfscattering.h for the physics and the sampling
   scheme). A sample at index n meets origin o at lag n - n_o; when that lag is one of the grid's,
   the origin's row gets (1/N) sum_i sinc(k |x_i(n) - x_i(n_o)|), sinc(u) = sin(u)/u. */
#include <dwell/selfscattering.h>
#include <petscviewer.h>

struct _p_DWSelfScattering {
  MPI_Comm comm;
  PetscReal k;
  PetscInt lags_per_decade, origin_interval0, max_origins;
  PetscInt N, nsamples, origin_interval, norigins;
  PetscReal t0, dt, tlast;
  PetscInt nlags, lagcap, jnext; /* lag grid lag[0..nlags); next exponent j to try */
  PetscInt *lag;
  PetscInt *origin_sample; /* max_origins */
  PetscReal *origin_x;     /* max_origins x 3N */
  PetscReal *row;          /* max_origins x lagcap */
  PetscReal *packed;       /* scratch of DWSelfScatteringGetState: max_origins x nlags */
  PetscInt packedcap;
  PetscBool setup;
};

PetscErrorCode DWSelfScatteringCreate(MPI_Comm comm, DWSelfScattering *fs)
{
  PetscFunctionBegin;
  PetscCall(PetscNew(fs));
  (*fs)->comm             = comm;
  (*fs)->k                = 7.0;
  (*fs)->lags_per_decade  = 10;
  (*fs)->origin_interval0 = 1;
  (*fs)->max_origins      = 128;
  PetscFunctionReturn(0);
}

static PetscErrorCode FreeArrays(DWSelfScattering fs)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(fs->lag));
  PetscCall(PetscFree(fs->origin_sample));
  PetscCall(PetscFree(fs->origin_x));
  PetscCall(PetscFree(fs->row));
  PetscCall(PetscFree(fs->packed));
  fs->lagcap = fs->packedcap = 0;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSelfScatteringDestroy(DWSelfScattering *fs)
{
  PetscFunctionBegin;
  if (!*fs) PetscFunctionReturn(0);
  PetscCall(FreeArrays(*fs));
  PetscCall(PetscFree(*fs));
  PetscFunctionReturn(0);
}

PetscErrorCode DWSelfScatteringSetWavevector(DWSelfScattering fs, PetscReal k)
{
  PetscFunctionBegin;
  PetscCheck(k > 0 && PetscIsNormalReal(k), fs->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "wavevector k = %g must be positive (sigma^-1)", (double)k);
  fs->k = k;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSelfScatteringGetWavevector(DWSelfScattering fs, PetscReal *k)
{
  PetscFunctionBegin;
  *k = fs->k;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSelfScatteringSetLags(DWSelfScattering fs, PetscInt lags_per_decade)
{
  PetscFunctionBegin;
  PetscCheck(lags_per_decade >= 1 && lags_per_decade <= 1000, fs->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "lags per decade %" PetscInt_FMT " must lie in [1, 1000]", lags_per_decade);
  fs->lags_per_decade = lags_per_decade;
  fs->setup           = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSelfScatteringSetOrigins(DWSelfScattering fs, PetscInt origin_interval,
                                          PetscInt max_origins)
{
  PetscFunctionBegin;
  PetscCheck(origin_interval >= 1, fs->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "origin interval %" PetscInt_FMT " must be at least 1 sample", origin_interval);
  PetscCheck(max_origins >= 2 && max_origins % 2 == 0, fs->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "maximum number of origins %" PetscInt_FMT " must be even and at least 2",
             max_origins);
  fs->origin_interval0 = origin_interval;
  fs->max_origins      = max_origins;
  fs->setup            = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSelfScatteringSetFromOptions(DWSelfScattering fs)
{
  PetscReal k  = fs->k;
  PetscInt lpd = fs->lags_per_decade, oi = fs->origin_interval0, mo = fs->max_origins;

  PetscFunctionBegin;
  PetscOptionsBegin(fs->comm, NULL, "Self-intermediate scattering function F_s(k, t)",
                    "DWSelfScattering");
  PetscCall(PetscOptionsReal("-fs_k", "wavevector modulus k (sigma^-1)",
                             "DWSelfScatteringSetWavevector", k, &k, NULL));
  PetscCall(PetscOptionsInt("-fs_lags_per_decade", "log-spaced lags per decade",
                            "DWSelfScatteringSetLags", lpd, &lpd, NULL));
  PetscCall(PetscOptionsInt("-fs_origin_interval", "samples between time origins (at the start)",
                            "DWSelfScatteringSetOrigins", oi, &oi, NULL));
  PetscCall(PetscOptionsInt("-fs_max_origins",
                            "most time origins kept (even; memory max_origins x 3N reals)",
                            "DWSelfScatteringSetOrigins", mo, &mo, NULL));
  PetscOptionsEnd();
  PetscCall(DWSelfScatteringSetWavevector(fs, k));
  PetscCall(DWSelfScatteringSetLags(fs, lpd));
  PetscCall(DWSelfScatteringSetOrigins(fs, oi, mo));
  PetscFunctionReturn(0);
}

PetscErrorCode DWSelfScatteringSetUp(DWSelfScattering fs, PetscInt N)
{
  PetscFunctionBegin;
  PetscCheck(N > 0, fs->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "number of particles N = %" PetscInt_FMT " must be positive", N);
  PetscCall(FreeArrays(fs));
  fs->N      = N;
  fs->lagcap = 32;
  PetscCall(PetscMalloc1(fs->lagcap, &fs->lag));
  PetscCall(PetscMalloc1(fs->max_origins, &fs->origin_sample));
  PetscCall(PetscMalloc1(3 * N * fs->max_origins, &fs->origin_x));
  PetscCall(PetscMalloc1(fs->max_origins * fs->lagcap, &fs->row));
  fs->nsamples        = 0;
  fs->norigins        = 0;
  fs->nlags           = 0;
  fs->jnext           = 0;
  fs->origin_interval = fs->origin_interval0;
  fs->t0              = 0;
  fs->dt              = 0;
  fs->tlast           = 0;
  fs->setup           = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/* Doubles the lag capacity, moving the rows to the new stride. */
static PetscErrorCode GrowLags(DWSelfScattering fs)
{
  const PetscInt cap = 2 * fs->lagcap;
  PetscInt *lag;
  PetscReal *row;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(cap, &lag));
  PetscCall(PetscMalloc1(fs->max_origins * cap, &row));
  PetscCall(PetscArraycpy(lag, fs->lag, fs->nlags));
  for (PetscInt o = 0; o < fs->norigins; o++)
    PetscCall(PetscArraycpy(row + o * cap, fs->row + o * fs->lagcap, fs->nlags));
  PetscCall(PetscFree(fs->lag));
  PetscCall(PetscFree(fs->row));
  fs->lag    = lag;
  fs->row    = row;
  fs->lagcap = cap;
  PetscFunctionReturn(0);
}

/* Appends the next distinct lag round(10^(j / lags_per_decade)) of the grid. */
static PetscErrorCode AddLag(DWSelfScattering fs)
{
  PetscInt L;

  PetscFunctionBegin;
  do {
    L = (PetscInt)PetscFloorReal(PetscPowReal(10.0, (PetscReal)fs->jnext / fs->lags_per_decade) +
                                 0.5);
    fs->jnext++;
  } while (fs->nlags > 0 && L <= fs->lag[fs->nlags - 1]);
  if (fs->nlags == fs->lagcap) PetscCall(GrowLags(fs));
  fs->lag[fs->nlags++] = L;
  PetscFunctionReturn(0);
}

/* Index of `lag` in the grid, or -1. */
static PetscInt LagIndex(DWSelfScattering fs, PetscInt lag)
{
  PetscInt lo = 0, hi = fs->nlags - 1;

  while (lo <= hi) {
    const PetscInt mid = (lo + hi) / 2;
    if (fs->lag[mid] == lag) return mid;
    if (fs->lag[mid] < lag)
      lo = mid + 1;
    else
      hi = mid - 1;
  }
  return -1;
}

/* (1/N) sum_i sin(k r_i) / (k r_i), r_i = |x_i - x0_i|. */
static PetscReal SincAverage(DWSelfScattering fs, const PetscReal x[], const PetscReal x0[])
{
  PetscReal s = 0;

  for (PetscInt i = 0; i < fs->N; i++) {
    const PetscReal dx = x[3 * i] - x0[3 * i], dy = x[3 * i + 1] - x0[3 * i + 1],
                    dz = x[3 * i + 2] - x0[3 * i + 2];
    const PetscReal u  = fs->k * PetscSqrtReal(dx * dx + dy * dy + dz * dz);
    s += u < 1e-4 ? 1.0 - u * u / 6.0 : PetscSinReal(u) / u;
  }
  return s / fs->N;
}

/* Keeps every second origin (those at multiples of twice the interval) and doubles the interval. */
static PetscErrorCode ThinOrigins(DWSelfScattering fs)
{
  const PetscInt n3 = 3 * fs->N;

  PetscFunctionBegin;
  for (PetscInt q = 1; 2 * q < fs->norigins; q++) {
    fs->origin_sample[q] = fs->origin_sample[2 * q];
    PetscCall(PetscArraycpy(fs->origin_x + q * n3, fs->origin_x + 2 * q * n3, n3));
    PetscCall(PetscArraycpy(fs->row + q * fs->lagcap, fs->row + 2 * q * fs->lagcap, fs->nlags));
  }
  fs->norigins = (fs->norigins + 1) / 2;
  fs->origin_interval *= 2;
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckTime(DWSelfScattering fs, PetscReal time)
{
  const PetscInt n = fs->nsamples;

  PetscFunctionBegin;
  PetscCheck(PetscIsNormalReal(time) || time == 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "F_s sample %" PetscInt_FMT ": time %g is not finite", n, (double)time);
  if (n == 0)
    fs->t0 = time;
  else if (n == 1) {
    PetscCheck(time > fs->t0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
               "F_s sample 1 at time %g does not follow sample 0 at %g", (double)time,
               (double)fs->t0);
    fs->dt = time - fs->t0;
  } else {
    const PetscReal expected = fs->t0 + n * fs->dt;
    PetscCheck(PetscAbsReal(time - expected) <= 1e-9 * PetscMax(PetscAbsReal(expected), n * fs->dt),
               PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
               "F_s samples must be equally spaced: sample %" PetscInt_FMT
               " at time %.17g, expected %.17g",
               n, (double)time, (double)expected);
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DWSelfScatteringSample(DWSelfScattering fs, PetscReal time, const PetscReal x[])
{
  const PetscInt n = fs->nsamples, n3 = 3 * fs->N;

  PetscFunctionBegin;
  PetscCheck(fs->setup, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONGSTATE,
             "call DWSelfScatteringSetUp() before DWSelfScatteringSample()");
  PetscCall(CheckTime(fs, time));
  while (fs->nlags == 0 || fs->lag[fs->nlags - 1] < n) PetscCall(AddLag(fs));
  for (PetscInt o = 0; o < fs->norigins; o++) {
    const PetscInt m = LagIndex(fs, n - fs->origin_sample[o]);
    if (m >= 0) fs->row[o * fs->lagcap + m] = SincAverage(fs, x, fs->origin_x + o * n3);
  }
  if (n % fs->origin_interval == 0) {
    if (fs->norigins == fs->max_origins) PetscCall(ThinOrigins(fs));
    if (n % fs->origin_interval == 0) {
      fs->origin_sample[fs->norigins] = n;
      PetscCall(PetscArraycpy(fs->origin_x + fs->norigins * n3, x, n3));
      fs->norigins++;
    }
  }
  fs->nsamples++;
  fs->tlast = time;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSelfScatteringGetNumSamples(DWSelfScattering fs, PetscInt *n, PetscReal *tlast)
{
  PetscFunctionBegin;
  if (n) *n = fs->nsamples;
  if (tlast) *tlast = fs->tlast;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSelfScatteringGetMaxLags(DWSelfScattering fs, PetscInt *nlags)
{
  PetscFunctionBegin;
  *nlags = fs->nlags;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSelfScatteringGetCurve(DWSelfScattering fs, PetscReal t_from, PetscReal t_to,
                                        PetscInt *n, PetscReal lag_time[], PetscReal F[],
                                        PetscInt count[])
{
  PetscFunctionBegin;
  *n = 0;
  for (PetscInt m = 0; m < fs->nlags; m++) {
    PetscReal sum = 0;
    PetscInt c    = 0;
    for (PetscInt o = 0; o < fs->norigins; o++) {
      const PetscReal to = fs->t0 + fs->origin_sample[o] * fs->dt;
      if (to < t_from || to >= t_to || fs->origin_sample[o] + fs->lag[m] >= fs->nsamples) continue;
      sum += fs->row[o * fs->lagcap + m];
      c++;
    }
    if (!c) continue;
    lag_time[*n] = fs->lag[m] * fs->dt;
    F[*n]        = sum / c;
    if (count) count[*n] = c;
    (*n)++;
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DWSelfScatteringGetTauAlpha(DWSelfScattering fs, PetscReal t_from, PetscReal t_to,
                                           PetscReal *tau)
{
  const PetscReal e1 = PetscExpReal(-1.0);
  PetscReal *t, *F;
  PetscInt n;

  PetscFunctionBegin;
  *tau = -1;
  if (!fs->nlags) PetscFunctionReturn(0);
  PetscCall(PetscMalloc2(fs->nlags, &t, fs->nlags, &F));
  PetscCall(DWSelfScatteringGetCurve(fs, t_from, t_to, &n, t, F, NULL));
  for (PetscInt m = 0; m < n; m++) {
    if (F[m] >= e1) continue;
    if (m == 0)
      *tau = t[0] * (1.0 - e1) / (1.0 - F[0]);
    else
      *tau = PetscExpReal(PetscLogReal(t[m - 1]) + (PetscLogReal(t[m]) - PetscLogReal(t[m - 1])) *
                                                       (F[m - 1] - e1) / (F[m - 1] - F[m]));
    break;
  }
  PetscCall(PetscFree2(t, F));
  PetscFunctionReturn(0);
}

PetscErrorCode DWSelfScatteringGetState(DWSelfScattering fs, DWSelfScatteringState *state)
{
  PetscFunctionBegin;
  PetscCheck(fs->setup, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONGSTATE,
             "call DWSelfScatteringSetUp() before DWSelfScatteringGetState()");
  if (fs->packedcap < fs->norigins * fs->nlags) {
    PetscCall(PetscFree(fs->packed));
    fs->packedcap = fs->max_origins * fs->lagcap;
    PetscCall(PetscMalloc1(fs->packedcap, &fs->packed));
  }
  for (PetscInt o = 0; o < fs->norigins; o++)
    PetscCall(PetscArraycpy(fs->packed + o * fs->nlags, fs->row + o * fs->lagcap, fs->nlags));
  state->N               = fs->N;
  state->nsamples        = fs->nsamples;
  state->origin_interval = fs->origin_interval;
  state->norigins        = fs->norigins;
  state->nlags           = fs->nlags;
  state->t0              = fs->t0;
  state->dt              = fs->dt;
  state->tlast           = fs->tlast;
  state->origin_sample   = fs->origin_sample;
  state->origin_x        = fs->origin_x;
  state->row             = fs->packed;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSelfScatteringSetState(DWSelfScattering fs, const DWSelfScatteringState *s)
{
  PetscFunctionBegin;
  PetscCheck(fs->setup, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONGSTATE,
             "call DWSelfScatteringSetUp() before DWSelfScatteringSetState()");
  PetscCheck(s->N == fs->N, PETSC_COMM_SELF, PETSC_ERR_ARG_INCOMP,
             "F_s state of N = %" PetscInt_FMT " particles, expected %" PetscInt_FMT, s->N, fs->N);
  PetscCheck(s->norigins >= 0 && s->norigins <= fs->max_origins, PETSC_COMM_SELF,
             PETSC_ERR_ARG_INCOMP,
             "F_s state has %" PetscInt_FMT " origins, more than the maximum %" PetscInt_FMT,
             s->norigins, fs->max_origins);
  PetscCheck(s->nsamples >= 0 && s->nlags >= 0 && s->origin_interval >= fs->origin_interval0,
             PETSC_COMM_SELF, PETSC_ERR_ARG_INCOMP,
             "F_s state is inconsistent (%" PetscInt_FMT " samples, %" PetscInt_FMT
             " lags, origin interval %" PetscInt_FMT ")",
             s->nsamples, s->nlags, s->origin_interval);
  PetscCall(DWSelfScatteringSetUp(fs, fs->N));
  while (fs->nlags < s->nlags) PetscCall(AddLag(fs));
  PetscCheck(s->nsamples == 0 || fs->lag[fs->nlags - 1] >= s->nsamples - 1, PETSC_COMM_SELF,
             PETSC_ERR_ARG_INCOMP,
             "F_s state: %" PetscInt_FMT " lags do not cover %" PetscInt_FMT
             " samples (different -fs_lags_per_decade?)",
             s->nlags, s->nsamples);
  fs->nsamples        = s->nsamples;
  fs->origin_interval = s->origin_interval;
  fs->norigins        = s->norigins;
  fs->t0              = s->t0;
  fs->dt              = s->dt;
  fs->tlast           = s->tlast;
  PetscCall(PetscArraycpy(fs->origin_sample, s->origin_sample, s->norigins));
  PetscCall(PetscArraycpy(fs->origin_x, s->origin_x, 3 * fs->N * s->norigins));
  for (PetscInt o = 0; o < s->norigins; o++)
    PetscCall(PetscArraycpy(fs->row + o * fs->lagcap, s->row + o * s->nlags, s->nlags));
  PetscFunctionReturn(0);
}

PetscErrorCode DWSelfScatteringView(DWSelfScattering fs, PetscViewer viewer)
{
  PetscReal tau = -1;

  PetscFunctionBegin;
  if (!viewer) PetscCall(PetscViewerASCIIGetStdout(fs->comm, &viewer));
  if (fs->setup) PetscCall(DWSelfScatteringGetTauAlpha(fs, -PETSC_MAX_REAL, PETSC_MAX_REAL, &tau));
  PetscCall(PetscViewerASCIIPrintf(
      viewer,
      "DWSelfScattering: k = %g sigma^-1, %" PetscInt_FMT " lags per decade, %" PetscInt_FMT
      " samples every %g, %" PetscInt_FMT " origins (every %" PetscInt_FMT
      " samples, at most %" PetscInt_FMT "), tau_alpha %g (-1: F_s > 1/e)\n",
      (double)fs->k, fs->lags_per_decade, fs->nsamples, (double)fs->dt, fs->norigins,
      fs->origin_interval, fs->max_origins, (double)tau));
  PetscFunctionReturn(0);
}
