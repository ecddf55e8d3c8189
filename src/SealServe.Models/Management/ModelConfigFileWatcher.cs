using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SealServe.Core.Errors;
using SealServe.Models.Config;
using SealServe.Models.Diagnostics;

namespace SealServe.Models.Management;

/// <summary>
/// Re-reads <c>--model_config_file</c> every <c>--model_config_file_poll_wait_seconds</c> and applies it when
/// its text changed. A file that does not parse, or a change that is refused, is logged and the previous
/// config stays in effect.
/// </summary>
public sealed class ModelConfigFileWatcher(
    ModelRepositoryWatcher models,
    IOptions<ModelServingOptions> options,
    TimeProvider time,
    ILogger<ModelConfigFileWatcher> logger) : BackgroundService
{
    private readonly ModelServingOptions options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.ModelConfigFile is not { } path || options.ModelConfigFilePollWaitSeconds <= 0)
        {
            return;
        }

        string? seen = null;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.ModelConfigFilePollWaitSeconds), time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            // Parse only when the text changed, and apply only when the models did; a refused text is
            // reported once, not every poll.
            var text = await ReadAsync(path, stoppingToken).ConfigureAwait(false);
            if (text is null || text == seen)
            {
                continue;
            }

            seen = text;
            try
            {
                var config = ModelServerConfigLoader.Parse(text, path);
                if (!config.Equals(models.Current))
                {
                    await models.ReloadAsync(config, stoppingToken).ConfigureAwait(false);
                    ModelsLog.ConfigReloaded(logger, path, config.Models.Count);
                }
            }
            catch (ServingException e)
            {
                ModelsLog.ConfigReloadFailed(logger, path, e.Message);
            }
        }
    }

    private async Task<string?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            ModelsLog.ConfigReloadFailed(logger, path, e.Message);
            return null;
        }
    }
}
