# batch-folder.py — Python-Fu: segment every PNG and JPEG image of a folder
# with K-Means Segment and save each result as XCF in another folder.
#
# Run it in GIMP 3's batch mode:
#   gimp-console-3 -i --quit --batch-interpreter=python-fu-eval -b \
#     "import sys; sys.argv = ['batch-folder.py', 'IN', 'OUT', '6']; exec(open('batch-folder.py').read())"
# or, in this project's environment:
#   tools/dev gimp --python help/en/examples/batch-folder.py IN OUT 6
import glob
import os
import sys

from gi.repository import Gimp, Gio


def segment_folder(in_folder, out_folder, n_segments):
    procedure = Gimp.get_pdb().lookup_procedure("plug-in-kmeans-segment")
    os.makedirs(out_folder, exist_ok=True)
    paths = sorted(glob.glob(os.path.join(in_folder, "*.png")) +
                   glob.glob(os.path.join(in_folder, "*.jpg")) +
                   glob.glob(os.path.join(in_folder, "*.jpeg")))

    for path in paths:
        image = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(path))
        config = procedure.create_config()
        config.set_property("image", image)
        config.set_core_object_array("drawables", [image.get_layers()[0]])
        config.set_property("n-segments", n_segments)
        config.set_property("fill", "original")
        result = procedure.run(config)
        if result.index(0) != Gimp.PDBStatusType.SUCCESS:
            raise RuntimeError(f"{path}: {result.index(1)}")

        name = os.path.splitext(os.path.basename(path))[0] + ".xcf"
        Gimp.file_save(Gimp.RunMode.NONINTERACTIVE, image,
                       Gio.File.new_for_path(os.path.join(out_folder, name)), None)
        print(f"{path}: {result.index(2)} segments → {name}")
        image.delete()

    return len(paths)


if len(sys.argv) >= 3:
    segment_folder(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 8)
