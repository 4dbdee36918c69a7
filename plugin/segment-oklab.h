/* segment-oklab.h — Björn Ottosson's Oklab, from and to linear sRGB.
 *
 * babl 0.1.114 registers "Oklab float" and "Oklab alpha float" but cannot
 * convert to them (a fatal "OklabA float not found", or garbage), so the
 * plug-in reads linear sRGB through babl, which handles the image's own
 * colour space, and takes the last step itself. */

#ifndef SEGMENT_OKLAB_H
#define SEGMENT_OKLAB_H

#include <glib.h>

/* Turns n_pixels pixels of linear sRGB (the first three of every stride
 * floats) into Oklab L, a, b in place, in parallel. */
void segment_oklab_from_linear_srgb      (gfloat       *pixels,
                                          gsize         n_pixels,
                                          gint          stride);

/* One colour back: Oklab L, a, b to linear sRGB R, G, B. */
void segment_oklab_to_linear_srgb        (const gfloat *lab,
                                          gfloat       *rgb);

/* The same for n_pixels pixels in place (the first three of every stride
 * floats). */
void segment_oklab_to_linear_srgb_pixels (gfloat       *pixels,
                                          gsize         n_pixels,
                                          gint          stride);

#endif /* SEGMENT_OKLAB_H */
