/* segment-blocks.c — which segments each block of a strip holds. */

#include <string.h>

#include <libgimp/gimp.h>

#include "kmeans.h"
#include "segment-blocks.h"

void
segment_blocks_init (SegmentBlocks *blocks,
                     gint           width)
{
  blocks->n_blocks = (width + SEGMENT_BLOCK_WIDTH - 1) / SEGMENT_BLOCK_WIDTH;
  blocks->present  = g_new (guint64, blocks->n_blocks);
}

void
segment_blocks_clear (SegmentBlocks *blocks)
{
  g_clear_pointer (&blocks->present, g_free);
}

void
segment_blocks_find (SegmentBlocks       *blocks,
                     const guint8        *ranks,
                     const GeglRectangle *rect)
{
  memset (blocks->present, 0, blocks->n_blocks * sizeof (guint64));

  for (gint y = 0; y < rect->height; y++)
    {
      const guint8 *row = ranks + (gsize) y * rect->width;

      for (gint x = 0; x < rect->width; x++)
        if (row[x] != KM_LABEL_NONE)
          blocks->present[x / SEGMENT_BLOCK_WIDTH] |= G_GUINT64_CONSTANT (1) << row[x];
    }
}

void
segment_blocks_write (const SegmentBlocks *blocks,
                      GeglBuffer          *buffer,
                      const GeglRectangle *rect,
                      const Babl          *format,
                      const guint8        *pixels,
                      guint64              segments)
{
  gint bpp = babl_format_get_bytes_per_pixel (format);

  for (gint block = 0; block < blocks->n_blocks;)
    {
      GeglRectangle run;
      gint          first = block;

      if (! (blocks->present[block] & segments))
        {
          block++;
          continue;
        }
      while (block < blocks->n_blocks && (blocks->present[block] & segments))
        block++;

      run = *GEGL_RECTANGLE (rect->x + first * SEGMENT_BLOCK_WIDTH, rect->y,
                             MIN (block * SEGMENT_BLOCK_WIDTH, rect->width) -
                               first * SEGMENT_BLOCK_WIDTH,
                             rect->height);
      gegl_buffer_set (buffer, &run, 0, format,
                       pixels + (gsize) first * SEGMENT_BLOCK_WIDTH * bpp,
                       (gint) rect->width * bpp);
    }
}
