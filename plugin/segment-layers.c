/* segment-layers.c — writes the segments back as a group of new layers.
 *
 * Pixels travel in the new layers' own format (the image's precision and
 * space, with alpha), so "original" layers hold the source pixels bit for
 * bit and the alpha of every layer is the source alpha exactly, times the
 * coverage (selection × layer mask) where that is partial.  The source's
 * pixels come from the copy the features were made from (see
 * segment-source.h), a strip of rows at a time, and each strip is written
 * to every new layer, by GEGL's threads: one fills a layer's blocks while
 * another sends its own to GIMP. */

#include <string.h>

#include <libgimp/gimp.h>

#include "segment-blocks.h"
#include "segment-colours.h"
#include "segment-encoding.h"
#include "segment-layers.h"
#include "segment-pixels.h"
#include "segment-test-hook.h"

#define STRIP_ROWS 64

typedef struct
{
  const Babl  *format;        /* the new layers' format */
  gint         bpp;           /* bytes per pixel */
  gint         alpha_bytes;   /* the last component is alpha */
  SegmentType  type;          /* the type of every component */
  guint8      *mean_pixels;   /* per rank: the segment's colour, opaque */
  guint8      *label_pixels;  /* per rank: grey (rank + 1) / 255, opaque */
} PixelLayout;

/* Working memory of one thread: one new drawable's strip at a time. */
typedef struct
{
  guint8             *out;         /* a layer's pixels, or its mask's floats */
  SegmentValueWriter  mask_writer; /* the mask's floats in the mask's format */
} Scratch;

/* Working memory for one strip of rows. */
typedef struct
{
  guint8        *source;    /* the source's pixels, in the kept source or … */
  guint8        *converted; /* … here, in the layers' format when the source's
                               differs (a grey floating selection in an RGB
                               image); else NULL */
  const Babl    *to_layers; /* that conversion, or NULL */
  gint           n_scratch; /* one per thread */
  Scratch       *scratch;
  guint8        *ranks;     /* each pixel's segment position, or KM_LABEL_NONE */
  gfloat        *coverage;  /* each pixel's coverage */
  SegmentBlocks  blocks;    /* the segments of each block of columns */
} Strip;

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

static void
layout_init (PixelLayout        *layout,
             GimpDrawable       *layer,
             const SegmentOrder *order)
{
  gint            n = order->n_segments;
  SegmentEncoding encoding;
  SegmentColours  colours;

  layout->format = gimp_drawable_get_format (layer);
  segment_encoding_of (&encoding, layout->format);
  layout->type         = encoding.type;
  layout->bpp          = encoding.n_components * encoding.bytes;
  layout->alpha_bytes  = encoding.bytes;
  layout->mean_pixels  = g_malloc ((gsize) n * layout->bpp);
  layout->label_pixels = g_malloc ((gsize) n * layout->bpp);

  /* The colours are R'G'B' of the image's space: only its tone curves
   * matter here, whatever the features were. */
  segment_colours_init (&colours, encoding.space, encoding.n_colours == 1, SEGMENT_SPACE_RGB);
  for (gint rank = 0; rank < n; rank++)
    segment_pixel_encode (&colours, &encoding, order->segments[rank].rgb, 1.0,
                          layout->mean_pixels + rank * layout->bpp);
  segment_colours_clear (&colours);

  /* The label value is written without any colour conversion: only its
   * data type changes, so it is n/255 of the full scale. */
  for (gint rank = 0; rank < n; rank++)
    for (gint c = 0; c < encoding.n_components; c++)
      segment_number_set (layout->type,
                          c == encoding.n_components - 1 ? 1.0 : (rank + 1) / 255.0,
                          layout->label_pixels + rank * layout->bpp + c * encoding.bytes);
}

static void
layout_clear (PixelLayout *layout)
{
  g_free (layout->mean_pixels);
  g_free (layout->label_pixels);
}

/* mask_drawable is the first layer's mask for fill=mask, else NULL. */
static void
strip_init (Strip               *strip,
            const PixelLayout   *layout,
            const SegmentSource *source,
            gint                 n_segments,
            GimpDrawable        *mask_drawable)
{
  gint  width    = source->area.width;
  gsize n_pixels = (gsize) width * STRIP_ROWS;
  gint  n_threads;

  g_object_get (gegl_config (), "threads", &n_threads, NULL);

  if (source->kept_format != layout->format)
    {
      strip->converted = g_malloc (n_pixels * layout->bpp);
      strip->to_layers = babl_fish (source->kept_format, layout->format);
    }
  else
    {
      strip->converted = NULL;
      strip->to_layers = NULL;
    }

  strip->n_scratch = CLAMP (n_threads, 1, n_segments);
  strip->scratch   = g_new0 (Scratch, strip->n_scratch);
  for (gint i = 0; i < strip->n_scratch; i++)
    {
      strip->scratch[i].out = g_malloc (n_pixels * MAX ((gsize) layout->bpp,
                                                        sizeof (gfloat)));
      if (mask_drawable)
        segment_value_writer_init (&strip->scratch[i].mask_writer, mask_drawable,
                                   n_pixels);
    }
  strip->ranks     = g_malloc (n_pixels);
  strip->coverage  = g_new (gfloat, n_pixels);
  segment_blocks_init (&strip->blocks, width);
}

static void
strip_clear (Strip *strip)
{
  for (gint i = 0; i < strip->n_scratch; i++)
    {
      g_free (strip->scratch[i].out);
      segment_value_writer_clear (&strip->scratch[i].mask_writer);
    }
  g_free (strip->scratch);
  g_free (strip->converted);
  g_free (strip->ranks);
  g_free (strip->coverage);
  segment_blocks_clear (&strip->blocks);
}

/* Multiplies the source alpha by the coverage where the coverage is
 * partial, the way GIMP copies a feathered selection.  Only the alpha of
 * those pixels changes; every colour byte stays the source's. */
static void
strip_apply_coverage (Strip             *strip,
                      const PixelLayout *layout,
                      gsize              n_pixels)
{
  for (gsize i = 0; i < n_pixels; i++)
    if (strip->coverage[i] > 0.0f && strip->coverage[i] < 1.0f)
      {
        guint8 *alpha = strip->source + (i + 1) * layout->bpp - layout->alpha_bytes;

        segment_number_set (layout->type,
                            segment_number_get (layout->type, alpha) * strip->coverage[i],
                            alpha);
      }
}

/* n pixels of one row: the source pixel where the rank is the segment's,
 * zero elsewhere.  bpp is a constant at each call in copy_segment_pixels(),
 * so the compiler copies pixels several at a time: a loop over a run-time
 * size costs several times more. */
static inline void
copy_segment_row (guint8       * restrict out,
                  const guint8 * restrict source,
                  const guint8 * restrict ranks,
                  gint                    n,
                  guint8                  rank,
                  gint                    bpp)
{
  for (gint x = 0; x < n; x++)
    for (gint b = 0; b < bpp; b++)
      out[x * bpp + b] = ranks[x] == rank ? source[x * bpp + b] : 0;
}

#define COPY_CASE(size)                                      \
  case size:                                                 \
    copy_segment_row (out, source, ranks, n, rank, size);    \
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

/* One strip of one segment layer: the pixels of the segment (source or
 * mean colour, always with the source alpha), transparent elsewhere.  Only
 * the blocks that segment_blocks_write() sends are filled. */
static void
strip_fill_segment (const Strip         *strip,
                    const PixelLayout   *layout,
                    const GeglRectangle *rect,
                    gint                 rank,
                    SegmentFill          fill,
                    guint8              *pixels)
{
  gint    bpp         = layout->bpp;
  gint    alpha_start = bpp - layout->alpha_bytes;
  guint64 segment     = G_GUINT64_CONSTANT (1) << rank;

  for (gint block = 0; block < strip->blocks.n_blocks; block++)
    {
      gint first = block * SEGMENT_BLOCK_WIDTH;
      gint last  = MIN (first + SEGMENT_BLOCK_WIDTH, rect->width);

      if (! (strip->blocks.present[block] & segment))
        continue;

      for (gint y = 0; y < rect->height; y++)
        {
          gsize row = (gsize) y * rect->width + first;

          copy_segment_pixels (pixels + row * bpp, strip->source + row * bpp,
                               strip->ranks + row, last - first, rank, bpp);
          if (fill == SEGMENT_FILL_MEAN)
            for (gint x = 0; x < last - first; x++)
              if (strip->ranks[row + x] == rank)
                copy_bytes (pixels + (row + x) * bpp, layout->mean_pixels + rank * bpp,
                            alpha_start);
        }
    }
}

static void
strip_fill_labels (const Strip       *strip,
                   const PixelLayout *layout,
                   gsize              n_pixels,
                   guint8            *pixels)
{
  gint bpp = layout->bpp;

  memset (pixels, 0, n_pixels * bpp);
  for (gsize i = 0; i < n_pixels; i++)
    if (strip->ranks[i] != KM_LABEL_NONE)
      copy_bytes (pixels + i * bpp, layout->label_pixels + strip->ranks[i] * bpp, bpp);
}

/* A layer of the image's type: GIMP takes no other, and a floating
 * selection made from a layer mask is grey in an RGB image.  The offsets
 * are set now, before the layer is in the image: a group with Lock
 * position refuses to move its layers. */
static GimpLayer *
new_layer_like (GimpImage    *image,
                GimpDrawable *drawable,
                const gchar  *name)
{
  GimpImageType type     = gimp_image_get_base_type (image) == GIMP_GRAY
                           ? GIMP_GRAYA_IMAGE : GIMP_RGBA_IMAGE;
  GimpLayer    *layer    = gimp_layer_new (image, name,
                                           gimp_drawable_get_width (drawable),
                                           gimp_drawable_get_height (drawable),
                                           type, 100.0,
                                           gimp_image_get_default_new_layer_mode (image));
  gint          offset_x, offset_y;

  gimp_drawable_get_offsets (drawable, &offset_x, &offset_y);
  gimp_layer_set_offsets (layer, offset_x, offset_y);

  return layer;
}

/* The group's layers compose to the source's pixels; with the source's
 * mode, opacity and compositing the group looks like the source. */
static GimpGroupLayer *
new_group_like (GimpImage    *image,
                GimpDrawable *drawable)
{
  GimpGroupLayer *group  = gimp_group_layer_new (image, "K-Means Segments");
  GimpLayer      *layer  = GIMP_LAYER (group);
  GimpLayer      *source = GIMP_LAYER (drawable);

  gimp_layer_set_mode (layer, gimp_layer_get_mode (source));
  gimp_layer_set_opacity (layer, gimp_layer_get_opacity (source));
  gimp_layer_set_blend_space (layer, gimp_layer_get_blend_space (source));
  gimp_layer_set_composite_space (layer, gimp_layer_get_composite_space (source));
  gimp_layer_set_composite_mode (layer, gimp_layer_get_composite_mode (source));

  return group;
}

static GeglBuffer *
mask_buffer (GimpLayer *layer)
{
  GimpLayerMask *mask = gimp_layer_create_mask (layer, GIMP_ADD_MASK_BLACK);

  gimp_layer_add_mask (layer, mask);
  return gimp_drawable_get_buffer (GIMP_DRAWABLE (mask));
}

/* The buffers of the new drawables, while they are written. */
typedef struct
{
  gint         n_segments;
  GeglBuffer **buffers;       /* the segment layers' */
  GeglBuffer **mask_buffers;  /* their masks' (fill=mask), or NULLs */
  GeglBuffer  *label_buffer;  /* the label map's, or NULL */
} Targets;

/* Makes the group, the segment layers (with black masks for fill=mask)
 * and the label map.  Layers that are written only where their segment is
 * are cleared first. */
static void
targets_create (Targets              *targets,
                SegmentLayers        *layers,
                GimpImage            *image,
                GimpDrawable         *drawable,
                const SegmentOrder   *order,
                const SegmentOptions *options)
{
  gint     n      = order->n_segments;
  gboolean masked = options->fill == SEGMENT_FILL_MASK;

  targets->n_segments   = n;
  targets->buffers      = g_new (GeglBuffer *, n);
  targets->mask_buffers = g_new0 (GeglBuffer *, n);
  targets->label_buffer = NULL;

  layers->group     = new_group_like (image, drawable);
  layers->n_layers  = n;
  layers->layers    = g_new (GimpLayer *, n);
  layers->label_map = NULL;

  for (gint rank = 0; rank < n; rank++)
    {
      GimpLayer *layer = new_layer_like (image, drawable, order->segments[rank].name);

      layers->layers[rank] = layer;
      if (! masked)
        gimp_drawable_fill (GIMP_DRAWABLE (layer), GIMP_FILL_TRANSPARENT);
      targets->buffers[rank] = gimp_drawable_get_buffer (GIMP_DRAWABLE (layer));
      if (masked)
        targets->mask_buffers[rank] = mask_buffer (layer);
    }

  if (options->create_label_map)
    {
      layers->label_map = new_layer_like (image, drawable, "Segment labels");
      gimp_item_set_visible (GIMP_ITEM (layers->label_map), FALSE);
      gimp_drawable_fill (GIMP_DRAWABLE (layers->label_map), GIMP_FILL_TRANSPARENT);
      targets->label_buffer = gimp_drawable_get_buffer (GIMP_DRAWABLE (layers->label_map));
    }
}

/* Flushes every buffer: the pixels reach GIMP before the drawables reach
 * the image. */
static void
targets_finish (Targets *targets)
{
  for (gint rank = 0; rank < targets->n_segments; rank++)
    {
      g_object_unref (targets->buffers[rank]);
      if (targets->mask_buffers[rank])
        g_object_unref (targets->mask_buffers[rank]);
    }
  if (targets->label_buffer)
    g_object_unref (targets->label_buffer);

  g_free (targets->mask_buffers);
  g_free (targets->buffers);
}

/* One strip of the source, ready to be written to every new drawable. */
typedef struct
{
  Strip               *strip;
  const PixelLayout   *layout;
  Targets             *targets;
  const GeglRectangle *rect;
  SegmentFill          fill;
} StripJob;

static void
strip_write_segment (const StripJob *job,
                     Scratch        *scratch,
                     gint            rank)
{
  const Strip         *strip    = job->strip;
  const GeglRectangle *rect     = job->rect;
  gsize                n_pixels = (gsize) rect->width * rect->height;
  guint64              segment  = G_GUINT64_CONSTANT (1) << rank;

  if (job->fill == SEGMENT_FILL_MASK)
    {
      gfloat *mask = (gfloat *) scratch->out;

      gegl_buffer_set (job->targets->buffers[rank], rect, 0, job->layout->format,
                       strip->source, GEGL_AUTO_ROWSTRIDE);
      segment_coverage_of_segment (strip->coverage, strip->ranks, n_pixels, rank, mask);
      segment_blocks_write (&strip->blocks, job->targets->mask_buffers[rank], rect,
                            scratch->mask_writer.format,
                            segment_value_writer_convert (&scratch->mask_writer, mask,
                                                          n_pixels),
                            segment);
    }
  else
    {
      strip_fill_segment (strip, job->layout, rect, rank, job->fill, scratch->out);
      segment_blocks_write (&strip->blocks, job->targets->buffers[rank], rect,
                            job->layout->format, scratch->out, segment);
    }
}

/* Thread i of n writes the segments i, i + n, i + 2n… */
static void
strip_write_segments (gint     i,
                      gint     n,
                      gpointer data)
{
  const StripJob *job = data;

  for (gint rank = i; rank < job->targets->n_segments; rank += n)
    strip_write_segment (job, &job->strip->scratch[i], rank);
}

/* Writes one strip of the source to every new drawable. */
static void
strip_write (Strip               *strip,
             const PixelLayout   *layout,
             Targets             *targets,
             const GeglRectangle *rect,
             SegmentFill          fill)
{
  StripJob job = { strip, layout, targets, rect, fill };

  segment_blocks_find (&strip->blocks, strip->ranks, rect);
  gegl_parallel_distribute (strip->n_scratch, strip_write_segments, &job);

  if (targets->label_buffer)
    {
      guint8 *pixels = strip->scratch[0].out;

      strip_fill_labels (strip, layout, (gsize) rect->width * rect->height, pixels);
      segment_blocks_write (&strip->blocks, targets->label_buffer, rect, layout->format,
                            pixels, G_MAXUINT64);
    }
}

void
segment_layers_source_area (GeglRectangle         *area,
                            GimpDrawable          *drawable,
                            const SegmentCoverage *coverage,
                            const SegmentOptions  *options)
{
  if (options->fill == SEGMENT_FILL_MASK)
    *area = *GEGL_RECTANGLE (0, 0, gimp_drawable_get_width (drawable),
                             gimp_drawable_get_height (drawable));
  else
    *area = coverage->area;
}

void
segment_layers_write (SegmentLayers         *layers,
                      GimpImage             *image,
                      GimpDrawable          *drawable,
                      SegmentSource         *source,
                      const SegmentCoverage *coverage,
                      const SegmentOrder    *order,
                      const SegmentOptions  *options)
{
  gboolean       masked  = options->fill == SEGMENT_FILL_MASK;
  gboolean       halfway = FALSE;
  GeglRectangle  area;
  Targets        targets;
  PixelLayout    layout;
  Strip          strip;

  segment_layers_source_area (&area, drawable, coverage, options);
  g_return_if_fail (gegl_rectangle_equal (&area, &source->area));

  targets_create (&targets, layers, image, drawable, order, options);
  layout_init (&layout, GIMP_DRAWABLE (layers->layers[0]), order);
  strip_init (&strip, &layout, source, order->n_segments,
              masked ? GIMP_DRAWABLE (gimp_layer_get_mask (layers->layers[0])) : NULL);

  for (gint y = area.y; y < area.y + area.height; y += STRIP_ROWS)
    {
      GeglRectangle rect     = { area.x, y, area.width,
                                 MIN (STRIP_ROWS, area.y + area.height - y) };
      gsize         n_pixels = (gsize) rect.width * rect.height;

      strip.source = segment_source_pixel (source, rect.x, rect.y);
      if (strip.to_layers)
        {
          babl_process (strip.to_layers, strip.source, strip.converted, n_pixels);
          strip.source = strip.converted;
        }
      segment_order_ranks (order, &rect, strip.ranks);
      segment_coverage_get (coverage, &rect, strip.coverage);
      if (coverage->values && ! masked)
        strip_apply_coverage (&strip, &layout, n_pixels);
      strip_write (&strip, &layout, &targets, &rect, options->fill);

      gimp_progress_update ((gdouble) (y + rect.height - area.y) / area.height);
      if (! halfway && 2 * (y + rect.height - area.y) >= area.height)
        {
          halfway = TRUE;
          segment_test_hook ("layers");
        }
    }

  strip_clear (&strip);
  layout_clear (&layout);
  targets_finish (&targets);
}

void
segment_layers_clear (SegmentLayers *layers)
{
  g_clear_pointer (&layers->layers, g_free);
  layers->n_layers = 0;
}
