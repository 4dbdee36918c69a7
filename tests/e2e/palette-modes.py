# The palette argument: lock paints the entries' exact colours in 8-bit; a
# fixed background keeps its segment number, name and colour in every frame
# of a moving shape (lock, and partial's "!" entries); a palette made by
# create-palette, locked, gives back its run's labels; bad palettes are
# calling errors that leave the image untouched.
import numpy as np
from gi.repository import Gegl, Gimp

import snapshot
from kms import (check, expect_calling_error, new_image, quadrants, read_raw, returned, say,
                 segment, write_pixels)

WIDTH, HEIGHT = 40, 24
BACKGROUND = (0x30, 0x40, 0x50)
SHAPE = (0xe0, 0x90, 0x20)


def make_palette(name, entries):
    palette = Gimp.Palette.new(name)
    for entry_name, rgb in entries:
        colour = Gegl.Color.new("#%02x%02x%02x" % rgb)
        check(palette.add_entry(entry_name, colour)[0], f"entry {entry_name!r} not added")
    return palette


def frame(x):
    """A shape of 8 × 8 pixels at column x over the background, with a
    little noise on both (±6 of 255)."""
    image, source = new_image(WIDTH, HEIGHT)
    pixels = np.ones((HEIGHT, WIDTH, 4), np.float32)
    pixels[..., :3] = np.array(BACKGROUND) / 255.0
    pixels[8:16, x:x + 8, :3] = np.array(SHAPE) / 255.0
    rng = np.random.default_rng(x)
    pixels[..., :3] += rng.uniform(-6 / 255, 6 / 255, (HEIGHT, WIDTH, 3)).astype(np.float32)
    write_pixels(source, np.clip(pixels, 0, 1))
    shape = np.zeros((HEIGHT, WIDTH), bool)
    shape[8:16, x:x + 8] = True
    return image, source, ~shape


def layer_named(layers, number):
    found = [layer for layer in layers if layer.get_name().startswith(f"Segment {number} · ")]
    check(len(found) == 1, f"{len(found)} layers numbered {number}: "
          f"{[layer.get_name() for layer in layers]}")
    return found[0]


# Lock, fill=mean: every painted pixel is its entry's colour, bit for bit.
inks = make_palette("kms lock inks", [("Background", BACKGROUND), ("Orange", SHAPE),
                                      ("Navy", (0x1b, 0x2a, 0x4a))])
image, source, _ = frame(10)
group, layers = segment(image, source, palette=inks, palette_mode="lock", fill="mean")
for number, (entry_name, rgb) in enumerate([("Background", BACKGROUND), ("Orange", SHAPE)], 1):
    layer = layer_named(layers, number)
    check(f" · {entry_name} · " in layer.get_name(), f"layer {number} is {layer.get_name()!r}")
    _, raw = read_raw(layer)
    painted = raw[raw[..., 3] > 0]
    check(len(painted) > 0 and (painted[:, :3] == rgb).all(),
          f"layer {number}'s colours {np.unique(painted[:, :3], axis=0)} are not {rgb}")
say(f"lock, fill=mean: {[layer.get_name() for layer in layers]}, colours bit-equal to the entries")
image.delete()

# A moving shape over a fixed background: segment 1 is the background in
# every frame, with the same name and colour, in 100 % of its pixels.
for mode, palette in (("lock", make_palette("kms frame inks", [("Background", BACKGROUND),
                                                                ("Orange", SHAPE)])),
                      ("partial", make_palette("kms partial inks",
                                               [("!Background", BACKGROUND),
                                                ("Shape", (0xc0, 0x80, 0x40))]))):
    names = set()
    for x in (4, 16, 28):
        image, source, background = frame(x)
        group, layers = segment(image, source, palette=palette, palette_mode=mode, fill="mean")
        layer = layer_named(layers, 1)
        _, raw = read_raw(layer)
        wrong = ((raw[..., 3] > 0) != background).sum()
        check(wrong == 0, f"{mode}, shape at {x}: segment 1 differs from the background "
                          f"in {wrong} pixels")
        check((raw[background][:, :3] == BACKGROUND).all(),
              f"{mode}, shape at {x}: segment 1's colour is not the background entry's")
        names.add(layer.get_name().rsplit(" · ", 1)[0])
        image.delete()
    check(len(names) == 1, f"{mode}: segment 1 changed its name across frames: {names}")
    say(f"{mode}: three frames, segment 1 = {names.pop()!r}, the whole background, its colour")
    palette.delete()

# Seed: more segments than entries adds k-means++ segments after the
# entries (named without one); fewer uses the first n-segments entries.
image, source, _ = frame(10)
for n_segments, names in ((4, ["Background", "Orange", "Navy"]), (2, ["Background", "Orange"])):
    group, layers = segment(image, source, palette=inks, palette_mode="seed",
                            n_segments=n_segments)
    check(len(layers) == n_segments, f"seed, n-segments {n_segments}: {len(layers)} layers")
    for number, entry_name in enumerate(names, 1):
        check(f" · {entry_name} · " in layer_named(layers, number).get_name(),
              f"seed, n-segments {n_segments}: layer {number} is not {entry_name!r}")
    if n_segments == 4:
        extra = layer_named(layers, 4).get_name()
        check(extra.count(" · ") == 2, f"seed: the k-means++ segment 4 is named {extra!r}")
    say(f"seed, n-segments {n_segments}: {[layer.get_name() for layer in layers]}")
image.delete()

# create-palette's palette, locked on the same image, gives the same labels.
image, source = new_image(WIDTH, HEIGHT)
write_pixels(source, quadrants(WIDTH, HEIGHT, [(0.9, 0.1, 0.1), (0.1, 0.8, 0.2),
                                               (0.15, 0.2, 0.9), (0.95, 0.9, 0.2)],
                               noise=0.08)[0])
first = returned(image, source, n_segments=4, create_palette=True, create_label_map=True)
again = returned(image, source, palette=first["palette"], palette_mode="lock",
                 create_label_map=True)
_, labels_first = read_raw(first["label-map"])
_, labels_again = read_raw(again["label-map"])
check((labels_first == labels_again).all(),
      f"{(labels_first != labels_again).any(axis=2).sum()} pixels changed label")
say("segment → its palette → lock: the same label of every pixel")
first["palette"].delete()

# Bad palettes: calling errors, the image untouched.
empty = Gimp.Palette.new("kms empty")
one = make_palette("kms one entry", [("Only", BACKGROUND)])
many = make_palette("kms 65 entries", [(f"e{i}", (i, i, i)) for i in range(65)])
gone = make_palette("kms deleted", [("a", BACKGROUND), ("b", SHAPE)])
gone.delete()
for palette, what, fragments in ((empty, "an empty palette", ("\"kms empty\": 0.", "2 to 64")),
                                 (one, "a one-entry palette", ("\"kms one entry\": 1.", "2 to 64")),
                                 (many, "a palette of 65 entries", ("\"kms 65 entries\": 65.", "2 to 64")),
                                 (gone, "a deleted palette (refused by GIMP)", ("argument 'palette'",))):
    before = snapshot.take(image)
    message = expect_calling_error(image, [source], *fragments, palette=palette,
                                   palette_mode="lock")
    snapshot.require_unchanged(image, before, what)
    say(f"{what}: calling error, image unchanged ({message})")
# A palette with palette-mode left at "none" (the dialog's default) would
# be dropped without a word: a script is told.
before = snapshot.take(image)
message = expect_calling_error(image, [source], "palette-mode is \"none\"", "\"seed\"",
                               palette=inks)
snapshot.require_unchanged(image, before, "a palette with palette-mode none")
say(f"a palette with palette-mode none: calling error, image unchanged ({message})")
for palette in (empty, one, many, inks):
    palette.delete()
image.delete()
