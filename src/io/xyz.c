/* Extended XYZ configurations (the format of OVITO and ASE), see include/dwell/io.h.
   Every rank parses the file, so errors are raised collectively. */
#include "io/ioimpl.h"
#include <ctype.h>
#include <errno.h>

#define MAX_COLUMNS 64 /* columns of a particle line */

typedef struct {
  int col_species, col_pos, col_diameter, ncols;
  char model[DW_MODEL_NAME_LEN];
  int nspecies; /* 0 when the file does not say */
  double lattice[9];
  PetscBool has_lattice;
} Header;

/* Next key=value of an extxyz comment line (value possibly "quoted"); 0 at the end. */
static int NextPair(char **s, char **key, char **value)
{
  char *p = *s;
  while (*p && isspace((unsigned char)*p)) p++;
  if (!*p) return 0;
  *key = p;
  while (*p && *p != '=' && !isspace((unsigned char)*p)) p++;
  if (*p != '=') {
    *value = p;
    if (*p) *p++ = 0;
    *s = p;
    return 1;
  }
  *p++ = 0;
  if (*p == '"') {
    *value = ++p;
    while (*p && *p != '"') p++;
  } else {
    *value = p;
    while (*p && !isspace((unsigned char)*p)) p++;
  }
  if (*p) *p++ = 0;
  *s = p;
  return 1;
}

/* Species index of a species name A, B, C (A = 0); -1 for an unknown name. */
static PetscInt SpeciesFromName(const char *name)
{
  if (name[0] >= 'A' && name[0] < 'A' + DW_MAX_SPECIES && name[1] == 0) return name[0] - 'A';
  return -1;
}

/* Parses Properties=name:type:ncols:... into column indices. */
static PetscErrorCode ParseProperties(DWTextFile *tf, char *props, Header *h)
{
  char *save = NULL, *name = strtok_r(props, ":", &save);
  int col          = 0;
  MPI_Comm comm    = tf->comm;
  const char *path = tf->path;

  PetscFunctionBegin;
  h->col_species = h->col_pos = h->col_diameter = -1;
  while (name) {
    char *type = strtok_r(NULL, ":", &save), *count = strtok_r(NULL, ":", &save);
    long long n;
    PetscCheck(type && count, comm, PETSC_ERR_FILE_UNEXPECTED,
               "%s: line 2: malformed Properties (need name:type:count triples)", path);
    PetscCall(DWTextFileParseInt(tf, "Properties column count", count, 1, MAX_COLUMNS - col, &n));
    if (!strcmp(name, "species"))
      h->col_species = col;
    else if (!strcmp(name, "pos")) {
      PetscCheck(n == 3, comm, PETSC_ERR_FILE_UNEXPECTED, "%s: line 2: pos must have 3 columns",
                 path);
      h->col_pos = col;
    } else if (!strcmp(name, "diameter"))
      h->col_diameter = col;
    col += n;
    name = strtok_r(NULL, ":", &save);
  }
  h->ncols = col;
  PetscCheck(h->col_species >= 0 && h->col_pos >= 0, comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: line 2: Properties must contain species:S:1 and pos:R:3", path);
  PetscFunctionReturn(0);
}

/* The Lattice a = (L, 0, 0), b = (xy, L, 0), c = (xz, yz, L) of include/dwell/box.h (the
   extxyz rows are the cell vectors), with finite L > 0 and |tilt| <= L/2. */
static PetscErrorCode CheckLattice(MPI_Comm comm, const char path[], const double a[9])
{
  const PetscReal tilt[3] = {a[3], a[6], a[7]};

  PetscFunctionBegin;
  PetscCheck(a[1] == 0 && a[2] == 0 && a[5] == 0 && a[0] == a[4] && a[0] == a[8] && a[0] > 0 &&
                 isnormal(a[0]),
             comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: line 2: the Lattice must be \"L 0 0 xy L 0 xz yz L\" (edges L along the axes "
             "of an upper-triangular cell) with finite L > 0",
             path);
  for (int k = 0; k < 3; k++)
    PetscCheck(isfinite(tilt[k]), comm, PETSC_ERR_FILE_UNEXPECTED,
               "%s: line 2: the Lattice tilts must be finite", path);
  PetscCheck(DWBoxTiltValid(a[0], tilt), comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: line 2: Lattice tilts (xy, xz, yz) = (%g, %g, %g) must each be within +-L/2 = %g",
             path, a[3], a[6], a[7], 0.5 * a[0]);
  PetscFunctionReturn(0);
}

static PetscErrorCode ParseHeader(DWTextFile *tf, Header *h)
{
  char *s          = tf->line, *key, *value;
  MPI_Comm comm    = tf->comm;
  const char *path = tf->path;
  long long n;

  PetscFunctionBegin;
  h->has_lattice = PETSC_FALSE;
  h->model[0]    = 0;
  h->ncols       = 0;
  h->nspecies    = 0;
  while (NextPair(&s, &key, &value)) {
    if (!strcmp(key, "Lattice")) {
      int n = sscanf(value, "%lf %lf %lf %lf %lf %lf %lf %lf %lf", &h->lattice[0], &h->lattice[1],
                     &h->lattice[2], &h->lattice[3], &h->lattice[4], &h->lattice[5], &h->lattice[6],
                     &h->lattice[7], &h->lattice[8]);
      PetscCheck(n == 9, comm, PETSC_ERR_FILE_UNEXPECTED,
                 "%s: line 2: Lattice needs 9 numbers, found %d", path, n < 0 ? 0 : n);
      h->has_lattice = PETSC_TRUE;
    } else if (!strcmp(key, "Properties"))
      PetscCall(ParseProperties(tf, value, h));
    else if (!strcmp(key, "model"))
      PetscCall(PetscStrncpy(h->model, value, sizeof(h->model)));
    else if (!strcmp(key, "nspecies")) {
      PetscCall(DWTextFileParseInt(tf, "nspecies", value, 1, DW_MAX_SPECIES, &n));
      h->nspecies = (int)n;
    }
  }
  PetscCheck(h->has_lattice, comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: line 2: no Lattice=\"L 0 0 xy L 0 xz yz L\" (a periodic box is required)", path);
  PetscCheck(h->ncols > 0, comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: line 2: no Properties=species:S:1:pos:R:3", path);
  PetscCall(CheckLattice(comm, path, h->lattice));
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadNumber(MPI_Comm comm, const char path[], PetscInt line, const char *tok,
                                 double *v)
{
  char *end;

  PetscFunctionBegin;
  errno = 0;
  *v    = strtod(tok, &end);
  PetscCheck(end != tok && *end == 0 && errno == 0 && isfinite(*v), comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: line %" PetscInt_FMT ": '%s' is not a finite number", path, line, tok);
  PetscFunctionReturn(0);
}

static PetscErrorCode ParseParticle(DWTextFile *tf, const Header *h, const DWParticles *p,
                                    PetscInt i)
{
  char *tok[MAX_COLUMNS + 1], *save = NULL;
  int n                 = 0;
  MPI_Comm comm         = tf->comm;
  const char *path      = tf->path;
  const PetscInt lineno = tf->lineno;

  PetscFunctionBegin;
  for (char *t = strtok_r(tf->line, " \t\r\n", &save); t && n <= MAX_COLUMNS;
       t       = strtok_r(NULL, " \t\r\n", &save))
    tok[n++] = t;
  PetscCheck(n == h->ncols, comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: line %" PetscInt_FMT ": expected %d columns, found %d", path, lineno, h->ncols,
             n);
  PetscInt s = SpeciesFromName(tok[h->col_species]);
  PetscCheck(s >= 0, comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: line %" PetscInt_FMT ": unknown species '%s' (A, B or C)", path, lineno,
             tok[h->col_species]);
  p->species[i] = s;
  for (int k = 0; k < 3; k++) {
    double v;
    PetscCall(ReadNumber(comm, path, lineno, tok[h->col_pos + k], &v));
    p->x[3 * i + k] = v;
  }
  if (h->col_diameter >= 0) {
    double v;
    PetscCall(ReadNumber(comm, path, lineno, tok[h->col_diameter], &v));
    PetscCheck(v > 0, comm, PETSC_ERR_FILE_UNEXPECTED,
               "%s: line %" PetscInt_FMT ": diameter %g must be positive", path, lineno, v);
    p->diameter[i] = v;
  }
  PetscFunctionReturn(0);
}

/* After the N particles only blank lines may follow (one configuration per file). */
static PetscErrorCode CheckEnd(DWTextFile *tf, long long N)
{
  PetscBool eof = PETSC_FALSE;

  PetscFunctionBegin;
  for (;;) {
    PetscCall(DWTextFileReadLine(tf, NULL, &eof));
    if (eof) break;
    PetscCheck(DWTextBlank(tf->line), tf->comm, PETSC_ERR_FILE_UNEXPECTED,
               "%s: line %" PetscInt_FMT ": text after the %lld particles announced on line 1 "
               "(wrong count, or more than one configuration?)",
               tf->path, tf->lineno, N);
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadBody(DWTextFile *tf, DWSystem *sys)
{
  Header h;
  long long N;
  PetscInt maxspecies = 0;
  DWParticles p;
  MPI_Comm comm    = tf->comm;
  const char *path = tf->path;

  PetscFunctionBegin;
  PetscCall(DWTextFileReadLine(tf, "line 1 (the number of particles)", NULL));
  char *tok = strtok(tf->line, " \t\r\n");
  PetscCheck(tok && !strtok(NULL, " \t\r\n"), comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: line 1 must hold the number of particles only", path);
  PetscCall(DWTextFileParseInt(tf, "number of particles", tok, 1, DW_IO_MAX_PARTICLES, &N));
  PetscCall(DWTextFileReadLine(tf, "line 2 (Lattice and Properties)", NULL));
  PetscCall(ParseHeader(tf, &h));
  /* a particle line holds at least one character and a separator per column */
  PetscCall(DWTextFileCheckCount(tf, "number of particles", N, 1, 2 * h.ncols));
  PetscCall(DWSystemCreate(comm, sys));
  PetscCall(DWSystemSetSize(*sys, (PetscInt)N));
  PetscCall(DWSystemSetBox(*sys, h.lattice[0]));
  {
    const PetscReal tilt[3] = {h.lattice[3], h.lattice[6], h.lattice[7]};
    PetscCall(DWSystemSetBoxTilt(*sys, tilt));
  }
  PetscCall(DWSystemSetModelName(*sys, h.model));
  if (h.col_diameter >= 0) {
    PetscReal *d;
    PetscCall(DWSystemUseDiameters(*sys, &d));
  }
  PetscCall(DWSystemGetParticles(*sys, &p));
  for (PetscInt i = 0; i < N; i++) {
    PetscBool eof;
    PetscCall(DWTextFileReadLine(tf, NULL, &eof));
    PetscCheck(!eof, comm, PETSC_ERR_FILE_UNEXPECTED,
               "%s: truncated: %lld particles announced, file ends after %" PetscInt_FMT, path, N,
               i);
    PetscCall(ParseParticle(tf, &h, &p, i));
    maxspecies = PetscMax(maxspecies, p.species[i]);
  }
  PetscCall(CheckEnd(tf, N));
  PetscCheck(h.nspecies == 0 || h.nspecies > maxspecies, comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: line 2: nspecies=%d but species %c is present", path, h.nspecies,
             (char)('A' + maxspecies));
  PetscCall(DWSystemSetNumSpecies(*sys, h.nspecies ? h.nspecies : maxspecies + 1));
  PetscFunctionReturn(0);
}

PetscErrorCode DWSystemReadXYZ(MPI_Comm comm, const char path[], DWSystem *sys)
{
  PetscFunctionBegin;
  PetscCall(DWReadTextFile(comm, path, ReadBody, sys));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteXYZ(const char path[], void *ctx)
{
  DWOutFile out;
  FILE *fp;
  DWConfigView s;

  PetscFunctionBegin;
  PetscCall(DWConfigViewGet((DWSystem)ctx, &s));
  const DWParticles p = s.p;
  PetscCall(DWFileOpenTemp(path, &out));
  fp = out.fp;
  fprintf(fp, "%" PetscInt_FMT "\n", p.N);
  fprintf(fp,
          "Lattice=\"%.17g 0 0 %.17g %.17g 0 %.17g %.17g %.17g\" Properties=species:S:1:pos:R:3%s "
          "pbc=\"T T T\"",
          (double)s.L, (double)p.box.xy, (double)s.L, (double)p.box.xz, (double)p.box.yz,
          (double)s.L, p.diameter ? ":diameter:R:1" : "");
  if (s.model[0]) fprintf(fp, " model=%s", s.model);
  fprintf(fp, " nspecies=%d", (int)s.nspecies);
  fprintf(fp, " units=sigma\n");
  for (PetscInt i = 0; i < p.N; i++) {
    fprintf(fp, "%c %.17g %.17g %.17g", (char)('A' + p.species[i]), (double)p.x[3 * i],
            (double)p.x[3 * i + 1], (double)p.x[3 * i + 2]);
    if (p.diameter) fprintf(fp, " %.17g", (double)p.diameter[i]);
    fputc('\n', fp);
  }
  PetscCall(DWFileCommit(&out));
  PetscFunctionReturn(0);
}

PetscErrorCode DWSystemWriteXYZ(DWSystem sys, const char path[])
{
  PetscFunctionBegin;
  PetscCall(DWWriteSystemOnRankZero(sys, path, WriteXYZ));
  PetscFunctionReturn(0);
}
