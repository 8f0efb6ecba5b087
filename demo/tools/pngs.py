"""Write small, valid, colourful PNG files with nothing but zlib.

Each picture is a seeded pattern (bands, rings, tiles or waves) over a
palette, with a little block noise so it does not compress to nothing and
looks like a photo placeholder rather than a flat fill.
"""

import random
import struct
import zlib


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def encode_png(width: int, height: int, rows: list) -> bytes:
    """rows: one bytes object of width*3 RGB values per row."""
    raw = b"".join(b"\x00" + r for r in rows)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", ihdr)
        + _chunk(b"tEXt", b"Software\x00Meridian House sample site")
        + _chunk(b"IDAT", zlib.compress(raw, 9))
        + _chunk(b"IEND", b"")
    )


def _mix(a, b, t):
    # Few steps of each gradient keep the file small.
    t = round(max(0.0, min(1.0, t)) * 5) / 5
    return tuple(int(a[i] + (b[i] - a[i]) * t) for i in range(3))


def pattern_png(seed: int, width: int, height: int, noise: int = 10) -> bytes:
    rnd = random.Random(seed)
    palette = [tuple(rnd.randrange(30, 246) for _ in range(3)) for _ in range(4)]
    kind = seed % 4
    block = max(8, width // 48)
    cx, cy = rnd.uniform(0.2, 0.8) * width, rnd.uniform(0.2, 0.8) * height
    rows = []
    # Noise per block, shared by the rows of a block band: the file stays
    # small and the picture looks grainy rather than flat.
    for by in range(0, height, block):
        grain = [rnd.randrange(-noise, noise + 1) for _ in range(width // block + 1)]
        for y in range(by, min(by + block, height)):
            row = bytearray()
            fy = y / height
            for bx in range(0, width, block):
                fx = bx / width
                if kind == 0:  # diagonal bands
                    t = ((fx + fy) * 3.0) % 1.0
                    c = _mix(palette[0], palette[1], t) if (fx + fy) < 1 else _mix(palette[2], palette[3], t)
                elif kind == 1:  # rings around a centre
                    d = ((bx - cx) ** 2 + (y - cy) ** 2) ** 0.5 / max(width, height)
                    c = palette[int(d * 12) % 4]
                elif kind == 2:  # tiles with a gradient
                    tile = (bx // (block * 12) + y // (block * 12)) % 2
                    c = _mix(palette[tile], palette[2 + tile], fy)
                else:  # horizon: sky, hills, ground
                    hill = 0.55 + 0.08 * ((fx * 7.0) % 1.0 - 0.5)
                    c = _mix(palette[0], palette[1], fy / hill) if fy < hill else _mix(palette[2], palette[3], (fy - hill) / (1 - hill))
                g = grain[bx // block]
                px = bytes(max(0, min(255, v + g)) for v in c)
                row += px * min(block, width - bx)
            rows.append(bytes(row))
    return encode_png(width, height, rows)
