/* segment-layers.c — writes the segments back as a group of new layers.
 *
 * The source's pixels come from the copy the features were made from (see
 * segment-source.h), a strip of rows at a time (segment-strips.h), and
 * each strip goes to every new layer in the layers' own format
 * (segment-output-pixels.h). */

#include <libgimp/gimp.h>

#include <glib/gi18n.h>

#include "segment-layers.h"
#include "segment-output-pixels.h"
#include "segment-strips.h"

/* A layer of the image's type: GIMP takes no other, and a floating
 * selection made from a layer mask is grey in an RGB image.  The offsets
 * are set now, before the layer is in the image: a group with Lock
 * position refuses to move its layers. */
static GimpLayer *
new_layer_like (GimpImage    *image,
                GimpDrawable *drawable,
                const gchar  *name)
{
  GimpImageType type  = gimp_image_get_base_type (image) == GIMP_GRAY
                          ? GIMP_GRAYA_IMAGE
                          : GIMP_RGBA_IMAGE;
  GimpLayer    *layer = gimp_layer_new (image, name,
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
  GimpGroupLayer *group  = gimp_group_layer_new (image, _ ("K-Means Segments"));
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
  GeglBuffer **buffers;      /* the segment layers' */
  GeglBuffer **mask_buffers; /* their masks' (fill=mask), or NULLs */
  GeglBuffer  *label_buffer; /* the label map's, or NULL */
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
      layers->label_map = new_layer_like (image, drawable, _ ("Segment labels"));
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

/* The source and the drawables it goes to, while the strips are walked. */
typedef struct
{
  Targets                  *targets;
  const SegmentLayerPixels *pixels;
  const SegmentSource      *source;
  SegmentFill               fill;
  gboolean                  cover;       /* the source's alpha × partial coverage */
  const Babl               *to_layers;   /* the source's format to the layers',
                                            when they differ (a grey floating
                                            selection in an RGB image), or NULL */
  guint8                   *converted;   /* a strip in the layers' format, or NULL */
  guint8                   *strip;       /* the strip's source pixels, in the
                                            layers' format */
  const Babl               *mask_format; /* the masks' (fill=mask) */
} LayersWrite;

/* The strip's source pixels, converted when needed, with their alpha
 * times the coverage (fill=mask keeps the alpha: the mask holds the
 * coverage).  They are used once: the kept source is changed in place. */
static void
prepare_strip (const SegmentStrip *strip,
               gpointer            data)
{
  LayersWrite *write = data;

  write->strip = segment_source_pixel (write->source, strip->rect.x, strip->rect.y);
  if (write->to_layers)
    {
      babl_process (write->to_layers, write->strip, write->converted, strip->n_pixels);
      write->strip = write->converted;
    }
  if (write->cover)
    segment_layer_pixels_cover (write->pixels, write->strip, strip->coverage,
                                strip->n_pixels);
}

/* Output rank is the layer of that segment; the one after the segments
 * is the label map. */
static void
write_output (const SegmentStrip *strip,
              gint                rank,
              guint8             *scratch,
              gpointer            data)
{
  const LayersWrite   *write   = data;
  const GeglRectangle *rect    = &strip->rect;
  Targets             *targets = write->targets;
  guint64              segment;

  if (rank == targets->n_segments)
    {
      segment_layer_pixels_labels (write->pixels, strip->ranks, strip->n_pixels, scratch);
      segment_blocks_write (&strip->blocks, targets->label_buffer, rect,
                            write->pixels->format, scratch, G_MAXUINT64);
      return;
    }

  /* Ranks go up to 63: the label map's, 64 at most, takes no bit. */
  segment = G_GUINT64_CONSTANT (1) << rank;
  if (write->fill == SEGMENT_FILL_MASK)
    {
      guint8 *mask = scratch + strip->n_pixels * sizeof (gfloat);

      gegl_buffer_set (targets->buffers[rank], rect, 0, write->pixels->format,
                       write->strip, GEGL_AUTO_ROWSTRIDE);
      segment_selection_pixels (write->mask_format, strip->coverage, strip->ranks,
                                strip->n_pixels, rank, (gfloat *) scratch, mask);
      segment_blocks_write (&strip->blocks, targets->mask_buffers[rank], rect,
                            write->mask_format, mask, segment);
    }
  else
    {
      segment_layer_pixels_segment (write->pixels, &strip->blocks, write->strip,
                                    strip->ranks, rect->width, rect->height, rank,
                                    write->fill, scratch);
      segment_blocks_write (&strip->blocks, targets->buffers[rank], rect,
                            write->pixels->format, scratch, segment);
    }
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
  gboolean           masked = options->fill == SEGMENT_FILL_MASK;
  Targets            targets;
  SegmentLayerPixels pixels;
  LayersWrite        write = { &targets, &pixels, source, options->fill,
                               coverage->values && ! masked, NULL, NULL, NULL, NULL };
  SegmentStripWalk   walk;

  walk = (SegmentStripWalk) {
    .area     = source->area,
    .order    = order,
    .coverage = coverage,
    .prepare  = prepare_strip,
    .write    = write_output,
    .data     = &write,
    .stage    = "layers",
  };
  targets_create (&targets, layers, image, drawable, order, options);
  segment_layer_pixels_init (&pixels,
                             gimp_drawable_get_format (GIMP_DRAWABLE (layers->layers[0])),
                             order);

  if (source->kept_format != pixels.format)
    {
      write.to_layers = babl_fish (source->kept_format, pixels.format);
      write.converted = g_malloc ((gsize) source->area.width * SEGMENT_STRIP_ROWS *
                                  pixels.bpp);
    }

  walk.n_outputs         = targets.n_segments + (targets.label_buffer ? 1 : 0);
  walk.scratch_per_pixel = pixels.bpp;
  if (masked)
    {
      GimpLayerMask *mask = gimp_layer_get_mask (layers->layers[0]);

      write.mask_format      = gimp_drawable_get_format (GIMP_DRAWABLE (mask));
      walk.scratch_per_pixel = MAX (walk.scratch_per_pixel,
                                    sizeof (gfloat) +
                                      babl_format_get_bytes_per_pixel (write.mask_format));
    }

  segment_strips_walk (&walk);

  g_free (write.converted);
  segment_layer_pixels_clear (&pixels);
  targets_finish (&targets);
}

void
segment_layers_clear (SegmentLayers *layers)
{
  g_clear_pointer (&layers->layers, g_free);
  layers->n_layers = 0;
}
