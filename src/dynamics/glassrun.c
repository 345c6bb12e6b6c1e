/* DWGlass: the three stages of the glass preparation (include/dwell/glass.h): relax a random
   configuration with short Berendsen MD; equilibrate it at T_f in blocks (hybrid swap MC/MD
   of Berthier et al., J. Stat. Mech. (2019) 064004, as in [JCP23] II.B; pure swap MC as in
   Ninarello, Berthier, Coslovich PRX 7, 021039 (2017); or plain MD) while sampling F_s(k, t),
   with a record row, a synchronisation point and possibly a checkpoint at each record
   interval, until the run spans -glass_tau_alpha tau_alpha (or -glass_blocks); quench with
   MD to T_exp. Progress lines and checkpoints follow the wall clock of rank 0. */
#include "dynamics/glassimpl.h"
#include <petsctime.h>

static PetscLogEvent EV_RELAX, EV_EQUILIBRATE, EV_QUENCH;

/* ---- wall clock: progress lines and checkpoints, decided on rank 0 ---- */

static PetscErrorCode Due(DWGlass g, PetscLogDouble *last, PetscReal interval, PetscBool *due)
{
  PetscLogDouble now;
  int flag;

  PetscFunctionBegin;
  PetscCall(PetscTime(&now));
  flag = interval > 0 && now - *last >= interval;
  PetscCallMPI(MPI_Bcast(&flag, 1, MPI_INT, 0, g->comm));
  if (flag) *last = now;
  *due = (PetscBool)flag;
  PetscFunctionReturn(0);
}

static PetscErrorCode FormatSeconds(PetscReal s, char buf[], size_t len)
{
  const long t = (long)(s + 0.5);

  PetscFunctionBegin;
  if (t >= 3600)
    PetscCall(PetscSNPrintf(buf, len, "%ldh%02ldm%02lds", t / 3600, (t / 60) % 60, t % 60));
  else if (t >= 60)
    PetscCall(PetscSNPrintf(buf, len, "%ldm%02lds", t / 60, t % 60));
  else
    PetscCall(PetscSNPrintf(buf, len, "%lds", t));
  PetscFunctionReturn(0);
}

/* Fraction of the equilibration done: blocks of a fixed run, or t / (ntau tau_alpha); < 0 when
 * unknown. */
static PetscReal FractionDone(DWGlass g)
{
  const PetscReal *tau = DWSeriesColumn(&g->eqrec, EQ_TAU), t = g->blocks * g->block_time;
  const PetscReal taunow = g->eqrec.n ? tau[g->eqrec.n - 1] : -1;

  if (g->nblocks > 0) return PetscMin(1.0, (PetscReal)g->blocks / g->nblocks);
  if (taunow <= 0) return -1;
  /* below 1 until done: stationarity may ask for more than ntau tau_alpha */
  return PetscMin(0.999, PetscMax(t / (g->ntau * taunow), (PetscReal)g->blocks / g->max_blocks));
}

static PetscErrorCode Progress(DWGlass g)
{
  const PetscInt n  = g->eqrec.n - 1;
  const PetscReal f = FractionDone(g), tau = DWSeriesColumn(&g->eqrec, EQ_TAU)[n],
                  tauq = DWSeriesColumn(&g->eqrec, EQ_TAU_EARLIER)[n];
  const char *unit     = g->mc ? "sweeps" : "tau";
  PetscLogDouble now;
  char eta[32] = "unknown", done[32] = "fraction unknown",
       taus[160] = "tau_alpha not reached yet (F_s > 1/e)";

  PetscFunctionBegin;
  PetscCall(PetscTime(&now));
  if (f > g->frac_start && f > 0)
    PetscCall(FormatSeconds((PetscReal)((now - g->wall_start) * (1 - f) / (f - g->frac_start)), eta,
                            sizeof(eta)));
  if (f >= 0) PetscCall(PetscSNPrintf(done, sizeof(done), "%.1f%% done", (double)(100 * f)));
  if (tau > 0)
    PetscCall(PetscSNPrintf(
        taus, sizeof(taus), "tau_alpha %.4g %s (origins of [t/4, t/2): %.4g), run %.3g tau_alpha",
        (double)tau, unit, (double)tauq, (double)(g->blocks * g->block_time / tau)));
  PetscCall(PetscFPrintf(g->comm, PETSC_STDERR,
                         "dwell glass: equilibrate T_f = %.6g: %s, block %" PetscInt_FMT
                         ", t = %.6g %s, %s, U/N = %.6f eps, swap acceptance %.3f, ETA %s\n",
                         (double)g->T_f, done, g->blocks, (double)(g->blocks * g->block_time), unit,
                         taus, (double)DWSeriesColumn(&g->eqrec, EQ_U)[n],
                         (double)DWSeriesColumn(&g->eqrec, EQ_SWAP_ACC)[n], eta));
  PetscFunctionReturn(0);
}

static PetscErrorCode Say(DWGlass g, const char msg[])
{
  PetscFunctionBegin;
  if (g->progress_interval > 0)
    PetscCall(PetscFPrintf(g->comm, PETSC_STDERR, "dwell glass: %s\n", msg));
  PetscFunctionReturn(0);
}

/* ---- stage 1: relax the random configuration ---- */

static PetscErrorCode Relax(DWGlass g)
{
  char msg[128];

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(msg, sizeof(msg),
                          "relax the random configuration: %" PetscInt_FMT
                          " Berendsen steps at T = %.6g",
                          g->relax_steps, (double)g->T_f));
  PetscCall(Say(g, msg));
  PetscCall(PetscLogEventBegin(EV_RELAX, 0, 0, 0, 0));
  if (g->relax_steps > 0) PetscCall(DWMDRelax(g->md, g->T_f, g->relax_steps));
  PetscCall(DWMDSetUp(g->md));
  PetscCall(DWMDDrawVelocities(g->md, g->T_f, PETSC_TRUE));
  PetscCall(PetscLogEventEnd(EV_RELAX, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* ---- stage 2: equilibrate at T_f ---- */

/* One record row at the current block: U/N, T, P, acceptances over the last interval, the
   running tau_alpha of the second half. */
static PetscErrorCode RecordRow(DWGlass g)
{
  const PetscReal t = g->blocks * g->block_time;
  PetscReal row[EQ_NCOLS], c[4] = {0, 0, 0, 0};
  DWMDObservables o;

  PetscFunctionBegin;
  if (g->mc) {
    PetscReal U, W, V;
    PetscCall(DWSystemGetVolume(g->sys, &V));
    PetscCall(DWPotentialComputeEnergyForces(g->pot, g->sys, g->nl, &U, NULL, &W, NULL));
    o.U = U / g->N;
    o.T = g->T_f;
    o.P = (g->N * g->T_f + W) / V;
  } else
    PetscCall(DWMDGetObservables(g->md, &o));
  row[EQ_DELTA] = 0;
  if (g->swap) {
    DWSwapStats s;
    PetscCall(DWSwapGetStats(g->swap, &s));
    c[0]          = s.swap_attempts;
    c[1]          = s.swap_accepted;
    c[2]          = s.move_attempts;
    c[3]          = s.move_accepted;
    row[EQ_DELTA] = g->mc ? s.delta : 0;
    for (PetscInt k = 0; k < s.npairs; k++) {
      g->pairstat[k][0] += s.pair_attempts[k];
      g->pairstat[k][1] += s.pair_accepted[k];
    }
    PetscCall(DWSwapResetStats(g->swap));
  }
  for (int q = 0; q < 4; q++) g->swapstat[q] += c[q];
  row[EQ_TIME]     = t;
  row[EQ_U]        = o.U;
  row[EQ_T]        = o.T;
  row[EQ_P]        = o.P;
  row[EQ_SWAP_ACC] = c[0] > 0 ? c[1] / c[0] : 0;
  row[EQ_MOVE_ACC] = c[2] > 0 ? c[3] / c[2] : 0;
  PetscCall(DWSelfScatteringGetTauAlpha(g->fs, 0.5 * t, PETSC_MAX_REAL, &row[EQ_TAU]));
  PetscCall(DWSelfScatteringGetTauAlpha(g->fs, 0.25 * t, 0.5 * t, &row[EQ_TAU_EARLIER]));
  PetscCall(DWSeriesAdd(&g->eqrec, row));
  PetscFunctionReturn(0);
}

static PetscBool EquilibrationDone(DWGlass g)
{
  const PetscInt n     = g->eqrec.n - 1;
  const PetscReal tau  = DWSeriesColumn(&g->eqrec, EQ_TAU)[n],
                  tauq = DWSeriesColumn(&g->eqrec, EQ_TAU_EARLIER)[n],
                  t    = g->blocks * g->block_time;

  if (g->nblocks > 0) return (PetscBool)(g->blocks >= g->nblocks);
  if (g->blocks >= g->max_blocks) return PETSC_TRUE;
  return (PetscBool)(g->blocks >= g->min_blocks && DWGlassProven(g, t, tau, tauq));
}

static PetscErrorCode RunBlocks(DWGlass g, PetscInt n)
{
  PetscFunctionBegin;
  if (g->swap)
    PetscCall(DWSwapRun(g->swap, n));
  else
    PetscCall(DWMDStep(g->md, n * g->md_block_steps));
  PetscFunctionReturn(0);
}

/* Runs up to the next record row (or the end of a fixed run), sampling F_s on the way. */
/* A sample of F_s at the current positions, time blocks x block_time. */
static PetscErrorCode SampleFs(DWGlass g)
{
  PetscReal *x;

  PetscFunctionBegin;
  PetscCall(DWSystemGetPositions(g->sys, &x));
  PetscCall(DWSelfScatteringSample(g->fs, g->blocks * g->block_time, x));
  PetscFunctionReturn(0);
}

static PetscErrorCode AdvanceToRow(DWGlass g)
{
  const PetscInt every = g->eqrec.interval * g->sample_interval;
  PetscInt target      = (g->blocks / every + 1) * every;

  PetscFunctionBegin;
  if (g->nblocks > 0) target = PetscMin(target, g->nblocks);
  target = PetscMin(target, g->max_blocks);
  while (g->blocks < target) {
    const PetscInt n =
        PetscMin(g->sample_interval - g->blocks % g->sample_interval, target - g->blocks);
    PetscCall(RunBlocks(g, n));
    g->blocks += n;
    if (g->blocks % g->sample_interval == 0) PetscCall(SampleFs(g));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode BeginEquilibration(DWGlass g)
{
  char msg[256];

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(msg, sizeof(msg), "equilibrate at T_f = %.6g with %s (%s)",
                          (double)g->T_f,
                          g->swap ? (g->mc ? "swap Monte Carlo" : "hybrid swap MC/MD") : "plain MD",
                          g->nblocks > 0 ? "fixed number of blocks"
                                         : "until proven equilibrated: -glass_tau_alpha, "
                                           "-glass_tau_tolerance"));
  PetscCall(Say(g, msg));
  g->stage  = DW_GLASS_EQUILIBRATE;
  g->blocks = 0;
  PetscCall(PetscArrayzero(g->swapstat, 4));
  PetscCall(PetscArrayzero(&g->pairstat[0][0], 2 * DW_SWAP_MAX_PAIRS));
  if (g->swap) PetscCall(DWSwapResetStats(g->swap));
  PetscCall(SampleFs(g));
  PetscCall(RecordRow(g));
  PetscCall(DWGlassSynchronize(g));
  PetscFunctionReturn(0);
}

static PetscErrorCode EndEquilibration(DWGlass g)
{
  PetscReal *v;

  PetscFunctionBegin;
  PetscCall(DWSystemDestroy(&g->eq));
  PetscCall(DWSystemDuplicate(g->sys, &g->eq));
  PetscCall(DWMDGetVelocities(g->md, &v));
  PetscCall(PetscArraycpy(g->eqv, v, 3 * g->N));
  g->stage = DW_GLASS_QUENCH;
  if (g->write && g->checkpoint_interval > 0) PetscCall(g->write(g, g->writectx));
  PetscFunctionReturn(0);
}

static PetscErrorCode Equilibrate(DWGlass g)
{
  PetscBool due;

  PetscFunctionBegin;
  PetscCall(PetscLogEventBegin(EV_EQUILIBRATE, 0, 0, 0, 0));
  g->frac_start = PetscMax(0, FractionDone(g));
  PetscCall(PetscTime(&g->wall_start));
  g->wall_ckpt = g->wall_progress = g->wall_start;
  while (1) {
    PetscCall(AdvanceToRow(g));
    PetscCall(RecordRow(g));
    PetscCall(DWGlassSynchronize(g));
    if (EquilibrationDone(g)) break;
    PetscCall(Due(g, &g->wall_ckpt, g->checkpoint_interval, &due));
    if (due && g->write) PetscCall(g->write(g, g->writectx));
    PetscCall(Due(g, &g->wall_progress, g->progress_interval, &due));
    if (due) PetscCall(Progress(g));
  }
  if (g->progress_interval > 0) PetscCall(Progress(g));
  PetscCall(EndEquilibration(g));
  PetscCall(PetscLogEventEnd(EV_EQUILIBRATE, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* ---- stage 3: quench to T_exp ---- */

static PetscErrorCode QuenchRow(DWGlass g, PetscReal t, PetscReal Ttarget)
{
  PetscReal row[Q_NCOLS];
  DWMDObservables o;

  PetscFunctionBegin;
  PetscCall(DWMDGetObservables(g->qmd, &o));
  row[Q_TIME]    = t;
  row[Q_TTARGET] = Ttarget;
  row[Q_T]       = o.T;
  row[Q_U]       = o.U;
  row[Q_P]       = o.P;
  PetscCall(DWSeriesAdd(&g->qrec, row));
  PetscFunctionReturn(0);
}

/* Blocks of 10 MD steps: the ramp T(t) = max(T_exp, T_f - rate t) (none when instantaneous),
   then -glass_quench_time at T_exp; a row every g->qrec.interval blocks and at the end. */
static PetscErrorCode Quench(DWGlass g)
{
  const PetscInt qsteps = 10;
  PetscReal dt, *v, *qv, T;
  PetscInt b = 0, hold = 0, nhold;
  char msg[128];

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(msg, sizeof(msg), "quench to T_exp = %.6g (%s), then %.6g tau at T_exp",
                          (double)g->T_exp, g->quench_rate > 0 ? "linear ramp" : "instantaneous",
                          (double)g->quench_time));
  PetscCall(Say(g, msg));
  PetscCall(PetscLogEventBegin(EV_QUENCH, 0, 0, 0, 0));
  PetscCall(DWMDGetTimeStep(g->qmd, &dt));
  PetscCall(DWMDSetUp(g->qmd));
  PetscCall(DWMDGetVelocities(g->md, &v));
  PetscCall(DWMDGetVelocities(g->qmd, &qv));
  PetscCall(PetscArraycpy(qv, v, 3 * g->N));
  if (g->quench_rate <= 0) PetscCall(DWMDDrawVelocities(g->qmd, g->T_exp, PETSC_TRUE));
  PetscCall(QuenchRow(g, 0, g->quench_rate > 0 ? g->T_f : g->T_exp));
  nhold = (PetscInt)PetscCeilReal(g->quench_time / (qsteps * dt) - 1e-9);
  while (1) {
    T = g->quench_rate > 0 ? PetscMax(g->T_exp, g->T_f - g->quench_rate * b * qsteps * dt)
                           : g->T_exp;
    if (T == g->T_exp && hold == nhold) break;
    PetscCall(DWMDSetTemperature(g->qmd, T));
    PetscCall(DWMDStep(g->qmd, qsteps));
    b++;
    if (T == g->T_exp) hold++;
    if (b % g->qrec.interval == 0 || (T == g->T_exp && hold == nhold))
      PetscCall(QuenchRow(g, b * qsteps * dt, T));
  }
  g->stage = DW_GLASS_DONE;
  PetscCall(PetscLogEventEnd(EV_QUENCH, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

PetscErrorCode DWGlassLogRegister(void)
{
  PetscFunctionBegin;
  if (!EV_RELAX) {
    PetscCall(PetscLogEventRegister("DWGlassRelax", 0, &EV_RELAX));
    PetscCall(PetscLogEventRegister("DWGlassEquilib", 0, &EV_EQUILIBRATE));
    PetscCall(PetscLogEventRegister("DWGlassQuench", 0, &EV_QUENCH));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DWGlassSolve(DWGlass g)
{
  PetscFunctionBegin;
  PetscCall(DWGlassLogRegister());
  PetscCheck(g->sys, g->comm, PETSC_ERR_ARG_WRONGSTATE,
             "call DWGlassSetUp() before DWGlassSolve()");
  if (g->stage == DW_GLASS_RELAX) {
    PetscCall(Relax(g));
    PetscCall(BeginEquilibration(g));
  }
  if (g->stage == DW_GLASS_EQUILIBRATE) PetscCall(Equilibrate(g));
  if (g->stage == DW_GLASS_QUENCH) PetscCall(Quench(g));
  PetscCall(DWGlassComputeResults(g));
  PetscFunctionReturn(0);
}
