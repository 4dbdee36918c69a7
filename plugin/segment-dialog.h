/* segment-dialog.h — the filter's dialog. */

#ifndef SEGMENT_DIALOG_H
#define SEGMENT_DIALOG_H

#include <libgimp/gimp.h>

/* Shows the dialog bound to the config; TRUE when the user pressed OK. */
gboolean segment_dialog_run (GimpProcedure       *procedure,
                             GimpProcedureConfig *config,
                             GimpDrawable        *drawable);

#endif /* SEGMENT_DIALOG_H */
