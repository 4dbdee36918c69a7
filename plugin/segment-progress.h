/* segment-progress.h — the progress bar of a run: named stages, each its
 * share of one bar, which only moves forward. */

#ifndef SEGMENT_PROGRESS_H
#define SEGMENT_PROGRESS_H

#include <libgimp/gimp.h>

#include "segment-options.h"

typedef enum
{
  SEGMENT_STAGE_READ,
  SEGMENT_STAGE_CLUSTER,
  SEGMENT_STAGE_REGIONS,
  SEGMENT_STAGE_LAYERS,
  SEGMENT_STAGE_CHANNELS,
  SEGMENT_STAGE_PATHS,
  SEGMENT_N_STAGES
} SegmentStage;

/* Shows the bar for a run with these options, at the start of its first
 * stage. */
void segment_progress_start (const SegmentOptions *options);

/* Moves to a stage, naming it on the bar; nothing when the options do not
 * run it. */
void segment_progress_stage (SegmentStage stage);

/* Reports how far the current stage is, from 0 to 1. */
void segment_progress_update (gdouble fraction);

#endif /* SEGMENT_PROGRESS_H */
