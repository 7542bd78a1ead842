#!/usr/bin/env python3
"""Writes the hostile Parquet files of tests/data/bad/ (issue 14): each small, each declaring a size that would make
the `parquet` crate allocate beyond memory (or read outside the file) unless coldcost's bounds refuse it first.
The thrift (compact protocol) is written by hand here, so each file says exactly one wrong thing.
  python3 scripts/make-bad-parquet.py   # rewrites tests/data/bad/parquet-*.parquet
"""
import os
import struct

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "data", "bad")


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def zz(n):
    return varint((n << 1) ^ (n >> 63))


class S:
    """A thrift struct in the compact protocol: fields added in increasing id order."""

    def __init__(self):
        self.b = bytearray()
        self.last = 0

    def head(self, fid, ty):
        d = fid - self.last
        self.b += bytes([(d << 4) | ty]) if 0 < d < 16 else bytes([ty]) + zz(fid)
        self.last = fid
        return self

    def i32(self, fid, v):
        self.head(fid, 5).b.extend(zz(v))
        return self

    def i64(self, fid, v):
        self.head(fid, 6).b.extend(zz(v))
        return self

    def bin(self, fid, v, declared=None):
        self.head(fid, 8).b.extend(varint(len(v) if declared is None else declared) + v)
        return self

    def struct(self, fid, s):
        self.head(fid, 12).b.extend(s.end())
        return self

    def list(self, fid, ty, items, declared=None):
        n = len(items) if declared is None else declared
        self.head(fid, 9).b.extend(bytes([(n << 4) | ty]) if n < 15 else bytes([0xF0 | ty]) + varint(n))
        for i in items:
            self.b += i
        return self

    def raw(self, b):
        self.b += b
        return self

    def end(self):
        return bytes(self.b) + b"\x00"


def parquet(footer, body=b""):
    return b"PAR1" + body + footer + struct.pack("<I", len(footer)) + b"PAR1"


def schema():
    root = S().bin(4, b"schema").i32(5, 1).end()
    leaf = S().i32(1, 6).i32(3, 1).bin(4, b"line_item_usage_type").i32(6, 0).end()
    return [root, leaf]


def file_with_page(page_header, data, offset=4, length=None, codec=0):
    """A CUR-like file: one BYTE_ARRAY column `line_item_usage_type`, one row group, one chunk of one page."""
    chunk = page_header + data
    meta = (
        S().i32(1, 6).list(2, 5, [zz(0)]).list(3, 8, [varint(20) + b"line_item_usage_type"]).i32(4, codec)
        .i64(5, 1).i64(6, len(chunk)).i64(7, len(chunk) if length is None else length).i64(9, offset)
    )
    column = S().i64(2, offset).struct(3, meta).end()
    group = S().list(1, 12, [column]).i64(2, len(chunk)).i64(3, 1).end()
    footer = S().i32(1, 1).list(2, 12, schema()).i64(3, 1).list(4, 12, [group]).end()
    return parquet(footer, chunk)


def page(uncompressed, compressed, dictionary_values=None, stats_declared=None):
    h = S().i32(1, 2 if dictionary_values is not None else 0).i32(2, uncompressed).i32(3, compressed)
    if dictionary_values is not None:
        h.struct(7, S().i32(1, dictionary_values).i32(2, 0))
    else:
        dp = S().i32(1, 1).i32(2, 0).i32(3, 3).i32(4, 3)
        if stats_declared is not None:
            dp.struct(5, S().bin(1, b"x", declared=stats_declared))
        h.struct(5, dp)
    return h.end()


FILES = {
    # The footer's schema list declares 2^31 - 1 elements in 8 bytes (the crate would reserve ~200 GB).
    "parquet-footer-huge-list.parquet": parquet(S().list(2, 12, [], declared=2**31 - 1).end()),
    # What fuzzing found: FileMetaData's row groups (field 4) with a header declaring an i32, which the crate's
    # generated reader reads as a list anyway: a list of 2^31 - 1 row groups.
    "parquet-footer-list-declared-as-int.parquet": parquet(
        S().i32(1, 1).list(2, 12, schema()).i64(3, 1).raw(b"\x15\xfc\xff\xff\xff\xff\x07").end()
    ),
    # The footer length says more bytes than the file has.
    "parquet-footer-longer-than-file.parquet": b"PAR1" + b"\x00" * 8 + struct.pack("<I", 1_000_000) + b"PAR1",
    # Thrift nested 100 deep (the crate's reader recurses per level).
    "parquet-footer-nested-deep.parquet": parquet(b"\x1c" * 100 + b"\x00" * 101),
    # A page declaring 2^31 - 1 bytes uncompressed (the crate would zero a buffer that large).
    "parquet-page-huge-uncompressed.parquet": file_with_page(page(2**31 - 1, 4), b"\x00" * 4),
    # A snappy page declaring 1 MiB uncompressed from 4 bytes (snappy expands at most 21.3-fold).
    "parquet-page-snappy-overclaims.parquet": file_with_page(page(1 << 20, 4), b"\x00" * 4, codec=1),
    # A page header whose statistics declare a 4 GB binary in a few bytes (thrift's reader zeroes it first).
    "parquet-page-huge-statistics.parquet": file_with_page(page(4, 4, stats_declared=2**32 - 1), b"\x00" * 4),
    # A dictionary page declaring 2^30 values in 4 bytes (the crate would fill a dictionary that long).
    "parquet-dictionary-huge.parquet": file_with_page(page(4, 4, dictionary_values=2**30), b"\x00" * 4),
    # A column chunk declared at an offset far past the end of the file.
    "parquet-chunk-outside-file.parquet": file_with_page(page(4, 4), b"\x00" * 4, offset=1 << 40),
}

if __name__ == "__main__":
    for name, data in FILES.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
        print(f"{name}: {len(data)} bytes")
