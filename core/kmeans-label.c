/* kmeans-label.c — labels every input point with its nearest centre.
 *
 * The exact, full-precision pass that ends the clustering: each point gets
 * the nearest centre, the first of equals, computed with the very same
 * float operations as the assignment of the cells, so a point of an exact
 * cell always gets the cell's label.  The pass also sums each cluster's
 * points, weights and inertia, per block and then in block order.
 *
 * Points go in groups of KM_LANES, their features side by side, so that
 * the distances of a whole group to one centre are computed in vector
 * registers (with explicit AVX2 where the CPU has it, the same float
 * operations either way).  Neighbouring pixels mostly share a segment, so
 * each group is first tried against the previous group's centre alone: a
 * point closer to centre c than half the distance from c to any other
 * centre has c as its nearest centre (triangle inequality).  The test
 * keeps a margin far above float rounding, so it never accepts a point the
 * full search would give another label, and the accepted distance is the
 * one the full search computes.  A group's sums are added pairwise in a
 * fixed order, one rounding chain per group rather than one per point. */

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kmeans-private.h"

#define KM_LANES 8

typedef struct
{
  const float *points;
  size_t       n_points;
  int          n_dims;
  size_t       point_stride;
  const float *weights;
  size_t       weight_stride;
  const float *centres;
  int          n_clusters;
  const float *sure_radius2;   /* per centre: the group test's squared radius */
  uint8_t     *labels;
  size_t      *block_sizes;    /* [block][cluster] */
  double      *block_weights;  /* [block][cluster] */
  double      *block_inertia;  /* [block] */
} KmLabeller;

/* One group of points, labelled. */
typedef struct
{
  float   best[KM_LANES];        /* squared distance to the nearest centre */
  int32_t label[KM_LANES];
  int32_t takes_part[KM_LANES];  /* 1 or 0 */
  float   weight[KM_LANES];      /* 0 for a point that takes no part */
  int     sure;                  /* every label is the candidate's */
} KmGroup;

/* What a block's pass keeps from group to group. */
typedef struct
{
  size_t *sizes;      /* per cluster */
  double *weights;    /* per cluster */
  double  inertia;
  int     candidate;  /* the last label given, -1 before the first */
} KmBlockSums;

/* The squared distances of a group's points to one centre, in the order
 * of operations of km_distance2(). */
static inline KM_ALWAYS_INLINE void
distances_to_centre (float        features[KM_MAX_DIMS][KM_LANES],
                     const int    n_dims,
                     const float *centre,
                     float        distance[KM_LANES])
{
  for (int j = 0; j < KM_LANES; j++)
    {
      distance[j] = 0.0f;
      for (int d = 0; d < n_dims; d++)
        {
          float diff = features[d][j] - centre[d];

          distance[j] += diff * diff;
        }
    }
}

/* Labels points [first, first + n) with plain C, which the compiler
 * vectorises as it can; the group's other lanes take no part. */
static inline KM_ALWAYS_INLINE void
label_group (const KmLabeller *labeller,
             size_t            first,
             size_t            n,
             const int         n_dims,
             int               candidate,
             KmGroup          *group)
{
  float features[KM_MAX_DIMS][KM_LANES] = { { 0 } };
  int   outside = 0;

  for (size_t j = 0; j < KM_LANES; j++)
    {
      float vector[KM_MAX_DIMS];

      group->weight[j]     = 0.0f;
      group->takes_part[j] = j < n &&
                             km_read_point (labeller->points, labeller->point_stride,
                                            n_dims, labeller->weights,
                                            labeller->weight_stride, first + j,
                                            vector, &group->weight[j]);
      if (! group->takes_part[j])
        group->weight[j] = 0.0f;
      for (int d = 0; d < n_dims && group->takes_part[j]; d++)
        features[d][j] = vector[d];
    }

  if (candidate >= 0)
    {
      distances_to_centre (features, n_dims,
                           &labeller->centres[candidate * n_dims], group->best);
      for (int j = 0; j < KM_LANES; j++)
        outside |= group->takes_part[j] &
                   ! (group->best[j] < labeller->sure_radius2[candidate]);
    }

  group->sure = candidate >= 0 && ! outside;
  if (group->sure)
    {
      for (int j = 0; j < KM_LANES; j++)
        group->label[j] = candidate;
      return;
    }

  for (int j = 0; j < KM_LANES; j++)
    {
      group->best[j]  = INFINITY;
      group->label[j] = 0;
    }
  for (int c = 0; c < labeller->n_clusters; c++)
    {
      float distance[KM_LANES];

      distances_to_centre (features, n_dims, &labeller->centres[c * n_dims], distance);
      for (int j = 0; j < KM_LANES; j++)
        {
          int nearer = distance[j] < group->best[j];

          group->best[j]  = nearer ? distance[j] : group->best[j];
          group->label[j] = nearer ? c : group->label[j];
        }
    }
}

/* The sum of a group's values, added pairwise in a fixed order: one
 * rounding chain per group rather than one per point. */
static inline KM_ALWAYS_INLINE double
lane_sum (double values[KM_LANES])
{
  for (int half = KM_LANES / 2; half > 0; half /= 2)
    for (int j = 0; j < half; j++)
      values[j] += values[j + half];
  return values[0];
}

/* Writes the labels of points [first, first + n) and adds the group to
 * the block's sums. */
static inline KM_ALWAYS_INLINE void
account_group (const KmGroup *group,
               size_t         n,
               uint8_t       *labels,
               KmBlockSums   *sums)
{
  double mass[KM_LANES];
  double product[KM_LANES];

  for (int j = 0; j < KM_LANES; j++)
    {
      mass[j]    = group->weight[j];
      product[j] = group->takes_part[j] ? mass[j] * group->best[j] : 0.0;
    }
  sums->inertia += lane_sum (product);

  for (size_t j = 0; j < n; j++)
    labels[j] = group->takes_part[j] ? (uint8_t) group->label[j] : KM_LABEL_NONE;

  if (group->sure)
    {
      int n_taking = 0;

      for (int j = 0; j < KM_LANES; j++)
        n_taking += group->takes_part[j];
      sums->sizes[group->label[0]]   += n_taking;
      sums->weights[group->label[0]] += lane_sum (mass);
      return;
    }

  for (size_t j = 0; j < n; j++)
    if (group->takes_part[j])
      {
        sums->sizes[group->label[j]]++;
        sums->weights[group->label[j]] += mass[j];
        sums->candidate = group->label[j];
      }
}

#if defined (__GNUC__) && defined (__x86_64__)
#include <immintrin.h>
#define KM_HAVE_AVX2_LABELS 1

/* The sum of four doubles in lane_sum()'s order, given the pairs of the
 * first step already added. */
__attribute__ ((target ("avx2"))) static inline KM_ALWAYS_INLINE double
pair_sum_avx2 (__m256d pairs)
{
  __m128d quads = _mm_add_pd (_mm256_castpd256_pd128 (pairs),
                              _mm256_extractf128_pd (pairs, 1));

  return _mm_cvtsd_f64 (_mm_add_sd (quads, _mm_unpackhi_pd (quads, quads)));
}

/* label_group() and account_group() for a full group of points, with
 * AVX2: the features are gathered straight into vector registers, and
 * the same float and double operations give the same results. */
__attribute__ ((target ("avx2"))) static inline KM_ALWAYS_INLINE void
label_full_group_avx2_dims (const KmLabeller *labeller,
                            size_t            first,
                            KmBlockSums      *sums,
                            const int         n_dims)
{
  const __m256i lanes     = _mm256_setr_epi32 (0, 1, 2, 3, 4, 5, 6, 7);
  const __m256  limit     = _mm256_set1_ps (KM_MAX_ABS_FEATURE);
  const __m256  no_sign   = _mm256_castsi256_ps (_mm256_set1_epi32 (0x7fffffff));
  const float  *base      = &labeller->points[first * labeller->point_stride];
  __m256i       at        = _mm256_mullo_epi32 (lanes,
                                                _mm256_set1_epi32 ((int) labeller->point_stride));
  int           candidate = sums->candidate;
  __m256        feature[KM_MAX_DIMS];
  __m256        weight, ok, best;
  __m256i       label;
  __m256d       mass_low, mass_high;
  int           sure = 0;
  int           taking;

  if (labeller->weights)
    weight = _mm256_i32gather_ps (&labeller->weights[first * labeller->weight_stride],
                                  _mm256_mullo_epi32 (lanes,
                                                      _mm256_set1_epi32 ((int) labeller->weight_stride)),
                                  4);
  else
    weight = _mm256_set1_ps (1.0f);
  ok = _mm256_and_ps (_mm256_cmp_ps (weight, _mm256_setzero_ps (), _CMP_GT_OQ),
                      _mm256_cmp_ps (weight, _mm256_set1_ps (FLT_MAX), _CMP_LE_OQ));
  for (int d = 0; d < n_dims; d++)
    {
      feature[d] = _mm256_i32gather_ps (base + d, at, 4);
      ok = _mm256_and_ps (ok, _mm256_cmp_ps (_mm256_and_ps (feature[d], no_sign),
                                             limit, _CMP_LE_OQ));
    }
  taking = _mm256_movemask_ps (ok);

  if (candidate >= 0)
    {
      const float *centre = &labeller->centres[candidate * n_dims];

      best = _mm256_setzero_ps ();
      for (int d = 0; d < n_dims; d++)
        {
          __m256 diff = _mm256_sub_ps (feature[d], _mm256_set1_ps (centre[d]));

          best = _mm256_add_ps (best, _mm256_mul_ps (diff, diff));
        }
      sure  = (_mm256_movemask_ps (
                 _mm256_cmp_ps (best, _mm256_set1_ps (labeller->sure_radius2[candidate]),
                                _CMP_LT_OQ)) & taking) == taking;
      label = _mm256_set1_epi32 (candidate);
    }

  if (! sure)
    {
      best  = _mm256_set1_ps (INFINITY);
      label = _mm256_setzero_si256 ();
      for (int c = 0; c < labeller->n_clusters; c++)
        {
          const float *centre   = &labeller->centres[c * n_dims];
          __m256       distance = _mm256_setzero_ps ();
          __m256       nearer;

          for (int d = 0; d < n_dims; d++)
            {
              __m256 diff = _mm256_sub_ps (feature[d], _mm256_set1_ps (centre[d]));

              distance = _mm256_add_ps (distance, _mm256_mul_ps (diff, diff));
            }
          nearer = _mm256_cmp_ps (distance, best, _CMP_LT_OQ);
          best   = _mm256_blendv_ps (best, distance, nearer);
          label  = _mm256_castps_si256 (
                     _mm256_blendv_ps (_mm256_castsi256_ps (label),
                                       _mm256_castsi256_ps (_mm256_set1_epi32 (c)), nearer));
        }
    }

  /* Points that take no part: weight 0, distance 0, label KM_LABEL_NONE. */
  weight    = _mm256_and_ps (weight, ok);
  best      = _mm256_and_ps (best, ok);
  label     = _mm256_blendv_epi8 (_mm256_set1_epi32 (KM_LABEL_NONE), label,
                                  _mm256_castps_si256 (ok));
  mass_low  = _mm256_cvtps_pd (_mm256_castps256_ps128 (weight));
  mass_high = _mm256_cvtps_pd (_mm256_extractf128_ps (weight, 1));
  sums->inertia += pair_sum_avx2 (
                     _mm256_add_pd (
                       _mm256_mul_pd (mass_low, _mm256_cvtps_pd (_mm256_castps256_ps128 (best))),
                       _mm256_mul_pd (mass_high, _mm256_cvtps_pd (_mm256_extractf128_ps (best, 1)))));

  {
    __m128i words = _mm_packus_epi32 (_mm256_castsi256_si128 (label),
                                      _mm256_extracti128_si256 (label, 1));

    _mm_storel_epi64 ((__m128i *) &labeller->labels[first], _mm_packus_epi16 (words, words));
  }

  if (sure)
    {
      sums->sizes[candidate]   += (size_t) __builtin_popcount ((unsigned) taking);
      sums->weights[candidate] += pair_sum_avx2 (_mm256_add_pd (mass_low, mass_high));
      return;
    }

  {
    const uint8_t *labels = &labeller->labels[first];
    double         mass[KM_LANES];

    _mm256_storeu_pd (mass, mass_low);
    _mm256_storeu_pd (mass + 4, mass_high);
    for (int j = 0; j < KM_LANES; j++)
      if (taking & (1 << j))
        {
          sums->sizes[labels[j]]++;
          sums->weights[labels[j]] += mass[j];
          sums->candidate = labels[j];
        }
  }
}

__attribute__ ((target ("avx2"))) static void
label_full_group_avx2 (const KmLabeller *labeller,
                       size_t            first,
                       KmBlockSums      *sums)
{
  KM_WITH_CONSTANT_DIMS (labeller->n_dims, label_full_group_avx2_dims,
                         labeller, first, sums);
}
#endif

/* Gathers need each lane's offset in 32 bits. */
static int
strides_fit_gathers (const KmLabeller *labeller)
{
  return labeller->point_stride <= INT32_MAX / KM_LANES &&
         labeller->weight_stride <= INT32_MAX / KM_LANES;
}

static inline KM_ALWAYS_INLINE void
label_block_dims (size_t     block,
                  void      *data,
                  const int  n_dims)
{
  const KmLabeller *labeller = data;
  int               k        = labeller->n_clusters;
  size_t            start    = block * KM_BLOCK_POINTS;
  size_t            end      = start + KM_BLOCK_POINTS;
  KmBlockSums       sums     = { &labeller->block_sizes[block * k],
                                 &labeller->block_weights[block * k], 0.0, -1 };
  int               use_avx2 = 0;

#ifdef KM_HAVE_AVX2_LABELS
  use_avx2 = __builtin_cpu_supports ("avx2") && strides_fit_gathers (labeller);
#else
  (void) strides_fit_gathers;
#endif

  if (end > labeller->n_points)
    end = labeller->n_points;
  memset (sums.sizes, 0, k * sizeof (size_t));
  memset (sums.weights, 0, k * sizeof (double));

  for (size_t first = start; first < end; first += KM_LANES)
    {
      size_t  n = end - first < KM_LANES ? end - first : KM_LANES;
      KmGroup group;

#ifdef KM_HAVE_AVX2_LABELS
      if (use_avx2 && n == KM_LANES)
        {
          label_full_group_avx2 (labeller, first, &sums);
          continue;
        }
#endif
      label_group (labeller, first, n, n_dims, sums.candidate, &group);
      account_group (&group, n, &labeller->labels[first], &sums);
    }

  labeller->block_inertia[block] = sums.inertia;
}

static KM_VECTOR_CLONES void
label_block (size_t  block,
             void   *data)
{
  KM_WITH_CONSTANT_DIMS (((const KmLabeller *) data)->n_dims,
                         label_block_dims, block, data);
}

/* Half the distance from each centre to the nearest other one, squared
 * and cut by 0.2 %: far above the rounding of any float distance here, as
 * features are at most KM_MAX_ABS_FEATURE.  Radii too small for normal
 * floats (centres closer than about 1e-15) are 0: no group is sure. */
static void
sure_radii (const float *centres,
            int          n_clusters,
            int          n_dims,
            float       *radius2)
{
  for (int c = 0; c < n_clusters; c++)
    {
      double nearest2 = INFINITY;
      double quarter;

      for (int o = 0; o < n_clusters; o++)
        {
          double distance2 = 0.0;

          if (o == c)
            continue;
          for (int d = 0; d < n_dims; d++)
            {
              double diff = (double) centres[c * n_dims + d] - centres[o * n_dims + d];

              distance2 += diff * diff;
            }
          if (distance2 < nearest2)
            nearest2 = distance2;
        }

      quarter    = 0.25 * 0.998 * nearest2;
      radius2[c] = quarter < 1e-30 ? 0.0f
                                   : (float) (quarter < FLT_MAX ? quarter : FLT_MAX);
    }
}

KmStatus
km_label_points (const KmSettings *settings,
                 const float      *points,
                 size_t            n_points,
                 int               n_dims,
                 size_t            point_stride,
                 const float      *weights,
                 size_t            weight_stride,
                 const float      *centres,
                 int               n_clusters,
                 uint8_t          *labels,
                 size_t           *cluster_sizes,
                 double           *cluster_weights,
                 double           *inertia)
{
  size_t     n_blocks = km_n_blocks (n_points, KM_BLOCK_POINTS);
  float      radius2[KM_MAX_CLUSTERS];
  KmLabeller labeller = { points, n_points, n_dims, point_stride, weights,
                          weight_stride, centres, n_clusters, radius2, labels,
                          malloc ((n_blocks + 1) * n_clusters * sizeof (size_t)),
                          malloc ((n_blocks + 1) * n_clusters * sizeof (double)),
                          malloc ((n_blocks + 1) * sizeof (double)) };

  if (! labeller.block_sizes || ! labeller.block_weights || ! labeller.block_inertia)
    {
      free (labeller.block_sizes);
      free (labeller.block_weights);
      free (labeller.block_inertia);
      return KM_STATUS_OUT_OF_MEMORY;
    }

  sure_radii (centres, n_clusters, n_dims, radius2);
  km_parallel_blocks (settings, n_blocks, label_block, &labeller);

  memset (cluster_sizes, 0, n_clusters * sizeof (size_t));
  memset (cluster_weights, 0, n_clusters * sizeof (double));
  *inertia = 0.0;
  for (size_t b = 0; b < n_blocks; b++)
    {
      for (int c = 0; c < n_clusters; c++)
        {
          cluster_sizes[c]   += labeller.block_sizes[b * n_clusters + c];
          cluster_weights[c] += labeller.block_weights[b * n_clusters + c];
        }
      *inertia += labeller.block_inertia[b];
    }

  free (labeller.block_sizes);
  free (labeller.block_weights);
  free (labeller.block_inertia);
  return KM_STATUS_OK;
}
