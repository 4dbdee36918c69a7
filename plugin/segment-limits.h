/* segment-limits.h — pixels too large to measure take no part. */

#ifndef SEGMENT_LIMITS_H
#define SEGMENT_LIMITS_H

#include <libgimp/gimp.h>

#include "kmeans.h"
#include "segment-features.h"
#include "segment-source.h"

/* The core leaves out features that are not finite or lie beyond
 * KM_MAX_ABS_FEATURE (1e18), where squared distances overflow.  A colour
 * space can bring a larger pixel value below that (Oklab and CIE L*a*b*
 * take cube roots), and the segment of such pixels would then get a colour
 * that overflows on its way back (an infinite mean colour): the same limit
 * applies to the pixel values themselves, whatever the colour space.  Marks
 * the features of the pixels of a float or double source with a colour
 * value beyond it as not finite.  Integer and half precisions never
 * exceed it. */
void segment_limits_apply (SegmentFeatures     *features,
                           const SegmentSource *source);

/* How many pixels the clustering left out although they count (a weight
 * above 0): values that are not finite or too large. */
gsize segment_limits_count_left_out (const SegmentFeatures *features,
                                     const KmResult        *result);

#endif /* SEGMENT_LIMITS_H */
