/* segment-channels.c — one channel per segment, ready to become a selection.
 *
 * Channels have the image's size, and a layer may be smaller, larger or
 * offset: the strips run over the image (segment-strips.h), and the
 * pixels outside the layer are 0. */

#include <libgimp/gimp.h>

#include "segment-channels.h"
#include "segment-output-pixels.h"
#include "segment-strips.h"

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

typedef struct
{
  GeglBuffer **buffers; /* the channels' */
  const Babl  *format;  /* theirs */
} ChannelsWrite;

static void
write_channel (const SegmentStrip *strip,
               gint                rank,
               guint8             *scratch,
               gpointer            data)
{
  const ChannelsWrite *write  = data;
  guint8              *stored = scratch + strip->n_pixels * sizeof (gfloat);

  segment_selection_pixels (write->format, strip->coverage, strip->ranks, strip->n_pixels,
                            rank, (gfloat *) scratch, stored);
  segment_blocks_write (&strip->blocks, write->buffers[rank], &strip->rect, write->format,
                        stored, G_GUINT64_CONSTANT (1) << rank);
}

GimpChannel **
segment_channels_write (GimpImage             *image,
                        GimpDrawable          *drawable,
                        const SegmentCoverage *coverage,
                        const SegmentOrder    *order)
{
  gint             n_segments = order->n_segments;
  GimpChannel    **channels   = g_new0 (GimpChannel *, n_segments + 1);
  ChannelsWrite    write      = { g_new (GeglBuffer *, n_segments), NULL };
  SegmentStripWalk walk;

  walk = (SegmentStripWalk) {
    .area      = { 0, 0, gimp_image_get_width (image), gimp_image_get_height (image) },
    .order     = order,
    .coverage  = coverage,
    .n_outputs = n_segments,
    .write     = write_channel,
    .data      = &write,
    .stage     = "channels",
  };
  gimp_drawable_get_offsets (drawable, &walk.origin_x, &walk.origin_y);

  for (gint rank = 0; rank < n_segments; rank++)
    {
      channels[rank]      = new_channel (image, &order->segments[rank]);
      write.buffers[rank] = gimp_drawable_get_buffer (GIMP_DRAWABLE (channels[rank]));
    }
  write.format           = gimp_drawable_get_format (GIMP_DRAWABLE (channels[0]));
  walk.scratch_per_pixel = sizeof (gfloat) + babl_format_get_bytes_per_pixel (write.format);

  segment_strips_walk (&walk);

  /* The pixels reach GIMP before the channels reach the image. */
  for (gint rank = 0; rank < n_segments; rank++)
    g_object_unref (write.buffers[rank]);
  g_free (write.buffers);

  return channels;
}
