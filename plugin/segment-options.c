/* segment-options.c — the procedure's arguments: declared once, read once. */

#include <libgimp/gimp.h>

#include "segment-options.h"

void
segment_options_declare (GimpProcedure *procedure)
{
  gimp_procedure_add_int_argument (procedure, "n-segments",
                                   "_Segments",
                                   "Number of colour segments (clusters) to find",
                                   SEGMENT_MIN_SEGMENTS, SEGMENT_MAX_SEGMENTS, 8,
                                   G_PARAM_READWRITE);

  gimp_procedure_add_choice_argument (procedure, "color-space",
                                      "Color s_pace",
                                      "Space in which colour differences are measured",
                                      gimp_choice_new_with_values (
                                        "lab", SEGMENT_SPACE_LAB, "CIE L*a*b*",
                                        "Perceptually uniform: distances follow what the eye sees",
                                        "rgb", SEGMENT_SPACE_RGB, "RGB (perceptual)",
                                        "The image's own non-linear R'G'B' values",
                                        NULL),
                                      "lab", G_PARAM_READWRITE);

  gimp_procedure_add_int_argument (procedure, "max-iterations",
                                   "Maximum _iterations",
                                   "Stop refining the segments after this many rounds",
                                   1, 1000, 100, G_PARAM_READWRITE);

  gimp_procedure_add_int_argument (procedure, "seed",
                                   "Rando_m seed",
                                   "The same seed gives the same segments",
                                   G_MININT, G_MAXINT, 0, G_PARAM_READWRITE);

  gimp_procedure_add_choice_argument (procedure, "fill",
                                      "_Fill",
                                      "What each segment layer holds",
                                      gimp_choice_new_with_values (
                                        "original", SEGMENT_FILL_ORIGINAL, "Original pixels",
                                        "Each layer holds the source pixels of its segment",
                                        "mean", SEGMENT_FILL_MEAN, "Mean colour",
                                        "Each layer is filled with its segment's mean colour",
                                        NULL),
                                      "original", G_PARAM_READWRITE);
}

void
segment_options_from_config (SegmentOptions      *options,
                             GimpProcedureConfig *config)
{
  g_object_get (config,
                "n-segments",     &options->n_segments,
                "max-iterations", &options->max_iterations,
                "seed",           &options->seed,
                NULL);

  options->color_space = gimp_procedure_config_get_choice_id (config, "color-space");
  options->fill        = gimp_procedure_config_get_choice_id (config, "fill");
}
