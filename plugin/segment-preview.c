/* segment-preview.c — the dialog's live preview of the segments.
 *
 * The preview runs the same pipeline as the real run — features of the
 * drawable, the clustering core, the same colour maths back to pixels — on
 * less data, so it stays live on a 24 MP layer:
 *
 *   the selected part of the layer reduced by GIMP to SEGMENT_SAMPLE_SIZE
 *   pixels at most, weighted like the real run's pixels → clustering (only when a
 *   clustering argument changed, in a worker thread: segment-worker.c;
 *   the previous picture stays, with a spinner, until it is done) → the
 *   visible area read at full size →
 *   each pixel labelled with its nearest centre → the labels cleaned into
 *   regions as the real run cleans them → drawn in its segment's mean
 *   colour with its own alpha.
 *
 * The centres found on the reduced layer are close to those of the real
 * run, which clusters every pixel; the preview shows their segments.  The
 * cleanup runs at full size, min-region in the layer's own pixels, on the
 * visible area and a margin around it: a region cut by the margin's edge
 * may look smaller to it than it is, so the margin grows with min-region
 * (up to MAX_MARGIN), and only regions that reach beyond it can differ
 * from the real run's.  Smoothing measures its pull on that area, not on
 * the whole layer. */

#include <math.h>
#include <string.h>

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include "segment-features.h"
#include "segment-options.h"
#include "segment-preview.h"
#include "segment-regions.h"
#include "segment-sample.h"
#include "segment-worker.h"

/* Pixels read around the visible area when regions are cleaned. */
#define MIN_MARGIN 16
#define MAX_MARGIN 128

typedef struct
{
  GimpPreview         *preview;
  GimpProcedureConfig *config;
  GimpDrawable        *drawable;
  GtkSpinner          *busy;
  SegmentWorker       *worker;  /* NULL once the preview is destroyed */
  SegmentOptions       options; /* the arguments the result was made with */
  KmResult            *result;  /* the clustering of the reduced layer */
} SegmentPreview;

static void
segment_preview_free (SegmentPreview *state)
{
  km_result_free (state->result);
  g_object_unref (state->busy);
  g_free (state);
}

/* The dialog closes: no clustering outlives it. */
static void
segment_preview_destroyed (SegmentPreview *state)
{
  g_clear_pointer (&state->worker, segment_worker_free);
}

/* Whether two sets of options cluster the sample alike: the regions and
 * output options only change what is drawn. */
static gboolean
same_clustering (const SegmentOptions *first,
                 const SegmentOptions *second)
{
  return first->n_segments == second->n_segments &&
         first->max_iterations == second->max_iterations &&
         first->seed == second->seed &&
         first->restarts == second->restarts &&
         first->alpha_threshold == second->alpha_threshold &&
         first->color_space == second->color_space &&
         first->k_mode == second->k_mode &&
         first->tolerance == second->tolerance;
}
/* Whether the last clustering was made with these arguments (scrolling the
 * preview only labels a new area); if not, starts one in the worker,
 * unless the one in flight has them.  Returns whether there is a
 * clustering to draw. */
static gboolean
update_clustering (SegmentPreview       *state,
                   const SegmentOptions *options)
{
  const SegmentOptions *running = segment_worker_running (state->worker);
  SegmentFeatures       sample;
  gint64                started;

  /* Back to the arguments of the picture: what runs is out of date. */
  if (state->result && same_clustering (&state->options, options))
    {
      segment_worker_cancel (state->worker);
      gtk_spinner_stop (state->busy);
      return TRUE;
    }
  if (running && same_clustering (running, options))
    {
      g_debug ("preview: waiting for the clustering in flight");
      return FALSE;
    }

  started = g_get_monotonic_time ();
  if (! segment_sample_read (&sample, state->drawable, options))
    return FALSE;
  g_debug ("preview: %d×%d sample read in %.1f ms", sample.area.width, sample.area.height,
           (g_get_monotonic_time () - started) / 1000.0);

  segment_worker_start (state->worker, &sample, options);
  gtk_spinner_start (state->busy);
  return FALSE;
}

/* Each pixel's segment: its nearest centre, KM_LABEL_NONE when its alpha is
 * at or below the threshold, then cleaned into regions as the real run
 * cleans them. */
static guint8 *
label_pixels (const SegmentFeatures *features,
              const KmResult        *result,
              const SegmentOptions  *options)
{
  gsize             n_pixels = (gsize) features->area.width * features->area.height;
  guint8           *labels   = g_new (guint8, n_pixels);
  KmRegionSettings *settings = segment_regions_settings (options);
  KmImage           image;

  km_result_label_points (result, features->pixels, n_pixels,
                          features->stride, labels);
  for (gsize i = 0; i < n_pixels; i++)
    if (features->pixels[i * features->stride + features->n_dims] <= options->alpha_threshold)
      labels[i] = KM_LABEL_NONE;

  if (segment_regions_asked (options))
    {
      segment_regions_describe (&image, features);
      km_regions_clean (settings, &image, km_result_get_centres (result),
                        km_result_get_n_clusters (result), labels, NULL);
    }
  km_region_settings_free (settings);

  return labels;
}

/* Replaces the colour features of every labelled pixel with its centre,
 * keeping its alpha: the look of fill "mean".  The others belong to no
 * segment and keep their colour. */
static void
paint_mean_colours (SegmentFeatures *features,
                    const KmResult  *result,
                    const guint8    *labels)
{
  const float *centres  = km_result_get_centres (result);
  gsize        n_pixels = (gsize) features->area.width * features->area.height;

  for (gsize i = 0; i < n_pixels; i++)
    if (labels[i] != KM_LABEL_NONE)
      memcpy (&features->pixels[i * features->stride],
              &centres[labels[i] * features->n_dims],
              features->n_dims * sizeof (gfloat));
}

/* The visible area and, when regions are cleaned, a margin around it,
 * inside the layer. */
static void
area_to_read (GeglRectangle        *read,
              const GeglRectangle  *visible,
              GimpDrawable         *drawable,
              const SegmentOptions *options)
{
  GeglRectangle layer  = { 0, 0, gimp_drawable_get_width (drawable),
                           gimp_drawable_get_height (drawable) };
  gint          margin = 0;

  if (segment_regions_asked (options))
    margin = CLAMP ((gint) (2.0 * sqrt ((gdouble) options->min_region)),
                    MIN_MARGIN, MAX_MARGIN);

  *read = *visible;
  read->x -= margin;
  read->y -= margin;
  read->width += 2 * margin;
  read->height += 2 * margin;
  gegl_rectangle_intersect (read, read, &layer);
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
  GeglRectangle   read;
  const Babl     *format;
  gint            bpp;
  guint8         *pixels;
  guint8         *labels;

  if (! state->worker)
    return;
  segment_options_from_config (&options, state->config);
  if (! update_clustering (state, &options))
    return;

  gimp_preview_get_position (preview, &area.x, &area.y);
  gimp_preview_get_size (preview, &area.width, &area.height);
  area_to_read (&read, &area, state->drawable, &options);

  segment_features_read_area (&visible, state->drawable, options.color_space,
                              &read);
  labels = label_pixels (&visible, state->result, &options);
  paint_mean_colours (&visible, state->result, labels);

  format = preview_format (state->drawable);
  bpp    = babl_format_get_bytes_per_pixel (format);
  pixels = g_malloc ((gsize) read.width * read.height * bpp);
  segment_features_export (&visible, format, pixels);
  gimp_preview_draw_buffer (preview,
                            pixels + ((gsize) (area.y - read.y) * read.width + (area.x - read.x)) * bpp,
                            read.width * bpp);

  g_free (pixels);
  g_free (labels);
  segment_features_clear (&visible);

  g_debug ("preview: %d×%d pixels drawn in %.1f ms", area.width, area.height,
           (g_get_monotonic_time () - started) / 1000.0);
}

/* On the main loop: the latest clustering is done. */
static void
clustering_done (KmResult              *result,
                 const SegmentFeatures *sample G_GNUC_UNUSED,
                 const SegmentOptions  *options,
                 gpointer               data)
{
  SegmentPreview *state = data;

  km_result_free (state->result);
  state->result  = result;
  state->options = *options;
  gtk_spinner_stop (state->busy);
  if (result)
    segment_preview_render (state->preview, state);
}

void
segment_preview_connect (GimpPreview         *preview,
                         GimpProcedureConfig *config,
                         GimpDrawable        *drawable,
                         GtkSpinner          *busy)
{
  SegmentPreview *state = g_new0 (SegmentPreview, 1);

  state->preview  = preview;
  state->config   = config;
  state->drawable = drawable;
  state->busy     = g_object_ref (busy);
  state->worker   = segment_worker_new (clustering_done, state);
  g_object_set_data_full (G_OBJECT (preview), "segment-preview", state,
                          (GDestroyNotify) segment_preview_free);

  g_signal_connect (preview, "invalidated",
                    G_CALLBACK (segment_preview_render), state);
  g_signal_connect_swapped (preview, "destroy",
                            G_CALLBACK (segment_preview_destroyed), state);
  /* The config outlives the dialog: the connection ends with the preview. */
  g_signal_connect_object (config, "notify",
                           G_CALLBACK (gimp_preview_invalidate), preview,
                           G_CONNECT_SWAPPED);
}
