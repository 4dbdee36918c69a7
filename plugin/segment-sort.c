/* segment-sort.c — the orders the segments can come in (sort-by). */

#include <libgimp/gimp.h>

#include "segment-sort.h"

/* Below this CIE chroma a colour reads as grey, and its hue angle is noise. */
#define NEAR_GREY_CHROMA 5.0f

static gint
compare_floats (gfloat first,
                gfloat second)
{
  if (first < second)
    return -1;

  return first > second ? 1 : 0;
}

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

/* The palette's order: the core numbers the clusters as the entries. */
static gint
compare_by_cluster (gconstpointer a,
                    gconstpointer b)
{
  return ((const SegmentInfo *) a)->cluster - ((const SegmentInfo *) b)->cluster;
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

void
segment_sort (SegmentInfo *segments,
              gint         n,
              SegmentSort  sort_by)
{
  switch (sort_by)
    {
    case SEGMENT_SORT_LIGHTNESS:
      qsort (segments, n, sizeof (SegmentInfo), compare_by_lightness);
      break;
    case SEGMENT_SORT_HUE:
      qsort (segments, n, sizeof (SegmentInfo), compare_by_hue);
      break;
    case SEGMENT_SORT_PALETTE:
      qsort (segments, n, sizeof (SegmentInfo), compare_by_cluster);
      break;
    case SEGMENT_SORT_SHARE:
    default:
      qsort (segments, n, sizeof (SegmentInfo), compare_by_share);
      break;
    }
}
