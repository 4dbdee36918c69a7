# Alpha: pixels at or below alpha-threshold are not clustered, the others
# weigh with their alpha, and every segment layer keeps the source alpha
# exactly.  Runs inside headless GIMP.
import numpy as np
from gi.repository import Gimp

from kms import (alpha_of, check, expect_calling_error, fractions, new_image, quadrants,
                 read_numbers, read_raw, returned, say, segment, write_pixels)

COLOURS = [(0.9, 0.1, 0.1), (0.1, 0.8, 0.2), (0.15, 0.2, 0.9), (0.95, 0.9, 0.2)]
WIDTH, HEIGHT = 60, 40

image, source = new_image(WIDTH, HEIGHT, precision="u16")
pixels, truth = quadrants(WIDTH, HEIGHT, COLOURS, noise=0.03)
pixels[..., 3] = np.linspace(0.0, 1.0, WIDTH)[None, :]
write_pixels(source, pixels)
_, source_raw = read_raw(source)
alpha = fractions(read_numbers(source))[..., 3]
# No alpha lies within a float's rounding of a threshold, where the filter
# (which compares in float) and this test could disagree.
check(np.abs(alpha - 0.35).min() > 1e-6, "an alpha lies at the threshold 0.35")

for threshold in (0.0, 0.35):
    values = returned(image, source, n_segments=4, seed=4, alpha_threshold=threshold,
                      create_label_map=True)
    kept = alpha > threshold
    layers = [layer for layer in values["group"].get_children() if layer != values["label-map"]]
    owners = np.zeros((HEIGHT, WIDTH), int)
    for layer in layers:
        _, raw = read_raw(layer)
        covered = alpha_of([layer])[0] > 0
        owners += covered
        check(np.array_equal(raw[covered], source_raw[covered]),
              f"threshold {threshold}: {layer.get_name()} does not keep the source bytes, alpha included")
        ids = np.unique(truth[covered])
        check(len(ids) == 1 and np.array_equal(covered, (truth == ids[0]) & kept),
              f"threshold {threshold}: {layer.get_name()} is not one quadrant's kept pixels")
    check(np.array_equal(owners, kept.astype(int)),
          f"threshold {threshold}: pixels at or below it are in a segment, or kept ones in none")
    check(sum(values["segment-pixel-counts"]) == kept.sum(),
          f"threshold {threshold}: counts {values['segment-pixel-counts']} miss pixels")
    labels = alpha_of([values["label-map"]])[0]
    check(np.array_equal(labels > 0, kept), f"threshold {threshold}: label map covers others")
say("alpha-threshold: pixels at or below it belong to no segment; the rest keep their alpha exactly")

expect_calling_error(image, [source], "nothing to segment", "alpha", alpha_threshold=1.0)
say("alpha-threshold 1 leaves nothing to segment: a calling error that says so")
image.delete()

# Alpha is a weight.  In R'G'B' the three primaries are equally far apart;
# 80 % of the pixels are red but nearly transparent, so with K = 2 the
# weighted optimum keeps green and blue apart and merges the faint red into
# one of them (unweighted, red would have its own segment).
image, source = new_image(20, 20)
pixels = np.zeros((20, 20, 4), np.float32)
pixels[:, :, 0] = 1.0
pixels[:, :, 3] = 0.02
pixels[:2, :, :] = (0.0, 1.0, 0.0, 1.0)
pixels[2:4, :, :] = (0.0, 0.0, 1.0, 1.0)
write_pixels(source, pixels)
_, layers = segment(image, source, n_segments=2, seed=0, restarts=5, color_space="rgb")
alphas = alpha_of(layers)
green = [index for index, alpha in enumerate(alphas) if alpha[0, 0] > 0]
blue = [index for index, alpha in enumerate(alphas) if alpha[2, 0] > 0]
check(green != blue, "green and blue share a segment: alpha did not weigh the faint red down")
check(np.array_equal(alphas.sum(axis=0), alpha_of([source])[0]),
      "the faint red pixels lost their alpha")
say("alpha weighs pixels: many faint pixels count less than a few opaque ones")
image.delete()
