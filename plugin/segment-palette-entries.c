/* segment-palette-entries.c — the palette argument: its entries as the
 * core's given centres, and the segments named after them.
 *
 * An entry's colour becomes features the way a pixel does: as one pixel
 * of R'G'B'A float (Y'A float for grey) in the image's space, through the
 * plug-in's own pixel reader (segment-pixels.h).  The entries are read
 * from GIMP once, on the main thread, since the preview clusters in a
 * thread of its own. */

#include <string.h>

#include <libgimp/gimp.h>

#include <glib/gi18n.h>

#include "segment-palette-entries.h"
#include "segment-pixels.h"

gboolean
segment_palette_entries_check (const SegmentOptions *options,
                               GError              **error)
{
  gint n;

  if (! options->palette)
    return TRUE;

  if (! gimp_resource_is_valid (GIMP_RESOURCE (options->palette)))
    {
      g_set_error (error, GIMP_PLUG_IN_ERROR, 0,
                   _ ("The palette given no longer exists. Give an existing palette of "
                      "2 to %d colours, or none."),
                   SEGMENT_MAX_SEGMENTS);
      return FALSE;
    }

  n = gimp_palette_get_color_count (options->palette);
  if (n < 2 || n > SEGMENT_MAX_SEGMENTS)
    {
      g_set_error (error, GIMP_PLUG_IN_ERROR, 0,
                   _ ("Colours in the palette \"%s\": %d. A palette for K-Means Segment "
                      "needs 2 to %d colours."),
                   gimp_resource_get_name (GIMP_RESOURCE (options->palette)), n,
                   SEGMENT_MAX_SEGMENTS);
      return FALSE;
    }

  return TRUE;
}

/* Whether entry i stays where it is. */
static gboolean
entry_is_fixed (const SegmentOptions *options,
                gint                  i)
{
  gchar   *name  = NULL;
  gboolean fixed = FALSE;

  if (options->palette_mode == SEGMENT_PALETTE_LOCK)
    return TRUE;
  if (options->palette_mode == SEGMENT_PALETTE_PARTIAL &&
      gimp_palette_get_entry_name (options->palette, i, &name))
    fixed = name && name[0] == '!';
  g_free (name);
  return fixed;
}

void
segment_palette_entries_read (SegmentOptions *options)
{
  GeglColor **entries;

  options->palette_size = 0;
  if (! options->palette || ! gimp_resource_is_valid (GIMP_RESOURCE (options->palette)))
    return;

  entries               = gimp_palette_get_colors (options->palette);
  options->palette_size = gimp_palette_get_color_count (options->palette);
  for (gint i = 0; i < MIN (options->palette_size, SEGMENT_MAX_SEGMENTS); i++)
    {
      gegl_color_get_pixel (entries[i], babl_format ("RGBA float"), options->palette_colours[i]);
      options->palette_fixed[i] = entry_is_fixed (options, i);
    }
  gimp_color_array_free (entries);
}

gboolean
segment_palette_entries_same (const SegmentOptions *first,
                              const SegmentOptions *second)
{
  gint n = first->palette_size;

  if (first->palette != second->palette)
    return FALSE;
  if (! first->palette)
    return TRUE;
  return first->palette_mode == second->palette_mode && n == second->palette_size &&
         memcmp (first->palette_colours, second->palette_colours,
                 MIN (n, SEGMENT_MAX_SEGMENTS) * sizeof first->palette_colours[0]) == 0 &&
         memcmp (first->palette_fixed, second->palette_fixed,
                 MIN (n, SEGMENT_MAX_SEGMENTS) * sizeof first->palette_fixed[0]) == 0;
}

void
segment_palette_entries_give (const SegmentOptions *options,
                              const SegmentColours *colours,
                              KmSettings           *settings)
{
  const Babl        *format;
  const Babl        *fish;
  SegmentPixelReader reader;
  gint               n, n_clusters;
  gfloat            *centres;
  uint8_t            fixed[KM_MAX_CLUSTERS];

  if (! options->palette)
    return;

  format = babl_format_with_space (colours->grey ? "Y'A float" : "R'G'B'A float",
                                   colours->space);
  fish = babl_fish (babl_format ("RGBA float"), format);

  n_clusters = options->palette_mode == SEGMENT_PALETTE_SEED ? options->n_segments
                                                             : options->palette_size;
  n          = MIN (options->palette_size, n_clusters);
  centres    = g_new (gfloat, n * colours->n_dims);

  segment_pixel_reader_init (&reader, colours, format);
  for (gint i = 0; i < n; i++)
    {
      gfloat pixel[4];

      babl_process (fish, options->palette_colours[i], pixel, 1);
      segment_pixel_reader_features (&reader, (const guint8 *) pixel, 1,
                                     &centres[i * colours->n_dims], colours->n_dims, FALSE);
      fixed[i] = options->palette_fixed[i];
    }
  segment_pixel_reader_clear (&reader);

  km_settings_set_n_clusters (settings, n_clusters);
  km_settings_set_error_target (settings, 0.0);
  km_settings_set_initial_centres (settings, centres, n, colours->n_dims, fixed);

  g_free (centres);
}

void
segment_palette_entries_name (const SegmentOptions *options,
                              SegmentOrder         *order)
{
  if (! options->palette)
    return;

  for (gint rank = 0; rank < order->n_segments; rank++)
    {
      SegmentInfo *info = &order->segments[rank];
      gchar       *name = NULL;

      if (info->cluster >= options->palette_size)
        continue;

      if (options->palette_fixed[info->cluster])
        {
          g_object_unref (info->colour);
          info->colour = gimp_palette_get_entry_color (options->palette, info->cluster);
        }

      gimp_palette_get_entry_name (options->palette, info->cluster, &name);
      g_free (info->name);
      info->name = g_strdup_printf (_ ("Segment %d · %s · %s · %.1f %%"), info->cluster + 1,
                                    name ? name : "", info->colour_name, info->share * 100.0);
      g_free (name);
    }
}
