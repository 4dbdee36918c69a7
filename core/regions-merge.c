/* regions-merge.c — merges the regions smaller than min_region.
 *
 * The rule (see km_region_settings_set_min_region) is sequential: the
 * smallest region goes first, and each merge changes what the next one
 * sees.  It is run fast without changing the result:
 *
 *  1. The small regions are numbered in root order (strips in parallel).
 *  2. Each small region is walked from its root over its runs (blocks of
 *     small regions in parallel; a run is marked in the map's sizes when
 *     reached): the regions it touches with their labels and shared
 *     borders, and its pixels' weighted sums when they can matter.
 *  3. A small region that touches only large regions is decided at once:
 *     no other merge changes what it sees (large regions keep their
 *     labels, and nothing it touches is small), and its merge changes
 *     nothing another small region sees (none touches it).  Most specks
 *     are such, and are decided in parallel in step 2; those that touch
 *     one label only need not read their pixels at all.
 *  4. The other small regions run the rule itself, one after another,
 *     from a heap ordered by size and then by first pixel.  They and the
 *     large regions they touch are the elements of a union-find (a large
 *     region stands in through a proxy element), each union holding its
 *     pixels, weighted sums, label and the list of what it touches (lists
 *     are appended, the shorter to the longer, and cleaned of duplicates
 *     and of its own members when the union is next taken from the heap).
 *  5. Every run of a small region gets its final label (strips in
 *     parallel).
 *
 * The number of regions after is the number before less every merge: a
 * decided speck's merge, each union of step 4, and each union of two
 * large regions through a speck that touches both with the label it
 * takes (those go through the proxies too). */

#include <stdlib.h>
#include <string.h>

#include "regions-private.h"

/* Small regions go to the parallel hook in blocks of this many. */
#define KM_SMALL_BLOCK 2048

/* A region that a small region touches, and their shared border. */
typedef struct
{
  uint32_t region; /* its root run; in step 4 its union-find element */
  uint32_t border;
  uint32_t label;
} KmTouch;

/* Two large regions of one label, which a speck touches both and joins. */
typedef struct
{
  uint32_t a;
  uint32_t b;
  uint32_t label;
} KmJoin;

/* A small region left for step 4. */
typedef struct
{
  uint32_t small;     /* its number */
  uint32_t n_touches; /* its touches, following those of the previous */
  double   weight;
  double   sums[KM_MAX_DIMS];
} KmWaiting;

/* A growing array. */
typedef struct
{
  void  *items;
  size_t n;
  size_t capacity;
} KmArray;

/* What step 2 makes of one block of small regions. */
typedef struct
{
  KmArray waiting;  /* KmWaiting */
  KmArray touches;  /* KmTouch: those of waiting regions, in order */
  KmArray joins;    /* KmJoin: large regions that a speck joins */
  size_t  n_merges; /* specks merged in step 3 */
  int     failed;   /* out of memory */
} KmMergeBlock;

typedef struct
{
  const KmRegionSettings *settings;
  const KmImage          *image;
  KmPoints                points; /* the image's pixels */
  const float            *centres;
  uint8_t                *labels;
  KmRegionMap            *map;
  size_t                  n_small;
  size_t                 *strip_small;  /* per strip: first small number */
  uint32_t               *small_roots;  /* per small region: its root */
  uint8_t                *final_labels; /* per small region */
  KmMergeBlock           *blocks;
} KmMerge;

/* An element of step 4's union-find: a union of small regions, or a
 * large region's proxy. */
typedef struct
{
  uint32_t parent;
  uint8_t  label;
  uint8_t  alone; /* touches nothing: keeps its label */
  uint64_t size;  /* pixels; a proxy counts as min_region */
  size_t   first; /* its touches in the arena */
  size_t   n_touches;
  size_t   capacity;
  double   weight;
  double   sums[KM_MAX_DIMS];
} KmNode;

static int
array_reserve (KmArray *array,
               size_t   item_size,
               size_t   n_more)
{
  if (array->n + n_more > array->capacity)
    {
      size_t capacity = array->capacity ? array->capacity : 64;
      void  *items;

      while (capacity < array->n + n_more)
        capacity *= 2;
      items = realloc (array->items, capacity * item_size);
      if (! items)
        return 0;
      array->items    = items;
      array->capacity = capacity;
    }

  return 1;
}

/* Whether the root run belongs to a small region: step 1 puts
 * n_runs + its number in its roots entry. */
static inline int
is_small_root (const KmRegionMap *map,
               uint32_t           root)
{
  return map->roots[root] >= map->n_runs;
}

/* The root of run i's region. */
static inline uint32_t
region_of_run (const KmRegionMap *map,
               uint32_t           run)
{
  return map->roots[run] >= map->n_runs ? run : map->roots[run];
}

/* The label among the touched regions' whose centre is nearest to the
 * weighted mean (sums / weight); of equals, the longer summed border, then
 * the lower label.  labels[t] is touch t's label; by_label holds 256
 * zeros, and is left so. */
static uint8_t
choose_label (const double  *sums,
              double         weight,
              int            n_dims,
              const float   *centres,
              const KmTouch *touches,
              const uint8_t *labels,
              size_t         n_touches,
              uint64_t      *by_label)
{
  double   best_distance = 0.0;
  uint64_t best_border   = 0;
  int      best          = -1;

  for (size_t t = 0; t < n_touches; t++)
    by_label[labels[t]] += touches[t].border;

  for (size_t t = 0; t < n_touches; t++)
    {
      int      label    = labels[t];
      uint64_t border   = by_label[label];
      double   distance = 0.0;

      if (border == 0)
        continue; /* seen already */
      by_label[label] = 0;

      if (weight > 0.0)
        for (int d = 0; d < n_dims; d++)
          {
            double diff = sums[d] / weight - centres[label * n_dims + d];

            distance += diff * diff;
          }

      if (best < 0 || distance < best_distance ||
          (distance == best_distance &&
           (border > best_border || (border == best_border && label < best))))
        {
          best          = label;
          best_distance = distance;
          best_border   = border;
        }
    }

  return (uint8_t) best;
}

static void
number_strip_small (size_t strip,
                    void  *data)
{
  KmMerge     *merge = data;
  KmRegionMap *map   = merge->map;
  size_t       first, last;
  size_t       number = merge->small_roots ? merge->strip_small[strip] : 0;

  km_strip_rows (merge->image, strip, &first, &last);

  for (size_t i = map->row_runs[first]; i < map->row_runs[last]; i++)
    if (map->roots[i] == i && map->sizes[i] < merge->settings->min_region)
      {
        if (merge->small_roots)
          {
            merge->small_roots[number] = (uint32_t) i;
            map->roots[i]              = (uint32_t) (map->n_runs + number);
          }
        number++;
      }

  if (! merge->small_roots)
    merge->strip_small[strip + 1] = number;
}

/* Where the last search in a row ended. */
typedef struct
{
  size_t row;
  size_t run;
} KmHint;

#define KM_N_HINTS 64

/* Step 2's scratch, kept from one small region to the next. */
typedef struct
{
  KmArray  runs;    /* uint32_t pairs: run, row; the region's, in the
                       order they are reached */
  KmArray  touches; /* KmTouch */
  KmArray  labels;  /* uint8_t: each touch's label */
  uint64_t by_label[256];
  KmHint   hints[KM_N_HINTS]; /* by row modulo KM_N_HINTS */
} KmWalk;

/* The first run of row `row` whose end is past x (or the row's end).
 * Small regions are walked in row order, so the searches in a row move
 * little from one to the next: gallop from where the last one ended, then
 * bisect. */
static size_t
first_run_ending_after (const KmRegionMap *map,
                        KmWalk            *walk,
                        size_t             row,
                        uint32_t           x)
{
  size_t  first = map->row_runs[row];
  size_t  last  = map->row_runs[row + 1];
  size_t  low   = first;
  size_t  high  = last; /* the answer is in [low, high] */
  KmHint *hint  = &walk->hints[row % KM_N_HINTS];

  if (hint->row == row)
    {
      size_t step = 1;

      if (hint->run == last || map->runs[hint->run].end > x)
        {
          high = hint->run;
          while (high > first)
            {
              size_t probe = high - first > step ? high - step : first;

              if (map->runs[probe].end <= x)
                {
                  low = probe + 1;
                  break;
                }
              high = probe;
              step *= 2;
            }
        }
      else
        {
          low = hint->run + 1;
          while (low < last)
            {
              size_t probe = last - low > step ? low + step - 1 : last - 1;

              if (map->runs[probe].end > x)
                {
                  high = probe;
                  break;
                }
              low = probe + 1;
              step *= 2;
            }
        }
    }

  while (low < high)
    {
      size_t middle = low + (high - low) / 2;

      if (map->runs[middle].end > x)
        high = middle;
      else
        low = middle + 1;
    }

  hint->row = row;
  hint->run = low;
  return low;
}

static int
add_touch (KmWalk  *walk,
           uint32_t region,
           uint32_t border,
           uint8_t  label)
{
  if (! array_reserve (&walk->touches, sizeof (KmTouch), 1))
    return 0;
  ((KmTouch *) walk->touches.items)[walk->touches.n++] =
    (KmTouch) { region, border, label };
  return 1;
}

static int
add_run (KmWalk  *walk,
         uint32_t run,
         uint32_t row)
{
  uint32_t *runs;

  if (! array_reserve (&walk->runs, 2 * sizeof (uint32_t), 1))
    return 0;
  runs                       = walk->runs.items;
  runs[2 * walk->runs.n]     = run;
  runs[2 * walk->runs.n + 1] = row;
  walk->runs.n++;
  return 1;
}

static int
compare_touches (const void *a,
                 const void *b)
{
  uint32_t x = ((const KmTouch *) a)->region;
  uint32_t y = ((const KmTouch *) b)->region;

  return (x > y) - (x < y);
}

/* Walks small region `small` from its root: its runs into walk->runs, the
 * regions it touches into walk->touches (one each, sorted, borders
 * summed). */
static int
walk_region (const KmMerge *merge,
             KmWalk        *walk,
             size_t         small)
{
  const KmImage *image    = merge->image;
  KmRegionMap   *map      = merge->map;
  uint32_t       reach    = (uint32_t) map->reach;
  uint32_t       root     = merge->small_roots[small];
  uint32_t       root_row = (uint32_t) km_region_map_row (map, root);
  uint8_t        label    = km_label_at (image, merge->labels, map->runs[root].start, root_row);
  KmTouch       *touches;
  size_t         n;

  walk->touches.n = 0;
  walk->runs.n    = 0;
  if (! add_run (walk, root, root_row))
    return 0;

  for (size_t next = 0; next < walk->runs.n; next++)
    {
      uint32_t run  = ((uint32_t *) walk->runs.items)[2 * next];
      uint32_t y    = ((uint32_t *) walk->runs.items)[2 * next + 1];
      KmRun    here = map->runs[run];

      if (run > map->row_runs[y] && map->runs[run - 1].end == here.start &&
          ! add_touch (walk, region_of_run (map, run - 1), 1,
                       km_label_at (image, merge->labels, map->runs[run - 1].start, y)))
        return 0;
      if (run + 1 < map->row_runs[y + 1] && map->runs[run + 1].start == here.end &&
          ! add_touch (walk, region_of_run (map, run + 1), 1,
                       km_label_at (image, merge->labels, map->runs[run + 1].start, y)))
        return 0;

      for (int side = -1; side <= 1; side += 2)
        {
          size_t other = y + side;
          size_t last;

          if ((side < 0 && y == 0) || other >= (size_t) map->height)
            continue;
          last = map->row_runs[other + 1];

          for (size_t m = first_run_ending_after (map, walk, other,
                                                  here.start > reach ? here.start - reach : 0);
               m < last && map->runs[m].start < here.end + reach; m++)
            {
              uint8_t other_label = km_label_at (image, merge->labels,
                                                 map->runs[m].start, other);

              if (other_label != label)
                {
                  if (! add_touch (walk, region_of_run (map, (uint32_t) m),
                                   km_runs_border (&map->runs[m], &here, map->reach),
                                   other_label))
                    return 0;
                }
              else if (map->sizes[m] == 0)
                {
                  /* A run of this region not reached yet (the root's
                   * size is not 0). */
                  map->sizes[m] = 1;
                  if (! add_run (walk, (uint32_t) m, (uint32_t) other))
                    return 0;
                }
            }
        }
    }

  touches = walk->touches.items;
  if (walk->touches.n > 1)
    qsort (touches, walk->touches.n, sizeof (KmTouch), compare_touches);
  n = 0;
  for (size_t t = 0; t < walk->touches.n; t++)
    {
      if (n > 0 && touches[n - 1].region == touches[t].region)
        touches[n - 1].border += touches[t].border;
      else
        touches[n++] = touches[t];
    }
  walk->touches.n = n;

  return 1;
}

/* The weighted sums of the features of the walked region's pixels. */
static void
sum_region (const KmMerge *merge,
            const KmWalk  *walk,
            double        *sums,
            double        *weight)
{
  const KmImage  *image  = merge->image;
  const uint32_t *runs   = walk->runs.items;
  int             n_dims = image->n_dims;

  for (int d = 0; d < n_dims; d++)
    sums[d] = 0.0;
  *weight = 0.0;

  for (size_t r = 0; r < walk->runs.n; r++)
    {
      const KmRun *run   = &merge->map->runs[runs[2 * r]];
      size_t       first = runs[2 * r + 1] * (size_t) image->width;

      for (size_t i = first + run->start; i < first + run->end; i++)
        {
          float vector[KM_MAX_DIMS], w;

          if (km_read_point (&merge->points, n_dims, i, vector, &w))
            {
              for (int d = 0; d < n_dims; d++)
                sums[d] += (double) w * vector[d];
              *weight += w;
            }
        }
    }
}

/* Steps 2 and 3 for one block of small regions. */
static void
walk_block (size_t block,
            void  *data)
{
  KmMerge      *merge = data;
  KmMergeBlock *out   = &merge->blocks[block];
  KmRegionMap  *map   = merge->map;
  size_t        first, last;
  KmWalk        walk = { 0 };

  for (int h = 0; h < KM_N_HINTS; h++)
    walk.hints[h].row = SIZE_MAX;
  km_block_range (block, KM_SMALL_BLOCK, merge->n_small, &first, &last);

  for (size_t small = first; small < last; small++)
    {
      double   sums[KM_MAX_DIMS], weight;
      KmTouch *touches;
      uint8_t *labels;
      int      isolated  = 1;
      int      one_label = 1;

      if (! walk_region (merge, &walk, small) ||
          ! array_reserve (&walk.labels, 1, walk.touches.n))
        goto failed;
      touches = walk.touches.items;
      labels  = walk.labels.items;

      for (size_t t = 0; t < walk.touches.n; t++)
        {
          labels[t] = (uint8_t) touches[t].label;
          isolated &= ! is_small_root (map, touches[t].region);
          one_label &= labels[t] == labels[0];
        }

      if (walk.touches.n == 0)
        {
          /* Alone: keeps its label, that of its root's first pixel. */
          uint32_t root = merge->small_roots[small];

          merge->final_labels[small] =
            km_label_at (merge->image, merge->labels, map->runs[root].start,
                         ((uint32_t *) walk.runs.items)[1]);
        }
      else if (isolated)
        {
          uint32_t joined = UINT32_MAX;
          uint8_t  label  = labels[0];

          /* With one label around, the mean cannot matter. */
          if (! one_label)
            {
              sum_region (merge, &walk, sums, &weight);
              label = choose_label (sums, weight, merge->image->n_dims, merge->centres,
                                    touches, labels, walk.touches.n, walk.by_label);
            }
          merge->final_labels[small] = label;
          out->n_merges++;

          /* Large regions of that label that it touches become one. */
          for (size_t t = 0; t < walk.touches.n; t++)
            if (labels[t] == label)
              {
                if (joined == UINT32_MAX)
                  {
                    joined = touches[t].region;
                    continue;
                  }
                if (! array_reserve (&out->joins, sizeof (KmJoin), 1))
                  goto failed;
                ((KmJoin *) out->joins.items)[out->joins.n++] =
                  (KmJoin) { joined, touches[t].region, label };
              }
        }
      else
        {
          KmWaiting *waiting;

          if (! array_reserve (&out->waiting, sizeof (KmWaiting), 1) ||
              ! array_reserve (&out->touches, sizeof (KmTouch), walk.touches.n))
            goto failed;
          sum_region (merge, &walk, sums, &weight);
          waiting  = (KmWaiting *) out->waiting.items + out->waiting.n++;
          *waiting = (KmWaiting) { (uint32_t) small, (uint32_t) walk.touches.n, weight, { 0 } };
          memcpy (waiting->sums, sums, sizeof sums);
          memcpy ((KmTouch *) out->touches.items + out->touches.n, touches,
                  walk.touches.n * sizeof (KmTouch));
          out->touches.n += walk.touches.n;
        }
    }

  free (walk.runs.items);
  free (walk.touches.items);
  free (walk.labels.items);
  return;

failed:
  out->failed = 1;
  free (walk.runs.items);
  free (walk.touches.items);
  free (walk.labels.items);
}

static uint32_t
find_node (KmNode  *nodes,
           uint32_t node)
{
  while (nodes[node].parent != node)
    {
      nodes[node].parent = nodes[nodes[node].parent].parent;
      node               = nodes[node].parent;
    }

  return node;
}

static int
compare_u32 (const void *a,
             const void *b)
{
  uint32_t x = *(const uint32_t *) a;
  uint32_t y = *(const uint32_t *) b;

  return (x > y) - (x < y);
}

static int
compare_u64 (const void *a,
             const void *b)
{
  uint64_t x = *(const uint64_t *) a;
  uint64_t y = *(const uint64_t *) b;

  return (x > y) - (x < y);
}

/* A binary min-heap of keys: size << 32 | node. */
typedef KmArray KmHeap;

static int
heap_push (KmHeap  *heap,
           uint64_t key)
{
  uint64_t *keys;
  size_t    i;

  if (! array_reserve (heap, sizeof (uint64_t), 1))
    return 0;
  keys = heap->items;
  for (i = heap->n++; i > 0 && keys[(i - 1) / 2] > key; i = (i - 1) / 2)
    keys[i] = keys[(i - 1) / 2];
  keys[i] = key;
  return 1;
}

static uint64_t
heap_pop (KmHeap *heap)
{
  uint64_t *keys = heap->items;
  uint64_t  top  = keys[0];
  uint64_t  last = keys[--heap->n];
  size_t    i    = 0;

  for (;;)
    {
      size_t child = 2 * i + 1;

      if (child >= heap->n)
        break;
      if (child + 1 < heap->n && keys[child + 1] < keys[child])
        child++;
      if (keys[child] >= last)
        break;
      keys[i] = keys[child];
      i       = child;
    }
  if (heap->n > 0)
    keys[i] = last;

  return top;
}

/* Step 4's state. */
typedef struct
{
  KmNode  *nodes;
  size_t   n_nodes; /* the unions of small regions; proxies follow */
  KmArray  arena;   /* KmTouch: every node's touches */
  KmHeap   heap;
  KmArray  labels;  /* uint8_t scratch: each touch's label */
  KmArray  targets; /* uint32_t scratch: the regions joined */
  uint64_t by_label[256];
  size_t   n_merges;
  size_t   min_region;
  int      n_dims;
} KmRounds;

/* Appends node b's touches to node a's (the longer list keeps its place
 * when it has room). */
static int
append_touches (KmRounds *rounds,
                KmNode   *a,
                KmNode   *b)
{
  KmTouch *touches;
  size_t   n = a->n_touches + b->n_touches;

  if (a->n_touches < b->n_touches)
    {
      KmNode swap = *a;

      a->first     = b->first;
      a->n_touches = b->n_touches;
      a->capacity  = b->capacity;
      b->first     = swap.first;
      b->n_touches = swap.n_touches;
      b->capacity  = swap.capacity;
    }

  if (n > a->capacity)
    {
      if (! array_reserve (&rounds->arena, sizeof (KmTouch), 2 * n))
        return 0;
      touches = rounds->arena.items;
      memcpy (touches + rounds->arena.n, touches + a->first,
              a->n_touches * sizeof (KmTouch));
      a->first    = rounds->arena.n;
      a->capacity = 2 * n;
      rounds->arena.n += 2 * n;
    }
  touches = rounds->arena.items;
  memcpy (touches + a->first + a->n_touches, touches + b->first,
          b->n_touches * sizeof (KmTouch));
  a->n_touches = n;
  b->n_touches = 0;

  return 1;
}

/* Joins the union at node b into the one at node a (both roots). */
static int
join_nodes (KmRounds *rounds,
            uint32_t  a,
            uint32_t  b,
            uint8_t   label)
{
  KmNode  *nodes = rounds->nodes;
  uint32_t root  = a < b ? a : b;
  uint32_t other = a < b ? b : a;
  KmNode  *into  = &nodes[root];
  KmNode  *from  = &nodes[other];

  from->parent = root;
  into->label  = label;
  into->size += from->size;
  into->weight += from->weight;
  for (int d = 0; d < rounds->n_dims; d++)
    into->sums[d] += from->sums[d];
  rounds->n_merges++;

  if (into->size >= rounds->min_region)
    {
      into->n_touches = from->n_touches = 0;
      return 1;
    }
  return append_touches (rounds, into, from);
}

/* Takes the union at node `node` from the heap: cleans its touches and
 * joins it to the regions of the label it takes. */
static int
merge_node (KmRounds    *rounds,
            uint32_t     node,
            const float *centres)
{
  KmNode   *nodes   = rounds->nodes;
  KmTouch  *touches = (KmTouch *) rounds->arena.items + nodes[node].first;
  uint8_t  *labels;
  uint32_t *targets;
  size_t    n         = 0;
  size_t    n_targets = 0;
  uint8_t   label;
  uint32_t  root;

  for (size_t t = 0; t < nodes[node].n_touches; t++)
    {
      uint32_t region = find_node (nodes, touches[t].region);

      if (region != node)
        touches[n++] = (KmTouch) { region, touches[t].border, 0 };
    }
  qsort (touches, n, sizeof (KmTouch), compare_touches);
  nodes[node].n_touches = 0;
  for (size_t t = 0; t < n; t++)
    {
      size_t k = nodes[node].n_touches;

      if (k > 0 && touches[k - 1].region == touches[t].region)
        touches[k - 1].border += touches[t].border;
      else
        touches[nodes[node].n_touches++] = touches[t];
    }
  n = nodes[node].n_touches;

  if (n == 0)
    {
      nodes[node].alone = 1;
      return 1;
    }

  if (! array_reserve (&rounds->labels, 1, n))
    return 0;
  labels = rounds->labels.items;
  for (size_t t = 0; t < n; t++)
    labels[t] = nodes[touches[t].region].label;

  label = choose_label (nodes[node].sums, nodes[node].weight, rounds->n_dims,
                        centres, touches, labels, n, rounds->by_label);

  /* Joining appends lists to this one, which may move: note the targets
   * first. */
  if (! array_reserve (&rounds->targets, sizeof (uint32_t), n))
    return 0;
  targets = rounds->targets.items;
  for (size_t t = 0; t < n; t++)
    if (labels[t] == label)
      targets[n_targets++] = touches[t].region;

  for (size_t t = 0; t < n_targets; t++)
    if (! join_nodes (rounds, find_node (nodes, node), targets[t], label))
      return 0;

  root = find_node (nodes, node);
  if (nodes[root].size < rounds->min_region)
    return heap_push (&rounds->heap, nodes[root].size << 32 | root);
  return 1;
}

static void
relabel_strip (size_t strip,
               void  *data)
{
  KmMerge     *merge = data;
  KmRegionMap *map   = merge->map;
  size_t       width = merge->image->width;
  size_t       first, last;

  km_strip_rows (merge->image, strip, &first, &last);

  for (size_t y = first; y < last; y++)
    for (size_t i = map->row_runs[y]; i < map->row_runs[y + 1]; i++)
      {
        uint32_t root = region_of_run (map, (uint32_t) i);
        uint8_t *row  = merge->labels + y * width;
        uint8_t  label;

        if (! is_small_root (map, root))
          continue;
        label = merge->final_labels[map->roots[root] - map->n_runs];
        if (row[map->runs[i].start] != label)
          memset (row + map->runs[i].start, label,
                  map->runs[i].end - map->runs[i].start);
      }
}

/* The proxy element of large region `root`. */
static uint32_t
proxy_of (const uint32_t *proxies,
          size_t          n_proxies,
          size_t          n_nodes,
          uint32_t        root)
{
  const uint32_t *found = bsearch (&root, proxies, n_proxies, sizeof (uint32_t),
                                   compare_u32);

  return (uint32_t) (n_nodes + (size_t) (found - proxies));
}

/* Step 4. */
static KmStatus
merge_waiting (KmMerge *merge,
               size_t   n_blocks,
               size_t  *n_merges)
{
  KmRegionMap *map       = merge->map;
  KmRounds     rounds    = { 0 };
  uint32_t    *node_of   = NULL;
  uint32_t    *proxies   = NULL;
  size_t       n_proxies = 0;
  size_t       n_touches = 0;
  size_t       n_joins   = 0;
  KmStatus     status    = KM_STATUS_OUT_OF_MEMORY;

  for (size_t b = 0; b < n_blocks; b++)
    {
      rounds.n_nodes += merge->blocks[b].waiting.n;
      n_touches += merge->blocks[b].touches.n;
      n_joins += merge->blocks[b].joins.n;
    }
  if (rounds.n_nodes == 0 && n_joins == 0)
    return KM_STATUS_OK;

  rounds.min_region = merge->settings->min_region;
  rounds.n_dims     = merge->image->n_dims;

  /* The large regions touched, in root order, one proxy each. */
  node_of = malloc (merge->n_small * sizeof (uint32_t));
  proxies = malloc ((n_touches + 2 * n_joins + 1) * sizeof (uint32_t));
  if (! node_of || ! proxies)
    goto out;
  for (size_t b = 0, node = 0; b < n_blocks; b++)
    {
      const KmMergeBlock *block   = &merge->blocks[b];
      const KmWaiting    *waiting = block->waiting.items;
      const KmTouch      *touches = block->touches.items;
      const KmJoin       *joins   = block->joins.items;

      for (size_t w = 0; w < block->waiting.n; w++)
        node_of[waiting[w].small] = (uint32_t) node++;
      for (size_t t = 0; t < block->touches.n; t++)
        if (! is_small_root (map, touches[t].region))
          proxies[n_proxies++] = touches[t].region;
      for (size_t j = 0; j < block->joins.n; j++)
        {
          proxies[n_proxies++] = joins[j].a;
          proxies[n_proxies++] = joins[j].b;
        }
    }
  qsort (proxies, n_proxies, sizeof (uint32_t), compare_u32);
  {
    size_t n = 0;

    for (size_t p = 0; p < n_proxies; p++)
      if (n == 0 || proxies[n - 1] != proxies[p])
        proxies[n++] = proxies[p];
    n_proxies = n;
  }

  rounds.nodes = calloc (rounds.n_nodes + n_proxies, sizeof (KmNode));
  if (! rounds.nodes ||
      ! array_reserve (&rounds.arena, sizeof (KmTouch), n_touches + 1) ||
      ! array_reserve (&rounds.heap, sizeof (uint64_t), rounds.n_nodes + 1))
    goto out;

  for (size_t p = 0; p < n_proxies; p++)
    {
      KmNode *proxy = &rounds.nodes[rounds.n_nodes + p];

      proxy->parent = (uint32_t) (rounds.n_nodes + p);
      proxy->size   = rounds.min_region;
    }

  for (size_t b = 0, node = 0; b < n_blocks; b++)
    {
      const KmMergeBlock *block   = &merge->blocks[b];
      const KmWaiting    *waiting = block->waiting.items;
      const KmTouch      *touches = block->touches.items;
      const KmJoin       *joins   = block->joins.items;

      for (size_t w = 0; w < block->waiting.n; w++, node++)
        {
          KmNode  *into  = &rounds.nodes[node];
          KmTouch *arena = (KmTouch *) rounds.arena.items + rounds.arena.n;
          uint32_t root  = merge->small_roots[waiting[w].small];

          into->parent = (uint32_t) node;
          into->label  = km_label_at (merge->image, merge->labels,
                                      map->runs[root].start,
                                      km_region_map_row (map, root));
          into->size   = map->sizes[root];
          into->weight = waiting[w].weight;
          memcpy (into->sums, waiting[w].sums, sizeof into->sums);
          into->first     = rounds.arena.n;
          into->n_touches = into->capacity = waiting[w].n_touches;

          for (size_t t = 0; t < waiting[w].n_touches; t++, touches++)
            {
              uint32_t region = touches->region;

              if (is_small_root (map, region))
                region = node_of[map->roots[region] - map->n_runs];
              else
                {
                  region                     = proxy_of (proxies, n_proxies, rounds.n_nodes, region);
                  rounds.nodes[region].label = (uint8_t) touches->label;
                }
              arena[t] = (KmTouch) { region, touches->border, 0 };
            }
          rounds.arena.n += waiting[w].n_touches;
          ((uint64_t *) rounds.heap.items)[rounds.heap.n++] =
            into->size << 32 | node;
        }

      /* Specks that joined two large regions made them one. */
      for (size_t j = 0; j < block->joins.n; j++)
        {
          uint32_t a = find_node (rounds.nodes, proxy_of (proxies, n_proxies,
                                                          rounds.n_nodes, joins[j].a));
          uint32_t c = find_node (rounds.nodes, proxy_of (proxies, n_proxies,
                                                          rounds.n_nodes, joins[j].b));

          rounds.nodes[a].label = rounds.nodes[c].label = (uint8_t) joins[j].label;
          if (a != c)
            {
              rounds.nodes[a > c ? a : c].parent = a < c ? a : c;
              rounds.n_merges++;
            }
        }
    }

  /* Keys in increasing order make a heap. */
  qsort (rounds.heap.items, rounds.heap.n, sizeof (uint64_t), compare_u64);
  while (rounds.heap.n > 0)
    {
      uint64_t key  = heap_pop (&rounds.heap);
      uint32_t node = (uint32_t) key;
      KmNode  *at   = &rounds.nodes[node];

      /* Stale: the union grew, or joined another. */
      if (at->parent != node || at->size != key >> 32 || at->alone)
        continue;
      if (! merge_node (&rounds, node, merge->centres))
        goto out;
    }

  for (size_t b = 0, node = 0; b < n_blocks; b++)
    {
      const KmMergeBlock *block   = &merge->blocks[b];
      const KmWaiting    *waiting = block->waiting.items;

      for (size_t w = 0; w < block->waiting.n; w++, node++)
        merge->final_labels[waiting[w].small] =
          rounds.nodes[find_node (rounds.nodes, (uint32_t) node)].label;
    }

  *n_merges += rounds.n_merges;
  status = KM_STATUS_OK;

out:
  free (node_of);
  free (proxies);
  free (rounds.nodes);
  free (rounds.arena.items);
  free (rounds.heap.items);
  free (rounds.labels.items);
  free (rounds.targets.items);
  return status;
}

KmStatus
km_regions_merge (const KmRegionSettings *settings,
                  const KmImage          *image,
                  const float            *centres,
                  KmRegionMap            *map,
                  uint8_t                *labels,
                  size_t                 *n_regions)
{
  size_t   n_strips = km_n_blocks (image->height, KM_STRIP_ROWS);
  KmMerge  merge    = { .settings = settings,
                        .image    = image,
                        .points   = km_image_points (image),
                        .centres  = centres,
                        .labels   = labels,
                        .map      = map };
  size_t   n_blocks = 0;
  size_t   n_merges = 0;
  KmStatus status   = KM_STATUS_OUT_OF_MEMORY;

  merge.strip_small = calloc (n_strips + 1, sizeof (size_t));
  if (! merge.strip_small)
    goto out;
  km_regions_parallel (settings, n_strips, number_strip_small, &merge);
  for (size_t s = 0; s < n_strips; s++)
    merge.strip_small[s + 1] += merge.strip_small[s];
  merge.n_small = merge.strip_small[n_strips];

  if (merge.n_small > 0)
    {
      merge.small_roots  = malloc (merge.n_small * sizeof (uint32_t));
      merge.final_labels = malloc (merge.n_small);
      n_blocks           = km_n_blocks (merge.n_small, KM_SMALL_BLOCK);
      merge.blocks       = calloc (n_blocks, sizeof (KmMergeBlock));
      if (! merge.small_roots || ! merge.final_labels || ! merge.blocks)
        goto out;

      km_regions_parallel (settings, n_strips, number_strip_small, &merge);
      km_regions_parallel (settings, n_blocks, walk_block, &merge);
      for (size_t b = 0; b < n_blocks; b++)
        {
          if (merge.blocks[b].failed)
            goto out;
          n_merges += merge.blocks[b].n_merges;
        }

      if (merge_waiting (&merge, n_blocks, &n_merges) != KM_STATUS_OK)
        goto out;
      km_regions_parallel (settings, n_strips, relabel_strip, &merge);
    }

  *n_regions = map->n_regions - n_merges;
  status     = KM_STATUS_OK;

out:
  for (size_t b = 0; b < n_blocks && merge.blocks; b++)
    {
      free (merge.blocks[b].waiting.items);
      free (merge.blocks[b].touches.items);
      free (merge.blocks[b].joins.items);
    }
  free (merge.blocks);
  free (merge.strip_small);
  free (merge.small_roots);
  free (merge.final_labels);
  return status;
}
