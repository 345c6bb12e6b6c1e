#!/bin/bash
# Long lines are read whole (issue 13: lines longer than a 4096-byte buffer were split, so a
# long comment made a valid file fail): an .xyz file whose line 2 carries a comment key of
# 200000 characters and a LAMMPS data file with a title line and a header comment of 200000
# characters give exactly the YAML of `dwell eval` on the files without them.
# Usage: long_lines.sh DWELL DIR
set -euo pipefail
dwell=$1 dir=$2
rm -rf "$dir"
mkdir -p "$dir"
cd "$dir"
head -c 200000 /dev/zero | tr '\0' 'x' > long.txt
"$dwell" init -model ka -N 400 -seed 3 -out ok.xyz > /dev/null
"$dwell" init -model ka -N 400 -seed 3 -out ok.data > /dev/null
{ sed -n 1p ok.xyz; printf '%s comment="%s"\n' "$(sed -n 2p ok.xyz)" "$(cat long.txt)"
  tail -n +3 ok.xyz; } > long.xyz
{ echo "title $(cat long.txt)"; sed -n '2,3p' ok.data; echo "# $(cat long.txt)"
  tail -n +4 ok.data; } > long.data
fail=0
for f in xyz data; do
  "$dwell" eval -model ka -in ok.$f > ok.$f.yaml
  if "$dwell" eval -model ka -in long.$f > long.$f.yaml && cmp -s ok.$f.yaml long.$f.yaml; then
    echo "ok   .$f with a line of $(awk '{ if (length > n) n = length } END { print n }' long.$f) characters: the same energy, pressure and forces"
  else
    echo "FAIL .$f with a long line"
    fail=1
  fi
done
exit $fail
