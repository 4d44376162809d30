"""A notebook page's figures as files beside it, sized, and described in the page's language.

nbconvert embeds each figure a cell drew as a base64 ``data:`` URL, which made the notebook
page the heaviest of the site and kept its figures out of the browser's cache; its alt text is
an English placeholder. mkdocs-jupyter's copy button of each code cell is English too
(``localize``).
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from pathlib import Path

DATA_IMAGE = re.compile(r'(src|href)="data:image/(png|jpeg|svg\+xml);base64,([A-Za-z0-9+/=\s]+)"')
NBCONVERT_ALT = 'alt="No description has been provided for this image"'
COPY_LABEL = 'aria-label="Copy to Clipboard"'  # mkdocs-jupyter's template, and its notice once clicked:
COPIED = re.compile(r'(<span class="notice" hidden(?:="")?>)Copied!(</span>)')


def outputs_as_files(page_html: str, folder: Path, alt: str) -> str:
    """Write each embedded figure into ``folder`` (named by its content); return the page linking them.

    Args:
        page_html: The rendered notebook page.
        folder: The page's folder in the built site.
        alt: The alt text of a figure drawn by a code cell, in the page's language.
    """

    def save(match: re.Match) -> str:
        attribute, kind, data = match.group(1), match.group(2), base64.b64decode(match.group(3))
        name = f"output-{hashlib.sha256(data).hexdigest()[:12]}.{'svg' if kind == 'svg+xml' else kind}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
        # The lightbox's link to the same figure points at the same file.
        return f'{attribute}="{name}"' + (image_size(data, kind) if attribute == "src" else "")

    return DATA_IMAGE.sub(save, page_html).replace(NBCONVERT_ALT, f'alt="{alt}"')


def image_size(data: bytes, kind: str) -> str:
    """Return the ``width``/``height`` attributes of an SVG or PNG image, or ``""`` if unknown.

    They reserve the figure's room before it loads: no layout shift.
    """
    if kind == "svg+xml":
        match = re.search(rb'<svg[^>]*\swidth="([\d.]+)pt"[^>]*\sheight="([\d.]+)pt"', data)
        if match:
            width, height = (round(float(value) * 96 / 72) for value in match.groups())
            return f' width="{width}" height="{height}"'
    elif kind == "png" and data[12:16] == b"IHDR":  # a PNG's size is in its header chunk
        return f' width="{int.from_bytes(data[16:20], "big")}" height="{int.from_bytes(data[20:24], "big")}"'
    return ""


def localize(page_html: str, copy: str, copied: str) -> str:
    """Return a notebook page whose cells' copy buttons speak the page's language.

    Args:
        page_html: The rendered notebook page.
        copy: The button's label ("Copy to Clipboard").
        copied: What it shows once clicked ("Copied!").
    """
    page_html = page_html.replace(COPY_LABEL, f'aria-label="{html.escape(copy)}"')
    return COPIED.sub(lambda match: match.group(1) + html.escape(copied) + match.group(2), page_html)
