/* segment-channels.h — one channel per segment, ready to become a selection. */

#ifndef SEGMENT_CHANNELS_H
#define SEGMENT_CHANNELS_H

#include <libgimp/gimp.h>

#include "segment-coverage.h"
#include "segment-order.h"

/* Makes one hidden channel per segment, of the image's size, named like
 * its layer and shown in its colour: the coverage on the segment's pixels,
 * 0 elsewhere.  Nothing is put in the image (segment_insert() puts them at
 * the top of its channels).  Returns the channels in order, a
 * NULL-terminated array the caller frees with g_free. */
GimpChannel **segment_channels_write (GimpImage             *image,
                                      GimpDrawable          *drawable,
                                      const SegmentCoverage *coverage,
                                      const SegmentOrder    *order);

#endif /* SEGMENT_CHANNELS_H */
