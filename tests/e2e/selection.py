# Selection, layer masks, offsets and layer groups: only covered pixels are
# clustered, with their coverage as weight; outputs are empty outside the
# selection and show partially covered pixels with alpha × coverage.  Runs
# inside headless GIMP.
import numpy as np
from gi.repository import Gegl, Gimp

from kms import (check, fractions, image_layer_count, new_image, quadrants, read_numbers,
                 read_raw, returned, run, say, segment, write_pixels)

COLOURS = [(0.9, 0.1, 0.1), (0.1, 0.8, 0.2), (0.15, 0.2, 0.9), (0.95, 0.9, 0.2)]


def layer_image(width=40, height=30, offsets=(6, 4), canvas=(60, 40)):
    """An image larger than its layer, the layer offset into it, four noisy
    colour quadrants with a varied alpha."""
    image, _ = new_image(*canvas)
    image.remove_layer(image.get_layers()[0])
    layer = Gimp.Layer.new(image, "source", width, height, Gimp.ImageType.RGBA_IMAGE, 100,
                           Gimp.LayerMode.NORMAL)
    image.insert_layer(layer, None, 0)
    layer.set_offsets(*offsets)
    pixels, truth = quadrants(width, height, COLOURS, noise=0.03)
    pixels[..., 3] = np.linspace(0.4, 1.0, width)[None, :]
    write_pixels(layer, pixels)
    return image, layer, truth


def set_selection(image, coverage):
    """Makes the selection exactly the given image-sized coverage array."""
    image.select_rectangle(Gimp.ChannelOps.REPLACE, 0, 0, image.get_width(), image.get_height())
    buffer = image.get_selection().get_buffer()
    buffer.set(Gegl.Rectangle.new(0, 0, image.get_width(), image.get_height()), "Y float",
               np.ascontiguousarray(coverage, np.float32).tobytes())
    buffer.flush()


def in_layer(image, layer, values):
    """The part of an image-sized array under the layer."""
    _, x, y = layer.get_offsets()
    return values[y:y + layer.get_height(), x:x + layer.get_width()]


def check_outputs(label, image, layer, layers, coverage, clustered=None):
    """Every segment layer: the source's bytes where fully covered, alpha ×
    coverage where partly, transparent elsewhere; together they cover each
    clustered pixel once."""
    _, source_raw = read_raw(layer)
    source_alpha = fractions(read_numbers(layer))[..., -1]
    if clustered is None:
        clustered = coverage > 0
    owners = np.zeros(coverage.shape, int)
    for segment_layer in layers:
        check(segment_layer.get_offsets()[1:] == layer.get_offsets()[1:]
              and segment_layer.get_width() == layer.get_width()
              and segment_layer.get_height() == layer.get_height(),
              f"{label}: {segment_layer.get_name()} is not at the source's place and size")
        _, raw = read_raw(segment_layer)
        alpha = fractions(read_numbers(segment_layer))[..., -1]
        # A pixel selected so little that its alpha rounds to 0 still holds
        # its colour: membership is "not all zero".
        covered = raw.any(axis=-1)
        owners += covered
        full = covered & (coverage == 1)
        check(np.array_equal(raw[full], source_raw[full]),
              f"{label}: {segment_layer.get_name()} does not hold the source where selected")
        check(np.array_equal(raw[covered][:, :3], source_raw[covered][:, :3]),
              f"{label}: {segment_layer.get_name()} colours differ where partly selected")
        partial = covered & (coverage < 1)
        check(np.all(np.abs(alpha[partial] - source_alpha[partial] * coverage[partial])
                     <= 0.5 / 255 + 1e-6),
              f"{label}: {segment_layer.get_name()} alpha is not source alpha × coverage")
        check(not raw[~covered].any(), f"{label}: {segment_layer.get_name()} not empty elsewhere")
    check(np.array_equal(owners, clustered.astype(int)),
          f"{label}: the layers do not cover each selected pixel exactly once")


# A rectangle selection on an offset layer: clustering and output inside it only.
image, layer, truth = layer_image()
selection = np.zeros((40, 60), np.float32)
selection[8:30, 10:40] = 1.0
set_selection(image, selection)
coverage = in_layer(image, layer, selection)
values = returned(image, layer, n_segments=4, seed=2)
layers = list(values["group"].get_children())
check(len(layers) == 4, f"{len(layers)} layers from a selection over 4 quadrants")
check_outputs("rectangle", image, layer, layers, coverage)
check(sum(values["segment-pixel-counts"]) == (coverage > 0).sum(),
      "the pixel counts are not the selected pixels")
say("a rectangle selection on an offset layer: segments inside it, empty outside")

# Only the selected pixels are clustered: the top half holds two colours.
top = np.zeros((40, 60), np.float32)
top[4:4 + 15, 6:46] = 1.0
set_selection(image, top)
values = returned(image, layer, n_segments=2, seed=2)
layers = list(values["group"].get_children())
for segment_layer in layers:
    ids = np.unique(truth[read_numbers(segment_layer)[..., -1] > 0])
    check(len(ids) == 1 and ids[0] in (0, 1),
          f"{segment_layer.get_name()} holds quadrants {ids}, not one of the selected two")
colours = np.array(values["segment-colors"]).reshape(-1, 3)
check(sorted(np.round(colours, 1).tolist()) == sorted([[0.9, 0.1, 0.1], [0.1, 0.8, 0.2]]),
      f"segment colours {colours} are not the selected quadrants' colours")
say("only selected pixels are clustered")

# A feathered selection: partially selected pixels count as weight and keep
# their colour with alpha × coverage.
image.select_ellipse(Gimp.ChannelOps.REPLACE, 10, 6, 36, 26)
Gimp.Selection.feather(image, 12.0)
selection = fractions(read_numbers(image.get_selection()))[..., 0]
coverage = in_layer(image, layer, selection)
check(np.any((coverage > 0) & (coverage < 1)), "the feathered selection has no partial pixels")
_, layers = segment(image, layer, n_segments=4, seed=2)
check_outputs("feathered", image, layer, layers, coverage)
say("a feathered selection: alpha × coverage, colours exact")

# fill=mask and channels with a feathered selection on an offset layer.
values = returned(image, layer, n_segments=4, seed=2, fill="mask", create_channels=True)
_, source_raw = read_raw(layer)
for segment_layer, channel in zip(values["group"].get_children(), values["channels"]):
    check(np.array_equal(read_raw(segment_layer)[1], source_raw),
          "fill=mask: the layer does not hold the whole source")
    mask = fractions(read_numbers(segment_layer.get_mask()))[..., 0]
    member = mask > 0
    check(np.all(np.abs(mask[member] - coverage[member]) <= 0.5 / 255 + 1e-6),
          "fill=mask: the mask is not the coverage on the segment")
    check((channel.get_width(), channel.get_height()) == (60, 40),
          "the channel is not image-sized")
    # What matters is the selection the channel gives.
    image.select_item(Gimp.ChannelOps.REPLACE, channel)
    channel_values = fractions(read_numbers(image.get_selection()))[..., 0]
    check(np.array_equal(in_layer(image, layer, channel_values) > 0, member),
          "the channel's selection differs from the mask's segment")
    check(not channel_values[:4].any() and not channel_values[:, :6].any(),
          "the channel selects pixels outside the layer")
    check(np.all(np.abs(in_layer(image, layer, channel_values)[member] - coverage[member])
                 <= 0.5 / 255 + 1e-6), "the channel does not select the segment × coverage")
say("fill=mask and channels carry the selection's coverage")

# A selection beside the layer: like GIMP's filters, success and no change.
selection = np.zeros((40, 60), np.float32)
selection[36:40, 50:60] = 1.0
set_selection(image, selection)
layers_before, channels_before = image_layer_count(image), len(image.get_channels())
values = returned(image, layer, n_segments=4, create_channels=True, create_palette=True,
                  create_label_map=True)
check(values["group"] is None and values["n-segments-made"] == 0
      and values["segment-colors"] == [] and values["segment-pixel-counts"] == []
      and values["channels"] == [] and values["palette"] is None,
      f"a selection beside the layer returned {values}")
check(image_layer_count(image) == layers_before and len(image.get_channels()) == channels_before,
      "a selection beside the layer changed the image")
say("a selection that misses the layer: success, nothing added")
image.delete()

# A layer mask on the source hides pixels as a selection would; a mask that
# is not applied changes nothing.
image, layer, truth = layer_image(offsets=(0, 0), canvas=(40, 30))
mask = layer.create_mask(Gimp.AddMaskType.WHITE)
layer.add_mask(mask)
mask_values = np.ones((30, 40), np.float32)
mask_values[:, 30:] = 0.0
mask_values[:, 14:16] = 0.5
buffer = mask.get_buffer()
buffer.set(Gegl.Rectangle.new(0, 0, 40, 30), "Y float", mask_values.tobytes())
buffer.flush()
_, mask_raw = read_raw(mask)
coverage = fractions(read_numbers(mask))[..., 0]
_, layers = segment(image, layer, n_segments=4, seed=2)
check_outputs("layer mask", image, layer, layers, coverage)
check(np.array_equal(read_raw(mask)[1], mask_raw), "the source's mask changed")
layer.set_apply_mask(False)
_, layers = segment(image, layer, n_segments=4, seed=2)
check_outputs("mask not applied", image, layer, layers, np.ones((30, 40), np.float32))
say("the source's layer mask hides pixels like a selection; not when it is disabled")
image.delete()

# A layer group: its projection is segmented, at the group's place and size.
image, _ = new_image(50, 40)
image.remove_layer(image.get_layers()[0])
group = Gimp.GroupLayer.new(image, "group")
image.insert_layer(group, None, 0)
for index, (colour, offsets) in enumerate([((0.9, 0.1, 0.1), (5, 3)), ((0.1, 0.2, 0.9), (20, 15))]):
    child = Gimp.Layer.new(image, f"child {index}", 20, 16, Gimp.ImageType.RGBA_IMAGE, 100,
                           Gimp.LayerMode.NORMAL)
    image.insert_layer(child, group, 0)
    child.set_offsets(*offsets)
    pixels = np.ones((16, 20, 4), np.float32)
    pixels[..., :3] = colour
    write_pixels(child, pixels)
_, projection = read_raw(group)
values = returned(image, group, n_segments=2, seed=2)
layers = list(values["group"].get_children())
check(values["n-segments-made"] == 2, f"{values['n-segments-made']} segments from a group")
check(image.get_layers()[0] == values["group"] and image.get_layers()[1] == group,
      "the segments' group is not right above the source group")
check_outputs("layer group", image, group, layers,
              np.ones((group.get_height(), group.get_width()), np.float32),
              clustered=projection[..., 3] > 0)
check(np.array_equal(read_raw(group)[1], projection), "the source group changed")
say("a layer group: its projection is segmented at its place and size")
image.delete()
