/* A path with an intermediate minimum is split into two double-well records with the right
   energies: the tilted triple well in a curved valley of neb_surfaces.h, whose stationary
   points are exact (minima x = -2, 0, 5/2 and saddles x = -1, 1 on y = 0.3 x^2, V = f(x)).
   From the outer minima (-2, 1.2) and (2.5, 1.875), started slightly off (the end points are
   minimised first), each method (ci, string) must
     - find exactly one split, three IS and two records;
     - give the record of the left pair with a = (-2) (deeper than 0), b = (0): E_a = f(-2),
       E_b = f(0), E_a + V_a = f(-1); the right pair with a = (5/2), b = (0), E_a + V_a = f(1);
       all to 1e-8 (end points minimised to |grad V| <= 1e-10, climbing image to 1e-9, with
       curvatures of order 1-60, so the energy errors are ~1e-18 and the positions ~1e-10);
     - report dV = E_b - E_a and V_b = V_a - dV/2 consistently, and xi increasing from 0 to 1.
   A call on two end points in the same basin ends with the reason "same IS" and no record. */
#include "testutil.h"
#include "neb_surfaces.h"

static PetscReal F(PetscReal u)
{
  PetscReal x[2] = {u, 0.3 * u * u}, V;
  TripleWell(x, &V, NULL, NULL);
  return V;
}

static void CheckRecord(MPI_Comm comm, const char *label, const DWDoubleWell *dw, PetscReal xa,
                        PetscReal xb, PetscReal xs)
{
  char what[128];
  PetscBool mono = PETSC_TRUE;
  for (PetscInt j = 1; j < dw->nimages; j++) mono = (PetscBool)(mono && dw->xi[j] > dw->xi[j - 1]);
  snprintf(what, sizeof(what), "%s [%g, %g]: |E_a - f(a)| + |E_b - f(b)|", label, (double)xa,
           (double)xb);
  DWTestLE(comm, what, PetscAbsReal(dw->E_a - F(xa)) + PetscAbsReal(dw->E_b - F(xb)), 1e-8);
  snprintf(what, sizeof(what), "%s [%g, %g]: |E_a + V_a - f(saddle %g)|", label, (double)xa,
           (double)xb, (double)xs);
  DWTestLE(comm, what, PetscAbsReal(dw->E_a + dw->V_a - F(xs)), 1e-8);
  snprintf(what, sizeof(what), "%s [%g, %g]: dV, V_b consistent, xi from 0 to 1, converged", label,
           (double)xa, (double)xb);
  DWTestTrue(comm, what,
             PetscAbsReal(dw->dV - (dw->E_b - dw->E_a)) < 1e-12 &&
                 PetscAbsReal(dw->V_b - dw->V_a + dw->dV / 2) < 1e-12 && dw->xi[0] == 0 &&
                 PetscAbsReal(dw->xi[dw->nimages - 1] - 1) < 1e-14 && mono && dw->converged);
}

static PetscErrorCode RunMethod(MPI_Comm comm, DWSurface s, DWNEBType type)
{
  const PetscReal a[2] = {-1.98, 1.25}, b[2] = {2.52, 1.85}, c[2] = {0.05, 0.02};
  DWNEB neb;
  DWNEBResult res;
  DWDoubleWell *rec;
  PetscInt n;

  PetscFunctionBegin;
  PetscCall(DWNEBCreate(comm, &neb));
  PetscCall(DWNEBSetType(neb, type));
  PetscCall(DWNEBSetTolerances(neb, 1e-9, 1e-2, 100000));
  PetscCall(DWNEBSetFromOptions(neb));
  PetscCall(DWNEBSetSurface(neb, s));
  PetscCall(DWNEBSolve(neb, a, b, &res));
  PetscCall(DWNEBGetRecords(neb, &n, &rec));
  PetscCall(PetscPrintf(comm,
                        "     %s: %s, %" PetscInt_FMT " records, %" PetscInt_FMT
                        " splits, %" PetscInt_FMT " IS, %" PetscInt_FMT " bands, %" PetscInt_FMT
                        " evaluations\n",
                        type, DWNEBReasonName(res.reason), res.nrecords, res.nsplits, res.nis,
                        res.nbands, res.force_evaluations));
  DWTestTrue(comm, "triple well: converged, 1 split, 3 IS, 2 records",
             res.reason == DW_NEB_CONVERGED && res.nsplits == 1 && res.nis == 3 && n == 2);
  for (PetscInt k = 0; k < n; k++) {
    if (rec[k].E_a < -5)
      CheckRecord(comm, type, &rec[k], 2.5, 0, 1);
    else
      CheckRecord(comm, type, &rec[k], -2, 0, -1);
  }
  PetscCall(DWNEBSolve(neb, c, (PetscReal[]){-0.04, -0.03}, &res));
  DWTestTrue(comm, "two starts in the same basin: reason same IS, no record",
             res.reason == DW_NEB_DIVERGED_SAME_IS && res.nrecords == 0);
  PetscCall(DWNEBDestroy(&neb));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  MPI_Comm comm;
  DWSurface s;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_SELF;
  PetscCall(TestSurfaceCreate(comm, TripleWell, &s));
  PetscCall(RunMethod(comm, s, DWNEB_CI));
  PetscCall(RunMethod(comm, s, DWNEB_STRING));
  PetscCall(DWSurfaceDestroy(&s));
  int status = DWTestFinish(comm);
  PetscCall(PetscFinalize());
  return status;
}
