/* kmeans-grow.c — automatic K: the fewest clusters whose error is within
 * the target (see km_settings_set_error_target()).
 *
 * The error of a clustering is the weighted KM_ERROR_PERCENTILE percentile
 * of the cells' distances to their centres.  K grows one at a time from
 * 2, each step warm-started from the one before: the cluster with the
 * largest weighted sum of squared distances is bisected (2-means on its own
 * cells, seeded with its cell farthest from the centre and the cell
 * farthest from that one), then a few Lloyd iterations on every cell
 * (km_lloyd_run(), which starts from the centres it is given) move the
 * K + 1 centres (see KM_GROW_ITERATIONS).  A step costs a few Lloyd
 * iterations from nearly settled centres instead of a seeding and a run
 * from scratch, and the errors of every K on the way are the curve.
 * Growth stops at the first K whose error is within the target, or at the
 * most clusters asked for; there the grown clustering settles with Lloyd
 * iterations to the core's own tolerance.  On a large input K grows on
 * the cells of a smaller subsample (KM_GROW_SAMPLE_POINTS), then moves to
 * the usual cells, settles there and grows on while the error measured
 * there is beyond the target.
 *
 * Greedy splits can leave a clustering worse than a fresh one, so at the
 * chosen K the fixed-K clustering runs as well, with its restarts, and
 * replaces the grown one when its inertia is lower and its error no higher
 * than the larger of the target and the grown one's: the result is never
 * worse than a fixed run at that K that is within the target.
 *
 * The distances, the percentile and the bisections run in the calling
 * thread, in cell order, a pass or two over the cells for each K, small
 * beside the Lloyd iterations (which run through the parallel hook and
 * are deterministic, kmeans-lloyd.c): the curve and the result do not
 * depend on the number of threads. */

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kmeans-private.h"

/* Rounds of 2-means when bisecting a cluster: the halves settle in a few,
 * and the Lloyd iterations on every cell that follow finish the job. */
#define KM_BISECT_ROUNDS 8

/* Each step's Lloyd iterations stop when no centre moves more than this
 * share of the target, or after this many: a centre that creeps along a
 * gradient by less than 1 % of the target barely changes the error, and
 * the next steps go on from where it stopped.  The chosen K's clustering
 * then runs to the core's own tolerance. */
#define KM_GROW_TOLERANCE  0.01
#define KM_GROW_ITERATIONS 10

typedef struct
{
  const KmCells *cells;
  float         *values;  /* per cell: squared distance, for the percentile */
  double        *weights; /* per cell: weight, for the percentile */
  size_t        *members; /* the cells of the cluster being bisected */
  double         sse[KM_MAX_CLUSTERS];
} KmGrowth;

static void
swap_entries (float  *values,
              double *weights,
              size_t  i,
              size_t  j)
{
  float  value  = values[i];
  double weight = weights[i];

  values[i]  = values[j];
  weights[i] = weights[j];
  values[j]  = value;
  weights[j] = weight;
}

static float
median_of_three (float a,
                 float b,
                 float c)
{
  if (a > b)
    {
      float t = a;

      a = b;
      b = t;
    }
  return c < a ? a : c > b ? b
                           : c;
}

/* The smallest value v such that the entries of value v or less weigh at
 * least target: a quickselect that parts the entries below, equal to and
 * above a pivot, so that it ends on ties too.  Rearranges the entries. */
static float
weighted_select (float  *values,
                 double *weights,
                 size_t  n,
                 double  target)
{
  size_t lo = 0;
  size_t hi = n;

  while (hi > lo)
    {
      float  pivot = median_of_three (values[lo], values[lo + (hi - lo) / 2], values[hi - 1]);
      size_t lt    = lo;
      size_t gt    = hi;
      double below = 0.0;
      double equal = 0.0;

      for (size_t i = lo; i < gt;)
        {
          if (values[i] < pivot)
            {
              below += weights[i];
              swap_entries (values, weights, i++, lt++);
            }
          else if (values[i] > pivot)
            swap_entries (values, weights, i, --gt);
          else
            equal += weights[i++];
        }

      if (below >= target && lt > lo)
        hi = lt;
      /* Nothing above the pivot: the target is the whole weight, which
       * rounding may have put a hair beyond the sum. */
      else if (below + equal >= target || gt == hi)
        return pivot;
      else
        {
          target -= below + equal;
          lo = gt;
        }
    }

  return 0.0f;
}

/* The error of a solution (see the file's header), with every cluster's
 * weighted sum of squared distances in growth->sse. */
static double
measure_error (KmGrowth         *growth,
               const KmSolution *solution)
{
  const KmCells *cells  = growth->cells;
  int            n_dims = cells->n_dims;
  double         total  = 0.0;

  memset (growth->sse, 0, sizeof growth->sse);
  for (size_t v = 0; v < cells->n_cells; v++)
    {
      int   c  = solution->labels[v];
      float d2 = km_distance2 (&cells->means[v * n_dims], &solution->centres[c * n_dims],
                               n_dims);

      growth->values[v]  = d2;
      growth->weights[v] = cells->weights[v];
      growth->sse[c] += cells->weights[v] * d2;
      total += cells->weights[v];
    }

  return sqrt (weighted_select (growth->values, growth->weights, cells->n_cells,
                                KM_ERROR_PERCENTILE * total));
}

/* The index among members of the one farthest from point (the first of
 * equals), and that squared distance in *farthest. */
static size_t
farthest_member (const KmGrowth *growth,
                 size_t          n_members,
                 const float    *point,
                 float          *farthest)
{
  int    n_dims = growth->cells->n_dims;
  size_t pick   = 0;

  *farthest = -1.0f;
  for (size_t m = 0; m < n_members; m++)
    {
      float d2 = km_distance2 (&growth->cells->means[growth->members[m] * n_dims], point,
                               n_dims);

      if (d2 > *farthest)
        {
          *farthest = d2;
          pick      = m;
        }
    }
  return pick;
}

/* Splits cluster c into two: c keeps one half, a new cluster the other.
 * FALSE when its cells cannot be told apart. */
static int
bisect_cluster (KmGrowth   *growth,
                KmSolution *solution,
                int         c)
{
  const KmCells *cells     = growth->cells;
  int            n_dims    = cells->n_dims;
  float         *halves    = &solution->centres[c * n_dims];
  float         *other     = &solution->centres[solution->n_clusters * n_dims];
  size_t         n_members = 0;
  float          farthest;
  size_t         a, b;

  for (size_t v = 0; v < cells->n_cells; v++)
    if (solution->labels[v] == c)
      growth->members[n_members++] = v;
  if (n_members < 2)
    return 0;

  a = farthest_member (growth, n_members, halves, &farthest);
  b = farthest_member (growth, n_members, &cells->means[growth->members[a] * n_dims],
                       &farthest);
  if (! (farthest > 0.0f))
    return 0;

  memcpy (other, &cells->means[growth->members[b] * n_dims], n_dims * sizeof (float));
  memcpy (halves, &cells->means[growth->members[a] * n_dims], n_dims * sizeof (float));

  for (int round = 0; round < KM_BISECT_ROUNDS; round++)
    {
      double sums[2][KM_MAX_DIMS + 1] = { { 0 } };
      float *centres[2]               = { halves, other };
      int    moved                    = 0;

      for (size_t m = 0; m < n_members; m++)
        {
          size_t       v    = growth->members[m];
          const float *mean = &cells->means[v * n_dims];
          int          side = km_distance2 (mean, other, n_dims) < km_distance2 (mean, halves, n_dims);

          for (int d = 0; d < n_dims; d++)
            sums[side][d] += cells->weights[v] * mean[d];
          sums[side][n_dims] += cells->weights[v];
        }

      /* Both seeds are cells and each is nearest to itself, so neither
       * half is ever empty. */
      for (int side = 0; side < 2; side++)
        for (int d = 0; d < n_dims; d++)
          {
            float mean = (float) (sums[side][d] / sums[side][n_dims]);

            moved |= mean != centres[side][d];
            centres[side][d] = mean;
          }
      if (! moved)
        break;
    }

  solution->n_clusters++;
  return 1;
}

/* Bisects the cluster with the largest sum of squared distances that can
 * be bisected; FALSE when none can. */
static int
split_worst_cluster (KmGrowth   *growth,
                     KmSolution *solution)
{
  int tried[KM_MAX_CLUSTERS] = { 0 };

  for (;;)
    {
      int worst = -1;

      for (int c = 0; c < solution->n_clusters; c++)
        if (! tried[c] && growth->sse[c] > 0.0 &&
            (worst < 0 || growth->sse[c] > growth->sse[worst]))
          worst = c;
      if (worst < 0)
        return 0;
      if (bisect_cluster (growth, solution, worst))
        return 1;
      tried[worst] = 1;
    }
}

/* Progress of a stage that spans [from, from + span) of the whole. */
typedef struct
{
  KmProgressFunc func;
  void          *data;
  double         from;
  double         span;
} KmProgressSpan;

static void
report_in_span (double fraction,
                void  *data)
{
  KmProgressSpan *span = data;

  span->func (span->from + span->span * fraction, span->data);
}

static void
growth_clear (KmGrowth *growth)
{
  free (growth->values);
  free (growth->weights);
  free (growth->members);
}

/* The clustering into 2 clusters that growth starts from: the fixed-K
 * clustering's first restart, in grown (which has room for more). */
static KmStatus
start_growth (const KmSettings *settings,
              const KmCells    *cells,
              KmSolution       *grown)
{
  KmSettings quiet = *settings;
  KmSolution start;
  KmStatus   status;

  quiet.progress = NULL;
  quiet.restarts = 1;
  status         = km_cluster_cells (&quiet, cells, 2, &start);
  if (status != KM_STATUS_OK)
    return status;

  memcpy (grown->centres, start.centres, 2 * cells->n_dims * sizeof (float));
  memcpy (grown->labels, start.labels, cells->n_cells);
  grown->n_clusters = 2;
  km_solution_clear (&start);
  return KM_STATUS_OK;
}

/* Grows a clustering of growth->cells (with room for max_clusters) one
 * cluster at a time until its error is within the target or it has
 * max_clusters; the error at each K from its own on is curve[K - 2], and
 * *n_curve ends as the last K - 1. */
static KmStatus
grow (const KmSettings *settings,
      KmGrowth         *growth,
      int               max_clusters,
      KmSolution       *grown,
      double           *curve,
      int              *n_curve)
{
  KmSettings step = *settings;
  KmStatus   status;

  step.progress       = NULL;
  step.tolerance      = fmax (settings->tolerance, KM_GROW_TOLERANCE * settings->error_target);
  step.max_iterations = KM_GROW_ITERATIONS < settings->max_iterations ? KM_GROW_ITERATIONS
                                                                      : settings->max_iterations;

  for (;;)
    {
      double error = measure_error (growth, grown);

      curve[grown->n_clusters - 2] = error;
      *n_curve                     = grown->n_clusters - 1;
      if (settings->progress)
        settings->progress (0.5 * (grown->n_clusters - 1) / (max_clusters - 1),
                            settings->progress_data);
      if (error <= settings->error_target || grown->n_clusters == max_clusters ||
          ! split_worst_cluster (growth, grown))
        return KM_STATUS_OK;

      status = km_lloyd_run (growth->cells, &step, grown, 0);
      if (status != KM_STATUS_OK)
        return status;
    }
}

/* The grown clustering, settled on growth->cells to the core's
 * tolerance, replaces it (and its error the last of the curve): when it
 * grew on the same cells, only if its error stayed within the larger of
 * the target and the unsettled one's; when it grew on a subsample's
 * cells, always, as its labels are for those cells. */
static KmStatus
settle (const KmSettings *settings,
        KmGrowth         *growth,
        int               same_cells,
        int               max_clusters,
        KmSolution       *grown,
        double           *curve,
        int               n_curve)
{
  const KmCells *cells = growth->cells;
  KmSettings     quiet = *settings;
  KmSolution     settled;
  KmStatus       status;
  double         error;

  quiet.progress = NULL;
  /* For the curve alone, the grown centres only label the cells. */
  if (settings->error_curve_only)
    quiet.max_iterations = 0;
  status = km_solution_init (&settled, max_clusters, cells->n_dims, cells->n_cells);
  if (status != KM_STATUS_OK)
    return status;

  settled.n_clusters = grown->n_clusters;
  memcpy (settled.centres, grown->centres, grown->n_clusters * cells->n_dims * sizeof (float));
  status = km_lloyd_run (cells, &quiet, &settled, 0);
  if (status == KM_STATUS_OK)
    {
      error = measure_error (growth, &settled);
      if (! same_cells || error <= fmax (settings->error_target, curve[n_curve - 1]))
        {
          KmSolution swap = *grown;

          *grown             = settled;
          settled            = swap;
          curve[n_curve - 1] = error;
        }
    }

  km_solution_clear (&settled);
  return status;
}

KmStatus
km_grow_clusters (const KmSettings *settings,
                  const KmCells    *growth_cells,
                  const KmCells    *cells,
                  int               max_clusters,
                  KmSolution       *best,
                  double           *curve,
                  int              *n_curve)
{
  size_t         n        = growth_cells->n_cells > cells->n_cells ? growth_cells->n_cells
                                                                   : cells->n_cells;
  KmGrowth       growth   = { growth_cells, malloc (n * sizeof (float)), malloc (n * sizeof (double)), malloc (n * sizeof (size_t)), { 0 } };
  KmSettings     restarts = *settings;
  KmProgressSpan span     = { settings->progress, settings->progress_data, 0.5, 0.5 };
  KmSolution     grown;
  KmStatus       status;
  double         grown_error, fresh_error;

  memset (best, 0, sizeof *best);
  if (! growth.values || ! growth.weights || ! growth.members)
    {
      growth_clear (&growth);
      return KM_STATUS_OUT_OF_MEMORY;
    }

  status = km_solution_init (&grown, max_clusters, cells->n_dims, growth_cells->n_cells);
  if (status == KM_STATUS_OK)
    status = start_growth (settings, growth_cells, &grown);
  if (status == KM_STATUS_OK)
    status = grow (settings, &growth, max_clusters, &grown, curve, n_curve);

  /* Grown on a subsample's cells: onto the cells, where the error may
   * differ from the subsample's by a little, and on growing from there
   * while it is beyond the target. */
  growth.cells = cells;
  if (status == KM_STATUS_OK && growth_cells != cells)
    status = settle (settings, &growth, 0, max_clusters, &grown, curve, *n_curve);
  if (status == KM_STATUS_OK && growth_cells != cells)
    status = grow (settings, &growth, max_clusters, &grown, curve, n_curve);
  if (status == KM_STATUS_OK && settings->error_curve_only)
    {
      *best = grown;
      growth_clear (&growth);
      return KM_STATUS_OK;
    }
  if (status == KM_STATUS_OK)
    status = settle (settings, &growth, 1, max_clusters, &grown, curve, *n_curve);

  if (settings->progress)
    km_settings_set_progress (&restarts, report_in_span, &span);
  if (status == KM_STATUS_OK)
    status = km_cluster_cells (&restarts, cells, grown.n_clusters, best);

  if (status == KM_STATUS_OK)
    {
      grown_error   = curve[*n_curve - 1];
      fresh_error   = measure_error (&growth, best);
      grown.inertia = km_solution_inertia (cells, &grown);
      if (best->inertia < grown.inertia &&
          fresh_error <= fmax (settings->error_target, grown_error))
        curve[*n_curve - 1] = fresh_error;
      else
        {
          KmSolution swap = *best;

          *best = grown;
          grown = swap;
        }
    }

  km_solution_clear (&grown);
  growth_clear (&growth);
  if (status != KM_STATUS_OK)
    km_solution_clear (best);
  return status;
}
