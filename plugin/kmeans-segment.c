/* kmeans-segment.c — the GIMP plug-in: registration and the run function.
 *
 * K-Means Segment splits a layer into K colour segments and writes each
 * segment back as a new layer, in one undo step.  This file is the GIMP
 * glue: it checks the input, shows the dialog, and runs the pipeline
 * features → clustering → order → layers. */

#include <libgimp/gimp.h>

#include "segment-cluster.h"
#include "segment-dialog.h"
#include "segment-features.h"
#include "segment-layers.h"
#include "segment-options.h"
#include "segment-order.h"

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

static GList          *kmeans_segment_query_procedures (GimpPlugIn           *plug_in);
static GimpProcedure  *kmeans_segment_create_procedure (GimpPlugIn           *plug_in,
                                                        const gchar          *name);
static GimpValueArray *kmeans_segment_run              (GimpProcedure        *procedure,
                                                        GimpRunMode           run_mode,
                                                        GimpImage            *image,
                                                        GimpDrawable        **drawables,
                                                        GimpProcedureConfig  *config,
                                                        gpointer              run_data);

G_DEFINE_TYPE (KMeansSegment, kmeans_segment, GIMP_TYPE_PLUG_IN)

GIMP_MAIN (KMEANS_SEGMENT_TYPE)

static void
kmeans_segment_class_init (KMeansSegmentClass *klass)
{
  GimpPlugInClass *plug_in_class = GIMP_PLUG_IN_CLASS (klass);

  plug_in_class->query_procedures = kmeans_segment_query_procedures;
  plug_in_class->create_procedure = kmeans_segment_create_procedure;
  plug_in_class->set_i18n         = NULL;
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
  gimp_procedure_set_menu_label (procedure, "K-_Means Segment...");
  gimp_procedure_add_menu_path (procedure, "<Image>/Filters/Segment");
  gimp_procedure_set_documentation (
    procedure,
    "Split a layer into K colour segments, one new layer each",
    "Groups the layer's pixels by similar colour with k-means clustering "
    "and writes each group (segment) back as a new layer inside a layer "
    "group \"K-Means Segments\" above the layer.  Layers are sorted by the "
    "share of pixels they cover, largest first, and named after their "
    "number, mean colour and share.  The source layer is left unchanged, "
    "fully transparent pixels belong to no segment, and the whole result "
    "is one undo step.",
    PLUG_IN_PROC);
  gimp_procedure_set_attribution (procedure, "The kmeans-segment authors",
                                  "The kmeans-segment authors", "2026");

  segment_options_declare (procedure);

  gimp_procedure_add_group_layer_return_value (procedure, "group", "Group",
                                               "The layer group holding the segment layers",
                                               FALSE, G_PARAM_READWRITE);
  gimp_procedure_add_int_return_value (procedure, "n-segments-made",
                                       "Segments made",
                                       "The number of segments made: n-segments, or "
                                       "fewer when the layer has fewer distinct colours",
                                       0, SEGMENT_MAX_SEGMENTS, 0, G_PARAM_READWRITE);
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

/* Checks what the menu's sensitivity cannot: PDB callers may pass anything. */
static GimpValueArray *
check_drawables (GimpProcedure  *procedure,
                 GimpDrawable  **drawables)
{
  gint          n_drawables = gimp_core_object_array_get_length ((GObject **) drawables);
  GimpDrawable *drawable;

  if (n_drawables != 1)
    return calling_error (procedure,
                          "K-Means Segment works on exactly one layer, but %d "
                          "drawables were given. Select a single layer.",
                          n_drawables);

  drawable = drawables[0];
  if (! GIMP_IS_LAYER (drawable))
    return calling_error (procedure,
                          "K-Means Segment works on a layer, but \"%s\" is a "
                          "channel or layer mask. Select a layer.",
                          gimp_item_get_name (GIMP_ITEM (drawable)));

  if (gimp_drawable_is_indexed (drawable))
    return calling_error (procedure,
                          "K-Means Segment does not work on indexed images. "
                          "Convert the image to RGB or Grayscale first "
                          "(Image > Mode).");

  return NULL;
}

static GimpValueArray *
kmeans_segment_run (GimpProcedure        *procedure,
                    GimpRunMode           run_mode,
                    GimpImage            *image,
                    GimpDrawable        **drawables,
                    GimpProcedureConfig  *config,
                    gpointer              run_data G_GNUC_UNUSED)
{
  GimpValueArray *return_values;
  GimpDrawable   *drawable;
  GimpGroupLayer *group;
  SegmentOptions  options;
  SegmentFeatures features;
  SegmentOrder   *order;
  KmResult       *result;
  GError         *error = NULL;

  gegl_init (NULL, NULL);

  return_values = check_drawables (procedure, drawables);
  if (return_values)
    return return_values;
  drawable = drawables[0];

  if (run_mode == GIMP_RUN_INTERACTIVE &&
      ! segment_dialog_run (procedure, config, drawable))
    return gimp_procedure_new_return_values (procedure, GIMP_PDB_CANCEL, NULL);

  segment_options_from_config (&options, config);

  /* Nothing touches the image until the clustering is done: Cancel on
   * the progress bar kills the plug-in, and must leave no trace. */
  gimp_progress_init ("K-Means Segment");
  segment_features_read (&features, drawable, options.color_space);
  result = segment_cluster (&features, &options, TRUE, &error);
  if (! result)
    {
      segment_features_clear (&features);
      return gimp_procedure_new_return_values (procedure, GIMP_PDB_CALLING_ERROR,
                                               error);
    }

  order = segment_order_new (result, &features);

  gimp_image_undo_group_start (image);
  group = segment_layers_write (image, drawable, &features, result, order,
                                options.fill);
  gimp_image_undo_group_end (image);
  gimp_progress_end ();

  return_values = gimp_procedure_new_return_values (procedure, GIMP_PDB_SUCCESS, NULL);
  GIMP_VALUES_SET_GROUP_LAYER (return_values, 1, group);
  GIMP_VALUES_SET_INT (return_values, 2, order->n_segments);

  segment_order_free (order);
  km_result_free (result);
  segment_features_clear (&features);

  if (run_mode != GIMP_RUN_NONINTERACTIVE)
    gimp_displays_flush ();

  return return_values;
}
