/* DWPotential: the object, its registry of models and the generic entry points
   (see include/dwell/potential.h). */
#include "potential/potentialimpl.h"
#include <dwell/registry.h>

PetscErrorCode DWPotentialCreate_PSS(DWPotential);
PetscErrorCode DWPotentialCreate_TLJ(DWPotential);
PetscErrorCode DWPotentialCreate_KA2(DWPotential);
PetscErrorCode DWPotentialCreate_KA(DWPotential);
PetscErrorCode DWPotentialCreate_LJ(DWPotential);
PetscErrorCode DWPotentialCreate_Harmonic(DWPotential);

static PetscFunctionList DWPotentialList;
static PetscBool DWPotentialRegisterAllCalled;
PetscLogEvent DW_POTENTIAL_FORCE, DW_POTENTIAL_HESSIAN, DW_POTENTIAL_THIRD;

PetscErrorCode DWPotentialRegister(const char name[], PetscErrorCode (*create)(DWPotential))
{
  PetscFunctionBegin;
  PetscCall(PetscFunctionListAdd(&DWPotentialList, name, create));
  PetscFunctionReturn(0);
}

PetscErrorCode DWPotentialRegisterAll(void)
{
  PetscFunctionBegin;
  if (DWPotentialRegisterAllCalled) PetscFunctionReturn(0);
  DWPotentialRegisterAllCalled = PETSC_TRUE;
  PetscCall(DWPotentialRegister(DWPOTENTIAL_PSS, DWPotentialCreate_PSS));
  PetscCall(DWPotentialRegister(DWPOTENTIAL_TLJ, DWPotentialCreate_TLJ));
  PetscCall(DWPotentialRegister(DWPOTENTIAL_KA2, DWPotentialCreate_KA2));
  PetscCall(DWPotentialRegister(DWPOTENTIAL_KA, DWPotentialCreate_KA));
  PetscCall(DWPotentialRegister(DWPOTENTIAL_LJ, DWPotentialCreate_LJ));
  PetscCall(DWPotentialRegister(DWPOTENTIAL_HARMONIC, DWPotentialCreate_Harmonic));
  PetscCall(PetscLogEventRegister("DWForce", 0, &DW_POTENTIAL_FORCE));
  PetscCall(PetscLogEventRegister("DWHessian", 0, &DW_POTENTIAL_HESSIAN));
  PetscCall(PetscLogEventRegister("DWThirdOrder", 0, &DW_POTENTIAL_THIRD));
  PetscFunctionReturn(0);
}

PetscErrorCode DWPotentialListTypes(const char sep[], char buf[], size_t len)
{
  PetscFunctionBegin;
  PetscCall(DWPotentialRegisterAll());
  PetscCall(DWRegistryListNames(DWPotentialList, sep, buf, len));
  PetscFunctionReturn(0);
}

PetscErrorCode DWPotentialCreate(MPI_Comm comm, DWPotential *pot)
{
  PetscFunctionBegin;
  PetscCall(DWPotentialRegisterAll());
  PetscCall(PetscNew(pot));
  (*pot)->comm              = comm;
  (*pot)->init_min_distance = 0.7;
  PetscFunctionReturn(0);
}

PetscErrorCode DWPotentialDestroy(DWPotential *pot)
{
  PetscFunctionBegin;
  if (!*pot) PetscFunctionReturn(0);
  if ((*pot)->ops->destroy) PetscCall((*pot)->ops->destroy(*pot));
  PetscCall(PetscFree(*pot));
  PetscFunctionReturn(0);
}

PetscErrorCode DWPotentialSetType(DWPotential pot, DWPotentialType type)
{
  PetscErrorCode (*create)(DWPotential);

  PetscFunctionBegin;
  PetscCall(DWRegistryFind(pot->comm, DWPotentialList, "model", type, &create));
  if (pot->ops->destroy) PetscCall(pot->ops->destroy(pot));
  PetscCall(PetscMemzero(pot->ops, sizeof(struct _DWPotentialOps)));
  pot->data        = NULL;
  pot->setupcalled = PETSC_FALSE;
  PetscCall(PetscStrncpy(pot->type, type, sizeof(pot->type)));
  PetscCall(create(pot));
  PetscFunctionReturn(0);
}

PetscErrorCode DWPotentialGetType(DWPotential pot, DWPotentialType *type)
{
  PetscFunctionBegin;
  *type = pot->type;
  PetscFunctionReturn(0);
}

PetscErrorCode DWPotentialSetFromOptions(DWPotential pot)
{
  char type[DW_TYPE_NAME_LEN], known[256];
  PetscBool set;

  PetscFunctionBegin;
  PetscCall(DWPotentialListTypes(", ", known, sizeof(known)));
  PetscCall(PetscStrncpy(type, pot->type, sizeof(type)));
  PetscOptionsBegin(pot->comm, NULL, "Pair potential (model)", "DWPotential");
  PetscCall(
      PetscOptionsString("-model", known, "DWPotentialSetType", type, type, sizeof(type), &set));
  if (set) PetscCall(DWPotentialSetType(pot, type));
  PetscCall(PetscOptionsReal(
      "-init_min_distance", "Smallest pair distance of a random configuration, in units of s_ij",
      "DWPotentialCreateRandomSystem", pot->init_min_distance, &pot->init_min_distance, NULL));
  PetscCheck(pot->init_min_distance > 0 && pot->init_min_distance <= 1.5, pot->comm,
             PETSC_ERR_ARG_OUTOFRANGE, "-init_min_distance %g must lie in (0, 1.5]",
             (double)pot->init_min_distance);
  if (pot->ops->setfromoptions) PetscCall(pot->ops->setfromoptions(pot, PetscOptionsObject));
  PetscOptionsEnd();
  PetscFunctionReturn(0);
}

PetscErrorCode DWPotentialSetUp(DWPotential pot, DWSystem sys)
{
  const char *model;
  PetscBool same;

  PetscFunctionBegin;
  PetscCheck(pot->type[0], pot->comm, PETSC_ERR_ARG_WRONGSTATE,
             "call DWPotentialSetType() or DWPotentialSetFromOptions() before DWPotentialSetUp()");
  PetscCall(DWSystemGetModelName(sys, &model));
  PetscCall(PetscStrcmp(model, pot->type, &same));
  PetscCheck(!model[0] || same, pot->comm, PETSC_ERR_ARG_INCOMP,
             "the configuration belongs to model '%s', not '%s'", model, pot->type);
  PetscCall(pot->ops->setup(pot, sys));
  pot->setupcalled = PETSC_TRUE;
  pot->listctx.sys = NULL; /* the pair cutoffs may have changed: hand them to the list again */
  PetscFunctionReturn(0);
}

PetscErrorCode DWPotentialView(DWPotential pot, PetscViewer viewer)
{
  PetscFunctionBegin;
  if (!viewer) PetscCall(PetscViewerASCIIGetStdout(pot->comm, &viewer));
  PetscCall(PetscViewerASCIIPrintf(viewer, "DWPotential %s: %s, rho = %g\n", pot->type,
                                   pot->description, (double)pot->rho));
  if (pot->ops->view) PetscCall(pot->ops->view(pot, viewer));
  PetscFunctionReturn(0);
}

PetscErrorCode DWPotentialGetDensity(DWPotential pot, PetscReal *rho)
{
  PetscFunctionBegin;
  *rho = pot->rho;
  PetscFunctionReturn(0);
}

PetscErrorCode DWPotentialGetMaxCutoff(DWPotential pot, PetscReal *rc)
{
  PetscFunctionBegin;
  PetscCheck(pot->setupcalled, pot->comm, PETSC_ERR_ARG_WRONGSTATE,
             "call DWPotentialSetUp() first");
  *rc = pot->rcmax;
  PetscFunctionReturn(0);
}

PetscErrorCode DWPotentialGetPairScale(DWPotential pot, DWSystem sys, PetscInt i, PetscInt j,
                                       PetscReal *s, PetscReal *rc)
{
  DWParticles p;

  PetscFunctionBegin;
  PetscCall(DWSystemGetParticles(sys, &p));
  pot->ops->pairscale(pot, &p, i, j, s, rc);
  PetscFunctionReturn(0);
}

PetscErrorCode DWPotentialPairDerivatives(DWPotential pot, DWSystem sys, PetscInt i, PetscInt j,
                                          PetscReal r, PetscReal d[4])
{
  DWParticles p;

  PetscFunctionBegin;
  PetscCall(DWSystemGetParticles(sys, &p));
  DWPotentialRadial(pot, &p, i, j, r, d);
  PetscFunctionReturn(0);
}

PetscErrorCode DWPotentialGetSwapRule(DWPotential pot, DWParticleEnergyFn *energy)
{
  PetscFunctionBegin;
  *energy = pot->ops->particleenergy;
  PetscFunctionReturn(0);
}

static PetscReal ListPairCutoff(void *ctx, PetscInt i, PetscInt j)
{
  DWPotential pot = *(DWPotential *)ctx;
  PetscReal s, rc;
  pot->ops->pairscale(pot, &pot->listctx.p, i, j, &s, &rc);
  return rc;
}

PetscErrorCode DWPotentialGetPairView(DWPotential pot, DWSystem sys, DWNeighborList nl,
                                      DWPairView *v)
{
  PetscReal rcut;
  PetscReal (*paircut)(void *, PetscInt, PetscInt);
  void *paircutctx;

  PetscFunctionBegin;
  PetscCheck(pot->setupcalled, pot->comm, PETSC_ERR_ARG_WRONGSTATE,
             "call DWPotentialSetUp() before computing");
  /* the list's cutoffs follow the model's: the largest, and rc_ij per pair */
  PetscCall(DWNeighborListGetCutoff(nl, &rcut));
  if (rcut != pot->rcmax) PetscCall(DWNeighborListSetCutoff(nl, pot->rcmax));
  PetscCall(DWNeighborListGetPairCutoff(nl, &paircut, &paircutctx));
  if (paircut != ListPairCutoff || paircutctx != &pot->listctx || pot->listctx.sys != sys) {
    PetscReal rc[DW_MAX_SPECIES * DW_MAX_SPECIES];
    PetscInt ntypes  = 0;
    pot->listctx.pot = pot;
    pot->listctx.sys = sys;
    PetscCall(DWNeighborListSetPairCutoff(nl, ListPairCutoff, &pot->listctx));
    if (pot->ops->speciescutoffs) pot->ops->speciescutoffs(pot, &ntypes, rc);
    PetscCall(DWNeighborListSetSpeciesCutoffs(nl, ntypes, rc));
  }
  PetscCall(DWSystemGetParticles(sys, &v->p));
  pot->listctx.p = v->p;
  PetscCall(DWNeighborListUpdate(nl, sys, NULL));
  PetscCall(DWNeighborListGetPairs(nl, &v->nb));
  PetscCall(DWNeighborListWrapPositions(nl, v->p.x, &v->xw));
  PetscFunctionReturn(0);
}

PetscErrorCode DWPotentialComputeEnergyForces(DWPotential pot, DWSystem sys, DWNeighborList nl,
                                              PetscReal *U, PetscReal f[], PetscReal *W,
                                              PetscReal e[])
{
  DWPairView v;

  PetscFunctionBegin;
  PetscCall(DWPotentialGetPairView(pot, sys, nl, &v));
  PetscCall(PetscLogEventBegin(DW_POTENTIAL_FORCE, 0, 0, 0, 0));
  PetscCall(pot->ops->energyforces(pot, &v, U, f, W, e));
  PetscCall(PetscLogEventEnd(DW_POTENTIAL_FORCE, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

PetscErrorCode DWPotentialForEachPair(DWPotential pot, DWSystem sys, DWNeighborList nl,
                                      DWPairVisitor visit, void *ctx)
{
  DWPairView v;

  PetscFunctionBegin;
  PetscCall(DWPotentialGetPairView(pot, sys, nl, &v));
  for (PetscInt i = 0; i < v.p.N; i++)
    for (PetscInt k = v.nb.start[i]; k < v.nb.start[i + 1]; k++) {
      PetscReal d[3], der[4];
      DWNeighborPairVector(&v.nb, v.xw, i, k, d);
      const PetscReal r = PetscSqrtReal(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
      DWPotentialRadial(pot, &v.p, i, v.nb.j[k], r, der);
      PetscCall(visit(ctx, i, v.nb.j[k], d, r, der));
    }
  PetscFunctionReturn(0);
}

/* The particle nearest to i (minimum image) and their distance r. */
static PetscErrorCode NearestParticle(DWSystem sys, PetscInt i, PetscInt *j, PetscReal *r)
{
  PetscInt N;
  PetscReal d[3];

  PetscFunctionBegin;
  PetscCall(DWSystemGetSize(sys, &N));
  *j = -1;
  *r = PETSC_MAX_REAL;
  for (PetscInt k = 0; k < N; k++) {
    if (k == i) continue;
    PetscCall(DWSystemMinimumImage(sys, i, k, d));
    const PetscReal rk = PetscSqrtReal(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
    if (rk < *r) {
      *r = rk;
      *j = k;
    }
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DWPotentialCheckFinite(DWSystem sys, PetscReal U, PetscReal W, const PetscReal f[])
{
  PetscInt N, i = -1, j = -1;
  PetscReal r = 0;
  MPI_Comm comm;
  char dist[32];

  PetscFunctionBegin;
  PetscCall(DWSystemGetSize(sys, &N));
  PetscCall(DWSystemGetComm(sys, &comm));
  for (PetscInt k = 0; k < 3 * N && i < 0; k++)
    if (PetscIsInfOrNanReal(f[k])) i = k / 3;
  if (i >= 0) {
    PetscCall(NearestParticle(sys, i, &j, &r));
    snprintf(dist, sizeof(dist), "%g", (double)r);
    SETERRQ(comm, PETSC_ERR_FP,
            "the force on particle %" PetscInt_FMT
            " is not finite: its nearest neighbour, particle "
            "%" PetscInt_FMT ", is at r = %s sigma (particles numbered from 0; coincident or "
            "overlapping particles?)",
            i, j, dist);
  }
  PetscCheck(!PetscIsInfOrNanReal(U) && !PetscIsInfOrNanReal(W), comm, PETSC_ERR_FP,
             "the energy (%g eps) or the virial (%g eps) is not finite", (double)U, (double)W);
  PetscFunctionReturn(0);
}

PetscErrorCode DWPotentialListOptions(MPI_Comm comm)
{
  const char **names;
  PetscInt n;

  PetscFunctionBegin;
  PetscCall(DWPotentialRegisterAll());
  PetscCall(DWRegistryGetNames(DWPotentialList, &n, &names));
  for (PetscInt k = 0; k < n; k++) {
    DWPotential pot;
    PetscCall(DWPotentialCreate(comm, &pot));
    PetscCall(DWPotentialSetType(pot, names[k]));
    if (pot->ops->setfromoptions) {
      PetscOptionsBegin(comm, NULL, names[k], "DWPotential");
      PetscCall(pot->ops->setfromoptions(pot, PetscOptionsObject));
      PetscOptionsEnd();
    }
    PetscCall(DWPotentialDestroy(&pot));
  }
  PetscCall(PetscFree(names));
  PetscFunctionReturn(0);
}
