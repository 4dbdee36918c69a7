/* regions.c — cleaning and measuring labels on an image: the checks of the
 * input and the order of the steps. */

#include <stdlib.h>
#include <string.h>

#include "regions-private.h"

/* Images hold fewer than 2^31 pixels, so that run and region numbers fit
 * in 32 bits with room to spare (see regions-merge.c). */
#define KM_MAX_PIXELS ((size_t) INT32_MAX)

typedef struct
{
  const KmImage *image;
  KmPoints       points; /* the image's pixels */
  const uint8_t *labels;
  int            n_clusters;
  uint8_t       *strip_bad;     /* per strip: a label out of range */
  size_t        *strip_sizes;   /* [strip][label] */
  double        *strip_weights; /* [strip][label] */
  double        *strip_sums;    /* [strip][label][d] */
} KmMeasure;

static KmStatus
check_input (const KmRegionSettings *settings,
             const KmImage          *image,
             const uint8_t          *labels,
             int                     n_clusters)
{
  if (! settings || ! image || ! labels || n_clusters < 1 ||
      n_clusters > KM_MAX_CLUSTERS || image->width < 1 || image->height < 1 ||
      (size_t) image->width * (size_t) image->height > KM_MAX_PIXELS ||
      ! image->points || image->n_dims < 1 || image->n_dims > KM_MAX_DIMS ||
      image->point_stride < (size_t) image->n_dims)
    return KM_STATUS_INVALID_ARGUMENT;

  return KM_STATUS_OK;
}

static void
check_strip_labels (size_t strip,
                    void  *data)
{
  KmMeasure     *measure = data;
  size_t         width   = measure->image->width;
  const uint8_t *labels  = measure->labels;
  uint8_t        limit   = (uint8_t) measure->n_clusters;
  uint8_t        bad     = 0;
  size_t         first, last;

  /* KM_LABEL_NONE + 1 wraps round to 0: one unsigned test a label, in a
   * loop the compiler vectorises. */
  km_strip_rows (measure->image, strip, &first, &last);
  for (size_t i = first * width; i < last * width; i++)
    bad |= (uint8_t) (labels[i] + 1) > limit;

  measure->strip_bad[strip] = bad;
}

/* Every label below n_clusters or KM_LABEL_NONE. */
static KmStatus
check_labels (const KmRegionSettings *settings,
              KmMeasure              *measure)
{
  size_t   n_strips = km_n_blocks (measure->image->height, KM_STRIP_ROWS);
  KmStatus status   = KM_STATUS_OK;

  measure->strip_bad = malloc (n_strips);
  if (! measure->strip_bad)
    return KM_STATUS_OUT_OF_MEMORY;

  km_regions_parallel (settings, n_strips, check_strip_labels, measure);
  for (size_t s = 0; s < n_strips; s++)
    if (measure->strip_bad[s])
      status = KM_STATUS_INVALID_ARGUMENT;

  free (measure->strip_bad);
  measure->strip_bad = NULL;
  return status;
}

KmStatus
km_regions_clean (const KmRegionSettings *settings,
                  const KmImage          *image,
                  const float            *centres,
                  int                     n_clusters,
                  uint8_t                *labels,
                  size_t                 *n_regions)
{
  KmMeasure   measure = { .image = image, .labels = labels, .n_clusters = n_clusters };
  KmRegionMap map;
  size_t      after;
  KmStatus    status = check_input (settings, image, labels, n_clusters);

  if (status == KM_STATUS_OK && ! centres)
    status = KM_STATUS_INVALID_ARGUMENT;
  if (status == KM_STATUS_OK)
    status = check_labels (settings, &measure);
  if (status != KM_STATUS_OK)
    return status;

  if (settings->smoothing > 0)
    {
      status = km_regions_smooth (settings, image, centres, labels);
      if (status != KM_STATUS_OK)
        return status;
    }

  if (settings->min_region <= 1 && ! n_regions)
    return KM_STATUS_OK;

  status = km_region_map_build (&map, settings, image, labels);
  if (status != KM_STATUS_OK)
    return status;

  if (settings->min_region > 1)
    status = km_regions_merge (settings, image, centres, &map, labels, &after);
  else
    after = map.n_regions;
  km_region_map_clear (&map);

  if (status == KM_STATUS_OK && n_regions)
    *n_regions = after;
  return status;
}

static void
measure_strip (size_t strip,
               void  *data)
{
  KmMeasure     *measure = data;
  const KmImage *image   = measure->image;
  int            n_dims  = image->n_dims;
  size_t         width   = image->width;
  size_t        *sizes   = measure->strip_sizes + strip * measure->n_clusters;
  double        *weights = measure->strip_weights + strip * measure->n_clusters;
  double        *sums    = measure->strip_sums + strip * measure->n_clusters * n_dims;
  size_t         first, last;

  km_strip_rows (image, strip, &first, &last);
  for (size_t i = first * width; i < last * width; i++)
    {
      uint8_t label = measure->labels[i];
      float   vector[KM_MAX_DIMS], weight;

      if (label == KM_LABEL_NONE)
        continue;
      sizes[label]++;
      if (km_read_point (&measure->points, n_dims, i, vector, &weight))
        {
          weights[label] += weight;
          for (int d = 0; d < n_dims; d++)
            sums[label * n_dims + d] += (double) weight * vector[d];
        }
    }
}

KmStatus
km_regions_measure (const KmRegionSettings *settings,
                    const KmImage          *image,
                    const uint8_t          *labels,
                    int                     n_clusters,
                    size_t                 *n_regions,
                    size_t                 *sizes,
                    double                 *weights,
                    float                  *means)
{
  KmMeasure measure = { .image = image, .labels = labels, .n_clusters = n_clusters };
  KmStatus  status  = check_input (settings, image, labels, n_clusters);
  size_t    n_strips;
  int       n_dims;

  if (status == KM_STATUS_OK)
    status = check_labels (settings, &measure);
  if (status != KM_STATUS_OK)
    return status;

  n_strips       = km_n_blocks (image->height, KM_STRIP_ROWS);
  n_dims         = image->n_dims;
  measure.points = km_image_points (image);

  if (sizes || weights || means)
    {
      measure.strip_sizes   = calloc (n_strips * n_clusters, sizeof (size_t));
      measure.strip_weights = calloc (n_strips * n_clusters, sizeof (double));
      measure.strip_sums    = calloc (n_strips * n_clusters * n_dims, sizeof (double));
      if (! measure.strip_sizes || ! measure.strip_weights || ! measure.strip_sums)
        {
          status = KM_STATUS_OUT_OF_MEMORY;
          goto out;
        }

      km_regions_parallel (settings, n_strips, measure_strip, &measure);

      /* Strip by strip, so the sums do not depend on the threads. */
      for (int c = 0; c < n_clusters; c++)
        {
          size_t size              = 0;
          double weight            = 0.0;
          double sums[KM_MAX_DIMS] = { 0 };

          for (size_t s = 0; s < n_strips; s++)
            {
              size += measure.strip_sizes[s * n_clusters + c];
              weight += measure.strip_weights[s * n_clusters + c];
              for (int d = 0; d < n_dims; d++)
                sums[d] += measure.strip_sums[(s * n_clusters + c) * n_dims + d];
            }

          if (sizes)
            sizes[c] = size;
          if (weights)
            weights[c] = weight;
          if (means)
            for (int d = 0; d < n_dims; d++)
              means[c * n_dims + d] = weight > 0.0 ? (float) (sums[d] / weight) : 0.0f;
        }
    }

  if (n_regions)
    {
      KmRegionMap map;

      status = km_region_map_build (&map, settings, image, labels);
      if (status == KM_STATUS_OK)
        *n_regions = map.n_regions;
      km_region_map_clear (&map);
    }

out:
  free (measure.strip_sizes);
  free (measure.strip_weights);
  free (measure.strip_sums);
  return status;
}
