/* segment-palette-entries.h — the palette argument: its entries as the
 * core's given centres, and the segments named after them. */

#ifndef SEGMENT_PALETTE_ENTRIES_H
#define SEGMENT_PALETTE_ENTRIES_H

#include <libgimp/gimp.h>

#include "kmeans.h"
#include "segment-colours.h"
#include "segment-options.h"
#include "segment-order.h"

/* Reads the options' palette's entries into the options (main thread
 * only): palette_size, palette_colours, palette_fixed. */
void segment_palette_entries_read (SegmentOptions *options);

/* Whether two sets of options have the same palette, mode and entries (as
 * read): the same given centres. */
gboolean segment_palette_entries_same (const SegmentOptions *first,
                                       const SegmentOptions *second);

/* FALSE, with a message for a calling error, unless the options' palette
 * (if any) still exists and has 2 to SEGMENT_MAX_SEGMENTS entries. */
gboolean segment_palette_entries_check (const SegmentOptions *options,
                                        GError              **error);

/* Gives the palette's entries (as read) to the core's settings as centres, in the
 * features' colour space, fixed as palette-mode says, and sets the number
 * of clusters: every entry for lock and partial; n-segments for seed, from
 * the first n-segments entries (the others ignored) or from every entry and
 * k-means++ clusters around them.  Nothing without a palette.  Makes no
 * call to GIMP: safe in any thread. */
void segment_palette_entries_give (const SegmentOptions *options,
                                   const SegmentColours *colours,
                                   KmSettings           *settings);

/* Names each segment after its entry ("Segment 2 · Navy · #1b2a4a ·
 * 12.3 %", numbered as the entry), and gives a fixed entry's segment the
 * entry's own colour, so that fill=mean paints it exactly. */
void segment_palette_entries_name (const SegmentOptions *options,
                                   SegmentOrder         *order);

#endif /* SEGMENT_PALETTE_ENTRIES_H */
