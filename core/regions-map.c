/* regions-map.c — finds the connected regions of a label image.
 *
 * Each row is cut into runs of one label, and runs are joined with a
 * union-find whose every link goes from the larger root to the smaller:
 * whatever the order of the unions, each region's root ends as its lowest
 * run, its first in row order.  So strips of rows are joined in parallel,
 * each on its own runs (a strip's unions touch only its runs), then the
 * borders between strips one after another, and the result never depends
 * on the threads.
 *
 *  1. count the runs of each row (strips in parallel), then number them;
 *  2. per strip: cut its rows into runs, join each run to the runs of the
 *     row above that touch it and have its label, point every run at its
 *     root in the strip and add up the roots' pixels;
 *  3. join the runs across each border between strips, linking only
 *     roots (in order of the borders), then point the linked roots at
 *     their final roots (in increasing order, so each link's target is
 *     final when read) and add their pixels to them;
 *  4. per strip: point every run at its final root (a run points at a
 *     root of its strip, which now points at the final one).
 *
 * Memory: 16 bytes a run and 4 bytes a row. */

#include <stdlib.h>
#include <string.h>

#include "regions-private.h"

typedef struct
{
  const KmImage *image;
  const uint8_t *labels;
  KmRegionMap   *map;
  size_t        *strip_roots; /* per strip: its roots after step 2 */
} KmMapBuild;

/* Runs of one row: where a labelled pixel starts one.  Counted in
 * pieces of up to 255 pixels in a byte, which the compiler vectorises. */
static uint32_t
count_row_runs (const uint8_t *row,
                size_t         width)
{
  uint32_t n = row[0] != KM_LABEL_NONE;

  for (size_t start = 1; start < width; start += 255)
    {
      size_t  end   = width - start < 255 ? width : start + 255;
      uint8_t piece = 0;

      for (size_t x = start; x < end; x++)
        piece += (row[x] != row[x - 1]) & (row[x] != KM_LABEL_NONE);
      n += piece;
    }

  return n;
}

static void
count_strip_runs (size_t strip,
                  void  *data)
{
  KmMapBuild *build = data;
  size_t      first, last;

  km_strip_rows (build->image, strip, &first, &last);

  for (size_t y = first; y < last; y++)
    build->map->row_runs[y + 1] =
      count_row_runs (build->labels + y * build->image->width,
                      build->image->width);
}

/* The end of the run of label that starts at x: eight pixels at a time
 * while they all have the label. */
static size_t
run_end (const uint8_t *row,
         size_t         x,
         size_t         width)
{
  const uint64_t pattern = 0x0101010101010101u * row[x];

  x++;
  while (x + 8 <= width)
    {
      uint64_t word;

      memcpy (&word, row + x, 8);
      word ^= pattern;
      if (word)
        {
          /* The first differing byte, in memory order. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
          return x + (size_t) (__builtin_ctzll (word) >> 3);
#else
          return x + (size_t) (__builtin_clzll (word) >> 3);
#endif
        }
      x += 8;
    }
  while (x < width && row[x] == row[x - 1])
    x++;

  return x;
}

/* With path halving: every run visited points higher on its path. */
static uint32_t
find_root (uint32_t *roots,
           uint32_t  run)
{
  while (roots[run] != run)
    {
      roots[run] = roots[roots[run]];
      run        = roots[run];
    }

  return run;
}

/* Joins the runs [b_first, b_last) of row y to the runs [a_first, a_last)
 * of row y - 1 that touch them and have their label, linking the larger
 * root to the smaller.  Within a strip, any run is followed to its root;
 * across strips (after step 2) each run points at a root, and only roots
 * are linked or shortened; each linked root goes to *touched. */
static void
join_rows (KmRegionMap   *map,
           const uint8_t *row_a,
           const uint8_t *row_b,
           size_t         a_first,
           size_t         a_last,
           size_t         b_first,
           size_t         b_last,
           uint32_t     **touched,
           int            across_strips)
{
  size_t a = a_first;

  for (size_t b = b_first; b < b_last; b++)
    {
      const KmRun *run_b = &map->runs[b];
      uint8_t      label = row_b[run_b->start];

      while (a < a_last && map->runs[a].end + (uint32_t) map->reach <= run_b->start)
        a++;

      for (size_t k = a;
           k < a_last && map->runs[k].start < run_b->end + (uint32_t) map->reach; k++)
        {
          uint32_t root_a, root_b;

          if (row_a[map->runs[k].start] != label)
            continue;

          if (across_strips)
            {
              /* Runs point at roots: only roots are linked or shortened. */
              root_a = map->roots[k];
              root_b = map->roots[b];
              while (map->roots[root_a] != root_a)
                root_a = map->roots[root_a] = map->roots[map->roots[root_a]];
              while (map->roots[root_b] != root_b)
                root_b = map->roots[root_b] = map->roots[map->roots[root_b]];
            }
          else
            {
              root_a = find_root (map->roots, (uint32_t) k);
              root_b = find_root (map->roots, (uint32_t) b);
            }

          if (root_a == root_b)
            continue;
          if (root_a < root_b)
            {
              map->roots[root_b] = root_a;
              if (touched)
                *(*touched)++ = root_b;
            }
          else
            {
              map->roots[root_a] = root_b;
              if (touched)
                *(*touched)++ = root_a;
            }
        }
    }
}

static void
join_strip_runs (size_t strip,
                 void  *data)
{
  KmMapBuild  *build = data;
  KmRegionMap *map   = build->map;
  size_t       width = build->image->width;
  size_t       first, last;
  size_t       n_roots = 0;

  km_strip_rows (build->image, strip, &first, &last);

  for (size_t y = first; y < last; y++)
    {
      const uint8_t *row = build->labels + y * width;
      size_t         i   = map->row_runs[y];

      for (size_t x = 0; x < width;)
        {
          size_t end = run_end (row, x, width);

          if (row[x] != KM_LABEL_NONE)
            {
              map->runs[i]  = (KmRun) { (uint32_t) x, (uint32_t) end };
              map->roots[i] = (uint32_t) i;
              i++;
            }
          x = end;
        }

      if (y > first)
        join_rows (map, row - width, row, map->row_runs[y - 1], map->row_runs[y],
                   map->row_runs[y], map->row_runs[y + 1], NULL, 0);
    }

  for (size_t i = map->row_runs[first]; i < map->row_runs[last]; i++)
    {
      map->roots[i] = map->roots[map->roots[i]];
      map->sizes[i] = 0;
    }
  for (size_t i = map->row_runs[first]; i < map->row_runs[last]; i++)
    {
      map->sizes[map->roots[i]] += map->runs[i].end - map->runs[i].start;
      n_roots += map->roots[i] == i;
    }

  build->strip_roots[strip] = n_roots;
}

static void
point_strip_runs (size_t strip,
                  void  *data)
{
  KmMapBuild  *build = data;
  KmRegionMap *map   = build->map;
  size_t       first, last;

  km_strip_rows (build->image, strip, &first, &last);

  /* Written only where it changes: a final root elsewhere may be read by
   * another strip meanwhile. */
  for (size_t i = map->row_runs[first]; i < map->row_runs[last]; i++)
    {
      uint32_t root  = map->roots[i];
      uint32_t final = map->roots[root];

      if (final != root)
        map->roots[i] = final;
    }
}

static int
compare_runs (const void *a,
              const void *b)
{
  uint32_t x = *(const uint32_t *) a;
  uint32_t y = *(const uint32_t *) b;

  return (x > y) - (x < y);
}

KmStatus
km_region_map_build (KmRegionMap            *map,
                     const KmRegionSettings *settings,
                     const KmImage          *image,
                     const uint8_t          *labels)
{
  size_t     height   = image->height;
  size_t     n_strips = km_n_blocks (height, KM_STRIP_ROWS);
  KmMapBuild build    = { image, labels, map, NULL };
  uint32_t  *touched  = NULL;
  uint32_t  *touched_end;
  size_t     n_border_runs = 0;

  *map              = (KmRegionMap) { 0 };
  map->reach        = settings->connectivity == 8;
  map->height       = image->height;
  map->row_runs     = malloc ((height + 1) * sizeof (uint32_t));
  build.strip_roots = malloc (n_strips * sizeof (size_t));
  if (! map->row_runs || ! build.strip_roots)
    goto out_of_memory;

  map->row_runs[0] = 0;
  km_regions_parallel (settings, n_strips, count_strip_runs, &build);
  for (size_t y = 0; y < height; y++)
    map->row_runs[y + 1] += map->row_runs[y];
  map->n_runs = map->row_runs[height];

  map->runs  = malloc ((map->n_runs + 1) * sizeof (KmRun));
  map->roots = malloc ((map->n_runs + 1) * sizeof (uint32_t));
  map->sizes = malloc ((map->n_runs + 1) * sizeof (uint32_t));
  if (! map->runs || ! map->roots || ! map->sizes)
    goto out_of_memory;

  km_regions_parallel (settings, n_strips, join_strip_runs, &build);

  /* Each link joins two regions of the border's two rows: fewer links
   * than runs in those rows. */
  for (size_t s = 1; s < n_strips; s++)
    {
      size_t y = s * KM_STRIP_ROWS;

      n_border_runs += map->row_runs[y + 1] - map->row_runs[y - 1];
    }
  touched = malloc ((n_border_runs + 1) * sizeof (uint32_t));
  if (! touched)
    goto out_of_memory;
  touched_end = touched;

  for (size_t s = 1; s < n_strips; s++)
    {
      size_t y = s * KM_STRIP_ROWS;

      join_rows (map, labels + (y - 1) * image->width, labels + y * image->width,
                 map->row_runs[y - 1], map->row_runs[y], map->row_runs[y],
                 map->row_runs[y + 1], &touched_end, 1);
    }

  qsort (touched, touched_end - touched, sizeof (uint32_t), compare_runs);
  for (uint32_t *t = touched; t < touched_end; t++)
    {
      map->roots[*t] = map->roots[map->roots[*t]];
      map->sizes[map->roots[*t]] += map->sizes[*t];
      map->sizes[*t] = 0;
    }

  km_regions_parallel (settings, n_strips, point_strip_runs, &build);

  map->n_regions = 0;
  for (size_t s = 0; s < n_strips; s++)
    map->n_regions += build.strip_roots[s];
  map->n_regions -= touched_end - touched;

  free (touched);
  free (build.strip_roots);
  return KM_STATUS_OK;

out_of_memory:
  free (touched);
  free (build.strip_roots);
  km_region_map_clear (map);
  return KM_STATUS_OUT_OF_MEMORY;
}

void
km_region_map_clear (KmRegionMap *map)
{
  free (map->row_runs);
  free (map->runs);
  free (map->roots);
  free (map->sizes);
  *map = (KmRegionMap) { 0 };
}

size_t
km_region_map_row (const KmRegionMap *map,
                   size_t             run)
{
  size_t low  = 0;
  size_t high = map->height;

  /* The last row whose first run is at or before run. */
  while (high - low > 1)
    {
      size_t middle = low + (high - low) / 2;

      if (map->row_runs[middle] <= run)
        low = middle;
      else
        high = middle;
    }

  return low;
}
