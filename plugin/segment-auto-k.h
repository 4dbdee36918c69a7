/* segment-auto-k.h — k-mode tolerance: the tolerance in CIE ΔE as the
 * core's error target in feature units, and the error curve back in ΔE. */

#ifndef SEGMENT_AUTO_K_H
#define SEGMENT_AUTO_K_H

#include <libgimp/gimp.h>

#include "kmeans.h"
#include "segment-features.h"

/* ΔE per feature unit for these features: 1 in lab, the image's own
 * scale in the other spaces (see segment-auto-k.c). */
gdouble segment_auto_k_scale (const SegmentFeatures *features);

/* The result's error curve (K = 2, 3, ...) in ΔE, *n_errors values; a new
 * array (NULL and 0 when the result has none). */
gdouble *segment_auto_k_curve (const KmResult        *result,
                               const SegmentFeatures *features,
                               gsize                 *n_errors);

#endif /* SEGMENT_AUTO_K_H */
