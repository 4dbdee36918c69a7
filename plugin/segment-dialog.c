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
#include "segment-preview.h"

/* A larger view than GIMP's default preview: segments are easier to
 * judge on a wider view.  The preview grows with the dialog. */
#define PREVIEW_SIZE 360

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

/* The preview shows the middle of the layer (usually its subject) and
 * takes the room the dialog gains when it is enlarged. */
static void
place_preview (GimpProcedureDialog *dialog,
               GimpPreview         *preview,
               GimpDrawable        *drawable)
{
  gint width  = MIN (PREVIEW_SIZE, gimp_drawable_get_width (drawable));
  gint height = MIN (PREVIEW_SIZE, gimp_drawable_get_height (drawable));

  gtk_widget_set_hexpand (GTK_WIDGET (preview), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (preview), TRUE);
  /* Beside the preview: the arguments; below it: the curve plot. */
  gtk_window_set_default_size (GTK_WINDOW (dialog), width + 520, height + 300);
  gimp_scrolled_preview_set_position (GIMP_SCROLLED_PREVIEW (preview),
                                      (gimp_drawable_get_width (drawable) - width) / 2,
                                      (gimp_drawable_get_height (drawable) - height) / 2);
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
  GtkWidget           *preview_box;
  GtkWidget           *plot;
  GtkWidget           *main_box;
  gboolean             run;

  gimp_ui_init ("kmeans-segment");

  dialog = GIMP_PROCEDURE_DIALOG (gimp_procedure_dialog_new (procedure, config,
                                                             _ ("K-Means Segment")));

  preview = gimp_procedure_dialog_get_drawable_preview (dialog, "preview",
                                                        drawable);
  place_preview (dialog, GIMP_PREVIEW (preview), drawable);
  busy = gtk_spinner_new ();
  segment_preview_connect (GIMP_PREVIEW (preview), config, drawable, GTK_SPINNER (busy));
  gimp_procedure_dialog_get_label (dialog, "preview-note",
                                   _ ("Each pixel in its segment's mean colour"),
                                   FALSE, FALSE);
  preview_box = gimp_procedure_dialog_fill_box (dialog, "preview-box",
                                                "preview", "preview-note", NULL);
  plot        = segment_curve_plot_new (config, drawable);
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
