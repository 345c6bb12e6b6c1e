/* The coarse pass of a pair (DWScreenCoarsePassRun, src/screen/coarsepass.c) on a surface
   whose stationary points are exact: the tilted triple well in a curved valley of
   tests/landscape/neb_surfaces.h, minima x = -2, 0, 5/2 (y = q x^2), saddles x = -1, 1, with
   V = f(x) there. Pairs: (-2, 0) through the saddle at -1, and (-2, 5/2), which the pass splits
   at the minimum x = 0 into two records.
   Checks, per record: (1) the barrier top of the coarse profile, E_a + V_a, is the exact saddle
   energy f(x_s) within 1e-6 (the climbing image at |F| <= ftol = 1e-3 lies within
   ftol / |f''(x_s)| of the saddle, so its energy is off by ftol^2 / (2 |f''|) < 1e-7 here;
   the minimised ends add less); (2) dV = |f(x_b) - f(x_a)| of the two exact minima within
   1e-6; (3) for the masses
   mt = 4000 and 30000 ([PRL20]) the splitting of the fine pass (the climbing string of
   40 images at ftol 1e-6, its path length and profile) lies in the coarse [E_lo, E_hi];
   (4) the coarse pass spends fewer force evaluations than the fine one; (5) the decision:
   E_max = 10^6 k_B T_Q keeps every record, E_max = 0 discards every one whose E_lo > 0. */
#include "testutil.h"
#include "landscape/neb_surfaces.h"
#include <dwell/screen.h>

static PetscReal F(PetscReal x)
{
  PetscReal V, p[2] = {x, 0.3 * x * x};

  TripleWell(p, &V, NULL, NULL);
  return V;
}

/* The lowest splitting of the records of neb for mass mt. */
static PetscErrorCode FineE(DWNEB neb, DWTunnel t, PetscReal mt, PetscInt i, PetscReal *E)
{
  DWDoubleWell *rec;
  PetscInt n;
  PetscReal E_tol;

  PetscFunctionBegin;
  PetscCall(DWNEBGetRecords(neb, &n, &rec));
  PetscCall(DWTunnelSetMass(t, mt));
  PetscCall(DWScreenSplitting(t, rec[i].nimages, rec[i].xi, rec[i].V, rec[i].d, E, &E_tol));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckPair(MPI_Comm comm, DWSurface s, DWTunnel t, const DWCoarseOptions *o,
                                PetscReal xa, PetscReal xb, PetscInt nrec,
                                const PetscReal saddles[], const PetscReal minima[])
{
  const PetscReal a[2] = {xa, 0.3 * xa * xa}, b[2] = {xb, 0.3 * xb * xb};
  DWNEB coarse, fine;
  DWNEBResult res;
  DWCoarsePass p;
  DWDoubleWell *rec;
  PetscInt n;
  char what[160];

  PetscFunctionBegin;
  PetscCall(DWNEBCreate(comm, &coarse));
  PetscCall(DWNEBSetSurface(coarse, s));
  PetscCall(DWScreenCoarsePassRun(coarse, o, t, a, b, &p));
  PetscCall(DWNEBGetRecords(coarse, &n, &rec));
  PetscCall(DWNEBCreate(comm, &fine));
  PetscCall(DWNEBSetImages(fine, 40));
  PetscCall(DWNEBSetTolerances(fine, 1e-6, 1e-3, 100000));
  PetscCall(DWNEBSetSurface(fine, s));
  PetscCall(DWNEBSolve(fine, a, b, &res));
  PetscCall(PetscPrintf(comm,
                        "     pair %g - %g: coarse %s, %" PetscInt_FMT " records, %" PetscInt_FMT
                        " evaluations; fine %s, %" PetscInt_FMT " records, %" PetscInt_FMT
                        " evaluations\n",
                        (double)xa, (double)xb, DWNEBReasonName(p.reason), p.nrec, p.evaluations,
                        DWNEBReasonName(res.reason), res.nrecords, res.force_evaluations));
  PetscCall(PetscSNPrintf(what, sizeof(what), "pair %g - %g: %" PetscInt_FMT " records in both",
                          (double)xa, (double)xb, nrec));
  DWTestTrue(comm, what, p.nrec == nrec && res.nrecords == nrec);
  DWTestTrue(comm, "the coarse pass spends fewer evaluations",
             p.evaluations < res.force_evaluations);
  for (PetscInt i = 0; i < p.nrec && p.nrec == nrec && res.nrecords == nrec; i++) {
    const PetscReal xs = saddles[i];
    PetscReal top      = 0;

    for (PetscInt j = 0; j < p.rec[i].nimages; j++) top = PetscMax(top, p.rec[i].V[j]);
    PetscCall(PetscSNPrintf(what, sizeof(what), "record %" PetscInt_FMT ": E_a + V_a = f(%g)", i,
                            (double)xs));
    DWTestLE(comm, what, PetscAbsReal(rec[i].E_a + top - F(xs)), 1e-6);
    PetscCall(PetscSNPrintf(what, sizeof(what), "record %" PetscInt_FMT ": dV = |f(%g) - f(%g)|", i,
                            (double)minima[i], (double)minima[i + 1]));
    DWTestLE(comm, what, PetscAbsReal(p.rec[i].dV - PetscAbsReal(F(minima[i + 1]) - F(minima[i]))),
             1e-6);
    for (PetscInt k = 0; k < o->nunits; k++) {
      const DWCoarseSplitting *c = &p.rec[i].E[k];
      PetscReal E;

      PetscCall(FineE(fine, t, o->mt[k], i, &E));
      PetscCall(PetscPrintf(comm,
                            "       record %" PetscInt_FMT " mt %g: E_fine %.6e in [%.6e, %.6e] "
                            "(coarse %.6e, bound %.2e)\n",
                            i, (double)o->mt[k], (double)E, (double)c->E_lo, (double)c->E_hi,
                            (double)c->E, (double)c->bound));
      PetscCall(PetscSNPrintf(what, sizeof(what),
                              "record %" PetscInt_FMT ", mt %g: E_fine in [E_lo, E_hi]", i,
                              (double)o->mt[k]));
      DWTestTrue(comm, what, E >= c->E_lo && E <= c->E_hi);
      DWTestTrue(comm, "kept when E_max is large", c->keep);
      {
        DWCoarseSplitting c0;

        PetscCall(DWScreenCoarseSplitting(t, p.rec[i].nimages, p.rec[i].xi, p.rec[i].V, p.rec[i].d,
                                          p.rec[i].d_half, 0, &c0));
        DWTestTrue(comm, "discarded at E_max = 0 when E_lo > 0", !c0.keep || !(c0.E_lo > 0));
      }
    }
  }
  PetscCall(DWScreenCoarsePassReset(&p));
  PetscCall(DWNEBDestroy(&fine));
  PetscCall(DWNEBDestroy(&coarse));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  MPI_Comm comm;
  DWSurface s;
  DWTunnel t;
  DWCoarseOptions o;
  const PetscReal s1[1] = {-1}, s2[2] = {-1, 1}, m1[2] = {-2, 0}, m2[3] = {-2, 0, 2.5};
  int status;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_WORLD;
  PetscCall(DWCoarseOptionsSetFromOptions(comm, &o));
  o.multiple = 1e6; /* keep everything: the bracket is what is checked */
  PetscCall(TestSurfaceCreate(comm, TripleWell, &s));
  PetscCall(DWTunnelCreate(PETSC_COMM_SELF, &t));
  PetscCall(DWTunnelSetSplineEnds(t, DW_SPLINE_MINIMA));
  PetscCall(DWTunnelSetFromOptions(t));
  PetscCall(DWTunnelSetRequireDoubleWell(t, PETSC_FALSE));
  PetscCall(CheckPair(comm, s, t, &o, -2, 0, 1, s1, m1));
  PetscCall(CheckPair(comm, s, t, &o, -2, 2.5, 2, s2, m2));
  PetscCall(DWTunnelDestroy(&t));
  PetscCall(DWSurfaceDestroy(&s));
  status = DWTestFinish(comm);
  PetscCall(PetscFinalize());
  return status;
}
