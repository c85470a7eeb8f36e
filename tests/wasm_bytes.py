"""Encoders of the WebAssembly binary format shared by the test generators
(tests/bad/gen_bad.py, tests/component-bad/gen_bad.py)."""


def uleb(n):
    """Unsigned LEB128."""
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def vec(items):
    """A vector: its length, then the items' bytes."""
    return uleb(len(items)) + b"".join(items)


def sec(sid, payload):
    """A section: id, size, payload."""
    return bytes([sid]) + uleb(len(payload)) + payload
