# A run with every stage (regions, layers, channels, paths) on an image
# large enough for many progress steps; tests/e2e/progress checks the bar
# the plug-in reported on its standard error.  Runs inside headless GIMP.
import numpy as np

from kms import new_image, returned, say, write_pixels

WIDTH, HEIGHT = 640, 480

image, layer = new_image(WIDTH, HEIGHT, alpha=False)
y, x = np.mgrid[0:HEIGHT, 0:WIDTH]
pixels = np.ones((HEIGHT, WIDTH, 4), np.float32)
pixels[..., 0] = x / WIDTH
pixels[..., 1] = y / HEIGHT
pixels[..., 2] = (np.sin(x / 23.0) * np.cos(y / 17.0) + 1) / 2
write_pixels(layer, pixels)
values = returned(image, layer, n_segments=6, min_region=50, create_channels=True,
                  create_paths=True)
say(f"a run with every stage made {values['n-segments-made']} segments")
