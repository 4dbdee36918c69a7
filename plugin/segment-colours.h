/* segment-colours.h — the features' colour maths, in the image's own
 * colour space, by the plug-in's own arithmetic.
 *
 * The features of a pixel are its colour in the chosen feature space: the
 * image's R'G'B' (its own tone curves), its linear RGB, CIE L*a*b* (from
 * the image's primaries, D50) or Oklab (from linear sRGB).  Grey images
 * have one feature, Y', Y or L*, except in Oklab.  Every step is computed
 * here (see segment-encoding.h for why not by babl), so the same pixels
 * give the same features, bit for bit, in every process. */

#ifndef SEGMENT_COLOURS_H
#define SEGMENT_COLOURS_H

#include <libgimp/gimp.h>

#include "segment-encoding.h"
#include "segment-options.h"
#include "segment-trc.h"

typedef struct
{
  SegmentColorSpace feature_space;
  gboolean          grey;
  gint              n_dims;    /* features per pixel */
  const Babl       *space;     /* the image's */
  SegmentTrc        trc[3];    /* the space's tone curves */
  SegmentTrc        srgb;      /* sRGB's, for perceptual encodings */
  gfloat            to_xyz[9]; /* linear RGB → XYZ ÷ white, for Lab */
  gfloat            to_lms[9]; /* linear RGB → Oklab's LMS */
} SegmentColours;

void segment_colours_init (SegmentColours   *colours,
                           const Babl       *space,
                           gboolean          grey,
                           SegmentColorSpace feature_space);

void segment_colours_clear (SegmentColours *colours);

/* A colour component of channel (0 for grey) encoded with curve, as the
 * feature space's component before segment_colours_finish(): R' of the
 * image's space for "rgb", linear light for the others. */
gdouble segment_colours_component (const SegmentColours *colours,
                                   SegmentCurve          curve,
                                   gint                  channel,
                                   gdouble               encoded);

/* TRUE when components encoded with curve are the feature space's
 * components as they are: segment_colours_component() returns them. */
gboolean segment_colours_keeps (const SegmentColours *colours,
                                SegmentCurve          curve);

/* Turns n_pixels pixels of such components (the first of every stride
 * floats for grey, else three) into their features in place. */
void segment_colours_finish (const SegmentColours *colours,
                             gfloat               *pixels,
                             gsize                 n_pixels,
                             gint                  stride);

/* Features (n_dims floats) as R'G'B' of the image's space, 0 to 1 for
 * colours inside it, equal for grey. */
void segment_colours_rgb (const SegmentColours *colours,
                          const gfloat         *features,
                          gdouble               rgb[3]);

/* Features as CIE L*, C*ab and hab in degrees (0 to 360). */
void segment_colours_lch (const SegmentColours *colours,
                          const gfloat         *features,
                          gdouble               lch[3]);

/* R' (or G', B') of the image's space encoded with curve. */
gdouble segment_colours_encode (const SegmentColours *colours,
                                SegmentCurve          curve,
                                gint                  channel,
                                gdouble               component);

#endif /* SEGMENT_COLOURS_H */
