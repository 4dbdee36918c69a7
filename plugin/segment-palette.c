/* segment-palette.c — the segments' colours as a GIMP palette.
 *
 * A palette is a resource of the user's profile, not part of the image:
 * it outlives the image and Edit › Undo does not remove it. */

#include <string.h>

#include <libgimp/gimp.h>

#include "segment-palette.h"

/* GIMP keeps a palette in a file named after it, and a file name has at
 * most 255 bytes: the name stays below that with room for the " #1" GIMP
 * adds to a taken name and the "-1.gpl" of the file. */
#define PALETTE_NAME_MAX_BYTES 200

/* The image file extensions dropped from a name: a dot followed by
 * anything else ("Mr. Smith", "v1.2") is part of the name. */
static const gchar *const image_extensions[] = {
  ".xcf", ".xcf.gz", ".xcf.bz2", ".xcf.xz", ".png", ".jpg", ".jpeg", ".jpe",
  ".jxl", ".tif", ".tiff", ".gif", ".bmp", ".webp", ".avif", ".heic", ".heif",
  ".psd", ".ora", ".exr", ".hdr", ".tga", ".ico", ".pnm", ".ppm", ".pgm",
  ".pbm", ".pam", ".svg", ".pdf", ".xpm", ".dds", ".qoi", ".fits", ".dng",
  NULL
};

static void
drop_image_extension (gchar *name)
{
  gsize length = strlen (name);

  for (gint i = 0; image_extensions[i]; i++)
    {
      gsize extension = strlen (image_extensions[i]);

      if (length > extension &&
          g_ascii_strcasecmp (name + length - extension, image_extensions[i]) == 0)
        {
          name[length - extension] = '\0';
          return;
        }
    }
}

/* Cuts text to at most max_bytes bytes, at the start of a UTF-8
 * character. */
static void
truncate_utf8 (gchar *text,
               gsize  max_bytes)
{
  gchar *end = text + max_bytes;

  if (strlen (text) <= max_bytes)
    return;

  while (end > text && (*end & 0xc0) == 0x80)
    end--;
  *end = '\0';
}

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

  if (! file)
    file = gimp_image_get_imported_file (image);
  if (! file)
    file = gimp_image_get_exported_file (image);

  if (file)
    name = gimp_image_get_name (image);
  else
    name = g_strdup (gimp_item_get_name (GIMP_ITEM (drawable)));
  g_clear_object (&file);

  drop_image_extension (name);
  return g_strstrip (name);
}

GimpPalette *
segment_palette_create (GimpImage          *image,
                        GimpDrawable       *drawable,
                        const SegmentOrder *order)
{
  gchar       *stem = palette_stem (image, drawable);
  gchar       *name;
  GimpPalette *palette;

  /* A name of spaces only would give " K-Means". */
  truncate_utf8 (stem, PALETTE_NAME_MAX_BYTES - strlen (" K-Means"));
  name    = *stem ? g_strdup_printf ("%s K-Means", stem) : g_strdup ("K-Means");
  palette = gimp_palette_new (name);

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
