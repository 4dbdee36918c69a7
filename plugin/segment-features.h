/* segment-features.h — a drawable's pixels as feature vectors for the core. */

#ifndef SEGMENT_FEATURES_H
#define SEGMENT_FEATURES_H

#include <libgimp/gimp.h>

#include "segment-colours.h"
#include "segment-coverage.h"
#include "segment-options.h"
#include "segment-source.h"

typedef struct
{
  GeglRectangle  area;     /* the pixels read, in drawable coordinates (or
                              the reduced size, see read_reduced) */
  gint           n_dims;   /* features per pixel: 3, or 1 for grey */
  gboolean       weighted; /* each pixel's features are followed by its
                              alpha, which segment_features_weigh() turns
                              into its weight; else every pixel weighs 1 */
  gint           stride;   /* floats per pixel: n_dims, + 1 if weighted */
  gfloat        *pixels;   /* area.width * area.height * stride floats */
  SegmentColours colours;  /* what the features are, in the drawable's
                              colour space */
} SegmentFeatures;

/* Reads the rectangle source_area of the drawable once into source, and
 * makes the features of area (drawable coordinates, inside source_area)
 * from it as it arrives.  Unweighted features have no alpha and take 4
 * bytes a pixel less: right when every pixel weighs 1 (an opaque layer,
 * fully covered, below an alpha threshold of 1). */
void segment_features_read_source (SegmentFeatures     *features,
                                   SegmentSource       *source,
                                   GimpDrawable        *drawable,
                                   SegmentColorSpace    color_space,
                                   const GeglRectangle *area,
                                   const GeglRectangle *source_area,
                                   gboolean             weighted);

/* Reads a rectangle of the drawable (drawable coordinates), weighted. */
void segment_features_read_area (SegmentFeatures     *features,
                                 GimpDrawable        *drawable,
                                 SegmentColorSpace    color_space,
                                 const GeglRectangle *area);

/* Reads the rectangle area of the drawable reduced by GIMP to width ×
 * height pixels (see segment-thumbnail.h); the features' area is then
 * (0, 0, width, height).  For clustering a sample of a large layer
 * quickly. */
void segment_features_read_reduced (SegmentFeatures     *features,
                                    GimpDrawable        *drawable,
                                    SegmentColorSpace    color_space,
                                    const GeglRectangle *area,
                                    gint                 width,
                                    gint                 height);

/* Turns each pixel's alpha into its weight for the clustering: 0 when the
 * alpha is at or below alpha_threshold, else alpha × coverage.  The
 * features must be weighted and the coverage's area their area. */
void segment_features_weigh (SegmentFeatures       *features,
                             const SegmentCoverage *coverage,
                             gdouble                alpha_threshold);

/* The weight of the first pixel, weights at every stride floats; NULL for
 * unweighted features (the core then weighs each pixel 1). */
const gfloat *segment_features_weights (const SegmentFeatures *features);

void segment_features_clear (SegmentFeatures *features);

/* Converts every pixel (features and alpha) to the target format (one of
 * GIMP's, in the drawable's colour space), for drawing. */
void segment_features_export (const SegmentFeatures *features,
                              const Babl            *target,
                              gpointer               pixels);

#endif /* SEGMENT_FEATURES_H */
