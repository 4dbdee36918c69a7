# preview-colours.py SCREENSHOT WIDTH HEIGHT MOST — finds the dialog's
# preview in a screenshot by what it shows: a WIDTH × HEIGHT area of at
# most MOST colours (the segments' mean colours; the picture itself has
# thousands) without the dialog's background, its most frequent colour.
# Prints "COLOURS X Y" for such an area of fewest colours (an area one
# pixel off takes in the colour around the preview), or nothing when there
# is none.  Run by tools/screenshot.
import subprocess
import sys

import numpy as np

path, width, height, most = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
size = subprocess.run(["magick", "identify", "-format", "%w %h", path], check=True,
                      capture_output=True, text=True).stdout.split()
shot_width, shot_height = int(size[0]), int(size[1])
raw = subprocess.run(["magick", path, "-depth", "8", "rgb:-"], check=True,
                     capture_output=True).stdout
rgb = np.frombuffer(raw, np.uint8).reshape(shot_height, shot_width, 3).astype(np.int32)
colour = (rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2]
n_x, n_y = shot_width - width + 1, shot_height - height + 1
if n_x <= 0 or n_y <= 0:
    sys.exit(0)


def window_sums(mask):
    """The number of true pixels in every WIDTH × HEIGHT window."""
    table = np.zeros((shot_height + 1, shot_width + 1), np.int64)
    table[1:, 1:] = mask.cumsum(0).cumsum(1)
    return (table[height:, width:] - table[:n_y, width:]
            - table[height:, :n_x] + table[:n_y, :n_x])


# The candidates: windows without a pixel of the dialog's background,
# which surrounds the preview (a handful at most; counted exactly, since a
# segment may show only a few pixels in the preview's view).
values, counts = np.unique(colour, return_counts=True)
background = values[np.argmax(counts)]
candidates = window_sums(colour == background) == 0

found = None
for y, x in zip(*np.nonzero(candidates)):
    n = len(np.unique(colour[y:y + height, x:x + width]))
    if n <= most and (found is None or n < found[0]):
        found = (n, x, y)
if found:
    print(*found)
