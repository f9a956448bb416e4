#!/usr/bin/env python3
"""Stack pages (PPM from pdftoppm) cropped to their content into one PNG, standard library only."""
import struct, sys, zlib

def read_ppm(path):
    data = open(path, "rb").read()
    parts = data.split(maxsplit=4)
    assert parts[0] == b"P6"
    w, h, maxv = int(parts[1]), int(parts[2]), int(parts[3])
    pixels = parts[4]
    rows = [pixels[y * w * 3:(y + 1) * w * 3] for y in range(h)]
    return w, h, rows

def crop(w, h, rows, pad=10, max_height=None):
    white = b"\xff" * (w * 3)
    ys = [y for y in range(h) if rows[y] != white]
    top, bottom = max(ys[0] - pad, 0), min(ys[-1] + pad, h - 1)
    if max_height: bottom = min(bottom, top + max_height)
    left, right = w, 0
    for y in range(top, bottom + 1):
        r = rows[y]
        for x in range(w):
            if r[3 * x:3 * x + 3] != b"\xff\xff\xff":
                left = min(left, x); break
        for x in range(w - 1, -1, -1):
            if r[3 * x:3 * x + 3] != b"\xff\xff\xff":
                right = max(right, x); break
    left, right = max(left - pad, 0), min(right + pad, w - 1)
    return [rows[y][3 * left:3 * (right + 1)] for y in range(top, bottom + 1)], right - left + 1

def main(out, specs):
    blocks = []
    for spec in specs:
        path, _, limit = spec.partition(":")
        w, h, rows = read_ppm(path)
        blocks.append(crop(w, h, rows, max_height=int(limit) if limit else None))
    width = max(bw for _, bw in blocks)
    lines = []
    for i, (rows, bw) in enumerate(blocks):
        if i: lines += [b"\xff" * (width * 3)] * 6 + [b"\x99" * (width * 3)] * 2 + [b"\xff" * (width * 3)] * 6
        lines += [r + b"\xff" * ((width - bw) * 3) for r in rows]
    raw = b"".join(b"\x00" + r for r in lines)
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, len(lines), 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    open(out, "wb").write(png)

main(sys.argv[1], sys.argv[2:])
