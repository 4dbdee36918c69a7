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
  gint              read_bpp;  /* bytes per pixel in the drawable's format */
  gint              alpha_bytes;
  guint8            opaque[8]; /* alpha 1 in the format's type */
  gint              first_row; /* the first strip's tile row */
  SegmentStripRead  strip_read;
  gpointer          data;
} SourceRead;

/* Gives each pixel of a row read in the drawable's format (without alpha)
 * an opaque alpha, in place, from the last pixel back: pixel i moves from
 * read_bpp × i to bpp × i, never over a pixel still to move.  The bytes
 * are copied as they are: babl converts some formats through float (R'G'B'
 * double to R'G'B'A double, for one), which would not keep every bit. */
static void
add_opaque_alpha (const SourceRead *read,
                  guint8           *row,
                  gint              width)
{
  gint bpp = read->source->bpp;

  for (gint i = width - 1; i >= 0; i--)
    {
      guint8 pixel[32];

      for (gint b = 0; b < read->read_bpp; b++)
        pixel[b] = row[i * read->read_bpp + b];
      for (gint b = 0; b < read->read_bpp; b++)
        row[i * bpp + b] = pixel[b];
      for (gint b = 0; b < read->alpha_bytes; b++)
        row[i * bpp + read->read_bpp + b] = read->opaque[b];
    }
}

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
      gint          top    = read->first_row + (gint) i * STRIP_ROWS;
      GeglRectangle strip  = { source->area.x, MAX (top, source->area.y),
                               source->area.width, 0 };
      guint8       *pixels = segment_source_pixel (source, strip.x, strip.y);

      strip.height = MIN (top + STRIP_ROWS, bottom) - strip.y;
      gegl_buffer_get (read->buffer, &strip, 1.0, source->format, pixels,
                       segment_source_rowstride (source), GEGL_ABYSS_NONE);
      read->strip_read (source, &strip, pixels, read->data);

      if (read->alpha_bytes)
        for (gint y = 0; y < strip.height; y++)
          add_opaque_alpha (read, pixels + (gsize) y * segment_source_rowstride (source),
                            strip.width);
    }
}

void
segment_source_read (SegmentSource       *source,
                     GimpDrawable        *drawable,
                     const GeglRectangle *area,
                     SegmentStripRead     strip_read,
                     gpointer             data)
{
  const Babl *format = gimp_drawable_get_format (drawable);
  const Babl *type   = babl_format_get_type (format, 0);
  gdouble     one    = 1.0;
  gint        end    = area->y + area->height;
  SourceRead  read   = { gimp_drawable_get_buffer (drawable), source,
                         babl_format_get_bytes_per_pixel (format), 0, { 0 },
                         area->y / STRIP_ROWS * STRIP_ROWS, strip_read, data };

  if (! babl_format_has_alpha (format))
    {
      read.alpha_bytes = read.read_bpp / babl_format_get_n_components (format);
      babl_process (babl_fish (babl_format_n (babl_type ("double"), 1),
                               babl_format_n (type, 1)),
                    &one, read.opaque, 1);
    }

  source->area   = *area;
  source->format = format;
  source->bpp    = read.read_bpp + read.alpha_bytes;
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
