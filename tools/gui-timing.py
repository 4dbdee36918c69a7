# gui-timing.py — run by `tools/dev gui-timing` as a Python-Fu batch, first
# in headless GIMP, then in GIMP's GUI, where it opens IMAGE in a window
# (the Layers dock beside it, as GIMP starts).  It times, RUNS times each, K-Means Segment with its defaults and GIMP's
# own Colors › Posterize (merged into a copy of the layer, 3 levels, its
# default) from the call — the moment OK is pressed — to the call's end and
# to GIMP idle: the result drawn, the Layers dock's previews made, nothing
# left to do.  GIMP is idle once its process has used less than one clock
# tick of processor time in IDLE_WINDOW seconds; the time of idle is the
# start of that window.  Prints one line per run and the medians, and
# GIMP's memory (resident) before the first run and after each filter.
# Arguments: IMAGE RUNS HEADLESS-FILE: the headless run writes the filter's
# median call time there, and the GUI run compares its own with it.
import os
import statistics
import sys
import time

from gi.repository import Gimp, Gio

IDLE_WINDOW = 0.3
POLL = 0.02

image_path, runs, headless_file = sys.argv[1], int(sys.argv[2]), sys.argv[3]
# tools/gimp-with-plugin runs headless GIMP without a display.
headless = not os.environ.get("DISPLAY")
where = "headless" if headless else "in GIMP's GUI"
gimp_pid = os.getppid()
tick = 1.0 / os.sysconf("SC_CLK_TCK")


def gimp_cpu():
    """GIMP's processor time so far, in clock ticks (all its threads)."""
    with open(f"/proc/{gimp_pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def gimp_resident_mib():
    with open(f"/proc/{gimp_pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def wait_for_idle(timeout=300.0):
    """The time GIMP became idle (see the top of this file)."""
    Gimp.displays_flush()
    started = time.monotonic()
    samples = [(started, gimp_cpu())]
    while time.monotonic() - started < timeout:
        time.sleep(POLL)
        now = time.monotonic()
        samples.append((now, gimp_cpu()))
        while len(samples) > 1 and now - samples[1][0] >= IDLE_WINDOW:
            samples.pop(0)
        first_time, first_cpu = samples[0]
        if now - first_time >= IDLE_WINDOW and samples[-1][1] - first_cpu <= 1:
            return first_time
    raise SystemExit(f"gui-timing: GIMP was still busy after {timeout:.0f} s")


image = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(image_path))
if not headless:
    Gimp.Display.new(image)
source = image.get_layers()[0]
pdb = Gimp.get_pdb()
segment = pdb.lookup_procedure("plug-in-kmeans-segment")
posterize = pdb.lookup_procedure("gimp-drawable-posterize")
width, height = source.get_width(), source.get_height()
print(f"gui-timing: {where}, {os.path.basename(image_path)}, {width}×{height}, "
      f"GIMP {Gimp.version()}, "
      f"idle = under one tick ({tick * 1000:.0f} ms) of GIMP's processor time in "
      f"{IDLE_WINDOW * 1000:.0f} ms")
wait_for_idle()
print(f"gui-timing: GIMP's memory with the image open: {gimp_resident_mib():.0f} MiB")


def timed(run, *args):
    """What run made, and the seconds from the call to its end and to idle."""
    started = time.monotonic()
    made = run(*args)
    done = time.monotonic()
    idle = wait_for_idle()
    return made, done - started, max(idle, done) - started


def run_segment():
    config = segment.create_config()
    config.set_property("image", image)
    config.set_core_object_array("drawables", [source])
    result = segment.run(config)
    if result.index(0) != Gimp.PDBStatusType.SUCCESS:
        raise SystemExit(f"gui-timing: the filter failed: {result.index(1)}")
    return result.index(1)


def run_posterize(layer):
    config = posterize.create_config()
    config.set_property("drawable", layer)
    config.set_property("levels", 3)
    if posterize.run(config).index(0) != Gimp.PDBStatusType.SUCCESS:
        raise SystemExit("gui-timing: Posterize failed")
    return layer


measured = {"K-Means Segment": [], "Posterize": []}
for number in range(1, runs + 1):
    group, done, idle = timed(run_segment)
    measured["K-Means Segment"].append((done, idle, gimp_resident_mib()))
    image.remove_layer(group)
    wait_for_idle()

    copy = source.copy()
    image.insert_layer(copy, None, 0)
    wait_for_idle()
    copy, done, idle = timed(run_posterize, copy)
    measured["Posterize"].append((done, idle, gimp_resident_mib()))
    image.remove_layer(copy)
    wait_for_idle()
    for name, runs_so_far in measured.items():
        done, idle, memory = runs_so_far[-1]
        print(f"gui-timing: run {number}, {name}: call {done:.2f} s, to idle {idle:.2f} s, "
              f"GIMP's memory then {memory:.0f} MiB")

layer_mib = width * height * source.get_bpp() / 2**20
print(f"gui-timing: one copy of the layer's pixels: {layer_mib:.0f} MiB")
for name, runs_done in measured.items():
    print(f"gui-timing: {name} {where}, median of {runs}: call "
          f"{statistics.median(run[0] for run in runs_done):.2f} s, to idle "
          f"{statistics.median(run[1] for run in runs_done):.2f} s")
ours = statistics.median(run[0 if headless else 1] for run in measured["K-Means Segment"])
if headless:
    with open(headless_file, "w") as out:
        out.write(f"{ours}\n")
else:
    with open(headless_file) as measured_headless:
        call = float(measured_headless.read())
    print(f"gui-timing: K-Means Segment from OK to idle in the GUI {ours:.2f} s, "
          f"{ours / call:.2f}× its call headless ({call:.2f} s)")
image.delete()
