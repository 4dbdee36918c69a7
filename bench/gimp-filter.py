# gimp-filter.py — run by `tools/dev bench` as a Python-Fu batch: the whole
# filter in headless GIMP next to its I/O floor, on the same image.
#
# The I/O floor does what the filter must do with GIMP's pixels, and nothing
# else: read the layer once in the plug-in's feature format (R'G'B'A float,
# the filter runs with color-space "rgb"), make the layer group and K layers
# in one undo step, and write each layer where its segment is, in the
# layers' format: the blocks of 64 × 64 pixels that the filter writes too.
# New layers start transparent, so the filter sends only the blocks where a
# segment has pixels (about twice the image in all for K = 8 on the photo),
# not K times the image.  The floor learns those blocks from one filter run
# before the timed runs, and writes the source pixels there, with no
# clustering.  Prints one JSON line.  Arguments: IMAGE K RUNS.
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import gi
import numpy as np
gi.require_version("Gegl", "0.4")
from gi.repository import Gegl, Gimp, Gio

image_path, k, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
STRIP_ROWS = 64
BLOCK = 64   # the plug-in's blocks (segment-blocks.h), GIMP's tile size


def layer_format_name(image):
    """The babl name of the new layers' format: the image's precision, RGBA."""
    precision = image.get_precision().value_nick   # e.g. "u8-non-linear"
    component, _, trc = precision.partition("-")
    model = {"linear": "RGBA", "non-linear": "R'G'B'A", "perceptual": "R~G~B~A"}[trc]
    return f"{model} {component}"


def segment_blocks(group, width, height):
    """For each segment layer of group, which blocks hold its pixels: a
    boolean array of block rows × block columns."""
    rows, columns = -(-height // BLOCK), -(-width // BLOCK)
    blocks = []
    for layer in group.get_children():
        alpha = layer.get_buffer().get(Gegl.Rectangle.new(0, 0, width, height), 1.0,
                                       "A u8", Gegl.AbyssPolicy.NONE)
        shown = np.zeros((rows * BLOCK, columns * BLOCK), dtype=bool)
        shown[:height, :width] = np.frombuffer(alpha, dtype=np.uint8).reshape(height, width) > 0
        blocks.append(shown.reshape(rows, BLOCK, columns, BLOCK).any(axis=(1, 3)))
    return blocks


def block_runs(present):
    """The runs of consecutive present blocks of one block row: (first, end)."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], present.astype(np.int8), [0]))))
    return zip(edges[0::2], edges[1::2])


def read_features(source, width, height):
    """Reads the layer in the feature format on as many threads as GEGL has,
    as the plug-in does (PyGObject lets go of Python's lock in GEGL calls),
    a strip at a time: one 400 MB bytes object would cost Python more."""
    def read_strip(y):
        source.get(Gegl.Rectangle.new(0, y, width, min(STRIP_ROWS, height - y)), 1.0,
                   "R'G'B'A float", Gegl.AbyssPolicy.NONE)
    with ThreadPoolExecutor(Gegl.config().props.threads) as pool:
        list(pool.map(read_strip, range(0, height, STRIP_ROWS)))


def io_floor(image, layer, blocks):
    width, height = layer.get_width(), layer.get_height()
    source = layer.get_buffer()
    read_features(source, width, height)

    image.undo_group_start()
    group = Gimp.GroupLayer.new(image, "I/O floor")
    image.insert_layer(group, None, 0)
    layers = []
    for rank in range(len(blocks)):
        new = Gimp.Layer.new(image, f"segment {rank}", width, height,
                             layer.type_with_alpha(), 100.0,
                             image.get_default_new_layer_mode())
        image.insert_layer(new, group, rank)
        layers.append(new)
    layer_format = layer_format_name(image)
    buffers = [new.get_buffer() for new in layers]
    # The source's tiles are in this process's cache since the read above,
    # so the runs come from there, not from GIMP; reading run by run spares
    # Python a copy of each run out of a whole strip.
    for y in range(0, height, STRIP_ROWS):
        rows = min(STRIP_ROWS, height - y)
        for buffer, present in zip(buffers, blocks):
            for first, end in block_runs(present[y // BLOCK]):
                x = first * BLOCK
                run = Gegl.Rectangle.new(x, y, min(end * BLOCK, width) - x, rows)
                buffer.set(run, layer_format,
                           source.get(run, 1.0, layer_format, Gegl.AbyssPolicy.NONE))
    for buffer in buffers:
        buffer.flush()
    for new in layers:
        new.update(0, 0, width, height)
    image.undo_group_end()
    return group


def segment(image, layer, min_region=0):
    procedure = Gimp.get_pdb().lookup_procedure("plug-in-kmeans-segment")
    config = procedure.create_config()
    config.set_property("image", image)
    config.set_core_object_array("drawables", [layer])
    config.set_property("n-segments", k)
    config.set_property("seed", 0)
    # The features of the floor and of the table: R'G'B' float.
    config.set_property("color-space", "rgb")
    config.set_property("min-region", min_region)
    result = procedure.run(config)
    if result.index(0) != Gimp.PDBStatusType.SUCCESS:
        raise SystemExit(f"plug-in-kmeans-segment failed: {result.index(1)}")
    return result.index(1)


image = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(image_path))
layer = image.get_layers()[0]
width, height = layer.get_width(), layer.get_height()
group = segment(image, layer)
blocks = segment_blocks(group, width, height)
image.remove_layer(group)
times = {"io_floor": [], "filter": [], "filter_min_region_16": []}
jobs = (("io_floor", lambda: io_floor(image, layer, blocks)),
        ("filter", lambda: segment(image, layer)),
        ("filter_min_region_16", lambda: segment(image, layer, 16)))
for run in range(runs):
    for name, job in jobs:
        started = time.monotonic()
        group = job()
        times[name].append(time.monotonic() - started)
        image.remove_layer(group)
image.delete()
print("GIMP-BENCH " + json.dumps({"image": image_path, "k": k,
                                  "width": width, "height": height,
                                  "written_blocks": int(sum(b.sum() for b in blocks)),
                                  "image_blocks": int(blocks[0].size), **times}))
