/* segment-insert.c — the last stage of a run: the new items go into the
 * image, in one undo step.
 *
 * GIMP takes a layer into a group only once the group is in the image, so
 * the empty group goes first and its layers after it.  Writing pixels to
 * items outside the image is allowed (GIMP refuses writes only to removed,
 * locked or group drawables), which is why everything could be written
 * before: a Cancel, which kills the plug-in, leaves those items outside
 * the image, where they are not part of it and have no undo step. */

#include <libgimp/gimp.h>

#include "segment-insert.h"

gboolean
segment_insert (GimpImage           *image,
                GimpDrawable        *drawable,
                const SegmentLayers *layers,
                GimpChannel        **channels,
                GError             **error)
{
  GimpItem  *parent     = gimp_item_get_parent (GIMP_ITEM (drawable));
  gint       position   = gimp_image_get_item_position (image, GIMP_ITEM (drawable));
  GimpLayer *group      = GIMP_LAYER (layers->group);
  gint       n_channels = 0;
  gboolean   group_in;
  gboolean   inserted;

  gimp_image_undo_group_start (image);

  group_in = gimp_image_insert_layer (image, group, parent ? GIMP_LAYER (parent) : NULL,
                                      position);
  inserted = group_in;
  for (gint rank = 0; inserted && rank < layers->n_layers; rank++)
    inserted = gimp_image_insert_layer (image, layers->layers[rank], group, rank);
  if (inserted && layers->label_map)
    inserted = gimp_image_insert_layer (image, layers->label_map, group, layers->n_layers);
  while (inserted && channels && channels[n_channels])
    {
      inserted = gimp_image_insert_channel (image, channels[n_channels], NULL, n_channels);
      n_channels += inserted;
    }

  /* Should GIMP refuse an item, what went in comes out again. */
  if (! inserted)
    {
      g_set_error (error, GIMP_PLUG_IN_ERROR, 0,
                   "GIMP did not take the segments into the image: %s",
                   gimp_pdb_get_last_error (gimp_get_pdb ()));
      while (n_channels > 0)
        gimp_image_remove_channel (image, channels[--n_channels]);
      if (group_in)
        gimp_image_remove_layer (image, group);
    }

  gimp_image_undo_group_end (image);

  return inserted;
}
