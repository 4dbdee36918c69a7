/* kmeans-distinct.c — compacts the input into distinct weighted vectors.
 *
 * A photo has far fewer distinct colours than pixels, and weighted k-means
 * over the distinct vectors minimises exactly the same objective as k-means
 * over every point.  Vectors are compared by value (with -0 equal to +0) in
 * an open-addressing hash table that grows with the number of vectors, so a
 * small input never pays for a large table. */

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kmeans-private.h"

typedef struct
{
  uint32_t *slots;     /* vector index + 1, 0 when empty */
  size_t    mask;
  size_t    capacity;  /* vectors that fit in the arrays */
} KmTable;

static uint64_t
hash_vector (const float *vector,
             int          n_dims)
{
  uint64_t hash = 0x243f6a8885a308d3ULL;

  for (int d = 0; d < n_dims; d++)
    {
      uint32_t bits;

      memcpy (&bits, &vector[d], sizeof bits);
      hash = (hash ^ bits) * 0x9e3779b97f4a7c15ULL;
      hash ^= hash >> 29;
    }

  return hash;
}

static int
point_takes_part (const float *point,
                  int          n_dims,
                  float        weight)
{
  if (! (weight > 0.0f) || ! isfinite (weight))
    return 0;

  for (int d = 0; d < n_dims; d++)
    if (! (fabsf (point[d]) <= KM_MAX_ABS_FEATURE))
      return 0;

  return 1;
}

static KmStatus
grow_arrays (KmDistinct *distinct,
             KmTable    *table)
{
  size_t  capacity = table->capacity ? table->capacity * 2 : 1024;
  float  *vectors  = realloc (distinct->vectors,
                              capacity * distinct->n_dims * sizeof (float));
  double *weights;
  size_t *counts;

  if (! vectors)
    return KM_STATUS_OUT_OF_MEMORY;
  distinct->vectors = vectors;

  weights = realloc (distinct->weights, capacity * sizeof (double));
  if (! weights)
    return KM_STATUS_OUT_OF_MEMORY;
  distinct->weights = weights;

  counts = realloc (distinct->counts, capacity * sizeof (size_t));
  if (! counts)
    return KM_STATUS_OUT_OF_MEMORY;
  distinct->counts = counts;

  table->capacity = capacity;
  return KM_STATUS_OK;
}

/* Rebuilds the slot array at twice the size; the vectors stay where they are. */
static KmStatus
grow_slots (const KmDistinct *distinct,
            KmTable          *table)
{
  size_t    n_slots = (table->mask + 1) * 2;
  uint32_t *slots   = calloc (n_slots, sizeof (uint32_t));

  if (! slots)
    return KM_STATUS_OUT_OF_MEMORY;

  for (size_t v = 0; v < distinct->n_vectors; v++)
    {
      size_t slot = hash_vector (&distinct->vectors[v * distinct->n_dims],
                                 distinct->n_dims) & (n_slots - 1);

      while (slots[slot])
        slot = (slot + 1) & (n_slots - 1);
      slots[slot] = (uint32_t) v + 1;
    }

  free (table->slots);
  table->slots = slots;
  table->mask  = n_slots - 1;
  return KM_STATUS_OK;
}

KmStatus
km_distinct_build (KmDistinct  *distinct,
                   const float *points,
                   size_t       n_points,
                   int          n_dims,
                   size_t       point_stride,
                   const float *weights,
                   size_t       weight_stride)
{
  KmTable  table  = { 0 };
  KmStatus status = KM_STATUS_OK;

  memset (distinct, 0, sizeof *distinct);
  distinct->n_dims      = n_dims;
  distinct->point_index = malloc ((n_points ? n_points : 1) * sizeof (uint32_t));
  table.slots           = calloc (2048, sizeof (uint32_t));
  table.mask            = 2047;

  if (! distinct->point_index || ! table.slots)
    status = KM_STATUS_OUT_OF_MEMORY;
  else
    status = grow_arrays (distinct, &table);

  for (size_t i = 0; i < n_points && status == KM_STATUS_OK; i++)
    {
      const float *raw    = &points[i * point_stride];
      float        weight = weights ? weights[i * weight_stride] : 1.0f;
      float        vector[KM_MAX_DIMS];
      size_t       slot;

      if (! point_takes_part (raw, n_dims, weight))
        {
          distinct->point_index[i] = KM_DISTINCT_NONE;
          continue;
        }

      /* Adding +0 turns -0 into +0, so equal values hash alike. */
      for (int d = 0; d < n_dims; d++)
        vector[d] = raw[d] + 0.0f;

      slot = hash_vector (vector, n_dims) & table.mask;
      while (table.slots[slot])
        {
          size_t v = table.slots[slot] - 1;

          if (memcmp (&distinct->vectors[v * n_dims], vector,
                      n_dims * sizeof (float)) == 0)
            break;
          slot = (slot + 1) & table.mask;
        }

      if (! table.slots[slot])
        {
          size_t v = distinct->n_vectors;

          if (v == table.capacity &&
              (status = grow_arrays (distinct, &table)) != KM_STATUS_OK)
            break;

          memcpy (&distinct->vectors[v * n_dims], vector,
                  n_dims * sizeof (float));
          distinct->weights[v] = 0.0;
          distinct->counts[v]  = 0;
          distinct->n_vectors++;
          table.slots[slot] = (uint32_t) v + 1;

          /* Keep the table at most half full. */
          if (distinct->n_vectors * 2 > table.mask + 1 &&
              (status = grow_slots (distinct, &table)) != KM_STATUS_OK)
            break;

          distinct->point_index[i] = (uint32_t) v;
        }
      else
        {
          distinct->point_index[i] = table.slots[slot] - 1;
        }

      distinct->weights[distinct->point_index[i]] += weight;
      distinct->counts[distinct->point_index[i]]++;
    }

  free (table.slots);
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
