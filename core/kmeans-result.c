/* kmeans-result.c — the result object's accessors. */

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
  free (result->error_curve);
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
  return result->n_cells;
}

const double *
km_result_get_error_curve (const KmResult *result,
                           int            *n_errors)
{
  *n_errors = result->n_errors;
  return result->error_curve;
}

KmStatus
km_result_label_points (const KmResult *result,
                        const float    *points,
                        size_t          n_points,
                        size_t          point_stride,
                        uint8_t        *labels)
{
  KmPoints    input;
  KmSettings *serial;
  size_t      sizes[KM_MAX_CLUSTERS];
  double      weights[KM_MAX_CLUSTERS];
  double      inertia;
  KmStatus    status;

  if (! result || (n_points > 0 && (! points || ! labels)) ||
      point_stride < (size_t) result->n_dims)
    return KM_STATUS_INVALID_ARGUMENT;

  /* The clustering's own final pass, so a point gets the label it would
   * have had among the clustered points; run here in the calling thread. */
  input  = (KmPoints) { points, n_points, result->n_dims, point_stride, NULL, 0 };
  serial = km_settings_new ();
  if (! serial)
    return KM_STATUS_OUT_OF_MEMORY;

  status = km_label_points (serial, &input, result->centres, result->n_clusters,
                            labels, sizes, weights, &inertia);
  km_settings_free (serial);

  return status;
}
