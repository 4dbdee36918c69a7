/* segment-coverage.c — how much of each pixel the filter may use and change.
 *
 * GIMP's filters limit their effect to the selection, partially selected
 * pixels partially; a layer mask hides pixels the same way.  Both are read
 * once, over the selection's bounds only, as linear "Y float" values. */

#include <string.h>

#include <libgimp/gimp.h>

#include "segment-coverage.h"

static gfloat *
read_values (GimpDrawable        *drawable,
             const GeglRectangle *rect)
{
  GeglBuffer *buffer = gimp_drawable_get_buffer (drawable);
  gfloat     *values = g_new (gfloat, (gsize) rect->width * rect->height);

  gegl_buffer_get (buffer, rect, 1.0, babl_format ("Y float"), values,
                   GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  g_object_unref (buffer);

  return values;
}

/* The selection lives in image coordinates; pixels of a layer that hang
 * over the canvas edge are outside it, as for GIMP's own filters. */
static gfloat *
read_selection (GimpDrawable        *drawable,
                const GeglRectangle *area)
{
  GimpImage     *image = gimp_item_get_image (GIMP_ITEM (drawable));
  GimpSelection *selection = gimp_image_get_selection (image);
  GeglRectangle  in_image  = *area;
  gint           offset_x, offset_y;

  gimp_drawable_get_offsets (drawable, &offset_x, &offset_y);
  in_image.x += offset_x;
  in_image.y += offset_y;

  return read_values (GIMP_DRAWABLE (selection), &in_image);
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
    {
      gfloat *mask_values = read_values (GIMP_DRAWABLE (mask), &coverage->area);

      if (coverage->values)
        {
          gsize n = (gsize) width * height;

          for (gsize i = 0; i < n; i++)
            coverage->values[i] *= mask_values[i];
          g_free (mask_values);
        }
      else
        {
          coverage->values = mask_values;
        }
    }

  return TRUE;
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
                coverage->values + (gsize) (y - coverage->area.y) * coverage->area.width
                                 + (inside.x - coverage->area.x),
                sizeof (gfloat) * inside.width);
      else
        for (gint i = 0; i < inside.width; i++)
          row[i] = 1.0f;
    }
}

void
segment_coverage_of_segment (const gfloat *coverage,
                             const guint8 *ranks,
                             gsize         n_pixels,
                             gint          rank,
                             gfloat       *values)
{
  for (gsize i = 0; i < n_pixels; i++)
    values[i] = ranks[i] == rank ? coverage[i] : 0.0f;
}
