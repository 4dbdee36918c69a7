# A 100-megapixel image: the filter succeeds, the layers partition it, and
# the plug-in's peak memory stays within a stated bound.  The plug-in runs
# under tests/e2e/peak-rss, which logs each call's peak resident set size.
import os
import time

import numpy as np
from gi.repository import Gegl, Gimp

from kms import check, say

SIZE = 10000
PIXELS = SIZE * SIZE
# The bound: what the plug-in holds per pixel (for this opaque 8-bit layer,
# float features without alpha, 12 bytes, and the layer kept in the new
# layers' format, 4 bytes; the core's label, 1 byte) plus a fixed 384 MiB:
# GEGL's tile cache (capped at 128 MiB by the plug-in), the core's compaction scratch
# (at most 4 Mi points at a time, see kmeans.h), babl, GEGL and strips.
# It does not grow with the number of segments.
BOUND_BYTES = 17 * PIXELS + 384 * 2 ** 20


def peak_rss_bytes():
    with open(os.environ["KMEANS_SEGMENT_PEAK_RSS_LOG"]) as log:
        runs = [line.split() for line in log if line.startswith("run ")]
    return int(runs[-1][1]) * 1024


def fill_rectangle(layer, x, y, width, height, colour):
    image = layer.get_image()
    image.select_rectangle(Gimp.ChannelOps.REPLACE, x, y, width, height)
    Gimp.context_set_foreground(Gegl.Color.new(colour))
    layer.edit_fill(Gimp.FillType.FOREGROUND)


image = Gimp.Image.new(SIZE, SIZE, Gimp.ImageBaseType.RGB)
source = Gimp.Layer.new(image, "source", SIZE, SIZE, Gimp.ImageType.RGB_IMAGE, 100,
                        Gimp.LayerMode.NORMAL)
image.insert_layer(source, None, 0)
half = SIZE // 2
fill_rectangle(source, 0, 0, half, half, "#c02020")
fill_rectangle(source, half, 0, half, half, "#20a040")
fill_rectangle(source, 0, half, half, half, "#2030c0")
# The last quadrant is a gradient: thousands of distinct colours.
image.select_rectangle(Gimp.ChannelOps.REPLACE, half, half, half, half)
Gimp.context_set_foreground(Gegl.Color.new("#f0e020"))
Gimp.context_set_background(Gegl.Color.new("#806000"))
Gimp.context_set_gradient_fg_bg_rgb()
source.edit_gradient_fill(Gimp.GradientType.LINEAR, 0.0, False, 1, 0.0, False,
                          half, half, SIZE, SIZE)
Gimp.Selection.none(image)
Gimp.context_set_defaults()

procedure = Gimp.get_pdb().lookup_procedure("plug-in-kmeans-segment")
config = procedure.create_config()
config.set_property("image", image)
config.set_core_object_array("drawables", [source])
config.set_property("n-segments", 8)
started = time.monotonic()
result = procedure.run(config)
elapsed = time.monotonic() - started
check(result.index(0) == Gimp.PDBStatusType.SUCCESS, f"the filter failed: {result.index(1)}")
group = result.index(1)
layers = list(group.get_children())
check(len(layers) == 8, f"{len(layers)} segments")

# The layers partition the image: checked on strips at the top, the middle
# (across the quadrant borders) and the bottom, in the layers' own format
# (R'G'B'A u8: alpha is the fourth byte).
for top in (0, half - 8, SIZE - 16):
    rect = Gegl.Rectangle.new(0, top, SIZE, 16)
    owners = np.zeros((16, SIZE), int)
    for layer in layers:
        data = layer.get_buffer().get(rect, 1.0, None, Gegl.AbyssPolicy.NONE)
        alpha = np.frombuffer(data, np.uint8).reshape(16, SIZE, 4)[..., 3]
        check(np.all((alpha == 0) | (alpha == 255)), f"rows {top}–{top + 15}: partial alpha")
        owners += alpha == 255
    check(np.all(owners == 1), f"rows {top}–{top + 15} are not partitioned")

peak = peak_rss_bytes()
gimp_peak_kb = next(int(line.split()[1]) for line in open(f"/proc/{os.getppid()}/status")
                    if line.startswith("VmHWM:"))
print(f"GIMP's own peak RSS: {gimp_peak_kb / 1024:.0f} MiB (the image and its 8 layers)",
      flush=True)
print(f"100 MP, K=8: {elapsed:.1f} s in the filter; plug-in peak RSS {peak / 2 ** 20:.0f} MiB "
      f"({peak / PIXELS:.1f} bytes/pixel), bound {BOUND_BYTES / 2 ** 20:.0f} MiB", flush=True)
check(peak <= BOUND_BYTES, f"the plug-in's peak RSS {peak} bytes exceeds {BOUND_BYTES}")
say(f"100-megapixel image: 8 segments partition it; peak {peak / PIXELS:.1f} bytes/pixel")
image.delete()
