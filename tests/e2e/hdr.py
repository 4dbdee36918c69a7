# Float images hold what 8-bit ones cannot: colours brighter than white,
# values far beyond 1, NaN.  Pixels whose values are not finite or lie
# beyond 1e18 belong to no segment in every colour space, and a message
# counts them; a segment brighter than white is named by its values (not
# "#ffffff" like every other), and segment-colors returns them as they are;
# images of integer precision get colours from 0 to 1 exactly.
import math
import re

import numpy as np
from gi.repository import Gimp

from kms import check, expect_calling_error, new_image, read_pixels, returned, say, write_pixels

# expect-message: 100 pixels of "huge" (not finite numbers, or too large to measure: a value beyond 1e18, or one that overflows in the colour space) belong to no segment, like transparent pixels.
# expect-message: 3 pixels of "nan" (not finite numbers
# expect-message: 1 pixel of "one" (not finite numbers, or too large to measure: a value beyond 1e18, or one that overflows in the colour space) belongs to no segment

SPACES = ["lab", "rgb", "oklab", "linear-rgb"]


def colours_of(values):
    flat = values["segment-colors"]
    return [tuple(flat[i:i + 3]) for i in range(0, len(flat), 3)]


def layers_of(values):
    return [layer for layer in values["group"].get_children() if layer != values["label-map"]]


def owners(values, height, width):
    return sum((read_pixels(layer)[..., 3] > 0).astype(int) for layer in layers_of(values))


# Values beyond 1e18 (and, in Oklab, 3e38, whose cube root is small enough
# to be clustered and whose mean colour used to overflow to infinity).
for precision, big in (("float", 1e19), ("float-linear", 1e19), ("float-linear", 3e38),
                       ("double", 1e30)):
    for space in SPACES:
        image, source = new_image(20, 10, precision=precision)
        source.set_name("huge")
        pixels = np.ones((10, 20, 4), np.float32)
        pixels[:, :10, :3] = (0.8, 0.2, 0.1)
        pixels[:, 10:, :3] = big
        pixels[:5, :5, :3] = (0.1, 0.2, 0.7)
        write_pixels(source, pixels)
        values = returned(image, source, n_segments=2, color_space=space)
        check(all(math.isfinite(v) for v in values["segment-colors"]),
              f"{precision}, {big:g}, {space}: segment colours {values['segment-colors']}")
        expected = np.zeros((10, 20), int)
        expected[:, :10] = 1
        check(np.array_equal(owners(values, 10, 20), expected),
              f"{precision}, {big:g}, {space}: the pixels of {big:g} are in a segment")
        image.delete()
    say(f"{precision}, pixels of {big:g}: in no segment in every colour space, finite colours")

image, source = new_image(20, 10, precision="float")
source.set_name("one")
pixels = np.full((10, 20, 4), 0.5, np.float32)
pixels[..., 3] = 1.0
pixels[:, 10:, 0] = 0.9
pixels[3, 3, :3] = 2e18
write_pixels(source, pixels)
returned(image, source, n_segments=2)
image.delete()

# NaN: the same message.
image, source = new_image(20, 10, precision="half")
source.set_name("nan")
pixels = np.full((10, 20, 4), 0.5, np.float32)
pixels[..., 3] = 1.0
pixels[:, 10:, 0] = 0.9
pixels[0, 0, 0] = pixels[1, 1, 1] = pixels[2, 2, 2] = np.nan
write_pixels(source, pixels)
returned(image, source, n_segments=2)
image.delete()
say("a message counts the pixels left out (1 beyond 1e18; 3 NaN; 100 above)")

# Every pixel beyond 1e18: nothing to segment.
image, source = new_image(8, 8, precision="float-linear")
write_pixels(source, np.full((8, 8, 4), 1e20, np.float32), "RGBA float")
expect_calling_error(image, [source], "nothing to segment", "beyond 1e18", n_segments=2)
say("every pixel beyond 1e18: calling error \"nothing to segment … beyond 1e18\"")
image.delete()

# Brighter than white: named by the values, which segment-colors returns
# as they are; the segment layers hold them (fill=mean too).
image, source = new_image(20, 10, precision="float-linear")
pixels = np.ones((10, 20, 4), np.float32)
pixels[:, :10, :3] = 3.0
pixels[:, 10:, :3] = 8.0
write_pixels(source, pixels, "RGBA float")
values = returned(image, source, n_segments=2, color_space="linear-rgb", fill="mean")
names = [layer.get_name() for layer in layers_of(values)]
check(len(set(name.split(" · ")[1] for name in names)) == 2,
      f"two segments brighter than white share a colour name: {names}")
for name, colour in zip(names, colours_of(values)):
    shown = [float(v) for v in re.match(r"^Segment \d · R'G'B' (\S+) (\S+) (\S+) · ", name).groups()]
    check(min(colour) > 1.5 and np.allclose(shown, colour, rtol=1e-3),
          f"{name!r} does not show its colour {colour}")
means = [read_pixels(layer, "RGBA float")[..., :3][read_pixels(layer)[..., 3] > 0]
         for layer in layers_of(values)]
check(sorted(round(float(m.mean()), 3) for m in means) == [3.0, 8.0],
      "fill=mean does not hold the colours 3 and 8")
say(f"brighter than white: {names[0]!r}, {names[1]!r}; segment-colors the same values")
image.delete()

# Integer precisions: colours from 0 to 1 exactly, whatever the colour
# space's round trip gives (CIE L*a*b* of black came back as -8.5e-10).
for precision in ("u8", "u16", "u8-linear"):
    for space in SPACES:
        image, source = new_image(30, 10, precision=precision)
        pixels = np.ones((10, 30, 4), np.float32)
        for index, colour in enumerate([(0, 0, 0), (1, 1, 1), (1, 0, 0), (0, 1, 0), (0, 0, 1),
                                        (0, 1, 1)]):
            pixels[:, 5 * index:5 * index + 5, :3] = colour
        write_pixels(source, pixels)
        values = returned(image, source, n_segments=6, color_space=space)
        flat = values["segment-colors"]
        check(min(flat) >= 0.0 and max(flat) <= 1.0,
              f"{precision}, {space}: colours from {min(flat)} to {max(flat)}")
        check(all(re.search(r" · #[0-9a-f]{6} · ", layer.get_name()) for layer in layers_of(values)),
              f"{precision}, {space}: a name without #rrggbb")
        image.delete()
say("integer precisions: black, white and primaries give colours from 0 to 1 exactly, named #rrggbb")
