/* segment-trc.h — a colour space's tone curves, evaluated by the plug-in.
 *
 * babl evaluates tone curves with polynomial approximations and lookup
 * tables that differ between its conversion paths; these are evaluated in
 * double precision from the curves' definitions, the same way in every
 * process. */

#ifndef SEGMENT_TRC_H
#define SEGMENT_TRC_H

#include <libgimp/gimp.h>

typedef enum
{
  SEGMENT_TRC_LINEAR,
  SEGMENT_TRC_PARAMETRIC, /* ICC's parametric curves, sRGB's and gammas */
  SEGMENT_TRC_TABLE       /* ICC's sampled curves, interpolated linearly */
} SegmentTrcKind;

/* Encoded x to linear y: x ≥ d ? (a x + b)^g + e : c x + f, which holds
 * ICC's parametric curve types 0 to 4 and sRGB's; or a table of n values
 * at even steps of x from 0 to 1. */
typedef struct
{
  SegmentTrcKind kind;
  gdouble        g, a, b, c, d, e, f;
  gdouble        y_at_d; /* the linear value where the branches meet */
  gint           n_table;
  gdouble       *table;
} SegmentTrc;

/* The tone curves of a babl space: red, green and blue (for a grey space,
 * its grey curve three times).  sRGB's and linear curves are known by
 * babl's name for them, the others read from the space's ICC profile. */
void segment_trc_of_space (SegmentTrc  trc[3],
                           const Babl *space);

/* The sRGB curve, which perceptual ("~") encodings use in any space. */
void segment_trc_srgb (SegmentTrc *trc);

void segment_trc_clear (SegmentTrc *trc);

gdouble segment_trc_to_linear (const SegmentTrc *trc,
                               gdouble           encoded);

gdouble segment_trc_from_linear (const SegmentTrc *trc,
                                 gdouble           linear);

#endif /* SEGMENT_TRC_H */
