/* segment-oklab.c — Björn Ottosson's Oklab, from and to linear sRGB.
 *
 * Oklab is linear sRGB → a cone response (LMS) matrix → cube root → an
 * opponent matrix; the constants are Ottosson's published ones
 * (https://bottosson.github.io/posts/oklab/).  Colours outside sRGB have
 * negative components, which the odd cube root keeps. */

#include "segment-cube-root.h"
#include "segment-oklab.h"

const gdouble segment_oklab_lms_of_srgb[9] = {
  0.4122214708, 0.5363325363, 0.0514459929,
  0.2119034982, 0.6806995451, 0.1073969566,
  0.0883024619, 0.2817188376, 0.6299787005
};

/* Pixels go through the maths in blocks, a component at a time, in
 * arrays the compiler vectorises. */
#define BLOCK 256

void
segment_oklab_from_linear (const gfloat to_lms[9],
                           gboolean     grey,
                           gfloat      *pixels,
                           gsize        n_pixels,
                           gint         stride)
{
  const gfloat *t = to_lms;
  gfloat        lms[3][BLOCK];

  for (gsize start = 0; start < n_pixels; start += BLOCK)
    {
      gint    n = (gint) MIN (BLOCK, n_pixels - start);
      gfloat *p = pixels + start * stride;

      for (gint i = 0; i < n; i++)
        {
          gfloat r = p[i * stride];
          gfloat g = grey ? r : p[i * stride + 1];
          gfloat b = grey ? r : p[i * stride + 2];

          for (gint row = 0; row < 3; row++)
            lms[row][i] = t[row * 3] * r + t[row * 3 + 1] * g + t[row * 3 + 2] * b;
        }
      for (gint row = 0; row < 3; row++)
        for (gint i = 0; i < n; i++)
          lms[row][i] = segment_cube_root (lms[row][i]);
      for (gint i = 0; i < n; i++)
        {
          gfloat l = lms[0][i], m = lms[1][i], s = lms[2][i];

          p[i * stride]     = 0.2104542553f * l + 0.7936177850f * m - 0.0040720468f * s;
          p[i * stride + 1] = 1.9779984951f * l - 2.4285922050f * m + 0.4505937099f * s;
          p[i * stride + 2] = 0.0259040371f * l + 0.7827717662f * m - 0.8086757660f * s;
        }
    }
}

void
segment_oklab_to_linear_srgb (const gdouble lab[3],
                              gdouble       rgb[3])
{
  gdouble l = lab[0] + 0.3963377774 * lab[1] + 0.2158037573 * lab[2];
  gdouble m = lab[0] - 0.1055613458 * lab[1] - 0.0638541728 * lab[2];
  gdouble s = lab[0] - 0.0894841775 * lab[1] - 1.2914855480 * lab[2];

  l = l * l * l;
  m = m * m * m;
  s = s * s * s;

  rgb[0] = 4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s;
  rgb[1] = -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s;
  rgb[2] = -0.0041960863 * l - 0.7034186147 * m + 1.7076147010 * s;
}
