using SealServe.Sealing.Tools;
using Spectre.Console;

namespace SealServe.Cli.Commands;

/// <summary>
/// Progress bars for large files on a terminal (Spectre.Console draws nothing when the output is not
/// interactive, so logs and pipes stay clean). Small files finish too fast for a bar to help.
/// </summary>
internal sealed class ConsoleFileProgress(ProgressContext context, string verb) : IProgress<FileProgress>
{
    private const long LargeFile = 16L << 20;

    private readonly Dictionary<string, ProgressTask> tasks = new(StringComparer.Ordinal);

    /// <summary>Runs <paramref name="work"/> with progress bars on <paramref name="console"/>.</summary>
    public static T Run<T>(IAnsiConsole console, string verb, Func<IProgress<FileProgress>, T> work) =>
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn())
            .Start(context => work(new ConsoleFileProgress(context, verb)));

    public void Report(FileProgress value)
    {
        if (value.Total < LargeFile)
        {
            return;
        }

        if (!tasks.TryGetValue(value.File, out var task))
        {
            task = context.AddTask($"{verb} {Markup.Escape(Path.GetFileName(value.File))}", maxValue: value.Total);
            tasks.Add(value.File, task);
        }

        task.Value = value.Done;
    }
}
