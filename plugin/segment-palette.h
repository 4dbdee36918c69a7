/* segment-palette.h — the segments' colours as a GIMP palette. */

#ifndef SEGMENT_PALETTE_H
#define SEGMENT_PALETTE_H

#include <libgimp/gimp.h>

#include "segment-order.h"

/* Creates a new palette named "<image name> K-Means", without an image
 * file extension (or "<layer name> K-Means" for an image without a file),
 * at most 200 bytes so that its file name fits, with one entry per
 * segment, in order: its colour, named like its layer.  GIMP adds " #1",
 * " #2"… when the name is taken, so no palette is ever overwritten. */
GimpPalette *segment_palette_create (GimpImage          *image,
                                     GimpDrawable       *drawable,
                                     const SegmentOrder *order);

#endif /* SEGMENT_PALETTE_H */
