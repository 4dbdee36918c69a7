# The same call gives the same bytes: for each colour space and for 8-bit,
# 16-bit and float images of random pixels with alpha, sys.argv[2] calls
# with the same seed in this GIMP process give segment layers (fill=mean,
# so the mean colours too), a label map, names and colours identical to the
# first call's, byte for byte in the layers' own format.  Each call is a new
# plug-in process, and babl chooses its conversion paths anew in each, by
# timing.  The results go to the file sys.argv[1], which
# tests/e2e/determinism compares with another GIMP process's.
import hashlib
import sys

import numpy as np
from gi.repository import Gegl

from kms import check, format_name, new_image, read_raw, returned, say

CALLS = int(sys.argv[2])
WIDTH, HEIGHT = 120, 80
PRECISIONS = {"u8": np.uint8, "u16-linear": np.uint16, "float": np.float32}
SPACES = ("lab", "rgb", "oklab", "linear-rgb")


def random_image(precision, seed):
    """Random RGBA pixels written in the layer's own format, so that no
    conversion (whose path babl picks) stands between them and the layer."""
    image, layer = new_image(WIDTH, HEIGHT, precision=precision)
    rng = np.random.default_rng(seed)
    kind = PRECISIONS[precision]
    if np.issubdtype(kind, np.integer):
        pixels = rng.integers(0, np.iinfo(kind).max, (HEIGHT, WIDTH, 4), kind, endpoint=True)
    else:
        pixels = rng.random((HEIGHT, WIDTH, 4), kind)
    buffer = layer.get_buffer()
    buffer.set(Gegl.Rectangle.new(0, 0, WIDTH, HEIGHT), format_name(layer.get_format()),
               pixels.tobytes())
    buffer.flush()
    return image, layer


def result(image, layer, space):
    """One call's output: every layer's name and bytes in its own format
    (the label map last), and the returned colours and counts."""
    values = returned(image, layer, n_segments=7, seed=11, color_space=space, fill="mean",
                      create_label_map=True)
    group = values["group"]
    layers = [(child.get_name(), read_raw(child)[1]) for child in group.get_children()]
    image.remove_layer(group)
    return layers, values["segment-colors"], values["segment-pixel-counts"]


def digest(layers, colours, counts):
    hashed = hashlib.sha256()
    for name, raw in layers:
        hashed.update(name.encode())
        hashed.update(raw.tobytes())
    hashed.update(np.array(colours, np.float64).tobytes())
    hashed.update(np.array(counts, np.int64).tobytes())
    return hashed.hexdigest()


lines = []
for index, precision in enumerate(PRECISIONS):
    image, layer = random_image(precision, seed=index)
    for space in SPACES:
        case = f"{precision} {space}"
        first = result(image, layer, space)
        for call in range(2, CALLS + 1):
            again = result(image, layer, space)
            labels = first[0][-1][1], again[0][-1][1]
            moved = int((labels[0] != labels[1]).any(axis=-1).sum())
            check(moved == 0, f"{case}: call {call} put {moved} of {WIDTH * HEIGHT} pixels "
                  "in another segment than call 1")
            names = [name for name, _ in first[0]], [name for name, _ in again[0]]
            check(names[0] == names[1], f"{case}: call {call} named the layers {names[1]}, "
                  f"call 1 {names[0]}")
            for (name, raw), (_, raw_again) in zip(first[0], again[0]):
                check(np.array_equal(raw, raw_again), f"{case}: call {call}: {name} differs")
            check(first[1:] == again[1:], f"{case}: call {call} returned other colours or "
                  f"counts: {again[1:]}, call 1 {first[1:]}")
        lines.append(f"{case}: {digest(*first)} {[name for name, _ in first[0]]}")
        say(f"{case}: {CALLS} calls with the same seed give identical bytes")
    image.delete()

with open(sys.argv[1], "w", encoding="utf-8") as dump:
    dump.write("\n".join(lines) + "\n")
