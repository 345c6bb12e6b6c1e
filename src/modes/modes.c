/* DWModes: the k lowest normal modes of a Hessian, H e_k = lambda_k e_k, omega_k =
   sqrt(lambda_k) with unit masses (include/dwell/modes.h; DESIGN.md section 4 "Modes";
   [PRM21] sec. II, [PRR20] sec. II.B). The object owns the SLEPc EPS; the exact zero modes
   (the three translations) are deflated with EPSSetDeflationSpace before every solve, or
   moved above the spectrum by the dense method. Methods: modessinvert.c, modesdense.c,
   modeslobpcg.c,
   modeskrylov.c; P_k and O_k: modesanalysis.c. */
#include "modes/modesimpl.h"
#include <petscviewer.h>
#include <dwell/options.h>

PetscErrorCode DWModesCreate_SInvert(DWModes);
PetscErrorCode DWModesCreate_Dense(DWModes);
PetscErrorCode DWModesCreate_LOBPCG(DWModes);
PetscErrorCode DWModesCreate_Krylov(DWModes);

static PetscFunctionList DWModesList;
static PetscBool DWModesRegisterAllCalled;
static PetscLogEvent DW_MODES_SOLVE;

PetscErrorCode DWModesInitializePackage(void)
{
  PetscFunctionBegin;
  if (!SlepcInitializeCalled) {
    PetscCall(SlepcInitialize(NULL, NULL, NULL, NULL));
    PetscCall(PetscRegisterFinalize(SlepcFinalize));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesRegister(const char name[], PetscErrorCode (*create)(DWModes))
{
  PetscFunctionBegin;
  PetscCall(PetscFunctionListAdd(&DWModesList, name, create));
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesRegisterAll(void)
{
  PetscFunctionBegin;
  if (DWModesRegisterAllCalled) PetscFunctionReturn(0);
  DWModesRegisterAllCalled = PETSC_TRUE;
  PetscCall(DWModesRegister(DWMODES_SINVERT, DWModesCreate_SInvert));
  PetscCall(DWModesRegister(DWMODES_DENSE, DWModesCreate_Dense));
  PetscCall(DWModesRegister(DWMODES_LOBPCG, DWModesCreate_LOBPCG));
  PetscCall(DWModesRegister(DWMODES_KRYLOV, DWModesCreate_Krylov));
  PetscCall(PetscLogEventRegister("DWModesSolve", 0, &DW_MODES_SOLVE));
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesListTypes(const char sep[], char buf[], size_t len)
{
  PetscFunctionBegin;
  PetscCall(DWModesRegisterAll());
  PetscCall(DWRegistryListNames(DWModesList, sep, buf, len));
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesCreate(MPI_Comm comm, DWModes *modes)
{
  DWModes m;

  PetscFunctionBegin;
  PetscCall(DWModesInitializePackage());
  PetscCall(DWModesRegisterAll());
  PetscCall(PetscNew(&m));
  m->comm        = comm;
  m->k           = 50;
  m->qlm_omega   = PETSC_MAX_REAL;
  m->qlm_pr      = 0.1;
  m->phonon_nmax = 4;
  m->phonon_Nm   = 100;
  PetscCall(DWModesSetDOS(m, 0, 0, 0.5, 10));
  PetscCall(EPSCreate(comm, &m->eps));
  PetscCall(DWModesSetOptionsPrefix(m, "modes_"));
  PetscCall(DWModesSetType(m, DWMODES_SINVERT));
  *modes = m;
  PetscFunctionReturn(0);
}

static PetscErrorCode ResetModes(DWModes m)
{
  PetscFunctionBegin;
  if (m->nmodes) PetscCall(VecDestroyVecs(m->nmodes, &m->e));
  PetscCall(PetscFree(m->info));
  m->nmodes = 0;
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesDestroy(DWModes *modes)
{
  PetscFunctionBegin;
  if (!*modes) PetscFunctionReturn(0);
  PetscCall(ResetModes(*modes));
  PetscCall(EPSDestroy(&(*modes)->eps));
  PetscCall(MatDestroy(&(*modes)->A));
  PetscCall(MatDestroy(&(*modes)->Acount));
  PetscCall(MatDestroy(&(*modes)->H));
  PetscCall(PetscFree((*modes)->null));
  PetscCall(PetscFree((*modes)->x));
  PetscCall(PetscFree((*modes)->prefix));
  PetscCall(PetscFree(*modes));
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesSetOptionsPrefix(DWModes m, const char prefix[])
{
  PetscFunctionBegin;
  PetscCall(DWOptionsPrefixSet(m->comm, &m->prefix, prefix));
  PetscCall(EPSSetOptionsPrefix(m->eps, m->prefix));
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesAppendOptionsPrefix(DWModes m, const char prefix[])
{
  PetscFunctionBegin;
  PetscCall(DWOptionsPrefixAppend(m->comm, &m->prefix, prefix));
  PetscCall(EPSSetOptionsPrefix(m->eps, m->prefix));
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesGetOptionsPrefix(DWModes m, const char *prefix[])
{
  PetscFunctionBegin;
  *prefix = m->prefix;
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesSetType(DWModes m, DWModesType type)
{
  PetscErrorCode (*create)(DWModes);

  PetscFunctionBegin;
  PetscCall(DWRegistryFind(m->comm, DWModesList, "mode method", type, &create));
  PetscCall(PetscMemzero(m->ops, sizeof(struct _DWModesOps)));
  PetscCall(PetscStrncpy(m->type, type, sizeof(m->type)));
  PetscCall(EPSSetProblemType(m->eps, EPS_HEP));
  m->setup = PETSC_FALSE;
  m->F     = NULL;
  PetscCall(create(m));
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesGetType(DWModes m, DWModesType *type)
{
  PetscFunctionBegin;
  *type = m->type;
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesSetNumModes(DWModes m, PetscInt k)
{
  PetscFunctionBegin;
  PetscCheck(k >= 1, m->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-%sk %" PetscInt_FMT ": the number of modes must be at least 1", m->prefix, k);
  m->k     = k;
  m->setup = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesSetQLMThresholds(DWModes m, PetscReal omega_max, PetscReal pr_max)
{
  PetscFunctionBegin;
  PetscCheck(omega_max > 0, m->comm, PETSC_ERR_ARG_OUTOFRANGE, "-%sqlm_omega %g must be positive",
             m->prefix, (double)omega_max);
  PetscCheck(pr_max > 0 && pr_max <= 1, m->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-%sqlm_pr %g must be in (0, 1]", m->prefix, (double)pr_max);
  m->qlm_omega = omega_max;
  m->qlm_pr    = pr_max;
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesSetPhonon(DWModes m, PetscInt nmax, PetscReal Nm)
{
  PetscFunctionBegin;
  PetscCheck(nmax >= 1 && nmax <= 64, m->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-%sphonon_nmax %" PetscInt_FMT " must be in [1, 64]", m->prefix, nmax);
  PetscCheck(Nm >= 0, m->comm, PETSC_ERR_ARG_OUTOFRANGE, "-%sphonon_nm %g must be >= 0", m->prefix,
             (double)Nm);
  m->phonon_nmax = nmax;
  m->phonon_Nm   = Nm;
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesSetFromOptions(DWModes m)
{
  char type[DW_REGISTRY_NAME_LEN], known[128];
  PetscBool set;
  PetscReal qo = m->qlm_omega, qp = m->qlm_pr, Nm = m->phonon_Nm;
  PetscReal wc = m->dos_omega_c, ct = m->dos_ct, Op = m->dos_O_phonon;
  PetscInt nmax = m->phonon_nmax, k = m->k, nb = m->dos_bins;

  PetscFunctionBegin;
  PetscCall(DWModesListTypes(", ", known, sizeof(known)));
  PetscCall(PetscStrncpy(type, m->type, sizeof(type)));
  PetscOptionsBegin(m->comm, m->prefix, "Normal modes", "DWModes");
  PetscCall(PetscOptionsString("-type", known, "DWModesSetType", type, type, sizeof(type), &set));
  if (set) PetscCall(DWModesSetType(m, type));
  PetscCall(PetscOptionsInt("-k", "number of lowest modes", "DWModesSetNumModes", k, &k, NULL));
  PetscCall(PetscOptionsReal("-qlm_omega", "quasi-localised: omega below (1/tau)",
                             "DWModesSetQLMThresholds", qo, &qo, NULL));
  PetscCall(PetscOptionsReal("-qlm_pr", "quasi-localised: P_k below", "DWModesSetQLMThresholds", qp,
                             &qp, NULL));
  PetscCall(PetscOptionsInt("-phonon_nmax", "O_k: plane waves q = 2 pi n / L, 0 < |n| <= nmax",
                            "DWModesSetPhonon", nmax, &nmax, NULL));
  PetscCall(PetscOptionsBool("-check_count",
                             "check with the LDL^T inertia (MUMPS) that no mode below the top one "
                             "was missed",
                             NULL, m->check_count, &m->check_count, NULL));
  PetscCall(PetscOptionsReal("-phonon_nm", "O_k: N_m of [PRR20] eq. 3", "DWModesSetPhonon", Nm, &Nm,
                             NULL));
  PetscCall(PetscOptionsReal("-dos_omega_c", "A_4 fit below this omega (1/tau; 0: not set)",
                             "DWModesSetDOS", wc, &wc, NULL));
  PetscCall(PetscOptionsReal("-dos_ct", "A_4 fit below 2 pi c_t / L: c_t (sigma/tau; 0: not set)",
                             "DWModesSetDOS", ct, &ct, NULL));
  PetscCall(PetscOptionsReal("-dos_phonon_o", "A_4 fit below the lowest mode with O_k >= this",
                             "DWModesSetDOS", Op, &Op, NULL));
  PetscCall(PetscOptionsInt("-dos_bins", "bins of the histogram of D(omega)", "DWModesSetDOS", nb,
                            &nb, NULL));
  PetscOptionsEnd();
  PetscCall(DWModesSetDOS(m, wc, ct, Op, nb));
  PetscCall(DWModesSetNumModes(m, k));
  PetscCall(DWModesSetQLMThresholds(m, qo, qp));
  PetscCall(DWModesSetPhonon(m, nmax, Nm));
  PetscCall(EPSSetFromOptions(m->eps));
  m->setup = PETSC_FALSE;
  m->F     = NULL;
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesSetHessian(DWModes m, Mat H, PetscInt nnull, const PetscReal null[])
{
  PetscInt n;

  PetscFunctionBegin;
  PetscCall(MatGetSize(H, &n, NULL));
  PetscCheck(nnull >= 0 && nnull < n, m->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "%" PetscInt_FMT " zero modes for a Hessian of size %" PetscInt_FMT, nnull, n);
  PetscCall(PetscObjectReference((PetscObject)H));
  PetscCall(MatDestroy(&m->H));
  PetscCall(MatDestroy(&m->A));
  PetscCall(MatDestroy(&m->Acount));
  m->H     = H;
  m->setup = PETSC_FALSE;
  m->F     = NULL;
  PetscCall(PetscFree(m->null));
  m->nnull = nnull;
  if (nnull) {
    PetscCall(PetscMalloc1(nnull * n, &m->null));
    PetscCall(PetscArraycpy(m->null, null, nnull * n));
  }
  PetscCall(ResetModes(m));
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesGetHessian(DWModes m, Mat *H)
{
  PetscFunctionBegin;
  *H = m->H;
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesSetPositions(DWModes m, PetscReal L, const PetscReal x[])
{
  PetscInt n;

  PetscFunctionBegin;
  PetscCheck(m->H, m->comm, PETSC_ERR_ORDER, "set the Hessian before the positions");
  PetscCheck(L > 0, m->comm, PETSC_ERR_ARG_OUTOFRANGE, "box edge %g must be positive", (double)L);
  PetscCall(MatGetSize(m->H, &n, NULL));
  PetscCall(PetscFree(m->x));
  PetscCall(PetscMalloc1(n, &m->x));
  PetscCall(PetscArraycpy(m->x, x, n));
  m->L = L;
  DWBoxSetCubic(&m->box, L);
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesSetBoxTilt(DWModes m, const PetscReal tilt[3])
{
  PetscFunctionBegin;
  PetscCheck(m->L > 0, m->comm, PETSC_ERR_ORDER, "set the positions before the box tilts");
  PetscCheck(DWBoxTiltValid(m->L, tilt), m->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "box tilts (%g, %g, %g) must each be within +-L/2 = %g", (double)tilt[0],
             (double)tilt[1], (double)tilt[2], (double)(0.5 * m->L));
  DWBoxSetTriclinic(&m->box, m->L, tilt);
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesSetSystemBoxTilt(DWModes m, DWSystem sys)
{
  PetscReal tilt[3];

  PetscFunctionBegin;
  PetscCall(DWSystemGetBoxTilt(sys, tilt));
  PetscCall(DWModesSetBoxTilt(m, tilt));
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesSetSurface(DWModes m, DWSurface s, const PetscReal x[])
{
  Mat H;
  PetscInt nnull;
  const PetscReal *null;

  PetscFunctionBegin;
  PetscCall(DWSurfaceCreateHessian(s, x, &H));
  PetscCall(DWSurfaceGetNullSpace(s, &nnull, &null));
  PetscCall(DWModesSetHessian(m, H, nnull, null));
  PetscCall(MatDestroy(&H));
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesNullVecs(DWModes m, Vec **vecs)
{
  PetscInt n, lo, hi;
  Vec w;

  PetscFunctionBegin;
  *vecs = NULL;
  if (!m->nnull) PetscFunctionReturn(0);
  PetscCall(MatGetSize(m->H, &n, NULL));
  PetscCall(MatCreateVecs(m->H, &w, NULL));
  PetscCall(VecDuplicateVecs(w, m->nnull, vecs));
  PetscCall(VecDestroy(&w));
  PetscCall(VecGetOwnershipRange((*vecs)[0], &lo, &hi));
  for (PetscInt j = 0; j < m->nnull; j++) {
    PetscScalar *a;
    PetscCall(VecGetArray((*vecs)[j], &a));
    for (PetscInt i = lo; i < hi; i++) a[i - lo] = m->null[j * n + i];
    PetscCall(VecRestoreArray((*vecs)[j], &a));
  }
  PetscFunctionReturn(0);
}

/* The converged eigenpairs, sorted by eigenvalue; the k lowest are kept. */
static PetscErrorCode CollectModes(DWModes m)
{
  PetscInt nconv, *perm;
  PetscReal *lambda;
  Vec w;

  PetscFunctionBegin;
  PetscCall(EPSGetConverged(m->eps, &nconv));
  PetscCheck(nconv >= m->k, m->comm, PETSC_ERR_NOT_CONVERGED,
             "modes (%s): SLEPc converged %" PetscInt_FMT " of the %" PetscInt_FMT
             " lowest modes (try -%seps_max_it, -%seps_ncv or another -%stype)",
             m->type, nconv, m->k, m->prefix, m->prefix, m->prefix);
  PetscCall(PetscMalloc2(nconv, &lambda, nconv, &perm));
  for (PetscInt i = 0; i < nconv; i++) {
    PetscScalar lr;
    PetscCall(EPSGetEigenvalue(m->eps, i, &lr, NULL));
    lambda[i] = PetscRealPart(lr);
    perm[i]   = i;
  }
  PetscCall(PetscSortRealWithPermutation(nconv, lambda, perm));
  PetscCall(MatCreateVecs(m->H, &w, NULL));
  PetscCall(VecDuplicateVecs(w, m->k, &m->e));
  PetscCall(VecDestroy(&w));
  PetscCall(PetscCalloc1(m->k, &m->info));
  m->nmodes = m->k;
  for (PetscInt i = 0; i < m->k; i++) {
    PetscCall(EPSGetEigenvector(m->eps, perm[i], m->e[i], NULL));
    PetscCall(VecNormalize(m->e[i], NULL));
    m->info[i].lambda = lambda[perm[i]];
    m->info[i].omega  = PetscSign(m->info[i].lambda) * PetscSqrtReal(PetscAbsReal(lambda[perm[i]]));
  }
  PetscCall(PetscFree2(lambda, perm));
  PetscFunctionReturn(0);
}

/* Eigenvalues strictly below the top mode (minus its possible error) that the solve missed:
   the LDL^T inertia count minus the modes found there (and the zero modes, when below); not
   checked (0) when MUMPS has no Cholesky for the Mat type. */
static PetscErrorCode CountMissing(DWModes m, PetscInt *missing)
{
  const PetscReal top = m->info[m->nmodes - 1].lambda, sigma = top - 1e-8 * PetscAbsReal(top);
  PetscInt count, found;

  PetscFunctionBegin;
  PetscCall(DWModesCountBelow(m, sigma, &count));
  *missing = 0;
  if (count < 0) {
    PetscCall(PetscInfo(NULL, "modes: no LDL^T inertia for this Mat type; count not checked\n"));
    PetscFunctionReturn(0);
  }
  found = sigma > 0 ? m->nnull : 0;
  for (PetscInt i = 0; i < m->nmodes; i++) found += m->info[i].lambda < sigma;
  *missing = count - found;
  PetscFunctionReturn(0);
}

/* The EPS set up for nev eigenpairs of m->A (sinvert: the LDL^T factorisation of H - sigma I,
   whose inertia DWModesCountBelow then reads for free). */
static PetscErrorCode SetUpEPS(DWModes m, PetscInt nev)
{
  Vec *null = NULL;

  PetscFunctionBegin;
  PetscCall(PetscLogEventBegin(DW_MODES_SOLVE, 0, 0, 0, 0));
  PetscCall(ResetModes(m));
  PetscCall(EPSSetOperators(m->eps, m->A, NULL));
  PetscCall(EPSSetDimensions(m->eps, nev, PETSC_DEFAULT, PETSC_DEFAULT));
  if (m->ops->deflate) {
    PetscCall(DWModesNullVecs(m, &null));
    PetscCall(EPSSetDeflationSpace(m->eps, m->nnull, null));
  }
  if (m->ops->presolve) PetscCall(m->ops->presolve(m));
  PetscCall(EPSSetUp(m->eps));
  PetscCall(DWModesFactorSetUp(m));
  if (null) PetscCall(VecDestroyVecs(m->nnull, &null));
  m->setup = PETSC_TRUE;
  PetscCall(PetscLogEventEnd(DW_MODES_SOLVE, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* One EPS solve (set up for nev eigenpairs unless DWModesSetUp just did it for k); the k lowest
   converged are kept. */
static PetscErrorCode SolveOnce(DWModes m, PetscInt nev)
{
  PetscFunctionBegin;
  if (!m->setup) PetscCall(SetUpEPS(m, nev));
  PetscCall(EPSSolve(m->eps));
  m->setup = PETSC_FALSE;
  if (m->ops->postsolve) PetscCall(m->ops->postsolve(m));
  PetscCall(CollectModes(m));
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesSetUp(DWModes m)
{
  PetscInt n;

  PetscFunctionBegin;
  PetscCheck(m->H, m->comm, PETSC_ERR_ORDER,
             "modes: no Hessian (DWModesSetHessian or DWModesSetSurface)");
  PetscCall(MatGetSize(m->H, &n, NULL));
  PetscCheck(m->k <= n - m->nnull, m->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-%sk %" PetscInt_FMT " exceeds the %" PetscInt_FMT
             " vibrational modes (3N - 3 with N = %" PetscInt_FMT ")",
             m->prefix, m->k, n - m->nnull, n / 3);
  if (m->setup) PetscFunctionReturn(0);
  PetscCall(MatDestroy(&m->A));
  PetscCall(m->ops->createoperator(m, m->H, &m->A));
  PetscCall(SetUpEPS(m, m->k));
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesSolve(DWModes m)
{
  PetscInt n, nev, missing = 0;

  PetscFunctionBegin;
  PetscCall(PetscLogEventBegin(DW_MODES_SOLVE, 0, 0, 0, 0));
  PetscCall(DWModesSetUp(m));
  PetscCall(MatGetSize(m->H, &n, NULL));
  nev = m->k;
  for (PetscInt attempt = 0; attempt < 4; attempt++) {
    PetscCall(SolveOnce(m, nev));
    if (!m->check_count) break;
    PetscCall(CountMissing(m, &missing));
    if (!missing) break;
    PetscCall(PetscInfo(NULL,
                        "modes: %" PetscInt_FMT " eigenvalues missed with nev %" PetscInt_FMT "\n",
                        missing, nev));
    nev = PetscMin(nev + 2 * PetscAbsInt(missing) + 4, n - m->nnull);
  }
  PetscCall(PetscLogEventEnd(DW_MODES_SOLVE, 0, 0, 0, 0));
  PetscCheck(!missing, m->comm, PETSC_ERR_NOT_CONVERGED,
             "modes (%s): the inertia of H - sigma I counts %" PetscInt_FMT
             " more eigenvalues below %g than SLEPc found (multiple eigenvalues?); try -%seps_ncv "
             "or -%stype dense",
             m->type, missing, (double)m->info[m->nmodes - 1].lambda, m->prefix, m->prefix);
  PetscCall(DWModesAnalyse(m));
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesGetNumModes(DWModes m, PetscInt *k)
{
  PetscFunctionBegin;
  *k = m->nmodes;
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckIndex(DWModes m, PetscInt i)
{
  PetscFunctionBegin;
  PetscCheck(i >= 0 && i < m->nmodes, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "mode %" PetscInt_FMT " is not in [0, %" PetscInt_FMT ") (solved?)", i, m->nmodes);
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesGetEigenvalue(DWModes m, PetscInt i, PetscReal *lambda)
{
  PetscFunctionBegin;
  PetscCall(CheckIndex(m, i));
  *lambda = m->info[i].lambda;
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesGetModeInfo(DWModes m, PetscInt i, DWModeInfo *info)
{
  PetscFunctionBegin;
  PetscCall(CheckIndex(m, i));
  *info = m->info[i];
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesGetMode(DWModes m, PetscInt i, Vec e)
{
  PetscFunctionBegin;
  PetscCall(CheckIndex(m, i));
  PetscCall(VecCopy(m->e[i], e));
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesGetModeReplicated(DWModes m, PetscInt i, PetscReal e[])
{
  const PetscScalar *a;
  VecScatter sc;
  Vec all;
  PetscInt n;

  PetscFunctionBegin;
  PetscCall(CheckIndex(m, i));
  PetscCall(VecScatterCreateToAll(m->e[i], &sc, &all));
  PetscCall(VecScatterBegin(sc, m->e[i], all, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecScatterEnd(sc, m->e[i], all, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecGetSize(all, &n));
  PetscCall(VecGetArrayRead(all, &a));
  for (PetscInt j = 0; j < n; j++) e[j] = PetscRealPart(a[j]);
  PetscCall(VecRestoreArrayRead(all, &a));
  PetscCall(VecScatterDestroy(&sc));
  PetscCall(VecDestroy(&all));
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesGetNumNegative(DWModes m, PetscReal tol, PetscInt *nneg)
{
  PetscFunctionBegin;
  *nneg = 0;
  for (PetscInt i = 0; i < m->nmodes; i++) *nneg += m->info[i].lambda < -tol;
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesView(DWModes m, PetscViewer viewer)
{
  PetscFunctionBegin;
  if (!viewer) PetscCall(PetscViewerASCIIGetStdout(m->comm, &viewer));
  PetscCall(
      PetscViewerASCIIPrintf(viewer, "modes_type: %s\nk: %" PetscInt_FMT "\n", m->type, m->nmodes));
  PetscCall(PetscViewerASCIIPrintf(viewer, "modes:  # lambda, omega, P_k, O_k, qlm\n"));
  for (PetscInt i = 0; i < m->nmodes; i++) {
    const DWModeInfo *f = &m->info[i];
    PetscCall(PetscViewerASCIIPrintf(viewer, "  - [%.12e, %.12e, %.6f, %.6f, %s]\n",
                                     (double)f->lambda, (double)f->omega, (double)f->P,
                                     (double)f->O, f->qlm ? "true" : "false"));
  }
  PetscCall(PetscViewerASCIIPrintf(
      viewer, "units: {lambda: eps/sigma^2, omega: (eps/(m sigma^2))^(1/2), P_k: 1, O_k: 1}\n"));
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesCreateOperatorReference(DWModes m, Mat H, Mat *A)
{
  PetscFunctionBegin;
  PetscCall(PetscObjectReference((PetscObject)H));
  *A = H;
  PetscFunctionReturn(0);
}
