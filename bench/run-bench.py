# run-bench.py — `tools/dev bench`: the clustering core against OpenCV,
# scikit-learn and ImageMagick on the same pixels, the region cleanup
# against the scikit-image and OpenCV pipelines a user would script on the
# same labels, and the whole filter in headless GIMP against its I/O
# floor.  Runs inside the tools/dev environment; prints Markdown tables and
# writes BUILD/bench/results.json.
#
#   run-bench.py PROJECT BUILD [--runs N] [--only IMAGE] [--no-references] [--no-gimp]
#                [--magick-timeout SECONDS] [--clusters K] [--regions-only | --no-regions]
#
# The automatic-K part runs, on the Lab features of each image, the core
# with tolerance AUTO_K_TOLERANCE and at most AUTO_K_MOST clusters against a
# fixed run at K = AUTO_K_MOST, both on 2 threads; on the 24 MP photo, also
# the dialog's curve plot: the curve alone on the dialog's sample of the
# photo, for each of CURVE_RANGES (n-segments 8 plots K = 2 to 16).
#
# The region part runs at K = 8 on the labels of our clustering (seed 0):
# the clustering alone, then the cleanup steps of REGION_STEPS, each on 2
# threads, with the regions before and after and the cleanup's extra
# memory, and the references (at most 3 runs each: they take seconds).
import argparse
import json
import os
import statistics
import subprocess
import sys

# The big photo first: its numbers matter most and take longest.
IMAGES = ["photo-24mp", "photo-0.25mp", "splash-2mp"]
CLUSTERS = [8, 16]
AUTO_K_MOST = 32
AUTO_K_TOLERANCE = 8.0
CURVE_RANGES = [16, 32]
# The region cleanup's steps: name, min-region, connectivity, smoothing.
REGION_K = 8
REGION_STEPS = [("+ min-region 16, 4-connected", 16, 4, 0),
                ("+ min-region 16, 8-connected", 16, 8, 0),
                ("+ smoothing 3", 0, 4, 3),
                ("+ smoothing 3, min-region 16", 16, 4, 3)]
# The references (min-region 16, 4-connected): step, method, column.
REGION_REFERENCES = [("scikit-image: label, sizes, nearest kept pixel", "regions-skimage",
                      "skimage"),
                     ("OpenCV connectedComponentsWithStats per label", "regions-cv2", "cv2"),
                     ("scikit-image remove_small_objects per label", "regions-remove-small",
                      "remove_small_objects")]


def run_json(command, env=None, marker=None):
    output = subprocess.run(command, check=True, capture_output=True, text=True,
                            env=env).stdout
    for line in output.splitlines():
        if marker is None and line.startswith("{"):
            return json.loads(line)
        if marker is not None and line.startswith(marker):
            return json.loads(line[len(marker):])
    raise SystemExit(f"no result from {' '.join(command)}:\n{output}")


def summary(runs, key):
    values = [run[key] for run in runs if run[key] is not None]
    return statistics.median(values) if values else None


def time_cell(runs):
    seconds = [run["seconds"] for run in runs]
    if any(run.get("timeout") for run in runs):
        return f"> {format_seconds(max(seconds))} (stopped)"
    return (f"{format_seconds(statistics.median(seconds))} "
            f"({format_seconds(min(seconds))}–{format_seconds(max(seconds))})")


def format_seconds(seconds):
    return f"{seconds * 1e3:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def reference_env():
    env = dict(os.environ, OMP_NUM_THREADS="2")
    # numpy's OpenBLAS must pick its own kernels on this CPU.
    for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        env.pop(name, None)
    return env


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("project")
    parser.add_argument("build")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", choices=IMAGES)
    parser.add_argument("--no-references", action="store_true")
    parser.add_argument("--no-gimp", action="store_true")
    parser.add_argument("--magick-timeout", type=float, default=150)
    parser.add_argument("--clusters", type=int, choices=CLUSTERS)
    regions = parser.add_mutually_exclusive_group()
    regions.add_argument("--regions-only", action="store_true")
    regions.add_argument("--no-regions", action="store_true")
    args = parser.parse_args()

    data = os.path.join(args.build, "bench")
    os.makedirs(data, exist_ok=True)
    bench_dir = os.path.join(args.project, "bench")
    core = os.path.join(args.build, "bench", "bench-core")
    images = {}
    made = subprocess.run([sys.executable, os.path.join(bench_dir, "make-images.py"), data], check=True, capture_output=True,
                          text=True).stdout
    for line in made.splitlines():
        info = json.loads(line)
        images[info["name"]] = info

    results = {"images": images, "rows": [], "regions": [], "auto_k": [], "gimp": None}
    for name in IMAGES:
        if args.only and name != args.only:
            continue
        rgb = os.path.join(data, name + ".rgb.f32")
        lab = os.path.join(data, name + ".lab.f32")
        png = os.path.join(data, name + ".png")
        for k in CLUSTERS:
            if args.clusters and k != args.clusters:
                continue
            if k == REGION_K and not args.no_regions:
                measured = run_regions(args, data, bench_dir, images[name], rgb)
                results["regions"].append({"image": name, "k": k, "steps": measured})
                print_regions(images[name], measured)
                sys.stdout.flush()
            if args.regions_only:
                continue
            rows = {}
            rows["ours, RGB, 2 threads"] = run_json([core, rgb, "3", str(k), "2", str(args.runs)])
            rows["ours, RGB, 1 thread"] = run_json([core, rgb, "3", str(k), "1", str(args.runs)])
            rows["ours, Lab, 2 threads"] = run_json([core, lab, "3", str(k), "2", str(args.runs)])
            if not args.no_references:
                script = os.path.join(bench_dir, "reference.py")
                for method in ("cv2", "sklearn"):
                    rows[method] = run_json([sys.executable, script, method, rgb, "3",
                                             str(k), str(args.runs)], env=reference_env())
                # ImageMagick has no seed and takes minutes on the big photo.
                pixels = images[name]["width"] * images[name]["height"]
                magick_runs = args.runs if pixels < 1e7 else 1
                rows["magick"] = run_json([sys.executable, script, "magick", png, rgb,
                                           str(k), str(magick_runs), str(args.magick_timeout)],
                                          env=reference_env())
            for method, measured in rows.items():
                results["rows"].append({"image": name, "k": k, "method": method, **measured})
            print_table(images[name], k, rows)
            sys.stdout.flush()
        if not args.regions_only:
            fixed = f"ours, Lab, K = {AUTO_K_MOST}, 2 threads"
            automatic = f"ours, Lab, tolerance {AUTO_K_TOLERANCE:g}, K ≤ {AUTO_K_MOST}, 2 threads"
            rows = {fixed: run_json([core, lab, "3", str(AUTO_K_MOST), "2", str(args.runs)]),
                    automatic: run_json([core, lab, "3", str(AUTO_K_MOST), "2", str(args.runs),
                                         str(AUTO_K_TOLERANCE)])}
            results["auto_k"].append({"image": name, "rows": rows})
            print_auto_k(images[name], rows[fixed], rows[automatic])
            if name == "photo-24mp":
                sample = images["photo-24mp-sample"]
                curves = {most: run_json([core, os.path.join(data, "photo-24mp-sample.lab.f32"),
                                          "3", str(most), "2", str(args.runs), "curve"])
                          for most in CURVE_RANGES}
                results["curve_plot"] = curves
                print_curve_plot(sample, curves)
            sys.stdout.flush()
        if name == "photo-24mp" and not args.no_gimp and not args.regions_only:
            results["gimp"] = run_json(
                [os.path.join(args.project, "tools", "gimp-with-plugin"),
                 os.path.join(args.build, "plugin", "kmeans-segment"),
                 os.path.join(args.build, "gimp-profiles", "bench"),
                 "--python", os.path.join(bench_dir, "gimp-filter.py"), png, "8",
                 str(min(args.runs, 3))],
                marker="GIMP-BENCH ")
            print_gimp(results["gimp"])
            sys.stdout.flush()

    with open(os.path.join(data, "results.json"), "w") as out:
        json.dump(results, out, indent=1)


def run_regions(args, data, bench_dir, image, features):
    tool = os.path.join(args.build, "bench", "bench-regions")
    labels = os.path.join(data, f"{image['name']}.k{REGION_K}.labels")
    size = [str(image["width"]), str(image["height"])]
    steps = {"our clustering alone": run_json(
        [tool, "label", features, "3", *size, str(REGION_K), "2", str(args.runs), labels])}
    for step, min_region, connectivity, smoothing in REGION_STEPS:
        steps[step] = run_json([tool, "clean", features, "3", *size, labels, "2", str(args.runs),
                                str(min_region), str(connectivity), str(smoothing)])
    if not args.no_references:
        script = os.path.join(bench_dir, "reference.py")
        for step, method, _ in REGION_REFERENCES:
            steps[step] = run_json([sys.executable, script, method, labels, *size, "16",
                                    str(min(args.runs, 3))], env=reference_env())
    return steps


def median_seconds(measured, key="seconds"):
    return statistics.median(run[key] for run in measured["runs"])


def print_regions(image, steps):
    pixels = image["width"] * image["height"]
    clustering = steps["our clustering alone"]
    ours = steps[REGION_STEPS[0][0]]
    references = [(step, column) for step, _, column in REGION_REFERENCES if step in steps]
    print(f"\n{image['name']}: region cleanup of our K = {REGION_K} labels (seed 0) on "
          f"2 threads; each step's time adds to the clustering's\n")
    print("| step | runs | time, median (min–max) | processor time | regions | extra memory "
          + "".join(f"| vs {column} " for _, column in references) + "|")
    print("|---" * (6 + len(references)) + "|")
    for step, measured in steps.items():
        regions = (f"{measured['regions_before']} → {measured['regions_after']}"
                   if "regions_after" in measured else "")
        extra = (f"{measured['extra_bytes'] / pixels:.2f} bytes/pixel"
                 if measured.get("extra_bytes", -1) >= 0 else "")
        ratios = [f"{median_seconds(steps[reference]) / median_seconds(ours):.1f}× faster"
                  if measured is ours else "" for reference, _ in references]
        print(f"| {step} | {len(measured['runs'])} | {time_cell(measured['runs'])} | "
              f"{format_seconds(median_seconds(measured, 'cpu_seconds'))} | {regions} | "
              f"{extra} " + "".join(f"| {ratio} " for ratio in ratios) + "|")
    smoothing = steps["+ smoothing 3"]
    print(f"\nmin-region 16 adds {format_seconds(median_seconds(ours))} to the clustering's "
          f"{format_seconds(median_seconds(clustering))} "
          f"({median_seconds(ours) / median_seconds(clustering):.2f}× its time, "
          f"{median_seconds(ours, 'cpu_seconds') / median_seconds(clustering, 'cpu_seconds'):.2f}× "
          f"its processor time), smoothing 3 adds {format_seconds(median_seconds(smoothing))} "
          f"({median_seconds(smoothing) / median_seconds(clustering):.2f}×, "
          f"{median_seconds(smoothing, 'cpu_seconds') / median_seconds(clustering, 'cpu_seconds'):.2f}×)")


def print_table(image, k, rows):
    megapixels = image["width"] * image["height"] / 1e6
    print(f"\n{image['name']}: {image['width']}×{image['height']} ({megapixels:.2f} MP, "
          f"{image['distinct']} distinct colours), K = {k}\n")
    print("| method | runs | time, median (min–max) | iterations | inertia per pixel "
          "| vs cv2 | vs sklearn | vs magick |")
    print("|---|---|---|---|---|---|---|---|")
    ours = rows["ours, RGB, 2 threads"]
    for method, measured in rows.items():
        runs = measured["runs"]
        time = statistics.median(run["seconds"] for run in runs)
        iterations = summary(runs, "iterations")
        inertia = summary(runs, "inertia")
        ratios = []
        for reference in ("cv2", "sklearn", "magick"):
            if reference in rows and not method.startswith("ours, Lab"):
                ref_time = statistics.median(run["seconds"] for run in rows[reference]["runs"])
                stopped = any(run.get("timeout") for run in rows[reference]["runs"])
                ratios.append(f"{'> ' if stopped else ''}{ref_time / time:.1f}× faster"
                              if method.startswith("ours") else "")
            else:
                ratios.append("")
        print(f"| {method} | {len(runs)} | {time_cell(runs)} | "
              f"{'' if iterations is None else f'{iterations:g}'} | "
              f"{'—' if inertia is None else f'{inertia:.6g}'} | " + " | ".join(ratios) + " |")
    if "sklearn" in rows:
        ratio = summary(ours["runs"], "inertia") / summary(rows["sklearn"]["runs"], "inertia")
        print(f"\nmedian inertia, ours / sklearn: {ratio:.5f}")
    one = statistics.median(run["seconds"] for run in rows["ours, RGB, 1 thread"]["runs"])
    two = statistics.median(run["seconds"] for run in ours["runs"])
    pixels = image["width"] * image["height"]
    extra = (ours["peak_rss_bytes"] - pixels * 3 * 4) / pixels
    print(f"1 → 2 threads: {one / two:.2f}× faster; bench-core peak RSS "
          f"{ours['peak_rss_bytes'] / 2**20:.0f} MiB = the 12-byte input + "
          f"{extra:.1f} bytes per pixel")


def print_auto_k(image, fixed, automatic):
    print(f"\n{image['name']}: automatic K (Lab, tolerance {AUTO_K_TOLERANCE:g} ΔE, at most "
          f"{AUTO_K_MOST}) against K = {AUTO_K_MOST}, 2 threads\n")
    print("| method | runs | time, median (min–max) | clusters | inertia per pixel |")
    print("|---|---|---|---|---|")
    for method, measured in (("fixed", fixed), ("automatic", automatic)):
        runs = measured["runs"]
        print(f"| {method} | {len(runs)} | {time_cell(runs)} | "
              f"{summary(runs, 'clusters'):g} | {summary(runs, 'inertia'):.6g} |")
    ratio = (statistics.median(run["seconds"] for run in automatic["runs"]) /
             statistics.median(run["seconds"] for run in fixed["runs"]))
    print(f"\nautomatic K takes {ratio:.2f}× the time of K = {AUTO_K_MOST} (issue 12: at most 2×)")


def print_curve_plot(sample, curves):
    print(f"\nthe dialog's curve plot on the photo's {sample['width']}×{sample['height']} sample, "
          "2 threads (issue 12: drawn within 200 ms of a change; `tools/dev screenshot` prints "
          "the times in the dialog):\n")
    print("| K | runs | time, median (min–max) |")
    print("|---|---|---|")
    for most, measured in curves.items():
        print(f"| 2 to {most} | {len(measured['runs'])} | {time_cell(measured['runs'])} |")


def print_gimp(gimp):
    if gimp:
        floor = statistics.median(gimp["io_floor"])
        whole = statistics.median(gimp["filter"])
        print(f"\nheadless GIMP, {gimp['width']}×{gimp['height']}, K = {gimp['k']}: "
              f"the filter {format_seconds(whole)} (median of {len(gimp['filter'])}), "
              f"its I/O floor {format_seconds(floor)}: {whole / floor:.2f}× the floor "
              f"(both write {gimp['written_blocks'] / gimp['image_blocks']:.2f}× the image's "
              f"blocks of 64 × 64 pixels to the K layers)")
        cleaned = statistics.median(gimp["filter_min_region_16"])
        print(f"the filter with min-region 16: {format_seconds(cleaned)}, {cleaned / whole:.2f}× "
              f"the filter without it (issue 10: at most 1.3×)")


main()
