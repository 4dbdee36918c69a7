/* bench-regions.c — times the region cleanup on a raw feature file.
 *
 *   bench-regions label FEATURES N_DIMS WIDTH HEIGHT K THREADS RUNS LABELS
 *   bench-regions clean FEATURES N_DIMS WIDTH HEIGHT LABELS THREADS RUNS
 *                       MIN_REGION CONNECTIVITY SMOOTHING [OUT]
 *
 * FEATURES holds float32 points, N_DIMS per pixel, WIDTH × HEIGHT pixels
 * in row order.  `label` clusters them RUNS times with seeds 0, 1, ... as
 * bench-core does, and writes the labels of seed 0 to LABELS (one byte a
 * pixel) and its centres to LABELS.centres (K × N_DIMS float32).  `clean`
 * copies the labels and cleans the copy RUNS times with the given
 * settings, and writes the last result to OUT when given.  Both use
 * THREADS threads (a GLib thread pool behind the parallel hook) and print
 * one JSON line: per run the seconds (and the processor seconds of all
 * threads, steadier on a busy machine), and for `clean` the regions before
 * and after (in the given connectivity) and the cleanup's extra memory:
 * the peak resident size during the runs less the resident size before
 * them, the caller's features and labels being there already. */

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "bench-pool.h"
#include "kmeans.h"

/* The process's processor time so far, all threads. */
static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6;
}

/* A field of /proc/self/status in bytes ("VmRSS", "VmHWM"), or -1. */
static long
status_bytes (const char *field)
{
  gchar *status = NULL;
  long   kib    = -1;

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    {
      const char *line = strstr (status, field);

      if (line)
        kib = atol (line + strlen (field) + 1);
    }
  g_free (status);
  return kib < 0 ? -1 : kib * 1024;
}

static gchar *
read_file (const char *path,
           gsize       expected)
{
  gchar  *contents;
  gsize   length;
  GError *error = NULL;

  if (! g_file_get_contents (path, &contents, &length, &error))
    {
      fprintf (stderr, "bench-regions: %s\n", error->message);
      exit (1);
    }
  if (expected && length != expected)
    {
      fprintf (stderr, "bench-regions: %s has %zu bytes, not %zu\n", path,
               (size_t) length, (size_t) expected);
      exit (1);
    }
  return contents;
}

static void
check (KmStatus status)
{
  if (status != KM_STATUS_OK)
    {
      fprintf (stderr, "bench-regions: %s\n", km_status_message (status));
      exit (1);
    }
}

static int
label (char **argv)
{
  int       n_dims = atoi (argv[3]);
  size_t    n      = (size_t) atoi (argv[4]) * atoi (argv[5]);
  int       k      = atoi (argv[6]);
  int       runs   = atoi (argv[8]);
  float    *points = (float *) read_file (argv[2], n * n_dims * sizeof (float));
  BenchPool bench;
  GString  *line = g_string_new ("{\"runs\": [");

  bench_pool_init (&bench, atoi (argv[7]));
  for (int seed = 0; seed < runs; seed++)
    {
      KmSettings *settings = km_settings_new ();
      KmResult   *result   = NULL;
      gint64      started;
      double      cpu;

      km_settings_set_n_clusters (settings, k);
      km_settings_set_seed (settings, (uint64_t) seed);
      if (bench.pool)
        km_settings_set_parallel (settings, bench_pool_distribute, &bench);
      started = g_get_monotonic_time ();
      cpu     = cpu_seconds ();
      check (km_cluster (settings, points, n, n_dims, n_dims, NULL, 0, &result));
      g_string_append_printf (line, "%s{\"seconds\": %.6f, \"cpu_seconds\": %.6f}",
                              seed ? ", " : "", (g_get_monotonic_time () - started) * 1e-6,
                              cpu_seconds () - cpu);

      if (seed == 0)
        {
          gchar  *centres = g_strconcat (argv[9], ".centres", NULL);
          GError *error   = NULL;

          if (! g_file_set_contents (argv[9], (const gchar *) km_result_get_labels (result),
                                     n, &error) ||
              ! g_file_set_contents (centres, (const gchar *) km_result_get_centres (result),
                                     km_result_get_n_clusters (result) * n_dims * sizeof (float),
                                     &error))
            {
              fprintf (stderr, "bench-regions: %s\n", error->message);
              return 1;
            }
          g_free (centres);
        }
      km_result_free (result);
      km_settings_free (settings);
    }

  g_string_append (line, "]}\n");
  fputs (line->str, stdout);
  g_string_free (line, TRUE);
  bench_pool_clear (&bench);
  g_free (points);
  return 0;
}

static int
clean (int    argc,
       char **argv)
{
  int               n_dims = atoi (argv[3]);
  int               width = atoi (argv[4]), height = atoi (argv[5]);
  size_t            n            = (size_t) width * height;
  int               runs         = atoi (argv[8]);
  int               connectivity = atoi (argv[10]);
  float            *points       = (float *) read_file (argv[2], n * n_dims * sizeof (float));
  uint8_t          *labels       = (uint8_t *) read_file (argv[6], n);
  gchar            *path         = g_strconcat (argv[6], ".centres", NULL);
  gsize             length;
  float            *centres;
  uint8_t          *work     = g_malloc (n);
  KmImage           image    = { width, height, points, n_dims, n_dims, NULL, 0 };
  KmRegionSettings *settings = km_region_settings_new ();
  BenchPool         bench;
  GString          *line = g_string_new (NULL);
  size_t            before, after = 0;
  long              resident, peak;
  int               k;

  g_file_get_contents (path, (gchar **) &centres, &length, NULL);
  k = (int) (length / (n_dims * sizeof (float)));

  bench_pool_init (&bench, atoi (argv[7]));
  if (bench.pool)
    km_region_settings_set_parallel (settings, bench_pool_distribute, &bench);
  check (km_region_settings_set_min_region (settings, (size_t) atol (argv[9])));
  check (km_region_settings_set_connectivity (settings, connectivity));
  check (km_region_settings_set_smoothing (settings, atoi (argv[11])));
  check (km_regions_measure (settings, &image, labels, k, &before, NULL, NULL, NULL));

  /* The caller's labels are there before the cleanup: touch them, then
   * restart the peak from what is resident now. */
  memcpy (work, labels, n);
  g_file_set_contents ("/proc/self/clear_refs", "5", 1, NULL);
  resident = status_bytes ("VmRSS:");

  g_string_append_printf (line, "{\"pixels\": %zu, \"regions_before\": %zu, \"runs\": [",
                          n, before);
  for (int run = 0; run < runs; run++)
    {
      gint64 started;
      double cpu;

      memcpy (work, labels, n);
      started = g_get_monotonic_time ();
      cpu     = cpu_seconds ();
      check (km_regions_clean (settings, &image, centres, k, work, &after));
      g_string_append_printf (line, "%s{\"seconds\": %.6f, \"cpu_seconds\": %.6f}",
                              run ? ", " : "", (g_get_monotonic_time () - started) * 1e-6,
                              cpu_seconds () - cpu);
    }
  peak = status_bytes ("VmHWM:");
  g_string_append_printf (line, "], \"regions_after\": %zu, \"extra_bytes\": %ld}\n",
                          after, peak >= 0 && resident >= 0 ? peak - resident : -1);
  fputs (line->str, stdout);

  if (argc > 12 && ! g_file_set_contents (argv[12], (const gchar *) work, n, NULL))
    return 1;

  g_string_free (line, TRUE);
  km_region_settings_free (settings);
  bench_pool_clear (&bench);
  g_free (work);
  g_free (centres);
  g_free (path);
  g_free (labels);
  g_free (points);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  if (argc == 10 && strcmp (argv[1], "label") == 0)
    return label (argv);
  if ((argc == 12 || argc == 13) && strcmp (argv[1], "clean") == 0)
    return clean (argc, argv);

  fprintf (stderr,
           "usage: bench-regions label FEATURES N_DIMS WIDTH HEIGHT K THREADS RUNS LABELS\n"
           "       bench-regions clean FEATURES N_DIMS WIDTH HEIGHT LABELS THREADS RUNS\n"
           "                           MIN_REGION CONNECTIVITY SMOOTHING [OUT]\n");
  return 2;
}
