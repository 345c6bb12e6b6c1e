/* The moves of swap Monte Carlo (see include/dwell/swap.h and swapimpl.h) with the
   Metropolis rule acc = min(1, exp(-dU / T)) (Metropolis et al., J. Chem. Phys. 21, 1087
   (1953)). Both moves have symmetric proposals, so this rule obeys detailed balance:
     swap         species: a pair drawn uniformly among the M particle pairs whose species
                  form one of the pair types tried (a type with probability N_a N_b / M,
                  then one particle of each species; the counts of each species, hence M,
                  never change); diameters: two particles drawn uniformly and redrawn until
                  their diameters differ. The identities (species and diameters) are
                  exchanged, and dU = [e_i + e_j]_after - [e_i + e_j]_before with e_i the
                  energy of i with all its neighbours: the pair (i, j) itself is unchanged
                  by the exchange and cancels;
     translation  particle i drawn uniformly, displaced uniformly in [-delta, delta]^3,
                  dU = e_i(new) - e_i(old).
   The per-particle energies come from the model's swap rule (DWParticleEnergyFn) on rows of
   the full neighbour list: O(neighbours) per move, never a full recomputation. */
#include "dynamics/swapimpl.h"

static PetscErrorCode EnsureRows(DWSwap swap, PetscInt n)
{
  PetscFunctionBegin;
  if (n <= swap->rowcap) PetscFunctionReturn(0);
  PetscCall(PetscFree4(swap->rowj[0], swap->rowj[1], swap->rowr2[0], swap->rowr2[1]));
  swap->rowcap = PetscMax(n, 2 * swap->rowcap);
  PetscCall(PetscMalloc4(swap->rowcap, &swap->rowj[0], swap->rowcap, &swap->rowj[1], swap->rowcap,
                         &swap->rowr2[0], swap->rowcap, &swap->rowr2[1]));
  PetscFunctionReturn(0);
}

/* Expands the half list (each pair once, under i with image code c: d = xw_i - xw_j -
   shift[c]) into the full list: i gets (j, c) and j gets (i, 26 - c), the code of the
   opposite shift. */
static PetscErrorCode ExpandList(DWSwap swap)
{
  const DWNeighborPairs *nl = &swap->pairs;
  const PetscInt N          = swap->particles.N;
  PetscInt *next            = swap->fnext;

  PetscFunctionBegin;
  PetscCall(DWNeighborListGetPairs(swap->mcnl, &swap->pairs));
  PetscCall(DWNeighborListGetStats(swap->mcnl, &swap->nbuilds, NULL));
  if (2 * nl->npairs > swap->fcap) {
    PetscCall(PetscFree2(swap->fj, swap->fimage));
    swap->fcap = PetscMax(2 * nl->npairs, 2 * swap->fcap);
    PetscCall(PetscMalloc2(swap->fcap, &swap->fj, swap->fcap, &swap->fimage));
  }
  PetscCall(PetscArrayzero(next, N));
  for (PetscInt i = 0; i < N; i++) {
    next[i] += nl->start[i + 1] - nl->start[i];
    for (PetscInt k = nl->start[i]; k < nl->start[i + 1]; k++) next[nl->j[k]]++;
  }
  swap->fstart[0] = 0;
  swap->maxdeg    = 0;
  for (PetscInt i = 0; i < N; i++) {
    swap->fstart[i + 1] = swap->fstart[i] + next[i];
    swap->maxdeg        = PetscMax(swap->maxdeg, next[i]);
    next[i]             = swap->fstart[i];
  }
  for (PetscInt i = 0; i < N; i++)
    for (PetscInt k = nl->start[i]; k < nl->start[i + 1]; k++) {
      const PetscInt j        = nl->j[k];
      swap->fj[next[i]]       = j;
      swap->fimage[next[i]++] = nl->image[k];
      swap->fj[next[j]]       = i;
      swap->fimage[next[j]++] = (unsigned char)(26 - nl->image[k]);
    }
  PetscCall(EnsureRows(swap, swap->maxdeg));
  PetscFunctionReturn(0);
}

PetscErrorCode DWSwapUpdateList(DWSwap swap)
{
  PetscInt nbuilds;

  PetscFunctionBegin;
  PetscCall(DWSystemGetParticles(swap->sys, &swap->particles));
  PetscCall(DWNeighborListUpdate(swap->mcnl, swap->sys, NULL));
  PetscCall(DWNeighborListGetStats(swap->mcnl, &nbuilds, NULL));
  if (nbuilds != swap->nbuilds) PetscCall(ExpandList(swap));
  PetscFunctionReturn(0);
}

static PetscErrorCode RebuildList(DWSwap swap)
{
  PetscFunctionBegin;
  PetscCall(DWNeighborListBuild(swap->mcnl, swap->sys));
  PetscCall(ExpandList(swap));
  PetscFunctionReturn(0);
}

/* The particles of each species (species swaps), for uniform draws within a species:
   members[s] is a slice of one array of N, in the order of the species (counted at the set-up). */
static void SetUpMembers(DWSwap swap)
{
  const DWParticles *p = &swap->particles;
  PetscInt n[DW_MAX_SPECIES], offset = 0;

  if (!swap->species_swaps) return;
  for (PetscInt s = 0; s < DW_MAX_SPECIES; s++) {
    swap->members[s] = swap->memberbuf + offset;
    offset += swap->count[s];
    n[s] = 0;
  }
  for (PetscInt i = 0; i < p->N; i++) {
    const PetscInt s       = p->species[i];
    swap->members[s][n[s]] = i;
    swap->slot[i]          = n[s]++;
  }
}

PetscErrorCode DWSwapSetUpMoves(DWSwap swap)
{
  PetscInt N;
  PetscReal rc;

  PetscFunctionBegin;
  PetscCall(DWSwapDestroyMoves(swap));
  PetscCall(DWSystemGetParticles(swap->sys, &swap->particles));
  N = swap->particles.N;
  PetscCall(DWPotentialGetMaxCutoff(swap->pot, &rc));
  swap->rc2 = rc * rc;
  PetscCall(DWNeighborListCreate(swap->comm, &swap->mcnl));
  PetscCall(DWNeighborListSetCutoff(swap->mcnl, rc));
  PetscCall(DWNeighborListSetSkin(swap->mcnl, swap->listskin));
  PetscCall(PetscMalloc2(N + 1, &swap->fstart, N, &swap->fnext));
  PetscCall(PetscMalloc2(N, &swap->memberbuf, N, &swap->slot));
  SetUpMembers(swap);
  PetscCall(RebuildList(swap));
  PetscFunctionReturn(0);
}

PetscErrorCode DWSwapDestroyMoves(DWSwap swap)
{
  PetscFunctionBegin;
  PetscCall(DWNeighborListDestroy(&swap->mcnl));
  PetscCall(PetscFree2(swap->fstart, swap->fnext));
  PetscCall(PetscFree2(swap->fj, swap->fimage));
  PetscCall(PetscFree4(swap->rowj[0], swap->rowj[1], swap->rowr2[0], swap->rowr2[1]));
  PetscCall(PetscFree2(swap->memberbuf, swap->slot));
  swap->fcap = swap->rowcap = swap->nbuilds = 0;
  PetscFunctionReturn(0);
}

/* Row r of particle i placed at xi (unwrapped): the neighbours within the largest cutoff
   and their squared distances. Returns their number. Every entry is written and only those
   within the cutoff advance the count: no unpredictable branch in the loop. */
static PetscInt FillRow(DWSwap swap, int r, PetscInt i, const PetscReal xi[3])
{
  const PetscReal *restrict x = swap->particles.x, *restrict w = swap->pairs.wrap;
  const PetscReal(*shift)[3]       = swap->pairs.shift;
  const PetscInt *restrict fj      = swap->fj;
  const unsigned char *restrict im = swap->fimage;
  const PetscReal rc2 = swap->rc2, a0 = xi[0] - w[3 * i], a1 = xi[1] - w[3 * i + 1],
                  a2      = xi[2] - w[3 * i + 2];
  PetscInt *restrict jr   = swap->rowj[r];
  PetscReal *restrict r2r = swap->rowr2[r];
  PetscInt n              = 0;

  for (PetscInt k = swap->fstart[i]; k < swap->fstart[i + 1]; k++) {
    const PetscInt j    = fj[k];
    const PetscReal *sh = shift[im[k]];
    const PetscReal dx  = a0 - (x[3 * j] - w[3 * j]) - sh[0],
                    dy  = a1 - (x[3 * j + 1] - w[3 * j + 1]) - sh[1],
                    dz  = a2 - (x[3 * j + 2] - w[3 * j + 2]) - sh[2];
    const PetscReal r2  = dx * dx + dy * dy + dz * dz;
    jr[n]               = j;
    r2r[n]              = r2;
    n += (r2 < rc2);
  }
  return n;
}

static inline PetscReal RowEnergy(DWSwap swap, int r, PetscInt i, PetscInt n)
{
  return swap->energy(swap->pot, &swap->particles, i, n, swap->rowj[r], swap->rowr2[r]);
}

static void ExchangeIdentities(const DWParticles *p, PetscInt i, PetscInt j)
{
  const PetscInt s = p->species[i];
  p->species[i]    = p->species[j];
  p->species[j]    = s;
  if (p->diameter) {
    const PetscReal d = p->diameter[i];
    p->diameter[i]    = p->diameter[j];
    p->diameter[j]    = d;
  }
}

/* Exchanges the identities of i and j, keeping the member arrays of the species. */
static void Exchange(DWSwap swap, PetscInt i, PetscInt j)
{
  if (swap->species_swaps) {
    /* i (species a) takes j's slot among b's members, and vice versa */
    const PetscInt a = swap->particles.species[i], b = swap->particles.species[j];
    const PetscInt si = swap->slot[i], sj = swap->slot[j];
    swap->members[a][si] = j;
    swap->members[b][sj] = i;
    swap->slot[j]        = si;
    swap->slot[i]        = sj;
  }
  ExchangeIdentities(&swap->particles, i, j);
}

PetscErrorCode DWSwapComputeSwapEnergy(DWSwap swap, PetscInt i, PetscInt j, PetscReal *dU)
{
  const PetscReal *x = swap->particles.x;

  PetscFunctionBegin;
  const PetscInt ni = FillRow(swap, 0, i, &x[3 * i]), nj = FillRow(swap, 1, j, &x[3 * j]);
  const PetscReal before = RowEnergy(swap, 0, i, ni) + RowEnergy(swap, 1, j, nj);
  ExchangeIdentities(&swap->particles, i, j);
  const PetscReal after = RowEnergy(swap, 0, i, ni) + RowEnergy(swap, 1, j, nj);
  ExchangeIdentities(&swap->particles, i, j);
  *dU = after - before;
  PetscFunctionReturn(0);
}

/* PETSC_TRUE when x lies farther than skin/2 from particle i's position at the last build. */
static PetscBool OutsideSkin(DWSwap swap, PetscInt i, const PetscReal x[3])
{
  const PetscReal *xb = &swap->pairs.xbuild[3 * i];
  const PetscReal dx = x[0] - xb[0], dy = x[1] - xb[1], dz = x[2] - xb[2];
  return (PetscBool)(dx * dx + dy * dy + dz * dz > 0.25 * swap->listskin * swap->listskin);
}

PetscErrorCode DWSwapComputeTranslationEnergy(DWSwap swap, PetscInt i, const PetscReal d[3],
                                              PetscReal *dU)
{
  const PetscReal *xi   = &swap->particles.x[3 * i];
  const PetscReal xn[3] = {xi[0] + d[0], xi[1] + d[1], xi[2] + d[2]};

  PetscFunctionBegin;
  if (OutsideSkin(swap, i, xn)) PetscCall(RebuildList(swap));
  PetscCheck(!OutsideSkin(swap, i, xn), swap->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "translation |d| = %g exceeds half the swap list skin %g",
             (double)PetscSqrtReal(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]),
             (double)swap->listskin);
  const PetscInt n0  = FillRow(swap, 0, i, xi);
  const PetscReal e0 = RowEnergy(swap, 0, i, n0);
  const PetscInt n1  = FillRow(swap, 1, i, xn);
  *dU                = RowEnergy(swap, 1, i, n1) - e0;
  PetscFunctionReturn(0);
}

static PetscBool Metropolis(DWSwap swap, PetscReal dU)
{
  return (PetscBool)(dU <= 0 || DWRngUniform(&swap->rng) < PetscExpReal(-dU / swap->T));
}

static inline PetscInt DrawIndex(DWRng *rng, PetscInt n)
{
  return PetscMin((PetscInt)(DWRngUniform(rng) * n), n - 1);
}

static PetscBool SameIdentity(const DWParticles *p, PetscInt i, PetscInt j)
{
  return (PetscBool)(p->species[i] == p->species[j] &&
                     (!p->diameter || p->diameter[i] == p->diameter[j]));
}

/* Species swaps: a pair type k with probability N_a N_b / M (cumulative weights), then a
   particle of each of its species, uniformly: each of the M allowed pairs has probability
   1/M. Returns k. Diameter swaps: two particles with different diameters (SetUp has checked
   that they exist); returns -1. */
static PetscInt DrawPair(DWSwap swap, PetscInt *i, PetscInt *j)
{
  if (swap->species_swaps) {
    const PetscInt last = swap->npairs - 1;
    const PetscReal u   = DWRngUniform(&swap->rng) * swap->cumweight[last];
    PetscInt k          = 0;
    while (k < last && u >= swap->cumweight[k]) k++;
    const PetscInt a = swap->pair[k][0], b = swap->pair[k][1];
    *i = swap->members[a][DrawIndex(&swap->rng, swap->count[a])];
    *j = swap->members[b][DrawIndex(&swap->rng, swap->count[b])];
    return k;
  }
  do {
    *i = DrawIndex(&swap->rng, swap->particles.N);
    *j = DrawIndex(&swap->rng, swap->particles.N);
  } while (SameIdentity(&swap->particles, *i, *j));
  return -1;
}

PetscErrorCode DWSwapAttemptSwap(DWSwap swap, PetscBool *accepted)
{
  PetscInt i, j;
  PetscReal dU;

  PetscFunctionBegin;
  const PetscInt k = DrawPair(swap, &i, &j);
  PetscCall(DWSwapComputeSwapEnergy(swap, i, j, &dU));
  const PetscBool acc = Metropolis(swap, dU);
  if (acc) Exchange(swap, i, j);
  swap->stats.swap_attempts++;
  swap->stats.swap_accepted += acc;
  if (k >= 0) {
    swap->stats.pair_attempts[k]++;
    swap->stats.pair_accepted[k] += acc;
  }
  if (accepted) *accepted = acc;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSwapAttemptTranslation(DWSwap swap)
{
  const PetscInt i = DrawIndex(&swap->rng, swap->particles.N);
  PetscReal d[3], dU;

  PetscFunctionBegin;
  for (int c = 0; c < 3; c++) d[c] = swap->delta * (2.0 * DWRngUniform(&swap->rng) - 1.0);
  PetscCall(DWSwapComputeTranslationEnergy(swap, i, d, &dU));
  const PetscBool acc = Metropolis(swap, dU);
  if (acc)
    for (int c = 0; c < 3; c++) swap->particles.x[3 * i + c] += d[c];
  swap->stats.move_attempts++;
  swap->stats.move_accepted += acc;
  swap->win_attempts++;
  swap->win_accepted += acc;
  PetscFunctionReturn(0);
}
