/* test-core.c — the clustering core's contract (core/kmeans.h). */

#include <math.h>
#include <string.h>

#include <glib.h>

#include "core-test-util.h"
#include "kmeans.h"

/* Points around the given centres, with a deterministic jitter of at most
 * `spread` per coordinate; point i belongs to centre i % n_centres. */
static float *
make_blobs (const float *centres,
            int          n_centres,
            int          n_dims,
            size_t       n_points,
            float        spread,
            guint32      seed)
{
  GRand *rand   = g_rand_new_with_seed (seed);
  float *points = g_new (float, n_points *n_dims);

  for (size_t i = 0; i < n_points; i++)
    for (int d = 0; d < n_dims; d++)
      points[i * n_dims + d] = centres[(i % n_centres) * n_dims + d] +
                               (float) g_rand_double_range (rand, -spread, spread);

  g_rand_free (rand);
  return points;
}

static void
test_recovers_separated_clusters (void)
{
  const float centres[] = { 0, 0, 0, 100, 0, 0, 0, 100, 0, 0, 0, 100, 100, 100, 100 };
  size_t      n         = 5000;
  float      *points    = make_blobs (centres, 5, 3, n, 2.0f, 1);
  TestPoints  blobs     = packed_points (points, n, 3, NULL);

  for (guint64 seed = 0; seed < 5; seed++)
    {
      KmResult      *result = cluster (&blobs, 5, seed, NULL);
      const uint8_t *labels = km_result_get_labels (result);
      int            label_of_blob[5];

      g_assert_cmpint (km_result_get_n_clusters (result), ==, 5);
      g_assert_cmpint (km_result_get_shortfall (result), ==, KM_SHORTFALL_NONE);

      /* Every blob is one cluster, and different blobs different clusters. */
      for (int b = 0; b < 5; b++)
        label_of_blob[b] = labels[b];
      for (size_t i = 0; i < n; i++)
        g_assert_cmpint (labels[i], ==, label_of_blob[i % 5]);
      for (int a = 0; a < 5; a++)
        for (int b = a + 1; b < 5; b++)
          g_assert_cmpint (label_of_blob[a], !=, label_of_blob[b]);

      /* Each centre is its blob's mean, within the jitter. */
      for (int b = 0; b < 5; b++)
        for (int d = 0; d < 3; d++)
          g_assert_cmpfloat_with_epsilon (
            km_result_get_centres (result)[label_of_blob[b] * 3 + d],
            centres[b * 3 + d], 0.2);

      g_assert_cmpuint (km_result_get_cluster_sizes (result)[label_of_blob[0]], ==, n / 5);
      km_result_free (result);
    }

  g_free (points);
}

/* Two tight blobs and K = 6: the extra clusters must still be made. */
static void
test_exact_k_with_reseeding (void)
{
  const float centres[] = { 0, 0, 50, 50 };
  size_t      n         = 400;
  float      *points    = make_blobs (centres, 2, 2, n, 0.5f, 7);
  TestPoints  blobs     = packed_points (points, n, 2, NULL);

  for (guint64 seed = 0; seed < 10; seed++)
    {
      KmResult     *result = cluster (&blobs, 6, seed, NULL);
      const size_t *sizes  = km_result_get_cluster_sizes (result);
      size_t        total  = 0;

      g_assert_cmpint (km_result_get_n_clusters (result), ==, 6);
      g_assert_cmpint (km_result_get_shortfall (result), ==, KM_SHORTFALL_NONE);
      for (int c = 0; c < 6; c++)
        {
          g_assert_cmpuint (sizes[c], >, 0);
          total += sizes[c];
        }
      g_assert_cmpuint (total, ==, n);
      km_result_free (result);
    }

  g_free (points);
}

static void
test_fewer_distinct_points_than_k (void)
{
  /* 300 points but only 3 distinct values. */
  float      points[300];
  TestPoints line;
  KmResult  *result;

  for (int i = 0; i < 300; i++)
    points[i] = (float) (i % 3) * 10.0f;

  line   = packed_points (points, 300, 1, NULL);
  result = cluster (&line, 8, 0, NULL);
  g_assert_cmpint (km_result_get_n_clusters (result), ==, 3);
  g_assert_cmpint (km_result_get_shortfall (result), ==, KM_SHORTFALL_FEW_DISTINCT_POINTS);
  g_assert_cmpuint (km_result_get_n_distinct (result), ==, 3);
  g_assert_cmpfloat (km_result_get_inertia (result), ==, 0.0);
  for (int c = 0; c < 3; c++)
    g_assert_cmpuint (km_result_get_cluster_sizes (result)[c], ==, 100);
  km_result_free (result);
}

/* A point of weight 3 acts like three copies of it. */
static void
test_weights_act_like_repeated_points (void)
{
  const float centres[] = { 0, 0, 0, 30, 30, 30, 60, 0, 60 };
  size_t      n         = 300;
  float      *points    = make_blobs (centres, 3, 3, n, 8.0f, 3);
  float      *weights   = g_new (float, n);
  float      *repeated;
  size_t      n_repeated      = 0;
  TestPoints  weighted_points = packed_points (points, n, 3, weights);
  TestPoints  repeated_points;
  KmResult   *weighted, *plain;

  for (size_t i = 0; i < n; i++)
    {
      weights[i] = (float) (1 + i % 3);
      n_repeated += 1 + i % 3;
    }
  repeated   = g_new (float, n_repeated * 3);
  n_repeated = 0;
  for (size_t i = 0; i < n; i++)
    for (size_t r = 0; r < 1 + i % 3; r++)
      memcpy (&repeated[3 * n_repeated++], &points[3 * i], 3 * sizeof (float));

  repeated_points = packed_points (repeated, n_repeated, 3, NULL);
  weighted        = cluster (&weighted_points, 3, 11, NULL);
  plain           = cluster (&repeated_points, 3, 11, NULL);

  g_assert_cmpfloat_with_epsilon (km_result_get_inertia (weighted),
                                  km_result_get_inertia (plain),
                                  1e-6 * km_result_get_inertia (plain));
  for (int c = 0; c < 3; c++)
    {
      double   wsum    = km_result_get_cluster_weights (weighted)[c];
      gboolean matched = FALSE;

      for (int p = 0; p < 3; p++)
        if (fabs (km_result_get_cluster_weights (plain)[p] - wsum) < 1e-9)
          matched = TRUE;
      g_assert_true (matched);
    }

  km_result_free (weighted);
  km_result_free (plain);
  g_free (points);
  g_free (weights);
  g_free (repeated);
}

static void
test_same_seed_same_result (void)
{
  const float centres[] = { 10, 20, 30, 40, 50, 60, 70, 80, 90, 20, 80, 20 };
  size_t      n         = 3000;
  float      *points    = make_blobs (centres, 4, 3, n, 25.0f, 5);
  TestPoints  blobs     = packed_points (points, n, 3, NULL);
  KmResult   *first     = cluster (&blobs, 7, 1234, NULL);
  KmResult   *second    = cluster (&blobs, 7, 1234, NULL);

  g_assert_cmpint (km_result_get_n_clusters (first), ==, 7);
  assert_same_result (first, second);

  km_result_free (first);
  km_result_free (second);
  g_free (points);
}

/* Lloyd never increases the objective: more iterations, never more inertia. */
static void
test_inertia_never_increases (void)
{
  const float centres[] = { 0, 0, 0, 10, 10, 10, 20, 0, 10, 5, 15, 0 };
  size_t      n         = 4000;
  float      *points    = make_blobs (centres, 4, 3, n, 12.0f, 9);
  TestPoints  blobs     = packed_points (points, n, 3, NULL);
  double      previous  = INFINITY;

  for (int iterations = 1; iterations <= 30; iterations++)
    {
      KmSettings *settings = km_settings_new ();
      KmResult   *result   = NULL;
      double      inertia;

      km_settings_set_n_clusters (settings, 6);
      km_settings_set_max_iterations (settings, iterations);
      km_settings_set_tolerance (settings, 0.0);
      km_settings_set_seed (settings, 77);
      g_assert_cmpint (km_cluster (settings, points, n, 3, 3, NULL, 0, &result),
                       ==, KM_STATUS_OK);

      inertia = km_result_get_inertia (result);
      g_assert_cmpfloat (inertia, <=, previous * (1.0 + 1e-6));
      assert_statistics_agree (result, &blobs);
      previous = inertia;
      km_result_free (result);
      km_settings_free (settings);
    }

  g_free (points);
}

static void
test_max_iterations_and_tolerance_stop_it (void)
{
  const float centres[] = { 0, 0, 10, 0, 0, 10 };
  size_t      n         = 3000;
  float      *points    = make_blobs (centres, 3, 2, n, 9.0f, 21);
  KmSettings *settings  = km_settings_new ();
  KmResult   *result    = NULL;
  int         converged_iterations;

  km_settings_set_n_clusters (settings, 5);
  km_settings_set_max_iterations (settings, 2);
  km_settings_set_tolerance (settings, 0.0);
  g_assert_cmpint (km_cluster (settings, points, n, 2, 2, NULL, 0, &result), ==, KM_STATUS_OK);
  g_assert_cmpint (km_result_get_iterations (result), ==, 2);
  km_result_free (result);

  /* Tolerance 0 runs to a fixed point; a huge tolerance stops after one. */
  km_settings_set_max_iterations (settings, 1000);
  g_assert_cmpint (km_cluster (settings, points, n, 2, 2, NULL, 0, &result), ==, KM_STATUS_OK);
  converged_iterations = km_result_get_iterations (result);
  g_assert_cmpint (converged_iterations, >, 2);
  g_assert_cmpint (converged_iterations, <, 1000);
  km_result_free (result);

  km_settings_set_tolerance (settings, 1e6);
  g_assert_cmpint (km_cluster (settings, points, n, 2, 2, NULL, 0, &result), ==, KM_STATUS_OK);
  g_assert_cmpint (km_result_get_iterations (result), ==, 1);
  km_result_free (result);

  km_settings_free (settings);
  g_free (points);
}

/* The plug-in reads an opaque, fully selected layer without alpha and
 * passes no weights: that must give what alpha 1 after every point (its
 * four-float layout with the weights interleaved) gives, bit for bit, on
 * a small input and on one large enough to be subsampled. */
static void
test_no_weights_same_as_weights_of_one (void)
{
  const float centres[] = { 10, 20, 30, 40, 50, 60, 70, 80, 90, 20, 80, 20,
                            90, 10, 50, 50, 50, 10, 0, 90, 90, 60, 30, 40 };
  size_t      sizes[]   = { 5000, 2 * KM_SAMPLE_POINTS + 1000 };

  for (gsize s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      size_t     n        = sizes[s];
      float     *points   = make_blobs (centres, 8, 3, n, 12.0f, 17);
      float     *with_one = g_new (float, n * 4);
      TestPoints packed   = packed_points (points, n, 3, NULL);
      TestPoints alpha    = { with_one, n, 3, 4, with_one + 3, 4 };
      KmResult  *plain, *weighted;

      for (size_t i = 0; i < n; i++)
        {
          memcpy (&with_one[4 * i], &points[3 * i], 3 * sizeof (float));
          with_one[4 * i + 3] = 1.0f;
        }
      plain    = cluster (&packed, 8, 3, NULL);
      weighted = cluster (&alpha, 8, 3, NULL);

      assert_same_result (plain, weighted);

      km_result_free (plain);
      km_result_free (weighted);
      g_free (with_one);
      g_free (points);
    }
}

/* Zero, negative and non-finite weights and non-finite features take no part. */
static void
test_points_that_take_no_part (void)
{
  float          points[]  = { 0, 1, 2, NAN, 5, INFINITY, 6, 7 };
  float          weights[] = { 1, 1, 0, 1, -1, 1, NAN, 1 };
  TestPoints     line      = packed_points (points, 8, 1, weights);
  KmResult      *result    = cluster (&line, 2, 0, NULL);
  const uint8_t *labels    = km_result_get_labels (result);

  g_assert_cmpint (labels[2], ==, KM_LABEL_NONE);
  g_assert_cmpint (labels[3], ==, KM_LABEL_NONE);
  g_assert_cmpint (labels[4], ==, KM_LABEL_NONE);
  g_assert_cmpint (labels[5], ==, KM_LABEL_NONE);
  g_assert_cmpint (labels[6], ==, KM_LABEL_NONE);
  g_assert_cmpint (labels[0], !=, KM_LABEL_NONE);
  g_assert_cmpint (labels[1], !=, KM_LABEL_NONE);
  g_assert_cmpint (labels[7], !=, KM_LABEL_NONE);
  g_assert_cmpuint (km_result_get_n_distinct (result), ==, 3);
  km_result_free (result);
}

static void
test_no_points_is_an_error (void)
{
  KmSettings *settings  = km_settings_new ();
  KmResult   *result    = (KmResult *) 1;
  float       points[]  = { 1, 2, 3 };
  float       weights[] = { 0, 0, 0 };

  g_assert_cmpint (km_cluster (settings, points, 3, 1, 1, weights, 1, &result),
                   ==, KM_STATUS_NO_POINTS);
  g_assert_null (result);
  g_assert_cmpint (km_cluster (settings, NULL, 0, 1, 1, NULL, 0, &result),
                   ==, KM_STATUS_NO_POINTS);
  g_assert_cmpint (km_cluster (settings, points, 3, 0, 1, NULL, 0, &result),
                   ==, KM_STATUS_INVALID_ARGUMENT);
  g_assert_cmpint (km_cluster (settings, points, 1, 3, 2, NULL, 0, &result),
                   ==, KM_STATUS_INVALID_ARGUMENT);
  g_assert_cmpint (km_settings_set_n_clusters (settings, 0), ==, KM_STATUS_INVALID_ARGUMENT);
  g_assert_cmpint (km_settings_set_n_clusters (settings, KM_MAX_CLUSTERS + 1),
                   ==, KM_STATUS_INVALID_ARGUMENT);
  g_assert_cmpint (km_settings_set_tolerance (settings, NAN), ==, KM_STATUS_INVALID_ARGUMENT);
  g_assert_cmpstr (km_status_message (KM_STATUS_NO_POINTS), !=, "");
  km_settings_free (settings);
}

/* The cancel hook: asked before every iteration, it stops the clustering
 * (fixed K with restarts, and automatic K) at the call that answers yes;
 * a hook that never does leaves the result as it is without one. */
static int
cancel_at_call (void *data)
{
  int *calls_left = data;

  return --*calls_left < 0;
}

static void
test_cancel_hook_stops_it (void)
{
  const float centres[] = { 10, 20, 30, 40, 50, 60, 70, 80, 90, 20, 80, 20 };
  size_t      n         = 3000;
  float      *points    = make_blobs (centres, 4, 3, n, 25.0f, 5);
  KmResult   *plain     = NULL;
  KmResult   *result;

  for (int automatic = 0; automatic < 2; automatic++)
    for (int allowed = 0; allowed <= 1000; allowed += 1000)
      {
        KmSettings *settings   = km_settings_new ();
        int         calls_left = allowed;

        km_settings_set_n_clusters (settings, 7);
        km_settings_set_restarts (settings, 3);
        if (automatic)
          km_settings_set_error_target (settings, 1.0);
        if (allowed == 0)
          g_assert_cmpint (km_cluster (settings, points, n, 3, 3, NULL, 0, &plain), ==,
                           KM_STATUS_OK);
        km_settings_set_cancel (settings, cancel_at_call, &calls_left);
        result = (KmResult *) 1;
        g_assert_cmpint (km_cluster (settings, points, n, 3, 3, NULL, 0, &result), ==,
                         allowed == 0 ? KM_STATUS_CANCELLED : KM_STATUS_OK);
        if (allowed == 0)
          {
            g_assert_null (result);
            g_assert_cmpint (calls_left, ==, -1);
          }
        else
          {
            /* Asked many times, never more than it allowed. */
            g_assert_cmpint (calls_left, >=, 0);
            g_assert_cmpint (calls_left, <, allowed - 10);
            assert_same_result (plain, result);
            km_result_free (result);
            g_clear_pointer (&plain, km_result_free);
          }
        km_settings_free (settings);
      }

  g_assert_cmpstr (km_status_message (KM_STATUS_CANCELLED), ==, "cancelled");
  g_free (points);
}

/* Large inputs find their centres on a subsample (KM_SAMPLE_POINTS); the
 * labels still come from every point. */
static void
test_large_input_recovers_clusters (void)
{
  const float    centres[] = { 0, 0, 0, 100, 0, 0, 0, 100, 0, 0, 0, 100 };
  size_t         n         = 2 * KM_SAMPLE_POINTS + 12345;
  float         *points    = make_blobs (centres, 4, 3, n, 3.0f, 13);
  TestPoints     blobs     = packed_points (points, n, 3, NULL);
  KmResult      *result    = cluster (&blobs, 4, 1, NULL);
  const uint8_t *labels    = km_result_get_labels (result);

  g_assert_cmpint (km_result_get_n_clusters (result), ==, 4);
  g_assert_cmpuint (km_result_get_n_distinct (result), <=, n / 2 + 1);
  for (size_t i = 4; i < n; i++)
    g_assert_cmpint (labels[i], ==, labels[i % 4]);
  for (int c = 0; c < 4; c++)
    g_assert_cmpuint (km_result_get_cluster_sizes (result)[c], >=, n / 4);
  assert_statistics_agree (result, &blobs);
  km_result_free (result);
  g_free (points);
}

/* A colour that the subsample would miss still gets its cluster. */
static void
test_large_input_keeps_a_rare_value (void)
{
  size_t     n      = 2 * KM_SAMPLE_POINTS + 7;
  float     *points = g_new (float, n);
  TestPoints line   = packed_points (points, n, 1, NULL);
  KmResult  *result;

  for (size_t i = 0; i < n; i++)
    points[i] = (float) (i % 3) * 10.0f;
  points[1] = 1000.0f;

  result = cluster (&line, 4, 0, NULL);
  g_assert_cmpint (km_result_get_n_clusters (result), ==, 4);
  g_assert_cmpint (km_result_get_shortfall (result), ==, KM_SHORTFALL_NONE);
  for (size_t i = 0; i < n; i++)
    if (i != 1)
      g_assert_cmpint (km_result_get_labels (result)[i], !=, km_result_get_labels (result)[1]);
  km_result_free (result);
  g_free (points);
}

/* Many cells, and one far outlier that squeezes them all into one cell of
 * the coarse grid: too few coarse cells to choose a seeding from, so one
 * seeding on the cells themselves; still exactly K clusters, the outlier
 * alone in its own, every label the nearest centre. */
static void
test_outlier_leaves_no_coarse_choice (void)
{
  size_t     n      = 20001;
  float     *points = make_blobs ((const float[]) { 0, 0, 0 }, 1, 3, n, 1.0f, 17);
  TestPoints blob   = packed_points (points, n, 3, NULL);
  KmResult  *result;

  for (int d = 0; d < 3; d++)
    points[(n - 1) * 3 + d] = 1e6f;
  result = cluster (&blob, 8, 2, NULL);

  g_assert_cmpuint (km_result_get_n_distinct (result), >, 8192);
  g_assert_cmpint (km_result_get_n_clusters (result), ==, 8);
  g_assert_cmpuint (km_result_get_cluster_sizes (result)[km_result_get_labels (result)[n - 1]],
                    ==, 1);
  assert_labels_are_nearest (result, &blob);
  km_result_free (result);
  g_free (points);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/kmeans/recovers-separated-clusters", test_recovers_separated_clusters);
  g_test_add_func ("/core/kmeans/exact-k-with-reseeding", test_exact_k_with_reseeding);
  g_test_add_func ("/core/kmeans/fewer-distinct-points-than-k", test_fewer_distinct_points_than_k);
  g_test_add_func ("/core/kmeans/weights-act-like-repeated-points", test_weights_act_like_repeated_points);
  g_test_add_func ("/core/kmeans/same-seed-same-result", test_same_seed_same_result);
  g_test_add_func ("/core/kmeans/inertia-never-increases", test_inertia_never_increases);
  g_test_add_func ("/core/kmeans/max-iterations-and-tolerance-stop-it", test_max_iterations_and_tolerance_stop_it);
  g_test_add_func ("/core/kmeans/no-weights-same-as-weights-of-one", test_no_weights_same_as_weights_of_one);
  g_test_add_func ("/core/kmeans/points-that-take-no-part", test_points_that_take_no_part);
  g_test_add_func ("/core/kmeans/no-points-is-an-error", test_no_points_is_an_error);
  g_test_add_func ("/core/kmeans/cancel-hook-stops-it", test_cancel_hook_stops_it);
  g_test_add_func ("/core/kmeans/large-input-recovers-clusters", test_large_input_recovers_clusters);
  g_test_add_func ("/core/kmeans/large-input-keeps-a-rare-value", test_large_input_keeps_a_rare_value);
  g_test_add_func ("/core/kmeans/outlier-leaves-no-coarse-choice", test_outlier_leaves_no_coarse_choice);

  return g_test_run ();
}
