/* kmeans-points.h — the core's input: a set of points as the caller lays
 * them out, and how one point is read. */

#ifndef KMEANS_POINTS_H
#define KMEANS_POINTS_H

#include <float.h>
#include <math.h>
#include <stddef.h>

#include "kmeans.h"

/* n_points points of n_dims features, as km_cluster() takes them: point i
 * starts at points[i * point_stride], its weight is
 * weights[i * weight_stride], or 1 when weights is NULL.  The subsample of
 * a large input is described the same way, each point's weight after its
 * features. */
typedef struct
{
  const float *points;
  size_t       n_points;
  int          n_dims;
  size_t       point_stride;
  const float *weights;
  size_t       weight_stride;
} KmPoints;

/* Reads point i: its features with -0 made +0 into vector, its weight into
 * *weight (when not NULL); FALSE when the point takes no part (a weight
 * that is not positive and finite, a feature beyond KM_MAX_ABS_FEATURE).
 * n_dims is input->n_dims, passed apart so that a caller with a constant
 * gets the loop unrolled. */
static inline int
km_read_point (const KmPoints *input,
               int             n_dims,
               size_t          i,
               float          *vector,
               float          *weight)
{
  const float *raw = &input->points[i * input->point_stride];
  float        w   = input->weights ? input->weights[i * input->weight_stride] : 1.0f;
  int          ok  = w > 0.0f && w <= FLT_MAX;

  /* One test for all features: fabsf of NaN compares false. */
  for (int d = 0; d < n_dims; d++)
    {
      ok &= fabsf (raw[d]) <= KM_MAX_ABS_FEATURE;
      vector[d] = raw[d] + 0.0f;
    }
  if (! ok)
    return 0;

  if (weight)
    *weight = w;
  return 1;
}

#endif /* KMEANS_POINTS_H */
