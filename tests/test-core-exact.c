/* test-core-exact.c — what the fast paths must not change: the same result
 * bit for bit however the parallel hook splits the work, nearest-centre
 * labels for every point, statistics that agree with the labels, and cells
 * that keep 8-bit data exact and bound the error of float data. */

#include <math.h>
#include <string.h>

#include <glib.h>

#include "core-test-util.h"
#include "kmeans.h"

/* An image-like input: colours around a few centres, on the 8-bit grid
 * (so that colours repeat), some off the grid, some with zero or
 * fractional weights; 4 floats a point (RGB + weight), like the plug-in.
 * Free with free_image(). */
static TestPoints
make_image (size_t  n_points,
            guint32 seed)
{
  GRand     *rand   = g_rand_new_with_seed (seed);
  float     *points = g_new (float, n_points * 4);
  TestPoints image  = { points, n_points, 3, 4, points + 3, 4 };
  float      centres[6][3];

  for (int c = 0; c < 6; c++)
    for (int d = 0; d < 3; d++)
      centres[c][d] = (float) g_rand_double (rand);

  for (size_t i = 0; i < n_points; i++)
    {
      float *point = &points[i * 4];
      int    c     = g_rand_int_range (rand, 0, 6);

      for (int d = 0; d < 3; d++)
        {
          double value = centres[c][d] + 0.15 * (g_rand_double (rand) - 0.5);

          value    = CLAMP (value, 0.0, 1.0);
          point[d] = i % 7 ? (float) (round (value * 255.0) / 255.0) : (float) value;
        }
      point[3] = i % 11 == 0 ? 0.0f : i % 5 == 0 ? 0.5f + (float) (i % 3) * 0.25f
                                                 : 1.0f;
    }

  g_rand_free (rand);
  return image;
}

static void
free_image (TestPoints *image)
{
  g_free ((float *) image->points);
}

/* A hook that cuts the items into 16 uneven ranges and runs them from the
 * last to the first. */
static void
reversed_sixteen_ranges (size_t      n_items,
                         KmRangeFunc func,
                         void       *func_data,
                         void       *hook_data G_GNUC_UNUSED)
{
  size_t bounds[17];

  for (int r = 0; r <= 16; r++)
    bounds[r] = n_items * (size_t) (r * r) / 256;

  for (int r = 15; r >= 0; r--)
    if (bounds[r + 1] > bounds[r])
      func (bounds[r], bounds[r + 1] - bounds[r], func_data);
}

/* Two uneven ranges on two threads at once. */
static void
two_threads (size_t      n_items,
             KmRangeFunc func,
             void       *func_data,
             void       *hook_data G_GNUC_UNUSED)
{
  real_threads (n_items, func, func_data, GINT_TO_POINTER (2));
}

/* The work in one range in the calling thread, in two uneven ranges on
 * two threads at once, and in 16 uneven ranges one after another, the
 * last first. */
static void
test_same_result_however_the_work_is_split (void)
{
  TestPoints image = make_image (160000, 7);

  for (int k = 8; k <= 16; k += 8)
    {
      KmResult *alone    = cluster (&image, k, k, NULL);
      KmResult *two      = cluster (&image, k, k, two_threads);
      KmResult *reversed = cluster (&image, k, k, reversed_sixteen_ranges);

      g_assert_cmpint (km_result_get_n_clusters (alone), ==, k);
      assert_same_result (alone, two);
      assert_same_result (alone, reversed);

      km_result_free (alone);
      km_result_free (two);
      km_result_free (reversed);
    }

  free_image (&image);
}

static void
test_every_label_is_a_nearest_centre (void)
{
  TestPoints image  = make_image (60000, 11);
  KmResult  *result = cluster (&image, 12, 3, two_threads);

  assert_labels_are_nearest (result, &image);

  km_result_free (result);
  free_image (&image);
}

static void
test_statistics_agree_with_labels (void)
{
  TestPoints     image   = make_image (60000, 5);
  KmResult      *result  = cluster (&image, 9, 1, reversed_sixteen_ranges);
  const uint8_t *labels  = km_result_get_labels (result);
  GHashTable    *colours = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                                  (GDestroyNotify) g_bytes_unref, NULL);

  assert_statistics_agree (result, &image);

  for (size_t i = 0; i < image.n_points; i++)
    if (labels[i] != KM_LABEL_NONE)
      g_hash_table_add (colours, g_bytes_new (&image.points[i * 4], 3 * sizeof (float)));
  /* Off-grid colours may share a cell, on-grid ones never do. */
  g_assert_cmpuint (km_result_get_n_distinct (result), <=,
                    g_hash_table_size (colours));
  g_assert_cmpuint (km_result_get_n_distinct (result), >=,
                    g_hash_table_size (colours) * 9 / 10);

  g_hash_table_unref (colours);
  km_result_free (result);
  free_image (&image);
}

/* Float data: many values per cell, and every point within the stated
 * relative error of its cell's mean, which is a centre when K equals the
 * number of cells. */
static void
test_cells_bound_the_quantisation_error (void)
{
  size_t       n_points = 20000;
  float       *points   = g_new (float, n_points);
  TestPoints   line     = packed_points (points, n_points, 1, NULL);
  GHashTable  *cells    = g_hash_table_new (g_direct_hash, g_direct_equal);
  KmResult    *result;
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

  result = cluster (&line, (int) g_hash_table_size (cells), 0, NULL);
  g_assert_cmpuint (km_result_get_n_distinct (result), ==, g_hash_table_size (cells));
  g_assert_cmpint (km_result_get_n_clusters (result), ==, (int) g_hash_table_size (cells));

  centres = km_result_get_centres (result);
  for (size_t i = 0; i < n_points; i++)
    {
      float error = fabsf (points[i] - centres[km_result_get_labels (result)[i]]);

      g_assert_cmpfloat (error, <, points[i] * ldexpf (1.0f, -KM_CELL_MANTISSA_BITS));
    }

  km_result_free (result);
  g_hash_table_unref (cells);
  g_free (points);
}

/* 8-bit data is clustered exactly: with one cluster per colour, every
 * centre is a colour bit for bit and the inertia is zero. */
static void
test_eight_bit_data_is_exact (void)
{
  size_t     n_points = 50000;
  float     *points   = g_new (float, n_points * 3);
  TestPoints colours  = packed_points (points, n_points, 3, NULL);
  KmResult  *result;

  for (size_t i = 0; i < n_points; i++)
    for (int d = 0; d < 3; d++)
      points[i * 3 + d] = (float) ((i % 200 + 37 * d) % 256) / 255.0f;

  result = cluster (&colours, 200, 0, NULL);
  g_assert_cmpuint (km_result_get_n_distinct (result), ==, 200);
  g_assert_cmpint (km_result_get_n_clusters (result), ==, 200);
  g_assert_cmpfloat (km_result_get_inertia (result), ==, 0.0);
  for (size_t i = 0; i < n_points; i++)
    g_assert_cmpmem (&points[i * 3], 3 * sizeof (float),
                     &km_result_get_centres (result)[km_result_get_labels (result)[i] * 3],
                     3 * sizeof (float));

  km_result_free (result);
  g_free (points);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/exact/same-result-however-the-work-is-split",
                   test_same_result_however_the_work_is_split);
  g_test_add_func ("/core/exact/every-label-is-a-nearest-centre",
                   test_every_label_is_a_nearest_centre);
  g_test_add_func ("/core/exact/statistics-agree-with-labels",
                   test_statistics_agree_with_labels);
  g_test_add_func ("/core/exact/cells-bound-the-quantisation-error",
                   test_cells_bound_the_quantisation_error);
  g_test_add_func ("/core/exact/eight-bit-data-is-exact",
                   test_eight_bit_data_is_exact);

  return g_test_run ();
}
