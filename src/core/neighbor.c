/* Cell-list construction of half Verlet lists with skin (see include/dwell/neighbor.h).
   Cells have edge >= (r_cut + skin)/2 and the scan covers the forward half of a +-2 cell
   stencil (edge >= r_cut + skin and +-1 in small boxes); with fewer than 3 cells per side
   the build loops over all pairs. The cells are at most DW_NEIGHBOR_MAX_CELLS_PER_PARTICLE
   per particle: in a dilute box they are larger than needed, never more numerous.
   Each pair with an image shift then gets an image particle (one per (j, shift), its
   position x_j - w_j + shift appended to the wrapped positions), so that a pair loop reads
   x_j by one index and needs no shift per pair (as LAMMPS's ghost atoms).
   Triclinic boxes (include/dwell/box.h): the cells are bins of the fractional coordinates
   s = h^-1 x, nc per side from the smallest face-to-face width w_min (a pair within rlist is
   then at most ndiv cells apart along each edge, since a fractional gap g/nc along edge k is a
   distance of at least g w_k / nc), and the image shifts are the lattice vectors h n. The
   cube keeps its own, cheaper, branches (hoisted out of the loops). */
#include "core/neighborimpl.h"
#include "core/systemimpl.h"

#define DW_NEIGHBOR_MAX_CELLS_PER_PARTICLE 2

static PetscLogEvent DW_NEIGHBOR_BUILD;

PetscErrorCode DWNeighborLogRegister(void)
{
  PetscFunctionBegin;
  if (!DW_NEIGHBOR_BUILD)
    PetscCall(PetscLogEventRegister("DWNeighborBuild", 0, &DW_NEIGHBOR_BUILD));
  PetscFunctionReturn(0);
}

PetscErrorCode DWNeighborListCreate(MPI_Comm comm, DWNeighborList *nl)
{
  PetscFunctionBegin;
  PetscCall(DWNeighborLogRegister());
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
  PetscCall(PetscFree3(nl->j, nl->jx, nl->image));
  PetscCall(PetscFree2(nl->xbuild, nl->wrap));
  PetscCall(PetscFree(nl->xw));
  PetscCall(PetscFree2(nl->imageof, nl->imagecode));
  PetscCall(PetscFree(nl->imageid));
  nl->capacity = 0;
  nl->imagecap = 0;
  nl->xwcap    = 0;
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
  PetscCheck(rcut > 0, nl->comm, PETSC_ERR_ARG_OUTOFRANGE, "neighbour cutoff %g must be positive",
             (double)rcut);
  nl->rcut  = rcut;
  nl->valid = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode DWNeighborListSetSkin(DWNeighborList nl, PetscReal skin)
{
  PetscFunctionBegin;
  PetscCheck(skin >= 0, nl->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "neighbour skin %g must be non-negative", (double)skin);
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

PetscErrorCode DWNeighborListSetPairCutoff(DWNeighborList nl,
                                           PetscReal (*rc)(void *ctx, PetscInt i, PetscInt j),
                                           void *ctx)
{
  PetscFunctionBegin;
  nl->paircut    = rc;
  nl->paircutctx = ctx;
  nl->valid      = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode DWNeighborListSetSpeciesCutoffs(DWNeighborList nl, PetscInt ntypes,
                                               const PetscReal rc[])
{
  PetscFunctionBegin;
  PetscCheck(ntypes >= 0 && ntypes <= DW_MAX_SPECIES, nl->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "%" PetscInt_FMT " species: at most %d", ntypes, DW_MAX_SPECIES);
  PetscBool same = (PetscBool)(ntypes == nl->ntypes);
  for (PetscInt a = 0; a < ntypes; a++)
    for (PetscInt b = 0; b < ntypes; b++) {
      same              = (PetscBool)(same && nl->typecut[a][b] == rc[a * ntypes + b]);
      nl->typecut[a][b] = rc[a * ntypes + b];
    }
  nl->ntypes = ntypes;
  if (!same) nl->valid = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode DWNeighborListSetFromOptions(DWNeighborList nl)
{
  PetscReal skin = nl->skin;

  PetscFunctionBegin;
  PetscOptionsBegin(nl->comm, NULL, "Neighbour list", "DWNeighborList");
  PetscCall(PetscOptionsReal("-nl_skin",
                             "Verlet skin (sigma); rebuild after a displacement of skin/2",
                             "DWNeighborListSetSkin", skin, &skin, NULL));
  PetscCall(PetscOptionsBool("-nl_cells", "Build with cell lists (false: all pairs)",
                             "DWNeighborListBuild", nl->usecells, &nl->usecells, NULL));
  PetscOptionsEnd();
  PetscCall(DWNeighborListSetSkin(nl, skin));
  PetscFunctionReturn(0);
}

static PetscErrorCode EnsureCapacity(DWNeighborList nl, PetscInt need)
{
  PetscInt *j, *jx;
  unsigned char *image;

  PetscFunctionBegin;
  if (need <= nl->capacity) PetscFunctionReturn(0);
  PetscInt cap = PetscMax(2 * nl->capacity, need);
  PetscCall(PetscMalloc3(cap, &j, cap, &jx, cap, &image));
  if (nl->npairs) { /* jx is set after the scan */
    PetscCall(PetscArraycpy(j, nl->j, nl->npairs));
    PetscCall(PetscArraycpy(image, nl->image, nl->npairs));
  }
  PetscCall(PetscFree3(nl->j, nl->jx, nl->image));
  nl->j        = j;
  nl->jx       = jx;
  nl->image    = image;
  nl->capacity = cap;
  PetscFunctionReturn(0);
}

/* True if a pair at squared distance r2 < rlist^2 is also within rc_ij + skin. */
static inline PetscBool WithinPairCutoff(DWNeighborList nl, PetscInt i, PetscInt j, PetscReal r2)
{
  if (nl->ntypes) return (PetscBool)(r2 < nl->typelist2[nl->species[i]][nl->species[j]]);
  if (nl->paircut) {
    const PetscReal rl = nl->paircut(nl->paircutctx, i, j) + nl->skin;
    return (PetscBool)(r2 < rl * rl);
  }
  return PETSC_TRUE;
}

/* The image code of the minimum image of d = xi - xj (wrapped positions), d replaced by it;
   -1 when the image is more than one cell away along an edge (then farther than the half
   width, never listed). Cube: per component; triclinic: z, then y, then x (box.h). */
static inline int ImageCode(const DWBox *box, PetscReal d[3])
{
  const PetscReal h = 0.5 * box->L;
  if (!box->tilted) {
    int code = 0, stride = 1;
    for (int k = 0; k < 3; k++, stride *= 3) {
      const int n = (d[k] > h) - (d[k] < -h);
      d[k] -= n * box->L;
      code += (n + 1) * stride;
    }
    return code;
  }
  const int nz = (d[2] > h) - (d[2] < -h);
  d[0] -= nz * box->xz;
  d[1] -= nz * box->yz;
  d[2] -= nz * box->L;
  /* ny, nx stay reals until known to be -1, 0 or 1: a position far outside the cell (a
     configuration file may hold one) would overflow an int */
  const PetscReal ny = PetscFloorReal(d[1] * box->invL + 0.5);
  d[0] -= ny * box->xy;
  d[1] -= ny * box->L;
  const PetscReal nx = PetscFloorReal(d[0] * box->invL + 0.5);
  d[0] -= nx * box->L;
  if (!(PetscAbsReal(nx) <= 1 && PetscAbsReal(ny) <= 1)) return -1;
  return ((int)nx + 1) + 3 * ((int)ny + 1) + 9 * (nz + 1);
}

/* Appends j to the list of particle i if within rlist (and rc_ij + skin) of xi (wrapped). */
static inline PetscErrorCode TryPair(DWNeighborList nl, const PetscReal *xw, PetscInt i, PetscInt j,
                                     PetscReal rlist2)
{
  PetscReal d[3];

  PetscFunctionBegin;
  for (int k = 0; k < 3; k++) d[k] = xw[3 * i + k] - xw[3 * j + k];
  const int code     = ImageCode(&nl->box, d);
  const PetscReal r2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
  if (code >= 0 && r2 < rlist2 && WithinPairCutoff(nl, i, j, r2)) {
    PetscCall(EnsureCapacity(nl, nl->npairs + 1));
    nl->j[nl->npairs]     = j;
    nl->image[nl->npairs] = (unsigned char)code;
    nl->npairs++;
  }
  PetscFunctionReturn(0);
}

/* The wrap offsets w = h floor(h^-1 x) (the lattice vector taking x into the cell) and
   xw = x - w. */
static void SetWrapOffsets(DWNeighborList nl, const PetscReal x[])
{
  const DWBox *box = &nl->box;

  if (!box->tilted) {
    for (PetscInt k = 0; k < 3 * nl->N; k++)
      nl->wrap[k] = box->L * PetscFloorReal(x[k] * box->invL);
  } else {
    for (PetscInt i = 0; i < nl->N; i++) {
      PetscReal s[3], *w = &nl->wrap[3 * i];
      DWBoxToFractional(box, &x[3 * i], s);
      for (int c = 0; c < 3; c++) {
        s[c] = PetscFloorReal(s[c]);
        w[c] = 0;
      }
      DWBoxAddLattice(box, s, w);
    }
  }
  for (PetscInt k = 0; k < 3 * nl->N; k++) nl->xw[k] = x[k] - nl->wrap[k];
}

static PetscErrorCode SetUpArrays(DWNeighborList nl, DWSystem sys)
{
  PetscFunctionBegin;
  if (nl->N != sys->N) {
    PetscCall(FreeArrays(nl));
    nl->N = sys->N;
    PetscCall(PetscMalloc1(sys->N + 1, &nl->start));
    PetscCall(PetscMalloc2(3 * sys->N, &nl->xbuild, 3 * sys->N, &nl->wrap));
    PetscCall(PetscMalloc1(3 * sys->N, &nl->xw));
    nl->xwcap = 3 * sys->N;
    PetscCall(PetscMalloc1(27 * sys->N, &nl->imageid));
    for (PetscInt k = 0; k < 27 * sys->N; k++) nl->imageid[k] = -1;
    nl->npairs = 0;
    PetscCall(EnsureCapacity(nl, 64 * sys->N));
  }
  nl->box = sys->box;
  PetscCheck(!nl->ntypes || sys->species, nl->comm, PETSC_ERR_ARG_WRONGSTATE,
             "species cutoffs set, but the system has no species");
  nl->species = sys->species;
  for (PetscInt a = 0; a < nl->ntypes; a++)
    for (PetscInt b = 0; b < nl->ntypes; b++)
      nl->typelist2[a][b] = PetscSqr(nl->typecut[a][b] + nl->skin);
  for (int c = 0; c < 27; c++) {
    const PetscReal n[3] = {c % 3 - 1, (c / 3) % 3 - 1, c / 9 - 1};
    for (int k = 0; k < 3; k++) nl->shift[c][k] = 0;
    DWBoxAddLattice(&sys->box, n, nl->shift[c]);
  }
  PetscCall(PetscArraycpy(nl->xbuild, sys->x, 3 * sys->N));
  SetWrapOffsets(nl, sys->x);
  PetscFunctionReturn(0);
}

/* The image particles: one per (j, c) met in the pairs with a shift (c != 13), numbered in
   order of first appearance; jx[k] = N + g for those pairs, j for the others. */
static PetscErrorCode SetImageParticles(DWNeighborList nl)
{
  PetscFunctionBegin;
  nl->nimage = 0;
  for (PetscInt k = 0; k < nl->npairs; k++) {
    const PetscInt j = nl->j[k], c = nl->image[k];
    if (c == 13) {
      nl->jx[k] = j;
      continue;
    }
    PetscInt *g = &nl->imageid[27 * j + c];
    if (*g < 0) {
      if (nl->nimage == nl->imagecap) {
        PetscInt *of;
        unsigned char *code;
        const PetscInt cap = PetscMax(2 * nl->imagecap, nl->N);
        PetscCall(PetscMalloc2(cap, &of, cap, &code));
        PetscCall(PetscArraycpy(of, nl->imageof, nl->nimage));
        PetscCall(PetscArraycpy(code, nl->imagecode, nl->nimage));
        PetscCall(PetscFree2(nl->imageof, nl->imagecode));
        nl->imageof   = of;
        nl->imagecode = code;
        nl->imagecap  = cap;
      }
      nl->imageof[nl->nimage]   = j;
      nl->imagecode[nl->nimage] = (unsigned char)c;
      *g                        = nl->nimage++;
    }
    nl->jx[k] = nl->N + *g;
  }
  for (PetscInt g = 0; g < nl->nimage; g++)
    nl->imageid[27 * nl->imageof[g] + nl->imagecode[g]] = -1;
  if (3 * (nl->N + nl->nimage) > nl->xwcap) {
    PetscReal *xw;
    const PetscInt cap = PetscMax(2 * nl->xwcap, 3 * (nl->N + nl->nimage));
    PetscCall(PetscMalloc1(cap, &xw));
    PetscCall(PetscArraycpy(xw, nl->xw, 3 * nl->N));
    PetscCall(PetscFree(nl->xw));
    nl->xw    = xw;
    nl->xwcap = cap;
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

/* Cell coordinate of a wrapped position component x in [0, L) (fractional: L = 1). */
static inline PetscInt CellCoord(PetscReal x, PetscInt nc, PetscReal L)
{
  PetscInt c = (PetscInt)(x / L * nc);
  return PetscMin(PetscMax(c, 0), nc - 1);
}

/* The cell of wrapped position x: binned in Cartesian coordinates in a cube, in fractional
   coordinates in a triclinic box. */
static inline PetscInt CellOf(const DWBox *box, const PetscReal x[3], PetscInt nc)
{
  PetscReal s[3];

  if (!box->tilted)
    return CellCoord(x[0], nc, box->L) +
           nc * (CellCoord(x[1], nc, box->L) + nc * CellCoord(x[2], nc, box->L));
  DWBoxToFractional(box, x, s);
  return CellCoord(s[0], nc, 1) + nc * (CellCoord(s[1], nc, 1) + nc * CellCoord(s[2], nc, 1));
}

/* Bins the particles into nc^3 cells by a stable counting sort: the particles of cell c are
   cellatom[cellstart[c] .. cellstart[c+1]) in increasing index, their wrapped positions
   copied contiguously into xs for the scan. */
static PetscErrorCode BinParticles(DWNeighborList nl, PetscInt nc)
{
  const PetscInt ncells = nc * nc * nc;
  PetscInt *count;

  PetscFunctionBegin;
  if (nl->ncellcap < ncells + 1 || nl->natomcap < nl->N) {
    PetscCall(PetscFree5(nl->cellstart, nl->cellatom, nl->cellof, nl->slot, nl->xs));
    nl->ncellcap = ncells + 1;
    nl->natomcap = nl->N;
    PetscCall(PetscMalloc5(ncells + 1, &nl->cellstart, nl->N, &nl->cellatom, nl->N, &nl->cellof,
                           nl->N, &nl->slot, 3 * nl->N, &nl->xs));
  }
  PetscCall(PetscCalloc1(ncells + 1, &count));
  for (PetscInt i = 0; i < nl->N; i++) {
    nl->cellof[i] = CellOf(&nl->box, &nl->xw[3 * i], nc);
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

#define DW_SCAN_CHUNK 64

/* Appends the pairs of particle i with the particles of sorted slots [kbegin, kend) (a run
   of consecutive cells), j seen through the periodic image shifted by s (image code
   `code`). Two passes per chunk: the squared distances (vectorised), then the filter. */
static inline PetscErrorCode ScanCell(DWNeighborList nl, PetscInt i, PetscInt kbegin, PetscInt kend,
                                      const PetscReal s[3], PetscInt code, PetscReal rlist2)
{
  const PetscReal xi = nl->xw[3 * i] - s[0], yi = nl->xw[3 * i + 1] - s[1],
                  zi           = nl->xw[3 * i + 2] - s[2];
  const PetscReal *restrict xs = nl->xs;
  PetscReal r2[DW_SCAN_CHUNK];

  PetscFunctionBegin;
  for (PetscInt k0 = kbegin; k0 < kend; k0 += DW_SCAN_CHUNK) {
    const PetscInt n = PetscMin(DW_SCAN_CHUNK, kend - k0);
    for (PetscInt m = 0; m < n; m++) {
      const PetscReal dx = xi - xs[3 * (k0 + m)], dy = yi - xs[3 * (k0 + m) + 1],
                      dz = zi - xs[3 * (k0 + m) + 2];
      r2[m]              = dx * dx + dy * dy + dz * dz;
    }
    if (nl->npairs + n > nl->capacity) PetscCall(EnsureCapacity(nl, nl->npairs + n));
    /* locals: the stores through jl and im cannot then be taken to change nl's fields */
    PetscInt *restrict jl = nl->j, np = nl->npairs;
    unsigned char *restrict im    = nl->image;
    const PetscInt *restrict atom = nl->cellatom + k0;
    if (nl->ntypes) { /* branch-free: write every candidate, keep the accepted ones */
      const PetscInt *restrict species = nl->species;
      const PetscReal *restrict rl2    = nl->typelist2[species[i]];
      for (PetscInt m = 0; m < n; m++) {
        const PetscInt j = atom[m];
        jl[np]           = j;
        im[np]           = (unsigned char)code;
        np += (r2[m] < rlist2) & (r2[m] < rl2[species[j]]);
      }
      nl->npairs = np;
      continue;
    }
    for (PetscInt m = 0; m < n; m++) {
      if (r2[m] >= rlist2) continue;
      const PetscInt j = atom[m];
      if (!WithinPairCutoff(nl, i, j, r2[m])) continue;
      jl[np] = j;
      im[np] = (unsigned char)code;
      np++;
    }
    nl->npairs = np;
  }
  PetscFunctionReturn(0);
}

/* The cells gx0 .. gx1 (unwrapped x cell coordinates, a range of at most nc) of the row
   (wy, wz), with the y and z image (ny, nz): at most three runs of consecutive cells, one
   per x image. */
static PetscErrorCode ScanRow(DWNeighborList nl, PetscInt i, PetscInt nc, PetscInt gx0,
                              PetscInt gx1, PetscInt wy, PetscInt wz, PetscInt ny, PetscInt nz,
                              PetscReal rlist2)
{
  PetscFunctionBegin;
  for (PetscInt nx = -1; nx <= 1; nx++) {
    const PetscInt a = PetscMax(gx0, nx * nc), b = PetscMin(gx1, nx * nc + nc - 1);
    if (a > b) continue;
    const PetscInt row = nc * (wy + nc * wz), code = (nx + 1) + 3 * (ny + 1) + 9 * (nz + 1);
    PetscCall(ScanCell(nl, i, nl->cellstart[row + a - nx * nc],
                       nl->cellstart[row + b - nx * nc + 1], nl->shift[code], code, rlist2));
  }
  PetscFunctionReturn(0);
}

/* A lower bound on the squared distance between two points of cells with gx, gy, gz whole
   cells between them along the edges, in units of the cell width (the smallest face width
   / nc): the sum of squares in a cube, the largest square in a triclinic box (the distance
   along the normal of the faces crossed). */
static inline PetscInt CellGap2(const DWBox *box, PetscInt gx, PetscInt gy, PetscInt gz)
{
  if (!box->tilted) return gx * gx + gy * gy + gz * gz;
  return PetscSqr(PetscMax(gx, PetscMax(gy, gz)));
}

/* The partners of particle i: the particles after it in its own cell and all particles of
   the forward half of the stencil (cells within ndiv cells: the rest of its own row, then
   the rows dz = 0, dy > 0 and dz > 0; cells farther than rlist skipped). With
   nc >= 2 ndiv + 1 each pair of cells, periodic images included, is met exactly once, so
   each pair is listed once, under one of its two particles (as in LAMMPS's half/bin/newton
   lists). The cells of a row are consecutive in the cell order, so are their particles. */
static PetscErrorCode ScanStencil(DWNeighborList nl, PetscInt i, PetscInt nc, PetscInt ndiv,
                                  PetscReal rlist2)
{
  const PetscInt c = nl->cellof[i], cx = c % nc, cy = (c / nc) % nc, cz = c / (nc * nc);
  const PetscReal cell = 2 * DWBoxHalfWidth(&nl->box) / nc, zero[3] = {0, 0, 0};

  PetscFunctionBegin;
  PetscCall(ScanCell(nl, i, nl->slot[i] + 1, nl->cellstart[c + 1], zero, 13, rlist2));
  PetscCall(ScanRow(nl, i, nc, cx + 1, cx + ndiv, cy, cz, 0, 0, rlist2));
  for (PetscInt dz = 0; dz <= ndiv; dz++)
    for (PetscInt dy = (dz ? -ndiv : 1); dy <= ndiv; dy++) {
      const PetscInt gy = PetscMax(PetscAbsInt(dy) - 1, 0), gz = PetscMax(dz - 1, 0);
      PetscInt dxmax = ndiv; /* the corner cells farther than rlist are skipped */
      while (dxmax >= 0 &&
             CellGap2(&nl->box, PetscMax(dxmax - 1, 0), gy, gz) * cell * cell >= rlist2)
        dxmax--;
      if (dxmax < 0) continue;
      const PetscInt ny = (cy + dy >= nc) - (cy + dy < 0),
                     nz = (cz + dz >= nc) - (cz + dz < 0); /* the image of j is x_j + n L */
      PetscCall(ScanRow(nl, i, nc, cx - dxmax, cx + dxmax, cy + dy - ny * nc, cz + dz - nz * nc, ny,
                        nz, rlist2));
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
  PetscCheck(nl->rcut > 0, nl->comm, PETSC_ERR_ARG_WRONGSTATE,
             "call DWNeighborListSetCutoff() before building the neighbour list");
  const PetscReal half = DWBoxHalfWidth(&sys->box);
  PetscCheck(rlist < half, nl->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "box too small: edge L = %g, smallest face-to-face width %g; the minimum image needs "
             "a width > 2 (r_cut + skin) = %g; use more particles",
             (double)sys->box.L, (double)(2 * half), (double)(2 * rlist));
  PetscCall(PetscLogEventBegin(DW_NEIGHBOR_BUILD, 0, 0, 0, 0));
  PetscCall(SetUpArrays(nl, sys));
  nl->npairs = 0;
  /* cells of width rlist/2 with a +-2 stencil when the box allows, else rlist and +-1; at most
     2N cells (larger cells in a dilute box), so memory and the count stay O(N) */
  const PetscReal maxside = PetscCbrtReal(DW_NEIGHBOR_MAX_CELLS_PER_PARTICLE * (PetscReal)sys->N);
  const PetscInt nc2      = (PetscInt)PetscMin(4 * half / rlist, maxside),
                 nc1      = (PetscInt)PetscMin(2 * half / rlist, maxside);
  if (nl->usecells && nc2 >= 5)
    PetscCall(BuildCells(nl, nc2, 2, rlist * rlist));
  else if (nl->usecells && nc1 >= 3)
    PetscCall(BuildCells(nl, nc1, 1, rlist * rlist));
  else
    PetscCall(BuildAllPairs(nl, rlist * rlist));
  PetscCall(SetImageParticles(nl));
  nl->nbuilds++;
  nl->valid = PETSC_TRUE;
  PetscCall(PetscLogEventEnd(DW_NEIGHBOR_BUILD, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

PetscErrorCode DWNeighborListUpdate(DWNeighborList nl, DWSystem sys, PetscBool *rebuilt)
{
  const DWBox *b = &sys->box;
  PetscBool need = (PetscBool)(!nl->valid || nl->N != sys->N || nl->box.L != b->L ||
                               nl->box.xy != b->xy || nl->box.xz != b->xz || nl->box.yz != b->yz);
  PetscReal lim2 = 0.25 * nl->skin * nl->skin;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < sys->N && !need; i++) {
    PetscReal dx = sys->x[3 * i] - nl->xbuild[3 * i],
              dy = sys->x[3 * i + 1] - nl->xbuild[3 * i + 1],
              dz = sys->x[3 * i + 2] - nl->xbuild[3 * i + 2];
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
  pairs->jx     = nl->jx;
  pairs->nimage = nl->nimage;
  PetscFunctionReturn(0);
}

PetscErrorCode DWNeighborListWrapPositions(DWNeighborList nl, const PetscReal x[],
                                           const PetscReal *xw[])
{
  PetscFunctionBegin;
  for (PetscInt k = 0; k < 3 * nl->N; k++) nl->xw[k] = x[k] - nl->wrap[k];
  for (PetscInt g = 0; g < nl->nimage; g++) {
    const PetscReal *s = nl->shift[nl->imagecode[g]], *xj = &nl->xw[3 * nl->imageof[g]];
    PetscReal *xg = &nl->xw[3 * (nl->N + g)];
    for (int c = 0; c < 3; c++) xg[c] = xj[c] + s[c];
  }
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
