#!/usr/bin/env bash
# Builds the Windows installer (MSI) from packaging/windows/paalogging.wxs with wixl (Debian/Ubuntu
# package "wixl", part of msitools). The release MSI is built with WiX v3 on a Windows runner
# (.github/workflows/release.yml); this script is for Linux, and for the structural check in
# .ci/packages, which cannot build a Windows .exe and packages a clearly labelled stand-in.
#
# Usage:
#   packaging/windows/build-msi.sh --exe PATH/paalogging.exe [--out FILE.msi] [--version X.Y.Z] [--help-link URL]
#   packaging/windows/build-msi.sh --stand-in [--out FILE.msi]
#
# Default output: ${CARGO_TARGET_DIR:-target}/msi/paalogging-VERSION.msi
# (with --stand-in: paalogging-VERSION-STAND-IN.msi). Prints the output path on the last line.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
wxs="$repo/packaging/windows/paalogging.wxs"
icon="$repo/icons/paalogging.ico"

usage() { sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

exe="" out="" version="" help_link="" stand_in=0
while [ $# -gt 0 ]; do
    case "$1" in
        --exe) exe="${2:?--exe needs a path}"; shift 2 ;;
        --out|-o) out="${2:?--out needs a path}"; shift 2 ;;
        --version) version="${2:?--version needs a value}"; shift 2 ;;
        --help-link) help_link="${2:?--help-link needs a URL}"; shift 2 ;;
        --stand-in) stand_in=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "build-msi.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done

if [ "$stand_in" = 1 ] && [ -n "$exe" ]; then
    echo "build-msi.sh: give either --exe or --stand-in, not both" >&2; exit 2
fi
if [ "$stand_in" = 0 ] && [ -z "$exe" ]; then
    echo "build-msi.sh: give --exe PATH (a real Windows build) or --stand-in" >&2; exit 2
fi
if [ -n "$exe" ] && [ ! -f "$exe" ]; then
    echo "build-msi.sh: no such file: $exe" >&2; exit 2
fi
# The console companion (src/bin/paalogging-cli.rs) is built beside the exe and installed as
# paalogging.com.
com="$(dirname "${exe:-.}")/paalogging-cli.exe"
if [ "$stand_in" = 0 ] && [ ! -f "$com" ]; then
    echo "build-msi.sh: no console companion at $com (cargo build --release builds it)" >&2; exit 2
fi
for tool in wixl msibuild; do
    command -v "$tool" >/dev/null || { echo "build-msi.sh: $tool not found (apt-get install wixl msitools)" >&2; exit 2; }
done

if [ -z "$version" ]; then
    # The first `version = "…"` in Cargo.toml is the [package] version.
    version="$(sed -n 's/^version[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' "$repo/Cargo.toml" | head -n1)"
fi
# MSI ProductVersion: major.minor.build, numbers only (drop any -pre/+build suffix).
msi_version="${version%%[-+]*}"
if ! [[ "$msi_version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
    echo "build-msi.sh: version '$version' is not X.Y.Z" >&2; exit 2
fi

if [ -z "$out" ]; then
    suffix=""; [ "$stand_in" = 1 ] && suffix="-STAND-IN"
    out="${CARGO_TARGET_DIR:-$repo/target}/msi/paalogging-${version}${suffix}.msi"
fi
mkdir -p "$(dirname "$out")"
out="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"

# wixl only finds sources by relative path, so stage them under their final names.
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
if [ "$stand_in" = 1 ]; then
    printf 'STAND-IN PAYLOAD – not a Windows program.\nBuilt by packaging/windows/build-msi.sh --stand-in to check the MSI structure on Linux.\n' \
        > "$stage/paalogging.exe"
    printf 'STAND-IN PAYLOAD – console companion.\n' > "$stage/paalogging.com"
else
    cp "$exe" "$stage/paalogging.exe"
    cp "$com" "$stage/paalogging.com"
fi
cp "$icon" "$stage/paalogging.ico"

defines=(-D "Version=$msi_version" -D "ExePath=paalogging.exe" -D "ComPath=paalogging.com" -D "IconPath=paalogging.ico")
# Wixl: the .wxs leaves out the ProgramData ACL and CONFIGFILE copy, which wixl cannot build.
defines+=(-D "Wixl=1")
[ -n "$help_link" ] && defines+=(-D "HelpLink=$help_link")

rm -f "$out"
(cd "$stage" && wixl --arch x64 "${defines[@]}" -o "$out" "$wxs")

# wixl (msitools 0.101) leaves two things that WiX sets from the same source:
#  - the database code page (it stores the strings in cp1252 but marks the database neutral),
#  - the language in the summary Template (x64;1033 instead of x64;1044).
printf '\r\n\r\n1252\t_ForceCodepage\r\n' > "$stage/_ForceCodepage.idt"
msibuild "$out" -i "$stage/_ForceCodepage.idt"
msibuild "$out" -s "Påloggingshjelp $msi_version" "Påloggingshjelp-prosjektet" "x64;1044"

echo "$out"
