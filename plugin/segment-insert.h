/* segment-insert.h — the last stage of a run: the new items go into the
 * image, in one undo step. */

#ifndef SEGMENT_INSERT_H
#define SEGMENT_INSERT_H

#include <libgimp/gimp.h>

#include "segment-layers.h"

/* Puts the group right above the drawable (in its parent group, if any),
 * the segment layers and the label map into the group in order, and the
 * channels and the paths (each NULL-terminated; NULL for none) at the top
 * of the image's channels and paths, all in one undo group.  Every item was written before: this
 * only links them into the image, and GIMP copies no pixel (for 64
 * segments and their channels, 0.1 to 0.5 s on a busy machine, most of it
 * in GIMP; the first time in a session GIMP adds a few hundred ms of its
 * own setup).  The caller ends its progress first, so that no Cancel can
 * stop it halfway (a Cancel kills the plug-in).  FALSE with error set, and
 * nothing left in the image, when GIMP refuses an item. */
gboolean segment_insert (GimpImage           *image,
                         GimpDrawable        *drawable,
                         const SegmentLayers *layers,
                         GimpChannel        **channels,
                         GimpPath           **paths,
                         GError             **error);

#endif /* SEGMENT_INSERT_H */
