/* same-result.h — asserts that two clusterings of 3-feature points are
 * bit for bit the same: every statistic, centre and label. */

#ifndef SAME_RESULT_H
#define SAME_RESULT_H

#include <glib.h>

#include "kmeans.h"

static void
assert_same_result (const KmResult *a,
                    const KmResult *b)
{
  int k = km_result_get_n_clusters (a);

  g_assert_cmpint (km_result_get_n_clusters (b), ==, k);
  g_assert_cmpint (km_result_get_iterations (a), ==, km_result_get_iterations (b));
  g_assert_cmpuint (km_result_get_n_distinct (a), ==, km_result_get_n_distinct (b));
  g_assert_true (km_result_get_inertia (a) == km_result_get_inertia (b));
  g_assert_cmpmem (km_result_get_centres (a), k * 3 * sizeof (float),
                   km_result_get_centres (b), k * 3 * sizeof (float));
  g_assert_cmpmem (km_result_get_cluster_weights (a), k * sizeof (double),
                   km_result_get_cluster_weights (b), k * sizeof (double));
  g_assert_cmpmem (km_result_get_cluster_sizes (a), k * sizeof (size_t),
                   km_result_get_cluster_sizes (b), k * sizeof (size_t));
  g_assert_cmpmem (km_result_get_labels (a), km_result_get_n_points (a),
                   km_result_get_labels (b), km_result_get_n_points (b));
}

#endif /* SAME_RESULT_H */
