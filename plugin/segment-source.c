/* segment-source.c — the source layer's pixels, read from GIMP once.
 *
 * The tiles cross the wire from GIMP one at a time, but what is done with
 * each strip (turning it into float features) costs more than fetching
 * it: threads each read a run of strips, so one works on a strip while
 * another waits for its tiles. */

#include <libgimp/gimp.h>

#include "segment-source.h"

/* GIMP's tile height: strips start on tile rows, so no tile is fetched by
 * two threads. */
#define STRIP_ROWS 64

typedef struct
{
  GeglBuffer       *buffer;
  SegmentSource    *source;
  gint              first_row; /* the first strip's tile row */
  SegmentStripRead  strip_read;
  gpointer          data;
} SourceRead;

static void
read_strips (gsize    first,
             gsize    n_strips,
             gpointer data)
{
  const SourceRead    *read   = data;
  const SegmentSource *source = read->source;
  gint                 bottom = source->area.y + source->area.height;

  for (gsize i = first; i < first + n_strips; i++)
    {
      gint          top   = read->first_row + (gint) i * STRIP_ROWS;
      GeglRectangle strip = { source->area.x, MAX (top, source->area.y),
                              source->area.width, 0 };

      strip.height = MIN (top + STRIP_ROWS, bottom) - strip.y;
      gegl_buffer_get (read->buffer, &strip, 1.0, source->format,
                       segment_source_pixel (source, strip.x, strip.y),
                       segment_source_rowstride (source), GEGL_ABYSS_NONE);
      if (read->strip_read)
        read->strip_read (source, &strip, read->data);
    }
}

void
segment_source_read (SegmentSource       *source,
                     GimpDrawable        *drawable,
                     const GeglRectangle *area,
                     SegmentStripRead     strip_read,
                     gpointer             data)
{
  SourceRead read = { gimp_drawable_get_buffer (drawable), source,
                      area->y / STRIP_ROWS * STRIP_ROWS, strip_read, data };
  gint       end  = area->y + area->height;

  source->area   = *area;
  source->format = gimp_drawable_get_format (drawable);
  source->bpp    = babl_format_get_bytes_per_pixel (source->format);
  source->pixels = g_malloc ((gsize) area->width * area->height * source->bpp);

  /* Each strip is thousands of pixels: a thread costs about one. */
  gegl_parallel_distribute_range ((end - read.first_row + STRIP_ROWS - 1) / STRIP_ROWS,
                                  1.0, read_strips, &read);
  g_object_unref (read.buffer);
}

void
segment_source_clear (SegmentSource *source)
{
  g_clear_pointer (&source->pixels, g_free);
}

guint8 *
segment_source_pixel (const SegmentSource *source,
                      gint                 x,
                      gint                 y)
{
  return source->pixels + ((gsize) (y - source->area.y) * source->area.width
                           + (x - source->area.x)) * source->bpp;
}

gint
segment_source_rowstride (const SegmentSource *source)
{
  return source->area.width * source->bpp;
}
