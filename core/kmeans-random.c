/* kmeans-random.c — splitmix64, the core's only source of randomness. */

#include "kmeans-private.h"

void
km_random_init (KmRandom *random,
                uint64_t  seed)
{
  random->state = seed;
}

uint64_t
km_random_next (KmRandom *random)
{
  uint64_t z = (random->state += 0x9e3779b97f4a7c15ULL);

  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

double
km_random_uniform (KmRandom *random)
{
  /* The top 53 bits make a double in [0, 1) with every value equally likely. */
  return (double) (km_random_next (random) >> 11) * 0x1.0p-53;
}
