# precision_data.py — the pictures, selection and tolerances shared by the
# precision tests (precisions.py, precisions-outputs.py).
import numpy as np

from kms import format_name  # first: it pins the GObject library versions
from gi.repository import Babl, Gegl, Gimp  # noqa: E402

WIDTH, HEIGHT = 24, 16
RGB_COLOURS = [(0.9, 0.1, 0.1), (0.1, 0.8, 0.2), (0.15, 0.2, 0.9), (0.95, 0.9, 0.2)]
GREY_LEVELS = [0.1, 0.35, 0.6, 0.9]


def picture(grey, alpha):
    """Four flat quadrants; with alpha, an alpha ramp and a transparent
    first column.  Returns the R'G'B'A float pixels and each pixel's
    quadrant (-1 where transparent)."""
    pixels = np.ones((HEIGHT, WIDTH, 4), np.float32)
    truth = np.zeros((HEIGHT, WIDTH), np.int32)
    colours = [(g, g, g) for g in GREY_LEVELS] if grey else RGB_COLOURS
    for index, (rows, cols) in enumerate([(slice(0, 8), slice(0, 12)), (slice(0, 8), slice(12, 24)),
                                          (slice(8, 16), slice(0, 12)), (slice(8, 16), slice(12, 24))]):
        pixels[rows, cols, :3] = colours[index]
        truth[rows, cols] = index
    if alpha:
        pixels[..., 3] = np.linspace(0.3, 1.0, WIDTH)[None, :]
        pixels[:, 0, 3] = 0.0
        truth[:, 0] = -1
    return pixels, truth


def components(drawable, fmt):
    """The drawable's pixels in fmt, split into components of raw bytes:
    height × width × components × bytes per component."""
    buffer = drawable.get_buffer()
    rect = Gegl.Rectangle.new(0, 0, drawable.get_width(), drawable.get_height())
    data = np.frombuffer(buffer.get(rect, 1.0, format_name(fmt), Gegl.AbyssPolicy.NONE), np.uint8)
    n = Babl.format_get_n_components(fmt)
    return data.reshape(drawable.get_height(), drawable.get_width(), n, -1)


# Partial selection: columns 4-7 half selected, 8-19 fully, the rest not.
COVERAGE = np.zeros((HEIGHT, WIDTH), np.float32)
COVERAGE[:, 4:8] = 0.5
COVERAGE[:, 8:20] = 1.0
# The precision's own rounding of a half-covered alpha.
ALPHA_TOLERANCE = {"u8": 0.5 / 255, "u16": 0.5 / 65535, "half": 1e-3}




def select_coverage(image):
    """Makes the image's selection exactly COVERAGE."""
    image.select_rectangle(Gimp.ChannelOps.REPLACE, 0, 0, WIDTH, HEIGHT)
    selection = image.get_selection().get_buffer()
    selection.set(Gegl.Rectangle.new(0, 0, WIDTH, HEIGHT), "Y float", COVERAGE.tobytes())
    selection.flush()
