# shellcheck shell=bash
# Debian's newer suites (trixie, trixie-backports, sid), for the kernel
# lines Debian 12 does not carry. Sourced by lib.sh, never run.
#
# They are reached through an apt state of the rig's own under
# $CACHE/apt: its own sources list, lists and download directory, with the
# archive's URI read from the machine's configured sources and the keys of
# Debian's own keyring. Nothing is installed from them and the system's
# sources, lists and packages stay as they were: packages are downloaded
# and unpacked under $CACHE.

NEWER_SUITES="trixie trixie-backports sid"
NEWER=$CACHE/apt

# archive_uri: the URI of the Debian archive the machine's apt uses (its
# first non-security source, deb822 or one-line format).
archive_uri() {
	local u='' f
	# deb822 stanzas signed by Debian's own keyring: not a third party's.
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		u=$(awk -v RS= '/Signed-By:[^\n]*debian-archive-keyring/ && !/security/ {
			if (match($0, /URIs:[ \t]*[^ \t\n]+/)) { v = substr($0, RSTART, RLENGTH)
				sub(/URIs:[ \t]*/, "", v); print v; exit } }' "$f")
		[ -n "$u" ] && break
	done
	if [ -z "$u" ]; then
		u=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
			awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\// && $i !~ /security/) { print $i; exit } }')
	fi
	[ -n "$u" ] || die "cannot find the Debian archive in the machine's apt sources"
	echo "${u%/}"
}

# newer_apt CMD ARGS...: apt-get or apt-cache (CMD) on the rig's own state;
# the system's hooks after an update (appstream, packagekit) do not run.
newer_apt() {
	local cmd=$1
	shift
	"$cmd" -o Dir::Etc::SourceList="$NEWER/sources.list" \
		-o APT::Update::Post-Invoke-Success::= -o APT::Update::Post-Invoke::= \
		-o Dir::Etc::SourceParts="$NEWER/sources.list.d" \
		-o Dir::Etc::Preferences="$NEWER/preferences" \
		-o Dir::Etc::PreferencesParts="$NEWER/preferences.d" \
		-o Dir::State::Lists="$NEWER/lists" \
		-o Dir::Cache="$NEWER/cache" -o Dir::Cache::Archives="$NEWER/debs" \
		-o APT::Sandbox::User=root -o Acquire::Languages=none "$@"
}

# newer_update: (re)read the newer suites' package lists, at most twice a
# day; a failure is fatal (nothing of them can be had).
newer_update() {
	local key=/usr/share/keyrings/debian-archive-keyring.gpg uri s
	if [ -f "$NEWER/.updated" ] && [ -z "$(find "$NEWER/.updated" -mmin +720)" ]; then
		return 0
	fi
	[ -f "$key" ] || die "no $key: Debian's archive keyring (package debian-archive-keyring) is needed"
	uri=$(archive_uri)
	mkdir -p "$NEWER/lists/partial" "$NEWER/cache" "$NEWER/debs/partial" \
		"$NEWER/sources.list.d" "$NEWER/preferences.d" "$CACHE/logs"
	: >"$NEWER/preferences"
	for s in $NEWER_SUITES; do
		echo "deb [signed-by=$key] $uri $s main"
	done >"$NEWER/sources.list"
	newer_apt apt-get update -q >"$CACHE/logs/apt-newer.log" 2>&1 ||
		die "cannot read the newer suites ($NEWER_SUITES); see $CACHE/logs/apt-newer.log"
	touch "$NEWER/.updated"
}

# newer_version PKG: the highest version of PKG in the newer suites, or
# nothing.
newer_version() {
	newer_update
	newer_apt apt-cache madison "$1" 2>/dev/null | awk '{ print $3 }' |
		sort -V | tail -n 1
}

# newer_fetch PKG VERSION: download PKG=VERSION into $NEWER/debs (cached);
# prints the .deb's path.
newer_fetch() {
	local pkg=$1 ver=$2 deb
	deb=$(find "$NEWER/debs" -maxdepth 1 -name "${pkg}_${ver//:/%3a}_*.deb" | head -n 1)
	if [ -z "$deb" ]; then
		newer_update
		msg "fetching $pkg $ver from the newer suites"
		(cd "$NEWER/debs" && newer_apt apt-get download -q "$pkg=$ver") \
			>"$CACHE/logs/apt-newer-fetch.log" 2>&1 ||
			die "cannot download $pkg $ver; see $CACHE/logs/apt-newer-fetch.log"
		deb=$(find "$NEWER/debs" -maxdepth 1 -name "${pkg}_*.deb" | sort -V | tail -n 1)
	fi
	[ -n "$deb" ] || die "no .deb of $pkg after its download"
	echo "$deb"
}

# newest_line MAJOR: the newest kernel line MAJOR.x whose linux-source the
# newer suites carry (e.g. 7.3), or nothing.
newest_line() {
	newer_update
	newer_apt apt-cache pkgnames linux-source- 2>/dev/null |
		sed -n "s/^linux-source-\($1\.[0-9][0-9]*\)\$/\1/p" | sort -V | tail -n 1
}
