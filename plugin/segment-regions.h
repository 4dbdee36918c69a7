/* segment-regions.h — the final labels: the clustering's, cleaned into
 * regions as the options ask. */

#ifndef SEGMENT_REGIONS_H
#define SEGMENT_REGIONS_H

#include <libgimp/gimp.h>

#include "kmeans.h"
#include "segment-features.h"
#include "segment-options.h"

/* What every output describes: each pixel's cluster, and each cluster's
 * size and colour. */
typedef struct
{
  gint          n_clusters; /* the clustering's; some may be empty */
  const guint8 *labels;     /* each pixel of the features' area, row by
                               row: a cluster, or KM_LABEL_NONE */
  size_t       *sizes;      /* pixels of each cluster */
  gfloat       *centres;    /* each cluster's colour, as features: its
                               centre, or after a cleanup the mean of
                               its pixels */
  gsize         n_regions;  /* connected regions of equal labels */
  guint8       *cleaned;    /* the labels' memory when cleaned, else NULL
                               (labels are the result's) */
} SegmentRegions;

/* Cleans the result's labels as options ask (smoothing, then merging
 * regions under min-region) and describes the labels; when neither is
 * asked for, the result's labels, sizes and centres are kept exactly.  The
 * features are those the result was clustered from.  A message tells the
 * user when a segment lost every pixel.  FALSE with an error when memory
 * ran out; the regions then need no clearing. */
gboolean segment_regions_make (SegmentRegions        *regions,
                               const KmResult        *result,
                               const SegmentFeatures *features,
                               const SegmentOptions  *options,
                               GError               **error);

void segment_regions_clear (SegmentRegions *regions);

/* Whether the options ask for a cleanup (min-region above 1, or smoothing). */
gboolean segment_regions_asked (const SegmentOptions *options);

/* The core's settings for the options' cleanup, with GEGL's threads. */
KmRegionSettings *segment_regions_settings (const SegmentOptions *options);

/* The features as the core's image. */
void segment_regions_describe (KmImage               *image,
                               const SegmentFeatures *features);

#endif /* SEGMENT_REGIONS_H */
