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
                                   _ ("How many colour groups to split the layer into: each group becomes a layer"),
                                   SEGMENT_MIN_SEGMENTS, SEGMENT_MAX_SEGMENTS, 8,
                                   G_PARAM_READWRITE);

  gimp_procedure_add_choice_argument (procedure, "color-space",
                                      _ ("Color s_pace"),
                                      _ ("How colours are compared when they are grouped"),
                                      gimp_choice_new_with_values (
                                        "lab", SEGMENT_SPACE_LAB, _ ("CIE L*a*b*"),
                                        _ ("Compares colours as the eye sees them: the best choice for most pictures"),
                                        "rgb", SEGMENT_SPACE_RGB, _ ("RGB (perceptual)"),
                                        _ ("Compares the red, green and blue values as the image stores them"),
                                        "oklab", SEGMENT_SPACE_OKLAB, _ ("Oklab"),
                                        _ ("Like CIE L*a*b*, and keeps strong blues and purples "
                                           "apart better"),
                                        "linear-rgb", SEGMENT_SPACE_LINEAR_RGB, _ ("RGB (linear)"),
                                        _ ("Compares amounts of light: bright colours are told "
                                           "apart more finely than dark ones, which merge sooner"),
                                        NULL),
                                      "lab", G_PARAM_READWRITE);

  gimp_procedure_add_int_argument (procedure, "max-iterations",
                                   _ ("Ma_ximum iterations"),
                                   _ ("The segments are improved in rounds until they stop "
                                      "changing; this is the most rounds allowed"),
                                   1, 1000, 100, G_PARAM_READWRITE);

  gimp_procedure_add_int_argument (procedure, "seed",
                                   _ ("Rando_m seed"),
                                   _ ("The starting point of the random choices: the same number "
                                      "gives the same segments every time"),
                                   G_MININT, G_MAXINT, 0, G_PARAM_READWRITE);

  gimp_procedure_add_choice_argument (procedure, "fill",
                                      _ ("_Fill"),
                                      _ ("What each segment layer holds"),
                                      gimp_choice_new_with_values (
                                        "original", SEGMENT_FILL_ORIGINAL, _ ("Original pixels"),
                                        _ ("Each layer holds the source pixels of its segment "
                                           "and is transparent elsewhere"),
                                        "mean", SEGMENT_FILL_MEAN, _ ("Mean colour"),
                                        _ ("Each layer is filled with the average colour of its "
                                           "segment and is transparent elsewhere"),
                                        "mask", SEGMENT_FILL_MASK, _ ("Layer mask"),
                                        _ ("Each layer holds all the source pixels, with a layer "
                                           "mask that shows its segment: paint the mask to "
                                           "refine the edges"),
                                        NULL),
                                      "original", G_PARAM_READWRITE);

  gimp_procedure_add_choice_argument (procedure, "sort-by",
                                      _ ("Sort b_y"),
                                      _ ("The order of the segment layers, the first at the top "
                                         "of the group"),
                                      gimp_choice_new_with_values (
                                        "share", SEGMENT_SORT_SHARE, _ ("Share of pixels"),
                                        _ ("The segment that covers most of the layer first"),
                                        "lightness", SEGMENT_SORT_LIGHTNESS, _ ("Lightness"),
                                        _ ("The lightest colour first"),
                                        "hue", SEGMENT_SORT_HUE, _ ("Hue"),
                                        _ ("Around the colour wheel: red, yellow, green, blue, "
                                           "purple; greys come last, the lightest first"),
                                        "palette", SEGMENT_SORT_PALETTE, _ ("Palette"),
                                        _ ("Segment n is the palette's entry n: always so "
                                           "when a palette is given"),
                                        NULL),
                                      "share", G_PARAM_READWRITE);

  gimp_procedure_add_boolean_argument (procedure, "create-channels",
                                       _ ("Create select_ion channels"),
                                       _ ("Also add one channel per segment, named like its "
                                          "layer: white where the segment is, black "
                                          "elsewhere, so that Channel to Selection selects "
                                          "the segment"),
                                       FALSE, G_PARAM_READWRITE);

  gimp_procedure_add_boolean_argument (procedure, "create-label-map",
                                       _ ("Create la_bel map"),
                                       _ ("Also add a hidden grey layer \"Segment labels\" at "
                                          "the bottom of the group, for scripts and other "
                                          "programs: each pixel's grey level is the number of "
                                          "its segment (level 1 for the first layer, 2 for "
                                          "the second… out of 255). Pixels in no segment are "
                                          "transparent"),
                                       FALSE, G_PARAM_READWRITE);

  gimp_procedure_add_boolean_argument (procedure, "create-palette",
                                       _ ("Create p_alette"),
                                       _ ("Also create a palette named after the image, "
                                          "\"<image name> K-Means\", with each segment's "
                                          "colour, named like its layer. An existing palette "
                                          "is never changed: when the name is taken, GIMP adds "
                                          "\" #1\", \" #2\"…"),
                                       FALSE, G_PARAM_READWRITE);

  gimp_procedure_add_int_argument (procedure, "restarts",
                                   _ ("N_umber of restarts"),
                                   _ ("Find the segments this many times, each time from "
                                      "another start, and keep the try whose colours match "
                                      "the pixels best; more tries give steadier results "
                                      "and take longer"),
                                   1, 20, 1, G_PARAM_READWRITE);

  gimp_procedure_add_double_argument (procedure, "alpha-threshold",
                                      _ ("Alpha threshol_d"),
                                      _ ("Pixels whose opacity is at or below this (0: fully "
                                         "transparent, 1: opaque) belong to no segment; the "
                                         "others count the more the more opaque they are. The "
                                         "layers keep each pixel's own transparency"),
                                      0.0, 1.0, 0.0, G_PARAM_READWRITE);

  gimp_procedure_add_int_argument (procedure, "min-region",
                                   _ ("Minimum region si_ze"),
                                   _ ("Removes specks: every patch of one segment smaller "
                                      "than this many pixels joins the patch beside it "
                                      "whose colour is closest. 0 or 1: off. A patch alone "
                                      "among transparent or unselected pixels stays"),
                                   0, G_MAXINT, 0, G_PARAM_READWRITE);

  gimp_procedure_add_choice_argument (procedure, "connectivity",
                                      _ ("Connecti_vity"),
                                      _ ("When two pixels count as touching, for the minimum "
                                         "region size"),
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
                                   _ ("Smooths the segments, 0 (off) to 10: a pixel joins "
                                      "its neighbours' segment where their colours are "
                                      "close, so noise in a flat area disappears, while "
                                      "real edges stay where they are"),
                                   0, KM_MAX_SMOOTHING, 0, G_PARAM_READWRITE);

  gimp_procedure_add_boolean_argument (procedure, "create-paths",
                                       _ ("Cr_eate paths"),
                                       _ ("Also add one path per segment, named like its "
                                          "layer, that outlines its patches (holes included): "
                                          "stroke it, cut with it or export it as SVG"),
                                       FALSE, G_PARAM_READWRITE);

  gimp_procedure_add_choice_argument (procedure, "k-mode",
                                      _ ("_K mode"),
                                      _ ("How many segments to make"),
                                      gimp_choice_new_with_values (
                                        "fixed", SEGMENT_K_FIXED, _ ("Fixed"),
                                        _ ("Exactly the number of Segments above"),
                                        "tolerance", SEGMENT_K_TOLERANCE, _ ("Colour tolerance"),
                                        /* xgettext:no-c-format */
                                        _ ("As few segments as needed, from 2 up to the number "
                                           "of Segments, so that 95 % of the pixels are within "
                                           "the tolerance of their segment's colour"),
                                        NULL),
                                      "fixed", G_PARAM_READWRITE);

  gimp_procedure_add_double_argument (procedure, "tolerance",
                                      _ ("_Tolerance"),
                                      /* xgettext:no-c-format */
                                      _ ("With K mode Colour tolerance: how far the colour of "
                                         "95 % of the pixels may be from their segment's "
                                         "colour (in ΔE, whatever the color space): 2 is "
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
                                        "none", SEGMENT_PALETTE_NONE, _ ("No palette"),
                                        _ ("The palette is not used: the filter finds every "
                                           "colour itself"),
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
                                      "none", G_PARAM_READWRITE);
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
  /* The dialog's palette chooser always holds a palette: the mode says
   * whether it is used. */
  if (options->palette_mode == SEGMENT_PALETTE_NONE)
    options->palette = NULL;
  /* A palette sets the segments: their order, and their number. */
  if (options->palette)
    {
      options->sort_by = SEGMENT_SORT_PALETTE;
      options->k_mode  = SEGMENT_K_FIXED;
    }
  segment_palette_entries_read (options);
}
