#!/usr/bin/env bash
# Cost of metrics on the hot path: the demo model with metrics on vs off, same run, alternating (docs/benchmarks.md,
# "Metrics"). Two Release servers run side by side (ports 18500/18501 with --monitoring_config_file, 18510/18511
# without); each round loads one then the other, the order alternating, over REST with wrk and over gRPC with the
# .NET load test's drive. Prints per-round throughput and server CPU per request, then medians and ratios (on / off).
# Usage: bench/metrics_overhead.sh [rounds] [seconds]
#   after: dotnet build -c Release src/SealServe.Cli && dotnet build -c Release bench/SealServe.LoadTest
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-9}
seconds=${2:-4}
work=$(mktemp -d)
echo 'prometheus_config { enable: true path: "/metrics" }' > "$work/monitoring.txt"
printf 'wrk.method = "POST"\nwrk.body = %s\nwrk.headers["Content-Type"] = "application/json"\n' "'{\"instances\": [1.0, 2.0, 5.0]}'" > "$work/post.lua"
serve() { dotnet src/SealServe.Cli/bin/Release/net10.0/sealserve.dll serve --model_name=half_plus_two --model_base_path=examples/half_plus_two --port="$1" --rest_api_port="$2" "${@:3}" > "$work/$1.log" 2>&1 & echo $!; }
on=$(serve 18500 18501 --monitoring_config_file="$work/monitoring.txt")
off=$(serve 18510 18511)
trap 'kill $on $off 2>/dev/null; rm -rf "$work"' EXIT
until grep -q "Exporting HTTP/REST API" "$work/18500.log" && grep -q "Exporting HTTP/REST API" "$work/18510.log"; do sleep 0.5; done
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # clock ticks (100/s)
# One load: prints "requests/s CPU-µs-per-request".
rest() { local c0 out; c0=$(cpu "$2"); out=$(wrk -t2 -c32 -d"${seconds}s" -s "$work/post.lua" "http://127.0.0.1:$1/v1/models/half_plus_two:predict");
  awk -v c="$(( $(cpu "$2") - c0 ))" '/requests in/ {n = $1} /Requests\/sec/ {printf "%s %.1f\n", $2, c * 10000 / n}' <<< "$out"; }
grpc() { local c0 out; c0=$(cpu "$2"); out=$(dotnet bench/SealServe.LoadTest/bin/Release/net10.0/SealServe.LoadTest.dll drive --port "$1" --transport grpc --concurrency 32 --warmup 0s --duration "${seconds}s");
  awk -v c="$(( $(cpu "$2") - c0 ))" -v s="$seconds" '{printf "%s %.1f\n", $1, c * 10000 / ($1 * s)}' <<< "$out"; }
rest 18501 "$on" > /dev/null; rest 18511 "$off" > /dev/null; grpc 18500 "$on" > /dev/null; grpc 18510 "$off" > /dev/null
: > "$work/results"
for ((i = 0; i < rounds; i++)); do
  for transport in rest grpc; do
    if [ "$transport" = rest ]; then ports=(18501 18511); else ports=(18500 18510); fi
    if ((i % 2 == 0)); then a=$($transport "${ports[0]}" "$on"); b=$($transport "${ports[1]}" "$off");
    else b=$($transport "${ports[1]}" "$off"); a=$($transport "${ports[0]}" "$on"); fi
    echo "$transport $a $b" | tee -a "$work/results"
  done
done
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
for transport in rest grpc; do
  rows=$(grep "^$transport " "$work/results")
  echo "$transport: throughput on $(awk '{print $2}' <<< "$rows" | median) off $(awk '{print $4}' <<< "$rows" | median) req/s," \
    "median of per-round ratios $(awk '{print $2 / $4}' <<< "$rows" | median);" \
    "CPU/req on $(awk '{print $3}' <<< "$rows" | median) off $(awk '{print $5}' <<< "$rows" | median) µs, ratio (off/on) $(awk '{print $5 / $3}' <<< "$rows" | median)"
done
curl -s "http://127.0.0.1:18501/metrics" | grep -c . | xargs echo "lines on the metrics page:"
