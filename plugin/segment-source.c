/* segment-source.c — the source layer's pixels, read from GIMP once.
 *
 * The tiles cross the wire from GIMP one at a time, but what is done with
 * each strip (turning it into float features) costs more than fetching
 * it: threads each read a run of strips, so one works on a strip while
 * another waits for its tiles.  Strips start on tile rows, so no tile is
 * fetched by two threads. */

#include <libgimp/gimp.h>

#include "segment-encoding.h"
#include "segment-source.h"
#include "segment-strips.h"

typedef struct
{
  GeglBuffer      *buffer;
  SegmentSource   *source;
  gint             read_bpp; /* bytes per pixel in the drawable's format */
  gint             alpha_bytes;
  guint8           opaque[8]; /* alpha 1 in the format's type */
  gint             first_row; /* the first strip's tile row */
  SegmentStripRead strip_read;
  gpointer         data;
} SourceRead;

/* Copies n pixels of colour_bytes bytes each, adding alpha_bytes bytes of
 * an opaque alpha after each.  The bytes are copied as they are: babl
 * converts some formats through float (R'G'B' double to R'G'B'A double,
 * for one), which would not keep every bit. */
/* clang-format cannot align parameters that restrict qualifies. */
/* clang-format off */
static inline void
copy_adding_alpha (guint8       * restrict out,
                   const guint8 * restrict in,
                   gsize                   n,
                   gint                    colour_bytes,
                   gint                    alpha_bytes,
                   const guint8           *opaque)
/* clang-format on */
{
  for (gsize i = 0; i < n; i++)
    {
      for (gint b = 0; b < colour_bytes; b++)
        out[b] = in[b];
      for (gint b = 0; b < alpha_bytes; b++)
        out[colour_bytes + b] = opaque[b];
      in += colour_bytes;
      out += colour_bytes + alpha_bytes;
    }
}

/* With the sizes of GIMP's formats (grey or RGB; 8, 16, 32 or 64 bits)
 * as constants, the compiler copies each pixel in a few instructions: a
 * loop over run-time sizes costs several times more. */
#define ADD_ALPHA_CASE(colour_bytes, alpha_bytes)                      \
  case (colour_bytes) * 16 + (alpha_bytes):                            \
    copy_adding_alpha (out, in, n, colour_bytes, alpha_bytes, opaque); \
    break

static void
add_opaque_alpha (guint8       *out,
                  const guint8 *in,
                  gsize         n,
                  gint          colour_bytes,
                  gint          alpha_bytes,
                  const guint8 *opaque)
{
  switch (colour_bytes * 16 + alpha_bytes)
    {
      ADD_ALPHA_CASE (1, 1);
      ADD_ALPHA_CASE (3, 1);
      ADD_ALPHA_CASE (2, 2);
      ADD_ALPHA_CASE (6, 2);
      ADD_ALPHA_CASE (4, 4);
      ADD_ALPHA_CASE (12, 4);
      ADD_ALPHA_CASE (8, 8);
      ADD_ALPHA_CASE (24, 8);
    default:
      copy_adding_alpha (out, in, n, colour_bytes, alpha_bytes, opaque);
    }
}

#undef ADD_ALPHA_CASE

/* The format with an alpha component after the others: babl names it
 * after its model ("Y'" becomes "Y'A", "R~G~B~" becomes "R~G~B~A"). */
static const Babl *
format_with_alpha (const Babl *format)
{
  gchar      *name;
  const Babl *with_alpha;

  if (babl_format_has_alpha (format))
    return format;

  name = g_strdup_printf ("%sA %s", babl_get_name (babl_format_get_model (format)),
                          babl_get_name (babl_format_get_type (format, 0)));

  with_alpha = babl_format_with_space (name, format);
  g_free (name);

  return with_alpha;
}

void
segment_source_area (GeglRectangle         *area,
                     GimpDrawable          *drawable,
                     const SegmentCoverage *coverage,
                     SegmentFill            fill)
{
  if (fill == SEGMENT_FILL_MASK)
    *area = *GEGL_RECTANGLE (0, 0, gimp_drawable_get_width (drawable),
                             gimp_drawable_get_height (drawable));
  else
    *area = coverage->area;
}

/* A source without alpha is read into a strip of its own first, and
 * copied from there with an opaque alpha added. */
static void
read_strips (gsize    first,
             gsize    n_strips,
             gpointer data)
{
  const SourceRead    *read    = data;
  const SegmentSource *source  = read->source;
  gint                 bottom  = source->area.y + source->area.height;
  gint                 width   = source->area.width;
  guint8              *scratch = read->alpha_bytes
                                   ? g_malloc ((gsize) width * SEGMENT_STRIP_ROWS * read->read_bpp)
                                   : NULL;

  for (gsize i = first; i < first + n_strips; i++)
    {
      gint          top    = read->first_row + (gint) i * SEGMENT_STRIP_ROWS;
      GeglRectangle strip  = { source->area.x, MAX (top, source->area.y), width, 0 };
      guint8       *kept   = segment_source_pixel (source, strip.x, strip.y);
      guint8       *pixels = scratch ? scratch : kept;

      strip.height = MIN (top + SEGMENT_STRIP_ROWS, bottom) - strip.y;
      gegl_buffer_get (read->buffer, &strip, 1.0, source->format, pixels,
                       width * read->read_bpp, GEGL_ABYSS_NONE);
      read->strip_read (source, &strip, pixels, width * read->read_bpp, read->data);

      if (scratch)
        add_opaque_alpha (kept, scratch, (gsize) width * strip.height, read->read_bpp,
                          read->alpha_bytes, read->opaque);
    }

  g_free (scratch);
}

void
segment_source_read (SegmentSource       *source,
                     GimpDrawable        *drawable,
                     const GeglRectangle *area,
                     SegmentStripRead     strip_read,
                     gpointer             data)
{
  const Babl *format = gimp_drawable_get_format (drawable);
  gint        end    = area->y + area->height;
  SourceRead  read;

  read = (SourceRead) {
    .buffer     = gimp_drawable_get_buffer (drawable),
    .source     = source,
    .read_bpp   = babl_format_get_bytes_per_pixel (format),
    .first_row  = area->y / SEGMENT_STRIP_ROWS * SEGMENT_STRIP_ROWS,
    .strip_read = strip_read,
    .data       = data,
  };

  if (! babl_format_has_alpha (format))
    {
      read.alpha_bytes = read.read_bpp / babl_format_get_n_components (format);
      segment_number_set (segment_type_of (format), 1.0, read.opaque);
    }

  source->area        = *area;
  source->format      = format;
  source->kept_format = format_with_alpha (format);
  source->bpp         = read.read_bpp + read.alpha_bytes;
  source->pixels      = g_malloc ((gsize) area->width * area->height * source->bpp);

  /* Each strip is thousands of pixels: a thread costs about one. */
  gegl_parallel_distribute_range ((end - read.first_row + SEGMENT_STRIP_ROWS - 1) / SEGMENT_STRIP_ROWS,
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
  gsize pixel = (gsize) (y - source->area.y) * source->area.width + (x - source->area.x);

  return source->pixels + pixel * source->bpp;
}
