/* The coarse pass's error bound (DWScreenCoarseSplitting) against the full NEB on real pairs:
   the two quickstart pairs of tests/landscape/data (pss, N = 250; "flutter" and "kink", see
   tests/landscape/test_neb_stall.c), -data DIR.
   Coarse pass: the climbing string (-neb_type string) with -coarse_images (default 10) images
   at -coarse_ftol (default 1e-3 eps/sigma, ten times the protocol's 1e-4). Full pass: the
   protocol's NEB (ci, 40 images, ftol 1e-4; [JCP23] II.D). Each full record is matched to the
   coarse record between the same two IS (DWISSame on both ends, either orientation); for the
   masses of argon and nickel ([PRL20]: mt = 4000, 30000) the full record's splitting E (the
   campaign's DWTunnel settings) is compared with the coarse [E_lo, E_hi] (printed, and how many
   lie inside: the bound does not cover the coarse path's change of shape, see
   include/dwell/screen.h). Checked: the decision rule with its margin,
   E_lo / c <= E_full <= c E_hi with c = DW_SCREEN_COARSE_MULTIPLE, so that a pair discarded
   at E_max = c k_B T_Q (E_lo > c k_B T_Q) has E_full > k_B T_Q; and every record with
   E_full < k_B T_Q kept (none of these pairs is a TLS: E_full is 3e-3 to 1.3e-2 eps).
   Measured 2026-12-03: 3 of 8 inside the bound; the worst ratio E_lo / E_full 1.13 (flutter,
   mt = 30000: coarse d 3.19 sigma against the full 3.51, E 4.58e-3 against 2.94e-3 eps).
   Costs 40 s of CPU (the flutter pair's full NEB: 24000 iterations). */
#include "testutil.h"
#include <dwell/io.h>
#include <dwell/neb.h>
#include <dwell/screen.h>
#include <dwell/surface.h>
#include <math.h>

typedef struct {
  DWSystem sys;
  DWPotential pot;
  DWSurface s;
  DWNEB neb;
  PetscInt n;
  DWDoubleWell *rec;
} Pass;

static PetscErrorCode RunPass(DWSystem a, DWMinimizer min, const PetscReal *xa, const PetscReal *xb,
                              const char options[], Pass *p)
{
  MPI_Comm comm;
  DWNEBResult res;

  PetscFunctionBegin;
  PetscCall(DWSystemGetComm(a, &comm));
  PetscCall(DWPotentialCreate(comm, &p->pot));
  PetscCall(DWPotentialSetType(p->pot, DWPOTENTIAL_PSS));
  PetscCall(DWPotentialSetUp(p->pot, a));
  PetscCall(DWSurfaceCreateParticles(a, p->pot, min, &p->s));
  PetscCall(PetscOptionsInsertString(NULL, options));
  PetscCall(DWNEBCreate(comm, &p->neb));
  PetscCall(DWNEBSetFromOptions(p->neb));
  PetscCall(DWNEBSetSurface(p->neb, p->s));
  PetscCall(DWNEBSolve(p->neb, xa, xb, &res));
  PetscCall(DWNEBGetRecords(p->neb, &p->n, &p->rec));
  PetscCall(PetscPrintf(comm, "     [%s]: %s, %" PetscInt_FMT " DW, %" PetscInt_FMT " iterations\n",
                        options, DWNEBReasonName(res.reason), p->n, res.iterations));
  PetscCall(PetscOptionsClearValue(NULL, "-neb_type"));
  PetscCall(PetscOptionsClearValue(NULL, "-neb_images"));
  PetscCall(PetscOptionsClearValue(NULL, "-neb_ftol"));
  PetscFunctionReturn(0);
}

static PetscErrorCode PassDestroy(Pass *p)
{
  PetscFunctionBegin;
  PetscCall(DWNEBDestroy(&p->neb));
  PetscCall(DWSurfaceDestroy(&p->s));
  PetscCall(DWPotentialDestroy(&p->pot));
  PetscFunctionReturn(0);
}

/* Whether IS id of pass p and IS jd of pass q are the same IS. */
static PetscErrorCode SameIS(Pass *p, PetscInt id, Pass *q, PetscInt jd, PetscInt N, PetscReal L,
                             PetscBool *same)
{
  PetscReal Ep, Eq;
  const PetscReal *xp, *xq;

  PetscFunctionBegin;
  PetscCall(DWNEBGetInherentStructure(p->neb, id, &Ep, &xp));
  PetscCall(DWNEBGetInherentStructure(q->neb, jd, &Eq, &xq));
  *same = DWISSame(N, L, Ep / N, xp, Eq / N, xq, 1e-8, 1e-3);
  PetscFunctionReturn(0);
}

static PetscErrorCode Compare(MPI_Comm comm, const char name[], Pass *coarse, Pass *full,
                              PetscInt N, PetscReal L, DWTunnel t, PetscInt *compared,
                              PetscInt *inside)
{
  const PetscReal masses[2] = {4000, 30000};
  char what[256];

  PetscFunctionBegin;
  for (PetscInt f = 0; f < full->n; f++) {
    const DWDoubleWell *wf = &full->rec[f];
    PetscInt match         = -1;
    for (PetscInt c = 0; c < coarse->n && match < 0; c++) {
      PetscBool s1, s2, s3, s4;
      PetscCall(SameIS(full, wf->is_a, coarse, coarse->rec[c].is_a, N, L, &s1));
      PetscCall(SameIS(full, wf->is_b, coarse, coarse->rec[c].is_b, N, L, &s2));
      PetscCall(SameIS(full, wf->is_a, coarse, coarse->rec[c].is_b, N, L, &s3));
      PetscCall(SameIS(full, wf->is_b, coarse, coarse->rec[c].is_a, N, L, &s4));
      if ((s1 && s2) || (s3 && s4)) match = c;
    }
    PetscCall(PetscPrintf(comm,
                          "     %s full record %" PetscInt_FMT
                          ": dV %.4e V_b %.4e d %.4f, coarse record %" PetscInt_FMT "\n",
                          name, f, (double)wf->dV, (double)wf->V_b, (double)wf->d, match));
    if (match < 0) continue;
    for (int k = 0; k < 2; k++) {
      const DWDoubleWell *wc = &coarse->rec[match];
      const PetscReal kT_Q   = 2 * PETSC_PI / masses[k];
      PetscReal E, E_tol, d_half = 0;
      DWCoarseSplitting cs;

      PetscCall(DWTunnelSetMass(t, masses[k]));
      PetscCall(DWScreenSplitting(t, wf->nimages, wf->xi, wf->V, wf->d, &E, &E_tol));
      PetscCall(DWScreenCoarseHalfLength(coarse->s, wc, &d_half));
      PetscCall(DWScreenCoarseSplitting(t, wc->nimages, wc->xi, wc->V, wc->d, d_half,
                                        DW_SCREEN_COARSE_MULTIPLE * kT_Q, &cs));
      PetscCall(PetscPrintf(comm,
                            "       mt %5g: E_full %.4e, coarse E %.4e bound %.3e [%.4e, %.4e] "
                            "(E_half %.4e, E_long %.4e; d %.4f coarse %.4f d_half %.4f) keep %d\n",
                            (double)masses[k], (double)E, (double)cs.E, (double)cs.bound,
                            (double)cs.E_lo, (double)cs.E_hi, (double)cs.E_half, (double)cs.E_long,
                            (double)wf->d, (double)wc->d, (double)d_half, (int)cs.keep));
      if (PetscIsNanReal(E)) continue;
      *inside += E >= cs.E_lo && E <= cs.E_hi;
      (*compared)++;
      PetscCall(PetscSNPrintf(what, sizeof(what),
                              "%s record %" PetscInt_FMT ", mt %g: E_lo / c <= E_full <= c E_hi",
                              name, f, (double)masses[k]));
      DWTestTrue(comm, what,
                 E >= cs.E_lo / DW_SCREEN_COARSE_MULTIPLE &&
                     E <= DW_SCREEN_COARSE_MULTIPLE * cs.E_hi);
      if (E < kT_Q) {
        PetscCall(PetscSNPrintf(what, sizeof(what),
                                "%s record %" PetscInt_FMT ", mt %g: a TLS, kept", name, f,
                                (double)masses[k]));
        DWTestTrue(comm, what, cs.keep);
      }
    }
  }
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  MPI_Comm comm;
  char data[PETSC_MAX_PATH_LEN] = ".", path[PETSC_MAX_PATH_LEN], coarse_opts[128];
  const char *names[2]          = {"flutter", "kink"};
  PetscInt images = 10, N, compared = 0, inside = 0;
  PetscReal ftol = 1e-3, L;
  DWMinimizer min;
  DWTunnel t;
  int status;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_WORLD;
  PetscCall(PetscOptionsGetString(NULL, NULL, "-data", data, sizeof(data), NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-coarse_images", &images, NULL));
  PetscCall(PetscOptionsGetReal(NULL, NULL, "-coarse_ftol", &ftol, NULL));
  PetscCall(PetscSNPrintf(coarse_opts, sizeof(coarse_opts),
                          "-neb_type string -neb_images %" PetscInt_FMT " -neb_ftol %g", images,
                          (double)ftol));
  PetscCall(DWMinimizerCreate(comm, &min));
  PetscCall(DWMinimizerSetFromOptions(min));
  PetscCall(DWTunnelCreate(PETSC_COMM_SELF, &t));
  PetscCall(DWTunnelSetSplineEnds(t, DW_SPLINE_MINIMA));
  PetscCall(DWTunnelSetFromOptions(t));
  PetscCall(DWTunnelSetRequireDoubleWell(t, PETSC_FALSE));
  for (int c = 0; c < 2; c++) {
    DWSystem ab[2];
    PetscReal *xa, *xb;
    Pass coarse, full;

    for (int e = 0; e < 2; e++) {
      PetscCall(PetscSNPrintf(path, sizeof(path), "%s/neb_%s_%c.xyz", data, names[c], 'a' + e));
      PetscCall(DWSystemReadXYZ(comm, path, &ab[e]));
    }
    PetscCall(DWSystemGetSize(ab[0], &N));
    PetscCall(DWSystemGetBox(ab[0], &L));
    PetscCall(DWSystemGetPositions(ab[0], &xa));
    PetscCall(DWSystemGetPositions(ab[1], &xb));
    PetscCall(RunPass(ab[0], min, xa, xb, coarse_opts, &coarse));
    PetscCall(RunPass(ab[0], min, xa, xb, "-neb_type ci -neb_images 40 -neb_ftol 1e-4", &full));
    PetscCall(Compare(comm, names[c], &coarse, &full, N, L, t, &compared, &inside));
    PetscCall(PassDestroy(&coarse));
    PetscCall(PassDestroy(&full));
    for (int e = 0; e < 2; e++) PetscCall(DWSystemDestroy(&ab[e]));
  }
  PetscCall(PetscPrintf(comm,
                        "     %" PetscInt_FMT " of %" PetscInt_FMT
                        " (record, mass) pairs inside the coarse [E_lo, E_hi]\n",
                        inside, compared));
  DWTestTrue(comm, "records compared (the passes found the same IS pairs)", compared >= 4);
  PetscCall(DWTunnelDestroy(&t));
  PetscCall(DWMinimizerDestroy(&min));
  status = DWTestFinish(comm);
  PetscCall(PetscFinalize());
  return status;
}
