/* bench-core.c — times the clustering core on a raw feature file.
 *
 *   bench-core FILE N_DIMS K THREADS [RUNS]
 *
 * FILE holds float32 points, N_DIMS per point, nothing else.  The core runs
 * RUNS times (default 5) with seeds 0, 1, ... and THREADS threads (a GLib
 * thread pool behind the core's parallel hook); tolerance and iteration
 * limit are the core's defaults, as in the plug-in.  Prints one JSON line:
 * the points, the distinct vectors, and per run the seconds, iterations and
 * inertia per point, then the process's peak resident size. */

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "kmeans.h"

typedef struct
{
  GThreadPool *pool;
  int          n_threads;
  GMutex       mutex;
  GCond        done;
  int          pending;
} BenchPool;

typedef struct
{
  BenchPool  *bench;
  KmRangeFunc func;
  void       *func_data;
  size_t      offset;
  size_t      count;
} BenchTask;

static void
run_task (gpointer data,
          gpointer user_data G_GNUC_UNUSED)
{
  BenchTask *task = data;

  task->func (task->offset, task->count, task->func_data);

  g_mutex_lock (&task->bench->mutex);
  if (--task->bench->pending == 0)
    g_cond_signal (&task->bench->done);
  g_mutex_unlock (&task->bench->mutex);
}

/* Splits the items into one contiguous range per thread; the calling
 * thread runs the first range itself, as GEGL's distribute does. */
static void
distribute (size_t      n_items,
            KmRangeFunc func,
            void       *func_data,
            void       *hook_data)
{
  BenchPool *bench    = hook_data;
  size_t     n_ranges = MIN ((size_t) bench->n_threads, n_items);
  BenchTask  tasks[64];

  if (n_ranges <= 1)
    {
      func (0, n_items, func_data);
      return;
    }

  bench->pending = (int) n_ranges - 1;
  for (size_t r = 0; r < n_ranges; r++)
    {
      tasks[r] = (BenchTask) { bench, func, func_data,
                               n_items * r / n_ranges,
                               n_items * (r + 1) / n_ranges - n_items * r / n_ranges };
      if (r > 0)
        g_thread_pool_push (bench->pool, &tasks[r], NULL);
    }

  func (tasks[0].offset, tasks[0].count, func_data);

  g_mutex_lock (&bench->mutex);
  while (bench->pending > 0)
    g_cond_wait (&bench->done, &bench->mutex);
  g_mutex_unlock (&bench->mutex);
}

int
main (int    argc,
      char **argv)
{
  BenchPool     bench = { 0 };
  gchar        *contents;
  gsize         length;
  GError       *error = NULL;
  int           n_dims, k, runs;
  size_t        n_points;
  GString      *line;
  struct rusage usage;

  if (argc < 5)
    {
      fprintf (stderr, "usage: bench-core FILE N_DIMS K THREADS [RUNS]\n");
      return 2;
    }

  n_dims          = atoi (argv[2]);
  k               = atoi (argv[3]);
  bench.n_threads = CLAMP (atoi (argv[4]), 1, 64);
  runs            = argc > 5 ? atoi (argv[5]) : 5;

  if (! g_file_get_contents (argv[1], &contents, &length, &error))
    {
      fprintf (stderr, "bench-core: %s\n", error->message);
      return 1;
    }
  n_points = length / (n_dims * sizeof (float));

  g_mutex_init (&bench.mutex);
  g_cond_init (&bench.done);
  if (bench.n_threads > 1)
    bench.pool = g_thread_pool_new (run_task, NULL, bench.n_threads - 1,
                                    TRUE, NULL);

  line = g_string_new (NULL);
  g_string_append_printf (line, "{\"points\": %zu, \"threads\": %d, \"runs\": [",
                          n_points, bench.n_threads);

  for (int seed = 0; seed < runs; seed++)
    {
      KmSettings *settings = km_settings_new ();
      KmResult   *result   = NULL;
      gint64      started;
      double      seconds;
      KmStatus    status;

      km_settings_set_n_clusters (settings, k);
      km_settings_set_seed (settings, (uint64_t) seed);
      if (bench.pool)
        km_settings_set_parallel (settings, distribute, &bench);

      started = g_get_monotonic_time ();
      status  = km_cluster (settings, (const float *) contents, n_points,
                            n_dims, n_dims, NULL, 0, &result);
      seconds = (g_get_monotonic_time () - started) * 1e-6;

      if (status != KM_STATUS_OK)
        {
          fprintf (stderr, "bench-core: %s\n", km_status_message (status));
          return 1;
        }

      g_string_append_printf (line,
                              "%s{\"seconds\": %.6f, \"iterations\": %d, "
                              "\"inertia\": %.9g, \"distinct\": %zu}",
                              seed ? ", " : "", seconds,
                              km_result_get_iterations (result),
                              km_result_get_inertia (result) / n_points,
                              km_result_get_n_distinct (result));
      km_result_free (result);
      km_settings_free (settings);
    }

  getrusage (RUSAGE_SELF, &usage);
  g_string_append_printf (line, "], \"peak_rss_bytes\": %ld}\n",
                          usage.ru_maxrss * 1024L);
  fputs (line->str, stdout);

  g_string_free (line, TRUE);
  if (bench.pool)
    g_thread_pool_free (bench.pool, FALSE, TRUE);
  g_free (contents);
  return 0;
}
