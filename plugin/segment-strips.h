/* segment-strips.h — the walk over the output drawables, a strip of rows
 * at a time: every output (segment layers, their masks, the label map,
 * channels) is written by it. */

#ifndef SEGMENT_STRIPS_H
#define SEGMENT_STRIPS_H

#include <libgimp/gimp.h>

#include "segment-blocks.h"
#include "segment-coverage.h"
#include "segment-order.h"

/* GIMP's tile height: the source is read and the outputs are written this
 * many rows at a time. */
#define SEGMENT_STRIP_ROWS 64

/* One strip of rows of the outputs, with what every output takes from it. */
typedef struct
{
  GeglRectangle rect; /* in the outputs' coordinates */
  gsize         n_pixels;
  guint8       *ranks;    /* each pixel's segment position, or KM_LABEL_NONE */
  gfloat       *coverage; /* each pixel's coverage */
  SegmentBlocks blocks;   /* the segments of each block of columns */
} SegmentStrip;

/* Readies the walk's own data for a strip, before any output is written. */
typedef void (*SegmentStripPrepare) (const SegmentStrip *strip,
                                     gpointer            data);

/* Writes one output's part of a strip.  Runs on one of GEGL's threads;
 * scratch is that thread's own memory, scratch_per_pixel bytes for each
 * pixel of a strip. */
typedef void (*SegmentStripWrite) (const SegmentStrip *strip,
                                   gint                output,
                                   guint8             *scratch,
                                   gpointer            data);

typedef struct
{
  GeglRectangle          area;     /* what is written, in the outputs'
                                      coordinates */
  gint                   origin_x; /* the source drawable's top left */
  gint                   origin_y; /* corner, in those coordinates */
  const SegmentOrder    *order;
  const SegmentCoverage *coverage;
  gint                   n_outputs;
  gsize                  scratch_per_pixel;
  SegmentStripPrepare    prepare; /* or NULL */
  SegmentStripWrite      write;
  gpointer               data;
  const gchar           *stage; /* the test hook's stage, reached when half
                                   of the rows are written */
} SegmentStripWalk;

/* Walks the area from top to bottom.  For each strip: the ranks, coverage
 * and blocks, then prepare, then write for every output, the outputs
 * shared among GEGL's threads, then GIMP's progress. */
void segment_strips_walk (const SegmentStripWalk *walk);

#endif /* SEGMENT_STRIPS_H */
