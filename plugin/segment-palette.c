/* segment-palette.c — the segments' colours as a GIMP palette.
 *
 * A palette is a resource of the user's profile, not part of the image:
 * it outlives the image and Edit › Undo does not remove it. */

#include <string.h>

#include <libgimp/gimp.h>

#include "segment-palette.h"

/* The name GIMP shows for the image ("photo.png", "[Untitled]") without
 * its file extension. */
static gchar *
image_stem (GimpImage *image)
{
  gchar *name = gimp_image_get_name (image);
  gchar *dot  = strrchr (name, '.');

  if (dot && dot != name)
    *dot = '\0';

  return name;
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
