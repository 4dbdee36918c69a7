/* segment-order.c — the order, names and colours of the segments. */

#include <libgimp/gimp.h>

#include "segment-order.h"

static gint
compare_by_share (gconstpointer a,
                  gconstpointer b)
{
  const SegmentInfo *first  = a;
  const SegmentInfo *second = b;

  if (first->n_pixels != second->n_pixels)
    return first->n_pixels > second->n_pixels ? -1 : 1;

  /* Equal shares keep the core's order, so sorting is deterministic. */
  return first->cluster - second->cluster;
}

SegmentOrder *
segment_order_new (const KmResult        *result,
                   const SegmentFeatures *features)
{
  SegmentOrder *order    = g_new0 (SegmentOrder, 1);
  gint          n        = km_result_get_n_clusters (result);
  const size_t *sizes    = km_result_get_cluster_sizes (result);
  const float  *centres  = km_result_get_centres (result);
  const Babl   *hex_format = babl_format_with_space ("R'G'B' u8",
                                                     features->format);
  gsize         total    = 0;

  order->n_segments      = n;
  order->segments        = g_new0 (SegmentInfo, n);
  order->rank_of_cluster = g_new (gint, n);

  for (gint c = 0; c < n; c++)
    total += sizes[c];

  for (gint c = 0; c < n; c++)
    {
      SegmentInfo *info = &order->segments[c];
      guint8       rgb[3];

      segment_features_convert_centre (features, &centres[c * features->n_dims],
                                       hex_format, rgb);
      info->cluster  = c;
      info->n_pixels = sizes[c];
      info->share    = total ? (gdouble) sizes[c] / total : 0.0;
      g_snprintf (info->hex, sizeof info->hex, "#%02x%02x%02x",
                  rgb[0], rgb[1], rgb[2]);
    }

  qsort (order->segments, n, sizeof (SegmentInfo), compare_by_share);

  for (gint rank = 0; rank < n; rank++)
    {
      SegmentInfo *info = &order->segments[rank];

      order->rank_of_cluster[info->cluster] = rank;
      info->name = g_strdup_printf ("Segment %d \xc2\xb7 %s \xc2\xb7 %.1f %%",
                                    rank + 1, info->hex, info->share * 100.0);
    }

  return order;
}

void
segment_order_free (SegmentOrder *order)
{
  if (! order)
    return;

  for (gint rank = 0; rank < order->n_segments; rank++)
    g_free (order->segments[rank].name);
  g_free (order->segments);
  g_free (order->rank_of_cluster);
  g_free (order);
}
