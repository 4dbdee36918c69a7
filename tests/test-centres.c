/* test-centres.c — given centres (km_settings_set_initial_centres()):
 * seeding from a palette, fixed centres and a pure assignment. */

#include <math.h>
#include <string.h>

#include <glib.h>

#include "core-test-util.h"
#include "kmeans.h"

#define N_DIMS 3

/* Points in blobs around four colours, jittered by up to 20 (of 255). */
static float *
make_points (size_t  n_points,
             guint32 seed)
{
  static const float blobs[4 * N_DIMS] = { 20, 20, 20, 230, 40, 40, 40, 200, 60, 220, 220, 220 };
  GRand             *rand              = g_rand_new_with_seed (seed);
  float             *points            = g_new (float, n_points *N_DIMS);

  for (size_t i = 0; i < n_points; i++)
    for (int d = 0; d < N_DIMS; d++)
      points[i * N_DIMS + d] = blobs[(i % 4) * N_DIMS + d] +
                               (float) g_rand_int_range (rand, -20, 21);
  g_rand_free (rand);
  return points;
}

static KmResult *
cluster_from (const TestPoints *points,
              int               k,
              const float      *centres,
              int               n_centres,
              const uint8_t    *fixed,
              int               restarts,
              KmParallelHook    hook)
{
  KmSettings *settings = km_settings_new ();
  KmResult   *result   = NULL;

  g_assert_cmpint (km_settings_set_n_clusters (settings, k), ==, KM_STATUS_OK);
  g_assert_cmpint (km_settings_set_restarts (settings, restarts), ==, KM_STATUS_OK);
  g_assert_cmpint (km_settings_set_initial_centres (settings, centres, n_centres, N_DIMS, fixed),
                   ==, KM_STATUS_OK);
  km_settings_set_seed (settings, 7);
  km_settings_set_parallel (settings, hook, GINT_TO_POINTER (5));
  g_assert_cmpint (km_cluster (settings, points->points, points->n_points, N_DIMS,
                               points->point_stride, points->weights, points->weight_stride,
                               &result),
                   ==, KM_STATUS_OK);
  km_settings_free (settings);
  return result;
}

/* The index of the nearest centre, the first of equals, with the core's
 * float arithmetic. */
static int
brute_force_nearest (const float *point,
                     const float *centres,
                     int          n_centres)
{
  int   best   = 0;
  float best_d = INFINITY;

  for (int c = 0; c < n_centres; c++)
    {
      float sum = 0.0f;

      for (int d = 0; d < N_DIMS; d++)
        {
          float diff = point[d] - centres[c * N_DIMS + d];

          sum += diff * diff;
        }
      if (sum < best_d)
        {
          best_d = sum;
          best   = c;
        }
    }
  return best;
}

static void
test_lock_labels_are_brute_force_nearest (void)
{
  /* The last entry is far from every point: it stays, empty. */
  static const float   palette[5 * N_DIMS] = { 0, 0, 0, 255, 0, 0, 0, 255, 0, 250, 250, 250, 128, 128, -900 };
  static const uint8_t fixed[5]            = { 1, 1, 1, 1, 1 };
  size_t               n_points            = 600000;
  float               *data                = make_points (n_points, 3);
  TestPoints           points              = packed_points (data, n_points, N_DIMS, NULL);
  KmResult            *one                 = cluster_from (&points, 5, palette, 5, fixed, 1, NULL);
  KmResult            *many                = cluster_from (&points, 5, palette, 5, fixed, 1, real_threads);
  const uint8_t       *labels              = km_result_get_labels (one);

  g_assert_cmpint (km_result_get_n_clusters (one), ==, 5);
  g_assert_cmpint (memcmp (km_result_get_centres (one), palette, sizeof palette), ==, 0);
  g_assert_cmpuint (km_result_get_cluster_sizes (one)[4], ==, 0);
  g_assert_cmpint (km_result_get_iterations (one), ==, 0);
  for (size_t i = 0; i < n_points; i++)
    g_assert_cmpint (labels[i], ==, brute_force_nearest (&data[i * N_DIMS], palette, 5));
  assert_statistics_agree (one, &points);
  assert_same_result (one, many);

  km_result_free (one);
  km_result_free (many);
  g_free (data);
}

static void
test_fixed_centres_do_not_move (void)
{
  /* Two fixed centres off their blobs' means, two free ones far off. */
  static const float   given[4 * N_DIMS] = { 10, 30, 25, 100, 100, 100, 45, 190, 70, 128, 128, 128 };
  static const uint8_t fixed[4]          = { 1, 0, 1, 0 };
  size_t               n_points          = 20000;
  float               *data              = make_points (n_points, 11);
  TestPoints           points            = packed_points (data, n_points, N_DIMS, NULL);
  KmResult            *one               = cluster_from (&points, 4, given, 4, fixed, 1, NULL);
  KmResult            *many              = cluster_from (&points, 4, given, 4, fixed, 1, real_threads);
  const float         *centres           = km_result_get_centres (one);

  g_assert_cmpint (km_result_get_n_clusters (one), ==, 4);
  g_assert_cmpint (memcmp (&centres[0], &given[0], N_DIMS * sizeof (float)), ==, 0);
  g_assert_cmpint (memcmp (&centres[2 * N_DIMS], &given[2 * N_DIMS], N_DIMS * sizeof (float)),
                   ==, 0);
  /* The free ones found their blobs: (230, 40, 40) and (220, 220, 220). */
  g_assert_cmpfloat (fabs (centres[1 * N_DIMS] - 230.0), <, 2.0);
  g_assert_cmpfloat (fabs (centres[3 * N_DIMS + 1] - 220.0), <, 2.0);
  assert_labels_are_nearest (one, &points);
  assert_same_result (one, many);

  km_result_free (one);
  km_result_free (many);
  g_free (data);
}

static void
test_seed_from_own_centres_is_no_worse (void)
{
  size_t     n_points = 50000;
  float     *data     = make_points (n_points, 5);
  TestPoints points   = packed_points (data, n_points, N_DIMS, NULL);
  KmResult  *plain    = cluster (&points, 8, 1, NULL);
  float     *own      = g_memdup2 (km_result_get_centres (plain), 8 * N_DIMS * sizeof (float));
  KmResult  *seeded   = cluster_from (&points, 8, own, 8, NULL, 1, real_threads);
  KmResult  *restarts = cluster_from (&points, 8, own, 8, NULL, 5, NULL);

  g_assert_cmpint (km_result_get_n_clusters (seeded), ==, 8);
  g_assert_cmpfloat (km_result_get_inertia (seeded), <=, km_result_get_inertia (plain));
  /* Every centre given: restarts have nothing to vary. */
  assert_same_result (seeded, restarts);

  km_result_free (plain);
  km_result_free (seeded);
  km_result_free (restarts);
  g_free (own);
  g_free (data);
}

static void
test_extra_clusters_seeded_around_given_ones (void)
{
  static const float given[2 * N_DIMS] = { 20, 20, 20, 220, 220, 220 };
  size_t             n_points          = 20000;
  float             *data              = make_points (n_points, 9);
  TestPoints         points            = packed_points (data, n_points, N_DIMS, NULL);
  KmResult          *one               = cluster_from (&points, 4, given, 2, NULL, 3, NULL);
  KmResult          *many              = cluster_from (&points, 4, given, 2, NULL, 3, real_threads);
  const float       *centres           = km_result_get_centres (one);

  g_assert_cmpint (km_result_get_n_clusters (one), ==, 4);
  /* Clusters 0 and 1 are the given ones, refined on their blobs. */
  g_assert_cmpfloat (fabs (centres[0] - 20.0), <, 2.0);
  g_assert_cmpfloat (fabs (centres[N_DIMS] - 220.0), <, 2.0);
  assert_labels_are_nearest (one, &points);
  assert_same_result (one, many);

  km_result_free (one);
  km_result_free (many);
  g_free (data);
}

static void
test_bad_centres_are_refused (void)
{
  static const float palette[3 * N_DIMS] = { 0, 0, 0, 1, 1, 1, NAN, 0, 0 };
  float              point[N_DIMS]       = { 0, 0, 0 };
  KmSettings        *settings            = km_settings_new ();
  KmResult          *result              = NULL;

  g_assert_cmpint (km_settings_set_initial_centres (settings, palette, 3, N_DIMS, NULL), ==,
                   KM_STATUS_INVALID_ARGUMENT);
  g_assert_cmpint (km_settings_set_initial_centres (settings, palette, 2, 0, NULL), ==,
                   KM_STATUS_INVALID_ARGUMENT);
  g_assert_cmpint (km_settings_set_initial_centres (settings, palette, 2, N_DIMS, NULL), ==,
                   KM_STATUS_OK);

  /* Other dimensions than the points', more centres than clusters, an
   * error target. */
  g_assert_cmpint (km_cluster (settings, point, 1, 2, 2, NULL, 0, &result), ==,
                   KM_STATUS_INVALID_ARGUMENT);
  km_settings_set_n_clusters (settings, 1);
  g_assert_cmpint (km_cluster (settings, point, 1, N_DIMS, N_DIMS, NULL, 0, &result), ==,
                   KM_STATUS_INVALID_ARGUMENT);
  km_settings_set_n_clusters (settings, 2);
  km_settings_set_error_target (settings, 1.0);
  g_assert_cmpint (km_cluster (settings, point, 1, N_DIMS, N_DIMS, NULL, 0, &result), ==,
                   KM_STATUS_INVALID_ARGUMENT);
  g_assert_null (result);
  km_settings_free (settings);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/centres/lock-labels-are-brute-force-nearest",
                   test_lock_labels_are_brute_force_nearest);
  g_test_add_func ("/core/centres/fixed-centres-do-not-move", test_fixed_centres_do_not_move);
  g_test_add_func ("/core/centres/seed-from-own-centres-is-no-worse",
                   test_seed_from_own_centres_is_no_worse);
  g_test_add_func ("/core/centres/extra-clusters-seeded-around-given-ones",
                   test_extra_clusters_seeded_around_given_ones);
  g_test_add_func ("/core/centres/bad-centres-are-refused", test_bad_centres_are_refused);
  return g_test_run ();
}
