/* segment-progress.c — one progress bar for the stages of a run.
 *
 * Each stage the options run takes a share of the bar, by a rough weight
 * of its time on a large photo (reading the layer and writing the layers
 * are the long ones), and reports its own fraction from 0 to 1.  The bar
 * is the stages before plus the share done of the current one, so it never
 * goes back when a stage starts.  Each update is a round trip to GIMP:
 * only whole steps of a 200th are sent.  With G_MESSAGES_DEBUG set to
 * kmeans-segment, every stage and step is also logged (tests/e2e/progress
 * reads it). */

#include <glib/gi18n.h>

#include "segment-progress.h"

#define STEPS 200

static const gdouble stage_weight[SEGMENT_N_STAGES] = {
  [SEGMENT_STAGE_READ]     = 2.0,
  [SEGMENT_STAGE_CLUSTER]  = 3.0,
  [SEGMENT_STAGE_REGIONS]  = 1.0,
  [SEGMENT_STAGE_LAYERS]   = 4.0,
  [SEGMENT_STAGE_CHANNELS] = 2.0,
  [SEGMENT_STAGE_PATHS]    = 2.0,
};

/* In English, for the debug log that tests read; the bar shows them in
 * the user's language. */
static const gchar *const stage_text[SEGMENT_N_STAGES] = {
  [SEGMENT_STAGE_READ]     = N_ ("Reading the layer"),
  [SEGMENT_STAGE_CLUSTER]  = N_ ("Finding the segments"),
  [SEGMENT_STAGE_REGIONS]  = N_ ("Cleaning the regions"),
  [SEGMENT_STAGE_LAYERS]   = N_ ("Writing the segments"),
  [SEGMENT_STAGE_CHANNELS] = N_ ("Writing the channels"),
  [SEGMENT_STAGE_PATHS]    = N_ ("Tracing the paths"),
};

static struct
{
  gdouble start[SEGMENT_N_STAGES]; /* where each stage starts on the bar */
  gdouble share[SEGMENT_N_STAGES]; /* its share of the bar; 0 when it does not run */
  gdouble from;                    /* the current stage's start */
  gdouble span;                    /* and share */
  gint    step;                    /* the last step sent */
} bar;

void
segment_progress_start (const SegmentOptions *options)
{
  gboolean runs[SEGMENT_N_STAGES] = {
    [SEGMENT_STAGE_READ]     = TRUE,
    [SEGMENT_STAGE_CLUSTER]  = TRUE,
    [SEGMENT_STAGE_REGIONS]  = options->min_region > 1 || options->smoothing > 0,
    [SEGMENT_STAGE_LAYERS]   = TRUE,
    [SEGMENT_STAGE_CHANNELS] = options->create_channels,
    [SEGMENT_STAGE_PATHS]    = options->create_paths,
  };
  gdouble total = 0.0;
  gdouble start = 0.0;

  for (gint s = 0; s < SEGMENT_N_STAGES; s++)
    total += runs[s] ? stage_weight[s] : 0.0;
  for (gint s = 0; s < SEGMENT_N_STAGES; s++)
    {
      bar.start[s] = start;
      bar.share[s] = runs[s] ? stage_weight[s] / total : 0.0;
      start += bar.share[s];
    }
  bar.step = 0;
  gimp_progress_init (_ (stage_text[SEGMENT_STAGE_READ]));
  segment_progress_stage (SEGMENT_STAGE_READ);
}

void
segment_progress_stage (SegmentStage stage)
{
  if (bar.share[stage] == 0.0)
    return;
  bar.from = bar.start[stage];
  bar.span = bar.share[stage];
  gimp_progress_set_text (_ (stage_text[stage]));
  g_debug ("progress stage: %s", stage_text[stage]);
  segment_progress_update (0.0);
}

void
segment_progress_update (gdouble fraction)
{
  gint step = (gint) ((bar.from + bar.span * CLAMP (fraction, 0.0, 1.0)) * STEPS);

  if (step > bar.step)
    {
      bar.step = step;
      gimp_progress_update ((gdouble) step / STEPS);
      g_debug ("progress step: %d of %d", step, STEPS);
    }
}
