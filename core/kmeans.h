/* kmeans.h — the clustering core of K-Means Segment.
 *
 * Weighted k-means over N points of 1 to KM_MAX_DIMS float features.  The
 * core knows nothing of GIMP, GEGL or babl: it takes points (with optional
 * weights) and returns centres, one label per point and statistics.
 *
 * Usage:
 *
 *   KmSettings *settings = km_settings_new ();
 *   km_settings_set_n_clusters (settings, 8);
 *   km_settings_set_seed (settings, 42);
 *   KmResult *result = NULL;
 *   KmStatus status = km_cluster (settings, points, n_points, 3, 3,
 *                                 NULL, 0, &result);
 *   ...read the result with km_result_get_*...
 *   km_result_free (result);
 *   km_settings_free (settings);
 *
 * Guarantees:
 *  - Seeding is k-means++ from the seed, the best of 4 seedings each
 *    followed by Lloyd iterations on a coarse copy of the cells (on the
 *    cells themselves when they are at most 8192); then Lloyd iterations
 *    run until max-iterations or until no centre moves more than the
 *    tolerance.  km_result_get_iterations() counts these last iterations.
 *  - Exactly K clusters whenever the points that take part fill at least
 *    K cells (see KM_CELL_MANTISSA_BITS; for 8-bit data, K distinct
 *    feature vectors): a cluster that empties is re-seeded from the cell
 *    farthest from its centre.  With fewer cells, the result has one
 *    cluster per cell and km_result_get_shortfall() says so.  (Where a cell
 *    holds several distinct vectors, as 16-bit and float data may, a
 *    cluster may in rare cases lose every point to the exact labelling.)
 *    Cells that float arithmetic cannot tell apart, because their squared
 *    distance underflows to 0 (features closer than about 1e-19), count as
 *    one: every centre is then equally near, and the nearest-centre rule
 *    below puts them all in one cluster.
 *  - Every label is the nearest centre (the first of equals).
 *  - The same input, settings and seed give bit-identical output, whatever
 *    the number of threads the parallel hook uses and however it splits
 *    the work.
 *  - Points whose weight is zero, negative or not finite, and points with a
 *    feature that is not finite or exceeds KM_MAX_ABS_FEATURE in magnitude,
 *    take no part and get the label KM_LABEL_NONE.
 *
 * How it is fast: the points are compacted into weighted cells (one per
 * distinct colour of an 8-bit image) with a radix-partitioned hash table
 * that stays in the cache (a large input's subsample only, see
 * KM_SAMPLE_POINTS); greedy k-means++ seeding (2 + ln K candidates a step)
 * and Lloyd iterations pruned with Hamerly's bounds run on the cells, after
 * the choice of seeding on their coarse copy; a last exact pass labels
 * every point, most of them tested against one centre only (the previous
 * points' centre, when it is provably the nearest).  Every pass runs in
 * fixed blocks through the parallel hook, and partial sums are added in
 * block order.
 *
 * Memory, beyond the caller's points: while compacting, 4 × (n_dims + 2)
 * bytes for each of up to 4 194 304 points at a time and about 100 bytes a
 * cell; then 1 byte a point (the labels) and about 40 bytes a cell.  For a
 * 24-megapixel photo (cells of a subsample of 262 144 points) that is
 * under 2 bytes a pixel at the peak, the labels included, and the small
 * images of a preview pay only for their own size.
 *
 * Functions return a KmStatus; nothing is printed and there is no global
 * state, so settings and results may be used from several threads as long
 * as each object is used by one thread at a time.
 */

#ifndef KMEANS_H
#define KMEANS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define KM_MAX_DIMS       5
#define KM_MAX_CLUSTERS   254
#define KM_MAX_ITERATIONS 100000
#define KM_MAX_RESTARTS   100

/* Larger features would overflow squared distances in float arithmetic. */
#define KM_MAX_ABS_FEATURE 1e18f

/* Points are compacted into cells before clustering: each feature keeps
 * KM_CELL_MANTISSA_BITS bits of its float mantissa, and a cell stands for
 * its points with their weighted mean.  Every feature of a point differs
 * from its cell's mean by less than |feature| × 2^-12 (0.025 %).  Values
 * that differ by more never share a cell: 8-bit data (k/255, or k in
 * 0..255) is clustered exactly, while 16-bit and float data is clustered
 * through its cells.  The labels, cluster sizes and weights and the inertia
 * are always exact: they come from a last pass over every point. */
#define KM_CELL_MANTISSA_BITS 12

/* Inputs of more than twice KM_SAMPLE_POINTS points find their centres on
 * one point of every run of s = n_points / KM_SAMPLE_POINTS, at an offset
 * drawn per run from a fixed seed (a fixed subsample that does not alias
 * with periodic pictures), unless that subsample holds fewer than
 * KM_SAMPLE_MIN_CELLS_PER_CLUSTER cells per cluster asked for.  Labels,
 * sizes, weights and inertia still come from every point, and every label
 * is still the nearest centre; km_result_get_n_distinct() then counts the
 * subsample's cells. */
#define KM_SAMPLE_POINTS                262144
#define KM_SAMPLE_MIN_CELLS_PER_CLUSTER 256

/* Automatic K (km_settings_set_error_target()) grows K on the cells of a
 * smaller subsample, of KM_GROW_SAMPLE_POINTS points, of an input of more
 * than twice that many, when that subsample holds
 * KM_SAMPLE_MIN_CELLS_PER_CLUSTER cells per cluster of the most asked for;
 * the chosen K's clustering is then settled on the usual cells. */
#define KM_GROW_SAMPLE_POINTS 16384

/* The label of a point that takes no part in the clustering. */
#define KM_LABEL_NONE 255

typedef enum
{
  KM_STATUS_OK = 0,
  KM_STATUS_INVALID_ARGUMENT, /* a NULL pointer or a value out of range */
  KM_STATUS_OUT_OF_MEMORY,    /* an allocation failed */
  KM_STATUS_NO_POINTS,        /* no point has a positive finite weight */
  KM_STATUS_CANCELLED         /* the cancel hook asked to stop */
} KmStatus;

/* Why a result has fewer clusters than asked for. */
typedef enum
{
  KM_SHORTFALL_NONE = 0,
  KM_SHORTFALL_FEW_DISTINCT_POINTS
} KmShortfall;

/* A short English sentence for a status, never NULL. */
const char *km_status_message (KmStatus status);

/* The parallel hook.  The core splits its work into n_items independent
 * items and calls the hook once per pass; the hook must call
 * func (offset, count, func_data) over disjoint ranges that together cover
 * [0, n_items), possibly from several threads at once, and return when all
 * of them have finished.  The core never makes the result depend on how the
 * range is split.  Without a hook, everything runs in the calling thread. */
typedef void (*KmRangeFunc) (size_t offset, size_t count, void *func_data);
typedef void (*KmParallelHook) (size_t      n_items,
                                KmRangeFunc func,
                                void       *func_data,
                                void       *hook_data);

/* Called from the calling thread between iterations with the fraction of
 * the work done (0 to 1). */
typedef void (*KmProgressFunc) (double fraction, void *progress_data);

/* Asked from the calling thread before every iteration; a nonzero answer
 * stops the clustering, which returns KM_STATUS_CANCELLED and no result.
 * Iterations are short (milliseconds on a preview's points), so a caller
 * that clusters in a worker thread can drop work that is out of date
 * and have the thread back almost at once. */
typedef int (*KmCancelFunc) (void *cancel_data);

typedef struct _KmSettings KmSettings;
typedef struct _KmResult   KmResult;

KmSettings *km_settings_new (void);
void        km_settings_free (KmSettings *settings);

/* 1 to KM_MAX_CLUSTERS; default 8. */
KmStatus km_settings_set_n_clusters (KmSettings *settings,
                                     int         n_clusters);
/* 1 to KM_MAX_ITERATIONS; default 100. */
KmStatus km_settings_set_max_iterations (KmSettings *settings,
                                         int         max_iterations);
/* Stop when no centre moves farther than this (Euclidean, in feature
 * units); 0 or more, default 1e-4. */
KmStatus km_settings_set_tolerance (KmSettings *settings,
                                    double      tolerance);
/* Default 0. */
void     km_settings_set_seed (KmSettings *settings,
                               uint64_t    seed);
/* Independent seeded runs, the one with the lowest inertia is kept;
 * 1 to KM_MAX_RESTARTS, default 1. */
KmStatus km_settings_set_restarts (KmSettings *settings,
                                   int         restarts);
/* Automatic K.  The error of a clustering is the weighted
 * KM_ERROR_PERCENTILE percentile of the distances (Euclidean, in feature
 * units) from the points to their centres: the distance within which that
 * share of the points' weight lies.  With a positive target, km_cluster()
 * makes the fewest clusters, from 2 up to n_clusters (which is then the
 * most), whose error is at most the target, or n_clusters when no K is
 * within it; 0 (the default) makes exactly n_clusters.
 *
 * How: K grows one at a time from a clustering into 2, each time
 * bisecting the cluster with the largest weighted sum of squared distances
 * and letting Lloyd iterations settle the centres from there; growth stops
 * at the first K within the target.  The errors on the way are the curve,
 * km_result_get_error_curve().  At the chosen K, the fixed-K clustering
 * (with its restarts) runs too, and the result is the grown or the fixed
 * one, whichever has the lower inertia among those within the target: it
 * is never worse than a fixed run at that K.  Errors are measured on the
 * cells (the subsample's, for a large input), which stand for their points
 * with their mean (see KM_CELL_MANTISSA_BITS and KM_SAMPLE_POINTS).  The
 * curve, the choice and the result are bit-identical whatever the number
 * of threads, like everything else.
 *
 * Why the error is in feature units: the core clusters whatever features
 * it is given, and the caller knows what a distance between them means.
 * A caller whose tolerance is in another measure (CIE ΔE when clustering
 * in RGB, say) converts the tolerance, not every distance: a callback per
 * point and K would cost a colour conversion per cell for every K, and a
 * cluster's mean in one space is not its mean in another anyway.
 *
 * 0 or more, finite; default 0. */
#define KM_ERROR_PERCENTILE 0.95
KmStatus km_settings_set_error_target (KmSettings *settings,
                                       double      error_target);
/* For a plot of the curve alone: automatic K stops once the curve is made,
 * and the result is the grown clustering as it stands, neither settled to
 * the tolerance nor compared with a fixed-K run (restarts do not run), so
 * it costs about half as much.  Its segments are rougher than a full run's:
 * leave it off (0, the default) when they are used. */
void     km_settings_set_error_curve_only (KmSettings *settings,
                                           int         curve_only);
/* Given centres (a palette, say): centres holds n_centres × n_dims
 * floats, centre c at [c × n_dims], at most n_clusters of them (the caller
 * picks which); n_dims must be km_cluster()'s.  Cluster c < n_centres
 * starts at centre c, and k-means++ seeds the other clusters around the
 * given ones.  When fixed is not NULL, a cluster with fixed[c] nonzero
 * keeps its centre bit for bit: its points go to it, but it never moves,
 * is never re-seeded and is kept even when empty.  The clusters with given
 * centres keep their numbers in the result (cluster c is centre c, empty
 * or not); only the k-means++ clusters may be dropped (see the shortfall).
 *
 * When every one of the n_clusters centres is given and fixed, km_cluster()
 * makes no cells and runs no iteration: it is the exact labelling pass
 * alone (every point to its nearest given centre, as in
 * km_result_label_points()), and km_result_get_n_distinct() is 0.
 *
 * Restarts and seeding trials only vary the k-means++ clusters: with every
 * centre given, one run is made whatever the restarts.  Automatic K (an
 * error target) and given centres do not go together: km_cluster() returns
 * KM_STATUS_INVALID_ARGUMENT.  n_centres 0 (the default) gives none.
 * Features must be finite and within KM_MAX_ABS_FEATURE. */
KmStatus km_settings_set_initial_centres (KmSettings    *settings,
                                          const float   *centres,
                                          int            n_centres,
                                          int            n_dims,
                                          const uint8_t *fixed);
void     km_settings_set_parallel (KmSettings    *settings,
                                   KmParallelHook hook,
                                   void          *hook_data);
void     km_settings_set_progress (KmSettings    *settings,
                                   KmProgressFunc progress,
                                   void          *progress_data);
void     km_settings_set_cancel (KmSettings  *settings,
                                 KmCancelFunc cancelled,
                                 void        *cancel_data);

/* Clusters n_points points of n_dims features (1 to KM_MAX_DIMS).  Point i
 * starts at points[i * point_stride] (point_stride >= n_dims floats), and
 * its weight is weights[i * weight_stride], or 1 when weights is NULL
 * (the result is then bit-identical to that of weights all 1).  The
 * input is only read, and may be freed once this returns.  On success
 * *result receives a new result that the caller frees. */
KmStatus km_cluster (const KmSettings *settings,
                     const float      *points,
                     size_t            n_points,
                     int               n_dims,
                     size_t            point_stride,
                     const float      *weights,
                     size_t            weight_stride,
                     KmResult        **result);

void km_result_free (KmResult *result);

/* The number of clusters found: K, or fewer (see the shortfall). */
int            km_result_get_n_clusters (const KmResult *result);
KmShortfall    km_result_get_shortfall (const KmResult *result);
int            km_result_get_n_dims (const KmResult *result);
/* n_clusters * n_dims floats, cluster c at [c * n_dims]. */
const float   *km_result_get_centres (const KmResult *result);
/* One label per input point, 0 to n_clusters - 1, or KM_LABEL_NONE. */
const uint8_t *km_result_get_labels (const KmResult *result);
size_t         km_result_get_n_points (const KmResult *result);
/* Sum of the weights of each cluster's points. */
const double  *km_result_get_cluster_weights (const KmResult *result);
/* Number of points (with positive weight) in each cluster. */
const size_t  *km_result_get_cluster_sizes (const KmResult *result);
/* Weighted sum of squared distances from each point to its centre. */
double         km_result_get_inertia (const KmResult *result);
/* Lloyd iterations run (in the kept restart). */
int            km_result_get_iterations (const KmResult *result);
/* Cells among the points that take part: the number of distinct feature
 * vectors for 8-bit data (see KM_CELL_MANTISSA_BITS). */
size_t         km_result_get_n_distinct (const KmResult *result);

/* Automatic K only (see km_settings_set_error_target()): the error at K =
 * 2, 3, ... up to the K chosen, *n_errors values (the last one that of the
 * result); NULL and 0 without an error target, or with fewer than 2
 * cells. */
const double *km_result_get_error_curve (const KmResult *result,
                                         int            *n_errors);

/* Labels n_points new points (same layout as in km_cluster) with the index
 * of their nearest centre, the lowest index on a tie, or KM_LABEL_NONE when
 * a feature is not finite or exceeds KM_MAX_ABS_FEATURE in magnitude.  This
 * extends a clustering made on a sample (a reduced image, say) to any other
 * pixels, with the same arithmetic as the clustering's own labels. */
KmStatus km_result_label_points (const KmResult *result,
                                 const float    *points,
                                 size_t          n_points,
                                 size_t          point_stride,
                                 uint8_t        *labels);

/* ---------------------------------------------------------------------
 * Regions: cleaning up labels on an image
 *
 * K-means labels each pixel by its colour alone, which leaves specks
 * (single pixels and crumbs of one segment inside another) and ragged
 * borders.  These functions take the labels of an image's pixels (those
 * of km_cluster() or km_result_label_points()), the pixels' features and
 * the centres, clean the labels in place and describe the result:
 *
 *   KmRegionSettings *settings = km_region_settings_new ();
 *   km_region_settings_set_min_region (settings, 16);
 *   km_region_settings_set_smoothing (settings, 3);
 *   KmImage image = { width, height, points, 3, 3, NULL, 0 };
 *   size_t  n_regions;
 *   status = km_regions_clean (settings, &image, centres, n_clusters,
 *                              labels, &n_regions);
 *   status = km_regions_measure (settings, &image, labels, n_clusters,
 *                                NULL, sizes, weights, means);
 *   km_region_settings_free (settings);
 *
 * A region is a connected set of pixels of one label: 4-connected (a pixel
 * touches the pixels left, right, above and below it) or 8-connected (the
 * diagonal ones too).  Pixels labelled KM_LABEL_NONE belong to no region,
 * touch nothing and are never changed, so every labelled pixel stays
 * labelled.  Two regions touch when a pixel of one touches a pixel of the
 * other; their shared border is the number of such pairs of pixels.
 *
 * Smoothing comes first, then the minimum region size; their setters say
 * what each does.  Both are exact and deterministic: the same input gives
 * the same labels whatever the number of threads the parallel hook uses
 * and however it splits the work.
 *
 * A pixel takes part in means and smoothing as in km_cluster(): one whose
 * weight is zero, negative or not finite, or whose features are not
 * finite or exceed KM_MAX_ABS_FEATURE, adds nothing to a mean and keeps
 * its label through smoothing (km_cluster() gives such pixels
 * KM_LABEL_NONE anyway); its neighbours feel its pull only when its
 * features are finite.
 *
 * How it is fast: regions are found as runs of equal labels in each row,
 * joined by a union-find in strips of rows in parallel and then across
 * the strips' borders (regions-map.c).  Most small regions touch only
 * large ones, and are decided in parallel and independently (no other
 * merge can change what they see); only the others follow the rule's
 * order, one after another (regions-merge.c).  Smoothing looks only at
 * pixels beside another label, after the first sweep only where a
 * neighbour changed, and computes no affinity where no other label can
 * win (regions-smooth.c).  `tools/dev bench` times both on a 24-megapixel
 * photo against scikit-image and OpenCV (bench/README.md).
 *
 * Memory, beyond the caller's features and labels: smoothing takes 1 byte
 * a pixel and 3 bytes a column for every strip of 32 rows (about 1.1 bytes
 * a pixel); finding regions 16 bytes for each run of equal labels in a
 * row and 4 bytes a row; merging about 10 bytes for each region smaller
 * than min_region and about 250 more for each of those that touch another
 * small one.  On a 24-megapixel photo at K = 8 (1.3 million runs, 244 000
 * small regions of which 26 000 touch another) that is 1.3 bytes a pixel
 * at the peak; labels that change at every pixel would take 16 bytes a
 * pixel and more.
 */

/* The most smoothing: see km_region_settings_set_smoothing(). */
#define KM_MAX_SMOOTHING 10

/* An image's features: width × height points in row order, pixel (x, y)
 * being point y × width + x, laid out as in km_cluster().  Images hold
 * fewer than 2^31 pixels. */
typedef struct
{
  int          width;
  int          height;
  const float *points;
  int          n_dims;
  size_t       point_stride;
  const float *weights; /* NULL: every pixel weighs 1 */
  size_t       weight_stride;
} KmImage;

typedef struct _KmRegionSettings KmRegionSettings;

KmRegionSettings *km_region_settings_new (void);
void              km_region_settings_free (KmRegionSettings *settings);

/* Regions of fewer than min_region pixels are merged into their
 * neighbours; 0 or 1 (the default 0) leaves every region as it is.
 *
 * The smallest region goes first (of equal ones, the one whose first pixel
 * in row order comes first).  It takes the label, among those of the
 * regions it touches, whose centre is nearest (squared Euclidean distance)
 * to the region's mean features (the weighted mean of its pixels'
 * features; a region without a pixel that takes part is equally near every
 * centre); of equally near labels, the one with the longer shared border
 * (summed over the touched regions of that label), then the lowest.  The
 * region and every region of that label it touches are one region from
 * then on, with the size and mean of all their pixels: when that is still
 * smaller than min_region, it waits for its turn like any other.  This
 * goes on until no region is smaller than min_region, except regions that
 * touch no other region (alone among KM_LABEL_NONE pixels and the image's
 * edges), which keep their label.  A min_region above the image's size
 * leaves one region per connected part of the labelled pixels. */
KmStatus km_region_settings_set_min_region (KmRegionSettings *settings,
                                            size_t            min_region);
/* 4 (the default) or 8: how regions connect, for min_region and for the
 * region counts. */
KmStatus km_region_settings_set_connectivity (KmRegionSettings *settings,
                                              int               connectivity);
/* 0 (the default: off) to KM_MAX_SMOOTHING.  Each labelled pixel is
 * pulled towards the labels of its 8 neighbours, the harder the closer
 * their colours, and takes another label where that pull outweighs how
 * much nearer its colour is to its own centre (the minimum of a Potts
 * energy, reached by sweeps over the image; see regions-smooth.c).  So
 * noise in a flat area gives way, and a real edge, whose two sides differ
 * much in colour, stays where it is.  The level sets the pull, 1, 2, 3, 4,
 * 6, 8, 12, 16, 24 or 32 times the image's mean squared colour difference
 * between neighbours, and the most sweeps, 2, 3, 3, 5, 6, 7, 8, 10, 12 or
 * 16.  What each level does, as tests/test-regions.c measures it, on flat
 * colours 30 levels (of 255) apart with Gaussian noise of sigma levels in
 * each channel, clustered by km_cluster():
 *  - sigma 8 (k-means: 2600 regions for 6 colours): level 1 leaves 11
 *    regions, levels 2 and up one per colour; sigma 12 (7900 regions):
 *    23, then one per colour; sigma 16 (12 500): 135, 33, 29, 14, then 10
 *    or 9 from level 5;
 *  - lines 1 pixel wide across a flat area, with noise of sigma 8: at 90
 *    levels of contrast they stay at every level; at 60 they stay up to
 *    level 6 and fade from 7 (gone at 10); at 30 they fade from level 1
 *    and are gone from 4.  Lines 2 pixels wide keep at least 80 % of
 *    their length at every level, 3 pixels wide all of it. */
KmStatus km_region_settings_set_smoothing (KmRegionSettings *settings,
                                           int               smoothing);
/* The parallel hook, as for km_settings_set_parallel(). */
void     km_region_settings_set_parallel (KmRegionSettings *settings,
                                          KmParallelHook    hook,
                                          void             *hook_data);

/* Cleans labels (width × height, each below n_clusters or KM_LABEL_NONE)
 * in place: smoothing, then the minimum region size.  centres holds
 * n_clusters × image->n_dims floats, centre c at [c × n_dims].  *n_regions
 * (when not NULL) receives the number of regions after.  On
 * KM_STATUS_INVALID_ARGUMENT the labels are unchanged; on
 * KM_STATUS_OUT_OF_MEMORY they are unchanged or, when both steps run,
 * smoothed only. */
KmStatus km_regions_clean (const KmRegionSettings *settings,
                           const KmImage          *image,
                           const float            *centres,
                           int                     n_clusters,
                           uint8_t                *labels,
                           size_t                 *n_regions);

/* Describes labels (as in km_regions_clean()) as they are.  Each output
 * may be NULL: *n_regions, the number of regions; sizes[c], the pixels
 * labelled c; weights[c], their summed weight; means[c × n_dims], their
 * weighted mean features (0 where the weight is 0), for c from 0 to
 * n_clusters - 1.  Only n_regions depends on the connectivity. */
KmStatus km_regions_measure (const KmRegionSettings *settings,
                             const KmImage          *image,
                             const uint8_t          *labels,
                             int                     n_clusters,
                             size_t                 *n_regions,
                             size_t                 *sizes,
                             double                 *weights,
                             float                  *means);

#ifdef __cplusplus
}
#endif

#endif /* KMEANS_H */
