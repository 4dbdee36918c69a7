/* kmeans-lloyd.c — Lloyd iterations over the weighted cells.
 *
 * Each iteration moves every centre to the weighted mean of its cells,
 * then assigns every cell to its nearest centre.  A cluster left empty is
 * re-seeded with the cell farthest from its own centre, so the result
 * keeps exactly K clusters whenever there are K cells.  A fixed centre
 * (km_settings_set_initial_centres()) takes its cells but never moves and
 * is never refilled.
 *
 * Assignment uses Hamerly's bounds: each cell keeps an upper bound on the
 * distance to its centre and a lower bound on the distance to every other
 * centre.  When a centre moves by m, the bounds loosen by m; a cell whose
 * upper bound stays below both its lower bound and half the distance from
 * its centre to the nearest other centre cannot change cluster and costs no
 * distance at all.  Late iterations, where centres barely move, then cost
 * little more than a pass over the bounds.  The centres' sums are updated
 * with the moves of the cells that changed cluster.
 *
 * Everything runs in parallel over fixed blocks of cells; each block
 * records its own changes to the sums, and the changes are added in block
 * order, so the result does not depend on the number of threads.  The last
 * assignment is an exact one without bounds. */

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kmeans-private.h"

typedef struct
{
  const KmCells    *cells;
  const KmSettings *settings;
  KmSolution       *solution;
  size_t            n_blocks;
  int               stride;             /* doubles per cluster: n_dims sums, mass */
  float            *upper;              /* distance to the own centre, or more */
  float            *lower;              /* distance to any other centre, or less */
  float            *moved;              /* per cluster: how far the centre last moved */
  float            *loosen;             /* per cluster: how far any other centre moved */
  float            *half_gap;           /* per cluster: half the distance to the nearest other centre */
  float            *centres_by_feature; /* [feature][KM_MAX_CLUSTERS] */
  double           *sums;               /* per cluster: weighted sums, then mass */
  size_t           *members;            /* cells per cluster */
  double           *block_sums;         /* [block][cluster]: like sums */
  int64_t          *block_members;
} KmLloyd;

/* The nearest and second nearest centres' squared distances; the nearest
 * is the first of equals, the same rule as km_label_points().  The centres
 * come feature by feature (centres_by_feature[d * KM_MAX_CLUSTERS + c]), so
 * that the distances to all of them are computed in vector registers, in
 * the same order of operations as km_distance2(). */
static inline KM_ALWAYS_INLINE int
nearest_centre (const float *cell,
                const float *centres_by_feature,
                int          n_clusters,
                int          n_dims,
                float       *best,
                float       *second)
{
  float distance[KM_MAX_CLUSTERS];
  int   label = 0;

  for (int c = 0; c < n_clusters; c++)
    distance[c] = 0.0f;
  for (int d = 0; d < n_dims; d++)
    for (int c = 0; c < n_clusters; c++)
      {
        float diff = cell[d] - centres_by_feature[d * KM_MAX_CLUSTERS + c];

        distance[c] += diff * diff;
      }

  *best   = INFINITY;
  *second = INFINITY;
  for (int c = 0; c < n_clusters; c++)
    {
      if (distance[c] < *best)
        {
          *second = *best;
          *best   = distance[c];
          label   = c;
        }
      else if (distance[c] < *second)
        *second = distance[c];
    }

  return label;
}

static void
add_to_block_sums (KmLloyd *lloyd,
                   size_t   block,
                   size_t   v,
                   int      c,
                   double   sign)
{
  const KmCells *cells  = lloyd->cells;
  int            n_dims = cells->n_dims;
  size_t         at     = (block * lloyd->solution->n_clusters + c) * lloyd->stride;
  double        *sums   = &lloyd->block_sums[at];
  double         w      = sign * cells->weights[v];

  for (int d = 0; d < n_dims; d++)
    sums[d] += w * cells->means[v * n_dims + d];
  sums[n_dims] += w;
  lloyd->block_members[block * lloyd->solution->n_clusters + c] += (int64_t) sign;
}

static void
clear_block_sums (KmLloyd *lloyd,
                  size_t   block)
{
  int k = lloyd->solution->n_clusters;

  memset (&lloyd->block_sums[block * k * lloyd->stride], 0,
          k * lloyd->stride * sizeof (double));
  memset (&lloyd->block_members[block * k], 0, k * sizeof (int64_t));
}

/* Exact assignment of one block; its sums start from zero. */
static inline KM_ALWAYS_INLINE void
assign_exact_block_dims (size_t    block,
                         void     *data,
                         const int n_dims)
{
  KmLloyd       *lloyd    = data;
  const KmCells *cells    = lloyd->cells;
  KmSolution    *solution = lloyd->solution;
  size_t         start, end;

  km_block_range (block, KM_BLOCK_CELLS, lloyd->cells->n_cells, &start, &end);
  clear_block_sums (lloyd, block);

  for (size_t v = start; v < end; v++)
    {
      float best, second;
      int   label = nearest_centre (&cells->means[v * n_dims],
                                    lloyd->centres_by_feature, solution->n_clusters,
                                    n_dims, &best, &second);

      solution->labels[v] = (uint8_t) label;
      lloyd->upper[v]     = sqrtf (best);
      lloyd->lower[v]     = sqrtf (second);
      add_to_block_sums (lloyd, block, v, label, 1.0);
    }
}

static KM_VECTOR_CLONES void
assign_exact_block (size_t block,
                    void  *data)
{
  KM_WITH_CONSTANT_DIMS (((const KmLloyd *) data)->cells->n_dims,
                         assign_exact_block_dims, block, data);
}

/* A cell whose loosened bounds no longer prove its label: tightens the
 * upper bound, and when that is not enough, looks at every centre. */
static inline KM_ALWAYS_INLINE void
refine_cell (KmLloyd  *lloyd,
             size_t    block,
             size_t    v,
             const int n_dims)
{
  const float *cell   = &lloyd->cells->means[v * n_dims];
  uint8_t     *labels = lloyd->solution->labels;
  int          label  = labels[v];
  float        bound  = lloyd->half_gap[label] > lloyd->lower[v]
                          ? lloyd->half_gap[label]
                          : lloyd->lower[v];
  float        best, second;
  int          nearest;

  lloyd->upper[v] = sqrtf (km_distance2 (cell,
                                         &lloyd->solution->centres[label * n_dims],
                                         n_dims));
  if (lloyd->upper[v] <= bound)
    return;

  nearest         = nearest_centre (cell, lloyd->centres_by_feature,
                                    lloyd->solution->n_clusters, n_dims, &best, &second);
  lloyd->upper[v] = sqrtf (best);
  lloyd->lower[v] = sqrtf (second);
  if (nearest != label)
    {
      add_to_block_sums (lloyd, block, v, label, -1.0);
      add_to_block_sums (lloyd, block, v, nearest, 1.0);
      labels[v] = (uint8_t) nearest;
    }
}

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#define KM_HAVE_AVX2_BOUNDS 1

/* Loosens the bounds of cells [v, v + 8) as the scalar loop below does,
 * with the same float operations; returns a bit for each cell whose
 * bounds no longer prove its label.  The three per-cluster tables are
 * gathered by label. */
__attribute__ ((target ("avx2"))) static unsigned
loosen_eight_avx2 (KmLloyd *lloyd,
                   size_t   v)
{
  __m256i label = _mm256_cvtepu8_epi32 (
    _mm_loadl_epi64 ((const __m128i *) &lloyd->solution->labels[v]));
  __m256 u = _mm256_add_ps (_mm256_loadu_ps (&lloyd->upper[v]),
                            _mm256_i32gather_ps (lloyd->moved, label, 4));
  __m256 l = _mm256_sub_ps (_mm256_loadu_ps (&lloyd->lower[v]),
                            _mm256_i32gather_ps (lloyd->loosen, label, 4));
  /* max_ps (a, b) is a > b ? a : b, like the scalar expression. */
  __m256 bound = _mm256_max_ps (_mm256_i32gather_ps (lloyd->half_gap, label, 4), l);

  _mm256_storeu_ps (&lloyd->upper[v], u);
  _mm256_storeu_ps (&lloyd->lower[v], l);
  return (unsigned) _mm256_movemask_ps (_mm256_cmp_ps (u, bound, _CMP_NLE_UQ));
}
#endif

/* Hamerly's assignment of one block; its sums receive the changes.  Most
 * cells only have their bounds loosened, eight at a time where the CPU
 * has AVX2. */
static inline KM_ALWAYS_INLINE void
assign_bounded_block_dims (size_t    block,
                           void     *data,
                           const int n_dims)
{
  KmLloyd       *lloyd    = data;
  const uint8_t *labels   = lloyd->solution->labels;
  float         *upper    = lloyd->upper;
  float         *lower    = lloyd->lower;
  const float   *moved    = lloyd->moved;
  const float   *loosen   = lloyd->loosen;
  const float   *half_gap = lloyd->half_gap;
  size_t         start, end, v;

  km_block_range (block, KM_BLOCK_CELLS, lloyd->cells->n_cells, &start, &end);
  clear_block_sums (lloyd, block);
  v = start;

#ifdef KM_HAVE_AVX2_BOUNDS
  if (__builtin_cpu_supports ("avx2"))
    for (; v + 8 <= end; v += 8)
      {
        unsigned pending = loosen_eight_avx2 (lloyd, v);

        while (pending)
          {
            refine_cell (lloyd, block, v + (size_t) __builtin_ctz (pending), n_dims);
            pending &= pending - 1;
          }
      }
#endif

  for (; v < end; v++)
    {
      int   label = labels[v];
      float u     = upper[v] + moved[label];
      float l     = lower[v] - loosen[label];
      float bound = half_gap[label] > l ? half_gap[label] : l;

      upper[v] = u;
      lower[v] = l;
      if (! (u <= bound))
        refine_cell (lloyd, block, v, n_dims);
    }
}

static KM_VECTOR_CLONES void
assign_bounded_block (size_t block,
                      void  *data)
{
  KM_WITH_CONSTANT_DIMS (((const KmLloyd *) data)->cells->n_dims,
                         assign_bounded_block_dims, block, data);
}

/* Adds the blocks' sums, in block order, to the totals (which start from
 * zero after an exact assignment). */
static void
gather_block_sums (KmLloyd *lloyd,
                   int      from_zero)
{
  int    k     = lloyd->solution->n_clusters;
  size_t count = (size_t) k * lloyd->stride;

  if (from_zero)
    {
      memset (lloyd->sums, 0, count * sizeof (double));
      memset (lloyd->members, 0, k * sizeof (size_t));
    }

  for (size_t b = 0; b < lloyd->n_blocks; b++)
    {
      const double  *sums    = &lloyd->block_sums[b * count];
      const int64_t *members = &lloyd->block_members[b * k];

      for (size_t j = 0; j < count; j++)
        lloyd->sums[j] += sums[j];
      for (int c = 0; c < k; c++)
        lloyd->members[c] += (size_t) members[c];
    }
}

static void
assign_labels (KmLloyd *lloyd,
               int      exact)
{
  const KmSolution *solution = lloyd->solution;
  int               n_dims   = lloyd->cells->n_dims;

  for (int c = 0; c < solution->n_clusters; c++)
    for (int d = 0; d < n_dims; d++)
      lloyd->centres_by_feature[d * KM_MAX_CLUSTERS + c] =
        solution->centres[c * n_dims + d];

  km_parallel_blocks (lloyd->settings, lloyd->n_blocks,
                      exact ? assign_exact_block : assign_bounded_block, lloyd);
  gather_block_sums (lloyd, exact);
}

/* The cell to move into an empty cluster, after an exact assignment: the
 * farthest from its centre among clusters that can spare one.
 *
 * All those distances are zero only when squared distances underflow float
 * (cells closer than about 1e-19 in every feature).  Then any cell that
 * shares its cluster and differs, bit for bit, from that cluster's centre
 * will do, and one exists while a cluster is empty: some cluster holds two
 * cells, and two cells cannot both equal its centre.  This takes one
 * pass; looking for a cell equal to no centre, as before, took K
 * comparisons a cell for each empty cluster, which the fuzzer found
 * running for seconds (K=254, 640 points, every centre refilled in every
 * iteration since the exact assignment empties them again). */
static size_t
pick_cell_for_empty_cluster (const KmLloyd *lloyd)
{
  const KmCells    *cells    = lloyd->cells;
  const KmSolution *solution = lloyd->solution;
  int               n_dims   = cells->n_dims;
  float             farthest = 0.0f;
  size_t            pick     = SIZE_MAX;

  for (size_t v = 0; v < cells->n_cells; v++)
    if (lloyd->upper[v] > farthest && lloyd->members[solution->labels[v]] > 1)
      {
        farthest = lloyd->upper[v];
        pick     = v;
      }

  for (size_t v = 0; v < cells->n_cells && pick == SIZE_MAX; v++)
    if (lloyd->members[solution->labels[v]] > 1 &&
        memcmp (&cells->means[v * n_dims],
                &solution->centres[solution->labels[v] * n_dims],
                n_dims * sizeof (float)) != 0)
      pick = v;

  return pick;
}

/* Fixed clusters (km_settings_set_initial_centres()) may stay empty: they
 * are never refilled. */
static int
has_empty_cluster (const KmLloyd *lloyd)
{
  for (int c = 0; c < lloyd->solution->n_clusters; c++)
    if (lloyd->members[c] == 0 && ! lloyd->settings->fixed[c])
      return 1;
  return 0;
}

/* Re-seeds empty clusters after an exact assignment and recomputes the
 * sums.  A cluster stays empty only when the cells cannot be told apart
 * in float arithmetic; the caller drops such clusters. */
static void
refill_empty_clusters (KmLloyd *lloyd)
{
  const KmCells *cells    = lloyd->cells;
  KmSolution    *solution = lloyd->solution;
  int            n_dims   = cells->n_dims;

  for (int c = 0; c < solution->n_clusters; c++)
    {
      size_t v;

      if (lloyd->members[c] > 0 || lloyd->settings->fixed[c])
        continue;

      v = pick_cell_for_empty_cluster (lloyd);
      if (v == SIZE_MAX)
        continue;

      lloyd->members[solution->labels[v]]--;
      solution->labels[v] = (uint8_t) c;
      lloyd->members[c]   = 1;
      lloyd->upper[v]     = 0.0f;
      memcpy (&solution->centres[c * n_dims], &cells->means[v * n_dims],
              n_dims * sizeof (float));

      /* Taking the cell may have emptied its old cluster: look again. */
      c = -1;
    }
}

/* The sums from scratch for the current labels, in block order. */
static void
sum_block (size_t block,
           void  *data)
{
  KmLloyd *lloyd = data;
  size_t   start, end;

  km_block_range (block, KM_BLOCK_CELLS, lloyd->cells->n_cells, &start, &end);
  clear_block_sums (lloyd, block);
  for (size_t v = start; v < end; v++)
    add_to_block_sums (lloyd, block, v, lloyd->solution->labels[v], 1.0);
}

static void
recompute_sums (KmLloyd *lloyd)
{
  km_parallel_blocks (lloyd->settings, lloyd->n_blocks, sum_block, lloyd);
  gather_block_sums (lloyd, 1);
}

/* Moves each centre to the weighted mean of its cells and prepares the
 * bounds' updates; returns the largest distance a centre moved. */
static double
update_centres (KmLloyd *lloyd)
{
  KmSolution *solution = lloyd->solution;
  int         n_dims   = lloyd->cells->n_dims;
  int         k        = solution->n_clusters;
  double      shift    = 0.0;

  float max_moved      = 0.0f;
  float second_moved   = 0.0f;
  int   farthest_mover = -1;

  for (int c = 0; c < k; c++)
    {
      const double *sums   = &lloyd->sums[c * lloyd->stride];
      double        mass   = sums[n_dims];
      double        moved2 = 0.0;
      float         moved;

      lloyd->moved[c] = 0.0f;
      if (! (mass > 0.0) || lloyd->members[c] == 0 || lloyd->settings->fixed[c])
        continue;

      for (int d = 0; d < n_dims; d++)
        {
          float  mean = (float) (sums[d] / mass);
          double diff = (double) mean - solution->centres[c * n_dims + d];

          moved2 += diff * diff;
          solution->centres[c * n_dims + d] = mean;
        }

      /* Rounded up a little, so the bounds stay bounds in float. */
      moved           = (float) sqrt (moved2) * 1.0001f;
      lloyd->moved[c] = moved;
      if (moved > max_moved)
        {
          second_moved   = max_moved;
          max_moved      = moved;
          farthest_mover = c;
        }
      else if (moved > second_moved)
        second_moved = moved;

      if (moved2 > shift)
        shift = moved2;
    }

  for (int c = 0; c < k; c++)
    {
      float gap2 = INFINITY;

      lloyd->loosen[c] = c == farthest_mover ? second_moved : max_moved;

      for (int o = 0; o < k; o++)
        if (o != c)
          {
            float d = km_distance2 (&solution->centres[c * n_dims],
                                    &solution->centres[o * n_dims], n_dims);

            if (d < gap2)
              gap2 = d;
          }
      lloyd->half_gap[c] = 0.5f * sqrtf (gap2) * 0.9999f;
    }

  return sqrt (shift);
}

static void
lloyd_clear (KmLloyd *lloyd)
{
  free (lloyd->upper);
  free (lloyd->lower);
  free (lloyd->moved);
  free (lloyd->loosen);
  free (lloyd->half_gap);
  free (lloyd->centres_by_feature);
  free (lloyd->sums);
  free (lloyd->members);
  free (lloyd->block_sums);
  free (lloyd->block_members);
}

KmStatus
km_lloyd_run (const KmCells    *cells,
              const KmSettings *settings,
              KmSolution       *solution,
              int               restart)
{
  KmLloyd lloyd = { 0 };
  size_t  n     = cells->n_cells;
  int     k     = solution->n_clusters;
  int     fresh;

  lloyd.cells              = cells;
  lloyd.settings           = settings;
  lloyd.solution           = solution;
  lloyd.n_blocks           = km_n_blocks (n, KM_BLOCK_CELLS);
  lloyd.stride             = cells->n_dims + 1;
  lloyd.upper              = malloc (n * sizeof (float));
  lloyd.lower              = malloc (n * sizeof (float));
  lloyd.moved              = malloc (k * sizeof (float));
  lloyd.loosen             = malloc (k * sizeof (float));
  lloyd.half_gap           = malloc (k * sizeof (float));
  lloyd.centres_by_feature = malloc (KM_MAX_DIMS * KM_MAX_CLUSTERS * sizeof (float));
  lloyd.sums               = malloc (k * lloyd.stride * sizeof (double));
  lloyd.members            = malloc (k * sizeof (size_t));
  lloyd.block_sums         = malloc (lloyd.n_blocks * k * lloyd.stride * sizeof (double));
  lloyd.block_members      = malloc (lloyd.n_blocks * k * sizeof (int64_t));

  if (! lloyd.upper || ! lloyd.lower || ! lloyd.moved || ! lloyd.loosen ||
      ! lloyd.half_gap || ! lloyd.centres_by_feature || ! lloyd.sums || ! lloyd.members ||
      ! lloyd.block_sums || ! lloyd.block_members)
    {
      lloyd_clear (&lloyd);
      return KM_STATUS_OUT_OF_MEMORY;
    }

  /* After an exact assignment the upper bounds are exact distances. */
  assign_labels (&lloyd, 1);
  fresh                = 1;
  solution->iterations = 0;

  while (solution->iterations < settings->max_iterations)
    {
      double shift;
      int    jumped = 0;

      if (settings->cancelled && settings->cancelled (settings->cancel_data))
        {
          lloyd_clear (&lloyd);
          return KM_STATUS_CANCELLED;
        }

      /* Refilling moves a centre by a jump the bounds do not follow: the
       * next assignment is an exact one. */
      if (has_empty_cluster (&lloyd))
        {
          if (! fresh)
            assign_labels (&lloyd, 1);
          refill_empty_clusters (&lloyd);
          recompute_sums (&lloyd);
          jumped = 1;
        }

      shift = update_centres (&lloyd);
      assign_labels (&lloyd, jumped);
      fresh = jumped;
      solution->iterations++;

      if (settings->progress)
        {
          double restarts_done = restart + (double) solution->iterations / settings->max_iterations;

          settings->progress (restarts_done / settings->restarts, settings->progress_data);
        }

      if (shift <= settings->tolerance && ! has_empty_cluster (&lloyd))
        break;
    }

  /* The final labels come from an exact assignment, as every point's label
   * will.  It may empty a cluster: refill it and let the centres follow,
   * a few times at most. */
  assign_labels (&lloyd, 1);
  for (int round = 0; round < 3 && has_empty_cluster (&lloyd); round++)
    {
      refill_empty_clusters (&lloyd);
      recompute_sums (&lloyd);
      update_centres (&lloyd);
      assign_labels (&lloyd, 1);
    }

  lloyd_clear (&lloyd);
  return KM_STATUS_OK;
}
