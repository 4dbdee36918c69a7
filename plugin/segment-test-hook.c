/* segment-test-hook.c — for the tests only: ends or holds the plug-in at a
 * named stage of a run (see segment-test-hook.h). */

#include <string.h>
#include <unistd.h>

#include <libgimp/gimp.h>

#include "segment-test-hook.h"

#define WAIT_SECONDS 60

void
segment_test_hook (const gchar *stage)
{
  const gchar *path = g_getenv ("KMEANS_SEGMENT_TEST_HOOK");
  gchar       *contents;
  gchar      **words;

  if (! path || ! g_file_get_contents (path, &contents, NULL, NULL))
    return;

  words = g_strsplit_set (g_strstrip (contents), " \t\n", 2);
  if (g_strv_length (words) == 2 && strcmp (words[1], stage) == 0)
    {
      if (strcmp (words[0], "abort") == 0)
        _exit (1);

      if (strcmp (words[0], "wait") == 0)
        {
          g_printerr ("kmeans-segment test hook: waiting at %s\n", stage);
          g_usleep (WAIT_SECONDS * G_USEC_PER_SEC);
        }
    }

  g_strfreev (words);
  g_free (contents);
}
