# A text layer is segmented like any layer: its rendered pixels, at its
# place.  Runs inside headless GIMP with fonts (KMEANS_SEGMENT_FONTS).
import numpy as np
from gi.repository import Gegl, Gimp

from kms import alpha_of, check, new_image, read_raw, returned, say

image, background = new_image(120, 60)
background.fill(Gimp.FillType.WHITE)
text = Gimp.TextLayer.new(image, "Kmeans", Gimp.context_get_font(), 32.0, Gimp.Unit.pixel())
check(text is not None, "no text layer: are fonts loaded?")
image.insert_layer(text, None, 0)
text.set_offsets(7, 5)
text.set_color(Gegl.Color.new("#c01020"))
_, rendered = read_raw(text)
values = returned(image, text, n_segments=2, seed=1)
layers = list(values["group"].get_children())
check(len(layers) >= 1, "no segment layer from a text layer")
owners = np.zeros(rendered.shape[:2], int)
for layer in layers:
    check(layer.get_offsets()[1:] == (7, 5) and layer.get_width() == text.get_width(),
          "segment layer not at the text layer's place and size")
    _, raw = read_raw(layer)
    covered = alpha_of([layer])[0] > 0
    owners += covered
    check(np.array_equal(raw[covered], rendered[covered]), "segment pixels differ from the text's")
check(np.array_equal(owners, (alpha_of([text])[0] > 0).astype(int)),
      "the segments do not partition the text's visible pixels")
check(text.is_text_layer() and np.array_equal(read_raw(text)[1], rendered),
      "the text layer changed or lost its text")
say("a text layer: its rendered pixels are segmented, the text layer stays text")
image.delete()
