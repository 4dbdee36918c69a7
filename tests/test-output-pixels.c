/* test-output-pixels.c — what the outputs are written from, without GIMP:
 * the segments of each block of a strip (plugin/segment-blocks.c), the
 * coverage of any rectangle (plugin/segment-coverage.c) and the pixels of
 * segment layers, label map, masks and channels
 * (plugin/segment-output-pixels.c). */

#include <string.h>

#include <libgimp/gimp.h>

#include "kmeans.h"
#include "segment-coverage.h"
#include "segment-output-pixels.h"

#define GARBAGE 0xa5

/* Blocks of 64 columns: 150 columns make 64 + 64 + 22. */
static void
test_blocks_hold_the_segments_of_their_columns (void)
{
  GeglRectangle rect = { 0, 0, 150, 2 };
  guint8        ranks[300];
  SegmentBlocks blocks;

  memset (ranks, KM_LABEL_NONE, sizeof ranks);
  ranks[5]         = 0;
  ranks[150 + 63]  = 3;
  ranks[149]       = 63;
  ranks[150 + 128] = 63;

  segment_blocks_init (&blocks, rect.width);
  segment_blocks_find (&blocks, ranks, &rect);
  g_assert_cmpint (blocks.n_blocks, ==, 3);
  g_assert_cmphex (blocks.present[0], ==, (1 << 0) | (1 << 3));
  g_assert_cmphex (blocks.present[1], ==, 0);
  g_assert_cmphex (blocks.present[2], ==, G_GUINT64_CONSTANT (1) << 63);
  segment_blocks_clear (&blocks);
}

static void
test_coverage_is_zero_outside_its_area (void)
{
  gfloat          values[] = { 0.25f, 0.5f, 0.75f, 1.0f };
  SegmentCoverage coverage = { { 2, 3, 2, 2 }, values };
  GeglRectangle   rect     = { 1, 3, 3, 2 };
  gfloat          got[6];
  const gfloat    partial[] = { 0, 0.25f, 0.5f, 0, 0.75f, 1.0f };
  const gfloat    full[]    = { 0, 1, 1, 0, 1, 1 };

  segment_coverage_get (&coverage, &rect, got);
  g_assert_cmpmem (got, sizeof got, partial, sizeof partial);

  /* No values: every pixel of the area is fully covered. */
  coverage.values = NULL;
  segment_coverage_get (&coverage, &rect, got);
  g_assert_cmpmem (got, sizeof got, full, sizeof full);

  rect.x = 10;
  segment_coverage_get (&coverage, &rect, got);
  for (gint i = 0; i < 6; i++)
    g_assert_cmpfloat (got[i], ==, 0.0f);
}

/* Two segments whose colours are R'G'B' (0.2, 0.4, 0.6) and (1, 1, 1). */
static SegmentOrder *
two_segments (void)
{
  SegmentOrder *order = g_new0 (SegmentOrder, 1);

  order->n_segments = 2;
  order->segments   = g_new0 (SegmentInfo, 2);
  for (gint c = 0; c < 3; c++)
    {
      order->segments[0].rgb[c] = 0.2 * (c + 1);
      order->segments[1].rgb[c] = 1.0;
    }
  return order;
}

static void
free_order (SegmentOrder *order)
{
  g_free (order->segments);
  g_free (order);
}

/* A strip of 70 × 2 pixels (two blocks): segment 0 in the first block's
 * even columns, segment 1 in its odd ones, none in the second block but
 * segment 1 at its first pixel of the second row. */
#define WIDTH  70
#define HEIGHT 2
#define N      (WIDTH * HEIGHT)

static void
strip_of (guint8        *source,
          guint8        *ranks,
          SegmentBlocks *blocks)
{
  GeglRectangle rect = { 0, 0, WIDTH, HEIGHT };

  for (gint i = 0; i < N * 4; i++)
    source[i] = (guint8) (i * 7 + 1);
  for (gint i = 0; i < N; i++)
    ranks[i] = i % WIDTH < 64 ? i % 2 : KM_LABEL_NONE;
  ranks[WIDTH + 64] = 1;

  segment_blocks_init (blocks, WIDTH);
  segment_blocks_find (blocks, ranks, &rect);
}

static void
test_segment_layer_holds_its_pixels_only (void)
{
  SegmentOrder      *order = two_segments ();
  SegmentLayerPixels pixels;
  SegmentBlocks      blocks;
  guint8             source[N * 4], ranks[N], out[N * 4];

  strip_of (source, ranks, &blocks);
  segment_layer_pixels_init (&pixels, babl_format ("R'G'B'A u8"), order);

  memset (out, GARBAGE, sizeof out);
  segment_layer_pixels_segment (&pixels, &blocks, source, ranks, WIDTH, HEIGHT, 0,
                                SEGMENT_FILL_ORIGINAL, out);
  for (gint i = 0; i < N; i++)
    for (gint b = 0; b < 4; b++)
      {
        guint8 expected = ranks[i] == 0 ? source[i * 4 + b] : 0;

        /* Blocks without the segment are not written: GIMP's layer is
         * transparent there already. */
        if (i % WIDTH >= 64)
          expected = GARBAGE;
        g_assert_cmpuint (out[i * 4 + b], ==, expected);
      }

  memset (out, GARBAGE, sizeof out);
  segment_layer_pixels_segment (&pixels, &blocks, source, ranks, WIDTH, HEIGHT, 1,
                                SEGMENT_FILL_MEAN, out);
  for (gint i = 0; i < N; i++)
    {
      const guint8 mean[] = { 255, 255, 255, source[i * 4 + 3] };

      for (gint b = 0; b < 4; b++)
        g_assert_cmpuint (out[i * 4 + b], ==, ranks[i] == 1 ? mean[b] : 0);
    }

  segment_blocks_clear (&blocks);
  segment_layer_pixels_clear (&pixels);
  free_order (order);
}

static void
test_mean_colours_are_encoded_in_the_layers_format (void)
{
  SegmentOrder      *order = two_segments ();
  SegmentLayerPixels pixels;
  const guint8       u8[]  = { 51, 102, 153, 255 };
  const guint16      u16[] = { 13107, 26214, 39321, 65535 };

  segment_layer_pixels_init (&pixels, babl_format ("R'G'B'A u8"), order);
  g_assert_cmpmem (pixels.mean_pixels, 4, u8, 4);
  segment_layer_pixels_clear (&pixels);

  segment_layer_pixels_init (&pixels, babl_format ("R'G'B'A u16"), order);
  g_assert_cmpmem (pixels.mean_pixels, 8, u16, 8);
  segment_layer_pixels_clear (&pixels);
  free_order (order);
}

/* Segment n is n/255 of full scale, opaque; no segment is transparent. */
static void
test_label_map_holds_each_segments_number (void)
{
  SegmentOrder      *order   = two_segments ();
  const guint8       ranks[] = { 0, 1, KM_LABEL_NONE };
  const guint16      u16[]   = { 257, 257, 257, 65535, 514, 514, 514, 65535, 0, 0, 0, 0 };
  const guint8       ya[]    = { 1, 255, 2, 255, 0, 0 };
  SegmentLayerPixels pixels;
  guint16            out[12];

  segment_layer_pixels_init (&pixels, babl_format ("R'G'B'A u16"), order);
  segment_layer_pixels_labels (&pixels, ranks, 3, (guint8 *) out);
  g_assert_cmpmem (out, sizeof out, u16, sizeof u16);
  segment_layer_pixels_clear (&pixels);

  segment_layer_pixels_init (&pixels, babl_format ("Y'A u8"), order);
  segment_layer_pixels_labels (&pixels, ranks, 3, (guint8 *) out);
  g_assert_cmpmem (out, sizeof ya, ya, sizeof ya);
  segment_layer_pixels_clear (&pixels);
  free_order (order);
}

/* Partial coverage scales the alpha; no or full coverage leaves every
 * byte, and the colour bytes are never touched. */
static void
test_partial_coverage_scales_the_alpha_only (void)
{
  SegmentOrder      *order      = two_segments ();
  const gfloat       coverage[] = { 0.0f, 0.5f, 1.0f, 0.25f };
  guint8             source[]   = { 9, 8, 7, 200, 9, 8, 7, 200, 9, 8, 7, 200, 1, 2, 3, 255 };
  const guint8       expected[] = { 9, 8, 7, 200, 9, 8, 7, 100, 9, 8, 7, 200, 1, 2, 3, 64 };
  SegmentLayerPixels pixels;

  segment_layer_pixels_init (&pixels, babl_format ("R'G'B'A u8"), order);
  segment_layer_pixels_cover (&pixels, source, coverage, 4);
  g_assert_cmpmem (source, sizeof source, expected, sizeof expected);
  segment_layer_pixels_clear (&pixels);
  free_order (order);
}

/* Masks and channels hold the coverage on their segment's pixels as plain
 * numbers of their format, whatever its encoding. */
static void
test_selection_pixels_hold_the_segments_coverage (void)
{
  const gfloat coverage[] = { 1.0f, 0.5f, 0.2f, 1.0f };
  const guint8 ranks[]    = { 1, 1, 1, 0 };
  const guint8 u8[]       = { 255, 128, 51, 0 };
  const gfloat floats[]   = { 1.0f, 0.5f, 0.2f, 0.0f };
  gfloat       values[4];
  guint8       out_u8[4];
  gfloat       out_float[4];

  segment_selection_pixels (babl_format ("Y' u8"), coverage, ranks, 4, 1, values, out_u8);
  g_assert_cmpmem (out_u8, sizeof out_u8, u8, sizeof u8);
  segment_selection_pixels (babl_format ("Y float"), coverage, ranks, 4, 1, values,
                            (guint8 *) out_float);
  g_assert_cmpmem (out_float, sizeof out_float, floats, sizeof floats);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  babl_init ();

  g_test_add_func ("/plugin/blocks/hold-the-segments-of-their-columns",
                   test_blocks_hold_the_segments_of_their_columns);
  g_test_add_func ("/plugin/coverage/is-zero-outside-its-area",
                   test_coverage_is_zero_outside_its_area);
  g_test_add_func ("/plugin/output-pixels/segment-layer-holds-its-pixels-only",
                   test_segment_layer_holds_its_pixels_only);
  g_test_add_func ("/plugin/output-pixels/mean-colours-are-encoded-in-the-layers-format",
                   test_mean_colours_are_encoded_in_the_layers_format);
  g_test_add_func ("/plugin/output-pixels/label-map-holds-each-segments-number",
                   test_label_map_holds_each_segments_number);
  g_test_add_func ("/plugin/output-pixels/partial-coverage-scales-the-alpha-only",
                   test_partial_coverage_scales_the_alpha_only);
  g_test_add_func ("/plugin/output-pixels/selection-pixels-hold-the-segments-coverage",
                   test_selection_pixels_hold_the_segments_coverage);

  return g_test_run ();
}
