/* A campaign's settings (include/dwell/campaign.h): the campaign keys, read and checked
   before any work with errors naming the key; the stage objects created once so that their
   options are read and checked too; the campaign directory and its identity. */
#include "farm/farmimpl.h"
#include <dwell/glass.h>
#include <dwell/explore.h>
#include <dwell/neb.h>
#include <dwell/options.h>
#include <ctype.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

/* Options that do not change results: left out of the identity, free to change on restart. */
static const char *const not_identity[] = {"dir",
                                           "dry_run",
                                           "campaign_file",
                                           "max_time",
                                           "campaign_max_attempts",
                                           "campaign_progress_interval",
                                           "glass_checkpoint_interval",
                                           "glass_progress_interval",
                                           "explore_progress_interval",
                                           "report_",
                                           NULL};

PetscErrorCode DWCampaignCreate(MPI_Comm comm, DWCampaign *c)
{
  PetscFunctionBegin;
  PetscCall(PetscNew(c));
  (*c)->comm              = comm;
  (*c)->seed              = 1;
  (*c)->N_g               = 1;
  (*c)->runs              = 1;
  (*c)->max_attempts      = 2;
  (*c)->progress_interval = 60;
  (*c)->saddle_check      = PETSC_TRUE;
  (*c)->saddle_gtol       = -1;
  (*c)->saddle_lambda_tol = 1e-6;
  PetscFunctionReturn(0);
}

PetscErrorCode DWCampaignDestroy(DWCampaign *c)
{
  PetscFunctionBegin;
  if (!*c) PetscFunctionReturn(0);
  PetscCall(PetscFree((*c)->identity));
  PetscCall(PetscFree(*c));
  PetscFunctionReturn(0);
}

PetscErrorCode DWCampaignSetDirectory(DWCampaign c, const char dir[])
{
  PetscFunctionBegin;
  PetscCall(PetscStrncpy(c->dir, dir, sizeof(c->dir)));
  PetscCall(PetscSNPrintf(c->shards, sizeof(c->shards), "%s/shards", dir));
  PetscCall(PetscSNPrintf(c->checkpoints, sizeof(c->checkpoints), "%s/checkpoints", dir));
  PetscFunctionReturn(0);
}

/* An integer key, checked to be one (PETSc's own message does not name the key). */
static PetscErrorCode ReadInt(DWCampaign c, PetscOptionItems *PetscOptionsObject, const char name[],
                              const char text[], PetscInt *v)
{
  char buf[64], *end;
  PetscBool set;
  long val = 0;

  PetscFunctionBegin;
  PetscCall(PetscOptionsGetString(NULL, NULL, name, buf, sizeof(buf), &set));
  if (set) {
    errno = 0;
    val   = strtol(buf, &end, 10);
    PetscCheck(!errno && end != buf && !*end, c->comm, PETSC_ERR_ARG_WRONG,
               "campaign key %s: '%s' is not an integer", name + 1, buf);
  }
  PetscCall(PetscOptionsInt(name, text, NULL, *v, v, NULL));
  if (set) *v = (PetscInt)val;
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadReal(DWCampaign c, PetscOptionItems *PetscOptionsObject,
                               const char name[], const char text[], PetscReal *v, PetscBool *set)
{
  char buf[64], *end;
  PetscBool given;

  PetscFunctionBegin;
  PetscCall(PetscOptionsGetString(NULL, NULL, name, buf, sizeof(buf), &given));
  if (given) {
    (void)strtod(buf, &end);
    PetscCheck(end != buf && !*end, c->comm, PETSC_ERR_ARG_WRONG,
               "campaign key %s: '%s' is not a number", name + 1, buf);
  }
  PetscCall(PetscOptionsReal(name, text, NULL, *v, v, set));
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadUnits(DWCampaign c, PetscOptionItems *PetscOptionsObject)
{
  char *names[DW_CAMPAIGN_MAX_UNITS];
  PetscInt n = DW_CAMPAIGN_MAX_UNITS;
  PetscBool set;
  const char *defaults =
      !strcmp(c->model, "pss") ? "argon_prl20,nickel_prl20" : "argon_jcp23,nip_jcp23";
  char list[256];

  PetscFunctionBegin;
  PetscCall(PetscOptionsStringArray("-units",
                                    "unit sets for the quantum mass mt, comma separated "
                                    "(argon_prl20, nickel_prl20, argon_jcp23, nip_jcp23, argon_lj)",
                                    NULL, names, &n, &set));
  if (!set) {
    PetscCall(PetscStrncpy(list, defaults, sizeof(list)));
    n = 0;
    for (char *tok = strtok(list, ","); tok && n < DW_CAMPAIGN_MAX_UNITS; tok = strtok(NULL, ","))
      PetscCall(PetscStrallocpy(tok, &names[n++]));
  }
  c->n_units = n;
  for (PetscInt k = 0; k < n; k++) {
    PetscCall(DWUnitsGetByName(c->comm, names[k], &c->units[k]));
    PetscCall(PetscFree(names[k]));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadKeys(DWCampaign c)
{
  PetscBool set;
  PetscReal T_onset;
  PetscInt N_default;

  PetscFunctionBegin;
  c->n_Tf = DW_CAMPAIGN_MAX_TF;
  PetscOptionsBegin(c->comm, NULL, "dwell run: the campaign keys (campaign file or command line)",
                    NULL);
  PetscCall(PetscOptionsString("-model", "the model (pss, tlj, ka2, ka, lj, harmonic)", NULL,
                               c->model, c->model, sizeof(c->model), &set));
  PetscCheck(set && c->model[0], c->comm, PETSC_ERR_ARG_NULL,
             "campaign key model is missing (the pair potential: pss, tlj, ka2, ka, lj, harmonic)");
  PetscCall(DWGlassGetModelDefaults(c->model, &N_default, NULL, &T_onset));
  c->N = N_default;
  PetscCall(ReadInt(c, PetscOptionsObject, "-N", "particles per glass", &c->N));
  PetscCall(
      ReadInt(c, PetscOptionsObject, "-seed", "campaign seed (every random stream)", &c->seed));
  PetscCall(PetscOptionsRealArray("-T_f", "fictive temperatures (eps/k_B), a list", NULL, c->T_f,
                                  &c->n_Tf, &set));
  PetscCheck(set && c->n_Tf > 0, c->comm, PETSC_ERR_ARG_NULL,
             "campaign key T_f is missing (the fictive temperatures, eps/k_B, e.g. [0.092, 0.07])");
  PetscCall(ReadInt(c, PetscOptionsObject, "-N_g", "glasses per T_f", &c->N_g));
  PetscCall(ReadInt(c, PetscOptionsObject, "-runs", "exploration runs per glass", &c->runs));
  PetscCall(ReadInt(c, PetscOptionsObject, "-campaign_max_attempts",
                    "attempts of a failing task before it is given up", &c->max_attempts));
  PetscCall(ReadReal(c, PetscOptionsObject, "-campaign_progress_interval",
                     "seconds between progress lines in a batch log (0: none)",
                     &c->progress_interval, NULL));
  PetscCall(
      ReadReal(c, PetscOptionsObject, "-max_time",
               "wall seconds after which no new task starts and the run stops cleanly (0: none)",
               &c->max_time, NULL));
  PetscCall(PetscOptionsBool(
      "-neb_saddle_check", "check each saddle for exactly one negative Hessian eigenvalue (SLEPc)",
      NULL, c->saddle_check, &c->saddle_check, NULL));
  PetscCall(ReadReal(c, PetscOptionsObject, "-neb_saddle_gtol",
                     "saddle check: largest |grad V| component (eps/sigma); default 10 -neb_ftol",
                     &c->saddle_gtol, NULL));
  PetscCall(ReadReal(c, PetscOptionsObject, "-neb_saddle_lambda_tol",
                     "saddle check: eigenvalues below -tol are negative (eps/sigma^2)",
                     &c->saddle_lambda_tol, NULL));
  PetscCall(ReadUnits(c, PetscOptionsObject));
  PetscOptionsEnd();
  /* a glass stops at its checkpoints when the campaign is told to stop: check every minute
     unless the file says otherwise (SLURM's warning signal comes minutes before the end) */
  PetscCall(PetscOptionsHasName(NULL, NULL, "-glass_checkpoint_interval", &set));
  if (!set) PetscCall(PetscOptionsSetValue(NULL, "-glass_checkpoint_interval", "60"));
  PetscCheck(c->N > 0, c->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "campaign key N = %" PetscInt_FMT ": the number of particles must be positive", c->N);
  PetscCheck(c->seed >= 0, c->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "campaign key seed = %" PetscInt_FMT " must be >= 0", c->seed);
  PetscCheck(c->N_g >= 1, c->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "campaign key N_g = %" PetscInt_FMT ": glasses per T_f must be >= 1", c->N_g);
  PetscCheck(c->runs >= 1, c->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "campaign key runs = %" PetscInt_FMT ": runs per glass must be >= 1", c->runs);
  PetscCheck(c->max_attempts >= 1, c->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "campaign key campaign_max_attempts = %" PetscInt_FMT " must be >= 1",
             c->max_attempts);
  PetscCheck(c->max_time >= 0, c->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "campaign key max_time = %g s must be >= 0", (double)c->max_time);
  for (PetscInt k = 0; k < c->n_Tf; k++) {
    PetscCheck(c->T_f[k] > 0 && PetscIsNormalReal(c->T_f[k]), c->comm, PETSC_ERR_ARG_OUTOFRANGE,
               "campaign key T_f[%" PetscInt_FMT "] = %g must be positive", k, (double)c->T_f[k]);
    PetscCheck(T_onset <= 0 || c->T_f[k] <= T_onset, c->comm, PETSC_ERR_ARG_OUTOFRANGE,
               "campaign key T_f[%" PetscInt_FMT "] = %g is above the onset temperature of %s "
               "(about %g): not a supercooled liquid",
               k, (double)c->T_f[k], c->model, (double)T_onset);
  }
  PetscFunctionReturn(0);
}

/* The stage objects, created once (replicated on the campaign's communicator, so that an
   error is reported once): their SetFromOptions and SetUp check every stage option before
   any work. */
static PetscErrorCode CheckStages(DWCampaign c)
{
  DWGlass glass;
  DWPotential pot;
  DWSystem sys;
  DWExplore ex;
  DWExploreInfo info;
  DWMinimizer min;
  DWNEB neb;
  DWTunnel t;
  PetscReal ftol;

  PetscFunctionBegin;
  PetscCall(DWPotentialCreate(c->comm, &pot));
  PetscCall(DWPotentialSetFromOptions(pot));
  PetscCall(DWPotentialCreateRandomSystem(pot, c->N, 0, c->seed, &sys));
  PetscCall(DWPotentialSetUp(pot, sys));
  PetscCall(DWExploreCreate(c->comm, &ex));
  PetscCall(DWExploreSetSystem(ex, sys, pot));
  PetscCall(DWExploreSetFromOptions(ex));
  PetscCall(DWExploreSetUp(ex));
  PetscCall(DWExploreGetInfo(ex, &info));
  c->T_exp           = info.T_exp;
  c->tau_cg          = info.tau_cg;
  c->tau_total       = info.tau_total;
  c->tol_e           = info.tol_e;
  c->tol_x           = info.tol_x;
  c->min_transitions = info.min_transitions;
  for (PetscInt k = 0; k < c->n_Tf; k++)
    PetscCheck(c->T_exp < c->T_f[k], c->comm, PETSC_ERR_ARG_OUTOFRANGE,
               "campaign key T_exp = %g is not below T_f[%" PetscInt_FMT "] = %g", (double)c->T_exp,
               k, (double)c->T_f[k]);
  PetscCall(DWGlassCreate(c->comm, &glass));
  PetscCall(DWGlassSetFromOptions(glass));
  PetscCall(DWGlassSetSize(glass, c->N));
  PetscCall(DWGlassSetTemperatures(glass, c->T_f[0], c->T_exp));
  PetscCall(DWGlassSetUp(glass));
  PetscCall(DWMinimizerCreate(c->comm, &min));
  PetscCall(DWMinimizerSetFromOptions(min));
  PetscCall(DWNEBCreate(c->comm, &neb));
  PetscCall(DWNEBSetFromOptions(neb));
  PetscCall(DWNEBGetImages(neb, &c->images));
  PetscCall(DWNEBGetTolerances(neb, &ftol, NULL, NULL));
  if (c->saddle_gtol < 0) c->saddle_gtol = 10 * ftol;
  if (c->saddle_check) PetscCall(DWSaddleCheckSetFromOptions(c->comm));
  PetscCall(DWTunnelCreate(c->comm, &t));
  PetscCall(DWTunnelSetFromOptions(t));
  PetscCall(DWTunnelDestroy(&t));
  PetscCall(DWNEBDestroy(&neb));
  PetscCall(DWMinimizerDestroy(&min));
  PetscCall(DWGlassDestroy(&glass));
  PetscCall(DWExploreDestroy(&ex));
  PetscCall(DWSystemDestroy(&sys));
  PetscCall(DWPotentialDestroy(&pot));
  PetscFunctionReturn(0);
}

/* FNV-1a, 64 bits. */
static uint64_t HashString(const char *s)
{
  uint64_t h = 0xcbf29ce484222325ULL;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
  return h;
}

PetscErrorCode DWCampaignSetFromOptions(DWCampaign c)
{
  PetscFunctionBegin;
  PetscCall(ReadKeys(c));
  PetscCall(CheckStages(c));
  PetscCall(PetscFree(c->identity));
  PetscCall(DWOptionsGetIdentity(not_identity, &c->identity));
  c->identity_hash = HashString(c->identity);
  PetscFunctionReturn(0);
}

/* ---------------------------------------------------------------- the directory */

/* The identity as the file holds it: one option per line. */
static PetscErrorCode IdentityLines(const char *identity, char **lines)
{
  size_t len;

  PetscFunctionBegin;
  PetscCall(PetscStrallocpy(identity, lines));
  PetscCall(PetscStrlen(*lines, &len));
  for (size_t k = 1; k < len; k++)
    if ((*lines)[k - 1] == ' ' && (*lines)[k] == '-' && isalpha((unsigned char)(*lines)[k + 1]))
      (*lines)[k - 1] = '\n';
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadFile(const char path[], char **text, PetscBool *exists)
{
  FILE *f = fopen(path, "r");
  long n;

  PetscFunctionBegin;
  *exists = f ? PETSC_TRUE : PETSC_FALSE;
  *text   = NULL;
  if (!f) PetscFunctionReturn(0);
  fseek(f, 0, SEEK_END);
  n = ftell(f);
  fseek(f, 0, SEEK_SET);
  PetscCall(PetscCalloc1(n + 2, text));
  PetscCheck(fread(*text, 1, (size_t)n, f) == (size_t)n, PETSC_COMM_SELF, PETSC_ERR_FILE_READ,
             "cannot read %s", path);
  fclose(f);
  PetscFunctionReturn(0);
}

/* The first line where two option lists differ, for the message. */
static void FirstDifference(const char *a, const char *b, char out[], size_t len)
{
  while (*a && *b) {
    const char *ea = strchr(a, '\n'), *eb = strchr(b, '\n');
    size_t la = ea ? (size_t)(ea - a) : strlen(a), lb = eb ? (size_t)(eb - b) : strlen(b);
    if (la != lb || strncmp(a, b, la)) {
      snprintf(out, len, "'%.*s' there, '%.*s' now", (int)la, a, (int)lb, b);
      return;
    }
    a += la + (ea ? 1 : 0);
    b += lb + (eb ? 1 : 0);
  }
  snprintf(out, len, "'%s' there, '%s' now", *a ? a : "(end)", *b ? b : "(end)");
}

static PetscErrorCode WriteText(const char path[], const char text[])
{
  char tmp[PETSC_MAX_PATH_LEN + 8];
  FILE *f;

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(tmp, sizeof(tmp), "%s.tmp", path));
  f = fopen(tmp, "w");
  PetscCheck(f, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot create %s: %s", tmp, strerror(errno));
  fprintf(f, "%s\n", text);
  PetscCheck(!fflush(f) && !fsync(fileno(f)) && !fclose(f), PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE,
             "cannot write %s: %s", tmp, strerror(errno));
  PetscCheck(!rename(tmp, path), PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "cannot rename %s: %s", tmp,
             strerror(errno));
  PetscFunctionReturn(0);
}

static PetscErrorCode MakeDir(const char path[])
{
  PetscFunctionBegin;
  PetscCheck(!mkdir(path, 0777) || errno == EEXIST, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN,
             "cannot create directory %s: %s", path, strerror(errno));
  PetscFunctionReturn(0);
}

/* Rank 0: creates or checks the directory; the error message, if any, goes into msg. */
static PetscErrorCode SetUpDirectory(DWCampaign c, char msg[], size_t len)
{
  char path[PETSC_MAX_PATH_LEN + 32], *lines, *old, diff[512];
  PetscBool exists;
  struct stat st;

  PetscFunctionBegin;
  msg[0] = 0;
  PetscCall(IdentityLines(c->identity, &lines));
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/campaign.opts", c->dir));
  PetscCall(ReadFile(path, &old, &exists));
  if (exists) {
    size_t n = strlen(old);
    while (n && old[n - 1] == '\n') old[--n] = 0;
    if (strcmp(old, lines)) {
      FirstDifference(old, lines, diff, sizeof(diff));
      PetscCall(PetscSNPrintf(msg, len,
                              "%s belongs to a campaign with other options (%s); resume it with "
                              "the same options or choose another -dir",
                              c->dir, diff));
    }
  } else if (!stat(c->dir, &st)) {
    PetscCall(PetscSNPrintf(
        msg, len, "%s exists and is not a campaign directory (no campaign.opts)", c->dir));
  } else {
    PetscCall(MakeDir(c->dir));
    PetscCall(MakeDir(c->shards));
    PetscCall(MakeDir(c->checkpoints));
    PetscCall(WriteText(path, lines));
  }
  PetscCall(PetscFree(old));
  PetscCall(PetscFree(lines));
  PetscFunctionReturn(0);
}

PetscErrorCode DWCampaignSetUp(DWCampaign c)
{
  PetscMPIInt rank, size;
  char msg[1024] = "";

  PetscFunctionBegin;
  PetscCheck(c->dir[0], c->comm, PETSC_ERR_ARG_WRONGSTATE, "campaign directory not set");
  PetscCallMPI(MPI_Comm_rank(c->comm, &rank));
  PetscCallMPI(MPI_Comm_size(c->comm, &size));
  PetscCheck(size >= 2, c->comm, PETSC_ERR_ARG_SIZ,
             "dwell run needs at least 2 ranks, a master and workers: mpirun -n 2 (or more) dwell "
             "run ...");
  if (!rank) PetscCall(SetUpDirectory(c, msg, sizeof(msg)));
  PetscCallMPI(MPI_Bcast(msg, sizeof(msg), MPI_CHAR, 0, c->comm));
  PetscCheck(!msg[0], c->comm, PETSC_ERR_ARG_WRONG, "%s", msg);
  PetscFunctionReturn(0);
}

PetscErrorCode DWCampaignLoadOptions(MPI_Comm comm, const char dir[])
{
  char path[PETSC_MAX_PATH_LEN + 32];
  PetscBool exists;

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/campaign.opts", dir));
  PetscCall(PetscTestFile(path, 'r', &exists));
  PetscCheck(exists, comm, PETSC_ERR_FILE_OPEN, "%s is not a campaign directory (no campaign.opts)",
             dir);
  PetscCall(PetscOptionsInsertFile(comm, NULL, path, PETSC_TRUE));
  PetscFunctionReturn(0);
}

/* Rank 0: DIR/INCOMPLETE exists exactly while work remains (for job scripts). */
PetscErrorCode DWCampaignMarkComplete(DWCampaign c, PetscBool complete)
{
  char path[PETSC_MAX_PATH_LEN + 32];

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/INCOMPLETE", c->dir));
  if (complete)
    (void)unlink(path);
  else
    PetscCall(WriteText(path, "work remains: run dwell run again on this directory"));
  PetscFunctionReturn(0);
}
