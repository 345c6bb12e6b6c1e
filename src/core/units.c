/* Unit sets (see include/dwell/units.h): mt = m sigma^2 eps / hbar^2 ([JCP23] eq. 11,
   [PRL20] eq. 2), k_B T_Q = 2 pi hbar^2 / (m sigma^2) = (2 pi / mt) eps ([JCP23] eq. 9),
   tau = sqrt(m sigma^2 / eps).

   Two kinds of named set, for each material of the two papers:
     printed  mt is the number the paper prints and its results use (1200, 5250, 4000,
              30000), exactly; the quantum problem depends on mt alone. For conversions to
              SI the set takes the paper's sigma and m and the energy unit that gives that mt,
              eps = mt hbar^2 / (m sigma^2); T_Q (K) = 2 pi hbar^2 / (m sigma^2 k_B) then
              depends on m and sigma only, and is the same as the raw set's.
     raw      (name_raw) the paper's sigma, eps and m as printed; mt = m sigma^2 eps / hbar^2
              computed from them (1195.49, 5247.53, 4116.24, 27504.3).
   The papers' inputs and quotes (checked by tests/quantum/test_units.c):
     argon_jcp23   [JCP23] sec. IV.B, argon: sigma = 3.405e-10 m, eps/k_B = 125.2 K,
                   m = 6.634e-26 kg; "T_Q ~ 0.658 K and mt ~ 1200", tau_LJ = 2.1 ps; sec.
                   III.C: mt = 1200, k_B T_Q = 0.005 eps. Raw mt 1195.49, k_B T_Q 0.005256,
                   T_Q 0.6580 K, tau 2.109 ps: all as printed. Printed set: eps/k_B = 125.67 K.
     nip_jcp23     [JCP23] sec. IV.B, Ni80P20 (average pair, average mass): sigma =
                   2.21e-10 m, eps/k_B = 934 K, m = 9.266e-26 kg; "T_Q ~ 1.118 K and
                   mt ~ 5250", tau_LJ = 2.5 ps; sec. III.C: mt = 5250, k_B T_Q = 0.0012 eps.
                   Raw mt 5247.53, k_B T_Q 0.0011974, T_Q 1.1183 K as printed, but
                   tau = sqrt(m sigma^2 / eps) = 0.592 ps, not the printed 2.5 ps. Printed
                   set: eps/k_B = 934.44 K.
     argon_prl20   [PRL20] p. 4, argon: sigma = 3.4e-10 m, eps/4 = 1.65e-21 J (eps =
                   6.6e-21 J, eps/k_B = 478.04 K: the soft-sphere eps is 4 eps_LJ), m = 6e-26
                   kg; "T_Q ~ 0.73 K, mt ~ 4000", k_B T_Q = 0.0015 eps. Raw mt 4116.24,
                   k_B T_Q 0.0015264 (rounds to the printed 0.0015; 2 pi / 4000 = 0.00157 would
                   not), T_Q 0.7297 K. Printed set: eps/k_B = 464.54 K.
     nickel_prl20  [PRL20] p. 4, nickel: sigma = 2.21e-10 m, eps = 6.14e-20 J (4447.2 K),
                   m = 1.02e-25 kg; "T_Q ~ 0.9 K, mt ~ 30000", k_B T_Q = 0.0002 eps. Raw mt
                   27504.3, k_B T_Q 0.000228 (rounds to 0.0002), but T_Q = 1.016 K from m and
                   sigma: the printed 0.9 K is 0.0002 eps x 4447 K = 0.89 K, the rounded
                   k_B T_Q times eps, not eq. 9. Printed set: eps/k_B = 4850.7 K.
     argon_lj      textbook Lennard-Jones argon (Rahman, Phys. Rev. 136, A405 (1964)), given
                   by value: sigma = 3.405e-10 m, eps/k_B = 119.8 K, m = 39.948 u (CIAAW);
                   mt = 1143.84, k_B T_Q = 0.00549 eps, T_Q = 0.658 K. */
#include <dwell/units.h>

typedef struct {
  const char *name;
  PetscReal sigma, mass, eps; /* m, kg, J (eps = 0: from the printed mt) */
  PetscReal mt;               /* the printed mt (0 for a raw set) */
  PetscReal kT_Q_paper;       /* k_B T_Q (eps) as printed */
  PetscReal T_Q_paper;        /* T_Q (K) as printed */
  const char *source;
} UnitsEntry;

#define JCP23_AR  "[JCP23] sec. IV.B argon: sigma 3.405e-10 m, m 6.634e-26 kg"
#define JCP23_NIP "[JCP23] sec. IV.B NiP: sigma 2.21e-10 m, m 9.266e-26 kg"
#define PRL20_AR  "[PRL20] p. 4 argon: sigma 3.4e-10 m, m 6e-26 kg"
#define PRL20_NI  "[PRL20] p. 4 nickel: sigma 2.21e-10 m, m 1.02e-25 kg"
#define PRINTED   ", printed mt; eps = mt hbar^2 / (m sigma^2)"

static const UnitsEntry table[] = {
    {"argon_prl20", 3.4e-10, 6e-26, 0, 4000, 0.0015, 0.73, PRL20_AR PRINTED},
    {"nickel_prl20", 2.21e-10, 1.02e-25, 0, 30000, 0.0002, 0.9, PRL20_NI PRINTED},
    {"argon_jcp23", 3.405e-10, 6.634e-26, 0, 1200, 0.005, 0.658, JCP23_AR PRINTED},
    {"nip_jcp23", 2.21e-10, 9.266e-26, 0, 5250, 0.0012, 1.118, JCP23_NIP PRINTED},
    {"argon_prl20_raw", 3.4e-10, 6e-26, 4 * 1.65e-21, 0, 0.0015, 0.73,
     PRL20_AR ", eps 4 x 1.65e-21 J; mt from them"},
    {"nickel_prl20_raw", 2.21e-10, 1.02e-25, 6.14e-20, 0, 0.0002, 0.9,
     PRL20_NI ", eps 6.14e-20 J; mt from them"},
    {"argon_jcp23_raw", 3.405e-10, 6.634e-26, 125.2 * DW_KB, 0, 0.005, 0.658,
     JCP23_AR ", eps/k_B 125.2 K; mt from them"},
    {"nip_jcp23_raw", 2.21e-10, 9.266e-26, 934 * DW_KB, 0, 0.0012, 1.118,
     JCP23_NIP ", eps/k_B 934 K; mt from them"},
    {"argon_lj", 3.405e-10, 39.948 * DW_AMU, 119.8 * DW_KB, 0, 0, 0,
     "Lennard-Jones argon (Rahman 1964): sigma 3.405e-10 m, eps/k_B 119.8 K, m 39.948 u"},
};

PetscErrorCode DWUnitsSetValues(PetscReal sigma, PetscReal eps, PetscReal mass, DWUnits *u)
{
  PetscFunctionBegin;
  PetscCheck(sigma > 0 && PetscIsNormalReal(sigma), PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "unit length sigma = %g m: must be positive", (double)sigma);
  PetscCheck(eps > 0 && PetscIsNormalReal(eps), PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "unit energy eps = %g J: must be positive", (double)eps);
  PetscCheck(mass > 0 && PetscIsNormalReal(mass), PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "unit mass m = %g kg: must be positive", (double)mass);
  PetscCall(PetscMemzero(u, sizeof(*u)));
  PetscCall(PetscStrncpy(u->name, "custom", sizeof(u->name)));
  u->sigma  = sigma;
  u->eps    = eps;
  u->mass   = mass;
  u->mt     = mass * sigma * sigma * eps / (DW_HBAR * DW_HBAR);
  u->kT_Q   = 2 * PETSC_PI / u->mt;
  u->T_Q    = 2 * PETSC_PI * DW_HBAR * DW_HBAR / (mass * sigma * sigma * DW_KB);
  u->tau    = PetscSqrtReal(mass * sigma * sigma / eps);
  u->source = "given by value";
  PetscFunctionReturn(0);
}

PetscErrorCode DWUnitsListNames(char buf[], size_t len)
{
  PetscFunctionBegin;
  buf[0] = 0;
  for (size_t k = 0; k < sizeof(table) / sizeof(table[0]); k++) {
    if (k) PetscCall(PetscStrlcat(buf, ", ", len));
    PetscCall(PetscStrlcat(buf, table[k].name, len));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DWUnitsGetByName(MPI_Comm comm, const char name[], DWUnits *u)
{
  char known[256];

  PetscFunctionBegin;
  for (size_t k = 0; k < sizeof(table) / sizeof(table[0]); k++) {
    PetscBool same;
    const UnitsEntry *e = &table[k];
    PetscCall(PetscStrcmp(name, e->name, &same));
    if (!same) continue;
    const PetscReal eps =
        e->mt > 0 ? e->mt * DW_HBAR * DW_HBAR / (e->mass * e->sigma * e->sigma) : e->eps;
    PetscCall(DWUnitsSetValues(e->sigma, eps, e->mass, u));
    if (e->mt > 0) { /* exactly the paper's number, not its round trip through eps */
      u->mt   = e->mt;
      u->kT_Q = 2 * PETSC_PI / e->mt;
    }
    PetscCall(PetscStrncpy(u->name, e->name, sizeof(u->name)));
    u->printed    = (PetscBool)(e->mt > 0);
    u->kT_Q_paper = e->kT_Q_paper;
    u->T_Q_paper  = e->T_Q_paper;
    u->source     = e->source;
    PetscFunctionReturn(0);
  }
  PetscCall(DWUnitsListNames(known, sizeof(known)));
  SETERRQ(comm, PETSC_ERR_ARG_UNKNOWN_TYPE, "unknown unit set '%s'; known sets: %s", name, known);
}

PetscErrorCode DWUnitsSetFromOptions(MPI_Comm comm, DWUnits *u, PetscBool *set)
{
  char name[32]   = "", known[256];
  PetscReal sigma = 0, epsK = 0, massu = 0;
  PetscBool sname, ss, se, sm;

  PetscFunctionBegin;
  PetscCall(DWUnitsListNames(known, sizeof(known)));
  PetscOptionsBegin(comm, NULL, "Physical units (mt = m sigma^2 eps / hbar^2)", "DWUnits");
  PetscCall(
      PetscOptionsString("-units", known, "DWUnitsGetByName", name, name, sizeof(name), &sname));
  PetscCall(PetscOptionsReal("-units_sigma", "length unit sigma (m)", "DWUnitsSetValues", sigma,
                             &sigma, &ss));
  PetscCall(PetscOptionsReal("-units_eps_K", "energy unit eps / k_B (K)", "DWUnitsSetValues", epsK,
                             &epsK, &se));
  PetscCall(PetscOptionsReal("-units_mass_u", "mass unit m (atomic mass units)", "DWUnitsSetValues",
                             massu, &massu, &sm));
  PetscOptionsEnd();
  PetscCheck(!sname || !(ss || se || sm), comm, PETSC_ERR_ARG_INCOMP,
             "give either -units %s or -units_sigma/-units_eps_K/-units_mass_u, not both", name);
  PetscCheck((ss && se && sm) || !(ss || se || sm), comm, PETSC_ERR_ARG_NULL,
             "a unit set by value needs all of -units_sigma, -units_eps_K and -units_mass_u");
  if (sname)
    PetscCall(DWUnitsGetByName(comm, name, u));
  else if (ss)
    PetscCall(DWUnitsSetValues(sigma, epsK * DW_KB, massu * DW_AMU, u));
  *set = (PetscBool)(sname || ss);
  PetscFunctionReturn(0);
}

PetscErrorCode DWUnitsDensityToSI(const DWUnits *u, PetscReal rho, PetscReal n0, PetscReal *n0_SI)
{
  PetscFunctionBegin;
  PetscCheck(rho > 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "number density rho = %g sigma^-3: must be positive", (double)rho);
  *n0_SI = n0 * rho / (u->eps * u->sigma * u->sigma * u->sigma);
  PetscFunctionReturn(0);
}

PetscErrorCode DWUnitsView(const DWUnits *u, PetscViewer viewer)
{
  PetscFunctionBegin;
  PetscCall(PetscViewerASCIIPrintf(
      viewer,
      "units_set: {name: %s, sigma_m: %.10g, eps_J: %.10g, eps_K: %.10g, mass_kg: %.10g, mt: "
      "%.10g, kT_Q_eps: %.6g, T_Q_K: %.6g, tau_s: %.6g, mt_from: \"%s\", source: \"%s\"}\n",
      u->name, (double)u->sigma, (double)u->eps, (double)(u->eps / DW_KB), (double)u->mass,
      (double)u->mt, (double)u->kT_Q, (double)u->T_Q, (double)u->tau,
      u->printed ? "printed (eps = mt hbar^2 / (m sigma^2))" : "m sigma^2 eps / hbar^2",
      u->source));
  PetscFunctionReturn(0);
}
