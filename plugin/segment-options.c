/* segment-options.c — the procedure's arguments: declared once, read once.
 *
 * The argument names and choice nicks are the PDB contract that scripts
 * call; new arguments go at the end so positional callers keep working. */

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
                                        "oklab", SEGMENT_SPACE_OKLAB, "Oklab",
                                        "Perceptually uniform like L*a*b*, with steadier hues "
                                        "in saturated blues and purples",
                                        "linear-rgb", SEGMENT_SPACE_LINEAR_RGB, "RGB (linear)",
                                        "Linear light in the image's primaries: bright "
                                        "colours are told apart more finely than dark ones",
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
                                        "Each layer holds the source pixels of its segment "
                                        "and is transparent elsewhere",
                                        "mean", SEGMENT_FILL_MEAN, "Mean colour",
                                        "Each layer is filled with its segment's mean colour "
                                        "and is transparent elsewhere",
                                        "mask", SEGMENT_FILL_MASK, "Layer mask",
                                        "Each layer holds all the source pixels, with a layer "
                                        "mask that shows its segment: paint the mask to "
                                        "refine the edges",
                                        NULL),
                                      "original", G_PARAM_READWRITE);

  gimp_procedure_add_choice_argument (procedure, "sort-by",
                                      "S_ort by",
                                      "The order of the segments: layer 1 at the top of the group",
                                      gimp_choice_new_with_values (
                                        "share", SEGMENT_SORT_SHARE, "Share of pixels",
                                        "Largest share of pixels first",
                                        "lightness", SEGMENT_SORT_LIGHTNESS, "Lightness",
                                        "Lightest first (by CIE L* of the segment colour)",
                                        "hue", SEGMENT_SORT_HUE, "Hue",
                                        "Around the colour wheel from red through yellow, "
                                        "green and blue (CIE LCh hue angle); near-grey "
                                        "segments come last, lightest first",
                                        NULL),
                                      "share", G_PARAM_READWRITE);

  gimp_procedure_add_boolean_argument (procedure, "create-channels",
                                       "Create _channels",
                                       "Also add one channel per segment, named like its "
                                       "layer: white on the segment's pixels (times the "
                                       "selection coverage), black elsewhere, so that "
                                       "Channel to Selection selects the segment",
                                       FALSE, G_PARAM_READWRITE);

  gimp_procedure_add_boolean_argument (procedure, "create-label-map",
                                       "Create _label map",
                                       "Also add a hidden grey layer \"Segment labels\" at "
                                       "the bottom of the group whose value is the segment "
                                       "number n (1 = the first layer) stored as n/255 of "
                                       "full scale in the image's own encoding: byte n in an "
                                       "8-bit image; read it in the layer's own format, "
                                       "multiply by 255 and round. Pixels in no segment "
                                       "are transparent",
                                       FALSE, G_PARAM_READWRITE);

  gimp_procedure_add_boolean_argument (procedure, "create-palette",
                                       "Create _palette",
                                       "Also create a palette \"<image name> K-Means\" (the "
                                       "file name without extension; the layer's name for "
                                       "an image without a file) with one entry per "
                                       "segment: its colour, named like its layer (number, "
                                       "colour, share). Existing palettes are never "
                                       "changed: when the name is taken, GIMP adds \" #1\", "
                                       "\" #2\"…",
                                       FALSE, G_PARAM_READWRITE);

  gimp_procedure_add_int_argument (procedure, "restarts",
                                   "_Restarts",
                                   "Run the clustering this many times from seeds derived "
                                   "from the seed, and keep the run whose segments fit the "
                                   "colours best (lowest inertia); more restarts give "
                                   "steadier results and take longer",
                                   1, 20, 1, G_PARAM_READWRITE);

  gimp_procedure_add_double_argument (procedure, "alpha-threshold",
                                      "_Alpha threshold",
                                      "Pixels whose alpha is at or below this (0 to 1) are "
                                      "not clustered and belong to no segment; the others "
                                      "count with their alpha as weight. Segment layers keep "
                                      "the source alpha exactly",
                                      0.0, 1.0, 0.0, G_PARAM_READWRITE);
}

void
segment_options_from_config (SegmentOptions      *options,
                             GimpProcedureConfig *config)
{
  g_object_get (config,
                "n-segments",       &options->n_segments,
                "max-iterations",   &options->max_iterations,
                "seed",             &options->seed,
                "restarts",         &options->restarts,
                "alpha-threshold",  &options->alpha_threshold,
                "create-channels",  &options->create_channels,
                "create-label-map", &options->create_label_map,
                "create-palette",   &options->create_palette,
                NULL);

  options->color_space = gimp_procedure_config_get_choice_id (config, "color-space");
  options->fill        = gimp_procedure_config_get_choice_id (config, "fill");
  options->sort_by     = gimp_procedure_config_get_choice_id (config, "sort-by");
}
