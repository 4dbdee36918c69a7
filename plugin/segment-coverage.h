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
gboolean segment_coverage_read       (SegmentCoverage       *coverage,
                                      GimpDrawable          *drawable);

/* The same, for the rectangle area of the drawable reduced by GIMP to
 * width × height pixels (see segment-thumbnail.h); area must lie inside
 * the drawable and the selection's bounds.  The coverage's area is then
 * (0, 0, width, height), matching segment_features_read_reduced(). */
void     segment_coverage_read_reduced (SegmentCoverage     *coverage,
                                        GimpDrawable        *drawable,
                                        const GeglRectangle *area,
                                        gint                 width,
                                        gint                 height);

void     segment_coverage_clear      (SegmentCoverage       *coverage);

/* Coverage of each pixel of rect (drawable coordinates, any rectangle),
 * row by row: 0 outside area. */
void     segment_coverage_get        (const SegmentCoverage *coverage,
                                      const GeglRectangle   *rect,
                                      gfloat                *values);

/* The coverage on one segment's pixels, 0 elsewhere: what its channel and
 * its layer mask hold.  ranks[i] is pixel i's segment position. */
void     segment_coverage_of_segment (const gfloat          *coverage,
                                      const guint8          *ranks,
                                      gsize                  n_pixels,
                                      gint                   rank,
                                      gfloat                *values);

/* Writes selection values (0 to 1) into channels or layer masks of one
 * format, stored as they are (see segment-coverage.c). */
typedef struct
{
  const Babl *format; /* the drawables' own format */
  guint8     *stored; /* room for capacity values in format */
} SegmentValueWriter;

void     segment_value_writer_init   (SegmentValueWriter    *writer,
                                      GimpDrawable          *drawable,
                                      gsize                  capacity);
/* Converts n values to the format; the result lives until the next call. */
const guint8 *
         segment_value_writer_convert (SegmentValueWriter   *writer,
                                       const gfloat         *values,
                                       gsize                 n);
void     segment_value_writer_clear  (SegmentValueWriter    *writer);

#endif /* SEGMENT_COVERAGE_H */
