/* kmeans.c — km_cluster(): the pipeline from points to a result.
 *
 * compact the points (a large input's subsample) into weighted cells →
 * [automatic K: grow K on the cells until the error is within the target,
 * kmeans-grow.c, then the fixed-K steps at the chosen K] → for each
 * restart { the best of a few k-means++ seedings, each followed by Lloyd
 * iterations on a coarse copy of the cells (on the cells themselves when
 * they are few) → Lloyd iterations on the cells }, keeping the lowest
 * inertia → one exact pass over every point: its nearest centre, and the
 * statistics. */

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kmeans-private.h"

const char *
km_status_message (KmStatus status)
{
  switch (status)
    {
    case KM_STATUS_OK:
      return "success";
    case KM_STATUS_INVALID_ARGUMENT:
      return "an argument is missing or out of range";
    case KM_STATUS_OUT_OF_MEMORY:
      return "not enough memory";
    case KM_STATUS_NO_POINTS:
      return "no point has a positive weight and finite features";
    case KM_STATUS_CANCELLED:
      return "cancelled";
    }

  return "unknown status";
}

KmStatus
km_solution_init (KmSolution *solution,
                  int         n_clusters,
                  int         n_dims,
                  size_t      n_cells)
{
  memset (solution, 0, sizeof *solution);
  solution->n_clusters = n_clusters;
  solution->centres    = malloc (n_clusters * n_dims * sizeof (float));
  solution->labels     = malloc (n_cells ? n_cells : 1);

  if (! solution->centres || ! solution->labels)
    {
      km_solution_clear (solution);
      return KM_STATUS_OUT_OF_MEMORY;
    }

  return KM_STATUS_OK;
}

void
km_solution_clear (KmSolution *solution)
{
  free (solution->centres);
  free (solution->labels);
  memset (solution, 0, sizeof *solution);
}

double
km_solution_inertia (const KmCells    *cells,
                     const KmSolution *solution)
{
  int    n_dims  = cells->n_dims;
  double inertia = 0.0;

  for (size_t v = 0; v < cells->n_cells; v++)
    inertia += cells->weights[v] *
               km_distance2 (&cells->means[v * n_dims],
                             &solution->centres[solution->labels[v] * n_dims],
                             n_dims);
  return inertia;
}

/* Whether every cluster starts at a given centre: seedings and restarts
 * would then all be the same run. */
static int
all_given (const KmSettings *settings,
           int               n_clusters)
{
  return settings->n_initial >= n_clusters;
}

/* Seedings tried for each restart, on the coarse cells. */
#define KM_SEED_TRIALS 4

/* Up to this many cells, the seedings are tried on the cells themselves. */
#define KM_TRIALS_ON_CELLS_MAX 8192

/* Coarse cells below this many per cluster are too few to choose from. */
#define KM_COARSE_MIN_PER_CLUSTER 8

/* The best of KM_SEED_TRIALS clusterings of cells, each seeded from its
 * own stream, in *best (made for cells).  The trials report no progress:
 * on few or coarse cells they take a small part of the time. */
static KmStatus
best_of_trials (const KmSettings *settings,
                const KmCells    *cells,
                int               restart,
                KmSolution       *best)
{
  KmSettings quiet = *settings;
  KmSolution trial;
  KmStatus   status;

  quiet.progress = NULL;
  status         = km_solution_init (&trial, best->n_clusters, cells->n_dims, cells->n_cells);
  if (status != KM_STATUS_OK)
    return status;

  for (int t = 0; t < (all_given (settings, best->n_clusters) ? 1 : KM_SEED_TRIALS); t++)
    {
      KmRandom random;

      /* Restart r gives the same clustering whatever the number of
       * restarts. */
      km_random_init (&random, settings->seed + 0x632be59bd9b4e019ULL * restart +
                                 0x9e3779b97f4a7c15ULL * t);
      status = km_seed_centres (cells, &quiet, &trial, &random);
      if (status == KM_STATUS_OK)
        status = km_lloyd_run (cells, &quiet, &trial, 0);
      if (status != KM_STATUS_OK)
        break;

      trial.inertia = km_solution_inertia (cells, &trial);
      if (t == 0 || trial.inertia < best->inertia)
        {
          KmSolution swap = *best;

          *best = trial;
          trial = swap;
        }
    }

  km_solution_clear (&trial);
  return status;
}

/* The cells the seedings are tried on: the cells themselves when they are
 * few, else their coarse copy when it has enough cells, else NULL (one
 * seeding on the cells). */
static KmStatus
choose_trial_cells (const KmCells  *cells,
                    int             n_clusters,
                    KmCells        *coarse,
                    const KmCells **trial_cells)
{
  KmStatus status;

  *trial_cells = NULL;
  memset (coarse, 0, sizeof *coarse);
  if (cells->n_cells <= KM_TRIALS_ON_CELLS_MAX)
    {
      *trial_cells = cells;
      return KM_STATUS_OK;
    }

  status = km_cells_coarsen (cells, coarse);
  if (status != KM_STATUS_OK)
    return status;
  if (coarse->n_cells >= (size_t) n_clusters * KM_COARSE_MIN_PER_CLUSTER)
    *trial_cells = coarse;
  return KM_STATUS_OK;
}

/* One restart.  On few cells, the best of the trials on the cells; on
 * many, Lloyd iterations on the cells from the best of the trials on the
 * coarse cells, or from one seeding when the coarse cells are too few. */
static KmStatus
run_restart (const KmSettings *settings,
             const KmCells    *cells,
             const KmCells    *trial_cells,
             int               restart,
             KmSolution       *trial)
{
  KmStatus status;

  if (trial_cells == cells)
    return best_of_trials (settings, cells, restart, trial);

  if (trial_cells)
    {
      KmSolution coarse;

      status = km_solution_init (&coarse, trial->n_clusters, trial_cells->n_dims,
                                 trial_cells->n_cells);
      if (status == KM_STATUS_OK)
        status = best_of_trials (settings, trial_cells, restart, &coarse);
      if (status == KM_STATUS_OK)
        memcpy (trial->centres, coarse.centres,
                trial->n_clusters * trial_cells->n_dims * sizeof (float));
      km_solution_clear (&coarse);
    }
  else
    {
      KmRandom random;

      km_random_init (&random, settings->seed + 0x632be59bd9b4e019ULL * restart);
      status = km_seed_centres (cells, settings, trial, &random);
    }

  if (status == KM_STATUS_OK)
    status = km_lloyd_run (cells, settings, trial, restart);
  return status;
}

KmStatus
km_cluster_cells (const KmSettings *settings,
                  const KmCells    *cells,
                  int               n_clusters,
                  KmSolution       *best)
{
  KmCells        coarse;
  const KmCells *trial_cells;
  KmSolution     trial;
  KmStatus       status;

  status = choose_trial_cells (cells, n_clusters, &coarse, &trial_cells);
  if (status == KM_STATUS_OK)
    status = km_solution_init (best, n_clusters, cells->n_dims, cells->n_cells);
  if (status != KM_STATUS_OK)
    {
      km_cells_clear (&coarse);
      return status;
    }

  status = km_solution_init (&trial, n_clusters, cells->n_dims,
                             cells->n_cells);
  if (status != KM_STATUS_OK)
    {
      km_solution_clear (best);
      km_cells_clear (&coarse);
      return status;
    }

  best->inertia = INFINITY;

  for (int restart = 0;
       restart < (all_given (settings, n_clusters) ? 1 : settings->restarts); restart++)
    {
      status = run_restart (settings, cells, trial_cells, restart, &trial);
      if (status != KM_STATUS_OK)
        break;

      trial.inertia = km_solution_inertia (cells, &trial);
      if (trial.inertia < best->inertia || restart == 0)
        {
          KmSolution swap = *best;

          *best = trial;
          trial = swap;
        }
    }

  km_solution_clear (&trial);
  km_cells_clear (&coarse);
  if (status != KM_STATUS_OK)
    km_solution_clear (best);

  return status;
}

/* Fills the result from the best solution, dropping clusters that stayed
 * empty (only possible when cells cannot be told apart in float), and
 * labels every point. */
static KmStatus
fill_result (KmResult         *result,
             const KmSettings *settings,
             const KmCells    *cells,
             const KmSolution *solution,
             int               n_requested,
             const KmPoints   *input)
{
  int     n_dims = cells->n_dims;
  uint8_t renumber[KM_MAX_CLUSTERS];
  size_t  members[KM_MAX_CLUSTERS] = { 0 };
  int     n_kept                   = 0;

  for (size_t v = 0; v < cells->n_cells; v++)
    members[solution->labels[v]]++;

  /* Clusters with a given centre keep their numbers, empty or not. */
  for (int c = 0; c < solution->n_clusters; c++)
    renumber[c] = members[c] || c < settings->n_initial ? (uint8_t) n_kept++ : KM_LABEL_NONE;

  result->n_clusters      = n_kept;
  result->shortfall       = n_kept < n_requested ? KM_SHORTFALL_FEW_DISTINCT_POINTS
                                                 : KM_SHORTFALL_NONE;
  result->n_dims          = n_dims;
  result->n_cells         = cells->n_cells;
  result->iterations      = solution->iterations;
  result->centres         = malloc (n_kept * n_dims * sizeof (float));
  result->cluster_weights = calloc (n_kept, sizeof (double));
  result->cluster_sizes   = calloc (n_kept, sizeof (size_t));

  if (! result->centres || ! result->cluster_weights || ! result->cluster_sizes)
    return KM_STATUS_OUT_OF_MEMORY;

  for (int c = 0; c < solution->n_clusters; c++)
    if (renumber[c] != KM_LABEL_NONE)
      memcpy (&result->centres[renumber[c] * n_dims],
              &solution->centres[c * n_dims], n_dims * sizeof (float));

  /* The solution's labels are exact nearest-centre labels and no cell is
   * nearest to a dropped centre (a kept empty one is nearest to none), so the kept centres alone label the
   * points alike. */
  return km_label_points (settings, input, result->centres, n_kept, result->labels,
                          result->cluster_sizes, result->cluster_weights,
                          &result->inertia);
}

/* The cells of a fixed subsample of the input, one point of every run of
 * n_points / sample_points (see kmeans-sample.c); the input has more than
 * twice sample_points points. */
static KmStatus
build_sample_cells (KmCells          *cells,
                    const KmSettings *settings,
                    const KmPoints   *input,
                    size_t            sample_points)
{
  int      n_dims    = input->n_dims;
  size_t   step      = input->n_points / sample_points;
  size_t   n_samples = input->n_points / step;
  float   *sample    = km_sample_gather (settings, input, n_samples, step);
  KmPoints sampled   = { sample, n_samples, n_dims, n_dims + 1, sample + n_dims, n_dims + 1 };
  KmStatus status;

  if (! sample)
    return KM_STATUS_OUT_OF_MEMORY;

  status = km_cells_build (cells, settings, &sampled);
  free (sample);
  return status;
}

/* Whether the cells of a subsample are enough to find K centres on. */
static int
enough_cells (const KmCells    *cells,
              const KmSettings *settings)
{
  return cells->n_cells >= (size_t) settings->n_clusters * KM_SAMPLE_MIN_CELLS_PER_CLUSTER;
}

/* The cells the centres are found on.  Compacting every point of a large
 * image costs more than all the clustering after it, while a subsample of
 * KM_SAMPLE_POINTS points gives centres as good to within the noise of the
 * seeding; the last pass still labels every point exactly.  A sample with
 * few cells (few distinct colours, where a rare colour could be missed)
 * falls back to every point, so "exactly K whenever the points fill K
 * cells" holds. */
static KmStatus
build_cells (KmCells          *cells,
             const KmSettings *settings,
             const KmPoints   *input)
{
  if (input->n_points > 2 * KM_SAMPLE_POINTS)
    {
      KmStatus status = build_sample_cells (cells, settings, input, KM_SAMPLE_POINTS);

      if (status != KM_STATUS_OK || enough_cells (cells, settings))
        return status;
      km_cells_clear (cells);
    }

  return km_cells_build (cells, settings, input);
}

/* The cells automatic K grows on: those of a subsample of
 * KM_GROW_SAMPLE_POINTS points when the input is large and they are
 * enough, else the cells themselves (*growth_cells then stays empty). */
static KmStatus
build_growth_cells (KmCells          *growth_cells,
                    const KmSettings *settings,
                    const KmPoints   *input,
                    const KmCells    *cells,
                    const KmCells   **chosen)
{
  KmStatus status;

  memset (growth_cells, 0, sizeof *growth_cells);
  *chosen = cells;
  if (input->n_points <= 2 * KM_GROW_SAMPLE_POINTS)
    return KM_STATUS_OK;

  status = build_sample_cells (growth_cells, settings, input, KM_GROW_SAMPLE_POINTS);
  if (status == KM_STATUS_OK && enough_cells (growth_cells, settings) &&
      growth_cells->n_cells < cells->n_cells)
    *chosen = growth_cells;
  else
    km_cells_clear (growth_cells);
  return status;
}

/* Every centre given and fixed: no cells, no iteration, only the exact
 * labelling of every point. */
static KmStatus
assign_to_fixed (const KmSettings *settings,
                 const KmPoints   *input,
                 KmResult         *result)
{
  int      n_clusters = settings->n_clusters;
  int      n_dims     = input->n_dims;
  size_t   labelled   = 0;
  KmStatus status;

  result->n_clusters      = n_clusters;
  result->n_dims          = n_dims;
  result->centres         = malloc (n_clusters * n_dims * sizeof (float));
  result->cluster_weights = calloc (n_clusters, sizeof (double));
  result->cluster_sizes   = calloc (n_clusters, sizeof (size_t));
  if (! result->centres || ! result->cluster_weights || ! result->cluster_sizes)
    return KM_STATUS_OUT_OF_MEMORY;

  memcpy (result->centres, settings->initial, n_clusters * n_dims * sizeof (float));
  status = km_label_points (settings, input, result->centres, n_clusters, result->labels,
                            result->cluster_sizes, result->cluster_weights,
                            &result->inertia);
  for (int c = 0; c < n_clusters; c++)
    labelled += result->cluster_sizes[c];
  if (status == KM_STATUS_OK && labelled == 0)
    status = KM_STATUS_NO_POINTS;
  return status;
}

KmStatus
km_cluster (const KmSettings *settings,
            const float      *points,
            size_t            n_points,
            int               n_dims,
            size_t            point_stride,
            const float      *weights,
            size_t            weight_stride,
            KmResult        **result)
{
  KmPoints   input = { points, n_points, n_dims, point_stride, weights, weight_stride };
  KmCells    cells;
  KmSolution best = { 0 };
  KmResult  *out;
  KmStatus   status;
  int        n_clusters, n_requested;

  if (! result)
    return KM_STATUS_INVALID_ARGUMENT;
  *result = NULL;

  if (! settings || (! points && n_points > 0) ||
      n_dims < 1 || n_dims > KM_MAX_DIMS || point_stride < (size_t) n_dims ||
      n_points >= UINT32_MAX)
    return KM_STATUS_INVALID_ARGUMENT;

  if (settings->n_initial > 0 &&
      (settings->initial_dims != n_dims || settings->n_initial > settings->n_clusters ||
       settings->error_target > 0.0))
    return KM_STATUS_INVALID_ARGUMENT;

  if (km_settings_all_fixed (settings))
    {
      out = calloc (1, sizeof (KmResult));
      if (out)
        {
          out->n_points = n_points;
          out->labels   = malloc (n_points ? n_points : 1);
        }
      status = out && out->labels ? assign_to_fixed (settings, &input, out)
                                  : KM_STATUS_OUT_OF_MEMORY;
      if (status != KM_STATUS_OK)
        {
          km_result_free (out);
          return status;
        }
      *result = out;
      return KM_STATUS_OK;
    }

  status = build_cells (&cells, settings, &input);
  if (status != KM_STATUS_OK)
    return status;

  if (cells.n_cells == 0)
    {
      km_cells_clear (&cells);
      return KM_STATUS_NO_POINTS;
    }

  /* Clusters with given centres are kept even when the cells are fewer. */
  n_clusters = settings->n_clusters;
  if ((size_t) n_clusters > cells.n_cells)
    n_clusters = (int) cells.n_cells;
  if (n_clusters < settings->n_initial)
    n_clusters = settings->n_initial;

  out = calloc (1, sizeof (KmResult));
  if (out)
    {
      out->n_points = n_points;
      out->labels   = malloc (n_points ? n_points : 1);
    }
  if (! out || ! out->labels)
    {
      km_result_free (out);
      km_cells_clear (&cells);
      return KM_STATUS_OUT_OF_MEMORY;
    }

  /* Automatic K asks for the K it chose: fewer clusters than the most
   * allowed are no shortfall. */
  n_requested = settings->n_clusters;
  if (settings->error_target > 0.0 && n_clusters >= 2)
    {
      KmCells        sampled = { 0 };
      const KmCells *growth_cells;

      out->error_curve = malloc ((n_clusters - 1) * sizeof (double));
      status           = out->error_curve ? build_growth_cells (&sampled, settings, &input, &cells,
                                                                &growth_cells)
                                          : KM_STATUS_OUT_OF_MEMORY;
      if (status == KM_STATUS_OK)
        status = km_grow_clusters (settings, growth_cells, &cells, n_clusters, &best,
                                   out->error_curve, &out->n_errors);
      km_cells_clear (&sampled);
      n_requested = best.n_clusters;
    }
  else
    status = km_cluster_cells (settings, &cells, n_clusters, &best);

  if (status == KM_STATUS_OK)
    status = fill_result (out, settings, &cells, &best, n_requested, &input);

  km_solution_clear (&best);
  km_cells_clear (&cells);

  if (status != KM_STATUS_OK)
    {
      km_result_free (out);
      return status;
    }

  *result = out;
  return KM_STATUS_OK;
}
