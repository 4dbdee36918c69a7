# kms.py — shared helpers for the end-to-end tests, which run as Python-Fu
# batches inside real headless GIMP (tools/gimp-with-plugin --python).
import re

import gi

gi.require_version("Gegl", "0.4")
gi.require_version("Babl", "0.1")
from gi.repository import Babl, Gegl, Gimp, GObject  # noqa: E402

import numpy as np  # noqa: E402

PROC = "plug-in-kmeans-segment"
# GIMP keeps layer names unique by appending " #1", " #2"… to repeats.
NAME_PATTERN = re.compile(r"^Segment (\d+) · (#[0-9a-f]{6}) · (\d+\.\d) %( #\d+)?$")


def base_name(layer):
    """A layer's name without the suffix GIMP adds to repeated names."""
    return re.sub(r" #\d+$", "", layer.get_name())

# Every precision GIMP has, by a short name.
PRECISIONS = {
    "u8": Gimp.Precision.U8_NON_LINEAR,
    "u8-linear": Gimp.Precision.U8_LINEAR,
    "u16": Gimp.Precision.U16_NON_LINEAR,
    "u16-linear": Gimp.Precision.U16_LINEAR,
    "u32": Gimp.Precision.U32_NON_LINEAR,
    "u32-linear": Gimp.Precision.U32_LINEAR,
    "half": Gimp.Precision.HALF_NON_LINEAR,
    "half-linear": Gimp.Precision.HALF_LINEAR,
    "float": Gimp.Precision.FLOAT_NON_LINEAR,
    "float-linear": Gimp.Precision.FLOAT_LINEAR,
    "double": Gimp.Precision.DOUBLE_NON_LINEAR,
    "double-linear": Gimp.Precision.DOUBLE_LINEAR,
}
# The perceptual precisions ("~"): the sRGB tone curve whatever the image's
# colour space.
PERCEPTUAL = {
    "u8-perceptual": Gimp.Precision.U8_PERCEPTUAL,
    "u16-perceptual": Gimp.Precision.U16_PERCEPTUAL,
    "half-perceptual": Gimp.Precision.HALF_PERCEPTUAL,
    "float-perceptual": Gimp.Precision.FLOAT_PERCEPTUAL,
}


def check(condition, message):
    """Fails the test with a message that says what was wrong."""
    if not condition:
        raise AssertionError(message)


def new_image(width, height, grey=False, alpha=True, precision="u8"):
    base = Gimp.ImageBaseType.GRAY if grey else Gimp.ImageBaseType.RGB
    image = Gimp.Image.new_with_precision(width, height, base,
                                          {**PRECISIONS, **PERCEPTUAL}[precision])
    if grey:
        kind = Gimp.ImageType.GRAYA_IMAGE if alpha else Gimp.ImageType.GRAY_IMAGE
    else:
        kind = Gimp.ImageType.RGBA_IMAGE if alpha else Gimp.ImageType.RGB_IMAGE
    layer = Gimp.Layer.new(image, "source", width, height, kind, 100, Gimp.LayerMode.NORMAL)
    image.insert_layer(layer, None, 0)
    return image, layer


def _rect(drawable):
    return Gegl.Rectangle.new(0, 0, drawable.get_width(), drawable.get_height())


def write_pixels(drawable, pixels, fmt="R'G'B'A float"):
    """Writes a height × width × channels float array into the drawable."""
    buffer = drawable.get_buffer()
    buffer.set(_rect(drawable), fmt, np.ascontiguousarray(pixels, np.float32).tobytes())
    buffer.flush()
    drawable.update(0, 0, drawable.get_width(), drawable.get_height())


def format_name(fmt):
    """A babl format's name, which GEGL's Python binding takes; formats
    with a colour space (from Babl.format_with_space) have a longer name."""
    return fmt if isinstance(fmt, str) else Babl.get_name(fmt)


def read_pixels(drawable, fmt="R'G'B'A float", channels=4):
    buffer = drawable.get_buffer()
    data = buffer.get(_rect(drawable), 1.0, format_name(fmt), Gegl.AbyssPolicy.NONE)
    return np.frombuffer(data, np.float32).reshape(
        drawable.get_height(), drawable.get_width(), channels).copy()


def read_raw(drawable):
    """The drawable's pixels in its own format, as bytes per pixel."""
    fmt = drawable.get_format()
    buffer = drawable.get_buffer()
    data = buffer.get(_rect(drawable), 1.0, None, Gegl.AbyssPolicy.NONE)
    bpp = len(data) // (drawable.get_width() * drawable.get_height())
    return fmt, np.frombuffer(data, np.uint8).reshape(
        drawable.get_height(), drawable.get_width(), bpp).copy()


# numpy's type for each component type of GIMP's formats.
NUMBER_TYPES = {"u8": np.uint8, "u16": np.uint16, "u32": np.uint32, "half": np.float16,
                "float": np.float32, "double": np.float64}


def read_numbers(drawable):
    """The numbers the drawable stores, in its own format's type: height ×
    width × components.  No conversion stands in between, so no path that
    babl picks by timing: exact comparisons belong here."""
    kind = NUMBER_TYPES[Babl.format_get_encoding(drawable.get_format()).rsplit(" ", 1)[1]]
    _, raw = read_raw(drawable)
    return raw.view(kind)


def fractions(numbers):
    """Stored numbers as fractions of full scale, in float64: integers over
    their largest value (n/255 is then the nearest double to n/255), floats
    as they are."""
    if np.issubdtype(numbers.dtype, np.integer):
        return numbers / np.float64(np.iinfo(numbers.dtype).max)
    return numbers.astype(np.float64)


def stored(kind, fraction):
    """How a format of numpy type kind stores fraction (0 to 1): integers
    rounded to the nearest, floats rounded to their precision."""
    if np.issubdtype(kind, np.integer):
        return kind(np.rint(fraction * np.iinfo(kind).max))
    return kind(fraction)


def quadrants(width, height, colours, noise=0.0, seed=1):
    """An RGBA float picture of four flat colour quadrants, with optional
    uniform noise of ±noise on each colour channel."""
    rng = np.random.default_rng(seed)
    pixels = np.ones((height, width, 4), np.float32)
    half_y, half_x = height // 2, width // 2
    areas = [(slice(0, half_y), slice(0, half_x)), (slice(0, half_y), slice(half_x, width)),
             (slice(half_y, height), slice(0, half_x)), (slice(half_y, height), slice(half_x, width))]
    truth = np.zeros((height, width), np.int32)
    for index, (rows, cols) in enumerate(areas):
        pixels[rows, cols, :3] = colours[index]
        truth[rows, cols] = index
    if noise:
        pixels[..., :3] += rng.uniform(-noise, noise, (height, width, 3)).astype(np.float32)
        np.clip(pixels, 0.0, 1.0, out=pixels)
    return pixels, truth


def noise_image(width, height, seed):
    """A new RGBA 8-bit image of opaque uniform noise (each colour channel
    drawn from [0, 1)), and its layer."""
    image, layer = new_image(width, height)
    rng = np.random.default_rng(seed)
    pixels = np.ones((height, width, 4), np.float32)
    pixels[..., :3] = rng.random((height, width, 3), dtype=np.float32)
    write_pixels(layer, pixels)
    return image, layer


def _python_value(result, index, spec):
    """A return value as a Python value.  PyGObject hands GIMP's double and
    int32 arrays over as opaque boxes; a GValue of the right type opens them."""
    if isinstance(spec, Gimp.ParamDoubleArray):
        box = GObject.Value(Gimp.DoubleArray.__gtype__, result.index(index))
        return list(Gimp.value_get_double_array(box))
    if isinstance(spec, Gimp.ParamInt32Array):
        box = GObject.Value(Gimp.Int32Array.__gtype__, result.index(index))
        return list(Gimp.value_get_int32_array(box))
    if isinstance(spec, Gimp.ParamCoreObjectArray):
        return list(result.get_core_object_array(index))
    return result.index(index)


def run(image, drawables, **arguments):
    """Calls the filter; returns (status, [return values]), or (status,
    [message]) on failure."""
    procedure = Gimp.get_pdb().lookup_procedure(PROC)
    config = procedure.create_config()
    config.set_property("image", image)
    config.set_core_object_array("drawables", list(drawables))
    for name, value in arguments.items():
        name = name.replace("_", "-")
        config.set_property(name, value)
        check(config.get_property(name) == value,
              f"the config refused {name}={value!r}")
    result = procedure.run(config)
    status = result.index(0)
    if status != Gimp.PDBStatusType.SUCCESS:
        return status, [result.index(i) for i in range(1, result.length())]
    specs = procedure.get_return_values()
    return status, [_python_value(result, i + 1, spec) for i, spec in enumerate(specs)]


RETURN_NAMES = ["group", "n-segments-made", "segment-colors", "segment-pixel-counts",
                "label-map", "channels", "palette", "n-regions", "k-curve-error"]


def returned(image, layer, **arguments):
    """Calls the filter, requires success; returns its return values by name."""
    status, values = run(image, [layer], **arguments)
    check(status == Gimp.PDBStatusType.SUCCESS,
          f"the filter failed with {status}: {values[:1]}")
    check(len(values) == len(RETURN_NAMES), f"{len(values)} return values")
    return dict(zip(RETURN_NAMES, values))


def segment(image, layer, **arguments):
    """Calls the filter, requires success; returns (group, segment layers),
    the label map (if any) left out."""
    values = returned(image, layer, **arguments)
    group = values["group"]
    check(group is not None and group.is_group(), "no group layer returned")
    return group, [child for child in group.get_children() if child != values["label-map"]]


def expect_calling_error(image, drawables, *fragments, **arguments):
    status, values = run(image, drawables, **arguments)
    check(status == Gimp.PDBStatusType.CALLING_ERROR,
          f"expected a calling error, got {status} {values[:1]}")
    message = values[0] if values else ""
    for fragment in fragments:
        check(fragment in message, f"error message {message!r} lacks {fragment!r}")
    return message


def alpha_of(layers):
    """Alpha of each layer (the last component, read in its own format),
    stacked: n_layers × height × width."""
    return np.stack([fractions(read_numbers(layer))[..., -1] for layer in layers])


def require_partition(layers, visible, what):
    """Every visible pixel (a height × width array of booleans) has an
    alpha above 0 in exactly one of the layers, no other pixel in any."""
    opaque = (alpha_of(layers) > 0).sum(axis=0)
    check(np.array_equal(opaque, np.asarray(visible).astype(int)),
          f"{what}: the layers do not partition the visible pixels")


def require_source_pixels(layers, source_raw, what):
    """Each layer holds the source's own bytes (source_raw, from read_raw)
    wherever its alpha is above 0."""
    for layer in layers:
        _, raw = read_raw(layer)
        opaque = alpha_of([layer])[0] > 0
        check(np.array_equal(raw[opaque], source_raw[opaque]),
              f"{what}: {layer.get_name()} does not hold the source's pixels")


def image_layer_count(image):
    def count(layers):
        return sum(1 + (count(layer.get_children()) if layer.is_group() else 0)
                   for layer in layers)
    return count(image.get_layers())


def say(message):
    print(f"ok - {message}", flush=True)
