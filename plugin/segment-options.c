/* segment-options.c — the procedure's arguments: declared once, read once.
 *
 * The argument names and choice nicks are the PDB contract that scripts
 * call; new arguments go at the end so positional callers keep working. */

#include <libgimp/gimp.h>

#include <glib/gi18n.h>

#include "kmeans.h"
#include "segment-options.h"
#include "segment-palette-entries.h"

void
segment_options_declare (GimpProcedure *procedure)
{
  gimp_procedure_add_int_argument (procedure, "n-segments",
                                   _ ("Se_gments"),
                                   _ ("Number of colour segments (clusters) to find"),
                                   SEGMENT_MIN_SEGMENTS, SEGMENT_MAX_SEGMENTS, 8,
                                   G_PARAM_READWRITE);

  gimp_procedure_add_choice_argument (procedure, "color-space",
                                      _ ("Color s_pace"),
                                      _ ("Space in which colour differences are measured"),
                                      gimp_choice_new_with_values (
                                        "lab", SEGMENT_SPACE_LAB, _ ("CIE L*a*b*"),
                                        _ ("Perceptually uniform: distances follow what the eye sees"),
                                        "rgb", SEGMENT_SPACE_RGB, _ ("RGB (perceptual)"),
                                        _ ("The image's own non-linear R'G'B' values"),
                                        "oklab", SEGMENT_SPACE_OKLAB, _ ("Oklab"),
                                        _ ("Perceptually uniform like L*a*b*, with steadier hues "
                                           "in saturated blues and purples"),
                                        "linear-rgb", SEGMENT_SPACE_LINEAR_RGB, _ ("RGB (linear)"),
                                        _ ("Linear light in the image's primaries: bright "
                                           "colours are told apart more finely than dark ones"),
                                        NULL),
                                      "lab", G_PARAM_READWRITE);

  gimp_procedure_add_int_argument (procedure, "max-iterations",
                                   _ ("Ma_ximum iterations"),
                                   _ ("Stop refining the segments after this many rounds"),
                                   1, 1000, 100, G_PARAM_READWRITE);

  gimp_procedure_add_int_argument (procedure, "seed",
                                   _ ("Rando_m seed"),
                                   _ ("The same seed gives the same segments"),
                                   G_MININT, G_MAXINT, 0, G_PARAM_READWRITE);

  gimp_procedure_add_choice_argument (procedure, "fill",
                                      _ ("_Fill"),
                                      _ ("What each segment layer holds"),
                                      gimp_choice_new_with_values (
                                        "original", SEGMENT_FILL_ORIGINAL, _ ("Original pixels"),
                                        _ ("Each layer holds the source pixels of its segment "
                                           "and is transparent elsewhere"),
                                        "mean", SEGMENT_FILL_MEAN, _ ("Mean colour"),
                                        _ ("Each layer is filled with its segment's mean colour "
                                           "and is transparent elsewhere"),
                                        "mask", SEGMENT_FILL_MASK, _ ("Layer mask"),
                                        _ ("Each layer holds all the source pixels, with a layer "
                                           "mask that shows its segment: paint the mask to "
                                           "refine the edges"),
                                        NULL),
                                      "original", G_PARAM_READWRITE);

  gimp_procedure_add_choice_argument (procedure, "sort-by",
                                      _ ("Sort b_y"),
                                      _ ("The order of the segments: layer 1 at the top of the group"),
                                      gimp_choice_new_with_values (
                                        "share", SEGMENT_SORT_SHARE, _ ("Share of pixels"),
                                        _ ("Largest share of pixels first"),
                                        "lightness", SEGMENT_SORT_LIGHTNESS, _ ("Lightness"),
                                        _ ("Lightest first (by CIE L* of the segment colour)"),
                                        "hue", SEGMENT_SORT_HUE, _ ("Hue"),
                                        _ ("Around the colour wheel from red through yellow, "
                                           "green and blue (CIE LCh hue angle); near-grey "
                                           "segments come last, lightest first"),
                                        "palette", SEGMENT_SORT_PALETTE, _ ("Palette"),
                                        _ ("Segment n is the palette's entry n: always so "
                                           "when a palette is given"),
                                        NULL),
                                      "share", G_PARAM_READWRITE);

  gimp_procedure_add_boolean_argument (procedure, "create-channels",
                                       _ ("Create select_ion channels"),
                                       _ ("Also add one channel per segment, named like its "
                                          "layer: white on the segment's pixels (times the "
                                          "selection coverage), black elsewhere, so that "
                                          "Channel to Selection selects the segment"),
                                       FALSE, G_PARAM_READWRITE);

  gimp_procedure_add_boolean_argument (procedure, "create-label-map",
                                       _ ("Create la_bel map"),
                                       _ ("Also add a hidden grey layer \"Segment labels\" at "
                                          "the bottom of the group whose value is the segment "
                                          "number n (1 = the first layer) stored as n/255 of "
                                          "full scale in the image's own encoding: byte n in an "
                                          "8-bit image; read it in the layer's own format, "
                                          "multiply by 255 and round. Pixels in no segment "
                                          "are transparent"),
                                       FALSE, G_PARAM_READWRITE);

  gimp_procedure_add_boolean_argument (procedure, "create-palette",
                                       _ ("Create p_alette"),
                                       _ ("Also create a palette \"<image name> K-Means\" (the "
                                          "file name without extension; the layer's name for "
                                          "an image without a file) with one entry per "
                                          "segment: its colour, named like its layer (number, "
                                          "colour, share). Existing palettes are never "
                                          "changed: when the name is taken, GIMP adds \" #1\", "
                                          "\" #2\"…"),
                                       FALSE, G_PARAM_READWRITE);

  gimp_procedure_add_int_argument (procedure, "restarts",
                                   _ ("N_umber of restarts"),
                                   _ ("Run the clustering this many times from seeds derived "
                                      "from the seed, and keep the run whose segments fit the "
                                      "colours best (lowest inertia); more restarts give "
                                      "steadier results and take longer"),
                                   1, 20, 1, G_PARAM_READWRITE);

  gimp_procedure_add_double_argument (procedure, "alpha-threshold",
                                      _ ("Alpha threshol_d"),
                                      _ ("Pixels whose alpha is at or below this (0 to 1) are "
                                         "not clustered and belong to no segment; the others "
                                         "count with their alpha as weight. Segment layers keep "
                                         "the source alpha exactly"),
                                      0.0, 1.0, 0.0, G_PARAM_READWRITE);

  gimp_procedure_add_int_argument (procedure, "min-region",
                                   _ ("Minimum region si_ze"),
                                   _ ("Merge every region (a connected set of pixels of "
                                      "one segment) of fewer pixels than this into the "
                                      "neighbouring region whose segment colour is nearest "
                                      "to its own, until none is smaller; a region alone "
                                      "inside transparent or unselected pixels stays. "
                                      "0 or 1: off. A value above the layer's size leaves "
                                      "one region per connected part of the visible pixels"),
                                   0, G_MAXINT, 0, G_PARAM_READWRITE);

  gimp_procedure_add_choice_argument (procedure, "connectivity",
                                      _ ("Connecti_vity"),
                                      _ ("Which pixels touch, for regions"),
                                      gimp_choice_new_with_values (
                                        "4", 4, _ ("4 neighbours"),
                                        _ ("A pixel touches the pixels left, right, above "
                                           "and below it"),
                                        "8", 8, _ ("8 neighbours"),
                                        _ ("A pixel also touches its diagonal neighbours"),
                                        NULL),
                                      "4", G_PARAM_READWRITE);

  gimp_procedure_add_int_argument (procedure, "smoothing",
                                   _ ("Edge-a_ware smoothing"),
                                   _ ("Edge-aware smoothing of the segments, 0 (off) to 10: "
                                      "a pixel takes its neighbours' segment where their "
                                      "colours are close, so noise in a flat area joins it, "
                                      "while a real edge stays where it is"),
                                   0, KM_MAX_SMOOTHING, 0, G_PARAM_READWRITE);

  gimp_procedure_add_boolean_argument (procedure, "create-paths",
                                       _ ("Cr_eate paths"),
                                       _ ("Also add one path per segment, named like its "
                                          "layer, tracing the outlines of its regions (holes "
                                          "included) along the pixels' edges: stroke it, cut "
                                          "it or export it as SVG"),
                                       FALSE, G_PARAM_READWRITE);

  gimp_procedure_add_choice_argument (procedure, "k-mode",
                                      _ ("_K mode"),
                                      _ ("How many segments to make"),
                                      gimp_choice_new_with_values (
                                        "fixed", SEGMENT_K_FIXED, _ ("Fixed"),
                                        _ ("Exactly n-segments segments"),
                                        "tolerance", SEGMENT_K_TOLERANCE, _ ("Colour tolerance"),
                                        /* xgettext:no-c-format */
                                        _ ("The fewest segments, from 2 up to n-segments, whose "
                                           "colours are within the tolerance of 95 % of the "
                                           "pixels (weighted by alpha)"),
                                        NULL),
                                      "fixed", G_PARAM_READWRITE);

  gimp_procedure_add_double_argument (procedure, "tolerance",
                                      _ ("_Tolerance"),
                                      /* xgettext:no-c-format */
                                      _ ("With k-mode tolerance: the largest colour difference "
                                         "(CIE ΔE, whatever the color-space) between 95 % of "
                                         "the pixels and their segment's colour. A ΔE of 2 is "
                                         "barely visible, 10 a clear step"),
                                      SEGMENT_MIN_TOLERANCE, SEGMENT_MAX_TOLERANCE,
                                      SEGMENT_DEFAULT_TOLERANCE, G_PARAM_READWRITE);

  gimp_procedure_add_palette_argument (procedure, "palette",
                                       _ ("Palette"),
                                       _ ("Optional: segments made from this palette's "
                                          "colours, as palette-mode says; segment n is "
                                          "entry n and is named after it. 2 to 64 entries"),
                                       TRUE, NULL, FALSE, G_PARAM_READWRITE);

  gimp_procedure_add_choice_argument (procedure, "palette-mode",
                                      _ ("Palette mode"),
                                      _ ("How the palette's colours are used"),
                                      gimp_choice_new_with_values (
                                        "seed", SEGMENT_PALETTE_SEED, _ ("Seed"),
                                        _ ("Start from the first n-segments entries and "
                                           "refine them; more segments than entries are "
                                           "found around them"),
                                        "lock", SEGMENT_PALETTE_LOCK, _ ("Lock"),
                                        _ ("The segments are exactly the entries: every "
                                           "pixel goes to the nearest one"),
                                        "partial", SEGMENT_PALETTE_PARTIAL, _ ("Partial"),
                                        _ ("Entries whose name starts with \"!\" (say "
                                           "\"!Black\") stay fixed, the others are refined"),
                                        NULL),
                                      "seed", G_PARAM_READWRITE);
}

void
segment_options_from_config (SegmentOptions      *options,
                             GimpProcedureConfig *config)
{
  g_object_get (config,
                "n-segments", &options->n_segments,
                "max-iterations", &options->max_iterations,
                "seed", &options->seed,
                "restarts", &options->restarts,
                "alpha-threshold", &options->alpha_threshold,
                "create-channels", &options->create_channels,
                "create-label-map", &options->create_label_map,
                "create-palette", &options->create_palette,
                "min-region", &options->min_region,
                "smoothing", &options->smoothing,
                "create-paths", &options->create_paths,
                "tolerance", &options->tolerance,
                "palette", &options->palette,
                NULL);
  /* The config keeps the palette alive as long as the options are used. */
  if (options->palette)
    g_object_unref (options->palette);

  options->color_space  = gimp_procedure_config_get_choice_id (config, "color-space");
  options->fill         = gimp_procedure_config_get_choice_id (config, "fill");
  options->sort_by      = gimp_procedure_config_get_choice_id (config, "sort-by");
  options->connectivity = gimp_procedure_config_get_choice_id (config, "connectivity");
  options->k_mode       = gimp_procedure_config_get_choice_id (config, "k-mode");
  options->palette_mode = gimp_procedure_config_get_choice_id (config, "palette-mode");
  if (options->palette)
    options->sort_by = SEGMENT_SORT_PALETTE;
  segment_palette_entries_read (options);
}
