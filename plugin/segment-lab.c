/* segment-lab.c — CIE L*a*b* (D50, as babl and ICC have it) from XYZ and
 * linear light, and back.
 *
 * L* = 116 f(Y/Yn) - 16, a* = 500 (f(X/Xn) - f(Y/Yn)), b* = 200 (f(Y/Yn) -
 * f(Z/Zn)), where f is the cube root above (6/29)³ and a line below. */

#include <math.h>

#include "segment-cube-root.h"
#include "segment-lab.h"

#define EPSILON (216.0 / 24389.0) /* (6/29)³ */
#define KAPPA   (24389.0 / 27.0)  /* (29/3)³ */

const gdouble segment_lab_white[3] = { 0.964202880, 1.0, 0.824905400 };

/* Pixels go through the maths in blocks, a component at a time, in
 * arrays the compiler vectorises. */
#define BLOCK 256

static inline void
lab_f (gfloat *t,
       gint    n)
{
  for (gint i = 0; i < n; i++)
    {
      gfloat root = segment_cube_root (t[i]);
      gfloat line = ((gfloat) KAPPA * t[i] + 16.0f) * (1.0f / 116.0f);

      t[i] = t[i] > (gfloat) EPSILON ? root : line;
    }
}

void
segment_lab_from_linear_rgb (const gfloat m[9],
                             gfloat      *pixels,
                             gsize        n_pixels,
                             gint         stride)
{
  gfloat f[3][BLOCK];

  for (gsize start = 0; start < n_pixels; start += BLOCK)
    {
      gint    n = (gint) MIN (BLOCK, n_pixels - start);
      gfloat *p = pixels + start * stride;

      for (gint i = 0; i < n; i++)
        for (gint row = 0; row < 3; row++)
          f[row][i] = m[row * 3] * p[i * stride] + m[row * 3 + 1] * p[i * stride + 1] + m[row * 3 + 2] * p[i * stride + 2];
      for (gint row = 0; row < 3; row++)
        lab_f (f[row], n);
      for (gint i = 0; i < n; i++)
        {
          p[i * stride]     = 116.0f * f[1][i] - 16.0f;
          p[i * stride + 1] = 500.0f * (f[0][i] - f[1][i]);
          p[i * stride + 2] = 200.0f * (f[1][i] - f[2][i]);
        }
    }
}

void
segment_lab_from_luminance (gfloat *pixels,
                            gsize   n_pixels,
                            gint    stride)
{
  gfloat f[BLOCK];

  for (gsize start = 0; start < n_pixels; start += BLOCK)
    {
      gint    n = (gint) MIN (BLOCK, n_pixels - start);
      gfloat *p = pixels + start * stride;

      for (gint i = 0; i < n; i++)
        f[i] = p[i * stride];
      lab_f (f, n);
      for (gint i = 0; i < n; i++)
        p[i * stride] = 116.0f * f[i] - 16.0f;
    }
}

static gdouble
f_of (gdouble t)
{
  return t > EPSILON ? cbrt (t) : (KAPPA * t + 16.0) / 116.0;
}

static gdouble
f_inverse (gdouble f)
{
  gdouble cube = f * f * f;

  return cube > EPSILON ? cube : (116.0 * f - 16.0) / KAPPA;
}

void
segment_lab_from_xyz (const gdouble xyz[3],
                      gdouble       lab[3])
{
  gdouble fx = f_of (xyz[0] / segment_lab_white[0]);
  gdouble fy = f_of (xyz[1] / segment_lab_white[1]);
  gdouble fz = f_of (xyz[2] / segment_lab_white[2]);

  lab[0] = 116.0 * fy - 16.0;
  lab[1] = 500.0 * (fx - fy);
  lab[2] = 200.0 * (fy - fz);
}

void
segment_lab_to_xyz (const gdouble lab[3],
                    gdouble       xyz[3])
{
  gdouble fy = (lab[0] + 16.0) / 116.0;

  xyz[0] = f_inverse (fy + lab[1] / 500.0) * segment_lab_white[0];
  xyz[1] = f_inverse (fy) * segment_lab_white[1];
  xyz[2] = f_inverse (fy - lab[2] / 200.0) * segment_lab_white[2];
}
