#!/bin/sh
# The floors of src/, checked: a file includes only from its own folder and the folders it may
# build on (docs/architecture.md draws them). Prints each include that runs the wrong way; exits 1
# if there is one. Run by `make test`.
cd "$(dirname "$0")/.."

# folder: the folders its files may include from (besides its own)
allowed() {
	case $1 in
	base) echo "" ;;
	db) echo "base" ;;
	domain) echo "base db directive" ;;
	directive) echo "base" ;; # the reader stands beside the domain and knows no storage
	http) echo "base db domain" ;;
	api) echo "base db domain directive http" ;;
	page) echo "base db domain http" ;;
	server) echo "base db domain http api page" ;;
	cli) echo "base db domain directive http server" ;;
	tools) echo "base directive" ;; # programs of their own (the PDF helper), run by the reader
	*) echo "?" ;;
	esac
}

bad=0
files=0
for f in src/*/*.c src/*/*.h; do
	files=$((files + 1))
	own=$(basename "$(dirname "$f")")
	ok=$(allowed "$own")
	if [ "$ok" = "?" ]; then
		echo "layers: $f is in a folder the layer map does not know ($own): add it to $0"
		bad=1
		continue
	fi
	for dep in $(sed -n 's|^#include "\([a-z_]*\)/[^"]*"|\1|p' "$f" | sort -u); do
		[ "$dep" = "$own" ] && continue
		case " $ok " in
		*" $dep "*) ;;
		*)
			echo "layers: $f includes from $dep/, which $own/ may not build on"
			bad=1
			;;
		esac
	done
	if grep -n '^#include "[^/"]*"' "$f" >/dev/null; then
		echo "layers: $f includes a header without naming its folder"
		bad=1
	fi
done
if [ $bad -ne 0 ]; then
	echo "layers: FAILED"
	exit 1
fi
echo "layers: $files files, every include runs down"
