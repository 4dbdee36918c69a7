/* kmeans-lloyd.c — Lloyd iterations over weighted distinct vectors.
 *
 * Each iteration moves every centre to the weighted mean of its vectors,
 * then assigns every vector to its nearest centre.  A cluster left empty is
 * re-seeded with the vector farthest from its own centre, so the result
 * keeps exactly K clusters whenever there are K distinct vectors. */

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kmeans-private.h"

typedef struct
{
  const KmDistinct *distinct;
  KmSolution       *solution;
  float            *distance;   /* squared distance of each vector to its centre */
  size_t           *members;    /* vectors per cluster */
  double           *sums;       /* n_clusters * n_dims */
  double           *masses;     /* n_clusters */
} KmLloyd;

size_t
km_find_uncovered_vector (const KmDistinct *distinct,
                          const float      *centres,
                          int               n_centres)
{
  int n_dims = distinct->n_dims;

  for (size_t v = 0; v < distinct->n_vectors; v++)
    {
      const float *vector  = &distinct->vectors[v * n_dims];
      int          covered = 0;

      for (int c = 0; c < n_centres && ! covered; c++)
        covered = memcmp (vector, &centres[c * n_dims],
                          n_dims * sizeof (float)) == 0;
      if (! covered)
        return v;
    }

  return SIZE_MAX;
}

static void
assign_labels (KmLloyd *lloyd)
{
  const KmDistinct *distinct = lloyd->distinct;
  KmSolution       *solution = lloyd->solution;
  int               n_dims   = distinct->n_dims;

  memset (lloyd->members, 0, solution->n_clusters * sizeof (size_t));

  for (size_t v = 0; v < distinct->n_vectors; v++)
    {
      const float *vector = &distinct->vectors[v * n_dims];
      float        best   = INFINITY;
      int          label  = 0;

      for (int c = 0; c < solution->n_clusters; c++)
        {
          float d = km_distance2 (vector, &solution->centres[c * n_dims], n_dims);

          if (d < best)
            {
              best  = d;
              label = c;
            }
        }

      solution->labels[v] = (uint8_t) label;
      lloyd->distance[v]  = best;
      lloyd->members[label]++;
    }
}

/* The vector to move into an empty cluster: the farthest from its centre
 * among clusters that can spare one.
 *
 * When every such distance is zero, squared distances underflow float
 * (vectors closer than about 1e-19 in every feature): any vector that
 * shares its cluster and differs, bit for bit, from that cluster's centre
 * will do.  One always exists while a cluster is empty, because there are
 * at least as many distinct vectors as clusters, so some cluster holds two,
 * and two distinct vectors cannot both equal its centre.  Each move thus
 * fills a cluster without emptying another. */
static size_t
pick_vector_for_empty_cluster (const KmLloyd *lloyd)
{
  const KmDistinct *distinct = lloyd->distinct;
  const KmSolution *solution = lloyd->solution;
  int               n_dims   = distinct->n_dims;
  float             farthest = 0.0f;
  size_t            pick     = SIZE_MAX;

  for (size_t v = 0; v < distinct->n_vectors; v++)
    if (lloyd->distance[v] > farthest && lloyd->members[solution->labels[v]] > 1)
      {
        farthest = lloyd->distance[v];
        pick     = v;
      }

  for (size_t v = 0; v < distinct->n_vectors && pick == SIZE_MAX; v++)
    if (lloyd->members[solution->labels[v]] > 1 &&
        memcmp (&distinct->vectors[v * n_dims],
                &solution->centres[solution->labels[v] * n_dims],
                n_dims * sizeof (float)) != 0)
      pick = v;

  return pick;
}

/* Fills every empty cluster (see above: always possible). */
static void
refill_empty_clusters (KmLloyd *lloyd)
{
  const KmDistinct *distinct = lloyd->distinct;
  KmSolution       *solution = lloyd->solution;
  int               n_dims   = distinct->n_dims;

  for (int c = 0; c < solution->n_clusters; c++)
    {
      size_t v;

      if (lloyd->members[c] > 0)
        continue;

      v = pick_vector_for_empty_cluster (lloyd);
      if (v == SIZE_MAX)
        continue;

      lloyd->members[solution->labels[v]]--;
      solution->labels[v] = (uint8_t) c;
      lloyd->members[c]   = 1;
      lloyd->distance[v]  = 0.0f;
      memcpy (&solution->centres[c * n_dims], &distinct->vectors[v * n_dims],
              n_dims * sizeof (float));

      /* Taking the vector may have emptied its old cluster: look again. */
      c = -1;
    }
}

/* Moves each centre to the weighted mean of its vectors; returns the
 * largest distance a centre moved. */
static double
update_centres (KmLloyd *lloyd)
{
  const KmDistinct *distinct = lloyd->distinct;
  KmSolution       *solution = lloyd->solution;
  int               n_dims   = distinct->n_dims;
  double            shift    = 0.0;

  memset (lloyd->sums, 0, solution->n_clusters * n_dims * sizeof (double));
  memset (lloyd->masses, 0, solution->n_clusters * sizeof (double));

  for (size_t v = 0; v < distinct->n_vectors; v++)
    {
      int    c = solution->labels[v];
      double w = distinct->weights[v];

      for (int d = 0; d < n_dims; d++)
        lloyd->sums[c * n_dims + d] += w * distinct->vectors[v * n_dims + d];
      lloyd->masses[c] += w;
    }

  for (int c = 0; c < solution->n_clusters; c++)
    {
      double moved2 = 0.0;

      if (! (lloyd->masses[c] > 0.0))
        continue;

      for (int d = 0; d < n_dims; d++)
        {
          float  mean = (float) (lloyd->sums[c * n_dims + d] / lloyd->masses[c]);
          double diff = (double) mean - solution->centres[c * n_dims + d];

          moved2 += diff * diff;
          solution->centres[c * n_dims + d] = mean;
        }

      if (moved2 > shift)
        shift = moved2;
    }

  return sqrt (shift);
}

KmStatus
km_lloyd_run (const KmDistinct *distinct,
              const KmSettings *settings,
              KmSolution       *solution,
              int               restart)
{
  KmLloyd lloyd = { distinct, solution, NULL, NULL, NULL, NULL };
  int     k     = solution->n_clusters;

  lloyd.distance = malloc (distinct->n_vectors * sizeof (float));
  lloyd.members  = malloc (k * sizeof (size_t));
  lloyd.sums     = malloc (k * distinct->n_dims * sizeof (double));
  lloyd.masses   = malloc (k * sizeof (double));

  if (! lloyd.distance || ! lloyd.members || ! lloyd.sums || ! lloyd.masses)
    {
      free (lloyd.distance);
      free (lloyd.members);
      free (lloyd.sums);
      free (lloyd.masses);
      return KM_STATUS_OUT_OF_MEMORY;
    }

  assign_labels (&lloyd);
  solution->iterations = 0;

  while (solution->iterations < settings->max_iterations)
    {
      double shift;
      int    has_empty = 0;

      refill_empty_clusters (&lloyd);
      shift = update_centres (&lloyd);
      assign_labels (&lloyd);
      solution->iterations++;

      if (settings->progress)
        settings->progress ((restart + (double) solution->iterations /
                             settings->max_iterations) / settings->restarts,
                            settings->progress_data);

      for (int c = 0; c < k && ! has_empty; c++)
        has_empty = lloyd.members[c] == 0;

      if (shift <= settings->tolerance && ! has_empty)
        break;
    }

  /* The last assignment may have emptied a cluster: refill it and let the
   * centres follow, without another assignment that could empty one again. */
  for (int c = 0; c < k; c++)
    if (lloyd.members[c] == 0)
      {
        refill_empty_clusters (&lloyd);
        update_centres (&lloyd);
        break;
      }

  free (lloyd.distance);
  free (lloyd.members);
  free (lloyd.sums);
  free (lloyd.masses);
  return KM_STATUS_OK;
}
