#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Check an ipt-report html file: strict HTML5, self-contained, sound SVG.

    python3 tests/report-html-check.py FILE.html ...

For each file:
- it parses with html5lib in strict mode (any parse error fails);
- no <script>, <link>, <img>, <iframe>, <object>, <embed>, <base>,
  <frame>, <audio>, <video>, <source>, <track>, <picture>, <form>, and no
  SVG <image>, <script>, <foreignObject> or <a>;
- no attribute whose value starts with http:, https:, // or url( (the
  xmlns namespace names aside), no href or src other than "#...", and no
  url( or @import in any style (nothing external is fetched);
- no on* event attribute;
- every <svg> has xmlns="http://www.w3.org/2000/svg" and a viewBox of
  four numbers, and its source text, cut out of the file, is well-formed
  XML on its own.

Prints "ok N svg" per file and exits 0, or prints each problem as
"FILE: problem" and exits 1.  Exits 2 when html5lib is missing (Debian:
python3-html5lib).
"""
import re
import sys
import xml.etree.ElementTree as ET

try:
    import html5lib
except ImportError:
    sys.stderr.write("report-html-check: html5lib is missing "
                     "(apt-get install python3-html5lib)\n")
    sys.exit(2)

SVG_NS = "http://www.w3.org/2000/svg"
XMLNS_NS = "http://www.w3.org/2000/xmlns/"

FORBIDDEN_HTML = {
    "script", "link", "img", "iframe", "object", "embed", "base", "frame",
    "frameset", "audio", "video", "source", "track", "picture", "form",
    "applet", "portal",
}
FORBIDDEN_SVG = {"script", "image", "foreignObject", "a", "use", "feImage"}
EXTERNAL = re.compile(r"^\s*(https?:|//|url\()", re.I)
CSS_EXTERNAL = re.compile(r"url\s*\(|@import", re.I)
NUMBER = r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?"
VIEWBOX = re.compile(r"^\s*(%s)([\s,]+(%s)){3}\s*$" % (NUMBER, NUMBER))
SVG_OPEN = re.compile(r"<svg(?=[\s/>])", re.I)
SVG_TAG = re.compile(r"<(/?)svg(?=[\s/>])", re.I)


def local(tag):
    """The local name and namespace of an ElementTree tag."""
    if tag.startswith("{"):
        ns, name = tag[1:].split("}", 1)
        return name, ns
    return tag, ""


def attr_name(key):
    return local(key)[0]


def svg_sources(text):
    """The source text of each outermost <svg>...</svg> in text."""
    out = []
    pos = 0
    while True:
        m = SVG_OPEN.search(text, pos)
        if m is None:
            return out
        depth = 0
        end = None
        for t in SVG_TAG.finditer(text, m.start()):
            close = t.group(1) == "/"
            if not close:
                # a self-closing <svg .../> opens nothing
                gt = text.find(">", t.end())
                if gt < 0:
                    break
                if text[gt - 1] == "/":
                    if depth == 0:
                        end = gt + 1
                        break
                    continue
                depth += 1
            else:
                depth -= 1
                if depth == 0:
                    gt = text.find(">", t.end())
                    end = gt + 1 if gt >= 0 else None
                    break
        if end is None:
            out.append(text[m.start():])
            return out
        out.append(text[m.start():end])
        pos = end


def check_tree(doc, problems):
    nsvg = 0
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue            # comments
        name, ns = local(el.tag)
        if ns == SVG_NS:
            if name in FORBIDDEN_SVG:
                problems.append("forbidden svg element <%s>" % name)
            if name == "svg":
                nsvg += 1
        elif name.lower() in FORBIDDEN_HTML:
            problems.append("forbidden element <%s>" % name)
        if name == "meta" and el.get("http-equiv") is not None:
            problems.append("<meta http-equiv> is not allowed")
        if name == "style" and CSS_EXTERNAL.search(el.text or ""):
            problems.append("external reference in <style>")
        for key, value in el.attrib.items():
            an = attr_name(key)
            if local(key)[1] == XMLNS_NS or an == "xmlns" or \
                    an.startswith("xmlns:"):
                continue        # a namespace name, never fetched
            if an.lower().startswith("on"):
                problems.append("event attribute %s on <%s>" % (an, name))
            if EXTERNAL.match(value or ""):
                problems.append("external reference %s=%r on <%s>"
                                % (an, value, name))
            if an.lower() == "style" and CSS_EXTERNAL.search(value or ""):
                problems.append("external reference in style=%r" % value)
            if an.lower() in ("href", "xlink:href", "src", "srcset",
                              "action", "data", "poster") and \
                    not (value or "").startswith("#"):
                problems.append("reference %s=%r on <%s>"
                                % (an, value, name))
    return nsvg


def check_svg(src, i, problems):
    try:
        root = ET.fromstring(src)
    except ET.ParseError as e:
        problems.append("svg %d is not well-formed XML: %s" % (i, e))
        return
    name, ns = local(root.tag)
    if name != "svg" or ns != SVG_NS:
        problems.append("svg %d: no xmlns=\"%s\"" % (i, SVG_NS))
    vb = root.get("viewBox")
    if vb is None:
        problems.append("svg %d: no viewBox" % i)
    elif not VIEWBOX.match(vb):
        problems.append("svg %d: bad viewBox %r" % (i, vb))
    first = next(iter(root), None)
    if first is None or local(first.tag)[0] != "title":
        problems.append("svg %d: no <title> first" % i)


def check_file(path):
    problems = []
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        return ["cannot read: %s" % e.strerror], 0
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return ["not UTF-8: %s" % e], 0
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True)
    try:
        doc = parser.parse(raw, transport_encoding="utf-8")
    except html5lib.html5parser.ParseError as e:
        pos = parser.errors[0][0] if parser.errors else None
        where = " at line %d, column %d" % pos if pos else ""
        return ["html parse error%s: %s" % (where, e)], 0
    if parser.errors:
        for pos, code, data in parser.errors:
            problems.append("html parse error at %s: %s %s"
                            % (pos, code, data))
    if not text.startswith("<!DOCTYPE html>"):
        problems.append("does not start with <!DOCTYPE html>")
    nsvg = check_tree(doc, problems)
    sources = svg_sources(text)
    if len(sources) != nsvg:
        problems.append("%d <svg> elements but %d <svg> source texts"
                        % (nsvg, len(sources)))
    for i, src in enumerate(sources, 1):
        check_svg(src, i, problems)
    return problems, nsvg


def main(argv):
    if len(argv) < 2:
        sys.stderr.write("usage: report-html-check.py FILE.html ...\n")
        return 2
    status = 0
    for path in argv[1:]:
        problems, nsvg = check_file(path)
        if problems:
            for p in dict.fromkeys(problems):   # once each, in order
                print("%s: %s" % (path, p))
            status = 1
        else:
            print("ok %d svg" % nsvg)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
