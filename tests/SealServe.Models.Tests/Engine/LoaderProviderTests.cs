using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using SealServe.Core.Errors;
using SealServe.Models.Engine;
using SealServe.Models.Loading;
using SealServe.Models.Sources;
using SealServe.Sealing;
using SealServe.Sealing.Storage;
using SealServe.TestKit;

namespace SealServe.Models.Tests.Engine;

/// <summary>Both loaders open their sessions on the configured provider, and refuse an unknown one when they are built.</summary>
public sealed class LoaderProviderTests
{
    [Fact]
    public void OnnxModelLoader_ConfiguredProvider_AppendedToTheSession()
    {
        var provider = new RecordingProvider();
        var folder = Directory.CreateTempSubdirectory("sealserve-provider-").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(folder, OnnxModelLoader.FileName), TestModels.HalfPlusTwo());
            var loader = new OnnxModelLoader(RecordingEngine(), new ExecutionProviders([CpuExecutionProvider.Instance, provider]));

            using var servable = loader.Load(new VersionDirectory(1, new FolderVersion(folder)), new PlainVersionFiles(new FolderVersion(folder)), CancellationToken.None);

            Assert.Equal(1, provider.Appended);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void SavedModelLoader_ConfiguredProvider_AppendedToTheSession()
    {
        var provider = new RecordingProvider();
        var folder = Corpus.Require("tfserving/saved_model_half_plus_two_cpu/00000123");
        var loader = new SavedModelLoader(RecordingEngine(), new ExecutionProviders([CpuExecutionProvider.Instance, provider]), Options.Create(new ModelServingOptions()));

        using var servable = loader.Load(new VersionDirectory(123, new FolderVersion(folder)), new PlainVersionFiles(new FolderVersion(folder)), CancellationToken.None);

        Assert.True(provider.Appended >= 1);
    }

    [Fact]
    public void Loaders_UnknownProvider_InvalidArgumentWhenBuilt()
    {
        var options = new EngineOptions { ExecutionProvider = "cuda" };

        var onnx = Assert.Throws<ServingException>(() => new OnnxModelLoader(options, ExecutionProviders.CpuOnly));
        var savedModel = Assert.Throws<ServingException>(() => new SavedModelLoader(options, ExecutionProviders.CpuOnly, Options.Create(new ModelServingOptions())));

        Assert.Equal((StatusCode.InvalidArgument, StatusCode.InvalidArgument), (onnx.Code, savedModel.Code));
        Assert.Contains("'cuda'", savedModel.Message, StringComparison.Ordinal);
    }

    private static EngineOptions RecordingEngine() => new() { ExecutionProvider = RecordingProvider.ProviderName, IntraOpThreads = 1 };

    /// <summary>A CPU provider that counts the sessions it was appended to.</summary>
    private sealed class RecordingProvider : IExecutionProvider
    {
        public const string ProviderName = "recording";

        public int Appended { get; private set; }

        public string Name => ProviderName;

        public void Append(SessionOptions sessionOptions, EngineOptions options) => Appended++;
    }
}
