/* segment-cluster.c — runs the clustering core on a drawable's features. */

#include <float.h>

#include <libgimp/gimp.h>

#include <glib/gi18n.h>

#include "segment-auto-k.h"
#include "segment-cluster.h"
#include "segment-palette-entries.h"
#include "segment-progress.h"

GQuark
segment_cluster_error_quark (void)
{
  return g_quark_from_static_string ("segment-cluster-error-quark");
}

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

/* GEGL's thread pool follows GIMP's preference for the number of threads. */
void
segment_cluster_parallel (size_t      n_items,
                          KmRangeFunc func,
                          void       *func_data,
                          void       *hook_data G_GNUC_UNUSED)
{
  RangeCall call = { func, func_data };

  /* Items are blocks of thousands of points: a thread costs about one. */
  gegl_parallel_distribute_range (n_items, 1.0, run_range, &call);
}

static void
report_progress (double fraction,
                 void  *data G_GNUC_UNUSED)
{
  segment_progress_update (fraction);
}

static int
is_cancelled (void *data)
{
  return g_atomic_int_get ((gint *) data);
}

KmResult *
segment_cluster (const SegmentFeatures *features,
                 const SegmentOptions  *options,
                 gboolean               show_progress,
                 gint                  *cancelled,
                 GError               **error)
{
  KmSettings *settings = km_settings_new ();
  KmResult   *result   = NULL;
  KmStatus    status;

  km_settings_set_n_clusters (settings, options->n_segments);
  km_settings_set_max_iterations (settings, options->max_iterations);
  km_settings_set_seed (settings, (guint32) options->seed);
  km_settings_set_restarts (settings, options->restarts);
  km_settings_set_parallel (settings, segment_cluster_parallel, NULL);
  if (options->k_mode == SEGMENT_K_TOLERANCE)
    km_settings_set_error_target (settings,
                                  options->tolerance / segment_auto_k_scale (features));
  if (options->k_mode == SEGMENT_K_CURVE)
    {
      /* A target no error above 0 meets: K grows to n_segments. */
      km_settings_set_error_target (settings, DBL_MIN);
      km_settings_set_error_curve_only (settings, TRUE);
    }
  segment_palette_entries_give (options, &features->colours, settings);
  if (show_progress)
    km_settings_set_progress (settings, report_progress, NULL);
  if (cancelled)
    km_settings_set_cancel (settings, is_cancelled, cancelled);

  status = km_cluster (settings, features->pixels,
                       (size_t) features->area.width * features->area.height,
                       features->n_dims, features->stride,
                       segment_features_weights (features), features->stride,
                       &result);
  km_settings_free (settings);

  if (status == KM_STATUS_NO_POINTS)
    g_set_error (error, SEGMENT_CLUSTER_ERROR, SEGMENT_CLUSTER_ERROR_NO_PIXELS,
                 _ ("There is nothing to segment: every pixel of the layer that "
                    "is selected and not hidden by its layer mask is transparent "
                    "(alpha at or below the alpha threshold %g), not a finite "
                    "number or too large (beyond 1e18). Choose a layer with "
                    "visible pixels, or lower alpha-threshold."),
                 options->alpha_threshold);
  else if (status != KM_STATUS_OK)
    g_set_error (error, SEGMENT_CLUSTER_ERROR, SEGMENT_CLUSTER_ERROR_FAILED,
                 _ ("The clustering failed: %s."), km_status_message (status));

  return result;
}
