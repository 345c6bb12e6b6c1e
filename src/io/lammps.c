/* LAMMPS data files (read_data / write_data), see include/dwell/io.h. Supported: the
   header counts "atoms" and "atom types", the box lines "xlo xhi" etc. (equal edges L) and
   "xy xz yz" (the tilts of the triclinic cell of include/dwell/box.h, 0 when absent), the
   sections Masses (ignored: all masses are 1 in reduced units) and Atoms in atom_style
   atomic (id type x y z [ix iy iz]) or sphere (id type diameter density x y z [ix iy iz]).
   Image flags n, when present, unwrap the positions: x + h n, h the cell matrix. Every rank
   parses the file. */
#include "io/ioimpl.h"
#include <ctype.h>
#include <limits.h>

typedef struct {
  long long natoms, ntypes;
  PetscInt natoms_line; /* where the atoms count is */
  double lo[3], hi[3];
  PetscReal tilt[3]; /* xy, xz, yz */
  int nbox;
  PetscBool sphere;
  char model[DW_MODEL_NAME_LEN];
} DataHeader;

/* The sections a data file may have after Atoms (their contents are ignored). */
static const char *const Sections[] = {
    "Velocities",  "Masses",       "Pair Coeffs",     "PairIJ Coeffs",
    "Bond Coeffs", "Angle Coeffs", "Dihedral Coeffs", "Improper Coeffs",
    "Bonds",       "Angles",       "Dihedrals",       "Impropers",
    "Ellipsoids",  "Lines",        "Triangles",       "Bodies"};

/* A header line "COUNT w1 [w2]" (e.g. "100 atoms", "2 atom types"): *found, and the count,
   which must be in lo..hi, into *n. */
static PetscErrorCode HeaderCount(DWTextFile *tf, const char w1[], const char w2[], long long lo,
                                  long long hi, long long *n, PetscBool *found)
{
  char copy[128], *save = NULL, *tok[3], what[64];
  int k = 0;

  PetscFunctionBegin;
  *found = PETSC_FALSE;
  PetscCall(PetscStrncpy(copy, tf->line, sizeof(copy)));
  for (char *t = strtok_r(copy, " \t\r\n", &save); t && k < 3; t = strtok_r(NULL, " \t\r\n", &save))
    tok[k++] = t;
  if (k < 2 || strcmp(tok[1], w1) || (w2 && (k < 3 || strcmp(tok[2], w2)))) PetscFunctionReturn(0);
  PetscCall(PetscSNPrintf(what, sizeof(what), "number of %s%s%s", w1, w2 ? " " : "", w2 ? w2 : ""));
  PetscCall(DWTextFileParseInt(tf, what, tok[0], lo, hi, n));
  *found = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/* Reads the header up to the Atoms keyword; returns with the file positioned after it. */
static PetscErrorCode ReadHeader(DWTextFile *tf, DataHeader *h)
{
  double a, b, t[3];
  char w1[64], w2[64], w3[64];
  PetscBool eof, found;
  MPI_Comm comm    = tf->comm;
  const char *path = tf->path;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(h, sizeof(*h)));
  PetscCall(DWTextFileReadLine(tf, NULL, &eof));
  PetscCheck(!eof, comm, PETSC_ERR_FILE_UNEXPECTED, "%s: empty file", path);
  const char *m = strstr(tf->line, "model ");
  if (m) sscanf(m + 6, "%31[^ ,()\r\n]", h->model);
  if (!strcmp(h->model, "unknown")) h->model[0] = 0;
  for (;;) {
    PetscCall(DWTextFileReadLine(tf, NULL, &eof));
    if (eof) break;
    char *line = tf->line, *hash = strchr(line, '#');
    if (!strncmp(line, "Atoms", 5)) {
      h->sphere = (PetscBool)(hash && strstr(hash, "sphere"));
      PetscCheck(!hash || h->sphere || strstr(hash, "atomic"), comm, PETSC_ERR_FILE_UNEXPECTED,
                 "%s: line %" PetscInt_FMT ": unsupported atom style '%s' (atomic or sphere)", path,
                 tf->lineno, strtok(hash + 1, " \r\n") ? hash + 1 : "");
      PetscCheck(h->natoms > 0, comm, PETSC_ERR_FILE_UNEXPECTED,
                 "%s: Atoms section before a positive 'atoms' count", path);
      PetscCheck(h->nbox == 3, comm, PETSC_ERR_FILE_UNEXPECTED,
                 "%s: the header must give xlo xhi, ylo yhi and zlo zhi", path);
      PetscFunctionReturn(0);
    }
    if (hash) *hash = 0;
    if (DWTextBlank(line)) continue;
    PetscCall(HeaderCount(tf, "atoms", NULL, 1, DW_IO_MAX_PARTICLES, &h->natoms, &found));
    if (found) h->natoms_line = tf->lineno;
    if (!found) PetscCall(HeaderCount(tf, "atom", "types", 0, INT_MAX, &h->ntypes, &found));
    if (found) continue;
    if (sscanf(line, "%lf %lf %63s %63s", &a, &b, w1, w2) == 4 && w1[1] == 'l' && w1[2] == 'o' &&
        w1[0] >= 'x' && w1[0] <= 'z') {
      h->lo[w1[0] - 'x'] = a;
      h->hi[w1[0] - 'x'] = b;
      h->nbox++;
    } else if (sscanf(line, "%lf %lf %lf %63s %63s %63s", &t[0], &t[1], &t[2], w1, w2, w3) == 6 &&
               !strcmp(w1, "xy") && !strcmp(w2, "xz") && !strcmp(w3, "yz")) {
      for (int k = 0; k < 3; k++) {
        PetscCheck(isfinite(t[k]), comm, PETSC_ERR_FILE_UNEXPECTED,
                   "%s: line %" PetscInt_FMT ": the tilts xy xz yz must be finite", path,
                   tf->lineno);
        h->tilt[k] = t[k];
      }
    }
    /* other lines (Masses and its entries, keywords dwell does not use) are skipped */
  }
  SETERRQ(comm, PETSC_ERR_FILE_UNEXPECTED, "%s: truncated: no Atoms section", path);
}

/* The atom line of tf into particle id - 1 of the system; *id for the caller's checks. */
static PetscErrorCode ParseAtom(DWTextFile *tf, const DataHeader *h, DWConfigView *s,
                                const PetscBool seen[], PetscInt *index, PetscInt *type)
{
  long id, t, im[3] = {0, 0, 0};
  double v[5], x[3];
  int n;
  const int base   = h->sphere ? 7 : 5;
  MPI_Comm comm    = tf->comm;
  const char *path = tf->path;
  const char *line = tf->line;

  PetscFunctionBegin;
  if (h->sphere)
    n = sscanf(line, "%ld %ld %lf %lf %lf %lf %lf %ld %ld %ld", &id, &t, &v[0], &v[1], &x[0], &x[1],
               &x[2], &im[0], &im[1], &im[2]);
  else
    n = sscanf(line, "%ld %ld %lf %lf %lf %ld %ld %ld", &id, &t, &x[0], &x[1], &x[2], &im[0],
               &im[1], &im[2]);
  PetscCheck(n == base || n == base + 3, comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: line %" PetscInt_FMT ": malformed atom line (expected %s)", path, tf->lineno,
             h->sphere ? "id type diameter density x y z [ix iy iz]" : "id type x y z [ix iy iz]");
  PetscCheck(id >= 1 && id <= s->p.N && !seen[id - 1], comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: line %" PetscInt_FMT ": atom id %ld out of range 1..%" PetscInt_FMT
             " or repeated",
             path, tf->lineno, id, s->p.N);
  PetscCheck(t >= 1 && t <= DW_MAX_SPECIES, comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: line %" PetscInt_FMT ": atom type %ld not in 1..%d", path, tf->lineno, t,
             DW_MAX_SPECIES);
  const PetscInt i       = (PetscInt)(id - 1);
  s->p.species[i]        = (PetscInt)(t - 1);
  const PetscReal img[3] = {(PetscReal)im[0], (PetscReal)im[1], (PetscReal)im[2]};
  PetscReal xc[3]        = {x[0] - h->lo[0], x[1] - h->lo[1], x[2] - h->lo[2]};
  DWBoxAddLattice(&s->p.box, img, xc);
  for (int c = 0; c < 3; c++) {
    PetscCheck(isfinite(xc[c]), comm, PETSC_ERR_FILE_UNEXPECTED,
               "%s: line %" PetscInt_FMT ": position is not finite", path, tf->lineno);
    s->p.x[3 * i + c] = xc[c];
  }
  if (h->sphere) {
    PetscCheck(v[0] > 0 && isfinite(v[0]), comm, PETSC_ERR_FILE_UNEXPECTED,
               "%s: line %" PetscInt_FMT ": diameter %g must be positive", path, tf->lineno, v[0]);
    s->p.diameter[i] = v[0];
  }
  *index = i;
  *type  = (PetscInt)t;
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadAtomLines(DWTextFile *tf, const DataHeader *h, DWConfigView *s,
                                    PetscBool seen[], PetscInt *maxtype)
{
  PetscBool eof;
  PetscInt i, type;

  PetscFunctionBegin;
  for (PetscInt k = 0; k < s->p.N;) {
    PetscCall(DWTextFileReadLine(tf, NULL, &eof));
    PetscCheck(!eof, tf->comm, PETSC_ERR_FILE_UNEXPECTED,
               "%s: truncated: %lld atoms announced, file ends after %" PetscInt_FMT, tf->path,
               h->natoms, k);
    if (DWTextBlank(tf->line)) continue;
    PetscCall(ParseAtom(tf, h, s, seen, &i, &type));
    seen[i]  = PETSC_TRUE;
    *maxtype = PetscMax(*maxtype, type);
    k++;
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadAtoms(DWTextFile *tf, const DataHeader *h, DWSystem sys)
{
  PetscBool *seen;
  PetscInt maxtype = 0;
  DWConfigView s;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(DWConfigViewGet(sys, &s));
  PetscCall(PetscCalloc1(s.p.N, &seen));
  ierr = ReadAtomLines(tf, h, &s, seen, &maxtype);
  PetscCall(PetscFree(seen));
  PetscCall(ierr);
  PetscCall(DWSystemSetNumSpecies(
      sys, PetscMax(maxtype, h->ntypes > 0 && h->ntypes <= DW_MAX_SPECIES ? h->ntypes : 1)));
  PetscFunctionReturn(0);
}

/* Whether a line starts a section that may follow Atoms. */
static PetscBool IsSection(const char line[])
{
  for (size_t k = 0; k < sizeof(Sections) / sizeof(Sections[0]); k++) {
    const size_t n = strlen(Sections[k]);
    if (!strncmp(line, Sections[k], n) &&
        (!line[n] || line[n] == '#' || isspace((unsigned char)line[n])))
      return PETSC_TRUE;
  }
  return PETSC_FALSE;
}

/* After the Atoms section: blank lines and the sections of Sections[], whose lines are
   numbers; anything else (a 101st atom line of a file announcing 100, text) is an error. */
static PetscErrorCode CheckEnd(DWTextFile *tf, const DataHeader *h)
{
  PetscBool eof, section = PETSC_FALSE;

  PetscFunctionBegin;
  for (;;) {
    PetscCall(DWTextFileReadLine(tf, NULL, &eof));
    if (eof) break;
    const char *t = tf->line + strspn(tf->line, " \t");
    if (DWTextBlank(t)) continue;
    if (IsSection(t)) {
      section = PETSC_TRUE;
      continue;
    }
    const PetscBool number =
        (PetscBool)(isdigit((unsigned char)t[0]) || t[0] == '-' || t[0] == '+' || t[0] == '.');
    PetscCheck(section || !number, tf->comm, PETSC_ERR_FILE_UNEXPECTED,
               "%s: line %" PetscInt_FMT ": more atom lines than the %lld atoms announced",
               tf->path, tf->lineno, h->natoms);
    PetscCheck(number, tf->comm, PETSC_ERR_FILE_UNEXPECTED,
               "%s: line %" PetscInt_FMT ": unexpected text after the Atoms section (known "
               "sections: Velocities, Masses, ...)",
               tf->path, tf->lineno);
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadBody(DWTextFile *tf, DWSystem *sys)
{
  DataHeader h;
  MPI_Comm comm = tf->comm;

  PetscFunctionBegin;
  PetscCall(ReadHeader(tf, &h));
  const double L = h.hi[0] - h.lo[0];
  PetscCheck(L > 0 && isnormal(L) && h.hi[1] - h.lo[1] == L && h.hi[2] - h.lo[2] == L, comm,
             PETSC_ERR_FILE_UNEXPECTED,
             "%s: the box edges must be equal, finite and positive (found %g x %g x %g)", tf->path,
             L, h.hi[1] - h.lo[1], h.hi[2] - h.lo[2]);
  PetscCheck(DWBoxTiltValid(L, h.tilt), comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: tilts (xy, xz, yz) = (%g, %g, %g) must each be within +-L/2 = %g", tf->path,
             (double)h.tilt[0], (double)h.tilt[1], (double)h.tilt[2], 0.5 * L);
  /* an atom line holds at least one character and a separator per column */
  PetscCall(
      DWTextFileCheckCount(tf, "number of atoms", h.natoms, h.natoms_line, h.sphere ? 14 : 10));
  PetscCall(DWSystemCreate(comm, sys));
  PetscCall(DWSystemSetSize(*sys, (PetscInt)h.natoms));
  PetscCall(DWSystemSetBox(*sys, L));
  PetscCall(DWSystemSetBoxTilt(*sys, h.tilt));
  PetscCall(DWSystemSetModelName(*sys, h.model));
  if (h.sphere) {
    PetscReal *d;
    PetscCall(DWSystemUseDiameters(*sys, &d));
  }
  PetscCall(ReadAtoms(tf, &h, *sys));
  PetscCall(CheckEnd(tf, &h));
  PetscFunctionReturn(0);
}

PetscErrorCode DWSystemReadLAMMPS(MPI_Comm comm, const char path[], DWSystem *sys)
{
  PetscFunctionBegin;
  PetscCall(DWReadTextFile(comm, path, ReadBody, sys));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteLAMMPS(const char path[], void *ctx)
{
  DWOutFile out;
  FILE *fp;
  DWConfigView s;

  PetscFunctionBegin;
  PetscCall(DWConfigViewGet((DWSystem)ctx, &s));
  const DWParticles p = s.p;
  PetscCall(DWFileOpenTemp(path, &out));
  fp = out.fp;
  fprintf(fp, "LAMMPS data file written by dwell: model %s (units lj: sigma, eps, m = 1)\n\n",
          s.model[0] ? s.model : "unknown");
  fprintf(fp, "%" PetscInt_FMT " atoms\n%" PetscInt_FMT " atom types\n\n", p.N, s.nspecies);
  for (int c = 0; c < 3; c++) fprintf(fp, "0 %.17g %clo %chi\n", (double)s.L, 'x' + c, 'x' + c);
  if (p.box.tilted) /* the triclinic cell of include/dwell/box.h */
    fprintf(fp, "%.17g %.17g %.17g xy xz yz\n", (double)p.box.xy, (double)p.box.xz,
            (double)p.box.yz);
  if (!p.diameter) {
    fprintf(fp, "\nMasses\n\n");
    for (PetscInt t = 0; t < s.nspecies; t++) fprintf(fp, "%" PetscInt_FMT " 1\n", t + 1);
  }
  fprintf(fp, "\nAtoms # %s\n\n", p.diameter ? "sphere" : "atomic");
  for (PetscInt i = 0; i < p.N; i++) {
    fprintf(fp, "%" PetscInt_FMT " %" PetscInt_FMT, i + 1, p.species[i] + 1);
    if (p.diameter)
      fprintf(fp, " %.17g %.17g", (double)p.diameter[i],
              (double)(6.0 / (PETSC_PI * p.diameter[i] * p.diameter[i] * p.diameter[i])));
    fprintf(fp, " %.17g %.17g %.17g\n", (double)p.x[3 * i], (double)p.x[3 * i + 1],
            (double)p.x[3 * i + 2]);
  }
  PetscCall(DWFileCommit(&out));
  PetscFunctionReturn(0);
}

PetscErrorCode DWSystemWriteLAMMPS(DWSystem sys, const char path[])
{
  PetscFunctionBegin;
  PetscCall(DWWriteSystemOnRankZero(sys, path, WriteLAMMPS));
  PetscFunctionReturn(0);
}
