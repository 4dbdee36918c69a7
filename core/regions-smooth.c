/* regions-smooth.c — edge-aware smoothing of labels.
 *
 * The labels are moved towards a minimum of a Potts energy:
 *
 *   E = sum over pixels p of w_p |f_p - c(l_p)|^2
 *     + lambda × sum over touching pairs p, q with l_p != l_q of g a(p, q)
 *
 * where f_p is p's features, w_p its weight, c(l) the centre of label l.
 * Pixels touch their 8 neighbours, g being 1 for the 4 beside and 1/√2 for
 * the 4 diagonal ones (so that a border costs about its length whatever
 * its direction), and the affinity a(p, q) = 1 / (1 + |f_p - f_q|^2 / 2m)
 * falls with the colour difference: m is the mean squared difference of
 * the features of pixels beside and above each other (sampled on the first
 * row of every strip of KM_STRIP_ROWS rows), so a(p, q) is about 2/3 for a
 * typical difference and small across a real edge.  lambda = level × m.
 *
 * A sweep gives every pixel the label, among its own and its neighbours',
 * that lowers E the most (of equals, its own, then the lowest), in four
 * passes over the four pixels of each 2 × 2 square: no two pixels of a
 * pass touch, so each pass reads only labels it does not write and gives
 * the same result in any order.  Strips of rows sweep in parallel, row by
 * row in an order that gives the result of four whole passes (see
 * sweep_strip()), so it is the same on any number of threads.  E
 * never rises, and the sweeps stop when one changes nothing or after the
 * level's most sweeps.
 *
 * What makes it fast, without changing the result:
 *  - a pixel whose neighbours all share its label keeps it (no other
 *    label could lower E), found by a vectorised scan of each row;
 *  - after the first sweep, a pixel is looked at again only when a
 *    neighbour changed since it was last looked at: each change is
 *    stamped with its pass (1 byte a pixel, and 1 a chunk of KM_CHUNK
 *    pixels of a row, to skip whole chunks far from any change);
 *  - a neighbour's label l cannot win when even the largest pull it could
 *    have (lambda × the sum of g over the neighbours labelled l, a <= 1)
 *    is below its data cost over the own label's: then no affinity is
 *    computed at all (with a margin far above float rounding). */

#include <stdlib.h>
#include <string.h>

#include "regions-private.h"

/* Changes are also stamped per chunk of this many pixels of a row, so
 * that later sweeps skip chunks far from any change. */
#define KM_CHUNK 64

/* Per smoothing level: the strength (lambda / m) and the most sweeps. */
static const float km_smooth_strength[KM_MAX_SMOOTHING + 1] = { 0, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32 };
static const int   km_smooth_sweeps[KM_MAX_SMOOTHING + 1]   = { 0, 2, 3, 3, 5, 6, 7, 8, 10, 12, 16 };

typedef struct
{
  const KmImage *image;
  KmPoints       points; /* the image's pixels */
  const float   *centres;
  uint8_t       *labels;
  uint8_t       *stamps; /* per pixel: the pass of its last change + 1 */
  uint8_t       *chunks; /* per KM_CHUNK pixels of a row: the same */
  float          lambda;
  float          inverse_2m;         /* 1 / (2 m) */
  ptrdiff_t      offsets[8];         /* from a pixel to its neighbours */
  float          lambda_geometry[8]; /* lambda × g, per neighbour */
  int            sweep;              /* from 0 */
  double        *strip_sums;         /* per strip: squared differences sampled */
  size_t        *strip_pairs;        /*            and their number */
  size_t        *strip_changes;      /* per strip: pixels changed in the pass */
  uint8_t       *need;               /* per strip: width bytes, see mark_row() */
  uint32_t      *look;               /* per strip: the pixels of a row to look at */
} KmSmooth;

static void
sample_strip (size_t strip,
              void  *data)
{
  KmSmooth      *smooth = data;
  const KmImage *image  = smooth->image;
  size_t         width  = image->width;
  size_t         height = image->height;
  size_t         first  = strip * KM_STRIP_ROWS;
  double         sum    = 0.0;
  size_t         pairs  = 0;

  for (size_t x = 0; x < width; x++)
    {
      size_t i = first * width + x;
      float  here[KM_MAX_DIMS], there[KM_MAX_DIMS];

      if (smooth->labels[i] == KM_LABEL_NONE ||
          ! km_read_point (&smooth->points, image->n_dims, i, here, NULL))
        continue;
      if (x + 1 < width && smooth->labels[i + 1] != KM_LABEL_NONE &&
          km_read_point (&smooth->points, image->n_dims, i + 1, there, NULL))
        {
          sum += km_distance2 (here, there, image->n_dims);
          pairs++;
        }
      if (first + 1 < height && smooth->labels[i + width] != KM_LABEL_NONE &&
          km_read_point (&smooth->points, image->n_dims, i + width, there, NULL))
        {
          sum += km_distance2 (here, there, image->n_dims);
          pairs++;
        }
    }

  smooth->strip_sums[strip]  = sum;
  smooth->strip_pairs[strip] = pairs;
}

/* Whether a label whose data cost exceeds the own label's by excess can
 * win with a pull of at most pull: with a margin far above the float
 * rounding of energies of the size of scale. */
static inline int
may_win (float excess,
         float pull,
         float scale)
{
  return excess < pull * 1.0001f + scale * 1e-6f + FLT_MIN;
}

/* The pull of neighbour j on a pixel of features here: g a (p, q).  A
 * neighbour pulls by its features whatever its weight, and not at all
 * when they are not finite (the quotient is then 0 or NaN). */
static inline KM_ALWAYS_INLINE float
affinity (const KmSmooth *smooth,
          const float    *here,
          size_t          j,
          float           geometry,
          const int       n_dims)
{
  const float *there = &smooth->points.points[j * smooth->points.point_stride];
  float        pull  = geometry / (1.0f + km_distance2 (here, there, n_dims) * smooth->inverse_2m);

  return pull > 0.0f ? pull : 0.0f;
}

/* The 8 neighbours, beside ones first. */
static const int km_neighbour_dx[8] = { -1, 1, 0, 0, -1, 1, -1, 1 };
static const int km_neighbour_dy[8] = { 0, 0, -1, 1, -1, -1, 1, 1 };

/* The label that lowers E most at pixel i = (x, y), which has at least
 * one labelled neighbour of another label. */
static inline KM_ALWAYS_INLINE uint8_t
best_label_dims (const KmSmooth *smooth,
                 size_t          x,
                 size_t          y,
                 const int       n_dims)
{
  const KmImage *image  = smooth->image;
  size_t         width  = image->width;
  size_t         i      = y * width + x;
  int            inside = x > 0 && x + 1 < width && y > 0 && y + 1 < (size_t) image->height;
  const uint8_t *labels = smooth->labels;
  uint8_t        own    = labels[i];
  size_t         neighbours[8];
  float          geometry[8];
  uint8_t        candidates[9];
  float          reach[9]; /* the most pull: lambda × sum of g */
  float          cost[9];  /* the data term */
  float          pull[9];
  int            is_open[9];
  int            candidate[8]; /* each neighbour's */
  int            n            = 0;
  int            n_candidates = 1;
  int            open         = 0;
  float          here[KM_MAX_DIMS], weight;
  int            best = 0;
  float          best_energy;

  if (! km_read_point (&smooth->points, n_dims, i, here, &weight))
    return own;

  candidates[0] = own;
  for (int k = 0; k < 8; k++)
    {
      int     dx = km_neighbour_dx[k], dy = km_neighbour_dy[k];
      size_t  j;
      uint8_t label;
      int     c;

      if (! inside && ((dx < 0 && x == 0) || (dx > 0 && x + 1 == width) ||
                       (dy < 0 && y == 0) || (dy > 0 && y + 1 == (size_t) image->height)))
        continue;
      j     = i + smooth->offsets[k];
      label = labels[j];
      if (label == KM_LABEL_NONE)
        continue;
      neighbours[n] = j;
      geometry[n]   = k < 4 ? 1.0f : 0.70710678f;
      if (label == own)
        c = 0;
      else
        {
          for (c = 1; c < n_candidates && candidates[c] != label; c++)
            ;
          if (c == n_candidates)
            {
              candidates[n_candidates] = label;
              reach[n_candidates++]    = 0.0f;
            }
          reach[c] += smooth->lambda_geometry[k];
        }
      candidate[n++] = c;
    }

  /* A label can win only if its data cost over the own label's is below
   * its most pull; then only if it is below its pull. */
  cost[0]    = weight * km_distance2 (here, &smooth->centres[own * n_dims], n_dims);
  pull[0]    = 0.0f;
  is_open[0] = 0;
  for (int c = 1; c < n_candidates; c++)
    {
      cost[c]    = weight * km_distance2 (here, &smooth->centres[candidates[c] * n_dims],
                                          n_dims);
      pull[c]    = 0.0f;
      is_open[c] = may_win (cost[c] - cost[0], reach[c], cost[c] + cost[0]);
      open |= is_open[c];
    }
  if (! open)
    return own;

  for (int k = 0; k < n; k++)
    {
      int c = candidate[k];

      if (is_open[c])
        pull[c] += affinity (smooth, here, neighbours[k], geometry[k], n_dims);
    }
  open = 0;
  for (int c = 1; c < n_candidates; c++)
    {
      is_open[c] = is_open[c] &&
                   may_win (cost[c] - cost[0], smooth->lambda * pull[c], cost[c] + cost[0]);
      open |= is_open[c];
    }
  if (! open)
    return own;

  for (int k = 0; k < n; k++)
    if (candidate[k] == 0)
      pull[0] += affinity (smooth, here, neighbours[k], geometry[k], n_dims);

  best_energy = cost[0] - smooth->lambda * pull[0];
  for (int c = 1; c < n_candidates; c++)
    {
      float energy = cost[c] - smooth->lambda * pull[c];

      if (! is_open[c])
        continue;

      if (energy < best_energy ||
          (energy == best_energy && best != 0 && candidates[c] < candidates[best]))
        {
          best        = c;
          best_energy = energy;
        }
    }

  return candidates[best];
}

static uint8_t
best_label (const KmSmooth *smooth,
            size_t          x,
            size_t          y)
{
  uint8_t label;

  KM_WITH_CONSTANT_DIMS (smooth->image->n_dims, label = best_label_dims, smooth, x, y);
  return label;
}

/* Marks in need[x] the pixels of row y to look at in this pass: those
 * with a neighbour (or the image's edge) of another label or
 * KM_LABEL_NONE, and after the first sweep only those with a neighbour
 * stamped after since, looking only into chunks of the row next to a
 * chunk changed after since.  Loops the compiler vectorises. */
static void
mark_row (const KmSmooth *smooth,
          size_t          y,
          int             first_sweep,
          uint8_t         since,
          uint8_t        *need)
{
  size_t         width      = smooth->image->width;
  size_t         height     = smooth->image->height;
  size_t         n_chunks   = km_n_blocks (width, KM_CHUNK);
  const uint8_t *mid        = smooth->labels + y * width;
  const uint8_t *up         = mid - width;
  const uint8_t *down       = mid + width;
  const uint8_t *stamp_mid  = smooth->stamps + y * width;
  const uint8_t *stamp_up   = stamp_mid - width;
  const uint8_t *stamp_down = stamp_mid + width;

  if (y == 0 || y + 1 == height || width < 3)
    {
      memset (need, 1, width);
      return;
    }

  for (size_t chunk = 0; chunk < n_chunks; chunk++)
    {
      size_t start = chunk * KM_CHUNK;
      size_t end   = start + KM_CHUNK < width ? start + KM_CHUNK : width;
      size_t first = start > 0 ? start : 1;
      size_t last  = end < width ? end : width - 1;
      int    hot   = first_sweep;

      for (size_t c = chunk > 0 ? chunk - 1 : 0; c <= chunk + 1 && c < n_chunks && ! hot; c++)
        hot = smooth->chunks[(y - 1) * n_chunks + c] > since ||
              smooth->chunks[y * n_chunks + c] > since ||
              smooth->chunks[(y + 1) * n_chunks + c] > since;

      if (! hot)
        memset (need + start, 0, end - start);
      else if (first_sweep)
        for (size_t x = first; x < last; x++)
          need[x] = (mid[x - 1] != mid[x]) | (mid[x + 1] != mid[x]) | (up[x - 1] != mid[x]) |
                    (up[x] != mid[x]) | (up[x + 1] != mid[x]) | (down[x - 1] != mid[x]) |
                    (down[x] != mid[x]) | (down[x + 1] != mid[x]);
      else
        for (size_t x = first; x < last; x++)
          {
            uint8_t differs = (mid[x - 1] != mid[x]) | (mid[x + 1] != mid[x]) |
                              (up[x - 1] != mid[x]) | (up[x] != mid[x]) |
                              (up[x + 1] != mid[x]) | (down[x - 1] != mid[x]) |
                              (down[x] != mid[x]) | (down[x + 1] != mid[x]);
            uint8_t changed = (stamp_mid[x - 1] > since) | (stamp_mid[x + 1] > since) |
                              (stamp_up[x - 1] > since) | (stamp_up[x] > since) |
                              (stamp_up[x + 1] > since) | (stamp_down[x - 1] > since) |
                              (stamp_down[x] > since) | (stamp_down[x + 1] > since);

            need[x] = differs & changed;
          }
    }
  need[0] = need[width - 1] = 1;
}

/* The bytes of a strip's need: a row's, rounded up to whole words of 8,
 * which stay 0 after the row. */
static inline size_t
km_need_size (size_t width)
{
  return (width + 7) / 8 * 8;
}

/* How many pixels ahead to fetch the features of. */
#define KM_PREFETCH_AHEAD 8

/* One pass over row y: the pixels of one square (0 to 3, see above). */
static size_t
sweep_row (KmSmooth *smooth,
           size_t    y,
           int       pass,
           uint8_t  *need,
           uint32_t *look)
{
  const KmImage *image  = smooth->image;
  size_t         width  = image->width;
  size_t         height = image->height;
  int            square = pass % 4;
  /* The pixels of this pass were last looked at in pass - 4, whose
   * changes are stamped pass - 3. */
  int            first_sweep = pass < 4;
  uint8_t        since       = first_sweep ? 0 : (uint8_t) (pass - 3);
  uint8_t       *row         = smooth->labels + y * width;
  uint8_t       *chunks      = smooth->chunks + y * km_n_blocks (width, KM_CHUNK);
  size_t         n_look      = 0;
  size_t         changes     = 0;

  mark_row (smooth, y, first_sweep, since, need);

  /* Most of need is 0: skip it 8 bytes at a time (it ends in zeros). */
  for (size_t x0 = 0; x0 < width; x0 += 8)
    {
      size_t   end = width - x0 < 8 ? width : x0 + 8;
      uint64_t word;

      memcpy (&word, need + x0, 8);
      if (word)
        for (size_t x = x0 + (square & 1); x < end; x += 2)
          if (need[x] && row[x] != KM_LABEL_NONE)
            look[n_look++] = (uint32_t) x;
    }

  /* The pixels looked at are scattered along the row: fetch their
   * features, and those of the rows above and below, ahead. */
  for (size_t k = 0; k < n_look; k++)
    {
      size_t  x = look[k];
      uint8_t best;

      if (k + KM_PREFETCH_AHEAD < n_look)
        {
          size_t ahead = y * width + look[k + KM_PREFETCH_AHEAD];

          __builtin_prefetch (&image->points[ahead * image->point_stride]);
          if (y > 0)
            __builtin_prefetch (&image->points[(ahead - width) * image->point_stride]);
          if (y + 1 < height)
            __builtin_prefetch (&image->points[(ahead + width) * image->point_stride]);
        }

      best = best_label (smooth, x, y);
      if (best != row[x])
        {
          row[x]                        = best;
          smooth->stamps[y * width + x] = (uint8_t) (pass + 1);
          chunks[x / KM_CHUNK]          = (uint8_t) (pass + 1);
          changes++;
        }
    }

  return changes;
}

/* The two passes of row y in this sweep: those of its parity, one after
 * the other (the second reads only the first's changes on that row, its
 * other neighbours lying in rows of the other parity). */
static size_t
sweep_two_passes (KmSmooth *smooth,
                  size_t    y,
                  uint8_t  *need,
                  uint32_t *look)
{
  int first_pass = smooth->sweep * 4 + (int) (y % 2) * 2;

  return sweep_row (smooth, y, first_pass, need, look) +
         sweep_row (smooth, y, first_pass + 1, need, look);
}

/* A sweep over a strip, row by row: each even row, then the odd row above
 * it, whose even neighbours are then both done.  That is the order of
 * four whole passes but for the strip's last odd row, whose lower
 * neighbour is the next strip's first row: finish_strip() sweeps it once
 * every strip is done.  So each row is read once a sweep, with the rows
 * around it still in the cache. */
static void
sweep_strip (size_t strip,
             void  *data)
{
  KmSmooth *smooth  = data;
  size_t    width   = smooth->image->width;
  size_t    height  = smooth->image->height;
  uint8_t  *need    = smooth->need + strip * km_need_size (width);
  uint32_t *look    = smooth->look + strip * (width / 2 + 1);
  size_t    changes = 0;
  size_t    first, last;

  km_strip_rows (smooth->image, strip, &first, &last);

  /* KM_STRIP_ROWS is even: every strip starts on an even row. */
  for (size_t y = first; y < last; y += 2)
    {
      changes += sweep_two_passes (smooth, y, need, look);
      if (y > first)
        changes += sweep_two_passes (smooth, y - 1, need, look);
    }
  if ((last - 1) % 2 == 1 && last == height)
    changes += sweep_two_passes (smooth, last - 1, need, look);

  smooth->strip_changes[strip] = changes;
}

static void
finish_strip (size_t strip,
              void  *data)
{
  KmSmooth *smooth = data;
  size_t    width  = smooth->image->width;
  size_t    first, last;

  km_strip_rows (smooth->image, strip, &first, &last);
  smooth->strip_changes[strip] =
    (last - 1) % 2 == 1 && last < (size_t) smooth->image->height
      ? sweep_two_passes (smooth, last - 1, smooth->need + strip * km_need_size (width),
                          smooth->look + strip * (width / 2 + 1))
      : 0;
}

KmStatus
km_regions_smooth (const KmRegionSettings *settings,
                   const KmImage          *image,
                   const float            *centres,
                   uint8_t                *labels)
{
  size_t   n_strips = km_n_blocks (image->height, KM_STRIP_ROWS);
  KmSmooth smooth   = { .image   = image,
                        .points  = km_image_points (image),
                        .centres = centres,
                        .labels  = labels };
  double   sum      = 0.0;
  size_t   pairs    = 0;
  KmStatus status   = KM_STATUS_OUT_OF_MEMORY;

  smooth.strip_sums    = malloc (n_strips * sizeof (double));
  smooth.strip_pairs   = malloc (n_strips * sizeof (size_t));
  smooth.strip_changes = malloc (n_strips * sizeof (size_t));
  smooth.stamps        = calloc ((size_t) image->width * image->height, 1);
  smooth.chunks        = calloc (km_n_blocks (image->width, KM_CHUNK) * image->height, 1);
  /* Every strip's scratch from the start: once labels change, nothing
   * can fail. */
  smooth.need = calloc (n_strips, km_need_size (image->width));
  smooth.look = malloc (n_strips * (image->width / 2 + 1) * sizeof (uint32_t));
  if (! smooth.strip_sums || ! smooth.strip_pairs || ! smooth.strip_changes ||
      ! smooth.stamps || ! smooth.chunks || ! smooth.need || ! smooth.look)
    goto out;

  km_regions_parallel (settings, n_strips, sample_strip, &smooth);
  for (size_t s = 0; s < n_strips; s++)
    {
      sum += smooth.strip_sums[s];
      pairs += smooth.strip_pairs[s];
    }
  status = KM_STATUS_OK;

  /* Where sampled neighbours never differ, lambda is 0: nothing moves. */
  if (pairs == 0 || ! (sum > 0.0))
    goto out;
  smooth.inverse_2m = (float) (pairs / (2.0 * sum));
  smooth.lambda     = (float) (km_smooth_strength[settings->smoothing] * sum / pairs);
  for (int k = 0; k < 8; k++)
    {
      smooth.offsets[k]         = (ptrdiff_t) km_neighbour_dy[k] * image->width + km_neighbour_dx[k];
      smooth.lambda_geometry[k] = smooth.lambda * (k < 4 ? 1.0f : 0.70710678f);
    }

  for (int sweep = 0; sweep < km_smooth_sweeps[settings->smoothing]; sweep++)
    {
      size_t changes = 0;

      smooth.sweep = sweep;
      km_regions_parallel (settings, n_strips, sweep_strip, &smooth);
      for (size_t s = 0; s < n_strips; s++)
        changes += smooth.strip_changes[s];
      km_regions_parallel (settings, n_strips, finish_strip, &smooth);
      for (size_t s = 0; s < n_strips; s++)
        changes += smooth.strip_changes[s];
      if (changes == 0)
        break;
    }

out:
  free (smooth.strip_sums);
  free (smooth.strip_pairs);
  free (smooth.strip_changes);
  free (smooth.stamps);
  free (smooth.chunks);
  free (smooth.need);
  free (smooth.look);
  return status;
}
