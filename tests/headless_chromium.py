"""Headless Chromium for UI tests: find Debian's `chromium` (`make setup` installs it), dump a page's DOM or
screenshot it, and read the screenshot back (a small stdlib PNG decoder, so no imaging library is needed).

Without Chromium a test skips, except under `CI=true`, where it fails: CI must exercise the UI.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

WINDOW = (1600, 1000)
# Virtual time: Chromium fast-forwards timers and waits for the page's network requests within this budget.
VIRTUAL_TIME_MS = 20_000
TIMEOUT_S = 180


def chromium_or_skip() -> str:
    """The path of `chromium`; skips the test when it is missing, or fails it under `CI=true`."""
    found = shutil.which("chromium")
    if found:
        return found
    reason = "Debian's `chromium` is not installed (`make setup` installs it: apt-get install chromium)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI must run the UI test", pytrace=False)
    pytest.skip(reason)


def _run(chromium: str, profile: Path, url: str, *action: str) -> subprocess.CompletedProcess[bytes]:
    command = [
        chromium,
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        f"--window-size={WINDOW[0]},{WINDOW[1]}",
        f"--virtual-time-budget={VIRTUAL_TIME_MS}",
        "--run-all-compositor-stages-before-draw",
        *action,
        url,
    ]
    result = subprocess.run(command, capture_output=True, timeout=TIMEOUT_S, check=False)
    if result.returncode != 0:
        tail = result.stderr.decode(errors="replace")[-2000:]
        raise AssertionError(f"chromium exited {result.returncode} on {url}:\n{tail}")
    return result


def dump_dom(chromium: str, profile: Path, url: str) -> str:
    """The page's DOM after its scripts ran (`--dump-dom`)."""
    return _run(chromium, profile, url, "--dump-dom").stdout.decode(errors="replace")


def screenshot(chromium: str, profile: Path, url: str, target: Path) -> Path:
    """A PNG of the page at `WINDOW` size."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    _run(chromium, profile, url, f"--screenshot={target}")
    assert target.is_file(), f"chromium wrote no screenshot for {url}"
    return target


@dataclass(frozen=True)
class Image:
    """An 8-bit RGB(A) image: `pixels` row-major, `channels` bytes per pixel."""

    width: int
    height: int
    channels: int
    pixels: bytes

    def pixel(self, x: int, y: int) -> tuple[int, ...]:
        start = (y * self.width + x) * self.channels
        return tuple(self.pixels[start : start + self.channels])

    def colours(
        self, box: tuple[int, int, int, int] | None = None, step: int = 2
    ) -> Counter[tuple[int, ...]]:
        """How often each colour occurs in `box` (left, top, right, bottom), sampling every `step` pixels."""
        left, top, right, bottom = box or (0, 0, self.width, self.height)
        return Counter(self.pixel(x, y) for y in range(top, bottom, step) for x in range(left, right, step))


_CHANNELS = {2: 3, 6: 4}  # PNG colour type -> channels (truecolour, truecolour with alpha)


def read_png(path: Path) -> Image:
    """Decode a non-interlaced 8-bit RGB/RGBA PNG (what Chromium writes) with `zlib` alone."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    pos, header, compressed = 8, b"", bytearray()
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            compressed += body
        elif kind == b"IEND":
            break
    width, height, depth, colour_type, _compression, _filter, interlace = struct.unpack(">IIBBBBB", header)
    if depth != 8 or colour_type not in _CHANNELS or interlace:
        raise ValueError(f"{path}: unsupported PNG (depth {depth}, colour type {colour_type}, {interlace=})")
    channels = _CHANNELS[colour_type]
    raw = zlib.decompress(bytes(compressed))
    stride = width * channels
    previous = bytearray(stride)
    out = bytearray()
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        _unfilter(kind, line, previous, channels)
        out += line
        previous = line
    return Image(width, height, channels, bytes(out))


def _unfilter(kind: int, line: bytearray, previous: bytearray, bpp: int) -> None:
    """Undo one scanline's PNG filter in place (PNG spec §9)."""
    if kind == 0:
        return
    if kind == 2:
        line[:] = bytes((a + b) & 0xFF for a, b in zip(line, previous, strict=True))
        return
    for i in range(len(line)):
        left = line[i - bpp] if i >= bpp else 0
        if kind == 1:
            line[i] = (line[i] + left) & 0xFF
        elif kind == 3:
            line[i] = (line[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            up = previous[i]
            upper_left = previous[i - bpp] if i >= bpp else 0
            estimate = left + up - upper_left
            pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - upper_left)
            predictor = left if pa <= pb and pa <= pc else up if pb <= pc else upper_left
            line[i] = (line[i] + predictor) & 0xFF
        else:
            raise ValueError(f"unknown PNG filter type {kind}")
