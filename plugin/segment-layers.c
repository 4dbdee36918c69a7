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
  guint8  *source;    /* the source's pixels, in the kept source */
  gint     n_scratch; /* one per thread */
  Scratch *scratch;
  guint8  *ranks;     /* each pixel's segment position, or KM_LABEL_NONE */
  gfloat  *coverage;  /* each pixel's coverage */
  SegmentBlocks blocks; /* the segments of each block of columns */
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
strip_init (Strip             *strip,
            const PixelLayout *layout,
            gint               width,
            gint               n_segments,
            GimpDrawable      *mask_drawable)
{
  gsize n_pixels = (gsize) width * STRIP_ROWS;
  gint  n_threads;

  g_object_get (gegl_config (), "threads", &n_threads, NULL);

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

static GimpLayer *
new_layer_like (GimpImage      *image,
                GimpDrawable   *drawable,
                GimpGroupLayer *group,
                const gchar    *name,
                gint            position)
{
  GimpLayer *layer = gimp_layer_new (image, name,
                                     gimp_drawable_get_width (drawable),
                                     gimp_drawable_get_height (drawable),
                                     gimp_drawable_type_with_alpha (drawable),
                                     100.0,
                                     gimp_image_get_default_new_layer_mode (image));
  gint       offset_x, offset_y;

  gimp_image_insert_layer (image, layer, GIMP_LAYER (group), position);
  gimp_drawable_get_offsets (drawable, &offset_x, &offset_y);
  gimp_layer_set_offsets (layer, offset_x, offset_y);

  return layer;
}

static GimpGroupLayer *
new_group_above (GimpImage    *image,
                 GimpDrawable *drawable)
{
  GimpGroupLayer *group  = gimp_group_layer_new (image, "K-Means Segments");
  GimpItem       *parent = gimp_item_get_parent (GIMP_ITEM (drawable));

  gimp_image_insert_layer (image, GIMP_LAYER (group),
                           parent ? GIMP_LAYER (parent) : NULL,
                           gimp_image_get_item_position (image, GIMP_ITEM (drawable)));
  return group;
}

static GeglBuffer *
mask_buffer (GimpLayer *layer)
{
  GimpLayerMask *mask = gimp_layer_create_mask (layer, GIMP_ADD_MASK_BLACK);

  gimp_layer_add_mask (layer, mask);
  return gimp_drawable_get_buffer (GIMP_DRAWABLE (mask));
}

/* The new drawables and their buffers, while they are written. */
typedef struct
{
  gint                n_segments;
  GimpLayer         **layers;        /* the segment layers, in order */
  GeglBuffer        **buffers;
  GeglBuffer        **mask_buffers;  /* their masks' (fill=mask), or NULLs */
  GeglBuffer         *label_buffer;  /* the label map's, or NULL */
} Targets;

/* Creates the group, the segment layers (with black masks for fill=mask)
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
  targets->layers       = g_new (GimpLayer *, n);
  targets->buffers      = g_new (GeglBuffer *, n);
  targets->mask_buffers = g_new0 (GeglBuffer *, n);
  targets->label_buffer = NULL;

  layers->group     = new_group_above (image, drawable);
  layers->label_map = NULL;

  for (gint rank = 0; rank < n; rank++)
    {
      targets->layers[rank] = new_layer_like (image, drawable, layers->group,
                                              order->segments[rank].name, rank);
      if (! masked)
        gimp_drawable_fill (GIMP_DRAWABLE (targets->layers[rank]), GIMP_FILL_TRANSPARENT);
      targets->buffers[rank] = gimp_drawable_get_buffer (GIMP_DRAWABLE (targets->layers[rank]));
      if (masked)
        targets->mask_buffers[rank] = mask_buffer (targets->layers[rank]);
    }

  if (options->create_label_map)
    {
      layers->label_map = new_layer_like (image, drawable, layers->group,
                                          "Segment labels", n);
      gimp_item_set_visible (GIMP_ITEM (layers->label_map), FALSE);
      gimp_drawable_fill (GIMP_DRAWABLE (layers->label_map), GIMP_FILL_TRANSPARENT);
      targets->label_buffer = gimp_drawable_get_buffer (GIMP_DRAWABLE (layers->label_map));
    }
}

/* Flushes every buffer and tells GIMP the drawables changed. */
static void
targets_finish (Targets             *targets,
                const SegmentLayers *layers)
{
  for (gint rank = 0; rank < targets->n_segments; rank++)
    {
      GimpDrawable *layer = GIMP_DRAWABLE (targets->layers[rank]);

      g_object_unref (targets->buffers[rank]);
      if (targets->mask_buffers[rank])
        g_object_unref (targets->mask_buffers[rank]);
      gimp_drawable_update (layer, 0, 0, gimp_drawable_get_width (layer),
                            gimp_drawable_get_height (layer));
    }
  if (targets->label_buffer)
    {
      GimpDrawable *label_map = GIMP_DRAWABLE (layers->label_map);

      g_object_unref (targets->label_buffer);
      gimp_drawable_update (label_map, 0, 0, gimp_drawable_get_width (label_map),
                            gimp_drawable_get_height (label_map));
    }

  g_free (targets->mask_buffers);
  g_free (targets->buffers);
  g_free (targets->layers);
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
  gboolean       masked = options->fill == SEGMENT_FILL_MASK;
  GeglRectangle  area;
  Targets        targets;
  PixelLayout    layout;
  Strip          strip;

  segment_layers_source_area (&area, drawable, coverage, options);
  g_return_if_fail (gegl_rectangle_equal (&area, &source->area));

  targets_create (&targets, layers, image, drawable, order, options);
  layout_init (&layout, GIMP_DRAWABLE (targets.layers[0]), order);
  strip_init (&strip, &layout, area.width, order->n_segments,
              masked ? GIMP_DRAWABLE (gimp_layer_get_mask (targets.layers[0])) : NULL);

  for (gint y = area.y; y < area.y + area.height; y += STRIP_ROWS)
    {
      GeglRectangle rect = { area.x, y, area.width,
                             MIN (STRIP_ROWS, area.y + area.height - y) };

      strip.source = segment_source_pixel (source, rect.x, rect.y);
      segment_order_ranks (order, &rect, strip.ranks);
      segment_coverage_get (coverage, &rect, strip.coverage);
      if (coverage->values && ! masked)
        strip_apply_coverage (&strip, &layout, (gsize) rect.width * rect.height);
      strip_write (&strip, &layout, &targets, &rect, options->fill);

      gimp_progress_update ((gdouble) (y + rect.height - area.y) / area.height);
    }

  strip_clear (&strip);
  layout_clear (&layout);
  targets_finish (&targets, layers);
}
