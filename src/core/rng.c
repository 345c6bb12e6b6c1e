/* Counter-based SplitMix64 streams (see include/dwell/rng.h). */
#include <dwell/rng.h>
#include <math.h>

static const uint64_t golden = 0x9E3779B97F4A7C15ULL;

static uint64_t Mix64(uint64_t z)
{
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

void DWRngInit(DWRng *rng, uint64_t seed, uint64_t stage, uint64_t sample, uint64_t run)
{
  uint64_t k = Mix64(seed + golden);
  k          = Mix64(k ^ (stage + 1) * golden);
  k          = Mix64(k ^ (sample + 1) * 0xD1B54A32D192ED03ULL);
  k          = Mix64(k ^ (run + 1) * 0x8CB92BA72F3D8DD7ULL);
  rng->key     = k;
  rng->counter = 0;
}

uint64_t DWRngNext64(DWRng *rng)
{
  rng->counter++;
  return Mix64(rng->key + rng->counter * golden);
}

double DWRngUniform(DWRng *rng)
{
  return (double)(DWRngNext64(rng) >> 11) * 0x1.0p-53;
}

double DWRngNormal(DWRng *rng)
{
  double u1 = 1.0 - DWRngUniform(rng); /* in (0, 1] */
  double u2 = DWRngUniform(rng);
  return sqrt(-2.0 * log(u1)) * cos(2.0 * PETSC_PI * u2);
}
