namespace SealServe.Sealing.Tests.Keys;

/// <summary>The key 00 01 02 … 1f in every text form, with its id computed independently (Python hashlib).</summary>
internal static class KnownKey
{
    public const string Id = "8160e6730d52b6f1";
    public const string Base64 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    public const string Hex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    public const string FileText = "# a comment\n\nsealserve-key-v1:" + Base64 + "\n";

    public static byte[] Bytes => [.. Enumerable.Range(0, 32).Select(i => (byte)i)];
}
