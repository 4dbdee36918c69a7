/* segment-sample.c — what the dialog clusters: the selected part of the
 * layer, reduced.  About 0.1 MP: enough for the centres of the main
 * colours, and quick to cluster on a 24 MP layer. */

#include <libgimp/gimp.h>

#include "segment-coverage.h"
#include "segment-sample.h"
#include "segment-thumbnail.h"

gboolean
segment_sample_read (SegmentFeatures      *sample,
                     GimpDrawable         *drawable,
                     const SegmentOptions *options)
{
  SegmentCoverage coverage;
  GeglRectangle   area;
  gint            width, height;

  if (! gimp_drawable_mask_intersect (drawable, &area.x, &area.y,
                                      &area.width, &area.height))
    return FALSE;

  segment_thumbnail_size (&area, SEGMENT_SAMPLE_SIZE, &width, &height);
  if (width == area.width && height == area.height)
    {
      segment_coverage_read (&coverage, drawable);
      segment_features_read_area (sample, drawable, options->color_space, &area);
    }
  else
    {
      segment_features_read_reduced (sample, drawable, options->color_space, &area, width,
                                     height);
      segment_coverage_read_reduced (&coverage, drawable, &area, width, height);
    }

  segment_features_weigh (sample, &coverage, options->alpha_threshold);
  segment_coverage_clear (&coverage);

  return TRUE;
}
