/* segment-preview.c — the dialog's live preview of the segments.
 *
 * The preview runs the same pipeline as the real run — features of the
 * drawable, the clustering core, the same colour maths back to pixels — on
 * less data, so it stays live on a 24 MP layer:
 *
 *   the selected part of the layer reduced by GIMP to SAMPLE_SIZE pixels
 *   at most, weighted like the real run's pixels → clustering (only when a
 *   clustering argument changed) → the visible area read at full size →
 *   each pixel labelled with its nearest centre → drawn in its segment's
 *   mean colour with its own alpha.
 *
 * The centres found on the reduced layer are close to those of the real
 * run, which clusters every pixel; the preview shows their segments. */

#include <string.h>

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include "segment-cluster.h"
#include "segment-coverage.h"
#include "segment-features.h"
#include "segment-options.h"
#include "segment-preview.h"
#include "segment-thumbnail.h"

/* The longest side of the reduced layer that is clustered: about 0.1 MP,
 * enough for the centres of the main colours. */
#define SAMPLE_SIZE 384

typedef struct
{
  GimpProcedureConfig *config;
  GimpDrawable        *drawable;
  SegmentOptions       options;   /* the arguments the result was made with */
  KmResult            *result;    /* the clustering of the reduced layer */
} SegmentPreview;

static void
segment_preview_free (SegmentPreview *state)
{
  km_result_free (state->result);
  g_free (state);
}

/* Reads what the real run clusters — the selected part of the layer, each
 * pixel weighted by its alpha and coverage — reduced to SAMPLE_SIZE pixels
 * at most.  FALSE when the selection misses the layer. */
static gboolean
read_sample (SegmentFeatures      *sample,
             GimpDrawable         *drawable,
             const SegmentOptions *options)
{
  SegmentCoverage coverage;
  GeglRectangle   area;
  gint            width, height;

  if (! gimp_drawable_mask_intersect (drawable, &area.x, &area.y,
                                      &area.width, &area.height))
    return FALSE;

  segment_thumbnail_size (&area, SAMPLE_SIZE, &width, &height);
  if (width == area.width && height == area.height)
    {
      segment_coverage_read (&coverage, drawable);
      segment_features_read_area (sample, drawable, options->color_space, &area);
    }
  else
    {
      if (! segment_features_read_reduced (sample, drawable, options->color_space,
                                           &area, width, height))
        return FALSE;
      segment_coverage_read_reduced (&coverage, drawable, &area, width, height);
    }

  segment_features_weigh (sample, &coverage, options->alpha_threshold);
  segment_coverage_clear (&coverage);

  return TRUE;
}

/* Clusters the sample unless the last clustering was made with the same
 * arguments (scrolling the preview only labels a new area).  FALSE when
 * there is nothing to cluster. */
static gboolean
update_clustering (SegmentPreview       *state,
                   const SegmentOptions *options)
{
  SegmentFeatures sample;
  gint64          started;

  if (state->result &&
      memcmp (&state->options, options, sizeof (SegmentOptions)) == 0)
    return TRUE;

  g_clear_pointer (&state->result, km_result_free);
  state->options = *options;

  started = g_get_monotonic_time ();
  if (! read_sample (&sample, state->drawable, options))
    return FALSE;

  state->result = segment_cluster (&sample, options, FALSE, NULL);
  g_debug ("preview: %d×%d sample read and clustered in %.1f ms",
           sample.area.width, sample.area.height,
           (g_get_monotonic_time () - started) / 1000.0);
  segment_features_clear (&sample);

  return state->result != NULL;
}

/* Replaces the colour features of every pixel that takes part with its
 * centre, keeping its alpha: the look of fill "mean".  The others (alpha at
 * or below the threshold) belong to no segment and keep their colour. */
static void
paint_mean_colours (SegmentFeatures *features,
                    const KmResult  *result,
                    gdouble          alpha_threshold)
{
  const float *centres  = km_result_get_centres (result);
  gsize        n_pixels = (gsize) features->area.width * features->area.height;
  guint8      *labels   = g_new (guint8, n_pixels);

  km_result_label_points (result, features->pixels, n_pixels,
                          features->stride, labels);

  for (gsize i = 0; i < n_pixels; i++)
    if (labels[i] != KM_LABEL_NONE &&
        features->pixels[i * features->stride + features->n_dims] > alpha_threshold)
      memcpy (&features->pixels[i * features->stride],
              &centres[labels[i] * features->n_dims],
              features->n_dims * sizeof (gfloat));

  g_free (labels);
}

/* The preview draws 8-bit pixels laid out like the drawable's type. */
static const Babl *
preview_format (GimpDrawable *drawable)
{
  const gchar *name;

  if (gimp_drawable_is_gray (drawable))
    name = gimp_drawable_has_alpha (drawable) ? "Y'A u8" : "Y' u8";
  else
    name = gimp_drawable_has_alpha (drawable) ? "R'G'B'A u8" : "R'G'B' u8";

  return babl_format_with_space (name, gimp_drawable_get_format (drawable));
}

static void
segment_preview_render (GimpPreview    *preview,
                        SegmentPreview *state)
{
  gint64          started = g_get_monotonic_time ();
  SegmentOptions  options;
  SegmentFeatures visible;
  GeglRectangle   area;
  const Babl     *format;
  guint8         *pixels;
  gsize           n_pixels;
  GtkWidget      *area_widget;
  gint            window_x, window_y;

  /* Zeroed first, so that the comparison of options is byte for byte. */
  memset (&options, 0, sizeof options);
  segment_options_from_config (&options, state->config);
  if (! update_clustering (state, &options))
    return;

  gimp_preview_get_position (preview, &area.x, &area.y);
  gimp_preview_get_size (preview, &area.width, &area.height);
  n_pixels = (gsize) area.width * area.height;

  segment_features_read_area (&visible, state->drawable, options.color_space,
                              &area);
  paint_mean_colours (&visible, state->result, options.alpha_threshold);

  format = preview_format (state->drawable);
  pixels = g_malloc (n_pixels * babl_format_get_bytes_per_pixel (format));
  segment_features_export (&visible, format, pixels);
  gimp_preview_draw_buffer (preview, pixels,
                            area.width * babl_format_get_bytes_per_pixel (format));

  g_free (pixels);
  segment_features_clear (&visible);

  /* Where, so that a test can find the picture in a screenshot. */
  area_widget = gimp_preview_get_area (preview);
  gtk_widget_translate_coordinates (area_widget, gtk_widget_get_toplevel (area_widget),
                                    0, 0, &window_x, &window_y);
  g_debug ("preview: %d×%d pixels drawn at %d,%d of the dialog in %.1f ms",
           area.width, area.height, window_x, window_y,
           (g_get_monotonic_time () - started) / 1000.0);
}

void
segment_preview_connect (GimpPreview         *preview,
                         GimpProcedureConfig *config,
                         GimpDrawable        *drawable)
{
  SegmentPreview *state = g_new0 (SegmentPreview, 1);

  state->config   = config;
  state->drawable = drawable;
  g_object_set_data_full (G_OBJECT (preview), "segment-preview", state,
                          (GDestroyNotify) segment_preview_free);

  g_signal_connect (preview, "invalidated",
                    G_CALLBACK (segment_preview_render), state);
  /* The config outlives the dialog: the connection ends with the preview. */
  g_signal_connect_object (config, "notify",
                           G_CALLBACK (gimp_preview_invalidate), preview,
                           G_CONNECT_SWAPPED);
}
