#!/usr/bin/env bash
# Builds SealServe's image from ./Dockerfile on a machine with no Docker engine and no access to image registries:
# debootstrap makes the Debian base (bookworm, minbase) from Debian's packages, buildah builds the Dockerfile on it
# (--from replaces its FROM; chroot isolation, vfs storage: no daemon, no overlay mounts). Run as root from anywhere:
#
#   deploy/container/build-image.sh [linux-x64|linux-arm64]     # image: localhost/sealserve:latest ($IMAGE)
#
# It publishes the application first (README "Install"). A linux-arm64 image built on x64 needs qemu-user-static.
set -euo pipefail
cd "$(dirname "$0")/../.."

rid=${1:-linux-x64}
case "$rid" in
  linux-x64) arch=amd64 ;;
  linux-arm64) arch=arm64 ;;
  *) echo "usage: $0 [linux-x64|linux-arm64]" >&2; exit 2 ;;
esac
image=${IMAGE:-localhost/sealserve:latest}
base=localhost/sealserve-base:bookworm-$arch
rootfs=${ROOTFS:-/var/tmp/sealserve-rootfs-$arch}
export STORAGE_DRIVER=vfs BUILDAH_ISOLATION=chroot

if ! buildah inspect --type image "$base" >/dev/null 2>&1; then
  if [ ! -x "$rootfs/usr/bin/apt-get" ]; then
    debootstrap --variant=minbase --arch="$arch" bookworm "$rootfs" http://deb.debian.org/debian
  fi
  # What debian:bookworm-slim also leaves out: downloaded packages and their index, documentation, translations.
  rm -rf "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
    "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/*
  container=$(buildah from scratch)
  mountpoint=$(buildah mount "$container")
  cp -a "$rootfs"/. "$mountpoint"/
  buildah umount "$container"
  buildah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --cmd /bin/bash "$container"
  buildah commit --rm "$container" "$base"
fi

dotnet publish src/SealServe.Cli -c Release -r "$rid" --self-contained -o "artifacts/publish/$rid"
buildah build --from "$base" --build-arg RID="$rid" --arch "$arch" --layers=false -t "$image" .
buildah images "$image"
