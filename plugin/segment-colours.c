/* segment-colours.c — the features' colour maths, in the image's own
 * colour space, by the plug-in's own arithmetic.
 *
 * The space's primaries enter through babl's own double-precision matrices
 * (babl_space_to_xyz and babl_space_from_xyz: plain arithmetic, no
 * conversion path to choose), its tone curves through segment-trc.h. */

#include <math.h>

#include <libgimp/gimp.h>

#include "segment-colours.h"
#include "segment-lab.h"
#include "segment-oklab.h"

/* Exported by babl (0.1.114 to at least 0.1.128), declared only in its
 * internal headers: the space's linear RGB ↔ XYZ (D50), rows times
 * column. */
void babl_space_to_xyz (const Babl *space, const double *rgb, double *xyz);
void babl_space_from_xyz (const Babl *space, const double *xyz, double *rgb);

/* Column by column: the image of each primary. */
static void
set_matrices (SegmentColours *colours)
{
  const Babl *srgb = babl_space ("sRGB");

  for (gint column = 0; column < 3; column++)
    {
      gdouble primary[3] = { column == 0, column == 1, column == 2 };
      gdouble xyz[3], linear_srgb[3];

      if (colours->grey)
        {
          /* Grey is luminance, linear sRGB (Y, Y, Y) for Oklab. */
          for (gint row = 0; row < 3; row++)
            colours->to_lms[row * 3 + column] = segment_oklab_lms_of_srgb[row * 3 + column];
          continue;
        }

      babl_space_to_xyz (colours->space, primary, xyz);
      babl_space_from_xyz (srgb, xyz, linear_srgb);
      for (gint row = 0; row < 3; row++)
        {
          const gdouble *lms = segment_oklab_lms_of_srgb + row * 3;

          colours->to_xyz[row * 3 + column] = xyz[row] / segment_lab_white[row];
          colours->to_lms[row * 3 + column] = lms[0] * linear_srgb[0] + lms[1] * linear_srgb[1] + lms[2] * linear_srgb[2];
        }
    }
}

void
segment_colours_init (SegmentColours   *colours,
                      const Babl       *space,
                      gboolean          grey,
                      SegmentColorSpace feature_space)
{
  colours->feature_space = feature_space;
  colours->grey          = grey;
  colours->n_dims        = grey && feature_space != SEGMENT_SPACE_OKLAB ? 1 : 3;
  colours->space         = space;
  segment_trc_of_space (colours->trc, space);
  segment_trc_srgb (&colours->srgb);
  set_matrices (colours);
}

void
segment_colours_clear (SegmentColours *colours)
{
  for (gint channel = 0; channel < 3; channel++)
    segment_trc_clear (&colours->trc[channel]);
}

gboolean
segment_colours_keeps (const SegmentColours *colours,
                       SegmentCurve          curve)
{
  if (colours->feature_space == SEGMENT_SPACE_RGB)
    return curve == SEGMENT_CURVE_SPACE;

  return curve == SEGMENT_CURVE_LINEAR;
}

gdouble
segment_colours_component (const SegmentColours *colours,
                           SegmentCurve          curve,
                           gint                  channel,
                           gdouble               encoded)
{
  const SegmentTrc *own = &colours->trc[channel];
  gdouble           linear;

  if (segment_colours_keeps (colours, curve))
    return encoded;

  if (curve == SEGMENT_CURVE_LINEAR)
    linear = encoded;
  else
    linear = segment_trc_to_linear (curve == SEGMENT_CURVE_SPACE ? own : &colours->srgb,
                                    encoded);

  return colours->feature_space == SEGMENT_SPACE_RGB
           ? segment_trc_from_linear (own, linear)
           : linear;
}

void
segment_colours_finish (const SegmentColours *colours,
                        gfloat               *pixels,
                        gsize                 n_pixels,
                        gint                  stride)
{
  switch (colours->feature_space)
    {
    case SEGMENT_SPACE_LAB:
      if (colours->grey)
        segment_lab_from_luminance (pixels, n_pixels, stride);
      else
        segment_lab_from_linear_rgb (colours->to_xyz, pixels, n_pixels, stride);
      break;

    case SEGMENT_SPACE_OKLAB:
      segment_oklab_from_linear (colours->to_lms, colours->grey, pixels, n_pixels, stride);
      break;

    default:
      break;
    }
}

/* Features as linear RGB of the image's space (for grey, the luminance
 * three times), in double precision. */
static void
linear_of (const SegmentColours *colours,
           const gfloat         *features,
           gdouble               linear[3])
{
  gdouble colour[3], xyz[3];
  gint    n = colours->grey ? 1 : 3;

  for (gint c = 0; c < 3; c++)
    colour[c] = c < colours->n_dims ? features[c] : 0.0;

  switch (colours->feature_space)
    {
    case SEGMENT_SPACE_RGB:
      for (gint c = 0; c < n; c++)
        linear[c] = segment_trc_to_linear (&colours->trc[c], colour[c]);
      break;

    case SEGMENT_SPACE_LINEAR_RGB:
      for (gint c = 0; c < n; c++)
        linear[c] = colour[c];
      break;

    case SEGMENT_SPACE_LAB:
      segment_lab_to_xyz (colour, xyz);
      if (colours->grey)
        linear[0] = xyz[1];
      else
        babl_space_from_xyz (colours->space, xyz, linear);
      break;

    case SEGMENT_SPACE_OKLAB:
    default:
      segment_oklab_to_linear_srgb (colour, linear);
      babl_space_to_xyz (babl_space ("sRGB"), linear, xyz);
      if (colours->grey)
        linear[0] = xyz[1];
      else
        babl_space_from_xyz (colours->space, xyz, linear);
      break;
    }

  if (colours->grey)
    linear[1] = linear[2] = linear[0];
}

void
segment_colours_rgb (const SegmentColours *colours,
                     const gfloat         *features,
                     gdouble               rgb[3])
{
  gdouble linear[3];

  if (colours->feature_space == SEGMENT_SPACE_RGB)
    {
      for (gint c = 0; c < 3; c++)
        rgb[c] = features[colours->grey ? 0 : c];
      return;
    }

  linear_of (colours, features, linear);
  for (gint c = 0; c < 3; c++)
    rgb[c] = segment_trc_from_linear (&colours->trc[colours->grey ? 0 : c], linear[c]);
}

void
segment_colours_lch (const SegmentColours *colours,
                     const gfloat         *features,
                     gdouble               lch[3])
{
  gdouble lab[3];

  if (colours->feature_space == SEGMENT_SPACE_LAB)
    {
      for (gint c = 0; c < 3; c++)
        lab[c] = c < colours->n_dims ? features[c] : 0.0;
    }
  else
    {
      gdouble linear[3], xyz[3];

      linear_of (colours, features, linear);
      /* A grey is the white scaled: a* and b* are 0. */
      if (colours->grey)
        for (gint c = 0; c < 3; c++)
          xyz[c] = segment_lab_white[c] * linear[0];
      else
        babl_space_to_xyz (colours->space, linear, xyz);
      segment_lab_from_xyz (xyz, lab);
    }

  lch[0] = lab[0];
  lch[1] = hypot (lab[1], lab[2]);
  lch[2] = atan2 (lab[2], lab[1]) * (180.0 / G_PI);
  if (lch[2] < 0.0)
    lch[2] += 360.0;
}

gdouble
segment_colours_encode (const SegmentColours *colours,
                        SegmentCurve          curve,
                        gint                  channel,
                        gdouble               component)
{
  gdouble linear;

  if (curve == SEGMENT_CURVE_SPACE)
    return component;

  linear = segment_trc_to_linear (&colours->trc[channel], component);

  return curve == SEGMENT_CURVE_LINEAR ? linear
                                       : segment_trc_from_linear (&colours->srgb, linear);
}
