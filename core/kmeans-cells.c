/* kmeans-cells.c — compacts the points into weighted cells.
 *
 * A photo has far fewer distinct colours than pixels, and weighted k-means
 * over one cell per distinct colour minimises exactly the same objective as
 * k-means over every point.  Points are grouped by cell: the features with
 * -0 made +0 and the mantissa cut to KM_CELL_MANTISSA_BITS bits (the cell's
 * key, cell_key), and each cell is represented by the weighted mean of its
 * points.  Distinct 8-bit values never share a cell, so 8-bit data is
 * compacted exactly; 16-bit and float data is quantised with the error
 * stated in kmeans.h.
 *
 * One hash table over a million distinct colours misses the cache on every
 * point, and so does any random access to the points themselves, so the
 * points are radix-partitioned by hash into a fixed number of parts whose
 * tables stay in the cache, one chunk of points at a time:
 *   1. in parallel over fixed blocks of the chunk: copy each block's points
 *      into its region of a scratch buffer, grouped by part;
 *   2. in parallel over parts: add each part's points to its table, block
 *      by block (first-occurrence order, weights summed in point order).
 * Finally the parts are concatenated.  Every memory access but the cached
 * table probes is sequential, and nothing depends on the number of
 * threads: blocks, chunks and parts are fixed, and every sum runs in point
 * order.  Scratch and tables are sized to the input, so a small input never
 * pays for a large table. */

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kmeans-private.h"

#define KM_PART_BITS    6
#define KM_N_PARTS      (1 << KM_PART_BITS)
#define KM_PART_BLOCK   16384 /* points: a block's copy stays in the cache */
#define KM_CHUNK_BLOCKS 256   /* blocks per chunk: bounds the scratch */

/* One part's cells and its open-addressing table. */
typedef struct
{
  size_t    n_cells;
  size_t    capacity; /* cells that fit in the arrays */
  float    *keys;     /* each cell's key */
  double   *sums;     /* weighted sums of the features */
  double   *weights;
  uint32_t *hashes;
  uint32_t *slots; /* cell index + 1, 0 when empty */
  size_t    mask;
  KmStatus  status;
} KmPart;

typedef struct
{
  KmCells  *cells;
  KmPoints  input;
  int       entry_size;  /* floats per copied point: features, hash, weight */
  size_t    first_block; /* of the chunk */
  size_t    n_blocks;    /* in the chunk */
  float    *scratch;     /* the chunk's copies, block after block */
  uint32_t *part_ends;   /* [block][part]: end of the part's copies */
  KmPart    parts[KM_N_PARTS];
} KmBuilder;

/* Cuts each feature's mantissa to KM_CELL_MANTISSA_BITS bits (towards
 * zero): the key of the point's cell. */
static inline void
cell_key (float *key,
          int    n_dims)
{
  const uint32_t mask = ~((UINT32_C (1) << (23 - KM_CELL_MANTISSA_BITS)) - 1);

  for (int d = 0; d < n_dims; d++)
    {
      uint32_t bits;

      memcpy (&bits, &key[d], sizeof bits);
      bits &= mask;
      memcpy (&key[d], &bits, sizeof bits);
    }
}

/* Bit for bit, as the tables compare keys (-0 is made +0 first). */
static inline int
same_key (const float *a,
          const float *b,
          int          n_dims)
{
  int same = 1;

  for (int d = 0; d < n_dims; d++)
    {
      uint32_t bits_a, bits_b;

      memcpy (&bits_a, &a[d], sizeof bits_a);
      memcpy (&bits_b, &b[d], sizeof bits_b);
      same &= bits_a == bits_b;
    }

  return same;
}

static inline KM_ALWAYS_INLINE uint32_t
hash_key (const float *key,
          int          n_dims)
{
  uint64_t hash = 0x243f6a8885a308d3ULL;

  for (int d = 0; d < n_dims; d++)
    {
      uint32_t bits;

      memcpy (&bits, &key[d], sizeof bits);
      hash = (hash ^ bits) * 0x9e3779b97f4a7c15ULL;
    }
  hash ^= hash >> 31;
  hash *= 0xbf58476d1ce4e5b9ULL;

  return (uint32_t) (hash >> 32);
}

/* Step 1: the block's points that take part, with -0 made +0 (so equal
 * values hash alike) and their weight, grouped by part. */
static inline KM_ALWAYS_INLINE void
copy_block_dims (size_t    block,
                 void     *data,
                 const int n_dims)
{
  KmBuilder *builder = data;
  int        size    = builder->entry_size;
  float     *region  = &builder->scratch[block * KM_PART_BLOCK * size];
  uint32_t  *ends    = &builder->part_ends[block * KM_N_PARTS];
  uint8_t    part_of[KM_PART_BLOCK];
  uint32_t   hashes[KM_PART_BLOCK];
  uint32_t   next[KM_N_PARTS] = { 0 };
  uint32_t   total            = 0;
  size_t     start, end;

  km_block_range (builder->first_block + block, KM_PART_BLOCK, builder->input.n_points,
                  &start, &end);

  for (size_t i = start; i < end; i++)
    {
      float key[KM_MAX_DIMS];

      if (km_read_point (&builder->input, n_dims, i, key, NULL))
        {
          cell_key (key, n_dims);
          hashes[i - start]  = hash_key (key, n_dims);
          part_of[i - start] = hashes[i - start] >> (32 - KM_PART_BITS);
          next[part_of[i - start]]++;
        }
      else
        part_of[i - start] = UINT8_MAX;
    }

  for (int p = 0; p < KM_N_PARTS; p++)
    {
      uint32_t count = next[p];

      next[p] = total;
      total += count;
      ends[p] = total;
    }

  for (size_t i = start; i < end; i++)
    if (part_of[i - start] != UINT8_MAX)
      {
        const float *raw   = &builder->input.points[i * builder->input.point_stride];
        float       *entry = &region[next[part_of[i - start]]++ * size];

        for (int d = 0; d < n_dims; d++)
          entry[d] = raw[d] + 0.0f;
        memcpy (&entry[n_dims], &hashes[i - start], sizeof (uint32_t));
        if (size > n_dims + 1)
          entry[n_dims + 1] = builder->input.weights[i * builder->input.weight_stride];
      }
}

static void
copy_block (size_t block,
            void  *data)
{
  KM_WITH_CONSTANT_DIMS (((const KmBuilder *) data)->cells->n_dims,
                         copy_block_dims, block, data);
}

static KmStatus
grow_part_arrays (KmPart *part,
                  int     n_dims)
{
  size_t    capacity = part->capacity ? part->capacity * 2 : 256;
  float    *keys;
  double   *sums;
  double   *weights;
  uint32_t *hashes;

  sums = realloc (part->sums, capacity * n_dims * sizeof (double));
  if (! sums)
    return KM_STATUS_OUT_OF_MEMORY;
  part->sums = sums;

  keys = realloc (part->keys, capacity * n_dims * sizeof (float));
  if (! keys)
    return KM_STATUS_OUT_OF_MEMORY;
  part->keys = keys;

  weights = realloc (part->weights, capacity * sizeof (double));
  if (! weights)
    return KM_STATUS_OUT_OF_MEMORY;
  part->weights = weights;

  hashes = realloc (part->hashes, capacity * sizeof (uint32_t));
  if (! hashes)
    return KM_STATUS_OUT_OF_MEMORY;
  part->hashes = hashes;

  part->capacity = capacity;
  return KM_STATUS_OK;
}

/* Rebuilds a part's slot array at twice the size (at least 512) from the
 * stored hashes. */
static KmStatus
grow_part_slots (KmPart *part)
{
  size_t    n_slots = part->slots ? (part->mask + 1) * 2 : 512;
  uint32_t *slots   = calloc (n_slots, sizeof (uint32_t));

  if (! slots)
    return KM_STATUS_OUT_OF_MEMORY;

  for (size_t v = 0; v < part->n_cells; v++)
    {
      size_t slot = part->hashes[v] & (n_slots - 1);

      while (slots[slot])
        slot = (slot + 1) & (n_slots - 1);
      slots[slot] = (uint32_t) v + 1;
    }

  free (part->slots);
  part->slots = slots;
  part->mask  = n_slots - 1;
  return KM_STATUS_OK;
}

/* The index in the part of the cell with this key, added when new, or
 * SIZE_MAX when memory runs out. */
static inline KM_ALWAYS_INLINE size_t
part_find_or_add (KmPart      *part,
                  const float *key,
                  int          n_dims,
                  uint32_t     hash)
{
  size_t slot = hash & part->mask;

  for (;;)
    {
      uint32_t entry = part->slots[slot];
      size_t   v;

      if (entry == 0)
        break;

      v = entry - 1;
      if (part->hashes[v] == hash &&
          same_key (&part->keys[v * n_dims], key, n_dims))
        return v;
      slot = (slot + 1) & part->mask;
    }

  if (part->n_cells == part->capacity &&
      (part->status = grow_part_arrays (part, n_dims)) != KM_STATUS_OK)
    return SIZE_MAX;

  {
    size_t v = part->n_cells++;

    memcpy (&part->keys[v * n_dims], key, n_dims * sizeof (float));
    memset (&part->sums[v * n_dims], 0, n_dims * sizeof (double));
    part->weights[v]  = 0.0;
    part->hashes[v]   = hash;
    part->slots[slot] = (uint32_t) v + 1;

    /* Keep the table at most half full. */
    if (part->n_cells * 2 > part->mask + 1 &&
        (part->status = grow_part_slots (part)) != KM_STATUS_OK)
      return SIZE_MAX;

    return v;
  }
}

/* Step 2: adds the chunk's copies of one part to the part's table. */
static inline KM_ALWAYS_INLINE void
compact_part_dims (size_t    p,
                   void     *data,
                   const int n_dims)
{
  KmBuilder *builder = data;
  KmPart    *part    = &builder->parts[p];
  int        size    = builder->entry_size;

  if (part->status == KM_STATUS_OK && ! part->slots)
    part->status = grow_part_arrays (part, n_dims);
  if (part->status == KM_STATUS_OK && ! part->slots)
    part->status = grow_part_slots (part);

  for (size_t b = 0; b < builder->n_blocks && part->status == KM_STATUS_OK; b++)
    {
      const uint32_t *ends   = &builder->part_ends[b * KM_N_PARTS];
      const float    *region = &builder->scratch[b * KM_PART_BLOCK * size];

      for (uint32_t e = p ? ends[p - 1] : 0; e < ends[p]; e++)
        {
          const float *point  = &region[e * size];
          double       weight = size > n_dims + 1 ? point[n_dims + 1] : 1.0f;
          float        key[KM_MAX_DIMS];
          uint32_t     hash;
          size_t       v;

          memcpy (key, point, n_dims * sizeof (float));
          cell_key (key, n_dims);
          memcpy (&hash, &point[n_dims], sizeof hash);
          v = part_find_or_add (part, key, n_dims, hash);
          if (v == SIZE_MAX)
            break;

          for (int d = 0; d < n_dims; d++)
            part->sums[v * n_dims + d] += weight * point[d];
          part->weights[v] += weight;
        }
    }
}

static void
compact_part (size_t p,
              void  *data)
{
  KM_WITH_CONSTANT_DIMS (((const KmBuilder *) data)->cells->n_dims,
                         compact_part_dims, p, data);
}

/* Copies each part to its place in the cells' arrays. */
static void
gather_part (size_t p,
             void  *data)
{
  KmBuilder *builder = data;
  KmCells   *cells   = builder->cells;
  KmPart    *part    = &builder->parts[p];
  size_t     first   = 0;
  int        n_dims  = cells->n_dims;

  for (size_t q = 0; q < p; q++)
    first += builder->parts[q].n_cells;

  /* A cell of a single value gets that value back exactly. */
  for (size_t v = 0; v < part->n_cells; v++)
    for (int d = 0; d < n_dims; d++)
      cells->means[(first + v) * n_dims + d] =
        (float) (part->sums[v * n_dims + d] / part->weights[v]);
  /* An empty part may have no arrays at all, and memcpy takes no NULL,
   * even for 0 bytes. */
  if (part->n_cells > 0)
    memcpy (&cells->weights[first], part->weights,
            part->n_cells * sizeof (double));
}

static void
free_parts (KmBuilder *builder)
{
  for (int p = 0; p < KM_N_PARTS; p++)
    {
      free (builder->parts[p].keys);
      free (builder->parts[p].sums);
      free (builder->parts[p].weights);
      free (builder->parts[p].hashes);
      free (builder->parts[p].slots);
    }
}

KmStatus
km_cells_build (KmCells          *cells,
                const KmSettings *settings,
                const KmPoints   *input)
{
  KmBuilder builder      = { 0 };
  KmStatus  status       = KM_STATUS_OK;
  int       n_dims       = input->n_dims;
  size_t    n_points     = input->n_points;
  size_t    n_blocks     = km_n_blocks (n_points, KM_PART_BLOCK);
  size_t    chunk_blocks = n_blocks < KM_CHUNK_BLOCKS ? n_blocks : KM_CHUNK_BLOCKS;
  size_t    chunk_points = chunk_blocks * KM_PART_BLOCK;

  memset (cells, 0, sizeof *cells);
  cells->n_dims      = n_dims;
  builder.cells      = cells;
  builder.input      = *input;
  builder.entry_size = n_dims + 1 + (input->weights ? 1 : 0);

  if (chunk_points > n_points)
    chunk_points = n_points;
  builder.scratch   = malloc ((chunk_points ? chunk_points : 1) *
                              builder.entry_size * sizeof (float));
  builder.part_ends = malloc ((chunk_blocks ? chunk_blocks : 1) *
                              KM_N_PARTS * sizeof (uint32_t));
  if (! builder.scratch || ! builder.part_ends)
    status = KM_STATUS_OUT_OF_MEMORY;

  for (size_t first = 0; first < n_blocks && status == KM_STATUS_OK;
       first += KM_CHUNK_BLOCKS)
    {
      builder.first_block = first;
      builder.n_blocks    = n_blocks - first < KM_CHUNK_BLOCKS ? n_blocks - first : KM_CHUNK_BLOCKS;
      km_parallel_blocks (settings, builder.n_blocks, copy_block, &builder);
      km_parallel_blocks (settings, KM_N_PARTS, compact_part, &builder);

      for (int p = 0; p < KM_N_PARTS && status == KM_STATUS_OK; p++)
        status = builder.parts[p].status;
    }
  free (builder.scratch);
  free (builder.part_ends);

  for (int p = 0; p < KM_N_PARTS; p++)
    cells->n_cells += builder.parts[p].n_cells;

  if (status == KM_STATUS_OK)
    {
      size_t n = cells->n_cells ? cells->n_cells : 1;

      cells->means   = malloc (n * n_dims * sizeof (float));
      cells->weights = malloc (n * sizeof (double));
      if (! cells->means || ! cells->weights)
        status = KM_STATUS_OUT_OF_MEMORY;
      else
        km_parallel_blocks (settings, KM_N_PARTS, gather_part, &builder);
    }

  free_parts (&builder);
  if (status != KM_STATUS_OK)
    km_cells_clear (cells);

  return status;
}

void
km_cells_clear (KmCells *cells)
{
  free (cells->means);
  free (cells->weights);
  memset (cells, 0, sizeof *cells);
}
