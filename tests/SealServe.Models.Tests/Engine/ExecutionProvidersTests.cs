using SealServe.Core.Errors;
using SealServe.Models.Engine;

namespace SealServe.Models.Tests.Engine;

public sealed class ExecutionProvidersTests
{
    [Fact]
    public void Get_CpuAnyCase_TheCpuProvider()
    {
        var providers = new ExecutionProviders([CpuExecutionProvider.Instance]);

        Assert.Same(CpuExecutionProvider.Instance, providers.Get("CPU"));
    }

    [Fact]
    public void Get_UnknownName_InvalidArgumentNamingKnownProviders()
    {
        var providers = new ExecutionProviders([CpuExecutionProvider.Instance]);

        var error = Assert.Throws<ServingException>(() => providers.Get("cuda"));

        Assert.Equal((StatusCode.InvalidArgument, "Unknown execution provider 'cuda'; available: cpu."), (error.Code, error.Message));
    }
}
