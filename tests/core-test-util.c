/* core-test-util.c — what the core's GLib tests share (see the header). */

#include <float.h>
#include <math.h>

#include "core-test-util.h"

TestPoints
packed_points (const float *points,
               size_t       n_points,
               int          n_dims,
               const float *weights)
{
  TestPoints packed = { points, n_points, n_dims, (size_t) n_dims, weights, 1 };

  return packed;
}

KmResult *
cluster (const TestPoints *points,
         int               k,
         guint64           seed,
         KmParallelHook    hook)
{
  KmSettings *settings = km_settings_new ();
  KmResult   *result   = NULL;

  g_assert_cmpint (km_settings_set_n_clusters (settings, k), ==, KM_STATUS_OK);
  km_settings_set_seed (settings, seed);
  km_settings_set_parallel (settings, hook, NULL);
  g_assert_cmpint (km_cluster (settings, points->points, points->n_points, points->n_dims,
                               points->point_stride, points->weights, points->weight_stride,
                               &result),
                   ==, KM_STATUS_OK);
  km_settings_free (settings);
  return result;
}

typedef struct
{
  KmRangeFunc func;
  void       *func_data;
  size_t      offset;
  size_t      count;
} TestRange;

static gpointer
run_range (gpointer data)
{
  TestRange *range = data;

  range->func (range->offset, range->count, range->func_data);
  return NULL;
}

void
real_threads (size_t      n_items,
              KmRangeFunc func,
              void       *func_data,
              void       *hook_data)
{
  int       n_threads = GPOINTER_TO_INT (hook_data);
  TestRange ranges[16];
  GThread  *threads[16];
  size_t    weights_total = (size_t) n_threads * (n_threads + 1) / 2;
  size_t    offset        = 0;

  g_assert_cmpint (n_threads, >=, 2);
  g_assert_cmpint (n_threads, <=, 16);
  for (int r = 0; r < n_threads; r++)
    {
      /* Range r gets a share growing with r: uneven on purpose. */
      size_t end = r == n_threads - 1 ? n_items
                                      : offset + n_items * (size_t) (r + 1) / weights_total;

      ranges[r] = (TestRange) { func, func_data, offset, end - offset };
      offset    = end;
    }
  for (int r = n_threads - 1; r >= 0; r--)
    threads[r] = ranges[r].count > 0 ? g_thread_new ("range", run_range, &ranges[r])
                                     : NULL;
  for (int r = 0; r < n_threads; r++)
    if (threads[r])
      g_thread_join (threads[r]);
}

double
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

static const float *
point_at (const TestPoints *points,
          size_t            i)
{
  return &points->points[i * points->point_stride];
}

static float
weight_of (const TestPoints *points,
           size_t            i)
{
  return points->weights ? points->weights[i * points->weight_stride] : 1.0f;
}

gboolean
point_takes_part (const TestPoints *points,
                  size_t            i)
{
  float weight = weight_of (points, i);

  if (! (weight > 0.0f && weight <= FLT_MAX))
    return FALSE;
  for (int d = 0; d < points->n_dims; d++)
    if (! (fabsf (point_at (points, i)[d]) <= KM_MAX_ABS_FEATURE))
      return FALSE;
  return TRUE;
}

void
assert_labels_are_nearest (const KmResult   *result,
                           const TestPoints *points)
{
  const uint8_t *labels  = km_result_get_labels (result);
  const float   *centres = km_result_get_centres (result);
  int            k       = km_result_get_n_clusters (result);
  int            n_dims  = points->n_dims;

  g_assert_cmpuint (km_result_get_n_points (result), ==, points->n_points);
  for (size_t i = 0; i < points->n_points; i++)
    {
      double nearest = INFINITY;

      if (! point_takes_part (points, i))
        {
          g_assert_cmpuint (labels[i], ==, KM_LABEL_NONE);
          continue;
        }

      g_assert_cmpuint (labels[i], <, k);
      for (int c = 0; c < k; c++)
        nearest = MIN (nearest, distance2 (point_at (points, i), &centres[c * n_dims], n_dims));
      /* Float and double rounding may disagree on near-ties only. */
      g_assert_cmpfloat (distance2 (point_at (points, i), &centres[labels[i] * n_dims], n_dims),
                         <=, nearest * (1.0 + 1e-6));
    }
}

void
assert_statistics_agree (const KmResult   *result,
                         const TestPoints *points)
{
  const uint8_t *labels  = km_result_get_labels (result);
  const float   *centres = km_result_get_centres (result);
  int            k       = km_result_get_n_clusters (result);
  int            n_dims  = points->n_dims;
  /* What the result states, summed here over the labels. */
  double         weights[KM_MAX_CLUSTERS] = { 0 };
  size_t         sizes[KM_MAX_CLUSTERS]   = { 0 };
  double         inertia                  = 0.0;

  for (size_t i = 0; i < points->n_points; i++)
    {
      if (labels[i] == KM_LABEL_NONE)
        continue;
      weights[labels[i]] += weight_of (points, i);
      sizes[labels[i]]++;
      inertia += weight_of (points, i) *
                 distance2 (point_at (points, i), &centres[labels[i] * n_dims], n_dims);
    }

  for (int c = 0; c < k; c++)
    {
      g_assert_cmpuint (km_result_get_cluster_sizes (result)[c], ==, sizes[c]);
      g_assert_cmpfloat (fabs (km_result_get_cluster_weights (result)[c] - weights[c]),
                         <=, 1e-6 * weights[c]);
    }
  g_assert_cmpfloat (fabs (km_result_get_inertia (result) - inertia), <=, 1e-5 * inertia);
}

void
assert_same_result (const KmResult *a,
                    const KmResult *b)
{
  int k      = km_result_get_n_clusters (a);
  int n_dims = km_result_get_n_dims (a);

  g_assert_cmpint (km_result_get_n_clusters (b), ==, k);
  g_assert_cmpint (km_result_get_n_dims (b), ==, n_dims);
  g_assert_cmpint (km_result_get_shortfall (a), ==, km_result_get_shortfall (b));
  g_assert_cmpint (km_result_get_iterations (a), ==, km_result_get_iterations (b));
  g_assert_cmpuint (km_result_get_n_distinct (a), ==, km_result_get_n_distinct (b));
  g_assert_true (km_result_get_inertia (a) == km_result_get_inertia (b));
  g_assert_cmpmem (km_result_get_centres (a), k * n_dims * sizeof (float),
                   km_result_get_centres (b), k * n_dims * sizeof (float));
  g_assert_cmpmem (km_result_get_cluster_weights (a), k * sizeof (double),
                   km_result_get_cluster_weights (b), k * sizeof (double));
  g_assert_cmpmem (km_result_get_cluster_sizes (a), k * sizeof (size_t),
                   km_result_get_cluster_sizes (b), k * sizeof (size_t));
  g_assert_cmpmem (km_result_get_labels (a), km_result_get_n_points (a),
                   km_result_get_labels (b), km_result_get_n_points (b));
}
