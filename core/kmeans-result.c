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
