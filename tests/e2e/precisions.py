# Every precision × RGB and grey × with and without alpha × without and with
# a partial selection: segment layers hold the source's own values exactly,
# alpha × coverage where the selection is partial, and the label map decodes
# exactly.  Runs inside headless GIMP.
import numpy as np

from kms import (PRECISIONS, check, fractions, new_image, read_numbers, returned, say, stored,
                 write_pixels)
from precision_data import (ALPHA_TOLERANCE, COVERAGE, HEIGHT, WIDTH, components, picture,
                            select_coverage)


def check_case(precision, grey, alpha, selected):
    label = f"{precision} {'grey' if grey else 'RGB'}{' alpha' if alpha else ''}" \
            f"{' selection' if selected else ''}"
    image, source = new_image(WIDTH, HEIGHT, grey=grey, alpha=alpha, precision=precision)
    pixels, truth = picture(grey, alpha)
    write_pixels(source, pixels)
    coverage = np.ones((HEIGHT, WIDTH), np.float32)
    if selected:
        select_coverage(image)
        coverage = COVERAGE
    source_format = source.get_format()
    source_alpha = fractions(read_numbers(source))[..., -1] if alpha else 1.0
    clustered = (truth >= 0) & (coverage > 0)

    values = returned(image, source, n_segments=4, seed=1, create_label_map=True)
    layers = [layer for layer in values["group"].get_children() if layer != values["label-map"]]
    check(len(layers) == 4, f"{label}: {len(layers)} segment layers")
    check(sum(values["segment-pixel-counts"]) == clustered.sum(),
          f"{label}: {sum(values['segment-pixel-counts'])} pixels in segments, "
          f"{clustered.sum()} clustered")

    # Segment n is n/255 of full scale, stored as the type stores it.
    label_map = values["label-map"]
    labels = read_numbers(label_map)
    opaque = stored(labels.dtype.type, 1.0)

    source_values = components(source, source_format)
    for number, layer in enumerate(layers, start=1):
        check(layer.get_format() == label_map.get_format(), f"{label}: formats differ")
        alpha_now = fractions(read_numbers(layer))[..., -1]
        covered = alpha_now > 0
        quadrant = np.unique(truth[covered])
        check(len(quadrant) == 1 and np.array_equal(covered, (truth == quadrant[0]) & clustered),
              f"{label}: {layer.get_name()} does not cover one quadrant's clustered pixels")
        # Colours: the source's own values, bit for bit, even where the
        # selection is partial.
        layer_values = components(layer, layer.get_format())
        colour_count = source_values.shape[2] - (1 if alpha else 0)
        check(np.array_equal(layer_values[covered][:, :colour_count],
                             source_values[covered][:, :colour_count]),
              f"{label}: {layer.get_name()} does not hold the source colours exactly")
        full = covered & (coverage == 1)
        if alpha:
            check(np.array_equal(layer_values[full], source_values[full]),
                  f"{label}: {layer.get_name()} alpha differs where fully selected")
        else:
            check(np.all(alpha_now[full] == 1.0), f"{label}: alpha added to an opaque source")
        partial = covered & (coverage > 0) & (coverage < 1)
        expected = (source_alpha * coverage)[partial]
        tolerance = ALPHA_TOLERANCE.get(precision.split("-")[0], 1e-6)
        check(np.all(np.abs(alpha_now[partial] - expected) <= tolerance + 1e-7),
              f"{label}: partially selected alpha is not source alpha × coverage")
        check(not np.any(layer_values[~covered]), f"{label}: {layer.get_name()} not "
              "transparent outside its segment")
        check(np.all(labels[covered][:, :-1] == stored(labels.dtype.type, number / 255))
              and np.all(labels[covered][:, -1] == opaque),
              f"{label}: label map ≠ {number}/255 on {layer.get_name()}")
    check(np.array_equal(labels[..., -1] > 0, clustered),
          f"{label}: the label map covers other pixels than the segments")
    image.delete()


count = 0
for precision in PRECISIONS:
    for grey in (False, True):
        for alpha in (True, False):
            for selected in (False, True):
                check_case(precision, grey, alpha, selected)
                count += 1
say(f"{count} cases: {len(PRECISIONS)} precisions × RGB/grey × alpha × selection hold "
    "the source values exactly, alpha × coverage, exact labels")

