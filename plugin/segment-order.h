/* segment-order.h — the order, names and colours of the segments. */

#ifndef SEGMENT_ORDER_H
#define SEGMENT_ORDER_H

#include <libgimp/gimp.h>

#include "kmeans.h"
#include "segment-features.h"
#include "segment-options.h"
#include "segment-regions.h"

typedef struct
{
  gint       cluster; /* the cluster's index in the core's result */
  gsize      n_pixels;
  gdouble    share;           /* of the clustered pixels, 0 to 1 */
  GeglColor *colour;          /* the centre, in the image's colour space */
  gdouble    rgb[3];          /* the centre in the image's R'G'B': 0 to 1, or
                                 beyond in a float image (see segment_order_new) */
  gfloat     lightness;       /* CIE L* of the centre, 0 to 100 */
  gfloat     chroma;          /* CIE C*ab */
  gfloat     hue;             /* CIE hab in degrees, 0 to 360 */
  gchar      colour_name[48]; /* "#rrggbb" (rgb in 8 bits), or rgb's values
                                 when one lies outside 0 to 1 */
  gchar     *name;            /* "Segment 1 · #rrggbb · 23.4 %" */
} SegmentInfo;

typedef struct
{
  gint           n_segments;
  SegmentInfo   *segments;        /* sorted as asked, segment 1 first */
  gint          *rank_of_cluster; /* the inverse: cluster index → position */
  const uint8_t *labels;          /* the final label of each pixel … */
  GeglRectangle  area;            /* … of this area, in drawable coordinates */
} SegmentOrder;

/* Sorts the clusters that hold pixels (largest share, lightest or by hue
 * first) and names them.  With clamp (for images of integer precision, which hold
 * colours from 0 to 1 only) the colours are clamped to 0 to 1: a mean in
 * another colour space may fall a little outside the image's gamut.
 * Without, they keep the values of float images, high dynamic range
 * included.  The order refers to the regions' labels: free it first. */
SegmentOrder *segment_order_new (const SegmentRegions  *regions,
                                 const SegmentFeatures *features,
                                 SegmentSort            sort_by,
                                 gboolean               clamp);
void          segment_order_free (SegmentOrder *order);

/* The position of each pixel's segment in the order, for the pixels of
 * rect (drawable coordinates, any rectangle) row by row; KM_LABEL_NONE
 * for pixels in no segment and outside the clustered area. */
void segment_order_ranks (const SegmentOrder  *order,
                          const GeglRectangle *rect,
                          guint8              *ranks);

#endif /* SEGMENT_ORDER_H */
