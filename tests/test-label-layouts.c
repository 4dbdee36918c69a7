/* test-label-layouts.c — the last labelling pass reads points in every
 * layout a caller may give: 1 to KM_MAX_DIMS features, packed or padded,
 * weights interleaved or in their own array, and groups that end at the
 * very last float of the caller's buffer (run under ASan and valgrind,
 * a read past it fails).  Every label must be the nearest centre (the
 * first of equals, computed here with the core's float operations), and
 * the sizes, weights and inertia must add up to the labels.
 *
 * The oracle is this file's own on purpose: it computes distances in
 * float, in the core's order of operations but independently of its
 * private headers, so it checks the exact labels, ties included, where
 * the shared checks of core-test-util.h allow for rounding. */

#include <math.h>

#include <glib.h>

#include "core-test-util.h"
#include "kmeans.h"

typedef enum
{
  WEIGHTS_NONE,
  WEIGHTS_INTERLEAVED,
  WEIGHTS_SEPARATE
} WeightLayout;

typedef struct
{
  int          n_dims;
  size_t       stride;
  WeightLayout weights;
  size_t       n_points;
} Layout;

/* Points in runs of near neighbours, as in a photo, with a few that take
 * no part (NaN feature, zero weight).  The buffer ends with the last
 * point's last feature, or its weight when that comes last. */
static float *
make_points (const Layout *layout,
             float       **weights,
             GRand        *rand)
{
  size_t n_floats = (layout->n_points - 1) * layout->stride + layout->n_dims +
                    (layout->weights == WEIGHTS_INTERLEAVED ? 1 : 0);
  float *points        = g_new (float, n_floats);
  float  run_centre[5] = { 0 };

  *weights = layout->weights == WEIGHTS_SEPARATE ? g_new (float, layout->n_points) : NULL;

  for (size_t i = 0; i < layout->n_points; i++)
    {
      float *point  = &points[i * layout->stride];
      float  weight = (float) g_rand_double_range (rand, 0.5, 2.0);

      if (g_rand_int_range (rand, 0, 24) == 0)
        for (int d = 0; d < layout->n_dims; d++)
          run_centre[d] = (float) g_rand_double_range (rand, 0.0, 100.0);
      for (int d = 0; d < layout->n_dims; d++)
        point[d] = run_centre[d] + (float) g_rand_double_range (rand, -4.0, 4.0);

      /* The first point always takes part, so every input has one. */
      if (i > 0 && g_rand_int_range (rand, 0, 50) == 0)
        point[g_rand_int_range (rand, 0, layout->n_dims)] = NAN;
      if (i > 0 && g_rand_int_range (rand, 0, 50) == 0)
        weight = 0.0f;

      if (layout->weights == WEIGHTS_INTERLEAVED)
        point[layout->n_dims] = weight;
      else if (layout->weights == WEIGHTS_SEPARATE)
        (*weights)[i] = weight;
    }

  return points;
}

static float
float_distance2 (const float *a,
                 const float *b,
                 int          n_dims)
{
  float distance = 0.0f;

  for (int d = 0; d < n_dims; d++)
    {
      float diff = a[d] - b[d];

      distance += diff * diff;
    }
  return distance;
}

static void
check_layout (const Layout *layout)
{
  GRand         *rand          = g_rand_new_with_seed ((guint32) (layout->n_points * 31 +
                                                 layout->stride * 7 +
                                                 layout->n_dims));
  float         *weights       = NULL;
  float         *points        = make_points (layout, &weights, rand);
  const float   *weight_of     = layout->weights == WEIGHTS_INTERLEAVED ? points + layout->n_dims
                                                                        : weights;
  size_t         weight_stride = layout->weights == WEIGHTS_INTERLEAVED ? layout->stride : 1;
  TestPoints     input         = { points, layout->n_points, layout->n_dims, layout->stride,
                                   weight_of, weight_stride };
  KmResult      *result;
  const float   *centres;
  const uint8_t *labels;
  int            k;
  size_t         sizes[KM_MAX_CLUSTERS]  = { 0 };
  double         masses[KM_MAX_CLUSTERS] = { 0 };
  double         inertia                 = 0.0;

  result  = cluster (&input, 5, 3, NULL);
  k       = km_result_get_n_clusters (result);
  centres = km_result_get_centres (result);
  labels  = km_result_get_labels (result);

  for (size_t i = 0; i < layout->n_points; i++)
    {
      const float *point   = &points[i * layout->stride];
      float        weight  = weight_of ? weight_of[i * weight_stride] : 1.0f;
      gboolean     takes   = weight > 0.0f;
      float        best    = INFINITY;
      int          nearest = 0;

      for (int d = 0; d < layout->n_dims; d++)
        takes = takes && isfinite (point[d]);
      if (! takes)
        {
          g_assert_cmpint (labels[i], ==, KM_LABEL_NONE);
          continue;
        }

      for (int c = 0; c < k; c++)
        {
          float distance = float_distance2 (point, &centres[c * layout->n_dims], layout->n_dims);

          if (distance < best)
            {
              best    = distance;
              nearest = c;
            }
        }
      g_assert_cmpint (labels[i], ==, nearest);
      sizes[nearest]++;
      masses[nearest] += weight;
      inertia += (double) weight * best;
    }

  for (int c = 0; c < k; c++)
    {
      g_assert_cmpuint (km_result_get_cluster_sizes (result)[c], ==, sizes[c]);
      g_assert_cmpfloat_with_epsilon (km_result_get_cluster_weights (result)[c],
                                      masses[c], 1e-9 * masses[c] + 1e-30);
    }
  g_assert_cmpfloat_with_epsilon (km_result_get_inertia (result), inertia, 1e-9 * inertia + 1e-30);

  km_result_free (result);
  g_free (points);
  g_free (weights);
  g_rand_free (rand);
}

static void
test_every_layout (void)
{
  /* Around the group size (8) and a block's end, and a size with many
   * groups of one run. */
  const size_t counts[] = { 1, 7, 8, 9, 15, 16, 17, 1003, 32768 + 13 };

  for (int n_dims = 1; n_dims <= KM_MAX_DIMS; n_dims++)
    for (int weights = WEIGHTS_NONE; weights <= WEIGHTS_SEPARATE; weights++)
      for (int padding = 0; padding <= 2; padding++)
        for (gsize c = 0; c < G_N_ELEMENTS (counts); c++)
          {
            Layout layout = { n_dims,
                              (size_t) n_dims + (weights == WEIGHTS_INTERLEAVED) + padding,
                              weights, counts[c] };

            check_layout (&layout);
          }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/label-layouts/nearest-centre-in-every-layout", test_every_layout);

  return g_test_run ();
}
