using System.CommandLine;
using SealServe.Cli.Commands.Serve;

var root = new RootCommand("SealServe: a TensorFlow Serving-compatible model server for sealed (encrypted) models.")
{
    new ServeCommand(Console.Out),
};

// The server handles SIGTERM / Ctrl+C itself (graceful shutdown), so the parser must not.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
