/* kmeans-sample.c — the fixed subsample a large input is clustered on.
 *
 * One point from each run of step points, at an offset drawn per run.  A
 * fixed stride would alias with periodic pictures (dithering, patterns);
 * drawn offsets do not.  The draws of each fixed block of runs come from
 * the block's own stream, so the sample depends neither on the number of
 * threads nor on how the work is split.  The sampled points are far apart
 * in memory: each block draws a batch of offsets first and asks for all of
 * their cache lines before copying any, so the misses overlap. */

#include <stdlib.h>
#include <string.h>

#include "kmeans-private.h"

/* Samples a block: each block of runs draws its offsets from its own
 * stream, so this size is part of the sample's definition. */
#define KM_SAMPLE_BLOCK 4096
#define KM_SAMPLE_BATCH 64

typedef struct
{
  KmPoints input;
  size_t   n_samples;
  size_t   step;
  float   *sample;
} KmSampler;

static void
gather_block (size_t block,
              void  *data)
{
  const KmSampler *sampler = data;
  const KmPoints  *input   = &sampler->input;
  int              n_dims  = input->n_dims;
  size_t           start, end;
  KmRandom         random;

  km_block_range (block, KM_SAMPLE_BLOCK, sampler->n_samples, &start, &end);
  km_random_init (&random, 0x5eed5a3b1e5ULL + 0x9e3779b97f4a7c15ULL * block);

  for (size_t first = start; first < end; first += KM_SAMPLE_BATCH)
    {
      size_t n = end - first < KM_SAMPLE_BATCH ? end - first : KM_SAMPLE_BATCH;
      size_t at[KM_SAMPLE_BATCH];

      for (size_t j = 0; j < n; j++)
        {
          at[j] = (first + j) * sampler->step + km_random_next (&random) % sampler->step;
          __builtin_prefetch (&input->points[at[j] * input->point_stride]);
          if (input->weights)
            __builtin_prefetch (&input->weights[at[j] * input->weight_stride]);
        }

      for (size_t j = 0; j < n; j++)
        {
          float *copy = &sampler->sample[(first + j) * (n_dims + 1)];

          memcpy (copy, &input->points[at[j] * input->point_stride],
                  n_dims * sizeof (float));
          copy[n_dims] = input->weights ? input->weights[at[j] * input->weight_stride]
                                        : 1.0f;
        }
    }
}

float *
km_sample_gather (const KmSettings *settings,
                  const KmPoints   *input,
                  size_t            n_samples,
                  size_t            step)
{
  KmSampler sampler = { *input, n_samples, step,
                        malloc (n_samples * (input->n_dims + 1) * sizeof (float)) };

  if (sampler.sample)
    km_parallel_blocks (settings, km_n_blocks (n_samples, KM_SAMPLE_BLOCK),
                        gather_block, &sampler);
  return sampler.sample;
}
