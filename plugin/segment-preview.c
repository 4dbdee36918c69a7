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
 *   part of the layer the zoom preview shows, reduced to the preview's
 *   size → each pixel labelled with its nearest centre → the labels cleaned
 *   into regions at the preview's scale → drawn as fill will show it.
 *
 * The zoom preview starts with the whole layer (or selection) in view and
 * zooms in to 1:1 and beyond.  At a scale of s preview pixels per layer
 * pixel, a region of min-region layer pixels covers min-region × s²
 * preview pixels, so the cleanup merges regions under that size: the same
 * regions as the real run, up to what a reduced picture can tell (a
 * region thinner than a preview pixel may vanish or survive).  Zoomed in,
 * it cleans the visible area and a margin around it: a region cut by the
 * margin's edge may look smaller to it than it is, so the margin grows
 * with min-region (up to MAX_MARGIN).  Smoothing measures its pull on that
 * area, not on the whole layer.
 *
 * Fill "mean" draws each pixel in its segment's mean colour; "original"
 * and "mask", whose layers show the source pixels, draw the source with a
 * one-pixel line where two segments meet.  The labelled pixels are kept:
 * a change of fill only paints them again, without reading or labelling. */

#include <math.h>
#include <string.h>

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include "segment-features.h"
#include "segment-options.h"
#include "segment-palette-entries.h"
#include "segment-preview.h"
#include "segment-regions.h"
#include "segment-sample.h"
#include "segment-worker.h"

/* Pixels read around the visible area when regions are cleaned. */
#define MIN_MARGIN 16
#define MAX_MARGIN 128

/* What the labels drawn last were made from: the part of the layer read,
 * at which size, in which colour space, by which clustering, cleaned how.
 * A redraw with the same (a change of fill) only paints them again. */
typedef struct
{
  GeglRectangle     layer;
  gint              width;
  gint              height;
  SegmentColorSpace color_space;
  guint             clustering; /* SegmentPreview's count of results */
  gdouble           alpha_threshold;
  gint              min_region; /* at the preview's scale */
  gint              connectivity;
  gint              smoothing;
} SegmentLabelling;

typedef struct
{
  GimpPreview         *preview;
  GimpProcedureConfig *config;
  GimpDrawable        *drawable;
  GtkSpinner          *busy;
  SegmentWorker       *worker;     /* NULL once the preview is destroyed */
  SegmentOptions       options;    /* the arguments the result was made with */
  KmResult            *result;     /* the clustering of the reduced layer */
  guint                clustering; /* counts the results, to tell them apart */
  SegmentLabelling     labelling;  /* what features and labels were made from */
  SegmentFeatures      features;   /* the part of the layer read, unpainted */
  guint8              *labels;     /* its pixels' segments; NULL before the first */
} SegmentPreview;

static void
segment_preview_free (SegmentPreview *state)
{
  if (state->labels)
    segment_features_clear (&state->features);
  g_free (state->labels);
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
         first->tolerance == second->tolerance &&
         segment_palette_entries_same (first, second);
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
 * at or below the threshold, then cleaned into regions as the options ask. */
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

/* Whether the pixel at offset i of a row-major width × height grid meets
 * another segment to its right or below it: one line of pixels between
 * two segments. */
static gboolean
on_border (const guint8 *labels,
           gsize         i,
           gint          x,
           gint          y,
           gint          width,
           gint          height)
{
  guint8 label = labels[i];

  if (label == KM_LABEL_NONE)
    return FALSE;
  if (x + 1 < width && labels[i + 1] != KM_LABEL_NONE && labels[i + 1] != label)
    return TRUE;
  return y + 1 < height && labels[i + width] != KM_LABEL_NONE && labels[i + width] != label;
}

/* Draws the borders between segments over the source pixels (8-bit, bpp
 * bytes a pixel, the last one alpha when has_alpha): black over a light
 * pixel, white over a dark one, opaque.  Returns the pixels drawn. */
static gsize
draw_borders (guint8              *pixels,
              gint                 bpp,
              gboolean             has_alpha,
              const guint8        *labels,
              const GeglRectangle *area)
{
  gint  n_colours = has_alpha ? bpp - 1 : bpp;
  gsize n_drawn   = 0;

  for (gint y = 0; y < area->height; y++)
    for (gint x = 0; x < area->width; x++)
      {
        gsize   i     = (gsize) y * area->width + x;
        guint8 *pixel = pixels + i * bpp;
        gint    sum   = 0;

        if (! on_border (labels, i, x, y, area->width, area->height))
          continue;
        for (gint c = 0; c < n_colours; c++)
          sum += pixel[c];
        memset (pixel, sum >= 128 * n_colours ? 0 : 255, n_colours);
        if (has_alpha)
          pixel[n_colours] = 255;
        n_drawn++;
      }

  return n_drawn;
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

/* What the zoom preview shows: the part of the layer in view (layer
 * coordinates), the preview's room for it and the picture of it, of the
 * same proportions, at the room's top left.  GIMP's zoom preview fits the
 * part in view to its room, which may have other proportions once the
 * dialog is enlarged: the picture does not stretch it. */
typedef struct
{
  GeglRectangle layer;
  gint          room_width;
  gint          room_height;
  gint          width;
  gint          height;
  gdouble       scale; /* picture pixels per layer pixel */
} SegmentView;

static void
view_of_preview (SegmentView  *view,
                 GimpPreview  *preview,
                 GimpDrawable *drawable)
{
  GeglRectangle whole = { 0, 0, gimp_drawable_get_width (drawable),
                          gimp_drawable_get_height (drawable) };
  gint          x2, y2;

  gimp_preview_get_size (preview, &view->room_width, &view->room_height);
  gimp_preview_untransform (preview, 0, 0, &view->layer.x, &view->layer.y);
  gimp_preview_untransform (preview, view->room_width, view->room_height, &x2, &y2);
  view->layer.width  = x2 - view->layer.x;
  view->layer.height = y2 - view->layer.y;
  gegl_rectangle_intersect (&view->layer, &view->layer, &whole);
  view->layer.width  = MAX (1, view->layer.width);
  view->layer.height = MAX (1, view->layer.height);
  view->scale        = MIN ((gdouble) view->room_width / view->layer.width,
                            (gdouble) view->room_height / view->layer.height);
  view->width        = CLAMP ((gint) (view->layer.width * view->scale + 0.5), 1, view->room_width);
  view->height       = CLAMP ((gint) (view->layer.height * view->scale + 0.5), 1, view->room_height);
}

/* Draws the picture (rows of stride bytes of bpp bytes a pixel) at the
 * top left of the preview's room; the rest of the room is transparent, or
 * grey without alpha. */
static void
draw_in_room (GimpPreview       *preview,
              const SegmentView *view,
              const guint8      *picture,
              gint               stride,
              gint               bpp,
              gboolean           has_alpha)
{
  gsize   row = (gsize) view->room_width * bpp;
  guint8 *room;

  if (view->width == view->room_width && view->height == view->room_height)
    {
      gimp_preview_draw_buffer (preview, picture, stride);
      return;
    }

  room = g_malloc (row * view->room_height);
  memset (room, has_alpha ? 0 : 128, row * view->room_height);
  for (gint y = 0; y < view->height; y++)
    memcpy (room + y * row, picture + (gsize) y * stride, (gsize) view->width * bpp);
  gimp_preview_draw_buffer (preview, room, row);
  g_free (room);
}

/* The options at the preview's scale: min-region counts preview pixels. */
static void
options_at_scale (SegmentOptions       *scaled,
                  const SegmentOptions *options,
                  gdouble               scale)
{
  *scaled = *options;
  if (options->min_region > 1)
    scaled->min_region = (gint) MIN (options->min_region * scale * scale + 0.5, G_MAXINT);
}

/* The part of the layer to label, in layer coordinates: the view and,
 * when regions are cleaned and the view is not the whole of what is
 * segmented, a margin around it; its size in the preview (read_width ×
 * read_height) and where the view starts in it (offset_x, offset_y). */
typedef struct
{
  GeglRectangle layer;
  gint          width;
  gint          height;
  gint          offset_x;
  gint          offset_y;
} SegmentRead;

static void
area_to_read (SegmentRead          *read,
              const SegmentView    *view,
              GimpDrawable         *drawable,
              const SegmentOptions *scaled)
{
  GeglRectangle whole  = { 0, 0, gimp_drawable_get_width (drawable),
                           gimp_drawable_get_height (drawable) };
  gint          margin = 0;

  if (segment_regions_asked (scaled))
    margin = (gint) ceil (CLAMP (2.0 * sqrt ((gdouble) scaled->min_region), MIN_MARGIN,
                                 MAX_MARGIN) /
                          view->scale);

  read->layer = view->layer;
  read->layer.x -= margin;
  read->layer.y -= margin;
  read->layer.width += 2 * margin;
  read->layer.height += 2 * margin;
  gegl_rectangle_intersect (&read->layer, &read->layer, &whole);

  read->offset_x = (gint) ((view->layer.x - read->layer.x) * view->scale + 0.5);
  read->offset_y = (gint) ((view->layer.y - read->layer.y) * view->scale + 0.5);
  read->width    = MAX ((gint) (read->layer.width * view->scale + 0.5), read->offset_x + view->width);
  read->height   = MAX ((gint) (read->layer.height * view->scale + 0.5),
                        read->offset_y + view->height);
}

static void
describe_labelling (SegmentLabelling     *labelling,
                    const SegmentRead    *read,
                    const SegmentOptions *scaled,
                    guint                 clustering)
{
  labelling->layer           = read->layer;
  labelling->width           = read->width;
  labelling->height          = read->height;
  labelling->color_space     = scaled->color_space;
  labelling->clustering      = clustering;
  labelling->alpha_threshold = scaled->alpha_threshold;
  labelling->min_region      = scaled->min_region;
  labelling->connectivity    = scaled->connectivity;
  labelling->smoothing       = scaled->smoothing;
}

static gboolean
same_labelling (const SegmentLabelling *first,
                const SegmentLabelling *second)
{
  return gegl_rectangle_equal (&first->layer, &second->layer) &&
         first->width == second->width && first->height == second->height &&
         first->color_space == second->color_space &&
         first->clustering == second->clustering &&
         first->alpha_threshold == second->alpha_threshold &&
         first->min_region == second->min_region &&
         first->connectivity == second->connectivity && first->smoothing == second->smoothing;
}

static void
segment_preview_render (GimpPreview    *preview,
                        SegmentPreview *state)
{
  static const gchar *fill_names[] = { "original", "mean", "mask" };
  gint64              started      = g_get_monotonic_time ();
  SegmentOptions      options;
  SegmentOptions      scaled;
  SegmentView         view;
  SegmentRead         read;
  SegmentLabelling    labelling;
  const Babl         *format;
  gint                bpp;
  guint8             *pixels;
  gsize               n_border = 0;
  gboolean            relabelled;

  if (! state->worker)
    return;
  segment_options_from_config (&options, state->config);
  if (! update_clustering (state, &options))
    return;

  view_of_preview (&view, preview, state->drawable);
  options_at_scale (&scaled, &options, view.scale);
  area_to_read (&read, &view, state->drawable, &scaled);

  describe_labelling (&labelling, &read, &scaled, state->clustering);
  relabelled = ! state->labels || ! same_labelling (&labelling, &state->labelling);
  if (relabelled)
    {
      if (state->labels)
        segment_features_clear (&state->features);
      g_free (state->labels);
      segment_features_read_reduced (&state->features, state->drawable, options.color_space,
                                     &read.layer, read.width, read.height);
      state->labels    = label_pixels (&state->features, state->result, &scaled);
      state->labelling = labelling;
    }

  format = preview_format (state->drawable);
  bpp    = babl_format_get_bytes_per_pixel (format);
  pixels = g_malloc ((gsize) read.width * read.height * bpp);
  if (options.fill == SEGMENT_FILL_MEAN)
    {
      SegmentFeatures painted = state->features;

      painted.pixels = g_memdup2 (state->features.pixels,
                                  (gsize) read.width * read.height * painted.stride *
                                    sizeof (gfloat));
      paint_mean_colours (&painted, state->result, state->labels);
      segment_features_export (&painted, format, pixels);
      g_free (painted.pixels);
    }
  else
    {
      segment_features_export (&state->features, format, pixels);
      n_border = draw_borders (pixels, bpp, babl_format_has_alpha (format), state->labels,
                               &state->features.area);
    }
  draw_in_room (preview, &view,
                pixels + ((gsize) read.offset_y * read.width + read.offset_x) * bpp,
                read.width * bpp, bpp, babl_format_has_alpha (format));
  g_free (pixels);

  g_debug ("preview: %d×%d pixels drawn of the layer's %d,%d %d×%d (scale %.4f, "
           "min-region %d, fill %s, %" G_GSIZE_FORMAT " border pixels, %s) in %.1f ms",
           view.width, view.height, view.layer.x, view.layer.y, view.layer.width,
           view.layer.height, view.scale, scaled.min_region, fill_names[options.fill], n_border,
           relabelled ? "labelled" : "labels kept",
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
  state->clustering++;
  gtk_spinner_stop (state->busy);
  if (result)
    segment_preview_render (state->preview, state);
}

void
segment_preview_connect (GimpZoomPreview     *preview,
                         GimpProcedureConfig *config,
                         GimpDrawable        *drawable,
                         GtkSpinner          *busy)
{
  SegmentPreview *state = g_new0 (SegmentPreview, 1);

  state->preview  = GIMP_PREVIEW (preview);
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
