/* Counter-based random numbers. A stream is a 64-bit key derived from
   (campaign seed, stage, sample, run) and a counter; draw k of a stream is
   mix(key + k * golden), the SplitMix64 output function (Steele, Lea, Flood,
   OOPSLA 2014). Streams are independent of how many ranks run the tasks and in
   which order, which makes campaigns reproducible. A DWRng is a plain value. */
#pragma once
#include <petscsys.h>
#include <stdint.h>

typedef struct {
  uint64_t key;
  uint64_t counter;
} DWRng;

/* Stage identifiers used in stream keys. */
typedef enum {
  DW_STAGE_INIT        = 1,
  DW_STAGE_GLASS       = 2,
  DW_STAGE_EXPLORE     = 3,
  DW_STAGE_NEB         = 4,
  DW_STAGE_SCREEN      = 16, /* the pre-screen's training (issue 16, dwell/screen.h) */
  DW_STAGE_SCREEN_KEEP = 17, /* the random fraction of screened pairs (src/farm/taskscreen.c) */
  DW_STAGE_TEST        = 99
} DWStage;

/* Not collective. The stream of (seed, stage, sample, run), counter at 0. */
void DWRngInit(DWRng *rng, uint64_t seed, uint64_t stage, uint64_t sample, uint64_t run);
uint64_t DWRngNext64(DWRng *rng);
/* Uniform in [0, 1), 53 random bits. */
double DWRngUniform(DWRng *rng);
/* Standard normal (Box-Muller, two draws per call). */
double DWRngNormal(DWRng *rng);
