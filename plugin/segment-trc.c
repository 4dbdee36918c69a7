/* segment-trc.c — a colour space's tone curves, evaluated by the plug-in.
 *
 * A babl space made from an ICC profile keeps the profile, and babl builds
 * its curves from the profile's rTRC, gTRC and bTRC (or kTRC) tags, which
 * hold either a parametric curve ("para") or samples ("curv"); this reads
 * the same tags.  GIMP's own sRGB space has no profile of its own: babl's
 * curves for it are known by name. */

#include <math.h>
#include <string.h>

#include <libgimp/gimp.h>

#include "segment-trc.h"

static void
set_parametric (SegmentTrc *trc,
                gdouble     g,
                gdouble     a,
                gdouble     b,
                gdouble     c,
                gdouble     d,
                gdouble     e,
                gdouble     f)
{
  trc->kind   = SEGMENT_TRC_PARAMETRIC;
  trc->g      = g;
  trc->a      = a;
  trc->b      = b;
  trc->c      = c;
  trc->d      = d;
  trc->e      = e;
  trc->f      = f;
  trc->y_at_d = pow (MAX (a * d + b, 0.0), g) + e;
}

void
segment_trc_srgb (SegmentTrc *trc)
{
  memset (trc, 0, sizeof *trc);
  set_parametric (trc, 2.4, 1.0 / 1.055, 0.055 / 1.055, 1.0 / 12.92, 0.04045, 0.0, 0.0);
}

static void
set_linear (SegmentTrc *trc)
{
  memset (trc, 0, sizeof *trc);
  trc->kind = SEGMENT_TRC_LINEAR;
}

static guint32
icc_u32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

static guint16
icc_u16 (const guint8 *p)
{
  return (guint16) (p[0] << 8 | p[1]);
}

static gdouble
icc_s15fixed16 (const guint8 *p)
{
  return (gint32) icc_u32 (p) / 65536.0;
}

/* The tag named signature of the profile, and its size; NULL when the
 * profile has no such tag or it does not fit. */
static const guint8 *
icc_tag (const guint8 *icc,
         gsize         length,
         const gchar  *signature,
         gsize        *size)
{
  guint32 n_tags = length >= 132 ? icc_u32 (icc + 128) : 0;

  for (guint32 i = 0; i < n_tags && 132 + 12 * (gsize) (i + 1) <= length; i++)
    {
      const guint8 *entry  = icc + 132 + 12 * (gsize) i;
      guint32       offset = icc_u32 (entry + 4);

      *size = icc_u32 (entry + 8);
      if (memcmp (entry, signature, 4) == 0 && offset <= length && *size <= length - offset)
        return icc + offset;
    }

  return NULL;
}

/* A "para" or "curv" tag; FALSE when it is neither or does not fit. */
static gboolean
trc_from_tag (SegmentTrc   *trc,
              const guint8 *tag,
              gsize         size)
{
  static const gint n_parameters[] = { 1, 3, 4, 5, 7 };

  memset (trc, 0, sizeof *trc);

  if (size >= 12 && memcmp (tag, "para", 4) == 0)
    {
      guint   type = icc_u16 (tag + 8);
      gdouble p[7] = { 0 };

      if (type >= G_N_ELEMENTS (n_parameters) || size < 12 + 4 * (gsize) n_parameters[type])
        return FALSE;
      for (gint i = 0; i < n_parameters[type]; i++)
        p[i] = icc_s15fixed16 (tag + 12 + 4 * i);

      switch (type)
        {
        case 0: /* y = x^g */
          set_parametric (trc, p[0], 1.0, 0.0, 0.0, 0.0, 0.0, 0.0);
          break;
        case 1: /* y = (a x + b)^g from x = -b/a, else 0 */
          set_parametric (trc, p[0], p[1], p[2], 0.0, p[1] ? -p[2] / p[1] : 0.0, 0.0, 0.0);
          break;
        case 2: /* the same + c */
          set_parametric (trc, p[0], p[1], p[2], 0.0, p[1] ? -p[2] / p[1] : 0.0, p[3], p[3]);
          break;
        default: /* 3 and 4: sRGB's form, with offsets e and f for 4 */
          set_parametric (trc, p[0], p[1], p[2], p[3], p[4], p[5], p[6]);
          break;
        }
      return TRUE;
    }

  if (size >= 12 && memcmp (tag, "curv", 4) == 0)
    {
      guint32 n = icc_u32 (tag + 8);

      if (size < 12 + 2 * (gsize) n)
        return FALSE;
      if (n == 0)
        set_linear (trc);
      else if (n == 1) /* a gamma, as 8.8 fixed point */
        set_parametric (trc, icc_u16 (tag + 12) / 256.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0);
      else
        {
          trc->kind    = SEGMENT_TRC_TABLE;
          trc->n_table = (gint) n;
          trc->table   = g_new (gdouble, n);
          for (guint32 i = 0; i < n; i++)
            trc->table[i] = icc_u16 (tag + 12 + 2 * i) / 65535.0;
        }
      return TRUE;
    }

  return FALSE;
}

void
segment_trc_of_space (SegmentTrc  trc[3],
                      const Babl *space)
{
  static const gchar *rgb_tags[] = { "rTRC", "gTRC", "bTRC" };
  gboolean            grey       = babl_space_is_gray (space);
  const Babl         *babl_trc_of[3];
  const guint8       *icc    = NULL;
  gint                length = 0;

  babl_space_get (space, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                  &babl_trc_of[0], &babl_trc_of[1], &babl_trc_of[2]);

  for (gint channel = 0; channel < 3; channel++)
    {
      const guint8 *tag;
      gsize         size;

      if (babl_trc_of[channel] == babl_trc ("sRGB"))
        {
          segment_trc_srgb (&trc[channel]);
          continue;
        }
      if (babl_trc_of[channel] == babl_trc ("linear"))
        {
          set_linear (&trc[channel]);
          continue;
        }

      if (! icc)
        icc = (const guint8 *) babl_space_get_icc (space, &length);
      tag = icc_tag (icc, length, grey ? "kTRC" : rgb_tags[channel], &size);
      if (! tag || ! trc_from_tag (&trc[channel], tag, size))
        {
          g_warning ("The colour space \"%s\" has a tone curve the plug-in cannot "
                     "read; it takes sRGB's instead.",
                     babl_get_name (space));
          segment_trc_srgb (&trc[channel]);
        }
    }
}

void
segment_trc_clear (SegmentTrc *trc)
{
  g_clear_pointer (&trc->table, g_free);
}

/* Sampled curves hold 0…1; values outside take the nearest end, as babl's
 * do.  NaN and infinities stay what they are: they are not colours. */
static gdouble
table_to_linear (const SegmentTrc *trc,
                 gdouble           x)
{
  gdouble position = x * (trc->n_table - 1);
  gint    i;

  if (! isfinite (x))
    return x;
  if (! (position > 0.0))
    return trc->table[0];
  if (position >= trc->n_table - 1)
    return trc->table[trc->n_table - 1];

  i = (gint) position;
  return trc->table[i] + (trc->table[i + 1] - trc->table[i]) * (position - i);
}

/* The inverse of table_to_linear for a rising curve: the first segment
 * that reaches y, found by bisection. */
static gdouble
table_from_linear (const SegmentTrc *trc,
                   gdouble           y)
{
  const gdouble *table = trc->table;
  gint           low   = 0;
  gint           high  = trc->n_table - 1;

  if (! isfinite (y))
    return y;
  if (! (y > table[0]))
    return 0.0;
  if (y >= table[high])
    return 1.0;

  /* table[low] < y ≤ table[high] */
  while (high - low > 1)
    {
      gint middle = (low + high) / 2;

      if (table[middle] < y)
        low = middle;
      else
        high = middle;
    }

  return (low + (y - table[low]) / (table[high] - table[low])) / (trc->n_table - 1);
}

gdouble
segment_trc_to_linear (const SegmentTrc *trc,
                       gdouble           x)
{
  switch (trc->kind)
    {
    case SEGMENT_TRC_PARAMETRIC:
      if (x >= trc->d)
        return pow (MAX (trc->a * x + trc->b, 0.0), trc->g) + trc->e;
      return trc->c * x + trc->f;

    case SEGMENT_TRC_TABLE:
      return table_to_linear (trc, x);

    case SEGMENT_TRC_LINEAR:
    default:
      return x;
    }
}

gdouble
segment_trc_from_linear (const SegmentTrc *trc,
                         gdouble           y)
{
  switch (trc->kind)
    {
    case SEGMENT_TRC_PARAMETRIC:
      if (isnan (y))
        return y;
      if (y >= trc->y_at_d)
        return trc->a != 0.0 && trc->g != 0.0
                 ? (pow (y - trc->e, 1.0 / trc->g) - trc->b) / trc->a
                 : trc->d;
      return trc->c != 0.0 ? (y - trc->f) / trc->c : trc->d;

    case SEGMENT_TRC_TABLE:
      return table_from_linear (trc, y);

    case SEGMENT_TRC_LINEAR:
    default:
      return y;
    }
}
