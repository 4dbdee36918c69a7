/* segment-pixels.h — GIMP's pixels as features, and colours as pixels. */

#ifndef SEGMENT_PIXELS_H
#define SEGMENT_PIXELS_H

#include <libgimp/gimp.h>

#include "segment-colours.h"
#include "segment-encoding.h"

/* Turns pixels of one format into features.  8- and 16-bit components
 * (integers and half floats) go through a table of every value, computed
 * once; the others become floats, which go through a table of their curve
 * where it changes them (see segment-pixels.c). */
typedef struct
{
  const SegmentColours *colours;
  SegmentEncoding       encoding;
  gint                  bpp;
  gfloat               *tables[4]; /* per component, colours then alpha */
  gfloat               *curves[3]; /* per colour, for floats */
} SegmentPixelReader;

/* colours must outlive the reader. */
void segment_pixel_reader_init (SegmentPixelReader   *reader,
                                const SegmentColours *colours,
                                const Babl           *format);

void segment_pixel_reader_clear (SegmentPixelReader *reader);

/* The features of n pixels, stride floats a pixel: n_dims features, then
 * with_alpha the alpha (1 for formats without one).  May run on several
 * threads at once. */
void segment_pixel_reader_features (const SegmentPixelReader *reader,
                                    const guint8             *pixels,
                                    gsize                     n,
                                    gfloat                   *features,
                                    gint                      stride,
                                    gboolean                  with_alpha);

/* A colour (R'G'B' of the colours' space; grey takes R') and an alpha as
 * one pixel of encoding. */
void segment_pixel_encode (const SegmentColours  *colours,
                           const SegmentEncoding *encoding,
                           const gdouble          rgb[3],
                           gdouble                alpha,
                           guint8                *pixel);

#endif /* SEGMENT_PIXELS_H */
