using System.CommandLine;

namespace SealServe.Cli.Commands.Warmup;

/// <summary><c>sealserve warmup</c>: tools for TF Serving warmup files.</summary>
internal sealed class WarmupCommand : Command
{
    public WarmupCommand(TextWriter output, TextWriter error)
        : base("warmup", "Work with warmup files (assets.extra/tf_serving_warmup_requests).")
    {
        Subcommands.Add(new WarmupRecordCommand(output, error));
    }
}
