# demo.py — the main job, run by `tools/dev demo` as a Python-Fu batch:
# segments an image (GIMP's splash by default) with plug-in-kmeans-segment
# and writes NAME-segments.xcf and NAME-segments.png (original | mean colours).
# Arguments: IMAGE (or "") K OUT_DIR.
import os
import sys
import time

from gi.repository import Gimp, Gio

image_path, k, out_dir = sys.argv[1], int(sys.argv[2]), sys.argv[3]
if not image_path:
    image_path = os.path.join(Gimp.data_directory(), "images", "gimp-splash.png")
stem = os.path.splitext(os.path.basename(image_path))[0]


def segment(image, fill):
    procedure = Gimp.get_pdb().lookup_procedure("plug-in-kmeans-segment")
    config = procedure.create_config()
    config.set_property("image", image)
    config.set_core_object_array("drawables", [image.get_layers()[0]])
    config.set_property("n-segments", k)
    config.set_property("fill", fill)
    started = time.monotonic()
    result = procedure.run(config)
    seconds = time.monotonic() - started
    if result.index(0) != Gimp.PDBStatusType.SUCCESS:
        raise SystemExit(f"plug-in-kmeans-segment failed: {result.index(1)}")
    return result.index(1), seconds


image = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(image_path))
source = image.get_layers()[0]
width, height = source.get_width(), source.get_height()
group, seconds = segment(image, "original")

xcf_path = os.path.join(out_dir, f"{stem}-segments.xcf")
Gimp.file_save(Gimp.RunMode.NONINTERACTIVE, image, Gio.File.new_for_path(xcf_path), None)

# The picture: the original on the left, every pixel in its segment's mean
# colour on the right.
means = image.duplicate()
segment(means, "mean")
picture = Gimp.Image.new(2 * width, height, Gimp.ImageBaseType.RGB)
left = Gimp.Layer.new_from_drawable(source, picture)
picture.insert_layer(left, None, 0)
left.set_offsets(0, 0)
right = Gimp.Layer.new_from_visible(means, picture, "segments")
picture.insert_layer(right, None, 0)
right.set_offsets(width, 0)
png_path = os.path.join(out_dir, f"{stem}-segments.png")
Gimp.file_save(Gimp.RunMode.NONINTERACTIVE, picture, Gio.File.new_for_path(png_path), None)

print(f"{image_path}: {width}x{height}, K={k}")
for layer in group.get_children():
    print(f"  {layer.get_name()}")
print(f"segmented in {seconds:.3f} s; wrote {xcf_path} and {png_path}")

for done in (picture, means, image):
    done.delete()
