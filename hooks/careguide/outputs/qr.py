"""QR codes of page addresses, as PNG images that print sharply and decode reliably."""

from __future__ import annotations

import io

import segno


def qr_png(url: str, *, scale: int = 12) -> bytes:
    """A QR code (error correction M, quiet zone of 4 modules) for ``url``."""
    code = segno.make(url, error="m", micro=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()
