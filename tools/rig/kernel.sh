#!/usr/bin/env bash
# kernel.sh LINE [VARIANT]: build (or reuse) the test kernel for kernel
# line LINE (6.1, 6.12, 7.x) from Debian's linux-source-LINE, x86_64 tinyconfig
# plus tools/rig/kernel.config, and with VARIANT (kasan, kcsan) also
# tools/rig/kernel-VARIANT.config. Prints the build tree's path on stdout.
#
# The tree is cached in $MYMEM_CACHE/kernels/<line>[-variant]-<source
# version>-<hash>, the hash covering the fragments and RECIPE, so a second
# run costs nothing and a change to either rebuilds. Bump RECIPE when the
# build steps change.
set -euo pipefail
# shellcheck source=tools/rig/lib.sh
. "$(dirname "$0")/lib.sh"

line=${1:?usage: kernel.sh LINE [VARIANT]}
variant=${2:-}
stock_meta "$line" >/dev/null
frags=("$RIG_DIR/kernel.config")
if [ -n "$variant" ]; then
	[ -f "$RIG_DIR/kernel-$variant.config" ] || die "no fragment tools/rig/kernel-$variant.config"
	frags+=("$RIG_DIR/kernel-$variant.config")
fi
rig_deps
ver=$(src_version "$line")
RECIPE="tinyconfig+fragment; bzImage modules; v1"
hash=$( (cat "${frags[@]}" && echo "$RECIPE") | sha256sum | cut -c1-12)
name=$line${variant:+-$variant}
tree=$CACHE/kernels/$name-$ver-$hash
log=$CACHE/logs/kernel-$name-$ver-$hash.log

if [ -f "$tree/.mymem-built" ]; then
	if ! pahole_stale "$tree"; then
		echo "$tree"
		exit 0
	fi
	msg "test kernel $name was built with another pahole than $(command -v pahole || echo none): rebuilding it"
fi

tarball=$(src_tarball "$line")
msg "building test kernel $name (linux-source-$line $ver, fragment $hash): about 10 minutes on 2 cores"
rm -rf "$tree" "$tree.tmp"
mkdir -p "$tree.tmp" "$CACHE/logs"
run_logged "$log.unpack" "unpack linux-source-$line" '^' \
	tar -xf "$tarball" -C "$tree.tmp" --strip-components=1
# Build in the final place: kbuild trees remember their own path.
mv "$tree.tmp" "$tree"
cd "$tree"

{
	make ARCH=x86_64 tinyconfig
	scripts/kconfig/merge_config.sh -m .config "${frags[@]}"
	make ARCH=x86_64 olddefconfig
} >"$log.config" 2>&1 || die "configuring failed; see $log.config"

# Every symbol of the fragment that this line's Kconfig knows must have
# come out as written: a silently dropped dependency is a broken rig.
bad=0
while IFS= read -r l; do
	case $l in
	CONFIG_*=*) sym=${l%%=*} want=$l ;;
	"# CONFIG_"*" is not set") sym=${l#\# } sym=${sym%% *} want=$l ;;
	*) continue ;;
	esac
	grep -rqE "^(menu)?config ${sym#CONFIG_}\$" --include='Kconfig*' . || continue
	if ! grep -qxF "$want" .config; then
		if [ "${want#\#}" != "$want" ] && ! grep -q "^$sym=" .config; then continue; fi
		msg "config: wanted '$want', got '$(grep -E "^(# )?${sym}[= ]" .config || echo unset)'"
		bad=1
	fi
done < <(cat "${frags[@]}")
[ "$bad" -eq 0 ] || die "the fragment did not apply to linux-source-$line; see $tree/.config"

run_logged "$log" "compile linux $name" '^ +(CC|AS|LD) ' \
	make ARCH=x86_64 -j"$JOBS" bzImage modules
[ -f Module.symvers ] || die "no Module.symvers after the build; see $log"
touch .mymem-built
echo "$tree"
