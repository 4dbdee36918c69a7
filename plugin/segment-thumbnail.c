/* segment-thumbnail.c — a region of a drawable, reduced by GIMP. */

#include <libgimp/gimp.h>

#include "segment-thumbnail.h"

GBytes *
segment_thumbnail_read (GimpDrawable        *drawable,
                        const GeglRectangle *area,
                        gint                 width,
                        gint                 height,
                        const Babl         **format)
{
  GBytes *thumbnail;
  gint    actual_width, actual_height, bpp;

  thumbnail = gimp_drawable_get_sub_thumbnail_data (drawable,
                                                    area->x, area->y,
                                                    area->width, area->height,
                                                    width, height,
                                                    &actual_width, &actual_height,
                                                    &bpp);
  if (! thumbnail || actual_width != width || actual_height != height)
    {
      g_clear_pointer (&thumbnail, g_bytes_unref);
      return NULL;
    }

  /* The thumbnail is in the drawable's space; its format's name is not. */
  *format = babl_format_with_space (babl_get_name (gimp_drawable_get_thumbnail_format (drawable)),
                                    gimp_drawable_get_format (drawable));

  return thumbnail;
}

void
segment_thumbnail_size (const GeglRectangle *area,
                        gint                 max_size,
                        gint                *width,
                        gint                *height)
{
  gdouble scale = MIN (1.0, (gdouble) max_size / MAX (area->width, area->height));

  *width  = MAX (1, (gint) (area->width * scale + 0.5));
  *height = MAX (1, (gint) (area->height * scale + 0.5));
}
