# k-mode tolerance: the fewest segments whose colours are within the
# tolerance (CIE ΔE) of 95 % of the pixels, on synthetic images of flat
# colours with noise, in each colour space; the k-curve-error return value;
# a flat layer; the tolerance's limits; the manual's batch example.
import contextlib
import io
import os
import sys
import tempfile

from gi.repository import Gimp, Gio

from kms import check, new_image, returned, say, write_pixels

import numpy as np

# The flat layer's usual message.
# expect-message: Made 1 segment, not 8: the layer has only 1 distinct colour.

# Six colours far apart (at least 40 ΔE), in the image's R'G'B'.
COLOURS = [(0.8, 0.1, 0.1), (0.1, 0.6, 0.2), (0.1, 0.2, 0.8), (0.95, 0.85, 0.1),
           (0.9, 0.9, 0.9), (0.15, 0.15, 0.15)]


def stripes(colours, width=120, rows=15, sigma=0.008, seed=1):
    """One horizontal stripe per colour, with Gaussian noise of sigma in
    each channel (0.008: about 2 levels of 255, ΔE 1 to 3)."""
    pixels = np.ones((rows * len(colours), width, 4), np.float32)
    for index, colour in enumerate(colours):
        pixels[index * rows:(index + 1) * rows, :, :3] = colour
    noise = np.random.default_rng(seed).normal(0.0, sigma, pixels[..., :3].shape)
    pixels[..., :3] = np.clip(pixels[..., :3] + noise, 0.0, 1.0)
    return pixels


def picture(pixels):
    image, layer = new_image(pixels.shape[1], pixels.shape[0])
    write_pixels(layer, pixels)
    return image, layer


def check_curve(curve, made, tolerance, label):
    check(len(curve) == made - 1, f"{label}: {len(curve)} errors for K = 2…{made}")
    check(all(a >= b for a, b in zip(curve, curve[1:])), f"{label}: the curve rises: {curve}")
    check(all(error > tolerance for error in curve[:-1]),
          f"{label}: a K before {made} was within {tolerance}: {curve}")


# N colours give N segments at the default tolerance, in every space.
for n in (2, 3, 6):
    for space in ("lab", "rgb", "oklab", "linear-rgb"):
        image, layer = picture(stripes(COLOURS[:n], seed=n))
        values = returned(image, layer, k_mode="tolerance", n_segments=12, color_space=space)
        label = f"{n} colours in {space}"
        made, curve = values["n-segments-made"], values["k-curve-error"]
        check(made == n, f"{label}: made {made} segments (curve {curve})")
        check(len(values["group"].get_children()) == n, f"{label}: not {n} layers")
        check_curve(curve, made, 8.0, label)
        check(curve[-1] <= 8.0, f"{label}: the last error {curve[-1]} is beyond 8")
        image.delete()
    say(f"{n} flat colours with noise make {n} segments at tolerance 8 in every colour space")

# k-mode fixed (the default) makes n-segments and no curve.
image, layer = picture(stripes(COLOURS[:3]))
values = returned(image, layer, n_segments=5)
check(values["n-segments-made"] == 5 and values["k-curve-error"] == [],
      f"fixed K: {values['n-segments-made']} segments, curve {values['k-curve-error']}")
image.delete()
say("k-mode fixed makes n-segments segments and returns no curve")

# A flat layer: one segment, the usual message, no curve.
image, layer = picture(stripes([(0.4, 0.5, 0.6)], sigma=0.0))
values = returned(image, layer, k_mode="tolerance")
check(values["n-segments-made"] == 1 and values["k-curve-error"] == [],
      f"flat: {values['n-segments-made']} segments, curve {values['k-curve-error']}")
image.delete()
say("a flat layer makes one segment and says why")

# The limits: noise is never within 0.5, so n-segments are made; at 50,
# three greys 50 ΔE apart (L* 0, 50, 100) take 2.
image, layer = picture(stripes(COLOURS[:3]))
values = returned(image, layer, k_mode="tolerance", tolerance=0.5, n_segments=7)
check(values["n-segments-made"] == 7, f"tolerance 0.5: {values['n-segments-made']} segments")
check_curve(values["k-curve-error"], 7, 0.5, "tolerance 0.5")
image.delete()
image, layer = picture(stripes([(0.0, 0.0, 0.0), (0.466, 0.466, 0.466), (1.0, 1.0, 1.0)],
                               sigma=0.0))
values = returned(image, layer, k_mode="tolerance", tolerance=50.0)
check(values["n-segments-made"] == 2, f"tolerance 50: {values['n-segments-made']} segments")
check(values["k-curve-error"][0] <= 50.0, f"tolerance 50: {values['k-curve-error']}")
image.delete()
say("tolerance 0.5 makes the most segments allowed, 50 merges colours 50 ΔE apart")

# The manual's batch example prints each image's K.
folder = tempfile.mkdtemp()
for n in (2, 4):
    image, _ = picture(stripes(COLOURS[:n], seed=10 + n))
    Gimp.file_save(Gimp.RunMode.NONINTERACTIVE, image,
                   Gio.File.new_for_path(os.path.join(folder, f"{n}-colours.png")), None)
    image.delete()
script = os.path.join(os.path.dirname(os.path.abspath(sys.argv[0])), "..", "..", "help", "en",
                      "examples", "auto-k-folder.py")
saved, sys.argv = sys.argv, [script, folder, "8"]
printed = io.StringIO()
with contextlib.redirect_stdout(printed):
    exec(compile(open(script).read(), script, "exec"), {"__name__": "__main__"})
sys.argv = saved
lines = printed.getvalue().splitlines()
check([line.split(" (")[0] for line in lines] == ["2-colours.png: K = 2", "4-colours.png: K = 4"],
      f"auto-k-folder.py printed {lines}")
say("auto-k-folder.py prints K = 2 and K = 4 for images of 2 and 4 colours")
