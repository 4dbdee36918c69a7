/* segment-sort.h — the orders the segments can come in (sort-by). */

#ifndef SEGMENT_SORT_H
#define SEGMENT_SORT_H

#include <libgimp/gimp.h>

#include "segment-order.h"

/* Sorts n segments as sort_by says: the largest share first, the
 * lightest (CIE L*) first, or round the hue wheel from red (CIE hab 0°),
 * near-greys last, lightest first.  Ties fall back to the larger share,
 * then to the colour (lighter first, then by hue), and only then to the
 * core's numbering: segments of equal size (flat test images) come in an
 * order a user can predict. */
void segment_sort (SegmentInfo *segments,
                   gint         n,
                   SegmentSort  sort_by);

#endif /* SEGMENT_SORT_H */
