using SealServe.Core.Errors;
using SealServe.Sealing.Keys;

namespace SealServe.Sealing.Tests.Keys;

public sealed class CommandKeyProviderTests
{
    [Fact]
    public void Load_CommandPrintsTheKey_GivesIt()
    {
        using var key = new CommandKeyProvider().Load(KeySource.Command($"echo '# from a vault'; printf '%s\\n' {KnownKey.Hex}"));

        Assert.Equal(KnownKey.Id, key.Id);
    }

    [Fact]
    public void Load_CommandFails_ReportsTheExitCodeButNeverTheCommand()
    {
        var error = Assert.Throws<ServingException>(() => new CommandKeyProvider().Load(KeySource.Command("echo token=s3cr3t >/dev/null; exit 3")));

        Assert.Equal(StatusCode.FailedPrecondition, error.Code);
        Assert.Equal("--key_command: the command failed with exit code 3", error.Message);
    }

    [Fact]
    public void Load_CommandNotFound_Fails()
    {
        var error = Assert.Throws<ServingException>(() => new CommandKeyProvider().Load(KeySource.Command("/no/such/kms-cli --decrypt")));

        Assert.Equal("--key_command: the command failed with exit code 127", error.Message);
    }

    [Fact]
    public void Load_CommandHangs_FailsAfterTheTimeout()
    {
        var error = Assert.Throws<ServingException>(() => new CommandKeyProvider(TimeSpan.FromMilliseconds(300)).Load(KeySource.Command("sleep 30")));

        Assert.Equal("--key_command: the command did not finish within 0 s", error.Message);
    }

    [Fact]
    public void Load_CommandPrintsSomethingElse_FailsWithoutEchoingIt()
    {
        var error = Assert.Throws<ServingException>(() => new CommandKeyProvider().Load(KeySource.Command("echo permission-denied-for-token-xyz")));

        Assert.Equal("--key_command: the key line is not a 32-byte key in base64 or hex", error.Message);
    }

    [Fact]
    public void Load_CommandPrintsTooMuch_Fails()
    {
        var error = Assert.Throws<ServingException>(() => new CommandKeyProvider().Load(KeySource.Command("yes | head -c 200000")));

        Assert.Equal("--key_command: the command printed more than 65536 bytes", error.Message);
    }
}
