/* segment-worker.c — the dialog's clusterings, off the GTK main loop.
 *
 * A clustering of the dialog's sample takes from a few milliseconds to
 * seconds (64 segments, many restarts): on the main loop it would freeze
 * the dialog.  Each job runs in a thread of its own, which only clusters
 * (no GIMP or GTK call: the sample was read on the main loop, and GEGL's
 * thread pool takes callers from any thread).  A new job cancels those in
 * flight through the core's cancel hook, which stops them within one
 * iteration; a finished job is collected on the main loop, where only the
 * latest, uncancelled one is delivered.  Freeing the worker cancels every
 * job and joins its thread, so nothing outlives the dialog. */

#include "segment-cluster.h"
#include "segment-worker.h"

typedef struct
{
  SegmentWorker  *worker;
  SegmentFeatures sample;
  SegmentOptions  options;
  gint            cancelled; /* atomic: set on the main loop, read by the thread */
  KmResult       *result;
  GThread        *thread;
  guint           collect; /* the main loop's call to collect it, once it ran */
  gint64          started;
} SegmentJob;

struct _SegmentWorker
{
  SegmentWorkerDone done;
  gpointer          data;
  GList            *jobs; /* every job not yet collected, the latest first */
};

static void
job_free (SegmentJob *job)
{
  km_result_free (job->result);
  segment_features_clear (&job->sample);
  g_free (job);
}

/* On the main loop, once the job's thread has ended. */
static gboolean
collect_job (gpointer data)
{
  SegmentJob    *job    = data;
  SegmentWorker *worker = job->worker;

  g_thread_join (job->thread);
  worker->jobs = g_list_remove (worker->jobs, job);
  if (! g_atomic_int_get (&job->cancelled))
    {
      g_debug ("preview: %d×%d sample clustered off the main loop in %.1f ms",
               job->sample.area.width, job->sample.area.height,
               (g_get_monotonic_time () - job->started) / 1000.0);
      worker->done (job->result, &job->sample, &job->options, worker->data);
      job->result = NULL;
    }
  job_free (job);

  return G_SOURCE_REMOVE;
}

static gpointer
run_job (gpointer data)
{
  SegmentJob *job = data;

  job->result  = segment_cluster (&job->sample, &job->options, FALSE, &job->cancelled, NULL);
  job->collect = g_idle_add (collect_job, job);

  return NULL;
}

SegmentWorker *
segment_worker_new (SegmentWorkerDone done,
                    gpointer          data)
{
  SegmentWorker *worker = g_new0 (SegmentWorker, 1);

  worker->done = done;
  worker->data = data;

  return worker;
}

void
segment_worker_cancel (SegmentWorker *worker)
{
  for (GList *list = worker->jobs; list; list = list->next)
    g_atomic_int_set (&((SegmentJob *) list->data)->cancelled, 1);
}

void
segment_worker_start (SegmentWorker        *worker,
                      SegmentFeatures      *sample,
                      const SegmentOptions *options)
{
  SegmentJob *job = g_new0 (SegmentJob, 1);

  segment_worker_cancel (worker);
  job->worker  = worker;
  job->sample  = *sample;
  job->options = *options;
  job->started = g_get_monotonic_time ();
  job->thread  = g_thread_new ("kmeans-segment-preview", run_job, job);
  worker->jobs = g_list_prepend (worker->jobs, job);
}

const SegmentOptions *
segment_worker_running (const SegmentWorker *worker)
{
  SegmentJob *latest = worker->jobs ? worker->jobs->data : NULL;

  if (! latest || g_atomic_int_get (&latest->cancelled))
    return NULL;
  return &latest->options;
}

void
segment_worker_free (SegmentWorker *worker)
{
  segment_worker_cancel (worker);

  /* A job's collect call is set before its thread ends. */
  for (GList *list = worker->jobs; list; list = list->next)
    {
      SegmentJob *job = list->data;

      g_thread_join (job->thread);
      if (job->collect)
        g_source_remove (job->collect);
      job_free (job);
    }

  g_list_free (worker->jobs);
  g_free (worker);
}
