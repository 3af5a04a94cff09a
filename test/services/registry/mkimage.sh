#!/bin/bash
# Adapted from the team recipe (Debian 12, Ceph 16.2.15); starts in ~1 s.
# usage: mkimage.sh DIR [BYTES]  -> OCI layout at DIR, tag "latest"; BYTES of random data are added to the
#        layer (incompressible, so the registry writes a layer of about that size: multipart chunks)
# (umoci 0.4.7's `insert` writes a layer tar without end-of-archive blocks - GNU tar says
#  "Unexpected EOF" - so the layer is made with GNU tar and added verbatim with `raw add-layer`)
set -euo pipefail
L=${1:?layout dir}
BYTES=${2:-0}
rm -rf "$L"; tmp=$(mktemp -d)
echo "hello from the recipe $(date -u +%FT%TZ)" > "$tmp/hello.txt"
files=(hello.txt)
if [ "$BYTES" -gt 0 ]; then head -c "$BYTES" /dev/urandom > "$tmp/random.bin"; files+=(random.bin); fi
tar -C "$tmp" --owner=0 --group=0 --numeric-owner -cf "$tmp/layer.tar" "${files[@]}"
umoci init --layout "$L"
umoci new --image "$L:latest"
umoci raw add-layer --image "$L:latest" "$tmp/layer.tar"
umoci config --image "$L:latest" --config.cmd /bin/cat --config.cmd /hello.txt --architecture amd64 --os linux
umoci gc --layout "$L"
rm -rf "$tmp"
umoci stat --image "$L:latest" >/dev/null
