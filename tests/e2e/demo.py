# tools/dev demo's script, run as the demo runs it (on GIMP's splash, here
# with 3 segments into a temporary folder): it writes its XCF and PNG, and
# GIMP then exits without a CRITICAL or stale contexts.  Those came from
# GIMP 3.0.4's own exit after a batch, not from the demo or the plug-in;
# tools/gimp-with-plugin now ends a batch with gimp-quit.
# forbid-message: CRITICAL
# forbid-message: list of contexts not empty
import os
import sys
import tempfile

from kms import check, say

here = os.path.dirname(os.path.abspath(sys.argv[0]))
demo = os.path.join(here, "..", "..", "tools", "demo.py")
out_dir = tempfile.mkdtemp()

sys.argv = [demo, "", "3", out_dir]
exec(compile(open(demo).read(), demo, "exec"))

written = sorted(os.listdir(out_dir))
check(written == ["gimp-splash-segments.png", "gimp-splash-segments.xcf"],
      f"the demo wrote {written}")
for name in written:
    os.remove(os.path.join(out_dir, name))
os.rmdir(out_dir)
say("the demo on GIMP's splash, 3 segments: its XCF and PNG written")
