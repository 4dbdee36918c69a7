/* segment-layers.h — writes the segments back as a group of new layers. */

#ifndef SEGMENT_LAYERS_H
#define SEGMENT_LAYERS_H

#include <libgimp/gimp.h>

#include "segment-coverage.h"
#include "segment-options.h"
#include "segment-order.h"
#include "segment-source.h"

typedef struct
{
  GimpGroupLayer *group;
  GimpLayer      *label_map; /* NULL unless asked for */
} SegmentLayers;

/* The part of the drawable whose pixels the layers take: all of it for
 * fill=mask (masked layers hold the whole source), else the coverage's
 * area (the other layers are empty outside it). */
void segment_layers_source_area (GeglRectangle         *area,
                                 GimpDrawable          *drawable,
                                 const SegmentCoverage *coverage,
                                 const SegmentOptions  *options);

/* Adds a group "K-Means Segments" above the drawable with one layer per
 * segment, in order, filled as the options say, and the label map when
 * asked for, taking the pixels from source (read over the area above),
 * which this uses up.  The caller wraps this in an undo group. */
void segment_layers_write       (SegmentLayers         *layers,
                                 GimpImage             *image,
                                 GimpDrawable          *drawable,
                                 SegmentSource         *source,
                                 const SegmentCoverage *coverage,
                                 const SegmentOrder    *order,
                                 const SegmentOptions  *options);

#endif /* SEGMENT_LAYERS_H */
