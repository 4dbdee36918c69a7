# separations.py — Python-Fu: colour separations for screen printing.
# Segments an image into N inks with K-Means Segment (fill "mean", so every
# ink is one flat colour; specks smaller than MIN_REGION pixels, default 16,
# merged into the ink around them, since a screen cannot print them) and
# exports one film positive per ink: a PNG,
# black where that ink prints, white elsewhere, named after the ink's
# number and colour (ink-1-c0392b.png).  Prints the inks with their shares.
#
# Run it in GIMP 3's batch mode:
#   gimp-console-3 -i --quit --batch-interpreter=python-fu-eval -b \
#     "import sys; sys.argv = ['separations.py', 'ART.png', '4', 'FILMS', '16']; exec(open('separations.py').read())"
# or, in this project's environment:
#   tools/dev gimp --python help/en/examples/separations.py ART.png 4 FILMS 16
import os
import sys

from gi.repository import Gegl, Gimp, Gio


def separate(art_path, n_inks, out_folder, min_region=16):
    image = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(art_path))
    procedure = Gimp.get_pdb().lookup_procedure("plug-in-kmeans-segment")
    config = procedure.create_config()
    config.set_property("image", image)
    config.set_core_object_array("drawables", [image.get_layers()[0]])
    config.set_property("n-segments", n_inks)
    config.set_property("fill", "mean")
    config.set_property("min-region", min_region)
    result = procedure.run(config)
    if result.index(0) != Gimp.PDBStatusType.SUCCESS:
        raise RuntimeError(f"{art_path}: {result.index(1)}")

    os.makedirs(out_folder, exist_ok=True)
    Gimp.context_set_foreground(Gegl.Color.new("black"))
    Gimp.context_set_background(Gegl.Color.new("white"))
    films = []
    for number, ink in enumerate(result.index(1).get_children(), start=1):
        # "Segment 2 · #c0392b · 23.4 %" → the ink's colour and share.
        _, colour, share = ink.get_name().split(" · ")
        film = Gimp.Image.new(image.get_width(), image.get_height(), Gimp.ImageBaseType.RGB)
        layer = Gimp.Layer.new_from_drawable(ink, film)
        film.insert_layer(layer, None, 0)
        layer.set_lock_alpha(True)
        layer.edit_fill(Gimp.FillType.FOREGROUND)
        film.flatten()
        path = os.path.join(out_folder, f"ink-{number}-{colour[1:]}.png")
        Gimp.file_save(Gimp.RunMode.NONINTERACTIVE, film, Gio.File.new_for_path(path), None)
        film.delete()
        films.append(path)
        print(f"ink {number}: {colour}, {share} of the pixels → {path}")

    image.delete()
    return films


if len(sys.argv) >= 4:
    separate(sys.argv[1], int(sys.argv[2]), sys.argv[3],
             int(sys.argv[4]) if len(sys.argv) >= 5 else 16)
