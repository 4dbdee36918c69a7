/* fuzz-core.c — a libFuzzer target for the clustering core (core/kmeans.h).
 *
 * The input bytes become settings (K, iterations, tolerance, restarts,
 * seed, a parallel hook that splits the work into 1 to 15 ranges) and a
 * point set: either raw float bits (so NaN, ±Inf, denormals and huge values
 * all appear) or bytes coded through a table of awkward values (so equal
 * points, signed zeros and the limits of the contract appear often).  The
 * target then checks what kmeans.h promises, never only that it returned:
 *
 *  - a setter accepts exactly the values its comment allows;
 *  - km_cluster fails with NO_POINTS exactly when no point takes part;
 *  - labels are KM_LABEL_NONE exactly for the points that take no part,
 *    and in range for the others;
 *  - exactly min (K, cells) clusters (fewer only where kmeans.h allows it:
 *    cells holding several distinct vectors), a shortfall exactly when
 *    below K, and the cell count equals one computed here;
 *  - every label is the nearest centre, and km_result_label_points gives
 *    the same labels again;
 *  - every cluster is non-empty (same exception), its size and weight match
 *    its labels, and the weights add up to the total weight of the points
 *    that take part;
 *  - centres are finite and inside the points' bounding box;
 *  - inertia is finite and equals a recomputation from labels and centres;
 *  - the iterations run are within max-iterations, progress stays in [0, 1]
 *    and never goes back;
 *  - a second run with a different split of the parallel work gives a
 *    bit-identical result.
 *
 * The same file builds two ways: with -fsanitize=fuzzer for fuzzing, and
 * with tests/fuzz/replay.c as a plain program that replays the committed
 * corpus in every test run (sanitizers and valgrind included). */

#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmeans.h"

#define MAX_POINTS 4096

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
fail (const char *format,
      ...)
{
  va_list args;

  va_start (args, format);
  fputs ("fuzz-core: invariant broken: ", stderr);
  vfprintf (stderr, format, args);
  fputc ('\n', stderr);
  va_end (args);
  abort ();
}

#define REQUIRE(condition, ...) \
  do                            \
    {                           \
      if (! (condition))        \
        fail (__VA_ARGS__);     \
    }                           \
  while (0)

typedef struct
{
  const uint8_t *data;
  size_t         size;
} Reader;

static uint8_t
read_byte (Reader *reader)
{
  uint8_t byte = 0;

  if (reader->size > 0)
    {
      byte = reader->data[0];
      reader->data++;
      reader->size--;
    }
  return byte;
}

static void
read_bytes (Reader *reader,
            void   *out,
            size_t  n)
{
  uint8_t *bytes = out;

  for (size_t i = 0; i < n; i++)
    bytes[i] = read_byte (reader);
}

/* Values that sit on the edges of the core's contract. */
static float
coded_value (uint8_t code)
{
  static const float table[32] = {
    0.0f, -0.0f, 1.0f, -1.0f, 0.5f, 2.0f, 3.0f, 100.0f,
    -100.0f, 1e-3f, 1e-45f, FLT_MIN, 1e18f, -1e18f, 1.5e18f, 1e19f,
    FLT_MAX, -FLT_MAX, INFINITY, -INFINITY, NAN, 255.0f, 128.0f, 0.1f,
    0.2f, 1e-20f, 7.0f, 42.0f, 1e9f, 65535.0f, 3e-39f, 1.0000001f
  };

  return table[code % 32];
}

static float
read_value (Reader *reader,
            int     coded)
{
  float value;

  if (coded)
    return coded_value (read_byte (reader));

  read_bytes (reader, &value, sizeof value);
  return value;
}

/* What the fuzzer chose, besides the points. */
typedef struct
{
  int      n_dims;
  int      n_clusters;
  int      max_iterations;
  int      restarts;
  int      n_ranges; /* 0: no parallel hook */
  uint64_t seed;
  double   tolerance;
  int      has_weights;
  size_t   stride; /* floats per point: features, weight, padding */
} Plan;

static void
read_plan (Reader *reader,
           Plan   *plan,
           int    *coded)
{
  static const int dims_by_code[8] = { 1, 2, 3, 4, 5, 0, 6, 3 };
  uint8_t          flags;

  plan->n_dims         = dims_by_code[read_byte (reader) % 8];
  plan->n_clusters     = read_byte (reader); /* 0 and 255 are invalid */
  plan->max_iterations = read_byte (reader); /* 0 is invalid */
  plan->max_iterations = plan->max_iterations == 0 ? 0 : 1 + plan->max_iterations % 40;
  plan->restarts       = read_byte (reader) % 4; /* 0 is invalid */
  plan->n_ranges       = read_byte (reader) % 16;
  flags                = read_byte (reader);
  read_bytes (reader, &plan->seed, sizeof plan->seed);

  plan->has_weights = flags & 1;
  *coded            = (flags >> 1) & 1;
  plan->stride      = (size_t) plan->n_dims + 1 + ((flags >> 2) & 1);

  /* Raw bits reach NaN, ±Inf and negative tolerances; the common case is a
   * small tolerance that lets Lloyd converge. */
  if (flags & 8)
    read_bytes (reader, &plan->tolerance, sizeof plan->tolerance);
  else
    plan->tolerance = read_byte (reader) * 1e-3;
}

/* The parallel hook: the items split into plan->n_ranges ranges, run last
 * range first, so a result that depends on the split or the order shows. */
static void
reversed_ranges (size_t      n_items,
                 KmRangeFunc func,
                 void       *func_data,
                 void       *hook_data)
{
  const Plan *plan     = hook_data;
  size_t      n_ranges = (size_t) plan->n_ranges;
  size_t      covered  = n_items;

  for (size_t r = n_ranges; r > 0; r--)
    {
      size_t start = n_items * (r - 1) / n_ranges;

      if (covered > start)
        func (start, covered - start, func_data);
      covered = start;
    }
}

typedef struct
{
  double last;
  int    calls;
} Progress;

static void
check_progress (double fraction,
                void  *data)
{
  Progress *progress = data;

  REQUIRE (fraction >= 0.0 && fraction <= 1.0, "progress %g outside [0, 1]", fraction);
  REQUIRE (fraction >= progress->last, "progress went back from %g to %g",
           progress->last, fraction);
  progress->last = fraction;
  progress->calls++;
}

static int
takes_part (const float *point,
            int          n_dims,
            float        weight)
{
  if (! (weight > 0.0f) || ! isfinite (weight))
    return 0;
  for (int d = 0; d < n_dims; d++)
    if (! (fabsf (point[d]) <= KM_MAX_ABS_FEATURE))
      return 0;
  return 1;
}

static int sort_dims;

/* Orders vectors by their bits, as the core tells cells and vectors apart
 * (after making -0 +0). */
static int
compare_points (const void *a,
                const void *b)
{
  const float *first  = a;
  const float *second = b;

  for (int d = 0; d < sort_dims; d++)
    {
      uint32_t x, y;

      memcpy (&x, &first[d], sizeof x);
      memcpy (&y, &second[d], sizeof y);
      if (x != y)
        return x < y ? -1 : 1;
    }
  return 0;
}

/* The cell of a vector (with -0 made +0) as kmeans.h defines it: each
 * feature's mantissa cut to KM_CELL_MANTISSA_BITS bits. */
static void
cell_of (float *vector,
         int    n_dims)
{
  const uint32_t mask = ~((UINT32_C (1) << (23 - KM_CELL_MANTISSA_BITS)) - 1);

  for (int d = 0; d < n_dims; d++)
    {
      uint32_t bits;

      memcpy (&bits, &vector[d], sizeof bits);
      bits &= mask;
      memcpy (&vector[d], &bits, sizeof bits);
    }
}

/* Distinct feature vectors among the points that take part, by value (so
 * -0 equals +0), or their distinct cells; counted by sorting a copy. */
static size_t
count_distinct (const float *points,
                const float *weights,
                size_t       n_points,
                const Plan  *plan,
                int          cells)
{
  float *copy     = malloc ((n_points ? n_points : 1) * plan->n_dims * sizeof (float));
  size_t n        = 0;
  size_t distinct = 0;

  for (size_t i = 0; i < n_points; i++)
    {
      const float *point = &points[i * plan->stride];

      if (takes_part (point, plan->n_dims, weights ? weights[i * plan->stride] : 1.0f))
        {
          for (int d = 0; d < plan->n_dims; d++)
            copy[n * plan->n_dims + d] = point[d] + 0.0f;
          if (cells)
            cell_of (&copy[n * plan->n_dims], plan->n_dims);
          n++;
        }
    }

  sort_dims = plan->n_dims;
  qsort (copy, n, plan->n_dims * sizeof (float), compare_points);
  for (size_t i = 0; i < n; i++)
    if (i == 0 || compare_points (&copy[(i - 1) * plan->n_dims],
                                  &copy[i * plan->n_dims]) != 0)
      distinct++;

  free (copy);
  return distinct;
}

/* The squared distance in double: the target's own oracle on purpose,
 * independent of the core's code, and of tests/core-test-util.c, which
 * needs GLib (this target does without). */
static double
distance2 (const float *a,
           const float *b,
           int          n_dims)
{
  double sum = 0.0;

  for (int d = 0; d < n_dims; d++)
    {
      double diff = (double) a[d] - b[d];

      sum += diff * diff;
    }
  return sum;
}

/* Whether two different points that take part have a squared distance
 * that underflows float (kmeans.h counts them as one).  Quadratic, so only
 * asked when a result has fewer clusters than cells. */
static int
has_inseparable_pair (const float *points,
                      const float *weights,
                      size_t       n_points,
                      const Plan  *plan)
{
  int n_dims = plan->n_dims;

  for (size_t i = 0; i < n_points; i++)
    for (size_t j = i + 1; j < n_points; j++)
      {
        const float *a     = &points[i * plan->stride];
        const float *b     = &points[j * plan->stride];
        float        d2    = 0.0f;
        int          equal = 1;

        if (! takes_part (a, n_dims, weights ? weights[i * plan->stride] : 1.0f) ||
            ! takes_part (b, n_dims, weights ? weights[j * plan->stride] : 1.0f))
          continue;
        for (int d = 0; d < n_dims; d++)
          {
            d2 += (a[d] - b[d]) * (a[d] - b[d]);
            equal = equal && a[d] == b[d];
          }
        if (d2 == 0.0f && ! equal)
          return 1;
      }
  return 0;
}

static KmSettings *
make_settings (const Plan *plan,
               int         with_hook,
               Progress   *progress)
{
  KmSettings *settings = km_settings_new ();
  KmStatus    status;

  REQUIRE (settings != NULL, "km_settings_new returned NULL");

  status = km_settings_set_n_clusters (settings, plan->n_clusters);
  REQUIRE ((status == KM_STATUS_OK) ==
             (plan->n_clusters >= 1 && plan->n_clusters <= KM_MAX_CLUSTERS),
           "set_n_clusters (%d) returned %d", plan->n_clusters, status);

  status = km_settings_set_max_iterations (settings, plan->max_iterations);
  REQUIRE ((status == KM_STATUS_OK) == (plan->max_iterations >= 1),
           "set_max_iterations (%d) returned %d", plan->max_iterations, status);

  status = km_settings_set_restarts (settings, plan->restarts);
  REQUIRE ((status == KM_STATUS_OK) == (plan->restarts >= 1),
           "set_restarts (%d) returned %d", plan->restarts, status);

  status = km_settings_set_tolerance (settings, plan->tolerance);
  REQUIRE ((status == KM_STATUS_OK) ==
             (isfinite (plan->tolerance) && plan->tolerance >= 0.0),
           "set_tolerance (%g) returned %d", plan->tolerance, status);

  km_settings_set_seed (settings, plan->seed);
  if (with_hook && plan->n_ranges > 0)
    km_settings_set_parallel (settings, reversed_ranges, (void *) plan);
  km_settings_set_progress (settings, check_progress, progress);

  return settings;
}

/* The settings actually in force: invalid values were refused, so the
 * defaults documented in kmeans.h stay. */
static int
effective_clusters (const Plan *plan)
{
  return plan->n_clusters >= 1 && plan->n_clusters <= KM_MAX_CLUSTERS ? plan->n_clusters : 8;
}

static int
effective_iterations (const Plan *plan)
{
  return plan->max_iterations >= 1 ? plan->max_iterations : 100;
}

static void
check_result (const KmResult *result,
              const float    *points,
              const float    *weights,
              size_t          n_points,
              const Plan     *plan)
{
  int            n_dims     = plan->n_dims;
  int            k          = km_result_get_n_clusters (result);
  int            wanted     = effective_clusters (plan);
  size_t         distinct   = count_distinct (points, weights, n_points, plan, 0);
  size_t         cells      = count_distinct (points, weights, n_points, plan, 1);
  size_t         expected_k = (size_t) wanted < cells ? (size_t) wanted : cells;
  /* When every cell holds one distinct vector, clustering the cells is
   * clustering the points; otherwise kmeans.h allows a cluster to lose all
   * its points to the exact labelling pass, in rare cases. */
  int            exact_cells = cells == distinct;
  uint8_t       *relabelled  = malloc (n_points ? n_points : 1);
  const uint8_t *labels      = km_result_get_labels (result);
  const float   *centres     = km_result_get_centres (result);
  const double  *c_weights   = km_result_get_cluster_weights (result);
  const size_t  *c_sizes     = km_result_get_cluster_sizes (result);
  double         inertia     = km_result_get_inertia (result);
  /* What the result states, recomputed here from the labels. */
  double         recomputed                 = 0.0;
  double         total_weight               = 0.0;
  double         weight_of[KM_MAX_CLUSTERS] = { 0 };
  size_t         size_of[KM_MAX_CLUSTERS]   = { 0 };
  float          low[KM_MAX_DIMS], high[KM_MAX_DIMS];
  double         weight_sum    = 0.0;
  size_t         size_sum      = 0;
  size_t         n_taking_part = 0;
  KmStatus       status;

  REQUIRE (km_result_get_n_points (result) == n_points, "n_points %zu, expected %zu",
           km_result_get_n_points (result), n_points);
  REQUIRE (km_result_get_n_dims (result) == n_dims, "n_dims %d, expected %d",
           km_result_get_n_dims (result), n_dims);
  REQUIRE (km_result_get_n_distinct (result) == cells,
           "n_distinct %zu, but the points fall in %zu cells",
           km_result_get_n_distinct (result), cells);

  /* Exactly K, or as many as there are cells, and the reason. */
  REQUIRE ((size_t) k == expected_k ||
             ((size_t) k < expected_k &&
              (! exact_cells || has_inseparable_pair (points, weights, n_points, plan))),
           "%d clusters for K=%d and %zu cells (%zu distinct vectors)", k, wanted,
           cells, distinct);
  REQUIRE ((km_result_get_shortfall (result) == KM_SHORTFALL_NONE) == (k == wanted),
           "shortfall %d with %d of %d clusters",
           km_result_get_shortfall (result), k, wanted);

  REQUIRE (km_result_get_iterations (result) >= 0 &&
             km_result_get_iterations (result) <= effective_iterations (plan),
           "%d iterations, max %d", km_result_get_iterations (result),
           effective_iterations (plan));

  for (int d = 0; d < n_dims; d++)
    {
      low[d]  = INFINITY;
      high[d] = -INFINITY;
    }

  for (size_t i = 0; i < n_points; i++)
    {
      const float *point  = &points[i * plan->stride];
      float        weight = weights ? weights[i * plan->stride] : 1.0f;
      double       d2     = 0.0;
      double       own;

      if (! takes_part (point, n_dims, weight))
        {
          REQUIRE (labels[i] == KM_LABEL_NONE,
                   "point %zu takes no part but has label %d", i, labels[i]);
          continue;
        }
      REQUIRE (labels[i] < k, "point %zu has label %d of %d clusters", i, labels[i], k);

      /* The nearest centre, up to the rounding of float distances. */
      own = distance2 (point, &centres[labels[i] * n_dims], n_dims);
      for (int c = 0; c < k; c++)
        {
          double other = distance2 (point, &centres[c * n_dims], n_dims);

          REQUIRE (own <= other * (1.0 + 1e-5) + 1e-37,
                   "point %zu is labelled %d at distance² %.9g, but centre %d is at %.9g",
                   i, labels[i], own, c, other);
        }

      for (int d = 0; d < n_dims; d++)
        {
          double diff = (double) point[d] - centres[labels[i] * n_dims + d];

          d2 += diff * diff;
          low[d]  = fminf (low[d], point[d]);
          high[d] = fmaxf (high[d], point[d]);
        }
      n_taking_part++;
      recomputed += weight * d2;
      total_weight += weight;
      weight_of[labels[i]] += weight;
      size_of[labels[i]]++;
    }

  for (int c = 0; c < k; c++)
    {
      REQUIRE (c_sizes[c] > 0 || ! exact_cells, "cluster %d is empty", c);
      REQUIRE (c_sizes[c] == size_of[c], "cluster %d says %zu points, labels say %zu",
               c, c_sizes[c], size_of[c]);
      REQUIRE (fabs (c_weights[c] - weight_of[c]) <= 1e-9 * weight_of[c],
               "cluster %d weighs %.17g, its points %.17g", c, c_weights[c], weight_of[c]);
      for (int d = 0; d < n_dims; d++)
        {
          float  centre = centres[c * n_dims + d];
          /* The core moves points between clusters by adding to and
           * subtracting from running sums, which keep rounding residues of
           * the order of the largest feature × 2^-53 (the fuzzer found a
           * centre at -4.9e-16 for points in [-2.4e-41, 298]). */
          double slack = 1e-9 * fmax (fabs (low[d]), fabs (high[d]));

          REQUIRE (isfinite (centre), "centre %d has a non-finite feature", c);
          REQUIRE (centre >= low[d] - slack && centre <= high[d] + slack,
                   "centre %d feature %d = %g outside the points' range [%g, %g]",
                   c, d, centre, low[d], high[d]);
        }
      weight_sum += c_weights[c];
      size_sum += c_sizes[c];
    }
  REQUIRE (size_sum == n_taking_part, "cluster sizes sum to %zu, %zu points take part",
           size_sum, n_taking_part);
  REQUIRE (fabs (weight_sum - total_weight) <= 1e-9 * total_weight,
           "cluster weights sum to %.17g, the points weigh %.17g", weight_sum, total_weight);

  /* Labelling the same points again gives the same labels. */
  status = km_result_label_points (result, points, n_points, plan->stride, relabelled);
  REQUIRE (status == KM_STATUS_OK, "km_result_label_points failed");
  for (size_t i = 0; i < n_points; i++)
    if (labels[i] != KM_LABEL_NONE)
      REQUIRE (relabelled[i] == labels[i], "point %zu relabelled %d, was %d",
               i, relabelled[i], labels[i]);
  free (relabelled);

  /* The core sums float distances, recomputed here in double: they agree
   * to float precision, plus the rounding of distances near underflow. */
  REQUIRE (isfinite (inertia) && inertia >= 0.0, "inertia %g", inertia);
  REQUIRE (fabs (inertia - recomputed) <= 1e-5 * recomputed + 1e-44 * n_dims * total_weight,
           "inertia %.17g, recomputed %.17g", inertia, recomputed);
}

static void
require_identical (const KmResult *first,
                   const KmResult *second,
                   size_t          n_points)
{
  int k      = km_result_get_n_clusters (first);
  int n_dims = km_result_get_n_dims (first);

  REQUIRE (k == km_result_get_n_clusters (second), "cluster count depends on the split");
  REQUIRE (memcmp (km_result_get_labels (first), km_result_get_labels (second),
                   n_points) == 0,
           "labels depend on the split");
  REQUIRE (memcmp (km_result_get_centres (first), km_result_get_centres (second),
                   (size_t) k * n_dims * sizeof (float)) == 0,
           "centres depend on the split");
  REQUIRE (memcmp (km_result_get_cluster_weights (first),
                   km_result_get_cluster_weights (second), k * sizeof (double)) == 0,
           "cluster weights depend on the split");
  REQUIRE (km_result_get_inertia (first) == km_result_get_inertia (second),
           "inertia depends on the split");
  REQUIRE (km_result_get_iterations (first) == km_result_get_iterations (second),
           "iterations depend on the split");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  Reader       reader = { data, size };
  Plan         plan;
  int          coded;
  size_t       n_values, n_points, n_any = 0;
  float       *points;
  const float *weights;
  KmSettings  *settings;
  KmResult    *result = NULL, *again = NULL;
  Progress     progress = { 0.0, 0 }, progress_again = { 0.0, 0 };
  KmStatus     status;

  read_plan (&reader, &plan, &coded);

  n_values = coded ? reader.size : reader.size / sizeof (float);
  n_points = n_values / (size_t) (plan.n_dims > 0 ? plan.n_dims + plan.has_weights : 1);
  if (n_points > MAX_POINTS)
    n_points = MAX_POINTS;

  points = calloc (n_points ? n_points * plan.stride : 1, sizeof (float));
  REQUIRE (points != NULL, "out of memory in the target");
  for (size_t i = 0; i < n_points; i++)
    {
      float *point = &points[i * plan.stride];

      for (int d = 0; d < plan.n_dims; d++)
        point[d] = read_value (&reader, coded);
      /* The weight sits right after the features, as the plug-in's alpha. */
      point[plan.n_dims] = plan.has_weights ? read_value (&reader, coded) : 1.0f;
    }
  weights = plan.has_weights ? &points[plan.n_dims] : NULL;

  settings = make_settings (&plan, 1, &progress);
  status   = km_cluster (settings, n_points ? points : NULL, n_points, plan.n_dims,
                         plan.stride, weights, plan.stride, &result);
  km_settings_free (settings);

  if (plan.n_dims < 1 || plan.n_dims > KM_MAX_DIMS)
    {
      REQUIRE (status == KM_STATUS_INVALID_ARGUMENT && result == NULL,
               "n_dims %d accepted (status %d)", plan.n_dims, status);
      free (points);
      return 0;
    }

  for (size_t i = 0; i < n_points; i++)
    n_any += takes_part (&points[i * plan.stride], plan.n_dims,
                         weights ? weights[i * plan.stride] : 1.0f);

  if (n_any == 0)
    {
      REQUIRE (status == KM_STATUS_NO_POINTS && result == NULL,
               "no point takes part, yet status %d", status);
      free (points);
      return 0;
    }
  REQUIRE (status == KM_STATUS_OK && result != NULL, "km_cluster failed: %s",
           km_status_message (status));

  check_result (result, points, weights, n_points, &plan);

  /* Same input and seed, the work run in one piece: the same bits. */
  settings = make_settings (&plan, 0, &progress_again);
  status   = km_cluster (settings, points, n_points, plan.n_dims, plan.stride,
                         weights, plan.stride, &again);
  km_settings_free (settings);
  REQUIRE (status == KM_STATUS_OK, "second run failed: %s", km_status_message (status));
  require_identical (result, again, n_points);
  REQUIRE (progress.calls == progress_again.calls, "progress calls depend on the split");

  km_result_free (again);
  km_result_free (result);
  free (points);
  return 0;
}
