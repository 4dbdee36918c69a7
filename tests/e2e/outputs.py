# The outputs a caller asks for: fill=mask, sort-by, channels, label map,
# palette, the return values, the colour spaces and restarts.  Runs inside
# headless GIMP.
import numpy as np
from gi.repository import Babl, Gegl, Gimp, Gio

from kms import (NAME_PATTERN, alpha_of, base_name, check, fractions, new_image, quadrants,
                 read_numbers, read_pixels, read_raw, returned, say, segment, write_pixels)

RED, GREY, BLUE, YELLOW = (0.9, 0.1, 0.1), (0.5, 0.5, 0.5), (0.15, 0.2, 0.9), (0.95, 0.9, 0.2)
COLOURS = [RED, GREY, BLUE, YELLOW]
WIDTH, HEIGHT = 64, 48


def covered_by(layer):
    """Where a segment layer is not transparent, from its own alpha."""
    return read_numbers(layer)[..., -1] > 0


def hex_of(colour):
    """"#rrggbb" as the filter names a colour: each of R', G', B' clamped to
    0…1, times 255, rounded half up."""
    return "#" + "".join(f"{int(min(max(c, 0.0), 1.0) * 255 + 0.5):02x}" for c in colour)


def quadrant_of(layer, truth):
    """The quadrant a segment layer covers; fails unless it is exactly one."""
    covered = covered_by(layer)
    ids = np.unique(truth[covered])
    check(len(ids) == 1 and np.array_equal(covered, truth == ids[0]),
          f"{layer.get_name()} does not cover exactly one quadrant ({ids})")
    return int(ids[0])


image, source = new_image(WIDTH, HEIGHT)
image.set_file(Gio.File.new_for_path("/nowhere/quads.xcf"))
pixels, truth = quadrants(WIDTH, HEIGHT, COLOURS, noise=0.03)
# The last 6 columns are transparent: they belong to no segment.
pixels[:, -6:, 3] = 0.0
truth[:, -6:] = -1
write_pixels(source, pixels)
_, source_raw = read_raw(source)
visible = truth >= 0

# Return values: the group and the count first, then colours and counts.
values = returned(image, source, n_segments=4, seed=5)
group, n_made = values["group"], values["n-segments-made"]
layers = list(group.get_children())
check(n_made == 4 and len(layers) == 4, f"{n_made} segments made, {len(layers)} layers")
colours = np.array(values["segment-colors"]).reshape(-1, 3)
counts = values["segment-pixel-counts"]
check(colours.shape == (4, 3) and len(counts) == 4, "one colour and one count per segment")
source_rgb = read_pixels(source, "R'G'B' float", 3)
for layer, colour, count in zip(layers, colours, counts):
    covered = covered_by(layer)
    check(count == covered.sum(), f"{layer.get_name()}: count {count}, covers {covered.sum()}")
    hex_name = NAME_PATTERN.match(layer.get_name()).group(2)
    check(hex_name == hex_of(colour),
          f"{layer.get_name()}: returned colour {colour} is not its name's")
    check(np.abs(colour - source_rgb[covered].mean(axis=0)).max() < 0.01,
          f"{layer.get_name()}: returned colour {colour} is not the segment's mean")
check(sum(counts) == visible.sum(), "the counts do not add up to the visible pixels")
check(values["label-map"] is None and values["channels"] == [] and values["palette"] is None,
      "label map, channels or palette made without being asked for")
say("return values: group, count, colours matching the names, pixel counts")

# fill=mask: every layer holds all the source pixels; its mask shows the segment.
_, masked = segment(image, source, n_segments=4, seed=5, fill="mask")
for layer, reference in zip(masked, layers):
    _, raw = read_raw(layer)
    check(np.array_equal(raw, source_raw), f"{layer.get_name()} does not hold the whole source")
    mask = layer.get_mask()
    check(mask is not None, f"{layer.get_name()} has no layer mask")
    mask_values = fractions(read_numbers(mask))[..., 0]
    covered = covered_by(reference)
    check(np.array_equal(mask_values, covered.astype(np.float64)),
          f"{layer.get_name()}: the mask is not 1 on its segment and 0 elsewhere")
    check(base_name(layer) == base_name(reference), "mask fill names differ from original fill")
say("fill=mask: source pixels in every layer, the mask shows the segment")

# sort-by: lightness (lightest first) and hue (red, yellow, blue; greys last).
for sort_by, expected in [("share", None), ("lightness", [YELLOW, GREY, RED, BLUE]),
                          ("hue", [RED, YELLOW, BLUE, GREY])]:
    _, sorted_layers = segment(image, source, n_segments=4, seed=5, sort_by=sort_by)
    order = [COLOURS[quadrant_of(layer, truth)] for layer in sorted_layers]
    if expected:
        check(order == expected, f"sort-by={sort_by} gave {order}")
    numbers = [int(NAME_PATTERN.match(layer.get_name()).group(1)) for layer in sorted_layers]
    check(numbers == [1, 2, 3, 4], f"sort-by={sort_by}: layers numbered {numbers}")
say("sort-by lightness puts the lightest first, hue goes round the wheel with grey last")

# create-channels: one hidden channel per segment, named like its layer.
channels_before = len(image.get_channels())
Gimp.context_set_foreground(Gegl.Color.new("#123456"))
foreground = Gimp.context_get_foreground().get_rgba()
values = returned(image, source, n_segments=4, seed=5, create_channels=True)
check(Gimp.context_get_foreground().get_rgba() == foreground,
      "making channels changed the foreground colour")
seg_layers = list(values["group"].get_children())
channels = values["channels"]
check(len(channels) == 4 and len(image.get_channels()) == channels_before + 4,
      f"{len(channels)} channels returned, {len(image.get_channels()) - channels_before} added")
check(list(image.get_channels())[:4] == channels, "the channels are not at the top, in order")
for channel, layer in zip(channels, seg_layers):
    check(base_name(channel) == base_name(layer), f"channel {channel.get_name()!r} ≠ layer name")
    check(not channel.get_visible(), f"{channel.get_name()} is visible")
    channel_values = fractions(read_numbers(channel))[..., 0]
    covered = covered_by(layer)
    check(np.array_equal(channel_values, covered.astype(np.float64)),
          f"{channel.get_name()} is not 1 on its segment and 0 elsewhere")
image.select_item(Gimp.ChannelOps.REPLACE, channels[1])
selection = fractions(read_numbers(image.get_selection()))[..., 0]
check(np.array_equal(selection > 0.5, covered_by(seg_layers[1])),
      "Channel to Selection does not select the segment")
Gimp.Selection.none(image)
say("create-channels: one channel per segment, hidden, selection-ready")

# create-label-map: segment n is n/255 (byte n in this 8-bit image), pixels
# in no segment are transparent.
values = returned(image, source, n_segments=4, seed=5, create_label_map=True)
children = list(values["group"].get_children())
label_map = values["label-map"]
check(label_map is not None and children[-1] == label_map and len(children) == 5,
      "the label map is not the bottom layer of the group")
check(not label_map.get_visible(), "the label map is visible")
labels = read_numbers(label_map)
check(labels.dtype == np.uint8, f"the label map stores {labels.dtype}, not bytes")
check(np.array_equal(labels[..., 3] > 0, visible), "the label map covers other pixels")
check(np.all(labels[..., 0] == labels[..., 1]) and np.all(labels[..., 1] == labels[..., 2]),
      "the label map is not grey")
for number, layer in enumerate(children[:4], start=1):
    covered = covered_by(layer)
    check(np.all(labels[covered][:, 0] == number), f"label map ≠ {number} on {layer.get_name()}")
    check(np.all(labels[covered][:, 3] == 255), f"label map not opaque on {layer.get_name()}")
say("create-label-map: segment n has the value n/255, exactly")

# The source stays the selected layer, as after GIMP's own filters (Filters ›
# Repeat runs on it), and the user's path the selected path, whatever the
# call adds: layers, a label map, channels and paths, each of which GIMP
# selects as it goes in.
user_path = Gimp.Path.new(image, "user's path")
image.insert_path(user_path, None, 0)
image.take_selected_layers([source])
returned(image, source, n_segments=4, seed=5, create_label_map=True, create_channels=True,
         create_paths=True)
check(list(image.get_selected_layers()) == [source]
      and list(image.get_selected_drawables()) == [source],
      f"selected after a run: {[d.get_name() for d in image.get_selected_drawables()]}")
check(list(image.get_selected_channels()) == [], "a channel made by the run is selected")
check(list(image.get_selected_paths()) == [user_path],
      f"selected paths after a run: {[p.get_name() for p in image.get_selected_paths()]}")
say("the source stays the selected layer after a run with channels, label map and paths")

# create-palette: named after the image; a second one never overwrites the first.
first = returned(image, source, n_segments=4, seed=5, create_palette=True)
second = returned(image, source, n_segments=4, seed=5, create_palette=True)
palette, again = first["palette"], second["palette"]
check(palette.get_name() == "quads K-Means", f"palette named {palette.get_name()!r}")
check(again.get_name() == "quads K-Means #1", f"second palette named {again.get_name()!r}")
# The entries' colours in R'G'B' double, the format the filter gives them.
rgb_double = Babl.format("R'G'B' double")
for p, values in [(palette, first), (again, second)]:
    check(p.get_color_count() == 4, f"{p.get_name()} has {p.get_color_count()} entries")
    colours = np.array(values["segment-colors"]).reshape(-1, 3)
    for index, layer in enumerate(values["group"].get_children()):
        ok, name = p.get_entry_name(index)
        check(name == base_name(layer), f"entry {index} named {name!r}, layer {layer.get_name()!r}")
        entry = np.frombuffer(bytes(p.get_entry_color(index).get_bytes(rgb_double).get_data()),
                              np.float64)
        check(np.abs(entry - colours[index]).max() < 1e-9,
              f"entry {index} colour {entry} is not the segment colour {colours[index]}")
        check(hex_of(entry) == NAME_PATTERN.match(name).group(2),
              f"entry {index} colour {hex_of(entry)} is not its name's")
palette.delete()
again.delete()
untitled, untitled_source = new_image(8, 8)
untitled_source.set_name("scan.png")
write_pixels(untitled_source, pixels[:8, :8])
unnamed = returned(untitled, untitled_source, n_segments=2, create_palette=True)["palette"]
check(unnamed.get_name() == "scan K-Means",
      f"the palette of an image without a file is named {unnamed.get_name()!r}")
unnamed.delete()
untitled.delete()
say("create-palette: one entry per segment; an existing name gets #1, nothing overwritten; "
    "an image without a file lends its layer's name")

# Every colour space separates the quadrants.
for space in ("lab", "rgb", "oklab", "linear-rgb"):
    _, space_layers = segment(image, source, n_segments=4, seed=5, color_space=space)
    found = sorted(quadrant_of(layer, truth) for layer in space_layers)
    check(found == [0, 1, 2, 3], f"color-space={space} found quadrants {found}")
say("color-space lab, rgb, oklab and linear-rgb all find the quadrants")

_, source_after = read_raw(source)
check(np.array_equal(source_raw, source_after), "the source layer changed")
image.delete()

# restarts: the best of several runs fits at least as well as the first, and
# better for some seed, on noise where local minima abound.
image, source = new_image(40, 40)
rng = np.random.default_rng(7)
noise = np.ones((40, 40, 4), np.float32)
noise[..., :3] = rng.random((40, 40, 3))
write_pixels(source, noise)
rgb = read_pixels(source, "R'G'B' float", 3).reshape(-1, 3).astype(np.float64)


def inertia(layers):
    total = 0.0
    for layer in layers:
        members = rgb[covered_by(layer).reshape(-1)]
        total += ((members - members.mean(axis=0)) ** 2).sum()
    return total


improved = False
for seed in range(3):
    _, single = segment(image, source, n_segments=8, seed=seed, color_space="rgb")
    _, best = segment(image, source, n_segments=8, seed=seed, color_space="rgb", restarts=10)
    one, many = inertia(single), inertia(best)
    check(many <= one * (1 + 1e-6), f"seed {seed}: 10 restarts fit worse ({many} > {one})")
    improved |= many < one * (1 - 1e-4)
check(improved, "10 restarts never found a better fit than one run")
say("restarts keep the run with the lowest inertia")

# max-iterations: one round of refinement fits worse than running to the end.
_, short = segment(image, source, n_segments=8, seed=0, color_space="rgb", max_iterations=1)
_, full = segment(image, source, n_segments=8, seed=0, color_space="rgb", max_iterations=100)
check(inertia(full) < inertia(short) * (1 - 1e-4),
      f"100 iterations fit no better than 1 ({inertia(full)} vs {inertia(short)})")
image.delete()
say("max-iterations stops the refinement early")
