/* The payloads of the campaign's shard records (src/farm/farmimpl.h): the glass of a sample,
   an exploration run, the merged IS library of a sample and the double wells of a candidate
   pair. Every value is stored exactly (little-endian, include/dwell/shard.h), so a record
   read back is bitwise the result the worker computed. */
#include "farm/farmimpl.h"
#include <stddef.h>

PetscErrorCode DWPayloadPackGlass(DWPack *p, DWSystem sys, const DWGlassSummary *g)
{
  PetscInt N, ns, *species;
  PetscReal L, *x, *diameter;
  const char *model;

  PetscFunctionBegin;
  PetscCall(DWPackInts(p, 2, (const PetscInt[]){g->equilibrated, g->blocks}));
  PetscCall(DWPackReals(
      p, 5,
      (const PetscReal[]){g->tau_alpha, g->duration, g->U_equilibrated, g->U_glass, g->T_glass}));
  PetscCall(DWSystemGetSize(sys, &N));
  PetscCall(DWSystemGetBox(sys, &L));
  PetscCall(DWSystemGetNumSpecies(sys, &ns));
  PetscCall(DWSystemGetModelName(sys, &model));
  PetscCall(DWSystemGetSpecies(sys, &species));
  PetscCall(DWSystemGetDiameters(sys, &diameter));
  PetscCall(DWSystemGetPositions(sys, &x));
  PetscCall(DWPackString(p, model));
  PetscCall(DWPackInt(p, ns));
  PetscCall(DWPackReal(p, L));
  PetscCall(DWPackInts(p, N, species));
  PetscCall(DWPackReals(p, diameter ? N : 0, diameter));
  PetscCall(DWPackReals(p, 3 * N, x));
  PetscFunctionReturn(0);
}

/* What DWSystemLoad checks of a configuration file, for a system read back from a payload. */
static PetscErrorCode CheckSystem(DWSystem sys)
{
  DWParticles p;
  PetscInt ns;
  PetscReal L;

  PetscFunctionBegin;
  PetscCall(DWSystemGetParticles(sys, &p));
  PetscCall(DWSystemGetNumSpecies(sys, &ns));
  PetscCall(DWSystemGetBox(sys, &L));
  PetscCheck(L > 0 && !PetscIsInfOrNanReal(L), PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "glass payload: box %g", (double)L);
  for (PetscInt i = 0; i < p.N; i++) {
    PetscCheck(p.species[i] >= 0 && p.species[i] < ns, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
               "glass payload: particle %" PetscInt_FMT " has species %" PetscInt_FMT
               " of %" PetscInt_FMT,
               i, p.species[i], ns);
    PetscCheck(!p.diameter || (p.diameter[i] > 0 && !PetscIsInfOrNanReal(p.diameter[i])),
               PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
               "glass payload: particle %" PetscInt_FMT " has diameter %g", i,
               (double)p.diameter[i]);
    for (int k = 0; k < 3; k++)
      PetscCheck(!PetscIsInfOrNanReal(p.x[3 * i + k]), PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
                 "glass payload: particle %" PetscInt_FMT " has a position that is not finite", i);
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode FillSystem(DWUnpack *u, DWSystem sys, const char model[], int64_t ns,
                                 PetscReal L, PetscInt N, const PetscInt species[], PetscInt nd,
                                 const PetscReal diameter[])
{
  PetscInt *s;
  PetscReal *d, *x;

  PetscFunctionBegin;
  PetscCheck(ns >= 1 && ns <= DW_MAX_SPECIES, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "glass payload: %lld species", (long long)ns);
  PetscCall(DWSystemSetSize(sys, N));
  PetscCall(DWSystemSetBox(sys, L));
  PetscCall(DWSystemSetModelName(sys, model));
  PetscCall(DWSystemSetNumSpecies(sys, (PetscInt)ns));
  PetscCall(DWSystemGetSpecies(sys, &s));
  PetscCall(PetscArraycpy(s, species, N));
  if (nd) {
    PetscCheck(nd == N, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
               "glass payload: %" PetscInt_FMT " diameters for %" PetscInt_FMT " particles", nd, N);
    PetscCall(DWSystemUseDiameters(sys, &d));
    PetscCall(PetscArraycpy(d, diameter, N));
  }
  PetscCall(DWSystemGetPositions(sys, &x));
  PetscCall(DWUnpackRealsInto(u, 3 * N, x));
  PetscCall(CheckSystem(sys));
  PetscFunctionReturn(0);
}

static PetscErrorCode UnpackSystem(DWUnpack *u, DWSystem *sys)
{
  char model[DW_MODEL_NAME_LEN];
  int64_t ns;
  PetscInt N, nd = 0, *species = NULL;
  PetscReal L, *diameter = NULL;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  *sys = NULL;
  PetscCall(DWUnpackString(u, model, sizeof(model)));
  PetscCall(DWUnpackInt(u, &ns));
  PetscCall(DWUnpackReal(u, &L));
  PetscCall(DWUnpackInts(u, &N, &species));
  ierr = DWUnpackReals(u, &nd, &diameter);
  if (!ierr) ierr = DWSystemCreate(PETSC_COMM_SELF, sys);
  if (!ierr) ierr = FillSystem(u, *sys, model, ns, L, N, species, nd, diameter);
  if (ierr) PetscCall(DWSystemDestroy(sys));
  PetscCall(PetscFree(species));
  PetscCall(PetscFree(diameter));
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

PetscErrorCode DWPayloadUnpackGlass(DWUnpack *u, DWSystem *sys, DWGlassSummary *g)
{
  PetscInt iv[2];
  PetscReal rv[5];

  PetscFunctionBegin;
  PetscCall(DWUnpackIntsInto(u, 2, iv));
  PetscCall(DWUnpackRealsInto(u, 5, rv));
  if (g) {
    g->equilibrated   = iv[0];
    g->blocks         = iv[1];
    g->tau_alpha      = rv[0];
    g->duration       = rv[1];
    g->U_equilibrated = rv[2];
    g->U_glass        = rv[3];
    g->T_glass        = rv[4];
  }
  if (sys) PetscCall(UnpackSystem(u, sys));
  PetscFunctionReturn(0);
}

PetscErrorCode DWPayloadPackRun(DWPack *p, const DWISRun *r)
{
  PetscInt ni, nr, *ib;
  PetscReal *rb;

  PetscFunctionBegin;
  DWISRunPackedSize(r, &ni, &nr);
  PetscCall(PetscMalloc2(ni, &ib, nr, &rb));
  PetscCall(DWISRunPack(r, ib, rb));
  PetscCall(DWPackInts(p, ni, ib));
  PetscCall(DWPackReals(p, nr, rb));
  PetscCall(PetscFree2(ib, rb));
  PetscFunctionReturn(0);
}

/* The header of a packed run (src/landscape/islibrun.c: run, N, n_is, n_samples, n_visits,
   ...; L, tau_cg, tau_total, cpu time) against the sizes of its two arrays, before anything is
   read from them: ni = 9 + n_samples + n_visits, nr = 4 + n_is (1 + 3N) + n_visits +
   n_samples. */
static PetscErrorCode CheckRunSizes(PetscInt ni, const PetscInt ib[], PetscInt nr)
{
  const int64_t N = ni >= 9 ? ib[1] : 0, n_is = ni >= 9 ? ib[2] : 0,
                n_samples = ni >= 9 ? ib[3] : 0, n_visits = ni >= 9 ? ib[4] : 0;

  PetscFunctionBegin;
  PetscCheck(ni >= 9 && nr >= 4 && N > 0 && N <= nr && n_is >= 0 && n_samples >= 0 &&
                 n_visits >= 0 && n_samples + n_visits == ni - 9 &&
                 (n_is == 0 || 1 + 3 * N <= nr / n_is) &&
                 4 + n_is * (1 + 3 * N) + n_visits + n_samples == nr,
             PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "explore payload: %" PetscInt_FMT " integers and %" PetscInt_FMT
             " reals do not hold the run their header describes",
             ni, nr);
  PetscFunctionReturn(0);
}

static PetscErrorCode UnpackRunArrays(PetscInt ni, const PetscInt ib[], PetscInt nr,
                                      const PetscReal rb[], DWISRun *r)
{
  PetscInt ni_run, nr_run;
  const PetscInt *ip  = ib;
  const PetscReal *rp = rb;

  PetscFunctionBegin;
  PetscCall(CheckRunSizes(ni, ib, nr));
  PetscCall(DWISRunUnpack(&ip, &rp, r));
  DWISRunPackedSize(r, &ni_run, &nr_run);
  PetscCheck(ni_run == ni && nr_run == nr, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "explore payload: sizes do not match the run");
  PetscFunctionReturn(0);
}

PetscErrorCode DWPayloadUnpackRun(DWUnpack *u, DWISRun *r)
{
  PetscInt ni, nr = 0, *ib;
  PetscReal *rb = NULL;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(r, sizeof(*r)));
  PetscCall(DWUnpackInts(u, &ni, &ib));
  ierr = DWUnpackReals(u, &nr, &rb);
  if (!ierr) ierr = UnpackRunArrays(ni, ib, nr, rb, r);
  if (ierr) PetscCall(DWISRunDestroy(r));
  PetscCall(PetscFree(ib));
  PetscCall(PetscFree(rb));
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

/* The IS that appear in a candidate pair, sorted (their positions go into the payload). */
static PetscErrorCode CandidateLabels(const DWISLibraryData *d, PetscInt *n, PetscInt **labels)
{
  PetscBool *used;

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(d->n_is + 1, &used));
  for (PetscInt k = 0; k < d->n_candidates; k++)
    used[d->cand_a[k]] = used[d->cand_b[k]] = PETSC_TRUE;
  PetscCall(PetscMalloc1(d->n_is + 1, labels));
  *n = 0;
  for (PetscInt a = 0; a < d->n_is; a++)
    if (used[a]) (*labels)[(*n)++] = a;
  PetscCall(PetscFree(used));
  PetscFunctionReturn(0);
}

/* The candidate count comes first after the key: the master reads only that. */
PetscErrorCode DWPayloadPackMerge(DWPack *p, const DWISLibraryData *d)
{
  PetscInt npos, *labels, n3 = 3 * d->N;

  PetscFunctionBegin;
  PetscCall(DWPackInt(p, d->n_candidates));
  PetscCall(DWPackInt(p, d->N));
  PetscCall(DWPackReals(p, d->n_is, d->energy));
  PetscCall(DWPackReals(p, d->n_is, d->first_time));
  PetscCall(DWPackInts(p, d->n_is, d->runs_found));
  PetscCall(DWPackInts(p, d->n_is, d->visits));
  PetscCall(DWPackInts(p, d->n_transitions, d->tr_from));
  PetscCall(DWPackInts(p, d->n_transitions, d->tr_to));
  PetscCall(DWPackInts(p, d->n_transitions, d->tr_count));
  PetscCall(DWPackInts(p, d->n_candidates, d->cand_a));
  PetscCall(DWPackInts(p, d->n_candidates, d->cand_b));
  PetscCall(DWPackInts(p, d->n_candidates, d->cand_ab));
  PetscCall(DWPackInts(p, d->n_candidates, d->cand_ba));
  PetscCall(DWPackReals(p, d->n_candidates, d->cand_dE));
  PetscCall(DWPackReals(p, d->n_candidates, d->cand_dmax));
  PetscCall(DWPackReals(p, d->n_candidates, d->cand_distance));
  PetscCall(CandidateLabels(d, &npos, &labels));
  PetscCall(DWPackInts(p, npos, labels));
  PetscCall(DWPackInt(p, npos * n3));
  for (PetscInt k = 0; k < npos; k++) PetscCall(DWPackRealData(p, n3, d->x + labels[k] * n3));
  PetscCall(PetscFree(labels));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckCount(PetscInt got, PetscInt want, const char what[])
{
  PetscFunctionBegin;
  PetscCheck(got == want, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "merge payload: %" PetscInt_FMT " %s, expected %" PetscInt_FMT, got, what, want);
  PetscFunctionReturn(0);
}

/* The pool of the fast protocol (farmimpl.h): counts, then its arrays, then the model. */
PetscErrorCode DWPayloadPackPool(DWPack *p, const DWMergeData *m)
{
  PetscFunctionBegin;
  PetscCall(DWPackInt(p, m->n_train));
  PetscCall(DWPackInts(p, m->n_pool, m->pool_a));
  PetscCall(DWPackInts(p, m->n_pool, m->pool_b));
  PetscCall(DWPackInts(p, m->n_pool, m->pool_cand));
  PetscCall(DWPackInts(p, m->n_pool, m->pool_flags));
  PetscCall(DWPackInts(p, m->n_pool, m->pool_gen));
  PetscCall(DWPackReals(p, m->n_pool, m->pool_p));
  PetscCall(DWPackReals(p, m->n_pool, m->pool_y));
  for (PetscInt k = 0; k < DW_PAIR_NFEATURES; k++)
    PetscCall(DWPackReals(p, m->n_pool, m->pool_f[k]));
  PetscCall(DWPackInt(p, m->model_len));
  if (m->model_len) PetscCall(DWPackBytes(p, m->model, (size_t)m->model_len));
  PetscFunctionReturn(0);
}

static PetscErrorCode UnpackPoolInts(DWUnpack *u, PetscInt n_pool, PetscInt **v)
{
  PetscInt n;

  PetscFunctionBegin;
  PetscCall(DWUnpackInts(u, &n, v));
  PetscCall(CheckCount(n, n_pool, "pool rows"));
  PetscFunctionReturn(0);
}

static PetscErrorCode UnpackPoolReals(DWUnpack *u, PetscInt n_pool, PetscReal **v)
{
  PetscInt n;

  PetscFunctionBegin;
  PetscCall(DWUnpackReals(u, &n, v));
  PetscCall(CheckCount(n, n_pool, "pool rows"));
  PetscFunctionReturn(0);
}

static PetscErrorCode UnpackPool(DWUnpack *u, DWMergeData *m)
{
  int64_t v;

  PetscFunctionBegin;
  PetscCall(DWUnpackPetscInt(u, &m->n_train));
  PetscCall(DWUnpackInts(u, &m->n_pool, &m->pool_a));
  PetscCall(UnpackPoolInts(u, m->n_pool, &m->pool_b));
  PetscCall(UnpackPoolInts(u, m->n_pool, &m->pool_cand));
  PetscCall(UnpackPoolInts(u, m->n_pool, &m->pool_flags));
  PetscCall(UnpackPoolInts(u, m->n_pool, &m->pool_gen));
  PetscCall(UnpackPoolReals(u, m->n_pool, &m->pool_p));
  PetscCall(UnpackPoolReals(u, m->n_pool, &m->pool_y));
  for (PetscInt k = 0; k < DW_PAIR_NFEATURES; k++)
    PetscCall(UnpackPoolReals(u, m->n_pool, &m->pool_f[k]));
  PetscCall(DWUnpackInt(u, &v));
  PetscCheck(v >= 0 && (uint64_t)v <= u->len - u->pos, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "merge payload: a model of %lld bytes", (long long)v);
  m->model_len = (PetscInt)v;
  PetscCall(PetscMalloc1(v + 1, &m->model));
  if (v) PetscCall(DWUnpackBytes(u, m->model, (size_t)v));
  PetscFunctionReturn(0);
}

static PetscErrorCode UnpackMergeArrays(DWUnpack *u, DWMergeData *m)
{
  int64_t v;
  PetscInt n;

  PetscFunctionBegin;
  PetscCall(DWUnpackPetscInt(u, &m->n_cand));
  PetscCall(DWUnpackPetscInt(u, &m->N));
  PetscCall(DWUnpackReals(u, &m->n_is, &m->energy));
  PetscCall(DWUnpackReals(u, &n, &m->first_time));
  PetscCall(CheckCount(n, m->n_is, "first times"));
  PetscCall(DWUnpackInts(u, &n, &m->runs_found));
  PetscCall(CheckCount(n, m->n_is, "run counts"));
  PetscCall(DWUnpackInts(u, &n, &m->visits));
  PetscCall(CheckCount(n, m->n_is, "visit counts"));
  PetscCall(DWUnpackInts(u, &m->n_tr, &m->tr_from));
  PetscCall(DWUnpackInts(u, &n, &m->tr_to));
  PetscCall(CheckCount(n, m->n_tr, "transition targets"));
  PetscCall(DWUnpackInts(u, &n, &m->tr_count));
  PetscCall(CheckCount(n, m->n_tr, "transition counts"));
  PetscCall(DWUnpackInts(u, &n, &m->cand_a));
  PetscCall(CheckCount(n, m->n_cand, "candidates"));
  PetscCall(DWUnpackInts(u, &n, &m->cand_b));
  PetscCall(CheckCount(n, m->n_cand, "candidates"));
  PetscCall(DWUnpackInts(u, &n, &m->cand_ab));
  PetscCall(CheckCount(n, m->n_cand, "candidates"));
  PetscCall(DWUnpackInts(u, &n, &m->cand_ba));
  PetscCall(CheckCount(n, m->n_cand, "candidates"));
  PetscCall(DWUnpackReals(u, &n, &m->cand_dE));
  PetscCall(CheckCount(n, m->n_cand, "candidates"));
  PetscCall(DWUnpackReals(u, &n, &m->cand_dmax));
  PetscCall(CheckCount(n, m->n_cand, "candidates"));
  PetscCall(DWUnpackReals(u, &n, &m->cand_distance));
  PetscCall(CheckCount(n, m->n_cand, "candidates"));
  PetscCall(DWUnpackInts(u, &m->n_pos, &m->pos_label));
  PetscCall(DWUnpackInt(u, &v));
  /* the positions follow: 3 N n_pos values, which the bytes left must hold */
  PetscCheck(m->N > 0 && m->n_pos >= 0 && v == 3 * (int64_t)m->N * m->n_pos &&
                 (uint64_t)v <= (u->len - u->pos) / sizeof(PetscReal),
             PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "merge payload: %lld position values for N = %" PetscInt_FMT " and %" PetscInt_FMT
             " IS",
             (long long)v, m->N, m->n_pos);
  PetscCall(PetscMalloc1(v + 1, &m->pos));
  PetscCall(DWUnpackRealData(u, (PetscInt)v, m->pos));
  if (u->pos < u->len) PetscCall(UnpackPool(u, m)); /* the fast protocol's pool */
  PetscFunctionReturn(0);
}

PetscErrorCode DWPayloadUnpackMerge(DWUnpack *u, DWMergeData *m)
{
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(m, sizeof(*m)));
  ierr = UnpackMergeArrays(u, m);
  if (ierr) PetscCall(DWMergeDataFree(m));
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

PetscErrorCode DWMergeDataFree(DWMergeData *m)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(m->energy));
  PetscCall(PetscFree(m->first_time));
  PetscCall(PetscFree(m->runs_found));
  PetscCall(PetscFree(m->visits));
  PetscCall(PetscFree(m->tr_from));
  PetscCall(PetscFree(m->tr_to));
  PetscCall(PetscFree(m->tr_count));
  PetscCall(PetscFree(m->cand_a));
  PetscCall(PetscFree(m->cand_b));
  PetscCall(PetscFree(m->cand_ab));
  PetscCall(PetscFree(m->cand_ba));
  PetscCall(PetscFree(m->cand_dE));
  PetscCall(PetscFree(m->cand_dmax));
  PetscCall(PetscFree(m->cand_distance));
  PetscCall(PetscFree(m->pos_label));
  PetscCall(PetscFree(m->pos));
  PetscCall(PetscFree(m->pool_a));
  PetscCall(PetscFree(m->pool_b));
  PetscCall(PetscFree(m->pool_cand));
  PetscCall(PetscFree(m->pool_flags));
  PetscCall(PetscFree(m->pool_gen));
  PetscCall(PetscFree(m->pool_p));
  PetscCall(PetscFree(m->pool_y));
  for (PetscInt k = 0; k < DW_PAIR_NFEATURES; k++) PetscCall(PetscFree(m->pool_f[k]));
  PetscCall(PetscFree(m->model));
  PetscFunctionReturn(0);
}

/* clang-format off */
#define QC(f, t, u, d) {#f, u, d, offsetof(DWQuantumRow, f), t}
const DWQuantumColumn DWQuantumColumns[] = {
  QC(E, DW_FIELD_REAL, "eps", "tunnel splitting E_2 - E_1 of the 1D Schroedinger equation"),
  QC(E_tol, DW_FIELD_REAL, "eps", "estimated absolute error of E (grid and domain)"),
  QC(Delta, DW_FIELD_REAL, "eps", "asymmetry of the zero-point levels dV + (omega_2 - omega_1)/2"),
  QC(Delta_0, DW_FIELD_REAL, "eps", "WKB tunnelling matrix element, -tunnel_delta0 convention "
     "(default jcp23: [JCP23] eq. 15, eps_bar exp(-int_a^b |p| dx)); NaN if undefined"),
  QC(Gamma, DW_FIELD_REAL, "eps/hbar", "WKB decay rate [JCP23] eq. 14, (1/mt) [int_0^a dx/p]^-1 "
     "exp(-2 int_a^b |p| dx) at E_2; NaN if E_2 has no turning point on a side"),
  QC(converged, DW_FIELD_INT, "1", "1 if E_tol <= rtol E"),
  QC(wkb_valid, DW_FIELD_INT, "1",
     "1 if the turning points of Delta_0 and Gamma bracket the barrier"),
  QC(double_well, DW_FIELD_INT, "1", "1 if the profile is a double well (minima at both ends)"),
};
/* clang-format on */
const PetscInt DWQuantumNColumns =
    (PetscInt)(sizeof(DWQuantumColumns) / sizeof(DWQuantumColumns[0]));

/* Columns of the record in shards written before the path-Hessian columns (issue 14) were
   appended to src/landscape/dwcolumns.c: such records are read, the later columns left 0
   ("not computed"), so a campaign started by an older dwell resumes and collects. */
#define DW_NEB_COLUMNS_FIRST 30
/* Records of at least this many columns (the column r_12 and after) carry the field r_12
   after r_AS; in an older record r_12 is unknown: the column |r_12| reads NaN and the field
   is left 0. */
#define DW_NEB_COLUMNS_R12 35

/* A double well: its library labels and piece, every scalar column of the record
   (include/dwell/dw.h) as a real, the profile, the displacement fields r_AB, r_AS and r_12,
   and the tunnelling quantities per unit set. */
PetscErrorCode DWPayloadPackNEBRow(DWPack *p, const DWNEBRow *r, PetscInt nunits)
{
  const DWDoubleWell *w = &r->dw;
  const DWDoubleWellColumn *cols;
  PetscInt ncol;

  PetscFunctionBegin;
  PetscCall(DWDoubleWellGetColumns(&ncol, &cols));
  PetscCall(DWPackInts(p, 3, (const PetscInt[]){r->piece, r->is_a, r->is_b}));
  PetscCall(DWPackInt(p, ncol));
  for (PetscInt k = 0; k < ncol; k++)
    PetscCall(DWPackReal(p, DWDoubleWellColumnValue(w, &cols[k])));
  PetscCall(DWPackReals(p, w->nimages, w->xi));
  PetscCall(DWPackReals(p, w->nimages, w->V));
  PetscCall(DWPackReals(p, w->n, w->dr_AB));
  PetscCall(DWPackReals(p, w->n, w->dr_AS));
  PetscCall(DWPackReals(p, w->n, w->dr_12));
  for (PetscInt k = 0; k < nunits; k++)
    for (PetscInt c = 0; c < DWQuantumNColumns; c++) {
      const char *f = (const char *)&r->q[k] + DWQuantumColumns[c].offset;
      if (DWQuantumColumns[c].type == DW_FIELD_REAL)
        PetscCall(DWPackReal(p, *(const PetscReal *)f));
      else
        PetscCall(DWPackInt(p, *(const PetscInt *)f));
    }
  PetscFunctionReturn(0);
}

static PetscErrorCode UnpackQuantum(DWUnpack *u, DWQuantumRow *q)
{
  PetscFunctionBegin;
  for (PetscInt c = 0; c < DWQuantumNColumns; c++) {
    char *f = (char *)q + DWQuantumColumns[c].offset;
    if (DWQuantumColumns[c].type == DW_FIELD_REAL)
      PetscCall(DWUnpackReal(u, (PetscReal *)f));
    else
      PetscCall(DWUnpackPetscInt(u, (PetscInt *)f));
  }
  PetscFunctionReturn(0);
}

/* xi, V, dr_AB, dr_AS and (nfield = 5) dr_12 as stored, or an error (nothing allocated
   then). */
static PetscErrorCode UnpackArrays(DWUnpack *u, int nfield, PetscInt n[5], PetscReal *a[5])
{
  PetscFunctionBegin;
  for (int k = 0; k < nfield; k++) PetscCall(DWUnpackReals(u, &n[k], &a[k]));
  PetscCheck(n[1] == n[0], PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "neb payload: %" PetscInt_FMT " energies for %" PetscInt_FMT " images", n[1], n[0]);
  for (int k = 3; k < nfield; k++)
    PetscCheck(n[k] == n[2], PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
               "neb payload: displacement fields of different sizes");
  PetscFunctionReturn(0);
}

/* The profile and the displacement fields into arrays allocated as src/landscape/dw.c does
   (xi with V, and x_TS with dr_AB, dr_AS and dr_12: DWDoubleWellReset frees them so); dr_12
   stays 0 when the record has none (has_12 false). */
static PetscErrorCode UnpackProfile(DWUnpack *u, PetscBool has_12, DWDoubleWell *w)
{
  const int nfield    = has_12 ? 5 : 4;
  PetscInt n[5]       = {0, 0, 0, 0, 0};
  PetscReal *a[5]     = {NULL, NULL, NULL, NULL, NULL};
  PetscErrorCode ierr = UnpackArrays(u, nfield, n, a);

  PetscFunctionBegin;
  if (!ierr) {
    w->nimages = n[0];
    w->n       = n[2];
    PetscCall(PetscMalloc2(n[0], &w->xi, n[0], &w->V));
    PetscCall(PetscCalloc4(n[2], &w->x_TS, n[2], &w->dr_AB, n[2], &w->dr_AS, n[2], &w->dr_12));
    PetscCall(PetscArraycpy(w->xi, a[0], n[0]));
    PetscCall(PetscArraycpy(w->V, a[1], n[0]));
    PetscCall(PetscArraycpy(w->dr_AB, a[2], n[2]));
    PetscCall(PetscArraycpy(w->dr_AS, a[3], n[2]));
    if (has_12) PetscCall(PetscArraycpy(w->dr_12, a[4], n[2]));
  }
  for (int k = 0; k < nfield; k++) PetscCall(PetscFree(a[k]));
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

PetscErrorCode DWPayloadUnpackNEBRow(DWUnpack *u, DWNEBRow *r, PetscInt nunits)
{
  DWDoubleWell *w = &r->dw;
  const DWDoubleWellColumn *cols;
  PetscInt ncol, iv[3];
  int64_t stored;
  PetscReal v;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(r, sizeof(*r)));
  PetscCall(DWDoubleWellGetColumns(&ncol, &cols));
  PetscCall(DWUnpackIntsInto(u, 3, iv));
  r->piece = iv[0];
  r->is_a  = iv[1];
  r->is_b  = iv[2];
  PetscCall(DWUnpackInt(u, &stored));
  PetscCheck(stored >= DW_NEB_COLUMNS_FIRST && stored <= ncol, PETSC_COMM_SELF,
             PETSC_ERR_FILE_UNEXPECTED,
             "neb payload has %lld record columns, this dwell reads %d to %" PetscInt_FMT,
             (long long)stored, DW_NEB_COLUMNS_FIRST, ncol);
  for (PetscInt k = 0; k < (PetscInt)stored; k++) {
    PetscCall(DWUnpackReal(u, &v));
    PetscCheck(cols[k].type != 'i' || (v == PetscFloorReal(v) && PetscAbsReal(v) <= PETSC_MAX_INT),
               PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
               "neb payload: column %s = %g is not an integer", cols[k].name, (double)v);
    DWDoubleWellColumnSet(w, &cols[k], v);
  }
  if (stored < DW_NEB_COLUMNS_R12) w->r_12 = NAN;
  PetscCall(UnpackProfile(u, (PetscBool)(stored >= DW_NEB_COLUMNS_R12), w));
  w->bs = 3;
  for (PetscInt k = 0; k < nunits; k++) PetscCall(UnpackQuantum(u, &r->q[k]));
  PetscFunctionReturn(0);
}
