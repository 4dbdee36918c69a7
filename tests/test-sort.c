/* test-sort.c — the orders of the segments (plugin/segment-sort.c), as
 * sort-by promises them: by share, by lightness, round the hue wheel with
 * near-greys last, and the ties a user can predict. */

#include <libgimp/gimp.h>

#include "segment-sort.h"

/* A segment as segment-order.c describes it: only what the orders read. */
static SegmentInfo
segment (gint   cluster,
         gsize  n_pixels,
         gfloat lightness,
         gfloat chroma,
         gfloat hue)
{
  SegmentInfo info = { 0 };

  info.cluster   = cluster;
  info.n_pixels  = n_pixels;
  info.lightness = lightness;
  info.chroma    = chroma;
  info.hue       = hue;
  return info;
}

/* Sorts the segments and checks the clusters come in the order expected. */
static void
assert_order (SegmentInfo *segments,
              gint         n,
              SegmentSort  sort_by,
              const gint  *expected)
{
  segment_sort (segments, n, sort_by);
  for (gint rank = 0; rank < n; rank++)
    g_assert_cmpint (segments[rank].cluster, ==, expected[rank]);
}

static void
test_share_puts_the_largest_first (void)
{
  SegmentInfo segments[] = { segment (0, 10, 50, 20, 100), segment (1, 30, 20, 20, 200),
                             segment (2, 20, 90, 20, 300) };
  const gint  expected[] = { 1, 2, 0 };

  assert_order (segments, 3, SEGMENT_SORT_SHARE, expected);
}

/* Equal shares: the lighter first, then the smaller hue, then the core's
 * numbering. */
static void
test_share_ties_go_by_colour_then_number (void)
{
  SegmentInfo segments[] = { segment (0, 10, 40, 20, 90), segment (1, 10, 60, 20, 300),
                             segment (2, 10, 40, 20, 30), segment (3, 10, 40, 20, 30) };
  const gint  expected[] = { 1, 2, 3, 0 };

  assert_order (segments, 4, SEGMENT_SORT_SHARE, expected);
}

static void
test_lightness_puts_the_lightest_first (void)
{
  SegmentInfo segments[] = { segment (0, 50, 30, 20, 10), segment (1, 10, 80, 20, 10),
                             segment (2, 30, 55, 20, 10), segment (3, 40, 55, 20, 10) };
  /* 2 and 3 are as light: the larger share first. */
  const gint  expected[] = { 1, 3, 2, 0 };

  assert_order (segments, 4, SEGMENT_SORT_LIGHTNESS, expected);
}

/* Colours round the wheel from red; near-greys (chroma below 5) after
 * every colour, lightest first, whatever their hue angle. */
static void
test_hue_goes_round_the_wheel_with_greys_last (void)
{
  SegmentInfo segments[] = { segment (0, 10, 50, 40, 250),   /* blue */
                             segment (1, 10, 20, 2, 10),     /* dark grey */
                             segment (2, 10, 50, 40, 30),    /* red */
                             segment (3, 10, 90, 4.9f, 5),   /* light grey */
                             segment (4, 10, 50, 40, 100),   /* yellow */
                             segment (5, 20, 50, 40, 100) }; /* yellow, larger */
  const gint  expected[] = { 2, 5, 4, 0, 3, 1 };

  assert_order (segments, 6, SEGMENT_SORT_HUE, expected);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plugin/sort/share-puts-the-largest-first", test_share_puts_the_largest_first);
  g_test_add_func ("/plugin/sort/share-ties-go-by-colour-then-number",
                   test_share_ties_go_by_colour_then_number);
  g_test_add_func ("/plugin/sort/lightness-puts-the-lightest-first",
                   test_lightness_puts_the_lightest_first);
  g_test_add_func ("/plugin/sort/hue-goes-round-the-wheel-with-greys-last",
                   test_hue_goes_round_the_wheel_with_greys_last);

  return g_test_run ();
}
