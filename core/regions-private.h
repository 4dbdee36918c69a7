/* regions-private.h — types and steps shared by the region files. */

#ifndef REGIONS_PRIVATE_H
#define REGIONS_PRIVATE_H

#include "kmeans-private.h"

struct _KmRegionSettings
{
  size_t         min_region;
  int            connectivity;
  int            smoothing;
  KmParallelHook parallel;
  void          *parallel_data;
};

/* Rows go to the parallel hook in strips of this many. */
#define KM_STRIP_ROWS 32

/* Calls func (block, data) once for every block in [0, n_blocks), through
 * the settings' parallel hook when there is one. */
static inline void
km_regions_parallel (const KmRegionSettings *settings,
                     size_t                  n_blocks,
                     KmBlockFunc             func,
                     void                   *data)
{
  km_parallel_run (settings->parallel, settings->parallel_data, n_blocks, func, data);
}

/* The rows [*first, *last) of a strip. */
static inline void
km_strip_rows (const KmImage *image,
               size_t         strip,
               size_t        *first,
               size_t        *last)
{
  km_block_range (strip, KM_STRIP_ROWS, image->height, first, last);
}

/* The image's pixels as the clustering's points. */
static inline KmPoints
km_image_points (const KmImage *image)
{
  return (KmPoints) { image->points, (size_t) image->width * image->height, image->n_dims,
                      image->point_stride, image->weights, image->weight_stride };
}

/* Pixel (x, y)'s label. */
static inline uint8_t
km_label_at (const KmImage *image,
             const uint8_t *labels,
             size_t         x,
             size_t         y)
{
  return labels[y * (size_t) image->width + x];
}

/* A run: the pixels [start, end) of one row that share a label, as many
 * as there are (KM_LABEL_NONE pixels are in no run). */
typedef struct
{
  uint32_t start;
  uint32_t end;
} KmRun;

/* The regions of a label image, as runs of each row.  Runs are numbered
 * in row order, and a region is known by its root: the number of its
 * first run.  Every run finds its region's root in one step. */
typedef struct
{
  int       reach; /* 0 for 4-connectivity, 1 for 8: how far sideways a
                      pixel touches the rows above and below */
  int       height;
  uint32_t *row_runs; /* height + 1: the runs of row y are
                         [row_runs[y], row_runs[y + 1]) */
  KmRun    *runs;
  uint32_t *roots; /* per run: its region's root */
  uint32_t *sizes; /* per run: at a root, its region's pixels; at any
                      other run 0, free for a step's own marks */
  size_t    n_runs;
  size_t    n_regions;
} KmRegionMap;

/* Finds the regions of the labels; KM_STATUS_OUT_OF_MEMORY or OK. */
KmStatus km_region_map_build (KmRegionMap            *map,
                              const KmRegionSettings *settings,
                              const KmImage          *image,
                              const uint8_t          *labels);
void     km_region_map_clear (KmRegionMap *map);

/* The row of run i, by bisection. */
size_t km_region_map_row (const KmRegionMap *map,
                          size_t             run);

/* For run b of one row, the runs of a neighbouring row [first, last) that
 * it touches start at the first one whose end is past b.start - reach, and
 * stop before the first whose start is at or past b.end + reach. */
static inline int
km_runs_touch (const KmRun *a,
               const KmRun *b,
               int          reach)
{
  return a->start < b->end + (uint32_t) reach &&
         b->start < a->end + (uint32_t) reach;
}

/* Pairs of touching pixels, one in run a and one in run b of the next or
 * previous row: |x_a - x_b| <= reach. */
static inline uint32_t
km_runs_border (const KmRun *a,
                const KmRun *b,
                int          reach)
{
  uint32_t pairs = 0;

  for (int shift = -reach; shift <= reach; shift++)
    {
      int64_t start = (int64_t) a->start + shift;
      int64_t end   = (int64_t) a->end + shift;

      if (start < b->start)
        start = b->start;
      if (end > b->end)
        end = b->end;
      if (end > start)
        pairs += (uint32_t) (end - start);
    }

  return pairs;
}

/* Smooths the labels (see regions-smooth.c). */
KmStatus km_regions_smooth (const KmRegionSettings *settings,
                            const KmImage          *image,
                            const float            *centres,
                            uint8_t                *labels);

/* Merges the regions smaller than the settings' min_region (see
 * regions-merge.c); the map describes the labels before and is used up.
 * *n_regions receives the number of regions after. */
KmStatus km_regions_merge (const KmRegionSettings *settings,
                           const KmImage          *image,
                           const float            *centres,
                           KmRegionMap            *map,
                           uint8_t                *labels,
                           size_t                 *n_regions);

#endif /* REGIONS_PRIVATE_H */
