# create-paths: one path per segment, named like its layer, with one closed
# stroke along the pixels' edges for each outline of each region (holes
# included), in image coordinates; exported as SVG it holds the same
# outlines.  Segments of thousands of one-pixel regions stay within the
# stated bound (plugin/segment-paths.h): up to 50 000 outlines are traced,
# more give no paths and a message.  Runs inside headless GIMP.
# expect-message: No paths were made: the segments have 65536 outlines with 262144 corners
import os
import re
import tempfile
import time
import xml.etree.ElementTree as ElementTree

import numpy as np
from gi.repository import Gimp, Gio

from kms import base_name, check, new_image, returned, say, write_pixels

# 12 × 10 pixels of colour A, on a canvas of 16 × 14 at offset (3, 4); in
# colour B a square ring (outer 6 × 6 at (2, 2), hole 2 × 2 at (4, 4)) and
# a single pixel at (10, 1).
A, B = (0.9, 0.8, 0.2), (0.1, 0.2, 0.7)
OFFSET = (3, 4)
image, layer = new_image(12, 10)
image.resize(16, 14, 0, 0)
layer.set_offsets(*OFFSET)
pixels = np.ones((10, 12, 4), np.float32)
pixels[..., :3] = A
pixels[2:8, 2:8, :3] = B
pixels[4:6, 4:6, :3] = A
pixels[1, 10, :3] = B
write_pixels(layer, pixels)


def square(x, y, width, height):
    """The corners of a rectangle of pixels, in image coordinates."""
    x, y = x + OFFSET[0], y + OFFSET[1]
    return frozenset({(x, y), (x + width, y), (x + width, y + height), (x, y + height)})


def outlines(path):
    """Each stroke's anchors as a set of corners; every stroke is closed and
    straight (both handles on the anchor)."""
    found = []
    for stroke in path.get_strokes():
        kind, points, closed = path.stroke_get_points(stroke)
        check(closed, f"{path.get_name()}: stroke {stroke} is open")
        triples = np.array(points).reshape(-1, 3, 2)
        check(np.all(triples == triples[:, 1:2, :]), f"{path.get_name()}: a curved handle")
        found.append(frozenset(map(tuple, triples[:, 1].astype(int).tolist())))
    return found


for connectivity in ("4", "8"):
    values = returned(image, layer, n_segments=2, create_paths=True, connectivity=connectivity)
    layers = values["group"].get_children()
    paths = image.get_paths()[:2]
    check([base_name(p) for p in paths] == [base_name(layer) for layer in layers],
          f"paths {[p.get_name() for p in paths]} are not named like the layers")
    colour_a = 0 if values["segment-pixel-counts"][0] > values["segment-pixel-counts"][1] else 1
    ring, background = paths[1 - colour_a], paths[colour_a]
    expected_ring = {square(2, 2, 6, 6), square(4, 4, 2, 2), square(10, 1, 1, 1)}
    check(sorted(map(sorted, outlines(ring))) == sorted(map(sorted, expected_ring)),
          f"{connectivity}-connected: the ring's outlines are {outlines(ring)}")
    expected_background = {square(0, 0, 12, 10), square(2, 2, 6, 6), square(4, 4, 2, 2),
                           square(10, 1, 1, 1)}
    check(sorted(map(sorted, outlines(background))) == sorted(map(sorted, expected_background)),
          f"{connectivity}-connected: the background's outlines are {outlines(background)}")
    for path in paths:
        image.remove_path(path)
    image.remove_layer(values["group"])
say("create-paths: one path per segment named like its layer; a ring gives its outer "
    "outline and its hole, a lone pixel its square, in image coordinates")

# Exported as SVG (what a vinyl cutter takes), the ring's path holds the
# same three closed outlines.
values = returned(image, layer, n_segments=2, create_paths=True)
colour_a = 0 if values["segment-pixel-counts"][0] > values["segment-pixel-counts"][1] else 1
ring = image.get_paths()[1 - colour_a]
svg_path = os.path.join(tempfile.mkdtemp(), "ring.svg")
check(image.export_path_to_file(Gio.File.new_for_path(svg_path), ring), "the SVG export failed")
root = ElementTree.parse(svg_path).getroot()
data = " ".join(element.get("d") for element in root.iter() if element.tag.endswith("path"))
subpaths = [part for part in re.split(r"(?=M)", data) if part.strip()]
check(len(subpaths) == 3 and all(part.strip().endswith("Z") for part in subpaths),
      f"the SVG holds {len(subpaths)} subpaths: {data[:200]}")
corners = [frozenset(zip(*[iter(map(float, re.findall(r"-?\d+(?:\.\d+)?", part)))] * 2))
           for part in subpaths]
expected = {frozenset((float(x), float(y)) for x, y in outline)
            for outline in ({*square(2, 2, 6, 6)}, {*square(4, 4, 2, 2)}, {*square(10, 1, 1, 1)})}
check(set(corners) == expected, f"the SVG's outlines are {corners}")
say("the ring's path exported as SVG: 3 closed subpaths with its corners")
image.delete()



def checkerboard(size):
    image, layer = new_image(size, size)
    y, x = np.mgrid[0:size, 0:size]
    pixels = np.ones((size, size, 4), np.float32)
    pixels[..., :3] = np.where(((x + y) % 2 == 0)[..., None], A, B)
    write_pixels(layer, pixels)
    return image, layer


# The bound: a 1-pixel checkerboard of two colours, 128 × 128, is two
# segments of 8192 one-pixel regions each (4-connected): 16 384 strokes,
# one per region, each one call to GIMP.
SIZE = 128
image, layer = checkerboard(SIZE)
started = time.monotonic()
values = returned(image, layer, n_segments=2)
plain = time.monotonic() - started
started = time.monotonic()
values = returned(image, layer, n_segments=2, create_paths=True)
traced = time.monotonic() - started
strokes = [len(path.get_strokes()) for path in image.get_paths()[:2]]
check(strokes == [SIZE * SIZE // 2] * 2, f"checkerboard strokes {strokes}")
check(values["n-regions"] == SIZE * SIZE, f"checkerboard regions {values['n-regions']}")
say(f"a {SIZE}×{SIZE} one-pixel checkerboard: {sum(strokes)} strokes, the run took "
    f"{traced:.1f} s with paths, {plain:.1f} s without")
image.delete()

# 256 × 256: 65 536 outlines, more than the bound: the segments are made,
# no path, and the message says why.
image, layer = checkerboard(256)
values = returned(image, layer, n_segments=2, create_paths=True)
check(values["n-segments-made"] == 2 and len(image.get_paths()) == 0,
      f"over the bound: {values['n-segments-made']} segments, {len(image.get_paths())} paths")
say("a 256×256 one-pixel checkerboard (65 536 outlines, over 50 000): segments, no paths")
image.delete()
