/* bench-core.c — times the clustering core on a raw feature file.
 *
 *   bench-core FILE N_DIMS K THREADS [RUNS [ERROR_TARGET | curve]]
 *
 * FILE holds float32 points, N_DIMS per point, nothing else.  The core runs
 * RUNS times (default 5) with seeds 0, 1, ... and THREADS threads (a GLib
 * thread pool behind the core's parallel hook); tolerance and iteration
 * limit are the core's defaults, as in the plug-in.  With an ERROR_TARGET,
 * K is automatic (km_settings_set_error_target()), K being the most; with
 * "curve", the core makes only the error curve from K = 2 to K, as the
 * dialog's curve plot asks (km_settings_set_error_curve_only()).
 * Prints one JSON line: the points, the distinct vectors, and per run the
 * seconds, iterations, inertia per point and clusters made, then the
 * process's peak resident size. */

#include <float.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "bench-pool.h"
#include "kmeans.h"

int
main (int    argc,
      char **argv)
{
  BenchPool     bench;
  gchar        *contents;
  gsize         length;
  GError       *error = NULL;
  int           n_dims, k, runs;
  double        error_target;
  gboolean      curve_only;
  size_t        n_points;
  GString      *line;
  struct rusage usage;

  if (argc < 5)
    {
      fprintf (stderr, "usage: bench-core FILE N_DIMS K THREADS [RUNS [ERROR_TARGET | curve]]\n");
      return 2;
    }

  n_dims       = atoi (argv[2]);
  k            = atoi (argv[3]);
  runs         = argc > 5 ? atoi (argv[5]) : 5;
  curve_only   = argc > 6 && g_str_equal (argv[6], "curve");
  error_target = curve_only ? DBL_MIN : argc > 6 ? atof (argv[6])
                                                 : 0.0;

  if (! g_file_get_contents (argv[1], &contents, &length, &error))
    {
      fprintf (stderr, "bench-core: %s\n", error->message);
      return 1;
    }
  n_points = length / (n_dims * sizeof (float));

  bench_pool_init (&bench, atoi (argv[4]));

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
      km_settings_set_error_target (settings, error_target);
      km_settings_set_error_curve_only (settings, curve_only);
      if (bench.pool)
        km_settings_set_parallel (settings, bench_pool_distribute, &bench);

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
                              "\"inertia\": %.9g, \"distinct\": %zu, \"clusters\": %d}",
                              seed ? ", " : "", seconds,
                              km_result_get_iterations (result),
                              km_result_get_inertia (result) / n_points,
                              km_result_get_n_distinct (result),
                              km_result_get_n_clusters (result));
      km_result_free (result);
      km_settings_free (settings);
    }

  getrusage (RUSAGE_SELF, &usage);
  g_string_append_printf (line, "], \"peak_rss_bytes\": %ld}\n",
                          usage.ru_maxrss * 1024L);
  fputs (line->str, stdout);

  g_string_free (line, TRUE);
  bench_pool_clear (&bench);
  g_free (contents);
  return 0;
}
