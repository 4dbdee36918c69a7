/* segment-features.c — a drawable's pixels as feature vectors for the core.
 *
 * Pixels are read in the drawable's own format, as GIMP stores them, and
 * turned into features by the plug-in's own arithmetic (segment-pixels.h),
 * in the drawable's own colour space (its ICC profile): the same pixels
 * give the same features, bit for bit, in every run. */

#include <libgimp/gimp.h>

#include "segment-features.h"
#include "segment-pixels.h"
#include "segment-thumbnail.h"

/* Sets the colour maths for the drawable and allocates the pixels of area. */
static void
features_init (SegmentFeatures     *features,
               GimpDrawable        *drawable,
               SegmentColorSpace    color_space,
               const GeglRectangle *area,
               gboolean             weighted)
{
  segment_colours_init (&features->colours,
                        babl_format_get_space (gimp_drawable_get_format (drawable)),
                        gimp_drawable_is_gray (drawable), color_space);
  features->area     = *area;
  features->weighted = weighted;
  features->n_dims   = features->colours.n_dims;
  features->stride   = features->n_dims + (weighted ? 1 : 0);
  features->pixels   = g_new (gfloat, (gsize) area->width * area->height *
                                        features->stride);
}

/* The features of the pixel at (x, y), drawable coordinates in the area. */
static gfloat *
features_at (const SegmentFeatures *features,
             gint                   x,
             gint                   y)
{
  gsize pixel = (gsize) (y - features->area.y) * features->area.width + (x - features->area.x);

  return features->pixels + pixel * features->stride;
}

/* Makes the features of rect (inside the area) from its pixels, a row
 * every rowstride bytes. */
static void
features_from_rows (const SegmentFeatures    *features,
                    const SegmentPixelReader *reader,
                    const GeglRectangle      *rect,
                    const guint8             *pixels,
                    gsize                     rowstride)
{
  for (gint y = 0; y < rect->height; y++)
    segment_pixel_reader_features (reader, pixels + y * rowstride, rect->width,
                                   features_at (features, rect->x, rect->y + y),
                                   features->stride, features->weighted);
}

typedef struct
{
  GeglBuffer               *buffer; /* the drawable's, for read_area */
  const SegmentFeatures    *features;
  const SegmentPixelReader *reader;
} FeatureRead;

static void
read_piece (const GeglRectangle *piece,
            gpointer             data)
{
  const FeatureRead *read      = data;
  gsize              rowstride = (gsize) piece->width * read->reader->bpp;
  guint8            *pixels    = g_malloc (rowstride * piece->height);

  gegl_buffer_get (read->buffer, piece, 1.0, gegl_buffer_get_format (read->buffer), pixels,
                   rowstride, GEGL_ABYSS_NONE);
  features_from_rows (read->features, read->reader, piece, pixels, rowstride);
  g_free (pixels);
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
  SegmentPixelReader reader;
  FeatureRead        read = { gimp_drawable_get_buffer (drawable), features, &reader };

  features_init (features, drawable, color_space, area, TRUE);
  segment_pixel_reader_init (&reader, &features->colours, gegl_buffer_get_format (read.buffer));
  gegl_parallel_distribute_area (&features->area, 1.0, GEGL_SPLIT_STRATEGY_HORIZONTAL,
                                 read_piece, &read);
  segment_pixel_reader_clear (&reader);
  g_object_unref (read.buffer);
}

static void
convert_strip (const SegmentSource *source G_GNUC_UNUSED,
               const GeglRectangle *strip,
               const guint8        *pixels,
               gint                 rowstride,
               gpointer             data)
{
  const FeatureRead *read = data;
  GeglRectangle      part;

  if (! gegl_rectangle_intersect (&part, strip, &read->features->area))
    return;

  features_from_rows (read->features, read->reader, &part,
                      pixels + (gsize) (part.y - strip->y) * rowstride +
                        (gsize) (part.x - strip->x) * read->reader->bpp,
                      rowstride);
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
  SegmentPixelReader reader;
  FeatureRead        read = { NULL, features, &reader };

  features_init (features, drawable, color_space, area, weighted);
  segment_pixel_reader_init (&reader, &features->colours, gimp_drawable_get_format (drawable));
  segment_source_read (source, drawable, source_area, convert_strip, &read);
  segment_pixel_reader_clear (&reader);
}

void
segment_features_read_reduced (SegmentFeatures     *features,
                               GimpDrawable        *drawable,
                               SegmentColorSpace    color_space,
                               const GeglRectangle *area,
                               gint                 width,
                               gint                 height)
{
  SegmentPixelReader reader;
  const Babl        *format;
  GBytes            *thumbnail = segment_thumbnail_read (drawable, area, width, height,
                                                         &format);

  features_init (features, drawable, color_space,
                 GEGL_RECTANGLE (0, 0, width, height), TRUE);
  segment_pixel_reader_init (&reader, &features->colours, format);
  segment_pixel_reader_features (&reader, g_bytes_get_data (thumbnail, NULL),
                                 (gsize) width * height, features->pixels,
                                 features->stride, TRUE);
  segment_pixel_reader_clear (&reader);
  g_bytes_unref (thumbnail);
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

typedef struct
{
  const SegmentFeatures *features;
  SegmentEncoding        target;
  guint8                *pixels;
} Export;

static void
export_range (gsize    offset,
              gsize    size,
              gpointer data)
{
  const Export          *job      = data;
  const SegmentFeatures *features = job->features;
  gint                   bpp      = job->target.n_components * job->target.bytes;

  for (gsize i = offset; i < offset + size; i++)
    {
      const gfloat *pixel = features->pixels + i * features->stride;
      gdouble       rgb[3];

      segment_colours_rgb (&features->colours, pixel, rgb);
      segment_pixel_encode (&features->colours, &job->target, rgb,
                            features->weighted ? pixel[features->n_dims] : 1.0,
                            job->pixels + i * bpp);
    }
}

/* A few hundred operations a pixel in double precision: threads pay off
 * from a few thousand pixels. */
void
segment_features_export (const SegmentFeatures *features,
                         const Babl            *target,
                         gpointer               pixels)
{
  Export job = { features, { 0 }, pixels };

  segment_encoding_of (&job.target, target);
  gegl_parallel_distribute_range ((gsize) features->area.width * features->area.height,
                                  4096.0, export_range, &job);
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
  segment_colours_clear (&features->colours);
}
