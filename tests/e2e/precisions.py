# Every precision × RGB and grey × with and without alpha × without and with
# a partial selection, and images with an ICC profile: segment layers hold
# the source's own values exactly, alpha × coverage where the selection is
# partial, and the label map decodes exactly.  Runs inside headless GIMP.
import numpy as np
from gi.repository import Babl, Gegl, Gimp

from kms import (PRECISIONS, check, format_name, new_image, read_pixels, returned, say, write_pixels)

WIDTH, HEIGHT = 24, 16
RGB_COLOURS = [(0.9, 0.1, 0.1), (0.1, 0.8, 0.2), (0.15, 0.2, 0.9), (0.95, 0.9, 0.2)]
GREY_LEVELS = [0.1, 0.35, 0.6, 0.9]


def picture(grey, alpha):
    """Four flat quadrants; with alpha, an alpha ramp and a transparent
    first column.  Returns the R'G'B'A float pixels and each pixel's
    quadrant (-1 where transparent)."""
    pixels = np.ones((HEIGHT, WIDTH, 4), np.float32)
    truth = np.zeros((HEIGHT, WIDTH), np.int32)
    colours = [(g, g, g) for g in GREY_LEVELS] if grey else RGB_COLOURS
    for index, (rows, cols) in enumerate([(slice(0, 8), slice(0, 12)), (slice(0, 8), slice(12, 24)),
                                          (slice(8, 16), slice(0, 12)), (slice(8, 16), slice(12, 24))]):
        pixels[rows, cols, :3] = colours[index]
        truth[rows, cols] = index
    if alpha:
        pixels[..., 3] = np.linspace(0.3, 1.0, WIDTH)[None, :]
        pixels[:, 0, 3] = 0.0
        truth[:, 0] = -1
    return pixels, truth


def components(drawable, fmt):
    """The drawable's pixels in fmt, split into components of raw bytes:
    height × width × components × bytes per component."""
    buffer = drawable.get_buffer()
    rect = Gegl.Rectangle.new(0, 0, drawable.get_width(), drawable.get_height())
    data = np.frombuffer(buffer.get(rect, 1.0, format_name(fmt), Gegl.AbyssPolicy.NONE), np.uint8)
    n = Babl.format_get_n_components(fmt)
    return data.reshape(drawable.get_height(), drawable.get_width(), n, -1)


def in_float(fmt):
    """The same components and encoding as fmt, as floats: no colour change."""
    encoding = Babl.format_get_encoding(fmt)
    return Babl.format_with_space(encoding.rsplit(" ", 1)[0] + " float", fmt)


# Partial selection: columns 4-7 half selected, 8-19 fully, the rest not.
COVERAGE = np.zeros((HEIGHT, WIDTH), np.float32)
COVERAGE[:, 4:8] = 0.5
COVERAGE[:, 8:20] = 1.0
# The precision's own rounding of a half-covered alpha.
ALPHA_TOLERANCE = {"u8": 0.5 / 255, "u16": 0.5 / 65535, "half": 1e-3}


def check_case(precision, grey, alpha, selected):
    label = f"{precision} {'grey' if grey else 'RGB'}{' alpha' if alpha else ''}" \
            f"{' selection' if selected else ''}"
    image, source = new_image(WIDTH, HEIGHT, grey=grey, alpha=alpha, precision=precision)
    pixels, truth = picture(grey, alpha)
    write_pixels(source, pixels)
    coverage = np.ones((HEIGHT, WIDTH), np.float32)
    if selected:
        image.select_rectangle(Gimp.ChannelOps.REPLACE, 0, 0, WIDTH, HEIGHT)
        selection = image.get_selection().get_buffer()
        selection.set(Gegl.Rectangle.new(0, 0, WIDTH, HEIGHT), "Y float", COVERAGE.tobytes())
        selection.flush()
        coverage = COVERAGE
    source_format = source.get_format()
    source_alpha = read_pixels(source)[..., 3]
    clustered = (truth >= 0) & (coverage > 0)

    values = returned(image, source, n_segments=4, seed=1, create_label_map=True)
    layers = [layer for layer in values["group"].get_children() if layer != values["label-map"]]
    check(len(layers) == 4, f"{label}: {len(layers)} segment layers")
    check(sum(values["segment-pixel-counts"]) == clustered.sum(),
          f"{label}: {sum(values['segment-pixel-counts'])} pixels in segments, "
          f"{clustered.sum()} clustered")

    label_map = values["label-map"]
    label_values = read_pixels(label_map, in_float(label_map.get_format()),
                               Babl.format_get_n_components(label_map.get_format()))
    decoded = np.rint(label_values[..., 0] * 255).astype(int)

    source_values = components(source, source_format)
    for number, layer in enumerate(layers, start=1):
        check(layer.get_format() == label_map.get_format(), f"{label}: formats differ")
        alpha_now = read_pixels(layer)[..., 3]
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
        expected = source_alpha[partial] * coverage[partial]
        tolerance = ALPHA_TOLERANCE.get(precision.split("-")[0], 1e-6)
        check(np.all(np.abs(alpha_now[partial] - expected) <= tolerance + 1e-7),
              f"{label}: partially selected alpha is not source alpha × coverage")
        check(not np.any(read_pixels(layer)[~covered]), f"{label}: {layer.get_name()} not "
              "transparent outside its segment")
        check(np.all(decoded[covered] == number), f"{label}: label map ≠ {number}")
    check(np.array_equal(label_values[..., -1] > 0, clustered),
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

# Layer masks (fill=mask) and channels in every precision: both hold the
# coverage on the segment as selection values.
for precision in PRECISIONS:
    image, source = new_image(WIDTH, HEIGHT, grey=precision.startswith("u8"), precision=precision)
    pixels, truth = picture(grey=precision.startswith("u8"), alpha=True)
    write_pixels(source, pixels)
    image.select_rectangle(Gimp.ChannelOps.REPLACE, 0, 0, WIDTH, HEIGHT)
    selection = image.get_selection().get_buffer()
    selection.set(Gegl.Rectangle.new(0, 0, WIDTH, HEIGHT), "Y float", COVERAGE.tobytes())
    selection.flush()
    tolerance = ALPHA_TOLERANCE.get(precision.split("-")[0], 1e-6) + 1e-7
    values = returned(image, source, n_segments=4, seed=1, fill="mask", create_channels=True)
    source_values = components(source, source.get_format())
    clustered = (truth >= 0) & (COVERAGE > 0)
    members = np.zeros((HEIGHT, WIDTH), int)
    for layer, channel in zip(values["group"].get_children(), values["channels"]):
        check(np.array_equal(components(layer, layer.get_format()), source_values),
              f"{precision} fill=mask: {layer.get_name()} does not hold the whole source")
        mask = read_pixels(layer.get_mask(), "Y float", 1)[..., 0]
        member = mask > 0
        members += member
        check(np.all(np.abs(mask[member] - COVERAGE[member]) <= tolerance),
              f"{precision} fill=mask: the mask is not the coverage on the segment")
        image.select_item(Gimp.ChannelOps.REPLACE, channel)
        selected = read_pixels(image.get_selection(), "Y float", 1)[..., 0]
        check(np.array_equal(selected > 0, member)
              and np.all(np.abs(selected[member] - COVERAGE[member]) <= tolerance),
              f"{precision}: the channel does not select the segment × coverage")
    check(np.array_equal(members, clustered.astype(int)),
          f"{precision} fill=mask: the masks do not cover each clustered pixel once")
    image.delete()
say(f"{len(PRECISIONS)} precisions: layer masks and channels hold the coverage on the segment")

# An ICC profile: features and colours are read and written in the image's
# own space, so flat colours come back as the image's own R'G'B' values.
for grey, profile in [(False, Gimp.ColorProfile.new_rgb_adobe()),
                      (True, Gimp.ColorProfile.new_d50_gray_lab_trc())]:
    for precision in ("u8", "float-linear"):
        image, source = new_image(WIDTH, HEIGHT, grey=grey, alpha=True, precision=precision)
        check(image.set_color_profile(profile), "the profile was not assigned")
        pixels, truth = picture(grey, alpha=False)
        write_pixels(source, pixels)
        own = Babl.format_with_space("R'G'B' float", source.get_format())
        own_rgb = read_pixels(source, own, 3)
        for space in ("lab", "oklab", "rgb", "linear-rgb"):
            values = returned(image, source, n_segments=4, seed=1, color_space=space,
                              fill="mean", create_channels=True, create_palette=True)
            check(len(values["channels"]) == 4 and values["palette"].get_color_count() == 4,
                  f"ICC {precision} {space}: channels or palette missing")
            values["palette"].delete()
            layers = list(values["group"].get_children())
            colours = np.array(values["segment-colors"]).reshape(-1, 3)
            for layer, colour in zip(layers, colours):
                covered = read_pixels(layer)[..., 3] > 0
                quadrant = np.unique(truth[covered])
                check(len(quadrant) == 1, f"ICC {precision} {space}: a layer spans quadrants")
                expected = own_rgb[truth == quadrant[0]][0]
                check(np.abs(colour - expected).max() < 2e-3,
                      f"ICC {'grey' if grey else 'RGB'} {precision} {space}: colour {colour}, "
                      f"the image's own R'G'B' is {expected}")
                mean = read_pixels(layer, own, 3)[covered]
                check(np.abs(mean - expected).max() < 2e-3,
                      f"ICC {precision} {space}: mean fill {mean[0]} is not {expected}")
        image.delete()
say("images with an ICC profile (RGB and grey) keep their own colours in every colour space")
