/* segment-thumbnail.h — a region of a drawable, reduced by GIMP. */

#ifndef SEGMENT_THUMBNAIL_H
#define SEGMENT_THUMBNAIL_H

#include <libgimp/gimp.h>

/* Reads the rectangle area of the drawable (drawable coordinates) scaled
 * by GIMP to width × height pixels, converted to format (which should
 * carry the drawable's space for colour formats); FALSE when GIMP made no
 * such thumbnail.  Only the reduced
 * pixels cross the wire: about 2 ms for a 24 MP layer, where reading the
 * layer itself takes about a second.  The thumbnails are 8-bit, enough to
 * find segment colours. */
gboolean segment_thumbnail_read (GimpDrawable        *drawable,
                                 const GeglRectangle *area,
                                 gint                 width,
                                 gint                 height,
                                 const Babl          *format,
                                 gpointer             pixels);

/* The size of area reduced to fit in max_size × max_size, keeping its
 * proportions (area itself when it fits). */
void     segment_thumbnail_size (const GeglRectangle *area,
                                 gint                 max_size,
                                 gint                *width,
                                 gint                *height);

#endif /* SEGMENT_THUMBNAIL_H */
