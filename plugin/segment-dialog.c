/* segment-dialog.c — the filter's dialog, declared by property name.
 *
 * The live preview on the left; on the right the arguments in three
 * frames: what the clustering does, how its segments are cleaned into
 * regions, and what it writes.  The widgets edit the config
 * directly, so the config stays the single source of truth.  A new argument
 * only needs its name in one of the lists below. */

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include <glib/gi18n.h>

#include "segment-curve-plot.h"
#include "segment-dialog.h"
#include "segment-options.h"
#include "segment-preview.h"
#include "segment-thumbnail.h"

/* The preview's long side when the dialog opens: large enough to judge
 * segments on the whole layer, at most half the screen's height so that
 * the arguments fit beside and the curve plot below it.  It grows with the
 * dialog up to PREVIEW_MAX_SIZE. */
#define PREVIEW_SIZE     512
#define PREVIEW_MAX_SIZE 1024

static const gchar *choice_arguments[] = {
  "color-space", "k-mode", "connectivity", "fill", "sort-by", "palette-mode", NULL
};

static const gchar *clustering_arguments[] = {
  "n-segments", "color-space", "max-iterations", "restarts", "seed-box",
  "alpha-threshold", "k-mode", "tolerance", NULL
};

static const gchar *palette_arguments[] = { "palette", "palette-mode", NULL };

static const gchar *regions_arguments[] = {
  "min-region", "connectivity", "smoothing", "create-paths", NULL
};

static const gchar *output_arguments[] = {
  "fill", "sort-by", "create-channels", "create-label-map", "create-palette",
  NULL
};

static GList *
list_of_names (const gchar **names)
{
  GList *list = NULL;

  for (gint i = 0; names[i]; i++)
    list = g_list_append (list, (gpointer) names[i]);

  return list;
}

/* A frame titled title, holding the widgets of the names. */
static void
fill_frame (GimpProcedureDialog *dialog,
            const gchar         *frame_id,
            const gchar         *title,
            const gchar        **names)
{
  gchar *title_id = g_strconcat (frame_id, "-title", NULL);
  gchar *box_id   = g_strconcat (frame_id, "-box", NULL);
  GList *list     = list_of_names (names);

  gimp_procedure_dialog_get_label (dialog, title_id, title, FALSE, TRUE);
  gimp_procedure_dialog_fill_box_list (dialog, box_id, list);
  gimp_procedure_dialog_fill_frame (dialog, frame_id, title_id, FALSE, box_id);

  g_list_free (list);
  g_free (box_id);
  g_free (title_id);
}

/* What the zoom preview shows at its widest: the selection's bounds in
 * the layer, or the whole layer. */
static void
segmented_area (GimpDrawable  *drawable,
                GeglRectangle *area)
{
  if (! gimp_drawable_mask_intersect (drawable, &area->x, &area->y, &area->width,
                                      &area->height))
    *area = *GEGL_RECTANGLE (0, 0, gimp_drawable_get_width (drawable),
                             gimp_drawable_get_height (drawable));
}

/* The preview's long side when the dialog opens, on the default screen. */
static gint
preview_size (void)
{
  GdkDisplay  *display = gdk_display_get_default ();
  GdkMonitor  *monitor = gdk_display_get_primary_monitor (display);
  GdkRectangle workarea;

  if (! monitor)
    monitor = gdk_display_get_monitor (display, 0);
  if (! monitor)
    return PREVIEW_SIZE;
  gdk_monitor_get_workarea (monitor, &workarea);

  return CLAMP (workarea.height / 2, 128, PREVIEW_SIZE);
}

/* The zoom preview starts with the whole segmented area in view, at
 * preview_size () on its long side, and may grow to PREVIEW_MAX_SIZE with
 * the dialog.  GIMP's zoom preview sets its own, smaller size when its
 * style is set, so this runs again after that. */
static void
size_preview (GimpPreview  *preview,
              GimpDrawable *drawable)
{
  GeglRectangle area;
  gint          width, height;

  segmented_area (drawable, &area);
  segment_thumbnail_size (&area, PREVIEW_MAX_SIZE, &width, &height);
  gimp_preview_set_bounds (preview, 0, 0, width, height);
  segment_thumbnail_size (&area, preview_size (), &width, &height);
  gimp_preview_set_size (preview, width, height);
}

static void
describe_preview_toggle (GtkWidget *widget,
                         gpointer   data G_GNUC_UNUSED)
{
  if (GTK_IS_CHECK_BUTTON (widget))
    gtk_widget_set_tooltip_text (widget, _ ("Show the segments in the preview as they will "
                                            "come out, updated as you change the settings; "
                                            "untick to see the layer as it is"));
}

/* A zoom preview of the drawable that takes the room the dialog gains when
 * it is enlarged; its zoom buttons go from the whole layer to 1:1 and
 * closer. */
static GtkWidget *
make_preview (GimpDrawable *drawable)
{
  GtkWidget *preview = gimp_zoom_preview_new_from_drawable (drawable);

  size_preview (GIMP_PREVIEW (preview), drawable);
  g_signal_connect_after (preview, "style-updated", G_CALLBACK (size_preview), drawable);
  gtk_container_foreach (GTK_CONTAINER (gimp_preview_get_controls (GIMP_PREVIEW (preview))),
                         describe_preview_toggle, NULL);
  gtk_widget_set_hexpand (preview, TRUE);
  gtk_widget_set_vexpand (preview, TRUE);

  return preview;
}

/* The line under the preview says what it shows for the fill chosen. */
static void
describe_preview (GimpProcedureConfig *config,
                  GParamSpec          *pspec G_GNUC_UNUSED,
                  GtkLabel            *note)
{
  if (gimp_procedure_config_get_choice_id (config, "fill") == SEGMENT_FILL_MEAN)
    gtk_label_set_text (note, _ ("Each pixel in its segment's mean colour"));
  else
    gtk_label_set_text (note, _ ("The original pixels, with a line where two segments meet"));
}

/* GIMP's combo box shows a choice's label only: its tooltip tells what
 * the argument does and what each of its choices does. */
static void
describe_choices (GimpProcedureDialog *dialog,
                  GimpProcedureConfig *config,
                  const gchar         *name)
{
  GParamSpec *pspec   = g_object_class_find_property (G_OBJECT_GET_CLASS (config), name);
  GimpChoice *choice  = gimp_param_spec_choice_get_choice (pspec);
  GString    *tooltip = g_string_new (g_param_spec_get_blurb (pspec));
  /* A combo box in both GIMP versions: GIMP 3.2 would make radio buttons of
   * a choice of 2 or 3, whose frame title takes no Alt+letter. */
  GtkWidget  *widget = gimp_procedure_dialog_get_widget (dialog, name, GTK_TYPE_COMBO_BOX);

  for (GList *nick = gimp_choice_list_nicks (choice); nick; nick = nick->next)
    {
      const gchar *label;
      const gchar *help;

      gimp_choice_get_documentation (choice, nick->data, &label, &help);
      g_string_append_printf (tooltip, "\n• %s: %s", label, help);
    }
  gimp_help_set_help_data (widget, tooltip->str, NULL);
  g_string_free (tooltip, TRUE);
}

static void
new_seed_clicked (GtkButton           *button G_GNUC_UNUSED,
                  GimpProcedureConfig *config)
{
  g_object_set (config, "seed", g_random_int_range (0, G_MAXINT), NULL);
}

/* The seed's spin button with a "New seed" button beside it: the seed makes
 * a result reproducible, the button tries another one. */
static void
make_seed_box (GimpProcedureDialog *dialog,
               GimpProcedureConfig *config)
{
  GtkWidget *box    = gimp_procedure_dialog_fill_box (dialog, "seed-box",
                                                      "seed", NULL);
  GtkWidget *button = gtk_button_new_with_mnemonic (_ ("_New seed"));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (box),
                                  GTK_ORIENTATION_HORIZONTAL);
  gtk_widget_set_tooltip_text (button, _ ("Pick another random seed: the "
                                          "clustering starts from other colours"));
  g_signal_connect (button, "clicked", G_CALLBACK (new_seed_clicked), config);
  gtk_box_pack_start (GTK_BOX (box), button, FALSE, FALSE, 0);
  gtk_widget_show (button);
}

/* min-region accepts any count (more than the layer merges everything),
 * but a scale up to G_MAXINT is useless: the scale spans the layer's area,
 * on a square-root feel, and the spin button still takes more. */
static void
make_min_region_entry (GimpProcedureDialog *dialog,
                       GimpDrawable        *drawable)
{
  GtkWidget *scale = gimp_procedure_dialog_get_spin_scale (dialog, "min-region", 1.0);
  gdouble    area  = (gdouble) gimp_drawable_get_width (drawable) * gimp_drawable_get_height (drawable);

  gimp_spin_scale_set_scale_limits (GIMP_SPIN_SCALE (scale), 0.0, MAX (area, 1.0));
  gimp_spin_scale_set_gamma (GIMP_SPIN_SCALE (scale), 4.0);
}

gboolean
segment_dialog_has_display (void)
{
  return gtk_init_check (NULL, NULL);
}

gboolean
segment_dialog_run (GimpProcedure       *procedure,
                    GimpProcedureConfig *config,
                    GimpDrawable        *drawable)
{
  GimpProcedureDialog *dialog;
  GtkWidget           *preview;
  GtkWidget           *busy;
  GtkWidget           *note;
  GtkWidget           *preview_box;
  GtkWidget           *plot;
  GtkWidget           *main_box;
  gboolean             run;

  gimp_ui_init ("kmeans-segment");

  dialog = GIMP_PROCEDURE_DIALOG (gimp_procedure_dialog_new (procedure, config,
                                                             _ ("K-Means Segment")));

  preview = make_preview (drawable);
  busy    = gtk_spinner_new ();
  segment_preview_connect (GIMP_ZOOM_PREVIEW (preview), config, drawable, GTK_SPINNER (busy));
  note = gimp_procedure_dialog_get_label (dialog, "preview-note", "", FALSE, FALSE);
  describe_preview (config, NULL, GTK_LABEL (note));
  g_signal_connect_object (config, "notify::fill", G_CALLBACK (describe_preview), note, 0);
  preview_box = gimp_procedure_dialog_fill_box (dialog, "preview-box", "preview-note", NULL);
  plot        = segment_curve_plot_new (config, drawable);
  gtk_box_pack_start (GTK_BOX (preview_box), preview, TRUE, TRUE, 0);
  gtk_box_reorder_child (GTK_BOX (preview_box), preview, 0);
  gtk_widget_show (preview);
  gtk_box_pack_start (GTK_BOX (preview_box), busy, FALSE, FALSE, 0);
  gtk_widget_show (busy);
  gtk_box_pack_start (GTK_BOX (preview_box), plot, FALSE, FALSE, 0);
  gtk_widget_show (plot);

  gimp_procedure_dialog_get_spin_scale (dialog, "n-segments", 1.0);
  gimp_procedure_dialog_get_spin_scale (dialog, "max-iterations", 1.0);
  gimp_procedure_dialog_get_spin_scale (dialog, "restarts", 1.0);
  gimp_procedure_dialog_get_spin_scale (dialog, "alpha-threshold", 1.0);
  gimp_procedure_dialog_get_spin_scale (dialog, "smoothing", 1.0);
  make_min_region_entry (dialog, drawable);
  gimp_procedure_dialog_get_spin_scale (dialog, "tolerance", 1.0);
  make_seed_box (dialog, config);
  for (gint i = 0; choice_arguments[i]; i++)
    describe_choices (dialog, config, choice_arguments[i]);

  fill_frame (dialog, "clustering-frame", _ ("Clustering"), clustering_arguments);
  fill_frame (dialog, "palette-frame", _ ("Palette"), palette_arguments);
  fill_frame (dialog, "regions-frame", _ ("Regions"), regions_arguments);
  fill_frame (dialog, "output-frame", _ ("Output"), output_arguments);
  gimp_procedure_dialog_fill_box (dialog, "arguments-box", "clustering-frame", "palette-frame",
                                  "regions-frame", "output-frame", NULL);

  main_box = gimp_procedure_dialog_fill_box (dialog, "main-box",
                                             "preview-box", "arguments-box",
                                             NULL);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (main_box),
                                  GTK_ORIENTATION_HORIZONTAL);
  gimp_procedure_dialog_fill (dialog, "main-box", NULL);

  run = gimp_procedure_dialog_run (dialog);
  gtk_widget_destroy (GTK_WIDGET (dialog));

  return run;
}
