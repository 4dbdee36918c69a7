# 200 calls in one batch, as a script over a folder of images would make:
# every call succeeds, the image keeps only what the script kept, no
# plug-in process stays behind, and GIMP's memory stays flat.
import os
import time

import numpy as np
from gi.repository import Gimp

from kms import check, new_image, quadrants, say, segment, write_pixels

CALLS = 200
COLOURS = [(0.9, 0.1, 0.1), (0.1, 0.8, 0.2), (0.15, 0.2, 0.9), (0.95, 0.9, 0.2)]


def gimp_rss_kb():
    """Resident memory of GIMP itself, this batch's parent process."""
    for line in open(f"/proc/{os.getppid()}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS for GIMP")


def plug_in_processes():
    """Plug-in processes still running, after giving the last one a few
    seconds to exit (it ends after returning its values)."""
    deadline = time.monotonic() + 5.0
    while True:
        running = []
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                status = open(f"/proc/{pid}/status").read()
            except OSError:
                continue
            if "Name:\tkmeans-segment" in status and "State:\tZ" not in status:
                running.append(int(pid))
        if not running or time.monotonic() > deadline:
            return running
        time.sleep(0.1)


image, source = new_image(64, 48)
pixels, _ = quadrants(64, 48, COLOURS, noise=0.05)
write_pixels(source, pixels)
# Undo off: removed groups would otherwise stay in the undo history, and
# its growth would hide a leak.
image.undo_disable()

started = time.monotonic()
for call in range(CALLS):
    group, layers = segment(image, source, n_segments=4, seed=call)
    check(len(layers) == 4, f"call {call + 1} made {len(layers)} segments")
    image.remove_layer(group)
    if call == 19:
        warm_rss = gimp_rss_kb()
elapsed = time.monotonic() - started
final_rss = gimp_rss_kb()

check(len(image.get_layers()) == 1, f"{len(image.get_layers())} top-level layers left")
check(len(Gimp.get_images()) == 1, f"{len(Gimp.get_images())} images open")
check(plug_in_processes() == [], f"plug-in processes left: {plug_in_processes()}")
growth = final_rss - warm_rss
print(f"GIMP RSS after call 20: {warm_rss} kB, after call {CALLS}: {final_rss} kB "
      f"({growth:+d} kB); {elapsed / CALLS * 1000:.0f} ms a call", flush=True)
# 180 calls each add and remove a group of 4 layers; a leak of even one
# 64×48 RGBA layer a call (12 kB) would exceed this.
check(growth < 2048, f"GIMP grew by {growth} kB over {CALLS - 20} calls")
say(f"{CALLS} calls: all succeed, nothing left behind, GIMP's RSS flat ({growth:+d} kB)")
image.delete()
