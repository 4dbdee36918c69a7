/* kmeans-result.c — the result object's accessors. */

#include <math.h>
#include <stdlib.h>

#include "kmeans-private.h"

void
km_result_free (KmResult *result)
{
  if (! result)
    return;

  free (result->centres);
  free (result->labels);
  free (result->cluster_weights);
  free (result->cluster_sizes);
  free (result);
}

int
km_result_get_n_clusters (const KmResult *result)
{
  return result->n_clusters;
}

KmShortfall
km_result_get_shortfall (const KmResult *result)
{
  return result->shortfall;
}

int
km_result_get_n_dims (const KmResult *result)
{
  return result->n_dims;
}

const float *
km_result_get_centres (const KmResult *result)
{
  return result->centres;
}

const uint8_t *
km_result_get_labels (const KmResult *result)
{
  return result->labels;
}

size_t
km_result_get_n_points (const KmResult *result)
{
  return result->n_points;
}

const double *
km_result_get_cluster_weights (const KmResult *result)
{
  return result->cluster_weights;
}

const size_t *
km_result_get_cluster_sizes (const KmResult *result)
{
  return result->cluster_sizes;
}

double
km_result_get_inertia (const KmResult *result)
{
  return result->inertia;
}

int
km_result_get_iterations (const KmResult *result)
{
  return result->iterations;
}

size_t
km_result_get_n_distinct (const KmResult *result)
{
  return result->n_distinct;
}

KmStatus
km_result_label_points (const KmResult *result,
                        const float    *points,
                        size_t          n_points,
                        size_t          point_stride,
                        uint8_t        *labels)
{
  int n_dims;

  if (! result || (n_points > 0 && (! points || ! labels)) ||
      point_stride < (size_t) result->n_dims)
    return KM_STATUS_INVALID_ARGUMENT;

  n_dims = result->n_dims;

  for (size_t i = 0; i < n_points; i++)
    {
      const float *point = &points[i * point_stride];
      float        best  = INFINITY;
      uint8_t      label = KM_LABEL_NONE;

      /* A NaN distance never compares below best, so a point with a
       * feature that is not finite keeps KM_LABEL_NONE. */
      for (int c = 0; c < result->n_clusters; c++)
        {
          float distance = km_distance2 (point, &result->centres[c * n_dims],
                                         n_dims);

          if (distance < best)
            {
              best  = distance;
              label = (uint8_t) c;
            }
        }

      labels[i] = label;
    }

  return KM_STATUS_OK;
}
