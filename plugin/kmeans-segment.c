/* kmeans-segment.c — the GIMP plug-in: registration and the run function.
 *
 * K-Means Segment splits a layer into K colour segments and writes each
 * segment back as a new layer, in one undo step.  This file is the GIMP
 * glue: it checks the input, shows the dialog, and runs the pipeline
 * features → clustering → order → layers. */

#include <libgimp/gimp.h>

#include <glib/gi18n.h>

#include "segment-auto-k.h"
#include "segment-channels.h"
#include "segment-cluster.h"
#include "segment-dialog.h"
#include "segment-features.h"
#include "segment-insert.h"
#include "segment-layers.h"
#include "segment-limits.h"
#include "segment-options.h"
#include "segment-palette-entries.h"
#include "segment-order.h"
#include "segment-palette.h"
#include "segment-paths.h"
#include "segment-progress.h"
#include "segment-regions.h"
#include "segment-test-hook.h"

#define PLUG_IN_PROC   "plug-in-kmeans-segment"
#define PLUG_IN_BINARY "kmeans-segment"
#define HELP_DOMAIN    "org.kmeans-segment.help"

typedef struct _KMeansSegment      KMeansSegment;
typedef struct _KMeansSegmentClass KMeansSegmentClass;

struct _KMeansSegment
{
  GimpPlugIn parent_instance;
};

struct _KMeansSegmentClass
{
  GimpPlugInClass parent_class;
};

#define KMEANS_SEGMENT_TYPE (kmeans_segment_get_type ())
GType kmeans_segment_get_type (void) G_GNUC_CONST;

static GList          *kmeans_segment_query_procedures (GimpPlugIn *plug_in);
static GimpProcedure  *kmeans_segment_create_procedure (GimpPlugIn  *plug_in,
                                                        const gchar *name);
static gboolean        kmeans_segment_set_i18n (GimpPlugIn  *plug_in,
                                                const gchar *name,
                                                gchar      **gettext_domain,
                                                gchar      **catalog_dir);
static GimpValueArray *kmeans_segment_run (GimpProcedure       *procedure,
                                           GimpRunMode          run_mode,
                                           GimpImage           *image,
                                           GimpDrawable       **drawables,
                                           GimpProcedureConfig *config,
                                           gpointer             run_data);

G_DEFINE_TYPE (KMeansSegment, kmeans_segment, GIMP_TYPE_PLUG_IN)

GIMP_MAIN (KMEANS_SEGMENT_TYPE)

static void
kmeans_segment_class_init (KMeansSegmentClass *klass)
{
  GimpPlugInClass *plug_in_class = GIMP_PLUG_IN_CLASS (klass);

  plug_in_class->query_procedures = kmeans_segment_query_procedures;
  plug_in_class->create_procedure = kmeans_segment_create_procedure;
  plug_in_class->set_i18n         = kmeans_segment_set_i18n;
}

static void
kmeans_segment_init (KMeansSegment *segment G_GNUC_UNUSED)
{
}

static GList *
kmeans_segment_query_procedures (GimpPlugIn *plug_in)
{
  gchar *plug_in_dir = g_path_get_dirname (gimp_get_progname ());
  gchar *help_dir    = g_build_filename (plug_in_dir, "help", NULL);
  GFile *help_file   = g_file_new_for_path (help_dir);

  gimp_plug_in_set_help_domain (plug_in, HELP_DOMAIN, help_file);

  g_object_unref (help_file);
  g_free (help_dir);
  g_free (plug_in_dir);

  return g_list_append (NULL, g_strdup (PLUG_IN_PROC));
}

/* The translations live in the plug-in's own folder, as locale/<language>/
 * LC_MESSAGES/kmeans-segment.mo (po/meson.build installs them there):
 * GIMP takes a catalogue folder relative to the plug-in's, so the same
 * files serve a system install, a package and a user's plug-in folder.
 * libgimp binds the domain before each procedure is made and run, so the
 * strings it registers at query time are in the user's language too. */
static gboolean
kmeans_segment_set_i18n (GimpPlugIn  *plug_in G_GNUC_UNUSED,
                         const gchar *name G_GNUC_UNUSED,
                         gchar      **gettext_domain,
                         gchar      **catalog_dir)
{
  *gettext_domain = g_strdup (GETTEXT_PACKAGE);
  *catalog_dir    = g_strdup ("locale");

  return TRUE;
}

static GimpProcedure *
kmeans_segment_create_procedure (GimpPlugIn  *plug_in,
                                 const gchar *name)
{
  GimpProcedure *procedure;

  if (g_strcmp0 (name, PLUG_IN_PROC) != 0)
    return NULL;

  procedure = gimp_image_procedure_new (plug_in, name, GIMP_PDB_PROC_TYPE_PLUGIN,
                                        kmeans_segment_run, NULL, NULL);

  gimp_procedure_set_image_types (procedure, "RGB*, GRAY*");
  gimp_procedure_set_sensitivity_mask (procedure, GIMP_PROCEDURE_SENSITIVE_DRAWABLE);
  gimp_procedure_set_menu_label (procedure, _ ("K-_Means Segment..."));
  gimp_procedure_add_menu_path (procedure, "<Image>/Filters/Segment");
  gimp_procedure_set_documentation (
    procedure,
    _ ("Split a layer into K colour segments, one new layer each"),
    _ ("Groups the layer's pixels by similar colour with k-means clustering "
       "and writes each group (segment) back as a new layer inside a layer "
       "group \"K-Means Segments\" above the layer.  Layers are sorted as "
       "sort-by says (by default the largest share of pixels first) and named "
       "after their number, colour and share.  On request the filter also adds "
       "one channel per segment, a label map and a palette.  "
       "Only selected pixels are clustered, and pixels hidden by the layer's "
       "mask or with alpha at or below alpha-threshold are not; the others "
       "count with alpha × selection × mask as weight.  Segment layers are "
       "empty outside the selection and keep the source's pixels and alpha "
       "exactly, with the alpha multiplied by the selection where it is "
       "partial.  The source layer is left unchanged and the whole result is "
       "one undo step."),
    PLUG_IN_PROC);
  gimp_procedure_set_attribution (procedure, "The kmeans-segment authors",
                                  "The kmeans-segment authors", "2026");

  segment_options_declare (procedure);

  gimp_procedure_add_group_layer_return_value (procedure, "group", _ ("Group"),
                                               _ ("The layer group holding the segment "
                                                  "layers; none when the selection does "
                                                  "not touch the layer"),
                                               TRUE, G_PARAM_READWRITE);
  gimp_procedure_add_int_return_value (procedure, "n-segments-made",
                                       _ ("Segments made"),
                                       _ ("The number of segments made: n-segments, or "
                                          "fewer when the layer has fewer distinct colours; "
                                          "with k-mode tolerance, the number chosen"),
                                       0, SEGMENT_MAX_SEGMENTS, 0, G_PARAM_READWRITE);
  gimp_procedure_add_double_array_return_value (procedure, "segment-colors",
                                                _ ("Segment colors"),
                                                _ ("The colour of each segment (its cluster "
                                                   "centre), in segment order: three values "
                                                   "R', G', B' per segment, in the image's own "
                                                   "non-linear RGB; from 0 to 1 (clamped) in "
                                                   "images of integer precision, the centre's "
                                                   "own values in float images, which may lie "
                                                   "outside (high dynamic range)"),
                                                G_PARAM_READWRITE);
  gimp_procedure_add_int32_array_return_value (procedure, "segment-pixel-counts",
                                               _ ("Segment pixel counts"),
                                               _ ("The number of pixels in each segment, in "
                                                  "segment order"),
                                               G_PARAM_READWRITE);
  gimp_procedure_add_layer_return_value (procedure, "label-map", _ ("Label map"),
                                         _ ("The label map layer when create-label-map "
                                            "is set, else none"),
                                         TRUE, G_PARAM_READWRITE);
  gimp_procedure_add_core_object_array_return_value (procedure, "channels", _ ("Channels"),
                                                     _ ("The segment channels in segment "
                                                        "order when create-channels is set, "
                                                        "else empty"),
                                                     GIMP_TYPE_CHANNEL, G_PARAM_READWRITE);
  gimp_procedure_add_palette_return_value (procedure, "palette", _ ("Palette"),
                                           _ ("The new palette when create-palette is "
                                              "set, else none"),
                                           G_PARAM_READWRITE);
  gimp_procedure_add_int_return_value (procedure, "n-regions", _ ("Regions"),
                                       _ ("The number of regions in the result: connected "
                                          "sets of pixels of one segment, as connectivity "
                                          "says"),
                                       0, G_MAXINT, 0, G_PARAM_READWRITE);
  gimp_procedure_add_double_array_return_value (procedure, "k-curve-error",
                                                _ ("K curve error"),
                                                _ ("With k-mode tolerance: the colour error "
                                                   "(CIE ΔE, the 95th percentile as tolerance "
                                                   "says) for K = 2, 3, … up to the K chosen, "
                                                   "or n-segments when no K is within the "
                                                   "tolerance; else empty"),
                                                G_PARAM_READWRITE);
  return procedure;
}

static GimpValueArray *
calling_error (GimpProcedure *procedure,
               const gchar   *format,
               ...) G_GNUC_PRINTF (2, 3);

static GimpValueArray *
calling_error (GimpProcedure *procedure,
               const gchar   *format,
               ...)
{
  GError *error;
  va_list args;

  va_start (args, format);
  error = g_error_new_valist (GIMP_PLUG_IN_ERROR, 0, format, args);
  va_end (args);

  return gimp_procedure_new_return_values (procedure, GIMP_PDB_CALLING_ERROR, error);
}

/* A script that gives a palette means it to be used: palette-mode "none",
 * the default (the dialog's palette chooser always holds one), would drop
 * it without a word. */
static gboolean
palette_left_unused (GimpProcedureConfig *config)
{
  GimpPalette *palette = NULL;
  gboolean     unused;

  g_object_get (config, "palette", &palette, NULL);
  unused = palette &&
           gimp_procedure_config_get_choice_id (config, "palette-mode") == SEGMENT_PALETTE_NONE;
  g_clear_object (&palette);
  return unused;
}

/* A layer made with gimp-layer-new belongs to an image but is not in it
 * until inserted.  Layers are in the image when their top-level ancestor
 * is one of its layers (GIMP takes no layer into a group outside it). */
static gboolean
is_in_image (GimpImage *image,
             GimpItem  *item)
{
  GimpItem   *parent;
  GimpLayer **top_layers;
  gboolean    found = FALSE;

  while ((parent = gimp_item_get_parent (item)))
    item = parent;

  top_layers = gimp_image_get_layers (image);
  for (gint i = 0; top_layers[i] && ! found; i++)
    found = GIMP_ITEM (top_layers[i]) == item;
  g_free (top_layers);

  return found;
}

/* Checks what the menu's sensitivity cannot: PDB callers may pass anything. */
static GimpValueArray *
check_drawables (GimpProcedure *procedure,
                 GimpImage     *image,
                 GimpDrawable **drawables)
{
  gint          n_drawables = gimp_core_object_array_get_length ((GObject **) drawables);
  GimpDrawable *drawable;

  if (n_drawables != 1)
    return calling_error (procedure,
                          _ ("K-Means Segment works on exactly one layer, but %d "
                             "drawables were given. Select a single layer."),
                          n_drawables);

  drawable = drawables[0];
  if (! GIMP_IS_LAYER (drawable))
    return calling_error (procedure,
                          _ ("K-Means Segment works on a layer, but \"%s\" is a "
                             "channel or layer mask. Select a layer."),
                          gimp_item_get_name (GIMP_ITEM (drawable)));

  /* GIMP does not check that the drawable belongs to the image, and the
   * segments would go into the image while being read from the other. */
  if (gimp_item_get_image (GIMP_ITEM (drawable)) != image)
    return calling_error (procedure,
                          _ ("The layer \"%s\" belongs to another image than the "
                             "one given. Pass the layer's own image."),
                          gimp_item_get_name (GIMP_ITEM (drawable)));

  if (! is_in_image (image, GIMP_ITEM (drawable)))
    return calling_error (procedure,
                          _ ("The layer \"%s\" is not in an image: it was made but "
                             "never inserted. Insert it into its image first "
                             "(gimp-image-insert-layer)."),
                          gimp_item_get_name (GIMP_ITEM (drawable)));

  if (gimp_drawable_is_indexed (drawable))
    return calling_error (procedure,
                          _ ("K-Means Segment does not work on indexed images. "
                             "Convert the image to RGB or Grayscale first "
                             "(Image > Mode)."));

  return NULL;
}

/* GIMP hands its plug-ins its own tile-cache size (half the memory by
 * default), and GEGL keeps every tile the plug-in reads or writes cached up
 * to it, on top of GIMP's copy of the same tiles: on a 100-megapixel image
 * the segment layers alone added 4 bytes a pixel per segment.  A small cache
 * makes GEGL send written tiles on to GIMP as it goes, so the plug-in's
 * memory no longer grows with the number of segments. */
#define PLUG_IN_TILE_CACHE_BYTES ((guint64) 128 << 20)

static void
limit_tile_cache (void)
{
  guint64 cache_size;

  g_object_get (gegl_config (), "tile-cache-size", &cache_size, NULL);
  if (cache_size > PLUG_IN_TILE_CACHE_BYTES)
    g_object_set (gegl_config (), "tile-cache-size", PLUG_IN_TILE_CACHE_BYTES, NULL);
}

/* Each pixel weighs alpha × coverage, or 0 with alpha at or below the
 * threshold: on an opaque layer that is fully covered every weight is 1,
 * unless the threshold is 1.  The features then need no alpha, which the
 * core takes as weights of 1, and that saves 4 bytes a pixel. */
static gboolean
needs_weights (GimpDrawable          *drawable,
               const SegmentCoverage *coverage,
               gdouble                alpha_threshold)
{
  return gimp_drawable_has_alpha (drawable) || coverage->values || alpha_threshold >= 1.0;
}

/* Scripts read the count from the n-segments-made return value; a user
 * also learns why it is short. */
static void
report_shortfall (const KmResult       *result,
                  const SegmentOptions *options)
{
  gint  n_made     = km_result_get_n_clusters (result);
  gsize n_distinct = km_result_get_n_distinct (result);

  gchar *colours;

  if (km_result_get_shortfall (result) != KM_SHORTFALL_FEW_DISTINCT_POINTS)
    return;

  colours = g_strdup_printf (ngettext ("%zu distinct colour", "%zu distinct colours",
                                       n_distinct),
                             n_distinct);
  g_message (ngettext ("Made %d segment, not %d: the layer has only %s.",
                       "Made %d segments, not %d: the layer has only %s.", n_made),
             n_made, options->n_segments, colours);
  g_free (colours);
}

/* Like transparent pixels, pixels whose colour is not a finite number or
 * too large belong to no segment: the user learns how many. */
static void
report_left_out (GimpDrawable          *drawable,
                 const SegmentFeatures *features,
                 const KmResult        *result)
{
  gsize n = segment_limits_count_left_out (features, result);

  if (n > 0)
    g_message (ngettext ("%zu pixel of \"%s\" (not finite numbers, or too large to "
                         "measure: a value beyond 1e18, or one that overflows in the "
                         "colour space) belongs to no segment, like transparent pixels.",
                         "%zu pixels of \"%s\" (not finite numbers, or too large to "
                         "measure: a value beyond 1e18, or one that overflows in the "
                         "colour space) belong to no segment, like transparent pixels.",
                         n),
               n, gimp_item_get_name (GIMP_ITEM (drawable)));
}

/* The return values in their declared order; order and regions are NULL
 * when nothing was segmented.  Takes the curve. */
static GimpValueArray *
success_values (GimpProcedure        *procedure,
                const SegmentRegions *regions,
                const SegmentOrder   *order,
                const SegmentLayers  *layers,
                GimpChannel         **channels,
                GimpPalette          *palette,
                gdouble              *curve,
                gsize                 n_curve)
{
  GimpValueArray *values        = gimp_procedure_new_return_values (procedure,
                                                                    GIMP_PDB_SUCCESS,
                                                                    NULL);
  gint            n_segments    = order ? order->n_segments : 0;
  gdouble        *colours       = g_new (gdouble, 3 * n_segments);
  gint32         *counts        = g_new (gint32, n_segments);
  GimpChannel    *no_channels[] = { NULL };

  for (gint rank = 0; rank < n_segments; rank++)
    {
      const SegmentInfo *info = &order->segments[rank];

      for (gint c = 0; c < 3; c++)
        colours[3 * rank + c] = info->rgb[c];
      counts[rank] = (gint32) MIN (info->n_pixels, (gsize) G_MAXINT32);
    }

  GIMP_VALUES_SET_GROUP_LAYER (values, 1, layers->group);
  GIMP_VALUES_SET_INT (values, 2, n_segments);
  GIMP_VALUES_TAKE_DOUBLE_ARRAY (values, 3, colours, 3 * n_segments);
  GIMP_VALUES_TAKE_INT32_ARRAY (values, 4, counts, n_segments);
  GIMP_VALUES_SET_LAYER (values, 5, layers->label_map);
  GIMP_VALUES_SET_CORE_OBJECT_ARRAY (values, 6,
                                     (GObject **) (channels ? channels : no_channels));
  GIMP_VALUES_SET_PALETTE (values, 7, palette);
  GIMP_VALUES_SET_INT (values, 8, regions ? (gint) MIN (regions->n_regions, G_MAXINT) : 0);
  GIMP_VALUES_TAKE_DOUBLE_ARRAY (values, 9, curve, n_curve);

  return values;
}

static GimpValueArray *
kmeans_segment_run (GimpProcedure       *procedure,
                    GimpRunMode          run_mode,
                    GimpImage           *image,
                    GimpDrawable       **drawables,
                    GimpProcedureConfig *config,
                    gpointer             run_data G_GNUC_UNUSED)
{
  GimpValueArray *return_values;
  GimpDrawable   *drawable;
  SegmentOptions  options;
  SegmentCoverage coverage;
  SegmentSource   source;
  GeglRectangle   source_area;
  SegmentFeatures features;
  SegmentRegions  regions;
  SegmentOrder   *order;
  SegmentLayers   layers   = { NULL, 0, NULL, NULL };
  GimpChannel   **channels = NULL;
  GimpPath      **paths    = NULL;
  GimpPalette    *palette  = NULL;
  KmResult       *result;
  gdouble        *curve;
  gsize           n_curve;
  GError         *error = NULL;
  gint64          started;

  gegl_init (NULL, NULL);
  limit_tile_cache ();

  return_values = check_drawables (procedure, image, drawables);
  if (return_values)
    return return_values;
  drawable = drawables[0];

  if (run_mode == GIMP_RUN_INTERACTIVE && ! segment_dialog_has_display ())
    return calling_error (procedure,
                          _ ("K-Means Segment was called in interactive mode, but there is no "
                             "display to show its dialog on (gimp-console, or a batch without "
                             "a display). In a script, call it with RUN-NONINTERACTIVE "
                             "(Gimp.RunMode.NONINTERACTIVE) and its arguments."));

  if (run_mode == GIMP_RUN_INTERACTIVE &&
      ! segment_dialog_run (procedure, config, drawable))
    return gimp_procedure_new_return_values (procedure, GIMP_PDB_CANCEL, NULL);

  if (run_mode == GIMP_RUN_NONINTERACTIVE && palette_left_unused (config))
    return calling_error (procedure,
                          _ ("A palette is given, but palette-mode is \"none\", which does not "
                             "use it: set palette-mode to \"seed\", \"lock\" or \"partial\", "
                             "or give no palette."));

  segment_options_from_config (&options, config);
  if (! segment_palette_entries_check (&options, &error))
    return gimp_procedure_new_return_values (procedure, GIMP_PDB_CALLING_ERROR, error);

  /* Like GIMP's own filters: a selection beside the layer changes nothing. */
  if (! segment_coverage_read (&coverage, drawable))
    {
      g_message (_ ("The selection does not touch the layer \"%s\": there is "
                    "nothing to segment."),
                 gimp_item_get_name (GIMP_ITEM (drawable)));
      return success_values (procedure, NULL, NULL, &layers, NULL, NULL, NULL, 0);
    }

  /* Cancel on the progress bar kills the plug-in, and must leave no trace:
   * nothing goes into the image before the last stage, below. */
  segment_progress_start (&options);
  started = g_get_monotonic_time ();
  segment_source_area (&source_area, drawable, &coverage, options.fill);
  segment_features_read_source (&features, &source, drawable, options.color_space,
                                &coverage.area, &source_area,
                                needs_weights (drawable, &coverage, options.alpha_threshold));
  g_debug ("%d×%d pixels read and their features made in %.1f ms",
           features.area.width, features.area.height,
           (g_get_monotonic_time () - started) / 1000.0);
  segment_test_hook ("read");
  segment_limits_apply (&features, &source);
  if (features.weighted)
    segment_features_weigh (&features, &coverage, options.alpha_threshold);
  segment_progress_stage (SEGMENT_STAGE_CLUSTER);
  result = segment_cluster (&features, &options, TRUE, NULL, &error);
  if (! result)
    {
      segment_features_clear (&features);
      segment_source_clear (&source);
      segment_coverage_clear (&coverage);
      /* Nothing to segment comes from the caller's input; running out of
       * memory does not. */
      return gimp_procedure_new_return_values (procedure,
                                               g_error_matches (error, SEGMENT_CLUSTER_ERROR,
                                                                SEGMENT_CLUSTER_ERROR_NO_PIXELS)
                                                 ? GIMP_PDB_CALLING_ERROR
                                                 : GIMP_PDB_EXECUTION_ERROR,
                                               error);
    }

  report_shortfall (result, &options);
  report_left_out (drawable, &features, result);
  segment_progress_stage (SEGMENT_STAGE_REGIONS);
  if (! segment_regions_make (&regions, result, &features, &options, &error))
    {
      km_result_free (result);
      segment_features_clear (&features);
      segment_source_clear (&source);
      segment_coverage_clear (&coverage);
      return gimp_procedure_new_return_values (procedure, GIMP_PDB_EXECUTION_ERROR,
                                               error);
    }
  curve = segment_auto_k_curve (result, &features, &n_curve);
  order = segment_order_new (&regions, &features, options.sort_by,
                             gimp_image_get_precision (image) < GIMP_PRECISION_HALF_LINEAR);
  segment_palette_entries_name (&options, order);
  segment_features_clear (&features);
  segment_test_hook ("clustered");

  segment_progress_stage (SEGMENT_STAGE_LAYERS);
  segment_layers_write (&layers, image, drawable, &source, &coverage, order, &options);
  segment_source_clear (&source);
  if (options.create_channels)
    {
      segment_progress_stage (SEGMENT_STAGE_CHANNELS);
      channels = segment_channels_write (image, drawable, &coverage, order);
    }
  if (options.create_paths)
    {
      segment_progress_stage (SEGMENT_STAGE_PATHS);
      paths = segment_paths_trace (image, drawable, order, options.connectivity);
    }
  segment_test_hook ("written");

  /* Every item is written and none is in the image.  Ending the progress
   * disconnects its Cancel: the short last stage that puts the items into
   * the image cannot be cut short, and a Cancel before it left nothing
   * behind.  The palette, which lives outside the image and its undo, is
   * made only once the image took everything. */
  gimp_progress_end ();
  if (segment_insert (image, drawable, &layers, channels, paths, &error))
    {
      if (options.create_palette)
        palette = segment_palette_create (image, drawable, order);
      return_values = success_values (procedure, &regions, order, &layers, channels,
                                      palette, curve, n_curve);
      curve         = NULL;
    }
  else
    {
      return_values = gimp_procedure_new_return_values (procedure,
                                                        GIMP_PDB_EXECUTION_ERROR, error);
    }

  g_free (channels);
  g_free (curve);
  g_free (paths);
  segment_layers_clear (&layers);
  segment_order_free (order);
  segment_regions_clear (&regions);
  km_result_free (result);
  segment_coverage_clear (&coverage);

  if (run_mode != GIMP_RUN_NONINTERACTIVE)
    gimp_displays_flush ();

  return return_values;
}
