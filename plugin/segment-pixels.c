/* segment-pixels.c — GIMP's pixels as features, and colours as pixels.
 *
 * A pixel's colour components become the feature space's components one
 * by one (see segment_colours_component), then the pixel its features.
 * For 8- and 16-bit components the first step is a lookup: a 24 MP 8-bit
 * layer then costs three lookups a pixel before Lab's or Oklab's maths.
 * Wider components become floats; where their curve changes them (the
 * image's tone curve to linear light, or back), it is sampled at the
 * floats from 2^-24 to 2^8 whose lowest 13 bits are 0 (1024 steps an
 * octave) and interpolated linearly: within 4e-7 of a gamma curve, at a
 * seventh of the cost of pow().  Other values take the curve itself. */

#include <string.h>

#include <libgimp/gimp.h>

#include "segment-pixels.h"

/* The value of component (alpha is the last) stored at value. */
static gdouble
component_value (const SegmentPixelReader *reader,
                 gint                      component,
                 const guint8             *value)
{
  gdouble number = segment_number_get (reader->encoding.type, value);

  if (component == reader->encoding.n_colours)
    return number;

  return segment_colours_component (reader->colours, reader->encoding.curve, component,
                                    number);
}

/* The float table's range, as float bits >> 13. */
#define CURVE_FIRST ((127 - 24) << 10)
#define CURVE_LAST  ((127 + 8) << 10)

static gfloat *
curve_table (const SegmentPixelReader *reader,
             gint                      channel)
{
  gfloat *table = g_new (gfloat, CURVE_LAST - CURVE_FIRST + 1);

  for (gint i = 0; i <= CURVE_LAST - CURVE_FIRST; i++)
    {
      guint32 bits = (guint32) (CURVE_FIRST + i) << 13;
      gfloat  x;

      memcpy (&x, &bits, sizeof x);
      table[i] = (gfloat) segment_colours_component (reader->colours, reader->encoding.curve,
                                                     channel, x);
    }

  return table;
}

static inline gfloat
curve_of (const SegmentPixelReader *reader,
          gint                      channel,
          gfloat                    x)
{
  guint32 bits;
  guint32 index;

  memcpy (&bits, &x, sizeof bits);
  index = bits >> 13; /* past CURVE_LAST for negative numbers, NaN, ∞ */
  if (index >= CURVE_FIRST && index < CURVE_LAST)
    {
      const gfloat *v = reader->curves[channel] + (index - CURVE_FIRST);

      return v[0] + (v[1] - v[0]) * ((bits & 0x1fff) * (1.0f / 8192.0f));
    }

  return (gfloat) segment_colours_component (reader->colours, reader->encoding.curve,
                                             channel, x);
}

void
segment_pixel_reader_init (SegmentPixelReader   *reader,
                           const SegmentColours *colours,
                           const Babl           *format)
{
  SegmentType type;
  gint        n_codes;

  reader->colours = colours;
  segment_encoding_of (&reader->encoding, format);
  reader->bpp = babl_format_get_bytes_per_pixel (format);
  memset (reader->tables, 0, sizeof reader->tables);
  memset (reader->curves, 0, sizeof reader->curves);

  type    = reader->encoding.type;
  n_codes = type == SEGMENT_TYPE_U8                                 ? 1 << 8
            : type == SEGMENT_TYPE_U16 || type == SEGMENT_TYPE_HALF ? 1 << 16
                                                                    : 0;
  if (! n_codes)
    {
      if (! segment_colours_keeps (colours, reader->encoding.curve))
        for (gint channel = 0; channel < reader->encoding.n_colours; channel++)
          reader->curves[channel] = curve_table (reader, channel);
      return;
    }

  for (gint component = 0; component < reader->encoding.n_components; component++)
    {
      reader->tables[component] = g_new (gfloat, n_codes);
      for (gint code = 0; code < n_codes; code++)
        {
          guint8  u8  = (guint8) code;
          guint16 u16 = (guint16) code;

          reader->tables[component][code] =
            (gfloat) component_value (reader, component,
                                      type == SEGMENT_TYPE_U8 ? &u8 : (guint8 *) &u16);
        }
    }
}

void
segment_pixel_reader_clear (SegmentPixelReader *reader)
{
  for (gint component = 0; component < 4; component++)
    g_clear_pointer (&reader->tables[component], g_free);
  for (gint channel = 0; channel < 3; channel++)
    g_clear_pointer (&reader->curves[channel], g_free);
}

/* The lookups, with the number of colours and the code's size constants
 * at each call, so that the compiler unrolls them. */
static inline void
look_up (const SegmentPixelReader *reader,
         const guint8             *pixels,
         gsize                     n,
         gfloat                   *features,
         gint                      stride,
         gint                      alpha_at,
         gint                      n_colours,
         gint                      code_bytes)
{
  gfloat *const *tables    = reader->tables;
  gboolean       has_alpha = reader->encoding.has_alpha;
  gint           bpp       = reader->bpp;

  for (gsize i = 0; i < n; i++)
    {
      const guint8 *p = pixels + i * bpp;
      gfloat       *f = features + i * stride;

      for (gint c = 0; c <= n_colours; c++)
        {
          guint16 code;

          if (c == n_colours && ! has_alpha)
            code = 0;
          else if (code_bytes == 1)
            code = p[c];
          else
            memcpy (&code, p + 2 * c, sizeof code);

          if (c < n_colours)
            f[c] = tables[c][code];
          else if (alpha_at >= 0)
            f[alpha_at] = has_alpha ? tables[c][code] : 1.0f;
        }
    }
}

/* Without a table: the numbers first, then their curve where it changes
 * them, a component at a time. */
static void
compute (const SegmentPixelReader *reader,
         const guint8             *pixels,
         gsize                     n,
         gfloat                   *features,
         gint                      stride,
         gint                      alpha_at)
{
  const SegmentEncoding *encoding = &reader->encoding;

  for (gint c = 0; c < encoding->n_colours; c++)
    {
      segment_numbers_to_floats (encoding->type, pixels + c * encoding->bytes, reader->bpp,
                                 n, features + c, stride);
      if (reader->curves[c])
        for (gsize i = 0; i < n; i++)
          features[i * stride + c] = curve_of (reader, c, features[i * stride + c]);
    }

  if (alpha_at < 0)
    return;
  if (encoding->has_alpha)
    segment_numbers_to_floats (encoding->type,
                               pixels + encoding->n_colours * encoding->bytes,
                               reader->bpp, n, features + alpha_at, stride);
  else
    for (gsize i = 0; i < n; i++)
      features[i * stride + alpha_at] = 1.0f;
}

void
segment_pixel_reader_features (const SegmentPixelReader *reader,
                               const guint8             *pixels,
                               gsize                     n,
                               gfloat                   *features,
                               gint                      stride,
                               gboolean                  with_alpha)
{
  gint     alpha_at = with_alpha ? reader->colours->n_dims : -1;
  gboolean rgb      = reader->encoding.n_colours == 3;
  gint     bytes    = reader->encoding.bytes;

  if (! reader->tables[0])
    compute (reader, pixels, n, features, stride, alpha_at);
  else if (bytes == 1 && rgb)
    look_up (reader, pixels, n, features, stride, alpha_at, 3, 1);
  else if (bytes == 1)
    look_up (reader, pixels, n, features, stride, alpha_at, 1, 1);
  else if (rgb)
    look_up (reader, pixels, n, features, stride, alpha_at, 3, 2);
  else
    look_up (reader, pixels, n, features, stride, alpha_at, 1, 2);

  segment_colours_finish (reader->colours, features, n, stride);
}

void
segment_pixel_encode (const SegmentColours  *colours,
                      const SegmentEncoding *encoding,
                      const gdouble          rgb[3],
                      gdouble                alpha,
                      guint8                *pixel)
{
  for (gint c = 0; c < encoding->n_colours; c++)
    segment_number_set (encoding->type,
                        segment_colours_encode (colours, encoding->curve, c, rgb[c]),
                        pixel + c * encoding->bytes);
  if (encoding->has_alpha)
    segment_number_set (encoding->type, alpha, pixel + encoding->n_colours * encoding->bytes);
}
