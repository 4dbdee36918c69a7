/* kmeans-label.c — labels every input point with its nearest centre.
 *
 * The exact, full-precision pass that ends the clustering: each point gets
 * the nearest centre, the first of equals, computed with the very same
 * float operations as the assignment of the distinct vectors, so a point
 * always gets the label of its distinct vector.  Points are taken a few at
 * a time, features transposed so that the compiler can compute the
 * distances of all of them to one centre in vector registers; the blocks
 * run in parallel and write disjoint labels. */

#include <math.h>

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
} KmLabeller;

static inline KM_ALWAYS_INLINE void
label_block_dims (size_t     block,
                  void      *data,
                  const int  n_dims)
{
  const KmLabeller *labeller = data;
  size_t            start    = block * KM_BLOCK_POINTS;
  size_t            end      = start + KM_BLOCK_POINTS;

  if (end > labeller->n_points)
    end = labeller->n_points;

  for (size_t first = start; first < end; first += KM_LANES)
    {
      size_t  n = end - first < KM_LANES ? end - first : KM_LANES;
      float   features[KM_MAX_DIMS][KM_LANES] = { { 0 } };
      float   best[KM_LANES];
      int32_t label[KM_LANES];
      uint8_t takes_part[KM_LANES];

      for (size_t j = 0; j < n; j++)
        {
          float vector[KM_MAX_DIMS];

          takes_part[j] = (uint8_t) km_read_point (labeller->points,
                                                   labeller->point_stride, n_dims,
                                                   labeller->weights,
                                                   labeller->weight_stride,
                                                   first + j, vector, NULL);
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
        labeller->labels[first + j] = takes_part[j] ? (uint8_t) label[j]
                                                    : KM_LABEL_NONE;
    }
}

static void
label_block (size_t  block,
             void   *data)
{
  KM_WITH_CONSTANT_DIMS (((const KmLabeller *) data)->n_dims,
                         label_block_dims, block, data);
}

void
km_label_points (const KmSettings *settings,
                 const float      *points,
                 size_t            n_points,
                 int               n_dims,
                 size_t            point_stride,
                 const float      *weights,
                 size_t            weight_stride,
                 const float      *centres,
                 int               n_clusters,
                 uint8_t          *labels)
{
  KmLabeller labeller = { points, n_points, n_dims, point_stride, weights,
                          weight_stride, centres, n_clusters, labels };

  km_parallel_blocks (settings, km_n_blocks (n_points, KM_BLOCK_POINTS),
                      label_block, &labeller);
}
