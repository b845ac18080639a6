#!/usr/bin/env bash
# Builds the .deb (scripts/package-deb.sh) and checks it the way a user gets it: installs it
# with dpkg into a scratch root (no root needed; the host's own packages are left alone), runs
# the installed gridbook (--version, doctor), renders the installed man pages with `man -l`
# and checks they name every subcommand, checks the completions and the desktop entry
# (with desktop-file-validate when it is installed), then removes the package and checks
# nothing is left. Any step that does not hold stops the script with what failed.
#
# Usage: scripts/check-deb.sh   (CI runs it after the tests; it reuses their builds)
set -euo pipefail
cd "$(dirname "$0")/.."
# dpkg looks for ldconfig and friends, which live in sbin.
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

fail() {
  echo "check-deb: FAILED: $*" >&2
  exit 1
}
step() { echo "check-deb: $*"; }
for tool in dpkg dpkg-deb dpkg-query man; do
  command -v "$tool" >/dev/null || fail "$tool is missing"
done

deb=$(scripts/package-deb.sh | tail -1)
[ -f "$deb" ] || fail "package-deb.sh made no package ($deb)"
step "built $deb ($(du -h "$deb" | cut -f1))"
version=$(dpkg-deb -f "$deb" Version)
depends=$(dpkg-deb -f "$deb" Depends)

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
root=$scratch/root
admin=$root/var/lib/dpkg
mkdir -p "$admin/info" "$admin/updates" "$admin/triggers"
touch "$admin/available"
# The scratch dpkg database knows the packages Depends names, as this machine has them, so
# dpkg checks the dependencies for real instead of being told to ignore them.
for name in $(tr ',|' '\n\n' <<<"$depends" | sed 's/(.*)//; s/[[:space:]]//g'); do
  if dpkg-query -s "$name" >"$scratch/stanza" 2>/dev/null; then
    cat "$scratch/stanza" >>"$admin/status"
    echo >>"$admin/status"
    pkg=$(dpkg-query -W -f '${binary:Package}' "$name")
    touch "$admin/info/$pkg.list"
  fi
done
touch "$admin/status"
dpkg_root=(dpkg --root="$root" --force-not-root --log=/dev/null)

step "installing into a scratch root"
"${dpkg_root[@]}" --install "$deb" || fail "dpkg --install (Depends: $depends)"
"${dpkg_root[@]}" --status gridbook | grep -qx 'Status: install ok installed' ||
  fail "dpkg does not list gridbook as installed"

installed=$root/usr/bin/gridbook
[ -x "$installed" ] || fail "no executable /usr/bin/gridbook"
run() {
  env -i PATH="$PATH" HOME="$scratch/home" LANG=C.UTF-8 \
    GRIDBOOK_CONFIG_DIR="$scratch/config" "$installed" "$@"
}

step "gridbook --version"
line=$(run --lang en --version) || fail "gridbook --version failed"
echo "  $line"
[[ "$line" == "gridbook ${version//\~/-} (bundle format "*", database schema "*")" ]] ||
  fail "gridbook --version said: $line"
[ "$(run --lang en -V)" = "$line" ] || fail "gridbook -V differs from --version"

step "gridbook doctor"
run --lang en doctor --db "$scratch/none.db" | sed 's/^/  /' || fail "gridbook doctor"
[ ! -e "$scratch/none.db" ] || fail "doctor created the database"

step "linked libraries (ldd)"
if command -v ldd >/dev/null; then
  libs=$(ldd "$installed") || fail "ldd $installed"
  sed 's/^[[:space:]]*/  /' <<<"$libs"
  ! grep -q 'not found' <<<"$libs" || fail "a library is missing"
  while read -r lib _; do
    case "$lib" in
      linux-vdso.so.* | libc.so.6 | libm.so.6 | libgcc_s.so.1 | /lib*/ld-linux*.so.*) ;;
      *) fail "links $lib, which Depends does not cover" ;;
    esac
  done <<<"$libs"
fi

step "man pages"
man_dir=$root/usr/share/man/man1
commands=$(run --lang en --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }' | grep -vx help)
[ -n "$commands" ] || fail "found no subcommands in gridbook --help"
page=$(MANWIDTH=100 LC_ALL=C.UTF-8 man -l "$man_dir/gridbook.1.gz" 2>/dev/null) ||
  fail "man -l gridbook.1.gz"
for section in NAME SYNOPSIS OPTIONS SUBCOMMANDS ENVIRONMENT FILES; do
  grep -q "^$section" <<<"$page" || fail "the man page has no $section section"
done
for name in $commands; do
  grep -q "gridbook-$name(1)" <<<"$page" || fail "the man page does not list $name"
  sub=$(MANWIDTH=100 LC_ALL=C.UTF-8 man -l "$man_dir/gridbook-$name.1.gz" 2>/dev/null) ||
    fail "man -l gridbook-$name.1.gz"
  grep -q "gridbook-$name" <<<"$sub" || fail "gridbook-$name.1.gz does not render"
done
echo "  gridbook.1 lists: $(tr '\n' ' ' <<<"$commands")"

step "completions"
for f in bash-completion/completions/gridbook zsh/vendor-completions/_gridbook \
  fish/vendor_completions.d/gridbook.fish; do
  grep -q doctor "$root/usr/share/$f" || fail "$f does not complete doctor"
done
if command -v bash >/dev/null; then
  bash -n "$root/usr/share/bash-completion/completions/gridbook" || fail "bash completion"
fi

step "desktop entry"
desktop=$root/usr/share/applications/gridbook.desktop
grep -qx 'Exec=gridbook' "$desktop" || fail "the desktop entry does not run gridbook"
grep -qx 'Terminal=true' "$desktop" || fail "the desktop entry does not open a terminal"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$desktop" || fail "desktop-file-validate"
  echo "  desktop-file-validate: ok"
else
  echo "  desktop-file-validate is not installed (desktop-file-utils): checked Exec and Terminal only"
fi
[ -s "$root/usr/share/doc/gridbook/copyright" ] || fail "no copyright file"

step "removing"
"${dpkg_root[@]}" --purge gridbook || fail "dpkg --purge"
left=$(find "$root" -path "$admin" -prune -o ! -type d -print)
[ -z "$left" ] || fail "files left after removal: $left"
step "ok: $deb installs, runs, shows its man pages and removes cleanly"
