/* segment-oklab.c — Björn Ottosson's Oklab, from and to linear sRGB.
 *
 * Oklab is linear sRGB → a cone response (LMS) matrix → cube root → an
 * opponent matrix; the constants are Ottosson's published ones
 * (https://bottosson.github.io/posts/oklab/).  Colours outside sRGB have
 * negative components, which the odd cube root keeps. */

#include <math.h>

#include <gegl.h>

#include "segment-oklab.h"

typedef void (*OklabConversion) (const gfloat *from,
                                 gfloat       *to);

typedef struct
{
  gfloat          *pixels;
  gint             stride;
  OklabConversion  convert;
} OklabPass;

static void
oklab_from_linear_srgb (const gfloat *rgb,
                        gfloat       *lab)
{
  gfloat l = cbrtf (0.4122214708f * rgb[0] + 0.5363325363f * rgb[1] + 0.0514459929f * rgb[2]);
  gfloat m = cbrtf (0.2119034982f * rgb[0] + 0.6806995451f * rgb[1] + 0.1073969566f * rgb[2]);
  gfloat s = cbrtf (0.0883024619f * rgb[0] + 0.2817188376f * rgb[1] + 0.6299787005f * rgb[2]);

  lab[0] = 0.2104542553f * l + 0.7936177850f * m - 0.0040720468f * s;
  lab[1] = 1.9779984951f * l - 2.4285922050f * m + 0.4505937099f * s;
  lab[2] = 0.0259040371f * l + 0.7827717662f * m - 0.8086757660f * s;
}

static void
convert_range (gsize    offset,
               gsize    size,
               gpointer data)
{
  OklabPass *pass = data;
  gfloat    *pixel = pass->pixels + offset * pass->stride;

  for (gsize i = 0; i < size; i++, pixel += pass->stride)
    {
      gfloat from[3] = { pixel[0], pixel[1], pixel[2] };

      pass->convert (from, pixel);
    }
}

/* Two small matrices and three cube roots (or cubes) a pixel: starting a
 * thread costs about as much as a few thousand pixels. */
static void
convert_pixels (gfloat          *pixels,
                gsize            n_pixels,
                gint             stride,
                OklabConversion  convert)
{
  OklabPass pass = { pixels, stride, convert };

  gegl_parallel_distribute_range (n_pixels, 4096.0, convert_range, &pass);
}

void
segment_oklab_from_linear_srgb (gfloat *pixels,
                                gsize   n_pixels,
                                gint    stride)
{
  convert_pixels (pixels, n_pixels, stride, oklab_from_linear_srgb);
}

void
segment_oklab_to_linear_srgb_pixels (gfloat *pixels,
                                     gsize   n_pixels,
                                     gint    stride)
{
  convert_pixels (pixels, n_pixels, stride, segment_oklab_to_linear_srgb);
}

void
segment_oklab_to_linear_srgb (const gfloat *lab,
                              gfloat       *rgb)
{
  gfloat l = lab[0] + 0.3963377774f * lab[1] + 0.2158037573f * lab[2];
  gfloat m = lab[0] - 0.1055613458f * lab[1] - 0.0638541728f * lab[2];
  gfloat s = lab[0] - 0.0894841775f * lab[1] - 1.2914855480f * lab[2];

  l = l * l * l;
  m = m * m * m;
  s = s * s * s;

  rgb[0] =  4.0767416621f * l - 3.3077115913f * m + 0.2309699292f * s;
  rgb[1] = -1.2684380046f * l + 2.6097574011f * m - 0.3413193965f * s;
  rgb[2] = -0.0041960863f * l - 0.7034186147f * m + 1.7076147010f * s;
}
