/* segment-output-pixels.c — the pixels of the output drawables, encoded
 * in each one's own format by the plug-in's own arithmetic.
 *
 * Segment layers and the label map have the new layers' format, so
 * "original" layers hold the source's pixels bit for bit and the alpha of
 * every layer is the source alpha exactly, times the coverage where that
 * is partial.  The colours of the segments are encoded once, in
 * segment_layer_pixels_init(); a strip's pixels are then copies. */

#include <string.h>

#include <libgimp/gimp.h>

#include "segment-colours.h"
#include "segment-output-pixels.h"
#include "segment-pixels.h"

void
segment_layer_pixels_init (SegmentLayerPixels *pixels,
                           const Babl         *format,
                           const SegmentOrder *order)
{
  gint            n = order->n_segments;
  SegmentEncoding encoding;
  SegmentColours  colours;

  pixels->format = format;
  segment_encoding_of (&encoding, format);
  pixels->type         = encoding.type;
  pixels->bpp          = encoding.n_components * encoding.bytes;
  pixels->alpha_bytes  = encoding.bytes;
  pixels->mean_pixels  = g_malloc ((gsize) n * pixels->bpp);
  pixels->label_pixels = g_malloc ((gsize) n * pixels->bpp);

  /* The colours are R'G'B' of the image's space: only its tone curves
   * matter here, whatever the features were. */
  segment_colours_init (&colours, encoding.space, encoding.n_colours == 1, SEGMENT_SPACE_RGB);
  for (gint rank = 0; rank < n; rank++)
    segment_pixel_encode (&colours, &encoding, order->segments[rank].rgb, 1.0,
                          pixels->mean_pixels + rank * pixels->bpp);
  segment_colours_clear (&colours);

  /* The label value is written without any colour conversion: only its
   * data type changes, so it is n/255 of the full scale. */
  for (gint rank = 0; rank < n; rank++)
    for (gint c = 0; c < encoding.n_components; c++)
      segment_number_set (pixels->type,
                          c == encoding.n_components - 1 ? 1.0 : (rank + 1) / 255.0,
                          pixels->label_pixels + rank * pixels->bpp + c * encoding.bytes);
}

void
segment_layer_pixels_clear (SegmentLayerPixels *pixels)
{
  g_clear_pointer (&pixels->mean_pixels, g_free);
  g_clear_pointer (&pixels->label_pixels, g_free);
}

void
segment_layer_pixels_cover (const SegmentLayerPixels *pixels,
                            guint8                   *source,
                            const gfloat             *coverage,
                            gsize                     n)
{
  for (gsize i = 0; i < n; i++)
    if (coverage[i] > 0.0f && coverage[i] < 1.0f)
      {
        guint8 *alpha = source + (i + 1) * pixels->bpp - pixels->alpha_bytes;

        segment_number_set (pixels->type,
                            segment_number_get (pixels->type, alpha) * coverage[i],
                            alpha);
      }
}

/* Copies the few bytes of a pixel or of its alpha: a plain loop costs far
 * less than a call to memcpy with a size known only at run time. */
static inline void
copy_bytes (guint8       *out,
            const guint8 *in,
            gint          n_bytes)
{
  for (gint b = 0; b < n_bytes; b++)
    out[b] = in[b];
}

/* n pixels of one row: the source pixel where the rank is the segment's,
 * zero elsewhere.  bpp is a constant at each call in copy_segment_pixels(),
 * so the compiler copies pixels several at a time: a loop over a run-time
 * size costs several times more. */
/* clang-format cannot align parameters that restrict qualifies. */
/* clang-format off */
static inline void
copy_segment_row (guint8       * restrict out,
                  const guint8 * restrict source,
                  const guint8 * restrict ranks,
                  gint                    n,
                  guint8                  rank,
                  gint                    bpp)
/* clang-format on */
{
  for (gint x = 0; x < n; x++)
    for (gint b = 0; b < bpp; b++)
      out[x * bpp + b] = ranks[x] == rank ? source[x * bpp + b] : 0;
}

#define COPY_CASE(size)                                   \
  case size:                                              \
    copy_segment_row (out, source, ranks, n, rank, size); \
    break

/* The sizes of GIMP's layer formats: grey or RGB with alpha, 8 to 64 bits
 * a component. */
static void
copy_segment_pixels (guint8       *out,
                     const guint8 *source,
                     const guint8 *ranks,
                     gint          n,
                     guint8        rank,
                     gint          bpp)
{
  switch (bpp)
    {
      COPY_CASE (2);
      COPY_CASE (4);
      COPY_CASE (8);
      COPY_CASE (16);
      COPY_CASE (32);
    default:
      copy_segment_row (out, source, ranks, n, rank, bpp);
    }
}

#undef COPY_CASE

void
segment_layer_pixels_segment (const SegmentLayerPixels *pixels,
                              const SegmentBlocks      *blocks,
                              const guint8             *source,
                              const guint8             *ranks,
                              gint                      width,
                              gint                      height,
                              gint                      rank,
                              SegmentFill               fill,
                              guint8                   *out)
{
  gint    bpp         = pixels->bpp;
  gint    alpha_start = bpp - pixels->alpha_bytes;
  guint64 segment     = G_GUINT64_CONSTANT (1) << rank;

  for (gint block = 0; block < blocks->n_blocks; block++)
    {
      gint first = block * SEGMENT_BLOCK_WIDTH;
      gint last  = MIN (first + SEGMENT_BLOCK_WIDTH, width);

      if (! (blocks->present[block] & segment))
        continue;

      for (gint y = 0; y < height; y++)
        {
          gsize row = (gsize) y * width + first;

          copy_segment_pixels (out + row * bpp, source + row * bpp, ranks + row,
                               last - first, rank, bpp);
          if (fill == SEGMENT_FILL_MEAN)
            for (gint x = 0; x < last - first; x++)
              if (ranks[row + x] == rank)
                copy_bytes (out + (row + x) * bpp, pixels->mean_pixels + rank * bpp,
                            alpha_start);
        }
    }
}

void
segment_layer_pixels_labels (const SegmentLayerPixels *pixels,
                             const guint8             *ranks,
                             gsize                     n,
                             guint8                   *out)
{
  gint bpp = pixels->bpp;

  memset (out, 0, n * bpp);
  for (gsize i = 0; i < n; i++)
    if (ranks[i] != KM_LABEL_NONE)
      copy_bytes (out + i * bpp, pixels->label_pixels + ranks[i] * bpp, bpp);
}

void
segment_selection_pixels (const Babl   *format,
                          const gfloat *coverage,
                          const guint8 *ranks,
                          gsize         n,
                          gint          rank,
                          gfloat       *values,
                          guint8       *out)
{
  for (gsize i = 0; i < n; i++)
    values[i] = ranks[i] == rank ? coverage[i] : 0.0f;

  segment_numbers_set (segment_type_of (format), values, n, out,
                       babl_format_get_bytes_per_pixel (format));
}
