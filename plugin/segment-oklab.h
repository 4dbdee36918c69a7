/* segment-oklab.h — Björn Ottosson's Oklab, from and to linear sRGB.
 *
 * babl 0.1.114 registers "Oklab float" and "Oklab alpha float" but cannot
 * convert to them (a fatal "OklabA float not found", or garbage); the
 * plug-in computes Oklab itself, from the image's linear light. */

#ifndef SEGMENT_OKLAB_H
#define SEGMENT_OKLAB_H

#include <glib.h>

/* Linear sRGB to the cone responses (LMS) Oklab starts from, row by row. */
extern const gdouble segment_oklab_lms_of_srgb[9];

/* Turns n_pixels pixels of linear light (the first three of every stride
 * floats; for grey, the first one only) into Oklab L, a, b in place;
 * to_lms takes the pixels' linear RGB to LMS, row by row (for grey, the
 * sums of its rows weigh the luminance). */
void segment_oklab_from_linear (const gfloat to_lms[9],
                                gboolean     grey,
                                gfloat      *pixels,
                                gsize        n_pixels,
                                gint         stride);

/* One colour back: Oklab L, a, b to linear sRGB R, G, B. */
void segment_oklab_to_linear_srgb (const gdouble lab[3],
                                   gdouble       rgb[3]);

#endif /* SEGMENT_OKLAB_H */
