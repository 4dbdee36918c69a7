/* segment-sample.h — what the dialog clusters: the selected part of the
 * layer, reduced. */

#ifndef SEGMENT_SAMPLE_H
#define SEGMENT_SAMPLE_H

#include <libgimp/gimp.h>

#include "segment-features.h"
#include "segment-options.h"

/* Reads what the real run clusters — the selected part of the layer, each
 * pixel weighted by its alpha and coverage — reduced by GIMP to
 * SEGMENT_SAMPLE_SIZE pixels on its longer side at most.  FALSE, with
 * nothing read, when the selection misses the layer. */
#define SEGMENT_SAMPLE_SIZE 384

gboolean segment_sample_read (SegmentFeatures      *sample,
                              GimpDrawable         *drawable,
                              const SegmentOptions *options);

#endif /* SEGMENT_SAMPLE_H */
