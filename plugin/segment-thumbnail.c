/* segment-thumbnail.c — a region of a drawable, reduced by GIMP. */

#include <math.h>

#include <libgimp/gimp.h>

#include "segment-thumbnail.h"

/* GIMP makes no thumbnails while its "layer & channel previews"
 * preference is off.  Then GEGL reduces the area itself, in the drawable's
 * own format: every pixel of the area crosses the wire (150–650 ms for a
 * 24 MP layer instead of milliseconds, on the dialog's main loop), but the
 * preview still shows.  The dialog asks for the same areas again at every
 * change of an argument (the sample it clusters, the part in view), so the
 * last few reductions are kept for the dialog's life: a change then redraws
 * as fast as with GIMP's thumbnails.  (Pixels painted on the layer while
 * the dialog is open show once the view moves, as they would in GIMP's
 * own previews only after their thumbnails are remade.) */
#define KEPT_READS 4

typedef struct
{
  gint32        drawable_id;
  GeglRectangle area;
  gint          width;
  gint          height;
  const Babl   *format;
  GBytes       *pixels; /* NULL: an unused place */
} KeptRead;

static KeptRead kept_reads[KEPT_READS];
static guint    next_kept_read;

static GBytes *
find_kept_read (GimpDrawable        *drawable,
                const GeglRectangle *area,
                gint                 width,
                gint                 height,
                const Babl         **format)
{
  for (guint i = 0; i < KEPT_READS; i++)
    {
      const KeptRead *kept = &kept_reads[i];

      if (kept->pixels && kept->drawable_id == gimp_item_get_id (GIMP_ITEM (drawable)) &&
          gegl_rectangle_equal (&kept->area, area) && kept->width == width &&
          kept->height == height)
        {
          *format = kept->format;
          return g_bytes_ref (kept->pixels);
        }
    }
  return NULL;
}

static void
keep_read (GimpDrawable        *drawable,
           const GeglRectangle *area,
           gint                 width,
           gint                 height,
           const Babl          *format,
           GBytes              *pixels)
{
  KeptRead *kept = &kept_reads[next_kept_read];

  g_clear_pointer (&kept->pixels, g_bytes_unref);
  *kept          = (KeptRead) { gimp_item_get_id (GIMP_ITEM (drawable)), *area, width, height, format,
                                g_bytes_ref (pixels) };
  next_kept_read = (next_kept_read + 1) % KEPT_READS;
}

static GBytes *
read_scaled (GimpDrawable        *drawable,
             const GeglRectangle *area,
             gint                 width,
             gint                 height,
             const Babl         **format)
{
  GBytes       *kept = find_kept_read (drawable, area, width, height, format);
  GeglBuffer   *buffer;
  gdouble       scale  = (gdouble) width / area->width;
  GeglRectangle scaled = { (gint) floor (area->x * scale), (gint) floor (area->y * scale),
                           width, height };
  gsize         size;
  guint8       *pixels;
  GBytes       *read;

  if (kept)
    return kept;

  buffer  = gimp_drawable_get_buffer (drawable);
  *format = gimp_drawable_get_format (drawable);
  size    = (gsize) width * height * babl_format_get_bytes_per_pixel (*format);
  pixels  = g_malloc (size);
  gegl_buffer_get (buffer, &scaled, scale, *format, pixels, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
  g_object_unref (buffer);

  read = g_bytes_new_take (pixels, size);
  keep_read (drawable, area, width, height, *format, read);
  return read;
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
