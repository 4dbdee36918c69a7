# installed.py — the Python-Fu batch of tests/package/check-installed, run
# in headless GIMP where the .deb is installed, with an empty throwaway
# profile: GIMP finds the plug-in in its system plug-in folder, and the
# installed plug-in segments an image into the layers, names and pixels
# expected.  KMEANS_SEGMENT_INSTALLED is the binary the package installed.
import os

import gi

gi.require_version("Gegl", "0.4")
from gi.repository import Gegl, Gimp  # noqa: E402

# The layer's own format (8-bit, non-linear RGBA): bytes compare exactly.
FORMAT = "R'G'B'A u8"
WIDTH = 10
# Four colours in bands of 4, 3, 2 and 1 rows: shares of 40, 30, 20 and
# 10 %, so the order of the segments (largest share first) is known.
BANDS = [((255, 0, 0), 4), ((0, 255, 0), 3), ((0, 0, 255), 2), ((255, 255, 0), 1)]
HEIGHT = sum(rows for _, rows in BANDS)


def check(condition, message):
    if not condition:
        raise AssertionError(message)


binary = os.environ["KMEANS_SEGMENT_INSTALLED"]
# GIMP's own name for its system plug-in folder, expanded by GIMP.
plug_ins = Gimp.file_new_for_config_path("${gimp_plug_in_dir}/plug-ins").get_path()
system = os.path.join(plug_ins, "kmeans-segment", "kmeans-segment")
check(binary == system, f"the package installed {binary}; GIMP's system plug-in is {system}")
own = os.path.join(Gimp.directory(), "plug-ins")
check(not os.path.isdir(own) or not os.listdir(own), f"the profile's {own} is not empty")

image = Gimp.Image.new(WIDTH, HEIGHT, Gimp.ImageBaseType.RGB)
source = Gimp.Layer.new(image, "source", WIDTH, HEIGHT, Gimp.ImageType.RGBA_IMAGE, 100,
                        Gimp.LayerMode.NORMAL)
image.insert_layer(source, None, 0)
rect = Gegl.Rectangle.new(0, 0, WIDTH, HEIGHT)
buffer = source.get_buffer()
buffer.set(rect, FORMAT, b"".join(bytes(colour + (255,)) * WIDTH * rows for colour, rows in BANDS))
buffer.flush()

procedure = Gimp.get_pdb().lookup_procedure("plug-in-kmeans-segment")
check(procedure is not None, "GIMP has no procedure plug-in-kmeans-segment")
config = procedure.create_config()
config.set_property("image", image)
config.set_core_object_array("drawables", [source])
config.set_property("n-segments", 4)
result = procedure.run(config)
check(result.index(0) == Gimp.PDBStatusType.SUCCESS, f"the run failed: {result.index(1)}")
group, made = result.index(1), result.index(2)
check(made == 4, f"{made} segments made, not 4")
check([layer.get_name() for layer in image.get_layers()] == ["K-Means Segments", "source"],
      f"top-level layers {[layer.get_name() for layer in image.get_layers()]}")
segments = group.get_children()
check(len(segments) == 4, f"{len(segments)} layers in the group, not 4")

# Segment n holds band n's pixels, byte for byte, and nothing elsewhere.
first_row = 0
for number, (layer, (colour, rows)) in enumerate(zip(segments, BANDS), 1):
    name = "Segment %d · #%02x%02x%02x · %.1f %%" % ((number,) + colour + (100 * rows / HEIGHT,))
    check(layer.get_name() == name, f"layer {number} is {layer.get_name()!r}, not {name!r}")
    pixels = layer.get_buffer().get(rect, 1.0, FORMAT, Gegl.AbyssPolicy.NONE)
    for row in range(HEIGHT):
        for x in range(WIDTH):
            offset = 4 * (row * WIDTH + x)
            pixel = tuple(pixels[offset:offset + 4])
            if first_row <= row < first_row + rows:
                check(pixel == colour + (255,), f"{name}: pixel ({x}, {row}) is {pixel}")
            else:
                check(pixel[3] == 0, f"{name}: pixel ({x}, {row}) outside its band is {pixel}")
    first_row += rows

image.delete()
print(f"installed.py: {binary} made {made} segments, pixels as expected")
