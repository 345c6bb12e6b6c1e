/* The density of states of the soft tail of the computed modes and its A_4 omega^4 law
   ([JCP23] sec. IV.C, Fig. 10: D(omega) = A_4 omega^4 below the first phonon omega_t =
   2 pi c_t / L, eq. 18, checked as the plateau of I(omega)/omega^5 = A_4/5; [PRR20] sec. II.B
   g_QLV = alpha omega^4). Normalisation per particle: D(omega) = (1/N) sum_k delta(omega -
   omega_k), so the number of modes below omega is N I(omega) = A_4 N omega^5 / 5 ([PRR20]'s
   g(omega) is per mode, 1/(3N - 3): alpha = A_4 N / (3N - 3)).
   Estimator: the modes with 0 < omega_k < omega_c, taken as a Poisson process of intensity
   N A_4 omega^4 on (0, omega_c): their number n is Poisson with mean A_4 N omega_c^5 / 5, whose
   maximum likelihood (and unbiased) estimate is A_4 = 5 n / (N omega_c^5), standard error
   A_4 / sqrt(n) (one count, 5 / (N omega_c^5), when n = 0). The shape of the modes within the
   window does not enter the amplitude's likelihood. When omega_c is the frequency of the
   highest computed mode (no phonon among them), that mode is excluded (strict <): the count
   of a window closed at the k-th event is k - 1, which keeps the estimate unbiased. */
#include "modes/modesimpl.h"

PetscErrorCode DWModesSetDOS(DWModes m, PetscReal omega_c, PetscReal c_t, PetscReal O_phonon,
                             PetscInt nbins)
{
  PetscFunctionBegin;
  PetscCheck(omega_c >= 0, m->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-%sdos_omega_c %g must be >= 0 (0: not set)", m->prefix, (double)omega_c);
  PetscCheck(c_t >= 0, m->comm, PETSC_ERR_ARG_OUTOFRANGE, "-%sdos_ct %g must be >= 0 (0: not set)",
             m->prefix, (double)c_t);
  PetscCheck(O_phonon > 0 && O_phonon <= 1, m->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-%sdos_phonon_o %g must be in (0, 1]", m->prefix, (double)O_phonon);
  PetscCheck(nbins >= 1, m->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-%sdos_bins %" PetscInt_FMT " must be at least 1", m->prefix, nbins);
  m->dos_omega_c  = omega_c;
  m->dos_ct       = c_t;
  m->dos_O_phonon = O_phonon;
  m->dos_bins     = nbins;
  PetscFunctionReturn(0);
}

PetscErrorCode DWDOSFitA4(PetscInt k, const PetscReal omega[], PetscInt N, PetscReal omega_c,
                          DWModesA4Fit *fit)
{
  PetscReal w5;

  PetscFunctionBegin;
  PetscCheck(N >= 1 && omega_c > 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "A_4 fit: N = %" PetscInt_FMT " and omega_c = %g must be positive", N,
             (double)omega_c);
  fit->omega_c = omega_c;
  fit->N       = N;
  fit->n       = 0;
  for (PetscInt i = 0; i < k; i++) fit->n += omega[i] > 0 && omega[i] < omega_c;
  w5          = PetscPowReal(omega_c, 5);
  fit->A4     = 5 * (PetscReal)fit->n / ((PetscReal)N * w5);
  fit->A4_err = 5 * PetscSqrtReal((PetscReal)PetscMax(fit->n, 1)) / ((PetscReal)N * w5);
  PetscFunctionReturn(0);
}

/* N (particles: n / 3 for a particle Hessian, else the n degrees of freedom). */
static PetscErrorCode NumParticles(DWModes m, PetscInt *N)
{
  PetscInt n;

  PetscFunctionBegin;
  PetscCheck(m->nmodes, m->comm, PETSC_ERR_ORDER, "modes: no solved modes (DWModesSolve)");
  PetscCall(MatGetSize(m->H, &n, NULL));
  *N = n % 3 ? n : n / 3;
  PetscFunctionReturn(0);
}

/* omega_c and its origin: -dos_omega_c, 2 pi c_t / L, the lowest phonon or the top mode. */
static void Cutoff(DWModes m, PetscReal *omega_c, const char **source)
{
  const PetscReal top = m->info[m->nmodes - 1].omega;

  *omega_c = top, *source = "omega_max";
  if (m->dos_omega_c > 0)
    *omega_c = m->dos_omega_c, *source = "dos_omega_c";
  else if (m->dos_ct > 0 && m->x)
    *omega_c = 2 * PETSC_PI * m->dos_ct / m->L, *source = "omega_t";
  else
    for (PetscInt i = 0; i < m->nmodes; i++)
      if (m->info[i].omega > 0 && m->info[i].O >= m->dos_O_phonon) {
        *omega_c = m->info[i].omega, *source = "phonon";
        break;
      }
  if (*omega_c > top) *omega_c = top, *source = "omega_max";
}

PetscErrorCode DWModesFitA4(DWModes m, DWModesA4Fit *fit)
{
  PetscInt N;
  PetscReal omega_c, *omega;
  const char *source;

  PetscFunctionBegin;
  PetscCall(NumParticles(m, &N));
  Cutoff(m, &omega_c, &source);
  PetscCheck(omega_c > 0, m->comm, PETSC_ERR_ARG_WRONG,
             "A_4 fit: the highest computed mode has omega = %g <= 0 (not a minimum)",
             (double)omega_c);
  PetscCall(PetscMalloc1(m->nmodes, &omega));
  for (PetscInt i = 0; i < m->nmodes; i++) omega[i] = m->info[i].omega;
  PetscCall(DWDOSFitA4(m->nmodes, omega, N, omega_c, fit));
  PetscCall(PetscFree(omega));
  PetscCall(PetscStrncpy(fit->cutoff, source, sizeof(fit->cutoff)));
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesGetDOS(DWModes m, PetscInt *nbins, PetscReal *omega_max, PetscInt count[],
                             PetscReal D[])
{
  PetscInt N;
  PetscReal dw;

  PetscFunctionBegin;
  PetscCall(NumParticles(m, &N));
  *nbins     = m->dos_bins;
  *omega_max = m->info[m->nmodes - 1].omega;
  if (!count) PetscFunctionReturn(0);
  dw = *omega_max / (PetscReal)*nbins;
  for (PetscInt b = 0; b < *nbins; b++) count[b] = 0;
  for (PetscInt i = 0; i < m->nmodes && dw > 0; i++) {
    const PetscReal w = m->info[i].omega;
    if (w > 0) count[PetscMin((PetscInt)(w / dw), *nbins - 1)]++;
  }
  for (PetscInt b = 0; b < *nbins; b++) D[b] = dw > 0 ? count[b] / ((PetscReal)N * dw) : 0;
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesViewDOS(DWModes m, PetscViewer viewer)
{
  DWModesA4Fit f;
  PetscInt nb    = 0;
  PetscReal wmax = 0;

  PetscFunctionBegin;
  if (!viewer) PetscCall(PetscViewerASCIIGetStdout(m->comm, &viewer));
  PetscCall(DWModesFitA4(m, &f));
  PetscCall(DWModesGetDOS(m, &nb, &wmax, NULL, NULL));
  PetscCall(PetscViewerASCIIPrintf(
      viewer,
      "dos:  # D(omega) = (1/N) sum_k delta(omega - omega_k) = A_4 omega^4 below omega_c\n"
      "  omega_max: %.10g\n  bins: %" PetscInt_FMT "\n  omega_c: %.10g\n  cutoff: %s\n"
      "  n_fit: %" PetscInt_FMT "\n  A_4: %.6e\n  A_4_err: %.6e\n"
      "  units: {omega: (eps/(m sigma^2))^(1/2), A_4: (m sigma^2/eps)^(5/2)}\n",
      (double)wmax, nb, (double)f.omega_c, f.cutoff, f.n, (double)f.A4, (double)f.A4_err));
  PetscFunctionReturn(0);
}
