# open-dialog.py — run by tools/screenshot in GIMP's GUI as a Python-Fu
# batch: opens IMAGE in a window and plug-in-kmeans-segment on its first
# layer in INTERACTIVE mode, so the real dialog shows; returns when the
# dialog is closed.  Arguments: IMAGE (or "" for GIMP's splash) N-SEGMENTS.
# Prints the image's path and its layer's size, for the checks of the preview.
import os
import sys

from gi.repository import Gimp, Gio

image_path, n_segments = sys.argv[1], int(sys.argv[2])
if not image_path:
    image_path = os.path.join(Gimp.data_directory(), "images", "gimp-splash.png")

image = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(image_path))
Gimp.Display.new(image)
layer = image.get_layers()[0]
print(f"open-dialog: {image_path} layer {layer.get_width()}×{layer.get_height()}", flush=True)
procedure = Gimp.get_pdb().lookup_procedure("plug-in-kmeans-segment")
config = procedure.create_config()
config.set_property("run-mode", Gimp.RunMode.INTERACTIVE)
config.set_property("image", image)
config.set_core_object_array("drawables", [layer])
config.set_property("n-segments", n_segments)
procedure.run(config)
image.delete()
