/* segment-cluster.h — runs the clustering core on a drawable's features. */

#ifndef SEGMENT_CLUSTER_H
#define SEGMENT_CLUSTER_H

#include <libgimp/gimp.h>

#include "kmeans.h"
#include "segment-features.h"
#include "segment-options.h"

/* Clusters the features with GEGL's threads, and with GIMP's progress bar
 * when show_progress (the dialog's preview has none).  Returns NULL with an
 * error when nothing can be clustered. */
KmResult *segment_cluster (const SegmentFeatures *features,
                           const SegmentOptions  *options,
                           gboolean               show_progress,
                           GError               **error);

#endif /* SEGMENT_CLUSTER_H */
