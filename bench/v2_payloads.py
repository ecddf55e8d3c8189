#!/usr/bin/env python3
"""Request bodies for bench/v2_overhead.sh, written from the protocols' field numbers (no protobuf package needed).

Usage: v2_payloads.py OUT_DIR MODEL INPUT SHAPE...   e.g. v2_payloads.py /tmp/p half_plus_two x 3
Writes OUT_DIR/MODEL.{tf.grpc,v2.grpc,v2.json,v2.bin,v2.bin.len}: gRPC frames of a TF Serving PredictRequest
(tensor_content) and a v2 ModelInferRequest (raw_input_contents), and v2 REST bodies as JSON and as binary data.
The same float32 values (a fixed ramp) go into every body."""
import json, math, os, struct, sys

def varint(n):
    out = bytearray()
    n &= (1 << 64) - 1
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)

def field(number, payload):          # length-delimited field (wire type 2)
    return varint(number << 3 | 2) + varint(len(payload)) + payload

def number(number_, value):          # varint field (wire type 0)
    return varint(number_ << 3) + varint(value)

def grpc_frame(message):
    return b"\x00" + struct.pack(">I", len(message)) + message

out, model, name, shape = sys.argv[1], sys.argv[2], sys.argv[3], [int(d) for d in sys.argv[4:]]
count = math.prod(shape)
values = [((i * 7) % 255) / 255.0 for i in range(count)]
raw = struct.pack(f"<{count}f", *values)
base = os.path.join(out, model)

# tensorflow.serving.PredictRequest: model_spec(1){name(1)}, inputs(2) map entry{key(1), value(2) TensorProto{
# dtype(1)=DT_FLOAT(1), tensor_shape(2){dim(2){size(1)}}, tensor_content(4)}}
shape_proto = b"".join(field(2, number(1, d)) for d in shape)
tensor = number(1, 1) + field(2, shape_proto) + field(4, raw)
predict = field(1, field(1, model.encode())) + field(2, field(1, name.encode()) + field(2, tensor))
open(base + ".tf.grpc", "wb").write(grpc_frame(predict))

# inference.ModelInferRequest: model_name(1), inputs(5){name(1), datatype(2), shape(3) packed}, raw_input_contents(7)
packed = b"".join(varint(d) for d in shape)
infer_input = field(1, name.encode()) + field(2, b"FP32") + field(3, packed)
infer = field(1, model.encode()) + field(5, infer_input) + field(7, raw)
open(base + ".v2.grpc", "wb").write(grpc_frame(infer))

# v2 REST: JSON data (floats printed as float32 round-trips), and the binary tensor data extension.
data = ",".join(repr(struct.unpack("<f", struct.pack("<f", v))[0]) for v in values)
open(base + ".v2.json", "w").write(f'{{"inputs":[{{"name":"{name}","shape":{json.dumps(shape)},"datatype":"FP32","data":[{data}]}}]}}')
header = json.dumps({"inputs": [{"name": name, "shape": shape, "datatype": "FP32", "parameters": {"binary_data_size": len(raw)}}],
                     "parameters": {"binary_data_output": True}}, separators=(",", ":")).encode()
open(base + ".v2.bin", "wb").write(header + raw)
open(base + ".v2.bin.len", "w").write(str(len(header)))
