# The filter speaks the user's language: run in a German locale (see
# tests/e2e/in-locale), GIMP's own plug-ins and this one show German menu
# labels, argument labels and choices, and the plug-in's error messages,
# messages and layer names are German too.
# expect-message: 1 Segment erstellt, nicht 8: Die Ebene hat nur 1 verschiedene Farbe.
# forbid-message: Localization disabled
import numpy as np
from gi.repository import Gimp

from kms import PROC, check, expect_calling_error, new_image, say, segment, write_pixels

pdb = Gimp.get_pdb()

# GIMP's own catalogue first: if this fails, the locale does not work and
# the plug-in's German below cannot be judged.
sparkle = pdb.lookup_procedure("plug-in-sparkle").get_menu_label()
check(sparkle == "_Glitzern …", f"GIMP's Sparkle is labelled {sparkle!r}, not in German")

procedure = pdb.lookup_procedure(PROC)
label = procedure.get_menu_label()
check(label == "K-_Means-Segmentierung …", f"menu label {label!r}")
blurb = procedure.get_blurb()
check(blurb == "Eine Ebene in K Farbsegmente zerlegen, jedes als neue Ebene", f"blurb {blurb!r}")
arguments = {spec.get_name(): spec for spec in procedure.get_arguments()}
nick = arguments["n-segments"].get_nick()
check(nick == "S_egmente", f"n-segments is labelled {nick!r}")
fill = Gimp.param_spec_choice_get_choice(arguments["fill"])
check(fill.get_label("mean") == "Durchschnittsfarbe",
      f"fill's choice mean is labelled {fill.get_label('mean')!r}")
say(f"German menu label {label!r}, argument label {nick!r}, choice label "
    f"{fill.get_label('mean')!r}")

image, layer = new_image(8, 6)
write_pixels(layer, np.full((6, 8, 4), (0.2, 0.4, 0.6, 1.0), np.float32))
message = expect_calling_error(image, [layer, layer],
                               "K-Means-Segmentierung arbeitet mit genau einer Ebene, es "
                               "wurden aber 2 Zeichenobjekte übergeben.")
say(f"German calling error: {message!r}")

group, layers = segment(image, layer, **{"n-segments": 8})
check(group.get_name() == "K-Means-Segmente", f"group named {group.get_name()!r}")
names = [child.get_name() for child in layers]
check(names == ["Segment 1 · #336699 · 100.0 %"], f"segment layers named {names!r}")
say(f"German group {group.get_name()!r} holding {names!r}")
