using SealServe.Core.Errors;

namespace SealServe.Cli.Commands;

/// <summary>Runs a tool verb: its failures (ServingException, file errors) become one line on standard error and exit code 1.</summary>
internal static class ToolRunner
{
    public const int Failure = 1;

    public static int Run(TextWriter error, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (ServingException e)
        {
            error.WriteLine($"sealserve: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"sealserve: {e.Message}");
        }

        return Failure;
    }
}
