/* segment-coverage.c — how much of each pixel the filter may use and change.
 *
 * GIMP's filters limit their effect to the selection, partially selected
 * pixels partially; a layer mask hides pixels the same way.  Both are read
 * once, over the selection's bounds only.
 *
 * The numbers a channel, layer mask or selection stores are its selection
 * values whatever its encoding: GIMP copies them between channels and the
 * selection without colour conversion (in an 8-bit image a channel is
 * "Y' u8" and the selection "Y u8").  So these values are read as plain
 * numbers (see segment-encoding.h), with no colour conversion. */

#include <string.h>

#include <libgimp/gimp.h>

#include "segment-coverage.h"
#include "segment-encoding.h"
#include "segment-thumbnail.h"

/* The first component of n pixels of format, as numbers. */
static gfloat *
values_of (const Babl   *format,
           const guint8 *stored,
           gsize         n)
{
  gfloat *values = g_new (gfloat, n);

  segment_numbers_to_floats (segment_type_of (format), stored,
                             babl_format_get_bytes_per_pixel (format), n, values, 1);
  return values;
}

static gfloat *
read_values (GimpDrawable        *drawable,
             const GeglRectangle *rect)
{
  const Babl *format = gimp_drawable_get_format (drawable);
  gsize       n      = (gsize) rect->width * rect->height;
  GeglBuffer *buffer = gimp_drawable_get_buffer (drawable);
  guint8     *stored = g_malloc (n * babl_format_get_bytes_per_pixel (format));
  gfloat     *values;

  gegl_buffer_get (buffer, rect, 1.0, format, stored, GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  values = values_of (format, stored, n);
  g_object_unref (buffer);
  g_free (stored);

  return values;
}

/* The selection lives in image coordinates; pixels of a layer that hang
 * over the canvas edge are outside it, as for GIMP's own filters. */
static gfloat *
read_selection (GimpDrawable        *drawable,
                const GeglRectangle *area)
{
  GimpImage     *image     = gimp_item_get_image (GIMP_ITEM (drawable));
  GimpSelection *selection = gimp_image_get_selection (image);
  GeglRectangle  in_image  = *area;
  gint           offset_x, offset_y;

  gimp_drawable_get_offsets (drawable, &offset_x, &offset_y);
  in_image.x += offset_x;
  in_image.y += offset_y;

  return read_values (GIMP_DRAWABLE (selection), &in_image);
}

/* A selection of the whole layer (Select All) or a white mask covers
 * everything: then no values are kept. */
static gboolean
covers_everything (const gfloat *values,
                   gsize         n)
{
  for (gsize i = 0; i < n; i++)
    if (values[i] < 1.0f)
      return FALSE;

  return TRUE;
}

/* Reduced by GIMP (segment-thumbnail.h). */
static gfloat *
reduced_values (GimpDrawable        *drawable,
                const GeglRectangle *rect,
                gint                 width,
                gint                 height)
{
  gsize       n = (gsize) width * height;
  const Babl *format;
  GBytes     *thumbnail = segment_thumbnail_read (drawable, rect, width, height, &format);
  gfloat     *values;

  values = values_of (format, g_bytes_get_data (thumbnail, NULL), n);
  g_bytes_unref (thumbnail);

  return values;
}

/* Multiplies the coverage by the mask's values, which it takes. */
static void
apply_mask (SegmentCoverage *coverage,
            gfloat          *mask_values)
{
  gsize n = (gsize) coverage->area.width * coverage->area.height;

  if (! coverage->values)
    {
      coverage->values = mask_values;
      return;
    }

  for (gsize i = 0; i < n; i++)
    coverage->values[i] *= mask_values[i];
  g_free (mask_values);
}

static GimpLayerMask *
applied_mask (GimpDrawable *drawable)
{
  GimpLayer *layer = GIMP_LAYER (drawable);

  if (! gimp_layer_get_apply_mask (layer))
    return NULL;

  return gimp_layer_get_mask (layer);
}

gboolean
segment_coverage_read (SegmentCoverage *coverage,
                       GimpDrawable    *drawable)
{
  GimpImage     *image = gimp_item_get_image (GIMP_ITEM (drawable));
  GimpLayerMask *mask  = GIMP_IS_LAYER (drawable) ? applied_mask (drawable) : NULL;
  gint           x, y, width, height;

  coverage->values = NULL;

  if (! gimp_drawable_mask_intersect (drawable, &x, &y, &width, &height))
    return FALSE;
  coverage->area = *GEGL_RECTANGLE (x, y, width, height);

  if (! gimp_selection_is_empty (image))
    coverage->values = read_selection (drawable, &coverage->area);

  if (mask)
    apply_mask (coverage, read_values (GIMP_DRAWABLE (mask), &coverage->area));

  if (coverage->values &&
      covers_everything (coverage->values, (gsize) width * height))
    g_clear_pointer (&coverage->values, g_free);

  return TRUE;
}

/* Selection and mask values of area reduced to width × height by GIMP. */
void
segment_coverage_read_reduced (SegmentCoverage     *coverage,
                               GimpDrawable        *drawable,
                               const GeglRectangle *area,
                               gint                 width,
                               gint                 height)
{
  GimpImage     *image = gimp_item_get_image (GIMP_ITEM (drawable));
  GimpLayerMask *mask  = GIMP_IS_LAYER (drawable) ? applied_mask (drawable) : NULL;

  coverage->area   = *GEGL_RECTANGLE (0, 0, width, height);
  coverage->values = NULL;

  if (! gimp_selection_is_empty (image))
    {
      GeglRectangle in_image = *area;
      gint          offset_x, offset_y;

      gimp_drawable_get_offsets (drawable, &offset_x, &offset_y);
      in_image.x += offset_x;
      in_image.y += offset_y;
      coverage->values = reduced_values (GIMP_DRAWABLE (gimp_image_get_selection (image)),
                                         &in_image, width, height);
    }

  if (mask)
    apply_mask (coverage, reduced_values (GIMP_DRAWABLE (mask), area, width, height));
}

void
segment_coverage_clear (SegmentCoverage *coverage)
{
  g_clear_pointer (&coverage->values, g_free);
}

void
segment_coverage_get (const SegmentCoverage *coverage,
                      const GeglRectangle   *rect,
                      gfloat                *values)
{
  GeglRectangle inside;

  memset (values, 0, sizeof (gfloat) * rect->width * rect->height);
  if (! gegl_rectangle_intersect (&inside, rect, &coverage->area))
    return;

  for (gint y = inside.y; y < inside.y + inside.height; y++)
    {
      gfloat *row = values + (gsize) (y - rect->y) * rect->width + (inside.x - rect->x);

      if (coverage->values)
        memcpy (row,
                coverage->values + (gsize) (y - coverage->area.y) * coverage->area.width +
                  (inside.x - coverage->area.x),
                sizeof (gfloat) * inside.width);
      else
        for (gint i = 0; i < inside.width; i++)
          row[i] = 1.0f;
    }
}
