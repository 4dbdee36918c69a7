/* segment-lab.h — CIE L*a*b* (D50, as babl and ICC have it) from XYZ and
 * linear light, and back. */

#ifndef SEGMENT_LAB_H
#define SEGMENT_LAB_H

#include <glib.h>

/* The D50 white: XYZ of linear RGB (1, 1, 1) in every ICC space. */
extern const gdouble segment_lab_white[3];

/* Turns n pixels of linear RGB (the first three of every stride floats)
 * into L*, a*, b* in place; to_xyz is the space's RGB → XYZ matrix, row by
 * row, each row divided by the white's component. */
void segment_lab_from_linear_rgb (const gfloat to_xyz[9],
                                  gfloat      *pixels,
                                  gsize        n_pixels,
                                  gint         stride);

/* The same for grey: a luminance Y (the first of every stride floats)
 * into L*. */
void segment_lab_from_luminance (gfloat *pixels,
                                 gsize   n_pixels,
                                 gint    stride);

void segment_lab_from_xyz (const gdouble xyz[3],
                           gdouble       lab[3]);

void segment_lab_to_xyz (const gdouble lab[3],
                         gdouble       xyz[3]);

#endif /* SEGMENT_LAB_H */
