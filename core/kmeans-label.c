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
 * a group starts from the previous group's centre c: a point closer to c
 * than half the distance from c to another centre o is closer to c than
 * to o (triangle inequality), so only the centres that the group's
 * farthest point does not rule out are tried.  The test keeps a margin far
 * above float rounding, so the labels and distances are those of the full
 * search, ties going to the first centre.  A group's sums are added one
 * cluster at a time, pairwise in a fixed order. */

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kmeans-private.h"

#define KM_LANES 8

typedef struct
{
  KmPoints     input;
  const float *centres;
  int          n_clusters;
  const float *ruled_out2;   /* [c][o]: within this squared distance of c, o is farther */
  int          row_length;   /* of ruled_out2: n_clusters rounded up to 8, padded with FLT_MAX */
  const float *sure_radius2; /* [c]: within it, every other centre is farther */
  uint8_t     *labels;
  size_t      *block_sizes;   /* [block][cluster] */
  double      *block_weights; /* [block][cluster] */
  double      *block_inertia; /* [block] */
} KmLabeller;

/* A group's lanes hold its points in this order: the order in which a
 * 4 × 4 transposition in each half of an AVX register leaves them.  Every
 * path uses it, so that sums over a group run in one order everywhere. */
static const int lane_point[KM_LANES] = { 0, 2, 4, 6, 1, 3, 5, 7 };

/* One group of points, labelled, lane by lane. */
typedef struct
{
  float   best[KM_LANES]; /* squared distance to the nearest centre */
  int32_t label[KM_LANES];
  int32_t takes_part[KM_LANES]; /* 1 or 0 */
  float   weight[KM_LANES];     /* 0 for a point that takes no part */
} KmGroup;

/* What a block's pass keeps from group to group. */
typedef struct
{
  size_t *sizes;   /* per cluster */
  double *weights; /* per cluster */
  double  inertia;
  int     candidate; /* a label of the last group, -1 before the first */
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
 * vectorises as it can; lanes beyond n take no part. */
static inline KM_ALWAYS_INLINE void
label_group (const KmLabeller *labeller,
             size_t            first,
             size_t            n,
             const int         n_dims,
             int               candidate,
             KmGroup          *group)
{
  float features[KM_MAX_DIMS][KM_LANES] = { { 0 } };

  for (int j = 0; j < KM_LANES; j++)
    {
      float vector[KM_MAX_DIMS];

      group->weight[j]     = 0.0f;
      group->takes_part[j] = (size_t) lane_point[j] < n &&
                             km_read_point (&labeller->input, n_dims, first + lane_point[j],
                                            vector, &group->weight[j]);
      if (! group->takes_part[j])
        group->weight[j] = 0.0f;
      for (int d = 0; d < n_dims && group->takes_part[j]; d++)
        features[d][j] = vector[d];
    }

  if (candidate >= 0)
    {
      int outside = 0;

      distances_to_centre (features, n_dims,
                           &labeller->centres[candidate * n_dims], group->best);
      for (int j = 0; j < KM_LANES; j++)
        outside |= group->takes_part[j] &
                   ! (group->best[j] < labeller->sure_radius2[candidate]);
      if (! outside)
        {
          for (int j = 0; j < KM_LANES; j++)
            group->label[j] = candidate;
          return;
        }
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

/* Adds a labelled group to the block's sums, one cluster at a time: most
 * groups hold one or two clusters. */
static inline KM_ALWAYS_INLINE void
account_group (const KmGroup *group,
               KmBlockSums   *sums)
{
  unsigned remaining = 0;
  double   product[KM_LANES];

  for (int j = 0; j < KM_LANES; j++)
    {
      product[j] = group->takes_part[j] ? (double) group->weight[j] * group->best[j]
                                        : 0.0;
      remaining |= (unsigned) group->takes_part[j] << j;
    }
  sums->inertia += lane_sum (product);

  while (remaining)
    {
      int      label   = group->label[__builtin_ctz (remaining)];
      unsigned members = 0;
      double   mass[KM_LANES];

      for (int j = 0; j < KM_LANES; j++)
        {
          int member = (remaining >> j & 1) && group->label[j] == label;

          mass[j] = member ? group->weight[j] : 0.0;
          members |= (unsigned) member << j;
        }
      sums->sizes[label] += (size_t) __builtin_popcount (members);
      sums->weights[label] += lane_sum (mass);
      sums->candidate = label;
      remaining &= ~members;
    }
}

static inline KM_ALWAYS_INLINE void
store_group_labels (const KmGroup *group,
                    size_t         n,
                    uint8_t       *labels)
{
  for (int j = 0; j < KM_LANES; j++)
    if ((size_t) lane_point[j] < n)
      labels[lane_point[j]] = group->takes_part[j] ? (uint8_t) group->label[j]
                                                   : KM_LABEL_NONE;
}

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#define KM_HAVE_AVX2_LABELS 1

/* The features (and weights) of a full group, in lane order, read as four
 * floats a point and transposed in registers: for points of at most four
 * features where every four-float read stays inside the caller's points.
 * The weight comes from the same reads when it sits among those floats. */
__attribute__ ((target ("avx2"))) static inline KM_ALWAYS_INLINE void
read_group_transposed_avx2 (const KmLabeller *labeller,
                            size_t            first,
                            __m256           *column)
{
  size_t       stride = labeller->input.point_stride;
  const float *base   = &labeller->input.points[first * stride];
  __m256       pairs[4], low[2], high[2];

  for (int i = 0; i < 4; i++)
    pairs[i] = _mm256_insertf128_ps (_mm256_castps128_ps256 (_mm_loadu_ps (base + 2 * i * stride)),
                                     _mm_loadu_ps (base + (2 * i + 1) * stride), 1);
  for (int i = 0; i < 2; i++)
    {
      low[i]  = _mm256_unpacklo_ps (pairs[2 * i], pairs[2 * i + 1]);
      high[i] = _mm256_unpackhi_ps (pairs[2 * i], pairs[2 * i + 1]);
    }
  column[0] = _mm256_shuffle_ps (low[0], low[1], 0x44);
  column[1] = _mm256_shuffle_ps (low[0], low[1], 0xee);
  column[2] = _mm256_shuffle_ps (high[0], high[1], 0x44);
  column[3] = _mm256_shuffle_ps (high[0], high[1], 0xee);
}

/* The squared distances of a group's points to one centre, in the order
 * of operations of km_distance2(). */
__attribute__ ((target ("avx2"))) static inline KM_ALWAYS_INLINE __m256
distance_to_centre_avx2 (const __m256 *feature,
                         const float  *centre,
                         const int     n_dims)
{
  __m256 distance = _mm256_setzero_ps ();

  for (int d = 0; d < n_dims; d++)
    {
      __m256 diff = _mm256_sub_ps (feature[d], _mm256_set1_ps (centre[d]));

      distance = _mm256_add_ps (distance, _mm256_mul_ps (diff, diff));
    }
  return distance;
}

/* label_group(), account_group() and store_group_labels() for a full
 * group, with AVX2 and the same float and double operations. */
__attribute__ ((target ("avx2"))) static inline KM_ALWAYS_INLINE void
label_full_group_avx2_dims (const KmLabeller *labeller,
                            size_t            first,
                            int               transposed,
                            int               weight_column,
                            KmBlockSums      *sums,
                            const int         n_dims)
{
  const KmPoints *input     = &labeller->input;
  const __m256i   points    = _mm256_setr_epi32 (0, 2, 4, 6, 1, 3, 5, 7);
  const __m256    limit     = _mm256_set1_ps (KM_MAX_ABS_FEATURE);
  const __m256    no_sign   = _mm256_castsi256_ps (_mm256_set1_epi32 (0x7fffffff));
  int             candidate = sums->candidate;
  __m256          feature[4 > KM_MAX_DIMS ? 4 : KM_MAX_DIMS];
  __m256          weight, ok, best;
  __m256i         label;
  __m256d         mass_low, mass_high;
  int32_t         lane_labels[KM_LANES];
  unsigned        remaining;

  if (transposed)
    read_group_transposed_avx2 (labeller, first, feature);
  else
    {
      __m256i at = _mm256_mullo_epi32 (points,
                                       _mm256_set1_epi32 ((int) input->point_stride));

      for (int d = 0; d < n_dims; d++)
        feature[d] = _mm256_i32gather_ps (&input->points[first * input->point_stride + d],
                                          at, 4);
    }

  if (transposed && weight_column >= 0)
    weight = feature[weight_column];
  else if (input->weights)
    weight = _mm256_i32gather_ps (&input->weights[first * input->weight_stride],
                                  _mm256_mullo_epi32 (points,
                                                      _mm256_set1_epi32 ((int) input->weight_stride)),
                                  4);
  else
    weight = _mm256_set1_ps (1.0f);

  ok = _mm256_and_ps (_mm256_cmp_ps (weight, _mm256_setzero_ps (), _CMP_GT_OQ),
                      _mm256_cmp_ps (weight, _mm256_set1_ps (FLT_MAX), _CMP_LE_OQ));
  for (int d = 0; d < n_dims; d++)
    ok = _mm256_and_ps (ok, _mm256_cmp_ps (_mm256_and_ps (feature[d], no_sign),
                                           limit, _CMP_LE_OQ));
  remaining = (unsigned) _mm256_movemask_ps (ok);

  /* The candidate's distances first; then only the centres that the
   * group's farthest point does not rule out, in index order, the first
   * of equals winning as in the full search. */
  {
    const float *ruled_out2;
    __m128       halves;
    float        farthest;

    if (candidate < 0)
      candidate = 0;
    ruled_out2 = &labeller->ruled_out2[candidate * labeller->row_length];
    best       = distance_to_centre_avx2 (feature, &labeller->centres[candidate * n_dims],
                                          n_dims);
    label      = _mm256_set1_epi32 (candidate);
    halves     = _mm_max_ps (_mm256_castps256_ps128 (_mm256_and_ps (best, ok)),
                             _mm256_extractf128_ps (_mm256_and_ps (best, ok), 1));
    halves     = _mm_max_ps (halves, _mm_movehl_ps (halves, halves));
    farthest   = _mm_cvtss_f32 (_mm_max_ss (halves, _mm_movehdup_ps (halves)));

    for (int first_centre = 0; first_centre < labeller->n_clusters; first_centre += 8)
      {
        /* The centres of these eight that the farthest point does not
         * rule out, as bits: a branch per centre mispredicts too often. */
        unsigned pending = (unsigned) _mm256_movemask_ps (
          _mm256_cmp_ps (_mm256_loadu_ps (&ruled_out2[first_centre]),
                         _mm256_set1_ps (farthest), _CMP_LE_OQ));

        if (candidate >= first_centre && candidate < first_centre + 8)
          pending &= ~(1u << (candidate - first_centre));
        for (; pending; pending &= pending - 1)
          {
            int     c        = first_centre + __builtin_ctz (pending);
            __m256i index    = _mm256_set1_epi32 (c);
            __m256  distance = distance_to_centre_avx2 (feature, &labeller->centres[c * n_dims],
                                                        n_dims);
            __m256  closer   = _mm256_cmp_ps (distance, best, _CMP_LT_OQ);
            __m256  earlier  = _mm256_castsi256_ps (_mm256_cmpgt_epi32 (label, index));
            __m256  tie_won  = _mm256_and_ps (_mm256_cmp_ps (distance, best, _CMP_EQ_OQ), earlier);
            __m256  nearer   = _mm256_or_ps (closer, tie_won);

            best  = _mm256_blendv_ps (best, distance, nearer);
            label = _mm256_castps_si256 (_mm256_blendv_ps (_mm256_castsi256_ps (label),
                                                           _mm256_castsi256_ps (index), nearer));
          }
      }
  }

  /* Points that take no part: weight 0, distance 0, label KM_LABEL_NONE. */
  weight    = _mm256_and_ps (weight, ok);
  best      = _mm256_and_ps (best, ok);
  label     = _mm256_blendv_epi8 (_mm256_set1_epi32 (KM_LABEL_NONE), label,
                                  _mm256_castps_si256 (ok));
  mass_low  = _mm256_cvtps_pd (_mm256_castps256_ps128 (weight));
  mass_high = _mm256_cvtps_pd (_mm256_extractf128_ps (weight, 1));
  {
    __m256d pairs = _mm256_add_pd (
      _mm256_mul_pd (mass_low, _mm256_cvtps_pd (_mm256_castps256_ps128 (best))),
      _mm256_mul_pd (mass_high, _mm256_cvtps_pd (_mm256_extractf128_ps (best, 1))));
    __m128d quads = _mm_add_pd (_mm256_castpd256_pd128 (pairs), _mm256_extractf128_pd (pairs, 1));

    sums->inertia += _mm_cvtsd_f64 (_mm_add_sd (quads, _mm_unpackhi_pd (quads, quads)));
  }

  /* Lanes to points: the bytes of lanes 0, 4, 1, 5, 2, 6, 3, 7. */
  {
    __m128i words = _mm_packus_epi32 (_mm256_castsi256_si128 (label),
                                      _mm256_extracti128_si256 (label, 1));
    __m128i bytes = _mm_packus_epi16 (words, words);

    _mm_storel_epi64 ((__m128i *) &labeller->labels[first],
                      _mm_shuffle_epi8 (bytes, _mm_setr_epi8 (0, 4, 1, 5, 2, 6, 3, 7,
                                                              8, 8, 8, 8, 8, 8, 8, 8)));
  }

  _mm256_storeu_si256 ((__m256i *) lane_labels, label);
  while (remaining)
    {
      int      cluster = lane_labels[__builtin_ctz (remaining)];
      __m256i  same;
      unsigned members;
      __m256d  in_low, in_high, low, high;
      __m128d  quads;

      same    = _mm256_cmpeq_epi32 (label, _mm256_set1_epi32 (cluster));
      members = (unsigned) _mm256_movemask_ps (_mm256_castsi256_ps (same)) & remaining;
      in_low  = _mm256_castsi256_pd (_mm256_cvtepi32_epi64 (_mm256_castsi256_si128 (same)));
      in_high = _mm256_castsi256_pd (_mm256_cvtepi32_epi64 (_mm256_extracti128_si256 (same, 1)));
      low     = _mm256_and_pd (mass_low, in_low);
      high    = _mm256_and_pd (mass_high, in_high);
      low     = _mm256_add_pd (low, high);
      quads   = _mm_add_pd (_mm256_castpd256_pd128 (low), _mm256_extractf128_pd (low, 1));

      sums->sizes[cluster] += (size_t) __builtin_popcount (members);
      sums->weights[cluster] += _mm_cvtsd_f64 (_mm_add_sd (quads, _mm_unpackhi_pd (quads, quads)));
      sums->candidate = cluster;
      remaining &= ~members;
    }
}
#endif

/* How the AVX2 path reads a block's full groups. */
typedef struct
{
  int    enabled;
  int    transposed;     /* four-float reads, transposed */
  int    weight_column;  /* the column holding the weight, or -1 */
  size_t transposed_end; /* groups starting before it may be read so */
} KmGroupReads;

static KmGroupReads
plan_group_reads (const KmPoints *input)
{
  KmGroupReads plan   = { 0, 0, -1, 0 };
  size_t       stride = input->point_stride;
  uintptr_t    points = (uintptr_t) input->points;
  uintptr_t    weight = (uintptr_t) input->weights;
  size_t       points_end;

#ifdef KM_HAVE_AVX2_LABELS
  /* Gathers need each lane's offset in 32 bits. */
  plan.enabled = __builtin_cpu_supports ("avx2") &&
                 stride <= INT32_MAX / KM_LANES &&
                 input->weight_stride <= INT32_MAX / KM_LANES;
#endif
  if (! plan.enabled || input->n_dims > 4 || input->n_points < KM_LANES)
    return plan;

  /* The caller's points end n_dims floats into the last point: the last
   * group read four floats a point is the one whose last read ends there. */
  points_end = (input->n_points - 1) * stride + input->n_dims;
  if (points_end >= (KM_LANES - 1) * stride + 4)
    {
      plan.transposed     = 1;
      plan.transposed_end = (points_end - (KM_LANES - 1) * stride - 4) / stride + 1;
    }

  if (input->weights && input->weight_stride == stride && weight >= points &&
      (weight - points) % sizeof (float) == 0 &&
      (weight - points) / sizeof (float) < 4 &&
      (weight - points) / sizeof (float) >= (size_t) input->n_dims)
    plan.weight_column = (int) ((weight - points) / sizeof (float));

  return plan;
}

#ifdef KM_HAVE_AVX2_LABELS
__attribute__ ((target ("avx2"))) static void
label_full_group_avx2 (const KmLabeller   *labeller,
                       size_t              first,
                       const KmGroupReads *plan,
                       KmBlockSums        *sums)
{
  int transposed = plan->transposed && first < plan->transposed_end;

  KM_WITH_CONSTANT_DIMS (labeller->input.n_dims, label_full_group_avx2_dims, labeller,
                         first, transposed, transposed ? plan->weight_column : -1,
                         sums);
}
#endif

static inline KM_ALWAYS_INLINE void
label_block_dims (size_t    block,
                  void     *data,
                  const int n_dims)
{
  const KmLabeller *labeller = data;
  int               k        = labeller->n_clusters;
  KmBlockSums       sums     = { &labeller->block_sizes[block * k],
                                 &labeller->block_weights[block * k], 0.0, -1 };
  KmGroupReads      plan     = plan_group_reads (&labeller->input);
  size_t            start, end;

  km_block_range (block, KM_BLOCK_POINTS, labeller->input.n_points, &start, &end);
  memset (sums.sizes, 0, k * sizeof (size_t));
  memset (sums.weights, 0, k * sizeof (double));

  for (size_t first = start; first < end; first += KM_LANES)
    {
      size_t  n = end - first < KM_LANES ? end - first : KM_LANES;
      KmGroup group;

#ifdef KM_HAVE_AVX2_LABELS
      if (plan.enabled && n == KM_LANES)
        {
          label_full_group_avx2 (labeller, first, &plan, &sums);
          continue;
        }
#endif
      label_group (labeller, first, n, n_dims, sums.candidate, &group);
      store_group_labels (&group, n, &labeller->labels[first]);
      account_group (&group, &sums);
    }

  labeller->block_inertia[block] = sums.inertia;
}

static KM_VECTOR_CLONES void
label_block (size_t block,
             void  *data)
{
  KM_WITH_CONSTANT_DIMS (((const KmLabeller *) data)->input.n_dims,
                         label_block_dims, block, data);
}

/* For each pair of centres c and o, a quarter of their squared distance,
 * cut by 0.2 %: a point closer to c than half the distance from c to o is
 * closer to c than to o (triangle inequality), and the cut is far above
 * the rounding of any float distance here, as features are at most
 * KM_MAX_ABS_FEATURE.  Values too small for normal floats (centres closer
 * than about 1e-15) are 0: nothing is ruled out.  sure_radius2 is the
 * smallest of each row. */
static void
ruling_out_distances (const float *centres,
                      int          n_clusters,
                      int          n_dims,
                      int          row_length,
                      float       *ruled_out2,
                      float       *sure_radius2)
{
  for (int c = 0; c < n_clusters; c++)
    {
      sure_radius2[c] = FLT_MAX;
      for (int o = n_clusters; o < row_length; o++)
        ruled_out2[c * row_length + o] = FLT_MAX;
      for (int o = 0; o < n_clusters; o++)
        {
          double distance2 = 0.0;
          double quarter;
          float  ruled_out;

          for (int d = 0; d < n_dims; d++)
            {
              double diff = (double) centres[c * n_dims + d] - centres[o * n_dims + d];

              distance2 += diff * diff;
            }
          quarter                        = 0.25 * 0.998 * distance2;
          ruled_out                      = quarter < 1e-30 ? 0.0f : (float) (quarter < FLT_MAX ? quarter : FLT_MAX);
          ruled_out2[c * row_length + o] = ruled_out;
          if (o != c && ruled_out < sure_radius2[c])
            sure_radius2[c] = ruled_out;
        }
    }
}

KmStatus
km_label_points (const KmSettings *settings,
                 const KmPoints   *input,
                 const float      *centres,
                 int               n_clusters,
                 uint8_t          *labels,
                 size_t           *cluster_sizes,
                 double           *cluster_weights,
                 double           *inertia)
{
  size_t     n_blocks   = km_n_blocks (input->n_points, KM_BLOCK_POINTS);
  int        row_length = (n_clusters + 7) / 8 * 8;
  float      sure_radius2[KM_MAX_CLUSTERS];
  float     *ruled_out2 = malloc ((size_t) n_clusters * row_length * sizeof (float));
  KmLabeller labeller   = { *input, centres, n_clusters, ruled_out2, row_length,
                            sure_radius2, labels,
                            malloc ((n_blocks + 1) * n_clusters * sizeof (size_t)),
                            malloc ((n_blocks + 1) * n_clusters * sizeof (double)),
                            malloc ((n_blocks + 1) * sizeof (double)) };

  if (! ruled_out2 || ! labeller.block_sizes || ! labeller.block_weights ||
      ! labeller.block_inertia)
    {
      free (ruled_out2);
      free (labeller.block_sizes);
      free (labeller.block_weights);
      free (labeller.block_inertia);
      return KM_STATUS_OUT_OF_MEMORY;
    }

  ruling_out_distances (centres, n_clusters, input->n_dims, row_length, ruled_out2,
                        sure_radius2);
  km_parallel_blocks (settings, n_blocks, label_block, &labeller);

  memset (cluster_sizes, 0, n_clusters * sizeof (size_t));
  memset (cluster_weights, 0, n_clusters * sizeof (double));
  *inertia = 0.0;
  for (size_t b = 0; b < n_blocks; b++)
    {
      for (int c = 0; c < n_clusters; c++)
        {
          cluster_sizes[c] += labeller.block_sizes[b * n_clusters + c];
          cluster_weights[c] += labeller.block_weights[b * n_clusters + c];
        }
      *inertia += labeller.block_inertia[b];
    }

  free (ruled_out2);
  free (labeller.block_sizes);
  free (labeller.block_weights);
  free (labeller.block_inertia);
  return KM_STATUS_OK;
}
