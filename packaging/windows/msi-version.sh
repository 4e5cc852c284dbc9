#!/usr/bin/env bash
# msi-version.sh VERSION: prints the Windows Installer ProductVersion for a Cargo (SemVer)
# version, or fails with a message on stderr. Sourced (for msi_version) by build-msi.sh and
# .ci/windows, run by .github/workflows/release.yml.
#
#   0.1.0        → 0.1.0
#   0.2.0-rc.1   → 0.2.0.1     (the pre-release's last number becomes the fourth field)
#   0.2.0-beta   → 0.2.0.0
#   1.4.2+build7 → 1.4.2       (build metadata is dropped)
#
# An MSI version is numbers only: major.minor.build[.revision], at most 255.255.65535.65535.
# Windows Installer compares only the first three fields, so 0.2.0-rc.1, 0.2.0-rc.2 and 0.2.0
# are the same version to it: MajorUpgrade AllowSameVersionUpgrades="yes" in paalogging.wxs lets
# each replace the one before instead of installing beside it.

msi_version() {
    local version="${1:-}" core pre revision=""
    version="${version%%+*}"
    core="${version%%-*}"
    pre=""
    [ "$core" != "$version" ] && pre="${version#*-}"
    if ! [[ "$core" =~ ^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$ ]]; then
        echo "msi-version: '$1' is not a version such as 0.2.0 or 0.2.0-rc.1" >&2
        return 1
    fi
    local major="${BASH_REMATCH[1]}" minor="${BASH_REMATCH[2]}" build="${BASH_REMATCH[3]}"
    if [ "${#major}" -gt 3 ] || [ "$major" -gt 255 ] || [ "${#minor}" -gt 3 ] || [ "$minor" -gt 255 ] \
        || [ "${#build}" -gt 5 ] || [ "$build" -gt 65535 ]; then
        echo "msi-version: '$1' does not fit an MSI version (at most 255.255.65535)" >&2
        return 1
    fi
    if [ -n "$pre" ]; then
        if ! [[ "$pre" =~ ^[0-9A-Za-z.-]+$ ]]; then
            echo "msi-version: '$1' has an invalid pre-release part '$pre'" >&2
            return 1
        fi
        # The last dot-separated identifier, when it is a number (rc.1 → 1, beta → 0).
        revision="${pre##*.}"
        if ! [[ "$revision" =~ ^[0-9]+$ ]]; then
            revision=0
        elif [ "${#revision}" -gt 5 ] || [ "$((10#$revision))" -gt 65535 ]; then
            echo "msi-version: '$1': the pre-release number is above 65535" >&2
            return 1
        fi
        revision=".$((10#$revision))"
    fi
    echo "$major.$minor.$build$revision"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    [ $# = 1 ] || { echo "usage: msi-version.sh VERSION" >&2; exit 2; }
    msi_version "$1"
fi
