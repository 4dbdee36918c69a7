/* segment-features.h — a drawable's pixels as feature vectors for the core. */

#ifndef SEGMENT_FEATURES_H
#define SEGMENT_FEATURES_H

#include <libgimp/gimp.h>

#include "segment-coverage.h"
#include "segment-options.h"

typedef struct
{
  GeglRectangle area;          /* the pixels read, in drawable coordinates
                                  (or the reduced size, see read_reduced) */
  gint          n_dims;        /* features per pixel: 3, or 1 for grey */
  gint          stride;        /* floats per pixel: the features, then the
                                  alpha, which segment_features_weigh()
                                  turns into the pixel's weight */
  gfloat       *pixels;        /* area.width * area.height * stride floats */
  const Babl   *format;        /* the format of pixels, in the drawable's space */
  const Babl   *colour_format; /* the same features without alpha; for
                                  Oklab, the linear sRGB it comes from */
  gboolean      oklab;         /* the features are Oklab L, a, b */
  const Babl   *space;         /* the drawable's colour space */
} SegmentFeatures;

/* Reads the whole drawable in the feature space of the options. */
void segment_features_read            (SegmentFeatures       *features,
                                       GimpDrawable          *drawable,
                                       SegmentColorSpace      color_space);

/* Reads a rectangle of the drawable (drawable coordinates). */
void segment_features_read_area       (SegmentFeatures       *features,
                                       GimpDrawable          *drawable,
                                       SegmentColorSpace      color_space,
                                       const GeglRectangle   *area);

/* Reads the rectangle area of the drawable reduced by GIMP to width ×
 * height pixels (see segment-thumbnail.h); the features' area is then
 * (0, 0, width, height).  For clustering a sample of a large layer
 * quickly.  FALSE, with nothing read, when GIMP made no such thumbnail. */
gboolean segment_features_read_reduced (SegmentFeatures     *features,
                                        GimpDrawable        *drawable,
                                        SegmentColorSpace    color_space,
                                        const GeglRectangle *area,
                                        gint                 width,
                                        gint                 height);

/* Turns each pixel's alpha into its weight for the clustering: 0 when the
 * alpha is at or below alpha_threshold, else alpha × coverage.  The
 * coverage's area must be the features' area. */
void segment_features_weigh           (SegmentFeatures       *features,
                                       const SegmentCoverage *coverage,
                                       gdouble                alpha_threshold);

void segment_features_clear           (SegmentFeatures       *features);

/* Converts every pixel (features and alpha) to the target format, for
 * drawing.  The features are used up: Oklab ones are changed in place. */
void segment_features_export          (SegmentFeatures       *features,
                                       const Babl            *target,
                                       gpointer               pixels);

/* Converts one centre (n_dims floats) to one pixel of the target format. */
void segment_features_convert_centre  (const SegmentFeatures *features,
                                       const gfloat          *centre,
                                       const Babl            *target,
                                       gpointer               pixel);

#endif /* SEGMENT_FEATURES_H */
