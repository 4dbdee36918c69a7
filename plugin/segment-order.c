/* segment-order.c — the order, names and colours of the segments. */

#include <string.h>

#include <libgimp/gimp.h>

#include "segment-order.h"

/* Below this CIE chroma a colour reads as grey, and its hue angle is noise. */
#define NEAR_GREY_CHROMA 5.0f

static gint
compare_floats (gfloat first,
                gfloat second)
{
  return first < second ? -1 : first > second ? 1 : 0;
}

/* Ties fall back to the larger share, then to the colour (lighter first,
 * then by hue), and only then to the core's numbering: segments of equal
 * size (flat test images) come in an order a user can predict. */
static gint
compare_shares (const SegmentInfo *first,
                const SegmentInfo *second)
{
  gint by_colour;

  if (first->n_pixels != second->n_pixels)
    return first->n_pixels > second->n_pixels ? -1 : 1;

  by_colour = compare_floats (second->lightness, first->lightness);
  if (! by_colour)
    by_colour = compare_floats (first->hue, second->hue);

  return by_colour ? by_colour : first->cluster - second->cluster;
}

static gint
compare_by_share (gconstpointer a,
                  gconstpointer b)
{
  return compare_shares (a, b);
}

static gint
compare_by_lightness (gconstpointer a,
                      gconstpointer b)
{
  const SegmentInfo *first        = a;
  const SegmentInfo *second       = b;
  gint               by_lightness = compare_floats (second->lightness,
                                                    first->lightness);

  return by_lightness ? by_lightness : compare_shares (first, second);
}

static gint
compare_by_hue (gconstpointer a,
                gconstpointer b)
{
  const SegmentInfo *first       = a;
  const SegmentInfo *second      = b;
  gboolean           first_grey  = first->chroma < NEAR_GREY_CHROMA;
  gboolean           second_grey = second->chroma < NEAR_GREY_CHROMA;
  gint               by_hue;

  if (first_grey != second_grey)
    return first_grey ? 1 : -1;
  if (first_grey)
    return compare_by_lightness (a, b);

  by_hue = compare_floats (first->hue, second->hue);

  return by_hue ? by_hue : compare_shares (first, second);
}

/* A colour whose 8-bit rounding is its clamped one's is named "#rrggbb";
 * another (high dynamic range, out of gamut) by its values, so that two
 * segments brighter than white do not both read "#ffffff". */
static void
name_colour (SegmentInfo *info)
{
  const gdouble margin    = 0.5 / 255.0;
  gboolean      in_range  = TRUE;
  guint         bytes[3];

  for (gint c = 0; c < 3; c++)
    {
      in_range &= info->rgb[c] >= -margin && info->rgb[c] <= 1.0 + margin;
      bytes[c]  = (guint) (CLAMP (info->rgb[c], 0.0, 1.0) * 255.0 + 0.5);
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
segment_order_new (const KmResult        *result,
                   const SegmentFeatures *features,
                   SegmentSort            sort_by,
                   gboolean               clamp)
{
  SegmentOrder *order   = g_new0 (SegmentOrder, 1);
  gint          n       = km_result_get_n_clusters (result);
  const size_t *sizes   = km_result_get_cluster_sizes (result);
  const float  *centres = km_result_get_centres (result);
  gsize         total   = 0;

  order->n_segments      = n;
  order->segments        = g_new0 (SegmentInfo, n);
  order->rank_of_cluster = g_new (gint, n);
  order->labels          = km_result_get_labels (result);
  order->area            = features->area;

  for (gint c = 0; c < n; c++)
    total += sizes[c];

  for (gint c = 0; c < n; c++)
    {
      SegmentInfo *info = &order->segments[c];

      info->cluster  = c;
      info->n_pixels = sizes[c];
      info->share    = total ? (gdouble) sizes[c] / total : 0.0;
      describe_centre (info, features, &centres[c * features->n_dims], clamp);
    }

  switch (sort_by)
    {
    case SEGMENT_SORT_LIGHTNESS:
      qsort (order->segments, n, sizeof (SegmentInfo), compare_by_lightness);
      break;
    case SEGMENT_SORT_HUE:
      qsort (order->segments, n, sizeof (SegmentInfo), compare_by_hue);
      break;
    case SEGMENT_SORT_SHARE:
    default:
      qsort (order->segments, n, sizeof (SegmentInfo), compare_by_share);
      break;
    }

  for (gint rank = 0; rank < n; rank++)
    {
      SegmentInfo *info = &order->segments[rank];

      order->rank_of_cluster[info->cluster] = rank;
      info->name = g_strdup_printf ("Segment %d \xc2\xb7 %s \xc2\xb7 %.1f %%",
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
      guint8        *row    = ranks + (gsize) (y - rect->y) * rect->width
                                    + (inside.x - rect->x);
      const uint8_t *labels = order->labels
                              + (gsize) (y - order->area.y) * order->area.width
                              + (inside.x - order->area.x);

      for (gint i = 0; i < inside.width; i++)
        if (labels[i] != KM_LABEL_NONE)
          row[i] = (guint8) order->rank_of_cluster[labels[i]];
    }
}
