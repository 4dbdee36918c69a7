/* segment-strips.c — the walk over the output drawables, a strip of rows
 * at a time.
 *
 * Every output of a strip is written from the same ranks and coverage, by
 * GEGL's threads: one fills an output's blocks while another sends its own
 * to GIMP.  A strip is thousands of pixels times each output, so a thread
 * costs little beside it. */

#include <libgimp/gimp.h>

#include "segment-strips.h"
#include "segment-progress.h"
#include "segment-test-hook.h"

typedef struct
{
  const SegmentStripWalk *walk;
  const SegmentStrip     *strip;
  gint                    n_threads;
  guint8                **scratch; /* one per thread */
} StripJob;

/* Thread i of n writes the outputs i, i + n, i + 2n… */
static void
write_outputs (gint     i,
               gint     n,
               gpointer data)
{
  const StripJob *job = data;

  for (gint output = i; output < job->walk->n_outputs; output += n)
    job->walk->write (job->strip, output, job->scratch[i], job->walk->data);
}

void
segment_strips_walk (const SegmentStripWalk *walk)
{
  const GeglRectangle *area     = &walk->area;
  gsize                capacity = (gsize) area->width * SEGMENT_STRIP_ROWS;
  gboolean             halfway  = FALSE;
  SegmentStrip         strip;
  StripJob             job = { walk, &strip, 0, NULL };
  gint                 n_threads;

  g_object_get (gegl_config (), "threads", &n_threads, NULL);
  job.n_threads = CLAMP (n_threads, 1, MAX (walk->n_outputs, 1));
  job.scratch   = g_new (guint8 *, job.n_threads);
  for (gint i = 0; i < job.n_threads; i++)
    job.scratch[i] = g_malloc (capacity * walk->scratch_per_pixel);

  strip.ranks    = g_malloc (capacity);
  strip.coverage = g_new (gfloat, capacity);
  segment_blocks_init (&strip.blocks, area->width);

  for (gint y = area->y; y < area->y + area->height; y += SEGMENT_STRIP_ROWS)
    {
      GeglRectangle in_source;
      gint          done;

      strip.rect     = *GEGL_RECTANGLE (area->x, y, area->width,
                                        MIN (SEGMENT_STRIP_ROWS, area->y + area->height - y));
      strip.n_pixels = (gsize) strip.rect.width * strip.rect.height;
      in_source      = *GEGL_RECTANGLE (strip.rect.x - walk->origin_x,
                                        strip.rect.y - walk->origin_y,
                                        strip.rect.width, strip.rect.height);

      segment_order_ranks (walk->order, &in_source, strip.ranks);
      segment_coverage_get (walk->coverage, &in_source, strip.coverage);
      segment_blocks_find (&strip.blocks, strip.ranks, &strip.rect);
      if (walk->prepare)
        walk->prepare (&strip, walk->data);
      gegl_parallel_distribute (job.n_threads, write_outputs, &job);

      done = y + strip.rect.height - area->y;
      segment_progress_update ((gdouble) done / area->height);
      if (! halfway && 2 * done >= area->height)
        {
          halfway = TRUE;
          segment_test_hook (walk->stage);
        }
    }

  segment_blocks_clear (&strip.blocks);
  g_free (strip.coverage);
  g_free (strip.ranks);
  for (gint i = 0; i < job.n_threads; i++)
    g_free (job.scratch[i]);
  g_free (job.scratch);
}
