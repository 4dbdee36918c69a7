/* test-label-points.c — km_result_label_points extends a clustering made on
 * a sample to other points (the dialog's preview labels its visible area
 * this way). */

#include <math.h>

#include <glib.h>

#include "core-test-util.h"
#include "kmeans.h"

/* Two well separated groups on a line: around 0 and around 10. */
static const float sample[] = { 0.0f, 0.5f, 1.0f, 9.0f, 9.5f, 10.0f };

static KmResult *
cluster_sample (void)
{
  TestPoints points = packed_points (sample, G_N_ELEMENTS (sample), 1, NULL);

  return cluster (&points, 2, 0, NULL);
}

static void
test_labels_match_the_sample (void)
{
  KmResult      *result        = cluster_sample ();
  const uint8_t *sample_labels = km_result_get_labels (result);
  uint8_t        labels[G_N_ELEMENTS (sample)];

  g_assert_cmpint (km_result_label_points (result, sample, G_N_ELEMENTS (sample),
                                           1, labels),
                   ==, KM_STATUS_OK);
  for (gsize i = 0; i < G_N_ELEMENTS (sample); i++)
    g_assert_cmpint (labels[i], ==, sample_labels[i]);

  km_result_free (result);
}

static void
test_new_points_get_the_nearest_centre (void)
{
  KmResult      *result        = cluster_sample ();
  const uint8_t *sample_labels = km_result_get_labels (result);
  /* Strided points: the feature, then an ignored value. */
  const float    points[] = { -3.0f, 99.0f, 4.9f, 99.0f, 5.1f, 99.0f, 20.0f, 99.0f };
  uint8_t        labels[4];

  g_assert_cmpint (km_result_label_points (result, points, 4, 2, labels),
                   ==, KM_STATUS_OK);
  g_assert_cmpint (labels[0], ==, sample_labels[0]);
  g_assert_cmpint (labels[1], ==, sample_labels[0]);
  g_assert_cmpint (labels[2], ==, sample_labels[5]);
  g_assert_cmpint (labels[3], ==, sample_labels[5]);

  km_result_free (result);
}

static void
test_points_not_finite_get_no_label (void)
{
  KmResult   *result   = cluster_sample ();
  const float points[] = { NAN, INFINITY, -INFINITY };
  uint8_t     labels[3];

  g_assert_cmpint (km_result_label_points (result, points, 3, 1, labels),
                   ==, KM_STATUS_OK);
  for (gint i = 0; i < 3; i++)
    g_assert_cmpint (labels[i], ==, KM_LABEL_NONE);

  km_result_free (result);
}

/* Points halfway between the two centres (0.5 and 9.5) get the first
 * centre, whichever centre the points before them got: the labelling tries
 * the previous points' centre first and must still break ties by index. */
static void
test_ties_go_to_the_first_centre (void)
{
  KmResult *result = cluster_sample ();
  float     points[32];
  uint8_t   labels[32];

  for (int before = 0; before < 2; before++)
    {
      for (int i = 0; i < 32; i++)
        points[i] = i < 8 ? (before ? 9.0f : 1.0f) : 5.0f;
      g_assert_cmpint (km_result_label_points (result, points, 32, 1, labels),
                       ==, KM_STATUS_OK);
      g_assert_cmpint (labels[0], ==, km_result_get_labels (result)[before ? 3 : 0]);
      for (int i = 8; i < 32; i++)
        g_assert_cmpint (labels[i], ==, 0);
    }

  km_result_free (result);
}

static void
test_bad_arguments_are_refused (void)
{
  KmResult *result = cluster_sample ();
  uint8_t   label;

  g_assert_cmpint (km_result_label_points (NULL, sample, 1, 1, &label),
                   ==, KM_STATUS_INVALID_ARGUMENT);
  g_assert_cmpint (km_result_label_points (result, NULL, 1, 1, &label),
                   ==, KM_STATUS_INVALID_ARGUMENT);
  g_assert_cmpint (km_result_label_points (result, sample, 1, 0, &label),
                   ==, KM_STATUS_INVALID_ARGUMENT);
  g_assert_cmpint (km_result_label_points (result, NULL, 0, 1, NULL),
                   ==, KM_STATUS_OK);

  km_result_free (result);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/label-points/match-the-sample",
                   test_labels_match_the_sample);
  g_test_add_func ("/core/label-points/nearest-centre",
                   test_new_points_get_the_nearest_centre);
  g_test_add_func ("/core/label-points/not-finite-gets-no-label",
                   test_points_not_finite_get_no_label);
  g_test_add_func ("/core/label-points/ties-go-to-the-first-centre",
                   test_ties_go_to_the_first_centre);
  g_test_add_func ("/core/label-points/bad-arguments-are-refused",
                   test_bad_arguments_are_refused);

  return g_test_run ();
}
