/* segment-preview.h — the dialog's live preview of the segments. */

#ifndef SEGMENT_PREVIEW_H
#define SEGMENT_PREVIEW_H

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

/* Makes the zoom preview show the segments of the part of the drawable in
 * view as fill will show them, redrawn whenever the config changes; busy
 * spins while a clustering runs.  The connection lives as long as the
 * preview widget. */
void segment_preview_connect (GimpZoomPreview     *preview,
                              GimpProcedureConfig *config,
                              GimpDrawable        *drawable,
                              GtkSpinner          *busy);

#endif /* SEGMENT_PREVIEW_H */
