// An independent Open Inference Protocol (KServe v2) client: grpc-js with proto-loader compiles the .proto at run time
// (no SealServe code involved) and calls inference.GRPCInferenceService. Prints one JSON object of what it saw.
// Usage: node client.js <host:port> <path to grpc_predict_v2.proto>
'use strict';
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const [address, protoPath] = process.argv.slice(2);
const definition = protoLoader.loadSync(protoPath, { keepCase: true, longs: String, enums: String, defaults: true });
const inference = grpc.loadPackageDefinition(definition).inference;
const client = new inference.GRPCInferenceService(address, grpc.credentials.createInsecure());
const call = (method, request) => new Promise((resolve, reject) =>
  client[method](request, { deadline: Date.now() + 30000 }, (error, response) => (error ? reject(error) : resolve(response))));

(async () => {
  const live = await call('ServerLive', {});
  const metadata = await call('ModelMetadata', { name: 'half_plus_two' });

  const x = Float32Array.from([1, 2, 5]);
  const raw = await call('ModelInfer', {
    model_name: 'half_plus_two', id: 'grpc-js',
    inputs: [{ name: 'x', datatype: 'FP32', shape: [3] }],
    raw_input_contents: [Buffer.from(x.buffer)],
  });
  const bytes = raw.raw_output_contents[0];
  const rawY = Array.from(new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)));

  const typed = await call('ModelInfer', {
    model_name: 'half_plus_two',
    inputs: [{ name: 'x', datatype: 'FP32', shape: [2], contents: { fp32_contents: [4, 6] } }],
  });

  let error = null;
  try {
    await call('ModelInfer', { model_name: 'half_plus_two', inputs: [{ name: 'nope', datatype: 'FP32', shape: [1], contents: { fp32_contents: [1] } }] });
  } catch (e) {
    error = { code: grpc.status[e.code], details: e.details };
  }

  console.log(JSON.stringify({
    live: live.live,
    platform: metadata.platform,
    inputs: metadata.inputs.map(t => ({ name: t.name, datatype: t.datatype, shape: t.shape.map(Number) })),
    raw: { id: raw.id, version: raw.model_version, name: raw.outputs[0].name, shape: raw.outputs[0].shape.map(Number), y: rawY },
    typed: typed.outputs[0].contents.fp32_contents,
    error,
  }));
  client.close();
})().catch(e => { console.error(e); process.exit(1); });
