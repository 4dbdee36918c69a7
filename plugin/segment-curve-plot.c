/* segment-curve-plot.c — the dialog's plot of the colour error against
 * the number of segments K.
 *
 * The curve is the core's automatic-K curve (kmeans.h) on the dialog's
 * sample of the layer (segment-sample.h, the preview's data), asked for
 * alone (SEGMENT_K_CURVE: growth to the end, no settled or fixed-K run
 * after it), so that it runs from K = 2 to the plot's range: n-segments, and at least PLOT_MIN_RANGE so that a click on a
 * small K leaves room to click a larger one again.  It is computed once
 * the config's notifications have settled (in an idle callback), only when
 * an argument that changes the clustering changed, in a worker thread
 * (segment-worker.c) while the previous curve stays; the tolerance and
 * the K mode only move the marks.  Drawn with cairo: the curve, the tolerance
 * as a dashed line, and the K a run would make (n-segments in k-mode
 * fixed, the first K within the tolerance in k-mode tolerance) as a
 * vertical line. */

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include <glib/gi18n.h>

#include "segment-auto-k.h"
#include "segment-palette-entries.h"
#include "segment-curve-plot.h"
#include "segment-sample.h"
#include "segment-worker.h"

#define PLOT_MIN_RANGE 16
#define PLOT_WIDTH     260
#define PLOT_HEIGHT    130

/* Room around the plotting area, in pixels, for the axes' labels. */
#define MARGIN_LEFT   40
#define MARGIN_RIGHT  10
#define MARGIN_TOP    10
#define MARGIN_BOTTOM 24

typedef struct
{
  GimpProcedureConfig *config;
  GimpDrawable        *drawable;
  GtkWidget           *area;
  SegmentWorker       *worker;  /* NULL once the plot is destroyed */
  SegmentOptions       options; /* those the curve was made with */
  gdouble             *curve;   /* ΔE for K = 2, 3, ... */
  gsize                n_curve;
  gboolean             made;
  guint                idle;
  /* For the timings in the debug log: when the latest change came, when
   * its curve's clustering started, how long its sample took to read,
   * and whether the curve made since then is still to be drawn. */
  gint64               changed_at;
  gint64               started_at;
  gdouble              sample_ms;
  gboolean             to_draw;
} SegmentCurvePlot;

static void
plot_free (SegmentCurvePlot *plot)
{
  if (plot->idle)
    g_source_remove (plot->idle);
  g_free (plot->curve);
  g_free (plot);
}

/* The dialog closes: no computation outlives it. */
static void
plot_destroyed (SegmentCurvePlot *plot)
{
  g_clear_pointer (&plot->worker, segment_worker_free);
}

/* Whether two sets of options give the same curve. */
static gboolean
same_curve (const SegmentOptions *first,
            const SegmentOptions *second)
{
  return MAX (first->n_segments, PLOT_MIN_RANGE) == MAX (second->n_segments, PLOT_MIN_RANGE) &&
         first->max_iterations == second->max_iterations &&
         first->seed == second->seed && segment_palette_entries_same (first, second) &&
         first->alpha_threshold == second->alpha_threshold &&
         first->color_space == second->color_space;
}

/* On the main loop: the latest curve's clustering is done. */
static void
curve_done (KmResult              *result,
            const SegmentFeatures *sample,
            const SegmentOptions  *asked,
            gpointer               data)
{
  SegmentCurvePlot *plot = data;

  g_clear_pointer (&plot->curve, g_free);
  plot->n_curve = 0;
  plot->options = *asked;
  plot->made    = TRUE;
  plot->to_draw = TRUE;
  if (result)
    plot->curve = segment_auto_k_curve (result, sample, &plot->n_curve);
  g_debug ("preview: curve plot of the %d×%d sample, K = 2 to %" G_GSIZE_FORMAT
           " made: sample read in %.1f ms, clustered in %.1f ms",
           sample->area.width, sample->area.height, plot->n_curve + 1, plot->sample_ms,
           (g_get_monotonic_time () - plot->started_at) / 1000.0);
  km_result_free (result);
  gtk_widget_queue_draw (plot->area);
}

/* Starts the curve's clustering, unless the one in flight makes it. */
static void
make_curve (SegmentCurvePlot     *plot,
            const SegmentOptions *options)
{
  const SegmentOptions *running = segment_worker_running (plot->worker);
  SegmentOptions        asked   = *options;
  SegmentFeatures       sample;

  if (running && same_curve (running, options))
    return;
  plot->started_at = g_get_monotonic_time ();
  if (options->palette || ! segment_sample_read (&sample, plot->drawable, options))
    {
      g_clear_pointer (&plot->curve, g_free);
      plot->n_curve = 0;
      plot->options = *options;
      plot->made    = TRUE;
      return;
    }

  asked.k_mode     = SEGMENT_K_CURVE;
  asked.n_segments = MAX (options->n_segments, PLOT_MIN_RANGE);
  plot->sample_ms  = (g_get_monotonic_time () - plot->started_at) / 1000.0;
  plot->started_at = g_get_monotonic_time ();
  segment_worker_start (plot->worker, &sample, &asked);
}

/* The K a run with these options would make, as far as the curve tells. */
static gint
marked_k (const SegmentCurvePlot *plot,
          const SegmentOptions   *options)
{
  if (options->k_mode == SEGMENT_K_FIXED)
    return options->n_segments;

  for (gsize i = 0; i < plot->n_curve && (gint) i + 2 <= options->n_segments; i++)
    if (plot->curve[i] <= options->tolerance)
      return (gint) i + 2;
  return options->n_segments;
}

static gboolean
update_in_idle (gpointer data)
{
  SegmentCurvePlot *plot = data;
  SegmentOptions    options;

  plot->idle = 0;
  if (! plot->worker)
    return G_SOURCE_REMOVE;
  segment_options_from_config (&options, plot->config);
  if (! plot->made || ! same_curve (&plot->options, &options))
    make_curve (plot, &options);
  else
    segment_worker_cancel (plot->worker); /* back to the curve shown */
  gtk_widget_queue_draw (plot->area);
  return G_SOURCE_REMOVE;
}

static void
config_changed (GtkWidget *area)
{
  SegmentCurvePlot *plot = g_object_get_data (G_OBJECT (area), "segment-curve-plot");

  if (! plot->idle)
    {
      plot->changed_at = g_get_monotonic_time ();
      plot->idle       = g_idle_add (update_in_idle, plot);
    }
}

/* The plotting area's corner and size. */
static void
plot_box (GtkWidget *widget,
          gdouble   *x,
          gdouble   *y,
          gdouble   *width,
          gdouble   *height)
{
  *x      = MARGIN_LEFT;
  *y      = MARGIN_TOP;
  *width  = MAX (gtk_widget_get_allocated_width (widget) - MARGIN_LEFT - MARGIN_RIGHT, 1);
  *height = MAX (gtk_widget_get_allocated_height (widget) - MARGIN_TOP - MARGIN_BOTTOM, 1);
}

/* x of K on the plot: K = 2 on the left edge, the range's last K on the
 * right. */
static gdouble
x_of_k (const SegmentCurvePlot *plot,
        gdouble                 left,
        gdouble                 width,
        gdouble                 k)
{
  return left + width * (k - 2.0) / MAX ((gdouble) plot->n_curve - 1.0, 1.0);
}

static void
show_text (cairo_t     *cr,
           gdouble      x,
           gdouble      y,
           gdouble      align,
           const gchar *text)
{
  cairo_text_extents_t extents;

  cairo_text_extents (cr, text, &extents);
  cairo_move_to (cr, x - align * extents.width, y);
  cairo_show_text (cr, text);
}

/* Where the axes are, so that a test can click a K in a screenshot. */
static void
log_axes (GtkWidget *widget,
          gdouble    left,
          gdouble    top,
          gdouble    width,
          gdouble    height,
          gint       last_k)
{
  gint x, y;

  gtk_widget_translate_coordinates (widget, gtk_widget_get_toplevel (widget), (gint) left,
                                    (gint) top, &x, &y);
  g_debug ("preview: curve plot shown at %d,%d %d×%d for K = 2 to %d", x, y, (gint) width,
           (gint) height, last_k);
}

static gboolean
draw_plot (GtkWidget        *widget,
           cairo_t          *cr,
           SegmentCurvePlot *plot)
{
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  SegmentOptions   options;
  GdkRGBA          ink;
  gdouble          left, top, width, height, top_error, y_tolerance;
  gint             k;
  gchar           *text;

  gtk_style_context_get_color (style, gtk_style_context_get_state (style), &ink);
  gdk_cairo_set_source_rgba (cr, &ink);
  cairo_set_font_size (cr, 10.0);
  cairo_set_line_width (cr, 1.0);
  plot_box (widget, &left, &top, &width, &height);

  if (plot->n_curve < 2)
    {
      show_text (cr, left + width / 2, top + height / 2, 0.5,
                 ! plot->made            ? _ ("Measuring…")
                 : plot->options.palette ? _ ("No curve: the palette sets the segments")
                                         : _ ("No curve: too few colours"));
      return TRUE;
    }

  segment_options_from_config (&options, plot->config);
  top_error = MAX (plot->curve[0], options.tolerance) * 1.05;
  log_axes (widget, left, top, width, height, (gint) plot->n_curve + 1);
  if (plot->to_draw)
    {
      plot->to_draw = FALSE;
      g_debug ("preview: curve plot drawn %.1f ms after the change",
               (g_get_monotonic_time () - plot->changed_at) / 1000.0);
    }

  /* The axes, K below and ΔE on the left. */
  cairo_move_to (cr, left, top);
  cairo_line_to (cr, left, top + height);
  cairo_line_to (cr, left + width, top + height);
  cairo_stroke (cr);
  for (gsize i = 0; i < plot->n_curve; i += plot->n_curve > 16 ? 4 : 2)
    {
      text = g_strdup_printf ("%" G_GSIZE_FORMAT, i + 2);
      show_text (cr, x_of_k (plot, left, width, i + 2), top + height + 12, 0.5, text);
      g_free (text);
    }
  show_text (cr, left + width, top + height + 22, 1.0, "K");
  text = g_strdup_printf ("%.0f", top_error);
  show_text (cr, left - 4, top + 8, 1.0, text);
  g_free (text);
  show_text (cr, left - 4, top + height, 1.0, "0");
  show_text (cr, left - 4, top + height / 2 + 4, 1.0, "ΔE");

  /* The curve. */
  for (gsize i = 0; i < plot->n_curve; i++)
    {
      gdouble x = x_of_k (plot, left, width, i + 2);
      gdouble y = top + height * (1.0 - plot->curve[i] / top_error);

      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  cairo_set_line_width (cr, 2.0);
  cairo_stroke (cr);
  cairo_set_line_width (cr, 1.0);

  /* The tolerance. */
  y_tolerance = top + height * (1.0 - options.tolerance / top_error);
  cairo_set_dash (cr, (const gdouble[]) { 4.0, 3.0 }, 2, 0.0);
  cairo_move_to (cr, left, y_tolerance);
  cairo_line_to (cr, left + width, y_tolerance);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0.0);

  /* The K a run would make. */
  k = marked_k (plot, &options);
  if (k - 2 < (gint) plot->n_curve)
    {
      gdouble x = x_of_k (plot, left, width, k);

      cairo_set_source_rgba (cr, 0.85, 0.25, 0.1, 1.0);
      cairo_move_to (cr, x, top);
      cairo_line_to (cr, x, top + height);
      cairo_stroke (cr);
      cairo_arc (cr, x, top + height * (1.0 - plot->curve[k - 2] / top_error), 3.5, 0.0,
                 2 * G_PI);
      cairo_fill (cr);
      text = g_strdup_printf ("K = %d", k);
      show_text (cr, x + 4, top + 10, x > left + width * 0.75 ? 1.2 : 0.0, text);
      g_free (text);
    }

  return TRUE;
}

/* A click on a K: make exactly that many segments. */
static gboolean
plot_clicked (GtkWidget        *widget,
              GdkEventButton   *event,
              SegmentCurvePlot *plot)
{
  gdouble left, top, width, height;
  gint    k;

  if (event->button != 1 || plot->n_curve < 2)
    return FALSE;

  plot_box (widget, &left, &top, &width, &height);
  k = 2 + (gint) (0.5 + (event->x - left) / width * ((gdouble) plot->n_curve - 1.0));
  k = CLAMP (k, 2, (gint) plot->n_curve + 1);
  g_object_set (plot->config, "k-mode", "fixed", "n-segments", k, NULL);
  return TRUE;
}

GtkWidget *
segment_curve_plot_new (GimpProcedureConfig *config,
                        GimpDrawable        *drawable)
{
  SegmentCurvePlot *plot = g_new0 (SegmentCurvePlot, 1);

  plot->config   = config;
  plot->drawable = drawable;
  plot->area     = gtk_drawing_area_new ();
  plot->worker   = segment_worker_new (curve_done, plot);
  gtk_widget_set_size_request (plot->area, PLOT_WIDTH, PLOT_HEIGHT);
  gtk_widget_add_events (plot->area, GDK_BUTTON_PRESS_MASK);
  gtk_widget_set_tooltip_text (plot->area,
                               /* xgettext:no-c-format */
                               _ ("The colour error (ΔE that 95 % of the pixels are within) "
                                  "for each number of segments K, on the preview's sample; "
                                  "the dashed line is the tolerance. Click a K to make "
                                  "exactly that many segments"));
  g_object_set_data_full (G_OBJECT (plot->area), "segment-curve-plot", plot,
                          (GDestroyNotify) plot_free);

  g_signal_connect (plot->area, "draw", G_CALLBACK (draw_plot), plot);
  g_signal_connect_swapped (plot->area, "destroy", G_CALLBACK (plot_destroyed), plot);
  g_signal_connect (plot->area, "button-press-event", G_CALLBACK (plot_clicked), plot);
  /* The config outlives the dialog: the connection ends with the plot. */
  g_signal_connect_object (config, "notify", G_CALLBACK (config_changed), plot->area,
                           G_CONNECT_SWAPPED);
  config_changed (plot->area);

  return plot->area;
}
