/* segment-source.h — the source layer's pixels, read from GIMP once. */

#ifndef SEGMENT_SOURCE_H
#define SEGMENT_SOURCE_H

#include <libgimp/gimp.h>

#include "segment-coverage.h"
#include "segment-options.h"

/* A rectangle of the drawable kept in the plug-in in the new layers'
 * format (the drawable's own, with alpha): the features are made from it
 * and the layers written from it, so the source crosses the wire from GIMP
 * once.  (The plug-in's small tile cache, see kmeans-segment.c, drops the
 * source's tiles long before the layers are written.) */
typedef struct
{
  GeglRectangle area;        /* in drawable coordinates */
  const Babl   *format;      /* the drawable's own, as read from GIMP */
  const Babl   *kept_format; /* the pixels' here: the format, with an
                                opaque alpha added when it has none */
  gint          bpp;         /* bytes per pixel in kept_format */
  guint8       *pixels;      /* area.width × area.height pixels, row by row */
} SegmentSource;

/* The part of the drawable to keep: all of it for fill=mask (masked
 * layers hold the whole source), else the coverage's area (the other
 * layers are empty outside it).  The layers are written over it. */
void segment_source_area (GeglRectangle         *area,
                          GimpDrawable          *drawable,
                          const SegmentCoverage *coverage,
                          SegmentFill            fill);

/* Called on one of GEGL's threads as soon as a strip of rows of the
 * source (strip, in drawable coordinates) is read: pixels holds it in
 * format, without the added alpha, a row every rowstride bytes. */
typedef void (*SegmentStripRead) (const SegmentSource *source,
                                  const GeglRectangle *strip,
                                  const guint8        *pixels,
                                  gint                 rowstride,
                                  gpointer             data);

/* Reads the rectangle area of the drawable, a strip of rows at a time on
 * GEGL's threads, and calls strip_read on each strip. */
void segment_source_read (SegmentSource       *source,
                          GimpDrawable        *drawable,
                          const GeglRectangle *area,
                          SegmentStripRead     strip_read,
                          gpointer             data);

void segment_source_clear (SegmentSource *source);

/* The pixel at (x, y), drawable coordinates inside the source's area. */
guint8 *segment_source_pixel (const SegmentSource *source,
                              gint                 x,
                              gint                 y);

#endif /* SEGMENT_SOURCE_H */
