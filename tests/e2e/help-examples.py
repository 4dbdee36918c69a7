# The manual's Python-Fu recipes, run as written: batch a folder
# (help/en/examples/batch-folder.py) and colour separations for screen
# printing (help/en/examples/separations.py), then their output checked.
import glob
import os
import sys
import tempfile

from gi.repository import Gimp, Gio

from kms import check, new_image, read_pixels, say, write_pixels

import numpy as np

here = os.path.dirname(os.path.abspath(sys.argv[0]))
examples = os.path.join(here, "..", "..", "help", "en", "examples")
work = tempfile.mkdtemp()

# Four flat colours in quadrants, with a little noise: the artwork.
QUADRANT_COLOURS = [(0.8, 0.1, 0.1), (0.1, 0.6, 0.2), (0.1, 0.2, 0.8), (0.95, 0.85, 0.1)]


def make_artwork(path, width, height, seed, specks=False):
    """Four flat quadrants with a little noise; with specks, a 2×2 speck of
    the next quadrant's colour inside each quadrant."""
    image, layer = new_image(width, height, alpha=False)
    noise = np.random.default_rng(seed).normal(0.0, 0.01, (height, width, 3))
    pixels = np.zeros((height, width, 3), np.float32)
    for index, colour in enumerate(QUADRANT_COLOURS):
        y, x = divmod(index, 2)
        pixels[y * height // 2:(y + 1) * height // 2, x * width // 2:(x + 1) * width // 2] = colour
        if specks:
            top, left = y * height // 2 + 5, x * width // 2 + 6
            pixels[top:top + 2, left:left + 2] = QUADRANT_COLOURS[(index + 1) % 4]
    write_pixels(layer, np.clip(pixels + noise, 0, 1), "R'G'B' float")
    Gimp.file_save(Gimp.RunMode.NONINTERACTIVE, image, Gio.File.new_for_path(path), None)
    image.delete()


def run_example(name, *arguments):
    script = os.path.join(examples, name)
    saved = sys.argv
    sys.argv = [script, *arguments]
    namespace = {"__name__": "__main__"}
    exec(compile(open(script).read(), script, "exec"), namespace)
    sys.argv = saved


# Batch a folder: every image becomes an XCF with its segment layers.
in_folder, out_folder = os.path.join(work, "in"), os.path.join(work, "out")
os.makedirs(in_folder)
make_artwork(os.path.join(in_folder, "first.png"), 40, 30, 1)
make_artwork(os.path.join(in_folder, "second.png"), 24, 24, 2)
run_example("batch-folder.py", in_folder, out_folder, "4")
saved = sorted(os.path.basename(p) for p in glob.glob(os.path.join(out_folder, "*.xcf")))
check(saved == ["first.xcf", "second.xcf"], f"batch-folder.py wrote {saved}")
for name in saved:
    image = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(os.path.join(out_folder, name)))
    group = image.get_layers()[0]
    check(group.is_group() and len(group.get_children()) == 4,
          f"{name}: expected a group of 4 segment layers")
    image.delete()
say("batch-folder.py segments every image of a folder into an XCF")

# Separations: one film per ink, black exactly where that ink prints; the
# specks (4 pixels) go into the ink around them (min-region 16, the
# recipe's default).
art = os.path.join(work, "art.png")
make_artwork(art, 40, 30, 3, specks=True)
films_folder = os.path.join(work, "films")
run_example("separations.py", art, "4", films_folder)
films = sorted(glob.glob(os.path.join(films_folder, "ink-*.png")))
check(len(films) == 4, f"separations.py wrote {films}")
coverage = np.zeros((30, 40))
for path in films:
    image = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(path))
    grey = read_pixels(image.get_layers()[0], "Y' float", 1)[..., 0]
    image.delete()
    check(np.all((grey < 0.01) | (grey > 0.99)), f"{path}: a film holds only black and white")
    ink = grey < 0.5
    quadrants = [ink[:15, :20], ink[:15, 20:], ink[15:, :20], ink[15:, 20:]]
    check(sorted(q.mean() for q in quadrants) == [0, 0, 0, 1],
          f"{path}: the ink does not cover exactly one quadrant")
    coverage += ink
check(np.all(coverage == 1), "every pixel prints with exactly one ink")
say("separations.py writes one black-on-white film per ink, covering each pixel once, "
    "its specks merged")
