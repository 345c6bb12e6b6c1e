/* A campaign's settings (include/dwell/campaign.h): the campaign keys, read and checked
   before any work with errors naming the key; the stage objects created once so that their
   options are read and checked too; the campaign directory and its identity. */
#include "farm/farmimpl.h"
#include <dwell/glass.h>
#include <dwell/explore.h>
#include <dwell/neb.h>
#include <dwell/modes.h>
#include <dwell/nlmode.h>
#include <dwell/elastic.h>
#include <dwell/pull.h>
#include <dwell/options.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

/* Options that do not change results: left out of the identity, free to change on restart. */
static const char *const not_identity[] = {"dir",
                                           "dry_run",
                                           "campaign_file",
                                           "max_time",
                                           "campaign_max_attempts",
                                           "campaign_task_timeout",
                                           "campaign_prefetch_below",
                                           "campaign_retry_failed",
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
  (*c)->max_attempts      = 2;
  (*c)->progress_interval = 60;
  (*c)->prefetch_below    = DW_PREFETCH_BELOW;
  (*c)->live              = MPI_COMM_NULL;
  PetscFunctionReturn(0);
}

PetscErrorCode DWCampaignDestroy(DWCampaign *c)
{
  PetscFunctionBegin;
  if (!*c) PetscFunctionReturn(0);
  PetscCall(DWDirLockRelease(&(*c)->lock));
  if ((*c)->live != MPI_COMM_NULL) PetscCallMPI(MPI_Comm_free(&(*c)->live));
  PetscCall(PetscFree((*c)->identity));
  PetscCall(PetscFree3((*c)->T_f, (*c)->tau_cg, (*c)->tau_total));
  PetscCall(PetscFree3((*c)->N_g, (*c)->runs, (*c)->first));
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

/* The exploration of T_f index i, with that T_f's plan in the options: its MD time step
   bounds the plan (tau_cg and tau_total in whole steps that a PetscInt counts), SetUp checks
   the rest. The plan keeps the effective times (whole numbers of steps). */
static PetscErrorCode CheckExploration(DWCampaign c, PetscInt i, DWSystem sys, DWPotential pot)
{
  DWMD md;
  DWExplore ex;
  DWExploreInfo info;
  PetscReal dt, steps;
  PetscBool explore_dt;

  PetscFunctionBegin;
  PetscCall(PetscOptionsHasName(NULL, NULL, "-explore_md_dt", &explore_dt));
  PetscCall(DWMDCreate(c->comm, &md));
  PetscCall(DWMDSetFromOptions(md));
  PetscCall(DWMDGetTimeStep(md, &dt));
  PetscCall(DWMDDestroy(&md));
  steps = PetscFloorReal(c->tau_cg[i] / dt + 0.5);
  PetscCheck(steps >= 1 && PetscAbsReal(steps * dt - c->tau_cg[i]) <= 1e-9 * c->tau_cg[i], c->comm,
             PETSC_ERR_ARG_OUTOFRANGE,
             "campaign key tau_cg = %g at T_f = %g is not a whole number of exploration MD steps "
             "of %g (%s)",
             (double)c->tau_cg[i], (double)c->T_f[i], (double)dt,
             explore_dt ? "explore_md_dt" : "md_dt");
  PetscCheck(c->tau_total[i] / dt <= PETSC_MAX_INT, c->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "campaign key tau_total = %g at T_f = %g: %g MD steps of %g per run, dwell's limit "
             "is %d",
             (double)c->tau_total[i], (double)c->T_f[i], (double)(c->tau_total[i] / dt), (double)dt,
             (int)PETSC_MAX_INT);
  PetscCall(DWExploreCreate(c->comm, &ex));
  PetscCall(DWExploreSetSystem(ex, sys, pot));
  PetscCall(DWExploreSetFromOptions(ex));
  PetscCall(DWExploreSetUp(ex));
  PetscCall(DWExploreGetInfo(ex, &info));
  PetscCall(DWExploreDestroy(&ex));
  c->T_exp           = info.T_exp;
  c->tau_cg[i]       = info.tau_cg;
  c->tau_total[i]    = info.tau_total;
  c->tol_e           = info.tol_e;
  c->tol_x           = info.tol_x;
  c->min_transitions = info.min_transitions;
  PetscCheck(c->T_exp < c->T_f[i], c->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "campaign key T_exp = %g is not below T_f[%" PetscInt_FMT "] = %g", (double)c->T_exp,
             i, (double)c->T_f[i]);
  PetscFunctionReturn(0);
}

/* The options of the modes stage's DWModes (-modes_type, ...) and DWNLMode (-nlmode_...), of
   the neb task's path Hessian (-path_hessian_type, ...), of the elastic stage's DWElastic
   (-elastic_...) and of the pull stage's DWPull (-pull_...), read once before any work. */
static PetscErrorCode CheckModesOptions(DWCampaign c)
{
  DWModes modes;

  PetscFunctionBegin;
  if (c->modes_stage || c->pull_stage) {
    PetscCall(DWModesCreate(c->comm, &modes));
    PetscCall(DWModesSetFromOptions(modes));
    PetscCall(DWModesDestroy(&modes));
  }
  if (c->modes_nlmode) {
    DWNLMode nlm;
    PetscCall(DWNLModeCreate(c->comm, &nlm));
    PetscCall(DWNLModeSetFromOptions(nlm));
    PetscCall(DWNLModeDestroy(&nlm));
  }
  if (c->path_hessian_k) {
    PetscCall(DWModesCreatePathHessian(c->comm, c->path_hessian_k, &modes));
    PetscCall(DWModesDestroy(&modes));
  }
  if (c->pull_stage) {
    DWPull pull;
    DWMinimizer min;
    PetscCall(DWPullCreate(c->comm, &pull));
    PetscCall(DWPullSetFromOptions(pull));
    PetscCall(DWPullDestroy(&pull));
    PetscCall(DWMinimizerCreate(c->comm, &min));
    PetscCall(DWMinimizerSetOptionsPrefix(min, "pull_min_"));
    PetscCall(DWMinimizerSetFromOptions(min));
    PetscCall(DWMinimizerDestroy(&min));
  }
  if (c->screen.protocol == DW_PROTOCOL_FAST) {
    DWScreen scr;
    PetscCall(DWScreenCreate(c->comm, &scr));
    PetscCall(DWScreenSetFromOptions(scr));
    PetscCall(DWScreenDestroy(&scr));
  }
  if (c->elastic_stage) {
    DWElastic el;
    PetscCall(DWElasticCreate(c->comm, &el));
    PetscCall(DWElasticSetFromOptions(el));
    PetscCall(DWElasticDestroy(&el));
  }
  PetscFunctionReturn(0);
}

/* The stage objects, created once (replicated on the campaign's communicator, so that an
   error is reported once): their SetFromOptions and SetUp check every stage option before
   any work; the exploration once per T_f, with that T_f's plan. */
static PetscErrorCode CheckStages(DWCampaign c)
{
  DWGlass glass;
  DWPotential pot;
  DWSystem sys;
  DWMinimizer min;
  DWNEB neb;
  DWTunnel t;
  PetscReal ftol;

  PetscFunctionBegin;
  PetscCall(DWPotentialCreate(c->comm, &pot));
  PetscCall(DWPotentialSetFromOptions(pot));
  PetscCall(DWPotentialCreateRandomSystem(pot, c->N, 0, c->seed, &sys));
  PetscCall(DWPotentialSetUp(pot, sys));
  for (PetscInt i = 0; i < c->n_Tf; i++) {
    DWCampaignOverride o;
    PetscErrorCode ierr;
    PetscCall(DWCampaignExploreOptionsPush(c, i, &o));
    ierr = CheckExploration(c, i, sys, pot); /* the database is restored even after an error */
    PetscCall(DWCampaignExploreOptionsPop(&o));
    PetscCall(ierr);
  }
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
  PetscCall(DWSaddleCheckSetFromOptions(c->comm, ftol, &c->saddle));
  PetscCall(CheckModesOptions(c));
  PetscCall(DWTunnelCreate(c->comm, &t));
  PetscCall(DWTunnelSetFromOptions(t));
  PetscCall(DWTunnelDestroy(&t));
  PetscCall(DWNEBDestroy(&neb));
  PetscCall(DWMinimizerDestroy(&min));
  PetscCall(DWGlassDestroy(&glass));
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

/* The first message of an error raised while the options are read. */
static char first_error[512];

static PetscErrorCode KeepFirstError(MPI_Comm comm, int line, const char *func, const char *file,
                                     PetscErrorCode n, PetscErrorType p, const char *mess,
                                     void *ctx)
{
  if (p == PETSC_ERROR_INITIAL) snprintf(first_error, sizeof(first_error), "%s", mess ? mess : "");
  return n;
}

/* PETSc's option parsers say "Input string X has no integer value" or "Unknown logical value:
   X" without the option's name: the value X is looked up in the options database so that the
   message names the key. */
static PetscErrorCode NameTheKey(const char msg[], char out[], size_t len)
{
  static const struct {
    const char *before, *after, *kind;
  } forms[]       = {{"Input string ", " has no integer value", "an integer"},
                     {"Input string ", " has no numeric value", "a number"},
                     {"Unknown logical value: ", "", "true or false"}};
  char value[256] = "", *all, *p;
  const char *end;
  size_t n;

  PetscFunctionBegin;
  out[0] = 0;
  for (size_t f = 0; f < sizeof(forms) / sizeof(forms[0]) && !out[0]; f++) {
    n = strlen(forms[f].before);
    if (strncmp(msg, forms[f].before, n)) continue;
    end = forms[f].after[0] ? strstr(msg + n, forms[f].after) : msg + strlen(msg);
    if (!end || (size_t)(end - msg - n) >= sizeof(value)) continue;
    memcpy(value, msg + n, (size_t)(end - msg - n));
    value[end - msg - n] = 0;
    PetscCall(PetscOptionsGetAll(NULL, &all));
    for (p = strstr(all, value); p && !out[0]; p = strstr(p + 1, value)) {
      const size_t vlen = strlen(value);
      char *name        = p - 1;
      if (p == all || p[-1] != ' ' || (p[vlen] && p[vlen] != ' ')) continue;
      while (name > all && name[-1] != ' ') name--; /* the word before the value */
      if (name == p - 1 || name[0] != '-' || !isalpha((unsigned char)name[1])) continue;
      snprintf(out, len, "campaign key %.*s: '%s' is not %s", (int)(p - 2 - name), name + 1, value,
               forms[f].kind);
    }
    PetscCall(PetscFree(all));
  }
  PetscFunctionReturn(0);
}

/* Reads the keys and checks the stages; an error of PETSc's option parsers names the key. */
static PetscErrorCode ReadAndCheck(DWCampaign c)
{
  PetscErrorCode ierr;
  char msg[600];

  PetscFunctionBegin;
  first_error[0] = 0;
  PetscCall(PetscPushErrorHandler(KeepFirstError, NULL));
  ierr = DWCampaignReadKeys(c);
  if (!ierr) ierr = CheckStages(c);
  PetscCall(PetscPopErrorHandler());
  if (!ierr) PetscFunctionReturn(0);
  PetscCall(NameTheKey(first_error, msg, sizeof(msg)));
  SETERRQ(c->comm, ierr, "%s", msg[0] ? msg : first_error);
}

PetscErrorCode DWCampaignSetFromOptions(DWCampaign c)
{
  PetscFunctionBegin;
  PetscCall(ReadAndCheck(c));
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
  int ok, err;

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(tmp, sizeof(tmp), "%s.tmp", path));
  f = fopen(tmp, "w");
  PetscCheck(f, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot create %s: %s", tmp, strerror(errno));
  ok  = fprintf(f, "%s\n", text) >= 0 && !fflush(f) && !fsync(fileno(f));
  err = ok ? 0 : errno;
  if (fclose(f) && ok) {
    ok  = 0;
    err = errno;
  }
  if (ok && rename(tmp, path)) {
    ok  = 0;
    err = errno;
  }
  if (!ok) (void)unlink(tmp); /* a full disk leaves nothing behind */
  PetscCheck(ok, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "cannot write %s: %s", path, strerror(err));
  PetscFunctionReturn(0);
}

static PetscErrorCode MakeDir(const char path[])
{
  PetscFunctionBegin;
  PetscCheck(!mkdir(path, 0777) || errno == EEXIST, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN,
             "cannot create directory %s: %s", path, strerror(errno));
  PetscFunctionReturn(0);
}

/* Whether an existing directory without campaign.opts may become the campaign: it is empty,
   or holds only what an interrupted creation leaves (campaign.opts.tmp, empty shards/ and
   checkpoints/) besides this command's lock. */
static PetscErrorCode OnlyLeftovers(DWCampaign c, PetscBool *ok)
{
  static const char *files[] = {".", "..", "campaign.lock", "campaign.opts.tmp", NULL};
  const char *dirs[]         = {c->shards, c->checkpoints};
  DIR *d                     = opendir(c->dir);
  struct dirent *e;

  PetscFunctionBegin;
  PetscCheck(d, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot read directory %s: %s", c->dir,
             strerror(errno));
  *ok = PETSC_TRUE;
  while (*ok && (e = readdir(d))) {
    PetscBool known = PETSC_FALSE;
    for (const char **f = files; *f && !known; f++) known = (PetscBool)!strcmp(e->d_name, *f);
    *ok = (PetscBool)(known || !strcmp(e->d_name, "shards") || !strcmp(e->d_name, "checkpoints"));
  }
  closedir(d);
  for (int k = 0; k < 2 && *ok; k++) /* rmdir succeeds on an empty directory only */
    *ok = (PetscBool)(!rmdir(dirs[k]) || errno == ENOENT);
  PetscFunctionReturn(0);
}

/* Rank 0: takes the lock, then creates or checks the directory; a refusal goes into msg. */
static PetscErrorCode SetUpDirectory(DWCampaign c, void *ctx, char msg[], size_t len)
{
  char path[PETSC_MAX_PATH_LEN + 32], *lines, *old, diff[512];
  PetscBool exists, fresh;

  PetscFunctionBegin;
  PetscCheck(!mkdir(c->dir, 0777) || errno == EEXIST, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN,
             "cannot create the campaign directory %s: %s", c->dir, strerror(errno));
  PetscCall(DWDirLockTake(c->dir, "run", &c->lock, msg, len));
  if (msg[0]) PetscFunctionReturn(0);
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
  } else {
    PetscCall(OnlyLeftovers(c, &fresh));
    if (!fresh)
      PetscCall(PetscSNPrintf(
          msg, len, "%s exists and is not a campaign directory (no campaign.opts)", c->dir));
    else {
      PetscCall(PetscSNPrintf(path, sizeof(path), "%s/campaign.opts.tmp", c->dir));
      (void)unlink(path);
      PetscCall(MakeDir(c->shards));
      PetscCall(MakeDir(c->checkpoints));
      PetscCall(PetscSNPrintf(path, sizeof(path), "%s/campaign.opts", c->dir));
      PetscCall(WriteText(path, lines));
    }
  }
  if (msg[0]) PetscCall(DWDirLockRelease(&c->lock));
  PetscCall(PetscFree(old));
  PetscCall(PetscFree(lines));
  PetscFunctionReturn(0);
}

PetscErrorCode DWFarmCatch(MPI_Comm comm, PetscBool run, PetscErrorCode (*fn)(void *), void *ctx,
                           int *ierr, char msg[], size_t len)
{
  PetscMPIInt rank, size, who;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  *ierr  = 0;
  msg[0] = 0;
  if (run) {
    first_error[0] = 0;
    PetscCall(PetscPushErrorHandler(KeepFirstError, NULL));
    *ierr = (int)fn(ctx);
    PetscCall(PetscPopErrorHandler());
    if (*ierr) PetscCall(PetscSNPrintf(msg, len, "%s", first_error[0] ? first_error : "error"));
  }
  who = *ierr ? rank : size; /* the lowest rank that failed speaks for all */
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &who, 1, MPI_INT, MPI_MIN, comm));
  if (who == size) PetscFunctionReturn(0);
  PetscCallMPI(MPI_Bcast(ierr, 1, MPI_INT, who, comm));
  PetscCallMPI(MPI_Bcast(msg, (PetscMPIInt)len, MPI_CHAR, who, comm));
  PetscFunctionReturn(0);
}

typedef struct {
  DWCampaign c;
  PetscErrorCode (*fn)(DWCampaign, void *, char[], size_t);
  void *ctx;
  char refusal[1024];
} RankZeroCall;

static PetscErrorCode CallOnRankZero(void *ctx)
{
  RankZeroCall *call = (RankZeroCall *)ctx;

  PetscFunctionBegin;
  PetscCall(call->fn(call->c, call->ctx, call->refusal, sizeof(call->refusal)));
  PetscFunctionReturn(0);
}

PetscErrorCode DWCampaignOnRankZero(DWCampaign c,
                                    PetscErrorCode (*fn)(DWCampaign, void *, char[], size_t),
                                    void *ctx)
{
  PetscMPIInt rank;
  RankZeroCall call = {c, fn, ctx, ""};
  char msg[1024];
  int ierr;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(c->comm, &rank));
  PetscCall(DWFarmCatch(c->comm, (PetscBool)!rank, CallOnRankZero, &call, &ierr, msg, sizeof(msg)));
  PetscCheck(!ierr, c->comm, (PetscErrorCode)ierr, "%s", msg);
  PetscCallMPI(MPI_Bcast(call.refusal, sizeof(call.refusal), MPI_CHAR, 0, c->comm));
  PetscCheck(!call.refusal[0], c->comm, PETSC_ERR_ARG_WRONG, "%s", call.refusal);
  PetscFunctionReturn(0);
}

PetscErrorCode DWCampaignSetUp(DWCampaign c)
{
  PetscMPIInt size;

  PetscFunctionBegin;
  PetscCheck(c->dir[0], c->comm, PETSC_ERR_ARG_WRONGSTATE, "campaign directory not set");
  PetscCallMPI(MPI_Comm_size(c->comm, &size));
  PetscCheck(size >= 2, c->comm, PETSC_ERR_ARG_SIZ,
             "dwell run needs at least 2 ranks, a master and workers: mpirun -n 2 (or more) dwell "
             "run ...");
  PetscCall(DWCampaignOnRankZero(c, SetUpDirectory, NULL));
  PetscFunctionReturn(0);
}

static PetscErrorCode TakeLock(DWCampaign c, void *command, char msg[], size_t len)
{
  PetscFunctionBegin;
  PetscCall(DWDirLockTake(c->dir, (const char *)command, &c->lock, msg, len));
  PetscFunctionReturn(0);
}

PetscErrorCode DWCampaignLock(DWCampaign c, const char command[])
{
  PetscFunctionBegin;
  PetscCall(DWCampaignOnRankZero(c, TakeLock, (void *)command));
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
