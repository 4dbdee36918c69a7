/* segment-curve-plot.h — the dialog's plot of the colour error against
 * the number of segments K. */

#ifndef SEGMENT_CURVE_PLOT_H
#define SEGMENT_CURVE_PLOT_H

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

/* A plot of the error curve (see k-mode tolerance) of the dialog's sample
 * of the drawable, redrawn when the config changes: the tolerance as a
 * line, the K a run would make marked; a click on a K sets k-mode fixed
 * and n-segments to it. */
GtkWidget *segment_curve_plot_new (GimpProcedureConfig *config,
                                   GimpDrawable        *drawable);

#endif /* SEGMENT_CURVE_PLOT_H */
