/* test-colours.c — the plug-in's own colour maths (plugin/segment-encoding,
 * -trc, -colours, -pixels, -lab, -oklab and the cube root): the numbers of
 * GIMP's formats, tone curves, and features that lead back to the colour
 * they came from. */

#include <float.h>
#include <math.h>
#include <string.h>

#include <libgimp/gimp.h>

#include "segment-colours.h"
#include "segment-cube-root.h"
#include "segment-encoding.h"
#include "segment-pixels.h"
#include "segment-trc.h"

static gdouble
half_of (guint16 bits)
{
  return segment_number_get (SEGMENT_TYPE_HALF, (const guint8 *) &bits);
}

static guint16
half_bits (gdouble number)
{
  guint16 bits;

  segment_number_set (SEGMENT_TYPE_HALF, number, (guint8 *) &bits);
  return bits;
}

static void
test_every_half_round_trips (void)
{
  for (guint code = 0; code <= 0xffff; code++)
    {
      gdouble number = half_of ((guint16) code);

      if (isnan (number))
        g_assert_true (isnan (half_of (half_bits (number))));
      else
        g_assert_cmpuint (half_bits (number), ==, code);
    }
}

static void
test_half_rounds_to_nearest_even (void)
{
  /* 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: the even one is 1. */
  g_assert_cmpuint (half_bits (1.0 + ldexp (1.0, -11)), ==, 0x3c00);
  g_assert_cmpuint (half_bits (1.0 + 3 * ldexp (1.0, -11)), ==, 0x3c02);
  g_assert_cmpuint (half_bits (1.0 + ldexp (1.0, -11) + 1e-9), ==, 0x3c01);
  /* The largest half, and halfway past it: infinity. */
  g_assert_cmpuint (half_bits (65519.0), ==, 0x7bff);
  g_assert_cmpuint (half_bits (65520.0), ==, 0x7c00);
  g_assert_cmpuint (half_bits (-1e9), ==, 0xfc00);
  /* Subnormal: the smallest, and half of it (which is even: 0). */
  g_assert_cmpuint (half_bits (ldexp (1.0, -24)), ==, 0x0001);
  g_assert_cmpuint (half_bits (ldexp (1.0, -25)), ==, 0x0000);
}

static void
test_integers_round_and_clamp (void)
{
  guint8  u8;
  guint16 u16;
  guint32 u32;

  segment_number_set (SEGMENT_TYPE_U8, 7 / 255.0, &u8);
  g_assert_cmpuint (u8, ==, 7);
  segment_number_set (SEGMENT_TYPE_U8, 127.5 / 255.0, &u8);
  g_assert_cmpuint (u8, ==, 128);
  segment_number_set (SEGMENT_TYPE_U8, -0.5, &u8);
  g_assert_cmpuint (u8, ==, 0);
  segment_number_set (SEGMENT_TYPE_U8, NAN, &u8);
  g_assert_cmpuint (u8, ==, 0);
  segment_number_set (SEGMENT_TYPE_U8, 2.0, &u8);
  g_assert_cmpuint (u8, ==, 255);
  segment_number_set (SEGMENT_TYPE_U16, 9 / 255.0, (guint8 *) &u16);
  g_assert_cmpuint (u16, ==, 9 * 257);
  segment_number_set (SEGMENT_TYPE_U32, 9 / 255.0, (guint8 *) &u32);
  g_assert_cmpuint (u32, ==, 9u * 16843009u);

  u8 = 255;
  g_assert_cmpfloat (segment_number_get (SEGMENT_TYPE_U8, &u8), ==, 1.0);
  u16 = 257;
  g_assert_cmpfloat (segment_number_get (SEGMENT_TYPE_U16, (guint8 *) &u16), ==, 1 / 255.0);
}

static void
test_cube_root_is_float_precise (void)
{
  for (gdouble x = FLT_MIN; x < 1e38; x *= 1.0137)
    {
      gfloat root = segment_cube_root ((gfloat) x);

      g_assert_cmpfloat_with_epsilon (root / cbrt ((gfloat) x), 1.0, 3e-7);
      g_assert_cmpfloat (segment_cube_root ((gfloat) -x), ==, -root);
    }
  g_assert_cmpfloat (segment_cube_root (1e-42f), ==, 0.0f);
  g_assert_cmpfloat (segment_cube_root (0.0f), ==, 0.0f);
  g_assert_cmpfloat_with_epsilon (segment_cube_root (27.0f), 3.0f, 3 * 3e-7);
  g_assert_true (isnan (segment_cube_root (NAN)));
  g_assert_false (isfinite (segment_cube_root (INFINITY)));
}

static void
test_srgb_curve (void)
{
  SegmentTrc srgb;

  segment_trc_srgb (&srgb);
  /* IEC 61966-2-1: ((0.5 + 0.055) / 1.055)^2.4, and the line below 0.04045. */
  g_assert_cmpfloat_with_epsilon (segment_trc_to_linear (&srgb, 0.5), 0.214041140, 1e-9);
  g_assert_cmpfloat_with_epsilon (segment_trc_to_linear (&srgb, 0.02), 0.02 / 12.92, 1e-15);
  g_assert_cmpfloat_with_epsilon (segment_trc_to_linear (&srgb, -0.02), -0.02 / 12.92, 1e-15);
  g_assert_cmpfloat_with_epsilon (segment_trc_to_linear (&srgb, 1.0), 1.0, 1e-15);
  for (gdouble x = -0.25; x <= 2.0; x += 1.0 / 64)
    g_assert_cmpfloat_with_epsilon (segment_trc_from_linear (&srgb, segment_trc_to_linear (&srgb, x)),
                                    x, 1e-12);
  g_assert_true (isnan (segment_trc_to_linear (&srgb, NAN)));
  g_assert_true (isnan (segment_trc_from_linear (&srgb, NAN)));
}

static void
test_sampled_curve_inverts (void)
{
  gdouble    samples[] = { 0.0, 0.01, 0.1, 0.3, 0.6, 1.0 };
  SegmentTrc table     = { .kind = SEGMENT_TRC_TABLE, .n_table = G_N_ELEMENTS (samples), .table = samples };

  /* Between samples, linear; outside 0…1, the ends. */
  g_assert_cmpfloat_with_epsilon (segment_trc_to_linear (&table, 0.1), 0.005, 1e-15);
  g_assert_cmpfloat (segment_trc_to_linear (&table, -1.0), ==, 0.0);
  g_assert_cmpfloat (segment_trc_to_linear (&table, 7.0), ==, 1.0);
  for (gdouble x = 0.0; x <= 1.0; x += 1.0 / 128)
    g_assert_cmpfloat_with_epsilon (segment_trc_from_linear (&table, segment_trc_to_linear (&table, x)),
                                    x, 1e-12);
  g_assert_true (isinf (segment_trc_to_linear (&table, INFINITY)));
}

/* A pixel of R'G'B'A float in the space, its features by the plug-in's
 * reader, and the colour the features describe. */
static void
colour_of_features (const Babl       *space,
                    SegmentColorSpace feature_space,
                    const gfloat      pixel[4],
                    gdouble           rgb[3],
                    gdouble           lch[3])
{
  SegmentColours     colours;
  SegmentPixelReader reader;
  gfloat             features[4];

  segment_colours_init (&colours, space, FALSE, feature_space);
  segment_pixel_reader_init (&reader, &colours, babl_format_with_space ("R'G'B'A float", space));
  segment_pixel_reader_features (&reader, (const guint8 *) pixel, 1, features, 4, TRUE);
  g_assert_cmpfloat (features[3], ==, pixel[3]);
  segment_colours_rgb (&colours, features, rgb);
  segment_colours_lch (&colours, features, lch);
  segment_pixel_reader_clear (&reader);
  segment_colours_clear (&colours);
}

static void
test_features_lead_back_to_their_colour (void)
{
  const gfloat pixels[][4] = {
    { 0.9f, 0.1f, 0.1f, 1.0f }, { 0.1f, 0.8f, 0.2f, 0.5f }, { 0.15f, 0.2f, 0.9f, 1.0f }, { 0.5f, 0.5f, 0.5f, 1.0f }, { 0.0f, 0.0f, 0.0f, 1.0f }, { 1.0f, 1.0f, 1.0f, 1.0f }
  };
  const Babl *spaces[] = { babl_space ("sRGB"), babl_space ("Rec2020"), babl_space ("ProPhoto") };

  for (guint s = 0; s < G_N_ELEMENTS (spaces); s++)
    for (gint feature_space = SEGMENT_SPACE_LAB; feature_space <= SEGMENT_SPACE_LINEAR_RGB;
         feature_space++)
      for (guint p = 0; p < G_N_ELEMENTS (pixels); p++)
        {
          gdouble rgb[3], lch[3];

          colour_of_features (spaces[s], feature_space, pixels[p], rgb, lch);
          for (gint c = 0; c < 3; c++)
            g_assert_cmpfloat_with_epsilon (rgb[c], pixels[p][c], 2e-5);
        }
}

static void
test_lch_of_known_colours (void)
{
  const gfloat white[4] = { 1.0f, 1.0f, 1.0f, 1.0f };
  const gfloat red[4]   = { 1.0f, 0.0f, 0.0f, 1.0f };
  gdouble      rgb[3], lch[3];

  for (gint feature_space = SEGMENT_SPACE_LAB; feature_space <= SEGMENT_SPACE_LINEAR_RGB;
       feature_space++)
    {
      colour_of_features (babl_space ("sRGB"), feature_space, white, rgb, lch);
      g_assert_cmpfloat_with_epsilon (lch[0], 100.0, 1e-3);
      g_assert_cmpfloat (lch[1], <, 1e-2);
      /* sRGB's red in CIE LCh(ab), D50 (as babl has it): 54.29, 106.8, 40.9°. */
      colour_of_features (babl_space ("sRGB"), feature_space, red, rgb, lch);
      g_assert_cmpfloat_with_epsilon (lch[0], 54.29, 0.01);
      g_assert_cmpfloat_with_epsilon (lch[1], 106.8, 0.1);
      g_assert_cmpfloat_with_epsilon (lch[2], 40.86, 0.1);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  babl_init ();

  g_test_add_func ("/plugin/encoding/every-half-round-trips", test_every_half_round_trips);
  g_test_add_func ("/plugin/encoding/half-rounds-to-nearest-even", test_half_rounds_to_nearest_even);
  g_test_add_func ("/plugin/encoding/integers-round-and-clamp", test_integers_round_and_clamp);
  g_test_add_func ("/plugin/cube-root/is-float-precise", test_cube_root_is_float_precise);
  g_test_add_func ("/plugin/trc/srgb-curve", test_srgb_curve);
  g_test_add_func ("/plugin/trc/sampled-curve-inverts", test_sampled_curve_inverts);
  g_test_add_func ("/plugin/colours/features-lead-back-to-their-colour",
                   test_features_lead_back_to_their_colour);
  g_test_add_func ("/plugin/colours/lch-of-known-colours", test_lch_of_known_colours);

  return g_test_run ();
}
