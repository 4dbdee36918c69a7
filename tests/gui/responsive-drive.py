# responsive-drive.py GIMP-LOG GIMP-PID — drives the dialog that
# responsive.py opened (see tests/gui/responsive), by keys sent with
# xdotool, and reads what it shows from screenshots of its window.
#
# The check box is found by what it shows: two screenshots while nothing
# computes, before and after Alt+E ticks "Create paths" (an argument that
# only changes the output, so the preview must not cluster again), differ
# exactly at the box, its label's focus and the New seed button's focus.  Then New seed starts a clustering of
# seconds and Alt+E follows at once: the dialog answers if those pixels
# show the ticked box while the clustering is still going on (the preview
# has not been redrawn).  A dialog that clusters on its main loop can only
# tick the box after the clustering.  Last, New seed and at once Escape:
# the dialog closes during a clustering, and the plug-in must end cleanly.
import os
import re
import subprocess
import sys
import time

import numpy as np

log_path, gimp_pid = sys.argv[1], int(sys.argv[2])


def fail(message):
    print(f"responsive: {message}", file=sys.stderr)
    sys.exit(1)


def log():
    with open(log_path, errors="replace") as f:
        return f.read()


def count(pattern):
    return len(re.findall(pattern, log()))


def drawn():
    return count(r"preview: .* pixels drawn")


def clusterings():
    """The preview's clusterings, each of which starts by reading its sample."""
    return count(r"preview: \d+×\d+ sample read")


def curves():
    return count(r"preview: curve plot of the")


def alive():
    try:
        os.kill(gimp_pid, 0)
        return True
    except ProcessLookupError:
        return False


def wait_for(what, condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        if not alive():
            break
        time.sleep(0.1)
    fail(f"no {what} after {seconds} s")


def xdotool(*arguments):
    return subprocess.run(["xdotool", *arguments], check=True, capture_output=True,
                          text=True).stdout


def find_dialog():
    found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "^K-Means Segment$"],
                           capture_output=True, text=True).stdout.split()
    return found[0] if found else None


def grab(window):
    geometry = xdotool("getwindowgeometry", window)
    width, height = map(int, re.search(r"Geometry: (\d+)x(\d+)", geometry).groups())
    raw = subprocess.run(["magick", "import", "-window", window, "-depth", "8", "rgb:-"],
                         check=True, capture_output=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(height, width, 3)


def quiet(n_drawn, n_curves):
    """Waits until the preview and the curve plot are drawn anew."""
    wait_for("preview", lambda: drawn() >= n_drawn, 300)
    wait_for("curve plot", lambda: curves() >= n_curves, 300)
    time.sleep(1.0)   # the drawing reaches the screen on the next frame


wait_for("dialog", lambda: find_dialog() is not None, 300)
window = find_dialog()
xdotool("mousemove", "1599", "999")   # no tooltip over the dialog
quiet(1, 1)
xdotool("windowfocus", "--sync", window)

# Calibration, with nothing computing.
xdotool("key", "alt+n")
quiet(drawn() + 1, curves() + 1)
before = grab(window)
n_clusterings = clusterings()
xdotool("key", "alt+e")
quiet(drawn() + 1, 0)
ticked = grab(window)
if clusterings() != n_clusterings:
    fail("ticking Create paths clustered the preview again")
changed = np.any(before != ticked, axis=2)
if not changed.any():
    fail("Alt+E changed nothing in the dialog")
ys, xs = np.nonzero(changed)
print(f"responsive: Alt+E changes {changed.sum()} pixels in x {xs.min()}–{xs.max()}, "
      f"y {ys.min()}–{ys.max()}", file=sys.stderr)
xdotool("key", "alt+e")
quiet(drawn() + 1, 0)

# New seed, then the check box while the preview clusters.
n_drawn = drawn()
xdotool("key", "alt+n")
time.sleep(0.5)
xdotool("key", "alt+e")
asked = time.monotonic()
while True:
    clustered = drawn() > n_drawn
    shot = grab(window)
    if np.array_equal(shot[changed], ticked[changed]):
        shown = time.monotonic()
        break
    if time.monotonic() - asked > 300 or not alive():
        fail("the check box never showed ticked")
wait_for("preview after New seed", lambda: drawn() > n_drawn, 300)
redrawn = time.monotonic()
timings = re.findall(r"preview: .*clustered.* in [0-9.]+ ms", log())
print(f"responsive: the tick showed {1000 * (shown - asked):.0f} ms after Alt+E, the preview "
      f"{1000 * (redrawn - asked):.0f} ms after it ({timings[-1] if timings else 'no timing'})",
      file=sys.stderr)
if clustered:
    fail("the check box showed ticked only once the preview was clustered: "
         "the dialog froze during the clustering")

# Closing the dialog in the middle of a clustering.
n_clusterings = clusterings()
xdotool("key", "alt+n")
wait_for("clustering after New seed", lambda: clusterings() > n_clusterings, 300)
xdotool("key", "Escape")
wait_for("dialog closed", lambda: find_dialog() is None, 60)
print("responsive: the dialog closed during a clustering", file=sys.stderr)
