/* The campaign's plan per fictive temperature ([JCP23] Table I: every T_f has its own N_g,
   tau_cg and tau_total; src/farm/farmimpl.h): which T_f a sample belongs to, the options an
   exploration of that T_f reads, and the plan as the library records it. */
#include "farm/farmimpl.h"

PetscInt DWCampaignSampleTf(DWCampaign c, PetscInt s)
{
  PetscInt lo = 0, hi = c->n_Tf - 1;

  while (lo < hi) { /* the last i with first[i] <= s */
    const PetscInt mid = (lo + hi + 1) / 2;
    if (c->first[mid] <= s)
      lo = mid;
    else
      hi = mid - 1;
  }
  return lo;
}

/* Sets option `name` to `value`, keeping its old value in o. */
static PetscErrorCode Replace(DWCampaignOverride *o, const char name[], const char value[])
{
  const char *old;
  PetscBool set;
  const PetscInt k = o->n;

  PetscFunctionBegin;
  PetscCheck(k < (PetscInt)(sizeof(o->name) / sizeof(o->name[0])), PETSC_COMM_SELF, PETSC_ERR_PLIB,
             "too many options replaced for one exploration");
  PetscCall(PetscOptionsFindPair(NULL, NULL, name, &old, &set));
  PetscCall(PetscStrallocpy(name, &o->name[k]));
  o->had[k]   = set;
  o->value[k] = NULL;
  if (set && old) PetscCall(PetscStrallocpy(old, &o->value[k]));
  o->n++;
  PetscCall(PetscOptionsSetValue(NULL, name, value));
  PetscFunctionReturn(0);
}

/* The exploration's own MD settings: campaign key -explore_md_X becomes -md_X. */
static const char *const explore_md[] = {"dt", "thermostat", "tau_T", "nu"};

PetscErrorCode DWCampaignExploreOptionsPush(DWCampaign c, PetscInt i, DWCampaignOverride *o)
{
  char value[64], name[64];
  const char *text;
  PetscBool set;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(o, sizeof(*o)));
  /* %.17g gives back the same double (IEEE 754 round trip) */
  PetscCall(PetscSNPrintf(value, sizeof(value), "%" PetscInt_FMT, c->runs[i]));
  PetscCall(Replace(o, "-runs", value));
  PetscCall(PetscSNPrintf(value, sizeof(value), "%.17g", (double)c->tau_cg[i]));
  PetscCall(Replace(o, "-tau_cg", value));
  PetscCall(PetscSNPrintf(value, sizeof(value), "%.17g", (double)c->tau_total[i]));
  PetscCall(Replace(o, "-tau_total", value));
  for (size_t k = 0; k < sizeof(explore_md) / sizeof(explore_md[0]); k++) {
    PetscCall(PetscSNPrintf(name, sizeof(name), "-explore_md_%s", explore_md[k]));
    PetscCall(PetscOptionsFindPair(NULL, NULL, name, &text, &set));
    if (!set) continue;
    PetscCall(PetscSNPrintf(name, sizeof(name), "-md_%s", explore_md[k]));
    PetscCall(Replace(o, name, text));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DWCampaignExploreOptionsPop(DWCampaignOverride *o)
{
  PetscFunctionBegin;
  for (PetscInt k = o->n - 1; k >= 0; k--) {
    if (o->had[k])
      PetscCall(PetscOptionsSetValue(NULL, o->name[k], o->value[k]));
    else
      PetscCall(PetscOptionsClearValue(NULL, o->name[k]));
    PetscCall(PetscFree(o->name[k]));
    PetscCall(PetscFree(o->value[k]));
  }
  o->n = 0;
  PetscFunctionReturn(0);
}

static PetscBool SameInts(PetscInt n, const PetscInt v[])
{
  for (PetscInt k = 1; k < n; k++)
    if (v[k] != v[0]) return PETSC_FALSE;
  return PETSC_TRUE;
}

static PetscBool SameReals(PetscInt n, const PetscReal v[])
{
  for (PetscInt k = 1; k < n; k++)
    if (v[k] != v[0]) return PETSC_FALSE;
  return PETSC_TRUE;
}

PetscErrorCode DWCampaignWritePlan(DWCampaign c, DWCampaignLibrary f)
{
  PetscFunctionBegin;
  if (SameInts(c->n_Tf, c->N_g))
    PetscCall(DWCampaignLibraryWriteAttribute(f, "/", "N_g", DW_FIELD_INT, &c->N_g[0]));
  if (SameInts(c->n_Tf, c->runs))
    PetscCall(DWCampaignLibraryWriteAttribute(f, "/", "runs", DW_FIELD_INT, &c->runs[0]));
  if (SameReals(c->n_Tf, c->tau_cg))
    PetscCall(DWCampaignLibraryWriteAttribute(f, "/", "tau_cg", DW_FIELD_REAL, &c->tau_cg[0]));
  if (SameReals(c->n_Tf, c->tau_total))
    PetscCall(DWCampaignLibraryWriteAttribute(f, "/", "tau_total", DW_FIELD_REAL, &c->tau_total[0]));
  PetscCall(DWCampaignLibraryWriteArray(f, "campaign/N_g", DW_FIELD_INT, c->n_Tf, c->N_g, "1",
                                    "glasses planned at each T_f ([JCP23] Table I N_g)"));
  PetscCall(DWCampaignLibraryWriteArray(f, "campaign/runs", DW_FIELD_INT, c->n_Tf, c->runs, "1",
                                    "isoconfigurational runs per glass at each T_f"));
  PetscCall(DWCampaignLibraryWriteArray(f, "campaign/tau_cg", DW_FIELD_REAL, c->n_Tf, c->tau_cg, "tau",
                                    "MD time between minimisations at each T_f (a whole number "
                                    "of exploration MD steps)"));
  PetscCall(DWCampaignLibraryWriteArray(f, "campaign/tau_total", DW_FIELD_REAL, c->n_Tf, c->tau_total,
                                    "tau",
                                    "length of each exploration run at each T_f, N_cg tau_cg"));
  PetscFunctionReturn(0);
}
