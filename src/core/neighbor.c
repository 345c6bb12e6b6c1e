/* Cell-list construction of half Verlet lists with skin (see include/dwell/neighbor.h).
   Cells have edge >= r_cut + skin, so all partners of a particle lie in its own and the
   26 surrounding cells; with fewer than 3 cells per side the build loops over all pairs. */
#include "core/neighborimpl.h"
#include "core/systemimpl.h"

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
  PetscCall(PetscFree2((*nl)->cellhead, (*nl)->cellnext));
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

static inline PetscInt CellIndex(const PetscReal *xw, PetscInt i, PetscInt nc, PetscReal L)
{
  PetscInt c[3];
  for (int k = 0; k < 3; k++) {
    c[k] = (PetscInt)(xw[3 * i + k] / L * nc);
    c[k] = PetscMin(PetscMax(c[k], 0), nc - 1);
  }
  return c[0] + nc * (c[1] + nc * c[2]);
}

static PetscErrorCode BuildCells(DWNeighborList nl, PetscInt nc, PetscReal rlist2)
{
  const PetscInt ncells = nc * nc * nc;

  PetscFunctionBegin;
  if (nl->ncellcap < ncells || !nl->cellnext) {
    PetscCall(PetscFree2(nl->cellhead, nl->cellnext));
    PetscCall(PetscMalloc2(ncells, &nl->cellhead, nl->N, &nl->cellnext));
    nl->ncellcap = ncells;
  }
  for (PetscInt c = 0; c < ncells; c++) nl->cellhead[c] = -1;
  /* insert in reverse so that each cell's chain runs in increasing particle index */
  for (PetscInt i = nl->N - 1; i >= 0; i--) {
    PetscInt c       = CellIndex(nl->xw, i, nc, nl->L);
    nl->cellnext[i]  = nl->cellhead[c];
    nl->cellhead[c]  = i;
  }
  for (PetscInt i = 0; i < nl->N; i++) {
    PetscInt c = CellIndex(nl->xw, i, nc, nl->L), cx = c % nc, cy = (c / nc) % nc, cz = c / (nc * nc);
    nl->start[i] = nl->npairs;
    for (PetscInt dz = -1; dz <= 1; dz++)
      for (PetscInt dy = -1; dy <= 1; dy++)
        for (PetscInt dx = -1; dx <= 1; dx++) {
          PetscInt nb = (cx + dx + nc) % nc + nc * ((cy + dy + nc) % nc + nc * ((cz + dz + nc) % nc));
          for (PetscInt j = nl->cellhead[nb]; j >= 0; j = nl->cellnext[j])
            if (j > i) PetscCall(TryPair(nl, nl->xw, i, j, rlist2));
        }
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
  PetscInt nc = (PetscInt)(sys->L / rlist);
  if (nl->usecells && nc >= 3) PetscCall(BuildCells(nl, nc, rlist * rlist));
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
