/* segment-blocks.h — which segments each block of a strip holds. */

#ifndef SEGMENT_BLOCKS_H
#define SEGMENT_BLOCKS_H

#include <libgimp/gimp.h>

#define SEGMENT_BLOCK_WIDTH 64

/* A strip of rows cut into blocks of SEGMENT_BLOCK_WIDTH columns, with the
 * set of segments (bit r for segment position r; at most 64 segments) that
 * have pixels in each block.  New layers start transparent, masks and
 * cleared channels black: a drawable needs writing only in the blocks of
 * its segment, so the zeros of the many segments a block lacks never cross
 * the wire to GIMP. */
typedef struct
{
  gint     n_blocks;
  guint64 *present;
} SegmentBlocks;

void segment_blocks_init (SegmentBlocks *blocks,
                          gint           width);
void segment_blocks_clear (SegmentBlocks *blocks);

/* Finds the segments of each block from the strip's ranks (one per pixel,
 * row by row, KM_LABEL_NONE for none). */
void segment_blocks_find (SegmentBlocks       *blocks,
                          const guint8        *ranks,
                          const GeglRectangle *rect);

/* Writes the runs of blocks of the strip rect where one of `segments` (a
 * bit set) has pixels; pixels holds the whole strip in format. */
void segment_blocks_write (const SegmentBlocks *blocks,
                           GeglBuffer          *buffer,
                           const GeglRectangle *rect,
                           const Babl          *format,
                           const guint8        *pixels,
                           guint64              segments);

#endif /* SEGMENT_BLOCKS_H */
