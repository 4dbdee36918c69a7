/* segment-regions.c — the final labels: the clustering's, cleaned into
 * regions as the options ask.
 *
 * The core cleans the labels on the features the clustering used (the same
 * colour space, weights and pixels that take part), then measures what is
 * left: every output (layers, fill=mean, colours, shares, order, channels,
 * label map, palette) describes these labels, not the clustering's. */

#include <string.h>

#include <libgimp/gimp.h>

#include <glib/gi18n.h>

#include "segment-cluster.h"
#include "segment-regions.h"

gboolean
segment_regions_asked (const SegmentOptions *options)
{
  return options->min_region > 1 || options->smoothing > 0;
}

void
segment_regions_describe (KmImage               *image,
                          const SegmentFeatures *features)
{
  image->width         = features->area.width;
  image->height        = features->area.height;
  image->points        = features->pixels;
  image->n_dims        = features->n_dims;
  image->point_stride  = features->stride;
  image->weights       = segment_features_weights (features);
  image->weight_stride = features->stride;
}

KmRegionSettings *
segment_regions_settings (const SegmentOptions *options)
{
  KmRegionSettings *settings = km_region_settings_new ();

  km_region_settings_set_min_region (settings, (size_t) options->min_region);
  km_region_settings_set_connectivity (settings, options->connectivity);
  km_region_settings_set_smoothing (settings, options->smoothing);
  km_region_settings_set_parallel (settings, segment_cluster_parallel, NULL);

  return settings;
}

/* Scripts read the count from n-segments-made; a user also learns why it
 * is short. */
static void
report_emptied (const SegmentRegions *regions,
                const KmResult       *result,
                const SegmentOptions *options)
{
  const size_t *before    = km_result_get_cluster_sizes (result);
  gint          n_made    = 0;
  gint          n_emptied = 0;
  gchar        *why;

  for (gint c = 0; c < regions->n_clusters; c++)
    {
      n_made += regions->sizes[c] > 0;
      n_emptied += before[c] > 0 && regions->sizes[c] == 0;
    }
  if (n_emptied == 0)
    return;

  if (options->min_region <= 1)
    why = g_strdup_printf (ngettext ("smoothing gave every pixel of %d segment to "
                                     "neighbouring segments",
                                     "smoothing gave every pixel of %d segments to "
                                     "neighbouring segments",
                                     n_emptied),
                           n_emptied);
  else if (options->smoothing)
    why = g_strdup_printf (ngettext ("after smoothing, %d segment had no region of %d "
                                     "pixels or more",
                                     "after smoothing, %d segments had no region of %d "
                                     "pixels or more",
                                     n_emptied),
                           n_emptied, options->min_region);
  else
    why = g_strdup_printf (ngettext ("%d segment had no region of %d pixels or more",
                                     "%d segments had no region of %d pixels or more",
                                     n_emptied),
                           n_emptied, options->min_region);

  g_message (ngettext ("Made %d segment, not %d: %s.", "Made %d segments, not %d: %s.",
                       n_made),
             n_made, n_made + n_emptied, why);
  g_free (why);
}

gboolean
segment_regions_make (SegmentRegions        *regions,
                      const KmResult        *result,
                      const SegmentFeatures *features,
                      const SegmentOptions  *options,
                      GError               **error)
{
  KmRegionSettings *settings = segment_regions_settings (options);
  gint              n        = km_result_get_n_clusters (result);
  gsize             n_pixels = km_result_get_n_points (result);
  gint64            started  = g_get_monotonic_time ();
  KmImage           image;
  KmStatus          status;

  segment_regions_describe (&image, features);
  memset (regions, 0, sizeof *regions);
  regions->n_clusters = n;
  regions->sizes      = g_new (size_t, n);
  regions->centres    = g_new (gfloat, (gsize) n * features->n_dims);

  if (segment_regions_asked (options))
    {
      regions->cleaned = g_memdup2 (km_result_get_labels (result), n_pixels);
      regions->labels  = regions->cleaned;
      status           = km_regions_clean (settings, &image, km_result_get_centres (result),
                                           n, regions->cleaned, &regions->n_regions);
      if (status == KM_STATUS_OK)
        status = km_regions_measure (settings, &image, regions->labels, n, NULL,
                                     regions->sizes, NULL, regions->centres);
    }
  else
    {
      regions->labels = km_result_get_labels (result);
      memcpy (regions->sizes, km_result_get_cluster_sizes (result), n * sizeof (size_t));
      memcpy (regions->centres, km_result_get_centres (result),
              (gsize) n * features->n_dims * sizeof (gfloat));
      status = km_regions_measure (settings, &image, regions->labels, n,
                                   &regions->n_regions, NULL, NULL, NULL);
    }
  km_region_settings_free (settings);
  g_debug ("regions: %zu found%s in %.1f ms", regions->n_regions,
           segment_regions_asked (options) ? " after the cleanup" : "",
           (g_get_monotonic_time () - started) / 1000.0);

  if (status != KM_STATUS_OK)
    {
      segment_regions_clear (regions);
      g_set_error (error, GIMP_PLUG_IN_ERROR, 0,
                   _ ("Cleaning the segments into regions failed: %s."),
                   km_status_message (status));
      return FALSE;
    }

  report_emptied (regions, result, options);

  return TRUE;
}

void
segment_regions_clear (SegmentRegions *regions)
{
  g_clear_pointer (&regions->sizes, g_free);
  g_clear_pointer (&regions->centres, g_free);
  g_clear_pointer (&regions->cleaned, g_free);
  regions->labels = NULL;
}
