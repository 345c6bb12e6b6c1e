/* Cell-list construction of half Verlet lists with skin (see include/dwell/neighbor.h).
   Cells have edge >= (r_cut + skin)/2 and the scan covers the forward half of a +-2 cell
   stencil (edge >= r_cut + skin and +-1 in small boxes); with fewer than 3 cells per side
   the build loops over all pairs. The cells are at most DW_NEIGHBOR_MAX_CELLS_PER_PARTICLE
   per particle: in a dilute box they are larger than needed, never more numerous. */
#include "core/neighborimpl.h"
#include "core/systemimpl.h"

#define DW_NEIGHBOR_MAX_CELLS_PER_PARTICLE 2

static PetscLogEvent DW_NEIGHBOR_BUILD;

PetscErrorCode DWNeighborListCreate(MPI_Comm comm, DWNeighborList *nl)
{
  PetscFunctionBegin;
  if (!DW_NEIGHBOR_BUILD) PetscCall(PetscLogEventRegister("DWNeighborBuild", 0, &DW_NEIGHBOR_BUILD));
  PetscCall(PetscNew(nl));
  (*nl)->comm     = comm;
  (*nl)->skin     = DW_NEIGHBOR_DEFAULT_SKIN;
  (*nl)->rcut     = -1;
  (*nl)->usecells = PETSC_TRUE;
  PetscFunctionReturn(0);
}

static PetscErrorCode FreeArrays(DWNeighborList nl)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(nl->start));
  PetscCall(PetscFree2(nl->j, nl->image));
  PetscCall(PetscFree3(nl->xbuild, nl->wrap, nl->xw));
  nl->capacity = 0;
  nl->N        = 0;
  PetscFunctionReturn(0);
}

PetscErrorCode DWNeighborListDestroy(DWNeighborList *nl)
{
  PetscFunctionBegin;
  if (!*nl) PetscFunctionReturn(0);
  PetscCall(FreeArrays(*nl));
  PetscCall(PetscFree5((*nl)->cellstart, (*nl)->cellatom, (*nl)->cellof, (*nl)->slot, (*nl)->xs));
  PetscCall(PetscFree(*nl));
  PetscFunctionReturn(0);
}

PetscErrorCode DWNeighborListSetCutoff(DWNeighborList nl, PetscReal rcut)
{
  PetscFunctionBegin;
  PetscCheck(rcut > 0, nl->comm, PETSC_ERR_ARG_OUTOFRANGE, "neighbour cutoff %g must be positive", (double)rcut);
  nl->rcut  = rcut;
  nl->valid = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode DWNeighborListSetSkin(DWNeighborList nl, PetscReal skin)
{
  PetscFunctionBegin;
  PetscCheck(skin >= 0, nl->comm, PETSC_ERR_ARG_OUTOFRANGE, "neighbour skin %g must be non-negative", (double)skin);
  nl->skin  = skin;
  nl->valid = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode DWNeighborListGetSkin(DWNeighborList nl, PetscReal *skin)
{
  PetscFunctionBegin;
  *skin = nl->skin;
  PetscFunctionReturn(0);
}

PetscErrorCode DWNeighborListSetPairCutoff(DWNeighborList nl, PetscReal (*rc)(void *ctx, PetscInt i, PetscInt j), void *ctx)
{
  PetscFunctionBegin;
  nl->paircut    = rc;
  nl->paircutctx = ctx;
  nl->valid      = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode DWNeighborListSetFromOptions(DWNeighborList nl)
{
  PetscReal skin = nl->skin;

  PetscFunctionBegin;
  PetscOptionsBegin(nl->comm, NULL, "Neighbour list", "DWNeighborList");
  PetscCall(PetscOptionsReal("-nl_skin", "Verlet skin (sigma); rebuild after a displacement of skin/2", "DWNeighborListSetSkin", skin, &skin, NULL));
  PetscCall(PetscOptionsBool("-nl_cells", "Build with cell lists (false: all pairs)", "DWNeighborListBuild", nl->usecells, &nl->usecells, NULL));
  PetscOptionsEnd();
  PetscCall(DWNeighborListSetSkin(nl, skin));
  PetscFunctionReturn(0);
}

static PetscErrorCode EnsureCapacity(DWNeighborList nl, PetscInt need)
{
  PetscInt      *j;
  unsigned char *image;

  PetscFunctionBegin;
  if (need <= nl->capacity) PetscFunctionReturn(0);
  PetscInt cap = PetscMax(2 * nl->capacity, need);
  PetscCall(PetscMalloc2(cap, &j, cap, &image));
  if (nl->npairs) {
    PetscCall(PetscArraycpy(j, nl->j, nl->npairs));
    PetscCall(PetscArraycpy(image, nl->image, nl->npairs));
  }
  PetscCall(PetscFree2(nl->j, nl->image));
  nl->j        = j;
  nl->image    = image;
  nl->capacity = cap;
  PetscFunctionReturn(0);
}

/* Appends j to the list of particle i if within rlist (and rc_ij + skin) of xi (wrapped). */
static inline PetscErrorCode TryPair(DWNeighborList nl, const PetscReal *xw, PetscInt i, PetscInt j, PetscReal rlist2)
{
  const PetscReal *xi = &xw[3 * i];
  PetscReal d[3], r2 = 0;
  int       code = 0, stride = 1;

  PetscFunctionBegin;
  for (int k = 0; k < 3; k++, stride *= 3) {
    PetscReal dk = xi[k] - xw[3 * j + k];
    int       n  = (dk > 0.5 * nl->L) - (dk < -0.5 * nl->L);
    d[k]         = dk - n * nl->L;
    code += (n + 1) * stride;
    r2 += d[k] * d[k];
  }
  if (r2 < rlist2 && nl->paircut) {
    const PetscReal rl = nl->paircut(nl->paircutctx, i, j) + nl->skin;
    if (r2 >= rl * rl) PetscFunctionReturn(0);
  }
  if (r2 < rlist2) {
    PetscCall(EnsureCapacity(nl, nl->npairs + 1));
    nl->j[nl->npairs]     = j;
    nl->image[nl->npairs] = (unsigned char)code;
    nl->npairs++;
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUpArrays(DWNeighborList nl, DWSystem sys)
{
  PetscFunctionBegin;
  if (nl->N != sys->N) {
    PetscCall(FreeArrays(nl));
    nl->N = sys->N;
    PetscCall(PetscMalloc1(sys->N + 1, &nl->start));
    PetscCall(PetscMalloc3(3 * sys->N, &nl->xbuild, 3 * sys->N, &nl->wrap, 3 * sys->N, &nl->xw));
    nl->npairs = 0;
    PetscCall(EnsureCapacity(nl, 64 * sys->N));
  }
  nl->L = sys->L;
  for (int c = 0; c < 27; c++) {
    nl->shift[c][0] = (c % 3 - 1) * sys->L;
    nl->shift[c][1] = ((c / 3) % 3 - 1) * sys->L;
    nl->shift[c][2] = (c / 9 - 1) * sys->L;
  }
  for (PetscInt k = 0; k < 3 * sys->N; k++) {
    nl->xbuild[k] = sys->x[k];
    nl->wrap[k]   = sys->L * PetscFloorReal(sys->x[k] / sys->L);
    nl->xw[k]     = sys->x[k] - nl->wrap[k];
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode BuildAllPairs(DWNeighborList nl, PetscReal rlist2)
{
  PetscFunctionBegin;
  for (PetscInt i = 0; i < nl->N; i++) {
    nl->start[i] = nl->npairs;
    for (PetscInt j = i + 1; j < nl->N; j++) PetscCall(TryPair(nl, nl->xw, i, j, rlist2));
  }
  nl->start[nl->N] = nl->npairs;
  PetscFunctionReturn(0);
}

/* Cell coordinate of a wrapped position component. */
static inline PetscInt CellCoord(PetscReal x, PetscInt nc, PetscReal L)
{
  PetscInt c = (PetscInt)(x / L * nc);
  return PetscMin(PetscMax(c, 0), nc - 1);
}

/* Bins the particles into nc^3 cells by a stable counting sort: the particles of cell c are
   cellatom[cellstart[c] .. cellstart[c+1]) in increasing index, their wrapped positions
   copied contiguously into xs for the scan. */
static PetscErrorCode BinParticles(DWNeighborList nl, PetscInt nc)
{
  const PetscInt ncells = nc * nc * nc;
  PetscInt      *count;

  PetscFunctionBegin;
  if (nl->ncellcap < ncells + 1 || nl->natomcap < nl->N) {
    PetscCall(PetscFree5(nl->cellstart, nl->cellatom, nl->cellof, nl->slot, nl->xs));
    nl->ncellcap = ncells + 1;
    nl->natomcap = nl->N;
    PetscCall(PetscMalloc5(ncells + 1, &nl->cellstart, nl->N, &nl->cellatom, nl->N, &nl->cellof, nl->N, &nl->slot, 3 * nl->N, &nl->xs));
  }
  PetscCall(PetscCalloc1(ncells + 1, &count));
  for (PetscInt i = 0; i < nl->N; i++) {
    const PetscReal *x = &nl->xw[3 * i];
    nl->cellof[i]      = CellCoord(x[0], nc, nl->L) + nc * (CellCoord(x[1], nc, nl->L) + nc * CellCoord(x[2], nc, nl->L));
    count[nl->cellof[i] + 1]++;
  }
  for (PetscInt c = 0; c < ncells; c++) count[c + 1] += count[c];
  PetscCall(PetscArraycpy(nl->cellstart, count, ncells + 1));
  for (PetscInt i = 0; i < nl->N; i++) {
    const PetscInt k = count[nl->cellof[i]]++;
    nl->cellatom[k]  = i;
    nl->slot[i]      = k;
    for (int c = 0; c < 3; c++) nl->xs[3 * k + c] = nl->xw[3 * i + c];
  }
  PetscCall(PetscFree(count));
  PetscFunctionReturn(0);
}

/* True for the half of the stencil offsets that come "after" (0, 0, 0). */
static inline PetscBool ForwardOffset(PetscInt dx, PetscInt dy, PetscInt dz)
{
  return (PetscBool)(dz > 0 || (dz == 0 && (dy > 0 || (dy == 0 && dx > 0))));
}

/* Appends the pairs of particle i with the particles of cell nb whose sorted slots are in
   [kbegin, kend), j seen through the periodic image shifted by s (image code `code`). */
static inline PetscErrorCode ScanCell(DWNeighborList nl, PetscInt i, PetscInt kbegin, PetscInt kend, const PetscReal s[3], PetscInt code, PetscReal rlist2)
{
  const PetscReal *xi = &nl->xw[3 * i];

  PetscFunctionBegin;
  for (PetscInt k = kbegin; k < kend; k++) {
    const PetscReal dx = xi[0] - nl->xs[3 * k] - s[0], dy = xi[1] - nl->xs[3 * k + 1] - s[1], dz = xi[2] - nl->xs[3 * k + 2] - s[2];
    const PetscReal r2 = dx * dx + dy * dy + dz * dz;
    if (r2 >= rlist2) continue;
    const PetscInt j = nl->cellatom[k];
    if (nl->paircut) {
      const PetscReal rl = nl->paircut(nl->paircutctx, i, j) + nl->skin;
      if (r2 >= rl * rl) continue;
    }
    if (nl->npairs == nl->capacity) PetscCall(EnsureCapacity(nl, nl->npairs + 1));
    nl->j[nl->npairs]     = j;
    nl->image[nl->npairs] = (unsigned char)code;
    nl->npairs++;
  }
  PetscFunctionReturn(0);
}

/* The partners of particle i: the particles after it in its own cell and all particles of
   the forward half of the stencil (cells within ndiv cells, corners farther than rlist
   skipped). With nc >= 2 ndiv + 1 each pair of cells, periodic images included, is met
   exactly once, so each pair is listed once, under one of its two particles (as in LAMMPS's
   half/bin/newton lists). */
static PetscErrorCode ScanStencil(DWNeighborList nl, PetscInt i, PetscInt nc, PetscInt ndiv, PetscReal rlist2)
{
  const PetscInt  c = nl->cellof[i], cx = c % nc, cy = (c / nc) % nc, cz = c / (nc * nc);
  const PetscReal cell = nl->L / nc, zero[3] = {0, 0, 0};

  PetscFunctionBegin;
  PetscCall(ScanCell(nl, i, nl->slot[i] + 1, nl->cellstart[c + 1], zero, 13, rlist2));
  for (PetscInt dz = 0; dz <= ndiv; dz++)
    for (PetscInt dy = -ndiv; dy <= ndiv; dy++)
      for (PetscInt dx = -ndiv; dx <= ndiv; dx++) {
        if (!ForwardOffset(dx, dy, dz)) continue;
        const PetscInt  gap[3] = {PetscMax(PetscAbsInt(dx) - 1, 0), PetscMax(PetscAbsInt(dy) - 1, 0), PetscMax(PetscAbsInt(dz) - 1, 0)};
        const PetscReal mind2  = (gap[0] * gap[0] + gap[1] * gap[1] + gap[2] * gap[2]) * cell * cell;
        if (mind2 >= rlist2) continue;
        const PetscInt g[3] = {cx + dx, cy + dy, cz + dz};
        PetscInt       w[3], code = 0, stride = 1;
        PetscReal      s[3];
        for (int k = 0; k < 3; k++, stride *= 3) {
          const PetscInt n = (g[k] >= nc) - (g[k] < 0); /* the image of j is x_j + n L */
          w[k]             = g[k] - n * nc;
          s[k]             = n * nl->L;
          code += (n + 1) * stride;
        }
        const PetscInt nb = w[0] + nc * (w[1] + nc * w[2]);
        PetscCall(ScanCell(nl, i, nl->cellstart[nb], nl->cellstart[nb + 1], s, code, rlist2));
      }
  PetscFunctionReturn(0);
}

static PetscErrorCode BuildCells(DWNeighborList nl, PetscInt nc, PetscInt ndiv, PetscReal rlist2)
{
  PetscFunctionBegin;
  PetscCall(BinParticles(nl, nc));
  for (PetscInt i = 0; i < nl->N; i++) {
    nl->start[i] = nl->npairs;
    PetscCall(ScanStencil(nl, i, nc, ndiv, rlist2));
  }
  nl->start[nl->N] = nl->npairs;
  PetscFunctionReturn(0);
}

PetscErrorCode DWNeighborListBuild(DWNeighborList nl, DWSystem sys)
{
  const PetscReal rlist = nl->rcut + nl->skin;

  PetscFunctionBegin;
  PetscCheck(nl->rcut > 0, nl->comm, PETSC_ERR_ARG_WRONGSTATE, "call DWNeighborListSetCutoff() before building the neighbour list");
  PetscCheck(rlist < 0.5 * sys->L, nl->comm, PETSC_ERR_ARG_OUTOFRANGE, "box edge L = %g is too small: the minimum image needs L > 2 (r_cut + skin) = %g; use more particles", (double)sys->L, (double)(2 * rlist));
  PetscCall(PetscLogEventBegin(DW_NEIGHBOR_BUILD, 0, 0, 0, 0));
  PetscCall(SetUpArrays(nl, sys));
  nl->npairs  = 0;
  /* cells of edge rlist/2 with a +-2 stencil when the box allows, else rlist and +-1; at most
     2N cells (larger cells in a dilute box), so memory and the count stay O(N) */
  const PetscReal maxside = PetscCbrtReal(DW_NEIGHBOR_MAX_CELLS_PER_PARTICLE * (PetscReal)sys->N);
  const PetscInt nc2      = (PetscInt)PetscMin(2 * sys->L / rlist, maxside),
                 nc1      = (PetscInt)PetscMin(sys->L / rlist, maxside);
  if (nl->usecells && nc2 >= 5) PetscCall(BuildCells(nl, nc2, 2, rlist * rlist));
  else if (nl->usecells && nc1 >= 3) PetscCall(BuildCells(nl, nc1, 1, rlist * rlist));
  else PetscCall(BuildAllPairs(nl, rlist * rlist));
  nl->nbuilds++;
  nl->valid = PETSC_TRUE;
  PetscCall(PetscLogEventEnd(DW_NEIGHBOR_BUILD, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

PetscErrorCode DWNeighborListUpdate(DWNeighborList nl, DWSystem sys, PetscBool *rebuilt)
{
  PetscBool need = (PetscBool)(!nl->valid || nl->N != sys->N || nl->L != sys->L);
  PetscReal lim2 = 0.25 * nl->skin * nl->skin;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < sys->N && !need; i++) {
    PetscReal dx = sys->x[3 * i] - nl->xbuild[3 * i], dy = sys->x[3 * i + 1] - nl->xbuild[3 * i + 1], dz = sys->x[3 * i + 2] - nl->xbuild[3 * i + 2];
    if (dx * dx + dy * dy + dz * dz > lim2) need = PETSC_TRUE;
  }
  if (need) PetscCall(DWNeighborListBuild(nl, sys));
  if (rebuilt) *rebuilt = need;
  PetscFunctionReturn(0);
}

PetscErrorCode DWNeighborListInvalidate(DWNeighborList nl)
{
  PetscFunctionBegin;
  nl->valid = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode DWNeighborListGetStats(DWNeighborList nl, PetscInt *nbuilds, PetscInt *npairs)
{
  PetscFunctionBegin;
  if (nbuilds) *nbuilds = nl->nbuilds;
  if (npairs) *npairs = nl->npairs;
  PetscFunctionReturn(0);
}

PetscErrorCode DWNeighborListGetPairs(DWNeighborList nl, DWNeighborPairs *pairs)
{
  PetscFunctionBegin;
  pairs->N      = nl->N;
  pairs->npairs = nl->npairs;
  pairs->start  = nl->start;
  pairs->j      = nl->j;
  pairs->image  = nl->image;
  pairs->shift  = (const PetscReal(*)[3])nl->shift;
  pairs->wrap   = nl->wrap;
  pairs->xbuild = nl->xbuild;
  PetscFunctionReturn(0);
}

PetscErrorCode DWNeighborListWrapPositions(DWNeighborList nl, const PetscReal x[],
                                           const PetscReal *xw[])
{
  PetscFunctionBegin;
  for (PetscInt k = 0; k < 3 * nl->N; k++) nl->xw[k] = x[k] - nl->wrap[k];
  *xw = nl->xw;
  PetscFunctionReturn(0);
}

PetscErrorCode DWNeighborListGetCutoff(DWNeighborList nl, PetscReal *rcut)
{
  PetscFunctionBegin;
  *rcut = nl->rcut;
  PetscFunctionReturn(0);
}

PetscErrorCode DWNeighborListGetPairCutoff(DWNeighborList nl,
                                           PetscReal (**rc)(void *ctx, PetscInt i, PetscInt j),
                                           void **ctx)
{
  PetscFunctionBegin;
  *rc  = nl->paircut;
  *ctx = nl->paircutctx;
  PetscFunctionReturn(0);
}
