# The states a source layer can be in: inside a group with Lock pixels or
# Lock position (or inside a group inside one), locked or hidden itself,
# never inserted into its image, a floating selection, far from the canvas,
# the filter's own result.  Each either works, the segments landing next to
# the source with its offsets, or is refused with a calling error that
# leaves the image as it was.  The group takes the source's mode and
# opacity, so that it looks like the source.
import numpy as np
from gi.repository import Gimp

import snapshot
from kms import (alpha_of, check, expect_calling_error, new_image, quadrants, read_numbers,
                 read_pixels, read_raw, require_partition, require_source_pixels, returned,
                 say, write_pixels)

COLOURS = [(0.9, 0.1, 0.1), (0.1, 0.8, 0.2), (0.15, 0.2, 0.9), (0.95, 0.9, 0.2)]
WIDTH, HEIGHT = 40, 30


def picture(width=WIDTH, height=HEIGHT, **arguments):
    image, source = new_image(width + 12, height + 9, **arguments)
    image.resize(width + 12, height + 9, 0, 0)
    source.resize(width, height, 0, 0)
    pixels, _ = quadrants(width, height, COLOURS, noise=0.02)
    write_pixels(source, pixels)
    return image, source


def into_group(image, layer, name, outer=None):
    group = Gimp.GroupLayer.new(image, name)
    image.insert_layer(group, outer, 0)
    image.reorder_item(layer, group, 0)
    return group


def require_segments(image, source, values, n_segments, what, masked=False):
    """The group sits right above the source, in its parent; its layers and
    label map have the source's size and offsets, and the layers (their
    masks, for fill=mask) partition its pixels and hold its own bytes."""
    group = values["group"]
    parent = source.get_parent()
    check(group.get_parent() == parent,
          f"{what}: the group is in {group.get_parent()}, not beside the source")
    check(image.get_item_position(group) + 1 == image.get_item_position(source),
          f"{what}: the group is not right above the source")
    layers = [layer for layer in group.get_children() if layer != values["label-map"]]
    check(len(layers) == n_segments == values["n-segments-made"],
          f"{what}: {len(layers)} layers, {values['n-segments-made']} made, {n_segments} expected")
    for layer in group.get_children():
        check(layer.get_offsets()[1:] == source.get_offsets()[1:],
              f"{what}: {layer.get_name()} at {layer.get_offsets()[1:]}, "
              f"the source at {source.get_offsets()[1:]}")
    require_source_pixels(layers, read_raw(source)[1], what)
    everywhere = np.ones((source.get_height(), source.get_width()), bool)
    require_partition([layer.get_mask() for layer in layers] if masked else layers,
                      everywhere, what)


everything = dict(n_segments=4, create_label_map=True, create_channels=True)

# Lock pixels on the source's group, or on a group around it: GIMP refuses
# writes to the pixels of any layer inside, but the segments are written
# before they go into the image, and GIMP takes new layers into such a
# group.  The locks stay as they were.
for nested in (False, True):
    image, source = picture()
    source.set_offsets(5, 3)
    locked = into_group(image, source, "locked")
    if nested:
        into_group(image, source, "inner", outer=locked)
    locked.set_lock_content(True)
    values = returned(image, source, **everything)
    what = "inside a group inside a pixel-locked group" if nested else "inside a pixel-locked group"
    require_segments(image, source, values, 4, what)
    check(locked.get_lock_content() and not source.get_lock_content(),
          f"{what}: the locks changed")
    say(f"{what}: the group of 4 segments and the label map right above the source, "
        "at its offsets, with its pixels")
    image.delete()

# Lock position on the source's group: GIMP refuses to move layers inside
# it, so the offsets are set before the layers go in.
image, source = picture()
source.set_offsets(7, 4)
locked = into_group(image, source, "locked")
locked.set_lock_position(True)
values = returned(image, source, **everything)
require_segments(image, source, values, 4, "inside a position-locked group")
check(locked.get_lock_position(), "the position lock changed")
say("inside a position-locked group: the layers and label map at the source's offsets (7, 4)")
image.delete()

# The source's own locks, its visibility and its group's visibility change
# nothing: the filter reads the source and adds a visible group.
for state in ("lock_content", "lock_position", "lock_alpha", "lock_visibility", "hidden",
              "in a hidden group"):
    image, source = picture()
    if state == "hidden":
        source.set_visible(False)
    elif state == "in a hidden group":
        into_group(image, source, "hidden").set_visible(False)
    else:
        getattr(source, f"set_{state}")(True)
    _, before = read_raw(source)
    values = returned(image, source, fill="mask", **everything)
    require_segments(image, source, values, 4, state, masked=True)
    check(values["group"].get_visible(), f"{state}: the group is hidden")
    check(np.array_equal(read_raw(source)[1], before), f"{state}: the source changed")
    say(f"source {state.replace('_', ' ')}: 4 segments with masks, a visible group, the source intact")
    image.delete()

# A layer made but never inserted into its image is refused.
image, source = picture()
lone = Gimp.Layer.new(image, "lone", WIDTH, HEIGHT, Gimp.ImageType.RGBA_IMAGE, 100,
                      Gimp.LayerMode.NORMAL)
write_pixels(lone, quadrants(WIDTH, HEIGHT, COLOURS)[0])
before = snapshot.take(image)
message = expect_calling_error(image, [lone], "\"lone\" is not in an image",
                               "gimp-image-insert-layer", n_segments=4)
snapshot.require_unchanged(image, before, "a layer never inserted")
say(f"a layer never inserted: calling error, the image unchanged ({message})")
image.delete()

# A floating selection made from a layer mask is a grey layer in an RGB
# image: the segment layers take the image's type (GIMP refuses others),
# and every segment reported is in the group.
image, source = picture()
mask = source.create_mask(Gimp.AddMaskType.WHITE)
source.add_mask(mask)
grey = np.ones((HEIGHT, WIDTH, 1), np.float32)
grey[:, : WIDTH // 2] = 0.25
write_pixels(mask, grey, "Y float")
image.select_rectangle(Gimp.ChannelOps.REPLACE, 0, 0, WIDTH, HEIGHT)
floating = Gimp.Selection.float(image, [mask], 0, 0)
Gimp.Selection.none(image)
check(floating.is_gray() and image.get_base_type() == Gimp.ImageBaseType.RGB,
      "the floating selection is not a grey layer in an RGB image")
values = returned(image, floating, n_segments=2, create_label_map=True)
layers = [layer for layer in values["group"].get_children() if layer != values["label-map"]]
check(values["n-segments-made"] == len(layers) == 2,
      f"{values['n-segments-made']} segments made, {len(layers)} in the group")
for layer in values["group"].get_children():
    check(layer.is_rgb(), f"{layer.get_name()} is not an RGB layer")
floating_values = read_pixels(floating, "Y'A float", 2)
for layer in layers:
    numbers = read_numbers(layer)
    covered = numbers[..., 3] > 0
    check(np.all(numbers[covered][:, 0] == numbers[covered][:, 1]) and
          np.all(numbers[covered][:, 1] == numbers[covered][:, 2]), f"{layer.get_name()} is not grey")
    pixels = read_pixels(layer, "R'G'B'A float")
    check(np.allclose(pixels[covered][:, 0], floating_values[covered][:, 0], atol=1 / 255),
          f"{layer.get_name()} does not hold the floating selection's greys")
require_partition(layers, np.ones((HEIGHT, WIDTH), bool), "a grey floating selection")
say("a grey floating selection in an RGB image: 2 segments made, 2 RGB layers holding its greys")
image.delete()

# Offsets far from the canvas: the layers keep them; channels, the image's
# size, are empty where the layer is not.
for offsets in ((10000, 10000), (-100000, 50000), (-(2 ** 24), 2 ** 24)):
    image, source = picture()
    source.set_offsets(*offsets)
    values = returned(image, source, **everything)
    require_segments(image, source, values, 4, f"offsets {offsets}")
    for channel in values["channels"]:
        check(not read_raw(channel)[1].any(), f"offsets {offsets}: a channel is not empty")
    say(f"a source at {offsets}: 4 segments at its offsets, the channels empty")
    image.delete()

# Unusual images with every output asked for: grey with alpha (layers,
# masks, label map and channels all grey), a single pixel, and an image
# whose undo is disabled (the result still arrives whole).
image, source = picture(grey=True)
values = returned(image, source, fill="mask", create_palette=True, **everything)
require_segments(image, source, values, 4, "grey with alpha", masked=True)
check(all(layer.is_gray() for layer in values["group"].get_children()) and
      len(values["channels"]) == 4, "grey with alpha: the outputs are not grey, or channels missing")
values["palette"].delete()
say("grey with alpha: 4 grey layers with masks, a grey label map, 4 channels, a palette")
image.delete()

image, source = picture(1, 1)
values = returned(image, source, create_palette=True, **everything)
require_segments(image, source, values, 1, "1×1")
check(len(values["channels"]) == 1 and read_raw(values["label-map"])[1][0, 0, 0] == 1,
      "1×1: no channel, or the label map does not hold 1/255")
values["palette"].delete()
say("1×1 with every output: 1 segment, the label map holds 1, 1 channel, a palette")
image.delete()

image, source = picture()
image.undo_disable()
values = returned(image, source, **everything)
require_segments(image, source, values, 4, "undo disabled")
image.undo_enable()
say("an image whose undo is disabled: the whole result arrives")
image.delete()

# The filter's own result as the source, again and again: a segment layer,
# the label map, the group; each run adds a group named with GIMP's "#n".
image, source = picture()
first = returned(image, source, n_segments=4, create_label_map=True)
segment_layer = first["group"].get_children()[0]
again = returned(image, segment_layer, n_segments=2)
check(again["group"].get_parent() == first["group"] and
      again["group"].get_name() == "K-Means Segments #1",
      "a run on a segment layer did not add its group beside it")
require_partition(again["group"].get_children(), alpha_of([segment_layer])[0] > 0,
                  "a segment layer as the source")
labels = returned(image, first["label-map"], n_segments=4)
check(labels["n-segments-made"] == 4, "the label map did not give its 4 labels")
whole = returned(image, first["group"], n_segments=4)
check(whole["group"].get_parent() is None and whole["group"].get_name() == "K-Means Segments #3",
      f"a run on the group added {whole['group'].get_name()!r}")
require_segments(image, first["group"], whole, 4, "the result's group as the source")
say("runs on a segment layer, the label map and the result's group each add a group beside them")
image.delete()

# The group looks like the source: with the source's mode, opacity and
# compositing, the image with the group alone shows exactly what it shows
# with the source alone.
image, source = picture()
below = Gimp.Layer.new(image, "below", WIDTH + 12, HEIGHT + 9, Gimp.ImageType.RGBA_IMAGE, 100,
                       Gimp.LayerMode.NORMAL)
image.insert_layer(below, None, 1)
ramp = np.ones((HEIGHT + 9, WIDTH + 12, 4), np.float32)
ramp[..., :3] = np.linspace(0.2, 0.9, WIDTH + 12)[None, :, None]
write_pixels(below, ramp)
for mode, opacity in ((Gimp.LayerMode.MULTIPLY, 40.0), (Gimp.LayerMode.SCREEN, 100.0),
                      (Gimp.LayerMode.NORMAL, 65.0)):
    source.set_mode(mode)
    source.set_opacity(opacity)
    group = returned(image, source, n_segments=4)["group"]
    check((group.get_mode(), group.get_opacity()) == (mode, opacity),
          f"the group has {group.get_mode()}, {group.get_opacity()}")
    source.set_visible(False)
    with_group = read_raw(Gimp.Layer.new_from_visible(image, image, "group"))[1]
    source.set_visible(True)
    group.set_visible(False)
    with_source = read_raw(Gimp.Layer.new_from_visible(image, image, "source"))[1]
    check(np.array_equal(with_group, with_source),
          f"{mode.value_nick} at {opacity} %: the image looks different with the group")
    image.remove_layer(group)
    say(f"{mode.value_nick} at {opacity:g} %: the group has the source's mode and opacity and looks like it")
image.delete()
