/* segment-channels.c — one channel per segment, ready to become a selection.
 *
 * Channels have the image's size, and a layer may be smaller, larger or
 * offset: the strips run over the image, and the pixels outside the layer
 * are 0. */

#include <libgimp/gimp.h>

#include "segment-blocks.h"
#include "segment-channels.h"
#include "segment-test-hook.h"

#define STRIP_ROWS 64

/* Half-opaque in the segment's colour: visible as an overlay, hidden by
 * default so the image looks unchanged.  A new channel's contents are
 * undefined: it is cleared to black (0) here, in GIMP, so that only the
 * blocks of its segment need to be sent. */
static GimpChannel *
new_channel (GimpImage         *image,
             const SegmentInfo *info)
{
  GimpChannel *channel = gimp_channel_new (image, info->name,
                                           gimp_image_get_width (image),
                                           gimp_image_get_height (image),
                                           50.0, info->colour);
  GeglColor   *black   = gegl_color_new ("black");

  gimp_item_set_visible (GIMP_ITEM (channel), FALSE);

  /* The user's foreground colour is restored by the pop. */
  gimp_context_push ();
  gimp_context_set_foreground (black);
  gimp_drawable_fill (GIMP_DRAWABLE (channel), GIMP_FILL_FOREGROUND);
  gimp_context_pop ();
  g_object_unref (black);

  return channel;
}

GimpChannel **
segment_channels_write (GimpImage             *image,
                        GimpDrawable          *drawable,
                        const SegmentCoverage *coverage,
                        const SegmentOrder    *order)
{
  gint                n_segments = order->n_segments;
  gint                width      = gimp_image_get_width (image);
  gint                height     = gimp_image_get_height (image);
  GimpChannel       **channels   = g_new0 (GimpChannel *, n_segments + 1);
  GeglBuffer        **buffers    = g_new (GeglBuffer *, n_segments);
  gsize               capacity   = (gsize) width * STRIP_ROWS;
  guint8             *ranks      = g_malloc (capacity);
  gfloat             *covered    = g_new (gfloat, capacity);
  gfloat             *values     = g_new (gfloat, capacity);
  SegmentValueWriter  writer;
  SegmentBlocks       blocks;
  gboolean            halfway    = FALSE;
  gint                offset_x, offset_y;

  gimp_drawable_get_offsets (drawable, &offset_x, &offset_y);

  for (gint rank = 0; rank < n_segments; rank++)
    {
      channels[rank] = new_channel (image, &order->segments[rank]);
      buffers[rank]  = gimp_drawable_get_buffer (GIMP_DRAWABLE (channels[rank]));
    }
  segment_value_writer_init (&writer, GIMP_DRAWABLE (channels[0]), capacity);
  segment_blocks_init (&blocks, width);

  for (gint y = 0; y < height; y += STRIP_ROWS)
    {
      GeglRectangle strip    = { 0, y, width, MIN (STRIP_ROWS, height - y) };
      GeglRectangle in_layer = { -offset_x, y - offset_y, strip.width, strip.height };
      gsize         n_pixels = (gsize) strip.width * strip.height;

      segment_order_ranks (order, &in_layer, ranks);
      segment_coverage_get (coverage, &in_layer, covered);
      segment_blocks_find (&blocks, ranks, &strip);

      for (gint rank = 0; rank < n_segments; rank++)
        {
          segment_coverage_of_segment (covered, ranks, n_pixels, rank, values);
          segment_blocks_write (&blocks, buffers[rank], &strip, writer.format,
                                segment_value_writer_convert (&writer, values, n_pixels),
                                G_GUINT64_CONSTANT (1) << rank);
        }

      gimp_progress_update ((gdouble) (y + strip.height) / height);
      if (! halfway && 2 * (y + strip.height) >= height)
        {
          halfway = TRUE;
          segment_test_hook ("channels");
        }
    }

  /* The pixels reach GIMP before the channels reach the image. */
  for (gint rank = 0; rank < n_segments; rank++)
    g_object_unref (buffers[rank]);

  segment_blocks_clear (&blocks);
  segment_value_writer_clear (&writer);
  g_free (values);
  g_free (covered);
  g_free (ranks);
  g_free (buffers);

  return channels;
}
