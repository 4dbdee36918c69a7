/* segment-paths.c — one path per segment, tracing its regions' outlines.
 *
 * An outline runs along the edges between a segment's pixels and the
 * others, from pixel corner to pixel corner, with the segment on its right
 * (outer outlines clockwise on screen, holes anticlockwise).  Each boundary
 * edge lies on exactly one outline, so a walk that starts at every edge
 * not yet walked finds them all, each once: the cost is one look at every
 * pixel per segment and a few steps per boundary edge.  Where only two
 * diagonal pixels of the segment meet at a corner, the walk turns so as to
 * keep them apart (4-connected regions) or to join them (8-connected).
 * Only the corners where an outline turns become anchors; each outline is
 * one stroke, and each stroke one call to GIMP, about 0.4 ms: a 128 × 128
 * checkerboard of one-pixel regions (16 384 outlines) took 6 s more than
 * the same run without paths (GIMP 3.0.4, a busy 2-core machine).  GIMP's
 * own Selection to Path took 30 s for one segment of it (8 192 regions),
 * 3.7 ms a region, which is why the outlines are traced here. */

#include <string.h>

#include <libgimp/gimp.h>

#include <glib/gi18n.h>

#include "segment-paths.h"
#include "segment-progress.h"

/* Directions on screen (y grows downwards), clockwise. */
enum
{
  EAST,
  SOUTH,
  WEST,
  NORTH
};

static const gint step_x[4] = { 1, 0, -1, 0 };
static const gint step_y[4] = { 0, 1, 0, -1 };

typedef struct
{
  const guint8 *ranks; /* each pixel's segment position, or KM_LABEL_NONE */
  gint          width;
  gint          height;
  guint8        rank; /* the segment traced */
  gboolean      join_diagonals;
  guint8       *walked_h;   /* the edge above pixel (x, y), (width) × (height + 1) */
  guint8       *walked_v;   /* the edge left of pixel (x, y), (width + 1) × height */
  GArray       *anchors;    /* the outline being walked, as control points */
  gsize         n_outlines; /* walked so far */
  gsize         n_anchors;
} Outline;

static gboolean
inside (const Outline *outline,
        gint           x,
        gint           y)
{
  return x >= 0 && y >= 0 && x < outline->width && y < outline->height &&
         outline->ranks[(gsize) y * outline->width + x] == outline->rank;
}

/* The flag of the edge that leaves corner (x, y) in direction d. */
static guint8 *
walked (Outline *outline,
        gint     x,
        gint     y,
        gint     d)
{
  switch (d)
    {
    case EAST: return &outline->walked_h[(gsize) y * outline->width + x];
    case WEST: return &outline->walked_h[(gsize) y * outline->width + x - 1];
    case SOUTH: return &outline->walked_v[(gsize) y * (outline->width + 1) + x];
    default: return &outline->walked_v[(gsize) (y - 1) * (outline->width + 1) + x];
    }
}

/* Where the outline goes on from corner (x, y), arriving in direction d:
 * the pixels ahead of the corner on the right and on the left decide. */
static gint
next_direction (const Outline *outline,
                gint           x,
                gint           y,
                gint           d)
{
  /* The pixel ahead on the right and on the left of the corner, for each
   * direction: its offset from the corner's south-east pixel (x, y). */
  static const gint right_dx[4] = { 0, -1, -1, 0 }, right_dy[4] = { 0, 0, -1, -1 };
  static const gint left_dx[4] = { 0, 0, -1, -1 }, left_dy[4] = { -1, 0, 0, -1 };
  gboolean          ahead_right = inside (outline, x + right_dx[d], y + right_dy[d]);
  gboolean          ahead_left  = inside (outline, x + left_dx[d], y + left_dy[d]);

  if (ahead_right && ahead_left)
    return (d + 3) % 4;
  if (ahead_right)
    return d;
  if (ahead_left && outline->join_diagonals)
    return (d + 3) % 4;
  return (d + 1) % 4;
}

static void
add_anchor (Outline *outline,
            gdouble  x,
            gdouble  y)
{
  /* A straight line: both handles on the anchor. */
  for (gint i = 0; i < 3; i++)
    {
      g_array_append_val (outline->anchors, x);
      g_array_append_val (outline->anchors, y);
    }
}

/* Walks the outline that starts at corner (x, y) in direction d and adds
 * it to path, offset by (origin_x, origin_y); without a path, only counts
 * it and its anchors. */
static void
walk (Outline  *outline,
      GimpPath *path,
      gint      x,
      gint      y,
      gint      d,
      gdouble   origin_x,
      gdouble   origin_y)
{
  gint     start_x = x, start_y = y, start_d = d;
  gboolean closed = FALSE;

  g_array_set_size (outline->anchors, 0);
  add_anchor (outline, origin_x + x, origin_y + y);
  while (! closed)
    {
      gint turn;

      *walked (outline, x, y, d) = TRUE;
      x += step_x[d];
      y += step_y[d];
      turn   = next_direction (outline, x, y, d);
      closed = x == start_x && y == start_y && turn == start_d;
      /* The start is an anchor only where the outline turns. */
      if (closed && d == start_d)
        g_array_remove_range (outline->anchors, 0, 6);
      else if (! closed && turn != d)
        add_anchor (outline, origin_x + x, origin_y + y);
      d = turn;
    }

  outline->n_outlines++;
  outline->n_anchors += outline->anchors->len / 6;
  if (path)
    gimp_path_stroke_new_from_points (path, GIMP_PATH_STROKE_TYPE_BEZIER,
                                      outline->anchors->len,
                                      (const gdouble *) (gpointer) outline->anchors->data,
                                      TRUE);
}

static void
trace_segment (Outline  *outline,
               GimpPath *path,
               gdouble   origin_x,
               gdouble   origin_y)
{
  gint width = outline->width;

  memset (outline->walked_h, 0, (gsize) width * (outline->height + 1));
  memset (outline->walked_v, 0, (gsize) (width + 1) * outline->height);

  /* Every outline has a horizontal edge: the top edge of a pixel of the
   * segment (walked eastwards) or the bottom edge of one (westwards). */
  for (gint y = 0; y <= outline->height; y++)
    for (gint x = 0; x < width; x++)
      {
        gboolean below = inside (outline, x, y);
        gboolean above = inside (outline, x, y - 1);

        if (below == above || outline->walked_h[(gsize) y * width + x])
          continue;
        if (below)
          walk (outline, path, x, y, EAST, origin_x, origin_y);
        else
          walk (outline, path, x + 1, y, WEST, origin_x, origin_y);
      }
}

/* Walks every outline of every segment, into paths[rank] when paths is
 * not NULL; returns the outlines and anchors found. */
static void
trace_segments (Outline            *outline,
                const SegmentOrder *order,
                GimpPath          **paths,
                gdouble             origin_x,
                gdouble             origin_y)
{
  outline->n_outlines = 0;
  outline->n_anchors  = 0;
  for (gint rank = 0; rank < order->n_segments; rank++)
    {
      outline->rank = (guint8) rank;
      trace_segment (outline, paths ? paths[rank] : NULL, origin_x, origin_y);
      if (paths)
        segment_progress_update ((rank + 1.0) / order->n_segments);
    }
}

GimpPath **
segment_paths_trace (GimpImage          *image,
                     GimpDrawable       *drawable,
                     const SegmentOrder *order,
                     gint                connectivity)
{
  const GeglRectangle *area  = &order->area;
  GimpPath           **paths = NULL;
  guint8              *ranks = g_new (guint8, (gsize) area->width * area->height);
  Outline              outline;
  gint                 offset_x, offset_y;

  gimp_drawable_get_offsets (drawable, &offset_x, &offset_y);
  segment_order_ranks (order, area, ranks);

  outline.ranks          = ranks;
  outline.width          = area->width;
  outline.height         = area->height;
  outline.join_diagonals = connectivity == 8;
  outline.walked_h       = g_new (guint8, (gsize) area->width * (area->height + 1));
  outline.walked_v       = g_new (guint8, (gsize) (area->width + 1) * area->height);
  outline.anchors        = g_array_new (FALSE, FALSE, sizeof (gdouble));

  /* Counting is quick (no call to GIMP); making the strokes is not. */
  trace_segments (&outline, order, NULL, 0.0, 0.0);
  if (outline.n_outlines > SEGMENT_PATHS_MAX_OUTLINES ||
      outline.n_anchors > SEGMENT_PATHS_MAX_ANCHORS)
    {
      g_message (_ ("No paths were made: the segments have %zu outlines with %zu "
                    "corners, more than a path takes in reasonable time (at most "
                    "%d outlines and %d corners, about 20 s). Raise min-region or "
                    "smoothing to merge the small regions."),
                 outline.n_outlines, outline.n_anchors,
                 SEGMENT_PATHS_MAX_OUTLINES, SEGMENT_PATHS_MAX_ANCHORS);
    }
  else
    {
      paths = g_new0 (GimpPath *, order->n_segments + 1);
      for (gint rank = 0; rank < order->n_segments; rank++)
        paths[rank] = gimp_path_new (image, order->segments[rank].name);
      trace_segments (&outline, order, paths, offset_x + area->x, offset_y + area->y);
    }

  g_array_free (outline.anchors, TRUE);
  g_free (outline.walked_v);
  g_free (outline.walked_h);
  g_free (ranks);

  return paths;
}
