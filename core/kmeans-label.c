/* kmeans-label.c — labels every input point with its nearest centre.
 *
 * The exact, full-precision pass that ends the clustering: each point gets
 * the nearest centre, the first of equals, computed with the very same
 * float operations as the assignment of the cells, so a point of an exact
 * cell always gets the cell's label.  The pass also sums each cluster's
 * points, weights and inertia, per block and then in block order.  Points
 * are taken a few at a time, features transposed so that the compiler can
 * compute the distances of all of them to one centre in vector registers. */

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kmeans-private.h"

#define KM_LANES 16

typedef struct
{
  const float *points;
  size_t       n_points;
  int          n_dims;
  size_t       point_stride;
  const float *weights;
  size_t       weight_stride;
  const float *centres;
  int          n_clusters;
  uint8_t     *labels;
  size_t      *block_sizes;    /* [block][cluster] */
  double      *block_weights;  /* [block][cluster] */
  double      *block_inertia;  /* [block] */
} KmLabeller;

static inline KM_ALWAYS_INLINE void
label_block_dims (size_t     block,
                  void      *data,
                  const int  n_dims)
{
  const KmLabeller *labeller = data;
  int               k        = labeller->n_clusters;
  size_t            start    = block * KM_BLOCK_POINTS;
  size_t            end      = start + KM_BLOCK_POINTS;
  size_t           *sizes    = &labeller->block_sizes[block * k];
  double           *weights  = &labeller->block_weights[block * k];
  double            inertia  = 0.0;

  if (end > labeller->n_points)
    end = labeller->n_points;
  memset (sizes, 0, k * sizeof (size_t));
  memset (weights, 0, k * sizeof (double));

  for (size_t first = start; first < end; first += KM_LANES)
    {
      size_t  n = end - first < KM_LANES ? end - first : KM_LANES;
      float   features[KM_MAX_DIMS][KM_LANES] = { { 0 } };
      float   best[KM_LANES];
      int32_t label[KM_LANES];
      uint8_t takes_part[KM_LANES];
      float   weight[KM_LANES];

      for (size_t j = 0; j < n; j++)
        {
          float vector[KM_MAX_DIMS];

          takes_part[j] = (uint8_t) km_read_point (labeller->points,
                                                   labeller->point_stride, n_dims,
                                                   labeller->weights,
                                                   labeller->weight_stride,
                                                   first + j, vector, &weight[j]);
          for (int d = 0; d < n_dims && takes_part[j]; d++)
            features[d][j] = vector[d];
        }

      for (int j = 0; j < KM_LANES; j++)
        {
          best[j]  = INFINITY;
          label[j] = 0;
        }

      for (int c = 0; c < labeller->n_clusters; c++)
        {
          const float *centre = &labeller->centres[c * n_dims];

          for (int j = 0; j < KM_LANES; j++)
            {
              float distance = 0.0f;
              int   nearer;

              for (int d = 0; d < n_dims; d++)
                {
                  float diff = features[d][j] - centre[d];

                  distance += diff * diff;
                }

              nearer   = distance < best[j];
              best[j]  = nearer ? distance : best[j];
              label[j] = nearer ? c : label[j];
            }
        }

      for (size_t j = 0; j < n; j++)
        {
          labeller->labels[first + j] = takes_part[j] ? (uint8_t) label[j]
                                                      : KM_LABEL_NONE;
          if (takes_part[j])
            {
              sizes[label[j]]++;
              weights[label[j]] += weight[j];
              inertia += (double) weight[j] * best[j];
            }
        }
    }

  labeller->block_inertia[block] = inertia;
}

static KM_VECTOR_CLONES void
label_block (size_t  block,
             void   *data)
{
  KM_WITH_CONSTANT_DIMS (((const KmLabeller *) data)->n_dims,
                         label_block_dims, block, data);
}

KmStatus
km_label_points (const KmSettings *settings,
                 const float      *points,
                 size_t            n_points,
                 int               n_dims,
                 size_t            point_stride,
                 const float      *weights,
                 size_t            weight_stride,
                 const float      *centres,
                 int               n_clusters,
                 uint8_t          *labels,
                 size_t           *cluster_sizes,
                 double           *cluster_weights,
                 double           *inertia)
{
  size_t     n_blocks = km_n_blocks (n_points, KM_BLOCK_POINTS);
  KmLabeller labeller = { points, n_points, n_dims, point_stride, weights,
                          weight_stride, centres, n_clusters, labels,
                          malloc ((n_blocks + 1) * n_clusters * sizeof (size_t)),
                          malloc ((n_blocks + 1) * n_clusters * sizeof (double)),
                          malloc ((n_blocks + 1) * sizeof (double)) };

  if (! labeller.block_sizes || ! labeller.block_weights || ! labeller.block_inertia)
    {
      free (labeller.block_sizes);
      free (labeller.block_weights);
      free (labeller.block_inertia);
      return KM_STATUS_OUT_OF_MEMORY;
    }

  km_parallel_blocks (settings, n_blocks, label_block, &labeller);

  memset (cluster_sizes, 0, n_clusters * sizeof (size_t));
  memset (cluster_weights, 0, n_clusters * sizeof (double));
  *inertia = 0.0;
  for (size_t b = 0; b < n_blocks; b++)
    {
      for (int c = 0; c < n_clusters; c++)
        {
          cluster_sizes[c]   += labeller.block_sizes[b * n_clusters + c];
          cluster_weights[c] += labeller.block_weights[b * n_clusters + c];
        }
      *inertia += labeller.block_inertia[b];
    }

  free (labeller.block_sizes);
  free (labeller.block_weights);
  free (labeller.block_inertia);
  return KM_STATUS_OK;
}
