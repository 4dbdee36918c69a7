/* segment-layers.h — writes the segments back as a group of new layers. */

#ifndef SEGMENT_LAYERS_H
#define SEGMENT_LAYERS_H

#include <libgimp/gimp.h>

#include "kmeans.h"
#include "segment-features.h"
#include "segment-options.h"
#include "segment-order.h"

/* Adds a group "K-Means Segments" above the drawable with one layer per
 * segment, in order.  The caller wraps this in an undo group. */
GimpGroupLayer *segment_layers_write (GimpImage             *image,
                                      GimpDrawable          *drawable,
                                      const SegmentFeatures *features,
                                      const KmResult        *result,
                                      const SegmentOrder    *order,
                                      SegmentFill            fill);

#endif /* SEGMENT_LAYERS_H */
