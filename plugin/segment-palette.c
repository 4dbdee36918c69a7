/* segment-palette.c — the segments' colours as a GIMP palette.
 *
 * A palette is a resource of the user's profile, not part of the image:
 * it outlives the image and Edit › Undo does not remove it. */

#include <string.h>

#include <libgimp/gimp.h>

#include "segment-palette.h"

/* The image's file name without its extension, or the name GIMP shows for
 * an image without a file ("[Untitled]"). */
static gchar *
image_stem (GimpImage *image)
{
  GFile *file = gimp_image_get_file (image);
  gchar *stem;

  if (file)
    {
      gchar *base = g_file_get_basename (file);
      gchar *dot  = strrchr (base, '.');

      if (dot && dot != base)
        *dot = '\0';
      stem = base;
      g_object_unref (file);
    }
  else
    {
      stem = gimp_image_get_name (image);
    }

  return stem;
}

GimpPalette *
segment_palette_create (GimpImage          *image,
                        const SegmentOrder *order)
{
  gchar       *stem    = image_stem (image);
  gchar       *name    = g_strdup_printf ("%s K-Means", stem);
  GimpPalette *palette = gimp_palette_new (name);

  for (gint rank = 0; rank < order->n_segments; rank++)
    {
      gint index;

      gimp_palette_add_entry (palette, order->segments[rank].name,
                              order->segments[rank].colour, &index);
    }

  g_free (name);
  g_free (stem);

  return palette;
}
