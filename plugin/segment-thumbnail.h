/* segment-thumbnail.h — a region of a drawable, reduced by GIMP. */

#ifndef SEGMENT_THUMBNAIL_H
#define SEGMENT_THUMBNAIL_H

#include <libgimp/gimp.h>

/* The rectangle area of the drawable (drawable coordinates) scaled by
 * GIMP to width × height pixels, in format (one of GIMP's, in the
 * drawable's colour space).  Only the reduced pixels cross the wire:
 * about 2 ms for a 24 MP layer, where reading the layer itself takes
 * about a second.  The thumbnails are 8-bit, enough to find segment
 * colours.  Without a thumbnail from GIMP (its layer previews turned
 * off), GEGL reduces the area in the drawable's own format. */
GBytes *segment_thumbnail_read (GimpDrawable        *drawable,
                                const GeglRectangle *area,
                                gint                 width,
                                gint                 height,
                                const Babl         **format);

/* The size of area reduced to fit in max_size × max_size, keeping its
 * proportions (area itself when it fits). */
void segment_thumbnail_size (const GeglRectangle *area,
                             gint                 max_size,
                             gint                *width,
                             gint                *height);

#endif /* SEGMENT_THUMBNAIL_H */
