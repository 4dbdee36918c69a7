/* test-regions.c — the region cleanup's contract (core/kmeans.h, "Regions"):
 * the minimum region rule against a literal, slow implementation of it,
 * the promises about partitions, thin images and threads, smoothing on
 * noisy shapes, and the measurements. */

#include <math.h>
#include <string.h>

#include <glib.h>

#include "core-test-util.h"
#include "kmeans.h"

/* An image with 3 features a pixel, and optional weights. */
typedef struct
{
  int      width;
  int      height;
  float   *points;
  float   *weights;
  uint8_t *labels;
  float    centres[KM_MAX_CLUSTERS * 3];
  int      n_clusters;
} TestImage;

static KmImage
image_of (const TestImage *test)
{
  return (KmImage) { test->width, test->height, test->points, 3, 3,
                     test->weights, 1 };
}

static void
test_image_free (TestImage *test)
{
  g_free (test->points);
  g_free (test->weights);
  g_free (test->labels);
}

static KmRegionSettings *
region_settings (size_t min_region,
                 int    connectivity,
                 int    smoothing,
                 int    n_threads)
{
  KmRegionSettings *settings = km_region_settings_new ();

  g_assert_cmpint (km_region_settings_set_min_region (settings, min_region), ==, KM_STATUS_OK);
  g_assert_cmpint (km_region_settings_set_connectivity (settings, connectivity), ==,
                   KM_STATUS_OK);
  g_assert_cmpint (km_region_settings_set_smoothing (settings, smoothing), ==, KM_STATUS_OK);
  if (n_threads > 1)
    km_region_settings_set_parallel (settings, real_threads, GINT_TO_POINTER (n_threads));
  return settings;
}

/* Cleans test->labels; returns the number of regions after. */
static size_t
clean (TestImage *test,
       size_t     min_region,
       int        connectivity,
       int        smoothing,
       int        n_threads)
{
  KmRegionSettings *settings  = region_settings (min_region, connectivity, smoothing,
                                                 n_threads);
  KmImage           image     = image_of (test);
  size_t            n_regions = 0;

  g_assert_cmpint (km_regions_clean (settings, &image, test->centres, test->n_clusters,
                                     test->labels, &n_regions),
                   ==, KM_STATUS_OK);
  km_region_settings_free (settings);
  return n_regions;
}

/* ---- An independent, slow reading of the rules ---------------------- */

static int
touching (int connectivity,
          int dx,
          int dy)
{
  return (dx || dy) && (connectivity == 8 || dx == 0 || dy == 0);
}

/* Numbers the connected sets of pixels for which same (a, b) holds between
 * touching pixels a and b, in order of their first pixel; pixels where
 * member (i) is false get -1.  Returns how many sets. */
typedef gboolean (*TestSame) (const uint8_t *labels, size_t a, size_t b);

static gboolean
same_label (const uint8_t *labels,
            size_t         a,
            size_t         b)
{
  return labels[a] == labels[b];
}

static gboolean
both_labelled (const uint8_t *labels G_GNUC_UNUSED,
               size_t         a G_GNUC_UNUSED,
               size_t         b G_GNUC_UNUSED)
{
  return TRUE;
}

static int
flood_sets (const uint8_t *labels,
            int            width,
            int            height,
            int            connectivity,
            TestSame       same,
            int           *set)
{
  size_t  n      = (size_t) width * height;
  size_t *queue  = g_new (size_t, n);
  int     n_sets = 0;

  for (size_t i = 0; i < n; i++)
    set[i] = -1;

  for (size_t start = 0; start < n; start++)
    {
      size_t head = 0, tail = 0;

      if (labels[start] == KM_LABEL_NONE || set[start] >= 0)
        continue;
      set[start]    = n_sets;
      queue[tail++] = start;
      while (head < tail)
        {
          size_t i = queue[head++];
          int    x = (int) (i % width), y = (int) (i / width);

          for (int dy = -1; dy <= 1; dy++)
            for (int dx = -1; dx <= 1; dx++)
              {
                int    nx = x + dx, ny = y + dy;
                size_t j;

                if (! touching (connectivity, dx, dy) || nx < 0 || ny < 0 ||
                    nx >= width || ny >= height)
                  continue;
                j = (size_t) ny * width + nx;
                if (labels[j] == KM_LABEL_NONE || set[j] >= 0 || ! same (labels, i, j))
                  continue;
                set[j]        = n_sets;
                queue[tail++] = j;
              }
        }
      n_sets++;
    }

  g_free (queue);
  return n_sets;
}

static int
count_regions (const uint8_t *labels,
               int            width,
               int            height,
               int            connectivity)
{
  int *set = g_new (int, (size_t) width *height);
  int  n   = flood_sets (labels, width, height, connectivity, same_label, set);

  g_free (set);
  return n;
}

/* The minimum region rule as kmeans.h states it, one merge at a time,
 * every region found again after each. */
static void
oracle_min_region (TestImage *test,
                   size_t     min_region,
                   int        connectivity)
{
  int    width = test->width, height = test->height;
  size_t n      = (size_t) width * height;
  int   *region = g_new (int, n);

  for (;;)
    {
      int       n_regions   = flood_sets (test->labels, width, height, connectivity,
                                          same_label, region);
      size_t   *sizes       = g_new0 (size_t, n_regions);
      gboolean *touches     = g_new0 (gboolean, n_regions);
      int       small       = -1;
      guint64   border[256] = { 0 };
      double    sums[3] = { 0 }, weight = 0.0, best_distance = 0.0;
      int       best = -1;

      for (size_t i = 0; i < n; i++)
        {
          int x = (int) (i % width), y = (int) (i / width);

          if (region[i] < 0)
            continue;
          sizes[region[i]]++;
          for (int dy = -1; dy <= 1; dy++)
            for (int dx = -1; dx <= 1; dx++)
              {
                int nx = x + dx, ny = y + dy;

                if (touching (connectivity, dx, dy) && nx >= 0 && ny >= 0 &&
                    nx < width && ny < height && region[(size_t) ny * width + nx] >= 0 &&
                    region[(size_t) ny * width + nx] != region[i])
                  touches[region[i]] = TRUE;
              }
        }

      /* Regions are numbered in order of their first pixel. */
      for (int r = 0; r < n_regions; r++)
        if (sizes[r] < min_region && touches[r] && (small < 0 || sizes[r] < sizes[small]))
          small = r;

      if (small < 0)
        {
          g_free (sizes);
          g_free (touches);
          break;
        }

      for (size_t i = 0; i < n; i++)
        {
          int   x = (int) (i % width), y = (int) (i / width);
          float w = test->weights ? test->weights[i] : 1.0f;

          if (region[i] != small)
            continue;
          if (w > 0.0f)
            {
              for (int d = 0; d < 3; d++)
                sums[d] += (double) w * test->points[i * 3 + d];
              weight += w;
            }
          for (int dy = -1; dy <= 1; dy++)
            for (int dx = -1; dx <= 1; dx++)
              {
                int    nx = x + dx, ny = y + dy;
                size_t j = (size_t) ny * width + nx;

                if (touching (connectivity, dx, dy) && nx >= 0 && ny >= 0 &&
                    nx < width && ny < height && region[j] >= 0 && region[j] != small)
                  border[test->labels[j]]++;
              }
        }

      for (int label = 0; label < test->n_clusters; label++)
        {
          double distance = 0.0;

          if (border[label] == 0)
            continue;
          if (weight > 0.0)
            for (int d = 0; d < 3; d++)
              {
                double diff = sums[d] / weight - test->centres[label * 3 + d];

                distance += diff * diff;
              }
          if (best < 0 || distance < best_distance ||
              (distance == best_distance && border[label] > border[best]))
            {
              best          = label;
              best_distance = distance;
            }
        }

      for (size_t i = 0; i < n; i++)
        if (region[i] == small)
          test->labels[i] = (uint8_t) best;

      g_free (sizes);
      g_free (touches);
    }

  g_free (region);
}

/* ---- Test images ----------------------------------------------------- */

/* Random labels with structure: rectangles of one label over a random
 * background, specks, and KM_LABEL_NONE holes; features on the 8-bit grid
 * near each label's centre, weights (when weighted) in quarters, some 0.
 * With such values every weighted sum is exact in double, whatever the
 * order of the additions. */
static TestImage
random_image (GRand   *rand,
              int      width,
              int      height,
              int      n_clusters,
              gboolean weighted)
{
  TestImage test  = { width, height, NULL, NULL, NULL, { 0 }, n_clusters };
  size_t    n     = (size_t) width * height;
  double    holes = g_rand_double_range (rand, 0.0, 0.2);

  test.points = g_new (float, n * 3);
  test.labels = g_new (uint8_t, n);
  if (weighted)
    test.weights = g_new (float, n);

  for (int c = 0; c < n_clusters; c++)
    for (int d = 0; d < 3; d++)
      test.centres[c * 3 + d] = (float) g_rand_int_range (rand, 0, 256) / 255.0f;

  for (size_t i = 0; i < n; i++)
    test.labels[i] = (uint8_t) g_rand_int_range (rand, 0, n_clusters);
  for (int r = g_rand_int_range (rand, 0, 8); r > 0; r--)
    {
      int     x0 = g_rand_int_range (rand, 0, width), y0 = g_rand_int_range (rand, 0, height);
      int     x1    = x0 + g_rand_int_range (rand, 1, 20);
      int     y1    = y0 + g_rand_int_range (rand, 1, 20);
      uint8_t label = (uint8_t) g_rand_int_range (rand, 0, n_clusters);

      x1 = MIN (x1, width);
      y1 = MIN (y1, height);

      for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++)
          if (g_rand_double (rand) < 0.9)
            test.labels[(size_t) y * width + x] = label;
    }

  for (size_t i = 0; i < n; i++)
    {
      uint8_t label = test.labels[i];

      for (int d = 0; d < 3; d++)
        {
          int value = (int) lrintf (test.centres[label * 3 + d] * 255.0f) +
                      g_rand_int_range (rand, -40, 41);

          test.points[i * 3 + d] = (float) CLAMP (value, 0, 255) / 255.0f;
        }
      if (weighted)
        test.weights[i] = (float) g_rand_int_range (rand, 0, 5) / 4.0f;
      if (g_rand_double (rand) < holes)
        test.labels[i] = KM_LABEL_NONE;
    }

  return test;
}

static TestImage
copy_image (const TestImage *test)
{
  TestImage copy = *test;
  size_t    n    = (size_t) test->width * test->height;

  copy.points  = g_memdup2 (test->points, n * 3 * sizeof (float));
  copy.weights = test->weights ? g_memdup2 (test->weights, n * sizeof (float)) : NULL;
  copy.labels  = g_memdup2 (test->labels, n);
  return copy;
}

/* Every region has min_region pixels or more, or touches no other. */
static void
assert_no_small_region_but_alone (const TestImage *test,
                                  size_t           min_region,
                                  int              connectivity)
{
  int       width = test->width, height = test->height;
  size_t    n         = (size_t) width * height;
  int      *region    = g_new (int, n);
  int       n_regions = flood_sets (test->labels, width, height, connectivity,
                                    same_label, region);
  size_t   *sizes     = g_new0 (size_t, n_regions);
  gboolean *touches   = g_new0 (gboolean, n_regions);

  for (size_t i = 0; i < n; i++)
    {
      int x = (int) (i % width), y = (int) (i / width);

      if (region[i] < 0)
        continue;
      sizes[region[i]]++;
      for (int dy = -1; dy <= 1; dy++)
        for (int dx = -1; dx <= 1; dx++)
          {
            int nx = x + dx, ny = y + dy;

            if (touching (connectivity, dx, dy) && nx >= 0 && ny >= 0 && nx < width &&
                ny < height && region[(size_t) ny * width + nx] >= 0 &&
                region[(size_t) ny * width + nx] != region[i])
              touches[region[i]] = TRUE;
          }
    }
  for (int r = 0; r < n_regions; r++)
    if (touches[r])
      g_assert_cmpuint (sizes[r], >=, min_region);

  g_free (sizes);
  g_free (touches);
  g_free (region);
}

/* The same pixels are labelled, each with a label in range. */
static void
assert_same_partition (const TestImage *before,
                       const TestImage *after)
{
  size_t n = (size_t) before->width * before->height;

  for (size_t i = 0; i < n; i++)
    {
      g_assert_cmpint (before->labels[i] == KM_LABEL_NONE, ==,
                       after->labels[i] == KM_LABEL_NONE);
      g_assert_true (after->labels[i] == KM_LABEL_NONE ||
                     after->labels[i] < after->n_clusters);
    }
}

/* ---- Minimum region -------------------------------------------------- */

static void
test_min_region_follows_the_rule (void)
{
  GRand *rand = g_rand_new_with_seed (17);

  for (int round = 0; round < 200; round++)
    {
      /* Some taller than a strip of rows (32). */
      int       width        = g_rand_int_range (rand, 1, round % 3 ? 41 : 13);
      int       height       = g_rand_int_range (rand, 1, round % 3 ? 31 : 100);
      int       k            = g_rand_int_range (rand, 2, 7);
      int       connectivity = g_rand_boolean (rand) ? 8 : 4;
      size_t    choices[]    = { 2, 3, 5, 9, 16, 40, (size_t) width * height + 1 };
      size_t    min_region   = choices[g_rand_int_range (rand, 0, G_N_ELEMENTS (choices))];
      TestImage test         = random_image (rand, width, height, k, g_rand_boolean (rand));
      TestImage expected     = copy_image (&test);
      TestImage before       = copy_image (&test);
      size_t    n_regions;

      oracle_min_region (&expected, min_region, connectivity);
      n_regions = clean (&test, min_region, connectivity, 0, 1);

      g_assert_cmpmem (test.labels, (size_t) width * height,
                       expected.labels, (size_t) width * height);
      g_assert_cmpuint (n_regions, ==, count_regions (test.labels, width, height, connectivity));
      assert_no_small_region_but_alone (&test, min_region, connectivity);
      assert_same_partition (&before, &test);

      test_image_free (&test);
      test_image_free (&expected);
      test_image_free (&before);
    }

  g_rand_free (rand);
}

static void
test_min_region_one_changes_nothing (void)
{
  GRand *rand = g_rand_new_with_seed (3);

  for (int connectivity = 4; connectivity <= 8; connectivity += 4)
    for (size_t min_region = 0; min_region <= 1; min_region++)
      {
        TestImage test      = random_image (rand, 97, 61, 5, TRUE);
        TestImage before    = copy_image (&test);
        size_t    n_regions = clean (&test, min_region, connectivity, 0, 2);

        g_assert_cmpmem (test.labels, 97 * 61, before.labels, 97 * 61);
        g_assert_cmpuint (n_regions, ==, count_regions (test.labels, 97, 61, connectivity));
        test_image_free (&test);
        test_image_free (&before);
      }

  g_rand_free (rand);
}

/* An image without a labelled pixel has no region, and stays so. */
static void
test_no_labelled_pixel_is_no_region (void)
{
  GRand *rand = g_rand_new_with_seed (8);

  for (int smoothing = 0; smoothing <= 3; smoothing += 3)
    {
      TestImage test = random_image (rand, 70, 45, 3, FALSE);

      memset (test.labels, KM_LABEL_NONE, 70 * 45);
      g_assert_cmpuint (clean (&test, 16, 4, smoothing, 2), ==, 0);
      for (size_t i = 0; i < 70 * 45; i++)
        g_assert_cmpuint (test.labels[i], ==, KM_LABEL_NONE);
      test_image_free (&test);
    }

  g_rand_free (rand);
}

/* Everything merges until each connected part of the labelled pixels is
 * one region. */
static void
test_min_region_above_the_image_leaves_one_region_per_part (void)
{
  GRand *rand = g_rand_new_with_seed (5);

  for (int connectivity = 4; connectivity <= 8; connectivity += 4)
    {
      TestImage test = random_image (rand, 120, 80, 6, FALSE);
      int      *part = g_new (int, 120 * 80);
      int       n_parts;
      size_t    n_regions;
      uint8_t   part_label[120 * 80];

      /* Holes enough to cut the image into many parts. */
      for (size_t i = 0; i < 120 * 80; i++)
        if (g_rand_double (rand) < (connectivity == 4 ? 0.45 : 0.65))
          test.labels[i] = KM_LABEL_NONE;
      n_parts = flood_sets (test.labels, 120, 80, connectivity, both_labelled, part);
      g_assert_cmpint (n_parts, >, 20);

      n_regions = clean (&test, 120 * 80 + 1, connectivity, 0, 2);

      g_assert_cmpuint (n_regions, ==, n_parts);
      g_assert_cmpint (count_regions (test.labels, 120, 80, connectivity), ==, n_parts);
      memset (part_label, KM_LABEL_NONE, sizeof part_label);
      for (size_t i = 0; i < 120 * 80; i++)
        if (part[i] >= 0)
          {
            if (part_label[part[i]] == KM_LABEL_NONE)
              part_label[part[i]] = test.labels[i];
            g_assert_cmpuint (test.labels[i], ==, part_label[part[i]]);
          }

      g_free (part);
      test_image_free (&test);
    }

  g_rand_free (rand);
}

static void
test_thin_images (void)
{
  GRand *rand = g_rand_new_with_seed (23);

  for (int round = 0; round < 40; round++)
    {
      int       length       = g_rand_int_range (rand, 1, 400);
      gboolean  row          = round % 2 == 0;
      int       connectivity = round % 4 < 2 ? 4 : 8;
      size_t    min_region   = (size_t) g_rand_int_range (rand, 2, 12);
      TestImage test         = random_image (rand, row ? length : 1, row ? 1 : length, 3,
                                             round % 3 == 0);
      TestImage expected     = copy_image (&test);
      size_t    n_regions;

      oracle_min_region (&expected, min_region, connectivity);
      n_regions = clean (&test, min_region, connectivity, round % 5 == 0 ? 2 : 0, 2);

      if (round % 5 != 0)
        g_assert_cmpmem (test.labels, length, expected.labels, length);
      g_assert_cmpuint (n_regions, ==, count_regions (test.labels, test.width, test.height, connectivity));
      assert_no_small_region_but_alone (&test, min_region, connectivity);

      test_image_free (&test);
      test_image_free (&expected);
    }

  g_rand_free (rand);
}

/* ---- Noisy shapes ---------------------------------------------------- */

#define SHAPES_WIDTH  240
#define SHAPES_HEIGHT 160
#define N_SHAPES      6

/* Which shape pixel (x, y) lies in: the six cells of a Voronoi diagram,
 * of similar areas, so that k-means finds one cluster per colour. */
static int
shape_at (int x,
          int y)
{
  static const int sites[N_SHAPES][2] = {
    { 40, 40 }, { 120, 30 }, { 200, 50 }, { 50, 120 }, { 130, 110 }, { 205, 135 }
  };
  int best = 0;

  for (int s = 1; s < N_SHAPES; s++)
    {
      int dx = x - sites[s][0], dy = y - sites[s][1];
      int bx = x - sites[best][0], by = y - sites[best][1];

      if (dx * dx + dy * dy < bx * bx + by * by)
        best = s;
    }

  return best;
}

/* A standard normal deviate (Box–Muller). */
static double
gaussian (GRand *rand)
{
  double u = 1.0 - g_rand_double (rand), v = g_rand_double (rand);

  return sqrt (-2.0 * log (u)) * cos (2.0 * G_PI * v);
}

/* The shapes in six colours 30 levels apart in one or two channels, with
 * Gaussian noise of sigma levels (of 255) on each channel, clustered by
 * the core at K = 6: at sigma 8, plain k-means labels a few percent of the
 * pixels as a neighbouring colour. */
static TestImage
noisy_shapes (guint32 seed,
              double  sigma,
              int    *shapes)
{
  static const int colours[N_SHAPES][3] = {
    { 100, 100, 100 }, { 130, 100, 100 }, { 100, 130, 100 }, { 100, 100, 130 }, { 130, 130, 100 }, { 100, 130, 130 }
  };
  GRand      *rand     = g_rand_new_with_seed (seed);
  size_t      n        = SHAPES_WIDTH * SHAPES_HEIGHT;
  TestImage   test     = { SHAPES_WIDTH, SHAPES_HEIGHT, g_new (float, n * 3), NULL, g_new (uint8_t, n), { 0 }, N_SHAPES };
  KmSettings *settings = km_settings_new ();
  KmResult   *result   = NULL;

  for (int y = 0; y < SHAPES_HEIGHT; y++)
    for (int x = 0; x < SHAPES_WIDTH; x++)
      {
        size_t i = (size_t) y * SHAPES_WIDTH + x;

        shapes[i] = shape_at (x, y);
        for (int d = 0; d < 3; d++)
          test.points[i * 3 + d] = (float) ((colours[shapes[i]][d] + gaussian (rand) * sigma) / 255.0);
      }

  km_settings_set_n_clusters (settings, N_SHAPES);
  km_settings_set_restarts (settings, 4);
  g_assert_cmpint (km_cluster (settings, test.points, n, 3, 3, NULL, 0, &result),
                   ==, KM_STATUS_OK);
  memcpy (test.labels, km_result_get_labels (result), n);
  memcpy (test.centres, km_result_get_centres (result), N_SHAPES * 3 * sizeof (float));

  km_result_free (result);
  km_settings_free (settings);
  g_rand_free (rand);
  return test;
}

/* The share of pixels whose label is their shape's, each label standing
 * for the shape most of its pixels lie in (and no two labels for one). */
static double
share_labelled_as_their_shape (const TestImage *test,
                               const int       *shapes)
{
  size_t n                         = (size_t) test->width * test->height;
  size_t votes[N_SHAPES][N_SHAPES] = { { 0 } };
  int    shape_of[N_SHAPES];
  size_t right = 0;

  for (size_t i = 0; i < n; i++)
    votes[test->labels[i]][shapes[i]]++;
  for (int l = 0; l < N_SHAPES; l++)
    {
      shape_of[l] = 0;
      for (int s = 1; s < N_SHAPES; s++)
        if (votes[l][s] > votes[l][shape_of[l]])
          shape_of[l] = s;
      for (int other = 0; other < l; other++)
        g_assert_cmpint (shape_of[other], !=, shape_of[l]);
    }
  for (size_t i = 0; i < n; i++)
    right += shape_of[test->labels[i]] == shapes[i];

  return (double) right / n;
}

static void
test_noisy_shapes_become_one_region_each (void)
{
  int *shapes = g_new (int, SHAPES_WIDTH *SHAPES_HEIGHT);

  for (guint32 seed = 1; seed <= 3; seed++)
    {
      TestImage plain = noisy_shapes (seed, 8.0, shapes);
      struct
      {
        size_t min_region;
        int    smoothing;
      } cases[] = { { 16, 0 }, { 0, 3 }, { 16, 3 } };

      g_assert_cmpint (count_regions (plain.labels, SHAPES_WIDTH, SHAPES_HEIGHT, 4), >, 200);
      g_assert_cmpfloat (share_labelled_as_their_shape (&plain, shapes), >, 0.9);

      for (size_t c = 0; c < G_N_ELEMENTS (cases); c++)
        {
          TestImage test      = copy_image (&plain);
          size_t    n_regions = clean (&test, cases[c].min_region, 4, cases[c].smoothing, 2);

          g_test_message ("seed %u, min-region %zu, smoothing %d: %zu regions, %.4f right",
                          seed, cases[c].min_region, cases[c].smoothing, n_regions,
                          share_labelled_as_their_shape (&test, shapes));
          g_assert_cmpuint (n_regions, ==, N_SHAPES);
          g_assert_cmpint (count_regions (test.labels, SHAPES_WIDTH, SHAPES_HEIGHT, 4),
                           ==, N_SHAPES);
          g_assert_cmpfloat (share_labelled_as_their_shape (&test, shapes), >=, 0.99);
          test_image_free (&test);
        }

      test_image_free (&plain);
    }

  g_free (shapes);
}

/* ---- Threads --------------------------------------------------------- */

static void
test_same_labels_for_1_2_or_16_threads (void)
{
  int      *shapes = g_new (int, SHAPES_WIDTH *SHAPES_HEIGHT);
  TestImage plain  = noisy_shapes (9, 8.0, shapes);
  GRand    *rand   = g_rand_new_with_seed (31);
  TestImage mixed  = random_image (rand, 300, 211, 7, TRUE);
  struct
  {
    size_t min_region;
    int    connectivity;
    int    smoothing;
  } cases[] = {
    { 16, 4, 0 }, { 50, 8, 0 }, { 0, 4, 3 }, { 16, 8, 10 }, { 100000, 4, 1 }
  };

  for (int which = 0; which < 2; which++)
    for (size_t c = 0; c < G_N_ELEMENTS (cases); c++)
      {
        const TestImage *source    = which ? &mixed : &plain;
        size_t           n         = (size_t) source->width * source->height;
        TestImage        alone     = copy_image (source);
        size_t           n_regions = clean (&alone, cases[c].min_region,
                                            cases[c].connectivity, cases[c].smoothing, 1);

        for (int threads = 2; threads <= 16; threads *= 8)
          {
            TestImage test = copy_image (source);

            g_assert_cmpuint (clean (&test, cases[c].min_region, cases[c].connectivity,
                                     cases[c].smoothing, threads),
                              ==, n_regions);
            g_assert_cmpmem (test.labels, n, alone.labels, n);
            test_image_free (&test);
          }
        test_image_free (&alone);
      }

  test_image_free (&plain);
  test_image_free (&mixed);
  g_rand_free (rand);
  g_free (shapes);
}

/* ---- Smoothing ------------------------------------------------------- */

/* Two flat colours meeting at a straight and a slanted edge, with noise:
 * at every level, the edges stay where they are. */
static void
test_smoothing_keeps_real_edges (void)
{
  int width = 200, height = 120;

  for (int level = 1; level <= KM_MAX_SMOOTHING; level++)
    {
      GRand    *rand  = g_rand_new_with_seed (level);
      size_t    n     = (size_t) width * height;
      TestImage test  = { width, height, g_new (float, n * 3), NULL, g_new (uint8_t, n), { 0.3f, 0.3f, 0.3f, 0.6f, 0.5f, 0.3f }, 2 };
      size_t    wrong = 0;

      for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
          {
            size_t i    = (size_t) y * width + x;
            int    side = x < 60 || (x >= 120 && x - 120 < y / 2);

            for (int d = 0; d < 3; d++)
              test.points[i * 3 + d] = test.centres[side * 3 + d] +
                                       (float) g_rand_double_range (rand, -0.05, 0.05);
            test.labels[i] = (uint8_t) side;
          }

      clean (&test, 0, 4, level, 2);
      for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
          {
            int side = x < 60 || (x >= 120 && x - 120 < y / 2);

            wrong += test.labels[(size_t) y * width + x] != side;
          }
      g_assert_cmpuint (wrong, ==, 0);

      test_image_free (&test);
      g_rand_free (rand);
    }
}

/* What each level does (kmeans.h states it): on the noisy shapes, how
 * many regions are left at each sigma; across thin lines of a contrast,
 * how much of their length stays.  --verbose prints the measurements. */
static void
test_smoothing_levels (void)
{
  int *shapes = g_new (int, SHAPES_WIDTH *SHAPES_HEIGHT);

  for (int sigma = 8; sigma <= 16; sigma += 4)
    {
      TestImage plain   = noisy_shapes (1, sigma, shapes);
      size_t    before  = SIZE_MAX;
      GString  *message = g_string_new (NULL);

      g_string_printf (message, "sigma %d: k-means %d regions; by level", sigma,
                       count_regions (plain.labels, SHAPES_WIDTH, SHAPES_HEIGHT, 4));
      for (int level = 1; level <= KM_MAX_SMOOTHING; level++)
        {
          TestImage test      = copy_image (&plain);
          size_t    n_regions = clean (&test, 0, 4, level, 2);

          g_string_append_printf (message, " %zu", n_regions);
          g_assert_cmpuint (n_regions, <=, before);
          if (level >= 2 && sigma <= 12)
            g_assert_cmpuint (n_regions, ==, N_SHAPES);
          if (level >= 5)
            g_assert_cmpuint (n_regions, <=, N_SHAPES + 6);
          before = n_regions;
          test_image_free (&test);
        }
      g_test_message ("%s", message->str);
      g_string_free (message, TRUE);
      test_image_free (&plain);
    }

  /* Vertical lines 1, 2 and 3 pixels wide across a flat grey, with noise
   * of sigma 8 levels, labelled by the nearest of the two colours. */
  for (int contrast = 30; contrast <= 90; contrast += 30)
    {
      int       width = 200, height = 100;
      size_t    n       = (size_t) width * height;
      GRand    *rand    = g_rand_new_with_seed (contrast);
      TestImage plain   = { width, height, g_new (float, n * 3), NULL, g_new (uint8_t, n), { 0.4f, 0.4f, 0.4f, 0.4f + contrast / 255.0f, 0.4f, 0.4f }, 2 };
      GString  *message = g_string_new (NULL);

      for (size_t i = 0; i < n; i++)
        {
          int   x       = (int) (i % width);
          int   line    = (x >= 40 && x < 41) || (x >= 90 && x < 92) || (x >= 140 && x < 143);
          float near[2] = { 0, 0 };

          for (int d = 0; d < 3; d++)
            {
              plain.points[i * 3 + d] = plain.centres[line * 3 + d] + (float) (gaussian (rand) * 8.0 / 255.0);
              for (int c = 0; c < 2; c++)
                near[c] += (plain.points[i * 3 + d] - plain.centres[c * 3 + d]) *
                           (plain.points[i * 3 + d] - plain.centres[c * 3 + d]);
            }
          plain.labels[i] = near[1] < near[0];
        }

      g_string_printf (message, "lines of contrast %d, length kept, 1/2/3 pixels wide:", contrast);
      for (int level = 1; level <= KM_MAX_SMOOTHING; level++)
        {
          TestImage test    = copy_image (&plain);
          int       kept[3] = { 0, 0, 0 };

          clean (&test, 0, 4, level, 2);
          for (int y = 0; y < height; y++)
            {
              kept[0] += test.labels[y * width + 40];
              kept[1] += test.labels[y * width + 90] & test.labels[y * width + 91];
              kept[2] += test.labels[y * width + 141];
            }
          g_string_append_printf (message, " %d:%d/%d/%d%%", level, kept[0], kept[1], kept[2]);
          g_assert_cmpint (kept[2], ==, height);
          g_assert_cmpint (kept[1], >=, height * 8 / 10);
          if (contrast == 90)
            g_assert_cmpint (kept[0], ==, height);
          if (contrast == 60 && level <= 6)
            g_assert_cmpint (kept[0], >=, height * 95 / 100);
          if (contrast == 30 && level >= 4)
            g_assert_cmpint (kept[0], ==, 0);
          test_image_free (&test);
        }
      g_test_message ("%s", message->str);
      g_string_free (message, TRUE);
      test_image_free (&plain);
      g_rand_free (rand);
    }

  g_free (shapes);
}

/* ---- Measurements and bad input -------------------------------------- */

static void
test_measure_agrees_with_the_labels (void)
{
  GRand *rand = g_rand_new_with_seed (41);

  for (int connectivity = 4; connectivity <= 8; connectivity += 4)
    {
      TestImage         test     = random_image (rand, 131, 77, 6, TRUE);
      KmRegionSettings *settings = region_settings (0, connectivity, 0, 16);
      KmImage           image    = image_of (&test);
      size_t            n_regions, sizes[6];
      double            weights[6];
      float             means[6 * 3];

      g_assert_cmpint (km_regions_measure (settings, &image, test.labels, 6, &n_regions,
                                           sizes, weights, means),
                       ==, KM_STATUS_OK);
      g_assert_cmpuint (n_regions, ==, count_regions (test.labels, 131, 77, connectivity));

      for (int c = 0; c < 6; c++)
        {
          size_t size   = 0;
          double weight = 0.0, sums[3] = { 0 };

          for (size_t i = 0; i < 131 * 77; i++)
            if (test.labels[i] == c)
              {
                size++;
                if (test.weights[i] > 0.0f)
                  {
                    weight += test.weights[i];
                    for (int d = 0; d < 3; d++)
                      sums[d] += (double) test.weights[i] * test.points[i * 3 + d];
                  }
              }
          g_assert_cmpuint (sizes[c], ==, size);
          g_assert_cmpfloat (weights[c], ==, weight);
          for (int d = 0; d < 3; d++)
            g_assert_cmpfloat (means[c * 3 + d], ==, (float) (sums[d] / weight));
        }

      km_region_settings_free (settings);
      test_image_free (&test);
    }

  g_rand_free (rand);
}

static void
test_bad_input_is_refused (void)
{
  GRand            *rand     = g_rand_new_with_seed (2);
  TestImage         test     = random_image (rand, 30, 20, 4, FALSE);
  TestImage         before   = copy_image (&test);
  KmRegionSettings *settings = region_settings (16, 4, 3, 1);
  KmImage           image    = image_of (&test);
  KmImage           bad;
  size_t            n_regions = 12345;

  g_assert_cmpint (km_region_settings_set_connectivity (settings, 6), ==,
                   KM_STATUS_INVALID_ARGUMENT);
  g_assert_cmpint (km_region_settings_set_smoothing (settings, KM_MAX_SMOOTHING + 1), ==,
                   KM_STATUS_INVALID_ARGUMENT);
  g_assert_cmpint (km_region_settings_set_smoothing (settings, -1), ==,
                   KM_STATUS_INVALID_ARGUMENT);

  /* A label out of range, anywhere. */
  test.labels[599] = 4;
  g_assert_cmpint (km_regions_clean (settings, &image, test.centres, 4, test.labels,
                                     &n_regions),
                   ==, KM_STATUS_INVALID_ARGUMENT);
  g_assert_cmpint (km_regions_measure (settings, &image, test.labels, 4, &n_regions,
                                       NULL, NULL, NULL),
                   ==, KM_STATUS_INVALID_ARGUMENT);
  test.labels[599] = before.labels[599];

  bad       = image;
  bad.width = 0;
  g_assert_cmpint (km_regions_clean (settings, &bad, test.centres, 4, test.labels,
                                     &n_regions),
                   ==, KM_STATUS_INVALID_ARGUMENT);
  bad              = image;
  bad.point_stride = 2;
  g_assert_cmpint (km_regions_clean (settings, &bad, test.centres, 4, test.labels,
                                     &n_regions),
                   ==, KM_STATUS_INVALID_ARGUMENT);
  bad        = image;
  bad.n_dims = KM_MAX_DIMS + 1;
  g_assert_cmpint (km_regions_clean (settings, &bad, test.centres, 4, test.labels,
                                     &n_regions),
                   ==, KM_STATUS_INVALID_ARGUMENT);
  bad        = image;
  bad.points = NULL;
  g_assert_cmpint (km_regions_clean (settings, &bad, test.centres, 4, test.labels,
                                     &n_regions),
                   ==, KM_STATUS_INVALID_ARGUMENT);
  g_assert_cmpint (km_regions_clean (settings, &image, NULL, 4, test.labels, &n_regions),
                   ==, KM_STATUS_INVALID_ARGUMENT);
  g_assert_cmpint (km_regions_clean (settings, &image, test.centres, 0, test.labels,
                                     &n_regions),
                   ==, KM_STATUS_INVALID_ARGUMENT);
  g_assert_cmpint (km_regions_clean (NULL, &image, test.centres, 4, test.labels,
                                     &n_regions),
                   ==, KM_STATUS_INVALID_ARGUMENT);

  g_assert_cmpmem (test.labels, 600, before.labels, 600);
  g_assert_cmpuint (n_regions, ==, 12345);

  km_region_settings_free (settings);
  test_image_free (&test);
  test_image_free (&before);
  g_rand_free (rand);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/regions/min-region-follows-the-rule",
                   test_min_region_follows_the_rule);
  g_test_add_func ("/core/regions/min-region-1-changes-nothing",
                   test_min_region_one_changes_nothing);
  g_test_add_func ("/core/regions/no-labelled-pixel-is-no-region",
                   test_no_labelled_pixel_is_no_region);
  g_test_add_func ("/core/regions/min-region-above-the-image-leaves-one-region-per-part",
                   test_min_region_above_the_image_leaves_one_region_per_part);
  g_test_add_func ("/core/regions/thin-images", test_thin_images);
  g_test_add_func ("/core/regions/noisy-shapes-become-one-region-each",
                   test_noisy_shapes_become_one_region_each);
  g_test_add_func ("/core/regions/same-labels-for-1-2-or-16-threads",
                   test_same_labels_for_1_2_or_16_threads);
  g_test_add_func ("/core/regions/smoothing-keeps-real-edges",
                   test_smoothing_keeps_real_edges);
  g_test_add_func ("/core/regions/smoothing-levels", test_smoothing_levels);
  g_test_add_func ("/core/regions/measure-agrees-with-the-labels",
                   test_measure_agrees_with_the_labels);
  g_test_add_func ("/core/regions/bad-input-is-refused", test_bad_input_is_refused);

  return g_test_run ();
}
