/* replay.c — runs the fuzz target over files, without libFuzzer.
 *
 * Every test build replays the committed corpus (tests/fuzz/corpus) through
 * LLVMFuzzerTestOneInput, so each input the fuzzer kept, and each crash it
 * ever found, stays a regression test under gcc, the sanitizers and
 * valgrind.  Arguments are files or folders of files. */

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static int
replay_file (const char *path)
{
  FILE    *file = fopen (path, "rb");
  uint8_t *data;
  long     size;

  if (! file || fseek (file, 0, SEEK_END) != 0 || (size = ftell (file)) < 0 ||
      fseek (file, 0, SEEK_SET) != 0)
    {
      fprintf (stderr, "replay: cannot read %s\n", path);
      if (file)
        fclose (file);
      return 0;
    }

  data = malloc (size ? (size_t) size : 1);
  if (! data || fread (data, 1, (size_t) size, file) != (size_t) size)
    {
      fprintf (stderr, "replay: cannot read %s\n", path);
      free (data);
      fclose (file);
      return 0;
    }
  fclose (file);

  LLVMFuzzerTestOneInput (data, (size_t) size);
  free (data);
  return 1;
}

static int
compare_names (const void *a,
               const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* Replays a folder's files in name order, so runs are reproducible. */
static int
replay_folder (const char *path,
               size_t     *n_replayed)
{
  DIR           *folder = opendir (path);
  struct dirent *entry;
  char         **names   = NULL;
  size_t         n_names = 0;
  int            ok      = 1;

  if (! folder)
    {
      fprintf (stderr, "replay: cannot open %s\n", path);
      return 0;
    }

  while ((entry = readdir (folder)))
    {
      char **grown;

      if (entry->d_name[0] == '.')
        continue;
      grown = realloc (names, (n_names + 1) * sizeof (char *));
      if (! grown)
        {
          ok = 0;
          break;
        }
      names          = grown;
      names[n_names] = malloc (strlen (path) + strlen (entry->d_name) + 2);
      if (! names[n_names])
        {
          ok = 0;
          break;
        }
      sprintf (names[n_names++], "%s/%s", path, entry->d_name);
    }
  closedir (folder);

  qsort (names, n_names, sizeof (char *), compare_names);
  for (size_t i = 0; i < n_names; i++)
    {
      if (ok && replay_file (names[i]))
        (*n_replayed)++;
      else
        ok = 0;
      free (names[i]);
    }
  free (names);
  return ok;
}

int
main (int    argc,
      char **argv)
{
  size_t n_replayed = 0;
  int    ok         = 1;

  for (int i = 1; i < argc && ok; i++)
    {
      struct stat info;

      if (stat (argv[i], &info) == 0 && S_ISDIR (info.st_mode))
        ok = replay_folder (argv[i], &n_replayed);
      else if (replay_file (argv[i]))
        n_replayed++;
      else
        ok = 0;
    }

  if (ok && n_replayed == 0)
    {
      fprintf (stderr, "replay: no input given\n");
      ok = 0;
    }

  printf ("replayed %zu inputs\n", n_replayed);
  return ok ? 0 : 1;
}
