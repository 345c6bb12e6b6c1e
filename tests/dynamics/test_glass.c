/* The glass protocol (DWGlass), in memory, on pss N = 300 at T_f = 0.2 (hybrid swap MC/MD,
   400 blocks = 20 tau, about 10 tau_alpha) quenched instantaneously to T_exp = 0.04 and held
   there 10 tau with the Berendsen thermostat (and the same on ka2 at T_f = 1.0, T_exp = 0.4:
   -model ka2 -T_f 1.0 -T_exp 0.4, where the species swaps are checked per pair type, see
   CheckPairSwaps):
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

static PetscReal T_f = 0.2, T_exp = 0.04;

static PetscErrorCode MakeGlass(MPI_Comm comm, PetscInt seed, Capture *capture, DWGlass *glass)
{
  PetscFunctionBegin;
  PetscCall(DWGlassCreate(comm, glass));
  PetscCall(DWGlassSetFromOptions(*glass));
  PetscCall(DWGlassSetSize(*glass, 300));
  PetscCall(DWGlassSetTemperatures(*glass, T_f, T_exp));
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

/* Species swaps (ka2): every pair type was tried, in proportion to its number of particle
   pairs N_a N_b (N = 300: A 200, B 50, C 50, so AB and AC 4/9 of the attempts each, BC 1/9;
   each fraction within 5 binomial standard deviations), the counts of the pair types add up
   to the totals, the swaps that carry the acceptance, A-C and B-C, were accepted, and A-B
   swaps (a small particle in a large one's place, s_AB = 0.8 against s_AA = 1: an overlap
   costing many eps) are at least 10 times rarer than the rarer of the two. */
static void CheckPairSwaps(MPI_Comm comm, const DWGlassResults *r)
{
  const PetscReal expected[3] = {4.0 / 9, 4.0 / 9, 1.0 / 9};
  const char *names[3]        = {"AB", "AC", "BC"};
  PetscReal attempts = 0, accepted = 0;
  char what[128];

  DWTestTrue(comm, "ka2: species swaps of the pair types AB, AC, BC",
             r->swap_npairs == 3 && !strcmp(r->swap_pair[0], "AB") &&
                 !strcmp(r->swap_pair[1], "AC") && !strcmp(r->swap_pair[2], "BC"));
  if (r->swap_npairs != 3) return;
  for (int k = 0; k < 3; k++) {
    const PetscReal f  = r->swap_pair_attempts[k] / r->swap_attempts;
    const PetscReal sd = PetscSqrtReal(expected[k] * (1 - expected[k]) / r->swap_attempts);
    PetscSNPrintf(what, sizeof(what),
                  "%s: fraction of the attempts %.5f vs N_a N_b / M = %.5f (sd)", names[k],
                  (double)f, (double)expected[k]);
    DWTestLE(comm, what, PetscAbsReal(f - expected[k]) / sd, 5);
    attempts += r->swap_pair_attempts[k];
    accepted += r->swap_pair_accepted[k];
  }
  DWTestTrue(comm, "pair types' attempts and accepted swaps add up to the totals",
             attempts == r->swap_attempts && accepted == r->swap_accepted);
  for (int k = 1; k < 3; k++) {
    PetscSNPrintf(what, sizeof(what), "%s swaps accepted: %g of %g (acceptance %.3g)", names[k],
                  (double)r->swap_pair_accepted[k], (double)r->swap_pair_attempts[k],
                  (double)(r->swap_pair_accepted[k] / r->swap_pair_attempts[k]));
    DWTestTrue(comm, what, r->swap_pair_accepted[k] > 0);
  }
  PetscSNPrintf(what, sizeof(what), "AB acceptance (%g of %g) / min(AC, BC acceptance)",
                (double)r->swap_pair_accepted[0], (double)r->swap_pair_attempts[0]);
  DWTestLE(comm, what,
           (r->swap_pair_accepted[0] / r->swap_pair_attempts[0]) /
               PetscMin(r->swap_pair_accepted[1] / r->swap_pair_attempts[1],
                        r->swap_pair_accepted[2] / r->swap_pair_attempts[2]),
           0.1);
}

/* -model (default pss), -T_f and -T_exp (default 0.2 and 0.04, pss). */
int main(int argc, char **argv)
{
  MPI_Comm comm;
  DWGlass a, b, c, d;
  DWGlassResults r;
  PetscReal T = 0;
  PetscBool same, model;
  Capture cap = {0, 5, {0}};

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_WORLD;
  PetscCall(PetscOptionsGetReal(NULL, NULL, "-T_f", &T_f, NULL));
  PetscCall(PetscOptionsGetReal(NULL, NULL, "-T_exp", &T_exp, NULL));
  PetscCall(PetscOptionsHasName(NULL, NULL, "-model", &model));
  if (!model) PetscCall(PetscOptionsSetValue(NULL, "-model", "pss"));
  PetscCall(PetscOptionsInsertString(
      NULL, "-glass_blocks 400 -glass_progress_interval 0 -glass_checkpoint_interval 1e-9"));

  PetscCall(MakeGlass(comm, 3, &cap, &a));
  PetscCall(DWGlassSolve(a));
  PetscCall(DWGlassGetResults(a, &r));
  PetscCall(PetscPrintf(
      comm, "N = 300, T_f = %g: tau_alpha %g tau, run %g tau_alpha, U/N %g -> %g, T_glass %g\n",
      (double)T_f, (double)r.tau_alpha, (double)r.run_length_tau_alpha, (double)r.U_equilibrated,
      (double)r.U_glass, (double)r.T_glass));
  DWTestTrue(comm, "tau_alpha measured on the swap dynamics (> 0)",
             r.tau_alpha > 0 && r.run_length_tau_alpha > 1);
  PetscCall(SecondHalfT(a, &T));
  DWTestLE(comm, "equilibration: |<T_kin> / T_f - 1| over the second half",
           PetscAbsReal(T / T_f - 1), 0.05);
  DWTestLE(comm, "glass: |T_kin / T_exp - 1|", PetscAbsReal(r.T_glass / T_exp - 1), 0.15);
  if (r.swap_npairs > 0) CheckPairSwaps(comm, &r);
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
