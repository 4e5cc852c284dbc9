#!/usr/bin/env python3
"""Lists a Windows PE file's resources, for packaging/windows/build-msi.sh (the
file version the MSI records) and .ci/windows (what build.rs embedded).

Usage: pe-resources.py FILE.exe

Prints one line per resource type (ICON, GROUP_ICON, VERSION, MANIFEST, or the number), then
the version strings (`version Key=Value`, `version fixed=A.B.C.D`) and the manifest (`manifest <xml>`, one line).
Standard library only: CI installs nothing from PyPI for this.
"""

import struct
import sys

TYPES = {3: "ICON", 14: "GROUP_ICON", 16: "VERSION", 24: "MANIFEST"}


def sections(data):
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    if data[pe : pe + 4] != b"PE\0\0":
        raise ValueError("not a PE file")
    count = struct.unpack_from("<H", data, pe + 6)[0]
    optional_size = struct.unpack_from("<H", data, pe + 20)[0]
    optional = pe + 24
    magic = struct.unpack_from("<H", data, optional)[0]
    # Data directory 2 (resources): after 96 (PE32) or 112 (PE32+) bytes of the optional header.
    directories = optional + (112 if magic == 0x20B else 96)
    rsrc_rva, _ = struct.unpack_from("<II", data, directories + 2 * 8)
    table = optional + optional_size
    found = []
    for i in range(count):
        base = table + i * 40
        vsize, va, rawsize, rawptr = struct.unpack_from("<IIII", data, base + 8)
        found.append((va, max(vsize, rawsize), rawptr))
    return rsrc_rva, found


def rva_to_offset(rva, found):
    for va, size, rawptr in found:
        if va <= rva < va + size:
            return rawptr + rva - va
    raise ValueError(f"RVA {rva:#x} is in no section")


def entries(data, base, offset):
    named, ids = struct.unpack_from("<HH", data, base + offset + 12)
    for i in range(named + ids):
        name, target = struct.unpack_from("<II", data, base + offset + 16 + i * 8)
        yield name, target


def leaves(data, base, offset, found):
    """Every data entry under a directory: (offset in file, size)."""
    for _, target in entries(data, base, offset):
        if target & 0x80000000:
            yield from leaves(data, base, target & 0x7FFFFFFF, found)
        else:
            rva, size = struct.unpack_from("<II", data, base + target)
            yield rva_to_offset(rva, found), size


def version_strings(blob):
    """Key/value pairs of a VS_VERSIONINFO's StringFileInfo (UTF-16 strings)."""
    text = blob.decode("utf-16-le", errors="replace")
    pairs = []
    for key in ("CompanyName", "FileDescription", "FileVersion", "InternalName",
                "OriginalFilename", "ProductName", "ProductVersion"):
        at = text.find(key + "\0")
        if at < 0:
            continue
        rest = text[at + len(key) + 1 :].lstrip("\0")
        pairs.append((key, rest.split("\0", 1)[0]))
    return pairs


def main():
    data = open(sys.argv[1], "rb").read()
    rsrc_rva, found = sections(data)
    if rsrc_rva == 0:
        return
    base = rva_to_offset(rsrc_rva, found)
    for type_id, target in entries(data, base, 0):
        name = TYPES.get(type_id, str(type_id))
        print(name)
        if not target & 0x80000000:
            continue
        for offset, size in leaves(data, base, target & 0x7FFFFFFF, found):
            blob = data[offset : offset + size]
            if name == "VERSION":
                fixed = blob.find(struct.pack("<I", 0xFEEF04BD))
                if fixed >= 0:
                    ms, ls = struct.unpack_from("<II", blob, fixed + 8)
                    print(f"version fixed={ms >> 16}.{ms & 0xFFFF}.{ls >> 16}.{ls & 0xFFFF}")
                for key, value in version_strings(blob):
                    print(f"version {key}={value}")
            elif name == "MANIFEST":
                print("manifest " + " ".join(blob.decode("utf-8", errors="replace").split()))


if __name__ == "__main__":
    main()
