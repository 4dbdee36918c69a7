# Bad calls are refused with a calling error whose message names the problem
# and what is allowed, and the image is left exactly as it was: the same
# items and pixels, and no undo step (the image stays clean).
import numpy as np
from gi.repository import Gegl, Gimp

import snapshot
from kms import expect_calling_error, new_image, say, write_pixels

WIDTH, HEIGHT = 24, 16


def picture():
    """An image whose source layer holds two colours, a layer mask on a
    second layer, a channel and a selection: enough items to notice one
    that changes."""
    image, source = new_image(WIDTH, HEIGHT)
    pixels = np.ones((HEIGHT, WIDTH, 4), np.float32)
    pixels[:, : WIDTH // 2, :3] = (0.9, 0.2, 0.1)
    pixels[:, WIDTH // 2:, :3] = (0.1, 0.3, 0.8)
    write_pixels(source, pixels)
    masked = Gimp.Layer.new(image, "masked", WIDTH, HEIGHT, Gimp.ImageType.RGBA_IMAGE, 100,
                            Gimp.LayerMode.NORMAL)
    image.insert_layer(masked, None, 1)
    masked.add_mask(masked.create_mask(Gimp.AddMaskType.WHITE))
    colour = Gegl.Color.new("red")
    channel = Gimp.Channel.new(image, "channel", WIDTH, HEIGHT, 50.0, colour)
    image.insert_channel(channel, None, 0)
    image.select_rectangle(Gimp.ChannelOps.REPLACE, 2, 2, 10, 6)
    return image, source, masked, channel


def refused(image, drawables, what, *fragments, **arguments):
    before = snapshot.take(image)
    message = expect_calling_error(image, drawables, *fragments, **arguments)
    snapshot.require_unchanged(image, before, what)
    say(f"{what}: calling error, image unchanged ({message})")


image, source, masked, channel = picture()
refused(image, [], "no drawable", "exactly one layer", "0 drawables")
refused(image, [source, masked], "two layers", "exactly one layer", "2 drawables")
refused(image, [channel], "a channel", "\"channel\"", "Select a layer")
refused(image, [masked.get_mask()], "a layer mask", "channel or layer mask", "Select a layer")
refused(image, [image.get_selection()], "the selection mask", "Select a layer")

other, other_layer = new_image(WIDTH, HEIGHT)
write_pixels(other_layer, np.ones((HEIGHT, WIDTH, 4), np.float32))
other_before = snapshot.take(other)
refused(image, [other_layer], "a layer of another image", "another image")
snapshot.require_unchanged(other, other_before, "the other image")
other.delete()
image.delete()

# In gimp-console there is no display for the dialog: an interactive call
# is refused instead of ending the plug-in in GTK ("Plug-in crashed").
image, source, *_ = picture()
refused(image, [source], "an interactive call without a display", "interactive mode",
        "no display", "RUN-NONINTERACTIVE", run_mode=Gimp.RunMode.INTERACTIVE)
image.delete()

# Indexed images are refused (menu sensitivity does not filter PDB calls).
image, source, *_ = picture()
image.convert_indexed(Gimp.ConvertDitherType.NONE, Gimp.ConvertPaletteType.GENERATE, 4,
                      False, True, "")
refused(image, [source], "an indexed image", "indexed", "Image > Mode")
image.delete()

# Nothing visible to segment.
image, source = new_image(WIDTH, HEIGHT)
write_pixels(source, np.zeros((HEIGHT, WIDTH, 4), np.float32))
refused(image, [source], "a fully transparent layer", "nothing to segment")
image.delete()

image, source = new_image(WIDTH, HEIGHT)
write_pixels(source, np.ones((HEIGHT, WIDTH, 4), np.float32))
refused(image, [source], "alpha-threshold 1 on an opaque layer", "nothing to segment",
        alpha_threshold=1.0)
image.delete()

for precision in ("float", "float-linear", "half"):
    image, source = new_image(WIDTH, HEIGHT, precision=precision)
    pixels = np.ones((HEIGHT, WIDTH, 4), np.float32)
    pixels[..., :3] = np.nan
    pixels[::2, ::3, 0] = np.inf
    pixels[1::2, ::2, 1] = -np.inf
    write_pixels(source, pixels)
    refused(image, [source], f"a {precision} layer of NaN and ±Inf pixels", "nothing to segment")
    image.delete()
