using SealServe.LoadTest.Commands;
using Spectre.Console;

// Logs and reports are read from files as often as from terminals: never wrap them at 80 columns.
if (Console.IsOutputRedirected)
{
    AnsiConsole.Profile.Width = 240;
}

return await new SuiteCommand(args).Parse(args).InvokeAsync();
