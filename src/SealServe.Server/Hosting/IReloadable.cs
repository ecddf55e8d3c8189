namespace SealServe.Server.Hosting;

/// <summary>A part built from files that <see cref="ConfigReloader"/> checks for changes while the server runs.</summary>
internal interface IReloadable
{
    /// <summary>Builds the part again if its files changed; a failure keeps what was in effect and is logged, never thrown.</summary>
    void ReloadIfChanged();
}
