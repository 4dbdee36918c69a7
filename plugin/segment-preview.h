/* segment-preview.h — the dialog's live preview of the segments. */

#ifndef SEGMENT_PREVIEW_H
#define SEGMENT_PREVIEW_H

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

/* Makes the preview show the visible part of the drawable with every pixel
 * in its segment's mean colour, redrawn whenever the config changes; busy
 * spins while a clustering runs.  The connection lives as long as the
 * preview widget. */
void segment_preview_connect (GimpPreview         *preview,
                              GimpProcedureConfig *config,
                              GimpDrawable        *drawable,
                              GtkSpinner          *busy);

#endif /* SEGMENT_PREVIEW_H */
