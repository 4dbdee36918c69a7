# min-region, connectivity and smoothing: the segments are cleaned into
# regions (connected sets of pixels of one segment) and every output
# describes the cleaned labels.  Shapes of flat colours 30 levels apart with
# Gaussian noise of sigma 8/255 per channel give hundreds of regions plainly,
# one per shape cleaned; n-regions is recounted from the label map, read in
# its own format.  Runs inside headless GIMP.
# expect-message: Made 1 segment, not 4: 3 segments had no region of 12289 pixels or more.
# expect-message: Made 2 segments, not 4: 2 segments had no region of 1000000 pixels or more.
from collections import deque

import numpy as np
from gi.repository import Gimp

from kms import (base_name, check, fractions, new_image, read_numbers, read_raw, returned, run, say,
                 write_pixels)

WIDTH, HEIGHT = 128, 96
SIGMA = 8 / 255
# Each 30 levels from the others in at least one channel.
COLOURS = [(110, 110, 110), (140, 110, 110), (110, 140, 110), (110, 110, 140)]


def shapes(width=WIDTH, height=HEIGHT, sigma=SIGMA, seed=7):
    """RGBA float pixels of four shapes (the cells of a Voronoi diagram, of
    similar areas, so that k-means finds one cluster a colour) and the shape
    of each pixel."""
    y, x = np.mgrid[0:height, 0:width]
    sites = [(0.25, 0.3), (0.8, 0.2), (0.3, 0.8), (0.75, 0.75)]
    distances = [(x - sx * width) ** 2 + (y - sy * height) ** 2 for sx, sy in sites]
    truth = np.argmin(np.stack(distances), axis=0).astype(np.int32)
    pixels = np.ones((height, width, 4), np.float32)
    pixels[..., :3] = np.array(COLOURS, np.float32)[truth] / 255
    rng = np.random.default_rng(seed)
    pixels[..., :3] += rng.normal(0, sigma, (height, width, 3)).astype(np.float32)
    np.clip(pixels, 0, 1, out=pixels)
    return pixels, truth


def label_map_segments(label_map):
    """Each pixel's segment (0 = segment 1) from the label map read in its own
    format, -1 where transparent (no segment)."""
    numbers = fractions(read_numbers(label_map))
    segments = np.rint(numbers[..., 0] * 255).astype(np.int32) - 1
    segments[numbers[..., -1] == 0] = -1
    return segments


def regions_of(labels, connectivity):
    """Connected regions of equal labels (-1 belongs to none): a region index
    per pixel (-1 for none), and each region's size and whether it touches
    another region."""
    height, width = labels.shape
    steps = [(0, 1), (1, 0), (0, -1), (-1, 0)]
    if connectivity == 8:
        steps += [(1, 1), (1, -1), (-1, 1), (-1, -1)]
    region = np.full(labels.shape, -1, np.int64)
    sizes, touches = [], []
    for start_y in range(height):
        for start_x in range(width):
            if labels[start_y, start_x] < 0 or region[start_y, start_x] >= 0:
                continue
            index, label = len(sizes), labels[start_y, start_x]
            region[start_y, start_x] = index
            queue, size, touching = deque([(start_y, start_x)]), 0, False
            while queue:
                py, px = queue.popleft()
                size += 1
                for dy, dx in steps:
                    ny, nx = py + dy, px + dx
                    if 0 <= ny < height and 0 <= nx < width and labels[ny, nx] >= 0:
                        if labels[ny, nx] != label:
                            touching = True
                        elif region[ny, nx] < 0:
                            region[ny, nx] = index
                            queue.append((ny, nx))
            sizes.append(size)
            touches.append(touching)
    return region, np.array(sizes), np.array(touches)


def shape_share(segments, truth):
    """The share of the shapes' pixels labelled as their shape, each shape
    being the segment that holds most of it (one segment a shape)."""
    owner = [np.bincount(segments[truth == s][segments[truth == s] >= 0]).argmax()
             for s in range(truth.max() + 1)]
    check(len(set(owner)) == len(owner), f"two shapes share a segment: {owner}")
    return np.mean(np.array(owner)[truth] == segments)


def check_result(label, image, layer, values, connectivity=4, min_region=0):
    """The outputs describe one labelling: n-regions, the pixel counts and
    the layers agree with the label map; each visible pixel is in exactly
    one layer; no region under min_region is left unless it touches no
    other.  Returns the label map's segments."""
    segments = label_map_segments(values["label-map"])
    region, sizes, touches = regions_of(segments, connectivity)
    check(values["n-regions"] == len(sizes),
          f"{label}: n-regions {values['n-regions']}, the label map holds {len(sizes)}")
    counts = np.bincount(segments[segments >= 0], minlength=values["n-segments-made"])
    check(list(counts) == values["segment-pixel-counts"],
          f"{label}: pixel counts {values['segment-pixel-counts']}, label map {list(counts)}")
    check(np.all(counts > 0), f"{label}: a segment without pixels was made: {list(counts)}")
    small = (sizes < min_region) & touches
    check(not small.any(), f"{label}: regions of {sorted(sizes[small])} pixels remain "
          f"beside others, under min-region {min_region}")
    layers = [child for child in values["group"].get_children() if child != values["label-map"]]
    check(len(layers) == values["n-segments-made"], f"{label}: {len(layers)} layers")
    visible = fractions(read_numbers(layer))[..., -1] > 0
    owners = np.zeros(segments.shape, int)
    for index, segment_layer in enumerate(layers):
        _, raw = read_raw(segment_layer)
        covered = raw.any(axis=-1)
        check(np.array_equal(covered, segments == index),
              f"{label}: {segment_layer.get_name()} does not hold exactly its label map pixels")
        share = float(base_name(segment_layer).split(" · ")[2].rstrip(" %"))
        check(abs(share - 100 * counts[index] / counts.sum()) <= 0.05,
              f"{label}: {segment_layer.get_name()} share is not its pixels' share")
        owners += covered
    check(np.array_equal(owners, visible.astype(int)),
          f"{label}: visible pixels are not each in exactly one segment")
    return segments


def shapes_image(precision="u8", **shape_arguments):
    image, layer = new_image(WIDTH, HEIGHT, precision=precision)
    pixels, truth = shapes(**shape_arguments)
    write_pixels(layer, pixels)
    return image, layer, truth


# Plain k-means on noisy shapes: hundreds of regions; min-region 16 or
# smoothing 3 (either connectivity): one region per shape, its pixels
# labelled as the shape.  Smoothing runs in R'G'B', where this noise is
# the same in every direction: in L*a*b* (the default) smoothing 3 leaves
# 6 regions here, two of them crumbs that min-region then merges.
CLEANUPS = ({"min_region": 16}, {"min_region": 16, "connectivity": "8"},
            {"min_region": 16, "color_space": "rgb"},
            {"smoothing": 3, "color_space": "rgb"},
            {"smoothing": 3, "connectivity": "8", "color_space": "rgb"},
            {"smoothing": 3, "min_region": 16})
image, layer, truth = shapes_image()
for color_space in ("lab", "rgb"):
    values = returned(image, layer, n_segments=4, create_label_map=True,
                      color_space=color_space)
    segments = check_result(f"plain {color_space}", image, layer, values)
    check(values["n-regions"] >= 100,
          f"plain k-means in {color_space} gave only {values['n-regions']} regions")
    say(f"plain k-means in {color_space}: {values['n-regions']} regions, "
        f"{100 * shape_share(segments, truth):.2f} % of pixels as their shape")
for arguments in CLEANUPS:
    values = returned(image, layer, n_segments=4, create_label_map=True, **arguments)
    connectivity = int(arguments.get("connectivity", "4"))
    segments = check_result(f"{arguments}", image, layer, values, connectivity,
                            arguments.get("min_region", 0))
    share = shape_share(segments, truth)
    check(values["n-regions"] == 4, f"{arguments}: {values['n-regions']} regions, not 4")
    check(share >= 0.99, f"{arguments}: only {100 * share:.2f} % of pixels as their shape")
    say(f"{arguments}: {values['n-regions']} regions, {100 * share:.2f} % of pixels as "
        f"their shape")

# A middle min-region leaves no region under it that touches another, in
# both connectivities, and the outputs still agree.
for connectivity in ("4", "8"):
    values = returned(image, layer, n_segments=6, create_label_map=True, min_region=40,
                      connectivity=connectivity)
    check_result(f"min-region 40, connectivity {connectivity}", image, layer, values,
                 int(connectivity), 40)
    say(f"min-region 40, {connectivity}-connected, 6 segments: {values['n-regions']} regions, "
        f"none under 40 pixels")
image.delete()

# min-region 1 (and 0) is the plain result, byte for byte, and so are its
# return values.
image, layer, truth = shapes_image()


def everything(**arguments):
    values = returned(image, layer, n_segments=5, create_label_map=True, fill="mean",
                      **arguments)
    items = [(base_name(child), read_raw(child)[1].tobytes())
             for child in values["group"].get_children()]
    return (items, values["n-segments-made"], values["segment-colors"],
            values["segment-pixel-counts"], values["n-regions"])


plain = everything()
check(everything(min_region=1) == plain, "min-region 1 changed the result")
check(everything(min_region=1, connectivity="8")[:4] == plain[:4],
      "min-region 1 with 8-connectivity changed the segments")
say("min-region 1 gives the plain result exactly (layers, names, colours, counts, n-regions)")

# A min-region larger than the layer: one region is left per connected part
# of the visible pixels, and the message says why segments are missing.
values = returned(image, layer, n_segments=4, create_label_map=True,
                  min_region=WIDTH * HEIGHT + 1)
check_result("min-region above the layer", image, layer, values)
check(values["n-segments-made"] == 1 and values["n-regions"] == 1,
      f"min-region above the layer: {values['n-segments-made']} segments, "
      f"{values['n-regions']} regions")
image.delete()

# … and with a transparent stripe cutting the layer in two, one region each.
image, layer = new_image(WIDTH, HEIGHT)
pixels, truth = shapes()
pixels[:, WIDTH // 2 - 2:WIDTH // 2 + 2, 3] = 0
write_pixels(layer, pixels)
values = returned(image, layer, n_segments=4, create_label_map=True, min_region=10 ** 9)
check_result("min-region 1e9, two parts", image, layer, values)
check(values["n-regions"] == 2, f"two visible parts gave {values['n-regions']} regions")
say("min-region above the layer leaves one region per connected part (1, and 2 across "
    "a transparent stripe)")
image.delete()

# Images one pixel wide or high.
for width, height in ((1, 80), (80, 1)):
    image, layer = new_image(width, height)
    rng = np.random.default_rng(3)
    pixels = np.ones((height, width, 4), np.float32)
    pixels[..., :3] = rng.uniform(0, 1, (height, width, 3))
    write_pixels(layer, pixels)
    values = returned(image, layer, n_segments=4, create_label_map=True, min_region=8)
    check_result(f"{width}×{height}", image, layer, values, 4, 8)
    check(values["n-regions"] <= 10, f"{width}×{height}: {values['n-regions']} regions")
    values = returned(image, layer, n_segments=4, create_label_map=True, smoothing=10,
                      connectivity="8")
    check_result(f"{width}×{height} smoothing 10", image, layer, values, 8)
    say(f"a {width}×{height} image: min-region 8 leaves runs of 8 pixels or more; "
        f"smoothing 10 runs")
    image.delete()

# A selection of two islands: each island is a region of its own (it has no
# neighbour to join), whatever min-region; pixels outside are in none.
image, layer, truth = shapes_image()
image.select_rectangle(Gimp.ChannelOps.REPLACE, 4, 4, 30, 30)
image.select_rectangle(Gimp.ChannelOps.ADD, 80, 50, 40, 40)
values = returned(image, layer, n_segments=4, create_label_map=True, min_region=10 ** 6)
segments = label_map_segments(values["label-map"])
_, sizes, touches = regions_of(segments, 4)
check(values["n-regions"] == 2 and sorted(sizes) == [900, 1600],
      f"two islands: {values['n-regions']} regions of {sorted(sizes)} pixels")
check(values["segment-pixel-counts"] and sum(values["segment-pixel-counts"]) == 2500,
      f"two islands: {values['segment-pixel-counts']}")
say("a selection of two islands and min-region 1e6: one region per island")
image.delete()

# An alpha hole with a speck inside it: the speck has no neighbour and stays.
image, layer = new_image(WIDTH, HEIGHT)
pixels, truth = shapes()
pixels[40:60, 50:70, 3] = 0
pixels[49:51, 59:61] = (0.9, 0.9, 0.1, 1.0)
write_pixels(layer, pixels)
values = returned(image, layer, n_segments=5, create_label_map=True, min_region=16,
                  color_space="rgb")
segments = check_result("a speck in an alpha hole", image, layer, values, 4, 16)
region, sizes, touches = regions_of(segments, 4)
check(sizes[region[49, 59]] == 4 and not touches[region[49, 59]],
      "the speck alone in the hole was merged or grew")
say("a 2×2 speck inside a transparent hole stays with min-region 16 (no neighbour)")
image.delete()

# Every precision: the same shapes are cleaned the same way.
for precision in ("u16", "float", "u8-linear", "half"):
    image, layer, truth = shapes_image(precision)
    for arguments in ({"min_region": 16}, {"smoothing": 3, "color_space": "rgb"}):
        values = returned(image, layer, n_segments=4, create_label_map=True, **arguments)
        segments = check_result(f"{precision} {arguments}", image, layer, values, 4,
                                arguments.get("min_region", 0))
        share = shape_share(segments, truth)
        check(values["n-regions"] == 4 and share >= 0.99,
              f"{precision} {arguments}: {values['n-regions']} regions, {100 * share:.2f} %")
    say(f"{precision}: min-region 16 and smoothing 3 each give 4 regions, ≥ 99 % as their shape")
    image.delete()

# Values out of range never reach the plug-in: the config refuses them and
# keeps the last value (Script-Fu's refusal: tests/e2e/errors-script-fu.scm).
procedure = Gimp.get_pdb().lookup_procedure("plug-in-kmeans-segment")
config = procedure.create_config()
for name, bad, kept in (("connectivity", "5", "4"), ("smoothing", 11, 0),
                        ("min-region", -1, 0)):
    config.set_property(name, bad)
    check(config.get_property(name) == kept,
          f"{name} {bad!r} was taken: {config.get_property(name)!r}")
say("connectivity 5, smoothing 11 and min-region -1 are refused by the config")
