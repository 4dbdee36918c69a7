# segment-file.py — Python-Fu: segment one image file and save the result
# as XCF.  Run it in GIMP 3's batch mode, e.g. with this project's tool:
#   tools/dev gimp --python examples/segment-file.py IN.png OUT.xcf 6
# or with any GIMP 3:
#   gimp-console-3 -i --quit --batch-interpreter=python-fu-eval \
#     -b "import sys; sys.argv = ['x', 'IN.png', 'OUT.xcf', '6']; exec(open('segment-file.py').read())"
import sys

from gi.repository import Gimp, Gio


def segment_file(in_path, out_path, n_segments):
    image = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(in_path))
    layer = image.get_layers()[0]

    procedure = Gimp.get_pdb().lookup_procedure("plug-in-kmeans-segment")
    config = procedure.create_config()
    config.set_property("image", image)
    config.set_core_object_array("drawables", [layer])
    config.set_property("n-segments", n_segments)
    config.set_property("color-space", "lab")
    config.set_property("seed", 1)
    result = procedure.run(config)
    if result.index(0) != Gimp.PDBStatusType.SUCCESS:
        raise RuntimeError(f"{in_path}: {result.index(1)}")

    group, made = result.index(1), result.index(2)
    for segment in group.get_children():
        print(segment.get_name())
    Gimp.file_save(Gimp.RunMode.NONINTERACTIVE, image, Gio.File.new_for_path(out_path), None)
    image.delete()
    return made


if len(sys.argv) >= 3:
    segment_file(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 8)
