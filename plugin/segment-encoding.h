/* segment-encoding.h — the numbers in GIMP's pixel formats, read and
 * written by the plug-in's own arithmetic.
 *
 * babl picks its conversion paths by timing, in every process anew, and
 * paths differ in their last bits (babl 0.1.128 turns u8 into float
 * through u16 for some values, one unit in the last place low).  Whatever
 * decides the segments, their names or the bytes written is computed here
 * instead, the same way every time. */

#ifndef SEGMENT_ENCODING_H
#define SEGMENT_ENCODING_H

#include <libgimp/gimp.h>

/* The type of every component of a GIMP format. */
typedef enum
{
  SEGMENT_TYPE_U8,
  SEGMENT_TYPE_U16,
  SEGMENT_TYPE_U32,
  SEGMENT_TYPE_HALF,
  SEGMENT_TYPE_FLOAT,
  SEGMENT_TYPE_DOUBLE
} SegmentType;

/* How the colour components encode light. */
typedef enum
{
  SEGMENT_CURVE_LINEAR,    /* "RGB", "Y": linear light */
  SEGMENT_CURVE_SPACE,     /* "R'G'B'", "Y'": the space's own tone curves */
  SEGMENT_CURVE_PERCEPTUAL /* "R~G~B~", "Y~": the sRGB curve in any space */
} SegmentCurve;

/* A GIMP format: grey or RGB, with or without alpha, of one type. */
typedef struct
{
  SegmentType  type;
  gint         n_colours; /* 1 (grey) or 3 (RGB) */
  gboolean     has_alpha; /* the last component */
  gint         n_components;
  gint         bytes; /* per component */
  SegmentCurve curve;
  const Babl  *space;
} SegmentEncoding;

/* The encoding of a format of GIMP's (the formats of drawables, their
 * thumbnails, channels and masks). */
void segment_encoding_of (SegmentEncoding *encoding,
                          const Babl      *format);

/* The type of a format's components. */
SegmentType segment_type_of (const Babl *format);

/* The number at value: integers as a fraction of their largest value. */
gdouble segment_number_get (SegmentType   type,
                            const guint8 *value);

/* Stores number at value: integers clamped to 0…1 and rounded to the
 * nearest (NaN stores 0), half rounded to the nearest even. */
void segment_number_set (SegmentType type,
                         gdouble     number,
                         guint8     *value);

/* n numbers of type, one every stride bytes, as floats, one every
 * number_stride floats. */
void segment_numbers_to_floats (SegmentType   type,
                                const guint8 *values,
                                gint          stride,
                                gsize         n,
                                gfloat       *numbers,
                                gint          number_stride);

/* n floats stored as numbers of type, one every stride bytes. */
void segment_numbers_set (SegmentType   type,
                          const gfloat *numbers,
                          gsize         n,
                          guint8       *values,
                          gint          stride);

#endif /* SEGMENT_ENCODING_H */
