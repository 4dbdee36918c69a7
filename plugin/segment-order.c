/* segment-order.c — the order, names and colours of the segments. */

#include <string.h>

#include <libgimp/gimp.h>

#include <glib/gi18n.h>

#include "segment-order.h"
#include "segment-sort.h"

/* A colour whose 8-bit rounding is its clamped one's is named "#rrggbb";
 * another (high dynamic range, out of gamut) by its values, so that two
 * segments brighter than white do not both read "#ffffff". */
static void
name_colour (SegmentInfo *info)
{
  const gdouble margin   = 0.5 / 255.0;
  gboolean      in_range = TRUE;
  guint         bytes[3];

  for (gint c = 0; c < 3; c++)
    {
      in_range &= info->rgb[c] >= -margin && info->rgb[c] <= 1.0 + margin;
      bytes[c] = (guint) (CLAMP (info->rgb[c], 0.0, 1.0) * 255.0 + 0.5);
    }

  if (in_range)
    g_snprintf (info->colour_name, sizeof info->colour_name, "#%02x%02x%02x",
                bytes[0], bytes[1], bytes[2]);
  else
    g_snprintf (info->colour_name, sizeof info->colour_name, "R'G'B' %.4g %.4g %.4g",
                info->rgb[0], info->rgb[1], info->rgb[2]);
}

static void
describe_centre (SegmentInfo           *info,
                 const SegmentFeatures *features,
                 const gfloat          *centre,
                 gboolean               clamp)
{
  gdouble lch[3];

  segment_colours_lch (&features->colours, centre, lch);
  info->lightness = lch[0];
  info->chroma    = lch[1];
  info->hue       = lch[2];

  segment_colours_rgb (&features->colours, centre, info->rgb);
  if (clamp)
    for (gint c = 0; c < 3; c++)
      info->rgb[c] = CLAMP (info->rgb[c], 0.0, 1.0);
  info->colour = gegl_color_new (NULL);
  gegl_color_set_pixel (info->colour,
                        babl_format_with_space ("R'G'B' double", features->colours.space),
                        info->rgb);
  name_colour (info);
}

SegmentOrder *
segment_order_new (const SegmentRegions  *regions,
                   const SegmentFeatures *features,
                   SegmentSort            sort_by,
                   gboolean               clamp)
{
  SegmentOrder *order = g_new0 (SegmentOrder, 1);
  gint          n     = 0;
  gsize         total = 0;

  order->segments        = g_new0 (SegmentInfo, regions->n_clusters);
  order->rank_of_cluster = g_new (gint, regions->n_clusters);
  order->labels          = regions->labels;
  order->area            = features->area;

  for (gint c = 0; c < regions->n_clusters; c++)
    total += regions->sizes[c];

  /* A cluster without a pixel (emptied by the cleanup) makes no segment. */
  for (gint c = 0; c < regions->n_clusters; c++)
    if (regions->sizes[c] > 0)
      {
        SegmentInfo *info = &order->segments[n++];

        info->cluster  = c;
        info->n_pixels = regions->sizes[c];
        info->share    = (gdouble) regions->sizes[c] / total;
        describe_centre (info, features, &regions->centres[c * features->n_dims],
                         clamp);
      }
  order->n_segments = n;

  segment_sort (order->segments, n, sort_by);

  for (gint rank = 0; rank < n; rank++)
    {
      SegmentInfo *info = &order->segments[rank];

      order->rank_of_cluster[info->cluster] = rank;

      info->name = g_strdup_printf (_ ("Segment %d · %s · %.1f %%"),
                                    rank + 1, info->colour_name, info->share * 100.0);
    }

  return order;
}

void
segment_order_free (SegmentOrder *order)
{
  if (! order)
    return;

  for (gint rank = 0; rank < order->n_segments; rank++)
    {
      g_free (order->segments[rank].name);
      g_clear_object (&order->segments[rank].colour);
    }
  g_free (order->segments);
  g_free (order->rank_of_cluster);
  g_free (order);
}

void
segment_order_ranks (const SegmentOrder  *order,
                     const GeglRectangle *rect,
                     guint8              *ranks)
{
  GeglRectangle inside;

  memset (ranks, KM_LABEL_NONE, (gsize) rect->width * rect->height);
  if (! gegl_rectangle_intersect (&inside, rect, &order->area))
    return;

  for (gint y = inside.y; y < inside.y + inside.height; y++)
    {
      guint8        *row    = ranks + (gsize) (y - rect->y) * rect->width + (inside.x - rect->x);
      const uint8_t *labels = order->labels +
                              (gsize) (y - order->area.y) * order->area.width +
                              (inside.x - order->area.x);

      for (gint i = 0; i < inside.width; i++)
        if (labels[i] != KM_LABEL_NONE)
          row[i] = (guint8) order->rank_of_cluster[labels[i]];
    }
}
