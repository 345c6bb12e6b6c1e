/* Physical units of dwell's reduced units (length sigma, energy eps, mass m, k_B = 1) for the
   quantum problem of a double well.

   The quantum mechanics enters only through the dimensionless mass ([PRL20] eq. 2,
   [JCP23] eq. 9)
       mt = m sigma^2 eps / hbar^2,
   and through the temperature below which quantum effects matter, T_Q, at which the thermal
   de Broglie wavelength sqrt(2 pi hbar^2 / (m k_B T)) equals sigma:
       k_B T_Q = 2 pi hbar^2 / (m sigma^2) = (2 pi / mt) eps.
   A double well is a two-level system (TLS) when its splitting is E < k_B T_Q. The time unit
   is tau = sqrt(m sigma^2 / eps). A density of double wells per particle and per unit of
   splitting, n0 (eps^-1), in a glass of number density rho (sigma^-3), is
       n0 rho / (eps sigma^3)  in J^-1 m^-3.

   The papers' unit sets are built in by name (src/core/units.c lists each number and where
   it comes from). For each material there are two sets:
     NAME      (argon_prl20, nickel_prl20, argon_jcp23, nip_jcp23) the mt the paper prints
               and its results use (4000, 30000, 1200, 5250), exactly; in SI they take the
               paper's sigma and m and the energy unit eps = mt hbar^2 / (m sigma^2), so
               T_Q (which depends on m and sigma only) is the paper's;
     NAME_raw  the paper's sigma, eps and m as printed, mt computed from them (4116.24,
               27504.3, 1195.49, 5247.53).
   argon_lj is textbook Lennard-Jones argon, given by value.
   Constants: CODATA 2018 (hbar, u; k_B exact). */
#pragma once
#include <petscviewer.h>

#define DW_HBAR 1.054571817e-34   /* J s */
#define DW_KB   1.380649e-23      /* J / K (exact) */
#define DW_AMU  1.66053906660e-27 /* kg */

typedef struct {
  char name[32];
  PetscReal sigma;      /* m */
  PetscReal eps;        /* J */
  PetscReal mass;       /* kg */
  PetscReal mt;         /* m sigma^2 eps / hbar^2 */
  PetscReal kT_Q;       /* k_B T_Q in eps, 2 pi / mt */
  PetscReal T_Q;        /* K */
  PetscReal tau;        /* s */
  PetscBool printed;    /* mt is the paper's printed number and eps follows from it */
  PetscReal kT_Q_paper; /* the k_B T_Q (eps) the paper quotes (0 for a set given by value) */
  PetscReal T_Q_paper;  /* the T_Q (K) the paper quotes (0 for a set given by value) */
  const char *source;   /* where the numbers come from */
} DWUnits;

/* Not collective. The set of (sigma in m, eps in J, m in kg); errors on a non-positive or
   non-finite value, naming it. */
PetscErrorCode DWUnitsSetValues(PetscReal sigma, PetscReal eps, PetscReal mass, DWUnits *u);
/* Not collective. A built-in set by name; errors listing the known names. */
PetscErrorCode DWUnitsGetByName(MPI_Comm comm, const char name[], DWUnits *u);
/* Writes the comma-separated list of built-in names into buf. */
PetscErrorCode DWUnitsListNames(char buf[], size_t len);
/* Collective. Reads -units NAME, or -units_sigma (m), -units_eps_K (eps / k_B in K) and
   -units_mass_u (m in atomic mass units), all three; *set says whether any was given. */
PetscErrorCode DWUnitsSetFromOptions(MPI_Comm comm, DWUnits *u, PetscBool *set);
/* Not collective. n0 (eps^-1 per particle) at number density rho (sigma^-3) in J^-1 m^-3. */
PetscErrorCode DWUnitsDensityToSI(const DWUnits *u, PetscReal rho, PetscReal n0, PetscReal *n0_SI);
/* Prints the set as one YAML line (name, sigma_m, eps_J, eps_K, mass_kg, mt, kT_Q_eps, T_Q_K,
   tau_s, mt_from: how mt and eps are related, source). */
PetscErrorCode DWUnitsView(const DWUnits *u, PetscViewer viewer);
