# reference.py — the reference k-means implementations on the benchmark's
# points, timed like bench-core, and the region cleanups a user would script
# on the same labels, timed like bench-regions: one JSON line with one entry
# per run.
#
#   reference.py cv2|sklearn FEATURES N_DIMS K RUNS
#   reference.py magick PNG FEATURES K RUNS TIMEOUT
#   reference.py regions-skimage|regions-cv2|regions-remove-small LABELS WIDTH HEIGHT
#                MIN_REGION RUNS
#
# cv2.kmeans: 1 attempt, k-means++ centres, 2 threads, stopping after 100
# iterations or when no centre moves more than 1e-4 (our criterion: OpenCV
# compares the largest centre shift with epsilon).  scikit-learn KMeans:
# n_init=1, algorithm "lloyd", 100 iterations, tol set so that it stops no
# earlier than we do (it compares the sum of squared shifts with
# tol × the mean feature variance).  ImageMagick: `magick PNG -kmeans K`;
# its time is that of the command less that of the same command without
# -kmeans, and its inertia is computed from the colours it writes; a run
# that takes longer than TIMEOUT seconds is stopped and reported as such
# ("seconds" is then the timeout and "timeout" is true).  Every
# inertia is computed here in float64 from labels (or output colours), the
# same way for every method.  Seeds 0 .. RUNS-1.
#
# The region cleanups take LABELS (one byte a pixel, 255 for none, as
# bench-regions writes them) and give every pixel of a 4-connected region
# smaller than MIN_REGION the label of the nearest pixel that is kept:
# regions-skimage finds the regions with skimage.measure.label and their
# sizes with a bincount; regions-cv2 runs OpenCV's
# connectedComponentsWithStats on each label's mask and gives the pixels
# with cv2.distanceTransformWithLabels; regions-remove-small runs
# skimage.morphology.remove_small_objects on each label's mask.  The two
# scikit-image ones give the pixels with scipy.ndimage.distance_transform_edt.
# The regions before and after are counted with skimage.measure.label,
# outside the timing.
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np


def inertia_per_point(points, centres, labels):
    total = 0.0
    for start in range(0, len(points), 1 << 22):
        chunk = points[start:start + (1 << 22)].astype(np.float64)
        diff = chunk - centres[labels[start:start + (1 << 22)]].astype(np.float64)
        total += float(np.einsum("ij,ij->", diff, diff))
    return total / len(points)


def run_cv2(points, k, seed):
    import cv2
    cv2.setNumThreads(2)
    cv2.setRNGSeed(seed)
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 100, 1e-4)
    started = time.perf_counter()
    _, labels, centres = cv2.kmeans(points, k, None, criteria, 1, cv2.KMEANS_PP_CENTERS)
    seconds = time.perf_counter() - started
    return seconds, None, inertia_per_point(points, centres, labels.ravel())


def run_sklearn(points, k, seed):
    from sklearn.cluster import KMeans
    tol = 1e-8 / float(np.mean(np.var(points[:: max(1, len(points) // 1000000)], axis=0)))
    model = KMeans(n_clusters=k, n_init=1, algorithm="lloyd", max_iter=100,
                   tol=tol, random_state=seed)
    started = time.perf_counter()
    model.fit(points)
    seconds = time.perf_counter() - started
    return (seconds, int(model.n_iter_),
            inertia_per_point(points, model.cluster_centers_, model.labels_))


def timed(command, timeout=None):
    started = time.perf_counter()
    subprocess.run(command, check=True, timeout=timeout)
    return time.perf_counter() - started


def run_magick(png, points, k, timeout):
    with tempfile.TemporaryDirectory() as scratch:
        out = os.path.join(scratch, "out.ppm")
        baseline = timed(["magick", png, "-depth", "16", out])
        try:
            seconds = timed(["magick", png, "-kmeans", str(k), "-depth", "16", out],
                            timeout) - baseline
        except subprocess.TimeoutExpired:
            return timeout, None, None, True
        colours = read_ppm16(out)
    diff = points.astype(np.float64) - colours
    return seconds, None, float(np.einsum("ij,ij->", diff, diff)) / len(points), False


def read_ppm16(path):
    with open(path, "rb") as ppm:
        data = ppm.read()
    fields, offset = [], 0
    while len(fields) < 4:
        while data[offset:offset + 1].isspace():
            offset += 1
        end = offset
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[offset:end])
        offset = end
    offset += 1
    width, height, maximum = int(fields[1]), int(fields[2]), int(fields[3])
    pixels = np.frombuffer(data, ">u2", width * height * 3, offset)
    return pixels.reshape(-1, 3).astype(np.float64) / maximum


NONE = 255


def nearest_kept(labels, small):
    from scipy import ndimage
    kept = (labels != NONE) & ~small
    _, (rows, cols) = ndimage.distance_transform_edt(~kept, return_indices=True)
    out = labels.copy()
    out[small] = labels[rows[small], cols[small]]
    return out


def regions_skimage(labels, min_region):
    from skimage import measure
    regions = measure.label(labels, background=NONE, connectivity=1)
    small = np.bincount(regions.ravel()) < min_region
    small[0] = False
    return nearest_kept(labels, small[regions])


def regions_remove_small(labels, min_region):
    from skimage import morphology
    small = np.zeros(labels.shape, bool)
    for label in np.unique(labels):
        if label != NONE:
            mask = labels == label
            small |= mask & ~morphology.remove_small_objects(mask, min_size=min_region,
                                                             connectivity=1)
    return nearest_kept(labels, small)


def regions_cv2(labels, min_region):
    import cv2
    cv2.setNumThreads(2)
    small = np.zeros(labels.shape, bool)
    for label in np.unique(labels):
        if label != NONE:
            _, components, stats, _ = cv2.connectedComponentsWithStats(
                (labels == label).astype(np.uint8), connectivity=4)
            is_small = stats[:, cv2.CC_STAT_AREA] < min_region
            is_small[0] = False
            small |= is_small[components]
    kept = (labels != NONE) & ~small
    # Each kept pixel (a zero of the input) gets its own label, in row order.
    _, nearest = cv2.distanceTransformWithLabels((~kept).astype(np.uint8), cv2.DIST_L2, 5,
                                                 labelType=cv2.DIST_LABEL_PIXEL)
    out = labels.copy()
    out[small] = labels[kept][nearest[small] - 1]
    return out


def count_regions(labels):
    from skimage import measure
    return int(measure.label(labels, background=NONE, connectivity=1).max())


def run_regions(method, path, width, height, min_region, runs):
    labels = np.fromfile(path, np.uint8).reshape(height, width)
    clean = {"regions-skimage": regions_skimage, "regions-cv2": regions_cv2,
             "regions-remove-small": regions_remove_small}[method]
    results = []
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        out = clean(labels, min_region)
        results.append({"seconds": time.perf_counter() - started,
                        "cpu_seconds": time.process_time() - cpu})
    print(json.dumps({"pixels": width * height, "regions_before": count_regions(labels),
                      "regions_after": count_regions(out), "runs": results}))


def main():
    method = sys.argv[1]
    if method.startswith("regions-"):
        run_regions(method, sys.argv[2], int(sys.argv[3]), int(sys.argv[4]),
                    int(sys.argv[5]), int(sys.argv[6]))
        return
    if method == "magick":
        png, features, k, runs = sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
        timeout = float(sys.argv[6])
        points = np.fromfile(features, np.float32).reshape(-1, 3)
        results = [run_magick(png, points, k, timeout) for _ in range(runs)]
    else:
        features, n_dims, k, runs = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
        points = np.fromfile(features, np.float32).reshape(-1, n_dims)
        run = run_cv2 if method == "cv2" else run_sklearn
        results = [run(points, k, seed) + (False,) for seed in range(runs)]
    print(json.dumps({"points": len(points), "runs": [
        {"seconds": s, "iterations": i, "inertia": e, "timeout": t}
        for s, i, e, t in results]}))


main()
