# The Help button's target: the plug-in registers the help domain
# "org.kmeans-segment.help" at <plug-in folder>/help, the procedure's help ID
# is in that domain, the domain's en/gimp-help.xml maps the ID to a page that
# exists, and every relative link and picture of every help page resolves.
# (Opening the page needs a web browser, which the test machine lacks; this
# is the lookup GIMP's help plug-in makes before it starts one.)  Scripts
# shown in a page (<pre data-source="FILE">) must be FILE exactly, which the
# tests run.
import os
import re
import struct
import sys
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from urllib.parse import unquote, urlparse

from gi.repository import Gimp

from kms import PROC, check, say

DOMAIN = "org.kmeans-segment.help"

procedure = Gimp.get_pdb().lookup_procedure(PROC)
help_id = procedure.get_help_id()
check(help_id == f"{DOMAIN}?{PROC}", f"the procedure's help ID is {help_id!r}")

# GIMP writes the registered domains to the profile's pluginrc.
pluginrc = open(os.path.join(os.environ["GIMP3_DIRECTORY"], "pluginrc"), encoding="utf-8",
                errors="replace").read()
found = re.search(r'\(help-def "' + re.escape(DOMAIN) + r'" "([^"]+)"\)', pluginrc)
check(found, f"pluginrc registers no help domain {DOMAIN}")
root = unquote(urlparse(found.group(1)).path)
check(os.path.isdir(root), f"the help domain's folder {root} does not exist")

# The locale GIMP falls back to is en; the id attribute lives in the
# namespace bound to the domain name, as GIMP's help plug-in reads it.
index = ElementTree.parse(os.path.join(root, "en", "gimp-help.xml")).getroot()
check(index.tag == "gimp-help", f"gimp-help.xml's root element is {index.tag}")
pages = {item.get(f"{{{DOMAIN}}}id"): item.get("ref") for item in index.iter("help-item")}
check(PROC in pages, f"gimp-help.xml maps no page to {PROC}: {pages}")
for ref in pages.values():
    check(os.path.isfile(os.path.join(root, "en", ref)), f"help page {ref} is missing")


class Page(HTMLParser):
    """A page's link targets and the scripts it shows."""

    def __init__(self):
        super().__init__()
        self.targets = []
        self.shown = {}
        self.showing = None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.targets.append(value)
            if tag == "pre" and name == "data-source":
                self.showing = value
                self.shown[value] = ""

    def handle_endtag(self, tag):
        if tag == "pre":
            self.showing = None

    def handle_data(self, data):
        if self.showing:
            self.shown[self.showing] += data


def stamped_chunks(path):
    """The chunks of a PNG that carry a time: Debian's package build
    (dh_strip_nondeterminism) rewrites such files, and the installed manual
    would then differ from help/."""
    data = open(path, "rb").read()
    check(data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG")
    found, at = [], 8
    while at + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        if kind == b"tIME" or (kind in (b"tEXt", b"zTXt", b"iTXt") and body.startswith(b"date:")):
            found.append(kind.decode())
        at += 12 + length
    return found


n_links = n_shown = n_pictures = 0
for folder, _, files in os.walk(os.path.join(root, "en")):
    for name in files:
        if name.endswith(".png"):
            stamps = stamped_chunks(os.path.join(folder, name))
            check(not stamps, f"{name} carries a time stamp ({', '.join(stamps)}); "
                  "export it with file-png-export's time off")
            n_pictures += 1
        if not name.endswith(".html"):
            continue
        page = os.path.join(folder, name)
        parser = Page()
        parser.feed(open(page, encoding="utf-8").read())
        for source, text in parser.shown.items():
            script = open(os.path.join(folder, source), encoding="utf-8").read()
            check(text == script, f"{name} shows {source} differently from the file")
            n_shown += 1
        for target in parser.targets:
            url = urlparse(target)
            if url.scheme or not url.path:
                continue
            check(not target.startswith("/"), f"{name}: link {target} is not relative")
            path = os.path.normpath(os.path.join(folder, unquote(url.path)))
            check(os.path.exists(path), f"{name}: link {target} leads nowhere")
            n_links += 1

check(n_shown > 0, "no page shows a script")
say(f"help ID {help_id} opens {pages[PROC]}; {n_links} relative links and pictures resolve; "
    f"{n_shown} scripts shown are the files the tests run; {n_pictures} pictures carry no time stamp")
