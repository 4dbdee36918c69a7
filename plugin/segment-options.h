/* segment-options.h — the procedure's arguments: declared once, read once. */

#ifndef SEGMENT_OPTIONS_H
#define SEGMENT_OPTIONS_H

#include <libgimp/gimp.h>

#define SEGMENT_MIN_SEGMENTS 2
#define SEGMENT_MAX_SEGMENTS 64

typedef enum
{
  SEGMENT_SPACE_LAB,
  SEGMENT_SPACE_RGB,
  SEGMENT_SPACE_OKLAB,
  SEGMENT_SPACE_LINEAR_RGB
} SegmentColorSpace;

typedef enum
{
  SEGMENT_FILL_ORIGINAL,
  SEGMENT_FILL_MEAN,
  SEGMENT_FILL_MASK
} SegmentFill;

typedef enum
{
  SEGMENT_SORT_SHARE,
  SEGMENT_SORT_LIGHTNESS,
  SEGMENT_SORT_HUE,
  SEGMENT_SORT_PALETTE /* segment n is the palette's entry n */
} SegmentSort;

typedef enum
{
  SEGMENT_PALETTE_NONE,   /* the palette is not used */
  SEGMENT_PALETTE_SEED,   /* k-means starts from the entries */
  SEGMENT_PALETTE_LOCK,   /* the segments are the entries */
  SEGMENT_PALETTE_PARTIAL /* entries named "!…" stay, the others move */
} SegmentPaletteMode;

typedef enum
{
  SEGMENT_K_FIXED,
  SEGMENT_K_TOLERANCE,
  SEGMENT_K_CURVE /* not a choice of k-mode: the dialog's curve plot, K
                   * from 2 to n_segments, the segments unused */
} SegmentKMode;

/* The tolerance of k-mode tolerance, in CIE ΔE. */
#define SEGMENT_MIN_TOLERANCE     0.5
#define SEGMENT_MAX_TOLERANCE     50.0
#define SEGMENT_DEFAULT_TOLERANCE 8.0

typedef struct
{
  gint               n_segments;
  gint               max_iterations;
  gint               seed;
  gint               restarts;
  gdouble            alpha_threshold;
  SegmentColorSpace  color_space;
  SegmentFill        fill;
  SegmentSort        sort_by;
  gboolean           create_channels;
  gboolean           create_label_map;
  gboolean           create_palette;
  gint               min_region;   /* pixels; 0 or 1: off */
  gint               connectivity; /* 4 or 8 */
  gint               smoothing;    /* 0 (off) to KM_MAX_SMOOTHING */
  gboolean           create_paths;
  SegmentKMode       k_mode;    /* tolerance: n_segments is the most */
  gdouble            tolerance; /* ΔE */
  GimpPalette       *palette;   /* NULL: none; the config's, not a reference */
  SegmentPaletteMode palette_mode;
  /* The palette's entries, read on the main thread (the preview clusters
   * in a thread of its own, which must not call GIMP): their number, and
   * the first SEGMENT_MAX_SEGMENTS as RGBA float (linear sRGB, unbounded)
   * and whether each stays fixed. */
  gint               palette_size;
  gfloat             palette_colours[SEGMENT_MAX_SEGMENTS][4];
  gboolean           palette_fixed[SEGMENT_MAX_SEGMENTS];
} SegmentOptions;

/* Declares every argument of plug-in-kmeans-segment on the procedure. */
void segment_options_declare (GimpProcedure *procedure);

/* Reads the arguments from the config. */
void segment_options_from_config (SegmentOptions      *options,
                                  GimpProcedureConfig *config);

#endif /* SEGMENT_OPTIONS_H */
