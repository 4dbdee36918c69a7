# The README's Python-Fu example, run as a user would, then its output checked.
import os
import sys
import tempfile

from gi.repository import Gimp, Gio

from kms import NAME_PATTERN, check, say

here = os.path.dirname(os.path.abspath(sys.argv[0]))
example = os.path.join(here, "..", "..", "examples", "segment-file.py")
splash = os.path.join(Gimp.data_directory(), "images", "gimp-splash.png")
out_path = os.path.join(tempfile.mkdtemp(), "splash.xcf")

sys.argv = [example, splash, out_path, "6"]
exec(compile(open(example).read(), example, "exec"))

image = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(out_path))
top = image.get_layers()
check(len(top) == 2 and top[0].is_group(), f"saved XCF holds {[l.get_name() for l in top]}")
segments = top[0].get_children()
check(len(segments) == 6, f"expected 6 segment layers, got {len(segments)}")
check(all(NAME_PATTERN.match(s.get_name()) for s in segments), "segment names do not follow the rule")
image.delete()
say("examples/segment-file.py segments GIMP's splash into 6 layers saved as XCF")
