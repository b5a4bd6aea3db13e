#!/bin/sh
# deps.sh - install the Debian packages dpagen needs, only those missing.
# As root it runs apt-get; otherwise it prints the exact command to run.
# Usage: tools/deps.sh [build|test|all|fuzz|valgrind]   (default: all)
# fuzz and valgrind are optional lists, never part of all (make check).
set -eu

# Build: libraries, the font the PDF back-end embeds and the sRGB profile
# of its PDF/A output intent (icc-profiles-free).
BUILD_PKGS="gcc make pkg-config libyaml-dev libcmark-gfm-dev libcmark-gfm-extensions-dev
libhpdf-dev libutf8proc-dev libjansson-dev nettle-dev libcsv-dev libhyphen-dev
libicu-dev libstemmer-dev libzip-dev hyphen-da hyphen-en-us fonts-liberation2 fonts-dejavu-core
icc-profiles-free"
# Tests: unit framework, the tools that read back what we wrote (fontTools
# for the embedded fonts; pikepdf for PDF/A and the signature fields;
# python-docx and LibreOffice for DOCX), zsh to check the zsh completion, and
# chromium to print the HTML as a reader's browser does (page numbers,
# running header).
TEST_PKGS="libcmocka-dev poppler-utils qpdf tidy mandoc groff-base python3 python3-yaml
python3-jsonschema python3-fonttools python3-pikepdf python3-docx libreoffice-writer-nogui zsh strace
chromium"
# Optional: libFuzzer (make fuzz) and memcheck (make check-valgrind).
FUZZ_PKGS="clang libclang-rt-14-dev"
VALGRIND_PKGS="valgrind"

case "${1:-all}" in
build) want=$BUILD_PKGS ;;
test) want=$TEST_PKGS ;;
fuzz) want=$FUZZ_PKGS ;;
valgrind) want=$VALGRIND_PKGS ;;
*) want="$BUILD_PKGS $TEST_PKGS" ;;
esac

missing=""
for p in $want; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$st" in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done
if [ -z "$missing" ]; then
	# Say so: silence after `make deps` leaves a newcomer wondering.
	echo "dpagen: all packages present ($(echo $want | wc -w) for ${1:-all})"
	exit 0
fi

echo "dpagen: missing Debian packages:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >&2
else
	echo "dpagen: run as root: apt-get update && apt-get install -y$missing" >&2
	exit 1
fi
