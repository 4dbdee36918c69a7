/* segment-thumbnail.c — a region of a drawable, reduced by GIMP. */

#include <math.h>

#include <libgimp/gimp.h>

#include "segment-thumbnail.h"

/* GIMP makes no thumbnails while its "layer & channel previews"
 * preference is off.  Then GEGL reduces the area itself, in the drawable's
 * own format: every pixel of the area crosses the wire (about a second for
 * a 24 MP layer instead of milliseconds), but the preview still shows. */
static GBytes *
read_scaled (GimpDrawable        *drawable,
             const GeglRectangle *area,
             gint                 width,
             gint                 height,
             const Babl         **format)
{
  GeglBuffer   *buffer = gimp_drawable_get_buffer (drawable);
  gdouble       scale  = (gdouble) width / area->width;
  GeglRectangle scaled = { (gint) floor (area->x * scale), (gint) floor (area->y * scale),
                           width, height };
  gsize         size;
  guint8       *pixels;

  *format = gimp_drawable_get_format (drawable);
  size    = (gsize) width * height * babl_format_get_bytes_per_pixel (*format);
  pixels  = g_malloc (size);
  gegl_buffer_get (buffer, &scaled, scale, *format, pixels, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
  g_object_unref (buffer);

  return g_bytes_new_take (pixels, size);
}

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
      return read_scaled (drawable, area, width, height, format);
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
