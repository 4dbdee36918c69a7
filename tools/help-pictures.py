# help-pictures.py — run by `tools/dev help-pictures` as a Python-Fu batch:
# makes the manual's pictures of each argument's effect from the demo image
# (GIMP's splash) with plug-in-kmeans-segment, and the screen-printing
# recipe's films with the manual's own separations.py.  Each picture is the
# result reduced to WIDTH pixels wide.  Arguments: OUT_DIR.
import os
import shutil
import sys
import tempfile

from gi.repository import Gegl, Gimp, Gio

out_dir = sys.argv[1]
WIDTH = 480
splash = os.path.join(Gimp.data_directory(), "images", "gimp-splash.png")

# name → arguments of plug-in-kmeans-segment, and what the picture shows:
# "result" is the image as the user sees it after the run (the group over
# the source), "layer 2" the second segment layer alone, "mask 2" its layer
# mask, "channel 2" the second segment's channel, "label map" the label map
# with its levels spread to be seen, "swatches" the segments' colours in
# layer order, "detail" the image as seen in DETAIL at DETAIL_ZOOM times
# its size (pixel for pixel, to show specks), "paths" every segment's path
# drawn in black on white, over DETAIL.
PICTURES = {
    "segments-3": ({"n-segments": 3, "fill": "mean"}, "result"),
    "segments-6": ({"n-segments": 6, "fill": "mean"}, "result"),
    "segments-12": ({"n-segments": 12, "fill": "mean"}, "result"),
    "space-lab": ({"n-segments": 5, "color-space": "lab", "fill": "mean"}, "result"),
    "space-rgb": ({"n-segments": 5, "color-space": "rgb", "fill": "mean"}, "result"),
    "space-oklab": ({"n-segments": 5, "color-space": "oklab", "fill": "mean"}, "result"),
    "space-linear-rgb": ({"n-segments": 5, "color-space": "linear-rgb", "fill": "mean"}, "result"),
    "iterations-1": ({"n-segments": 8, "max-iterations": 1, "fill": "mean"}, "result"),
    "iterations-100": ({"n-segments": 8, "max-iterations": 100, "fill": "mean"}, "result"),
    "seed-0": ({"n-segments": 4, "seed": 0, "fill": "mean"}, "result"),
    "seed-7": ({"n-segments": 4, "seed": 7, "fill": "mean"}, "result"),
    "fill-original": ({"n-segments": 6, "fill": "original"}, "layer 2"),
    "fill-mean": ({"n-segments": 6, "fill": "mean"}, "layer 2"),
    "fill-mask": ({"n-segments": 6, "fill": "mask"}, "mask 2"),
    "sort-share": ({"n-segments": 8, "sort-by": "share"}, "swatches"),
    "sort-lightness": ({"n-segments": 8, "sort-by": "lightness"}, "swatches"),
    "sort-hue": ({"n-segments": 8, "sort-by": "hue"}, "swatches"),
    "channel-2": ({"n-segments": 6, "create-channels": True}, "channel 2"),
    "label-map": ({"n-segments": 6, "create-label-map": True}, "label map"),
    "regions-plain": ({"n-segments": 8, "fill": "mean"}, "detail"),
    "regions-min-16": ({"n-segments": 8, "fill": "mean", "min-region": 16}, "detail"),
    "regions-min-64": ({"n-segments": 8, "fill": "mean", "min-region": 64}, "detail"),
    "regions-8-connected": ({"n-segments": 8, "fill": "mean", "min-region": 64,
                             "connectivity": "8"}, "detail"),
    "smoothing-1": ({"n-segments": 8, "fill": "mean", "smoothing": 1}, "detail"),
    "smoothing-3": ({"n-segments": 8, "fill": "mean", "smoothing": 3}, "detail"),
    "smoothing-10": ({"n-segments": 8, "fill": "mean", "smoothing": 10}, "detail"),
    "paths": ({"n-segments": 8, "fill": "mean", "min-region": 64, "create-paths": True},
              "paths"),
}
# A busy part of the splash (trees on a slope), as (x, y, width, height).
DETAIL = (1180, 640, 240, 160)
DETAIL_ZOOM = 2


def save_png(image, path):
    """Exports without a time stamp, so that unchanged pictures stay
    unchanged files."""
    procedure = Gimp.get_pdb().lookup_procedure("file-png-export")
    config = procedure.create_config()
    config.set_property("image", image)
    config.set_property("file", Gio.File.new_for_path(path))
    config.set_property("time", False)
    result = procedure.run(config)
    if result.index(0) != Gimp.PDBStatusType.SUCCESS:
        raise SystemExit(f"file-png-export {path}: {result.index(1)}")
    print(f"wrote {path}")


def save_reduced(source, name, visible):
    """Saves the drawable (or, if visible, its image as seen) at WIDTH."""
    image = source.get_image()
    picture = Gimp.Image.new(image.get_width(), image.get_height(), Gimp.ImageBaseType.RGB)
    if visible:
        layer = Gimp.Layer.new_from_visible(image, picture, name)
    else:
        layer = Gimp.Layer.new_from_drawable(source, picture)
    picture.insert_layer(layer, None, 0)
    picture.scale(WIDTH, round(image.get_height() * WIDTH / image.get_width()))
    save_png(picture, os.path.join(out_dir, f"{name}.png"))
    picture.delete()


def save_detail(image, name, paths=None):
    """Saves DETAIL of the image as seen (or the paths' outlines on white),
    enlarged DETAIL_ZOOM times pixel for pixel."""
    x, y, width, height = DETAIL
    picture = Gimp.Image.new(image.get_width(), image.get_height(), Gimp.ImageBaseType.RGB)
    if paths is None:
        layer = Gimp.Layer.new_from_visible(image, picture, name)
        picture.insert_layer(layer, None, 0)
    else:
        layer = Gimp.Layer.new(picture, name, image.get_width(), image.get_height(),
                               Gimp.ImageType.RGB_IMAGE, 100, Gimp.LayerMode.NORMAL)
        picture.insert_layer(layer, None, 0)
        layer.fill(Gimp.FillType.WHITE)
        Gimp.context_set_foreground(Gegl.Color.new("black"))
        for path in paths:
            copy = Gimp.Path.new(picture, name)
            picture.insert_path(copy, None, 0)
            for stroke in path.get_strokes():
                kind, points, closed = path.stroke_get_points(stroke)
                copy.stroke_new_from_points(kind, points, closed)
            # The outlines as a one-pixel border of the path's selection.
            picture.select_item(Gimp.ChannelOps.REPLACE, copy)
            Gimp.Selection.border(picture, 1)
            layer.edit_fill(Gimp.FillType.FOREGROUND)
        Gimp.Selection.none(picture)
    picture.crop(width, height, x, y)
    interpolation = Gimp.context_get_interpolation()
    Gimp.context_set_interpolation(Gimp.InterpolationType.NONE)
    picture.scale(width * DETAIL_ZOOM, height * DETAIL_ZOOM)
    Gimp.context_set_interpolation(interpolation)
    save_png(picture, os.path.join(out_dir, f"{name}.png"))
    picture.delete()


def save_swatches(group, name):
    """One band per segment, in layer order, in its colour (from its name)."""
    colours = [layer.get_name().split(" · ")[1] for layer in group.get_children()
               if " · " in layer.get_name()]
    picture = Gimp.Image.new(WIDTH, 40, Gimp.ImageBaseType.RGB)
    layer = Gimp.Layer.new(picture, name, WIDTH, 40, Gimp.ImageType.RGB_IMAGE, 100,
                           Gimp.LayerMode.NORMAL)
    picture.insert_layer(layer, None, 0)
    for number, colour in enumerate(colours):
        left = number * WIDTH // len(colours)
        right = (number + 1) * WIDTH // len(colours)
        picture.select_rectangle(Gimp.ChannelOps.REPLACE, left, 0, right - left, 40)
        Gimp.context_set_foreground(Gegl.Color.new(colour))
        layer.edit_fill(Gimp.FillType.FOREGROUND)
    save_png(picture, os.path.join(out_dir, f"{name}.png"))
    picture.delete()


def returned(procedure, result, name):
    names = [spec.name for spec in procedure.get_return_values()]
    return result.index(names.index(name) + 1)


def segmented(arguments):
    image = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(splash))
    procedure = Gimp.get_pdb().lookup_procedure("plug-in-kmeans-segment")
    config = procedure.create_config()
    config.set_property("image", image)
    config.set_core_object_array("drawables", [image.get_layers()[0]])
    for name, value in arguments.items():
        config.set_property(name, value)
    result = procedure.run(config)
    if result.index(0) != Gimp.PDBStatusType.SUCCESS:
        raise SystemExit(f"plug-in-kmeans-segment {arguments}: {result.index(1)}")
    return image, procedure, result


os.makedirs(out_dir, exist_ok=True)
original = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(splash))
save_reduced(original.get_layers()[0], "original", False)
save_detail(original, "regions-original")
original.delete()

for name, (arguments, shows) in PICTURES.items():
    image, procedure, result = segmented(arguments)
    group = returned(procedure, result, "group")
    kind, _, number = shows.partition(" ")
    if kind == "result":
        save_reduced(group, name, True)
    elif kind == "swatches":
        save_swatches(group, name)
    elif kind == "detail":
        save_detail(image, name)
    elif kind == "paths":
        save_detail(image, name, image.get_paths())
    elif kind == "layer":
        save_reduced(group.get_children()[int(number) - 1], name, False)
    elif kind == "mask":
        save_reduced(group.get_children()[int(number) - 1].get_mask(), name, False)
    elif kind == "channel":
        # The segment channels are the image's first channels, in order.
        save_reduced(image.get_channels()[int(number) - 1], name, False)
    else:
        # Segment n is byte n: spread 0…K over black…white to be seen.
        label_map = returned(procedure, result, "label-map")
        step = 255 // arguments["n-segments"]
        area = Gegl.Rectangle.new(0, 0, label_map.get_width(), label_map.get_height())
        buffer = label_map.get_buffer()
        labels = buffer.get(area, 1.0, "Y' u8", Gegl.AbyssPolicy.NONE)
        buffer.set(area, "Y' u8", labels.translate(bytes(min(255, v * step) for v in range(256))))
        buffer.flush()
        save_reduced(label_map, name, False)
    image.delete()

# The screen-printing recipe, run as the manual tells: films of 4 inks.
separations = os.path.join(os.path.dirname(os.path.abspath(sys.argv[0])),
                           "..", "help", "en", "examples", "separations.py")
inks_dir = tempfile.mkdtemp()
sys.argv = [separations, splash, "4", inks_dir]
exec(compile(open(separations).read(), separations, "exec"), {"__name__": "__main__"})
# The manual shows them as films/film-1.png…, names that do not depend on
# the colours found.
films_dir = os.path.join(out_dir, "films")
shutil.rmtree(films_dir, ignore_errors=True)
os.makedirs(films_dir)
for number, film in enumerate(sorted(os.listdir(inks_dir)), start=1):
    image = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE,
                           Gio.File.new_for_path(os.path.join(inks_dir, film)))
    image.scale(WIDTH // 2, round(image.get_height() * (WIDTH // 2) / image.get_width()))
    save_png(image, os.path.join(films_dir, f"film-{number}.png"))
    image.delete()
shutil.rmtree(inks_dir)
