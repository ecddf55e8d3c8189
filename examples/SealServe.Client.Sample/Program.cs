// Calls the demo model (half_plus_two: y = 0.5·x + 2) of a running server both ways, TF Serving's API and KServe v2,
// each over gRPC and REST. Usage: dotnet run --project examples/SealServe.Client.Sample [-- <grpc address> <rest address>]
using SealServe.Client.Sample;

var grpc = new Uri(args.Length > 0 ? args[0] : "http://localhost:8500");
var rest = new Uri(args.Length > 1 ? args[1] : "http://localhost:8501");
await DemoCalls.RunAsync(grpc, rest, Console.Out);
