/* segment-limits.c — pixels too large to measure take no part. */

#include <math.h>
#include <string.h>

#include <libgimp/gimp.h>

#include "segment-limits.h"

static gboolean
exceeds_limit (const guint8 *pixel,
               gint          n_colour,
               gboolean      is_double)
{
  for (gint c = 0; c < n_colour; c++)
    {
      gdouble value;

      if (is_double)
        {
          memcpy (&value, pixel + c * sizeof (gdouble), sizeof (gdouble));
        }
      else
        {
          gfloat single;

          memcpy (&single, pixel + c * sizeof (gfloat), sizeof (gfloat));
          value = single;
        }
      if (fabs (value) > KM_MAX_ABS_FEATURE)
        return TRUE;
    }

  return FALSE;
}

void
segment_limits_apply (SegmentFeatures     *features,
                      const SegmentSource *source)
{
  const Babl    *type      = babl_format_get_type (source->kept_format, 0);
  gboolean       is_double = type == babl_type ("double");
  gint           n_colour  = babl_format_get_n_components (source->kept_format) - 1;
  GeglRectangle *area      = &features->area;
  gfloat        *feature   = features->pixels;

  if (! is_double && type != babl_type ("float"))
    return;

  for (gint y = area->y; y < area->y + area->height; y++)
    for (gint x = area->x; x < area->x + area->width; x++, feature += features->stride)
      if (exceeds_limit (segment_source_pixel (source, x, y), n_colour, is_double))
        feature[0] = NAN;
}

gsize
segment_limits_count_left_out (const SegmentFeatures *features,
                               const KmResult        *result)
{
  const uint8_t *labels   = km_result_get_labels (result);
  const gfloat  *weights  = segment_features_weights (features);
  gsize          n_pixels = km_result_get_n_points (result);
  gsize          n        = 0;

  for (gsize i = 0; i < n_pixels; i++)
    if (labels[i] == KM_LABEL_NONE && (! weights || weights[i * features->stride] > 0.0f))
      n++;

  return n;
}
