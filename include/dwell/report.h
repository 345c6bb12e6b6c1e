/* DWReport: the numbers of a campaign from its library DIR/library.h5 ([JCP23] Table I,
   [PRL20] Fig. 2; DESIGN.md section 4), per fictive temperature T_f and per unit set (mt):
     N_g    glasses done (/samples status 1), N_IS the inherent structures of those glasses,
     N_DW   the double wells of /dw at that T_f,
     N_TLS  the double wells whose splitting E (converged rows of /dw/quantum/NAME only) is
            below k_B T_Q = 2 pi / mt eps,
     the ratios N_IS/N_g, N_DW/N_g, N_DW/N_IS, N_TLS/N_DW of [JCP23] Table I, and
     n0     the plateau of n(E)/E, K / (N N_g (E_hi - E_lo)) for the K converged splittings in
            [E_lo, E_hi) (default [0, k_B T_Q), where K = N_TLS) with its Poisson error
            sqrt(K) / (N N_g (E_hi - E_lo)) (DWStatsPlateau, <dwell/stats.h>), in eps^-1 per
            particle and, for a built-in unit set, in J^-1 m^-3 at the model's number density
            (DWUnitsDensityToSI, <dwell/units.h>); with K = 0 also the Poisson 95% upper limit.
   The density is the campaign's option -rho, else the model's default. Rank 0 reads the
   library (through <dwell/library.h>) and computes; the YAML goes to DIR/report.yaml (written
   under a temporary name and renamed) and to stdout, followed by the same numbers as
   fixed-width tables in YAML comments (so stdout stays valid YAML). This is `dwell report`. */
#pragma once
#include <petscsys.h>

typedef struct _p_DWReport *DWReport;

/* Collective. A report with the window [0, 1) k_B T_Q; set its directory before computing. */
PetscErrorCode DWReportCreate(MPI_Comm comm, DWReport *r);
/* Collective. Frees everything. */
PetscErrorCode DWReportDestroy(DWReport *r);
/* Not collective. The campaign directory holding library.h5 (trailing slashes dropped). */
PetscErrorCode DWReportSetDirectory(DWReport r, const char dir[]);
/* Collective, the same values on every rank. The n0 window [E_lo, E_hi) in units of k_B T_Q;
   errors unless 0 <= E_lo < E_hi. */
PetscErrorCode DWReportSetWindow(DWReport r, PetscReal E_lo, PetscReal E_hi);
/* Not collective. The n0 window in units of k_B T_Q. */
PetscErrorCode DWReportGetWindow(DWReport r, PetscReal *E_lo, PetscReal *E_hi);
/* Collective. Rank 0 reads DIR/library.h5 and computes the numbers; an error there (no
   library, a damaged one) is every rank's. */
PetscErrorCode DWReportCompute(DWReport r);
/* Collective. Rank 0 writes DIR/report.yaml and prints the YAML and the tables on stdout, and
   warns on stderr where /dw and /samples disagree on a T_f's number of double wells. */
PetscErrorCode DWReportWrite(DWReport r);
