/* segment-layers.h — writes the segments back as a group of new layers. */

#ifndef SEGMENT_LAYERS_H
#define SEGMENT_LAYERS_H

#include <libgimp/gimp.h>

#include "segment-coverage.h"
#include "segment-options.h"
#include "segment-order.h"
#include "segment-source.h"

/* The new items, made but not in the image until segment_insert() puts
 * them there (see segment-insert.h). */
typedef struct
{
  GimpGroupLayer *group; /* "K-Means Segments" */
  gint            n_layers;
  GimpLayer     **layers;    /* the segment layers, segment 1 first */
  GimpLayer      *label_map; /* NULL unless asked for */
} SegmentLayers;

/* Makes the group "K-Means Segments", one layer per segment, in order,
 * filled as the options say, and the label map when asked for, taking the
 * pixels from source (see segment_source_area), which this uses up.  The
 * layers have the source's size and offsets and the image's type; the
 * group has the source's mode and opacity, so that it looks like the
 * source.  Nothing is put in the image (segment_insert() does that): a
 * Cancel meanwhile leaves the image as it was. */
void segment_layers_write (SegmentLayers         *layers,
                           GimpImage             *image,
                           GimpDrawable          *drawable,
                           SegmentSource         *source,
                           const SegmentCoverage *coverage,
                           const SegmentOrder    *order,
                           const SegmentOptions  *options);

/* Frees the array of layers (not the layers). */
void segment_layers_clear (SegmentLayers *layers);

#endif /* SEGMENT_LAYERS_H */
