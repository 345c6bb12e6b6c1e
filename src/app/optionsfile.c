/* A YAML options file checked before PETSc reads it. PETSc inserts `-options_file_yaml FILE`
   (and `dwell run FILE`) inside PetscInitialize: a syntax error stops it with a traceback of
   some twenty lines, a binary file is read up to its first NUL byte, and a key given twice
   silently takes its last value. This check parses the file with libyaml, the parser PETSc
   itself uses, and reports one line naming the file (and the line, where there is one):
     - a file that is missing, not a regular file, or larger than DW_OPTIONS_FILE_MAX;
     - a NUL byte (a binary file);
     - a YAML syntax error, with libyaml's problem, line and column;
     - a document that is not a mapping of keys, a key that is not a scalar or does not start
       with a letter, a list inside a list, or a merge key << without mappings (PETSc's reader
       stops with a traceback on each);
     - a key given twice, after PETSc's flattening (a nested mapping `neb: {images: 40}` is
       the option -neb_images, and option names ignore case): both lines are named.
   Plain C: neither MPI nor PETSc is initialised yet. */
#include "app/commands.h"
#include <yaml.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define DW_OPTIONS_FILE_MAX (16L << 20) /* bytes: a campaign file is a few kB */

typedef struct {
  char *name;
  size_t line;
} Key;

typedef struct {
  const char *path, *what;
  Key *keys;
  size_t n, cap;
  char *msg;
  size_t len;
} Walk;

static int Fail(Walk *w, size_t line, const char *problem, const char *detail)
{
  if (line)
    snprintf(w->msg, w->len, "%s %s line %zu: %s%s", w->what, w->path, line, problem, detail);
  else
    snprintf(w->msg, w->len, "%s %s %s%s", w->what, w->path, problem, detail);
  return 1;
}

static int AddKey(Walk *w, const char *prefix, const char *key, size_t line)
{
  size_t len = strlen(prefix) + strlen(key) + 1;
  if (w->n == w->cap) {
    Key *k = realloc(w->keys, (w->cap = w->cap ? 2 * w->cap : 64) * sizeof(Key));
    if (!k) return Fail(w, 0, "could not be checked: out of memory", "");
    w->keys = k;
  }
  if (!(w->keys[w->n].name = malloc(len)))
    return Fail(w, 0, "could not be checked: out of memory", "");
  snprintf(w->keys[w->n].name, len, "%s%s", prefix, key);
  w->keys[w->n++].line = line;
  return 0;
}

static int WalkMapping(Walk *w, yaml_document_t *doc, yaml_node_t *map, const char *prefix);

/* The value of one key: a scalar or a list is one option; a mapping, and the mappings in a
   list, give options prefixed with "key_" (PETSc's PetscParseLayerYAML). */
static int WalkValue(Walk *w, yaml_document_t *doc, const char *prefix, const char *key,
                     yaml_node_t *v, size_t line)
{
  char sub[512];

  snprintf(sub, sizeof(sub), "%s%s_", prefix, key);
  if (v->type == YAML_MAPPING_NODE) return WalkMapping(w, doc, v, sub);
  if (AddKey(w, prefix, key, line)) return 1;
  if (v->type != YAML_SEQUENCE_NODE) return 0;
  for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
    yaml_node_t *item = yaml_document_get_node(doc, *it);
    /* PETSc stops with a traceback on a list inside a list */
    if (item && item->type == YAML_SEQUENCE_NODE)
      return Fail(w, item->start_mark.line + 1, "a list inside a list", " (a list holds values)");
    if (item && item->type == YAML_MAPPING_NODE && WalkMapping(w, doc, item, sub)) return 1;
  }
  return 0;
}

static int WalkMapping(Walk *w, yaml_document_t *doc, yaml_node_t *map, const char *prefix)
{
  for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
    yaml_node_t *k    = yaml_document_get_node(doc, p->key),
                *v    = yaml_document_get_node(doc, p->value);
    const size_t line = k ? k->start_mark.line + 1 : 0;
    const char *key;
    if (!k || !v || k->type != YAML_SCALAR_NODE)
      return Fail(w, line, "a key must be a plain name", "");
    key = (const char *)k->data.scalar.value;
    if (!strcmp(key, "<<")) { /* a merge key: the merged mapping(s) at this level */
      if (v->type == YAML_SCALAR_NODE) /* PETSc stops with a traceback */
        return Fail(w, line, "the merge key << needs a mapping or a list of mappings", "");
      if (v->type == YAML_MAPPING_NODE && WalkMapping(w, doc, v, prefix)) return 1;
      for (yaml_node_item_t *it = v->type == YAML_SEQUENCE_NODE ? v->data.sequence.items.start
                                                                : NULL;
           it && it < v->data.sequence.items.top; it++) {
        yaml_node_t *m = yaml_document_get_node(doc, *it);
        if (m && m->type != YAML_MAPPING_NODE)
          return Fail(w, line, "the merge key << needs a mapping or a list of mappings", "");
        if (m && WalkMapping(w, doc, m, prefix)) return 1;
      }
      continue;
    }
    if (!strncmp(key, "$$", 2)) continue; /* PETSc's dummy keys (anchors, !include) */
    /* an option name starts with a letter (PETSc stops with a traceback on the prefix "_") */
    if (!isalpha((unsigned char)key[0]))
      return Fail(w, line, "a key must start with a letter", key[0] ? "" : " (an empty key)");
    if (WalkValue(w, doc, prefix, key, v, line)) return 1;
  }
  return 0;
}

static int CompareKeys(const void *a, const void *b)
{
  const Key *x = a, *y = b;
  const int c = strcasecmp(x->name, y->name);
  return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* A key given twice: the later place of the first such name. */
static int Duplicates(Walk *w)
{
  char detail[512], problem[300];

  if (w->n > 1) qsort(w->keys, w->n, sizeof(Key), CompareKeys); /* keys is NULL when n = 0 */
  for (size_t k = 1; k < w->n; k++)
    if (!strcasecmp(w->keys[k].name, w->keys[k - 1].name)) {
      snprintf(detail, sizeof(detail), " (first given at line %zu; give each key once)",
               w->keys[k - 1].line);
      snprintf(problem, sizeof(problem), "key %.256s is given twice", w->keys[k].name);
      return Fail(w, w->keys[k].line, problem, detail);
    }
  return 0;
}

/* Parses text document by document; returns nonzero with the message on the first problem. */
static int Parse(Walk *w, const char *text, size_t size)
{
  yaml_parser_t parser;
  yaml_document_t doc;
  int bad = 0;

  if (!yaml_parser_initialize(&parser))
    return Fail(w, 0, "could not be checked: libyaml did not start", "");
  yaml_parser_set_input_string(&parser, (const unsigned char *)text, size);
  for (;;) {
    yaml_node_t *root;
    if (!yaml_parser_load(&parser, &doc)) {
      char detail[300];
      if (parser.context)
        snprintf(detail, sizeof(detail), " (column %zu, %s that starts on line %zu)",
                 parser.problem_mark.column + 1, parser.context, parser.context_mark.line + 1);
      else
        snprintf(detail, sizeof(detail), " (column %zu)", parser.problem_mark.column + 1);
      bad = Fail(w, parser.problem_mark.line + 1,
                 parser.problem ? parser.problem : "YAML syntax error", detail);
      break;
    }
    root = yaml_document_get_root_node(&doc);
    if (!root) {
      yaml_document_delete(&doc);
      break;
    }
    if (root->type == YAML_MAPPING_NODE)
      bad = WalkMapping(w, &doc, root, "");
    else if (root->type != YAML_SCALAR_NODE || root->data.scalar.length)
      bad = Fail(w, root->start_mark.line + 1, "not a YAML mapping of keys (key: value lines)", "");
    yaml_document_delete(&doc);
    if (bad) break;
  }
  yaml_parser_delete(&parser);
  return bad || Duplicates(w);
}

int DWAppCheckOptionsFileYAML(const char path[], const char what[], char msg[], size_t len)
{
  Walk w = {path, what, NULL, 0, 0, msg, len};
  struct stat st;
  char *text, *nul, size[64];
  FILE *f;
  int bad;

  msg[0] = 0;
  if (access(path, R_OK) || stat(path, &st))
    return Fail(&w, 0, "does not exist or is not readable", "");
  if (!S_ISREG(st.st_mode)) return Fail(&w, 0, "is not a regular file", "");
  if (st.st_size > DW_OPTIONS_FILE_MAX) {
    snprintf(size, sizeof(size), " (%lld bytes; dwell's limit is %ld)", (long long)st.st_size,
             DW_OPTIONS_FILE_MAX);
    return Fail(&w, 0, "is too large for an options file", size);
  }
  if (!(text = malloc((size_t)st.st_size + 1)) || !(f = fopen(path, "rb"))) {
    free(text);
    return Fail(&w, 0, "cannot be read", "");
  }
  bad = fread(text, 1, (size_t)st.st_size, f) != (size_t)st.st_size;
  fclose(f);
  if (bad) {
    free(text);
    return Fail(&w, 0, "cannot be read", "");
  }
  text[st.st_size] = 0;
  if ((nul = memchr(text, 0, (size_t)st.st_size))) {
    size_t line = 1;
    for (const char *p = text; p < nul; p++) line += *p == '\n';
    snprintf(size, sizeof(size), " (a NUL byte on line %zu)", line);
    bad = Fail(&w, 0, "is not a text file", size);
  } else
    bad = Parse(&w, text, (size_t)st.st_size);
  for (size_t k = 0; k < w.n; k++) free(w.keys[k].name);
  free(w.keys);
  free(text);
  return bad;
}
