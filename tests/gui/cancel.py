# cancel.py — run by tests/gui/cancel in GIMP's GUI: segments a large image
# shown in a window while the plug-in's test hook holds the run, once while
# it writes the segment layers and once when every item is written but
# none is in the image yet (the last moment a Cancel can reach); the driver
# then clicks Cancel on the progress, which kills the plug-in.  Each time
# the call must return CANCEL and the image must be exactly as before: the
# same items and pixels, no undo step, no palette.
import os
import sys

from gi.repository import Gimp

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(sys.argv[0])), "..", "e2e"))
import snapshot  # noqa: E402
from kms import check, noise_image, returned, run, say  # noqa: E402

steps = sys.argv[1]   # the driver's folder
hook = os.environ["KMEANS_SEGMENT_TEST_HOOK"]


def palette_names():
    return sorted(palette.get_name() for palette in Gimp.palettes_get_list(""))


# Noise: every block of every one of the 32 segment layers holds pixels, so
# the result is large (32 layers and 32 channels of 1.2 megapixels).
WIDTH, HEIGHT = 1200, 1000
image, source = noise_image(WIDTH, HEIGHT, seed=3)
image.clean_all()
Gimp.Display.new(image)
everything = dict(n_segments=32, create_channels=True, create_label_map=True,
                  create_palette=True)

for stage in ("layers", "written"):
    with open(hook, "w") as held:
        held.write(f"wait {stage}")
    palettes = palette_names()
    before = snapshot.take(image)
    status, values = run(image, [source], **everything)
    check(status == Gimp.PDBStatusType.CANCEL, f"Cancel at {stage!r}: the call gave {status}")
    snapshot.require_unchanged(image, before, f"Cancel at {stage!r}")
    check(palette_names() == palettes, f"Cancel at {stage!r}: a palette was made")
    say(f"Cancel while held at {stage!r}: CANCEL, the image unchanged, no palette")

with open(hook, "w") as held:
    held.write("wait nowhere")
values = returned(image, source, n_segments=4, create_channels=True)
check(len(values["group"].get_children()) == 4 and len(values["channels"]) == 4,
      "the run after the cancels is not whole")
say("then a run without the hook: the group with 4 layers, 4 channels")
open(os.path.join(steps, "done"), "w").close()
image.clean_all()
image.delete()
