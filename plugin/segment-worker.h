/* segment-worker.h — the dialog's clusterings, off the GTK main loop. */

#ifndef SEGMENT_WORKER_H
#define SEGMENT_WORKER_H

#include <libgimp/gimp.h>

#include "kmeans.h"
#include "segment-features.h"
#include "segment-options.h"

typedef struct _SegmentWorker SegmentWorker;

/* Called on the main loop with the clustering of the latest job: result
 * (the callee's to free; NULL when nothing could be clustered), the
 * sample and the options it was made from (the worker's). */
typedef void (*SegmentWorkerDone) (KmResult              *result,
                                   const SegmentFeatures *sample,
                                   const SegmentOptions  *options,
                                   gpointer               data);

SegmentWorker *segment_worker_new (SegmentWorkerDone done,
                                   gpointer          data);

/* Clusters the sample (taken) with the options in a thread of its own;
 * the job in flight, if any, is cancelled and its result never delivered. */
void segment_worker_start (SegmentWorker        *worker,
                           SegmentFeatures      *sample,
                           const SegmentOptions *options);

/* Cancels the jobs in flight: their results are never delivered. */
void segment_worker_cancel (SegmentWorker *worker);

/* The options of the job in flight, or NULL when there is none. */
const SegmentOptions *segment_worker_running (const SegmentWorker *worker);

/* Cancels every job, waits for their threads and frees the worker: no
 * done call follows. */
void segment_worker_free (SegmentWorker *worker);

#endif /* SEGMENT_WORKER_H */
