#!/bin/sh
# Writes the seed corpora of the fuzz targets from the shipped files (run from anywhere).
# The rules and mod_files targets read a first byte that picks the file; the seeds carry it.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top="$here/.."
c="$here/corpus"
mkdir -p "$c/level" "$c/rules" "$c/mod_files" "$c/policy" "$c/save" "$c/profile"
for f in "$top"/levels/*.ron "$top"/examples/mods/*/levels/*.ron; do cp "$f" "$c/level/"; done
i=0
for f in actors ladder advisors actions pyongyang beijing events; do
    { printf "\\$(printf '%03o' $i)"; cat "$top/assets/rules/$f.ron"; } > "$c/rules/$f"
    i=$((i + 1))
done
i=0
for f in actions pyongyang beijing events ladder advisors; do
    patch="$top/examples/mods/cheonan_2010/rules/$f.ron"
    if [ -f "$patch" ]; then
        { printf "\\$(printf '%03o' $i)"; cat "$patch"; } > "$c/mod_files/$f"
    else
        { printf "\\$(printf '%03o' $i)"; printf '(remove: [])'; } > "$c/mod_files/$f"
    fi
    i=$((i + 1))
done
{ printf '\006'; cat "$top/examples/mods/cheonan_2010/mod.ron"; } > "$c/mod_files/manifest"
for f in "$top"/assets/policies/*.ron; do cp "$f" "$c/policy/"; done
for f in "$top"/tests/data/*.ron; do [ -f "$f" ] && cp "$f" "$c/save/" || true; done
printf '(version: 1, level: "sandbox", seed: 7, moves: ["hold_course", "consult_beijing"])' > "$c/save/sandbox_save"
printf '(level: Some("sandbox"), seed: Some(7), moves: ["hold_course"])' > "$c/save/moves"
printf '(finished: [], ui_scale: 1.0, fullscreen: false, colour_blind: false, show_forecast: true, disabled_mods: ["x"])' > "$c/profile/profile"
echo "seed corpora written to $c"
