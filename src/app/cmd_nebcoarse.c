/* dwell neb -in LIBRARY.h5 -neb_coarse: the coarse pass (src/screen/coarsepass.c; issue 16) on
   the IS pairs of the double wells of a campaign library or a path file of `dwell neb -out`
   (IS a = /dw/x_a, IS b = x_a + r_AB; include/dwell/io.h, DWNEBPaths), each followed by the
   full NEB when the pair is kept (always with -neb_coarse_full), to measure the coarse pass
   against it: per pair and unit set the lowest splitting of the full records E_full, the
   coarse bracket [min E_lo, min E_hi] over the coarse records (the pair is a TLS by its lowest
   E), and the decision; totals: evaluations of each pass, pairs discarded, TLS discarded
   (E_full < k_B T_Q but discarded: the error the margin must prevent). */
#include <dwell/screen.h>
#include <dwell/io.h>
#include "app/commands.h"

typedef struct {
  PetscInt pairs, discarded[DW_SCREEN_COARSE_MAX_UNITS], discarded_all;
  PetscInt tls[DW_SCREEN_COARSE_MAX_UNITS], tls_lost[DW_SCREEN_COARSE_MAX_UNITS];
  PetscInt compared[DW_SCREEN_COARSE_MAX_UNITS], inside[DW_SCREEN_COARSE_MAX_UNITS];
  PetscInt64 coarse_evaluations, full_evaluations, full_kept_evaluations;
  PetscReal over[DW_SCREEN_COARSE_MAX_UNITS];  /* largest E_lo / E_full: the discard's risk */
  PetscReal under[DW_SCREEN_COARSE_MAX_UNITS]; /* largest E_full / E_hi */
} CoarseTotals;

/* The lowest full splitting of the records for unit k (NaN when none solves). */
static PetscErrorCode FullLowest(DWTunnel t, PetscReal mt, PetscInt n, const DWDoubleWell rec[],
                                 PetscReal *E_min)
{
  PetscFunctionBegin;
  *E_min = NAN;
  PetscCall(DWTunnelSetMass(t, mt));
  for (PetscInt i = 0; i < n; i++) {
    PetscReal E, E_tol;

    PetscCall(DWScreenSplitting(t, rec[i].nimages, rec[i].xi, rec[i].V, rec[i].d, &E, &E_tol));
    if (!PetscIsNanReal(E) && !(E >= *E_min)) *E_min = E;
  }
  PetscFunctionReturn(0);
}

/* One pair: the coarse pass, the full NEB if kept (or asked), one YAML line per unit set. */
static PetscErrorCode OnePair(MPI_Comm comm, PetscInt row, DWNEB coarse, DWNEB full,
                              const DWCoarseOptions *o, DWTunnel t, PetscBool always,
                              const PetscReal xa[], const PetscReal xb[], CoarseTotals *tot)
{
  DWCoarsePass p;
  DWNEBResult res   = {0};
  DWDoubleWell *rec = NULL;
  PetscInt n        = 0;
  PetscBool run;

  PetscFunctionBegin;
  PetscCall(DWScreenCoarsePassRun(coarse, o, t, xa, xb, &p));
  run = (PetscBool)(p.keep_any || always);
  if (run) {
    PetscCall(DWNEBSolve(full, xa, xb, &res));
    PetscCall(DWNEBGetRecords(full, &n, &rec));
  }
  tot->pairs++;
  tot->discarded_all += !p.keep_any;
  tot->coarse_evaluations += p.evaluations;
  tot->full_evaluations += res.force_evaluations;
  if (p.keep_any) tot->full_kept_evaluations += res.force_evaluations;
  PetscCall(PetscPrintf(comm,
                        "  - {row: %" PetscInt_FMT ", coarse: {status: %s, records: %" PetscInt_FMT
                        ", evaluations: %" PetscInt_FMT
                        "}, full: {status: %s, records: %" PetscInt_FMT
                        ", evaluations: %" PetscInt_FMT "}}\n",
                        row, DWNEBReasonName(p.reason), p.nrec, p.evaluations,
                        run ? DWNEBReasonName(res.reason) : "skipped", n, res.force_evaluations));
  for (PetscInt k = 0; k < o->nunits; k++) {
    PetscReal E_full = NAN, lo = PETSC_INFINITY, hi = PETSC_INFINITY;

    for (PetscInt i = 0; i < p.nrec; i++) {
      lo = PetscMin(lo, p.rec[i].E[k].E_lo);
      hi = PetscMin(hi, p.rec[i].E[k].E_hi);
    }
    if (!p.keep[k]) tot->discarded[k]++;
    if (run) PetscCall(FullLowest(t, o->mt[k], n, rec, &E_full));
    if (!PetscIsNanReal(E_full) && p.nrec) {
      const PetscBool in = (PetscBool)(E_full >= lo && E_full <= hi);

      tot->compared[k]++;
      tot->inside[k] += in;
      tot->over[k]  = PetscMax(tot->over[k], lo / E_full);
      tot->under[k] = PetscMax(tot->under[k], E_full / hi);
      tot->tls[k] += E_full < o->kT_Q[k];
      tot->tls_lost[k] += E_full < o->kT_Q[k] && !p.keep[k];
    }
    PetscCall(PetscPrintf(
        comm, "      %s: {E_full: %.4e, E_lo: %.4e, E_hi: %.4e, kT_Q: %.4e, keep: %s}\n",
        o->names[k], (double)E_full, (double)lo, (double)hi, (double)o->kT_Q[k],
        p.keep[k] ? "true" : "false"));
  }
  PetscCall(DWScreenCoarsePassReset(&p));
  PetscFunctionReturn(0);
}

static PetscErrorCode PrintTotals(MPI_Comm comm, const DWCoarseOptions *o, const CoarseTotals *t)
{
  PetscFunctionBegin;
  PetscCall(PetscPrintf(comm,
                        "totals:\n  pairs: %" PetscInt_FMT "\n  discarded: %" PetscInt_FMT
                        "   # for every unit set: the full NEB skipped\n",
                        t->pairs, t->discarded_all));
  PetscCall(PetscPrintf(comm,
                        "  evaluations: {coarse: %" PetscInt64_FMT ", full: %" PetscInt64_FMT
                        ", full_of_kept: %" PetscInt64_FMT "}   # force evaluations, all pairs\n",
                        t->coarse_evaluations, t->full_evaluations, t->full_kept_evaluations));
  for (PetscInt k = 0; k < o->nunits; k++)
    PetscCall(PetscPrintf(comm,
                          "  %s: {discarded: %" PetscInt_FMT ", tls_full: %" PetscInt_FMT
                          ", tls_discarded: %" PetscInt_FMT ", inside_bound: %" PetscInt_FMT
                          ", compared: %" PetscInt_FMT
                          ", max_E_lo_over_E_full: %.3f, max_E_full_over_E_hi: %.3f}\n",
                          o->names[k], t->discarded[k], t->tls[k], t->tls_lost[k], t->inside[k],
                          t->compared[k], (double)t->over[k], (double)t->under[k]));
  PetscFunctionReturn(0);
}

PetscErrorCode DWAppNEBCoarseLibrary(MPI_Comm comm, const char in[], const DWCoarseOptions *o,
                                     DWTunnel t, PetscBool always)
{
  DWNEBPaths paths;
  CoarseTotals tot;
  DWPotential pot = NULL;
  DWMinimizer min;
  DWSurface s = NULL;
  DWNEB coarse, full;
  PetscReal *xb;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(&tot, sizeof(tot)));
  PetscCall(DWNEBPathsRead(comm, in, 0, NULL, &paths));
  PetscCall(DWMinimizerCreate(comm, &min));
  PetscCall(DWMinimizerSetFromOptions(min));
  PetscCall(DWNEBCreate(comm, &coarse));
  PetscCall(DWNEBSetFromOptions(coarse));
  PetscCall(DWNEBCreate(comm, &full));
  PetscCall(DWNEBSetFromOptions(full));
  PetscCall(PetscMalloc1(paths.n, &xb));
  PetscCall(PetscPrintf(comm, "in: %s\nmodel: %s\npairs:   # E in eps\n", in, paths.model));
  for (PetscInt d = 0; d < paths.ndw; d++) {
    const PetscReal *xa = paths.x_a + d * paths.n;

    if (!d || paths.sample[d] != paths.sample[d - 1]) {
      PetscCall(DWSurfaceDestroy(&s));
      PetscCall(DWPotentialDestroy(&pot));
      PetscCall(DWPotentialCreate(comm, &pot));
      PetscCall(DWPotentialSetFromOptions(pot));
      PetscCall(DWPotentialSetUp(pot, paths.config[paths.sample[d]]));
      PetscCall(DWSurfaceCreateParticles(paths.config[paths.sample[d]], pot, min, &s));
      PetscCall(DWNEBSetSurface(coarse, s));
      PetscCall(DWNEBSetSurface(full, s));
    }
    for (PetscInt j = 0; j < paths.n; j++) xb[j] = xa[j] + paths.r[0][d * paths.n + j];
    PetscCall(OnePair(comm, paths.row[d], coarse, full, o, t, always, xa, xb, &tot));
  }
  PetscCall(PrintTotals(comm, o, &tot));
  PetscCall(PetscFree(xb));
  PetscCall(DWNEBDestroy(&coarse));
  PetscCall(DWNEBDestroy(&full));
  PetscCall(DWSurfaceDestroy(&s));
  PetscCall(DWPotentialDestroy(&pot));
  PetscCall(DWMinimizerDestroy(&min));
  PetscCall(DWNEBPathsReset(&paths));
  PetscFunctionReturn(0);
}
