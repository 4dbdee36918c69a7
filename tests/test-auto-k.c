/* test-auto-k.c — automatic K (core/kmeans.h, km_settings_set_error_target):
 * the fewest clusters within the error target on images of flat colours
 * with noise, the error curve, the same curve and result for any number of
 * threads, flat images, the target's limits, and a result as good as a
 * fixed-K run at the chosen K. */

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "core-test-util.h"
#include "kmeans.h"

/* The plug-in's default tolerance, in ΔE: features here are CIE L*a*b*,
 * where the plug-in passes the tolerance as it is. */
#define DEFAULT_TOLERANCE 8.0

/* The first n_colours of 27 colours in L*a*b*, at least 30 ΔE apart, 3
 * floats each. */
static void
grid_palette (int    n_colours,
              float *palette)
{
  static const int order[27] = { 13, 0, 26, 8, 18, 2, 24, 6, 20, 4, 22, 10, 16, 12, 14, 1,
                                 25, 3, 23, 5, 21, 7, 19, 9, 17, 11, 15 };

  for (int i = 0; i < n_colours; i++)
    {
      palette[i * 3]     = 20.0f + 30.0f * (order[i] / 9);
      palette[i * 3 + 1] = -35.0f + 35.0f * (order[i] / 3 % 3);
      palette[i * 3 + 2] = -35.0f + 35.0f * (order[i] % 3);
    }
}

/* The palette's n_colours flat colours, each on points_per_colour pixels
 * (interleaved), with Gaussian noise of sigma 2 / sqrt (3) in each of L*,
 * a* and b*: a root-mean-square ΔE of 2 from the flat colour.  Packed, 3
 * floats a point; free with g_free(). */
static float *
noisy_colours (const float *palette,
               int          n_colours,
               size_t       points_per_colour,
               guint32      seed)
{
  GRand *rand     = g_rand_new_with_seed (seed);
  size_t n_points = n_colours * points_per_colour;
  float *points   = g_new (float, n_points * 3);
  double sigma    = 2.0 / sqrt (3.0);

  for (size_t i = 0; i < n_points; i++)
    for (int d = 0; d < 3; d++)
      {
        /* Box–Muller. */
        double u = 1.0 - g_rand_double (rand);
        double v = g_rand_double (rand);

        points[i * 3 + d] = palette[i % n_colours * 3 + d] +
                            (float) (sigma * sqrt (-2.0 * log (u)) * cos (2.0 * G_PI * v));
      }

  g_rand_free (rand);
  return points;
}

/* n_colours of the grid palette with noise (see noisy_colours()). */
static float *
noisy_grid (int     n_colours,
            size_t  points_per_colour,
            guint32 seed)
{
  float palette[27 * 3];

  grid_palette (n_colours, palette);
  return noisy_colours (palette, n_colours, points_per_colour, seed);
}

static KmResult *
cluster_curve (const TestPoints *points,
               int               max_clusters,
               double            tolerance,
               int               restarts,
               int               n_threads,
               int               curve_only)
{
  KmSettings *settings = km_settings_new ();
  KmResult   *result   = NULL;

  g_assert_cmpint (km_settings_set_n_clusters (settings, max_clusters), ==, KM_STATUS_OK);
  g_assert_cmpint (km_settings_set_error_target (settings, tolerance), ==, KM_STATUS_OK);
  km_settings_set_error_curve_only (settings, curve_only);
  g_assert_cmpint (km_settings_set_restarts (settings, restarts), ==, KM_STATUS_OK);
  km_settings_set_seed (settings, 3);
  if (n_threads > 1)
    km_settings_set_parallel (settings, real_threads, GINT_TO_POINTER (n_threads));
  g_assert_cmpint (km_cluster (settings, points->points, points->n_points, points->n_dims,
                               points->point_stride, points->weights, points->weight_stride,
                               &result),
                   ==, KM_STATUS_OK);
  km_settings_free (settings);
  return result;
}

static KmResult *
cluster_auto (const TestPoints *points,
              int               max_clusters,
              double            tolerance,
              int               restarts,
              int               n_threads)
{
  return cluster_curve (points, max_clusters, tolerance, restarts, n_threads, 0);
}

/* The curve has one error for each K from 2 to the result's, never rises,
 * and the result's K is the first within the tolerance, or the most
 * allowed. */
static void
assert_curve_is_sound (const KmResult *result,
                       int             max_clusters,
                       double          tolerance)
{
  int           n_errors;
  const double *curve = km_result_get_error_curve (result, &n_errors);
  int           k     = km_result_get_n_clusters (result);
  GString      *shown = g_string_new (NULL);

  g_assert_nonnull (curve);
  g_assert_cmpint (n_errors, ==, k - 1);
  for (int i = 0; i < n_errors; i++)
    {
      g_string_append_printf (shown, " %.2f", curve[i]);
      g_assert_cmpfloat (curve[i], >=, 0.0);
      if (i > 0)
        g_assert_cmpfloat (curve[i], <=, curve[i - 1]);
      if (i < n_errors - 1)
        g_assert_cmpfloat (curve[i], >, tolerance);
    }
  if (k < max_clusters)
    g_assert_cmpfloat (curve[n_errors - 1], <=, tolerance);
  g_test_message ("K = %d, errors from K = 2:%s", k, shown->str);
  g_string_free (shown, TRUE);
}

/* Every colour is one cluster, and different colours different clusters. */
static void
assert_one_cluster_per_colour (const KmResult *result,
                               int             n_colours)
{
  const uint8_t *labels = km_result_get_labels (result);

  for (size_t i = 0; i < km_result_get_n_points (result); i++)
    g_assert_cmpint (labels[i], ==, labels[i % n_colours]);
  for (int a = 0; a < n_colours; a++)
    for (int b = a + 1; b < n_colours; b++)
      g_assert_cmpint (labels[a], !=, labels[b]);
}

static void
test_finds_the_number_of_flat_colours (void)
{
  for (int n = 2; n <= 16; n++)
    {
      float     *points = noisy_grid (n, 3000, (guint32) n);
      TestPoints image  = packed_points (points, n * 3000, 3, NULL);
      KmResult  *result = cluster_auto (&image, 24, DEFAULT_TOLERANCE, 1, 1);

      g_test_message ("%d colours:", n);
      g_assert_cmpint (km_result_get_n_clusters (result), ==, n);
      g_assert_cmpint (km_result_get_shortfall (result), ==, KM_SHORTFALL_NONE);
      assert_curve_is_sound (result, 24, DEFAULT_TOLERANCE);
      assert_one_cluster_per_colour (result, n);
      assert_labels_are_nearest (result, &image);
      assert_statistics_agree (result, &image);

      km_result_free (result);
      g_free (points);
    }
}

/* An image large enough that K grows on a subsample's cells (see
 * KM_GROW_SAMPLE_POINTS) and then on the cells, on 1, 2 and 16 threads,
 * with a tolerance no K meets, so that the curve is the whole of it.  (The
 * fixed-K steps on a large input's subsample are checked for threads in
 * test-core-exact.c.) */
static void
test_same_curve_and_result_for_1_2_or_16_threads (void)
{
  float     *points = noisy_grid (9, 8000, 5);
  TestPoints image  = packed_points (points, 9 * 8000, 3, NULL);
  KmResult  *alone  = cluster_auto (&image, 14, 0.5, 2, 1);
  int        n_alone;

  assert_curve_is_sound (alone, 14, 0.5);
  g_assert_cmpint (km_result_get_n_clusters (alone), ==, 14);
  km_result_get_error_curve (alone, &n_alone);

  for (int threads = 2; threads <= 16; threads *= 8)
    {
      KmResult *result = cluster_auto (&image, 14, 0.5, 2, threads);
      int       n_errors;

      assert_same_result (alone, result);
      km_result_get_error_curve (result, &n_errors);
      g_assert_cmpmem (km_result_get_error_curve (alone, &n_alone), n_alone * sizeof (double),
                       km_result_get_error_curve (result, &n_errors),
                       n_errors * sizeof (double));
      km_result_free (result);
    }

  km_result_free (alone);
  g_free (points);
}

/* The curve alone (km_settings_set_error_curve_only(), the dialog's plot):
 * the errors of a whole run for every K but the last, which is not settled;
 * on 1, 2 and 16 threads alike. */
static void
test_curve_only_is_a_whole_runs_curve (void)
{
  float        *points = noisy_grid (9, 8000, 5);
  TestPoints    image  = packed_points (points, 9 * 8000, 3, NULL);
  KmResult     *whole  = cluster_auto (&image, 14, 0.5, 1, 1);
  int           n_whole, n_alone;
  const double *whole_curve = km_result_get_error_curve (whole, &n_whole);

  for (int threads = 1; threads <= 16; threads *= threads == 1 ? 2 : 8)
    {
      KmResult     *alone       = cluster_curve (&image, 14, 0.5, 1, threads, 1);
      const double *alone_curve = km_result_get_error_curve (alone, &n_alone);

      assert_curve_is_sound (alone, 14, 0.5);
      g_assert_cmpint (n_alone, ==, n_whole);
      g_assert_cmpmem (alone_curve, (n_alone - 1) * sizeof (double), whole_curve,
                       (n_whole - 1) * sizeof (double));
      assert_labels_are_nearest (alone, &image);
      g_test_message ("%d threads: last error %.4f alone, %.4f in a whole run", threads,
                      alone_curve[n_alone - 1], whole_curve[n_whole - 1]);
      km_result_free (alone);
    }

  km_result_free (whole);
  g_free (points);
}

static void
test_flat_image_gives_at_most_2 (void)
{
  float      flat[3000];
  float     *noisy = noisy_grid (1, 5000, 9);
  TestPoints image;
  KmResult  *result;
  int        n_errors;

  /* One colour: one cluster, a shortfall, and no curve. */
  for (int i = 0; i < 3000; i++)
    flat[i] = i % 3 == 0 ? 50.0f : 10.0f;
  image  = packed_points (flat, 1000, 3, NULL);
  result = cluster_auto (&image, 8, DEFAULT_TOLERANCE, 1, 1);
  g_assert_cmpint (km_result_get_n_clusters (result), ==, 1);
  g_assert_cmpint (km_result_get_shortfall (result), ==, KM_SHORTFALL_FEW_DISTINCT_POINTS);
  g_assert_null (km_result_get_error_curve (result, &n_errors));
  g_assert_cmpint (n_errors, ==, 0);
  km_result_free (result);

  /* One colour with noise: the fewest allowed, 2, already within. */
  image  = packed_points (noisy, 5000, 3, NULL);
  result = cluster_auto (&image, 8, DEFAULT_TOLERANCE, 1, 1);
  g_assert_cmpint (km_result_get_n_clusters (result), ==, 2);
  g_assert_cmpint (km_result_get_shortfall (result), ==, KM_SHORTFALL_NONE);
  assert_curve_is_sound (result, 8, DEFAULT_TOLERANCE);
  km_result_free (result);
  g_free (noisy);
}

/* The plug-in's limits, 0.5 and 50 ΔE.  Noise of ΔE 2 is never within
 * 0.5, so K reaches the most allowed.  Three colours on the a* axis,
 * equally apart, with 2 clusters: two colours share one, whose points are
 * then half the spacing from its centre; so 2 are within 50 ΔE at a
 * spacing of 90, and 3 are needed at 110. */
static void
test_tolerance_at_its_limits (void)
{
  float     *grid   = noisy_grid (16, 2000, 4);
  TestPoints image  = packed_points (grid, 16 * 2000, 3, NULL);
  KmResult  *result = cluster_auto (&image, 20, 0.5, 1, 1);

  g_assert_cmpint (km_result_get_n_clusters (result), ==, 20);
  assert_curve_is_sound (result, 20, 0.5);
  km_result_free (result);
  g_free (grid);

  for (int spacing = 90; spacing <= 110; spacing += 20)
    {
      float  line[9] = { 50.0f, (float) -spacing, 0.0f, 50.0f, 0.0f, 0.0f,
                         50.0f, (float) spacing, 0.0f };
      float *points  = noisy_colours (line, 3, 3000, 6);

      image  = packed_points (points, 3 * 3000, 3, NULL);
      result = cluster_auto (&image, 20, 50.0, 1, 1);
      g_assert_cmpint (km_result_get_n_clusters (result), ==, spacing < 100 ? 2 : 3);
      assert_curve_is_sound (result, 20, 50.0);
      km_result_free (result);
      g_free (points);
    }
}

static void
test_rejects_bad_targets (void)
{
  KmSettings *settings = km_settings_new ();

  g_assert_cmpint (km_settings_set_error_target (settings, -0.5), ==,
                   KM_STATUS_INVALID_ARGUMENT);
  g_assert_cmpint (km_settings_set_error_target (settings, NAN), ==,
                   KM_STATUS_INVALID_ARGUMENT);
  g_assert_cmpint (km_settings_set_error_target (settings, INFINITY), ==,
                   KM_STATUS_INVALID_ARGUMENT);
  g_assert_cmpint (km_settings_set_error_target (NULL, 1.0), ==, KM_STATUS_INVALID_ARGUMENT);
  km_settings_free (settings);
}

/* Without a target, no curve. */
static void
test_fixed_k_has_no_curve (void)
{
  float     *points = noisy_grid (3, 1000, 2);
  TestPoints image  = packed_points (points, 3000, 3, NULL);
  KmResult  *result = cluster (&image, 5, 0, NULL);
  int        n_errors;

  g_assert_null (km_result_get_error_curve (result, &n_errors));
  g_assert_cmpint (n_errors, ==, 0);
  km_result_free (result);
  g_free (points);
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The error of a result on equally weighted points, as kmeans.h defines
 * it: the KM_ERROR_PERCENTILE percentile of the distances to the
 * centres. */
static double
percentile_error (const KmResult *result,
                  const float    *points,
                  size_t          n,
                  int             n_dims)
{
  const float   *centres   = km_result_get_centres (result);
  const uint8_t *labels    = km_result_get_labels (result);
  double        *distances = g_new (double, n);
  double         error;

  for (size_t i = 0; i < n; i++)
    distances[i] = sqrt (distance2 (&points[i * n_dims], &centres[labels[i] * n_dims], n_dims));
  qsort (distances, n, sizeof *distances, compare_doubles);
  error = distances[(size_t) ceil (KM_ERROR_PERCENTILE * n) - 1];
  g_free (distances);
  return error;
}

/* Colours that overlap (no K is plainly right): the result at the chosen
 * K is at least as good as a fixed run at that K with the same seed and
 * restarts, whenever that fixed run is within the tolerance (one beyond
 * it is no answer, however low its inertia). */
static void
test_as_good_as_a_fixed_run_at_the_chosen_k (void)
{
  static const double tolerances[] = { 25.0, 30.0 };
  GRand              *rand         = g_rand_new_with_seed (17);
  size_t              n            = 40000;
  float              *points       = g_new (float, n * 3);
  TestPoints          image        = packed_points (points, n, 3, NULL);
  int                 n_compared   = 0;

  for (size_t i = 0; i < n * 3; i++)
    points[i] = (float) (100.0 * g_rand_double (rand) * g_rand_double (rand));

  for (size_t t = 0; t < G_N_ELEMENTS (tolerances); t++)
    for (int restarts = 1; restarts <= 3; restarts += 2)
      {
        double      tolerance = tolerances[t];
        KmResult   *automatic = cluster_auto (&image, 32, tolerance, restarts, 1);
        int         k         = km_result_get_n_clusters (automatic);
        KmSettings *settings  = km_settings_new ();
        KmResult   *fixed     = NULL;
        double      fixed_error;

        g_assert_cmpint (k, >, 2);
        g_assert_cmpint (k, <, 32);
        assert_curve_is_sound (automatic, 32, tolerance);
        g_assert_cmpfloat (percentile_error (automatic, points, n, 3), <=, tolerance);
        km_settings_set_n_clusters (settings, k);
        km_settings_set_restarts (settings, restarts);
        km_settings_set_seed (settings, 3);
        g_assert_cmpint (km_cluster (settings, points, n, 3, 3, NULL, 0, &fixed), ==,
                         KM_STATUS_OK);
        fixed_error = percentile_error (fixed, points, n, 3);
        g_test_message ("tolerance %.0f, %d restarts: K = %d, inertia %.0f, fixed run %.0f "
                        "with error %.2f",
                        tolerance, restarts, k, km_result_get_inertia (automatic),
                        km_result_get_inertia (fixed), fixed_error);
        if (fixed_error <= tolerance)
          {
            g_assert_cmpfloat (km_result_get_inertia (automatic), <=,
                               km_result_get_inertia (fixed));
            n_compared++;
          }

        km_result_free (fixed);
        km_settings_free (settings);
        km_result_free (automatic);
      }

  /* The inertia was compared, not always skipped. */
  g_assert_cmpint (n_compared, >=, 2);
  g_rand_free (rand);
  g_free (points);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/auto-k/finds-the-number-of-flat-colours",
                   test_finds_the_number_of_flat_colours);
  g_test_add_func ("/core/auto-k/same-curve-and-result-for-1-2-or-16-threads",
                   test_same_curve_and_result_for_1_2_or_16_threads);
  g_test_add_func ("/core/auto-k/curve-only-is-a-whole-runs-curve",
                   test_curve_only_is_a_whole_runs_curve);
  g_test_add_func ("/core/auto-k/flat-image-gives-at-most-2", test_flat_image_gives_at_most_2);
  g_test_add_func ("/core/auto-k/tolerance-at-its-limits", test_tolerance_at_its_limits);
  g_test_add_func ("/core/auto-k/rejects-bad-targets", test_rejects_bad_targets);
  g_test_add_func ("/core/auto-k/fixed-k-has-no-curve", test_fixed_k_has_no_curve);
  g_test_add_func ("/core/auto-k/as-good-as-a-fixed-run-at-the-chosen-k",
                   test_as_good_as_a_fixed_run_at_the_chosen_k);

  return g_test_run ();
}
