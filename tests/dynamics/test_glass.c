/* The glass protocol (DWGlass), in memory, on pss N = 300 at T_f = 0.2 (hybrid swap MC/MD,
   400 blocks = 20 tau, about 10 tau_alpha) quenched instantaneously to T_exp = 0.04 and held
   there 10 tau with the Berendsen thermostat:
   - the run completes and measures tau_alpha (> 0) on the swap dynamics;
   - the Nose-Hoover thermostat holds T_f: the mean kinetic temperature of the record rows
     of the second half is within 5% of T_f (about 20 rows, each fluctuating by
     sqrt(2/(3N)) = 4.7%: standard error ~1%);
   - the glass has kinetic temperature T_exp within 15% (one snapshot: 3 x 4.7%) and a lower
     potential energy per particle than the equilibrated liquid;
   - the same seed gives bit-identical configurations and velocities, another seed another glass;
   - restore: the checkpoint fields taken at the 5th synchronisation point of run A (deep
     copied, as a file would hold them) restore a fresh glass B, which finishes
     bit-identically to A (equilibrated and quenched configurations, velocities, records). */
#include "testutil.h"
#include <dwell/glass.h>

typedef struct {
  PetscInt calls, at;
  DWFieldList copy;
} Capture;

/* Deep copy of the checkpoint fields at the at-th call. */
static PetscErrorCode CaptureFields(DWGlass glass, void *ctx)
{
  Capture *c       = (Capture *)ctx;
  DWFieldList list = {0};

  PetscFunctionBegin;
  if (++c->calls != c->at) PetscFunctionReturn(0);
  PetscCall(DWGlassGetCheckpointFields(glass, &list));
  for (PetscInt k = 0; k < list.n; k++) {
    const DWField *f = &list.f[k];
    PetscInt dims[2] = {f->dims[0], f->dims[1]};
    size_t n = 1, size = f->type == DW_FIELD_REAL
                             ? sizeof(PetscReal)
                             : (f->type == DW_FIELD_INT ? sizeof(PetscInt) : sizeof(uint64_t));
    void *data;
    if (f->type == DW_FIELD_STRING) {
      dims[0] = (PetscInt)strlen((const char *)f->data);
      size    = 1;
      n       = (size_t)dims[0] + 1;
    } else {
      if (f->rank > 0) n *= (size_t)f->dims[0];
      if (f->rank > 1) n *= (size_t)f->dims[1];
    }
    PetscCall(DWFieldListAddOwned(&c->copy, f->name, f->type,
                                  f->type == DW_FIELD_STRING ? 1 : f->rank, dims, &data));
    if (n) PetscCall(PetscMemcpy(data, f->data, n * size));
    c->copy.f[c->copy.n - 1].rank = f->rank;
  }
  PetscCall(DWFieldListDestroy(&list));
  PetscFunctionReturn(0);
}

static PetscErrorCode MakeGlass(MPI_Comm comm, PetscInt seed, Capture *capture, DWGlass *glass)
{
  PetscFunctionBegin;
  PetscCall(DWGlassCreate(comm, glass));
  PetscCall(DWGlassSetFromOptions(*glass));
  PetscCall(DWGlassSetSize(*glass, 300));
  PetscCall(DWGlassSetTemperatures(*glass, 0.2, 0.04));
  PetscCall(DWGlassSetSeed(*glass, seed));
  PetscCall(DWGlassSetIdentity(*glass, "test_glass"));
  PetscCall(DWGlassSetUp(*glass));
  if (capture) PetscCall(DWGlassSetCheckpointFunction(*glass, CaptureFields, capture));
  PetscFunctionReturn(0);
}

/* Bitwise equality of the two glasses' systems, velocities and records. */
static PetscErrorCode Same(DWGlass a, DWGlass b, PetscBool *same)
{
  DWSystem sa[2], sb[2];
  DWFieldList la = {0}, lb = {0};
  PetscBool eq[2];

  PetscFunctionBegin;
  PetscCall(DWGlassGetSystems(a, &sa[0], &sa[1]));
  PetscCall(DWGlassGetSystems(b, &sb[0], &sb[1]));
  PetscCall(DWSystemEqual(sa[0], sb[0], &eq[0]));
  PetscCall(DWSystemEqual(sa[1], sb[1], &eq[1]));
  *same = (PetscBool)(eq[0] && eq[1]);
  PetscCall(DWGlassGetOutputFields(a, &la));
  PetscCall(DWGlassGetOutputFields(b, &lb));
  *same = (PetscBool)(*same && la.n == lb.n);
  for (PetscInt k = 0; k < la.n && *same; k++) {
    const DWField *fa = &la.f[k], *fb = &lb.f[k];
    size_t n = fa->type == DW_FIELD_REAL ? sizeof(PetscReal)
                                         : (fa->type == DW_FIELD_INT ? sizeof(PetscInt) : 0);
    if (fa->rank > 0) n *= (size_t)fa->dims[0];
    if (fa->rank > 1) n *= (size_t)fa->dims[1];
    *same = (PetscBool)(fa->dims[0] == fb->dims[0] && fa->dims[1] == fb->dims[1] &&
                        !memcmp(fa->data, fb->data, n));
    if (!*same) PetscCall(PetscPrintf(PETSC_COMM_WORLD, "     field %s differs\n", fa->name));
  }
  PetscCall(DWFieldListDestroy(&la));
  PetscCall(DWFieldListDestroy(&lb));
  PetscFunctionReturn(0);
}

/* Mean kinetic temperature of the record rows in the second half (from the output fields). */
static PetscErrorCode SecondHalfT(DWGlass glass, PetscReal *T)
{
  DWFieldList list = {0};
  const DWField *t, *Tk;
  PetscInt n = 0;

  PetscFunctionBegin;
  PetscCall(DWGlassGetOutputFields(glass, &list));
  PetscCall(DWFieldListFind(&list, "record/time", &t));
  PetscCall(DWFieldListFind(&list, "record/kinetic_temperature", &Tk));
  *T = 0;
  for (PetscInt r = 0; r < t->dims[0]; r++) {
    const PetscReal *tr = (const PetscReal *)t->data, *Tr = (const PetscReal *)Tk->data;
    if (tr[r] < 0.5 * tr[t->dims[0] - 1]) continue;
    *T += Tr[r];
    n++;
  }
  *T /= n;
  PetscCall(DWFieldListDestroy(&list));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  MPI_Comm comm;
  DWGlass a, b, c, d;
  DWGlassResults r;
  PetscReal T = 0;
  PetscBool same;
  Capture cap = {0, 5, {0}};

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_WORLD;
  PetscCall(PetscOptionsInsertString(
      NULL,
      "-model pss -glass_blocks 400 -glass_progress_interval 0 -glass_checkpoint_interval 1e-9"));

  PetscCall(MakeGlass(comm, 3, &cap, &a));
  PetscCall(DWGlassSolve(a));
  PetscCall(DWGlassGetResults(a, &r));
  PetscCall(PetscPrintf(
      comm,
      "pss N = 300, T_f = 0.2: tau_alpha %g tau, run %g tau_alpha, U/N %g -> %g, T_glass %g\n",
      (double)r.tau_alpha, (double)r.run_length_tau_alpha, (double)r.U_equilibrated,
      (double)r.U_glass, (double)r.T_glass));
  DWTestTrue(comm, "tau_alpha measured on the swap dynamics (> 0)",
             r.tau_alpha > 0 && r.run_length_tau_alpha > 1);
  PetscCall(SecondHalfT(a, &T));
  DWTestLE(comm, "equilibration: |<T_kin> / T_f - 1| over the second half",
           PetscAbsReal(T / 0.2 - 1), 0.05);
  DWTestLE(comm, "glass: |T_kin / T_exp - 1|", PetscAbsReal(r.T_glass / 0.04 - 1), 0.15);
  DWTestTrue(comm, "glass: U/N below that of the equilibrated liquid",
             r.U_glass < r.U_equilibrated);

  PetscCall(MakeGlass(comm, 3, NULL, &b));
  PetscCall(DWGlassSolve(b));
  PetscCall(Same(a, b, &same));
  DWTestTrue(comm, "same seed: bit-identical configurations, velocities and records", same);

  PetscCall(MakeGlass(comm, 4, NULL, &c));
  PetscCall(DWGlassSolve(c));
  PetscCall(Same(a, c, &same));
  DWTestTrue(comm, "another seed: another glass", !same);

  DWTestTrue(comm, "checkpoint fields captured at the 5th synchronisation point", cap.copy.n > 0);
  PetscCall(MakeGlass(comm, 3, NULL, &d));
  PetscCall(DWGlassRestore(d, &cap.copy));
  PetscCall(DWGlassSolve(d));
  PetscCall(Same(a, d, &same));
  DWTestTrue(comm, "restored from the checkpoint fields: bit-identical to the uninterrupted run",
             same);

  PetscCall(DWFieldListDestroy(&cap.copy));
  PetscCall(DWGlassDestroy(&a));
  PetscCall(DWGlassDestroy(&b));
  PetscCall(DWGlassDestroy(&c));
  PetscCall(DWGlassDestroy(&d));
  int status = DWTestFinish(comm);
  PetscCall(PetscFinalize());
  return status;
}
