/* kmeans-seed.c — greedy k-means++ seeding over weighted distinct vectors.
 *
 * The first centre is drawn with probability proportional to weight; each
 * next one is the best of a few candidates drawn with probability
 * proportional to weight × squared distance to the nearest centre so far,
 * "best" meaning the candidate that leaves the lowest total potential.
 * Trying 2 + ln K candidates per step is what makes greedy k-means++ reach
 * a lower final inertia than plain k-means++. */

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kmeans-private.h"

/* Index of the vector where the running sum of mass[] passes target. */
static size_t
pick_by_mass (const double *mass,
              size_t        n,
              double        target)
{
  double running = 0.0;
  size_t last    = 0;

  for (size_t v = 0; v < n; v++)
    {
      if (mass[v] <= 0.0)
        continue;
      running += mass[v];
      last     = v;
      if (running > target)
        return v;
    }

  return last;
}

KmStatus
km_seed_centres (const KmDistinct *distinct,
                 const KmSettings *settings,
                 KmSolution       *solution,
                 KmRandom         *random)
{
  size_t  n           = distinct->n_vectors;
  (void) settings;
  int     n_dims      = distinct->n_dims;
  int     n_trials    = 2 + (int) log (solution->n_clusters);
  double *nearest     = malloc (n * sizeof (double));
  double *candidate   = malloc (n * sizeof (double));
  double *best        = malloc (n * sizeof (double));
  double *mass        = malloc (n * sizeof (double));
  double  total_mass  = 0.0;
  double  potential   = 0.0;
  size_t  first;

  if (! nearest || ! candidate || ! best || ! mass)
    {
      free (nearest);
      free (candidate);
      free (best);
      free (mass);
      return KM_STATUS_OUT_OF_MEMORY;
    }

  for (size_t v = 0; v < n; v++)
    total_mass += distinct->weights[v];

  first = pick_by_mass (distinct->weights, n,
                        km_random_uniform (random) * total_mass);
  memcpy (solution->centres, &distinct->vectors[first * n_dims],
          n_dims * sizeof (float));

  for (size_t v = 0; v < n; v++)
    {
      nearest[v] = km_distance2 (&distinct->vectors[v * n_dims],
                                 solution->centres, n_dims);
      mass[v]    = distinct->weights[v] * nearest[v];
      potential += mass[v];
    }

  for (int c = 1; c < solution->n_clusters; c++)
    {
      double best_potential = INFINITY;
      size_t best_vector    = 0;

      /* Distances too small for float arithmetic: take the first vector
       * that is not yet a centre (the caller made sure one exists). */
      if (! (potential > 0.0))
        {
          size_t v = km_find_uncovered_vector (distinct, solution->centres, c);

          memcpy (&solution->centres[c * n_dims],
                  &distinct->vectors[v * n_dims], n_dims * sizeof (float));
          continue;
        }

      for (int t = 0; t < n_trials; t++)
        {
          size_t       pick = pick_by_mass (mass, n,
                                            km_random_uniform (random) * potential);
          const float *centre = &distinct->vectors[pick * n_dims];
          double       trial_potential = 0.0;

          for (size_t v = 0; v < n; v++)
            {
              double d = km_distance2 (&distinct->vectors[v * n_dims],
                                       centre, n_dims);

              candidate[v] = d < nearest[v] ? d : nearest[v];
              trial_potential += distinct->weights[v] * candidate[v];
            }

          if (trial_potential < best_potential)
            {
              double *swap = best;

              best           = candidate;
              candidate      = swap;
              best_potential = trial_potential;
              best_vector    = pick;
            }
        }

      memcpy (&solution->centres[c * n_dims],
              &distinct->vectors[best_vector * n_dims],
              n_dims * sizeof (float));

      potential = 0.0;
      for (size_t v = 0; v < n; v++)
        {
          nearest[v] = best[v];
          mass[v]    = distinct->weights[v] * nearest[v];
          potential += mass[v];
        }
    }

  free (nearest);
  free (candidate);
  free (best);
  free (mass);
  return KM_STATUS_OK;
}
