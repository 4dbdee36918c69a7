/* kmeans-coarse.c — a coarse copy of the cells, for choosing the seeding.
 *
 * Which local minimum Lloyd's iterations fall into depends on the seeding,
 * and one k-means++ seeding lands in a poor one often enough (inertia up to
 * 8 % apart between seeds).  Trying several seedings on the cells costs
 * several clusterings; on a coarse copy of the cells it costs little: the
 * cells are merged on a uniform grid over their bounding box, each grid
 * cell standing for its cells with their weighted mean, so a coarse
 * clustering has nearly the cells' objective at a fraction of their
 * number.  The best coarse clustering then starts the Lloyd iterations on
 * the cells, which converge in few iterations from there. */

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kmeans-private.h"

/* Grid steps per feature: about 2^15 grid cells whatever the number of
 * features, few enough for a table that stays in the cache. */
static const int grid_steps[KM_MAX_DIMS + 1] = { 0, 32768, 181, 32, 13, 8 };

KmStatus
km_cells_coarsen (const KmCells *cells,
                  KmCells       *coarse)
{
  int      n_dims = cells->n_dims;
  int      steps  = grid_steps[n_dims];
  size_t   n_grid = 1;
  double   low[KM_MAX_DIMS], scale[KM_MAX_DIMS];
  int32_t *grid;
  double  *sums;

  memset (coarse, 0, sizeof *coarse);
  coarse->n_dims = n_dims;

  for (int d = 0; d < n_dims; d++)
    {
      double high = -INFINITY;

      low[d] = INFINITY;
      for (size_t v = 0; v < cells->n_cells; v++)
        {
          double x = cells->means[v * n_dims + d];

          low[d] = x < low[d] ? x : low[d];
          high   = x > high ? x : high;
        }
      /* In double, so that a range of ±KM_MAX_ABS_FEATURE stays finite. */
      scale[d] = high > low[d] ? steps / (high - low[d]) : 0.0;
      n_grid *= (size_t) steps;
    }

  grid            = malloc (n_grid * sizeof (int32_t));
  sums            = calloc (cells->n_cells * n_dims, sizeof (double));
  coarse->weights = calloc (cells->n_cells, sizeof (double));
  coarse->means   = malloc (cells->n_cells * n_dims * sizeof (float));
  if (! grid || ! sums || ! coarse->weights || ! coarse->means)
    {
      free (grid);
      free (sums);
      km_cells_clear (coarse);
      return KM_STATUS_OUT_OF_MEMORY;
    }
  memset (grid, 0xff, n_grid * sizeof (int32_t));

  for (size_t v = 0; v < cells->n_cells; v++)
    {
      const float *mean   = &cells->means[v * n_dims];
      double       weight = cells->weights[v];
      size_t       at     = 0;
      int32_t      c;

      for (int d = 0; d < n_dims; d++)
        {
          int step = (int) ((mean[d] - low[d]) * scale[d]);

          at = at * steps + (size_t) (step < steps ? step : steps - 1);
        }

      if (grid[at] < 0)
        grid[at] = (int32_t) coarse->n_cells++;
      c = grid[at];
      for (int d = 0; d < n_dims; d++)
        sums[c * n_dims + d] += weight * mean[d];
      coarse->weights[c] += weight;
    }

  for (size_t c = 0; c < coarse->n_cells; c++)
    for (int d = 0; d < n_dims; d++)
      coarse->means[c * n_dims + d] = (float) (sums[c * n_dims + d] / coarse->weights[c]);

  free (grid);
  free (sums);
  return KM_STATUS_OK;
}
