/* kmeans-private.h — types and steps shared by the core's source files. */

#ifndef KMEANS_PRIVATE_H
#define KMEANS_PRIVATE_H

#include "kmeans.h"
#include "kmeans-points.h"

struct _KmSettings
{
  int            n_clusters;
  int            max_iterations;
  double         tolerance;
  uint64_t       seed;
  int            restarts;
  double         error_target;
  int            error_curve_only;
  int            n_initial; /* given centres, the first n_initial clusters */
  int            initial_dims;
  float          initial[KM_MAX_CLUSTERS * KM_MAX_DIMS];
  uint8_t        fixed[KM_MAX_CLUSTERS]; /* nonzero: the centre never moves */
  KmParallelHook parallel;
  void          *parallel_data;
  KmProgressFunc progress;
  void          *progress_data;
  KmCancelFunc   cancelled;
  void          *cancel_data;
};

struct _KmResult
{
  int         n_clusters;
  KmShortfall shortfall;
  int         n_dims;
  float      *centres;
  uint8_t    *labels;
  size_t      n_points;
  double     *cluster_weights;
  size_t     *cluster_sizes;
  double      inertia;
  int         iterations;
  size_t      n_cells;
  double     *error_curve; /* automatic K only: the error at K = 2, 3, ... */
  int         n_errors;
};

/* Work is cut into blocks of a fixed size, never into one range per
 * thread: each block writes its own partial results and the caller combines
 * them in block order, so no result depends on how many threads ran. */
#define KM_BLOCK_POINTS 32768
#define KM_BLOCK_CELLS  4096

typedef void (*KmBlockFunc) (size_t block, void *data);

/* The hot loops are written for any number of dimensions and inlined with
 * a constant one, which the compiler unrolls and vectorises. */
#if defined(__GNUC__)
#define KM_ALWAYS_INLINE __attribute__ ((always_inline))
#else
#define KM_ALWAYS_INLINE
#endif

/* Loops that the compiler vectorises also get an AVX2 version, chosen at
 * run time.  AVX2 without FMA rounds exactly like SSE2, so the result does
 * not depend on the version. */
#if defined(__GNUC__) && defined(__x86_64__) && defined(__linux__)
#define KM_VECTOR_CLONES __attribute__ ((target_clones ("avx2", "default")))
#else
#define KM_VECTOR_CLONES
#endif

#define KM_WITH_CONSTANT_DIMS(n_dims, func, ...) \
  do                                             \
    {                                            \
      switch (n_dims)                            \
        {                                        \
        case 1: func (__VA_ARGS__, 1); break;    \
        case 2: func (__VA_ARGS__, 2); break;    \
        case 3: func (__VA_ARGS__, 3); break;    \
        case 4: func (__VA_ARGS__, 4); break;    \
        default: func (__VA_ARGS__, 5); break;   \
        }                                        \
    }                                            \
  while (0)

/* Calls func (block, data) once for every block in [0, n_blocks), through
 * the parallel hook when there is one. */
void km_parallel_run (KmParallelHook hook,
                      void          *hook_data,
                      size_t         n_blocks,
                      KmBlockFunc    func,
                      void          *data);
/* The same through the settings' hook. */
void km_parallel_blocks (const KmSettings *settings,
                         size_t            n_blocks,
                         KmBlockFunc       func,
                         void             *data);

static inline size_t
km_n_blocks (size_t n,
             size_t block_size)
{
  return (n + block_size - 1) / block_size;
}

/* The items [*start, *end) of a block: block_size items from
 * block × block_size, the last block cut at n. */
static inline void
km_block_range (size_t  block,
                size_t  block_size,
                size_t  n,
                size_t *start,
                size_t *end)
{
  *start = block * block_size;
  *end   = *start + block_size;
  if (*end > n)
    *end = n;
}

/* The cells of the points that take part (see KM_CELL_MANTISSA_BITS and
 * kmeans-cells.c): the compacted points that seeding and Lloyd iterations
 * run on, each standing for its points with their weighted mean and
 * summed weight. */
typedef struct
{
  int     n_dims;
  size_t  n_cells;
  float  *means;   /* n_cells * n_dims */
  double *weights; /* n_cells */
} KmCells;

KmStatus km_cells_build (KmCells          *cells,
                         const KmSettings *settings,
                         const KmPoints   *input);
void     km_cells_clear (KmCells *cells);

/* A fixed subsample of n_samples points, one from each run of step points
 * (see kmeans-sample.c), each copied with its weight last (n_dims + 1
 * floats); NULL without memory. */
float *km_sample_gather (const KmSettings *settings,
                         const KmPoints   *input,
                         size_t            n_samples,
                         size_t            step);

/* A coarse copy of the cells: merged on a uniform grid of about 2^15 cells
 * over their bounding box, each standing for its cells with their
 * weighted mean (see kmeans-coarse.c). */
KmStatus km_cells_coarsen (const KmCells *cells,
                           KmCells       *coarse);

/* One clustering of the cells. */
typedef struct
{
  int      n_clusters;
  float   *centres; /* n_clusters * n_dims */
  uint8_t *labels;  /* one per cell */
  double   inertia;
  int      iterations;
} KmSolution;

KmStatus km_solution_init (KmSolution *solution,
                           int         n_clusters,
                           int         n_dims,
                           size_t      n_cells);
void     km_solution_clear (KmSolution *solution);

/* A small, fast generator (splitmix64) so results do not depend on the C
 * library's rand(). */
typedef struct
{
  uint64_t state;
} KmRandom;

void     km_random_init (KmRandom *random,
                         uint64_t  seed);
uint64_t km_random_next (KmRandom *random);
/* Uniform in [0, 1). */
double   km_random_uniform (KmRandom *random);

/* Seeding of solution->centres from the cells: the given centres first
 * (settings->n_initial of them), then k-means++ for the others; needs at
 * least solution->n_clusters cells. */
KmStatus km_seed_centres (const KmCells    *cells,
                          const KmSettings *settings,
                          KmSolution       *solution,
                          KmRandom         *random);

/* Lloyd iterations from the seeded centres; fills labels and iterations. */
KmStatus km_lloyd_run (const KmCells    *cells,
                       const KmSettings *settings,
                       KmSolution       *solution,
                       int               restart);

/* The weighted sum of squared distances from the cells to their centres. */
double km_solution_inertia (const KmCells    *cells,
                            const KmSolution *solution);

/* Every restart of a clustering of the cells into n_clusters (at most
 * cells->n_cells), the best in *best (made here). */
KmStatus km_cluster_cells (const KmSettings *settings,
                           const KmCells    *cells,
                           int               n_clusters,
                           KmSolution       *best);

/* Automatic K (kmeans-grow.c): the fewest clusters, from 2 to max_clusters
 * (at most cells->n_cells), whose error is within settings->error_target,
 * in *best (made here, on cells); K grows on growth_cells (cells, or
 * those of a smaller subsample).  curve (room for max_clusters - 1)
 * receives the error at K = 2, 3, ... up to the chosen K, *n_curve their
 * number. */
KmStatus km_grow_clusters (const KmSettings *settings,
                           const KmCells    *growth_cells,
                           const KmCells    *cells,
                           int               max_clusters,
                           KmSolution       *best,
                           double           *curve,
                           int              *n_curve);

/* Labels every point with the nearest of the centres (the first of
 * equals), or KM_LABEL_NONE when it takes no part, and sums each cluster's
 * points and weights and the inertia. */
KmStatus km_label_points (const KmSettings *settings,
                          const KmPoints   *input,
                          const float      *centres,
                          int               n_clusters,
                          uint8_t          *labels,
                          size_t           *cluster_sizes,
                          double           *cluster_weights,
                          double           *inertia);

/* Whether every cluster's centre is given and fixed: the clustering is
 * then a pure assignment. */
int km_settings_all_fixed (const KmSettings *settings);

/* The squared distance; every distance in the core is computed this way,
 * so equal features always get equal labels. */
static inline float
km_distance2 (const float *a,
              const float *b,
              int          n_dims)
{
  float sum = 0.0f;

  for (int d = 0; d < n_dims; d++)
    {
      float diff = a[d] - b[d];

      sum += diff * diff;
    }

  return sum;
}

#endif /* KMEANS_PRIVATE_H */
