#!/bin/bash
# The local driver against cp, 3 interleaved runs, whole processes (-Xmx64m), timed by /usr/bin/time:
# upload 1 GiB from a file vs cp + sync; download into a FileOutputStream, Files.copy and the
# signed-link handler (fetched by curl) vs cp; Store.download(key, Path), atomic and forced to
# disk, vs cp + sync. Prints "label wall user sys maxRSS-KiB [inside]".
#   ./mvnw -B -q -pl benchmarks -am package -DskipTests
#   ./mvnw -B -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile=target/cp.txt
#   benchmarks/local-transfer-vs-cp.sh [WORK_DIR]
# The classes come from this checkout's target folders (not ~/.m2); WORK_DIR needs 4 GiB free.
set -u
W=$(cd "$(dirname "$0")/.." && pwd)
B=${1:-/tmp/stowage-local-bench}
mkdir -p "$B"
[ -f "$B/src.bin" ] || head -c 1073741824 /dev/urandom > "$B/src.bin"
CP="$W/benchmarks/target/classes:$W/api/target/classes:$W/driver-local/target/classes"
CP="$CP:$(tr ':' '\n' < "$W/benchmarks/target/cp.txt" | grep -v /dev/stowage/ | paste -sd:)"
M=dev.stowage.benchmarks.LocalTransferBenchmark
t() {
  local label=$1; shift
  sync
  /usr/bin/time -o "$B/time.txt" -f "%e %U %S %M" "$@" > "$B/out.txt" 2>&1 || { echo "FAILED $label"; cat "$B/out.txt"; }
  echo "$label $(cat "$B/time.txt") $(grep inside "$B/out.txt")"
}
for run in 1 2 3; do
  rm -rf "$B/root" "$B/cp.bin" "$B"/dl-*
  t cp+sync sh -c "cp '$B/src.bin' '$B/cp.bin' && sync '$B/cp.bin'"
  t upload java -Xmx64m -cp "$CP" $M upload "$B/root" "$B/src.bin"
  t cp cp "$B/root/big.bin" "$B/dl-cp.bin"
  rm -f "$B"/dl-*
  t download java -Xmx64m -cp "$CP" $M download "$B/root" "$B/dl.bin"
  rm -f "$B"/dl-*
  t filescopy java -Xmx64m -cp "$CP" $M copy "$B/root" "$B/dl.bin"
  rm -f "$B"/dl-*
  t path java -Xmx64m -cp "$CP" $M path "$B/root" "$B/dl.bin"
  rm -f "$B"/dl-*
  t cp+sync-dl sh -c "cp '$B/root/big.bin' '$B/dl-cp.bin' && sync '$B/dl-cp.bin'"
  rm -f "$B"/dl-*
  t link java -Xmx64m -cp "$CP" $M link "$B/root" "$B/dl.bin"
  cmp -s "$B/dl.bin" "$B/src.bin" || echo "DOWNLOAD DIFFERS"
done
