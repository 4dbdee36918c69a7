# undo.py — run by tests/gui/undo in GIMP's GUI: segments an image shown in
# a window, tells the driver (which then presses Ctrl+Z once in that window)
# and checks that this one undo step gave the image back exactly: the same
# items and pixels, the filter's group and layers gone.  A second call
# after it, and its undo, must behave alike.
import os
import sys
import time

import numpy as np
from gi.repository import Gimp

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(sys.argv[0])), "..", "e2e"))
import snapshot  # noqa: E402
from kms import check, new_image, quadrants, say, segment, write_pixels  # noqa: E402

steps = sys.argv[1]   # the driver's handshake folder


def undone_by_one_step(image, before, what, **arguments):
    group, layers = segment(image, source, **arguments)
    check(len(layers) == arguments["n_segments"], f"{what}: {len(layers)} segments")
    # The driver presses Ctrl+Z once when it sees this file.
    open(os.path.join(steps, f"{what}.filtered"), "w").close()
    deadline = time.monotonic() + 60
    while len(image.get_layers()) != 1 and time.monotonic() < deadline:
        time.sleep(0.2)
    check(len(image.get_layers()) == 1, f"{what}: Ctrl+Z did not remove the group")
    # Let a second, unwanted undo step (if the filter had made several)
    # show: the driver presses Ctrl+Z only once, so the image must now equal
    # the snapshot exactly.
    time.sleep(1)
    snapshot.require_unchanged(image, before, what, undo_free=False)
    say(f"{what}: one Ctrl+Z removes the group and its {len(layers)} layers, the image is as before")


COLOURS = [(0.9, 0.1, 0.1), (0.1, 0.8, 0.2), (0.15, 0.2, 0.9), (0.95, 0.9, 0.2)]
image, source = new_image(64, 48)
pixels, _ = quadrants(64, 48, COLOURS, noise=0.03)
write_pixels(source, pixels)
image.clean_all()
Gimp.Display.new(image)
before = snapshot.take(image)
undone_by_one_step(image, before, "first", n_segments=4)
undone_by_one_step(image, before, "second", n_segments=3, fill="mean")
open(os.path.join(steps, "done"), "w").close()
image.clean_all()
image.delete()
