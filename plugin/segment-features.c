/* segment-features.c — a drawable's pixels as feature vectors for the core.
 *
 * Every conversion is babl's: the drawable is read in a float format of the
 * chosen feature space that carries the drawable's own colour space (its
 * ICC profile), so CIE L*a*b* values are true to the image's primaries. */

#include <libgimp/gimp.h>

#include "segment-features.h"
#include "segment-oklab.h"
#include "segment-thumbnail.h"

/* Grey layers have one feature, except in Oklab: that is computed from
 * linear sRGB (see segment-oklab.h), where grey has a and b zero, which
 * changes no distance. */
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

    case SEGMENT_SPACE_LINEAR_RGB:
      if (is_grey)
        return with_alpha ? "YA float" : "Y float";
      return with_alpha ? "RGBA float" : "RGB float";

    case SEGMENT_SPACE_OKLAB:
      return with_alpha ? "RGBA float" : "RGB float";

    case SEGMENT_SPACE_LAB:
    default:
      if (is_grey)
        return with_alpha ? "CIE L alpha float" : "CIE L float";
      return with_alpha ? "CIE Lab alpha float" : "CIE Lab float";
    }
}

/* Sets the formats for the drawable and allocates the pixels of area. */
static void
features_init (SegmentFeatures     *features,
               GimpDrawable        *drawable,
               SegmentColorSpace    color_space,
               const GeglRectangle *area,
               gboolean             weighted)
{
  gboolean    is_oklab       = color_space == SEGMENT_SPACE_OKLAB;
  const Babl *drawable_space = babl_format_get_space (gimp_drawable_get_format (drawable));
  const Babl *space          = is_oklab ? babl_space ("sRGB") : drawable_space;
  gboolean    is_grey        = gimp_drawable_is_gray (drawable);

  features->area     = *area;
  features->oklab    = is_oklab;
  features->space    = drawable_space;
  features->weighted = weighted;
  features->format   = babl_format_with_space (
                         feature_format_name (is_grey, color_space, weighted), space);
  features->colour_format = babl_format_with_space (
                         feature_format_name (is_grey, color_space, FALSE), space);
  features->stride   = babl_format_get_n_components (features->format);
  features->n_dims   = babl_format_get_n_components (features->colour_format);
  features->pixels   = g_new (gfloat, (gsize) area->width * area->height *
                                      features->stride);
}

/* The last step of every read: babl gave linear sRGB for Oklab. */
static void
features_finish (SegmentFeatures *features)
{
  if (features->oklab)
    segment_oklab_from_linear_srgb (features->pixels,
                                    (gsize) features->area.width * features->area.height,
                                    features->stride);
}

typedef struct
{
  GeglBuffer            *buffer;
  const SegmentFeatures *features;
} FeatureRead;

static void
read_piece (const GeglRectangle *piece,
            gpointer             data)
{
  const FeatureRead     *read     = data;
  const SegmentFeatures *features = read->features;
  gsize                  offset   = ((gsize) (piece->y - features->area.y) * features->area.width
                                     + (piece->x - features->area.x)) * features->stride;

  gegl_buffer_get (read->buffer, piece, 1.0, features->format, features->pixels + offset,
                   features->area.width * features->stride * sizeof (gfloat),
                   GEGL_ABYSS_NONE);
}

/* The tiles cross the wire from GIMP one at a time, but turning them into
 * float features costs more than fetching them: threads each read a part
 * of the area, so one converts while another waits for its tiles. */
void
segment_features_read_area (SegmentFeatures     *features,
                            GimpDrawable        *drawable,
                            SegmentColorSpace    color_space,
                            const GeglRectangle *area)
{
  FeatureRead read = { gimp_drawable_get_buffer (drawable), features };

  features_init (features, drawable, color_space, area, TRUE);
  gegl_parallel_distribute_area (&features->area, 1.0, GEGL_SPLIT_STRATEGY_HORIZONTAL,
                                 read_piece, &read);
  g_object_unref (read.buffer);

  features_finish (features);
}

typedef struct
{
  const SegmentFeatures *features;
  const Babl            *fish;     /* the source's format to the features' */
} StripConversion;

static void
convert_strip (const SegmentSource *source,
               const GeglRectangle *strip,
               const guint8        *pixels,
               gint                 rowstride,
               gpointer             data)
{
  const StripConversion *conversion = data;
  const SegmentFeatures *features   = conversion->features;
  GeglRectangle          part;

  if (! gegl_rectangle_intersect (&part, strip, &features->area))
    return;

  babl_process_rows (conversion->fish,
                     pixels + (gsize) (part.y - strip->y) * rowstride
                            + (gsize) (part.x - strip->x)
                              * babl_format_get_bytes_per_pixel (source->format),
                     rowstride,
                     features->pixels + ((gsize) (part.y - features->area.y) * features->area.width
                                         + (part.x - features->area.x)) * features->stride,
                     features->area.width * features->stride * sizeof (gfloat),
                     part.width, part.height);
}

void
segment_features_read_source (SegmentFeatures     *features,
                              SegmentSource       *source,
                              GimpDrawable        *drawable,
                              SegmentColorSpace    color_space,
                              const GeglRectangle *area,
                              const GeglRectangle *source_area,
                              gboolean             weighted)
{
  StripConversion conversion = { features, NULL };

  features_init (features, drawable, color_space, area, weighted);
  conversion.fish = babl_fish (gimp_drawable_get_format (drawable), features->format);
  segment_source_read (source, drawable, source_area, convert_strip, &conversion);

  features_finish (features);
}

gboolean
segment_features_read_reduced (SegmentFeatures     *features,
                               GimpDrawable        *drawable,
                               SegmentColorSpace    color_space,
                               const GeglRectangle *area,
                               gint                 width,
                               gint                 height)
{
  features_init (features, drawable, color_space,
                 GEGL_RECTANGLE (0, 0, width, height), TRUE);

  if (! segment_thumbnail_read (drawable, area, width, height,
                                features->format, features->pixels))
    {
      segment_features_clear (features);
      return FALSE;
    }

  features_finish (features);
  return TRUE;
}

void
segment_features_weigh (SegmentFeatures       *features,
                        const SegmentCoverage *coverage,
                        gdouble                alpha_threshold)
{
  gsize   n_pixels  = (gsize) features->area.width * features->area.height;
  gfloat  threshold = alpha_threshold;
  gfloat *weight    = features->pixels + features->n_dims;

  g_return_if_fail (features->weighted);
  g_return_if_fail (gegl_rectangle_equal (&features->area, &coverage->area));

  for (gsize i = 0; i < n_pixels; i++, weight += features->stride)
    {
      if (*weight <= threshold)
        *weight = 0.0f;
      else if (coverage->values)
        *weight *= coverage->values[i];
    }
}

void
segment_features_export (SegmentFeatures *features,
                         const Babl      *target,
                         gpointer         pixels)
{
  gsize n_pixels = (gsize) features->area.width * features->area.height;

  if (features->oklab)
    segment_oklab_to_linear_srgb_pixels (features->pixels, n_pixels, features->stride);
  babl_process (babl_fish (features->format, target), features->pixels, pixels,
                (glong) n_pixels);
}

const gfloat *
segment_features_weights (const SegmentFeatures *features)
{
  return features->weighted ? features->pixels + features->n_dims : NULL;
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
  gfloat rgb[3];

  if (features->oklab)
    {
      segment_oklab_to_linear_srgb (centre, rgb);
      centre = rgb;
    }
  babl_process (babl_fish (features->colour_format, target), centre, pixel, 1);
}
