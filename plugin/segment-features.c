/* segment-features.c — a drawable's pixels as feature vectors for the core.
 *
 * Every conversion is babl's: the drawable is read in a float format of the
 * chosen feature space that carries the drawable's own colour space (its
 * ICC profile), so CIE L*a*b* values are true to the image's primaries. */

#include <libgimp/gimp.h>

#include "segment-features.h"

static const gchar *
feature_format_name (gboolean          is_grey,
                     SegmentColorSpace color_space,
                     gboolean          with_alpha)
{
  switch (color_space)
    {
    case SEGMENT_SPACE_RGB:
      if (is_grey)
        return with_alpha ? "Y'A float" : "Y' float";
      return with_alpha ? "R'G'B'A float" : "R'G'B' float";

    case SEGMENT_SPACE_LAB:
    default:
      if (is_grey)
        return with_alpha ? "CIE L alpha float" : "CIE L float";
      return with_alpha ? "CIE Lab alpha float" : "CIE Lab float";
    }
}

void
segment_features_read (SegmentFeatures   *features,
                       GimpDrawable      *drawable,
                       SegmentColorSpace  color_space)
{
  const Babl *space   = babl_format_get_space (gimp_drawable_get_format (drawable));
  gboolean    is_grey = gimp_drawable_is_gray (drawable);
  GeglBuffer *buffer;

  features->area    = *GEGL_RECTANGLE (0, 0,
                                       gimp_drawable_get_width (drawable),
                                       gimp_drawable_get_height (drawable));
  features->n_dims  = is_grey ? 1 : 3;
  features->stride  = features->n_dims + 1;
  features->format  = babl_format_with_space (
                        feature_format_name (is_grey, color_space, TRUE), space);
  features->colour_format = babl_format_with_space (
                        feature_format_name (is_grey, color_space, FALSE), space);
  features->pixels  = g_new (gfloat, (gsize) features->area.width *
                                     features->area.height * features->stride);

  buffer = gimp_drawable_get_buffer (drawable);
  gegl_buffer_get (buffer, &features->area, 1.0, features->format,
                   features->pixels, GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  g_object_unref (buffer);
}

void
segment_features_clear (SegmentFeatures *features)
{
  g_clear_pointer (&features->pixels, g_free);
}

void
segment_features_convert_centre (const SegmentFeatures *features,
                                 const gfloat          *centre,
                                 const Babl            *target,
                                 gpointer               pixel)
{
  babl_process (babl_fish (features->colour_format, target), centre, pixel, 1);
}
