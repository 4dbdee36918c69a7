/* segment-order.h — the order, names and colours of the segments. */

#ifndef SEGMENT_ORDER_H
#define SEGMENT_ORDER_H

#include <libgimp/gimp.h>

#include "kmeans.h"
#include "segment-features.h"

typedef struct
{
  gint     cluster;   /* the cluster's index in the core's result */
  gsize    n_pixels;
  gdouble  share;     /* of the clustered pixels, 0 to 1 */
  gchar    hex[8];    /* "#rrggbb" in the image's colour space */
  gchar   *name;      /* "Segment 1 · #rrggbb · 23.4 %" */
} SegmentInfo;

typedef struct
{
  gint         n_segments;
  SegmentInfo *segments;        /* sorted: largest share first */
  gint        *rank_of_cluster; /* the inverse: cluster index → position */
} SegmentOrder;

SegmentOrder *segment_order_new  (const KmResult        *result,
                                  const SegmentFeatures *features);
void          segment_order_free (SegmentOrder          *order);

#endif /* SEGMENT_ORDER_H */
