/* segment-encoding.c — the numbers in GIMP's pixel formats, read and
 * written by the plug-in's own arithmetic.
 *
 * Integers stand for a fraction of their largest value; half floats are
 * decoded exactly and encoded rounding to the nearest even, like IEEE's
 * own conversions. */

#include <math.h>
#include <string.h>

#include <libgimp/gimp.h>

#include "segment-encoding.h"

SegmentType
segment_type_of (const Babl *format)
{
  static const gchar *names[] = { "u8", "u16", "u32", "half", "float", "double" };
  const gchar        *name    = babl_get_name (babl_format_get_type (format, 0));

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strcmp (name, names[i]) == 0)
      return (SegmentType) i;

  g_return_val_if_reached (SEGMENT_TYPE_FLOAT);
}

static gint
type_bytes (SegmentType type)
{
  static const gint bytes[] = { 1, 2, 4, 2, 4, 8 };

  return bytes[type];
}

void
segment_encoding_of (SegmentEncoding *encoding,
                     const Babl      *format)
{
  const gchar *name = babl_format_get_encoding (format);

  encoding->type         = segment_type_of (format);
  encoding->bytes        = type_bytes (encoding->type);
  encoding->n_components = babl_format_get_n_components (format);
  encoding->has_alpha    = babl_format_has_alpha (format);
  encoding->n_colours    = encoding->n_components - (encoding->has_alpha ? 1 : 0);
  encoding->space        = babl_format_get_space (format);

  /* The model is the name's first word: "R'G'B'A", "Y~", "RGB"… */
  if (strchr (name, '\'') && strchr (name, '\'') < strchr (name, ' '))
    encoding->curve = SEGMENT_CURVE_SPACE;
  else if (strchr (name, '~') && strchr (name, '~') < strchr (name, ' '))
    encoding->curve = SEGMENT_CURVE_PERCEPTUAL;
  else
    encoding->curve = SEGMENT_CURVE_LINEAR;
}

static gdouble
half_to_double (guint16 bits)
{
  gint    exponent = (bits >> 10) & 0x1f;
  gint    mantissa = bits & 0x3ff;
  gdouble value;

  if (exponent == 0)
    value = ldexp (mantissa, -24);
  else if (exponent == 0x1f)
    value = mantissa ? NAN : INFINITY;
  else
    value = ldexp (mantissa + 0x400, exponent - 25);

  return (bits & 0x8000) ? -value : value;
}

static guint16
double_to_half (gdouble value)
{
  guint16 sign      = signbit (value) ? 0x8000 : 0;
  gdouble magnitude = fabs (value);
  gint    exponent;
  gdouble mantissa;

  if (isnan (value))
    return 0x7e00;
  /* Half's largest value is 65504; from halfway to the next power on,
   * the nearest is infinity. */
  if (magnitude >= 65520.0)
    return sign | 0x7c00;
  /* Below 2^-14 halves are subnormal: multiples of 2^-24 (the largest
   * rounds up to the smallest normal, whose bits follow on). */
  if (magnitude < ldexp (1.0, -14))
    return sign | (guint16) rint (ldexp (magnitude, 24));

  /* magnitude = m × 2^exponent with m in [1, 2); 10 bits after the point. */
  frexp (magnitude, &exponent);
  exponent -= 1;
  mantissa = rint (ldexp (magnitude, 10 - exponent));
  if (mantissa == 2048.0)
    {
      mantissa = 1024.0;
      exponent++;
    }
  if (exponent > 15)
    return sign | 0x7c00;

  return sign | (guint16) ((exponent + 15) << 10) | (guint16) (mantissa - 1024.0);
}

static inline gdouble
number_get (SegmentType   type,
            const guint8 *value)
{
  switch (type)
    {
    case SEGMENT_TYPE_U8:
      return *value / 255.0;
    case SEGMENT_TYPE_U16:
      {
        guint16 v;

        memcpy (&v, value, sizeof v);
        return v / 65535.0;
      }
    case SEGMENT_TYPE_U32:
      {
        guint32 v;

        memcpy (&v, value, sizeof v);
        return v / 4294967295.0;
      }
    case SEGMENT_TYPE_HALF:
      {
        guint16 v;

        memcpy (&v, value, sizeof v);
        return half_to_double (v);
      }
    case SEGMENT_TYPE_FLOAT:
      {
        gfloat v;

        memcpy (&v, value, sizeof v);
        return v;
      }
    case SEGMENT_TYPE_DOUBLE:
    default:
      {
        gdouble v;

        memcpy (&v, value, sizeof v);
        return v;
      }
    }
}

/* An integer of largest value maximum for a number meant as 0…1. */
static gdouble
scaled (gdouble number,
        gdouble maximum)
{
  if (! (number > 0.0))
    return 0.0;
  if (number >= 1.0)
    return maximum;

  return rint (number * maximum);
}

static inline void
number_set (SegmentType type,
            gdouble     number,
            guint8     *value)
{
  switch (type)
    {
    case SEGMENT_TYPE_U8:
      *value = (guint8) scaled (number, 255.0);
      break;
    case SEGMENT_TYPE_U16:
      {
        guint16 v = (guint16) scaled (number, 65535.0);

        memcpy (value, &v, sizeof v);
        break;
      }
    case SEGMENT_TYPE_U32:
      {
        guint32 v = (guint32) scaled (number, 4294967295.0);

        memcpy (value, &v, sizeof v);
        break;
      }
    case SEGMENT_TYPE_HALF:
      {
        guint16 v = double_to_half (number);

        memcpy (value, &v, sizeof v);
        break;
      }
    case SEGMENT_TYPE_FLOAT:
      {
        gfloat v = (gfloat) number;

        memcpy (value, &v, sizeof v);
        break;
      }
    case SEGMENT_TYPE_DOUBLE:
    default:
      memcpy (value, &number, sizeof number);
      break;
    }
}

gdouble
segment_number_get (SegmentType   type,
                    const guint8 *value)
{
  return number_get (type, value);
}

void
segment_number_set (SegmentType type,
                    gdouble     number,
                    guint8     *value)
{
  number_set (type, number, value);
}

/* The loops below with the type a constant at each call, so that the
 * compiler drops the switch from them. */
static inline void
get_floats (SegmentType   type,
            const guint8 *values,
            gint          stride,
            gsize         n,
            gfloat       *numbers,
            gint          number_stride)
{
  for (gsize i = 0; i < n; i++)
    numbers[i * number_stride] = (gfloat) number_get (type, values + i * stride);
}

static inline void
set_floats (SegmentType   type,
            const gfloat *numbers,
            gsize         n,
            guint8       *values,
            gint          stride)
{
  for (gsize i = 0; i < n; i++)
    number_set (type, numbers[i], values + i * stride);
}

#define FOR_EACH_TYPE(type, call)                                \
  switch (type)                                                  \
    {                                                            \
    case SEGMENT_TYPE_U8: call (SEGMENT_TYPE_U8); break;         \
    case SEGMENT_TYPE_U16: call (SEGMENT_TYPE_U16); break;       \
    case SEGMENT_TYPE_U32: call (SEGMENT_TYPE_U32); break;       \
    case SEGMENT_TYPE_HALF: call (SEGMENT_TYPE_HALF); break;     \
    case SEGMENT_TYPE_FLOAT: call (SEGMENT_TYPE_FLOAT); break;   \
    case SEGMENT_TYPE_DOUBLE: call (SEGMENT_TYPE_DOUBLE); break; \
    }

void
segment_numbers_to_floats (SegmentType   type,
                           const guint8 *values,
                           gint          stride,
                           gsize         n,
                           gfloat       *numbers,
                           gint          number_stride)
{
#define GET(constant) get_floats (constant, values, stride, n, numbers, number_stride)
  FOR_EACH_TYPE (type, GET)
#undef GET
}

void
segment_numbers_set (SegmentType   type,
                     const gfloat *numbers,
                     gsize         n,
                     guint8       *values,
                     gint          stride)
{
#define SET(constant) set_floats (constant, numbers, n, values, stride)
  FOR_EACH_TYPE (type, SET)
#undef SET
}
