# A text layer is segmented like any layer: its rendered pixels, at its
# place.  Runs inside headless GIMP with fonts (KMEANS_SEGMENT_FONTS).
import numpy as np
from gi.repository import Gegl, Gimp

from kms import (alpha_of, check, new_image, read_raw, require_partition,
                 require_source_pixels, returned, say)

image, background = new_image(120, 60)
background.fill(Gimp.FillType.WHITE)
text = Gimp.TextLayer.new(image, "Kmeans", Gimp.context_get_font(), 32.0, Gimp.Unit.pixel())
check(text is not None, "no text layer: are fonts loaded?")
image.insert_layer(text, None, 0)
text.set_offsets(7, 5)
text.set_color(Gegl.Color.new("#c01020"))
_, rendered = read_raw(text)
visible = alpha_of([text])[0] > 0
# GIMP 3.0 renders the text in its one colour, antialiased by alpha alone:
# K=2 then makes one segment.  In general, as many as the visible pixels
# have colours, two at most.
n_colours = len(np.unique(rendered[visible][:, :3], axis=0))
values = returned(image, text, n_segments=2, seed=1)
layers = list(values["group"].get_children())
check(len(layers) == values["n-segments-made"] == min(2, n_colours),
      f"{len(layers)} segment layers, {values['n-segments-made']} made, from a text "
      f"layer of {n_colours} colours")
for layer in layers:
    check(layer.get_offsets()[1:] == (7, 5) and layer.get_width() == text.get_width(),
          "segment layer not at the text layer's place and size")
require_source_pixels(layers, rendered, "a text layer")
require_partition(layers, visible, "a text layer")
check(text.is_text_layer() and np.array_equal(read_raw(text)[1], rendered),
      "the text layer changed or lost its text")
say("a text layer: its rendered pixels are segmented, the text layer stays text")
image.delete()
