/* test-core-speed.c — the fast core's promises: the same result whatever
 * the number of threads and however the parallel hook splits the work,
 * exact nearest-centre labels for every point, and statistics that agree
 * with the labels. */

#include <math.h>
#include <string.h>

#include <glib.h>

#include "kmeans.h"
#include "same-result.h"

/* An image-like input: colours around a few centres, on the 8-bit grid
 * (so that colours repeat), some off the grid, some with zero or
 * fractional weights; 4 floats a point (RGB + weight), like the plug-in. */
typedef struct
{
  float  *points;
  size_t  n_points;
} TestImage;

static TestImage
make_image (size_t  n_points,
            guint32 seed)
{
  GRand    *rand   = g_rand_new_with_seed (seed);
  TestImage image  = { g_new (float, n_points * 4), n_points };
  float     centres[6][3];

  for (int c = 0; c < 6; c++)
    for (int d = 0; d < 3; d++)
      centres[c][d] = (float) g_rand_double (rand);

  for (size_t i = 0; i < n_points; i++)
    {
      float *point = &image.points[i * 4];
      int    c     = g_rand_int_range (rand, 0, 6);

      for (int d = 0; d < 3; d++)
        {
          double value = centres[c][d] + 0.15 * (g_rand_double (rand) - 0.5);

          value    = CLAMP (value, 0.0, 1.0);
          point[d] = i % 7 ? (float) (round (value * 255.0) / 255.0) : (float) value;
        }
      point[3] = i % 11 == 0 ? 0.0f : i % 5 == 0 ? 0.5f + (float) (i % 3) * 0.25f : 1.0f;
    }

  g_rand_free (rand);
  return image;
}

/* A hook that cuts the items into 16 uneven ranges and runs them from the
 * last to the first. */
static void
reversed_sixteen_ranges (size_t       n_items,
                         KmRangeFunc  func,
                         void        *func_data,
                         void        *hook_data G_GNUC_UNUSED)
{
  size_t bounds[17];

  for (int r = 0; r <= 16; r++)
    bounds[r] = n_items * (size_t) (r * r) / 256;

  for (int r = 15; r >= 0; r--)
    if (bounds[r + 1] > bounds[r])
      func (bounds[r], bounds[r + 1] - bounds[r], func_data);
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

/* A hook that runs two ranges on two threads.  Plain threads, joined,
 * rather than a GLib pool, whose idle threads outlive the test and show
 * up as leaks under valgrind. */
static void
two_threads (size_t       n_items,
             KmRangeFunc  func,
             void        *func_data,
             void        *hook_data G_GNUC_UNUSED)
{
  TestRange ranges[2] = { { func, func_data, 0, n_items / 3 },
                          { func, func_data, n_items / 3, n_items - n_items / 3 } };
  GThread  *first     = g_thread_new ("range-1", run_range, &ranges[0]);
  GThread  *second    = g_thread_new ("range-2", run_range, &ranges[1]);

  g_thread_join (first);
  g_thread_join (second);
}

static KmResult *
cluster (const TestImage *image,
         int              k,
         guint64          seed,
         KmParallelHook   hook)
{
  KmSettings *settings = km_settings_new ();
  KmResult   *result   = NULL;

  km_settings_set_n_clusters (settings, k);
  km_settings_set_seed (settings, seed);
  km_settings_set_parallel (settings, hook, NULL);
  g_assert_cmpint (km_cluster (settings, image->points, image->n_points, 3, 4,
                               image->points + 3, 4, &result),
                   ==, KM_STATUS_OK);
  km_settings_free (settings);
  return result;
}

static void
test_same_result_for_any_threads (void)
{
  TestImage image = make_image (160000, 7);

  for (int k = 8; k <= 16; k += 8)
    {
      KmResult *alone   = cluster (&image, k, k, NULL);
      KmResult *two     = cluster (&image, k, k, two_threads);
      KmResult *sixteen = cluster (&image, k, k, reversed_sixteen_ranges);

      g_assert_cmpint (km_result_get_n_clusters (alone), ==, k);
      assert_same_result (alone, two);
      assert_same_result (alone, sixteen);

      km_result_free (alone);
      km_result_free (two);
      km_result_free (sixteen);
    }

  g_free (image.points);
}

static double
distance2 (const float *a,
           const float *b)
{
  double sum = 0.0;

  for (int d = 0; d < 3; d++)
    sum += ((double) a[d] - b[d]) * ((double) a[d] - b[d]);
  return sum;
}

static void
test_every_label_is_a_nearest_centre (void)
{
  TestImage      image   = make_image (60000, 11);
  KmResult      *result  = cluster (&image, 12, 3, two_threads);
  const uint8_t *labels  = km_result_get_labels (result);
  const float   *centres = km_result_get_centres (result);
  int            k       = km_result_get_n_clusters (result);

  for (size_t i = 0; i < image.n_points; i++)
    {
      const float *point = &image.points[i * 4];
      double       own, nearest = INFINITY;

      if (point[3] == 0.0f)
        {
          g_assert_cmpuint (labels[i], ==, KM_LABEL_NONE);
          continue;
        }

      g_assert_cmpuint (labels[i], <, k);
      for (int c = 0; c < k; c++)
        nearest = MIN (nearest, distance2 (point, &centres[c * 3]));
      own = distance2 (point, &centres[labels[i] * 3]);
      /* Float and double rounding may disagree on near-ties only. */
      g_assert_cmpfloat (own, <=, nearest + 1e-6);
    }

  km_result_free (result);
  g_free (image.points);
}

static void
test_statistics_agree_with_labels (void)
{
  TestImage      image   = make_image (60000, 5);
  KmResult      *result  = cluster (&image, 9, 1, reversed_sixteen_ranges);
  const uint8_t *labels  = km_result_get_labels (result);
  const float   *centres = km_result_get_centres (result);
  int            k       = km_result_get_n_clusters (result);
  double         weights[KM_MAX_CLUSTERS] = { 0 };
  size_t         sizes[KM_MAX_CLUSTERS]   = { 0 };
  double         inertia = 0.0;
  GHashTable    *colours = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                                 (GDestroyNotify) g_bytes_unref, NULL);

  for (size_t i = 0; i < image.n_points; i++)
    {
      const float *point = &image.points[i * 4];

      if (labels[i] == KM_LABEL_NONE)
        continue;
      weights[labels[i]] += point[3];
      sizes[labels[i]]++;
      inertia += point[3] * distance2 (point, &centres[labels[i] * 3]);
      g_hash_table_add (colours, g_bytes_new (point, 3 * sizeof (float)));
    }

  for (int c = 0; c < k; c++)
    {
      g_assert_cmpfloat_with_epsilon (km_result_get_cluster_weights (result)[c],
                                      weights[c], 1e-6 * weights[c]);
      g_assert_cmpuint (km_result_get_cluster_sizes (result)[c], ==, sizes[c]);
    }
  g_assert_cmpfloat_with_epsilon (km_result_get_inertia (result), inertia,
                                  1e-5 * inertia);
  /* Off-grid colours may share a cell, on-grid ones never do. */
  g_assert_cmpuint (km_result_get_n_distinct (result), <=,
                    g_hash_table_size (colours));
  g_assert_cmpuint (km_result_get_n_distinct (result), >=,
                    g_hash_table_size (colours) * 9 / 10);

  g_hash_table_unref (colours);
  km_result_free (result);
  g_free (image.points);
}

/* Float data: many values per cell, and every point within the stated
 * relative error of its cell's mean, which is a centre when K equals the
 * number of cells. */
static void
test_cells_bound_the_quantisation_error (void)
{
  size_t      n_points = 20000;
  float      *points   = g_new (float, n_points);
  GHashTable *cells    = g_hash_table_new (g_direct_hash, g_direct_equal);
  KmSettings *settings = km_settings_new ();
  KmResult   *result   = NULL;
  const float *centres;

  for (size_t i = 0; i < n_points; i++)
    {
      guint32 bits;

      points[i] = 0.75f + (float) i * 1e-6f;
      memcpy (&bits, &points[i], sizeof bits);
      bits >>= 23 - KM_CELL_MANTISSA_BITS;
      g_hash_table_add (cells, GUINT_TO_POINTER (bits));
    }
  g_assert_cmpuint (g_hash_table_size (cells), <, n_points / 10);
  g_assert_cmpuint (g_hash_table_size (cells), <=, KM_MAX_CLUSTERS);

  km_settings_set_n_clusters (settings, (int) g_hash_table_size (cells));
  g_assert_cmpint (km_cluster (settings, points, n_points, 1, 1, NULL, 0, &result),
                   ==, KM_STATUS_OK);
  g_assert_cmpuint (km_result_get_n_distinct (result), ==, g_hash_table_size (cells));
  g_assert_cmpint (km_result_get_n_clusters (result), ==, (int) g_hash_table_size (cells));

  centres = km_result_get_centres (result);
  for (size_t i = 0; i < n_points; i++)
    {
      float error = fabsf (points[i] - centres[km_result_get_labels (result)[i]]);

      g_assert_cmpfloat (error, <, points[i] * ldexpf (1.0f, -KM_CELL_MANTISSA_BITS));
    }

  km_result_free (result);
  km_settings_free (settings);
  g_hash_table_unref (cells);
  g_free (points);
}

/* 8-bit data is clustered exactly: with one cluster per colour, every
 * centre is a colour bit for bit and the inertia is zero. */
static void
test_eight_bit_data_is_exact (void)
{
  size_t      n_points = 50000;
  float      *points   = g_new (float, n_points * 3);
  KmSettings *settings = km_settings_new ();
  KmResult   *result   = NULL;

  for (size_t i = 0; i < n_points; i++)
    for (int d = 0; d < 3; d++)
      points[i * 3 + d] = (float) ((i % 200 + 37 * d) % 256) / 255.0f;

  km_settings_set_n_clusters (settings, 200);
  g_assert_cmpint (km_cluster (settings, points, n_points, 3, 3, NULL, 0, &result),
                   ==, KM_STATUS_OK);
  g_assert_cmpuint (km_result_get_n_distinct (result), ==, 200);
  g_assert_cmpint (km_result_get_n_clusters (result), ==, 200);
  g_assert_cmpfloat (km_result_get_inertia (result), ==, 0.0);
  for (size_t i = 0; i < n_points; i++)
    g_assert_cmpmem (&points[i * 3], 3 * sizeof (float),
                     &km_result_get_centres (result)[km_result_get_labels (result)[i] * 3],
                     3 * sizeof (float));

  km_result_free (result);
  km_settings_free (settings);
  g_free (points);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/speed/same-result-for-1-2-or-16-threads",
                   test_same_result_for_any_threads);
  g_test_add_func ("/core/speed/every-label-is-a-nearest-centre",
                   test_every_label_is_a_nearest_centre);
  g_test_add_func ("/core/speed/statistics-agree-with-labels",
                   test_statistics_agree_with_labels);

  g_test_add_func ("/core/speed/cells-bound-the-quantisation-error",
                   test_cells_bound_the_quantisation_error);
  g_test_add_func ("/core/speed/eight-bit-data-is-exact",
                   test_eight_bit_data_is_exact);

  return g_test_run ();
}
