/* segment-coverage.h — how much of each pixel the filter may use and change. */

#ifndef SEGMENT_COVERAGE_H
#define SEGMENT_COVERAGE_H

#include <libgimp/gimp.h>

/* A pixel's coverage is the product of its selection value (1 without a
 * selection) and its value in the layer's own mask (1 without a mask or
 * when the mask is not applied).  Pixels count in the clustering with
 * alpha × coverage as weight, and output layers show them with alpha ×
 * coverage, just as the source shows them on the canvas. */
typedef struct
{
  GeglRectangle area;   /* the selection's bounds ∩ the drawable, in
                           drawable coordinates; coverage is 0 outside */
  gfloat       *values; /* area.width × area.height values 0 to 1, or NULL
                           when every pixel of area is fully covered */
} SegmentCoverage;

/* Reads the selection and the layer mask of the drawable.  Returns FALSE
 * when the selection does not touch the drawable: then nothing is read. */
gboolean segment_coverage_read (SegmentCoverage *coverage,
                                GimpDrawable    *drawable);

/* The same, for the rectangle area of the drawable reduced by GIMP to
 * width × height pixels (see segment-thumbnail.h); area must lie inside
 * the drawable and the selection's bounds.  The coverage's area is then
 * (0, 0, width, height), matching segment_features_read_reduced(). */
void segment_coverage_read_reduced (SegmentCoverage     *coverage,
                                    GimpDrawable        *drawable,
                                    const GeglRectangle *area,
                                    gint                 width,
                                    gint                 height);

void segment_coverage_clear (SegmentCoverage *coverage);

/* Coverage of each pixel of rect (drawable coordinates, any rectangle),
 * row by row: 0 outside area. */
void segment_coverage_get (const SegmentCoverage *coverage,
                           const GeglRectangle   *rect,
                           gfloat                *values);

#endif /* SEGMENT_COVERAGE_H */
