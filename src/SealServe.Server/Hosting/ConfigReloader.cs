using Microsoft.Extensions.Hosting;

namespace SealServe.Server.Hosting;

/// <summary>Checks every <see cref="IReloadable"/> once a second, so certificates and access keys rotate without a restart.</summary>
internal sealed class ConfigReloader(IEnumerable<IReloadable> parts, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var all = parts.ToArray();
        if (all.Length == 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            foreach (var part in all)
            {
                part.ReloadIfChanged();
            }
        }
    }
}
