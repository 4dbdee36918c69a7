/* kmeans-seed.c — greedy k-means++ seeding over the weighted cells.
 *
 * The first centre is drawn with probability proportional to weight; each
 * next one is the best of a few candidates drawn with probability
 * proportional to weight × squared distance to the nearest centre so far,
 * "best" meaning the candidate that leaves the lowest total potential.
 * Trying 2 + ln K candidates per step is what makes greedy k-means++ reach
 * a lower final inertia than plain k-means++.
 *
 * The passes over the cells run in parallel over fixed blocks; every
 * total is summed per block and then over blocks in block order, and draws
 * walk the block totals before the cells, so the centres do not depend
 * on the number of threads.
 *
 * Given centres (km_settings_set_initial_centres()) take the first places
 * as they are, and the greedy steps seed the remaining clusters around
 * them. */

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kmeans-private.h"

#define KM_MAX_TRIALS 8

typedef struct
{
  const KmCells *cells;
  size_t         n_blocks;
  float         *nearest;    /* squared distance to the nearest centre */
  double        *block_mass; /* per block: sum of weight × nearest */
  const float   *centre;     /* the centre just added */
  const float   *trials[KM_MAX_TRIALS];
  int            n_trials;
  double        *block_trial; /* [block][trial]: potential with the trial */
} KmSeeder;

/* The mass of cell v: its weight before the first centre, then weight ×
 * squared distance to the nearest centre. */
static double
cell_mass (const KmSeeder *seeder,
           size_t          v)
{
  double weight = seeder->cells->weights[v];

  return seeder->nearest ? weight * seeder->nearest[v] : weight;
}

/* The cell where the running sum of the masses passes target, walking
 * the block totals first; the last cell with mass when rounding keeps
 * the sum at or below target. */
static size_t
pick_by_mass (const KmSeeder *seeder,
              double          target)
{
  double running    = 0.0;
  size_t last_block = SIZE_MAX;
  size_t last       = 0;
  size_t start, end;

  for (size_t b = 0; b < seeder->n_blocks; b++)
    {
      if (! (seeder->block_mass[b] > 0.0))
        continue;
      last_block = b;
      if (running + seeder->block_mass[b] <= target)
        {
          running += seeder->block_mass[b];
          continue;
        }

      km_block_range (b, KM_BLOCK_CELLS, seeder->cells->n_cells, &start, &end);
      for (size_t v = start; v < end; v++)
        {
          double mass = cell_mass (seeder, v);

          if (! (mass > 0.0))
            continue;
          running += mass;
          last = v;
          if (running > target)
            return v;
        }
      return last;
    }

  if (last_block == SIZE_MAX)
    return 0;

  km_block_range (last_block, KM_BLOCK_CELLS, seeder->cells->n_cells, &start, &end);
  for (size_t v = start; v < end; v++)
    if (cell_mass (seeder, v) > 0.0)
      last = v;
  return last;
}

static void
sum_weights_block (size_t block,
                   void  *data)
{
  KmSeeder *seeder = data;
  double    sum    = 0.0;
  size_t    start, end;

  km_block_range (block, KM_BLOCK_CELLS, seeder->cells->n_cells, &start, &end);
  for (size_t v = start; v < end; v++)
    sum += seeder->cells->weights[v];
  seeder->block_mass[block] = sum;
}

/* The squared distances of cells [first, first + n) to centre, each
 * lowered to the cell's nearest distance so far: a loop the compiler
 * vectorises, apart from the sums in double that follow it. */
#define KM_SEED_CHUNK 64

static inline KM_ALWAYS_INLINE void
lowered_distances (const KmSeeder *seeder,
                   size_t          first,
                   size_t          n,
                   const float    *centre,
                   const int       n_dims,
                   float          *lowered)
{
  const float *means   = &seeder->cells->means[first * n_dims];
  const float *nearest = &seeder->nearest[first];

  for (size_t j = 0; j < n; j++)
    {
      float d = km_distance2 (&means[j * n_dims], centre, n_dims);

      lowered[j] = d < nearest[j] ? d : nearest[j];
    }
}

/* Lowers each cell's nearest distance to the new centre. */
static inline KM_ALWAYS_INLINE void
add_centre_block_dims (size_t    block,
                       void     *data,
                       const int n_dims)
{
  KmSeeder     *seeder  = data;
  const double *weights = seeder->cells->weights;
  double        sum     = 0.0;
  size_t        start, end;

  km_block_range (block, KM_BLOCK_CELLS, seeder->cells->n_cells, &start, &end);
  for (size_t first = start; first < end; first += KM_SEED_CHUNK)
    {
      size_t n = end - first < KM_SEED_CHUNK ? end - first : KM_SEED_CHUNK;

      lowered_distances (seeder, first, n, seeder->centre, n_dims,
                         &seeder->nearest[first]);
      for (size_t j = 0; j < n; j++)
        sum += weights[first + j] * seeder->nearest[first + j];
    }
  seeder->block_mass[block] = sum;
}

static KM_VECTOR_CLONES void
add_centre_block (size_t block,
                  void  *data)
{
  KM_WITH_CONSTANT_DIMS (((const KmSeeder *) data)->cells->n_dims,
                         add_centre_block_dims, block, data);
}

/* The potential each trial centre would leave, per block. */
static inline KM_ALWAYS_INLINE void
try_trials_block_dims (size_t    block,
                       void     *data,
                       const int n_dims)
{
  KmSeeder     *seeder  = data;
  const double *weights = seeder->cells->weights;
  double       *sums    = &seeder->block_trial[block * KM_MAX_TRIALS];
  size_t        start, end;

  km_block_range (block, KM_BLOCK_CELLS, seeder->cells->n_cells, &start, &end);
  for (int t = 0; t < seeder->n_trials; t++)
    sums[t] = 0.0;

  for (size_t first = start; first < end; first += KM_SEED_CHUNK)
    {
      size_t n = end - first < KM_SEED_CHUNK ? end - first : KM_SEED_CHUNK;

      for (int t = 0; t < seeder->n_trials; t++)
        {
          float  lowered[KM_SEED_CHUNK];
          double sum = sums[t];

          lowered_distances (seeder, first, n, seeder->trials[t], n_dims, lowered);
          for (size_t j = 0; j < n; j++)
            sum += weights[first + j] * lowered[j];
          sums[t] = sum;
        }
    }
}

static KM_VECTOR_CLONES void
try_trials_block (size_t block,
                  void  *data)
{
  KM_WITH_CONSTANT_DIMS (((const KmSeeder *) data)->cells->n_dims,
                         try_trials_block_dims, block, data);
}

/* The first cell equal to none of the n_centres centres (compared bit for
 * bit), or SIZE_MAX. */
static size_t
find_uncovered_cell (const KmCells *cells,
                     const float   *centres,
                     int            n_centres)
{
  int n_dims = cells->n_dims;

  for (size_t v = 0; v < cells->n_cells; v++)
    {
      const float *mean    = &cells->means[v * n_dims];
      int          covered = 0;

      for (int c = 0; c < n_centres && ! covered; c++)
        covered = memcmp (mean, &centres[c * n_dims], n_dims * sizeof (float)) == 0;
      if (! covered)
        return v;
    }

  return SIZE_MAX;
}

static double
sum_in_block_order (const double *values,
                    size_t        n_blocks,
                    size_t        stride)
{
  double sum = 0.0;

  for (size_t b = 0; b < n_blocks; b++)
    sum += values[b * stride];
  return sum;
}

KmStatus
km_seed_centres (const KmCells    *cells,
                 const KmSettings *settings,
                 KmSolution       *solution,
                 KmRandom         *random)
{
  KmSeeder seeder = { 0 };
  size_t   n      = cells->n_cells;
  int      n_dims = cells->n_dims;
  float   *nearest;
  double   total_weight, potential;
  size_t   first;
  int      n_given;

  seeder.cells       = cells;
  seeder.n_blocks    = km_n_blocks (n, KM_BLOCK_CELLS);
  seeder.n_trials    = 2 + (int) log (solution->n_clusters);
  nearest            = malloc (n * sizeof (float));
  seeder.block_mass  = malloc (seeder.n_blocks * sizeof (double));
  seeder.block_trial = malloc (seeder.n_blocks * KM_MAX_TRIALS * sizeof (double));

  if (! nearest || ! seeder.block_mass || ! seeder.block_trial)
    {
      free (nearest);
      free (seeder.block_mass);
      free (seeder.block_trial);
      return KM_STATUS_OUT_OF_MEMORY;
    }

  /* Given centres come first, as they are; else the first centre is a
   * cell drawn by weight. */
  n_given = settings->n_initial < solution->n_clusters ? settings->n_initial
                                                       : solution->n_clusters;
  if (n_given > 0)
    memcpy (solution->centres, settings->initial, n_given * n_dims * sizeof (float));
  else
    {
      km_parallel_blocks (settings, seeder.n_blocks, sum_weights_block, &seeder);
      total_weight = sum_in_block_order (seeder.block_mass, seeder.n_blocks, 1);
      first        = pick_by_mass (&seeder, km_random_uniform (random) * total_weight);
      memcpy (solution->centres, &cells->means[first * n_dims],
              n_dims * sizeof (float));
      n_given = 1;
    }

  for (size_t v = 0; v < n; v++)
    nearest[v] = INFINITY;
  seeder.nearest = nearest;
  for (int c = 0; c < n_given; c++)
    {
      seeder.centre = &solution->centres[c * n_dims];
      km_parallel_blocks (settings, seeder.n_blocks, add_centre_block, &seeder);
    }
  potential = sum_in_block_order (seeder.block_mass, seeder.n_blocks, 1);

  for (int c = n_given; c < solution->n_clusters; c++)
    {
      double best_potential = INFINITY;
      size_t picks[KM_MAX_TRIALS];
      size_t best_cell = 0;

      /* Distances too small for float arithmetic: take the first cell
       * that is not yet a centre (the caller made sure one exists). */
      if (! (potential > 0.0))
        {
          best_cell = find_uncovered_cell (cells, solution->centres, c);
          /* Given centres may cover every cell: the cluster starts empty
           * and Lloyd's refill or the result's shortfall deals with it. */
          if (best_cell == SIZE_MAX)
            best_cell = 0;
        }
      else
        {
          for (int t = 0; t < seeder.n_trials; t++)
            {
              picks[t]         = pick_by_mass (&seeder,
                                               km_random_uniform (random) * potential);
              seeder.trials[t] = &cells->means[picks[t] * n_dims];
            }
          km_parallel_blocks (settings, seeder.n_blocks, try_trials_block, &seeder);

          for (int t = 0; t < seeder.n_trials; t++)
            {
              double trial = sum_in_block_order (&seeder.block_trial[t],
                                                 seeder.n_blocks, KM_MAX_TRIALS);

              if (trial < best_potential)
                {
                  best_potential = trial;
                  best_cell      = picks[t];
                }
            }
        }

      memcpy (&solution->centres[c * n_dims],
              &cells->means[best_cell * n_dims], n_dims * sizeof (float));
      seeder.centre = &solution->centres[c * n_dims];
      km_parallel_blocks (settings, seeder.n_blocks, add_centre_block, &seeder);
      potential = sum_in_block_order (seeder.block_mass, seeder.n_blocks, 1);
    }

  free (nearest);
  free (seeder.block_mass);
  free (seeder.block_trial);
  return KM_STATUS_OK;
}
