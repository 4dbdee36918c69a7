# make-images.py — the benchmark's images, made once into OUT_DIR.
#
# From a real photograph (a nuthatch on a tree, Debian's
# lomiri-wallpapers-20.04) and GIMP's splash image it makes:
#   photo-0.25mp   the photo downscaled to about 0.25 megapixels
#   splash-2mp     GIMP's splash as it is
#   photo-24mp     the photo upscaled to about 24 megapixels with mild
#                  Gaussian noise (sigma 2 levels), so that the number of
#                  distinct colours is that of a real camera image
#   photo-24mp-sample  that photo as the dialog's sample (384 pixels wide)
# Each as NAME.png (8-bit sRGB, for GIMP and ImageMagick), NAME.rgb.f32 (the
# plug-in's RGB features: R'G'B' in 0..1, float32, 3 per pixel) and
# NAME.lab.f32 (CIE L*a*b* float32).  Prints one JSON line per image.
# Argument: OUT_DIR.
import json
import os
import sys

import cv2
import numpy as np

PHOTO = "/usr/share/backgrounds/Kleiber_by_Lukas_Baubkus.jpg"
SPLASH = "/usr/share/gimp/3.0/images/gimp-splash.png"

out_dir = sys.argv[1]


def save(name, rgb8):
    png = os.path.join(out_dir, name + ".png")
    if not os.path.exists(png):
        rgb = rgb8.astype(np.float32) / np.float32(255.0)
        # Write the PNG last: it marks the set as complete.
        rgb.tofile(os.path.join(out_dir, name + ".rgb.f32"))
        cv2.cvtColor(rgb, cv2.COLOR_RGB2Lab).tofile(
            os.path.join(out_dir, name + ".lab.f32"))
        cv2.imwrite(png, cv2.cvtColor(rgb8, cv2.COLOR_RGB2BGR))
    packed = (rgb8[..., 0].astype(np.uint32) << 16 |
              rgb8[..., 1].astype(np.uint32) << 8 | rgb8[..., 2])
    print(json.dumps({"name": name, "width": rgb8.shape[1],
                      "height": rgb8.shape[0],
                      "distinct": int(np.unique(packed).size)}))


def load(path):
    return cv2.cvtColor(cv2.imread(path, cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)


photo = load(PHOTO)
height, width = photo.shape[:2]

scale = (0.25e6 / (width * height)) ** 0.5
save("photo-0.25mp", cv2.resize(photo, (round(width * scale), round(height * scale)),
                                interpolation=cv2.INTER_AREA))

save("splash-2mp", load(SPLASH))

if not os.path.exists(os.path.join(out_dir, "photo-24mp.png")):
    scale = (24.2e6 / (width * height)) ** 0.5
    big = cv2.resize(photo, (round(width * scale), round(height * scale)),
                     interpolation=cv2.INTER_CUBIC).astype(np.float32)
    big += np.random.default_rng(0).normal(0.0, 2.0, big.shape).astype(np.float32)
    big = np.clip(np.rint(big), 0, 255).astype(np.uint8)
else:
    big = load(os.path.join(out_dir, "photo-24mp.png"))
save("photo-24mp", big)

# What the dialog clusters for its preview and curve plot on that photo: the
# layer reduced to 384 pixels on its long side (SEGMENT_SAMPLE_SIZE).
scale = 384 / max(big.shape[:2])
save("photo-24mp-sample", cv2.resize(big, (round(big.shape[1] * scale), round(big.shape[0] * scale)),
                                     interpolation=cv2.INTER_AREA))
