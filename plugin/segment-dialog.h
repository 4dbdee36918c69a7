/* segment-dialog.h — the filter's dialog. */

#ifndef SEGMENT_DIALOG_H
#define SEGMENT_DIALOG_H

#include <libgimp/gimp.h>

/* FALSE when there is no display to show a dialog on, as in gimp-console
 * or a batch: GTK would end the plug-in at its first widget. */
gboolean segment_dialog_has_display (void);

/* Shows the dialog bound to the config; TRUE when the user pressed OK. */
gboolean segment_dialog_run (GimpProcedure       *procedure,
                             GimpProcedureConfig *config,
                             GimpDrawable        *drawable);

#endif /* SEGMENT_DIALOG_H */
