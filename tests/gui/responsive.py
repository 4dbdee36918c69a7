# responsive.py — run by tests/gui/responsive in GIMP's GUI: opens the
# filter's dialog (INTERACTIVE, as from the menu) on a noise image shown in
# a window, with 64 segments and many restarts, so that each clustering of
# the preview takes seconds; returns when the dialog is closed.
import os
import sys

from gi.repository import Gimp

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(sys.argv[0])), "..", "e2e"))
from kms import PROC, noise_image  # noqa: E402

WIDTH, HEIGHT = 800, 600
image, source = noise_image(WIDTH, HEIGHT, seed=5)
image.clean_all()
Gimp.Display.new(image)

procedure = Gimp.get_pdb().lookup_procedure(PROC)
config = procedure.create_config()
config.set_property("run-mode", Gimp.RunMode.INTERACTIVE)
config.set_property("image", image)
config.set_core_object_array("drawables", [source])
config.set_property("n-segments", 64)
config.set_property("restarts", int(sys.argv[1]))
procedure.run(config)
image.delete()
