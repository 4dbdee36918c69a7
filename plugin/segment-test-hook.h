/* segment-test-hook.h — for the tests only: ends or holds the plug-in at a
 * named stage of a run, as a Cancel on GIMP's progress would. */

#ifndef SEGMENT_TEST_HOOK_H
#define SEGMENT_TEST_HOOK_H

#include <libgimp/gimp.h>

/* The stages, in the order a run reaches them: "read" (the layer read),
 * "clustered", "layers" (half of the segment layers' rows written),
 * "channels" (half of the channels' rows written) and "written" (every
 * item written, none in the image yet: the last moment a Cancel can
 * reach).
 *
 * Nothing happens unless the environment variable
 * KMEANS_SEGMENT_TEST_HOOK names a file, which only the tests set.  A line
 * "abort STAGE" in that file makes the plug-in end abruptly (_exit, as if
 * GIMP had killed it) on reaching STAGE; "wait STAGE" makes it print
 * "kmeans-segment test hook: waiting at STAGE" on stderr and sleep there
 * for up to a minute, so that a GUI test can press Cancel at a known
 * moment.  The file is read at each stage, so one GIMP session can try
 * every stage. */
void segment_test_hook (const gchar *stage);

#endif /* SEGMENT_TEST_HOOK_H */
