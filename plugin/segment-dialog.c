/* segment-dialog.c — the filter's dialog, declared by property name. */

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include "segment-dialog.h"

gboolean
segment_dialog_run (GimpProcedure       *procedure,
                    GimpProcedureConfig *config,
                    GimpDrawable        *drawable G_GNUC_UNUSED)
{
  GtkWidget *dialog;
  gboolean   run;

  gimp_ui_init ("kmeans-segment");

  dialog = gimp_procedure_dialog_new (procedure, config, "K-Means Segment");
  gimp_procedure_dialog_get_spin_scale (GIMP_PROCEDURE_DIALOG (dialog),
                                        "n-segments", 1.0);
  gimp_procedure_dialog_fill (GIMP_PROCEDURE_DIALOG (dialog), NULL);

  run = gimp_procedure_dialog_run (GIMP_PROCEDURE_DIALOG (dialog));
  gtk_widget_destroy (dialog);

  return run;
}
