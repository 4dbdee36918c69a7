/* segment-cluster.c — runs the clustering core on a drawable's features. */

#include <libgimp/gimp.h>

#include "segment-cluster.h"

typedef struct
{
  KmRangeFunc func;
  void       *func_data;
} RangeCall;

static void
run_range (gsize    offset,
           gsize    size,
           gpointer data)
{
  RangeCall *call = data;

  call->func (offset, size, call->func_data);
}

/* The core's parallel hook: GEGL's thread pool, which follows GIMP's
 * preference for the number of threads. */
static void
distribute_with_gegl (size_t       n_items,
                      KmRangeFunc  func,
                      void        *func_data,
                      void        *hook_data G_GNUC_UNUSED)
{
  RangeCall call = { func, func_data };

  /* Items are blocks of thousands of points: a thread costs about one. */
  gegl_parallel_distribute_range (n_items, 1.0, run_range, &call);
}

/* Each progress call is a round trip to GIMP: send only whole percents. */
static void
report_progress (double  fraction,
                 void   *data)
{
  gint *last_percent = data;
  gint  percent      = (gint) (fraction * 100.0);

  if (percent > *last_percent)
    {
      *last_percent = percent;
      gimp_progress_update (fraction);
    }
}

KmResult *
segment_cluster (const SegmentFeatures *features,
                 const SegmentOptions  *options,
                 gboolean               show_progress,
                 GError               **error)
{
  KmSettings *settings     = km_settings_new ();
  KmResult   *result       = NULL;
  gint        last_percent = -1;
  KmStatus    status;

  km_settings_set_n_clusters (settings, options->n_segments);
  km_settings_set_max_iterations (settings, options->max_iterations);
  km_settings_set_seed (settings, (guint32) options->seed);
  km_settings_set_restarts (settings, options->restarts);
  km_settings_set_parallel (settings, distribute_with_gegl, NULL);
  if (show_progress)
    km_settings_set_progress (settings, report_progress, &last_percent);

  status = km_cluster (settings, features->pixels,
                       (size_t) features->area.width * features->area.height,
                       features->n_dims, features->stride,
                       segment_features_weights (features), features->stride,
                       &result);
  km_settings_free (settings);

  /* Scripts read the count from the n-segments-made return value; a user
   * also learns why it is short. */
  if (status == KM_STATUS_OK &&
      km_result_get_shortfall (result) == KM_SHORTFALL_FEW_DISTINCT_POINTS)
    g_message ("Made %d segment%s, not %d: the layer has only %zu distinct "
               "colour%s.", km_result_get_n_clusters (result),
               km_result_get_n_clusters (result) == 1 ? "" : "s", options->n_segments,
               km_result_get_n_distinct (result),
               km_result_get_n_distinct (result) == 1 ? "" : "s");

  if (status == KM_STATUS_NO_POINTS)
    g_set_error (error, GIMP_PLUG_IN_ERROR, 0,
                 "There is nothing to segment: every pixel of the layer that "
                 "is selected and not hidden by its layer mask is transparent "
                 "(alpha at or below the alpha threshold %g), not a finite "
                 "number or too large (beyond 1e18). Choose a layer with "
                 "visible pixels, or lower alpha-threshold.",
                 options->alpha_threshold);
  else if (status != KM_STATUS_OK)
    g_set_error (error, GIMP_PLUG_IN_ERROR, 0,
                 "The clustering failed: %s.", km_status_message (status));

  return result;
}
