# gimp-filter.py — run by `tools/dev bench` as a Python-Fu batch: the whole
# filter in headless GIMP next to its I/O floor, on the same image.
#
# The I/O floor does what the filter does with GIMP's pixels, and nothing
# else: read the layer once in the plug-in's feature format (R'G'B'A float,
# the filter runs with color-space "rgb"),
# make the layer group and K layers in one undo step, and read the source a
# strip at a time in the layers' format to write every layer (the source
# pixels themselves, with no clustering and no mask).  Prints one JSON line.
# Arguments: IMAGE K RUNS.
import json
import sys
import time

import gi
gi.require_version("Gegl", "0.4")
from gi.repository import Gegl, Gimp, Gio

image_path, k, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
STRIP_ROWS = 64


def layer_format_name(image):
    """The babl name of the new layers' format: the image's precision, RGBA."""
    precision = image.get_precision().value_nick   # e.g. "u8-non-linear"
    component, _, trc = precision.partition("-")
    model = {"linear": "RGBA", "non-linear": "R'G'B'A", "perceptual": "R~G~B~A"}[trc]
    return f"{model} {component}"


def io_floor(image, layer):
    width, height = layer.get_width(), layer.get_height()
    source = layer.get_buffer()
    source.get(Gegl.Rectangle.new(0, 0, width, height), 1.0, "R'G'B'A float",
               Gegl.AbyssPolicy.NONE)

    image.undo_group_start()
    group = Gimp.GroupLayer.new(image, "I/O floor")
    image.insert_layer(group, None, 0)
    layers = []
    for rank in range(k):
        new = Gimp.Layer.new(image, f"segment {rank}", width, height,
                             layer.type_with_alpha(), 100.0,
                             image.get_default_new_layer_mode())
        image.insert_layer(new, group, rank)
        layers.append(new)
    layer_format = layer_format_name(image)
    buffers = [new.get_buffer() for new in layers]
    for y in range(0, height, STRIP_ROWS):
        strip = Gegl.Rectangle.new(0, y, width, min(STRIP_ROWS, height - y))
        pixels = source.get(strip, 1.0, layer_format, Gegl.AbyssPolicy.NONE)
        for buffer in buffers:
            buffer.set(strip, layer_format, pixels)
    for buffer in buffers:
        buffer.flush()
    for new in layers:
        new.update(0, 0, width, height)
    image.undo_group_end()
    return group


def segment(image, layer):
    procedure = Gimp.get_pdb().lookup_procedure("plug-in-kmeans-segment")
    config = procedure.create_config()
    config.set_property("image", image)
    config.set_core_object_array("drawables", [layer])
    config.set_property("n-segments", k)
    config.set_property("seed", 0)
    # The features of the floor and of the table: R'G'B' float.
    config.set_property("color-space", "rgb")
    result = procedure.run(config)
    if result.index(0) != Gimp.PDBStatusType.SUCCESS:
        raise SystemExit(f"plug-in-kmeans-segment failed: {result.index(1)}")
    return result.index(1)


image = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(image_path))
layer = image.get_layers()[0]
width, height = layer.get_width(), layer.get_height()
times = {"io_floor": [], "filter": []}
for run in range(runs):
    for name, job in (("io_floor", io_floor), ("filter", segment)):
        started = time.monotonic()
        group = job(image, layer)
        times[name].append(time.monotonic() - started)
        image.remove_layer(group)
image.delete()
print("GIMP-BENCH " + json.dumps({"image": image_path, "k": k,
                                  "width": width, "height": height, **times}))
