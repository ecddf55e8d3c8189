namespace SealServe.Sealing.Diagnostics;

/// <summary>Event ids of SealServe.Sealing (the 2xxx block).</summary>
internal static class EventIds
{
    public const int KeysLoaded = 2001;
    public const int ProcessHardened = 2002;
    public const int HardeningUnavailable = 2003;
    public const int Unsealed = 2004;
    public const int LegacyDecrypted = 2005;
    public const int KeyFileExposed = 2006;
}
