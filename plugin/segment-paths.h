/* segment-paths.h — one path per segment, tracing its regions' outlines. */

#ifndef SEGMENT_PATHS_H
#define SEGMENT_PATHS_H

#include <libgimp/gimp.h>

#include "segment-order.h"

/* The most outlines and anchors a run traces: about 20 s of calls to GIMP
 * (see segment-paths.c).  A noisy photo without min-region has hundreds of
 * thousands of regions, which no one can use as paths. */
#define SEGMENT_PATHS_MAX_OUTLINES 50000
#define SEGMENT_PATHS_MAX_ANCHORS  2000000

/* Makes one path per segment, named like its layer: one closed stroke for
 * each outline of each of its regions (outer outlines and holes), along
 * the pixels' edges, in image coordinates; regions connect as
 * connectivity (4 or 8) says.  Nothing is put in the image
 * (segment_insert() puts them at the top of its paths).  Returns the paths
 * in order, a NULL-terminated array the caller frees with g_free; NULL,
 * with a message that says why, when the segments have more outlines or
 * anchors than the limits above. */
GimpPath **segment_paths_trace (GimpImage          *image,
                                GimpDrawable       *drawable,
                                const SegmentOrder *order,
                                gint                connectivity);

#endif /* SEGMENT_PATHS_H */
