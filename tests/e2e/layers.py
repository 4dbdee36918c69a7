# The segment layers: coverage, partition, fill, names, order, source intact,
# determinism.  Runs inside headless GIMP.
import numpy as np
from gi.repository import Gimp

from kms import (NAME_PATTERN, alpha_of, base_name, check, quadrants, read_pixels, read_raw,
                 require_partition, say, segment, new_image, write_pixels)

COLOURS = [(0.9, 0.1, 0.1), (0.1, 0.8, 0.2), (0.15, 0.2, 0.9), (0.95, 0.9, 0.2)]
WIDTH, HEIGHT = 64, 48

image, source = new_image(WIDTH, HEIGHT)
pixels, truth = quadrants(WIDTH, HEIGHT, COLOURS, noise=0.03)
write_pixels(source, pixels)
_, source_before = read_raw(source)

group, layers = segment(image, source, n_segments=4, seed=3)
check(len(layers) == 4, f"expected 4 segment layers, got {len(layers)}")
check(group.get_name() == "K-Means Segments", f"group named {group.get_name()!r}")
check(image.get_layers()[0] == group and image.get_layers()[1] == source,
      "the group is not directly above the source layer")

alphas = alpha_of(layers)
# Each layer covers exactly one quadrant, and each quadrant one layer.
covered = set()
for index, alpha in enumerate(alphas):
    opaque = alpha > 0
    quadrant_ids = np.unique(truth[opaque])
    check(len(quadrant_ids) == 1, f"layer {index + 1} spans quadrants {quadrant_ids}")
    check(np.array_equal(opaque, truth == quadrant_ids[0]),
          f"layer {index + 1} does not cover its quadrant exactly")
    covered.add(int(quadrant_ids[0]))
check(covered == {0, 1, 2, 3}, f"quadrants covered: {covered}")
say("4 noisy quadrants give 4 layers covering them exactly")

require_partition(layers, np.ones((HEIGHT, WIDTH), bool), "an opaque source")
check(np.all((alphas == 0) | (alphas == 1)), "an opaque source gave partial alpha")
say("the layers partition the image")

# fill=original: every layer holds the source's own bytes where it is opaque.
for layer, alpha in zip(layers, alphas):
    _, raw = read_raw(layer)
    opaque = alpha > 0
    check(np.array_equal(raw[opaque], source_before[opaque]),
          f"{layer.get_name()} does not hold the source pixels")
    check(not raw[~opaque].any(), f"{layer.get_name()} is not transparent outside its segment")
    check(layer.get_offsets()[1:] == source.get_offsets()[1:], "offsets differ from the source")
    check((layer.get_width(), layer.get_height()) == (WIDTH, HEIGHT), "size differs from the source")
say("original fill holds the source pixels bit for bit")

# Names and order.
shares = []
for rank, layer in enumerate(layers, start=1):
    match = NAME_PATTERN.match(layer.get_name())
    check(match is not None, f"layer name {layer.get_name()!r} does not follow the rule")
    check(int(match.group(1)) == rank, f"layer {rank} is numbered {match.group(1)}")
    share = float(match.group(3))
    opaque = alpha_of([layer])[0] > 0
    count = int(opaque.sum())
    check(abs(share - 100.0 * count / (WIDTH * HEIGHT)) < 0.051,
          f"{layer.get_name()}: share {share} but covers {count} pixels")
    mean = read_pixels(source, "R'G'B' float", 3)[opaque].mean(axis=0)
    hex_rgb = np.array([int(match.group(2)[i:i + 2], 16) for i in (1, 3, 5)])
    check(np.all(np.abs(hex_rgb - mean * 255) <= 3),
          f"{layer.get_name()}: colour is not the segment mean {mean * 255}")
    shares.append(share)
check(shares == sorted(shares, reverse=True), f"layers not sorted by share: {shares}")
say("names give number, mean colour and share; largest share first")

_, source_after = read_raw(source)
check(np.array_equal(source_before, source_after), "the source layer changed")
say("the source layer is unchanged")

# fill=mean: each layer is one flat colour over its segment, same coverage.
_, mean_layers = segment(image, source, n_segments=4, seed=3, fill="mean")
for layer, alpha in zip(mean_layers, alphas):
    _, raw = read_raw(layer)
    opaque = alpha_of([layer])[0] > 0
    check(np.array_equal(opaque, alpha > 0), "mean fill covers other pixels than original fill")
    colours = np.unique(raw[opaque], axis=0)
    check(len(colours) == 1, f"{layer.get_name()} holds {len(colours)} colours")
say("mean fill makes each layer one flat colour")

# The same seed gives identical layers.
_, again = segment(image, source, n_segments=4, seed=3)
for first, second in zip(layers, again):
    check(base_name(first) == base_name(second), "same seed, different names")
    check(np.array_equal(read_raw(first)[1], read_raw(second)[1]), "same seed, different pixels")
say("the same seed gives identical layers")

# Each call adds its own group; nothing else is added.
check(len(image.get_layers()) == 4, f"expected 3 groups + source, got {len(image.get_layers())}")
image.delete()

# Fully transparent pixels belong to no segment and stay transparent.
image, source = new_image(WIDTH, HEIGHT)
pixels[:, :8, 3] = 0.0
write_pixels(source, pixels)
_, layers = segment(image, source, n_segments=4)
alphas = alpha_of(layers)
check(not alphas[:, :, :8].any(), "a transparent pixel was put in a segment")
visible = np.ones((HEIGHT, WIDTH), bool)
visible[:, :8] = False
require_partition(layers, visible, "transparent columns")
say("fully transparent pixels stay out of every segment")
image.delete()
