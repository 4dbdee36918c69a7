/* segment-output-pixels.h — the pixels of the output drawables, encoded
 * in each one's own format by the plug-in's own arithmetic (see
 * segment-encoding.h): segment layers, the label map, masks and channels. */

#ifndef SEGMENT_OUTPUT_PIXELS_H
#define SEGMENT_OUTPUT_PIXELS_H

#include <libgimp/gimp.h>

#include "segment-blocks.h"
#include "segment-encoding.h"
#include "segment-options.h"
#include "segment-order.h"

/* The format of the segment layers and label map (the image's precision
 * and space, with alpha), and the pixels each segment's layers hold. */
typedef struct
{
  const Babl *format;
  gint        bpp;          /* bytes per pixel */
  gint        alpha_bytes;  /* the last component is alpha */
  SegmentType type;         /* the type of every component */
  guint8     *mean_pixels;  /* per rank: the segment's colour, opaque */
  guint8     *label_pixels; /* per rank: grey (rank + 1) / 255, opaque */
} SegmentLayerPixels;

void segment_layer_pixels_init (SegmentLayerPixels *pixels,
                                const Babl         *format,
                                const SegmentOrder *order);

void segment_layer_pixels_clear (SegmentLayerPixels *pixels);

/* Multiplies the alpha of n source pixels (in the layers' format) by
 * their coverage where it is partial, the way GIMP copies a feathered
 * selection.  Only the alpha of those pixels changes. */
void segment_layer_pixels_cover (const SegmentLayerPixels *pixels,
                                 guint8                   *source,
                                 const gfloat             *coverage,
                                 gsize                     n);

/* A strip (width × height pixels) of the layer of the segment at rank:
 * the segment's pixels (the source's or, with fill=mean, its mean colour;
 * always with the source alpha), transparent elsewhere.  Only the blocks
 * that hold the segment are filled. */
void segment_layer_pixels_segment (const SegmentLayerPixels *pixels,
                                   const SegmentBlocks      *blocks,
                                   const guint8             *source,
                                   const guint8             *ranks,
                                   gint                      width,
                                   gint                      height,
                                   gint                      rank,
                                   SegmentFill               fill,
                                   guint8                   *out);

/* n pixels of the label map: the label pixel of each pixel's segment,
 * transparent for pixels in no segment. */
void segment_layer_pixels_labels (const SegmentLayerPixels *pixels,
                                  const guint8             *ranks,
                                  gsize                     n,
                                  guint8                   *out);

/* n pixels of the layer mask or channel of the segment at rank, in
 * format (the drawable's own): the coverage on the segment's pixels, 0
 * elsewhere.  Masks and channels store selection values as they are,
 * whatever their encoding: GIMP copies them to and from the selection
 * without colour conversion.  values is room for n floats. */
void segment_selection_pixels (const Babl   *format,
                               const gfloat *coverage,
                               const guint8 *ranks,
                               gsize         n,
                               gint          rank,
                               gfloat       *values,
                               guint8       *out);

#endif /* SEGMENT_OUTPUT_PIXELS_H */
