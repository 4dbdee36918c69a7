/* segment-palette.c — the segments' colours as a GIMP palette.
 *
 * A palette is a resource of the user's profile, not part of the image:
 * it outlives the image and Edit › Undo does not remove it. */

#include <string.h>

#include <libgimp/gimp.h>

#include "segment-palette.h"

/* The name GIMP shows for the image ("photo.png") without its file
 * extension.  An image without a file is "[Untitled]" to GIMP, and so is
 * one a batch script loaded (gimp-file-load sets no file in 3.0.4): then
 * the layer's name stands in, which for a loaded file is the file's name. */
static gchar *
palette_stem (GimpImage    *image,
              GimpDrawable *drawable)
{
  GFile *file = gimp_image_get_file (image);
  gchar *name;
  gchar *dot;

  if (! file)
    file = gimp_image_get_imported_file (image);
  if (! file)
    file = gimp_image_get_exported_file (image);

  if (file)
    name = gimp_image_get_name (image);
  else
    name = g_strdup (gimp_item_get_name (GIMP_ITEM (drawable)));
  g_clear_object (&file);

  dot = strrchr (name, '.');
  if (dot && dot != name)
    *dot = '\0';

  return name;
}

GimpPalette *
segment_palette_create (GimpImage          *image,
                        GimpDrawable       *drawable,
                        const SegmentOrder *order)
{
  gchar       *stem    = palette_stem (image, drawable);
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
