# create-palette names the palette after the image (its file's name without
# an image file extension) or, for an image without a file, after the
# layer; the name is cut to 200 bytes, at a character boundary, so that
# GIMP can save the palette's file and delete it again.
import os
import tempfile

from gi.repository import Gio

from kms import check, new_image, quadrants, returned, say, write_pixels

# GIMP says so when it cannot write a palette's file ("File name too long").
# forbid-message: data saving failed

COLOURS = [(0.9, 0.1, 0.1), (0.1, 0.8, 0.2), (0.15, 0.2, 0.9), (0.95, 0.9, 0.2)]


def palette_of(image, layer):
    palette = returned(image, layer, n_segments=2, create_palette=True)["palette"]
    check(palette is not None, "no palette made")
    name = palette.get_name()
    check(palette.delete(), f"the palette {name!r} could not be deleted")
    return name


def picture(layer_name):
    image, source = new_image(16, 12)
    write_pixels(source, quadrants(16, 12, COLOURS)[0])
    source.set_name(layer_name)
    return image, source


# Long names: cut to 200 bytes, never inside a character.
for long_name in ("x" * 300, "é" * 200, "a" + "🎨" * 100):
    image, source = picture(long_name)
    name = palette_of(image, source)
    size = len(name.encode())
    check(name.endswith(" K-Means") and size <= 200,
          f"a {len(long_name)}-character layer name gave a palette named "
          f"{name[:20]!r}… of {size} bytes")
    check(long_name.startswith(name[: -len(" K-Means")]) and size > 190,
          f"the palette's name {name!r} is not the layer's name cut short")
    say(f"a layer named {long_name[:3]!r}… ({len(long_name.encode())} bytes): "
        f"a palette of {size} bytes, saved and deleted")
    image.delete()

# Only an image file extension is dropped.
for layer_name, stem in (("Mr. Smith", "Mr. Smith"), ("photo.JPG", "photo"),
                         ("a.b.c.png", "a.b.c"), ("scan.xcf.gz", "scan"), ("v1.2", "v1.2"),
                         ("notes.txt", "notes.txt"), (".png", ".png"), ("  spaced  ", "spaced")):
    image, source = picture(layer_name)
    name = palette_of(image, source)
    check(name == f"{stem} K-Means", f"a layer named {layer_name!r} gave {name!r}")
    image.delete()
image, source = picture("   ")
name = palette_of(image, source)
check(name == "K-Means", f"a layer named with spaces only gave {name!r}")
image.delete()
say("image extensions dropped, other dots kept: \"Mr. Smith\", \"v1.2\", \"notes.txt\" stay whole; "
    "spaces around a name dropped, a name of spaces only gives \"K-Means\"")

# An image with a file (as an image opened in GIMP's GUI has): the file's
# name without its extension.
image, source = picture("layer")
image.set_file(Gio.File.new_for_path(os.path.join(tempfile.gettempdir(), "Mr. Smith.xcf")))
name = palette_of(image, source)
check(name == "Mr. Smith K-Means", f"the image \"Mr. Smith.xcf\" gave {name!r}")
say("the image \"Mr. Smith.xcf\": a palette \"Mr. Smith K-Means\"")
image.delete()
