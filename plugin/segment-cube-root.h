/* segment-cube-root.h — a cube root for the features, fast and the same
 * in every process.
 *
 * Lab and Oklab take a cube root of each component of each pixel: glibc's
 * cbrtf costs about 15 times more than this on arrays, which the compiler
 * vectorises (see -fno-trapping-math in meson.build).  Two of Halley's
 * steps from a guess made by dividing the exponent bits by 3 reach float
 * precision (within 2e-7). */

#ifndef SEGMENT_CUBE_ROOT_H
#define SEGMENT_CUBE_ROOT_H

#include <float.h>
#include <math.h>
#include <string.h>

#include <glib.h>

/* The real cube root: odd, finite below 1e38 in magnitude; 0 for
 * subnormal numbers (their roots are below 2.3e-13, and the guess from
 * their bits is poor); NaN for NaN and infinities, which are not colours.
 * Each step multiplies y by a ratio near 1, so that y times the ratio's
 * numerator (3e-40 for x = 1e-30) never leaves the normal floats. */
static inline gfloat
segment_cube_root (gfloat x)
{
  gfloat magnitude = fabsf (x);
  gint32 bits;
  gfloat y, cube;

  /* In float, which vectorises where an integer division does not. */
  memcpy (&bits, &magnitude, sizeof bits);
  bits = (gint32) ((gfloat) bits * (1.0f / 3.0f)) + 0x2a514067;
  memcpy (&y, &bits, sizeof y);

  cube = y * y * y;
  y    = y * ((cube + 2.0f * magnitude) / (2.0f * cube + magnitude));
  cube = y * y * y;
  y    = y * ((cube + 2.0f * magnitude) / (2.0f * cube + magnitude));

  return copysignf (magnitude < FLT_MIN ? 0.0f : y, x);
}

#endif /* SEGMENT_CUBE_ROOT_H */
