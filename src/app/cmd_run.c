/* dwell run, status, collect: the campaign engine's commands (include/dwell/campaign.h).
   `dwell run CAMPAIGN.yaml` (main.c turns the file into -options_file_yaml FILE
   -campaign_file FILE, so options after it override its keys) creates or resumes the
   campaign directory (-dir, default the file's name without .yaml) and runs what is
   missing; `dwell status DIR` and `dwell collect DIR` (DIR becomes -dir) work on an
   existing directory with the options stored in it. run and collect take the directory's
   lock (one campaign per directory): collect refuses while a run works on DIR, since the run
   writes DIR/library.h5 itself when it completes; status only reads and works at any time. */
#include <dwell/campaign.h>
#include "app/commands.h"
#include <libgen.h>

int DWAppExitCode = 0;

/* The default directory: the campaign file's name without its directory and .yaml. */
static PetscErrorCode DefaultDirectory(const char file[], char dir[], size_t len)
{
  char copy[PETSC_MAX_PATH_LEN], *base, *dot;

  PetscFunctionBegin;
  PetscCall(PetscStrncpy(copy, file, sizeof(copy)));
  base = basename(copy);
  dot  = strrchr(base, '.');
  if (dot && dot != base) *dot = 0;
  PetscCall(PetscStrncpy(dir, base, len));
  PetscFunctionReturn(0);
}

/* After a run, on the ranks that took part to the end: the report when nothing is left to
   run, and exit code 4 when tasks were given up. */
static PetscErrorCode Finish(DWCampaign c, DWCampaignState state, const char dir[])
{
  MPI_Comm live;

  PetscFunctionBegin;
  PetscCall(DWCampaignGetComm(c, &live));
  if (live == MPI_COMM_NULL) PetscFunctionReturn(0); /* left out: the others finish */
  if (state == DW_CAMPAIGN_WORK_REMAINS) {
    PetscCall(PetscPrintf(
        live,
        "campaign stopped: work remains (%s/INCOMPLETE); run the same command again to resume\n",
        dir));
    PetscFunctionReturn(0);
  }
  PetscCall(PetscOptionsSetValue(NULL, "-dir", dir));
  PetscCall(DWCommandReport(live, PETSC_FALSE));
  if (state == DW_CAMPAIGN_GAVE_UP) {
    PetscCall(PetscPrintf(live,
                          "campaign finished with tasks given up (exit code 4): the library "
                          "holds the rest; dwell status %s lists them, and the same command "
                          "with -campaign_retry_failed tries them again\n",
                          dir));
    DWAppExitCode = 4;
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DWCommandRun(MPI_Comm comm, PetscBool helponly)
{
  char file[PETSC_MAX_PATH_LEN] = "", dir[PETSC_MAX_PATH_LEN] = "";
  DWCampaign c;
  DWCampaignState state;
  PetscBool dry = PETSC_FALSE;

  PetscFunctionBegin;
  PetscCall(DWAppLogRegisterAll());
  PetscOptionsBegin(comm, NULL, "dwell run CAMPAIGN.yaml: run or resume a campaign", NULL);
  PetscCall(PetscOptionsBool("-dry_run", "check the campaign file and stop (nothing is created)",
                             NULL, dry, &dry, NULL));
  PetscCall(DWAppRequireString(comm, PetscOptionsObject, "-campaign_file",
                               "the campaign file (given as dwell run FILE)", file, sizeof(file),
                               helponly));
  PetscCall(PetscOptionsString("-dir",
                               "campaign directory (default: the file's name without .yaml)", NULL,
                               dir, dir, sizeof(dir), NULL));
  PetscOptionsEnd();
  PetscCall(DWCampaignCreate(comm, &c));
  if (!helponly && !dir[0]) PetscCall(DefaultDirectory(file, dir, sizeof(dir)));
  PetscCall(DWCampaignSetDirectory(c, dir));
  if (!helponly) {
    PetscCall(DWCampaignSetFromOptions(c));
    PetscCall(DWAppCheckUnusedOptions(comm));
    if (dry) {
      PetscCall(PetscPrintf(comm, "%s: campaign file checked (-dry_run: nothing created)\n", file));
      PetscCall(DWCampaignDestroy(&c));
      PetscFunctionReturn(0);
    }
    PetscCall(DWCampaignSetUp(c));
    PetscCall(DWCampaignRun(c, &state));
    PetscCall(Finish(c, state, dir));
  }
  PetscCall(DWCampaignDestroy(&c));
  PetscFunctionReturn(0);
}

/* status and collect: an existing campaign directory, with its stored options. */
static PetscErrorCode OpenExisting(MPI_Comm comm, PetscBool helponly, const char title[],
                                   DWCampaign *c)
{
  char dir[PETSC_MAX_PATH_LEN] = "";

  PetscFunctionBegin;
  PetscOptionsBegin(comm, NULL, title, NULL);
  PetscCall(DWAppRequireString(comm, PetscOptionsObject, "-dir",
                               "the campaign directory (given as dwell COMMAND DIR)", dir,
                               sizeof(dir), helponly));
  PetscOptionsEnd();
  PetscCall(DWCampaignCreate(comm, c));
  if (helponly) PetscFunctionReturn(0);
  PetscCall(DWCampaignLoadOptions(comm, dir));
  PetscCall(DWCampaignSetDirectory(*c, dir));
  PetscCall(DWCampaignSetFromOptions(*c));
  PetscCall(DWAppCheckUnusedOptions(comm));
  PetscFunctionReturn(0);
}

PetscErrorCode DWCommandStatus(MPI_Comm comm, PetscBool helponly)
{
  DWCampaign c;
  DWCampaignState state;

  PetscFunctionBegin;
  PetscCall(OpenExisting(comm, helponly,
                         "dwell status DIR: a campaign's progress from its shards (exit code 0: "
                         "complete, 3: work remains, 4: finished with tasks given up)",
                         &c));
  if (!helponly) {
    PetscCall(DWCampaignStatus(c, PETSC_VIEWER_STDOUT_(comm), &state));
    if (state == DW_CAMPAIGN_WORK_REMAINS) DWAppExitCode = 3;
    if (state == DW_CAMPAIGN_GAVE_UP) DWAppExitCode = 4;
  }
  PetscCall(DWCampaignDestroy(&c));
  PetscFunctionReturn(0);
}

PetscErrorCode DWCommandCollect(MPI_Comm comm, PetscBool helponly)
{
  DWCampaign c;

  PetscFunctionBegin;
  PetscCall(OpenExisting(comm, helponly,
                         "dwell collect DIR: rebuild DIR/library.h5 from the shards", &c));
  if (!helponly) {
    PetscCall(DWCampaignLock(c, "collect")); /* refused while a run works on the directory */
    PetscCall(DWCampaignCollect(c));
  }
  PetscCall(DWCampaignDestroy(&c));
  PetscFunctionReturn(0);
}
