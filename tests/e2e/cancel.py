# A run that ends at any stage, as when the user presses Cancel on GIMP's
# progress (GIMP then kills the plug-in), leaves the image exactly as it
# was: the same items and pixels, no undo step, no undo group left open, no
# palette.  The plug-in's test hook (plugin/segment-test-hook.h, set up by
# meson through KMEANS_SEGMENT_TEST_HOOK) ends it abruptly at each stage in
# turn; tests/gui/cancel presses the real Cancel button.
import os

import numpy as np
from gi.repository import Gegl, Gimp

import snapshot
from kms import check, quadrants, returned, run, say, write_pixels

# GIMP closes the undo groups a dead plug-in left open, and says so.
# forbid-message: left image undo in inconsistent state

HOOK = os.environ["KMEANS_SEGMENT_TEST_HOOK"]
# Each stage once, in the order a run reaches them; fill=mask writes the
# masks along with the layers.
ENDS = [("read", "original"), ("clustered", "original"), ("layers", "original"),
        ("layers", "mask"), ("channels", "original"), ("written", "original")]
COLOURS = [(0.9, 0.1, 0.1), (0.1, 0.8, 0.2), (0.15, 0.2, 0.9), (0.95, 0.9, 0.2)]


def set_hook(line):
    with open(HOOK, "w") as hook:
        hook.write(line)


def palette_names():
    return sorted(palette.get_name() for palette in Gimp.palettes_get_list(""))


# A source with offsets inside a group, a layer with a mask, a channel and a
# selection: every kind of item the filter adds has a neighbour to disturb.
# Several strips of rows (64 each), so "layers" and "channels" stop halfway.
WIDTH, HEIGHT = 180, 300
image = Gimp.Image.new(WIDTH + 20, HEIGHT + 10, Gimp.ImageBaseType.RGB)
group = Gimp.GroupLayer.new(image, "group")
image.insert_layer(group, None, 0)
source = Gimp.Layer.new(image, "source", WIDTH, HEIGHT, Gimp.ImageType.RGBA_IMAGE, 100,
                        Gimp.LayerMode.NORMAL)
image.insert_layer(source, group, 0)
source.set_offsets(12, 7)
pixels, _ = quadrants(WIDTH, HEIGHT, COLOURS, noise=0.05)
write_pixels(source, pixels)
masked = Gimp.Layer.new(image, "masked", 40, 30, Gimp.ImageType.RGBA_IMAGE, 100,
                        Gimp.LayerMode.NORMAL)
image.insert_layer(masked, None, 1)
masked.add_mask(masked.create_mask(Gimp.AddMaskType.WHITE))
image.insert_channel(Gimp.Channel.new(image, "channel", WIDTH + 20, HEIGHT + 10, 50.0,
                                      Gegl.Color.new("red")), None, 0)
image.select_ellipse(Gimp.ChannelOps.REPLACE, 0, 0, WIDTH, HEIGHT)

everything = dict(n_segments=6, create_channels=True, create_label_map=True,
                  create_palette=True)
for stage, fill in ENDS:
    what = f"ended at {stage!r}, fill={fill}"
    set_hook(f"abort {stage}")
    palettes = palette_names()
    before = snapshot.take(image)
    status, values = run(image, [source], fill=fill, **everything)
    check(status != Gimp.PDBStatusType.SUCCESS,
          f"{what}: the call succeeded, so the hook never ended the plug-in")
    snapshot.require_unchanged(image, before, what)
    check(palette_names() == palettes, f"{what}: a palette was made")
    say(f"{what}: {status.value_nick}, the image unchanged, no palette")

# The same image, with the hook aiming at no stage: the call succeeds and
# adds everything, so the stages above did hold a whole run.
set_hook("abort nowhere")
palettes = palette_names()
values = returned(image, source, **everything)
check(len(values["group"].get_children()) == 7, "the run after the ends is not whole")
check(len(values["channels"]) == 6 and values["palette"] is not None,
      "the run after the ends lacks channels or its palette")
check(len(palette_names()) == len(palettes) + 1, "the run made no palette")
values["palette"].delete()
say("then a whole run: group, 6 layers, label map, 6 channels and a palette")
image.delete()
