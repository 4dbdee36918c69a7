# preview-fill.py SCREENSHOT X Y WIDTH HEIGHT IMAGE BORDERS — checks that
# the dialog's preview (the WIDTH × HEIGHT area at X,Y of the screenshot)
# shows what fill "original" and "mask" make: the layer's own pixels (the
# first layer of IMAGE, reduced to the preview's size) with BORDERS pixels
# (the count the preview reported) drawn black or white between segments.
# Prints how far the other pixels are from the reduced layer, on average,
# in 8-bit levels, and fails when that is more than MOST_DIFFERENCE or
# when fewer than BORDERS pixels are black or white.  Run by
# tools/screenshot, also on the fill "mean" picture, which must fail the
# first test: the check tells the two apart.
import subprocess
import sys

import numpy as np

MOST_DIFFERENCE = 6.0


def pixels(*arguments, width, height):
    raw = subprocess.run(["magick", *arguments, "-alpha", "off", "-depth", "8", "rgb:-"],
                         check=True, capture_output=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(height, width, 3).astype(np.int32)


shot, x, y, width, height, image, borders = sys.argv[1:8]
x, y, width, height, borders = int(x), int(y), int(width), int(height), int(borders)
shown = pixels(shot, "-crop", f"{width}x{height}+{x}+{y}", "+repage", width=width, height=height)
# GIMP reduces a layer by averaging boxes of pixels; a box filter comes close.
layer = pixels(f"{image}[0]", "-filter", "Box", "-resize", f"{width}x{height}!",
               width=width, height=height)
black_or_white = np.all(shown == 0, axis=2) | np.all(shown == 255, axis=2)
difference = np.abs(shown - layer)[~black_or_white].mean()
print(f"{difference:.2f} {int(black_or_white.sum())}")
if difference > MOST_DIFFERENCE:
    sys.exit(f"preview-fill: the preview is {difference:.1f} levels from the layer's pixels on "
             f"average (at most {MOST_DIFFERENCE} for the original pixels)")
if black_or_white.sum() < borders:
    sys.exit(f"preview-fill: {int(black_or_white.sum())} black or white pixels, fewer than "
             f"the {borders} border pixels drawn")
