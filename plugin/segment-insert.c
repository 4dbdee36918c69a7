/* segment-insert.c — the last stage of a run: the new items go into the
 * image, in one undo step.
 *
 * GIMP takes a layer into a group only once the group is in the image, so
 * the empty group goes first and its layers after it.  Writing pixels to
 * items outside the image is allowed (GIMP refuses writes only to removed,
 * locked or group drawables), which is why everything could be written
 * before: a Cancel, which kills the plug-in, leaves those items outside
 * the image, where they are not part of it and have no undo step.
 *
 * GIMP selects each item as it goes in; GIMP's own filters leave the
 * user's selected layers, channels and paths as they were (so that
 * Filters › Repeat runs on the source again), and so does this stage. */

#include <libgimp/gimp.h>

#include <glib/gi18n.h>

#include "segment-insert.h"

gboolean
segment_insert (GimpImage           *image,
                GimpDrawable        *drawable,
                const SegmentLayers *layers,
                GimpChannel        **channels,
                GimpPath           **paths,
                GError             **error)
{
  GimpItem     *parent            = gimp_item_get_parent (GIMP_ITEM (drawable));
  gint          position          = gimp_image_get_item_position (image, GIMP_ITEM (drawable));
  GimpLayer    *group             = GIMP_LAYER (layers->group);
  gint64        started           = g_get_monotonic_time ();
  gint          n_channels        = 0;
  gint          n_paths           = 0;
  GimpLayer   **selected_layers   = gimp_image_get_selected_layers (image);
  GimpChannel **selected_channels = gimp_image_get_selected_channels (image);
  GimpPath    **selected_paths    = gimp_image_get_selected_paths (image);
  gboolean      group_in;
  gboolean      inserted;

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
  while (inserted && paths && paths[n_paths])
    {
      inserted = gimp_image_insert_path (image, paths[n_paths], NULL, n_paths);
      n_paths += inserted;
    }

  /* Should GIMP refuse an item, what went in comes out again. */
  if (! inserted)
    {
      g_set_error (error, GIMP_PLUG_IN_ERROR, 0,
                   _ ("GIMP did not take the segments into the image: %s"),
                   gimp_pdb_get_last_error (gimp_get_pdb ()));
      while (n_paths > 0)
        gimp_image_remove_path (image, paths[--n_paths]);
      while (n_channels > 0)
        gimp_image_remove_channel (image, channels[--n_channels]);
      if (group_in)
        gimp_image_remove_layer (image, group);
    }

  /* Selected layers deselect the channels.  GIMP refuses an empty list
   * (3.0.4): a path the run made stays selected when none was, which
   * Filters › Repeat ignores. */
  if (selected_paths[0])
    gimp_image_set_selected_paths (image, (const GimpPath **) selected_paths);
  if (selected_channels[0])
    gimp_image_set_selected_channels (image, (const GimpChannel **) selected_channels);
  if (selected_layers[0])
    gimp_image_set_selected_layers (image, (const GimpLayer **) selected_layers);
  g_free (selected_paths);
  g_free (selected_channels);
  g_free (selected_layers);

  gimp_image_undo_group_end (image);

  /* G_MESSAGES_DEBUG=kmeans-segment shows how long nothing could cancel. */
  g_debug ("insert: %d layers, %d channels and %d paths into the image in %.1f ms",
           layers->n_layers + (layers->label_map != NULL), n_channels, n_paths,
           (g_get_monotonic_time () - started) / 1000.0);

  return inserted;
}
