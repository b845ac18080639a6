#!/usr/bin/env bash
# Builds the Debian package target/debian/gridbook_VERSION_ARCH.deb, for Debian, Ubuntu,
# 统信UOS and 麒麟:
#
#   /usr/bin/gridbook                                   the release binary, stripped
#   /usr/share/man/man1/gridbook.1.gz, gridbook-*.1.gz  man pages  } generated from the clap
#   /usr/share/bash-completion/completions/gridbook     completions } definitions by
#   /usr/share/zsh/vendor-completions/_gridbook                     } examples/package_assets.rs
#   /usr/share/fish/vendor_completions.d/gridbook.fish
#   /usr/share/applications/gridbook.desktop            opens gridbook in a terminal
#   /usr/share/doc/gridbook/copyright, changelog.gz
#
# Usage: scripts/package-deb.sh   (prints the path of the .deb on its last line)
#
# Works offline once the crates are fetched (the normal build does that; Cargo.lock pins them).
# Needs cargo, dpkg-deb, readelf and strip (binutils) and gzip. A release build already made
# is reused. Depends is read from the binary: the libraries it links (refused if there is one
# not accounted for below) and the newest glibc symbol version it uses, so the package says
# honestly which systems it runs on: a build on a newer system needs a newer glibc. Build on
# the oldest system you must support. GRIDBOOK_MAINTAINER sets the Maintainer field.
set -euo pipefail
cd "$(dirname "$0")/.."
umask 022

fail() {
  echo "package-deb: $*" >&2
  exit 1
}
for tool in cargo dpkg dpkg-deb readelf strip gzip; do
  command -v "$tool" >/dev/null || fail "$tool is missing (Debian: apt-get install dpkg binutils gzip)"
done

# The version from Cargo.toml (`cargo pkgid` ends in #VERSION or #NAME@VERSION); Debian sorts
# a pre-release such as 0.2.0-rc.1 before 0.2.0 only when it is written 0.2.0~rc.1.
pkgid=$(cargo pkgid --locked --offline)
version=${pkgid##*[#@]}
deb_version=${version/-/\~}
arch=$(dpkg --print-architecture)
maintainer=${GRIDBOOK_MAINTAINER:-"gridbook developers <gridbook@invalid>"}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}

cargo build --release --locked --quiet --bin gridbook
bin=target/release/gridbook

# What the binary links dynamically. Anything beyond the C library and libgcc_s needs a package
# named in Depends: refuse to guess.
needed=$(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort)
for lib in $needed; do
  case "$lib" in
    libc.so.6 | libm.so.6 | libgcc_s.so.1 | ld-linux*.so.*) ;;
    *) fail "the binary now links $lib: add the package that provides it to Depends in $0" ;;
  esac
done
glibc=$(readelf -V "$bin" | sed -n 's/.*Name: GLIBC_\([0-9.]*\).*/\1/p' | sort -uV | tail -1)
[ -n "$glibc" ] || fail "found no glibc symbol versions in $bin"
depends="libc6 (>= $glibc)"
# libgcc-s1 since Debian 11 and Ubuntu 20.04; libgcc1 before. Its symbols (GCC_3.0 .. GCC_4.2)
# are in every version of either.
if grep -qx 'libgcc_s.so.1' <<<"$needed"; then
  depends="$depends, libgcc-s1 | libgcc1"
fi
echo "links: $(tr '\n' ' ' <<<"$needed")" >&2
echo "depends: $depends" >&2

out=target/debian
stage=$out/gridbook_${deb_version}_${arch}
assets=$out/assets
rm -rf "$stage" "$assets"
mkdir -p "$stage/DEBIAN" "$assets"

cargo run --locked --quiet --example package_assets -- "$assets" >/dev/null

install -D -m 0755 "$bin" "$stage/usr/bin/gridbook"
strip --remove-section=.comment --remove-section=.note --strip-unneeded "$stage/usr/bin/gridbook"

man_dir=$stage/usr/share/man/man1
mkdir -p "$man_dir"
for page in "$assets"/man/*.1; do
  gzip -9n <"$page" >"$man_dir/$(basename "$page").gz"
done
install -D -m 0644 "$assets/completions/gridbook.bash" \
  "$stage/usr/share/bash-completion/completions/gridbook"
install -D -m 0644 "$assets/completions/_gridbook" \
  "$stage/usr/share/zsh/vendor-completions/_gridbook"
install -D -m 0644 "$assets/completions/gridbook.fish" \
  "$stage/usr/share/fish/vendor_completions.d/gridbook.fish"
install -D -m 0644 packaging/gridbook.desktop "$stage/usr/share/applications/gridbook.desktop"

doc=$stage/usr/share/doc/gridbook
mkdir -p "$doc"
# The crates compiled into the binary (build tools and proc macros run at build time only).
crates=$(cargo tree --locked --offline --edges normal,no-proc-macro --prefix none \
  --format '{p} ({l})' | sed 's/ (\*)$//' | grep -v '^gridbook ' | sort -u | sed 's/^/  /')
while IFS= read -r line; do
  if [ "$line" = "@CRATES@" ]; then
    printf '%s\n' "$crates"
  else
    printf '%s\n' "$line"
  fi
done <packaging/copyright >"$doc/copyright"
gzip -9n <CHANGELOG.md >"$doc/changelog.gz"
chmod 0644 "$doc"/*

installed_size=$(du -sk "$stage/usr" | cut -f1)
cat >"$stage/DEBIAN/control" <<EOF
Package: gridbook
Version: $deb_version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $installed_size
Depends: $depends
Section: utils
Priority: optional
Description: terminal notebook for community grid workers
 gridbook keeps a community grid worker's households, door-to-door visits and
 residents' requests on this computer, in one SQLite file that works offline,
 and syncs with the community office and other workers by exchanging
 encrypted, signed files. It runs in a terminal, in Chinese or English.
 .
 网格员的走访记事本：住户、走访、居民诉求，离线使用，以文件与社区同步。
EOF

deb=$out/gridbook_${deb_version}_${arch}.deb
# xz: the dpkg of older systems (Debian 10, 统信UOS 20) cannot read zstd members.
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
echo "$deb"
