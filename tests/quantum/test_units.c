/* Unit sets (issue 12 item 2; [JCP23] sec. III.C and IV.B, [PRL20] p. 4; src/core/units.c).
   For every named set, against values computed by hand (numpy, CODATA 2018) from the
   papers' sigma, eps, m:
     - k_B T_Q = 2 pi / mt exactly (to 1e-15), and mt = m sigma^2 eps / hbar^2 from the set's
       own SI values (to 1e-12: the printed sets are built so);
     - printed sets (argon_prl20, nickel_prl20, argon_jcp23, nip_jcp23): mt is the printed
       number exactly; eps/k_B = mt hbar^2 / (m sigma^2 k_B) = 464.5366, 4850.713, 125.6726,
       934.4402 K (1e-9 relative); sigma and m the same as the raw set's;
     - raw sets (NAME_raw): mt = 4116.2401, 27504.311, 1195.4874, 5247.5270 (1e-9 relative);
       the printed mt is the raw one rounded to the printed number's significant digits
       (4000 and 30000: 1 digit, 1200: 2, 5250: 3);
     - k_B T_Q against the papers' quotes (0.0015, 0.0002, 0.005, 0.0012 eps): every raw set
       rounds to its quote; the printed sets too, except 2 pi / 4000 = 0.00157, which the
       paper's 0.0015 truncates (its 0.0015 is the raw 0.0015264 rounded);
     - T_Q (K) = 2 pi hbar^2 / (m sigma^2 k_B): 0.72969, 1.01593, 0.65802, 1.11834 K (1e-9
       relative), the same for a printed set and its raw one; it rounds to the papers' 0.73,
       0.658 and 1.118 K. [PRL20]'s nickel "T_Q ~ 0.9 K" is not eq. 9 (1.016 K): it is the
       rounded k_B T_Q times eps, 0.0002 x 4447.18 K = 0.889 K, which the test shows;
     - tau = sqrt(m sigma^2 / eps) of the raw sets: [JCP23] argon 2.1094 ps (printed 2.1 ps);
       NiP 0.59241 ps, where [JCP23] prints 2.5 ps (reported, not asserted against 2.5).
   Textbook Lennard-Jones argon (argon_lj: sigma = 3.405 A, eps / k_B = 119.8 K, m = 39.948 u):
   mt = 1143.8422929, T_Q = 0.658068 K, tau = 2.15635 ps, n0 = 1 per eps per particle at
   rho = 1 sigma^-3 is 1.53147e49 J^-1 m^-3; all to 1e-9 relative. Bad values: an unknown
   set name and a negative mass stop with an error. */
#include "testutil.h"
#include <dwell/units.h>

typedef struct {
  const char *name;
  PetscReal mt, eps_K, T_Q;    /* by hand: mt, eps/k_B (K), T_Q (K) */
  PetscReal kT_Q_quote, digit; /* the paper's k_B T_Q and its last digit */
  PetscBool truncated;         /* the quote truncates 2 pi / mt instead of rounding it */
  PetscReal mt_digits;         /* raw sets: the unit of the printed mt's last digit */
  PetscReal mt_printed;
} Expected;

static PetscReal Rel(PetscReal a, PetscReal b)
{
  return PetscAbsReal(a / b - 1);
}

static void CheckQuote(MPI_Comm comm, const DWUnits *u, const Expected *q)
{
  char what[160];

  if (q->truncated) {
    PetscSNPrintf(what, sizeof(what), "%s: kT_Q = %.6f truncates to the quoted %g", q->name,
                  (double)u->kT_Q, (double)q->kT_Q_quote);
    DWTestTrue(comm, what, u->kT_Q >= q->kT_Q_quote && u->kT_Q < q->kT_Q_quote + q->digit);
  } else {
    PetscSNPrintf(what, sizeof(what), "%s: |kT_Q - %g| (kT_Q = %.7f, half a digit)", q->name,
                  (double)q->kT_Q_quote, (double)u->kT_Q);
    DWTestLE(comm, what, PetscAbsReal(u->kT_Q - q->kT_Q_quote), 0.5 * q->digit);
  }
  PetscSNPrintf(what, sizeof(what), "%s: stored paper quote kT_Q %g", q->name,
                (double)u->kT_Q_paper);
  DWTestTrue(comm, what, u->kT_Q_paper == q->kT_Q_quote);
}

static void CheckSet(MPI_Comm comm, const Expected *q)
{
  DWUnits u;
  char what[160];
  const PetscBool raw = (PetscBool)(q->mt_digits > 0);

  if (DWUnitsGetByName(comm, q->name, &u)) {
    DWTestTrue(comm, "named unit set exists", 0);
    return;
  }
  PetscPrintf(comm, "  %-17s mt %.10g, kT_Q %.6g eps, T_Q %.6g K, eps/k_B %.7g K, tau %.5g ps\n",
              q->name, (double)u.mt, (double)u.kT_Q, (double)u.T_Q, (double)(u.eps / DW_KB),
              (double)(u.tau * 1e12));
  PetscSNPrintf(what, sizeof(what), "%s: |kT_Q mt / (2 pi) - 1|", q->name);
  DWTestLE(comm, what, Rel(u.kT_Q * u.mt, 2 * PETSC_PI), 1e-15);
  PetscSNPrintf(what, sizeof(what), "%s: |m sigma^2 eps / hbar^2 / mt - 1|", q->name);
  DWTestLE(comm, what, Rel(u.mass * u.sigma * u.sigma * u.eps / (DW_HBAR * DW_HBAR), u.mt), 1e-12);
  PetscSNPrintf(what, sizeof(what), "%s: printed flag %d", q->name, (int)u.printed);
  DWTestTrue(comm, what, u.printed == !raw);
  if (raw) {
    PetscSNPrintf(what, sizeof(what), "%s: |mt / %.11g - 1|", q->name, (double)q->mt);
    DWTestLE(comm, what, Rel(u.mt, q->mt), 1e-9);
    PetscSNPrintf(what, sizeof(what), "%s: |mt - printed %g| (half its last digit %g)", q->name,
                  (double)q->mt_printed, (double)(0.5 * q->mt_digits));
    DWTestLE(comm, what, PetscAbsReal(u.mt - q->mt_printed), 0.5 * q->mt_digits);
  } else {
    PetscSNPrintf(what, sizeof(what), "%s: mt = %g exactly", q->name, (double)q->mt);
    DWTestTrue(comm, what, u.mt == q->mt);
  }
  PetscSNPrintf(what, sizeof(what), "%s: |eps/k_B / %.10g K - 1|", q->name, (double)q->eps_K);
  DWTestLE(comm, what, Rel(u.eps / DW_KB, q->eps_K), 1e-9);
  PetscSNPrintf(what, sizeof(what), "%s: |T_Q / %.10g K - 1|", q->name, (double)q->T_Q);
  DWTestLE(comm, what, Rel(u.T_Q, q->T_Q), 1e-9);
  CheckQuote(comm, &u, q);
}

/* The printed set NAME and NAME_raw: same sigma, m and T_Q; T_Q against the paper's quote. */
static void CheckPair(MPI_Comm comm, const char name[], PetscReal digit)
{
  DWUnits p, r;
  char raw[40], what[160];

  PetscSNPrintf(raw, sizeof(raw), "%s_raw", name);
  if (DWUnitsGetByName(comm, name, &p) || DWUnitsGetByName(comm, raw, &r)) {
    DWTestTrue(comm, "named unit sets exist", 0);
    return;
  }
  PetscSNPrintf(what, sizeof(what), "%s and %s: same sigma and m, same T_Q", name, raw);
  DWTestTrue(comm, what, p.sigma == r.sigma && p.mass == r.mass && Rel(p.T_Q, r.T_Q) < 1e-14);
  if (digit > 0) {
    PetscSNPrintf(what, sizeof(what), "%s: |T_Q - quoted %g K| (half a digit)", name,
                  (double)p.T_Q_paper);
    DWTestLE(comm, what, PetscAbsReal(p.T_Q - p.T_Q_paper), 0.5 * digit);
  }
}

/* [PRL20] nickel: T_Q = 1.016 K by eq. 9; the printed ~0.9 K is 0.0002 eps x eps/k_B. */
static void CheckNickelQuote(MPI_Comm comm)
{
  DWUnits r;

  if (DWUnitsGetByName(comm, "nickel_prl20_raw", &r)) return;
  const PetscReal quoted = r.kT_Q_paper * r.eps / DW_KB;
  PetscPrintf(comm,
              "note: [PRL20] nickel T_Q: eq. 9 gives %.4f K; the paper's ~%g K is its k_B T_Q "
              "%g eps x eps/k_B %.1f K = %.3f K\n",
              (double)r.T_Q, (double)r.T_Q_paper, (double)r.kT_Q_paper, (double)(r.eps / DW_KB),
              (double)quoted);
  DWTestLE(comm, "nickel_prl20: |0.0002 eps/k_B - 0.9 K| (half a digit)",
           PetscAbsReal(quoted - r.T_Q_paper), 0.05);
  DWTestTrue(comm, "nickel_prl20: eq. 9 T_Q is not ~0.9 K (1.016 K)", r.T_Q > 1.0);
}

static void CheckTau(MPI_Comm comm)
{
  DWUnits a, n;

  if (DWUnitsGetByName(comm, "argon_jcp23_raw", &a) || DWUnitsGetByName(comm, "nip_jcp23_raw", &n))
    return;
  DWTestLE(comm, "argon_jcp23_raw: |tau / 2.109410 ps - 1|", Rel(a.tau, 2.109410211485132e-12),
           1e-9);
  DWTestLE(comm, "argon_jcp23_raw: |tau - 2.1 ps| (the paper's, half a digit)",
           PetscAbsReal(a.tau - 2.1e-12) * 1e12, 0.05);
  DWTestLE(comm, "nip_jcp23_raw: |tau / 0.592411 ps - 1|", Rel(n.tau, 5.924113112524173e-13), 1e-9);
  PetscPrintf(comm,
              "note: [JCP23] prints tau_LJ = 2.5 ps for NiP; its sigma, eps, m give %.3f ps\n",
              (double)(n.tau * 1e12));
}

static void CheckTextbookArgon(MPI_Comm comm)
{
  DWUnits u;
  PetscReal n0SI = 0;

  if (DWUnitsGetByName(comm, "argon_lj", &u) || DWUnitsDensityToSI(&u, 1.0, 1.0, &n0SI)) {
    DWTestTrue(comm, "argon_lj set and density conversion", 0);
    return;
  }
  DWTestLE(comm, "argon_lj: |mt / 1143.8422929 - 1|", Rel(u.mt, 1143.8422928723444), 1e-9);
  DWTestLE(comm, "argon_lj: |T_Q / 0.658068 K - 1|", Rel(u.T_Q, 0.6580676413965403), 1e-9);
  DWTestLE(comm, "argon_lj: |tau / 2.15635 ps - 1|", Rel(u.tau, 2.1563494144758544e-12), 1e-9);
  DWTestLE(comm, "argon_lj: |n0(1 / eps, rho 1) / 1.53147e49 J^-1 m^-3 - 1|",
           Rel(n0SI, 1.5314701999450479e49), 1e-9);
}

static void CheckBadInput(MPI_Comm comm)
{
  DWUnits u;
  PetscErrorCode ierr;

  PetscPushErrorHandler(PetscReturnErrorHandler, NULL);
  ierr = DWUnitsGetByName(comm, "krypton", &u);
  DWTestTrue(comm, "unknown unit set 'krypton' is an error", ierr != 0);
  ierr = DWUnitsSetValues(3.4e-10, 1.6e-21, -1, &u);
  DWTestTrue(comm, "negative mass is an error", ierr != 0);
  PetscPopErrorHandler();
}

int main(int argc, char **argv)
{
  /* by hand: numpy with hbar = 1.054571817e-34 J s, k_B = 1.380649e-23 J/K */
  const Expected sets[] = {
      {"argon_prl20", 4000, 464.536609458169, 0.7296923997986472, 0.0015, 1e-4, PETSC_TRUE, 0, 0},
      {"nickel_prl20", 30000, 4850.71294248001, 1.0159309429845418, 0.0002, 1e-4, PETSC_FALSE, 0,
       0},
      {"argon_jcp23", 1200, 125.67259570349407, 0.6580201723660952, 0.005, 1e-3, PETSC_FALSE, 0, 0},
      {"nip_jcp23", 5250, 934.4401686085495, 1.1183353786361243, 0.0012, 1e-4, PETSC_FALSE, 0, 0},
      {"argon_prl20_raw", 4116.240092389802, 478.0360540586347, 0.7296923997986472, 0.0015, 1e-4,
       PETSC_FALSE, 1000, 4000},
      {"nickel_prl20_raw", 27504.310910066833, 4447.183896848511, 1.0159309429845418, 0.0002, 1e-4,
       PETSC_FALSE, 10000, 30000},
      {"argon_jcp23_raw", 1195.4873626901851, 125.2, 0.6580201723660952, 0.005, 1e-3, PETSC_FALSE,
       100, 1200},
      {"nip_jcp23_raw", 5247.526984313693, 934, 1.1183353786361243, 0.0012, 1e-4, PETSC_FALSE, 10,
       5250},
  };

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  for (size_t k = 0; k < sizeof(sets) / sizeof(sets[0]); k++) CheckSet(PETSC_COMM_WORLD, &sets[k]);
  CheckPair(PETSC_COMM_WORLD, "argon_prl20", 0.01);
  CheckPair(PETSC_COMM_WORLD, "nickel_prl20", 0);
  CheckPair(PETSC_COMM_WORLD, "argon_jcp23", 0.001);
  CheckPair(PETSC_COMM_WORLD, "nip_jcp23", 0.001);
  CheckNickelQuote(PETSC_COMM_WORLD);
  CheckTau(PETSC_COMM_WORLD);
  CheckTextbookArgon(PETSC_COMM_WORLD);
  CheckBadInput(PETSC_COMM_WORLD);
  int status = DWTestFinish(PETSC_COMM_WORLD);
  PetscCall(PetscFinalize());
  return status;
}
