/* kmeans-distinct.c — compacts the input into distinct weighted vectors.
 *
 * A photo has far fewer distinct colours than pixels, and weighted k-means
 * over the distinct vectors minimises exactly the same objective as k-means
 * over every point.  Vectors are compared by value (with -0 equal to +0).
 *
 * A single hash table over a million distinct colours misses the cache on
 * every point, so the vectors are split by hash into a fixed number of
 * shards whose tables stay in the cache:
 *   1. in parallel over fixed blocks of points: hash every point and count
 *      the points of each block in each shard;
 *   2. in parallel over blocks: list each shard's points, in point order;
 *   3. in parallel over shards: compact each shard's points in its own
 *      table (first occurrence order, weights summed in point order);
 *   4. concatenate the shards and renumber the points to global indices.
 * Nothing depends on the number of threads: the blocks and shards are
 * fixed, and every sum runs in point order.  Each table grows with its
 * vectors, so a small input never pays for a large table. */

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kmeans-private.h"

#define KM_SHARD_BITS       4
#define KM_N_SHARDS         (1 << KM_SHARD_BITS)
#define KM_SHARD_INDEX_BITS (32 - KM_SHARD_BITS)
#define KM_SHARD_INDEX_MASK ((1u << KM_SHARD_INDEX_BITS) - 1)

/* One shard's distinct vectors and its open-addressing table. */
typedef struct
{
  size_t    n_vectors;
  size_t    capacity;  /* vectors that fit in the arrays */
  float    *vectors;
  double   *weights;
  size_t   *counts;
  uint32_t *hashes;
  uint32_t *slots;     /* vector index + 1, 0 when empty */
  size_t    mask;
  KmStatus  status;
} KmShard;

typedef struct
{
  KmDistinct  *distinct;
  const float *points;
  size_t       n_points;
  size_t       point_stride;
  const float *weights;
  size_t       weight_stride;
  size_t       n_blocks;
  size_t      *block_counts;  /* [block][shard]: points, then list offsets */
  uint32_t    *order;         /* the points of shard 0, then shard 1, ... */
  size_t       shard_start[KM_N_SHARDS + 1];
  size_t       shard_offset[KM_N_SHARDS];  /* first global index */
  KmShard      shards[KM_N_SHARDS];
} KmBuilder;

/* Never KM_DISTINCT_NONE, so a hash can stand in the point index. */
static uint32_t
hash_vector (const float *vector,
             int          n_dims)
{
  uint64_t hash = 0x243f6a8885a308d3ULL;

  for (int d = 0; d < n_dims; d++)
    {
      uint32_t bits;

      memcpy (&bits, &vector[d], sizeof bits);
      hash = (hash ^ bits) * 0x9e3779b97f4a7c15ULL;
    }
  hash ^= hash >> 31;
  hash *= 0xbf58476d1ce4e5b9ULL;
  hash >>= 32;

  return hash == KM_DISTINCT_NONE ? KM_DISTINCT_NONE - 1 : (uint32_t) hash;
}

/* The point's vector with -0 made +0 (so equal values hash alike), or
 * FALSE when the point takes no part. */
static int
read_point (const KmBuilder *builder,
            size_t           i,
            float           *vector,
            float           *weight)
{
  const float *raw    = &builder->points[i * builder->point_stride];
  int          n_dims = builder->distinct->n_dims;

  *weight = builder->weights ? builder->weights[i * builder->weight_stride] : 1.0f;
  if (! (*weight > 0.0f) || ! isfinite (*weight))
    return 0;

  for (int d = 0; d < n_dims; d++)
    {
      if (! (fabsf (raw[d]) <= KM_MAX_ABS_FEATURE))
        return 0;
      vector[d] = raw[d] + 0.0f;
    }

  return 1;
}

static void
block_range (const KmBuilder *builder,
             size_t           block,
             size_t          *start,
             size_t          *end)
{
  *start = block * KM_BLOCK_POINTS;
  *end   = *start + KM_BLOCK_POINTS;
  if (*end > builder->n_points)
    *end = builder->n_points;
}

/* Step 1: the point index holds each point's hash for now. */
static void
hash_block (size_t  block,
            void   *data)
{
  KmBuilder *builder = data;
  uint32_t  *index   = builder->distinct->point_index;
  size_t    *counts  = &builder->block_counts[block * KM_N_SHARDS];
  size_t     start, end;

  block_range (builder, block, &start, &end);
  memset (counts, 0, KM_N_SHARDS * sizeof (size_t));

  for (size_t i = start; i < end; i++)
    {
      float vector[KM_MAX_DIMS], weight;

      if (! read_point (builder, i, vector, &weight))
        {
          index[i] = KM_DISTINCT_NONE;
          continue;
        }
      index[i] = hash_vector (vector, builder->distinct->n_dims);
      counts[index[i] >> KM_SHARD_INDEX_BITS]++;
    }
}

/* Step 2: block_counts now holds where each block's points of each shard
 * go in the order array. */
static void
list_block (size_t  block,
            void   *data)
{
  KmBuilder      *builder = data;
  const uint32_t *index   = builder->distinct->point_index;
  size_t          next[KM_N_SHARDS];
  size_t          start, end;

  block_range (builder, block, &start, &end);
  memcpy (next, &builder->block_counts[block * KM_N_SHARDS], sizeof next);

  for (size_t i = start; i < end; i++)
    if (index[i] != KM_DISTINCT_NONE)
      builder->order[next[index[i] >> KM_SHARD_INDEX_BITS]++] = (uint32_t) i;
}

static KmStatus
grow_shard_arrays (KmShard *shard,
                   int      n_dims)
{
  size_t    capacity = shard->capacity ? shard->capacity * 2 : 256;
  float    *vectors;
  double   *weights;
  size_t   *counts;
  uint32_t *hashes;

  if (capacity > (size_t) KM_SHARD_INDEX_MASK + 1)
    return KM_STATUS_OUT_OF_MEMORY;

  vectors = realloc (shard->vectors, capacity * n_dims * sizeof (float));
  if (! vectors)
    return KM_STATUS_OUT_OF_MEMORY;
  shard->vectors = vectors;

  weights = realloc (shard->weights, capacity * sizeof (double));
  if (! weights)
    return KM_STATUS_OUT_OF_MEMORY;
  shard->weights = weights;

  counts = realloc (shard->counts, capacity * sizeof (size_t));
  if (! counts)
    return KM_STATUS_OUT_OF_MEMORY;
  shard->counts = counts;

  hashes = realloc (shard->hashes, capacity * sizeof (uint32_t));
  if (! hashes)
    return KM_STATUS_OUT_OF_MEMORY;
  shard->hashes = hashes;

  shard->capacity = capacity;
  return KM_STATUS_OK;
}

/* Rebuilds a shard's slot array at twice the size (at least 512) from the
 * stored hashes. */
static KmStatus
grow_shard_slots (KmShard *shard)
{
  size_t    n_slots = shard->slots ? (shard->mask + 1) * 2 : 512;
  uint32_t *slots   = calloc (n_slots, sizeof (uint32_t));

  if (! slots)
    return KM_STATUS_OUT_OF_MEMORY;

  for (size_t v = 0; v < shard->n_vectors; v++)
    {
      size_t slot = shard->hashes[v] & (n_slots - 1);

      while (slots[slot])
        slot = (slot + 1) & (n_slots - 1);
      slots[slot] = (uint32_t) v + 1;
    }

  free (shard->slots);
  shard->slots = slots;
  shard->mask  = n_slots - 1;
  return KM_STATUS_OK;
}

/* The index of the vector in the shard, added when new, or SIZE_MAX when
 * memory runs out. */
static size_t
shard_find_or_add (KmShard     *shard,
                   const float *vector,
                   int          n_dims,
                   uint32_t     hash)
{
  size_t slot = hash & shard->mask;

  for (;;)
    {
      uint32_t entry = shard->slots[slot];
      size_t   v;

      if (entry == 0)
        break;

      v = entry - 1;
      if (shard->hashes[v] == hash &&
          memcmp (&shard->vectors[v * n_dims], vector, n_dims * sizeof (float)) == 0)
        return v;
      slot = (slot + 1) & shard->mask;
    }

  if (shard->n_vectors == shard->capacity &&
      (shard->status = grow_shard_arrays (shard, n_dims)) != KM_STATUS_OK)
    return SIZE_MAX;

  {
    size_t v = shard->n_vectors++;

    memcpy (&shard->vectors[v * n_dims], vector, n_dims * sizeof (float));
    shard->weights[v]   = 0.0;
    shard->counts[v]    = 0;
    shard->hashes[v]    = hash;
    shard->slots[slot]  = (uint32_t) v + 1;

    /* Keep the table at most half full. */
    if (shard->n_vectors * 2 > shard->mask + 1 &&
        (shard->status = grow_shard_slots (shard)) != KM_STATUS_OK)
      return SIZE_MAX;

    return v;
  }
}

/* Step 3: the point index holds the shard in its top bits and the index in
 * the shard below. */
static void
compact_shard (size_t  s,
               void   *data)
{
  KmBuilder *builder = data;
  KmShard   *shard   = &builder->shards[s];
  uint32_t  *index   = builder->distinct->point_index;
  int        n_dims  = builder->distinct->n_dims;

  shard->status = grow_shard_arrays (shard, n_dims);
  if (shard->status == KM_STATUS_OK)
    shard->status = grow_shard_slots (shard);

  for (size_t j = builder->shard_start[s];
       j < builder->shard_start[s + 1] && shard->status == KM_STATUS_OK; j++)
    {
      size_t i = builder->order[j];
      float  vector[KM_MAX_DIMS], weight;
      size_t v;

      read_point (builder, i, vector, &weight);
      v = shard_find_or_add (shard, vector, n_dims, index[i]);
      if (v == SIZE_MAX)
        break;

      index[i] = (uint32_t) (s << KM_SHARD_INDEX_BITS) | (uint32_t) v;
      shard->weights[v] += weight;
      shard->counts[v]++;
    }
}

/* Step 4, in parallel over shards: copy each shard to its place. */
static void
gather_shard (size_t  s,
              void   *data)
{
  KmBuilder  *builder  = data;
  KmDistinct *distinct = builder->distinct;
  KmShard    *shard    = &builder->shards[s];
  size_t      first    = builder->shard_offset[s];
  int         n_dims   = distinct->n_dims;

  memcpy (&distinct->vectors[first * n_dims], shard->vectors,
          shard->n_vectors * n_dims * sizeof (float));
  memcpy (&distinct->weights[first], shard->weights,
          shard->n_vectors * sizeof (double));
  memcpy (&distinct->counts[first], shard->counts,
          shard->n_vectors * sizeof (size_t));
}

/* Step 4, in parallel over blocks: shard and index in shard → global index. */
static void
renumber_block (size_t  block,
                void   *data)
{
  KmBuilder *builder = data;
  uint32_t  *index   = builder->distinct->point_index;
  size_t     start, end;

  block_range (builder, block, &start, &end);

  for (size_t i = start; i < end; i++)
    if (index[i] != KM_DISTINCT_NONE)
      index[i] = (uint32_t) builder->shard_offset[index[i] >> KM_SHARD_INDEX_BITS] +
                 (index[i] & KM_SHARD_INDEX_MASK);
}

static void
free_shards (KmBuilder *builder)
{
  for (int s = 0; s < KM_N_SHARDS; s++)
    {
      free (builder->shards[s].vectors);
      free (builder->shards[s].weights);
      free (builder->shards[s].counts);
      free (builder->shards[s].hashes);
      free (builder->shards[s].slots);
    }
}

KmStatus
km_distinct_build (KmDistinct       *distinct,
                   const KmSettings *settings,
                   const float      *points,
                   size_t            n_points,
                   int               n_dims,
                   size_t            point_stride,
                   const float      *weights,
                   size_t            weight_stride)
{
  KmBuilder builder = { 0 };
  KmStatus  status  = KM_STATUS_OK;
  size_t    total   = 0;

  memset (distinct, 0, sizeof *distinct);
  distinct->n_dims      = n_dims;
  builder.distinct      = distinct;
  builder.points        = points;
  builder.n_points      = n_points;
  builder.point_stride  = point_stride;
  builder.weights       = weights;
  builder.weight_stride = weight_stride;
  builder.n_blocks      = km_n_blocks (n_points, KM_BLOCK_POINTS);

  distinct->point_index = malloc ((n_points ? n_points : 1) * sizeof (uint32_t));
  builder.block_counts  = malloc ((builder.n_blocks + 1) * KM_N_SHARDS * sizeof (size_t));
  if (! distinct->point_index || ! builder.block_counts)
    {
      free (builder.block_counts);
      km_distinct_clear (distinct);
      return KM_STATUS_OUT_OF_MEMORY;
    }

  km_parallel_blocks (settings, builder.n_blocks, hash_block, &builder);

  for (int s = 0; s < KM_N_SHARDS; s++)
    {
      builder.shard_start[s] = total;
      for (size_t b = 0; b < builder.n_blocks; b++)
        {
          size_t count = builder.block_counts[b * KM_N_SHARDS + s];

          builder.block_counts[b * KM_N_SHARDS + s] = total;
          total += count;
        }
    }
  builder.shard_start[KM_N_SHARDS] = total;

  builder.order = malloc ((total ? total : 1) * sizeof (uint32_t));
  if (! builder.order)
    status = KM_STATUS_OUT_OF_MEMORY;
  else
    {
      km_parallel_blocks (settings, builder.n_blocks, list_block, &builder);
      km_parallel_blocks (settings, KM_N_SHARDS, compact_shard, &builder);
    }
  free (builder.order);
  free (builder.block_counts);

  for (int s = 0; s < KM_N_SHARDS && status == KM_STATUS_OK; s++)
    {
      status = builder.shards[s].status;
      builder.shard_offset[s] = distinct->n_vectors;
      distinct->n_vectors += builder.shards[s].n_vectors;
    }

  if (status == KM_STATUS_OK)
    {
      size_t n = distinct->n_vectors ? distinct->n_vectors : 1;

      distinct->vectors = malloc (n * n_dims * sizeof (float));
      distinct->weights = malloc (n * sizeof (double));
      distinct->counts  = malloc (n * sizeof (size_t));
      if (! distinct->vectors || ! distinct->weights || ! distinct->counts)
        status = KM_STATUS_OUT_OF_MEMORY;
    }

  if (status == KM_STATUS_OK)
    {
      km_parallel_blocks (settings, KM_N_SHARDS, gather_shard, &builder);
      km_parallel_blocks (settings, builder.n_blocks, renumber_block, &builder);
    }

  free_shards (&builder);
  if (status != KM_STATUS_OK)
    km_distinct_clear (distinct);

  return status;
}

void
km_distinct_clear (KmDistinct *distinct)
{
  free (distinct->vectors);
  free (distinct->weights);
  free (distinct->counts);
  free (distinct->point_index);
  memset (distinct, 0, sizeof *distinct);
}
