# snapshot.py — what "the image is unchanged" means in the end-to-end tests:
# the same items (layers at any depth, channels, masks) with the same names,
# sizes, offsets and pixels, the same selection, and no undo step pushed.
import numpy as np
from gi.repository import Gimp

from kms import check, read_raw


def _items(image):
    def walk(layers):
        for layer in layers:
            yield layer
            mask = layer.get_mask()
            if mask is not None:
                yield mask
            if layer.is_group():
                yield from walk(layer.get_children())
    yield from walk(image.get_layers())
    yield from image.get_channels()
    yield image.get_selection()


def _state(image):
    state = []
    for item in _items(image):
        _, pixels = read_raw(item)
        state.append((item.get_id(), item.get_name(), item.get_width(), item.get_height(),
                      tuple(item.get_offsets()[1:]), pixels))
    return state


def take(image):
    """Records the image, and marks it clean so that any undo step the
    filter pushes shows as is_dirty()."""
    image.clean_all()
    return _state(image)


def require_unchanged(image, before, what, undo_free=True):
    """The image holds the items it had, unchanged, and (when undo_free)
    no undo step was pushed since the snapshot."""
    after = _state(image)
    check(len(after) == len(before),
          f"{what}: the image had {len(before)} items, now {len(after)}")
    for old, new in zip(before, after):
        check(old[:5] == new[:5], f"{what}: item {old[:5]} became {new[:5]}")
        check(np.array_equal(old[5], new[5]), f"{what}: the pixels of {old[1]!r} changed")
    check(not undo_free or not image.is_dirty(),
          f"{what}: the image is dirty, so an undo step was pushed")

