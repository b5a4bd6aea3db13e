#!/usr/bin/python3
"""mdlinks.py - resolve every internal link of Markdown files the way GitHub
and GitLab make heading anchors (test-only, written apart from src/render_md.c
so the two check each other).

GitHub (html-pipeline's TocFilter, github-slugger): lower case; drop every
character that is not a letter, mark, decimal digit, connector punctuation,
"-" or " "; each " " becomes "-"; a repeated id gets "-1", "-2", ...
GitLab (Gitlab::Utils::Markdown#string_to_anchor): strip, lower case, drop
the same characters, " " to "-", squeeze runs of "-", an all-digit id
becomes "anchor-<digits>"; repeats get "-1", "-2", ...

Headings are found by a small ATX-heading reader (dpagen writes no other
kind); the text of each is what a reader sees: emphasis, code and link
syntax removed, backslash escapes and entities resolved.

Usage: mdlinks.py FILE.md...   exit 1 and one line per dead link if any.
"""
import html
import re
import sys
import unicodedata

KEEP = {"Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Pc"}


def kept(ch):
    return ch in "- _" or unicodedata.category(ch) in KEEP


def github(text):
    return "".join(c for c in text.lower() if kept(c)).replace(" ", "-")


def gitlab(text):
    s = "".join(c for c in text.strip().lower() if kept(c)).replace(" ", "-")
    s = re.sub(r"-{2,}", "-", s)
    return "anchor-" + s if s.isdigit() else s


def shown(raw):
    """The text of an ATX heading's content, as a reader sees it."""
    s = re.sub(r"\s+#+\s*$", "", raw.strip())           # closing hashes
    s = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", s)     # links, images
    s = re.sub(r"`([^`]*)`", r"\1", s)                  # code spans
    s = re.sub(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1", r"\2", s)
    s = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", s)         # backslash escapes
    return html.unescape(s)


def anchors(md, rule):
    ids, seen, fence = set(), {}, False
    for line in md.splitlines():
        if re.match(r"^ {0,3}(```|~~~)", line):
            fence = not fence
        m = None if fence else re.match(r"^ {0,3}(?:[-*+] +|\d+[.)] +)*(#{1,6})(?: +(.*)|$)", line)
        if not m:
            continue
        base = rule(shown(m.group(2) or ""))
        n = seen.get(base, 0)
        seen[base] = n + 1
        ids.add(base if n == 0 else "%s-%d" % (base, n))
    return ids


def main(paths):
    dead = 0
    for p in paths:
        md = open(p, encoding="utf-8").read()
        links = re.findall(r"\]\(#([^)\s]*)\)", md)
        for name, rule in (("GitHub", github), ("GitLab", gitlab)):
            ids = anchors(md, rule)
            for to in links:
                if to not in ids:
                    dead += 1
                    print("%s: #%s is not an anchor on %s" % (p, to, name))
        if not links:
            print("%s: no internal links (nothing tested)" % p)
            dead += 1
    return 1 if dead else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
