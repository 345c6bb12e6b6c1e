/* One campaign per directory (DESIGN.md section 5): the lock DIR/campaign.lock, taken by rank 0
   of `dwell run` (and of `dwell collect`) and held until the command ends.

   The lock file is created whole and exclusively (written under a temporary name, fsync'd,
   then link(2)ed to campaign.lock, which fails if it exists; O_EXCL where links are not
   supported) and names its holder:
       command, host, pid, started (UTC), boot_id (/proc/sys/kernel/random/boot_id),
       proc_start (the process's start time in clock ticks since boot, /proc/PID/stat),
       heartbeat (a counter the holder rewrites every DW_LOCK_BEAT seconds, from a thread,
       so that it beats also while rank 0 sits in a long collective such as the collect).
   The holder also keeps an flock(2) on the file. A second command finds the file and decides:
     1. flock refused (EWOULDBLOCK): the holder lives; refused at once, naming it;
     2. flock granted or not supported (a parallel file system where flock is local or
        absent), and the holder ran on this host (same boot_id and host name): it lives iff
        its pid exists with the same start time; refused, or the stale lock is taken over;
     3. another host (or a lock that cannot be parsed): its liveness cannot be checked
        directly, so the heartbeat is watched for DW_LOCK_GRACE seconds (three beats): a
        change means it lives (refused); none means it is dead or stopped, and the lock is
        taken over.
   Taking over renames the stale file to a unique name (atomic: of two contenders only one
   succeeds), checks that the file moved is the one judged stale (else it is put back and the
   command refused) and creates a new lock. A holder stopped longer than the grace (SIGSTOP)
   can lose its lock this way: its heartbeat thread sees that campaign.lock is no longer its
   file and sets a flag on which the master stops handing out work (DWDirLockLost), and
   the shard writers refuse to append to a shard that another process grew (src/farm/shard.c).

   Everything here runs on rank 0 only (not collective); src/farm/campaign.c makes a refusal
   every rank's error. */
#include "farm/farmimpl.h"
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DW_LOCK_BEAT  5.0  /* s between heartbeats */
#define DW_LOCK_GRACE 30.0 /* s a contender watches a foreign holder's heartbeat */
#define DW_LOCK_NAME  "campaign.lock"

struct _n_DWDirLock {
  int fd;
  char path[PETSC_MAX_PATH_LEN + 32];
  struct stat st; /* the file this process created */
  off_t beat_at;  /* offset of the heartbeat digits */
  uint64_t beats;
  pthread_t thread;
  PetscBool thread_started;
  pthread_mutex_t mutex;
  pthread_cond_t cond;
  int stop;          /* under mutex */
  volatile int lost; /* campaign.lock is no longer this process's file */
};

/* The holder as the file names it (strings, "" when missing). */
typedef struct {
  char command[32], host[256], pid[32], started[64], boot_id[64], proc_start[32], heartbeat[32];
  PetscBool parsed;
} Holder;

/* ---------------------------------------------------------------- who we are */

static void ReadSmallFile(const char path[], char out[], size_t len)
{
  FILE *f = fopen(path, "r");
  size_t n;

  out[0] = 0;
  if (!f) return;
  n      = fread(out, 1, len - 1, f);
  out[n] = 0;
  fclose(f);
  while (n && (out[n - 1] == '\n' || out[n - 1] == ' ')) out[--n] = 0;
}

/* Field 22 of /proc/PID/stat, the start time in clock ticks since boot ("" if unknown), and
   whether the process is a zombie (field 3: Z or X, dead but not yet reaped). The command
   name (field 2, in parentheses) may hold spaces: fields are counted after its ')'. */
static void ProcStart(long pid, char out[], size_t len, PetscBool *zombie)
{
  char path[64], buf[1024], *p;
  int field = 2;

  out[0] = 0;
  if (zombie) *zombie = PETSC_FALSE;
  snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
  ReadSmallFile(path, buf, sizeof(buf));
  p = strrchr(buf, ')');
  if (!p) return;
  if (zombie) *zombie = (PetscBool)(p[1] == ' ' && (p[2] == 'Z' || p[2] == 'X'));
  for (p++; *p && field < 22; p++)
    if (*p == ' ') field++;
  if (field == 22) snprintf(out, len, "%.*s", (int)strcspn(p, " "), p);
}

static void Self(Holder *h, const char command[])
{
  time_t now = time(NULL);
  struct tm tm;

  PetscMemzero(h, sizeof(*h));
  snprintf(h->command, sizeof(h->command), "%s", command);
  if (gethostname(h->host, sizeof(h->host) - 1)) snprintf(h->host, sizeof(h->host), "unknown");
  snprintf(h->pid, sizeof(h->pid), "%ld", (long)getpid());
  gmtime_r(&now, &tm);
  strftime(h->started, sizeof(h->started), "%Y-%m-%dT%H:%M:%SZ", &tm);
  ReadSmallFile("/proc/sys/kernel/random/boot_id", h->boot_id, sizeof(h->boot_id));
  ProcStart((long)getpid(), h->proc_start, sizeof(h->proc_start), NULL);
  snprintf(h->heartbeat, sizeof(h->heartbeat), "%010d", 0);
  h->parsed = PETSC_TRUE;
}

/* The file's text; *beat_at: where the heartbeat's 10 digits start. */
static void Format(const Holder *h, char text[], size_t len, off_t *beat_at)
{
  int n    = snprintf(text, len,
                      "# dwell campaign lock: one campaign per directory (src/farm/lock.c)\n"
                         "command: %s\nhost: %s\npid: %s\nstarted: %s\nboot_id: %s\nproc_start: %s\n"
                         "heartbeat: ",
                      h->command, h->host, h->pid, h->started, h->boot_id, h->proc_start);
  *beat_at = (off_t)n;
  snprintf(text + n, len - (size_t)n, "%s\n", h->heartbeat);
}

static void Parse(const char text[], Holder *h)
{
  static const char *keys[] = {"command", "host",       "pid",      "started",
                               "boot_id", "proc_start", "heartbeat"};
  char *fields[]            = {h->command, h->host,       h->pid,      h->started,
                               h->boot_id, h->proc_start, h->heartbeat};
  const size_t sizes[]      = {sizeof(h->command),  sizeof(h->host),    sizeof(h->pid),
                               sizeof(h->started),  sizeof(h->boot_id), sizeof(h->proc_start),
                               sizeof(h->heartbeat)};

  PetscMemzero(h, sizeof(*h));
  for (const char *line = text; line && *line;
       line             = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
    for (int k = 0; k < 7; k++) {
                  const size_t n = strlen(keys[k]);
                  if (strncmp(line, keys[k], n) || strncmp(line + n, ": ", 2)) continue;
      snprintf(fields[k], sizes[k], "%.*s", (int)strcspn(line + n + 2, "\n"), line + n + 2);
    }
  h->parsed = (PetscBool)(h->command[0] && h->host[0] && h->pid[0] && h->heartbeat[0]);
}

static void Describe(const Holder *h, char out[], size_t len)
{
  if (h->parsed)
    snprintf(out, len, "dwell %s on host %s, pid %s, started %s", h->command, h->host, h->pid,
             h->started);
  else
    snprintf(out, len, "an unreadable lock");
}

/* ---------------------------------------------------------------- the file */

/* Creates path holding text, exclusively: *exists when it is there already. */
static PetscErrorCode CreateExclusive(const char path[], const char text[], PetscBool *exists)
{
  char tmp[PETSC_MAX_PATH_LEN + 64];
  struct stat st;
  int fd, err = 0, linked;
  const size_t n = strlen(text);

  PetscFunctionBegin;
  *exists = PETSC_FALSE;
  PetscCall(PetscSNPrintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid()));
  fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  PetscCheck(fd >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot create %s: %s", tmp,
             strerror(errno));
  if (write(fd, text, n) != (ssize_t)n || fsync(fd)) err = errno ? errno : EIO;
  if (close(fd) && !err) err = errno;
  if (err) unlink(tmp);
  PetscCheck(!err, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "cannot write %s: %s", tmp,
             strerror(err));
  linked = !link(tmp, path);
  err    = linked ? 0 : errno;
  /* NFS may report a failure of a link that was made (a retransmission): the count tells */
  if (!linked && !stat(tmp, &st) && st.st_nlink == 2) linked = 1;
  unlink(tmp);
  if (linked) PetscFunctionReturn(0);
  if (err == EEXIST) {
    *exists = PETSC_TRUE;
    PetscFunctionReturn(0);
  }
  PetscCheck(err == EPERM || err == ENOTSUP || err == ENOSYS, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN,
             "cannot create %s: %s", path, strerror(err));
  /* a file system without hard links: O_EXCL */
  fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
  if (fd < 0 && errno == EEXIST) {
    *exists = PETSC_TRUE;
    PetscFunctionReturn(0);
  }
  PetscCheck(fd >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot create %s: %s", path,
             strerror(errno));
  err = (write(fd, text, n) != (ssize_t)n || fsync(fd)) ? (errno ? errno : EIO) : 0;
  if (close(fd) && !err) err = errno;
  if (err) unlink(path);
  PetscCheck(!err, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "cannot write %s: %s", path,
             strerror(err));
  PetscFunctionReturn(0);
}

static void ReadHolder(const char path[], Holder *h, char text[], size_t len)
{
  ReadSmallFile(path, text, len);
  Parse(text, h);
}

/* flock: 1 granted, 0 refused (another process holds it), -1 not supported here. */
static int TryFlock(int fd)
{
  if (getenv("DWELL_TEST_NO_FLOCK")) return -1; /* tests: a file system without coherent flock */
  if (!flock(fd, LOCK_EX | LOCK_NB)) return 1;
  return errno == EWOULDBLOCK ? 0 : -1;
}

/* ---------------------------------------------------------------- is the holder alive? */

static PetscBool SameHost(const Holder *h, const Holder *me)
{
  return (PetscBool)(h->boot_id[0] && !strcmp(h->boot_id, me->boot_id) &&
                     !strcmp(h->host, me->host));
}

/* On this host: the pid exists, is not a zombie and started when the lock says. */
static PetscBool PidAlive(const Holder *h)
{
  char *end, now[32];
  const long pid = strtol(h->pid, &end, 10);
  PetscBool zombie;

  if (end == h->pid || *end || pid <= 0) return PETSC_FALSE;
  if (kill((pid_t)pid, 0) && errno != EPERM) return PETSC_FALSE;
  ProcStart(pid, now, sizeof(now), &zombie);
  if (zombie) return PETSC_FALSE;
  return (PetscBool)(!now[0] || !h->proc_start[0] || !strcmp(now, h->proc_start));
}

static double Grace(void)
{
  const char *g = getenv("DWELL_TEST_LOCK_GRACE"); /* tests: a shorter watch */
  return g ? atof(g) : DW_LOCK_GRACE;
}

/* Another host: watches the heartbeat; *alive when it changes (or another holder took the
   lock), *gone when the lock went away meanwhile (the caller tries again). */
static PetscErrorCode WatchHeartbeat(const char path[], const Holder *h, PetscBool *alive,
                                     PetscBool *gone)
{
  char text[2048], who[512];
  Holder now;
  const double grace = Grace();

  PetscFunctionBegin;
  Describe(h, who, sizeof(who));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, stderr,
                         "dwell: %s is locked by %s, another host: waiting up to %.0f s for its "
                         "heartbeat before taking the lock over\n",
                         path, who, grace));
  *alive = *gone = PETSC_FALSE;
  for (double t = 0; t < grace && !*alive && !*gone; t += 0.5) {
    struct timespec ts = {0, 500000000L};
    nanosleep(&ts, NULL);
    ReadHolder(path, &now, text, sizeof(text));
    *gone = (PetscBool)(access(path, F_OK) != 0);
    *alive =
        (PetscBool)(!*gone && (strcmp(now.heartbeat, h->heartbeat) || strcmp(now.pid, h->pid)));
  }
  PetscFunctionReturn(0);
}

/* Moves the stale lock (the one whose text was judged) out of the way; *ok when done. */
static PetscErrorCode TakeOver(const char path[], const char judged[], PetscBool *ok)
{
  char aside[PETSC_MAX_PATH_LEN + 64], text[2048];

  PetscFunctionBegin;
  *ok = PETSC_FALSE;
  PetscCall(PetscSNPrintf(aside, sizeof(aside), "%s.stale.%ld", path, (long)getpid()));
  if (rename(path, aside)) {
    PetscCheck(errno == ENOENT, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "cannot move %s: %s", path,
               strerror(errno));
    PetscFunctionReturn(0); /* someone else moved it: try again */
  }
  ReadSmallFile(aside, text, sizeof(text));
  if (strcmp(text, judged)) { /* a lock made meanwhile by another contender: put it back */
    if (link(aside, path)) PetscCall(PetscInfo(NULL, "could not restore %s\n", path));
    unlink(aside);
    PetscFunctionReturn(0);
  }
  unlink(aside);
  *ok = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/* ---------------------------------------------------------------- the heartbeat */

static void *Beat(void *arg)
{
  struct _n_DWDirLock *l = (struct _n_DWDirLock *)arg;
  struct timespec until;
  struct stat st;
  char digits[16];

  pthread_mutex_lock(&l->mutex);
  while (!l->stop) {
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += (time_t)DW_LOCK_BEAT;
    pthread_cond_timedwait(&l->cond, &l->mutex, &until);
    if (l->stop) break;
    if (stat(l->path, &st) || st.st_dev != l->st.st_dev || st.st_ino != l->st.st_ino) {
      l->lost = 1;
      continue;
    }
    snprintf(digits, sizeof(digits), "%010llu", (unsigned long long)(++l->beats % 10000000000ULL));
    if (pwrite(l->fd, digits, 10, l->beat_at) == 10) (void)fsync(l->fd);
  }
  pthread_mutex_unlock(&l->mutex);
  return NULL;
}

static PetscErrorCode StartBeat(struct _n_DWDirLock *l)
{
  sigset_t all, old;
  int err;

  PetscFunctionBegin;
  pthread_mutex_init(&l->mutex, NULL);
  pthread_cond_init(&l->cond, NULL);
  /* the thread takes no signals: SIGTERM and SIGUSR1 go to the thread that handles them */
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  err = pthread_create(&l->thread, NULL, Beat, l);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  PetscCheck(!err, PETSC_COMM_SELF, PETSC_ERR_SYS, "cannot start the heartbeat of %s: %s", l->path,
             strerror(err));
  l->thread_started = PETSC_TRUE;
  PetscFunctionReturn(0);
}

static void StopBeat(struct _n_DWDirLock *l)
{
  if (!l->thread_started) return;
  pthread_mutex_lock(&l->mutex);
  l->stop = 1;
  pthread_cond_signal(&l->cond);
  pthread_mutex_unlock(&l->mutex);
  pthread_join(l->thread, NULL);
  pthread_mutex_destroy(&l->mutex);
  pthread_cond_destroy(&l->cond);
  l->thread_started = PETSC_FALSE;
}

/* ---------------------------------------------------------------- take and release */

/* The lock this process holds, released at PetscFinalize if the command ends on an error. */
static struct _n_DWDirLock *held = NULL;

static void Release(struct _n_DWDirLock *l)
{
  struct stat st;

  StopBeat(l);
  if (!l->lost && !stat(l->path, &st) && st.st_dev == l->st.st_dev && st.st_ino == l->st.st_ino)
    unlink(l->path);
  close(l->fd);
}

static PetscErrorCode ReleaseAtFinalize(void)
{
  PetscFunctionBegin;
  if (held) {
    Release(held);
    free(held);
    held = NULL;
  }
  PetscFunctionReturn(0);
}

/* Opens the lock just created, flocks it and starts the heartbeat. */
static PetscErrorCode Hold(const char path[], off_t beat_at, DWDirLock *lock)
{
  struct _n_DWDirLock *l;
  static PetscBool registered = PETSC_FALSE;

  PetscFunctionBegin;
  l = calloc(1, sizeof(*l));
  PetscCheck(l, PETSC_COMM_SELF, PETSC_ERR_MEM, "out of memory");
  snprintf(l->path, sizeof(l->path), "%s", path);
  l->beat_at = beat_at;
  l->fd      = open(path, O_RDWR);
  if (l->fd < 0 || fstat(l->fd, &l->st)) {
    const int err = errno;
    if (l->fd >= 0) close(l->fd);
    free(l);
    SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot open %s: %s", path, strerror(err));
  }
  /* refused only while a contender judging the new lock holds it for an instant */
  for (int k = 0; k < 20 && !TryFlock(l->fd); k++) {
    struct timespec ts = {0, 50000000L};
    nanosleep(&ts, NULL);
  }
  PetscCall(StartBeat(l));
  held  = l;
  *lock = l;
  if (!registered) PetscCall(PetscRegisterFinalize(ReleaseAtFinalize));
  registered = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/* An existing lock: *alive if its holder lives (or it went away meanwhile: *retry). */
static PetscErrorCode Judge(const char path[], const Holder *me, Holder *h, char judged[],
                            size_t len, PetscBool *alive, PetscBool *retry)
{
  int fd = open(path, O_RDWR), fl;

  PetscFunctionBegin;
  *alive = PETSC_FALSE;
  *retry = PETSC_FALSE;
  if (fd < 0) {
    PetscCheck(errno == ENOENT, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot open %s: %s", path,
               strerror(errno));
    *retry = PETSC_TRUE;
    PetscFunctionReturn(0);
  }
  ReadHolder(path, h, judged, len);
  fl = TryFlock(fd);
  close(fd); /* our flock, if granted, goes at once: the holder may be taking it */
  if (fl == 0)
    *alive = PETSC_TRUE;
  else if (h->parsed && SameHost(h, me)) {
    *alive = PidAlive(h);
    /* its flock is gone but the process is not: it may be exiting; a moment tells */
    for (int k = 0; k < 10 && *alive && fl == 1; k++) {
      struct timespec ts = {0, 100000000L};
      nanosleep(&ts, NULL);
      *alive = PidAlive(h);
    }
  } else
    PetscCall(WatchHeartbeat(path, h, alive, retry));
  PetscFunctionReturn(0);
}

PetscErrorCode DWDirLockTake(const char dir[], const char command[], DWDirLock *lock, char msg[],
                             size_t len)
{
  char path[PETSC_MAX_PATH_LEN + 32], text[2048], judged[2048], who[512];
  Holder me, h;
  off_t beat_at;
  PetscBool exists, alive, retry, moved;

  PetscFunctionBegin;
  *lock  = NULL;
  msg[0] = 0;
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/%s", dir, DW_LOCK_NAME));
  Self(&me, command);
  Format(&me, text, sizeof(text), &beat_at);
  for (int attempt = 0; attempt < 5; attempt++) {
    PetscCall(CreateExclusive(path, text, &exists));
    if (!exists) {
      PetscCall(Hold(path, beat_at, lock));
      PetscFunctionReturn(0);
    }
    PetscCall(Judge(path, &me, &h, judged, sizeof(judged), &alive, &retry));
    if (retry) continue;
    Describe(&h, who, sizeof(who));
    if (alive) {
      PetscCall(PetscSNPrintf(msg, len,
                              "campaign directory %s is in use by %s (%s): one campaign per "
                              "directory; wait for it to end or stop it",
                              dir, who, path));
      PetscFunctionReturn(0);
    }
    PetscCall(TakeOver(path, judged, &moved));
    if (moved)
      PetscCall(PetscFPrintf(PETSC_COMM_SELF, stderr,
                             "dwell: the lock of %s by %s was stale (no such process, or no "
                             "heartbeat): taken over\n",
                             dir, who));
  }
  PetscCall(PetscSNPrintf(msg, len,
                          "campaign directory %s: its lock %s changed hands while this command "
                          "tried to take it; another command is starting on it",
                          dir, path));
  PetscFunctionReturn(0);
}

PetscErrorCode DWDirLockRelease(DWDirLock *lock)
{
  PetscFunctionBegin;
  if (!*lock) PetscFunctionReturn(0);
  Release(*lock);
  if (held == *lock) held = NULL;
  free(*lock);
  *lock = NULL;
  PetscFunctionReturn(0);
}

PetscBool DWDirLockLost(DWDirLock lock)
{
  return (PetscBool)(lock && lock->lost);
}

PetscErrorCode DWDirLockDescribe(const char dir[], char out[], size_t len)
{
  char path[PETSC_MAX_PATH_LEN + 32], text[2048], who[512];
  Holder h, me;

  PetscFunctionBegin;
  out[0] = 0;
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/%s", dir, DW_LOCK_NAME));
  ReadHolder(path, &h, text, sizeof(text));
  if (!text[0]) PetscFunctionReturn(0);
  Self(&me, "status");
  Describe(&h, who, sizeof(who));
  PetscCall(PetscSNPrintf(
      out, len, "%s%s", who,
      h.parsed && SameHost(&h, &me) && !PidAlive(&h) ? " (stale: that process is gone)" : ""));
  PetscFunctionReturn(0);
}
