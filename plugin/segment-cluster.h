/* segment-cluster.h — runs the clustering core on a drawable's features. */

#ifndef SEGMENT_CLUSTER_H
#define SEGMENT_CLUSTER_H

#include <libgimp/gimp.h>

#include "kmeans.h"
#include "segment-features.h"
#include "segment-options.h"

#define SEGMENT_CLUSTER_ERROR (segment_cluster_error_quark ())

typedef enum
{
  SEGMENT_CLUSTER_ERROR_NO_PIXELS, /* no pixel takes part: the caller's input */
  SEGMENT_CLUSTER_ERROR_FAILED     /* the core failed (out of memory) */
} SegmentClusterError;

GQuark segment_cluster_error_quark (void);

/* Clusters the features with GEGL's threads, and with GIMP's progress bar
 * when show_progress (the dialog's preview has none).  Stops, returning
 * NULL, soon after *cancelled turns nonzero (read atomically; NULL: never).
 * Returns NULL with an error when nothing can be clustered. */
KmResult *segment_cluster (const SegmentFeatures *features,
                           const SegmentOptions  *options,
                           gboolean               show_progress,
                           gint                  *cancelled,
                           GError               **error);

/* The core's parallel hook (KmParallelHook): GEGL's threads. */
void segment_cluster_parallel (size_t      n_items,
                               KmRangeFunc func,
                               void       *func_data,
                               void       *hook_data);

#endif /* SEGMENT_CLUSTER_H */
