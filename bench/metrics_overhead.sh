#!/usr/bin/env bash
# Throughput of the demo model with metrics on vs off, same run, alternating (docs/benchmarks.md, "Metrics").
# Two Release servers run side by side (ports 18500/18501 with --monitoring_config_file, 18510/18511 without);
# each round loads one then the other (order alternating), with wrk (REST, HTTP/1.1), h2load (gRPC is not
# h2load's protocol, so gRPC goes through the .NET load test's drive) and medians are printed with the ratios.
# Usage: bench/metrics_overhead.sh [rounds] [seconds]   (after: dotnet build -c Release src/SealServe.Cli bench/SealServe.LoadTest)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
seconds=${2:-5}
work=$(mktemp -d)
echo 'prometheus_config { enable: true path: "/metrics" }' > "$work/monitoring.txt"
printf 'wrk.method = "POST"\nwrk.body = %s\nwrk.headers["Content-Type"] = "application/json"\n' "'{\"instances\": [1.0, 2.0, 5.0]}'" > "$work/post.lua"
serve() { dotnet src/SealServe.Cli/bin/Release/net10.0/sealserve.dll serve --model_name=half_plus_two --model_base_path=examples/half_plus_two --port="$1" --rest_api_port="$2" "${@:3}" > "$work/$1.log" 2>&1 & echo $!; }
on=$(serve 18500 18501 --monitoring_config_file="$work/monitoring.txt")
off=$(serve 18510 18511)
trap 'kill $on $off 2>/dev/null; rm -rf "$work"' EXIT
until grep -q "Exporting HTTP/REST API" "$work/18500.log" && grep -q "Exporting HTTP/REST API" "$work/18510.log"; do sleep 0.5; done
rest() { wrk -t2 -c32 -d"${seconds}s" -s "$work/post.lua" "http://127.0.0.1:$1/v1/models/half_plus_two:predict" | awk '/Requests\/sec/ {print $2}'; }
grpc() { dotnet bench/SealServe.LoadTest/bin/Release/net10.0/SealServe.LoadTest.dll drive --port "$1" --transport grpc --concurrency 32 --warmup 1s --duration "${seconds}s" | awk '{print $1}'; }
rest 18501 > /dev/null; rest 18511 > /dev/null
declare -a rest_on rest_off grpc_on grpc_off
for ((i = 0; i < rounds; i++)); do
  if ((i % 2 == 0)); then
    rest_on+=("$(rest 18501)"); rest_off+=("$(rest 18511)"); grpc_on+=("$(grpc 18500)"); grpc_off+=("$(grpc 18510)")
  else
    rest_off+=("$(rest 18511)"); rest_on+=("$(rest 18501)"); grpc_off+=("$(grpc 18510)"); grpc_on+=("$(grpc 18500)")
  fi
  echo "round $i: REST on ${rest_on[-1]} off ${rest_off[-1]}  gRPC on ${grpc_on[-1]} off ${grpc_off[-1]}"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
report() { local a b; a=$(median "${@:2:$rounds}"); b=$(median "${@:$((rounds + 2))}"); echo "$1: metrics on $a req/s, off $b req/s, ratio $(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.3f", a / b}')"; }
report "REST (wrk -t2 -c32)" "${rest_on[@]}" "${rest_off[@]}"
report "gRPC (LoadTest drive, 32)" "${grpc_on[@]}" "${grpc_off[@]}"
curl -s "http://127.0.0.1:18501/metrics" | grep -c . | xargs echo "metric lines on the page:"
