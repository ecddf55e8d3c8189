using System.Diagnostics;
using Xunit;

namespace SealServe.TestKit;

/// <summary>Runs the <c>openssl enc</c> command line: an encryption that is not ours, as the old TF Serving fork's tool produced (legacy cryptpb fixtures).</summary>
public static class OpenSsl
{
    public static byte[] EncryptAes128Cbc(byte[] plaintext, byte[] key, byte[] iv)
    {
        var folder = Directory.CreateTempSubdirectory("sealserve-openssl-");
        try
        {
            var input = Path.Combine(folder.FullName, "plain");
            var output = Path.Combine(folder.FullName, "encrypted");
            File.WriteAllBytes(input, plaintext);
            using var process = Process.Start(new ProcessStartInfo(
                "openssl",
                ["enc", "-aes-128-cbc", "-K", Convert.ToHexString(key), "-iv", Convert.ToHexString(iv), "-in", input, "-out", output])
            {
                RedirectStandardError = true,
            })!;
            var errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"openssl enc failed: {errors}");
            return File.ReadAllBytes(output);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
