# Layer masks and channels in every precision, and images with an ICC
# profile: masks and channels hold the coverage as selection values; colours
# are read and written in the image's own space.  Runs inside headless GIMP.
import numpy as np
from gi.repository import Babl, Gimp

from kms import (PRECISIONS, check, fractions, new_image, read_numbers, read_pixels, returned,
                 say, write_pixels)
from precision_data import (ALPHA_TOLERANCE, COVERAGE, HEIGHT, WIDTH, components, picture,
                            select_coverage)

# Layer masks (fill=mask) and channels in every precision: both hold the
# coverage on the segment as selection values.
for precision in PRECISIONS:
    image, source = new_image(WIDTH, HEIGHT, grey=precision.startswith("u8"), precision=precision)
    pixels, truth = picture(grey=precision.startswith("u8"), alpha=True)
    write_pixels(source, pixels)
    select_coverage(image)
    tolerance = ALPHA_TOLERANCE.get(precision.split("-")[0], 1e-6) + 1e-7
    values = returned(image, source, n_segments=4, seed=1, fill="mask", create_channels=True)
    source_values = components(source, source.get_format())
    clustered = (truth >= 0) & (COVERAGE > 0)
    members = np.zeros((HEIGHT, WIDTH), int)
    for layer, channel in zip(values["group"].get_children(), values["channels"]):
        check(np.array_equal(components(layer, layer.get_format()), source_values),
              f"{precision} fill=mask: {layer.get_name()} does not hold the whole source")
        mask = fractions(read_numbers(layer.get_mask()))[..., 0]
        member = mask > 0
        members += member
        check(np.all(np.abs(mask[member] - COVERAGE[member]) <= tolerance),
              f"{precision} fill=mask: the mask is not the coverage on the segment")
        image.select_item(Gimp.ChannelOps.REPLACE, channel)
        selected = fractions(read_numbers(image.get_selection()))[..., 0]
        check(np.array_equal(selected > 0, member)
              and np.all(np.abs(selected[member] - COVERAGE[member]) <= tolerance),
              f"{precision}: the channel does not select the segment × coverage")
    check(np.array_equal(members, clustered.astype(int)),
          f"{precision} fill=mask: the masks do not cover each clustered pixel once")
    image.delete()
say(f"{len(PRECISIONS)} precisions: layer masks and channels hold the coverage on the segment")

# An ICC profile: features and colours are read and written in the image's
# own space, so flat colours come back as the image's own R'G'B' values; a
# perceptual precision stores them with sRGB's curve in that space.
for grey, profile in [(False, Gimp.ColorProfile.new_rgb_adobe()),
                      (True, Gimp.ColorProfile.new_d50_gray_lab_trc())]:
    for precision in ("u8", "float-linear", "u16-perceptual"):
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
                covered = read_numbers(layer)[..., -1] > 0
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
say("images with an ICC profile (RGB and grey; 8-bit, float linear and 16-bit perceptual) keep "
    "their own colours in every colour space")
