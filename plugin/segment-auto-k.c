/* segment-auto-k.c — k-mode tolerance: the tolerance in CIE ΔE as the
 * core's error target in feature units, and the error curve back in ΔE.
 *
 * The core measures its error in the features' own units (kmeans.h says
 * why), so the plug-in converts the tolerance once instead of converting
 * every distance.  In lab the features are L*a*b* and a feature unit is a
 * ΔE: the conversion is exact.  In the other spaces ΔE per feature unit
 * varies with the colour and the direction (non-linear R'G'B' from black
 * to white: about 58 ΔE a unit; across saturated hues, more), so the scale
 * is the layer's own: the root-mean-square ΔE between pairs of its pixels
 * over their root-mean-square feature distance, on up to SCALE_PAIRS pairs
 * spread evenly over the pixels that take part.  It is exact for a layer
 * whose colour differences all point one way, and an average otherwise. */

#include <math.h>

#include "segment-auto-k.h"

#define SCALE_PAIRS 4096

/* Features as CIE L*a*b*. */
static void
lab_of (const SegmentColours *colours,
        const gfloat         *features,
        gdouble               lab[3])
{
  gdouble lch[3];

  segment_colours_lch (colours, features, lch);
  lab[0] = lch[0];
  lab[1] = lch[1] * cos (lch[2] * G_PI / 180.0);
  lab[2] = lch[1] * sin (lch[2] * G_PI / 180.0);
}

/* Whether pixel i takes part: a positive weight and finite features. */
static gboolean
takes_part (const SegmentFeatures *features,
            gsize                  i)
{
  const gfloat *weights = segment_features_weights (features);
  const gfloat *pixel   = &features->pixels[i * features->stride];

  if (weights && ! (weights[i * features->stride] > 0.0f))
    return FALSE;
  for (gint d = 0; d < features->n_dims; d++)
    if (! isfinite (pixel[d]))
      return FALSE;
  return TRUE;
}

gdouble
segment_auto_k_scale (const SegmentFeatures *features)
{
  gsize   n_pixels = (gsize) features->area.width * features->area.height;
  gsize   step     = MAX (n_pixels / (2 * SCALE_PAIRS), 1);
  gdouble delta_e2 = 0.0;
  gdouble feature2 = 0.0;
  gssize  previous = -1;

  if (features->colours.feature_space == SEGMENT_SPACE_LAB)
    return 1.0;

  for (gsize i = 0; i < n_pixels; i += step)
    {
      gdouble a[3], b[3];

      if (! takes_part (features, i))
        continue;
      if (previous < 0)
        {
          previous = (gssize) i;
          continue;
        }

      lab_of (&features->colours, &features->pixels[previous * features->stride], a);
      lab_of (&features->colours, &features->pixels[i * features->stride], b);
      for (gint d = 0; d < 3; d++)
        delta_e2 += (a[d] - b[d]) * (a[d] - b[d]);
      for (gint d = 0; d < features->n_dims; d++)
        {
          gdouble diff = features->pixels[previous * features->stride + d] -
                         features->pixels[i * features->stride + d];

          feature2 += diff * diff;
        }
      previous = -1;
    }

  /* A flat layer: every error is 0, and any scale will do. */
  if (! (feature2 > 0.0) || ! isfinite (delta_e2))
    return 1.0;
  return sqrt (delta_e2 / feature2);
}

gdouble *
segment_auto_k_curve (const KmResult        *result,
                      const SegmentFeatures *features,
                      gsize                 *n_errors)
{
  gint          n;
  const double *curve = km_result_get_error_curve (result, &n);
  gdouble       scale;
  gdouble      *errors;

  *n_errors = (gsize) n;
  if (n == 0)
    return NULL;

  scale  = segment_auto_k_scale (features);
  errors = g_new (gdouble, n);
  for (gint i = 0; i < n; i++)
    errors[i] = curve[i] * scale;
  return errors;
}
