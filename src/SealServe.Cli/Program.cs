using System.CommandLine;
using SealServe.Cli.Commands.Convert;
using SealServe.Cli.Commands.Inspect;
using SealServe.Cli.Commands.Keys;
using SealServe.Cli.Commands.Rekey;
using SealServe.Cli.Commands.Seal;
using SealServe.Cli.Commands.Serve;
using SealServe.Cli.Commands.Unseal;
using SealServe.Cli.Commands.Warmup;
using Spectre.Console;

var serve = new ServeCommand(Console.Error);
var root = new RootCommand("SealServe: a TensorFlow Serving-compatible model server for sealed (encrypted) models.")
{
    serve,
    new KeysCommand(Console.Out, Console.Error),
    new SealCommand(AnsiConsole.Console, Console.Out, Console.Error, TimeProvider.System),
    new UnsealCommand(AnsiConsole.Console, Console.Out, Console.Error),
    new RekeyCommand(Console.Out, Console.Error),
    new InspectCommand(Console.Out, Console.Error, TimeProvider.System),
    new WarmupCommand(Console.Out, Console.Error),
    new ConvertCommand(Console.Out, Console.Error),
};

// The server handles SIGTERM / Ctrl+C itself (graceful shutdown), so the parser must not.
return await root.Parse(serve.SpellBooleans(args)).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
