#!/usr/bin/env bash
# Cost of TLS and access control on the hot path (docs/benchmarks.md, "TLS and access control"): the demo model
# served by five Release servers side by side, loaded in turn, the order rotating every round, so each ratio to
# plain compares the same minutes of a noisy machine:
#   plain   no TLS, no auth                      ports 28600/28601
#   tls     --ssl_config_file and --rest_api_ssl_config_file (ECDSA P-256, TLS 1.3)    28610/28611
#   apikey  --auth_config_file with an API key   28620/28621
#   jwt     --auth_config_file with a JWT (RS256) checked against a JWKS file          28630/28631
#   both    TLS and the API key                  28640/28641
# REST with wrk (HTTP/1.1, keep-alive), gRPC with h2load (HTTP/2, a hand-made Predict frame). Prints per-round
# requests/s and server CPU µs per request, then medians and the median of per-round ratios to plain.
# Usage: bench/security_overhead.sh [rounds] [seconds]      after: dotnet build -c Release src/SealServe.Cli
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-7}
seconds=${2:-4}
work=$(mktemp -d)
configs=(plain tls apikey jwt both)
declare -A port=([plain]=28600 [tls]=28610 [apikey]=28620 [jwt]=28630 [both]=28640)

# A test CA and a server certificate for 127.0.0.1 (as the README's Security section makes them).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=bench CA" -keyout "$work/ca.key" -out "$work/ca.crt" 2> /dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" -keyout "$work/server.key" -out "$work/server.csr" 2> /dev/null
openssl x509 -req -in "$work/server.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" -CAcreateserial -days 2 \
  -extfile <(printf 'subjectAltName=DNS:localhost,IP:127.0.0.1') -out "$work/server.crt" 2> /dev/null
pem() { awk '{printf "%s\\n", $0}' "$1"; }
printf 'server_key: "%s"\nserver_cert: "%s"\n' "$(pem "$work/server.key")" "$(pem "$work/server.crt")" > "$work/ssl.pbtxt"

# An API key, and a JWT signed with an RSA key whose public half is the JWKS.
token=$(openssl rand -hex 32)
printf 'api_key { name: "bench" sha256: "%s" models: "half_plus_two" }\n' "$(printf %s "$token" | sha256sum | cut -d' ' -f1)" > "$work/apikey.pbtxt"
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
openssl genrsa -out "$work/jwt.key" 2048 2> /dev/null
modulus=$(openssl rsa -in "$work/jwt.key" -noout -modulus | cut -d= -f2 | xxd -r -p | b64url)
printf '{"keys":[{"kty":"RSA","kid":"bench","use":"sig","alg":"RS256","n":"%s","e":"AQAB"}]}' "$modulus" > "$work/jwks.json"
printf 'jwt { jwks_file: "jwks.json" issuer: "https://bench.test/" audience: "sealserve" }\n' > "$work/jwt.pbtxt"
signing_input="$(printf '{"alg":"RS256","typ":"JWT","kid":"bench"}' | b64url).$(printf '{"sub":"bench","iss":"https://bench.test/","aud":"sealserve","exp":%d,"models":["half_plus_two"]}' $(( $(date +%s) + 86400 )) | b64url)"
jwt="$signing_input.$(printf %s "$signing_input" | openssl dgst -sha256 -sign "$work/jwt.key" -binary | b64url)"

serve() { dotnet src/SealServe.Cli/bin/Release/net10.0/sealserve.dll serve --model_name=half_plus_two --model_base_path=examples/half_plus_two \
  --port="${port[$1]}" --rest_api_port="$(( ${port[$1]} + 1 ))" "${@:2}" > "$work/$1.log" 2>&1 & echo $!; }
declare -A pid
pid[plain]=$(serve plain)
pid[tls]=$(serve tls --ssl_config_file="$work/ssl.pbtxt" --rest_api_ssl_config_file="$work/ssl.pbtxt")
pid[apikey]=$(serve apikey --auth_config_file="$work/apikey.pbtxt")
pid[jwt]=$(serve jwt --auth_config_file="$work/jwt.pbtxt")
pid[both]=$(serve both --ssl_config_file="$work/ssl.pbtxt" --rest_api_ssl_config_file="$work/ssl.pbtxt" --auth_config_file="$work/apikey.pbtxt")
trap 'kill ${pid[*]} 2> /dev/null; rm -rf "$work"' EXIT
for c in "${configs[@]}"; do
  until grep -q "Exporting HTTP/REST API" "$work/$c.log"; do kill -0 "${pid[$c]}" || { cat "$work/$c.log"; exit 1; }; sleep 0.5; done
done

scheme() { case $1 in tls | both) echo https ;; *) echo http ;; esac; }
bearer() { case $1 in apikey | both) echo "$token" ;; jwt) echo "$jwt" ;; esac; }
# A Predict of [1.0, 2.0, 5.0] in gRPC's length-prefixed framing (PredictRequest, encoded by hand).
echo 000000002e0a0f0a0d68616c665f706c75735f74776f121b0a0178121608011204120208032a0c0000803f000000400000a040 | xxd -r -p > "$work/predict.grpc"

# Each configuration must answer right before it is timed: REST 200 with the predictions, gRPC grpc-status 0.
for c in "${configs[@]}"; do
  auth=(); if [ -n "$(bearer "$c")" ]; then auth=(-H "Authorization: Bearer $(bearer "$c")"); fi
  curl -sf --cacert "$work/ca.crt" "${auth[@]}" -d '{"instances": [1.0, 2.0, 5.0]}' "$(scheme "$c")://127.0.0.1:$(( ${port[$c]} + 1 ))/v1/models/half_plus_two:predict" | grep -q '2.5, 3.0, 4.5' \
    || { echo "$c: REST predict failed"; exit 1; }
  if [ "$(scheme "$c")" = https ]; then h2=(--cacert "$work/ca.crt" --http2); else h2=(--http2-prior-knowledge); fi
  curl -s "${h2[@]}" "${auth[@]}" -H 'content-type: application/grpc' -H 'te: trailers' --data-binary @"$work/predict.grpc" -D - -o /dev/null \
    "$(scheme "$c")://127.0.0.1:${port[$c]}/tensorflow.serving.PredictionService/Predict" | grep -qi '^grpc-status: 0' || { echo "$c: gRPC predict failed"; exit 1; }
done

cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # clock ticks (100/s)
# One load: prints "requests/s CPU-µs-per-request".
rest() { local c=$1 c0 out lua="$work/$1.lua"
  printf 'wrk.method = "POST"\nwrk.body = %s\nwrk.headers["Content-Type"] = "application/json"\n' "'{\"instances\": [1.0, 2.0, 5.0]}'" > "$lua"
  if [ -n "$(bearer "$c")" ]; then printf 'wrk.headers["Authorization"] = "Bearer %s"\n' "$(bearer "$c")" >> "$lua"; fi
  c0=$(cpu "${pid[$c]}"); out=$(wrk -t2 -c32 -d"${seconds}s" -s "$lua" "$(scheme "$c")://127.0.0.1:$(( ${port[$c]} + 1 ))/v1/models/half_plus_two:predict")
  grep -q "Non-2xx" <<< "$out" && { echo "$c: REST errors under load" >&2; exit 1; }
  awk -v c="$(( $(cpu "${pid[$c]}") - c0 ))" '/requests in/ {n = $1} /Requests\/sec/ {printf "%s %.1f\n", $2, c * 10000 / n}' <<< "$out"; }
grpc() { local c=$1 c0 out auth=()
  if [ -n "$(bearer "$c")" ]; then auth=(-H "authorization: Bearer $(bearer "$c")"); fi
  c0=$(cpu "${pid[$c]}"); out=$(h2load -t2 -c4 -m8 -D"$seconds" "${auth[@]}" -H 'content-type: application/grpc' -H 'te: trailers' -d "$work/predict.grpc" \
    "$(scheme "$c")://127.0.0.1:${port[$c]}/tensorflow.serving.PredictionService/Predict")
  awk -v c="$(( $(cpu "${pid[$c]}") - c0 ))" '/^requests:/ {n = $8} /^finished in/ {r = $4} END {printf "%s %.1f\n", r, c * 10000 / n}' <<< "$out"; }

for c in "${configs[@]}"; do rest "$c" > /dev/null; grpc "$c" > /dev/null; done   # warm up (tiered JIT)
uptime
: > "$work/results"
for ((i = 0; i < rounds; i++)); do
  for transport in rest grpc; do
    line="$transport"
    declare -A r=()
    for ((k = 0; k < ${#configs[@]}; k++)); do c=${configs[$(( (i + k) % ${#configs[@]} ))]}; r[$c]=$($transport "$c"); done
    for c in "${configs[@]}"; do line="$line ${r[$c]}"; done
    echo "$line" | tee -a "$work/results"
  done
done
uptime
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
for transport in rest grpc; do
  rows=$(grep "^$transport " "$work/results")
  for k in "${!configs[@]}"; do
    rps=$(( 2 + 2 * k )); us=$(( 3 + 2 * k ))
    echo "$transport ${configs[$k]}: $(awk -v f=$rps '{print $f}' <<< "$rows" | median) req/s, CPU $(awk -v f=$us '{print $f}' <<< "$rows" | median) µs/req," \
      "ratio to plain: throughput $(awk -v f=$rps '{print $f / $2}' <<< "$rows" | median), CPU/req $(awk -v f=$us '{print $f / $3}' <<< "$rows" | median)"
  done
done
