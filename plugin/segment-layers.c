/* segment-layers.c — writes the segments back as a group of new layers.
 *
 * Pixels travel in the new layers' own format (the image's precision and
 * space, with alpha), so "original" layers hold the source pixels bit for
 * bit and the alpha of every layer is the source alpha exactly.  The source
 * is read once, a strip of tile rows at a time, and each strip is written
 * to every segment layer. */

#include <string.h>

#include <libgimp/gimp.h>

#include "segment-layers.h"

#define STRIP_ROWS 64

typedef struct
{
  const Babl *format;
  gint        bpp;         /* bytes per pixel */
  gint        alpha_bytes; /* bytes of the alpha component, the last one */
  guint8     *mean_pixels; /* per rank: the mean colour, opaque, in format */
} PixelLayout;

static void
layout_init (PixelLayout           *layout,
             GimpDrawable          *layer,
             const SegmentFeatures *features,
             const KmResult        *result,
             const SegmentOrder    *order)
{
  const float *centres = km_result_get_centres (result);

  layout->format      = gimp_drawable_get_format (layer);
  layout->bpp         = babl_format_get_bytes_per_pixel (layout->format);
  layout->alpha_bytes = layout->bpp / babl_format_get_n_components (layout->format);
  layout->mean_pixels = g_malloc ((gsize) order->n_segments * layout->bpp);

  for (gint rank = 0; rank < order->n_segments; rank++)
    segment_features_convert_centre (features,
                                     &centres[order->segments[rank].cluster *
                                              features->n_dims],
                                     layout->format,
                                     layout->mean_pixels + rank * layout->bpp);
}

/* One strip of one segment layer: the pixels of the segment (source or
 * mean colour, always with the source alpha), transparent elsewhere. */
static void
fill_strip (const PixelLayout *layout,
            const guint8      *source,
            const guint8      *ranks,
            gsize              n_pixels,
            gint               rank,
            SegmentFill        fill,
            guint8            *out)
{
  gint bpp         = layout->bpp;
  gint alpha_start = bpp - layout->alpha_bytes;

  memset (out, 0, n_pixels * bpp);

  for (gsize i = 0; i < n_pixels; i++)
    {
      if (ranks[i] != rank)
        continue;

      if (fill == SEGMENT_FILL_MEAN)
        {
          memcpy (out + i * bpp, layout->mean_pixels + rank * bpp, alpha_start);
          memcpy (out + i * bpp + alpha_start, source + i * bpp + alpha_start,
                  layout->alpha_bytes);
        }
      else
        {
          memcpy (out + i * bpp, source + i * bpp, bpp);
        }
    }
}

static GimpLayer **
create_layers (GimpImage          *image,
               GimpDrawable       *drawable,
               GimpGroupLayer     *group,
               const SegmentOrder *order)
{
  GimpLayer **layers = g_new (GimpLayer *, order->n_segments);
  gint        offset_x, offset_y;

  gimp_drawable_get_offsets (drawable, &offset_x, &offset_y);

  for (gint rank = 0; rank < order->n_segments; rank++)
    {
      layers[rank] = gimp_layer_new (image, order->segments[rank].name,
                                     gimp_drawable_get_width (drawable),
                                     gimp_drawable_get_height (drawable),
                                     gimp_drawable_type_with_alpha (drawable),
                                     100.0,
                                     gimp_image_get_default_new_layer_mode (image));
      gimp_image_insert_layer (image, layers[rank], GIMP_LAYER (group), rank);
      gimp_layer_set_offsets (layers[rank], offset_x, offset_y);
    }

  return layers;
}

GimpGroupLayer *
segment_layers_write (GimpImage             *image,
                      GimpDrawable          *drawable,
                      const SegmentFeatures *features,
                      const KmResult        *result,
                      const SegmentOrder    *order,
                      SegmentFill            fill)
{
  GimpGroupLayer *group  = gimp_group_layer_new (image, "K-Means Segments");
  GimpItem       *parent = gimp_item_get_parent (GIMP_ITEM (drawable));
  const uint8_t  *labels = km_result_get_labels (result);
  gint            width  = features->area.width;
  gint            height = features->area.height;
  GimpLayer     **layers;
  GeglBuffer     *source_buffer;
  GeglBuffer    **layer_buffers;
  PixelLayout     layout;
  guint8         *source, *out, *ranks;

  gimp_image_insert_layer (image, GIMP_LAYER (group),
                           parent ? GIMP_LAYER (parent) : NULL,
                           gimp_image_get_item_position (image,
                                                         GIMP_ITEM (drawable)));
  layers = create_layers (image, drawable, group, order);
  layout_init (&layout, GIMP_DRAWABLE (layers[0]), features, result, order);

  source_buffer = gimp_drawable_get_buffer (drawable);
  layer_buffers = g_new (GeglBuffer *, order->n_segments);
  for (gint rank = 0; rank < order->n_segments; rank++)
    layer_buffers[rank] = gimp_drawable_get_buffer (GIMP_DRAWABLE (layers[rank]));

  source = g_malloc ((gsize) width * STRIP_ROWS * layout.bpp);
  out    = g_malloc ((gsize) width * STRIP_ROWS * layout.bpp);
  ranks  = g_malloc ((gsize) width * STRIP_ROWS);

  for (gint y = 0; y < height; y += STRIP_ROWS)
    {
      GeglRectangle strip    = { 0, y, width, MIN (STRIP_ROWS, height - y) };
      gsize         n_pixels = (gsize) strip.width * strip.height;
      const uint8_t *strip_labels = labels + (gsize) y * width;

      gegl_buffer_get (source_buffer, &strip, 1.0, layout.format, source,
                       GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);

      for (gsize i = 0; i < n_pixels; i++)
        ranks[i] = strip_labels[i] == KM_LABEL_NONE
                   ? KM_LABEL_NONE
                   : (guint8) order->rank_of_cluster[strip_labels[i]];

      for (gint rank = 0; rank < order->n_segments; rank++)
        {
          fill_strip (&layout, source, ranks, n_pixels, rank, fill, out);
          gegl_buffer_set (layer_buffers[rank], &strip, 0, layout.format, out,
                           GEGL_AUTO_ROWSTRIDE);
        }
    }

  g_free (source);
  g_free (out);
  g_free (ranks);
  g_free (layout.mean_pixels);
  g_object_unref (source_buffer);

  for (gint rank = 0; rank < order->n_segments; rank++)
    {
      g_object_unref (layer_buffers[rank]);
      gimp_drawable_update (GIMP_DRAWABLE (layers[rank]), 0, 0, width, height);
    }
  g_free (layer_buffers);
  g_free (layers);

  return group;
}
