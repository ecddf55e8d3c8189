#!/bin/bash
# Resident set of `sealserve serve` on half_plus_two, idle and after 8 s of load (wrk -c16 on REST and h2load -c16
# on gRPC at once), under the environment given as arguments, e.g. `bench/gc_rss.sh DOTNET_GCgen0size=0x400000`.
# Needs a Release build of src/SealServe.Cli, wrk and h2load (Debian: wrk, nghttp2-client). Results: docs/benchmarks.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
grpc=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
rest=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
env "$@" dotnet "$root/src/SealServe.Cli/bin/Release/net10.0/sealserve.dll" serve --port="$grpc" --rest_api_port="$rest" \
  --model_name=half_plus_two --model_base_path="$root/examples/half_plus_two" > "$work/server.log" 2>&1 &
pid=$!
until curl -s "http://127.0.0.1:$rest/v1/models/half_plus_two" | grep -q AVAILABLE; do sleep 0.3; done
idle=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")

# PredictRequest {model_spec {name: "half_plus_two"} inputs {key: "x" value {dtype: DT_FLOAT tensor_shape {dim {size: 1}} tensor_content: 1.0f}}}, gRPC-framed.
printf '\x00\x00\x00\x00\x26\x0a\x0f\x0a\x0dhalf_plus_two\x12\x13\x0a\x01x\x12\x0e\x08\x01\x12\x04\x12\x02\x08\x01\x22\x04\x00\x00\x80\x3f' > "$work/request.grpc"
printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = "{\\"instances\\": [1.0]}"\n' > "$work/post.lua"
wrk -t1 -c16 -d8s -s "$work/post.lua" "http://127.0.0.1:$rest/v1/models/half_plus_two:predict" > "$work/wrk.txt" &
h2load -t1 -c16 -m1 -D 8 -d "$work/request.grpc" -H 'content-type: application/grpc' -H 'te: trailers' \
  "http://127.0.0.1:$grpc/tensorflow.serving.PredictionService/Predict" > "$work/h2load.txt"
wait %2 2>/dev/null || true
sleep 1
echo "environment: ${*:-(default)}; $(uptime)"
echo "RSS idle $((idle / 1024)) MiB, after load $(awk '/VmRSS/ {print int($2/1024)}' "/proc/$pid/status") MiB;" \
  "$(grep -E 'Rss(Anon|File)' "/proc/$pid/status" | tr -s ' \t' ' ' | tr '\n' ' ')"
echo "REST $(grep -o 'Requests/sec: *[0-9.]*' "$work/wrk.txt"); gRPC $(grep -o 'finished in .*req/s' "$work/h2load.txt"), $(grep -o '[0-9]* failed' "$work/h2load.txt")"
