"""Writes the Parquet fixtures of ParquetFileTest and the kontext_bench tests.

Run once with pyarrow installed (tested with pyarrow 25.0.1); the tests only read the files this
writes, so the build needs no Python:

    python3 -m venv /tmp/pqvenv && /tmp/pqvenv/bin/pip install pyarrow
    /tmp/pqvenv/bin/python generate_fixtures.py

It reads photo-40x24.jpg from this folder and writes PNG bytes itself, so it needs no imaging
library. The outputs are deterministic for one pyarrow version.
"""

import json
import struct
import zlib
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

HERE = Path(__file__).resolve().parent


def png(width, height, rgb):
    """Returns a PNG of one colour, width x height, 8-bit RGB."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(row * height)) + chunk(b"IEND", b""))


JPEG = (HERE / "photo-40x24.jpg").read_bytes()

# Five rows in the layout of black-forest-labs/kontext-bench as Hugging Face datasets writes it:
# an Image feature (struct of bytes and path) and a string instruction. Row 2 has no instruction,
# row 3 has the same instruction as row 0 (so dictionary pages have a repeat).
KONTEXT_ROWS = [
    ({"bytes": png(30, 20, (200, 30, 30)), "path": "0000.png"}, "Make the sky purple", "style"),
    ({"bytes": JPEG, "path": "0001.jpg"}, "Add a hat to the cat", "local"),
    ({"bytes": png(57, 29, (30, 200, 30)), "path": "0002.png"}, None, "global"),
    ({"bytes": JPEG, "path": "0003.jpg"}, "Make the sky purple", "style"),
    ({"bytes": png(8, 8, (30, 30, 200)), "path": None}, "Replace the text with 'OPEN'", "text"),
]

HF_FEATURES = {"info": {"features": {
    "image": {"_type": "Image"},
    "instruction": {"dtype": "string", "_type": "Value"},
    "category": {"dtype": "string", "_type": "Value"},
}}}


def kontext_table():
    image_type = pa.struct([("bytes", pa.binary()), ("path", pa.string())])
    schema = pa.schema([("image", image_type), ("instruction", pa.string()),
                        ("category", pa.string())],
                       metadata={"huggingface": json.dumps(HF_FEATURES)})
    columns = list(zip(*KONTEXT_ROWS))
    return pa.table([pa.array(columns[0], image_type), pa.array(columns[1], pa.string()),
                     pa.array(columns[2], pa.string())], schema=schema)


def write_kontext():
    table = kontext_table()
    variants = {
        "kontext-snappy-v1-dict.parquet": ("snappy", "1.0", True),
        "kontext-gzip-v2-plain.parquet": ("gzip", "2.0", False),
        "kontext-zstd-v2-dict.parquet": ("zstd", "2.0", True),
        "kontext-uncompressed-v1-plain.parquet": ("none", "1.0", False),
    }
    for name, (compression, page_version, dictionary) in variants.items():
        # Row groups of 3 rows: the five rows span two row groups.
        pq.write_table(table, HERE / name, row_group_size=3, compression=compression,
                       data_page_version=page_version, use_dictionary=dictionary)


def types_table(rows):
    ids = list(range(rows))
    small = [None if i % 5 == 0 else i * 3 for i in ids]
    flag = [None if i % 7 == 0 else i % 3 == 0 for i in ids]
    ratio = [i / 4 for i in ids]
    score = [i * 0.5 for i in ids]
    # Repeating labels first, then unique ones: with a small dictionary page limit the writer
    # falls back from dictionary pages to PLAIN pages inside one column chunk.
    label = [("label-%d" % (i % 4)) if i < 60 else ("unique-%d" % i) for i in ids]
    fixed = [struct.pack("<i", i) for i in ids]
    schema = pa.schema([
        pa.field("id", pa.int64(), nullable=False),
        ("small", pa.int32()),
        ("flag", pa.bool_()),
        ("ratio", pa.float64()),
        ("score", pa.float32()),
        ("label", pa.string()),
        ("fixed", pa.binary(4)),
    ])
    return pa.table([ids, small, flag, ratio, score, label, fixed], schema=schema)


def write_types():
    table = types_table(100)
    for name, page_version in (("types-v1.parquet", "1.0"), ("types-v2.parquet", "2.0")):
        # Tiny pages and batches give several pages per column chunk; 40-row groups give three.
        pq.write_table(table, HERE / name, row_group_size=40, compression="snappy",
                       data_page_version=page_version, data_page_size=64, write_batch_size=8,
                       dictionary_pagesize_limit=64)


def write_nested_list():
    table = pa.table({
        "id": pa.array([1, 2], pa.int64()),
        "tags": pa.array([["a", "b"], ["c"]], pa.list_(pa.string())),
    })
    pq.write_table(table, HERE / "nested-list.parquet")


def write_unsupported():
    table = pa.table({"id": pa.array([1, 2, 3], pa.int64())})
    # pyarrow's "lz4" is the LZ4_RAW codec.
    pq.write_table(table, HERE / "lz4.parquet", compression="lz4")
    pq.write_table(table, HERE / "delta-encoding.parquet", use_dictionary=False,
                   column_encoding={"id": "DELTA_BINARY_PACKED"})


if __name__ == "__main__":
    write_kontext()
    write_types()
    write_nested_list()
    write_unsupported()
    for path in sorted(HERE.glob("*.parquet")):
        meta = pq.ParquetFile(path).metadata
        encodings = sorted({encoding for group in range(meta.num_row_groups)
                            for column in range(meta.num_columns)
                            for encoding in meta.row_group(group).column(column).encodings})
        print(path.name, path.stat().st_size, "bytes,", meta.num_row_groups, "row groups,",
              encodings)
