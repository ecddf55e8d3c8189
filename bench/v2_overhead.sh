#!/usr/bin/env bash
# KServe v2 against TF Serving's API on the same server and model (docs/benchmarks.md, "KServe v2"): v2 gRPC with
# raw_input_contents vs TF Serving gRPC Predict with tensor_content (h2load, prebuilt request frames), on the demo
# model and an image model; and on the image model v2 REST with binary tensor data vs v2 REST JSON (wrk). Each round
# loads the two sides of a pair in turn, the order alternating; prints per-round throughput and server CPU per
# request, then medians and the median of per-round ratios.
# Usage: bench/v2_overhead.sh [rounds] [seconds] [image model folder]
#   after: dotnet build -c Release src/SealServe.Cli
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-7}
seconds=${2:-4}
image=${3:-${SEALSERVE_CORPUS:-../shared/corpus}/onnx/mobilenet_v3_small}
work=$(mktemp -d)
grpc_port=18530 rest_port=18531
mkdir -p "$work/image/1" && ln -s "$(realpath "$image/model.onnx")" "$work/image/1/model.onnx"
cat > "$work/models.txt" <<CONFIG
model_config_list {
  config { name: "half_plus_two" base_path: "$PWD/examples/half_plus_two" model_platform: "onnx" }
  config { name: "image" base_path: "$work/image" model_platform: "onnx" }
}
CONFIG
dotnet src/SealServe.Cli/bin/Release/net10.0/sealserve.dll serve --model_config_file="$work/models.txt" --port=$grpc_port --rest_api_port=$rest_port > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
until grep -q "Exporting HTTP/REST API" "$work/server.log"; do kill -0 $server; sleep 0.5; done

# The image model's input: name and shape from its v2 metadata (a free batch dimension taken as 1).
read -r input shape < <(curl -s "http://127.0.0.1:$rest_port/v2/models/image" |
  python3 -c 'import json,sys; t=json.load(sys.stdin)["inputs"][0]; print(t["name"], " ".join(str(max(d, 1)) for d in t["shape"]))')
python3 bench/v2_payloads.py "$work" half_plus_two x 3
python3 bench/v2_payloads.py "$work" image "$input" $shape
echo "image model: $(basename "$image"), input $input [$shape]; $(uptime)"

cpu() { awk '{print $14 + $15}' "/proc/$server/stat"; }   # clock ticks (100/s)
# One load; prints "requests/s CPU-µs-per-request" (fails on any non-2xx or gRPC error).
grpc() { # model tf|v2
  local c0 out path
  path=$([ "$2" = tf ] && echo /tensorflow.serving.PredictionService/Predict || echo /inference.GRPCInferenceService/ModelInfer)
  c0=$(cpu); out=$(h2load -D "$seconds" -c 16 -m 1 -t 1 -H 'content-type: application/grpc' -H 'te: trailers' -d "$work/$1.$2.grpc" "http://127.0.0.1:$grpc_port$path")
  grep -q ' 0 failed, 0 errored' <<< "$out" || { echo "$out" >&2; exit 1; }
  awk -v c="$(( $(cpu) - c0 ))" '/^requests:/ {n = $8} /^finished in/ {r = $4} END {printf "%s %.1f\n", r, c * 10000 / n}' <<< "$out"; }
rest() { # model json|bin
  local c0 out
  if [ "$2" = json ]; then
    printf 'wrk.method = "POST"\nwrk.body = io.open("%s", "rb"):read("*a")\nwrk.headers["Content-Type"] = "application/json"\n' "$work/$1.v2.json" > "$work/post.lua"
  else
    printf 'wrk.method = "POST"\nwrk.body = io.open("%s", "rb"):read("*a")\nwrk.headers["Content-Type"] = "application/octet-stream"\nwrk.headers["Inference-Header-Content-Length"] = "%s"\n' "$work/$1.v2.bin" "$(cat "$work/$1.v2.bin.len")" > "$work/post.lua"
  fi
  c0=$(cpu); out=$(wrk -t2 -c16 -d"${seconds}s" -s "$work/post.lua" "http://127.0.0.1:$rest_port/v2/models/$1/infer")
  ! grep -q 'Non-2xx' <<< "$out" || { echo "$out" >&2; exit 1; }
  awk -v c="$(( $(cpu) - c0 ))" '/requests in/ {n = $1} /Requests\/sec/ {printf "%s %.1f\n", $2, c * 10000 / n}' <<< "$out"; }

for model in half_plus_two image; do   # h2load counts an HTTP 200 with a gRPC error as a success: check each frame once
  for side in tf:/tensorflow.serving.PredictionService/Predict v2:/inference.GRPCInferenceService/ModelInfer; do
    curl -s --http2-prior-knowledge -H 'content-type: application/grpc' -H 'te: trailers' --data-binary "@$work/$model.${side%%:*}.grpc" \
      -D - -o /dev/null "http://127.0.0.1:$grpc_port${side#*:}" | grep -q '^grpc-status: 0' || { echo "$model ${side%%:*}: gRPC error" >&2; exit 1; }
  done
done
pairs=("grpc half_plus_two v2 tf" "grpc image v2 tf" "rest image bin json")
for pair in "${pairs[@]}"; do read -r how model a b <<< "$pair"; $how "$model" "$a" > /dev/null; $how "$model" "$b" > /dev/null; done   # warm-up
: > "$work/results"
for ((i = 0; i < rounds; i++)); do
  for pair in "${pairs[@]}"; do
    read -r how model a b <<< "$pair"
    if ((i % 2 == 0)); then ra=$($how "$model" "$a"); rb=$($how "$model" "$b"); else rb=$($how "$model" "$b"); ra=$($how "$model" "$a"); fi
    echo "$how-$model $a $ra $b $rb" | tee -a "$work/results"
  done
done
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
for pair in "${pairs[@]}"; do
  read -r how model a b <<< "$pair"
  rows=$(grep "^$how-$model " "$work/results")
  echo "$how $model: $a $(awk '{print $3}' <<< "$rows" | median) req/s, $b $(awk '{print $6}' <<< "$rows" | median) req/s," \
    "median of per-round ratios $a/$b $(awk '{print $3 / $6}' <<< "$rows" | median);" \
    "CPU/req $a $(awk '{print $4}' <<< "$rows" | median) µs, $b $(awk '{print $7}' <<< "$rows" | median) µs, ratio ($b/$a) $(awk '{print $7 / $4}' <<< "$rows" | median)"
done
echo "$(uptime)"
