/* core-test-util.h — what the core's GLib tests share: test points in any
 * layout, one way to cluster them, a parallel hook on real threads, and
 * checks of a result against its points.  The checks recompute distances
 * in double here, independently of the core's float arithmetic, so they
 * allow for float rounding on near-ties; test-label-layouts.c keeps its
 * own float oracle, which checks the exact first-of-equals labels, and
 * tests/fuzz/fuzz-core.c its own, as it builds without GLib. */

#ifndef CORE_TEST_UTIL_H
#define CORE_TEST_UTIL_H

#include <glib.h>

#include "kmeans.h"

/* Points as km_cluster() takes them. */
typedef struct
{
  const float *points;
  size_t       n_points;
  int          n_dims;
  size_t       point_stride;
  const float *weights; /* NULL: every weight is 1 */
  size_t       weight_stride;
} TestPoints;

/* Packed points: n_dims floats each, weights (or NULL) one float each. */
TestPoints packed_points (const float *points,
                          size_t       n_points,
                          int          n_dims,
                          const float *weights);

/* Clusters the points into k clusters from the seed, through the parallel
 * hook (NULL: in the calling thread); the core's other settings keep their
 * defaults.  Fails the test unless km_cluster succeeds. */
KmResult *cluster (const TestPoints *points,
                   int               k,
                   guint64           seed,
                   KmParallelHook    hook);

/* A parallel hook on real threads: the items cut into
 * GPOINTER_TO_INT (hook_data) uneven ranges (2 to 16), each run on a
 * thread of its own, the last range started first.  Threads are made and
 * joined per call: a GLib pool's idle threads would outlive the test and
 * show up as leaks under valgrind. */
void real_threads (size_t      n_items,
                   KmRangeFunc func,
                   void       *func_data,
                   void       *hook_data);

/* The squared distance, in double. */
double distance2 (const float *a,
                  const float *b,
                  int          n_dims);

/* Whether point i takes part, as kmeans.h defines it. */
gboolean point_takes_part (const TestPoints *points,
                           size_t            i);

/* Every point that takes part has a label whose centre is a nearest one,
 * up to float rounding (a relative 1e-6 in squared distance); every other
 * point has KM_LABEL_NONE. */
void assert_labels_are_nearest (const KmResult   *result,
                                const TestPoints *points);

/* The cluster sizes are the labels' counts, the cluster weights and the
 * inertia their sums (to a relative 1e-6 and 1e-5). */
void assert_statistics_agree (const KmResult   *result,
                              const TestPoints *points);

/* Two results are bit for bit the same: every statistic, centre and label. */
void assert_same_result (const KmResult *a,
                         const KmResult *b);

#endif /* CORE_TEST_UTIL_H */
