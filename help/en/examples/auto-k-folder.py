# auto-k-folder.py — Python-Fu: let K-Means Segment choose the number of
# segments of every PNG and JPEG image of a folder (k-mode tolerance), and
# print each image's K with its error curve.  Nothing is saved.
#
# Run it in GIMP 3's batch mode:
#   gimp-console-3 -i --quit --batch-interpreter=python-fu-eval -b \
#     "import sys; sys.argv = ['auto-k-folder.py', 'IN', '8']; exec(open('auto-k-folder.py').read())"
# or, in this project's environment:
#   tools/dev gimp --python help/en/examples/auto-k-folder.py IN 8
import glob
import os
import sys

from gi.repository import Gimp, Gio, GObject


def choose_k(in_folder, tolerance):
    """Returns {file name: K}, printing one line per image."""
    procedure = Gimp.get_pdb().lookup_procedure("plug-in-kmeans-segment")
    # Return values by name: result.index(0) is the status, then each in turn.
    names = [spec.get_name() for spec in procedure.get_return_values()]
    made, errors = 1 + names.index("n-segments-made"), 1 + names.index("k-curve-error")
    paths = sorted(glob.glob(os.path.join(in_folder, "*.png")) +
                   glob.glob(os.path.join(in_folder, "*.jpg")) +
                   glob.glob(os.path.join(in_folder, "*.jpeg")))
    chosen = {}

    for path in paths:
        image = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(path))
        config = procedure.create_config()
        config.set_property("image", image)
        config.set_core_object_array("drawables", [image.get_layers()[0]])
        config.set_property("k-mode", "tolerance")
        config.set_property("tolerance", tolerance)
        config.set_property("n-segments", 32)          # the most it may make
        result = procedure.run(config)
        if result.index(0) != Gimp.PDBStatusType.SUCCESS:
            raise RuntimeError(f"{path}: {result.index(1)}")

        k = result.index(made)
        # PyGObject hands double arrays over in a box; a GValue opens it.
        box = GObject.Value(Gimp.DoubleArray.__gtype__, result.index(errors))
        curve = Gimp.value_get_double_array(box)
        print(f"{os.path.basename(path)}: K = {k} (ΔE for K = 2…{k}: "
              + " ".join(f"{error:.1f}" for error in curve) + ")")
        chosen[os.path.basename(path)] = k
        image.delete()

    return chosen


if len(sys.argv) >= 2:
    choose_k(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 8.0)
